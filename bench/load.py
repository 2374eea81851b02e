"""Load: many clients sending a mix of what users do (canonical queries, entity pages, REST, the network view)
to `kg serve` on the bundled graph; errors, latency percentiles and the memory of the service over time.

    .venv/bin/python -m bench.load [--clients 50] [--requests 2000] [--seconds 60] [--graph dist]

Each client sends `--requests` requests, and the run lasts at least `--seconds`. The service is a separate
process; its memory (with its query workers) is sampled every second.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from api.settings import Settings
from api.ui import examples

from .service import our_service, rss_mb

BASE = "https://w3id.org/italia/anci-lombardia/"


def mix() -> list[tuple[str, str, dict]]:
    """(kind, path, options) requests, in the proportions a public service might see."""
    queries = [("query", "/sparql", {"data": {"query": e.query}}) for e in examples(Settings.from_env({}))
               if not e.name.startswith("network-")]
    pages = [("page", f"/id/{iri}", {"headers": {"Accept": "text/html"}}) for iri in (
        "data/ente/r_lombar", "data/ente/fondazione-cariplo", "data/ente/ancilab",
        "data/progetto/accordo-regione-lombardia-polis-lombardia-fondazione-cariplo-unioncamere",
        "controlled-vocabulary/territorio/comune/015146", "controlled-vocabulary/territorio/provincia/014")]
    data = [("rdf", "/id/data/ente/r_lombar", {"headers": {"Accept": "text/turtle"}})]
    rest = [("rest", path, {}) for path in (
        "/api/partners/recurring?min_projects=3", "/api/projects?q=comuni&per_page=20", "/api/areas",
        "/api/organizations/r_lombar", "/api/funding?by=funder", "/api/projects?status=ongoing&page=2")]
    views = [("page", "/", {}), ("viz", "/viz", {}), ("viz", "/viz?preset=funders", {})]
    return queries * 3 + pages * 3 + data + rest * 3 + views


async def client(http: httpx.AsyncClient, base: str, requests: list[tuple[str, str, dict]], count: int,
                 stop_after: float, seed: int, results: list[tuple[str, int | str, float]]) -> None:
    chance = random.Random(seed)
    sent = 0
    while sent < count or time.perf_counter() < stop_after:
        kind, path, options = chance.choice(requests)
        method = "POST" if "data" in options else "GET"
        started = time.perf_counter()
        status: int | str
        try:
            response = await http.request(method, base + path, **options)
            status = response.status_code
        except httpx.HTTPError as failure:  # no answer: the table names the failure
            status = type(failure).__name__
        results.append((kind, status, time.perf_counter() - started))
        sent += 1


def run(graph: Path, clients: int, requests: int, seconds: float) -> dict:
    with our_service(graph) as served:
        base = served.url.removesuffix("/sparql")
        samples: list[tuple[float, float]] = []
        done = threading.Event()

        def sample() -> None:
            started = time.perf_counter()
            while not done.wait(1.0):
                samples.append((time.perf_counter() - started, rss_mb(served.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        results: list[tuple[str, int | str, float]] = []
        mixed = mix()

        async def everyone() -> float:
            limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
            async with httpx.AsyncClient(limits=limits, timeout=60) as http:
                started = time.perf_counter()
                await asyncio.gather(*(client(http, base, mixed, requests, started + seconds, n, results)
                                       for n in range(clients)))
                return time.perf_counter() - started

        elapsed = asyncio.run(everyone())
        done.set()
        sampler.join()
    return {"results": results, "elapsed": elapsed, "memory": samples}


def markdown(found: dict, clients: int, requests: int) -> str:
    results, elapsed, memory = found["results"], found["elapsed"], found["memory"]
    errors = sum(1 for _, status, _ in results if isinstance(status, str) or status >= 500)
    rows = []
    for kind in sorted({kind for kind, _, _ in results}):
        times = sorted(t for k, _, t in results if k == kind)
        statuses = Counter(s for k, s, _ in results if k == kind)
        rows.append(f"| {kind} | {len(times)} | {1000 * times[len(times) // 2]:.1f} | "
                    f"{1000 * times[int(0.99 * (len(times) - 1))]:.1f} | {1000 * times[-1]:.0f} | "
                    f"{', '.join(f'{s}×{n}' for s, n in sorted(statuses.items(), key=lambda item: str(item[0])))} |")
    everything = sorted(t for _, _, t in results)
    third = max(1, len(memory) // 3)
    start_mb = max(mb for _, mb in memory[:third]) if memory else 0
    end_mb = max(mb for _, mb in memory[-third:]) if memory else 0
    p50, p99 = everything[len(everything) // 2], everything[int(0.99 * (len(everything) - 1))]
    return (f"## Load\n\n{clients} concurrent clients, {requests} requests each (a mix of canonical queries, entity "
            f"pages, RDF, REST and the network view), for {elapsed:.0f} s: **{len(results):,} requests, "
            f"{len(results) / elapsed:.0f}/s, {errors} errors (5xx or no answer)**, p50 {1000 * p50:.1f} ms, "
            f"p99 {1000 * p99:.1f} ms. "
            f"Memory of the service and its workers: {start_mb:.0f} MB in the first third of the run, "
            f"{end_mb:.0f} MB in the last (peak {max((mb for _, mb in memory), default=0):.0f} MB).\n\n"
            "| kind | requests | p50 ms | p99 ms | max ms | statuses |\n| --- | --- | --- | --- | --- | --- |\n"
            + "\n".join(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="requests per client")
    parser.add_argument("--seconds", type=float, default=60, help="the run lasts at least this long")
    parser.add_argument("--graph", type=Path, default=Path("dist"))
    args = parser.parse_args()
    print(markdown(run(args.graph, args.clients, args.requests, args.seconds), args.clients, args.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
