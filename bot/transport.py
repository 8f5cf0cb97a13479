"""HTTPS on the wire: credentials and student files go only over HTTPS, or to this machine. Checked in
the config before a browser starts, and on every request the browser makes."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from playwright.sync_api import Route

from bot.errors import InsecureSite


def is_loopback(host: str) -> bool:
    """This machine, judged by the address itself: never by what a name resolves to."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_safe_transport(url: str) -> None:
    """Credentials go only over HTTPS, or to this machine."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if not is_loopback(parts.hostname or ""):
        raise InsecureSite(
            f"refusing to send credentials to {parts.scheme}://{parts.netloc}: "
            "plain HTTP would expose the password; use an https:// address"
        )


# The requests the guard must judge: plain HTTP to any host but an obvious loopback one. Matched by
# Playwright's driver, so the sandbox's own traffic (every page, script and upload) never makes a
# round trip to Python; anything the pattern lets through is judged again, by the address itself.
PLAIN_HTTP_ELSEWHERE = re.compile(
    r"^http://(?!(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$))", re.IGNORECASE
)


class WireGuard:
    """HTTPS on the wire, not in the config: every request the browser makes to a plain-HTTP
    address that is not this machine is aborted, whatever the config said and whatever redirected
    there. A page, a form post or an upload among them stops the run: the password or a student
    file would have crossed the network in clear text. The URL judged is the one the browser
    actually requests, after its own parsing and every redirect."""

    def __init__(self) -> None:
        self.refused: str | None = None

    def __call__(self, route: Route) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if parts.scheme != "http" or is_loopback(parts.hostname or ""):
            route.fallback()
            return
        if request.method != "GET" or request.is_navigation_request():
            self.refused = self.refused or f"http://{parts.netloc}"
        route.abort("blockedbyclient")

    def check(self, page_url: str | None = None) -> None:
        """Stop if a request was blocked, or if the page itself came over plain HTTP from elsewhere
        (a redirect's target is not seen by the route: the page's address is)."""
        if page_url is not None:
            parts = urlsplit(page_url)
            if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
                self.refused = self.refused or f"http://{parts.netloc}"
        if self.refused:
            raise InsecureSite(
                f"stopped: the browser was sent to {self.refused} over plain HTTP, which would expose the "
                "password or the files; the request was blocked. Use the site's https:// address"
            )
