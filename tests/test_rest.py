"""The REST routes under /api on a real server over the bundled catalogue's graph, checked against the canonical
queries they name (run at /sparql from the SPARQL text /api/queries/{name} publishes)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import httpx
import pyoxigraph as ox
import pytest
from pydantic import BaseModel

from api import rest_models
from api.rest import ROUTE_QUERIES
from graph.queries import with_values
from ontology import Namespaces

pytestmark = pytest.mark.shared
NS = Namespaces.at()
ENTE = f"{NS.data}ente/"
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RECURRING = [("r_lombar", "Regione Lombardia", 33), ("ancilab", "AnciLab", 22),
             ("fondazione-cariplo", "Fondazione Cariplo", 5), ("polis-lombardia", "Polis Lombardia", 4),
             ("anci", "ANCI - Associazione Nazionale Comuni Italiani", 3),
             ("ministero-cultura", "Ministero della Cultura", 3)]


@pytest.fixture(scope="module")
def api(service):
    with httpx.Client(base_url=service[0], timeout=60) as client:
        yield client


def get(api: httpx.Client, path: str, **params) -> dict:
    response = api.get(path, params=params or None)  # links carry their own query string
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def get_csv(api: httpx.Client, path: str, **params) -> list[dict[str, str]]:
    response = api.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.text)))


def canonical(api: httpx.Client, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, str]]:
    """The canonical query's rows, from the SPARQL text the service publishes, run at its /sparql endpoint."""
    text = api.get(f"/api/queries/{name}").text
    response = api.post("/sparql", data={"query": with_values(text, bindings)},
                        headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{var: cell["value"] for var, cell in row.items()} for row in response.json()["results"]["bindings"]]


def integer(number: int) -> ox.Literal:
    return ox.Literal(str(number), datatype=INTEGER)


def all_projects(api: httpx.Client, **params) -> list[dict]:
    return get(api, "/api/projects", per_page=100, **params)["items"]


# --- /api/partners/recurring ---

def test_recurring_partners(api):
    body = get(api, "/api/partners/recurring", min_projects=3)
    assert [(p["id"], p["name"], p["project_count"]) for p in body["items"]] == RECURRING
    assert body["query"] == {"name": "recurring-partners", "title": "Partner ricorrenti / Recurring partners",
                             "sparql": "/api/queries/recurring-partners",
                             "bindings": {"minActivities": str(integer(3))}}
    assert [q["name"] for q in body["related_queries"]] == ["projects"]
    for partner in body["items"]:
        assert partner["iri"] == ENTE + partner["id"]
        assert len(partner["projects"]) == len({p["id"] for p in partner["projects"]}) == partner["project_count"]
    assert set(body["items"][0]["roles"]) == {"partner", "beneficiario", "altro soggetto coinvolto", "finanziatore"}


def test_recurring_partners_match_the_canonical_query(api):
    rows = canonical(api, "recurring-partners")
    items = get(api, "/api/partners/recurring")["items"]  # the default is at least 2, as in the query
    assert len(items) == len(rows) > len(RECURRING)
    for item, row in zip(items, rows, strict=True):
        assert (item["iri"], item["name"], item["project_count"]) == (
            row["organization"], row["organizationLabel"], int(row["activities"]))
        assert sorted(item["roles"]) == sorted(row["roles"].split(", "))
        assert {p["id"] for p in item["projects"]} == set(row["activityIds"].split())
        assert {p["title"] for p in item["projects"]} == set(row["titles"].split(" | "))


def test_recurring_partners_by_role(api):
    funders = get(api, "/api/partners/recurring", role="funder")["items"]
    assert [(p["id"], p["project_count"], p["roles"]) for p in funders] == [
        ("r_lombar", 5, ["finanziatore"]), ("fondazione-cariplo", 2, ["finanziatore"])]
    assert get(api, "/api/partners/recurring", role="finanziatore")["items"] == funders
    leads = get(api, "/api/partners/recurring", role="lead", min_projects=1)
    assert leads["items"] == get(api, "/api/partners/recurring", role="capofila", min_projects=1)["items"]
    assert leads["items"] and all(p["roles"] == ["capofila"] for p in leads["items"])
    assert leads["query"]["bindings"]["role"] == f"<{NS.alv}ruolo/capofila>"


