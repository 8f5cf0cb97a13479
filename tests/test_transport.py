"""Which requests the browser may make in clear text: decided by the address alone."""

from __future__ import annotations

import pytest

from bot.errors import InsecureSite
from bot.transport import PLAIN_HTTP_ELSEWHERE, require_safe_transport


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/",
        "HTTP://EVIL.EXAMPLE/",
        "http://127.0.0.1@evil.example/",  # user info before the real host
        "http://127.0.0.1.evil.example/",
        "http://localhost.evil.example/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.0.0.5:8080/FileSubmission/Upload",
    ],
)
def test_plain_http_to_anywhere_else_goes_to_the_guard(url: str) -> None:
    assert PLAIN_HTTP_ELSEWHERE.search(url)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/FileSubmission", "http://localhost/", "http://[::1]:80/x", "http://127.0.0.1?x=1"],
)
def test_this_machine_and_https_are_left_to_the_browser(url: str) -> None:
    # Matched in Playwright's driver: the sandbox's own traffic never makes a round trip to Python.
    assert not PLAIN_HTTP_ELSEWHERE.search(url)
    assert not PLAIN_HTTP_ELSEWHERE.search(url.replace("http://", "https://"))


def test_credentials_go_only_over_https_or_to_this_machine() -> None:
    require_safe_transport("https://www.calpassplus.org/User/Login")
    require_safe_transport("http://127.0.0.1:8000/User/Login")
    with pytest.raises(InsecureSite, match="plain HTTP would expose the password"):
        require_safe_transport("http://www.calpassplus.org/User/Login")
