#!/usr/bin/env bash
# Proves what `make run` builds is what users get, without building it:
#  - Tauri serves the built UI from the binary (its `custom-protocol`
#    feature), not a development server;
#  - WebKit's developer tools are off. Tauri turns them on in builds with
#    debug assertions, or in any build with its `devtools` feature: no
#    package of the app's dependency graph may enable a `devtools` feature,
#    and the release profile must not turn debug assertions back on;
#  - the Makefile's `run` builds and starts that release binary.
# Reads cargo's resolved feature graph (`cargo tree`, a second or two),
# so CI checks it on every run without a second, minutes-long, release build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
passed=0
failed=0
check() {
  local what="$1"; shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "ÉCHEC : $what" >&2
  fi
}

# Every package of the app's build (no dev-dependencies), with its features.
graph=$(cargo tree -p carnet --features carnet/custom-protocol -e no-dev -f '{p} [{f}]' --prefix none)
check "Tauri sert l'interface construite (feature custom-protocol)" \
  bash -c 'grep -qE "^tauri v[^ ]+ \[([^]]*,)?custom-protocol[],]" <<<"$1"' _ "$graph"
check "aucune dépendance n'active d'outils de développement (feature devtools)" \
  bash -c '! grep -qE "[[,]devtools[],]" <<<"$1"' _ "$graph"
check "le profil release n'active pas les assertions de débogage" \
  bash -c '! sed -n "/^\[profile.release/,/^\[/p" Cargo.toml .cargo/config.toml 2>/dev/null | grep -q "debug-assertions *= *true"'
check "make run construit la version release avec custom-protocol" \
  bash -c 'make -n run | grep -q -- "cargo build --release -p carnet --features carnet/custom-protocol"'
check "scripts/run-app.sh lance la version release" \
  grep -q 'release/carnet"' scripts/run-app.sh

echo "configuration release : $passed passed, $failed failed"
[ "$failed" -eq 0 ]
