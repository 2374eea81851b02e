"""The answer cache in front of the embedded store: same answers, bounded memory, failures never kept."""

from __future__ import annotations

import pytest

from graph.cache import CachedStore
from graph.engine import Formats, QueryFailed, QueryRequest
from graph.pool import EmbeddedStore


@pytest.fixture(scope="module")
def embedded(built_dist):
    store = EmbeddedStore.from_dump(built_dist[0], workers=1)
    yield store
    store.close()


def test_repeated_queries_get_the_same_answer_kept_within_its_bound(embedded):
    cached = CachedStore(embedded, max_bytes=2048)
    queries = [f"SELECT ?s WHERE {{ ?s ?p ?o }} ORDER BY ?s LIMIT {n}" for n in (1, 2, 3)] + ["ASK { ?s ?p ?o }"]
    first = [cached.run(QueryRequest(q)) for q in queries]
    again = [cached.run(QueryRequest(q)) for q in queries]
    assert [w.body for w in first] == [w.body for w in again] == [embedded.run(QueryRequest(q)).body for q in queries]
    assert 0 < cached._bytes <= 2048
    as_csv = cached.run(QueryRequest(queries[0], formats=Formats(solutions="csv")))
    assert as_csv.media_type == "text/csv" and as_csv.body != first[0].body  # the format is part of the key


def test_failures_are_not_kept(embedded):
    cached = CachedStore(embedded, max_bytes=1 << 20)
    for _ in range(2):
        with pytest.raises(QueryFailed):
            cached.run(QueryRequest("SELECT WHERE {"))
    assert cached._bytes == 0
