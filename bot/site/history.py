"""Finding a file in the site's list of earlier submissions. Pure logic: the page objects read the
rows, this decides which of them is the file.

A site may list a file under its own name ("SENR_2023-2024_CPP-48001.txt") and its size in KB
("28.3 KB"), so a file is looked for in this order: the submission id the site gave for it; the
rows that appeared since it was sent, of its type and year and, where a size is shown, its size in
any unit; its own name. A rule that finds several rows settles nothing: the file stays a doubt, and
is never sent again on a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.filetypes import FileType
from bot.platforms import name_key
from bot.schoolyear import SchoolYear
from bot.site.evidence import (
    Held,
    Subject,
    row_held,
    size_agrees,
    sizes_shown,
    types_named,
    without_names,
)


@dataclass(frozen=True)
class HistoryRow:
    """One row of the site's list of earlier submissions, as read from the page."""

    text: str
    sized: bool = False
    reference: str | None = None
    # The words of its Status column, where the list has one.
    status: str = ""
    # The table it was read from, by its heading or caption.
    table: str = ""
    # Its table goes on over pages the bot does not read: a file it does not show may be on another.
    paged: bool = False
    # The address of what the row links to about the file (details, errors, a report), if anything.
    link: str = ""


@dataclass(frozen=True)
class Found:
    """The row that proves the file is on the site, and the rule that picked it."""

    row: HistoryRow
    by: str


@dataclass(frozen=True)
class Unsettled:
    """Rows that may be the file, but no rule picks exactly one: a doubt, never a re-send."""

    rows: tuple[HistoryRow, ...]
    why: str


def _bytes_written(size: int) -> re.Pattern[str]:
    plain = "|".join(re.escape(s) for s in (str(size), f"{size:,}"))
    return re.compile(rf"(?:^|[^\d,.])(?:{plain})(?:$|[^\d,])")


def shows_this_size(row: HistoryRow, size: int) -> bool | None:
    """Whether the row shows this size; None when it shows no size at all."""
    written = sizes_shown(row.text)
    if written:
        return any(size_agrees(value, decimals, power, size) for value, decimals, power in written)
    if row.sized:
        # A column headed Size or Bytes, with bare numbers in it.
        return bool(_bytes_written(size).search(row.text))
    return None


def names_reference(row: HistoryRow, reference: str) -> bool:
    if row.reference and row.reference.strip().casefold() == reference.casefold():
        return True
    # Stored names join it with underscores ("SENR_2023-2024_CPP-48001.txt"); "CPP-480010" and
    # "CPP-48001-2" are other ids.
    pattern = rf"(?<![A-Za-z0-9-]){re.escape(reference)}(?![A-Za-z0-9]|-\d)"
    return re.search(pattern, row.text, re.IGNORECASE) is not None


def type_agrees(row: HistoryRow, file_type: FileType | None) -> bool:
    """Whether the row names no file type, or this one: a row naming another type is another file's,
    whatever its name says (a file name such as "3968585_SINF_2023.txt" names no type)."""
    types = types_named(without_names(row.text))
    return file_type is None or not types or file_type in types


def rows_for(
    rows: Sequence[HistoryRow],
    filename: str,
    size: int,
    year: SchoolYear | None = None,
    file_type: FileType | None = None,
) -> list[HistoryRow]:
    """The rows naming this file that the site holds (a row whose status says staged, rejected or
    words the bot cannot place is left out); where the list has a size column, of this size too; and
    where a row names a school year or a file type, of this file's. Districts give each year's file
    the same name (SENR.txt), and two years' files may well have the same size: last year's row must
    never pass for this year's file."""
    return [
        r
        for r in named_rows(rows, filename, size)
        if _same_year(r.text, year) and type_agrees(r, file_type) and row_held(r.status) == "held"
    ]


def named_rows(rows: Sequence[HistoryRow], filename: str, size: int) -> list[HistoryRow]:
    """The rows that name the file by its own name, of its size where they show one."""
    # Names compare as this platform compares them: without regard to case on Windows and macOS.
    name = name_key(filename)
    return [r for r in rows if name in name_key(r.text) and shows_this_size(r, size) is not False]


