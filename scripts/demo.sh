#!/usr/bin/env bash
# Sets everything up, then submits examples/manifest.yaml to the built-in sandbox site.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/python -m bot examples/manifest.yaml --sandbox --sandbox-reset --out recordings "$@"
