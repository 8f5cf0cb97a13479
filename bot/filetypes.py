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

# The names a site may show instead of the code: the CALPADS File Specification's and the test
# vendors' official names first, then the short forms in common use.
NAMES: dict[FileType, tuple[str, ...]] = {
    FileType.SENR: ("Student Enrollment",),
    FileType.SINF: ("Student Information", "Student Demographics"),
    FileType.SPRG: ("Student Program", "Student Programs"),
    FileType.SELA: ("Student English Language Acquisition", "English Language Acquisition"),
    FileType.CRSC: ("Course Section Completion", "Course Completion"),
    FileType.SCSC: ("Student Course Section Completion", "Student Course Completion"),
    FileType.SCTE: ("Student Career Technical Education", "Student CTE"),
    FileType.SDIS: ("Student Discipline",),
    FileType.STAS: ("Student Absence Summary",),
    FileType.CAHSEE: ("California High School Exit Examination", "California High School Exit Exam"),
    FileType.STAR: ("Standardized Testing and Reporting",),
    FileType.CAASPP: (
        "CAASPP Student Score Data File",
        "Student Score Data File",
        "Smarter Balanced",
        "California Assessment of Student Performance and Progress",
    ),
    FileType.CALPASS: ("Cal-PASS Extract", "Legacy Cal-PASS Extract", "Cal-PASS Legacy Extract"),
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
