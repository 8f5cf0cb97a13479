"""Looking for a file in the site's list of submissions: before a file in doubt is sent again, and
after an answer the bot cannot place. The list, not the bot's hopes, says whether the site holds it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from bot.outcomes import Recorder, Upload
from bot.ports import RunRequest, SessionPort
from bot.site.history import Found, HistoryRow, Unsettled, find_file, rows_for
from bot.site.pages import Focus

log = logging.getLogger(__name__)

# found: the list shows it (submitted); unsettled: rows that may be it, but no rule picks one (a
# doubt, never a re-send); absent: the list does not show it.
Looked = Literal["found", "unsettled", "absent"]


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
            listed = rows_for(baseline, upload.planned.path.name, record.bytes, upload.planned.school_year)
            if upload.doubt or not listed:
                pending.append(upload)
                continue
            record.submission_id = next((r.reference for r in listed if r.reference), None)
            shows = f"the site's list already shows {upload.planned.path.name} ({record.bytes:,} bytes)"
            self.outcomes.already(upload, shows, shows, listed=True)
            log.info("%s: already on the site, by its list; --force sends it again", upload.planned)
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
                # Nothing to look in: if it is sent again, the site may then hold it twice.
                upload.maybe_twice = True
                return "absent"
            found = self._find(rows, upload)
            over = request.clock() >= deadline or request.stop()
            if isinstance(found, Found):
                self._found(session, upload, found)
                return "found"
            if isinstance(found, Unsettled) and over:
                self._unsettled(session, upload, found)
                return "unsettled"
            if over:
                return "absent"
            log.info("%s: not in the site's list yet; looking again while it may still be stored", upload.label)
            # Often enough to see the row soon after it lands, rarely enough not to burden the site.
            request.sleep(min(2.0, settle_s / 4, max(0.0, deadline - request.clock())))

    @staticmethod
    def _find(rows: list[HistoryRow], upload: Upload) -> Found | Unsettled | None:
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
        message = f"found in the site's list of submissions by {found.by} (see {shot})"
        self.outcomes.confirmed(upload, message, "the site's list", found.row.reference or upload.reference)

    def _unsettled(self, session: SessionPort, upload: Upload, found: Unsettled) -> None:
        shot = session.shot("unsettled-in-list", upload.record, Focus("row", text=found.rows[0].text))
        rows_shown = "; ".join(r.text for r in found.rows[:3])
        self.outcomes.doubt(
            upload,
            f"the site's list shows {found.why} ({rows_shown}); the bot cannot tell which is this file, so "
            f"it is not sent again: look at {shot} and the site's list",
        )
