"""The query page at /sparql: YASGUI from our own origin, the canonical queries as examples, the limits shown.

The browser tests run Debian's Chromium headless with every request off this machine blocked (tests/browser.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.ui import FIRST_EXAMPLE, example_value, examples, yasgui_dir
from graph.pool import EmbeddedStore
from graph.queries import load_queries

from .browser import browser_page, unavailable
from .conftest import ROOT, running, service_settings

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
JSON = {"Accept": "application/sparql-results+json"}
SCREENSHOT = ROOT / "docs" / "screenshots" / "sparql.png"


class Scripts(HTMLParser):
    """Every <script> (its attributes and whether it has a body) and every inline event handler."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.lower().startswith("on")]
        if tag == "script":
            self._in_script = {**dict(attrs), "body": ""}
            self.scripts.append(self._in_script)

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def parse(html: str) -> Scripts:
    found = Scripts()
    found.feed(html)
    return found


def needs_yasgui(settings) -> None:
    if yasgui_dir(settings) is None:
        unavailable(f"needs YASGUI in {settings.assets or 'node_modules'} (npm ci --ignore-scripts)")


@pytest.fixture(scope="module")
def store(built_dist):
    """A second store on the built graph, for apps with their own settings."""
    opened = EmbeddedStore.from_dump(built_dist[0], workers=1)
    yield opened
    opened.close()


# --- the page as HTML ---------------------------------------------------------------------------------------

def test_a_browser_gets_the_page_with_the_examples_and_the_limits(service):
    url, settings = service
    needs_yasgui(settings)
    response = httpx.get(f"{url}/sparql", headers=HTML, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="it">' in page
    assert f"{settings.time_limit:g} s" in page and f"{settings.row_cap} righe" in page
    for name, query in load_queries().items():
        assert f'data-example="{name}"' in page
        assert query.title.split(" / ")[0].replace("'", "&#39;") in page
    found = parse(page)
    assert not found.handlers
    for script in found.scripts:  # no inline code: a src, or a JSON data block
        assert script.get("src") or (script.get("type") == "application/json" and script["body"].strip()), script
    assert {s["src"] for s in found.scripts if s.get("src")} == {"/static/vendor/yasgui/yasgui.min.js",
                                                                  "/static/sparql.js"}
    for asset in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css",
                  "/static/sparql.js", "/static/sparql.css", "/static/kg.css"):
        served = httpx.get(url + asset, timeout=30)
        assert served.status_code == 200, asset
        assert len(served.content) > 500, asset
    # the data clients still get the protocol's answers at the same address
    assert httpx.get(f"{url}/sparql", timeout=30).headers["content-type"].startswith("text/turtle")


def test_the_query_in_the_address_and_the_example_chosen_are_in_the_page(service):
    url, _ = service
    query = 'SELECT ?s WHERE { ?s ?p "<Valchiavenna>" } LIMIT 3'
    page = httpx.get(f"{url}/sparql", params={"query": query}, headers=HTML, timeout=30).text
    assert "SELECT ?s WHERE { ?s ?p &#34;&lt;Valchiavenna&gt;&#34; } LIMIT 3" in page  # the textarea, escaped
    assert '"query": "SELECT ?s WHERE { ?s ?p \\"\\u003cValchiavenna\\u003e\\" } LIMIT 3"' in page  # the JSON block
    page = httpx.get(f"{url}/sparql", params={"example": "projects-in-area"}, headers=HTML, timeout=30).text
    assert '"example": "projects-in-area"' in page
    assert "?area rdfs:label &#34;Valchiavenna&#34;@it ." in page


def test_every_example_runs_as_given_and_answers(service):
    url, settings = service
    listed = examples(settings)
    assert listed[0].name == FIRST_EXAMPLE
    assert {e.name for e in listed} == set(load_queries())
    for query in load_queries().values():  # every required parameter has an example value
        for parameter in query.parameters:
            if parameter.required:
                assert example_value(query, parameter) is not None, (query.name, parameter.name)
    for example in listed:
        response = httpx.post(f"{url}/sparql", data={"query": example.query}, headers=JSON, timeout=60)
        assert response.status_code == 200, (example.name, response.text)
        assert int(response.headers["X-Result-Rows"]) > 0, example.name
    in_area = next(e for e in listed if e.name == "projects-in-area")
    rows = httpx.post(f"{url}/sparql", data={"query": in_area.query}, headers=JSON, timeout=60).json()
    assert {b["areaLabel"]["value"] for b in rows["results"]["bindings"]} == {"Valchiavenna"}


