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
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Literal, Protocol

from playwright.sync_api import Error as PlaywrightError
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

import bot
from bot.audit import FileRecord, RunFolder, RunSummary, new_run_id, now_iso
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import (
    BrowserFailed,
    ElementNotFound,
    FileRefused,
    Interrupted,
    OutcomeUnknown,
    OutputError,
    SiteError,
    first_line,
)
from bot.files import changed_content, changed_since
from bot.ledger import Ledger
from bot.manifest import Manifest, PlannedFile
from bot.outcomes import Recorder, Upload
from bot.plan import Target, plan
from bot.preflight import CheckedFile
from bot.reconcile import reconcile
from bot.session import NO_RECORDING, Recording, backoff, open_session, require_safe_transport
from bot.site.history import Found, HistoryRow, Unsettled, find_file, rows_for
from bot.site.outcome import Answer
from bot.site.pages import Focus

log = logging.getLogger(__name__)


class Sendable(Protocol):
    """A filled form, ready to send its file."""

    @property
    def focus(self) -> Focus | None: ...

    def send(
        self, upload_timeout_s: float, stop: Callable[[], bool], progress: Callable[[str], None] | None = None
    ) -> Answer: ...


class FormPort(Protocol):
    """What a run needs of the File Submission page."""

    def history(self) -> list[HistoryRow] | None: ...

    def fill(self, planned: PlannedFile) -> Sendable: ...


class SessionPort(Protocol):
    """What a run needs of a browser session on the site."""

    @property
    def form(self) -> FormPort: ...

    def open_login(self) -> None: ...

    def log_on(self) -> None: ...

    def reach_form(self) -> str: ...

    def open_form(self, url: str) -> None: ...

    def shot(self, step: str, record: FileRecord | None = None, focus: Focus | None = None) -> str: ...

    def alive(self) -> bool: ...


Connect = Callable[[Config, RunFolder, Credentials, bool, Recording], AbstractContextManager[SessionPort]]


def _browser_session(
    config: Config, folder: RunFolder, credentials: Credentials, interactive: bool, recording: Recording
) -> AbstractContextManager[SessionPort]:
    return open_session(config, folder, credentials, interactive=interactive, recording=recording)


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
    # The way to a session on the site: a browser by default, a fake in the fast tests.
    connect: Connect | None = None
    # What the ledger calls the site, when its address changes from run to run (the sandbox's port).
    site_key: str | None = None
    # A live line for long waits (a terminal); None: plain log lines every 15 s instead.
    live: Callable[[str | None], None] | None = None
    # Time, through one seam: the waits between retries and between looks in the site's list, and
    # the clock they are measured by. Fast tests give a clock that the waits move on.
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


Looked = Literal["found", "unsettled", "absent"]


# New browsers started in one run after the last one died, before the run gives up.
MAX_BROWSER_RESTARTS = 2


class BrowserDied(Exception):
    """The page or the browser died: the run goes on in a new one."""


