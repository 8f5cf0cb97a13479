"""Fixtures: the sandbox site, copies of the examples, and the CLI run as a coordinator runs it."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Playwright

from bot.audit import RunFolder, RunSummary
from bot.browser import QUIET_ARGS, candidates
from bot.camera import Recording
from bot.config import Config
from bot.credentials import Credentials
from bot.ledger import Ledger
from bot.manifest import load_manifest
from bot.ports import RunRequest
from bot.preflight import preflight
from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox
from bot.sandbox.faults import Fault
from bot.session import session_on
from bot.sitecheck import SiteCheck, SiteCheckResult
from bot.submission import SubmissionRun

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


# Fixtures that start Chromium or the CLI in a subprocess: only the browser tier (-m e2e) may use them,
# so that the fast tier stays fast and its coverage is what the decisions alone earn.
BROWSER_FIXTURES = frozenset({"browser", "context", "page", "inprocess", "run_bot"})


# What each system lacks of what Linux's Python has: the fast tier run --as-system win32 removes these
# from os and signal, as Windows' Python has none of them, and sets sys.platform.
POSIX_ONLY = {
    os: ("getuid", "geteuid", "getgid", "setsid", "killpg", "getpgid", "mkfifo", "O_NOFOLLOW", "fork"),
    signal: ("SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGALRM"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--as-system",
        choices=("linux", "win32", "darwin"),
        default=None,
        help="run the fast tier as this system would: sys.platform set, and for win32 the POSIX-only names "
        "of os and signal removed (the code's platform decisions, on this machine)",
    )


def pytest_configure(config: pytest.Config) -> None:
    system = config.getoption("--as-system", None)
    if not system or system == sys.platform:
        return
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        return  # xdist's controller starts the workers as this machine does; each worker stands in
    # Libraries that read the platform once, as they load, load as this machine's: what is tested is
    # the bot's own decisions.
    for library in ("psutil", "playwright.sync_api", "rich.console", "jinja2", "filelock", "urllib.request"):
        with contextlib.suppress(ImportError):
            importlib.import_module(library)
    sys.platform = system
    if system == "win32":
        # Windows names its user in the environment (getpass reads it there before any uid).
        os.environ.setdefault("USERNAME", os.environ.get("USER") or os.environ.get("LOGNAME") or "coordinator")
        for module, names in POSIX_ONLY.items():
            for name in names:
                if hasattr(module, name):
                    delattr(module, name)


def as_system(config: pytest.Config) -> str:
    """The system this run stands in for."""
    return str(config.getoption("--as-system", None) or sys.platform)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        uses = BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if uses and item.get_closest_marker("e2e") is None:
            raise pytest.UsageError(f"{item.nodeid} uses {', '.join(sorted(uses))}: mark it e2e (the browser tier)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], playwright: Playwright) -> dict[str, Any]:
    """pytest-playwright uses the same Chromium the bot would pick (here, often the system one)."""
    choice = candidates(playwright, None, headless=browser_type_launch_args.get("headless", True))[0]
    # The sandbox's "other host" resolves to this machine: no test sends a byte beyond loopback.
    extra: dict[str, Any] = {"args": [*QUIET_ARGS, "--host-resolver-rules=MAP calpass-elsewhere.test 127.0.0.1"]}
    if choice.executable:
        extra["executable_path"] = str(choice.executable)
    return {**browser_type_launch_args, **extra}


@pytest.fixture(params=["classic", "loader"])
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    """The sandbox in each markup variant, started for one test, its uploads kept in tmp_path."""
    with Sandbox(request.param, storage=tmp_path / "sandbox-storage") as site:
        yield site


@pytest.fixture
def classic_sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox("classic", storage=tmp_path / "sandbox-storage") as site:
        yield site


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A private copy of examples/, so a test may change its files; returns its manifest."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "recordings"))
    return target / "manifest.yaml"


@dataclass
class BotResult:
    code: int
    stdout: str
    stderr: str
    out_dir: Path

    @property
    def run_dir(self) -> Path:
        runs = sorted(p for p in self.out_dir.iterdir() if p.is_dir())
        assert len(runs) == 1, f"expected one run folder in {self.out_dir}, found {runs}"
        return runs[0]

    @property
    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.run_dir / "summary.json").read_text())
        return data


def write_config(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def bot_command(
    tmp_path: Path,
    args: tuple[str, ...],
    out_dir: Path,
    username: str | None = DEMO_USERNAME,
    password: str | None = DEMO_PASSWORD,
    site: Sandbox | None = None,
    config: str = "",
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of one bot run, with credentials only where asked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALPASS_")}
    if username is not None:
        env["CALPASS_USERNAME"] = username
    if password is not None:
        env["CALPASS_PASSWORD"] = password
    command = [sys.executable, "-m", "bot", *args, "--out", str(out_dir)]
    if site is not None or config:
        text = (f"site:\n  base_url: {site.url}\n" if site is not None else "") + config
        command += ["--config", str(write_config(tmp_path / "config.yaml", text))]
    return command, env


@pytest.fixture
def run_bot(tmp_path: Path) -> Any:
    """Runs `python -m bot ...` in a subprocess, as a coordinator would, with the demo credentials.
    Each call gets its own output folder."""
    calls = iter(range(1, 1000))

    def run(
        *args: str,
        username: str | None = DEMO_USERNAME,
        password: str | None = DEMO_PASSWORD,
        site: Sandbox | None = None,
        config: str = "",
        out: Path | None = None,
        timeout: float = 180,
    ) -> BotResult:
        out_dir = out or tmp_path / f"recordings-{next(calls)}"
        command, env = bot_command(tmp_path, args, out_dir, username, password, site, config)
        done = subprocess.run(
            command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=timeout, check=False
        )
        return BotResult(done.returncode, done.stdout, done.stderr, out_dir)

    return run


# For tests of what only POSIX has: file modes, FIFOs, devices, symlinks any user may make.
# (A condition read as each test runs: --as-system win32 sets sys.platform after this file loads.)
posix_only = pytest.mark.skipif(
    'os.name == "nt" or sys.platform == "win32"', reason="POSIX modes, FIFOs, devices or symlinks: not on Windows"
)

# Short waits for a sandbox on this machine; a test that needs longer says so.
QUICK = {
    "timeouts": {"page_s": 2, "settle_s": 1},
    "retries": {"initial_wait_s": 0.05, "max_wait_s": 0.2},
}


def merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@dataclass
class InProcess:
    """Runs the bot's core in this process against a sandbox, in a fresh context of the session's
    Chromium: the page objects and the run for real, without a subprocess or a browser start."""

    browser: Browser
    tmp_path: Path
    runs: int = 0

    def connect(
        self, config: Config, folder: RunFolder, credentials: Credentials, interactive: bool, recording: Recording
    ) -> Any:
        return session_on(self.browser, config, folder, credentials, interactive=interactive, recording=recording)

    def config(self, site: Sandbox, config: str | dict[str, Any] = "") -> Config:
        extra = yaml.safe_load(config) if isinstance(config, str) else config
        return Config.model_validate(merged(QUICK, {"site": {"base_url": site.url}, **(extra or {})}))

    def out(self) -> Path:
        self.runs += 1
        return self.tmp_path / f"recordings-{self.runs}"

    def run(
        self,
        site: Sandbox,
        manifest: Path,
        config: str | dict[str, Any] = "",
        *,
        out: Path | None = None,
        force: bool = False,
        stop: Any = lambda: False,
        live: Any = None,
    ) -> RunSummary:
        checked = preflight(load_manifest(manifest))
        assert not checked.problems, checked.problems
        out = out or self.out()
        request = RunRequest(
            checked.manifest,
            checked.files,
            self.config(site, config),
            Credentials(DEMO_USERNAME, DEMO_PASSWORD),
            out,
            force=force,
            stop=stop,
            connect=self.connect,
            live=live,
        )
        run = SubmissionRun(request)
        try:
            return run.execute()
        finally:
            assert_honest(site, run.summary, out)

    def status(
        self, site: Sandbox, manifest: Path, out: Path, config: str | dict[str, Any] = "", *, wait_s: float = 0.0
    ) -> RunSummary:
        """`calpass-bot status` in this process: what the site made of each file of the manifest."""
        from bot.status_run import StatusRun

        checked = preflight(load_manifest(manifest))
        request = RunRequest(
            checked.manifest,
            checked.files,
            self.config(site, config),
            Credentials(DEMO_USERNAME, DEMO_PASSWORD),
            out,
            connect=self.connect,
        )
        return StatusRun(request, wait_s=wait_s).execute()

    def check(self, site: Sandbox, config: str | dict[str, Any] = "") -> SiteCheckResult:
        credentials = Credentials(DEMO_USERNAME, DEMO_PASSWORD)
        return SiteCheck(self.config(site, config), credentials, self.out(), connect=self.connect).execute()


@pytest.fixture
def inprocess(browser: Browser, tmp_path: Path) -> InProcess:
    return InProcess(browser, tmp_path)


def write_manifest(folder: Path, name: str, year: str, files: list[tuple[str, str]]) -> Path:
    """A manifest of (type, path) entries for one school year."""
    entries = "".join(f"  - {{type: {code}, path: {path}}}\n" for code, path in files)
    manifest = folder / name
    manifest.write_text(f"school_year: {year}\nfiles:\n{entries}")
    return manifest


@pytest.fixture
def two_files(examples: Path) -> Path:
    """A manifest of two example files: SENR and the CAASPP score file."""
    caaspp = "scores/caaspp_student_score_data_DLMTR.csv"
    return write_manifest(examples.parent, "two.yaml", "2018-19", [("SENR", "extracts/SENR.txt"), ("CAASPP", caaspp)])


@pytest.fixture
def star_year(tmp_path: Path) -> Path:
    """A manifest for 2012-13, the last year of STAR: a SENR file and a STAR file."""
    from tests.records import calpads, write

    write(tmp_path / "m" / "SENR.txt", calpads("SENR", year="2012-2013"))
    write(tmp_path / "m" / "star.txt", "9000000001,350\r\n")
    return write_manifest(tmp_path / "m", "m.yaml", "2012-13", [("SENR", "SENR.txt"), ("STAR", "star.txt")])


def make_sandbox(tmp_path: Path, variant: str, *faults: str, drift: set[str] | None = None) -> Sandbox:
    """A sandbox with faults and drift, its uploads kept under tmp_path."""
    storage = tmp_path / f"site-{variant}-{time.monotonic_ns()}"
    return Sandbox(variant, storage=storage, faults=[Fault.parse(f) for f in faults], drift=drift or set())


@pytest.fixture
def one_file(examples: Path) -> Path:
    """A manifest of one example file, for tests whose point is one upload."""
    return write_manifest(examples.parent, "one.yaml", "2018-19", [("SENR", "extracts/SENR.txt")])


@pytest.fixture
def three_files(examples: Path) -> Path:
    files = [("SENR", "extracts/SENR.txt"), ("SINF", "extracts/SINF.txt"), ("SPRG", "extracts/SPRG.txt")]
    return write_manifest(examples.parent, "three.yaml", "2018-19", files)


def assert_honest(site: Sandbox, summary: RunSummary, out: Path) -> None:
    """The rule above all others, checked after every in-process run, whatever it raised: a file is
    called on the site only if the site holds exactly its bytes under its type and year, and the
    ledger says `submitted` only of such files."""

    def held(sha256: str, file_type: str, year: str) -> bool:
        return any((s.sha256, s.file_type, s.school_year) == (sha256, file_type, year) for s in site.submissions)

    for record in summary.files:
        if record.status in ("submitted", "already_submitted", "possibly_duplicated"):
            assert held(record.sha256, record.type, record.school_year), (
                f"{record.path} is called {record.status}, but the site does not hold it"
            )
    for entry in Ledger(out).read().values():
        if entry.state == "submitted":
            assert held(entry.sha256, entry.type, entry.school_year), f"the ledger says {entry.path} is on the site"


def assert_held_once(site: Sandbox, manifest: Path, *, year: str = "2018-19") -> None:
    """Every file of the manifest is on the site exactly once: its bytes, its type and its year."""
    data = yaml.safe_load(manifest.read_text())
    held = site.submissions
    for entry in data["files"]:
        path = manifest.parent / entry["path"]
        copies = [s for s in held if s.filename == path.name]
        assert len(copies) == 1, f"{path.name} is on the site {len(copies)} times"
        assert Path(copies[0].stored_as).read_bytes() == path.read_bytes()
        assert (copies[0].file_type, copies[0].school_year) == (entry["type"], year)
