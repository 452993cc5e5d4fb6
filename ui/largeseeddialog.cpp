#include "largeseeddialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int MostAuthors = 1000000;
constexpr int MostBooksPerAuthor = 1000;
} // namespace

LargeSeedDialog::LargeSeedDialog(const QString &database, int authors, int booksPerAuthor,
                                 QWidget *parent)
    : QDialog(parent)
    , m_authors(new QSpinBox(this))
    , m_books(new QSpinBox(this))
    , m_total(new QLabel(this)) {
    setObjectName(QStringLiteral("largeSeedDialog"));
    setWindowTitle(tr("Seed large library"));
    setMinimumWidth(440);
    auto *warning =
        new QLabel(tr("Seeding drops every table of %1 and fills it with generated authors and "
                      "books. All data in them is lost. It takes a while; you can cancel, and "
                      "what was written until then stays.")
                       .arg(database),
                   this);
    warning->setWordWrap(true);
    for (QSpinBox *box : {m_authors, m_books}) {
        box->setGroupSeparatorShown(true); // "10,000", as the rest of the window writes it
        box->setAccelerated(true);
    }
    m_authors->setObjectName(QStringLiteral("authorsBox"));
    m_authors->setRange(1, MostAuthors);
    m_authors->setValue(authors);
    m_books->setObjectName(QStringLiteral("booksPerAuthorBox"));
    m_books->setRange(1, MostBooksPerAuthor);
    m_books->setValue(booksPerAuthor);
    connect(m_authors, &QSpinBox::valueChanged, this, &LargeSeedDialog::updateTotal);
    connect(m_books, &QSpinBox::valueChanged, this, &LargeSeedDialog::updateTotal);
    updateTotal();

    auto *form = new QFormLayout;
    form->addRow(tr("&Authors:"), m_authors);
    form->addRow(tr("&Books per author:"), m_books);
    form->addRow(QString(), m_total);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *seed = buttons->addButton(tr("Drop and Seed"), QDialogButtonBox::AcceptRole);
    seed->setObjectName(QStringLiteral("seedButton"));
    buttons->addButton(QDialogButtonBox::Cancel)->setDefault(true); // nothing is lost by Enter
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

int LargeSeedDialog::authors() const {
    return m_authors->value();
}

int LargeSeedDialog::booksPerAuthor() const {
    return m_books->value();
}

QString LargeSeedDialog::total() const {
    return m_total->text();
}

void LargeSeedDialog::updateTotal() {
    const qint64 books = qint64(authors()) * booksPerAuthor();
    m_total->setText(tr("%1 books in all.").arg(QLocale().toString(books)));
}

} // namespace ui
