"""Other encodings and line endings are read; what is not a text catalogue is refused in one line."""

from __future__ import annotations

import codecs
import random
import subprocess
import sys

import pytest

from api.cli import main
from loaders import UnreadableInput, decode

SAMPLE = "COSA STIAMO FACENDO\n\nCITTÀ E COMUNITÀ\n\nATTIVO DAL 01/02/2024\n\nAttività per la città di Cantù.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-bom"),
        (SAMPLE.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM at all
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("latin-1"), "cp1252"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(data, encoding):
    decoded = decode(data)
    assert decoded.text == SAMPLE
    assert decoded.encoding == encoding


@pytest.mark.parametrize(("newline", "style"), [("\r\n", "CRLF"), ("\r", "CR"), ("\n", "LF")])
def test_line_endings_become_newlines(newline, style):
    decoded = decode(SAMPLE.replace("\n", newline).encode("utf-8"))
    assert decoded.text == SAMPLE
    assert decoded.newline == style


def _random_bytes(size: int = 4096) -> bytes:
    return random.Random(7).randbytes(size)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "ZIP"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),
        (_random_bytes(), "binary"),
    ],
)
def test_garbage_is_refused(data, reason):
    with pytest.raises(UnreadableInput, match=reason):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 garbage", _random_bytes(), b"just some words\nnothing else\n"])
def test_cli_says_one_line_and_fails(tmp_path, capsys, data):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    assert main(["extract", str(path)], environ={}) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and err.count("\n") == 1, err


def test_cli_garbage_gives_no_traceback(tmp_path):
    path = tmp_path / "archive.zip"
    path.write_bytes(b"PK\x03\x04" + _random_bytes(200))
    run = subprocess.run([sys.executable, "-m", "api.cli", "extract", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().startswith("kg: error:") and "ZIP" in run.stderr


def test_missing_file_is_one_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt")], environ={}) == 1
    assert capsys.readouterr().err.startswith("kg: error: ")
