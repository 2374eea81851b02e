"""Size and settle time of the network view: the bundled catalogue's presets and a synthetic 2,000-node network.

    .venv/bin/python bench/viz.py [--graph dist] [--seed 7] [--activities 1500] [--organizations 500] [--runs 1]

For each view: nodes and edges, the served page (vis-network comes apart, cached) and the standalone page of
`kg viz` (everything inlined), and the time headless Chromium takes from navigation to the layout settled
(window.kgViz.settledAt: physics stabilised and stopped). Targets: pages under 3 MB, settled under 5 s; checked
here, not in the tests. The synthetic network is a NetworkData made directly, deterministic by seed: activities
with a lead, partners drawn with a Zipf-like law (a few organisations everywhere, most once or twice), funders,
programmes and Comuni.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.viz import render_html  # noqa: E402
from graph.analytics import (  # noqa: E402
    Activity,
    NetworkData,
    Organization,
    Participation,
    Place,
    PlaceLink,
    Programme,
    ProgrammeLink,
    bipartite,
    read_network,
    store_select,
)
from graph.dumps import load_store  # noqa: E402
from ontology import DEFAULT_BASE  # noqa: E402
from viz import View, area_view, ego_view, funders_view, recurring_view  # noqa: E402

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
PAGE_LIMIT, SETTLE_LIMIT = 3_000_000, 5_000  # bytes, ms
THEMES = ("Europa", "Welfare", "Innovazione", "Ambiente", "Cultura", "Giovani", "Legalità", "Turismo")
ROLES = ("partner", "partner", "partner", "beneficiary", "implementer", "other")


def synthetic(seed: int, activities: int, organizations: int) -> NetworkData:
    rng = random.Random(seed)
    base = DEFAULT_BASE + "data/"
    orgs = {f"{base}ente/s{i:04d}": Organization(f"{base}ente/s{i:04d}", f"s{i:04d}", f"Ente sintetico {i}",
                                                 rng.choice((None, "Comune", "Fondazione", "Università")))
            for i in range(organizations)}
    ranked = list(orgs)
    weights = [1 / (rank ** 1.1) for rank in range(1, organizations + 1)]
    vocabulary = DEFAULT_BASE + "controlled-vocabulary/"
    tops = [f"{vocabulary}programma/p{i}" for i in range(10)]
    programmes = {iri: Programme(iri, f"Programma {i}", None) for i, iri in enumerate(tops)}
    programmes.update({f"{top}-{j}": Programme(f"{top}-{j}", f"Programma {i}, linea {j}", top)
                       for i, top in enumerate(tops) for j in range(3)})
    areas = [f"{vocabulary}territorio/area-interna/a{i}" for i in range(10)]
    provinces = [f"{vocabulary}territorio/provincia/p{i}" for i in range(12)]
    places = {iri: Place(iri, f"Area sintetica {i}", "area_interna", None, ()) for i, iri in enumerate(areas)}
    places.update({iri: Place(iri, f"Provincia {i}", "provincia", None, ()) for i, iri in enumerate(provinces)})
    comuni = [f"{vocabulary}territorio/comune/{i:06d}" for i in range(300)]
    places.update({iri: Place(iri, f"Comune {i}", "comune", provinces[i % 12], (areas[i % 10],) if i % 3 else ())
                   for i, iri in enumerate(comuni)})
    found, participations, programme_links, place_links = {}, [], [], []
    for i in range(activities):
        iri = f"{base}progetto/a{i:05d}"
        start = rng.randint(2014, 2024)
        lines = f"{i * 20 + 1}–{i * 20 + 18}"
        found[iri] = Activity(iri, f"a{i:05d}", f"Attività sintetica {i}: {rng.choice(THEMES).lower()} nei Comuni",
                              rng.choice(("project",) * 4 + ("service",)),
                              rng.choice(("ongoing", "planned", "completed")), rng.choice(THEMES), start,
                              rng.choice((None, start, start + 1, start + 3)), Decimal(rng.randint(10, 900) * 1000),
                              None, lines, rng.random() < 0.2)
        members = {org for org in rng.choices(ranked, weights=weights, k=rng.randint(2, 6))}
        for n, org in enumerate(sorted(members)):
            role = "lead" if n == 0 else rng.choice(ROLES)
            participations.append(Participation(iri, org, role, f"{orgs[org].name} ({role}) nel progetto {i}", lines))
        if rng.random() < 0.3:
            funder = ranked[rng.randrange(15)]
            participations.append(Participation(iri, funder, "funder", f"finanziato da {orgs[funder].name}", lines))
        if rng.random() < 0.6:
            programme = rng.choice(list(programmes))
            programme_links.append(ProgrammeLink(iri, programme, f"nell'ambito del {programmes[programme].label}"))
        for comune in rng.sample(comuni, rng.choice((0, 1, 1, 2, 3))):
            place_links.append(PlaceLink(iri, comune, f"a {places[comune].name}", lines))
    return NetworkData(found, orgs, tuple(participations), programmes, tuple(programme_links), places,
                       tuple(place_links))


def hub(data: NetworkData) -> str:
    return max(data.organizations, key=lambda org: sum(p.organization == org for p in data.participations))


def views(data: NetworkData, label: str) -> list[tuple[str, View]]:
    return [(f"{label} recurring", recurring_view(data)), (f"{label} funders", funders_view(data)),
            (f"{label} area", area_view(data)), (f"{label} ego (hub, depth 2)", ego_view(data, hub(data), 2))]


def settle(page, html: str, scratch: Path) -> float:
    """ms from navigation to the layout settled, the standalone page opened from disk."""
    path = scratch / "page.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.kgViz && window.kgViz.ready", timeout=120_000)
    return page.evaluate("window.kgViz.settledAt")


def cases(graph: Path, seed: int = 7, activities: int = 1500, organizations: int = 500) -> list[tuple[str, View]]:
    """The bundled catalogue's presets (when `graph` is built), the synthetic network's, and the whole of it."""
    found: list[tuple[str, View]] = []
    if (graph / "graph.nq").is_file():
        found += views(read_network(store_select(load_store(graph)), DEFAULT_BASE), "bundled")
    else:
        print(f"{graph}: no built graph, only the synthetic network is measured", file=sys.stderr)
    data = synthetic(seed, activities, organizations)
    found += views(data, "synthetic")
    # every activity and organisation: the ego page's drawing of the whole bipartite network
    found.append(("synthetic all (bipartite)", View("ego", bipartite(data), data, frozenset(data.activities),
                                                    focus=hub(data), depth=2)))
    return found


@dataclass
class Measured:
    name: str
    nodes: int
    edges: int
    served_bytes: int
    inline_bytes: int
    settled_ms: list[float]

    @property
    def ok(self) -> bool:
        return self.inline_bytes < PAGE_LIMIT and max(self.settled_ms) < SETTLE_LIMIT


def measure(found: list[tuple[str, View]], runs: int) -> list[Measured]:
    """Each view's page sizes, and `runs` times the layout settling in headless Chromium, offline."""
    from playwright.sync_api import sync_playwright

    measured = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort("blockedbyclient"))  # nothing leaves the machine
        page = context.new_page()
        for name, view in found:
            served = render_html(view, base=DEFAULT_BASE).encode()
            inline = render_html(view, base=DEFAULT_BASE, assets="inline")
            settled = [settle(page, inline, Path(scratch)) for _ in range(runs)]
            measured.append(Measured(name, len(view.graph), view.graph.number_of_edges(), len(served),
                                     len(inline.encode()), settled))
        browser.close()
    return measured


