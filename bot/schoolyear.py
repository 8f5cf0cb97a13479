"""School years as the manifest writes them (2023-24 or 2023-2024) and as sites show them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Dashes a site may print between the two years: hyphen, en dash, em dash, slash.
_SEPARATORS = "-\u2013\u2014/"
_YEAR_RE = re.compile(rf"(?<!\d)(\d{{4}})\s*[{_SEPARATORS}]\s*(\d{{4}}|\d{{2}})(?!\d)")
_STRICT_RE = re.compile(r"^\s*(\d{4})-(\d{4}|\d{2})\s*$")


class SchoolYearError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class SchoolYear:
    """An academic year, named by the calendar year it starts in."""

    start: int

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """Read 2023-24 or 2023-2024; the two years must be consecutive."""
        match = _STRICT_RE.match(text)
        if not match:
            raise SchoolYearError(f'"{text}" is not a school year; write it as 2023-24 or 2023-2024')
        year = cls._from_parts(match.group(1), match.group(2))
        if year is None:
            raise SchoolYearError(f'"{text}" is not a school year: the two years must be consecutive, as in 2023-24')
        return year

    @classmethod
    def find_in(cls, text: str) -> SchoolYear | None:
        """The first school year written in any of the forms sites use (2023-24, 2023–2024, 2023/24)."""
        for match in _YEAR_RE.finditer(text):
            year = cls._from_parts(match.group(1), match.group(2))
            if year is not None:
                return year
        return None

    @classmethod
    def all_in(cls, text: str) -> list[SchoolYear]:
        """Every school year written in the text, in the forms find_in knows."""
        found = (cls._from_parts(m.group(1), m.group(2)) for m in _YEAR_RE.finditer(text))
        return [year for year in found if year is not None]

    @classmethod
    def _from_parts(cls, first: str, second: str) -> SchoolYear | None:
        start = int(first)
        end = int(second) if len(second) == 4 else (start + 1) // 100 * 100 + int(second)
        return cls(start) if end == start + 1 else None

    @property
    def short(self) -> str:
        return f"{self.start}-{(self.start + 1) % 100:02d}"

    @property
    def long(self) -> str:
        """The form CALPADS uses for its Academic Year ID."""
        return f"{self.start}-{self.start + 1}"

    def __str__(self) -> str:
        return self.short
