"""Sending one file and reading the site's answer: the trigger, the boxes asking to confirm, the
watch on the upload request, the live line, and the answer, whether the form posts to a new page
or stays.

The evidence rule: only words that appear after an upload request left the browser can be the
site's answer. Words shown before ("Preparing your file...", a confirmation box) are kept as
notices, never read as a verdict.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from bot.site.answer import Answer, Message, find_reference, joined, read_answer, silent_answer, verdict_for_status
from bot.site.matching import any_word
from bot.site.messages import Messages
from bot.site.network import UploadWatch
from bot.site.scripts import INVALID_JS, PROGRESS_JS
from bot.site.waits import ticks
from bot.site.words import SiteWords

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 15
# How long words the bot cannot place may stand alone before the site's list is asked instead.
UNPLACED_WAIT_S = 5
# Told what a long wait is waiting for, as it goes: a live line on a terminal.
Progress = Callable[[str], None]

NOTHING_LEFT = (
    "no upload left the browser; if the site sends files with a button the bot did not find, "
    "set words.submit_button in the config"
)


class UploadBar:
    """The page's own progress bar during a long upload, read about once a second: Playwright does
    not report how much of an upload has gone. A page that cannot be read while the file goes (a
    form post holds the page until it is answered) is not read again during that send."""

    def __init__(self, page: Page, size: int | None) -> None:
        self.page = page
        self.size = size
        self.share: float | None = None
        self.readable = size is not None
        self.looked_at = 0.0

    def look(self, waited: float) -> None:
        if not self.readable or waited < 1 or waited - self.looked_at < 1:
            return
        self.looked_at = waited
        try:
            share = self.page.locator(":root").evaluate(PROGRESS_JS, timeout=500)
        except PlaywrightError:
            self.readable = False
            return
        self.share = None if share is None else float(share)

    def said(self) -> str:
        if self.share is None or self.size is None:
            return ""
        return f": {round(self.share * self.size):,} of {self.size:,} bytes sent ({self.share:.0%})"


def browser_refusal(element: Locator) -> str | None:
    """The message the browser shows for the first invalid field of the element's form, if any."""
    try:
        message = element.evaluate(INVALID_JS)
    except PlaywrightError:
        return None
    return str(message) if message else None


