#include "utf8.h"

namespace io {

qsizetype firstInvalidUtf8(QByteArrayView bytes, bool allowTruncatedEnd) {
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned int minimum = 0;
        unsigned int codePoint = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2, minimum = 0x80, codePoint = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3, minimum = 0x800, codePoint = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4, minimum = 0x10000, codePoint = lead & 0x07;
        } else {
            return i;
        }
        if (i + length > size) {
            // Valid so far and cut off by the end of the sample: the rest is in the next chunk.
            for (qsizetype j = i + 1; j < size; ++j) {
                if ((data[j] & 0xC0) != 0x80)
                    return i;
            }
            return allowTruncatedEnd ? -1 : i;
        }
        for (int j = 1; j < length; ++j) {
            if ((data[i + j] & 0xC0) != 0x80)
                return i;
            codePoint = (codePoint << 6) | (data[i + j] & 0x3F);
        }
        if (codePoint < minimum || codePoint > 0x10FFFF ||
            (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

} // namespace io
