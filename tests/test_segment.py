"""Stage 1 on a small hand-written catalogue: every layout feature the real one has."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.segment import segment

FIXTURES = Path(__file__).resolve().parent / "fixtures"

MINI = FIXTURES / "mini" / "catalogue.txt"


@pytest.fixture(scope="module")
def mini(knowledge):
    lines = MINI.read_text(encoding="utf-8").split("\n")
    return segment(lines, knowledge.layout, knowledge.themes)


def _titles(segmentation):
    return [" ".join(line.text for line in card.title) or card.toc_title for card in segmentation.cards]


def test_cards_and_sections(mini):
    assert _titles(mini) == [
        "RETE DEI SENTIERI **DELLE VALLI**", "SERVIZIO SPORTELLO EUROPA", "CONSULENZA BILANCI", "ORTI CONDIVISI",
        "Scuole aperte", "VALLI CONNESSE",
    ]
    assert [c.section for c in mini.cards] == ["ongoing"] * 4 + ["planned", "completed"]


def test_header_block(mini):
    first = mini.cards[0]
    assert [line.text for line in first.theme] == ["AMBIENT"]
    assert first.status.text == "ATTIVO DAL 15/03/2023"
    assert first.amount.text == "€ 00,000,051"
    assert first.body[0].text.startswith("Costruire una rete")


def test_table_of_contents_gives_a_missing_title(mini):
    planned = mini.cards[4]
    assert planned.title == () and planned.toc_title == "Scuole aperte"
    assert [line.text for line in planned.theme] == ["WELFARE"]
    codes = {(d.code, d.line) for d in mini.diagnostics}
    assert ("missing-title", 78) in codes and ("title-from-toc", 78) in codes


def test_badges_after_a_card_belong_to_it_and_to_the_one_before(mini):
    sentieri, sportello, bilanci = mini.cards[:3]
    assert len(sentieri.badges) == 1  # its own "IN COLLABORAZIONE"
    assert len(sportello.badges) == 2 and sportello.badge_for_previous == 1
    assert bilanci.badges == ()


def test_page_numbers_between_cards_are_reported_not_kept(mini):
    first = mini.cards[0]
    assert first.line_end == 38  # the badge is the card's last line; the page number "4" after it is not
    noise = [d for d in mini.diagnostics if d.code == "noise-line"]
    assert [d.line for d in noise] == [40, 74]


def test_front_and_back_matter_are_reported(mini):
    unassigned = [(d.line, d.line_end) for d in mini.diagnostics if d.code == "unassigned-lines"]
    assert unassigned == [(14, 18), (98, 102)]
    assert mini.cards[-1].line_end == 96


def test_every_line_after_the_contents_is_accounted_for(mini):
    lines = MINI.read_text(encoding="utf-8").split("\n")
    covered = set()
    for card in mini.cards:
        covered.update(range(card.line_start, card.line_end + 1))
    for d in mini.diagnostics:
        covered.update(range(d.line, (d.line_end or d.line) + 1))
    start = mini.toc_lines[1] + 1
    missing = [n for n in range(start, len(lines) + 1) if lines[n - 1].strip() and n not in covered]
    assert missing == []
