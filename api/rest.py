"""The users' questions as REST routes under /api, each answered by canonical queries of queries/.

Answers are JSON by default and CSV on `format=csv` or `Accept: text/csv`. Each names the queries it ran, and
GET /api/queries/{name} gives their SPARQL to read and reuse at /sparql. User input reaches SPARQL only as RDF terms
bound by a VALUES block (graph.queries.with_values), and every identifier is checked against a strict pattern first.
"""

from __future__ import annotations

import csv
import io
import math
import re
import typing
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from graph.engine import QueryFailed
from graph.queries import CanonicalQuery, load_queries, prefix_block, with_values
from ontology import Namespaces

from .negotiation import best
from .rest_models import (
    Answer,
    Area,
    AreaProject,
    AreaProjects,
    Areas,
    AreaType,
    CoPartner,
    Funding,
    FundingGroup,
    Named,
    Organization,
    OrganizationProject,
    Problem,
    Project,
    ProjectRef,
    Projects,
    QueryDetail,
    QueryInfo,
    QueryList,
    QueryParameter,
    QueryRef,
    RecurringPartner,
    RecurringPartners,
    Status,
)
from .runner import Runner

router = APIRouter(prefix="/api")
QUERIES: dict[str, CanonicalQuery] = load_queries()

# The queries each route runs, the first being the one its answer is built from.
ROUTE_QUERIES: dict[str, tuple[str, ...]] = {
    "/api/partners/recurring": ("recurring-partners", "projects"),
    "/api/areas": ("areas",),
    "/api/areas/{id}/projects": ("projects-in-area", "areas"),
    "/api/projects": ("projects",),
    "/api/organizations/{id}": ("organization", "projects-of-organization", "co-partners"),
    "/api/funding": ("funding-by-funder", "projects-by-programme", "projects-by-year", "projects-without-amount"),
}
_FUNDING_QUERIES = {"funder": "funding-by-funder", "programme": "projects-by-programme", "year": "projects-by-year"}

KEY = r"^[a-z0-9][a-z0-9_-]{0,99}$"  # the last segment of an organisation's or a theme's IRI
KEY_OR_IRI = r"^([a-z0-9][a-z0-9_-]{0,99}|https?://\S{1,300})$"
AREA_ID = r"^(\d{4}-\d{4}_[a-z0-9-]{1,100}|\d{3}|\d{6}|[A-Za-z]{2})$"
Role = Literal["lead", "partner", "funder", "beneficiary", "implementer", "other",
               "capofila", "finanziatore", "beneficiario", "attuatore", "altro"]
_ROLE_KEYS = {"lead": "capofila", "funder": "finanziatore", "beneficiary": "beneficiario",
              "implementer": "attuatore", "other": "altro"}
_STATUS_KEYS = {"ongoing": "in-corso", "planned": "in-progettazione", "completed": "concluso"}
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_TABLES = ["application/json", "text/csv"]
_SPARQL_MEDIA = "application/sparql-query"

Format = Annotated[Literal["json", "csv"] | None, Query(
    alias="format", description="`json` (the default) or `csv`; `Accept: text/csv` asks for CSV too. In CSV a "
                                "list of objects spreads over one column per field, its values joined by ` | `.")]
Page = Annotated[int, Query(ge=1, le=100_000, description="Which page, from 1")]


def _doc(path: str, text: str) -> str:
    names = ROUTE_QUERIES[path]
    queries = "; ".join(f"`{name}` ({QUERIES[name].title}): /api/queries/{name}" for name in names)
    return (f"{text}\n\nBacked by the canonical queries {queries}. Read the SPARQL there and run it yourself at "
            "/sparql; the answer's `query.bindings` gives the values bound to its parameters.")


def _responses(*statuses: int) -> dict[int | str, dict]:
    described = {404: "Nothing has this identifier", 503: "The query ran past its time limit or the store was busy"}
    answers: dict[int | str, dict] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
    answers.update({status: {"model": Problem, "description": described[status]} for status in statuses})
    return answers


