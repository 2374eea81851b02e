"""The query page at /sparql in a browser (YASGUI)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse


def query_page(request: Request, query: str | None) -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>SPARQL</title><p>Query page coming.</p>")
