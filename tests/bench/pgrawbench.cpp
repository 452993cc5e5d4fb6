// pg-raw-bench: the physical limit for issue 5's workloads on PostgreSQL (issue 13). Plain C++
// against libpq, as a careful C programmer writes it: prepared statements, multi-row VALUES for
// inserts and updates (1,000 rows a statement), key lists as one array parameter for deletes, one
// transaction per write workload, rows into plain structs. Same command line and result line as
// shelf-bench, so scripts/bench pg runs them side by side.
//
//   pg-raw-bench <w0|w1|w2|w3|w4|w5> <libpq connection string>

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::size_t BatchRows = 1000;

[[noreturn]] void fail(PGconn *db, const std::string &what) {
    std::fprintf(stderr, "pg-raw-bench: %s: %s\n", what.c_str(),
                 db ? PQerrorMessage(db) : "no connection");
    std::exit(1);
}

/// A result that must have succeeded; cleared when it goes out of scope.
class Result {
public:
    Result(PGconn *db, PGresult *result, const std::string &what)
        : m_result(result) {
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            fail(db, what);
    }
    ~Result() { PQclear(m_result); }
    Result(const Result &) = delete;
    Result &operator=(const Result &) = delete;

    int rows() const { return PQntuples(m_result); }
    std::int64_t integer(int row, int column) const {
        return std::strtoll(PQgetvalue(m_result, row, column), nullptr, 10);
    }
    std::string text(int row, int column) const {
        return std::string(PQgetvalue(m_result, row, column),
                           std::size_t(PQgetlength(m_result, row, column)));
    }
    long long changed() const { return std::atoll(PQcmdTuples(m_result)); }

private:
    PGresult *m_result;
};

void exec(PGconn *db, const char *sql) {
    Result(db, PQexec(db, sql), sql);
}

/// `($1, $2), ($3, $4), …`: `rows` tuples of `columns` parameters; `casts` (one per column, may be
/// empty) follow each parameter of the first tuple, which types the whole VALUES list.
std::string valuesList(std::size_t rows, std::size_t columns,
                       const std::vector<std::string> &casts = {}) {
    std::string sql;
    int parameter = 1;
    for (std::size_t row = 0; row < rows; ++row) {
        sql += row ? ", (" : "(";
        for (std::size_t column = 0; column < columns; ++column) {
            if (column)
                sql += ", ";
            sql += '$';
            sql += std::to_string(parameter++);
            if (row == 0 && !casts.empty())
                sql += casts[column];
        }
        sql += ")";
    }
    return sql;
}

/// Prepares `sql` under `name` (once per connection).
void prepare(PGconn *db, const std::string &name, const std::string &sql) {
    Result(db, PQprepare(db, name.c_str(), sql.c_str(), 0, nullptr), sql);
}

/// Runs a prepared statement with text parameters.
PGresult *run(PGconn *db, const std::string &name, const std::vector<const char *> &values) {
    return PQexecPrepared(db, name.c_str(), int(values.size()), values.data(), nullptr, nullptr, 0);
}

struct Book {
    std::int64_t id = 0;
    std::string title;
    std::int64_t authorId = 0;
};

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::vector<Book *> books;
};

std::int64_t countRows(PGconn *db, const char *sql) {
    Result count(db, PQexec(db, sql), sql);
    return count.integer(0, 0);
}

std::vector<Author> loadAuthors(PGconn *db, const char *sql) {
    Result select(db, PQexec(db, sql), sql);
    std::vector<Author> authors;
    authors.reserve(std::size_t(select.rows()));
    for (int row = 0; row < select.rows(); ++row)
        authors.push_back(Author{select.integer(row, 0), select.text(row, 1), {}});
    return authors;
}

std::vector<Book> booksOf(const Result &select) {
    std::vector<Book> books;
    books.reserve(std::size_t(select.rows()));
    for (int row = 0; row < select.rows(); ++row)
        books.push_back(Book{select.integer(row, 0), select.text(row, 1), select.integer(row, 2)});
    return books;
}

std::vector<Book> loadBooks(PGconn *db, const char *sql) {
    Result select(db, PQexec(db, sql), sql);
    return booksOf(select);
}

/// `{1,2,3}`: an int8[] parameter in text form.
std::string arrayOf(const std::vector<std::int64_t> &ids) {
    std::string text = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            text += ',';
        text += std::to_string(ids[i]);
    }
    return text + "}";
}

int w0(PGconn *db) {
    std::printf("w0 authors=%lld\n",
                static_cast<long long>(countRows(db, "SELECT count(*) FROM authors")));
    return 0;
}

