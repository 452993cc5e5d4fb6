#pragma once

// Schemas that look like real ones, declared in code, for the suites about keys of every shape:
// customers keyed by a text code with orders referring to them; invoices with lines keyed by
// (invoice_id, line_no) and notes and tags referring to a line by both columns; a playlist/track
// junction table keyed by its two foreign keys; and "Order Details", a table whose name has a
// space, with mixed-case columns, one with a space, one a reserved word.

#include "libraryfixture.h"
#include "orm/statementbuilder.h"

namespace shelftest {

inline std::unique_ptr<orm::Metadata> keysMetadata() {
    using orm::Column;
    auto metadata = std::make_unique<orm::Metadata>();
    const auto plain = [](const orm::Table *table) { return std::make_shared<orm::Record>(table); };
    const auto keyed = [](Column column) {
        column.primaryKey = true;
        column.nullable = false;
        return column;
    };

    orm::Table &customers =
        metadata->addTable(QStringLiteral("customers"), QStringLiteral("Customer"));
    customers.addColumn(keyed(Column::text(QStringLiteral("code"))));
    customers.addColumn(Column::text(QStringLiteral("name")).notNull());
    customers.setDisplayColumn(QStringLiteral("name"));
    customers.setFactory(plain);

    orm::Table &orders = metadata->addTable(QStringLiteral("orders"), QStringLiteral("Order"));
    orders.addColumn(Column::key());
    orders.addColumn(Column::text(QStringLiteral("customer_code")).notNull());
    orders.addColumn(Column::text(QStringLiteral("reference")).notNull());
    orm::ForeignKey toCustomer;
    toCustomer.columns = {orders.columnIndex(QStringLiteral("customer_code"))};
    toCustomer.targetTable = QStringLiteral("customers");
    toCustomer.onUpdate = orm::ReferentialAction::Cascade;
    orders.addForeignKey(toCustomer);
    orders.setDisplayColumn(QStringLiteral("reference"));
    orders.setFactory(plain);

    orm::Table &invoices =
        metadata->addTable(QStringLiteral("invoices"), QStringLiteral("Invoice"));
    invoices.addColumn(Column::key());
    invoices.addColumn(Column::text(QStringLiteral("number")).notNull().isUnique());
    invoices.setDisplayColumn(QStringLiteral("number"));
    invoices.setFactory(plain);

    orm::Table &lines = metadata->addTable(QStringLiteral("invoice_lines"), QStringLiteral("Line"));
    lines.addColumn(keyed(Column::integer(QStringLiteral("invoice_id"))));
    lines.addColumn(keyed(Column::integer(QStringLiteral("line_no"))));
    lines.addColumn(Column::text(QStringLiteral("description")).notNull());
    lines.addColumn(Column::integer(QStringLiteral("quantity")).notNull());
    lines.addForeignKey(QStringLiteral("invoice_id"), QStringLiteral("invoices"),
                        orm::OnDelete::Cascade);
    lines.setDisplayColumn(QStringLiteral("description"));
    lines.setFactory(plain);

    // Refer to one line by both its key columns; nobody follows them with a relationship.
    const auto lineReference = [&](const QString &name, const QString &className,
                                   orm::OnDelete action) {
        orm::Table &table = metadata->addTable(name, className);
        table.addColumn(Column::key());
        table.addColumn(Column::integer(QStringLiteral("invoice_id")).notNull());
        table.addColumn(Column::integer(QStringLiteral("line_no")).notNull());
        table.addColumn(Column::text(QStringLiteral("text")).notNull());
        orm::ForeignKey toLine;
        toLine.columns = {1, 2};
        toLine.targetTable = QStringLiteral("invoice_lines");
        toLine.onDelete = action;
        table.addForeignKey(toLine);
        table.setFactory(plain);
    };
    lineReference(QStringLiteral("line_notes"), QStringLiteral("Note"), orm::OnDelete::Restrict);
    lineReference(QStringLiteral("line_tags"), QStringLiteral("Tag"), orm::OnDelete::Cascade);

    orm::Table &playlists =
        metadata->addTable(QStringLiteral("playlists"), QStringLiteral("Playlist"));
    playlists.addColumn(Column::key());
    playlists.addColumn(Column::text(QStringLiteral("name")).notNull());
    playlists.setFactory(plain);
    orm::Table &tracks = metadata->addTable(QStringLiteral("tracks"), QStringLiteral("Track"));
    tracks.addColumn(Column::key());
    tracks.addColumn(Column::text(QStringLiteral("title")).notNull());
    tracks.setFactory(plain);
    orm::Table &entries =
        metadata->addTable(QStringLiteral("playlist_tracks"), QStringLiteral("Entry"));
    entries.addColumn(keyed(Column::integer(QStringLiteral("playlist_id"))));
    entries.addColumn(keyed(Column::integer(QStringLiteral("track_id"))));
    entries.addColumn(Column::integer(QStringLiteral("position")).notNull());
    entries.addForeignKey(QStringLiteral("playlist_id"), QStringLiteral("playlists"));
    entries.addForeignKey(QStringLiteral("track_id"), QStringLiteral("tracks"));
    entries.setFactory(plain);

    orm::Table &details =
        metadata->addTable(QStringLiteral("Order Details"), QStringLiteral("Order detail"));
    details.addColumn(keyed(Column::integer(QStringLiteral("OrderID"))));
    details.addColumn(keyed(Column::text(QStringLiteral("ProductName"))));
    details.addColumn(Column::real(QStringLiteral("Unit Price")).notNull());
    details.addColumn(Column::text(QStringLiteral("group")));
    details.addForeignKey(QStringLiteral("OrderID"), QStringLiteral("orders"),
                          orm::OnDelete::Cascade);
    details.setFactory(plain);

    metadata->addRelationship(QStringLiteral("customers"), QStringLiteral("orders"),
                              QStringLiteral("orders"), QStringLiteral("customer_code"),
                              QStringLiteral("customer"));
    metadata->addRelationship(QStringLiteral("invoices"), QStringLiteral("lines"),
                              QStringLiteral("invoice_lines"), QStringLiteral("invoice_id"),
                              QStringLiteral("invoice"),
                              orm::Cascade(orm::CascadeFlag::All) | orm::CascadeFlag::DeleteOrphan);
    metadata->addRelationship(QStringLiteral("playlists"), QStringLiteral("entries"),
                              QStringLiteral("playlist_tracks"), QStringLiteral("playlist_id"),
                              QStringLiteral("playlist"),
                              orm::Cascade(orm::CascadeFlag::All) | orm::CascadeFlag::DeleteOrphan);
    metadata->addRelationship(QStringLiteral("tracks"), QStringLiteral("entries"),
                              QStringLiteral("playlist_tracks"), QStringLiteral("track_id"),
                              QStringLiteral("track"));
    metadata->finalize();
    return metadata;
}

/// A fresh database with keysMetadata()'s tables and a session over it, with sample rows written
/// through the independent connection (the session has loaded nothing):
/// customers C-001 Ada, C-002 Brian (Ada has orders 1 and 2); invoices 1 "INV-1" with lines 1–3
/// and 2 "INV-2" with lines 1–2; notes on (1, 1) twice, on (2, 1) and on (1, 2) once each; a tag on (1, 2);
/// playlists 1 "Road" (tracks 1, 2) and 2 "Quiet" (track 2); tracks 1–3; Order Details of order 1.
class KeysFixture {
public:
    bool open(QString *error) {
        metadata = keysMetadata();
        if (!db.open()) {
            *error = db.errorString();
            return false;
        }
        session = std::make_unique<orm::Session>(db.connection(), *metadata);
        if (!session->createAll()) {
            *error = session->lastError().fullText();
            return false;
        }
        const QStringList rows{
            QStringLiteral("INSERT INTO customers (code, name) VALUES ('C-001', 'Ada'), "
                           "('C-002', 'Brian')"),
            QStringLiteral("INSERT INTO orders (id, customer_code, reference) VALUES "
                           "(1, 'C-001', 'A1'), (2, 'C-001', 'A2')"),
            QStringLiteral("INSERT INTO invoices (id, number) VALUES (1, 'INV-1'), (2, 'INV-2')"),
            QStringLiteral("INSERT INTO invoice_lines (invoice_id, line_no, description, quantity) "
                           "VALUES (1, 1, 'Nails', 100), (1, 2, 'Hammer', 1), (1, 3, 'Glue', 2), "
                           "(2, 1, 'Screws', 50), (2, 2, 'Drill', 1)"),
            QStringLiteral("INSERT INTO line_notes (id, invoice_id, line_no, text) VALUES "
                           "(1, 1, 1, 'galvanised'), (2, 1, 1, 'urgent'), (3, 2, 1, 'brass'), (4, 1, 2, 'boxed')"),
            QStringLiteral("INSERT INTO line_tags (id, invoice_id, line_no, text) VALUES "
                           "(1, 1, 2, 'tools')"),
            QStringLiteral("INSERT INTO playlists (id, name) VALUES (1, 'Road'), (2, 'Quiet')"),
            QStringLiteral("INSERT INTO tracks (id, title) VALUES (1, 'Drive'), (2, 'Calm'), "
                           "(3, 'Unused')"),
            QStringLiteral("INSERT INTO playlist_tracks (playlist_id, track_id, position) VALUES "
                           "(1, 1, 1), (1, 2, 2), (2, 2, 1)"),
            QStringLiteral("INSERT INTO \"Order Details\" (\"OrderID\", \"ProductName\", "
                           "\"Unit Price\", \"group\") VALUES (1, 'Tea', 4.5, 'drinks'), "
                           "(1, 'Cake', 3.25, NULL)"),
        };
        for (const QString &sql : rows) {
            if (!db.exec(sql)) {
                *error = sql + QStringLiteral(": ") + db.errorString();
                return false;
            }
        }
        if (backend() == Backend::Postgres) {
            // Explicit ids leave the identity sequences behind: move them past the rows.
            for (const QString &table :
                 {QStringLiteral("orders"), QStringLiteral("invoices"), QStringLiteral("playlists"),
                  QStringLiteral("tracks"), QStringLiteral("line_notes"),
                  QStringLiteral("line_tags")}) {
                if (!db.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                            "(SELECT max(id) FROM %1))")
                                 .arg(table))) {
                    *error = db.errorString();
                    return false;
                }
            }
        }
        recorder.attach(*session);
        return true;
    }

    const orm::Table &table(const QString &name) const { return *metadata->table(name); }
    QString state(const RecordPtr &record) const { return str(session->state(record)); }
    const orm::Relationship &relationship(const QString &parent, const QString &name) const {
        return *metadata->relationship(parent, name);
    }
    /// One line's key as get() takes it.
    static QVariant lineKey(qint64 invoice, qint64 line) {
        return QVariant(QVariantList{invoice, line});
    }
    RecordPtr line(qint64 invoice, qint64 line) {
        return session->get(table(QStringLiteral("invoice_lines")), lineKey(invoice, line));
    }
    /// Rows as text through the independent connection: "1|2|Hammer|1" per row, in key order.
    QStringList dump(const QString &sql) {
        QStringList result;
        for (const QVariantList &row : db.rows(sql)) {
            QStringList cells;
            for (const QVariant &value : row)
                cells << render(value);
            result << cells.join(QLatin1Char('|'));
        }
        return result;
    }

    std::unique_ptr<orm::Metadata> metadata;
    TestDatabase db;
    std::unique_ptr<orm::Session> session; // declared after db: destroyed first
    StatementRecorder recorder;
};

} // namespace shelftest

/// Opens a KeysFixture named `f` or fails the test.
#define SHELF_OPEN_KEYS(f)                                                                         \
    shelftest::KeysFixture f;                                                                      \
    {                                                                                              \
        QString openError;                                                                         \
        QVERIFY2(f.open(&openError), qPrintable(openError));                                       \
    }
