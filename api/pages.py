"""Linked data: every IRI minted under the base dereferences at /id/…, any IRI of the graph at /resource?iri=….

Browsers get a page (label, types, links both ways, and the catalogue lines and words behind each fact); other
clients get the entity's RDF document in Turtle, JSON-LD, N-Triples or RDF/XML, by Accept or by a suffix
(/id/….ttl, .jsonld, .nt, .rdf). The home page and the downloads (api/downloads.py) hang off the same router.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from graph.engine import QueryFailed
from graph.results import GRAPH_FORMATS

from . import downloads, home
from .display import Shown, View, web_link
from .linked_data import (
    INCOMING_PAGE,
    OUTGOING_CAP,
    RDF_TYPE,
    BadIri,
    Description,
    Evidence,
    describe,
    document_query,
    iri_ref,
    near_matches,
    resource_href,
)
from .negotiation import best
from .runner import Runner
from .sources import LineRange, source_text
from .templating import templates
from .viz import network_data

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(downloads.router)
_templates = templates()

SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples", ".rdf": "rdfxml"}
_SUFFIX_OF = {fmt: suffix for suffix, fmt in SUFFIXES.items()}
FORMAT_NAMES = {"turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples", "rdfxml": "RDF/XML"}
# What a client may ask for, beyond the four RDF media types: JSON means JSON-LD, plain text N-Triples.
_ACCEPTED = {**{media: fmt for fmt, media in GRAPH_FORMATS.items()},
             "application/json": "jsonld", "text/plain": "ntriples"}


def _alternate(iri: str, base: str, fmt: str) -> str:
    href = resource_href(iri, base)
    return href + _SUFFIX_OF[fmt] if href.startswith("/id/") else f"{href}&format={_SUFFIX_OF[fmt][1:]}"


def alternates(iri: str, base: str) -> list[dict[str, str]]:
    return [{"href": _alternate(iri, base, fmt), "type": GRAPH_FORMATS[fmt], "name": FORMAT_NAMES[fmt]}
            for fmt in FORMAT_NAMES]


def _link_header(iri: str, base: str) -> str:
    return ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in alternates(iri, base))


def wants_page(accept: str | None) -> bool:
    """A browser: text/html is named in Accept and preferred to every RDF format."""
    return "text/html" in (accept or "") and best(accept, [*_ACCEPTED, "text/html"]) == "text/html"


# --- routes ---------------------------------------------------------------------------------------------------

@router.api_route("/id/{path:path}", methods=["GET", "HEAD"])
async def by_id(request: Request, path: str) -> Response:
    return await _guarded(_by_path(request, request.app.state.runner, path))


@router.api_route("/resource", methods=["GET", "HEAD"])
async def by_iri(request: Request, iri: str | None = None, format: str | None = None) -> Response:
    if not iri:
        return PlainTextResponse("give the IRI to describe: /resource?iri=…\n", status_code=400)
    fmt = SUFFIXES.get(f".{format}") if format else None
    if format and fmt is None:
        return PlainTextResponse(f"format must be one of: {', '.join(s[1:] for s in SUFFIXES)}\n", status_code=400)
    return await _guarded(_respond(request, request.app.state.runner, iri, fmt))


async def _guarded(answer: Awaitable[Response]) -> Response:
    """Bad IRIs and store failures as short plain-text answers with their status."""
    try:
        return await answer
    except BadIri as bad:
        return PlainTextResponse(f"{bad}\n", status_code=400)
    except QueryFailed as failure:
        return PlainTextResponse(failure.message + "\n", status_code=failure.status)


async def _by_path(request: Request, runner: Runner, path: str) -> Response:
    """base + path; a format suffix counts only when the IRI with it is not in the graph and the one without is
    (…/fonte/<sha>.txt is an IRI of its own)."""
    iri, fmt = runner.settings.base + path, None
    suffix = next((s for s in SUFFIXES if path.endswith(s)), None)
    if suffix and not await _exists(runner, iri) and await _exists(runner, iri[:-len(suffix)]):
        iri, fmt = iri[:-len(suffix)], SUFFIXES[suffix]
    return await _respond(request, runner, iri, fmt)


async def _exists(runner: Runner, iri: str) -> bool:
    x = iri_ref(iri)
    return await runner.ask(f"ASK {{ {{ {x} ?p ?o }} UNION {{ ?s ?p {x} }} UNION {{ ?s {x} ?o }} "
                            f"UNION {{ GRAPH {x} {{ ?s ?p ?o }} }} }}")


async def _respond(request: Request, runner: Runner, iri: str, fmt: str | None) -> Response:
    settings = runner.settings
    accept = request.headers.get("accept")
    browser = fmt is None and wants_page(accept)
    if fmt is None and not browser:
        media = best(accept, list(_ACCEPTED))
        document = source_text(settings.catalogue, iri) if media == "text/plain" else None
        if document is not None:  # the catalogue's text rendition is itself text
            return PlainTextResponse("\n".join(document) + "\n", headers={"Vary": "Accept"})
        if media is None:
            return PlainTextResponse("this resource is available as HTML, " + ", ".join(GRAPH_FORMATS.values()) +
                                     "\n", status_code=406, headers={"Vary": "Accept"})
        fmt = _ACCEPTED[media]
    if not browser:
        if not await _exists(runner, iri):
            return await _not_found(request, runner, iri, browser=False)
        return await _document(runner, iri, fmt)
    described = await describe(runner, iri, _page(request))
    if not described.exists:
        return await _not_found(request, runner, iri, browser=True)
    network = await network_data(runner)
    in_network = any(iri in known for known in (network.activities, network.organizations, network.programmes,
                                                 network.places))
    return _entity_page(request, described, in_network)


async def _document(runner: Runner, iri: str, fmt: str) -> Response:
    written = await runner.graph(document_query(iri), fmt)
    base = runner.settings.base
    media_type = written.media_type + ("; charset=utf-8" if written.media_type.startswith("text/") else "")
    return Response(written.body, media_type=media_type, headers={
        "Vary": "Accept", "Link": _link_header(iri, base), "Content-Location": _alternate(iri, base, fmt),
        "X-Result-Truncated": "true" if written.truncated else "false"})


def _page(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


def _entity_page(request: Request, described: Description, in_network: bool) -> HTMLResponse:
    runner: Runner = request.app.state.runner
    settings = runner.settings
    iri = described.iri
    view = View(settings.base, described.labels, runner.prefixes)
    page, pages = _page(request), max(1, math.ceil(described.incoming_total / INCOMING_PAGE))
    outgoing: dict[str, list[Shown]] = {}
    for link in described.outgoing:
        if link.predicate.value != RDF_TYPE:
            outgoing.setdefault(link.predicate.value, []).append(view.term(link.node))
    lines = LineRange.parse(iri)
    document = source_text(settings.catalogue, lines.document if lines else iri)
    context = {
        "iri": iri,
        "label": view.label(iri),
        "types": [view.term(t) for t in described.types],
        "outgoing": [(view.predicate(p), values) for p, values in outgoing.items()],
        "outgoing_capped": len(described.outgoing) >= OUTGOING_CAP,
        "incoming": [(view.term(link.node), view.predicate(link.predicate.value)) for link in described.incoming],
        "incoming_total": described.incoming_total,
        "incoming_by_predicate": sorted(((view.predicate(p), n) for p, n in described.incoming_by_predicate.items()),
                                        key=lambda item: -item[1]),
        "page": page,
        "pages": pages,
        "page_href": {n: "?" + urlencode({**request.query_params, "page": n}) for n in (page - 1, page + 1)},
        "first_incoming": (page - 1) * INCOMING_PAGE + 1,
        "cards": [_evidence_row(e, iri, view) for e in described.provenance if e.kind == "scheda"],
        "facts": [_evidence_row(e, iri, view) for e in described.provenance if e.kind != "scheda" and e.lines],
        "reference_facts": [_evidence_row(e, iri, view) for e in described.provenance
                            if e.kind != "scheda" and not e.lines],
        "activities": _activities(described, view),
        "as_predicate": described.as_predicate,
        "graph_size": described.graph_size,
        "excerpt": _excerpt(document, lines, view) if document is not None and lines else None,
        "document": list(enumerate(document, 1)) if document is not None and not lines else None,
        "alternates": alternates(iri, settings.base),
        "external": None if iri.startswith(settings.base) else web_link(iri),
        "network": "/viz?" + urlencode({"focus": iri}) if in_network else None,
    }
    return _templates.TemplateResponse(request, "entity.html", context, headers={
        "Vary": "Accept", "Link": _link_header(iri, settings.base)})


def _evidence_row(evidence: Evidence, iri: str, view: View) -> dict:
    """One fact and where it was read: the other end of the fact, what links them, the quote, the lines."""
    outgoing = evidence.subject.value == iri
    if evidence.kind == "ruolo":
        relation = f"ruolo: {view.label(evidence.predicate.value)}"
    else:
        relation = view.predicate(evidence.predicate.value).text
    lines = evidence.lines
    return {
        "relation": relation,
        "outgoing": outgoing,
        "other": view.term(evidence.object if outgoing else evidence.subject),
        "quote": evidence.quote,
        "from_catalogue": lines is not None,
        "evidence": evidence.evidence,
        "inferred": evidence.inferred,
        "source": Shown(lines.label, href=resource_href(evidence.source.value, view.base), iri=evidence.source.value)
        if lines else view.term(evidence.source),
    }


def _activities(described: Description, view: View) -> list[dict]:
    grouped: dict[str, list[Shown]] = {}
    for activity, place in described.activities:
        places = grouped.setdefault(activity.value, [])
        if place.value != described.iri:
            places.append(view.iri(place.value))
    rows = [{"activity": view.iri(a), "places": places} for a, places in grouped.items()]
    return sorted(rows, key=lambda row: row["activity"].text.lower())


def _excerpt(document: list[str], lines: LineRange, view: View) -> dict:
    return {"first": lines.first, "lines": document[lines.first - 1:lines.last],
            "document": Shown(view.label(lines.document), href=resource_href(lines.document, view.base)
                              + f"#L{lines.first}")}


async def _not_found(request: Request, runner: Runner, iri: str, browser: bool) -> Response:
    settings = runner.settings
    if iri.startswith(settings.base + "dataset/") and downloads.description_file(settings) is not None:
        return RedirectResponse("/catalog", status_code=303)  # the dataset is described in dataset.ttl, not the graph
    inside = iri[len(settings.base):].strip("/") if iri.startswith(settings.base) else ""
    near = await near_matches(runner, iri) if "/" in inside else []  # below a folder: a scan of it is cheap
    word = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    search = "/api/projects?" + urlencode({"q": word})
    if not browser:
        text = [f"not found: {iri} is not in the graph", f"search: {search}", "SPARQL: /sparql"]
        text += [f"near: {resource_href(n, settings.base)}  ({n})" for n in near]
        return PlainTextResponse("\n".join(text) + "\n", status_code=404, headers={"Vary": "Accept"})
    view = View(settings.base, {}, runner.prefixes)
    return _templates.TemplateResponse(request, "not_found.html", {
        "iri": iri, "near": [view.iri(n) for n in near], "search": search, "word": word,
    }, status_code=404, headers={"Vary": "Accept"})
