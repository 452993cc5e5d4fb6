// Where records live (issue 13): a table's records come from its RecordPool, whose chunks are
// reused and whose blocks go back once the last record does, also after the table is gone; a
// record's staged changes in a pool of their own. (The identity map's integer keys:
// tst_integerrecordmap.)

#include "orm/metadata.h"
#include "orm/record.h"
#include "orm/recordpool.h"
#include "orm/stagedchanges.h"
#include "orm/table.h"

#include <QDate>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <thread>
#include <vector>

using orm::Column;
using orm::RecordPtr;

namespace {

/// A record type of its own, as the library's typed façades are: made through setRecordType().
/// It counts its live objects: a Note made by the factory and destroyed by its shared pointer
/// must be constructed and destroyed as a Note (Record's destructor is not virtual).
class Note : public orm::Record {
public:
    explicit Note(const orm::Table *table)
        : Record(table) {
        ++s_live;
    }
    ~Note() { --s_live; }
    Note(const Note &) = delete;
    Note &operator=(const Note &) = delete;
    static int live() { return s_live; }
    int extra[8] = {};

private:
    static inline int s_live = 0;
};

std::unique_ptr<orm::Metadata> notesMetadata() {
    auto metadata = std::make_unique<orm::Metadata>();
    orm::Table &notes = metadata->addTable(QStringLiteral("notes"), QStringLiteral("Note"));
    notes.addColumn(Column::key());
    notes.addColumn(Column::text(QStringLiteral("body")));
    orm::Table &typed = metadata->addTable(QStringLiteral("typed"), QStringLiteral("Typed"));
    typed.addColumn(Column::key());
    typed.setRecordType<Note>();
    metadata->finalize();
    return metadata;
}

} // namespace

class tst_RecordMemory : public QObject {
    Q_OBJECT

private slots:
    void shouldMakeATablesRecordsInItsPoolAndReuseTheirChunks();
    void shouldGiveTheBlocksBackOnceTheLastRecordIsGone();
    void shouldFreeRecordsSafelyAfterTheirTableIsGone();
    void shouldMakeTypedRecordsInThePoolToo();
    void shouldOutliveChunksOfAnotherSizeToo();
    void shouldKeepARecordsRelationSlotsInItsTablesPool();
    void shouldTakeEachChunkBackToThePoolItsBlockNames();
    void shouldKeepEachChunksKindInItsBlock();
    void shouldFindEachSlotOfARecordWithSeveralReferencesAndCollections();
    void shouldTakeAFirstChangeFromThePoolAndKeepEveryChangeAsItGrows();
    void shouldKeepAShortLatin1TextInTheChangeAndGiveBackTheSameValue();
    void shouldFreeChangesMadeOnAThreadThatHasEnded();
};

void tst_RecordMemory::shouldMakeATablesRecordsInItsPoolAndReuseTheirChunks() {
    const auto metadata = notesMetadata();
    const orm::Table &notes = *metadata->table(QStringLiteral("notes"));
    const orm::RecordPool &pool = notes.recordPool();
    // More records than one block holds (a record and its control block take 64 bytes or more)
    const int count = int(orm::RecordPool::BlockBytes / 64);
    std::vector<RecordPtr> records;
    for (int i = 0; i < count; ++i)
        records.push_back(notes.createRecord());
    QCOMPARE(pool.liveChunks(), size_t(count));
    const size_t blocks = pool.blockCount();
    QVERIFY(blocks >= 2);
    // Every record is its own, whole object: writing each one's values disturbs no other
    for (int i = 0; i < count; ++i)
        QVERIFY(records[size_t(i)]->setValue(1, QStringLiteral("note %1").arg(i)));
    for (int i = 0; i < count; ++i)
        QCOMPARE(records[size_t(i)]->value(1).toString(), QStringLiteral("note %1").arg(i));

    // Half of them go: their chunks take the next records, no new block
    const orm::Record *freed = records[10].get();
    for (size_t i = 0; i < records.size(); i += 2)
        records[i].reset();
    QCOMPARE(pool.liveChunks(), size_t(count / 2));
    std::vector<RecordPtr> again;
    for (int i = 0; i < count / 2; ++i)
        again.push_back(notes.createRecord());
    QCOMPARE(pool.blockCount(), blocks);
    QCOMPARE(pool.liveChunks(), size_t(count));
    QVERIFY(std::any_of(again.begin(), again.end(),
                        [freed](const RecordPtr &record) { return record.get() == freed; }));
    for (const RecordPtr &record : again)
        QVERIFY(record->value(1).isNull()); // a reused chunk holds a new record, not the old one
}

