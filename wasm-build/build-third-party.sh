#!/usr/bin/env bash
# Builds the codec libraries and FFmpeg (avcodec, avutil, swscale, swresample) to wasm static
# libraries and prints one prefix holding all of them:
#   build-third-party.sh mt   pthreads build (SharedArrayBuffer pages, Node)
#   build-third-party.sh st   no threads (pages that are not cross-origin isolated)
# Each library is cached on its own in $WCW_CACHE/lib/<name>-<variant>-<key>/. The key covers
# its recipe (the function below named after it), the source version actually fetched, the
# compiler and the variant; FFmpeg's also covers ffmpeg-codecs.txt and the keys of the libraries
# it links. So editing one recipe rebuilds that library and FFmpeg, not everything.
# The printed prefix, $WCW_CACHE/third-party/<variant>-<key of all>/, hard-links every
# library's include/ and lib/ together: cmake/wasm.cmake takes the .a files from there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
variant=${1:?usage: build-third-party.sh mt|st}
: "${WCW_CACHE:=$HOME/.cache/webcodecs-wasm}"
export NODE_PATH=/usr/share/nodejs   # emcc's acorn optimizer lives there on Debian
JOBS=${JOBS:-2}
log() { echo "webcodecs-wasm: [$variant] $*" >&2; }

# No -msimd128: FFmpeg 5.1 has no wasm SIMD code (autovectorising gains 1-3%), and without it
# the module also runs on engines without wasm SIMD (Safari < 16.4).
# st also builds the libraries without their threading: a thread they start would fail there.
# -fPIC -fvisibility=hidden: every library is linked into the core (a MAIN_MODULE) or into a
# codec module loaded on demand (a SIDE_MODULE), docs/MODULE_SPLIT.md. Both need position-
# independent code; hidden visibility makes a module's pointers to its own functions
# table-relative (Emscripten 3.1.6 resolves default-visibility ones per thread, wrongly) and
# exports only what the core's link asks for.
pic="-fPIC -fvisibility=hidden"
case $variant in
  mt) cflags="-O3 -pthread $pic"; ldflags="-pthread"; threads=1 ;;
  st) cflags="-O3 $pic"; ldflags=""; threads=0 ;;
  *) echo "usage: build-third-party.sh mt|st" >&2; exit 1 ;;
esac
# emcc's version says 3.1.6 only; the Debian packages also pin the LLVM and binaryen behind it.
emcc_id=$(emcc --version 2>/dev/null | sed -n 1p; dpkg-query -W emscripten clang-14 lld-14 binaryen 2>/dev/null || true)

# Recipes. Each runs with set -e in an empty build directory, gets the source tree ($1) and its
# install prefix ($2), and finds the prefixes of the libraries it depends on in ${prefix[name]}.

dav1d() {
  cat > cross.meson <<MESON
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
  meson setup build "$1" --cross-file cross.meson --prefix="$2" --libdir=lib \
    --buildtype=release --default-library=static -Denable_asm=false -Denable_tools=false \
    -Denable_tests=false -Denable_examples=false -Dbitdepths=8,16 -Dlogging=false
  ninja -C build -j"$JOBS" install
  # meson adds '-sPTHREAD_POOL_SIZE=4' to dav1d.pc on emscripten; the app link sets its own pool.
  sed -i 's/ -sPTHREAD_POOL_SIZE=[0-9]*//' "$2/lib/pkgconfig/dav1d.pc"
}

opus() {
  emconfigure "$1/configure" --host=wasm32 --prefix="$2" --disable-shared --enable-static \
    --disable-doc --disable-extra-programs --disable-rtcd --disable-intrinsics --disable-asm \
    CFLAGS="$cflags"
  emmake make -j"$JOBS" install
}

# VP8 and VP9 encoders only: FFmpeg's native vp8/vp9 decoders are faster. High bit depth is
# for VP9 profile 2 (10-bit) encoding.
libvpx() {
  local mt=--enable-multithread
  [ "$threads" = 1 ] || mt=--disable-multithread
  emconfigure "$1/configure" --prefix="$2" --target=generic-gnu --disable-shared --enable-static \
    --enable-vp8-encoder --enable-vp9-encoder --disable-vp8-decoder --disable-vp9-decoder \
    --enable-vp9-highbitdepth $mt --disable-runtime-cpu-detect \
    --disable-examples --disable-tools --disable-docs --disable-unit-tests --disable-webm-io \
    --disable-libyuv --disable-install-bins --disable-install-srcs \
    --extra-cflags="$cflags" --extra-cxxflags="$cflags"
  emmake make -j"$JOBS"
  make install
  # libvpx archives with binutils' strip, which drops the wasm symbol index; without it wasm-ld
  # rejects the archive and FFmpeg's configure silently disables the libvpx encoders.
  emranlib "$2/lib/libvpx.a"
}

