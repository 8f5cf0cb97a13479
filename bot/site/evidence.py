"""Whose proof the site's words are. Pure logic: no browser here.

An answer, a row of the list or a submission id proves only the file it names. "3968585_SENR_2023.txt
was submitted" after pressing a button for SINF is SENR's answer, never SINF's; "Student Enrollment
(SENR): SINF.txt was received" is SINF's answer, and says the site filed it as SENR. So before any
words count as proof, this module reads what they name: file names, file types (code or official
name), school years and sizes, and compares each with the file being sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.filetypes import NAMES, FileType
from bot.platforms import name_key
from bot.schoolyear import SchoolYear
from bot.site.matching import any_word
from bot.site.words import SiteWords

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


# A file name as sites print it: no spaces, a known extension of the files districts send.
_FILE_NAME = re.compile(
    r"(?<![\w.~-])[\w~()-][\w.~()-]*\.(?:txt|csv|dat|zip|xlsx?|xml|tsv|prn|dlm)(?![\w])", re.IGNORECASE
)

# this: about this file, or about no file at all (no name, type or year that is not its own);
# another: about another file (another name, or another type or year with no name);
# misplaced: this file, by name, under another type or year: the site holds it wrongly;
# mixed: several files, or this file and another type: whose answer it is cannot be told.
About = Literal["this", "another", "misplaced", "mixed"]


@dataclass(frozen=True)
class Subject:
    """The file the words must name to be its proof."""

    filename: str
    size: int
    file_type: FileType
    year: SchoolYear


@dataclass(frozen=True)
class Reading:
    """What the words name, compared with the file."""

    about: About
    # The words name this file by name, its type and its year: proof on their own.
    whole: bool = False
    # What the words name instead, in a coordinator's words ("SENR.txt", "SENR 2022-23").
    instead: str = ""
    # For misplaced: the type and year the site holds it under, as far as the words say.
    shown_type: FileType | None = None
    shown_year: SchoolYear | None = None


def file_names(text: str) -> list[str]:
    """Every file name the text names, in order, each once."""
    seen: list[str] = []
    for match in _FILE_NAME.finditer(text):
        if match.group(0) not in seen:
            seen.append(match.group(0))
    return seen


def without_names(text: str) -> str:
    # "3968585_SINF_2023.txt" names a file, not the type SINF nor a year.
    return _FILE_NAME.sub(" ", text)


def read_words(text: str, subject: Subject) -> Reading:  # noqa: PLR0911  # one verdict per way words can fail to be this file's
    """Whose words these are: this file's, another's, this file's under the wrong type or year, or
    several files' at once."""
    names = file_names(text)
    mine = name_key(subject.filename)
    ours = [n for n in names if name_key(n) == mine]
    others = [n for n in names if name_key(n) != mine]
    rest = without_names(text)
    types = types_named(rest)
    years = set(SchoolYear.all_in(rest))
    if others and not ours:
        return Reading("another", instead=", ".join(others))
    if others:
        return Reading("mixed", instead=", ".join(others))
    wrong_type = bool(types) and subject.file_type not in types
    wrong_year = bool(years) and subject.year not in years
    if len(types) > 1 or len(years) > 1:
        # Several types or years in one answer: a list of files, or a page's instructions.
        shown = ", ".join(sorted(t.value for t in types) + sorted(y.short for y in years))
        return Reading("mixed", instead=shown)
    shown_type = next(iter(types), None)
    shown_year = next(iter(years), None)
    if wrong_type or wrong_year:
        instead = " ".join(str(x) for x in (shown_type, shown_year) if x is not None)
        if ours:
            return Reading("misplaced", instead=instead, shown_type=shown_type, shown_year=shown_year)
        return Reading("another", instead=instead)
    sizes = sizes_shown(rest)
    if sizes and not any(size_agrees(value, decimals, power, subject.size) for value, decimals, power in sizes):
        return Reading("another", instead="a file of another size")
    whole = bool(ours) and shown_type == subject.file_type and shown_year == subject.year
    return Reading("this", whole=whole)


# What a row's status says: held (received, submitted, processing, accepted, loaded, pending
# validation: the site has it); not_sent (staged, not yet submitted, draft); rejected (failed,
# rejected, error); unknown (uploading, or words the bot cannot place).
Held = Literal["held", "not_sent", "rejected", "unknown"]

_NOT_SENT = re.compile(
    r"\b(?:staged|not\s+(?:yet\s+)?(?:been\s+)?submitted|drafts?|pending\s+upload|not\s+(?:yet\s+)?received)\b",
    re.IGNORECASE,
)
_REJECTED = re.compile(
    r"\b(?:failed|failure|rejected|errors?|invalid|cancell?ed|withdrawn|deleted|removed)\b", re.IGNORECASE
)
_HELD = re.compile(
    r"\b(?:received|submitted|processing|processed|accepted|loaded|complete|completed|pending(?:\s+validation)?"
    r"|validating|validated|queued|posted|successful|success|uploaded)\b",
    re.IGNORECASE,
)


def row_held(status: str) -> Held:
    """What a row's status words say of the file: a row with no status at all is held (a list of
    submissions lists what the site holds); "Staged - not yet submitted" is not sent, "Rejected" is
    rejected, "Uploading" or words the bot cannot place are unknown."""
    if not status.strip():
        return "held"
    if _NOT_SENT.search(status):
        return "not_sent"
    if _REJECTED.search(status):
        return "rejected"
    if _HELD.search(status) and not re.search(r"\b(?:uploading|in\s+progress)\b", status, re.IGNORECASE):
        return "held"
    return "unknown"


def is_staging_table(title: str, words: SiteWords) -> bool:
    """Whether a table's heading, caption or label says it holds files not yet sent (words.staging_text)."""
    return bool(title.strip()) and any_word(words.staging_text).search(title) is not None
