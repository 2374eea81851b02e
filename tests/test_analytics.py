"""Network analytics on the bundled catalogue's graph: the data read by SPARQL, the networkx views, the measures,
and `kg analyze`. Expected values come from direct SPARQL queries on the same store."""

from __future__ import annotations

import copy
import csv
import io
from decimal import Decimal

import networkx as nx
import pyoxigraph as ox
import pytest

from api.cli import main
from graph.analytics import (
    Filters,
    NetworkData,
    bipartite,
    co_partnership,
    ego_network,
    exportable,
    funding_network,
    metrics,
    read_network,
    recurrence,
    selected_activities,
    sparql_select,
    store_select,
    territory_network,
)
from graph.queries import load_queries, prefix_block, run
from ontology import Namespaces

NS = Namespaces.at()
DATA, ENTE, ALV = str(NS.data), str(NS.data) + "ente/", str(NS.alv)
REGIONE, ANCILAB, CARIPLO, POLIS = (ENTE + key for key in ("r_lombar", "ancilab", "fondazione-cariplo",
                                                             "polis-lombardia"))
PNRR = ALV + "programma/pnrr"
VALCHIAVENNA = ALV + "territorio/area-interna/2021-2027_valchiavenna"
MONZA_BRIANZA = ALV + "territorio/provincia/108"
pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def data(built_store) -> NetworkData:
    return read_network(store_select(built_store), str(NS.base))


def sparql(store: ox.Store, text: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, str | None]]:
    table = run(store, prefix_block(NS) + text, bindings)
    return [{c: (t.value if t is not None else None) for c, t in zip(table.columns, row, strict=True)}
            for row in table.rows]


def iris(store: ox.Store, where: str) -> set[str]:
    return {row["x"] for row in sparql(store, f"SELECT DISTINCT ?x WHERE {{ {where} }}")}


# --- reading ----------------------------------------------------------------------------------------------------

def test_read_network_counts(data, built_store):
    assert len(data.activities) == 75
    assert len(data.organizations) == 81
    assert len(data.participations) == len(iris(built_store, "?a a alo:Attivita ; roapit:hasRiT ?x")) == 159
    # 26: with Erasmus+ KA220-YOU, the strand a card prints, as a narrower programme of Erasmus+
    assert len(data.programmes) == len(iris(built_store, "?x a prjapit:Programme")) == 26
    assert len(data.programme_links) == 44
    assert len(data.place_links) == 82
    assert sum(p.kind == "area_interna" for p in data.places.values()) == 14
    assert {a.kind for a in data.activities.values()} == {"project", "service"}
    assert sum(a.kind == "service" for a in data.activities.values()) == 17
    assert {p.role for p in data.participations} == {"lead", "partner", "funder", "beneficiary", "implementer",
                                                     "other"}
    # every place a card names is there, with the province and the aree interne above it
    for link in data.place_links:
        place = data.places[link.place]
        assert place.province is None or place.province in data.places
        assert all(area in data.places for area in place.areas)


def test_an_activity_as_read(data):
    activity = data.activities[DATA + "progetto/valorizzazione-dei-beni-confiscati-alla-criminalita"]
    assert (activity.id, activity.kind, activity.status, activity.theme) == (
        "valorizzazione-dei-beni-confiscati-alla-criminalita", "project", "ongoing", "Legalità")
    assert (activity.start_year, activity.end_year, activity.ancilab) == (2023, 2025, False)
    assert isinstance(activity.budget, Decimal)
    assert activity.source.endswith(".txt#line=1479,1502") and activity.lines == "1480–1502"
    regione = data.organizations[REGIONE]
    assert (regione.key, regione.name) == ("r_lombar", "Regione Lombardia")
    role = next(p for p in data.participations if p.activity == activity.iri and p.organization == REGIONE)
    assert role.role == "partner" and role.quote and role.lines.isdigit()
    assert data.programmes[ALV + "programma/pnrr-m1c3"].broader == PNRR


def test_the_service_store_reads_the_same_network(built_dist, data):
    from graph.pool import EmbeddedStore

    store = EmbeddedStore.from_dump(built_dist[0], workers=1)
    try:
        assert read_network(sparql_select(store), str(NS.base)) == data
    finally:
        store.close()


