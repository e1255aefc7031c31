// FFmpeg's log, and the codec libraries' logs that FFmpeg's wrappers route into it (libvpx,
// libaom, openh264, dav1d, libopus...). Silent unless the user asks for it (setCodecLogLevel in
// js/codec_log.ts): the page's console belongs to the page, and every failure reaches the user
// as a DOMException anyway. The last error a library logged goes into that exception's message.
#pragma once

#include <string>

namespace wcw {

// Which log lines reach stderr (the console in wasm): an AV_LOG_* level, AV_LOG_QUIET by default.
// Any thread.
void setLibraryLogLevel(int level);

// "what: <FFmpeg's text for err> (<the last error line a library logged on this thread>)".
// Takes that line: the next error starts afresh.
std::string errorText(const char* what, int err);

// Drops the last error line logged on this thread (a codec thread, before each task), so that an
// error the library recovered from never explains a later one.
void forgetLibraryError();

}  // namespace wcw
