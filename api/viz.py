"""The network view at /viz: the presets of viz over the graph's network data, drawn by vis-network in the page.

    /viz                                   recurring partners (the default)
    /viz?preset=funders                    funder → programme → activity
    /viz?preset=area&area=valchiavenna     an area interna (IRI, last IRI segment or name; default: the busiest)
    /viz?focus=<IRI>&depth=2               the network around any activity, organisation, programme or place
    …&lang=en, …&theme=…&funder=…&programme=…&status=…&role=…&type=…&from=2019&to=2023  (initial filters)

The network data is read once per app (it does not change while the app runs), in a worker thread. The same
render_html writes `kg viz --out`'s standalone page, with every asset inlined so that it works from disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Literal
from urllib.parse import urlencode
from weakref import WeakKeyDictionary

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup

from graph.analytics import NetworkData, read_network, sparql_select
from viz import (
    LANGUAGES,
    PRESETS,
    VIS_FILES,
    UnknownEntity,
    View,
    area_counts,
    area_view,
    ego_view,
    facets,
    find_area,
    funders_view,
    label_of,
    page_data,
    recurring_view,
    strings,
    vis_network_dir,
)

from .linked_data import resource_href
from .runner import Runner
from .templating import STATIC, templates

router = APIRouter(include_in_schema=False)
VENDOR_URL = "/static/vendor/vis-network"
OWN_ASSETS = ("kg.css", "viz.css", "viz.js")
# The layout of the standalone page: base.html's, without what only the service has (its stylesheet, its links).
STANDALONE = """<!doctype html>
<html lang="{{ lang }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{% endblock %} · catalogo-kg</title>
  {% block head %}{% endblock %}
</head>
<body>
  <main>{% block main %}{% endblock %}</main>
  <footer class="site">ANCI Lombardia · catalogo dei progetti come linked open data</footer>
  {% block scripts %}{% endblock %}
</body>
</html>
"""

# Per app, with the store generation it was read from (a store replaced by a new build starts a new one).
_networks: WeakKeyDictionary[Runner, tuple[int, NetworkData]] = WeakKeyDictionary()


class Refused(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def mount_assets(app: FastAPI) -> None:
    """Serve vis-network (from the pyvis wheel) at /static/vendor/vis-network."""
    app.mount(VENDOR_URL, StaticFiles(directory=vis_network_dir()), name="vis-network")


async def network_data(runner: Runner) -> NetworkData:
    """The app's network data, read on first use (two first requests at once both read it: same answer)."""
    generation = getattr(runner.store, "generation", 0)
    kept = _networks.get(runner)
    if kept is not None and kept[0] == generation:
        return kept[1]
    found = await anyio.to_thread.run_sync(read_network, sparql_select(runner.store, runner.settings.time_limit),
                                           runner.settings.base)
    _networks[runner] = (generation, found)
    return found


@router.get("/viz", response_class=HTMLResponse)
async def network_page(request: Request, preset: str | None = None, focus: str | None = None,
                       area: str | None = None, depth: str = "1", lang: str = "it") -> HTMLResponse:
    lang = lang if lang in LANGUAGES else "it"
    words = strings(lang)["page"]
    try:
        chosen_preset = preset or ("ego" if focus else "area" if area else "recurring")
        if chosen_preset not in PRESETS:
            raise Refused(400, words["unknownPreset"], f"preset={preset!r}: " + ", ".join(PRESETS))
        runner: Runner = request.app.state.runner
        data = await network_data(runner)
        view = await anyio.to_thread.run_sync(partial(_view, data, chosen_preset, focus, area, depth, words))
    except Refused as refused:
        return templates().TemplateResponse(request, "message.html", {"title": refused.title,
                                                                      "message": refused.message},
                                            status_code=refused.status)
    chosen = {name: request.query_params.getlist(name) for name in request.query_params}
    html = render_html(view, base=runner.settings.base, lang=lang, chosen=chosen)
    return HTMLResponse(html)


