"""The SERVICE guard: only real SERVICE keywords count, and only allow-listed targets pass."""

from __future__ import annotations

import pytest

from graph.guard import Refused, check_query

ALLOWED = ["https://query.wikidata.org/sparql"]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://169.254.169.254/latest/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\\u0049CE <http://internal/> { ?s ?p ?o } }",  # escapes count before parsing
    "SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "PREFIX wd: <https://query.wikidata.org/> SELECT * WHERE { SERVICE wd:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> {} SERVICE <http://evil/> {} }",
])
def test_refused(query):
    with pytest.raises(Refused):
        check_query(query, ALLOWED)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil/>" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil/>",
    "SELECT ?service WHERE { ?service a <http://example.org/service#SERVICE> }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    'SELECT * WHERE { ?s ?p """a "quoted" SERVICE <http://evil/> text""" }',
])
def test_allowed(query):
    check_query(query, ALLOWED)
