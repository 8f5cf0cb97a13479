"""One submission run: log on, reach the File Submission form, send each file exactly once, record
everything.

A file is `submitted` only on evidence: an upload request left the browser, was answered, and the
site said yes (or its list of submissions shows the new row). Whatever the bot cannot be sure of
is written to the ledger as a doubt before anything else, and looked for in the site's list,
polling while the site may still be storing it, before any re-send in this run or a later one.
At the end of a run the list is read once more, so that a copy the browser sent twice on its own
is named, with every submission id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from importlib.metadata import version

from playwright.sync_api import Error as PlaywrightError

import bot
from bot.audit import FileRecord, RunFolder, RunSummary, new_run_id, now_iso
from bot.camera import Recording
from bot.config import Config
from bot.credentials import Credentials
from bot.delivery import FileSender
from bot.errors import (
    BrowserFailed,
    Interrupted,
    OutputError,
    SiteError,
    first_line,
)
from bot.ledger import Ledger, held_run_folder
from bot.list_lookup import ListLook, open_form
from bot.plan import Target, plan
from bot.ports import RunRequest, SessionPort
from bot.preflight import CheckedFile
from bot.reconcile import reconcile
from bot.recorder import Recorder, Upload
from bot.session import open_session
from bot.site.history import HistoryRow
from bot.transport import require_safe_transport
from bot.verdict_look import Verdicts

log = logging.getLogger(__name__)


def _browser_session(
    config: Config, folder: RunFolder, credentials: Credentials, interactive: bool, recording: Recording
) -> AbstractContextManager[SessionPort]:
    return open_session(config, folder, credentials, interactive=interactive, recording=recording)


# New browsers started in one run after the last one died, before the run gives up.
MAX_BROWSER_RESTARTS = 2


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
        self.ledger = Ledger(request.out_dir)
        # Held from here to the end of execute().
        self._held, self.folder = held_run_folder(self.ledger, request.out_dir, self.summary)
        site = request.site_key or self.summary.site
        self.outcomes = Recorder(self.ledger, self.folder, site, request.credentials.username)
        self.lists = ListLook(request, self.outcomes)
        self.sender = FileSender(request, self.outcomes, self.folder, self.lists)
        self.uploads: list[Upload] = []
        self.baseline: list[HistoryRow] | None = None
        self.contacted = False

    def execute(self) -> RunSummary:
        """Send every file not already on the site; a site-level failure is recorded, then raised."""
        try:
            to_send = self._plan()
            if to_send or self.request.wait_verdict_s is not None:
                self._send_all(to_send)
            else:
                log.info("every file is already on the site (see %s); nothing to send", self.ledger.path)
        except OutputError as exc:
            self.summary.error = str(exc)
            # Whatever was confirmed is in the ledger already; the summary is written if it can be.
            raise OutputError(str(exc), contacted=self.contacted) from None
        except (SiteError, Interrupted) as exc:
            self.summary.error = str(exc)
            self.folder.event("stopped", outcome="error", detail=str(exc))
            raise
        finally:
            self.summary.finished_at = now_iso()
            try:
                self.folder.write()
            except OutputError as exc:
                log.error("%s", exc)
            finally:
                self._held.close()
            log.info("run folder: %s", self.folder.path)
        return self.summary

    # --- the ledger ----------------------------------------------------------------------
    def _plan(self) -> list[Upload]:
        """The files to send: all but those the ledger shows on the site; those it doubts are looked
        for in the site's list before they are sent again. The same plan --dry-run shows."""
        request = self.request
        target = Target(request.out_dir, self.outcomes.site, self.outcomes.account)
        pending = []
        for step, record in zip(plan(request.files, target, force=request.force), self.summary.files, strict=True):
            upload, earlier = Upload(step.item, record), step.earlier
            if step.action == "already_submitted" and earlier is not None:
                record.submission_id = earlier.submission_id
                confirmation = f"sent {earlier.submitted_at}: {earlier.confirmation}"
                self.outcomes.already(upload, confirmation, earlier.confirmation, listed=False)
                log.info(
                    "%s: already on the site (%s); --force sends it again", upload.planned.label, earlier.submitted_at
                )
                continue
            if step.action == "rejected" and earlier is not None:
                record.submission_id, record.verdict, record.verdict_reason = (
                    earlier.submission_id,
                    "rejected",
                    earlier.reason,
                )
                self.outcomes.failed(upload, step.rejection)
                continue
            if step.replaces is not None:
                record.notes.append(step.replacing)
            if step.action == "look_first" and earlier is not None:
                self.outcomes.earlier_doubt(upload, earlier.rows_before)
                record.notes.append(
                    f"a run at {earlier.submitted_at} may have sent it; looked in the site's list first"
                )
            pending.append(upload)
        return pending

    # --- the run -------------------------------------------------------------------------
    def _send_all(self, uploads: list[Upload]) -> None:
        """Send every file, in a new browser (logged on again) whenever the last one died: the file in
        flight then is looked for in the site's list before anything else."""
        # Checked before a browser starts: credentials go only over HTTPS, or to this machine.
        require_safe_transport(self.config.site.login_url)
        queue: list[Upload] | None = None
        total = restarts = 0
        while True:
            with self._session() as session:
                form_url = self._to_form(session)
                if queue is None:
                    # Read once, in the first browser: every later look compares with it.
                    self.baseline = session.form.history()
                    queue = self.lists.not_listed(uploads, self.baseline)
                    total = len(queue)
                died = self._send_queue(session, queue, form_url, total)
                if died is None:
                    self._reconcile(session, form_url)
                    self._wait_verdicts(session, form_url)
                    return
            restarts += 1
            self.folder.event("browser-failed", detail=died)
            if restarts > MAX_BROWSER_RESTARTS:
                raise BrowserFailed(
                    f"the browser failed {restarts} times ({died}); the run stopped with {len(queue)} file(s) "
                    "not sent or unsettled: run again to send the rest (files in doubt are looked for first)"
                )
            log.warning(
                "the browser failed (%s); starting a new one and logging on again (%d of %d)",
                died,
                restarts,
                MAX_BROWSER_RESTARTS,
            )

    @contextmanager
    def _session(self) -> Iterator[SessionPort]:
        request = self.request
        connect = request.connect or _browser_session
        with ExitStack() as stack:
            try:
                session = stack.enter_context(
                    connect(self.config, self.folder, request.credentials, request.interactive_login, request.recording)
                )
            except SiteError:
                # A stop request in the middle of starting the browser: an interruption, not a fault.
                self.request.check_stop()
                raise
            yield session

    def _to_form(self, session: SessionPort) -> str:
        self.request.check_stop()
        self.contacted = True
        session.open_login()
        session.log_on()
        return session.reach_form()

    def _send_queue(self, session: SessionPort, queue: list[Upload], form_url: str, total: int) -> str | None:
        """Send the files left, first to last; each leaves the queue once its outcome is recorded.
        Returns why, when the browser died: the files left, the one in flight first, stay for a new one."""
        while queue:
            upload = queue[0]
            self.request.check_stop()
            if upload not in self.uploads:
                self.uploads.append(upload)
                label = f"[{len(self.uploads)}/{total}] {upload.planned.type} {upload.planned.school_year}"
                self.outcomes.begun(upload, label)
            died = self.sender.send(session, upload, form_url)
            if died is not None:
                # It stays first in the queue: in a new browser, it is looked for before anything else.
                return died
            queue.pop(0)
        return None

    def _wait_verdicts(self, session: SessionPort, form_url: str) -> None:
        """--wait-verdict: the site's list read until it judges every file, within the time given."""
        wait_s = self.request.wait_verdict_s
        if wait_s is None:
            return
        files = list(zip(self.request.files, self.summary.files, strict=True))
        Verdicts(self.request, self.folder, self.outcomes.site, self.outcomes.account).settle(
            session, form_url, files, wait_s
        )

    def _reconcile(self, session: SessionPort, form_url: str) -> None:
        """Read the list once after the last upload: every file called submitted must be in it, and a
        file the list shows more often than it was sent (the browser's silent re-send, a run in
        parallel) is named with every submission id."""
        if not any(u.accepted for u in self.uploads) or self.baseline is None:
            return
        try:
            open_form(session, form_url)
            rows = session.form.history()
        except (SiteError, PlaywrightError) as exc:
            log.warning("could not read the site's list at the end of the run: %s", first_line(exc))
            return
        if rows is None:
            return
        self.summary.duplicated_on_site += reconcile(rows, self.uploads, self.baseline, self.outcomes)
