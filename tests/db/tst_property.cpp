// A property test of the session contract (DESIGN.md §2, rules 1–10 together): random sequences
// of add / rename / move / orphan / lend / remove / commit / rollback / flush / failing commit on
// the library domain (authors, books, users), each step checked against a small in-memory reference
// model of what the records and the database must hold.
//
// Deterministic: every sequence has its own seed, printed on failure with the environment that
// replays it alone. Environment:
//   SHELF_PROPERTY_SEED       base seed (default 20261123); sequence i uses seed + i
//   SHELF_PROPERTY_SEQUENCES  number of sequences (default 300)
//   SHELF_PROPERTY_STEPS      steps per sequence (default 15)

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <functional>
#include <vector>

using namespace shelftest;

namespace {

#define PROPERTY_CHECK(condition, message)                                                         \
    do {                                                                                           \
        if (!(condition))                                                                          \
            return QString(message);                                                               \
    } while (false)

enum class Kind { Author, Book, User };

/// One record as the reference model sees it.
struct Entity {
    Kind kind = Kind::Author;
    RecordPtr record;
    bool alive = true;       ///< in the session (pending or persistent)
    bool persistent = false; ///< its row is committed
    bool marked = false;     ///< marked for delete (explicitly or by cascade)
    QString name;            ///< staged name or title
    int author = -1;         ///< books: staged author (entity index); -1: none (an orphan)
    int borrower = -1;       ///< books: staged borrower (entity index)
    QString committedName;
    int committedAuthor = -1;
    int committedBorrower = -1;
    qint64 id = 0;                                  ///< the key, once committed
    ObjectState deadState = ObjectState::Transient; ///< what a record no longer alive must be
};

int nameColumn(Kind kind) {
    return kind == Kind::Book ? Book::TitleColumn : Author::NameColumn; // users: same index
}

QString kindName(Kind kind) {
    switch (kind) {
    case Kind::Author:
        return QStringLiteral("author");
    case Kind::Book:
        return QStringLiteral("book");
    case Kind::User:
        return QStringLiteral("user");
    }
    return {};
}

class PropertyRun {
public:
    PropertyRun(LibraryFixture &fixture, quint32 seed)
        : m_f(fixture)
        , m_random(seed) {}

    /// Runs `steps` random steps; returns an empty string or what went wrong.
    QString run(int steps) {
        for (int step = 0; step < steps; ++step) {
            const QString error = runStep();
            if (!error.isEmpty())
                return QStringLiteral("step %1: %2").arg(step).arg(error);
            const QString mismatch = checkAll();
            if (!mismatch.isEmpty())
                return QStringLiteral("after step %1 (%2): %3")
                    .arg(step)
                    .arg(m_trace.last(), mismatch);
        }
        return {};
    }

    QStringList trace() const { return m_trace; }

private:
    // --- Helpers -------------------------------------------------------------------------------

    QString freshName(const char *prefix) {
        return QStringLiteral("%1 %2").arg(QLatin1String(prefix)).arg(++m_names);
    }
    QString label(int index) const {
        const Entity &e = m_entities.at(index);
        return QStringLiteral("%1#%2 '%3'").arg(kindName(e.kind)).arg(index).arg(e.name);
    }
    std::shared_ptr<Author> author(int index) const {
        return std::static_pointer_cast<Author>(m_entities.at(index).record);
    }
    std::shared_ptr<Book> book(int index) const {
        return std::static_pointer_cast<Book>(m_entities.at(index).record);
    }
    std::shared_ptr<User> user(int index) const {
        return std::static_pointer_cast<User>(m_entities.at(index).record);
    }

    /// Alive, unmarked entities matching the filter.
    QList<int> pick(const std::function<bool(const Entity &)> &filter) const {
        QList<int> result;
        for (int i = 0; i < int(m_entities.size()); ++i)
            if (m_entities[i].alive && !m_entities[i].marked && filter(m_entities[i]))
                result.append(i);
        return result;
    }
    int any(const QList<int> &candidates) {
        return candidates.at(int(m_random.bounded(quint32(candidates.size()))));
    }

    int addEntity(Kind kind, const RecordPtr &record, const QString &name) {
        Entity entity;
        entity.kind = kind;
        entity.record = record;
        entity.name = name;
        m_entities.push_back(entity);
        return int(m_entities.size()) - 1;
    }

