"""The network view's presets: which analytics network a view shows, and what its filters run on.

A View is language-neutral; viz.page turns it into the nodes, edges and options the page draws. Every preset
takes the NetworkData and Filters of graph.analytics and calls the same analytics function a test or the
`kg analyze` command would, so the page shows exactly those nodes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graph.analytics import (
    Filters,
    NetworkData,
    co_partnership,
    ego_network,
    funding_network,
    selected_activities,
    territory_network,
)

PRESETS = ("recurring", "funders", "area", "ego")
EVERYTHING = Filters()  # no filter


class UnknownEntity(KeyError):
    """The focus or the area asked for is not in the network data."""


@dataclass(frozen=True, eq=False)
class View:
    preset: str  # one of PRESETS
    graph: nx.Graph  # the analytics network shown
    data: NetworkData
    universe: frozenset[str]  # the activities the page's filters choose among
    focus: str | None = None  # the ego network's centre, or the area shown
    depth: int | None = None
    dynamic_size: bool = False  # organisation sizes follow the filters (their nodes stand for all their activities)
    hierarchical: bool = False


def recurring_view(data: NetworkData, filters: Filters = EVERYTHING) -> View:
    """Organisations sized by how many activities they take part in, linked by the activities they share."""
    return View("recurring", co_partnership(data, filters), data, selected_activities(data, filters),
                dynamic_size=True)


def funders_view(data: NetworkData, filters: Filters = EVERYTHING) -> View:
    """Funder → programme → activity, drawn as layers."""
    graph = funding_network(data, filters)
    return View("funders", graph, data, _activities_in(graph, data), hierarchical=True)


def area_view(data: NetworkData, filters: Filters = EVERYTHING, area: str | None = None) -> View:
    """An area interna (by default the one most activities touch), its Comuni and the activities touching them."""
    chosen = area if area is not None else default_area(data, filters)
    if chosen is None or chosen not in data.places:
        raise UnknownEntity(chosen)
    graph = territory_network(data, filters, chosen)
    return View("area", graph, data, _activities_in(graph, data), focus=chosen)


def ego_view(data: NetworkData, focus: str, depth: int = 1, filters: Filters = EVERYTHING) -> View:
    """Whatever is one or two steps from `focus` (an activity, organisation, programme or place)."""
    try:
        graph = ego_network(data, focus, depth, filters)
    except KeyError as missing:
        raise UnknownEntity(focus) from missing
    return View("ego", graph, data, _activities_in(graph, data), focus=focus, depth=depth)


def area_counts(data: NetworkData, filters: Filters = EVERYTHING) -> dict[str, int]:
    """Area interna iri → how many selected activities touch it (naming it or one of its Comuni), most first,
    then by name."""
    selected = selected_activities(data, filters)
    touching: dict[str, set[str]] = {iri: set() for iri, place in data.places.items() if place.kind == "area_interna"}
    for link in data.place_links:
        if link.activity not in selected:
            continue
        place = data.places[link.place]
        for area in (link.place, *place.areas):
            if area in touching:
                touching[area].add(link.activity)
    counts = Counter({area: len(found) for area, found in touching.items()})
    return dict(sorted(counts.items(), key=lambda item: (-item[1], data.places[item[0]].name.casefold())))


def default_area(data: NetworkData, filters: Filters = EVERYTHING) -> str | None:
    return next(iter(area_counts(data, filters)), None)


def find_area(data: NetworkData, wanted: str) -> str:
    """An area interna by IRI, by the last segment of its IRI, or by name (any case)."""
    folded = wanted.strip().casefold()
    for iri, place in data.places.items():
        if place.kind == "area_interna" and folded in (iri.casefold(), iri.rstrip("/").rsplit("/", 1)[-1].casefold(),
                                                       place.name.casefold()):
            return iri
    raise UnknownEntity(wanted)


def label_of(data: NetworkData, iri: str) -> str:
    """The name the network data gives an activity, organisation, programme or place (else the IRI)."""
    if iri in data.activities:
        return data.activities[iri].title
    if iri in data.organizations:
        return data.organizations[iri].name
    if iri in data.programmes:
        return data.programmes[iri].label
    return data.places[iri].name if iri in data.places else iri


def _activities_in(graph: nx.Graph, data: NetworkData) -> frozenset[str]:
    return frozenset(node for node in graph if node in data.activities)
