"""Accounting for the whole File Submission page: which control is the file type list, the year
list, the file input, a field the config sets, or plainly not part of the upload. Pure logic: the
page objects read the controls, this decides.

A list is known by its name or by what it holds: one whose options name file types is the file
type list, one whose options are school years is the year list. Any other control could change
what the site files a submission under (an "Organization" list left on its first school, a year
list in a toolbar left on the current year), so the bot stops before sending, names it, and says
what to put in the config.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NoReturn

from bot.filetypes import NAMES, FileType
from bot.schoolyear import SchoolYear
from bot.site.matching import Option, any_word, names_type, whole_name, year_in_option
from bot.site.words import SiteWords

# The nouns of the controls that take a value, a tick or a file (a choice's: choice_noun).
_KIND_NAMES = {
    "checkbox": "check box",
    "radio": "option button",
    "file": "file input",
    "textarea": "text box",
    "date": "date box",
    "datetime-local": "date and time box",
    "time": "time box",
    "number": "number box",
    "email": "email box",
}

FieldValue = str | bool

# How a person chooses in a control, one name per way: a native list; a native list hidden behind the
# dropdown a script drew beside it; option buttons; a combobox that lists its options; one that offers
# them only as you type; a dropdown that shows them only once clicked. Every place that differs by
# widget matches on this to the end (`never`), so mypy names each place a new widget must reach.
ChoiceWidget = Literal["list", "hidden_list", "option_buttons", "combobox", "typeahead", "dropdown"]
# How a control is drawn, where that changes how it is found or pressed: "aria", a combobox that is
# no form control (counted among [role=combobox] elements); "label", a radio button or check box
# drawn as its label (a card, a toggle), the button itself hidden.
Drawn = Literal["", "aria", "label"]
DRAWN: dict[str, Drawn] = {"aria": "aria", "label": "label"}


def never(value: NoReturn) -> NoReturn:
    """The end of a match over every case of a Literal: mypy fails here when a case is missing."""
    raise AssertionError(f"no case for {value!r}")


def choice_noun(widget: ChoiceWidget) -> str:
    match widget:
        case "list" | "hidden_list":
            return "list"
        case "option_buttons":
            return "group of option buttons"
        case "combobox" | "typeahead" | "dropdown":
            return "combobox"
        case _:
            never(widget)


@dataclass(frozen=True)
class Control:
    """One control as a person sees it: its kind, the name beside it and its current value."""

    frame: int
    index: int
    kind: str
    name: str
    value: str = ""
    options: tuple[Option, ...] = ()
    search: bool = False
    required: bool = False
    # A native list hidden from view (a custom dropdown may stand in for it), and the name it is
    # posted under.
    hidden: bool = False
    posted_as: str = ""
    # A radio button: its group's question. A radio group: each option's radio button, by index.
    group: str = ""
    members: tuple[int, ...] = ()
    # What the page says of the value it wants (placeholder, pattern, hint).
    hint: str = ""
    widget: Drawn = ""
    # On a form with rows of file + file type, the row (0 the first); -1 when shared or single.
    file_row: int = -1
    # A combobox a person can type into (a text box, or an element that is editable).
    typable: bool = False

    @property
    def choice(self) -> ChoiceWidget | None:
        """How a person chooses in it; None for a control that takes a typed value, a tick or a file."""
        if self.kind == "radiogroup":
            return "option_buttons"
        if self.kind == "select":
            return "hidden_list" if self.hidden else "list"
        if self.kind == "combobox":
            return "combobox" if self.options else "typeahead" if self.typable else "dropdown"
        return None

    def describe(self) -> str:
        what = choice_noun(self.choice) if self.choice else _KIND_NAMES.get(self.kind, "text box")
        label = f'"{self.name}"' if self.name else "with no label"
        now = f', now "{self.value}"' if self.value and self.kind != "file" else ""
        return f"a {what} {label}{now}"


@dataclass(frozen=True)
class FormPlan:
    """What each control of the page is for."""

    file_type: Control | None = None
    year: Control | None = None
    file_input: Control | None = None
    fields: tuple[tuple[Control, FieldValue], ...] = ()
    # For --check-site and the log: each control and how it was recognised.
    recognised: tuple[tuple[Control, str], ...] = field(default=())
    # A page with a row (card, tab) per file type asks the type by its structure: the words of the
    # row chosen for the file, or "" when the type is asked otherwise.
    type_row: str = ""


class FormNotUnderstood(Exception):
    """The page asks for something the bot does not know; nothing may be sent."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def radio_groups(controls: Sequence[Control]) -> list[Control]:
    """Radio buttons folded into one control per group, named by the group's question (a fieldset's
    legend), each button an option: a group answers one question, as a list does."""
    folded: list[Control] = []
    groups: dict[tuple[int, str], int] = {}
    for control in controls:
        if control.kind != "radio" or not (control.group or control.posted_as):
            folded.append(control)
            continue
        key = (control.frame, control.posted_as or control.group)
        option = Option(value=str(control.index), text=control.name)
        chosen = control.name if control.value == "true" else ""
        if key not in groups:
            groups[key] = len(folded)
            name = control.group or control.posted_as
            folded.append(
                replace(
                    control, kind="radiogroup", name=name, value=chosen, options=(option,), members=(control.index,)
                )
            )
            continue
        group = folded[groups[key]]
        folded[groups[key]] = replace(
            group,
            value=group.value or chosen,
            options=(*group.options, option),
            required=group.required or control.required,
            members=(*group.members, control.index),
        )
    return folded


