#include "review.h"

#include "book.h"
#include "librarymetadata.h"
#include "user.h"

namespace library {

const orm::Table &Review::staticTable() {
    return reviewsTable();
}

std::shared_ptr<Review> Review::create(const std::shared_ptr<Book> &book,
                                       const std::shared_ptr<User> &user, int rating,
                                       const QString &text) {
    auto review = std::static_pointer_cast<Review>(reviewsTable().createRecord());
    if (book)
        review->setBook(book);
    if (user)
        review->setUser(user);
    review->setRating(rating);
    if (!text.isEmpty())
        review->setText(text);
    return review;
}

std::shared_ptr<Book> Review::book() {
    return std::static_pointer_cast<Book>(parent(bookReviews()));
}
bool Review::setBook(const std::shared_ptr<Book> &book) {
    return setParent(bookReviews(), book);
}
std::shared_ptr<User> Review::user() {
    return std::static_pointer_cast<User>(parent(userReviews()));
}
bool Review::setUser(const std::shared_ptr<User> &user) {
    return setParent(userReviews(), user);
}

} // namespace library
