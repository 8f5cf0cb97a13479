"""What the bot does with the browser's own dialogs and requests, with stand-ins for the browser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.site.watch import UploadWatch


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
