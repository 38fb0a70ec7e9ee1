"""The evaluation suite as tests: one per scenario, and the integrity total."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest

from agent.bundle import NodeReport
from agent.engine import DELIVERABLE_NODES, build_bundle
from agent.profile import load_profile
from evals.cases import ACCEPTED, PROFILES, SCENARIOS, scenario_named
from evals.run import ScenarioResult, Totals, integrity_problems, run_scenario

ACME = Path(__file__).resolve().parent.parent / "examples" / "acme.yaml"


@cache
def result(name: str) -> ScenarioResult:
    """Run a scenario once per session, however many tests read it."""
    return run_scenario(scenario_named(name))


@pytest.mark.parametrize("name", [pytest.param(s.name, id=s.name) for s in SCENARIOS])
def test_scenario(name: str) -> None:
    outcome = result(name)
    misses = [node.describe() for node in outcome.nodes if not node.met]
    assert not misses, misses
    assert not outcome.missing, f"the prose never says {outcome.missing}"
    assert outcome.intact, outcome.integrity_problems


def test_figure_integrity_is_total() -> None:
    totals = Totals.of([result(s.name) for s in SCENARIOS], seconds=0.0)
    assert totals.intact == totals.scenarios


def test_every_profile_and_node_is_covered() -> None:
    assert {s.profile for s in SCENARIOS} == set(PROFILES)
    misbehaving = {node for s in SCENARIOS for node in s.nodes}
    assert misbehaving == {node.name for node in DELIVERABLE_NODES}
    methods = {s.settings.get("structured_output", "json_schema") for s in SCENARIOS}
    assert methods == {"json_schema", "function_calling"}


def test_a_wrong_expectation_is_reported() -> None:
    lenient = dataclasses.replace(
        scenario_named("rounded-roi"), expect_nodes={"qbr": ACCEPTED}
    )
    outcome = run_scenario(lenient)
    assert not outcome.expectations_met
    assert outcome.intact


def test_integrity_catches_a_changed_structured_figure() -> None:
    profile = load_profile(ACME)
    bundle = build_bundle(profile)
    bundle.capacity_plan.total_csms_rich += 1
    problems = integrity_problems(bundle, profile)
    assert any("capacity_plan.total_csms_rich" in p for p in problems), problems


def test_integrity_catches_an_invented_figure_in_accepted_prose() -> None:
    profile = load_profile(ACME)
    bundle = build_bundle(profile)
    bundle.meta.nodes["qbr"] = NodeReport(used_model=True)
    bundle.qbr.summary += " Peers report an ROI of 999 %."
    assert integrity_problems(bundle, profile) == [
        "qbr: summary states '999', which the engine never stated"
    ]


def test_integrity_catches_a_fallback_that_kept_model_words() -> None:
    profile = load_profile(ACME)
    bundle = build_bundle(profile)
    bundle.onboarding.summary = "Rewritten by the model."
    assert integrity_problems(bundle, profile) == [
        "onboarding fell back but differs from the engine's"
    ]
