#!/usr/bin/env bash
# Sets everything up, then runs the linters, the type checker and the whole test suite, in two
# tiers. With arguments, runs pytest with them instead of the two tiers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
echo "== ruff";   .venv/bin/ruff check . && .venv/bin/ruff format --check .
# Type-checked as each system coordinators use: a POSIX-only call without its Windows path fails here.
echo "== mypy";   for system in linux win32 darwin; do .venv/bin/mypy --platform "$system"; done
echo "== workflows"
.venv/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml examples/ci/github-workflow.yml
if [ $# -gt 0 ]; then exec .venv/bin/python -m pytest "$@"; fi
# The district's CI example, step by step, against this checkout: it must work as written.
echo "== the CI example"
log=$(mktemp)
.venv/bin/python scripts/ci_example.py > "$log" 2>&1 || { cat "$log"; exit 1; }
tail -1 "$log"; rm -f "$log"
# The fast tier first (the run's decisions, no subprocess): it must cover 85% of the bot outside
# the sandbox. Then the browser tier, in parallel.
echo "== fast tier"
.venv/bin/python -m pytest -m "not e2e" -n auto --cov=bot --cov-report=term --cov-fail-under=85
echo "== browser tier"
exec .venv/bin/python -m pytest -m e2e -n auto
