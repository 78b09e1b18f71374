// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/casebrowser.h"

#include "models/storage/casereader.h"
#include "models/viewmodels/displayformat.h"
#include "ui/casedetailview.h"
#include "ui/jalalidateedit.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace Pasokh::Ui {

using namespace Pasokh::Core;
namespace Fmt = ViewModels::DisplayFormat;

CaseBrowser::CaseBrowser(Storage::ReadWorker *worker,
                         std::shared_ptr<const Storage::ReferenceCatalog> catalog, QWidget *parent)
    : QWidget(parent), m_catalog(catalog), m_worker(worker),
      m_model(new ViewModels::CaseTableModel(worker, catalog, this)), m_from(new JalaliDateEdit(this)),
      m_to(new JalaliDateEdit(this)), m_status(new QComboBox(this)), m_category(new QComboBox(this)),
      m_district(new QComboBox(this)), m_unit(new QComboBox(this)), m_tracking(new QLineEdit(this)),
      m_phone(new QLineEdit(this)), m_text(new QLineEdit(this)), m_count(new QLabel(this)),
      m_table(new QTableView(this)), m_detail(new CaseDetailView(worker, catalog, this))
{
    m_status->addItem(tr("All statuses"));
    for (CaseStatus s : CaseStatusText::all())
        m_status->addItem(CaseStatusText::label(s), int(s));
    fillReferenceFilters();
    m_tracking->setLayoutDirection(Qt::LeftToRight);
    m_tracking->setPlaceholderText(tr("Tracking code"));
    m_tracking->setMaxLength(20);
    m_phone->setLayoutDirection(Qt::LeftToRight);
    m_phone->setPlaceholderText(tr("Phone"));
    m_phone->setMaxLength(40);
    m_text->setPlaceholderText(tr("Words in the description"));
    m_text->setClearButtonEnabled(true);
    m_text->setMaxLength(200);

    auto *filters = new QGridLayout;
    filters->addWidget(new QLabel(tr("From"), this), 0, 0);
    filters->addWidget(m_from, 0, 1);
    filters->addWidget(new QLabel(tr("To"), this), 0, 2);
    filters->addWidget(m_to, 0, 3);
    filters->addWidget(m_status, 0, 4);
    filters->addWidget(m_category, 0, 5);
    filters->addWidget(m_district, 0, 6);
    filters->addWidget(m_unit, 0, 7);
    filters->addWidget(m_text, 1, 0, 1, 4);
    filters->addWidget(m_tracking, 1, 4);
    filters->addWidget(m_phone, 1, 5);
    auto *clear = new QPushButton(tr("Clear filters"), this);
    filters->addWidget(clear, 1, 6);
    filters->addWidget(m_count, 1, 7);
    filters->setColumnStretch(5, 2);
    filters->setColumnStretch(7, 1);

    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ViewModels::CaseTableModel::RequestedAt, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setWordWrap(false);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    // Size the code and date columns to their real widest text so they are never clipped.
    const QFontMetrics fm = m_table->fontMetrics();
    m_table->setColumnWidth(ViewModels::CaseTableModel::TrackingCode,
                            fm.horizontalAdvance(Fmt::trackingCode(QStringLiteral("0507000128"))) + 3 * em);
    m_table->setColumnWidth(ViewModels::CaseTableModel::RequestedAt,
                            fm.horizontalAdvance(Fmt::dateTime(QDateTime::currentDateTimeUtc())) + 3 * em);
    m_table->setColumnWidth(ViewModels::CaseTableModel::Status, 7 * em);
    m_table->setColumnWidth(ViewModels::CaseTableModel::Category, 14 * em);
    m_table->setColumnWidth(ViewModels::CaseTableModel::District, 7 * em);
    m_table->setColumnWidth(ViewModels::CaseTableModel::Unit, 12 * em);
    m_table->setColumnWidth(ViewModels::CaseTableModel::Caller, 10 * em);
    // The style may still change the table's font after this (polish), and the delegate adds its own margins:
    // when rows arrive, widen the code and date columns to what their cells really need (never narrower).
    auto fitCodeAndDate = [this] {
        for (int column :
             {int(ViewModels::CaseTableModel::TrackingCode), int(ViewModels::CaseTableModel::RequestedAt)})
            if (const int needed = static_cast<QAbstractItemView *>(m_table)->sizeHintForColumn(column);
                needed > m_table->columnWidth(column))
                m_table->setColumnWidth(column, needed);
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, fitCodeAndDate);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, fitCodeAndDate);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &CaseBrowser::applyFilter);
    auto later = [this] {
        m_debounce.start();
    };
    connect(m_from, &JalaliDateEdit::dateChanged, this, later);
    connect(m_to, &JalaliDateEdit::dateChanged, this, later);
    for (QComboBox *box : {m_status, m_category, m_district, m_unit})
        connect(box, &QComboBox::currentIndexChanged, this, later);
    for (QLineEdit *edit : {m_tracking, m_phone, m_text})
        connect(edit, &QLineEdit::textEdited, this, later);
    connect(clear, &QPushButton::clicked, this, [this] {
        for (QLineEdit *edit :
             {static_cast<QLineEdit *>(m_from), static_cast<QLineEdit *>(m_to), m_tracking, m_phone, m_text})
            edit->clear();
        for (QComboBox *box : {m_status, m_category, m_district, m_unit})
            box->setCurrentIndex(0);
        applyFilter();
    });
    connect(m_model, &ViewModels::CaseTableModel::totalCountChanged, this, &CaseBrowser::updateCount);
    connect(m_model, &ViewModels::CaseTableModel::errorOccurred, this,
            [this](const QString &message) { m_count->setText(message); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_detail->showCase(m_model->caseAt(current.row())); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_detail->showCase(nullptr); });
    connect(m_detail, &CaseDetailView::amendRequested, this, &CaseBrowser::amendRequested);
    connect(m_detail, &CaseDetailView::callRequested, this, &CaseBrowser::callRequested);
    applyFilter();
}

