// YUV → 8-bit RGB (color_convert.h). One row at a time: the SIMD loop converts 8 pixels per step
// when the module is built with -msimd128, the scalar loop does the rest and every pixel otherwise.
// Both evaluate the same fixed-point expressions, so their outputs are identical.
#include <stddef.h>

#include "color_convert.h"
#include "yuv_matrix.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

// One source row set: the pointers for rect row `row`, in samples of the source depth.
typedef struct row_pointers {
  const uint8_t* y;
  const uint8_t* u;
  const uint8_t* v;
  const uint8_t* a;
} row_pointers;

static inline int32_t clamp_byte(int32_t v) {
  return v < 0 ? 0 : (v > 255 ? 255 : v);
}

static inline int32_t sample(const uint8_t* row, int32_t index, int32_t wide) {
  return wide ? (int32_t)(row[2 * index] | (row[2 * index + 1] << 8)) : row[index];
}

// Luma of `bits` bits expanded to 16 (replicating the top bits), as the fixed-point gain expects.
static inline int32_t luma16(int32_t y, int32_t bits) {
  y &= (1 << bits) - 1;
  return (y << (16 - bits)) | (y >> (2 * bits - 16));
}

static void convert_row_scalar(const wcw_yuv_source* s, const row_pointers* p, const wcw_yuv_matrix* m, int32_t from,
                               uint8_t* out, int32_t red, int32_t blue, int32_t keep_alpha) {
  const int32_t wide = s->bits > 8;
  const int32_t down = s->bits - 8;
  const int32_t first_chroma = s->origin_x >> s->chroma_shift_x;
  for (int32_t i = from; i < s->width; i++) {
    const int32_t c = ((s->origin_x + i) >> s->chroma_shift_x) - first_chroma;
    int32_t u, v;
    if (s->interleaved_uv) {
      u = p->u[2 * c];
      v = p->u[2 * c + 1];
    } else {
      u = sample(p->u, c, wide) >> down;
      v = sample(p->v, c, wide) >> down;
    }
    if (u > 255) u = 255;
    if (v > 255) v = 255;
    u -= 128;
    v -= 128;
    const int32_t y1 = (int32_t)(((uint32_t)luma16(sample(p->y, i, wide), s->bits) * (uint32_t)m->y_gain) >> 16);
    int32_t alpha = 255;
    if (keep_alpha && p->a) alpha = clamp_byte(sample(p->a, i, wide) >> down);
    uint8_t* px = out + 4 * i;
    if (alpha == 0) {
      px[red] = px[1] = px[blue] = 0;
    } else {
      px[blue] = (uint8_t)clamp_byte((y1 + m->u_to_b * u + m->bias) >> 6);
      px[1] = (uint8_t)clamp_byte((y1 - m->u_to_g * u - m->v_to_g * v + m->bias) >> 6);
      px[red] = (uint8_t)clamp_byte((y1 + m->v_to_r * v + m->bias) >> 6);
    }
    px[3] = (uint8_t)alpha;
  }
}

#ifdef __wasm_simd128__
// 8 samples of a row as 16-bit lanes.
static inline v128_t load8(const uint8_t* row, int32_t index, int32_t wide) {
  return wide ? wasm_v128_load(row + 2 * index) : wasm_u16x8_load8x8(row + index);
}

// Chroma for 8 pixels starting at an even chroma phase: 4 samples repeated (shift 1) or 8 (shift 0).
static inline v128_t load_chroma8(const uint8_t* row, int32_t c, int32_t shift, int32_t wide, int32_t down) {
  v128_t v;
  if (shift == 0) {
    v = load8(row, c, wide);
  } else if (wide) {
    v = wasm_v128_load64_zero(row + 2 * c);
    v = wasm_i16x8_shuffle(v, v, 0, 0, 1, 1, 2, 2, 3, 3);
  } else {
    v = wasm_u16x8_load8x8(row + c);
    v = wasm_i16x8_shuffle(v, v, 0, 0, 1, 1, 2, 2, 3, 3);
  }
  return wasm_u16x8_min(wasm_u16x8_shr(v, (uint32_t)down), wasm_i16x8_splat(255));
}

// NV12: 8 bytes UVUV... → U and V for 8 pixels (shift 1 only: NV12 is 4:2:0).
static inline void load_nv12(const uint8_t* row, int32_t c, v128_t* u, v128_t* v) {
  const v128_t uv = wasm_u16x8_load8x8(row + 2 * c);
  *u = wasm_i16x8_shuffle(uv, uv, 0, 0, 2, 2, 4, 4, 6, 6);
  *v = wasm_i16x8_shuffle(uv, uv, 1, 1, 3, 3, 5, 5, 7, 7);
}

// (y1 + a·u + b·v + bias) >> 6 on 8 lanes, computed in 32 bits, saturated to 16.
static inline v128_t channel(v128_t y1_lo, v128_t y1_hi, v128_t u, v128_t v, int32_t cu, int32_t cv, int32_t bias) {
  const v128_t cu4 = wasm_i32x4_splat(cu), cv4 = wasm_i32x4_splat(cv), bias4 = wasm_i32x4_splat(bias);
  v128_t lo = wasm_i32x4_add(y1_lo, wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(u), cu4),
                                                   wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(v), cv4)));
  v128_t hi = wasm_i32x4_add(y1_hi, wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(u), cu4),
                                                   wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(v), cv4)));
  lo = wasm_i32x4_shr(wasm_i32x4_add(lo, bias4), 6);
  hi = wasm_i32x4_shr(wasm_i32x4_add(hi, bias4), 6);
  return wasm_i16x8_narrow_i32x4(lo, hi);
}