def markdown(runs: int, graph: Path) -> str:
    rows = []
    for m in measure(cases(graph), runs):
        settled = sorted(m.settled_ms)
        rows.append(f"| {m.name} | {m.nodes:,} | {m.edges:,} | {m.served_bytes / 1e6:.2f} | "
                    f"{m.inline_bytes / 1e6:.2f} | {settled[len(settled) // 2] / 1000:.2f} | "
                    f"{settled[-1] / 1000:.2f} | {'✓' if m.ok else '✗ missed'} |")
    return ("## Network view\n\nEach view's page as served (vis-network apart, cached by the browser) and standalone "
            "(`kg viz`: everything inlined), and the time headless Chromium takes from opening the standalone page "
            f"to the layout settled (physics stabilised and stopped), {runs} runs, offline. The synthetic network: "
            "1,500 activities and 500 organisations with a Zipf-like recurrence. Targets: page < 3 MB, settled < 5 s."
            "\n\n| view | nodes | edges | served MB | standalone MB | settled s (median) | settled s (max) |  |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "dist", help="built directory (default: dist)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--activities", type=int, default=1500)
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    found = cases(args.graph, args.seed, args.activities, args.organizations)
    print(f"{'view':<34} {'nodes':>6} {'edges':>6} {'served KB':>10} {'inline KB':>10} {'settle ms':>10}  ok")
    measured = measure(found, args.runs)
    for m in measured:
        print(f"{m.name:<34} {m.nodes:>6} {m.edges:>6} {m.served_bytes / 1024:>10.0f} {m.inline_bytes / 1024:>10.0f} "
              f"{max(m.settled_ms):>10.0f}  {'yes' if m.ok else 'NO'}")
    return 0 if all(m.ok for m in measured) else 1


if __name__ == "__main__":
    sys.exit(main())
