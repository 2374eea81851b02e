"""The catalogue's text as the graph cites it: RFC 5147 line fragments (…/fonte/<sha12>.txt#line=a,b) and the lines.

>>> LineRange.parse("https://x.org/data/fonte/ab12.txt#line=1503,1524").label
'righe 1504–1524'
>>> LineRange.parse("https://x.org/data/fonte/ab12.txt#line=4,5").label
'riga 5'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders import UnreadableInput, decode

_LINES = re.compile(r"^(?P<document>.+\.txt)#line=(?P<start>\d+),(?P<end>\d+)$")


@dataclass(frozen=True)
class LineRange:
    """An RFC 5147 line fragment of a catalogue's text rendition, as 1-based inclusive line numbers."""

    document: str
    first: int
    last: int

    @classmethod
    def parse(cls, iri: str) -> LineRange | None:
        found = _LINES.match(iri)
        if found is None:
            return None
        return cls(found["document"], int(found["start"]) + 1, max(int(found["end"]), int(found["start"]) + 1))

    @property
    def label(self) -> str:
        return f"riga {self.first}" if self.first == self.last else f"righe {self.first}–{self.last}"


def source_text(catalogue: Path, document: str) -> list[str] | None:
    """The lines of the catalogue whose text rendition is `document` (…/fonte/<sha12>.txt), if we hold it."""
    found = re.search(r"/fonte/([0-9a-f]{12})\.txt$", document)
    if found is None or not catalogue.is_file():
        return None
    sha, lines = _read_catalogue(catalogue, catalogue.stat().st_mtime_ns)
    return lines if sha.startswith(found.group(1)) else None


@lru_cache(maxsize=4)
def _read_catalogue(path: Path, _mtime: int) -> tuple[str, list[str]]:
    data = path.read_bytes()
    try:
        text = decode(data).text
    except UnreadableInput:
        text = ""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return hashlib.sha256(data).hexdigest(), lines
