"""The requests a page makes: the upload requests of one send and how each ended (with the browser's
own dialogs during it), and the script requests a page still has open before its list is read."""

from __future__ import annotations

import contextlib
import logging
import re

from playwright.sync_api import BrowserContext, Dialog, Page, Request, Response
from playwright.sync_api import Error as PlaywrightError

from bot.site.waits import ticks

log = logging.getLogger(__name__)


class UploadWatch:
    """The POST or PUT requests a send makes and how each one ended, and any native dialog.

    Subscribed once per page and armed for each send: each subscription is a round trip to the
    browser, and a run of 100 files would otherwise make 800 of them. Unarmed, it counts nothing,
    and a native dialog is dismissed, as Playwright does when nobody listens.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.armed = False
        self.confirming: re.Pattern[str] | None = None
        self.asked: list[str] = []
        self._reset()
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("dialog", self._dialog)

    def _reset(self) -> None:
        self.pending: set[Request] = set()
        self.requests = 0
        self.statuses: list[int] = []
        self.failures: list[str] = []
        self.dialogs: list[str] = []

    def arm(self, confirming: re.Pattern[str] | None = None, asked: list[str] | None = None) -> UploadWatch:
        """Start watching one send: what earlier sends saw is forgotten."""
        self._reset()
        self.confirming = confirming
        self.asked = asked if asked is not None else []
        self.armed = True
        return self

    def disarm(self) -> None:
        self.armed = False

    @staticmethod
    def _counts(request: Request) -> bool:
        return request.method in ("POST", "PUT")

    def _request(self, request: Request) -> None:
        if self.armed and self._counts(request):
            self.pending.add(request)
            self.requests += 1
            log.debug("upload request: %s %s", request.method, request.url)

    def _response(self, response: Response) -> None:
        if self.armed and self._counts(response.request):
            self.pending.discard(response.request)
            self.statuses.append(response.status)
            log.debug("upload answer: HTTP %d from %s", response.status, response.url)

    def _failed(self, request: Request) -> None:
        if self.armed and self._counts(request):
            self.pending.discard(request)
            self.failures.append(request.failure or "the connection failed")

    def _dialog(self, dialog: Dialog) -> None:
        """The browser's own confirm(): accepted during a send when its words ask to confirm the
        submission, as a person would press OK; anything else is dismissed, and kept as evidence."""
        said = f"{dialog.type}: {dialog.message}"
        with contextlib.suppress(PlaywrightError):
            confirming = self.confirming if self.armed else None
            if dialog.type == "confirm" and confirming is not None and confirming.search(dialog.message):
                dialog.accept()
                self.asked.append(f"the browser asked: {dialog.message}; the bot pressed OK")
                return
            dialog.dismiss()
        if self.armed:
            self.dialogs.append(said)
        else:
            log.info("dismissed the browser's %s", said)

    def pause(self, ms: float) -> None:
        """Between two looks at a send: while the upload is on its way, until its answer arrives (a
        second at most, so that the progress line and a stop request are heard); otherwise a short
        poll. No sleeping through an answer that has already come."""
        if not self.pending:
            self.page.wait_for_timeout(ms)
            return
        # Playwright's waits are timers in this process, not calls to the browser: short slices
        # cost nothing, and the events that end the upload are heard within one. (An event wait
        # could miss an answer already queued before it started, and sleep a whole second.) The
        # slices are counted, not timed: a fake page's instant wait has still waited.
        for _ in range(int(max(ms, 1000) // 10)):
            if not self.pending:
                return
            self.page.wait_for_timeout(10)

    @property
    def sent(self) -> bool:
        """Whether any upload request left the browser: the evidence rule's first half."""
        return self.requests > 0

    @property
    def status(self) -> int | None:
        return self.statuses[-1] if self.statuses else None

    def close(self) -> None:
        """Unsubscribe: the page is done with."""
        self.armed = False
        self.page.remove_listener("request", self._request)
        self.page.remove_listener("response", self._response)
        self.page.remove_listener("requestfailed", self._failed)
        self.page.remove_listener("dialog", self._dialog)


class InFlight:
    """The script requests (fetch, XHR) a browser context has open now: a page that fetches its list
    after it loads, or again after a send, draws it only once they are answered."""

    def __init__(self, context: BrowserContext) -> None:
        self.open: set[Request] = set()
        context.on("request", self._started)
        context.on("requestfinished", self._ended)
        context.on("requestfailed", self._ended)

    def _ended(self, request: Request) -> None:
        self.open.discard(request)

    def _started(self, request: Request) -> None:
        if request.resource_type in ("fetch", "xhr"):
            self.open.add(request)

    def settle(self, page: Page, limit_s: float) -> bool:
        """Wait until the page has loaded and no script request has been open for a moment; False when
        one is still open at the limit (the caller decides what that means)."""
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("load", timeout=limit_s * 1000)
        quiet = 0
        for _ in ticks(page, limit_s, step_ms=100):
            quiet = 0 if self.open else quiet + 1
            if quiet >= 2:
                return True
        return False
