"""One file's way to the site: checked again, filled, sent, its answer judged and recorded, retried
while its outcome is unknown and the site's list does not show it. Every outcome goes through the
recorder, the ledger first, before anything else that can fail."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_attempt

from bot.audit import RunFolder
from bot.errors import (
    ElementNotFound,
    FileRefused,
    FormBroken,
    FormUnknown,
    FormUnusable,
    OutcomeUnknown,
    StoredWrongly,
    first_line,
)
from bot.files import changed_content, changed_since
from bot.list_lookup import ListLook, open_form
from bot.ports import RunRequest, Sendable, SessionPort
from bot.recorder import Recorder, Upload
from bot.session import backoff
from bot.site.answer import Answer
from bot.site.evidence import Subject, read_words
from bot.site.form.plan import year_yaml
from bot.site.history import rows_for
from bot.site.pages import Focus

log = logging.getLogger(__name__)


def plainly(exc: PlaywrightError) -> str:
    """What went wrong in a control, in a coordinator's words rather than Playwright's."""
    if "Timeout" in str(exc):
        return "a control did not respond within the page timeout, timeouts.page_s"
    return "a control would not take what the bot typed or chose"


@dataclass(frozen=True)
class Tried:
    """What one attempt came to: its outcome recorded (`again` None), or a reason to send it again.
    resend: the outcome is unknown and the site's list does not show the file; refill: the site
    refused it, keeping nothing, and said how the form wants a value the page did not state."""

    again: Literal["resend", "refill"] | None = None
    why: str = ""


DONE = Tried()


@dataclass
class FileSender:
    request: RunRequest
    outcomes: Recorder
    folder: RunFolder
    lists: ListLook

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
            # Counted once, before the first send: every copy since then, from any attempt, is new.
            upload.before = rows
            planned = upload.planned
            upload.rows_before = len(
                rows_for(rows, planned.path.name, upload.record.bytes, planned.school_year, planned.type)
            )
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
        if answer.misplaced:
            self._stored_wrongly(session, upload, answer)
        if answer.verdict in ("confirmed", "refused", "unsent"):
            return self._answered(session, upload, answer)
        return self._unknown(session, upload, answer, form_url)

    def _stored_wrongly(self, session: SessionPort, upload: Upload, answer: Answer) -> None:
        """The site's answer names this file under another type or year: it holds it wrongly. Recorded
        so, pictured, and the run stops: every later file would go the same wrong way."""
        planned = upload.planned
        error = (
            f"the site holds {planned.path.name} as {answer.misplaced}, not as {planned.type} {planned.school_year}: "
            f"{answer.message}"
        )
        # The site's own id for the misfiled copy: what the district quotes to have it withdrawn.
        upload.record.submission_id = answer.reference or upload.record.submission_id
        self.outcomes.stored_wrongly(upload, error)
        words = Focus("text", text=answer.lead, seen_at=answer.shown_at) if answer.lead else None
        session.shot("result", upload.record, words)
        raise StoredWrongly.stopping(f"{planned.type} {planned.school_year}", error)

    def _answered(self, session: SessionPort, upload: Upload, answer: Answer) -> Tried:
        """The site said yes or no, or nothing ever left the browser."""
        if answer.verdict == "confirmed":
            evidence = "the site's words, naming this file, its type and year" if answer.whole else "the site's words"
            self.outcomes.confirmed(upload, answer.message, evidence, answer.reference)
        elif answer.staged:
            self.outcomes.left_staged(upload, answer.message)
        elif answer.verdict == "refused":
            self.outcomes.not_held(upload, "refused", f"the site refused the file: {answer.message}")
        else:
            self.outcomes.not_held(upload, "unsent", answer.message)
        # The result shot shows the site's own words, wherever on the page they are.
        words = Focus("text", text=answer.lead, seen_at=answer.shown_at) if answer.lead else None
        session.shot("result", upload.record, words)
        return DONE if answer.verdict == "confirmed" else self._learn_year(session, upload, answer)

    def _learn_year(self, session: SessionPort, upload: Upload, answer: Answer) -> Tried:
        """Nothing is held: when the refusal states the year's format the page did not, learn it and
        fill the form again that way; when it speaks of the year without a format, stop the run naming
        the config."""
        lesson = session.form.learn(answer.message)
        if lesson is None:
            return DONE
        if lesson.learned is not None:
            upload.record.notes.append(
                f"the page stated no format for the year, and the site's refusal asked for {lesson.learned}: "
                "filled again that way (and so for every later file)"
            )
            return Tried("refill", f"the site asked for the year as {lesson.learned}")
        if (
            re.search(r"\byears?\b", answer.message, re.IGNORECASE)
            or lesson.box.casefold() in answer.message.casefold()
        ):
            # Every other file would be refused the same way: one stop, naming the config, instead.
            raise FormUnknown(
                f'the site refused the year written {upload.planned.school_year.long} in the box "{lesson.box}", '
                f"whose page states no format, and its words do not say how to write it; {year_yaml(lesson.box)}; "
                "nothing else was sent"
            )
        return DONE

    def _unknown(self, session: SessionPort, upload: Upload, answer: Answer, form_url: str) -> Tried:
        """Unknown or expired: the file may have arrived. The list decides; a file it does not show is
        sent again, one the bot cannot place stops the run."""
        record = upload.record
        self.outcomes.in_doubt(upload, answer.message)
        session.shot("result", record)
        log.warning("%s: %s; looking for it in the site's list of submissions", upload.label, answer.message)
        interrupted = self.request.stop()
        # Only an unknown answer may still be stored after a while; an ended session kept nothing.
        settle = answer.verdict == "unknown" and not interrupted
        if self.lists.look(session, upload, form_url, settle=settle) != "absent":
            self.request.check_stop()
            return DONE
        if interrupted:
            self.outcomes.doubt(upload, f"{answer.message}; not yet in the site's list. The next run looks again first")
            self.request.check_stop()
        if answer.silent:
            self.outcomes.doubt(
                upload,
                f"{answer.message}: the file may have arrived: look at {record.screenshots[-1]} and the site's list "
                "of submissions. If the site confirms with other words, set words.success_text (and "
                "words.error_text) in the config",
            )
            # Sending the rest blind would repeat the same doubt for every file.
            raise OutcomeUnknown(f"{upload.planned.type} {upload.planned.school_year}: {record.error}; the run stopped")
        self.outcomes.not_listed(upload)
        if upload.rows_before is None:
            # No list to look in: send again, and say the site may now hold it twice.
            upload.maybe_twice = True
            return Tried("resend", f"{answer.message}; the page shows no list of submissions to look in")
        return Tried("resend", f"{answer.message}; not in the site's list of submissions")

    def _sent(self, upload: Upload, filled: Sendable) -> Answer:
        """The form sent, with a live line on a terminal saying what the wait is for."""
        live = self.request.live
        progress = None if live is None else lambda doing: live(f"{upload.label}: {doing}")
        try:
            return filled.send(self.request.config.timeouts.upload_s, self.request.stop, progress)
        finally:
            if live is not None:
                live(None)


def subject_of(upload: Upload) -> Subject:
    planned = upload.planned
    return Subject(planned.path.name, upload.record.bytes, planned.type, planned.school_year)


def weigh(answer: Answer, upload: Upload) -> Answer:
    """The answer as proof of this file: words naming another file, type or year are not its answer
    (the site's list decides, and their id is not this file's); words naming this file under another
    type or year say the site holds it wrongly; words naming this file, its type and year are proof
    on their own."""
    if answer.verdict in ("unsent", "expired"):
        return answer
    judged = answer.verdict in ("confirmed", "refused")
    reading = read_words(answer.message if judged else answer.said, subject_of(upload))
    if reading.about in ("another", "mixed"):
        upload.record.notes.append(f"the site's answer names {reading.instead}, not only this file: not its proof")
        if not judged:
            return replace(answer, reference=None)
        return replace(
            answer,
            verdict="unknown",
            message=f"the site's answer names {reading.instead}, not this file: {answer.message}",
            reference=None,
        )
    if reading.about == "misplaced" and answer.verdict == "confirmed":
        return replace(answer, misplaced=reading.instead)
    return replace(answer, whole=reading.whole)
