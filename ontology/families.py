"""Families of funding programmes: the top of the programme scheme, so "every EU programme" or "every
regional programme" is one step up `skos:broader`, whatever a card calls the programme."""

from __future__ import annotations

import re

from loaders.registry import Entity

# family key → (Italian label, English label)
FAMILIES: dict[str, tuple[str, str]] = {
    "ue-gestione-diretta": ("Programmi UE a gestione diretta", "EU programmes under direct management"),
    "ue-gestione-concorrente": ("Fondi UE a gestione concorrente", "EU funds under shared management"),
    "cooperazione-territoriale": ("Cooperazione territoriale europea (Interreg)", "European territorial cooperation"),
    "programmazione-ue": ("Programmazione europea", "EU programming periods"),
    "piani-nazionali": ("Piani nazionali (PNRR, PNC …)", "National plans"),
    "programmi-nazionali": ("Programmi nazionali (PN, PON e altri)", "National programmes"),
    "fondi-nazionali": ("Fondi e strategie nazionali", "National funds and strategies"),
    "programmi-regionali": ("Programmi regionali", "Regional programmes"),
    "programmi-esteri": ("Programmi di Stati esteri", "Programmes of other states"),
}
_BY_TYPE = {
    "programma_ue": "ue-gestione-diretta", "fondo_ue": "ue-gestione-concorrente", "quadro_ue": "programmazione-ue",
    "piano_nazionale": "piani-nazionali", "programma_nazionale": "programmi-nazionali",
    "fondo_nazionale": "fondi-nazionali", "strategia_nazionale": "fondi-nazionali",
    "programma_regionale": "programmi-regionali", "programma_estero": "programmi-esteri",
}


def family_of(entity: Entity | None, name: str) -> str | None:
    """The family of a programme with no broader programme: by its registry type, or for a programme found by
    its form, by its name ("Programma sperimentale nazionale di …", "Fondo per …")."""
    if entity is not None:
        if entity.id.startswith("interreg"):
            return "cooperazione-territoriale"
        return _BY_TYPE.get(entity.type)
    if re.search(r"\bregional[ei]\b|\bPR\b|\bPOR\b", name, re.IGNORECASE):
        return "programmi-regionali"
    if re.match(r"Piano\b", name):
        return "piani-nazionali"
    if re.match(r"Programma\b", name):
        return "programmi-nazionali"
    if re.match(r"(?:Fondo|Strategia)\b", name):
        return "fondi-nazionali"
    return None
