"""Hostile input: every kind of bad file `kg extract` may be handed, and what it must do with each.

The cases are small files in fixtures/hostile/, cut from the bundled catalogue and then damaged (the table below
says how); the two large ones (a 100 MB catalogue, 10,000 generated cards) are made by the tests. For each case:

- the exit status is 1 only when no card was read (the file is not a catalogue), else 0; the one-line error
  names the file and the reason, and where the file is text the loader's diagnostics still place its lines;
- each problem is reported by a diagnostic on the line where it is;
- no card is lost (`broken_promises`): every card a reader sees is a record or lies in a diagnostic that says it
  is in no record (`card-rejected`, `unassigned-lines`), cards_found == records_written + cards_rejected, and
  every non-blank line is inside a record's or a diagnostic's line range.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.cli import main
from loaders import decode, extract

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
BUNDLED = ROOT / "data" / "catalogo-anci-lombardia.txt"

# Diagnostics that put lines outside every record: a card in one of them was seen, and said so.
NOT_IN_A_RECORD = ("card-rejected", "unassigned-lines")
CLEAN_CARDS = (3, 23, 39, 53)  # the four cards of clean-excerpt.txt: STOGIT, aree interne, giovani, SEAV


@dataclass(frozen=True)
class Case:
    file: str
    cards: tuple[int, ...] = CLEAN_CARDS  # the line where each card a reader sees begins; () when there is none
    problems: tuple[tuple[str, int], ...] = ()  # (diagnostic code, line) the loader must report
    left_out: tuple[tuple[int, str], ...] = ()  # (first line of the card, field) that must stay null, not misread
    refused: str = ""  # words of the one-line error, for a file that is not a catalogue
    like_clean: bool = False  # the same records as clean-excerpt.txt

    @property
    def id(self) -> str:
        return self.file.rsplit(".", 1)[0]


NOT_A_CATALOGUE = [
    Case("empty.txt", cards=(), refused="empty"),
    Case("whitespace-only.txt", cards=(), refused="empty"),  # spaces, tabs, CRLF and a no-break space
    Case("binary.bin", cards=(), refused="binary"),
    Case("pdf-bytes.pdf", cards=(), refused="PDF"),
    Case("zip-bytes.zip", cards=(), refused="ZIP"),  # the clean excerpt, zipped
    Case("html-page.html", cards=(), refused="no catalogue cards"),
    Case("front-matter-only.txt", cards=(), refused="no catalogue cards"),  # the presidents' letters, no section
    Case("contents-page-only.txt", cards=(), refused="no catalogue cards"),  # INDICE and its entries
    Case("section-headers-only.txt", cards=(), refused="no catalogue cards"),
]
ENCODINGS = [
    Case("clean-excerpt.txt", like_clean=True),  # the reference: 3 sections, 4 cards, no damage
    Case("utf8-bom.txt", like_clean=True),
    Case("utf16-le-bom.txt", like_clean=True),
    Case("utf16-be-bom.txt", like_clean=True),
    Case("utf16-no-bom.txt", like_clean=True),
    Case("utf16-truncated-odd-byte.txt", problems=(("undecodable-bytes", 67),), like_clean=True),
    Case("latin1.txt", like_clean=True),  # € written EUR, as Latin-1 has no euro sign
    Case("cp1252.txt", like_clean=True),
    Case("utf8-with-stray-latin1-byte.txt", problems=(("undecodable-bytes", 15),), like_clean=True),
    Case("utf8-bom-in-the-middle.txt", cards=(3, 23, 38), problems=(("control-characters", 36),)),  # two files cat'ed
    Case("crlf.txt", like_clean=True),
    Case("cr-only.txt", like_clean=True),
    Case("mixed-newlines.txt", like_clean=True),
    Case("no-final-newline.txt", like_clean=True),
    Case("no-blank-lines.txt", cards=(2, 12, 20, 27), like_clean=True),
]
STRUCTURE = [
    Case("truncated-mid-card.txt", cards=(3, 23), problems=(("unassigned-lines", 23),)),  # ends "ATTIVO DAL 27/0"
    Case("truncated-mid-sentence.txt", like_clean=True),
    Case("card-without-title.txt", cards=(3, 21, 37), problems=(("missing-title", 3), ("card-rejected", 3))),
    Case("card-without-dates.txt", cards=(3, 23, 35), left_out=((23, "start"), (23, "end"), (23, "budget_eur"))),
    Case("card-repeated-twice.txt", cards=(3, 23, 37, 59), problems=(("duplicate-card", 37),)),
    Case("section-header-without-cards.txt", cards=(3, 27), problems=(("section-header", 23),)),
    Case("sections-out-of-order.txt", cards=(3, 21, 35, 55), like_clean=True),  # completed, planned, ongoing
    Case("text-before-first-section.txt", cards=(8, 30), problems=(("unassigned-lines", 1),)),
    Case("badges-without-card.txt", cards=(7, 29), problems=(("unassigned-lines", 3),)),
    Case("title-only-at-end.txt", cards=(3, 25, 42), problems=(("unassigned-lines", 42),)),
]
FIELDS = [
    Case("impossible-date-31-02.txt", problems=(("unparsed-date", 27),), left_out=((23, "start"),)),
    Case("impossible-month-13.txt", problems=(("unparsed-date", 27),), left_out=((23, "start"),)),
    Case("year-zero.txt", problems=(("unparsed-date", 57),), left_out=((53, "start"),)),
    Case("end-before-start.txt", problems=(("end-before-start", 57),), left_out=((53, "end"),)),
    Case("amount-with-letters.txt", problems=(("unparsed-amount", 29),), left_out=((23, "budget_eur"),)),  # OCR O/0
    Case("negative-amount.txt", problems=(("unparsed-amount", 29),), left_out=((23, "budget_eur"),)),
    Case("absurd-amount-over-1e12.txt", problems=(("implausible-amount", 29),), left_out=((23, "budget_eur"),)),
    Case("misplaced-thousands-separators.txt", problems=(("unparsed-amount", 29),), left_out=((23, "budget_eur"),)),
]
CHARACTERS = [
    Case("control-characters.txt", like_clean=True,  # NUL, BEL, ESC, form feed, backspace, zero-width space
         problems=(("control-characters", 23), ("control-characters", 27), ("control-characters", 31))),
    Case("soft-hyphens-and-zero-width-spaces.txt", like_clean=True,
         problems=(("control-characters", 3), ("control-characters", 57))),
    Case("very-long-lines.txt"),  # a 3,300-character title and a 71,000-character paragraph
]
CASES = NOT_A_CATALOGUE + ENCODINGS + STRUCTURE + FIELDS + CHARACTERS
READ = [case for case in CASES if case.cards]


def cases(selected: Sequence[Case]):
    return pytest.mark.parametrize("case", selected, ids=[case.id for case in selected])


@dataclass(frozen=True)
class Outcome:
    status: int
    output: dict | None  # the JSON written with -o, None if nothing was written
    stderr: str


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """`kg extract FILE -o OUT` on a fixture, run once per fixture for all the tests that look at it."""
    out_dir = tmp_path_factory.mktemp("hostile")

    @functools.cache
    def run(file: str) -> Outcome:
        out = out_dir / f"{file}.json"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = main(["extract", str(HOSTILE / file), "-o", str(out)], environ={})
        return Outcome(status, json.loads(out.read_text(encoding="utf-8")) if out.exists() else None, err.getvalue())

    return run


def source_lines(data: bytes) -> list[str]:
    lines = decode(data).text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def broken_promises(output: dict, lines: Sequence[str] | None = None, cards: Sequence[int] = ()) -> list[str]:
    """What the JSON of `kg extract` breaks of the no-silent-drop promise (empty when it keeps it).

    A rejected card "has a diagnostic" when there are exactly cards_rejected `card-rejected` errors and none of
    them overlaps a record's lines. Given the source `lines`, every non-blank one after the table of contents
    must lie in a record's or a diagnostic's range; given the `cards` a reader sees (their first lines), each
    must be where a record starts, or inside a diagnostic that puts lines in no record.
    """
    broken = []
    summary, records, diagnostics = output["summary"], output["records"], output["diagnostics"]
    if summary["cards_found"] != summary["records_written"] + summary["cards_rejected"]:
        broken.append(f"summary does not add up: {summary}")
    if summary["records_written"] != len(records):
        broken.append(f"{summary['records_written']} records written, {len(records)} in the output")
    spans = [(r["source"]["line_start"], r["source"]["line_end"]) for r in records]
    rejected = [d for d in diagnostics if d["code"] == "card-rejected"]
    if len(rejected) != summary["cards_rejected"] or any(d["level"] != "error" for d in rejected):
        broken.append(f"{summary['cards_rejected']} cards rejected but {len(rejected)} card-rejected errors")
    for d in rejected:
        if any(start <= d["line_end"] and d["line"] <= end for start, end in spans):
            broken.append(f"rejected card at line {d['line']} overlaps a record")
    total = output["source"]["lines"]
    for d in diagnostics:
        if not 1 <= d["line"] <= d["line_end"] <= max(total, 1) or not d["message"]:
            broken.append(f"diagnostic names no line of the file, or says nothing: {d}")
    starts = {start for start, _ in spans}
    outside = [(d["line"], d["line_end"]) for d in diagnostics if d["code"] in NOT_IN_A_RECORD]
    for line in cards:
        if line not in starts and not any(a <= line <= b for a, b in outside):
            broken.append(f"the card at line {line} is neither a record nor in a diagnostic")
    if lines is not None:
        covered = bytearray(total + 2)
        for a, b in [*spans, *((d["line"], d["line_end"]) for d in diagnostics)]:
            covered[a:b + 1] = b"\x01" * (b + 1 - a)
        contents = output["source"]["contents"]
        first = contents["line_end"] + 1 if contents else 1
        missing = [n for n in range(first, total + 1) if lines[n - 1].strip() and not covered[n]]
        if missing:
            broken.append(f"{len(missing)} lines in no record and no diagnostic, from line {missing[0]}")
    return broken


@cases(CASES)
def test_hostile_input_exits_1_only_when_no_card_was_read(cli, case):
    outcome = cli(case.file)
    if case.cards:
        assert outcome.status == 0, outcome.stderr
        assert outcome.output["records"], "exit status 0 with nothing usable"
    else:
        assert outcome.status == 1 and outcome.output is None
        assert outcome.stderr.startswith("kg: error: ") and outcome.stderr.count("\n") == 1, outcome.stderr
        assert case.file in outcome.stderr and case.refused in outcome.stderr


@cases([case for case in NOT_A_CATALOGUE if case.refused == "no catalogue cards"])
def test_hostile_text_without_cards_has_each_line_in_a_diagnostic(knowledge, case):
    data = (HOSTILE / case.file).read_bytes()
    output = extract(data, name=case.file, knowledge=knowledge).to_dict()
    assert output["summary"]["cards_found"] == 0 and output["diagnostics"]
    assert broken_promises(output, source_lines(data)) == []


@cases(READ)
def test_hostile_input_keeps_every_card(cli, case):
    output = cli(case.file).output
    assert broken_promises(output, source_lines((HOSTILE / case.file).read_bytes()), case.cards) == []
    seen = sorted([r["source"]["line_start"] for r in output["records"]]
                  + [d["line"] for d in output["diagnostics"] if d["code"] == "card-rejected"])
    unassigned = [(d["line"], d["line_end"]) for d in output["diagnostics"] if d["code"] == "unassigned-lines"]
    # the loader's cards are the reader's, bar those it reports as lines in no card
    assert seen == [line for line in case.cards if not any(a <= line <= b for a, b in unassigned)]


@cases([case for case in CASES if case.problems])
def test_hostile_input_reports_each_problem_at_its_line(cli, case):
    reported = {(d["code"], d["line"]) for d in cli(case.file).output["diagnostics"]}
    assert set(case.problems) <= reported


@cases([case for case in READ if case.left_out])
def test_hostile_field_values_are_left_out_not_misread(cli, case):
    records = {r["source"]["line_start"]: r for r in cli(case.file).output["records"]}
    assert {(line, field): records[line][field] for line, field in case.left_out} == dict.fromkeys(case.left_out)


@cases([case for case in READ if case.like_clean and case.file != "clean-excerpt.txt"])
def test_hostile_encoding_or_damage_leaves_the_records_as_in_the_clean_file(cli, case):
    def facts(file: str) -> list[tuple]:
        fields = ("id", "section", "kind", "theme", "start", "end", "budget_eur")
        return sorted(tuple(r[f] for f in fields) for r in cli(file).output["records"])

    assert facts(case.file) == facts("clean-excerpt.txt")


# --- large inputs, made here rather than committed ----------------------------------------------------------

# Runs `kg extract` in a child process and prints, as one JSON line: the exit status, the seconds it took, the
# peak resident memory before and after, and what the output breaks of the promise (checked after the peak).
_MEASURED = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, "tests")
    from api.cli import main
    from test_hostile_catalogue import broken_promises, source_lines

    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, in KiB on Linux
    path, out, cards = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit
    start = time.perf_counter()
    status = main(["extract", path, "-o", out], environ={})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit
    with open(out, encoding="utf-8") as f:
        output = json.load(f)
    with open(path, "rb") as f:
        broken = broken_promises(output, source_lines(f.read()), cards)
    print(json.dumps({"status": status, "seconds": seconds, "rss_before": before, "rss_peak": peak,
                      "summary": output["summary"], "broken": broken[:10],
                      "diagnostics": [(d["code"], d["line"]) for d in output["diagnostics"]]}))
""")


