// The FFmpeg codecs, parsers and bitstream filters of the wasm core: empty at start, filled by
// each codec module as it loads (docs/MODULE_SPLIT.md). FFmpeg's own lists (allcodecs.c,
// parsers.c, bitstream_filters.c) are fixed when it is configured; codec_registry.cc defines
// av_codec_iterate() and the functions that walk those lists over this one instead, so the core
// links none of FFmpeg's codecs. wasm builds only: native builds use the system's FFmpeg.
//
// Threads: modules register on the owner thread (js/core_loader.ts loads them there); codec
// threads read at any time. Entries are append-only and published by a release store of the
// count, so a reader sees a whole entry or none.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>

// Adds a module's components (each list ends with nullptr). A module's entry calls it once,
// after its codecs' init_static_data. Returns 0, or -1 when the registry is full.
int wcw_register_codecs(const AVCodec* const* codecs, const AVCodecParser* const* parsers,
                        const AVBitStreamFilter* const* filters);
}
