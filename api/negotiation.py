"""Content negotiation: the Accept header with its q-values, or an explicit `format` parameter.

>>> best("text/csv;q=0.5, application/sparql-results+json", ["text/csv", "application/sparql-results+json"])
'application/sparql-results+json'
>>> best("text/*;q=0.9, */*;q=0.1", ["application/n-triples", "text/turtle"])
'text/turtle'
>>> best("application/rdf+xml;q=0", ["application/rdf+xml"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.engine import Formats
from graph.results import GRAPH_FORMATS, SOLUTION_FORMATS


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """How specifically this range matches (2 exact, 1 type/*, 0 */*), or -1."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == kind and self.subtype == "*":
            return 1
        if self.type == kind and self.subtype == sub:
            return 2
        return -1


def parse_accept(header: str | None) -> list[_Range]:
    ranges = []
    for part in (header or "*/*").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        kind, _, sub = media.lower().partition("/")
        ranges.append(_Range(kind, sub, q))
    return ranges or [_Range("*", "*", 1.0)]


def quality(ranges: Sequence[_Range], media_type: str) -> float:
    """The q-value the most specific matching range gives `media_type` (0 when none matches)."""
    scored = [(r.matches(media_type), r.q) for r in ranges]
    scored = [s for s in scored if s[0] >= 0]
    return max(scored)[1] if scored else 0.0


def best(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers; ties go to the earlier offer. None when nothing is acceptable."""
    ranges = parse_accept(header)
    scored = [(quality(ranges, media), -i, media) for i, media in enumerate(offered)]
    q, _, media = max(scored)
    return media if q > 0 else None


# `format=` values people type, to our format keys (a media type works too)
_ALIASES = {
    "json": ("json", "jsonld"), "srj": ("json", None), "xml": ("xml", "rdfxml"), "srx": ("xml", None),
    "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"),
    "ntriples": (None, "ntriples"), "n-triples": (None, "ntriples"), "nt": (None, "ntriples"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"), "rdf-xml": (None, "rdfxml"), "rdf": (None, "rdfxml"),
}
_BY_MEDIA = {media: key for key, media in {**SOLUTION_FORMATS, **GRAPH_FORMATS}.items()}
_BY_MEDIA["application/json"] = "json"
_GRAPH_BY_MEDIA = {**{media: key for key, media in GRAPH_FORMATS.items()},
                   "text/plain": "ntriples", "application/json": "jsonld"}


class UnknownFormat(ValueError):
    pass


def negotiate(accept: str | None, format_param: str | None) -> Formats:
    """The format for each kind of answer: from `format` when given, else from Accept."""
    if format_param:
        return _from_parameter(format_param.strip())
    tabular = best(accept, list(SOLUTION_FORMATS.values()) + ["application/json"])
    graph = best(accept, list(GRAPH_FORMATS.values()) + ["text/plain", "application/json"])
    tabular_key = _BY_MEDIA[tabular] if tabular else None
    return Formats(boolean=tabular_key, solutions=tabular_key, graph=_GRAPH_BY_MEDIA[graph] if graph else None)


def _from_parameter(value: str) -> Formats:
    if value.lower() in _ALIASES:
        tabular, graph = _ALIASES[value.lower()]
    elif value.lower().split(";")[0].strip() in _BY_MEDIA:
        key = _BY_MEDIA[value.lower().split(";")[0].strip()]
        tabular, graph = (key, None) if key in SOLUTION_FORMATS else (None, key)
    else:
        raise UnknownFormat(f"unknown format {value!r}; use one of: {', '.join(sorted(_ALIASES))}, or a media type")
    boolean = tabular if tabular in ("json", "xml", "csv", "tsv") else None
    return Formats(boolean=boolean, solutions=tabular, graph=graph)