def test_without_the_front_end_packages_the_page_is_a_plain_form(store, tmp_path):
    settings = service_settings(KG_ASSETS=str(tmp_path / "node_modules"), KG_WORKERS="1")
    with running(create_app(store, settings)) as url:
        response = httpx.get(f"{url}/sparql", headers=HTML, timeout=30)
        page = response.text
        assert response.status_code == 200
        assert "non è installato" in page and "npm ci" in page
        assert "yasgui.min.js" not in page and "yasgui.min.css" not in page
        assert '<form id="modulo" class="sparql-form" method="post" action="/sparql">' in page
        assert "recurring-partners" in page and "COUNT(DISTINCT ?activity)" in page  # the first example, ready
        assert httpx.get(f"{url}/static/vendor/yasgui/yasgui.min.js", timeout=30).status_code == 404
        assert httpx.get(f"{url}/static/sparql.js", timeout=30).status_code == 200
        # what the form sends: the query and a format, as a browser does (Accept prefers HTML)
        first = examples(settings)[0]
        answer = httpx.post(f"{url}/sparql", data={"query": first.query, "format": "json"}, headers=HTML,
                            timeout=60)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/sparql-results+json")
        assert "Regione Lombardia" in answer.text

        with browser_page() as browser:
            page = browser.page
            page.goto(f"{url}/sparql#co-partners")
            assert page.is_visible("#editor-mancante")
            assert page.is_visible("#modulo textarea")
            assert "Regione Lombardia" in page.input_value("#query")  # the deep link filled the form
            page.click("a[data-example='projects-by-year']")
            assert "?year" in page.input_value("#query")
            assert page.evaluate("location.hash") == "#projects-by-year"
            browser.assert_clean()


# --- the page in Chromium, offline ----------------------------------------------------------------------

def run_and_wait(page) -> None:
    page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_selector("#esito:not([hidden])")
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")


def test_yasgui_runs_the_recurring_partners_example_offline(service, tmp_path, update_golden):
    url, settings = service
    needs_yasgui(settings)
    first = examples(settings)[0]
    expected = httpx.post(f"{url}/sparql", data={"query": first.query}, headers=JSON, timeout=60)
    rows = int(expected.headers["X-Result-Rows"])
    assert rows > 5 and expected.headers["X-Result-Truncated"] == "false"

    with browser_page(width=1200, height=820) as browser:
        page = browser.page
        page.goto(f"{url}/sparql")
        page.wait_for_selector("#yasgui .yasgui .yasqe")
        assert page.is_hidden("#modulo")
        assert page.inner_text(".tabPanel.active .yasqe").count("\n") > 5
        assert page.evaluate("catalogoKg.yasgui.getTab().getQuery()") == first.query
        assert page.evaluate("catalogoKg.yasgui.getTab().getEndpoint()") == f"{url}/sparql"
        # only the completers that work in the page, none that asks lov.linkeddata.es or prefix.cc
        assert page.evaluate("catalogoKg.yasgui.config.yasqe.autocompleters") == ["variables", "prefixes"]
        assert page.evaluate("catalogoKg.yasgui.config.yasqe.prefixCcApi") is None
        assert page.evaluate("catalogoKg.yasgui.config.persistenceId") == "catalogo-kg-sparql"
        run_and_wait(page)
        table = page.locator(".tabPanel.active .yasr table.dataTable tbody tr")
        assert table.count() == rows
        results = page.locator(".tabPanel.active .yasr table.dataTable")
        assert results.get_by_text("Regione Lombardia").first.is_visible()
        assert re.search(rf"\b{rows} righe\b", page.inner_text("#esito"))
        assert page.is_hidden("#troncati")
        page.set_viewport_size({"width": 1200, "height": 1060})  # the editor and the first rows
        browser.screenshot(tmp_path / "sparql.png")
        if update_golden or not SCREENSHOT.exists():
            browser.screenshot(SCREENSHOT)
        browser.assert_clean()
    assert (tmp_path / "sparql.png").stat().st_size > 10_000


