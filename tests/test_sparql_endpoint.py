"""The SPARQL endpoint on the bundled catalogue's graph: formats, negotiation, limits, refusals, concurrency."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import threading
import time
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from api.app import create_app
from api.cli import main
from graph.pool import EmbeddedStore
from graph.remote import RemoteStore

from .conftest import running, service_settings
from .oxigraph_server import free_port, oxigraph_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PROJECTS = ("SELECT ?p ?title WHERE { ?p a <https://w3id.org/italia/anci-lombardia/onto/Attivita> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?title } ORDER BY ?p")
CONSTRUCT = ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . "
             "FILTER(?s = <https://w3id.org/italia/anci-lombardia/data/ente/r_lombar>) }")
# A cartesian product of the whole graph with itself: about 10⁹ pairs, minutes of work, stopped by the limit.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }"


@pytest.fixture(scope="module")
def endpoint(service) -> str:
    return f"{service[0]}/sparql"


def get(endpoint: str, query: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(endpoint, params={"query": query, **params}, headers=headers, timeout=30)


def test_select_in_the_four_result_formats_agrees(endpoint):
    as_json = json.loads(get(endpoint, PROJECTS, "application/sparql-results+json").content)
    titles = [row["title"]["value"] for row in as_json["results"]["bindings"]]
    assert len(titles) >= 50

    xml = ElementTree.fromstring(get(endpoint, PROJECTS, "application/sparql-results+xml").content)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [b.find(f"{ns}literal").text for b in xml.iter(f"{ns}binding") if b.get("name") == "title"] == titles

    response = get(endpoint, PROJECTS, "text/csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["title"] for row in rows] == titles

    response = get(endpoint, PROJECTS, "text/tab-separated-values")
    lines = response.text.splitlines()
    assert lines[0] == "?p\t?title" and len(lines) == len(titles) + 1
    assert lines[1].split("\t")[0].startswith("<https://")


def test_construct_in_the_four_rdf_formats_is_one_graph(endpoint):
    graphs = {}
    for media_type, rdflib_format in [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                      ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]:
        response = get(endpoint, CONSTRUCT, media_type)
        assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
        graphs[media_type] = Graph().parse(data=response.content, format=rdflib_format)
    first = graphs["text/turtle"]
    assert len(first) > 5
    assert all(isomorphic(first, other) for other in graphs.values())


def test_accept_q_values_and_the_format_parameter(endpoint):
    response = get(endpoint, COUNT, "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1")
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    response = get(endpoint, COUNT, "application/sparql-results+xml", format="csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert get(endpoint, CONSTRUCT, format="json").headers["content-type"].startswith("application/ld+json")
    assert get(endpoint, COUNT, "image/png").status_code == 406
    assert get(endpoint, COUNT, format="yaml").status_code == 400


def test_construct_where_with_limit_and_describe_in_turtle(endpoint):
    response = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 7", "text/turtle")
    assert response.status_code == 200 and len(Graph().parse(data=response.text, format="turtle")) == 7
    response = get(endpoint, "DESCRIBE <https://w3id.org/italia/anci-lombardia/data/ente/r_lombar>", "text/turtle")
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) > 5


def test_service_description_without_a_query(endpoint):
    response = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    described = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in described
    assert len(list(described.objects(None, URIRef(sd + "namedGraph")))) >= 2


def test_cors(endpoint):
    response = httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "x-result-truncated" in response.headers["access-control-expose-headers"].lower()
    preflight = httpx.options(endpoint, headers={"Origin": "https://example.org", "Access-Control-Request-Method":
                                                 "POST", "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


@pytest.mark.parametrize("request_kwargs", [
    {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"update": "LOAD <http://127.0.0.1:9/evil.ttl>"}},
], ids=["insert", "drop", "load"])
def test_updates_are_refused(endpoint, request_kwargs):
    response = httpx.post(endpoint, **request_kwargs)
    assert response.status_code == 403 and "read-only" in response.text


def test_an_update_sent_as_a_query_is_a_syntax_error(endpoint):
    response = get(endpoint, "CLEAR ALL")
    assert response.status_code == 400 and "syntax" in response.text.lower()


def test_service_outside_the_allow_list_is_refused_before_any_connection(endpoint):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        for target in [f"http://127.0.0.1:{port}/sparql", f"http://localhost:{port}/", "http://10.0.0.1/sparql"]:
            response = get(endpoint, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
            assert response.status_code == 403 and "not allowed" in response.text
        response = get(endpoint, "SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?x) SERVICE ?x { ?s ?p ?o } }")
        assert response.status_code == 403
        with pytest.raises(TimeoutError):
            listener.accept()


def test_malformed_requests(endpoint):
    assert httpx.get(endpoint + "?query=%FF%FE").status_code == 400
    assert httpx.post(endpoint, content=b"ASK {}", headers={"Content-Type": "application/sparql-query; "
                                                                         "charset=latin-1"}).status_code == 415
    assert httpx.put(endpoint, content=b"ASK {}").status_code == 405
    big = "ASK {} #" + "x" * 1_100_000
    assert httpx.post(endpoint, content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert get(endpoint, "ASK {}", timeout="soon").status_code == 400


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(graph.query(COUNT))
    assert int(rows[0][0]) > 10_000


@pytest.fixture(scope="module")
def capped_endpoint(built_dist):
    store = EmbeddedStore.from_dump(built_dist[0], workers=2)
    try:
        with running(create_app(store, service_settings(KG_ROW_CAP="5", KG_TIME_LIMIT="8"))) as url:
            yield f"{url}/sparql"
    finally:
        store.close()


def test_the_row_cap_is_announced_never_silent(capped_endpoint):
    response = get(capped_endpoint, PROJECTS)
    assert len(response.json()["results"]["bindings"]) == 5
    assert response.headers["x-result-truncated"] == "true" and response.headers["x-result-limit"] == "5"
    response = get(capped_endpoint, "SELECT * WHERE { VALUES ?x { 1 2 3 } }")
    assert response.headers["x-result-truncated"] == "false" and response.headers["x-result-rows"] == "3"
    response = get(capped_endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(response.text.splitlines()) == 5 and response.headers["x-result-truncated"] == "true"


def test_a_query_past_its_time_limit_is_stopped_and_the_store_recovers(capped_endpoint):
    started = time.monotonic()
    response = get(capped_endpoint, HEAVY, timeout="1")
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "time limit" in response.text
    assert elapsed < 4
    for _ in range(3):  # the killed worker's replacement arrives; every query answers meanwhile
        assert get(capped_endpoint, "ASK {}").json()["boolean"] is True


def test_a_slow_query_never_blocks_a_trivial_one(capped_endpoint):
    """While a ≥ 5 s query runs, ASK {} from another client answers fast (the figure is printed)."""
    slow = {}

    def run_slow():
        started = time.monotonic()
        slow["status"] = get(capped_endpoint, HEAVY, timeout="6").status_code
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    timings = []
    with httpx.Client() as client:
        while thread.is_alive() and len(timings) < 40:
            started = time.perf_counter()
            assert client.get(capped_endpoint, params={"query": "ASK {}"}).json()["boolean"] is True
            timings.append((time.perf_counter() - started) * 1000)
            time.sleep(0.1)
    thread.join()
    assert slow["seconds"] >= 5 and slow["status"] == 503
    timings.sort()
    print(f"\nASK during a {slow['seconds']:.1f} s query: {len(timings)} answers, median "
          f"{timings[len(timings) // 2]:.1f} ms, max {timings[-1]:.1f} ms")
    assert timings[-1] < 1000  # generous for a loaded CI machine; the figure measured here goes in the notes
    assert timings[len(timings) // 2] < 100


def test_the_remote_store_mode_matches_the_embedded_one(tmp_path, built_dist, endpoint):
    """`kg load` pushes the build into a real Oxigraph server; `--store URL` then answers like the embedded store."""
    dist = built_dist[0]
    with oxigraph_server(tmp_path / "oxigraph", read_only=False) as oxigraph_url:
        assert main(["load", f"{oxigraph_url}/store", "--graph", str(dist)]) == 0
        store = RemoteStore(f"{oxigraph_url}/query")
        try:
            with running(create_app(store, service_settings())) as url:
                remote = get(f"{url}/sparql", PROJECTS).json()
                assert get(f"{url}/sparql", COUNT).json() == get(endpoint, COUNT).json()
        finally:
            store.close()
    assert remote == get(endpoint, PROJECTS).json()


def test_kg_serve_starts_and_prints_its_url(built_dist):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--store", str(built_dist[0]), "--port",
                                str(port)], stderr=subprocess.PIPE, text=True)
    try:
        banner = ""
        deadline = time.monotonic() + 30
        while f"http://127.0.0.1:{port}/" not in banner and time.monotonic() < deadline:
            banner += process.stderr.readline()
        assert f"http://127.0.0.1:{port}/sparql" in banner
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"})
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "kg serve printed its URL but never answered"
                time.sleep(0.05)
        assert response.json()["boolean"] is True
    finally:
        process.terminate()
        process.wait(10)
