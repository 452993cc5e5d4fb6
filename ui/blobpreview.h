#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace ui::blobpreview {

/// What a cell shows for bytes, never the bytes themselves: their size ("12.3 KB") and, when they
/// are an image Qt can read, its format and dimensions ("PNG image, 640×480, 12.3 KB"), plus a
/// small thumbnail for the cell's decoration.
///
/// A view asks for these on every paint, so each value is looked at once: the header is read for
/// the description and the image decoded at thumbnail size (QImageReader::setScaledSize) the
/// first time, then both come from a small cache keyed by the value's shared buffer. Values past
/// PreviewLimit get a description from the header alone and no thumbnail: decoding them would
/// freeze the grid.

/// A size as a person reads it: "812 bytes", "12.3 KB", "50.0 MB" (units of 1024).
QString sizeText(qint64 bytes);
/// "PNG image, 640×480, 12.3 KB", or "12.3 KB" for bytes that are not an image.
QString describe(const QByteArray &bytes);
/// The thumbnail (at most ThumbnailSize on a side), or a null image for bytes that are not an
/// image or are too large to preview.
QImage thumbnail(const QByteArray &bytes);

/// How many images were decoded so far (tests: a value is decoded once, not on every paint).
int decodeCount();
/// Values the cache holds now (at most CacheEntries).
int cachedCount();

inline constexpr int ThumbnailSize = 48;
inline constexpr int CacheEntries = 64;
inline constexpr qint64 PreviewLimit = 16 * 1024 * 1024;

} // namespace ui::blobpreview
