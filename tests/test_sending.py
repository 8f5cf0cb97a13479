"""The send loop's decisions with a stand-in page: what an interruption, a timeout, an answer in
words, an HTTP status or a silence mean. No browser: the page answers from a script."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.site.answer import Answer
from bot.site.network import UploadWatch
from bot.site.sending import NOTHING_LEFT, Sending
from bot.site.words import SiteWords
from tests.test_network import StandInRequest, StandInResponse


@dataclass
class Root:
    page: ScriptedPage

    def evaluate(self, script: str, arg: Any = None, timeout: float = 0) -> Any:
        return self.page.evaluate(script, arg)

    @property
    def first(self) -> Root:
        return self


@dataclass
class ScriptedPage:
    """A page whose messages are what `shown` says now; `on_wait` runs at each wait (the site acting)."""

    shown: list[str] = field(default_factory=list)
    handlers: dict[str, Any] = field(default_factory=dict)
    on_wait: Callable[[ScriptedPage], None] = lambda page: None
    stopped: bool = False

    def on(self, event: str, handler: Any) -> None:
        self.handlers[event] = handler

    def evaluate(self, script: str, arg: Any = None) -> Any:
        if "window.stop()" in script:
            self.stopped = True
            return None
        if "checkValidity" in script:
            return None
        return [[text, True, 10.0] for text in self.shown]

    def locator(self, selector: str) -> Root:
        return Root(self)

    def wait_for_timeout(self, ms: float) -> None:
        self.on_wait(self)
        time.sleep(0.001)


def send(
    page: ScriptedPage,
    trigger: Callable[[], object],
    *,
    stop: Callable[[], bool] = lambda: False,
    page_s: float = 0.3,
    review: Callable[[list[str], set[str]], bool] = lambda said, answered: False,
) -> Answer:
    watch = UploadWatch(page)  # type: ignore[arg-type]
    sending = Sending(
        page,  # type: ignore[arg-type]
        SiteWords(),
        watch,
        upload_timeout_s=0.3,
        page_s=page_s,
        stop=stop,
        confirm=lambda answered: None,
        login_showing=lambda: False,
        review=review,
    )

    def go() -> None:
        trigger()

    return sending.run(go)


def post(page: ScriptedPage, status: int | None = None) -> StandInRequest:
    request = StandInRequest("POST")
    page.handlers["request"](request)
    if status is not None:
        page.handlers["response"](StandInResponse(request, status))
    return request


def test_a_confirmation_after_the_upload_left_is_the_answer() -> None:
    page = ScriptedPage()

    def site_answers() -> None:
        post(page, 200)
        page.shown = ["Your file was received successfully. Submission ID: CPP-1"]

    answer = send(page, site_answers)
    assert (answer.verdict, answer.reference) == ("confirmed", "CPP-1")


HELD = "Your file has been uploaded but is not yet submitted. Press Confirm Submission."


def test_a_page_holding_the_file_for_review_is_no_answer_once_confirmed() -> None:
    page = ScriptedPage()
    pressed: list[str] = []

    def confirm_it(said: list[str], answered: set[str]) -> bool:
        if said != [HELD]:
            return False  # no page holding a file: nothing to confirm
        pressed.extend(said)
        page.shown = ["Your file was received successfully. Submission ID: CPP-2"]
        return True

    def site_holds_it() -> None:
        post(page, 200)
        page.shown = [HELD]

    answer = send(page, site_holds_it, review=confirm_it)
    assert (answer.verdict, answer.reference) == ("confirmed", "CPP-2") and pressed == [HELD]


def test_a_page_holding_the_file_that_is_not_confirmed_is_no_success() -> None:
    page = ScriptedPage()

    def site_holds_it() -> None:
        post(page, 200)
        page.shown = [HELD]

    assert send(page, site_holds_it).verdict == "refused", "not yet submitted: the site does not hold it as sent"


def test_words_shown_before_anything_left_are_never_the_answer() -> None:
    page = ScriptedPage(shown=["Your file was received successfully."])
    answer = send(page, lambda: None)
    assert answer.verdict == "unsent" and NOTHING_LEFT in answer.message


def test_an_interruption_mid_upload_is_unknown_and_drops_the_request() -> None:
    page = ScriptedPage()
    answer = send(page, lambda: post(page), stop=lambda: True)
    assert answer.verdict == "unknown" and "interrupted" in answer.message and page.stopped


def test_an_upload_never_answered_is_unknown_after_the_upload_timeout() -> None:
    page = ScriptedPage()
    # A pending upload is waited for in slices of up to a second: the page timeout outlasts one.
    answer = send(page, lambda: post(page), page_s=1.5)
    assert answer.verdict == "unknown" and "no answer to the upload within 0.3 s" in answer.message


def test_an_answer_in_words_the_bot_cannot_place_is_left_to_the_list() -> None:
    page = ScriptedPage()

    def site_answers() -> None:
        post(page, 200)
        page.shown = ["Upload complete. Submission ID: CPP-48001."]

    answer = send(page, site_answers)
    assert (answer.verdict, answer.silent, answer.reference) == ("unknown", True, "CPP-48001")


def test_an_expired_session_is_said_by_its_status() -> None:
    page = ScriptedPage()

    def site_answers() -> None:
        post(page, 401)
        page.shown = ["Please log on."]

    assert send(page, site_answers).verdict == "expired"


def test_a_dropped_connection_is_unknown() -> None:
    page = ScriptedPage()

    def dropped() -> None:
        request = post(page)
        request.failure = "net::ERR_CONNECTION_RESET"
        page.handlers["requestfailed"](request)

    answer = send(page, dropped)
    assert answer.verdict == "unknown" and "ERR_CONNECTION_RESET" in answer.message