void tst_RecordMemory::shouldGiveTheBlocksBackOnceTheLastRecordIsGone() {
    const auto metadata = notesMetadata();
    const orm::Table &notes = *metadata->table(QStringLiteral("notes"));
    std::vector<RecordPtr> records(orm::RecordPool::BlockBytes / 64); // more than a block holds
    for (RecordPtr &record : records)
        record = notes.createRecord();
    QVERIFY(notes.recordPool().blockCount() > 1);
    records.pop_back();
    QVERIFY(notes.recordPool().blockCount() > 1); // records remain: the blocks stay
    records.clear();
    // All but the first block go; the first is kept, to be served again from its start
    QCOMPARE(notes.recordPool().liveChunks(), size_t(0));
    QCOMPARE(notes.recordPool().blockCount(), size_t(1));
    // And the pool serves again from it, also to a record made and dropped over and over
    const orm::Record *first = nullptr;
    for (int i = 0; i < 1000; ++i) {
        const RecordPtr next = notes.createRecord();
        QVERIFY(next->setValue(1, QStringLiteral("note %1").arg(i)));
        if (!first)
            first = next.get();
        QCOMPARE(next.get(), first); // the same chunk, not a new block each time
        QCOMPARE(notes.recordPool().liveChunks(), size_t(1));
        QCOMPARE(notes.recordPool().blockCount(), size_t(1));
    }
}

void tst_RecordMemory::shouldFreeRecordsSafelyAfterTheirTableIsGone() {
    auto metadata = notesMetadata();
    std::vector<RecordPtr> records;
    for (int i = 0; i < 700; ++i)
        records.push_back(metadata->table(QStringLiteral("notes"))->createRecord());
    metadata.reset(); // the table disowns its pool; the records still hold their chunks
    // Each record's memory is still its own (AddressSanitizer reports any use after free, and
    // LeakSanitizer a pool never freed, in the sanitizer run of this test)
    std::set<const void *> distinct;
    for (const RecordPtr &record : records)
        distinct.insert(record.get());
    QCOMPARE(distinct.size(), records.size());
    records.resize(350);
    records.clear(); // the last one frees the pool
}

void tst_RecordMemory::shouldKeepARecordsRelationSlotsInItsTablesPool() {
    auto metadata = std::make_unique<orm::Metadata>();
    orm::Table &shelves = metadata->addTable(QStringLiteral("shelves"), QStringLiteral("Shelf"));
    shelves.addColumn(Column::key());
    orm::Table &notes = metadata->addTable(QStringLiteral("notes"), QStringLiteral("Note"));
    notes.addColumn(Column::key());
    notes.addColumn(Column::integer(QStringLiteral("shelf_id")));
    notes.addForeignKey(QStringLiteral("shelf_id"), QStringLiteral("shelves"));
    metadata->addRelationship(QStringLiteral("shelves"), QStringLiteral("notes"),
                              QStringLiteral("notes"), QStringLiteral("shelf_id"),
                              QStringLiteral("shelf"), orm::CascadeFlag::All);
    metadata->finalize();
    const orm::Relationship &shelfNotes =
        *metadata->relationship(QStringLiteral("shelves"), QStringLiteral("notes"));

    // Given a shelf and 500 notes, none given a parent yet: a chunk a record
    RecordPtr shelf = metadata->table(QStringLiteral("shelves"))->createRecord();
    const orm::RecordPool &notesPool = metadata->table(QStringLiteral("notes"))->recordPool();
    const orm::RecordPool &shelvesPool = metadata->table(QStringLiteral("shelves"))->recordPool();
    std::vector<RecordPtr> records(500);
    for (RecordPtr &note : records)
        note = metadata->table(QStringLiteral("notes"))->createRecord();
    QCOMPARE(notesPool.liveChunks(), size_t(500));
    QCOMPARE(shelvesPool.liveChunks(), size_t(1));

    // When each is put on the shelf, then each note's parent slot is a chunk of its table's pool,
    // and so is the shelf's child slot (not the heap)
    for (const RecordPtr &note : records)
        shelf->appendChild(shelfNotes, note);
    QCOMPARE(notesPool.liveChunks(), size_t(1000));
    QCOMPARE(shelvesPool.liveChunks(), size_t(2));
    for (const RecordPtr &note : records)
        QCOMPARE(note->parent(shelfNotes), shelf);

    // And once the table is gone and every record with it, the slots went back too (LeakSanitizer
    // reports a pool never freed, AddressSanitizer a slot used after its chunk went)
    metadata.reset();
    records.clear();
    shelf.reset();
}

