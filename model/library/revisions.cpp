#include "revisions.h"

#include "librarymetadata.h"

#include <QCoreApplication>

namespace library {

namespace {

using orm::Column;
using orm::MigrationOp;
using orm::TableShape;

QString tr(const char *text) {
    return QCoreApplication::translate("library::Revisions", text);
}

/// A table as revision 1 created it: written out here, never derived from today's metadata, so
/// that changing the declared library cannot change history.
TableShape table(const QString &name, const QList<Column> &columns,
                 const QList<orm::ForeignKeyShape> &foreignKeys = {}) {
    TableShape shape;
    shape.name = name;
    shape.columns = columns;
    shape.primaryKey = {QStringLiteral("id")};
    shape.foreignKeys = foreignKeys;
    for (const orm::ForeignKeyShape &key : foreignKeys)
        shape.indexes.append(
            {TableShape::foreignKeyIndexName(name, key.columns), key.columns, false});
    return shape;
}

orm::ForeignKeyShape reference(const QString &column, const QString &target,
                               orm::OnDelete onDelete = orm::OnDelete::NoAction) {
    return {{column}, target, {QStringLiteral("id")}, onDelete, orm::ReferentialAction::NoAction};
}

Revision revision1() {
    const QString id = QStringLiteral("id");
    const auto text = [](const char *name) { return Column::text(QLatin1String(name)); };
    const auto integer = [](const char *name) { return Column::integer(QLatin1String(name)); };
    return {1,
            tr("Authors, books, users and reviews."),
            {MigrationOp::createTable(
                 table(QStringLiteral("authors"), {Column::key(id), text("name").notNull()})),
             MigrationOp::createTable(
                 table(QStringLiteral("users"), {Column::key(id), text("name").notNull()})),
             MigrationOp::createTable(
                 table(QStringLiteral("books"),
                       {Column::key(id), text("title").notNull(), integer("author_id").notNull(),
                        integer("borrower_id")},
                       {reference(QStringLiteral("author_id"), QStringLiteral("authors")),
                        reference(QStringLiteral("borrower_id"), QStringLiteral("users"))})),
             MigrationOp::createTable(
                 table(QStringLiteral("reviews"),
                       {Column::key(id), integer("book_id").notNull(), integer("user_id").notNull(),
                        integer("rating").notNull().range(1, 5), text("text")},
                       {reference(QStringLiteral("book_id"), QStringLiteral("books")),
                        reference(QStringLiteral("user_id"), QStringLiteral("users"))}))}};
}

Revision revision2() {
    // The borrower's key changes its ON DELETE, which SQLite's ALTER TABLE cannot do: books is
    // rebuilt there (once, with the unique ISBN, which ALTER TABLE cannot add either).
    const QString books = QStringLiteral("books");
    return {2,
            tr("Books get a publication year and an ISBN; deleting a user returns their books in "
               "the database too."),
            {MigrationOp::addColumn(books, bookPublicationYear()),
             MigrationOp::addColumn(books, bookIsbn()),
             MigrationOp::dropForeignKey(books, {QStringLiteral("borrower_id")}),
             MigrationOp::addForeignKey(books, reference(QStringLiteral("borrower_id"),
                                                         QStringLiteral("users"),
                                                         orm::OnDelete::SetNull))}};
}

} // namespace

const QList<Revision> &revisions() {
    static const QList<Revision> all{revision1(), revision2()};
    return all;
}

int currentRevision() {
    return revisions().last().number;
}

orm::SchemaState schemaAt(int revision) {
    orm::SchemaState state;
    for (const Revision &step : revisions()) {
        if (step.number > revision)
            break;
        for (const MigrationOp &op : step.operations) {
            QString error;
            const bool applied = state.apply(op, &error);
            Q_ASSERT_X(applied, "library::schemaAt", qPrintable(error));
            Q_UNUSED(applied);
        }
    }
    return state;
}

} // namespace library
