"""The messages a page shows, and those an action added: what a person reads after pressing a button."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from bot.site.answer import Message
from bot.site.scripts import MESSAGES_JS


@dataclass
class Messages:
    """The messages on a page before an action, so that only what the action added is read."""

    before: set[str] = field(default_factory=set)

    @staticmethod
    def read(page: Page, timeout_ms: float = 1000, *, settled: bool = False) -> list[Message] | None:
        """The page's messages; None while the page cannot be read (a navigation is on its way).

        Once something was pressed, read through a locator with a timeout (three round trips),
        because page.evaluate waits for a pending navigation to commit, and a form posting a large
        file would hold it for the whole upload. A settled page, before anything is pressed, is read
        in one.
        """
        try:
            if settled:
                rows = page.evaluate(MESSAGES_JS)
            else:
                rows = page.locator(":root").evaluate(MESSAGES_JS, timeout=timeout_ms)
        except PlaywrightError:
            return None
        return [Message(text=str(text), live=bool(live), top=float(top)) for text, live, top in rows]

    def remember(self, page: Page) -> None:
        """Called before the action, on a page that has settled."""
        self.before = {m.text for m in self.read(page, settled=True) or []}

    def new(self, page: Page) -> list[Message] | None:
        seen = self.read(page)
        return None if seen is None else [m for m in seen if m.text not in self.before]
