#!/usr/bin/env bash
# Fuzzing of what Carnet reads from files it did not write: the patients CSV
# and the ICS calendar importers (and the readers under them: dates, NIR,
# duplicate detection). Runs their property tests again and again, each
# round with many cases and a fresh random seed, until the time budget is
# spent; stops at the first failure with proptest's smallest failing input.
#
#   scripts/fuzz.sh          # 10 minutes
#   scripts/fuzz.sh 90s      # any duration `timeout` understands: 30s, 10m, 1h
#
# Why proptest and not cargo-fuzz: cargo-fuzz (libFuzzer) needs a nightly
# Rust toolchain, and Carnet builds on stable only. Proptest runs on stable,
# uses the same generators as the ordinary tests (arbitrary bytes, huge
# numbers, bare CRs, deep nesting, long lines), and shrinks what it finds.
# It is not coverage-guided: it finds what its generators can reach. The
# tests run in the debug profile on purpose: overflow checks are on there,
# so an unchecked multiplication panics instead of wrapping silently.
#
# `cargo test` runs the same properties at a low case count (64);
# scripts/test-all.sh runs this script for a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/carnet-target}"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

budget="${1:-10m}"
case "$budget" in
  *h) seconds=$(( ${budget%h} * 3600 )) ;;
  *m) seconds=$(( ${budget%m} * 60 )) ;;
  *s) seconds=${budget%s} ;;
  *[!0-9]*|'') echo "usage: scripts/fuzz.sh [DURÉE]   (ex. 30s, 10m, 1h)" >&2; exit 2 ;;
  *) seconds=$budget ;;
esac
cases="${PROPTEST_CASES:-2000}"

echo "==> building the tests"
# The test binaries are run directly afterwards: the rounds never wait for
# cargo's lock on a shared target folder.
built=$(cargo test -p carnet-core --no-run 2>&1) || { echo "$built" >&2; exit 1; }
binary() { sed -n "s/^ *Executable $1 (\(.*\))$/\1/p" <<<"$built"; }
unit=$(binary "unittests src\/lib.rs")
integration=$(binary "tests\/integration\/main.rs")
if [[ -z "$unit" || -z "$integration" ]]; then
  echo "$built" >&2; echo "test binaries not found" >&2; exit 1
fi
# Copies: a rebuild meanwhile (the target folder may be shared) changes nothing.
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$unit" "$work/unit"; cp "$integration" "$work/integration"
unit="$work/unit"; integration="$work/integration"
log="$work/log"

started=$SECONDS
round=0
run() {
  # `timeout` ends the last round at the budget: that is not a failure.
  local left=$(( seconds - (SECONDS - started) ))
  if (( left <= 0 )); then return 124; fi
  local status=0
  PROPTEST_CASES="$cases" timeout --foreground "$left" "$@" >"$log" 2>&1 || status=$?
  if (( status != 0 && status != 124 )); then
    cat "$log"
    echo "==> ÉCHEC au tour $round après $((SECONDS - started)) s (voir ci-dessus)" >&2
    exit 1
  fi
  return "$status"
}

# Once: files close to the size limits (a 19 MB calendar, a 49 MB CSV).
if (( seconds >= 120 )); then
  echo "==> near the limits (ignored in cargo test)"
  run "$integration" hostile::files_just_under_the_limits_are_read --ignored || true
fi
completed=0
while (( SECONDS - started < seconds )); do
  round=$((round + 1))
  echo "==> round $round: $cases cases per property ($((SECONDS - started)) s / $seconds s)"
  run "$integration" hostile:: || break
  run "$unit" transfer:: dates:: nir:: || break
  completed=$round
done
echo "==> $completed complete round(s) (+ the one cut at the budget, if any) in $((SECONDS - started)) s, $cases cases per property and round: nothing found"
