"""kg build: all or nothing, with or without reference data, across editions, under any base IRI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from api.cli import main
from graph import BuildOptions, read_sources, release
from graph.assembly import build
from graph.dumps import write_atomically
from loaders.reference import read_reference
from ontology import DEFAULT_BASE, Minter, Namespaces

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini" / "catalogue.txt"


def build_mini(tmp_path: Path, knowledge, **options) -> tuple[Path, dict]:
    out = tmp_path / "dist"
    report = release(BuildOptions(**{"inputs": [MINI], "out": out, "base": DEFAULT_BASE, "reference": None,
                                     "public_url": "http://127.0.0.1:8000", **options}), knowledge)
    return out, report


def test_a_failed_build_leaves_the_previous_output(tmp_path, capsys):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "graph.ttl").write_text("previous build\n")
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    assert main(["build", "--input", str(garbage), "--out", str(out), "-q"], environ={}) == 1
    assert "ZIP" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]
    assert (out / "graph.ttl").read_text() == "previous build\n"


def test_writing_is_atomic(tmp_path):
    out = tmp_path / "dist"
    write_atomically(out, {"a.txt": b"one"})

    def crash(staging):
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(out, {"a.txt": b"two", "b.txt": b"two"}, before_swap=crash)
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"] and (out / "a.txt").read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]  # no staging directory left behind


def test_without_reference_data_the_build_says_what_it_skipped(tmp_path, knowledge, capsys):
    out, report = build_mini(tmp_path, knowledge)
    assert all(check["conforms"] for check in report["shacl"])
    assert report["reference"]["skipped"] and "aree interne" in report["reference"]["skipped"][0]
    assert report["classes"]["clvapit:City"] >= 1502  # the ISTAT list ships with the code
    assert report["classes"]["alo:AreaInterna"] == 14
    assert main(["build", "--input", str(MINI), "--out", str(tmp_path / "cli"), "-q"], environ={}) == 0
    assert "skipped: no reference directory given" in capsys.readouterr().err


def test_rebuilding_gives_the_same_graph(tmp_path, knowledge):
    first, _ = build_mini(tmp_path / "one", knowledge)
    second, _ = build_mini(tmp_path / "two", knowledge)
    assert (first / "graph.nt").read_bytes() == (second / "graph.nt").read_bytes()
    assert (first / "graph.nq").read_bytes() == (second / "graph.nq").read_bytes()


def test_the_base_iri_is_configurable(tmp_path, knowledge):
    out, _ = build_mini(tmp_path, knowledge, base="https://data.example.org/kg/")
    text = (out / "graph.nt").read_text(encoding="utf-8")
    assert "<https://data.example.org/kg/data/progetto/rete-dei-sentieri-delle-valli>" in text
    assert DEFAULT_BASE not in text
    assert all(check["conforms"] for check in json.loads((out / "report.json").read_text())["shacl"])


def test_the_same_project_in_two_editions_is_one_node(tmp_path, knowledge):
    text = MINI.read_text(encoding="utf-8")
    # next year: one card's title is reworded a little
    edition = text.replace("RETE DEI SENTIERI **DELLE VALLI**", "RETE DEI SENTIERI DELLE VALLI LOMBARDE")
    second = tmp_path / "catalogo-2026.txt"
    second.write_text(edition, encoding="utf-8")
    sources = read_sources([(MINI.name, MINI.read_bytes()), (second.name, second.read_bytes())], knowledge)
    built = build(sources, knowledge, read_reference(None), Namespaces.at())
    union = built.union
    ns = Namespaces.at()
    projects = set(union.subjects(predicate=RDF.type, object=ns.alo.Attivita))
    assert len(projects) == 6
    assert built.merged_ids == {"rete-dei-sentieri-delle-valli-lombarde": "rete-dei-sentieri-delle-valli"}
    graphs = [name for name in built.graphs if "/graph/fonte/" in str(name)]
    assert len(graphs) == 2


def test_golden_graph_of_the_hand_written_catalogue(knowledge, update_golden):
    """The triples the mapping makes for the hand-written catalogue, compared by graph isomorphism."""
    case = FIXTURES / "mini"
    sources = read_sources([(MINI.name, MINI.read_bytes())], knowledge)
    built = build(sources, knowledge, read_reference(None), Namespaces.at())
    graph = Namespaces.at().bind(Graph())
    for triple in built.graphs[Minter(Namespaces.at()).source_graph(sources[0].sha256)]:
        graph.add(triple)
    golden = case / "graph.ttl"
    if update_golden:
        golden.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(golden)
    if not isomorphic(graph, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(graph))
        pytest.fail(f"golden graph differs:\nmissing:\n{missing.serialize(format='nt')}\n"
                    f"extra:\n{extra.serialize(format='nt')}")
