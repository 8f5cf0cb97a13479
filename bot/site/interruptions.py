"""Dialogs that interrupt whatever the bot is doing, drawn over the page so that every click waits
behind them. A warning that the session is about to end is answered as a person answers it, by
keeping the session, never by signing out; one the district named is closed; Playwright then retries
the step it interrupted. Any other stops the run, with its words."""

from __future__ import annotations

import logging
from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from bot.site.matching import any_word, whole_name
from bot.site.pages import button_named
from bot.site.scripts import MODALS_JS
from bot.site.words import SiteWords

log = logging.getLogger(__name__)


DIALOGS = "[role=dialog], [role=alertdialog], dialog[open]"


def answer_dialogs(
    page: Page, *, saying: list[str], buttons: list[str], told: Callable[[str], object], what: str
) -> None:
    """Whenever a dialog saying one of `saying` stands in the way of an action, press its button named
    in `buttons` and tell `told` what it said. A dialog with no such button is left alone: the action
    then times out, and the run says what was in the way."""
    dialogs = page.locator(DIALOGS).filter(has_text=any_word(saying))

    def answer(dialog: Locator) -> None:
        try:
            said = " ".join(dialog.first.inner_text(timeout=2000).split())[:300]
            button = button_named(dialog.first, whole_name(buttons)).filter(visible=True)
            if not button.count():
                log.warning("%s, with no button to answer it: %s", what, said)
                return
            name = " ".join(button.first.inner_text().split()) or "its button"
            told(f"{said}; the bot pressed {name}")
            button.first.click()
        except PlaywrightError as exc:
            log.warning("could not answer %s: %s", what, exc)

    page.add_locator_handler(dialogs, answer, no_wait_after=False)


def keep_session_alive(page: Page, words: SiteWords, kept: Callable[[str], object]) -> None:
    """A dialog warning that the session will end (words.session_warning_text) is answered by its
    button that keeps the session (words.keep_session_buttons), never by signing out."""
    answer_dialogs(
        page,
        saying=words.session_warning_text,
        buttons=words.keep_session_buttons,
        told=kept,
        what="a dialog warning that the session will end",
    )


def dismiss_known_dialogs(page: Page, words: SiteWords, dismiss: list[str], closed: Callable[[str], object]) -> None:
    """A dialog the district has read (config pages.dismiss) is closed by its button (words.dismiss_buttons)."""
    if dismiss:
        answer_dialogs(
            page, saying=dismiss, buttons=words.dismiss_buttons, told=closed, what="a dialog named in pages.dismiss"
        )


def unplaced_dialog(page: Page, words: SiteWords, dismiss: list[str]) -> tuple[str, str] | None:
    """The heading and words of a modal dialog over the page that the bot cannot place: not a form (it
    asks for nothing), not a warning that the session will end, not a banner, not one the district
    closes. None when there is none, or the page cannot be read (the step that follows then says what
    it met)."""
    try:
        modals = page.evaluate(MODALS_JS)
    except PlaywrightError:
        return None
    placed = [any_word(known) for known in (words.session_warning_text, words.banner_text, dismiss) if known]
    for heading, said in modals:
        if not any(pattern.search(said) for pattern in placed):
            return str(heading), str(said)
    return None
