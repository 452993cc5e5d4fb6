// orm::SchemaDiff (docs/contract.md §8): every kind of difference between a declared schema and a
// database's becomes the operation that removes it, and applying those operations leaves no
// difference. The library's declared metadata must be its last revision's schema: a developer who
// changes library::metadata() without adding a revision is told here. On both backends, a
// library createTables() made reflects back with no difference.

#include "testdatabase.h"

#include "library/librarydatabase.h"
#include "library/librarymetadata.h"
#include "library/revisions.h"
#include "orm/reflect.h"
#include "orm/schemadiff.h"
#include "orm/session.h"

#include <QTest>

using namespace shelftest;
using orm::Column;
using orm::MigrationOp;
using Kind = orm::MigrationOp::Kind;

namespace {

orm::TableShape table(const QString &name, const QList<Column> &columns) {
    orm::TableShape shape;
    shape.name = name;
    shape.columns = columns;
    shape.primaryKey = {QStringLiteral("id")};
    return shape;
}

/// parents(id, name NOT NULL) and children(id, parent_id → parents, size 1–9 checked)
orm::SchemaState base() {
    orm::SchemaState state;
    QString error;
    orm::TableShape children =
        table(QStringLiteral("children"),
              {Column::key(), Column::integer("parent_id"), Column::integer("size").range(1, 9)});
    children.foreignKeys.append({{QStringLiteral("parent_id")},
                                 QStringLiteral("parents"),
                                 {QStringLiteral("id")},
                                 orm::OnDelete::NoAction,
                                 orm::ReferentialAction::NoAction});
    children.indexes.append(
        {QStringLiteral("ix_children_parent_id"), {QStringLiteral("parent_id")}, false});
    for (const MigrationOp &op :
         {MigrationOp::createTable(
              table(QStringLiteral("parents"), {Column::key(), Column::text("name").notNull()})),
          MigrationOp::createTable(children)}) {
        const bool applied = state.apply(op, &error);
        Q_ASSERT(applied);
        Q_UNUSED(applied);
    }
    return state;
}

QString kinds(const QList<MigrationOp> &ops) {
    QStringList names;
    static const char *const kindNames[] = {
        "CreateTable",  "DropTable",   "AddColumn",     "DropColumn",
        "RenameColumn", "AlterColumn", "AddForeignKey", "DropForeignKey",
        "CreateIndex",  "DropIndex",   "Data"};
    for (const MigrationOp &op : ops)
        names << QStringLiteral("%1 %2").arg(QLatin1String(kindNames[int(op.kind)]), op.table);
    return names.join(QStringLiteral(", "));
}

} // namespace

