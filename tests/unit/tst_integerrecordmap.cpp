// The identity map's integer keys (issue 13): orm::IntegerRecordMap holds keys that fill a range
// as one array indexed by key (dense), and any others hashed. Checked against std::map through
// random inserts, replacements, finds and removes of keys counting up, counting down, shuffled
// in a range, scattered over the whole 64-bit range and at its two ends; a map stays dense for
// keys that fill a range and turns hashed where they would leave it less than half full; room
// reserved for keys to come is used by them; hashed, it matches a std::unordered_map through
// thousands of random inserts, replacements and removals (removal moves entries back into the
// hole it leaves, which a wrong condition would lose or strand).

#include "orm/integerrecordmap.h"
#include "orm/metadata.h"
#include "orm/record.h"
#include "orm/recordpool.h"
#include "orm/table.h"

#include <QTest>
#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <unordered_map>
#include <vector>

using orm::IntegerRecordMap;
using orm::RecordPtr;

namespace {

constexpr qint64 Smallest = std::numeric_limits<qint64>::min();
constexpr qint64 Largest = std::numeric_limits<qint64>::max();

std::unique_ptr<orm::Metadata> notesMetadata() {
    auto metadata = std::make_unique<orm::Metadata>();
    orm::Table &notes = metadata->addTable(QStringLiteral("notes"), QStringLiteral("Note"));
    notes.addColumn(orm::Column::key());
    metadata->finalize();
    return metadata;
}

/// True when `map` holds exactly what `model` does: each key found with its record, a key near
/// each not held, and forEach() visiting each record once.
bool sameAs(const IntegerRecordMap &map, const std::map<qint64, RecordPtr> &model, QString *why) {
    if (map.size() != qsizetype(model.size())) {
        *why = QStringLiteral("%1 entries, not %2").arg(map.size()).arg(model.size());
        return false;
    }
    for (const auto &[key, record] : model) {
        const RecordPtr *found = map.find(key);
        if (!found || found->get() != record.get()) {
            *why = QStringLiteral("key %1 not found as held").arg(key);
            return false;
        }
        std::vector<qint64> nearKeys;
        if (key != Smallest)
            nearKeys.push_back(key - 1);
        if (key != Largest)
            nearKeys.push_back(key + 1);
        for (const qint64 near : nearKeys) {
            if (model.count(near))
                continue;
            if (map.find(near)) {
                *why = QStringLiteral("key %1 found, never held").arg(near);
                return false;
            }
        }
    }
    std::vector<const orm::Record *> visited;
    map.forEach([&visited](const RecordPtr &record) { visited.push_back(record.get()); });
    std::vector<const orm::Record *> held;
    for (const auto &entry : model)
        held.push_back(entry.second.get());
    std::sort(visited.begin(), visited.end());
    std::sort(held.begin(), held.end());
    if (visited != held) {
        *why = QStringLiteral("forEach() visited %1 records, not the %2 held")
                   .arg(visited.size())
                   .arg(held.size());
        return false;
    }
    return true;
}

} // namespace

class TestIntegerRecordMap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldMatchAMapThroughRandomOperationsOnEveryKeyShape();
    void shouldStayDenseForKeysThatFillARangeAndHashScatteredOnes();
    void shouldUseTheRoomReservedForKeysToCome();
    void shouldRemoveOnlyTheRecordHeldUnderTheKey();
    void shouldFindWhatAnUnorderedMapFindsThroughRandomChanges();
    void shouldRemoveOnlyTheRecordItWasGiven();
    void shouldReleaseItsRecordsWhenClearedOrRemoved();
    void shouldKeepItsEntriesWhenMadeRoomFor();
    void shouldMatchAMapAcrossPagesAddedAtEitherEnd();
    void shouldNeverMoveAnEntryOnceItsArrayTakesPages();
    void shouldLeaveAMovedFromMapEmptyAndUsable();
};

