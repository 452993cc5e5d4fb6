#include "rowstore.h"

#include "column.h"
#include "table.h"
#include "values.h"

#include <QString>
#include <algorithm>
#include <bit>

namespace orm {

RowStoreRef RowStoreRef::make(const Table &table, Session *session) {
    return RowStoreRef(new RowStore(table.columnCount(), &table, session));
}

RowStore::RowStore(int columns, const Table *table, Session *session)
    : m_columns(columns)
    , m_table(table)
    , m_session(session) {
    Q_ASSERT(columns >= 0);
    // A power of two of rows, so that finding a slot's block is a shift and a mask
    const unsigned rows = std::bit_floor(unsigned(std::max(1, BlockCells / std::max(columns, 1))));
    m_blockShift = std::countr_zero(rows);
    m_blockMask = size_t(rows) - 1;
}

qsizetype RowStore::reservedBytes() const {
    const qsizetype cells = qsizetype(m_blocks.size()) * rowsPerBlock() * std::max(m_columns, 1);
    return cells * qsizetype(sizeof(Cell)) +
           qsizetype(m_heapBlocks.size()) * HeapBlockValues * qsizetype(sizeof(QVariant));
}

int RowStore::add(const QVariantList &row) {
    Q_ASSERT(row.size() == m_columns);
    const int slot = addNulls();
    for (int column = 0; column < m_columns; ++column)
        store(cell(slot, column), row.at(column));
    return slot;
}

int RowStore::addNulls() {
    int slot = 0;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = m_slots++;
        if (size_t(slot >> m_blockShift) == m_blocks.size()) // the last block is full: one more
            m_blocks.push_back(
                makePrefaultedArray<Cell>(size_t(rowsPerBlock()) * size_t(std::max(m_columns, 1))));
    }
    ++m_rows; // a new block's cells and a released slot's are all Cell{} (NULL) already
    return slot;
}

void RowStore::setInteger(int slot, int column, qint64 value) {
    setRaw(slot, column, QMetaType::LongLong, &value, sizeof value);
}

void RowStore::setReal(int slot, int column, double value) {
    setRaw(slot, column, QMetaType::Double, &value, sizeof value);
}

void RowStore::setUtf8(int slot, int column, const char *utf8, qsizetype bytes) {
    Cell &target = cell(slot, column);
    clear(target);
    if (bytes > 0 && bytes <= InlineText) {
        // ASCII is the same bytes in UTF-8 and Latin-1. Asked of the 12 bytes at once, as three
        // words (a byte at a time was most of a loaded text's cost).
        char padded[InlineText] = {};
        std::memcpy(padded, utf8, size_t(bytes));
        quint32 words[InlineText / 4];
        std::memcpy(words, padded, sizeof words);
        static_assert(sizeof words == sizeof padded && sizeof padded == sizeof target.payload);
        if (((words[0] | words[1] | words[2]) & 0x80808080u) == 0) {
            target.kind = Kind::Latin1;
            target.length = quint8(bytes);
            std::memcpy(target.payload, padded, sizeof padded);
            return;
        }
    }
    store(target, QVariant(QString::fromUtf8(utf8, bytes)));
}

void RowStore::setLatin1(int slot, int column, QLatin1StringView text) {
    Cell &target = cell(slot, column);
    clear(target);
    if (!text.isEmpty() && text.size() <= InlineText) {
        target.kind = Kind::Latin1;
        target.length = quint8(text.size());
        std::memcpy(target.payload, text.data(), size_t(text.size()));
        return;
    }
    store(target, QVariant(QString(text)));
}

void RowStore::set(int slot, const QVariantList &row) {
    Q_ASSERT(row.size() == m_columns);
    for (int column = 0; column < m_columns; ++column)
        set(slot, column, row.at(column));
}

void RowStore::set(int slot, int column, const QVariant &value) {
    Cell &target = cell(slot, column);
    clear(target);
    store(target, value);
}

