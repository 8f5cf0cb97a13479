#!/usr/bin/env bash
# Sets everything up (Debian's chromium package too, when run as root and no Chromium starts), then
# runs every check through scripts/dev.py, the one list of steps that Windows and macOS run as well:
# ruff, mypy as each system, the workflows, the CI example, the fast tier (as Linux, Windows and
# macOS), then the browser tier in parallel. With arguments, runs pytest with them instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ $# -gt 0 ]; then exec .venv/bin/python -m pytest "$@"; fi
exec .venv/bin/python scripts/dev.py test --all