void TestIntegerRecordMap::shouldMatchAMapThroughRandomOperationsOnEveryKeyShape() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    std::mt19937_64 random(20261207);
    // Given keys of each shape a table holds, or a caller may give
    enum Shape { Up, Down, Shuffled, Scattered, Ends, Mixed };
    for (const Shape shape : {Up, Down, Shuffled, Scattered, Ends, Mixed}) {
        std::vector<qint64> keys;
        for (qint64 i = 0; i < 3000; ++i) {
            switch (shape) {
            case Up:
                keys.push_back(i + 1);
                break;
            case Down:
                keys.push_back(-i * 2);
                break;
            case Shuffled:
                keys.push_back(qint64(random() % 4000) - 2000);
                break;
            case Scattered:
                keys.push_back(qint64(random()));
                break;
            case Ends:
                keys.push_back(i % 2 ? Largest - qint64(random() % 50)
                                     : Smallest + qint64(random() % 50));
                break;
            case Mixed: // a range filled, then a few keys far from it
                keys.push_back(i < 2900 ? 1000 + i : qint64(random() % 1000000000000));
                break;
            }
        }
        if (shape == Up || shape == Down) // and a few random ones among them
            std::shuffle(keys.end() - 100, keys.end(), random);

        // When they are inserted, some replaced by another record, some removed, in turn
        IntegerRecordMap map;
        std::map<qint64, RecordPtr> model;
        QString why;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const qint64 key = keys[i];
            const RecordPtr record = std::make_shared<orm::Record>(notes);
            map.insert(key, record);
            model[key] = record;
            if (i % 7 == 3) { // the key of an earlier insert goes
                const qint64 gone = keys[size_t(random() % (i + 1))];
                const auto held = model.find(gone);
                const bool removed =
                    map.remove(gone, held == model.end() ? nullptr : held->second.get());
                QCOMPARE(removed, held != model.end());
                if (held != model.end())
                    model.erase(held);
            }
            // Then after each step of the first hundred, and every 250th, the map is the model
            if (i < 100 || i % 250 == 0)
                QVERIFY2(
                    sameAs(map, model, &why),
                    qPrintable(QStringLiteral("shape %1, step %2: %3").arg(shape).arg(i).arg(why)));
        }
        QVERIFY2(sameAs(map, model, &why), qPrintable(why));
        // And cleared, it holds nothing and takes keys again
        map.clear();
        QCOMPARE(map.size(), 0);
        QVERIFY(!map.find(keys.front()));
        const RecordPtr again = std::make_shared<orm::Record>(notes);
        map.insert(keys.back(), again);
        QCOMPARE(map.find(keys.back())->get(), again.get());
        QVERIFY(map.isDense());
    }
}

void TestIntegerRecordMap::shouldStayDenseForKeysThatFillARangeAndHashScatteredOnes() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    // Given keys 1..100,000 inserted in order, and 50,000..1 inserted backwards after 50,001..
    IntegerRecordMap up;
    for (qint64 key = 1; key <= 100000; ++key)
        up.insert(key, std::make_shared<orm::Record>(notes));
    IntegerRecordMap down;
    for (qint64 key = 50001; key >= 1; --key)
        down.insert(key, std::make_shared<orm::Record>(notes));
    // Then both stay dense
    QVERIFY(up.isDense());
    QVERIFY(down.isDense());
    QCOMPARE(up.size(), 100000);

    // Given keys counting down to the smallest key, and up to the largest: the array stops at
    // the ends of the key type
    IntegerRecordMap bottom;
    IntegerRecordMap top;
    for (qint64 i = 300; i >= 0; --i) {
        bottom.insert(Smallest + i, std::make_shared<orm::Record>(notes));
        top.insert(Largest - i, std::make_shared<orm::Record>(notes));
    }
    QVERIFY(bottom.isDense() && top.isDense());
    for (qint64 i = 0; i <= 300; ++i)
        QVERIFY(bottom.find(Smallest + i) && top.find(Largest - i));
    QVERIFY(!bottom.find(Smallest + 301) && !top.find(Largest - 301));

    // Given every third key of a range (a table whose rows were mostly deleted)
    IntegerRecordMap sparse;
    for (qint64 key = 0; key < 30000; key += 3)
        sparse.insert(key, std::make_shared<orm::Record>(notes));
    // Then it is hashed, and every key is still found
    QVERIFY(!sparse.isDense());
    for (qint64 key = 0; key < 30000; ++key)
        QCOMPARE(sparse.find(key) != nullptr, key % 3 == 0);

    // Given a dense map, one key far beyond its range turns it hashed, every record kept
    const RecordPtr far = std::make_shared<orm::Record>(notes);
    up.insert(Largest, far);
    QVERIFY(!up.isDense());
    QCOMPARE(up.size(), 100001);
    QCOMPARE(up.find(Largest)->get(), far.get());
    QVERIFY(up.find(1) && up.find(100000) && !up.find(100001) && !up.find(0));
}

