"""An entity page in headless Chromium, network cut off: its provenance quotes and catalogue lines show."""

from __future__ import annotations

import re

from .browser import browser_page

PROJECT = "/id/data/progetto/accordo-regione-lombardia-polis-lombardia-fondazione-cariplo-unioncamere"


def test_a_project_page_shows_where_each_fact_was_read(service, tmp_path):
    url = service[0]
    with browser_page() as browser:
        page = browser.page
        page.goto(url + PROJECT)
        provenance = page.locator("#provenienza")
        provenance.wait_for()
        assert "Letto nel catalogo" in provenance.inner_text()
        quotes = provenance.locator("q")
        assert quotes.count() >= 3 and all(quotes.nth(i).inner_text().strip() for i in range(quotes.count()))
        assert re.search(r"righ[ea] \d+", provenance.inner_text())
        browser.screenshot(tmp_path / "project.png", full_page=True)
        # A line range opens the catalogue lines it cites.
        provenance.locator("td.source a").first.click()
        page.wait_for_load_state()
        assert page.locator("ol.source-text li").count() >= 1
        browser.assert_clean()