/// Inserts `rows` (each `columns` text values, row after row) into `table` as multi-row VALUES
/// batches; the generated ids come back in `ids`, in row order.
void insertBatches(PGconn *db, const std::string &table, const std::string &columnList,
                   std::size_t columns, const std::vector<std::string> &rows,
                   std::vector<std::int64_t> *ids) {
    const std::size_t total = rows.size() / columns;
    std::vector<const char *> values;
    for (std::size_t first = 0; first < total; first += BatchRows) {
        const std::size_t count = std::min(BatchRows, total - first);
        const std::string name = "insert_" + table + "_" + std::to_string(count);
        static std::unordered_map<std::string, bool> prepared;
        if (!prepared[name]) {
            prepare(db, name,
                    "INSERT INTO " + table + " (" + columnList + ") VALUES " +
                        valuesList(count, columns) + " RETURNING id");
            prepared[name] = true;
        }
        values.clear();
        for (std::size_t i = first * columns; i < (first + count) * columns; ++i)
            values.push_back(rows[i].c_str());
        Result inserted(db, run(db, name, values), name);
        // PostgreSQL inserts a VALUES list in its order and returns the rows as it inserts them.
        for (int row = 0; row < inserted.rows(); ++row)
            ids->push_back(inserted.integer(row, 0));
    }
}

int w1(PGconn *db) {
    exec(db, "SET client_min_messages = warning");
    exec(db, "DROP TABLE IF EXISTS books, authors");
    exec(db, "CREATE TABLE authors (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
             "name TEXT NOT NULL)");
    exec(db, "CREATE TABLE books (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
             "title TEXT NOT NULL, author_id BIGINT NOT NULL REFERENCES authors(id))");
    exec(db, "CREATE INDEX ix_books_author_id ON books(author_id)");

    // Stage everything in memory first, as the session does, then write it in one transaction.
    std::vector<Author> authors(10000);
    std::vector<Book> books;
    books.reserve(100000);
    for (int a = 0; a < 10000; ++a) {
        authors[std::size_t(a)].name = "Author " + std::to_string(a + 1);
        for (int b = 0; b < 10; ++b)
            books.push_back(
                Book{0, "Book " + std::to_string(a + 1) + "-" + std::to_string(b + 1), a});
    }

    exec(db, "BEGIN");
    std::vector<std::string> rows;
    rows.reserve(authors.size());
    for (const Author &author : authors)
        rows.push_back(author.name);
    std::vector<std::int64_t> ids;
    ids.reserve(authors.size());
    insertBatches(db, "authors", "name", 1, rows, &ids);
    for (std::size_t i = 0; i < authors.size(); ++i)
        authors[i].id = ids.at(i);

    rows.clear();
    rows.reserve(books.size() * 2);
    for (Book &book : books) {
        book.authorId = authors[std::size_t(book.authorId)].id;
        rows.push_back(book.title);
        rows.push_back(std::to_string(book.authorId));
    }
    ids.clear();
    ids.reserve(books.size());
    insertBatches(db, "books", "title, author_id", 2, rows, &ids);
    for (std::size_t i = 0; i < books.size(); ++i)
        books[i].id = ids.at(i);
    exec(db, "COMMIT");

    std::printf("w1 authors=%lld books=%lld\n",
                static_cast<long long>(countRows(db, "SELECT count(*) FROM authors")),
                static_cast<long long>(countRows(db, "SELECT count(*) FROM books")));
    return 0;
}

int w2(PGconn *db) {
    std::vector<Author> authors = loadAuthors(db, "SELECT id, name FROM authors ORDER BY id");
    std::vector<Book> books = loadBooks(db, "SELECT id, title, author_id FROM books ORDER BY id");
    std::unordered_map<std::int64_t, Author *> byId;
    byId.reserve(authors.size());
    for (Author &author : authors)
        byId.emplace(author.id, &author);
    for (Book &book : books) {
        const auto it = byId.find(book.authorId);
        if (it != byId.end())
            it->second->books.push_back(&book);
    }

    std::size_t chars = 0;
    std::size_t bookCount = 0;
    for (const Author &author : authors) {
        chars += author.name.size();
        for (const Book *book : author.books) {
            chars += book->title.size();
            ++bookCount;
        }
    }
    std::printf("w2 authors=%zu books=%zu chars=%zu\n", authors.size(), bookCount, chars);
    return 0;
}

