#pragma once

// Shared set-up for the ORM suites in tests/db: a fresh database with the library schema, a session
// over it, a recorder for the statements the session runs, and helpers that read the database
// through the independent connection (never through the session under test).

#include "library/library.h"
#include "testdatabase.h"

#include <QMap>
#include <QRegularExpression>
#include <QStringList>
#include <QTest>

namespace shelftest {

using library::Author;
using library::Book;
using library::Review;
using library::User;
using orm::ObjectState;
using orm::RecordList;
using orm::RecordPtr;

/// QTest cannot print orm's enums (orm::toString returns QString), so suites compare names.
inline QString str(ObjectState state) {
    return orm::stateName(state);
}
inline QString str(orm::Error::Kind kind) {
    return orm::Error::kindName(kind);
}

/// How a value reads in a row dump: NULL, or its text (so 5 as int and as qlonglong compare equal).
inline QString render(const QVariant &value) {
    return value.isNull() ? QStringLiteral("NULL") : value.toString();
}

inline qint64 idOf(const RecordPtr &record) {
    return record->id().toLongLong();
}

// --- Statements --------------------------------------------------------------------------------

struct LoggedStatement {
    QString sql;
    QVariantList binds;

    /// INSERT, UPDATE, DELETE, SELECT, CREATE, DROP, BEGIN, …
    QString verb() const {
        const QString trimmed = sql.trimmed();
        const qsizetype space = trimmed.indexOf(QRegularExpression(QStringLiteral("\\s")));
        return (space < 0 ? trimmed : trimmed.left(space)).toUpper();
    }
    bool isWrite() const {
        const QString v = verb();
        return v == QLatin1String("INSERT") || v == QLatin1String("UPDATE") ||
               v == QLatin1String("DELETE");
    }
    /// The table an INSERT/UPDATE/DELETE/CREATE TABLE/DROP TABLE writes to, or a SELECT reads.
    QString table() const {
        static const QRegularExpression pattern(
            QStringLiteral(
                "^\\s*(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|CREATE\\s+TABLE(?:\\s+IF\\s+"
                "NOT\\s+EXISTS)?|DROP\\s+TABLE(?:\\s+IF\\s+EXISTS)?|SELECT\\s.*?\\sFROM)"
                "\\s+[\"`]?(\\w+)[\"`]?"),
            QRegularExpression::CaseInsensitiveOption |
                QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch match = pattern.match(sql);
        return match.hasMatch() ? match.captured(1) : QString();
    }
    /// The SET clause of an UPDATE (between SET and WHERE), lower case.
    QString setClause() const {
        static const QRegularExpression pattern(QStringLiteral("\\bSET\\b(.*?)(\\bWHERE\\b|$)"),
                                                QRegularExpression::CaseInsensitiveOption |
                                                    QRegularExpression::DotMatchesEverythingOption);
        return pattern.match(sql).captured(1).toLower();
    }
    /// "INSERT authors", "DELETE books": what a flush-order assertion compares.
    QString summary() const { return verb() + QLatin1Char(' ') + table(); }
};

/// Records every statement a session runs (Session::setStatementLog).
class StatementRecorder {
public:
    void attach(orm::Session &session) {
        session.setStatementLog([this](const QString &sql, const QVariantList &binds) {
            m_statements.append({sql, binds});
        });
    }
    void clear() { m_statements.clear(); }
    const QList<LoggedStatement> &all() const { return m_statements; }
    QList<LoggedStatement> writes() const {
        QList<LoggedStatement> result;
        for (const LoggedStatement &statement : m_statements)
            if (statement.isWrite())
                result.append(statement);
        return result;
    }
    QList<LoggedStatement> withVerb(const QString &verb) const {
        QList<LoggedStatement> result;
        for (const LoggedStatement &statement : m_statements)
            if (statement.verb() == verb)
                result.append(statement);
        return result;
    }
    /// "INSERT authors", "UPDATE books", … of the writes, in order.
    QStringList writeSummary() const {
        QStringList result;
        for (const LoggedStatement &statement : writes())
            result.append(statement.summary());
        return result;
    }
    QString dump() const {
        QStringList lines;
        for (const LoggedStatement &statement : m_statements) {
            QStringList binds;
            for (const QVariant &bind : statement.binds)
                binds.append(render(bind));
            lines.append(statement.sql + QStringLiteral("  [") + binds.join(QStringLiteral(", ")) +
                         QLatin1Char(']'));
        }
        return lines.join(QLatin1Char('\n'));
    }

private:
    QList<LoggedStatement> m_statements;
};

// --- Rows ---------------------------------------------------------------------------------------

/// Author 1 with `books` books (ids 1…), author 2 with 3 more; one review of each book.
inline bool seedOneLargeAuthor(TestDatabase &db, int books) {
    const QString numbers = QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) ");
    return db.exec(QStringLiteral("INSERT INTO users (id, name) VALUES (1, 'Reader')")) &&
           db.exec(QStringLiteral("INSERT INTO authors (id, name) VALUES (1, 'Prolific'), "
                                  "(2, 'Other')")) &&
           db.exec(numbers.arg(books + 3) +
                   QStringLiteral("INSERT INTO books (id, title, author_id) SELECT i, 'Book ' || "
                                  "i, CASE WHEN i <= %1 THEN 1 ELSE 2 END FROM n")
                       .arg(books)) &&
           db.exec(numbers.arg(books + 3) +
                   QStringLiteral("INSERT INTO reviews (id, book_id, user_id, rating) SELECT i, "
                                  "i, 1, 1 + i % 5 FROM n"));
}

// --- Property tests ------------------------------------------------------------------------------

/// A property test's failed sequence: prints the whole replay recipe first (QTest truncates long
/// messages) and returns the short line for QFAIL.
inline QString failedSequence(const QString &error, quint32 seed, int steps,
                              const QStringList &trace) {
    qWarning("%s", qPrintable(QStringLiteral("%1\nreplay: SHELF_PROPERTY_SEED=%2 "
                                             "SHELF_PROPERTY_SEQUENCES=1 SHELF_PROPERTY_STEPS=%3 "
                                             "SHELF_TEST_BACKEND=%4\nsteps:\n  %5")
                                  .arg(error)
                                  .arg(seed)
                                  .arg(steps)
                                  .arg(backendName(), trace.join(QStringLiteral("\n  ")))));
    return QStringLiteral("sequence with seed %1 failed: %2").arg(seed).arg(error);
}

/// How often each kind of step ran, so that a weight or precondition that starves one shows.
inline void printStepCounts(const QMap<QString, int> &histogram) {
    QStringList counts;
    for (auto it = histogram.cbegin(); it != histogram.cend(); ++it)
        counts.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    qInfo("steps run: %s", qPrintable(counts.join(QStringLiteral(", "))));
}

// --- Memory snapshots ----------------------------------------------------------------------------

/// What the user could lose: every record's state, delete mark, staged and committed values.
/// (Unlike memoryOf() it never walks relationships, so it runs no query on a dead connection.)
inline QString snapshotOf(const orm::Session &session, const RecordList &records) {
    QStringList lines;
    lines.reserve(records.size());
    for (const RecordPtr &record : records) {
        QStringList values, committed;
        for (int column = 0; column < record->table().columnCount(); ++column) {
            values.append(render(record->value(column)));
            committed.append(render(record->committedValue(column)));
        }
        lines.append(
            QStringLiteral("%1@%2 state=%3 marked=%4 changes=%5 values=[%6] committed=[%7]")
                .arg(record->table().name())
                .arg(quintptr(record.get()), 0, 16)
                .arg(orm::stateName(session.state(record)))
                .arg(record->isMarkedForDelete())
                .arg(record->hasChanges())
                .arg(values.join(QLatin1Char(',')), committed.join(QLatin1Char(','))));
    }
    return lines.join(QLatin1Char('\n'));
}

/// Everything a user could see of records in memory, as text: state, delete mark, staged and
/// committed values, parents and collections (by identity; reading loads them, which is no change).
/// Rule 8 compares two of these.
inline QString memoryOf(const orm::Session &session, const RecordList &records) {
    const auto identity = [](const orm::Record *record) {
        return record
                   ? QStringLiteral("%1@%2").arg(record->displayText()).arg(quintptr(record), 0, 16)
                   : QStringLiteral("none");
    };
    QStringList lines;
    for (const RecordPtr &record : records) {
        QStringList values, committed;
        for (int column = 0; column < record->table().columnCount(); ++column) {
            values.append(render(record->value(column)));
            committed.append(render(record->committedValue(column)));
        }
        QString line =
            QStringLiteral("%1 %2 state=%3 marked=%4 changes=%5 values=[%6] committed=[%7]")
                .arg(record->table().name(), identity(record.get()),
                     orm::stateName(session.state(record)))
                .arg(record->isMarkedForDelete())
                .arg(record->hasChanges())
                .arg(values.join(QLatin1Char(',')), committed.join(QLatin1Char(',')));
        for (const orm::Relationship *relationship : record->table().parentRelationships())
            line += QStringLiteral(" %1=%2").arg(relationship->backrefName,
                                                 identity(record->parent(*relationship).get()));
        for (const orm::Relationship *relationship : record->table().childRelationships()) {
            QStringList children;
            for (const RecordPtr &child : record->children(*relationship))
                children.append(identity(child.get()));
            line +=
                QStringLiteral(" %1=[%2]").arg(relationship->name, children.join(QLatin1Char(',')));
        }
        lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

/// "" when equal, else the first line that differs in both texts (for readable failures).
inline QString firstDifference(const QString &actual, const QString &expected) {
    const QStringList a = actual.split(QLatin1Char('\n'));
    const QStringList e = expected.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < qMax(a.size(), e.size()); ++i) {
        const QString left = a.value(i), right = e.value(i);
        if (left != right)
            return QStringLiteral("line %1 differs:\n  actual:   %2\n  expected: %3")
                .arg(i)
                .arg(left, right);
    }
    return {};
}

// --- The fixture ---------------------------------------------------------------------------------

/// A small library with every kind of delete effect, committed:
///   Stephen King: It (borrowed by Andy; reviewed by Andy 5)
///   Michael Crichton: Jurassic Park (borrowed by Buzz; reviewed by Buzz 4),
///                     The Andromeda Strain (borrowed by Cat; reviewed by Andy 3)
///   users Andy, Buzz, Cat (Cat has borrowed a book and written no review)
struct SmallLibrary {
    std::shared_ptr<Author> king, crichton;
    std::shared_ptr<Book> it, jurassicPark, andromeda;
    std::shared_ptr<User> andy, buzz, cat;
    std::shared_ptr<Review> itByAndy, jurassicParkByBuzz, andromedaByAndy;

    RecordList all() const {
        return {king, crichton, it,       jurassicPark,       andromeda,      andy,
                buzz, cat,      itByAndy, jurassicParkByBuzz, andromedaByAndy};
    }
};

/// How the children of the parents/children schema of parentChildMetadata() are tied to their
/// parent.
enum class ChildLink {
    Passive,    ///< Parent.children cascades all, with passive deletes: left to the database
    OrmDeletes, ///< Parent.children cascades all: the ORM loads and deletes the children first
    OrmNulls,   ///< Parent.children is save-update on a nullable key: the ORM sets it to NULL first
    None,       ///< no relationship: only the foreign key knows
};

/// parents(id, name) ← children(id, name, parent_id REFERENCES parents ON DELETE `action`), the
/// key NOT NULL unless the link nulls it or the action is SET NULL.
inline std::unique_ptr<orm::Metadata> parentChildMetadata(orm::OnDelete action, ChildLink link) {
    auto metadata = std::make_unique<orm::Metadata>();
    const auto plainRecord = [](const orm::Table *table) {
        return std::make_shared<orm::Record>(table);
    };
    orm::Table &parents = metadata->addTable(QStringLiteral("parents"), QStringLiteral("Parent"));
    parents.addColumn(orm::Column::key());
    parents.addColumn(orm::Column::text(QStringLiteral("name")).notNull());
    parents.setDisplayColumn(QStringLiteral("name"));
    parents.setFactory(plainRecord);
    orm::Table &children = metadata->addTable(QStringLiteral("children"), QStringLiteral("Child"));
    children.addColumn(orm::Column::key());
    children.addColumn(orm::Column::text(QStringLiteral("name")).notNull());
    orm::Column parentId = orm::Column::integer(QStringLiteral("parent_id"));
    if (link != ChildLink::OrmNulls && action != orm::OnDelete::SetNull)
        parentId.notNull();
    children.addColumn(parentId);
    children.addForeignKey(QStringLiteral("parent_id"), QStringLiteral("parents"), action);
    children.setDisplayColumn(QStringLiteral("name"));
    children.setFactory(plainRecord);
    if (link != ChildLink::None) {
        const bool deletes = link == ChildLink::Passive || link == ChildLink::OrmDeletes;
        orm::Relationship &relationship = metadata->addRelationship(
            QStringLiteral("parents"), QStringLiteral("children"), QStringLiteral("children"),
            QStringLiteral("parent_id"), QStringLiteral("parent"),
            deletes ? orm::Cascade(orm::CascadeFlag::All)
                    : orm::Cascade(orm::CascadeFlag::SaveUpdate));
        relationship.passiveDeletes =
            link == ChildLink::Passive ||
            (link == ChildLink::OrmNulls && action == orm::OnDelete::SetNull);
    }
    metadata->finalize();
    return metadata;
}

/// The parents/children schema for passive deletes: parent_id NOT NULL REFERENCES parents ON
/// DELETE CASCADE (or `action`), with Parent.children cascading all and `passiveDeletes`.
inline std::unique_ptr<orm::Metadata>
passiveDeleteMetadata(orm::OnDelete action = orm::OnDelete::Cascade) {
    return parentChildMetadata(action, ChildLink::Passive);
}

/// A fresh database with the library schema and a session over it. Declare it in a test (or hold
/// it in a unique_ptr from init() to cleanup()); the session dies before the database.
class LibraryFixture {
public:
    /// Opens the database, creates the session and runs createAll() (unless `createSchema` is
    /// false).
    bool open(QString *error, bool createSchema = true) {
        if (!db.open()) {
            *error = db.errorString();
            return false;
        }
        session = std::make_unique<orm::Session>(db.connection(), library::metadata());
        if (!session->isValid()) {
            *error = session->lastError().fullText();
            return false;
        }
        if (createSchema && !session->createAll()) {
            *error = QStringLiteral("createAll failed: ") + session->lastError().fullText();
            return false;
        }
        if (!db.independent().isOpen()) {
            *error = db.errorString();
            return false;
        }
        recorder.attach(*session);
        return true;
    }

    /// A second session on its own connection, with nothing loaded ("the next run of the app").
    std::unique_ptr<orm::Session> freshSession() {
        return std::make_unique<orm::Session>(db.newConnection(), library::metadata());
    }

    QString state(const RecordPtr &record) const { return str(session->state(record)); }

    qint64 count(const QString &table) {
        return db.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toLongLong();
    }
    /// One column of one row, read through the independent connection.
    QVariant cell(const QString &table, const QString &column, const QVariant &id) {
        return db.scalar(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(column, table), {id});
    }
    bool rowExists(const QString &table, const QVariant &id) {
        return db.scalar(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE id = ?").arg(table), {id})
                   .toLongLong() == 1;
    }
    /// Every row of every table, rendered "id|col|col…" and sorted by id, per table.
    QMap<QString, QStringList> dump() {
        QMap<QString, QStringList> result;
        for (const orm::Table *table : library::metadata().tables()) {
            QStringList columns;
            for (const orm::Column &column : table->columns())
                columns.append(column.name);
            QStringList rendered;
            const QList<QVariantList> rows =
                db.rows(QStringLiteral("SELECT %1 FROM %2 ORDER BY id")
                            .arg(columns.join(QStringLiteral(", ")), table->name()));
            for (const QVariantList &row : rows) {
                QStringList cells;
                for (const QVariant &value : row)
                    cells.append(render(value));
                rendered.append(cells.join(QLatin1Char('|')));
            }
            result.insert(table->name(), rendered);
        }
        return result;
    }

    /// Every row of every table by id: table → id → cells (rendered, by column index).
    QMap<QString, QMap<qint64, QStringList>> rowsById() {
        QMap<QString, QMap<qint64, QStringList>> result;
        const QMap<QString, QStringList> all = dump();
        for (auto table = all.cbegin(); table != all.cend(); ++table) {
            QMap<qint64, QStringList> rows;
            for (const QString &row : table.value()) {
                const QStringList cells = row.split(QLatin1Char('|'));
                rows.insert(cells.first().toLongLong(), cells);
            }
            result.insert(table.key(), rows);
        }
        return result;
    }

    /// Stages and commits the SmallLibrary.
    bool commitSmallLibrary(SmallLibrary *lib, QString *error) {
        lib->andy = User::create(QStringLiteral("Andy"));
        lib->buzz = User::create(QStringLiteral("Buzz"));
        lib->cat = User::create(QStringLiteral("Cat"));
        lib->king = Author::create(QStringLiteral("Stephen King"));
        lib->it = Book::create(QStringLiteral("It"), lib->king);
        lib->jurassicPark = Book::create(QStringLiteral("Jurassic Park"));
        lib->andromeda = Book::create(QStringLiteral("The Andromeda Strain"));
        lib->crichton =
            Author::create(QStringLiteral("Michael Crichton"), {lib->jurassicPark, lib->andromeda});
        lib->it->setBorrower(lib->andy);
        lib->jurassicPark->setBorrower(lib->buzz);
        lib->andromeda->setBorrower(lib->cat);
        lib->itByAndy = Review::create(lib->it, lib->andy, 5, QStringLiteral("Scary"));
        lib->jurassicParkByBuzz = Review::create(lib->jurassicPark, lib->buzz, 4);
        lib->andromedaByAndy = Review::create(lib->andromeda, lib->andy, 3);
        session->addAll({lib->andy, lib->buzz, lib->cat, lib->king, lib->crichton});
        session->addAll({lib->itByAndy, lib->jurassicParkByBuzz, lib->andromedaByAndy});
        if (!session->commit()) {
            *error = session->lastError().fullText();
            return false;
        }
        recorder.clear();
        return true;
    }

    TestDatabase db;
    std::unique_ptr<orm::Session> session;
    StatementRecorder recorder;
};

} // namespace shelftest

/// Opens a LibraryFixture named `f` or fails the test.
#define SHELF_OPEN_FIXTURE(f)                                                                      \
    shelftest::LibraryFixture f;                                                                   \
    {                                                                                              \
        QString openError;                                                                         \
        QVERIFY2(f.open(&openError), qPrintable(openError));                                       \
    }

/// Opens a LibraryFixture `f` with the SmallLibrary `lib` committed, or fails the test.
#define SHELF_OPEN_SMALL_LIBRARY(f, lib)                                                           \
    SHELF_OPEN_FIXTURE(f)                                                                          \
    shelftest::SmallLibrary lib;                                                                   \
    {                                                                                              \
        QString seedError;                                                                         \
        QVERIFY2(f.commitSmallLibrary(&lib, &seedError), qPrintable(seedError));                   \
    }