void RowStore::release(int slot) {
    --m_rows;
    if (m_retired)
        return;
    // A row's cells are next to each other: found once (a session's end releases every row)
    Cell *row = &cell(slot, 0);
    for (int column = 0; column < m_columns; ++column) {
        if (row[column].kind == Kind::Heap)
            clear(row[column]);
    }
    std::fill_n(row, m_columns, Cell{});
    m_freeSlots.push_back(slot);
}

quint32 RowStore::heapIndex(const Cell &cell) const {
    quint32 index = 0;
    std::memcpy(&index, cell.payload, sizeof index);
    return index;
}

void RowStore::releaseHeap(const Cell &cell) {
    const quint32 index = heapIndex(cell);
    heapValue(index) = QVariant(); // frees a long text or a blob now, not when the store goes
    m_freeHeap.push_back(index);
}

void RowStore::store(Cell &cell, const QVariant &value) {
    const int typeId = value.typeId();
    // Kind::Null, also for a NULL of a type (what Qt Sql reads an SQL NULL as): its bytes are a
    // default value, which a raw cell would give back as 0 or an empty text
    if (!value.isValid() || value.isNull())
        return;
    if (values::heldAsBytes(typeId)) {
        cell.kind = Kind::Raw;
        cell.typeId = quint16(typeId);
        std::memcpy(cell.payload, value.constData(), size_t(value.metaType().sizeOf()));
        return;
    }
    if (typeId == QMetaType::QString) {
        const QString &text = *static_cast<const QString *>(value.constData());
        if (values::fitsLatin1(text, InlineText)) {
            cell.kind = Kind::Latin1;
            const int length = int(std::min<qsizetype>(text.size(), InlineText));
            cell.length = quint8(length);
            char latin1[InlineText] = {};
            values::toLatin1(text, latin1);
            std::memcpy(cell.payload, latin1, sizeof latin1);
            return;
        }
    }
    quint32 index = 0;
    if (!m_freeHeap.empty()) {
        index = m_freeHeap.back();
        m_freeHeap.pop_back();
    } else {
        index = m_heapSize++;
        if (index / HeapBlockValues == m_heapBlocks.size())
            m_heapBlocks.push_back(std::make_unique<QVariant[]>(HeapBlockValues));
    }
    heapValue(index) = value;
    cell.kind = Kind::Heap;
    std::memcpy(cell.payload, &index, sizeof index);
}

QVariant RowStore::load(const Cell &cell) const {
    switch (cell.kind) {
    case Kind::Null:
        return QVariant();
    case Kind::Raw: {
        // Copied out first: the payload is not aligned for an 8-byte number
        alignas(8) char bytes[8] = {};
        std::memcpy(bytes, cell.payload, sizeof bytes);
        if (cell.typeId == QMetaType::LongLong) {
            qint64 number = 0;
            std::memcpy(&number, bytes, sizeof number);
            return QVariant(number);
        }
        return QVariant(QMetaType(cell.typeId), bytes);
    }
    case Kind::Latin1:
        return QVariant(QString::fromLatin1(cell.payload, cell.length));
    case Kind::Heap:
        return heapValue(heapIndex(cell));
    }
    return QVariant();
}

QVariant RowStore::value(int slot, int column) const {
    return load(cell(slot, column));
}

QVariantList RowStore::row(int slot) const {
    QVariantList values;
    values.reserve(m_columns);
    for (int column = 0; column < m_columns; ++column)
        values.append(load(cell(slot, column)));
    return values;
}

QLatin1StringView RowStore::inlineText(int slot, int column) const {
    const Cell &held = cell(slot, column);
    return held.kind == Kind::Latin1 ? QLatin1StringView(held.payload, held.length)
                                     : QLatin1StringView();
}

