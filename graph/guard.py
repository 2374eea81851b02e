"""What a read-only public endpoint refuses before evaluating anything: federated calls outside an allow-list.

Oxigraph follows `SERVICE <url>` with real HTTP requests, so an unchecked query could make the server call
hosts on its private network. The check is lexical and errs on the side of refusing: comments, strings and IRIs
are blanked out first, so only a real `SERVICE` keyword counts, and its target must be a listed IRI.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_STRING = "|".join([
    r'"""(?:[^"\\]|\\.|"(?!""))*"""', r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",
])
_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_COMMENT = r"#[^\n]*"
_LEXEMES = re.compile(f"({_STRING})|({_IRI})|({_COMMENT})", re.DOTALL)
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])\s*(?:SILENT\s*)?(\S+)?", re.IGNORECASE)


# SPARQL lets \u escapes stand for any character before parsing; both readings are checked.
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(match: re.Match) -> str:
    return chr(int(match.group(1) or match.group(2), 16))


MAX_NESTING = 100  # brackets deep; far beyond real queries, far below what overflows the parser's stack


class Refused(ValueError):
    """A request the endpoint will not carry out, with the reason to show the client."""


class TooDeep(ValueError):
    """A query nested so deeply that parsing it could crash the query worker."""


def check_query(text: str, allowed_services: Collection[str]) -> None:
    """Raise Refused when the query calls a SERVICE that is not in `allowed_services` (exact IRIs), TooDeep when
    its brackets nest deeper than MAX_NESTING."""
    for variant in {text, _UNICODE_ESCAPE.sub(_unescape, text)}:
        _check(variant, allowed_services)


def _check(text: str, allowed_services: Collection[str]) -> None:
    iris: list[str] = []

    def blank(match: re.Match) -> str:
        if match.group(2):
            iris.append(match.group(2)[1:-1])
            return f"<{len(iris) - 1}>"
        return " " if match.group(3) else '""'

    skeleton = _LEXEMES.sub(blank, text)
    _check_nesting(skeleton)
    for found in _SERVICE.finditer(skeleton):
        target = found.group(1) or ""
        index = re.match(r"<(\d+)>", target)
        if index is None:
            raise Refused("SERVICE is only allowed with an explicit IRI from the allow-list "
                          f"({_listed(allowed_services)})")
        iri = iris[int(index.group(1))]
        if iri not in allowed_services:
            raise Refused(f"SERVICE <{iri}> is not allowed here; allowed: {_listed(allowed_services)}")


def _check_nesting(skeleton: str) -> None:
    depth = deepest = 0
    for character in skeleton:
        if character in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "})]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise TooDeep(f"the query nests {deepest} brackets deep; at most {MAX_NESTING} are accepted")


def _listed(allowed: Collection[str]) -> str:
    return ", ".join(f"<{iri}>" for iri in sorted(allowed)) or "none"
