#pragma once

#include "types.h"

#include <QSet>

namespace orm {

class Metadata;
class Table;

/// True for an action the database takes on the referring rows (CASCADE, SET NULL, SET DEFAULT);
/// NO ACTION and RESTRICT refuse instead.
bool actsOnReferringRows(ReferentialAction action);

/// The columns of `table` that some foreign key of `metadata` refers to (its key, or the unique
/// columns a foreign key names).
QSet<int> referencedColumns(const Metadata &metadata, const Table &table);

/// Where a commit sets the database's own foreign key actions off: the tables it deletes rows
/// from, and those whose referenced columns (a key, or the unique columns a foreign key names) it
/// changes. An INSERT, or an edit of other columns, sets none off.
struct ActionStarts {
    QSet<const Table *> deleting;
    QSet<const Table *> rekeying;
};

/// The tables whose rows the database's ON DELETE and ON UPDATE actions (CASCADE, SET NULL,
/// SET DEFAULT) may change after `starts`, through every level, and so fire their triggers. A
/// cascaded delete reaches on as a delete; the referring columns an action sets reach on as a key
/// edit where they are themselves referenced (a junction table's key). NO ACTION and RESTRICT
/// reach nothing: the database refuses, or there was nothing to do.
QSet<const Table *> tablesReachedByActions(const Metadata &metadata, const ActionStarts &starts);

} // namespace orm
