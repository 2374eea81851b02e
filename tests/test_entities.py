"""Organisations, roles, programmes and places read from the wording of one card."""

from __future__ import annotations

import pytest

from loaders import extract


def card(knowledge, *body: str, title: str = "PROGETTO DI PROVA", theme: str = "WELFARE"):
    paragraphs = ["COSA STIAMO FACENDO", title, theme, "DAL 01/01/2022 AL 31/12/2023", "10.000,00 €",
                  "Un progetto di prova per controllare il riconoscimento dei soggetti.", *body]
    result = extract("\n\n".join(paragraphs).encode("utf-8"), name="card.txt", knowledge=knowledge)
    assert len(result.records) == 1
    return result.records[0], result.diagnostics


def roles(record) -> dict[str, tuple[str, ...]]:
    return {o.name: o.roles for o in record.organizations}


def places(record) -> dict[str, str]:
    return {t.name: t.type for t in record.territories}


@pytest.mark.parametrize(
    ("sentence", "funder"),
    [
        ("Il progetto è stato finanziato da Fondazione Cariplo ed è coordinato dall'Università degli Studi di Milano.",
         "Fondazione Cariplo"),
        ("Il Comune di Bergamo ha presentato un progetto a valere sul bando AICS per la cooperazione.",
         "AICS - Agenzia Italiana per la Cooperazione allo Sviluppo"),
        ("Regione Lombardia ha avviato il bando \"Giovani in Comune\" per i servizi ai giovani.", "Regione Lombardia"),
        ("La Leva Civica, iniziativa cofinanziata da Regione Lombardia e dagli Enti locali, cresce.",
         "Regione Lombardia"),
        ("Il progetto è finanziato con risorse europee FSE attivate da Regione Lombardia.", "Regione Lombardia"),
        ("Con la pubblicazione del nuovo bando, Regione Lombardia ha dato avvio alla seconda fase.",
         "Regione Lombardia"),
        ("Nel mese di marzo il Ministero dell'Interno ha pubblicato l'Avviso per i Piani Regionali.",
         "Ministero dell'Interno"),
    ],
)
def test_funders(knowledge, sentence, funder):
    record, _ = card(knowledge, sentence)
    assert "funder" in roles(record)[funder]


def test_mentions_without_money_are_not_funders(knowledge):
    record, _ = card(knowledge, "ANCI Lombardia e Regione Lombardia hanno siglato un accordo di collaborazione.",
                     "Il progetto, cofinanziato dal programma comunitario LIFE, è concluso.")
    assert roles(record) == {"Regione Lombardia": ("partner",)}
    assert [p.name for p in record.programmes] == ["LIFE"]


def test_leads(knowledge):
    record, _ = card(
        knowledge,
        "ANCI Lombardia è stata partner nel progetto Interreg con capofila il Comune di Sondrio.",
        "Il progetto era promosso dal Consorzio Comunità Brianza (capofila) e dall'Ambito di Desio.",
        "ANCI Lombardia è partner del Comune di Bergamo che, come capofila, ha presentato il progetto.",
    )
    found = roles(record)
    assert "lead" in found["Comune di Sondrio"]
    assert "lead" in found["Consorzio Comunità Brianza"] and "lead" not in found["Ambito di Desio"]
    assert "lead" in found["Comune di Bergamo"]


def test_many_capofila_in_one_list_are_served_not_leading(knowledge):
    record, _ = card(knowledge, "Ha lavorato con ambiti del gas con capofila i Comuni di Milano, Lecco, Lodi e Varese.")
    assert set(roles(record).values()) == {("beneficiary",)}
    assert set(places(record)) == {"Milano", "Lecco", "Lodi", "Varese"}


def test_a_list_opened_by_a_cue_survives_an_ocr_full_stop(knowledge):
    record, _ = card(knowledge, "La piattaforma nasce grazie alla collaborazione tra ANCI Lombardia. Polis Lombardia, "
                                "Regione Lombardia e UPL - Unione Province Lombarde.")
    assert roles(record) == {"Polis Lombardia": ("partner",), "Regione Lombardia": ("partner",),
                             "Unione Province Lombarde (UPL)": ("partner",)}


def test_regulators_cited_for_their_rules_are_not_participants(knowledge):
    record, _ = card(knowledge, "L'Autorità di regolazione (ARERA) ha adottato il metodo tariffario.",
                     "Il tavolo di lavoro è stato indetto dal MiTE (Ministero della Transizione Ecologica).")
    assert roles(record) == {"Ministero della Transizione Ecologica (MiTE)": ("other",)}


def test_the_publisher_is_never_listed_and_bare_anci_is_the_publisher(knowledge):
    record, _ = card(knowledge, "Il ruolo di ANCI è stato di accompagnamento. AnciLab ha curato la formazione.",
                     "ANCI Lombardia collabora con ANCI e con diverse ANCI regionali.")
    assert roles(record) == {"ANCI - Associazione Nazionale Comuni Italiani": ("partner",)}
    assert record.ancilab


