"""Security headers (api/security.py): every HTML page has a Content-Security-Policy with no inline script, may not
be framed and keeps its referrer to this origin; every response says nosniff; the data (SPARQL results, REST,
dumps) stays readable from other origins (CORS). In Chromium, every kind of page still works under the policy
and the policy has nothing to block, while a script slipped into a page would be blocked.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlencode

import httpx
import pytest

from api.security import CONTENT_SECURITY_POLICY, generated_page_policy

from .browser import browser_page

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROJECT = "/id/data/progetto/accordo-regione-lombardia-polis-lombardia-fondazione-cariplo-unioncamere"
EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],  # YASGUI's column resizer writes a <style> element
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PAGES = {  # path: status, for each kind of HTML page
    "/": 200,
    PROJECT: 200,
    "/resource?" + urlencode({"iri": "http://schema.org/Organization"}): 200,
    "/id/data/progetto/nessun-progetto-con-questo-nome": 404,
    "/sparql": 200,
    "/sparql?example=co-partners": 200,
    "/viz": 200,
    "/viz?preset=funders": 200,
    "/viz?preset=nessuno": 400,
    "/catalog": 200,
    "/dump/": 200,
}
DATA = {  # path: the start of its content type; none of them a page
    "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}): "application/sparql-results+json",
    "/api/projects?per_page=1": "application/json",
    "/api/openapi.json": "application/json",
    PROJECT + ".ttl": "text/turtle",
    "/dump/graph.nt": "application/n-triples",
    "/static/kg.css": "text/css",
    "/static/sparql.js": "text/javascript",
    "/nessuna-pagina": "application/json",  # the framework's 404
}
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
  event.violatedDirective + " " + event.blockedURI + " " + (event.sourceFile || "") + ":" + event.lineNumber));
"""


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *values = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = values
    return parsed


def assert_page_headers(response: httpx.Response) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert len(response.headers.get_list("content-security-policy")) == 1


def test_the_policy_forbids_inline_script():
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy == EXPECTED
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(policy["script-src"])


@pytest.mark.parametrize("path", PAGES)
def test_every_kind_of_page_has_the_headers(service, path):
    response = httpx.get(service[0] + path, headers=HTML, timeout=60)
    assert response.status_code == PAGES[path], response.text[:300]
    assert_page_headers(response)
    assert directives(response.headers["content-security-policy"]) == EXPECTED
    assert "<script>" not in response.text  # nothing for the policy to forbid: data in JSON blocks, code in files


def test_the_catalogue_text_pages_have_the_headers(service):
    url = service[0]
    entity = httpx.get(url + PROJECT, headers=HTML, timeout=60).text
    lines = re.search(r'href="(/resource\?iri=[^"]*fonte[^"]*)"', entity).group(1).replace("&amp;", "&")
    for path in (lines, re.sub(r"%23.*$", "", lines)):  # the lines a fact was read in; the whole text
        response = httpx.get(url + path, headers=HTML, timeout=60)
        assert response.status_code == 200 and "source-text" in response.text, path
        assert_page_headers(response)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_swagger_page_allows_its_own_script_only(service):
    """/api/docs is FastAPI's page: Swagger UI from its CDN, started by one inline script, allowed by its hash."""
    response = httpx.get(service[0] + "/api/docs", timeout=60)
    assert response.status_code == 200
    assert_page_headers(response)
    policy = directives(response.headers["content-security-policy"])
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert policy["script-src"] == ["'self'", "https://cdn.jsdelivr.net", f"'sha256-{digest}'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert response.headers["content-security-policy"] == generated_page_policy(response.text)


@pytest.mark.parametrize("path", DATA)
def test_data_is_not_a_page_but_is_never_sniffed(service, path):
    response = httpx.get(service[0] + path, headers={"Origin": "https://elsewhere.example"}, timeout=60)
    assert response.headers["content-type"].startswith(DATA[path])
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers and "x-frame-options" not in response.headers
    assert response.headers["access-control-allow-origin"] == "*"  # CORS as before


def test_other_origins_still_query_the_endpoint(service):
    url = service[0]
    preflight = httpx.options(url + "/sparql", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}, timeout=30)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["x-content-type-options"] == "nosniff"
    answer = httpx.post(url + "/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=30, headers={
        "Origin": "https://elsewhere.example", "Accept": "application/sparql-results+json"})
    assert answer.json() == {"head": {}, "boolean": True}
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "x-result-rows" in answer.headers["access-control-expose-headers"].lower()
    assert "content-security-policy" not in answer.headers


# --- in Chromium ---------------------------------------------------------------------------------------------

def test_the_pages_work_under_the_policy(service):
    """Each kind of page does its work (YASGUI runs a query and draws its table, the network settles, the
    entity page leads to the catalogue lines) with no CSP violation; and the policy is enforced."""
    url = service[0]
    with browser_page(width=1200, height=900) as browser:
        page = browser.page
        page.add_init_script(RECORD_VIOLATIONS)

        def visit(path: str) -> None:
            response = page.goto(url + path)
            assert response is not None and "content-security-policy" in response.headers, path

        def clean(where: str) -> None:
            assert page.evaluate("window.__cspViolations") == [], where
            browser.assert_clean()

        visit("/")
        page.wait_for_selector("ol.partners li")
        clean("home")
        visit(PROJECT)
        page.locator("#provenienza td.source a").first.click()
        page.wait_for_selector("ol.source-text li")
        clean("entity page and catalogue lines")
        visit("/sparql")
        page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
        page.wait_for_selector("#esito:not([hidden])")
        clean("query page")
        for path in ("/viz", "/viz?preset=funders"):
            visit(path)
            page.wait_for_selector("#viz[data-state='ready']")
            clean(path)
        visit("/catalog")
        clean("catalog")
        visit("/dump/")
        clean("downloads")

        # The policy is enforced: a script put into the page does not run, and the browser says why.
        page.evaluate("""() => {
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.append(script);
          document.body.insertAdjacentHTML("beforeend", '<p id="slipped" onclick="window.__ran = true">x</p>');
          document.getElementById("slipped").click();
        }""")
        page.wait_for_function("() => window.__cspViolations.length >= 2")
        assert page.evaluate("window.__ran") is None
        assert {v.split()[0] for v in page.evaluate("window.__cspViolations")} == {"script-src-elem",
                                                                                  "script-src-attr"}
