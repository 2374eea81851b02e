"""The network view without a browser: the presets show the analytics networks, the page loads nothing from
elsewhere (or inlines everything), words from the catalogue stay data, /viz answers, `kg viz` writes a page.

The browser half is tests/test_viz_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser

import httpx
import pytest

from api.cli import main
from api.viz import VENDOR_URL, render_html
from graph.analytics import (
    Activity,
    NetworkData,
    Organization,
    Participation,
    Place,
    PlaceLink,
    Programme,
    ProgrammeLink,
    co_partnership,
    ego_network,
    funding_network,
    read_network,
    recurrence,
    store_select,
    territory_network,
)
from ontology import DEFAULT_BASE
from viz import (
    PRESETS,
    UnknownEntity,
    area_counts,
    area_view,
    ego_view,
    find_area,
    funders_view,
    page_data,
    recurring_view,
)

HOSTILE_TITLE = 'Progetto <script>alert(1)</script> "virgolette" & co'
HOSTILE_QUOTE = 'capofila è "Ente <img src=x onerror=alert(2)>" </script><script>alert(3)</script>'
LARGEST = {"Regione Lombardia", "Fondazione Cariplo", "Polis Lombardia"}
DATA = "data/"


@pytest.fixture(scope="module")
def network(built_store) -> NetworkData:
    return read_network(store_select(built_store), DEFAULT_BASE)


def hostile_data() -> NetworkData:
    """Two activities, three organisations, a programme and a Comune, with markup in a title and a quote."""
    base = DEFAULT_BASE + DATA
    first, second = base + "progetto/uno", base + "progetto/due"
    orgs = {base + f"ente/{key}": Organization(base + f"ente/{key}", key, name, None)
            for key, name in (("a", "Ente A"), ("b", "Ente B"), ("c", 'Fondazione "C"'))}
    a, b, c = orgs
    comune = DEFAULT_BASE + "controlled-vocabulary/territorio/comune/013075"
    programme = DEFAULT_BASE + "controlled-vocabulary/programma/fesr"
    return NetworkData(
        activities={first: Activity(first, "uno", HOSTILE_TITLE, "project", "ongoing", "Europa", 2021, None,
                                    Decimal("125000"), None, "10–20", True),
                    second: Activity(second, "due", "Servizio due", "service", "completed", None, 2019, 2020, None,
                                     None, "30–40", False)},
        organizations=orgs,
        participations=(Participation(first, a, "lead", HOSTILE_QUOTE, "11"),
                        Participation(first, b, "partner", None, None),
                        Participation(first, c, "funder", "finanziato da C", "12"),
                        Participation(second, a, "partner", "A è partner", "31"),
                        Participation(second, b, "lead", None, None)),
        programmes={programme: Programme(programme, "FESR", None)},
        programme_links=(ProgrammeLink(first, programme, "con il FESR"),),
        places={comune: Place(comune, "Como", "comune", None, ())},
        place_links=(PlaceLink(first, comune, "a Como", "13"),),
    )


class Page(HTMLParser):
    """The page's scripts (attributes, body), stylesheets, every src/href, inline event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.addresses: list[str] = []
        self.stylesheets: list[str] = []
        self.handlers: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.handlers += [f"<{tag} {name}>" for name in found if name.lower().startswith("on")]
        self.addresses += [value for name, value in attrs if name in ("src", "href") and value is not None]
        if tag == "link" and found.get("rel") == "stylesheet":
            self.stylesheets.append(found.get("href", ""))
        if tag == "script":
            self._script = {**found, "body": ""}
            self.scripts.append(self._script)

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def texts(found: object):
    """Every string in a JSON value."""
    if isinstance(found, str):
        yield found
    elif isinstance(found, dict | list):
        for item in found.values() if isinstance(found, dict) else found:
            yield from texts(item)


