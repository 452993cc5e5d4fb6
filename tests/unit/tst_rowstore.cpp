// The packed store of committed rows (issue 13, model/orm/rowstore): every value a reflected
// column brings comes back exactly (same metatype, same value), NULLs keep what they are, short
// text is held inline and long text, blobs and other types out of line, slots are reused and
// their values freed, and a value read before a change keeps what it was.

#include "exactvalue.h"
#include "orm/column.h"
#include "orm/key.h"
#include "orm/metadata.h"
#include "orm/rowstore.h"
#include "orm/values.h"

#include <QDate>
#include <QDateTime>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <cmath>
#include <limits>

using orm::RowStore;
using shelftest::describe;
using shelftest::exactly;

class tst_RowStore : public QObject {
    Q_OBJECT

private slots:
    void shouldGiveBackEveryTypeExactly_data();
    void shouldGiveBackEveryTypeExactly();
    void shouldHoldANullOfATypeAsNull();
    void shouldHoldShortTextInlineAndLongTextOutOfLine();
    void shouldTellWhetherItHoldsAValueExactly();
    void shouldKeepSlotsApartAndReuseReleasedOnes();
    void shouldKeepAValueReadBeforeItChanged();
    void shouldFreeOutOfLineValuesWithTheirSlot();
    void shouldStopRecyclingOnceRetiredAndKeepWhatIsLeftReadable();
    void shouldHoldManyRows();
    void shouldNeverMoveStoredRowsWhenGrowing();
    void shouldStoreWhatAReaderSetsAsTheSameValue();
    void shouldCompareAValueWithACellAsValuesSameDoes();
    void shouldFindAnEqualValueInAnotherFormEqualInItsCell();
    void shouldReadAnIntegerKeyWhereKeyOfValueReadsOne_data();
    void shouldReadAnIntegerKeyWhereKeyOfValueReadsOne();
};

