// Where the database's own foreign key actions go from a commit's deletes and key edits
// (orm::tablesReachedByActions()): what the Tables dock counts again after a commit that fired
// triggers there, on a schema of the shapes people keep.

#include "orm/foreignkeyactions.h"
#include "orm/metadata.h"

#include <QTest>

using orm::ActionStarts;
using orm::ForeignKey;
using orm::OnDelete;

class TestForeignKeyActions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shouldReachNothingFromAnInsertOrThroughRestrictAndNoAction();
    void shouldFollowACascadedDeleteThroughEveryLevel();
    void shouldFollowAKeyEditWhereTheColumnsItSetsAreReferenced();
    void shouldFollowSetNullOnlyWhereTheColumnsItNullsAreReferenced();

private:
    const orm::Table *table(const char *name) const {
        return m_metadata.table(QLatin1String(name));
    }
    QSet<const orm::Table *> tables(std::initializer_list<const char *> names) const {
        QSet<const orm::Table *> result;
        for (const char *name : names)
            result.insert(table(name));
        return result;
    }
    QStringList reached(const ActionStarts &starts) const {
        QStringList names;
        for (const orm::Table *t : orm::tablesReachedByActions(m_metadata, starts))
            names << t->name();
        names.sort();
        return names;
    }
    static ForeignKey key(QList<int> columns, const char *target, OnDelete onDelete,
                          OnDelete onUpdate = OnDelete::NoAction, QStringList targetColumns = {}) {
        ForeignKey foreignKey;
        foreignKey.columns = std::move(columns);
        foreignKey.targetTable = QLatin1String(target);
        foreignKey.targetColumnNames = std::move(targetColumns);
        foreignKey.onDelete = onDelete;
        foreignKey.onUpdate = onUpdate;
        return foreignKey;
    }

    orm::Metadata m_metadata;
};

void TestForeignKeyActions::initTestCase() {
    using orm::Column;
    // customers ← invoices (ON UPDATE CASCADE ON DELETE RESTRICT) ← invoice_lines (CASCADE) ←
    // shipments (SET NULL) ← tracking (ON UPDATE CASCADE, by shipment id); customers' unique
    // company_name ← orders_by_company (ON UPDATE CASCADE, NO ACTION on delete); projects ←
    // "staff project" (a junction table: its key is its foreign keys, ON UPDATE CASCADE) ←
    // assignment_notes (ON UPDATE CASCADE ON DELETE CASCADE); tracks ← playlist_track (NO ACTION)
    orm::Table &customers = m_metadata.addTable(QStringLiteral("customers"), QStringLiteral("C"));
    customers.addColumn(Column::text(QStringLiteral("code")));
    customers.addColumn(Column::text(QStringLiteral("company_name")));
    customers.setPrimaryKey({0});
    orm::Table &invoices = m_metadata.addTable(QStringLiteral("invoices"), QStringLiteral("I"));
    invoices.addColumn(Column::key());
    invoices.addColumn(Column::text(QStringLiteral("customer_code")));
    invoices.addForeignKey(key({1}, "customers", OnDelete::Restrict, OnDelete::Cascade));
    orm::Table &lines = m_metadata.addTable(QStringLiteral("invoice_lines"), QStringLiteral("L"));
    lines.addColumn(Column::integer(QStringLiteral("invoice_id")));
    lines.addColumn(Column::integer(QStringLiteral("line_no")));
    lines.setPrimaryKey({0, 1});
    lines.addForeignKey(key({0}, "invoices", OnDelete::Cascade));
    orm::Table &shipments = m_metadata.addTable(QStringLiteral("shipments"), QStringLiteral("S"));
    shipments.addColumn(Column::key());
    shipments.addColumn(Column::integer(QStringLiteral("invoice_id")));
    shipments.addColumn(Column::integer(QStringLiteral("line_no")));
    shipments.addForeignKey(key({1, 2}, "invoice_lines", OnDelete::SetNull));
    orm::Table &tracking = m_metadata.addTable(QStringLiteral("tracking"), QStringLiteral("T"));
    tracking.addColumn(Column::key());
    tracking.addColumn(Column::integer(QStringLiteral("shipment_id")));
    tracking.addForeignKey(key({1}, "shipments", OnDelete::NoAction, OnDelete::Cascade));
    orm::Table &byCompany =
        m_metadata.addTable(QStringLiteral("orders_by_company"), QStringLiteral("O"));
    byCompany.addColumn(Column::key());
    byCompany.addColumn(Column::text(QStringLiteral("company")));
    byCompany.addForeignKey(key({1}, "customers", OnDelete::NoAction, OnDelete::Cascade,
                                {QStringLiteral("company_name")}));
    orm::Table &projects = m_metadata.addTable(QStringLiteral("projects"), QStringLiteral("P"));
    projects.addColumn(Column::text(QStringLiteral("code")));
    projects.setPrimaryKey({0});
    orm::Table &staffProject =
        m_metadata.addTable(QStringLiteral("staff project"), QStringLiteral("SP"));
    staffProject.addColumn(Column::integer(QStringLiteral("staff_id")));
    staffProject.addColumn(Column::text(QStringLiteral("project_code")));
    staffProject.setPrimaryKey({0, 1});
    staffProject.addForeignKey(key({1}, "projects", OnDelete::Cascade, OnDelete::Cascade));
    orm::Table &notes =
        m_metadata.addTable(QStringLiteral("assignment_notes"), QStringLiteral("N"));
    notes.addColumn(Column::key());
    notes.addColumn(Column::integer(QStringLiteral("staff_id")));
    notes.addColumn(Column::text(QStringLiteral("project_code")));
    notes.addForeignKey(key({1, 2}, "staff project", OnDelete::Cascade, OnDelete::Cascade));
    orm::Table &tracks = m_metadata.addTable(QStringLiteral("tracks"), QStringLiteral("Tr"));
    tracks.addColumn(Column::key());
    orm::Table &playlistTrack =
        m_metadata.addTable(QStringLiteral("playlist_track"), QStringLiteral("PT"));
    playlistTrack.addColumn(Column::integer(QStringLiteral("track_id")));
    playlistTrack.addForeignKey(key({0}, "tracks", OnDelete::NoAction));
    m_metadata.finalize();
}

