/* libvpx's vpx_ports/x86.h for the SIMD wasm build (wasm-build/build-third-party.sh, libvpx):
 * the "CPU" is wasm SIMD, on which Emscripten translates SSE to SSE4.1 intrinsics. No cpuid,
 * no time stamp counter, no x87: VPX_ARCH_X86 is 0 there, so only the RTCD setup and the x86
 * kernels include this, and they only ask for the flags. */
#ifndef VPX_VPX_PORTS_X86_H_
#define VPX_VPX_PORTS_X86_H_

#define HAS_MMX 0x001
#define HAS_SSE 0x002
#define HAS_SSE2 0x004
#define HAS_SSE3 0x008
#define HAS_SSSE3 0x010
#define HAS_SSE4_1 0x020
#define HAS_AVX 0x040
#define HAS_AVX2 0x080
#define HAS_AVX512 0x100

static inline int x86_simd_caps(void) { return HAS_SSE | HAS_SSE2 | HAS_SSE3 | HAS_SSSE3 | HAS_SSE4_1; }

#endif
