"""A View as the page draws it: pyvis nodes and edges with the facts, quotes and activities the script filters
on, vis-network's options, and the choices of the filter form.

pyvis builds the network (add_node/add_edge); its own HTML is never used (it pulls Bootstrap and vis-network from
CDNs): the page is the service's template, with vis-network from this origin or inlined.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import networkx as nx
from pyvis.network import Network

from graph.analytics import NetworkData, Participation, lineage, recurrence

from .strings import strings
from .views import View, label_of

# node type → colour, shape, size (organisations are sized by recurrence instead)
TYPES: dict[str, tuple[str, str, int]] = {
    "project": ("#f08c00", "dot", 11),
    "service": ("#2b8a3e", "dot", 11),
    "organization": ("#1971c2", "dot", 14),
    "programme": ("#9c36b5", "diamond", 16),
    "area": ("#0c8599", "square", 24),
    "place": ("#868e96", "triangle", 8),
}
ACTIVITY_TYPES = ("project", "service")
STATUSES = ("ongoing", "planned", "completed")
ROLES = ("lead", "partner", "funder", "beneficiary", "implementer", "other")
FOCUS_BORDER = "#c92a2a"
LABEL_LENGTH = 40
QUOTE_LENGTH = 320
BIG = 400  # nodes from which the layout trades polish for speed
LAYER_SEPARATION, LAYER_ROW, PARENT_ROW = 400, 30, 50  # the funders' layers (px)
Href = Callable[[str], str]  # IRI → the address of its page


def node_type(attributes: Mapping) -> str:
    kind = attributes["kind"]
    if kind == "activity":
        return attributes["activity_kind"]
    if kind == "place":
        return "area" if attributes["place_kind"] == "area_interna" else "place"
    return kind


@dataclass(frozen=True, eq=False)
class _Facts:
    """What the tooltips and filters need to know about the view's activities, worked out once."""

    view: View
    words: dict

    @property
    def data(self) -> NetworkData:
        return self.view.data

    @cached_property
    def index(self) -> dict[str, int]:
        return {iri: i for i, iri in enumerate(sorted(self.view.universe))}

    @cached_property
    def by_organization(self) -> dict[str, list[Participation]]:
        found = defaultdict(list)
        for p in self.data.participations:
            found[p.organization].append(p)
        return found

    @cached_property
    def by_activity(self) -> dict[str, list[Participation]]:
        found = defaultdict(list)
        for p in self.data.participations:
            found[p.activity].append(p)
        return found

    @cached_property
    def programmes_of(self) -> dict[str, set[str]]:
        found = defaultdict(set)
        for link in self.data.programme_links:
            found[link.activity].update(lineage(self.data.programmes, link.programme))
        return found

    @cached_property
    def reaching(self) -> dict[str, set[str]]:
        """Place → the activities naming it, or naming a Comune inside it (its province, its aree interne)."""
        found = defaultdict(set)
        for link in self.data.place_links:
            place = self.data.places[link.place]
            above = [place.province, *place.areas] if place.kind == "comune" else []
            for reached in (link.place, *above):
                if reached:
                    found[reached].add(link.activity)
        return found

    @cached_property
    def recurrence(self) -> dict[str, int]:
        return recurrence(self.data)

    def acts(self, activities: Iterable[str]) -> list[list]:
        return [[self.index[a], []] for a in sorted(set(activities) & self.view.universe, key=self.index.get)]

    def label(self, iri: str) -> str:
        return label_of(self.data, iri)


def page_data(view: View, *, lang: str, href: Href) -> dict:
    """The JSON block of the page: nodes, edges, the activities they stand for, options, legend, script words.

    Nodes are numbered (their IRIs and pages ride along once each); an edge's tooltip is built by the script from
    its ends, its activities and its quote, so that thousands of edges repeat no names.
    """
    facts = _Facts(view, strings(lang))
    network = vis_network(view, facts, href)
    shapes = {node["group"]: node["shape"] for node in network.nodes}
    numbered: dict[str, int] = {}
    activities = [_activity_row(facts, iri, numbered) for iri in facts.index]
    words = facts.words
    return {
        "preset": view.preset,
        "lang": lang,
        "dynamicSize": view.dynamic_size,
        "fileName": f"rete-{view.preset}",
        "strings": {**words["script"], "roleNames": words["roles"], "typeNames": words["type"],
                    "statusNames": words["statuses"], "factNames": words["facts"], "since": words["since"],
                    "yes": words["yes"]},
        "activities": activities,
        "iris": list(numbered),
        "nodes": network.nodes,
        "edges": network.edges,
        "options": options(view, len(network.nodes)),
        "legend": [{"type": t, "label": words["types"][t], "color": TYPES[t][0], "shape": shapes[t]}
                   for t in TYPES if t in shapes],
    }


