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

/// One or more operations rendered together: consecutive rebuilds of one table are one step, so
/// the table's rows are copied once.
struct Step {
    QList<const MigrationOp *> ops;
    SchemaState before;
    SchemaState after;
};

bool stepsOf(const SchemaState &from, const QList<MigrationOp> &ops,
             const MigrationRenderer &renderer, QList<Step> *steps, QString *error) {
    SchemaState state = from;
    for (const MigrationOp &op : ops) {
        SchemaState after = state;
        if (!after.apply(op, error))
            return false;
        Step *last = steps->isEmpty() ? nullptr : &steps->last();
        if (last && renderer.rebuilds(op) && renderer.rebuilds(*last->ops.first()) &&
            last->ops.first()->table == op.table) {
            last->ops.append(&op);
            last->after = after;
        } else {
            steps->append({{&op}, state, after});
        }
        state = after;
    }
    return true;
}

QStringList render(const Step &step, const MigrationRenderer &renderer,
                   const QSqlDatabase &database, QString *error) {
    const MigrationOp &first = *step.ops.first();
    if (step.ops.size() == 1)
        return renderer.render(first, step.before, step.after, database, error);
    return renderer.rebuild(*step.before.table(first.table), *step.after.table(first.table),
                            database, error);
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
    QList<Step> steps;
    if (!stepsOf(from, ops, *renderer, &steps, error))
        return {};
    QStringList statements = renderer->beforeTransaction();
    statements << QStringLiteral("BEGIN");
    for (const Step &step : std::as_const(steps)) {
        statements << render(step, *renderer, m_database, error);
        if (!error->isEmpty())
            return {};
        if (step.ops.first()->function)
            statements << QStringLiteral("-- ") + step.ops.first()->describe();
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

    QList<Step> steps;
    QString error;
    if (!stepsOf(from, ops, *renderer, &steps, &error)) {
        fail(error);
        return rollBack();
    }
    for (const Step &step : std::as_const(steps)) {
        const QStringList statements = render(step, *renderer, m_database, &error);
        if (!error.isEmpty()) {
            fail(error);
            return rollBack();
        }
        for (const QString &sql : statements) {
            if (!execute(sql))
                return rollBack();
        }
        const MigrationOp &op = *step.ops.first();
        if (op.function) {
            if (m_log)
                m_log(QStringLiteral("-- ") + op.describe());
            if (!op.function(m_database, &error)) {
                fail(tr("%1 failed: %2").arg(op.describe(), error));
                return rollBack();
            }
        }
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
    m_result = steps.isEmpty() ? from : steps.last().after;
    return true;
}

} // namespace orm
