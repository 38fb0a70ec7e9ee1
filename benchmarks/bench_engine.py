"""Benchmark the engine: one bundle in process, and 100,000 accounts scored.

Each figure is printed with a baseline measured in the same process, so the
ratios hold on any machine:

* bundle: building a bundle from a profile, against re-validating the
  finished bundle (the floor cost of constructing the same pydantic object);
* scoring: the column-wise scorer on 100,000 accounts, against scoring
  accounts one by one with the single-account call (timed on a sample and
  scaled to 100,000).

Run with `make bench` or `python benchmarks/bench_engine.py [--accounts N]`.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from agent.accounts import read_accounts, report_to_json, score_accounts
from agent.bundle import PlaybookBundle
from agent.calculators.health import score_account, score_columns
from agent.calculators.health_model import default_health_model
from agent.engine import build_bundle
from agent.profile import load_profile
from agent.render import render_html, render_markdown

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FOR_BASELINE = 2_000


def timed(action: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of action in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_columns(rows: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Return plausible raw signals for `rows` accounts, with some gaps."""
    rng = np.random.default_rng(seed)
    mau = rng.integers(5, 500, rows).astype(float)
    columns = {
        "arr": rng.lognormal(10.5, 1.2, rows).round(0),
        "dau": (mau * rng.uniform(0, 0.6, rows)).round(0),
        "mau": mau,
        "features_used": rng.integers(0, 12, rows).astype(float),
        "features_available": np.full(rows, 12.0),
        "tickets": rng.poisson(6, rows).astype(float),
        "ticket_sentiment": rng.uniform(-1, 1, rows).round(2),
        "exec_meetings": rng.integers(0, 4, rows).astype(float),
        "nps": rng.integers(0, 11, rows).astype(float),
        "growth_pct": rng.normal(3, 15, rows).round(1),
        "invoices_on_time_pct": rng.uniform(40, 100, rows).round(0),
        "usage_previous": mau,
        "usage_current": (mau * rng.uniform(0.5, 1.3, rows)).round(0),
        "missed_meetings": rng.integers(0, 3, rows).astype(float),
        "seats_purchased": np.full(rows, 50.0),
        "seats_active": rng.integers(10, 50, rows).astype(float),
    }
    for name in ("nps", "ticket_sentiment", "exec_meetings"):
        columns[name][rng.random(rows) < 0.2] = np.nan
    return columns


def bench_bundle(repeat: int) -> None:
    profile = load_profile(ROOT / "examples" / "acme.yaml")
    bundle = build_bundle(profile)
    dumped = bundle.model_dump()
    build = timed(lambda: build_bundle(profile), repeat)
    baseline = timed(lambda: PlaybookBundle.model_validate(dumped), repeat)
    markdown = timed(lambda: render_markdown(bundle), repeat)
    html = timed(lambda: render_html(bundle), repeat)
    print("One bundle in process (examples/acme.yaml), median of", repeat)
    print(f"  build bundle          {build * 1000:8.2f} ms")
    ratio = build / baseline
    print(f"  baseline: re-validate {baseline * 1000:8.2f} ms  (ratio {ratio:.1f}x)")
    print(f"  render Markdown       {markdown * 1000:8.2f} ms")
    print(f"  render HTML           {html * 1000:8.2f} ms")


def bench_scoring(rows: int) -> None:
    model = default_health_model()
    columns = synthetic_columns(rows)
    vectorised = timed(lambda: score_columns(model, columns, rows), 3)
    sample = min(SAMPLE_FOR_BASELINE, rows)
    names = list(columns)

    def one_by_one() -> None:
        for row in range(sample):
            score_account(model, {name: float(columns[name][row]) for name in names})

    baseline = timed(one_by_one, 1) * rows / sample
    print(f"\nHealth scores for {rows:,} accounts")
    print(f"  column-wise scorer    {vectorised:8.3f} s")
    print(
        f"  baseline: one by one  {baseline:8.3f} s  (timed on {sample:,}, scaled; "
        f"column-wise is {baseline / vectorised:.0f}x faster)"
    )
    bench_file(columns, rows)


def bench_file(columns: dict[str, np.ndarray], rows: int) -> None:
    """Time the whole `cs-playbook score` path: read a CSV, score, write JSON."""
    model = default_health_model()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "accounts.csv"
        write_csv(path, columns, rows)
        start = time.perf_counter()
        table = read_accounts(path)
        read = time.perf_counter() - start
        start = time.perf_counter()
        report = score_accounts(table, model)
        scored = time.perf_counter() - start
        start = time.perf_counter()
        report_to_json(report)
        written = time.perf_counter() - start
    print(
        f"  end to end from CSV   {read + scored + written:8.3f} s "
        f"(read {read:.3f}, score and explain {scored:.3f}, JSON {written:.3f})"
    )


def write_csv(path: Path, columns: dict[str, np.ndarray], rows: int) -> None:
    names = list(columns)
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["account_id", *names])
        for row in range(rows):
            values = [columns[name][row] for name in names]
            writer.writerow(
                [f"A{row:06d}", *("" if np.isnan(v) else f"{v:g}" for v in values)]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    bench_bundle(args.repeat)
    bench_scoring(args.accounts)


if __name__ == "__main__":
    main()