void tst_RecordMemory::shouldMakeTypedRecordsInThePoolToo() {
    const auto metadata = notesMetadata();
    const orm::Table &typed = *metadata->table(QStringLiteral("typed"));
    const int notesBefore = Note::live();
    RecordPtr record = typed.createRecord();
    QCOMPARE(Note::live(), notesBefore + 1); // made as a Note
    QCOMPARE(typed.recordPool().liveChunks(), size_t(1));
    // A plain record of the same table (a caller's own make) is of another size: from the heap
    const RecordPtr plain = std::make_shared<orm::Record>(&typed);
    QCOMPARE(typed.recordPool().liveChunks(), size_t(1));
    // Let go of, the Note is destroyed as a Note, and its chunk goes back
    record.reset();
    QCOMPARE(Note::live(), notesBefore);
    QCOMPARE(typed.recordPool().liveChunks(), size_t(0));
}

void tst_RecordMemory::shouldTakeAFirstChangeFromThePoolAndKeepEveryChangeAsItGrows() {
    using orm::StagedChanges;
    const std::size_t before = StagedChanges::pooledBlocksOnThisThread();
    {
        // 1,000 records' first changes: each a block of the pool
        std::vector<std::unique_ptr<StagedChanges>> records;
        for (int i = 0; i < 1000; ++i) {
            records.push_back(std::make_unique<StagedChanges>());
            records.back()->emplace_back(i % 7, QStringLiteral("title %1").arg(i));
        }
        QCOMPARE(StagedChanges::pooledBlocksOnThisThread(), before + 1000);
        // A second and third change move a record's changes to the heap, whole
        StagedChanges &grown = *records[10];
        grown.emplace_back(20, 42);
        grown.emplace_back(21, QVariant());
        QCOMPARE(StagedChanges::pooledBlocksOnThisThread(), before + 999);
        QCOMPARE(grown.size(), std::size_t(3));
        QCOMPARE(grown.begin()[0].column, 10 % 7);
        QCOMPARE(grown.begin()[0].value(), QVariant(QStringLiteral("title 10")));
        QCOMPARE(grown.begin()[1].value(), QVariant(42));
        QVERIFY(grown.begin()[2].value().isNull());
        // Erasing down to none frees the block, wherever it came from
        grown.erase(grown.begin());
        grown.erase(grown.begin());
        grown.erase(grown.begin());
        QVERIFY(grown.empty());
        records[11]->erase(records[11]->begin());
        QCOMPARE(StagedChanges::pooledBlocksOnThisThread(), before + 998);
        // The others keep their own values
        for (int i = 12; i < 1000; i += 97)
            QCOMPARE(records[size_t(i)]->front().value(),
                     QVariant(QStringLiteral("title %1").arg(i)));
    }
    QCOMPARE(StagedChanges::pooledBlocksOnThisThread(), before);
}

