"""The curation loop: kg review points at the corrections file; the file, applied, changes the graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from api.cli import main
from loaders import extract
from loaders.corrections import Corrections, CorrectionsError
from ontology import DEFAULT_BASE, Minter, Namespaces

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {"bundled": ROOT / "data" / "catalogo-anci-lombardia.txt",
              "edizione-2025": ROOT / "tests" / "fixtures" / "editions" / "edizione-2025" / "catalogue.txt"}
PRJ = "https://w3id.org/italia/onto/Project/"


def kg_json(capsys, *argv: str) -> dict:
    assert main(list(argv), environ={}) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("edition", sorted(CATALOGUES))
def test_review_then_corrections_change_the_graph(edition, tmp_path, capsys):
    catalogue = CATALOGUES[edition]
    corrections = tmp_path / "corrections.yaml"
    found = kg_json(capsys, "review", str(catalogue), "--corrections", str(corrections), "--format", "json")
    assert found["corrections_file"] == str(corrections)
    organisations = [r for r in found["uncertain"] + found["unknown_organizations"] if r["kind"] == "organization"]
    rejected = organisations[0]
    renamed = next(r for r in organisations if r["name"] != rejected["name"])
    corrections.write_text(
        "corrections:\n"
        f"  - reject: {json.dumps(rejected['name'])}\n    card: {rejected['card']}\n"
        f"  - rename: {json.dumps(renamed['name'])}\n    to: Fondazione Cariplo\n    card: {renamed['card']}\n"
        "    note: checked against the printed card\n"
        "  - reject: Nobody At All\n", encoding="utf-8")

    records = {r["id"]: r for r in kg_json(capsys, "extract", str(catalogue), "--corrections", str(corrections))
               ["records"]}
    assert rejected["name"] not in [o["name"] for o in records[rejected["card"]]["organizations"]]
    cariplo = [o for o in records[renamed["card"]]["organizations"] if o["name"] == "Fondazione Cariplo"]
    assert len(cariplo) == 1 and cariplo[0]["ref"] == "fondazione-cariplo"  # merged with the registry's body
    assert any("renamed from" in note and "line 4" in note for note in cariplo[0]["curation"])

    again = kg_json(capsys, "review", str(catalogue), "--corrections", str(corrections), "--format", "json")
    assert any("Nobody At All" in m for m in again["unused_corrections"])

    out = tmp_path / "dist"
    assert main(["build", "--input", str(catalogue), "--out", str(out), "--corrections", str(corrections), "-q"],
                environ={}) == 0
    graph = Graph().parse(out / "graph.ttl")
    ns = Namespaces.at(DEFAULT_BASE)
    mint = Minter(ns)
    participant = URIRef(PRJ + "hasParticipantingAgent")
    rejected_project = mint.project(rejected["card"])
    assert Literal(rejected["name"], lang="it") not in {
        graph.value(o, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        for o in graph.objects(rejected_project, participant)}
    cariplo_node = mint.organization("fondazione-cariplo")
    assert (mint.project(renamed["card"]), participant, cariplo_node) in graph
    notes = [str(o) for o in graph.objects(None, ns.alo.correzione)]
    assert any("renamed from" in n and "checked against the printed card" in n for n in notes)


def test_a_renamed_body_merges_with_one_already_on_the_card(knowledge):
    catalogue = CATALOGUES["bundled"].read_bytes()
    plain = extract(catalogue, name="c.txt", knowledge=knowledge)
    card = next(r for r in plain.records if {"Fondazione Ecosistemi", "Federculture"}
                <= {o.name for o in r.organizations})
    before = len(card.organizations)
    corrections = Corrections.parse(f"corrections:\n  - merge: [Fondazione Ecosistemi, Federculture]\n"
                                    f"    into: Federculture\n    card: {card.id}\n")
    merged = extract(catalogue, name="c.txt", knowledge=_with(knowledge, corrections))
    after = next(r for r in merged.records if r.id == card.id)
    assert len(after.organizations) == before - 1
    federculture = next(o for o in after.organizations if o.name == "Federculture")
    assert federculture.found.confidence == 1.0 and any("merged from" in n for n in federculture.found.curation)
    assert sum(d.code == "correction-applied" for d in merged.diagnostics) == 2


def test_add_role_accept_and_add(knowledge):
    catalogue = CATALOGUES["bundled"].read_bytes()
    plain = extract(catalogue, name="c.txt", knowledge=knowledge)
    record = next(r for r in plain.records if r.organizations)
    org = record.organizations[0]
    corrections = Corrections.parse(
        "corrections:\n"
        f"  - add_role: {json.dumps(org.name)}\n    role: funder\n    card: {record.id}\n"
        f"  - accept: {json.dumps(org.name)}\n    card: {record.id}\n"
        f"  - add: Legambiente Lombardia\n    roles: [partner]\n    card: {record.id}\n"
        f"  - add: Valle Imagna\n    kind: territory\n    type: altro\n    card: {record.id}\n")
    after = next(r for r in extract(catalogue, name="c.txt", knowledge=_with(knowledge, corrections)).records
                 if r.id == record.id)
    first = next(o for o in after.organizations if o.name == org.name)
    assert "funder" in first.roles and first.found.confidence == 1.0 and len(first.found.curation) == 2
    added = next(o for o in after.organizations if o.name == "Legambiente Lombardia")
    assert added.roles == ("partner",) and added.found.by == "correction"
    assert any(t.name == "Valle Imagna" and t.type == "altro" for t in after.territories)


@pytest.mark.parametrize("text, problem", [
    ("corrections:\n  - rename: X\n", "needs the new name"),
    ("corrections:\n  - reject: X\n    accept: Y\n", "exactly one of"),
    ("corrections:\n  - add_role: X\n    role: sponsor\n", "unknown roles"),
    ("corrections:\n  - add: X\n", "needs the card"),
    ("corrections:\n  - add: X\n    kind: territory\n    card: c\n", "needs type"),
    ("corrections:\n  - reject: X\n    colour: red\n", "unknown keys"),
    ("corrections: {a: 1}\n", "must be a list"),
    ("corrections:\n  - [a, b]\n", "each correction is a mapping"),
    ("corrections: [\n", "not YAML"),
])
def test_a_malformed_corrections_file_is_refused_with_its_line(text, problem):
    with pytest.raises(CorrectionsError, match=problem):
        Corrections.parse(text)


def test_kg_extract_names_the_bad_line(tmp_path, capsys):
    bad = tmp_path / "c.yaml"
    bad.write_text("corrections:\n  - reject: A\n  - rename: B\n", encoding="utf-8")
    assert main(["extract", str(CATALOGUES["bundled"]), "--corrections", str(bad)], environ={}) == 1
    assert "c.yaml line 3: rename needs the new name" in capsys.readouterr().err


def test_review_table_points_at_the_file(capsys):
    assert main(["review"], environ={}) == 0
    out = capsys.readouterr().out
    assert "Uncertain readings" in out and "Corrections file:" in out and "- reject:" in out


def _with(knowledge, corrections):
    from dataclasses import replace

    return replace(knowledge, corrections=corrections)
