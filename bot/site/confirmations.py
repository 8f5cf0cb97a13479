"""Boxes and pages that ask something during a send: a box asking to confirm the submission before
the upload leaves, and a page that holds the uploaded file until it is confirmed. Each is answered as
a person would, by its confirming button, or its words stop the file."""

from __future__ import annotations

import logging
from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from bot.site.answer import holds_for_review
from bot.site.evidence import is_staging_table
from bot.site.matching import any_word, whole_name
from bot.site.pages import button_named, dismiss_banners
from bot.site.scripts import ROW_TABLE_JS
from bot.site.words import SiteWords

log = logging.getLogger(__name__)


def answer_confirmation(page: Page, words: SiteWords, answered: set[str], asked: list[str]) -> str | None:
    """Answer an in-page box that asks to confirm the submission, as a person would: press its
    confirming button. A box whose words the bot cannot place is returned, to stop the file."""
    boxes = page.locator("[role=dialog], [role=alertdialog], dialog[open]").filter(visible=True)
    for i in range(min(boxes.count(), 3)):
        box = boxes.nth(i)
        try:
            text = " ".join(box.inner_text(timeout=1000).split())
        except PlaywrightError:
            continue
        if not text or text in answered:
            continue
        if box.locator("input[type=file]").count():
            continue  # the upload form itself, kept in a dialog: never a question to answer
        if any_word(words.banner_text).search(text) and dismiss_banners(page, words):
            answered.add(text)
            continue
        press = button_named(box, whole_name(words.confirm_buttons)).filter(visible=True)
        if any_word(words.confirm_text).search(text) and press.count():
            name = " ".join(press.first.inner_text().split()) or "its confirming button"
            press.first.click()
            answered.add(text)
            asked.append(f"the site asked: {text[:300]}; the bot pressed {name}")
            continue
        return (
            f"the site asked something the bot cannot place: {text[:300]} "
            "(set words.confirm_text and words.confirm_buttons if it is a confirmation)"
        )
    return None


def confirm_review(  # noqa: PLR0913  # the page, its words, what the send keeps of what was asked, and its picture
    page: Page,
    words: SiteWords,
    said: list[str],
    answered: set[str],
    asked: list[str],
    *,
    picture: Callable[[str], object] | None = None,
) -> bool:
    """After the upload left, a page that holds the file until it is confirmed ("Review your
    submission... press Confirm Submission"): its one confirming button is pressed, as a person
    would, once. Never on a page that still asks for a file, or that speaks of replacing or of a
    file already received: that is the district's call. Returns whether it pressed."""
    text = " ".join(said)
    if text in answered or not holds_for_review(text, words):
        return False
    if page.locator("input[type=file]").filter(visible=True).count():
        return False
    press = button_named(page, whole_name(words.review_buttons)).filter(visible=True)
    if press.count() != 1:
        return False
    name = " ".join(press.first.inner_text().split()) or "its confirming button"
    if picture is not None:
        picture("review")
    press.first.click(no_wait_after=True)
    answered.add(text)
    asked.append(f"the site asked to confirm the upload it holds: {text[:300]}; the bot pressed {name}")
    log.info("File Submission: confirmed the upload with %s", name)
    return True


def submit_staged(  # noqa: PLR0913  # the page, its words, the file, what the send keeps of what was asked, its picture
    page: Page,
    words: SiteWords,
    filename: str,
    answered: set[str],
    asked: list[str],
    *,
    picture: Callable[[str], object] | None = None,
) -> bool | None:
    """After the upload left, a table of staged files (words.staging_text) holding this file by name:
    the file is not sent until its own row's Submit is pressed, or a submit-all beside a table that
    holds only this file. Never a button in another file's row. Returns True when it pressed, False
    when the file stands staged with no button the bot may press, None when no staged row names it."""
    if filename in answered:
        return None
    rows = page.locator("tr, [role=row]").filter(has_text=filename).filter(visible=True)
    for i in range(min(rows.count(), 5)):
        row = rows.nth(i)
        try:
            title, lines = row.evaluate(ROW_TABLE_JS)
        except PlaywrightError:
            continue
        if not is_staging_table(str(title), words):
            continue
        press = whole_name(words.submit_staged_buttons)
        own = row.get_by_role("button", name=press).filter(visible=True)
        button = own.first if own.count() == 1 else None
        if button is None and int(lines) == 1:
            # A submit-all outside every row, beside a table that holds this file alone.
            every = page.get_by_role("button", name=press).filter(visible=True)
            free = [every.nth(n) for n in range(min(every.count(), 10))]
            free = [b for b in free if b.evaluate("b => !b.closest('tr, [role=row]')")]
            button = free[0] if len(free) == 1 else None
        if button is None:
            return False
        name = " ".join((button.inner_text() or "").split()) or "its Submit button"
        if picture is not None:
            picture("staged")
        button.click(no_wait_after=True)
        answered.add(filename)
        asked.append(f'the site staged the file in "{title}" without sending it; the bot pressed {name} in its row')
        log.info("File Submission: submitted the staged file with %s", name)
        return True
    return None
