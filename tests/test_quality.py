"""The loader against hand-checked answer keys, scored by the shared scorer (../shared/tools)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main

EDITIONS = sorted((Path(__file__).resolve().parent / "fixtures" / "editions").glob("*/gold.json"))


def score(shared_dir: Path, gold: Path, predicted: Path) -> dict:
    run = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_extraction.py"), str(gold),
                          str(predicted)], capture_output=True, text=True, check=True)
    return json.loads(run.stdout[:run.stdout.rindex("score:")])


def kg_extract(catalogue: Path, out: Path) -> Path:
    assert main(["extract", str(catalogue), "--format", "json", "--output", str(out)], environ={}) == 0
    return out


@pytest.mark.shared
def test_bundled_catalogue_meets_the_bar(shared_dir, tmp_path):
    catalogue = Path(__file__).resolve().parent.parent / "data" / "catalogo-anci-lombardia.txt"
    result = score(shared_dir, shared_dir / "gold" / "catalogo.gold.json", kg_extract(catalogue, tmp_path / "o.json"))
    assert result["cards"]["f1"] == 1.0
    low = {field: value for field, value in result["fields"].items() if value < 0.97}
    assert not low, f"fields under 0.97: {low}"
    for part in ("organizations", "funders", "programmes", "territories"):
        assert result[part]["f1"] >= 0.95, (part, result[part])
    assert result["score"] >= 0.98


# Each blind edition's figures (score; organisations, funders, programmes, territories F1) as measured after the
# general fixes, rounded down: tests/fixtures/editions/README.md gives the first run and explains what is left.
# A change that costs more than 0.01 of the score or 0.03 of a part fails here.
MEASURED = {
    "edizione-2025": (0.98, 0.95, 1.00, 1.00, 0.95),
    "edizione-2026": (0.97, 0.99, 0.95, 1.00, 0.91),
    "edizione-2027": (0.94, 0.93, 1.00, 0.82, 0.92),
    "edizione-2028": (0.96, 0.94, 0.95, 0.95, 0.96),
    "edizione-2029": (0.96, 0.98, 1.00, 0.83, 0.97),
    "edizione-2031": (0.85, 0.82, 0.76, 0.69, 0.87),
    "edizione-2032": (0.87, 0.84, 0.80, 0.80, 0.82),
}
PARTS = ("organizations", "funders", "programmes", "territories")
# The held-out edition is not scored here: it was run once, at the end, as the figure for editions nobody tuned on.
TUNED = [g for g in EDITIONS if g.parent.name in MEASURED]


def test_every_edition_but_the_held_out_one_has_its_bar():
    assert {g.parent.name for g in EDITIONS} - set(MEASURED) == {"edizione-2030-holdout"}


@pytest.mark.shared
@pytest.mark.parametrize("gold", TUNED, ids=[g.parent.name for g in TUNED])
def test_editions_not_seen_while_writing_the_loader(shared_dir, tmp_path, gold):
    predicted = kg_extract(gold.parent / "catalogue.txt", tmp_path / "o.json")
    result = score(shared_dir, gold, predicted)
    assert result["cards"]["f1"] >= 0.95
    bar, *parts = MEASURED[gold.parent.name]
    assert result["score"] >= bar - 0.01, result
    for part, floor in zip(PARTS, parts, strict=True):
        assert result[part]["f1"] >= floor - 0.03, (part, result[part])
