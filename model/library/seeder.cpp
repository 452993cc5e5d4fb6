#include "seeder.h"

#include "author.h"
#include "book.h"
#include "librarydatabase.h"
#include "review.h"
#include "user.h"

#include "orm/session.h"

namespace library {

bool seed(orm::Session &session) {
    // The tutorial's records, as its "Creating Instances" block makes them.
    auto andy = User::create(QStringLiteral("Andy"));
    auto buzz = User::create(QStringLiteral("Buzz"));
    orm::RecordList users{andy, buzz};
    for (int i = 0; i < 5; ++i)
        users.append(User::create(QStringLiteral("copy")));

    auto stephenKing = Author::create(QStringLiteral("Stephen King"));
    auto it = Book::create(QStringLiteral("It"), stephenKing);
    auto jurassicPark = Book::create(QStringLiteral("Jurassic Park"));
    auto andromedaStrain = Book::create(QStringLiteral("The Andromeda Strain"));
    // Revision 2's columns: first editions' years and ISBNs; The Andromeda Strain (1969) came out
    // before ISBNs, so its ISBN stays empty.
    it->setPublicationYear(1986);
    it->setIsbn(QStringLiteral("0670813028"));
    jurassicPark->setPublicationYear(1990);
    jurassicPark->setIsbn(QStringLiteral("0394588169"));
    andromedaStrain->setPublicationYear(1969);
    auto michaelCrichton =
        Author::create(QStringLiteral("Michael Crichton"), {jurassicPark, andromedaStrain});

    // Borrowings and reviews, so every kind of delete effect shows in the sample library:
    // deleting a user clears borrower_id; a user with reviews cannot be deleted; deleting an
    // author deletes its books and their reviews.
    it->setBorrower(andy);
    jurassicPark->setBorrower(buzz);
    andromedaStrain->setBorrower(std::static_pointer_cast<User>(users.at(2)));
    auto andyOnJurassicPark =
        Review::create(jurassicPark, andy, 5, QStringLiteral("Could not put it down."));
    auto buzzOnIt = Review::create(it, buzz, 4, QStringLiteral("Scary, and long."));
    auto buzzOnAndromeda =
        Review::create(andromedaStrain, buzz, 3, QStringLiteral("Good science, thin plot."));

    // The tutorial's order: db.session.add(author1); db.session.add_all([author3, book, …]).
    // Authors go first so that they get keys 1 and 2 (adding a user would cascade to the books
    // they borrowed, and from there to their authors).
    session.add(stephenKing);
    session.addAll({michaelCrichton, it, jurassicPark, andromedaStrain});
    session.addAll(users);
    session.addAll({andyOnJurassicPark, buzzOnIt, buzzOnAndromeda});
    return session.commit();
}

bool resetAndSeed(orm::Session &session) {
    return session.dropAll() && createTables(session) && seed(session);
}

bool seedLarge(orm::Session &session, int authors, int booksPerAuthor,
               const SeedProgress &progress) {
    // Commit every BatchRows rows and empty the session, so memory stays flat however large the
    // seed, and progress (and a cancel) comes at least once per batch — also inside one author's
    // 100,000 books.
    constexpr int BatchRows = 20000;
    constexpr int BatchAuthors = 1000;
    int staged = 0;
    int stagedAuthors = 0;
    auto commitBatch = [&](int authorsDone) {
        if (!session.commit())
            return false;
        session.expungeAll();
        staged = 0;
        stagedAuthors = 0;
        return !progress || progress(authorsDone, authors);
    };
    for (int a = 1; a <= authors; ++a) {
        auto author = Author::create(QStringLiteral("Author ") + QString::number(a));
        session.add(author);
        ++staged;
        ++stagedAuthors;
        QVariant authorKey; // once the author is committed, later books refer to it by key
        for (int b = 1; b <= booksPerAuthor; ++b) {
            auto book = Book::create(QStringLiteral("Book %1-%2").arg(a).arg(b));
            if (authorKey.isNull()) {
                author->books().append(book);
            } else {
                book->setValue(Book::AuthorIdColumn, authorKey);
                session.add(book);
            }
            if (++staged >= BatchRows) {
                if (!commitBatch(a - 1))
                    return false;
                authorKey = author->id();
            }
        }
        if (stagedAuthors >= BatchAuthors && !commitBatch(a))
            return false;
    }
    if (staged > 0)
        return commitBatch(authors);
    return !progress || progress(authors, authors);
}

} // namespace library
