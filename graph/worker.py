"""A query worker process: opens the on-disk store read-only and answers framed requests on stdin/stdout.

Oxigraph cannot cancel a running query from Python, so each query runs in a worker the pool can kill when the
time limit passes; a killed worker takes nothing else down with it.

Frames: a request is a 4-byte big-endian length and a JSON object (QueryRequest.as_message). An answer is a
4-byte length and a JSON header (`ok`, then `media_type`, `kind`, `rows`, `truncated`, `length`, or `reason`
and `message`), followed by `length` bytes of body.
"""

from __future__ import annotations

import json
import struct
import sys
from typing import BinaryIO

import pyoxigraph as ox

from .engine import QueryFailed, QueryRequest, evaluate

_LENGTH = struct.Struct(">I")


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
    write_frame(answers, {"ok": True, "ready": True})
    while True:
        try:
            message = read_frame(requests)
        except EOFError:
            return
        try:
            written = evaluate(store, QueryRequest.from_message(message))
        except QueryFailed as failure:
            write_frame(answers, {"ok": False, "reason": failure.reason, "message": failure.message})
            continue
        write_frame(answers, {"ok": True, "media_type": written.media_type, "kind": written.kind,
                              "rows": written.rows, "truncated": written.truncated, "length": len(written.body)},
                    written.body)


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
