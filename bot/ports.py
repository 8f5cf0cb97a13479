"""What a run needs from outside: its request (manifest, checked files, settings, the way to a browser,
and time), and the ports a browser session offers it. Fakes in the fast tier implement the same ports."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from playwright.sync_api import Page

from bot.audit import FileRecord, RunFolder
from bot.camera import NO_RECORDING, Recording
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import DialogInTheWay, Interrupted
from bot.manifest import Manifest, PlannedFile
from bot.preflight import CheckedFile
from bot.site.answer import Answer
from bot.site.form.plan import YearLesson
from bot.site.history import HistoryRow
from bot.site.pages import Focus


class InSession(Protocol):
    """What each part working in the browser session reads of it: the tab the run is in, the
    settings, the run folder and the page timeout."""

    @property
    def page(self) -> Page: ...

    @property
    def config(self) -> Config: ...

    @property
    def folder(self) -> RunFolder: ...

    @property
    def timeout_ms(self) -> float: ...


class Sendable(Protocol):
    """A filled form, ready to send its file."""

    @property
    def focus(self) -> Focus | None: ...

    def send(
        self, upload_timeout_s: float, stop: Callable[[], bool], progress: Callable[[str], None] | None = None
    ) -> Answer: ...


class FormPort(Protocol):
    """What a run needs of the File Submission page."""

    # Loaded and untouched since: the next file needs no new load.
    fresh: bool

    def history(self) -> list[HistoryRow] | None: ...

    def fill(self, planned: PlannedFile, on_step: Callable[[str], object] | None = None) -> Sendable: ...

    def learn(self, said: str) -> YearLesson | None: ...


class SessionPort(Protocol):
    """What a run needs of a browser session on the site."""

    @property
    def form(self) -> FormPort: ...

    def open_login(self) -> None: ...

    def log_on(self) -> None: ...

    def reach_form(self, *, understand: bool = True) -> str: ...

    def details(self, link: str, record: FileRecord) -> str: ...

    def open_form(self, url: str) -> None: ...

    def shot(self, step: str, record: FileRecord | None = None, focus: Focus | None = None) -> str: ...

    def alive(self) -> bool: ...

    def dialog_in_the_way(self) -> DialogInTheWay | None: ...


Connect = Callable[[Config, RunFolder, Credentials, bool, Recording], AbstractContextManager[SessionPort]]


@dataclass(frozen=True)
class RunRequest:
    manifest: Manifest
    files: list[CheckedFile]
    config: Config
    credentials: Credentials
    out_dir: Path
    force: bool = False
    interactive_login: bool = False
    recording: Recording = NO_RECORDING
    stop: Callable[[], bool] = lambda: False
    # The way to a session on the site: a browser by default, a fake in the fast tests.
    connect: Connect | None = None
    # What the ledger calls the site, when its address changes from run to run (the sandbox's port).
    site_key: str | None = None
    # A live line for long waits (a terminal); None: plain log lines every 15 s instead.
    live: Callable[[str | None], None] | None = None
    # Time, through one seam: the waits between retries and between looks in the site's list, and
    # the clock they are measured by. Fast tests give a clock that the waits move on.
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    # --wait-verdict: after the last send, look at the site's list this long for each file's verdict.
    wait_verdict_s: float | None = None

    def check_stop(self) -> None:
        """Stop here when a stop was asked for (Ctrl-C): between steps, never inside one."""
        if self.stop():
            raise Interrupted("interrupted: the run stopped after its current step; run again to send the rest")
