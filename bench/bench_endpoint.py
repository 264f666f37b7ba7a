"""Endpoint load test: N concurrent clients for T seconds against ``peelkg serve`` on loopback.

Starts the server as its own process on a free 127.0.0.1 port over a built graph, drives it
with a mix of named queries (SELECT with and without parameters, ASK) from client threads
with keep-alive sessions, and prints throughput, p50/p99 latency and failed requests; then
checks that the server still answers. Bounded in clients and time, loopback only.

    .venv/bin/python -m bench.bench_endpoint --graph build --clients 50 --seconds 30
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.queries import load_query  # noqa: E402

MIX = [
    ("documents", {}),
    ("inadequate_vulnerability_2017", {}),
    ("grade_distribution", {}),
    ("any_inadequate", {}),
    ("grade_history", {"force": "Metropolitan Police Service"}),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _requests() -> list[str]:
    """The SPARQL texts of the mix, parameters bound as the remote client binds them."""
    from kg.remote import prepare

    return [prepare(load_query(name).sparql, params) for name, params in MIX]


def load(url: str, clients: int, seconds: float) -> dict:
    queries = _requests()
    deadline = time.perf_counter() + seconds

    def client(i: int) -> tuple[list[float], int]:
        latencies, failures, n = [], 0, i
        with requests.Session() as session:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    res = session.post(url, data={"query": queries[n % len(queries)]}, timeout=60)
                    failures += res.status_code != 200
                except requests.RequestException:
                    failures += 1
                latencies.append(time.perf_counter() - t0)
                n += 1
        return latencies, failures

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    wall = time.perf_counter() - t0
    latencies = sorted(x for ls, _ in results for x in ls)
    return {
        "clients": clients, "seconds": wall, "requests": len(latencies),
        "failures": sum(f for _, f in results), "throughput_rps": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
    }


def run(quick: bool = False, graph: Path | None = None, clients: int | None = None,
        seconds: float | None = None, workers: int = 2) -> dict:
    graph = Path(graph or ROOT / "build")
    clients = clients or (10 if quick else 50)
    seconds = seconds or (3 if quick else 30)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph), "--port", str(port),
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(300):
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=2)
                break
            except requests.ConnectionError:
                if server.poll() is not None:
                    raise SystemExit("server exited: " + server.stderr.read().decode())
                time.sleep(0.2)
        stats = load(url, clients, seconds)
        after = requests.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        stats["answers_after"] = after.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"endpoint load: {stats['clients']} clients × {stats['seconds']:.0f}s, {workers} workers: "
          f"{stats['requests']} requests, {stats['throughput_rps']:.0f} req/s, p50 {stats['p50_ms']:.1f} ms, "
          f"p99 {stats['p99_ms']:.1f} ms, failures {stats['failures']}, answers after: {stats['answers_after']}")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "build")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    stats = run(args.quick, args.graph, args.clients if not args.quick else None,
                args.seconds if not args.quick else None, args.workers)
    return 0 if stats["failures"] == 0 and stats["answers_after"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
