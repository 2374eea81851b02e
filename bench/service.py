"""Measuring the service from the outside: processes started as users start them, timed over HTTP.

Our service (`kg serve`), rdflib-endpoint (the Python peer, in its own virtualenv so its pins never touch
ours) and Oxigraph's server all run as separate processes on 127.0.0.1; the figures include HTTP.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(os.environ.get("KG_BENCH_PEERS", "/tmp/kg-bench-peers"))  # rdflib-endpoint's own virtualenv


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Served:
    url: str  # the SPARQL endpoint
    pid: int
    ready_after: float  # seconds from the process start to its first answer


def wait_for_answer(endpoint: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if httpx.get(endpoint, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{endpoint} gave no answer within {timeout:g} s")


@contextmanager
def serving(command: Sequence[str], endpoint: str, timeout: float = 600, env: dict | None = None
            ) -> Iterator[Served]:
    started = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})}, cwd=ROOT)
    try:
        wait_for_answer(endpoint, process, timeout)
        yield Served(endpoint, process.pid, time.perf_counter() - started)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def our_service(store: str | Path, *, workers: int = 2, time_limit: float = 60, timeout: float = 600,
                cache_mb: int = 64):
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--store", str(store), "--port", str(port)]
    env = {"KG_WORKERS": str(workers), "KG_TIME_LIMIT": str(time_limit), "KG_CACHE_MB": str(cache_mb)}
    return serving(command, f"http://127.0.0.1:{port}/sparql", timeout, env)


def rdflib_endpoint(dump: Path, timeout: float = 600):
    """rdflib-endpoint serving the same dump (installed on first use into its own virtualenv)."""
    binary = PEERS / "bin" / "rdflib-endpoint"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(PEERS / "bin" / "pip"), "install", "--quiet", "rdflib-endpoint", "uvicorn"], check=True)
    port = free_port()
    return serving([str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), str(dump)],
                   f"http://127.0.0.1:{port}/", timeout)


def oxigraph_server(location: Path, timeout: float = 600):
    port = free_port()
    command = [str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "60"]
    return serving(command, f"http://127.0.0.1:{port}/query", timeout)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the query workers), in MB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def time_query(client: httpx.Client, endpoint: str, text: str, runs: int, timeout: float = 300) -> list[float]:
    """Seconds per run over HTTP (the first run warms up and is not counted); any non-200 fails loudly."""
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        response = client.post(endpoint, data={"query": text}, timeout=timeout,
                               headers={"Accept": "application/sparql-results+json"})
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{endpoint}: {response.status_code} {response.text[:300]}")
        if run:
            times.append(elapsed)
    return times


def throughput(endpoint: str, query: str, clients: int = 16, seconds: float = 10) -> dict[str, float]:
    """Requests per second from `clients` concurrent clients sending the same query for `seconds`."""

    async def client(http: httpx.AsyncClient, stop: float, latencies: list[float], errors: list[int]) -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                response = await http.get(endpoint, params={"query": query})
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            if not ok:
                errors.append(1)

    async def run() -> tuple[list[float], list[int], float]:
        latencies, errors = [], []
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(limits=limits, timeout=30) as http:
            started = time.perf_counter()
            await asyncio.gather(*(client(http, started + seconds, latencies, errors) for _ in range(clients)))
            return latencies, errors, time.perf_counter() - started

    latencies, errors, elapsed = asyncio.run(run())
    latencies.sort()
    return {"requests": len(latencies), "per_second": len(latencies) / elapsed, "errors": len(errors),
            "p50_ms": 1000 * latencies[len(latencies) // 2], "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)]}


def summary(times: Sequence[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
