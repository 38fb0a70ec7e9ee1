"""Benchmark the HTTP API: concurrent playbook builds over loopback HTTP.

Starts uvicorn on 127.0.0.1 (a free port, offline settings, a throwaway data
folder) in a background thread, then lets N client threads POST
examples/acme.yaml to /v1/playbooks until a fixed number of requests is done
or a time limit passes. It prints the median and 95th percentile latency and
the throughput, and, as the baseline, the same number of in-process
`Consultant.build` calls run one after another, so the cost of HTTP, JSON and
the thread hand-off is visible as a ratio.

Run with `python benchmarks/bench_api.py [--requests 200] [--clients 8]`.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import yaml

from agent.consultant import Consultant
from agent.profile import parse_profile
from agent.settings import Settings
from ui.api import create_api

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def offline_settings(data_dir: Path) -> Settings:
    """Return settings with no model and no API key, whatever the environment."""
    return Settings(
        openai_api_key=None,
        openai_base_url=None,
        data_dir=data_dir,
        http_api_key=None,
        max_upload_mb=20,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(consultant: Consultant) -> Iterator[str]:
    """Serve the API in a background thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_api(consultant), host=HOST, port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            sys.exit("the server did not start within 10 s")
        time.sleep(0.02)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def client_loop(
    base_url: str,
    body: dict[str, Any],
    tickets: list[int],
    lock: threading.Lock,
    deadline: float,
    latencies: list[float],
    failures: list[str],
) -> None:
    """Take request tickets until none are left or time runs out."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        while time.monotonic() < deadline:
            with lock:
                if not tickets:
                    return
                tickets.pop()
            start = time.perf_counter()
            response = http.post("/v1/playbooks", json=body)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                failures.append(f"{response.status_code}: {response.text[:200]}")


def run_clients(
    base_url: str, body: dict[str, Any], requests: int, clients: int, limit_s: float
) -> tuple[list[float], list[str], float]:
    """Return the latencies, the failures and the wall time of the run."""
    tickets = list(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + limit_s
    args = (base_url, body, tickets, lock, deadline, latencies, failures)
    threads = [threading.Thread(target=client_loop, args=args) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - start


def in_process(consultant: Consultant, body: dict[str, Any], count: int) -> float:
    """Return the wall time of count sequential in-process builds."""
    profile = parse_profile(body)
    start = time.perf_counter()
    for _ in range(count):
        consultant.build(profile)
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(
    latencies: list[float], failures: list[str], wall: float, baseline: float
) -> None:
    done = len(latencies)
    print(f"  requests done          {done} ({len(failures)} failed)")
    print(f"  median latency      {statistics.median(latencies) * 1000:8.1f} ms")
    print(f"  95th percentile     {percentile(latencies, 0.95) * 1000:8.1f} ms")
    print(f"  throughput          {done / wall:8.1f} requests/s ({wall:.2f} s)")
    print(f"baseline: {done} in-process Consultant.build calls, one at a time")
    print(f"  per build           {baseline / done * 1000:8.1f} ms")
    print(f"  throughput          {done / baseline:8.1f} builds/s ({baseline:.2f} s)")
    print(f"  HTTP wall time / in-process wall time: {wall / baseline:.2f}x")
    for failure in failures[:3]:
        print(f"  failure: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds")
    args = parser.parse_args()
    body = yaml.safe_load((ROOT / "examples" / "acme.yaml").read_text("utf-8"))
    with (
        tempfile.TemporaryDirectory() as data_dir,
        Consultant(offline_settings(Path(data_dir))) as consultant,
    ):
        consultant.build(parse_profile(body))  # warm up imports and caches
        with running_server(consultant) as base_url:
            print(
                f"POST /v1/playbooks (examples/acme.yaml), {args.requests} requests, "
                f"{args.clients} concurrent clients, loopback HTTP"
            )
            latencies, failures, wall = run_clients(
                base_url, body, args.requests, args.clients, args.time_limit
            )
        if not latencies:
            sys.exit("no request finished within the time limit")
        baseline = in_process(consultant, body, len(latencies))
    report(latencies, failures, wall, baseline)


if __name__ == "__main__":
    main()
