"""Fixtures: the sandbox site, copies of the examples, and the CLI run as a coordinator runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Playwright

from bot.browser import QUIET_ARGS, candidates
from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], playwright: Playwright) -> dict[str, Any]:
    """pytest-playwright uses the same Chromium the bot would pick (here, often the system one)."""
    choice = candidates(playwright, None)[0]
    extra: dict[str, Any] = {"args": QUIET_ARGS}
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
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
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
