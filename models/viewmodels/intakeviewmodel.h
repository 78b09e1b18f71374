// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casedata.h"
#include "models/storage/casestore.h"
#include "models/storage/casevalidator.h"
#include "models/storage/draftstore.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <memory>

namespace Pasokh::ViewModels {

/// The intake form's state and rules, without widgets: field values, inline validation (CaseValidator, phone
/// and national-ID normalisation), the referral unit pre-filled from the category's default unit and the
/// district until the operator picks one, urgency defaulted from the category, saving through CaseStore
/// (register or amend), and a draft autosaved to the store every `autosaveSeconds` while there are unsaved
/// changes (restored after a crash). An autosaved draft is only a safety copy: the form stays dirty (its text
/// is not a saved case) until it is saved, or replaced on purpose by startNew()/editCase().
class IntakeViewModel : public QObject
{
    Q_OBJECT
public:
    enum class Field
    {
        Channel,       ///< Core::Channel as int
        CaseType,      ///< Core::CaseType as int
        Category,      ///< category code (QString)
        Description,   ///< QString
        CallerName,    ///< QString
        Phone,         ///< QString as typed
        NationalId,    ///< QString as typed
        Anonymous,     ///< bool
        District,      ///< int 0..13
        Neighbourhood, ///< QString
        Address,       ///< QString
        Urgency,       ///< Core::Urgency as int
        Unit,          ///< unit code (QString)
    };
    Q_ENUM(Field)

    /// The draft slot used in the drafts table.
    static inline const QString kDraftSlot = QStringLiteral("intake");

    IntakeViewModel(Storage::CaseStore *store, std::shared_ptr<Storage::Database> db,
                    std::shared_ptr<const Storage::ReferenceCatalog> catalog, int autosaveSeconds,
                    QObject *parent = nullptr);

    /// Sets a field from the form. Setting Unit marks it as chosen by the operator (no more pre-filling).
    void setValue(Field field, const QVariant &value);
    QVariant value(Field field) const;
    /// Uses a newer reference catalog (a hub pull changed categories, units or districts) for validation and
    /// referral pre-filling; the case being typed is kept as it is and validated again. Ignores null.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);

    /// Starts a fresh case; `callId` links it to the live call, `ani` (E.164) pre-fills the phone in the
    /// national form the operator reads ("۰۹۱۵ ۱۲۳ ۴۵۶۷" in Persian) and `callerName` (the sanitised SIP
    /// display name) the caller's name. Neither makes the form dirty.
    void startNew(const QString &callId = QString(), const QString &ani = QString(),
                  const QString &callerName = QString());
    /// Loads a registered case for amendment (only cases the hub has not acknowledged can be saved).
    void editCase(const Core::CaseRecord &c);
    bool isAmending() const { return !m_case.id.isEmpty(); }
    /// True while the form holds changes that are not saved as a case: the operator's text that a call or
    /// "new case" must not throw away silently. An autosave does not clear it (a draft is not a saved case);
    /// save(), startNew() and editCase() do.
    bool isDirty() const { return m_dirty; }
    /// True while changes were made since the last draft autosave (what the autosave timer writes).
    bool hasUnwrittenDraftChanges() const { return m_dirty && m_draftStale; }

    /// The current issues (recomputed on every change).
    const QList<Storage::FieldIssue> &issues() const { return m_issues; }
    /// The first message for a field, empty when none; `blocking` is set when given.
    QString issueFor(const QString &field, bool *blocking = nullptr) const;
    /// The phone in E.164 when it is valid, else empty.
    QString normalizedPhone() const;
    /// Records that the operator used a knowledge-base article with this caller; saved with the case
    /// (kb_usage).
    void markArticleUsed(const QString &articleId);
    /// The articles marked as used on the current case.
    QStringList usedArticles() const { return m_case.usedArticles; }

    /// The case as it would be saved now.
    Core::CaseRecord currentCase() const;

    /// Saves (register or amend). On success the draft is cleared, saved() is emitted and the form starts
    /// fresh; on failure nothing typed is lost and saveFailed() carries the translated reason.
    Core::Result<Core::CaseRecord> save();

    /// The autosaved draft, if one is waiting from an earlier session.
    std::optional<Storage::Draft> pendingDraft() const;
    /// Loads the waiting draft into the form. Returns false when there is none.
    bool restoreDraft();
    /// Drops the waiting draft.
    void discardDraft();
    /// Writes the draft now (also done by the timer). Returns false and emits autosaveFailed() on a storage
    /// error. The form stays dirty: the draft is a safety copy, not a saved case.
    bool autosaveNow();

    QJsonObject toJson() const;
    void fromJson(const QJsonObject &o);

Q_SIGNALS:
    void valueChanged(Pasokh::ViewModels::IntakeViewModel::Field field);
    void issuesChanged();
    /// A valid phone number was entered or changed (E.164; empty when cleared).
    void phoneNormalized(const QString &e164);
    void saved(const Pasokh::Core::CaseRecord &c);
    void saveFailed(const QString &message);
    void autosaveFailed(const QString &message);
    /// The whole form changed (new case, amend, restore).
    void reset();

private:
    void changed(Field field);
    void prefillUnit();
    void revalidate();

    Storage::CaseStore *m_store;
    std::shared_ptr<Storage::Database> m_db;
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    Core::CaseRecord m_case; ///< id set when amending
    QString m_phoneText;
    QString m_nationalIdText;
    QString m_lastPhone;
    bool m_unitChosen = false;
    bool m_dirty = false;      ///< changes not saved as a case
    bool m_draftStale = false; ///< changes not yet written to the draft slot
    QList<Storage::FieldIssue> m_issues;
    QTimer m_autosave;
};

} // namespace Pasokh::ViewModels