# --- running the queries ---------------------------------------------------------------------------------------

Row = dict[str, str]


@cache
def _namespaces(base: str) -> Namespaces:
    return Namespaces.at(base)


@cache
def _text(base: str, name: str) -> str:
    ns = _namespaces(base)
    return ns.rebase(QUERIES[name].text(prefix_block(ns)))


def _ns(request: Request) -> Namespaces:
    return _namespaces(request.app.state.runner.settings.base)


def _ref(name: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> QueryRef:
    return QueryRef(name=name, title=QUERIES[name].title, sparql=f"/api/queries/{name}",
                    bindings={key: str(term) for key, term in bindings.items()})


async def _select(request: Request, name: str,
                  bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> tuple[list[Row], QueryRef]:
    """The query's rows (variable → lexical value, unbound variables left out) and a reference to it."""
    runner: Runner = request.app.state.runner
    bindings = bindings or {}
    try:
        found = await runner.bindings(with_values(_text(runner.settings.base, name), bindings))
    except QueryFailed as failure:
        raise HTTPException(failure.status, failure.message) from None
    return [{var: cell["value"] for var, cell in row.items()} for row in found], _ref(name, bindings)


def _integer(number: int) -> ox.Literal:
    return ox.Literal(str(number), datatype=_XSD_INTEGER)


def _iri(namespace: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + key)


def _key(iri: str) -> str:
    """The last segment of an IRI: the identifier the routes take."""
    return iri.rsplit("/", 1)[-1]


def _keyed(value: str, namespace: str, parameter: str, example: str) -> ox.NamedNode:
    """A key ('fondazione-cariplo') or the full IRI of a resource in `namespace`, as that IRI."""
    key = value.removeprefix(namespace)
    if not re.fullmatch(KEY, key):  # an IRI outside `namespace` fails too
        raise RequestValidationError([{"loc": ("query", parameter), "type": "value_error", "input": value,
                                       "msg": f"{parameter} takes a key such as {example!r} or an IRI "
                                              f"{namespace}<key>"}])
    return _iri(namespace, key)


def _number(value: str | None) -> float | None:
    return None if value is None else float(value)


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


# --- answers: JSON or CSV --------------------------------------------------------------------------------------

def _wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt:
        return fmt == "csv"
    return best(request.headers.get("accept"), _TABLES) == "text/csv"


def _respond(request: Request, fmt: str | None, answer: BaseModel, items: list[BaseModel], model: type[BaseModel],
             headers: dict[str, str] | None = None) -> Response:
    """The answer as JSON, or its items (of `model`) as CSV."""
    headers = {"Vary": "Accept", **(headers or {})}
    if _wants_csv(request, fmt):
        return Response(to_csv(items, model), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(answer.model_dump(mode="json"), headers=headers)


def to_csv(items: list[BaseModel], model: type[BaseModel]) -> str:
    """One row per item; a list of objects spreads over one column per field, its values joined by ' | '."""
    columns = _columns(model)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column for column, _, _ in columns])
    for item in items:
        writer.writerow([_cell(getattr(item, name)) if sub is None
                         else " | ".join(_cell(getattr(part, sub)) for part in getattr(item, name))
                         for _, name, sub in columns])
    return buffer.getvalue()


def _columns(model: type[BaseModel]) -> list[tuple[str, str, str | None]]:
    """(column, field, subfield) of each CSV column; the queries an answer names stay in its JSON."""
    columns = []
    for name, field in model.model_fields.items():
        if name in Answer.model_fields:
            continue
        args = typing.get_args(field.annotation)
        inner = args[0] if typing.get_origin(field.annotation) is list else None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            columns.extend((f"{name}_{sub}", name, sub) for sub in inner.model_fields)
        else:
            columns.append((name, name, None))
    return columns


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _paged(request: Request, items: list, page: int, per_page: int) -> tuple[list, dict, dict[str, str]]:
    """This page's items, the paging fields of the answer and the Link / X-Total-Count headers."""
    total = len(items)
    last = max(1, math.ceil(total / per_page))

    def link(number: int) -> str:
        url = request.url.include_query_params(page=number)
        return f"{url.path}?{url.query}"

    fields = {"total": total, "page": page, "per_page": per_page,
              "next": link(page + 1) if page < last else None, "prev": link(min(page - 1, last)) if page > 1 else None}
    links = ", ".join(f'<{fields[rel]}>; rel="{rel}"' for rel in ("next", "prev") if fields[rel])
    headers = {"X-Total-Count": str(total), **({"Link": links} if links else {})}
    return items[(page - 1) * per_page:page * per_page], fields, headers


# --- the routes ------------------------------------------------------------------------------------------------

@router.get("/partners/recurring", response_model=RecurringPartners, responses=_responses(503), tags=["questions"],
            summary="Recurring partners: who takes part in the most activities",
            description=_doc("/api/partners/recurring",
                             "The organisations taking part in at least `min_projects` activities, in any role or in "
                             "the one asked for, with their roles and activities. `funder` keeps the activities an "
                             "organisation funds, `year` the activities running in that year."))
async def recurring_partners(
    request: Request,
    min_projects: Annotated[int, Query(ge=1, le=1000, description="Keep organisations in at least this many "
                                                                  "activities")] = 2,
    role: Annotated[Role | None, Query(description="Count only this role: lead (capofila), partner, funder "
                                                   "(finanziatore), beneficiary (beneficiario), implementer "
                                                   "(attuatore, soggetto attuatore) or other (altro soggetto "
                                                   "coinvolto); the Italian keys of the graph work too")] = None,
    funder: Annotated[str | None, Query(pattern=KEY_OR_IRI, description="Count only activities this organisation "
                                        "funds: its key (e.g. `fondazione-cariplo`) or IRI")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="Count only activities running in this year: "
                                      "from their start year to their end year (with no printed end, to this year "
                                      "while in progress, else the start year only)")] = None,
    fmt: Format = None,
) -> Response:
    ns = _ns(request)
    bindings: dict[str, ox.NamedNode | ox.Literal] = {"minActivities": _integer(min_projects)}
    if role:
        bindings["role"] = _iri(f"{ns.alv}ruolo/", _ROLE_KEYS.get(role, role))
    if funder:
        bindings["fundedBy"] = _keyed(funder, f"{ns.data}ente/", "funder", "fondazione-cariplo")
    if year:
        bindings["activeIn"] = _integer(year)
    rows, ref = await _select(request, "recurring-partners", bindings)
    titles, titles_ref = await _titles(request)
    items = [RecurringPartner(
        id=_key(row["organization"]), name=row["organizationLabel"], iri=row["organization"],
        project_count=int(row["activities"]), roles=sorted(row["roles"].split(", ")),
        projects=sorted((ProjectRef(id=key, title=titles[key]) for key in row["activityIds"].split()),
                        key=lambda project: (project.title, project.id)),
    ) for row in rows]
    return _respond(request, fmt, RecurringPartners(query=ref, related_queries=[titles_ref], items=items), items,
                    RecurringPartner)


