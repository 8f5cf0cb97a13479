"""Matching the site's words, option lists and messages. Pure functions: no browser here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.filetypes import NAMES, FileType
from bot.schoolyear import SchoolYear


def _flexible(word: str) -> str:
    return r"\s+".join(re.escape(part) for part in word.split())


def whole_name(words: Sequence[str]) -> re.Pattern[str]:
    """A control's whole name is one of the words, ignoring case, spacing, a leading '+' (as in
    "+ Add a file") and a trailing ':' or '*'.

    Whole, not a substring, so that "Upload" never matches the "Upload Data" button.
    """
    alternatives = "|".join(_flexible(w) for w in words)
    return re.compile(rf"^\s*\+?\s*(?:{alternatives})\s*[:*]?\s*\*?\s*$", re.IGNORECASE)


def any_word(words: Sequence[str]) -> re.Pattern[str]:
    """One of the words appears in a text, as a word or phrase of its own."""
    alternatives = "|".join(_flexible(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Option:
    value: str
    text: str


_SEPARATOR = r"\s*(?:[-\u2013\u2014:|]|\s)\s*\S"


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", text.casefold()).replace("-", " ").split())


def names_type(option: Option, file_type: FileType, aliases: Sequence[str] = ()) -> bool:
    """Whether an option means this file type, unambiguously: its value or text is the code (or an
    alias); its text starts with the code and a separator ("SENR - Student Enrollment"); it ends
    with the code in parentheses ("Student Enrollment (SENR)"); or, those decorations aside, it is
    one of the type's official names ("Student Enrollment"). An option that mentions the code in
    passing ("CAASPP (replaces STAR)") does not name it."""
    text, value = option.text.strip(), option.value.strip()
    for code in (file_type.value, *aliases):
        if code.casefold() in (text.casefold(), value.casefold()):
            return True
        if re.match(rf"^{_flexible(code)}{_SEPARATOR}", text, re.IGNORECASE) and not _is_ods_variant_of(text, code):
            return True
        if re.search(rf"\(\s*{_flexible(code)}\s*\)\s*$", text, re.IGNORECASE):
            return True
        # "CALPADS SENR", "Test Results - CAASPP": the code last, after a word or a separator.
        if re.search(rf"(?:^|[\s:|/\u2013\u2014-]){_flexible(code)}\s*$", text, re.IGNORECASE) and not _negated(text):
            return True
    bare = re.sub(rf"^\s*{re.escape(file_type.value)}\s*[-\u2013\u2014:|]\s*", "", text, flags=re.IGNORECASE)
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", bare)
    # "CALPADS Student Enrollment", "Student Information Data File": the system's name before, a
    # generic word after, take nothing from the name itself.
    bare = re.sub(r"^calpads\s+", "", _plain(bare))
    plain = re.sub(r"(?:\s+(?:data|file|files|record|records|extract|upload|submission))+$", "", bare)
    names = {_plain(name) for name in NAMES[file_type]} | _SHORT_NAMES[file_type]
    return bare in names or plain in names


def _short_names() -> dict[FileType, set[str]]:
    """Each type's official names without their leading "Student" ("Enrollment", "Discipline"), kept
    only where no other type is called so: "Course Section Completion" names CRSC, never SCSC."""
    full = {t: {_plain(n) for n in NAMES[t]} for t in FileType}
    short = {t: {n.removeprefix("student ") for n in names if n.startswith("student ")} for t, names in full.items()}
    return {
        t: {n for n in mine if all(n not in full[o] and n not in short[o] for o in FileType if o != t)}
        for t, mine in short.items()
    }


_SHORT_NAMES = _short_names()


def _negated(text: str) -> bool:
    """An option that names a type only to say it is not that type, or was replaced by it."""
    return (
        re.search(r"\b(?:not|no|non|replaces|replaced|formerly|instead\s+of|except)\b", text, re.IGNORECASE) is not None
    )


def options_for_type(options: Sequence[Option], file_type: FileType, aliases: Sequence[str] = ()) -> list[Option]:
    """Every option that names the type: one is a match, none or several is no choice to make."""
    return [o for o in options if names_type(o, file_type, aliases)]


def pick_file_type(options: Sequence[Option], file_type: FileType, aliases: Sequence[str] = ()) -> Option | None:
    """The one option naming the type, or None when none does or several do."""
    found = options_for_type(options, file_type, aliases)
    return found[0] if len(found) == 1 else None


def _is_ods_variant_of(text: str, name: str) -> bool:
    # "SENR-R" is the ODS record type, a different code from "SENR": never pick it by prefix.
    return re.match(rf"^\s*{re.escape(name)}-R\b", text, re.IGNORECASE) is not None


# Two consecutive two-digit years (23-24, SY23-24), never part of a date (10-23-24) or a longer number.
_SHORT_YEAR = re.compile(r"(?<![\d/.\u2013-])(?:SY\s*)?(\d{2})\s*[-/\u2013]\s*(\d{2})(?![\d/.\u2013-])", re.IGNORECASE)


def year_in_option(text: str) -> SchoolYear | None:
    """The school year an option of a list names: any form find_in knows, or in a list of years, 23-24."""
    found = SchoolYear.find_in(text)
    if found is not None:
        return found
    short = [m for m in _SHORT_YEAR.finditer(text) if int(m.group(2)) == (int(m.group(1)) + 1) % 100]
    if len(short) != 1:
        return None
    start = int(short[0].group(1))
    return SchoolYear(start + (2000 if start < 70 else 1900))


def options_for_year(options: Sequence[Option], year: SchoolYear) -> list[Option]:
    """Every option for a school year written as 2023-24, 2023-2024, 2023–2024, 2023/24, or in a list
    of years, 23-24 (SY23-24)."""
    return [o for o in options if year in (year_in_option(o.text), year_in_option(o.value))]
