// The first free byte of the conversion module's memory (color_convert.h).
#include <stddef.h>

#include "color_convert.h"

extern unsigned char __heap_base;

uint32_t wcw_scratch_base(void) {
  return ((uint32_t)(size_t)&__heap_base + 15u) & ~15u;
}
