"""SPARQL abuse on a server on 127.0.0.1: refused, bounded or stopped, and the service keeps answering.

(SERVICE calls to local, private and unlisted hosts, and the row cap, are in test_sparql_endpoint.py.)
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from graph.pool import EmbeddedStore

from .conftest import running, service_settings

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }"  # ~10⁹ pairs: minutes, unless stopped


@pytest.fixture(scope="module")
def endpoint(built_dist):
    store = EmbeddedStore.from_dump(built_dist[0], workers=2)
    try:
        with running(create_app(store, service_settings(KG_TIME_LIMIT="4"))) as url:
            yield f"{url}/sparql"
    finally:
        store.close()


def still_answers(endpoint: str) -> bool:
    return httpx.get(endpoint, params={"query": "ASK {}"}, timeout=10).json()["boolean"] is True


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/evil.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/italia/anci-lombardia/graph/territori>",
])
@pytest.mark.parametrize("how", ["form", "direct", "query-string"])
def test_updates_are_refused(endpoint, update, how):
    if how == "form":
        response = httpx.post(endpoint, data={"update": update})
    elif how == "direct":
        response = httpx.post(endpoint, content=update, headers={"Content-Type": "application/sparql-update"})
    else:
        response = httpx.get(endpoint, params={"update": update})
    assert response.status_code == 403 and "read-only" in response.text
    assert httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True  # nothing went


def test_a_cartesian_product_of_the_whole_graph_is_stopped_at_the_time_limit(endpoint):
    started = time.monotonic()
    response = httpx.get(endpoint, params={"query": HEAVY}, timeout=30)
    assert response.status_code == 503 and "time limit of 4 s" in response.text
    assert time.monotonic() - started < 8
    assert still_answers(endpoint)


def test_a_10_mb_query_is_refused_unread(endpoint):
    body = b"ASK {} #" + b"x" * 10_000_000
    response = httpx.post(endpoint, content=body, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 413
    response = httpx.post(endpoint, data={"query": body.decode()}, timeout=30)
    assert response.status_code == 413


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 5_000 + "}" * 5_000,
    "SELECT * WHERE { FILTER(" + "(" * 100_000 + "1" + ")" * 100_000 + ") }",
    "SELECT * WHERE { VALUES ?x { " + "[" * 1_000 + "]" * 1_000 + " } }",
], ids=["braces", "parentheses", "brackets"])
def test_deeply_nested_queries_are_refused_before_they_reach_the_parser(endpoint, query):
    response = httpx.post(endpoint, content=query, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 400 and "nests" in response.text
    assert still_answers(endpoint)


def test_regular_expression_bombs_are_bounded(endpoint):
    # Oxigraph's regex engine is linear in the text: catastrophic backtracking cannot happen.
    started = time.monotonic()
    response = httpx.get(endpoint, params={"query": 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a+)+$")) }',
                                           "timeout": "3"}, timeout=30)
    assert response.status_code in (200, 503) and time.monotonic() - started < 6
    # A pattern that is costly to compile is stopped by the time limit like any other query.
    started = time.monotonic()
    response = httpx.get(endpoint, params={"query": 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), '
                                           '"(((a{100}){100}){100}){100}")) }', "timeout": "2"}, timeout=30)
    assert response.status_code in (200, 400, 503) and time.monotonic() - started < 5
    assert still_answers(endpoint)


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "url": "?query=%ZZASK%20%7B%7D"},
    {"method": "GET", "url": "?query=%FF%FE%FD"},
    {"method": "POST", "content": b"query=%C3%28", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    {"method": "POST", "content": "ASK {}".encode("utf-16"), "headers": {"Content-Type": "application/sparql-query"}},
    {"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "application/sparql-query; charset=\""}},
    {"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": ";;;"}},
    {"method": "GET", "url": "?query=ASK%20%7B%7D&timeout=NaN"},
    {"method": "GET", "url": "?query=ASK%20%7B%7D&format=%00"},
], ids=["bad-percent", "non-utf8-percent", "non-utf8-form", "utf16-body", "broken-charset", "broken-content-type",
        "nan-timeout", "nul-format"])
def test_malformed_requests_get_a_4xx_never_a_5xx(endpoint, request_kwargs):
    kwargs = dict(request_kwargs)
    url = endpoint + kwargs.pop("url", "")
    response = httpx.request(kwargs.pop("method"), url, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert still_answers(endpoint)


def test_fifty_slow_queries_do_not_starve_a_trivial_one(built_dist):
    """50 clients run queries that take the whole time limit; ASK {} from another keeps answering fast."""
    store = EmbeddedStore.from_dump(built_dist[0], workers=2)
    try:
        with running(create_app(store, service_settings(KG_TIME_LIMIT="6"))) as url:
            endpoint = f"{url}/sparql"
            statuses = []
            slow = [threading.Thread(target=lambda: statuses.append(
                httpx.get(endpoint, params={"query": HEAVY}, timeout=60).status_code)) for _ in range(50)]
            for thread in slow:
                thread.start()
            time.sleep(1)
            memory_before = workers_rss_mb(store)
            timings = []
            with httpx.Client() as client:
                while len(timings) < 40:
                    started = time.perf_counter()
                    assert client.get(endpoint, params={"query": "ASK {}"}).json()["boolean"] is True
                    timings.append(1000 * (time.perf_counter() - started))
                    time.sleep(0.05)
            memory_during = workers_rss_mb(store)
            for thread in slow:
                thread.join()
            assert still_answers(endpoint)
    finally:
        store.close()
    timings.sort()
    p99 = timings[int(0.99 * (len(timings) - 1))]
    print(f"\nASK among 50 slow queries: median {timings[len(timings) // 2]:.1f} ms, p99 {p99:.1f} ms; query "
          f"workers' memory {memory_before:.0f} → {memory_during:.0f} MB")
    assert statuses.count(503) == 50  # each stopped at its time limit, none lost
    assert p99 < 200
    assert memory_during < 1024  # bounded: 2 workers on the bundled graph, whatever the load


def workers_rss_mb(store: EmbeddedStore) -> float:
    total = 0
    for worker in store._workers:
        status = Path(f"/proc/{worker.process.pid}/status").read_text()
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return total / 1024
