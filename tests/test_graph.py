"""The consultant graph run offline: profile in, chat interview, revision."""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph.graph.state import CompiledStateGraph

from agent.consultant import Consultant, Turn
from agent.engine import DELIVERABLE_NODES, build_bundle
from agent.profile import CompanyProfile, load_profile
from agent.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
NODE_NAMES = {node.name for node in DELIVERABLE_NODES}


@pytest.fixture
def consultant(tmp_path: Path) -> Iterator[Consultant]:
    settings = load_settings(data_dir=tmp_path / "data")
    with Consultant(settings) as offline:
        yield offline


@pytest.fixture
def acme() -> CompanyProfile:
    return load_profile(ROOT / "examples" / "acme.yaml")


def deliverables(bundle_json: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bundle_json.items() if k != "meta"}


def test_offline_graph_builds_the_same_bundle_as_the_engine(
    consultant: Consultant, acme: CompanyProfile
) -> None:
    through_graph = consultant.build(acme).model_dump(mode="json")
    engine = build_bundle(acme).model_dump(mode="json")
    assert deliverables(through_graph) == deliverables(engine)
    meta = through_graph["meta"]
    assert meta["model"] == "offline"
    assert meta["warnings"] == engine["meta"]["warnings"]
    assert set(meta["nodes"]) == NODE_NAMES
    assert not any(report["used_model"] for report in meta["nodes"].values())


def test_progress_is_reported_per_node(
    consultant: Consultant, acme: CompanyProfile
) -> None:
    events: list[dict[str, Any]] = []
    consultant.build(acme, on_progress=events.append)
    started = {e["node"] for e in events if e["event"] == "started"}
    finished = {e["node"] for e in events if e["event"] == "finished"}
    assert started == finished == NODE_NAMES


def interview(consultant: Consultant, thread: str, answers: list[str]) -> list[Turn]:
    turns = [consultant.open(thread)]
    for answer in answers:
        turns.append(consultant.send(thread, answer))
    return turns


ANSWERS = [
    "Cartograph Routes - route planning for field-service teams",
    "we're Series A, about $4.2M ARR across 95 customers",
    "2 CSMs",
    "skip",
    "they never finished setup; lost our champion",
    "skip",
]


def test_chat_interview_asks_one_thing_at_a_time_then_builds(
    consultant: Consultant,
) -> None:
    turns = interview(consultant, "t1", ANSWERS)
    assert "product" in turns[0].reply.lower()
    asked = " ".join(t.reply for t in turns[1:3]).lower()
    assert "stage" in asked or "series" in asked
    confirmation = turns[-1]
    assert confirmation.bundle is None
    assert "yes" in confirmation.reply.lower()
    assert "4,200,000" in confirmation.reply
    built = consultant.send("t1", "yes")
    assert built.bundle is not None
    assert built.bundle.profile.company.customers == 95
    assert built.bundle.profile.company.cs_team_size == 2
    assert "playbook for" in built.reply
    assert built.bundle.meta.model == "offline"


def test_interview_never_asks_again_for_what_it_knows(consultant: Consultant) -> None:
    turns = interview(consultant, "t2", ANSWERS)
    later_questions = " ".join(t.reply.split("\n\n")[-1] for t in turns[2:]).lower()
    assert "how many customers" not in later_questions
    assert "what stage" not in later_questions


def test_revision_rebuilds_only_what_the_change_touches(consultant: Consultant) -> None:
    interview(consultant, "t3", ANSWERS)
    before = consultant.send("t3", "yes").bundle
    assert before is not None
    events: list[dict[str, Any]] = []
    after = consultant.send("t3", "we're hiring two CSMs", on_progress=events.append)
    assert after.bundle is not None
    assert after.bundle.capacity_plan.current_team == 4
    rebuilt = {e["node"] for e in events if e["event"] == "started"}
    assert "capacity" in rebuilt
    assert rebuilt < NODE_NAMES
    assert after.bundle.health_model == before.health_model


def test_done_finishes_the_consultation(consultant: Consultant) -> None:
    interview(consultant, "t4", ANSWERS)
    consultant.send("t4", "yes")
    finished = consultant.send("t4", "done")
    assert finished.finished
    assert consultant.send("t4", "hello again").finished


def test_opening_message_is_read_before_the_first_question(
    consultant: Consultant,
) -> None:
    first = consultant.send(
        "t5", "Hi! We're a Series A startup with $3M ARR and 120 customers"
    )
    assert "Got it" in first.reply
    state = consultant.state("t5")
    assert state["draft"]["customers"] == 120


def test_langgraph_json_points_at_a_compiled_graph() -> None:
    config = json.loads((ROOT / "langgraph.json").read_text())
    path, name = config["graphs"]["cs_playbook"].split(":")
    module = runpy.run_path(str(ROOT / path))
    graph = module[name]
    assert isinstance(graph, CompiledStateGraph)
    assert {"assessment", "assemble", "revise"} | NODE_NAMES <= set(graph.nodes)
