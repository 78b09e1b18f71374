// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/callerhistorymodel.h"

#include "models/viewmodels/displayformat.h"

namespace Pasokh::ViewModels {

using namespace Pasokh::Core;

CallerHistoryModel::CallerHistoryModel(Storage::ReadWorker *worker,
                                       std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                                       QObject *parent)
    : QAbstractListModel(parent), m_worker(worker), m_catalog(std::move(catalog))
{
}

void CallerHistoryModel::setPhone(const QString &e164)
{
    m_phone = e164;
    const quint64 generation = ++m_generation;
    if (e164.isEmpty()) {
        beginResetModel();
        m_history = {};
        endResetModel();
        Q_EMIT loaded();
        return;
    }
    m_worker->run<Result<Storage::CallerHistory>>(
        this, [e164](const QSqlDatabase &db) { return Storage::CaseReader::callerHistory(db, e164, 20); },
        [this, generation](Result<Storage::CallerHistory> h) {
            if (generation != m_generation)
                return;
            beginResetModel();
            m_history = h ? h.value() : Storage::CallerHistory{};
            endResetModel();
            Q_EMIT loaded();
        });
}

int CallerHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_history.cases.size() + m_history.calls.size());
}

QVariant CallerHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int row = index.row();
    if (row < m_history.cases.size()) {
        const CaseRecord &c = m_history.cases.at(row);
        switch (role) {
        case KindRole:
            return QStringLiteral("case");
        case CaseIdRole:
            return c.id;
        case StatusRole:
            return CaseStatusText::code(c.status);
        case Qt::DisplayRole: {
            QString text =
                tr("%1 · %2 · %3 · %4")
                    .arg(DisplayFormat::dateTime(c.requestedAt),
                         DisplayFormat::categoryName(*m_catalog, c.serviceCode),
                         CaseStatusText::label(c.status), DisplayFormat::trackingCode(c.trackingCode));
            if (c.responseType)
                text += QLatin1Char('\n') +
                        tr("Answer (%1): %2")
                            .arg(ResponseTypeText::label(*c.responseType), c.answerText.left(200));
            return text;
        }
        case Qt::ToolTipRole:
            return c.description.left(1000);
        }
        return {};
    }
    const Storage::CallSummary &call = m_history.calls.at(row - m_history.cases.size());
    switch (role) {
    case KindRole:
        return QStringLiteral("call");
    case CaseIdRole:
        return call.caseId;
    case StatusRole:
        return call.outcome;
    case Qt::DisplayRole:
        return tr("%1 · call (%2)").arg(DisplayFormat::dateTime(call.offeredAt), call.outcome);
    }
    return {};
}

} // namespace Pasokh::ViewModels
