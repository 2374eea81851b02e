"""The home page: what the graph holds, and the users' three questions one click away.

Recurring partners, activities in an area interna, and the linked open data (catalogue, VoID, dumps, SPARQL).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from graph.engine import QueryFailed
from graph.queries import load_queries, prefix_block
from ontology import Namespaces

from .linked_data import onto, resource_href
from .runner import Runner
from .templating import templates

router = APIRouter(include_in_schema=False)
_templates = templates()
TOP_PARTNERS = 10
CLV = "https://w3id.org/italia/onto/CLV/"
# What the counts count: (class local name or IRI, Italian name), ours under the configured base.
COUNTED = (("Attivita", "attività"), ("Progetto", "progetti"), ("Servizio", "servizi ai Comuni"),
           ("https://w3id.org/italia/onto/COV/Organization", "enti e organizzazioni"),
           (CLV + "City", "Comuni"), ("AreaInterna", "aree interne"))


@router.get("/")
async def home(request: Request) -> Response:
    runner: Runner = request.app.state.runner
    try:
        counts, areas, partners = await asyncio.gather(_counts(runner), _areas(runner), _partners(runner))
    except QueryFailed as failure:
        return PlainTextResponse(failure.message + "\n", status_code=failure.status)
    return _templates.TemplateResponse(request, "home.html", {
        "counts": counts, "areas": areas, "partners": partners, "base": runner.settings.base,
    })


async def _counts(runner: Runner) -> list[tuple[str, int]]:
    classes = [name if ":" in name else onto(runner.settings.base) + name for name, _ in COUNTED]
    rows = await runner.bindings(f"SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?type "
                                 f"{{ {' '.join(f'<{c}>' for c in classes)} }} ?s a ?type }} GROUP BY ?type")
    found = {row["type"]["value"]: int(row["n"]["value"]) for row in rows}
    return [(label, found.get(iri, 0)) for iri, (_, label) in zip(classes, COUNTED, strict=True)]


async def _areas(runner: Runner) -> list[dict]:
    """The aree interne, each with how many activities name it or a place inside it."""
    alo = onto(runner.settings.base)
    rows = await runner.bindings(f"""
SELECT ?area (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?activity) AS ?n) WHERE {{
  ?area a <{alo}AreaInterna> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name .
  OPTIONAL {{ ?activity a <{alo}Attivita> ; <{CLV}hasSpatialCoverage> ?place .
             ?place <http://www.opengis.net/ont/geosparql#sfWithin>* ?area }}
}} GROUP BY ?area ORDER BY ?label""")
    base = runner.settings.base
    return [{"href": resource_href(row["area"]["value"], base), "label": row["label"]["value"],
             "activities": int(row["n"]["value"])} for row in rows]


async def _partners(runner: Runner) -> list[dict]:
    """The first rows of the canonical recurring-partners query (the same one /sparql offers)."""
    query = load_queries()["recurring-partners"].text(prefix_block(Namespaces.at(runner.settings.base)))
    rows = await runner.bindings(query)
    base = runner.settings.base
    return [{"href": resource_href(row["organization"]["value"], base), "label": row["organizationLabel"]["value"],
             "activities": int(row["activities"]["value"]), "roles": row["roles"]["value"]}
            for row in rows[:TOP_PARTNERS]]
