"""Where the file goes on the File Submission page: its file input (hidden behind a drop zone too)
or a drop zone that opens the browser's file chooser, and the button that sends it, never one in
another file's row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from bot.errors import ElementNotFound
from bot.site.form.controls import locate
from bot.site.form.plan import FormPlan
from bot.site.matching import any_word, whole_name
from bot.site.pages import SitePage, button_named, missing_element
from bot.site.scripts import BUTTON_PLACE_JS


@dataclass
class FileTarget:
    """Where the file goes: the form's file input, or a drop zone that opens a file chooser."""

    file_input: Locator | None = None
    browse: Locator | None = None
    found_by: str = ""
    # The frame the file input is in (0: the page itself): the form's button is there too.
    frame: int = 0


class FileInput(SitePage):
    """The part of the File Submission page that takes the file."""

    page_name = "File Submission"

    def send_button(self, target: FileTarget | None = None) -> Locator | None:
        """The button that sends a file; None when the form has none (choosing the file sends it).
        Never a button in another file's row (a staged file's own Submit); on a page with a button in
        each file's row, the one in the row of the file input used."""
        # A form in a frame of its own (an iframe) has its button beside its file input, in the frame.
        scope = self.page.frames[target.frame] if target is not None and target.frame else self.page
        try:
            first = self.find("submit_button", button_named, scope=scope, timeout_ms=min(self.timeout_ms, 2000))
        except ElementNotFound:
            return None
        if target is None or target.file_input is None:
            return first
        every = button_named(scope, whole_name(self.words.submit_button)).filter(visible=True)
        try:
            file_input = target.file_input.element_handle(timeout=self.timeout_ms)
            # Every button's place in one round trip, each file: not one a button.
            places = every.evaluate_all(
                f"(buttons, file) => buttons.slice(0, 40).map(b => ({BUTTON_PLACE_JS})(b, file))", file_input
            )
        except PlaywrightError:
            return first  # the file input in a frame of its own: no row to share with a button
        own_row = [i for i, (row, other) in enumerate(places) if row and not other]
        if own_row:
            return every.nth(own_row[0])
        if first.evaluate(BUTTON_PLACE_JS, file_input)[1]:
            free = [i for i, (_row, other) in enumerate(places) if not other]
            return every.nth(free[0]) if free else None
        return first

    def target(self, plan: FormPlan) -> FileTarget:
        """The form's file input, visible or hidden; else anything that offers to browse."""
        if plan.file_input is not None:
            return FileTarget(
                file_input=locate(self.page, plan.file_input), found_by="input type=file", frame=plan.file_input.frame
            )
        # Some loaders create their input only when the drop zone is clicked: then the file goes
        # through the browser's file chooser, as it does for a person.
        offer = any_word(self.words.browse_text)
        # Inside a form first: the page's instructions may well say "click to browse" too.
        for scope in (self.page.locator("form"), self.page):
            browse = scope.get_by_role("button", name=offer).or_(scope.get_by_text(offer)).filter(visible=True)
            if browse.count():
                label = " ".join(browse.first.inner_text().split())[:60]
                self.found["browse_text"] = label
                return FileTarget(browse=browse.first, found_by=f'the drop zone "{label}"')
        raise missing_element("browse_text", self.words.browse_text)

    def give(self, target: FileTarget, path: Path) -> None:
        # A path, never bytes: Playwright streams a path of any size to a local browser.
        if target.file_input is not None:
            target.file_input.set_input_files(path)
        elif target.browse is not None:
            with self.page.expect_file_chooser(timeout=self.timeout_ms) as chooser:
                target.browse.click()
            chooser.value.set_files(path)
