"""The benchmark suite: every scenario of docs/BENCHMARKS.md, run side by side on this machine.

    .venv/bin/python -m bench [--runs 5] [--only NAME ...] [--sizes 1m,10m] [--write docs/BENCHMARKS.md]

Scenarios: bundled (extract, build, service start), queries (every canonical query over HTTP, ours and
rdflib-endpoint on the same dump), throughput (16 clients), load (50 clients, a mix of everything, memory over
time), scale (synthetic graphs: embedded store at 1M, Oxigraph's server behind --store URL at 10M), viz (the
network page). Each prints a Markdown table; targets
are checked here, never in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import httpx

from api.settings import Settings
from api.ui import examples

from . import service
from .service import ROOT, our_service, rdflib_endpoint, rss_mb, summary, throughput, time_query

KG = [sys.executable, "-m", "api.cli"]
REFERENCE = ROOT.parent / "shared" / "reference"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
PEER_TIMEOUT = 120  # seconds rdflib-endpoint gets for one query before it is marked as not answering


def canonical_examples() -> dict[str, str]:
    """Every canonical query as the query page offers it: parameters bound to example values."""
    return {example.name: example.query for example in examples(Settings.from_env({}))}


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return times


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(header: list[str], rows: list[str]) -> str:
    return "\n".join([row(*header), row(*["---"] * len(header)), *rows])


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    met = value < target if lower_is_better else value >= target
    return "✓" if met else "✗ missed"


# --- scenarios ---------------------------------------------------------------------------------------------

def bundled(runs: int, work: Path) -> str:
    dist = work / "dist"
    build = [*KG, "build", "-q", "--out", str(dist)] + (["--reference", str(REFERENCE)] if REFERENCE.is_dir() else [])
    rows = []
    for name, command, target in [("kg extract", [*KG, "extract", "-o", str(work / "records.json")], 1.0),
                                  ("kg build (with SHACL validation)", build, 3.0)]:
        median, p95 = summary(timed(command, runs))
        rows.append(row(name, f"{median:.2f}", f"{p95:.2f}", f"< {target:g}", verdict(median, target)))
    starts = []
    for _ in range(runs):
        with our_service(dist) as served:
            starts.append(served.ready_after)
    median, p95 = summary(starts)
    rows.append(row("kg serve: start to first answer", f"{median:.2f}", f"{p95:.2f}", "< 3", verdict(median, 3)))
    return "## Bundled catalogue\n\nWhole commands, wall time in seconds, " \
           f"{runs} runs.\n\n" + table(["what", "median s", "p95 s", "target", ""], rows)


def queries(runs: int, work: Path) -> str:
    dist = work / "dist"
    texts = canonical_examples()
    uncached, cached, peer = {}, {}, {}
    for cache_mb, found in ((0, uncached), (64, cached)):
        with our_service(dist, cache_mb=cache_mb) as served, httpx.Client() as client:
            for name, text in texts.items():
                found[name] = time_query(client, served.url, text, runs)
    for name in texts:  # the peer is slow on some shapes: a query it cannot answer in time is noted, not waited for
        with rdflib_endpoint(dist / "graph.ttl") as served, httpx.Client() as client:
            try:
                peer[name] = time_query(client, served.url, text=texts[name], runs=max(3, runs // 2),
                                        timeout=PEER_TIMEOUT)
            except (httpx.TimeoutException, RuntimeError) as failed:
                peer[name] = failed
    rows = []
    for name in texts:
        median, p95 = summary(uncached[name])
        warm, _ = summary(cached[name])
        if isinstance(peer[name], Exception):
            shown = f"> {PEER_TIMEOUT} s" if isinstance(peer[name], httpx.TimeoutException) else "error"
            ratio, ratio_check = "—", "✓ (peer gave no answer)"
        else:
            peer_median, _ = summary(peer[name])
            shown, ratio = f"{1000 * peer_median:.1f}", f"{peer_median / median:.0f}×"
            ratio_check = verdict(peer_median / median, 20, False)
        rows.append(row(name, f"{1000 * median:.1f}", f"{1000 * p95:.1f}", f"{1000 * warm:.1f}", shown, ratio,
                        verdict(median, 0.010) + " / " + verdict(warm, 0.010) + " / " + ratio_check))
    return ("## Canonical queries over HTTP, bundled graph\n\nEvery `queries/*.rq` with the example values of the "
            f"query page, POSTed to `/sparql`, {runs} runs after one warm-up: our service with the answer cache off "
            "(`KG_CACHE_MB=0`: every run evaluates) and on (the default: repeated queries come from memory); "
            f"rdflib-endpoint {metadata_version('rdflib-endpoint', service.PEERS)} serving `graph.ttl` "
            f"({max(3, runs // 2)} runs, restarted for each query, {PEER_TIMEOUT} s allowed). Targets: p50 < 10 ms; "
            "≥ 20× rdflib-endpoint (ratio: its p50 over ours uncached). Targets column: uncached p50 / cached p50 / "
            "ratio.\n\n" + table(["query", "ours p50 ms", "ours p95 ms", "ours cached p50 ms",
                                    "rdflib-endpoint p50 ms", "ratio", "targets"], rows))


def load(seconds: float, work: Path) -> str:
    dist = work / "dist"
    query = 'SELECT ?label WHERE { <https://w3id.org/italia/anci-lombardia/data/ente/r_lombar> ' \
            '<http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 1'
    with our_service(dist) as served:
        found = throughput(served.url, query, clients=16, seconds=seconds)
    return (f"## Throughput\n\nA one-row SELECT from 16 concurrent clients (one asyncio process) for {seconds:g} s. "
            "Target: ≥ 300 requests/s, no errors.\n\n"
            + table(["requests", "requests/s", "errors", "p50 ms", "p99 ms", ""],
                    [row(found["requests"], f"{found['per_second']:.0f}", found["errors"], f"{found['p50_ms']:.1f}",
                         f"{found['p99_ms']:.1f}", verdict(found["per_second"], 300, False)
                         if not found["errors"] else "✗ errors")]))


def scale(label: str, runs: int, work: Path) -> str:
    from .synthetic import generate, read_template

    triples = SIZES[label]
    dump = work / f"synthetic-{label}.nq"
    started = time.perf_counter()
    made = generate(read_template(work / "dist" / "graph.nq"), triples, seed=7, out=dump)
    generated = time.perf_counter() - started
    texts = canonical_examples()
    remote = triples >= 10_000_000
    limits = {"load": 180 if remote else 15, "query": 5 if remote else 1}
    with _store_for(dump, remote, work) as (served, loaded, how, pid):
        peak = _Peak(pid)
        with peak, httpx.Client() as client:
            times = {}
            for name, text in texts.items():
                try:
                    times[name] = time_query(client, served.url, text, runs)
                except RuntimeError as failed:  # stopped at the time limit, say: reported, not fatal
                    times[name] = failed
                shown = times[name] if isinstance(times[name], Exception) else summary(times[name])
                print(f"  {label} {name}: {shown}", file=sys.stderr, flush=True)
    rows = [row("generate the graph", f"{generated:.1f} s", "", ""),
            row(f"load ({how})", f"{loaded:.1f} s", f"< {limits['load']} s", verdict(loaded, limits["load"])),
            row("peak RSS of our service (with its workers)", f"{peak.mb:.0f} MB", "< 2048 MB", verdict(peak.mb, 2048))]
    for name, values in times.items():
        if isinstance(values, Exception):
            message = " ".join(str(values).split(": ", 1)[-1].split())[:80]  # one line, or the table breaks
            rows.append(row(f"query {name}", message, f"< {limits['query']} s", "✗ missed"))
            continue
        median, p95 = summary(values)
        rows.append(row(f"query {name}", f"{median:.3f} s (p95 {p95:.3f})", f"< {limits['query']} s",
                        verdict(p95, limits["query"])))
    return (f"## Scale: {made['quads']:,} quads ({made['activities']:,} activities, "
            f"{made['organizations']:,} organisations)\n\n{how}; every canonical query over HTTP, {runs} runs.\n\n"
            + table(["what", "measured", "target", ""], rows))


class _store_for:  # noqa: N801 - used as a context manager like a function
    """Our service on the dump: the embedded store, or Oxigraph's server loaded from it behind --store URL."""

    def __init__(self, dump: Path, remote: bool, work: Path) -> None:
        self.dump, self.remote, self.work = dump, remote, work

    def __enter__(self):
        self._stack = []
        if not self.remote:
            context = our_service(self.dump, timeout=1800, cache_mb=0)  # every run evaluates
            served = context.__enter__()
            self._stack.append(context)
            return served, served.ready_after, "embedded store (`kg serve --store FILE.nq`)", served.pid
        location = self.work / "oxigraph-10m"
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "oxigraph"), "load", "--location", str(location),
                        "--file", str(self.dump)], check=True, capture_output=True)
        oxigraph = service.oxigraph_server(location)
        backend = oxigraph.__enter__()
        loaded = time.perf_counter() - started
        self._stack.append(oxigraph)
        ours = our_service(backend.url, cache_mb=0)
        served = ours.__enter__()
        self._stack.append(ours)
        return served, loaded, "`oxigraph load` + `oxigraph serve-read-only`, our service with `--store URL`", \
            served.pid

    def __exit__(self, *exc) -> None:
        for context in reversed(self._stack):
            context.__exit__(*exc)


