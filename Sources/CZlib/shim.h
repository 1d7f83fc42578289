#include <zlib.h>

// deflateInit2 is a macro in zlib.h; expose it as a function Swift can call.
static inline int czlib_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
