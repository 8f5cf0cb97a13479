"""Every wait of the site layer: a poll until something holds, or its limit. Time is what the page
was asked to wait, or the wall clock when that is more: a fake page whose waits return at once has
still waited, so no fast test sleeps for real, and a real page's slow polls are never undercounted.
A wait that reaches its limit says so, and its caller decides what that means."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Protocol


class Waits(Protocol):
    """What a wait needs of a page: its own timer (Playwright's, or a fake's)."""

    def wait_for_timeout(self, timeout: float) -> None: ...


def ticks(
    page: Waits, limit_s: float, step_ms: float = 50, pause: Callable[[float], None] | None = None
) -> Iterator[float]:
    """Yields the seconds waited so far, pausing between polls, until the limit. `pause` waits in its
    own way, at most the time given (until an upload is answered, say)."""
    start = time.monotonic()
    asked = 0.0
    wait = pause or page.wait_for_timeout
    while (waited := max(time.monotonic() - start, asked)) < limit_s:
        yield waited
        ms = min(step_ms, max(1.0, (limit_s - waited) * 1000))
        wait(ms)
        asked += ms / 1000


def until(page: Waits, limit_s: float, done: Callable[[], object], *, step_ms: float = 100) -> bool:
    """Whether `done` came to hold (anything true) within the limit, asked at once and then every step."""
    return any(done() for _ in ticks(page, limit_s, step_ms))