def holds_file_types(control: Control) -> bool:
    return sum(1 for o in control.options if any(names_type(o, t) for t in FileType)) >= 2


def holds_years(control: Control) -> bool:
    filled = [o for o in control.options if o.text.strip() and o.value.strip()]
    years = [o for o in filled if year_in_option(o.text) or year_in_option(o.value)]
    return len(years) >= 2 and len(years) * 2 >= len(filled)


# A list of categories of files, as sites group them: the file's category follows from its type.
CATEGORY = "{category}"
_CATEGORIES: dict[str, re.Pattern[str]] = {
    "calpads": re.compile(r"\bCALPADS\b", re.IGNORECASE),
    "test": re.compile(
        r"\btest(?:ing)?[\s-]+(?:vendors?|results?|scores?|data)\b|\bassessments?\b|\bCAASPP\b", re.IGNORECASE
    ),
    "legacy": re.compile(r"\blegacy\b|\bcal-?pass\s+(?:plus\s+)?extracts?\b", re.IGNORECASE),
}


def category_of(file_type: FileType) -> str:
    if file_type.is_calpads:
        return "calpads"
    return "legacy" if file_type is FileType.CALPASS else "test"


def option_category(option: Option) -> str | None:
    """The one category of files an option names (CALPADS, a test vendor's, a legacy extract)."""
    named = [key for key, pattern in _CATEGORIES.items() if pattern.search(option.text)]
    return named[0] if len(named) == 1 else None


def holds_categories(control: Control) -> bool:
    """A list whose options name categories of files, at least two, each once, and no file type list."""
    named = [c for o in control.options if (c := option_category(o)) is not None]
    return len(named) >= 2 and len(set(named)) == len(named) and not holds_file_types(control)


def plan_form(
    controls: Sequence[Control],
    words: SiteWords,
    fields: Mapping[str, FieldValue],
    file_type: FileType | None = None,
) -> FormPlan:
    """Every control accounted for, or FormNotUnderstood naming each one that is not."""
    plan, problems = survey(controls, words, fields, file_type)
    if problems:
        raise FormNotUnderstood(problems)
    return plan


def type_rows(controls: Sequence[Control]) -> dict[int, FileType]:
    """The file rows of a page that has a row per file type: each row's file input named by one type
    and no other ("Student Enrollment (SENR)" in the cell before it), no two rows of one type. Empty
    when the page's rows are not so (rows of file + type list, or a single file input)."""
    inputs = [c for c in controls if c.kind == "file" and c.file_row >= 0]
    if len(inputs) < 2:
        return {}
    rows: dict[int, FileType] = {}
    for control in inputs:
        named = [t for t in FileType if names_type(Option(value="", text=control.name), t)]
        if len(named) != 1 or named[0] in rows.values():
            return {}
        rows[control.file_row] = named[0]
    return rows


