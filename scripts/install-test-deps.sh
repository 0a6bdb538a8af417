#!/usr/bin/env bash
# What only the tests need, on top of install-deps.sh: tauri-driver (the
# WebDriver bridge to the real app) and an independent SQLCipher 4 build
# (Python's sqlcipher3) to prove the file opens outside Carnet.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver 2.1.0"
  cargo install tauri-driver --version 2.1.0 --locked
fi
if ! python3 -c 'import sqlcipher3' 2>/dev/null; then
  echo "==> pip install sqlcipher3-binary"
  python3 -m pip install --quiet --break-system-packages "sqlcipher3-binary==0.6.0" 2>/dev/null \
    || python3 -m pip install --quiet "sqlcipher3-binary==0.6.0"
fi
