#pragma once

#include "orm/migrationop.h"
#include "orm/schemastate.h"

#include <QList>
#include <QString>

namespace library {

/// One step of the library's schema history (docs/contract.md §8): the operations that turn the
/// schema of the revision before into this one. Revision 1 creates the four tables as the first
/// Shelf made them; a revision, once released, never changes — library files in the wild have it.
struct Revision {
    int number = 0;
    QString summary; ///< what changes for the user, in a sentence
    QList<orm::MigrationOp> operations;
};

/// Every revision, oldest first; the last is the schema library::metadata() declares (a test
/// fails when the two disagree).
const QList<Revision> &revisions();
/// The number of the last revision: what this Shelf creates and upgrades to.
int currentRevision();
/// The library's schema at `revision`: revision 1's operations and every later one's applied to
/// an empty schema.
orm::SchemaState schemaAt(int revision);

} // namespace library
