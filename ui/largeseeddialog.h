#pragma once

#include <QDialog>

class QLabel;
class QSpinBox;

namespace ui {

/// Database → Seed Large Library…: how many authors, how many books each, and what seeding does
/// to the database (drops every table). The numbers are written for the user's locale.
class LargeSeedDialog : public QDialog {
    Q_OBJECT
public:
    LargeSeedDialog(const QString &database, int authors, int booksPerAuthor,
                    QWidget *parent = nullptr);

    int authors() const;
    int booksPerAuthor() const;
    QSpinBox *authorsBox() const { return m_authors; }
    QSpinBox *booksBox() const { return m_books; }
    /// "100,000 books in all."
    QString total() const;

private:
    void updateTotal();

    QSpinBox *m_authors;
    QSpinBox *m_books;
    QLabel *m_total;
};

} // namespace ui
