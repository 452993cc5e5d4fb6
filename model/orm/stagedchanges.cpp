#include "stagedchanges.h"

#include "recordpool.h"
#include "values.h"

namespace orm {

namespace {

/// This thread's pool of one-change blocks. When the thread ends, the pool is disowned: it goes
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

StagedChanges::Block *StagedChanges::firstBlock() {
    RecordPool *pool = t_pool.get();
    auto *block = static_cast<Block *>(pool->allocate(OneChangeBlock));
    block->pool = pool;
    return block;
}

std::size_t StagedChanges::pooledBlocksOnThisThread() {
    return t_pool.live();
}

void StagedChanges::release(Block *block) {
    if (block->pool)
        block->pool->deallocate(block, OneChangeBlock);
    else
        ::operator delete(block);
}

} // namespace orm
