/* Whether this build runs under AddressSanitizer: TP_ASAN is then defined. GCC says so with
 * __SANITIZE_ADDRESS__, Clang (before 16) only through __has_feature. */
#ifndef TP_BASE_ASAN_H
#define TP_BASE_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define TP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TP_ASAN 1
#endif
#endif

#endif
