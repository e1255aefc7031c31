# wasm builds with Emscripten 3.1.6: `mt` (pthreads, SharedArrayBuffer) or `st` (no threads).
# Every emcc call needs NODE_PATH=/usr/share/nodejs (Debian's acorn), see docs/EMSCRIPTEN.md §1.1.
set(WCW_VARIANT "mt" CACHE STRING "mt | st")
set(WCW_THIRD_PARTY_PREFIX "" CACHE PATH "Prefix printed by wasm-build/build-third-party.sh")
if(NOT WCW_THIRD_PARTY_PREFIX OR NOT EXISTS "${WCW_THIRD_PARTY_PREFIX}/lib/libavcodec.a")
  message(FATAL_ERROR "Set WCW_THIRD_PARTY_PREFIX to the output of wasm-build/build-third-party.sh ${WCW_VARIANT}")
endif()

set(prefix "${WCW_THIRD_PARTY_PREFIX}")
# FFmpeg first, then the codec libraries its wrappers call (decoders: dav1d, opus; encoders:
# openh264, libvpx, libaom, libvorbis + libogg, LAME) and zlib (png/apng decoders' inflate);
# libwebp's demuxer and decoder for ImageDecoder's WebP; libjpeg-turbo for its JPEG.
set(third_party_libs
  ${prefix}/lib/libswscale.a ${prefix}/lib/libavcodec.a ${prefix}/lib/libswresample.a
  ${prefix}/lib/libavutil.a ${prefix}/lib/libdav1d.a ${prefix}/lib/libopus.a
  ${prefix}/lib/libopenh264.a ${prefix}/lib/libvpx.a ${prefix}/lib/libaom.a
  ${prefix}/lib/libvorbisenc.a ${prefix}/lib/libvorbis.a ${prefix}/lib/libogg.a
  ${prefix}/lib/libmp3lame.a ${prefix}/lib/libz.a ${prefix}/lib/libwebpdemux.a ${prefix}/lib/libwebp.a
  ${prefix}/lib/libjpeg.a)
set(common_link -O2 -lembind -sALLOW_MEMORY_GROWTH -sMAXIMUM_MEMORY=2GB -sMODULARIZE
  -sEXPORT_NAME=createWebCodecsCore -sEXPORTED_RUNTIME_METHODS=wasmMemory)

add_library(wcw_core STATIC ${WCW_CORE_SOURCES} src/js_codec_session.cc)
target_include_directories(wcw_core PUBLIC ${PROJECT_SOURCE_DIR}/src ${prefix}/include)
target_compile_options(wcw_core PRIVATE ${WCW_WARNINGS} -O3)
if(WCW_VARIANT STREQUAL "mt")
  target_compile_options(wcw_core PUBLIC -pthread)
elseif(WCW_VARIANT STREQUAL "st")
  target_compile_definitions(wcw_core PUBLIC WCW_SINGLE_THREAD)
  target_sources(wcw_core PRIVATE src/single_thread_libc.c)
else()
  message(FATAL_ERROR "WCW_VARIANT must be mt or st")
endif()

# bindings.cc holds only EMSCRIPTEN_BINDINGS (a static initialiser), so it is compiled into
# each executable rather than an archive the linker could skip.
function(wcw_wasm_module name)
  add_executable(${name} src/bindings.cc)
  target_compile_options(${name} PRIVATE ${WCW_WARNINGS} -O3)
  target_link_libraries(${name} PRIVATE wcw_core ${third_party_libs})
  target_link_options(${name} PRIVATE ${common_link} ${ARGN})
endfunction()

if(WCW_VARIANT STREQUAL "mt")
  # The pool's 4 workers load in the background (PTHREAD_POOL_DELAY_LOAD): the core is ready
  # without waiting for them, and a codec thread starts when its worker has loaded. Safe because
  # no thread ever waits for a pthread to start (the owner never blocks; docs/ARCHITECTURE.md).
  set(mt_link -pthread -sPTHREAD_POOL_SIZE=4 -sPTHREAD_POOL_DELAY_LOAD=1 -sINITIAL_MEMORY=64MB)
  wcw_wasm_module(webcodecs-core-mt ${mt_link} -sEXPORT_ES6 -sENVIRONMENT=web,worker)
  set_target_properties(webcodecs-core-mt PROPERTIES SUFFIX ".mjs")
  wcw_wasm_module(webcodecs-core-mt-node ${mt_link} -sENVIRONMENT=node)
  set_target_properties(webcodecs-core-mt-node PROPERTIES SUFFIX ".cjs")
else()
  wcw_wasm_module(webcodecs-core-st -sINITIAL_MEMORY=32MB -sEXPORT_ES6 -sENVIRONMENT=web,worker)
  set_target_properties(webcodecs-core-st PROPERTIES SUFFIX ".mjs")
endif()

# The colour conversion module, with and without wasm SIMD (js/color_convert.ts picks one).
if(WCW_VARIANT STREQUAL "mt")
  foreach(build simd scalar)
    add_executable(color-convert-${build} ${WCW_COLOR_CONVERT_SOURCES})
    set_target_properties(color-convert-${build} PROPERTIES SUFFIX ".wasm")
    target_compile_options(color-convert-${build} PRIVATE ${WCW_WARNINGS} -O3 $<$<STREQUAL:${build},simd>:-msimd128>)
    target_link_options(color-convert-${build} PRIVATE -O3 --no-entry -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH
      -sMAXIMUM_MEMORY=2GB -sINITIAL_MEMORY=1MB -sTOTAL_STACK=64KB -sERROR_ON_UNDEFINED_SYMBOLS=1
      -sEXPORTED_FUNCTIONS=_wcw_yuv_to_rgb,_wcw_rgb_to_rgb,_wcw_srgb_to_display_p3,_wcw_scratch_base,_wcw_yuv_matrix_write)
  endforeach()
endif()

# The repository's package.json says "type": "module", which would make Node load the CommonJS
# node build's pthread worker (`*.worker.js`, a name Emscripten 3.1.6 fixes) as an ES module.
file(WRITE ${CMAKE_BINARY_DIR}/package.json "{ \"type\": \"commonjs\" }\n")
