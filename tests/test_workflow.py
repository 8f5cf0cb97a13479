"""The CI matrix, read as GitHub's runners would run it (issue 32): what makes it pass when it runs,
checked here because it cannot run on this machine. The schema itself is checked offline by
scripts/test.sh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    return data


def test_every_job_has_a_time_limit_and_a_superseded_run_is_cancelled() -> None:
    flow = workflow()
    assert all(int(job["timeout-minutes"]) <= 60 for job in flow["jobs"].values())
    assert flow["concurrency"]["cancel-in-progress"] is True


def test_a_pull_requests_branch_is_not_run_twice() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers


def test_the_tools_are_pinned_and_cached_and_playwrights_chromium_installed_on_purpose() -> None:
    steps = workflow()["jobs"]["tests"]["steps"]
    runs = "\n".join(str(step.get("run", "")) for step in steps)
    assert "-c constraints.txt" in runs and "playwright install chromium" in runs
    assert any("constraints.txt" in str(step.get("with", {}).get("cache-dependency-path", "")) for step in steps)
    assert any(str(step.get("uses", "")).startswith("actions/cache") for step in steps)
    assert "-m e2e" in runs, "one browser-tier smoke test per system"
    pins = (ROOT / "constraints.txt").read_text()
    for tool in ("playwright==", "ruff==", "mypy==", "pytest=="):
        assert tool in pins
    assert "-c constraints.txt" in (ROOT / "scripts" / "setup.sh").read_text()


def test_the_example_data_keeps_its_bytes_on_a_windows_checkout() -> None:
    attributes = (ROOT / ".gitattributes").read_text()
    assert "examples/extracts/** -text" in attributes and "*.sh text eol=lf" in attributes
