#include "heif_items.h"

#include <cstring>
#include <map>
#include <vector>

#include "isobmff_boxes.h"

namespace wcw {

namespace {

constexpr const char* kAlphaUrns[] = {"urn:mpeg:mpegB:cicp:systems:auxiliary:alpha", "urn:mpeg:hevc:2015:auxid:1"};

struct ItemInfo {
  uint32_t type = 0;
  std::vector<FileSpan> extents;
  std::vector<uint16_t> properties;  // 1-based indices into ipco
};

struct Property {
  uint32_t type = 0;
  FileSpan body;
};

struct MetaBoxes {
  uint32_t primary = 0;
  std::map<uint32_t, ItemInfo> items;
  std::vector<Property> properties;
  std::vector<std::pair<uint32_t, uint32_t>> auxl;  // (auxiliary item, the item it serves)
  FileSpan idat;
};

bool readPitm(ByteCursor c, MetaBoxes* meta) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  meta->primary = version == 0 ? c.u16() : c.u32();
  return c.ok();
}

// §8.11.6 ItemInfoEntry, versions 2 and 3 (the ones that carry an item type).
bool readInfe(ByteCursor c, MetaBoxes* meta) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  if (version < 2) return c.ok();
  const uint32_t id = version == 2 ? c.u16() : c.u32();
  c.u16();  // item_protection_index
  meta->items[id].type = c.u32();
  return c.ok();
}

bool readIinf(ByteCursor c, MetaBoxes* meta) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  version == 0 ? c.u16() : c.u32();  // entry_count: the child boxes say it too
  if (!c.ok()) return false;
  return forEachChildBox(c.here(), c.remaining(), [&](const BoxHeader& box, const uint8_t* body, std::size_t size) {
    return box.type != fourcc("infe") || readInfe(ByteCursor(body, size), meta);
  });
}

// §8.11.3 ItemLocationBox: each item's extents in the file (construction method 0) or in idat (1).
bool readIloc(ByteCursor c, std::map<uint32_t, std::pair<int, std::vector<FileSpan>>>* locations) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  if (version > 2) return false;
  const uint8_t sizes = c.u8();
  const int offsetSize = sizes >> 4, lengthSize = sizes & 15;
  const uint8_t more = c.u8();
  const int baseOffsetSize = more >> 4, indexSize = version >= 1 ? more & 15 : 0;
  const uint32_t count = version < 2 ? c.u16() : c.u32();
  for (uint32_t i = 0; i < count && c.ok(); ++i) {
    const uint32_t id = version < 2 ? c.u16() : c.u32();
    const int method = version >= 1 ? c.u16() & 15 : 0;
    c.u16();  // data_reference_index: 0 = this file
    const uint64_t base = c.uint(baseOffsetSize);
    const uint16_t extentCount = c.u16();
    auto& [itemMethod, extents] = (*locations)[id];
    itemMethod = method;
    for (uint16_t e = 0; e < extentCount && c.ok(); ++e) {
      if (indexSize) c.uint(indexSize);
      const uint64_t offset = c.uint(offsetSize);
      const uint64_t length = c.uint(lengthSize);
      if (offset > UINT64_MAX - base || base + offset > UINT64_MAX - length) return false;
      extents.push_back({base + offset, length});
    }
  }
  return c.ok();
}

bool readIpma(ByteCursor c, MetaBoxes* meta) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  const uint32_t count = c.u32();
  for (uint32_t i = 0; i < count && c.ok(); ++i) {
    const uint32_t id = version < 1 ? c.u16() : c.u32();
    const uint8_t associations = c.u8();
    for (uint8_t a = 0; a < associations && c.ok(); ++a) {
      // The top bit is `essential`; the rest the 1-based property index.
      const uint16_t index = (flags & 1) ? c.u16() & 0x7fff : c.u8() & 0x7f;
      if (index) meta->items[id].properties.push_back(index);
    }
  }
  return c.ok();
}

bool readIref(ByteCursor c, MetaBoxes* meta) {
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  if (!c.ok()) return false;
  return forEachChildBox(c.here(), c.remaining(), [&](const BoxHeader& box, const uint8_t* body, std::size_t size) {
    ByteCursor r(body, size);
    const uint32_t from = version == 0 ? r.u16() : r.u32();
    const uint16_t count = r.u16();
    for (uint16_t i = 0; i < count && r.ok(); ++i) {
      const uint32_t to = version == 0 ? r.u16() : r.u32();
      if (box.type == fourcc("auxl")) meta->auxl.push_back({from, to});
    }
    return r.ok();
  });
}

const Property* findProperty(const MetaBoxes& meta, const ItemInfo& item, uint32_t type) {
  for (uint16_t index : item.properties) {
    if (index <= meta.properties.size() && meta.properties[index - 1].type == type) return &meta.properties[index - 1];
  }
  return nullptr;
}