    // --- Steps ---------------------------------------------------------------------------------

    QString runStep() {
        struct Op {
            int weight;
            QString (PropertyRun::*run)();
        };
        static const Op ops[] = {
            {10, &PropertyRun::addAuthor},      {10, &PropertyRun::addBook},
            {6, &PropertyRun::addUser},         {14, &PropertyRun::rename},
            {10, &PropertyRun::move},           {6, &PropertyRun::orphan},
            {10, &PropertyRun::lend},           {10, &PropertyRun::removePersistent},
            {4, &PropertyRun::removePending},   {12, &PropertyRun::commit},
            {5, &PropertyRun::rollback},        {4, &PropertyRun::failingCommit},
            {3, &PropertyRun::flushThenCommit}, {3, &PropertyRun::flushThenRollback},
        };
        int total = 0;
        for (const Op &op : ops)
            total += op.weight;
        // Ops whose precondition fails return "skip"; try again with another draw.
        for (int attempt = 0; attempt < 50; ++attempt) {
            int draw = int(m_random.bounded(quint32(total)));
            for (const Op &op : ops) {
                if (draw < op.weight) {
                    const QString result = (this->*op.run)();
                    if (result != QLatin1String("skip"))
                        return result;
                    break;
                }
                draw -= op.weight;
            }
        }
        return {};
    }

    QString addAuthor() {
        const QString name = freshName("Author");
        QList<std::shared_ptr<Book>> books;
        QStringList titles;
        const int count = int(m_random.bounded(3u));
        for (int i = 0; i < count; ++i) {
            titles.append(freshName("Book"));
            books.append(Book::create(titles.last()));
        }
        auto created = Author::create(name, books);
        m_f.session->add(created);
        const int a = addEntity(Kind::Author, created, name);
        for (int i = 0; i < count; ++i)
            m_entities[addEntity(Kind::Book, books.at(i), titles.at(i))].author = a;
        m_trace.append(QStringLiteral("add %1 with %2 books").arg(label(a)).arg(count));
        return {};
    }

    QString addBook() {
        const QList<int> authors = pick([](const Entity &e) { return e.kind == Kind::Author; });
        if (authors.isEmpty())
            return QStringLiteral("skip");
        const int a = any(authors);
        const QString title = freshName("Book");
        std::shared_ptr<Book> created;
        const bool viaCollection = m_random.bounded(2u) == 0;
        if (viaCollection) {
            created = Book::create(title);
            PROPERTY_CHECK(author(a)->books().append(created), QStringLiteral("append refused"));
        } else {
            created = Book::create(title, author(a));
            m_f.session->add(created);
        }
        const int b = addEntity(Kind::Book, created, title);
        m_entities[b].author = a;
        m_trace.append(QStringLiteral("add %1 to %2 %3")
                           .arg(label(b), label(a),
                                viaCollection ? QStringLiteral("(append)")
                                              : QStringLiteral("(create + add)")));
        return {};
    }

    QString addUser() {
        const QString name = freshName("User");
        auto created = User::create(name);
        m_f.session->add(created);
        const int u = addEntity(Kind::User, created, name);
        m_trace.append(QStringLiteral("add %1").arg(label(u)));
        return {};
    }

    QString rename() {
        const QList<int> candidates = pick([](const Entity &) { return true; });
        if (candidates.isEmpty())
            return QStringLiteral("skip");
        const int i = any(candidates);
        Entity &e = m_entities[i];
        // Sometimes back to the committed value or to the same value: no change at all
        const quint32 roll = m_random.bounded(10u);
        QString name = freshName("Renamed");
        if (roll == 0)
            name = e.name;
        else if (roll == 1 && e.persistent)
            name = e.committedName;
        m_trace.append(QStringLiteral("rename %1 to '%2'").arg(label(i), name));
        PROPERTY_CHECK(e.record->setValue(nameColumn(e.kind), name),
                       QStringLiteral("setValue refused"));
        e.name = name;
        return {};
    }