class _Peak:
    """The largest resident size of a process tree while the block runs, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.pid, self.mb, self._stop = pid, rss_mb(pid), threading.Event()

    def __enter__(self) -> _Peak:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.mb = max(self.mb, rss_mb(self.pid))

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def load_mix(runs: int, work: Path) -> str:
    from .load import markdown, run

    return markdown(run(work / "dist", clients=50, requests=2000, seconds=60), clients=50, requests=2000)


def viz(runs: int, work: Path) -> str:
    from .viz import markdown

    return markdown(runs, work / "dist")


def metadata_version(package: str, venv: Path | None = None) -> str:
    if venv is not None:
        found = subprocess.run([str(venv / "bin" / "python"), "-c", f"import importlib.metadata as m; "
                                f"print(m.version({package!r}))"], capture_output=True, text=True)
        return found.stdout.strip() or "?"
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal")) / 1024 / 1024
    versions = ", ".join(f"{name} {metadata_version(name)}" for name in
                         ("pyoxigraph", "oxigraph", "rdflib", "fastapi", "uvicorn", "networkx", "pyvis"))
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} × {cpu} · {memory:.0f} GiB · "
            f"Python {platform.python_version()} · {versions}")


SCENARIOS: dict[str, Callable[[int, Path], str]] = {"bundled": bundled, "queries": queries,
                                                     "throughput": lambda runs, work: load(10, work),
                                                     "load": load_mix, "scale": None, "viz": viz}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (at least 5 for the record)")
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS), help="run only these scenarios")
    parser.add_argument("--sizes", default="1m,10m", help="synthetic sizes for the scale scenario: 100k, 1m, 10m")
    parser.add_argument("--write", type=Path, help="also write the Markdown report here (docs/BENCHMARKS.md)")
    args = parser.parse_args()
    chosen = args.only or list(SCENARIOS)
    sections = [f"Machine: {machine()}", f"Command: `{' '.join(['python -m bench', *sys.argv[1:]])}`"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        work = Path(scratch)
        subprocess.run([*KG, "build", "-q", "--out", str(work / "dist")] +
                       (["--reference", str(REFERENCE)] if REFERENCE.is_dir() else []), check=True, cwd=ROOT)
        for name in chosen:
            if name == "scale":
                parts = [scale(size.strip(), args.runs, work) for size in args.sizes.split(",") if size.strip()]
            else:
                parts = [SCENARIOS[name](args.runs, work)]
            for part in parts:
                print(part + "\n", flush=True)
                sections.append(part)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text("# Benchmarks\n\n" + "\n\n".join(sections) + "\n" + kept_by_hand(args.write),
                              encoding="utf-8")
    return 0


HAND_WRITTEN = "<!-- Below this line by hand: kept when the bench rewrites the tables above. -->"


def kept_by_hand(report: Path) -> str:
    """The report's hand-written part (fixes before and after, misses explained), which a new run keeps."""
    text = report.read_text(encoding="utf-8") if report.is_file() else ""
    return "\n" + text[text.index(HAND_WRITTEN):] if HAND_WRITTEN in text else ""


if __name__ == "__main__":
    raise SystemExit(main())
