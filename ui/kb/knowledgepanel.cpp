// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/kb/knowledgepanel.h"

#include "models/core/jalali.h"
#include "models/kb/asyncsearcher.h"
#include "ui/kb/searchhitdelegate.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Pasokh::Ui {

namespace {

constexpr int IdRole = Qt::UserRole;
constexpr int TitleRole = Qt::UserRole + 1;

QListWidget *makeHitList(QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setItemDelegate(new SearchHitDelegate(list));
    list->setWordWrap(true);
    list->setUniformItemSizes(false);
    list->setResizeMode(QListView::Adjust);
    list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    return list;
}

} // namespace

KnowledgePanel::KnowledgePanel(Kb::AsyncSearcher *searcher, QWidget *parent)
    : QWidget(parent), m_searcher(searcher), m_search(new QLineEdit(this)), m_status(new QLabel(this)),
      m_results(makeHitList(this)), m_suggestedLabel(new QLabel(this)), m_suggested(makeHitList(this)),
      m_articleTitle(new QLabel(this)), m_articleMeta(new QLabel(this)), m_viewer(new QTextBrowser(this)),
      m_used(new QPushButton(this))
{
    setObjectName(QStringLiteral("knowledgePanel"));
    m_search->setObjectName(QStringLiteral("kbSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(5000);
    m_search->installEventFilter(this);
    m_results->setObjectName(QStringLiteral("kbResults"));
    m_results->installEventFilter(this);
    m_suggested->setObjectName(QStringLiteral("kbSuggested"));
    m_suggested->setMaximumHeight(160);
    m_status->setObjectName(QStringLiteral("kbStatus"));
    m_status->setWordWrap(true);
    m_articleTitle->setObjectName(QStringLiteral("kbArticleTitle"));
    m_articleTitle->setWordWrap(true);
    QFont titleFont = m_articleTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_articleTitle->setFont(titleFont);
    m_articleMeta->setObjectName(QStringLiteral("kbArticleMeta"));
    m_viewer->setObjectName(QStringLiteral("kbViewer"));
    m_viewer->setOpenExternalLinks(false);
    m_viewer->setOpenLinks(false);
    m_used->setObjectName(QStringLiteral("kbUsed"));
    m_used->setEnabled(false);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_search);
    topLayout->addWidget(m_status);
    topLayout->addWidget(m_results, 1);
    topLayout->addWidget(m_suggestedLabel);
    topLayout->addWidget(m_suggested);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_articleTitle);
    bottomLayout->addWidget(m_articleMeta);
    bottomLayout->addWidget(m_viewer, 1);
    bottomLayout->addWidget(m_used, 0, Qt::AlignTrailing);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_search, &QLineEdit::textChanged, m_searcher, [this](const QString &text) {
        m_status->setText(text.trimmed().isEmpty() ? QString() : tr("Searching…"));
        m_searcher->search(text);
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (m_results->count() > 0)
            openItem(m_results->item(0));
    });
    connect(m_searcher, &Kb::AsyncSearcher::resultsReady, this,
            [this](const QString &query, const QList<Kb::SearchHit> &hits) {
                if (query != m_search->text())
                    return; // an answer for text the operator has since changed
                showHits(m_results, hits);
                m_status->setText(query.trimmed().isEmpty() || !hits.isEmpty() ? QString()
                                                                               : tr("No article matches."));
            });
    connect(m_searcher, &Kb::AsyncSearcher::suggestionsReady, this,
            [this](const QList<Kb::SearchHit> &hits) { showHits(m_suggested, hits); });
    connect(m_searcher, &Kb::AsyncSearcher::articleReady, this, &KnowledgePanel::showArticle);
    connect(m_searcher, &Kb::AsyncSearcher::failed, this, [this](const QString &message) {
        m_status->setText(tr("The knowledge base is not available: %1").arg(message));
    });
    connect(m_results, &QListWidget::itemActivated, this, &KnowledgePanel::openItem);
    connect(m_results, &QListWidget::itemClicked, this, &KnowledgePanel::openItem);
    connect(m_suggested, &QListWidget::itemActivated, this, &KnowledgePanel::openItem);
    connect(m_suggested, &QListWidget::itemClicked, this, &KnowledgePanel::openItem);
    connect(m_used, &QPushButton::clicked, this, [this] {
        if (m_current.id.isEmpty())
            return;
        Q_EMIT articleUsed(m_current.id);
        m_used->setEnabled(false);
        m_used->setText(tr("Recorded on this call"));
    });
    retranslate();
}

