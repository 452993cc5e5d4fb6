// docs/contract.md §7, flush order for real schemas: rows that refer to rows of their own table
// (staff who report to staff) or to each other across tables are written in an order the database
// accepts. New rows go parent-row first whatever order they were added in; deleted rows go
// child-row first whatever ON DELETE says; two new rows that refer to each other are inserted
// with one reference empty and completed by an UPDATE in the same transaction when that column
// may be NULL, and refused, naming both, when it may not — never a half-written commit. Two
// deleted rows that refer to each other (NO ACTION, RESTRICT) likewise: one reference is set to
// NULL by an UPDATE before the deletes where it may be, else the commit is refused naming them.

#include "libraryfixture.h"
#include "orm/reflect.h"
#include "reflectedtest.h"

#include <QTest>

using namespace shelftest;

class TestRowDependencies : public ReflectedDatabaseTest {
    Q_OBJECT

private:
    void exec(const QString &sql) { QVERIFY2(m_db->exec(sql), qPrintable(m_db->errorString())); }
    void reflect() {
        QString error;
        QVERIFY2(reflectSchema(&error), qPrintable(error));
    }
    /// The relationship of `child`.`column`.
    const orm::Relationship &reference(const QString &child, const QString &column) const {
        for (const orm::Relationship &relationship : m_metadata->relationships()) {
            if (relationship.child->name() == child && relationship.foreignKeyColumns.size() == 1 &&
                relationship.child->column(relationship.foreignKeyColumns.first()).name == column)
                return relationship;
        }
        qFatal("no relationship %s.%s", qPrintable(child), qPrintable(column));
    }
    orm::RecordPtr newRow(const QString &tableName, const QString &name) {
        const orm::RecordPtr row = table(tableName).createRecord();
        row->setValue(QStringLiteral("name"), name);
        return row;
    }
    QVariant cell(const QString &sql) { return m_db->scalar(sql); }
    /// staff(id, name, manager_id → staff ON DELETE `action`), reflected.
    void createStaff(const QString &action = QStringLiteral("NO ACTION")) {
        exec(QStringLiteral("CREATE TABLE staff (%1, name TEXT NOT NULL, manager_id INTEGER "
                            "REFERENCES staff (id) ON DELETE %2)")
                 .arg(generatedKey(), action));
        reflect();
    }

private Q_SLOTS:
    void init() { QVERIFY2(createDatabase(), qPrintable(m_db->errorString())); }
    void cleanup() { closeDatabase(); }

