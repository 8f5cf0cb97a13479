"""The widgets a person chooses through, one class each: a native list, a native list hidden behind
the dropdown a script drew beside it, option buttons (drawn as their labels too), an ARIA combobox,
one that offers options only as you type, and a dropdown that shows its choices only once clicked.
Each is used as a person uses it, then read back.

Adding a widget: a name in plan.ChoiceWidget and its detection in Control.choice (and the census
script, if it must read something new), one class here, and its case in `widget_for`. mypy then
names every other place that must say something of it (its noun, its --check-site prediction)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from bot.errors import FileRefused, FormBroken
from bot.site.form.controls import form_control
from bot.site.form.options import Wanted
from bot.site.form.plan import ChoiceWidget, Control, never
from bot.site.matching import Option
from bot.site.scripts import (
    NEW_CHOICE_JS,
    NEW_CHOICES_JS,
    SHOWN_BEFORE_JS,
    SHOWS_CHOICE_JS,
    STAND_IN_BEFORE_JS,
    STAND_IN_JS,
    STAND_IN_OPTION_JS,
)
from bot.site.waits import until


class Widget(Protocol):
    """How a person chooses in one kind of control."""

    # Read back by the filler in one look after the last choice, rather than as it is chosen: a
    # native list, which the page's script may change when another list changes.
    read_back_later: bool

    def offered(self, control: Control, wanted: Wanted) -> Control:
        """The control with the options it offers the file: as read, or once opened or typed into."""
        ...

    def choose(self, control: Control, option: Option, what: str) -> Option:
        """Choose the option (one `offered` gave) as a person does, and see that the control shows
        it. Returns the option as the form posts it."""
        ...


@dataclass
class Hands:
    """What every widget acts with: the page, its timeout, and the way to a counted control."""

    page: Page
    timeout_ms: float
    # The element a control of the census stands for.
    locate: Callable[[Control], Locator]


def widget_for(kind: ChoiceWidget, hands: Hands) -> Widget:
    match kind:
        case "list":
            return NativeList(hands)
        case "hidden_list":
            return HiddenList(hands)
        case "option_buttons":
            return OptionButtons(hands)
        case "combobox":
            return Combobox(hands)
        case "typeahead":
            return Typeahead(hands)
        case "dropdown":
            return Dropdown(hands)
        case _:
            never(kind)


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


@dataclass
class _Widget:
    hands: Hands
    read_back_later = False

    def offered(self, control: Control, wanted: Wanted) -> Control:
        return control


class NativeList(_Widget):
    read_back_later = True

    def choose(self, control: Control, option: Option, what: str) -> Option:
        self.hands.locate(control).select_option(value=option.value)
        return option


class HiddenList(_Widget):
    read_back_later = True

    def choose(self, control: Control, option: Option, what: str) -> Option:
        """Choose in the custom dropdown drawn beside a hidden list, as a person does: open it, click
        the option's words. The hidden list itself is never set: what the read-back finds there is
        what the site's own script made of the choice."""
        hands = self.hands
        cannot = (
            f'the {what} list "{control.name}" is hidden, and the bot could not choose "{option.text}" in the '
            "dropdown beside it; nothing was sent"
        )
        frame = hands.page.frames[control.frame]
        hidden = hands.locate(control)
        try:
            opener = hidden.evaluate_handle(STAND_IN_JS).as_element()
            if opener is None:
                raise FileRefused(cannot)
            frame.evaluate(STAND_IN_BEFORE_JS, option.text)
            opener.click(timeout=hands.timeout_ms)
            choice = frame.evaluate_handle(STAND_IN_OPTION_JS, [opener, option.text]).as_element()
            if choice is None:
                raise FileRefused(cannot)
            choice.click(timeout=hands.timeout_ms)
        except PlaywrightError:
            raise FileRefused(cannot) from None
        return option


class OptionButtons(_Widget):
    def choose(self, control: Control, option: Option, what: str) -> Option:
        """Tick the option's button (its census index is the option's value); the form posts the
        button's own value."""
        radio = form_control(self.hands.page, control.frame, int(option.value))
        tick(radio, control, on=True)
        if not radio.is_checked():
            raise FileRefused(f'the {what} option "{option.text}" would not stay chosen; nothing was sent')
        return Option(value=str(radio.evaluate("e => e.value")), text=option.text)


class Combobox(_Widget):
    def choose(self, control: Control, option: Option, what: str) -> Option:
        """Open an ARIA combobox as a person does, click the option's words in the listbox it shows,
        and read the choice back from what the combobox then shows."""
        hands = self.hands
        box = hands.locate(control)
        frame = hands.page.frames[control.frame]
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
        return option


class Typeahead(Combobox):
    def offered(self, control: Control, wanted: Wanted) -> Control:
        """A combobox that offers options only as you type: each filter is typed in turn (the code,
        then the official names) until the options it shows include one for the file; the control
        comes back with the options last shown."""
        hands = self.hands
        box = hands.locate(control)
        shown: list[Option] = []
        for typed in wanted.filters:
            box.fill(typed)
            options = hands.page.frames[control.frame].get_by_role("option").filter(visible=True)
            # None shown by the limit: none offered for these words, and the next are typed.
            until(hands.page, min(hands.timeout_ms / 1000, 3), options.count)
            shown = [Option(value=t, text=t) for t in (" ".join(x.split()) for x in options.all_inner_texts())]
            if wanted.matching(shown):
                break
        return replace(control, options=tuple(shown))


class Dropdown(_Widget):
    def offered(self, control: Control, wanted: Wanted) -> Control:
        """A dropdown the bot does not know, used as a person uses it: click it, read the words its
        opening showed (drawn anywhere: at the end of the body, over a backdrop), and return the
        control with those words as its options."""
        hands = self.hands
        frame = hands.page.frames[control.frame]
        box = hands.locate(control)
        cannot = f'the {wanted.what} dropdown "{control.name}" showed no choices when clicked; nothing was sent'
        words: list[str] = []

        def offers() -> bool:
            words[:] = [str(w) for w in frame.evaluate(NEW_CHOICES_JS)]
            return bool(wanted.matching([Option(value=w, text=w) for w in words]))

        try:
            frame.evaluate(SHOWN_BEFORE_JS)
            box.click(timeout=hands.timeout_ms)
            # None for the file by the limit: the words shown come back, and the choice among them
            # then names what the dropdown offers instead.
            until(hands.page, hands.timeout_ms / 1000, offers)
        except PlaywrightError:
            raise FormBroken(cannot) from None
        if not words:
            raise FormBroken(cannot)
        return replace(control, options=tuple(Option(value=w, text=w) for w in words))

    def choose(self, control: Control, option: Option, what: str) -> Option:
        """Click the option's words in the dropdown just opened, then see that the control shows them."""
        hands = self.hands
        frame = hands.page.frames[control.frame]
        box = hands.locate(control)
        cannot = f'the {what} dropdown "{control.name}" would not take "{option.text}"; nothing was sent'
        try:
            choice = frame.evaluate_handle(NEW_CHOICE_JS, option.text).as_element()
            if choice is None:
                raise FormBroken(cannot)
            choice.click(timeout=hands.timeout_ms)
            shows = bool(frame.evaluate(SHOWS_CHOICE_JS, [box.element_handle(timeout=hands.timeout_ms), option.text]))
        except PlaywrightError:
            raise FormBroken(cannot) from None
        if not shows:
            raise FormBroken(
                f'the {what} dropdown "{control.name}" does not show "{option.text}" after the bot chose it; '
                "nothing was sent"
            )
        return option