async def _titles(request: Request) -> tuple[dict[str, str], QueryRef]:
    rows, ref = await _select(request, "projects")
    return {row["id"]: row["title"] for row in rows}, ref


@router.get("/areas", response_model=Areas, responses=_responses(503), tags=["questions"],
            summary="Territories to ask about, with how many activities touch each",
            description=_doc("/api/areas",
                             "Lombardy's 14 aree interne, its 11 provinces and the città metropolitana di Milano "
                             "(by default), or only one kind with `type` (`type=comune` lists the 1502 Comuni, a "
                             "page at a time). An activity touches a territory when it names it or any place inside "
                             "it: a Comune lies in its province and, when a member, in its area interna. Each "
                             "territory's `id` is what /api/areas/{id}/projects takes."))
async def areas(
    request: Request,
    type: Annotated[AreaType | None, Query(description="Only this kind of territory")] = None,
    page: Page = 1,
    per_page: Annotated[int, Query(ge=1, le=100, description="Territories per page")] = 100,
    fmt: Format = None,
) -> Response:
    rows, ref = await _select(request, "areas", {"type": ox.Literal(type)} if type else {})
    found = [_area(row) for row in rows if type or row["type"] != "comune"]
    items, paging, headers = _paged(request, found, page, per_page)
    return _respond(request, fmt, Areas(query=ref, items=items, **paging), items, Area, headers)


