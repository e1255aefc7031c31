// RGB → RGB copies (color_convert.h): byte-order swaps and alpha handling, 4 pixels per SIMD step.
#include <stddef.h>

#include "color_convert.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

void wcw_rgb_to_rgb(const uint8_t* src, int32_t src_stride, uint8_t* dst, int32_t dst_stride, int32_t width,
                    int32_t height, int32_t swap_red_blue, int32_t alpha_mode) {
  const int32_t opaque = alpha_mode == WCW_ALPHA_OPAQUE;
  const int32_t clear = alpha_mode == WCW_ALPHA_CLEAR_BLACK;
  for (int32_t row = 0; row < height; row++) {
    const uint8_t* in = src + (ptrdiff_t)row * src_stride;
    uint8_t* out = dst + (ptrdiff_t)row * dst_stride;
    int32_t i = 0;
#ifdef __wasm_simd128__
    const v128_t fill = wasm_i32x4_splat(opaque ? (int32_t)0xff000000u : 0);
    for (; i + 4 <= width; i += 4) {
      v128_t px = wasm_v128_load(in + 4 * i);
      if (swap_red_blue) px = wasm_i8x16_shuffle(px, px, 2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15);
      // Lanes whose alpha (the top byte of each little-endian pixel) is 0 become 0.
      if (clear) px = wasm_v128_andnot(px, wasm_i32x4_eq(wasm_u32x4_shr(px, 24), wasm_i32x4_splat(0)));
      wasm_v128_store(out + 4 * i, wasm_v128_or(px, fill));
    }
#endif
    for (; i < width; i++) {
      const uint8_t* p = in + 4 * i;
      uint8_t* q = out + 4 * i;
      const uint8_t r = p[0], b = p[2], a = p[3];
      const int32_t black = clear && a == 0;
      q[0] = black ? 0 : (swap_red_blue ? b : r);
      q[1] = black ? 0 : p[1];
      q[2] = black ? 0 : (swap_red_blue ? r : b);
      q[3] = opaque ? 255 : a;
    }
  }
}
