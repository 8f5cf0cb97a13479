"""Credentials for the site: the environment, else the system keyring, else a prompt. Never a file
of ours. The caller (the CLI) hands in the environment and the ways to ask, so this module reads
nothing by itself."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.errors import CredentialsError

USERNAME_VAR = "CALPASS_USERNAME"
PASSWORD_VAR = "CALPASS_PASSWORD"
KEYRING_SERVICE = "calpass-bot"

Ask = Callable[[str], str]
KeyringLookup = Callable[[str, str], "str | None"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Credentials:
    username: str
    # repr=False keeps the password out of every log line and traceback that prints this object.
    password: str = field(repr=False)


def resolve(
    environ: Mapping[str, str],
    *,
    keyring: KeyringLookup | None = None,
    ask: Ask | None = None,
    ask_secret: Ask | None = None,
) -> Credentials:
    """CALPASS_USERNAME and CALPASS_PASSWORD; else the keyring's password for that user name; else
    a prompt, when a person is there to answer (ask and ask_secret are None in CI)."""
    username = environ.get(USERNAME_VAR, "")
    if not username and ask is not None:
        username = ask("Cal-PASS Plus user name: ").strip()
    password = environ.get(PASSWORD_VAR, "")
    if not password and username and keyring is not None:
        password = keyring(KEYRING_SERVICE, username) or ""
    if not password and username and ask_secret is not None:
        password = ask_secret(f"Password for {username}: ")
    missing = [name for name, value in ((USERNAME_VAR, username), (PASSWORD_VAR, password)) if not value]
    if missing:
        raise CredentialsError(
            f"set {' and '.join(missing)} in the environment to log in to Cal-PASS Plus, or store the "
            f"password with `keyring set {KEYRING_SERVICE} <user name>` "
            "(or use --sandbox to rehearse with the built-in demo account)"
        )
    return Credentials(username=username, password=password)


def system_keyring() -> KeyringLookup | None:
    """The system keyring's lookup, when the keyring package is installed; a backend that fails (none
    configured, a locked store) finds nothing rather than stopping the run."""
    try:
        import keyring
    except ImportError:
        return None

    def lookup(service: str, username: str) -> str | None:
        try:
            found = keyring.get_password(service, username)
        except Exception as exc:  # each backend has its own errors; a missing one is not fatal
            log.debug("keyring unavailable: %s", type(exc).__name__)
            return None
        return str(found) if found is not None else None

    return lookup
