// qtsql-bench: issue 5's workloads through Qt Sql used directly (QSqlQuery, prepared statements,
// one transaction per write workload, rows into plain structs with QString), no ORM. A reference
// point between raw-bench (the physical limit) and shelf-bench: what any Qt Sql program pays.
// Same command line and result line as raw-bench and shelf-bench.
//
//   qtsql-bench <w0|w1|w2|w3|w4|w5> <db-file>

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct Book {
    qint64 id = 0;
    QString title;
    qint64 authorId = 0;
};

struct Author {
    qint64 id = 0;
    QString name;
    std::vector<Book *> books;
};

[[noreturn]] void fail(const QSqlQuery &query) {
    std::fprintf(stderr, "qtsql-bench: %s: %s\n", qPrintable(query.lastQuery()),
                 qPrintable(query.lastError().text()));
    std::exit(1);
}

QSqlQuery prepare(const QSqlDatabase &db, const QString &sql) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        fail(query);
    return query;
}

void run(QSqlQuery &query) {
    if (!query.exec())
        fail(query);
}

void exec(const QSqlDatabase &db, const QString &sql) {
    QSqlQuery query(db);
    if (!query.exec(sql))
        fail(query);
}

qint64 countRows(const QSqlDatabase &db, const QString &table) {
    QSqlQuery query = prepare(db, QStringLiteral("SELECT count(*) FROM ") + table);
    run(query);
    return query.next() ? query.value(0).toLongLong() : -1;
}

std::vector<Book> loadBooks(const QSqlDatabase &db, const QString &sql) {
    std::vector<Book> books;
    QSqlQuery query = prepare(db, sql);
    run(query);
    while (query.next())
        books.push_back(Book{query.value(0).toLongLong(), query.value(1).toString(),
                             query.value(2).toLongLong()});
    return books;
}

std::vector<Author> loadAuthors(const QSqlDatabase &db, const QString &sql) {
    std::vector<Author> authors;
    QSqlQuery query = prepare(db, sql);
    run(query);
    while (query.next())
        authors.push_back(Author{query.value(0).toLongLong(), query.value(1).toString(), {}});
    return authors;
}

int w0(const QSqlDatabase &db) {
    std::printf("w0 authors=%lld\n",
                static_cast<long long>(countRows(db, QStringLiteral("authors"))));
    return 0;
}

int w1(QSqlDatabase &db) {
    exec(db, QStringLiteral("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"));
    exec(db, QStringLiteral("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
                            "author_id INTEGER NOT NULL REFERENCES authors(id))"));
    exec(db, QStringLiteral("CREATE INDEX ix_books_author_id ON books(author_id)"));

    std::vector<Author> authors(10000);
    std::vector<Book> books;
    books.reserve(100000);
    for (int a = 0; a < 10000; ++a) {
        const QString number = QString::number(a + 1);
        authors[std::size_t(a)].name = QStringLiteral("Author ") + number;
        for (int b = 0; b < 10; ++b)
            books.push_back(Book{
                0, QStringLiteral("Book ") + number + QLatin1Char('-') + QString::number(b + 1),
                a});
    }
    if (!db.transaction())
        return 1;
    {
        QSqlQuery insertAuthor =
            prepare(db, QStringLiteral("INSERT INTO authors (name) VALUES (?)"));
        QSqlQuery insertBook =
            prepare(db, QStringLiteral("INSERT INTO books (title, author_id) VALUES (?, ?)"));
        for (Author &author : authors) {
            insertAuthor.bindValue(0, author.name);
            run(insertAuthor);
            author.id = insertAuthor.lastInsertId().toLongLong();
        }
        for (Book &book : books) {
            const qint64 authorId = authors[std::size_t(book.authorId)].id;
            insertBook.bindValue(0, book.title);
            insertBook.bindValue(1, authorId);
            run(insertBook);
            book.id = insertBook.lastInsertId().toLongLong();
            book.authorId = authorId;
        }
    }
    if (!db.commit())
        return 1;
    std::printf("w1 authors=%lld books=%lld\n",
                static_cast<long long>(countRows(db, QStringLiteral("authors"))),
                static_cast<long long>(countRows(db, QStringLiteral("books"))));
    return 0;
}

