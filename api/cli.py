"""The `kg` command: the only place that reads argv, the environment and files, and decides exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from loaders import Extraction, UnreadableInput, extract, load_knowledge
from loaders.corrections import CorrectionsError
from loaders.knowledge import CORRECTIONS_FILE, KNOWLEDGE_DIR
from loaders.review import Review, review

from .settings import SETTINGS, Settings

# Each command imports what only it needs (rdflib, pyshacl, networkx, uvicorn…), so `kg extract` starts fast.

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Longer than clients such as httpx keep an idle connection (5 s, uvicorn's default too), so the client lets go
# first: when both give up at 5 s, a request sent on a connection the server is closing is reset.
KEEP_ALIVE_SECONDS = 75


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env(environ)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    return args.run(args, settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="catalogo-kg: ANCI Lombardia's catalogue of projects as a knowledge graph.",
        epilog="Settings come from the environment: " + ", ".join(v[0] for v in SETTINGS.values()) + ".",
    )
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    ext = commands.add_parser(
        "extract", help="read the catalogue text into records (JSON or a table)",
        description="Segment the catalogue into cards and parse each into a record. The summary (cards found, "
                    "records written, cards rejected) goes to standard error with JSON, at the end with a table.")
    ext.add_argument("file", nargs="?", type=Path,
                     help="catalogue text (default: the bundled catalogue, or $KG_CATALOGUE)")
    ext.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    ext.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    ext.add_argument("--corrections", type=Path, metavar="FILE", help=CORRECTIONS_HELP)
    ext.set_defaults(run=_run_extract)

    rev = commands.add_parser(
        "review", help="list the readings worth a person's check, with corrections ready to paste",
        description="Extract the catalogue and list what a person should check: entities read with low "
                    "confidence (by the form of their name, as items of a list, places named in passing), "
                    "organisations the registry does not know, and corrections that matched nothing. Decisions "
                    "go into the corrections file it names, which kg extract and kg build apply.")
    rev.add_argument("file", nargs="?", type=Path,
                     help="catalogue text (default: the bundled catalogue, or $KG_CATALOGUE)")
    rev.add_argument("--corrections", type=Path, metavar="FILE", help=CORRECTIONS_HELP)
    rev.add_argument("--below", type=float, default=0.7, metavar="CONFIDENCE",
                     help="list readings under this confidence (default: 0.7)")
    rev.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    rev.set_defaults(run=_run_review)

    bld = commands.add_parser(
        "build", help="build the RDF graph, its dumps and its description into a directory",
        description="Turn one or more catalogue editions into an RDF dataset (one named graph per source), "
                    "validate it with SHACL and write graph.ttl, graph.nt, graph.nq, graph.jsonld, dataset.ttl "
                    "and report.json. Nothing is written unless everything succeeds.")
    bld.add_argument("--input", "-i", type=Path, action="append", metavar="FILE",
                     help="catalogue edition (repeatable; default: the bundled catalogue)")
    bld.add_argument("--out", "-o", type=Path, help="output directory (default: dist, or $KG_DIST)")
    bld.add_argument("--base", help="base IRI of the minted IRIs (default: a placeholder, or $KG_BASE_IRI)")
    bld.add_argument("--reference", type=Path,
                     help="reference data directory (default: $KG_REFERENCE_DIR; without it the build skips "
                          "aree interne members, SNAI classes, Wikidata links and says so)")
    bld.add_argument("--public-url", help="where the service is published (default: $KG_PUBLIC_URL)")
    bld.add_argument("--corrections", type=Path, metavar="FILE", help=CORRECTIONS_HELP)
    bld.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    bld.set_defaults(run=_run_build)

    val = commands.add_parser(
        "validate", help="check a built graph against the SHACL shapes (and DCAT-AP_IT)",
        description="Validate graph.nt against the project's shapes and dataset.ttl against the DCAT-AP_IT "
                    "mandatory fields. Exit status 1 if either does not conform.")
    val.add_argument("--graph", type=Path, help="built directory (default: dist, or $KG_DIST)")
    val.add_argument("--base", help="base IRI the graph was built with (default: $KG_BASE_IRI)")
    val.set_defaults(run=_run_validate)

    qry = commands.add_parser(
        "query", help="run a SPARQL SELECT query (a canonical one by name, a .rq file, or text) on the built graph",
        description="`kg query --list` names the canonical queries (queries/*.rq) and their parameters.")
    qry.add_argument("query", nargs="?", help="query name, .rq file, or SPARQL text")
    qry.add_argument("--format", choices=("table", "csv", "json"), default="table")
    qry.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE",
                     help="pre-bind a variable (an IRI, <IRI>, a label for IRI parameters, or a value)")
    qry.add_argument("--graph", type=Path, help="built directory (default: dist, or $KG_DIST)")
    qry.add_argument("--base", help="base IRI the graph was built with (default: $KG_BASE_IRI)")
    qry.add_argument("--list", action="store_true", help="list the canonical queries")
    qry.set_defaults(run=_run_query)

    srv = commands.add_parser(
        "serve", help="serve the graph: SPARQL endpoint, linked-data pages, REST API, query page",
        description="Start the web service on the built graph (default), a dump, an Oxigraph store directory or "
                    "a remote SPARQL endpoint. Queries run in worker processes with a time limit.")
    srv.add_argument("--host", help="address to listen on (default: $KG_HOST or 127.0.0.1)")
    srv.add_argument("--port", type=int, help="port (default: $KG_PORT or 8000)")
    srv.add_argument("--store", metavar="PATH|URL",
                     help="build directory, dump file (.nq/.trig/.nt/.ttl), Oxigraph store directory, or the URL of "
                          "a SPARQL 1.1 endpoint (default: $KG_STORE, else the build directory)")
    srv.add_argument("--watch", action="store_true",
                     help="serve each new build of the build directory (or dump) as soon as it is complete; "
                          "queries running at that moment finish on the old one")
    srv.set_defaults(run=_run_serve)

    ana = commands.add_parser(
        "analyze", help="network analytics: recurring partners, bridges, communities; files for Gephi",
        description="Read the co-partnership and activity–organisation networks from the built graph, print the "
                    "recurring partners, the organisations bridging communities and the communities (Louvain), and "
                    "write each network as CSV (nodes with their measures, edges with their weights), GraphML and "
                    "GEXF into a fresh directory.")
    ana.add_argument("--graph", type=Path, help="built directory (default: dist, or $KG_DIST)")
    ana.add_argument("--out", type=Path, help="output directory (default: analysis/ inside the built directory)")
    ana.add_argument("--min-projects", type=int, default=3, metavar="N",
                     help="recurring partners take part in at least N activities (default: 3)")
    ana.add_argument("--top", type=int, default=10, metavar="N", help="how many bridges to list (default: 10)")
    ana.add_argument("--base", help="base IRI the graph was built with (default: $KG_BASE_IRI)")
    ana.set_defaults(run=_run_analyze)

    vzp = commands.add_parser(
        "viz", help="write the interactive network view as one standalone HTML page",
        description="Draw a preset of the network view (/viz of `kg serve`) from the built graph into one HTML file "
                    "with every script and style inlined, which works opened from disk with no network. Clicking a "
                    "node opens its page on --site.")
    vzp.add_argument("--preset", choices=("recurring", "funders", "area", "ego"),
                     help="recurring partners (default; ego with --focus), funders, an area interna, or the network "
                          "around --focus")
    vzp.add_argument("--focus", metavar="IRI", help="the activity, organisation, programme or place of an ego network")
    vzp.add_argument("--depth", type=int, choices=(1, 2), default=1, help="steps around --focus (default: 1)")
    vzp.add_argument("--area", help="area interna: IRI, last IRI segment or name (default: the one most activities "
                                    "touch)")
    vzp.add_argument("--lang", choices=("it", "en"), default="it", help="language of the page (default: it)")
    vzp.add_argument("--out", "-o", type=Path,
                     help="output file (default: network-PRESET.html inside the built directory)")
    vzp.add_argument("--graph", type=Path, help="built directory (default: dist, or $KG_DIST)")
    vzp.add_argument("--base", help="base IRI the graph was built with (default: $KG_BASE_IRI)")
    vzp.add_argument("--site", help="where the nodes' pages are served (default: $KG_PUBLIC_URL, else the address "
                                    "`kg serve` listens on)")
    vzp.set_defaults(run=_run_viz)

    lod = commands.add_parser(
        "load", help="push the built graph to a SPARQL store with the Graph Store Protocol",
        description="PUT every named graph of graph.nq to a Graph Store Protocol endpoint (Oxigraph: "
                    "http://HOST:PORT/store), replacing those graphs there.")
    lod.add_argument("url", help="the store's Graph Store Protocol URL")
    lod.add_argument("--graph", type=Path, help="built directory (default: dist, or $KG_DIST)")
    lod.set_defaults(run=_run_load)

    ref = commands.add_parser("reference", help="reference data: download the official sources")
    ref_commands = ref.add_subparsers(dest="action", metavar="ACTION")
    dl = ref_commands.add_parser("download", help="download the official sources (needs internet)")
    dl.add_argument("--to", type=Path, help="directory (default: $KG_REFERENCE_DIR)")
    dl.set_defaults(run=_run_download)
    return parser


# --- extract ------------------------------------------------------------------------------------------------

CORRECTIONS_HELP = "corrections to apply (default: $KG_CORRECTIONS, or corrections.yaml in the knowledge folder)"


def _corrections_file(args: argparse.Namespace, settings: Settings) -> Path:
    return args.corrections or settings.corrections or KNOWLEDGE_DIR / CORRECTIONS_FILE


def _extracted(args: argparse.Namespace, settings: Settings) -> Extraction | int:
    """The extraction of the catalogue the command names, or the exit status of a failure (said)."""
    path: Path = args.file or settings.catalogue
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _fail(f"{path}: cannot read: {exc.strerror or exc}")
    try:
        result = extract(data, name=path.name, knowledge=load_knowledge(corrections=_corrections_file(args, settings)))
    except (UnreadableInput, CorrectionsError) as exc:
        return _fail(f"{path}: {exc}" if isinstance(exc, UnreadableInput) else str(exc))
    if not result.cards_found:
        return _fail(f"{path}: no catalogue cards found (no section header such as 'COSA STIAMO FACENDO' "
                     "followed by titled cards)")
    return result


def _run_extract(args: argparse.Namespace, settings: Settings) -> int:
    result = _extracted(args, settings)
    if isinstance(result, int):
        return result
    text = (json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n" if args.format == "json"
            else _table(result))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    summary = _summary(result)
    if args.format == "json" or args.output:
        print(summary, file=sys.stderr)
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"kg: error: {message}", file=sys.stderr)
    return EXIT_FAILED


def _summary(result: Extraction) -> str:
    levels = Counter(d.level for d in result.diagnostics)
    lines = [f"{result.source.name}: {result.cards_found} cards found, {len(result.records)} records written, "
             f"{len(result.rejected)} cards rejected; diagnostics: "
             + ", ".join(f"{levels[k]} {k}" for k in ("error", "warning", "info") if levels[k])]
    lines.extend(f"  rejected {d}" for d in result.rejected)
    return "\n".join(lines)


def _table(result: Extraction) -> str:
    header = ("lines", "section", "kind", "start", "end", "budget €", "org", "prg", "ter", "title")
    rows = [header]
    for r in result.records:
        budget = f"{r.budget_eur:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") if r.budget_eur else "-"
        rows.append((f"{r.line_start}-{r.line_end}", r.section, r.kind, r.start or "-", r.end or "-", budget,
                     str(len(r.organizations)), str(len(r.programmes)), str(len(r.territories)),
                     (r.title or "")[:60]))
    out = _aligned(rows, right=(5, 6, 7, 8))
    worth_reading = [d for d in result.diagnostics if d.level != "info"]
    if worth_reading:
        out.append("")
        out.extend(str(d) for d in sorted(worth_reading, key=lambda d: d.line))
    out.append("")
    out.append(_summary(result))
    return "\n".join(out) + "\n"


def _run_review(args: argparse.Namespace, settings: Settings) -> int:
    result = _extracted(args, settings)
    if isinstance(result, int):
        return result
    found = review(result, below=args.below)
    corrections = _corrections_file(args, settings)
    if args.format == "json":
        sys.stdout.write(json.dumps({"corrections_file": str(corrections), **found.to_dict()}, ensure_ascii=False,
                                    indent=2) + "\n")
        return EXIT_OK
    sys.stdout.write(_review_table(found, result.source.name, corrections))
    return EXIT_OK


def _aligned(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Rows as lines of columns padded to their widest cell (`right`: columns aligned right); the last column,
    free text, is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(cell.rjust(width) if i in right else cell.ljust(width)
                         for i, (cell, width) in enumerate(zip(row[:-1], widths, strict=True))), row[-1]]).rstrip()
            for row in rows]


def _review_table(found: Review, name: str, corrections: Path) -> str:
    def rows(readings):
        return _aligned([("card", "line", "kind", "name", "roles/type", "found by", "conf", "evidence"),
                         *((r.card[:32], str(r.line), r.kind, r.name[:48], r.detail, r.found_by,
                            f"{r.confidence:.2f}", r.evidence[:70]) for r in readings)])

    out = [f"{name}: {found.checked} readings; {len(found.uncertain)} under confidence {found.below:.2f}, "
           f"{len(found.unknown_organizations)} organisations not in the registry, "
           f"{len(found.unused_corrections)} corrections unused", ""]
    if found.uncertain:
        out += ["Uncertain readings (least sure first):", *rows(found.uncertain), ""]
    if found.unknown_organizations:
        out += ["Organisations found by the form of their name, not in the registry:",
                *rows(found.unknown_organizations), ""]
    if found.unused_corrections:
        out += ["Corrections that matched nothing:", *(f"  {m}" for m in found.unused_corrections), ""]
    out.append(f"Corrections file: {corrections}{'' if corrections.is_file() else ' (not there yet: create it)'}")
    if found.uncertain:
        out += ["Paste under 'corrections:' and keep one of each pair, e.g.:",
                *("  " + line for line in found.uncertain[0].suggestion().splitlines()),
                "  (also: rename/to, merge/into, add_role/role, add; see the file's header)"]
    return "\n".join(out) + "\n"


# --- build, validate ----------------------------------------------------------------------------------------

def _run_build(args: argparse.Namespace, settings: Settings) -> int:
    from graph import BuildFailed, BuildOptions, Publisher, release

    inputs = args.input or [settings.catalogue]
    for path in inputs:
        if not path.is_file():
            return _fail(f"{path}: no such file")
    options = BuildOptions(
        inputs=inputs, out=args.out or settings.dist, base=args.base or settings.base,
        reference=args.reference or settings.reference, public_url=args.public_url or settings.published_at,
        publisher=Publisher(identifier=settings.publisher_id))
    progress = None if args.quiet or not sys.stderr.isatty() else _progress_bar()
    try:
        report = release(options, load_knowledge(corrections=_corrections_file(args, settings)), progress)
    except (UnreadableInput, CorrectionsError) as exc:
        return _fail(str(exc))
    except BuildFailed as failed:
        _print_checks(failed.report["shacl"])
        return _fail(f"{failed}; {options.out} was left as it was")
    finally:
        if progress is not None:
            progress.close()
    print(_build_summary(report, options.out), file=sys.stderr)
    return EXIT_OK


def _progress_bar():
    from tqdm import tqdm  # imported only when a terminal will show it

    class Bar:
        def __init__(self) -> None:
            self.bar = None

        def __call__(self, step: str, done: int, total: int) -> None:
            if self.bar is None:
                self.bar = tqdm(total=total, desc=step, unit="card", file=sys.stderr, leave=False)
            self.bar.update(done - self.bar.n)

        def close(self) -> None:
            if self.bar is not None:
                self.bar.close()

    return Bar()


def _build_summary(report: dict, out: Path) -> str:
    classes = report["classes"]
    lines = [f"{out}: {report['triples']:,} triples ({report['quads']:,} quads in {len(report['sources']) + 2} "
             f"named graphs) in {report['seconds']} s",
             "  " + ", ".join(f"{classes.get(key, 0)} {label}" for key, label in (
                 ("alo:Attivita", "activities"), ("clvapit:City", "Comuni"), ("clvapit:Province", "provinces"),
                 ("alo:AreaInterna", "aree interne"), ("covapit:Organization", "organisations"),
                 ("prjapit:Programme", "programmes")))]
    for check in report["shacl"]:
        lines.append(f"  SHACL {check['what']}: {'conforms' if check['conforms'] else 'does not conform'}"
                     f" ({check['violations']} violations)")
    lines.extend(f"  skipped: {s}" for s in report["reference"]["skipped"])
    return "\n".join(lines)


def _print_checks(checks: Sequence[dict]) -> None:
    for check in checks:
        print(f"SHACL {check['what']}: {'conforms' if check['conforms'] else 'does not conform'} "
              f"({check['violations']} violations)", file=sys.stderr)
        for result in check["results"][:20]:
            print(f"  {result['focus']} {result['path']}: {result['message']}", file=sys.stderr)


def _run_validate(args: argparse.Namespace, settings: Settings) -> int:
    from rdflib import Graph

    from graph.dumps import read_union
    from graph.validate import Validation, validate_description, validate_graph
    from ontology import Namespaces

    directory = args.graph or settings.dist
    if not (directory / "graph.nt").is_file():
        return _fail(f"{directory}: no built graph here (run `kg build` first)")
    ns = Namespaces.at(args.base or settings.base)

    checks: list[Validation] = [validate_graph(read_union(directory), ns)]
    if (directory / "dataset.ttl").is_file():
        checks.append(validate_description(Graph().parse(directory / "dataset.ttl"), ns))
    _print_checks([c.to_dict() for c in checks])
    return EXIT_OK if all(c.conforms for c in checks) else EXIT_FAILED


# --- query --------------------------------------------------------------------------------------------------

def _run_query(args: argparse.Namespace, settings: Settings) -> int:
    from graph import QueryError, load_queries
    from graph.dumps import load_store
    from graph.queries import parse_bindings, prefix_block, resolve, run, to_csv, to_json, to_text
    from ontology import Namespaces

    queries = load_queries()
    if args.list or not args.query:
        for name, query in queries.items():
            params = ", ".join(f"{p.name} ({p.kind}{', required' if p.required else ''})" for p in query.parameters)
            print(f"{name}: {query.title}" + (f"  [{params}]" if params else ""))
            print(f"    {query.description}")
        return EXIT_OK if args.list else EXIT_USAGE
    directory = args.graph or settings.dist
    if not (directory / "graph.nq").is_file():
        return _fail(f"{directory}: no built graph here (run `kg build` first)")
    ns = Namespaces.at(args.base or settings.base)
    canonical = queries.get(args.query)
    path = Path(args.query)
    if canonical is not None:
        text, parameters = canonical.text(prefix_block(ns)), {p.name: p for p in canonical.parameters}
    elif path.suffix == ".rq" and path.is_file():
        text, parameters = ns.rebase(path.read_text(encoding="utf-8")), {}
    else:
        text, parameters = args.query, {}
    store = load_store(directory)
    try:
        raw = parse_bindings(args.bind)
        missing = [p.name for p in parameters.values() if p.required and p.name not in raw]
        if missing:
            raise QueryError(f"query {args.query!r} needs --bind {missing[0]}=VALUE ({parameters[missing[0]].help})")
        bindings = {name: resolve(store, value, ns, parameters[name].kind if name in parameters else "IRI"
                                  if value.startswith(("<", "http")) else "string")
                    for name, value in raw.items()}
        table = run(store, text, bindings)
    except QueryError as exc:
        return _fail(str(exc))
    sys.stdout.write({"table": to_text, "csv": to_csv, "json": to_json}[args.format](table))
    return EXIT_OK


# --- analyze ------------------------------------------------------------------------------------------------

def _run_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from graph.analytics import analyze, read_network, store_select
    from graph.dumps import load_store, write_atomically

    directory = args.graph or settings.dist
    if not (directory / "graph.nq").is_file():
        return _fail(f"{directory}: no built graph here (run `kg build` first)")
    out = args.out or directory / "analysis"
    if directory.resolve().is_relative_to(out.resolve()):
        return _fail(f"{out}: writing there would replace the built graph; choose another --out")
    data = read_network(store_select(load_store(directory)), args.base or settings.base)
    analysis = analyze(data, min_activities=args.min_projects, top=args.top)
    sys.stdout.write(analysis.text)
    write_atomically(out, analysis.files)
    print(f"{out}: {', '.join(analysis.files)}", file=sys.stderr)
    return EXIT_OK


# --- viz ----------------------------------------------------------------------------------------------------

def _run_viz(args: argparse.Namespace, settings: Settings) -> int:
    from graph.analytics import read_network, store_select
    from graph.dumps import load_store
    from viz import UnknownEntity, area_view, ego_view, find_area, funders_view, recurring_view

    from .viz import render_html

    directory = args.graph or settings.dist
    if not (directory / "graph.nq").is_file():
        return _fail(f"{directory}: no built graph here (run `kg build` first)")
    preset = args.preset or ("ego" if args.focus else "area" if args.area else "recurring")
    if preset == "ego" and not args.focus:
        return _fail("--preset ego needs --focus IRI")
    base = args.base or settings.base
    data = read_network(store_select(load_store(directory)), base)
    try:
        if preset == "ego":
            view = ego_view(data, args.focus, args.depth)
        elif preset == "area":
            view = area_view(data, area=find_area(data, args.area) if args.area else None)
        else:
            view = funders_view(data) if preset == "funders" else recurring_view(data)
    except UnknownEntity as unknown:
        return _fail(f"{unknown.args[0]}: not in the graph's network (an activity, organisation, programme or place; "
                     "for --area an area interna)")
    out = args.out or directory / f"network-{preset}.html"
    html = render_html(view, base=base, assets="inline", lang=args.lang, site=(args.site or settings.published_at))
    out.write_text(html, encoding="utf-8")
    print(f"{out}: {len(view.graph)} nodes, {view.graph.number_of_edges()} edges, {len(html.encode()) // 1024} KB",
          file=sys.stderr)
    return EXIT_OK


# --- serve and load -----------------------------------------------------------------------------------------

def _run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import threading

    import uvicorn

    from graph.stores import open_store
    from graph.switching import SwitchingStore, watch

    from .app import create_app

    settings = settings.serving(args.host, args.port)
    spec = args.store or settings.store or settings.dist
    if isinstance(spec, Path) and not (spec / "graph.nq").is_file():
        return _fail(f"{spec}: no built graph here (run `kg build` first, or pass --store)")
    watched = None
    if args.watch:
        watched = Path(spec) / "graph.nq" if Path(spec).is_dir() else Path(spec)
        if str(spec).startswith(("http://", "https://")) or not watched.is_file():
            return _fail("--watch follows a build directory or a dump file, not a remote store")

    def opened():
        return open_store(spec, settings.workers, settings.cache_mb * 2**20)

    try:
        store = opened()
    except OSError as exc:
        return _fail(str(exc))
    stop = threading.Event()
    if watched is not None:
        store = SwitchingStore(store, grace=settings.time_limit + 5)
        threading.Thread(target=watch, args=(watched, store, opened, stop), daemon=True).start()
    url = f"http://{settings.host}:{settings.port}"
    print(f"kg: serving {spec} ({store.description})\n"
          f"kg: {url}/  ·  SPARQL {url}/sparql  ·  API {url}/api/docs  (Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        uvicorn.run(create_app(store, settings), host=settings.host, port=settings.port, log_level="warning",
                    timeout_keep_alive=KEEP_ALIVE_SECONDS)
    finally:
        stop.set()
        store.close()
    return EXIT_OK


def _run_load(args: argparse.Namespace, settings: Settings) -> int:
    from graph.remote import push

    dump = (args.graph or settings.dist) / "graph.nq"
    if not dump.is_file():
        return _fail(f"{dump}: no built graph (run `kg build` first)")
    try:
        loaded = push(dump, args.url)
    except OSError as exc:
        return _fail(str(exc))
    print(f"{args.url}: {sum(loaded.values())} triples in {len(loaded)} graphs", file=sys.stderr)
    return EXIT_OK


# --- reference ----------------------------------------------------------------------------------------------

def _run_download(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.sources import download

    directory = args.to or settings.reference
    if directory is None:
        return _fail("say where: --to DIR or $KG_REFERENCE_DIR")
    manifest = download(directory, report=lambda line: print(line, file=sys.stderr))
    failed = [entry for entry in manifest if "error" in entry]
    print(f"{directory}: {len(manifest) - len(failed)} of {len(manifest)} sources downloaded; "
          f"checksums in {directory / 'SOURCES.json'}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
