#!/usr/bin/env bash
# Installs what the build and the tests need from Debian, only where it is missing,
# and adds a deb-src entry so that `apt-get source` can fetch the pinned third-party sources.
set -euo pipefail

PACKAGES=(
  emscripten meson ninja-build cmake pkg-config dpkg-dev          # wasm toolchain + apt-get source
  autotools-dev                                                 # config.sub that knows wasm32 (lame)
  ffmpeg libavif-bin                                            # fixtures and the framemd5 oracle
  g++ libgtest-dev                                              # native tests
  libavcodec-dev libavutil-dev libswscale-dev libswresample-dev  # native build of the core
  libdav1d-dev libopus-dev
  libwebp-dev webp                                              # WebP: core (native), fixtures (cwebp, webpmux, dwebp)
  libjpeg62-turbo-dev libjpeg-turbo-progs                       # JPEG: core (native), fixtures and oracle (cjpeg, djpeg)
  chromium firefox-esr                                          # browser tests
)

# Node >= 20 and npm drive the build and the tests. Debian 12's own nodejs is 18, so an older or
# missing Node is reported rather than replaced.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi

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
  apt-get -o DPkg::Lock::Timeout=300 update -qq
elif [ ${#missing[@]} -gt 0 ]; then
  apt-get -o DPkg::Lock::Timeout=300 update -qq
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "webcodecs-wasm: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "webcodecs-wasm: Node $(node --version) found; the build and tests need Node 20 or later." >&2
  exit 1
fi