def vis_network(view: View, facts: _Facts, href: Href) -> Network:
    # directed=True whatever the view: pyvis scans every edge for a duplicate on each undirected add_edge
    # (quadratic); networkx already holds each edge once, and undirected views switch the arrows off per edge.
    network = Network(directed=True)
    positions = layered(view.graph) if view.hierarchical else {}
    number = {iri: n for n, iri in enumerate(sorted(view.graph))}
    for iri, n in number.items():
        attributes = view.graph.nodes[iri]
        kind = node_type(attributes)
        colour, shape, size = TYPES[kind]
        extra = dict(zip(("x", "y"), positions[iri], strict=True)) if positions else {}
        if positions and kind in ACTIVITY_TYPES:  # the last layer: labels inside boxes, so rows can be tight
            shape = "box"
        if iri == view.focus:
            extra.update(pinned=True, borderWidth=4, color={"background": colour, "border": FOCUS_BORDER})
        if kind == "organization":
            extra["value"] = facts.recurrence.get(iri, 1)
        else:
            extra["size"] = size
        if attributes["kind"] == "activity":  # its tooltip is made by the script, from its row of "activities"
            extra["activity"] = facts.index[iri]
        else:
            extra["tip"] = _node_tip(facts, iri, attributes, kind)
        network.add_node(n, label=_short(attributes["label"], LABEL_LENGTH), shape=shape, group=kind, **extra,
                         iri=iri, href=href(iri), acts=_node_acts(facts, iri, attributes))
    arrows = "to" if view.graph.is_directed() else ""
    for source, target, attributes in sorted(view.graph.edges(data=True)):
        extra = {"value": attributes["weight"]} if "weight" in attributes else {}
        if attributes.get("quote"):
            extra.update(quote=_short(attributes["quote"], QUOTE_LENGTH), lines=attributes.get("lines"))
        if attributes.get("via"):
            extra["via"] = facts.label(attributes["via"])
        network.add_edge(number[source], number[target], arrows=arrows, **extra,
                         acts=_edge_acts(facts, source, target, attributes),
                         roles=list(_edge_roles(facts, source, target, attributes)))
    return network