# --- recurrence and filters -------------------------------------------------------------------------------------

def test_recurrence_counts_the_recurring_partners(data):
    counts = recurrence(data)
    assert {org: counts[org] for org in (REGIONE, ANCILAB, CARIPLO, POLIS)} == {
        REGIONE: 33, ANCILAB: 22, CARIPLO: 5, POLIS: 4}
    named = {data.organizations[org].name: n for org, n in counts.items() if n >= 3}
    assert named["Ministero della Cultura"] == 3 and len(named) == 6
    assert list(counts.values()) == sorted(counts.values(), reverse=True)
    completed = recurrence(data, Filters(statuses=frozenset({"completed"})))
    assert 0 < completed[REGIONE] < 33 and sum(completed.values()) < sum(counts.values())


def test_recurrence_in_a_year_agrees_with_the_canonical_query(data, built_store):
    query = load_queries()["recurring-partners"]
    xsd_integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    rows = sparql(built_store, query.body, activeIn=ox.Literal("2023", datatype=xsd_integer),
                  minActivities=ox.Literal("1", datatype=xsd_integer))
    expected = {row["organization"]: int(row["activities"]) for row in rows}
    assert recurrence(data, Filters(years=(2023, 2023))) == expected
    assert expected[REGIONE] < 33


def test_each_filter_selects_what_the_graph_says(data, built_store):
    everything = selected_activities(data, Filters())
    assert len(everything) == 75

    def selected(**kwargs) -> set[str]:
        found = selected_activities(data, Filters(**kwargs))
        assert found < everything
        return set(found)

    assert selected(themes=frozenset({"Welfare"})) == iris(
        built_store, '?x dct:subject/skos:prefLabel "Welfare"@it')
    assert selected(funders=frozenset({CARIPLO})) == iris(built_store, f"?x prjapit:projectFunder <{CARIPLO}>")
    assert selected(statuses=frozenset({"completed"})) == iris(built_store, "?x alo:stato alv:stato\\/concluso")
    assert selected(kinds=frozenset({"service"})) == iris(built_store, "?x a alo:Servizio")
    assert selected(roles=frozenset({"funder"})) == iris(built_store, "?x prjapit:projectFunder ?f")
    # a PNRR component counts for the PNRR
    pnrr = selected(programmes=frozenset({PNRR}))
    assert pnrr == iris(built_store, f"?x prjapit:hasProgramme/skos:broader* <{PNRR}>")
    assert DATA + "progetto/progetto-culturali-sostenibili-techlab-esg-pnrr-m1c3" in pnrr
    in_2023 = selected(years=(2023, 2023))
    assert all(data.activities[a].start_year is not None or data.activities[a].end_year is not None for a in in_2023)
    assert selected(years=(2019, 2019)) != in_2023
    assert selected(years=(None, 2019)) >= selected(years=(2019, 2019))
    # filters combine as "and"
    both = selected(statuses=frozenset({"ongoing"}), themes=frozenset({"Welfare"}))
    assert both == selected(statuses=frozenset({"ongoing"})) & selected(themes=frozenset({"Welfare"}))


# --- the networks -----------------------------------------------------------------------------------------------

def test_bipartite_links_activities_and_organisations(data):
    graph = bipartite(data)
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(k == "activity" for k in kinds.values()) == 75
    assert graph.degree(REGIONE) == 33 and graph.degree(ANCILAB) == 22
    assert all(kinds[a] != kinds[b] for a, b in graph.edges)
    edge = graph.edges[DATA + "progetto/progetto-maybe-moving-into-adulthood-in-uncertain-times", CARIPLO]
    assert "funder" in edge["roles"] and edge["quote"] and edge["lines"]
    funders = bipartite(data, Filters(roles=frozenset({"funder"})))
    assert {role for _, _, roles in funders.edges(data="roles") for role in roles} == {"funder"}
    assert funders.number_of_edges() == len([p for p in data.participations if p.role == "funder"])


