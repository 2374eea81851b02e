"""Where a card names something: known organisations and programmes, bodies found by their form
("Fondazione …", "Comune di …", "… S.r.l."), places, and the overlaps between them resolved."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz import fuzz

from .gazetteer import Gazetteer, Place
from .knowledge import Knowledge
from .matcher import Match, Phrase, PhraseMatcher, longest_non_overlapping
from .passage import Passage
from .registry import Entity
from .text import fold, slugify

# A capitalised word (hyphens and apostrophes inside allowed: "TER-NA", "Anci-Sa", "D'Annunzio").
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_CAP = rf"(?:[{_UPPER}][\w'’&+\-]*[\w+]|[{_UPPER}])"
_QUOTED = r"(?:\"[^\"\n]{2,40}\"|“[^”\n]{2,40}”)"
_WORD = rf"(?:{_CAP}|{_QUOTED})"
# "ASST della Valtellina e dell'Alto Lario": "e" before an articulated preposition goes on with the same name.
# (Not before another body: "della Fondazione Cariplo e della Fondazione Comunitaria".)
_ANOTHER_BODY = (r"(?![ \t]*(?:Fondazion|Comunit|Comun|Provinc|Region|Associazion|Consorzi|Cooperativ|Universit|Camer|"
                 r"Federazion|Ret[ei]\b|Agenzi|Aziend|Ent[ei]\b|ATS|ASST|Union|Città|Istitut|Minister|Dipartiment|Parc))")
_JOIN = (r"(?:di|del|della|dei|degli|delle|dello|per|la|le|il|lo|gli|in|sul|sulla|dell['’]\s*|sull['’]\s*|all['’]\s*|"
         r"d['’]\s*|l['’]\s*"
         rf"|e[ \t]+(?:della|delle|dello|degli|dei|del)\b{_ANOTHER_BODY}|e[ \t]+dell['’]\s*{_ANOTHER_BODY})")
# Up to two joining words between capitalised ones: "Agenzia per la Coesione", "Istituto per l'Analisi".
NAME = rf"{_WORD}(?:[ \t]+(?:{_JOIN}[ \t]*){{0,2}}{_WORD})*"

# Capitalised words after a head that start a sentence or describe the body, rather than name it.
_NOT_A_NAME = (r"(?:Il|Lo|La|Le|Gli|I|L['’]|Un|Una|Uno|Accreditat[oaie]|Capofila|Local[ei]|Pubblic[oaie]|"
               r"Attuator[ei]|Gestor[ei]|Promotor[ei]|Partner|Titolar[ei]|Beneficiari[oa]?|Ospitant[ei]|"
               r"Proponent[ei]|Aderent[ei]|Finanziator[ei])\b")
# "l'associazione dei Comuni" names a kind of body, not one body.
_GENERIC = frozenset("comuni comune enti ente regione regioni province provincia stato paesi unione amministrazioni "
                     "italiana italiano europea europeo nazionale".split())
_MANAGING_AUTHORITY = re.compile(r"\bAutorità di Gestione\b")
_GOVERNED = re.compile(r"^(?:Cantone|Canton|Regione|Land|Contea|Provincia|Municipalità)\b")
# "i Comuni soci di", not "i Comuni delle province di" (those name provinces)
_COMUNI_HEAD = re.compile(r"\b(?:Comun([ei])(?:\s+(?!provinc|region|aree|area|vall)[a-zà-ÿ]+){0,2}?|Municipalità|Città)"
                          r"\s+di\s+")
_PROVINCE_HEAD = re.compile(r"\b[Pp]rovinc(?:ia|e)\s+(?:di|del|della|dell['’])\s*")
_METRO = re.compile(rf"(?<![/\w])Città\s+[Mm]etropoli(?:tana(?:\s+di\s+({_CAP}))?(?![/\w])|-$|-\n)", re.MULTILINE)
_MOUNTAIN = re.compile(rf"\bComunità\s+[Mm]ontana\s+(?:(?:della|del|dell['’]|di)\s*)?{NAME}")
# "Ambito di Desio", "gli Uffici di Piano degli Ambiti territoriali di Garbagnate Milanese, Rho e Corsico"
_AMBITO = re.compile(r"\b(?:(?P<office>Uffic(?:io|i) di Piano)\s+(?:dell['’]\s*|degli\s+))?[Aa]mbit(?P<plural>[oi])\s+"
                     r"(?:territorial[ei]\s+|distrettual[ei]\s+|social[ei]\s+)?(?:di|del|della)\s+")
_CITY = re.compile(r"\b(?:città|municipalità|governatorato|distretto)(?:\s+[a-zà-ÿ]+){0,2}?\s+(?:di|del|della)\s+")
_LIST_OF_COMUNI = re.compile(r"(?:[ \t]*\([A-Z\-– ]+\))?[ \t]*(?:,|,?[ \t]+ed?)[ \t]+(?:(?:a|in|di)[ \t]+)?")
_SIGLA = re.compile(r"^\s*\(\s*([A-Z]{2})(?:\s*[-–/]\s*[A-Z]{2})*\s*\)")
_LIST_SEP = re.compile(r"^(?:[ \t]*,[ \t]*|[ \t]+ed?[ \t]+|[ \t]*,[ \t]*ed?[ \t]+)")
_PLACE_JOIN = (r"(?:(?:di|del|della|delle|dei|degli|dello|de|sul|sulla|su|al|alla|in|con|ed|e|sopra|sotto)[ \t]+"
               r"|(?:de|d|dell|sull|all)['’][ \t]*)")
_PLACE_ITEM = re.compile(rf"{_CAP}(?:(?:[ \t-]+|(?<=['’])){_PLACE_JOIN}{{0,2}}{_CAP})*")
_PAREN = re.compile(r"\(([^()]{2,120})\)")
_NATIONAL = re.compile(r"nazional|regional|Dipartiment|Minister|\bStato\b|\bANCI\s+[A-Z][a-z]")
# "l'associazione austriaca Jugendnetzwerk Oberland": a kind of body, a qualifier or two, then its name.
_QUALIFIER = r"(?:[a-zà-ÿ]+\s+){0,2}?"
_NAMED_BODIES = (
    ("fondazione", rf"\b[Ff]ondazione\s+{_QUALIFIER}(?P<name>{NAME})"),
    ("associazione", rf"\b[Aa]ssociazione\s+{_QUALIFIER}(?P<name>{NAME})"),
    ("consorzio", rf"\b[Cc]onsorzio\s+{_QUALIFIER}(?P<name>{NAME})"),
    ("cooperativa", rf"\b[Cc]ooperativa\s+{_QUALIFIER}(?P<name>{NAME})"),
    ("universita", rf"\b(?:Università|Politecnico)\s+(?:degli\s+Studi\s+)?(?:(?:di|del|della|dell['’])\s*)?{NAME}"),
    # "Casa delle donne di Voghera APS": a name ending in a legal form may have lower-case words inside.
    ("impresa", rf"\b(?!{_NOT_A_NAME}){_CAP}(?:[ \t]+(?!(?:e|ed|o|con|tra|che|come|per|è|sono|ha|hanno|era|erano|"
                rf"dal|dalla|dallo|dai|dagli|dalle|al|alla|ai|il|lo|i|gli|un|una|uno)\b)(?:[a-zà-ÿ'’]+|{_CAP}))"
                rf"{{0,6}}?[ \t]+"
                r"(?:S\.\s?p\.\s?A\.?|SpA|Spa|SPA|S\.\s?r\.\s?l\.?|Srl|SRL|S\.c\.r\.l\.?|Scarl|Onlus|ONLUS|APS|ETS|ODV|OdV|"
                r"ASD|SSD|GmbH|gGmbH|AG|Ltd|asbl|e\.\s?V\.)(?!\w)"),
    # "Sport e Salute S.p.A.": two capitalised words joined by "e", then a company's legal form (an association's
    # would as often end a list: "Ecomate e Fenice Onlus")
    ("impresa", rf"\b(?!{_NOT_A_NAME}){_CAP}[ \t]+e[ \t]+{_CAP}[ \t]+(?:S\.\s?p\.\s?A\.?|SpA|[Ii]mpresa [Ss]ociale)"
                r"(?!\w)"),
    ("associazione_enti_locali", rf"\bANCI\s+{_CAP}"),
    ("gal", rf"\bGAL\s+{NAME}"),
    ("azienda_sanitaria", rf"\b(?:ATS|ASST)\s+(?:(?:di|del|della)\s+)?{NAME}"),
    ("centro", rf"\bCentro\s+(?:Studi|Servizi|Ricerche)\s+{NAME}"),
    # State offices named after their seat: "Prefettura di Milano", "Camera di Commercio di Pavia".
    ("ufficio_territoriale", rf"\b(?:Prefettura|Questura|Tribunale|Procura della Repubblica|Camera di Commercio"
                             rf"|Ufficio Scolastico (?:Regionale|Territoriale)|Agenzia delle Entrate)"
                             rf"(?:\s*[-–]\s*UTG)?\s+(?:di|del|della|per la|per il)\s+{NAME}"),
    ("ufficio_territoriale", rf"\bSoprintendenza\s+{_CAP}[^.;()\n]{{3,100}}?\s+per\s+(?:le\s+province|la\s+provincia"
                             rf"|la\s+città(?:\s+metropolitana)?)\s+di\s+{_CAP}(?:[ \t]+e[ \t]+{_CAP})*"),
    ("parco", rf"\b(?:Ente\s+)?Parco\s+(?:regionale\s+|naturale\s+|agricolo\s+|nazionale\s+)?"
              rf"(?:(?:del|della|dei|delle|dell['’])\s*)?{NAME}"),
    ("ufficio", rf"\b(?:Sezione|Dipartimento|Centro Studi)\s+(?:[A-ZÀ-Ý][\w'’-]*|[a-zà-ÿ]+)"
                rf"(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|[a-zà-ÿ]+)){{0,4}}?"
                rf"(?:\s*\([A-Z]{{2,6}}\))?(?:\s+(?:del|della|dell['’]|dei|delle|di)\s*{NAME})+"),
)
# Heads that make a body of the capitalised name after them, in Italian ("Federazione Nazionale delle Pro Loco",
# "Rete dei Comuni Sostenibili", "Compagnia di San Paolo") and as bodies abroad write them, where the joining
# words are those of their language ("Federación Española de Municipios y Provincias", "Land Tirol").
_BODY_HEADS = (r"Federazione|Confederazione|Rete|Agenzia|Azienda|Ente|Compagnia|Istituto|Unione|Comitato|"
               r"Coordinamento|Osservatorio|Accademia|Museo|Ordine|Collegio|Cassa|Banca|Conferenza|Camera di "
               r"[Cc]ommercio|Sistema|Gruppo|Cooperativa|Consulta|Forum|Ecomuseo|Distretto|Biblioteca|Teatro|Caritas|"
               r"Dipartimento per|Autorità di [Bb]acino(?: distrettuale)?(?: del fiume)?|Autorità per|Gestore|"
               r"Automobile Club|Croce Rossa")
_FOREIGN_HEADS = (r"Land|Kanton|Canton|Cantone|Gemeinde|Marktgemeinde|Stadtgemeinde|Landkreis|Bezirk|Stadt|"
                  r"Federación|Asociación|Fundación|Ayuntamiento|Diputación|Mancomunidad|Generalitat|Comunidad|"
                  r"Communauté de communes|Communauté d['’]agglomération|Communauté|Département|Association|"
                  r"Fédération|Fondation|Verein|Verband|Landesverband|Stiftung|"
                  r"Universität|Universidad|Universitat|Université|University|Hochschule|Instituto|Institut|Agencia|"
                  r"Agence|Agentur|Municipio|Município|Câmara Municipal|Kommune|Gmina|Občina|Obec|Stowarzyszenie|"
                  r"Regionalverband|Amt|Departement|Région|Provincia de|Comarca|Consell|Conseil|Ajuntament|Ville|"
                  r"Město|Miasto|Mesto|Občina|Consejo|Fachhochschule|Volkshochschule|Univerza|Uniwersytet|"
                  r"Univerzita|Gemeindetag|Landesverband|Skupnost|Zveza|Comune de|Município de|Universidade|"
                  r"Universiteit|Regione")
_FOREIGN_JOIN = (r"(?:de|del|de la|de las|de los|des|du|de l['’]|d['’]|y|i|et|und|für|der|die|das|von|zu|am|"
                 r"im|an der|bei|ob|an|sur|sous|en|v|na|w|z|of|for|the|and|la|le|les|el)")
_FOREIGN_NAME = rf"{_WORD}(?:(?:[ \t]+{_FOREIGN_JOIN}(?:[ \t]+|(?<=['’]))|[ \t]+){_WORD})*"
# A name of capitalised words (joined as names are) with its acronym: after it in brackets, before it in
# brackets, or before it with a dash.
_ACRO_NAME = rf"{_CAP}(?:[ \t]+(?:{_JOIN}[ \t]*|ed?[ \t]+){{0,2}}{_CAP}){{1,9}}"
_ACRONYM_FORMS = (
    re.compile(rf"(?P<name>{_ACRO_NAME})[ \t]*\((?P<acronym>[A-Z][A-Za-z]{{1,9}})\)"),
    re.compile(rf"\((?P<acronym>[A-Z]{{2,8}})\)[ \t]*(?P<name>{_ACRO_NAME})"),
    re.compile(rf"\b(?P<acronym>[A-Z]{{2,8}})[ \t]*[–-][ \t]*(?P<name>{_ACRO_NAME})"),
)
_ACRONYM_OF_PLACES = re.compile(r"\b(?P<acronym>[A-Z]{3,6})\s+di\s+(?=[A-ZÀ-Ý])")
_PROGRAMME_HEADS = frozenset("fondo programma piano strategia bando avviso iniziativa progetto missione misura "
                             "componente asse obiettivo investimento azione linea".split())
_REGIONAL_BRANCH = re.compile(r"\b(?P<body>[A-Z]{3,8}|Conf[a-z]+|Lega[a-z]+|Feder[a-z]+|Uncem|Coldiretti|Legambiente|"
                              r"Auser|Acli|Arci|Cisl|Cgil|Uil)[ \t]+(?:Lombardia|Lombarda)\b")
_LIST_CUE = re.compile(r"\b(?:in partenariato con|in collaborazione con|(?:il\s+)?partenariato\s+(?:comprende|include|"
                       r"comprendeva|includeva|è composto da|era composto da)|"
                       r"partner\s+(?:del progetto\s+)?(?:sono|erano)|tra i partner(?:\s+figura(?:va)?no)?|"
                       r"hanno (?:preso parte|partecipato)|insieme a)\s*:?\s+", re.IGNORECASE)
_RUNS_ON_LOWER = re.compile(r"[ \t]+(?:di|del|della|dei|delle|per)[ \t]+[a-zà-ÿ]")
# One item of such a list: an article, a name, and what separates it from the next.
_LIST_ITEM = re.compile(rf"(?:(?:il|lo|la|i|gli|le|l['’])[ \t]*)?(?P<name>{_CAP}(?:(?:[ \t]+{_FOREIGN_JOIN}(?:[ \t]+|"
                        rf"(?<=['’]))|[ \t]+(?:{_JOIN}[ \t]*)?){_CAP}){{0,8}})"
                        rf"(?:[ \t]*,[ \t]*(?:ed?[ \t]+)?(?:con[ \t]+)?|[ \t]+ed?[ \t]+(?:con[ \t]+)?)?")
# Governments abroad, named by their head and their place: the place is what follows the head.
_TERRITORIAL_ABROAD = re.compile(
    r"^(?:Regione|Land|Kanton|Canton|Cantone|Gemeinde|Marktgemeinde|Stadtgemeinde|Landkreis|Bezirk|Stadt|Ayuntamiento|"
    r"Ajuntament|Diputación(?:\s+Provincial)?|Mancomunidad|Comunidad|Communauté de communes|Communauté|Département|"
    r"Région|Ville|Město|Miasto|Mesto|Občina|Municipio|Município|Kommune|Gmina|Obec|Comarca)"
    r"\s+(?:(?:de la|de las|de los|de l['’]|del|de|du|des|d['’]|am|an der)\s*)?")
# A body known by an acronym in brackets, after its name or before it: "Agenzia per la Coesione Territoriale
# (ACT)", "INPS (Istituto Nazionale della Previdenza Sociale)". These heads name a body only with an acronym.
_ACRONYM_HEADS = (rf"{_BODY_HEADS}|Ministero|Dipartimento|Autorità|Consiglio|Servizio|Ufficio|Centro|Direzione|"
                  r"Segretariato|Commissione|Organizzazione|Corpo|Polizia|Protezione|Difensore|Garante|Parco|"
                  r"Fondazione|Associazione|Consorzio|Università|Politecnico")
_NAMED_BODIES += (
    ("ente", rf"\b(?:{_BODY_HEADS})[ \t]+(?:[a-zà-ÿ]+[ \t]+){{0,2}}?(?!{_NOT_A_NAME})(?P<name>{NAME})"),
    ("estero", rf"\b(?:{_FOREIGN_HEADS})[ \t]+(?:{_FOREIGN_JOIN}(?:[ \t]+|(?<=['’])))?(?P<name>{_FOREIGN_NAME})"),
    ("sigla", rf"\b(?:{_ACRONYM_HEADS})(?:[ \t]+(?:{_JOIN}[ \t]*)?{_WORD}|[ \t]+[a-zà-ÿ]+(?:['’][a-zà-ÿ]+)?){{0,10}}?"
              r"[ \t]*\((?P<acronym>[A-Z][A-Za-z&.]{1,9})\)"),
    ("sigla", rf"\b(?P<acronym>[A-Z]{{2,8}})[ \t]*\((?:{_ACRONYM_HEADS})(?:[ \t]+(?:{_JOIN}[ \t]*)?{_WORD}"
              r"|[ \t]+[a-zà-ÿ]+){0,10}?\)"),
)
# Words that end a name and start the rest of the sentence.
_NOT_IN_A_NAME = re.compile(r"\s(?:nel|nella|nell['’]\w*|nei|con|che|è|sono|ha|hanno|dal|dalla|tra|fra|come|"
                            r"a valere)\s", re.IGNORECASE)
_NAMED_BODY_RES = tuple((kind, re.compile(pattern)) for kind, pattern in _NAMED_BODIES)
# A programme, plan or fund by its form: a head, its level, and what it is for, up to the end of the phrase.
_PROGRAMME_BY_FORM = re.compile(
    r"\b(?:(?P<head>Programma|Piano|Strategia)|Fondo)\s+(?:(?:sperimentale|straordinario|speciale|operativo|rotativo|"
    r"unico)\s+)?(?(head)(?:[Nn]azionale|[Rr]egionale|[Ee]uropeo|[Ee]uropea)\s+|(?:(?:[Nn]azionale|[Rr]egionale)\s+)?)"
    r"(?:(?:di|per|del|della|dei|delle|sul|sulla|a sostegno)\s+[^.,;:()«»\"\n]{3,90}?"
    r"(?=\s*(?:[.,;:()–]|$)|\s+(?:e|ed|che|con|nel|nella|è|sono|ha|hanno|ai|alle|agli|di [A-Z])\s)"
    r"|[«\"“][^»\"”\n]{3,60}[»\"”])")
_MONEY_CUE = re.compile(r"(?:finanziat|a valere|\bfond[oi]\b|risorse|contribut|sostegno economico)", re.IGNORECASE)

RANK = {"self": 0, "org": 1, "programme": 2, "pattern": 3, "place": 4}


@dataclass
class Found:
    """One thing named in the text, before deciding what to report."""

    category: str  # self | org | programme | pattern | place
    start: int
    end: int
    name: str
    ref: str | None = None
    entity: Entity | None = None
    places: tuple[Place, ...] = ()  # for "Comune di X", "Provincia di X": the place the body governs
    place: Place | None = None  # for a place mention
    institution: bool = False  # a body named after its place (Comune, Provincia, Ambito, Comunità montana)
    needs_cue: bool = False  # reported only where the wording gives it a role
    roles: set[str] = field(default_factory=set)
    roles_ahead: set[str] = field(default_factory=set)  # from the words before it, shared with a list
    in_participation_list: bool = False
    form: str | None = None  # for names found by their form: fondazione, impresa, ufficio…
    acting: bool = False  # a body of a list the sentence makes act ("i Comuni di A e B ospiteranno"), role unsaid

    @property
    def rank(self) -> int:
        return 5 if self.form == "lista" else RANK[self.category]  # any other reading of the words comes first


class MentionFinder:
    """Finds every mention in a card's text, with the knowledge loaded once for the whole catalogue."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    @cached_property
    def _comuni(self) -> PhraseMatcher:
        names = {p.name for group in self.knowledge.gazetteer.comuni.values() for p in group}
        return PhraseMatcher(Phrase(text=n, target=n, case="proper", fuzzy=False) for n in names)

    @cached_property
    def _places(self) -> PhraseMatcher:
        phrases = []
        for place in self.knowledge.gazetteer.places:
            for text in (place.name, *place.aliases):
                case = "fold" if place.type == "area_interna" else "proper"
                phrases.append(Phrase(text=text, target=place.id, case=case, fuzzy=place.type == "area_interna"))
        return PhraseMatcher(phrases)

    @cached_property
    def _area_names(self) -> list[tuple[str, Place]]:
        return [(fold(n), p) for p in self.knowledge.gazetteer.of_type("area_interna") for n in (p.name, *p.aliases)]

    def find(self, passage: Passage) -> list[Found]:
        """All mentions; where two overlap the longest wins (ties: known names, then patterns, then places)."""
        found = self._candidates(passage)
        as_matches = [Match(f.start, f.end, Phrase(text=f.name, target=i), 0, 0) for i, f in enumerate(found)]
        kept = longest_non_overlapping(as_matches, rank=lambda m: found[m.target].rank)
        return sorted((found[m.target] for m in kept), key=lambda f: f.start)

    def area_lines(self, lines: Sequence[tuple[int, str]]) -> Iterable[tuple[int, str, Place]]:
        """Aree interne in list lines of a map legend ("- 8 Piattello Verbano"), tolerating OCR slips."""
        for number, line in lines:
            item = re.sub(r"^\s*[-–•]?\s*\d{0,2}[.)]?\s*", "", line).strip()
            if not item or len(item) > 70:
                continue
            best = max(self._area_names, key=lambda np: fuzz.ratio(fold(item), np[0]))
            if fuzz.ratio(fold(item), best[0]) >= 85:
                yield number, line.strip(), best[1]

    def _candidates(self, passage: Passage) -> list[Found]:
        k = self.knowledge
        out: list[Found] = []
        for m in k.organizations.find(passage):
            entity = k.organizations[m.target]
            category = "self" if entity.is_self or self._means_publisher(entity, m, passage) else "org"
            out.append(Found(category, m.start, m.end, entity.name, entity.id, entity,
                             needs_cue=entity.cue_required or m.phrase.cue_required))
        for m in k.programmes.find(passage):
            entity = k.programmes[m.target]
            out.append(Found("programme", m.start, m.end, entity.name, entity.id, entity,
                             needs_cue=m.phrase.cue_required))
        out.extend(self._programmes_by_form(passage))
        out.extend(self._acronym_bodies(passage))
        out.extend(self._cued_lists(passage))
        out.extend(self._named_bodies(passage))
        out.extend(self._institutions(passage))
        out.extend(self._partner_lists(passage))
        for m in self._places.find_all(passage):
            place = k.gazetteer.by_id[m.target]
            if place.type == "area_estera" and _GOVERNED.match(place.name):
                # "la Regione Maloja", "il Cantone dei Grigioni": a place abroad that also acts as a body
                out.append(Found("pattern", m.start, m.end, place.name, places=(place,), institution=True))
            else:
                out.append(Found("place", m.start, m.end, place.name, place.id, place=place))
        out.extend(self._bare_comuni(passage))
        return _offices_to_their_bodies(out)

    @staticmethod
    def _means_publisher(entity: Entity, m: Match, passage: Passage) -> bool:
        """A bare "ANCI" is the publisher's own short name unless the sentence speaks of the national level."""
        if entity.id != "anci" or m.phrase.text != "ANCI":
            return False
        start, end = passage.sentence(m.start)
        return not _NATIONAL.search(passage.text[start:end])

    @staticmethod
    def _programmes_by_form(passage: Passage) -> Iterable[Found]:
        """National and regional programmes, plans and funds the registry does not know, named in a sentence
        about money: "a valere sul Programma sperimentale nazionale di mobilità sostenibile casa-scuola"."""
        text = passage.text
        for m in _PROGRAMME_BY_FORM.finditer(text):
            s_start, _ = passage.sentence(m.start())
            # A fund is money by its name; a programme, plan or strategy only in a sentence about money.
            if passage.in_title(m.start()) or m.group("head") and not _MONEY_CUE.search(text[s_start:m.start()]):
                continue
            name = " ".join(re.sub(r"[«»\"“”]", "", m.group()).split())
            yield Found("programme", m.start(), m.end(), name[:1].upper() + name[1:], form="programma")

    def _acronym_bodies(self, passage: Passage) -> Iterable[Found]:
        """Bodies printed with their acronym, whatever their head: "Cassa Depositi e Prestiti (CDP)", "(INPS)
        Istituto Nazionale della Previdenza Sociale", "GSE – Gestore dei Servizi Energetici": the acronym's
        letters are the initials of the name's words, which is what makes it a name."""
        text = passage.text
        for pattern in _ACRONYM_FORMS:
            for m in pattern.finditer(text):
                name, acronym = m.group("name"), m.group("acronym")
                if not _initials_match(acronym, name) or acronym in self._programme_acronyms \
                        or fold(name.split()[0]) in _PROGRAMME_HEADS:
                    continue
                # Concepts have acronyms too ("Green Public Procurement (GPP)"): without a head word that makes
                # it a body, a body is one that takes part.
                headed = re.match(rf"(?:{_ACRONYM_HEADS})\b", name)
                yield Found("pattern", m.start(), m.end(), " ".join(m.group().split()), form="sigla",
                            needs_cue=not headed)
        # "i CPIA di Bergamo, Brescia e Como": one body an acronym names in each place
        gaz = self.knowledge.gazetteer
        for m in _ACRONYM_OF_PLACES.finditer(text):
            if m.group("acronym") in self._programme_acronyms:
                continue
            items = _place_list(text, m.end(), gaz.comune)
            for n, (start, end, printed, sigla) in enumerate(items):
                comune = gaz.comune(printed, sigla)
                if comune:
                    yield Found("pattern", m.start() if n == 0 else start, end,
                                f"{m.group('acronym')} di {comune.name}", form="sigla")

    def _cued_lists(self, passage: Passage) -> Iterable[Found]:
        """The names listed after words that introduce partners ("il partenariato comprende Tartu
        Linnaraamatukogu e l'Universidade de Aveiro"), bodies the registry and the patterns do not know.
        Also a body's regional branch, named by its acronym or its network: "ARPA Lombardia"."""
        text = passage.text
        gaz = self.knowledge.gazetteer
        for m in _REGIONAL_BRANCH.finditer(text):
            if m.group("body") not in self._programme_acronyms:
                yield Found("pattern", m.start(), m.end(), m.group(), form="sezione")
        for m in _LIST_CUE.finditer(text):
            pos = m.end()
            for _ in range(8):
                item = _LIST_ITEM.match(text, pos)
                if not item:
                    break
                name = item.group("name")
                if _RUNS_ON_LOWER.match(text, item.end("name")):
                    break  # "l'Autorità di bacino distrettuale…": the name goes on in words the list cannot read
                if not (gaz.comune(name) or gaz.province(name) or self._known_place(name)) and len(name) > 3:
                    yield Found("pattern", item.start("name"), item.end("name"), name, form="lista")
                pos = item.end()

    @cached_property
    def _programme_acronyms(self) -> frozenset[str]:
        return frozenset(p.text for p in self.knowledge.programmes.phrases if p.case == "exact")

    def _named_bodies(self, passage: Passage) -> Iterable[Found]:
        text = passage.text
        places: list[Match] | None = None
        for kind, pattern in _NAMED_BODY_RES:
            for m in pattern.finditer(text):
                if "name" in pattern.groupindex and m.group()[:1].islower() and \
                        fold(m.group("name").split()[0]) in _GENERIC:
                    continue  # "l'associazione dei Comuni": a kind of body, not one
                if kind == "sigla" and (m.group("acronym") in self._programme_acronyms
                                        or _NOT_IN_A_NAME.search(m.group())):
                    continue  # "… Svizzera nell'ambito della Nuova politica regionale (NPR)": the acronym is another's
                end = self._run_on_place(text, m.end()) if kind != "sigla" else m.end()
                name = " ".join(text[m.start():end].split()).strip(" ,.")
                if name.endswith(" e.V"):
                    name += "."  # the German legal form keeps its last full stop
                name = name[:1].upper() + name[1:]  # "la cooperativa sociale Il Sentiero" → "Cooperativa sociale …"
                governed: tuple[Place, ...] = ()
                if kind == "parco":
                    park = re.sub(r"^Ente\s+", "", name)
                    place = Place(id=f"area:{slugify(park, max_words=12)}", name=park, type="altro")
                    yield Found("pattern", m.start(), m.end(), name, places=(place,), institution=True, form=kind)
                    continue
                if kind == "estero":
                    places = self._places.find_all(passage) if places is None else places
                    same = [p for p in places if p.start == m.start() and p.end == m.end()]
                    if same:
                        continue  # a place abroad named as its government ("Cantone Ticino"): read as the place
                    if seat := _TERRITORIAL_ABROAD.match(name):
                        # "la Gemeinde Oberstdorf", "l'Ayuntamiento de Jaca": a government abroad and its place
                        inside = [p for p in places if m.start() <= p.start and p.end <= end]
                        place = (self.knowledge.gazetteer.by_id[inside[0].target] if inside else
                                 _abroad(name[seat.end():]))
                        yield Found("pattern", m.start(), end, name, places=(place,), institution=True, form=kind)
                        continue
                if kind == "ufficio":
                    # "Sezione … del Dipartimento … del Cantone Ticino": the office of a government abroad.
                    places = self._places.find_all(passage) if places is None else places
                    governed = tuple(self.knowledge.gazetteer.by_id[p.target] for p in places
                                     if m.start() <= p.start and p.end <= m.end())
                # A body abroad is often named as the place it governs ("nel Cantone Ticino"): only a role
                # cue makes it a participant.
                yield Found("pattern", m.start(), end, name, ref=None, places=governed, form=kind,
                            needs_cue=kind == "estero")
        for m in _MANAGING_AUTHORITY.finditer(text):
            yield Found("pattern", m.start(), m.end(), m.group(), ref="autorita-di-gestione", form="autorita")

    @cached_property
    def _names_with_and(self) -> list[tuple[str, re.Pattern]]:
        """Known places whose name has "e" inside ("Monza e Brianza", "Sermide e Felonica"): first part, rest."""
        out = []
        for place in self.knowledge.gazetteer.by_id.values():
            for name in (place.name, *place.aliases):
                parts = re.split(r" ed? ", name, maxsplit=1)
                if len(parts) == 2 and fold(parts[0]) and parts[1]:
                    out.append((fold(parts[0]).split()[-1], re.compile(rf"[ \t]+ed?[ \t]+{re.escape(parts[1])}\b")))
        return out

    def _run_on_place(self, text: str, end: int) -> int:
        """Where a name ends that a pattern stopped at the "e" of a place's name ("della Comunità di Monza e
        Brianza"): past the rest of the place's name."""
        if not re.match(r"[ \t]+ed?[ \t]+[A-ZÀ-Ý]", text[end:end + 6]):
            return end
        last = fold(text[max(0, end - 40):end]).split()[-1:]
        for first, rest in self._names_with_and:
            if last == [first] and (m := rest.match(text, end)):
                return m.end()
        return end

    def _institutions(self, passage: Passage) -> Iterable[Found]:
        text = passage.text
        gaz = self.knowledge.gazetteer
        for m in _COMUNI_HEAD.finditer(text):
            plural = m.group(1) == "i"
            body = "Comune" if m.group(1) else m.group().split()[0]
            acting = plural and _acting_list(text, passage.sentence(m.start())[0], m.start())
            items = _place_list(text, m.end(), gaz.comune, limit=20 if plural else 1)
            for start, end, name, sigla in items:
                comune = gaz.comune(name, sigla) or _comune_prefix(gaz, name)
                place = comune or self._known_place(name, printed=True) or _abroad(name)
                org_start = m.start() if not plural or start == items[0][0] else start
                label = f"{body} di {comune.name}" if comune else f"{body} di {name}"
                # "i Comuni di A, B e C": each a participant and a place of the card, whatever the verb
                yield Found("pattern", org_start, end, label, places=(place,), institution=True,
                            form="comuni" if plural else None, acting=acting)
        for m in _PROVINCE_HEAD.finditer(text):
            for start, end, name, _ in _place_list(text, m.end(), gaz.province):
                province = gaz.province(name)
                if province:
                    yield Found("pattern", m.start() if start == m.end() else start, end, province.name,
                                places=(province,), institution=True)
        for m in _METRO.finditer(text):
            # A Città metropolitana named without its city is the home region's (Milano's, in Lombardy).
            province = gaz.province(m.group(1) or "Milano")
            if province and province.type == "citta_metropolitana":
                yield Found("pattern", m.start(), m.end(), province.name, places=(province,), institution=True)
        for m in _MOUNTAIN.finditer(text):
            name = "Comunità Montana " + " ".join(m.group().split()[2:])
            key = slugify(name.removeprefix("Comunità Montana"), max_words=12)
            place = Place(id=f"comunita-montana:{key}", name=name, type="comunita_montana")
            yield Found("pattern", m.start(), m.end(), name, places=(place,), institution=True)
        for m in _AMBITO.finditer(text):
            items = _place_list(text, m.end(), gaz.comune, limit=20 if m.group("plural") == "i" else 1)
            for n, (start, end, printed, sigla) in enumerate(items):
                comune = gaz.comune(printed, sigla)
                if not comune:
                    continue
                name = f"Ambito di {comune.name}"
                place = Place(id=f"ambito:{comune.istat_code}", name=name, type="ambito", region=comune.region)
                label = f"Ufficio di Piano dell'{name}" if m.group("office") else name
                yield Found("pattern", m.start() if n == 0 else start, end, label, places=(place,),
                            institution=True)
        for m in _CITY.finditer(text):
            if passage.in_title(m.start()):
                continue
            for start, end, name, _ in _place_list(text, m.end(), gaz.comune):
                if gaz.comune(name):
                    continue
                if text[end:end + 1] == "-":
                    # "la città di Bet- [other column] lemme": a known place can be recognised from its start.
                    place = next((p for p in gaz.places if fold(p.name).startswith(fold(name))), None)
                else:
                    place = self._known_place(name, printed=True) or _abroad(name)
                if place is not None:
                    yield Found("pattern", start, end, f"Città di {place.name}", places=(place,), institution=True)

    def _known_place(self, name: str, printed: bool = False) -> Place | None:
        """The known place called `name`; with `printed`, it keeps the name the card uses ("Jericho")."""
        key = fold(name)
        place = next((p for p in self.knowledge.gazetteer.places if key in (fold(p.name), *map(fold, p.aliases))), None)
        return replace(place, name=name) if place is not None and printed else place

    def _partner_lists(self, passage: Passage) -> Iterable[Found]:
        """Names in brackets in a sentence about partners: "(Ecomate e Fenice Onlus)"."""
        text = passage.text
        for m in _PAREN.finditer(text):
            s_start, _ = passage.sentence(m.start())
            if "partner" not in text[s_start:m.start()].lower():
                continue
            offset = m.start(1)
            for item in re.split(r",\s*|\s+e\s+", m.group(1)):
                pos = text.find(item, offset)
                offset = pos + len(item)
                clean = item.strip(" .")
                if (len(clean) < 3 or not clean[0].isupper() or len(clean.split()) > 4 or self._known_place(clean)
                        or self.knowledge.gazetteer.comune(clean) or self.knowledge.gazetteer.province(clean)):
                    continue
                yield Found("pattern", pos, pos + len(clean), clean, in_participation_list=True)

    def _bare_comuni(self, passage: Passage) -> list[Found]:
        """Comuni named without "Comune di": kept where a province code or a list vouches for them."""
        gaz = self.knowledge.gazetteer
        text = passage.text
        matches = [m for m in longest_non_overlapping(self._comuni.find_all(passage)) if not passage.in_title(m.start)]
        accepted: dict[int, Found] = {}
        extra: list[Found] = []
        for n, m in enumerate(matches):
            after = text[m.end:]
            sigla = _SIGLA.match(after)
            # "Ripalta Cremasca e Guerina (CR)": the second name shares its first word with the first.
            elided = re.match(rf"[ \t]+e[ \t]+({_CAP})[ \t]*\(\s*([A-Z]{{2}})", after)
            if sigla:
                place = gaz.comune(m.target, sigla.group(1))
            elif elided:
                place = gaz.comune(m.target, elided.group(2))
                twin = gaz.comune(f"{m.target.split()[0]} {elided.group(1)}", elided.group(2))
                if not (place and twin and len(m.target.split()) > 1):
                    continue
                s = m.end + elided.start(1)
                extra.append(Found("place", s, s + len(elided.group(1)), twin.name, twin.id, place=twin))
            else:
                continue
            if place:
                accepted[n] = Found("place", m.start, m.end, place.name, place.id, place=place)
        # Three or more Comuni in one list ("di Bergamo, Pavia e Monza") vouch for one another.
        run: list[int] = []
        for n in range(len(matches) + 1):
            if n < len(matches) and run and _LIST_OF_COMUNI.fullmatch(text[matches[run[-1]].end:matches[n].start]):
                run.append(n)
                continue
            if len(run) >= 3:
                for member in run:
                    place = gaz.comune(matches[member].target)
                    if place and member not in accepted:
                        m = matches[member]
                        accepted[member] = Found("place", m.start, m.end, place.name, place.id, place=place)
            run = [n]
        # Members of the same list as a vouched-for Comune are vouched for too.
        changed = True
        while changed:
            changed = False
            for n, m in enumerate(matches):
                if n in accepted:
                    continue
                for other in (n - 1, n + 1):
                    if other in accepted and 0 <= other < len(matches):
                        a, b = sorted((m, matches[other]), key=lambda x: x.start)
                        gap = text[a.end:b.start]
                        if _LIST_OF_COMUNI.fullmatch(gap):
                            place = gaz.comune(m.target)
                            if place:
                                accepted[n] = Found("place", m.start, m.end, place.name, place.id, place=place)
                                changed = True
                                break
        return [*accepted.values(), *extra]


