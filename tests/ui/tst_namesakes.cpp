// Foreign-key cells whose label two parent rows share (Chinook's two playlists called "Music", two
// albums "Greatest Hits") say which is which, as the picker does ("Music (#8)"); a label only one
// row has reads as before. Which labels repeat is found per page of rows, in a bounded number of
// queries, on a Chinook-shaped SQLite file opened in the real window.

#include "uitesthelpers.h"

#include "orm/namesakes.h"
#include "ui/cellinput.h"
#include "ui/datatransfer.h"
#include "ui/pendingchangespane.h"
#include "ui/recordtablemodel.h"
#include "ui/relatedrecordsmodel.h"
#include "ui/relatedrecordspane.h"
#include "ui/tablebrowser.h"

#include "orm/record.h"
#include "orm/relationship.h"
#include "orm/session.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QTableView>
#include <QTreeWidget>

class tst_Namesakes : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<shelftest::TestDatabase> m_database;
    std::unique_ptr<app::MainWindow> m_window;
    uitest::ScriptedPrompter *m_prompter = nullptr;

    /// Rows of PlaylistTrack: enough for two pages of the grid.
    static constexpr int Tracks = 150;

    /// The text of the cells of `column` in every row of the current table.
    QStringList cells(const QString &column) {
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        const int index = model->table().columnIndex(column);
        QStringList texts;
        for (int row = 0; row < model->rowCount(); ++row)
            texts << model->index(row, index).data().toString();
        return texts;
    }

    ui::RelatedRecordsPane *pane() { return m_window->browser()->relatedPane(); }
    QString titles() { return pane()->groupTitles().join(QStringLiteral(" | ")); }
    orm::RecordPtr onPlaylist(int playlist, int track) {
        return m_window->session()->get(
            *m_window->session()->metadata().table(QStringLiteral("PlaylistTrack")),
            QVariantList{playlist, track});
    }
    /// Ctrl+C on one cell of `view`: what the clipboard holds then.
    QString copyCell(QTableView *view, int row, int column) {
        view->setFocus();
        view->setCurrentIndex(view->model()->index(row, column));
        view->selectionModel()->select(view->model()->index(row, column),
                                       QItemSelectionModel::ClearAndSelect);
        QTest::keySequence(view, QKeySequence::Copy);
        return QApplication::clipboard()->text();
    }
    void stageName(int playlist, const QString &name) {
        orm::Session *session = m_window->session();
        const orm::RecordPtr record =
            session->get(*session->metadata().table(QStringLiteral("Playlist")), playlist);
        QVERIFY(record && record->setValue(QStringLiteral("Name"), name));
    }

