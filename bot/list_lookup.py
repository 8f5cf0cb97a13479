"""Looking for a file in the site's list of submissions: before a file in doubt is sent again, and
after an answer the bot cannot place. The list, not the bot's hopes, says whether the site holds it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from bot.errors import StoredWrongly
from bot.ports import RunRequest, SessionPort
from bot.recorder import Recorder, Upload
from bot.site.history import Finding, Found, HistoryRow, Misplaced, NotHeld, Unsettled, find_file, rows_for
from bot.site.pages import Focus
from bot.verdicts import hear

log = logging.getLogger(__name__)

# found: the list shows it (submitted); unsettled: rows that may be it, but no rule picks one, or its
# row's status the bot cannot place (a doubt, never a re-send); rejected: its row says the site
# rejected it; absent: the list does not show it, or shows it staged and not yet submitted.
Looked = Literal["found", "unsettled", "rejected", "absent"]


def open_form(session: SessionPort, form_url: str, *, reload: bool = False) -> None:
    """The form loaded, unless it already is and nothing has touched it since."""
    if reload or not session.form.fresh:
        session.open_form(form_url)


@dataclass
class ListLook:
    """Reads the site's list for one run: the same settings, clock and outcome recorder throughout."""

    request: RunRequest
    outcomes: Recorder

    def not_listed(self, uploads: list[Upload], baseline: list[HistoryRow] | None) -> list[Upload]:
        """The files the site's list does not show yet. A file it already shows by name and size is
        not sent again, even when the ledger was lost or the run started from elsewhere; --force
        sends it anyway. (A file in doubt is looked for with more care, as it is sent.)"""
        if baseline is None or self.request.force:
            return uploads
        pending = []
        for upload in uploads:
            record = upload.record
            listed = rows_for(
                baseline, upload.planned.path.name, record.bytes, upload.planned.school_year, upload.planned.type
            )
            if upload.doubt or not listed:
                pending.append(upload)
                continue
            record.submission_id = next((r.reference for r in listed if r.reference), None)
            shows = f"the site's list already shows {upload.planned.path.name} ({record.bytes:,} bytes)"
            self.outcomes.already(upload, shows, shows, listed=True)
            log.info("%s: already on the site, by its list; --force sends it again", upload.planned.label)
        return pending

    def look(self, session: SessionPort, upload: Upload, form_url: str, *, settle: bool) -> Looked:
        """Whether the site's list shows the file, polling while it may still be stored (settle)."""
        request = self.request
        settle_s = request.config.timeouts.settle_s
        deadline = request.clock() + (settle_s if settle else 0)
        polls = 0
        while True:
            # A form just loaded shows the list as it is now; every later poll loads it again.
            open_form(session, form_url, reload=polls > 0)
            polls += 1
            rows = session.form.history()
            if rows is None:
                self.outcomes.no_list(upload)
                return "absent"
            over = request.clock() >= deadline or request.stop()
            looked = self._placed(session, upload, rows, over=over)
            if looked is not None:
                return looked
            if over:
                return "absent"
            log.info("%s: not in the site's list yet; looking again while it may still be stored", upload.label)
            # Often enough to see the row soon after it lands, rarely enough not to burden the site.
            request.sleep(min(2.0, settle_s / 4, max(0.0, deadline - request.clock())))

    def _placed(self, session: SessionPort, upload: Upload, rows: list[HistoryRow], *, over: bool) -> Looked | None:
        """What one read of the list says of the file, or None while it may still come (before `over`)."""
        found = self._find(rows, upload)
        if isinstance(found, Found):
            self._found(session, upload, found)
            return "found"
        if isinstance(found, Misplaced):
            self._misplaced(session, upload, found)
        if isinstance(found, NotHeld) and found.held == "rejected":
            shot = session.shot("found-in-list", upload.record, Focus("row", text=found.row.text))
            why = f'the site\'s list shows it as "{found.row.status}" (by {found.by}; see {shot}): {found.row.text}'
            hear(upload.record, found.row.status)
            self.outcomes.not_held(upload, "refused", why)
            return "rejected"
        if isinstance(found, NotHeld) and found.held == "unknown" and over:
            self._unsettled(
                session,
                upload,
                Unsettled((found.row,), f'its row, whose status "{found.row.status}" the bot cannot place'),
            )
            return "unsettled"
        if isinstance(found, Unsettled) and over:
            self._unsettled(session, upload, found)
            return "unsettled"
        if over and found is None and any(r.paged for r in rows):
            # A list read only in part proves nothing absent: the file may be on another page.
            self._unsettled(
                session,
                upload,
                Unsettled(
                    (),
                    "no row of it on the page shown, and the list goes on over other pages the bot does not read",
                ),
            )
            return "unsettled"
        return None

    @staticmethod
    def _find(rows: list[HistoryRow], upload: Upload) -> Finding:
        planned = upload.planned
        return find_file(
            rows,
            filename=planned.path.name,
            size=upload.record.bytes,
            file_type=planned.type,
            year=planned.school_year,
            reference=upload.reference,
            before=upload.before,
            named_before=upload.rows_before,
        )

    def _found(self, session: SessionPort, upload: Upload, found: Found) -> None:
        shot = session.shot("found-in-list", upload.record, Focus("row", text=found.row.text))
        upload.record.matched_row, upload.record.matched_by = found.row.text, found.by
        hear(upload.record, found.row.status)
        table = f' ("{found.row.table}")' if found.row.table else ""
        message = f"found in the site's list of submissions{table} by {found.by} (see {shot})"
        self.outcomes.confirmed(upload, message, "the site's list", found.row.reference or upload.reference)

    def _misplaced(self, session: SessionPort, upload: Upload, found: Misplaced) -> None:
        """The list shows this file under another type or year: the site holds it wrongly, and the run
        stops before the next file, which would go the same way."""
        shot = session.shot("found-in-list", upload.record, Focus("row", text=found.row.text))
        planned = upload.planned
        error = (
            f"the site's list shows {planned.path.name} as {found.shown}, not as {planned.type} "
            f"{planned.school_year} (by {found.by}; see {shot}): {found.row.text}"
        )
        upload.record.matched_row, upload.record.matched_by = found.row.text, found.by
        upload.record.submission_id = found.row.reference or upload.record.submission_id
        self.outcomes.stored_wrongly(upload, error)
        raise StoredWrongly.stopping(f"{planned.type} {planned.school_year}", error)

    def _unsettled(self, session: SessionPort, upload: Upload, found: Unsettled) -> None:
        focus = Focus("row", text=found.rows[0].text) if found.rows else None
        shot = session.shot("unsettled-in-list", upload.record, focus)
        rows_shown = f" ({'; '.join(r.text for r in found.rows[:3])})" if found.rows else ""
        self.outcomes.doubt(
            upload,
            f"the site's list shows {found.why}{rows_shown}; the bot cannot tell whether it holds this file, so "
            f"it is not sent again: look at {shot} and the site's list",
        )
