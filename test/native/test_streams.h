// Test inputs: the streams make_test_streams.sh writes, split into WebCodecs chunks, and
// the framemd5 oracle format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ffmpeg_ptr.h"

namespace wcw::test {

using Chunk = std::vector<uint8_t>;

// $WCW_STREAMS/name.
std::string streamPath(const std::string& name);
std::vector<uint8_t> readFile(const std::string& path);
// Access units of an elementary stream (Annex B H.264, ADTS AAC), split with FFmpeg's parser.
std::vector<Chunk> splitStream(const std::string& name, AVCodecID codec);
// Frames of an IVF file (AV1, VP8, VP9).
std::vector<Chunk> readIvf(const std::string& name);
// The hash column of an `ffmpeg -f framemd5` file.
std::vector<std::string> readFrameMd5(const std::string& name);
// A padded packet holding a copy of the chunk.
AVPacketPtr chunkPacket(const Chunk& chunk, int64_t pts, int64_t duration = 0);
// MD5 of a frame's planes packed without padding, as framemd5 computes it.
std::string frameMd5(const AVFrame& frame);

}  // namespace wcw::test
