# wasm builds with Emscripten 3.1.6: `mt` (pthreads, SharedArrayBuffer) or `st` (no threads).
# Every emcc call needs NODE_PATH=/usr/share/nodejs (Debian's acorn), see docs/EMSCRIPTEN.md §1.1.
set(WCW_VARIANT "mt" CACHE STRING "mt | st")
set(WCW_THIRD_PARTY_PREFIX "" CACHE PATH "Prefix printed by wasm-build/build-third-party.sh")
if(NOT WCW_THIRD_PARTY_PREFIX OR NOT EXISTS "${WCW_THIRD_PARTY_PREFIX}/lib/libavcodec.a")
  message(FATAL_ERROR "Set WCW_THIRD_PARTY_PREFIX to the output of wasm-build/build-third-party.sh ${WCW_VARIANT}")
endif()

set(prefix "${WCW_THIRD_PARTY_PREFIX}")
# The core links libavcodec (without its codecs: src/codec_registry.cc), swresample and avutil.
# The codecs and the libraries they call (dav1d, opus, openh264, libvpx, libaom, libvorbis,
# LAME, zlib), and the libraries src/ calls for pictures (swscale; libwebp and libjpeg-turbo for
# ImageDecoder) are in modules loaded on demand (below; wasm-build/codec-modules.txt).
set(third_party_libs ${prefix}/lib/libavcodec.a ${prefix}/lib/libswresample.a ${prefix}/lib/libavutil.a)
set(common_link -O2 -lembind -sALLOW_MEMORY_GROWTH -sMAXIMUM_MEMORY=2GB -sMODULARIZE
  -sEXPORT_NAME=createWebCodecsCore -sEXPORTED_RUNTIME_METHODS=wasmMemory)

add_library(wcw_core STATIC ${WCW_CORE_SOURCES} src/js_codec_session.cc src/codec_registry.cc
  src/codec_modules.cc)
target_include_directories(wcw_core PUBLIC ${PROJECT_SOURCE_DIR}/src ${prefix}/include)
# -fPIC: the core is a MAIN_MODULE, which the codec modules link against at run time.
target_compile_options(wcw_core PUBLIC -fPIC PRIVATE ${WCW_WARNINGS} -O3)
if(WCW_VARIANT STREQUAL "mt")
  target_compile_options(wcw_core PUBLIC -pthread)
elseif(WCW_VARIANT STREQUAL "st")
  target_compile_definitions(wcw_core PUBLIC WCW_SINGLE_THREAD)
  target_sources(wcw_core PRIVATE src/single_thread_libc.c)
else()
  message(FATAL_ERROR "WCW_VARIANT must be mt or st")
endif()

# bindings.cc holds only EMSCRIPTEN_BINDINGS (a static initialiser): an object library, so that
# each executable links it rather than an archive the linker could skip.
add_library(wcw_bindings OBJECT src/bindings.cc)
target_compile_options(wcw_bindings PRIVATE ${WCW_WARNINGS} -O3)
target_link_libraries(wcw_bindings PRIVATE wcw_core)

# The codec modules (docs/MODULE_SPLIT.md), linked from what the core leaves of libavcodec;
# core-link.rsp gives the core's link the libavcodec objects modules share and the symbols they
# import from it.
set(codec_modules_dir ${CMAKE_BINARY_DIR}/codec-modules)
# A module's entry includes two of libavcodec's private headers (FFCodec, FFBitStreamFilter).
set(WCW_FFMPEG_SOURCE "" CACHE PATH "FFmpeg's source tree: wasm-build/fetch-sources.sh ffmpeg")
if(NOT EXISTS "${WCW_FFMPEG_SOURCE}/libavcodec/codec_internal.h")
  message(FATAL_ERROR "Set WCW_FFMPEG_SOURCE to the output of wasm-build/fetch-sources.sh ffmpeg")
