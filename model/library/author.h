#pragma once

#include "orm/collection.h"
#include "orm/record.h"

namespace library {

class Book;

/// An author: `Author::create("Michael Crichton", {book2, book3})`.
class Author : public orm::Record {
public:
    static constexpr int IdColumn = 0;
    static constexpr int NameColumn = 1;

    using orm::Record::Record;
    static std::shared_ptr<Author> create(const QString &name,
                                          const QList<std::shared_ptr<Book>> &books = {});
    static const orm::Table &staticTable();

    QString name() const { return value(NameColumn).toString(); }
    bool setName(const QString &name) { return setValue(NameColumn, name); }
    /// All, delete-orphan: removing a book from here deletes it at flush.
    orm::Collection<Book> books();
};

} // namespace library
