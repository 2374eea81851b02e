"""Timings of `kg build` on the bundled catalogue (with the shared reference data when it is there).

    .venv/bin/python bench/build.py [--runs N]

The target is under 3 s for the whole command, SHACL validation included; checked here, not in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kg = Path(sys.executable).parent / "kg"
    reference = ROOT.parent / "shared" / "reference"
    command = [str(kg), "build", "-q", "--input", str(ROOT / "data" / "catalogo-anci-lombardia.txt")]
    if reference.is_dir():
        command += ["--reference", str(reference)]
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([*command, "--out", str(Path(scratch) / "dist")], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    print(f"kg build ({'with' if reference.is_dir() else 'without'} reference data), {args.runs} runs")
    print(f"{'what':<36} {'min s':>7} {'median s':>9} {'max s':>7}")
    print(f"{'kg build (whole process)':<36} {min(times):7.3f} {statistics.median(times):9.3f} {max(times):7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