def _area(row: Row) -> Area:
    return Area(id=row["id"], name=row["name"], type=row["type"], acronym=row.get("acronym"), iri=row["area"],
                project_count=int(row["activities"]))


@router.get("/areas/{id}/projects", response_model=AreaProjects, responses=_responses(404, 503), tags=["questions"],
            summary="Activities touching a territory",
            description=_doc("/api/areas/{id}/projects",
                             "The activities that name the territory or a place inside it, with the places they "
                             "name. 404 when no Lombard territory has this id."))
async def area_projects(
    request: Request,
    id: Annotated[str, Path(pattern=AREA_ID, description="The territory: an area interna's slug, the last segment "
                            "of its IRI (`2021-2027_valchiavenna`); a province's or the città metropolitana's ISTAT "
                            "code (`098`, `215`) or sigla (`LO`, `MI`); a Comune's six-digit ISTAT code (`014018`)")],
    fmt: Format = None,
) -> Response:
    if re.fullmatch(r"[A-Za-z]{2}", id):  # a sigla: provinces carry it as their acronym
        found, areas_ref = await _select(request, "areas")
        found = [row for row in found if row.get("acronym") == id.upper()]
    else:
        found, areas_ref = await _select(request, "areas", {"id": ox.Literal(id)})
    if not found:
        raise HTTPException(404, f"no area interna, province or Comune of Lombardy has the id {id!r}; "
                                 "GET /api/areas lists them")
    area = _area(found[0])
    rows, ref = await _select(request, "projects-in-area", {"area": ox.NamedNode(area.iri)})
    items: dict[str, AreaProject] = {}
    for row in rows:
        project = items.setdefault(row["activity"], AreaProject(
            id=_key(row["activity"]), title=row["activityLabel"], iri=row["activity"], places=[]))
        place = Named(id=_key(row["place"]), name=row["placeLabel"], iri=row["place"])
        if place not in project.places:
            project.places.append(place)
    answer = AreaProjects(query=ref, related_queries=[areas_ref], area=area, items=list(items.values()))
    return _respond(request, fmt, answer, answer.items, AreaProject)


@router.get("/projects", response_model=Projects, responses=_responses(503), tags=["questions"],
            summary="Search the activities",
            description=_doc("/api/projects",
                             "The catalogue's activities (projects and services), narrowed by every filter given: "
                             "words of the title, theme, funder, status and a year they run in; a page at a time."))
async def projects(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Words of the title, in any case, with or without "
                                                               "accents (`citta` finds `città`)")] = None,
    theme: Annotated[str | None, Query(pattern=KEY_OR_IRI, description="A theme: its key, the last segment of its "
                                       "IRI (e.g. `giovani`, `welfare`), or its IRI")] = None,
    funder: Annotated[str | None, Query(pattern=KEY_OR_IRI, description="A funder: the organisation's key (e.g. "
                                        "`r_lombar`, `fondazione-cariplo`) or IRI")] = None,
    status: Annotated[Status | None, Query(description="ongoing, planned or completed")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="A year the activity runs in: from its start "
                                      "year to its end year (with no printed end, to this year while in progress, "
                                      "else the start year only)")] = None,
    page: Page = 1,
    per_page: Annotated[int, Query(ge=1, le=100, description="Activities per page")] = 20,
    fmt: Format = None,
) -> Response:
    ns = _ns(request)
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    if q:
        bindings["text"] = ox.Literal(q)
    if theme:
        bindings["inTheme"] = _keyed(theme, f"{ns.alv}tema/", "theme", "giovani")
    if funder:
        bindings["fundedBy"] = _keyed(funder, f"{ns.data}ente/", "funder", "fondazione-cariplo")
    if status:
        bindings["inStatus"] = _iri(f"{ns.alv}stato/", _STATUS_KEYS[status])
    if year:
        bindings["activeIn"] = _integer(year)
    rows, ref = await _select(request, "projects", bindings)
    items, paging, headers = _paged(request, _projects(rows), page, per_page)
    return _respond(request, fmt, Projects(query=ref, items=items, **paging), items, Project, headers)


