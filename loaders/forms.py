"""How names are written: the heads, legal forms, joining words and lists by which bodies, places and
programmes are found in running text without the registry knowing them (used by `mentions`)."""

from __future__ import annotations

import re

# A capitalised word (hyphens and apostrophes inside allowed: "TER-NA", "Anci-Sa", "D'Annunzio").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
CAP = rf"(?:[{UPPER}][\w'’&+\-]*[\w+]|[{UPPER}])"
QUOTED = r"(?:\"[^\"\n]{2,40}\"|“[^”\n]{2,40}”)"
WORD = rf"(?:{CAP}|{QUOTED})"
# "ASST della Valtellina e dell'Alto Lario": "e" before an articulated preposition goes on with the same name.
# (Not before another body: "della Fondazione Cariplo e della Fondazione Comunitaria".)
ANOTHER_BODY = (r"(?![ \t]*(?:Fondazion|Comunit|Comun|Provinc|Region|Associazion|Consorzi|Cooperativ|Universit|Camer|"
                r"Federazion|Ret[ei]\b|Agenzi|Aziend|Ent[ei]\b|ATS|ASST|Union|Città|Istitut|Minister|Dipartiment|Parc))")
JOIN = (r"(?:di|del|della|dei|degli|delle|dello|per|la|le|il|lo|gli|in|sul|sulla|dell['’]\s*|sull['’]\s*|all['’]\s*|"
        r"d['’]\s*|l['’]\s*"
        rf"|e[ \t]+(?:della|delle|dello|degli|dei|del)\b{ANOTHER_BODY}|e[ \t]+dell['’]\s*{ANOTHER_BODY})")
# Up to two joining words between capitalised ones: "Agenzia per la Coesione", "Istituto per l'Analisi".
NAME = rf"{WORD}(?:[ \t]+(?:{JOIN}[ \t]*){{0,2}}{WORD})*"

# Capitalised words after a head that start a sentence or describe the body, rather than name it.
NOT_A_NAME = (r"(?:Il|Lo|La|Le|Gli|I|L['’]|Un|Una|Uno|Accreditat[oaie]|Capofila|Local[ei]|Pubblic[oaie]|"
              r"Attuator[ei]|Gestor[ei]|Promotor[ei]|Partner|Titolar[ei]|Beneficiari[oa]?|Ospitant[ei]|"
              r"Proponent[ei]|Aderent[ei]|Finanziator[ei])\b")
# "l'associazione dei Comuni" names a kind of body, not one body.
GENERIC = frozenset("comuni comune enti ente regione regioni province provincia stato paesi unione amministrazioni "
                    "italiana italiano europea europeo nazionale".split())
MANAGING_AUTHORITY = re.compile(r"\bAutorità di Gestione\b")
GOVERNED = re.compile(r"^(?:Cantone|Canton|Regione|Land|Contea|Provincia|Municipalità)\b")
# "i Comuni soci di", not "i Comuni delle province di" (those name provinces)
COMUNI_HEAD = re.compile(r"\b(?:Comun([ei])(?:\s+(?!provinc|region|aree|area|vall)[a-zà-ÿ]+){0,2}?|Municipalità|Città)"
                         r"\s+di\s+")
PROVINCE_HEAD = re.compile(r"\b[Pp]rovinc(?:ia|e)\s+(?:di|del|della|dell['’])\s*")
METRO = re.compile(rf"(?<![/\w])Città\s+[Mm]etropoli(?:tana(?:\s+di\s+({CAP}))?(?![/\w])|-$|-\n)", re.MULTILINE)
MOUNTAIN = re.compile(rf"\bComunità\s+[Mm]ontana\s+(?:(?:della|del|dell['’]|di)\s*)?{NAME}")
# "Ambito di Desio", "gli Uffici di Piano degli Ambiti territoriali di Garbagnate Milanese, Rho e Corsico"
AMBITO = re.compile(r"\b(?:(?P<office>Uffic(?:io|i) di Piano)\s+(?:dell['’]\s*|degli\s+))?[Aa]mbit(?P<plural>[oi])\s+"
                    r"(?:territorial[ei]\s+|distrettual[ei]\s+|social[ei]\s+)?(?:di|del|della)\s+")
