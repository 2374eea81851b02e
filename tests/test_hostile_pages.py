"""Hostile words in the catalogue stay words on every page: built with `kg build`, served, read in Chromium.

tests/fixtures/hostile-pages/catalogue.txt is three cards in the catalogue's layout (cut from the bundled one)
whose titles, body text and organisation names carry markup, a javascript: "link" and a template expression.
The real pipeline turns them into titles, organisation names and provenance quotes (and slugs in the IRIs);
the service shows them on the project and organisation pages, the catalogue text, the home page, the network
view and YASGUI's results, where they must read as the same text and never run: no dialog opens, no element gets
an event-handler attribute or a javascript: address, no script but ours is in the page, and the Content
Security Policy has nothing to block. The REST API returns them verbatim (JSON is data, not HTML).
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from api.app import create_app
from api.cli import main
from graph.pool import EmbeddedStore
from ontology import DEFAULT_BASE

from .browser import VIZ_READY, browser_page, hover
from .conftest import FIXTURES, running, service_settings

CATALOGUE = FIXTURES / "hostile-pages" / "catalogue.txt"
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "javascript:alert(3)",
    "</script><script>alert(4)</script>",
    "{{7*7}}",
    "' onmouseover='alert(5)",
)
# What the cards' titles become (the table of contents' spelling) and the slugs their IRIs get.
PROJECTS = {
    "life-greenfest-script-alert-1-script-7-7": "LIFE Greenfest <script>alert(1)</script> {{7*7}}",
    "uffici-di-prossimita-img-src-x-onerror-alert":
        "Uffici di prossimità \"><img src=x onerror=alert(2)> ' onmouseover='alert(5)",
    "cultural-bees-script-script-alert-4-script-javascript":
        "Cultural Bees </script><script>alert(4)</script> javascript:alert(3)",
}
# The payloads each card's provenance quotes carry (the words the organisations were read in).
QUOTED = {
    "life-greenfest-script-alert-1-script-7-7": (PAYLOADS[1], PAYLOADS[3]),
    "uffici-di-prossimita-img-src-x-onerror-alert": (PAYLOADS[3], PAYLOADS[4], PAYLOADS[5]),
    "cultural-bees-script-script-alert-4-script-javascript": (PAYLOADS[1], PAYLOADS[2], PAYLOADS[5]),
}
ORGANISATIONS = {
    "fondazione-img-src-x-onerror-alert-2": 'Fondazione “"><img src=x onerror=alert(2)>”',
    "associazione-culturale-script-script-alert-4-script":
        'Associazione culturale "</script><script>alert(4)</script>"',
    "fondazione-onmouseover-alert-5": "Fondazione \"' onmouseover='alert(5)\"",
    "cooperativa-sociale-7-7": 'Cooperativa sociale "{{7*7}}"',
    "associazione-culturale-onmouseover-alert-5": "Associazione culturale \"' onmouseover='alert(5)\"",
}
RECURRING = ("fondazione-img-src-x-onerror-alert-2", "associazione-culturale-script-script-alert-4-script")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CITAZIONE = DEFAULT_BASE + "onto/citazione"
PROJECT_IRI = DEFAULT_BASE + "data/progetto/"
ORGANISATION_IRI = DEFAULT_BASE + "data/ente/"

# Records every CSP violation from the first script on (Playwright's init scripts are not subject to the CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
  event.violatedDirective + " " + event.blockedURI + " " + (event.sourceFile || "") + ":" + event.lineNumber
  + ":" + event.columnNumber));
"""


def _sanitizer_parse() -> str | None:
    """Where YASGUI's DOMPurify parses a cell's text into an inert document (DOMParser), to sanitise it: a handler
    attribute met there (a payload's onerror=) is reported by Chromium as a script-src-attr violation since
    version 15x, though that document never renders and nothing in it runs (ACTIVE_CONTENT checks the live page).
    The one call in the bundle, as line:column; None without the bundle."""
    bundle = Path(__file__).resolve().parent.parent / "node_modules" / "@zazuko" / "yasgui" / "build" / "yasgui.min.js"
    if not bundle.is_file():
        return None
    for number, line in enumerate(bundle.read_text(encoding="utf-8").split("\n"), start=1):
        if (column := line.find("new u().parseFromString(")) >= 0:
            return f"yasgui.min.js:{number}:{column + len('new u().') + 1}"
    return None


