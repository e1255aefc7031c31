// Owner of a libjpeg(-turbo) decompression object, freed with jpeg_destroy_decompress, as
// ffmpeg_ptr.h and webp_ptr.h do for FFmpeg's and libwebp's objects. libjpeg reports a fatal
// error through error_exit, which must not return: here it longjmps back into run(), so that a
// corrupt file becomes a `false`, never an abort, and the object is still destroyed by its owner.
#pragma once

#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE

extern "C" {
#include <jpeglib.h>
#include <jerror.h>
}

namespace wcw {

class JpegDecompressor {
 public:
  JpegDecompressor() {
    info_.err = jpeg_std_error(&errors_.pub);
    errors_.pub.error_exit = errorExit;
    errors_.pub.output_message = [](j_common_ptr) {};  // warnings stay silent (corrupt data is decoded on)
    // Creation fails only when out of memory; run() then fails.
    if (setjmp(errors_.jump) == 0) {
      jpeg_create_decompress(&info_);
      created_ = true;
    }
  }
  JpegDecompressor(const JpegDecompressor&) = delete;
  JpegDecompressor& operator=(const JpegDecompressor&) = delete;
  ~JpegDecompressor() { jpeg_destroy_decompress(&info_); }  // a no-op when creation failed

  jpeg_decompress_struct* get() { return &info_; }

  // Runs `step(get())`, which calls libjpeg; false when libjpeg gave up (message() says why).
  // A libjpeg error longjmps out of `step`, skipping its destructors: it must own nothing that
  // has one (plain pointers and numbers only), and allocate nothing outside libjpeg's pools.
  template <typename Step>
  bool run(Step&& step) {
    if (!created_ || setjmp(errors_.jump)) return false;
    step(&info_);
    return true;
  }

  // libjpeg's text for the error run() returned false on.
  const char* message() const { return errors_.message; }

 private:
  struct ErrorManager {
    jpeg_error_mgr pub;  // first: libjpeg sees only this part
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
  };

  static void errorExit(j_common_ptr info) {
    auto* errors = reinterpret_cast<ErrorManager*>(info->err);
    errors->pub.format_message(info, errors->message);
    std::longjmp(errors->jump, 1);
  }

  jpeg_decompress_struct info_{};
  ErrorManager errors_{};
  bool created_ = false;
};

}  // namespace wcw
