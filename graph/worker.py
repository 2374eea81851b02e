"""A query worker process: opens the on-disk store read-only and answers framed requests on stdin/stdout.

Oxigraph cannot cancel a running query from Python, so queries run in worker processes that the pool kills
when one of them passes its time limit. Inside a worker every request gets its own thread: Oxigraph releases
the GIL while it evaluates, so a worker answers many queries at once and the operating system shares the
cores between them. A query still running after DEMOTE_AFTER seconds has its thread's priority lowered, so
new (usually short) queries get the cores first and a trivial query stays fast while heavy ones run.

Frames: a request is a 4-byte big-endian length and a JSON object (`id` and QueryRequest.as_message). An answer
is a 4-byte length and a JSON header (`id`, `ok`, then `media_type`, `kind`, `rows`, `truncated`, `length`, or
`reason` and `message`), followed by `length` bytes of body. Answers come in the order queries finish.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
import time
from typing import BinaryIO

import pyoxigraph as ox

from .engine import QueryFailed, QueryRequest, evaluate

_LENGTH = struct.Struct(">I")
DEMOTE_AFTER = 0.1
_LOWEST_PRIORITY = 19


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


def serve(location: str, requests: BinaryIO, answers: BinaryIO) -> None:
    store = ox.Store.read_only(location)
    writing = threading.Lock()
    running: dict[int, float] = {}  # thread id → when its query started
    threading.Thread(target=_demote_long_queries, args=(running,), daemon=True).start()

    def answer(message: dict) -> None:
        thread = threading.get_native_id()
        running[thread] = time.monotonic()
        try:
            written = evaluate(store, QueryRequest.from_message(message))
        except QueryFailed as failure:
            header, body = {"ok": False, "reason": failure.reason, "message": failure.message}, b""
        else:
            header = {"ok": True, "media_type": written.media_type, "kind": written.kind, "rows": written.rows,
                      "truncated": written.truncated, "length": len(written.body)}
            body = written.body
        finally:
            running.pop(thread, None)
        with writing:
            write_frame(answers, {"id": message["id"], **header}, body)

    with writing:
        write_frame(answers, {"id": None, "ok": True, "ready": True})
    while True:
        try:
            message = read_frame(requests)
        except EOFError:
            return
        threading.Thread(target=answer, args=(message,), daemon=True).start()


def _demote_long_queries(running: dict[int, float]) -> None:
    demoted: set[int] = set()
    while True:
        time.sleep(DEMOTE_AFTER / 2)
        now = time.monotonic()
        for thread, started in list(running.items()):
            if thread not in demoted and now - started > DEMOTE_AFTER:
                try:
                    os.setpriority(os.PRIO_PROCESS, thread, _LOWEST_PRIORITY)  # on Linux, per thread
                except OSError:
                    pass  # the thread has just finished
                demoted.add(thread)
        demoted &= set(running)


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
