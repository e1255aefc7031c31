// sRGB → Display P3 (color_convert.h). Both spaces share the sRGB transfer function and D65
// white; only the primaries differ, so pixels are decoded to linear light, mapped with the 3×3
// matrix from BT.709 to P3 primaries, and encoded again. Tables make it one lookup per channel.
#include <math.h>
#include <stddef.h>

#include "color_convert.h"

enum { ENCODE_STEPS = 4096 };

static float linear_of[256];
static uint8_t encoded_of[ENCODE_STEPS + 1];
static int tables_ready;

static double srgb_decode(double v) {
  return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double srgb_encode(double v) {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

static void build_tables(void) {
  for (int i = 0; i < 256; i++) linear_of[i] = (float)srgb_decode(i / 255.0);
  for (int i = 0; i <= ENCODE_STEPS; i++) encoded_of[i] = (uint8_t)(srgb_encode((double)i / ENCODE_STEPS) * 255.0 + 0.5);
  tables_ready = 1;
}

static inline uint8_t encode(float linear) {
  if (!(linear > 0.0f)) return 0;
  if (linear >= 1.0f) return 255;
  return encoded_of[(int32_t)(linear * ENCODE_STEPS + 0.5f)];
}

// Rows: P3 components of linear BT.709 red, green, blue (RP 177 from both sets of primaries, D65).
static const float kToP3[3][3] = {
    {0.8224621f, 0.1775380f, 0.0000000f},
    {0.0331941f, 0.9668058f, 0.0000000f},
    {0.0170827f, 0.0723974f, 0.9105199f},
};

void wcw_srgb_to_display_p3(uint8_t* pixels, int32_t stride, int32_t width, int32_t height, int32_t order) {
  if (!tables_ready) build_tables();
  const int32_t red = order == WCW_ORDER_RGBA ? 0 : 2;
  const int32_t blue = 2 - red;
  for (int32_t row = 0; row < height; row++) {
    uint8_t* p = pixels + (ptrdiff_t)row * stride;
    for (int32_t i = 0; i < width; i++, p += 4) {
      const float r = linear_of[p[red]], g = linear_of[p[1]], b = linear_of[p[blue]];
      p[red] = encode(kToP3[0][0] * r + kToP3[0][1] * g + kToP3[0][2] * b);
      p[1] = encode(kToP3[1][0] * r + kToP3[1][1] * g + kToP3[1][2] * b);
      p[blue] = encode(kToP3[2][0] * r + kToP3[2][1] * g + kToP3[2][2] * b);
    }
  }
}