def test_examples_open_in_tabs_and_deep_links_work(service):
    url, settings = service
    needs_yasgui(settings)
    with browser_page() as browser:
        page = browser.page
        page.goto(f"{url}/sparql#co-partners")
        page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
        assert page.evaluate("catalogoKg.yasgui.getTab().getName()") == "Partner di un'organizzazione"
        assert 'rdfs:label "Regione Lombardia"@it' in page.evaluate("catalogoKg.yasgui.getTab().getQuery()")
        run_and_wait(page)
        assert page.locator(".tabPanel.active .yasr").get_by_text("Polis Lombardia").first.is_visible()

        page.click("a[data-example='projects-by-year']")  # a new tab, selected, with the example
        assert page.evaluate("catalogoKg.yasgui.persistentConfig.getTabs().length") == 2
        assert page.evaluate("catalogoKg.yasgui.getTab().getName()") == "Attività per anno di avvio"
        assert page.evaluate("location.hash") == "#projects-by-year"
        assert page.is_hidden("#esito")  # the answer shown belonged to the other tab
        run_and_wait(page)
        page.click("a[data-example='projects-by-year']")  # the same example again: the same tab
        assert page.evaluate("catalogoKg.yasgui.persistentConfig.getTabs().length") == 2
        browser.assert_clean()

        # /sparql?query=… opened in a browser: the query is in the tab shown; ?example= as a deep link
        query = "SELECT ?theme WHERE { ?theme a <http://www.w3.org/2004/02/skos/core#Concept> } LIMIT 7"
        page.goto(f"{url}/sparql?" + str(httpx.QueryParams({"query": query})))
        page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
        assert page.evaluate("catalogoKg.yasgui.getTab().getQuery()") == query
        run_and_wait(page)
        assert page.locator(".tabPanel.active .yasr table.dataTable tbody tr").count() == 7
        page.goto(f"{url}/sparql?example=projects-by-theme")
        page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
        assert page.evaluate("catalogoKg.yasgui.getTab().getName()") == "Attività per tema"
        browser.assert_clean()


def test_a_truncated_answer_shows_the_banner(store):
    settings = service_settings(KG_ROW_CAP="5", KG_WORKERS="1")
    needs_yasgui(settings)
    with running(create_app(store, settings)) as url, browser_page() as browser:
        page = browser.page
        page.goto(f"{url}/sparql")
        assert "al massimo" in page.inner_text("#limiti") and "5 righe" in page.inner_text("#limiti")
        run_and_wait(page)
        assert page.is_visible("#troncati")
        assert "Risultati troncati a 5 righe" in page.inner_text("#troncati")
        assert page.locator(".tabPanel.active .yasr table.dataTable tbody tr").count() == 5
        browser.assert_clean()


def test_the_readme_screenshot_is_small():
    if not SCREENSHOT.exists():
        pytest.skip("made by test_yasgui_runs_the_recurring_partners_example_offline")
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size < 400_000


def test_the_front_end_install_is_pinned_and_from_the_lock_file():
    package = (ROOT / "package.json").read_text(encoding="utf-8")
    assert re.search(r'"@zazuko/yasgui":\s*"\d+\.\d+\.\d+"', package)  # an exact version
    assert '"private": true' in package
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    assert '"node_modules/@zazuko/yasgui"' in lock
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "npm ci --ignore-scripts --no-audit --no-fund" in makefile
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "apt-get install -y chromium" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_vendor_files_are_what_npm_installed(service):
    url, settings = service
    needs_yasgui(settings)
    served = httpx.get(f"{url}/static/vendor/yasgui/yasgui.min.js", timeout=30).content
    assert served == (Path(yasgui_dir(settings)) / "yasgui.min.js").read_bytes()
