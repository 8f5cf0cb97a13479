"""Recognising files from their first records: the exact words a coordinator reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import HEAD_BYTES, read_head, recognise
from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear
from tests.records import CAASPP, FIELDS, LEGACY_STUDENTS, RECORDS, YEAR_FIELD, calpads, write

YEAR = SchoolYear(2018)


def plan(path: Path, file_type: FileType, year: SchoolYear = YEAR, source: str | None = None) -> PlannedFile:
    return PlannedFile(1, file_type, path, path.name, year, source)  # type: ignore[arg-type]


def check(path: Path, file_type: FileType, **kwargs: object) -> tuple[str, list[tuple[str, str]], list[str]]:
    head, whole = read_head(path)
    found = recognise(plan(path, file_type, **kwargs), head, whole)  # type: ignore[arg-type]
    return found.recognised, found.problems, found.warnings


@pytest.mark.parametrize("code", list(RECORDS))
def test_the_hand_typed_records_follow_the_specification(code: str) -> None:
    fields = RECORDS[code].split("^")
    assert fields[0] == code and fields[1] == ""
    assert len(fields) == FIELDS[code]
    assert fields[YEAR_FIELD[code] - 1] == "2018-2019"


@pytest.mark.parametrize("code", list(RECORDS))
def test_each_calpads_type_is_recognised_with_its_year(tmp_path: Path, code: str) -> None:
    path = write(tmp_path / f"{code}.txt", calpads(code, copies=3))
    recognised, problems, warnings = check(path, FileType(code))
    assert recognised == f"CALPADS {code} submission file, '^' {FIELDS[code]} fields, 2018-2019"
    assert problems == [] and warnings == []


@pytest.mark.parametrize("code", list(RECORDS))
def test_each_calpads_type_is_checked_against_the_manifests_year(tmp_path: Path, code: str) -> None:
    path = write(tmp_path / f"{code}.txt", calpads(code, year="2017-2018"))
    _, problems, _ = check(path, FileType(code))
    assert problems == [("school_year", "the file's Academic Year ID is 2017-2018, but the manifest says 2018-19")]


def test_comma_delimited_calpads_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "SPRG.csv", calpads("SPRG", copies=3, sep=","))
    recognised, problems, _ = check(path, FileType.SPRG)
    assert recognised.startswith("CALPADS SPRG submission file, ','") and problems == []


def test_declared_type_must_match_the_records(tmp_path: Path) -> None:
    _, problems, _ = check(write(tmp_path / "x.txt", calpads("SINF")), FileType.SENR)
    assert problems == [("type", "declared SENR but the file holds SINF records")]


def test_an_ods_extract_is_inferred_and_checked_against_source(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", calpads("SELA", ods=True))
    recognised, problems, warnings = check(path, FileType.SELA)
    assert recognised.startswith("CALPADS SELA ODS extract") and problems == [] and warnings == []
    _, problems, _ = check(path, FileType.SELA, source="submission")
    assert problems == [("source", "source is submission, but the records are SELA-R, an ODS extract; set source: ods")]
    _, problems, _ = check(write(tmp_path / "y.txt", calpads("SELA")), FileType.SELA, source="ods")
    assert problems == [("source", "source is ods, but the records are SELA, not SELA-R; remove source")]


def test_a_field_count_far_off_is_only_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("STAS^^a^b^c^2018-2019^" + "^".join(["x"] * 60) + "\r\n")
    _, problems, warnings = check(path, FileType.STAS)
    assert problems == []
    assert warnings == ["66 fields where current STAS records have about 21"]


def test_mixed_record_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(calpads("SENR", copies=2) + calpads("SINF"))
    _, problems, _ = check(path, FileType.SENR)
    assert problems == [("path", "the file mixes SENR records with SINF records")]


def test_only_the_head_of_a_large_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", calpads("SCSC", copies=1000))
    assert path.stat().st_size > HEAD_BYTES
    head, whole = read_head(path)
    assert len(head) == HEAD_BYTES and not whole
    assert check(path, FileType.SCSC)[1] == []


@pytest.mark.parametrize(
    ("text", "recognised"),
    [
        ("RecordType^SSID^Name\r\n01^9000000001^A\r\n", "CAASPP score file, '^' with header, 3 fields"),
        (
            "RecordType^Statewide_Student_Identifier(SSID)^X\r\n01^1^2\r\n",
            "CAASPP score file, '^' with header, 3 fields",
        ),
        ("01  9000000001  ABC      ZZ\r\n01  9000000002  DEF      ZZ\r\n", "CAASPP score file, fixed width 27"),
    ],
)
def test_caaspp_layouts(tmp_path: Path, text: str, recognised: str) -> None:
    path = tmp_path / "caaspp.dat"
    path.write_text(text)
    assert check(path, FileType.CAASPP)[:2] == (recognised, [])


def test_a_file_that_is_no_caaspp_layout(tmp_path: Path) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("SSID,Score\r\n1,2\r\n")
    assert check(path, FileType.CAASPP)[1] == [
        (
            "type",
            "not a CAASPP Student Score Data File: expected a header starting RecordType^ "
            "or fixed-width records running from a two-digit record type to ZZ",
        )
    ]


def test_the_caaspp_file_as_vendors_send_it(tmp_path: Path) -> None:
    path = write(tmp_path / "99999_CAASPP_Student_Score_Data_File_DLMTR.csv", CAASPP)
    assert check(path, FileType.CAASPP)[:2] == ("CAASPP score file, '^' with header, 9 fields", [])


def test_the_legacy_extract_name_and_year(tmp_path: Path) -> None:
    path = write(tmp_path / "S99999K.txt", LEGACY_STUDENTS)
    assert check(path, FileType.CALPASS, year=SchoolYear(2007))[:2] == ("Cal-PASS student extract, 5 columns", [])
    assert check(path, FileType.CALPASS, year=SchoolYear(2008))[1] == [
        ("school_year", "the extract's school year is 0708, but the manifest says 2008-09 (0809)")
    ]
    renamed = path.rename(tmp_path / "students.txt")
    assert check(renamed, FileType.CALPASS, year=SchoolYear(2007))[1][0][0] == "path"


def test_binary_and_blank_files(tmp_path: Path) -> None:
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00")
    assert check(binary, FileType.STAR)[1] == [
        ("path", "a zip or .xlsx spreadsheet: unzip it, or send the caret (^) or comma text export")
    ]
    other = tmp_path / "c.txt"
    other.write_bytes(b"\x01\x02\x00\x00")
    assert check(other, FileType.STAR)[1] == [
        ("path", "the file is binary, not text; send the text export, not a zip or spreadsheet")
    ]
    blank = tmp_path / "b.txt"
    blank.write_text("\r\n\r\n")
    assert check(blank, FileType.CAHSEE)[1] == [("path", "the file holds no records, only blank lines")]


def test_star_and_cahsee_need_only_text(tmp_path: Path) -> None:
    path = tmp_path / "star.txt"
    path.write_text("anything at all\r\n")
    assert check(path, FileType.STAR)[:2] == ("text, 1 records", [])


def test_windows_1252_text_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "SINF.txt"
    write(path, calpads("SINF").replace("Ana", "Mar\xeda"))
    assert check(path, FileType.SINF)[1] == []
