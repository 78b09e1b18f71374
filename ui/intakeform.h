// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/viewmodels/categorycompletionmodel.h"
#include "models/viewmodels/intakeviewmodel.h"

#include <QHash>
#include <QSet>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QCompleter;
class QFrame;
class QLabel;
class QLineEdit;
class QTextEdit;
class QPushButton;

namespace Pasokh::Ui {

/// The case intake form: a thin widget over IntakeViewModel. Keyboard-first: Tab walks the fields in reading
/// order (right to left in Persian), the category field completes as the operator types, messages appear
/// under each field once it was touched or a save was tried, and a saved case shows its tracking code large
/// with a copy button until the form is started again for anything else (a new case, a call, an amendment,
/// a restored draft): a fresh form never shows an earlier case's code. Starting a new case over unsaved
/// text asks first (keep typing / discard).
class IntakeForm : public QWidget
{
    Q_OBJECT
public:
    IntakeForm(ViewModels::IntakeViewModel *vm, std::shared_ptr<const Storage::ReferenceCatalog> catalog,
               QWidget *parent = nullptr);

    /// Tries to save (Ctrl+S). Returns true when the case was stored.
    bool trySave();
    /// Starts a new case (Ctrl+N, "New case") and puts the cursor in the phone field. When the form holds
    /// unsaved text (IntakeViewModel::isDirty(), an autosaved draft included) the operator is asked first;
    /// "keep typing" changes nothing and returns false, "discard" drops the text and its draft. Returns true
    /// when a new case was started.
    bool newCase();
    /// How newCase() starts the fresh case once allowed; default IntakeViewModel::startNew() (plain). The
    /// main window sets one that links the new case to the live call, if any.
    void setNewCaseStarter(std::function<void()> starter) { m_starter = std::move(starter); }
    /// Asks whether unsaved text may be thrown away (true at once when the form is not dirty). On "discard"
    /// the autosaved draft is dropped too. The dialog's buttons are named "keepTypingButton" and
    /// "discardButton".
    bool confirmDiscard();
    /// The tracking code shown in the "saved" banner (ASCII digits), empty when hidden.
    QString shownTrackingCode() const { return m_savedCode; }
    /// Offers a recovered draft (banner with Restore / Discard) when one is waiting.
    void offerDraftIfAny();
    /// Uses a newer reference catalog (a hub pull changed categories, units or districts) without disturbing
    /// the case being typed: the category type-ahead, district, neighbourhood and unit lists offer the new
    /// data, every typed text and every choice that still exists stays. Also hands it to the view model.
    void setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog);

private:
    void buildUi();
    void loadFromModel();
    void showValue(ViewModels::IntakeViewModel::Field field);
    void refreshMessages();
    void fillReferenceLists();
    void fillNeighbourhoods();
    void onSaved(const Core::CaseRecord &c);
    QLabel *messageLabel(const QString &field);

    ViewModels::IntakeViewModel *m_vm;
    std::shared_ptr<const Storage::ReferenceCatalog> m_catalog;
    ViewModels::CategoryCompletionModel *m_categoryModel;
    bool m_loading = false;
    bool m_saveTried = false;
    QSet<QString> m_touched;
    QString m_savedCode;
    bool m_keepBannerOnReset = false; ///< the reset right after a save keeps the new tracking code shown
    std::function<void()> m_starter;

    QFrame *m_savedBanner = nullptr;
    QLabel *m_savedLabel = nullptr;
    QLabel *m_savedCodeLabel = nullptr;
    QFrame *m_draftBanner = nullptr;
    QLabel *m_draftLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_modeLabel = nullptr;
    QComboBox *m_channel = nullptr;
    QComboBox *m_caseType = nullptr;
    QLineEdit *m_phone = nullptr;
    QLineEdit *m_callerName = nullptr;
    QLineEdit *m_nationalId = nullptr;
    QCheckBox *m_anonymous = nullptr;
    QLineEdit *m_category = nullptr;
    QCompleter *m_categoryCompleter = nullptr;
    QTextEdit *m_description = nullptr;
    QComboBox *m_district = nullptr;
    QComboBox *m_neighbourhood = nullptr;
    QLineEdit *m_address = nullptr;
    QComboBox *m_urgency = nullptr;
    QComboBox *m_unit = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_new = nullptr;
    QHash<QString, QLabel *> m_messages;
};

} // namespace Pasokh::Ui