CITY = re.compile(r"\b(?:città|municipalità|governatorato|distretto)(?:\s+[a-zà-ÿ]+){0,2}?\s+(?:di|del|della)\s+")
LIST_OF_COMUNI = re.compile(r"(?:[ \t]*\([A-Z\-– ]+\))?[ \t]*(?:,|,?[ \t]+ed?)[ \t]+(?:(?:a|in|di)[ \t]+)?")
SIGLA = re.compile(r"^\s*\(\s*([A-Z]{2})(?:\s*[-–/]\s*[A-Z]{2})*\s*\)")
LIST_SEP = re.compile(r"^(?:[ \t]*,[ \t]*|[ \t]+ed?[ \t]+|[ \t]*,[ \t]*ed?[ \t]+)(?:di[ \t]+)?")
PLACE_JOIN = (r"(?:(?:di|del|della|delle|dei|degli|dello|de|sul|sulla|su|al|alla|in|con|ed|e|sopra|sotto)[ \t]+"
              r"|(?:de|d|dell|sull|all)['’][ \t]*)")
PLACE_ITEM = re.compile(rf"{CAP}(?:(?:[ \t-]+|(?<=['’])){PLACE_JOIN}{{0,2}}{CAP})*")
PAREN = re.compile(r"\(([^()]{2,120})\)")
NATIONAL = re.compile(r"nazional|regional|Dipartiment|Minister|\bStato\b|\bANCI\s+[A-Z][a-z]")
# "l'associazione austriaca Jugendnetzwerk Oberland": a kind of body, a qualifier or two, then its name.
QUALIFIER = r"(?:[a-zà-ÿ]+\s+){0,2}?"
NAMED_BODIES = (
    ("fondazione", rf"\b[Ff]ondazione\s+{QUALIFIER}(?P<name>{NAME})"),
    ("associazione", rf"\b[Aa]ssociazione\s+{QUALIFIER}(?P<name>{NAME})"),
    ("consorzio", rf"\b[Cc]onsorzio\s+{QUALIFIER}(?P<name>{NAME})"),
    ("cooperativa", rf"\b[Cc]ooperativa\s+{QUALIFIER}(?P<name>{NAME})"),
    ("universita", rf"\b(?:Università|Politecnico)\s+(?:degli\s+Studi\s+)?(?:(?:di|del|della|dell['’])\s*)?{NAME}"),
    # "Casa delle donne di Voghera APS": a name ending in a legal form may have lower-case words inside.
    ("impresa", rf"\b(?!{NOT_A_NAME}){CAP}(?:[ \t]+(?!(?:e|ed|o|con|tra|che|come|per|è|sono|ha|hanno|era|erano|"
                rf"dal|dalla|dallo|dai|dagli|dalle|al|alla|ai|il|lo|i|gli|un|una|uno)\b)(?:[a-zà-ÿ'’]+|{CAP}))"
                rf"{{0,6}}?[ \t]+"
                r"(?:S\.\s?p\.\s?A\.?|SpA|Spa|SPA|S\.\s?r\.\s?l\.?|Srl|SRL|S\.c\.r\.l\.?|Scarl|Onlus|ONLUS|APS|ETS|ODV|OdV|"
                r"ASD|SSD|GmbH|gGmbH|AG|Ltd|asbl|e\.\s?V\.)(?!\w)"),
    # "Sport e Salute S.p.A.": two capitalised words joined by "e", then a company's legal form (an association's
    # would as often end a list: "Ecomate e Fenice Onlus")
    ("impresa", rf"\b(?!{NOT_A_NAME}){CAP}[ \t]+e[ \t]+{CAP}[ \t]+(?:S\.\s?p\.\s?A\.?|SpA|[Ii]mpresa [Ss]ociale)"
                r"(?!\w)"),
    ("associazione_enti_locali", rf"\bANCI\s+{CAP}"),
    ("gal", rf"\bGAL\s+{NAME}"),
    ("azienda_sanitaria", rf"\b(?:ATS|ASST)\s+(?:(?:di|del|della)\s+)?{NAME}"),
    ("centro", rf"\bCentro\s+(?:Studi|Servizi|Ricerche)\s+{NAME}"),
    # State offices named after their seat: "Prefettura di Milano", "Camera di Commercio di Pavia".
    ("ufficio_territoriale", rf"\b(?:Prefettura|Questura|Tribunale|Procura della Repubblica|Camera di Commercio"
                             rf"|Ufficio Scolastico (?:Regionale|Territoriale)|Agenzia delle Entrate)"
                             rf"(?:\s*[-–]\s*UTG)?\s+(?:di|del|della|per la|per il)\s+{NAME}"),
    ("ufficio_territoriale", rf"\bSoprintendenza\s+{CAP}[^.;()\n]{{3,100}}?\s+per\s+(?:le\s+province|la\s+provincia"
                             rf"|la\s+città(?:\s+metropolitana)?)\s+di\s+{CAP}(?:[ \t]+e[ \t]+{CAP})*"),
    ("parco", rf"\b(?:Ente\s+)?Parco\s+(?:regionale\s+|naturale\s+|agricolo\s+|nazionale\s+)?"
              rf"(?:(?:del|della|dei|delle|dell['’])\s*)?{NAME}"),
    ("ufficio", rf"\b(?:Sezione|Dipartimento|Centro Studi)\s+(?:[A-ZÀ-Ý][\w'’-]*|[a-zà-ÿ]+)"
                rf"(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|[a-zà-ÿ]+)){{0,4}}?"
                rf"(?:\s*\([A-Z]{{2,6}}\))?(?:\s+(?:del|della|dell['’]|dei|delle|di)\s*{NAME})+"),
)
# Heads that make a body of the capitalised name after them, in Italian ("Federazione Nazionale delle Pro Loco",
# "Rete dei Comuni Sostenibili", "Compagnia di San Paolo") and as bodies abroad write them, where the joining
# words are those of their language ("Federación Española de Municipios y Provincias", "Land Tirol").
BODY_HEADS = (r"Federazione|Confederazione|Rete|Agenzia|Azienda|Ente|Compagnia|Istituto|Unione|Comitato|"
              r"Coordinamento|Osservatorio|Accademia|Museo|Ordine|Collegio|Cassa|Banca|Conferenza|Camera di "
              r"[Cc]ommercio|Sistema|Gruppo|Cooperativa|Consulta|Forum|Ecomuseo|Distretto|Biblioteca|Teatro|Caritas|"
              r"Dipartimento per|Segreteria di Stato|Autorità di [Bb]acino(?: distrettuale)?(?: del fiume)?|"
              r"Autorità per|Gestore|"
              r"Automobile Club|Croce Rossa|Pro Loco")
