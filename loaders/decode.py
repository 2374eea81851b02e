"""Bytes → text: detect the encoding and line endings, refuse what is not text."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

REPLACEMENT = "\ufffd"  # what an undecodable byte becomes; the loader reports the lines that have one


class UnreadableInput(ValueError):
    """The input is not a text catalogue (empty, binary, or another kind of file)."""


@dataclass(frozen=True)
class DecodedText:
    text: str  # with "\n" line endings only
    encoding: str
    newline: str  # "LF", "CRLF", "CR" or "mixed"


# Magic numbers of file kinds people drop in by mistake instead of the text export.
_SIGNATURES = (
    (b"%PDF", "a PDF file (export it to text first)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.xlsx document)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> DecodedText:
    """Decode a catalogue file, whatever its encoding and line endings.

    >>> decode("Città\\r\\nAttivo".encode("utf-16")).text
    'Città\\nAttivo'
    >>> decode("Città".encode("latin-1")).encoding
    'cp1252'
    """
    if not data.strip():
        raise UnreadableInput("the file is empty")
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise UnreadableInput(f"this is {kind}, not a text catalogue")
    text, encoding = _decode_bytes(data)
    if not text.strip():
        raise UnreadableInput("the file is empty")  # only spaces, in an encoding the byte test above missed
    if _looks_binary(text):
        raise UnreadableInput("the file holds binary data, not text")
    newline = _newline_style(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=encoding, newline=newline)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _mostly_valid(data[len(bom):], encoding)
            if text is None:
                raise UnreadableInput(f"the file starts like {encoding} but is not valid {encoding}")
            return text, encoding + "-bom" if encoding == "utf-8" else encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _mostly_valid(data, utf16)
        if text is None:
            raise UnreadableInput(f"the file looks like {utf16} but is not valid {utf16}")
        return text, utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few stray bytes (a pasted Latin-1 word, a cut download) is still UTF-8: read as
    # Windows-1252 it would garble every accent and euro sign, so only the stray bytes become U+FFFD.
    text = _mostly_valid(data, "utf-8")
    if text is not None:
        stray = text.count(REPLACEMENT)
        if sum(not ch.isascii() for ch in text) - stray > 10 * stray:
            return text, "utf-8"
    # Single-byte Western encodings: cp1252 is a superset of Latin-1 for printable text.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _mostly_valid(data: bytes, encoding: str) -> str | None:
    """The text with undecodable bytes as U+FFFD (a file cut mid-character), or None if they are more than a few."""
    text = data.decode(encoding, errors="replace")
    return text if text.count(REPLACEMENT) <= max(3, len(text) // 1000) else None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of ASCII-heavy text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    control = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f")
    letters = sum(1 for ch in sample if ch.isalpha())
    return control > 0.02 * len(sample) or letters < 0.3 * len(sample.replace(" ", "").replace("\n", "") or "x")


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    styles = [name for name, count in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if count]
    if len(styles) > 1:
        return "mixed"
    return styles[0] if styles else "LF"
