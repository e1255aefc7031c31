# Native build: the core against Debian's FFmpeg, GoogleTest suites, and the same suites again
# under ThreadSanitizer and AddressSanitizer so that one `ctest` runs all three.
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavcodec libavutil libswscale libswresample)
# libwebp-dev: WebP demuxing and decoding for ImageDecoder (src/image/webp_frames.h).
pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebpdemux libwebp)
# libjpeg62-turbo-dev: JPEG decoding for ImageDecoder (src/codecs/jpeg_frame_decoder.h).
pkg_check_modules(JPEG REQUIRED IMPORTED_TARGET libjpeg)
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
enable_testing()

set(WCW_SANITIZE "" CACHE STRING "Sanitizer for the default configuration: thread|address|empty")
option(WCW_SANITIZER_VARIANTS "Also build and register -tsan and -asan test variants" ON)

# One copy of the core and its tests per (suffix, extra flags, definitions).
function(wcw_native_variant suffix sanitize definitions)
  set(flags "")
  if(sanitize)
    set(flags -fsanitize=${sanitize} -fno-omit-frame-pointer)
  endif()
  set(core wcw_core${suffix})
  add_library(${core} STATIC ${WCW_CORE_SOURCES})
  target_include_directories(${core} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${core} PRIVATE ${WCW_WARNINGS} PUBLIC ${flags})
  target_compile_definitions(${core} PUBLIC ${definitions})
  target_link_options(${core} PUBLIC ${flags})
  target_link_libraries(${core} PUBLIC PkgConfig::FFMPEG PkgConfig::WEBP PkgConfig::JPEG Threads::Threads)

  foreach(test ${ARGN})
    set(target ${test}${suffix})
    add_executable(${target} test/native/${test}.cc test/native/test_streams.cc)
    target_compile_options(${target} PRIVATE ${WCW_WARNINGS})
    target_link_libraries(${target} PRIVATE ${core} GTest::gtest GTest::gtest_main)
    add_test(NAME ${target} COMMAND ${target})
    set_tests_properties(${target} PROPERTIES
      FIXTURES_REQUIRED wcw_streams
      ENVIRONMENT "WCW_STREAMS=${CMAKE_BINARY_DIR}/streams;TSAN_OPTIONS=halt_on_error=1 second_deadlock_stack=1 suppressions=${PROJECT_SOURCE_DIR}/test/native/tsan.supp;ASAN_OPTIONS=detect_leaks=1:abort_on_error=1"
      TIMEOUT 120)
  endforeach()
endfunction()

set(WCW_TESTS ring_buffer_test codec_session_test video_decoder_test audio_decoder_test
  encoder_test image_frames_test image_decoder_test avif_test webp_test jpeg_test)
wcw_native_variant("" "${WCW_SANITIZE}" "" ${WCW_TESTS})
# The single-threaded build's inline task loop (runPendingTasks), as the wasm st build runs it.
wcw_native_variant("_st" "${WCW_SANITIZE}" "WCW_SINGLE_THREAD" codec_session_test)
if(WCW_SANITIZER_VARIANTS AND NOT WCW_SANITIZE)
  wcw_native_variant("_tsan" thread "" ring_buffer_test codec_session_test)
  wcw_native_variant("_asan" address "" codec_session_test video_decoder_test audio_decoder_test
    encoder_test avif_test webp_test jpeg_test)
endif()

# Test streams, made once per build tree with Debian's ffmpeg CLI.
add_test(NAME make_test_streams
  COMMAND ${PROJECT_SOURCE_DIR}/test/native/make_test_streams.sh ${CMAKE_BINARY_DIR}/streams)
set_tests_properties(make_test_streams PROPERTIES FIXTURES_SETUP wcw_streams TIMEOUT 120)