def test_co_partnership_weights_are_shared_activities(data, built_store):
    graph = co_partnership(data)
    query = load_queries()["co-partners"].body
    for org in (REGIONE, ANCILAB, CARIPLO, POLIS):
        shared = {row["partner"]: int(row["shared"]) for row in sparql(built_store, query,
                                                                         organization=ox.NamedNode(org))}
        assert {partner: graph.edges[org, partner]["weight"] for partner in graph[org]} == shared, org
        for partner in graph[org]:
            assert len(graph.edges[org, partner]["activities"]) == shared[partner]
    strong = co_partnership(data, min_weight=2)
    assert strong.number_of_edges() < graph.number_of_edges()
    assert all(w >= 2 for _, _, w in strong.edges(data="weight"))
    welfare = co_partnership(data, Filters(themes=frozenset({"Welfare"})))
    assert welfare.number_of_nodes() < graph.number_of_nodes()


def test_funding_network_layers(data):
    graph = funding_network(data)
    assert isinstance(graph, nx.DiGraph)
    levels = {"organization": 0, "programme": 1, "activity": 2}
    assert all(attrs["level"] == levels[attrs["kind"]] for _, attrs in graph.nodes(data=True))
    assert all(graph.nodes[b]["level"] > graph.nodes[a]["level"] for a, b in graph.edges)
    assert graph.edges[CARIPLO, PNRR]["weight"] == 1  # a Cariplo activity under PNRR components
    assert graph.has_edge(CARIPLO, DATA + "progetto/progetto-maybe-moving-into-adulthood-in-uncertain-times")
    component = graph.edges[PNRR, DATA + "progetto/progetto-culturali-sostenibili-techlab-esg-pnrr-m1c3"]
    assert component["via"] == ALV + "programma/pnrr-m1c3"
    only_cariplo = funding_network(data, Filters(funders=frozenset({CARIPLO})))
    assert {n for n, level in only_cariplo.nodes(data="level") if level == 0} == {CARIPLO}


def test_territory_network_rolls_comuni_up(data):
    graph = territory_network(data)
    monza_activity = next(link.activity for link in data.place_links
                          if data.places[link.place].province == MONZA_BRIANZA)
    comune = next(link.place for link in data.place_links
                  if link.activity == monza_activity and data.places[link.place].province == MONZA_BRIANZA)
    assert graph.edges[monza_activity, comune]["via"] is None
    assert graph.edges[monza_activity, MONZA_BRIANZA]["via"] is not None
    assert all(kind == "coverage" for _, _, kind in graph.edges(data="kind"))


@pytest.mark.parametrize("area", [VALCHIAVENNA, MONZA_BRIANZA])
def test_territory_network_of_an_area(data, built_store, area):
    graph = territory_network(data, area=area)
    rows = sparql(built_store, load_queries()["projects-in-area"].body, area=ox.NamedNode(area))
    activities = {n for n, kind in graph.nodes(data="kind") if kind == "activity"}
    assert activities == {row["activity"] for row in rows} and activities
    places = {n for n, kind in graph.nodes(data="kind") if kind == "place"}
    members = iris(built_store, f"?x a clvapit:City ; geo:sfWithin <{area}>")
    assert {row["place"] for row in rows} <= places
    assert places == {area} | (members & set(data.places))
    if area == VALCHIAVENNA:
        assert places == {area} | members and len(members) == 12
    assert all(graph.edges[m, area]["kind"] == "within" for m in places - {area})
    with pytest.raises(KeyError):
        territory_network(data, area=ALV + "territorio/area-interna/nowhere")


def test_ego_network_depths(data):
    one = ego_network(data, CARIPLO)
    assert set(one) == {CARIPLO} | {p.activity for p in data.participations if p.organization == CARIPLO}
    two = ego_network(data, CARIPLO, depth=2)
    assert set(one) < set(two)
    assert {REGIONE, PNRR} <= set(two)
    assert {kind for _, kind in two.nodes(data="kind")} == {"activity", "organization", "programme", "place"}
    area = ego_network(data, VALCHIAVENNA)
    assert len(area) > 1 and all(kind == "activity" for n, kind in area.nodes(data="kind") if n != VALCHIAVENNA)
    with pytest.raises(ValueError):
        ego_network(data, CARIPLO, depth=3)
    with pytest.raises(KeyError):
        ego_network(data, ENTE + "nobody")


# --- measures ---------------------------------------------------------------------------------------------------

