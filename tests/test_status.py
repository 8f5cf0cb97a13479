"""`calpass-bot status` and --wait-verdict in-process, on the fast tier's fake site: what the site made
of each file, the exit codes, the ledger lines, and what a later send does with a rejection. Judged
by what the fake site holds and received, never by what the bot printed alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import cli
from bot.errors import EXIT_FILE_FAILED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_PENDING, EXIT_REJECTED
from tests.fakes import FakeSite, connect_to
from tests.records import calpads, write

ENV = {"CALPASS_USERNAME": "coordinator@district.example", "CALPASS_PASSWORD": "Not-A-Real-Password-9"}


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    for code in ("SENR", "SINF"):
        write(tmp_path / f"{code}.txt", calpads(code, copies=2))
    path = tmp_path / "manifest.yaml"
    path.write_text(
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: SENR.txt}\n  - {type: SINF, path: SINF.txt}\n"
    )
    return path


@pytest.fixture
def site() -> Iterator[FakeSite]:
    yield FakeSite()


def run(site: FakeSite, *argv: str | Path) -> int:
    return cli.main([str(a) for a in argv], ENV, connect=connect_to(site))


def last_folder(out: Path) -> Path:
    return max(
        (p for p in out.iterdir() if (p / "summary.json").is_file()),
        key=lambda p: (p / "summary.json").stat().st_mtime_ns,
    )


def last_summary(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((last_folder(out) / "summary.json").read_text())
    return data


def ledger_lines(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]


def test_status_names_each_verdict_with_the_sites_reason_and_sends_nothing(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(site, manifest, "--out", out) == EXIT_OK
    sent = site.uploads
    site.statuses = {"SENR.txt": "Accepted", "SINF.txt": "Rejected: Record 3: the SSID is not ten digits"}
    site.links = {"SINF.txt": "https://calpass.test/FileSubmission/Errors/CPP-00002"}
    capsys.readouterr()

    assert run(site, "status", manifest, "--out", out) == EXIT_REJECTED

    assert site.uploads == sent, "status sent a file"
    printed = capsys.readouterr().out
    assert "accepted" in printed and "rejected" in printed
    assert "1 of 2 file(s) accepted by the site, 1 rejected" in printed
    files = last_summary(out)["files"]
    assert isinstance(files, list)
    senr, sinf = files
    assert (senr["verdict"], sinf["verdict"]) == ("accepted", "rejected")
    assert "SSID is not ten digits" in sinf["verdict_reason"]
    # The error report the row links to is kept as the site sent it.
    assert (last_folder(out) / sinf["verdict_file"]).read_bytes().startswith(b"Rejected")
    # One new ledger line per verdict; the send's lines stay as they were.
    lines = ledger_lines(out)
    assert [line["state"] for line in lines[:4]] == ["sending", "submitted", "sending", "submitted"]
    assert [(line["type"], line["state"], line["verdict"]) for line in lines[4:]] == [
        ("SENR", "submitted", "accepted"),
        ("SINF", "rejected", "rejected"),
    ]
    # A second look with nothing new writes nothing.
    run(site, "status", manifest, "--out", out)
    assert len(ledger_lines(out)) == 6


def test_a_rejected_file_is_not_sent_again_unchanged_and_a_fixed_one_replaces_it(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    run(site, manifest, "--out", out)
    site.statuses = {"SENR.txt": "Accepted", "SINF.txt": "Rejected: Record 3: the SSID is not ten digits"}
    run(site, "status", manifest, "--out", out)
    capsys.readouterr()
    sent = site.uploads

    assert run(site, manifest, "--dry-run", "--out", out) == EXIT_OK
    assert "rejected by the site on" in capsys.readouterr().out
    assert run(site, manifest, "--out", out) == EXIT_FILE_FAILED
    assert site.uploads == sent, "the rejected file was sent again unchanged"
    sinf = last_summary(out)["files"][1]  # type: ignore[index]
    assert sinf["status"] == "failed" and "fix the file, or --force" in sinf["error"]

    # The district fixes the file: other bytes, the same type and year.
    write(tmp_path / "SINF.txt", calpads("SINF", copies=3))
    capsys.readouterr()
    run(site, manifest, "--dry-run", "--out", out)
    assert "replaces SINF.txt, which the site rejected on" in capsys.readouterr().out
    assert run(site, manifest, "--out", out) == EXIT_OK
    assert site.uploads == sent + 1
    assert site.held[-1][1] == (tmp_path / "SINF.txt").stat().st_size


def test_status_exit_codes_pending_accepted_and_not_sent(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    # Nothing sent yet: neither the ledger nor the list shows either file.
    assert run(site, "status", manifest, "--out", out) == EXIT_REJECTED
    assert "not sent" in capsys.readouterr().out
    run(site, manifest, "--out", out)
    site.statuses = {"SENR.txt": "Accepted", "SINF.txt": "Pending validation"}
    assert run(site, "status", manifest, "--out", out) == EXIT_PENDING
    site.statuses = {"SENR.txt": "Accepted", "SINF.txt": "Loaded"}
    assert run(site, "status", manifest, "--out", out) == EXIT_OK
    # The list no longer shows SINF, though the ledger says it was sent.
    site.held = [h for h in site.held if h[0] != "SINF.txt"]
    assert run(site, "status", manifest, "--out", out) == EXIT_REJECTED
    assert last_summary(out)["files"][1]["verdict"] == "not_found"  # type: ignore[index]


def test_wait_verdict_after_a_send_ends_with_the_status_table(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.statuses = {"SENR.txt": "Accepted", "SINF.txt": "Accepted"}
    assert run(site, manifest, "--out", tmp_path / "out", "--wait-verdict", "0") == EXIT_OK
    printed = capsys.readouterr().out
    assert "2 of 2 file(s) accepted by the site" in printed
    assert "2 of 2 file(s) submitted" in printed
    site.statuses = {"SENR.txt": "Rejected"}
    write(tmp_path / "SENR.txt", calpads("SENR", copies=3))
    assert run(site, manifest, "--out", tmp_path / "out", "--wait-verdict", "0") == EXIT_REJECTED


def test_status_is_a_command_and_refuses_what_only_a_send_does(
    manifest: Path, site: FakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["status"], ENV)
    assert done.value.code == EXIT_INVALID_INPUT
    assert "status needs a manifest" in capsys.readouterr().err
    assert run(site, "status", manifest, "--force") == EXIT_INVALID_INPUT
    assert "--force goes with a send, not with status" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(site, manifest, "--wait-verdict", "soon")
    assert "is not a number of minutes" in capsys.readouterr().err
    # Options may stand on either side of the command.
    assert run(site, "--out", manifest.parent / "o", "status", manifest) == EXIT_REJECTED
    assert site.uploads == 0


def test_status_on_a_page_with_no_list_says_it_cannot_tell_and_exits_3(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.has_list = False
    assert run(site, "status", manifest, "--out", tmp_path / "out") == 3
    assert "shows no list of submissions" in capsys.readouterr().err


def test_a_wait_beyond_a_day_or_two_manifests_are_refused(manifest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main([str(manifest), "--wait-verdict", "5000"], ENV)
    assert "from 0 to 1440" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main([str(manifest), str(manifest), "--dry-run"], ENV)
    assert "one manifest at a time" in capsys.readouterr().err
