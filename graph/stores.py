"""Opening the store the service answers from, by what the user points at."""

from __future__ import annotations

from pathlib import Path

from .engine import SparqlStore
from .pool import EmbeddedStore
from .remote import RemoteStore


def open_store(spec: str | Path, workers: int) -> SparqlStore:
    """A SPARQL endpoint URL, an Oxigraph store directory, a build directory or a dump file."""
    text = str(spec)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text)
    path = Path(spec)
    if (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*")):
        return EmbeddedStore(path, workers)
    return EmbeddedStore.from_dump(path, workers)