def data_block(html: str) -> dict:
    found = re.search(r'<script id="viz-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "no data block"
    return json.loads(found.group(1))


# --- the presets --------------------------------------------------------------------------------------------

def test_the_recurring_partners_are_the_co_partnership_network_sized_by_recurrence(network):
    view = recurring_view(network)
    assert set(view.graph) == set(co_partnership(network))
    nodes = page_data(view, lang="it", href=str)["nodes"]
    assert {node["iri"] for node in nodes} == set(view.graph)
    counts = recurrence(network)
    assert all(node["value"] == counts[node["iri"]] for node in nodes)
    ranked = sorted(nodes, key=lambda node: -node["value"])
    largest = {node["tip"]["title"] for node in ranked[:4]}
    assert LARGEST <= largest <= LARGEST | {"AnciLab"}, largest
    assert ranked[4]["value"] < min(node["value"] for node in ranked[:4])


def test_the_funders_view_is_layered_funder_programme_activity(network):
    view = funders_view(network)
    graph = funding_network(network)
    assert set(view.graph) == set(graph)
    data = page_data(view, lang="it", href=str)
    assert data["options"]["physics"]["enabled"] is False  # the layers place every node
    columns = {node["iri"]: node["x"] for node in data["nodes"]}
    for iri, attributes in graph.nodes(data=True):
        assert columns[iri] == attributes["level"] * columns[max(columns, key=columns.get)] / 2
    rows = [node["y"] for node in data["nodes"] if node["x"] == 0]
    assert len(rows) == len(set(rows))  # no two funders on one spot


def test_the_area_view_defaults_to_the_area_most_activities_touch(network):
    counts = area_counts(network)
    busiest = next(iter(counts))
    assert counts[busiest] == max(counts.values()) > 0
    view = area_view(network)
    assert view.focus == busiest
    assert set(view.graph) == set(territory_network(network, area=busiest))
    name = network.places[busiest].name
    slug = busiest.rstrip("/").rsplit("/", 1)[-1]
    assert find_area(network, name.upper()) == find_area(network, slug) == find_area(network, busiest) == busiest
    with pytest.raises(UnknownEntity):
        find_area(network, "Atlantide")


def test_an_ego_network_centres_on_any_organisation_or_activity(network):
    organisation = next(iter(recurrence(network)))
    activity = next(iter(network.activities))
    for focus, depth in ((organisation, 1), (organisation, 2), (activity, 2)):
        view = ego_view(network, focus, depth)
        assert set(view.graph) == set(ego_network(network, focus, depth))
        pinned = [node for node in page_data(view, lang="en", href=str)["nodes"] if node.get("pinned")]
        assert [node["iri"] for node in pinned] == [focus] and pinned[0]["borderWidth"] == 4
    with pytest.raises(UnknownEntity):
        ego_view(network, DEFAULT_BASE + "data/ente/nessuno")


def test_what_the_script_filters_on_points_at_real_rows(network):
    for view in (recurring_view(network), funders_view(network), area_view(network),
                 ego_view(network, next(iter(recurrence(network))), 2)):
        data = page_data(view, lang="it", href=lambda iri: "/x")
        ids = {node["id"] for node in data["nodes"]}
        assert len(ids) == len(data["nodes"]) == len(view.graph)
        assert all(edge["from"] in ids and edge["to"] in ids for edge in data["edges"])
        rows = len(data["activities"])
        assert rows == len(view.universe)
        assert all(0 <= i < rows for node in data["nodes"] for i, _ in node["acts"])
        assert all(0 <= i < rows for edge in data["edges"] for i in edge["acts"])
        assert all(0 <= i < len(data["iris"]) for row in data["activities"]
                   for i in row.get("funders", []) + row.get("programmes", []))
        assert {entry["type"] for entry in data["legend"]} == {node["group"] for node in data["nodes"]}


# --- the page -----------------------------------------------------------------------------------------------

def test_the_served_page_loads_its_assets_from_this_origin_and_runs_no_inline_code():
    html = render_html(recurring_view(hostile_data()), base=DEFAULT_BASE)
    page = parse(html)
    assert not page.handlers
    assert {s["src"] for s in page.scripts if s.get("src")} == {f"{VENDOR_URL}/vis-network.min.js", "/static/viz.js"}
    for script in page.scripts:  # no inline code: a src, or the JSON data block
        assert script.get("src") or (script.get("type") == "application/json" and script["body"].strip()), script
    assert page.stylesheets == ["/static/kg.css", f"{VENDOR_URL}/vis-network.css", "/static/viz.css"]
    assert all(address.startswith(("/", "?", "#")) for address in page.addresses), page.addresses
    assert '<html lang="it">' in html


def test_the_standalone_page_inlines_vis_network_and_needs_nothing_else():
    html = render_html(funders_view(hostile_data()), base=DEFAULT_BASE, assets="inline", lang="en",
                       site="https://kg.example.org")
    page = parse(html)
    assert not page.stylesheets and not page.handlers
    assert not [s for s in page.scripts if s.get("src")]
    code = [s["body"] for s in page.scripts if s.get("type") != "application/json"]
    assert len(code) == 1 and "vis-network" in code[0] and "window.kgViz" in code[0]
    assert "</script" not in code[0]
    assert not [address for address in page.addresses if not address.startswith("https://kg.example.org/")]
    assert {node["href"] for node in data_block(html)["nodes"]} >= {"https://kg.example.org/id/data/ente/c"}
    assert "<style>" in html and ".viz-network" in html and ".vis-network" in html
    assert '<html lang="en">' in html and "Funders" in html
    assert len(html.encode()) < 3_000_000


def test_markup_in_a_title_or_a_quote_stays_text():
    for view in (ego_view(hostile_data(), DEFAULT_BASE + "data/progetto/uno"), recurring_view(hostile_data())):
        html = render_html(view, base=DEFAULT_BASE)
        assert "<script>alert" not in html and "<img src=x" not in html
        data = data_block(html)
        if view.preset == "ego":
            assert [row["title"] for row in data["activities"]].count(HOSTILE_TITLE) == 1
            assert "Progetto &lt;script&gt;alert(1)&lt;/script&gt; &#34;virgolette&#34; &amp; co" in html  # the h1
        assert HOSTILE_QUOTE in set(texts(data))


# --- /viz -------------------------------------------------------------------------------------------------

def test_viz_answers_every_preset_and_refuses_what_it_cannot_draw(service, network):
    url = service[0]
    for preset in PRESETS[:3]:
        response = httpx.get(f"{url}/viz", params={"preset": preset}, timeout=60)
        assert response.status_code == 200, preset
        assert response.headers["content-type"].startswith("text/html")
        assert data_block(response.text)["preset"] == preset
    area = next(iter(area_counts(network)))
    for given in (area, network.places[area].name, area.rsplit("/", 1)[-1]):
        response = httpx.get(f"{url}/viz", params={"area": given}, timeout=60)
        assert response.status_code == 200 and data_block(response.text)["preset"] == "area"
    organisation = next(iter(recurrence(network)))
    response = httpx.get(f"{url}/viz", params={"focus": organisation, "depth": "2", "lang": "en"}, timeout=60)
    assert response.status_code == 200
    assert len(data_block(response.text)["nodes"]) == len(ego_network(network, organisation, 2))
    refused = {
        (("preset", "sociogramma"),): 400,
        (("preset", "ego"),): 400,
        (("focus", organisation), ("depth", "3")): 400,
        (("focus", "https://example.org/nessuno"),): 404,
        (("preset", "area"), ("area", "Atlantide")): 404,
    }
    for params, status in refused.items():
        response = httpx.get(f"{url}/viz", params=dict(params), timeout=60)
        assert response.status_code == status, params
        assert response.headers["content-type"].startswith("text/html")
    for asset in ("vis-network.min.js", "vis-network.css"):
        assert httpx.get(f"{url}{VENDOR_URL}/{asset}", timeout=30).status_code == 200
    assert httpx.get(f"{url}/static/viz.js", timeout=30).status_code == 200


# --- kg viz -------------------------------------------------------------------------------------------------

def test_kg_viz_writes_a_standalone_page(built_dist, network, tmp_path, capsys):
    out = tmp_path / "rete.html"
    assert main(["viz", "--graph", str(built_dist[0]), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert len(data_block(html)["nodes"]) == len(co_partnership(network))
    assert not [s for s in parse(html).scripts if s.get("src")]
    assert str(out) in capsys.readouterr().err

    copy = tmp_path / "dist"
    copy.mkdir()
    shutil.copy(built_dist[0] / "graph.nq", copy / "graph.nq")
    assert main(["viz", "--graph", str(copy), "--preset", "funders", "--lang", "en"]) == 0
    html = (copy / "network-funders.html").read_text(encoding="utf-8")
    assert data_block(html)["preset"] == "funders" and '<html lang="en">' in html

    assert main(["viz", "--graph", str(copy), "--preset", "ego"]) == 1
    assert main(["viz", "--graph", str(copy), "--focus", "https://example.org/nessuno"]) == 1
    assert "not in the graph" in capsys.readouterr().err
