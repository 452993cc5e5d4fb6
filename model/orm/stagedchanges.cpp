#include "stagedchanges.h"

#include "recordpool.h"
#include "values.h"

namespace orm {

namespace {

/// This thread's pool of records' only changes. When the thread ends, the pool is disowned: it goes
/// once the last block it handed out comes back (a record may outlive the thread's end, as one
/// held by a static object does).
class ThreadPool {
public:
    ~ThreadPool() {
        if (m_pool)
            m_pool->disown();
    }
    std::size_t live() const { return m_pool ? m_pool->liveChunks() : 0; }
    RecordPool *get() {
        if (!m_pool)
            m_pool = RecordPool::create();
        return m_pool;
    }

private:
    RecordPool *m_pool = nullptr;
};

thread_local ThreadPool t_pool;

} // namespace

void StagedChanges::Change::hold(const QVariant &value) {
    const int typeId = value.typeId();
    if (typeId == QMetaType::QString) {
        const QString &text = *static_cast<const QString *>(value.constData());
        if (values::fitsLatin1(text, InlineText)) {
            m_form = Form(text.size());
            values::toLatin1(text, m_bytes);
            return;
        }
    } else if (!value.isValid()) {
        m_form = Null;
        return;
    } else if (values::heldAsBytes(typeId) && !value.isNull()) {
        m_form = Number;
        const auto type = quint16(typeId);
        std::memcpy(m_bytes, &type, NumberBytes);
        std::memcpy(m_bytes + NumberBytes, value.constData(), size_t(value.metaType().sizeOf()));
        return;
    }
    m_form = OutOfLine;
    auto *held = new QVariant(value);
    std::memcpy(m_bytes, &held, sizeof held);
}

QVariant StagedChanges::Change::value() const {
    if (holdsText())
        return QString(inlineText());
    switch (m_form) {
    case OutOfLine:
        return *outOfLine();
    case Number: {
        quint16 type = 0;
        std::memcpy(&type, m_bytes, NumberBytes);
        alignas(8) char number[8]; // QVariant reads the value as its type: aligned
        std::memcpy(number, m_bytes + NumberBytes, sizeof number);
        return QVariant(QMetaType(type), number);
    }
    default:
        return QVariant();
    }
}

void *StagedChanges::takeSingle() {
    return t_pool.get()->allocate(sizeof(Change), alignof(Change));
}

std::size_t StagedChanges::pooledBlocksOnThisThread() {
    return t_pool.live();
}

void StagedChanges::releaseSingle(Change *single) {
    RecordPool::release(single); // this thread's pool, or the one of the thread that made it
}

} // namespace orm
