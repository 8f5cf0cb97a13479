"""One submission run: log on, reach the File Submission form, send each file, record everything."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

import bot
from bot.audit import FileRecord, RunFolder, RunSummary, new_run_id, now_iso
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import ElementNotFound, FileRefused, OutcomeUnknown, SiteError
from bot.manifest import Manifest, PlannedFile
from bot.preflight import CheckedFile
from bot.session import Session, first_line, open_session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunRequest:
    manifest: Manifest
    files: list[CheckedFile]
    config: Config
    credentials: Credentials
    out_dir: Path


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

    def execute(self) -> RunSummary:
        """Send every file; a site-level failure is recorded in the summary, then raised."""
        try:
            with open_session(self.config, self.folder) as session:
                session.open_login()
                session.log_on(self.request.credentials)
                form_url = session.reach_form()
                for index, (item, record) in enumerate(zip(self.request.files, self.summary.files, strict=True)):
                    # The first file finds the form already open; later ones start from a fresh form.
                    self._send(session, item.planned, record, form_url, reopen=index > 0)
        except SiteError as exc:
            self.summary.error = str(exc)
            raise
        finally:
            self.summary.finished_at = now_iso()
            self.folder.write()
            log.info("run folder: %s", self.folder.path)
        return self.summary

    def _send(self, session: Session, planned: PlannedFile, record: FileRecord, form_url: str, *, reopen: bool) -> None:
        form = session.form
        log.info("%s %s: sending %s (%s bytes)", planned.type, planned.school_year, planned.shown_path, record.bytes)
        record.attempts += 1
        try:
            if reopen:
                form.reopen(form_url)
            form.fill(planned)
            session.shot("filled", record)
            outcome = form.submit(self.config.timeouts.upload_s * 1000)
        except (FileRefused, ElementNotFound, PlaywrightError) as exc:
            record.status = "failed"
            if isinstance(exc, ElementNotFound):
                exc = exc.with_screenshot(session.shot("missing-element", record))
            else:
                session.shot("failed", record)
            record.error = first_line(exc)
            log.error("%s %s: failed: %s", planned.type, planned.school_year, record.error)
            return
        session.shot("result", record)
        if outcome.outcome == "confirmed":
            record.status = "submitted"
            record.confirmation = outcome.message
            log.info("%s %s: submitted: %s", planned.type, planned.school_year, outcome.message)
        elif outcome.outcome == "refused":
            record.status = "failed"
            record.error = f"the site refused the file: {outcome.message}"
            log.error("%s %s: refused: %s", planned.type, planned.school_year, outcome.message)
        else:
            record.status = "failed"
            said = outcome.message or "the site showed no message saying the file was received or refused"
            record.error = (
                f"{said}; the file may have arrived: look at {record.screenshots[-1]} and the site's list of "
                "submissions before sending it again. If the site confirms with other words, "
                "set words.success_text (and words.error_text) in the config"
            )
            log.error("%s %s: outcome unknown: %s", planned.type, planned.school_year, record.error)
            # Sending the rest blind would repeat the same doubt for every file.
            raise OutcomeUnknown(f"{planned.type} {planned.school_year}: {record.error}; the run stopped there")