def _row_for(
    controls: Sequence[Control], by_type: dict[int, FileType], file_type: FileType | None, problems: list[str]
) -> tuple[int, str]:
    """The file row a file goes in, and on a page with a row per type, that row's words: its type's
    row, or (no file yet, for --check-site) the first."""
    if not by_type:
        return 0, ""
    mine = [row for row, t in by_type.items() if t == file_type]
    if file_type is not None and not mine:
        offered = ", ".join(t.value for t in by_type.values())
        problems.append(f"the page has a row for each file type, and none for {file_type} (it has {offered})")
    row = mine[0] if mine else min(by_type)
    return row, next(c.name for c in controls if c.kind == "file" and c.file_row == row)


def survey(
    controls: Sequence[Control],
    words: SiteWords,
    fields: Mapping[str, FieldValue],
    file_type: FileType | None = None,
) -> tuple[FormPlan, list[str]]:
    """What each control is for, and a line for each one the bot cannot account for; with the file's
    type, a page with a row per type is read in that type's row. (Long: one pass over the census in
    the order a person reads a form, each kind of control in its turn.)"""
    type_label = whole_name(words.file_type_label)
    year_label = whole_name(words.academic_year_label)
    ignorable = any_word(words.ignore_controls)
    wanted = {label: whole_name([label]) for label in fields}
    problems: list[str] = []
    recognised: list[tuple[Control, str]] = []
    by_label: dict[str, list[Control]] = {"type": [], "year": []}
    by_content: dict[str, list[Control]] = {"type": [], "year": []}
    chosen_fields: list[tuple[Control, FieldValue]] = []
    unknown: list[Control] = []
    file_input: Control | None = None
    hidden: list[Control] = []
    by_type = type_rows(controls)
    use_row, type_row = _row_for(controls, by_type, file_type, problems)
    for control in controls:
        if control.file_row >= 0 and control.file_row != use_row:
            # One file a send, in its own row (the first, or its type's): its outcome is then its
            # own. The other rows stay empty, as the site's instructions allow.
            why = (
                f"the row for {by_type[control.file_row]}" if by_type else f"another file row ({control.file_row + 1})"
            )
            recognised.append((control, f"{why}, left empty: one file a send"))
            continue
        if control.hidden:
            # Only ever the file type or year list, and only where no shown list is: any other
            # hidden list is no question a person is asked.
            hidden.append(control)
            continue
        configured = next((label for label, pattern in wanted.items() if pattern.match(control.name)), None)
        if configured is not None:
            chosen_fields.append((control, fields[configured]))
            recognised.append((control, f'set by form.fields "{configured}"'))
        elif control.kind == "file":
            file_input = file_input or control
            each = " (a row per file type: each file goes in the row of its type)" if by_type else ""
            recognised.append((control, f"the file input{each}"))
        elif control.search:
            # A search box, or a control of another form than the file's: never posted with the file.
            recognised.append((control, "not part of the upload (a search, or a form of its own)"))
        elif (meaning := _meaning(control, type_label, year_label)) is not None:
            role, by = meaning
            (by_label if by == "label" else by_content)[role].append(control)
        elif (aside := _placed_otherwise(control, ignorable)) is not None:
            value, why = aside
            if value is not None:
                chosen_fields.append((control, value))
            recognised.append((control, why))
        else:
            unknown.append(control)
    problems += unknown_controls(unknown)
    unseen = _hidden_lists(hidden, type_label, year_label)
    roles = {
        role: _one_list(role, by_label[role], by_content[role], unseen[role], problems=problems, recognised=recognised)
        for role in by_label
    }
    problems += _fields_absent(controls, wanted)
    year = roles["year"]
    problems += _year_problems(year)
    plan = FormPlan(roles["type"], year, file_input, tuple(chosen_fields), tuple(recognised), type_row)
    return plan, problems


