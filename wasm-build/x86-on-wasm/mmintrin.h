/* MMX has no wasm translation in Emscripten. libvpx's SSE2 files include this header without
 * using MMX; the kernels that do use it are left out (wasm-build/select-x86-kernels.mjs). */
