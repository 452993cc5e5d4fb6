#pragma once

// The gadgets schema two tests share: a database that refuses what the session's metadata may not
// know about (tst_databaseconstraints, tst_errorwording).

#include "testdatabase.h"

#include "orm/metadata.h"
#include "orm/record.h"
#include "orm/session.h"

#include <memory>

namespace shelftest {

/// owners(id, name) ← gadgets(id, name, rating, owner_id). `strict` declares what the database
/// enforces (NOT NULL and UNIQUE name, rating NOT NULL in 1–5); the loose twin declares none of
/// it, so nothing is refused before the SQL runs.
inline std::unique_ptr<orm::Metadata> gadgetMetadata(bool strict) {
    auto metadata = std::make_unique<orm::Metadata>();
    const auto plainRecord = [](const orm::Table *table) {
        return std::make_shared<orm::Record>(table);
    };
    orm::Table &owners = metadata->addTable(QStringLiteral("owners"), QStringLiteral("Owner"));
    owners.addColumn(orm::Column::key());
    owners.addColumn(orm::Column::text(QStringLiteral("name")).notNull());
    owners.setDisplayColumn(QStringLiteral("name"));
    owners.setFactory(plainRecord);
    orm::Table &gadgets = metadata->addTable(QStringLiteral("gadgets"), QStringLiteral("Gadget"));
    gadgets.addColumn(orm::Column::key());
    orm::Column name = orm::Column::text(QStringLiteral("name")).labelled(QStringLiteral("Name"));
    orm::Column rating =
        orm::Column::integer(QStringLiteral("rating")).labelled(QStringLiteral("Rating"));
    if (strict) {
        name.notNull().isUnique();
        rating.notNull().range(1, 5);
    }
    gadgets.addColumn(name);
    gadgets.addColumn(rating);
    gadgets.addColumn(orm::Column::integer(QStringLiteral("owner_id")));
    gadgets.addForeignKey(QStringLiteral("owner_id"), QStringLiteral("owners"));
    gadgets.setDisplayColumn(QStringLiteral("name"));
    gadgets.setFactory(plainRecord);
    metadata->addRelationship(QStringLiteral("owners"), QStringLiteral("gadgets"),
                              QStringLiteral("gadgets"), QStringLiteral("owner_id"),
                              QStringLiteral("owner"));
    metadata->finalize();
    return metadata;
}

/// Creates the tables of the strict gadgets schema in `db`: what the database then refuses, a
/// session with the loose twin does not know about. False with `*error` set when it could not.
inline bool createGadgetTables(TestDatabase &db, QString *error) {
    const auto strict = gadgetMetadata(true);
    orm::Session creator(db.connection(), *strict);
    if (creator.createAll())
        return true;
    *error = creator.lastError().fullText();
    return false;
}

} // namespace shelftest
