#include "color_space.h"

namespace wcw {

const char* primariesName(AVColorPrimaries primaries) {
  switch (primaries) {
    case AVCOL_PRI_BT709:
      return "bt709";
    case AVCOL_PRI_BT470BG:
      return "bt470bg";
    case AVCOL_PRI_SMPTE170M:
      return "smpte170m";
    case AVCOL_PRI_BT2020:
      return "bt2020";
    case AVCOL_PRI_SMPTE432:
      return "smpte432";
    default:
      return "";
  }
}

const char* transferName(AVColorTransferCharacteristic transfer) {
  switch (transfer) {
    case AVCOL_TRC_BT709:
      return "bt709";
    case AVCOL_TRC_SMPTE170M:
      return "smpte170m";
    case AVCOL_TRC_IEC61966_2_1:
      return "iec61966-2-1";
    case AVCOL_TRC_LINEAR:
      return "linear";
    case AVCOL_TRC_SMPTE2084:
      return "pq";
    case AVCOL_TRC_ARIB_STD_B67:
      return "hlg";
    default:
      return "";
  }
}

const char* matrixName(AVColorSpace matrix) {
  switch (matrix) {
    case AVCOL_SPC_RGB:
      return "rgb";
    case AVCOL_SPC_BT709:
      return "bt709";
    case AVCOL_SPC_BT470BG:
      return "bt470bg";
    case AVCOL_SPC_SMPTE170M:
      return "smpte170m";
    case AVCOL_SPC_BT2020_NCL:
      return "bt2020-ncl";
    default:
      return "";
  }
}

int fullRangeValue(AVColorRange range) {
  switch (range) {
    case AVCOL_RANGE_JPEG:
      return 1;
    case AVCOL_RANGE_MPEG:
      return 0;
    default:
      return -1;
  }
}

}  // namespace wcw
