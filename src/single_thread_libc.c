// The single-threaded wasm build only (cmake/wasm.cmake adds it for WCW_VARIANT=st).
//
// openh264's thread helper (WelsThreadLib.cpp) calls pthread_attr_setscope and
// pthread_attr_setschedpolicy before pthread_create. Emscripten 3.1.6's libc without -pthread
// declares both but defines neither, so the link fails. In this build openh264 never starts a
// thread: FFmpeg asks it for one (iMultipleThreadIdc = thread_count = 1), and Emscripten's
// pthread_create fails there anyway. These definitions satisfy the linker and do nothing.
#include <pthread.h>

int pthread_attr_setscope(pthread_attr_t* attr, int scope) {
  (void)attr;
  (void)scope;
  return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t* attr, int policy) {
  (void)attr;
  (void)policy;
  return 0;
}