def test_metrics_are_deterministic_and_leave_the_graph_alone(data):
    graph = co_partnership(data)
    before = copy.deepcopy((graph.graph, dict(graph.nodes(data=True)), list(graph.edges(data=True))))
    first, again = metrics(graph), metrics(graph)
    assert (graph.graph, dict(graph.nodes(data=True)), list(graph.edges(data=True))) == before
    assert first.communities == again.communities and first.bridges == again.bridges
    assert [len(c) for c in first.communities] == sorted((len(c) for c in first.communities), reverse=True)
    assert set().union(*first.communities) == set(graph)
    assert all(node in first.communities[i] for node, i in first.community_of.items())
    assert first.bridges and first.bridges[0][0] in (ANCILAB, REGIONE)
    counts = [(-touched, -between) for _, touched, between in first.bridges]
    assert counts == sorted(counts) and all(touched >= 1 for _, touched, _ in first.bridges)
    assert max(first.betweenness, key=first.betweenness.get) in (ANCILAB, REGIONE)
    assert metrics(nx.Graph()).communities == ()


def test_exportable_copies_plain_values(data):
    graph = bipartite(data)
    plain = exportable(graph, metrics(graph))
    assert isinstance(graph.edges[next(iter(graph.edges))]["roles"], tuple)
    values = [v for _, attrs in plain.nodes(data=True) for v in attrs.values()]
    values += [v for _, _, attrs in plain.edges(data=True) for v in attrs.values()]
    assert all(isinstance(v, str | int | float | bool) for v in values)
    assert all("community" in attrs for _, attrs in plain.nodes(data=True))


# --- kg analyze -------------------------------------------------------------------------------------------------

def test_kg_analyze_prints_the_tables_and_writes_the_files(built_dist, data, tmp_path, capsys):
    out = tmp_path / "analysis"
    assert main(["analyze", "--graph", str(built_dist[0]), "--out", str(out), "--top", "5"], environ={}) == 0
    printed = capsys.readouterr().out
    assert "Regione Lombardia" in printed and "Communities" in printed and "Bridges" in printed
    recurring = printed.split("Bridges")[0]
    assert [line.split()[-1] for line in recurring.splitlines() if line.startswith("Polis Lombardia")] == ["partner"]
    assert "ANCI Sicilia" not in recurring  # in 2 activities only
    partners, projects = co_partnership(data), bipartite(data)
    for name, graph in (("co-partnership", partners), ("bipartite", projects)):
        for read in (nx.read_graphml(out / f"{name}.graphml"), nx.read_gexf(out / f"{name}.gexf")):
            assert (read.number_of_nodes(), read.number_of_edges()) == (graph.number_of_nodes(),
                                                                        graph.number_of_edges())
        nodes = list(csv.DictReader(io.StringIO((out / f"{name}-nodes.csv").read_text(encoding="utf-8"))))
        edges = list(csv.DictReader(io.StringIO((out / f"{name}-edges.csv").read_text(encoding="utf-8"))))
        assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
        assert {"degree", "betweenness", "community"} <= set(nodes[0])
    weights = {(row["source"], row["target"]): int(row["weight"]) for row in csv.DictReader(
        io.StringIO((out / "co-partnership-edges.csv").read_text(encoding="utf-8")))}
    assert weights == {(a, b): w for a, b, w in partners.edges(data="weight")}
    read = nx.read_graphml(out / "co-partnership.graphml")
    assert read.nodes[REGIONE]["label"] == "Regione Lombardia" and read.nodes[REGIONE]["activity_count"] == 33
    # a second run replaces the directory whole, leaving nothing beside it
    (out / "stale.txt").write_text("old", encoding="utf-8")
    assert main(["analyze", "--graph", str(built_dist[0]), "--out", str(out)], environ={}) == 0
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysis"]


def test_kg_analyze_without_a_build_or_over_it(built_dist, tmp_path, capsys):
    assert main(["analyze", "--graph", str(tmp_path)], environ={}) == 1
    assert "no built graph" in capsys.readouterr().err
    for out in (built_dist[0], built_dist[0].parent):
        assert main(["analyze", "--graph", str(built_dist[0]), "--out", str(out)], environ={}) == 1
        assert "would replace the built graph" in capsys.readouterr().err
    assert (built_dist[0] / "graph.nq").is_file()
