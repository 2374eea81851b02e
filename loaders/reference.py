"""Reference data about Lombardy's territory (aree interne, SNAI classes, Wikidata IDs, population), read from a
directory the user configures. Missing files are not an error: what could not be read is listed in `skipped`."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

# Where each data set sits inside the reference directory (the layout of ../shared/reference).
AREE_INTERNE = Path("lombardia-aree-interne-regionali/aree_interne_lombardia_evidence.csv")
AREE_NAMES = Path("lombardia-aree-interne-regionali/summary.csv")
SNAI_CLASSES = Path("aree-interne-mappa-ai-2020/mappa_ai_2020_lombardia.csv")
WIKIDATA_COMUNI = Path("wikidata-comuni/comuni_lombardia_wikidata.csv")
WIKIDATA_OTHER = Path("wikidata-comuni/altri_qid_verificati.csv")
POPULATION = Path("popolazione-comuni/popolazione_lombardia_2022_2023.csv")


@dataclass(frozen=True)
class Membership:
    """A Comune's place in one of the 14 aree interne, and how the source supports it."""

    area: int  # the area's number in the regional strategy
    istat_code: str
    comune: str
    evidence: str  # e.g. snai_2021_2027_list, listed_in_source, inferred_count_and_population
    note: str

    @property
    def inferred(self) -> bool:
        return self.evidence.startswith("inferred")


@dataclass(frozen=True)
class Reference:
    directory: Path | None
    memberships: tuple[Membership, ...] = ()
    area_official_names: dict[int, str] | None = None  # area number → name in the regional list
    snai_classes: dict[str, str] | None = None  # ISTAT code → class letter A…F (Mappa AI 2020)
    wikidata: dict[str, str] | None = None  # ISTAT code → QID, confirmed by the ISTAT code (P635)
    verified: dict[str, str] | None = None  # other verified QIDs: "Lombardia (regione)" → Q1210 …
    population: dict[str, int] | None = None  # ISTAT code → residents on 1 January 2023
    files: tuple[tuple[str, str], ...] = ()  # (path inside the directory, sha256) of every file read
    skipped: tuple[str, ...] = ()  # what could not be enriched, in words

    def qid(self, label: str) -> str | None:
        return (self.verified or {}).get(label)


def read_reference(directory: Path | None) -> Reference:
    """Everything available in `directory`; with no directory, an empty reference that says what it lacks."""
    if directory is None:
        return Reference(None, skipped=("no reference directory given (--reference or KG_REFERENCE_DIR): "
                                        "aree interne memberships, SNAI classes, Wikidata links and population "
                                        "are left out",))
    if not directory.is_dir():
        return Reference(directory, skipped=(f"reference directory {directory} does not exist: aree interne "
                                             "memberships, SNAI classes, Wikidata links and population are left out",))
    files: list[tuple[str, str]] = []
    skipped: list[str] = []

    def rows(relative: Path, what: str) -> list[dict[str, str]]:
        path = directory / relative
        if not path.is_file():
            skipped.append(f"{relative} not found: {what} left out")
            return []
        files.append((relative.as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()))
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    memberships = tuple(
        Membership(area=int(r["area_id"]), istat_code=r["istat_code"], comune=r["comune"],
                   evidence=r.get("evidence", ""), note=r.get("note", ""))
        for r in rows(AREE_INTERNE, "aree interne memberships"))
    names = {int(r["area_id"]): r["area_name"] for r in rows(AREE_NAMES, "official names of the aree interne")}
    classes = {r["procom_t"]: r["cod_ai_2020"] for r in rows(SNAI_CLASSES, "SNAI 2020 classes of the Comuni")
               if r.get("cod_ai_2020")}
    wikidata = {r["procom_t"]: r["wikidata_qid"] for r in rows(WIKIDATA_COMUNI, "Wikidata links of the Comuni")
                if r.get("wikidata_qid", "").startswith("Q")}
    verified = {r["entita"]: r["wikidata_qid"] for r in rows(WIKIDATA_OTHER, "Wikidata links of region and country")}
    population = {r["procom_t"]: int(r["totale_2023"]) for r in rows(POPULATION, "population of the Comuni")
                  if r.get("totale_2023", "").isdigit()}
    return Reference(directory, memberships, names or None, classes or None, wikidata or None, verified or None,
                     population or None, tuple(files), tuple(skipped))

