// What a flush's INSERTs left in the database apart from the cells they were bound from (issue
// 13, 14): orm::WrittenCells keeps every column's values as runs (consecutive writes that took
// one parent's key, or keys counting up, 16 bytes together), and gives a write's values back by
// column, also where a batch ran its writes out of plan order, and write after write as a commit
// asks for them (each found where the last ended); one value of a write, as a flush asks for a
// parent's new key; and a write's values put into a row of the row store, as a commit does, each
// as the store sets it.

#include "orm/rowstore.h"
#include "orm/writtencells.h"

#include <QTest>
#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <vector>

using orm::WrittenCells;

namespace {

using Expected = std::map<qsizetype, std::vector<QPair<int, QVariant>>>;

/// `cells` as the values of `expected` for `write`, types included.
bool sameAs(const WrittenCells::Cells &cells, const Expected &expected, qsizetype write,
            QString *why) {
    const auto found = expected.find(write);
    const std::vector<QPair<int, QVariant>> none;
    const std::vector<QPair<int, QVariant>> &wanted =
        found == expected.end() ? none : found->second;
    if (size_t(cells.size()) != wanted.size()) {
        *why = QStringLiteral("write %1: %2 values, not %3")
                   .arg(write)
                   .arg(cells.size())
                   .arg(wanted.size());
        return false;
    }
    for (size_t i = 0; i < wanted.size(); ++i) {
        const QPair<int, QVariant> &cell = cells.at(qsizetype(i));
        if (cell.first != wanted[i].first || cell.second.typeId() != wanted[i].second.typeId() ||
            cell.second != wanted[i].second) {
            *why = QStringLiteral("write %1, value %2 differs").arg(write).arg(i);
            return false;
        }
    }
    return true;
}

/// cells.value(write, column) for every column of 0..39: the first value `expected` has for it,
/// types included, or none.
bool valuesSameAs(const WrittenCells &cells, const Expected &expected, qsizetype write,
                  QString *why) {
    const auto found = expected.find(write);
    for (int column = 0; column < 40; ++column) {
        std::optional<QVariant> wanted;
        if (found != expected.end()) {
            for (const QPair<int, QVariant> &cell : found->second) {
                if (cell.first == column) {
                    wanted = cell.second;
                    break;
                }
            }
        }
        const std::optional<QVariant> given = cells.value(write, column);
        if (given.has_value() != wanted.has_value() ||
            (given && (given->typeId() != wanted->typeId() || *given != *wanted))) {
            *why = QStringLiteral("write %1, column %2: value() differs").arg(write).arg(column);
            return false;
        }
    }
    return true;
}

} // namespace

class TestWrittenCells : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shouldGiveBackEachWritesValuesWithTheirTypes();
    void shouldFindWritesAddedOutOfPlanOrder();
    void shouldMatchAMapThroughRandomWritesReadInOrderAndAtRandom();
    void shouldWriteAWritesValuesIntoARowAsTheStoreSetsThem();
    void shouldKeepKeysCountingUpAndAParentsKeyAsRuns();
};