def _same_year(text: str, year: SchoolYear | None) -> bool:
    named = SchoolYear.all_in(text)
    return year is None or not named or year in named


def new_rows(before: Sequence[HistoryRow], after: Sequence[HistoryRow]) -> list[HistoryRow]:
    """The rows of the list now that it did not show before (as many times as they are new)."""
    seen = Counter(r.text for r in before)
    fresh = []
    for row in after:
        if seen[row.text] > 0:
            seen[row.text] -= 1
        else:
            fresh.append(row)
    return fresh


def of_this_file(row: HistoryRow, file_type: FileType, year: SchoolYear, size: int) -> bool:
    """A row that names this type (and no other), this year, and this size where it shows one."""
    return (
        types_named(without_names(row.text)) == {file_type}
        and year in SchoolYear.all_in(row.text)
        and shows_this_size(row, size) is not False
    )


@dataclass(frozen=True)
class Misplaced:
    """This file's row (by its id or its name) under another type or year: the site holds it wrongly."""

    row: HistoryRow
    by: str
    # What the row shows instead, as "SENR 2018-19".
    shown: str


@dataclass(frozen=True)
class NotHeld:
    """This file's row, whose status says the site does not hold it (staged, rejected) or says what
    the bot cannot place."""

    row: HistoryRow
    by: str
    held: Held


Finding = Found | Unsettled | Misplaced | NotHeld | None


def settle_row(row: HistoryRow, by: str, subject: Subject) -> Found | Misplaced | NotHeld:
    """What a row picked as this file's proves: held, held under another type or year, or not held."""
    types = types_named(without_names(row.text))
    years = set(SchoolYear.all_in(row.text))
    if (types and subject.file_type not in types) or (years and subject.year not in years):
        shown = " ".join([*sorted(t.value for t in types), *sorted(y.short for y in years)])
        return Misplaced(row, by, shown)
    held = row_held(row.status)
    return Found(row, by) if held == "held" else NotHeld(row, by, held)


def find_file(  # noqa: PLR0913, PLR0911  # every fact a row can be matched by, by keyword; one return per rule
    rows: Sequence[HistoryRow],
    *,
    filename: str,
    size: int,
    file_type: FileType,
    year: SchoolYear,
    reference: str | None = None,
    before: Sequence[HistoryRow] | None = None,
    named_before: int | None = None,
) -> Finding:
    """The row of the list that is this file, by the first rule that picks exactly one, and what it
    proves (Found, Misplaced, NotHeld); Unsettled when a rule finds several or new rows appeared that
    no rule places; None when the list plainly does not hold it.

    `before` is the list as it was just before the file was first sent in this run, and
    `named_before` how many rows then named the file by its own name."""
    subject = Subject(filename, size, file_type, year)
    if reference:
        by_id = [r for r in rows if names_reference(r, reference)]
        if by_id:
            return settle_row(by_id[0], f"its submission id {reference}", subject)
    fresh = new_rows(before, rows) if before is not None else []
    if fresh:
        mine = [r for r in fresh if of_this_file(r, file_type, year, size)]
        if len(mine) == 1:
            return settle_row(mine[0], "a new row of its type, year and size", subject)
        if len(mine) > 1:
            return Unsettled(tuple(mine), f"{len(mine)} new rows of its type, year and size")
    by_name = rows_for(rows, filename, size, year, file_type)
    if len(by_name) > (named_before or 0):
        newest = new_rows(before or [], by_name) or by_name
        return Found(newest[0], "its file name" + (" and size" if shows_this_size(newest[0], size) else ""))
    named_new = named_rows(fresh, filename, size)
    if len(named_new) == 1:
        # A new row of its own name that the rules above did not take: another type or year, or a
        # status that says it is not held.
        return settle_row(named_new[0], "its file name", subject)
    if fresh:
        return Unsettled(tuple(fresh), f"{len(fresh)} new row(s) in the list that name neither its id nor its name")
    return None
