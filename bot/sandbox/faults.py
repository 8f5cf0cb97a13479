"""Faults on demand: the failures a real site produces at deadline time, injected by upload number.

A fault is written KIND@N, N counting the uploads the sandbox has received (1 is the first):
  server-error@N  answer the Nth upload with a server error, keeping nothing
  drop@N          keep the Nth file, then drop the connection midway through the answer
  slow@N:SECONDS  keep the Nth file and answer only after SECONDS
  stall@N:SECONDS take SECONDS to store the Nth file, then answer: a client that gives up early
                  finds it in the list only later
  expire@N        end the session just before the Nth upload (the log-on page comes back)
  refuse@N        refuse the Nth file with a validation message, keeping nothing
  already-received@N  refuse the Nth file saying it "was not uploaded" as one "was already received"
  misfile@N       keep the Nth file under another type than the one chosen (SENR, or SINF for an
                  SENR file), and say so: "Student Enrollment (SENR): NAME was received for ..."
  resend@N        keep the Nth file, then close the connection before any byte of the answer: on a
                  reused connection Chromium silently sends the POST again, and the site keeps two
  mfa             ask for a verification code after the password, as portals with MFA do
  http-redirect   send the Log On page to http://calpass-elsewhere.test on the same port, as a
                  misconfigured proxy might (tests map that name to 127.0.0.1)
The account always locks after five failed log-ons, as neighbouring state portals do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = (
    "server-error",
    "drop",
    "slow",
    "stall",
    "expire",
    "refuse",
    "already-received",
    "resend",
    "misfile",
    "mfa",
    "http-redirect",
)
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
            raise ValueError(
                f'"{spec}" is not a fault; write KIND@N (KIND one of {", ".join(KINDS)}), mfa or http-redirect'
            )
        kind = match["kind"]
        if kind in ("mfa", "http-redirect"):
            return cls(kind)
        if not match["upload"]:
            raise ValueError(f'"{spec}": say which upload, as in {kind}@2')
        if kind in ("slow", "stall") and not match["seconds"]:
            raise ValueError(f'"{spec}": say how slow, as in {kind}@{match["upload"]}:5')
        return cls(kind, int(match["upload"]), float(match["seconds"] or 0))


def fault_for(faults: tuple[Fault, ...], upload: int) -> Fault | None:
    for fault in faults:
        if fault.upload == upload:
            return fault
    return None
