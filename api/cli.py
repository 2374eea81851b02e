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

from .settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env(environ)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    return args.run(args, settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="catalogo-kg: ANCI Lombardia's catalogue of projects as a knowledge graph.",
    )
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    ext = commands.add_parser(
        "extract", help="read the catalogue text into records (JSON or a table)",
        description="Segment the catalogue into cards and parse each into a record. The summary (cards found, "
                    "records written, cards rejected) goes to standard error with JSON, at the end with a table.",
    )
    ext.add_argument("file", nargs="?", type=Path,
                     help="catalogue text (default: the bundled catalogue, or $KG_CATALOGUE)")
    ext.add_argument("--format", choices=("json", "table"), default="json", help="output format (default: json)")
    ext.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    ext.set_defaults(run=_run_extract)
    return parser


def _run_extract(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file or settings.catalogue
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _fail(f"{path}: cannot read: {exc.strerror or exc}")
    try:
        result = extract(data, name=path.name, knowledge=load_knowledge())
    except UnreadableInput as exc:
        return _fail(f"{path}: {exc}")
    if not result.cards_found:
        return _fail(f"{path}: no catalogue cards found (no section header such as 'COSA STIAMO FACENDO' "
                     "followed by titled cards)")
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
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    out = []
    for row in rows:
        cells = [cell.rjust(width) if i in (5, 6, 7, 8) else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row[:-1], widths, strict=True))]
        out.append("  ".join([*cells, row[-1]]).rstrip())
    worth_reading = [d for d in result.diagnostics if d.level != "info"]
    if worth_reading:
        out.append("")
        out.extend(str(d) for d in sorted(worth_reading, key=lambda d: d.line))
    out.append("")
    out.append(_summary(result))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