# libvpx again, for the SIMD variant of the vpx-enc codec module (docs/SIMD.md): its x86
# kernels written in C with SSE2..SSE4.1 intrinsics, which Emscripten translates to wasm SIMD.
# Configured for 32-bit x86 without runtime CPU detection (x86-on-wasm/emcc-x86 adds
# -msimd128); then the C side is told it is not x86 (no cpuid, x87 or MMX: x86-on-wasm/ answers
# the RTCD setup's include), the assembly kernels become empty objects (x86-on-wasm/empty-as),
# and select-x86-kernels.mjs points every RTCD function at the best kernel that is C all the way
# down, rebuilding until the choice is stable. Installed as lib/simd/libvpx.a, which
# link-codec-modules.mjs links into webcodecs-vpx-enc-simd-*.wasm.
libvpx_simd() {
  local mt=--enable-multithread
  [ "$threads" = 1 ] || mt=--disable-multithread
  CC="$here/x86-on-wasm/emcc-x86" LD="$here/x86-on-wasm/emcc-x86" CXX=em++ AR=emar "$1/configure" \
    --target=x86-linux-gcc --as=yasm --disable-shared --enable-static \
    --enable-vp8-encoder --enable-vp9-encoder --disable-vp8-decoder --disable-vp9-decoder \
    --enable-vp9-highbitdepth $mt --disable-runtime-cpu-detect --disable-avx --disable-avx2 --disable-avx512 \
    --disable-examples --disable-tools --disable-docs --disable-unit-tests --disable-webm-io \
    --disable-libyuv --disable-install-bins --disable-install-srcs \
    --extra-cflags="-I$here/x86-on-wasm $cflags" --extra-cxxflags="$cflags"
  grep -q '^HAVE_SSE4_1=yes' libs-x86-linux-gcc.mk || { echo "libvpx: configure did not enable SSE4.1"; exit 1; }
  sed -i 's/^#define VPX_ARCH_X86 1$/#define VPX_ARCH_X86 0/; s/^#define HAVE_MMX 1$/#define HAVE_MMX 0/' vpx_config.h
  sed -i 's/^HAVE_MMX=yes$/HAVE_MMX=no/; s/^RTCD_OPTIONS = /RTCD_OPTIONS = --disable-mmx /' libs-x86-linux-gcc.mk
  emmake make -j"$JOBS" vp8_rtcd.h vp9_rtcd.h vpx_dsp_rtcd.h vpx_scale_rtcd.h
  select_x86_kernels . libvpx "$1" "$2" emmake make -j"$JOBS" AS="$here/x86-on-wasm/empty-as"
  mkdir -p "$2/lib/simd"
  cp libvpx.a "$2/lib/simd/"
  emranlib "$2/lib/simd/libvpx.a"
}

# The SIMD variants' kernel choice (docs/SIMD.md §2), around their build:
#   select_x86_kernels BUILD_DIR NAME SOURCE PREFIX BUILD_COMMAND...
# with the RTCD headers generated and nothing compiled yet. The record of the choice for this
# source (wasm-build/x86-kernels/NAME.txt) goes into the headers first, so the library is built
# once and the selection only verifies it (2026-12-04, both variants side by side: aom_simd
# 1184 -> 779 s, libvpx_simd 669 -> 446 s, the same libraries byte for byte); without a
# fitting record the selection starts from the build and rebuilds. The
# settled choice is installed as PREFIX/x86-kernels.txt, the file to commit when it differs.
select_x86_kernels() {
  local dir=$1 name=$2 source prefix=$4
  source=$(basename "$(dirname "$3")")
  shift 4
  node "$here/select-x86-kernels.mjs" apply "$dir" "$here/x86-kernels/$name.txt" "$source"
  "$@"
  node "$here/select-x86-kernels.mjs" select "$dir" "$prefix/x86-kernels.txt" "$source" "$@"
  cmp -s "$prefix/x86-kernels.txt" "$here/x86-kernels/$name.txt" ||
    echo "webcodecs-wasm: the kernel choice differs from wasm-build/x86-kernels/$name.txt; commit $prefix/x86-kernels.txt there to build once"
}

