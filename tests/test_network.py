"""What the bot does with the browser's own dialogs and requests, with stand-ins for the browser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.site.network import UploadWatch


@dataclass
class StandInPage:
    handlers: dict[str, Any] = field(default_factory=dict)

    def on(self, event: str, handler: Any) -> None:
        self.handlers[event] = handler

    def remove_listener(self, event: str, handler: Any) -> None:
        assert self.handlers.pop(event) == handler


@dataclass
class StandInDialog:
    type: str
    message: str
    answer: str = ""

    def accept(self) -> None:
        self.answer = "accepted"

    def dismiss(self) -> None:
        self.answer = "dismissed"


@dataclass(eq=False)
class StandInRequest:
    method: str
    url: str = "https://www.calpassplus.org/FileSubmission/Upload"
    failure: str | None = None


@dataclass
class StandInResponse:
    request: StandInRequest
    status: int
    url: str = "https://www.calpassplus.org/FileSubmission/Upload"


def watch() -> tuple[UploadWatch, StandInPage, list[str]]:
    page = StandInPage()
    asked: list[str] = []
    upload = UploadWatch(page)  # type: ignore[arg-type]
    return upload.arm(re.compile(r"are you sure", re.I), asked), page, asked


def test_a_confirm_asking_to_confirm_the_submission_is_accepted_and_kept() -> None:
    upload, page, asked = watch()
    dialog = StandInDialog("confirm", "Are you sure you want to submit this file?")
    page.handlers["dialog"](dialog)
    assert dialog.answer == "accepted"
    assert asked == ["the browser asked: Are you sure you want to submit this file?; the bot pressed OK"]
    assert upload.dialogs == []


def test_any_other_dialog_is_dismissed_and_kept_as_evidence() -> None:
    upload, page, asked = watch()
    dialog = StandInDialog("alert", "Your file is too large")
    page.handlers["dialog"](dialog)
    assert dialog.answer == "dismissed" and asked == []
    assert upload.dialogs == ["alert: Your file is too large"]


def test_only_posts_count_as_uploads_and_each_ends_once() -> None:
    upload, page, _ = watch()
    page.handlers["request"](StandInRequest("GET"))
    assert not upload.sent
    post = StandInRequest("POST")
    page.handlers["request"](post)
    assert upload.sent and upload.pending
    page.handlers["response"](StandInResponse(post, 303))
    assert not upload.pending and upload.status == 303
    lost = StandInRequest("PUT", failure="net::ERR_CONNECTION_RESET")
    page.handlers["request"](lost)
    page.handlers["requestfailed"](lost)
    assert upload.failures == ["net::ERR_CONNECTION_RESET"]
    upload.close()
    assert page.handlers == {}


def test_between_sends_nothing_is_counted_and_no_dialog_is_accepted() -> None:
    upload, page, asked = watch()
    page.handlers["request"](StandInRequest("POST"))
    upload.disarm()
    page.handlers["request"](StandInRequest("POST"))
    dialog = StandInDialog("confirm", "Are you sure you want to submit this file?")
    page.handlers["dialog"](dialog)
    assert dialog.answer == "dismissed" and asked == []
    upload.arm()
    assert not upload.sent and upload.failures == [] and upload.dialogs == []


@dataclass
class StandInWindow:
    viewport_size: dict[str, int] = field(default_factory=lambda: {"width": 1280, "height": 900})

    def locator(self, selector: str) -> Any:
        raise AssertionError("no look at the page: the words were seen in the window already")


def test_words_already_seen_in_the_window_need_no_band() -> None:
    from bot.site.pages import Focus, area

    assert area(StandInWindow(), Focus("text", "received", seen_at=240.0)) is None  # type: ignore[arg-type]


@dataclass
class StandInBarPage:
    shares: list[Any]
    reads: int = 0

    def locator(self, selector: str) -> Any:
        return self

    def evaluate(self, script: str, arg: Any = None, timeout: float = 0) -> Any:
        self.reads += 1
        share = self.shares.pop(0)
        if isinstance(share, Exception):
            raise share
        return share


def test_the_bytes_sent_come_from_the_pages_own_progress_bar() -> None:
    from bot.site.sending import UploadBar

    page = StandInBarPage([None, 0.25, 1.0])
    bar = UploadBar(page, 2_000_000)  # type: ignore[arg-type]
    bar.look(0.5)  # too soon: a fast upload is never slowed by a look
    assert page.reads == 0 and bar.said() == ""
    bar.look(1.0)
    assert bar.said() == "", "no bar on the page: nothing said"
    bar.look(1.5)
    assert page.reads == 1, "about once a second"
    bar.look(2.0)
    assert bar.said() == ": 500,000 of 2,000,000 bytes sent (25%)"


def test_a_page_that_cannot_be_read_during_the_send_is_not_read_again() -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    from bot.site.sending import UploadBar

    page = StandInBarPage([PlaywrightTimeoutError("a form post holds the page")])
    bar = UploadBar(page, 100)  # type: ignore[arg-type]
    bar.look(1.0)
    bar.look(5.0)
    assert page.reads == 1 and bar.said() == ""


def test_an_unreadable_page_gets_the_careful_looks() -> None:
    from playwright.sync_api import Error as PlaywrightError

    from bot.site.pages import FirstLook, first_look
    from bot.site.words import SiteWords

    class Closed:
        def evaluate(self, script: str, arg: Any = None) -> Any:
            raise PlaywrightError("Target closed")

    assert first_look(Closed(), SiteWords()) == FirstLook(banner=True, password=True)  # type: ignore[arg-type]


@dataclass
class StandInContext:
    handlers: dict[str, Any] = field(default_factory=dict)

    def on(self, event: str, handler: Any) -> None:
        self.handlers[event] = handler


@dataclass
class QuietPage:
    def wait_for_load_state(self, state: str, timeout: float) -> None:
        pass

    def wait_for_timeout(self, ms: float) -> None:
        pass


@dataclass(eq=False)
class ScriptRequest:
    resource_type: str


def test_a_list_is_read_only_once_the_scripts_requests_are_answered() -> None:
    from bot.site.network import InFlight

    context = StandInContext()
    in_flight = InFlight(context)  # type: ignore[arg-type]
    page: Any = QuietPage()
    assert in_flight.settle(page, 1.0), "nothing open: settled at once"
    fetch = ScriptRequest("fetch")
    context.handlers["request"](fetch)
    # An image or a page load is no script request: it never holds the list back.
    context.handlers["request"](ScriptRequest("image"))
    assert not in_flight.settle(page, 0.05), "a fetch still open at the limit is said so"
    context.handlers["requestfinished"](fetch)
    assert in_flight.settle(page, 1.0)