    void aManagerAddedAfterTheirReportsIsInsertedBeforeThem() {
        // Given a new clerk, then their new manager, then the manager's new director — added
        // in the reverse of the order the database needs
        createStaff();
        const orm::Relationship &manager =
            reference(QStringLiteral("staff"), QStringLiteral("manager_id"));
        const orm::RecordPtr clerk = newRow(QStringLiteral("staff"), QStringLiteral("Clerk"));
        const orm::RecordPtr boss = newRow(QStringLiteral("staff"), QStringLiteral("Manager"));
        const orm::RecordPtr director = newRow(QStringLiteral("staff"), QStringLiteral("Director"));
        m_session->add(clerk);
        m_session->add(boss);
        m_session->add(director);
        QVERIFY(clerk->setParent(manager, boss));
        QVERIFY(boss->setParent(manager, director));

        // When committed
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));

        // Then each row refers to the key the database gave the one above it
        QCOMPARE(cell(QStringLiteral("SELECT m.name FROM staff s JOIN staff m ON m.id = "
                                     "s.manager_id WHERE s.name = 'Clerk'"))
                     .toString(),
                 QStringLiteral("Manager"));
        QCOMPARE(cell(QStringLiteral("SELECT m.name FROM staff s JOIN staff m ON m.id = "
                                     "s.manager_id WHERE s.name = 'Manager'"))
                     .toString(),
                 QStringLiteral("Director"));
        QCOMPARE(clerk->value(QStringLiteral("manager_id")), boss->id());
        QVERIFY(!clerk->hasChanges());
    }

    void aReportTypedByKeyBeforeTheirManagerIsInsertedAfterThem() {
        // Given keys the user gives: employee 2 reports to 1, and 2 is added first
        exec(QStringLiteral("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                            "manager_id INTEGER NOT NULL REFERENCES staff (id))"));
        reflect();
        const orm::RecordPtr report = newRow(QStringLiteral("staff"), QStringLiteral("Report"));
        report->setValue(QStringLiteral("id"), 2);
        report->setValue(QStringLiteral("manager_id"), 1);
        const orm::RecordPtr boss = newRow(QStringLiteral("staff"), QStringLiteral("Boss"));
        boss->setValue(QStringLiteral("id"), 1);
        boss->setValue(QStringLiteral("manager_id"), 1); // the top of the tree reports to itself
        m_session->add(report);
        m_session->add(boss);

        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), 2);
        QCOMPARE(cell(QStringLiteral("SELECT manager_id FROM staff WHERE id = 2")).toInt(), 1);
    }

    void deletingAManagerWithTheirReportsDeletesTheReportsFirst_data() {
        QTest::addColumn<QString>("action");
        QTest::newRow("NO ACTION") << QStringLiteral("NO ACTION");
        QTest::newRow("RESTRICT") << QStringLiteral("RESTRICT");
        QTest::newRow("CASCADE") << QStringLiteral("CASCADE");
        QTest::newRow("SET NULL") << QStringLiteral("SET NULL");
    }
    void deletingAManagerWithTheirReportsDeletesTheReportsFirst() {
        // Given a director, a manager reporting to them and a clerk reporting to the manager
        QFETCH(QString, action);
        createStaff(action);
        exec(QStringLiteral("INSERT INTO staff (id, name, manager_id) VALUES (1, 'Director', "
                            "NULL), (2, 'Manager', 1), (3, 'Clerk', 2), (4, 'Other', 1)"));
        const orm::Table &staff = table(QStringLiteral("staff"));
        const orm::RecordPtr director = m_session->get(staff, 1);
        const orm::RecordPtr boss = m_session->get(staff, 2);
        const orm::RecordPtr clerk = m_session->get(staff, 3);
        const orm::RecordPtr other = m_session->get(staff, 4);
        QVERIFY(director && boss && clerk && other);

        // When all of them are removed, the top first
        QVERIFY(m_session->removeAll({director, boss, other, clerk}));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));

        // Then every row is gone, whatever the database would have done to the rows left
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), 0);
        QCOMPARE(clerk->state(), orm::ObjectState::Detached);
    }

    void twoNewRowsThatReferToEachOtherAreCompletedByAnUpdate() {
        // Given two new colleagues, each the other's manager (a nullable reference)
        createStaff();
        const orm::Relationship &manager =
            reference(QStringLiteral("staff"), QStringLiteral("manager_id"));
        const orm::RecordPtr ann = newRow(QStringLiteral("staff"), QStringLiteral("Ann"));
        const orm::RecordPtr bob = newRow(QStringLiteral("staff"), QStringLiteral("Bob"));
        m_session->add(ann);
        m_session->add(bob);
        QVERIFY(ann->setParent(manager, bob));
        QVERIFY(bob->setParent(manager, ann));

        // The SQL preview shows the completing UPDATE, and the pending changes two new rows
        // each naming the other as manager
        const QStringList sql = m_session->previewSql();
        QCOMPARE(sql.size(), 5); // BEGIN, INSERT, INSERT, UPDATE, COMMIT
        QVERIFY2(sql.at(3).startsWith(QLatin1String("UPDATE")), qPrintable(sql.at(3)));
        QVERIFY2(sql.at(3).contains(QLatin1String("<new key of")), qPrintable(sql.at(3)));
        const QList<orm::PendingChange> changes = m_session->pendingChanges();
        QCOMPARE(changes.size(), 2);
        for (const orm::PendingChange &change : changes) {
            QCOMPARE(change.kind, orm::PendingChange::Kind::New);
            const orm::RecordPtr other = change.record == ann ? bob : ann;
            bool named = false;
            for (const auto &column : change.columns)
                named = named || column.afterText == other->displayName();
            QVERIFY2(named, qPrintable(change.record->displayName()));
        }

        StatementRecorder recorder;
        recorder.attach(*m_session);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));

        // Then both references hold, set by one UPDATE after both INSERTs
        QCOMPARE(cell(QStringLiteral("SELECT m.name FROM staff s JOIN staff m ON m.id = "
                                     "s.manager_id WHERE s.name = 'Ann'"))
                     .toString(),
                 QStringLiteral("Bob"));
        QCOMPARE(cell(QStringLiteral("SELECT m.name FROM staff s JOIN staff m ON m.id = "
                                     "s.manager_id WHERE s.name = 'Bob'"))
                     .toString(),
                 QStringLiteral("Ann"));
        QCOMPARE(recorder.withVerb(QStringLiteral("INSERT")).size(), 2);
        QCOMPARE(recorder.withVerb(QStringLiteral("UPDATE")).size(), 1);
        // And memory says what the database holds, with nothing left staged
        QCOMPARE(ann->value(QStringLiteral("manager_id")), bob->id());
        QCOMPARE(bob->value(QStringLiteral("manager_id")), ann->id());
        QVERIFY(!ann->hasChanges());
        QVERIFY(!bob->hasChanges());
        QVERIFY(!m_session->hasChanges());
        QCOMPARE(ann->parent(manager), bob);
    }

    void aCycleAcrossTablesIsBrokenWhereAColumnMayBeEmpty() {
        // Given departments headed by staff (may be empty) and staff who belong to a
        // department (may not): a new department and its new head
        createDepartments(QString());
        const orm::RecordPtr sales = newRow(QStringLiteral("departments"), QStringLiteral("Sales"));
        const orm::RecordPtr head = newRow(QStringLiteral("members"), QStringLiteral("Hana"));
        m_session->add(head); // the member first: the department must still be inserted first
        m_session->add(sales);
        QVERIFY(head->setParent(
            reference(QStringLiteral("members"), QStringLiteral("department_id")), sales));
        QVERIFY(sales->setParent(
            reference(QStringLiteral("departments"), QStringLiteral("head_id")), head));

        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().message()));
        QCOMPARE(cell(QStringLiteral("SELECT m.name FROM departments d JOIN members m ON m.id = "
                                     "d.head_id AND m.department_id = d.id"))
                     .toString(),
                 QStringLiteral("Hana"));
        QVERIFY(!m_session->hasChanges());
    }

    void aCycleThroughColumnsThatCannotBeEmptyIsRefusedNamingIt() {
        // Given a department that must have a head, who must belong to a department
        createDepartments(QStringLiteral("NOT NULL"));
        const orm::RecordPtr sales = newRow(QStringLiteral("departments"), QStringLiteral("Sales"));
        const orm::RecordPtr head = newRow(QStringLiteral("members"), QStringLiteral("Hana"));
        m_session->add(sales);
        m_session->add(head);
        QVERIFY(head->setParent(
            reference(QStringLiteral("members"), QStringLiteral("department_id")), sales));
        QVERIFY(sales->setParent(
            reference(QStringLiteral("departments"), QStringLiteral("head_id")), head));
        StatementRecorder recorder;
        recorder.attach(*m_session);

        // When committed, the commit is refused before anything is written, naming both rows
        QVERIFY(!m_session->commit());
        const orm::Error error = m_session->lastError();
        QCOMPARE(error.kind, orm::Error::Kind::Validation);
        QVERIFY2(error.message().contains(QLatin1String("Sales")) &&
                     error.message().contains(QLatin1String("Hana")),
                 qPrintable(error.message()));
        QVERIFY2(error.message().contains(QLatin1String("head_id")) &&
                     error.message().contains(QLatin1String("department_id")),
                 qPrintable(error.message()));
        QCOMPARE(recorder.withVerb(QStringLiteral("INSERT")).size(), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM departments")), 0);
        // And nothing staged is lost (rule 8)
        QCOMPARE(sales->state(), orm::ObjectState::Pending);
        QCOMPARE(
            head->parent(reference(QStringLiteral("members"), QStringLiteral("department_id"))),
            sales);
    }

    void twoDeletedRowsThatReferToEachOtherAreFreedByAnUpdateFirst_data() {
        QTest::addColumn<QString>("action");
        QTest::newRow("NO ACTION") << QStringLiteral("NO ACTION");
        QTest::newRow("RESTRICT") << QStringLiteral("RESTRICT");
    }
    void twoDeletedRowsThatReferToEachOtherAreFreedByAnUpdateFirst() {
        // Given two colleagues, each the other's manager (a reference that may be NULL)
        QFETCH(QString, action);
        createStaff(action);
        exec(QStringLiteral("INSERT INTO staff (id, name, manager_id) VALUES (1, 'Ann', 2), (2, "
                            "'Bob', 1), (3, 'Cleo', 1)"));
        const orm::Table &staff = table(QStringLiteral("staff"));
        const orm::RecordPtr ann = m_session->get(staff, 1);
        const orm::RecordPtr bob = m_session->get(staff, 2);
        const orm::RecordPtr cleo = m_session->get(staff, 3);
        QVERIFY(ann && bob && cleo);

        // When all three are removed: whichever of Ann and Bob goes first, the other still
        // refers to it, and the database refuses that DELETE
        QVERIFY(m_session->removeAll({ann, bob, cleo}));
        const QStringList preview = m_session->previewSql();
        StatementRecorder recorder;
        recorder.attach(*m_session);
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then one reference was set to NULL by an UPDATE before the deletes, which all ran
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM staff")), 0);
        QCOMPARE(recorder.withVerb(QStringLiteral("UPDATE")).size(), 1);
        QCOMPARE(recorder.withVerb(QStringLiteral("DELETE")).size(), 3);
        QCOMPARE(recorder.writes().first().verb(), QStringLiteral("UPDATE"));
        // And the SQL preview showed that UPDATE, and the records are detached with their values
        QVERIFY2(preview.join(QLatin1Char('\n')).contains(QLatin1String("UPDATE")),
                 qPrintable(preview.join(QLatin1Char('\n'))));
        for (const orm::RecordPtr &record : {ann, bob, cleo})
            QCOMPARE(record->state(), orm::ObjectState::Detached);
        QCOMPARE(ann->value(QStringLiteral("manager_id")).toInt(), 2);
        QCOMPARE(bob->value(QStringLiteral("manager_id")).toInt(), 1);
    }

    void aCycleOfDeletesAcrossTablesIsFreedWhereAColumnMayBeEmpty() {
        // Given a department headed by a member (may be empty) who belongs to it (may not)
        createDepartments(QString());
        exec(QStringLiteral("INSERT INTO departments (id, name, head_id) VALUES (1, 'Sales', "
                            "NULL)"));
        exec(QStringLiteral("INSERT INTO members (id, name, department_id) VALUES (1, 'Hana', 1), "
                            "(2, 'Ivo', 1)"));
        exec(QStringLiteral("UPDATE departments SET head_id = 1"));
        const orm::RecordPtr sales = m_session->get(table(QStringLiteral("departments")), 1);
        const orm::RecordPtr hana = m_session->get(table(QStringLiteral("members")), 1);
        const orm::RecordPtr ivo = m_session->get(table(QStringLiteral("members")), 2);
        QVERIFY(sales && hana && ivo);

        // When the department and its members are removed, the department first
        QVERIFY(m_session->removeAll({sales, hana, ivo}));
        QVERIFY2(m_session->commit(), qPrintable(m_session->lastError().fullText()));

        // Then all are gone, and nothing is left staged
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM departments")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM members")), 0);
        QCOMPARE(sales->state(), orm::ObjectState::Detached);
        QVERIFY(!m_session->hasChanges());
    }

    void aCycleOfDeletesThroughColumnsThatCannotBeEmptyIsRefusedNamingIt() {
        // Given a department that must have a head, who must belong to a department
        createDepartments(QStringLiteral("NOT NULL"));
        // Each row needs the other: checked at COMMIT (SQLite), or the reference is added once
        // both exist (PostgreSQL)
        if (sqlite()) {
            exec(QStringLiteral("BEGIN"));
            exec(QStringLiteral("PRAGMA defer_foreign_keys = ON"));
        } else {
            exec(QStringLiteral("ALTER TABLE departments DROP CONSTRAINT "
                                "departments_head_id_fkey"));
        }
        exec(QStringLiteral("INSERT INTO departments (id, name, head_id) VALUES (1, 'Sales', 1)"));
        exec(QStringLiteral("INSERT INTO members (id, name, department_id) VALUES (1, 'Hana', 1)"));
        if (sqlite()) {
            exec(QStringLiteral("COMMIT"));
        } else {
            exec(QStringLiteral("ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES "
                                "members (id)"));
            reflect();
        }
        const orm::RecordPtr sales = m_session->get(table(QStringLiteral("departments")), 1);
        const orm::RecordPtr hana = m_session->get(table(QStringLiteral("members")), 1);
        QVERIFY(sales && hana);
        QVERIFY(m_session->removeAll({sales, hana}));
        StatementRecorder recorder;
        recorder.attach(*m_session);

        // When committed, the commit is refused before anything is written, naming the cycle
        QVERIFY(!m_session->commit());
        const orm::Error error = m_session->lastError();
        QCOMPARE(error.kind, orm::Error::Kind::Validation);
        QVERIFY2(error.message().contains(QLatin1String("Sales")) &&
                     error.message().contains(QLatin1String("Hana")),
                 qPrintable(error.message()));
        QVERIFY2(error.message().contains(QLatin1String("head_id")) &&
                     error.message().contains(QLatin1String("department_id")),
                 qPrintable(error.message()));
        QCOMPARE(recorder.withVerb(QStringLiteral("DELETE")).size(), 0);
        QCOMPARE(recorder.withVerb(QStringLiteral("UPDATE")).size(), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM departments")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM members")), 1);
        // And both deletes stay staged (rule 8)
        QVERIFY(sales->isMarkedForDelete());
        QVERIFY(hana->isMarkedForDelete());
        QCOMPARE(sales->state(), orm::ObjectState::Persistent);
        QVERIFY(m_session->hasChanges());
    }

private:
    /// departments(id, name, head_id → members) and members(id, name, department_id NOT NULL →
    /// departments): each refers to the other. `headNullability` is "" or "NOT NULL".
    void createDepartments(const QString &headNullability) {
        if (sqlite()) {
            exec(QStringLiteral("CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT "
                                "NULL, head_id INTEGER %1 REFERENCES members (id))")
                     .arg(headNullability));
            exec(QStringLiteral("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                "department_id INTEGER NOT NULL REFERENCES departments (id))"));
        } else {
            exec(QStringLiteral("CREATE TABLE departments (%1, name text NOT NULL, head_id "
                                "integer %2)")
                     .arg(generatedKey(), headNullability));
            exec(QStringLiteral("CREATE TABLE members (%1, name text NOT NULL, department_id "
                                "integer NOT NULL REFERENCES departments (id))")
                     .arg(generatedKey()));
            exec(QStringLiteral("ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES "
                                "members (id)"));
        }
        reflect();
    }
};

QTEST_GUILESS_MAIN(TestRowDependencies)
#include "tst_rowdependencies.moc"
