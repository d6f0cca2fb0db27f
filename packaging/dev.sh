#!/usr/bin/env bash
# One entry point for a newcomer on Debian/Ubuntu. Idempotent: a second run only re-does what changed.
#   bash packaging/dev.sh run  [APP ARGS…]   install everything, then start the app on the demo course
#   bash packaging/dev.sh test [PYTEST ARGS…] install everything, then run the whole test suite
#   bash packaging/dev.sh setup               install everything, start nothing
#   bash packaging/dev.sh build [--no-demo|--force]  install everything, then the one-folder app in
#                                                     dist/cc2desktop/ (skipped when up to date)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
say() { printf '[dev] %s\n' "$*" >&2; }

# System libraries Qt needs (offscreen and under X), media, PDF tools, PostgreSQL for the scale tests.
APT_PKGS=(libpulse0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0 libxcb-render-util0
  libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libglib2.0-0
  xvfb xauth x11-utils imagemagick poppler-utils espeak-ng fonts-dejavu-core
  postgresql python3-venv zbar-tools chromium mtools dosfstools binutils)

install_system() {
  local missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-upgrade --no-install-recommends "${missing[@]}" >/dev/null
}

install_python() {
  local stamp="$VENV/.cc2-stamp" want
  want=$(cat pyproject.toml | sha256sum | cut -c1-16)
  if [ ! -x "$PY" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python dependencies (first time: about a minute)"
    # (the grep drops a harmless warning some machines' pip configuration prints for every package)
    "$PY" -m pip install -q --disable-pip-version-check -e ".[server,test,media,build]" \
      2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    echo "$want" > "$stamp"
  fi
}

build_assets() {
  # Translations (.ts → .qm), demo media and the signed demo pack; each step skips what is up to date.
  "$PY" -m tools.build_assets
}

cmd=${1:-run}; shift || true
case "$cmd" in
  setup)
    install_system; install_python; build_assets ;;
  run)
    install_system; install_python; build_assets
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      say "no display found: starting the app on a virtual screen (xvfb-run)"
      exec xvfb-run -a -s "-screen 0 1280x800x24" "$VENV/bin/cc2desktop" "$@"
    fi
    exec "$VENV/bin/cc2desktop" "$@" ;;
  test)
    install_system; install_python; build_assets
    exec "$PY" -m pytest "$@" ;;
  build)
    install_system; install_python; build_assets
    exec "$PY" -m tools.build_app "$@" ;;
  *)
    echo "usage: bash packaging/dev.sh run|test|setup|build [ARGS…]" >&2; exit 2 ;;
esac
