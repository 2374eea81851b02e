"""The embedded store: one on-disk Oxigraph store, read by a few worker processes.

Workers give what one in-process store cannot: a hard time limit (a worker running a query past its limit is
killed and replaced), queries evaluated on every core, and a crash or runaway query that never reaches the
service's own process. Each worker answers many queries at once (one thread each), so heavy queries share the
cores with light ones instead of queueing in front of them. Killing a worker also stops the other queries it
was answering; those are sent again, once, to a live worker with the time they have left.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .engine import QueryFailed, QueryRequest
from .results import Written
from .worker import DUMP_FORMATS, read_exactly, read_frame, write_frame

# Dumps up to this size are loaded into each worker's memory; larger ones into one shared on-disk store.
MEMORY_DUMP_BYTES = 512 * 1024 * 1024
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_START_TIMEOUT = 60.0
_ARENAS = 256


@dataclass
class _Pending:
    """A query sent to a worker: set once it is answered, failed, or lost with its worker."""

    done: threading.Event = field(default_factory=threading.Event)
    written: Written | None = None
    failure: QueryFailed | None = None
    lost: bool = False


class _Worker:
    def __init__(self, location: Path) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")])))
        # glibc shares 8 malloc arenas per core between a worker's threads: a heavy query preempted while it
        # holds an arena's lock stalls every query allocating from that arena (ASK {} took 200 ms among 50
        # heavy queries). One arena per thread costs some memory and keeps trivial queries under a millisecond.
        env.setdefault("MALLOC_ARENA_MAX", str(_ARENAS))
        self.process = subprocess.Popen([sys.executable, "-m", "graph.worker", str(location)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env, bufsize=0)
        self._pending: dict[int, _Pending] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self.alive = True
        self.stopped_by_pool = False
        ready = threading.Event()
        threading.Thread(target=self._read_answers, args=(ready,), daemon=True).start()
        if not ready.wait(_START_TIMEOUT) or not self.alive:
            self.kill()
            raise OSError("a query worker did not start (see the messages above)")

    @property
    def load(self) -> int:
        return len(self._pending)

    def submit(self, request: QueryRequest) -> _Pending:
        pending = _Pending()
        with self._lock:
            if not self.alive:
                pending.lost = True
                pending.done.set()
                return pending
            number = next(self._ids)
            self._pending[number] = pending
            try:
                write_frame(self.process.stdin, {"id": number, **request.as_message()})
            except OSError:
                pass  # the reader sees the worker gone and marks this query lost
        return pending

    def _read_answers(self, ready: threading.Event) -> None:
        stream = self.process.stdout
        try:
            while True:
                header = read_frame(stream)
                if header.get("ready"):
                    ready.set()
                    continue
                body = read_exactly(stream, header["length"]) if header["ok"] else b""
                with self._lock:
                    pending = self._pending.pop(header["id"], None)
                if pending is None:
                    continue
                if header["ok"]:
                    pending.written = Written(body, header["media_type"], header["kind"], header["rows"],
                                              header["truncated"])
                else:
                    pending.failure = QueryFailed(header["reason"], header["message"])
                pending.done.set()
        except (EOFError, OSError, ValueError):
            with self._lock:
                self.alive = False
                lost, self._pending = list(self._pending.values()), {}
            for pending in lost:
                pending.lost = True
                pending.done.set()
            ready.set()

    def kill(self) -> None:
        with self._lock:
            self.alive = False
            self.stopped_by_pool = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


class EmbeddedStore:
    """Answers queries from `workers` processes that each open `location`: an on-disk store (read-only) or a dump."""

    def __init__(self, location: Path, workers: int = 2, *, owned: Path | None = None) -> None:
        self.location = location
        kind = "on disk" if location.is_dir() else "in memory"
        self.description = f"embedded Oxigraph store, {kind} ({workers} query workers)"
        self._owned = owned  # a directory this store made and removes when closed
        self._workers: list[_Worker] = []
        self._changed = threading.Condition()
        self._closed = False
        starters = [threading.Thread(target=self._add_worker) for _ in range(max(1, workers))]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if not self._workers:
            raise OSError(f"no query worker could open the store at {location}")

    @classmethod
    def from_dump(cls, source: Path, workers: int = 2, *, in_memory: bool | None = None) -> EmbeddedStore:
        """A store loaded from a dump: a build directory (its graph.nq) or one .nq/.trig/.nt/.ttl file.

        In memory (each worker loads the dump) when it is at most MEMORY_DUMP_BYTES, unless told otherwise;
        else loaded once into an on-disk store that every worker opens read-only.
        """
        dump = source / "graph.nq" if source.is_dir() else source
        if dump.suffix not in DUMP_FORMATS or not dump.is_file():
            raise OSError(f"{source} is neither a build directory with graph.nq nor a dump file "
                          f"({', '.join(DUMP_FORMATS)})")
        if in_memory if in_memory is not None else dump.stat().st_size <= MEMORY_DUMP_BYTES:
            return cls(dump.resolve(), workers)
        location = Path(tempfile.mkdtemp(prefix="kg-store-"))
        try:
            store = ox.Store(str(location))
            store.bulk_load(path=str(dump), format=DUMP_FORMATS[dump.suffix])
            store.flush()
            del store  # the workers open it read-only once this writer has let go
            return cls(location, workers, owned=location)
        except BaseException:
            shutil.rmtree(location, ignore_errors=True)
            raise

    def run(self, request: QueryRequest) -> Written:
        deadline = time.monotonic() + request.time_limit
        crashes = 0
        while True:
            worker = self._least_loaded(deadline)
            pending = worker.submit(request)
            if not pending.done.wait(max(deadline - time.monotonic(), 0)):
                self._replace(worker)  # stops this query, and sends the worker's other queries elsewhere
                raise QueryFailed("timeout", f"the query ran past the time limit of {request.time_limit:g} s "
                                             "and was stopped")
            if pending.written is not None:
                return pending.written
            if pending.failure is not None:
                raise pending.failure
            # Lost with its worker: stopped for another query's sake (send it again), or crashed by itself.
            if not worker.stopped_by_pool:
                crashes += 1
                self._replace(worker)
            if crashes >= 2:
                raise QueryFailed("evaluation", "the query worker stopped while answering (twice); the query may "
                                                "need more memory than a worker has")

    def close(self) -> None:
        with self._changed:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.kill()
        if self._owned is not None:
            shutil.rmtree(self._owned, ignore_errors=True)

    def _least_loaded(self, deadline: float) -> _Worker:
        with self._changed:
            while True:
                alive = [w for w in self._workers if w.alive]
                if alive:
                    return min(alive, key=lambda w: w.load)
                if self._closed or not self._changed.wait(max(deadline - time.monotonic(), 0)):
                    raise QueryFailed("busy", "no query worker is running; try again shortly")

    def _replace(self, worker: _Worker) -> None:
        with self._changed:
            if worker not in self._workers:
                return  # another query already replaced it
            self._workers.remove(worker)
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._add_worker, daemon=True).start()

    def _add_worker(self) -> None:
        try:
            worker = _Worker(self.location)
        except OSError as exc:
            print(f"kg: {exc}", file=sys.stderr)
            return
        with self._changed:
            if self._closed:
                worker.kill()
                return
            self._workers.append(worker)
            self._changed.notify_all()
