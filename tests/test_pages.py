"""Linked data over a real server: entity pages and RDF documents, provenance, paging, 404s, dumps, catalogue."""

from __future__ import annotations

import http.client
import re
from urllib.parse import quote, urlsplit

import httpx
import pytest
from markupsafe import escape
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from tests.conftest import running, service_settings

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROJECT_ID = "accompagnamento-formativo-e-informativo-agli-enti-locali-nell"
STRATEGY_ID = "costruzione-e-attuazione-della-strategia-regionale-aree-interne"
RO = Namespace("https://w3id.org/italia/onto/RO/")
DCAT_DATASET = URIRef("http://www.w3.org/ns/dcat#Dataset")
RDF_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
               "application/rdf+xml": "xml"}
SUFFIX_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".rdf": "xml"}


@pytest.fixture(scope="module")
def site(service):
    url, settings = service
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client, settings.base


def select(client: httpx.Client, query: str) -> list[dict]:
    answer = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]["bindings"]


def count(client: httpx.Client, pattern: str) -> int:
    return int(select(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])


def section(page: str, css_class: str) -> str:
    found = re.search(rf'<section class="{css_class}".*?</section>', page, re.S)
    assert found, f"no {css_class} section"
    return found.group()


def lines_label(fragment_iri: str) -> str:
    start, end = (int(n) for n in fragment_iri.rsplit("#line=", 1)[1].split(","))
    return f"riga {end}" if start + 1 == end else f"righe {start + 1}–{end}"


# --- a project page ----------------------------------------------------------------------------------------