SANITIZER_PARSE = _sanitizer_parse()
# Whatever in the page could run: event-handler attributes, javascript: addresses, scripts that are not ours,
# and the elements the payloads would have made.
ACTIVE_CONTENT = """() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith("on")) found.push(`${element.tagName} ${name}=${attribute.value}`);
        if (urlAttributes.includes(name) && /^[\\s\\u0000-\\u001f]*javascript:/i.test(attribute.value)) {
          found.push(`${element.tagName} ${name}=${attribute.value}`);
        }
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  for (const script of document.querySelectorAll("script")) {
    const ours = script.src ? new URL(script.src).origin === location.origin : script.type === "application/json";
    if (!ours) found.push("script: " + script.outerHTML.slice(0, 120));
  }
  for (const element of document.querySelectorAll("img[src='x'], iframe, object, embed, base")) {
    found.push("element: " + element.outerHTML.slice(0, 120));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_dist(tmp_path_factory) -> Path:
    """The hostile catalogue through the real pipeline: `kg build`."""
    out = tmp_path_factory.mktemp("hostile-pages") / "dist"
    assert main(["build", "--input", str(CATALOGUE), "--out", str(out), "-q"], environ={}) == 0
    return out


@pytest.fixture(scope="module")
def hostile_service(hostile_dist):
    store = EmbeddedStore.from_dump(hostile_dist, workers=1)
    settings = service_settings(KG_WORKERS="1", KG_DIST=str(hostile_dist), KG_CATALOGUE=str(CATALOGUE))
    try:
        with running(create_app(store, settings)) as url:
            yield url
    finally:
        store.close()


def get(url: str, accept: str = "application/json") -> tuple[dict[str, str], str]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=60) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read().decode("utf-8")


def page_path(iri: str) -> str:
    return "/id/" + quote(iri[len(DEFAULT_BASE):], safe="/:@!$&'()*+,;=~")


class Visit:
    """One browser for several pages: dialogs and CSP violations recorded, active content looked for."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.page = browser.page
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.add_init_script(RECORD_VIOLATIONS)

    def goto(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        assert "content-security-policy" in response.headers, url

    def assert_inert(self, where: str) -> None:
        assert self.page.evaluate(ACTIVE_CONTENT) == [], where
        recorded = self.page.evaluate("window.__cspViolations")
        sanitised = [v for v in recorded if SANITIZER_PARSE and v.startswith("script-src-attr inline ")
                     and v.endswith(SANITIZER_PARSE)]
        assert [v for v in recorded if v not in sanitised] == [], where
        assert not self.dialogs, where
        # Each of those violations is also said on the console, once: those lines and no others are let through.
        said = [e for e in self.browser.console_errors if e.startswith("Executing inline event handler violates")]
        assert len(said) <= len(sanitised), where
        for line in said:
            self.browser.console_errors.remove(line)
        self.browser.assert_clean()


# --- the graph and the REST API ------------------------------------------------------------------------------

def test_the_words_reach_the_graph_and_the_iris_are_slugs(hostile_dist):
    quads = list(ox.parse(path=hostile_dist / "graph.nq", format=ox.RdfFormat.N_QUADS))
    literals = [q.object.value for q in quads if isinstance(q.object, ox.Literal)]
    for payload in PAYLOADS:
        assert any(payload in text for text in literals), payload
    labels = {q.subject.value: q.object.value for q in quads if q.predicate.value == RDFS_LABEL}
    assert {iri[len(PROJECT_IRI):]: label for iri, label in labels.items()
            if iri.startswith(PROJECT_IRI) and "/" not in iri[len(PROJECT_IRI):]} == PROJECTS
    for key, name in ORGANISATIONS.items():
        assert labels[ORGANISATION_IRI + key] == name
    assert sum(PAYLOADS[5] in q.object.value for q in quads if q.predicate.value == CITAZIONE) >= 2
    # What the titles and names leave in the IRIs: lower-case words and digits, nothing to escape.
    data = DEFAULT_BASE + "data/"
    minted = {term.value for q in quads for term in (q.subject, q.object, q.graph_name)
              if isinstance(term, ox.NamedNode) and term.value.startswith(data)}
    assert {PROJECT_IRI + key for key in PROJECTS} | {ORGANISATION_IRI + key for key in ORGANISATIONS} <= minted
    for iri in minted:
        assert re.fullmatch(r"[a-z0-9][a-z0-9/._#=,-]*", iri[len(data):]), iri
    assert all(not iri.startswith("javascript:") for q in quads for iri in (q.subject.value, q.object.value))


def test_the_rest_api_returns_the_words_verbatim(hostile_service):
    url = hostile_service
    headers, body = get(f"{url}/api/projects?per_page=100")
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    assert "&lt;" not in body and "&#" not in body and "&quot;" not in body  # JSON is data: nothing escaped
    assert {item["title"] for item in json.loads(body)["items"]} == set(PROJECTS.values())
    for key, name in ORGANISATIONS.items():
        _, body = get(f"{url}/api/organizations/{key}")
        answer = json.loads(body)
        assert answer["name"] == name
        assert {p["title"] for p in answer["projects"]} <= set(PROJECTS.values()) and answer["projects"]
    _, body = get(f"{url}/api/partners/recurring?min_projects=1")
    names = {item["name"] for item in json.loads(body)["items"]}
    assert set(ORGANISATIONS.values()) <= names
    # CSV too: the same words, in CSV's quoting
    headers, body = get(f"{url}/api/projects?per_page=100&format=csv", accept="text/csv")
    assert headers["content-type"].startswith("text/csv") and headers["x-content-type-options"] == "nosniff"
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["title"] for row in rows} == set(PROJECTS.values())


