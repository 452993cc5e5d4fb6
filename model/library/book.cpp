#include "book.h"

#include "author.h"
#include "librarymetadata.h"
#include "review.h"
#include "user.h"

namespace library {

const orm::Table &Book::staticTable() {
    return booksTable();
}

std::shared_ptr<Book> Book::create(const QString &title, const std::shared_ptr<Author> &author) {
    auto book = std::static_pointer_cast<Book>(booksTable().createRecord());
    book->setTitle(title);
    if (author)
        book->setAuthor(author);
    return book;
}

std::shared_ptr<Author> Book::author() {
    return std::static_pointer_cast<Author>(parent(authorBooks()));
}
bool Book::setAuthor(const std::shared_ptr<Author> &author) {
    return setParent(authorBooks(), author);
}
std::shared_ptr<User> Book::borrower() {
    return std::static_pointer_cast<User>(parent(userBorrowed()));
}
bool Book::setBorrower(const std::shared_ptr<User> &user) {
    return setParent(userBorrowed(), user);
}
orm::Collection<Review> Book::reviews() {
    return {this, &bookReviews()};
}

} // namespace library
