"""What the site made of each file after it took it: accepted, still pending, or rejected. Pure
logic: the page objects read the rows, this reads their words and decides which row is the file's.

State portals take a file first and judge it later ("Received", then "Pending validation", then
"Accepted" or "Rejected"). A row's status words are read by meaning; words that say two things
("Processed with errors") or nothing the bot knows are `unknown`, never a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.audit import FileRecord
from bot.schoolyear import SchoolYear
from bot.site.evidence import Subject, file_names, types_named, without_names
from bot.site.history import HistoryRow, named_rows, names_reference, of_this_file, type_agrees

# accepted: loaded and accepted; pending: received and not judged yet; rejected: judged and refused;
# not_found: the ledger says it was sent, and the list does not show it; not_sent: neither shows it;
# stored_wrongly: its row is under another type or year; unknown: words or rows the bot cannot place.
Verdict = Literal["accepted", "pending", "rejected", "not_found", "not_sent", "stored_wrongly", "unknown"]
VERDICTS: tuple[Verdict, ...] = (
    "accepted",
    "pending",
    "rejected",
    "not_found",
    "not_sent",
    "stored_wrongly",
    "unknown",
)
# Verdicts the site may still change: a later look is worth it.
OPEN: frozenset[Verdict] = frozenset({"pending", "unknown"})
# Verdicts that need the district to act.
TROUBLE: frozenset[Verdict] = frozenset({"rejected", "not_found", "not_sent", "stored_wrongly"})

_WORDS: dict[Verdict, re.Pattern[str]] = {
    "rejected": re.compile(
        r"\b(?:rejected|refused|failed|fail|failure|errors?|invalid|did\s+not\s+pass|not\s+accepted|declined)\b",
        re.IGNORECASE,
    ),
    "accepted": re.compile(
        r"\b(?:accepted|loaded|complete|completed|processed|posted|validated|passed|successful|success|approved)\b",
        re.IGNORECASE,
    ),
    "pending": re.compile(
        r"\b(?:received|pending|processing|validating|queued|in\s+progress|in\s+review|awaiting|submitted|uploaded"
        r"|waiting|scheduled)\b",
        re.IGNORECASE,
    ),
}
# "Not accepted" is a rejection, not an acceptance: its words are read before the accepting ones.
_NEGATED = re.compile(r"\bnot\s+(?:accepted|loaded|processed|validated|approved)\b", re.IGNORECASE)
# The step before a verdict, named beside it: "Received - Accepted", "Submitted - Failed validation".
_STEP_BEFORE = re.compile(r"\b(?:received|submitted|uploaded)\b", re.IGNORECASE)


def verdict_of(status: str) -> Verdict:
    """What a row's status words say of the file: accepted, pending, rejected, or unknown (no status,
    words the bot does not know, or words that say two things, as "Processed with errors")."""
    text = _NEGATED.sub(" rejected ", status.strip())
    said = {verdict for verdict, words in _WORDS.items() if words.search(text)}
    if len(said) == 1:
        return next(iter(said))
    if len(said) == 2 and "pending" in said and not _WORDS["pending"].search(_STEP_BEFORE.sub(" ", text)):
        return next(v for v in said if v != "pending")
    return "unknown"


@dataclass(frozen=True)
class Listed:
    """The rows of the list that are this file, and the rule that picked them; no rows: not listed."""

    rows: tuple[HistoryRow, ...]
    by: str
    # Some rule found rows, but several that disagree or none it can tell apart.
    unsettled: str = ""


def listed(rows: Sequence[HistoryRow], subject: Subject, reference: str | None) -> Listed:
    """This file's rows, by the rules a send uses: its submission id, then its row of its type, year
    and size, then its own name (of its year and type, where the row names them)."""
    if reference:
        by_id = [r for r in rows if names_reference(r, reference)]
        if by_id:
            return Listed(tuple(by_id), f"its submission id {reference}")
    mine = subject.filename
    alike = [
        r
        for r in rows
        if of_this_file(r, subject.file_type, subject.year, subject.size)
        and all(n.casefold() == mine.casefold() for n in file_names(r.text))
    ]
    named = [
        r
        for r in named_rows(rows, mine, subject.size)
        if type_agrees(r, subject.file_type) and _year_agrees(r, subject.year)
    ]
    if len(alike) == 1:
        return Listed(tuple(alike), "its row of its type, year and size")
    if named:
        return Listed(tuple(named), "its file name")
    if alike:
        return Listed((), "", unsettled=f"{len(alike)} rows of its type, year and size, none naming it")
    return Listed((), "")


def misplaced_rows(rows: Sequence[HistoryRow], subject: Subject, reference: str | None) -> list[HistoryRow]:
    """Rows that are this file by its submission id, under another type or year. (By name alone, a
    row of last year's SENR.txt is another file, never this one filed wrongly.)"""
    picked = [r for r in rows if reference and names_reference(r, reference)]
    out = []
    for row in picked:
        types = types_named(without_names(row.text))
        years = set(SchoolYear.all_in(row.text))
        if (types and subject.file_type not in types) or (years and subject.year not in years):
            out.append(row)
    return out


def _year_agrees(row: HistoryRow, year: SchoolYear) -> bool:
    named = SchoolYear.all_in(row.text)
    return not named or year in named


@dataclass(frozen=True)
class Judgement:
    """One file's verdict, the row it rests on and the site's own words for it."""

    verdict: Verdict
    why: str
    row: HistoryRow | None = None
    by: str = ""


def judge(rows: Sequence[HistoryRow], subject: Subject, *, reference: str | None, sent: bool) -> Judgement:  # noqa: PLR0911  # one return per verdict
    """The file's verdict from the site's list; `sent` says whether the ledger holds a send of it."""
    wrong = misplaced_rows(rows, subject, reference)
    if wrong:
        return Judgement("stored_wrongly", f"the list shows it under another type or year: {wrong[0].text}", wrong[0])
    found = listed(rows, subject, reference)
    if found.unsettled:
        return Judgement("unknown", f"the list shows {found.unsettled}; look at it")
    if not found.rows:
        return _unlisted(rows, sent=sent)
    said = {verdict_of(r.status) for r in found.rows}
    row = found.rows[0]
    if len(said) > 1:
        shown = "; ".join(f'"{r.status}"' for r in found.rows[:4])
        return Judgement("unknown", f"{len(found.rows)} rows of it say different things ({shown})", row, found.by)
    verdict = next(iter(said))
    if verdict != "unknown":
        return Judgement(verdict, row.status, row, found.by)
    if row.status:
        return Judgement("unknown", f'its row\'s status "{row.status}" is words the bot cannot place', row, found.by)
    return Judgement(
        "unknown", "its row shows no status: the list does not say what the site made of it", row, found.by
    )


def _unlisted(rows: Sequence[HistoryRow], *, sent: bool) -> Judgement:
    if any(r.paged for r in rows):
        return Judgement("unknown", "not on the page of the list shown, and the list goes on over other pages")
    if sent:
        return Judgement("not_found", "the ledger says it was sent, but the site's list does not show it")
    return Judgement("not_sent", "the ledger has no send of it, and the site's list does not show it")


def said_verdict(status: str) -> Verdict | None:
    """The verdict a row's status gives at send time, when it gives one: "Pending validation",
    "Accepted", "Rejected: ..."; None for words that only say the file arrived ("Received") or that
    the bot cannot place."""
    verdict = verdict_of(status)
    if verdict == "pending" and not _WORDS["pending"].search(_STEP_BEFORE.sub(" ", status)):
        return None
    return verdict if verdict in ("accepted", "pending", "rejected") else None


_AWAITING = re.compile(r"\b(?:pending|validat\w*|processing|queued|in\s+review|awaiting)\b", re.IGNORECASE)


def answer_verdict(words: str) -> Verdict | None:
    """An answer to an upload that says the file waits to be judged ("File received. Status: Pending
    validation"): pending. An answer never says accepted: "received successfully" is the upload's."""
    return "pending" if _AWAITING.search(words) and verdict_of(words) == "pending" else None


def hear(record: FileRecord, status: str) -> None:
    """A row's status read at send time goes on the file's record when it gives a verdict."""
    verdict = said_verdict(status)
    if verdict is not None:
        record.verdict, record.verdict_reason = verdict, status