# AV1 encoder only (dav1d decodes), with good-quality mode (not CONFIG_REALTIME_ONLY) and high
# bit depth. WebM and libyuv serve only aom's own tools.
aom() {
  emcmake cmake -S "$1" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$2" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_C_FLAGS="$cflags" -DCMAKE_CXX_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
    -DAOM_TARGET_CPU=generic -DCONFIG_RUNTIME_CPU_DETECT=0 -DCONFIG_MULTITHREAD="$threads" \
    -DCONFIG_AV1_DECODER=0 -DCONFIG_AV1_ENCODER=1 -DCONFIG_REALTIME_ONLY=0 \
    -DCONFIG_AV1_HIGHBITDEPTH=1 -DCONFIG_WEBM_IO=0 -DCONFIG_LIBYUV=0 \
    -DENABLE_TESTS=0 -DENABLE_EXAMPLES=0 -DENABLE_TOOLS=0 -DENABLE_DOCS=0
  cmake --build build -j"$JOBS"
  cmake --install build
}

# libaom again, for the SIMD variant of the av1-enc codec module: as libvpx_simd. CMake puts
# its own include paths first, so x86-on-wasm/ comes in as -iquote (searched before -I for the
# RTCD setup's "aom_ports/x86.h"). SSE4.2's kernels are CRC32 hashing, which has no wasm SIMD.
aom_simd() {
  emcmake cmake -S "$1" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$2" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_C_FLAGS="-msimd128 -iquote$here/x86-on-wasm $cflags" -DCMAKE_CXX_FLAGS="-msimd128 $cflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
    -DAOM_TARGET_CPU=x86 -DAS_EXECUTABLE="$here/x86-on-wasm/empty-as" -DCONFIG_RUNTIME_CPU_DETECT=0 \
    -DENABLE_SSE4_2=0 -DENABLE_AVX=0 -DENABLE_AVX2=0 -DCONFIG_MULTITHREAD="$threads" \
    -DCONFIG_AV1_DECODER=0 -DCONFIG_AV1_ENCODER=1 -DCONFIG_REALTIME_ONLY=0 \
    -DCONFIG_AV1_HIGHBITDEPTH=1 -DCONFIG_WEBM_IO=0 -DCONFIG_LIBYUV=0 \
    -DENABLE_TESTS=0 -DENABLE_EXAMPLES=0 -DENABLE_TOOLS=0 -DENABLE_DOCS=0
  grep -q '^#define HAVE_SSE4_1 1$' build/config/aom_config.h || { echo "libaom: cmake did not enable SSE4.1"; exit 1; }
  sed -i 's/^#define ARCH_X86 1$/#define ARCH_X86 0/; s/^#define HAVE_MMX 1$/#define HAVE_MMX 0/' build/config/aom_config.h
  ninja -C build config/aom_dsp_rtcd.h config/av1_rtcd.h config/aom_scale_rtcd.h
  select_x86_kernels build aom "$1" "$2" cmake --build build -j"$JOBS" --target aom
  mkdir -p "$2/lib/simd"
  cp build/libaom.a "$2/lib/simd/"
  emranlib "$2/lib/simd/libaom.a"
}