# --- in Chromium ---------------------------------------------------------------------------------------------

def test_the_pages_show_the_words_as_text(hostile_service):
    """Project pages (title, quotes, the catalogue lines), organisation pages and the home page."""
    url = hostile_service
    with browser_page() as browser:
        visit = Visit(browser)
        page = visit.page
        for key, title in PROJECTS.items():
            visit.goto(url + page_path(PROJECT_IRI + key))
            assert page.inner_text("h1") == title
            assert page.title() == f"{title} · catalogo-kg"
            provenance = page.locator("#provenienza")
            quotes = provenance.locator("q")
            assert quotes.count() >= 2
            quoted = "\n".join(quotes.all_inner_texts())
            for payload in QUOTED[key]:
                assert payload in quoted, (key, payload)
            for name in (n for n in ORGANISATIONS.values() if n in page.inner_text("main")):
                assert page.get_by_role("link", name=name, exact=True).first.is_visible()
            visit.assert_inert(key)
        # the catalogue lines a quote was read in, then the whole text
        provenance.locator("td.source a").first.click()
        page.wait_for_load_state()
        lines = "\n".join(page.locator("ol.source-text li").all_inner_texts())
        assert "Il progetto, finanziato da Fondazione Cariplo e dalla Fondazione “\"><img src=x onerror=alert(2)>”" \
            in lines
        visit.assert_inert("catalogue lines")
        page.click("text=Vedi nel documento completo")
        page.wait_for_load_state()
        text = "\n".join(page.locator("ol.source-text li").all_inner_texts())
        for payload in (*PAYLOADS, '"<a href=javascript:alert(3)>clicca</a>"', *PROJECTS.values()):
            assert payload in text or payload.upper() in text, payload
        visit.assert_inert("catalogue text")

        for key, name in ORGANISATIONS.items():
            visit.goto(url + page_path(ORGANISATION_IRI + key))
            assert page.inner_text("h1") == name
            assert page.title() == f"{name} · catalogo-kg"
            main_text = page.inner_text("main")
            assert any(title in main_text for title in PROJECTS.values()), key
            visit.assert_inert(key)

        visit.goto(url + "/")
        partners = page.locator("ol.partners a").all_inner_texts()
        for key in RECURRING:
            assert ORGANISATIONS[key] in partners
        visit.assert_inert("home")


