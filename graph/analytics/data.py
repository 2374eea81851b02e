"""The network data: activities, organisations, roles, programmes and places, read from the graph by SPARQL SELECT.

networkx is a view, not a second store: everything the networks are made of is read here through a `Select` (SPARQL
text → SPARQL JSON bindings) running the queries/network-*.rq queries, so the same code works on the embedded store
and on a remote endpoint, and nothing is kept beside the RDF graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import pyoxigraph as ox

from ontology import DEFAULT_BASE, Namespaces

from ..engine import Formats, QueryRequest, SparqlStore, evaluate
from ..queries import load_queries, prefix_block
from ..results import Written

T = TypeVar("T")
Select = Callable[[str], list[dict[str, dict]]]  # SPARQL text → SPARQL JSON bindings (var → {"type", "value", …})

# The whole answer is needed: a cut answer would silently drop nodes and edges.
_ROW_CAP = 1_000_000
_LINES = re.compile(r"#line=(\d+),(\d+)$")
# the scheme a place is listed in (alv:territorio/…) → its kind
_PLACE_KINDS = {"comune": "comune", "provincia": "provincia", "citta-metropolitana": "citta_metropolitana",
                "area-interna": "area_interna", "regione": "regione", "stato": "stato"}


@dataclass(frozen=True)
class Activity:
    iri: str
    id: str  # the slug after /progetto/
    title: str
    kind: str  # project | service
    status: str  # ongoing | planned | completed
    theme: str | None  # label
    start_year: int | None
    end_year: int | None
    budget: Decimal | None
    source: str | None  # the card's catalogue lines: …/fonte/<sha12>.txt#line=a,b
    lines: str | None  # the same lines as printed, 1-based: "1452–1476"
    ancilab: bool


@dataclass(frozen=True)
class Organization:
    iri: str
    key: str  # the slug after /ente/
    name: str
    type: str | None  # label of its type, when the registry knows it


@dataclass(frozen=True)
class Participation:
    activity: str
    organization: str
    role: str  # lead | partner | funder | beneficiary | implementer | other
    quote: str | None
    lines: str | None


@dataclass(frozen=True)
class Programme:
    iri: str
    label: str
    broader: str | None


@dataclass(frozen=True)
class ProgrammeLink:
    activity: str
    programme: str
    quote: str | None
    lines: str | None = None


@dataclass(frozen=True)
class Place:
    iri: str
    name: str
    kind: str  # comune | provincia | citta_metropolitana | area_interna | regione | stato | altro
    province: str | None  # iri
    areas: tuple[str, ...]  # the aree interne it belongs to (iris)


@dataclass(frozen=True)
class PlaceLink:
    activity: str
    place: str
    quote: str | None
    lines: str | None = None


@dataclass(frozen=True)
class NetworkData:
    activities: dict[str, Activity]
    organizations: dict[str, Organization]
    participations: tuple[Participation, ...]
    programmes: dict[str, Programme]
    programme_links: tuple[ProgrammeLink, ...]
    # the places activities name, their provinces and aree interne, and every Comune of those aree interne
    places: dict[str, Place]
    place_links: tuple[PlaceLink, ...]


# --- selecting --------------------------------------------------------------------------------------------------

def store_select(store: ox.Store) -> Select:
    """Queries on an in-memory or embedded pyoxigraph Store, over the union of its named graphs."""
    return lambda text: _bindings(evaluate(store, _request(text)))


def sparql_select(store: SparqlStore, time_limit: float = 30.0) -> Select:
    """Queries on the service's store (embedded worker processes or a remote endpoint); blocking."""
    return lambda text: _bindings(store.run(_request(text, time_limit)))


def _request(text: str, time_limit: float = 30.0) -> QueryRequest:
    return QueryRequest(text, formats=Formats(solutions="json"), row_cap=_ROW_CAP, time_limit=time_limit)


def _bindings(written: Written) -> list[dict[str, dict]]:
    if written.truncated:
        raise ValueError(f"the store cut the answer at {written.rows} rows; the network needs all of them")
    return json.loads(written.body)["results"]["bindings"]


# --- reading ----------------------------------------------------------------------------------------------------

def read_network(select: Select, base: str = DEFAULT_BASE) -> NetworkData:
    """Everything the networks are made of, in six SELECT queries (queries/network-*.rq)."""
    queries, prefixes = load_queries(), prefix_block(Namespaces.at(base))

    def rows(name: str) -> list[dict[str, str]]:
        return [{var: cell["value"] for var, cell in row.items()}
                for row in select(queries[f"network-{name}"].text(prefixes))]

    links = rows("links")
    return NetworkData(
        activities={a.iri: a for a in _keep_first(map(_activity, rows("activities")), lambda a: a.iri)},
        organizations={r["organization"]: Organization(r["organization"], r["organization"].rsplit("/ente/", 1)[-1],
                                                       r["name"], r.get("type"))
                       for r in rows("organizations")},
        participations=tuple(_keep_first(
            (Participation(r["activity"], r["organization"], r["role"], r.get("quote"), human_lines(r.get("lines")))
             for r in rows("participations")), lambda p: (p.activity, p.organization, p.role))),
        programmes={r["programme"]: Programme(r["programme"], r["label"], r.get("broader"))
                    for r in rows("programmes")},
        programme_links=tuple(_keep_first(
            (ProgrammeLink(r["activity"], r["target"], r.get("quote"), human_lines(r.get("lines")))
             for r in links if r["link"] == "programme"), lambda link: (link.activity, link.programme))),
        places=_places(rows("places")),
        place_links=tuple(_keep_first(
            (PlaceLink(r["activity"], r["target"], r.get("quote"), human_lines(r.get("lines")))
             for r in links if r["link"] == "place"), lambda link: (link.activity, link.place))),
    )


def human_lines(iri: str | None) -> str | None:
    """The catalogue lines of an RFC 5147 fragment (#line=a,b: after line a up to line b) as printed, 1-based.

    >>> human_lines("https://example.org/data/fonte/a28a3f6c7719.txt#line=1451,1476")
    '1452–1476'
    >>> human_lines("https://example.org/data/fonte/a28a3f6c7719.txt#line=720,721")
    '721'
    """
    found = _LINES.search(iri or "")
    if found is None:
        return None
    first, last = int(found.group(1)) + 1, int(found.group(2))
    return str(first) if first >= last else f"{first}–{last}"


def _activity(r: dict[str, str]) -> Activity:
    return Activity(
        iri=r["activity"], id=r["id"], title=r["title"], kind=r["kind"], status=r["status"], theme=r.get("theme"),
        start_year=_year(r.get("start")), end_year=_year(r.get("end")),
        budget=Decimal(r["budget"]) if "budget" in r else None, source=r["source"],
        lines=human_lines(r["source"]), ancilab=r["ancilab"] == "true")


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date else None  # xsd:date or xsd:gYearMonth


def _places(rows: list[dict[str, str]]) -> dict[str, Place]:
    first: dict[str, dict[str, str]] = {}
    areas: dict[str, set[str]] = {}
    for r in rows:  # one row per place and area interna
        first.setdefault(r["place"], r)
        areas.setdefault(r["place"], set()).update([r["area"]] if "area" in r else [])
    return {iri: Place(iri, r["name"], _PLACE_KINDS.get(r["kind"], "altro"), r.get("province"),
                       tuple(sorted(areas[iri])))
            for iri, r in first.items()}


def _keep_first(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """Each item once by its key, the first row kept (a link quoted twice on a card is still one link)."""
    kept: dict[Hashable, T] = {}
    for item in items:
        kept.setdefault(key(item), item)
    return list(kept.values())