void TestForeignKeyActions::shouldReachNothingFromAnInsertOrThroughRestrictAndNoAction() {
    QVERIFY(reached({}).isEmpty()); // an INSERT, or an edit of other columns, starts nothing
    // A customer deleted: its invoices' key is RESTRICT, orders_by_company's NO ACTION
    QVERIFY(reached({tables({"customers"}), {}}).isEmpty());
    QVERIFY(reached({tables({"tracks"}), {}}).isEmpty());
}

void TestForeignKeyActions::shouldFollowACascadedDeleteThroughEveryLevel() {
    // An invoice deleted takes its lines (CASCADE), whose shipments are set NULL; tracking refers
    // to a shipment's own key, which a NULL in its invoice columns leaves as it was
    QCOMPARE(reached({tables({"invoices"}), {}}),
             (QStringList{QStringLiteral("invoice_lines"), QStringLiteral("shipments")}));
    // A project deleted takes its assignments, and their notes with them
    QCOMPARE(reached({tables({"projects"}), {}}),
             (QStringList{QStringLiteral("assignment_notes"), QStringLiteral("staff project")}));
}

void TestForeignKeyActions::shouldFollowAKeyEditWhereTheColumnsItSetsAreReferenced() {
    // A customer's code or company name edited: invoices and orders_by_company follow (ON UPDATE
    // CASCADE); the invoices' customer_code is no key, so their lines see nothing
    QCOMPARE(reached({{}, tables({"customers"})}),
             (QStringList{QStringLiteral("invoices"), QStringLiteral("orders_by_company")}));
    // A project's code edited: the junction rows' key changes with it, and their notes follow
    QCOMPARE(reached({{}, tables({"projects"})}),
             (QStringList{QStringLiteral("assignment_notes"), QStringLiteral("staff project")}));
    // An invoice's key edited: its lines have no ON UPDATE action
    QVERIFY(reached({{}, tables({"invoices"})}).isEmpty());
}

void TestForeignKeyActions::shouldFollowSetNullOnlyWhereTheColumnsItNullsAreReferenced() {
    // Lines deleted: shipments set NULL, tracking (by the shipment's id) untouched
    QCOMPARE(reached({tables({"invoice_lines"}), {}}), QStringList{QStringLiteral("shipments")});
    // A shipment re-keyed: tracking follows
    QCOMPARE(reached({{}, tables({"shipments"})}), QStringList{QStringLiteral("tracking")});
}

QTEST_GUILESS_MAIN(TestForeignKeyActions)
#include "tst_foreignkeyactions.moc"