    QString move() {
        const QList<int> books = pick([](const Entity &e) { return e.kind == Kind::Book; });
        if (books.isEmpty())
            return QStringLiteral("skip");
        const int b = any(books);
        const int current = m_entities[b].author;
        const QList<int> authors = pick([&](const Entity &e) {
            return e.kind == Kind::Author && (current < 0 || &e != &m_entities[current]);
        });
        if (authors.isEmpty())
            return QStringLiteral("skip");
        const int a = any(authors);
        const bool viaCollection = m_random.bounded(2u) == 0;
        m_trace.append(
            QStringLiteral("move %1 to %2 %3")
                .arg(label(b), label(a),
                     viaCollection ? QStringLiteral("(append)") : QStringLiteral("(setAuthor)")));
        if (viaCollection)
            PROPERTY_CHECK(author(a)->books().append(book(b)), QStringLiteral("append refused"));
        else
            PROPERTY_CHECK(book(b)->setAuthor(author(a)), QStringLiteral("setAuthor refused"));
        m_entities[b].author = a;
        return {};
    }

    QString orphan() {
        const QList<int> books = pick(
            [](const Entity &e) { return e.kind == Kind::Book && e.persistent && e.author >= 0; });
        if (books.isEmpty())
            return QStringLiteral("skip");
        const int b = any(books);
        const int a = m_entities[b].author;
        m_trace.append(
            QStringLiteral("remove %1 from %2's books (orphan)").arg(label(b), label(a)));
        PROPERTY_CHECK(author(a)->books().remove(book(b)),
                       QStringLiteral("remove from collection refused"));
        m_entities[b].author = -1;
        return {};
    }

    QString lend() {
        const QList<int> books = pick([](const Entity &e) { return e.kind == Kind::Book; });
        if (books.isEmpty())
            return QStringLiteral("skip");
        const int b = any(books);
        const QList<int> users = pick([](const Entity &e) { return e.kind == Kind::User; });
        const int u = users.isEmpty() || m_random.bounded(4u) == 0 ? -1 : any(users);
        m_trace.append(QStringLiteral("lend %1 to %2")
                           .arg(label(b), u < 0 ? QStringLiteral("nobody") : label(u)));
        PROPERTY_CHECK(book(b)->setBorrower(u < 0 ? nullptr : user(u)),
                       QStringLiteral("setBorrower refused"));
        m_entities[b].borrower = u;
        return {};
    }

    QString removePersistent() {
        const QList<int> candidates = pick([&](const Entity &e) {
            if (!e.persistent)
                return false;
            if (e.kind != Kind::User)
                return true;
            // Leave out users whose NULLing would meet a staged borrowing (not pinned here)
            const int u = int(&e - m_entities.data());
            for (const Entity &other : m_entities)
                if (other.alive && other.kind == Kind::Book &&
                    (other.borrower == u) != (other.committedBorrower == u && other.persistent))
                    return false;
            return true;
        });
        if (candidates.isEmpty())
            return QStringLiteral("skip");
        const int i = any(candidates);
        m_trace.append(QStringLiteral("remove %1").arg(label(i)));
        PROPERTY_CHECK(m_f.session->remove(m_entities[i].record),
                       QStringLiteral("remove failed: ") + m_f.session->lastError().fullText());
        m_entities[i].marked = true;
        if (m_entities[i].kind == Kind::Author) {
            for (int b = 0; b < int(m_entities.size()); ++b) {
                Entity &child = m_entities[b];
                if (!child.alive || child.kind != Kind::Book || child.author != i)
                    continue;
                if (child.persistent) {
                    child.marked = true;
                } else { // ★ a pending child of a deleted parent is discarded
                    child.alive = false;
                    child.deadState = ObjectState::Transient;
                }
            }
        }
        return {};
    }

    QString removePending() {
        const QList<int> books =
            pick([](const Entity &e) { return e.kind == Kind::Book && !e.persistent; });
        if (books.isEmpty())
            return QStringLiteral("skip");
        const int b = any(books);
        m_trace.append(QStringLiteral("remove pending %1").arg(label(b)));
        PROPERTY_CHECK(m_f.session->remove(book(b)),
                       QStringLiteral("remove failed: ") + m_f.session->lastError().fullText());
        m_entities[b].alive = false;
        m_entities[b].deadState = ObjectState::Transient;
        return {};
    }