def test_recurring_partners_funded_by(api):
    funded = {p["id"] for p in all_projects(api, funder="fondazione-cariplo")}
    body = get(api, "/api/partners/recurring", funder="fondazione-cariplo", min_projects=1)
    assert body["query"]["bindings"]["fundedBy"] == f"<{ENTE}fondazione-cariplo>"
    assert {p["id"] for item in body["items"] for p in item["projects"]} == funded
    assert ("fondazione-cariplo", len(funded)) in [(p["id"], p["project_count"]) for p in body["items"]]
    by_iri = get(api, "/api/partners/recurring", funder=ENTE + "fondazione-cariplo", min_projects=1)
    assert by_iri["items"] == body["items"]


def test_recurring_partners_in_a_year(api):
    running = {p["id"] for p in all_projects(api, year=2023)}
    items = get(api, "/api/partners/recurring", year=2023)["items"]
    assert items[0]["id"] == "r_lombar" and items[0]["project_count"] < 33
    assert {p["id"] for item in items for p in item["projects"]} <= running


@pytest.mark.parametrize("params", [{"min_projects": 0}, {"role": "sponsor"}, {"year": "last"},
                                    {"funder": "Fondazione Cariplo"}, {"funder": "http://example.org/ente/x"},
                                    {"format": "xml"}])
def test_recurring_partners_refuse_bad_filters(api, params):
    response = api.get("/api/partners/recurring", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_recurring_partners_as_csv(api):
    rows = get_csv(api, "/api/partners/recurring", min_projects=3)
    assert [(r["id"], r["name"], int(r["project_count"])) for r in rows] == RECURRING
    assert list(rows[0]) == ["id", "name", "iri", "project_count", "roles", "projects_id", "projects_title"]
    assert len(rows[0]["projects_id"].split(" | ")) == 33
    accepted = api.get("/api/partners/recurring", params={"min_projects": 3}, headers={"Accept": "text/csv"})
    assert accepted.headers["content-type"].startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(accepted.text))) == rows


# --- /api/areas and /api/areas/{id}/projects ---

def test_areas(api):
    body = get(api, "/api/areas")
    assert body["query"]["name"] == "areas" and body["total"] == 26 and body["next"] is None
    assert Counter(a["type"] for a in body["items"]) == {"area-interna": 14, "provincia": 11,
                                                          "citta-metropolitana": 1}
    milano = next(a for a in body["items"] if a["type"] == "citta-metropolitana")
    assert (milano["id"], milano["acronym"], milano["name"]) == ("215", "MI", "Città metropolitana di Milano")
    provinces = get(api, "/api/areas", type="provincia")["items"]
    assert len(provinces) == 11 and all(len(p["id"]) == 3 and len(p["acronym"]) == 2 for p in provinces)
    assert {a["id"] for a in get(api, "/api/areas", type="area-interna")["items"]} == {
        a["id"] for a in body["items"] if a["type"] == "area-interna"}


def test_comuni_are_paged(api):
    first = api.get("/api/areas", params={"type": "comune"})
    body = first.json()
    assert (body["total"], body["per_page"], len(body["items"]), body["prev"]) == (1502, 100, 100, None)
    assert first.headers["x-total-count"] == "1502"
    assert first.headers["link"] == f'<{body["next"]}>; rel="next"'
    second = get(api, body["next"])
    assert second["page"] == 2 and second["prev"] == "/api/areas?type=comune&page=1"
    assert not {a["id"] for a in second["items"]} & {a["id"] for a in body["items"]}
    last = get(api, "/api/areas", type="comune", page=16)
    assert len(last["items"]) == 2 and last["next"] is None
    assert get(api, "/api/areas", type="comune", page=17)["items"] == []
    assert all(len(a["id"]) == 6 and a["type"] == "comune" for a in body["items"])


