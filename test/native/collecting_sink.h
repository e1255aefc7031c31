// An OutputSink for adapter tests: keeps every output in memory.
#pragma once

#include <cstring>
#include <vector>

#include "codec_task.h"
#include "codecs/codec_adapter.h"

namespace wcw::test {

class CollectingSink final : public OutputSink {
 public:
  void emit(CodecOutput output) override { outputs.push_back(std::move(output)); }

  template <typename Record>
  Record record(std::size_t i) const {
    Record r;
    std::memcpy(&r, outputs.at(i).record.data(), sizeof r);
    return r;
  }
  PlaneRecord plane(std::size_t i, std::size_t headerBytes, std::size_t p) const {
    PlaneRecord r;
    std::memcpy(&r, outputs.at(i).record.data() + headerBytes + p * sizeof r, sizeof r);
    return r;
  }

  std::vector<CodecOutput> outputs;
};

}  // namespace wcw::test
