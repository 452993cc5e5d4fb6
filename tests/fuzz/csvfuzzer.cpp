// libFuzzer entry point for the CSV reader (issue 14): every input is a file to import. Built by
// the SHELF_FUZZ configuration next to shelf_fuzzer; scripts/fuzz runs both within one budget.
#include "readcsv.h"

#include <QCoreApplication>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const shelffuzz::CsvOutcome outcome = shelffuzz::readCsv(bytes);
    if (!outcome.roundTripMismatch.isEmpty()) {
        fprintf(stderr, "CSV round trip: %s\n", qPrintable(outcome.roundTripMismatch));
        abort();
    }
    if (qEnvironmentVariableIsSet("SHELF_FUZZ_VERBOSE"))
        fprintf(stderr, "records=%lld problems=%lld dialect='%s' read='%s'\n",
                static_cast<long long>(outcome.records),
                static_cast<long long>(outcome.recordProblems), qPrintable(outcome.dialectError),
                qPrintable(outcome.readError));
    return 0;
}
