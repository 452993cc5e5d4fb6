// A property test of the session contract (docs/contract.md §2, rules 1–10 together): random
// sequences of add / rename / move / orphan / lend / review / remove / commit / rollback / flush /
// failing commit / blocked delete on the library domain (authors, books, users, reviews), each step
// checked against a small in-memory reference model of what the records and the database must hold.
//
// Deterministic: every sequence has its own seed, printed on failure with the environment that
// replays it alone. Environment:
//   SHELF_PROPERTY_SEED       base seed (default 20261123); sequence i uses seed + i
//   SHELF_PROPERTY_SEQUENCES  number of sequences (default 2000)
//   SHELF_PROPERTY_STEPS      steps per sequence (default 20)
//
// Cost: the sequences share one database, emptied (keys restarting at 1) before each one under a
// new session — a new PostgreSQL schema per sequence was half of the run — and SQLite does not sync
// to disk at each commit (durability is not what this test checks; fsyncs were nearly all of its
// run).

#include "libraryfixture.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
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

enum class Kind { Author, Book, User, Review };

/// One record as the reference model sees it.
struct Entity {
    Kind kind = Kind::Author;
    RecordPtr record;
    bool alive = true;       ///< in the session (pending or persistent)
    bool persistent = false; ///< its row is committed
    bool marked = false;     ///< marked for delete (explicitly or by cascade)
    QString name;            ///< staged name, title or review text
    int author = -1;         ///< books: staged author (entity index); -1: none (an orphan)
    int borrower = -1;       ///< books: staged borrower (entity index)
    int book = -1;           ///< reviews: the book (entity index; never changes here)
    int user = -1;           ///< reviews: the user (entity index; never changes here)
    int rating = 0;          ///< reviews: staged rating
    QString committedName;
    int committedAuthor = -1;
    int committedBorrower = -1;
    int committedRating = 0;
    qint64 id = 0;                                  ///< the key, once committed
    ObjectState deadState = ObjectState::Transient; ///< what a record no longer alive must be
};

int nameColumn(Kind kind) {
    switch (kind) {
    case Kind::Book:
        return Book::TitleColumn;
    case Kind::Review:
        return Review::TextColumn;
    default:
        return Author::NameColumn; // users: the same index
    }
}

QString kindName(Kind kind) {
    switch (kind) {
    case Kind::Author:
        return QStringLiteral("author");
    case Kind::Book:
        return QStringLiteral("book");
    case Kind::User:
        return QStringLiteral("user");
    case Kind::Review:
        return QStringLiteral("review");
    }
    return {};
}

