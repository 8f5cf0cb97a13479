"""One file's way to the site: checked again, filled and sent, then what the answer makes of it
(send_outcome.py), attempt after attempt while the site's list does not show a file whose outcome
is unknown. Every outcome goes through the recorder, the ledger first, before anything else that
can fail."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_attempt

from bot.audit import RunFolder
from bot.errors import (
    ElementNotFound,
    FileRefused,
    FormBroken,
    FormUnusable,
    first_line,
)
from bot.files import changed_content, changed_since
from bot.list_lookup import ListLook, open_form
from bot.ports import RunRequest, Sendable, SessionPort
from bot.recorder import Recorder, Upload
from bot.send_outcome import DONE, AnswerTaker, Tried, weigh
from bot.session import backoff
from bot.site.answer import Answer
from bot.site.history import rows_for

log = logging.getLogger(__name__)


def plainly(exc: PlaywrightError) -> str:
    """What went wrong in a control, in a coordinator's words rather than Playwright's."""
    if "Timeout" in str(exc):
        return "a control did not respond within the page timeout, timeouts.page_s"
    return "a control would not take what the bot typed or chose"


@dataclass
class FileSender:
    request: RunRequest
    outcomes: Recorder
    folder: RunFolder
    lists: ListLook
    answers: AnswerTaker = field(init=False)

    def __post_init__(self) -> None:
        self.answers = AnswerTaker(self.request, self.outcomes, self.lists)

    def send(self, session: SessionPort, upload: Upload, form_url: str) -> str | None:
        """Send one file and record what became of it. Returns why, when the browser died under it:
        the run then goes on in a new one."""
        record = upload.record
        log.info("%s: sending %s (%s bytes)", upload.label, upload.planned.shown_path, f"{record.bytes:,}")
        try:
            last = self._retrying(upload)(self._try, session, upload, form_url)
        except PlaywrightError as exc:
            return self._browser_failed(session, upload, exc)
        except FormBroken as exc:
            shot = session.shot("failed", record)
            self.outcomes.failed(upload, first_line(exc))
            if self.outcomes.held == 0:
                # Not this file's fault: every later file would fail the same way, one by one.
                raise FormUnusable(
                    f"{first_line(exc)} (see {shot}); the run stopped before the next file, which would fail the "
                    "same way; run with --check-site to see how the bot reads the form"
                ) from None
            return None
        except (FileRefused, ElementNotFound) as exc:
            if isinstance(exc, ElementNotFound):
                exc = exc.with_screenshot(session.shot("missing-element", record))
            else:
                session.shot("failed", record)
            self.outcomes.failed(upload, first_line(exc))
            return None
        if last.again == "resend":
            self.outcomes.doubt(upload, f"{last.why}; tried {record.attempts} times, and the site may hold it")
        elif last.again == "refill":
            # The refusal is recorded, and stands: the site keeps nothing of a refused file.
            record.notes.append(f"{last.why}, but no attempt was left to send it that way")
        return None

    def _try(self, session: SessionPort, upload: Upload, form_url: str) -> Tried:
        open_form(session, form_url)
        return self._attempt(session, upload, form_url)

    def _retrying(self, upload: Upload) -> Retrying:
        settings = self.request.config.retries

        def again(tried: Tried) -> bool:
            return tried.again is not None

        def say(state: RetryCallState) -> None:
            why = state.outcome.result().why if state.outcome else ""
            wait = state.next_action.sleep if state.next_action else 0
            upload.record.notes.append(f"attempt {state.attempt_number}: {why}")
            self.folder.event("retry", file=upload.record, retry=state.attempt_number, detail=why)
            log.warning(
                "%s: attempt %d of %d: %s; sending again in %.1f s",
                upload.label,
                state.attempt_number,
                settings.attempts,
                why,
                wait,
            )

        def last(state: RetryCallState) -> Tried:
            return state.outcome.result() if state.outcome else DONE

        return Retrying(
            stop=stop_after_attempt(settings.attempts),
            wait=backoff(settings),
            retry=retry_if_result(again),
            before_sleep=say,
            sleep=self.request.sleep,
            retry_error_callback=last,
        )

    def _browser_failed(self, session: SessionPort, upload: Upload, exc: PlaywrightError) -> str | None:
        """A Playwright error during a file's send. Once the request may have left, the file is a doubt,
        never a failure (looked for in the site's list before any re-send, in this run or the next).
        Returns why, when the browser died."""
        if self.request.stop():
            if upload.in_flight:
                self.outcomes.doubt(upload, "interrupted while the file was being sent; it may have arrived")
            self.request.check_stop()
        dead = not session.alive()
        if upload.in_flight:
            what = "the browser died" if dead else "the browser failed"
            upload.record.notes.append(f"{what} while the file was being sent: {first_line(exc)}")
            self.outcomes.doubt(
                upload, f"{what} while the file was being sent ({first_line(exc)}); it may have arrived"
            )
        elif not dead:
            session.shot("failed", upload.record)
            self.outcomes.failed(upload, first_line(exc))
        return first_line(exc) if dead else None

    def _ready(self, session: SessionPort, upload: Upload, form_url: str) -> bool:
        """Whether the file is still to be sent: not found by a look for an earlier run's doubt, and
        still the file that was checked. The list is read once, before the first send."""
        if upload.doubt:
            # An earlier run may have sent it: look before sending again, giving the site time.
            if self.lists.look(session, upload, form_url, settle=True) != "absent":
                return False
            self.outcomes.not_listed(upload)
        rows = session.form.history() if upload.rows_before is None else None
        if rows is not None:
            planned = upload.planned
            named = rows_for(rows, planned.path.name, upload.record.bytes, planned.school_year, planned.type)
            self.outcomes.counted(upload, rows, len(named))
        # The file sent must be the file checked: not swapped, appended to or deleted since.
        moved = changed_since(upload.planned.path, upload.item.facts)
        if moved is not None:
            raise FileRefused(f"not sent: {moved} since it was checked; check it and run again")
        return True

    def _attempt(self, session: SessionPort, upload: Upload, form_url: str) -> Tried:
        if not self._ready(session, upload, form_url):
            return DONE
        record = upload.record
        # Each further step of a form that goes on over several is pictured as it opens, as this file's.
        try:
            filled = session.form.fill(upload.planned, on_step=lambda step: session.shot(step, record))
        except PlaywrightError as exc:
            if not session.alive():
                raise
            if stop := session.dialog_in_the_way():
                # Every click waited behind it: the form is not at fault, and no file will pass it.
                raise stop from None
            # The browser's own words go in the notes; the file's message says what the bot was doing.
            record.notes.append(f"the browser said: {first_line(exc)}")
            said = plainly(exc)
            raise FormBroken(f"nothing was sent: the bot could not fill the form for this file ({said})") from None
        session.shot("filled", record, filled.focus)
        record.attempts += 1
        self.outcomes.sending(upload)
        answer = weigh(self._sent(upload, filled), upload)
        self.outcomes.heard(upload, answer.reference)
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
        return self.answers.take(session, upload, answer, form_url)

    def _sent(self, upload: Upload, filled: Sendable) -> Answer:
        """The form sent, with a live line on a terminal saying what the wait is for."""
        live = self.request.live
        progress = None if live is None else lambda doing: live(f"{upload.label}: {doing}")
        try:
            return filled.send(self.request.config.timeouts.upload_s, self.request.stop, progress)
        finally:
            if live is not None:
                live(None)
