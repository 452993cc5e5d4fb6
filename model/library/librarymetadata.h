#pragma once

#include "orm/metadata.h"

namespace library {

/// The library domain's tables and relationships (DESIGN.md §3):
///   authors(id, name NOT NULL)                 Author.books: all, delete-orphan
///   books(id, title NOT NULL, author_id NOT NULL → authors, borrower_id NULL → users)
///                                              Book.reviews: all, delete-orphan
///   users(id, name NOT NULL)                   User.borrowed: save-update (clears borrower_id)
///                                              User.reviews: save-update on a NOT NULL key
///                                              (blocks)
///   reviews(id, book_id NOT NULL → books, user_id NOT NULL → users, rating 1–5, text)
const orm::Metadata &metadata();

const orm::Table &authorsTable();
const orm::Table &booksTable();
const orm::Table &usersTable();
const orm::Table &reviewsTable();

const orm::Relationship &authorBooks();  ///< Author.books / Book.author
const orm::Relationship &bookReviews();  ///< Book.reviews / Review.book
const orm::Relationship &userBorrowed(); ///< User.borrowed / Book.borrower
const orm::Relationship &userReviews();  ///< User.reviews / Review.user

} // namespace library
