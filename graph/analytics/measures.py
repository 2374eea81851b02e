"""Measures of a network: centralities, communities (Louvain, seeded) and the nodes bridging communities."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Metrics:
    degree: dict[str, float]  # degree centrality
    betweenness: dict[str, float]  # normalised, counted in hops
    communities: tuple[frozenset[str], ...]  # largest first
    community_of: dict[str, int]  # node → index in `communities`
    # (node, how many other communities its neighbours belong to, betweenness), most bridging first
    bridges: tuple[tuple[str, int, float], ...]


def metrics(graph: nx.Graph, seed: int = 7) -> Metrics:
    """Centralities, Louvain communities (weighted by "weight", fixed seed) and bridges; `graph` is left as it was."""
    if graph.number_of_nodes() == 0:
        return Metrics({}, {}, (), {}, ())
    degree = nx.degree_centrality(graph)
    # Betweenness in hops: edge weights here are strengths (shared activities), not distances.
    betweenness = nx.betweenness_centrality(graph)
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    communities = tuple(sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c))))
    community_of = {node: i for i, members in enumerate(communities) for node in members}
    touched = {node: len({community_of[n] for n in nx.all_neighbors(graph, node)} - {community_of[node]})
               for node in graph}
    bridges = sorted(((node, count, betweenness[node]) for node, count in touched.items() if count),
                     key=lambda b: (-b[1], -b[2], b[0]))
    return Metrics(degree, betweenness, communities, community_of, tuple(bridges))