void TestWrittenCells::shouldGiveBackEachWritesValuesWithTheirTypes() {
    // Given a generated key and a parent's new key for write 1, nothing for writes 0 and 2, for
    // write 3 a text and an int (PostgreSQL's int4 key: its type as it was), and for write 5 a
    // NULL of a 64-bit integer column, the smallest int and the largest unsigned 64-bit integer
    // (as QPSQL reads an int8 that is not negative)
    WrittenCells cells;
    QVERIFY(cells.isEmpty());
    cells.add(1, 0, QVariant(qlonglong(7)));
    cells.add(1, 2, QVariant(qlonglong(-3)));
    cells.add(3, 2, QVariant(QStringLiteral("filled by a default")));
    cells.add(3, 4, QVariant(int(5)));
    cells.add(5, 0, QVariant(QMetaType::fromType<qlonglong>()));
    cells.add(5, 1, QVariant(std::numeric_limits<int>::min()));
    cells.add(5, 2, QVariant(std::numeric_limits<qulonglong>::max()));

    // Then each write gives back its own values, by column, as they were given
    QVERIFY(!cells.isEmpty());
    QVERIFY(cells.of(0).isEmpty());
    const WrittenCells::Cells first = cells.of(1);
    QCOMPARE(first.size(), 2);
    QCOMPARE(first.at(0).first, 0);
    QCOMPARE(first.at(0).second.typeId(), int(QMetaType::LongLong));
    QCOMPARE(first.at(0).second.toLongLong(), 7);
    QCOMPARE(first.at(1).first, 2);
    QCOMPARE(first.at(1).second.toLongLong(), -3);
    QVERIFY(cells.of(2).isEmpty());
    const WrittenCells::Cells third = cells.of(3);
    QCOMPARE(third.size(), 2);
    QCOMPARE(third.at(0).second, QVariant(QStringLiteral("filled by a default")));
    QCOMPARE(third.at(1).second.typeId(), int(QMetaType::Int));
    QCOMPARE(third.at(1).second.toInt(), 5);
    QVERIFY(cells.of(4).isEmpty());
    const WrittenCells::Cells fifth = cells.of(5);
    QCOMPARE(fifth.size(), 3);
    QCOMPARE(fifth.at(0).second.typeId(), int(QMetaType::LongLong));
    QCOMPARE(fifth.at(0).second.isNull(), QVariant(QMetaType::fromType<qlonglong>()).isNull());
    QCOMPARE(fifth.at(1).second.typeId(), int(QMetaType::Int));
    QCOMPARE(fifth.at(1).second.toInt(), std::numeric_limits<int>::min());
    QCOMPARE(fifth.at(2).second.typeId(), int(QMetaType::ULongLong));
    QCOMPARE(fifth.at(2).second.toULongLong(), std::numeric_limits<qulonglong>::max());
    QCOMPARE(cells.value(3, 4)->typeId(), int(QMetaType::Int));
    // And asked again, or backwards, the same
    QCOMPARE(cells.of(1).size(), 2);
    QCOMPARE(cells.of(3).size(), 2);
    QCOMPARE(cells.of(1).at(1).second.toLongLong(), -3);
}

void TestWrittenCells::shouldFindWritesAddedOutOfPlanOrder() {
    // Given values added for writes 5, 2, 5 again and 1, as batches may run them
    WrittenCells cells;
    cells.add(5, 1, QVariant(qlonglong(50)));
    cells.add(2, 1, QVariant(qlonglong(20)));
    cells.add(5, 3, QVariant(qlonglong(51)));
    cells.add(1, 1, QVariant(qlonglong(10)));

    // Then each write has its own values, write 5 both of them by column
    QCOMPARE(cells.of(1).size(), 1);
    QCOMPARE(cells.of(1).at(0).second.toLongLong(), 10);
    QCOMPARE(cells.of(2).at(0).second.toLongLong(), 20);
    const WrittenCells::Cells fifth = cells.of(5);
    QCOMPARE(fifth.size(), 2);
    QCOMPARE(fifth.at(0).first, 1);
    QCOMPARE(fifth.at(0).second.toLongLong(), 50);
    QCOMPARE(fifth.at(1).first, 3);
    QCOMPARE(fifth.at(1).second.toLongLong(), 51);
    QVERIFY(cells.of(3).isEmpty());
}

