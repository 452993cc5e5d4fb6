// Keys of every shape (issue 11, "Keys everywhere"): a text key, composite keys (invoice lines,
// a junction table of two foreign keys), foreign keys of two columns no relationship follows, and
// quoted names ("Order Details"). get/query/count, the identity map, insert, update of key and
// non-key columns, delete, rollback, failed commits (rule 8), conflicts (rule 12), keyset paging,
// the delete preview and the pending-changes SQL — on SQLite and PostgreSQL.

#include "keysfixture.h"

#include <QTest>

using namespace shelftest;

namespace {

QString describe(const orm::DeletePreview &preview) {
    QStringList lines;
    for (const auto &deleted : preview.deleted)
        lines << QStringLiteral("deleted %1").arg(deleted.record->displayName());
    for (const auto &blocker : preview.blockers)
        lines << QStringLiteral("blocker %1 rows of %2 keep %3: %4")
                     .arg(blocker.rows)
                     .arg(blocker.table ? blocker.table->name() : QString(),
                          blocker.blocked->displayName(), blocker.reason);
    for (const auto &effect : preview.databaseEffects)
        lines << QStringLiteral("database %1 rows of %2").arg(effect.rows).arg(effect.table);
    return lines.join(QLatin1Char('\n'));
}

QStringList keysOf(const RecordList &records) {
    QStringList keys;
    for (const RecordPtr &record : records) {
        QStringList parts;
        for (const QVariant &value : record->key().values())
            parts << value.toString();
        keys << parts.join(QLatin1Char('/'));
    }
    return keys;
}

} // namespace