void KnowledgePanel::retranslate()
{
    m_search->setPlaceholderText(tr("Search the guidance articles (type a few letters)"));
    m_suggestedLabel->setText(tr("Suggested for this call"));
    if (m_used->isEnabled() || m_current.id.isEmpty())
        m_used->setText(tr("Used on this call"));
    m_used->setToolTip(tr("Record that this article helped answer the current call"));
}

void KnowledgePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

bool KnowledgePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_search && key->key() == Qt::Key_Down && m_results->count() > 0) {
            m_results->setFocus();
            m_results->setCurrentRow(0);
            return true;
        }
        if (watched == m_results && key->key() == Qt::Key_Escape) {
            m_search->setFocus();
            m_search->selectAll();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void KnowledgePanel::setCategory(const QString &categoryCode)
{
    m_category = categoryCode;
    m_searcher->suggest(m_category, m_description);
}

void KnowledgePanel::setDescription(const QString &description)
{
    m_description = description;
    m_searcher->suggest(m_category, m_description);
}

void KnowledgePanel::setCaseOpen(bool open)
{
    m_caseOpen = open;
    m_used->setEnabled(m_caseOpen && !m_current.id.isEmpty());
    if (m_used->isEnabled())
        m_used->setText(tr("Used on this call"));
}

void KnowledgePanel::openArticle(const QString &articleId)
{
    if (!articleId.isEmpty())
        m_searcher->fetchArticle(articleId);
}

void KnowledgePanel::reset()
{
    m_search->clear();
    m_results->clear();
    m_suggested->clear();
    m_category.clear();
    m_description.clear();
    m_current = Kb::Article();
    m_articleTitle->clear();
    m_articleMeta->clear();
    m_viewer->clear();
    m_status->clear();
    m_used->setEnabled(false);
    m_used->setText(tr("Used on this call"));
}

void KnowledgePanel::refresh()
{
    if (!m_search->text().trimmed().isEmpty())
        m_searcher->search(m_search->text());
    if (!m_category.isEmpty() || !m_description.trimmed().isEmpty())
        m_searcher->suggest(m_category, m_description);
    if (!m_current.id.isEmpty())
        m_searcher->fetchArticle(m_current.id);
}

void KnowledgePanel::showHits(QListWidget *list, const QList<Kb::SearchHit> &hits)
{
    list->clear();
    for (const Kb::SearchHit &hit : hits) {
        QString html = QStringLiteral("<b>") + hit.title.toHtmlEscaped() + QStringLiteral("</b>");
        if (!hit.snippet.text.isEmpty())
            html += QStringLiteral("<br/><span style=\"color:palette(mid)\">") + hit.snippet.toHtml() +
                    QStringLiteral("</span>");
        auto *item = new QListWidgetItem(html, list);
        item->setData(IdRole, hit.id);
        item->setData(TitleRole, hit.title);
        item->setToolTip(hit.title);
    }
}

void KnowledgePanel::openItem(QListWidgetItem *item)
{
    if (item)
        openArticle(item->data(IdRole).toString());
}

void KnowledgePanel::showArticle(const Kb::Article &article)
{
    const bool same = article.id == m_current.id;
    if (same && article.version == m_current.version && article.body == m_current.body &&
        article.title == m_current.title)
        return; // refresh() of an unchanged article: keep the reader's place
    // Marked "used" on this call already: a newer version of the same article stays marked.
    const bool recorded = same && m_caseOpen && !m_used->isEnabled();
    m_current = article;
    m_articleTitle->setText(article.title);
    const QString reviewed = article.reviewedOn.isValid()
                                 ? Core::Jalali::formatDate(article.reviewedOn, locale())
                                 : tr("not reviewed");
    m_articleMeta->setText(tr("Version %1, reviewed %2").arg(locale().toString(article.version), reviewed));
    QTextDocument *document = m_viewer->document();
    QTextOption option = document->defaultTextOption();
    option.setTextDirection(layoutDirection());
    document->setDefaultTextOption(option);
    m_viewer->setMarkdown(article.body);
    // setMarkdown() makes new blocks; give each the panel's direction so Persian lines start on the right.
    QTextCursor cursor(document);
    cursor.select(QTextCursor::Document);
    QTextBlockFormat format;
    format.setLayoutDirection(layoutDirection());
    cursor.mergeBlockFormat(format);
    m_viewer->moveCursor(QTextCursor::Start);
    if (recorded)
        return;
    m_used->setEnabled(m_caseOpen);
    m_used->setText(tr("Used on this call"));
}

} // namespace Pasokh::Ui
