"""Stable IRIs, minted from codes and slugs (never from positions in a list), under the configured base."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import URIRef

from loaders.gazetteer import Place
from loaders.text import slugify

from .terms import Namespaces

ROLE_KEYS = {"lead": "capofila", "partner": "partner", "funder": "finanziatore", "beneficiary": "beneficiario",
             "implementer": "attuatore", "other": "altro"}
STATUS_KEYS = {"ongoing": "in-corso", "planned": "in-progettazione", "completed": "concluso"}
SNAI_CLASS_KEYS = {"A": "polo", "B": "polo-intercomunale", "C": "cintura", "D": "intermedio", "E": "periferico",
                   "F": "ultraperiferico"}
AREA_CYCLE = "2021-2027"


@dataclass(frozen=True)
class Minter:
    ns: Namespaces

    # --- instances -----------------------------------------------------------------------------------------

    def project(self, record_id: str) -> URIRef:
        return self.ns.data[f"progetto/{record_id}"]

    def cost(self, project: URIRef) -> URIRef:
        return URIRef(f"{project}/costo")

    def grant(self, project: URIRef, org_key: str) -> URIRef:
        return URIRef(f"{project}/finanziamento/{org_key}")

    def role(self, project: URIRef, org_key: str, role: str) -> URIRef:
        return URIRef(f"{project}/ruolo/{org_key}-{ROLE_KEYS[role]}")

    def attestation(self, subject: URIRef, predicate: URIRef, obj: URIRef) -> URIRef:
        digest = hashlib.sha1(f"{predicate} {obj}".encode()).hexdigest()[:12]
        return URIRef(f"{subject}/attestazione/{digest}")

    def organization(self, key: str) -> URIRef:
        return self.ns.data[f"ente/{key}"]

    def publication(self, title: str) -> URIRef:
        return self.ns.data[f"pubblicazione/{slugify(title, max_words=10)}"]

    def source(self, sha256: str) -> URIRef:
        return self.ns.data[f"fonte/{sha256[:12]}"]

    def source_text(self, sha256: str) -> URIRef:
        return self.ns.data[f"fonte/{sha256[:12]}.txt"]

    def lines(self, sha256: str, first: int, last: int) -> URIRef:
        """RFC 5147 fragment of the text rendition: lines `first`…`last` (1-based, inclusive)."""
        return URIRef(f"{self.source_text(sha256)}#line={first - 1},{last}")

    def source_graph(self, sha256: str) -> URIRef:
        return self.ns.graph[f"fonte/{sha256[:12]}"]

    @property
    def territory_graph(self) -> URIRef:
        return self.ns.graph["territori"]

    @property
    def vocabulary_graph(self) -> URIRef:
        return self.ns.graph["vocabolario"]

    @property
    def dataset(self) -> URIRef:
        return self.ns.dataset["catalogo-kg"]

    @property
    def catalog(self) -> URIRef:
        return self.ns.dataset["catalogo"]

    # --- concepts -----------------------------------------------------------------------------------------

    def role_concept(self, role: str) -> URIRef:
        return self.ns.alv[f"ruolo/{ROLE_KEYS[role]}"]

    def status(self, section: str) -> URIRef:
        return self.ns.alv[f"stato/{STATUS_KEYS[section]}"]

    def theme(self, label: str) -> URIRef:
        return self.ns.alv[f"tema/{slugify(label)}"]

    def programme(self, key: str) -> URIRef:
        return self.ns.alv[f"programma/{key}"]

    def scheme(self, name: str) -> URIRef:
        return self.ns.alv[name]

    def snai_class(self, letter: str) -> URIRef:
        return self.ns.alv[f"classificazione-aree-interne/2020/{SNAI_CLASS_KEYS[letter]}"]

    def area_kind(self, kind: str) -> URIRef:
        return self.ns.alv[f"tipo-area-interna/{kind}"]

    def organization_type(self, kind: str) -> URIRef:
        return self.ns.alv[f"tipo-ente/{kind.replace('_', '-')}"]

    def territory(self, place_id: str, place_type: str, name: str) -> URIRef:
        """The IRI of a place, from its key: a code ("comune:015146") or a slug ("estero:val-poschiavo")."""
        kind, _, key = place_id.partition(":")
        if kind == "comune":
            return self.ns.alv[f"territorio/comune/{key}"]
        if kind == "provincia":
            folder = "citta-metropolitana" if place_type == "citta_metropolitana" else "provincia"
            return self.ns.alv[f"territorio/{folder}/{key}"]
        if kind == "regione":
            return self.ns.alv[f"territorio/regione/{key}"]
        if kind == "stato":
            return self.ns.alv[f"territorio/stato/{key.lower()}"]
        if kind == "area-interna":
            return self.ns.alv[f"territorio/area-interna/{AREA_CYCLE}_{slugify(name, max_words=12)}"]
        # Other places carry a slug in their key: "estero:val-poschiavo", "comunita-montana:…", "ambito:015146".
        folder = {"estero": "estero", "area": "area", "ambito": "ambito", "comunita-montana": "comunita-montana"}
        return self.ns.alv[f"territorio/{folder.get(kind, 'altro')}/{key or slugify(name, max_words=10)}"]

    def place(self, place: Place) -> URIRef:
        return self.territory(place.id, place.type, place.name)
