"""Starting a Chromium, with stand-ins for Playwright: what the bot says when none will start."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from bot.browser import launch
from bot.config import BrowserSettings
from bot.errors import BrowserNotFound


def refusing(message: str) -> Any:
    def launch_chromium(**_: Any) -> Any:
        raise PlaywrightError(message)

    return SimpleNamespace(chromium=SimpleNamespace(executable_path="/nowhere", launch=launch_chromium))


def test_a_browser_the_machine_has_no_memory_for_is_said_to_be_that(tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    playwright = refusing("BrowserType.launch: spawn ENOMEM")
    with pytest.raises(BrowserNotFound, match="this machine is out of memory") as stopped:
        launch(playwright, BrowserSettings(executable_path=str(chromium)))
    assert "Install one of" not in str(stopped.value), "nothing is missing: memory is"


def test_a_browser_that_will_not_start_for_another_reason_says_what_to_install(tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    playwright = refusing("BrowserType.launch: Target page, context or browser has been closed")
    with pytest.raises(BrowserNotFound, match="Install one of"):
        launch(playwright, BrowserSettings(executable_path=str(chromium)))
