"""The site's list read once more at the end of a run: every file called submitted must be in it
(if not, it becomes a doubt), and a file the list shows more often than the bot sent it (Chromium
silently re-sending a POST, a run in parallel) is named, with every id the list shows."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.audit import Duplicate
from bot.recorder import Recorder, Upload
from bot.site.history import HistoryRow, names_reference, new_rows, of_this_file, rows_for
from bot.verdicts import hear

log = logging.getLogger(__name__)


def reconcile(
    rows: list[HistoryRow], uploads: Sequence[Upload], baseline: list[HistoryRow], outcomes: Recorder
) -> list[Duplicate]:
    """Check each accepted file against the list as it is now; returns the files it holds twice."""
    duplicates = []
    for upload in uploads:
        if not upload.accepted or upload.rows_before is None:
            continue
        record, name = upload.record, upload.planned.path.name
        mine = rows_for(rows, name, record.bytes, upload.planned.school_year, upload.planned.type)
        copies = len(mine) - upload.rows_before
        if copies > 0:
            new = new_rows(
                rows_for(baseline, name, record.bytes, upload.planned.school_year, upload.planned.type), mine
            )
        else:
            # Not under its own name: a site that renames files lists it by its id, or as a new row of
            # its type, year and size.
            renamed = _renamed_rows(upload, rows, baseline, uploads)
            if renamed is None:
                if not any(r.paged for r in rows):
                    # A list read only in part (it goes on over pages) neither confirms nor refutes.
                    outcomes.doubt(
                        upload, "the site said it was received, but its list of submissions does not show it"
                    )
                continue
            new, copies = renamed, len(renamed)
        if record.evidence == "the site's words":
            record.evidence = "the site's words and its list"
        record.submission_id = record.submission_id or next((r.reference for r in new if r.reference), None)
        if new:
            hear(record, new[0].status)
        if copies > upload.accepted:
            shown = new if len(new) >= copies else mine
            ids = [r.reference for r in shown if r.reference]
            duplicate = Duplicate(record.type, record.school_year, record.path, copies, ids, [r.text for r in shown])
            duplicates.append(duplicate)
            named = ", ".join(ids) or "; ".join(duplicate.rows)
            outcomes.folder.event("duplicated", file=record, outcome="duplicated_on_site", detail=named)
            log.error("%s: the site's list shows it %d times: %s", upload.label, copies, named)
    return duplicates


def _renamed_rows(
    upload: Upload, rows: list[HistoryRow], baseline: list[HistoryRow], uploads: Sequence[Upload]
) -> list[HistoryRow] | None:
    """The rows that are this file on a site that lists it under a name of its own; None when the
    list shows no such row."""
    planned, record = upload.planned, upload.record
    reference = record.submission_id or upload.reference
    if reference and (by_id := [r for r in rows if names_reference(r, reference)]):
        return by_id
    alike = [r for r in new_rows(baseline, rows) if of_this_file(r, planned.type, planned.school_year, record.bytes)]
    if not alike:
        return None
    # Files of one type, year and size sent in the same run share these rows.
    key = (planned.type, planned.school_year, record.bytes)
    twins = [u for u in uploads if (u.planned.type, u.planned.school_year, u.record.bytes) == key]
    return alike if len(twins) == 1 else alike[: upload.accepted]
