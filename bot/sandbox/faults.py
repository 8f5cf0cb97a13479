"""Faults on demand: the failures a real site produces at deadline time, injected by upload number.

A fault is written KIND@N, N counting the uploads the sandbox has received (1 is the first):
  server-error@N  answer the Nth upload with a server error, keeping nothing
  drop@N          keep the Nth file, then drop the connection midway through the answer
  slow@N:SECONDS  keep the Nth file and answer only after SECONDS
  expire@N        end the session just before the Nth upload (the log-on page comes back)
  refuse@N        refuse the Nth file with a validation message, keeping nothing
  mfa             ask for a verification code after the password, as portals with MFA do
The account always locks after five failed log-ons, as neighbouring state portals do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("server-error", "drop", "slow", "expire", "refuse", "mfa")
_SPEC = re.compile(r"^(?P<kind>[a-z-]+)(?:@(?P<upload>\d+)(?::(?P<seconds>\d+(?:\.\d+)?))?)?$")
LOCK_AFTER_FAILED_LOGINS = 5


@dataclass(frozen=True)
class Fault:
    kind: str
    upload: int = 0
    seconds: float = 0.0

    @classmethod
    def parse(cls, spec: str) -> Fault:
        match = _SPEC.match(spec.strip())
        if not match or match["kind"] not in KINDS:
            raise ValueError(f'"{spec}" is not a fault; write KIND@N (KIND one of {", ".join(KINDS)}) or mfa')
        kind = match["kind"]
        if kind == "mfa":
            return cls(kind)
        if not match["upload"]:
            raise ValueError(f'"{spec}": say which upload, as in {kind}@2')
        if kind == "slow" and not match["seconds"]:
            raise ValueError(f'"{spec}": say how slow, as in slow@{match["upload"]}:5')
        return cls(kind, int(match["upload"]), float(match["seconds"] or 0))


def fault_for(faults: tuple[Fault, ...], upload: int) -> Fault | None:
    for fault in faults:
        if fault.upload == upload:
            return fault
    return None
