#include "seeder.h"

#include "author.h"
#include "book.h"
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
    return session.dropAll() && session.createAll() && seed(session);
}

bool seedLarge(orm::Session &session, int authors, int booksPerAuthor,
               const SeedProgress &progress) {
    constexpr int Batch = 1000;
    for (int first = 1; first <= authors; first += Batch) {
        const int last = std::min(authors, first + Batch - 1);
        for (int a = first; a <= last; ++a) {
            auto author = Author::create(QStringLiteral("Author %1").arg(a));
            session.add(author);
            for (int b = 1; b <= booksPerAuthor; ++b)
                author->books().append(Book::create(QStringLiteral("Book %1-%2").arg(a).arg(b)));
        }
        if (!session.commit())
            return false;
        session.expungeAll();
        if (progress && !progress(last, authors))
            return false;
    }
    return true;
}

} // namespace library
