"""Make synthetic files shaped like the real ones, for rehearsals in the sandbox, a CI smoke test
and the benchmark. Installed with the bot, so a district's CI can make its own test files:

    python -m bot.samples --out samples                  # 2018-19: the nine CALPADS files and CAASPP
    python -m bot.samples --year 2023-24 --out rehearsal --records 500
    python -m bot.samples --year 2009-10 --types CALPASS STAR --out legacy
    python examples/generate.py                          # the same, writing the examples/ folder

Every value is made up from a seeded random generator: no real student appears anywhere. It prints
a manifest for what it wrote. The tests do not use it: their files are typed by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.filetypes import FIELD_COUNTS, FileType, year_field
from bot.schoolyear import SchoolYear

# The Student Score Data File as TOMS writes it: a caret-delimited header of several hundred fields,
# starting RecordType^SSID and ending EndofRecord, each record ending ^ZZ. The named fields are the
# ones the bot or a person reads; the rest stand for the many per-test columns, left empty here.
CAASPP_NAMED = [
    "RecordType",
    "SSID",
    "StudentLastName",
    "StudentFirstName",
    "StudentMiddleName",
    "DateofBirth",
    "Gender",
    "LocalStudentID",
    "GradeAssessed",
    "TestName",
    "TestStartDate1",
    "TestCompletedDate1",
    "ScaleScore1",
    "AchievementLevel1",
]
CAASPP_HEADER = [*CAASPP_NAMED, *(f"ReservedField{n}" for n in range(1, 287)), "EndofRecord"]

_FIRST = ["Ana", "Ben", "Chloe", "Diego", "Eva", "Farid", "Grace", "Hiro", "Isla", "Jon", "Kai", "Lena"]
_LAST = ["Sample", "Testcase", "Example", "Fixture", "Mock", "Dummy", "Placeholder", "Synthetic"]
_SCHOOL = "3968676"  # not a real CDS school code: 39 (San Joaquin) with made-up digits
_LEA = "3999999"  # a made-up county-district code, the Reporting LEA
_DISTRICT = "99999"


def calpads_records(code: str, year: SchoolYear, count: int, *, ods: bool = False, seed: int = 1) -> Iterator[str]:
    """Records at the CALPADS File Specification's positions: Record Type 1, Transaction Type 2, Local
    Record ID 3, Reporting LEA 4 and School 5 (SINF: Effective Start and End Dates 4-5, Reporting LEA
    6, School 7), the Academic Year ID at the type's field, and the SSID right after it (CRSC: the
    State Course Code there instead). Every value is made up."""
    rng = random.Random(f"{code}-{year.start}-{seed}")
    width = FIELD_COUNTS[code]
    at_year = year_field(code) - 1
    for n in range(count):
        fields = [""] * width
        fields[0] = f"{code}-R" if ods else code
        fields[1] = rng.choice(["", "A"])
        fields[2] = f"R{n + 1:06d}"
        lea_at = 5 if code == "SINF" else 3
        if code == "SINF":
            fields[3] = f"{year.start}0815"
        fields[lea_at], fields[lea_at + 1] = _LEA, _SCHOOL
        fields[at_year] = year.long
        fields[at_year + 1] = (
            str(rng.randint(1000, 9999)) if code == "CRSC" else str(9_000_000_000 + rng.randint(0, 99_999_999))
        )
        for i in range(at_year + 2, width):
            fields[i] = rng.choice(["", str(rng.randint(1, 99)), rng.choice(_FIRST), rng.choice(_LAST)])
        if ods:
            fields += [f"{year.start + 1}0615", f"{year.start + 1}0620"]
        yield "^".join(fields) + "\r\n"


def write_calpads(  # noqa: PLR0913  # a record's shape: path, type, year, count, ODS and seed
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
        spring = year.start + 1
        for n in range(count):
            day = rng.randint(10, 28)
            row = [
                "01",
                str(9_000_000_000 + rng.randint(0, 99_999_999)),
                rng.choice(_LAST),
                rng.choice(_FIRST),
                "",
                f"{spring - rng.randint(8, 17)}0{rng.randint(1, 9)}15",
                rng.choice(["F", "M"]),
                f"L{n:06d}",
                f"{rng.randint(3, 11):02d}",
                rng.choice(["ELA", "Math"]),
                f"{spring}04{day}",
                f"{spring}04{day + 1:02d}" if day < 28 else f"{spring}0430",
                str(rng.randint(2100, 2800)),
                str(rng.randint(1, 4)),
            ]
            row += [""] * (len(CAASPP_HEADER) - len(row) - 1) + ["ZZ"]
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


def write_type(folder: Path, file_type: FileType, year: SchoolYear, count: int) -> Path:
    """One file of a type, laid out as the examples are."""
    if file_type.is_calpads:
        return write_calpads(folder / "extracts" / f"{file_type.value}.txt", file_type.value, year, count)
    if file_type is FileType.CAASPP:
        return write_caaspp(folder / "scores" / "caaspp_student_score_data_DLMTR.csv", year, count)
    if file_type is FileType.CALPASS:
        return write_legacy(folder / "legacy", "S", year, count)
    # No layout is known for CAHSEE or STAR: a text file the sandbox accepts, named as vendors do.
    path = folder / "scores" / f"{file_type.value.lower()}_results.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{file_type.value}-{year.start}")
    rows = (f"{9_000_000_000 + rng.randint(0, 99_999_999)},{rng.randint(300, 450)}\r\n" for _ in range(count))
    path.write_text("".join(rows), encoding="ascii", newline="")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.samples", description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", default="2018-19", help="the school year, as 2023-24 (default 2018-19)")
    parser.add_argument("--out", type=Path, default=Path("samples"), help="folder to write (default samples/)")
    parser.add_argument(
        "--types",
        nargs="+",
        choices=[t.value for t in FileType],
        default=[t.value for t in FileType if t.is_calpads] + ["CAASPP"],
        help="file types to write (default: the nine CALPADS files and CAASPP)",
    )
    parser.add_argument("--records", type=int, default=40, help="records per file (default 40)")
    args = parser.parse_args(argv)
    year = SchoolYear.parse(args.year)
    lines = [f"school_year: {year.short}", "files:"]
    for code in args.types:
        path = write_type(args.out, FileType(code), year, args.records)
        lines += [f"  - type: {code}", f"    path: {path.relative_to(args.out).as_posix()}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