RowStore::BindCell RowStore::bindCell(int slot, int column) const {
    const Cell &held = cell(slot, column);
    BindCell bound;
    switch (held.kind) {
    case Kind::Null:
        return bound;
    case Kind::Latin1:
        bound.as = BindCell::As::Latin1;
        bound.latin1 = QLatin1StringView(held.payload, held.length);
        return bound;
    case Kind::Raw:
        switch (held.typeId) {
        case QMetaType::LongLong: // what SQLite's integers read as: no QVariant to make
            bound.as = BindCell::As::Integer;
            std::memcpy(&bound.integer, held.payload, sizeof bound.integer);
            return bound;
        case QMetaType::Double:
            bound.as = BindCell::As::Real;
            std::memcpy(&bound.real, held.payload, sizeof bound.real);
            return bound;
        case QMetaType::Bool:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
        case QMetaType::Short:
        case QMetaType::UShort:
            bound.as = BindCell::As::Integer;
            bound.integer = load(held).toLongLong();
            return bound;
        case QMetaType::Float:
            bound.as = BindCell::As::Real;
            bound.real = load(held).toDouble();
            return bound;
        default:
            break;
        }
        break;
    case Kind::Heap:
        break;
    }
    bound.as = BindCell::As::Value;
    bound.value = load(held);
    return bound;
}

bool RowStore::holds(int slot, int column, const QVariant &value) const {
    const Cell &held = cell(slot, column);
    switch (held.kind) {
    case Kind::Null:
        return !value.isValid();
    case Kind::Raw: {
        if (value.typeId() != held.typeId)
            return false;
        return std::memcmp(held.payload, value.constData(), size_t(value.metaType().sizeOf())) == 0;
    }
    case Kind::Latin1: {
        if (value.typeId() != QMetaType::QString)
            return false;
        const QString &text = *static_cast<const QString *>(value.constData());
        return text == inlineText(slot, column);
    }
    case Kind::Heap: {
        const QVariant &kept = heapValue(heapIndex(held));
        return kept.typeId() == value.typeId() && kept == value;
    }
    }
    return false;
}

bool RowStore::same(int slot, int column, const Column &type, const QVariant &value) const {
    const Cell &held = cell(slot, column);
    if (value.isNull()) // NULL equals NULL only; a number or a text held inline is never NULL
        return held.kind == Kind::Null ||
               (held.kind == Kind::Heap && heapValue(heapIndex(held)).isNull());
    switch (held.kind) {
    case Kind::Null:
        return false;
    case Kind::Latin1:
        if (value.typeId() == QMetaType::QString) {
            const QString &text = *static_cast<const QString *>(value.constData());
            if (text == QLatin1StringView(held.payload, held.length))
                return true; // the same text: same() says so before looking at the type
            if (!values::comparesAsType(type.type))
                return false; // text compares exactly: no other form of it is equal
        }
        break; // "0.00" and "0", a date and its text: compared by value, below
    case Kind::Heap:
        return values::same(type, value, heapValue(heapIndex(held))); // no copy of it
    case Kind::Raw:
        break; // a number is a QVariant without an allocation: compared as same() compares it
    }
    return values::same(type, value, load(held));
}

std::optional<bool> RowStore::sameText(int slot, int column, const Column &type,
                                       QLatin1StringView text) const {
    if (values::comparesAsType(type.type))
        return std::nullopt; // "0.10" may equal "0.1": same() parses them
    const Cell &held = cell(slot, column);
    if (held.kind == Kind::Latin1)
        return QLatin1StringView(held.payload, held.length) == text;
    if (held.kind == Kind::Heap) {
        const QVariant &value = heapValue(heapIndex(held));
        if (value.typeId() == QMetaType::QString)
            return *static_cast<const QString *>(value.constData()) == text;
    }
    return std::nullopt; // NULL, a number, a blob: as same() compares them with a text
}

int RowStore::typeId(int slot, int column) const {
    const Cell &held = cell(slot, column);
    switch (held.kind) {
    case Kind::Null:
        return QMetaType::UnknownType;
    case Kind::Raw:
        return held.typeId;
    case Kind::Latin1:
        return QMetaType::QString;
    case Kind::Heap:
        return heapValue(heapIndex(held)).typeId();
    }
    return QMetaType::UnknownType;
}

QVariantList RowCells::values() const {
    QVariantList values;
    values.reserve(columns.size());
    for (int column : columns)
        values.append(store->value(slot, column));
    for (const auto &[at, value] : given)
        values[at] = value;
    for (const auto &[at, text] : givenText)
        values[at] = QString(text);
    return values;
}

} // namespace orm