def _meaning(control: Control, type_label: re.Pattern[str], year_label: re.Pattern[str]) -> tuple[str, str] | None:
    """What a control asks, whatever widget carries it: ("type" or "year", "label" or "content"), by
    its name first, then by its choices or what it says of its value; None when neither."""
    if control.choice is not None and type_label.match(control.name):
        return "type", "label"
    if (control.choice is not None or control.kind in TYPED) and year_label.match(control.name):
        return "year", "label"
    if control.choice is not None and holds_file_types(control):
        return "type", "content"
    if control.choice is not None and holds_years(control):
        return "year", "content"
    if control.kind in TYPED and YEAR_HINT.search(control.hint):
        return "year", "content"
    return None


def _fields_absent(controls: Sequence[Control], wanted: Mapping[str, re.Pattern[str]]) -> list[str]:
    """A line for each form.fields label no control of the page bears."""
    shown = ", ".join(f'"{c.name}"' for c in controls if c.name) or "no labelled control"
    return [
        f'form.fields: the page has no control labelled "{label}" (it has {shown})'
        for label, pattern in wanted.items()
        if not any(c.name and pattern.match(c.name) for c in controls)
    ]


def _placed_otherwise(control: Control, ignorable: re.Pattern[str]) -> tuple[FieldValue | None, str] | None:
    """A control that is no file type, year, file or configured field, placed all the same: a category
    list (each file's category chosen by its type), or one to leave as the page has it. None: unknown."""
    if control.choice is not None and holds_categories(control):
        return CATEGORY, "the category list (its options are categories: each file's by its type)"
    if control.name and ignorable.search(control.name):
        return None, "not part of the upload, as its label says (words.ignore_controls)"
    if optional(control):
        return None, "optional, as its label says: left as the page has it"
    return None


# A label or hint that says the page does not need the value.
_OPTIONAL = re.compile(r"\(\s*optional\s*\)|\boptional\b\s*[:*]?\s*$|^\s*optional\b", re.IGNORECASE)


def optional(control: Control) -> bool:
    """A control whose label or hint says it is optional ("Comments (optional)"), that the page does
    not mark required: a person leaves it as it is. Never a file type or year (those are placed first)."""
    return not control.required and bool(_OPTIONAL.search(control.name) or _OPTIONAL.search(control.hint))


def _yaml_for(label: str, value: str) -> str:
    return f'form: {{fields: {{"{label}": "{value}"}}}}'


_TEMPLATES = (
    "a value may name the file: {type}, {type_name}, {school_year}, {school_year_long}, {start_year}, "
    "{end_year}, {file_name}"
)


def unknown_controls(controls: Sequence[Control]) -> list[str]:
    """What to say of the controls the bot does not know: one, in a sentence; several, as a short
    list (one control a line, with its kind), then one YAML line that places them all."""
    if len(controls) <= 1:
        return [_unknown(c) for c in controls]
    lines = [f"the form has {len(controls)} controls the bot does not know:"]
    lines += [f"- {c.describe()}" + (f" (it offers {_offered(c)})" if c.options else "") for c in controls]
    values = ", ".join(f'"{c.name or "its label"}": "{_value_for(c)}"' for c in controls)
    lines.append(
        f"if the site needs them, add to the config: form: {{fields: {{{values}}}}} ({_TEMPLATES}); if one does "
        "not concern the upload, add its label to words.ignore_controls"
    )
    return lines


def _offered(control: Control) -> str:
    return ", ".join(f'"{o.text}"' for o in control.options if o.text.strip())[:300]


def _value_for(control: Control) -> str:
    if control.options:
        return "<one of its options>"
    return "true" if control.kind == "checkbox" else "<the value>"


def _unknown(control: Control) -> str:
    label = control.name or "its label"
    if control.options:
        shown = ", ".join(f'"{o.text}"' for o in control.options if o.text.strip())[:300]
        value = "<one of its options>"
        offer = f" (it offers {shown})"
    else:
        value, offer = ("true" if control.kind == "checkbox" else "<the value>"), ""
    return (
        f"the form has {control.describe()}{offer} that the bot does not know; if the site needs it, add to the "
        f"config: {_yaml_for(label, value)} (a value may name the file: {{type}}, {{type_name}}, {{school_year}}, "
        "{school_year_long}, {start_year}, {end_year}, {file_name}); if it does not concern the upload, add its "
        "label to words.ignore_controls"
    )


