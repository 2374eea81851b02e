"""Synthetic graphs in our own vocabulary, of any size, deterministic by seed, for the benchmarks.

A real build is the template: it is copied whole, then every activity of the bundled catalogue (its roles,
grants, costs, attestations, provenance) is cloned under new IRIs until the graph has the size asked for. Each clone
gets its partners from a pool of organisations drawn with a Zipf-like law (a few recur everywhere, most once),
and its Comuni from the 1,502 real ones, so the territory graph, the aree interne and every canonical query
work on it exactly as on the real graph.

    .venv/bin/python -m bench.synthetic --triples 1000000 --out /tmp/synthetic-1m.nq [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from ontology import DEFAULT_BASE

_ACTIVITY = re.compile(r"^<" + re.escape(DEFAULT_BASE) + r"data/progetto/([^/>]+)")
_ORGANIZATION = re.compile(r"^<" + re.escape(DEFAULT_BASE) + r"data/ente/([^/>]+)>")
_ORGANIZATION_ANYWHERE = re.compile(re.escape(DEFAULT_BASE) + r"data/ente/([^/>]+)(?=[>/])")
_COMUNE = re.compile(re.escape(DEFAULT_BASE) + r"controlled-vocabulary/territorio/comune/(\d{6})>")
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_NAMES = ("<http://www.w3.org/2000/01/rdf-schema#label>", "<https://w3id.org/italia/onto/COV/legalName>",
          "<http://www.w3.org/2004/02/skos/core#altLabel>", "<http://schema.org/name>")
_SOURCE_GRAPH = re.compile(r"<" + re.escape(DEFAULT_BASE) + r"graph/fonte/[^>]+> \.$")


@dataclass(frozen=True)
class Template:
    shared: list[str]  # written once: territories, vocabulary, the source document, publications
    activities: dict[str, list[str]]  # activity id → the lines about it and its own nodes
    organizations: dict[str, list[str]]  # organisation key → the lines about it (all written once, then clones)
    comuni: list[str]  # every Comune code in the territory graph


def read_template(dump: Path) -> Template:
    shared, activities, organizations, comuni = [], defaultdict(list), defaultdict(list), set()
    for line in dump.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        comuni.update(_COMUNE.findall(line))
        in_source = _SOURCE_GRAPH.search(line) is not None
        if in_source and (found := _ACTIVITY.match(line)):
            activities[found.group(1)].append(line)
        elif in_source and (found := _ORGANIZATION.match(line)):
            organizations[found.group(1)].append(line)
        else:
            shared.append(line)
    return Template(shared, dict(activities), dict(organizations), sorted(comuni))


def generate(template: Template, triples: int, seed: int, out: Path) -> dict[str, int]:
    """Write at least `triples` quads to `out`; returns what was made."""
    rng = random.Random(seed)
    keys = sorted(template.organizations)
    ids = sorted(template.activities)
    per_activity = sum(len(lines) for lines in template.activities.values()) / len(ids)
    clones = max(1, int((triples - len(template.shared)) / (per_activity * 1.25)))
    pool = max(len(keys), clones)  # organisations to draw partners from
    weights = list(accumulate(1 / (rank ** 1.1) for rank in range(1, pool + 1)))
    written, made_orgs = 0, set()
    with out.open("w", encoding="utf-8") as stream:
        for line in template.shared + [line for lines in template.organizations.values() for line in lines]:
            stream.write(line + "\n")
            written += 1
        clone = 0
        while written < triples:
            source_id = ids[clone % len(ids)]
            lines, partners = _clone(template, source_id, clone, lambda: _draw(rng, weights, pool, keys), rng)
            stream.writelines(line + "\n" for line in lines)
            written += len(lines)
            for original, key in partners.items():
                if key in made_orgs or key in template.organizations:
                    continue
                made_orgs.add(key)
                for line in template.organizations.get(original, []):
                    line = line.replace(f"data/ente/{original}>", f"data/ente/{key}>")
                    if line.split(" ", 2)[1] in _NAMES:
                        line = re.sub(r'"(.*)"@', rf'"Ente sintetico {key[1:]}"@', line, count=1)
                    stream.write(line + "\n")
                    written += 1
            clone += 1
    return {"quads": written, "activities": clone, "organizations": len(keys) + len(made_orgs)}


def _draw(rng: random.Random, weights: list[float], pool: int, keys: list[str]) -> str:
    """An organisation key: the real ones are the most frequent ranks, synthetic ones ("s<rank>") the tail."""
    rank = rng.choices(range(pool), cum_weights=weights)[0]
    return keys[rank] if rank < len(keys) else f"s{rank}"


def _clone(template: Template, source_id: str, clone: int, draw, rng: random.Random
           ) -> tuple[list[str], dict[str, str]]:
    """The lines of one activity under a new IRI, with partners drawn anew and Comuni picked at random.

    The first round of clones is the real catalogue itself, so every example query finds what it looks for.
    """
    if clone < len(template.activities):
        return template.activities[source_id], {}
    new_id = f"{source_id}-s{clone}"
    partners: dict[str, str] = {}
    places: dict[str, str] = {}

    def partner(match: re.Match) -> str:
        if match.group(1) not in partners:
            partners[match.group(1)] = draw()
        return f"{DEFAULT_BASE}data/ente/{partners[match.group(1)]}"

    def comune(match: re.Match) -> str:
        code = places.setdefault(match.group(1), rng.choice(template.comuni))
        return f"{DEFAULT_BASE}controlled-vocabulary/territorio/comune/{code}>"

    lines = []
    for line in template.activities[source_id]:
        line = line.replace(f"data/progetto/{source_id}>", f"data/progetto/{new_id}>")
        line = line.replace(f"data/progetto/{source_id}/", f"data/progetto/{new_id}/")
        line = _COMUNE.sub(comune, _ORGANIZATION_ANYWHERE.sub(partner, line))
        if line.split(" ", 2)[1] == _LABEL and line.startswith(f"<{DEFAULT_BASE}data/progetto/{new_id}> "):
            line = line.replace('"@', f' · {clone}"@', 1)
        lines.append(line)
    return lines, partners


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--template", type=Path, default=Path("dist/graph.nq"), help="a build's graph.nq")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    made = generate(read_template(args.template), args.triples, args.seed, args.out)
    print(f"{args.out}: " + ", ".join(f"{value:,} {name}" for name, value in made.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