    /// What a successful commit does to the model.
    void applyCommit() {
        for (int i = 0; i < int(m_entities.size()); ++i) {
            Entity &e = m_entities[i];
            if (!e.alive)
                continue;
            const bool orphan = e.kind == Kind::Book && e.author < 0;
            if (e.marked || orphan) {
                e.alive = false;
                e.deadState = ObjectState::Detached;
                if (e.kind == Kind::User)
                    for (Entity &b : m_entities)
                        if (b.kind == Kind::Book && b.borrower == i) {
                            b.borrower = -1;
                            b.committedBorrower = -1;
                        }
            }
        }
        for (Entity &e : m_entities) {
            if (!e.alive)
                continue;
            if (!e.persistent)
                e.id = e.record->id().toLongLong();
            e.persistent = true;
            e.committedName = e.name;
            e.committedAuthor = e.author;
            e.committedBorrower = e.borrower;
        }
    }

    /// What rollback does to the model.
    void applyRollback() {
        for (Entity &e : m_entities) {
            if (!e.alive)
                continue;
            if (!e.persistent) {
                e.alive = false;
                e.deadState = ObjectState::Transient;
                continue;
            }
            e.marked = false;
            e.name = e.committedName;
            e.author = e.committedAuthor;
            e.borrower = e.committedBorrower;
        }
    }

    QString commit() {
        m_trace.append(QStringLiteral("commit"));
        PROPERTY_CHECK(m_f.session->commit(),
                       QStringLiteral("commit failed: ") + m_f.session->lastError().fullText());
        applyCommit();
        return checkIds();
    }

    QString rollback() {
        m_trace.append(QStringLiteral("rollback"));
        m_f.session->rollback();
        applyRollback();
        return {};
    }

    QString failingCommit() {
        const QList<int> candidates =
            pick([](const Entity &e) { return e.kind != Kind::Book || e.author >= 0; });
        if (candidates.isEmpty())
            return QStringLiteral("skip");
        const int i = any(candidates);
        Entity &e = m_entities[i];
        m_trace.append(
            QStringLiteral("set %1's name to NULL, commit (must fail), then fix it").arg(label(i)));
        PROPERTY_CHECK(e.record->setValue(nameColumn(e.kind), QVariant()),
                       QStringLiteral("setValue refused"));
        RecordList records;
        for (const Entity &each : m_entities)
            if (each.alive)
                records.append(each.record);
        const QString memory = memoryOf(*m_f.session, records);
        const auto rows = m_f.dump();

        PROPERTY_CHECK(!m_f.session->commit(), QStringLiteral("commit with a NULL name succeeded"));
        const orm::Error error = m_f.session->lastError();
        PROPERTY_CHECK(error.record == e.record,
                       QStringLiteral("the error names another record: ") + error.fullText());
        PROPERTY_CHECK(error.column == e.record->table().column(nameColumn(e.kind)).name,
                       QStringLiteral("the error names column '%1'").arg(error.column));
        const QString difference = firstDifference(memoryOf(*m_f.session, records), memory);
        PROPERTY_CHECK(difference.isEmpty(),
                       QStringLiteral("memory changed by the failed commit: ") + difference);
        PROPERTY_CHECK(m_f.dump() == rows,
                       QStringLiteral("the failed commit changed the database"));

        const QString fixed = freshName("Fixed");
        PROPERTY_CHECK(e.record->setValue(nameColumn(e.kind), fixed),
                       QStringLiteral("setValue refused"));
        e.name = fixed;
        return {};
    }

    /// After a flush: keys assigned, deletes flushed, nothing visible to other connections.
    QString checkFlushed() {
        for (const Entity &e : m_entities) {
            if (!e.alive)
                continue;
            const bool deleted = e.marked || (e.kind == Kind::Book && e.author < 0);
            const QString state = str(m_f.session->state(e.record));
            PROPERTY_CHECK(state == str(deleted ? ObjectState::Deleted : ObjectState::Persistent),
                           QStringLiteral("after flush %1 is %2").arg(e.name, state));
            PROPERTY_CHECK(deleted || !e.record->id().isNull(),
                           QStringLiteral("after flush %1 has no key").arg(e.name));
        }
        return checkDatabase();
    }