void tst_RecordMemory::shouldKeepAShortLatin1TextInTheChangeAndGiveBackTheSameValue() {
    using Change = orm::StagedChanges::Change;
    const QString latin1 = QStringLiteral("Cr\u00e8me br\u00fbl\u00e9e, 2nd ed. \u00bd kg!");
    QCOMPARE(latin1.size(), Change::InlineText);
    QCOMPARE(sizeof(Change), std::size_t(32));
    // Texts of up to InlineText characters below U+0100 are held as bytes in the change, no
    // QVariant
    for (const QString &text :
         {QStringLiteral("A"), QStringLiteral("Book 1234-5 (edited)"), latin1}) {
        const Change change(3, text);
        QVERIFY2(!change.variant(), qPrintable(text));
        QCOMPARE(change.inlineText(), QLatin1StringView(text.toLatin1()));
        QCOMPARE(change.value().typeId(), int(QMetaType::QString));
        QCOMPARE(change.value().toString(), text);
    }
    // So are a number of up to 8 bytes (values::heldAsBytes()) and NULL, each coming back of its
    // own metatype: the smallest and largest of each, a negative zero, an infinity
    const QList<QVariant> inChange = {QVariant(true),
                                      QVariant(false),
                                      QVariant(std::numeric_limits<int>::min()),
                                      QVariant(std::numeric_limits<uint>::max()),
                                      QVariant(std::numeric_limits<qint64>::min()),
                                      QVariant(std::numeric_limits<quint64>::max()),
                                      QVariant(-0.0),
                                      QVariant(std::numeric_limits<double>::infinity()),
                                      QVariant(2.5),
                                      QVariant(-1.25f),
                                      QVariant::fromValue(short(-3)),
                                      QVariant()};
    for (const QVariant &value : inChange) {
        const Change change(2, value);
        QVERIFY2(!change.variant(), value.typeName());
        QVERIFY(change.inlineText().isEmpty());
        QCOMPARE(change.value().typeId(), value.typeId());
        QCOMPARE(change.value().isNull(), value.isNull());
        QCOMPARE(change.value(), value);
        if (value.typeId() == QMetaType::Double)
            QCOMPARE(std::signbit(change.value().toDouble()), std::signbit(value.toDouble()));
    }
    // Every other value keeps a QVariant of its own, and comes back as it went in: a longer text,
    // one with a character above U+00FF, an empty and a null text (which Latin-1 bytes could not
    // tell apart), a byte array, a date, a NULL of a type (what Qt Sql reads an SQL NULL as)
    const QList<QVariant> kept = {
        QVariant(latin1 + QLatin1Char('!')),    QVariant(QStringLiteral("\u010capek")),
        QVariant(QString(QLatin1String(""))),   QVariant(QString()),
        QVariant(QByteArray("bytes")),          QVariant(QDate(2026, 12, 7)),
        QVariant(QMetaType::fromType<qint64>())};
    for (const QVariant &value : kept) {
        const Change change(1, value);
        QVERIFY(change.variant());
        QCOMPARE(change.value().typeId(), value.typeId());
        QCOMPARE(change.value().isNull(), value.isNull());
        QCOMPARE(change.value(), value);
        if (value.typeId() == QMetaType::QString)
            QCOMPARE(change.value().toString().isNull(), value.toString().isNull());
    }
    // Moved and replaced, in any form, a change keeps its own value (the block grows by moves)
    orm::StagedChanges changes;
    changes.emplace_back(0, QStringLiteral("short"));
    changes.emplace_back(1, QVariant(QStringLiteral("\u010capek")));
    changes.emplace_back(2, latin1);
    changes.emplace_back(3, QVariant(qint64(-7)));
    changes.emplace_back(4, QVariant());
    QCOMPARE(changes.find(3)->value(), QVariant(qint64(-7)));
    QVERIFY(!changes.find(4)->value().isValid());
    QCOMPARE(changes.find(0)->value(), QVariant(QStringLiteral("short")));
    QCOMPARE(changes.find(1)->value(), QVariant(QStringLiteral("\u010capek")));
    QCOMPARE(changes.find(2)->value(), QVariant(latin1));
    changes.find(0)->set(QVariant(QStringLiteral("\u010capek \u010capek")));
    changes.find(1)->set(QStringLiteral("plain"));
    QVERIFY(changes.find(0)->variant() && !changes.find(1)->variant());
    changes.find(3)->set(QVariant(QStringLiteral("\u010capek")));
    QCOMPARE(changes.find(3)->value(), QVariant(QStringLiteral("\u010capek")));
    changes.erase(changes.find(0));
    QCOMPARE(changes.size(), std::size_t(4));
    QVERIFY(!changes.find(4)->value().isValid());
    QCOMPARE(changes.find(1)->value(), QVariant(QStringLiteral("plain")));
    QCOMPARE(changes.find(2)->value(), QVariant(latin1));
    QVERIFY(!changes.find(0));
}

