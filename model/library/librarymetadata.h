#pragma once

#include "orm/metadata.h"

namespace library {

/// The library domain's tables and relationships (docs/contract.md §3):
///   authors(id, name NOT NULL)                 Author.books: all, delete-orphan
///   books(id, title NOT NULL, author_id NOT NULL → authors, borrower_id NULL → users ON DELETE
///         SET NULL, publication_year 1450–2100, isbn UNIQUE and its format checked)
///                                              Book.reviews: all, delete-orphan
///   users(id, name NOT NULL)                   User.borrowed: save-update (clears borrower_id)
///                                              User.reviews: save-update on a NOT NULL key
///                                              (blocks)
///   reviews(id, book_id NOT NULL → books, user_id NOT NULL → users, rating 1–5, text)
const orm::Metadata &metadata();

/// Columns that revision 2 added to books, as declared (revisions.cpp adds them as they are).
orm::Column bookPublicationYear();
orm::Column bookIsbn();

const orm::Table &authorsTable();
const orm::Table &booksTable();
const orm::Table &usersTable();
const orm::Table &reviewsTable();

const orm::Relationship &authorBooks();  ///< Author.books / Book.author
const orm::Relationship &bookReviews();  ///< Book.reviews / Review.book
const orm::Relationship &userBorrowed(); ///< User.borrowed / Book.borrower
const orm::Relationship &userReviews();  ///< User.reviews / Review.user

} // namespace library
