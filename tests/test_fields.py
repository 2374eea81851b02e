"""Amounts, dates, themes and publications in every form the catalogue prints them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.fields import FieldError, dates_in_body, parse_amount, parse_date, parse_status, publication_title
from loaders.themes import ThemeVocabulary


@pytest.mark.parametrize(
    ("printed", "euros"),
    [
        ("8.739.950,00 €", "8739950.00"),
        ("60,000,00 €", "60000.00"),
        ("525.000.00€", "525000.00"),
        ("18.000,00€", "18000.00"),
        ("€ 00,000,008", "800000.00"),  # printed mirrored
        ("83.275.00 €", "83275.00"),
        ("40.316,24 €", "40316.24"),
        ("1.000.000,00€", "1000000.00"),
        ("15.000 €", "15000.00"),
        ("750 €", "750.00"),
    ],
)
def test_amounts(printed, euros):
    assert parse_amount(printed) == Decimal(euros)


@pytest.mark.parametrize("printed", ["IN VIA DI DEFINIZIONE", "IN DEFINIZIONE", "Da definire"])
def test_amount_not_defined_yet(printed):
    assert parse_amount(printed) is None


@pytest.mark.parametrize("printed", ["12.34.567,00 €", "€ abc", "1.2345,00 €"])
def test_bad_amounts_are_errors_not_guesses(printed):
    with pytest.raises(FieldError):
        parse_amount(printed)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("ATTIVO DAL 27/11/2020", "2020-11-27", None),
        ("DAL 01/01/2024", "2024-01-01", None),
        ("DAL 10/04/2018 AL 31/12/2020", "2018-04-10", "2020-12-31"),
        ("DA 02/2024", "2024-02", None),
        ("ATTIVO DA 01/2024", "2024-01", None),
        ("ATTIVO DAL 12/2021", "2021-12", None),
        ("DA APRILE 2018 AL 31/12/2020", "2018-04", "2020-12-31"),
        ("DAL 09/09/2017 AL 11/2019", "2017-09-09", "2019-11"),
        ("ATTIVO", None, None),
    ],
)
def test_date_lines(line, start, end):
    assert parse_status(line) == (start, end)


def test_impossible_dates_are_errors():
    with pytest.raises(FieldError):
        parse_date("31/02/2020")
    with pytest.raises(FieldError):
        parse_date("13/2020")


def test_dates_stated_in_prose():
    assert dates_in_body("Nel mese di aprile 2024 ANCI Lombardia e Regione Lombardia hanno sottoscritto un Accordo. "
                         "L'Accordo, che durerà sino al 31 dicembre 2026, intende:") == ("2024-04", "2026-12-31")
    assert dates_in_body("L'iniziativa, che si prolungherà fino a tutto il 2025, ha come obiettivo") == (
        None, "2025-12-31")
    assert dates_in_body("Nel mese di novembre 2023 il Ministero ha emanato l'Avviso.") == (None, None)


def test_themes_cut_short_by_the_ocr_are_repaired():
    vocabulary = ThemeVocabulary.from_labels(["WELFARE"]).with_printed(
        ["AMBIENTE", "AMBIENT", "MBIENTE", "PRIVACY", "PRIVAC", "TERRITORIO", "TERRITORIC", "CITTADINANZA",
         "CITTADINANZA ATTIVA", "SERVIZI PUBBLICI", "SERVIZI PUBBLICI LOCALI"])
    assert vocabulary.repair("AMBIENT") == ("AMBIENTE", True)
    assert vocabulary.repair("MBIENTE") == ("AMBIENTE", True)
    assert vocabulary.repair("PRIVAC") == ("PRIVACY", True)
    assert vocabulary.repair("TERRITORIC") == ("TERRITORIO", True)
    assert vocabulary.repair("WELFAR") == ("WELFARE", True)
    # a shorter label that is a whole word stays as printed
    assert vocabulary.repair("CITTADINANZA") == ("CITTADINANZA", False)
    assert vocabulary.repair("SERVIZI PUBBLICI") == ("SERVIZI PUBBLICI", False)
    assert vocabulary.repair("COOPERAZIONE **INTERNAZIONALE**") == ("COOPERAZIONE INTERNAZIONALE", False)


@pytest.mark.parametrize(
    ("caption", "title"),
    [
        ('"Norme e modelli di gestione", volume a cura di AnciLab Editore.', "Norme e modelli di gestione"),
        ('"Supporto ai Comuni per l\'attuazione del PNRR" volume a cura del Centro di Competenza di ANCI Lombardia.',
         "Supporto ai Comuni per l'attuazione del PNRR"),
        ('"Validare e Certificare le Competenze" modelli, tendenze e applicazioni pratiche, volume a cura di AnciLab',
         "Validare e Certificare le Competenze modelli, tendenze e applicazioni pratiche"),
        ('"Lo sviluppo locale in aree svantaggiate", pubblicazione finale nell\'ambito del progetto.',
         "Lo sviluppo locale in aree svantaggiate"),
    ],
)
def test_publication_captions(caption, title):
    assert publication_title(caption) == title