int w2(const QSqlDatabase &db) {
    std::vector<Author> authors =
        loadAuthors(db, QStringLiteral("SELECT id, name FROM authors ORDER BY id"));
    std::vector<Book> books =
        loadBooks(db, QStringLiteral("SELECT id, title, author_id FROM books ORDER BY id"));
    QHash<qint64, Author *> byId;
    byId.reserve(qsizetype(authors.size()));
    for (Author &author : authors)
        byId.insert(author.id, &author);
    for (Book &book : books) {
        if (Author *author = byId.value(book.authorId))
            author->books.push_back(&book);
    }
    qsizetype chars = 0;
    qsizetype bookCount = 0;
    for (const Author &author : authors) {
        chars += author.name.size();
        for (const Book *book : author.books) {
            chars += book->title.size();
            ++bookCount;
        }
    }
    std::printf("w2 authors=%zu books=%lld chars=%lld\n", authors.size(),
                static_cast<long long>(bookCount), static_cast<long long>(chars));
    return 0;
}

int w3(QSqlDatabase &db) {
    std::vector<Book> books = loadBooks(
        db, QStringLiteral("SELECT id, title, author_id FROM books ORDER BY id LIMIT 10000"));
    for (Book &book : books) {
        if (book.title.endsWith(QLatin1Char('*')))
            book.title.chop(1);
        else
            book.title.append(QLatin1Char('*'));
    }
    long long updated = 0;
    if (!db.transaction())
        return 1;
    {
        QSqlQuery update = prepare(db, QStringLiteral("UPDATE books SET title = ? WHERE id = ?"));
        for (const Book &book : books) {
            update.bindValue(0, book.title);
            update.bindValue(1, book.id);
            run(update);
            updated += update.numRowsAffected();
        }
    }
    if (!db.commit())
        return 1;
    std::printf("w3 updated=%lld\n", updated);
    return 0;
}

int w4(QSqlDatabase &db) {
    std::vector<Author> authors =
        loadAuthors(db, QStringLiteral("SELECT id, name FROM authors ORDER BY id LIMIT 1000"));
    std::vector<Book> books;
    {
        QSqlQuery select = prepare(
            db, QStringLiteral("SELECT id, title, author_id FROM books WHERE author_id = ?"));
        for (const Author &author : authors) {
            select.bindValue(0, author.id);
            run(select);
            while (select.next())
                books.push_back(Book{select.value(0).toLongLong(), select.value(1).toString(),
                                     select.value(2).toLongLong()});
        }
    }
    long long authorsDeleted = 0;
    long long booksDeleted = 0;
    if (!db.transaction())
        return 1;
    {
        QSqlQuery deleteBook = prepare(db, QStringLiteral("DELETE FROM books WHERE id = ?"));
        for (const Book &book : books) {
            deleteBook.bindValue(0, book.id);
            run(deleteBook);
            booksDeleted += deleteBook.numRowsAffected();
        }
        QSqlQuery deleteAuthor = prepare(db, QStringLiteral("DELETE FROM authors WHERE id = ?"));
        for (const Author &author : authors) {
            deleteAuthor.bindValue(0, author.id);
            run(deleteAuthor);
            authorsDeleted += deleteAuthor.numRowsAffected();
        }
    }
    if (!db.commit())
        return 1;
    std::printf("w4 authors_deleted=%lld books_deleted=%lld\n", authorsDeleted, booksDeleted);
    return 0;
}

int w5(const QSqlDatabase &db) {
    std::vector<Book> books =
        loadBooks(db, QStringLiteral("SELECT id, title, author_id FROM books ORDER BY id"));
    const std::vector<Book> committed = books; // the snapshot an in-memory rollback restores
    const QString suffix = QStringLiteral(" (edited)");
    for (Book &book : books)
        book.title += suffix;
    books = committed;
    qsizetype restored = 0;
    for (const Book &book : books) {
        if (!book.title.endsWith(suffix))
            ++restored;
    }
    std::printf("w5 books=%zu restored=%lld\n", books.size(), static_cast<long long>(restored));
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: qtsql-bench <w0|w1|w2|w3|w4|w5> <db-file>\n");
        return 2;
    }
    const QString workload = QString::fromLocal8Bit(argv[1]);
    const QString path = QString::fromLocal8Bit(argv[2]);
    if (workload == QLatin1String("w1"))
        QFile::remove(path);
    int status = 2;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench"));
        db.setDatabaseName(path);
        if (!db.open()) {
            std::fprintf(stderr, "qtsql-bench: %s\n", qPrintable(db.lastError().text()));
            return 1;
        }
        exec(db, QStringLiteral("PRAGMA foreign_keys=ON"));
        if (workload == QLatin1String("w0"))
            status = w0(db);
        else if (workload == QLatin1String("w1"))
            status = w1(db);
        else if (workload == QLatin1String("w2"))
            status = w2(db);
        else if (workload == QLatin1String("w3"))
            status = w3(db);
        else if (workload == QLatin1String("w4"))
            status = w4(db);
        else if (workload == QLatin1String("w5"))
            status = w5(db);
        else
            std::fprintf(stderr, "qtsql-bench: unknown workload %s\n", argv[1]);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));
    return status;
}