FOREIGN_HEADS = (r"Land|Kanton|Canton|Cantone|Gemeinde|Marktgemeinde|Stadtgemeinde|Landkreis|Bezirk|Stadt|"
                 r"Federación|Asociación|Fundación|Ayuntamiento|Diputación|Mancomunidad|Generalitat|Comunidad|"
                 r"Communauté de communes|Communauté d['’]agglomération|Communauté|Département|Association|"
                 r"Fédération|Fondation|Verein|Verband|Landesverband|Stiftung|"
                 r"Universität|Universidad|Universitat|Université|University|Hochschule|Instituto|Institut|Agencia|"
                 r"Agence|Agentur|Municipio|Município|Diputació|Grad|Câmara Municipal|Kommune|Gmina|Občina|Obec|"
                 r"Stowarzyszenie|"
                 r"Regionalverband|Amt|Departement|Région|Provincia de|Comarca|Consell|Conseil|Ajuntament|Ville|"
                 r"Město|Miasto|Mesto|Občina|Consejo|Fachhochschule|Volkshochschule|Univerza|Uniwersytet|"
                 r"Univerzita|Gemeindetag|Landesverband|Skupnost|Zveza|Comune de|Município de|Universidade|"
                 r"Universiteit|Regione")
FOREIGN_JOIN = (r"(?:de|del|de la|de las|de los|des|du|de l['’]|d['’]|y|i|et|und|für|der|die|das|von|zu|am|"
                r"im|an der|bei|ob|an|sur|sous|en|v|na|w|z|do|da|dos|das|of|for|the|and|la|le|les|el)")
FOREIGN_NAME = rf"{WORD}(?:(?:[ \t]+{FOREIGN_JOIN}(?:[ \t]+|(?<=['’]))|[ \t]+){WORD})*"
# A name of capitalised words (joined as names are) with its acronym: after it in brackets, before it in
# brackets, or before it with a dash.
ACRO_JOIN = r"(?:and|of|for|the|van|voor|en|und|für|de|des)"  # as bodies abroad join the words of their names
ACRO_NAME = rf"{CAP}(?:[ \t]+(?:{JOIN}[ \t]*|ed?[ \t]+|{ACRO_JOIN}[ \t]+){{0,2}}{CAP}){{1,9}}"
ACRONYM_FORMS = (
    re.compile(rf"(?P<name>{ACRO_NAME})[ \t]*\((?P<acronym>[A-Z][A-Za-z]{{1,9}})\)"),
    re.compile(rf"\((?P<acronym>[A-Z]{{2,8}})\)[ \t]*(?P<name>{ACRO_NAME})"),
    re.compile(rf"\b(?P<acronym>[A-Z]{{2,8}})[ \t]*[–-][ \t]*(?P<name>{ACRO_NAME})"),
)
ACRONYM_OF_PLACES = re.compile(r"\b(?P<acronym>[A-Z]{3,6})\s+di\s+(?=[A-ZÀ-Ý])")
PROGRAMME_HEADS = frozenset("fondo programma piano strategia bando avviso iniziativa progetto missione misura "
                            "componente asse obiettivo investimento azione linea".split())