def _projects(rows: list[Row]) -> list[Project]:
    """One project per activity from the query's rows (one per theme, funder and programme)."""
    statuses = {slug: status for status, slug in _STATUS_KEYS.items()}
    found: dict[str, Project] = {}
    for row in rows:
        project = found.setdefault(row["activity"], Project(
            id=row["id"], title=row["title"], iri=row["activity"], status=statuses[_key(row["status"])],
            status_label=row["statusLabel"], start=row.get("start"), end=row.get("end"),
            budget_eur=_number(row.get("eur")), themes=[], funders=[], programmes=[]))
        for field, var in (("themes", "theme"), ("funders", "funder"), ("programmes", "programme")):
            if var in row:
                named = Named(id=_key(row[var]), name=row[var + "Label"], iri=row[var])
                if named not in getattr(project, field):
                    getattr(project, field).append(named)
    return list(found.values())


@router.get("/organizations/{id}", response_model=Organization, responses=_responses(404, 503),
            tags=["questions"], summary="An organisation, its activities and its co-partners",
            description=_doc("/api/organizations/{id}",
                             "What the graph says of an organisation, the activities it takes part in with its roles, "
                             "and the organisations sharing activities with it. 404 when no organisation has this "
                             "key."))
async def organization(
    request: Request,
    id: Annotated[str, Path(pattern=KEY, description="The organisation's key, the last segment of its "
                            "IRI {base}data/ente/{key}: e.g. `r_lombar` (Regione Lombardia), `fondazione-cariplo`, "
                            "`c_f205` (Comune di Milano)")],
    fmt: Format = None,
) -> Response:
    bindings = {"organization": _iri(f"{_ns(request).data}ente/", id)}
    rows, ref = await _select(request, "organization", bindings)
    if not rows:
        raise HTTPException(404, f"no organisation has the key {id!r}; GET /api/partners/recurring?min_projects=1 "
                                 "lists those taking part in activities")
    first = rows[0]
    roles, roles_ref = await _select(request, "projects-of-organization", bindings)
    partners, partners_ref = await _select(request, "co-partners", bindings)
    projects_found: dict[str, OrganizationProject] = {}
    for row in roles:
        project = projects_found.setdefault(row["activity"], OrganizationProject(
            id=_key(row["activity"]), title=row["activityLabel"], roles=[]))
        if row["roleLabel"] not in project.roles:
            project.roles.append(row["roleLabel"])
    answer = Organization(
        query=ref, related_queries=[roles_ref, partners_ref], id=id, name=first["organizationLabel"],
        iri=first["organization"], legal_name=first.get("legalName"),
        acronyms=_unique(row["acronym"] for row in rows if "acronym" in row), sector=first.get("sector"),
        type=first.get("categoryLabel"), ipa_code=first.get("ipaCode"), projects=list(projects_found.values()),
        co_partners=[CoPartner(id=_key(row["partner"]), name=row["partnerLabel"], shared_projects=int(row["shared"]))
                     for row in partners])
    return _respond(request, fmt, answer, [answer], Organization)


@router.get("/funding", response_model=Funding, responses=_responses(503), tags=["questions"],
            summary="Funding by funder, programme or starting year",
            description=_doc("/api/funding",
                             "How many activities each funder funds, each programme holds or each year starts, and "
                             "the sum of their printed budgets in euro; the activities printing no budget are named, "
                             "as their amount is unknown, not zero. Activities with no funder, programme or printed "
                             "start are in no group of that grouping."))
