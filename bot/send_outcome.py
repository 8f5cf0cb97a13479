"""What one send's answer makes of the file: held (by words that name it, its type and year), refused,
never sent, held under another type or year (the run stops), or unknown, when the site's list decides
and a file it does not show is sent again. Each outcome goes through the recorder, the ledger first."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Literal

from bot.errors import FormUnknown, OutcomeUnknown, StoredWrongly
from bot.list_lookup import ListLook
from bot.ports import RunRequest, SessionPort
from bot.recorder import Recorder, Upload
from bot.site.answer import Answer
from bot.site.evidence import Subject, read_words
from bot.site.form.plan import year_yaml
from bot.site.pages import Focus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tried:
    """What one attempt came to: its outcome recorded (`again` None), or a reason to send it again.
    resend: the outcome is unknown and the site's list does not show the file; refill: the site
    refused it, keeping nothing, and said how the form wants a value the page did not state."""

    again: Literal["resend", "refill"] | None = None
    why: str = ""


DONE = Tried()


@dataclass
class AnswerTaker:
    request: RunRequest
    outcomes: Recorder
    lists: ListLook

    def take(self, session: SessionPort, upload: Upload, answer: Answer, form_url: str) -> Tried:
        """The answer, weighed as proof of this file, recorded as what it makes of the file."""
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
            self.outcomes.no_list(upload)
            return Tried("resend", f"{answer.message}; the page shows no list of submissions to look in")
        return Tried("resend", f"{answer.message}; not in the site's list of submissions")


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
