#include "blobpreview.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImageReader>
#include <QList>

namespace ui::blobpreview {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("ui::BlobPreview", text);
}

struct Entry {
    /// Holds the value's buffer, so that no other value can reuse its address while cached (the
    /// key); a record's value shares it, so this costs no copy.
    QByteArray value;
    QString description;
    QImage thumbnail;
    bool decoded = false;
};

/// Most recently used last. A linear search over 64 entries costs less than hashing a 50 MB value.
QList<Entry> &cache() {
    static QList<Entry> entries;
    return entries;
}

int &decodes() {
    static int count = 0;
    return count;
}

Entry &entryFor(const QByteArray &bytes) {
    QList<Entry> &entries = cache();
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QByteArray &cached = entries.at(i).value;
        if (cached.constData() == bytes.constData() && cached.size() == bytes.size()) {
            if (i != entries.size() - 1)
                entries.move(i, entries.size() - 1);
            return entries.last();
        }
    }
    if (entries.size() >= CacheEntries)
        entries.removeFirst();
    Entry entry;
    entry.value = bytes;
    // The header says the format and the size without decoding a pixel.
    QBuffer buffer(&entry.value);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.canRead() ? reader.size() : QSize();
    const QString format = QString::fromLatin1(reader.format()).toUpper();
    entry.description = size.isValid() && !format.isEmpty() ? tr("%1 image, %2\u00d7%3, %4")
                                                                  .arg(format)
                                                                  .arg(size.width())
                                                                  .arg(size.height())
                                                                  .arg(sizeText(bytes.size()))
                                                            : sizeText(bytes.size());
    entries.append(entry);
    return entries.last();
}

} // namespace

QString sizeText(qint64 bytes) {
    if (bytes < 1024)
        return bytes == 1 ? tr("1 byte") : tr("%1 bytes").arg(bytes);
    const char *const units[] = {"KB", "MB", "GB", "TB"};
    double value = double(bytes) / 1024;
    int unit = 0;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

QString describe(const QByteArray &bytes) {
    if (bytes.isEmpty())
        return tr("0 bytes");
    return entryFor(bytes).description;
}

QImage thumbnail(const QByteArray &bytes) {
    if (bytes.isEmpty() || bytes.size() > PreviewLimit)
        return {};
    Entry &entry = entryFor(bytes);
    if (entry.decoded)
        return entry.thumbnail;
    entry.decoded = true;
    QBuffer buffer(&entry.value);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.canRead() ? reader.size() : QSize();
    if (!size.isValid())
        return {};
    // Decoded at the size shown: a JPEG decoder then skips most of the work.
    if (size.width() > ThumbnailSize || size.height() > ThumbnailSize)
        reader.setScaledSize(
            size.scaled(ThumbnailSize, ThumbnailSize, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    ++decodes();
    entry.thumbnail = reader.read();
    return entry.thumbnail;
}

int decodeCount() {
    return decodes();
}

int cachedCount() {
    return int(cache().size());
}

} // namespace ui::blobpreview