# ("Coldiretti Brescia", "Auser Alto Lario": a network's branch may be named after its place too)
REGIONAL_BRANCH = re.compile(rf"\b(?:(?P<body>[A-Z]{{3,8}})[ \t]+(?:Lombardia|Lombarda)\b|(?:Conf[a-z]+|Lega[a-z]+|"
                             rf"Feder[a-z]+|Uncem|Coldiretti|Legambiente|Auser|Acli|Arci|Cisl|Cgil|Uil|CAI)[ \t]+{CAP}"
                             rf"(?:[ \t]+{CAP})?)")
LIST_CUE = re.compile(r"\b(?:in partenariato con|in collaborazione con|(?:il\s+)?partenariato\s+(?:comprende|include|"
                      r"comprendeva|includeva|è composto da|era composto da)|"
                      r"partner\s+(?:del progetto\s+)?(?:sono|erano)|tra i partner(?:\s+figura(?:va)?no)?|"
                      r"hanno (?:preso parte|partecipato)|complet(?:a|ano|ava|avano) il partenariato|"
                      r"insieme a|tra i soggetti coinvolti(?:\s+(?:figurano|anche))?|vi partecipano(?:\s+anche)?|"
                      r"c['’]è\s+anche|"
                      r"partner(?:\s+[a-zà-ÿ]+)?\s+(?:è|era|sarà)|(?:guidat|coordinat|promoss)[oa]\s+da|"
                      r"(?:finanziat|sostenut)[oa]\s+(?:economicamente\s+)?da|messe a disposizione da|"
                      r"(?:soggetto|ente)\s+(?:capofila|finanziatore)\s*:)\s*:?\s+", re.IGNORECASE)
RUNS_ON_LOWER = re.compile(r"[ \t]+(?:di|del|della|dei|delle|per)[ \t]+[a-zà-ÿ]")
# One item of such a list: an article, a name, and what separates it from the next.
LIST_ITEM = re.compile(rf"(?:(?:il|lo|la|i|gli|le|l['’])[ \t]*)?(?P<name>{CAP}(?:(?:[ \t]+{FOREIGN_JOIN}(?:[ \t]+|"
                       rf"(?<=['’]))|[ \t]+(?:{JOIN}[ \t]*)?){CAP}){{0,8}})"
                       rf"(?:[ \t]*,[ \t]*(?:ed?[ \t]+)?(?:con[ \t]+)?|[ \t]+ed?[ \t]+(?:con[ \t]+)?)?")
# Governments abroad, named by their head and their place: the place is what follows the head.
TERRITORIAL_ABROAD = re.compile(
    r"^(?:Regione|Land|Kanton|Canton|Cantone|Gemeinde|Marktgemeinde|Stadtgemeinde|Landkreis|Bezirk|Stadt|Ayuntamiento|"
    r"Ajuntament|Diputación(?:\s+Provincial)?|Mancomunidad|Comunidad|Communauté de communes|Communauté|Département|"
    r"Région|Ville|Město|Miasto|Mesto|Občina|Municipio|Município|Kommune|Gmina|Obec|Comarca)"
    r"\s+(?:(?:de la|de las|de los|de l['’]|del|de|du|des|d['’]|am|an der)\s*)?")
# A body known by an acronym in brackets, after its name or before it: "Agenzia per la Coesione Territoriale
# (ACT)", "INPS (Istituto Nazionale della Previdenza Sociale)". These heads name a body only with an acronym.
ACRONYM_HEADS = (rf"{BODY_HEADS}|Ministero|Dipartimento|Autorità|Consiglio|Servizio|Ufficio|Centro|Direzione|"
                 r"Segretariato|Commissione|Organizzazione|Corpo|Polizia|Protezione|Difensore|Garante|Parco|"
                 r"Fondazione|Associazione|Consorzio|Università|Politecnico")