def test_project_page_shows_title_types_links_and_provenance(site):
    client, base = site
    project = f"{base}data/progetto/{PROJECT_ID}"
    page = client.get(f"/id/data/progetto/{PROJECT_ID}", headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Accept" in page.headers["vary"]
    html = page.text
    title = select(client, f"SELECT ?t WHERE {{ <{project}> <{RDFS.label}> ?t }}")[0]["t"]["value"]
    assert f"<h1>{escape(title)}</h1>" in html
    types = re.search(r'<p class="types">.*?</p>', html, re.S).group()
    assert ">Progetto</a>" in types and ">Attività del catalogo</a>" in types
    assert 'href="/id/onto/Progetto"' in types  # our types link to their own pages
    assert 'href="/id/data/ente/r_lombar"' in section(html, "outgoing")
    incoming = count(client, f"?s ?p <{project}>")
    assert f"{incoming} collegamenti in entrata" in html
    assert "/ruolo/r_lombar-altro" in section(html, "incoming")
    provenance = section(html, "provenance")
    attested = select(client, f"""SELECT ?quote ?lines WHERE {{ ?a <{RDF.subject}> <{project}> ;
        <{base}onto/citazione> ?quote ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?lines }}""")
    assert attested
    for row in attested:
        assert str(escape(row["quote"]["value"])) in provenance
        assert lines_label(row["lines"]["value"]) in provenance
    card = select(client, f"SELECT ?l WHERE {{ <{project}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?l }}")
    assert f"Letto nel catalogo: <a href=\"/resource?iri={quote(card[0]['l']['value'], safe='')}\"" in provenance
    assert "Polis Lombardia" in provenance and "ruolo: partner" in provenance  # roles carry their quotes too
    assert f'href="/viz?focus={quote(project, safe="")}"' in html
    assert f'<link rel="alternate" type="text/turtle" href="/id/data/progetto/{PROJECT_ID}.ttl">' in html


@pytest.mark.parametrize("media_type", RDF_FORMATS)
def test_project_as_rdf_by_accept(site, media_type):
    client, base = site
    project = URIRef(f"{base}data/progetto/{PROJECT_ID}")
    answer = client.get(f"/id/data/progetto/{PROJECT_ID}", headers={"Accept": media_type})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in answer.headers["vary"]
    assert 'rel="alternate"' in answer.headers["link"]
    graph = Graph().parse(data=answer.content, format=RDF_FORMATS[media_type])
    assert (project, RDF.type, URIRef(f"{base}onto/Progetto")) in graph
    assert any(o.language == "it" for o in graph.objects(project, RDFS.label))
    assert (project, URIRef("https://w3id.org/italia/onto/Project/hasParticipantingAgent"),
            URIRef(f"{base}data/ente/r_lombar")) in graph
    assert (URIRef(f"{project}/ruolo/r_lombar-altro"), RO.forEntity, project) in graph  # incoming
    assert (URIRef(f"{base}data/ente/r_lombar"), RDFS.label, Literal("Regione Lombardia", lang="it")) in graph
    quotes = set(graph.objects(None, URIRef(f"{base}onto/citazione")))
    assert Literal("SERVIZI PUBBLICI LOCALI", lang="it") in quotes  # the attestations come along


@pytest.mark.parametrize("suffix", SUFFIX_FORMATS)
def test_suffix_forms(site, suffix):
    client, base = site
    answer = client.get(f"/id/data/progetto/{PROJECT_ID}{suffix}", headers=BROWSER)
    assert answer.status_code == 200
    assert answer.headers["content-location"] == f"/id/data/progetto/{PROJECT_ID}{suffix}"
    graph = Graph().parse(data=answer.content, format=SUFFIX_FORMATS[suffix])
    assert (URIRef(f"{base}data/progetto/{PROJECT_ID}"), RDF.type, URIRef(f"{base}onto/Progetto")) in graph


def test_a_txt_iri_is_a_document_and_its_suffix_form_is_rdf(site):
    client, base = site
    source = select(client, "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/prov#Entity> "
                            "FILTER (STRENDS(STR(?s), '.txt')) }")[0]["s"]["value"]
    path = "/id/" + source[len(base):]
    page = client.get(path, headers=BROWSER)
    assert page.status_code == 200 and '<li id="L1">' in page.text
    text = client.get(path, headers={"Accept": "text/plain"})
    assert text.headers["content-type"].startswith("text/plain")
    assert "COSA STIAMO FACENDO" in text.text
    turtle = client.get(path + ".ttl")
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert (URIRef(source), RDF.type, URIRef("http://www.w3.org/ns/prov#Entity")) in Graph().parse(
        data=turtle.content, format="turtle")


def test_a_line_fragment_shows_the_catalogue_lines(site):
    client, base = site
    lines = select(client, f"SELECT ?l WHERE {{ <{base}data/progetto/{PROJECT_ID}/ruolo/polis-lombardia-partner> "
                           f"<http://www.w3.org/ns/prov#wasDerivedFrom> ?l }}")[0]["l"]["value"]
    page = client.get("/resource", params={"iri": lines}, headers=BROWSER)
    assert page.status_code == 200
    assert "La collaborazione tra Polis Lombardia e ANCI Lombardia" in section(page.text, "excerpt")
    assert "polis-lombardia-partner" in section(page.text, "incoming")  # what was read from these lines
    as_turtle = client.get("/resource", params={"iri": lines, "format": "ttl"})
    assert as_turtle.headers["content-type"].startswith("text/turtle")


def test_an_external_iri_of_the_graph_has_a_page(site):
    client, base = site
    page = client.get("/resource", params={"iri": "http://www.wikidata.org/entity/Q490"}, headers=BROWSER)
    assert page.status_code == 200
    assert "/id/controlled-vocabulary/territorio/comune/015146" in section(page.text, "incoming")
    assert 'href="http://www.wikidata.org/entity/Q490"' in page.text
    assert client.get("/resource", params={"iri": "http://x.org/a b>"}).status_code == 400


# --- organisations and areas ------------------------------------------------------------------------------

def test_organisation_incoming_links_are_counted_and_paged(site):
    client, base = site
    region = f"{base}data/ente/r_lombar"
    rows = select(client, f"SELECT ?s ?p WHERE {{ ?s ?p <{region}> }}")
    expected = {(row["s"]["value"], row["p"]["value"]) for row in rows}
    assert len(expected) > 50, "Regione Lombardia should need a second page"
    seen = []
    pages = -(-len(expected) // 50)
    for number in range(1, pages + 1):
        html = client.get("/id/data/ente/r_lombar", params={"page": number}, headers=BROWSER).text
        assert f"{len(expected)} collegamenti in entrata" in html
        incoming = section(html, "incoming")
        assert f"pagina {number} di {pages}" in incoming
        seen += re.findall(r'<tr><td><a href="([^"]+)"[^>]*>.*?</td><td><a href="([^"]+)"', incoming)
    assert len(seen) == len(expected) == len(set(seen))
    assert {href for href, _ in seen} == {f"/id/{s[len(base):]}" for s, _ in expected}


def test_an_area_interna_lists_its_projects(site):
    client, base = site
    areas = select(client, f"SELECT ?a WHERE {{ ?a a <{base}onto/AreaInterna> }} ORDER BY ?a")
    assert len(areas) == 14
    area = areas[0]["a"]["value"]
    html = client.get("/id/" + area[len(base):], headers=BROWSER).text
    link = f'href="/id/data/progetto/{STRATEGY_ID}"'
    assert link in section(html, "incoming")
    assert link in section(html, "activities")


def test_home_page_answers_the_three_questions(site):
    client, base = site
    html = client.get("/", headers=BROWSER).text
    for href in ("/api/partners/recurring", "/sparql?example=recurring-partners#recurring-partners", "/catalog",
                 "/.well-known/void", "/dump/graph.ttl"):
        assert f'href="{href}"' in html
    assert len(re.findall(r'href="/id/controlled-vocabulary/territorio/area-interna/', html)) == 14
    assert 'href="/id/data/ente/r_lombar"' in html  # among the recurring partners


# --- not found ---------------------------------------------------------------------------------------------

def test_unknown_iri_is_a_helpful_404(site):
    client, base = site
    page = client.get("/id/data/progetto/comuni-digitalii", headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert f"{base}data/progetto/comuni-digitalii" in page.text
    assert 'href="/id/data/progetto/comuni-digitali"' in page.text  # a near match
    assert "/api/projects?q=comuni+digitalii" in page.text and 'href="/sparql"' in page.text
    text = client.get("/id/data/progetto/comuni-digitalii", headers={"Accept": "text/turtle"})
    assert text.status_code == 404 and text.headers["content-type"].startswith("text/plain")
    assert "not found" in text.text and "/id/data/progetto/comuni-digitali " in text.text
    assert client.get("/id/nothing/here.ttl").status_code == 404


# --- downloads and the catalogue, escaping: a small app of our own ---------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory, built_dist):
    """A tiny graph whose label we control, with the session's build directory for the downloads."""
    from api.app import create_app
    from graph.pool import EmbeddedStore
    from ontology import DEFAULT_BASE

    dump = tmp_path_factory.mktemp("small") / "small.nq"
    x, g = f"<{DEFAULT_BASE}data/progetto/x>", f"<{DEFAULT_BASE}graph/t>"
    dump.write_text(f'{x} <{RDFS.label}> "<script>alert(1)</script> & co"@it {g} .\n'
                    f"{x} <{RDF.type}> <{DEFAULT_BASE}onto/Progetto> {g} .\n", encoding="utf-8")
    store = EmbeddedStore.from_dump(dump, workers=1)
    missing = tmp_path_factory.mktemp("remote") / "no-dist"
    try:
        with running(create_app(store, service_settings(KG_DIST=str(built_dist[0])))) as url, \
                running(create_app(store, service_settings(KG_DIST=str(missing)))) as without:
            yield url, without, built_dist[0]
    finally:
        store.close()


def test_labels_are_escaped_and_pages_carry_no_inline_script(small):
    url, _, _ = small
    html = httpx.get(f"{url}/id/data/progetto/x", headers=BROWSER).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    for path in ("/id/data/progetto/x", "/id/data/progetto/y", "/catalog", "/dump/"):
        page = httpx.get(url + path, headers=BROWSER).text
        assert not re.search(r"<script(?![^>]*application/json)", page), path
        assert not re.search(r"\son[a-z]+=", page), path


@pytest.mark.parametrize("name, media_type", [("graph.ttl", "text/turtle"), ("graph.nt", "application/n-triples"),
                                              ("graph.nq", "application/n-quads"),
                                              ("graph.jsonld", "application/ld+json"),
                                              ("dataset.ttl", "text/turtle"), ("report.json", "application/json")])
def test_dumps_are_the_build_files(small, name, media_type):
    url, _, dist = small
    answer = httpx.get(f"{url}/dump/{name}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert answer.content == (dist / name).read_bytes()


def test_dump_index_and_no_escape_from_the_build_directory(small):
    url, _, _ = small
    listed = httpx.get(f"{url}/dump/").json()
    assert {"graph.ttl", "graph.nq", "dataset.ttl"} <= {item["name"] for item in listed}
    assert "graph.ttl" in httpx.get(f"{url}/dump/", headers=BROWSER).text
    for path in ("/dump/..%2Fpyproject.toml", "/dump/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/dump/nope.ttl",
                 "/dump/graph.ttl.bak"):
        assert httpx.get(url + path).status_code == 404, path
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", "/dump/../x")  # sent as typed: http.client does not remove the dot segments
    assert connection.getresponse().status == 404
    connection.close()


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void"])
@pytest.mark.parametrize("media_type", RDF_FORMATS)
def test_catalogue_by_content_negotiation(small, path, media_type):
    url, _, _ = small
    answer = httpx.get(url + path, headers={"Accept": media_type})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    graph = Graph().parse(data=answer.content, format=RDF_FORMATS[media_type])
    assert list(graph.subjects(RDF.type, DCAT_DATASET))


def test_catalogue_defaults_to_turtle_and_has_a_page(small):
    url, _, dist = small
    assert httpx.get(f"{url}/.well-known/void").content == (dist / "dataset.ttl").read_bytes()
    page = httpx.get(f"{url}/catalog", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    assert "Distribuzioni" in page.text and "/dump/graph.ttl" in page.text


def test_without_a_build_directory_downloads_say_so(small):
    _, without, _ = small
    for path in ("/dump/graph.ttl", "/dump/", "/catalog", "/.well-known/void"):
        answer = httpx.get(without + path)
        assert answer.status_code == 404, path
        assert "SPARQL" in answer.text, path
    assert httpx.get(without + "/catalog", headers=BROWSER).headers["content-type"].startswith("text/html")


def test_dataset_iris_lead_to_the_catalogue(small):
    url, without, _ = small
    answer = httpx.get(f"{url}/id/dataset/catalogo-kg", headers={"Accept": "text/turtle"})
    assert answer.status_code == 303 and answer.headers["location"] == "/catalog"
    assert httpx.get(f"{without}/id/dataset/catalogo-kg").status_code == 404


def test_the_network_link_shows_only_where_the_network_view_has_the_entity(service):
    url = service[0]
    html = {"Accept": "text/html"}
    organisation = httpx.get(f"{url}/id/data/ente/r_lombar", headers=html).text
    assert "/viz?focus=" in organisation
    assert httpx.get(f"{url}/viz", params={"focus": f"{service[1].base}data/ente/r_lombar"}).status_code == 200
    theme = httpx.get(f"{url}/id/controlled-vocabulary/tema/territorio-e-cultura", headers=html)
    assert theme.status_code == 200 and "/viz?focus=" not in theme.text
