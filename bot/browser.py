"""Finding and launching a Chromium that Playwright can drive."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bot.config import BrowserSettings
from bot.errors import BrowserNotFound, ConfigError, DriverFailed, first_line
from bot.platforms import apart_from_console

log = logging.getLogger(__name__)

# On a closed network Chromium's own background traffic (updates, sync, field trials) fails
# noisily and slows start-up; the bot needs none of it.
QUIET_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

_SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]
# Chromium's build for headless use only (Debian's chromium-headless-shell, Google's
# chrome-headless-shell): what Playwright itself launches for headless runs. It draws no window, so
# each page costs less than half the processor time of the full browser.
_HEADLESS_SHELL_NAMES = ["chromium-headless-shell", "chrome-headless-shell"]
_SYSTEM_PATHS = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
]

INSTALL_HINT = (
    "no Chromium found. Install one of: `python -m playwright install chromium`; "
    "on Debian or Ubuntu `sudo apt-get install chromium`; or Google Chrome or Microsoft Edge. "
    "Or set browser.executable_path or browser.channel in the config"
)


@dataclass(frozen=True)
class ChromiumChoice:
    """executable is None when Playwright's own downloaded browser, or a channel's, is used."""

    executable: Path | None
    source: str
    # Playwright's channel for a browser installed on the machine: "chrome" or "msedge".
    channel: str | None = None

    def describe(self) -> str:
        return f"{self.source}: {self.executable}" if self.executable else self.source


# The browsers every Windows machine (Edge) and many others (Chrome) have, which Playwright drives
# through its channels with no download.
INSTALLED = [
    ChromiumChoice(None, "the installed Google Chrome (browser.channel: chrome)", "chrome"),
    ChromiumChoice(None, "the installed Microsoft Edge (browser.channel: msedge)", "msedge"),
]


def candidates(
    playwright: Playwright, configured: str | None, channel: str | None = None, *, headless: bool = True
) -> list[ChromiumChoice]:
    """The config's path if given (and then only it); a channel if given (and then only it); else
    Playwright's own browser, then system ones (for a headless run, a headless shell first), then
    the installed Chrome and Edge."""
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise ConfigError(f"browser.executable_path: {configured} does not exist")
        return [ChromiumChoice(path, "browser.executable_path from the config")]
    installed = [c for c in INSTALLED if c.channel == channel]
    if installed:
        return installed
    found = []
    own = Path(playwright.chromium.executable_path)
    if own.is_file():
        found.append(ChromiumChoice(None, f"Playwright's own Chromium ({own})"))
    shell = find_headless_shell() if headless else None
    if shell:
        found.append(ChromiumChoice(shell, "system Chromium headless shell"))
    system = find_system_chromium()
    if system:
        found.append(ChromiumChoice(system, "system Chromium"))
    if channel == "chromium":
        if not found:
            raise BrowserNotFound(INSTALL_HINT)
        return found
    # Before asking for a download: the Chrome or Edge the machine already has (Playwright says at
    # launch when one is not installed, and the next is tried).
    return found + INSTALLED


def _on_path(names: list[str]) -> Path | None:
    """The first of the names that the PATH holds."""
    for name in names:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def find_system_chromium() -> Path | None:
    return _on_path(_SYSTEM_NAMES) or next((Path(c) for c in _SYSTEM_PATHS if Path(c).is_file()), None)


def find_headless_shell() -> Path | None:
    return _on_path(_HEADLESS_SHELL_NAMES)


def launch(playwright: Playwright, settings: BrowserSettings) -> tuple[Browser, ChromiumChoice]:
    """Launch the first Chromium that starts; one that is present but broken is passed over."""
    failures = []
    for choice in candidates(playwright, settings.executable_path, settings.channel, headless=settings.headless):
        try:
            browser = playwright.chromium.launch(
                channel=choice.channel,
                executable_path=str(choice.executable) if choice.executable else None,
                headless=settings.headless,
                slow_mo=settings.slow_mo_ms,
                args=QUIET_ARGS,
            )
        except PlaywrightError as exc:
            failures.append(f"{choice.describe()}: {first_line(exc)}")
            log.warning("could not start %s: %s", choice.describe(), first_line(exc))
            continue
        # Each Playwright release is built for one Chromium; logging both explains odd behaviour later.
        log.info("browser: Chromium %s (%s), Playwright %s", browser.version, choice.describe(), version("playwright"))
        return browser, choice
    if any(_OUT_OF_MEMORY.search(failure) for failure in failures):
        raise BrowserNotFound(
            "could not start Chromium: this machine is out of memory (" + "; ".join(failures) + "); close other "
            "programs and run again: files already sent are in the ledger, and files in doubt are looked for first"
        )
    raise BrowserNotFound("could not start any Chromium: " + "; ".join(failures) + ". " + INSTALL_HINT)


# How Chromium, Node and the kernel say that no memory was left for a new browser.
_OUT_OF_MEMORY = re.compile(r"out of memory|ENOMEM|cannot allocate memory|OOM", re.IGNORECASE)


@contextmanager
def playwright_apart(env: dict[str, str] | None = None) -> Iterator[Playwright]:
    """Playwright, its Node driver started in a session of its own.

    A terminal's Ctrl-C and a service manager's stop signal the whole process group. The driver
    would die at once, and the bot with a traceback in the middle of a step. Apart, only the bot
    hears the signal, finishes its current step, writes its report and closes the driver itself.
    (Playwright starts each browser in a group of its own already.) Playwright offers no option
    for this; its driver is the only process started while this block runs. `env` is added to the
    driver's environment.
    """
    original = asyncio.create_subprocess_exec

    async def apart(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        for key, value in apart_from_console().items():
            kwargs.setdefault(key, value)
        if env:
            kwargs["env"] = {**(kwargs.get("env") or os.environ), **env}
        return await original(*args, **kwargs)

    asyncio.create_subprocess_exec = apart
    try:
        playwright = sync_playwright().start()
    except Exception as exc:  # Playwright raises a bare Exception when its driver dies at start
        # A stop signal can reach the driver in the instant before it has a session of its own.
        raise DriverFailed(f"Playwright's driver stopped as it started: {first_line(exc)}") from None
    finally:
        asyncio.create_subprocess_exec = original
    try:
        yield playwright
    finally:
        # A driver already gone (killed with the browser, or by a signal that reached it first) has
        # nothing left to stop; Playwright says so with a bare Exception.
        with contextlib.suppress(Exception):
            playwright.stop()


def describe_chromium(settings: BrowserSettings) -> str:
    """What --which-browser prints: the Chromium the bot would use, started once to prove it works."""
    with playwright_apart() as playwright:
        browser, choice = launch(playwright, settings)
        try:
            channel = f", browser.channel {choice.channel}" if choice.channel else ""
            return f"Chromium {browser.version} ({choice.describe()}{channel}), Playwright {version('playwright')}"
        finally:
            browser.close()


@dataclass(frozen=True)
class Ffmpeg:
    """The ffmpeg that video needs: Playwright's own, or a system one that Playwright is shown."""

    # Playwright's browsers folder and where Playwright looks for its ffmpeg in it.
    root: Path
    expected: Path
    # None when Playwright's own ffmpeg is installed.
    system: Path | None


