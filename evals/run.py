"""Run every scenario offline and print the scorecard.

python -m evals.run [-k TEXT] [-v]

Each scenario builds a playbook through `Consultant.build` with the model
mocked by respx (an unmocked request fails, so nothing reaches the network),
then scores two things: whether every node ended as expected (accepted, or
fell back for the expected reason), and figure integrity: the bundle with its
prose stripped equals the offline engine's, a fallen-back deliverable equals
the engine's word for word, and accepted prose states only figures the
engine's deliverable or the user's inputs state. Exits 1 if anything fails.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import respx
from pydantic import BaseModel

from agent.bundle import PlaybookBundle
from agent.consultant import Consultant
from agent.context import build_context
from agent.engine import DELIVERABLE_NODES, build_bundle
from agent.profile import CompanyProfile
from agent.tailoring import allowed_numbers, prose_items, unlisted_numbers
from agent.tailoring.texts import prose_paths
from evals.behaviours import ModelServer
from evals.cases import SCENARIOS, Expect, Scenario
from tests.model_fakes import COMPLETIONS_URL, model_settings

PROSE = "<prose>"
DASHBOARD = "metrics_dashboard"


@dataclass(frozen=True)
class NodeResult:
    """How one node ended against what the scenario expected."""

    node: str
    expect: Expect
    used_model: bool
    fallback_reason: str | None
    calls: int
    calls_expected: int

    @property
    def met(self) -> bool:
        return self.calls == self.calls_expected and self.expect.met_by(
            self.used_model, self.fallback_reason
        )

    def describe(self) -> str:
        """Return what happened, for the scorecard's list of misses."""
        got = "accepted" if self.used_model else f"fell back: {self.fallback_reason}"
        calls = f" ({self.calls} calls, expected {self.calls_expected})"
        return f"{self.node}: expected {self.expect}, got {got}{calls}"


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's nodes, its integrity problems and how long it took."""

    scenario: Scenario
    nodes: tuple[NodeResult, ...]
    missing: tuple[str, ...]
    integrity_problems: tuple[str, ...]
    seconds: float

    @property
    def accepted(self) -> int:
        return sum(node.used_model for node in self.nodes)

    @property
    def fell_back(self) -> int:
        return len(self.nodes) - self.accepted

    @property
    def expectations_met(self) -> bool:
        return not self.missing and all(node.met for node in self.nodes)

    @property
    def intact(self) -> bool:
        return not self.integrity_problems

    @property
    def passed(self) -> bool:
        return self.expectations_met and self.intact


def run_scenario(scenario: Scenario) -> ScenarioResult:
    """Build the scenario's playbook with its fake model and score it."""
    profile = scenario.load_profile()
    settings = model_settings(concurrency=8, **scenario.settings)
    server = ModelServer(scenario.model, scenario.nodes, settings.structured_output)
    started = time.perf_counter()
    with respx.mock(assert_all_called=False) as router, Consultant(settings) as agent:
        router.post(COMPLETIONS_URL).mock(side_effect=server)
        try:
            bundle = agent.build(profile)
        finally:
            agent.tailor.close()
    seconds = time.perf_counter() - started
    nodes = tuple(
        _node_result(scenario, bundle, node.name, server.calls[node.name])
        for node in DELIVERABLE_NODES
    )
    prose = " ".join(prose_texts(bundle))
    missing = tuple(words for words in scenario.shows if words not in prose)
    problems = tuple(integrity_problems(bundle, profile))
    return ScenarioResult(scenario, nodes, missing, problems, seconds)


def prose_texts(bundle: PlaybookBundle) -> Iterable[str]:
    """Yield every tailored text of the bundle."""
    for node in DELIVERABLE_NODES:
        yield from (item.text for item in prose_items(getattr(bundle, node.bundle_key)))


def _node_result(
    scenario: Scenario, bundle: PlaybookBundle, node: str, calls: int
) -> NodeResult:
    report = bundle.meta.nodes[node]
    return NodeResult(
        node,
        scenario.expected(node),
        report.used_model,
        report.fallback_reason,
        calls,
        scenario.calls_per_node,
    )


# Figure integrity


def integrity_problems(bundle: PlaybookBundle, profile: CompanyProfile) -> list[str]:
    """Return every way the bundle's figures differ from the offline engine's."""
    offline = build_bundle(profile)
    problems = [
        f"structured field {path} differs from the engine's"
        for path in differing_paths(structured(bundle), structured(offline))
    ]
    if bundle.profile != offline.profile:
        problems.append("the profile differs from the one given")
    context = build_context(profile)
    for node in DELIVERABLE_NODES:
        tailored = getattr(bundle, node.bundle_key)
        engine = getattr(offline, node.bundle_key)
        report = bundle.meta.nodes.get(node.name)
        if report is not None and report.used_model:
            allowed = allowed_numbers(engine, context)
            problems += [
                f"{node.name}: {item.key} states {figure!r}, which the engine "
                "never stated"
                for item in prose_items(tailored)
                for figure in unlisted_numbers(item.text, allowed)
            ]
        elif tailored != engine:
            problems.append(f"{node.name} fell back but differs from the engine's")
    return problems


