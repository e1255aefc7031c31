#include "test_streams.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
}

namespace wcw::test {

std::string streamPath(const std::string& name) {
  const char* dir = std::getenv("WCW_STREAMS");
  return std::string(dir ? dir : "streams") + "/" + name;
}

std::vector<uint8_t> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<Chunk> splitStream(const std::string& name, AVCodecID codec) {
  const std::vector<uint8_t> bytes = readFile(streamPath(name));
  AVCodecParserContextPtr parser(av_parser_init(codec));
  AVCodecContextPtr context(avcodec_alloc_context3(nullptr));
  std::vector<Chunk> chunks;
  const uint8_t* data = bytes.data();
  int left = static_cast<int>(bytes.size());
  for (;;) {
    uint8_t* out = nullptr;
    int outSize = 0;
    const int used = av_parser_parse2(parser.get(), context.get(), &out, &outSize, data, left,
                                      AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
    data += used;
    left -= used;
    if (outSize > 0) chunks.emplace_back(out, out + outSize);
    if (left == 0 && outSize == 0 && used == 0) break;
  }
  return chunks;
}

std::vector<Chunk> readIvf(const std::string& name) {
  const std::vector<uint8_t> bytes = readFile(streamPath(name));
  std::vector<Chunk> frames;
  std::size_t pos = 32;  // file header
  while (pos + 12 <= bytes.size()) {
    const uint32_t size = bytes[pos] | bytes[pos + 1] << 8 | bytes[pos + 2] << 16 |
                          static_cast<uint32_t>(bytes[pos + 3]) << 24;
    pos += 12;  // frame header: size, 64-bit pts
    if (pos + size > bytes.size()) break;
    frames.emplace_back(bytes.begin() + pos, bytes.begin() + pos + size);
    pos += size;
  }
  return frames;
}

std::vector<std::string> readFrameMd5(const std::string& name) {
  std::ifstream in(streamPath(name));
  std::vector<std::string> hashes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    hashes.push_back(line.substr(line.rfind(',') + 2));
  }
  return hashes;
}

AVPacketPtr chunkPacket(const Chunk& chunk, int64_t pts, int64_t duration) {
  AVPacketPtr packet = makePacket();
  if (av_new_packet(packet.get(), static_cast<int>(chunk.size())) < 0) {
    throw std::runtime_error("out of memory");
  }
  std::copy(chunk.begin(), chunk.end(), packet->data);
  packet->pts = pts;
  packet->duration = duration;
  return packet;
}

std::string frameMd5(const AVFrame& frame) {
  const auto format = static_cast<AVPixelFormat>(frame.format);
  const int size = av_image_get_buffer_size(format, frame.width, frame.height, 1);
  std::vector<uint8_t> packed(size);
  av_image_copy_to_buffer(packed.data(), size, frame.data, frame.linesize, format, frame.width,
                          frame.height, 1);
  uint8_t digest[16];
  av_md5_sum(digest, packed.data(), size);
  std::ostringstream hex;
  for (uint8_t b : digest) hex << "0123456789abcdef"[b >> 4] << "0123456789abcdef"[b & 15];
  return hex.str();
}

}  // namespace wcw::test
