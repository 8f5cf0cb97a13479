"""When the browser itself fails (issue 20): Chromium's renderer or the whole browser killed, as an
out-of-memory kill or a crash does, while an upload is on its way or while the form is being filled.
Judged by what the sandbox stored: each file once, a summary true for every file, no traceback, and
a rerun that sends nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pytest

from bot.config import Config
from bot.credentials import Credentials
from bot.ledger import Ledger
from bot.manifest import load_manifest
from bot.ports import RunRequest
from bot.preflight import preflight
from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox
from bot.submission import SubmissionRun
from tests.conftest import QUICK, assert_held_once, assert_honest, make_sandbox, merged

pytestmark = pytest.mark.e2e


def _chromium_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.Process(os.getpid()).children(recursive=True):
        try:
            if "chrom" in process.name().casefold() or any("chrom" in a for a in process.cmdline()[:1]):
                found.append(process)
        except psutil.Error:
            continue
    return found


def chromium_now() -> set[int]:
    """The Chromium processes running now (the session's shared browser among them): never killed."""
    return {p.pid for p in _chromium_processes()}


def kill_renderers(spared: set[int]) -> int:
    """Kill the renderers of every browser started since: what the kernel's OOM killer does."""
    killed = 0
    for process in _chromium_processes():
        try:
            if "--type=renderer" in process.cmdline() and process.pid not in spared:
                process.kill()
                killed += 1
        except psutil.Error:
            continue
    return killed


def kill_browser(spared: set[int]) -> int:
    """Kill the main process of each Chromium started since."""
    killed = 0
    for process in _chromium_processes():
        try:
            main = not any(a.startswith("--type=") for a in process.cmdline())
            if main and process.pid not in spared:
                process.kill()
                killed += 1
        except psutil.Error:
            continue
    return killed


def run_alone(site: Sandbox, manifest: Path, out: Path, stop: Callable[[], bool] = lambda: False) -> Any:
    """A whole run in a Chromium of its own, as `python -m bot` starts one: a browser that can be
    killed without harming any other test. It runs in a thread of its own: on a worker where
    pytest-playwright's Playwright already runs, a second sync Playwright refuses to start in the
    thread that runs the first."""
    checked = preflight(load_manifest(manifest))
    config = Config.model_validate(merged(QUICK, {"site": {"base_url": site.url}}))
    request = RunRequest(
        checked.manifest, checked.files, config, Credentials(DEMO_USERNAME, DEMO_PASSWORD), out, stop=stop
    )
    run = SubmissionRun(request)
    try:
        with ThreadPoolExecutor(max_workers=1) as alone:
            return alone.submit(run.execute).result()
    finally:
        assert_honest(site, run.summary, out)


def when_uploading(site: Sandbox, act: Callable[[], int]) -> Callable[[], bool]:
    """A stop check (asked while a file is on its way) that acts once, when the first upload reached
    the site and is being answered slowly."""
    done: list[int] = []

    def stop() -> bool:
        if not done and site.state.uploads >= 1:
            done.append(act())
        return False

    return stop


@pytest.mark.parametrize("kill", ["renderer", "browser"])
def test_a_browser_killed_mid_upload_leaves_each_file_on_the_site_once(
    kill: str, tmp_path: Path, three_files: Path
) -> None:
    spared = chromium_now()
    out = tmp_path / "out"
    killer = kill_renderers if kill == "renderer" else kill_browser
    with make_sandbox(tmp_path, "classic", "slow@1:3") as site:
        summary = run_alone(site, three_files, out, when_uploading(site, lambda: killer(spared)))
        assert_held_once(site, three_files)
        sent = site.state.uploads
        again = run_alone(site, three_files, tmp_path / "out")
        assert site.state.uploads == sent, "a rerun sends nothing"
    assert [f.status for f in summary.files] == ["submitted"] * 3, [(f.status, f.error) for f in summary.files]
    assert summary.files[0].evidence == "the site's list", "the file in flight was found in the list"
    assert any("browser" in note for note in summary.files[0].notes)
    assert {e.state for e in Ledger(out).read().values()} == {"submitted"}
    assert {f.status for f in again.files} == {"already_submitted"}


def test_a_renderer_killed_while_the_form_is_filled_goes_on_with_a_new_browser(
    tmp_path: Path, three_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.site.form.page import FileSubmissionPage

    spared = chromium_now()
    fill = FileSubmissionPage.fill
    calls: list[int] = []

    def crashing_fill(self: FileSubmissionPage, planned: Any, on_step: Any = None) -> Any:
        calls.append(1)
        if len(calls) == 2:
            kill_renderers(spared)
        return fill(self, planned, on_step)

    monkeypatch.setattr(FileSubmissionPage, "fill", crashing_fill)
    with make_sandbox(tmp_path, "loader") as site:
        summary = run_alone(site, three_files, tmp_path / "out")
        assert_held_once(site, three_files)
    assert [f.status for f in summary.files] == ["submitted"] * 3, [(f.status, f.error) for f in summary.files]
