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


@pytest.mark.shared
@pytest.mark.parametrize("gold", EDITIONS, ids=[g.parent.name for g in EDITIONS])
def test_editions_not_seen_while_writing_the_loader(shared_dir, tmp_path, gold):
    predicted = kg_extract(gold.parent / "catalogue.txt", tmp_path / "o.json")
    result = score(shared_dir, gold, predicted)
    assert result["cards"]["f1"] >= 0.95
    assert result["score"] >= 0.85, result
