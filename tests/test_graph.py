"""The knowledge graph built from the bundled catalogue and the shared reference data."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Graph

from api.cli import main
from graph.queries import load_queries, prefix_block, resolve, run
from ontology import Namespaces

NS = Namespaces.at()
pytestmark = pytest.mark.shared


def select(store, text: str, **bindings) -> list[dict]:
    table = run(store, prefix_block(NS) + text, {k: resolve(store, v, NS, "IRI") for k, v in bindings.items()})
    return [{c: (t.value if t is not None else None) for c, t in zip(table.columns, row, strict=True)}
            for row in table.rows]


def count(store, where: str) -> int:
    return int(select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def test_every_output_is_written(built_dist):
    out, report = built_dist
    assert sorted(p.name for p in out.iterdir()) == ["dataset.ttl", "graph.jsonld", "graph.nq", "graph.nt",
                                                     "graph.ttl", "report.json"]
    assert json.loads((out / "report.json").read_text())["triples"] == report["triples"]
    assert all(check["conforms"] for check in report["shacl"])


def test_counts(built_store):
    assert count(built_store, "?x a alo:Attivita") == 75
    assert count(built_store, "?x a clvapit:City") >= 1502
    assert count(built_store, "?x a clvapit:City ; geo:sfWithin/geo:sfWithin alv:territorio\\/regione\\/03") == 1502
    assert count(built_store, "?x a clvapit:Province ; geo:sfWithin alv:territorio\\/regione\\/03") == 12
    assert count(built_store, "?x a alo:AreaInterna") == 14
    assert count(built_store, "?x a clvapit:City ; geo:sfWithin ?a . ?a a alo:AreaInterna") == 488
    assert count(built_store, "?x a alo:Attestazione ; alo:inferito true") == 42


def test_recurring_partners_ranking(built_store):
    query = load_queries()["recurring-partners"]
    table = run(built_store, query.text(prefix_block(NS)))
    labels = [row[1].value for row in table.rows]
    leaders = {"Regione Lombardia", "Fondazione Cariplo", "Polis Lombardia"}
    last_leader = max(labels.index(name) for name in leaders)
    assert set(labels[:last_leader + 1]) <= leaders | {"AnciLab"}, labels[:6]


def test_money_is_decimal_euro(built_store):
    rows = select(built_store, """SELECT ?v (DATATYPE(?v) AS ?t) ?c WHERE {
        ?p dct:identifier "compensazioni-ambientali-concessioni-stogit" ; alo:costoComplessivo ?m .
        ?m schema:value ?v ; schema:currency ?c }""")
    assert [(Decimal(r["v"]), r["t"], r["c"]) for r in rows] == [
        (Decimal("8739950.00"), "http://www.w3.org/2001/XMLSchema#decimal", "EUR")]


def test_every_link_has_its_lines_and_quote(built_store):
    unsupported = select(built_store, """SELECT ?p ?o WHERE {
        ?a a alo:Attivita ; ?p ?o .
        FILTER (?p IN (clvapit:hasSpatialCoverage, prjapit:hasProgramme, dct:subject, alo:costoComplessivo))
        FILTER NOT EXISTS { ?s rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?o ;
                                prov:wasDerivedFrom ?lines ; alo:citazione ?quote } }""")
    assert unsupported == []
    roles = select(built_store, """SELECT ?r WHERE { ?r a roapit:TimeIndexedRole .
        FILTER NOT EXISTS { ?r prov:wasDerivedFrom ?l ; alo:citazione ?q } }""")
    assert roles == []
    fragment = select(built_store, """SELECT ?l WHERE {
        ?p dct:identifier "compensazioni-ambientali-concessioni-stogit" ; prov:wasDerivedFrom ?l }""")
    assert fragment[0]["l"].endswith(".txt#line=460,487")  # RFC 5147: lines 461-487


def test_links_out(built_store):
    milano = "alv:territorio\\/comune\\/015146"
    assert select(built_store, f"SELECT ?q WHERE {{ {milano} owl:sameAs ?q }}") == [
        {"q": "http://www.wikidata.org/entity/Q490"}]
    assert count(built_store, "?x skos:exactMatch ?o . FILTER STRSTARTS(STR(?o), "
                              "'https://w3id.org/italia/controlled-vocabulary/territorial-classifications/')") >= 13


def test_projects_in_each_area_interna(built_store, shared_dir, knowledge, bundled):
    """Expected from the answer key plus the reference memberships, not from a hand-written list."""
    import csv

    gold = json.loads((shared_dir / "gold" / "catalogo.gold.json").read_text())
    members: dict[str, set[str]] = {}
    with open(shared_dir / "reference/lombardia-aree-interne-regionali/aree_interne_lombardia.csv") as handle:
        for row in csv.DictReader(handle):
            members.setdefault(row["area_id"], set()).add(row["istat_code"])
    areas = {str(p.number): p for p in knowledge.gazetteer.of_type("area_interna")}

    def record_for(card):  # our record covering the gold card's lines
        first, last = card["lines"]
        return max(bundled.records, key=lambda r: min(r.line_end, last) - max(r.line_start, first)).id

    from rapidfuzz import fuzz

    from loaders.text import fold
    for number, area in areas.items():
        expected = set()
        for card in gold:
            for t in card["territories"]:
                named_area = t["type"] == "area_interna" and fuzz.ratio(fold(t["name"]), fold(area.name)) >= 85
                comune = knowledge.gazetteer.comune(t["name"]) if t["type"] == "comune" else None
                if named_area or (comune is not None and comune.istat_code in members[number]):
                    expected.add(record_for(card))
        iri = str(NS.alv[f"territorio/area-interna/2021-2027_{__import__('loaders').text.slugify(area.name, 12)}"])
        found = {row["activity"].rsplit("/", 1)[-1] for row in select(
            built_store, load_queries()["projects-in-area"].body, area=f"<{iri}>")}
        assert found == expected, area.name


def test_validate_command(built_dist, capsys):
    assert main(["validate", "--graph", str(built_dist[0])], environ={}) == 0
    assert "conforms (0 violations)" in capsys.readouterr().err


def test_a_broken_graph_does_not_validate(built_dist, tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    text = (built_dist[0] / "graph.nt").read_text(encoding="utf-8")
    # drop every currency: the amounts lose their "EUR"
    (broken / "graph.nt").write_text("\n".join(line for line in text.splitlines()
                                               if "http://schema.org/currency" not in line) + "\n")
    assert main(["validate", "--graph", str(broken)], environ={}) == 1
    assert "does not conform" in capsys.readouterr().err


def test_dataset_description(built_dist):
    description = Graph().parse(built_dist[0] / "dataset.ttl")
    text = (built_dist[0] / "dataset.ttl").read_text()
    assert "http://publications.europa.eu/resource/authority/data-theme/GOVE" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert len(list(description.subjects(predicate=None, object=None))) > 20
    assert "void:sparqlEndpoint <http://127.0.0.1:8000/sparql>" in text


def test_dumps_hold_the_same_triples(built_dist):
    out = built_dist[0]
    ttl = Graph().parse(out / "graph.ttl")
    nt_lines = sum(1 for line in (out / "graph.nt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(ttl) == nt_lines == built_dist[1]["triples"]


def test_query_command(built_dist, capsys):
    assert main(["query", "projects-in-area", "--bind", "area=Val Camonica", "--graph", str(built_dist[0]),
                 "--format", "json"], environ={}) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(row["areaLabel"] == "Val Camonica" and row["activityLabel"] for row in rows)
    assert main(["query", "projects-in-area", "--graph", str(built_dist[0])], environ={}) == 1
    assert "needs --bind area=VALUE" in capsys.readouterr().err
    assert main(["query", "SELECT * WHERE { ?s ?p }", "--graph", str(built_dist[0])], environ={}) == 1
    assert "syntax error" in capsys.readouterr().err.lower()


def test_every_widest_programme_is_in_one_family(built_store):
    rows = select(built_store, """
        SELECT ?programme (COUNT(?family) AS ?n) (SAMPLE(?name) AS ?family_name) WHERE {
          ?programme a prjapit:Programme .
          FILTER NOT EXISTS { ?programme skos:broader ?wider }
          OPTIONAL { ?family a alo:FamigliaDiProgrammi ; skos:member ?programme ; skos:prefLabel ?name
                     FILTER(lang(?name) = "it") }
        } GROUP BY ?programme""")
    assert rows and all(int(r["n"]) == 1 for r in rows), [r for r in rows if int(r["n"]) != 1]
    family = {r["programme"].rsplit("/", 1)[-1]: r["family_name"] for r in rows}
    assert family["fami"] == "Fondi UE a gestione concorrente"
    assert family["erasmus-plus"] == "Programmi UE a gestione diretta"
    assert family["pnrr"].startswith("Piani nazionali")
    assert family["interreg"].startswith("Cooperazione territoriale europea")