    QString flushThenCommit() {
        m_trace.append(QStringLiteral("flush, then commit"));
        PROPERTY_CHECK(m_f.session->flush(),
                       QStringLiteral("flush failed: ") + m_f.session->lastError().fullText());
        const QString flushed = checkFlushed();
        if (!flushed.isEmpty())
            return flushed;
        PROPERTY_CHECK(m_f.session->commit(),
                       QStringLiteral("commit failed: ") + m_f.session->lastError().fullText());
        applyCommit();
        return checkIds();
    }

    QString flushThenRollback() {
        m_trace.append(QStringLiteral("flush, then rollback"));
        PROPERTY_CHECK(m_f.session->flush(),
                       QStringLiteral("flush failed: ") + m_f.session->lastError().fullText());
        const QString flushed = checkFlushed();
        if (!flushed.isEmpty())
            return flushed;
        m_f.session->rollback();
        applyRollback();
        return {};
    }

    // --- Checks --------------------------------------------------------------------------------

    QString checkIds() {
        QSet<QPair<int, qint64>> seen;
        for (const Entity &e : m_entities) {
            if (!e.alive)
                continue;
            PROPERTY_CHECK(e.id > 0, QStringLiteral("%1 has no key after commit").arg(e.name));
            const QPair<int, qint64> key{int(e.kind), e.id};
            PROPERTY_CHECK(!seen.contains(key), QStringLiteral("key %1 used twice").arg(e.id));
            seen.insert(key);
        }
        return {};
    }

    QString checkAll() {
        bool expectChanges = false;
        for (int i = 0; i < int(m_entities.size()); ++i) {
            const Entity &e = m_entities[i];
            const QString state = str(m_f.session->state(e.record));
            if (!e.alive) {
                PROPERTY_CHECK(
                    state == str(e.deadState),
                    QStringLiteral("%1 is %2, expected %3").arg(label(i), state, str(e.deadState)));
                PROPERTY_CHECK(!m_f.session->contains(e.record),
                               QStringLiteral("%1 is still in the session").arg(label(i)));
                continue;
            }
            const QString expectedState =
                str(e.persistent ? ObjectState::Persistent : ObjectState::Pending);
            PROPERTY_CHECK(
                state == expectedState,
                QStringLiteral("%1 is %2, expected %3").arg(label(i), state, expectedState));
            PROPERTY_CHECK(e.record->isMarkedForDelete() == e.marked,
                           QStringLiteral("%1 marked for delete: %2")
                               .arg(label(i))
                               .arg(e.record->isMarkedForDelete()));
            PROPERTY_CHECK(e.record->value(nameColumn(e.kind)).toString() == e.name,
                           QStringLiteral("%1 holds '%2'")
                               .arg(label(i), e.record->value(nameColumn(e.kind)).toString()));
            if (e.persistent)
                PROPERTY_CHECK(e.record->id().toLongLong() == e.id,
                               QStringLiteral("%1 has key %2, expected %3")
                                   .arg(label(i))
                                   .arg(e.record->id().toLongLong())
                                   .arg(e.id));
            else
                PROPERTY_CHECK(e.record->id().isNull(),
                               QStringLiteral("pending %1 has a key").arg(label(i)));

            if (e.kind == Kind::Book) {
                const RecordPtr expectedAuthor =
                    e.author < 0 ? nullptr : m_entities[e.author].record;
                PROPERTY_CHECK(book(i)->author() == expectedAuthor,
                               QStringLiteral("%1 has another author").arg(label(i)));
                const RecordPtr expectedBorrower =
                    e.borrower < 0 ? nullptr : m_entities[e.borrower].record;
                PROPERTY_CHECK(book(i)->borrower() == expectedBorrower,
                               QStringLiteral("%1 has another borrower").arg(label(i)));
            } else {
                QSet<orm::Record *> expected;
                for (const Entity &b : m_entities)
                    if (b.alive && b.kind == Kind::Book &&
                        (e.kind == Kind::Author ? b.author : b.borrower) == i)
                        expected.insert(b.record.get());
                QSet<orm::Record *> actual;
                const auto children = e.kind == Kind::Author ? author(i)->books().toList()
                                                             : user(i)->borrowed().toList();
                for (const auto &child : children)
                    actual.insert(child.get());
                PROPERTY_CHECK(actual == expected,
                               QStringLiteral("%1's %2 hold %3 records, expected %4")
                                   .arg(label(i), e.kind == Kind::Author
                                                      ? QStringLiteral("books")
                                                      : QStringLiteral("borrowed"))
                                   .arg(actual.size())
                                   .arg(expected.size()));
            }
            expectChanges |= !e.persistent || e.marked || e.name != e.committedName ||
                             e.author != e.committedAuthor || e.borrower != e.committedBorrower;
        }
        PROPERTY_CHECK(m_f.session->hasChanges() == expectChanges,
                       QStringLiteral("hasChanges() is %1").arg(m_f.session->hasChanges()));
        return checkDatabase();
    }

