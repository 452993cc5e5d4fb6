// raw-bench: the physical limit for issue 5's workloads. Plain C++ against the SQLite C API:
// prepared statements, one transaction per write workload, rows into plain structs. Same command
// line and the same single result line as shelf-bench, so scripts/bench can run them side by side.
//
//   raw-bench <w0|w1|w2|w3|w4|w5> <db-file>

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

[[noreturn]] void fail(sqlite3 *db, const char *what) {
    std::fprintf(stderr, "raw-bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "no connection");
    std::exit(1);
}

class Statement {
public:
    Statement(sqlite3 *db, const char *sql)
        : m_db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            fail(db, sql);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(m_stmt, index, value)); }
    void bind(int index, std::string_view text) {
        check(sqlite3_bind_text(m_stmt, index, text.data(), int(text.size()), SQLITE_STATIC));
    }
    /// True while there is a row.
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            fail(m_db, sqlite3_sql(m_stmt));
        return false;
    }
    void reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    /// Runs a statement that returns no rows and resets it for the next bind.
    void run() {
        step();
        reset();
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    std::string text(int column) const {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return std::string(data ? data : "", std::size_t(sqlite3_column_bytes(m_stmt, column)));
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK)
            fail(m_db, "bind");
    }
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

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

void exec(sqlite3 *db, const char *sql) {
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "raw-bench: %s: %s\n", sql, message ? message : "?");
        sqlite3_free(message);
        std::exit(1);
    }
}

sqlite3 *open(const char *path) {
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
        fail(db, path);
    exec(db, "PRAGMA foreign_keys=ON");
    return db;
}

std::int64_t countRows(sqlite3 *db, const char *sql) {
    Statement count(db, sql);
    count.step();
    return count.integer(0);
}

std::vector<Author> loadAuthors(sqlite3 *db, const char *sql) {
    std::vector<Author> authors;
    Statement select(db, sql);
    while (select.step())
        authors.push_back(Author{select.integer(0), select.text(1), {}});
    return authors;
}

std::vector<Book> loadBooks(sqlite3 *db, const char *sql) {
    std::vector<Book> books;
    Statement select(db, sql);
    while (select.step())
        books.push_back(Book{select.integer(0), select.text(1), select.integer(2)});
    return books;
}

int w0(sqlite3 *db) {
    std::printf("w0 authors=%lld\n",
                static_cast<long long>(countRows(db, "SELECT count(*) FROM authors")));
    return 0;
}

int w1(sqlite3 *db) {
    exec(db, "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    exec(db, "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
             "author_id INTEGER NOT NULL REFERENCES authors(id))");
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
    {
        Statement insertAuthor(db, "INSERT INTO authors (name) VALUES (?)");
        Statement insertBook(db, "INSERT INTO books (title, author_id) VALUES (?, ?)");
        for (Author &author : authors) {
            insertAuthor.bind(1, author.name);
            insertAuthor.run();
            author.id = sqlite3_last_insert_rowid(db);
        }
        for (Book &book : books) {
            insertBook.bind(1, book.title);
            insertBook.bind(2, authors[std::size_t(book.authorId)].id);
            insertBook.run();
            book.id = sqlite3_last_insert_rowid(db);
            book.authorId = authors[std::size_t(book.authorId)].id;
        }
    }
    exec(db, "COMMIT");

    std::printf("w1 authors=%lld books=%lld\n",
                static_cast<long long>(countRows(db, "SELECT count(*) FROM authors")),
                static_cast<long long>(countRows(db, "SELECT count(*) FROM books")));
    return 0;
}

int w2(sqlite3 *db) {
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

int w3(sqlite3 *db) {
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
    {
        Statement update(db, "UPDATE books SET title = ? WHERE id = ?");
        for (const Book &book : books) {
            update.bind(1, book.title);
            update.bind(2, book.id);
            update.run();
            updated += sqlite3_changes(db);
        }
    }
    exec(db, "COMMIT");
    std::printf("w3 updated=%lld\n", updated);
    return 0;
}

int w4(sqlite3 *db) {
    std::vector<Author> authors =
        loadAuthors(db, "SELECT id, name FROM authors ORDER BY id LIMIT 1000");
    std::vector<Book> books;
    {
        Statement select(db, "SELECT id, title, author_id FROM books WHERE author_id = ?");
        for (const Author &author : authors) {
            select.bind(1, author.id);
            while (select.step())
                books.push_back(Book{select.integer(0), select.text(1), select.integer(2)});
            select.reset();
        }
    }
    long long authorsDeleted = 0;
    long long booksDeleted = 0;
    exec(db, "BEGIN");
    {
        Statement deleteBook(db, "DELETE FROM books WHERE id = ?");
        for (const Book &book : books) {
            deleteBook.bind(1, book.id);
            deleteBook.run();
            booksDeleted += sqlite3_changes(db);
        }
        Statement deleteAuthor(db, "DELETE FROM authors WHERE id = ?");
        for (const Author &author : authors) {
            deleteAuthor.bind(1, author.id);
            deleteAuthor.run();
            authorsDeleted += sqlite3_changes(db);
        }
    }
    exec(db, "COMMIT");
    std::printf("w4 authors_deleted=%lld books_deleted=%lld\n", authorsDeleted, booksDeleted);
    return 0;
}

int w5(sqlite3 *db) {
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
        std::fprintf(stderr, "usage: raw-bench <w0|w1|w2|w3|w4|w5> <db-file>\n");
        return 2;
    }
    const std::string_view workload = argv[1];
    const char *path = argv[2];
    if (workload == "w1")
        std::remove(path);

    sqlite3 *db = open(path);
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
        std::fprintf(stderr, "raw-bench: unknown workload %s\n", argv[1]);
    sqlite3_close(db);
    return status;
}
