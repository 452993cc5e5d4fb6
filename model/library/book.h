#pragma once

#include "orm/collection.h"
#include "orm/record.h"

namespace library {

class Author;
class Review;
class User;

/// A book: `Book::create("It", author1)`. Its author is required (NOT NULL).
class Book : public orm::Record {
public:
    static constexpr int IdColumn = 0;
    static constexpr int TitleColumn = 1;
    static constexpr int AuthorIdColumn = 2;
    static constexpr int BorrowerIdColumn = 3;
    static constexpr int PublicationYearColumn = 4; ///< revision 2
    static constexpr int IsbnColumn = 5;            ///< revision 2

    using orm::Record::Record;
    static std::shared_ptr<Book> create(const QString &title,
                                        const std::shared_ptr<Author> &author = nullptr);
    static const orm::Table &staticTable();

    QString title() const { return value(TitleColumn).toString(); }
    bool setTitle(const QString &title) { return setValue(TitleColumn, title); }
    /// The year of publication, or null when unknown (1450–2100).
    QVariant publicationYear() const { return value(PublicationYearColumn); }
    bool setPublicationYear(const QVariant &year) { return setValue(PublicationYearColumn, year); }
    /// ISBN-10 or ISBN-13 without hyphens, unique; null when unknown.
    QString isbn() const { return value(IsbnColumn).toString(); }
    bool setIsbn(const QString &isbn) {
        return setValue(IsbnColumn, isbn.isEmpty() ? QVariant() : QVariant(isbn));
    }
    std::shared_ptr<Author> author();
    /// Moves the book to another author (one UPDATE at flush). Does not add the book to a
    /// session by itself (SQLAlchemy 2.0's backref rule).
    bool setAuthor(const std::shared_ptr<Author> &author);
    std::shared_ptr<User> borrower();
    bool setBorrower(const std::shared_ptr<User> &user);
    orm::Collection<Review> reviews();
};

} // namespace library
