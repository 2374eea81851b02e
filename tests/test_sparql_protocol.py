"""The SPARQL 1.1 Protocol: the W3C protocol tests over a real server, for the embedded and the remote store."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from graph.pool import EmbeddedStore
from graph.remote import RemoteStore

from .conftest import ROOT, running, service_settings
from .oxigraph_server import oxigraph_server
from .w3c_protocol import check, dataset_nquads, read_manifest

W3C_DIR = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared")) / "design" / "w3c-sparql-protocol-tests"
TESTS, GRAPHS = read_manifest(W3C_DIR) if (W3C_DIR / "manifest.ttl").is_file() else ([], {})


def test_the_w3c_manifest_is_read(shared_dir):
    assert (shared_dir / "design" / "w3c-sparql-protocol-tests" / "manifest.ttl").is_file()
    names = {t.name for t in TESTS}
    assert {"query_get", "query_post_form", "query_post_direct", "bad_query_syntax", "bad_multiple_queries",
            "bad_query_wrong_media_type", "bad_query_missing_form_type", "bad_query_non_utf8"} <= names
    assert len(GRAPHS) == 3


@pytest.fixture(scope="module")
def w3c_dump(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("w3c") / "data.nq"
    path.write_text(dataset_nquads(GRAPHS), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["embedded", "remote"])
def w3c_endpoint(request, w3c_dump, tmp_path_factory):
    """Our service on the W3C test data: its own embedded store, or a real Oxigraph server behind --store URL."""
    settings = service_settings()
    if request.param == "embedded":
        store = EmbeddedStore.from_dump(w3c_dump, workers=2)
        try:
            with running(create_app(store, settings)) as url:
                yield url
        finally:
            store.close()
        return
    location = tmp_path_factory.mktemp("w3c-oxigraph")
    with oxigraph_server(location, dump=w3c_dump) as oxigraph_url:
        store = RemoteStore(f"{oxigraph_url}/query")
        try:
            with running(create_app(store, settings)) as url:
                yield url
        finally:
            store.close()


@pytest.mark.parametrize("case", TESTS, ids=lambda case: case.name)
def test_w3c_protocol(w3c_endpoint, case):
    with httpx.Client(timeout=30) as client:
        for request in case.requests:
            problem = check(client, w3c_endpoint, request)
            assert problem is None, f"{case.name} ({case.title}): {problem}"
