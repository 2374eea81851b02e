"""vis-network, served from this origin: the copy in the pyvis wheel (pyvis's own HTML would take it from a CDN)."""

from __future__ import annotations

from pathlib import Path

import pyvis

VIS_NETWORK = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
VIS_FILES = ("vis-network.min.js", "vis-network.css")


def vis_network_dir() -> Path:
    """The directory holding vis-network.min.js and vis-network.css (FileNotFoundError if pyvis lacks them)."""
    missing = [name for name in VIS_FILES if not (VIS_NETWORK / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{VIS_NETWORK}: no {', '.join(missing)} (is pyvis 0.3 installed?)")
    return VIS_NETWORK
