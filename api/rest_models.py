"""The REST answers' shapes: pydantic models, so the OpenAPI document describes every field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AreaType = Literal["area-interna", "provincia", "citta-metropolitana", "comune"]
Status = Literal["ongoing", "planned", "completed"]


class QueryRef(BaseModel):
    name: str = Field(description="The canonical query's name (its file in queries/)")
    title: str = Field(description="What it answers")
    sparql: str = Field(description="Where to read its SPARQL text, to run it yourself at /sparql",
                        examples=["/api/queries/recurring-partners"])
    bindings: dict[str, str] = Field(description="The values this answer bound to the query's parameters, as SPARQL "
                                                 "terms (a VALUES block at the top of the WHERE clause)")


class Answer(BaseModel):
    query: QueryRef = Field(description="The query behind this answer")
    related_queries: list[QueryRef] = Field(default=[], description="Further queries whose rows this answer joins in")


class Paged(Answer):
    total: int = Field(description="How many items match, over all pages")
    page: int = Field(description="This page's number, from 1")
    per_page: int = Field(description="Most items on one page")
    next: str | None = Field(description="The next page's URL, or null on the last page")
    prev: str | None = Field(description="The previous page's URL, or null on the first page")


class ProjectRef(BaseModel):
    id: str = Field(description="The activity's identifier (the last segment of its IRI)")
    title: str = Field(description="The activity's title as printed in the catalogue")


class Named(BaseModel):
    id: str = Field(description="The key in the resource's IRI (its last segment)")
    name: str = Field(description="Its label")
    iri: str = Field(description="Its IRI in the graph")


# --- /api/partners/recurring ---

class RecurringPartner(BaseModel):
    id: str = Field(description="The organisation's key: its IRI is {base}data/ente/{id}; see /api/organizations/{id}")
    name: str = Field(description="The organisation's name")
    iri: str = Field(description="Its IRI in the graph")
    project_count: int = Field(description="How many activities it takes part in (with the filters applied)")
    roles: list[str] = Field(description="Its roles in those activities, as the graph's role vocabulary labels them "
                                         "in Italian (capofila, partner, finanziatore, beneficiario, soggetto "
                                         "attuatore, altro soggetto coinvolto)")
    projects: list[ProjectRef] = Field(description="Those activities")


class RecurringPartners(Answer):
    items: list[RecurringPartner] = Field(description="Organisations, most activities first")


# --- /api/areas ---

class Area(BaseModel):
    id: str = Field(description="The code to ask /api/areas/{id}/projects with: an area interna's slug, a province's "
                                "(or città metropolitana's) three-digit ISTAT code, a Comune's six-digit ISTAT code")
    name: str = Field(description="Its name")
    type: AreaType = Field(description="What kind of territory it is")
    acronym: str | None = Field(description="A province's sigla (e.g. MI, BG), which /api/areas/{id}/projects also "
                                            "takes; null for other territories")
    iri: str = Field(description="Its IRI in the graph")
    project_count: int = Field(description="How many activities touch it: name it or a place inside it")


class Areas(Paged):
    items: list[Area] = Field(description="Territories, by kind then name")


class AreaProject(BaseModel):
    id: str = Field(description="The activity's identifier")
    title: str = Field(description="Its title")
    iri: str = Field(description="Its IRI in the graph")
    places: list[Named] = Field(description="The places it names that lie in the area (the area itself, or Comuni "
                                            "inside it)")


class AreaProjects(Answer):
    area: Area = Field(description="The territory asked about")
    items: list[AreaProject] = Field(description="The activities touching it, by title")


# --- /api/projects ---

class Project(BaseModel):
    id: str = Field(description="The activity's identifier (the last segment of its IRI)")
    title: str = Field(description="Its title as printed in the catalogue")
    iri: str = Field(description="Its IRI in the graph")
    status: Status = Field(description="ongoing (in corso), planned (in progettazione) or completed (concluso)")
    status_label: str = Field(description="The status as the catalogue says it, in Italian")
    start: str | None = Field(description="Start date as printed: YYYY-MM-DD or YYYY-MM; null when not printed")
    end: str | None = Field(description="End date as printed; null when not printed")
    budget_eur: float | None = Field(description="The printed total budget in euro; null when the card prints none")
    themes: list[Named] = Field(description="The catalogue's themes for it")
    funders: list[Named] = Field(description="The organisations funding it (id: their key for /api/organizations)")
    programmes: list[Named] = Field(description="The funding programmes it names")


class Projects(Paged):
    items: list[Project] = Field(description="Activities, by title")


# --- /api/organizations/{id} ---

class OrganizationProject(BaseModel):
    id: str = Field(description="The activity's identifier")
    title: str = Field(description="Its title")
    roles: list[str] = Field(description="The organisation's roles in it (Italian labels of the role vocabulary)")


class CoPartner(BaseModel):
    id: str = Field(description="The co-partner's key for /api/organizations/{id}")
    name: str = Field(description="Its name")
    shared_projects: int = Field(description="How many activities it shares with the organisation")


class Organization(Answer):
    id: str = Field(description="The organisation's key: its IRI is {base}data/ente/{id}")
    name: str = Field(description="Its name")
    iri: str = Field(description="Its IRI in the graph")
    legal_name: str | None = Field(description="Its legal name, when known")
    acronyms: list[str] = Field(description="Its acronyms")
    sector: Literal["public", "private"] | None = Field(description="A public or a private body, when known")
    type: str | None = Field(description="Its category (comune, regione, fondazione, ministero…), when known")
    ipa_code: str | None = Field(description="Its code in the Indice delle Pubbliche Amministrazioni, when known")
    projects: list[OrganizationProject] = Field(description="The activities it takes part in, with its roles")
    co_partners: list[CoPartner] = Field(description="The organisations sharing activities with it, most first")


# --- /api/funding ---

class FundingGroup(BaseModel):
    id: str = Field(description="The funder's key, the programme's key or the year")
    name: str = Field(description="The funder's or programme's name, or the year")
    iri: str | None = Field(description="The funder's or programme's IRI; null for a year")
    project_count: int = Field(description="How many activities the group holds")
    total_eur: float = Field(description="The sum of their printed budgets, in euro (an activity in two groups, e.g. "
                                         "co-funded by two funders, counts in full in each)")
    priced_count: int = Field(description="How many of them print a budget")
    without_amount: list[ProjectRef] = Field(description="The activities with no printed budget: left out of the "
                                                         "total, their amount is unknown rather than zero")


class Funding(Answer):
    by: Literal["funder", "programme", "year"] = Field(description="What the activities are grouped by")
    items: list[FundingGroup] = Field(description="Groups, as the query orders them")


# --- /api/queries ---

class QueryParameter(BaseModel):
    name: str = Field(description="The SPARQL variable the parameter binds")
    kind: str = Field(description="IRI, integer or string")
    required: bool = Field(description="Whether the query needs it")
    help: str = Field(description="What it means")


class QueryInfo(BaseModel):
    name: str = Field(description="The query's name (queries/{name}.rq)")
    title: str = Field(description="What it answers, in Italian and English")
    description: str = Field(description="How it answers")
    parameters: list[QueryParameter] = Field(description="Its parameters, bound with a VALUES block")
    sparql: str = Field(description="Where to read its SPARQL text")
    routes: list[str] = Field(description="The REST routes it backs")


class QueryDetail(QueryInfo):
    text: str = Field(description="The SPARQL text, with its PREFIX block, ready for /sparql")


class QueryList(BaseModel):
    items: list[QueryInfo] = Field(description="The canonical queries, by name")


class Problem(BaseModel):
    detail: str = Field(description="What went wrong")