def structured(bundle: PlaybookBundle) -> dict[str, Any]:
    """Return every deliverable dumped with each prose field set to PROSE."""
    keys = [node.bundle_key for node in DELIVERABLE_NODES] + [DASHBOARD]
    return {key: strip_prose(getattr(bundle, key)) for key in keys}


def strip_prose(deliverable: BaseModel) -> Any:
    """Return the deliverable dumped with every prose field, empty or not, blanked."""
    patterns = [pattern.split(".") for pattern in prose_paths(deliverable)]
    return _blank(deliverable.model_dump(mode="json"), [], patterns)


def _blank(value: Any, path: list[str], patterns: list[list[str]]) -> Any:
    if isinstance(value, dict):
        return {k: _blank(v, [*path, k], patterns) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank(v, [*path, str(i)], patterns) for i, v in enumerate(value)]
    return PROSE if any(_matches(path, p) for p in patterns) else value


def _matches(path: list[str], pattern: list[str]) -> bool:
    return len(path) == len(pattern) and all(
        want in (part, "*") for want, part in zip(pattern, path, strict=True)
    )


def differing_paths(left: Any, right: Any, path: str = "") -> list[str]:
    """Return the dotted paths where two dumped values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        keys = sorted(set(left) | set(right))
        return [
            p
            for k in keys
            for p in differing_paths(left.get(k), right.get(k), f"{path}.{k}")
        ]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [
            p
            for i, (a, b) in enumerate(zip(left, right, strict=True))
            for p in differing_paths(a, b, f"{path}.{i}")
        ]
    return [] if left == right else [path.lstrip(".")]


# The scorecard


@dataclass(frozen=True)
class Totals:
    """The whole run in four rates."""

    scenarios: int
    intact: int
    nodes: int
    nodes_met: int
    fell_back: int
    seconds: float

    @classmethod
    def of(cls, results: Sequence[ScenarioResult], seconds: float) -> Totals:
        nodes = [node for result in results for node in result.nodes]
        return cls(
            scenarios=len(results),
            intact=sum(result.intact for result in results),
            nodes=len(nodes),
            nodes_met=sum(node.met for node in nodes),
            fell_back=sum(not node.used_model for node in nodes),
            seconds=seconds,
        )

    @property
    def passed(self) -> bool:
        return self.intact == self.scenarios and self.nodes_met == self.nodes


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def scorecard(results: Sequence[ScenarioResult], totals: Totals) -> list[str]:
    """Return the scorecard's lines: one row per scenario, then the totals."""
    width = max(len(result.scenario.name) for result in results)
    header = f"{'scenario':<{width}}  {'profile':<16} acc  fb  expected  figures  time"
    lines = [header, "-" * len(header)]
    lines += [_row(result, width) for result in results]
    lines += ["-" * len(header), *_total_lines(totals)]
    lines += list(_misses(results))
    return lines


def _row(result: ScenarioResult, width: int) -> str:
    met = "met" if result.expectations_met else "MISSED"
    intact = "intact" if result.intact else "BROKEN"
    return (
        f"{result.scenario.name:<{width}}  {result.scenario.profile:<16} "
        f"{result.accepted:>3} {result.fell_back:>3}  {met:<8}  {intact:<7} "
        f"{result.seconds:4.1f}s"
    )


def _total_lines(totals: Totals) -> list[str]:
    return [
        f"figure integrity:     {totals.intact}/{totals.scenarios} scenarios "
        f"({percent(totals.intact, totals.scenarios)})",
        f"expectation accuracy: {totals.nodes_met}/{totals.nodes} nodes "
        f"({percent(totals.nodes_met, totals.nodes)})",
        f"fallback rate:        {totals.fell_back}/{totals.nodes} nodes "
        f"({percent(totals.fell_back, totals.nodes)})",
        f"time:                 {totals.seconds:.1f} s",
    ]


def _misses(results: Iterable[ScenarioResult]) -> Iterable[str]:
    for result in results:
        for words in result.missing:
            yield f"MISSED {result.scenario.name}: the prose never says {words!r}"
        for node in result.nodes:
            if not node.met:
                yield f"MISSED {result.scenario.name}: {node.describe()}"
        for problem in result.integrity_problems:
            yield f"BROKEN {result.scenario.name}: {problem}"


def run_all(scenarios: Sequence[Scenario]) -> tuple[list[ScenarioResult], Totals]:
    """Run the scenarios in order and total them."""
    started = time.perf_counter()
    results = [run_scenario(scenario) for scenario in scenarios]
    return results, Totals.of(results, time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite, print the scorecard and return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m evals.run", description=__doc__)
    parser.add_argument("-k", default="", help="run scenarios whose name has TEXT")
    parser.add_argument("-v", action="store_true", help="show the tailor's log")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.v else logging.CRITICAL)
    chosen = [s for s in SCENARIOS if args.k in s.name]
    if not chosen:
        parser.error(f"no scenario name contains {args.k!r}")
    results, totals = run_all(chosen)
    print("\n".join(scorecard(results, totals)))
    return 0 if totals.passed else 1


if __name__ == "__main__":
    sys.exit(main())
