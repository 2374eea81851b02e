"""Configuration, built once at the edge from the environment (tests pass their own mapping)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
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
    dist: Path
    base: str
    public_url: str
    publisher_id: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        def get(name: str) -> str | None:
            return environ.get(SETTINGS[name][0]) or None

        return cls(
            catalogue=Path(get("catalogue")) if get("catalogue") else bundled_catalogue(),
            reference=Path(get("reference")) if get("reference") else None,
            dist=Path(get("dist") or SETTINGS["dist"][1]),
            base=get("base") or SETTINGS["base"][1],
            public_url=get("public_url") or SETTINGS["public_url"][1],
            publisher_id=get("publisher_id") or SETTINGS["publisher_id"][1],
        )


# setting → (environment variable, default, help); the README lists them and a test keeps the two in step
SETTINGS: dict[str, tuple[str, str | None, str]] = {
    "catalogue": ("KG_CATALOGUE", None, "catalogue text read by default (the bundled one)"),
    "reference": ("KG_REFERENCE_DIR", None, "directory of Lombardy reference data (none: build without it)"),
    "dist": ("KG_DIST", "dist", "where `kg build` writes and other commands read the built graph"),
    "base": ("KG_BASE_IRI", DEFAULT_BASE, "base of every IRI the graph mints"),
    "public_url": ("KG_PUBLIC_URL", "http://127.0.0.1:8000", "where the service is published (dumps, SPARQL)"),
    "publisher_id": ("KG_PUBLISHER_ID", "anci-lombardia", "publisher identifier in DCAT-AP_IT (IPA code or CF)"),
}