class PropertyRun {
public:
    PropertyRun(LibraryFixture &fixture, quint32 seed, QMap<QString, int> &histogram)
        : m_f(fixture)
        , m_random(seed)
        , m_histogram(histogram) {}

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
    std::shared_ptr<Review> review(int index) const {
        return std::static_pointer_cast<Review>(m_entities.at(index).record);
    }
    bool isOrphan(const Entity &e) const { return e.kind == Kind::Book && e.author < 0; }
    /// Alive reviews (marked or not) of a book or by a user.
    QList<int> reviewsOf(int index) const {
        QList<int> result;
        for (int r = 0; r < int(m_entities.size()); ++r) {
            const Entity &e = m_entities[r];
            if (e.alive && e.kind == Kind::Review && (e.book == index || e.user == index))
                result.append(r);
        }
        return result;
    }
    int indexOf(const Entity &e) const { return int(&e - m_entities.data()); }
    /// A pending record leaves the session (★ discarded), and so do its pending reviews.
    void discard(int index) {
        m_entities[index].alive = false;
        m_entities[index].deadState = ObjectState::Transient;
        for (int r : reviewsOf(index))
            discard(r);
    }
    /// remove() of a persistent record: marks it, cascades `delete` to books and reviews, and
    /// discards pending children (★).
    void markForDelete(int index) {
        Entity &e = m_entities[index];
        e.marked = true;
        QList<int> children;
        if (e.kind == Kind::Author) {
            for (int b = 0; b < int(m_entities.size()); ++b)
                if (m_entities[b].alive && m_entities[b].kind == Kind::Book &&
                    m_entities[b].author == index)
                    children.append(b);
        } else if (e.kind == Kind::Book) {
            for (int r : reviewsOf(index))
                if (m_entities[r].book == index)
                    children.append(r);
        }
        for (int child : children) {
            if (m_entities[child].persistent)
                markForDelete(child);
            else
                discard(child);
        }
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
            const char *name;
            QString (PropertyRun::*run)();
        };
        static const Op ops[] = {
            {10, "add author", &PropertyRun::addAuthor},
            {10, "add book", &PropertyRun::addBook},
            {6, "add user", &PropertyRun::addUser},
            {16, "add review", &PropertyRun::addReview},
            {14, "rename", &PropertyRun::rename},
            {6, "rate", &PropertyRun::rate},
            {10, "move", &PropertyRun::move},
            {6, "orphan", &PropertyRun::orphan},
            {10, "lend", &PropertyRun::lend},
            {10, "remove persistent", &PropertyRun::removePersistent},
            {4, "remove pending", &PropertyRun::removePending},
            {12, "commit", &PropertyRun::commit},
            {5, "reload", &PropertyRun::reload},
            {5, "rollback", &PropertyRun::rollback},
            {4, "failing commit", &PropertyRun::failingCommit},
            {8, "blocked delete", &PropertyRun::blockedDelete},
            {3, "flush, commit", &PropertyRun::flushThenCommit},
            {3, "flush, rollback", &PropertyRun::flushThenRollback},
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
                    if (result != QLatin1String("skip")) {
                        ++m_histogram[QLatin1String(op.name)];
                        return result;
                    }
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
        // (a pending review of an orphan is left out: not pinned by the contract)
        const QList<int> books = pick([&](const Entity &e) {
            if (e.kind != Kind::Book || !e.persistent || e.author < 0)
                return false;
            for (int r : reviewsOf(indexOf(e)))
                if (!m_entities[r].persistent)
                    return false;
            return true;
        });
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

    /// Users whose delete would meet a staged borrowing (not pinned here) are left out.
    bool borrowingsSettled(int u) const {
        for (const Entity &other : m_entities)
            if (other.alive && other.kind == Kind::Book &&
                (other.borrower == u) != (other.committedBorrower == u && other.persistent))
                return false;
        return true;
    }

    QString removePersistent() {
        const QList<int> candidates = pick([&](const Entity &e) {
            if (!e.persistent)
                return false;
            if (e.kind != Kind::User)
                return true;
            return borrowingsSettled(indexOf(e)) && reviewsOf(indexOf(e)).isEmpty();
        });
        if (candidates.isEmpty())
            return QStringLiteral("skip");
        const int i = any(candidates);
        m_trace.append(QStringLiteral("remove %1").arg(label(i)));
        PROPERTY_CHECK(m_f.session->remove(m_entities[i].record),
                       QStringLiteral("remove failed: ") + m_f.session->lastError().fullText());
        markForDelete(i);
        return {};
    }

    QString removePending() {
        const QList<int> candidates = pick([](const Entity &e) {
            return (e.kind == Kind::Book || e.kind == Kind::Review) && !e.persistent;
        });
        if (candidates.isEmpty())
            return QStringLiteral("skip");
        const int i = any(candidates);
        m_trace.append(QStringLiteral("remove pending %1").arg(label(i)));
        PROPERTY_CHECK(m_f.session->remove(m_entities[i].record),
                       QStringLiteral("remove failed: ") + m_f.session->lastError().fullText());
        discard(i);
        return {};
    }

    QString addReview() {
        const QList<int> books =
            pick([](const Entity &e) { return e.kind == Kind::Book && e.author >= 0; });
        const QList<int> users = pick([](const Entity &e) { return e.kind == Kind::User; });
        if (books.isEmpty() || users.isEmpty())
            return QStringLiteral("skip");
        const int b = any(books);
        const int u = any(users);
        const int rating = 1 + int(m_random.bounded(5u));
        const QString text = freshName("Review");
        auto created = Review::create(book(b), user(u), rating, text);
        m_f.session->add(created);
        const int r = addEntity(Kind::Review, created, text);
        m_entities[r].book = b;
        m_entities[r].user = u;
        m_entities[r].rating = rating;
        m_trace.append(QStringLiteral("add %1 of %2 by %3, rated %4")
                           .arg(label(r), label(b), label(u))
                           .arg(rating));
        return {};
    }

    QString rate() {
        const QList<int> reviews = pick([](const Entity &e) { return e.kind == Kind::Review; });
        if (reviews.isEmpty())
            return QStringLiteral("skip");
        const int r = any(reviews);
        const int rating = 1 + int(m_random.bounded(5u));
        m_trace.append(QStringLiteral("rate %1 %2").arg(label(r)).arg(rating));
        PROPERTY_CHECK(review(r)->setRating(rating), QStringLiteral("setRating refused"));
        m_entities[r].rating = rating;
        return {};
    }

    /// Removing a user who wrote reviews is blocked (reviews.user_id is NOT NULL): the failed
    /// attempt loses nothing, and rollback then brings back the committed state.
    QString blockedDelete() {
        const QList<int> users = pick([&](const Entity &e) {
            if (e.kind != Kind::User || !e.persistent || !borrowingsSettled(indexOf(e)))
                return false;
            bool blocking = false;
            for (int r : reviewsOf(indexOf(e))) {
                const Entity &written = m_entities[r];
                if (!written.persistent)
                    return false; // a pending review of a deleted user: not pinned here
                const Entity &reviewed = m_entities[written.book];
                blocking |= !written.marked && !reviewed.marked && reviewed.author >= 0;
            }
            return blocking;
        });
        if (users.isEmpty())
            return QStringLiteral("skip");
        const int u = any(users);
        m_trace.append(QStringLiteral("remove %1, who wrote reviews, commit (must be blocked), "
                                      "then roll back")
                           .arg(label(u)));
        RecordList records;
        for (const Entity &each : m_entities)
            if (each.alive)
                records.append(each.record);
        const auto rows = m_f.dump();
        const bool removed = m_f.session->remove(user(u));
        const QString memory = memoryOf(*m_f.session, records);
        const bool committed = removed && m_f.session->commit();
        PROPERTY_CHECK(!committed, QStringLiteral("the delete of a user with reviews committed"));
        const orm::Error error = m_f.session->lastError();
        PROPERTY_CHECK(error.kind == orm::Error::Kind::Blocked,
                       QStringLiteral("expected a blocked delete, got %1: %2")
                           .arg(str(error.kind), error.fullText()));
        const QString difference = firstDifference(memoryOf(*m_f.session, records), memory);
        PROPERTY_CHECK(difference.isEmpty(),
                       QStringLiteral("memory changed by the blocked commit: ") + difference);
        PROPERTY_CHECK(m_f.dump() == rows,
                       QStringLiteral("the blocked commit changed the database"));
        m_f.session->rollback();
        applyRollback();
        return {};
    }

    /// Records a commit deletes: marked ones, orphans, and the reviews of orphans.
    bool deletedAtFlush(const Entity &e) const {
        if (e.marked || isOrphan(e))
            return true;
        return e.kind == Kind::Review && isOrphan(m_entities[e.book]);
    }

    /// What a successful commit does to the model.
    void applyCommit() {
        QList<int> deleted;
        for (int i = 0; i < int(m_entities.size()); ++i)
            if (m_entities[i].alive && deletedAtFlush(m_entities[i]))
                deleted.append(i);
        for (int i : deleted) {
            m_entities[i].alive = false;
            m_entities[i].deadState = ObjectState::Detached;
            if (m_entities[i].kind == Kind::User)
                for (Entity &b : m_entities)
                    if (b.kind == Kind::Book && b.borrower == i) {
                        b.borrower = -1;
                        b.committedBorrower = -1;
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
            e.committedRating = e.rating;
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
            e.rating = e.committedRating;
        }
    }

    QString commit() {
        m_trace.append(QStringLiteral("commit"));
        PROPERTY_CHECK(m_f.session->commit(),
                       QStringLiteral("commit failed: ") + m_f.session->lastError().fullText());
        applyCommit();
        return checkIds();
    }

    /// Commits, then empties the session and loads every record again by key, so that the next
    /// steps meet unloaded collections and parents (lazy loading, merges with staged changes).
    QString reload() {
        const QString committed = commit();
        if (!committed.isEmpty())
            return committed;
        m_trace.last() = QStringLiteral("commit, expunge everything, get every record again");
        m_f.session->expungeAll();
        for (Entity &e : m_entities) {
            if (!e.alive)
                continue;
            PROPERTY_CHECK(str(m_f.session->state(e.record)) == str(ObjectState::Detached),
                           QStringLiteral("%1 is not detached by expungeAll()").arg(e.name));
            const RecordPtr fresh = m_f.session->get(e.record->table(), e.id);
            PROPERTY_CHECK(fresh && fresh != e.record,
                           QStringLiteral("no new record for %1 after expungeAll()").arg(e.name));
            e.record = fresh;
        }
        return {};
    }

    QString rollback() {
        m_trace.append(QStringLiteral("rollback"));
        m_f.session->rollback();
        applyRollback();
        return {};
    }

    /// A commit that fails — on a NULL name (refused before any SQL runs) or, for books, on a
    /// foreign key to a missing author (refused by the database mid-flush) — loses nothing (rule
    /// 8); the value is then fixed and the sequence goes on.
    QString failingCommit() {
        const QList<int> candidates = pick([](const Entity &e) {
            return e.kind != Kind::Review && (e.kind != Kind::Book || e.author >= 0);
        });
        if (candidates.isEmpty())
            return QStringLiteral("skip");
        const int i = any(candidates);
        Entity &e = m_entities[i];
        const bool missingAuthor = e.kind == Kind::Book && m_random.bounded(2u) == 0;
        const int column = missingAuthor ? Book::AuthorIdColumn : nameColumn(e.kind);
        m_trace.append(
            QStringLiteral("set %1's %2 to %3, commit (must fail), then fix it")
                .arg(label(i), e.record->table().column(column).name,
                     missingAuthor ? QStringLiteral("a missing author") : QStringLiteral("NULL")));
        PROPERTY_CHECK(e.record->setValue(column, missingAuthor ? QVariant(987654321) : QVariant()),
                       QStringLiteral("setValue refused"));
        RecordList records;
        for (const Entity &each : m_entities)
            if (each.alive)
                records.append(each.record);
        const QString memory = memoryOf(*m_f.session, records);
        const auto rows = m_f.dump();

        PROPERTY_CHECK(!m_f.session->commit(), QStringLiteral("the bad commit succeeded"));
        const orm::Error error = m_f.session->lastError();
        PROPERTY_CHECK(error.record == e.record,
                       QStringLiteral("the error names another record: ") + error.fullText());
        PROPERTY_CHECK(error.column == e.record->table().column(column).name,
                       QStringLiteral("the error names column '%1'").arg(error.column));
        const QString difference = firstDifference(memoryOf(*m_f.session, records), memory);
        PROPERTY_CHECK(difference.isEmpty(),
                       QStringLiteral("memory changed by the failed commit: ") + difference);
        PROPERTY_CHECK(m_f.dump() == rows,
                       QStringLiteral("the failed commit changed the database"));

        if (missingAuthor) {
            PROPERTY_CHECK(book(i)->setAuthor(author(e.author)),
                           QStringLiteral("setAuthor refused"));
            return {};
        }
        const QString fixed = freshName("Fixed");
        PROPERTY_CHECK(e.record->setValue(column, fixed), QStringLiteral("setValue refused"));
        e.name = fixed;
        return {};
    }

    /// After a flush: keys assigned, deletes flushed, nothing visible to other connections.
    QString checkFlushed() {
        for (const Entity &e : m_entities) {
            if (!e.alive)
                continue;
            const bool deleted = deletedAtFlush(e);
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

            if (e.kind == Kind::Review) {
                PROPERTY_CHECK(
                    review(i)->rating() == e.rating,
                    QStringLiteral("%1 is rated %2").arg(label(i)).arg(review(i)->rating()));
                PROPERTY_CHECK(review(i)->book() == m_entities[e.book].record,
                               QStringLiteral("%1 is of another book").arg(label(i)));
                PROPERTY_CHECK(review(i)->user() == m_entities[e.user].record,
                               QStringLiteral("%1 is by another user").arg(label(i)));
            }
            // Collections are compared when in memory; unloaded ones load lazily in later steps
            const auto loaded = [&](const orm::Relationship &relationship) {
                return e.record->childrenLoaded(relationship);
            };
            if ((e.kind == Kind::Book && loaded(library::bookReviews())) ||
                (e.kind == Kind::User && loaded(library::userReviews()))) {
                QSet<orm::Record *> expected;
                for (int r : reviewsOf(i))
                    if ((e.kind == Kind::Book ? m_entities[r].book : m_entities[r].user) == i)
                        expected.insert(m_entities[r].record.get());
                QSet<orm::Record *> actual;
                const auto reviews = e.kind == Kind::Book ? book(i)->reviews().toList()
                                                          : user(i)->reviews().toList();
                for (const auto &each : reviews)
                    actual.insert(each.get());
                PROPERTY_CHECK(actual == expected,
                               QStringLiteral("%1's reviews hold %2 records, expected %3")
                                   .arg(label(i))
                                   .arg(actual.size())
                                   .arg(expected.size()));
            }
            if (e.kind == Kind::Review) {
                // nothing more
            } else if (e.kind == Kind::Book) {
                const RecordPtr expectedAuthor =
                    e.author < 0 ? nullptr : m_entities[e.author].record;
                PROPERTY_CHECK(book(i)->author() == expectedAuthor,
                               QStringLiteral("%1 has another author").arg(label(i)));
                const RecordPtr expectedBorrower =
                    e.borrower < 0 ? nullptr : m_entities[e.borrower].record;
                PROPERTY_CHECK(book(i)->borrower() == expectedBorrower,
                               QStringLiteral("%1 has another borrower").arg(label(i)));
            } else if (loaded(e.kind == Kind::Author ? library::authorBooks()
                                                     : library::userBorrowed())) {
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
                             e.author != e.committedAuthor || e.borrower != e.committedBorrower ||
                             e.rating != e.committedRating;
        }
        PROPERTY_CHECK(m_f.session->hasChanges() == expectChanges,
                       QStringLiteral("hasChanges() is %1").arg(m_f.session->hasChanges()));
        return checkDatabase();
    }

    /// The database holds exactly the committed model.
    QString checkDatabase() {
        QMap<QString, QStringList> expected;
        QMap<qint64, QString> authors, books, users, reviews;
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
            case Kind::Review:
                reviews.insert(e.id,
                               QStringList{id, QString::number(m_entities[e.book].id),
                                           QString::number(m_entities[e.user].id),
                                           QString::number(e.committedRating), e.committedName}
                                   .join(QLatin1Char('|')));
                break;
            case Kind::Book:
                books.insert(e.id,
                             QStringList{id, e.committedName,
                                         e.committedAuthor < 0
                                             ? QStringLiteral("NULL")
                                             : QString::number(m_entities[e.committedAuthor].id),
                                         e.committedBorrower < 0
                                             ? QStringLiteral("NULL")
                                             : QString::number(m_entities[e.committedBorrower].id),
                                         // publication_year and isbn (revision 2): never set here
                                         QStringLiteral("NULL"), QStringLiteral("NULL")}
                                 .join(QLatin1Char('|')));
                break;
            }
        }
        expected.insert(QStringLiteral("authors"), authors.values());
        expected.insert(QStringLiteral("books"), books.values());
        expected.insert(QStringLiteral("users"), users.values());
        expected.insert(QStringLiteral("reviews"), reviews.values());
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
    QMap<QString, int> &m_histogram; ///< how often each step ran, over all sequences
    int m_names = 0;
};

/// Gives `f` an empty database and a new session over it, as a fresh fixture would have: no rows,
/// keys starting at 1 again, nothing in memory. False with `error` when the database refuses.
bool startOver(LibraryFixture &f, QString *error) {
    f.session.reset();
    const bool emptied =
        backend() == Backend::Postgres
            ? f.db.exec(QStringLiteral("TRUNCATE reviews, books, users, authors RESTART IDENTITY"))
            : f.db.exec(QStringLiteral("DELETE FROM reviews")) &&
                  f.db.exec(QStringLiteral("DELETE FROM books")) &&
                  f.db.exec(QStringLiteral("DELETE FROM users")) &&
                  f.db.exec(QStringLiteral("DELETE FROM authors")); // INTEGER PRIMARY KEY: max + 1
    if (!emptied) {
        *error = f.db.errorString();
        return false;
    }
    f.session = std::make_unique<orm::Session>(f.db.connection(), library::metadata());
    if (f.session->lastError()) {
        *error = f.session->lastError().fullText();
        return false;
    }
    f.recorder.clear();
    f.recorder.attach(*f.session);
    return true;
}

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
    const int sequences = environmentNumber("SHELF_PROPERTY_SEQUENCES", 2000);
    const int steps = environmentNumber("SHELF_PROPERTY_STEPS", 20);
    qInfo("property test: %d sequences of %d steps from seed %u on %s", sequences, steps, base,
          qPrintable(backendName()));

    SHELF_OPEN_FIXTURE(f)
    if (backend() == Backend::Sqlite) {
        for (const QSqlDatabase &connection : {f.session->database(), f.db.independent()}) {
            QSqlQuery pragma(connection);
            QVERIFY2(pragma.exec(QStringLiteral("PRAGMA synchronous=OFF")),
                     qPrintable(pragma.lastError().text()));
        }
    }
    QMap<QString, int> histogram;
    for (int sequence = 0; sequence < sequences; ++sequence) {
        // Given an empty database and a fresh session
        const quint32 seed = base + quint32(sequence);
        QString startError;
        QVERIFY2(startOver(f, &startError), qPrintable(startError));

        // When a random sequence of steps runs
        PropertyRun run(f, seed, histogram);
        const QString error = run.run(steps);

        // Then after every step the records and the database match the reference model
        if (!error.isEmpty())
            QFAIL(qPrintable(failedSequence(error, seed, steps, run.trace())));
    }
    printStepCounts(histogram);
}

QTEST_GUILESS_MAIN(TestProperty)
#include "tst_property.moc"