class TestSchemaDiff : public QObject {
    Q_OBJECT

private:
    /// `actual` changed by `change`; the diff must be `expected`, and applying it to `actual`
    /// must leave no difference.
    void check(const std::function<void(orm::SchemaState &)> &change, const QString &expected) {
        const orm::SchemaState declared = base();
        orm::SchemaState actual = base();
        change(actual);
        const QList<MigrationOp> ops = orm::SchemaDiff::compare(declared, actual);
        QCOMPARE(kinds(ops), expected);
        for (const MigrationOp &op : ops) {
            QString error;
            QVERIFY2(actual.apply(op, &error), qPrintable(error));
        }
        QCOMPARE(kinds(orm::SchemaDiff::compare(declared, actual)), QString());
    }
    orm::TableShape &children(orm::SchemaState &state) {
        return *state.table(QStringLiteral("children"));
    }

private Q_SLOTS:
    void sameSchemaHasNoDifference() {
        QVERIFY(orm::SchemaDiff::compare(base(), base()).isEmpty());
    }
    void missingTableIsCreated() {
        check(
            [](orm::SchemaState &s) {
                QVERIFY(s.apply(MigrationOp::dropTable("children"), nullptr));
            },
            "CreateTable children");
    }
    void extraTableIsDropped() {
        check(
            [](orm::SchemaState &s) {
                QString e;
                QVERIFY(s.apply(MigrationOp::createTable(table("extra", {Column::key()})), &e));
            },
            "DropTable extra");
    }
    void missingColumnIsAdded() {
        check([this](orm::SchemaState &s) { children(s).columns.removeLast(); },
              "AddColumn children");
    }
    void extraColumnIsDropped() {
        check([this](orm::SchemaState &s) { children(s).columns.append(Column::text("extra")); },
              "DropColumn children");
    }
    void typeChangeIsAnAlter() {
        check(
            [this](orm::SchemaState &s) {
                children(s).column("size")->type = orm::ColumnType::Text;
            },
            "AlterColumn children");
    }
    void nullabilityChangeIsAnAlter() {
        check([this](orm::SchemaState &s) { children(s).column("size")->nullable = false; },
              "AlterColumn children");
    }
    void defaultChangeIsAnAlter() {
        check([this](orm::SchemaState &s) { children(s).column("size")->defaultValue = 3; },
              "AlterColumn children");
    }
    void uniqueChangeIsAnAlter() {
        check([this](orm::SchemaState &s) { children(s).column("size")->unique = true; },
              "AlterColumn children");
    }
    void checkChangeIsAnAlterWhenBothSidesKnowChecks() {
        check([this](orm::SchemaState &s) { children(s).column("size")->maximum = 99; },
              "AlterColumn children");
        // A database without a catalog of CHECKs (SQLite) is not compared on them
        orm::SchemaState actual = base();
        actual.table("children")->column("size")->maximum = 99;
        actual.setKnowsChecks(false);
        QVERIFY(orm::SchemaDiff::compare(base(), actual).isEmpty());
    }
    void reflectedCheckTextMatchesTheDeclaredOne() {
        orm::SchemaState actual = base();
        Column &size = *actual.table("children")->column("size");
        size.minimum.reset();
        size.maximum.reset();
        size.checks = {QStringLiteral("CHECK (((size >= 1) AND (size <= 9)))")}; // as PostgreSQL
        QVERIFY(orm::SchemaDiff::compare(base(), actual).isEmpty());
    }
    void missingForeignKeyIsAdded() {
        check([this](orm::SchemaState &s) { children(s).foreignKeys.clear(); },
              "AddForeignKey children");
    }
    void extraForeignKeyIsDropped() {
        check(
            [this](orm::SchemaState &s) {
                children(s).foreignKeys.append({{"size"},
                                                "parents",
                                                {"id"},
                                                orm::OnDelete::NoAction,
                                                orm::ReferentialAction::NoAction});
            },
            "DropForeignKey children");
    }
    void changedForeignKeyActionIsDroppedAndAdded() {
        check(
            [this](orm::SchemaState &s) {
                children(s).foreignKeys.first().onDelete = orm::OnDelete::Cascade;
            },
            "DropForeignKey children, AddForeignKey children");
    }
    void missingAndExtraIndexes() {
        check([this](orm::SchemaState &s) { children(s).indexes.clear(); }, "CreateIndex children");
        check(
            [this](orm::SchemaState &s) {
                children(s).indexes.append({"by_size", {"size"}, false});
            },
            "DropIndex children");
    }

    void declaredLibraryIsTheLastRevision() {
        // When this fails, library::metadata() was changed without a revision: add one to
        // model/library/revisions.cpp that makes the schema what metadata() now declares.
        const QList<MigrationOp> ops =
            orm::SchemaDiff::compare(orm::SchemaState::from(library::metadata(), false),
                                     library::schemaAt(library::currentRevision()));
        QStringList what;
        for (const MigrationOp &op : ops)
            what << op.describe();
        QVERIFY2(ops.isEmpty(), qPrintable(QStringLiteral("library::metadata() is not revision "
                                                          "%1's schema; add a revision: %2")
                                               .arg(library::currentRevision())
                                               .arg(what.join(QLatin1Char(' ')))));
    }

    void createdLibraryReflectsAsDeclared() {
        TestDatabase db;
        QVERIFY2(db.open(), qPrintable(db.errorString()));
        {
            orm::Session session(db.connection(), library::metadata());
            QVERIFY(library::createTables(session));
        }
        const orm::Reflection reflection = orm::reflect(db.independent());
        QVERIFY(reflection);
        const orm::SchemaState actual =
            library::reflectedSchema(db.independent(), *reflection.metadata);
        QCOMPARE(actual.knowsChecks(), backend() == Backend::Postgres);
        const QList<MigrationOp> ops =
            orm::SchemaDiff::compare(library::schemaAt(library::currentRevision()), actual);
        QVERIFY2(ops.isEmpty(), qPrintable(ops.isEmpty() ? QString() : ops.first().describe()));
        QCOMPARE(library::schemaRevision(db.independent(), *reflection.metadata),
                 library::currentRevision());

        // and a column changed behind Shelf's back shows as the operation that undoes it
        QVERIFY(db.exec(QStringLiteral("ALTER TABLE authors ADD COLUMN born INTEGER")));
        const orm::Reflection changed = orm::reflect(db.independent());
        QCOMPARE(kinds(orm::SchemaDiff::compare(
                     library::schemaAt(library::currentRevision()),
                     library::reflectedSchema(db.independent(), *changed.metadata))),
                 QStringLiteral("DropColumn authors"));
    }
};

QTEST_GUILESS_MAIN(TestSchemaDiff)
#include "tst_schemadiff.moc"