def _unclear_year(control: Control) -> str:
    said = f' (it says "{control.hint}")' if control.hint else " (it shows no format)"
    label = control.name or "its label"
    return f"the year box {label!r} does not say unambiguously how to write the year{said}; {year_yaml(label)}"


def _year_problems(year: Control | None) -> list[str]:
    """A year control that leaves the year's form in doubt: a box saying only YYYY, a list of 2023s."""
    if year is not None and year.kind in TYPED and year_unclear(year):
        return [_unclear_year(year)]
    if year is not None and year.choice is not None and single_years(year):
        return [_single_year_list(year)]
    return []


def single_years(control: Control) -> list[str]:
    """A year list that offers single years (2023, 2024) and no school year: the start or the end of
    the school year? Returns those years; empty for any other list."""
    if any(year_in_option(o.text) or year_in_option(o.value) for o in control.options):
        return []
    years = [o.text.strip() for o in control.options if re.fullmatch(r"(?:19|20)\d{2}", o.text.strip())]
    return years if len(years) >= 2 else []


def _single_year_list(control: Control) -> str:
    label = control.name or "its label"
    shown = ", ".join(single_years(control)[:4])
    return (
        f"the year list {label!r} offers single years ({shown}, ...): the start or the end of the school year? "
        f"If 2023 means 2023-24, add to the config {_yaml_for(label, '{start_year}')}; if it means 2022-23, "
        "the same with {end_year}"
    )


def year_yaml(label: str) -> str:
    """The config that writes a year box's year one way for every file."""
    return (
        f"add to the config {_yaml_for(label, '{school_year}')} for 2023-24, or {{school_year_long}} for "
        "2023-2024, {start_year} for 2023, {end_year} for 2024"
    )


@dataclass(frozen=True)
class YearLesson:
    """What a refusal taught about a year box whose page stated no format: the format it asked for
    (YYYY-YY), or None when its words gave none."""

    box: str
    learned: str | None


# The kinds a value is typed in (a choice is made in a control whose `choice` names its widget).
TYPED = ("text", "number", "")
# A hint that speaks of a year's format: YYYY-YY, yyyy/yyyy, an example such as 2023-24, a pattern.
YEAR_HINT = re.compile(r"y{4}|\d{4}\s*[-/–]\s*\d{2}|\\d\{4\}|\[0-9\]\{4\}", re.IGNORECASE)
_FORMATS = [
    (re.compile(r"y{4}\s*([-/–])\s*y{4}", re.IGNORECASE), "long"),
    (re.compile(r"y{4}\s*([-/–])\s*y{2}(?!y)", re.IGNORECASE), "short"),
    (re.compile(r"(?:\\d\{4\}|\[0-9\]\{4\})\\?([-/])(?:\\d\{4\}|\[0-9\]\{4\})"), "long"),
    (re.compile(r"(?:\\d\{4\}|\[0-9\]\{4\})\\?([-/])(?:\\d\{2\}|\[0-9\]\{2\})"), "short"),
    (re.compile(r"\b\d{4}\s*([-/–])\s*\d{4}\b"), "long"),
    (re.compile(r"\b\d{4}\s*([-/–])\s*\d{2}\b"), "short"),
]


def year_format(hint: str) -> tuple[str, str] | None:
    """How a year box wants the year, from what the page says: ("short" or "long", separator); None
    when it does not say, or says only YYYY (the start or the end of the school year?)."""
    for pattern, width in _FORMATS:
        found = pattern.search(hint)
        if found:
            return width, found.group(1)
    return None


# A hint that names a year's format with one year only (YYYY, 2024, \d{4}): the start or the end?
_ONE_YEAR = re.compile(
    r"(?<![\w-])y{4}(?![\w-])|(?<![\d-])(?:19|20)\d{2}(?![\d-])|\\d\{4\}|\[0-9\]\{4\}", re.IGNORECASE
)
# How a year goes into a box whose page states no format: whole, which no site can read as another year.
UNSTATED = ("long", "-")


