"""The manifest's shape: each bad manifest gives the exact line a coordinator reads."""

from pathlib import Path

import pytest
import yaml

from bot.errors import ManifestError
from bot.filetypes import FileType
from bot.manifest import load_manifest, parse_manifest
from bot.schoolyear import SchoolYear

GOOD = {"school_year": "2023-24", "files": [{"type": "SENR", "path": "extracts/SENR.txt"}]}


def problems_for(data: object) -> list[str]:
    """An unusable document raises; anything else comes back with its problems listed."""
    try:
        manifest = parse_manifest(data, Path("/district/manifest.yaml"))
    except ManifestError as exc:
        return [str(exc)]
    return list(manifest.problems)


def test_a_good_manifest_becomes_a_plan_with_paths_beside_the_manifest() -> None:
    data = {
        "district": "Lodi Unified",
        "school_year": "2023-2024",
        "files": [
            {"type": "SENR", "path": "extracts/SENR.txt"},
            {"type": "sinf", "path": "extracts/SINF_ods.txt", "source": "ods"},
            {"type": "CAASPP", "path": "scores/caaspp.csv", "school_year": "2022-23"},
        ],
    }
    manifest = parse_manifest(data, Path("/district/manifest.yaml"))
    assert manifest.district == "Lodi Unified"
    assert [f.type for f in manifest.files] == [FileType.SENR, FileType.SINF, FileType.CAASPP]
    assert [f.school_year for f in manifest.files] == [SchoolYear(2023), SchoolYear(2023), SchoolYear(2022)]
    assert manifest.files[0].path == Path("/district/extracts/SENR.txt")
    assert manifest.files[1].source == "ods"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, "manifest.yaml: the manifest must be a mapping with a files list, as in examples/manifest.yaml"),
        (["SENR.txt"], "manifest.yaml: the manifest must be a mapping with a files list, as in examples/manifest.yaml"),
        ({"files": []}, "manifest.yaml: files: the list is empty"),
        ({}, "manifest.yaml: files: missing; add files: a list of entries, each with type and path"),
        ({**GOOD, "distrct": "X"}, "manifest.yaml: distrct: unknown key; did you mean district?"),
        (
            {"files": [{"type": "SENRR", "path": "a.txt", "school_year": "2023-24"}]},
            'manifest.yaml: file 1 (a.txt): type: "SENRR" is not a file type; did you mean SENR? '
            "(one of SENR SINF SPRG SELA CRSC SCSC SCTE SDIS STAS CAHSEE STAR CAASPP CALPASS)",
        ),
        (
            {"school_year": "2023-24", "files": [{"type": "SINF", "pth": "a.txt"}]},
            "manifest.yaml: file 1 (SINF): pth: unknown key; did you mean path?",
        ),
        (
            {"school_year": "2023-25", "files": [{"type": "SINF", "path": "a.txt"}]},
            'manifest.yaml: school_year: "2023-25" is not a school year: '
            "the two years must be consecutive, as in 2023-24",
        ),
        (
            {"files": [{"type": "SINF", "path": "a.txt"}]},
            "manifest.yaml: file 1 (a.txt): school_year: missing; "
            "set it on the file or once at the top of the manifest",
        ),
        (
            {**GOOD, "files": [{"type": "CAASPP", "path": "s.csv", "source": "ods"}]},
            "manifest.yaml: file 1 (s.csv): source: only CALPADS files have a source; remove it from this CAASPP entry",
        ),
        (
            {**GOOD, "files": [{"type": "SENR", "path": "s.txt", "source": "extract"}]},
            "manifest.yaml: file 1 (s.txt): source: Input should be 'submission' or 'ods'",
        ),
        (
            {**GOOD, "password": "hunter2"},
            "manifest.yaml: password: a manifest never holds credentials; "
            "set CALPASS_USERNAME and CALPASS_PASSWORD instead",
        ),
    ],
)
def test_bad_manifests_name_the_key_at_fault(data: object, expected: str) -> None:
    assert expected in problems_for(data)


def test_every_problem_is_reported_at_once() -> None:
    data = {"distrct": "X", "files": [{"type": "SENRR", "path": "a"}, {"type": "SINF"}]}
    assert len(problems_for(data)) == 3


def test_a_password_key_is_reported_once() -> None:
    assert len(problems_for({**GOOD, "password": "x"})) == 1


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("school_year: 2023-24\nfiles:\n  - {type: SENR, path: a.txt\n")
    with pytest.raises(ManifestError, match=r"YAML syntax error at line 4, column 1"):
        load_manifest(manifest)


def test_missing_manifest_file(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="no such file"):
        load_manifest(tmp_path / "nope.yaml")


def test_the_example_manifest_is_valid() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "manifest.yaml"
    manifest = load_manifest(example)
    assert len(manifest.files) == 10
    assert all(f.path.is_file() for f in manifest.files)
    assert yaml.safe_load(example.read_text())["school_year"] == "2018-19"
    assert manifest.problems == ()
