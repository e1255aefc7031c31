#!/usr/bin/env bash
# Builds dav1d, opus and FFmpeg (avcodec, avutil, swscale, swresample) to wasm static libraries.
#   build-third-party.sh mt   pthreads build (SharedArrayBuffer pages, Node)
#   build-third-party.sh st   no threads (pages that are not cross-origin isolated)
# Installs into $WCW_CACHE/third-party/<variant>-<recipe hash>/ and prints that prefix.
# The hash covers this script, versions.env and the FFmpeg codec list, so a change to any of
# them rebuilds, and an unchanged recipe is a cache hit on every later run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
variant=${1:?usage: build-third-party.sh mt|st}
: "${WCW_CACHE:=$HOME/.cache/webcodecs-wasm}"
export NODE_PATH=/usr/share/nodejs   # emcc's acorn optimizer lives there on Debian
JOBS=${JOBS:-2}

hash=$(cat "$here/build-third-party.sh" "$here/versions.env" "$here/ffmpeg-codecs.txt" \
         "$(command -v emcc)" | sha256sum | cut -c1-16)
prefix="$WCW_CACHE/third-party/$variant-$hash"
if [ -f "$prefix/.done" ]; then echo "$prefix"; exit 0; fi

log() { echo "webcodecs-wasm: [$variant] $*" >&2; }
"$here/fetch-sources.sh" all
src_ffmpeg=$("$here/fetch-sources.sh" ffmpeg)
src_dav1d=$("$here/fetch-sources.sh" dav1d)
src_opus=$("$here/fetch-sources.sh" opus)

work="$WCW_CACHE/work/$variant-$hash"
rm -rf "$work" "$prefix" && mkdir -p "$work" "$prefix"

# No -msimd128: FFmpeg 5.1 has no wasm SIMD code (autovectorising gains 1-3%), and without it
# the module also runs on engines without wasm SIMD (Safari < 16.4).
if [ "$variant" = mt ]; then
  cflags="-O3 -pthread"; ldflags="-pthread"; ff_threads="--enable-pthreads"
else
  cflags="-O3"; ldflags=""; ff_threads="--disable-pthreads"
fi

log "dav1d"
cat > "$work/cross.meson" <<MESON
[binaries]
c = 'emcc'
cpp = 'em++'
ar = 'emar'
ranlib = 'emranlib'
nm = 'emnm'
strip = 'llvm-strip-14'
pkgconfig = 'pkg-config'
[host_machine]
system = 'emscripten'
cpu_family = 'wasm32'
cpu = 'wasm32'
endian = 'little'
[built-in options]
c_args = [$(printf "'%s'," $cflags)]
c_link_args = [$(printf "'%s'," $ldflags)]
MESON
meson setup "$work/dav1d" "$src_dav1d" --cross-file "$work/cross.meson" --prefix="$prefix" \
  --libdir=lib --buildtype=release --default-library=static -Denable_asm=false \
  -Denable_tools=false -Denable_tests=false -Denable_examples=false -Dbitdepths=8,16 \
  -Dlogging=false >"$work/dav1d.log" 2>&1
ninja -C "$work/dav1d" -j"$JOBS" install >>"$work/dav1d.log" 2>&1
# meson adds '-sPTHREAD_POOL_SIZE=4' to dav1d.pc on emscripten; the app link sets its own pool.
sed -i 's/ -sPTHREAD_POOL_SIZE=[0-9]*//' "$prefix/lib/pkgconfig/dav1d.pc"

log "opus"
mkdir -p "$work/opus" && cd "$work/opus"
emconfigure "$src_opus/configure" --host=wasm32 --prefix="$prefix" --disable-shared \
  --enable-static --disable-doc --disable-extra-programs --disable-rtcd --disable-intrinsics \
  --disable-asm CFLAGS="$cflags" >"$work/opus.log" 2>&1
emmake make -j"$JOBS" install >>"$work/opus.log" 2>&1

log "ffmpeg (configure takes about a minute)"
list() { grep -E "^$1 " "$here/ffmpeg-codecs.txt" | cut -d' ' -f2- | tr ' ' ','; }
mkdir -p "$work/ffmpeg" && cd "$work/ffmpeg"
EM_PKG_CONFIG_PATH="$prefix/lib/pkgconfig" emconfigure "$src_ffmpeg/configure" \
  --prefix="$prefix" --enable-cross-compile --target-os=none --arch=x86_32 --cpu=generic \
  --cc=emcc --cxx=em++ --ar=emar --ranlib=emranlib --nm=emnm --objcc=emcc --dep-cc=emcc \
  --pkg-config=pkg-config --pkg-config-flags=--static \
  --disable-asm --disable-x86asm --disable-inline-asm --disable-stripping --disable-programs \
  --disable-doc --disable-debug --disable-runtime-cpudetect --disable-autodetect \
  --disable-network --disable-iconv $ff_threads --disable-w32threads --disable-os2threads \
  --disable-avdevice --disable-avformat --disable-avfilter --disable-postproc \
  --enable-avcodec --enable-avutil --enable-swscale --enable-swresample \
  --disable-everything --enable-libdav1d --enable-libopus \
  --enable-decoder="$(list decoder)" --enable-parser="$(list parser)" --enable-bsf="$(list bsf)" \
  --extra-cflags="$cflags" --extra-ldflags="$ldflags" >"$work/ffmpeg.log" 2>&1 ||
  { tail -30 "$work/ffmpeg/ffbuild/config.log" >&2; exit 1; }
for want in libdav1d libopus; do
  grep -q "^CONFIG_${want^^}_DECODER=yes" ffbuild/config.mak || { log "FFmpeg dropped $want"; exit 1; }
done
emmake make -j"$JOBS" >>"$work/ffmpeg.log" 2>&1
make install >>"$work/ffmpeg.log" 2>&1

rm -rf "$work"
touch "$prefix/.done"
log "done: $prefix"
echo "$prefix"