void TestIntegerRecordMap::shouldUseTheRoomReservedForKeysToCome() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    // Given room reserved for 10,000 keys, before any and after some: a commit's new rows
    IntegerRecordMap fresh;
    fresh.reserve(10000);
    IntegerRecordMap loaded;
    for (qint64 key = 1; key <= 100; ++key)
        loaded.insert(key, std::make_shared<orm::Record>(notes));
    loaded.reserve(10100);
    // When the keys come, counting up
    std::vector<RecordPtr> records;
    for (qint64 key = 1; key <= 10000; ++key) {
        records.push_back(std::make_shared<orm::Record>(notes));
        fresh.insert(key, records.back());
        loaded.insert(key + 100, records.back());
    }
    // Then each is found, and the maps are dense
    QVERIFY(fresh.isDense() && loaded.isDense());
    for (qint64 key = 1; key <= 10000; ++key) {
        QCOMPARE(fresh.find(key)->get(), records[size_t(key - 1)].get());
        QCOMPARE(loaded.find(key + 100)->get(), records[size_t(key - 1)].get());
    }
    QCOMPARE(loaded.size(), 10100);
}

void TestIntegerRecordMap::shouldRemoveOnlyTheRecordHeldUnderTheKey() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    for (const bool dense : {true, false}) {
        // Given key 7 holding one record (in a dense map, and in a hashed one)
        IntegerRecordMap map;
        if (!dense)
            map.insert(Smallest, std::make_shared<orm::Record>(notes));
        const RecordPtr held = std::make_shared<orm::Record>(notes);
        const RecordPtr other = std::make_shared<orm::Record>(notes);
        map.insert(7, held);
        QCOMPARE(map.isDense(), dense);
        // Then removing another record under it, or a key not held, changes nothing
        QVERIFY(!map.remove(7, other.get()));
        QVERIFY(!map.remove(8, held.get()));
        QCOMPARE(map.find(7)->get(), held.get());
        // And removing the record held removes it
        QVERIFY(map.remove(7, held.get()));
        QVERIFY(!map.find(7));
        QCOMPARE(map.size(), dense ? 0 : 1);
    }
}

