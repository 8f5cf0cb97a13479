"""Matching the site's words, option lists and messages. Pure functions: no browser here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.filetypes import FileType
from bot.schoolyear import SchoolYear


def _flexible(word: str) -> str:
    return r"\s+".join(re.escape(part) for part in word.split())


def whole_name(words: Sequence[str]) -> re.Pattern[str]:
    """A control's whole name is one of the words, ignoring case, spacing and a trailing ':' or '*'.

    Whole, not a substring, so that "Upload" never matches the "Upload Data" button.
    """
    alternatives = "|".join(_flexible(w) for w in words)
    return re.compile(rf"^\s*(?:{alternatives})\s*[:*]?\s*\*?\s*$", re.IGNORECASE)


def any_word(words: Sequence[str]) -> re.Pattern[str]:
    """One of the words appears in a text, as a word or phrase of its own."""
    alternatives = "|".join(_flexible(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Option:
    value: str
    text: str


_SEPARATOR = r"\s*(?:[-\u2013\u2014:|(]|\s)"


def pick_file_type(options: Sequence[Option], file_type: FileType, aliases: Sequence[str] = ()) -> Option | None:
    """The option for a file type, by the first rule that finds one:
    value or text equal to the code (or an alias); text starting with it and a separator, as in
    "SENR - Student Enrollment"; text naming it as a word of its own in exactly one option, as in
    "Student Enrollment (SENR)"."""
    names = [file_type.value, *aliases]
    for name in names:
        for option in options:
            if name.casefold() in (option.value.strip().casefold(), option.text.strip().casefold()):
                return option
    for name in names:
        starts = re.compile(rf"^\s*{_flexible(name)}{_SEPARATOR}", re.IGNORECASE)
        for option in options:
            if starts.match(option.text) and not _is_ods_variant_of(option.text, name):
                return option
    for name in names:
        word = re.compile(rf"(?<![\w-]){_flexible(name)}(?![\w-])", re.IGNORECASE)
        having = [option for option in options if word.search(option.text)]
        if len(having) == 1:
            return having[0]
    return None


def _is_ods_variant_of(text: str, name: str) -> bool:
    # "SENR-R" is the ODS record type, a different code from "SENR": never pick it by prefix.
    return re.match(rf"^\s*{re.escape(name)}-R\b", text, re.IGNORECASE) is not None


def pick_school_year(options: Sequence[Option], year: SchoolYear) -> Option | None:
    """The option for a school year written as 2023-24, 2023-2024, 2023–2024 or 2023/24."""
    for option in options:
        if SchoolYear.find_in(option.text) == year or SchoolYear.find_in(option.value) == year:
            return option
    return None