    /// The database holds exactly the committed model.
    QString checkDatabase() {
        QMap<QString, QStringList> expected;
        QMap<qint64, QString> authors, books, users;
        for (const Entity &e : m_entities) {
            if (!e.alive || !e.persistent)
                continue;
            const QString id = QString::number(e.id);
            switch (e.kind) {
            case Kind::Author:
                authors.insert(e.id, id + QLatin1Char('|') + e.committedName);
                break;
            case Kind::User:
                users.insert(e.id, id + QLatin1Char('|') + e.committedName);
                break;
            case Kind::Book:
                books.insert(e.id,
                             QStringList{id, e.committedName,
                                         e.committedAuthor < 0
                                             ? QStringLiteral("NULL")
                                             : QString::number(m_entities[e.committedAuthor].id),
                                         e.committedBorrower < 0
                                             ? QStringLiteral("NULL")
                                             : QString::number(m_entities[e.committedBorrower].id)}
                                 .join(QLatin1Char('|')));
                break;
            }
        }
        expected.insert(QStringLiteral("authors"), authors.values());
        expected.insert(QStringLiteral("books"), books.values());
        expected.insert(QStringLiteral("users"), users.values());
        expected.insert(QStringLiteral("reviews"), {});
        const QMap<QString, QStringList> actual = m_f.dump();
        for (auto table = expected.cbegin(); table != expected.cend(); ++table)
            PROPERTY_CHECK(actual.value(table.key()) == table.value(),
                           QStringLiteral("table %1 holds [%2], expected [%3]")
                               .arg(table.key(),
                                    actual.value(table.key()).join(QStringLiteral("; ")),
                                    table.value().join(QStringLiteral("; "))));
        return {};
    }

    LibraryFixture &m_f;
    QRandomGenerator m_random;
    std::vector<Entity> m_entities;
    QStringList m_trace;
    int m_names = 0;
};

int environmentNumber(const char *name, int fallback) {
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

class TestProperty : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldKeepSessionAndDatabaseInStepWithReferenceModel();
};

void TestProperty::shouldKeepSessionAndDatabaseInStepWithReferenceModel() {
    const quint32 base = quint32(environmentNumber("SHELF_PROPERTY_SEED", 20261123));
    const int sequences = environmentNumber("SHELF_PROPERTY_SEQUENCES", 300);
    const int steps = environmentNumber("SHELF_PROPERTY_STEPS", 15);
    qInfo("property test: %d sequences of %d steps from seed %u on %s", sequences, steps, base,
          qPrintable(backendName()));

    for (int sequence = 0; sequence < sequences; ++sequence) {
        // Given a fresh database and session
        const quint32 seed = base + quint32(sequence);
        SHELF_OPEN_FIXTURE(f)

        // When a random sequence of steps runs
        PropertyRun run(f, seed);
        const QString error = run.run(steps);

        // Then after every step the records and the database match the reference model
        if (!error.isEmpty()) {
            // QTest truncates long messages: print the whole replay recipe first
            qWarning("%s",
                     qPrintable(QStringLiteral("%1\nreplay: SHELF_PROPERTY_SEED=%2 "
                                               "SHELF_PROPERTY_SEQUENCES=1 SHELF_PROPERTY_STEPS=%3 "
                                               "SHELF_TEST_BACKEND=%4\nsteps:\n  %5")
                                    .arg(error)
                                    .arg(seed)
                                    .arg(steps)
                                    .arg(backendName(), run.trace().join(QStringLiteral("\n  ")))));
            QFAIL(qPrintable(
                QStringLiteral("sequence with seed %1 failed: %2").arg(seed).arg(error)));
        }
    }
}

QTEST_GUILESS_MAIN(TestProperty)
#include "tst_property.moc"