def find_ffmpeg() -> Ffmpeg:
    """Video needs Playwright's ffmpeg, which `playwright install ffmpeg` downloads; on a closed
    network a system ffmpeg (Debian's works) does. BrowserNotFound when there is neither."""
    import json

    import playwright

    package = Path(playwright.__file__).parent / "driver" / "package"
    revision = next(
        b["revision"] for b in json.loads((package / "browsers.json").read_text())["browsers"] if b["name"] == "ffmpeg"
    )
    names = {"linux": "ffmpeg-linux", "darwin": "ffmpeg-mac", "win32": "ffmpeg-win64.exe"}
    default_roots = {
        "linux": Path.home() / ".cache" / "ms-playwright",
        "darwin": Path.home() / "Library" / "Caches" / "ms-playwright",
        "win32": Path(os.environ.get("LOCALAPPDATA", str(Path.home()))) / "ms-playwright",
    }
    platform = "win32" if sys.platform.startswith("win") else "darwin" if sys.platform == "darwin" else "linux"
    # Playwright's own setting, read the way Playwright reads it.
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    root = Path(configured) if configured else default_roots[platform]
    expected = root / f"ffmpeg-{revision}" / names[platform]
    if expected.is_file():
        return Ffmpeg(root, expected, None)
    system = shutil.which("ffmpeg")
    if system is None:
        raise BrowserNotFound(
            "--video needs ffmpeg: run `python -m playwright install ffmpeg`, or install ffmpeg "
            "(on Debian or Ubuntu: sudo apt-get install ffmpeg)"
        )
    return Ffmpeg(root, expected, Path(system))


@contextmanager
def video_env(folder: Path) -> Iterator[dict[str, str]]:
    """What Playwright's driver needs in its environment to record video, for as long as the block
    runs. A system ffmpeg is shown to Playwright through a browsers folder of the run's own (links
    to Playwright's browsers, and to the system ffmpeg), removed at the end: nothing is written in
    the user's Playwright cache or anywhere else outside the run folder."""
    found = find_ffmpeg()
    if found.system is None:
        yield {}
        return
    private = folder / ".playwright-browsers"
    try:
        private.mkdir(mode=0o700)
        if found.root.is_dir():
            for entry in found.root.iterdir():
                if entry.is_dir() and entry.name != found.expected.parent.name:
                    (private / entry.name).symlink_to(entry, target_is_directory=True)
        (private / found.expected.parent.name).mkdir()
        (private / found.expected.parent.name / found.expected.name).symlink_to(found.system)
    except OSError as exc:
        # Windows lets only administrators (or developer mode) make links.
        shutil.rmtree(private, ignore_errors=True)
        raise ConfigError(
            f"--video: could not show the system ffmpeg to Playwright ({exc.strerror or exc}); "
            "run `python -m playwright install ffmpeg` instead"
        ) from None
    try:
        log.info("video: using the system ffmpeg (%s)", found.system)
        yield {"PLAYWRIGHT_BROWSERS_PATH": str(private)}
    finally:
        shutil.rmtree(private, ignore_errors=True)
