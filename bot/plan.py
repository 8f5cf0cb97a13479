"""One plan for a run and for --dry-run: which files go, which the ledger says are on the site, and
which may be (a doubt, looked for in the site's list before anything is sent). Both read the same
ledger: a rehearsal's (`--sandbox`) lives in OUT/sandbox/, apart from the real site's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.ledger import Entry, Ledger
from bot.preflight import CheckedFile

# The name a rehearsal's ledger gives its site: the sandbox's address changes with its port.
SANDBOX_SITE = "sandbox"

Action = Literal["send", "look_first", "already_submitted"]


@dataclass(frozen=True)
class Target:
    """Where a run sends: the folder of its ledger, the site as the ledger names it, the account
    (None when not known yet: a --dry-run without credentials reads every account's lines)."""

    ledger_dir: Path
    site: str
    account: str | None = None


def target_for(out: Path, base_url: str, *, sandbox: bool, account: str | None = None) -> Target:
    if sandbox:
        return Target(out / "sandbox", SANDBOX_SITE, account)
    return Target(out, base_url, account)


@dataclass(frozen=True)
class Step:
    item: CheckedFile
    action: Action
    # The ledger's last line about the file, when it has one.
    earlier: Entry | None = None


def plan(files: Sequence[CheckedFile], target: Target, *, force: bool = False) -> list[Step]:
    """Each file's step, from the ledger's last line about it (its bytes, type and year) on this site."""
    known = {} if force else Ledger(target.ledger_dir).on_site(target.site, target.account)
    steps = []
    for item in files:
        earlier = known.get((item.facts.sha256, item.planned.type.value, item.planned.school_year.short))
        if earlier is not None and earlier.state == "submitted":
            steps.append(Step(item, "already_submitted", earlier))
        elif earlier is not None and earlier.doubtful:
            steps.append(Step(item, "look_first", earlier))
        else:
            steps.append(Step(item, "send", earlier))
    return steps