# openh264's meson.build rejects system 'emscripten'; its Makefile builds in the source tree.
# Emscripten 3.1.6 has no __stack_chk_guard, hence USE_STACK_PROTECTOR=No. In st the threading
# code is compiled but idle: FFmpeg asks for one thread (iMultipleThreadIdc = thread_count).
# openh264 2.3's C vtable declares ForceIntraFrame(ISVCEncoder*, bool) while its C++ method
# takes (bool, int iLayerId = -1): harmless on x86, but in wasm FFmpeg's call through the C
# vtable traps (call_indirect signature mismatch) on every forced key frame. The C++ side is
# made to match the C one (iLayerId is always -1 there).
openh264() {
  cp -a "$1/." src
  sed -i 's/virtual int EXTAPI ForceIntraFrame (bool bIDR, int iLayerId = -1) = 0;/virtual int EXTAPI ForceIntraFrame (bool bIDR) = 0;/' \
    src/codec/api/wels/codec_api.h
  sed -i 's/virtual int EXTAPI ForceIntraFrame (bool bIDR,int32_t iLayerId = -1);/virtual int EXTAPI ForceIntraFrame (bool bIDR);/' \
    src/codec/encoder/plus/inc/welsEncoderExt.h
  sed -i 's/^int CWelsH264SVCEncoder::ForceIntraFrame (bool bIDR, int iLayerId) {/int CWelsH264SVCEncoder::ForceIntraFrame (bool bIDR) {\n  const int iLayerId = -1;/' \
    src/codec/encoder/plus/src/welsEncoderExt.cpp
  [ "$(grep -c 'ForceIntraFrame (bool bIDR)' src/codec/api/wels/codec_api.h src/codec/encoder/plus/inc/welsEncoderExt.h src/codec/encoder/plus/src/welsEncoderExt.cpp | grep -c ':1$')" = 3 ] ||
    { echo "openh264: the ForceIntraFrame patch no longer applies"; exit 1; }
  emmake make -C src -j"$JOBS" OS=linux ARCH=wasm32 USE_ASM=No USE_STACK_PROTECTOR=No \
    CC=emcc CXX=em++ AR=emar CFLAGS_OPT="$cflags" PREFIX="$2" libopenh264.a install-static
}

libogg() {
  emconfigure "$1/configure" --host=wasm32 --prefix="$2" --disable-shared --enable-static \
    CFLAGS="$cflags"
  emmake make -j"$JOBS" install
}

libvorbis() {
  EM_PKG_CONFIG_PATH="${prefix[libogg]}/lib/pkgconfig" emconfigure "$1/configure" --host=wasm32 \
    --prefix="$2" --disable-shared --enable-static --disable-oggtest CFLAGS="$cflags"
  emmake make -j"$JOBS" install
}

# lame 3.100's config.sub (2015) does not know wasm32; Debian's own build also replaces it with
# autotools-dev's. Encoder only: no frontend, no mpglib decoder, no frame-analyzer hooks.
lame() {
  cp -a "$1/." src
  cp /usr/share/misc/config.sub /usr/share/misc/config.guess src/
  mkdir build && cd build
  emconfigure ../src/configure --host=wasm32 --prefix="$2" --disable-shared --enable-static \
    --disable-frontend --disable-decoder --disable-analyzer-hooks CFLAGS="$cflags"
  emmake make -j"$JOBS" install
}

# zlib for FFmpeg's png and apng decoders (inflate). Its configure is zlib's own script, not
# autoconf, and builds in the source tree; --static makes libz.a only (no shared library, no
# example programs).
zlib() {
  cp -a "$1/." src
  cd src
  CFLAGS="$cflags" emconfigure ./configure --static --prefix="$2"
  emmake make -j"$JOBS" libz.a
  make install
}

# libwebp for ImageDecoder's WebP (FFmpeg 5.1 decodes no animated WebP): the decoder and the
# demuxer, linked by the core (not by FFmpeg). No tools, no mux library; no SIMD, as FFmpeg.
libwebp() {
  emcmake cmake -S "$1" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$2" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_C_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
    -DWEBP_ENABLE_SIMD=OFF -DWEBP_USE_THREAD="$([ "$threads" = 1 ] && echo ON || echo OFF)" \
    -DWEBP_BUILD_ANIM_UTILS=OFF -DWEBP_BUILD_CWEBP=OFF -DWEBP_BUILD_DWEBP=OFF \
    -DWEBP_BUILD_GIF2WEBP=OFF -DWEBP_BUILD_IMG2WEBP=OFF -DWEBP_BUILD_VWEBP=OFF \
    -DWEBP_BUILD_WEBPINFO=OFF -DWEBP_BUILD_LIBWEBPMUX=OFF -DWEBP_BUILD_WEBPMUX=OFF \
    -DWEBP_BUILD_EXTRAS=OFF
  cmake --build build -j"$JOBS"
  cmake --install build
}

