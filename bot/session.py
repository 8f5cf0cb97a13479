"""A browser session on the site: the page, the run folder its screenshots go to, and the way to
the File Submission form. Shared by a submission run and a site check."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TypeVar

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from tenacity import Retrying, before_sleep_log, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from bot import browser
from bot.audit import FileRecord, RunFolder
from bot.camera import NO_RECORDING, Camera, Recording
from bot.config import Config, Retries
from bot.credentials import Credentials
from bot.errors import (
    DialogInTheWay,
    ElementNotFound,
    LoginNeedsPerson,
    SiteError,
    SiteUnreachable,
    first_line,
)
from bot.journey import Journey, understood
from bot.on_the_way import PagesBetween
from bot.row_details import keep_details
from bot.site.form.page import FileSubmissionPage
from bot.site.interruptions import dismiss_known_dialogs, keep_session_alive, unplaced_dialog
from bot.site.network import InFlight
from bot.site.pages import Focus, HomePage, LoginPage, dismiss_banners, first_look
from bot.site.waits import until
from bot.transport import PLAIN_HTTP_ELSEWHERE, WireGuard, require_safe_transport

log = logging.getLogger(__name__)
T = TypeVar("T")


def backoff(settings: Retries) -> wait_exponential_jitter:
    """Exponential waits from the configured first wait, each with up to that much random jitter, so
    that many districts retrying at a deadline do not hammer the site in step."""
    first = settings.initial_wait_s
    return wait_exponential_jitter(multiplier=first, max=settings.max_wait_s, jitter=first, min=0)


def retrying(settings: Retries) -> Retrying:
    """Retries for steps that can fail transiently: a page that does not load, a dropped connection."""
    return Retrying(
        stop=stop_after_attempt(settings.attempts),
        wait=backoff(settings),
        retry=retry_if_exception_type(PlaywrightError),
        before_sleep=before_sleep_log(log, logging.WARNING),
        reraise=True,
    )


def covered_by(exc: BaseException) -> str:
    """What covers an element that exists but cannot be clicked, from Playwright's own call log."""
    found = re.search(r"(<[^\n]{1,160}?>)(?: from <[^\n]*?> subtree)? intercepts pointer events", str(exc))
    return f"; something covers it: {found.group(1)}" if found else ""