def test_area_projects_match_the_counts_and_the_canonical_query(api):
    for area in get(api, "/api/areas")["items"]:
        body = get(api, f"/api/areas/{area['id']}/projects")
        assert body["area"] == area
        assert len(body["items"]) == area["project_count"], area["name"]
    valchiavenna = NS.alv["territorio/area-interna/2021-2027_valchiavenna"]
    body = get(api, "/api/areas/2021-2027_valchiavenna/projects")
    assert body["query"]["name"] == "projects-in-area"
    assert body["query"]["bindings"] == {"area": f"<{valchiavenna}>"}
    assert {p["iri"] for p in body["items"]} == {
        row["activity"] for row in canonical(api, "projects-in-area", area=ox.NamedNode(str(valchiavenna)))}
    assert body["items"], "Valchiavenna has an activity"


def test_area_ids(api):
    by_code = get(api, "/api/areas/215/projects")
    for sigla in ("MI", "mi"):
        by_sigla = get(api, f"/api/areas/{sigla}/projects")
        assert (by_sigla["area"], by_sigla["items"], by_sigla["query"]) == (
            by_code["area"], by_code["items"], by_code["query"])
    assert by_code["area"]["name"] == "Città metropolitana di Milano"
    milano = get(api, "/api/areas/015146/projects")
    assert milano["area"]["type"] == "comune" and milano["area"]["name"] == "Milano"
    assert {p["id"] for p in milano["items"]} <= {p["id"] for p in by_code["items"]}  # Milano lies in the CM
    assert all(any(place["id"] == "015146" for place in p["places"]) for p in milano["items"])


@pytest.mark.parametrize("area", ["999", "ZZ", "000000", "2021-2027_atlantide"])
def test_unknown_area(api, area):
    response = api.get(f"/api/areas/{area}/projects")
    assert response.status_code == 404
    assert area in response.json()["detail"]


def test_malformed_area_id(api):
    assert api.get("/api/areas/not an id/projects").status_code == 422
    assert api.get("/api/areas", params={"type": "regione"}).status_code == 422


def test_areas_as_csv(api):
    rows = get_csv(api, "/api/areas")
    assert len(rows) == 26 and list(rows[0]) == ["id", "name", "type", "acronym", "iri", "project_count"]
    places = get_csv(api, "/api/areas/MI/projects")
    assert "places_name" in places[0] and len(places) == get(api, "/api/areas/MI/projects")["area"]["project_count"]


# --- /api/projects ---

def test_projects_are_paged(api):
    body = get(api, "/api/projects")
    assert (body["total"], body["page"], body["per_page"], body["prev"]) == (75, 1, 20, None)
    assert body["query"] == {"name": "projects", "title": "Attività / Activities", "sparql": "/api/queries/projects",
                             "bindings": {}}
    seen = [p["id"] for p in body["items"]]
    while body["next"]:
        body = get(api, body["next"])
        seen += [p["id"] for p in body["items"]]
    assert body["page"] == 4 and len(seen) == len(set(seen)) == 75
    assert get(api, body["prev"])["page"] == 3
    for params in ({"per_page": 101}, {"per_page": 0}, {"page": 0}):
        assert api.get("/api/projects", params=params).status_code == 422


def test_projects_match_the_canonical_query(api):
    rows = canonical(api, "projects")
    projects = {p["iri"]: p for p in all_projects(api)}
    assert set(projects) == {row["activity"] for row in rows}
    for row in rows:
        project = projects[row["activity"]]
        assert (project["id"], project["title"], project["start"]) == (row["id"], row["title"], row.get("start"))
        assert project["budget_eur"] == (float(row["eur"]) if "eur" in row else None)
        if "funder" in row:
            assert row["funder"] in [f["iri"] for f in project["funders"]]


def test_project_search_ignores_case_and_accents(api):
    found = {q: [p["id"] for p in all_projects(api, q=q)] for q in ("citta", "CITTÀ", "Città")}
    assert found["citta"] == found["CITTÀ"] == found["Città"] != []
    assert "la-lombardia-e-dei-giovani-2023" in [p["id"] for p in all_projects(api, q="LOMBARDIA E DEI GIOVANI")]
    assert all("giovani" in p["title"].lower() for p in all_projects(api, q="giovani"))
    assert all_projects(api, q="nessun titolo dice questo") == []


