"""A real Oxigraph server (PyPI package `oxigraph`) on 127.0.0.1, for the `--store URL` mode and `kg load`."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BINARY = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path, *, dump: Path | None = None, read_only: bool = True) -> Iterator[str]:
    """Serve the store at `location` (loaded first from `dump`, if given); yields the server's base URL.

    The default graph is the union of the named graphs, as the service's own store has it.
    """
    if dump is not None:
        subprocess.run([str(BINARY), "load", "--location", str(location), "--file", str(dump)], check=True,
                       capture_output=True)
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    process = subprocess.Popen([str(BINARY), command, "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)