# libjpeg-turbo for ImageDecoder's JPEG, as native Chromium decodes it: the libjpeg API library
# only (jpeg-static; no tools, no TurboJPEG), linked by the core. No SIMD, as FFmpeg.
# Emscripten's check_type_size runs its test under node and reads back 9 (node's exit code) as
# sizeof(size_t), which jchuff.c rejects: the wasm32 sizes are given instead.
libjpeg_turbo() {
  emcmake cmake -S "$1" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$cflags" \
    -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF \
    -DWITH_ARITH_ENC=OFF -DHAVE_SIZE_T=TRUE -DSIZE_T=4 -DHAVE_UNSIGNED_LONG=TRUE -DUNSIGNED_LONG=4
  cmake --build build -j"$JOBS" --target jpeg-static
  mkdir -p "$2/include" "$2/lib"
  cp build/libjpeg.a "$2/lib/"
  cp build/jconfig.h "$1/jpeglib.h" "$1/jmorecfg.h" "$1/jerror.h" "$2/include/"
}

# FFmpeg 5.1's libvpx, libaom and openh264 wrappers get what WebCodecs needs of a running
# encoder (ffmpeg-encoder-controls.patch): bit rate changes without a key frame, libaom's
# per-frame quantizer and temporal layers, openh264's temporal layers, and a fix: libvpxenc and
# libaomenc read the encoder config through a pointer to their init function's local.
# The patch goes to a hard-linked copy of the tree (patch replaces the files it changes), so
# the fetched source, shared by both variants, stays as Debian ships it.
ffmpeg() {
  local pc="" dep type name missing=""
  for dep in dav1d opus libvpx aom openh264 libogg libvorbis zlib; do pc+="${prefix[$dep]}/lib/pkgconfig:"; done
  list() { grep -E "^$1 " "$here/ffmpeg-codecs.txt" | cut -d' ' -f2- | tr ' ' ','; }
  cp -al "$1" source
  patch -d source -p1 --no-backup-if-mismatch < "$here/ffmpeg-encoder-controls.patch"
  # emconfigure replaces PKG_CONFIG_PATH with EM_PKG_CONFIG_PATH. lame has no .pc file.
  EM_PKG_CONFIG_PATH="$pc" emconfigure "$PWD/source/configure" \
    --prefix="$2" --enable-cross-compile --target-os=none --arch=x86_32 --cpu=generic \
    --cc=emcc --cxx=em++ --ar=emar --ranlib=emranlib --nm=emnm --objcc=emcc --dep-cc=emcc \
    --pkg-config=pkg-config --pkg-config-flags=--static \
    --disable-asm --disable-x86asm --disable-inline-asm --disable-stripping --disable-programs \
    --disable-doc --disable-debug --disable-runtime-cpudetect --disable-autodetect \
    --disable-network --disable-iconv $([ "$threads" = 1 ] && echo --enable-pthreads || echo --disable-pthreads) \
    --disable-w32threads --disable-os2threads \
    --disable-avdevice --disable-avformat --disable-avfilter --disable-postproc \
    --enable-avcodec --enable-avutil --enable-swscale --enable-swresample --disable-everything \
    --enable-libdav1d --enable-libopus --enable-libvpx --enable-libaom --enable-libopenh264 \
    --enable-libvorbis --enable-libmp3lame --enable-zlib \
    --enable-decoder="$(list decoder)" --enable-encoder="$(list encoder)" \
    --enable-parser="$(list parser)" --enable-bsf="$(list bsf)" \
    --extra-cflags="$cflags -I${prefix[lame]}/include" \
    --extra-ldflags="$ldflags -L${prefix[lame]}/lib" ||
    { tail -30 ffbuild/config.log; exit 1; }
  # configure drops a component whose library fails its test link with just a warning, so
  # check that everything in the list, libX encoders and decoders included, is really on.
  while read -r type names; do
    for name in $names; do
      grep -q "^CONFIG_${name^^}_${type^^}=yes" ffbuild/config.mak || missing+=" $name ($type)"
    done
  done < "$here/ffmpeg-codecs.txt"
  [ -z "$missing" ] || { echo "FFmpeg's configure dropped:$missing (see ffbuild/config.log)"; exit 1; }
  if grep -q '^CONFIG_GPL=yes' ffbuild/config.mak; then echo "FFmpeg's build became GPL"; exit 1; fi
  grep -E '^CONFIG_[A-Z0-9_]+_ENCODER=yes' ffbuild/config.mak > "$2/encoders.txt"
  emmake make -j"$JOBS"
  make install
}

