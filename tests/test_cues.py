"""Roles from the sentence, not the name; bodies, programmes and places found without the registry knowing them.

Every name below is one the registry does not list (or is written in a form it does not list), so what is
tested is the reading of the wording around it.
"""

from __future__ import annotations

import pytest

from .test_entities import card, places, roles

# One sentence per cue: the cue, then the body it speaks of, then the role the body gets.
ROLE_CUES = [
    ("Il progetto è finanziato dalla Fondazione Comunitaria del Varesotto.", "Fondazione Comunitaria del Varesotto",
     "funder"),
    ("Il progetto è cofinanziato dalla Compagnia di San Paolo.", "Compagnia di San Paolo", "funder"),
    ("Il servizio è attivo grazie al contributo della Fondazione della Comunità Bresciana.",
     "Fondazione della Comunità Bresciana", "funder"),
    ("Il progetto potrà contare sul contributo della Fondazione Pro Valtellina.", "Fondazione Pro Valtellina",
     "funder"),
    ("Le iniziative sono realizzate con il sostegno economico della Banca di Credito Cooperativo di Sondrio.",
     "Banca di Credito Cooperativo di Sondrio", "funder"),
    ("Le borse di studio sono state pagate dal Consorzio Forestale Lario Intelvese.",
     "Consorzio Forestale Lario Intelvese", "funder"),
    ("Il contributo è erogato dall'Agenzia per l'Italia Digitale (AgID).", "AgID - Agenzia per l'Italia Digitale",
     "funder"),
    ("Il progetto è realizzato con il cofinanziamento della Confederazione Svizzera.", "Confederazione Svizzera",
     "funder"),
    ("Il progetto è promosso dalla Federazione Nazionale delle Pro Loco d'Italia.",
     "Federazione Nazionale delle Pro Loco d'Italia", "partner"),
    ("Il percorso si svolge in partenariato con la Rete dei Comuni Sostenibili.", "Rete dei Comuni Sostenibili",
     "partner"),
    ("ANCI Lombardia partecipa in qualità di partner, insieme all'Istituto Comprensivo di Bormio.",
     "Istituto Comprensivo di Bormio", "partner"),
    ("La gestione degli alloggi è affidata all'Azienda Speciale Consortile Comuni Insieme.",
     "Azienda Speciale Consortile Comuni Insieme", "partner"),
    ("Il partenariato comprende Tartu Linnaraamatukogu e l'Universidade de Aveiro.", "Tartu Linnaraamatukogu",
     "partner"),
    ("Vi hanno preso parte la Gemeinde Velden am Wörther See e il Land Kärnten.",
     "Gemeinde Velden am Wörther See", "partner"),
    ("L'Ecomuseo della Val Taleggio ne è il capofila.", "Ecomuseo della Val Taleggio", "lead"),
    ("Ente capofila è stata la Comunità Montana Valle Seriana.", "Comunità Montana Valle Seriana", "lead"),
    ("Capofila sarà l'Ufficio di Piano dell'Ambito di Lodi.", "Ufficio di Piano dell'Ambito di Lodi", "lead"),
    ("Il progetto è guidato dal Jugendforum Allgäu e.V., con sede a Kempten.", "Jugendforum Allgäu e.V.", "lead"),
    ("La Provincia di Cremona, ente attuatore del progetto, coordina i tavoli.", "Provincia di Cremona", "lead"),
    ("Il corso è rivolto agli Uffici di Piano degli Ambiti territoriali di Rho e Corsico.",
     "Ufficio di Piano dell'Ambito di Rho", "beneficiary"),
    ("Beneficiari sono i Comuni di Bormio, Valdidentro e Sondalo.", "Comune di Valdidentro", "beneficiary"),
    ("Soggetti beneficiari delle analisi sono stati i Comuni di Viggiù e Clivio.", "Comune di Clivio",
     "beneficiary"),
    ("ANCI Lombardia affianca gli uffici tecnici dei Comuni di Chiavenna e Piuro.", "Comune di Piuro",
     "beneficiary"),
    ("Il Comune di Chiavenna, soggetto beneficiario di una quota del contributo, cura gli acquisti.",
     "Comune di Chiavenna", "beneficiary"),
    ("Sono partner i Comuni di Edolo, Sonico e Malonno, in qualità di partner associati.", "Comune di Sonico",
     "partner"),
]


@pytest.mark.parametrize(("sentence", "body", "role"), ROLE_CUES, ids=[c[1] for c in ROLE_CUES])
def test_a_role_read_from_the_sentence(knowledge, sentence, body, role):
    record, _ = card(knowledge, sentence)
    assert role in roles(record).get(body, ()), roles(record)


@pytest.mark.parametrize("sentence", [
    "Lo sportello segnala i bandi dei programmi regionali cofinanziati dall'Unione europea.",
    "Il progetto, cofinanziato dal programma comunitario LIFE, è concluso.",
])
def test_money_said_of_something_else_makes_no_funder(knowledge, sentence):
    record, _ = card(knowledge, sentence)
    assert not [name for name, r in roles(record).items() if "funder" in r], roles(record)


