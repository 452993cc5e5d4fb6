#include "schemascript.h"

#include <QList>
#include <sqlite3.h>

namespace shelffuzz {

namespace {

// Enough for a schema of a few dozen tables and their rows; a statement that needs more work is
// interrupted (a cross join, a trigger that loops).
constexpr int kProgressSteps = 1000;
constexpr int kProgressCallsPerStatement = 200;
constexpr int kMaxStatements = 200;

int interruptWhenSpent(void *context) {
    int *calls = static_cast<int *>(context);
    return ++*calls > kProgressCallsPerStatement ? 1 : 0;
}

bool allowed(const QByteArray &statement) {
    const QByteArray upper = statement.trimmed().toUpper();
    if (upper.contains("RECURSIVE") || upper.contains("PRAGMA") || upper.contains("ATTACH") ||
        upper.contains("LOAD_EXTENSION"))
        return false;
    if (upper.startsWith("INSERT"))
        return !upper.contains("SELECT");
    return upper.startsWith("CREATE");
}

} // namespace

bool isSchemaScript(const QByteArray &input) {
    return input.startsWith(kSchemaScriptMarker);
}

int buildFromSchemaScript(const QByteArray &input, const QString &path) {
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_exec(db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
    int calls = 0;
    sqlite3_progress_handler(db, kProgressSteps, interruptWhenSpent, &calls);
    int ran = 0;
    int seen = 0;
    // Pieces between semicolons are joined until they make a complete statement (a trigger's body
    // holds semicolons of its own).
    QByteArray statement;
    for (const QByteArray &piece : input.mid(int(sizeof(kSchemaScriptMarker)) - 1).split(';')) {
        statement += piece + ';';
        if (!sqlite3_complete(statement.constData()))
            continue;
        if (++seen > kMaxStatements)
            break;
        calls = 0;
        if (allowed(statement) &&
            sqlite3_exec(db, statement.constData(), nullptr, nullptr, nullptr) == SQLITE_OK)
            ++ran;
        statement.clear();
    }
    sqlite3_close(db);
    return ran;
}

} // namespace shelffuzz
