#pragma once

#include <QString>

class QWidget;

namespace orm {
class Session;
}

namespace app::seeding {

/// What "Seed large library…" offers first: 10,000 authors with 10 books each.
constexpr int LargeAuthors = 10000;
constexpr int LargeBooksPerAuthor = 10;

enum class Outcome { Done, Cancelled, Failed };

/// Drops and recreates every table, then seeds `authors` × `booksPerAuthor` with a progress
/// dialog that can be cancelled (what was committed before cancelling stays). On failure `error`
/// says why.
Outcome seedLarge(QWidget *parent, orm::Session &session, int authors, int booksPerAuthor,
                  QString *error);

} // namespace app::seeding
