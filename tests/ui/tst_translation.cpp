// Every user-visible string goes through tr() (issue 4): with a translator installed that marks
// every string it is asked for, the main window's tabs, column headers, menus and actions, the
// related pane's tabs and the delete preview's reasons all read marked. A string built from an
// identifier or a literal that skipped translation shows up unmarked.

#include "uitesthelpers.h"

#include "ui/deletepreviewdialog.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"

#include "library/library.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTranslator>
#include <QTreeWidget>

namespace {

const QString Mark = QStringLiteral("\u2039T\u203a"); // ‹T›

/// Answers every lookup with the source text behind a mark.
class MarkingTranslator : public QTranslator {
public:
    QString translate(const char *, const char *sourceText, const char *, int) const override {
        if (!sourceText || !*sourceText)
            return {};
        return Mark + QString::fromUtf8(sourceText);
    }
    bool isEmpty() const override { return false; }
};

/// The texts among `texts` that carry no mark.
QStringList unmarked(const QStringList &texts) {
    QStringList result;
    for (const QString &text : texts) {
        if (!text.isEmpty() && !text.startsWith(Mark))
            result.append(text);
    }
    return result;
}

QStringList tabTexts(const QTabWidget *tabs) {
    QStringList texts;
    for (int i = 0; i < tabs->count(); ++i)
        texts.append(tabs->tabText(i));
    return texts;
}

QStringList headerTexts(const QTableView *view) {
    QStringList texts;
    const QAbstractItemModel *model = view->model();
    for (int column = 0; column < model->columnCount(); ++column)
        texts.append(model->headerData(column, Qt::Horizontal).toString());
    return texts;
}

} // namespace

class tst_Translation : public QObject, protected uitest::SeededWindowTest {
    Q_OBJECT
private:
    MarkingTranslator m_translator;

private Q_SLOTS:
    void initTestCase() {
        uitest::isolateSettings();
        // Before anything builds the library's metadata: its labels are translated once
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
        QVERIFY(openSeeded());
    }
    void cleanupTestCase() {
        closeSeeded();
        QCoreApplication::removeTranslator(&m_translator);
    }

    void shouldTranslateTheTablesTheirHeadersAndTheRelatedTabs() {
        ui::TableBrowser *browser = window().browser();
        const auto tabs = window().findChildren<QTabWidget *>();
        QVERIFY(!tabs.isEmpty());
        QStringList texts;
        for (const QTabWidget *widget : tabs)
            texts += tabTexts(widget);
        QVERIFY(texts.size() >= 4);
        for (const orm::Table *table : library::metadata().tables()) {
            browser->setCurrentTable(*table);
            QTableView *view = browser->viewFor(*table);
            QVERIFY(view);
            const QStringList headers = headerTexts(view);
            QVERIFY2(unmarked(headers).isEmpty(), qPrintable(unmarked(headers).join(u", ")));
            view->selectRow(0);
            view->setCurrentIndex(view->model()->index(0, 1));
            for (const QTabWidget *widget : window().findChildren<QTabWidget *>())
                texts += tabTexts(widget);
        }
        QVERIFY2(unmarked(texts).isEmpty(), qPrintable(unmarked(texts).join(u", ")));
    }

    void shouldTranslateMenusAndActions() {
        QStringList texts;
        for (const QAction *action : window().findChildren<QAction *>()) {
            if (action->isSeparator() || action->text().isEmpty())
                continue;
            // Recent databases are named by their paths, not by words
            if (action->parent() && action->parent()->objectName() == QLatin1String("recentMenu"))
                continue;
            texts.append(action->text());
        }
        QVERIFY(texts.size() > 10);
        QVERIFY2(unmarked(texts).isEmpty(), qPrintable(unmarked(texts).join(u", ")));
    }

    void shouldTranslateTheStatusBar() {
        QStringList texts;
        for (const char *name : {"pendingCountLabel", "rowsLabel"}) {
            const auto *label = window().findChild<QLabel *>(QLatin1String(name));
            QVERIFY2(label, name);
            texts.append(label->text());
        }
        QVERIFY2(unmarked(texts).isEmpty(), qPrintable(unmarked(texts).join(u", ")));
    }

    void shouldTranslateTheReasonsOfADeletePreview() {
        // Deleting Michael Crichton: his books (a cascade), their reviews, a borrower cleared
        orm::Session &session = *window().session();
        orm::Query query;
        query.where = QStringLiteral("name = ?");
        query.binds = {QStringLiteral("Michael Crichton")};
        const orm::RecordList authors = session.query(library::Author::staticTable(), query);
        QCOMPARE(authors.size(), 1);
        const orm::DeletePreview preview = session.previewDelete(authors.first());
        QVERIFY(preview.deleted.size() > 1);
        QStringList reasons;
        for (const auto &deleted : preview.deleted)
            reasons.append(deleted.reason);
        for (const auto &nulled : preview.nulled)
            reasons.append(nulled.reason);
        QVERIFY2(unmarked(reasons).isEmpty(), qPrintable(unmarked(reasons).join(u" | ")));

        ui::DeletePreviewDialog dialog(preview);
        QStringList shown;
        for (const QTreeWidget *tree : dialog.findChildren<QTreeWidget *>()) {
            for (QTreeWidgetItemIterator it(const_cast<QTreeWidget *>(tree)); *it; ++it) {
                if (!(*it)->parent()) // group headings
                    shown.append((*it)->text(0));
            }
        }
        QVERIFY(!shown.isEmpty());
        QVERIFY2(unmarked(shown).isEmpty(), qPrintable(unmarked(shown).join(u" | ")));
    }
};

QTEST_MAIN(tst_Translation)
#include "tst_translation.moc"
