"""Each file's outcome, written in one place and one order: the ledger line first (whatever fails
after it, a rerun knows what the upload became), then the record the summary and report show, the
event line and the log line. The run asks; nothing else writes a file's status."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Literal

from bot.audit import FileRecord, RunFolder, Status
from bot.ledger import Entry, Ledger, State
from bot.manifest import PlannedFile
from bot.preflight import CheckedFile
from bot.site.history import HistoryRow
from bot.verdicts import answer_verdict

log = logging.getLogger(__name__)

# Where a file stands in this run. planned: to be sent (again); in_flight: the ledger says "sending"
# and no outcome is recorded yet, so the request may have left; held: the site holds it (by its
# answer or its list); refused and not_sent: the site does not hold it; in_doubt: it may be on the
# site, and the list is looked at before any re-send; stored_wrongly: held under another type or year.
UploadState = Literal["planned", "in_flight", "held", "refused", "not_sent", "in_doubt", "stored_wrongly"]


@dataclass
class Upload:
    """One file being sent, and everything learned about it across its attempts."""

    item: CheckedFile
    record: FileRecord
    label: str = ""
    started: float = 0.0
    # Moved only by the Recorder's methods, each of which writes the outcome that moves it.
    state: UploadState = "planned"
    # How many rows of the site's list named the file before that attempt; None: no list to count.
    rows_before: int | None = None
    # An attempt was made that no list could check: a later copy may be the second one.
    maybe_twice: bool = False
    # Times the bot believes the site accepted the file during this run.
    accepted: int = 0
    # The site's list just before the file's first send in this run: rows new since are candidates.
    before: list[HistoryRow] | None = None
    # The submission id the site gave in an answer, even one the bot could not otherwise place.
    reference: str | None = None

    @property
    def planned(self) -> PlannedFile:
        return self.item.planned

    @property
    def doubt(self) -> bool:
        """An earlier attempt, in this run or a run before, may have reached the site."""
        return self.state == "in_doubt"

    @property
    def in_flight(self) -> bool:
        return self.state == "in_flight"

    def took(self) -> str:
        return f" ({time.monotonic() - self.started:.1f} s)" if self.started else ""


@dataclass
class Recorder:
    """Writes each outcome: the ledger (for `site` as the ledger names it, and `account`), the run
    folder's events, the record and the log."""

    ledger: Ledger
    folder: RunFolder
    site: str
    account: str
    # Files the site took in this run: once one has gone, the form works, and a failure is the file's.
    held: int = 0

    def entry(self, upload: Upload, state: State, confirmation: str = "") -> Entry:
        return Entry.now(
            upload.record,
            self.site,
            self.account,
            state=state,
            confirmation=confirmation,
            rows_before=upload.rows_before,
        )

    def sending(self, upload: Upload) -> None:
        """Written before the button is pressed: a crash mid-upload leaves a doubt, never a blank."""
        self.ledger.add(self.entry(upload, "sending"))
        upload.state = "in_flight"

    def confirmed(self, upload: Upload, message: str, evidence: str, reference: str | None) -> None:
        record = upload.record
        upload.state = "held"
        upload.accepted += 1
        self.held += 1
        record.status = "possibly_duplicated" if upload.maybe_twice else "submitted"
        record.confirmation, record.evidence, record.error = message, evidence, None
        record.submission_id = reference or record.submission_id
        if record.verdict is None and answer_verdict(message) is not None:
            record.verdict, record.verdict_reason = "pending", message
        self.ledger.add(self.entry(upload, "submitted", message))
        self.folder.event("outcome", file=record, outcome=record.status, detail=message)
        log.info("%s: %s%s: %s", upload.label, record.status.replace("_", " "), upload.took(), message)

    def already(self, upload: Upload, confirmation: str, detail: str, *, listed: bool) -> None:
        """On the site before this run sent it: by the ledger, or (`listed`) by the site's list."""
        record = upload.record
        upload.state = "held"
        record.status, record.confirmation = "already_submitted", confirmation
        if listed:
            record.evidence = "the site's list"
            self.ledger.add(self.entry(upload, "submitted", confirmation))
        self.folder.event("listed" if listed else "ledger", file=record, outcome="already_submitted", detail=detail)

    def doubt(self, upload: Upload, why: str) -> None:
        """Unknown: the file may be on the site. The next look, in this run or the next, settles it."""
        self._trouble(upload, "unknown", "in_doubt", why, why)

    def in_doubt(self, upload: Upload, why: str) -> None:
        """The ledger's doubt alone, while the run goes on to look for the file."""
        self.ledger.add(self.entry(upload, "in_doubt", why))
        upload.state = "in_doubt"

    @staticmethod
    def begun(upload: Upload, label: str) -> None:
        """The file's turn has come: its label in every line about it, and its clock started."""
        upload.label, upload.started = label, time.monotonic()

    @staticmethod
    def counted(upload: Upload, rows: list[HistoryRow], named: int) -> None:
        """The site's list just before the file's first send, and how many of its rows name the file:
        every copy since then, from any attempt, is new."""
        upload.before, upload.rows_before = rows, named

    @staticmethod
    def no_list(upload: Upload) -> None:
        """No list to look in: if the file is sent again, the site may then hold it twice."""
        upload.maybe_twice = True

    @staticmethod
    def heard(upload: Upload, reference: str | None) -> None:
        """The submission id the site gave in an answer, kept even when nothing else of it is placed."""
        upload.reference = reference or upload.reference

    def earlier_doubt(self, upload: Upload, rows_before: int | None) -> None:
        """A run before this one may have sent it (its ledger says so): looked for before it is sent."""
        upload.state, upload.rows_before = "in_doubt", rows_before

    def not_listed(self, upload: Upload) -> None:
        """The site's list, read with care, does not show a file in doubt: it may be sent again."""
        if upload.state == "in_doubt":
            upload.state = "planned"

    def not_held(self, upload: Upload, state: State, error: str) -> None:
        """Refused by the site, or never sent: the site does not hold it."""
        self.ledger.add(self.entry(upload, state))
        self.failed(upload, error)
        upload.state = "refused" if state == "refused" else "not_sent"

    def stored_wrongly(self, upload: Upload, error: str) -> None:
        """The site holds the file, but under another type or year: never `submitted`, and no re-send
        in this run (the same path would misfile it again)."""
        self._trouble(upload, "stored_wrongly", "stored_wrongly", error, error)
        upload.state = "stored_wrongly"

    def left_staged(self, upload: Upload, error: str) -> None:
        """The site staged the file and never received it: not sent."""
        self._trouble(upload, "not_sent", "unsent", error)
        upload.state = "not_sent"

    def _trouble(  # the file, what it became for the report and for the ledger, and why
        self, upload: Upload, status: Status, state: State, why: str, confirmation: str = ""
    ) -> None:
        """An outcome that needs a look: the ledger line first, then the record, the event, the log."""
        record = upload.record
        upload.state = "in_doubt"
        self.ledger.add(self.entry(upload, state, confirmation))
        record.status, record.error = status, why
        self.folder.event("outcome", file=record, outcome=status, detail=why)
        log.error("%s: %s%s: %s", upload.label, status.replace("_", " "), upload.took(), why)

    def failed(self, upload: Upload, error: str) -> None:
        """Failed: nothing was sent, or, once the request may have left, the ledger's doubt stands."""
        record = upload.record
        if upload.state in ("planned", "in_flight"):
            upload.state = "not_sent" if upload.state == "planned" else "in_doubt"
        record.status, record.error = "failed", error
        self.folder.event("outcome", file=record, outcome="failed", detail=error)
        log.error("%s: failed%s: %s", upload.label or upload.planned, upload.took(), error)
