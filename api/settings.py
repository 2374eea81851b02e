"""Configuration, built once at the edge from the environment (tests pass their own mapping)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ontology import DEFAULT_BASE

CATALOGUE_FILE = "catalogo-anci-lombardia.txt"


def bundled_catalogue() -> Path:
    """The catalogue shipped with the project: `data/` in a checkout, `share/kg/` in an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "data" / CATALOGUE_FILE
    if checkout.is_file():
        return checkout
    return Path(sys.prefix) / "share" / "kg" / CATALOGUE_FILE


@dataclass(frozen=True)
class Settings:
    """Every knob, with the environment variable that sets it (see SETTINGS) and its default."""

    catalogue: Path
    reference: Path | None
    corrections: Path | None  # None: the knowledge folder's corrections.yaml
    dist: Path
    base: str
    public_url: str | None  # None: wherever `kg serve` listens (see published_at)
    publisher_id: str
    host: str
    port: int
    store: str | None
    workers: int
    time_limit: float
    row_cap: int
    max_query_bytes: int
    services: tuple[str, ...]
    cache_mb: int
    assets: Path | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        def get(name: str) -> str | None:
            return environ.get(SETTINGS[name][0]) or None

        return cls(
            catalogue=Path(get("catalogue")) if get("catalogue") else bundled_catalogue(),
            reference=Path(get("reference")) if get("reference") else None,
            corrections=Path(get("corrections")) if get("corrections") else None,
            dist=Path(get("dist") or SETTINGS["dist"][1]),
            base=get("base") or SETTINGS["base"][1],
            public_url=get("public_url"),
            publisher_id=get("publisher_id") or SETTINGS["publisher_id"][1],
            host=get("host") or SETTINGS["host"][1],
            port=_number(int, "port", get("port")),
            store=get("store"),
            workers=_number(int, "workers", get("workers")),
            time_limit=_number(float, "time_limit", get("time_limit")),
            row_cap=_number(int, "row_cap", get("row_cap")),
            max_query_bytes=_number(int, "max_query_bytes", get("max_query_bytes")),
            cache_mb=_number(int, "cache_mb", get("cache_mb"), allow_zero=True),
            services=tuple(s.strip() for s in (get("services") or SETTINGS["services"][1]).split(",") if s.strip()),
            assets=Path(get("assets")) if get("assets") else default_assets(),
        )

    @property
    def published_at(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    def serving(self, host: str | None, port: int | None) -> Settings:
        """These settings for a service on `host`:`port` (command-line options beat the environment)."""
        return replace(self, host=host or self.host, port=port or self.port)


def _number(kind: type, name: str, given: str | None, allow_zero: bool = False) -> int | float:
    variable, default, _ = SETTINGS[name]
    try:
        value = kind(given if given is not None else default)
    except ValueError:
        raise ValueError(f"{variable} must be a number, not {given!r}") from None
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{variable} must be {'zero or more' if allow_zero else 'positive'}, not {given!r}")
    return value


def default_assets() -> Path | None:
    """The front-end packages npm installed (YASGUI): node_modules/ of a checkout, when present."""
    checkout = Path(__file__).resolve().parent.parent / "node_modules"
    return checkout if checkout.is_dir() else None


# setting → (environment variable, default, help); the README lists them and a test keeps the two in step
SETTINGS: dict[str, tuple[str, str | None, str]] = {
    "catalogue": ("KG_CATALOGUE", None, "catalogue text read by default (the bundled one)"),
    "reference": ("KG_REFERENCE_DIR", None, "directory of Lombardy reference data (none: build without it)"),
    "corrections": ("KG_CORRECTIONS", None, "corrections file applied by `kg extract` and `kg build` (default: "
                                            "corrections.yaml in the loader's knowledge folder)"),
    "dist": ("KG_DIST", "dist", "where `kg build` writes and other commands read the built graph"),
    "base": ("KG_BASE_IRI", DEFAULT_BASE, "base of every IRI the graph mints"),
    "public_url": ("KG_PUBLIC_URL", None, "where the service is published, for the dump and SPARQL links (default: "
                                          "http://KG_HOST:KG_PORT)"),
    "publisher_id": ("KG_PUBLISHER_ID", "anci-lombardia", "publisher identifier in DCAT-AP_IT (IPA code or CF)"),
    "host": ("KG_HOST", "127.0.0.1", "address `kg serve` listens on"),
    "port": ("KG_PORT", "8000", "port `kg serve` listens on"),
    "store": ("KG_STORE", None, "what `kg serve` answers from: a build directory, a dump, an Oxigraph store "
                                "directory or a SPARQL endpoint URL (default: the build directory)"),
    "workers": ("KG_WORKERS", str(max(2, os.cpu_count() or 2)), "query worker processes of the embedded store"),
    "time_limit": ("KG_TIME_LIMIT", "10", "seconds a SPARQL query may run before it is stopped"),
    "row_cap": ("KG_ROW_CAP", "10000", "most rows (or triples) one answer carries; a cut is announced"),
    "max_query_bytes": ("KG_MAX_QUERY_BYTES", "1000000", "largest query text or request body accepted"),
    "cache_mb": ("KG_CACHE_MB", "64", "memory for answers of the embedded store kept for repeated queries (0: none)"),
    "services": ("KG_SERVICE_ALLOW", "https://query.wikidata.org/sparql",
                 "comma-separated endpoints a query may call with SERVICE (no others)"),
    "assets": ("KG_ASSETS", None, "node_modules directory holding @zazuko/yasgui (default: the checkout's)"),
}
