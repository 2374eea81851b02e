"""The network view in headless Chromium, network cut off: every preset settles with the nodes graph.analytics
computes, a click opens the node's linked-data page, the filters change what shows as graph.analytics says they
should, search, tooltips and exports work, the standalone page works from disk, and markup in the catalogue's
words stays text (no script of it runs, no dialog opens).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from api.app import create_app
from api.cli import main
from graph.analytics import (
    Filters,
    NetworkData,
    co_partnership,
    ego_network,
    funding_network,
    read_network,
    recurrence,
    store_select,
    territory_network,
)
from graph.pool import EmbeddedStore
from ontology import DEFAULT_BASE
from viz import area_counts

from .browser import VIZ_NODE_POSITION, VIZ_READY, browser_page, hover
from .conftest import ROOT, running, service_settings

SCREENSHOT = ROOT / "docs" / "screenshots" / "network.png"
ID_OF = "(iri) => window.kgViz.idOf(iri)"
HOSTILE_TITLE = 'Progetto <script>alert(1)</script> "virgolette"'
HOSTILE_QUOTE = 'disse "<img src=x onerror=alert(2)>" </script><script>alert(3)</script>'
RDF, RDFS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
CITAZIONE = DEFAULT_BASE + "onto/citazione"


@pytest.fixture(scope="module")
def network(built_store) -> NetworkData:
    return read_network(store_select(built_store), DEFAULT_BASE)


def open_view(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector(VIZ_READY)
    return page.evaluate("({nodes: kgViz.nodeCount, visible: kgViz.visibleCount, settledAt: kgViz.settledAt})")


def count(page) -> int:
    return int(page.inner_text("#viz-count").split()[0])


# --- every preset ------------------------------------------------------------------------------------------

def test_every_preset_settles_with_the_analytics_nodes(service, network, tmp_path, update_golden):
    url = service[0]
    organisation = next(iter(recurrence(network)))
    activity = max(network.activities, key=lambda a: len(ego_network(network, a, 1)))
    area = next(iter(area_counts(network)))
    expected = {
        "": len(co_partnership(network)),
        "?preset=funders": len(funding_network(network)),
        "?preset=area": len(territory_network(network, area=area)),
        f"?focus={organisation}": len(ego_network(network, organisation, 1)),
        f"?preset=ego&focus={activity}&depth=2": len(ego_network(network, activity, 2)),
    }
    with browser_page(width=1200, height=820) as browser:
        page = browser.page
        for n, (query, nodes) in enumerate(expected.items()):
            state = open_view(page, f"{url}/viz{query}")
            assert state["nodes"] == state["visible"] == nodes == count(page), query
            assert page.inner_text("#viz-count").startswith(f"{nodes} nodi")
            assert state["settledAt"] > 0
            browser.screenshot(tmp_path / f"network-{n}.png")
            if not query and (update_golden or not SCREENSHOT.exists()):
                browser.screenshot(SCREENSHOT)
        browser.assert_clean()
    assert (tmp_path / "network-0.png").stat().st_size > 10_000


def test_the_readme_screenshot_is_small():
    if not SCREENSHOT.exists():
        pytest.skip("made by test_every_preset_settles_with_the_analytics_nodes")
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size < 400_000


# --- interaction -----------------------------------------------------------------------------------------

def test_a_click_on_a_node_opens_its_linked_data_page(service, network):
    url = service[0]
    largest = next(iter(recurrence(network)))
    with browser_page() as browser:
        page = browser.page
        open_view(page, f"{url}/viz")
        page.mouse.click(*page.evaluate(VIZ_NODE_POSITION, page.evaluate(ID_OF, largest)))
        page.wait_for_url("**/id/**")
        assert page.url == url + "/id/" + largest[len(DEFAULT_BASE):]
        assert network.organizations[largest].name in page.inner_text("h1")
        # and its page leads back to its network
        page.click("text=Vista a rete")
        page.wait_for_selector(VIZ_READY)
        assert page.evaluate("kgViz.preset") == "ego"
        assert page.evaluate("kgViz.visibleCount") == len(ego_network(network, largest, 1))
        browser.assert_clean()


def test_the_filters_show_what_the_analytics_select(service, network):
    url = service[0]
    everyone = len(co_partnership(network))
    with browser_page() as browser:
        page = browser.page
        open_view(page, f"{url}/viz")
        checks = (
            ("status", "completed", Filters(statuses=frozenset({"completed"}))),
            ("role", "funder", Filters(roles=frozenset({"funder"}))),
            ("theme", sorted({a.theme for a in network.activities.values() if a.theme})[0], None),
        )
        for name, value, filters in checks:
            page.select_option(f"select[name='{name}']", value)
            expected = len(recurrence(network, filters or Filters(themes=frozenset({value}))))
            assert count(page) == page.evaluate("kgViz.visibleCount") == expected < everyone, name
            page.click("button[type='reset']")
            page.wait_for_function(f"() => kgViz.visibleCount === {everyone}")
        page.fill("input[name='from']", "2022")
        page.fill("input[name='to']", "2022")
        assert count(page) == len(recurrence(network, Filters(years=(2022, 2022)))) < everyone
        page.click("button[type='reset']")
        page.uncheck("input[name='type'][value='organization']")
        assert count(page) == 0 and page.inner_text("#viz-count").startswith("0 nodi")
        page.check("input[name='type'][value='organization']")
        assert count(page) == everyone
        # initial filters from the address
        open_view(page, f"{url}/viz?status=completed")
        assert count(page) == len(recurrence(network, Filters(statuses=frozenset({"completed"}))))
        browser.assert_clean()


def test_search_tooltips_exports_and_english(service, network, tmp_path):
    url = service[0]
    cariplo = next(iri for iri, org in network.organizations.items() if org.name == "Fondazione Cariplo")
    with browser_page() as browser:
        page = browser.page
        open_view(page, f"{url}/viz")
        options = page.evaluate("Array.from(document.querySelectorAll('#viz-search-list option'), o => o.value)")
        assert "Fondazione Cariplo" in options and len(options) == len(co_partnership(network))
        page.fill("#viz-search", "fondazione cari")
        page.press("#viz-search", "Enter")
        node = page.evaluate(ID_OF, cariplo)
        page.wait_for_function(f"() => kgViz.focused === {node}")  # centred on it
        assert page.evaluate("kgViz.network.getSelectedNodes()") == [node]
        tooltip = hover(page, node)
        assert tooltip.startswith("Fondazione Cariplo") and "Attività" in tooltip and "catalogo, righe" in tooltip

        with page.expect_download() as csv:
            page.click("#viz-csv")  # the selection: Fondazione Cariplo
        rows = Path(csv.value.path()).read_text(encoding="utf-8-sig").splitlines()
        assert rows[0] == "iri,nome,tipo,attività,pagina" and len(rows) == 2 and rows[1].startswith(cariplo)
        page.click("#viz-fit")
        page.evaluate("kgViz.network.unselectAll()")
        with page.expect_download() as csv:
            page.click("#viz-csv")  # nothing selected: every node shown
        assert len(Path(csv.value.path()).read_text(encoding="utf-8-sig").splitlines()) == count(page) + 1
        with page.expect_download() as png:
            page.click("#viz-png")
        assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.value.suggested_filename == "rete-recurring.png"

        open_view(page, f"{url}/viz?preset=funders&lang=en")
        assert page.inner_text("#viz-count").endswith("links") and " nodes" in page.inner_text("#viz-count")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.inner_text("h1") == "Funders"
        page.click("text=Italiano")
        page.wait_for_selector(VIZ_READY)
        assert page.inner_text("h1") == "Finanziatori"
        browser.assert_clean()


def test_the_standalone_page_works_from_disk(built_dist, network, tmp_path):
    out = tmp_path / "rete.html"
    assert main(["viz", "--graph", str(built_dist[0]), "--preset", "funders", "--out", str(out)]) == 0
    with browser_page() as browser:
        page = browser.page
        address = out.resolve().as_uri()
        browser.context.route(address, lambda route: route.continue_())  # this file, and nothing else
        state = open_view(page, address)
        assert state["visible"] == len(funding_network(network))
        browser.assert_clean()


# --- words of the catalogue with markup in them ---------------------------------------------------------------

def hostile_dump(store: ox.Store, network: NetworkData, path: Path) -> tuple[str, str]:
    """A small graph cut from the built one (an activity, its statements and what they point at, two steps out),
    with markup in the activity's title and in one participation's quote; returns the activity and organisation."""
    activity = max((p.activity for p in network.participations if p.quote),
                   key=lambda a: sum(p.activity == a for p in network.participations))
    organisation = next(p.organization for p in network.participations if p.activity == activity and p.quote)
    title, quote = ox.NamedNode(RDFS + "label"), ox.NamedNode(CITAZIONE)
    start = ox.NamedNode(activity)
    frontier = [start, *(q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "subject"), start))]
    seen, quads = set(), []
    for _ in range(3):
        following = []
        for node in frontier:
            if node in seen:
                continue
            seen.add(node)
            for q in store.quads_for_pattern(node, None, None):
                quads.append(q)
                if isinstance(q.object, ox.NamedNode | ox.BlankNode) and q.predicate.value != RDF + "type":
                    following.append(q.object)
        frontier = following
    changed = []
    quoted = False
    for q in quads:
        if q.subject == start and q.predicate == title:
            q = ox.Quad(q.subject, q.predicate, ox.Literal(HOSTILE_TITLE, language="it"), q.graph_name)
        elif q.predicate == quote and not quoted and _participation_of(store, q.subject, organisation):
            q, quoted = ox.Quad(q.subject, q.predicate, ox.Literal(HOSTILE_QUOTE), q.graph_name), True
        changed.append(q)
    assert quoted
    path.write_bytes(ox.serialize(changed, format=ox.RdfFormat.N_QUADS))
    return activity, organisation


def _participation_of(store: ox.Store, node, organisation: str) -> bool:
    return any(store.quads_for_pattern(node, ox.NamedNode("https://w3id.org/italia/onto/RO/isRoleInTimeOf"),
                                       ox.NamedNode(organisation)))


def test_markup_in_a_title_or_a_quote_shows_as_text_and_never_runs(built_store, network, tmp_path):
    activity, organisation = hostile_dump(built_store, network, tmp_path / "graph.nq")
    store = EmbeddedStore.from_dump(tmp_path / "graph.nq", workers=1)
    try:
        with running(create_app(store, service_settings(KG_WORKERS="1"))) as url, browser_page() as browser:
            page = browser.page
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            open_view(page, f"{url}/viz?focus={activity}")
            assert HOSTILE_TITLE in page.inner_text("h1")
            assert HOSTILE_TITLE in hover(page, page.evaluate(ID_OF, activity))
            assert HOSTILE_QUOTE in hover(page, page.evaluate(ID_OF, organisation))
            options = page.evaluate("Array.from(document.querySelectorAll('#viz-search-list option'), o => o.value)")
            assert HOSTILE_TITLE in options
            page.fill("#viz-search", HOSTILE_TITLE)
            page.press("#viz-search", "Enter")
            page.wait_for_function(f"() => kgViz.focused === {page.evaluate(ID_OF, activity)}")
            open_view(page, f"{url}/viz")  # the organisation's tooltip in the recurring partners
            assert HOSTILE_QUOTE in hover(page, page.evaluate(ID_OF, organisation))
            assert page.evaluate("document.querySelectorAll('.vis-tooltip script, .vis-tooltip img').length") == 0
            assert not dialogs
            browser.assert_clean()
    finally:
        store.close()
