"""The web service: create_app(store, settings) wires the SPARQL endpoint, pages and REST routes to a store."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from graph.engine import SparqlStore

from . import pages, rest, security, sparql, ui, viz
from .runner import Runner
from .settings import Settings
from .templating import STATIC


def create_app(store: SparqlStore, settings: Settings) -> FastAPI:
    app = FastAPI(
        title="catalogo-kg",
        summary="ANCI Lombardia's catalogue of projects as linked open data",
        description="The users' questions as REST over the knowledge graph; each route runs a query of "
                    "queries/ that you can read and reuse at /sparql.",
        version="0.1.0",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.runner = Runner(store, settings)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=list(sparql.RESULT_HEADERS))
    app.add_middleware(security.SecurityHeaders)  # nosniff everywhere; CSP, no framing on pages (api/security.py)
    app.include_router(sparql.router)
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.include_router(viz.router)
    ui.mount_assets(app, settings)  # before /static, which would otherwise take its paths
    viz.mount_assets(app)  # vis-network, likewise
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
