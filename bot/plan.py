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

# rejected: the site rejected these very bytes: not sent again until the file changes (or --force).
Action = Literal["send", "look_first", "already_submitted", "rejected"]


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
    # The site rejected another copy of this type and year (other bytes): this one replaces it.
    replaces: Entry | None = None

    @property
    def rejection(self) -> str:
        """What the plan and the record say of a file the site rejected unchanged."""
        entry = self.earlier
        if entry is None:
            return ""
        reason = f": {entry.reason}" if entry.reason else ""
        return f"rejected by the site on {entry.submitted_at[:10]}{reason}; fix the file, or --force"

    @property
    def replacing(self) -> str:
        entry = self.replaces
        if entry is None:
            return ""
        reason = f" ({entry.reason})" if entry.reason else ""
        return f"replaces {entry.path}, which the site rejected on {entry.submitted_at[:10]}{reason}"


def plan(files: Sequence[CheckedFile], target: Target, *, force: bool = False) -> list[Step]:
    """Each file's step, from the ledger's last line about it (its bytes, type and year) on this site."""
    known = {} if force else Ledger(target.ledger_dir).on_site(target.site, target.account)
    rejected = {(e.type, e.school_year): e for e in known.values() if e.state == "rejected"}
    steps = []
    for item in files:
        kind = (item.planned.type.value, item.planned.school_year.short)
        earlier = known.get((item.facts.sha256, *kind))
        if earlier is not None and earlier.state == "rejected":
            steps.append(Step(item, "rejected", earlier))
        elif earlier is not None and earlier.state == "submitted":
            steps.append(Step(item, "already_submitted", earlier))
        elif earlier is not None and earlier.doubtful:
            steps.append(Step(item, "look_first", earlier))
        else:
            steps.append(Step(item, "send", earlier, rejected.get(kind)))
    return steps
