"""Timings of the loader on the bundled catalogue: the whole `kg extract` command and its parts.

    .venv/bin/python bench/extract.py [--runs N] [FILE]

Prints a table of minimum, median and maximum wall-clock seconds. The target for `kg extract` on the
bundled catalogue is under 1 s; it is checked here, not in the unit tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders import extract, load_knowledge  # noqa: E402


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "data" / "catalogo-anci-lombardia.txt")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    data = args.file.read_bytes()
    kg = Path(sys.executable).parent / "kg"
    knowledge = load_knowledge()
    rows = [
        ("kg extract FILE (whole process)", timed(lambda: subprocess.run(
            [str(kg), "extract", str(args.file), "-o", "/dev/null"], check=True, capture_output=True), args.runs)),
        ("load_knowledge()", timed(load_knowledge, args.runs)),
        ("extract() with knowledge loaded", timed(lambda: extract(data, name="bench", knowledge=knowledge),
                                                  args.runs)),
    ]
    print(f"{args.file.name}: {len(data):,} bytes, {args.runs} runs each")
    print(f"{'what':<36} {'min s':>7} {'median s':>9} {'max s':>7}")
    for label, times in rows:
        print(f"{label:<36} {min(times):7.3f} {statistics.median(times):9.3f} {max(times):7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
