// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/storage/readworker.h"
#include "models/storage/referencedata.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace Pasokh::Ui {

/// One case in detail: its fields, the unit's answer when there is one, and the timeline of events (loaded on
/// the read worker). "Amend" is offered while the hub has not acknowledged the case; "Call the caller"
/// (click-to-call) when a phone is configured (setCallEnabled) and the caller left a number.
class CaseDetailView : public QWidget
{
    Q_OBJECT
public:
    CaseDetailView(Storage::ReadWorker *worker, std::shared_ptr<const Storage::ReferenceCatalog> catalog,
                   QWidget *parent = nullptr);

    /// Shows `c` (or clears when nullptr) and loads its timeline.
    void showCase(const Core::CaseRecord *c);
    /// Shows the "Call the caller" button (only the console with a phone has one).
    void setCallEnabled(bool enabled);
    /// Uses a newer reference catalog (a hub pull) and shows the current case again with it. Ignores null.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);

Q_SIGNALS:
    void amendRequested(const Pasokh::Core::CaseRecord &c);
    /// The operator wants to call the case's caller back: `phone` is E.164, `caseId` the case.
    void callRequested(const QString &phone, const QString &caseId);

private:
    /// The operator's name for a field key of a timeline event's changes (CasePayload's and the hub's JSON
    /// names: "status", "answer_text", "service_code"...); an unknown key is shown as it is.
    static QString fieldLabel(const QString &key);
    /// fieldLabel() of each key, each name once, joined with the UI's list separator.
    static QString changedFields(const QStringList &keys);
    Storage::ReadWorker *m_worker;
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    Core::CaseRecord m_case;
    QTextBrowser *m_fields;
    QListWidget *m_timeline;
    QPushButton *m_amend;
    QPushButton *m_call;
};

} // namespace Pasokh::Ui