async def funding(
    request: Request,
    by: Annotated[Literal["funder", "programme", "year"], Query(description="Group by funder, by programme (a "
                                                                            "PNRR component counts for the PNRR) "
                                                                            "or by starting year")] = "funder",
    fmt: Format = None,
) -> Response:
    rows, ref = await _select(request, _FUNDING_QUERIES[by])
    unpriced, unpriced_ref = await _select(request, "projects-without-amount")
    missing: dict[str, list[ProjectRef]] = {}
    for row in unpriced:
        if by in row:
            group = missing.setdefault(row[by], [])
            if all(project.id != row["id"] for project in group):
                group.append(ProjectRef(id=row["id"], title=row["title"]))
    items = []
    for row in rows:
        key = row.get(by, "")
        without = missing.get(key, [])
        items.append(FundingGroup(
            id=key if by == "year" else _key(key), name=row.get(f"{by}Label", key), iri=None if by == "year" else key,
            project_count=int(row["activities"]), total_eur=float(row["totalEUR"]),
            priced_count=int(row["activities"]) - len(without), without_amount=without))
    return _respond(request, fmt, Funding(query=ref, related_queries=[unpriced_ref], by=by, items=items), items,
                    FundingGroup)


# --- the queries behind the routes -----------------------------------------------------------------------------

def _info(query: CanonicalQuery) -> QueryInfo:
    return QueryInfo(name=query.name, title=query.title, description=query.description,
                     parameters=[QueryParameter(name=p.name, kind=p.kind, required=p.required, help=p.help)
                                 for p in query.parameters],
                     sparql=f"/api/queries/{query.name}",
                     routes=[route for route, names in ROUTE_QUERIES.items() if query.name in names])


@router.get("/queries", response_model=QueryList, responses=_responses(), tags=["queries"],
            summary="The canonical queries behind the routes",
            description="Every query of queries/: what it answers, its parameters and the routes it backs. Each "
                        "one's SPARQL is at /api/queries/{name}, ready to run at /sparql.")
async def queries(request: Request, fmt: Format = None) -> Response:
    items = [_info(query) for query in QUERIES.values()]
    return _respond(request, fmt, QueryList(items=items), items, QueryInfo)


@router.get("/queries/{name}", response_model=QueryDetail, tags=["queries"],
            responses={200: {"content": {_SPARQL_MEDIA: {"schema": {"type": "string"}}}},
                       404: {"model": Problem, "description": "No canonical query has this name"}},
            summary="One canonical query's SPARQL",
            description="The query's SPARQL text (application/sparql-query) with its documented header and PREFIX "
                        "block, under this service's base IRI; its description and parameters as JSON with "
                        "`format=json` or `Accept: application/json`. Parameters are bound by a VALUES block at the "
                        "top of the WHERE clause: `VALUES (?name) { (value) }`.")
async def query_text(
    request: Request,
    name: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,80}$", description="The query's name, e.g. `recurring-partners`")],
    fmt: Annotated[Literal["sparql", "json"] | None, Query(alias="format", description="`sparql` (the default) or "
                                                                                       "`json`")] = None,
) -> Response:
    query = QUERIES.get(name)
    if query is None:
        raise HTTPException(404, f"no canonical query is named {name!r}; GET /api/queries lists them")
    text = _header(query) + _text(request.app.state.runner.settings.base, name)
    headers = {"Vary": "Accept"}
    if (fmt or ("json" if best(request.headers.get("accept"), [_SPARQL_MEDIA, "application/json"])
                == "application/json" else "sparql")) == "json":
        detail = QueryDetail(**_info(query).model_dump(), text=text)
        return JSONResponse(detail.model_dump(mode="json"), headers=headers)
    return Response(text, media_type=_SPARQL_MEDIA, headers=headers)


def _header(query: CanonicalQuery) -> str:
    lines = [f"# title: {query.title}", f"# description: {query.description}"]
    lines += [f"# param {p.name}: {p.kind}, {'required' if p.required else 'optional'} - {p.help}"
              for p in query.parameters]
    return "\n".join(lines) + "\n"