endif()
add_custom_command(
  OUTPUT ${codec_modules_dir}/core-link.rsp ${codec_modules_dir}/codec-modules.json
  COMMAND ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs node
    ${PROJECT_SOURCE_DIR}/wasm-build/link-codec-modules.mjs ${WCW_VARIANT} ${prefix} ${WCW_FFMPEG_SOURCE}
    ${codec_modules_dir} $<TARGET_FILE:wcw_core> $<TARGET_OBJECTS:wcw_bindings>
  DEPENDS wcw_core wcw_bindings $<TARGET_OBJECTS:wcw_bindings>
    ${PROJECT_SOURCE_DIR}/wasm-build/link-codec-modules.mjs ${PROJECT_SOURCE_DIR}/wasm-build/reorder-pic-start.mjs
    ${PROJECT_SOURCE_DIR}/wasm-build/codec-modules.txt
  COMMENT "Linking the ${WCW_VARIANT} codec modules"
  VERBATIM)
add_custom_target(wcw_codec_modules DEPENDS ${codec_modules_dir}/core-link.rsp)

# The core: a MAIN_MODULE (-sMAIN_MODULE=2 exports only what the codec modules import, listed in
# core-link.rsp). codec_module_loading.js restores the URLs Emscripten 3.1.6's dlopen mangles.
function(wcw_wasm_module name)
  add_executable(${name} $<TARGET_OBJECTS:wcw_bindings>)
  target_link_libraries(${name} PRIVATE wcw_core ${third_party_libs})
  # embind_without_eval.js: no eval or new Function, for pages with a strict CSP.
  target_link_options(${name} PRIVATE ${common_link} -sMAIN_MODULE=2 "@${codec_modules_dir}/core-link.rsp"
    "--post-js=${PROJECT_SOURCE_DIR}/wasm-build/codec_module_loading.js"
    "--js-library=${PROJECT_SOURCE_DIR}/wasm-build/embind_without_eval.js" ${ARGN})
  add_dependencies(${name} wcw_codec_modules)
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${codec_modules_dir}/core-link.rsp
    ${PROJECT_SOURCE_DIR}/wasm-build/codec_module_loading.js ${PROJECT_SOURCE_DIR}/wasm-build/embind_without_eval.js)
endfunction()

if(WCW_VARIANT STREQUAL "mt")
  # The pthread pool: a page's core gets the Workers its loader started before the glue arrived
  # (js/core_loader.ts, wasm-build/pthread_pool.js), so it has no -sPTHREAD_POOL_SIZE of its own;
  # Node's starts its 4 itself. Either way the Workers load in the background: the core is ready
  # without waiting for them, and a codec thread starts when its Worker has loaded. Safe because
  # no thread ever waits for a pthread to start (the owner never blocks; docs/ARCHITECTURE.md).
  #
  # -O1, then wasm-build/reorder-pic-start.mjs, then wasm-opt -O2: wasm-ld 14 orders the start
  # function of a shared-memory MAIN_MODULE wrongly (data relocations before the GOT globals they
  # read; the script says more), and emcc's -O2 would inline that start function past fixing.
  set(mt_link -pthread -sINITIAL_MEMORY=64MB -O1)
  foreach(core webcodecs-core-mt webcodecs-core-mt-node)
    if(core STREQUAL "webcodecs-core-mt")
      wcw_wasm_module(${core} ${mt_link} -sEXPORT_ES6 -sENVIRONMENT=web,worker
        "--post-js=${PROJECT_SOURCE_DIR}/wasm-build/pthread_pool.js")
      set_property(TARGET ${core} APPEND PROPERTY LINK_DEPENDS ${PROJECT_SOURCE_DIR}/wasm-build/pthread_pool.js)
      set_target_properties(${core} PROPERTIES SUFFIX ".mjs")
    else()
      wcw_wasm_module(${core} ${mt_link} -sPTHREAD_POOL_SIZE=4 -sPTHREAD_POOL_DELAY_LOAD=1 -sENVIRONMENT=node)
      set_target_properties(${core} PROPERTIES SUFFIX ".cjs")
    endif()
    add_custom_command(TARGET ${core} POST_BUILD
      COMMAND node ${PROJECT_SOURCE_DIR}/wasm-build/reorder-pic-start.mjs ${CMAKE_BINARY_DIR}/${core}.wasm
      COMMAND wasm-opt ${CMAKE_BINARY_DIR}/${core}.wasm -O2 --enable-threads --enable-bulk-memory
        --enable-mutable-globals --enable-sign-ext --strip-debug --strip-producers
        -o ${CMAKE_BINARY_DIR}/${core}.wasm
      VERBATIM)
  endforeach()
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
