#!/usr/bin/env bash
# Tests fetch-sources.sh's fallback for pins the archive no longer serves, against the real
# archive with a small package (libogg, about 0.5 MB) and an empty cache:
#   1. a pin of a served upstream version with a Debian revision that was never uploaded
#      fetches the newest served revision of that upstream version and names both versions;
#   2. the record of that fallback makes a second run a cache hit that still says so;
#   3. a pin whose upstream version the archive does not serve fails, naming the pin.
# The pins are derived from what apt lists now, so a new libogg upload does not break the test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=libogg
export WCW_CACHE; WCW_CACHE=$(mktemp -d)
trap 'rm -rf "$WCW_CACHE"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$("$here/fetch-sources.sh" upstream 7:5.1.9-0+deb12u1)" = 5.1.9 ] || fail "upstream of an epoch version"
[ "$("$here/fetch-sources.sh" upstream 2.3.1+dfsg-3+deb12u2)" = 2.3.1+dfsg ] || fail "upstream of a +dfsg version"

newest=""
for v in $(apt-cache showsrc --only-source "$pkg" | sed -n 's/^Version: //p'); do
  if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then newest=$v; fi
done
[ -n "$newest" ] || fail "apt lists no $pkg source (no deb-src entry? run make deps)"
up=$("$here/fetch-sources.sh" upstream "$newest")
# '~' sorts before everything, so this revision is older than any real upload of $up.
stale="$up-0~wcwtest1"

tree=$("$here/fetch-sources.sh" fetch "$pkg" "$stale" 2>"$WCW_CACHE/err") ||
  fail "fallback fetch of $pkg $stale failed: $(cat "$WCW_CACHE/err")"
[ "$tree" = "$WCW_CACHE/src/$pkg-$newest/tree" ] || fail "fetched $tree, expected $pkg-$newest"
[ -f "$tree/ogg.pc.in" ] || fail "$tree is not an unpacked $pkg source"
grep -q "$pkg $stale (pinned) is not served.*fetched $pkg $newest instead" "$WCW_CACHE/err" ||
  fail "no message naming both versions: $(cat "$WCW_CACHE/err")"
echo "ok: $pkg $stale -> $newest"

tree2=$("$here/fetch-sources.sh" fetch "$pkg" "$stale" 2>"$WCW_CACHE/err")
[ "$tree2" = "$tree" ] || fail "second run fetched $tree2"
grep -q "using the $pkg $newest fetched instead" "$WCW_CACHE/err" || fail "cache hit hides the fallback"
echo "ok: cache hit still reports the fallback"

if "$here/fetch-sources.sh" fetch "$pkg" 0.0.1~wcwtest-1 >/dev/null 2>"$WCW_CACHE/err"; then
  fail "a pin of an unknown upstream version succeeded"
fi
grep -q "cannot fetch $pkg 0.0.1~wcwtest-1" "$WCW_CACHE/err" || fail "unclear error: $(cat "$WCW_CACHE/err")"
echo "ok: unknown upstream 0.0.1~wcwtest fails loudly"
