#pragma once

#include "types.h"

#include <QList>
#include <QString>

namespace orm {

struct ForeignKey;
struct Relationship;
class Session;
class Table;

/// A many-to-many link through a junction table: a playlist's tracks through playlist_track.
/// Both halves are the junction's one-to-many relationships (one-column foreign keys); a junction
/// whose keys are composite has none, and no link is made through it.
struct ManyToMany {
    const Relationship *near = nullptr; ///< shown table → junction (playlists → playlist_track)
    const Relationship *far = nullptr;  ///< far table → junction (tracks → playlist_track)

    const Table *junction() const;
    const Table *farTable() const;
};

/// True when `table` links two others: its primary key is made of the columns of exactly two of
/// its foreign keys (each of one column or several). Further columns (a quantity, a date added)
/// and foreign keys outside the key do not matter; a key of three foreign keys is no junction.
bool isJunction(const Table &table);

/// The many-to-many links that start at `table`: one per junction row relationship of it whose
/// junction is isJunction(), towards each other key relationship of that junction (a junction
/// from a table to itself, friends(a, b), gives two links, one per direction).
QList<ManyToMany> manyToManyFrom(const Table &table);

/// `record`'s far-side rows along `link`, in the order of its junction rows: a playlist's tracks.
/// Junction rows marked for delete are left out (the link goes, not the track); the far rows are
/// read in one query per chunk, not one per row.
RecordList farRecords(Session &session, const RecordPtr &record, const ManyToMany &link);

/// The simple relationship (Relationship::isSimple()) that follows `key` of `child`, or nullptr:
/// the relationships of composite keys and of keys to another unique column are shown through
/// referencedRecord() and referringRecords() instead.
const Relationship *relationshipOf(const Table &child, const ForeignKey &key);

/// The row `record`'s foreign key `key` refers to, through the identity map (staged values of
/// the key win); nullptr when a key column is NULL or no row has those values.
RecordPtr referencedRecord(Session &session, const RecordPtr &record, const ForeignKey &key);

/// The rows of `child` whose foreign key `key` refers to `record`: read from the database (one
/// query), then kept only while their staged values still refer to it. For keys without a
/// relationship (relationshipOf() is nullptr); a relationship's children are Record::children().
RecordList referringRecords(Session &session, const Table &child, const ForeignKey &key,
                            const RecordPtr &record);

} // namespace orm
