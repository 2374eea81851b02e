"""Downloading the official reference sources, for users who are online (`kg reference download`).

Each file is saved under the reference directory's layout and listed in SOURCES.json with its URL, size,
SHA-256 and retrieval time, so a build can say exactly which data it used. Not exercised by the tests
(they run offline against ../shared/reference).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WIKIDATA_QUERY = """SELECT ?istat ?item WHERE {
  ?item wdt:P635 ?istat ; wdt:P31 wd:Q747074 .
  FILTER (STRSTARTS(?istat, "012") || STRSTARTS(?istat, "013") || STRSTARTS(?istat, "014") ||
          STRSTARTS(?istat, "015") || STRSTARTS(?istat, "016") || STRSTARTS(?istat, "017") ||
          STRSTARTS(?istat, "018") || STRSTARTS(?istat, "019") || STRSTARTS(?istat, "020") ||
          STRSTARTS(?istat, "097") || STRSTARTS(?istat, "098") || STRSTARTS(?istat, "108"))
}"""


@dataclass(frozen=True)
class OfficialSource:
    path: str  # where it goes inside the reference directory
    url: str
    what: str
    convert: Callable[[bytes], bytes] | None = None  # turn the download into the layout the build reads


def _wikidata_csv(data: bytes) -> bytes:
    """Wikidata's CSV answer (istat,item) → procom_t,wikidata_qid, as wikidata-comuni/ holds it."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["procom_t", "wikidata_qid", "fonte"])
    for row in sorted(rows, key=lambda r: r["istat"]):
        writer.writerow([row["istat"].zfill(6), row["item"].rsplit("/", 1)[-1], "Wikidata P635"])
    return out.getvalue().encode("utf-8")


SOURCES = (
    OfficialSource(
        "wikidata-comuni/comuni_lombardia_wikidata.csv",
        "https://query.wikidata.org/sparql?" + urllib.parse.urlencode({"query": WIKIDATA_QUERY, "format": "csv"}),
        "Wikidata items of the Lombard Comuni, by ISTAT code (P635)", _wikidata_csv),
    OfficialSource(
        "aree-interne-mappa-ai-2020/mappa-ai-2020-elenco-classificazione-comuni.xlsx",
        "https://raw.githubusercontent.com/alessandroalberti-researchunit/Aree_Interne/"
        "7200183d5d51a8fa0d2a83bc6ce633d4aaf97fb2/DATA/mappa-ai-2020-elenco-classificazione-comuni.xlsx",
        "DPCoe-NUVAP / ISTAT, Mappa aree interne 2020 (class of every Comune)"),
    OfficialSource(
        "snai-aree-progetto/08_elenco-aree-comuni.xlsx",
        "https://raw.githubusercontent.com/alessandroalberti-researchunit/Aree_Interne/"
        "7200183d5d51a8fa0d2a83bc6ce633d4aaf97fb2/DATA/08_elenco-aree-comuni.xlsx",
        "DPCoe, Comuni of the SNAI project areas 2021-2027"),
    OfficialSource(
        "istat/Elenco-comuni-italiani.csv",
        "https://www.istat.it/storage/codici-unita-amministrative/Elenco-comuni-italiani.csv",
        "ISTAT, list of Italian Comuni (codes, provinces, cadastral codes)"),
    OfficialSource(
        "confini-lombardia/limits_R_3_municipalities.topo.json",
        "https://raw.githubusercontent.com/openpolis/geojson-italy/2023.1/topojson/limits_R_3_municipalities.topo.json",
        "ISTAT boundaries of the Lombard Comuni (Openpolis, CC BY 4.0)"),
)


def download(directory: Path, fetch: Callable[[str], bytes] | None = None,
             report: Callable[[str], None] = print) -> list[dict]:
    """Fetch every official source into `directory`; returns (and writes) the manifest."""
    fetch = fetch or _http_get
    manifest = []
    for source in SOURCES:
        target = directory / source.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = fetch(source.url)
        except OSError as exc:
            report(f"{source.path}: not downloaded ({exc})")
            manifest.append({"path": source.path, "url": source.url, "error": str(exc)})
            continue
        original_sha = hashlib.sha256(data).hexdigest()
        if source.convert is not None:
            data = source.convert(data)
        target.write_bytes(data)
        manifest.append({"path": source.path, "url": source.url, "what": source.what, "bytes": len(data),
                         "sha256": hashlib.sha256(data).hexdigest(), "sha256_downloaded": original_sha,
                         "retrieved": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        report(f"{source.path}: {len(data):,} bytes, sha256 {manifest[-1]['sha256'][:16]}…")
    (directory / "SOURCES.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _http_get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "catalogo-kg (reference download)"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - fixed https URLs above
        return response.read()
