// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/agentstatemachine.h"
#include "telephony/agentcallbinding.h"
#include "telephony/itelephony.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Pasokh::ViewModels {
class CallerHistoryModel;
class ExtensionDirectoryModel;
} // namespace Pasokh::ViewModels

namespace Pasokh::Ui {

/// The operator's phone: registration and agent state, the current caller (name, number as an LTR island,
/// withheld), call timer, Answer / Reject / Hold / Mute / Transfer (blind or consult-then-complete) / DTMF
/// keypad / Hang up, click-to-call, and the wrap-up disposition. On an offered call it sets the caller's
/// number on the history model (screen pop of earlier cases and calls) and emits screenPop() so the main
/// window can open a fresh intake form linked to the call. Engine crashes are announced in a banner; nothing
/// else in the window is touched. Works with any ITelephony (FakeTelephony in UI tests). Keyboard: F5 answer,
/// F6 hold, F7 mute, F8 hang up.
class CallPanel : public QWidget
{
    Q_OBJECT
public:
    /// `history` may be null. None of the pointers is owned; all must outlive the panel.
    CallPanel(Telephony::ITelephony *telephony, Agent::AgentStateMachine *agent,
              Telephony::AgentCallBinding *binding, ViewModels::CallerHistoryModel *history,
              QWidget *parent = nullptr);

    /// The call the panel shows (empty id when idle).
    Telephony::CallInfo currentCall() const { return m_call; }
    /// Text of the engine banner (empty when hidden), for tests.
    QString bannerText() const;
    /// Elapsed call time as shown ("02:15"), for tests.
    QString timerText() const;
    /// The operator's text for a registration state, with a plain reason on failure (wrong password, PBX
    /// unreachable...) and the SIP status when known.
    static QString registrationText(const Telephony::RegistrationInfo &info);
    /// Offers the unit-extension directory ("Directory…" beside the transfer target). Not owned.
    void setDirectory(ViewModels::ExtensionDirectoryModel *directory);
    /// The transfer target field (an extension or SIP URI), for tests.
    QString transferTarget() const;

Q_SIGNALS:
    /// A call was offered and accepted by the agent model: open an intake form linked to `call`.
    void screenPop(const Pasokh::Telephony::CallInfo &call);

private:
    void buildUi();
    void onIncoming(const Telephony::CallInfo &call);
    void onChanged(const Telephony::CallInfo &call);
    void onRegistration(const Telephony::RegistrationInfo &info);
    void onEngineCrashed(const QString &message, int restartInMs);
    void onAgentState();
    void updateButtons();
    void updateTimer();
    void showCaller();
    void transferBlind();
    void consult();
    void completeTransfer();
    void dial();
    void sendDigit(QChar digit);

    QPointer<Telephony::ITelephony> m_tel;
    QPointer<Agent::AgentStateMachine> m_agent;
    QPointer<Telephony::AgentCallBinding> m_binding;
    ViewModels::CallerHistoryModel *m_history;
    Telephony::CallInfo m_call;
    QString m_consultId;
    QElapsedTimer m_elapsed;
    QTimer m_timer;

    QLabel *m_registration = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_agentState = nullptr;
    QPushButton *m_ready = nullptr;
    QComboBox *m_notReady = nullptr;
    QLabel *m_name = nullptr;
    QLabel *m_number = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_timerLabel = nullptr;
    QPushButton *m_answer = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_hold = nullptr;
    QPushButton *m_mute = nullptr;
    QPushButton *m_hangUp = nullptr;
    QLineEdit *m_transferTarget = nullptr;
    QPushButton *m_blind = nullptr;
    QPushButton *m_consult = nullptr;
    QPushButton *m_complete = nullptr;
    QPushButton *m_directoryButton = nullptr;
    ViewModels::ExtensionDirectoryModel *m_directory = nullptr;
    QLineEdit *m_dialTarget = nullptr;
    QPushButton *m_dial = nullptr;
    QWidget *m_keypad = nullptr;
    QComboBox *m_disposition = nullptr;
    QPushButton *m_finishWrapUp = nullptr;
};

} // namespace Pasokh::Ui