class Session:
    def __init__(  # noqa: PLR0913  # a session's parts, by keyword; a parameter object would only move the list
        self,
        page: Page,
        config: Config,
        folder: RunFolder,
        credentials: Credentials,
        *,
        interactive: bool = False,
        recording: Recording = NO_RECORDING,
        guard: WireGuard | None = None,
    ) -> None:
        self.page = page
        self.guard = guard or WireGuard()
        # Pictures of whichever tab the run is in now.
        self.camera = Camera(lambda: self.page, folder, recording)
        self.config = config
        self.folder = folder
        self.credentials = credentials
        self.interactive = interactive
        self.timeout_ms = config.timeouts.page_s * 1000
        self.login = LoginPage(page, config.words, self.timeout_ms)
        self.home = HomePage(page, config.words, self.timeout_ms)
        self.form = FileSubmissionPage(
            page, config.words, self.timeout_ms, config.form.fields, login_showing=self.login.showing
        )
        self.between = PagesBetween(self)

    def watch_dialogs(self, page: Page) -> None:
        """The dialogs that may interrupt any step in this tab, answered as the config allows."""
        kept = self.camera.answered("session-warning", "session-kept", "kept the session")
        closed = self.camera.answered("dialog-closed", "dialog-closed", "closed a dialog named in pages.dismiss")
        keep_session_alive(page, self.config.words, kept)
        dismiss_known_dialogs(page, self.config.words, self.config.pages.dismiss, closed)

    def shot(self, step: str, record: FileRecord | None = None, focus: Focus | None = None) -> str:
        """A screenshot of the step, of the tab the run is in (see Camera.shot)."""
        return self.camera.shot(step, record, focus)

    def dialog_in_the_way(self) -> DialogInTheWay | None:
        """The stop for a dialog over the page that the bot cannot place, pictured; None when none is."""
        found = unplaced_dialog(self.page, self.config.words, self.config.pages.dismiss)
        if found is None:
            return None
        return DialogInTheWay.over_form(*found, shot=self.shot("dialog-in-the-way"))

    def alive(self) -> bool:
        """Whether the page still answers: a crashed renderer or a dead browser makes every call fail."""
        try:
            self.page.evaluate("1")
        except PlaywrightError:
            return False
        return True

    def step(self, what: str, action: Callable[[], T]) -> T:
        """A step on the way to the form: a missing element gets a screenshot, and a browser failure
        becomes one clear line instead of a Playwright traceback."""
        try:
            result = action()
        except ElementNotFound as exc:
            self.guard.check()
            raise exc.with_screenshot(self.shot("missing-element")) from None
        except PlaywrightError as exc:
            self.guard.check()
            shot = self.shot("browser-error")
            raise SiteError(
                f"the browser failed while {what}: {first_line(exc)}{covered_by(exc)}; see {shot}"
            ) from None
        except SiteError:
            self.guard.check()
            raise
        self.guard.check(self.page.url)
        return result

    def open_login(self) -> None:
        url = self.config.site.login_url
        require_safe_transport(url)
        log.info("opening %s", url)
        self.goto(url)
        self.clear_banners()

    def log_on(self) -> None:
        """One log-on try. A refused log-on is never retried: portals lock accounts after a few."""
        credentials = self.credentials
        self.camera.trace_off()
        self.folder.event("log-on", detail=credentials.username)
        # Checked before the password is typed: a redirect may have brought a page from elsewhere.
        self.guard.check(self.page.url)
        self.step("filling the Log On form", lambda: self.login.fill(credentials.username, credentials.password))
        self.shot("login")
        log.info("logging on as %s", credentials.username)
        try:
            self.step("logging on", self.login.submit)
        except LoginNeedsPerson:
            self.shot("login-needs-person")
            if not self.interactive:
                raise
            log.warning("waiting for you to finish the log-on in the browser window")
            self.step(
                "waiting for a person to log on",
                lambda: self.login.wait_for_person(self.config.timeouts.person_s * 1000),
            )
        except SiteError as exc:
            if not isinstance(exc, ElementNotFound):
                self.shot("login-refused")
            raise
        self.shot("logged-in")
        self.camera.trace_on()

    def open_form(self, url: str) -> None:
        """Back to the File Submission form, logging on again if the site ended the session."""
        self.goto(url)
        # Once per file: one look decides whether the careful ones (a banner, the Log On page) run.
        look = first_look(self.page, self.config.words)
        if look.banner:
            self.clear_banners(looked=True)
        if (look.password or len(self.page.frames) > 1) and self.login.showing():
            log.warning("the site ended the session; logging on again")
            self.log_on()
            self.goto(url)
        self._reopen_form()
        self.step("opening the File Submission page", self.form.wait_open)
        if stop := self.dialog_in_the_way():
            raise stop

    def _reopen_form(self) -> None:
        """A form kept in a dialog that its page shows closed again (after a send, on a new load) is
        opened by Upload Data, as a person opens it: each file starts from a form like the first's."""
        self.form.wait_shown_or(self.home)
        if not self.form.showing() and self.home.shows_upload_data():
            log.info("the File Submission form is closed on its page; pressing Upload Data")
            self.press_upload_data()

    def goto(self, url: str) -> None:
        try:
            for attempt in retrying(self.config.retries):
                with attempt:
                    try:
                        self.page.goto(url, wait_until="domcontentloaded", timeout=self.timeout_ms)
                    finally:
                        # Not retried: a blocked plain-HTTP address is a refusal, not a hiccup.
                        self.guard.check()
        except PlaywrightError as exc:
            raise SiteUnreachable(f"could not reach {url}: {first_line(exc)}") from None

    def press_upload_data(self) -> None:
        """Press Upload Data; when it opens the form in a new tab or window (a link with
        target=_blank), go on in that tab, as a person does. The first tab is left as it is."""
        context = self.page.context
        before, url = list(context.pages), self.page.url
        self.step("pressing Upload Data", self.home.open_upload_data)

        def opened() -> list[Page]:
            return [p for p in context.pages if p not in before and not p.is_closed()]

        # A new tab shows up within moments, and leaves this tab where it was: once this tab shows the
        # form or another address, none is coming. Without one, reaching the form waits for its heading.
        if until(self.page, 2.0, lambda: bool(opened()) or self.form.showing() or self.page.url != url) and opened():
            self._adopt(opened()[0])

    def _adopt(self, page: Page) -> None:
        """Go on in a tab the site opened: every page object, the screenshots and the dialogs that
        interrupt now act in it."""
        page.set_default_timeout(self.timeout_ms)
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("domcontentloaded", timeout=self.timeout_ms)
        self.guard.check(page.url)
        self.page = page
        for part in (self.login, self.home, self.form):
            part.page = page
        self.watch_dialogs(page)
        log.info("Upload Data opened a new tab (%s); going on there", page.url)
        self.folder.event("new-tab", detail=page.url)

    def details(self, link: str, record: FileRecord) -> str:
        """What a row of the list links to about a file, kept in the run folder (see keep_details)."""
        return keep_details(self, link, record)

    def reach_form(self, *, understand: bool = True) -> str:
        """From the home page to the File Submission form; returns the form's address. Every control
        of the form must be accounted for before the first file is sent (`understand`: a look at the
        list alone needs none of them)."""
        form_url = Journey(self).to_form()
        if form_url is None:  # a run's journey raises at the first element missing, never ends early
            raise SiteError("the way to the File Submission form ended before it")
        shot = self.shot("file-submission")
        if understand:
            understood(self.form, shot)
        log.info("File Submission page open")
        return form_url

    def clear_banners(self, *, looked: bool = False) -> None:
        """A cookie or notice banner covering the page is accepted, as a person would. The careful
        look (by role and name, over the whole page) runs only when a cheap one sees an accept button
        (or `looked`: it saw one already)."""
        if not looked and not first_look(self.page, self.config.words).banner:
            return
        for said in dismiss_banners(self.page, self.config.words):
            log.info("accepted a banner: %s", said)
            self.folder.event("banner", detail=said)


