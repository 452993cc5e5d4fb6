#include "librarymetadata.h"

#include "author.h"
#include "book.h"
#include "review.h"
#include "user.h"

#include <QCoreApplication>

namespace library {

namespace {

using orm::CascadeFlag;
using orm::Column;

// Labels are what a user reads, translated in the "library" context. The metadata is built on
// first use, so a translator installed before the first session applies (Shelf ships none yet).
orm::Metadata *build() {
    auto *metadata = new orm::Metadata;

    orm::Table &authors = metadata->addTable(QStringLiteral("authors"), QStringLiteral("Author"));
    authors.addColumn(Column::key().labelled(QCoreApplication::translate("library", "ID")));
    authors.addColumn(Column::text(QStringLiteral("name"))
                          .notNull()
                          .labelled(QCoreApplication::translate("library", "Name")));
    authors.setLabel(QCoreApplication::translate("library", "Authors"));
    authors.setRecordType<Author>();

    orm::Table &users = metadata->addTable(QStringLiteral("users"), QStringLiteral("User"));
    users.addColumn(Column::key().labelled(QCoreApplication::translate("library", "ID")));
    users.addColumn(Column::text(QStringLiteral("name"))
                        .notNull()
                        .labelled(QCoreApplication::translate("library", "Name")));
    users.setLabel(QCoreApplication::translate("library", "Users"));
    users.setRecordType<User>();

    orm::Table &books = metadata->addTable(QStringLiteral("books"), QStringLiteral("Book"));
    books.addColumn(Column::key().labelled(QCoreApplication::translate("library", "ID")));
    books.addColumn(Column::text(QStringLiteral("title"))
                        .notNull()
                        .labelled(QCoreApplication::translate("library", "Title")));
    books.addColumn(Column::integer(QStringLiteral("author_id"))
                        .notNull()
                        .labelled(QCoreApplication::translate("library", "Author")));
    books.addColumn(Column::integer(QStringLiteral("borrower_id"))
                        .labelled(QCoreApplication::translate("library", "Borrower")));
    // Revision 2 (model/library/revisions.cpp): the year and ISBN, and a borrower's books are
    // returned by the database too when the borrower is deleted by another program.
    books.addColumn(
        bookPublicationYear().labelled(QCoreApplication::translate("library", "Published")));
    books.addColumn(bookIsbn().labelled(QCoreApplication::translate("library", "ISBN")));
    books.addForeignKey(QStringLiteral("author_id"), QStringLiteral("authors"));
    books.addForeignKey(QStringLiteral("borrower_id"), QStringLiteral("users"),
                        orm::OnDelete::SetNull);
    books.setLabel(QCoreApplication::translate("library", "Books"));
    books.setRecordType<Book>();

    orm::Table &reviews = metadata->addTable(QStringLiteral("reviews"), QStringLiteral("Review"));
    reviews.addColumn(Column::key().labelled(QCoreApplication::translate("library", "ID")));
    reviews.addColumn(Column::integer(QStringLiteral("book_id"))
                          .notNull()
                          .labelled(QCoreApplication::translate("library", "Book")));
    reviews.addColumn(Column::integer(QStringLiteral("user_id"))
                          .notNull()
                          .labelled(QCoreApplication::translate("library", "User")));
    reviews.addColumn(Column::integer(QStringLiteral("rating"))
                          .notNull()
                          .range(1, 5)
                          .labelled(QCoreApplication::translate("library", "Rating")));
    reviews.addColumn(Column::text(QStringLiteral("text"))
                          .labelled(QCoreApplication::translate("library", "Text")));
    reviews.addForeignKey(QStringLiteral("book_id"), QStringLiteral("books"));
    reviews.addForeignKey(QStringLiteral("user_id"), QStringLiteral("users"));
    reviews.setLabel(QCoreApplication::translate("library", "Reviews"));
    reviews.setRecordType<Review>();

    const orm::Cascade allDeleteOrphan = orm::Cascade(CascadeFlag::All) | CascadeFlag::DeleteOrphan;
    orm::Relationship &authorBooks = metadata->addRelationship(
        QStringLiteral("authors"), QStringLiteral("books"), QStringLiteral("books"),
        QStringLiteral("author_id"), QStringLiteral("author"), allDeleteOrphan);
    authorBooks.label = QCoreApplication::translate("library", "Books");
    orm::Relationship &bookReviews = metadata->addRelationship(
        QStringLiteral("books"), QStringLiteral("reviews"), QStringLiteral("reviews"),
        QStringLiteral("book_id"), QStringLiteral("book"), allDeleteOrphan);
    bookReviews.label = QCoreApplication::translate("library", "Reviews");
    orm::Relationship &userBorrowed = metadata->addRelationship(
        QStringLiteral("users"), QStringLiteral("borrowed"), QStringLiteral("books"),
        QStringLiteral("borrower_id"), QStringLiteral("borrower"));
    userBorrowed.label = QCoreApplication::translate("library", "Borrowed books");
    orm::Relationship &userReviews = metadata->addRelationship(
        QStringLiteral("users"), QStringLiteral("reviews"), QStringLiteral("reviews"),
        QStringLiteral("user_id"), QStringLiteral("user"));
    userReviews.label = QCoreApplication::translate("library", "Reviews");
    metadata->finalize();
    return metadata;
}

} // namespace

Column bookPublicationYear() {
    // From Gutenberg's press to a year no book can be dated in yet.
    return Column::integer(QStringLiteral("publication_year")).range(1450, 2100);
}

Column bookIsbn() {
    // ISBN-10 (nine digits and a check digit or X) or ISBN-13 (digits), without hyphens. The
    // expression reads the same in SQLite and PostgreSQL.
    Column isbn = Column::text(QStringLiteral("isbn")).isUnique();
    isbn.checks = {
        QStringLiteral("(length(\"isbn\") = 10 OR length(\"isbn\") = 13) AND "
                       "ltrim(substr(\"isbn\", 1, length(\"isbn\") - 1), '0123456789') = '' AND "
                       "ltrim(substr(\"isbn\", length(\"isbn\")), '0123456789X') = ''")};
    return isbn;
}

const orm::Metadata &metadata() {
    static const std::unique_ptr<orm::Metadata> instance(build());
    return *instance;
}

const orm::Table &authorsTable() {
    return *metadata().table(QStringLiteral("authors"));
}
const orm::Table &booksTable() {
    return *metadata().table(QStringLiteral("books"));
}
const orm::Table &usersTable() {
    return *metadata().table(QStringLiteral("users"));
}
const orm::Table &reviewsTable() {
    return *metadata().table(QStringLiteral("reviews"));
}

const orm::Relationship &authorBooks() {
    return *metadata().relationship(QStringLiteral("authors"), QStringLiteral("books"));
}
const orm::Relationship &bookReviews() {
    return *metadata().relationship(QStringLiteral("books"), QStringLiteral("reviews"));
}
const orm::Relationship &userBorrowed() {
    return *metadata().relationship(QStringLiteral("users"), QStringLiteral("borrowed"));
}
const orm::Relationship &userReviews() {
    return *metadata().relationship(QStringLiteral("users"), QStringLiteral("reviews"));
}

} // namespace library