def measured_extract(path: Path, out: Path, cards: Sequence[int] = (), timeout: float = 1800) -> dict:
    run = subprocess.run([sys.executable, "-c", _MEASURED, str(path), str(out), json.dumps(list(cards))],
                         cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    mb = 2**20
    print(f"{path.name}: {path.stat().st_size / mb:.0f} MB, {result['summary']}, {result['seconds']:.0f} s, "
          f"peak RSS {result['rss_peak'] / mb:.0f} MB (+{(result['rss_peak'] - result['rss_before']) / mb:.0f} MB)")
    return result


def test_100_mb_catalogue_is_read_in_bounded_memory_and_time(tmp_path):
    catalogue = BUNDLED.read_bytes()
    path = tmp_path / "catalogo-100mb.txt"
    with path.open("wb") as f:
        for _ in range(-(-100 * 2**20 // len(catalogue))):  # the bundled catalogue, end to end, up to 100 MB
            f.write(catalogue)
    result = measured_extract(path, tmp_path / "out.json")
    assert result["status"] == 0
    assert result["broken"] == []
    assert result["summary"]["records_written"] >= 75 * 680
    assert result["rss_peak"] < 1.5 * 2**30, "more than 1.5 GB of memory for a 100 MB file"
    assert result["seconds"] < 1200, "more than 20 minutes for a 100 MB file"


THEMES = ("AMBIENTE", "WELFARE", "EUROPA", "PICCOLI COMUNI", "SVILUPPO LOCALE AREE INTERNE")


def generated_catalogue(count: int) -> tuple[str, list[int], list[tuple[str, int]]]:
    """A catalogue of `count` cards in the bundled layout, with a known problem planted in 3 cards in 20.

    Returns the text, the first line of each card, and the (code, line) of each planted problem.
    """
    out: list[str] = []
    cards: list[int] = []
    problems: list[tuple[str, int]] = []

    def put(*texts: str) -> list[int]:
        """Append each text and a blank line; the line number of each text."""
        numbers = [len(out) + 1 + 2 * k for k in range(len(texts))]
        out.extend(line for text in texts for line in (text, ""))
        return numbers

    headers = {0: "COSA STIAMO FACENDO", count // 2: "IN PROGETTAZIONE", count * 6 // 10: "COSA ABBIAMO FATTO"}
    for n in range(count):
        if n in headers:
            put(headers[n])
        planted = n % 20
        title = f"COMPENSAZIONI AMBIENTALI {n + 1} - CONCESSIONI STOGIT"
        theme = THEMES[n % len(THEMES)]
        status = f"ATTIVO DAL {'31/02' if planted == 5 else f'{n % 28 + 1:02d}/{n % 12 + 1:02d}'}/{2015 + n % 10}"
        amount = f"{(n + 1) * 1250:,}.00".replace(",", "_").replace(".", ",").replace("_", ".") + " €"
        if planted == 10:
            amount = amount.replace("0", "O")  # the OCR read the zeros as letters
        if planted == 15:  # no title: the card starts at its theme label, and nothing names it
            first, status_line, amount_line = put(theme, status, amount)
            problems.append(("card-rejected", first))
        else:
            first, _, status_line, amount_line = put(title, theme, status, amount)
        cards.append(first)
        if planted == 5:
            problems.append(("unparsed-date", status_line))
        elif planted == 10:
            problems.append(("unparsed-amount", amount_line))
        put(f"Azioni coordinate dei Comuni lombardi coinvolti nelle opere di compensazione ambientale, lotto {n + 1}",
            "A fronte delle attività di compensazione e riequilibrio ambientale, ANCI Lombardia e Regione Lombardia "
            f"hanno attuato un Protocollo di Collaborazione Interistituzionale con {n % 7 + 2} Comuni.")
    return "\n".join(out) + "\n", cards, problems


def test_10000_generated_cards_each_become_a_record_or_a_diagnostic(tmp_path):
    text, cards, problems = generated_catalogue(10_000)
    path = tmp_path / "diecimila-schede.txt"
    path.write_text(text, encoding="utf-8")
    result = measured_extract(path, tmp_path / "out.json", cards)
    assert result["status"] == 0
    assert result["broken"] == []
    rejected = sum(code == "card-rejected" for code, _ in problems)
    assert result["summary"] == {"cards_found": 10_000, "records_written": 10_000 - rejected,
                                 "cards_rejected": rejected}
    assert set(map(tuple, problems)) <= set(map(tuple, result["diagnostics"]))
    assert result["rss_peak"] < 1.5 * 2**30 and result["seconds"] < 600


def test_generated_catalogue_plants_what_it_says():
    text, cards, problems = generated_catalogue(40)
    lines = text.split("\n")
    assert [lines[n - 1] for n in cards[:2]] == ["COMPENSAZIONI AMBIENTALI 1 - CONCESSIONI STOGIT",
                                                 "COMPENSAZIONI AMBIENTALI 2 - CONCESSIONI STOGIT"]
    assert [(code, lines[n - 1]) for code, n in problems] == [
        ("unparsed-date", "ATTIVO DAL 31/02/2020"), ("unparsed-amount", "13.75O,OO €"), ("card-rejected", "AMBIENTE"),
        ("unparsed-date", "ATTIVO DAL 31/02/2020"), ("unparsed-amount", "38.75O,OO €"), ("card-rejected", "AMBIENTE"),
    ]
