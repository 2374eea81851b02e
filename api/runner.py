"""Queries from the HTTP layer to the store, off the event loop, so one slow query never holds up the others."""

from __future__ import annotations

import json

import anyio
from rdflib import Graph

from graph.engine import Formats, QueryRequest, SparqlStore
from graph.results import Written
from ontology import Namespaces

from .settings import Settings

# Threads waiting on the store at once; each only waits on a pipe or a socket while the store works.
_WAITING_THREADS = 64


class Runner:
    def __init__(self, store: SparqlStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.base_iri = settings.published_at + "/sparql"
        self.prefixes = {prefix: str(iri) for prefix, iri in Namespaces.at(settings.base).bind(Graph())
                         .namespace_manager.namespaces() if prefix}
        self._limiter = anyio.CapacityLimiter(_WAITING_THREADS)

    def request(self, text: str, **options) -> QueryRequest:
        """A request with the service's limits, base IRI and prefixes; `options` override any field."""
        defaults = {"row_cap": self.settings.row_cap, "time_limit": self.settings.time_limit,
                    "base_iri": self.base_iri, "prefixes": self.prefixes}
        return QueryRequest(text, **{**defaults, **options})

    async def answer(self, request: QueryRequest) -> Written:
        return await anyio.to_thread.run_sync(self.store.run, request, limiter=self._limiter)

    async def bindings(self, text: str, **options) -> list[dict[str, dict]]:
        """A SELECT's rows as SPARQL JSON bindings (variable → {type, value, datatype | xml:lang})."""
        written = await self.answer(self.request(text, formats=Formats(solutions="json"), **options))
        return json.loads(written.body)["results"]["bindings"]

    async def ask(self, text: str) -> bool:
        written = await self.answer(self.request(text, formats=Formats(boolean="json")))
        return json.loads(written.body)["boolean"]

    async def graph(self, text: str, fmt: str) -> Written:
        return await self.answer(self.request(text, formats=Formats(graph=fmt)))
