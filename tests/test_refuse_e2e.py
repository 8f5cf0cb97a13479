"""A wrong manifest is refused before the browser opens: exit 2, one line per problem, no login."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Sandbox
from tests.conftest import BotResult

pytestmark = pytest.mark.e2e


def manifest_with(examples: Path, text: str) -> Path:
    path = examples.parent / "bad.yaml"
    path.write_text(text)
    return path


BAD = {
    "yaml syntax": ("files:\n  - {type: SENR\n", "bad.yaml: YAML syntax error at line 3, column 1"),
    "not a mapping": ("- SENR.txt\n", "bad.yaml: the manifest must be a mapping"),
    "unknown key": (
        "school_year: 2018-19\nfile:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        "bad.yaml: file: unknown key; did you mean files?",
    ),
    "unknown type": (
        "school_year: 2018-19\nfiles:\n  - {type: SNER, path: extracts/SENR.txt}\n",
        'bad.yaml: file 1 (extracts/SENR.txt): type: "SNER" is not a file type; did you mean SENR?',
    ),
    "bad year": (
        "school_year: 2018-20\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        'bad.yaml: school_year: "2018-20" is not a school year',
    ),
    "password in manifest": (
        "school_year: 2018-19\npassword: hunter2\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        "bad.yaml: password: a manifest never holds credentials",
    ),
    "missing file": (
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: extracts/SENR.tx}\n",
        "bad.yaml: file 1 (extracts/SENR.tx): path: no such file",
    ),
    "wrong type for content": (
        "school_year: 2018-19\nfiles:\n  - {type: SINF, path: extracts/SENR.txt}\n",
        "bad.yaml: file 1 (extracts/SENR.txt): type: declared SINF but the file holds SENR records",
    ),
    "wrong year for content": (
        "school_year: 2017-18\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        "bad.yaml: file 1 (extracts/SENR.txt): school_year: the file's Academic Year ID is 2018-2019",
    ),
    "year rule": (
        "school_year: 2018-19\nfiles:\n  - {type: STAR, path: scores/caaspp_student_score_data_DLMTR.csv}\n",
        "type: STAR was collected through 2012-13; for 2018-19 send the CAASPP file (type: CAASPP)",
    ),
    "listed twice": (
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n"
        "  - {type: SENR, path: extracts/../extracts/SENR.txt}\n",
        "bad.yaml: file 2 (extracts/../extracts/SENR.txt): path: the same file as file 1 (extracts/SENR.txt)",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_exits_2_naming_the_culprit_with_no_login(
    case: str, classic_sandbox: Sandbox, examples: Path, run_bot: Any
) -> None:
    text, expected = BAD[case]
    result: BotResult = run_bot(str(manifest_with(examples, text)), site=classic_sandbox)
    assert result.code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("calpass-bot: error: ")]
    assert any(expected in line for line in errors), result.stderr
    assert "Traceback" not in result.stderr
    assert classic_sandbox.state.login_attempts == 0
    assert not result.out_dir.exists()


def test_dry_run_shows_what_each_file_was_recognised_as(examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), "--dry-run")
    assert result.code == 0
    assert "recognised as" in result.stdout
    assert "CALPADS SENR submission file, '^' 35 fields, 2018-2019" in result.stdout
    assert "Warnings:" not in result.stdout


def test_missing_files_warn_and_strict_makes_them_errors(examples: Path, run_bot: Any) -> None:
    shutil.copy(examples, examples.parent / "short.yaml")
    short = examples.parent / "short.yaml"
    short.write_text(short.read_text().replace("  - type: SELA\n    path: extracts/SELA.txt\n", ""))
    relaxed: BotResult = run_bot(str(short), "--dry-run")
    assert relaxed.code == 0
    assert "short.yaml: 2018-19: no SELA file listed" in relaxed.stdout
    strict: BotResult = run_bot(str(short), "--dry-run", "--strict")
    assert strict.code == 2
    assert "calpass-bot: error: short.yaml: 2018-19: no SELA file listed" in strict.stderr