void TestWrittenCells::shouldMatchAMapThroughRandomWritesReadInOrderAndAtRandom() {
    std::mt19937 random(20261206);
    for (const bool inPlanOrder : {true, false}) {
        // Given 20,000 writes, a third of them with no value, the others with one to three
        // (64-bit integers signed or not, ints, texts), added in plan order (a commit's rows) or
        // shuffled (batches)
        std::vector<std::pair<qsizetype, QPair<int, QVariant>>> added;
        Expected expected;
        for (qsizetype write = 0; write < 20000; ++write) {
            const int values = int(random() % 4);
            std::vector<int> columns;
            for (int i = 0; i < values && write % 3 != 0; ++i) {
                int column = int(random() % 40);
                while (std::find(columns.begin(), columns.end(), column) != columns.end())
                    column = (column + 1) % 40; // a write holds one value a column
                columns.push_back(column);
                const unsigned kind = random() % 8;
                QVariant value(qlonglong(random()) - (1LL << 31));
                if (kind == 0)
                    value = QString::number(random());
                else if (kind == 1)
                    value = int(random() % (1U << 31)) - (1 << 30);
                else if (kind == 2)
                    value = qulonglong(random()) << 32 | random();
                else if (kind == 3 || kind == 4) // keys counting up, as a run of INSERTs gets
                    value =
                        column % 2 ? QVariant(qlonglong(write) + 1000) : QVariant(int(write) - 5);
                else if (kind == 5) // one parent's key, for ten writes
                    value = qlonglong(write / 10);
                added.push_back({write, {column, value}});
            }
        }
        if (!inPlanOrder) {
            // Shuffled by runs of a write's values, which stay in their order (as in a batch)
            std::vector<std::vector<std::pair<qsizetype, QPair<int, QVariant>>>> runs;
            for (const auto &entry : added) {
                if (runs.empty() || runs.back().front().first != entry.first)
                    runs.emplace_back();
                runs.back().push_back(entry);
            }
            std::shuffle(runs.begin(), runs.end(), random);
            added.clear();
            for (const auto &run : runs)
                added.insert(added.end(), run.begin(), run.end());
        }
        WrittenCells cells;
        for (const auto &[write, cell] : added) {
            cells.add(write, cell.first, cell.second);
            expected[write].push_back(cell);
        }
        for (auto &[write, cellsOfWrite] : expected) // given back by column
            std::sort(cellsOfWrite.begin(), cellsOfWrite.end(),
                      [](const auto &a, const auto &b) { return a.first < b.first; });

        // Then read write after write, and then at random, each write gives what the map holds;
        // and one value of another write asked between two of them (a parent's new key, as a
        // flush asks) is found too, without changing what the next write gives
        QString why;
        for (qsizetype write = 0; write < 20000; ++write) {
            QVERIFY2(sameAs(cells.of(write), expected, write, &why), qPrintable(why));
            if (write % 7 == 0) {
                const qsizetype other = qsizetype(random() % 20002);
                QVERIFY2(valuesSameAs(cells, expected, other, &why), qPrintable(why));
            }
        }
        for (int i = 0; i < 20000; ++i) {
            const qsizetype write = qsizetype(random() % 20002);
            QVERIFY2(sameAs(cells.of(write), expected, write, &why), qPrintable(why));
            if (i % 7 == 0)
                QVERIFY2(valuesSameAs(cells, expected, write, &why), qPrintable(why));
        }
    }
}

void TestWrittenCells::shouldWriteAWritesValuesIntoARowAsTheStoreSetsThem() {
    // Given write 1 left a generated key, a NULL of a 64-bit integer column, the smallest int, the
    // largest unsigned 64-bit integer and a text; write 2 a negative key; write 0 nothing; added
    // out of plan order
    const QVariantList left{QVariant(qlonglong(7)), QVariant(QMetaType::fromType<qlonglong>()),
                            QVariant(std::numeric_limits<int>::min()),
                            QVariant(std::numeric_limits<qulonglong>::max()),
                            QVariant(QStringLiteral("filled by a default"))};
    WrittenCells cells;
    cells.add(2, 3, QVariant(qlonglong(-3)));
    for (int column = 0; column < int(left.size()); ++column)
        cells.add(1, column, left.at(column));

    // When each write's values go into a row of a store whose cells all held a text, write after
    // write (as a commit applies its INSERTs)
    const orm::RowStoreRef store = orm::RowStoreRef::make(6);
    const QVariant before(QStringLiteral("before"));
    std::vector<int> rows;
    for (int row = 0; row < 3; ++row) {
        rows.push_back(store->addNulls());
        for (int column = 0; column < 6; ++column)
            store->set(rows.back(), column, before);
    }
    for (qsizetype write = 0; write < 3; ++write)
        cells.writeInto(write, *store, rows[size_t(write)]);

    // Then each value is held as RowStore::set() holds it, its type kept (an unsigned key is not
    // read back as a signed one, a NULL not as 0), and every other cell is as it was
    const auto holds = [&](int row, int column, const QVariant &wanted) {
        const QVariant held = store->value(rows[size_t(row)], column);
        if (wanted.isNull())
            return held.isNull();
        return held.typeId() == wanted.typeId() && held == wanted;
    };
    for (int column = 0; column < 6; ++column) {
        QVERIFY2(holds(0, column, before), qPrintable(QString::number(column)));
        QVERIFY2(holds(1, column, column < int(left.size()) ? left.at(column) : before),
                 qPrintable(QString::number(column)));
        QVERIFY2(holds(2, column, column == 3 ? QVariant(qlonglong(-3)) : before),
                 qPrintable(QString::number(column)));
    }
}

