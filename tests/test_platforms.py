"""What differs between Windows, macOS and Linux, with stand-ins for what this machine lacks."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot import platforms


def test_a_replace_refused_while_another_program_holds_the_file_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part, path = tmp_path / ".report.part", tmp_path / "report.html"
    part.write_text("new")
    path.write_text("old")
    refusals = [PermissionError(13, "in use")] * 2
    real = os.replace

    def held_open(src: Path, dst: Path) -> None:
        if refusals:
            raise refusals.pop()
        real(src, dst)

    monkeypatch.setattr(os, "replace", held_open)
    waits: list[float] = []
    platforms.replace_file(part, path, sleep=waits.append)
    assert path.read_text() == "new" and waits == [0.1, 0.1]


def test_a_file_held_open_for_good_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def always(src: Path, dst: Path) -> None:
        raise PermissionError(13, "in use")

    monkeypatch.setattr(os, "replace", always)
    monkeypatch.setattr(platforms, "REPLACE_RETRY_S", 0)
    with pytest.raises(PermissionError, match=r"another program holds report\.html open"):
        platforms.replace_file(tmp_path / "a", tmp_path / "report.html", sleep=lambda _: None)


def test_the_driver_is_kept_apart_from_the_consoles_ctrl_c_on_each_system(monkeypatch: pytest.MonkeyPatch) -> None:
    here = (
        {"start_new_session": True}
        if hasattr(os, "setsid")
        else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        if os.name == "nt"
        else {}
    )
    assert platforms.apart_from_console() == here
    # Windows: no setsid; a new process group instead, which a console's Ctrl-C does not reach.
    monkeypatch.delattr(os, "setsid", raising=False)
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200, raising=False)
    assert platforms.apart_from_console() == {"creationflags": 0x200}


def test_ctrl_break_stops_a_run_where_the_system_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    assert signal.SIGINT in platforms.stop_signals() and signal.SIGTERM in platforms.stop_signals()
    monkeypatch.setattr(signal, "SIGBREAK", 21, raising=False)
    assert 21 in platforms.stop_signals()


def test_names_compare_as_the_system_compares_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "name", "posix")  # on Windows os.name says nt whatever sys.platform says
    assert platforms.name_key("SENR.txt") != platforms.name_key("senr.TXT")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert platforms.name_key("SENR.txt") == platforms.name_key("senr.TXT")


def test_a_console_without_a_letter_shows_a_question_mark() -> None:
    console = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    platforms.printable(console).write("Łódź\n")
    console.flush()
    assert console.buffer.getvalue() == b"?\xf3d?\n"