void tst_RecordMemory::shouldFreeChangesMadeOnAThreadThatHasEnded() {
    // A record staged on a thread that ended (its pool disowned) is freed later, elsewhere: the
    // pool goes with its last block (AddressSanitizer and LeakSanitizer watch this in their run)
    std::vector<std::unique_ptr<orm::StagedChanges>> records;
    std::thread worker([&records] {
        for (int i = 0; i < 300; ++i) {
            records.push_back(std::make_unique<orm::StagedChanges>());
            records.back()->emplace_back(1, QByteArray(100, char('a' + i % 26)));
        }
    });
    worker.join();
    QCOMPARE(records[299]->front().value(), QVariant(QByteArray(100, char('a' + 299 % 26))));
    records.resize(100);
    records.clear();
}

void tst_RecordMemory::shouldOutliveChunksOfAnotherSizeToo() {
    // A table whose record type changes once records exist: the new type's chunks are of another
    // size, from blocks of their own, and the pool must outlive them as it does the first size's
    // (AddressSanitizer reports the use after free, in the sanitizer run, when it counted only
    // one size)
    auto metadata = std::make_unique<orm::Metadata>();
    orm::Table &notes = metadata->addTable(QStringLiteral("notes"), QStringLiteral("Note"));
    notes.addColumn(Column::key());
    RecordPtr plain = notes.createRecord();
    notes.setRecordType<Note>();
    const int notesBefore = Note::live();
    RecordPtr typed = notes.createRecord();
    QCOMPARE(Note::live(), notesBefore + 1); // made as a Note
    QCOMPARE(notes.recordPool().liveChunks(), size_t(2));
    QCOMPARE(notes.recordPool().blockCount(), size_t(2)); // one a size
    metadata.reset();                                     // the pool is disowned
    plain.reset(); // the first size's chunks are all back; the typed one's not
    typed.reset(); // the last chunk: the pool goes
    QCOMPARE(Note::live(), notesBefore); // destroyed as a Note
}

void tst_RecordMemory::shouldTakeEachChunkBackToThePoolItsBlockNames() {
    // Given two pools, each handing out chunks of two sizes and alignments, interleaved
    orm::RecordPool *first = orm::RecordPool::create();
    orm::RecordPool *second = orm::RecordPool::create();
    std::vector<std::pair<void *, orm::RecordPool *>> chunks;
    for (int i = 0; i < 18000; ++i) {
        orm::RecordPool *pool = i % 3 == 0 ? second : first;
        const bool wide = i % 2 == 0;
        void *chunk = pool->allocate(wide ? 88 : 40, wide ? 16 : 8);
        QCOMPARE(quintptr(chunk) % (wide ? 16 : 8), quintptr(0)); // aligned as asked
        std::memset(chunk, 0xA5, wide ? 88 : 40); // each chunk whole and its own (ASan watches)
        chunks.emplace_back(chunk, pool);
    }
    QCOMPARE(first->liveChunks(), size_t(12000));
    QCOMPARE(second->liveChunks(), size_t(6000));
    QCOMPARE(first->blockCount(),
             size_t(4)); // 6,000 of 96 bytes in three blocks, 6,000 of 40 in one
    std::set<void *> distinct;
    for (const auto &[chunk, pool] : chunks)
        distinct.insert(chunk);
    QCOMPARE(distinct.size(), chunks.size());

    // When every other chunk is given back by its address alone
    for (size_t i = 0; i < chunks.size(); i += 2)
        orm::RecordPool::release(chunks[i].first);

    // Then each went back to its own pool
    QCOMPARE(first->liveChunks(), size_t(6000));
    QCOMPARE(second->liveChunks(), size_t(3000));
    // And a chunk given back is handed out again, of its size, by its pool
    void *again = second->allocate(88, 16);
    QVERIFY(std::any_of(chunks.begin(), chunks.end(), [again, second](const auto &entry) {
        return entry.first == again && entry.second == second;
    }));
    orm::RecordPool::release(again);

    // And the pools, disowned, go with their last chunk (LeakSanitizer reports one that does not)
    first->disown();
    second->disown();
    for (size_t i = 1; i < chunks.size(); i += 2)
        orm::RecordPool::release(chunks[i].first);
}