def test_unknown_organisations_are_reported(knowledge):
    record, diagnostics = card(knowledge, "Hanno partecipato: ANCI Lombardia, Fondazione Ecosistemi e "
                                          "l'Associazione culturale Time in Jazz.")
    assert set(roles(record)) == {"Fondazione Ecosistemi", "Associazione culturale Time in Jazz"}
    reported = {d.message for d in diagnostics if d.code == "unknown-organization"}
    assert any("Fondazione Ecosistemi" in m for m in reported)


def test_comuni_with_province_codes_and_an_elided_name(knowledge):
    record, _ = card(knowledge, "Per i giacimenti di Cinisello Balsamo (MI-MB), Ripalta Cremasca e Guerina (CR), "
                                "Sergnano (CR-BG), e Settala (MI-LO) è attivo un sostegno.")
    assert places(record) == {name: "comune" for name in
                              ("Cinisello Balsamo", "Ripalta Cremasca", "Ripalta Guerina", "Sergnano", "Settala")}
    assert {t.istat_code for t in record.territories} == {"015077", "019081", "019082", "019094", "015210"}


def test_provinces_metropolitan_city_and_qualifiers(knowledge):
    record, _ = card(knowledge, "Si monitorano i territori della Città metropolitana di Milano e delle province di "
                                "Lodi e Monza-Brianza.", "Tra i Comuni serviti, i Comuni di Lissone (Brianza) e Desio.")
    assert places(record) == {"Città metropolitana di Milano": "citta_metropolitana", "Provincia di Lodi": "provincia",
                              "Provincia di Monza e della Brianza": "provincia", "Lissone": "comune",
                              "Desio": "comune"}


def test_countries_where_the_work_happens_not_where_partners_come_from(knowledge):
    record, _ = card(knowledge, "La formazione si svolge in 3 Paesi europei (Cipro, Bulgaria e Italia).",
                     "I partner, provenienti da 4 Paesi dell'UE (Belgio, Cipro, Slovenia, Italia), collaborano.")
    assert places(record) == {"Cipro": "stato", "Bulgaria": "stato", "Italia": "stato"}


def test_programmes_with_periods_codes_and_borders(knowledge):
    record, _ = card(
        knowledge,
        "Il progetto, a valere sul Programma Regionale FSE+ 2021-2027, sostiene gli investimenti PNRR (M5C2).",
        "Le aree sono state scelte per il ciclo di programmazione 2021-2027.",
        "Un secondo filone, finanziato dal programma Interreg, coinvolge la Val Poschiavo.",
        "Si citano genericamente i PON e i POR.",
    )
    assert {p.name for p in record.programmes} == {"Programma Regionale FSE+ 2021-2027", "PNRR M5C2",
                                                   "Interreg Italia-Svizzera"}
    assert places(record) == {"Val Poschiavo": "area_estera"}


@pytest.mark.parametrize(("sentence", "name", "codes"), [
    ("Il progetto è finanziato dal PR FESR Lombardia 2021-2027.",
     "PR FESR Lombardia 2021-2027 (Programma Regionale)", ()),
    ("Il progetto è finanziato dal programma Erasmus+ KA220-YOU.", "Erasmus+", ("KA220-YOU",)),
    ("Risorse del FSE+ 2021-2027 (Asse Inclusione) sostengono il servizio.", "FSE+ 2021-2027", ("Asse Inclusione",)),
    ("Le attività sono finanziate a valere sulla Strategia Nazionale per le Aree Interne.",
     "Strategia Nazionale per le Aree Interne (SNAI)", ()),
    ("Il Piano nazionale per la sicurezza stradale 2030 e il Fondo Povertà finanziano gli interventi.",
     "Piano nazionale per la sicurezza stradale", ()),
])
def test_a_strand_or_a_regional_programme_narrows_its_family(knowledge, sentence, name, codes):
    record, _ = card(knowledge, sentence)
    programme = next(p for p in record.programmes if p.name == name)
    assert programme.codes == codes


def test_a_short_name_that_labels_other_things_is_a_programme_only_as_money(knowledge):
    record, _ = card(knowledge, "Si tratta di 6 Aree Interne SNAI e 8 Aree Interne Regionali.")
    assert record.programmes == ()
    record, _ = card(knowledge, "Il progetto è finanziato dalla SNAI.")
    assert [p.ref for p in record.programmes] == ["snai"]


def test_aree_interne_from_a_map_legend_with_ocr_slips(knowledge):
    record, _ = card(knowledge, "Le aree sono elencate nella mappa:", "- 1 Valchiavenna", "- 8 Piattello Verbano",
                     "- 14 Lario Orientale Valle S. Martino e Valle Imagna")
    assert places(record) == {"Valchiavenna": "area_interna", "Piambello Verbano": "area_interna",
                              "Lario Orientale Valle San Martino e Valle Imagna": "area_interna"}