def _initials_match(acronym: str, name: str) -> bool:
    """"INPS" ~ "Istituto Nazionale della Previdenza Sociale", "ACI" ~ "Automobile Club d'Italia"."""
    words = [re.sub(r"^[a-zà-ÿ]+['’]", "", w) for w in re.split(r"[\s\-–]+", name)]
    initials = "".join(w[0] for w in words if w[:1].isupper())
    letters, initials = re.sub(r"[^A-Z]", "", acronym.upper()), initials.upper()
    return len(letters) >= 2 and (letters == initials or len(letters) >= 3 and initials.startswith(letters))


def _acting_list(text: str, sentence_start: int, head: int) -> bool:
    """Whether "i Comuni di A, B e C" names bodies that take part, with no role said: the list opens the sentence
    ("I Comuni di A e B ospiteranno") or follows a verb of involvement ("coinvolge i Comuni di"); not the places
    chosen, followed or concerned ("sono stati scelti i Comuni pilota di", "riguardano i Comuni di")."""
    before = text[sentence_start:head]
    return bool(re.fullmatch(r"\s*[Ii]\s*", before) or re.search(
        r"\b(?:coinvolge|coinvolgono|coinvolgendo|coinvolgerà|coinvolti|coinvolto|composta|composto|formata|formato|"
        r"partecipano|partecipato|aderiscono|hanno aderito)\b[^.;]{0,20}?\b(?:i|ai|dai|e i)\s*$", before)
                or re.search(r"(?:\b(?:con|insieme ai|assieme ai)\s+i|\bdai)\s*$", before))


