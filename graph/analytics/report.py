"""The analysis `kg analyze` prints and writes: recurring partners, bridges, communities, and the networks as files."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from .data import NetworkData
from .export import network_files
from .measures import metrics
from .networks import bipartite, co_partnership, recurrence, roles_of


@dataclass(frozen=True)
class Analysis:
    text: str  # the tables, for a terminal
    files: dict[str, bytes]  # file name → content: CSV, GraphML and GEXF of the networks


def analyze(data: NetworkData, min_activities: int = 3, top: int = 10, seed: int = 7) -> Analysis:
    partners, projects = co_partnership(data), bipartite(data)
    measured = metrics(partners, seed)
    counts, roles = recurrence(data), roles_of(data)
    name = {org: partners.nodes[org]["label"] for org in partners}
    recurring = [(name[org], str(n), ", ".join(roles[org])) for org, n in counts.items() if n >= min_activities]
    bridges = [(name[org], str(touched), f"{between:.3f}") for org, touched, between in measured.bridges[:top]]
    shared = [c for c in measured.communities if len(c) > 1]
    sections = [
        f"Recurring partners: organisations in at least {min_activities} activities",
        _table(("organisation", "activities", "roles"), recurring, numeric={1}),
        f"Bridges: organisations whose co-partners are in other communities (top {top})",
        _table(("organisation", "communities touched", "betweenness"), bridges, numeric={1, 2}),
        f"Communities of co-partners (Louvain, seed {seed}), largest first; members by activities",
        "\n".join(textwrap.fill(", ".join(f"{name[org]} ({counts[org]})"
                                          for org in sorted(members, key=lambda o: (-counts[o], name[o]))),
                                width=118, initial_indent=f"{i:>2}. ", subsequent_indent="    ")
                  for i, members in enumerate(shared, 1))
        + f"\n({len(shared)} communities of two or more; {nx.number_of_isolates(partners)} organisations share no "
          "activity with another)\n",
    ]
    files = {**network_files("co-partnership", partners, measured),
             **network_files("bipartite", projects, metrics(projects, seed))}
    return Analysis("\n".join(sections), files)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    widths = [max([len(header[i])] + [len(row[i]) for row in rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"
