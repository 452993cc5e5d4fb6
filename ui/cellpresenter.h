#pragma once

#include "orm/types.h"

#include <QString>
#include <QVariant>

namespace ui {

/// How one record's cells look: the text of a value (a foreign key as the referenced record's
/// name), and the tint, font and tooltip that show its staged state. Used by RecordTableModel;
/// stateless apart from the error mark it is given.
/// The cell (or row) a failed commit names.
struct ErrorMark {
    const orm::Record *record = nullptr;
    int column = -1; ///< -1: the whole row
    QString message;
};

class CellPresenter {
public:
    /// A cell's role data, or an invalid QVariant for roles it does not handle.
    static QVariant data(const orm::RecordPtr &record, int column, int role,
                         const ErrorMark &error = {});
    /// The vertical header of a row: its number, or "new" / "deleted" markers.
    static QVariant rowHeader(const orm::RecordPtr &record, int row, int role);
    /// The horizontal header of a column.
    /// The column as a header tooltip reads it: name and type, key, NOT NULL, UNIQUE, CHECKs,
    /// the foreign key's target and ON DELETE, the default, and why it is read-only.
    static QString columnDescription(const orm::Table &table, int column);
    static QVariant columnHeader(const orm::Table &table, int column, int role);

    /// The text a user reads in a cell, whole (what "Copy" puts on the clipboard): a foreign key
    /// as the referenced record's name, bytes as their size and image format.
    static QString text(const orm::RecordPtr &record, int column);
    /// What the cell paints (DisplayRole): text() bounded as values::shown() bounds it, so that a
    /// 10 MB text is never laid out or measured whole.
    static QString shownText(const orm::RecordPtr &record, int column);
    /// What the database will fill an empty cell of a new record with at commit ("default: 0",
    /// "default: CURRENT_TIMESTAMP"): the column's DEFAULT, for a pending record whose value is
    /// NULL. Empty for every other cell (a stored row, a value given, a column without a
    /// DEFAULT; keys and columns the database computes show no default either).
    static QString databaseDefaultText(const orm::RecordPtr &record, int column);
    /// True when the cell holds a staged change (including a foreign key a delete will clear).
    static bool isModified(const orm::RecordPtr &record, int column);
    /// The parent marked for delete that will set this foreign key to NULL at commit, if any.
    static orm::RecordPtr nulledBy(const orm::RecordPtr &record, int column);
    /// The committed value as a user reads it (a foreign key as the referenced record's name).
    static QString committedText(const orm::RecordPtr &record, int column);
    /// A value of `record`'s `column` as a sentence shows it ("old \u2192 new"): a foreign key as
    /// the referenced record's quoted name when the session has it loaded (never queries; else
    /// its key), "(none)" when NULL; other values as values::describe().
    static QString describe(const orm::RecordPtr &record, int column, const QVariant &value);
    /// A referenced record as a sentence shows it: its quoted name, "(new)" when pending, or
    /// "(none)" for nullptr — the wording the grid uses for a cleared foreign key.
    static QString describeParent(const orm::RecordPtr &parent);
};

} // namespace ui
