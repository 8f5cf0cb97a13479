"""The command line in-process, through main(): every exit code that needs no browser, and the one
line a coordinator reads. The site is the fast tier's fake, so these take milliseconds."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import cli
from bot.errors import EXIT_FILE_FAILED, EXIT_INTERRUPTED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_SITE
from tests.conftest import posix_only
from tests.fakes import FakeSite, connect_to
from tests.records import calpads, write

# Where Playwright looks for its ffmpeg on each system (its registry's names).
FFMPEG_NAME = {"win32": "ffmpeg-win64.exe", "darwin": "ffmpeg-mac"}.get(sys.platform, "ffmpeg-linux")

ROOT = Path(__file__).resolve().parents[1]
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


# The fake site the `site` fixture made, given to main() as its way to the site.
_SITES: list[FakeSite] = []


@pytest.fixture
def site() -> Iterator[FakeSite]:
    fake = FakeSite()
    _SITES.append(fake)
    yield fake
    _SITES.remove(fake)


def run(*argv: str | Path, env: dict[str, str] | None = None) -> int:
    connect = connect_to(_SITES[-1]) if _SITES else None
    return cli.main([str(a) for a in argv], ENV if env is None else env, connect=connect)


def test_a_full_run_exits_0_and_says_how_many_went(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(manifest, "--out", tmp_path / "out") == EXIT_OK
    out = capsys.readouterr().out
    assert re.match(r"2 of 2 file\(s\) submitted; report: .*report\.html$", out.strip())
    assert len(site.held) == 2


def test_a_failed_file_exits_1_and_names_it(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["confirm", "refuse"]
    assert run(manifest, "--out", tmp_path / "out") == EXIT_FILE_FAILED
    assert "1 of 2 file(s) submitted, 1 failed" in capsys.readouterr().out


def test_a_file_on_the_site_twice_exits_1(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["twice"]
    assert run(manifest, "--out", tmp_path / "out") == EXIT_FILE_FAILED
    assert "1 on the site more than once" in capsys.readouterr().out


def test_an_unknown_outcome_exits_1(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["lost", "lost", "lost"]
    assert run(manifest, "--out", tmp_path / "out", "--config", _fast(tmp_path)) == EXIT_FILE_FAILED
    assert "1 unknown (the next run looks in the site's list first)" in capsys.readouterr().out


def test_an_interrupt_mid_upload_exits_130(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["interrupt-late"]
    site.real_signal = True
    assert run(manifest, "--out", tmp_path / "out") == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert "stopping after the current step" in err and "calpass-bot: error: interrupted" in err


def test_a_bad_manifest_exits_2_with_one_line_per_problem(
    tmp_path: Path, site: FakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("school_year: 2023-24\nfiles:\n  - type: SENRR\n    path: nowhere.txt\n")
    assert run(path) == EXIT_INVALID_INPUT
    assert capsys.readouterr().err.strip() == (
        'calpass-bot: error: m.yaml: file 1 (nowhere.txt): type: "SENRR" is not a file type; did you mean SENR? '
        "(one of SENR SINF SPRG SELA CRSC SCSC SCTE SDIS STAS CAHSEE STAR CAASPP CALPASS)"
    )
    assert site.log_ons == 0


def test_missing_credentials_exit_2_before_any_contact(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(manifest, "--out", tmp_path / "out", env={}) == EXIT_INVALID_INPUT
    assert "CALPASS_USERNAME" in capsys.readouterr().err
    assert site.log_ons == 0


def test_plain_http_to_another_host_exits_3_before_a_browser_starts(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "site.yaml"
    config.write_text("site:\n  base_url: http://calpass.example.org\n")
    assert run(manifest, "--config", config, "--out", tmp_path / "out") == EXIT_SITE
    assert "refusing to send credentials to http://calpass.example.org" in capsys.readouterr().err
    assert site.log_ons == 0


def test_dry_run_exits_0_and_contacts_nobody(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(manifest, "--dry-run", "--out", tmp_path / "out") == EXIT_OK
    assert "2 of 2 file(s) would be sent. Nothing was sent (--dry-run)." in capsys.readouterr().out
    assert site.log_ons == 0 and not (tmp_path / "out").exists()


@pytest.mark.e2e  # a subprocess: a fresh interpreter is the only way to see what a run imports
def test_dry_run_loads_no_sandbox_code(manifest: Path) -> None:
    import subprocess

    probe = (
        "import sys; from bot import cli; cli.main([sys.argv[1], '--dry-run'], {}); "
        "print(sorted(m for m in sys.modules if m.startswith('bot.sandbox') or m in ('jinja2', 'python_multipart')))"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(manifest)], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "flags", [["--sandbox-fault", "drop@2"], ["--sandbox-drift", "upload-data"], ["--sandbox-variant", "loader"]]
)
def test_a_rehearsal_flag_without_sandbox_exits_2_with_no_contact(
    manifest: Path, site: FakeSite, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(manifest, *flags) == EXIT_INVALID_INPUT
    assert f"{flags[0]} only go with --sandbox" in capsys.readouterr().err
    assert site.log_ons == 0


def test_an_unknown_drift_or_fault_names_the_choices(manifest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(manifest, "--sandbox", "--sandbox-drift", "nope") == EXIT_INVALID_INPUT
    assert "no drift named nope; choose from username-label" in capsys.readouterr().err
    assert run(manifest, "--sandbox", "--sandbox-fault", "boom@1") == EXIT_INVALID_INPUT
    assert '"boom@1" is not a fault' in capsys.readouterr().err


def test_a_config_with_a_password_is_refused(
    manifest: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("site:\n  password: hunter2\n")
    assert run(manifest, "--config", config) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert "never holds credentials" in err and "hunter2" not in err


def test_no_manifest_says_how_to_give_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == EXIT_INVALID_INPUT
    assert "give a manifest, as in: python -m bot manifest.yaml" in capsys.readouterr().err


def test_help_is_the_documentation_and_the_readme_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        run("--help")
    assert done.value.code == 0
    shown = re.sub(r"-\n\s+", "-", capsys.readouterr().out)
    assert "exit codes:" in shown and "CALPASS_PASSWORD" in shown
    assert "receipt-heading" in shown, "--help lists the sandbox's drifts"
    options = shown[shown.index("options:") : shown.index("examples:")]
    flags = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-z])\b", options)) - {"-h", "--help"}
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| flag | what it does |") :].split("\n\n")[0]
    documented = set(re.findall(r"`(--?[a-z][a-z-]*)", table))
    assert flags - documented == set(), "flags in --help missing from the README's table"
    assert documented - flags == set(), "flags in the README's table that --help does not know"


def _fast(tmp_path: Path) -> Path:
    config = tmp_path / "fast.yaml"
    config.write_text("timeouts:\n  settle_s: 0.1\nretries:\n  initial_wait_s: 0\n")
    return config


def test_the_example_config_is_a_valid_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ROOT / "config.example.yaml", tmp_path / "c.yaml")
    assert run("--config", tmp_path / "c.yaml", "--dry-run", ROOT / "examples" / "manifest.yaml") == EXIT_OK


def manifest_with(examples: Path, text: str) -> Path:
    path = examples.parent / "bad.yaml"
    path.write_text(text)
    return path


BAD = {
    "yaml syntax": ("files:\n  - {type: SENR\n", "bad.yaml: YAML syntax error at line 3, column 1"),
    "not a mapping": ("- SENR.txt\n", "bad.yaml: the manifest must be a mapping"),
    "unknown key": (
        "school_year: 2018-19\nfile:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        "bad.yaml: file: unknown key; did you mean files?",
    ),
    "unknown type": (
        "school_year: 2018-19\nfiles:\n  - {type: SNER, path: extracts/SENR.txt}\n",
        'bad.yaml: file 1 (extracts/SENR.txt): type: "SNER" is not a file type; did you mean SENR?',
    ),
    "bad year": (
        "school_year: 2018-20\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        'bad.yaml: school_year: "2018-20" is not a school year',
    ),
    "password in manifest": (
        "school_year: 2018-19\npassword: hunter2\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        "bad.yaml: password: a manifest never holds credentials",
    ),
    "missing file": (
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: extracts/SENR.tx}\n",
        "bad.yaml: file 1 (extracts/SENR.tx): path: no such file",
    ),
    "wrong type for content": (
        "school_year: 2018-19\nfiles:\n  - {type: SINF, path: extracts/SENR.txt}\n",
        "bad.yaml: file 1 (extracts/SENR.txt): type: declared SINF but the file holds SENR records",
    ),
    "wrong year for content": (
        "school_year: 2017-18\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n",
        "bad.yaml: file 1 (extracts/SENR.txt): school_year: the file's Academic Year ID is 2018-2019",
    ),
    "year rule": (
        "school_year: 2018-19\nfiles:\n  - {type: STAR, path: scores/caaspp_student_score_data_DLMTR.csv}\n",
        "type: STAR was collected through 2012-13; for 2018-19 send the CAASPP file (type: CAASPP)",
    ),
    "listed twice": (
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n"
        "  - {type: SENR, path: extracts/../extracts/SENR.txt}\n",
        "bad.yaml: file 2 (extracts/../extracts/SENR.txt): path: the same file as file 1 (extracts/SENR.txt)",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_exits_2_naming_the_culprit_with_no_login(
    case: str, site: FakeSite, examples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = BAD[case]
    out = tmp_path / "out"
    assert run(manifest_with(examples, text), "--out", out) == EXIT_INVALID_INPUT
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("calpass-bot: error: ")]
    assert any(expected in line for line in errors), errors
    assert site.log_ons == 0 and not out.exists()


def test_dry_run_shows_what_each_file_was_recognised_as(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(examples, "--dry-run") == EXIT_OK
    shown = capsys.readouterr().out
    assert "recognised as" in shown
    assert "CALPADS SENR submission file, '^' 35 fields, 2018-2019" in shown
    assert "Warnings:" not in shown


def test_missing_files_warn_and_strict_makes_them_errors(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    short = examples.parent / "short.yaml"
    short.write_text(examples.read_text().replace("  - type: SELA\n    path: extracts/SELA.txt\n", ""))
    assert run(short, "--dry-run") == EXIT_OK
    assert "short.yaml: 2018-19: no SELA file listed" in capsys.readouterr().out
    assert run(short, "--dry-run", "--strict") == EXIT_INVALID_INPUT
    assert "calpass-bot: error: short.yaml: 2018-19: no SELA file listed" in capsys.readouterr().err


def _bomb(depth: int) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, depth + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\nschool_year: 2018-19\nfiles: *a{depth}\n"


HOSTILE = {
    "alias bomb": (_bomb(9), "aliases (*name) are not accepted"),
    "self-referring alias": ("files: &x [*x]\n", "aliases (*name) are not accepted"),
    "deep nesting": ("files: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested deeper than 20 levels"),
    "duplicate key": (
        "school_year: 2018-19\nschool_year: 2019-20\nfiles: []\n",
        "refused at line 2, column 1: the key school_year is given twice",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_yaml_ends_in_one_line_and_exit_2_at_once(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    text, expected = HOSTILE[case]
    path = tmp_path / "m.yaml"
    path.write_text(text)
    started = time.monotonic()
    assert run(path, "--dry-run") == EXIT_INVALID_INPUT
    # A bound on a hang, not a speed target: unguarded, the bomb took minutes and the nesting a crash.
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err


@posix_only
@pytest.mark.parametrize("special", ["fifo", "device", "huge"])
def test_a_manifest_that_is_not_a_small_regular_file_is_refused(
    special: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    path = tmp_path / "m.yaml"
    if special == "fifo":
        if sys.platform == "win32":
            pytest.skip("no FIFOs on Windows")
        else:
            os.mkfifo(path)
    elif special == "huge":
        path.write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    else:
        path = Path("/dev/zero")
    assert run(path, "--dry-run") == EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert "a manifest or config is at most 1 MiB" in err if special == "huge" else "not a regular file" in err


def test_the_same_manifest_from_another_folder_finds_the_same_ledger(
    manifest: Path, site: FakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run(manifest) == EXIT_OK
    monkeypatch.chdir(elsewhere)
    assert run(manifest) == EXIT_OK
    assert len(site.held) == 2 and site.log_ons == 1, "the second run sent again or logged on"
    assert (manifest.parent / "recordings" / "ledger.jsonl").is_file()
    assert not (elsewhere / "recordings").exists()


def test_a_second_run_on_the_same_folder_exits_2_naming_the_first(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.ledger import Ledger

    out = tmp_path / "out"
    with Ledger(out).exclusive("20261129-080000-abcd"):
        assert run(manifest, "--out", out) == EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert f"another run is using {out} (run 20261129-080000-abcd, process " in err
    assert site.log_ons == 0


@posix_only
def test_everything_written_is_owner_only_whatever_the_umask(manifest: Path, site: FakeSite, tmp_path: Path) -> None:
    import os

    out = tmp_path / "new" / "out"
    old = os.umask(0)
    try:
        assert run(manifest, "--out", out) == EXIT_OK
    finally:
        os.umask(old)
    for path in [out, *out.rglob("*")]:
        assert path.stat().st_mode & 0o077 == 0, f"{path} is open to others"


def test_an_out_folder_that_cannot_be_made_exits_2_before_any_contact(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert run(manifest, "--out", blocker / "out") == EXIT_INVALID_INPUT
    assert "calpass-bot: error: " in capsys.readouterr().err
    assert site.log_ons == 0


@pytest.mark.e2e  # it starts Chromium: the browser tier's, never the fast tier's
@pytest.mark.e2e  # it starts Chromium: the fast tier starts no browser at all
def test_which_browser_names_the_chromium_it_starts(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--which-browser") == EXIT_OK
    assert re.match(r"Chromium \d+\.[\d.]+ \(.+\), Playwright \d", capsys.readouterr().out)


def test_dry_run_reads_the_ledger(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["confirm", "lost", "lost", "lost"]
    assert run(manifest, "--config", _fast(tmp_path)) == EXIT_FILE_FAILED
    capsys.readouterr()
    assert run(manifest, "--dry-run") == EXIT_OK
    shown = capsys.readouterr().out
    (senr,) = [line for line in shown.splitlines() if "SENR.txt" in line]
    assert "already on the site (20" in senr and "CPP-00001" in senr
    (sinf,) = [line for line in shown.splitlines() if "SINF.txt" in line]
    assert sinf.rstrip().endswith("may be on the site: looked for in its list first")
    assert "1 of 2 file(s) would be sent" in shown


def test_verbose_and_quiet_together_are_refused(manifest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        run(manifest, "-v", "-q")
    assert done.value.code == EXIT_INVALID_INPUT
    assert "not allowed with argument" in capsys.readouterr().err


def test_headed_without_a_display_says_so_before_anything_starts(
    manifest: Path, site: FakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("displays are a Linux question")
    assert run(manifest, "--headed", env={k: v for k, v in ENV.items() if k != "DISPLAY"}) == EXIT_INVALID_INPUT
    assert "this session has no display" in capsys.readouterr().err
    assert site.log_ons == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "school_year: 2018-19\nfiles:\n  SENR: extracts/SENR.txt\n",
            [
                "calpass-bot: error: m.yaml: files: must be a list, one entry per file, each starting with a dash, "
                "as in: files: [{type: SENR, path: extracts/SENR.txt}]"
            ],
        ),
        (
            "school_year: 2018-20\nfiles:\n  - {type: SENR, path: a.txt}\n  - {type: SINF, path: b.txt}\n",
            [
                'calpass-bot: error: m.yaml: school_year: "2018-20" is not a school year: the two years must be '
                "consecutive, as in 2023-24"
            ],
        ),
    ],
)
def test_each_mistake_is_said_once_in_the_manifests_words(
    text: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    assert run(path, "--dry-run") == EXIT_INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == expected


def test_video_without_ffmpeg_is_refused_before_anything_starts(
    manifest: Path, site: FakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-browsers"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    out = tmp_path / "out"
    assert run(manifest, "--video", "--out", out) == EXIT_INVALID_INPUT
    assert "--video needs ffmpeg" in capsys.readouterr().err
    assert site.log_ons == 0 and not out.exists()


@posix_only
def test_a_system_ffmpeg_is_shown_to_playwright_from_the_run_folder_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from bot.browser import video_env

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ffmpeg = bin_dir / "ffmpeg"
    ffmpeg.write_text("#!/bin/sh\n")
    ffmpeg.chmod(0o755)
    cache = tmp_path / "browsers"
    (cache / "chromium-1").mkdir(parents=True)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(cache))
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    run_folder = tmp_path / "run"
    run_folder.mkdir()
    with video_env(run_folder) as env:
        private = Path(env["PLAYWRIGHT_BROWSERS_PATH"])
        assert private.parent == run_folder
        (linked,) = private.glob(f"ffmpeg-*/{FFMPEG_NAME}")
        assert linked.resolve() == ffmpeg
        assert (private / "chromium-1").resolve() == cache / "chromium-1", "Playwright's own browsers still found"
    assert [p.name for p in cache.iterdir()] == ["chromium-1"], "nothing written in the user's Playwright cache"
    assert list(run_folder.iterdir()) == [], "the links go with the run"


def test_playwrights_own_ffmpeg_needs_nothing_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import playwright

    from bot.browser import video_env

    browsers = json.loads((Path(playwright.__file__).parent / "driver" / "package" / "browsers.json").read_text())
    revision = next(b["revision"] for b in browsers["browsers"] if b["name"] == "ffmpeg")
    cache = tmp_path / "browsers"
    (cache / f"ffmpeg-{revision}").mkdir(parents=True)
    (cache / f"ffmpeg-{revision}" / FFMPEG_NAME).write_text("")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(cache))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    run_folder = tmp_path / "run"
    run_folder.mkdir()
    with video_env(run_folder) as env:
        assert env == {}, "Playwright finds its own ffmpeg where it looks"
    assert list(run_folder.iterdir()) == []


def test_a_rehearsals_dry_run_reads_the_rehearsals_ledger_never_the_real_one(
    manifest: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from bot.files import file_facts

    out = tmp_path / "out"
    senr = file_facts(manifest.parent / "SENR.txt").sha256
    sinf = file_facts(manifest.parent / "SINF.txt").sha256
    line = {
        "account": "a@sandbox.example",
        "type": "SENR",
        "school_year": "2018-19",
        "path": "SENR.txt",
        "confirmation": "",
    }
    (out / "sandbox").mkdir(parents=True)
    (out / "sandbox" / "ledger.jsonl").write_text(
        json.dumps(line | {"site": "sandbox", "sha256": senr, "submitted_at": "2026-11-01T10:00:00+00:00"})
        + "\n"
        + json.dumps(
            line
            | {
                "site": "sandbox",
                "sha256": sinf,
                "type": "SINF",
                "path": "SINF.txt",
                "state": "in_doubt",
                "submitted_at": "2026-11-01T10:00:01+00:00",
                "confirmation": "",
            }
        )
        + "\n"
    )
    assert run(manifest, "--dry-run", "--sandbox", "--out", out) == EXIT_OK
    rehearsal = capsys.readouterr().out
    assert "already on the site (2026-11-01)" in rehearsal
    assert "may be on the site: looked for in its list first" in rehearsal
    assert "0 of 2 file(s) would be sent" not in rehearsal and "1 of 2 file(s) would be sent" in rehearsal
    # The real site's plan knows nothing of the rehearsal.
    assert run(manifest, "--dry-run", "--out", out) == EXIT_OK
    real = capsys.readouterr().out
    assert "already on the site" not in real and "2 of 2 file(s) would be sent" in real


def test_a_form_the_bot_cannot_operate_stops_the_run_after_the_first_file(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["broken", "confirm"]
    assert run(manifest, "--out", tmp_path / "out") == EXIT_SITE
    err = capsys.readouterr().err
    # One message, once: the second file was never tried.
    assert site.uploads == 1 and not site.held
    assert err.count('would not take "SENR"') == 2  # the file's log line and the run's one error line
    assert "the run stopped before the next file" in err and "--check-site" in err


def test_once_a_file_has_gone_a_form_failure_is_that_files_alone(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.script = ["confirm", "broken"]
    assert run(manifest, "--out", tmp_path / "out") == EXIT_FILE_FAILED
    assert "1 of 2 file(s) submitted, 1 failed" in capsys.readouterr().out


def test_a_dialog_the_bot_cannot_place_stops_the_run_with_its_words(
    manifest: Path, site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The first file is held; then a notice stands over the form, and every click waits behind it.
    site.script = ["confirm", "blocked", "confirm"]
    assert run(manifest, "--out", tmp_path / "out") == EXIT_SITE
    err = capsys.readouterr().err
    assert len(site.held) == 1, "nothing sent after the dialog showed"
    assert 'says: "Scheduled maintenance Uploads are paused until 6 PM. Close"' in err
    assert 'pages: {dismiss: ["Scheduled maintenance"]}' in err
    assert "Timeout" not in err, "the browser's words are not the message"
    summary = json.loads(next((tmp_path / "out").rglob("summary.json")).read_text())
    assert [f["status"] for f in summary["files"]] == ["submitted", "not_sent"]