@contextmanager
def open_session(
    config: Config,
    folder: RunFolder,
    credentials: Credentials,
    *,
    interactive: bool = False,
    recording: Recording = NO_RECORDING,
) -> Iterator[Session]:
    """A session in a Chromium of its own, closed with it."""
    with ExitStack() as stack:
        env = stack.enter_context(browser.video_env(folder.path)) if recording.video else None
        playwright = stack.enter_context(browser.playwright_apart(env))
        chromium, _ = browser.launch(playwright, config.browser)
        try:
            with session_on(
                chromium, config, folder, credentials, interactive=interactive, recording=recording
            ) as session:
                yield session
        finally:
            # A browser (or driver) already gone, after a crash or a Ctrl-C, has nothing left to close.
            with contextlib.suppress(PlaywrightError):
                chromium.close()


@contextmanager
def session_on(  # noqa: PLR0913  # the same parts as Session, passed through
    chromium: Browser,
    config: Config,
    folder: RunFolder,
    credentials: Credentials,
    *,
    interactive: bool = False,
    recording: Recording = NO_RECORDING,
) -> Iterator[Session]:
    """A session in a fresh context of a running Chromium: nothing shared with any other session."""
    folder.summary.versions["Chromium"] = chromium.version
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        accept_downloads=False,
        record_video_dir=str(folder.path) if recording.video else None,
        record_video_size={"width": 1280, "height": 900} if recording.video else None,
    )
    guard = WireGuard()
    context.route(PLAIN_HTTP_ELSEWHERE, guard)
    page = context.new_page()
    page.set_default_timeout(config.timeouts.page_s * 1000)
    session = Session(page, config, folder, credentials, interactive=interactive, recording=recording, guard=guard)
    # Watching from before the first page, and in every tab the site opens: a list is read once the
    # requests that draw it are answered.
    session.form.in_flight = InFlight(context)
    session.watch_dialogs(page)
    try:
        yield session
    finally:
        _close(session, context, folder)


def _close(session: Session, context: BrowserContext, folder: RunFolder) -> None:
    """Save the trace and the video into the run folder, readable by their owner only."""
    try:
        session.camera.trace_off()
        video = session.page.video
        with contextlib.suppress(PlaywrightError):
            # Gone with its browser: nothing to close, and the video (if any) is still saved below.
            context.close()
        if video is not None:
            path = folder.file("video.webm")
            video.save_as(path)
            video.delete()
            path.chmod(0o600)
            folder.event("video", detail=path.name)
    except PlaywrightError as exc:
        log.warning("could not save the trace or video: %s", first_line(exc))
