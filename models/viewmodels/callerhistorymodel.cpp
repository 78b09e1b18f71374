// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/viewmodels/callerhistorymodel.h"

#include "models/agent/agenttypes.h"

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

void CallerHistoryModel::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    m_catalog = std::move(catalog);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
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
            // The history wraps in a narrow dock; a word joiner after each hyphen keeps the tracking code on
            // one line (UAX #14: WJ forbids the break that a hyphen allows).
            QString code = DisplayFormat::trackingCode(c.trackingCode);
            code.replace(QLatin1Char('-'), QStringLiteral("-\u2060"));
            QString text = tr("%1 · %2 · %3 · %4")
                               .arg(DisplayFormat::dateTime(c.requestedAt),
                                    DisplayFormat::categoryName(*m_catalog, c.serviceCode),
                                    CaseStatusText::label(c.status), code);
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
    case Qt::DisplayRole: {
        QString text =
            tr("%1 · call (%2)").arg(DisplayFormat::dateTime(call.offeredAt), outcomeLabel(call.outcome));
        if (!call.disposition.isEmpty())
            text += QStringLiteral(" · ") + dispositionLabel(call.disposition);
        return text;
    }
    }
    return {};
}

QString CallerHistoryModel::outcomeLabel(const QString &code)
{
    bool ok = false;
    const Agent::CallOutcome o = Agent::callOutcomeFromCode(code, &ok);
    if (!ok)
        return code;
    switch (o) {
    case Agent::CallOutcome::Pending:
        return tr("in progress");
    case Agent::CallOutcome::Answered:
        return tr("answered");
    case Agent::CallOutcome::Missed:
        return tr("missed");
    case Agent::CallOutcome::RefusedBusy:
        return tr("refused: operator busy");
    case Agent::CallOutcome::RefusedNotReady:
        return tr("refused: operator not ready");
    case Agent::CallOutcome::RefusedLoggedOut:
        return tr("refused: nobody logged in");
    case Agent::CallOutcome::Rejected:
        return tr("rejected");
    case Agent::CallOutcome::Failed:
        return tr("failed");
    case Agent::CallOutcome::EngineCrashed:
        return tr("lost: phone engine stopped");
    }
    return code;
}

QString CallerHistoryModel::dispositionLabel(const QString &code)
{
    bool ok = false;
    const Agent::Disposition d = Agent::dispositionFromCode(code, &ok);
    if (!ok)
        return code;
    switch (d) {
    case Agent::Disposition::None:
        return QString();
    case Agent::Disposition::CaseRegistered:
        return tr("case registered");
    case Agent::Disposition::GuidanceGiven:
        return tr("guidance given");
    case Agent::Disposition::OutOfJurisdiction:
        return tr("out of jurisdiction");
    case Agent::Disposition::WrongNumber:
        return tr("wrong number");
    case Agent::Disposition::SilentCall:
        return tr("silent call");
    case Agent::Disposition::AbusiveCaller:
        return tr("abusive caller");
    case Agent::Disposition::CallDropped:
        return tr("call dropped");
    }
    return code;
}

} // namespace Pasokh::ViewModels
