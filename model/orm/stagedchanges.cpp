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
    if (value.typeId() == QMetaType::QString) {
        const QString &text = *static_cast<const QString *>(value.constData());
        if (values::fitsLatin1(text, InlineText)) {
            m_length = qint8(text.size());
            values::toLatin1(text, m_text);
            return;
        }
    }
    m_length = -1;
    new (&m_variant) QVariant(value);
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
