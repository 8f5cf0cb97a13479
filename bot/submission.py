"""One submission run: log on, reach the File Submission form, send each file, record everything."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright
from tenacity import Retrying, before_sleep_log, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

import bot
from bot import browser
from bot.audit import FileRecord, RunFolder, RunSummary, new_run_id, now_iso
from bot.config import Config, Retries
from bot.credentials import Credentials
from bot.errors import ElementNotFound, FileRefused, InsecureSite, SiteError, SiteUnreachable
from bot.manifest import Manifest, PlannedFile
from bot.preflight import CheckedFile
from bot.site.pages import FileSubmissionPage, HomePage, LoginPage

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RunRequest:
    manifest: Manifest
    files: list[CheckedFile]
    config: Config
    credentials: Credentials
    out_dir: Path


def require_safe_transport(url: str) -> None:
    """Credentials go only over HTTPS, or to this machine."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise InsecureSite(
            f"refusing to send credentials to {parts.scheme}://{parts.netloc}: "
            "plain HTTP would expose the password; use an https:// address"
        )


def _retrying(settings: Retries) -> Retrying:
    """Retries for steps that can fail transiently: a page that does not load, a dropped connection."""
    return Retrying(
        stop=stop_after_attempt(settings.attempts),
        wait=wait_exponential_jitter(initial=settings.initial_wait_s, max=settings.max_wait_s),
        retry=retry_if_exception_type(PlaywrightError),
        before_sleep=before_sleep_log(log, logging.WARNING),
        reraise=True,
    )


def records_for(files: list[CheckedFile]) -> list[FileRecord]:
    # The digests come from the pre-flight checks: each file is hashed once per run.
    return [
        FileRecord(
            type=item.planned.type.value,
            path=item.planned.shown_path,
            school_year=item.planned.school_year.short,
            bytes=item.facts.bytes,
            sha256=item.facts.sha256,
        )
        for item in files
    ]


class SubmissionRun:
    def __init__(self, request: RunRequest) -> None:
        self.request = request
        self.config = request.config
        self.summary = RunSummary(
            run_id=new_run_id(),
            site=self.config.site.base_url,
            started_at=now_iso(),
            district=request.manifest.district,
            account=request.credentials.username,
            versions={"calpass-bot": bot.__version__, "Playwright": version("playwright")},
        )
        self.summary.files = records_for(request.files)
        self.folder = RunFolder(request.out_dir, self.summary)
        self.page: Page | None = None

    def execute(self) -> RunSummary:
        """Send every file; a site-level failure is recorded in the summary, then raised."""
        try:
            require_safe_transport(self.config.site.login_url)
            with self._browser_page() as page:
                self.page = page
                form_url = self._reach_form(page)
                for index, (planned, record) in enumerate(
                    zip(self.request.manifest.files, self.summary.files, strict=True)
                ):
                    # The first file finds the form already open; later ones start from a fresh form.
                    self._send(page, planned, record, form_url, reopen=index > 0)
        except SiteError as exc:
            self.summary.error = str(exc)
            raise
        finally:
            self.summary.finished_at = now_iso()
            self.folder.write()
            log.info("run folder: %s", self.folder.path)
        return self.summary

    @contextmanager
    def _browser_page(self) -> Iterator[Page]:
        with sync_playwright() as playwright:
            chromium, _ = browser.launch(playwright, self.config.browser)
            self.summary.versions["Chromium"] = chromium.version
            try:
                context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=False)
                page = context.new_page()
                page.set_default_timeout(self.config.timeouts.page_s * 1000)
                yield page
            finally:
                chromium.close()

    def _shot(self, page: Page, step: str, record: FileRecord | None = None) -> str:
        name = self.folder.screenshot_name(step, record)
        # Every password box is blanked in every picture, whatever page it is on.
        path = self.folder.file(name)
        page.screenshot(path=path, full_page=True, mask=[page.locator("input[type=password]")])
        path.chmod(0o600)
        return name

    def _on_the_way(self, page: Page, step: Callable[[], T]) -> T:
        try:
            return step()
        except ElementNotFound as exc:
            raise exc.with_screenshot(self._shot(page, "missing-element")) from None

    def _reach_form(self, page: Page) -> str:
        timeout_ms = self.config.timeouts.page_s * 1000
        words = self.config.words
        login = LoginPage(page, words, timeout_ms)
        url = self.config.site.login_url
        log.info("opening %s", url)
        try:
            for attempt in _retrying(self.config.retries):
                with attempt:
                    login.open(url)
        except PlaywrightError as exc:
            raise SiteUnreachable(f"could not reach {url}: {_first_line(exc)}") from None

        credentials = self.request.credentials
        self._on_the_way(page, lambda: login.fill(credentials.username, credentials.password))
        self._shot(page, "login")
        log.info("logging on as %s", credentials.username)
        try:
            login.submit()
        except SiteError as exc:
            if isinstance(exc, ElementNotFound):
                exc = exc.with_screenshot(self._shot(page, "after-log-on"))
            else:
                self._shot(page, "login-refused")
            raise exc from None
        self._shot(page, "logged-in")

        home = HomePage(page, words, timeout_ms)
        self._on_the_way(page, home.open_upload_data)
        form = FileSubmissionPage(page, words, timeout_ms)
        form_url = self._on_the_way(page, form.wait_open)
        self._shot(page, "file-submission")
        log.info("File Submission page open")
        return form_url

    def _send(self, page: Page, planned: PlannedFile, record: FileRecord, form_url: str, *, reopen: bool) -> None:
        timeout_ms = self.config.timeouts.page_s * 1000
        form = FileSubmissionPage(page, self.config.words, timeout_ms)
        log.info("%s %s: sending %s (%s bytes)", planned.type, planned.school_year, planned.shown_path, record.bytes)
        record.attempts += 1
        try:
            if reopen:
                form.reopen(form_url)
            form.fill(planned)
            self._shot(page, "filled", record)
            outcome = form.submit(self.config.timeouts.upload_s * 1000)
        except (FileRefused, ElementNotFound, PlaywrightError) as exc:
            record.status = "failed"
            record.error = _first_line(exc)
            self._shot(page, "failed", record)
            log.error("%s %s: failed: %s", planned.type, planned.school_year, exc)
            return
        self._shot(page, "result", record)
        if outcome.outcome == "confirmed":
            record.status = "submitted"
            record.confirmation = outcome.message
            log.info("%s %s: submitted: %s", planned.type, planned.school_year, outcome.message)
        else:
            record.status = "failed"
            record.error = f"the site refused the file: {outcome.message}"
            log.error("%s %s: refused: %s", planned.type, planned.school_year, outcome.message)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