def _place_list(text: str, pos: int, is_place, limit: int = 20) -> list[tuple[int, int, str, str | None]]:
    """Names in "Milano, Lecco, Lissone (Brianza) e Vibo Valentia" starting at `pos`."""
    items: list[tuple[int, int, str, str | None]] = []
    while len(items) < limit:
        m = _PLACE_ITEM.match(text, pos)
        if not m:
            break
        name = m.group()
        end = m.end()
        # "Fano e Associazione": a list joined with "e" swallowed by the pattern, unless the whole is one name.
        parts = re.split(r"([ \t]+ed?[ \t]+)", name)
        if len(parts) > 1 and not is_place(name):
            # the longest start that is a place ("Sermide e Felonica e Poggio Rusco" → "Sermide e Felonica")
            name = next(("".join(parts[:n]) for n in range(len(parts) - 2, 0, -2) if is_place("".join(parts[:n]))),
                        parts[0])
            end = m.start() + len(name)
        after = text[end:]
        sigla = _SIGLA.match(after)
        items.append((m.start(), end, name, sigla.group(1) if sigla else None))
        rest = end
        paren = re.match(r"\s*\([^)]{1,40}\)", text[rest:])
        if paren:
            rest += paren.end()
        sep = _LIST_SEP.match(text[rest:])
        if not sep:
            break
        pos = rest + sep.end()
    return items


def _comune_prefix(gaz: Gazetteer, name: str) -> Place | None:
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        place = gaz.comune(" ".join(words[:size]))
        if place:
            return place
    return None


def _offices_to_their_bodies(found: list[Found]) -> list[Found]:
    """"Dipartimento di Giurisprudenza dell'Università degli Studi di Brescia" takes part as the university:
    an office named after a known body stands for that body (its mention stretched over the office's name);
    so does a known body's name read on by a pattern ("… Territoriale (ACT)")."""
    known = [f for f in found if f.category in ("org", "self")]
    out = []
    for f in found:
        # Also a known body read with its acronym: "Agenzia per la Coesione Territoriale (ACT)", "Autorità … (ARERA)".
        body = next((k for k in known if f.form in ("ufficio", "sigla") and f.start <= k.start and k.end <= f.end),
                    None)
        if body is None:
            out.append(f)
        else:
            out.append(Found(body.category, f.start, f.end, body.name, body.ref, body.entity, needs_cue=body.needs_cue))
    return out


def _abroad(name: str) -> Place:
    """A place the gazetteer does not know, named as a city or municipality: somewhere abroad."""
    return Place(id=f"estero:{slugify(name, max_words=12)}", name=name, type="area_estera", country="")