int w3(PGconn *db) {
    std::vector<Book> books =
        loadBooks(db, "SELECT id, title, author_id FROM books ORDER BY id LIMIT 10000");
    for (Book &book : books) {
        if (!book.title.empty() && book.title.back() == '*')
            book.title.pop_back();
        else
            book.title.push_back('*');
    }
    long long updated = 0;
    exec(db, "BEGIN");
    std::vector<std::string> ids;
    ids.reserve(books.size());
    for (const Book &book : books)
        ids.push_back(std::to_string(book.id));
    std::vector<const char *> values;
    std::unordered_map<std::size_t, std::string> names;
    for (std::size_t first = 0; first < books.size(); first += BatchRows) {
        const std::size_t count = std::min(BatchRows, books.size() - first);
        std::string &name = names[count];
        if (name.empty()) {
            name = "update_books_" + std::to_string(count);
            prepare(db, name,
                    "UPDATE books SET title = v.title FROM (VALUES " +
                        valuesList(count, 2, {"::bigint", "::text"}) +
                        ") AS v(id, title) WHERE books.id = v.id");
        }
        values.clear();
        for (std::size_t i = first; i < first + count; ++i) {
            values.push_back(ids[i].c_str());
            values.push_back(books[i].title.c_str());
        }
        Result update(db, run(db, name, values), name);
        updated += update.changed();
    }
    exec(db, "COMMIT");
    std::printf("w3 updated=%lld\n", updated);
    return 0;
}

int w4(PGconn *db) {
    std::vector<Author> authors =
        loadAuthors(db, "SELECT id, name FROM authors ORDER BY id LIMIT 1000");
    std::vector<std::int64_t> authorIds;
    authorIds.reserve(authors.size());
    for (const Author &author : authors)
        authorIds.push_back(author.id);
    const std::string authorArray = arrayOf(authorIds);
    prepare(db, "books_of",
            "SELECT id, title, author_id FROM books WHERE author_id = ANY($1::bigint[])");
    std::vector<Book> books;
    {
        Result select(db, run(db, "books_of", {authorArray.c_str()}), "books_of");
        books = booksOf(select);
    }
    std::vector<std::int64_t> bookIds;
    bookIds.reserve(books.size());
    for (const Book &book : books)
        bookIds.push_back(book.id);
    const std::string bookArray = arrayOf(bookIds);

    prepare(db, "delete_books", "DELETE FROM books WHERE id = ANY($1::bigint[])");
    prepare(db, "delete_authors", "DELETE FROM authors WHERE id = ANY($1::bigint[])");
    exec(db, "BEGIN");
    long long booksDeleted = 0;
    long long authorsDeleted = 0;
    {
        Result deleted(db, run(db, "delete_books", {bookArray.c_str()}), "delete_books");
        booksDeleted = deleted.changed();
    }
    {
        Result deleted(db, run(db, "delete_authors", {authorArray.c_str()}), "delete_authors");
        authorsDeleted = deleted.changed();
    }
    exec(db, "COMMIT");
    std::printf("w4 authors_deleted=%lld books_deleted=%lld\n", authorsDeleted, booksDeleted);
    return 0;
}

int w5(PGconn *db) {
    std::vector<Book> books = loadBooks(db, "SELECT id, title, author_id FROM books ORDER BY id");
    // The in-memory equivalent of the session's rollback: a committed snapshot to restore from.
    const std::vector<Book> committed = books;
    for (Book &book : books)
        book.title += " (edited)";
    books = committed;
    static constexpr std::string_view suffix = " (edited)";
    std::size_t restored = 0;
    for (const Book &book : books) {
        const bool edited =
            book.title.size() >= suffix.size() &&
            std::string_view(book.title).substr(book.title.size() - suffix.size()) == suffix;
        if (!edited)
            ++restored;
    }
    std::printf("w5 books=%zu restored=%zu\n", books.size(), restored);
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: pg-raw-bench <w0|w1|w2|w3|w4|w5> <libpq string>\n");
        return 2;
    }
    const std::string_view workload = argv[1];
    PGconn *db = PQconnectdb(argv[2]);
    if (PQstatus(db) != CONNECTION_OK)
        fail(db, argv[2]);
    int status = 2;
    if (workload == "w0")
        status = w0(db);
    else if (workload == "w1")
        status = w1(db);
    else if (workload == "w2")
        status = w2(db);
    else if (workload == "w3")
        status = w3(db);
    else if (workload == "w4")
        status = w4(db);
    else if (workload == "w5")
        status = w5(db);
    else
        std::fprintf(stderr, "pg-raw-bench: unknown workload %s\n", argv[1]);
    PQfinish(db);
    return status;
}