void TestIntegerRecordMap::shouldFindWhatAnUnorderedMapFindsThroughRandomChanges() {
    const auto metadata = notesMetadata();
    const orm::Table &notes = *metadata->table(QStringLiteral("notes"));
    std::mt19937_64 random(20261206);
    // Keys from a small range, so that inserts replace and removals hit; some consecutive (what a
    // table holds), some anywhere in 64 bits, negative ones included
    const auto nextKey = [&random]() -> qint64 {
        switch (random() % 3) {
        case 0:
            return qint64(random() % 600);
        case 1:
            return -qint64(random() % 50);
        default:
            return qint64(random() % 64) * qint64(0x0100'0000'0000'0000) + 7;
        }
    };
    // Grown by doubling from 16 slots, and made room for first (960 slots, not a power of two:
    // probes wrap around at an end the hash does not align)
    for (const std::size_t room : {std::size_t(0), std::size_t(777)}) {
        IntegerRecordMap map;
        map.reserve(room);
        std::unordered_map<qint64, RecordPtr> expected;
        for (int step = 0; step < 40000; ++step) {
            const qint64 key = nextKey();
            if (random() % 5 < 3) {
                const RecordPtr record = notes.createRecord();
                map.insert(key, record);
                expected[key] = record;
            } else {
                const auto found = expected.find(key);
                const bool removed =
                    map.remove(key, found == expected.end() ? nullptr : found->second.get());
                QCOMPARE(removed, found != expected.end());
                if (found != expected.end())
                    expected.erase(found);
            }
            if (step % 997 == 0 || step == 39999) {
                QCOMPARE(map.size(), qsizetype(expected.size()));
                for (const auto &[held, record] : expected) {
                    const RecordPtr *found = map.find(held);
                    QVERIFY2(found && *found == record, qPrintable(QString::number(held)));
                }
                qsizetype visited = 0;
                map.forEach([&](const RecordPtr &record) {
                    ++visited;
                    QVERIFY(std::any_of(expected.begin(), expected.end(),
                                        [&](const auto &entry) { return entry.second == record; }));
                });
                QCOMPARE(visited, qsizetype(expected.size()));
                for (int probe = 0; probe < 200; ++probe) {
                    const qint64 absent = nextKey();
                    QCOMPARE(map.find(absent) != nullptr, expected.count(absent) == 1);
                }
            }
        }
    }
}

void TestIntegerRecordMap::shouldRemoveOnlyTheRecordItWasGiven() {
    const auto metadata = notesMetadata();
    const orm::Table &notes = *metadata->table(QStringLiteral("notes"));
    IntegerRecordMap map;
    const RecordPtr first = notes.createRecord();
    const RecordPtr second = notes.createRecord();
    map.insert(7, first);
    map.insert(7, second); // another record under the key now
    QVERIFY(!map.remove(7, first.get()));
    QCOMPARE(*map.find(7), second);
    QVERIFY(map.remove(7, second.get()));
    QVERIFY(map.find(7) == nullptr);
    QCOMPARE(map.size(), 0);
}

void TestIntegerRecordMap::shouldReleaseItsRecordsWhenClearedOrRemoved() {
    const auto metadata = notesMetadata();
    const orm::Table &notes = *metadata->table(QStringLiteral("notes"));
    IntegerRecordMap map;
    std::vector<std::weak_ptr<orm::Record>> watched;
    for (qint64 key = 1; key <= 100; ++key) {
        const RecordPtr record = notes.createRecord();
        watched.push_back(record);
        map.insert(key, record);
    }
    QVERIFY(map.remove(50, watched[49].lock().get()));
    QVERIFY(watched[49].expired());
    QVERIFY(!watched[0].expired());
    map.clear();
    QVERIFY(std::all_of(watched.begin(), watched.end(),
                        [](const std::weak_ptr<orm::Record> &record) { return record.expired(); }));
    watched
        .clear(); // a weak reference keeps the chunk (it holds the control block), not the record
    QCOMPARE(notes.recordPool().liveChunks(), size_t(0));
}

void TestIntegerRecordMap::shouldKeepItsEntriesWhenMadeRoomFor() {
    const auto metadata = notesMetadata();
    const orm::Table &notes = *metadata->table(QStringLiteral("notes"));
    IntegerRecordMap map;
    std::vector<RecordPtr> records;
    for (qint64 key = 0; key < 300; ++key) {
        records.push_back(notes.createRecord());
        map.insert(key * 3, records.back());
    }
    map.reserve(50); // less than it holds: nothing to do
    map.reserve(100'000);
    QCOMPARE(map.size(), 300);
    for (qint64 key = 0; key < 300; ++key)
        QCOMPARE(*map.find(key * 3), records[size_t(key)]);
    QVERIFY(map.find(1) == nullptr);
    for (qint64 key = 300; key < 100'000; ++key)
        map.insert(key * 3, records[size_t(key % 300)]);
    QCOMPARE(map.size(), 100'000);
    QCOMPARE(*map.find(99'999 * 3), records[99'999 % 300]);
}

void TestIntegerRecordMap::shouldMatchAMapAcrossPagesAddedAtEitherEnd() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    std::mt19937_64 random(20261208);
    // Given keys that span several pages, reached from above, from below, nearly in order, and at
    // the two ends of the key type (pages added below the smallest key wrap the base round)
    enum Shape { Up, Down, Shuffled, DownToSmallest, UpToLargest, DownFromLargest };
    for (const Shape shape : {Up, Down, Shuffled, DownToSmallest, UpToLargest, DownFromLargest}) {
        std::vector<qint64> keys;
        for (qint64 i = 0; i < 20000; ++i) {
            switch (shape) {
            case Up:
                keys.push_back(i + 1);
                break;
            case Down:
                keys.push_back(-i);
                break;
            case Shuffled: // counting up, shuffled 16 at a time below (rows mostly in order)
                keys.push_back(i);
                break;
            case DownToSmallest:
                keys.push_back(Smallest + 19999 - i);
                break;
            case UpToLargest:
                keys.push_back(Largest - 19999 + i);
                break;
            case DownFromLargest:
                keys.push_back(Largest - i);
                break;
            }
        }
        if (shape == Shuffled) {
            for (auto block = keys.begin(); block != keys.end(); block += 16)
                std::shuffle(block, block + 16, random);
        }
        IntegerRecordMap map;
        std::map<qint64, RecordPtr> model;
        QString why;
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const RecordPtr record = std::make_shared<orm::Record>(notes);
            map.insert(keys[i], record);
            model[keys[i]] = record;
            if (i % 5 == 2) { // an earlier key goes
                const qint64 gone = keys[size_t(random() % (i + 1))];
                const auto held = model.find(gone);
                QCOMPARE(map.remove(gone, held == model.end() ? nullptr : held->second.get()),
                         held != model.end());
                if (held != model.end())
                    model.erase(held);
            }
            if (i % 4000 == 3999)
                QVERIFY2(
                    sameAs(map, model, &why),
                    qPrintable(QStringLiteral("shape %1, step %2: %3").arg(shape).arg(i).arg(why)));
        }
        // Then it is the model, dense, in whole pages: no more than the keys' range needs and one
        // page spare at each end
        QVERIFY2(sameAs(map, model, &why),
                 qPrintable(QStringLiteral("shape %1: %2").arg(shape).arg(why)));
        QVERIFY2(map.isDense(), qPrintable(QStringLiteral("shape %1 hashed").arg(shape)));
        const auto range = quint64(model.rbegin()->first) - quint64(model.begin()->first) + 1;
        QVERIFY2(map.pageCount() > 1 &&
                     map.pageCount() <= range / IntegerRecordMap::PageEntries + 2,
                 qPrintable(QStringLiteral("shape %1: %2 pages").arg(shape).arg(map.pageCount())));
    }
}

void TestIntegerRecordMap::shouldNeverMoveAnEntryOnceItsArrayTakesPages() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    // Given a map past its first page, keys held in the middle of it
    IntegerRecordMap map;
    for (qint64 key = 50000; key < 60000; ++key)
        map.insert(key, std::make_shared<orm::Record>(notes));
    QVERIFY(map.pageCount() > 1);
    const RecordPtr *middle = map.find(55000);
    const orm::Record *held = middle->get();

    // When it grows by 100,000 keys above and 40,000 below
    for (qint64 key = 60000; key < 160000; ++key)
        map.insert(key, std::make_shared<orm::Record>(notes));
    for (qint64 key = 49999; key >= 10000; --key)
        map.insert(key, std::make_shared<orm::Record>(notes));

    // Then the entry is where it was: pages are added, never copied (a load's peak held the old
    // array beside the new one)
    QVERIFY(map.isDense());
    QCOMPARE(map.size(), 150000);
    QCOMPARE(map.find(55000), middle);
    QCOMPARE(middle->get(), held);
    QVERIFY(map.pageCount() <= 150000 / IntegerRecordMap::PageEntries + 2);
}

void TestIntegerRecordMap::shouldLeaveAMovedFromMapEmptyAndUsable() {
    const auto metadata = notesMetadata();
    const orm::Table *notes = metadata->table(QStringLiteral("notes"));
    // Given a dense map past its first page and a hashed one
    IntegerRecordMap dense;
    for (qint64 key = 1; key <= 10000; ++key)
        dense.insert(key, std::make_shared<orm::Record>(notes));
    IntegerRecordMap hashed;
    for (qint64 key = 0; key < 3000; key += 7)
        hashed.insert(key * 1000, std::make_shared<orm::Record>(notes));
    QVERIFY(dense.isDense() && !hashed.isDense());

    // When each is moved away (constructed from, then assigned from)
    IntegerRecordMap first(std::move(dense));
    IntegerRecordMap second;
    second = std::move(hashed);

    // Then the new maps hold everything, and the old ones are empty maps that find nothing and
    // take keys again (a defaulted move left their sizes beside no array)
    QCOMPARE(first.size(), 10000);
    QVERIFY(first.find(1) && first.find(10000));
    QCOMPARE(second.size(), 429);
    QVERIFY(second.find(7000) && !second.find(1000));
    for (IntegerRecordMap *old : {&dense, &hashed}) {
        QCOMPARE(old->size(), 0);
        QVERIFY(old->isDense());
        QVERIFY(!old->find(1) && !old->find(7000) && !old->find(10000));
        int visited = 0;
        old->forEach([&visited](const RecordPtr &) { ++visited; });
        QCOMPARE(visited, 0);
        const RecordPtr again = std::make_shared<orm::Record>(notes);
        old->insert(5, again);
        QCOMPARE(old->find(5)->get(), again.get());
        QCOMPARE(old->size(), 1);
    }
}

QTEST_GUILESS_MAIN(TestIntegerRecordMap)
#include "tst_integerrecordmap.moc"
