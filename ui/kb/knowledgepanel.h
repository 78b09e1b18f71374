// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/kb/article.h"

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTextBrowser;

namespace Pasokh::Kb {
class AsyncSearcher;
}

namespace Pasokh::Ui {

/// The knowledge panel beside the intake form (issue 4): a search box whose results (title and highlighted
/// snippet) appear as the operator types, a list of articles suggested for the case's category and
/// description, an article viewer that renders the Markdown right-to-left, and a "used on this call" button.
/// All database work goes through the given Kb::AsyncSearcher (off the GUI thread); the panel never blocks.
/// Keyboard: Down from the search box enters the results, Enter opens the article, Escape returns to the
/// search box.
class KnowledgePanel : public QWidget
{
    Q_OBJECT

public:
    /// `searcher` must outlive the panel.
    explicit KnowledgePanel(Kb::AsyncSearcher *searcher, QWidget *parent = nullptr);

    /// Id of the article shown in the viewer, empty when none.
    QString currentArticleId() const { return m_current.id; }
    /// The search box, for focus handling by the main window (e.g. a shortcut to jump to it).
    QLineEdit *searchBox() const { return m_search; }

public Q_SLOTS:
    /// The category chosen on the intake form changed (categories.code, may be empty).
    void setCategory(const QString &categoryCode);
    /// The description on the intake form changed; suggestions follow it (debounced by the searcher).
    void setDescription(const QString &description);
    /// Enables "used on this call" only while a call or case is open.
    void setCaseOpen(bool open);
    /// Opens an article by id in the viewer.
    void openArticle(const QString &articleId);
    /// Clears search, suggestions and viewer (a new call starts).
    void reset();
    /// The articles changed under the panel (a hub pull): runs the current search and suggestions again and
    /// reloads the article being read, keeping the search text, the selection state of "used on this call"
    /// and the scroll position of the viewer when the article did not change.
    void refresh();

Q_SIGNALS:
    /// The operator marked the shown article as used on the current call; the case should record it
    /// (Kb::KbRepository::recordUse).
    void articleUsed(const QString &articleId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showHits(QListWidget *list, const QList<Kb::SearchHit> &hits);
    void showArticle(const Kb::Article &article);
    void openItem(QListWidgetItem *item);

    Kb::AsyncSearcher *m_searcher;
    QLineEdit *m_search;
    QLabel *m_status;
    QListWidget *m_results;
    QLabel *m_suggestedLabel;
    QListWidget *m_suggested;
    QLabel *m_articleTitle;
    QLabel *m_articleMeta;
    QTextBrowser *m_viewer;
    QPushButton *m_used;
    Kb::Article m_current;
    QString m_category;
    QString m_description;
    bool m_caseOpen = false;
};

} // namespace Pasokh::Ui
