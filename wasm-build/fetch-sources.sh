#!/usr/bin/env bash
# Fetches the pinned Debian source packages into $WCW_CACHE/src/<pkg>-<version>/ (once).
# Prints nothing on a cache hit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.env"
: "${WCW_CACHE:=$HOME/.cache/webcodecs-wasm}"

fetch() { # pkg version -> prints the unpacked source dir
  local pkg=$1 version=$2 dir="$WCW_CACHE/src/$1-${2//:/_}"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    if ! (cd "$dir.tmp" && apt-get source -qq "$pkg=$version" >&2); then
      echo "webcodecs-wasm: 'apt-get source $pkg=$version' failed; is a deb-src entry configured?" >&2
      exit 1
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    mv "$(find "$dir.tmp" -mindepth 1 -maxdepth 1 -type d | head -1)" "$dir/tree"
    rm -rf "$dir.tmp" && touch "$dir/.done"
  fi
  echo "$dir/tree"
}

case "${1:-all}" in
  ffmpeg) fetch "$FFMPEG_PKG" "$FFMPEG_VERSION" ;;
  dav1d) fetch "$DAV1D_PKG" "$DAV1D_VERSION" ;;
  opus) fetch "$OPUS_PKG" "$OPUS_VERSION" ;;
  all) fetch "$FFMPEG_PKG" "$FFMPEG_VERSION" >/dev/null; fetch "$DAV1D_PKG" "$DAV1D_VERSION" >/dev/null
       fetch "$OPUS_PKG" "$OPUS_VERSION" >/dev/null ;;
esac
