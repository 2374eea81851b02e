"""The vocabulary file and the code that uses it stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal

from ontology import DEFAULT_BASE, Namespaces, ontology_graph
from ontology.terms import DCATAPIT_SHAPES_FILE, ONTOLOGY_FILE, SHAPES_FILE, ontology_terms

ROOT = Path(__file__).resolve().parent.parent


def used_in_code() -> set[str]:
    names = set()
    for path in (*ROOT.glob("ontology/*.py"), *ROOT.glob("graph/*.py")):
        names.update(re.findall(r"\balo\.([A-Za-z]\w*)", path.read_text(encoding="utf-8")))
    return names


def test_every_term_the_code_uses_is_in_the_vocabulary_and_every_term_is_used():
    declared = set(ontology_terms())
    assert used_in_code() <= declared, used_in_code() - declared
    assert declared <= used_in_code(), declared - used_in_code()


def test_every_term_has_italian_and_english_labels_and_comments():
    graph = Graph().parse(ONTOLOGY_FILE)
    onto = DEFAULT_BASE + "onto/"
    for term in (s for s in set(graph.subjects(RDF.type, None)) if str(s).startswith(onto) and str(s) != onto):
        for predicate in (RDFS.label, RDFS.comment):
            languages = {o.language for o in graph.objects(term, predicate) if isinstance(o, Literal)}
            assert {"it", "en"} <= languages, (term, predicate)
        assert set(graph.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


def test_the_vocabulary_moves_with_the_base():
    graph = ontology_graph(Namespaces.at("https://example.org/kg/"))
    iris = {str(t) for triple in graph for t in triple}
    assert "https://example.org/kg/onto/AreaInterna" in iris
    assert not any(iri.startswith(DEFAULT_BASE) for iri in iris)


def test_closed_namespace_refuses_typos():
    import pytest

    with pytest.raises(AttributeError):
        Namespaces.at().alo.AreaInternaa  # noqa: B018 - the attribute access is the test


def test_shapes_parse():
    for path in (SHAPES_FILE, DCATAPIT_SHAPES_FILE):
        assert len(Graph().parse(path)) > 20
