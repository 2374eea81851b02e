"""A query worker process: opens the store and answers framed requests on stdin/stdout.

The store is an on-disk Oxigraph store opened read-only, or a dump loaded into memory (several times faster to
query than the on-disk store, at the cost of memory and start-up time per worker).

Oxigraph cannot cancel a running query from Python, so queries run in worker processes that the pool kills
when one of them passes its time limit. Inside a worker every request gets its own thread: Oxigraph releases
the GIL while it evaluates, so a worker answers many queries at once; queries that run long are demoted so the
operating system gives the cores to new ones first: a trivial query stays fast while heavy ones run.

Frames: a request is a 4-byte big-endian length and a JSON object (`id` and QueryRequest.as_message). An answer
is a 4-byte length and a JSON header (`id`, `ok`, then `media_type`, `kind`, `rows`, `truncated`, `length`, or
`reason` and `message`), followed by `length` bytes of body. Answers come in the order queries finish.
"""

from __future__ import annotations

import json
import os
import queue
import struct
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .engine import QueryFailed, QueryRequest, evaluate

_LENGTH = struct.Struct(">I")
DUMP_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
                ".ttl": ox.RdfFormat.TURTLE}


def write_frame(stream: BinaryIO, header: dict, body: bytes = b"") -> None:
    data = json.dumps(header).encode("utf-8")
    stream.write(_LENGTH.pack(len(data)) + data + body)
    stream.flush()


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> dict:
    (size,) = _LENGTH.unpack(read_exactly(stream, _LENGTH.size))
    return json.loads(read_exactly(stream, size))


def open_location(location: Path) -> ox.Store:
    if location.is_dir():
        return ox.Store.read_only(str(location))
    store = ox.Store()
    store.bulk_load(path=str(location), format=DUMP_FORMATS[location.suffix])
    return store


def serve(location: str, requests: BinaryIO, answers: BinaryIO) -> None:
    store = open_location(Path(location))
    writing = threading.Lock()

    def answer(message: dict) -> None:
        try:
            written = evaluate(store, QueryRequest.from_message(message))
        except QueryFailed as failure:
            header, body = {"ok": False, "reason": failure.reason, "message": failure.message}, b""
        else:
            header = {"ok": True, "media_type": written.media_type, "kind": written.kind, "rows": written.rows,
                      "truncated": written.truncated, "length": len(written.body)}
            body = written.body
        with writing:
            write_frame(answers, {"id": message["id"], **header}, body)

    threads = _Answerers(answer)
    with writing:
        write_frame(answers, {"id": None, "ok": True, "ready": True})
    while True:
        try:
            message = read_frame(requests)
        except EOFError:
            return
        threads.submit(message)


class _Answerers:
    """Threads that answer queries: started ahead of need, kept waiting, and demoted when their query runs long.

    A query running past DEMOTE_AFTER yields the cores to newer ones (lowest priority), so a trivial query
    stays fast while heavy ones run; heavy ones still use every idle cycle. An unprivileged thread cannot take
    its priority back, so a demoted thread ends with its query and a fresh one takes its place.

    Threads are created by a thread of their own, never on the way of a request: creating one maps its stack,
    which waits for every heavy query touching memory at that moment (up to seconds when they are demoted).
    """

    STARTED = 32  # threads ready at start: a burst this large waits for none
    SPARE = 8  # idle threads kept ready after that
    MOST = 64  # queries answered at once; more wait their turn, so memory stays bounded under any load
    DEMOTE_AFTER = 0.1  # seconds

    def __init__(self, answer) -> None:
        self._answer = answer
        self._jobs: queue.SimpleQueue[dict] = queue.SimpleQueue()
        self._idle = self._threads = 0
        self._running: dict[int, float | None] = {}  # native thread id: when its query started, None once demoted
        self._changed = threading.Condition()
        for _ in range(self.STARTED):
            self._start()
        threading.Thread(target=self._keep_spares, daemon=True).start()
        threading.Thread(target=self._demote_long_queries, daemon=True).start()

    def submit(self, message: dict) -> None:
        self._jobs.put(message)
        with self._changed:
            self._idle -= 1  # taken now, so that the spares are topped up at once
            if self._idle < self.SPARE:
                self._changed.notify_all()

    def _start(self) -> None:
        with self._changed:
            self._idle += 1
            self._threads += 1
        threading.Thread(target=self._serve, daemon=True).start()

    def _keep_spares(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._idle < self.SPARE and self._threads < self.MOST)
            self._start()

    def _serve(self) -> None:
        me = threading.get_native_id()
        while True:
            message = self._jobs.get()
            with self._changed:
                if not self._running:
                    self._changed.notify_all()  # the demoter waits for a first query
                self._running[me] = time.monotonic()
            self._answer(message)
            with self._changed:
                if self._running.pop(me) is None:
                    self._threads -= 1
                    self._changed.notify_all()
                    return
                self._idle += 1

    def _demote_long_queries(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._running)  # an idle worker does not poll
            time.sleep(self.DEMOTE_AFTER / 4)
            now = time.monotonic()
            with self._changed:
                for thread, started in self._running.items():
                    if started is not None and now - started > self.DEMOTE_AFTER:
                        _demote(thread)
                        self._running[thread] = None


def _demote(thread: int) -> None:
    # Nice 19, not SCHED_IDLE: an idle-class thread preempted while it holds the GIL or the memory map's lock
    # runs again only when nothing else wants a core, and everyone waiting for that lock waits seconds.
    try:
        os.setpriority(os.PRIO_PROCESS, thread, 19)
    except OSError:
        pass  # not Linux, or the thread has just ended


if __name__ == "__main__":
    try:
        serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
    except BrokenPipeError:
        pass  # the pool let go of this worker (closed, or replaced it) before it was ready
