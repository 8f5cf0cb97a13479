"""Credentials for the site: from the environment, never from a file of ours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.errors import CredentialsError

USERNAME_VAR = "CALPASS_USERNAME"
PASSWORD_VAR = "CALPASS_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    username: str
    # repr=False keeps the password out of every log line and traceback that prints this object.
    password: str = field(repr=False)


def from_environment(environ: Mapping[str, str]) -> Credentials:
    username = environ.get(USERNAME_VAR, "")
    password = environ.get(PASSWORD_VAR, "")
    missing = [name for name, value in ((USERNAME_VAR, username), (PASSWORD_VAR, password)) if not value]
    if missing:
        raise CredentialsError(
            f"set {' and '.join(missing)} in the environment to log in to Cal-PASS Plus "
            "(or use --sandbox to rehearse with the built-in demo account)"
        )
    return Credentials(username=username, password=password)