class Resend(Exception):
    """This attempt's outcome is unknown and the file is not in the site's list: send it again."""


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
        # Held from here to the end of execute(): one run at a time per ledger.
        self._held = ExitStack()
        self._held.enter_context(self.ledger.exclusive(self.summary.run_id))
        try:
            self.folder = RunFolder(request.out_dir, self.summary)
        except BaseException:
            self._held.close()
            raise
        site = request.site_key or self.summary.site
        self.outcomes = Recorder(self.ledger, self.folder, site, request.credentials.username)
        self.uploads: list[Upload] = []
        self.baseline: list[HistoryRow] | None = None
        self.contacted = False
        # The File Submission form is loaded and untouched since: no need to load it again.
        self._form_open = False

    def execute(self) -> RunSummary:
        """Send every file not already on the site; a site-level failure is recorded, then raised."""
        try:
            to_send = self._plan()
            if to_send:
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
                log.info("%s: already on the site (%s); --force sends it again", upload.planned, earlier.submitted_at)
                continue
            if step.action == "look_first" and earlier is not None:
                upload.doubt, upload.rows_before = True, earlier.rows_before
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
            try:
                with self._session() as session:
                    form_url = self._to_form(session)
                    if queue is None:
                        # Read once, in the first browser: every later look compares with it.
                        self.baseline = session.form.history()
                        queue = self._not_listed(uploads)
                        total = len(queue)
                    self._send_queue(session, queue, form_url, total)
                    self._reconcile(session, form_url)
                return
            except BrowserDied as died:
                restarts += 1
                self.folder.event("browser-failed", detail=str(died))
                if restarts > MAX_BROWSER_RESTARTS:
                    unsent = len(queue or [])
                    raise BrowserFailed(
                        f"the browser failed {restarts} times ({died}); the run stopped with {unsent} file(s) "
                        "not sent or unsettled: run again to send the rest (files in doubt are looked for first)"
                    ) from None
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
                self._check_stop()
                raise
            yield session

    def _to_form(self, session: SessionPort) -> str:
        self._check_stop()
        self.contacted = True
        session.open_login()
        session.log_on()
        form_url = session.reach_form()
        self._form_open = True
        return form_url

    def _send_queue(self, session: SessionPort, queue: list[Upload], form_url: str, total: int) -> None:
        """Send the files left, first to last; each leaves the queue once its outcome is recorded."""
        while queue:
            upload = queue[0]
            self._check_stop()
            if upload not in self.uploads:
                self.uploads.append(upload)
                upload.label = f"[{len(self.uploads)}/{total}] {upload.planned.type} {upload.planned.school_year}"
                upload.started = time.monotonic()
            self._send(session, upload, form_url)
            queue.pop(0)

    def _not_listed(self, uploads: list[Upload]) -> list[Upload]:
        """The files the site's list does not show yet. A file it already shows by name and size is
        not sent again, even when the ledger was lost or the run started from elsewhere; --force
        sends it anyway. (A file in doubt is looked for with more care, as it is sent.)"""
        if self.baseline is None or self.request.force:
            return uploads
        pending = []
        for upload in uploads:
            record = upload.record
            listed = rows_for(self.baseline, upload.planned.path.name, record.bytes, upload.planned.school_year)
            if upload.doubt or not listed:
                pending.append(upload)
                continue
            record.submission_id = next((r.reference for r in listed if r.reference), None)
            shows = f"the site's list already shows {upload.planned.path.name} ({record.bytes:,} bytes)"
            self.outcomes.already(upload, shows, shows, listed=True)
            log.info("%s: already on the site, by its list; --force sends it again", upload.planned)
        return pending

    def _check_stop(self) -> None:
        if self.request.stop():
            raise Interrupted("interrupted: the run stopped after its current step; run again to send the rest")

    def _retrying(self, upload: Upload) -> Retrying:
        settings = self.config.retries

        def say(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0
            upload.record.notes.append(f"attempt {state.attempt_number}: {error}")
            self.folder.event("retry", file=upload.record, retry=state.attempt_number, detail=str(error))
            log.warning(
                "%s: attempt %d of %d: %s; sending again in %.1f s",
                upload.label,
                state.attempt_number,
                settings.attempts,
                error,
                wait,
            )

        return Retrying(
            stop=stop_after_attempt(settings.attempts),
            wait=backoff(settings),
            retry=retry_if_exception_type(Resend),
            before_sleep=say,
            sleep=self.request.sleep,
            reraise=True,
        )

    def _open_form(self, session: SessionPort, form_url: str, *, reload: bool = False) -> None:
        """The form loaded, unless it already is and nothing has touched it since."""
        if reload or not self._form_open:
            session.open_form(form_url)
        self._form_open = True

    def _send(self, session: SessionPort, upload: Upload, form_url: str) -> None:
        record = upload.record
        log.info("%s: sending %s (%s bytes)", upload.label, upload.planned.shown_path, f"{record.bytes:,}")
        try:
            for attempt in self._retrying(upload):
                with attempt:
                    self._open_form(session, form_url)
                    self._attempt(session, upload, form_url)
        except Resend as exc:
            self.outcomes.doubt(upload, f"{exc}; tried {record.attempts} times, and the site may hold it")
        except PlaywrightError as exc:
            self._browser_failed(session, upload, exc)
        except (FileRefused, ElementNotFound) as exc:
            if isinstance(exc, ElementNotFound):
                exc = exc.with_screenshot(session.shot("missing-element", record))
            else:
                session.shot("failed", record)
            self.outcomes.failed(upload, first_line(exc))

    def _browser_failed(self, session: SessionPort, upload: Upload, exc: PlaywrightError) -> None:
        """A Playwright error during a file's send. Once the request may have left, the file is a doubt,
        never a failure; a browser that died raises BrowserDied, to go on in a new one."""
        if self.request.stop():
            if upload.in_flight:
                self.outcomes.doubt(upload, "interrupted while the file was being sent; it may have arrived")
            self._check_stop()
        dead = not session.alive()
        if upload.in_flight:
            what = "the browser died" if dead else "the browser failed"
            upload.record.notes.append(f"{what} while the file was being sent: {first_line(exc)}")
            self.outcomes.doubt(
                upload, f"{what} while the file was being sent ({first_line(exc)}); it may have arrived"
            )
            # Looked for in the site's list before any re-send, in this run or the next.
            upload.doubt = True
        elif not dead:
            session.shot("failed", upload.record)
            self.outcomes.failed(upload, first_line(exc))
        if dead:
            raise BrowserDied(first_line(exc))

    def _ready(self, session: SessionPort, upload: Upload, form_url: str) -> bool:
        """Whether the file is still to be sent: not found by a look for an earlier run's doubt, and
        still the file that was checked. The list is read once, before the first send."""
        if upload.doubt:
            # An earlier run may have sent it: look before sending again, giving the site time.
            if self._look(session, upload, form_url, settle=True) != "absent":
                return False
            upload.doubt = False
        rows = session.form.history() if upload.rows_before is None else None
        if rows is not None:
            # Counted once, before the first send: every copy since then, from any attempt, is new.
            upload.before = rows
            planned = upload.planned
            upload.rows_before = len(rows_for(rows, planned.path.name, upload.record.bytes, planned.school_year))
        # The file sent must be the file checked: not swapped, appended to or deleted since.
        moved = changed_since(upload.planned.path, upload.item.facts)
        if moved is not None:
            raise FileRefused(f"not sent: {moved} since it was checked; check it and run again")
        return True

    def _attempt(self, session: SessionPort, upload: Upload, form_url: str) -> None:
        record = upload.record
        if not self._ready(session, upload, form_url):
            return
        self._form_open = False
        filled = session.form.fill(upload.planned)
        session.shot("filled", record, filled.focus)
        record.attempts += 1
        self.outcomes.sending(upload)
        answer = self._sent(upload, filled)
        upload.reference = answer.reference or upload.reference
        record.site_said = " | ".join([*answer.asked, answer.said] if answer.said else answer.asked) or None
        for asked in answer.asked:
            self.folder.event("confirmation", file=record, detail=asked)
        # Each outcome reaches the ledger before anything else that can fail (a screenshot on a full
        # disk): whatever happens next, a rerun knows what this upload became.
        if answer.verdict != "unsent" and (changed := changed_content(upload.planned.path, upload.item.facts)):
            self.outcomes.in_doubt(upload, f"changed while being sent: {changed}")
            raise FileRefused(
                f"changed while being sent ({changed}): the site may hold another version than the one checked; "
                "look at its list of submissions"
            )
        # The result shot shows the site's own words, wherever on the page they are.
        words = None
        if answer.verdict != "unsent":
            words = Focus("text", text=answer.message.split(" | ")[0], seen_at=answer.shown_at)
        if answer.verdict == "confirmed":
            self.outcomes.confirmed(upload, answer.message, "the site's words", answer.reference)
            session.shot("result", record, words)
            return
        if answer.verdict in ("refused", "unsent"):
            said = f"the site refused the file: {answer.message}" if answer.verdict == "refused" else answer.message
            self.outcomes.not_held(upload, "refused" if answer.verdict == "refused" else "unsent", said)
            session.shot("result", record, words)
            return
        # Unknown or expired: the file may have arrived.
        self.outcomes.in_doubt(upload, answer.message)
        session.shot("result", record)
        log.warning("%s: %s; looking for it in the site's list of submissions", upload.label, answer.message)
        interrupted = self.request.stop()
        # Only an unknown answer may still be stored after a while; an ended session kept nothing.
        settle = answer.verdict == "unknown" and not interrupted
        if self._look(session, upload, form_url, settle=settle) != "absent":
            self._check_stop()
            return
        if interrupted:
            self.outcomes.doubt(upload, f"{answer.message}; not yet in the site's list. The next run looks again first")
            self._check_stop()
        if answer.silent:
            self.outcomes.doubt(
                upload,
                f"{answer.message}: the file may have arrived: look at {record.screenshots[-1]} and the site's list "
                "of submissions. If the site confirms with other words, set words.success_text (and "
                "words.error_text) in the config",
            )
            # Sending the rest blind would repeat the same doubt for every file.
            raise OutcomeUnknown(f"{upload.planned.type} {upload.planned.school_year}: {record.error}; the run stopped")
        if upload.rows_before is None:
            # No list to look in: send again, and say the site may now hold it twice.
            upload.maybe_twice = True
            raise Resend(f"{answer.message}; the page shows no list of submissions to look in")
        raise Resend(f"{answer.message}; not in the site's list of submissions")

    def _sent(self, upload: Upload, filled: Sendable) -> Answer:
        """The form sent, with a live line on a terminal saying what the wait is for."""
        live = self.request.live
        progress = None if live is None else lambda doing: live(f"{upload.label}: {doing}")
        try:
            return filled.send(self.config.timeouts.upload_s, self.request.stop, progress)
        finally:
            if live is not None:
                live(None)

    def _look(self, session: SessionPort, upload: Upload, form_url: str, *, settle: bool) -> Looked:
        """Whether the site's list shows the file, polling while it may still be stored: `found` (then
        submitted), `unsettled` (rows that may be it, but no rule picks one: a doubt, never a re-send)
        or `absent`."""
        clock = self.request.clock
        deadline = clock() + (self.config.timeouts.settle_s if settle else 0)
        polls = 0
        while True:
            # A form just loaded shows the list as it is now; every later poll loads it again.
            self._open_form(session, form_url, reload=polls > 0)
            polls += 1
            rows = session.form.history()
            if rows is None:
                # Nothing to look in: if it is sent again, the site may then hold it twice.
                upload.maybe_twice = True
                return "absent"
            planned = upload.planned
            found = find_file(
                rows,
                filename=planned.path.name,
                size=upload.record.bytes,
                file_type=planned.type,
                year=planned.school_year,
                reference=upload.reference,
                before=upload.before,
                named_before=upload.rows_before,
            )
            if isinstance(found, Found):
                shot = session.shot("found-in-list", upload.record, Focus("row", text=found.row.text))
                upload.record.matched_row, upload.record.matched_by = found.row.text, found.by
                message = f"found in the site's list of submissions by {found.by} (see {shot})"
                self.outcomes.confirmed(upload, message, "the site's list", found.row.reference or upload.reference)
                return "found"
            if isinstance(found, Unsettled) and (clock() >= deadline or self.request.stop()):
                shot = session.shot("unsettled-in-list", upload.record, Focus("row", text=found.rows[0].text))
                rows_shown = "; ".join(r.text for r in found.rows[:3])
                self.outcomes.doubt(
                    upload,
                    f"the site's list shows {found.why} ({rows_shown}); the bot cannot tell which is this file, so "
                    f"it is not sent again: look at {shot} and the site's list",
                )
                return "unsettled"
            if clock() >= deadline or self.request.stop():
                return "absent"
            log.info("%s: not in the site's list yet; looking again while it may still be stored", upload.label)
            # Often enough to see the row soon after it lands, rarely enough not to burden the site.
            self.request.sleep(min(2.0, self.config.timeouts.settle_s / 4, max(0.0, deadline - clock())))

    def _reconcile(self, session: SessionPort, form_url: str) -> None:
        """Read the list once after the last upload: every file called submitted must be in it, and a
        file the list shows more often than it was sent (the browser's silent re-send, a run in
        parallel) is named with every submission id."""
        if not any(u.accepted for u in self.uploads) or self.baseline is None:
            return
        try:
            self._open_form(session, form_url)
            rows = session.form.history()
        except (SiteError, PlaywrightError) as exc:
            log.warning("could not read the site's list at the end of the run: %s", first_line(exc))
            return
        if rows is None:
            return
        self.summary.duplicated_on_site += reconcile(rows, self.uploads, self.baseline, self.outcomes)
