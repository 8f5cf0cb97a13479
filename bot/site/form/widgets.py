"""The widgets a person sets a choice through, beyond a native list: an ARIA combobox (one that offers
options only as you type too), a custom dropdown drawn beside a hidden list, and option buttons or
check boxes drawn as their labels. Each is used as a person uses it, then read back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from bot.errors import FileRefused, FormBroken
from bot.site.form.options import Wanted
from bot.site.form.plan import Control
from bot.site.matching import Option
from bot.site.scripts import (
    NEW_CHOICE_JS,
    NEW_CHOICES_JS,
    SHOWN_BEFORE_JS,
    SHOWS_CHOICE_JS,
    STAND_IN_BEFORE_JS,
    STAND_IN_JS,
    STAND_IN_OPTION_JS,
    TYPABLE_JS,
)
from bot.site.waits import until


@dataclass
class Widgets:
    page: Page
    timeout_ms: float
    # The element a control of the census stands for.
    locate: Callable[[Control], Locator]

    @staticmethod
    def tick(box: Locator, control: Control, *, on: bool) -> None:
        """Tick or clear a radio button or check box as a person does: itself, or its label when the
        page draws it as its label (a card, a toggle) and hides the button."""
        if control.widget != "label":
            box.set_checked(on)
            return
        if box.is_checked() == on:
            return
        label = box.evaluate_handle("e => [...e.labels].find(l => l.getClientRects().length) || null").as_element()
        if label is not None:
            label.click()

    def typed_options(self, control: Control, wanted: Wanted) -> Control:
        """A combobox that offers options only as you type: each filter is typed in turn (the code,
        then the official names) until the options it shows include one for the file; the control
        comes back with the options last shown."""
        box = self.locate(control)
        shown: list[Option] = []
        for typed in wanted.filters:
            box.fill(typed)
            options = self.page.frames[control.frame].get_by_role("option").filter(visible=True)
            # None shown by the limit: none offered for these words, and the next are typed.
            until(self.page, min(self.timeout_ms / 1000, 3), options.count)
            shown = [Option(value=t, text=t) for t in (" ".join(x.split()) for x in options.all_inner_texts())]
            if wanted.matching(shown):
                break
        return replace(control, options=tuple(shown))

    def typable(self, control: Control) -> bool:
        try:
            return bool(self.locate(control).evaluate(TYPABLE_JS))
        except PlaywrightError:
            return False

    def choose_like_a_person(self, control: Control, wanted: Wanted) -> Control:
        """A dropdown the bot does not know, used as a person uses it: click it, read the words its
        opening showed (drawn anywhere: at the end of the body, over a backdrop), and return the
        control with those words as its options; `click_choice` then clicks one."""
        frame = self.page.frames[control.frame]
        box = self.locate(control)
        cannot = f'the {wanted.what} dropdown "{control.name}" showed no choices when clicked; nothing was sent'
        try:
            frame.evaluate(SHOWN_BEFORE_JS)
            box.click(timeout=self.timeout_ms)
            words: list[str] = []

            def offers() -> bool:
                words[:] = [str(w) for w in frame.evaluate(NEW_CHOICES_JS)]
                return bool(wanted.matching([Option(value=w, text=w) for w in words]))

            # None for the file by the limit: the words shown come back, and the choice among them
            # then names what the dropdown offers instead.
            until(self.page, self.timeout_ms / 1000, offers)
        except PlaywrightError:
            raise FormBroken(cannot) from None
        if not words:
            raise FormBroken(cannot)
        return replace(control, options=tuple(Option(value=w, text=w) for w in words))

    def click_choice(self, control: Control, option: Option, what: str) -> None:
        """Click the option's words in the dropdown just opened, then see that the control shows them."""
        frame = self.page.frames[control.frame]
        box = self.locate(control)
        cannot = f'the {what} dropdown "{control.name}" would not take "{option.text}"; nothing was sent'
        try:
            choice = frame.evaluate_handle(NEW_CHOICE_JS, option.text).as_element()
            if choice is None:
                raise FormBroken(cannot)
            choice.click(timeout=self.timeout_ms)
            shows = bool(frame.evaluate(SHOWS_CHOICE_JS, [box.element_handle(timeout=self.timeout_ms), option.text]))
        except PlaywrightError:
            raise FormBroken(cannot) from None
        if not shows:
            raise FormBroken(
                f'the {what} dropdown "{control.name}" does not show "{option.text}" after the bot chose it; '
                "nothing was sent"
            )

    def choose_in_combobox(self, control: Control, option: Option, what: str) -> None:
        """Open an ARIA combobox as a person does, click the option's words in the listbox it shows,
        and read the choice back from what the combobox then shows."""
        box = self.locate(control)
        frame = self.page.frames[control.frame]
        cannot = f'the {what} combobox "{control.name}" would not take "{option.text}"; nothing was sent'
        try:
            box.click()
            shown = frame.get_by_role("option", name=option.text, exact=True).filter(visible=True)
            if shown.count() != 1:
                raise FileRefused(cannot)
            shown.first.click()
            now = " ".join((box.input_value() if control.widget != "aria" else box.inner_text()).split())
        except PlaywrightError:
            raise FileRefused(cannot) from None
        if now != option.text:
            raise FileRefused(
                f'the {what} combobox shows "{now}" after the bot chose "{option.text}"; nothing was sent'
            )

    def choose_through_stand_in(self, control: Control, option: Option, what: str) -> None:
        """Choose in the custom dropdown drawn beside a hidden list, as a person does: open it, click
        the option's words. The hidden list itself is never set: what the read-back finds there is
        what the site's own script made of the choice."""
        cannot = (
            f'the {what} list "{control.name}" is hidden, and the bot could not choose "{option.text}" in the '
            "dropdown beside it; nothing was sent"
        )
        frame = self.page.frames[control.frame]
        hidden = self.locate(control)
        try:
            opener = hidden.evaluate_handle(STAND_IN_JS).as_element()
            if opener is None:
                raise FileRefused(cannot)
            frame.evaluate(STAND_IN_BEFORE_JS, option.text)
            opener.click(timeout=self.timeout_ms)
            choice = frame.evaluate_handle(STAND_IN_OPTION_JS, [opener, option.text]).as_element()
            if choice is None:
                raise FileRefused(cannot)
            choice.click(timeout=self.timeout_ms)
        except PlaywrightError:
            raise FileRefused(cannot) from None
