// Fixed-point YUV → RGB coefficients. The form follows libyuv's (6 fractional bits on chroma,
// luma expanded to 16 bits), so results are within ±1 of Chromium's copyTo() and drawImage().
#ifndef WCW_YUV_MATRIX_H
#define WCW_YUV_MATRIX_H

#include <stdint.h>

typedef struct wcw_yuv_matrix {
  int32_t y_gain;    // luma scale, applied to 16-bit luma, >> 16
  int32_t bias;      // luma offset and rounding, in 1/64
  int32_t u_to_b;    // chroma coefficients, in 1/64
  int32_t u_to_g;
  int32_t v_to_g;
  int32_t v_to_r;
} wcw_yuv_matrix;

// Coefficients for `matrix` (enum wcw_matrix) and range. u_to_b is capped at 2.0 (128/64) as
// libyuv caps it to fit a signed byte multiply; Chromium's output carries that cap, so this does.
wcw_yuv_matrix wcw_yuv_matrix_for(int32_t matrix, int32_t full_range);

#endif  // WCW_YUV_MATRIX_H
