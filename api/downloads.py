"""The build's files for download (/dump/…) and the dataset description (/catalog, /.well-known/void).

Only the files a build writes are served, by name from a fixed list, so no path can reach outside the build
directory. A service answering from a remote store has no build directory: these routes then say so with a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from graph.results import GRAPH_FORMATS

from .negotiation import best
from .settings import Settings
from .templating import templates

router = APIRouter(include_in_schema=False)
_templates = templates()

# file → (media type, what it holds)
DUMPS = {
    "graph.ttl": ("text/turtle", "il grafo, Turtle"),
    "graph.nt": ("application/n-triples", "il grafo, N-Triples"),
    "graph.nq": ("application/n-quads", "il grafo con i grafi con nome, N-Quads"),
    "graph.jsonld": ("application/ld+json", "il grafo con i grafi con nome, JSON-LD"),
    "dataset.ttl": ("text/turtle", "la descrizione del dataset (DCAT-AP_IT e VoID)"),
    "report.json": ("application/json", "il resoconto della costruzione del grafo"),
}
DESCRIPTION = "dataset.ttl"
_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
_NO_BUILD = ("Questo servizio non ha i file della costruzione del grafo (la cartella {dist} manca o è incompleta): "
             "succede quando risponde da un archivio SPARQL remoto. Il grafo resta interrogabile a /sparql.")


def description_file(settings: Settings) -> Path | None:
    path = Path(settings.dist) / DESCRIPTION
    return path if path.is_file() else None


def _wants_page(accept: str | None, offered: list[str]) -> bool:
    return "text/html" in (accept or "") and best(accept, [*offered, "text/html"]) == "text/html"


def _missing(request: Request, settings: Settings, what: str) -> Response:
    message = f"{what}: " + _NO_BUILD.format(dist=settings.dist)
    if _wants_page(request.headers.get("accept"), ["text/plain"]):
        return _templates.TemplateResponse(request, "message.html", {"title": "Non disponibile", "message": message},
                                           status_code=404)
    return PlainTextResponse(message + "\n", status_code=404)


@dataclass(frozen=True)
class DumpFile:
    name: str
    media_type: str
    about: str
    size: int


def dump_files(settings: Settings) -> list[DumpFile]:
    found = [(name, Path(settings.dist) / name) for name in DUMPS]
    return [DumpFile(name, *DUMPS[name], path.stat().st_size) for name, path in found if path.is_file()]


@router.get("/dump")
@router.get("/dump/")
async def dump_index(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    files = dump_files(settings)
    if not files:
        return _missing(request, settings, "Nessun file da scaricare")
    if _wants_page(request.headers.get("accept"), ["application/json"]):
        return _templates.TemplateResponse(request, "dumps.html", {"files": files}, headers={"Vary": "Accept"})
    return JSONResponse([{"name": f.name, "url": f"/dump/{f.name}", "mediaType": f.media_type, "bytes": f.size,
                          "about": f.about} for f in files], headers={"Vary": "Accept"})


@router.api_route("/dump/{name}", methods=["GET", "HEAD"])
async def dump(request: Request, name: str) -> Response:
    settings: Settings = request.app.state.settings
    if name not in DUMPS:
        return PlainTextResponse(f"no dump is called {name!r}; see /dump/ for the list\n", status_code=404)
    path = Path(settings.dist) / name
    if not path.is_file():
        return _missing(request, settings, f"Il file {name} non è disponibile")
    media_type = DUMPS[name][0]
    return FileResponse(path, media_type=media_type + ("; charset=utf-8" if media_type.startswith("text/") else ""))


@router.api_route("/catalog", methods=["GET", "HEAD"])
@router.api_route("/.well-known/void", methods=["GET", "HEAD"])
async def catalog(request: Request) -> Response:
    """The DCAT-AP_IT catalogue and VoID description, by Accept (Turtle unless asked otherwise)."""
    settings: Settings = request.app.state.settings
    path = description_file(settings)
    if path is None:
        return _missing(request, settings, "La descrizione del dataset non è disponibile")
    accept = request.headers.get("accept")
    graph = _description(path, path.stat().st_mtime_ns)
    if _wants_page(accept, list(GRAPH_FORMATS.values())):
        return _templates.TemplateResponse(request, "catalog.html", _catalog_context(graph, settings),
                                           headers={"Vary": "Accept"})
    media = best(accept, [*GRAPH_FORMATS.values(), "application/json"])
    if media is None:
        return PlainTextResponse("available as HTML, " + ", ".join(GRAPH_FORMATS.values()) + "\n", status_code=406)
    fmt = next((key for key, value in GRAPH_FORMATS.items() if value == media), "jsonld")
    if fmt == "turtle":
        body = path.read_bytes()  # as the build wrote it, prefixes and order included
    else:
        body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    media_type = GRAPH_FORMATS[fmt] + ("; charset=utf-8" if fmt == "turtle" else "")
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


@lru_cache(maxsize=2)
def _description(path: Path, _mtime: int) -> Graph:
    return Graph().parse(path, format="turtle")


def _text(graph: Graph, node: URIRef, predicate: URIRef) -> str | None:
    """The Italian value of a property when there is one, else any."""
    values = list(graph.objects(node, predicate))
    italian = [v for v in values if getattr(v, "language", None) == "it"]
    return str((italian or values)[0]) if values else None


def _catalog_context(graph: Graph, settings: Settings) -> dict:
    datasets = []
    for dataset in sorted(set(graph.subjects(RDF.type, DCAT.Dataset))):
        distributions = []
        for distribution in sorted(graph.objects(dataset, DCAT.distribution)):
            url = graph.value(distribution, DCAT.downloadURL) or graph.value(distribution, DCAT.accessURL)
            distributions.append({"title": _text(graph, distribution, DCTERMS.title) or str(distribution),
                                  "url": str(url) if url else None,
                                  "media_type": _text(graph, distribution, DCAT.mediaType)})
        datasets.append({
            "iri": str(dataset),
            "title": _text(graph, dataset, DCTERMS.title),
            "description": _text(graph, dataset, DCTERMS.description),
            "modified": _text(graph, dataset, DCTERMS.modified),
            "license": _text(graph, dataset, DCTERMS.license),
            "triples": _text(graph, dataset, VOID.triples),
            "entities": _text(graph, dataset, VOID.entities),
            "sparql": _text(graph, dataset, VOID.sparqlEndpoint),
            "distributions": distributions,
            "linksets": [{"iri": str(s), "triples": _text(graph, s, VOID.triples),
                          "target": _text(graph, s, VOID.objectsTarget)}
                         for s in sorted(graph.objects(dataset, VOID.subset))],
        })
    return {"datasets": datasets, "files": dump_files(settings)}
