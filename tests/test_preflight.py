"""Pre-flight: a table of bad manifests, each with the exact line it must produce."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.manifest import load_manifest
from bot.preflight import preflight
from tests.records import CAASPP, calpads, write


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path / "SENR.txt", calpads("SENR", copies=5))
    write(tmp_path / "SINF.txt", calpads("SINF", copies=5))
    write(tmp_path / "caaspp.csv", CAASPP)
    return tmp_path


def problems(folder: Path, manifest: str) -> list[str]:
    path = folder / "m.yaml"
    path.write_text(manifest)
    return preflight(load_manifest(path)).problems


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (
            "school_year: 2018-19\nfiles:\n  - {type: SENR, path: SINF.txt}\n",
            "m.yaml: file 1 (SINF.txt): type: declared SENR but the file holds SINF records",
        ),
        (
            "school_year: 2019-20\nfiles:\n  - {type: SENR, path: SENR.txt}\n",
            "m.yaml: file 1 (SENR.txt): school_year: "
            "the file's Academic Year ID is 2018-2019, but the manifest says 2019-20",
        ),
        (
            "school_year: 2018-19\nfiles:\n  - {type: SENR, path: nope.txt}\n",
            "m.yaml: file 1 (nope.txt): path: no such file ({folder}/nope.txt)",
        ),
        (
            "school_year: 2018-19\nfiles:\n  - {type: SENR, path: SENR.txt}\n  - {type: SENR, path: ./SENR.txt}\n",
            "m.yaml: file 2 (./SENR.txt): path: the same file as file 1 (SENR.txt)",
        ),
        (
            "school_year: 2018-19\nfiles:\n  - {type: SENR, path: SENR.txt}\n  - {type: SENR, path: copy.txt}\n",
            "m.yaml: file 2 (copy.txt): path: the same content as file 1 (SENR.txt)",
        ),
        (
            "school_year: 2010-11\nfiles:\n  - {type: SENR, path: SENR.txt}\n",
            "m.yaml: file 1 (SENR.txt): type: CALPADS SENR files are sent from 2011-12 on; "
            "for 2010-11 send the legacy Cal-PASS extract instead (type: CALPASS)",
        ),
        (
            "school_year: 2018-19\nfiles:\n  - {type: STAR, path: caaspp.csv}\n",
            "m.yaml: file 1 (caaspp.csv): type: STAR was collected through 2012-13; "
            "for 2018-19 send the CAASPP file (type: CAASPP)",
        ),
        (
            "school_year: 2018-19\nfiles:\n  - {type: SENR, path: .}\n",
            "m.yaml: file 1 (.): path: not a regular file",
        ),
        (
            "school_year: 2018-19\nfiles:\n  - {type: SENR, path: empty.txt}\n",
            "m.yaml: file 1 (empty.txt): path: the file is empty",
        ),
    ],
)
def test_bad_submissions_are_refused_with_one_clear_line(folder: Path, manifest: str, expected: str) -> None:
    shutil.copy(folder / "SENR.txt", folder / "copy.txt")
    (folder / "empty.txt").touch()
    assert expected.format(folder=folder) in problems(folder, manifest)


def test_shape_problems_and_file_problems_are_reported_together(folder: Path) -> None:
    found = problems(
        folder,
        "school_year: 2018-19\ndistrct: X\nfiles:\n"
        "  - {type: SENRR, path: SENR.txt}\n"
        "  - {type: SINF, path: gone.txt}\n",
    )
    assert len(found) == 3
    assert found[0] == "m.yaml: distrct: unknown key; did you mean district?"


def test_each_file_is_hashed_once_and_the_digest_kept(folder: Path) -> None:
    path = folder / "m.yaml"
    path.write_text("school_year: 2018-19\nfiles:\n  - {type: SENR, path: SENR.txt}\n")
    (checked,) = preflight(load_manifest(path)).files
    import hashlib

    assert checked.facts.sha256 == hashlib.sha256((folder / "SENR.txt").read_bytes()).hexdigest()
    assert checked.facts.bytes == (folder / "SENR.txt").stat().st_size


def test_a_complete_year_has_nothing_missing() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "manifest.yaml"
    result = preflight(load_manifest(example))
    assert result.problems == [] and result.missing == [] and result.warnings == []
