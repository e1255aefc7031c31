#include "yuv_matrix.h"

#include "color_convert.h"

static int32_t fixed6(double value) {
  return (int32_t)(value * 64.0 + 0.5);
}

wcw_yuv_matrix wcw_yuv_matrix_for(int32_t matrix, int32_t full_range) {
  // Luma weights Kr, Kb of ITU-R BT.601, BT.709 and BT.2020 (H.273 Table 4).
  double kr = 0.299, kb = 0.114;
  if (matrix == WCW_MATRIX_BT709) {
    kr = 0.2126;
    kb = 0.0722;
  } else if (matrix == WCW_MATRIX_BT2020_NCL) {
    kr = 0.2627;
    kb = 0.0593;
  }
  const double kg = 1.0 - kr - kb;
  // Limited range: luma 16..235 and chroma 16..240 stretch to 0..255.
  const double luma_scale = full_range ? 1.0 : 255.0 / 219.0;
  const double chroma_scale = full_range ? 1.0 : 255.0 / 224.0;
  wcw_yuv_matrix m;
  m.y_gain = (int32_t)(luma_scale * 64.0 * 65536.0 / 257.0 + 0.5);
  m.bias = full_range ? 32 : (int32_t)(-16.0 * luma_scale * 64.0 + 32.0 - 0.5);
  m.u_to_b = fixed6(2.0 * (1.0 - kb) * chroma_scale);
  if (m.u_to_b > 128) m.u_to_b = 128;
  m.u_to_g = fixed6(2.0 * kb * (1.0 - kb) / kg * chroma_scale);
  m.v_to_g = fixed6(2.0 * kr * (1.0 - kr) / kg * chroma_scale);
  m.v_to_r = fixed6(2.0 * (1.0 - kr) * chroma_scale);
  return m;
}

void wcw_yuv_matrix_write(int32_t matrix, int32_t full_range, int32_t* out) {
  const wcw_yuv_matrix m = wcw_yuv_matrix_for(matrix, full_range);
  out[0] = m.y_gain;
  out[1] = m.bias;
  out[2] = m.u_to_b;
  out[3] = m.u_to_g;
  out[4] = m.v_to_g;
  out[5] = m.v_to_r;
}
