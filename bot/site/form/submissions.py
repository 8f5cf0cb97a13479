"""The page's list of earlier submissions, read as a person reads it: once it has loaded, in every
frame, each table that lists files (never a form laid out in a table, or a table of staged files)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from bot.errors import ListUnreadable
from bot.site.evidence import is_staging_table
from bot.site.history import HistoryRow
from bot.site.network import InFlight
from bot.site.scripts import BUSY_JS, HISTORY_JS, in_every_frame
from bot.site.waits import until
from bot.site.words import SiteWords


def read_submissions(
    page: Page, words: SiteWords, timeout_ms: float, in_flight: InFlight | None
) -> list[HistoryRow] | None:
    """Every row of the page's tables (the list of earlier submissions among them); None when the
    page shows no table at all. A page still loading its list ("Loading your submissions...") is
    waited for, as a person waits: a list read too early would miss the files already there."""
    limit_s = min(timeout_ms / 1000, 15)
    if in_flight is not None and not in_flight.settle(page, limit_s):
        # A single-page app redraws its list when its request is answered: read before, it is stale.
        raise ListUnreadable(
            f"the page was still fetching after {limit_s:g} s (a request its scripts made was not answered), so "
            "its list of submissions may not be drawn yet; a list read too early could miss files already on "
            "the site, so nothing more was sent: run again later, or raise timeouts.page_s in the config"
        )

    def loaded() -> bool:
        try:
            return not page.evaluate(BUSY_JS, words.loading_text)
        except PlaywrightError:
            return False  # a page on its way

    if not until(page, limit_s, loaded, step_ms=200):
        # Read now, the list would look empty: a file already there would be sent again.
        raise ListUnreadable(
            f"the site's list of submissions was still loading after {limit_s:g} s "
            f"(words.loading_text: {', '.join(words.loading_text)}); a list read before it has loaded "
            "could miss files already on the site, so nothing more was sent: run again later, or raise "
            "timeouts.page_s in the config"
        )
    tables = _tables(page, timeout_ms)
    if not tables:
        return None
    rows = []
    lists = 0
    for title, controls, lines, paged in tables:
        # A form laid out in a table, or a table of files staged and not yet sent, is no list of
        # what the site holds.
        if controls or is_staging_table(str(title), words):
            continue
        lists += 1
        rows += [
            HistoryRow(str(text), bool(sized), ref or None, str(status), str(title), bool(paged), str(link))
            for text, sized, ref, status, link in lines
        ]
    return rows if lists else None


def _tables(page: Page, timeout_ms: float) -> list[Any]:
    """The tables of the page and of its frames (a form and its list kept in an iframe), the page's first."""
    return [table for _, found in in_every_frame(page, HISTORY_JS, timeout_ms) for table in found or []]