def test_project_filters(api):
    statuses = {status: len(all_projects(api, status=status)) for status in ("ongoing", "planned", "completed")}
    assert statuses == {"ongoing": 40, "planned": 6, "completed": 29}
    young = all_projects(api, theme="giovani")
    assert young and all("giovani" in [t["id"] for t in p["themes"]] for p in young)
    assert all_projects(api, theme=f"{NS.alv}tema/giovani") == young
    regione = all_projects(api, funder="r_lombar")
    assert len(regione) == 5 and all("r_lombar" in [f["id"] for f in p["funders"]] for p in regione)
    for project in all_projects(api, year=2019):
        first = int((project["start"] or project["end"])[:4])
        assert first <= 2019
        assert project["end"] is None or int(project["end"][:4]) >= 2019
    assert api.get("/api/projects", params={"status": "cancelled"}).status_code == 422
    assert api.get("/api/projects", params={"theme": "no spaces please"}).status_code == 422


def test_projects_as_csv(api):
    response = api.get("/api/projects", params={"funder": "r_lombar"}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["x-total-count"] == "5"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5 and all("r_lombar" in r["funders_id"].split(" | ") for r in rows)
    assert list(rows[0])[:8] == ["id", "title", "iri", "status", "status_label", "start", "end", "budget_eur"]


# --- /api/organizations/{id} ---

def test_organization(api):
    body = get(api, "/api/organizations/r_lombar")
    assert (body["name"], body["iri"], body["sector"], body["type"], body["ipa_code"]) == (
        "Regione Lombardia", ENTE + "r_lombar", "public", "regione", "r_lombar")
    assert len(body["projects"]) == 33
    assert [q["name"] for q in [body["query"], *body["related_queries"]]] == [
        "organization", "projects-of-organization", "co-partners"]
    partners = canonical(api, "co-partners", organization=ox.NamedNode(ENTE + "r_lombar"))
    assert [(p["id"], p["name"], p["shared_projects"]) for p in body["co_partners"]] == [
        (row["partner"].removeprefix(ENTE), row["partnerLabel"], int(row["shared"])) for row in partners]
    assert ("fondazione-cariplo", "Fondazione Cariplo") in [(p["id"], p["name"]) for p in body["co_partners"]]
    cariplo = get(api, "/api/organizations/fondazione-cariplo")
    assert len(cariplo["projects"]) == 5 and cariplo["sector"] == "private"
    assert sum("finanziatore" in p["roles"] for p in cariplo["projects"]) == 2


def test_unknown_organization(api):
    response = api.get("/api/organizations/nessuno")
    assert response.status_code == 404 and "nessuno" in response.json()["detail"]
    assert api.get("/api/organizations/Not A Key").status_code == 422


def test_organization_as_csv(api):
    (row,) = get_csv(api, "/api/organizations/fondazione-cariplo")
    assert (row["id"], row["name"], row["sector"]) == ("fondazione-cariplo", "Fondazione Cariplo", "private")
    assert len(row["projects_id"].split(" | ")) == 5
    assert "query_name" not in row


# --- /api/funding ---

def test_funding_by_funder(api):
    body = get(api, "/api/funding")
    assert body["by"] == "funder" and body["query"]["name"] == "funding-by-funder"
    rows = canonical(api, "funding-by-funder")
    assert [(g["iri"], g["project_count"], g["total_eur"]) for g in body["items"]] == [
        (row["funder"], int(row["activities"]), float(row["totalEUR"])) for row in rows]
    for group in body["items"]:
        assert isinstance(group["total_eur"], int | float)
        funded = all_projects(api, funder=group["id"])
        assert len(funded) == group["project_count"]
        assert group["total_eur"] == pytest.approx(sum(p["budget_eur"] or 0 for p in funded))
        assert [p["id"] for p in group["without_amount"]] == [p["id"] for p in funded if p["budget_eur"] is None]
        assert group["priced_count"] == group["project_count"] - len(group["without_amount"])


@pytest.mark.parametrize(("by", "name", "key"), [("programme", "projects-by-programme", "programme"),
                                                 ("year", "projects-by-year", "year")])
def test_funding_grouped(api, by, name, key):
    body = get(api, "/api/funding", by=by)
    assert body["query"]["name"] == name
    assert [q["name"] for q in body["related_queries"]] == ["projects-without-amount"]
    rows = canonical(api, name)
    assert [(g["iri"] or g["id"], g["project_count"], g["total_eur"]) for g in body["items"]] == [
        (row[key], int(row["activities"]), float(row["totalEUR"])) for row in rows]
    unpriced = {p["id"] for p in all_projects(api) if p["budget_eur"] is None}
    assert {p["id"] for g in body["items"] for p in g["without_amount"]} <= unpriced


def test_funding_by_year_adds_up(api):
    years = get(api, "/api/funding", by="year")["items"]
    projects = all_projects(api)
    dated = [p for p in projects if p["start"]]
    assert sum(g["project_count"] for g in years) == len(dated)
    assert sum(g["total_eur"] for g in years) == pytest.approx(sum(p["budget_eur"] or 0 for p in dated))
    assert sum(g["priced_count"] for g in years) == sum(p["budget_eur"] is not None for p in dated)


def test_funding_as_csv(api):
    rows = get_csv(api, "/api/funding", by="programme")
    assert rows[0]["id"] == "pnrr" and "without_amount_id" in rows[0]
    assert float(rows[0]["total_eur"]) == get(api, "/api/funding", by="programme")["items"][0]["total_eur"]
    assert api.get("/api/funding", params={"by": "theme"}).status_code == 422


# --- /api/queries and the OpenAPI document ---

def test_every_route_names_queries_that_are_published(api):
    names = {q["name"] for q in get(api, "/api/queries")["items"]}
    assert {name for used in ROUTE_QUERIES.values() for name in used} <= names
    assert {"recurring-partners", "projects-in-area", "provenance-of-project"} <= names
    for path in ["/api/partners/recurring", "/api/areas", "/api/areas/SO/projects", "/api/projects",
                 "/api/organizations/ancilab", "/api/funding"]:
        body = get(api, path)
        for query in [body["query"], *body["related_queries"]]:
            response = api.get(query["sparql"])
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/sparql-query"
            assert "SELECT" in response.text and response.text.startswith(f"# title: {query['title']}\n")


def test_query_description(api):
    detail = get(api, "/api/queries/recurring-partners", format="json")
    assert [p["name"] for p in detail["parameters"]] == ["minActivities", "role", "fundedBy", "activeIn"]
    assert detail["routes"] == ["/api/partners/recurring"] and "PREFIX alo:" in detail["text"]
    assert api.get("/api/queries/recurring-partners", headers={"Accept": "application/json"}).json() == detail
    assert api.get("/api/queries/nessuna").status_code == 404
    assert api.get("/api/queries/Bad_Name").status_code == 422
    rows = get_csv(api, "/api/queries")
    assert "recurring-partners" in [r["name"] for r in rows] and "parameters_name" in rows[0]


def test_openapi_documents_the_routes(api):
    document = get(api, "/api/openapi.json")
    for path, names in ROUTE_QUERIES.items():
        operation = document["paths"][path]["get"]
        assert all(f"/api/queries/{name}" in operation["description"] for name in names), path
        assert "text/csv" in operation["responses"]["200"]["content"]
    ours = {name for name, value in vars(rest_models).items() if isinstance(value, type) and issubclass(
        value, BaseModel) and value.__module__ == rest_models.__name__} - {"Answer", "Paged"}  # bases only
    assert ours <= set(document["components"]["schemas"])
    for name in ours:
        schema = document["components"]["schemas"][name]
        undocumented = [field for field, spec in schema.get("properties", {}).items() if "description" not in spec]
        assert not undocumented, (name, undocumented)
