"""Files as districts really have them (issue 28), typed from the CALPADS File Specification's field
lists (tests/records.py) and TOMS' published layout: several years in one file, what Windows tools
add, TOMS names, vendor names, and the files that are almost right. Never made by the bot's own
sample generator."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content import read_head, recognise
from bot.filetypes import FileType
from bot.init import Placed, Unplaced, manifest_text, place, take_inventory
from bot.manifest import PlannedFile, load_manifest
from bot.preflight import preflight
from bot.schoolyear import SchoolYear
from tests.records import RECORDS, calpads, write

Y2324 = SchoolYear.parse("2023-24")

# A TOMS Student Score Data File header and one record, as TOMS writes them: caret-delimited, the
# record type first, every record ending ^ZZ (cut here to its first fields and its end).
TOMS_HEADER = (
    "RecordType^SSID^StudentLastName^StudentFirstName^StudentMiddleName^DateofBirth^Gender^"
    "GradeAssessed^TestStartDate1^TestCompletedDate1^ScaleScore1^AchievementLevel1^EndofRecord"
)
TOMS_RECORD = "01^9000000001^Sample^Ana^^20090115^F^08^20240415^20240422^2590^3^ZZ"
TOMS_NAME = "39685850000000_CAASPP_Student_Score_Data_File_TestedStudentScoreData_2024_DLMTR.csv"


def check(path: Path, file_type: FileType, year: str = "2023-24") -> tuple[str, list[tuple[str, str]]]:
    head, whole = read_head(path)
    planned = PlannedFile(1, file_type, path, path.name, SchoolYear.parse(year), None)
    found = recognise(planned, head, whole)
    return found.recognised, found.problems


def fall_senr(tmp_path: Path, *, exits_first: bool) -> Path:
    """A 2023-24 Fall 1 SENR: this year's enrollments, and last year's exits under 2022-2023."""
    current = calpads("SENR", year="2023-2024", copies=9)
    exits = calpads("SENR", year="2022-2023", copies=2)
    return write(tmp_path / "SENR.txt", exits + current if exits_first else current + exits)


@pytest.mark.parametrize("exits_first", [True, False])
def test_a_fall_senr_belongs_to_its_latest_year_whatever_the_order(tmp_path: Path, exits_first: bool) -> None:
    path = fall_senr(tmp_path, exits_first=exits_first)
    recognised, problems = check(path, FileType.SENR, "2023-24")
    assert problems == []
    assert "2022-23 to 2023-24, 81% 2023-24" in recognised
    _, problems = check(path, FileType.SENR, "2022-23")
    assert problems == [
        (
            "school_year",
            "the file holds the years 2022-23 to 2023-24, 81% 2023-24: it belongs to its latest year, 2023-24, "
            "but the manifest says 2022-23",
        )
    ]
    placed = place(path)
    assert isinstance(placed, Placed) and placed.year == Y2324 and "placed under its latest" in placed.how


def test_a_ten_year_ods_download_is_placed_under_its_latest_year(tmp_path: Path) -> None:
    text = "".join(calpads("SENR", year=f"{y}-{y + 1}", ods=True) for y in range(2014, 2024))
    placed = place(write(tmp_path / "SSID_Enrollment_ODS.txt", text))
    assert isinstance(placed, Placed) and (placed.year, placed.source) == (Y2324, "ods")
    assert "2014-15 to 2023-24" in placed.how


def test_a_folder_named_for_another_year_than_the_content_is_not_placed(tmp_path: Path) -> None:
    path = write(tmp_path / "2022-23" / "SENR.txt", calpads("SENR", year="2023-2024"))
    result = place(path, tmp_path)
    assert isinstance(result, Unplaced)
    assert result.why == "its content says 2023-24 but its folder's name says 2022-23"


def test_a_utf8_byte_order_mark_is_read_past_and_the_file_sent_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "SENR.txt"
    path.write_bytes(b"\xef\xbb\xbf" + calpads("SENR", year="2023-2024", copies=3).encode("cp1252"))
    recognised, problems = check(path, FileType.SENR)
    assert problems == [] and recognised.startswith("CALPADS SENR submission file")
    assert isinstance(place(path), Placed)


def test_utf16_from_powershell_is_refused_naming_utf16_and_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "SENR.txt"
    path.write_bytes(calpads("SENR", year="2023-2024").encode("utf-16"))
    _, problems = check(path, FileType.SENR)
    assert problems[0][0] == "path" and "UTF-16" in problems[0][1] and "ANSI or UTF-8" in problems[0][1]


def test_a_dos_end_of_file_mark_after_the_last_record_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path / "SELA.txt", calpads("SELA", year="2023-2024", copies=3) + "\x1a")
    assert check(path, FileType.SELA)[1] == []
    assert isinstance(place(path), Placed)


def test_init_writes_a_manifest_the_bot_loads_whatever_bytes_a_first_record_holds(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    for byte in range(256):
        record = RECORDS["SPRG"].replace("2018-2019", "2023-2024").replace("SPRG^^", f"SPRG^{chr(byte)}^", 1)
        (folder / f"f{byte:03d}").mkdir(parents=True)
        (folder / f"f{byte:03d}" / "SPRG.txt").write_bytes(record.encode("latin-1") + b"\r\n" + bytes([byte]))
    inventory = take_inventory(folder)
    manifest = folder / "manifest.yaml"
    manifest.write_text(manifest_text(inventory, manifest), encoding="utf-8")
    yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert not load_manifest(manifest).problems


def test_a_toms_file_takes_its_year_from_the_spring_year_in_its_name(tmp_path: Path) -> None:
    # Records cut to fields that carry no test date: the name's spring year (_2024_) is the evidence.
    undated = "RecordType^SSID^StudentLastName^ScaleScore1^EndofRecord\r\n01^9000000001^Sample^2590^ZZ\r\n"
    path = write(tmp_path / TOMS_NAME, undated)
    placed = place(path, tmp_path, stated=SchoolYear.parse("2024-25"))
    assert isinstance(placed, Placed) and placed.year == Y2324, "--school-year never overrides the name's year"
    # With test dates, the content states its year too: a --school-year that disagrees places nothing.
    dated = write(tmp_path / "dated" / TOMS_NAME, f"{TOMS_HEADER}\r\n{TOMS_RECORD}\r\n")
    refused = place(dated, tmp_path, stated=SchoolYear.parse("2024-25"))
    assert isinstance(refused, Unplaced) and refused.why == "its content says 2023-24 but --school-year says 2024-25"


def test_the_csv_and_dat_of_one_result_set_are_placed_once(tmp_path: Path) -> None:
    write(tmp_path / TOMS_NAME, f"{TOMS_HEADER}\r\n{TOMS_RECORD}\r\n")
    width = "01" + "9000000001SampleAna     20240415" + " " * 20 + "ZZ"
    write(tmp_path / TOMS_NAME.replace("_DLMTR.csv", ".dat"), f"{width}\r\n{width}\r\n")
    inventory = take_inventory(tmp_path)
    assert len(inventory.placed) == 1
    (unplaced,) = inventory.unplaced
    assert "the same results as" in unplaced.why


def test_test_vendor_files_are_checked_by_content_and_known_by_their_vendor_names(tmp_path: Path) -> None:
    caaspp = write(tmp_path / "scores.csv", f"{TOMS_HEADER}\r\n{TOMS_RECORD}\r\n")
    assert check(caaspp, FileType.STAR, "2012-13")[1][0][1].startswith("declared STAR, but the file is CAASPP")
    sprg = write(tmp_path / "star.txt", calpads("SPRG", year="2012-2013"))
    assert check(sprg, FileType.STAR, "2012-13")[1][0][1].startswith("declared STAR, but the file is SPRG")
    cahsee = place(write(tmp_path / "CAHSEEResults2014.txt", "9000000001,380,385\r\n"))
    star = place(write(tmp_path / "CST_Student_Results_2013.dat", "9000000001 350 3\r\n"))
    assert isinstance(cahsee, Placed) and (cahsee.type, cahsee.year) == (FileType.CAHSEE, SchoolYear.parse("2013-14"))
    assert isinstance(star, Placed) and (star.type, star.year) == (FileType.STAR, SchoolYear.parse("2012-13"))


def test_several_files_of_one_type_and_year_get_one_line_naming_them_all(tmp_path: Path) -> None:
    for number, name in enumerate(("a.txt", "b.txt", "c.txt"), start=1):
        write(tmp_path / name, calpads("SENR", year="2023-2024").replace("R0001", f"R000{number}"))
    manifest = tmp_path / "m.yaml"
    entries = "".join(f"  - {{type: SENR, path: {name}}}\n" for name in ("a.txt", "b.txt", "c.txt"))
    manifest.write_text(f"school_year: 2023-24\nfiles:\n{entries}")
    lines = [line for line in preflight(load_manifest(manifest)).missing if "SENR files" in line]
    assert lines == [
        "2023-24: 3 SENR files listed (a.txt, b.txt, c.txt); send one a type and year, or check with the site "
        "that it takes several"
    ]


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ('"SENR","","R0001","3968676"\r\n', "export again without text qualifiers"),
        (
            "RecordTypeCode^TransactionTypeCode^LocalRecordID\r\n" + calpads("SENR", year="2023-2024"),
            "header row of column names: remove it",
        ),
        ('<?xml version="1.0"?><CALPADS><SENR/></CALPADS>\r\n', "send the caret (^) or comma text export"),
        (calpads("SENR", year="2023-2024", sep="\t"), "tab-delimited"),
        (
            "SINC^^R0001^3968676^3968676^2023-2024^INC01^20240110\r\n",
            "SINC is a CALPADS file that Cal-PASS Plus does not list",
        ),
    ],
)
def test_files_that_are_almost_right_say_what_to_change(tmp_path: Path, text: str, advice: str) -> None:
    path = write(tmp_path / "SENR.txt", text)
    result = place(path)
    assert isinstance(result, Unplaced) and advice in result.why
    _, problems = check(path, FileType.SENR)
    assert len(problems) == 1 and advice in problems[0][1]


def test_a_caaspp_files_test_dates_give_its_year_and_refuse_another(tmp_path: Path) -> None:
    # Tested 15-22 April 2024: the 2023-24 school year, whatever the file is called.
    path = write(tmp_path / "scores.csv", f"{TOMS_HEADER}\r\n{TOMS_RECORD}\r\n")
    placed = place(path)
    assert isinstance(placed, Placed) and placed.year == Y2324 and "test dates in 2023-24" in placed.how
    assert check(path, FileType.CAASPP, "2023-24")[1] == []
    assert check(path, FileType.CAASPP, "2024-25")[1] == [
        ("school_year", "the file's test dates fall in 2023-24, but the manifest says 2024-25")
    ]
    renamed = path.rename(tmp_path / TOMS_NAME.replace("_2024_", "_2023_"))
    result = place(renamed)
    assert isinstance(result, Unplaced) and "its name says 2022-23" in result.why


def test_a_manifest_listing_both_forms_of_one_result_set_is_refused_naming_the_key(
    tmp_path: Path,
) -> None:
    write(tmp_path / TOMS_NAME, f"{TOMS_HEADER}\r\n{TOMS_RECORD}\r\n")
    write(
        tmp_path / TOMS_NAME.replace("Tested", "Enrolled"),
        f"{TOMS_HEADER}\r\n{TOMS_RECORD.replace('2590', '2591')}\r\n",
    )
    manifest = tmp_path / "m.yaml"
    enrolled = TOMS_NAME.replace("Tested", "Enrolled")
    entries = f"  - {{type: CAASPP, path: {TOMS_NAME}}}\n  - {{type: CAASPP, path: {enrolled}}}\n"
    manifest.write_text(f"school_year: 2023-24\nfiles:\n{entries}")
    (problem,) = preflight(load_manifest(manifest)).problems
    assert "the same CAASPP results as file 1" in problem and "same_results: true" in problem
    manifest.write_text(manifest.read_text().rstrip("}\n") + ", same_results: true}\n")
    assert preflight(load_manifest(manifest)).problems == []


def test_a_district_folder_is_placed_as_a_coordinator_would_and_its_manifest_passes(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    year = "2023-2024"
    write(
        folder / "2023-24" / "SENR_Fall1.txt",
        calpads("SENR", year="2022-2023", copies=2) + calpads("SENR", year=year, copies=5),
    )
    write(
        folder / "ods" / "SSID_Enrollment.txt",
        "".join(calpads("SENR", year=f"{y}-{y + 1}", ods=True) for y in range(2014, 2024)),
    )
    (folder / "2023-24" / "SINF.txt").write_bytes(
        b"\xef\xbb\xbf" + calpads("SINF", year=year, copies=3).encode("cp1252")
    )
    write(folder / "2023-24" / "SELA.txt", calpads("SELA", year=year, copies=3) + "\x1a")
    (folder / "2023-24" / "SPRG.txt").write_bytes(calpads("SPRG", year=year).encode("utf-16"))
    write(folder / "toms" / TOMS_NAME, f"{TOMS_HEADER}\r\n{TOMS_RECORD}\r\n")
    write(folder / "toms" / TOMS_NAME.replace("_DLMTR.csv", ".dat"), "01" + " " * 40 + "ZZ\r\n")
    write(folder / "old" / "CAHSEEResults2014.txt", "9000000001,380,385\r\n")
    write(folder / "old" / "CST_Student_Results_2013.dat", "9000000001 350 3\r\n")
    write(folder / "2023-24" / "SINC.txt", "SINC^^R0001^3968676^3968676^2023-2024^INC01^20240110\r\n")
    inventory = take_inventory(folder)
    placed = {p.path.name: (p.type.value, str(p.year)) for p in inventory.placed}
    assert placed == {
        "SENR_Fall1.txt": ("SENR", "2023-24"),
        "SSID_Enrollment.txt": ("SENR", "2023-24"),
        "SINF.txt": ("SINF", "2023-24"),
        "SELA.txt": ("SELA", "2023-24"),
        TOMS_NAME: ("CAASPP", "2023-24"),
        "CAHSEEResults2014.txt": ("CAHSEE", "2013-14"),
        "CST_Student_Results_2013.dat": ("STAR", "2012-13"),
    }
    unplaced = {u.path.name: u.why for u in inventory.unplaced}
    assert "UTF-16" in unplaced["SPRG.txt"] and "does not list" in unplaced["SINC.txt"]
    assert "the same results as" in unplaced[TOMS_NAME.replace("_DLMTR.csv", ".dat")]
    manifest = folder / "manifest.yaml"
    manifest.write_text(manifest_text(inventory, manifest), encoding="utf-8")
    checked = preflight(load_manifest(manifest))
    assert checked.problems == []
    assert any("2 SENR files listed" in line for line in checked.missing), "the Fall SENR and the ODS, named together"
