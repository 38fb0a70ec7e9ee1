"""Benchmark the graph's parallelism with a mocked model of fixed latency.

Every model call takes the same fixed delay. Run one after another, the
seven deliverable nodes would take the sum of their delays; run in parallel
they should take about one delay (the slowest node) plus the graph's own
overhead. The script prints the wall time against both, and the offline
build as the zero-latency baseline, all in this process.

Run with `python benchmarks/bench_graph.py [--delay 0.5] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx
import respx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.consultant import Consultant  # noqa: E402
from agent.engine import DELIVERABLE_NODES  # noqa: E402
from agent.profile import load_profile  # noqa: E402
from tests.model_fakes import (  # noqa: E402
    COMPLETIONS_URL,
    model_settings,
    offline_settings,
    rewriting_model,
    tailored,
)


def slow_model(delay: float) -> respx.MockRouter:
    """Return a router whose every answer is a faithful rewrite after `delay` s."""
    answer = rewriting_model(tailored)

    def respond(request: httpx.Request) -> httpx.Response:
        time.sleep(delay)
        return answer(request)

    router = respx.mock(assert_all_called=False)
    router.post(COMPLETIONS_URL).mock(side_effect=respond)
    return router


def wall_time(consultant: Consultant, runs: int) -> tuple[float, int]:
    profile = load_profile(ROOT / "examples" / "acme.yaml")
    times, used = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        bundle = consultant.build(profile)
        times.append(time.perf_counter() - start)
        used = sum(report.used_model for report in bundle.meta.nodes.values())
    return statistics.median(times), used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.5, help="seconds per call")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    nodes = len(DELIVERABLE_NODES)
    with Consultant(offline_settings()) as offline:
        baseline, _ = wall_time(offline, args.runs)
    with (
        slow_model(args.delay),
        Consultant(model_settings(concurrency=nodes)) as mocked,
    ):
        parallel, used = wall_time(mocked, args.runs)
    total = nodes * args.delay
    print(f"One bundle through the graph, median of {args.runs} runs")
    print(f"  offline (no model)           {baseline:7.3f} s")
    print(
        f"  mocked model, {args.delay:.2f} s per call {parallel:7.3f} s "
        f"({used} of {nodes} nodes used the model)"
    )
    ratio = parallel / total
    print(f"  sum of the node delays       {total:7.3f} s  (wall / sum = {ratio:.2f})")
    print(
        f"  slowest single node          {args.delay:7.3f} s  "
        f"(wall / slowest = {parallel / args.delay:.2f})"
    )


if __name__ == "__main__":
    main()
