#!/usr/bin/env bash
# Installs what the build and the tests need from Debian, only where it is missing,
# and adds a deb-src entry so that `apt-get source` can fetch the pinned third-party sources.
set -euo pipefail

PACKAGES=(
  emscripten meson ninja-build cmake pkg-config dpkg-dev          # wasm toolchain + apt-get source
  ffmpeg                                                        # fixtures and the framemd5 oracle
  g++ libgtest-dev                                              # native tests
  libavcodec-dev libavutil-dev libswscale-dev libswresample-dev  # native build of the core
  libdav1d-dev libopus-dev
  chromium firefox-esr                                          # browser tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

has_deb_src() { grep -rqs -E '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; }

if [ ${#missing[@]} -eq 0 ] && has_deb_src; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "webcodecs-wasm: missing Debian packages: ${missing[*]:-(none)}" >&2
  has_deb_src || echo "webcodecs-wasm: and no deb-src entry in /etc/apt/sources.list.d/" >&2
  echo "Run as root, or install them: sudo apt-get install -y ${missing[*]:-}" >&2
  exit 1
fi

if ! has_deb_src; then
  # Mirror the binary entries as source entries (deb822 and one-line formats).
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -e 's/^Types: deb$/Types: deb-src/' "$f" > "/etc/apt/sources.list.d/webcodecs-wasm-src-$(basename "$f")"
  done
  if [ -f /etc/apt/sources.list ]; then
    grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > /etc/apt/sources.list.d/webcodecs-wasm-src.list || true
  fi
  rm -f /var/lib/apt/lists/lock
  apt-get update -qq
elif [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "webcodecs-wasm: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
