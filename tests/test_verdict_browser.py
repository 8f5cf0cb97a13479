"""What the site made of each file, in a real Chromium against the sandbox's validation: each upload
is Pending validation, then Accepted, or Rejected with its reason and an error report. Judged by
what the sandbox says of each submission it holds, and by the uploads it received."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.errors import EXIT_OK, EXIT_PENDING, EXIT_REJECTED
from bot.verdict_look import exit_code
from tests.conftest import InProcess, assert_held_once, make_sandbox, write_manifest
from tests.records import calpads, write

pytestmark = pytest.mark.e2e


@pytest.fixture
def good_and_bad(tmp_path: Path) -> Path:
    """SENR with every SSID ten digits; SINF whose second record's SSID has five."""
    folder = tmp_path / "files"
    write(folder / "SENR.txt", calpads("SENR", copies=3))
    sinf = calpads("SINF", copies=3).split("\r\n")
    sinf[1] = sinf[1].replace("^9000000001^", "^90000^", 1)
    write(folder / "SINF.txt", "\r\n".join(sinf))
    return write_manifest(folder, "manifest.yaml", "2018-19", [("SENR", "SENR.txt"), ("SINF", "SINF.txt")])


def test_status_reads_each_verdict_with_the_reason_and_sends_nothing(
    inprocess: InProcess, good_and_bad: Path, tmp_path: Path
) -> None:
    with make_sandbox(tmp_path, "classic", drift={"validation"}) as site:
        out = inprocess.out()
        inprocess.run(site, good_and_bad, out=out)
        assert_held_once(site, good_and_bad)
        uploads = site.state.uploads

        # The site still validating (held there on purpose), then done judging after a few seconds.
        site.state.text = replace(site.state.text, validate_s=600)
        early = inprocess.status(site, good_and_bad, out)
        assert {site.status_of(s) for s in site.submissions} == {"Pending validation"}
        assert [f.verdict for f in early.files] == ["pending", "pending"]
        assert exit_code(early.files) == EXIT_PENDING
        site.state.text = replace(site.state.text, validate_s=1)

        later = inprocess.status(site, good_and_bad, out, wait_s=20)

        assert site.state.uploads == uploads, "status sent a file"
        said = {s.filename: site.status_of(s) for s in site.submissions}
        assert said["SENR.txt"] == "Accepted" and said["SINF.txt"].startswith("Rejected")
        senr, sinf = later.files
        assert (senr.verdict, sinf.verdict) == ("accepted", "rejected")
        assert sinf.verdict_reason is not None and "SSID (field 9) is not ten digits" in sinf.verdict_reason
        assert exit_code(later.files) == EXIT_REJECTED
        run_folder = out / later.run_id
        assert sinf.verdict_file is not None
        assert b"Result: Rejected" in (run_folder / sinf.verdict_file).read_bytes()
        assert any("site-rejected" in name for name in sinf.screenshots)

        # A send after it: nothing goes again, the rejection is named, and the plan says how to go on.
        again = inprocess.run(site, good_and_bad, out=out)
        assert site.state.uploads == uploads
        assert again.files[1].status == "failed"
        assert "rejected by the site on" in (again.files[1].error or "")

        # The district fixes the file: it is sent, once, in place of the rejected one.
        write(good_and_bad.parent / "SINF.txt", calpads("SINF", copies=3))
        fixed = inprocess.run(site, good_and_bad, out=out)
        assert site.state.uploads == uploads + 1
        assert fixed.files[1].status == "submitted"
        assert any("replaces SINF.txt" in note for note in fixed.files[1].notes)
        newest = site.submissions[-1]
        assert (newest.filename, newest.file_type, newest.school_year) == ("SINF.txt", "SINF", "2018-19")
        assert Path(newest.stored_as).read_bytes() == (good_and_bad.parent / "SINF.txt").read_bytes()
        assert exit_code(inprocess.status(site, good_and_bad, out, wait_s=20).files) == EXIT_OK