NAMED_BODIES += (
    ("ente", rf"\b(?:{BODY_HEADS})[ \t]+(?:[a-zà-ÿ]+[ \t]+){{0,2}}?(?!{NOT_A_NAME})(?P<name>{NAME})"),
    ("estero", rf"\b(?:{FOREIGN_HEADS})[ \t]+(?:{FOREIGN_JOIN}(?:[ \t]+|(?<=['’])))?(?P<name>{FOREIGN_NAME})"),
    ("sigla", rf"\b(?:{ACRONYM_HEADS})(?:[ \t]+(?:{JOIN}[ \t]*)?{WORD}|[ \t]+[a-zà-ÿ]+(?:['’][a-zà-ÿ]+)?){{0,10}}?"
              r"[ \t]*\((?P<acronym>[A-Z][A-Za-z&.]{1,9})\)"),
    ("sigla", rf"\b(?P<acronym>[A-Z]{{2,8}})[ \t]*\((?:{ACRONYM_HEADS})(?:[ \t]+(?:{JOIN}[ \t]*)?{WORD}"
              r"|[ \t]+[a-zà-ÿ]+){0,10}?\)"),
)
# Words that end a name and start the rest of the sentence.
NOT_IN_A_NAME = re.compile(r"\s(?:nel|nella|nell['’]\w*|nei|con|che|è|sono|ha|hanno|dal|dalla|tra|fra|come|"
                           r"a valere)\s", re.IGNORECASE)
NAMED_BODY_RES = tuple((kind, re.compile(pattern)) for kind, pattern in NAMED_BODIES)
# A programme, plan or fund by its form: a head, its level, and what it is for, up to the end of the phrase.
PROGRAMME_BY_FORM = re.compile(
    r"\b(?:(?P<head>Programma|Piano|Strategia)|Fondo)\s+(?:(?:sperimentale|straordinario|speciale|operativo|rotativo|"
    r"unico)\s+)?(?(head)(?:[Nn]azionale|[Rr]egionale|[Ee]uropeo|[Ee]uropea)\s+|(?:(?:[Nn]azionale|[Rr]egionale)\s+)?)"
    r"(?:(?:di|per|del|della|dei|delle|sul|sulla|a sostegno)\s+[^.,;:()«»\"\n]{3,90}?"
    r"(?=\s*(?:[.,;:()–]|$)|\s+(?:e|ed|che|con|nel|nella|è|sono|ha|hanno|ai|alle|agli|di [A-Z])\s)"
    r"|[«\"“][^»\"”\n]{3,60}[»\"”])")
MONEY_CUE = re.compile(r"(?:finanziat|a valere|\bfond[oi]\b|risorse|contribut|sostegno economico)", re.IGNORECASE)


def initials_match(acronym: str, name: str) -> bool:
    """"INPS" ~ "Istituto Nazionale della Previdenza Sociale", "ACI" ~ "Automobile Club d'Italia"."""
    words = [re.sub(r"^[a-zà-ÿ]+['’]", "", w) for w in re.split(r"[\s\-–]+", name)]
    initials = "".join(w[0] for w in words if w[:1].isupper())
    letters, initials = re.sub(r"[^A-Z]", "", acronym.upper()), initials.upper()
    return len(letters) >= 2 and (letters == initials or len(letters) >= 3 and initials.startswith(letters))


def acting_list(text: str, sentence_start: int, head: int) -> bool:
    """Whether "i Comuni di A, B e C" names bodies that take part, with no role said: the list opens the sentence
    ("I Comuni di A e B ospiteranno") or follows a verb of involvement ("coinvolge i Comuni di"); not the places
    chosen, followed or concerned ("sono stati scelti i Comuni pilota di", "riguardano i Comuni di")."""
    before = text[sentence_start:head]
    return bool(re.fullmatch(r"\s*[Ii]\s*", before) or re.search(
        r"\b(?:coinvolge|coinvolgono|coinvolgendo|coinvolgerà|coinvolti|coinvolto|composta|composto|formata|formato|"
        r"partecipano|partecipato|aderiscono|hanno aderito)\b[^.;]{0,20}?\b(?:i|ai|dai|e i)\s*$", before)
                or re.search(r"(?:\b(?:con|insieme ai|assieme ai)\s+i|\bdai)\s*$", before))
