"""`calpass-bot init`: a manifest written from a folder of exports, placed by content with the same
reading the checks use. The files are typed from the specification's layouts (tests/records.py),
never made by the bot's own generator."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import cli
from bot.errors import EXIT_INVALID_INPUT, EXIT_OK
from bot.init import Placed, Unplaced, place, take_inventory
from bot.manifest import load_manifest
from bot.preflight import preflight
from tests.records import CAASPP, LEGACY_STUDENTS, RECORDS, calpads, write

CODES = sorted(RECORDS)
# From 2011-12, the first CALPADS year, to 2024-25.
YEARS = [f"{y}-{y + 1}" for y in range(2011, 2025)]


def short(long: str) -> str:
    return f"{long[:4]}-{long[-2:]}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=st.sampled_from(CODES),
    year=st.sampled_from(YEARS),
    misleading=st.sampled_from(CODES),
    ods=st.booleans(),
    sep=st.sampled_from(["^", ","]),
    suffix=st.sampled_from(["", "_2023", "_export", "_20240615"]),
)
def test_every_calpads_file_is_placed_by_content_whatever_its_name(
    tmp_path_factory: pytest.TempPathFactory, code: str, year: str, misleading: str, ods: bool, sep: str, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("exports")
    # An SENR file named SINF.txt; a 2022-23 file named ..._2023.txt: the name never decides.
    path = write(folder / f"{misleading}{suffix}.txt", calpads(code, year=year, ods=ods, sep=sep, copies=2))
    placed = place(path, folder)
    assert isinstance(placed, Placed), placed
    assert (placed.type.value, str(placed.year), placed.source) == (code, short(year), "ods" if ods else None)
    # The checks accept what init placed, with the same plan.
    assert cli.init_command([str(folder)]) == EXIT_OK
    checked = preflight(load_manifest(folder / "manifest.yaml"))
    assert checked.problems == []
    assert [(f.planned.type.value, str(f.planned.school_year)) for f in checked.files] == [(code, short(year))]


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("empty.txt", "", "the file is empty"),
        ("blank.txt", "\r\n\r\n", "no records"),
        ("mixed.txt", calpads("SENR") + calpads("SINF"), "two candidate types"),
        ("SENR_2023-24.txt", calpads("SENR", year="2022-2023"), "its content says 2022-23 but its name says 2023-24"),
        ("notes.txt", "call the SIS vendor on Monday\r\n", "neither a CALPADS file"),
        ("CAHSEE_STAR.txt", "9000000001,350\r\n", "both CAHSEE and STAR"),
        ("scores.csv", CAASPP, "neither its content nor its name gives the school year"),
        ("SENR.txt", calpads("SENR", year="2009-2010"), "send the legacy Cal-PASS extract instead"),
    ],
)
def test_a_file_that_cannot_be_placed_is_never_guessed(name: str, text: str, why: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode())
    result = place(path, tmp_path)
    assert isinstance(result, Unplaced) and why in result.why, result


def test_a_binary_file_is_not_placed(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert isinstance(place(path, tmp_path), Unplaced)


def three_years(folder: Path) -> None:
    """Three years of exports as a coordinator's SIS leaves them, with misleading names."""
    write(folder / "2021-22" / "SENR.txt", calpads("SENR", year="2021-2022"))
    write(folder / "2021-22" / "SINF.txt", calpads("SENR", year="2022-2023", copies=2))  # SENR named SINF
    write(folder / "2022-23" / "sinf_2023.txt", calpads("SINF", year="2022-2023"))  # 2022-23 named _2023
    write(folder / "2022-23" / "Student_Score_Data_File_DLMTR.csv", CAASPP)  # its folder says 2022-23
    write(folder / "2023-24" / "SELA.txt", calpads("SELA", year="2023-2024", ods=True))
    write(folder / "2023-24" / "caaspp_2023-24.csv", CAASPP.replace("2590", "2601"))
    write(folder / "legacy" / "S99999K.txt", LEGACY_STUDENTS)
    write(folder / "2023-24" / "notes.txt", "ask about SCTE\r\n")


def test_a_three_year_folder_is_placed_and_the_manifest_passes_the_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    three_years(folder)
    assert cli.main(["init", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    text = (folder / "manifest.yaml").read_text()
    checked = preflight(load_manifest(folder / "manifest.yaml"))
    assert checked.problems == []
    placed = sorted((f.planned.shown_path, f.planned.type.value, str(f.planned.school_year)) for f in checked.files)
    assert placed == [
        ("2021-22/SENR.txt", "SENR", "2021-22"),
        ("2022-23/Student_Score_Data_File_DLMTR.csv", "CAASPP", "2022-23"),
        ("2022-23/sinf_2023.txt", "SINF", "2022-23"),
        ("2023-24/SELA.txt", "SELA", "2023-24"),
        ("2023-24/caaspp_2023-24.csv", "CAASPP", "2023-24"),
        ("legacy/S99999K.txt", "CALPASS", "2007-08"),
    ]
    # Two files each for 2022-23 and 2023-24: the most common year goes at the top, the later on a tie.
    assert re.search(r"^school_year: 2023-24$", text, re.MULTILINE), "the most common year goes at the top"
    assert '#  - path: "2023-24/notes.txt"' in text and "not placed: 2023-24/notes.txt" in out
    # A folder that names another year than the content is evidence too: the file is not placed.
    assert "its content says 2022-23 but its folder's name says 2021-22" in text
    assert "record type SENR, Academic Year ID 2021-2022 (field 7)" in text
    assert "2023-24: no SENR" in text and "missing: 2023-24: no SENR" in out
    # No file's content reaches the manifest or the output beyond its record type and year.
    assert "Sample" not in text + out and "9000000001" not in text + out
    assert take_inventory(folder).placed, "init reads only: the folder is as it was"


def test_an_existing_manifest_is_never_replaced_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "SENR.txt", calpads("SENR"))
    (tmp_path / "manifest.yaml").write_text("# mine\n")
    assert cli.main(["init", str(tmp_path)]) == EXIT_INVALID_INPUT
    assert f"{tmp_path / 'manifest.yaml'} exists already" in capsys.readouterr().err
    assert (tmp_path / "manifest.yaml").read_text() == "# mine\n"
    assert cli.main(["init", str(tmp_path), "--force"]) == EXIT_OK
    assert "type: SENR" in (tmp_path / "manifest.yaml").read_text()


def test_the_manifest_may_go_elsewhere_with_paths_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path / "exports" / "SENR.txt", calpads("SENR"))
    target = tmp_path / "manifests" / "2018-19.yaml"
    target.parent.mkdir()
    assert cli.main(["init", str(tmp_path / "exports"), "-o", str(target)]) == EXIT_OK
    assert 'path: "../exports/SENR.txt"' in target.read_text()
    assert preflight(load_manifest(target)).problems == []