void tst_RecordMemory::shouldKeepEachChunksKindInItsBlock() {
    // Given chunks of one size and three kinds, interleaved (RelationSlots reads its counts back
    // from the kind: the chunk holds nothing but the slots)
    orm::RecordPool *pool = orm::RecordPool::create();
    const std::uint32_t kinds[] = {0, 1u << 16, 2};
    std::vector<std::pair<void *, std::uint32_t>> chunks;
    for (int i = 0; i < 9000; ++i) {
        const std::uint32_t kind = kinds[i % 3];
        chunks.emplace_back(pool->allocate(16, 8, kind), kind);
    }

    // Then each chunk tells its own kind, each kind from blocks of its own (3,000 of 16 bytes fit
    // one block)
    for (const auto &[chunk, kind] : chunks)
        QCOMPARE(orm::RecordPool::kindOf(chunk), kind);
    QCOMPARE(pool->blockCount(), size_t(3));

    // And a chunk given back is handed out again for its own kind only
    orm::RecordPool::release(chunks[1].first);
    void *again = pool->allocate(16, 8, kinds[2]);
    QVERIFY(again != chunks[1].first);
    QCOMPARE(orm::RecordPool::kindOf(again), kinds[2]);
    void *same = pool->allocate(16, 8, kinds[1]);
    QCOMPARE(same, chunks[1].first);
    QCOMPARE(orm::RecordPool::kindOf(same), kinds[1]);

    pool->disown();
    for (const auto &[chunk, kind] : chunks)
        orm::RecordPool::release(chunk);
    orm::RecordPool::release(again);
}

void tst_RecordMemory::shouldFindEachSlotOfARecordWithSeveralReferencesAndCollections() {
    // Staff who report to staff and belong to a department: two references and one collection a
    // staff record, its slots counted by its chunk's kind alone
    auto metadata = std::make_unique<orm::Metadata>();
    orm::Table &departments =
        metadata->addTable(QStringLiteral("departments"), QStringLiteral("Department"));
    departments.addColumn(Column::key());
    orm::Table &staff = metadata->addTable(QStringLiteral("staff"), QStringLiteral("Staff"));
    staff.addColumn(Column::key());
    staff.addColumn(Column::integer(QStringLiteral("department_id")));
    staff.addColumn(Column::integer(QStringLiteral("manager_id")));
    staff.addForeignKey(QStringLiteral("department_id"), QStringLiteral("departments"));
    staff.addForeignKey(QStringLiteral("manager_id"), QStringLiteral("staff"));
    metadata->addRelationship(QStringLiteral("departments"), QStringLiteral("staff"),
                              QStringLiteral("staff"), QStringLiteral("department_id"),
                              QStringLiteral("department"), orm::CascadeFlag::SaveUpdate);
    metadata->addRelationship(QStringLiteral("staff"), QStringLiteral("reports"),
                              QStringLiteral("staff"), QStringLiteral("manager_id"),
                              QStringLiteral("manager"), orm::CascadeFlag::SaveUpdate);
    metadata->finalize();
    const orm::Relationship &members =
        *metadata->relationship(QStringLiteral("departments"), QStringLiteral("staff"));
    const orm::Relationship &reports =
        *metadata->relationship(QStringLiteral("staff"), QStringLiteral("reports"));

    const RecordPtr sales = departments.createRecord();
    const RecordPtr research = departments.createRecord();
    const RecordPtr boss = staff.createRecord();
    std::vector<RecordPtr> people(40);
    for (size_t i = 0; i < people.size(); ++i) {
        people[i] = staff.createRecord();
        (i % 2 ? sales : research)->appendChild(members, people[i]);
        boss->appendChild(reports, people[i]);
    }
    sales->appendChild(members, boss);

    // Then each reference finds its own parent, and each collection its own children
    for (size_t i = 0; i < people.size(); ++i) {
        QCOMPARE(people[i]->parent(members), i % 2 ? sales : research);
        QCOMPARE(people[i]->parent(reports), boss);
        QVERIFY(people[i]->children(reports).isEmpty());
    }
    QCOMPARE(boss->parent(members), sales);
    QCOMPARE(boss->parent(reports), RecordPtr());
    QCOMPARE(boss->children(reports).size(), qsizetype(people.size()));
    QCOMPARE(sales->children(members).size(), qsizetype(people.size() / 2 + 1));

    // And one taken off its manager keeps its department (ASan watches every slot destroyed)
    boss->removeChild(reports, people.front());
    QCOMPARE(people.front()->parent(reports), RecordPtr());
    QCOMPARE(people.front()->parent(members), research);
    QCOMPARE(boss->children(reports).size(), qsizetype(people.size() - 1));
}

QTEST_APPLESS_MAIN(tst_RecordMemory)
#include "tst_recordmemory.moc"
