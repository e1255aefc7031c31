// The pixel conversions of VideoFrame.copyTo() with an RGB `format` (WebCodecs §9.4.5) and of
// drawing polyfilled frames. Built as its own small wasm module (no libc, no imports), twice:
// with wasm SIMD and without, so it runs on the main thread of any browser and in Node.
//
// Memory is the caller's: JavaScript copies the source rows into the module's memory, calls one
// function, and copies the result out. Pointers are offsets into that memory. Nothing here keeps
// state between calls, so one instance serves every frame of its thread.
#ifndef WCW_COLOR_CONVERT_H
#define WCW_COLOR_CONVERT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// YUV matrix coefficients (VideoMatrixCoefficients, §9.12). Null and "rgb" on a YUV format use
// BT.601 as Chromium does.
enum wcw_matrix { WCW_MATRIX_BT601 = 0, WCW_MATRIX_BT709 = 1, WCW_MATRIX_BT2020_NCL = 2 };

// Output byte order of the 8-bit RGB formats.
enum wcw_rgb_order { WCW_ORDER_RGBA = 0, WCW_ORDER_BGRA = 1 };

// One source picture of a planar (I4xx[A][P10|P12]) or semi-planar (NV12) YUV format.
// Each plane pointer addresses the plane's row that holds rect row 0; samples are 8-bit
// (bits == 8) or little-endian 16-bit holding `bits` significant bits.
typedef struct wcw_yuv_source {
  const uint8_t* y;
  const uint8_t* u;  // NV12: the interleaved UV plane
  const uint8_t* v;  // NV12: unused
  const uint8_t* a;  // null when the format has no alpha plane
  int32_t y_stride, u_stride, v_stride, a_stride;
  int32_t origin_x;        // the rect's origin in the coded picture, for the chroma phase
  int32_t origin_y;
  int32_t width, height;   // the rect's size in pixels
  int32_t chroma_shift_x;  // log2 of the horizontal sub-sampling (0 or 1)
  int32_t chroma_shift_y;  // log2 of the vertical sub-sampling (0 or 1)
  int32_t bits;            // 8, 10 or 12
  int32_t interleaved_uv;  // 1 for NV12
} wcw_yuv_source;

// Converts `source` to 8-bit RGBA or BGRA at `dst` (rows `dst_stride` bytes apart), with the
// matrix and range given; chroma is up-sampled by repetition, as libyuv (and so Chromium) does.
// With `keep_alpha` and an alpha plane, the fourth byte is the alpha sample and fully transparent
// pixels are black (Chromium premultiplies); otherwise it is 255.
void wcw_yuv_to_rgb(const wcw_yuv_source* source, int32_t matrix, int32_t full_range, uint8_t* dst,
                    int32_t dst_stride, int32_t order, int32_t keep_alpha);

// Writes the fixed-point coefficients wcw_yuv_to_rgb uses for `matrix` and range at `out`, six
// int32 in the order of struct wcw_yuv_matrix (yuv_matrix.h): y_gain, bias, u_to_b, u_to_g,
// v_to_g, v_to_r. The WebGL drawing path (js/video_frame_webgl.ts) evaluates wcw_yuv_to_rgb's
// expressions in a shader with them, so the coefficients are derived in one place.
void wcw_yuv_matrix_write(int32_t matrix, int32_t full_range, int32_t* out);

// What wcw_rgb_to_rgb does with the fourth byte.
enum wcw_alpha_mode {
  WCW_ALPHA_KEEP = 0,         // copied as is
  WCW_ALPHA_OPAQUE = 1,       // 255 (an X byte drawn as opaque)
  WCW_ALPHA_CLEAR_BLACK = 2,  // kept, and pixels with alpha 0 become black (as Chromium draws them)
};

// Copies `width` x `height` 4-byte pixels, swapping bytes 0 and 2 when `swap_red_blue`, handling
// the fourth byte as `alpha_mode` (enum wcw_alpha_mode) says.
void wcw_rgb_to_rgb(const uint8_t* src, int32_t src_stride, uint8_t* dst, int32_t dst_stride, int32_t width,
                    int32_t height, int32_t swap_red_blue, int32_t alpha_mode);

// The first byte of memory free for the caller's buffers (above data and stack).
uint32_t wcw_scratch_base(void);

// Re-encodes 8-bit sRGB pixels of byte order `order` (the fourth byte is kept) in place as
// Display P3: sRGB transfer decoded, BT.709 primaries mapped to P3's, sRGB transfer encoded.
void wcw_srgb_to_display_p3(uint8_t* pixels, int32_t stride, int32_t width, int32_t height, int32_t order);

#ifdef __cplusplus
}
#endif

#endif  // WCW_COLOR_CONVERT_H