private Q_SLOTS:
    void initTestCase() { uitest::isolateSettings(); }
    void init() {
        m_database = std::make_unique<shelftest::TestDatabase>();
        QVERIFY(m_database->open());
        // Chinook's shape: NO ACTION keys, playlists 1 and 8 both "Music", two "Greatest Hits"
        // albums by different artists, genres named by a UNIQUE column.
        for (const char *sql : {
                 "CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name TEXT)",
                 "CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title TEXT NOT NULL, "
                 "ArtistId INTEGER NOT NULL REFERENCES Artist (ArtistId))",
                 "CREATE TABLE Genre (GenreId INTEGER PRIMARY KEY, Name TEXT NOT NULL UNIQUE)",
                 "CREATE TABLE Track (TrackId INTEGER PRIMARY KEY, Name TEXT NOT NULL, "
                 "AlbumId INTEGER REFERENCES Album (AlbumId), GenreId INTEGER REFERENCES Genre "
                 "(GenreId))",
                 "CREATE TABLE Playlist (PlaylistId INTEGER PRIMARY KEY, Name TEXT)",
                 "CREATE TABLE PlaylistTrack (PlaylistId INTEGER NOT NULL REFERENCES Playlist "
                 "(PlaylistId), TrackId INTEGER NOT NULL REFERENCES Track (TrackId), PRIMARY KEY "
                 "(PlaylistId, TrackId))",
                 "INSERT INTO Artist VALUES (1, 'Queen'), (2, 'ABBA')",
                 "INSERT INTO Album VALUES (1, 'Greatest Hits', 1), (2, 'Greatest Hits', 2), "
                 "(3, 'Arrival', 2)",
                 "INSERT INTO Genre VALUES (1, 'Rock'), (2, 'Pop')",
                 "INSERT INTO Playlist VALUES (1, 'Music'), (2, 'Movies'), (8, 'Music')",
             })
            QVERIFY2(m_database->exec(QLatin1String(sql)), qPrintable(m_database->errorString()));
        for (int track = 1; track <= Tracks; ++track) {
            QVERIFY(m_database->exec(
                QStringLiteral("INSERT INTO Track VALUES (?, ?, ?, ?)"),
                {track, QStringLiteral("Track %1").arg(track), track % 3 + 1, track % 2 + 1}));
            // Every track on one of the three playlists: 1, 2 and 8 in turn.
            const int playlist = QList<int>{1, 2, 8}.at(track % 3);
            QVERIFY(m_database->exec(QStringLiteral("INSERT INTO PlaylistTrack VALUES (?, ?)"),
                                     {playlist, track}));
        }
        QVERIFY(uitest::launchWindow(ui::DatabaseTarget::sqlite(m_database->sqlitePath()), {},
                                     m_window, m_prompter));
    }
    void cleanup() {
        m_window.reset();
        m_database.reset();
    }

    void shouldTellTwoParentsWithOneLabelApartByTheirKey() {
        // Given the tracks' playlists, two of them called "Music"
        QVERIFY(m_window->showTable(QStringLiteral("PlaylistTrack")));
        const QStringList playlists = cells(QStringLiteral("PlaylistId"));
        // Then each "Music" cell says which playlist it is, the way the picker lists it, and the
        // only "Movies" reads as before
        QCOMPARE(playlists.count(QStringLiteral("Music (#1)")), Tracks / 3);
        QCOMPARE(playlists.count(QStringLiteral("Music (#8)")), Tracks / 3);
        QCOMPARE(playlists.count(QStringLiteral("Movies")), Tracks / 3);
        QCOMPARE(playlists.count(QStringLiteral("Music")), 0);
        // And the cell's record and key are untouched: only the text tells them apart
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        const int column = model->table().columnIndex(QStringLiteral("PlaylistId"));
        const int row = int(playlists.indexOf(QStringLiteral("Music (#8)")));
        QCOMPARE(model->index(row, column).data(Qt::EditRole).toInt(), 8);
    }

    void shouldTellANewRowsParentApartAsTheStoredRowsDo() {
        // Given a new junction row on playlist 8, one of the two "Music", and one on "Movies"
        QVERIFY(m_window->showTable(QStringLiteral("PlaylistTrack")));
        orm::Session *session = m_window->session();
        const orm::Table &junction = *session->metadata().table(QStringLiteral("PlaylistTrack"));
        for (const int playlist : {8, 2}) {
            const orm::RecordPtr row = junction.createRecord();
            QVERIFY(row->setValue(QStringLiteral("PlaylistId"), playlist));
            QVERIFY(row->setValue(QStringLiteral("TrackId"), 2));
            session->add(row);
        }
        // Then the new rows, at the top, say which "Music" as the stored rows below them do
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        QTRY_COMPARE(model->rowCount(), Tracks + 2);
        const QStringList playlists = cells(QStringLiteral("PlaylistId"));
        QVERIFY2(playlists.mid(0, 2).contains(QStringLiteral("Music (#8)")),
                 qPrintable(playlists.mid(0, 2).join(QLatin1Char('|'))));
        QVERIFY2(playlists.mid(0, 2).contains(QStringLiteral("Movies")),
                 qPrintable(playlists.mid(0, 2).join(QLatin1Char('|'))));
        // And once playlist 1 is renamed, playlist 8 is the only "Music" left, new row included
        stageName(1, QStringLiteral("Old music"));
        QTRY_VERIFY2(
            cells(QStringLiteral("PlaylistId")).mid(0, 2).contains(QStringLiteral("Music")),
            qPrintable(cells(QStringLiteral("PlaylistId")).mid(0, 2).join('|')));
    }

    void shouldLeaveUniqueLabelsAsTheyAre() {
        // Given the tracks, whose albums include two "Greatest Hits" and whose genres are named
        // by a UNIQUE column
        QVERIFY(m_window->showTable(QStringLiteral("Track")));
        const QStringList albums = cells(QStringLiteral("AlbumId"));
        const QStringList genres = cells(QStringLiteral("GenreId"));
        // Then the two albums differ by their key, the third and the genres read their names
        QVERIFY(albums.contains(QStringLiteral("Greatest Hits (#1)")));
        QVERIFY(albums.contains(QStringLiteral("Greatest Hits (#2)")));
        QCOMPARE(albums.count(QStringLiteral("Arrival")), Tracks / 3);
        QCOMPARE(genres.count(QStringLiteral("Rock")) + genres.count(QStringLiteral("Pop")),
                 Tracks);
        QVERIFY(!orm::Namesakes::canShareLabels(
            *m_window->session()->metadata().table(QStringLiteral("Genre"))));
    }

    void shouldAskOncePerPageAndParentTableNotOncePerCell() {
        // Given the tracks read 64 rows a page, counting the statements that read pages of
        // tracks and those that look for namesakes
        QVERIFY(m_window->showTable(QStringLiteral("Track")));
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        model->setPageSize(64);
        QStringList lookups;
        QStringList pages;
        m_window->session()->setStatementLog([&](const QString &sql, const QVariantList &) {
            if (sql.contains(QLatin1String("namesake")))
                lookups << sql;
            else if (sql.contains(QLatin1String("FROM \"Track\"")) &&
                     sql.contains(QLatin1String("LIMIT")))
                pages << sql;
        });
        // When every row is shown
        model->reload();
        const QStringList albums = cells(QStringLiteral("AlbumId"));
        m_window->session()->setStatementLog({});
        // Then all 150 rows were read in three pages, with one lookup per page for the albums
        // (whose titles repeat) and none for the genres (named by a UNIQUE column)
        QCOMPARE(albums.size(), Tracks);
        QCOMPARE(pages.size(), 3);
        QCOMPARE(lookups.size(), pages.size());
        for (const QString &sql : std::as_const(lookups))
            QVERIFY2(sql.contains(QLatin1String("FROM \"Album\"")), qPrintable(sql));
        QCOMPARE(albums.count(QStringLiteral("Greatest Hits (#1)")) +
                     albums.count(QStringLiteral("Greatest Hits (#2)")),
                 Tracks - Tracks / 3);
    }

    void shouldTellThemApartInTheRelatedPaneToo() {
        // Given the playlist rows of track 3 (on playlist 1, "Music"), listed as a track's
        // related rows are
        orm::Session *session = m_window->session();
        const orm::Metadata &metadata = session->metadata();
        const orm::Table &playlistTrack = *metadata.table(QStringLiteral("PlaylistTrack"));
        const orm::RecordPtr track = session->get(*metadata.table(QStringLiteral("Track")), 3);
        QVERIFY(track);
        const orm::Relationship *onPlaylists = nullptr;
        for (const orm::Relationship *relationship : playlistTrack.parentRelationships()) {
            if (relationship->parent == &track->table())
                onPlaylists = relationship;
        }
        QVERIFY(onPlaylists);
        ui::RelatedRecordsModel related(session, playlistTrack);
        related.setRelation(track, onPlaylists);
        // Then its playlist reads with its key there too
        QCOMPARE(related.rowCount(), 1);
        QCOMPARE(related.index(0, playlistTrack.columnIndex(QStringLiteral("PlaylistId")))
                     .data()
                     .toString(),
                 QStringLiteral("Music (#1)"));
    }

    void shouldSayWhichInTheRelatedPanesTitlesAndInWhatCopyTakes() {
        // Given a playlist row of track 2, on playlist 8 ("Music", as playlist 1 is), shown with
        // its related rows
        QVERIFY(m_window->showTable(QStringLiteral("PlaylistTrack")));
        const orm::RecordPtr entry = onPlaylist(8, 2);
        QVERIFY(entry && m_window->browser()->revealRecord(entry));
        QCOMPARE(pane()->record(), entry);
        // Then the tab of its playlist says which "Music" it is, as its cell does
        QVERIFY2(titles().contains(QStringLiteral(": Music (#8)")), qPrintable(titles()));
        // And Ctrl+C on the cell copies what it shows
        QTableView *grid = m_window->browser()->currentView();
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        const int column = model->table().columnIndex(QStringLiteral("PlaylistId"));
        QCOMPARE(copyCell(grid, model->rowOf(entry.get()), column),
                 QStringLiteral("Music (#8)\r\n"));
        // And so does Ctrl+C in the pane: track 3's playlist rows, on playlist 1
        QVERIFY(m_window->showTable(QStringLiteral("Track")));
        const orm::RecordPtr third = m_window->session()->get(
            *m_window->session()->metadata().table(QStringLiteral("Track")), 3);
        QVERIFY(third && m_window->browser()->revealRecord(third));
        QTableView *entries = nullptr;
        for (QTableView *view : pane()->views()) {
            if (qobject_cast<ui::RecordModel *>(view->model())->table().name() ==
                QLatin1String("PlaylistTrack"))
                entries = view;
        }
        QVERIFY(entries);
        QCOMPARE(entries->model()->rowCount(), 1);
        QCOMPARE(copyCell(entries, 0, column), QStringLiteral("Music (#1)\r\n"));
    }

    void shouldFindNamesakesAgainWhenALabelEditIsStaged() {
        // Given the playlist rows shown, and the related rows of one on playlist 1
        QVERIFY(m_window->showTable(QStringLiteral("PlaylistTrack")));
        QVERIFY(m_window->browser()->revealRecord(onPlaylist(1, 3)));
        QVERIFY2(titles().contains(QStringLiteral(": Music (#1)")), qPrintable(titles()));
        // When playlist 8 is renamed "Jazz" (staged, not committed)
        stageName(8, QStringLiteral("Jazz"));
        // Then playlist 1 is the only "Music" left: its cells and its tab read the name alone
        QTRY_COMPARE(cells(QStringLiteral("PlaylistId")).count(QStringLiteral("Music")),
                     Tracks / 3);
        QCOMPARE(cells(QStringLiteral("PlaylistId")).count(QStringLiteral("Jazz")), Tracks / 3);
        QCOMPARE(cells(QStringLiteral("PlaylistId")).count(QStringLiteral("Music (#1)")), 0);
        QTRY_VERIFY2(titles().contains(QStringLiteral(": Music |")) ||
                         titles().endsWith(QStringLiteral(": Music")),
                     qPrintable(titles()));
        // When playlist 2, "Movies", is renamed "Music"
        stageName(2, QStringLiteral("Music"));
        // Then a new pair of namesakes: both say which they are, before any page is read again
        QTRY_COMPARE(cells(QStringLiteral("PlaylistId")).count(QStringLiteral("Music (#2)")),
                     Tracks / 3);
        QCOMPARE(cells(QStringLiteral("PlaylistId")).count(QStringLiteral("Music (#1)")),
                 Tracks / 3);
        QTRY_VERIFY2(titles().contains(QStringLiteral(": Music (#1)")), qPrintable(titles()));
        m_window->resize(900, 520);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("namesakes-related-pane"));
        // And a rollback brings the names the database holds back
        m_window->session()->rollback();
        QTRY_COMPARE(cells(QStringLiteral("PlaylistId")).count(QStringLiteral("Music (#8)")),
                     Tracks / 3);
    }

    void shouldPasteWhatCopyTookAsTheRowItNamed() {
        // Given the tracks, whose albums include "Greatest Hits" of Queen (#1) and of ABBA (#2)
        QVERIFY(m_window->showTable(QStringLiteral("Track")));
        QTableView *grid = m_window->browser()->currentView();
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        ui::DataTransfer *transfer = m_window->dataTransfer();
        const int column = model->table().columnIndex(QStringLiteral("AlbumId"));
        const QStringList albums = cells(QStringLiteral("AlbumId"));
        const int abba = int(albums.indexOf(QStringLiteral("Greatest Hits (#2)")));
        const int arrival = int(albums.indexOf(QStringLiteral("Arrival")));
        QVERIFY(abba >= 0 && arrival >= 0);
        // When ABBA's "Greatest Hits" is copied from its cell and pasted over an "Arrival" one
        QCOMPARE(copyCell(grid, abba, column), QStringLiteral("Greatest Hits (#2)\r\n"));
        grid->setCurrentIndex(model->index(arrival, column));
        QVERIFY2(transfer->paste(), qPrintable(transfer->lastMessage()));
        // Then that track is on album 2 (not on Queen's, the first of that title), and its cell
        // reads as the one copied
        QCOMPARE(model->index(arrival, column).data(Qt::EditRole).toInt(), 2);
        QCOMPARE(model->index(arrival, column).data().toString(),
                 QStringLiteral("Greatest Hits (#2)"));
        const qsizetype staged = m_window->session()->pendingChanges().size();
        // And a key no album has, a label that is not the key's, and the bare shared title are
        // refused, naming the cell, each saying why, with nothing more staged
        const QList<QPair<QString, QString>> refused = {
            {QStringLiteral("Greatest Hits (#99)"), QStringLiteral("There is no Album with id 99")},
            {QStringLiteral("Arrival (#2)"),
             QStringLiteral("Album 2 is named \u201cGreatest Hits\u201d, not \u201cArrival\u201d")},
            {QStringLiteral("Greatest Hits"),
             QStringLiteral(
                 "write \u201cGreatest Hits (#1)\u201d or \u201cGreatest Hits (#2)\u201d")},
        };
        for (const auto &[text, why] : refused) {
            QApplication::clipboard()->setText(text);
            grid->setCurrentIndex(model->index(arrival, column));
            QVERIFY2(!transfer->paste(), qPrintable(text));
            QVERIFY2(transfer->lastMessage().contains(
                         QStringLiteral("Row %1, column AlbumId").arg(arrival + 1)),
                     qPrintable(transfer->lastMessage()));
            QVERIFY2(transfer->lastMessage().contains(why), qPrintable(transfer->lastMessage()));
        }
        m_window->resize(1100, 520);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("namesakes-paste-refused"));
        QCOMPARE(model->index(arrival, column).data(Qt::EditRole).toInt(), 2);
        QCOMPARE(m_window->session()->pendingChanges().size(), staged);
        // And a typed (or set) value takes the same form: Queen's, by its key
        const orm::RecordPtr track = model->record(arrival);
        QString error;
        QVERIFY2(ui::applyCellInput(*m_window->session(), nullptr, track, column,
                                    QStringLiteral("greatest hits (#1)"), &error),
                 qPrintable(error));
        QCOMPARE(model->index(arrival, column).data(Qt::EditRole).toInt(), 1);
        QVERIFY(!ui::applyCellInput(*m_window->session(), nullptr, track, column,
                                    QStringLiteral("Arrival (#1)"), &error));
        error.clear();
        QVERIFY(!ui::applyCellInput(*m_window->session(), nullptr, track, column,
                                    QStringLiteral("Greatest Hits"), &error));
        QVERIFY2(error.contains(QStringLiteral(
                     "write \u201cGreatest Hits (#1)\u201d or \u201cGreatest Hits (#2)\u201d")),
                 qPrintable(error));
    }

    void shouldSayWhichInThePendingChangesToo() {
        // Given a track moved from one "Music" playlist to the other, and one moved to "Movies"
        orm::Session *session = m_window->session();
        const orm::Table &onPlaylist = *session->metadata().table(QStringLiteral("PlaylistTrack"));
        const int playlistColumn = onPlaylist.columnIndex(QStringLiteral("PlaylistId"));
        const orm::RecordPtr first = session->get(onPlaylist, QVariantList{1, 3});
        QVERIFY(first);
        QVERIFY(first->setValue(playlistColumn, 8));
        const orm::RecordPtr second = session->get(onPlaylist, QVariantList{1, 6});
        QVERIFY(second && second->setValue(playlistColumn, 2));

        // When the pending changes are listed
        const QStringList texts = uitest::pendingLines(m_window->pendingChangesPane());

        // Then the move between the two "Music" playlists says which is which, as the grid does,
        // and "Movies", which no other row is called, reads as it stands
        QVERIFY2(texts.contains(QStringLiteral("PlaylistId: \u201cMusic (#1)\u201d \u2192 "
                                               "\u201cMusic (#8)\u201d")),
                 qPrintable(texts.join(QLatin1Char('\n'))));
        QVERIFY2(texts.contains(QStringLiteral("PlaylistId: \u201cMusic (#1)\u201d \u2192 "
                                               "\u201cMovies\u201d")),
                 qPrintable(texts.join(QLatin1Char('\n'))));
    }

    void shouldReadThePendingChangesParentsInOneQueryNotOnePerParent() {
        // Given 40 more albums, none of them loaded, and 40 tracks each moved to one of them
        constexpr int Albums = 40;
        for (int album = 4; album < 4 + Albums; ++album)
            QVERIFY(m_database->exec(QStringLiteral("INSERT INTO Album VALUES (?, ?, 2)"),
                                     {album, QStringLiteral("Album %1").arg(album)}));
        orm::Session *session = m_window->session();
        const orm::Table &tracks = *session->metadata().table(QStringLiteral("Track"));
        const orm::Table &albums = *session->metadata().table(QStringLiteral("Album"));
        const int albumColumn = tracks.columnIndex(QStringLiteral("AlbumId"));
        orm::RecordList moved;
        for (int i = 0; i < Albums; ++i) {
            const orm::RecordPtr track = session->get(tracks, i + 1);
            QVERIFY(track && track->setValue(albumColumn, 4 + i));
            moved << track;
        }
        QVERIFY(!session->findLoaded(albums, 4 + Albums - 1));
        QStringList reads;
        session->setStatementLog([&](const QString &sql, const QVariantList &) {
            if (sql.contains(QLatin1String("FROM \"Album\"")) &&
                !sql.contains(QLatin1String("namesake")))
                reads << sql;
        });

        // When the pending changes are listed
        const QStringList texts = uitest::pendingLines(m_window->pendingChangesPane());
        session->setStatementLog({});

        // Then the albums they name were read in one query, not one per album, and each change
        // names its album
        QVERIFY2(reads.size() == 1, qPrintable(reads.join(QLatin1Char('\n'))));
        // (track 1 was on album 2, one of the two "Greatest Hits")
        QVERIFY2(texts.contains(QStringLiteral("AlbumId: \u201cGreatest Hits (#2)\u201d \u2192 "
                                               "\u201cAlbum 4\u201d")),
                 qPrintable(texts.join(QLatin1Char('\n'))));
        QCOMPARE(texts.filter(QStringLiteral("\u2192 \u201cAlbum ")).size(), Albums);
    }

    void shouldPasteANewParentBackAsItsCellShowsIt() {
        // Given a new album "Fresh", not yet committed, on the first track
        QVERIFY(m_window->showTable(QStringLiteral("Track")));
        QTableView *grid = m_window->browser()->currentView();
        ui::RecordTableModel *model = m_window->browser()->currentModel();
        orm::Session *session = m_window->session();
        const int column = model->table().columnIndex(QStringLiteral("AlbumId"));
        auto fresh =
            std::make_shared<orm::Record>(session->metadata().table(QStringLiteral("Album")));
        QVERIFY(fresh->setValue(QStringLiteral("Title"), QStringLiteral("Fresh")));
        session->add(fresh);
        QString error;
        QVERIFY2(ui::applyCellInput(*session, nullptr, model->record(0), column,
                                    QVariant::fromValue(orm::RecordPtr(fresh)), &error),
                 qPrintable(error));
        // When its cell is copied and pasted onto the second track
        QCOMPARE(copyCell(grid, 0, column), QStringLiteral("Fresh (new)\r\n"));
        grid->setCurrentIndex(model->index(1, column));
        QVERIFY2(m_window->dataTransfer()->paste(),
                 qPrintable(m_window->dataTransfer()->lastMessage()));
        // Then that track is on the new album too, and reads as the cell copied
        QCOMPARE(model->record(1)->parent(*model->table().relationshipForColumn(column)), fresh);
        QCOMPARE(model->index(1, column).data().toString(), QStringLiteral("Fresh (new)"));
        // And a second new "Fresh" makes the text name no one row: refused, saying why
        auto twin =
            std::make_shared<orm::Record>(session->metadata().table(QStringLiteral("Album")));
        QVERIFY(twin->setValue(QStringLiteral("Title"), QStringLiteral("Fresh")));
        session->add(twin);
        QVERIFY(!ui::applyCellInput(*session, nullptr, model->record(2), column,
                                    QStringLiteral("Fresh (new)"), &error));
        QVERIFY2(
            error.contains(QStringLiteral("More than one new Album is named \u201cFresh\u201d")),
            qPrintable(error));
    }

    void shouldRefuseTypedTextThatIsALabelAndAnotherRowsKeyForm() {
        // Given album 3 renamed "Mix", and an album whose title is literally "Mix (#3)"
        QVERIFY(
            m_database->exec(QStringLiteral("UPDATE Album SET Title = 'Mix' WHERE AlbumId = 3")));
        QVERIFY(m_database->exec(QStringLiteral("INSERT INTO Album VALUES (4, 'Mix (#3)', 1)")));
        orm::Session *session = m_window->session();
        const orm::Table &tracks = *session->metadata().table(QStringLiteral("Track"));
        const orm::RecordPtr track = session->get(tracks, 1);
        QVERIFY(track);
        const int column = tracks.columnIndex(QStringLiteral("AlbumId"));
        const QVariant before = track->value(column);
        // When "Mix (#3)" is typed (or set) into its album
        QString error;
        QVERIFY(!ui::applyCellInput(*session, nullptr, track, column, QStringLiteral("Mix (#3)"),
                                    &error));
        // Then it is refused, naming both albums and the forms that tell them apart
        QVERIFY2(error.contains(QStringLiteral("Album 4 \u201cMix (#3)\u201d")) &&
                     error.contains(QStringLiteral("Album 3 \u201cMix\u201d")) &&
                     error.contains(QStringLiteral("\u201cMix (#3) (#4)\u201d")),
                 qPrintable(error));
        QCOMPARE(track->value(column), before);
        // And each form suggested names its album
        QVERIFY2(ui::applyCellInput(*session, nullptr, track, column,
                                    QStringLiteral("Mix (#3) (#4)"), &error),
                 qPrintable(error));
        QCOMPARE(track->value(column).toInt(), 4);
        QVERIFY2(
            ui::applyCellInput(*session, nullptr, track, column, QStringLiteral("Mix"), &error),
            qPrintable(error));
        QCOMPARE(track->value(column).toInt(), 3);
    }

    void shouldLookAsThePickerDoesInTheGrid() {
        // The tracks' albums in turn: "Greatest Hits" of Queen (#1) and of ABBA (#2), "Arrival"
        QVERIFY(m_window->showTable(QStringLiteral("Track")));
        QTableView *view = m_window->browser()->currentView();
        view->horizontalHeader()->resizeSections(QHeaderView::ResizeToContents);
        m_window->resize(900, 520);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        uitest::saveScreenshot(m_window.get(), QStringLiteral("namesakes-grid"));
    }
};

QTEST_MAIN(tst_Namesakes)
#include "tst_namesakes.moc"
