"""Any SPARQL 1.1 endpoint as the store (`kg serve --store URL`), and pushing a build to one (`kg load URL`).

Answers are fetched in one exchange format (SPARQL JSON results, N-Triples), parsed by Oxigraph and written
again by graph.results, so the service answers the same formats, caps and announcements whatever the store.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from .engine import QueryFailed, QueryRequest, wanted
from .results import Written, capped, solution_rows, write_boolean, write_solutions, write_triples

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_FORM = "application/x-www-form-urlencoded"
_MAX_ANSWER_BYTES = 512 * 1024 * 1024


class RemoteStore:
    def __init__(self, endpoint: str, client: httpx.Client | None = None) -> None:
        self.endpoint = endpoint
        self.description = f"remote SPARQL endpoint {endpoint}"
        self._client = client or httpx.Client()

    def run(self, request: QueryRequest) -> Written:
        form = [("query", request.text)]
        form += [("default-graph-uri", g) for g in request.dataset.default_graphs]
        form += [("named-graph-uri", g) for g in request.dataset.named_graphs]
        try:
            response = self._client.post(self.endpoint, content=urlencode(form), timeout=request.time_limit,
                                         headers={"Accept": _ACCEPT, "Content-Type": _FORM})
        except httpx.TimeoutException:
            raise QueryFailed("timeout", f"the remote store gave no answer within {request.time_limit:g} s") from None
        except httpx.HTTPError as exc:
            raise QueryFailed("unavailable", f"the remote store at {self.endpoint} is unreachable: {exc}") from exc
        if response.status_code == 400:
            raise QueryFailed("syntax", f"the remote store refused the query: {response.text.strip()[:2000]}")
        if response.status_code != 200 or len(response.content) > _MAX_ANSWER_BYTES:
            raise QueryFailed("unavailable", f"the remote store answered {response.status_code}: "
                                             f"{response.text.strip()[:500]}")
        return self._rewrite(response, request)

    def _rewrite(self, response: httpx.Response, request: QueryRequest) -> Written:
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            if media_type == "application/n-triples":
                fmt = wanted(request.formats.graph, "an RDF graph (CONSTRUCT or DESCRIBE)")
                quads = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
                triples, truncated = capped((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                            request.row_cap)
                return write_triples(triples, fmt, truncated, request.prefixes)
            result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise QueryFailed("unavailable", f"the remote store's answer does not parse: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return write_boolean(bool(result), wanted(request.formats.boolean, "a boolean (ASK) answer"))
        fmt = wanted(request.formats.solutions, "a table of solutions (SELECT)")
        variables, rows, truncated = solution_rows(result, request.row_cap)
        return write_solutions(variables, rows, fmt, truncated)

    def close(self) -> None:
        self._client.close()


def push(dump: Path, store_url: str, client: httpx.Client | None = None) -> dict[str, int]:
    """Every named graph of a build's graph.nq PUT to a Graph Store Protocol endpoint; triples per graph."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    client = client or httpx.Client(timeout=300)
    for name, triples in sorted(graphs.items()):
        params = {"graph": name} if name else {"default": ""}
        try:
            response = client.put(store_url, params=params, headers={"Content-Type": "application/n-triples"},
                                  content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        except httpx.HTTPError as exc:
            raise OSError(f"{store_url} is unreachable: {exc}") from exc
        if response.status_code not in (200, 201, 204):
            raise OSError(f"{store_url} refused graph <{name or 'default'}>: {response.status_code} "
                          f"{response.text.strip()[:500]}")
    return {name: len(triples) for name, triples in graphs.items()}
