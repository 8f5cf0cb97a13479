"""The site layer's one way to wait: a poll that ends when its condition holds, or says it reached
its limit. Time is the time the page was asked to wait, so a fake page's instant waits count."""

from __future__ import annotations

from bot.site.waits import ticks, until


class Timer:
    """A page's timer that returns at once and keeps what it was asked to wait."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def wait_for_timeout(self, timeout: float) -> None:
        self.asked.append(timeout)


def test_a_wait_that_reaches_its_limit_says_so_having_waited_the_whole_limit() -> None:
    timer = Timer()
    assert until(timer, 60.0, lambda: False, step_ms=500) is False
    assert sum(timer.asked) == 60_000, "a minute asked of the page, and not one real second slept"


def test_a_wait_ends_at_the_first_poll_its_condition_holds() -> None:
    timer, polls = Timer(), []

    def third() -> bool:
        polls.append(1)
        return len(polls) == 3

    assert until(timer, 60.0, third, step_ms=100) is True
    assert timer.asked == [100, 100], "asked at once, then after each step"


def test_the_last_step_waits_only_what_is_left_of_the_limit() -> None:
    timer = Timer()
    assert [round(w, 2) for w in ticks(timer, 0.25, step_ms=100)] == [0.0, 0.1, 0.2]
    assert [round(w) for w in timer.asked] == [100, 100, 50]
