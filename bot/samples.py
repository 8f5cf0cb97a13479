"""Synthetic files shaped like the real ones, for the examples, the tests and the benchmark.

Every value is made up from a seeded random generator: no real student appears anywhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from bot.filetypes import FIELD_COUNTS, FileType, year_field
from bot.schoolyear import SchoolYear

CAASPP_HEADER = [
    "RecordType",
    "SSID",
    "LocalStudentID",
    "LastName",
    "FirstName",
    "Grade",
    "TestName",
    "ScaleScore",
    "AchievementLevel",
]

_FIRST = ["Ana", "Ben", "Chloe", "Diego", "Eva", "Farid", "Grace", "Hiro", "Isla", "Jon", "Kai", "Lena"]
_LAST = ["Sample", "Testcase", "Example", "Fixture", "Mock", "Dummy", "Placeholder", "Synthetic"]
_SCHOOL = "3968676"  # not a real CDS school code: 39 (San Joaquin) with made-up digits
_DISTRICT = "99999"


def calpads_records(code: str, year: SchoolYear, count: int, *, ods: bool = False, seed: int = 1) -> Iterator[str]:
    rng = random.Random(f"{code}-{year.start}-{seed}")
    width = FIELD_COUNTS[code]
    for _ in range(count):
        fields = [""] * width
        fields[0] = f"{code}-R" if ods else code
        fields[1] = rng.choice(["", "A"])
        fields[2] = "99999" + _SCHOOL  # reporting LEA + school, made up
        fields[3] = _SCHOOL
        fields[year_field(code) - 1] = year.long
        for i in range(4, width):
            if not fields[i]:
                fields[i] = rng.choice(["", str(rng.randint(1, 99)), rng.choice(_FIRST), rng.choice(_LAST)])
        if code != "CRSC":  # course records carry no student
            fields[4] = str(9_000_000_000 + rng.randint(0, 99_999_999))
        if ods:
            fields += ["20240615", "20240620"]
        yield "^".join(fields) + "\r\n"


def write_calpads(
    path: Path, code: str, year: SchoolYear, count: int = 40, *, ods: bool = False, seed: int = 1
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="ascii", newline="") as out:
        out.writelines(calpads_records(code, year, count, ods=ods, seed=seed))
    return path


def write_caaspp(path: Path, year: SchoolYear, count: int = 40, seed: int = 1) -> Path:
    rng = random.Random(f"CAASPP-{year.start}-{seed}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="ascii", newline="") as out:
        out.write("^".join(CAASPP_HEADER) + "\r\n")
        for n in range(count):
            row = [
                "01",
                str(9_000_000_000 + rng.randint(0, 99_999_999)),
                f"L{n:06d}",
                rng.choice(_LAST),
                rng.choice(_FIRST),
                str(rng.randint(3, 11)),
                rng.choice(["ELA", "Math"]),
                str(rng.randint(2100, 2800)),
                str(rng.randint(1, 4)),
            ]
            out.write("^".join(row) + "\r\n")
    return path


def write_legacy(folder: Path, kind: str, year: SchoolYear, count: int = 40, seed: int = 1) -> Path:
    """A legacy Cal-PASS extract named like S99999K.txt (kind S, C or A)."""
    rng = random.Random(f"legacy-{kind}-{year.start}-{seed}")
    path = folder / f"{kind}{_DISTRICT}K.txt"
    code = f"{year.start % 100:02d}{(year.start + 1) % 100:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="ascii", newline="") as out:
        for n in range(count):
            out.write(",".join([_SCHOOL, code, f"L{n:06d}", rng.choice(_LAST), rng.choice(_FIRST)]) + "\r\n")
    return path


def write_example_set(folder: Path, year: SchoolYear) -> dict[FileType, Path]:
    """The nine CALPADS files and a CAASPP file for one year, as the examples ship them."""
    written = {}
    for file_type in FileType:
        if file_type.is_calpads:
            written[file_type] = write_calpads(folder / "extracts" / f"{file_type.value}.txt", file_type.value, year)
    written[FileType.CAASPP] = write_caaspp(folder / "scores" / "caaspp_student_score_data_DLMTR.csv", year)
    return written
