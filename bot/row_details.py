"""What a row of the site's list links to about a file (its errors, its details), kept in the run
folder for the district: a page pictured, a file (an error report) saved as the site sent it. Only
the site's own pages are opened."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

from bot.audit import FileRecord
from bot.errors import first_line
from bot.ports import InSession

log = logging.getLogger(__name__)


class Keeper(InSession, Protocol):
    """What keeping a row's details needs of the browser session besides: a way to a page, and its
    picture."""

    def goto(self, url: str) -> None: ...

    def shot(self, step: str, record: FileRecord | None = None) -> str: ...


def keep_details(session: Keeper, link: str, record: FileRecord) -> str:
    """What a row of the list links to about a file (its errors, its details), kept in the run
    folder: a page is pictured, a file (an error report) saved as the site sent it. Returns the
    name it is kept under; the form must be opened again after it. Only the site's own pages."""
    site = urlsplit(session.config.site.base_url)
    target = urlsplit(link)
    if (target.scheme, target.netloc) != (site.scheme, site.netloc):
        return ""
    try:
        answer = session.page.context.request.get(link, timeout=session.timeout_ms)
        kind = answer.headers.get("content-type", "")
        attached = "attachment" in answer.headers.get("content-disposition", "")
        if answer.ok and (attached or "html" not in kind):
            suffix = ".txt" if "text/plain" in kind else Path(target.path).suffix or ".bin"
            return session.folder.save(f"{record.type}-site-report{suffix}", answer.body())
        session.goto(link)
    except PlaywrightError as exc:
        log.warning("could not open %s: %s", link, first_line(exc))
        return ""
    return session.shot("site-details", record)
