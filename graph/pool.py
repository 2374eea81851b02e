"""The embedded store: one on-disk Oxigraph store, read by a pool of worker processes.

Workers give three things one in-process store cannot: a hard time limit (a worker past it is killed and
replaced), queries evaluated in parallel on every core, and a crash or runaway query that never reaches the
service's own process.
"""

from __future__ import annotations

import os
import queue
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from .engine import QueryFailed, QueryRequest
from .results import Written
from .worker import read_exactly, read_frame, write_frame

_DUMP_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
                 ".ttl": ox.RdfFormat.TURTLE}
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_START_TIMEOUT = 60.0


class _Overdue(Exception):
    """The worker did not answer before the deadline."""


class _Worker:
    def __init__(self, location: Path) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen([sys.executable, "-m", "graph.worker", str(location)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env, bufsize=0)
        header = self._receive(time.monotonic() + _START_TIMEOUT)
        if not header.get("ready"):
            raise OSError(f"query worker failed to start: {header}")

    def ask(self, request: QueryRequest, deadline: float) -> Written:
        write_frame(self.process.stdin, request.as_message())
        header = self._receive(deadline)
        if not header["ok"]:
            raise QueryFailed(header["reason"], header["message"])
        body = read_exactly(self.process.stdout, header["length"])
        return Written(body, header["media_type"], header["kind"], header["rows"], header["truncated"])

    def _receive(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([self.process.stdout], [], [], max(remaining, 0))
        if not ready:
            raise _Overdue
        return read_frame(self.process.stdout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


class EmbeddedStore:
    """Answers queries from `workers` processes that each open the store at `location` read-only."""

    def __init__(self, location: Path, workers: int = 2, *, owned: Path | None = None) -> None:
        self.location = location
        self.description = f"embedded Oxigraph store ({workers} query workers)"
        self._owned = owned  # a directory this store made and removes when closed
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        starters = [threading.Thread(target=self._add_worker) for _ in range(max(1, workers))]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if self._idle.empty():
            raise OSError(f"no query worker could open the store at {location}")

    @classmethod
    def from_dump(cls, source: Path, workers: int = 2) -> EmbeddedStore:
        """A store loaded from a dump: a build directory (its graph.nq) or one .nq/.trig/.nt/.ttl file."""
        dump = source / "graph.nq" if source.is_dir() else source
        if dump.suffix not in _DUMP_FORMATS or not dump.is_file():
            raise OSError(f"{source} is neither a build directory with graph.nq nor a dump file "
                          f"({', '.join(_DUMP_FORMATS)})")
        location = Path(tempfile.mkdtemp(prefix="kg-store-"))
        try:
            store = ox.Store(str(location))
            store.bulk_load(path=str(dump), format=_DUMP_FORMATS[dump.suffix])
            store.flush()
            del store  # the workers open it read-only once this writer has let go
            return cls(location, workers, owned=location)
        except BaseException:
            shutil.rmtree(location, ignore_errors=True)
            raise

    def run(self, request: QueryRequest) -> Written:
        deadline = time.monotonic() + request.time_limit
        try:
            worker = self._idle.get(timeout=request.time_limit)
        except queue.Empty:
            raise QueryFailed("busy", f"every query worker stayed busy for {request.time_limit:g} s; "
                                      "try again shortly") from None
        try:
            written = worker.ask(request, deadline)
        except _Overdue:
            self._replace(worker)
            raise QueryFailed("timeout", f"the query ran past the time limit of {request.time_limit:g} s "
                                         "and was stopped") from None
        except QueryFailed:
            self._idle.put(worker)
            raise
        except (OSError, EOFError, ValueError) as exc:
            self._replace(worker)
            raise QueryFailed("evaluation", f"the query worker stopped while answering: {exc}") from exc
        self._idle.put(worker)
        return written

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        if self._owned is not None:
            shutil.rmtree(self._owned, ignore_errors=True)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._add_worker, daemon=True).start()

    def _add_worker(self) -> None:
        try:
            self._idle.put(_Worker(self.location))
        except (OSError, EOFError, _Overdue) as exc:
            print(f"kg: a query worker failed to start: {exc}", file=sys.stderr)