def test_the_same_content_twice_is_placed_once(tmp_path: Path) -> None:
    write(tmp_path / "SENR.txt", calpads("SENR"))
    write(tmp_path / "copy" / "SENR (1).txt", calpads("SENR"))
    inventory = take_inventory(tmp_path)
    assert len(inventory.placed) == 1
    assert [u.why for u in inventory.unplaced] == ["the same content as SENR.txt"]


def test_every_file_of_the_example_folder_is_placed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    target = tmp_path / "manifest.yaml"
    assert cli.main(["init", str(examples), "-o", str(target), "--school-year", "2018-19"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "not placed" not in out, out
    checked = preflight(load_manifest(target))
    assert checked.problems == [] and checked.missing == []
    mine = sorted((f.planned.type.value, f.planned.path.name) for f in checked.files)
    theirs = sorted(
        (f.planned.type.value, f.planned.path.name) for f in preflight(load_manifest(examples / "manifest.yaml")).files
    )
    assert mine == theirs, "the same plan as the hand-written example manifest"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--school-year", "2023-25"], "--school-year:"),
        (["-o", "{folder}/nowhere/m.yaml"], "cannot write"),
    ],
)
def test_init_errors_are_one_line_and_exit_2(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "SENR.txt", calpads("SENR"))
    argv = ["init", str(tmp_path), *(a.replace("{folder}", str(tmp_path)) for a in args)]
    assert cli.main(argv) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert err.startswith("calpass-bot: error:") and said in err and err.count("\n") == 1


def test_init_on_a_file_or_an_empty_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write(tmp_path / "SENR.txt", calpads("SENR"))
    assert cli.main(["init", str(file)]) == EXIT_INVALID_INPUT
    assert "is not a folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["init", str(empty)]) == EXIT_INVALID_INPUT
    assert "no file under" in capsys.readouterr().err and not (empty / "manifest.yaml").exists()


def test_a_large_folder_shows_a_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for year in range(2011, 2024):
        write(tmp_path / f"{year}-{(year + 1) % 100:02d}" / "SENR.txt", calpads("SENR", year=f"{year}-{year + 1}"))
        write(tmp_path / f"{year}-{(year + 1) % 100:02d}" / "SINF.txt", calpads("SINF", year=f"{year}-{year + 1}"))
    seen: list[str] = []
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr("rich.progress.Progress.advance", lambda self, task, advance=1: seen.append("tick"))
    assert cli.main(["init", str(tmp_path)]) == EXIT_OK
    assert len(seen) == 26, "one tick per file read"


@pytest.mark.parametrize(
    ("name", "text", "placed"),
    [
        # Fixed-width CAASPP records, from a two-digit record type to ZZ, the year from the name.
        ("Student_Results_2019-20.dat", "01" + "9" * 30 + "ZZ\r\n" + "01" + "8" * 30 + "ZZ\r\n", ("CAASPP", "2019-20")),
        ("CAHSEE_2014-15.txt", "9000000001,350\r\n", ("CAHSEE", "2014-15")),
        ("star_results_2012-13.txt", "9000000001,350\r\n", ("STAR", "2012-13")),
        ("SINF.txt", calpads("SINF", year="2018-2019", ods=True, sep=","), ("SINF", "2018-19")),
    ],
)
def test_each_kind_of_export_is_placed(name: str, text: str, placed: tuple[str, str], tmp_path: Path) -> None:
    found = place(write(tmp_path / name, text), tmp_path)
    assert isinstance(found, Placed), found
    assert (found.type.value, str(found.year)) == placed


def test_a_file_whose_content_and_stated_year_disagree_is_not_placed(tmp_path: Path) -> None:
    from bot.schoolyear import SchoolYear

    found = place(write(tmp_path / "SENR.txt", calpads("SENR")), tmp_path, SchoolYear(2023))
    assert isinstance(found, Unplaced) and "--school-year says 2023-24" in found.why
    gone = place(tmp_path / "missing.txt", tmp_path)
    assert isinstance(gone, Unplaced) and "cannot be read" in gone.why


def test_init_is_a_command_after_the_global_flags_and_in_the_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    three_years(folder)
    assert cli.main(["-v", "init", str(folder)]) == EXIT_OK
    assert (folder / "manifest.yaml").is_file()
    assert cli.main(["--quiet", "init", str(folder), "--force"]) == EXIT_OK
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert "init FOLDER" in usage and "[MANIFEST]" in usage