class TestKeys : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- Reading -------------------------------------------------------------------------------

    void shouldGetRecordsByTextAndCompositeKeys() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr ada = f.session->get(f.table("customers"), QStringLiteral("C-001"));
        QVERIFY2(ada, qPrintable(f.session->lastError().fullText()));
        QCOMPARE(ada->value("name").toString(), QStringLiteral("Ada"));
        QCOMPARE(ada->id(), QVariant(QStringLiteral("C-001")));

        const RecordPtr hammer = f.line(1, 2);
        QVERIFY(hammer);
        QCOMPARE(hammer->value("description").toString(), QStringLiteral("Hammer"));
        QCOMPARE(hammer->id().toList(), (QVariantList{1, 2}));
        // The other invoice's line 2 is another row: both key columns count.
        QCOMPARE(f.line(2, 2)->value("description").toString(), QStringLiteral("Drill"));

        QVERIFY(!f.line(1, 9));
        QVERIFY(!f.session->lastError().isError());
        QVERIFY(!f.session->get(f.table("customers"), QStringLiteral("C-999")));
        // A one-column value for a two-column key names no row (and runs no query).
        f.recorder.clear();
        QVERIFY(!f.session->get(f.table("invoice_lines"), 1));
        QCOMPARE(f.recorder.all().size(), 0);
    }

    void shouldKeepOneRecordPerKeyOfEveryShape() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr hammer = f.line(1, 2);
        const RecordList lines = f.session->query(f.table("invoice_lines"));
        QCOMPARE(keysOf(lines), (QStringList{"1/1", "1/2", "1/3", "2/1", "2/2"}));
        QVERIFY(lines.at(1) == hammer);
        QVERIFY(f.session->query(f.table("invoice_lines")).at(1) == hammer);

        // findLoaded() never queries; the key may come as any integer type or as text of one.
        f.recorder.clear();
        QVERIFY(f.session->findLoaded(f.table("invoice_lines"), KeysFixture::lineKey(1, 2)) ==
                hammer);
        QVERIFY(f.session->findLoaded(f.table("invoice_lines"),
                                      QVariant(QVariantList{qint64(1), QStringLiteral("2")})) ==
                hammer);
        QVERIFY(!f.session->findLoaded(f.table("invoice_lines"), KeysFixture::lineKey(2, 1)) ||
                f.session->findLoaded(f.table("invoice_lines"), KeysFixture::lineKey(2, 1)) !=
                    hammer);
        QCOMPARE(f.recorder.all().size(), 0);

        const RecordPtr ada = f.session->get(f.table("customers"), QStringLiteral("C-001"));
        QVERIFY(f.session->query(f.table("customers")).first() == ada);
        QVERIFY(f.session->findLoaded(f.table("customers"), QStringLiteral("C-001")) == ada);
        QVERIFY(!f.session->findLoaded(f.table("customers"), QStringLiteral("C-002 ")));

        orm::Query whereLine2;
        whereLine2.where = QStringLiteral("line_no = ?");
        whereLine2.binds = {2};
        QCOMPARE(f.session->count(f.table("invoice_lines"), whereLine2), 2);
        QCOMPARE(f.session->count(f.table("invoice_lines")), 5);
        QCOMPARE(f.session->count(f.table("Order Details")), 2);
    }

    void shouldLoadChildrenWithCompositeKeysAndParentsWithTextKeys() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr invoice = f.session->get(f.table("invoices"), 1);
        const RecordList lines = invoice->children(f.relationship("invoices", "lines"));
        QCOMPARE(keysOf(lines), (QStringList{"1/1", "1/2", "1/3"}));
        QVERIFY(lines.at(1) == f.line(1, 2));

        const RecordPtr ada = f.session->get(f.table("customers"), QStringLiteral("C-001"));
        const RecordList orders = ada->children(f.relationship("customers", "orders"));
        QCOMPARE(keysOf(orders), (QStringList{"1", "2"}));
        QVERIFY(orders.first()->parent(f.relationship("customers", "orders")) == ada);

        // Both foreign keys of the junction table lead to their parents.
        const RecordPtr calm = f.session->get(f.table("tracks"), 2);
        const RecordList onPlaylists = calm->children(f.relationship("tracks", "entries"));
        QCOMPARE(keysOf(onPlaylists), (QStringList{"1/2", "2/2"}));
        QCOMPARE(onPlaylists.at(1)
                     ->parent(f.relationship("playlists", "entries"))
                     ->value("name")
                     .toString(),
                 QStringLiteral("Quiet"));
    }

    // --- Writing -------------------------------------------------------------------------------

    void shouldInsertKeysTheUserGivesAndReadBackOnlyGeneratedOnes() {
        SHELF_OPEN_KEYS(f);
        auto carol = f.table("customers").createRecord();
        QVERIFY(carol->setValue("code", QStringLiteral("C-003")));
        QVERIFY(carol->setValue("name", QStringLiteral("Carol")));
        auto invoice = f.table("invoices").createRecord();
        QVERIFY(invoice->setValue("number", QStringLiteral("INV-3")));
        RecordList newLines;
        for (int no : {1, 2}) {
            auto line = f.table("invoice_lines").createRecord();
            QVERIFY(line->setValue("line_no", no));
            QVERIFY(line->setValue("description", QStringLiteral("Item %1").arg(no)));
            QVERIFY(line->setValue("quantity", no * 10));
            QVERIFY(invoice->appendChild(f.relationship("invoices", "lines"), line));
            newLines << line;
        }
        f.session->add(carol);
        f.session->add(invoice);
        QCOMPARE(f.state(newLines.first()), QStringLiteral("pending"));
        f.recorder.clear();
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

        const qint64 invoiceId = invoice->id().toLongLong();
        QVERIFY(invoiceId > 2);
        QCOMPARE(f.dump("SELECT code, name FROM customers WHERE code = 'C-003'"),
                 QStringList{"C-003|Carol"});
        QCOMPARE(f.dump(QStringLiteral("SELECT invoice_id, line_no, description, quantity FROM "
                                       "invoice_lines WHERE invoice_id = %1 ORDER BY line_no")
                            .arg(invoiceId)),
                 (QStringList{QStringLiteral("%1|1|Item 1|10").arg(invoiceId),
                              QStringLiteral("%1|2|Item 2|20").arg(invoiceId)}));
        // Keys the user gave are not asked back from the database; the generated one is.
        for (const LoggedStatement &statement : f.recorder.withVerb("INSERT")) {
            const bool generated = statement.table() == QLatin1String("invoices");
            QVERIFY2(statement.sql.contains(QLatin1String("RETURNING")) ==
                         (generated && backend() == Backend::Postgres),
                     qPrintable(statement.sql));
        }
        // Persistent under their keys: get() finds the same objects without a query.
        QCOMPARE(newLines.first()->id().toList(), (QVariantList{invoiceId, 1}));
        f.recorder.clear();
        QVERIFY(f.line(invoiceId, 2) == newLines.at(1));
        QVERIFY(f.session->get(f.table("customers"), QStringLiteral("C-003")) == carol);
        QCOMPARE(f.recorder.all().size(), 0);
        QCOMPARE(f.state(newLines.first()), QStringLiteral("persistent"));
        QCOMPARE(newLines.first()->committedValue(0).toLongLong(), invoiceId);
    }

    void shouldUpdateNonKeyColumnsFindingTheRowByEveryKeyColumn() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr screws = f.line(2, 1);
        QVERIFY(screws->setValue("quantity", 75));
        f.recorder.clear();
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        const QList<LoggedStatement> updates = f.recorder.withVerb("UPDATE");
        QCOMPARE(updates.size(), 1);
        QVERIFY2(updates.first().sql.contains(
                     QLatin1String("WHERE \"invoice_id\" = ? AND \"line_no\" = ?")),
                 qPrintable(updates.first().sql));
        QCOMPARE(updates.first().setClause().trimmed(), QStringLiteral("\"quantity\" = ?"));
        QCOMPARE(f.dump("SELECT invoice_id, line_no, quantity FROM invoice_lines ORDER BY "
                        "invoice_id, line_no"),
                 (QStringList{"1|1|100", "1|2|1", "1|3|2", "2|1|75", "2|2|1"}));
    }

    void shouldReattachARecordUnderTheKeyItsRowHas() {
        SHELF_OPEN_KEYS(f);
        const orm::Table &customers = f.table("customers");
        // Given a customer whose code edit is staged, taken out of the session and added back
        const RecordPtr ada = f.session->get(customers, QStringLiteral("C-001"));
        QVERIFY(ada->setValue("code", QStringLiteral("C-100")));
        f.session->expunge(ada);
        QCOMPARE(ada->state(), orm::ObjectState::Detached);
        QCOMPARE(ada->value("code").toString(), QStringLiteral("C-100"));
        f.session->add(ada);
        // Then the identity map holds it under the code its row has, not the staged one
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-001")) == ada);
        QVERIFY(!f.session->findLoaded(customers, QStringLiteral("C-100")));
        // And after a rollback it is found by its code, and the edited code names nothing
        f.session->rollback();
        QCOMPARE(ada->value("code").toString(), QStringLiteral("C-001"));
        QVERIFY(f.session->get(customers, QStringLiteral("C-001")) == ada);
        QVERIFY(!f.session->findLoaded(customers, QStringLiteral("C-100")));
        QVERIFY(!f.session->get(customers, QStringLiteral("C-100")));
    }

    void shouldUpdateATextKeyByItsStoredValueAndFindTheRecordByTheNewOne() {
        SHELF_OPEN_KEYS(f);
        const orm::Table &customers = f.table("customers");
        const RecordPtr ada = f.session->get(customers, QStringLiteral("C-001"));
        const RecordList orders = ada->children(f.relationship("customers", "orders"));
        QCOMPARE(orders.size(), 2);
        QVERIFY(ada->setValue("code", QStringLiteral("C-100")));
        QVERIFY(ada->isModified(0));
        // Until commit the record is known by the key the database holds.
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-001")) == ada);
        f.recorder.clear();
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        const LoggedStatement update = f.recorder.withVerb("UPDATE").value(0);
        QCOMPARE(update.binds.value(0).toString(), QStringLiteral("C-100"));
        QCOMPARE(update.binds.value(1).toString(), QStringLiteral("C-001"));
        QCOMPARE(f.dump("SELECT code, name FROM customers ORDER BY code"),
                 (QStringList{"C-002|Brian", "C-100|Ada"}));
        // ON UPDATE CASCADE: the database moved Ada's orders with her.
        QCOMPARE(f.dump("SELECT id, customer_code FROM orders ORDER BY id"),
                 (QStringList{"1|C-100", "2|C-100"}));
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-100")) == ada);
        QVERIFY(!f.session->findLoaded(customers, QStringLiteral("C-001")));
        f.recorder.clear();
        QVERIFY(f.session->get(customers, QStringLiteral("C-100")) == ada);
        QCOMPARE(f.recorder.all().size(), 0);
        QVERIFY(!f.session->get(customers, QStringLiteral("C-001")));
        QCOMPARE(ada->committedValue(0).toString(), QStringLiteral("C-100"));
        // The loaded orders follow in memory too (rule 6), still Ada's, with nothing staged.
        for (const RecordPtr &order : orders) {
            QCOMPARE(order->value("customer_code").toString(), QStringLiteral("C-100"));
            QCOMPARE(order->committedValue(1).toString(), QStringLiteral("C-100"));
            QVERIFY(order->parent(f.relationship("customers", "orders")) == ada);
        }
        QVERIFY(!f.session->hasChanges());
        QCOMPARE(ada->children(f.relationship("customers", "orders")), orders);
    }

    void shouldFindTheRecordsACommitInsertsBesideAKeyUpdate() {
        // Given Ada's code changed, and staged with it a new customer and a new order of Ada's
        // (where a plan updates a key, the inserted records enter the identity map inside the
        // commit's apply loop; otherwise after it)
        SHELF_OPEN_KEYS(f);
        const orm::Table &customers = f.table("customers");
        const orm::Table &orders = f.table("orders");
        const orm::Relationship &ordersOf = f.relationship("customers", "orders");
        const RecordPtr ada = f.session->get(customers, QStringLiteral("C-001"));
        const RecordList before = ada->children(ordersOf);
        QCOMPARE(before.size(), 2);
        QVERIFY(ada->setValue("code", QStringLiteral("C-100")));
        const RecordPtr cleo = customers.createRecord();
        QVERIFY(cleo->setValue("code", QStringLiteral("C-003")));
        QVERIFY(cleo->setValue("name", QStringLiteral("Cleo")));
        f.session->add(cleo);
        const RecordPtr order = orders.createRecord();
        QVERIFY(order->setValue("reference", QStringLiteral("R-9")));
        QVERIFY(ada->appendChild(ordersOf, order));

        // When the session commits
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));

        // Then every record is found under the key its row has, without a statement
        f.recorder.clear();
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-100")) == ada);
        QVERIFY(!f.session->findLoaded(customers, QStringLiteral("C-001")));
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-003")) == cleo);
        QVERIFY(!order->id().isNull());
        QVERIFY(f.session->findLoaded(orders, order->id()) == order);
        QVERIFY(f.session->get(orders, order->id()) == order);
        QCOMPARE(f.recorder.all().size(), 0);
        QCOMPARE(f.dump("SELECT customer_code, reference FROM orders ORDER BY id"),
                 (QStringList{"C-100|A1", "C-100|A2", "C-100|R-9"}));
        // And the orders loaded before follow Ada's new code, the new one with them
        for (const RecordPtr &old : before)
            QCOMPARE(old->value("customer_code").toString(), QStringLiteral("C-100"));
        QCOMPARE(order->value("customer_code").toString(), QStringLiteral("C-100"));
        QCOMPARE(ada->children(ordersOf).size(), 3);
        QVERIFY(!f.session->hasChanges());

        // And a commit of new rows alone (the map filled after the loop) files them the same way
        const RecordPtr dora = customers.createRecord();
        QVERIFY(dora->setValue("code", QStringLiteral("C-004")));
        QVERIFY(dora->setValue("name", QStringLiteral("Dora")));
        const RecordPtr second = orders.createRecord();
        QVERIFY(second->setValue("reference", QStringLiteral("R-10")));
        QVERIFY(dora->appendChild(ordersOf, second));
        f.session->add(dora);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        f.recorder.clear();
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-004")) == dora);
        QVERIFY(f.session->get(orders, second->id()) == second);
        QCOMPARE(f.recorder.all().size(), 0);
        QCOMPARE(second->value("customer_code").toString(), QStringLiteral("C-004"));
    }

    void shouldUpdateOneColumnOfACompositeKey() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr glue = f.line(1, 3);
        QVERIFY(glue->setValue("line_no", 7));
        QVERIFY(glue->setValue("quantity", 3));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.dump("SELECT invoice_id, line_no, description, quantity FROM invoice_lines "
                        "WHERE invoice_id = 1 ORDER BY line_no"),
                 (QStringList{"1|1|Nails|100", "1|2|Hammer|1", "1|7|Glue|3"}));
        QVERIFY(f.line(1, 7) == glue);
        QVERIFY(!f.session->findLoaded(f.table("invoice_lines"), KeysFixture::lineKey(1, 3)));
        QCOMPARE(glue->id().toList(), (QVariantList{1, 7}));
        // A later edit finds the row by its new key.
        QVERIFY(glue->setValue("quantity", 4));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.dump("SELECT quantity FROM invoice_lines WHERE invoice_id = 1 AND line_no = 7"),
                 QStringList{"4"});
    }

    void shouldDeleteRowsOfCompositeKeysAndLeaveTheIdentityMap() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr drill = f.line(2, 2);
        const RecordPtr entry =
            f.session->get(f.table("playlist_tracks"), QVariant(QVariantList{2, 2}));
        QVERIFY(entry);
        QVERIFY(f.session->remove(drill));
        QVERIFY(f.session->remove(entry));
        f.recorder.clear();
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.recorder.withVerb("DELETE").size(), 2);
        QCOMPARE(f.dump("SELECT invoice_id, line_no FROM invoice_lines ORDER BY invoice_id, "
                        "line_no"),
                 (QStringList{"1|1", "1|2", "1|3", "2|1"}));
        QCOMPARE(f.dump("SELECT playlist_id, track_id FROM playlist_tracks ORDER BY playlist_id, "
                        "track_id"),
                 (QStringList{"1|1", "1|2"}));
        QCOMPARE(f.state(drill), QStringLiteral("detached"));
        QVERIFY(!f.session->findLoaded(f.table("invoice_lines"), KeysFixture::lineKey(2, 2)));
        QVERIFY(!f.line(2, 2));
    }

    void shouldInsertJunctionRowsKeyedByTwoNewParents() {
        SHELF_OPEN_KEYS(f);
        auto playlist = f.table("playlists").createRecord();
        QVERIFY(playlist->setValue("name", QStringLiteral("Night")));
        auto track = f.table("tracks").createRecord();
        QVERIFY(track->setValue("title", QStringLiteral("Moon")));
        auto entry = f.table("playlist_tracks").createRecord();
        QVERIFY(entry->setValue("position", 1));
        QVERIFY(entry->setParent(f.relationship("tracks", "entries"), track));
        QVERIFY(playlist->appendChild(f.relationship("playlists", "entries"), entry));
        f.session->add(playlist);
        f.session->add(track);
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        const qint64 playlistId = playlist->id().toLongLong();
        const qint64 trackId = track->id().toLongLong();
        QCOMPARE(entry->id().toList(), (QVariantList{playlistId, trackId}));
        QCOMPARE(f.dump(QStringLiteral("SELECT position FROM playlist_tracks WHERE playlist_id = "
                                       "%1 AND track_id = %2")
                            .arg(playlistId)
                            .arg(trackId)),
                 QStringList{"1"});
        QVERIFY(f.session->get(f.table("playlist_tracks"),
                               QVariant(QVariantList{playlistId, trackId})) == entry);
    }

    void shouldWriteQuotedNamesWithSpacesCapitalsAndReservedWords() {
        SHELF_OPEN_KEYS(f);
        const orm::Table &details = f.table("Order Details");
        const RecordPtr tea = f.session->get(details, QVariant(QVariantList{1, "Tea"}));
        QVERIFY2(tea, qPrintable(f.session->lastError().fullText()));
        QCOMPARE(tea->value("Unit Price").toDouble(), 4.5);
        QVERIFY(tea->setValue("group", QStringLiteral("hot drinks")));
        QVERIFY(tea->setValue("ProductName", QStringLiteral("Green tea")));
        auto scone = details.createRecord();
        QVERIFY(scone->setValue("OrderID", 2));
        QVERIFY(scone->setValue("ProductName", QStringLiteral("Scone")));
        QVERIFY(scone->setValue("Unit Price", 2.0));
        f.session->add(scone);
        const RecordPtr cake = f.session->get(details, QVariant(QVariantList{1, "Cake"}));
        QVERIFY(f.session->remove(cake));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.dump("SELECT \"OrderID\", \"ProductName\", \"Unit Price\", \"group\" FROM "
                        "\"Order Details\" ORDER BY \"OrderID\", \"ProductName\""),
                 (QStringList{"1|Green tea|4.5|hot drinks", "2|Scone|2|NULL"}));
    }

    // --- Rollback, failed commits, conflicts --------------------------------------------------

    void shouldRollBackAFlushedKeyEditInDatabaseAndMemory() {
        SHELF_OPEN_KEYS(f);
        const orm::Table &customers = f.table("customers");
        const RecordPtr brian = f.session->get(customers, QStringLiteral("C-002"));
        QVERIFY(brian->setValue("code", QStringLiteral("C-200")));
        QVERIFY(brian->setValue("name", QStringLiteral("Bryan")));
        QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-200")) == brian);
        f.session->rollback();
        QCOMPARE(brian->value("code").toString(), QStringLiteral("C-002"));
        QCOMPARE(brian->value("name").toString(), QStringLiteral("Brian"));
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-002")) == brian);
        QVERIFY(!f.session->findLoaded(customers, QStringLiteral("C-200")));
        QCOMPARE(f.dump("SELECT code, name FROM customers ORDER BY code"),
                 (QStringList{"C-001|Ada", "C-002|Brian"}));
        QVERIFY(!f.session->hasChanges());
    }

    void shouldFindRecordsOnlyByTheirCommittedKeysAfterRollingBackKeyEdits() {
        SHELF_OPEN_KEYS(f);
        const orm::Table &customers = f.table("customers");
        const RecordPtr ada = f.session->get(customers, QStringLiteral("C-001"));
        const RecordPtr brian = f.session->get(customers, QStringLiteral("C-002"));
        // Given Brian's code edited and flushed, then edited again, and Ada's edited unflushed
        QVERIFY(brian->setValue("code", QStringLiteral("C-200")));
        QVERIFY2(f.session->flush(), qPrintable(f.session->lastError().fullText()));
        QVERIFY(brian->setValue("code", QStringLiteral("C-300")));
        QVERIFY(ada->setValue("code", QStringLiteral("C-100")));
        QVERIFY(ada->setValue("name", QStringLiteral("Ada L.")));
        // When the session rolls back
        f.session->rollback();
        // Then each is found under its committed key and under no other
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-001")) == ada);
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-002")) == brian);
        for (const char *code : {"C-100", "C-200", "C-300"})
            QVERIFY2(!f.session->findLoaded(customers, QString::fromLatin1(code)), code);
        QCOMPARE(ada->value("code").toString(), QStringLiteral("C-001"));
        QCOMPARE(brian->value("code").toString(), QStringLiteral("C-002"));
        QVERIFY(!f.session->hasChanges());
        // And a key edit committed afterwards moves the record in the map as usual
        QVERIFY(ada->setValue("code", QStringLiteral("C-010")));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QVERIFY(f.session->findLoaded(customers, QStringLiteral("C-010")) == ada);
        QVERIFY(!f.session->findLoaded(customers, QStringLiteral("C-001")));
        QCOMPARE(f.dump("SELECT code, name FROM customers ORDER BY code"),
                 (QStringList{"C-002|Brian", "C-010|Ada"}));
    }

    void shouldKeepEveryStagedChangeWhenACompositeKeyIsTaken() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr invoice = f.session->get(f.table("invoices"), 2);
        const RecordPtr screws = f.line(2, 1);
        QVERIFY(screws->setValue("quantity", 60));
        auto duplicate = f.table("invoice_lines").createRecord();
        QVERIFY(duplicate->setValue("line_no", 2)); // (2, 2) is the drill's
        QVERIFY(duplicate->setValue("description", QStringLiteral("Bits")));
        QVERIFY(duplicate->setValue("quantity", 5));
        QVERIFY(invoice->appendChild(f.relationship("invoices", "lines"), duplicate));
        QCOMPARE(f.state(duplicate), QStringLiteral("pending"));

        QVERIFY(!f.session->commit());
        const orm::Error error = f.session->lastError();
        QCOMPARE(str(error.kind), str(orm::Error::Kind::Constraint));
        QVERIFY(error.record == duplicate);
        QCOMPARE(error.constraint, QStringLiteral("unique"));
        // Rule 8: memory exactly as before.
        QCOMPARE(f.state(duplicate), QStringLiteral("pending"));
        QCOMPARE(duplicate->value("invoice_id").toLongLong(), 2);
        QCOMPARE(screws->value("quantity").toLongLong(), 60);
        QCOMPARE(screws->storedValue(3).toLongLong(), 50);
        QVERIFY(f.line(2, 2) != duplicate);
        QCOMPARE(f.dump("SELECT quantity FROM invoice_lines WHERE invoice_id = 2 AND line_no = 1"),
                 QStringList{"50"});

        QVERIFY(duplicate->setValue("line_no", 3));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.dump("SELECT line_no, quantity FROM invoice_lines WHERE invoice_id = 2 ORDER "
                        "BY line_no"),
                 (QStringList{"1|60", "2|1", "3|5"}));
        QVERIFY(f.line(2, 3) == duplicate);
    }

    void shouldRefuseATextKeyLeftEmptyWithoutGuessingOne() {
        SHELF_OPEN_KEYS(f);
        auto nameless = f.table("customers").createRecord();
        QVERIFY(nameless->setValue("name", QStringLiteral("Dora")));
        f.session->add(nameless);
        QVERIFY(!f.session->commit());
        QVERIFY(f.session->lastError().record == nameless);
        QCOMPARE(f.session->lastError().column, QStringLiteral("code"));
        QCOMPARE(f.state(nameless), QStringLiteral("pending"));
        QVERIFY(nameless->id().isNull());
        QVERIFY(nameless->setValue("code", QStringLiteral("C-004")));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.db.scalar("SELECT name FROM customers WHERE code = 'C-004'").toString(),
                 QStringLiteral("Dora"));
    }

    void shouldFailAsConflictWhenAnotherUserChangedARowOfACompositeKey() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr hammer = f.line(1, 2);
        const RecordPtr nails = f.line(1, 1);
        QVERIFY(f.db.exec("UPDATE invoice_lines SET description = 'Mallet' WHERE invoice_id = 1 "
                          "AND line_no = 2"));
        QVERIFY(hammer->setValue("quantity", 2));
        QVERIFY(!f.session->commit());
        QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));
        QVERIFY(f.session->lastError().record == hammer);
        QCOMPARE(f.session->lastError().column, QStringLiteral("description"));
        QCOMPARE(hammer->value("quantity").toLongLong(), 2);

        // Deleted by someone else: a conflict too, found by both key columns.
        QVERIFY(hammer->setValue("quantity", 1)); // back to what it was: no change
        QVERIFY(f.db.exec("DELETE FROM line_notes WHERE invoice_id = 1"));
        QVERIFY(f.db.exec("DELETE FROM invoice_lines WHERE invoice_id = 1 AND line_no = 1"));
        QVERIFY(nails->setValue("quantity", 99));
        QVERIFY(!f.session->commit());
        QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Conflict));
        QVERIFY(f.session->lastError().record == nails);
        QVERIFY2(f.session->lastError().message().contains(QLatin1String("deleted")),
                 qPrintable(f.session->lastError().message()));
    }

    // --- Paging --------------------------------------------------------------------------------

    void shouldPageWithKeysetConditionsOverCompositeKeys_data() {
        QTest::addColumn<int>("orderColumn");
        QTest::addColumn<int>("order");
        QTest::newRow("by key") << -1 << int(Qt::AscendingOrder);
        QTest::newRow("by key, descending") << -1 << int(Qt::DescendingOrder);
        QTest::newRow("by quantity (ties)") << 3 << int(Qt::AscendingOrder);
        QTest::newRow("by description, descending") << 2 << int(Qt::DescendingOrder);
    }

    void shouldPageWithKeysetConditionsOverCompositeKeys() {
        QFETCH(int, orderColumn);
        QFETCH(int, order);
        SHELF_OPEN_KEYS(f);
        const orm::Table &lines = f.table("invoice_lines");
        orm::Query all;
        all.orderColumn = orderColumn;
        all.order = Qt::SortOrder(order);
        const QStringList expected = keysOf(f.session->query(lines, all));
        QCOMPARE(expected.size(), 5);

        const orm::StatementBuilder sql(f.session->dialect());
        const QList<int> columns = orm::StatementBuilder::orderColumns(lines, orderColumn);
        QCOMPARE(columns.size(), orderColumn < 0 ? 2 : 3);
        QStringList paged;
        RecordPtr last;
        for (int page = 0; page < 5; ++page) {
            orm::Query query = all;
            query.limit = 2;
            if (last) {
                query.where = sql.keyset(lines, columns, true, Qt::SortOrder(order));
                for (int column : columns)
                    query.binds << last->storedValue(column);
            }
            const RecordList rows = f.session->query(lines, query);
            if (rows.isEmpty())
                break;
            paged << keysOf(rows);
            last = rows.last();
        }
        QCOMPARE(paged, expected);
    }

    // --- Deleting: the preview -----------------------------------------------------------------

    void shouldBlockDeletingACustomerWhoseOrdersReferToItsCode() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr ada = f.session->get(f.table("customers"), QStringLiteral("C-001"));
        const orm::DeletePreview preview = f.session->previewDelete(ada);
        QCOMPARE(preview.blockers.size(), 2);
        QVERIFY2(preview.blockers.first().record, qPrintable(describe(preview)));
        QCOMPARE(preview.blockers.first().record->value("reference").toString(),
                 QStringLiteral("A1"));
        const RecordPtr brian = f.session->get(f.table("customers"), QStringLiteral("C-002"));
        QVERIFY(f.session->previewDelete(brian).blockers.isEmpty());
        QVERIFY(f.session->remove(ada));
        QVERIFY(!f.session->commit());
        QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Blocked));
    }

    void shouldCountRestrictingRowsByBothColumnsOfTheirForeignKey() {
        SHELF_OPEN_KEYS(f);
        // Notes refer to (1, 1) twice, to (2, 1) and to (1, 2) once: a count by line_no alone
        // would say 3, by invoice_id alone 3 too.
        const RecordPtr nails = f.line(1, 1);
        const orm::DeletePreview preview = f.session->previewDelete(nails);
        QCOMPARE(preview.blockers.size(), 1);
        QCOMPARE(preview.blockers.first().rows, 2);
        QCOMPARE(preview.blockers.first().table->name(), QStringLiteral("line_notes"));
        QVERIFY(preview.blockers.first().blocked == nails);
        // The blocker says which rows it means: both notes on (1, 1), by both columns.
        orm::Query blockingRows;
        blockingRows.where = preview.blockers.first().rowsCondition;
        blockingRows.binds = preview.blockers.first().rowsBinds;
        QCOMPARE(keysOf(f.session->query(f.table("line_notes"), blockingRows)),
                 (QStringList{"1", "2"}));
        // Line (1, 3) has no notes; (1, 2) has one, and a tag that the database deletes with it.
        QVERIFY(f.session->previewDelete(f.line(1, 3)).blockers.isEmpty());
        const orm::DeletePreview tagged = f.session->previewDelete(f.line(1, 2));
        QCOMPARE(tagged.blockers.size(), 1);
        QCOMPARE(tagged.blockers.first().rows, 1);
        QCOMPARE(tagged.databaseEffects.size(), 1);
        QCOMPARE(tagged.databaseEffects.first().table, QStringLiteral("line_tags"));
        QCOMPARE(tagged.databaseEffects.first().rows, 1);

        // Deleting invoice 2 deletes its lines (Invoice.lines cascades), and the note on (2, 1)
        // blocks it; the commit is refused and nothing is written.
        const RecordPtr second = f.session->get(f.table("invoices"), 2);
        const orm::DeletePreview invoice = f.session->previewDelete(second);
        QCOMPARE(invoice.deleted.size(), 3);
        QCOMPARE(invoice.blockers.size(), 1);
        QCOMPARE(invoice.blockers.first().rows, 1);
        QVERIFY(invoice.blockers.first().blocked == f.line(2, 1));
        QVERIFY(f.session->remove(second));
        QVERIFY(!f.session->commit());
        QCOMPARE(str(f.session->lastError().kind), str(orm::Error::Kind::Blocked));
        QCOMPARE(f.db.scalar("SELECT count(*) FROM invoice_lines").toLongLong(), 5);

        // Once the note goes, the same delete goes through, exactly as previewed.
        f.session->rollback();
        QVERIFY(f.db.exec("DELETE FROM line_notes WHERE invoice_id = 2"));
        const orm::DeletePreview clear = f.session->previewDelete(second);
        QVERIFY2(clear.blockers.isEmpty(), qPrintable(describe(clear)));
        QVERIFY(f.session->remove(second));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.dump("SELECT invoice_id, line_no FROM invoice_lines ORDER BY invoice_id, "
                        "line_no"),
                 (QStringList{"1|1", "1|2", "1|3"}));
    }

    void shouldDeleteWithDependentsTheRowsThatReferToBothKeyColumns() {
        SHELF_OPEN_KEYS(f);
        // Invoice 1: its lines go by Invoice.lines; the notes on (1, 1) and (1, 2) would block.
        const RecordPtr first = f.session->get(f.table("invoices"), 1);
        const orm::DeletePreview preview =
            f.session->previewDelete(first, orm::DeleteMode::WithDependents);
        QVERIFY2(preview.blockers.isEmpty(), qPrintable(describe(preview)));
        QVERIFY(f.session->remove(first, orm::DeleteMode::WithDependents));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        // Only invoice 1's notes went; the note on (2, 1) has the same line_no and stays.
        QCOMPARE(f.dump("SELECT id, invoice_id, line_no FROM line_notes ORDER BY id"),
                 QStringList{"3|2|1"});
        QCOMPARE(f.dump("SELECT invoice_id, line_no FROM invoice_lines ORDER BY invoice_id, "
                        "line_no"),
                 (QStringList{"2|1", "2|2"}));
        QCOMPARE(f.db.scalar("SELECT count(*) FROM line_tags").toLongLong(), 0);
    }

    void shouldNotCountRowsStagedToLeaveTheLineFirst() {
        SHELF_OPEN_KEYS(f);
        // The notes on (1, 1) are re-pointed to (1, 3) in the same commit: nothing blocks.
        const orm::Table &notes = f.table("line_notes");
        for (qint64 id : {1, 2}) {
            const RecordPtr note = f.session->get(notes, id);
            QVERIFY(note->setValue("line_no", 3));
        }
        const RecordPtr nails = f.line(1, 1);
        const orm::DeletePreview preview = f.session->previewDelete(nails);
        QVERIFY2(preview.blockers.isEmpty(), qPrintable(describe(preview)));
        QVERIFY(f.session->remove(nails));
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        QCOMPARE(f.dump("SELECT id, invoice_id, line_no FROM line_notes ORDER BY id"),
                 (QStringList{"1|1|3", "2|1|3", "3|2|1", "4|1|2"}));
    }

    void shouldBlockDeletingATrackOnAPlaylistAndDeleteAPlaylistsEntriesFirst() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr calm = f.session->get(f.table("tracks"), 2);
        const orm::DeletePreview blocked = f.session->previewDelete(calm);
        QCOMPARE(blocked.blockers.size(), 2);
        const RecordPtr road = f.session->get(f.table("playlists"), 1);
        const orm::DeletePreview preview = f.session->previewDelete(road);
        QCOMPARE(preview.deleted.size(), 3);
        QVERIFY(preview.blockers.isEmpty());
        QVERIFY(f.session->remove(road));
        f.recorder.clear();
        QVERIFY2(f.session->commit(), qPrintable(f.session->lastError().fullText()));
        // (On PostgreSQL the two entries go in one DELETE of both keys, issue 13.)
        QCOMPARE(f.recorder.writeSummary(),
                 backend() == Backend::Postgres
                     ? (QStringList{"DELETE playlist_tracks", "DELETE playlists"})
                     : (QStringList{"DELETE playlist_tracks", "DELETE playlist_tracks",
                                    "DELETE playlists"}));
        QCOMPARE(f.dump("SELECT playlist_id, track_id FROM playlist_tracks"), QStringList{"2|2"});
    }

    // --- Pending changes -----------------------------------------------------------------------

    void shouldPreviewTheSqlOfKeyEditsWithTheStoredKeyInTheWhere() {
        SHELF_OPEN_KEYS(f);
        const RecordPtr ada = f.session->get(f.table("customers"), QStringLiteral("C-001"));
        QVERIFY(ada->setValue("code", QStringLiteral("C-100")));
        const RecordPtr tea =
            f.session->get(f.table("Order Details"), QVariant(QVariantList{1, "Tea"}));
        QVERIFY(tea->setValue("Unit Price", 5.0));
        QVERIFY(f.session->remove(f.line(1, 3)));
        const QStringList sql = f.session->previewSql();
        const QString equals = backend() == Backend::Postgres
                                   ? QStringLiteral("IS NOT DISTINCT FROM")
                                   : QStringLiteral("IS");
        QCOMPARE(sql.size(), 5);
        QCOMPARE(sql.at(1), QStringLiteral("UPDATE \"customers\" SET \"code\" = 'C-100' WHERE "
                                           "\"code\" = 'C-001' AND \"name\" %1 'Ada'")
                                .arg(equals));
        QCOMPARE(sql.at(2),
                 QStringLiteral("UPDATE \"Order Details\" SET \"Unit Price\" = 5 WHERE \"OrderID\" "
                                "= 1 AND \"ProductName\" = 'Tea' AND \"Unit Price\" %1 4.5 AND "
                                "\"group\" %1 'drinks'")
                     .arg(equals));
        QCOMPARE(sql.at(3), QStringLiteral("DELETE FROM \"invoice_lines\" WHERE \"invoice_id\" = 1 "
                                           "AND \"line_no\" = 3 AND \"description\" %1 'Glue' AND "
                                           "\"quantity\" %1 2")
                                .arg(equals));
        const QList<orm::PendingChange> changes = f.session->pendingChanges();
        QCOMPARE(changes.size(), 3);
        QCOMPARE(changes.first().columns.size(), 1);
        QCOMPARE(changes.first().columns.first().before.toString(), QStringLiteral("C-001"));
        QCOMPARE(changes.first().columns.first().after.toString(), QStringLiteral("C-100"));
        // The dry run wrote nothing.
        QCOMPARE(f.dump("SELECT code FROM customers ORDER BY code"),
                 (QStringList{"C-001", "C-002"}));
    }
};

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"
