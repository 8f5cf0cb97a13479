"""Starting a Chromium, with stand-ins for Playwright: what the bot says when none will start."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from bot.browser import candidates, launch
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


def starting(only: str) -> tuple[Any, list[dict[str, Any]]]:
    """A stand-in Playwright with no Chromium of its own, whose launch starts only the named channel."""
    tried: list[dict[str, Any]] = []

    def launch_chromium(**kwargs: Any) -> Any:
        tried.append(kwargs)
        if kwargs.get("channel") != only:
            raise PlaywrightError(f'Chromium distribution "{kwargs.get("channel")}" is not found')
        return SimpleNamespace(version="131.0")

    return SimpleNamespace(chromium=SimpleNamespace(executable_path="/nowhere", launch=launch_chromium)), tried


def test_with_no_chromium_the_installed_chrome_then_edge_are_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.browser.find_system_chromium", lambda: None)
    monkeypatch.setattr("bot.browser.find_headless_shell", lambda: None)
    playwright, tried = starting("msedge")
    _, choice = launch(playwright, BrowserSettings())
    assert [t["channel"] for t in tried] == ["chrome", "msedge"]
    assert choice.channel == "msedge" and "Microsoft Edge" in choice.describe()


def test_a_configured_channel_is_the_only_one_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.browser.find_system_chromium", lambda: None)
    monkeypatch.setattr("bot.browser.find_headless_shell", lambda: None)
    playwright, tried = starting("chrome")
    _, choice = launch(playwright, BrowserSettings(channel="chrome"))
    assert [t["channel"] for t in tried] == ["chrome"] and choice.channel == "chrome"
    with pytest.raises(BrowserNotFound, match=r"browser\.channel"):
        launch(starting("chrome")[0], BrowserSettings(channel="msedge"))
    with pytest.raises(BrowserNotFound, match="no Chromium found"):
        launch(starting("chrome")[0], BrowserSettings(channel="chromium"))


def test_a_headless_run_takes_the_headless_shell_and_a_run_with_a_window_the_full_chromium(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shell, full = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr("bot.browser.find_headless_shell", lambda: shell)
    monkeypatch.setattr("bot.browser.find_system_chromium", lambda: full)
    playwright = SimpleNamespace(chromium=SimpleNamespace(executable_path="/nowhere"))
    assert [c.executable for c in candidates(playwright, None)][:2] == [shell, full]  # type: ignore[arg-type]
    assert [c.executable for c in candidates(playwright, None, headless=False)][:1] == [full]  # type: ignore[arg-type]
    assert shell not in [c.executable for c in candidates(playwright, None, headless=False)]  # type: ignore[arg-type]