def _view(data: NetworkData, preset: str, focus: str | None, area: str | None, depth: str, words: dict) -> View:
    if preset == "ego":
        if not focus:
            raise Refused(400, words["badRequest"], "preset=ego: focus=<IRI> is required")
        if depth not in ("1", "2"):
            raise Refused(400, words["badRequest"], f"depth={depth!r}: 1 or 2")
        try:
            return ego_view(data, focus, int(depth))
        except UnknownEntity:
            raise Refused(404, words["unknownFocus"], f"{focus}: not an activity, organisation, programme or "
                                                      "place of the graph") from None
    if preset == "area":
        try:
            return area_view(data, area=find_area(data, area) if area else None)
        except UnknownEntity:
            raise Refused(404, words["unknownArea"], f"{area}: not an area interna of the graph") from None
    return funders_view(data) if preset == "funders" else recurring_view(data)


def render_html(view: View, *, base: str, assets: Literal["served", "inline"] = "served", lang: str = "it",
                chosen: Mapping[str, list[str]] | None = None, site: str = "") -> str:
    """The page of a view. "served": assets from this origin (/static); "inline": every asset in the page, links
    to pages prefixed with `site` (a standalone file opened from disk)."""
    words = strings(lang)
    inline = assets == "inline"
    chosen = chosen or {}
    environment = templates().env
    heading, description = words["presets"][view.preset]
    if view.focus is not None:
        heading = f"{heading}: {label_of(view.data, view.focus)}"
    context = {
        "layout": environment.from_string(STANDALONE) if inline else "base.html",
        "lang": lang,
        "s": words["page"],
        "heading": heading,
        "description": description,
        "preset": view.preset,
        "facets": facets(view, lang=lang, chosen=chosen),
        "data": page_data(view, lang=lang, href=lambda iri: site + resource_href(iri, base)),
        "inline": _inline_assets() if inline else None,
        "vendor": VENDOR_URL,
    }
    if not inline:
        context.update(_navigation(view, base, lang, chosen))
    return environment.get_template("viz.html").render(context)


def _navigation(view: View, base: str, lang: str, chosen: Mapping[str, list[str]]) -> dict:
    """What only the served page has: the presets, the area and depth choosers, the language switch."""
    words = strings(lang)
    keep_lang = {"lang": lang} if lang != "it" else {}

    def href(preset: str) -> str:
        query = {"preset": "ego", "focus": view.focus, "depth": view.depth} if preset == "ego" else {"preset": preset}
        return "/viz?" + urlencode({**query, **keep_lang})

    presets = [{"label": words["presets"][p][0], "href": href(p), "current": p == view.preset}
               for p in PRESETS if p != "ego" or view.preset == "ego"]  # an ego network needs its focus
    other = "en" if lang == "it" else "it"
    query = [(name, value) for name, values in chosen.items() if name != "lang" for value in values]
    switched = query + ([("lang", other)] if other != "it" else [])
    found: dict = {
        "presets": presets,
        "action": "/viz",
        "lang_switch": {"href": "/viz?" + urlencode(switched), "lang": other, "label": words["page"]["language"]},
        "areas": None,
        "focus": None,
        "depth": view.depth,
    }
    if view.preset == "area":
        found["areas"] = [{"value": iri.rstrip("/").rsplit("/", 1)[-1], "label": view.data.places[iri].name,
                           "count": count, "selected": iri == view.focus}
                          for iri, count in sorted(area_counts(view.data).items(),
                                                   key=lambda item: view.data.places[item[0]].name.casefold())]
    if view.preset == "ego":
        found["focus"] = {"iri": view.focus, "label": label_of(view.data, view.focus),
                          "href": resource_href(view.focus, base)}
    return found


def _inline_assets() -> dict[str, Markup]:
    vendor = vis_network_dir()
    js_name, css_name = VIS_FILES
    own = {name: (STATIC / name).read_text(encoding="utf-8") for name in OWN_ASSETS}
    css = "\n".join([own["kg.css"], (vendor / css_name).read_text(encoding="utf-8"), own["viz.css"]])
    js = (vendor / js_name).read_text(encoding="utf-8") + "\n" + own["viz.js"]
    # neither may end its element early; "<\/" means "</" inside a script's strings
    return {"css": Markup(css.replace("</style", "<\\/style")), "js": Markup(js.replace("</script", "<\\/script"))}

