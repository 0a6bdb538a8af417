#!/usr/bin/env bash
# Starts the release build of Carnet (`make run` builds it). Without a
# display (a server, a container), runs it on a virtual one and says so.
set -euo pipefail
app="${CARGO_TARGET_DIR:-$HOME/.cache/carnet-target}/release/carnet"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$app"
fi
echo "Pas d'écran graphique (DISPLAY vide) : Carnet démarre sur un écran virtuel (Xvfb)." >&2
exec xvfb-run -a -s "-screen 0 1280x800x24" "$app"
