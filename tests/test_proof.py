"""Proof must name this file (issue 29): an answer, a row or an id that names another file, type or
year is never this file's proof, and an answer that names this file, its type and year is. In a real
browser against sandbox designs no default word was written for: a config holding only the site's
address. What the sandbox stored decides each test: bytes, type and year."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import InProcess, assert_held_once, make_sandbox, write_manifest


@pytest.fixture
def four_files(examples: Path) -> Path:
    """SENR, SINF, SPRG and the CAASPP score file, for 2018-19."""
    files = [
        ("SENR", "extracts/SENR.txt"),
        ("SINF", "extracts/SINF.txt"),
        ("SPRG", "extracts/SPRG.txt"),
        ("CAASPP", "scores/caaspp_student_score_data_DLMTR.csv"),
    ]
    return write_manifest(examples.parent, "four.yaml", "2018-19", files)


@pytest.mark.e2e
@pytest.mark.parametrize("variant", ["staged", "typerows", "nolist"])
def test_every_file_is_held_once_under_its_own_type_and_year(
    variant: str, tmp_path: Path, four_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, four_files)
        assert_held_once(site, four_files)
        assert not site.state.staged, "a file was left staged"
    assert [f.status for f in summary.files] == ["submitted"] * 4
