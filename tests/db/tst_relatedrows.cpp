// The ways rows relate, found in a reflected schema (issue 12, "related records, both ways"):
// which tables are junctions (a key made of exactly two foreign keys), the many-to-many links
// through them and their far-side rows, and the rows a foreign key of any shape refers to or is
// referred to by — one-column, composite, to another unique column — with staged edits winning.

#include "orm/relatedrows.h"
#include "orm/relationship.h"
#include "reflectedtest.h"

#include <QTest>

using namespace shelftest;

namespace {

QStringList texts(const orm::RecordList &records) {
    QStringList result;
    for (const orm::RecordPtr &record : records)
        result << record->displayText();
    return result;
}

} // namespace

class TestRelatedRows : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    /// The foreign key of `tableName` whose columns are these.
    const orm::ForeignKey &key(const QString &tableName, const QStringList &columns) const {
        const orm::Table &owner = table(tableName);
        for (const orm::ForeignKey &foreignKey : owner.foreignKeys()) {
            if (owner.columnNames(foreignKey.columns) == columns.join(QStringLiteral(", ")))
                return foreignKey;
        }
        qFatal("no such foreign key");
    }

private Q_SLOTS:
    void init() {
        QVERIFY2(createDatabase(), qPrintable(m_db->errorString()));
        QVERIFY(createShopSchema(*m_db));
        const QStringList statements = {
            // A self-junction (who mentors whom) and a table with two keys to one parent.
            QStringLiteral("CREATE TABLE mentorships (mentor_id integer NOT NULL REFERENCES "
                           "employees (id), mentee_id integer NOT NULL REFERENCES employees (id), "
                           "since date, PRIMARY KEY (mentor_id, mentee_id))"),
            QStringLiteral("CREATE TABLE handovers (id integer PRIMARY KEY, from_employee integer "
                           "REFERENCES employees (id), to_employee integer REFERENCES employees "
                           "(id), note text)"),
            // Beside the shop's rows: a customer that an order names by its company name.
            QStringLiteral("INSERT INTO customers (code, company_name) VALUES ('BONAP', 'Bon "
                           "app')"),
            QStringLiteral("INSERT INTO orders_by_company (id, company) VALUES (5, 'Bon app')"),
        };
        QString error;
        QVERIFY2(seedShop(*m_db, &error), qPrintable(error));
        QVERIFY(execAll(statements));
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    void cleanup() { closeDatabase(); }

    void shouldTellJunctionsFromOtherCompositeKeys() {
        // A key of two foreign keys, with or without further columns, links two tables
        QVERIFY(orm::isJunction(table(QStringLiteral("playlist_track"))));
        QVERIFY(orm::isJunction(table(QStringLiteral("mentorships"))));
        // A key of one foreign key and a number is an invoice's lines, not a link; a key of no
        // foreign key, or of one column, is none either
        QVERIFY(!orm::isJunction(table(QStringLiteral("invoice_lines"))));
        QVERIFY(!orm::isJunction(table(QStringLiteral("Order Details"))));
        QVERIFY(!orm::isJunction(table(QStringLiteral("shipments"))));
        QVERIFY(!orm::isJunction(table(QStringLiteral("employees"))));
    }

    void shouldLinkBothEndsOfAJunction() {
        const QList<orm::ManyToMany> fromPlaylists =
            orm::manyToManyFrom(table(QStringLiteral("playlists")));
        QCOMPARE(fromPlaylists.size(), 1);
        QCOMPARE(fromPlaylists.first().farTable()->name(), QStringLiteral("tracks"));
        QCOMPARE(fromPlaylists.first().junction()->name(), QStringLiteral("playlist_track"));
        const QList<orm::ManyToMany> fromTracks =
            orm::manyToManyFrom(table(QStringLiteral("tracks")));
        QCOMPARE(fromTracks.size(), 1);
        QCOMPARE(fromTracks.first().farTable()->name(), QStringLiteral("playlists"));
        // A junction from a table to itself links both ways: mentors and mentees
        QCOMPARE(orm::manyToManyFrom(table(QStringLiteral("employees"))).size(), 2);
        QVERIFY(orm::manyToManyFrom(table(QStringLiteral("invoices"))).isEmpty());
    }

    void shouldReadTheFarSideRowsAndFollowStagedLinks() {
        const orm::ManyToMany link =
            orm::manyToManyFrom(table(QStringLiteral("playlists"))).first();
        const orm::RecordPtr jazz = m_session->get(table(QStringLiteral("playlists")), 2);
        QVERIFY(jazz);
        QStringList tracks = texts(orm::farRecords(*m_session, jazz, link));
        tracks.sort();
        QCOMPARE(tracks, QStringList({QStringLiteral("Blue in Green"), QStringLiteral("So What")}));
        // When one link is staged for delete, its track leaves the list (the track stays)
        orm::RecordList links = jazz->children(*link.near);
        QCOMPARE(links.size(), 2);
        const orm::RecordPtr gone = links.first();
        const QString goneTrack = gone->parent(*link.far)->displayText();
        QVERIFY(m_session->remove(gone));
        QCOMPARE(texts(orm::farRecords(*m_session, jazz, link)).size(), 1);
        QVERIFY(!texts(orm::farRecords(*m_session, jazz, link)).contains(goneTrack));
        // When a new link to Money is staged, Money is one of Jazz's tracks
        const orm::RecordPtr money = m_session->get(table(QStringLiteral("tracks")), 3);
        orm::RecordPtr added = link.junction()->createRecord();
        QVERIFY(added->setParent(*link.far, money));
        QVERIFY(jazz->appendChild(*link.near, added));
        m_session->add(added);
        QVERIFY(texts(orm::farRecords(*m_session, jazz, link)).contains(QStringLiteral("Money")));
    }

    void shouldFindTheRowAKeyOfAnyShapeRefersTo() {
        // A composite key: a shipment's invoice line
        const orm::RecordPtr shipment = m_session->get(table(QStringLiteral("shipments")), 10);
        QVERIFY(shipment);
        const orm::RecordPtr line =
            orm::referencedRecord(*m_session, shipment,
                                  key(QStringLiteral("shipments"),
                                      {QStringLiteral("invoice_id"), QStringLiteral("line_no")}));
        QVERIFY(line);
        QCOMPARE(line->value(QStringLiteral("product")).toString(), QStringLiteral("Tea"));
        QCOMPARE(line->value(QStringLiteral("invoice_id")).toInt(), 2);
        // A key to another unique column: an order's customer by company name
        const orm::RecordPtr order = m_session->get(table(QStringLiteral("orders_by_company")), 5);
        const orm::RecordPtr customer = orm::referencedRecord(
            *m_session, order,
            key(QStringLiteral("orders_by_company"), {QStringLiteral("company")}));
        QVERIFY(customer);
        QCOMPARE(customer->id().toString(), QStringLiteral("BONAP"));
        // A one-column key through its relationship; staged values win
        const orm::RecordPtr invoice = m_session->get(table(QStringLiteral("invoices")), 1);
        const orm::ForeignKey &toCustomer =
            key(QStringLiteral("invoices"), {QStringLiteral("customer_code")});
        QVERIFY(orm::relationshipOf(table(QStringLiteral("invoices")), toCustomer));
        QCOMPARE(orm::referencedRecord(*m_session, invoice, toCustomer)->id().toString(),
                 QStringLiteral("ALFKI"));
        QVERIFY(invoice->setValue(QStringLiteral("customer_code"), QStringLiteral("BONAP")));
        QCOMPARE(orm::referencedRecord(*m_session, invoice, toCustomer)->id().toString(),
                 QStringLiteral("BONAP"));
        // A NULL key refers to nothing
        QVERIFY(shipment->setValue(QStringLiteral("line_no"), QVariant()));
        QVERIFY(
            !orm::referencedRecord(*m_session, shipment,
                                   key(QStringLiteral("shipments"),
                                       {QStringLiteral("invoice_id"), QStringLiteral("line_no")})));
    }

    void shouldFindTheRowsThatReferToARowThroughACompositeKey() {
        const orm::ForeignKey &toLine = key(
            QStringLiteral("shipments"), {QStringLiteral("invoice_id"), QStringLiteral("line_no")});
        QVERIFY(!orm::relationshipOf(table(QStringLiteral("shipments")), toLine));
        const orm::RecordPtr jam =
            m_session->get(table(QStringLiteral("invoice_lines")), QVariantList{1, 2});
        QVERIFY(jam);
        const auto ids = [&] {
            QStringList result;
            for (const orm::RecordPtr &row :
                 orm::referringRecords(*m_session, table(QStringLiteral("shipments")), toLine, jam))
                result << row->id().toString();
            result.sort();
            return result;
        };
        QCOMPARE(ids(), QStringList({QStringLiteral("12")}));
        // A shipment staged to point at the other line leaves; one staged to point here by both
        // columns joins, and so does a new one
        const orm::RecordPtr moved = m_session->get(table(QStringLiteral("shipments")), 12);
        QVERIFY(moved->setValue(QStringLiteral("line_no"), 1));
        const orm::RecordPtr arriving = m_session->get(table(QStringLiteral("shipments")), 10);
        QVERIFY(arriving->setValue(QStringLiteral("invoice_id"), 1));
        QVERIFY(arriving->setValue(QStringLiteral("line_no"), 2));
        orm::RecordPtr fresh = table(QStringLiteral("shipments")).createRecord();
        QVERIFY(fresh->setValue(QStringLiteral("id"), 13));
        QVERIFY(fresh->setValue(QStringLiteral("invoice_id"), 1));
        QVERIFY(fresh->setValue(QStringLiteral("line_no"), 2));
        m_session->add(fresh);
        QCOMPARE(ids(), QStringList({QStringLiteral("10"), QStringLiteral("13")}));
    }

    void shouldNameTwoKeysToOneTableAfterTheirColumns() {
        QStringList labels;
        for (const orm::Relationship *relationship :
             table(QStringLiteral("employees")).childRelationships())
            labels << relationship->displayLabel();
        QVERIFY2(labels.contains(QStringLiteral("handovers (from_employee)")),
                 qPrintable(labels.join(QLatin1Char(','))));
        QVERIFY2(labels.contains(QStringLiteral("handovers (to_employee)")),
                 qPrintable(labels.join(QLatin1Char(','))));
    }
};

QTEST_GUILESS_MAIN(TestRelatedRows)
#include "tst_relatedrows.moc"
