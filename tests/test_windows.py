"""A stand-in for Windows, run on every commit here (issue 21). It is NOT Windows: it removes from
`os` the POSIX-only names Windows' Python lacks and says the platform is win32 (os.name stays
"posix", since pathlib cannot make Windows paths on Linux), then runs what a coordinator runs. It
catches the class of bug that once stopped every run on Windows (`os.getuid` in the ledger's lock)
long before anyone runs the CI matrix on a real Windows machine."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.errors import EXIT_INVALID_INPUT, EXIT_OK
from bot.manifest import load_manifest
from bot.platforms import name_key
from bot.preflight import preflight
from tests.fakes import FakeSite, connect_to
from tests.records import calpads, write

# What Windows' Python does not have (os module documentation, "Availability: Unix").
POSIX_ONLY = (
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "setsid",
    "getsid",
    "killpg",
    "getpgid",
    "setpgid",
    "getpgrp",
    "setpgrp",
    "fork",
    "chown",
    "lchown",
    "fchown",
    "O_NOFOLLOW",
    "O_NOCTTY",
    "sync",
)
ENV = {"CALPASS_USERNAME": "coordinator@district.example", "CALPASS_PASSWORD": "Not-A-Real-Password-9"}


@pytest.fixture
def no_posix_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every POSIX-only name gone from os. (After tmp_path: pytest's own tmp_path asks getpass for
    the user, through os.getuid on POSIX.)"""
    for name in POSIX_ONLY:
        monkeypatch.delattr(os, name, raising=False)


@pytest.fixture
def windows(no_posix_names: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in: no POSIX-only names, and sys.platform saying win32 (where no browser starts:
    Playwright itself reads sys.platform to start its driver the Windows way)."""
    monkeypatch.setattr(sys, "platform", "win32")


def windows_manifest(folder: Path, names: tuple[str, str] = ("SENR.txt", "SINF.txt")) -> Path:
    """A manifest as written on Windows: backslashes between folders."""
    for code, name in zip(("SENR", "SINF"), names, strict=True):
        write(folder / "extracts" / name, calpads(code, copies=2))
    path = folder / "manifest.yaml"
    entries = "".join(f"  - {{type: {n[:4].upper()}, path: 'extracts\\{n}'}}\n" for n in names)
    # UTF-8 on purpose: Windows' default (cp1252) cannot write "Ł".
    path.write_text(f"school_year: 2018-19\nfiles:\n{entries}", encoding="utf-8")
    return path


@pytest.mark.usefixtures("windows")
def test_a_whole_run_works_without_the_posix_only_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = FakeSite()
    manifest = windows_manifest(tmp_path)
    out = tmp_path / "out"
    code = cli.main([str(manifest), "--out", str(out)], ENV, connect=connect_to(site))
    assert code == EXIT_OK, capsys.readouterr().err
    assert sorted(name for name, _, _ in site.held) == ["SENR.txt", "SINF.txt"]
    assert (out / "ledger.jsonl").is_file()
    (run,) = [p for p in out.iterdir() if p.is_dir()]
    assert (run / "report.html").is_file() and (run / "summary.json").is_file()
    # A rerun (the ledger read and locked again) sends nothing.
    assert cli.main([str(manifest), "--out", str(out)], ENV, connect=connect_to(site)) == EXIT_OK
    assert len(site.held) == 2


def test_backslash_paths_from_a_windows_manifest_mean_the_same_files_here(tmp_path: Path) -> None:
    checked = preflight(load_manifest(windows_manifest(tmp_path)))
    assert checked.problems == []
    assert [f.planned.path for f in checked.files] == [
        tmp_path / "extracts" / "SENR.txt",
        tmp_path / "extracts" / "SINF.txt",
    ]
    assert [f.planned.shown_path for f in checked.files] == ["extracts\\SENR.txt", "extracts\\SINF.txt"]


@pytest.mark.skipif(os.name == "nt", reason="a drive letter is a real path on Windows")
@pytest.mark.parametrize("where", ["C:\\Data\\SENR.txt", "D:SENR.txt", "\\\\district-fs\\calpads\\SENR.txt"])
def test_a_drive_or_network_path_here_is_an_error_naming_the_entry(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(f"school_year: 2018-19\nfiles:\n  - type: SENR\n    path: '{where}'\n")
    assert cli.main([str(manifest), "--dry-run"], ENV) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert f"file 1 ({where}): path:" in err, err
    assert "a Windows drive or network path" in err


@pytest.mark.usefixtures("windows")
def test_the_same_file_named_in_two_cases_is_listed_twice_on_windows(tmp_path: Path) -> None:
    manifest = windows_manifest(tmp_path)
    manifest.write_text(manifest.read_text() + "  - {type: SENR, path: 'EXTRACTS\\senr.TXT'}\n")
    (tmp_path / "EXTRACTS").mkdir(exist_ok=True)
    # Linux tells the two apart, so give the second name a file of its own: Windows would not.
    write(tmp_path / "EXTRACTS" / "senr.TXT", calpads("SENR", copies=3))
    problems = preflight(load_manifest(manifest)).problems
    assert any("file 3" in p and "the same file as file 1" in p for p in problems), problems
    assert name_key("SENR.txt") == name_key("senr.TXT")


def test_non_ascii_names_print_on_a_cp1252_console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = windows_manifest(tmp_path, ("SENR_Łódź.txt", "SINF_Ñandú.txt"))
    console = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    errors = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", console)
    monkeypatch.setattr(sys, "stderr", errors)
    assert cli.main([str(manifest), "--dry-run"], ENV) == EXIT_OK
    console.flush()
    shown = console.buffer.getvalue().decode("cp1252")
    assert "SINF_Ñandú.txt" in shown, "what cp1252 can show is shown as it is"
    # Ł and ź have no place in cp1252; ó has.
    assert "SENR_?ód?.txt" in shown, shown


# Run in a Python of its own: an xdist worker already runs pytest-playwright's browser, and Playwright
# allows one sync driver a process. The stand-in is the same: the names are removed before the CLI
# starts, then `main()` runs the whole rehearsal in that process.
_STAND_IN = """
import os, sys
for name in {names!r}:
    if hasattr(os, name):
        delattr(os, name)
from bot.cli import main
sys.exit(main(sys.argv[1:], {{}}))
"""


@pytest.mark.e2e
def test_a_whole_sandbox_submission_in_a_real_browser_without_the_posix_only_names(tmp_path: Path) -> None:
    import json
    import subprocess

    manifest = windows_manifest(tmp_path)
    script = _STAND_IN.format(names=POSIX_ONLY)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALPASS_")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(manifest), "--sandbox"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert "Traceback" not in done.stderr
    rehearsal = tmp_path / "recordings" / "sandbox"
    (run,) = [p for p in rehearsal.iterdir() if p.is_dir() and p.name[0].isdigit()]
    summary = json.loads((run / "summary.json").read_text())
    assert [f["status"] for f in summary["files"]] == ["submitted", "submitted"]
    held = json.loads((rehearsal / "site" / "submissions.json").read_text())
    assert sorted((s["filename"], s["file_type"], s["school_year"]) for s in held) == [
        ("SENR.txt", "SENR", "2018-19"),
        ("SINF.txt", "SINF", "2018-19"),
    ]