def year_unclear(control: Control) -> bool:
    """Whether a year box leaves the year's form in doubt: a number box, or a hint that shows one
    year only. A box that states nothing is not in doubt: the year goes in whole (2023-2024), and a
    refusal that states the format is learned from."""
    if year_format(control.hint) is not None:
        return False
    return control.kind == "number" or _ONE_YEAR.search(control.hint) is not None


def format_in_refusal(said: str) -> tuple[str, str] | None:
    """The year's format a refusal states, when it is not the whole form the bot wrote (2023-2024,
    which the site may well echo back); None when it states none, or only one year (YYYY)."""
    form = year_format(re.sub(r"\b\d{4}-\d{4}\b", " ", said))
    return None if form == UNSTATED else form


def spoken_format(form: tuple[str, str]) -> str:
    width, separator = form
    return f"YYYY{separator}{'YYYY' if width == 'long' else 'YY'}"


def write_year(year: SchoolYear, form: tuple[str, str]) -> str:
    width, separator = form
    end = year.start + 1 if width == "long" else (year.start + 1) % 100
    return f"{year.start}{separator}{end:02d}"


def field_value(value: FieldValue, file_type: FileType, year: SchoolYear, file_name: str) -> FieldValue:
    """A form.fields value for one file: {type}, {type_name}, {school_year}, {school_year_long},
    {start_year}, {end_year} and {file_name} are filled in; anything else is kept as written."""
    if isinstance(value, bool):
        return value
    names = {
        "type": file_type.value,
        "type_name": NAMES[file_type][0],
        "school_year": year.short,
        "school_year_long": year.long,
        "start_year": str(year.start),
        "end_year": str(year.start + 1),
        "file_name": file_name,
        "category": category_of(file_type),
    }
    return re.sub(r"\{(\w+)\}", lambda m: names.get(m.group(1), m.group(0)), value)


_ROLES = {"type": ("file_type_label", "file type"), "year": ("academic_year_label", "year")}


def _one_list(  # noqa: PLR0913  # the candidates of each kind, and the two lists it reports into
    role: str,
    by_label: list[Control],
    by_content: list[Control],
    hidden: list[Control],
    *,
    problems: list[str],
    recognised: list[tuple[Control, str]],
) -> Control | None:
    """The one list for the role: named for it, else holding its options, else hidden behind a
    dropdown; two candidates are a problem, never a guess."""
    key, what = _ROLES[role]
    candidates = by_label or by_content or hidden
    if len(candidates) > 1:
        names = " and ".join(f'"{c.name}"' if c.name else "a list with no label" for c in candidates)
        problems.append(f"two lists could be the {what} list: {names}; put the right one's label first in words.{key}")
        return None
    if not candidates:
        return None
    how = f"named as in words.{key}" if by_label else f"its options are {what}s"
    if not by_label and not by_content:
        how = "hidden, and set through the dropdown drawn beside it"
    choice = candidates[0].choice
    noun = choice_noun(choice) if choice else "box (typed)"
    recognised.append((candidates[0], f"the {what} {noun} ({how})"))
    return candidates[0]


def _hidden_lists(
    hidden: Sequence[Control], type_label: re.Pattern[str], year_label: re.Pattern[str]
) -> dict[str, list[Control]]:
    """The hidden lists that are the file type or year list, by name first, then by what they hold."""
    meant = [(c, _meaning(c, type_label, year_label)) for c in hidden]
    return {
        role: [c for c, m in meant if m == (role, "label")] or [c for c, m in meant if m == (role, "content")]
        for role in ("type", "year")
    }


def option_for_field(control: Control, value: FieldValue) -> Option | None:
    """The option of a configured list whose text (or value) is the configured value."""
    wanted = str(value).strip().casefold()
    said = ((o, (o.text.strip().casefold(), o.value.strip().casefold())) for o in control.options)
    exact = next((o for o, names in said if wanted in names), None)
    if exact is not None or wanted not in _CATEGORIES:
        return exact
    # A category list: the one option of the file's category.
    mine = [o for o in control.options if option_category(o) == wanted]
    return mine[0] if len(mine) == 1 else None