void CaseBrowser::applyFilter()
{
    Storage::CaseFilter f;
    f.from = m_from->date();
    f.to = m_to->date();
    if (m_status->currentIndex() > 0)
        f.status = CaseStatus(m_status->currentData().toInt());
    f.serviceCode = m_category->currentData().toString();
    f.district = m_district->currentData().toInt();
    f.unit = m_unit->currentData().toString();
    f.trackingCode = m_tracking->text();
    f.phone = m_phone->text();
    f.text = m_text->text();
    m_count->setText(tr("Searching…"));
    m_model->setFilter(f);
}

void CaseBrowser::updateCount()
{
    m_count->setText(tr("%1 cases").arg(QLocale().toString(m_model->totalCount())));
}

void CaseBrowser::fillReferenceFilters()
{
    // Rebuilt in place after a hub pull: the chosen entries stay chosen (by code) and no filter signal fires.
    const QSignalBlocker blockCategory(m_category);
    const QSignalBlocker blockDistrict(m_district);
    const QSignalBlocker blockUnit(m_unit);
    const QVariant category = m_category->currentData();
    const QVariant district = m_district->currentData();
    const QVariant unit = m_unit->currentData();
    m_category->clear();
    m_district->clear();
    m_unit->clear();
    m_category->addItem(tr("All categories"));
    for (const Storage::Category &c : m_catalog->categories())
        m_category->addItem(c.parent.isEmpty()
                                ? Fmt::categoryName(*m_catalog, c.code)
                                : QStringLiteral("    ") + Fmt::categoryName(*m_catalog, c.code),
                            c.code);
    m_district->addItem(tr("All districts"), 0);
    for (const Storage::District &d : m_catalog->districts())
        m_district->addItem(Fmt::districtName(*m_catalog, d.number), d.number);
    m_unit->addItem(tr("All units"));
    for (const Storage::Unit &u : m_catalog->units())
        m_unit->addItem(Fmt::unitName(*m_catalog, u.code), u.code);
    m_category->setCurrentIndex(std::max(0, m_category->findData(category)));
    m_district->setCurrentIndex(std::max(0, m_district->findData(district)));
    m_unit->setCurrentIndex(std::max(0, m_unit->findData(unit)));
}

void CaseBrowser::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    m_catalog = catalog;
    fillReferenceFilters();
    m_model->setCatalog(catalog);
    m_detail->setCatalog(std::move(catalog));
}

void CaseBrowser::focusSearch()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void CaseBrowser::refresh()
{
    m_model->refresh();
}

} // namespace Pasokh::Ui

namespace Pasokh::Ui {

void CaseBrowser::openCase(const QString &caseId)
{
    m_worker->run<Result<std::optional<CaseRecord>>>(
        this, [caseId](const QSqlDatabase &db) { return Storage::CaseReader::find(db, caseId); },
        [this](Result<std::optional<CaseRecord>> found) {
            if (found && found.value()) {
                m_table->clearSelection();
                m_detail->showCase(&*found.value());
            }
        });
}

void CaseBrowser::setCallEnabled(bool enabled)
{
    m_detail->setCallEnabled(enabled);
}

} // namespace Pasokh::Ui
