"""What differs between Windows, macOS and Linux, in one place. Each function feature-detects what
the running Python offers (never a guess from the platform's name alone, where it can be helped), so
a test can stand in for Windows by removing the POSIX-only names from `os`.

Where Windows cannot give the POSIX guarantee, it is said here and in the README's one place for it:
- owner-only files: POSIX modes (0700 folders, 0600 files) are set where the OS has them; on Windows
  the run folder inherits the access list of the folder it is made in (a user's own profile folders
  are readable by that user and administrators only);
- an atomic replace: Windows refuses to replace a file another program holds open (a report open
  in a viewer), so it is retried for a few seconds, then said plainly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, TextIO

# How long a replace refused by Windows (another program holds the file open) is retried.
REPLACE_RETRY_S = 3.0


def case_blind() -> bool:
    """Whether file names are compared without regard to case here: Windows and macOS (by default)."""
    return os.name == "nt" or sys.platform in ("win32", "darwin")


def name_key(name: str) -> str:
    """A file name or path as this platform compares it."""
    return name.casefold() if case_blind() else name


def owner_only_dir(path: Path) -> None:
    """A folder readable by its owner only, whatever the umask; an existing one of ours is tightened
    (another local user able to edit the ledger could make the bot skip files). Windows has no owner
    mode bits: the folder keeps the access list it inherits."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    getuid = getattr(os, "getuid", None)
    if getuid is not None and path.stat().st_uid == getuid():
        path.chmod(0o700)


def replace_file(part: Path, path: Path, *, sleep: Any = time.sleep) -> None:
    """Replace `path` with `part` whole. On Windows a file held open by another program cannot be
    replaced: retried for a few seconds, then the PermissionError says which file."""
    deadline = time.monotonic() + REPLACE_RETRY_S
    while True:
        try:
            os.replace(part, path)
            return
        except PermissionError:
            if time.monotonic() >= deadline:
                raise PermissionError(
                    13, f"another program holds {path.name} open (close it, then run again)", str(path)
                ) from None
            sleep(0.1)


def apart_from_console() -> dict[str, Any]:
    """Keywords that start a child process outside the terminal's signals: a terminal's Ctrl-C
    reaches the whole foreground process group (POSIX) or console process group (Windows)."""
    if hasattr(os, "setsid"):
        return {"start_new_session": True}
    flag = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", None)
    return {"creationflags": flag} if flag is not None and os.name == "nt" else {}


def stop_signals() -> list[signal.Signals]:
    """The signals that ask the bot to stop: Ctrl-C, a service manager's stop, and Windows' Ctrl-Break."""
    names = ("SIGINT", "SIGTERM", "SIGBREAK")
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def printable(stream: TextIO) -> TextIO:
    """A console or pipe that cannot encode a character (Windows' cp1252 has no "Ł") shows a "?"
    rather than stop the run with UnicodeEncodeError."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return stream