bool isAlphaAuxiliary(const uint8_t* file, const MetaBoxes& meta, const ItemInfo& item) {
  const Property* auxC = findProperty(meta, item, fourcc("auxC"));
  if (!auxC) return false;
  ByteCursor c(file + auxC->body.offset, static_cast<std::size_t>(auxC->body.size));
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  const char* urn = nullptr;
  if (!c.cString(&urn)) return false;
  for (const char* alpha : kAlphaUrns) {
    if (std::strcmp(urn, alpha) == 0) return true;
  }
  return false;
}

// One av01 item: its bytes as one span (adjacent extents joined), av1C and ispe.
HeifRead describeAv1Item(const uint8_t* file, const MetaBoxes& meta, const ItemInfo& item, Av1Item* out) {
  if (item.type != fourcc("av01")) return HeifRead::kUnsupported;  // grid, hvc1...
  if (item.extents.empty()) return HeifRead::kCorrupt;
  FileSpan data = item.extents[0];
  for (std::size_t i = 1; i < item.extents.size(); ++i) {
    if (item.extents[i].offset != data.end()) return HeifRead::kUnsupported;  // scattered extents
    data.size += item.extents[i].size;
  }
  const Property* av1C = findProperty(meta, item, fourcc("av1C"));
  const Property* ispe = findProperty(meta, item, fourcc("ispe"));
  if (!av1C || av1C->body.size < 4 || !ispe) return HeifRead::kCorrupt;  // both essential (AVIF §2.2.1)
  ByteCursor c(file + ispe->body.offset, static_cast<std::size_t>(ispe->body.size));
  uint8_t version;
  uint32_t flags;
  c.fullBoxHeader(&version, &flags);
  const uint32_t width = c.u32(), height = c.u32();
  if (!c.ok() || width == 0 || height == 0 || width > 65536 || height > 65536) return HeifRead::kCorrupt;
  out->present = true;
  out->data = data;
  out->config = av1C->body;
  out->width = static_cast<int>(width);
  out->height = static_cast<int>(height);
  return HeifRead::kOk;
}

}  // namespace

HeifRead readHeifPrimaryImage(const uint8_t* file, uint64_t bodyOffset, std::size_t bodySize,
                              HeifPrimaryImage* image) {
  MetaBoxes meta;
  std::map<uint32_t, std::pair<int, std::vector<FileSpan>>> locations;
  const uint8_t* body = file + bodyOffset;
  ByteCursor header(body, bodySize);
  uint8_t version;
  uint32_t flags;
  header.fullBoxHeader(&version, &flags);  // meta is a FullBox (§8.11.1)
  if (!header.ok()) return HeifRead::kCorrupt;
  const bool parsed = forEachChildBox(body + 4, bodySize - 4, [&](const BoxHeader& box, const uint8_t* child, std::size_t size) {
    ByteCursor c(child, size);
    switch (box.type) {
      case fourcc("pitm"): return readPitm(c, &meta);
      case fourcc("iinf"): return readIinf(c, &meta);
      case fourcc("iloc"): return readIloc(c, &locations);
      case fourcc("iref"): return readIref(c, &meta);
      case fourcc("idat"):
        meta.idat = {static_cast<uint64_t>(child - file), size};
        return true;
      case fourcc("iprp"):
        return forEachChildBox(child, size, [&](const BoxHeader& p, const uint8_t* pBody, std::size_t pSize) {
          if (p.type == fourcc("ipma")) return readIpma(ByteCursor(pBody, pSize), &meta);
          if (p.type != fourcc("ipco")) return true;
          return forEachChildBox(pBody, pSize, [&](const BoxHeader& prop, const uint8_t* propBody, std::size_t propSize) {
            meta.properties.push_back({prop.type, {static_cast<uint64_t>(propBody - file), propSize}});
            return true;
          });
        });
      default: return true;
    }
  });
  if (!parsed) return HeifRead::kCorrupt;
  for (auto& [id, location] : locations) {
    auto& [method, extents] = location;
    if (method == 1) {  // offsets within idat
      for (FileSpan& e : extents) {
        if (e.end() > meta.idat.size || e.end() < e.offset) return HeifRead::kCorrupt;
        e.offset += meta.idat.offset;
      }
    } else if (method != 0) {
      continue;  // item-offset construction: not for coded images
    }
    auto item = meta.items.find(id);
    if (item != meta.items.end()) item->second.extents = extents;
  }
  auto primary = meta.items.find(meta.primary);
  if (primary == meta.items.end()) return HeifRead::kCorrupt;
  if (HeifRead read = describeAv1Item(file, meta, primary->second, &image->color); read != HeifRead::kOk) return read;
  for (const auto& [from, to] : meta.auxl) {
    auto alpha = meta.items.find(from);
    if (to != meta.primary || alpha == meta.items.end() || !isAlphaAuxiliary(file, meta, alpha->second)) continue;
    if (HeifRead read = describeAv1Item(file, meta, alpha->second, &image->alpha); read != HeifRead::kOk) return read;
    break;
  }
  return HeifRead::kOk;
}

}  // namespace wcw