// Converts pixels [0, n) with n a multiple of 8; returns n.
static int32_t convert_row_simd(const wcw_yuv_source* s, const row_pointers* p, const wcw_yuv_matrix* m,
                                uint8_t* out, int32_t order, int32_t keep_alpha) {
  // Vector steps need the chroma phase of pixel 0 to be even (true for every aligned rect).
  if (s->chroma_shift_x && (s->origin_x & 1)) return 0;
  const int32_t wide = s->bits > 8;
  const int32_t down = s->bits - 8;
  const int32_t n = s->width & ~7;
  const int32_t first_chroma = s->origin_x >> s->chroma_shift_x;
  const v128_t half = wasm_i16x8_splat(128);
  const v128_t gain = wasm_i32x4_splat(m->y_gain);
  const int32_t up = 16 - s->bits, back = 2 * s->bits - 16;
  const v128_t luma_mask = wasm_i16x8_splat((int16_t)((1 << s->bits) - 1));
  for (int32_t i = 0; i < n; i += 8) {
    const int32_t c = ((s->origin_x + i) >> s->chroma_shift_x) - first_chroma;
    v128_t u, v;
    if (s->interleaved_uv) {
      load_nv12(p->u, c, &u, &v);
    } else {
      u = load_chroma8(p->u, c, s->chroma_shift_x, wide, down);
      v = load_chroma8(p->v, c, s->chroma_shift_x, wide, down);
    }
    u = wasm_i16x8_sub(u, half);
    v = wasm_i16x8_sub(v, half);
    const v128_t y = wasm_v128_and(load8(p->y, i, wide), luma_mask);
    const v128_t y16 = wasm_v128_or(wasm_i16x8_shl(y, (uint32_t)up), wasm_u16x8_shr(y, (uint32_t)back));
    const v128_t y1_lo = wasm_u32x4_shr(wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(y16), gain), 16);
    const v128_t y1_hi = wasm_u32x4_shr(wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(y16), gain), 16);
    const v128_t zero = wasm_i16x8_splat(0);
    const v128_t b16 = channel(y1_lo, y1_hi, u, zero, m->u_to_b, 0, m->bias);
    const v128_t g16 = channel(y1_lo, y1_hi, u, v, -m->u_to_g, -m->v_to_g, m->bias);
    const v128_t r16 = channel(y1_lo, y1_hi, zero, v, 0, m->v_to_r, m->bias);
    v128_t a16 = wasm_i16x8_splat(255);
    if (keep_alpha && p->a) a16 = wasm_u16x8_min(wasm_u16x8_shr(load8(p->a, i, wide), (uint32_t)down), a16);
    // Transparent pixels are black (see wcw_yuv_to_rgb).
    const v128_t visible = wasm_v128_not(wasm_i16x8_eq(a16, zero));
    const v128_t first16 = wasm_v128_and(order == WCW_ORDER_RGBA ? r16 : b16, visible);
    const v128_t third16 = wasm_v128_and(order == WCW_ORDER_RGBA ? b16 : r16, visible);
    const v128_t g16v = wasm_v128_and(g16, visible);
    // Saturating narrows clamp to 0..255; then interleave to 4-byte pixels.
    const v128_t first_g = wasm_u8x16_narrow_i16x8(first16, g16v);    // f0..f7 g0..g7
    const v128_t third_a = wasm_u8x16_narrow_i16x8(third16, a16);     // t0..t7 a0..a7
    const v128_t fg = wasm_i8x16_shuffle(first_g, first_g, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    const v128_t ta = wasm_i8x16_shuffle(third_a, third_a, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    wasm_v128_store(out + 4 * i, wasm_i16x8_shuffle(fg, ta, 0, 8, 1, 9, 2, 10, 3, 11));
    wasm_v128_store(out + 4 * i + 16, wasm_i16x8_shuffle(fg, ta, 4, 12, 5, 13, 6, 14, 7, 15));
  }
  return n;
}
#endif

void wcw_yuv_to_rgb(const wcw_yuv_source* s, int32_t matrix, int32_t full_range, uint8_t* dst, int32_t dst_stride,
                    int32_t order, int32_t keep_alpha) {
  const wcw_yuv_matrix m = wcw_yuv_matrix_for(matrix, full_range);
  const int32_t red = order == WCW_ORDER_RGBA ? 0 : 2;
  const int32_t blue = 2 - red;
  const int32_t first_chroma_row = s->origin_y >> s->chroma_shift_y;
  for (int32_t row = 0; row < s->height; row++) {
    const int32_t chroma_row = ((s->origin_y + row) >> s->chroma_shift_y) - first_chroma_row;
    row_pointers p = {
        s->y + (ptrdiff_t)row * s->y_stride,
        s->u + (ptrdiff_t)chroma_row * s->u_stride,
        s->interleaved_uv ? NULL : s->v + (ptrdiff_t)chroma_row * s->v_stride,
        s->a ? s->a + (ptrdiff_t)row * s->a_stride : NULL,
    };
    uint8_t* out = dst + (ptrdiff_t)row * dst_stride;
    int32_t done = 0;
#ifdef __wasm_simd128__
    done = convert_row_simd(s, &p, &m, out, order, keep_alpha);
#endif
    convert_row_scalar(s, &p, &m, done, out, red, blue, keep_alpha);
  }
}
