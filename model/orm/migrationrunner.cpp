#include "migrationrunner.h"

#include "dialect.h"
#include "migrationrenderer.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace orm {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("orm::MigrationRunner", text);
}

} // namespace

MigrationRunner::MigrationRunner(const QSqlDatabase &database)
    : m_database(database) {
}

QStringList MigrationRunner::plan(const SchemaState &from, const QList<MigrationOp> &ops,
                                  QString *error) const {
    error->clear();
    const std::unique_ptr<Dialect> dialect = Dialect::forDatabase(m_database);
    if (!dialect) {
        *error = tr("Shelf cannot migrate a %1 database.").arg(m_database.driverName());
        return {};
    }
    const std::unique_ptr<MigrationRenderer> renderer = dialect->migrationRenderer();
    QStringList statements = renderer->beforeTransaction();
    statements << QStringLiteral("BEGIN");
    SchemaState state = from;
    for (const MigrationOp &op : ops) {
        SchemaState after = state;
        if (!after.apply(op, error))
            return {};
        if (op.function)
            statements << QStringLiteral("-- ") + op.describe();
        statements << renderer->render(op, state, after, m_database, error);
        if (!error->isEmpty())
            return {};
        state = after;
    }
    statements << renderer->checksBeforeCommit() << QStringLiteral("COMMIT")
               << renderer->afterTransaction();
    return statements;
}

bool MigrationRunner::fail(const QString &error) {
    m_error = error;
    return false;
}

bool MigrationRunner::execute(const QString &sql) {
    if (m_log)
        m_log(sql);
    QSqlQuery query(m_database);
    if (query.exec(sql))
        return true;
    return fail(tr("%1\n(while running: %2)").arg(query.lastError().text(), sql));
}

bool MigrationRunner::run(const SchemaState &from, const QList<MigrationOp> &ops,
                          const BeforeCommit &beforeCommit) {
    m_error.clear();
    const std::unique_ptr<Dialect> dialect = Dialect::forDatabase(m_database);
    if (!dialect)
        return fail(tr("Shelf cannot migrate a %1 database.").arg(m_database.driverName()));
    const std::unique_ptr<MigrationRenderer> renderer = dialect->migrationRenderer();
    for (const QString &sql : renderer->beforeTransaction()) {
        if (!execute(sql))
            return false;
    }
    const auto restore = [&] {
        for (const QString &sql : renderer->afterTransaction()) {
            QSqlQuery query(m_database);
            query.exec(sql);
        }
    };
    if (m_log)
        m_log(QStringLiteral("BEGIN"));
    if (!m_database.transaction()) {
        fail(m_database.lastError().text());
        restore();
        return false;
    }
    const auto rollBack = [&] {
        m_database.rollback();
        restore();
        return false;
    };

    SchemaState state = from;
    for (const MigrationOp &op : ops) {
        SchemaState after = state;
        QString error;
        if (!after.apply(op, &error)) {
            fail(error);
            return rollBack();
        }
        const QStringList statements = renderer->render(op, state, after, m_database, &error);
        if (!error.isEmpty()) {
            fail(error);
            return rollBack();
        }
        for (const QString &sql : statements) {
            if (!execute(sql))
                return rollBack();
        }
        if (op.function) {
            if (m_log)
                m_log(QStringLiteral("-- ") + op.describe());
            if (!op.function(m_database, &error)) {
                fail(tr("%1 failed: %2").arg(op.describe(), error));
                return rollBack();
            }
        }
        state = after;
    }
    for (const QString &check : renderer->checksBeforeCommit()) {
        if (m_log)
            m_log(check);
        QSqlQuery query(m_database);
        if (!query.exec(check)) {
            fail(query.lastError().text());
            return rollBack();
        }
        if (query.next()) {
            fail(tr("%1 found a problem in %2 (row %3)")
                     .arg(check, query.value(0).toString(), query.value(1).toString()));
            return rollBack();
        }
    }
    if (beforeCommit) {
        QString error;
        if (!beforeCommit(m_database, &error)) {
            fail(error);
            return rollBack();
        }
    }
    if (m_log)
        m_log(QStringLiteral("COMMIT"));
    if (!m_database.commit()) {
        fail(m_database.lastError().text());
        return rollBack();
    }
    restore();
    m_result = state;
    return true;
}

} // namespace orm
