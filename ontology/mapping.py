"""Stage 3: records → triples. Every project and every link carries the catalogue lines and words behind it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from loaders.gazetteer import Place
from loaders.knowledge import Knowledge
from loaders.model import Finding, Organization, Programme, Record, Territory
from loaders.registry import Entity
from loaders.text import slugify

from .families import FAMILIES, family_of
from .iris import Minter
from .terms import CLV, COV, EU_AUTHORITY, FRAPO, PRJ, RO, SCHEMA, WD, Namespaces
from .territory import Triple

# Registry types of organisations that are public administrations (COV PublicOrganization); the rest are
# private bodies unless unknown.
PUBLIC_TYPES = frozenset({
    "regione", "organo_regionale", "ente_regionale", "comune", "provincia", "amministrazione_centrale",
    "ministero", "agenzia_nazionale", "autorita", "ente_pubblico", "scuola", "istituzione_ue", "organo_consultivo",
    "sistema_camerale", "azienda_sanitaria", "associazione_enti_locali", "ente_pubblico_locale",
})
PRIVATE_TYPES = frozenset({
    "fondazione", "impresa", "associazione", "associazione_imprese", "ente_terzo_settore", "sindacato",
    "societa_in_house", "rete",
})
# Place-based bodies (Comune di X): the kind of body, by the type of the place it is named after.
INSTITUTION_TYPES = {"comune": "comune", "provincia": "provincia", "citta_metropolitana": "provincia",
                     "comunita_montana": "ente_pubblico_locale", "ambito": "ente_pubblico_locale",
                     "area_estera": "ente_pubblico_locale", "altro": "ente_pubblico_locale"}
ANCILAB = "ancilab"


@dataclass(frozen=True)
class SourceDocument:
    """The catalogue file a record was read from, addressed by its content."""

    sha256: str
    name: str


class RecordMapper:
    """Turns records into triples, with the knowledge the loader used (registry, gazetteer)."""

    def __init__(self, ns: Namespaces, knowledge: Knowledge) -> None:
        self.ns = ns
        self.mint = Minter(ns)
        self.knowledge = knowledge

    # --- a whole record -----------------------------------------------------------------------------------

    def triples(self, record: Record, source: SourceDocument) -> Iterator[Triple]:
        alo = self.ns.alo
        p = self.mint.project(record.id)
        lines = self.mint.lines(source.sha256, record.line_start, record.line_end)
        yield p, RDF.type, alo.Attivita
        if record.kind == "service":
            yield p, RDF.type, alo.Servizio
            yield p, RDF.type, SCHEMA.Service
        else:
            yield p, RDF.type, alo.Progetto
            yield p, RDF.type, SCHEMA.Project
            if record.programmes or any("funder" in o.roles for o in record.organizations):
                yield p, RDF.type, PRJ.PublicInvestmentProject  # public money is named on the card
        title = Literal(record.title or record.id, lang="it")
        yield p, RDFS.label, title
        yield p, SCHEMA.name, title
        yield p, PRJ.projectTitle, title
        yield p, DCTERMS.identifier, Literal(record.id)
        yield p, alo.stato, self.mint.status(record.section)
        yield p, alo.conAncilab, Literal(record.ancilab)
        yield p, PROV.wasDerivedFrom, lines
        yield p, PROV.hadPrimarySource, self.mint.source(source.sha256)
        first_line = record.line_start
        if record.theme:
            theme = self.mint.theme(record.theme)
            yield from self._concept(theme, record.theme.capitalize(), "tema")
            yield from self.attested(p, DCTERMS.subject, theme, source, first_line, record.line_end, record.theme)
        for predicate, value in ((SCHEMA.startDate, record.start), (SCHEMA.endDate, record.end)):
            if value:
                yield from self.attested(p, predicate, _date(value), source, first_line, record.line_end,
                                         record.status_text or value)
        if record.budget_eur is not None:
            cost = self.mint.cost(p)
            yield cost, RDF.type, SCHEMA.MonetaryAmount
            yield cost, SCHEMA.value, Literal(record.budget_eur, datatype=XSD.decimal)
            yield cost, SCHEMA.currency, Literal("EUR")
            yield from self.attested(p, alo.costoComplessivo, cost, source, first_line, record.line_end,
                                     record.budget_raw or str(record.budget_eur))
        for org in record.organizations:
            yield from self.organization(p, org, source)
        if record.ancilab:
            yield from self.implementer(p, source, record)
        for programme in record.programmes:
            yield from self.programme(p, programme, source)
        for territory in record.territories:
            yield from self.territory(p, territory, source)
        for title_text in record.publications:
            publication = self.mint.publication(title_text)
            yield publication, RDF.type, SCHEMA.CreativeWork
            yield publication, RDF.type, FOAF.Document
            yield publication, DCTERMS.title, Literal(title_text, lang="it")
            yield publication, RDFS.label, Literal(title_text, lang="it")
            yield publication, FRAPO.isOutputOf, p
            yield publication, PROV.wasDerivedFrom, lines

    def attested(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal, source: SourceDocument,
                 first: int, last: int, quote: str, found: Finding | None = None) -> Iterator[Triple]:
        """A triple plus an attestation of it: the catalogue lines and the words that support it."""
        yield subject, predicate, obj
        statement = self.mint.attestation(subject, predicate, URIRef(str(obj)) if isinstance(obj, URIRef) else obj)
        yield statement, RDF.type, self.ns.alo.Attestazione
        yield statement, RDF.subject, subject
        yield statement, RDF.predicate, predicate
        yield statement, RDF.object, obj
        yield statement, PROV.wasDerivedFrom, self.mint.lines(source.sha256, first, last)
        yield statement, self.ns.alo.citazione, Literal(quote, lang="it")
        if found is not None:
            yield from self._finding(statement, found)

    def _finding(self, node: URIRef, found: Finding) -> Iterator[Triple]:
        """How the loader read it and how sure it is; what a person corrected, with the file's line."""
        alo = self.ns.alo
        yield node, alo.metodo, Literal(found.by)
        yield node, alo.affidabilita, Literal(Decimal(str(found.confidence)), datatype=XSD.decimal)
        for note in found.curation:
            yield node, alo.correzione, Literal(note, lang="it")

    # --- organisations and roles --------------------------------------------------------------------------

    def organization(self, p: URIRef, org: Organization, source: SourceDocument) -> Iterator[Triple]:
        node, descriptive = self.organization_node(org.name, org.ref)
        yield from descriptive
        yield p, PRJ.hasParticipantingAgent, node
        for role in org.roles:
            yield from self._role(p, node, self._key(node), role, source, org.line, org.evidence, org.found)
            if role == "funder":
                yield p, PRJ.projectFunder, node
                grant = self.mint.grant(p, self._key(node))
                yield grant, RDF.type, SCHEMA.MonetaryGrant
                yield grant, SCHEMA.fundedItem, p
                yield grant, SCHEMA.funder, node
                yield grant, PROV.wasDerivedFrom, self.mint.lines(source.sha256, org.line, org.line)

    def implementer(self, p: URIRef, source: SourceDocument, record: Record) -> Iterator[Triple]:
        """AnciLab delivers the activity: the card says so or carries its badge."""
        node, descriptive = self.organization_node("AnciLab", ANCILAB)
        yield from descriptive
        yield p, PRJ.hasParticipantingAgent, node
        yield from self._role(p, node, self._key(node), "implementer", source, record.line_start,
                              "AnciLab (scheda o contrassegno 'in collaborazione con AnciLab')")

    def _role(self, p: URIRef, org: URIRef, key: str, role: str, source: SourceDocument, line: int,
              evidence: str, found: Finding | None = None) -> Iterator[Triple]:
        node = self.mint.role(p, key, role)
        yield p, RO.hasRiT, node
        yield node, RDF.type, RO.TimeIndexedRole
        yield node, RO.forEntity, p
        yield node, RO.isRoleInTimeOf, org
        yield node, RO.withRole, self.mint.role_concept(role)
        yield node, PROV.wasDerivedFrom, self.mint.lines(source.sha256, line, line)
        yield node, self.ns.alo.citazione, Literal(evidence, lang="it")
        if found is not None:
            yield from self._finding(node, found)

    def organization_node(self, name: str, ref: str | None) -> tuple[URIRef, list[Triple]]:
        """The organisation's IRI (from its IPA code, registry id or place code) and what we know of it."""
        registry = self.knowledge.organizations.entities
        entity: Entity | None = registry.get(ref) if ref else None
        place: Place | None = self.knowledge.gazetteer.by_id.get(ref) if ref and ":" in ref else None
        if entity is not None:
            key, kind, label = entity.ipa or entity.id, entity.type, entity.name
        elif place is not None and place.type == "comune" and place.cadastral:
            key, kind, label = f"c_{place.cadastral.lower()}", "comune", name  # IPA code of a Comune
        elif ref and ":" in ref:
            key, kind, label = slugify(name, max_words=10), INSTITUTION_TYPES.get(ref.split(":")[0], ""), name
        else:
            key, kind, label = slugify(name, max_words=10), "", name
        node = self.mint.organization(key)
        out: list[Triple] = [(node, RDF.type, COV.Organization), (node, RDF.type, SCHEMA.Organization),
                             (node, COV.legalName, Literal(label, lang="it")),
                             (node, RDFS.label, Literal(label, lang="it"))]
        if kind in PUBLIC_TYPES:
            out.append((node, RDF.type, COV.PublicOrganization))
        elif kind in PRIVATE_TYPES:
            out.append((node, RDF.type, COV.PrivateOrganization))
        if kind:
            category = self.mint.organization_type(kind)
            out.extend(self._concept(category, kind.replace("_", " "), "tipo-ente"))
            out.append((node, COV.hasCategory, category))
        if key.startswith("c_") or (entity is not None and entity.ipa):
            out.append((node, COV.IPAcode, Literal(key)))
        if entity is not None:
            out.extend(self._registry_facts(node, entity))
        if place is not None:
            out.append((node, DCTERMS.spatial, self.mint.place(place)))
        elif ref and ":" in ref:
            kind_of_place = {"comunita-montana": "comunita_montana", "ambito": "ambito"}.get(ref.split(":")[0])
            if kind_of_place:
                out.append((node, DCTERMS.spatial, self.mint.territory(ref, kind_of_place, name)))
        return node, out

    def _registry_facts(self, node: URIRef, entity: Entity) -> Iterator[Triple]:
        for phrase in entity.aliases:
            if phrase.text != entity.name and phrase.case == "exact":
                yield node, COV.orgAcronym, Literal(phrase.text)
            elif phrase.text != entity.name:
                yield node, SKOS.altLabel, Literal(phrase.text, lang="it")
        if entity.wikidata:
            yield node, OWL.sameAs, WD[entity.wikidata]
        if entity.parent:
            parent, facts = self.organization_node(self.knowledge.organizations[entity.parent].name, entity.parent)
            yield from facts
            yield node, COV.subOrganizationOf, parent

    def _key(self, node: URIRef) -> str:
        return str(node).rsplit("/", 1)[-1]

    # --- programmes and territories -----------------------------------------------------------------------

    def programme(self, p: URIRef, programme: Programme, source: SourceDocument) -> Iterator[Triple]:
        """The project's link to the most specific programme the card names: a programming period
        ("FAMI 2014-2020") or a PNRR component (M1C3), each narrower than the programme itself."""
        registry = self.knowledge.programmes.entities
        entity = registry.get(programme.ref) if programme.ref else None
        label = entity.name if entity is not None else programme.name
        key = entity.id if entity is not None else slugify(programme.name)
        node = self.mint.programme(key)
        yield from self._programme_concept(node, entity, label)
        specific = [(f"{key}-{slugify(code)}", f"{label} {code}", code) for code in programme.codes]
        period = re.search(r"\b(\d{4})-(\d{4})\b", programme.name)
        printed = re.sub(r"\s+\d{4}-\d{4}$", "", programme.name)
        as_named = (label, *(f"{label} {c}" for c in programme.codes))
        if programme.name not in as_named and printed not in as_named:
            # "Programma Regionale FESR Lombardia 2021-2027": a programme of its own under the fund
            specific.append((slugify(programme.name), programme.name, period.group() if period else programme.name))
        elif period and period.group() not in label:
            specific.append((f"{key}-{period.group()}", f"{label} {period.group()}", period.group()))
        for narrower_key, narrower_label, notation in specific:
            narrower = self.mint.programme(narrower_key)
            yield narrower, RDF.type, PRJ.Programme
            yield from self._concept(narrower, narrower_label, "programma")
            yield narrower, SKOS.notation, Literal(notation)
            yield narrower, SKOS.broader, node
        for target in [self.mint.programme(k) for k, _, _ in specific] or [node]:
            yield from self.attested(p, PRJ.hasProgramme, target, source, programme.line, programme.line,
                                     programme.evidence, programme.found)

    def _programme_concept(self, node: URIRef, entity: Entity | None, label: str) -> Iterator[Triple]:
        yield node, RDF.type, PRJ.Programme
        yield node, RDF.type, SCHEMA.FundingScheme
        yield from self._concept(node, label, "programma")
        if entity is None or not (entity.parent or entity.refines):
            yield from self._family(node, family_of(entity, label))
        if entity is None:
            return
        for phrase in entity.aliases:
            if phrase.text not in (entity.name, label):
                yield node, SKOS.altLabel, Literal(phrase.text, lang="it")
        if entity.eu_programme:
            yield node, SKOS.exactMatch, EU_AUTHORITY[f"eu-programme/{entity.eu_programme}"]
        for parent_id in (entity.parent, *entity.refines[:1]):
            if parent_id and parent_id in self.knowledge.programmes.entities:
                parent = self.knowledge.programmes[parent_id]
                parent_node = self.mint.programme(parent.id)
                yield node, SKOS.broader, parent_node
                yield from self._programme_concept(parent_node, parent, parent.name)

    def _family(self, node: URIRef, family: str | None) -> Iterator[Triple]:
        """A widest programme's family (EU direct or shared management, national plans and funds, regional…), as a
        SKOS collection: the programmes' own broader chain stays as it is."""
        if family is None:
            return
        collection = self.mint.programme(f"famiglia/{family}")
        italian, english = FAMILIES[family]
        yield collection, RDF.type, SKOS.Collection
        yield collection, RDF.type, self.ns.alo.FamigliaDiProgrammi
        yield collection, SKOS.prefLabel, Literal(italian, lang="it")
        yield collection, SKOS.prefLabel, Literal(english, lang="en")
        yield collection, RDFS.label, Literal(italian, lang="it")
        yield collection, SKOS.member, node

    def territory(self, p: URIRef, territory: Territory, source: SourceDocument) -> Iterator[Triple]:
        ref = territory.ref or f"{territory.type}:{slugify(territory.name)}"
        node = self.mint.territory(ref, territory.type, territory.name)
        yield from self.attested(p, CLV.hasSpatialCoverage, node, source, territory.line, territory.line,
                                 territory.evidence, territory.found)

    def _concept(self, node: URIRef, label: str, scheme: str) -> Iterator[Triple]:
        scheme_node = self.mint.scheme(scheme)
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.prefLabel, Literal(label, lang="it")
        yield node, RDFS.label, Literal(label, lang="it")
        yield node, SKOS.inScheme, scheme_node
        yield scheme_node, RDF.type, SKOS.ConceptScheme



def _date(value: str) -> Literal:
    """YYYY-MM-DD as xsd:date; YYYY-MM (only the month printed) as xsd:gYearMonth."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    return Literal(value, datatype=XSD.gYearMonth)
