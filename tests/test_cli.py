"""The `kg` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from api.cli import main

MINI = Path(__file__).resolve().parent / "fixtures" / "mini" / "catalogue.txt"


def test_help_lists_every_command(capsys):
    assert main([], environ={}) == 2
    out = capsys.readouterr().out
    assert "extract" in out


def test_console_script_is_installed():
    kg = Path(sys.executable).parent / "kg"
    run = subprocess.run([str(kg), "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "extract" in run.stdout


def test_extract_defaults_to_the_bundled_catalogue(capsys):
    assert main(["extract"], environ={}) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["records"]) == 75
    assert "75 cards found, 75 records written, 0 cards rejected" in captured.err


def test_extract_input_from_the_environment(capsys):
    assert main(["extract", "--format", "table"], environ={"KG_CATALOGUE": str(MINI)}) == 0
    out = capsys.readouterr().out
    assert "Rete dei sentieri delle valli" in out
    assert out.rstrip().endswith("6 cards found, 6 records written, 0 cards rejected; diagnostics: 1 warning, 13 info")


def test_table_shows_warnings_with_their_lines(capsys):
    assert main(["extract", str(MINI), "--format", "table"], environ={}) == 0
    assert "line 78: warning: card has no title line" in capsys.readouterr().out


def test_output_file(tmp_path, capsys):
    out = tmp_path / "records.json"
    assert main(["extract", str(MINI), "-o", str(out)], environ={}) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["source"]["name"] == "catalogue.txt"
    assert capsys.readouterr().out == ""


def test_a_text_without_cards_is_an_error(tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text("Gentile Sindaco,\n\nle scriviamo per invitarla al convegno di marzo.\n", encoding="utf-8")
    assert main(["extract", str(path)], environ={}) == 1
    assert "no catalogue cards found" in capsys.readouterr().err
