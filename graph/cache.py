"""Answers kept in memory: an embedded store never changes while it is served, so a repeated query (the
canonical ones behind every page and REST route, above all) is answered without running again."""

from __future__ import annotations

import threading
from collections import OrderedDict

from .engine import QueryRequest, SparqlStore
from .results import Written


class CachedStore:
    """A store whose answers are kept, least recently used first out, within `max_bytes` of bodies."""

    def __init__(self, store: SparqlStore, max_bytes: int) -> None:
        self.store = store
        self.description = f"{store.description}, answers cached up to {max_bytes // 2**20} MB"
        self._max_bytes = max_bytes
        self._answers: OrderedDict[tuple, Written] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def run(self, request: QueryRequest) -> Written:
        key = (request.text, request.dataset, request.formats, request.row_cap, request.base_iri,
               tuple(sorted(request.prefixes.items())))
        with self._lock:
            if (kept := self._answers.get(key)) is not None:
                self._answers.move_to_end(key)
                return kept
        written = self.store.run(request)
        if len(written.body) <= self._max_bytes // 8:  # one huge answer must not empty the cache
            with self._lock:
                if key not in self._answers:
                    self._answers[key] = written
                    self._bytes += len(written.body)
                while self._bytes > self._max_bytes:
                    _, dropped = self._answers.popitem(last=False)
                    self._bytes -= len(dropped.body)
        return written

    def close(self) -> None:
        self.store.close()
