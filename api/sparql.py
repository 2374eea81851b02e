"""The SPARQL 1.1 Protocol at /sparql: query by GET, by form POST or by direct POST; read-only.

Requests are parsed by hand rather than by FastAPI's validators, because the protocol's rules (repeated
parameters, exact media types, UTF-8 only, one query) are what clients and the W3C tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from graph.engine import Dataset, QueryFailed
from graph.guard import Refused, TooDeep, check_query
from graph.results import GRAPH_FORMATS, SOLUTION_FORMATS, Written

from . import ui
from .negotiation import UnknownFormat, best, negotiate
from .runner import Runner

router = APIRouter()

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
                "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
                "rdfxml": "RDF_XML"}
RESULT_HEADERS = ("X-Result-Rows", "X-Result-Limit", "X-Result-Truncated")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Parameters:
    """Repeatable request parameters, decoded strictly as UTF-8."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.pairs = list(pairs)

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]

    def one(self, name: str) -> str | None:
        values = self.all(name)
        if len(values) > 1:
            raise ProtocolError(400, f"the parameter {name!r} was given {len(values)} times; give it once")
        return values[0] if values else None

    def __add__(self, other: Parameters) -> Parameters:
        return Parameters(self.pairs + other.pairs)


def parse_pairs(raw: bytes, where: str) -> Parameters:
    try:
        return Parameters(parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {where} is not valid percent-encoded UTF-8") from None


@router.get("/sparql", include_in_schema=False)
@router.get("/sparql/", include_in_schema=False)
@router.post("/sparql", include_in_schema=False)
@router.post("/sparql/", include_in_schema=False)
async def sparql(request: Request) -> Response:
    runner: Runner = request.app.state.runner
    try:
        return await _answer(request, runner)
    except ProtocolError as error:
        return _problem(error.status, error.message)
    except QueryFailed as failure:
        return _problem(failure.status, failure.message)


async def _answer(request: Request, runner: Runner) -> Response:
    settings = runner.settings
    params = parse_pairs(request.scope.get("query_string", b""), "query string")
    queries = params.all("query")
    if request.method == "POST":
        media_type, charset = _content_type(request.headers.get("content-type"))
        body = await _body(request, settings.max_query_bytes)
        if media_type == _FORM:
            form = parse_pairs(body, "form body")
            params, queries = params + form, queries + form.all("query")
        elif media_type == _DIRECT:
            if charset not in (None, "utf-8", "utf8"):
                raise ProtocolError(415, f"the query must be sent as UTF-8, not {charset}")
            if queries:
                raise ProtocolError(400, "the query was given both in the body and as a 'query' parameter")
            try:
                queries = [body.decode("utf-8")]
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query body is not valid UTF-8") from None
        elif media_type == _UPDATE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        elif media_type is None:
            raise ProtocolError(400, f"a POST needs a Content-Type: {_FORM} or {_DIRECT}")
        else:
            raise ProtocolError(415, f"unsupported Content-Type {media_type!r}; send {_FORM} or {_DIRECT}")
    if any(params.all(name) for name in _UPDATE_PARAMETERS):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are not accepted")
    if len(queries) > 1:
        raise ProtocolError(400, f"{len(queries)} queries were given; send exactly one")
    accept = request.headers.get("accept")
    if not queries:
        if request.method == "POST":
            raise ProtocolError(400, "no query was given")
        return await _service_description(request, runner, accept)
    text = queries[0]
    if len(text.encode("utf-8")) > settings.max_query_bytes:
        raise ProtocolError(413, f"the query is longer than {settings.max_query_bytes} bytes")
    if not params.one("format") and _wants_page(accept, SOLUTION_FORMATS.values()):
        return ui.query_page(request, text)
    try:
        check_query(text, settings.services)
        formats = negotiate(accept, params.one("format"))
    except Refused as refusal:
        raise ProtocolError(403, str(refusal)) from None
    except TooDeep as too_deep:
        raise ProtocolError(400, str(too_deep)) from None
    except UnknownFormat as unknown:
        raise ProtocolError(400, str(unknown)) from None
    dataset = Dataset(tuple(params.all("default-graph-uri")), tuple(params.all("named-graph-uri")))
    written = await runner.answer(runner.request(text, dataset=dataset, formats=formats,
                                                 time_limit=_time_limit(params.one("timeout"), settings.time_limit)))
    return result_response(written, settings.row_cap)


def result_response(written: Written, row_cap: int) -> Response:
    """The answer with its size announced: rows, the cap, and whether the cap cut it."""
    media_type = written.media_type
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    headers = {"X-Result-Rows": str(written.rows), "X-Result-Limit": str(row_cap),
               "X-Result-Truncated": "true" if written.truncated else "false", "Vary": "Accept"}
    return Response(written.body, media_type=media_type, headers=headers)


def _time_limit(given: str | None, ceiling: float) -> float:
    if given is None:
        return ceiling
    try:
        seconds = float(given)
    except ValueError:
        raise ProtocolError(400, f"timeout must be a number of seconds, not {given!r}") from None
    if not 0 < seconds:
        raise ProtocolError(400, "timeout must be positive")
    return min(seconds, ceiling)


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media_type, *params = [p.strip() for p in header.split(";")]
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _wants_page(accept: str | None, data_types: Sequence[str]) -> bool:
    """A browser: text/html is named in Accept and preferred to every data format offered."""
    return "text/html" in (accept or "") and best(accept, [*data_types, "text/html"]) == "text/html"


def _problem(status: int, message: str) -> Response:
    return Response(message.rstrip() + "\n", status_code=status, media_type="text/plain; charset=utf-8")


async def _service_description(request: Request, runner: Runner, accept: str | None) -> Response:
    if _wants_page(accept, GRAPH_FORMATS.values()):
        return ui.query_page(request, None)
    media_type = best(accept, list(GRAPH_FORMATS.values()))
    if media_type is None:
        raise ProtocolError(406, "the service description is available as " + ", ".join(GRAPH_FORMATS.values()))
    graphs = await runner.bindings("SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g")
    described = service_description(runner.base_iri, runner.settings, [row["g"]["value"] for row in graphs])
    fmt = next(key for key, media in GRAPH_FORMATS.items() if media == media_type)
    body = described.serialize(format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld",
                                       "rdfxml": "xml"}[fmt], encoding="utf-8")
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def service_description(endpoint: str, settings, graph_names: Sequence[str]) -> Graph:
    """SPARQL 1.1 Service Description: what the endpoint speaks, its formats, its dataset and its limits."""
    sd = Graph()
    sd.bind("sd", SD)
    service = URIRef(endpoint + "#service")
    sd.add((service, RDF.type, SD.Service))
    sd.add((service, SD.endpoint, URIRef(endpoint)))
    sd.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    sd.add((service, SD.feature, SD.UnionDefaultGraph))
    sd.add((service, SD.feature, SD.BasicFederatedQuery))
    for key in _FORMAT_IRIS.values():
        sd.add((service, SD.resultFormat, FORMATS[key]))
    dataset = URIRef(endpoint + "#dataset")
    sd.add((service, SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, SD.Dataset))
    default = URIRef(endpoint + "#default-graph")
    sd.add((dataset, SD.defaultGraph, default))
    sd.add((default, RDF.type, SD.Graph))
    for name in graph_names:
        named = URIRef(f"{endpoint}#graph-{len(sd)}")
        sd.add((dataset, SD.namedGraph, named))
        sd.add((named, RDF.type, SD.NamedGraph))
        sd.add((named, SD.name, URIRef(name)))
    limits = (f"Read-only. The default graph is the union of the named graphs. A query may run "
              f"{settings.time_limit:g} s; an answer carries at most {settings.row_cap} rows or triples, and the "
              f"X-Result-Truncated header says when it was cut. SERVICE may call only: "
              f"{', '.join(settings.services) or 'nothing'}.")
    sd.add((service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal(limits, lang="en")))
    return sd
