/* libaom's aom_ports/x86.h for the SIMD wasm build (wasm-build/build-third-party.sh, aom_simd):
 * the "CPU" is wasm SIMD, on which Emscripten translates SSE to SSE4.1 intrinsics. No cpuid,
 * no time stamp counter, no x87: ARCH_X86 is 0 there, so only the RTCD setup includes this, and
 * it only asks for the flags. */
#ifndef AOM_AOM_PORTS_X86_H_
#define AOM_AOM_PORTS_X86_H_

#define HAS_MMX 0x01
#define HAS_SSE 0x02
#define HAS_SSE2 0x04
#define HAS_SSE3 0x08
#define HAS_SSSE3 0x10
#define HAS_SSE4_1 0x20
#define HAS_AVX 0x40
#define HAS_AVX2 0x80
#define HAS_SSE4_2 0x100

static inline int x86_simd_caps(void) { return HAS_SSE | HAS_SSE2 | HAS_SSE3 | HAS_SSSE3 | HAS_SSE4_1; }

#endif
