#pragma once

#include <functional>

namespace orm {
class Session;
}

namespace library {

/// Stages and commits the tutorial's sample library: users Andy, Buzz and five named 'copy';
/// Stephen King with *It*; Michael Crichton with *Jurassic Park* and *The Andromeda Strain*;
/// plus borrowings and reviews so that every kind of delete effect shows. Expects empty tables.
[[nodiscard]] bool seed(orm::Session &session);

/// dropAll(), createAll() and seed(): what "Seed database…" does.
[[nodiscard]] bool resetAndSeed(orm::Session &session);

/// Called with (done, total) authors; return false to cancel.
using SeedProgress = std::function<bool(int done, int total)>;

/// Stages `authors` authors with `booksPerAuthor` books each ("Author 1", "Book 1-1", …),
/// committing in batches. Returns false when cancelled or on a database error; what was committed
/// before stays.
[[nodiscard]] bool seedLarge(orm::Session &session, int authors, int booksPerAuthor,
                             const SeedProgress &progress = {});

} // namespace library