def test_lists_of_comuni_are_bodies_and_places_only_when_they_take_part(knowledge):
    record, _ = card(knowledge, "In Italia il progetto coinvolge i Comuni di Crema, Soncino e Pandino.")
    assert {"Comune di Crema", "Comune di Soncino", "Comune di Pandino"} <= set(roles(record))
    assert {"Crema", "Soncino", "Pandino"} <= set(places(record))
    record, _ = card(knowledge, "Il territorio interessato comprende i Comuni di Maleo, Meleti e Corno Giovine.")
    assert not roles(record) and {"Maleo", "Meleti", "Corno Giovine"} <= set(places(record))
    record, _ = card(knowledge, "I primi studi riguardano i Comuni di Sermide e Felonica e Poggio Rusco.")
    assert not roles(record) and {"Sermide e Felonica", "Poggio Rusco"} <= set(places(record))


def test_governments_abroad_are_bodies_and_give_their_place(knowledge):
    record, _ = card(knowledge, "Il partenariato comprende il Landkreis Görlitz, il Město Český Krumlov e la "
                                "Ville d'Évian-les-Bains; capofila è l'Ayuntamiento de Jaca.")
    assert {"Landkreis Görlitz", "Město Český Krumlov", "Ville d'Évian-les-Bains"} <= set(roles(record))
    assert roles(record)["Ayuntamiento de Jaca"] == ("lead",)
    assert {"Görlitz", "Český Krumlov", "Évian-les-Bains", "Jaca"} <= set(places(record))
    record, _ = card(knowledge, "Il percorso si è svolto nel Cantone Ticino.")
    assert not roles(record) and places(record) == {"Cantone Ticino": "area_estera"}


@pytest.mark.parametrize(("sentence", "body"), [
    ("Il progetto è finanziato dall'Istituto Nazionale per l'Analisi delle Politiche Pubbliche (INAPP).",
     "Istituto Nazionale per l'Analisi delle Politiche Pubbliche (INAPP)"),
    ("Il progetto è finanziato dal (GSE) Gestore dei Servizi Energetici.", "(GSE) Gestore dei Servizi Energetici"),
    ("Il progetto è finanziato da CDP – Cassa Depositi e Prestiti.", "CDP – Cassa Depositi e Prestiti"),
])
def test_a_body_known_by_its_acronym(knowledge, sentence, body):
    record, _ = card(knowledge, sentence)
    assert "funder" in roles(record).get(body, ()), roles(record)


def test_an_acronym_of_a_concept_is_no_body(knowledge):
    record, _ = card(knowledge, "Il servizio comprende la Data Protection Impact Assessment (DPIA) e il "
                                "Green Public Procurement (GPP).")
    assert roles(record) == {}


@pytest.mark.parametrize(("sentence", "body"), [
    ("ARPA Lombardia collabora al monitoraggio.", "ARPA Lombardia"),
    ("Il progetto si svolge in partenariato con Confcooperative Lombardia.", "Confcooperative Lombardia"),
])
def test_a_regional_branch(knowledge, sentence, body):
    record, _ = card(knowledge, sentence)
    assert roles(record).get(body) == ("partner",), roles(record)


@pytest.mark.parametrize(("sentence", "programme"), [
    ("Il progetto è finanziato a valere sul Programma sperimentale nazionale di mobilità sostenibile casa-scuola.",
     "Programma sperimentale nazionale di mobilità sostenibile casa-scuola"),
    ("Gli interventi sono finanziati dal Fondo per il contrasto della povertà educativa minorile.",
     "Fondo per il contrasto della povertà educativa minorile"),
    ("Il progetto rientra nel Fondo «Sport e Periferie».", "Fondo Sport e Periferie"),
])
def test_a_programme_by_its_form(knowledge, sentence, programme):
    record, _ = card(knowledge, sentence)
    assert programme in [p.name for p in record.programmes]


def test_a_fund_and_the_regional_programme_it_feeds_are_two(knowledge):
    record, _ = card(knowledge, "Il progetto è finanziato dal FSE+ e, per la formazione, dal PR FSE+ 2021-2027.")
    assert [p.name for p in record.programmes] == ["FSE+", "PR FSE+ 2021-2027 (Programma Regionale)"]


@pytest.mark.parametrize("sentence", [
    "Sono arrivati in Italia negli ultimi anni.",
    "L'area ha uno degli indici di vecchiaia più alti d'Italia.",
    "Come in molte regioni d'Italia, i servizi sono lontani.",
])
def test_the_home_country_in_passing_is_no_place(knowledge, sentence):
    record, _ = card(knowledge, sentence)
    assert places(record) == {}


def test_the_home_country_among_others_is_a_place(knowledge):
    record, _ = card(knowledge, "La sperimentazione si svolge in Italia, Estonia e Portogallo.")
    assert places(record) == {"Italia": "stato", "Estonia": "stato", "Portogallo": "stato"}


def test_a_park_that_takes_part_is_a_body_not_a_place(knowledge):
    record, _ = card(knowledge, "Il Parco Adda Sud ne è il capofila.")
    assert roles(record) == {"Parco Adda Sud": ("lead",)} and places(record) == {}
    record, _ = card(knowledge, "I laboratori si tengono nel Parco Agricolo Sud Milano.")
    assert roles(record) == {} and "Parco Agricolo Sud Milano" in places(record)


@pytest.mark.parametrize("sentence", [
    "Zone rosse e zone gialle sono state mappate con i tecnici.",
    "Calcio, pallavolo e atletica sono gli sport proposti.",
    "Mese dopo mese il servizio è cresciuto.",
    "Erba alta e rovi coprivano i sentieri.",
])
def test_a_common_word_that_is_also_a_comune_is_no_place(knowledge, sentence):
    record, _ = card(knowledge, sentence)
    assert places(record) == {}
