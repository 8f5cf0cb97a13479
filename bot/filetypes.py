"""The kinds of file a district sends, and what the seed says about each."""

from __future__ import annotations

from enum import Enum


class FileType(str, Enum):
    SENR = "SENR"
    SINF = "SINF"
    SPRG = "SPRG"
    SELA = "SELA"
    CRSC = "CRSC"
    SCSC = "SCSC"
    SCTE = "SCTE"
    SDIS = "SDIS"
    STAS = "STAS"
    CAHSEE = "CAHSEE"
    STAR = "STAR"
    CAASPP = "CAASPP"
    CALPASS = "CALPASS"

    @property
    def is_calpads(self) -> bool:
        return self in CALPADS_TYPES

    @property
    def description(self) -> str:
        return TITLES[self]

    def __str__(self) -> str:
        return self.value


CALPADS_TYPES = frozenset(
    {
        FileType.SENR,
        FileType.SINF,
        FileType.SPRG,
        FileType.SELA,
        FileType.CRSC,
        FileType.SCSC,
        FileType.SCTE,
        FileType.SDIS,
        FileType.STAS,
    }
)

TITLES: dict[FileType, str] = {
    FileType.SENR: "Student Enrollment",
    FileType.SINF: "Student Information",
    FileType.SPRG: "Student Programs",
    FileType.SELA: "Student English Language Acquisition",
    FileType.CRSC: "Course Completion",
    FileType.SCSC: "Student Course Completion",
    FileType.SCTE: "Student CTE",
    FileType.SDIS: "Student Discipline",
    FileType.STAS: "Student Absence Summary",
    FileType.CAHSEE: "California High School Exit Exam",
    FileType.STAR: "STAR test results",
    FileType.CAASPP: "CAASPP Student Score Data File",
    FileType.CALPASS: "Legacy Cal-PASS extract",
}

ALL_CODES = [t.value for t in FileType]

# Rough current field counts, from the CALPADS File Specification. They change between versions
# (SENR had 39 fields in 2019, 35 now), so they only ever warn.
FIELD_COUNTS: dict[str, int] = {
    "SENR": 35,
    "SINF": 42,
    "SPRG": 26,
    "SELA": 16,
    "CRSC": 27,
    "SCSC": 20,
    "SCTE": 14,
    "SDIS": 23,
    "STAS": 21,
}
_YEAR_FIELD = {"SENR": 7, "SINF": 8}


def year_field(code: str) -> int:
    """The 1-based position of the Academic Year ID in a CALPADS record of this type."""
    return _YEAR_FIELD.get(code, 6)
