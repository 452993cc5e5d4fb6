// The text of PostgreSQL's COPY … FROM STDIN (issue 14, model/orm/copytext): each special
// character escaped on its own, NULL apart from empty text and from the text "\N", each type as
// the server's input reads it into what an INSERT of it stores, and the values that have no such
// text refused so that the flush writes them with INSERT. tst_copywrites checks the same on a
// real server.

#include "orm/copytext.h"

#include <QDate>
#include <QDateTime>
#include <QTest>
#include <QUuid>
#include <cmath>
#include <limits>

using orm::ColumnType;

namespace {

QByteArray field(ColumnType type, const QVariant &value) {
    QByteArray out;
    if (!orm::copytext::appendField(&out, type, value))
        return QByteArrayLiteral("<refused>");
    return out;
}

} // namespace

class tst_CopyText : public QObject {
    Q_OBJECT

private slots:
    void shouldWriteEachValueAsTheServerReadsIt_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QByteArray>("expected");
        const int text = int(ColumnType::Text);
        QTest::newRow("NULL") << text << QVariant() << QByteArray("\\N");
        QTest::newRow("null string") << text << QVariant(QString()) << QByteArray("\\N");
        QTest::newRow("empty text") << text << QVariant(QStringLiteral("")) << QByteArray("");
        QTest::newRow("the text \\N")
            << text << QVariant(QStringLiteral("\\N")) << QByteArray("\\\\N");
        QTest::newRow("backslash")
            << text << QVariant(QStringLiteral("a\\b")) << QByteArray("a\\\\b");
        QTest::newRow("tab") << text << QVariant(QStringLiteral("a\tb")) << QByteArray("a\\tb");
        QTest::newRow("line feed")
            << text << QVariant(QStringLiteral("a\nb")) << QByteArray("a\\nb");
        QTest::newRow("carriage return")
            << text << QVariant(QStringLiteral("a\rb")) << QByteArray("a\\rb");
        QTest::newRow("end marker")
            << text << QVariant(QStringLiteral("\\.")) << QByteArray("\\\\.");
        QTest::newRow("quotes stay")
            << text << QVariant(QStringLiteral("It's \"so\"")) << QByteArray("It's \"so\"");
        QTest::newRow("unicode as UTF-8 with a tab") << text << QVariant(QStringLiteral("ü\t𝄞"))
                                                     << QByteArray("\xc3\xbc\\t\xf0\x9d\x84\x9e");
        QTest::newRow("integer") << int(ColumnType::Integer)
                                 << QVariant(qlonglong(-9007199254740993LL))
                                 << QByteArray("-9007199254740993");
        QTest::newRow("decimal as its text")
            << int(ColumnType::Decimal) << QVariant(QStringLiteral("1.10")) << QByteArray("1.10");
        QTest::newRow("double 0.1") << int(ColumnType::Real) << QVariant(0.1) << QByteArray("0.1");
        QTest::newRow("double 1e-300")
            << int(ColumnType::Real) << QVariant(1e-300) << QByteArray("1e-300");
        QTest::newRow("double a third")
            << int(ColumnType::Real) << QVariant(1.0 / 3) << QByteArray("0.3333333333333333");
        QTest::newRow("-0 as an INSERT stores it")
            << int(ColumnType::Real) << QVariant(-0.0) << QByteArray("0");
        QTest::newRow("NaN") << int(ColumnType::Real)
                             << QVariant(std::numeric_limits<double>::quiet_NaN())
                             << QByteArray("NaN");
        QTest::newRow("-Infinity")
            << int(ColumnType::Real) << QVariant(-std::numeric_limits<double>::infinity())
            << QByteArray("-Infinity");
        QTest::newRow("true") << int(ColumnType::Boolean) << QVariant(true) << QByteArray("t");
        QTest::newRow("false") << int(ColumnType::Boolean) << QVariant(false) << QByteArray("f");
        QTest::newRow("bytes with NUL and specials")
            << int(ColumnType::Blob) << QVariant(QByteArray("\x00\\\t\n\xff", 5))
            << QByteArray("\\\\x005c090aff");
        QTest::newRow("empty bytes")
            << int(ColumnType::Blob) << QVariant(QByteArray("")) << QByteArray("\\\\x");
        QTest::newRow("null bytes")
            << int(ColumnType::Blob) << QVariant(QByteArray()) << QByteArray("\\N");
        QTest::newRow("date") << int(ColumnType::Date) << QVariant(QDate(2026, 12, 3))
                              << QByteArray("2026-12-03");
        QTest::newRow("time") << int(ColumnType::Time) << QVariant(QTime(9, 5, 7, 25))
                              << QByteArray("09:05:07.025");
        QTest::newRow("timestamptz in UTC")
            << int(ColumnType::TimestampTz)
            << QVariant(QDateTime(QDate(2026, 12, 3), QTime(10, 15, 30, 250), Qt::UTC))
            << QByteArray("2026-12-03T10:15:30.250Z");
        QTest::newRow("uuid") << int(ColumnType::Uuid)
                              << QVariant(QUuid(
                                     QStringLiteral("{6f1c1b2e-8a3d-4c51-9a0e-2f4b5c6d7e8f}")))
                              << QByteArray("{6f1c1b2e-8a3d-4c51-9a0e-2f4b5c6d7e8f}");
        // An INSERT's typed literal would store something else than COPY's text: refused
        QTest::newRow("QDateTime, no time zone")
            << int(ColumnType::Timestamp) << QVariant(QDateTime::currentDateTimeUtc())
            << QByteArray("<refused>");
        QTest::newRow("number into text") << text << QVariant(1e-300) << QByteArray("<refused>");
        QTest::newRow("double into integer")
            << int(ColumnType::Integer) << QVariant(1.5) << QByteArray("<refused>");
        QTest::newRow("boolean into text") << text << QVariant(true) << QByteArray("<refused>");
        QTest::newRow("year 10000")
            << int(ColumnType::Date) << QVariant(QDate(10000, 1, 1)) << QByteArray("<refused>");
    }
    void shouldWriteEachValueAsTheServerReadsIt() {
        QFETCH(int, type);
        QFETCH(QVariant, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(field(ColumnType(type), value), expected);
    }

    void shouldSeparateValuesByTabsAndEndRowsWithALineFeed() {
        // Given two rows of an integer and a text column
        const QVariantList values{1, QStringLiteral("a\tb"), 2, QVariant()};
        // When they are written
        QByteArray out;
        QVERIFY(orm::copytext::appendRows(&out, {ColumnType::Integer, ColumnType::Text}, values));
        // Then each row is its values between tabs, ended by a line feed
        QCOMPARE(out, QByteArray("1\ta\\tb\n2\t\\N\n"));
    }

    void shouldRefuseRowsWithAValueThatHasNoCopyText() {
        QByteArray out;
        QVERIFY(!orm::copytext::appendRows(&out, {ColumnType::Text}, {QVariant(true)}));
    }
};

QTEST_GUILESS_MAIN(tst_CopyText)
#include "tst_copytext.moc"
