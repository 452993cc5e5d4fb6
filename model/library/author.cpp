#include "author.h"

#include "book.h"
#include "librarymetadata.h"

namespace library {

const orm::Table &Author::staticTable() {
    return authorsTable();
}

std::shared_ptr<Author> Author::create(const QString &name,
                                       const QList<std::shared_ptr<Book>> &books) {
    auto author = std::static_pointer_cast<Author>(authorsTable().createRecord());
    author->setName(name);
    for (const std::shared_ptr<Book> &book : books)
        author->books().append(book);
    return author;
}

orm::Collection<Book> Author::books() {
    return {this, &authorBooks()};
}

} // namespace library
