#pragma once

#include "orm/collection.h"
#include "orm/record.h"

namespace library {

class Book;
class Review;

/// A library user: `User::create("Andy")`.
class User : public orm::Record {
public:
    static constexpr int IdColumn = 0;
    static constexpr int NameColumn = 1;

    using orm::Record::Record;
    static std::shared_ptr<User> create(const QString &name);
    static const orm::Table &staticTable();

    QString name() const { return value(NameColumn).toString(); }
    bool setName(const QString &name) { return setValue(NameColumn, name); }
    /// Books this user has borrowed; deleting the user sets their borrower to NULL.
    orm::Collection<Book> borrowed();
    /// Reviews by this user; while there are any, the user cannot be deleted.
    orm::Collection<Review> reviews();
};

} // namespace library
