// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/storage/casereader.h"
#include "models/storage/readworker.h"
#include "models/storage/referencedata.h"

#include <QAbstractListModel>
#include <memory>

namespace Pasokh::ViewModels {

/// A caller's earlier cases and calls, newest first, looked up on the worker thread by E.164 number (the
/// intake form's history pane and the call panel's screen pop). Rows: cases first, then calls.
class CallerHistoryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        KindRole = Qt::UserRole, ///< "case" or "call"
        CaseIdRole,              ///< the case id (for a call: the case it led to, may be empty)
        StatusRole,              ///< case status code, or call outcome
    };

    CallerHistoryModel(Storage::ReadWorker *worker, std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                       QObject *parent = nullptr);

    /// Looks up `e164` (empty clears). A lookup still running for an earlier number is dropped.
    void setPhone(const QString &e164);
    QString phone() const { return m_phone; }
    /// Uses a newer reference catalog (category names); the shown rows are redrawn. Ignores null.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);
    int caseCount() const { return int(m_history.cases.size()); }
    int callCount() const { return int(m_history.calls.size()); }

    /// The operator's words for a call-log outcome code (Agent::toCode(CallOutcome)); unknown codes verbatim.
    static QString outcomeLabel(const QString &code);
    /// The operator's words for a disposition code (Agent::toCode(Disposition)); unknown codes verbatim.
    static QString dispositionLabel(const QString &code);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The lookup for phone() finished (also after a clear).
    void loaded();

private:
    Storage::ReadWorker *m_worker;
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    QString m_phone;
    Storage::CallerHistory m_history;
    quint64 m_generation = 0;
};

} // namespace Pasokh::ViewModels
