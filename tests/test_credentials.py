"""Credentials: the environment, else the keyring, else a prompt; never a file of ours."""

import sys

import pytest

from bot.credentials import KEYRING_SERVICE, resolve
from bot.errors import CredentialsError


def test_the_environment_comes_first() -> None:
    found = resolve({"CALPASS_USERNAME": "jdoe", "CALPASS_PASSWORD": "pw"}, keyring=lambda s, u: "other")
    assert (found.username, found.password) == ("jdoe", "pw")


def test_the_keyring_holds_the_password_for_the_user_name() -> None:
    asked: list[tuple[str, str]] = []

    def keyring(service: str, username: str) -> str | None:
        asked.append((service, username))
        return "from-keyring"

    found = resolve({"CALPASS_USERNAME": "jdoe"}, keyring=keyring)
    assert found.password == "from-keyring"
    assert asked == [(KEYRING_SERVICE, "jdoe")]


def test_a_person_at_the_terminal_is_asked() -> None:
    found = resolve({}, keyring=lambda s, u: None, ask=lambda prompt: "jdoe", ask_secret=lambda prompt: "typed")
    assert (found.username, found.password) == ("jdoe", "typed")


def test_with_nobody_to_ask_the_error_says_what_to_set() -> None:
    with pytest.raises(CredentialsError, match="set CALPASS_USERNAME and CALPASS_PASSWORD"):
        resolve({})
    with pytest.raises(CredentialsError, match="set CALPASS_PASSWORD"):
        resolve({"CALPASS_USERNAME": "jdoe"}, keyring=lambda s, u: None)


def test_the_password_never_shows_in_a_repr() -> None:
    found = resolve({"CALPASS_USERNAME": "jdoe", "CALPASS_PASSWORD": "s3cret"})
    assert "s3cret" not in repr(found)


def test_a_keyring_backend_that_fails_finds_nothing_instead_of_stopping_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import types

    from bot.credentials import system_keyring

    locked = types.ModuleType("keyring")

    def get_password(service: str, username: str) -> str | None:
        raise RuntimeError("No recommended backend was available")

    locked.get_password = get_password  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", locked)
    lookup = system_keyring()
    assert lookup is not None and lookup("calpass-bot", "jdoe") is None
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    assert system_keyring() is None
