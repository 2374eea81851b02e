"""A store that can be replaced while it serves (`kg serve --watch`): a new build is loaded beside the old
one, then takes over in one step; queries already running finish on the old store, which closes after them."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .engine import QueryRequest, SparqlStore
from .results import Written


class SwitchingStore:
    def __init__(self, store: SparqlStore, grace: float) -> None:
        self._current = store
        self._grace = grace  # how long the old store stays open for the queries running on it
        self._lock = threading.Lock()
        self.generation = 0  # counts the switches, so that caches of derived data know when to drop them

    @property
    def description(self) -> str:
        return f"{self._current.description}, replaced by each new build"

    def run(self, request: QueryRequest) -> Written:
        return self._current.run(request)

    def switch(self, store: SparqlStore) -> None:
        with self._lock:
            old, self._current = self._current, store
            self.generation += 1
        closer = threading.Timer(self._grace, old.close)
        closer.daemon = True
        closer.start()

    def close(self) -> None:
        self._current.close()


def signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a build replaces the file: inode, modification time, size (None if absent)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def watch(dump: Path, switching: SwitchingStore, open_new: Callable[[], SparqlStore], stop: threading.Event,
          interval: float = 1.0) -> None:
    """Poll `dump`; when a complete new one is there, open a store on it and switch to it. Runs until `stop`."""
    seen = signature(dump)
    while not stop.wait(interval):
        now = signature(dump)
        if now is None or now == seen:
            continue
        try:
            store = open_new()
        except OSError as exc:  # a broken build: keep serving the old one, try again on the next change
            print(f"kg: the new build at {dump} could not be opened, still serving the old one: {exc}",
                  file=sys.stderr, flush=True)
        else:
            switching.switch(store)
            print(f"kg: now serving the new build at {dump} ({store.description})", file=sys.stderr, flush=True)
        seen = now
