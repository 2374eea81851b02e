"""The query page at /sparql in a browser: YASGUI from our own origin, preloaded with the canonical queries.

Without the front-end packages (npm not run) the same page is a plain HTML form that posts to /sparql.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from graph.queries import CanonicalQuery, Parameter, load_queries, prefix_block
from ontology import Namespaces

from .settings import Settings
from .templating import templates

VENDOR_URL = "/static/vendor/yasgui"
YASGUI_BUILD = Path("@zazuko") / "yasgui" / "build"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")
FIRST_EXAMPLE = "recurring-partners"

# A value for the parameters of the examples, where the parameter's help quotes none (or a better one is wanted).
EXAMPLE_VALUES: dict[str, dict[str, str]] = {
    "co-partners": {"organization": "Regione Lombardia"},
    "projects-in-area": {"area": "Valchiavenna"},
    "provenance-of-project": {"activity": "Costruzione e attuazione della strategia regionale aree interne"},
    "recurring-partners": {"minActivities": "3"},
    "funding-by-funder": {"year": "2023"},
}
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def yasgui_dir(settings: Settings) -> Path | None:
    """The YASGUI build directory npm installed, or None when the rich editor is not installed."""
    if settings.assets is None:
        return None
    build = Path(settings.assets) / YASGUI_BUILD
    return build if all((build / name).is_file() for name in YASGUI_FILES) else None


def mount_assets(app: FastAPI, settings: Settings) -> None:
    """Serve YASGUI's build at /static/vendor/yasgui, when npm installed it."""
    build = yasgui_dir(settings)
    if build is not None:
        app.mount(VENDOR_URL, StaticFiles(directory=build), name="yasgui")


@dataclass(frozen=True)
class Example:
    name: str
    title: str  # the Italian half of the query's title
    description: str
    query: str

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title, "description": self.description, "query": self.query}


def example_value(query: CanonicalQuery, parameter: Parameter) -> str | None:
    """The value an example gives a parameter: EXAMPLE_VALUES, else the first one its help quotes."""
    chosen = EXAMPLE_VALUES.get(query.name, {}).get(parameter.name)
    quoted = re.search(r'"([^"]+)"', parameter.help)
    return chosen if chosen is not None else (quoted.group(1) if quoted else None)


def example_text(query: CanonicalQuery, prefixes: str) -> str:
    """The canonical query, runnable as given: a required parameter bound to an example value (an IRI parameter
    through its label), an optional one offered as a commented line to edit and uncomment."""
    lines = []
    for parameter in query.parameters:
        value = example_value(query, parameter)
        lines.append(f"  # ?{parameter.name} ({'obbligatorio' if parameter.required else 'facoltativo'}): "
                     f"{parameter.help}")
        if value is None:
            binding = f"VALUES ?{parameter.name} {{ {'<…>' if parameter.kind == 'IRI' else '…'} }}"
        elif parameter.kind == "IRI":  # chosen by its label; an IRI works too: VALUES ?name { <IRI> }
            binding = f"?{parameter.name} rdfs:label {_literal(value)}@it ."
        else:
            binding = f"VALUES ?{parameter.name} {{ {_term(value, parameter.kind)} }}"
        if parameter.required and value is not None:
            if parameter.kind == "IRI":
                lines.append(f"  #   scelto per etichetta; con un IRI: VALUES ?{parameter.name} {{ <…> }}")
            lines.append(f"  {binding}")
        else:
            lines.append(f"  #   togli il # per usarlo: {binding}")
    body = query.body
    where = _WHERE.search(body)
    if lines and where is not None:
        body = body[:where.end()] + "\n" + "\n".join(lines) + body[where.end():]
    return f"{prefixes}\n{body}"


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _term(value: str, kind: str) -> str:
    return value if kind == "integer" and re.fullmatch(r"-?\d+", value) else _literal(value)


def examples(settings: Settings) -> list[Example]:
    """The canonical queries as examples, the recurring partners first."""
    prefixes = prefix_block(Namespaces.at(settings.base))
    found = load_queries()
    names = sorted(found, key=lambda name: (name != FIRST_EXAMPLE, name))
    return [Example(name, found[name].title.split(" / ")[0], found[name].description,
                    example_text(found[name], prefixes)) for name in names]


def query_page(request: Request, query: str | None) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    listed = examples(settings)
    by_name = {example.name: example for example in listed}
    wanted = request.query_params.get("example")
    chosen = by_name.get(wanted or "") or by_name.get(FIRST_EXAMPLE) or (listed[0] if listed else None)
    rich = yasgui_dir(settings) is not None
    config = {
        "endpoint": "/sparql",
        "examples": [example.as_json() for example in listed],
        "query": query,
        "example": chosen.name if chosen else None,
        "rowCap": settings.row_cap,
        "timeLimit": settings.time_limit,
        "persistenceId": "catalogo-kg-sparql",
        "rich": rich,
    }
    return templates().TemplateResponse(request, "sparql.html", {
        "examples": listed,
        "initial": query if query is not None else (chosen.query if chosen else ""),
        "rich": rich,
        "vendor": VENDOR_URL,
        "row_cap": settings.row_cap,
        "time_limit": f"{settings.time_limit:g}",
        "config": config,
    }, headers={"Vary": "Accept"})
