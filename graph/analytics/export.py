"""Networks as files for other tools: CSV tables, GraphML and GEXF (Gephi), with their measures on the nodes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal

import networkx as nx

from .measures import Metrics

_FIRST_COLUMNS = ("label", "kind", "weight")


def exportable(graph: nx.Graph, measured: Metrics | None = None) -> nx.Graph:
    """A copy that GraphML and GEXF can write (text, numbers and booleans only: lists joined with " | ", decimals
    as floats, missing values left out), with the measures as node attributes."""
    plain = graph.__class__()
    for node, attributes in graph.nodes(data=True):
        plain.add_node(node, **_plain(attributes))
        if measured is not None:
            plain.nodes[node].update(degree=measured.degree[node], betweenness=measured.betweenness[node],
                                     community=measured.community_of[node])
    plain.add_edges_from((a, b, _plain(attributes)) for a, b, attributes in graph.edges(data=True))
    return plain


def network_files(name: str, graph: nx.Graph, measured: Metrics | None = None) -> dict[str, bytes]:
    """NAME-nodes.csv, NAME-edges.csv, NAME.graphml and NAME.gexf."""
    plain = exportable(graph, measured)
    graphml, gexf = io.BytesIO(), io.BytesIO()
    nx.write_graphml(plain, graphml)
    nx.write_gexf(plain, gexf)
    return {
        f"{name}-nodes.csv": _csv(("id",), ((node,) for node in plain), (a for _, a in plain.nodes(data=True))),
        f"{name}-edges.csv": _csv(("source", "target"), ((a, b) for a, b in plain.edges),
                                  (a for _, _, a in plain.edges(data=True))),
        f"{name}.graphml": graphml.getvalue(),
        f"{name}.gexf": gexf.getvalue(),
    }


def _plain(attributes: Mapping[str, object]) -> dict[str, str | int | float | bool]:
    out: dict[str, str | int | float | bool] = {}
    for key, value in attributes.items():
        if isinstance(value, tuple | list | frozenset | set):
            value = " | ".join(str(v) for v in value) or None
        elif isinstance(value, Decimal):
            value = float(value)
        if value is not None:
            out[key] = value
    return out


def _csv(key_columns: tuple[str, ...], keys: Iterable[tuple], attributes: Iterable[Mapping[str, object]]) -> bytes:
    rows = [(key, dict(found)) for key, found in zip(keys, attributes, strict=True)]
    names = {name for _, found in rows for name in found}
    columns = [c for c in _FIRST_COLUMNS if c in names] + sorted(names - set(_FIRST_COLUMNS))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*key_columns, *columns])
    writer.writerows([*key, *("" if found.get(c) is None else found[c] for c in columns)] for key, found in rows)
    return buffer.getvalue().encode("utf-8")