def layered(graph: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """Left-to-right layers by the nodes' "level": the last layer evenly spaced, in the order a walk from the
    first layer (largest first) meets it, and every other node level with the middle of its children (or just
    below the node above it).

    vis-network's own hierarchical layout leaves gaps of dozens of rows between the trees of a forest like this.
    """
    levels = sorted({attributes["level"] for _, attributes in graph.nodes(data=True)})
    if not levels:
        return {}
    last = levels[-1]
    order: dict[str, int] = {}

    def walk(node: str) -> None:
        if graph.nodes[node]["level"] == last:
            order.setdefault(node, len(order))
        for child in sorted(graph.successors(node), key=lambda n: graph.nodes[n]["label"].casefold()):
            walk(child)

    for root in sorted(graph, key=lambda n: (graph.nodes[n]["level"], -graph.out_degree(n),
                                             graph.nodes[n]["label"].casefold())):
        walk(root)
    y = {node: index * LAYER_ROW for node, index in order.items()}
    for level in reversed(levels[:-1]):
        members = [n for n in graph if graph.nodes[n]["level"] == level]
        wanted = {n: sum(y[c] for c in graph.successors(n)) / max(graph.out_degree(n), 1) for n in members}
        gap = PARENT_ROW * (len(levels) - 1 - levels.index(level))  # the first layer's nodes are the largest
        below = None
        for node in sorted(members, key=lambda n: (wanted[n], graph.nodes[n]["label"].casefold())):
            y[node] = wanted[node] if below is None else max(wanted[node], below + gap)
            below = y[node]
    middle = max(y.values()) / 2
    return {node: (levels.index(graph.nodes[node]["level"]) * LAYER_SEPARATION, round(y[node] - middle))
            for node in graph}


def options(view: View, nodes: int) -> dict:
    """vis-network's options: physics that settles in a bounded number of iterations, then stops (viz.js)."""
    big = nodes > BIG
    iterations = 400 if not big else 200 if nodes <= 2 * BIG else 120
    physics: dict = {"enabled": True, "minVelocity": 1.5,
                     "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True}}
    layout: dict = {"randomSeed": 7, "improvedLayout": nodes <= 150}
    edges: dict = {"color": {"color": "#b7c0cc", "highlight": "#0b5cad", "hover": "#5b6472"},
                   "smooth": False, "scaling": {"min": 1, "max": 9}}
    if view.hierarchical:
        # layered() placed every node: nothing to settle
        layout["improvedLayout"] = False
        physics["enabled"] = False
        edges["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}
    elif big:
        physics.update(solver="barnesHut", barnesHut={"gravitationalConstant": -9000, "centralGravity": 0.35,
                                                      "springLength": 110, "springConstant": 0.03,
                                                      "damping": 0.35, "avoidOverlap": 0.1})
    else:
        physics.update(solver="forceAtlas2Based", forceAtlas2Based={"gravitationalConstant": -70,
                                                                    "centralGravity": 0.012, "springLength": 110,
                                                                    "springConstant": 0.06, "avoidOverlap": 0.5})
    return {
        "autoResize": True,
        "layout": layout,
        "physics": physics,
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "color": "#1d2430"},
                  "borderWidth": 1, "scaling": {"min": 9, "max": 46}},
        "edges": edges,
        "groups": {kind: {"color": colour} for kind, (colour, _, _) in TYPES.items()},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
    }


def facets(view: View, *, lang: str, chosen: Mapping[str, list[str]]) -> dict:
    """The filter form's choices, those in `chosen` (the address's query) selected."""
    words, data = strings(lang), view.data
    activities = [data.activities[a] for a in sorted(view.universe)]
    present = {node_type(attributes) for _, attributes in view.graph.nodes(data=True)}
    types = [t for t in TYPES if t in present or (t in ACTIVITY_TYPES and activities)]
    wanted_types = set(chosen.get("type", [])) or set(types)
    funders = {p.organization for p in data.participations if p.activity in view.universe and p.role == "funder"}
    programmes = {p for a in view.universe for link in data.programme_links if link.activity == a
                  for p in lineage(data.programmes, link.programme)}
    roles = {p.role for p in data.participations if p.activity in view.universe}
    years = [y for a in activities for y in (a.start_year, a.end_year) if y is not None]

    def select(name: str, pairs: Iterable[tuple[str, str]]) -> dict:
        picked = (chosen.get(name) or [""])[0]
        return {"name": name, "label": words["page"][name],
                "options": [{"value": value, "label": label, "selected": value == picked} for value, label in pairs]}

    organisations = "organization" in present
    return {
        "types": [{"value": t, "label": words["types"][t], "checked": t in wanted_types} for t in types],
        "selects": [
            select("theme", ((t, t) for t in sorted({a.theme for a in activities if a.theme}, key=str.casefold))),
            select("funder", sorted(((f, data.organizations[f].name) for f in funders if f in data.organizations),
                                    key=lambda pair: pair[1].casefold())),
            select("programme", sorted(((p, data.programmes[p].label) for p in programmes if p in data.programmes),
                                       key=lambda pair: pair[1].casefold())),
            select("status", ((s, words["statuses"][s]) for s in STATUSES if any(a.status == s for a in activities))),
            *([select("role", ((r, words["roles"][r]) for r in ROLES if r in roles))] if organisations else []),
        ],
        "years": (min(years), max(years)) if years else ("", ""),
        "year_from": _year(chosen.get("from")),
        "year_to": _year(chosen.get("to")),
    }


# --- nodes --------------------------------------------------------------------------------------------------

def _node_acts(facts: _Facts, iri: str, attributes: Mapping) -> list[list]:
    """[activity index, roles] for each activity of the view this node stands for."""
    kind = attributes["kind"]
    if kind == "activity":
        return facts.acts([iri])
    if kind == "organization":
        roles: dict[str, set[str]] = defaultdict(set)
        for p in facts.by_organization[iri]:
            if p.activity in facts.view.universe:
                roles[p.activity].add(p.role)
        return [[facts.index[a], sorted(found)] for a, found in sorted(roles.items(), key=lambda i: facts.index[i[0]])]
    if kind == "programme":
        return facts.acts(a for a, found in facts.programmes_of.items() if iri in found)
    return facts.acts(facts.reaching[iri])


def _node_tip(facts: _Facts, iri: str, attributes: Mapping, kind: str) -> dict:
    words, data = facts.words, facts.data
    label = words["facts"]
    found: list[tuple[str, str]] = []
    quotes: list[dict] = []
    type_label = words["type"][kind]
    if attributes["kind"] == "organization":
        organisation = data.organizations.get(iri)
        if organisation is not None and organisation.type:
            type_label = f"{type_label} · {organisation.type}"
        counts: dict[str, set[str]] = defaultdict(set)
        for p in facts.by_organization[iri]:
            counts[p.role].add(p.activity)
        found += [(label["activities"], str(facts.recurrence.get(iri, 0)))]
        found += [(label["roles"], ", ".join(f"{words['roles'][r]} ({len(counts[r])})" for r in ROLES if counts[r]))]
        ranked = sorted(facts.by_organization[iri], key=lambda p: (p.activity not in facts.view.universe,
                                                                   p.role not in ("lead", "funder"), p.activity))
        quotes = [_quote(p.quote, p.lines) for p in ranked if p.quote][:2]
    elif attributes["kind"] == "programme":
        programme = data.programmes[iri]
        found += [(label["broader"], facts.label(programme.broader))] if programme.broader else []
        found += [(label["activities"], str(sum(iri in f for f in facts.programmes_of.values())))]
        quotes = [_quote(link.quote, link.lines) for link in data.programme_links
                  if link.programme == iri and link.quote][:1]
    else:
        place = data.places[iri]
        type_label = words["place_kinds"][place.kind]
        found += [(label["province"], facts.label(place.province))] if place.province else []
        found += [(label["activities"], str(len(facts.reaching[iri])))]
        quotes = [_quote(link.quote, link.lines) for link in data.place_links if link.place == iri and link.quote][:1]
    return {"title": attributes["label"], "type": type_label, "facts": found, "quotes": quotes}


# --- edges --------------------------------------------------------------------------------------------------

def _edge_acts(facts: _Facts, source: str, target: str, attributes: Mapping) -> list[int]:
    if "activities" in attributes:
        activities = attributes["activities"]
    else:
        activities = [end for end in (source, target) if end in facts.data.activities]
    return [row[0] for row in facts.acts(activities)]


def _edge_roles(facts: _Facts, source: str, target: str, attributes: Mapping) -> tuple[str, ...]:
    """The roles an edge stands for: a participation's, or "funder" for the funders' edges."""
    if "roles" in attributes:
        return attributes["roles"]
    if facts.view.preset == "funders" and source in facts.data.organizations:
        return ("funder",)
    return ()


# --- words ----------------------------------------------------------------------------------------------------

def _activity_row(facts: _Facts, iri: str, numbered: dict[str, int]) -> dict:
    """What the script filters an activity on and shows in its tooltip; funders and programmes are numbers in
    the block's "iris", and what an activity lacks is left out."""
    activity = facts.data.activities[iri]
    row = {"title": activity.title, "kind": activity.kind, "theme": activity.theme, "status": activity.status,
           "start": activity.start_year, "end": activity.end_year,
           "budget": _money(activity.budget, facts.words) if activity.budget is not None else None,
           "leads": sorted({facts.label(p.organization) for p in facts.by_activity[iri] if p.role == "lead"}),
           "ancilab": activity.ancilab, "lines": activity.lines,
           "funders": [numbered.setdefault(f, len(numbered))
                       for f in sorted({p.organization for p in facts.by_activity[iri] if p.role == "funder"})],
           "programmes": [numbered.setdefault(p, len(numbered)) for p in sorted(facts.programmes_of.get(iri, ()))]}
    return {name: value for name, value in row.items() if value not in (None, False, [])}


def _quote(text: str, lines: str | None) -> dict:
    return {"text": _short(text, QUOTE_LENGTH), "lines": lines}


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _money(amount: Decimal, words: dict) -> str:
    return words["money"].format(amount=f"{amount:,.0f}".replace(",", words["thousands"]))


def _year(given: list[str] | None) -> str:
    value = (given or [""])[0].strip()
    return value if value.isdigit() else ""

