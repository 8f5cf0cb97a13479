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

from bot.filetypes import NAMES, FileType
from bot.platforms import name_key
from bot.schoolyear import SchoolYear


@dataclass(frozen=True)
class HistoryRow:
    """One row of the site's list of earlier submissions, as read from the page."""

    text: str
    sized: bool = False
    reference: str | None = None


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


_UNITS = {
    "b": 0,
    "byte": 0,
    "bytes": 0,
    "k": 1,
    "kb": 1,
    "kib": 1,
    "m": 2,
    "mb": 2,
    "mib": 2,
    "g": 3,
    "gb": 3,
    "gib": 3,
}
_SIZE = re.compile(
    r"(?<![\w.,])(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<part>\d+))?\s*(?P<unit>bytes?|[kmg]i?b|[kmg]|b)(?![\w])",
    re.IGNORECASE,
)


def sizes_shown(text: str) -> list[tuple[float, int, int]]:
    """Each size written with a unit: (value, decimals shown, power of the unit)."""
    found = []
    for match in _SIZE.finditer(text):
        whole, part = match["whole"].replace(",", ""), match["part"] or ""
        found.append((float(f"{whole}.{part or 0}"), len(part), _UNITS[match["unit"].casefold()]))
    return found


def size_agrees(value: float, decimals: int, power: int, size: int) -> bool:
    """Whether a shown size can be this many bytes: in units of 1000 or 1024, rounded, cut or
    raised at the decimals shown."""
    if power == 0:
        return value == size
    bases = (1000, 1024)
    step = 10.0**-decimals
    return any(abs(size / base**power - value) < step + 1e-9 for base in bases)


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


def _name_pattern(words: str) -> str:
    return r"(?<![A-Za-z0-9])" + r"[\s_-]+".join(re.escape(w) for w in words.split()) + r"(?![A-Za-z0-9])"


_TYPE_NAMES = sorted(
    ((_name_pattern(name), t) for t in FileType for name in (t.value, *NAMES[t])), key=lambda p: -len(p[0])
)


def types_named(text: str) -> set[FileType]:
    """The file types a row names by code or official name. A longer name wins over one it holds:
    "Student Course Section Completion" names SCSC, not also CRSC."""
    taken: list[tuple[int, int]] = []
    named: set[FileType] = set()
    for pattern, file_type in _TYPE_NAMES:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if any(start <= match.start() and match.end() <= end for start, end in taken):
                continue
            taken.append(match.span())
            named.add(file_type)
    return named


def names_reference(row: HistoryRow, reference: str) -> bool:
    if row.reference and row.reference.strip().casefold() == reference.casefold():
        return True
    # Stored names join it with underscores ("SENR_2023-2024_CPP-48001.txt"); "CPP-480010" and
    # "CPP-48001-2" are other ids.
    pattern = rf"(?<![A-Za-z0-9-]){re.escape(reference)}(?![A-Za-z0-9]|-\d)"
    return re.search(pattern, row.text, re.IGNORECASE) is not None


def rows_for(rows: Sequence[HistoryRow], filename: str, size: int, year: SchoolYear | None = None) -> list[HistoryRow]:
    """The rows naming this file; where the list has a size column, of this size too; and where a
    row names a school year, of this file's year. Districts give each year's file the same name
    (SENR.txt), and two years' files may well have the same size: last year's row must never pass
    for this year's file."""
    # Names compare as this platform compares them: without regard to case on Windows and macOS.
    name = name_key(filename)
    return [
        r
        for r in rows
        if name in name_key(r.text) and shows_this_size(r, size) is not False and _same_year(r.text, year)
    ]


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
        types_named(row.text) == {file_type}
        and year in SchoolYear.all_in(row.text)
        and shows_this_size(row, size) is not False
    )


def find_file(  # noqa: PLR0913  # every fact a row can be matched by, by keyword
    rows: Sequence[HistoryRow],
    *,
    filename: str,
    size: int,
    file_type: FileType,
    year: SchoolYear,
    reference: str | None = None,
    before: Sequence[HistoryRow] | None = None,
    named_before: int | None = None,
) -> Found | Unsettled | None:
    """The row of the list that is this file, by the first rule that picks exactly one; Unsettled
    when a rule finds several or new rows appeared that no rule places; None when the list plainly
    does not hold it.

    `before` is the list as it was just before the file was first sent in this run, and
    `named_before` how many rows then named the file by its own name."""
    if reference:
        by_id = [r for r in rows if names_reference(r, reference)]
        if by_id:
            return Found(by_id[0], f"its submission id {reference}")
    fresh = new_rows(before, rows) if before is not None else []
    if fresh:
        mine = [r for r in fresh if of_this_file(r, file_type, year, size)]
        if len(mine) == 1:
            return Found(mine[0], "a new row of its type, year and size")
        if len(mine) > 1:
            return Unsettled(tuple(mine), f"{len(mine)} new rows of its type, year and size")
    by_name = rows_for(rows, filename, size, year)
    if len(by_name) > (named_before or 0):
        newest = new_rows(before or [], by_name) or by_name
        return Found(newest[0], "its file name" + (" and size" if shows_this_size(newest[0], size) else ""))
    if fresh:
        return Unsettled(tuple(fresh), f"{len(fresh)} new row(s) in the list that name neither its id nor its name")
    return None
