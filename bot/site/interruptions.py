"""Dialogs that interrupt whatever the bot is doing: a warning that the session is about to end,
drawn over the page so that every click waits behind it. Answered as a person answers it, by keeping
the session, never by signing out; Playwright then retries the step it interrupted."""

from __future__ import annotations

import logging
from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from bot.site.matching import any_word, whole_name
from bot.site.pages import button_named
from bot.site.words import SiteWords

log = logging.getLogger(__name__)


def keep_session_alive(page: Page, words: SiteWords, kept: Callable[[str], object]) -> None:
    """Whenever a dialog warning that the session will end (words.session_warning_text) stands in
    the way of an action, press its button that keeps the session (words.keep_session_buttons) and
    tell `kept` what it said. A warning with no such button is left alone: the action then times out,
    naming what it was doing."""
    warning = page.locator("[role=dialog], [role=alertdialog], dialog[open]").filter(
        has_text=any_word(words.session_warning_text)
    )

    def keep(dialog: Locator) -> None:
        try:
            said = " ".join(dialog.first.inner_text(timeout=2000).split())[:300]
            button = button_named(dialog.first, whole_name(words.keep_session_buttons)).filter(visible=True)
            if not button.count():
                log.warning("a dialog warns that the session will end, with no button that keeps it: %s", said)
                return
            name = " ".join(button.first.inner_text().split()) or "its button"
            kept(f"{said}; the bot pressed {name}")
            button.first.click()
        except PlaywrightError as exc:
            log.warning("could not answer a dialog warning that the session will end: %s", exc)

    page.add_locator_handler(warning, keep, no_wait_after=False)
