#pragma once

#include "orm/types.h"

#include <QList>
#include <QModelIndexList>
#include <QString>
#include <QVariant>
#include <memory>

class QMimeData;

namespace orm {
class Session;
}

namespace ui {

class EditHistory;
class RecordModel;

/// Copy and paste between the grid and spreadsheets (issue 14).
namespace clipboard {

enum class CopyMode {
    AsShown, ///< what the grid shows: a foreign key as its label, yes/no
    Raw,     ///< keys, exact decimals, ISO dates, bytes as \x-hex: what export writes
};

/// The cells as tab-separated text (text/plain), CSV (text/csv) and an HTML table (text/html),
/// so that a spreadsheet keeps them as cells. `cells` may be any selection: the block spans its
/// rows and columns (in order), and a cell of the block that is not selected is left empty.
/// `headers` puts the columns' labels first.
QMimeData *mimeFor(const RecordModel &model, const QModelIndexList &cells, CopyMode mode,
                   bool headers = false);

/// The most cells one paste takes; a larger block is refused (import it as a file instead).
constexpr qsizetype MaxPastedCells = 100000;

/// A paste checked cell by cell before anything is staged.
struct PastePlan {
    struct Cell {
        int rowInBlock = 0;
        int column = 0;
        QVariant value;           ///< for a plain column
        bool isReference = false; ///< for a foreign key: `parent` (nullptr clears it)
        orm::RecordPtr parent;
    };
    orm::RecordList existing; ///< the grid's records the block covers, by block row
    int newRows = 0;          ///< block rows past the last row: new records
    QList<Cell> cells;
    int rows = 0;
    int columns = 0;
};

/// Whether the block of `data` is one cell (one value, pasted into every selected cell).
bool isOneCell(const QMimeData *data);

/// Reads the block of `data` (tab-separated text as spreadsheets copy it, or CSV) to paste at
/// `anchor` and checks every value as if typed: the column's type and constraints, a foreign key
/// by label (exactly one record) or by key, read-only columns and records marked for delete. False
/// with a sentence naming the row and column of the first refused cell; nothing is staged then.
[[nodiscard]] bool planPaste(orm::Session &session, const RecordModel &model,
                             const QModelIndex &anchor, const QMimeData *data, PastePlan *plan,
                             QString *error);

/// Stages a checked paste as one step to undo, named `step` (empty: "Paste 3 cells", "Paste
/// into Title"): values into the covered records, new records for the rows past the end. Returns
/// the new records.
orm::RecordList applyPaste(orm::Session &session, const RecordModel &model, EditHistory *history,
                           const PastePlan &plan, const QString &step = {});

} // namespace clipboard
} // namespace ui
