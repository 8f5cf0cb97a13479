"""What the command line prints: tables whose rows stay whole lines, and the live line on a terminal."""

from __future__ import annotations

import io
import logging

from rich.console import Console

from bot.console import LiveLine, configure_logging, table


def test_a_table_keeps_each_row_on_one_line_and_prints_names_as_they_are() -> None:
    long_path = "exports/" + "x" * 150 + "/[2023-24] SENR:final.txt"
    drawn = table([("#", "file", "plan"), ("1", long_path, "would send")])
    first, second = drawn.splitlines()
    assert first.split() == ["#", "file", "plan"]
    assert second.startswith("1  ") and long_path in second and second.endswith("would send")


def test_the_live_line_says_what_the_wait_is_for_and_goes_away() -> None:
    out = io.StringIO()
    live = LiveLine(Console(file=out, force_terminal=True, width=100))
    live("[1/2] SENR 2023-24: the file is on its way (3 s)")
    live("[1/2] SENR 2023-24: waiting for the site's answer (5 s)")
    assert live.status is not None
    live(None)
    assert live.status is None
    assert "waiting for the site's answer" in out.getvalue()


def test_on_a_terminal_the_log_goes_through_rich_and_quiet_has_no_live_line() -> None:
    try:
        assert isinstance(configure_logging(False, False, live=True), LiveLine)
        assert configure_logging(False, True, live=True) is None
        assert logging.getLogger("bot").level == logging.WARNING
    finally:
        configure_logging(False, False, live=False)
