"""Shared fixtures: the knowledge (loaded once), the bundled catalogue and its extraction, ../shared."""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from loaders import extract, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "catalogo-anci-lombardia.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def knowledge():
    return load_knowledge()


@pytest.fixture(scope="session")
def bundled_bytes() -> bytes:
    return BUNDLED.read_bytes()


@pytest.fixture(scope="session")
def bundled(knowledge, bundled_bytes):
    return extract(bundled_bytes, name=BUNDLED.name, knowledge=knowledge)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (answer key, scorer, reference data). Skips without it, unless KG_REQUIRE_SHARED=1 (CI)."""
    path = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared"))
    if not (path / "gold").is_dir() or not (path / "tools").is_dir():
        message = f"needs the shared material at {path} (answer key and scorer)"
        if os.environ.get("KG_REQUIRE_SHARED") == "1":
            pytest.fail(message + "; KG_REQUIRE_SHARED=1 makes its absence a failure")
        pytest.skip(message)
    return path


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def reference_dir(shared_dir) -> Path:
    return shared_dir / "reference"


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory, knowledge, reference_dir) -> tuple[Path, dict]:
    """The bundled catalogue built with the shared reference data, once for the whole session."""
    from graph import BuildOptions, release
    from ontology import DEFAULT_BASE

    out = tmp_path_factory.mktemp("build") / "dist"
    report = release(BuildOptions(inputs=[BUNDLED], out=out, base=DEFAULT_BASE, reference=reference_dir,
                                  public_url="http://127.0.0.1:8000"), knowledge)
    return out, report


@pytest.fixture(scope="session")
def built_store(built_dist):
    from graph.dumps import load_store

    return load_store(built_dist[0])


# --- the service, on a real uvicorn server on 127.0.0.1 ---------------------------------------------------------

NO_DIST = ROOT / "tests" / "no-such-build"  # so no test leans on a dist/ left in the working copy


def service_settings(**environment: str):
    from api.settings import Settings

    return Settings.from_env({"KG_WORKERS": "2", "KG_DIST": str(NO_DIST), **environment})


@contextmanager
def running(app, host: str = "127.0.0.1"):
    """Serve `app` with uvicorn on a free port in a background thread; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def service(built_dist):
    """The bundled catalogue's graph served by the embedded store: (base URL, settings)."""
    from api.app import create_app
    from graph.pool import EmbeddedStore

    store = EmbeddedStore.from_dump(built_dist[0], workers=2)
    settings = service_settings(KG_DIST=str(built_dist[0]))
    try:
        with running(create_app(store, settings)) as url:
            yield url, settings
    finally:
        store.close()
