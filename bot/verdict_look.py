"""Reading what the site made of each file from its list, until it judges them (within a time), and
recording each verdict: the record, the report, the events and, when it changed, one new ledger line.
Used by `calpass-bot status` and by a send's --wait-verdict. It never presses an upload or send button.

A later send reads those ledger lines: it skips a file accepted or pending, does not send a rejected
file again unchanged, and sends a changed one in its place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.audit import FileRecord, RunFolder
from bot.errors import EXIT_OK, EXIT_PENDING, EXIT_REJECTED, SiteError
from bot.ledger import Entry, Ledger, State
from bot.list_lookup import open_form
from bot.ports import RunRequest, SessionPort
from bot.preflight import CheckedFile
from bot.site.evidence import Subject
from bot.site.history import HistoryRow
from bot.site.pages import Focus
from bot.verdicts import OPEN, TROUBLE, Judgement, judge

log = logging.getLogger(__name__)

# Ledger states that say a send of the file reached the site, or may have.
_SENT: frozenset[str] = frozenset({"submitted", "sending", "in_doubt", "rejected", "stored_wrongly"})
# What each verdict makes the ledger's state: a file accepted or pending is held; one not found keeps
# its state (a send in doubt is still looked for first).
_STATE: dict[str, State] = {
    "accepted": "submitted",
    "pending": "submitted",
    "rejected": "rejected",
    "stored_wrongly": "stored_wrongly",
}


def exit_code(records: Sequence[FileRecord]) -> int:
    """0 when the site accepted every file; EXIT_REJECTED when any was rejected, not found, never sent or
    stored under another type or year; else EXIT_PENDING (some still pending, or words unplaced)."""
    verdicts = {r.verdict for r in records}
    if verdicts & TROUBLE:
        return EXIT_REJECTED
    if verdicts & OPEN or None in verdicts:
        return EXIT_PENDING
    return EXIT_OK


@dataclass
class Verdicts:
    """Reads the site's list until no file is pending (within `wait_s`), then records each verdict."""

    request: RunRequest
    folder: RunFolder
    site: str
    account: str

    def settle(
        self, session: SessionPort, form_url: str, files: Sequence[tuple[CheckedFile, FileRecord]], wait_s: float
    ) -> None:
        request = self.request
        ledger = Ledger(request.out_dir)
        earlier = ledger.on_site(self.site, self.account)
        deadline = request.clock() + wait_s
        reload = False
        while True:
            open_form(session, form_url, reload=reload)
            rows = session.form.history()
            if rows is None:
                raise SiteError(
                    "the File Submission page shows no list of submissions, so the bot cannot tell what the site "
                    "made of any file; look at the site, or ask Cal-PASS Plus"
                )
            judged = [self._judge(rows, item, record, earlier) for item, record in files]
            left = deadline - request.clock()
            if not any(j.verdict in OPEN for j in judged) or left <= 0 or request.stop():
                break
            waiting = sum(1 for j in judged if j.verdict in OPEN)
            log.info("%d file(s) not judged by the site yet; looking at its list again (%.0f s left)", waiting, left)
            request.sleep(min(15.0, max(2.0, wait_s / 10), left))
            reload = True
        session.shot("site-list")
        for (item, record), judgement in zip(files, judged, strict=True):
            self._record(session, item, record, judgement, earlier=earlier, ledger=ledger)

    @staticmethod
    def _judge(
        rows: list[HistoryRow], item: CheckedFile, record: FileRecord, earlier: dict[tuple[str, str, str], Entry]
    ) -> Judgement:
        planned = item.planned
        entry = earlier.get((record.sha256, record.type, record.school_year))
        subject = Subject(planned.path.name, record.bytes, planned.type, planned.school_year)
        reference = record.submission_id or (entry.submission_id if entry else None)
        sent = (entry is not None and entry.state in _SENT) or record.status in ("submitted", "possibly_duplicated")
        return judge(rows, subject, reference=reference, sent=sent)

    def _record(  # noqa: PLR0913  # the file, its verdict, and where the verdict goes
        self,
        session: SessionPort,
        item: CheckedFile,
        record: FileRecord,
        judgement: Judgement,
        *,
        earlier: dict[tuple[str, str, str], Entry],
        ledger: Ledger,
    ) -> None:
        row = judgement.row
        record.verdict, record.verdict_reason = judgement.verdict, judgement.why
        if row is not None:
            record.matched_row, record.matched_by = row.text, judgement.by
            record.submission_id = row.reference or record.submission_id
        if judgement.verdict == "rejected" and row is not None:
            session.shot("site-rejected", record, Focus("row", text=row.text))
            if row.link:
                kept = session.details(row.link, record)
                session.form.fresh = False
                if kept.endswith(".png") or not kept:
                    record.notes.append(f"the row's link ({row.link}) {'is pictured' if kept else 'could not be read'}")
                else:
                    record.verdict_file = kept
        entry = earlier.get((record.sha256, record.type, record.school_year))
        self._ledger_line(ledger, item, record, judgement, entry)
        self.folder.event("verdict", file=record, outcome=judgement.verdict, detail=judgement.why)
        level = logging.ERROR if judgement.verdict in TROUBLE else logging.INFO
        log.log(
            level, "%s %s %s: %s: %s", record.type, record.school_year, record.path, judgement.verdict, judgement.why
        )

    def _ledger_line(
        self, ledger: Ledger, item: CheckedFile, record: FileRecord, judgement: Judgement, entry: Entry | None
    ) -> None:
        """One new line when the verdict is new; never a rewrite, and nothing for a verdict unplaced."""
        verdict = judgement.verdict
        if verdict in ("unknown", "not_sent") or (verdict == "not_found" and entry is None):
            return
        state = _STATE.get(verdict) or (entry.state if entry is not None else "submitted")
        if entry is not None and entry.verdict == verdict and entry.state == state and entry.reason == judgement.why:
            return
        ledger.add(
            Entry.now(
                record,
                self.site,
                self.account,
                state=state,
                confirmation=entry.confirmation if entry is not None else "",
                rows_before=entry.rows_before if entry is not None else None,
                verdict=verdict,
                reason=judgement.why,
            )
        )
