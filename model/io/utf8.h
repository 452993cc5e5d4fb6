#pragma once

#include <QByteArrayView>

namespace io {

/// The offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
/// code points past U+10FFFF are invalid too), or -1 when all of `bytes` is valid. With
/// `allowTruncatedEnd`, a sequence cut off by the end of `bytes` counts as valid (a sample's tail).
qsizetype firstInvalidUtf8(QByteArrayView bytes, bool allowTruncatedEnd = false);

} // namespace io
