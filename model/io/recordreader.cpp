#include "recordreader.h"

namespace io {

bool RecordReader::nextUtf8(Utf8Record *record) {
    CsvRecord decoded;
    if (!next(&decoded))
        return false;
    record->assign(decoded);
    return true;
}

} // namespace io
