"""A query worker process: opens the store and answers framed requests on stdin/stdout.

The store is an on-disk Oxigraph store opened read-only, or a dump loaded into memory (several times faster to
query than the on-disk store, at the cost of memory and start-up time per worker).

Oxigraph cannot cancel a running query from Python, so queries run in worker processes that the pool kills
when one of them passes its time limit. Inside a worker every request gets its own thread: Oxigraph releases
the GIL while it evaluates, so a worker answers many queries at once and the operating system shares the
cores between them: a trivial query stays fast while heavy ones run. (Lowering the priority of long-running
queries was tried and made it worse: a demoted thread holding a lock holds up everyone waiting for it.)

Frames: a request is a 4-byte big-endian length and a JSON object (`id` and QueryRequest.as_message). An answer
is a 4-byte length and a JSON header (`id`, `ok`, then `media_type`, `kind`, `rows`, `truncated`, `length`, or
`reason` and `message`), followed by `length` bytes of body. Answers come in the order queries finish.
"""

from __future__ import annotations

import json
import queue
import struct
import sys
import threading
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
    """Threads that answer queries, started ahead of need and kept waiting.

    A thread that has been sleeping is scheduled at once when woken, where a newly created one first waits its
    turn behind every running thread (tens of milliseconds when heavy queries run).
    """

    SPARE = 4

    def __init__(self, answer) -> None:
        self._answer = answer
        self._jobs: queue.SimpleQueue[dict] = queue.SimpleQueue()
        self._idle = 0
        self._lock = threading.Lock()
        for _ in range(self.SPARE):
            self._start()

    def submit(self, message: dict) -> None:
        self._jobs.put(message)
        with self._lock:
            short = self.SPARE - self._idle + 1
        for _ in range(max(short, 0)):
            self._start()

    def _start(self) -> None:
        with self._lock:
            self._idle += 1
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            message = self._jobs.get()
            with self._lock:
                self._idle -= 1
            self._answer(message)
            with self._lock:
                self._idle += 1


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
