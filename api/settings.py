"""Configuration, built once at the edge from the environment (tests pass their own mapping)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CATALOGUE_FILE = "catalogo-anci-lombardia.txt"


def bundled_catalogue() -> Path:
    """The catalogue shipped with the project: `data/` in a checkout, `share/kg/` in an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "data" / CATALOGUE_FILE
    if checkout.is_file():
        return checkout
    return Path(sys.prefix) / "share" / "kg" / CATALOGUE_FILE


@dataclass(frozen=True)
class Settings:
    """Every knob, its environment variable and its default in one place."""

    catalogue: Path  # KG_CATALOGUE: the default input of `kg extract`

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        return cls(catalogue=Path(environ["KG_CATALOGUE"]) if environ.get("KG_CATALOGUE") else bundled_catalogue())
