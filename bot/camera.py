"""What a browser session keeps of each step for the audit trail: a screenshot (every password box
blanked), a Playwright trace when asked for (stopped whenever the bot logs on), and the dialogs
answered on the way, each pictured and written to the events."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from bot.audit import FileRecord, RunFolder
from bot.errors import OutputError, first_line
from bot.site.pages import Focus, area

log = logging.getLogger(__name__)

# Screenshots of something gone wrong show the whole page: whoever looks needs all of it. Every other
# step shows a band of fixed size, so the 60th file costs what the first did.
WHOLE_PAGE_STEPS = frozenset(
    {"missing-element", "browser-error", "failed", "login-refused", "login-needs-person"}
    | {"login-missing", "home-missing", "form-missing"}
)


@dataclass(frozen=True)
class Recording:
    """What to record beyond screenshots: a Playwright trace, a video."""

    trace: bool = False
    video: bool = False


NO_RECORDING = Recording()


class Camera:
    """The session's pictures and trace, of whichever tab the run is in (`page` tells which)."""

    def __init__(self, page: Callable[[], Page], folder: RunFolder, recording: Recording) -> None:
        self.page = page
        self.folder = folder
        self.recording = recording
        self._tracing = False
        self._trace_parts = 0

    def shot(self, step: str, record: FileRecord | None = None, focus: Focus | None = None) -> str:
        """A screenshot of the step: the band of the page that shows the focus, else the window; the
        whole page only when something went wrong, for whoever has to find out why."""
        name = self.folder.screenshot_name(step, record)
        path = self.folder.file(name)
        whole = step in WHOLE_PAGE_STEPS
        page = self.page()
        # Every password box is blanked in every picture, whatever page it is on.
        try:
            band = area(page, focus) if focus is not None and not whole else None
            page.screenshot(
                path=path,
                full_page=whole or (band is not None and band.beyond_window),
                clip=band.clip if band is not None else None,
                mask=[page.locator("input[type=password]")],
            )
            path.chmod(0o600)
        except OSError as exc:
            raise OutputError(f"could not write the screenshot {path}: {exc.strerror or exc}", contacted=True) from None
        except PlaywrightError as exc:
            # A dead page (a crashed renderer, a closed browser) takes no picture: say so, go on.
            missing = f"no screenshot of {step}: the browser could not take it ({first_line(exc)})"
            (record.screenshots if record is not None else self.folder.summary.steps).remove(name)
            if record is not None:
                record.notes.append(missing)
            self.folder.event(step, file=record, detail=missing)
            log.warning("%s", missing)
            return f"(no screenshot: {first_line(exc)})"
        self.folder.event(step, file=record, screenshot=name)
        return name

    def answered(self, step: str, event: str, what: str) -> Callable[[str], None]:
        """What to do once a dialog over the page was answered: picture it as `step`, write `event`
        with what it said, and log `what` the bot did."""

        def told(said: str) -> None:
            shot = self.shot(step)
            self.folder.event(event, detail=f"{said} (see {shot})")
            log.info("%s: %s", what, said)

        return told

    def trace_on(self) -> None:
        if not self.recording.trace or self._tracing:
            return
        self.page().context.tracing.start(screenshots=True, snapshots=True, sources=False)
        self._tracing = True

    def trace_off(self) -> None:
        """A trace keeps every typed value, every input's value and every request's body: it is fully
        stopped whenever the bot logs on. (Trace chunks are not enough: between two chunks Playwright
        goes on recording, and the next chunk would hold the log-on request.)"""
        if not self._tracing:
            return
        self._trace_parts += 1
        path = self.folder.file(f"trace-{self._trace_parts}.zip")
        self.page().context.tracing.stop(path=path)
        path.chmod(0o600)
        self._tracing = False
        self.folder.event("trace", detail=path.name)