@dataclass
class Sending:
    """One send and its answer. `confirm` answers a box asking to confirm the submission (returning
    the words of one it cannot place); `login_showing` tells whether the Log On page came back."""

    page: Page
    words: SiteWords
    watch: UploadWatch
    upload_timeout_s: float
    page_s: float
    stop: Callable[[], bool]
    confirm: Callable[[set[str]], str | None]
    login_showing: Callable[[], bool]
    # After the upload left: confirm a page that holds the file until it is confirmed; True if pressed.
    review: Callable[[list[str], set[str]], bool] = lambda said, answered: False
    # After the upload left: press this file's own Submit in a table of staged files; True if pressed,
    # False when it stands staged with no button the bot may press, None when nothing is staged.
    stage: Callable[[set[str]], bool | None] = lambda answered: None
    progress: Progress | None = None
    size: int | None = None
    asked: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    _answered: set[str] = field(default_factory=set)
    _messages: Messages = field(default_factory=Messages)
    _quiet_since: float = 0.0
    _unplaced_since: float | None = None
    _said_at: float = 0.0

    def run(self, trigger: Callable[[], None]) -> Answer:
        """Send (press the button, or give the file) and wait for the answer: as long as an upload is
        on its way (up to the upload timeout, by the wall clock), then the page timeout for words."""
        self._messages.remember(self.page)
        self.watch.arm(any_word(self.words.confirm_text), self.asked)
        bar = UploadBar(self.page, self.size)
        try:
            trigger()
            for waited in ticks(self.page, self.upload_timeout_s + self.page_s, pause=self.watch.pause):
                if self.watch.pending:
                    bar.look(waited)
                self._tell(waited, bar)
                answer = self._look(waited)
                if isinstance(answer, Answer):
                    return answer
                if answer == "quiet":
                    break
        finally:
            self.watch.disarm()
        if not self.watch.sent:
            return self._unsent(NOTHING_LEFT)
        texts = [m.text for m in self._messages.new(self.page) or []]
        return silent_answer(self.watch.status, self.watch.failures, texts)

    def _tell(self, waited: float, bar: UploadBar) -> None:
        doing = f"the file is on its way{bar.said()}" if self.watch.pending else "waiting for the site's answer"
        if self.progress is not None:
            self.progress(f"{doing} ({waited:.0f} s)")
        elif waited - self._said_at >= PROGRESS_EVERY_S:
            # Without a live line (CI, a pipe, a log file): a plain line every 15 s.
            self._said_at = waited
            log.info("still sending: %s (%.0f s so far)", doing, waited)

    def _look(self, waited: float) -> Answer | str | None:
        """The answer, "quiet" when waiting longer cannot bring one, or None to wait on."""
        watch = self.watch
        if self.stop():
            # Unknown even when no request was seen yet: the browser may have sent one that
            # Playwright has not reported. Only a long silence proves nothing left.
            give_up(self.page)
            return Answer("unknown", "interrupted while the file was being sent", watch.status)
        if watch.pending:
            # The upload is on its way: nothing to read yet, however long a large file takes.
            if waited > self.upload_timeout_s:
                give_up(self.page)
                return Answer("unknown", f"no answer to the upload within {self.upload_timeout_s:g} s", None)
            self._quiet_since = waited
            return None
        fresh = self._messages.new(self.page)
        if fresh is None:
            return None  # a navigation is on its way: read the page it brings
        if not watch.sent:
            return self._before_sent(fresh, waited)
        return self._after_sent(fresh, waited)

    def _before_sent(self, fresh: list[Message], waited: float) -> Answer | None:
        self.notices += [m.text for m in fresh if m.text not in self.notices]
        asked = self.confirm(self._answered)
        if asked is not None:
            return self._unsent(asked)
        if waited >= 1 and (invalid := browser_refusal(self.page.locator("form").first)):
            return self._unsent(f"the browser would not send the form: {invalid}")
        if waited > self.page_s:
            return self._unsent(NOTHING_LEFT)
        return None

    def _after_sent(self, fresh: list[Message], waited: float) -> Answer | str | None:
        status = self.watch.status
        if verdict_for_status(status) == "expired":
            return Answer("expired", f"the site answered HTTP {status}", status)
        news = [m for m in fresh if m.text not in self.notices]
        if news and self.review([m.text for m in news], self._answered):
            # The page held the file for review: its words are no answer; the next page's are.
            self.notices += [m.text for m in news]
            return None
        staged = self._staged(news, status) if news else None
        if staged is not None:
            return None if staged == "pressed" else staged
        answer = read_answer(news, status, self.words)
        # Checked after the words were read, on the page they were read from: the Log On page's own
        # text ("invalid requests are rejected") must never pass for an answer.
        if self.login_showing():
            return Answer("expired", "the site showed its Log On page", status)
        if answer is not None:
            return answer
        if self._unplaced_since is None and news:
            self._unplaced_since = waited
        unplaced_for = waited - self._unplaced_since if self._unplaced_since is not None else 0.0
        # Words the bot cannot place, after the upload was answered: at once when they carry a
        # submission id (the site's list, searched by it, settles the file), else after a few
        # seconds for more words to follow; or after the page timeout with no words at all.
        quiet = (
            bool(news and find_reference([m.text for m in news]))
            or unplaced_for > min(self.page_s, UNPLACED_WAIT_S)
            or waited - self._quiet_since > self.page_s
        )
        return "quiet" if quiet else None

    def _staged(self, news: list[Message], status: int | None) -> Answer | str | None:
        """A table of staged files holding this file: "pressed" once its own Submit is, an unsent answer
        when no button may be pressed, None when nothing is staged."""
        staged = self.stage(self._answered)
        if staged:
            # The file was staged, not sent: the words that said so are no answer; the next are.
            self.notices += [m.text for m in news]
            return "pressed"
        if staged is None:
            return None
        said = joined([m.text for m in news])
        return Answer(
            "unsent",
            "the site staged the file without sending it, and the bot found no Submit button in its row "
            f"that it may press: it is not submitted; the page said: {said}",
            status,
            said=said,
            staged=True,
        )

    def _unsent(self, why: str) -> Answer:
        said = [*self.watch.dialogs, *self.notices]
        shown = f"; the page said: {joined(said)}" if said else ""
        return Answer("unsent", f"nothing was sent: {why}{shown}")


def give_up(page: Page) -> None:
    """Stop waiting for an upload: the browser drops the request, so that nothing it does later (a
    screenshot, the next page) waits on an answer the run no longer expects. The site may still
    keep the file; the run records a doubt and looks in its list."""
    with contextlib.suppress(PlaywrightError):
        page.evaluate("window.stop()")
