#!/usr/bin/env bash
# Every test of Carnet, in the order that fails fastest. Called by `make test`
# and by CI (.ci/run). Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/carnet-target}"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() {
  local name="$1"; shift
  local started=$SECONDS
  echo "==> $name"
  "$@"
  echo "    ($name : $((SECONDS - started)) s)"
}

# Tauri's build script needs the built UI folder to exist.
mkdir -p ui/dist

step "format (cargo fmt)" cargo fmt --all -- --check
step "release configuration (custom protocol on, devtools off)" scripts/check-release-config.sh
step "lint (cargo clippy)" cargo clippy --workspace --all-targets --features carnet/custom-protocol -- -D warnings
step "Rust tests (core, admin, shell)" cargo test --workspace --features carnet/custom-protocol
step "fuzz smoke: importers on hostile files (scripts/fuzz.sh, 25 s)" env PROPTEST_CASES=300 scripts/fuzz.sh 25s
step "TypeScript bindings are current" bash -c '
  if [ -n "$(git status --porcelain -- ui/src/lib/bindings)" ]; then
    git status --porcelain -- ui/src/lib/bindings
    echo "Les bindings TypeScript ne correspondent plus aux types Rust : lancez cargo test puis commitez ui/src/lib/bindings." >&2
    exit 1
  fi'
step "UI type check (svelte-check)" bash -c 'cd ui && npm run --silent check'
step "UI unit tests (vitest)" bash -c 'cd ui && npm test --silent'
step "UI build" bash -c 'cd ui && npm run --silent build'
step "app build" cargo build --workspace --features carnet/custom-protocol
step "benchmark smoke (tiny tier, no timing asserted)" bash -c '
  cache=$(mktemp -d); trap "rm -rf $cache" EXIT
  "$CARGO_TARGET_DIR/debug/carnet-admin" bench --tier tiny --cache "$cache" --json "$cache/bench.json" >/dev/null
  grep -q "recherche" "$cache/bench.json"'
step "independent SQLCipher 4 tool opens the file" python3 tests/independent/test_sqlcipher_compat.py
step "audit trail attacks by an outside SQLCipher tool are noticed" python3 tests/independent/test_audit_attacks.py
step "end-to-end (real app, Xvfb, WebDriver)" bash -c 'cd tests/e2e && xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 ./*.test.mjs'
step "in-app benchmark smoke (tiny tier, a few seconds, no timing asserted)" bash -c '
  cache=$(mktemp -d); trap "rm -rf $cache" EXIT
  dataset=$("$CARGO_TARGET_DIR/debug/carnet-admin" bench --tier tiny --cache "$cache" --prepare 2>/dev/null)
  cd tests/e2e && CARNET_BENCH_FILE="$dataset" CARNET_BENCH_PASSPHRASE=banc-essai-carnet-patients-fictifs-mesure-vitesse \
    CARNET_BENCH_MINUTES=0.1 CARNET_BENCH_JSON="$cache/app.json" \
    xvfb-run -a -s "-screen 0 1280x800x24" node bench-app.mjs >/dev/null
  grep -q keystrokeToResults "$cache/app.json"'
