"""The wording around a mention that tells an organisation's role: who funds, leads, partners, benefits.

Each cue is a regular expression read against the words just before a mention (`BEFORE`, anchored at
the mention) or just after it (`AFTER`, anchored at the mention's end), within its sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .mentions import Found
    from .passage import Passage

_ART = r"(?:il|la|lo|l['’]\s*|i|gli|le)"
_DA = r"(?:da|dal|dalla|dallo|dall['’]\s*|dai|dagli|dalle)"
_DI = r"(?:di|del|della|dello|dell['’]\s*|dei|degli|delle)"
_A = r"(?:a|al|alla|allo|all['’]\s*|ai|agli|alle)"

# role → patterns matched against the text before the mention (must reach the mention)
BEFORE: dict[str, tuple[str, ...]] = {
    "lead": (
        rf"\bcapofila(?:\s+(?:italiano|svizzero|nazionale|estero|del progetto))?\s*"
        rf"(?:(?:è|era|sarà)(?:\s+stat[oa])?\s+)?{_ART}?",
        rf"\b(?:coordinat|guidat)[oaie]\s+(?:anche\s+)?{_DA}",
        rf"\bcoordina(?:va|no|vano)?\s+(?:il\s+progetto|l['’]\s*iniziativa|la\s+rete|il\s+partenariato|il\s+percorso)"
        rf"\s+{_ART}?",
        rf"\b(?:soggetto|ente|comune)\s+capofila\s*(?::|(?:è|sarà|era)\b)\s*{_ART}?",
    ),
    "funder": (
        rf"\b(?:co)?finanziat[oaie]\s+(?:anche\s+|interamente\s+|in parte\s+)?{_DA}",
        rf"\b(?:co)?finanziat\w*\s+con\s+(?:le\s+|i\s+)?(?:risorse|fondi)\b[^.;]{{0,80}}?"
        rf"\b(?:attivat|stanziat|mess[ei] a disposizione|erogat|concess)\w*\s+{_DA}",
        rf"\b(?:bando|avviso)\s*(?:[«\"“][^»\"”]{{1,80}}[»\"”]\s*)?(?:{_DI}\s*)?",
        rf"\bselezionat[oaie]\s+{_DA}",
        rf"\b(?:con il|grazie al)\s+(?:contributo|sostegno|finanziamento)\s+(?:economico\s+)?{_DI}",
        rf"\b(?:riceve|ricevono|ha ricevuto|hanno ricevuto)\s+(?:un\s+|i\s+)?contribut[oi]\b[^.;]{{0,40}}?\b{_DI}\s*",
        rf"\brisorse\s+(?:messe a disposizione|stanziate)\s+{_DA}",
        # "le borse sono state pagate dal", "il contributo è erogato dal": the wording says who pays
        rf"\b(?:pagat|erogat|stanziat)[oaie]\s+(?:anche\s+|interamente\s+)?{_DA}",
        rf"\bammess[oaie]\s+a\s+finanziamento\s+{_DA}",
        rf"\b(?:concess|accordat)[oaie]\b[^.;]{{0,40}}?\b{_DA}",
        rf"\bcopert[oaie]\b[^.;]{{0,40}}?\b{_DA}",
        rf"\bcon\s+(?:i\s+)?fondi\s+(?:propri\s+)?{_DI}",
        rf"\bsostenut[oaie]\s+(?:anche\s+)?{_DA}",
        rf"\b(?:ente|soggetto)\s+finanziatore\s*(?::|(?:è|sono|sarà)\b)\s*{_ART}?",
        rf"\b(?:bando|avviso)\s+pubblicat[oa]\s+{_DA}",
        rf"\b(?:sostenut|cofinanziat)[oaie]\s+economicamente\s+{_DA}",
        rf"\bcon il sostegno economico\s+{_DI}\s*",
        rf"\b(?:contribut[oi]|cofinanziamento|finanziamento)\s+(?:economic[oi]\s+|finanziari[oi]\s+)?{_DI}\s*",
        rf"\b(?:risorse|fondi)\b[^.;]{{0,60}}?\b(?:mess[ei] a disposizione|trasferit[ei]|assegnat[ei])\s+{_DA}",
    ),
    "beneficiary": (
        rf"\btarget\b[^.;]{{0,60}}?\b{_DI}\s*",
        rf"\b(?:personale|uffici|dipendenti|operatori|funzionari|servizi sociali)(?:\s+[a-zà-ÿ]+)?\s+{_DI}\s*",
        rf"\b(?:rivolt|destinat)[oaie]\s+{_A}\s*",
        rf"\ba favore\s+{_DI}\s*",
        rf"\ba beneficio\s+{_DI}\s*",
        rf"\b(?:ne\s+)?benefici(?:ano|erà|eranno|ano anche)\s+{_ART}?",
        rf"\b(?:soggett[oi]\s+)?beneficiari[oe]?(?:\s+{_DI}\s*[a-zà-ÿ]+)?\s*"
        rf"(?:(?:sono|è|saranno|erano|sono stat[ie]|è stat[oa])\s+|:\s*)?{_ART}?",
    ),
    "partner": (
        rf"\b(?:accordo|protocollo|convenzione|intesa|partenariato|alleanza|collaborazione|cooperazione)"
        rf"(?:\s+(?:di collaborazione|quadro|interistituzionale))?"
        rf"(?:\s+(?:sottoscritt|siglat|stipulat|avviat|attivat)\w*)?\s+(?:tra|fra|con)\s+"
        rf"(?:ANCI Lombardia\s+e\s+)?{_ART}?",
        # "(col)laborazione con", "collabora con"; also when a column break cut the word after "col-"
        rf"\b(?:col)?labor(?:azione|a|ano|ato|ata|are)\s+(?:anche\s+)?con\s+{_ART}?",
        rf"\bpartner(?:ship)?\s+{_DI}\s*",
        rf"\b(?:insieme|assieme|congiunt[oaie])\s+(?:{_A}|con)\s*(?:{_ART}\s*)?",
        rf"\b(?:in\s+partenariato|d['’]intesa)\s+con\s+{_ART}?",
        rf"\b(?:promoss|realizzat|attuat|curat|gestit)[oa]\s+(?:anche\s+)?{_DA}",
        rf"\ba cura\s+{_DI}\s*",
        rf"\bcon il supporto\s+{_DI}\s*",
        rf"\b(?:hanno partecipato|ha partecipato|partecipano|partecipa)(?:\s+come\s+partner)?\s*:?\s*"
        rf"(?:anche\s+)?{_ART}?",
        rf"\bsono partner\s+{_ART}?(?:\s*[a-zà-ÿ]+){{0,3}}?\s*(?:{_DI}\s*)?",
        rf"\bpartner(?:\s+[a-zà-ÿ]+){{0,2}}\s+(?:è|sono|era|erano|è stat[oa]|sono stat[ie])\s+{_ART}?",
        rf"\bcompost[oa]\s+(?:anche\s+)?{_DA}",
        rf"\bparte\s+del\s+partenariato\b[^.;]{{0,60}}?,?\s*{_ART}?",
        r"\bin convenzione tra loro\s*:\s*",
        # "Il partenariato comprende", "Tra questi figurano" (not "il territorio comprende i Comuni di")
        rf"\b(?:partenariato|rete|partner|questi|consorzio|cordata)\b[^.;]{{0,40}}?\b(?:riunisce|riuniva|comprende|comprendeva|"
        rf"figurano|figuravano|include|includeva)(?:\s*,\s*tra gli altri\s*,)?\s+(?:anche\s+)?{_ART}?",
        rf"\bha unito\s+(?:ANCI Lombardia\s+e\s+)?{_ART}?",
        rf"\bcomplet(?:a|ano|ava|avano)\s+il\s+partenariato\s+{_ART}?",
        rf"\b(?:vi|ne)\s+(?:aderiscono|hanno aderito|partecipano|hanno partecipato)\s+(?:anche\s+)?{_ART}?",
        r"\b(?:enti|soggetti|comuni)\s+aderenti\s*:\s*",
        rf"\btra\s+i\s+soggetti\s+coinvolti\s+(?:figurano\s+|anche\s+|ci sono\s+)?{_ART}?",
        rf"\btra\s+i\s+partner(?:\s+(?:figurano|figuravano|ci sono|c'erano))?\s*,?\s*{_ART}?",
        rf"\b(?:hanno|ha)\s+preso\s+parte(?:\s*,\s*tra gli altri\s*,)?\s+{_ART}?",
        rf"\bhanno partecipato\s*,\s*tra gli altri\s*,\s*{_ART}?",
        rf"\bpartner\w*\b[^.;]{{0,80}}?\btra\s+(?:cui|i quali|questi)\s+{_ART}?",
        rf"\bin qualità di partner(?:\s+[a-zà-ÿ]+)?\s*,?\s*{_ART}?",
        rf"\bin partenariato\s*,\s*{_ART}?",
        rf"\bin raccordo con\s+{_ART}?",
        rf"\baffidat[oaie]\s+(?:{_A}|ad)\s*",
        rf"\bvolontari\s+{_DI}\s*",
    ),
    "other": (
        rf"\b(?:coinvolgimento|indett[oa]|definit[oaie]|organizzat[oaie])\s+(?:congiunto\s+)?"
        rf"(?:{_DI}|{_DA})\s*",
        rf"\b(?:misura|iniziativa|piano|programma)\s+[\"“«][^\"”»]{{2,60}}[\"”»]\s+{_DI}\s*",
        # bodies that own, share out or manage money or rules the card uses: named, not paying for the card
        rf"\b(?:assegnat|ripartit|gestit)[oaie]\s+{_DA}",
        rf"\bdi cui è titolare\s+{_ART}?",
        rf"\bsottoscritt[oaie]\s+con\s+{_ART}?",
    ),
}

# role → patterns matched against the text after the mention
AFTER: dict[str, tuple[str, ...]] = {
    "lead": (
        r"^\s*\(\s*capofila\s*\)",
        r"^\s*,?\s*(?:che\s*,?\s*)?(?:come|in qualità di|quale)\s+capofila",
        r"^\s*,\s*capofila\b",
        r"^\s*(?:ne\s+)?(?:è|era|sarà|è stat[oa])\s+(?:il\s+|l['’]\s*)?(?:ente\s+|soggetto\s+)?capofila\b",
        r"^\s*,\s*(?:ente|soggetto)\s+(?:attuatore|capofila)\b",
    ),
    "beneficiary": (
        r"^\s*,\s*(?:ente|soggetto)\s+beneficiari[oa]\b",
        r"^\s*(?:è|sarà|era)\s+(?:il\s+)?(?:soggetto|ente)\s+beneficiari[oa]\b",
    ),
    "funder": (
        r"^\s*(?:ha|hanno)\s+(?:\S+\s+){0,7}?(?:avviato|pubblicato|emanato|indetto|lanciato|bandito|aperto)\s+"
        r"(?:\S+\s+){0,6}?(?:il\s+|l['’]\s*|un\s+|una\s+|del\s+|della\s+|i\s+|gli\s+)?(?:nuov[oa]\s+)?(?:bando|avviso|misura)",
        r"^\s*(?:finanzia|cofinanzia|ha finanziato|ha cofinanziato|ha stanziato|eroga|erogherà|ha erogato)\b",
        r"^\s*(?:mette|metterà|ha messo|mettono|metteranno|hanno messo)\s+a\s+disposizione\b[^.;]{0,30}?"
        r"\b(?:risorse|fondi|contribut|euro|€)",
        r"^\s*(?:sostiene|sosterrà|ha sostenuto|sostengono|hanno sostenuto)\b[^.;]{0,40}?"
        r"\b(?:contribut|economicamente|finanziariamente|cost[oi]|spese|risorse)",
        r"^\s*,?\s*che\s+ne\s+(?:sostiene|copre|finanzia|cofinanzia)\b",
        r"^\s*(?:ha|hanno)\s+(?:già\s+)?ammesso\s+a\s+(?:contributo|finanziamento)\b",
        r"^\s*(?:ha|hanno)\s+(?:già\s+)?(?:assegnato|concesso|erogato|stanziato)\b[^.;]{0,60}?"
        r"\b(?:contribut|finanziament|risorse|euro|€)",
        # "Regione Lombardia le ha destinate all'area interna" (the resources named before)
        r"^\s*(?:le|li|la|lo|ne)\s+(?:ha|hanno)\s+(?:destinat|assegnat|stanziat|erogat|trasferit)[oaie]\b",
    ),
    "partner": (
        r"^\s*(?:collabora|collaborano|partecipa|partecipano|aderisce|aderiscono|ha aderito|hanno aderito)\b",
        r"^\s*,\s*in qualità di partner\b",
    ),
}

# A whole-sentence cue: the subject of "ha dato avvio" after "con la pubblicazione del bando" funds it.
FUNDER_SUBJECT = re.compile(r"\bpubblicazione\s+(?:del|di un)\s+(?:nuovo\s+)?(?:bando|avviso)\b", re.IGNORECASE)
SUBJECT_VERB = re.compile(r"^\s*(?:ha|hanno)\b", re.IGNORECASE)

# Words between two mentions of one list ("A, B e C", "A. B" where the OCR read a comma as a full stop).
LIST_GAP = re.compile(
    rf"^[\s()]*(?:\([^()]{{0,40}}\)[\s()]*)?(?:[,;./–(-]|\be\b|\bed\b|\(?\s*in particolare\b)[\s()]*"
    rf"(?:(?:e|ed|anche)\s+)?(?:con\s+)?(?:{_DA}\s*|{_ART}\s*|{_A}\s*|{_DI}\s*)?$",
    re.IGNORECASE,
)

# "(co)finanziati da" after programmes, funds or calls in the plural says who pays for those, not for the card.
_FUNDS_SOMETHING_ELSE = re.compile(
    rf"\b(?:programm[ai]|fondi|bandi|avvisi|misure|strumenti|interventi)\b(?:\s+[a-zà-ÿ]+){{0,3}}?\s+"
    rf"(?:co)?finanziat[ie]\s+(?:anche\s+)?{_DA}\s*$", re.IGNORECASE)

_BRACKETED_ACRONYM = re.compile(r"^\s*\([A-Z][A-Za-z.&]{1,11}\)")
_APPOSITION = re.compile(r"^\s*,\s*(?:attraverso|tramite|con|per mezzo di|grazie a|in qualità di)\b[^,;.]{1,80},")
# After the last name of a list, a role for the whole list: "i Comuni di A, B e C, in qualità di partner".
_LIST_AFTER = re.compile(r"^\s*,?\s*(?:in qualità di|come) partner\b", re.IGNORECASE)

ROLE_ORDER = ("lead", "funder", "beneficiary", "partner", "other")

_BEFORE = {role: tuple(re.compile(f"(?:{p})\\s*$", re.IGNORECASE) for p in patterns)
           for role, patterns in BEFORE.items()}
_AFTER = {role: tuple(re.compile(p, re.IGNORECASE) for p in patterns) for role, patterns in AFTER.items()}


def roles_from_context(before: str, after: str, sentence_before: str) -> tuple[set[str], set[str]]:
    """Roles the words before and the words after one mention give it (kept apart: the words before a
    list speak for the whole list, the words after a name only for that name).

    >>> roles_from_context("il progetto è stato finanziato da ", " ed è coordinato", "")
    ({'funder'}, set())
    >>> roles_from_context("ANCI Lombardia è partner del ", " che, come capofila, ha presentato", "")
    ({'partner'}, {'lead'})
    """
    ahead = {role for role, patterns in _BEFORE.items() if any(p.search(before) for p in patterns)}
    if "funder" in ahead and _FUNDS_SOMETHING_ELSE.search(before):
        ahead.discard("funder")  # "i programmi regionali cofinanziati dall'Unione europea": not this card's money
    after = _BRACKETED_ACRONYM.sub("", after, count=1)  # "la … Executive Agency (EACEA) eroga il contributo"
    behind = {role for role, patterns in _AFTER.items() if any(p.search(after) for p in patterns)}
    if not behind and (apposition := _APPOSITION.match(after)):
        # "Regione Lombardia, attraverso la Direzione Generale …, finanzia": the verb after the inserted clause
        behind = {role for role, patterns in _AFTER.items() if any(p.search(after[apposition.end():])
                                                                   for p in patterns)}
    if FUNDER_SUBJECT.search(sentence_before) and SUBJECT_VERB.search(after):
        behind.add("funder")
    return ahead, behind


def assign_roles(found: list[Found], passage: Passage) -> None:
    """Give each organisation mentioned the roles the wording around it, or around its list, says."""
    text = passage.text
    actors = [f for f in found if f.category in ("self", "org", "pattern")]
    for f in actors:
        s_start, s_end = passage.sentence(f.start)
        before = text[max(s_start, f.start - 160):f.start]
        after = text[f.end:min(s_end, f.end + 160)]
        f.roles_ahead, behind = roles_from_context(before, after, text[s_start:f.start])
        f.roles = f.roles_ahead | behind
    # Lists: "collaborazione tra A, B e C" gives the words before A to B and C too; a body listed with
    # ANCI Lombardia ("A e ANCI Lombardia hanno siglato") acts with it, as a partner.
    groups: list[list[Found]] = []
    for f in actors:
        gap = text[groups[-1][-1].end:f.start] if groups else ""
        # A full stop joins a list only where the OCR read a comma as one: inside a list a cue opened.
        if groups and LIST_GAP.match(gap) and ("." not in gap or groups[-1][0].roles_ahead):
            groups[-1].append(f)
        else:
            groups.append([f])
    for group in groups:
        head = group[0]
        if len(group) > 1 and _LIST_AFTER.match(text[group[-1].end:group[-1].end + 60]):
            for g in group:
                g.roles_ahead = g.roles_ahead or {"partner"}
        s_start, _ = passage.sentence(head.start)
        participation = bool(re.search(r"hanno partecipato", text[max(0, s_start - 40):head.start], re.I))
        with_self = len(group) > 1 and any(g.category == "self" for g in group)
        participants = [g for g in group if g.category != "self"]
        for g in participants:
            if not g.roles & {"lead", "funder", "beneficiary", "partner"}:
                g.roles |= head.roles_ahead
            if with_self and not g.roles & {"lead", "funder", "beneficiary"}:
                g.roles.add("partner")
            g.in_participation_list = g.in_participation_list or participation
        if len([g for g in participants if "lead" in g.roles]) > 2:
            # Many "capofila" in one list lead something else (the groups they head): served, not leading.
            for g in participants:
                g.roles = (g.roles - {"lead"}) | {"beneficiary"}
