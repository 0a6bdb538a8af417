#!/usr/bin/env bash
# Installs whatever Carnet needs to build, run and test on Debian 12, and
# nothing that is already there. Safe to re-run. Run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Tauri's WebKitGTK stack, SQLCipher's libcrypto, the
# WebDriver for end-to-end tests, a virtual display, screenshots, and
# xdotool to answer the native save dialog WebDriver cannot reach; GStreamer's
# decoders for the dictations WebKitGTK plays (WAV, MP3, Ogg, AAC through
# libav) and the French dictionary of its spell checker.
DEB_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  webkit2gtk-driver xvfb xauth imagemagick fonts-dejavu-core xdotool
  python3 python3-pip
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav hunspell-fr
)
missing=()
for package in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "Paquets Debian manquants : ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "Rust (cargo) est introuvable : installez-le avec rustup (https://rustup.rs), puis relancez." >&2
    exit 1
  fi
fi

# The UI and the end-to-end tests: exact versions from the lock files.
for dir in ui tests/e2e; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci dans $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