void TestWrittenCells::shouldKeepKeysCountingUpAndAParentsKeyAsRuns() {
    // Given w1's commit: 1,000 authors given keys 1..1,000, then their 10,000 books, each given a
    // key counting up from 1 and its author's new key (ten books an author); one book's key
    // breaks the count (a trigger gave it 5,000), and one author's key is an int, not a qlonglong
    WrittenCells cells;
    for (qsizetype author = 0; author < 1000; ++author)
        cells.add(author, 0, author == 500 ? QVariant(int(501)) : QVariant(qlonglong(author + 1)));
    for (qsizetype book = 0; book < 10000; ++book) {
        const qsizetype write = 1000 + book;
        cells.add(write, 2, QVariant(qlonglong(book / 10 + 1)));
        cells.add(write, 0, QVariant(qlonglong(book == 4321 ? 5000 : book + 1)));
    }

    // Then they take a run each where they count up or repeat, and a value of its own where one
    // breaks the run: three runs of authors' keys, three of books' keys, one a book's author
    QCOMPARE(cells.runCount(), size_t(3 + 3 + 1000));
    // And every value comes back as it was given, with its type, in order and at random
    for (qsizetype book = 0; book < 10000; ++book) {
        const WrittenCells::Cells values = cells.of(1000 + book);
        QCOMPARE(values.size(), 2);
        QCOMPARE(values.at(0).first, 0);
        QCOMPARE(values.at(0).second, QVariant(qlonglong(book == 4321 ? 5000 : book + 1)));
        QCOMPARE(values.at(1).first, 2);
        QCOMPARE(values.at(1).second, QVariant(qlonglong(book / 10 + 1)));
    }
    QCOMPARE(cells.value(500, 0)->typeId(), int(QMetaType::Int));
    QCOMPARE(cells.value(500, 0)->toInt(), 501);
    QCOMPARE(cells.value(501, 0), std::optional<QVariant>(QVariant(qlonglong(502))));
    QCOMPARE(cells.value(999, 0), std::optional<QVariant>(QVariant(qlonglong(1000))));
    QCOMPARE(cells.value(5321, 0), std::optional<QVariant>(QVariant(qlonglong(5000))));
    QCOMPARE(cells.value(5322, 0), std::optional<QVariant>(QVariant(qlonglong(4323))));
    QCOMPARE(cells.value(1009, 2), std::optional<QVariant>(QVariant(qlonglong(1))));
    QCOMPARE(cells.value(1010, 2), std::optional<QVariant>(QVariant(qlonglong(2))));
    QVERIFY(!cells.value(999, 2));
    QVERIFY(!cells.value(11000, 0));
    QVERIFY(cells.holdsLast(10999, 0));
    QVERIFY(cells.holdsLast(10999, 2));
    QVERIFY(!cells.holdsLast(10999, 1));
}

QTEST_GUILESS_MAIN(TestWrittenCells)
#include "tst_writtencells.moc"
