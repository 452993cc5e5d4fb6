// Storage made resident before it is filled (issue 13): orm::prefault() makes a range's pages
// resident in one call, so that filling it takes no page fault per 4 KiB; makePrefaultedArray()
// makes an array in such memory, its items value-initialized and destroyed as make_unique<T[]>'s
// are; a table's record pool asks for larger blocks as it grows.

#include "orm/metadata.h"
#include "orm/prefault.h"
#include "orm/recordpool.h"
#include "orm/table.h"

#include <QTest>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace {

/// Pages of [start, start + bytes) (page-aligned) that are resident now.
std::size_t residentPages(void *start, std::size_t bytes) {
    const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> resident((bytes + page - 1) / page);
    if (mincore(start, bytes, resident.data()) != 0)
        return 0;
    std::size_t count = 0;
    for (unsigned char flags : resident)
        count += flags & 1;
    return count;
}

int g_alive = 0;

struct Counted {
    Counted() noexcept { ++g_alive; }
    ~Counted() { --g_alive; }
    qint64 value{}; ///< value-initialized: 0
};

} // namespace

class tst_Prefault : public QObject {
    Q_OBJECT
private slots:
    void shouldMakeEveryPageOfARangeResidentBeforeItIsWritten();
    void shouldLeaveASmallRangeAlone();
    void shouldMakeAnArrayOfValueInitializedItemsAndDestroyEachOne();
    void shouldGiveAGrowingPoolLargerBlocks();
};

void tst_Prefault::shouldMakeEveryPageOfARangeResidentBeforeItIsWritten() {
    const std::size_t bytes = 4 * 1024 * 1024;
    void *mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    QVERIFY(mapped != MAP_FAILED);
    const std::size_t pages = bytes / std::size_t(sysconf(_SC_PAGESIZE));
    QCOMPARE(residentPages(mapped, bytes), std::size_t(0)); // untouched: nothing resident yet
    if (!orm::prefault(mapped, bytes)) {
        munmap(mapped, bytes);
        QSKIP("this kernel cannot populate a range (MADV_POPULATE_WRITE is Linux 5.14 on)");
    }
    QCOMPARE(residentPages(mapped, bytes), pages);
    // Resident and writable, and still zero as a fresh page is
    const auto *bytesRead = static_cast<const unsigned char *>(mapped);
    QCOMPARE(int(bytesRead[0]), 0);
    QCOMPARE(int(bytesRead[bytes - 1]), 0);
    munmap(mapped, bytes);
}

void tst_Prefault::shouldLeaveASmallRangeAlone() {
    const std::size_t bytes = 64 * 1024;
    void *mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    QVERIFY(mapped != MAP_FAILED);
    // 16 KiB: a call would cost what its four faults do
    QVERIFY(!orm::prefault(mapped, 16 * 1024));
    QCOMPARE(residentPages(mapped, bytes), std::size_t(0));
    munmap(mapped, bytes);
}

void tst_Prefault::shouldMakeAnArrayOfValueInitializedItemsAndDestroyEachOne() {
    {
        orm::PrefaultedArray<Counted> items = orm::makePrefaultedArray<Counted>(100000);
        QCOMPARE(g_alive, 100000);
        for (int i = 0; i < 100000; ++i)
            QCOMPARE(items[i].value, qint64(0));
        items[99999].value = 7;
        QCOMPARE(items[99999].value, qint64(7));
    }
    QCOMPARE(g_alive, 0);
    // Aligned as its type asks, also past what operator new aligns by default
    struct alignas(64) Line {
        char bytes[64]{};
    };
    const orm::PrefaultedArray<Line> lines = orm::makePrefaultedArray<Line>(1000);
    QCOMPARE(reinterpret_cast<std::uintptr_t>(lines.get()) % 64, std::uintptr_t(0));
    QCOMPARE(int(lines[999].bytes[63]), 0);
}

void tst_Prefault::shouldGiveAGrowingPoolLargerBlocks() {
    orm::Metadata metadata;
    orm::Table &notes = metadata.addTable(QStringLiteral("notes"), QStringLiteral("Note"));
    notes.addColumn(orm::Column::key());
    std::vector<orm::RecordPtr> records;
    for (int i = 0; i < 100000; ++i)
        records.push_back(notes.createRecord());
    // 8 KiB blocks took 1,500 for these (a fault every 34 records); blocks of 256 KiB: 34 of them
    QVERIFY2(notes.recordPool().blockCount() < 40,
             qPrintable(QString::number(notes.recordPool().blockCount())));
    records.clear();
    QCOMPARE(notes.recordPool().blockCount(), std::size_t(1)); // the first, kept to serve again
}

QTEST_GUILESS_MAIN(tst_Prefault)
#include "tst_prefault.moc"
