"""One submission run: log on, reach the File Submission form, send each file exactly once, record
everything.

An upload whose answer is unknown (a server error, a dropped connection, a timeout, an expired
session) may still have arrived: before sending it again the bot looks for it in the site's list
of earlier submissions. Confirmed files go to the ledger, so a rerun sends nothing twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

import bot
from bot.audit import FileRecord, RunFolder, RunSummary, new_run_id, now_iso
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import ElementNotFound, FileRefused, Interrupted, OutcomeUnknown, SiteError
from bot.ledger import Entry, Ledger
from bot.manifest import Manifest, PlannedFile
from bot.preflight import CheckedFile
from bot.session import NO_RECORDING, Recording, Session, first_line, open_session
from bot.site.pages import UploadOutcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunRequest:
    manifest: Manifest
    files: list[CheckedFile]
    config: Config
    credentials: Credentials
    out_dir: Path
    force: bool = False
    interactive_login: bool = False
    recording: Recording = NO_RECORDING
    stop: Callable[[], bool] = lambda: False


class UploadUnknown(Exception):
    """This attempt's outcome is unknown and the file is not in the site's list: send it again."""


@dataclass
class Doubt:
    """Whether an earlier attempt of this file may have arrived where no list could show it."""

    maybe_twice: bool = False


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


def new_summary(config: Config, account: str, district: str | None = None) -> RunSummary:
    return RunSummary(
        run_id=new_run_id(),
        site=config.site.base_url,
        started_at=now_iso(),
        district=district,
        account=account,
        versions={"calpass-bot": bot.__version__, "Playwright": version("playwright")},
    )


class SubmissionRun:
    def __init__(self, request: RunRequest) -> None:
        self.request = request
        self.config = request.config
        self.summary = new_summary(self.config, request.credentials.username, request.manifest.district)
        self.summary.files = records_for(request.files)
        self.folder = RunFolder(request.out_dir, self.summary)
        self.ledger = Ledger(request.out_dir)
        self._labels: dict[int, str] = {}
        self._started: dict[int, float] = {}

    def _who(self, planned: PlannedFile) -> str:
        """How the log names a file: which of how many, its type and year."""
        return self._labels.get(planned.number, f"{planned.type} {planned.school_year}")

    def _took(self, planned: PlannedFile) -> str:
        started = self._started.get(planned.number)
        return f" ({time.monotonic() - started:.1f} s)" if started is not None else ""

    def execute(self) -> RunSummary:
        """Send every file not already on the site; a site-level failure is recorded, then raised."""
        try:
            to_send = self._not_yet_sent()
            if to_send:
                self._send_all(to_send)
            else:
                log.info("every file is already on the site (see %s); nothing to send", self.ledger.path)
        except (SiteError, Interrupted) as exc:
            self.summary.error = str(exc)
            self.folder.event("stopped", outcome="error", detail=str(exc))
            raise
        finally:
            self.summary.finished_at = now_iso()
            self.folder.write()
            log.info("run folder: %s", self.folder.path)
        return self.summary

    def _key(self, record: FileRecord) -> tuple[str, str, str, str, str]:
        return (self.summary.site, self.request.credentials.username, record.sha256, record.type, record.school_year)

    def _not_yet_sent(self) -> list[tuple[CheckedFile, FileRecord]]:
        done = {} if self.request.force else self.ledger.read()
        pending = []
        for item, record in zip(self.request.files, self.summary.files, strict=True):
            earlier = done.get(self._key(record))
            if earlier is None:
                pending.append((item, record))
                continue
            record.status = "already_submitted"
            record.confirmation = f"sent {earlier.submitted_at}: {earlier.confirmation}"
            self.folder.event("ledger", file=record, outcome="already_submitted", detail=earlier.confirmation)
            log.info(
                "%s %s: already on the site (%s); --force sends it again",
                record.type,
                record.school_year,
                earlier.submitted_at,
            )
        return pending

    def _send_all(self, to_send: list[tuple[CheckedFile, FileRecord]]) -> None:
        request = self.request
        with open_session(
            self.config,
            self.folder,
            request.credentials,
            interactive=request.interactive_login,
            recording=request.recording,
        ) as session:
            session.open_login()
            session.log_on()
            form_url = session.reach_form()
            for index, (item, record) in enumerate(to_send):
                self._check_stop()
                planned = item.planned
                self._labels[planned.number] = f"[{index + 1}/{len(to_send)}] {planned.type} {planned.school_year}"
                self._started[planned.number] = time.monotonic()
                # The first file finds the form already open; later ones start from a fresh form.
                self._send(session, item.planned, record, form_url, on_form=index == 0)

    def _check_stop(self) -> None:
        if self.request.stop():
            raise Interrupted("interrupted: the run stopped after its current step; run again to send the rest")

    def _retrying(self, planned: PlannedFile, record: FileRecord) -> Retrying:
        settings = self.config.retries

        def say(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0
            self.folder.event("retry", file=record, retry=state.attempt_number, detail=str(error))
            log.warning(
                "%s: attempt %d of %d: %s; sending again in %.1f s",
                self._who(planned),
                state.attempt_number,
                settings.attempts,
                error,
                wait,
            )

        return Retrying(
            stop=stop_after_attempt(settings.attempts),
            wait=wait_exponential_jitter(initial=settings.initial_wait_s, max=settings.max_wait_s),
            retry=retry_if_exception_type(UploadUnknown),
            before_sleep=say,
            reraise=True,
        )

    def _send(
        self, session: Session, planned: PlannedFile, record: FileRecord, form_url: str, *, on_form: bool
    ) -> None:
        log.info("%s: sending %s (%s bytes)", self._who(planned), planned.shown_path, f"{record.bytes:,}")
        doubt = Doubt()
        try:
            for attempt in self._retrying(planned, record):
                with attempt:
                    self._attempt(
                        session, planned, record, form_url, fresh_form=on_form and record.attempts == 0, doubt=doubt
                    )
        except UploadUnknown as exc:
            self._fail(record, f"{exc}; tried {record.attempts} times", planned)
        except (FileRefused, ElementNotFound, PlaywrightError) as exc:
            if isinstance(exc, PlaywrightError) and self.request.stop():
                self._fail(record, "interrupted while the file was being sent; it may have arrived", planned)
                self._check_stop()
            if isinstance(exc, ElementNotFound):
                exc = exc.with_screenshot(session.shot("missing-element", record))
            else:
                session.shot("failed", record)
            self._fail(record, first_line(exc), planned)

    def _attempt(
        self,
        session: Session,
        planned: PlannedFile,
        record: FileRecord,
        form_url: str,
        *,
        fresh_form: bool,
        doubt: Doubt,
    ) -> None:
        form = session.form
        record.attempts += 1
        if not fresh_form:
            session.open_form(form_url)
        before = form.history(planned.path.name, record.bytes)
        form.fill(planned)
        session.shot("filled", record)
        outcome = form.submit(self.config.timeouts.upload_s * 1000, self.request.stop)
        session.shot("result", record)
        if outcome.outcome == "confirmed":
            self._confirm(record, outcome.message, planned, maybe_twice=doubt.maybe_twice)
            return
        if outcome.outcome == "refused":
            self._fail(record, f"the site refused the file: {outcome.message}", planned)
            return
        self._check_arrival(session, planned, record, form_url, outcome, before=before, doubt=doubt)

    def _check_arrival(
        self,
        session: Session,
        planned: PlannedFile,
        record: FileRecord,
        form_url: str,
        outcome: UploadOutcome,
        *,
        before: int | None,
        doubt: Doubt,
    ) -> None:
        """The answer was not a clear yes or no, so the file may have arrived: look before sending again."""
        said = outcome.message or "the site showed no message saying the file was received or refused"
        log.warning("%s: %s; looking for it in the site's list of submissions", self._who(planned), said)
        interrupted = self.request.stop()
        session.open_form(form_url)
        after = session.form.history(planned.path.name, record.bytes)
        if before is not None and after is not None and after > before:
            self._confirm(
                record, f"{said}; found in the site's list of submissions", planned, maybe_twice=doubt.maybe_twice
            )
            self._check_stop()
            return
        if interrupted:
            self._fail(record, "interrupted while the file was being sent, before the site confirmed it", planned)
            self._check_stop()
        words_unknown = not outcome.message and outcome.http_status is not None
        if words_unknown:
            record.error = (
                f"{said}: the file may have arrived: look at {record.screenshots[-1]} and the site's list of "
                "submissions before sending it again. If the site confirms with other words, set "
                "words.success_text (and words.error_text) in the config"
            )
            record.status = "failed"
            self.folder.event("outcome", file=record, outcome="failed", detail=record.error)
            # Sending the rest blind would repeat the same doubt for every file.
            raise OutcomeUnknown(f"{planned.type} {planned.school_year}: {record.error}; the run stopped there")
        if before is None or after is None:
            # No list to look in: send again, and say the site may now hold it twice.
            doubt.maybe_twice = True
            raise UploadUnknown(f"{said}; the page shows no list of submissions to look in")
        raise UploadUnknown(f"{said}; not in the site's list of submissions")

    def _confirm(self, record: FileRecord, message: str, planned: PlannedFile, *, maybe_twice: bool) -> None:
        record.status = "possibly_duplicated" if maybe_twice else "submitted"
        record.confirmation = message
        record.error = None
        self.folder.event("outcome", file=record, outcome=record.status, detail=message)
        self.ledger.add(
            Entry(
                site=self.summary.site,
                account=self.request.credentials.username,
                sha256=record.sha256,
                type=record.type,
                school_year=record.school_year,
                path=record.path,
                submitted_at=now_iso(),
                confirmation=message,
            )
        )
        log.info("%s: %s%s: %s", self._who(planned), record.status.replace("_", " "), self._took(planned), message)

    def _fail(self, record: FileRecord, error: str, planned: PlannedFile) -> None:
        record.status = "failed"
        record.error = error
        self.folder.event("outcome", file=record, outcome="failed", detail=error)
        log.error("%s: failed%s: %s", self._who(planned), self._took(planned), error)
