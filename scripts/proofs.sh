#!/usr/bin/env bash
# The data-safety proofs at full size, with their figures (the CI runs short
# versions inside `make test`). Usage: scripts/proofs.sh [CYCLES] [TRIALS]
#   CYCLES  SIGKILL crash cycles (default 2000)
#   TRIALS  bytes flipped one at a time (default 1000)
# Figures are printed and written to proofs/*.json under the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/carnet-target}"
export PATH="$HOME/.cargo/bin:$PATH"
cycles="${1:-2000}"
trials="${2:-1000}"
work="${PROOFS_DIR:-$(mktemp -d)}"
cargo build --release -p carnet-admin
admin="$CARGO_TARGET_DIR/release/carnet-admin"
echo "==> crash test: $cycles cycles (dossier $work/crash)"
"$admin" crash-test "$work/crash" --cycles "$cycles" --json "$work/crash.json"
echo "==> tamper test: $trials octets"
"$admin" tamper-test "$work/tamper" --trials "$trials"
echo "Figures : $work/crash.json"
