// FFmpeg colour properties -> WebCodecs VideoColorSpaceInit strings (§9.9). A value WebCodecs
// has no name for maps to "" (null in JS).
#pragma once

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace wcw {

const char* primariesName(AVColorPrimaries primaries);
const char* transferName(AVColorTransferCharacteristic transfer);
const char* matrixName(AVColorSpace matrix);
// 1 full, 0 limited, -1 unknown.
int fullRangeValue(AVColorRange range);

}  // namespace wcw
