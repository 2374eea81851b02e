"""Jinja2 templates for the HTML pages: autoescaped, and never inline script (data goes in JSON blocks)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


def json_block(data: object) -> Markup:
    """JSON for a <script type="application/json"> block: '<' escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@cache
def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(TEMPLATES))
    found.env.filters["json_block"] = json_block
    return found
