#!/usr/bin/env bash
# Sets everything up, then runs the linters, the type checker and the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
echo "== ruff";   .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy";   .venv/bin/mypy
echo "== pytest"; exec .venv/bin/python -m pytest "$@"
