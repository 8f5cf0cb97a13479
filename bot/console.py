"""What the command line prints: the plan of a dry run, the site check's tables, the one line that
ends a run, the log and the live line. Tables are drawn by rich, each row one whole line (never
wrapped), so that a coordinator's grep, a pipe and the tests read them alike."""

from __future__ import annotations

import io
import logging
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.audit import RunSummary

if TYPE_CHECKING:
    from bot.plan import Step
    from bot.preflight import Preflight
    from bot.sitecheck import SiteCheckResult

# Wide enough that no row of any table is ever wrapped.
_UNWRAPPED = 100_000


def table(rows: Sequence[tuple[str, ...]]) -> str:
    """The rows (the first is the header) in aligned columns, two spaces apart."""
    from rich.console import Console
    from rich.table import Table

    header, *body = rows
    drawn = Table(*header, box=None, pad_edge=False, show_edge=False, header_style="", highlight=False)
    for row in body:
        drawn.add_row(*row)
    out = io.StringIO()
    # No markup, emoji or colour: a file name with [brackets] or :colons: prints as it is.
    Console(file=out, width=_UNWRAPPED, markup=False, emoji=False, highlight=False, color_system=None).print(drawn)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def outcome_line(summary: RunSummary, report: Path) -> str:
    """One line a coordinator can read at a glance: how many files went, and what needs a look."""
    count = Counter(f.status for f in summary.files)
    sent = count["submitted"] + count["possibly_duplicated"]
    notes = [
        f"{count['already_submitted']} already on the site" if count["already_submitted"] else "",
        f"{count['possibly_duplicated']} possibly twice (check the site's list)"
        if count["possibly_duplicated"]
        else "",
        f"{count['unknown']} unknown (the next run looks in the site's list first)" if count["unknown"] else "",
        f"{count['stored_wrongly']} stored under another type or year (see the report)"
        if count["stored_wrongly"]
        else "",
        f"{count['failed']} failed" if count["failed"] else "",
        f"{len(summary.duplicated_on_site)} on the site more than once" if summary.duplicated_on_site else "",
    ]
    extra = "".join(f", {n}" for n in notes if n)
    return f"{sent} of {len(summary.files)} file(s) submitted{extra}; report: {report}"


def verdict_table(summary: RunSummary, report: Path) -> str:
    """What the site made of each file, a line each, then one line of counts and the report."""
    rows = [("#", "type", "year", "file", "verdict", "the site's words, or why")]
    for number, record in enumerate(summary.files, start=1):
        verdict = (record.verdict or "not looked at").replace("_", " ")
        why = record.verdict_reason or ""
        if record.verdict_file:
            why += f" (saved: {record.verdict_file})"
        rows.append((str(number), record.type, record.school_year, record.path, verdict, why))
    count = Counter(f.verdict for f in summary.files)
    said = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in count.items() if v and v != "accepted")
    head = f"{count['accepted']} of {len(summary.files)} file(s) accepted by the site"
    return f"{table(rows)}\n\n{head}{', ' + said if said else ''}; report: {report}"


def plan_table(checked: Preflight, missing: list[str], steps: Sequence[Step]) -> str:
    rows = [("#", "type", "year", "file", "bytes", "recognised as", "plan")]
    sending = 0
    for step in steps:
        item, entry = step.item, step.earlier
        planned = item.planned
        if step.action == "already_submitted" and entry is not None:
            ref = f", {entry.submission_id}" if entry.submission_id else ""
            ref += f", {entry.verdict.replace('_', ' ')}" if entry.verdict else ""
            plan = f"already on the site ({entry.submitted_at[:10]}{ref})"
        elif step.action == "rejected":
            plan = step.rejection
        elif step.action == "look_first":
            plan = "may be on the site: looked for in its list first"
            sending += 1
        else:
            plan = "would send" + (f": {step.replacing}" if step.replaces else "")
            sending += 1
        rows.append(
            (
                str(planned.number),
                planned.type.value,
                planned.school_year.short,
                planned.shown_path,
                f"{item.facts.bytes:,}",
                item.recognised,
                plan,
            )
        )
    lines = [table(rows)]
    notes = checked.warnings + missing
    if notes:
        lines += ["", "Warnings:", *(f"  {note}" for note in notes)]
    lines += [
        "",
        f"The manifest is valid: {sending} of {len(checked.files)} file(s) would be sent. Nothing was sent "
        "(--dry-run).",
    ]
    return "\n".join(lines)


def check_site_tables(result: SiteCheckResult) -> str:
    """Every element the bot needs, and with a manifest the option each file would get."""
    rows = [("page", "element", "status", "found by, or the config key to set")]
    for item in result.checks:
        detail = item.found_by if item.status == "found" else item.config_key if item.status == "missing" else ""
        if item.note:
            detail = f"{detail}; {item.note}" if detail else item.note
        rows.append((item.page, item.element, item.status, detail))
    drawn = table(rows)
    if result.choices:
        picks = [("file", "file type option", "year option")]
        picks += [(c.file, c.file_type, c.year) for c in result.choices]
        drawn += "\n\n" + table(picks)
    return drawn


def configure_logging(verbose: bool, quiet: bool, *, live: bool = False) -> Callable[[str | None], None] | None:
    """Logging to stderr; on a terminal, through rich, with a live line for long waits (returned)."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    root = logging.getLogger("bot")
    root.setLevel(level)
    root.propagate = False
    if not live:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
        root.handlers[:] = [handler]
        return None
    from rich.console import Console
    from rich.logging import RichHandler

    console = Console(stderr=True)
    rich_handler = RichHandler(console=console, show_path=False, show_level=False, markup=False)
    root.handlers[:] = [rich_handler]
    if quiet:
        return None
    return LiveLine(console)


class LiveLine:
    """One line that redraws while the bot waits on an upload: the file, what it waits for, and for
    how long. None puts it away."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.status: Any = None

    def __call__(self, doing: str | None) -> None:
        if doing is None:
            if self.status is not None:
                self.status.stop()
                self.status = None
            return
        if self.status is None:
            self.status = self.console.status(doing)
            self.status.start()
        else:
            self.status.update(doing)
