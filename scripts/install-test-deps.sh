#!/usr/bin/env bash
# What only the tests need, on top of install-deps.sh: tauri-driver (the
# WebDriver bridge to the real app), an independent SQLCipher 4 build
# (Python's sqlcipher3) to prove the file opens outside Carnet, and
# libfaketime for scripts/clock-check.sh (the tests at fake dates and hours),
# and the independent readers of carnet-print's files: poppler-utils
# (pdftotext, pdffonts, pdfinfo), Python's pypdf and python-docx.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v faketime >/dev/null; then
  echo "==> apt-get install faketime"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime
fi

# The end-to-end tests dictate a French clip with espeak-ng.
if ! command -v espeak-ng >/dev/null; then
  echo "==> apt-get install espeak-ng"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng
fi

if ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null; then
  echo "==> apt-get install poppler-utils"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
fi

if ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver 2.1.0"
  cargo install tauri-driver --version 2.1.0 --locked
fi
if ! python3 -c 'import sqlcipher3' 2>/dev/null; then
  echo "==> pip install sqlcipher3-binary"
  python3 -m pip install --quiet --break-system-packages "sqlcipher3-binary==0.6.0" 2>/dev/null \
    || python3 -m pip install --quiet "sqlcipher3-binary==0.6.0"
fi
if ! python3 -c 'import pypdf, docx' 2>/dev/null; then
  echo "==> pip install pypdf python-docx"
  python3 -m pip install --quiet --break-system-packages "pypdf==7.1.1" "python-docx==1.2.0" 2>/dev/null \
    || python3 -m pip install --quiet "pypdf==7.1.1" "python-docx==1.2.0"
fi
