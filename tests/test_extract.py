"""The whole loader on the bundled catalogue and on the hand-written one (golden records)."""

from __future__ import annotations

import json
from pathlib import Path

from loaders import extract

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORD_KEYS = ["id", "title", "section", "kind", "theme", "start", "end", "status_text", "budget_eur", "budget_raw",
               "ancilab", "organizations", "programmes", "territories", "publications", "source"]


def covered_lines(result) -> set[int]:
    covered = set()
    for record in result.records:
        covered.update(range(record.line_start, record.line_end + 1))
    for d in result.diagnostics:
        covered.update(range(d.line, (d.line_end or d.line) + 1))
    return covered


def test_every_line_after_the_contents_belongs_to_a_card_or_a_diagnostic(bundled, bundled_bytes):
    lines = bundled_bytes.decode("utf-8").split("\n")
    assert bundled.source.contents is not None
    start = bundled.source.contents[1] + 1
    covered = covered_lines(bundled)
    missing = [n for n in range(start, len(lines) + 1) if lines[n - 1].strip() and n not in covered]
    assert missing == []


def test_bundled_catalogue_counts(bundled):
    assert bundled.cards_found == 75
    assert len(bundled.records) == 75 and bundled.rejected == ()
    sections = [r.section for r in bundled.records]
    assert (sections.count("ongoing"), sections.count("planned"), sections.count("completed")) == (40, 6, 29)
    kinds = [r.kind for r in bundled.records]
    assert (kinds.count("project"), kinds.count("service")) == (58, 17)


def test_json_contract(bundled):
    data = bundled.to_dict()
    assert set(data) >= {"source", "records", "diagnostics"}
    for record in data["records"]:
        assert list(record) == RECORD_KEYS
        assert set(record["source"]) == {"line_start", "line_end"}
        for org in record["organizations"]:
            assert {"name", "roles", "evidence"} <= set(org)
            assert set(org["roles"]) <= {"funder", "partner", "lead", "beneficiary", "other"}
            assert org["name"] not in ("ANCI Lombardia", "AnciLab")
        for territory in record["territories"]:
            assert territory["type"] in {"comune", "provincia", "citta_metropolitana", "regione", "area_interna",
                                         "comunita_montana", "ambito", "stato", "area_estera", "altro"}
    for diagnostic in data["diagnostics"]:
        assert diagnostic["line"] >= 1 and diagnostic["message"]


def test_ids_are_unique_and_stable(bundled, knowledge, bundled_bytes):
    ids = [r.id for r in bundled.records]
    assert len(set(ids)) == len(ids)
    again = extract(bundled_bytes, name="again", knowledge=knowledge)
    assert [r.id for r in again.records] == ids


def test_the_same_catalogue_in_other_encodings_gives_the_same_records(bundled, bundled_bytes, knowledge):
    text = bundled_bytes.decode("utf-8")
    for data in (text.replace("\n", "\r\n").encode("utf-16"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        other = extract(data, name="other", knowledge=knowledge)
        assert [r.to_dict() for r in other.records] == [r.to_dict() for r in bundled.records]


def test_golden_records_of_the_hand_written_catalogue(knowledge, update_golden):
    case = FIXTURES / "mini"
    result = extract((case / "catalogue.txt").read_bytes(), name="catalogue.txt", knowledge=knowledge).to_dict()
    result["source"].pop("sha256")
    golden = case / "records.json"
    if update_golden:
        golden.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert result == json.loads(golden.read_text(encoding="utf-8"))