def search_options(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('#viz-search-list option'), o => o.value)")


def test_the_network_view_shows_the_words_as_text(hostile_service):
    """Search list, tooltips, headings of the ego view of each project; the recurring partners; the funders."""
    url = hostile_service
    with browser_page(width=1200, height=820) as browser:
        visit = Visit(browser)
        page = visit.page
        for key, title in PROJECTS.items():
            iri = PROJECT_IRI + key
            visit.goto(f"{url}/viz?" + urlencode({"focus": iri}))
            page.wait_for_selector(VIZ_READY)
            assert title in page.inner_text("h1")
            assert page.inner_text(".viz-choice span a") == title
            assert title in search_options(page)
            node = page.evaluate("(iri) => window.kgViz.idOf(iri)", iri)
            assert hover(page, node).startswith(title)
            tips = []
            for organisation in ORGANISATIONS:
                other = page.evaluate("(iri) => window.kgViz.idOf(iri)", ORGANISATION_IRI + organisation)
                if other is not None:
                    tip = hover(page, other)
                    assert tip.startswith(ORGANISATIONS[organisation])
                    tips.append(tip)
            for payload in QUOTED[key]:
                assert any(payload in tip for tip in tips), (key, payload)
            page.fill("#viz-search", title)
            page.press("#viz-search", "Enter")
            page.wait_for_function(f"() => kgViz.focused === {json.dumps(node)}")  # a function: no eval under the CSP
            visit.assert_inert(key)

        visit.goto(f"{url}/viz")
        page.wait_for_selector(VIZ_READY)
        options = search_options(page)
        for key in RECURRING:
            assert ORGANISATIONS[key] in options
            tip = hover(page, page.evaluate("(iri) => window.kgViz.idOf(iri)", ORGANISATION_IRI + key))
            assert tip.startswith(ORGANISATIONS[key])
        visit.assert_inert("recurring partners")

        visit.goto(f"{url}/viz?preset=funders")
        page.wait_for_selector(VIZ_READY)
        assert ORGANISATIONS["fondazione-img-src-x-onerror-alert-2"] in search_options(page)
        options = page.evaluate("Array.from(document.querySelectorAll('select[name=funder] option'), o => o.text)")
        assert ORGANISATIONS["fondazione-img-src-x-onerror-alert-2"] in options
        visit.assert_inert("funders")


# The titles and the organisations' names; and two IRIs a query can make up (they cannot come from the catalogue).
TITLES_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?label ?made WHERE {
  { ?thing a <https://w3id.org/italia/anci-lombardia/onto/Attivita> ; rdfs:label ?label }
  UNION { ?thing a <https://w3id.org/italia/onto/COV/Organization> ; rdfs:label ?label
          FILTER (STRSTARTS(STR(?thing), "https://w3id.org/italia/anci-lombardia/data/ente/")) }
  UNION { VALUES ?made { <http://example.org/'onmouseover='alert(5)'> <javascript:alert(3)> } }
}"""


def test_yasgui_shows_the_words_as_text(hostile_service):
    url = hostile_service
    with browser_page(width=1200, height=900) as browser:
        visit = Visit(browser)
        page = visit.page
        visit.goto(f"{url}/sparql?" + urlencode({"query": TITLES_QUERY}))
        page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
        assert page.evaluate("catalogoKg.yasgui.getTab().getQuery()") == TITLES_QUERY
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
        cells = page.locator(".tabPanel.active .yasr table.dataTable tbody td").all_inner_texts()
        for title in PROJECTS.values():
            assert f'"{title}"@it' in cells, title  # the literal, as YASR writes it: quoted, with its language
        for name in ORGANISATIONS.values():
            assert f'"{name}"@it' in cells, name
        # the IRIs a query made up: shown as text, their links defused (YASR sanitises its cells)
        assert "<javascript:alert(3)>" in cells and "<http://example.org/'onmouseover='alert(5)'>" in cells
        visit.assert_inert("yasgui")
