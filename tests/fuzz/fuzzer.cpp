// libFuzzer entry points: every input is a database file for Shelf's open-and-browse path.
// Built by the SHELF_FUZZ configuration (clang, -fsanitize=fuzzer,address,undefined); see
// scripts/fuzz.
#include "openandbrowse.h"

#include <QGuiApplication>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

// Qt's and the session's warnings about malformed files are expected by the thousand; printing
// them would slow the fuzzer down and bury its own report.
void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message) {
    if (type == QtFatalMsg) {
        fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("SHELF_FUZZ_VERBOSE"))
        qInstallMessageHandler(quietMessages);
    // QGuiApplication keeps references to argc and argv: both must outlive it.
    static int qtArgc = 1;
    static char *qtArgv[] = {(*argv)[0], nullptr};
    (void)argc;
    static QGuiApplication app(qtArgc, qtArgv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const shelffuzz::BrowseOutcome outcome = shelffuzz::openAndBrowse(bytes);
    if (qEnvironmentVariableIsSet("SHELF_FUZZ_VERBOSE")) {
        // For triage: what the input got through, and every message Shelf gave.
        fprintf(stderr,
                "opened=%d kind=%d tables=%d rows=%lld cells=%lld related=%lld "
                "previews=%d pending=%d\n",
                outcome.opened, int(outcome.kind), outcome.tablesBrowsed,
                static_cast<long long>(outcome.rows), static_cast<long long>(outcome.cells),
                static_cast<long long>(outcome.relatedRows), outcome.deletePreviews,
                outcome.pendingChanges);
        if (!outcome.openError.isEmpty())
            fprintf(stderr, "  open: %s\n", qPrintable(outcome.openError));
        for (const QString &message : outcome.messages)
            fprintf(stderr, "  message: %s\n", qPrintable(message));
    }
    return 0;
}