void tst_RowStore::shouldGiveBackEveryTypeExactly_data() {
    QTest::addColumn<QVariant>("value");
    // NULL (SQL NULL is an invalid QVariant) and every type reflection and the readers bring
    QTest::newRow("null") << QVariant();
    QTest::newRow("integer") << QVariant(qint64(-9'007'199'254'740'993));
    QTest::newRow("integer max") << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("int") << QVariant(int(-7));
    QTest::newRow("unsigned 64") << QVariant(std::numeric_limits<quint64>::max());
    QTest::newRow("real") << QVariant(0.1 + 0.2);
    QTest::newRow("negative zero") << QVariant(-0.0);
    QTest::newRow("not a number") << QVariant(std::nan(""));
    QTest::newRow("boolean true") << QVariant(true);
    QTest::newRow("boolean false") << QVariant(false);
    QTest::newRow("decimal as text") << QVariant(QStringLiteral("1.10"));
    QTest::newRow("long decimal") << QVariant(QStringLiteral("12345678901234567890.000000001"));
    QTest::newRow("text in an INTEGER column") << QVariant(QStringLiteral("12a"));
    QTest::newRow("short text") << QVariant(QStringLiteral("Book 9999-10"));
    QTest::newRow("latin-1 text") << QVariant(QStringLiteral("Gödel, café"));
    QTest::newRow("unicode text") << QVariant(QStringLiteral("Ωμέγα"));
    QTest::newRow("emoji") << QVariant(QStringLiteral("\U0001F4DA"));
    QTest::newRow("long text") << QVariant(QString(5000, QLatin1Char('x')));
    QTest::newRow("empty text") << QVariant(QStringLiteral(""));
    QTest::newRow("null text") << QVariant(QString());
    QTest::newRow("text with NUL") << QVariant(QString(QLatin1String("a\0b", 3)));
    QTest::newRow("blob") << QVariant(QByteArray("\x00\xff\x01 bytes\x00", 10));
    QTest::newRow("empty blob") << QVariant(QByteArray(""));
    QTest::newRow("date") << QVariant(QDate(2026, 12, 3));
    QTest::newRow("time") << QVariant(QTime(23, 59, 58, 999));
    QTest::newRow("timestamp") << QVariant(QDateTime(QDate(1999, 1, 2), QTime(3, 4, 5)));
    QTest::newRow("timestamp with zone")
        << QVariant(QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone::utc()));
    QTest::newRow("uuid") << QVariant(
        QUuid::fromString(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}")));
    QTest::newRow("uuid as text") << QVariant(
        QStringLiteral("67c8770b-44f1-410a-ab9a-f9b5446f13ee"));
    QTest::newRow("json as text") << QVariant(QStringLiteral("{\"a\": [1, 2.50]}"));
    QTest::newRow("enum label") << QVariant(QStringLiteral("draft"));
}

void tst_RowStore::shouldGiveBackEveryTypeExactly() {
    QFETCH(QVariant, value);
    // In a row between other values, as the first value of a fresh slot, and set over another.
    RowStore store(3);
    const int slot = store.add({QVariant(qint64(1)), value, QVariant(QStringLiteral("neighbour"))});
    const QVariant back = store.value(slot, 1);
    QVERIFY2(exactly(back, value), qPrintable(describe(back) + " != " + describe(value)));
    QVERIFY(exactly(store.row(slot).at(1), value));
    QVERIFY(exactly(store.value(slot, 0), QVariant(qint64(1))));
    QVERIFY(exactly(store.value(slot, 2), QVariant(QStringLiteral("neighbour"))));
    const int other =
        store.add({QVariant(), QVariant(QStringLiteral("a long text, out of line")), QVariant()});
    store.set(other, 1, value);
    QVERIFY(exactly(store.value(other, 1), value));
    store.set(other, 1, QVariant(3.5));
    QVERIFY(exactly(store.value(other, 1), QVariant(3.5)));
    QVERIFY(exactly(store.value(slot, 1), value)); // the first row kept its own
}

void tst_RowStore::shouldHoldANullOfATypeAsNull() {
    // Given NULLs of a type, as Qt Sql reads an SQL NULL and a database gives back a NULL key
    const QList<QMetaType> types = {
        QMetaType::fromType<qlonglong>(), QMetaType::fromType<qulonglong>(),
        QMetaType::fromType<int>(),       QMetaType::fromType<double>(),
        QMetaType::fromType<bool>(),      QMetaType::fromType<QString>(),
        QMetaType::fromType<QDate>(),     QMetaType::fromType<QByteArray>(),
    };
    RowStore store(2);
    for (const QMetaType &type : types) {
        // When each is set into a cell that held a value, and added as a row
        const int slot = store.add({QVariant(qint64(5)), QVariant(QStringLiteral("held"))});
        store.set(slot, 0, QVariant(type));
        store.set(slot, 1, QVariant(type));
        const int added = store.add({QVariant(type), QVariant(type)});
        // Then every cell holds NULL, not the type's default value (0, an empty text)
        for (const int row : {slot, added}) {
            for (int column = 0; column < 2; ++column) {
                QVERIFY2(store.value(row, column).isNull(), type.name());
                QVERIFY2(store.isNull(row, column), type.name());
            }
        }
    }
}

void tst_RowStore::shouldHoldShortTextInlineAndLongTextOutOfLine() {
    RowStore store(4);
    store.add({QVariant(qint64(7)), QVariant(QStringLiteral("Book 12-3")), QVariant(2.5),
               QVariant(true)});
    QCOMPARE(store.outOfLineCount(), 0); // numbers, a boolean and a short title: nothing apart
    store.add({QVariant(qint64(8)), QVariant(QStringLiteral("A title of thirteen")),
               QVariant(QByteArray("b")), QVariant(QDate(2026, 1, 1))});
    QCOMPARE(store.outOfLineCount(), 3); // long text, a blob, a date
    store.add({QVariant(), QVariant(QStringLiteral("Ωμέγα")), QVariant(), QVariant()});
    QCOMPARE(store.outOfLineCount(), 4); // not Latin-1: kept as it came
}

void tst_RowStore::shouldTellWhetherItHoldsAValueExactly() {
    RowStore store(5);
    const int slot = store.add({QVariant(qint64(7)), QVariant(QStringLiteral("1.10")), QVariant(),
                                QVariant(QByteArray("\x00x", 2)),
                                QVariant(QStringLiteral("long enough to be kept apart"))});
    QVERIFY(store.holds(slot, 0, QVariant(qint64(7))));
    QVERIFY(!store.holds(slot, 0, QVariant(int(7)))); // another type is another form
    QVERIFY(!store.holds(slot, 0, QVariant(qint64(8))));
    QVERIFY(store.holds(slot, 1, QVariant(QStringLiteral("1.10"))));
    QVERIFY(!store.holds(slot, 1, QVariant(QStringLiteral("1.1")))); // a decimal's text counts
    QVERIFY(!store.holds(slot, 1, QVariant(1.1)));
    QVERIFY(store.holds(slot, 2, QVariant()));
    QVERIFY(!store.holds(slot, 2, QVariant(QString())));
    QVERIFY(store.holds(slot, 3, QVariant(QByteArray("\x00x", 2))));
    QVERIFY(!store.holds(slot, 3, QVariant(QByteArray("\x00y", 2))));
    QVERIFY(store.holds(slot, 4, QVariant(QStringLiteral("long enough to be kept apart"))));
    QVERIFY(!store.holds(slot, 4, QVariant(QStringLiteral("long enough to be kept apart!"))));
}

void tst_RowStore::shouldKeepSlotsApartAndReuseReleasedOnes() {
    RowStore store(2);
    const int a = store.add({QVariant(qint64(1)), QVariant(QStringLiteral("a"))});
    const int b = store.add({QVariant(qint64(2)), QVariant(QStringLiteral("b"))});
    QVERIFY(a != b);
    QCOMPARE(store.rowCount(), 2);
    store.set(a, {QVariant(qint64(10)), QVariant()});
    QCOMPARE(store.value(a, 0), QVariant(qint64(10)));
    QVERIFY(!store.value(a, 1).isValid());
    QCOMPARE(store.value(b, 1), QVariant(QStringLiteral("b"))); // b untouched
    store.release(a);
    QCOMPARE(store.rowCount(), 1);
    const int c = store.add({QVariant(qint64(3)), QVariant(QStringLiteral("c"))});
    QCOMPARE(c, a); // the released slot, reused, with nothing of its old values
    QCOMPARE(store.row(c), QVariantList({QVariant(qint64(3)), QVariant(QStringLiteral("c"))}));
    QCOMPARE(store.rowCount(), 2);
}

void tst_RowStore::shouldKeepAValueReadBeforeItChanged() {
    // Copy-on-write: a value handed out shares the data, and changing the store does not reach it
    RowStore store(1);
    const QString longText(100, QLatin1Char('t'));
    const int slot = store.add({QVariant(longText)});
    const QVariant before = store.value(slot, 0);
    store.set(slot, 0, QVariant(QStringLiteral("changed")));
    QCOMPARE(before.toString(), longText);
    QCOMPARE(store.value(slot, 0).toString(), QStringLiteral("changed"));
    store.release(slot);
    QCOMPARE(before.toString(), longText);
}

void tst_RowStore::shouldStopRecyclingOnceRetiredAndKeepWhatIsLeftReadable() {
    // A session's end retires its stores: the records going with it release their slots without
    // the store clearing and listing each one, and a record kept beyond it still reads its row.
    RowStore store(2);
    const QString longText(40, QLatin1Char('x'));
    const int a = store.add({QVariant(qint64(1)), QVariant(longText)});
    const int b = store.add({QVariant(qint64(2)), QVariant(longText)});
    store.retire();
    store.release(a);
    QCOMPARE(store.rowCount(), 1);
    QCOMPARE(store.row(b), QVariantList({QVariant(qint64(2)), QVariant(longText)}));
    // Nothing is recycled: a row added now takes a new slot and leaves a's cells as they were
    const int c = store.add({QVariant(qint64(3)), QVariant()});
    QVERIFY(c != a && c != b);
    QCOMPARE(store.value(a, 1), QVariant(longText));
    QCOMPARE(store.rowCount(), 2);
}

void tst_RowStore::shouldFreeOutOfLineValuesWithTheirSlot() {
    RowStore store(2);
    QByteArray blob(1 << 20, 'z');
    const int slot = store.add({QVariant(blob), QVariant(QString(40, QLatin1Char('x')))});
    QCOMPARE(store.outOfLineCount(), 2);
    QVERIFY(!blob.isDetached()); // shared with the store, not copied
    store.release(slot);
    QCOMPARE(store.outOfLineCount(), 0);
    QVERIFY(blob.isDetached()); // the store let go of its share
    // Freed out-of-line places are reused
    store.add({QVariant(QByteArray("again")), QVariant()});
    QCOMPARE(store.outOfLineCount(), 1);
}

void tst_RowStore::shouldHoldManyRows() {
    // 110,000 rows of a book (key, title, author): all inline, each read back as written
    RowStore store(3);
    constexpr int Rows = 110'000;
    for (int i = 0; i < Rows; ++i)
        store.add({QVariant(qint64(i)), QVariant(QStringLiteral("Book %1").arg(i)),
                   QVariant(qint64(i / 10))});
    QCOMPARE(store.rowCount(), Rows);
    QCOMPARE(store.outOfLineCount(), 0);
    for (int i = 0; i < Rows; i += 997) {
        QCOMPARE(store.value(i, 0), QVariant(qint64(i)));
        QCOMPARE(store.value(i, 1), QVariant(QStringLiteral("Book %1").arg(i)));
        QCOMPARE(store.value(i, 2), QVariant(qint64(i / 10)));
    }
}

void tst_RowStore::shouldNeverMoveStoredRowsWhenGrowing() {
    // Given a row whose short text sits inline, and a view on those characters in the store
    RowStore store(5);
    const int first = store.add({QVariant(qint64(1)), QVariant(QStringLiteral("Ada")), QVariant(),
                                 QVariant(2.5), QVariant(QString(30, QLatin1Char('L')))});
    const QLatin1StringView view = store.inlineText(first, 1);
    QCOMPARE(view, QLatin1StringView("Ada"));
    const char *const where = view.data();
    const qsizetype oneBlock = store.reservedBytes();
    QVERIFY(oneBlock > 0);

    // When the store grows to many times one block (rows and out-of-line values alike)
    constexpr int Rows = 200'000;
    for (int i = 1; i < Rows; ++i)
        store.add({QVariant(qint64(i)), QVariant(QStringLiteral("Row %1").arg(i)), QVariant(),
                   QVariant(double(i)), QVariant(QStringLiteral("a longer text, row %1").arg(i))});

    // Then the first row was neither moved nor copied: the view still reads it, in place (an array
    // grown by doubling moves it, and AddressSanitizer reports the read as a use after free)
    QCOMPARE(view, QLatin1StringView("Ada"));
    QCOMPARE(store.inlineText(first, 1).data(), where);
    QCOMPARE(store.value(first, 4), QVariant(QString(30, QLatin1Char('L'))));
    QVERIFY(store.inlineText(first, 4).isEmpty()); // long text is not inline
    // And the store holds whole blocks for exactly what it was given: no spare half array
    const qsizetype cellBlock = qsizetype(store.rowsPerBlock()) * 5 * 16;
    const qsizetype heapBlock = qsizetype(RowStore::HeapBlockValues) * qsizetype(sizeof(QVariant));
    const qsizetype cellBlocks = (Rows + store.rowsPerBlock() - 1) / store.rowsPerBlock();
    const qsizetype heapBlocks = (Rows + RowStore::HeapBlockValues - 1) / RowStore::HeapBlockValues;
    QCOMPARE(store.reservedBytes(), cellBlocks * cellBlock + heapBlocks * heapBlock);
    QCOMPARE(oneBlock, cellBlock + heapBlock);
    QCOMPARE(store.outOfLineCount(), Rows);
    // And a released slot is reused before any new block is added
    store.release(first);
    const qsizetype before = store.reservedBytes();
    QCOMPARE(store.add({QVariant(), QVariant(), QVariant(), QVariant(), QVariant()}), first);
    QCOMPARE(store.reservedBytes(), before);
}

void tst_RowStore::shouldStoreWhatAReaderSetsAsTheSameValue() {
    // SqliteReader writes a row cell by cell into a slot of NULLs: every value must be the one
    // add() would have stored from the QVariant, held the same way (inline or out of line).
    const QByteArray texts[] = {
        "Book 9999-10",        "Book 99999-10",     "caf\xc3\xa9", "\xce\xa9\xce\xbc", "",
        QByteArray("a\0b", 3), QByteArray(300, 'y')};
    for (const QByteArray &utf8 : texts) {
        RowStore viaSetters(3);
        const int slot = viaSetters.addNulls();
        for (int column = 0; column < 3; ++column)
            QVERIFY(!viaSetters.value(slot, column).isValid()); // a new row is all NULL
        viaSetters.setInteger(slot, 0, -42);
        viaSetters.setUtf8(slot, 1, utf8.constData(), utf8.size());
        viaSetters.setReal(slot, 2, -0.0);
        RowStore viaAdd(3);
        const int added =
            viaAdd.add({QVariant(qint64(-42)), QVariant(QString::fromUtf8(utf8)), QVariant(-0.0)});
        for (int column = 0; column < 3; ++column) {
            QVERIFY2(exactly(viaSetters.value(slot, column), viaAdd.value(added, column)),
                     qPrintable(describe(viaSetters.value(slot, column))));
        }
        QCOMPARE(viaSetters.inlineText(slot, 1), viaAdd.inlineText(added, 1));
        QCOMPARE(viaSetters.outOfLineCount(), viaAdd.outOfLineCount());
        // A setter over an out-of-line value frees it
        viaSetters.setInteger(slot, 1, 7);
        QCOMPARE(viaSetters.outOfLineCount(), 0);
        QVERIFY(exactly(viaSetters.value(slot, 1), QVariant(qint64(7))));
    }
    // PostgresReader's int4 and int8 (not negative) as QPSQL reads them: an int, an unsigned
    // 64-bit integer, held as add() holds their QVariants
    RowStore viaSetters(2);
    const int set = viaSetters.addNulls();
    viaSetters.setInt(set, 0, -2'000'000'000);
    viaSetters.setUnsignedInteger(set, 1, std::numeric_limits<quint64>::max());
    RowStore viaAdd(2);
    const int added =
        viaAdd.add({QVariant(int(-2'000'000'000)), QVariant(std::numeric_limits<quint64>::max())});
    for (int column = 0; column < 2; ++column) {
        QVERIFY2(exactly(viaSetters.value(set, column), viaAdd.value(added, column)),
                 qPrintable(describe(viaSetters.value(set, column))));
        QVERIFY(viaSetters.holds(set, column, viaAdd.value(added, column)));
    }
    // A released slot comes back from addNulls() with no value of its old row left
    RowStore store(2);
    const int slot = store.add({QVariant(QString(40, QLatin1Char('z'))), QVariant(2.5)});
    store.release(slot);
    const int again = store.addNulls();
    QCOMPARE(again, slot);
    QVERIFY(!store.value(again, 0).isValid());
    QVERIFY(!store.value(again, 1).isValid());
    QCOMPARE(store.rowCount(), 1);
}

void tst_RowStore::shouldCompareAValueWithACellAsValuesSameDoes() {
    // Given every value of shouldGiveBackEveryTypeExactly and the forms edits come in (a
    // decimal's other text, a date as text, numbers of other types, text of other case or
    // length, short and long), held in a row — inline, raw or out of line as each goes
    QList<QVariant> values = {
        QVariant(),
        QVariant(qint64(-9'007'199'254'740'993)),
        QVariant(std::numeric_limits<qint64>::max()),
        QVariant(int(-7)),
        QVariant(qint64(-7)),
        QVariant(-7.0),
        QVariant(std::numeric_limits<quint64>::max()),
        QVariant(0.1 + 0.2),
        QVariant(-0.0),
        QVariant(0.0),
        QVariant(std::nan("")),
        QVariant(true),
        QVariant(false),
        QVariant(qint64(0)),
        QVariant(QStringLiteral("0")),
        QVariant(QStringLiteral("0.00")),
        QVariant(QStringLiteral("-0")),
        QVariant(QStringLiteral("1.10")),
        QVariant(QStringLiteral("1.1")),
        QVariant(QStringLiteral(".99")),
        QVariant(QStringLiteral("0.99")),
        QVariant(0.99),
        QVariant(QStringLiteral("12345678901234567890.000000001")),
        QVariant(QStringLiteral("12a")),
        QVariant(QStringLiteral("Book 9999-10")),
        QVariant(QStringLiteral("book 9999-10")),
        QVariant(QStringLiteral("Book 9999-1")),
        QVariant(QStringLiteral("Book 9999-10 (edited)")),
        QVariant(QStringLiteral("Gödel, café")),
        QVariant(QStringLiteral("Ωμέγα")),
        QVariant(QString(5000, QLatin1Char('x'))),
        QVariant(QStringLiteral("")),
        QVariant(QString()),
        QVariant(QMetaType::fromType<QString>()), // a null QVariant of a type
        QVariant(QByteArray("\x00\xff\x01 bytes\x00", 10)),
        QVariant(QByteArray("0")),
        QVariant(QDate(2026, 11, 1)),
        QVariant(QStringLiteral("2026-11-01")),
        QVariant(QStringLiteral("2026-11-01 00:00:00")),
        QVariant(QDateTime(QDate(2026, 11, 1), QTime(0, 0))),
        QVariant(QStringLiteral("2026-11-01T00:00:00Z")),
        QVariant(QTime(23, 59, 58)),
        QVariant(QStringLiteral("23:59:58")),
        QVariant(QUuid::fromString(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}"))),
        QVariant(QStringLiteral("67c8770b-44f1-410a-ab9a-f9b5446f13ee")),
    };
    const QList<orm::ColumnType> types = {
        orm::ColumnType::Integer, orm::ColumnType::Text,      orm::ColumnType::Real,
        orm::ColumnType::Boolean, orm::ColumnType::Decimal,   orm::ColumnType::Date,
        orm::ColumnType::Time,    orm::ColumnType::Timestamp, orm::ColumnType::TimestampTz,
        orm::ColumnType::Blob,    orm::ColumnType::Uuid,      orm::ColumnType::Json,
        orm::ColumnType::Enum,    orm::ColumnType::Other,
    };
    RowStore store(1);
    QList<int> rows;
    for (const QVariant &value : values)
        rows.append(store.add({value}));
    // When each value is compared with each cell, as every column type, Then the answer is
    // values::same()'s with the cell made into its QVariant, and the cell's type is its value's
    int equalInAnotherForm = 0;
    int answeredFromBytes = 0;
    for (orm::ColumnType type : types) {
        orm::Column column = orm::Column::text(QStringLiteral("c"));
        column.type = type;
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QVariant held = store.value(rows.at(i), 0);
            QCOMPARE(store.typeId(rows.at(i), 0), held.typeId());
            for (const QVariant &edit : values) {
                const bool expected = orm::values::same(column, edit, held);
                QVERIFY2(store.same(rows.at(i), 0, column, edit) == expected,
                         qPrintable(
                             QStringLiteral("%1: %2 against the cell %3")
                                 .arg(orm::columnTypeName(type), describe(edit), describe(held))));
                equalInAnotherForm += expected && edit.typeId() != held.typeId() ? 1 : 0;
                // A staged text held as Latin-1 bytes is compared the same way where the bytes
                // settle it (sameText()), and left to same() where they do not
                if (edit.typeId() == QMetaType::QString &&
                    orm::values::fitsLatin1(edit.toString(), 32)) {
                    const QByteArray latin1 = edit.toString().toLatin1();
                    const std::optional<bool> fromBytes =
                        store.sameText(rows.at(i), 0, column, QLatin1StringView(latin1));
                    QVERIFY2(!fromBytes || *fromBytes == expected,
                             qPrintable(QStringLiteral("%1: text %2 against the cell %3")
                                            .arg(orm::columnTypeName(type), describe(edit),
                                                 describe(held))));
                    answeredFromBytes += fromBytes ? 1 : 0;
                }
            }
        }
    }
    QVERIFY(equalInAnotherForm > 10); // the list does reach the comparisons by value
    QVERIFY(answeredFromBytes > 100); // and the texts reach the comparison of bytes
}

void tst_RowStore::shouldFindAnEqualValueInAnotherFormEqualInItsCell() {
    // Given a decimal's "0.00", a date's text and a title, all short enough to be held inline
    RowStore store(3);
    const int slot =
        store.add({QVariant(QStringLiteral("0.00")), QVariant(QStringLiteral("2026-11-01")),
                   QVariant(QStringLiteral("Book 12-3"))});
    QCOMPARE(store.outOfLineCount(), 0);
    orm::Column decimal = orm::Column::text(QStringLiteral("price"));
    decimal.type = orm::ColumnType::Decimal;
    orm::Column date = orm::Column::text(QStringLiteral("published"));
    date.type = orm::ColumnType::Date;
    const orm::Column title = orm::Column::text(QStringLiteral("title"));
    // Then an equal value in another form is the same, compared as a decimal or a date
    QVERIFY(store.same(slot, 0, decimal, QVariant(QStringLiteral("0"))));
    QVERIFY(store.same(slot, 0, decimal, QVariant(QStringLiteral("-0.000"))));
    QVERIFY(!store.same(slot, 0, decimal, QVariant(QStringLiteral("0.01"))));
    QVERIFY(store.same(slot, 1, date, QVariant(QDate(2026, 11, 1))));
    QVERIFY(!store.same(slot, 1, date, QVariant(QDate(2026, 11, 2))));
    // And text is text, compared exactly: the same characters or none
    QVERIFY(store.same(slot, 2, title, QVariant(QStringLiteral("Book 12-3"))));
    QVERIFY(!store.same(slot, 2, title, QVariant(QStringLiteral("book 12-3"))));
    QVERIFY(!store.same(slot, 2, title, QVariant(QStringLiteral("Book 12-3 "))));
    QVERIFY(!store.same(slot, 0, title, QVariant(QStringLiteral("0"))));
    QVERIFY(!store.same(slot, 2, title, QVariant()));
    QCOMPARE(store.typeId(slot, 2), int(QMetaType::QString));
}

void tst_RowStore::shouldReadAnIntegerKeyWhereKeyOfValueReadsOne_data() {
    // Every type the readers bring, and the integers PostgreSQL's int2, int4 and int8 read as
    shouldGiveBackEveryTypeExactly_data();
    QTest::newRow("int8 as unsigned") << QVariant(qulonglong(7));
    QTest::newRow("int8 as unsigned, the largest key") << QVariant(qulonglong(INT64_MAX));
    QTest::newRow("unsigned past the largest key") << QVariant(qulonglong(INT64_MAX) + 1);
    QTest::newRow("int4") << QVariant(int(2'000'000'000));
    QTest::newRow("real that is whole") << QVariant(7.0);
    QTest::newRow("integer as text") << QVariant(QStringLiteral("7"));
}

void tst_RowStore::shouldReadAnIntegerKeyWhereKeyOfValueReadsOne() {
    // Given a value in the cell of an INTEGER key column
    QFETCH(QVariant, value);
    orm::Metadata metadata;
    orm::Table &table = metadata.addTable(QStringLiteral("t"), QStringLiteral("T"));
    table.addColumn(orm::Column::key());
    metadata.finalize();
    RowStore store(1);
    const int slot = store.add({value});

    // When the cell is read as an integer key
    qint64 number = 0;
    const bool read = store.integerKey(slot, 0, &number);

    // Then it is one exactly where the key made of the value is that integer key: the loader and
    // the identity map find a row by either, on both backends
    const orm::Key key = orm::Key::ofValue(table, 0, value);
    if (read) {
        QVERIFY2(key.isInteger(), qPrintable(describe(value)));
        QCOMPARE(number, key.integer());
    }
    // A qint64, an int and an unsigned integer in range are read from the cell, no QVariant made
    const int typeId = value.typeId();
    const bool inRange = typeId == QMetaType::LongLong || typeId == QMetaType::Int ||
                         (typeId == QMetaType::ULongLong && value.toULongLong() <= INT64_MAX);
    QCOMPARE(read, inRange);
}

QTEST_GUILESS_MAIN(tst_RowStore)
#include "tst_rowstore.moc"
