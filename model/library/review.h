#pragma once

#include "orm/record.h"

namespace library {

class Book;
class User;

/// A review of a book by a user, rated 1–5.
class Review : public orm::Record {
public:
    static constexpr int IdColumn = 0;
    static constexpr int BookIdColumn = 1;
    static constexpr int UserIdColumn = 2;
    static constexpr int RatingColumn = 3;
    static constexpr int TextColumn = 4;

    using orm::Record::Record;
    static std::shared_ptr<Review> create(const std::shared_ptr<Book> &book,
                                          const std::shared_ptr<User> &user, int rating,
                                          const QString &text = {});
    static const orm::Table &staticTable();

    std::shared_ptr<Book> book();
    bool setBook(const std::shared_ptr<Book> &book);
    std::shared_ptr<User> user();
    bool setUser(const std::shared_ptr<User> &user);
    int rating() const { return value(RatingColumn).toInt(); }
    bool setRating(int rating) { return setValue(RatingColumn, rating); }
    QString text() const { return value(TextColumn).toString(); }
    bool setText(const QString &text) { return setValue(TextColumn, text); }
};

} // namespace library
