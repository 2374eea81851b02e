"""Properties of the parsers for amounts, dates and titles: any text in, a typed value or a FieldError out
(never another exception, never a slow pattern), and what the catalogue prints reads back to what it means."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from loaders import UnreadableInput, extract, load_knowledge
from loaders.entities import Recogniser
from loaders.fields import (
    Casing,
    FieldError,
    dates_in_body,
    inline_publications,
    is_publication_line,
    parse_amount,
    parse_date,
    parse_status,
    publication_title,
)
from loaders.layout import MONTHS, Kind, is_amount, is_status
from loaders.text import fold, is_upper_text, slugify, strip_markup

KNOWLEDGE = load_knowledge()
RECOGNISER = Recogniser(KNOWLEDGE)
SOME = settings(max_examples=300, deadline=None)
FEW = settings(max_examples=60, deadline=None)  # for properties that run the whole loader

# Pieces of what the catalogue prints, so that random text often comes near a real date or amount line.
TOKENS = ["ATTIVO", "CONCLUSO", "DAL", "DA", "AL", "DALL'", "FINO AL", "€", "EUR", "euro", "IN VIA DI DEFINIZIONE",
          "/", ".", ",", "-", "–", " ", "  ", "\t", "\x00", "\x0c", "\u00a0", "\u200b", "0", "00", "1", "9", "12", "31",
          "02", "13", "2020", "0000", "9999", "aprile", "DICEMBRE", "**", "O", "l"]
ANY_TEXT = st.text(max_size=300) | st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=40).map("".join)
# Huge or adversarial inputs: long runs where a backtracking pattern would take quadratic time or worse.
HUGE = {
    "digits": "9" * 100_000,
    "spaces": " " * 100_000 + "x",
    "state-then-spaces": "ATTIVO" + " " * 100_000 + "x",
    "date-then-spaces": "DAL 01/01/2020" + " " * 100_000 + "x",
    "dotted-digits": "1." * 50_000 + "x",
    "euro-then-zeros": "€ " + "0" * 100_000,
    "ocr-zeros-then-euro": "O" * 100_000 + "1 €",
    "end-in-prose-then-spaces": "durerà sino" + " " * 100_000 + "al",
    "caption-then-spaces": '"Titolo", volume' + " " * 100_000 + "x",
    "unclosed-quote": 'Il volume "' + "a" * 100_000,
    "nul-bytes": "\x00" * 100_000,
    "capitals": "A" * 100_000,
}


def italian(amount: Decimal, cents: bool = True) -> str:
    """An amount as the catalogue prints it: 8.739.950,00."""
    whole = f"{int(amount):,}".replace(",", ".")
    return f"{whole},{int(amount * 100) % 100:02d}" if cents else whole


AMOUNTS = st.decimals(min_value=0, max_value=10**12 - 1, places=2)


# --- amounts -------------------------------------------------------------------------------------------------

@SOME
@given(ANY_TEXT)
@example("0,50 €")
@example("-2.090.000,00 €")
def test_amount_parser_gives_euros_none_or_a_field_error(text):
    try:
        value = parse_amount(text)
    except FieldError:
        return
    assert value is None or (isinstance(value, Decimal) and value.is_finite() and value >= 0
                             and value.as_tuple().exponent == -2)


@SOME
@given(AMOUNTS, st.sampled_from(["{} €", "{}€", "€ {}", "{} EUR", "{} euro", "€{}", "**{} €**", " {}  € "]))
def test_italian_amounts_read_back(amount, form):
    printed = form.format(italian(amount))
    assert parse_amount(printed) == amount
    assert KNOWLEDGE.layout.classify(printed) is Kind.AMOUNT  # the layout takes it for the budget line


@SOME
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_whole_euro_amounts_without_cents_read_back(euros):
    assert parse_amount(f"{italian(Decimal(euros), cents=False)} €") == euros


@SOME
@given(AMOUNTS, st.data())
def test_dots_and_commas_are_read_alike(amount, data):
    printed = re.sub(r"[.,]", lambda _: data.draw(st.sampled_from(".,")), italian(amount))
    assert parse_amount(printed + " €") == amount


@SOME
@given(AMOUNTS.filter(lambda a: int(a * 100) % 10 == 0))  # read backwards, only a zero first gives it away
def test_amounts_printed_mirrored_read_back(amount):
    assert parse_amount("€ " + italian(amount)[::-1]) == amount


# --- dates ---------------------------------------------------------------------------------------------------

def well_formed(iso: str | None) -> bool:
    if iso is None:
        return True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return dt.date.fromisoformat(iso).isoformat() == iso
    return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", iso) is not None


@SOME
@given(ANY_TEXT)
@example("31/02/2020")
@example("00/2020")
def test_date_parser_gives_an_iso_date_none_or_a_field_error(text):
    try:
        assert well_formed(parse_date(text))
    except FieldError:
        pass


@SOME
@given(st.dates(), st.sampled_from(["{d:02d}/{m:02d}/{y:04d}", "{d}/{m}/{y:04d}", "{d:02d} / {m:02d} / {y:04d}"]))
def test_day_month_year_dates_read_back(date, form):
    assert parse_date(form.format(d=date.day, m=date.month, y=date.year)) == date.isoformat()


@SOME
@given(st.integers(1, 31), st.integers(1, 12), st.integers(1, 9999))
def test_impossible_dates_are_errors_not_guesses(day, month, year):
    printed = f"{day:02d}/{month:02d}/{year:04d}"
    try:
        expected = dt.date(year, month, day).isoformat()
    except ValueError:
        with pytest.raises(FieldError):
            parse_date(printed)
    else:
        assert parse_date(printed) == expected


@SOME
@given(st.integers(1, 12), st.integers(1000, 9999), st.sampled_from([str.upper, str.lower, str.title]))
def test_month_year_dates_read_back(month, year, case):
    name = next(n for n, number in MONTHS.items() if number == month)
    expected = f"{year:04d}-{month:02d}"
    assert parse_date(f"{month:02d}/{year}") == parse_date(f"{month}/{year}") == expected
    assert parse_date(case(f"{name} {year}")) == expected


@SOME
@given(ANY_TEXT)
@example("**ATTIVO DAL 01/01/2020**")
def test_date_line_parser_gives_two_iso_dates_or_a_field_error(text):
    try:
        start, end = parse_status(text)
    except FieldError as exc:
        # what the layout takes for a date line is understood, even when its dates are impossible
        assert KNOWLEDGE.layout.classify(text) is not Kind.STATUS or "not understood" not in str(exc)
        return
    assert well_formed(start) and well_formed(end)


@SOME
@given(st.dates(), st.dates(), st.sampled_from(["", "ATTIVO ", "CONCLUSO ", "attivo "]))
def test_date_lines_read_back(start, end, state):
    line = f"{state}DAL {start.day:02d}/{start.month:02d}/{start.year:04d} AL {end.day}/{end.month}/{end.year:04d}"
    assert KNOWLEDGE.layout.classify(line) is Kind.STATUS
    assert parse_status(line) == (start.isoformat(), end.isoformat())


@SOME
@given(ANY_TEXT)
def test_dates_in_prose_are_iso_or_none(text):
    start, end = dates_in_body(text)
    assert well_formed(start) and well_formed(end)


# --- titles --------------------------------------------------------------------------------------------------

CASING = Casing(["le concessioni di Stogit e Regione Lombardia", "il progetto Interreg con il Cantone dei Grigioni"])


@SOME
@given(ANY_TEXT)
def test_title_helpers_never_fail_and_give_clean_text(text):
    stripped = strip_markup(text)
    assert stripped == stripped.strip() and "  " not in stripped and strip_markup(stripped) == stripped
    assert isinstance(is_upper_text(text), bool)
    folded = fold(text)
    assert folded == folded.strip() and "  " not in folded and fold(folded) == folded
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+){0,7}", slug)
    assert slugify(slug) == slug
    assert isinstance(publication_title(text), str)


@SOME
@given(ANY_TEXT)
@example("ßTITOLO DI PROVA")
def test_capitalised_titles_keep_their_letters(text):
    title = CASING.title(text)
    if not is_upper_text(text):
        assert title == text  # a title already in running-text case is left alone
    else:
        assert title.casefold() == text.casefold()


WORDS = ["COMPENSAZIONI", "AMBIENTALI", "CONCESSIONI", "STOGIT", "CENTRI", "COMPETENZA", "SUPPORTO", "COMUNI",
         "PNRR", "STRATEGIA", "REGIONALE", "AREE", "INTERNE", "FAMI", "LOMBARDIA", "EUROPA", "2020", "(SEAV)",
         "GOVERNANCE", "LOCALI", "SVILUPPO", "SOSTENIBILE", "CITTÀ", "PROSSIMITÀ", "DI", "PER", "E", "-", ":"]
TITLES = st.lists(st.sampled_from(WORDS), min_size=2, max_size=10).map(" ".join).filter(
    lambda t: sum(ch.isalpha() for ch in t) >= 6)


@FEW
@given(TITLES, st.sampled_from(["WELFARE", "AMBIENTE", "EUROPA"]), st.dates(dt.date(2000, 1, 1)), AMOUNTS)
def test_a_printed_card_is_read_with_its_title_dates_and_amount(title, theme, start, amount):
    text = "\n\n".join(["COSA STIAMO FACENDO", title, theme, f"ATTIVO DAL {start:%d/%m/%Y}", f"{italian(amount)} €",
                        "Una frase che introduce la scheda e dice di che cosa tratta il progetto."]) + "\n"
    result = extract(text.encode("utf-8"), name="card.txt", knowledge=KNOWLEDGE, recogniser=RECOGNISER)
    (record,) = result.records
    assert record.title.casefold() == re.sub(r"\s+([,.:;])", r"\1", title).casefold()
    assert (record.start, record.budget_eur) == (start.isoformat(), amount)
    assert record.line_start == 3


LINES = st.sampled_from(["COSA STIAMO FACENDO", "IN PROGETTAZIONE", "COSA ABBIAMO FATTO", "WELFARE", "AMBIENT",
                         "ATTIVO DAL 31/02/2020", "DAL 01/2020 AL 12/2019", "€ 00,000,008", "2.O9O,OO €",
                         "IN COLLABORAZIONE CON ANCILAB", "24", "", "- un punto di un elenco",
                         "Una frase che introduce la scheda e dice di che cosa tratta."]) | TITLES | ANY_TEXT


@FEW
@given(st.lists(LINES, max_size=60))
def test_any_catalogue_like_text_gives_records_and_diagnostics_never_a_crash(lines):
    try:
        result = extract("\n".join(lines).encode("utf-8"), name="any.txt", knowledge=KNOWLEDGE,
                         recogniser=RECOGNISER)
    except UnreadableInput:
        return
    assert result.cards_found == len(result.records) + len(result.rejected)
    assert all(1 <= d.line <= (d.line_end or d.line) <= max(result.source.lines, 1) for d in result.diagnostics)
    assert all(1 <= r.line_start <= r.line_end <= result.source.lines for r in result.records)


@pytest.mark.parametrize("name", HUGE)
def test_parsers_take_linear_time_on_huge_inputs(name):
    text = HUGE[name]
    started = time.perf_counter()
    for parse in (parse_amount, parse_date, parse_status):
        with contextlib.suppress(FieldError):
            parse(text)
    for read in (dates_in_body, is_status, is_amount, is_upper_text, strip_markup, slugify, CASING.title,
                 publication_title, is_publication_line, inline_publications, KNOWLEDGE.layout.classify):
        read(text)
    assert time.perf_counter() - started < 5, "a pattern backtracks on long input"
