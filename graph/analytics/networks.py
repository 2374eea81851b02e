"""The networks, as networkx graphs computed from the network data: pure functions, a fresh graph on every call.

Node ids are IRIs (activities, organisations, programmes and places never share one), every node has a "kind"
(activity, organization, programme, place) and a "label"; the edges keep the catalogue's words ("quote") and
lines ("lines") where the graph has them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from .data import Activity, NetworkData, Organization, Participation, Place, Programme


@dataclass(frozen=True)
class Filters:
    """Which activities a network shows; an empty set (or an open end of `years`) does not filter."""

    kinds: frozenset[str] = frozenset()  # project, service
    themes: frozenset[str] = frozenset()  # theme labels
    funders: frozenset[str] = frozenset()  # organisation iris
    programmes: frozenset[str] = frozenset()  # iris; an activity of a narrower programme matches its broader one
    statuses: frozenset[str] = frozenset()  # ongoing, planned, completed
    roles: frozenset[str] = frozenset()  # participations shown; an activity needs at least one of them
    years: tuple[int | None, int | None] = (None, None)  # active in any year of the range


def selected_activities(data: NetworkData, filters: Filters) -> frozenset[str]:
    """The iris of the activities passing every filter."""
    funded_by, roles = defaultdict(set), defaultdict(set)
    for p in data.participations:
        roles[p.activity].add(p.role)
        if p.role == "funder":
            funded_by[p.activity].add(p.organization)
    programmes = defaultdict(set)
    for link in data.programme_links:
        programmes[link.activity].update(lineage(data.programmes, link.programme))
    return frozenset(iri for iri, a in data.activities.items() if all((
        not filters.kinds or a.kind in filters.kinds,
        not filters.themes or a.theme in filters.themes,
        not filters.statuses or a.status in filters.statuses,
        not filters.funders or funded_by[iri] & filters.funders,
        not filters.programmes or programmes[iri] & filters.programmes,
        not filters.roles or roles[iri] & filters.roles,
        active(a, *filters.years),
    )))


def active(activity: Activity, first: int | None, last: int | None) -> bool:
    """Whether the activity runs in some year of first…last (either end open).

    It runs from its start year (else its end year) to its end year; with no printed end, an ongoing activity is
    still running (open-ended, so the answer does not depend on today's date), any other runs in its first year
    only. An activity without dates matches no range.
    """
    if first is None and last is None:
        return True
    start = activity.start_year if activity.start_year is not None else activity.end_year
    if start is None:
        return False
    end = activity.end_year if activity.end_year is not None else (None if activity.status == "ongoing" else start)
    return (last is None or start <= last) and (first is None or end is None or end >= first)


def lineage(programmes: dict[str, Programme], iri: str) -> tuple[str, ...]:
    """The programme and the programmes it belongs to, narrowest first."""
    chain = [iri]
    while (up := programmes.get(chain[-1])) is not None and up.broader and up.broader not in chain:
        chain.append(up.broader)
    return tuple(chain)


def participations(data: NetworkData, filters: Filters = Filters()) -> tuple[Participation, ...]:
    """The participations in the selected activities whose role passes the filters."""
    selected = selected_activities(data, filters)
    return tuple(p for p in data.participations
                 if p.activity in selected and (not filters.roles or p.role in filters.roles))


def recurrence(data: NetworkData, filters: Filters = Filters()) -> dict[str, int]:
    """Organisation iri → how many selected activities it takes part in, most first."""
    counts = Counter(org for _, org in {(p.activity, p.organization) for p in participations(data, filters)})
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def roles_of(data: NetworkData, filters: Filters = Filters()) -> dict[str, tuple[str, ...]]:
    """Organisation iri → the roles it has in the selected activities, sorted."""
    found = defaultdict(set)
    for p in participations(data, filters):
        found[p.organization].add(p.role)
    return {org: tuple(sorted(roles)) for org, roles in found.items()}


# --- the networks -----------------------------------------------------------------------------------------------

def bipartite(data: NetworkData, filters: Filters = Filters()) -> nx.Graph:
    """Activities and the organisations taking part in them; an edge per pair, with every role it has."""
    graph = nx.Graph()
    for iri in sorted(selected_activities(data, filters)):
        graph.add_node(iri, **activity_attributes(data.activities[iri]))
    by_pair: dict[tuple[str, str], list[Participation]] = defaultdict(list)
    for p in participations(data, filters):
        by_pair[p.activity, p.organization].append(p)
    for (activity, org), found in sorted(by_pair.items()):
        graph.add_node(org, **organization_attributes(data, org))
        graph.add_edge(activity, org, roles=tuple(sorted({p.role for p in found})),
                       quote=_joined(p.quote for p in found), lines=_joined(p.lines for p in found))
    return graph


def co_partnership(data: NetworkData, filters: Filters = Filters(), min_weight: int = 1) -> nx.Graph:
    """Organisations, linked by the selected activities they share (weight: how many, at least `min_weight`)."""
    members: dict[str, set[str]] = defaultdict(set)
    for p in participations(data, filters):
        members[p.activity].add(p.organization)
    counts = recurrence(data, filters)
    graph = nx.Graph()
    for org in sorted(counts):
        graph.add_node(org, **organization_attributes(data, org), activity_count=counts[org])
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for activity, orgs in members.items():
        for pair in _pairs(orgs):
            shared[pair].append(activity)
    for (a, b), activities in sorted(shared.items()):
        if len(activities) >= min_weight:
            graph.add_edge(a, b, weight=len(activities), activities=tuple(sorted(activities)))
    return graph


def funding_network(data: NetworkData, filters: Filters = Filters()) -> nx.DiGraph:
    """Funder → programme → activity, and funder → activity where the activity names no programme.

    Programmes are counted for the programme they belong to (a PNRR component for the PNRR; the edge's "via"
    names the one the card names). The graph does not say through which programme a funder's money goes: a
    funder of an activity under a programme is drawn as funding through it (weight: how many such activities).
    Layers for a hierarchical layout: "level" 0 funders, 1 programmes, 2 activities.
    """
    selected = selected_activities(data, filters)
    funders: dict[str, list[Participation]] = defaultdict(list)
    for p in participations(data, filters):
        if p.role == "funder":
            funders[p.activity].append(p)
    programmes = _programme_roll_up(data, selected, top_only=True)
    graph = nx.DiGraph()
    through: dict[tuple[str, str], list[str]] = defaultdict(list)
    for activity in sorted(selected):
        if not funders[activity] and not programmes[activity]:
            continue
        graph.add_node(activity, **activity_attributes(data.activities[activity]), level=2)
        for programme, (via, quote) in sorted(programmes[activity].items()):
            graph.add_node(programme, **programme_attributes(data, programme), level=1)
            graph.add_edge(programme, activity, via=via, quote=quote)
        for p in funders[activity]:
            graph.add_node(p.organization, **organization_attributes(data, p.organization), level=0)
            if not programmes[activity]:
                graph.add_edge(p.organization, activity, quote=p.quote, lines=p.lines)
            for programme in programmes[activity]:
                through[p.organization, programme].append(activity)
    for (funder, programme), activities in sorted(through.items()):
        graph.add_edge(funder, programme, weight=len(activities), activities=tuple(sorted(activities)))
    return graph


def territory_network(data: NetworkData, filters: Filters = Filters(), area: str | None = None) -> nx.Graph:
    """Activities and the places they name, rolled up: an activity naming a Comune also reaches the Comune's
    province and aree interne (edge "via": the Comune). Edges have "kind" "coverage".

    With `area` (an area interna or a province): that area, its Comuni (those in the network data), each linked
    to it by an edge of kind "within", and every selected activity reaching any of them.
    """
    graph = _coverage(data, selected_activities(data, filters))
    if area is None:
        return graph
    if area not in data.places:
        raise KeyError(area)
    members = sorted(iri for iri, place in data.places.items() if place.province == area or area in place.areas)
    places = [area, *members]
    activities = {n for place in places if place in graph for n in graph[place]}
    view = nx.Graph(graph.subgraph([*places, *activities]))
    for place in places:
        view.add_node(place, **place_attributes(data.places[place]))
    for member in members:
        view.add_edge(member, area, kind="within", via=None, quote=None, lines=None)
    return view


def ego_network(data: NetworkData, focus: str, depth: int = 1, filters: Filters = Filters()) -> nx.Graph:
    """The neighbourhood of `focus` (any node id), `depth` 1 or 2 steps away, in the bipartite, programme and
    (rolled-up) territory networks together."""
    if depth not in (1, 2):
        raise ValueError(f"depth is 1 or 2, not {depth!r}")
    if not any(focus in known for known in (data.activities, data.organizations, data.programmes, data.places)):
        raise KeyError(focus)
    selected = selected_activities(data, filters)
    combined = nx.compose_all([bipartite(data, filters), _programmes(data, selected), _coverage(data, selected)])
    if focus not in combined:
        combined.add_node(focus, **node_attributes(data, focus))
    return nx.ego_graph(combined, focus, radius=depth)


# --- parts ------------------------------------------------------------------------------------------------------

def _coverage(data: NetworkData, selected: frozenset[str]) -> nx.Graph:
    graph = nx.Graph()
    for link in sorted(data.place_links, key=lambda link: (link.activity, link.place)):
        if link.activity not in selected:
            continue
        place = data.places[link.place]
        graph.add_node(link.activity, **activity_attributes(data.activities[link.activity]))
        for reached, via in ((place, None), *((data.places[up], place.iri) for up in _above(place))):
            graph.add_node(reached.iri, **place_attributes(reached))
            edge = graph.get_edge_data(link.activity, reached.iri)
            # a place the card names itself keeps that link; of several Comuni leading to it, the first says "via"
            if edge is None or (via is None and edge["via"] is not None):
                graph.add_edge(link.activity, reached.iri, kind="coverage", via=via, quote=link.quote,
                               lines=link.lines)
    return graph


def _above(place: Place) -> Iterator[str]:
    if place.kind == "comune":
        yield from ([place.province] if place.province else [])
        yield from place.areas


def _programmes(data: NetworkData, selected: frozenset[str]) -> nx.Graph:
    """Activities and the programmes they name and belong to (edge "via": the programme the card names)."""
    graph = nx.Graph()
    for activity, programmes in sorted(_programme_roll_up(data, selected, top_only=False).items()):
        for programme, (via, quote) in sorted(programmes.items()):
            graph.add_node(activity, **activity_attributes(data.activities[activity]))
            graph.add_node(programme, **programme_attributes(data, programme))
            graph.add_edge(activity, programme, via=via, quote=quote)
    return graph


def _programme_roll_up(data: NetworkData, selected: frozenset[str], top_only: bool
                       ) -> dict[str, dict[str, tuple[str | None, str | None]]]:
    """Activity → programme reached → (the narrower programme named on the card, or None; the card's words)."""
    found: dict[str, dict[str, tuple[str | None, str | None]]] = defaultdict(dict)
    for link in sorted(data.programme_links, key=lambda link: (link.activity, link.programme)):
        if link.activity not in selected:
            continue
        chain = lineage(data.programmes, link.programme)
        for programme in chain[-1:] if top_only else chain:
            via = None if programme == link.programme else link.programme
            if programme not in found[link.activity] or via is None:
                found[link.activity][programme] = (via, link.quote)
    return found


def _pairs(items: Iterable[str]) -> Iterator[tuple[str, str]]:
    ordered = sorted(items)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            yield a, b


def _joined(values: Iterable[str | None]) -> str | None:
    distinct = list(dict.fromkeys(v for v in values if v))
    return " | ".join(distinct) if distinct else None


# --- node attributes ------------------------------------------------------------------------------------------

def node_attributes(data: NetworkData, iri: str) -> dict:
    if iri in data.activities:
        return activity_attributes(data.activities[iri])
    if iri in data.programmes:
        return programme_attributes(data, iri)
    if iri in data.places:
        return place_attributes(data.places[iri])
    return organization_attributes(data, iri)


def activity_attributes(a: Activity) -> dict:
    return {"kind": "activity", "label": a.title, "activity_kind": a.kind, "status": a.status, "theme": a.theme,
            "start_year": a.start_year, "end_year": a.end_year, "budget": a.budget, "ancilab": a.ancilab,
            "source": a.source, "lines": a.lines}


def organization_attributes(data: NetworkData, iri: str) -> dict:
    org = data.organizations.get(iri) or Organization(iri, iri.rsplit("/", 1)[-1], iri.rsplit("/", 1)[-1], None)
    return {"kind": "organization", "label": org.name, "org_type": org.type}


def programme_attributes(data: NetworkData, iri: str) -> dict:
    programme = data.programmes.get(iri) or Programme(iri, iri.rsplit("/", 1)[-1], None)
    return {"kind": "programme", "label": programme.label, "broader": programme.broader}


def place_attributes(place: Place) -> dict:
    return {"kind": "place", "label": place.name, "place_kind": place.kind}
