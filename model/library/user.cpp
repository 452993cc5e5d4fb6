#include "user.h"

#include "book.h"
#include "librarymetadata.h"
#include "review.h"

namespace library {

const orm::Table &User::staticTable() {
    return usersTable();
}

std::shared_ptr<User> User::create(const QString &name) {
    auto user = std::static_pointer_cast<User>(usersTable().createRecord());
    user->setName(name);
    return user;
}

orm::Collection<Book> User::borrowed() {
    return {this, &userBorrowed()};
}
orm::Collection<Review> User::reviews() {
    return {this, &userReviews()};
}

} // namespace library
