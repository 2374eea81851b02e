"""The words of the network view, in Italian (the users' language) and English: one table for the page, the
tooltips and the script (which gets the `script` part in its data block)."""

from __future__ import annotations

LANGUAGES = ("it", "en")

STRINGS: dict[str, dict] = {
    "it": {
        "presets": {
            "recurring": ("Partner ricorrenti", "Le organizzazioni del catalogo, grandi quanto le attività a cui "
                          "partecipano, collegate dalle attività che condividono (spessore: quante)."),
            "funders": ("Finanziatori", "Chi finanzia, attraverso quali programmi, quali attività: da sinistra a "
                        "destra finanziatori, programmi, attività."),
            "area": ("Area interna", "Un'area interna, i suoi Comuni e ogni attività che ne tocca almeno uno."),
            "ego": ("Rete di un'entità", "Le attività, le organizzazioni, i programmi e i territori collegati "
                    "all'entità scelta, a uno o due passi."),
        },
        "types": {"project": "Progetti", "service": "Servizi", "organization": "Organizzazioni",
                  "programme": "Programmi", "area": "Aree interne", "place": "Territori"},
        "type": {"project": "Progetto", "service": "Servizio", "organization": "Organizzazione",
                 "programme": "Programma", "area": "Area interna", "place": "Territorio"},
        "place_kinds": {"comune": "Comune", "provincia": "Provincia", "citta_metropolitana": "Città metropolitana",
                        "area_interna": "Area interna", "regione": "Regione", "stato": "Stato", "altro": "Territorio"},
        "roles": {"lead": "capofila", "partner": "partner", "funder": "finanziatore", "beneficiary": "beneficiario",
                  "implementer": "attuatore", "other": "altro ruolo"},
        "statuses": {"ongoing": "in corso", "planned": "in progettazione", "completed": "concluso"},
        "facts": {"status": "Stato", "theme": "Tema", "years": "Anni", "budget": "Costo complessivo",
                  "lead": "Capofila", "ancilab": "Con AnciLab", "source": "Scheda", "activities": "Attività",
                  "roles": "Ruoli", "broader": "Fa parte di", "province": "Provincia"},
        "yes": "sì",
        "money": "{amount} €",
        "thousands": ".",
        "since": "dal {year}",
        "page": {
            "presets": "Viste", "area": "Area interna", "focus": "Entità", "depth": "Passi", "show": "Mostra",
            "types": "Tipi", "all": "Tutti", "theme": "Tema", "funder": "Finanziatore", "programme": "Programma",
            "status": "Stato", "role": "Ruolo", "years": "Anni di attività", "from": "dal", "to": "al",
            "reset": "Azzera i filtri", "legend": "Legenda", "search": "Cerca",
            "searchHint": "un'organizzazione, un'attività…", "fit": "Adatta", "language": "English",
            "sizeHint": "Le organizzazioni sono grandi quanto il numero di attività in cui compaiono.",
            "clickHint": "Passa sopra un nodo per i dettagli e le parole del catalogo; fai clic per aprirne la "
                         "pagina (Ctrl+clic: in una nuova scheda).",
            "noscript": "La rete si disegna con JavaScript: attivalo per vederla.",
            "unknownPreset": "Vista sconosciuta", "unknownFocus": "Entità non trovata",
            "unknownArea": "Area non trovata", "badRequest": "Richiesta non valida",
        },
        "script": {
            "nodes": "{n} nodi", "oneNode": "1 nodo", "edges": "{n} collegamenti", "oneEdge": "1 collegamento",
            "layingOut": "Disposizione della rete… {percent}%", "notFound": "Nessun nodo corrisponde a «{text}».",
            "hiddenByFilters": "Il nodo è nascosto dai filtri.", "lines": "catalogo, righe {lines}",
            "csvHeader": ["iri", "nome", "tipo", "attività", "pagina"],
            "shared": "Attività in comune", "activities": "Attività", "roles": "Ruoli", "via": "Tramite",
            "andMore": "e altre {n}",
        },
    },
    "en": {
        "presets": {
            "recurring": ("Recurring partners", "The catalogue's organisations, as large as the number of activities "
                          "they take part in, linked by the activities they share (width: how many)."),
            "funders": ("Funders", "Who funds which activities through which programmes: funders, programmes and "
                        "activities from left to right."),
            "area": ("Inner area", "An area interna, its Comuni and every activity touching at least one of them."),
            "ego": ("Network of an entity", "The activities, organisations, programmes and places linked to the "
                    "chosen entity, one or two steps away."),
        },
        "types": {"project": "Projects", "service": "Services", "organization": "Organisations",
                  "programme": "Programmes", "area": "Inner areas", "place": "Places"},
        "type": {"project": "Project", "service": "Service", "organization": "Organisation",
                 "programme": "Programme", "area": "Inner area", "place": "Place"},
        "place_kinds": {"comune": "Comune", "provincia": "Province", "citta_metropolitana": "Metropolitan city",
                        "area_interna": "Inner area", "regione": "Region", "stato": "Country", "altro": "Place"},
        "roles": {"lead": "lead", "partner": "partner", "funder": "funder", "beneficiary": "beneficiary",
                  "implementer": "implementer", "other": "other role"},
        "statuses": {"ongoing": "ongoing", "planned": "planned", "completed": "completed"},
        "facts": {"status": "Status", "theme": "Theme", "years": "Years", "budget": "Total cost", "lead": "Lead",
                  "ancilab": "With AnciLab", "source": "Card", "activities": "Activities", "roles": "Roles",
                  "broader": "Part of", "province": "Province"},
        "yes": "yes",
        "money": "€{amount}",
        "thousands": ",",
        "since": "since {year}",
        "page": {
            "presets": "Views", "area": "Inner area", "focus": "Entity", "depth": "Steps", "show": "Show",
            "types": "Types", "all": "All", "theme": "Theme", "funder": "Funder", "programme": "Programme",
            "status": "Status", "role": "Role", "years": "Years active", "from": "from", "to": "to",
            "reset": "Clear filters", "legend": "Legend", "search": "Search",
            "searchHint": "an organisation, an activity…", "fit": "Fit", "language": "Italiano",
            "sizeHint": "Organisations are as large as the number of activities they appear in.",
            "clickHint": "Hover over a node for its details and the catalogue's words; click to open its page "
                         "(Ctrl+click: in a new tab).",
            "noscript": "The network is drawn with JavaScript: turn it on to see it.",
            "unknownPreset": "Unknown view", "unknownFocus": "Entity not found", "unknownArea": "Area not found",
            "badRequest": "Bad request",
        },
        "script": {
            "nodes": "{n} nodes", "oneNode": "1 node", "edges": "{n} links", "oneEdge": "1 link",
            "layingOut": "Laying out the network… {percent}%", "notFound": "No node matches “{text}”.",
            "hiddenByFilters": "The node is hidden by the filters.", "lines": "catalogue, lines {lines}",
            "csvHeader": ["iri", "name", "type", "activities", "page"],
            "shared": "Shared activities", "activities": "Activities", "roles": "Roles", "via": "Through",
            "andMore": "and {n} more",
        },
    },
}


def strings(lang: str) -> dict:
    """The table for `lang` (Italian for any language the view does not speak)."""
    return STRINGS.get(lang, STRINGS["it"])