# Builds NAME unless cached; DEPS are libraries whose keys go into its key, FILES further inputs.
# usage: cached NAME "DEPS" [FILES...]
declare -A key prefix
# A recipe building a library's source a second way names that source here.
declare -A source_of=([libvpx_simd]=libvpx [aom_simd]=aom)
# Functions a recipe calls besides its own, part of its key.
declare -A helpers_of=([libvpx_simd]=select_x86_kernels [aom_simd]=select_x86_kernels)
cached() {
  local name=$1 deps=$2 src out work dep status lock t0=$SECONDS
  shift 2
  src=$("$here/fetch-sources.sh" "${source_of[$name]:-$name}")
  key[$name]=$( { declare -f "$name" ${helpers_of[$name]:-}; echo "$src $variant $cflags | $ldflags | $threads"
                  echo "$emcc_id"; for dep in $deps; do echo "$dep ${key[$dep]}"; done
                  [ $# -eq 0 ] || cat "$@"; } | sha256sum | cut -c1-16)
  out="$WCW_CACHE/lib/$name-$variant-${key[$name]}"
  prefix[$name]=$out
  [ -f "$out/.done" ] && return 0
  # Another build of the same library (a second checkout, a helper) waits here, then finds it
  # built, instead of deleting the first one's work under it. The lock goes with this shell.
  mkdir -p "$WCW_CACHE/locks"
  exec {lock}>"$WCW_CACHE/locks/$name-$variant-${key[$name]}"
  flock "$lock"
  [ -f "$out/.done" ] && { exec {lock}>&-; return 0; }

  log "$name: building $(basename "$(dirname "$src")")"
  work="$WCW_CACHE/work/$name-$variant-${key[$name]}"
  rm -rf "$work" "$out" && mkdir -p "$work" "$out"
  # A recipe's failing command must stop it, and set -e does not apply inside `if`/`||`.
  set +e
  (set -e; cd "$work"; "$name" "$src" "$out") >"$work/build.log" 2>&1
  status=$?
  set -e
  if [ $status -ne 0 ]; then
    log "$name failed; the end of $work/build.log:"
    tail -40 "$work/build.log" >&2
    exit 1
  fi
  mv "$work/build.log" "$out/build.log"
  # What a recipe has to tell (its own lines, so prefixed) reaches the terminal too.
  grep '^webcodecs-wasm: ' "$out/build.log" >&2 || true
  rm -rf "$work"
  touch "$out/.done"
  exec {lock}>&-
  log "$name: built in $((SECONDS - t0)) s"
}

cached dav1d ""
cached opus ""
cached libvpx ""
simd_files=("$here/select-x86-kernels.mjs" "$here/x86-on-wasm/emcc-x86" "$here/x86-on-wasm/empty-as" "$here/x86-on-wasm/mmintrin.h")
cached libvpx_simd "" "${simd_files[@]}" "$here/x86-on-wasm/vpx_ports/x86.h" "$here/x86-kernels/libvpx.txt"
cached aom ""
cached aom_simd "" "${simd_files[@]}" "$here/x86-on-wasm/aom_ports/x86.h" "$here/x86-kernels/aom.txt"
cached openh264 ""
cached libogg ""
cached libvorbis "libogg"
cached lame ""
cached zlib ""
cached libwebp ""
cached libjpeg_turbo ""
cached ffmpeg "dav1d opus libvpx aom openh264 libogg libvorbis lame zlib" "$here/ffmpeg-codecs.txt" \
  "$here/ffmpeg-encoder-controls.patch"

# One prefix for cmake/wasm.cmake. Hard links: no copies, and it survives pruning of lib/.
libs=(dav1d opus libvpx libvpx_simd aom aom_simd openh264 libogg libvorbis lame zlib libwebp libjpeg_turbo ffmpeg)
all=$(for name in "${libs[@]}"; do echo "$name ${key[$name]}"; done | sha256sum | cut -c1-16)
combined="$WCW_CACHE/third-party/$variant-$all"
if [ ! -f "$combined/.done" ]; then
  rm -rf "$combined" && mkdir -p "$combined"
  for name in "${libs[@]}"; do
    for dir in include lib; do
      # cp fails on a file two libraries both install, rather than pick one.
      [ ! -d "${prefix[$name]}/$dir" ] || cp -Rl "${prefix[$name]}/$dir" "$combined/"
    done
  done
  touch "$combined/.done"
  log "prefix: $combined"
fi
echo "$combined"
