#include "library_log.h"

#include <cstdarg>
#include <cstdio>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace wcw {

namespace {

// The last error line a library logged on this thread (FFmpeg's own worker threads keep theirs,
// unread: a best effort, the error code is the answer).
thread_local std::string lastLibraryError;

// FFmpeg calls this for every line, whatever the level; the default callback filters by
// av_log_get_level(), which setLibraryLogLevel() sets.
void logLine(void* context, int level, const char* format, va_list args) {
  if (level <= AV_LOG_ERROR) {
    char text[256];
    va_list copy;
    va_copy(copy, args);
    std::vsnprintf(text, sizeof text, format, copy);
    va_end(copy);
    std::string line = text;
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ' || line.back() == '.')) line.pop_back();
    const AVClass* cls = context ? *static_cast<const AVClass* const*>(context) : nullptr;
    if (cls && cls->item_name) line = std::string(cls->item_name(context)) + ": " + line;
    if (!line.empty()) lastLibraryError = line;
  }
  av_log_default_callback(context, level, format, args);
}

// Before any codec runs: static initialisation of the core.
const bool kInstalled = [] {
  av_log_set_level(AV_LOG_QUIET);
  av_log_set_callback(logLine);
  return true;
}();

}  // namespace

void setLibraryLogLevel(int level) { av_log_set_level(level); }

std::string errorText(const char* what, int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof buf);
  std::string text = std::string(what) + ": " + buf;
  if (!lastLibraryError.empty()) text += " (" + lastLibraryError + ")";
  lastLibraryError.clear();
  return text;
}

void forgetLibraryError() { lastLibraryError.clear(); }

}  // namespace wcw
