#!/usr/bin/env bash
# Fetches pinned Debian source packages into $WCW_CACHE/src/<pkg>-<fetched version>/tree (once)
# and prints that directory.
#   fetch-sources.sh NAME           the pin NAME_PKG/NAME_VERSION in versions.env (ffmpeg, libvpx, aom, ...)
#   fetch-sources.sh all            every pin, prints nothing
#   fetch-sources.sh fetch PKG VER  any source package and version (test-fetch-fallback.sh uses it)
# A security upload replaces the version the archive serves, so an exact pin can stop being
# fetchable. Then the newest served version with the same upstream version is fetched instead
# (same upstream code, newer Debian patches), the substitution is reported, and the directory
# name, which build-third-party.sh keys its cache on, records the version actually fetched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.env"
: "${WCW_CACHE:=$HOME/.cache/webcodecs-wasm}"

say() { echo "webcodecs-wasm: $*" >&2; }
# ':' (epochs) would break colon-separated paths such as PKG_CONFIG_PATH.
dir_of() { echo "$WCW_CACHE/src/$1-${2//:/_}"; }

upstream() { # Debian version -> upstream version: 7:5.1.9-0+deb12u1 -> 5.1.9
  local v=${1#*:}
  echo "${v%-*}"
}

download() { # pkg version -> unpacks into dir_of(pkg, version)/tree; on failure sets apt_error
  local dir; dir=$(dir_of "$1" "$2")
  [ -f "$dir/.done" ] && return 0
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  if ! apt_error=$(cd "$dir.tmp" && apt-get source -qq "$1=$2" 2>&1); then
    rm -rf "$dir.tmp"; return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  mv "$(find "$dir.tmp" -mindepth 1 -maxdepth 1 -type d | head -1)" "$dir/tree"
  rm -rf "$dir.tmp" && touch "$dir/.done"
}

served() { # pkg -> every version the apt source lists name, one a line
  apt-cache showsrc --only-source "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -u
}

same_upstream_newest_first() { # pkg pin -> served versions with pin's upstream, newest first
  local want v best rest=()
  want=$(upstream "$2")
  for v in $(served "$1"); do [ "$(upstream "$v")" = "$want" ] && rest+=("$v"); done
  while [ ${#rest[@]} -gt 0 ]; do
    best=${rest[0]}
    for v in "${rest[@]}"; do dpkg --compare-versions "$v" gt "$best" && best=$v; done
    echo "$best"
    mapfile -t rest < <(printf '%s\n' "${rest[@]}" | grep -vxF -- "$best")
  done
}

fetch() { # pkg pin -> prints the unpacked source tree of the version actually fetched
  local pkg=$1 pin=$2 record version="" v pin_error
  # The pin -> fetched-version record makes later runs offline cache hits. Delete it to retry the pin.
  record="$WCW_CACHE/src/$pkg=${pin//:/_}.fetched"
  [ -f "$record" ] && version=$(cat "$record")
  if [ -z "$version" ] || [ ! -f "$(dir_of "$pkg" "$version")/.done" ]; then
    mkdir -p "$WCW_CACHE/src"
    if download "$pkg" "$pin"; then
      version=$pin
    else
      # Not listed any more, or listed but gone from the mirror (404): try the same upstream
      # version's other Debian revisions, newest first.
      pin_error=$apt_error version=""
      for v in $(same_upstream_newest_first "$pkg" "$pin"); do
        [ "$v" != "$pin" ] && download "$pkg" "$v" && { version=$v; break; }
      done
      if [ -z "$version" ]; then
        say "cannot fetch $pkg $pin (pinned), and no other version of upstream $(upstream "$pin")" \
            "could be fetched. apt lists: $(served "$pkg" | paste -sd' ' | grep . ||
            echo 'nothing (is a deb-src entry configured?)'). apt-get source said:"
        echo "$pin_error" | grep -v '^W: Download is performed unsandboxed' >&2
        exit 1
      fi
      say "$pkg $pin (pinned) is not served by the archive" \
          "($(echo "$pin_error" | grep -m1 '^E:' || echo 'apt-get source failed'));" \
          "fetched $pkg $version instead, the newest served version of upstream $(upstream "$pin")."
    fi
    echo "$version" > "$record"
  elif [ "$version" != "$pin" ]; then
    say "$pkg $pin (pinned) could not be fetched earlier; using the $pkg $version fetched instead" \
        "(same upstream $(upstream "$pin")). To try the pin again: rm '$record'"
  fi
  echo "$(dir_of "$pkg" "$version")/tree"
}

pin() { # NAME -> fetch of NAME_PKG=NAME_VERSION from versions.env
  local pkg="${1^^}_PKG" version="${1^^}_VERSION"
  [ -n "${!pkg:-}" ] || { say "no pin named $1 in wasm-build/versions.env"; exit 1; }
  fetch "${!pkg}" "${!version}"
}

case "${1:-all}" in
  fetch) fetch "${2:?usage: fetch-sources.sh fetch PKG VERSION}" "${3:?usage: fetch-sources.sh fetch PKG VERSION}" ;;
  upstream) upstream "${2:?}" ;;
  all) for name in $(sed -n 's/^\([A-Z0-9_]*\)_PKG=.*/\1/p' "$here/versions.env"); do
         pin "${name,,}" >/dev/null
       done ;;
  *) pin "$1" ;;
esac
