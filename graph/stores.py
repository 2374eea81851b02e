"""Opening the store the service answers from, by what the user points at."""

from __future__ import annotations

from pathlib import Path

from .cache import CachedStore
from .engine import SparqlStore
from .pool import EmbeddedStore
from .remote import RemoteStore


def open_store(spec: str | Path, workers: int, cache_bytes: int = 0) -> SparqlStore:
    """A SPARQL endpoint URL, an Oxigraph store directory, a build directory or a dump file.

    Answers of the embedded store are cached (`cache_bytes`, 0: not at all); a remote store's data may change
    behind our back, so its answers never are.
    """
    text = str(spec)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text)
    path = Path(spec)
    if (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*")):
        store = EmbeddedStore(path, workers)
    else:
        store = EmbeddedStore.from_dump(path, workers)
    return CachedStore(store, cache_bytes) if cache_bytes > 0 else store
