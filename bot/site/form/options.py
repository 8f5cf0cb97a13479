"""Which option a file gets, and whether what the form will post is what was chosen. Pure policy: no
browser here, so the run and --check-site choose by one set of rules, tested without Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.errors import FileRefused
from bot.filetypes import NAMES, FileType
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear
from bot.site.form.plan import TYPED, Control, FormPlan, never, write_year, year_format, year_unclear
from bot.site.matching import Option, names_type, options_for_type, options_for_year, whole_name, year_in_option
from bot.site.words import SiteWords

FILE_TYPE = "file type"
ACADEMIC_YEAR = "academic year"


@dataclass(frozen=True)
class Chosen:
    """A choice the bot made in a control, and what the control is for (for the messages)."""

    control: Control
    option: Option
    what: str


@dataclass(frozen=True)
class Wanted:
    """What one control should get for a file: the words to type into a combobox that shows nothing
    until typed into, and the rule that says which options name the file."""

    what: str
    wanted: str
    filters: tuple[str, ...]
    matching: Callable[[list[Option]], list[Option]]


def type_wanted(planned: PlannedFile, words: SiteWords) -> Wanted:
    aliases = words.file_type_options.get(planned.type.value, [])
    return Wanted(
        FILE_TYPE,
        planned.type.value,
        (planned.type.value, *NAMES[planned.type], *aliases),
        lambda options: options_for_type(options, planned.type, aliases),
    )


def year_wanted(year: SchoolYear) -> Wanted:
    return Wanted(ACADEMIC_YEAR, year.short, (str(year.start), year.short), lambda o: options_for_year(o, year))


def narrowed(wanted: Wanted, by: Wanted) -> Wanted:
    """One list that names both the type and the year ("2023-24 Student Enrollment (SENR)"), with no
    other list for the second: of several options for the first, those that also name the second."""

    def matching(options: list[Option]) -> list[Option]:
        found = wanted.matching(options)
        return found if len(found) <= 1 else [o for o in found if by.matching([o])]

    return Wanted(wanted.what, wanted.wanted, wanted.filters, matching)


def wanted_for(planned: PlannedFile, plan: FormPlan, words: SiteWords) -> tuple[Wanted, Wanted]:
    """What the file type and the year controls should get for one file; a list that stands alone
    for both is narrowed by the other."""
    kind, year = type_wanted(planned, words), year_wanted(planned.school_year)
    return (
        narrowed(kind, year) if plan.year is None else kind,
        narrowed(year, kind) if plan.file_type is None else year,
    )


def one_option(control: Control, wanted: Wanted, choices: Sequence[Option]) -> Option:
    """The one option that names the file; none, or several, stops the file before anything is sent."""
    offered = ", ".join(o.text for o in control.options if o.text)
    if not choices:
        unlock = (
            f"; if one of them is {wanted.wanted}, add to the config: words: {{file_type_options: {{{wanted.wanted}: "
            '["<that option>"]}}'
            if wanted.what == FILE_TYPE
            else ""
        )
        raise FileRefused(
            f"the {wanted.what} list has no option for {wanted.wanted} (it offers: {offered}); nothing was sent{unlock}"
        )
    if len(choices) > 1:
        several = ", ".join(f'"{o.text}"' for o in choices)
        raise FileRefused(
            f"the {wanted.what} list has several options for {wanted.wanted} ({several}); nothing was sent"
        )
    return choices[0]


@dataclass(frozen=True)
class Pick:
    """What --check-site reports a control would get for a file, and whether that is one answer."""

    said: str
    ok: bool


def predict(control: Control | None, wanted: Wanted, year: SchoolYear) -> Pick:
    """The exact option (or typed text) a control would get, by the rules a run uses, or why none."""
    if control is None:
        return Pick("(the form has no such list)", ok=True)
    if control.kind in TYPED and wanted.what == ACADEMIC_YEAR:
        return _typed_year(control, year)
    opened = _opened(control, wanted)
    if opened is not None:
        return opened
    options = wanted.matching(list(control.options))
    if len(options) == 1:
        return Pick(f'"{options[0].text}"', ok=True)
    if options:
        return Pick(f"several options for {wanted.wanted}: " + ", ".join(f'"{o.text}"' for o in options), ok=False)
    return Pick(f"no option for {wanted.wanted}", ok=False)


def _opened(control: Control, wanted: Wanted) -> Pick | None:
    """How a widget that shows its options only once typed into or opened would be chosen in; None
    for one that shows them as it is."""
    match control.choice:
        case "typeahead":
            return Pick(f'typed: "{wanted.filters[0]}", then the option that names it', ok=True)
        case "dropdown":
            return Pick("opened as a person opens it, then the option that names the file", ok=True)
        case "list" | "hidden_list" | "option_buttons" | "combobox" | None:
            return None
        case unknown:
            never(unknown)


def _typed_year(control: Control, year: SchoolYear) -> Pick:
    form = year_format(control.hint)
    if form is not None:
        return Pick(f'typed as "{write_year(year, form)}"', ok=True)
    if year_unclear(control):
        return Pick(f"a year box that does not say how to write {year.short}", ok=False)
    return Pick(f'typed as "{year.long}" (the page states no format; a refusal stating one is learned)', ok=True)


def predict_file(planned: PlannedFile, plan: FormPlan, words: SiteWords) -> tuple[Pick, Pick]:
    """What the file type and the year controls would get for one file."""
    kind, year = wanted_for(planned, plan, words)
    return (
        predict(plan.file_type, kind, planned.school_year),
        predict(plan.year, year, planned.school_year),
    )


def same_meaning(posted: str, chosen: Option, what: str) -> bool:
    """Whether a value a script wrote into a field (a combobox's hidden input: "SENR", "2023-24") means
    what the bot chose: the same file type, or the same school year."""
    if not posted.strip():
        return False
    if what == FILE_TYPE:
        meant = [t for t in FileType if names_type(Option(posted, posted), t)]
        return len(meant) == 1 and names_type(chosen, meant[0])
    if what == ACADEMIC_YEAR:
        year = year_in_option(chosen.text) or year_in_option(chosen.value)
        return year is not None and year_in_option(posted) == year
    return False


def read_back_problem(chosen: Chosen, value: str, text: str) -> str | None:
    """Why a list read back after the choice does not hold it, or None when it does."""
    if value == chosen.option.value:
        return None
    control, what = chosen.control, chosen.what
    where = f'the {what} list "{control.name}" (hidden)' if control.hidden else f"the {what} list"
    return f'{where} shows "{text}" after the bot chose "{chosen.option.text}"; nothing was sent'


def posted_problem(fields: Sequence[tuple[str, str]], chosen: Sequence[Chosen], words: SiteWords) -> str | None:
    """Why what the form would post differs from what the bot chose, or None when it does not: every
    field the bot chose must post the option's value, and every field whose name ties it to the file
    type or year (FileType, academic_year) must hold the same type or year."""
    for choice in chosen:
        name = choice.control.posted_as
        sent = [v for k, v in fields if name and k == name]
        if any(v != choice.option.value for v in sent):
            return (
                f'the form would post {name}="{sent[0]}" for the {choice.what} after the bot chose '
                f'"{choice.option.text}"; nothing was sent'
            )
    meanings = {FILE_TYPE: whole_name(words.file_type_label), ACADEMIC_YEAR: whole_name(words.academic_year_label)}
    for key, value in fields:
        spoken = re.sub(r"(?<=[a-z])(?=[A-Z])|[_.-]+", " ", key)
        for what, pattern in meanings.items():
            mine = [c for c in chosen if c.what == what]
            if not pattern.match(spoken) or not mine or any(c.control.posted_as == key for c in mine):
                continue
            option = mine[0].option
            if value not in (option.value, option.text) and not same_meaning(value, option, what):
                shown = f'"{value}"' if value else "nothing"
                return (
                    f'the form would post {shown} in its field "{key}" for the {what} after the bot chose '
                    f'"{option.text}"; nothing was sent'
                )
    return None
