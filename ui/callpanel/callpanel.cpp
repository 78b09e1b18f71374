// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callpanel/callpanel.h"

#include "models/core/persiantext.h"
#include "models/core/phonenumber.h"
#include "models/viewmodels/callerhistorymodel.h"
#include "models/viewmodels/displayformat.h"
#include "ui/callpanel/transferdirectorydialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Pasokh::Ui {

using Agent::AgentState;
using Agent::Disposition;
using Agent::NotReadyReason;
using Telephony::CallInfo;
using Telephony::CallState;

namespace {

using Core::PersianText::ltrIsolate;
namespace DisplayFormat = ViewModels::DisplayFormat;

/// The caller's number as the operator reads it (national form, UI digits, LTR isolate); a number that does
/// not normalise is shown as signalled.
QString numberForDisplay(const CallInfo &c)
{
    if (!c.ani.isEmpty()) {
        const auto n = Core::PhoneNumber::normalize(c.ani);
        return n.ok() ? DisplayFormat::phone(n.value().e164) : ltrIsolate(c.ani);
    }
    return ltrIsolate(c.rawNumber.isEmpty() ? c.remoteUri : c.rawNumber);
}

/// "mm:ss" of a call in the UI's digits.
QString callTime(qint64 seconds)
{
    return DisplayFormat::digits(QStringLiteral("%1:%2")
                                     .arg(seconds / 60, 2, 10, QLatin1Char('0'))
                                     .arg(seconds % 60, 2, 10, QLatin1Char('0')));
}

} // namespace

CallPanel::CallPanel(Telephony::ITelephony *telephony, Agent::AgentStateMachine *agent,
                     Telephony::AgentCallBinding *binding, ViewModels::CallerHistoryModel *history,
                     QWidget *parent)
    : QWidget(parent), m_tel(telephony), m_agent(agent), m_binding(binding), m_history(history)
{
    buildUi();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &CallPanel::updateTimer);
    connect(telephony, &Telephony::ITelephony::incomingCall, this, &CallPanel::onIncoming);
    connect(telephony, &Telephony::ITelephony::callChanged, this, &CallPanel::onChanged);
    connect(telephony, &Telephony::ITelephony::registrationChanged, this, &CallPanel::onRegistration);
    connect(telephony, &Telephony::ITelephony::engineCrashed, this, &CallPanel::onEngineCrashed);
    connect(telephony, &Telephony::ITelephony::engineStatusChanged, this, [this](Telephony::EngineStatus s) {
        if (s == Telephony::EngineStatus::Running && m_tel &&
            m_tel->registration().state == Telephony::RegistrationState::Ok)
            m_banner->hide();
    });
    connect(agent, &Agent::AgentStateMachine::stateChanged, this, &CallPanel::onAgentState);
    // A disposition set or cleared in the model (not only through the box) shows in the box at once.
    connect(agent, &Agent::AgentStateMachine::callRecordChanged, this, &CallPanel::updateButtons);
    connect(agent, &Agent::AgentStateMachine::dispositionRequired, this, [this] {
        m_disposition->setFocus();
        m_agentState->setText(tr("Wrap-up: choose how the call ended"));
    });
    onRegistration(telephony->registration());
    onAgentState();
    updateButtons();
}

void CallPanel::buildUi()
{
    auto *root = new QVBoxLayout(this);

    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setObjectName(QStringLiteral("engineBanner"));
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; padding: 6px; }"));
    m_banner->hide();
    root->addWidget(m_banner);

    auto *status = new QHBoxLayout;
    m_registration = new QLabel(this);
    m_agentState = new QLabel(this);
    status->addWidget(m_registration, 1);
    status->addWidget(m_agentState, 1);
    root->addLayout(status);

    auto *agentRow = new QHBoxLayout;
    m_ready = new QPushButton(tr("Ready"), this);
    m_ready->setObjectName(QStringLiteral("readyButton"));
    m_notReady = new QComboBox(this);
    m_notReady->setObjectName(QStringLiteral("notReadyBox"));
    m_notReady->addItem(tr("Not ready…"), int(NotReadyReason::None));
    m_notReady->addItem(tr("Break"), int(NotReadyReason::Break));
    m_notReady->addItem(tr("Prayer"), int(NotReadyReason::Prayer));
    m_notReady->addItem(tr("Meal"), int(NotReadyReason::Meal));
    m_notReady->addItem(tr("Training"), int(NotReadyReason::Training));
    m_notReady->addItem(tr("Meeting"), int(NotReadyReason::Meeting));
    agentRow->addWidget(m_ready);
    agentRow->addWidget(m_notReady);
    root->addLayout(agentRow);
    connect(m_ready, &QPushButton::clicked, this, [this] {
        if (m_agent->state() == AgentState::LoggedOut)
            m_agent->logIn();
        else
            m_agent->setReady();
    });
    connect(m_notReady, &QComboBox::activated, this, [this](int index) {
        const auto reason = NotReadyReason(m_notReady->itemData(index).toInt());
        if (reason != NotReadyReason::None)
            m_agent->setNotReady(reason);
        m_notReady->setCurrentIndex(0);
    });

    auto *callBox = new QGroupBox(tr("Call"), this);
    auto *form = new QFormLayout(callBox);
    m_name = new QLabel(callBox);
    m_name->setObjectName(QStringLiteral("callerName"));
    m_number = new QLabel(callBox);
    m_number->setObjectName(QStringLiteral("callerNumber"));
    m_number->setLayoutDirection(Qt::LeftToRight);
    m_number->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state = new QLabel(callBox);
    m_timerLabel = new QLabel(callTime(0), callBox);
    m_timerLabel->setLayoutDirection(Qt::LeftToRight);
    form->addRow(tr("Caller"), m_name);
    form->addRow(tr("Number"), m_number);
    form->addRow(tr("State"), m_state);
    form->addRow(tr("Duration"), m_timerLabel);
    root->addWidget(callBox);

    auto *buttons = new QGridLayout;
    m_answer = new QPushButton(tr("Answer"), this);
    m_answer->setObjectName(QStringLiteral("answerButton"));
    m_answer->setShortcut(Qt::Key_F5);
    m_reject = new QPushButton(tr("Reject"), this);
    m_hold = new QPushButton(tr("Hold"), this);
    m_hold->setCheckable(true);
    m_hold->setShortcut(Qt::Key_F6);
    m_mute = new QPushButton(tr("Mute"), this);
    m_mute->setCheckable(true);
    m_mute->setShortcut(Qt::Key_F7);
    m_hangUp = new QPushButton(tr("Hang up"), this);
    m_hangUp->setObjectName(QStringLiteral("hangUpButton"));
    m_hangUp->setShortcut(Qt::Key_F8);
    buttons->addWidget(m_answer, 0, 0);
    buttons->addWidget(m_reject, 0, 1);
    buttons->addWidget(m_hold, 1, 0);
    buttons->addWidget(m_mute, 1, 1);
    buttons->addWidget(m_hangUp, 2, 0, 1, 2);
    root->addLayout(buttons);
    connect(m_answer, &QPushButton::clicked, this, [this] {
        if (!m_call.id.isEmpty())
            m_tel->answer(m_call.id);
    });
    connect(m_reject, &QPushButton::clicked, this, [this] {
        if (!m_call.id.isEmpty())
            m_tel->reject(m_call.id, false);
    });
    connect(m_hold, &QPushButton::clicked, this, [this](bool on) {
        if (m_call.id.isEmpty())
            return;
        if (on)
            m_tel->hold(m_call.id);
        else
            m_tel->resume(m_call.id);
    });
    connect(m_mute, &QPushButton::clicked, this, [this](bool on) {
        if (!m_call.id.isEmpty())
            m_tel->setMuted(m_call.id, on);
    });
    connect(m_hangUp, &QPushButton::clicked, this, [this] {
        if (!m_consultId.isEmpty())
            m_tel->hangUp(m_consultId);
        if (!m_call.id.isEmpty())
            m_tel->hangUp(m_call.id);
    });

    auto *transferBox = new QGroupBox(tr("Transfer"), this);
    // Two rows: at 1366x768 the dock is narrow, and one row squeezed the extension field to a few pixels.
    auto *tl = new QVBoxLayout(transferBox);
    auto *targetRow = new QHBoxLayout;
    auto *actionRow = new QHBoxLayout;
    tl->addLayout(targetRow);
    tl->addLayout(actionRow);
    m_transferTarget = new QLineEdit(transferBox);
    m_transferTarget->setLayoutDirection(Qt::LeftToRight);
    m_transferTarget->setPlaceholderText(tr("Unit extension"));
    m_blind = new QPushButton(tr("Transfer now"), transferBox);
    m_consult = new QPushButton(tr("Consult first"), transferBox);
    m_complete = new QPushButton(tr("Complete transfer"), transferBox);
    m_directoryButton = new QPushButton(tr("Directory…"), transferBox);
    m_directoryButton->setObjectName(QStringLiteral("directoryButton"));
    m_directoryButton->hide();
    targetRow->addWidget(m_transferTarget, 1);
    targetRow->addWidget(m_directoryButton);
    actionRow->addWidget(m_blind);
    actionRow->addWidget(m_consult);
    actionRow->addWidget(m_complete);
    root->addWidget(transferBox);
    connect(m_directoryButton, &QPushButton::clicked, this, [this] {
        if (!m_directory)
            return;
        TransferDirectoryDialog dialog(m_directory, this);
        if (dialog.exec() == QDialog::Accepted && !dialog.selectedExtension().isEmpty())
            m_transferTarget->setText(dialog.selectedExtension());
    });
    connect(m_blind, &QPushButton::clicked, this, &CallPanel::transferBlind);
    connect(m_consult, &QPushButton::clicked, this, &CallPanel::consult);
    connect(m_complete, &QPushButton::clicked, this, &CallPanel::completeTransfer);

    m_keypad = new QWidget(this);
    auto *kp = new QGridLayout(m_keypad);
    kp->setSpacing(2);
    const QString keys = QStringLiteral("123A456B789C*0#D");
    for (int i = 0; i < keys.size(); ++i) {
        const QChar k = keys.at(i);
        auto *b = new QPushButton(QString(k), m_keypad);
        b->setObjectName(QStringLiteral("dtmf_") + k);
        b->setFocusPolicy(Qt::NoFocus);
        kp->addWidget(b, i / 4, i % 4);
        connect(b, &QPushButton::clicked, this, [this, k] { sendDigit(k); });
    }
    m_keypad->setLayoutDirection(Qt::LeftToRight);
    root->addWidget(m_keypad);

    auto *dialRow = new QHBoxLayout;
    m_dialTarget = new QLineEdit(this);
    m_dialTarget->setLayoutDirection(Qt::LeftToRight);
    m_dialTarget->setPlaceholderText(tr("Number to call"));
    m_dial = new QPushButton(tr("Call"), this);
    dialRow->addWidget(m_dialTarget, 1);
    dialRow->addWidget(m_dial);
    root->addLayout(dialRow);
    connect(m_dial, &QPushButton::clicked, this, &CallPanel::dial);
    connect(m_dialTarget, &QLineEdit::returnPressed, this, &CallPanel::dial);

    auto *wrapRow = new QHBoxLayout;
    m_disposition = new QComboBox(this);
    m_disposition->setObjectName(QStringLiteral("dispositionBox"));
    m_disposition->addItem(tr("How did the call end?"), int(Disposition::None));
    m_disposition->addItem(tr("Case registered"), int(Disposition::CaseRegistered));
    m_disposition->addItem(tr("Guidance given"), int(Disposition::GuidanceGiven));
    m_disposition->addItem(tr("Out of jurisdiction"), int(Disposition::OutOfJurisdiction));
    m_disposition->addItem(tr("Wrong number"), int(Disposition::WrongNumber));
    m_disposition->addItem(tr("Silent call"), int(Disposition::SilentCall));
    m_disposition->addItem(tr("Abusive caller"), int(Disposition::AbusiveCaller));
    m_disposition->addItem(tr("Call dropped"), int(Disposition::CallDropped));
    m_finishWrapUp = new QPushButton(tr("Finish wrap-up"), this);
    m_finishWrapUp->setObjectName(QStringLiteral("finishWrapUpButton"));
    wrapRow->addWidget(m_disposition, 1);
    wrapRow->addWidget(m_finishWrapUp);
    root->addLayout(wrapRow);
    connect(m_disposition, &QComboBox::activated, this, [this](int index) {
        const auto d = Disposition(m_disposition->itemData(index).toInt());
        if (d != Disposition::None)
            m_agent->setDisposition(d);
        updateButtons();
    });
    connect(m_finishWrapUp, &QPushButton::clicked, this, [this] { m_agent->setReady(); });
    root->addStretch(1);
}

void CallPanel::setDirectory(ViewModels::ExtensionDirectoryModel *directory)
{
    m_directory = directory;
    m_directoryButton->setVisible(directory != nullptr);
}

QString CallPanel::transferTarget() const
{
    return m_transferTarget->text();
}

QString CallPanel::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

QString CallPanel::timerText() const
{
    return m_timerLabel->text();
}

void CallPanel::onIncoming(const CallInfo &call)
{
    if (!m_call.id.isEmpty() && m_call.isActive())
        return; // a second call is refused by the binding/engine; keep showing the first
    // The binding has already asked the agent model; only a call that rings at the agent is shown.
    if (m_agent->state() != AgentState::Ringing || m_agent->currentCall().telephonyCallId != call.id)
        return;
    m_call = call;
    m_elapsed.invalidate();
    m_timerLabel->setText(callTime(0));
    showCaller();
    if (m_history)
        m_history->setPhone(call.withheld ? QString() : call.ani);
    updateButtons();
    Q_EMIT screenPop(call);
}

void CallPanel::onChanged(const CallInfo &call)
{
    if (call.id == m_consultId) {
        if (!call.isActive())
            m_consultId.clear();
        updateButtons();
        return;
    }
    if (call.direction == Telephony::CallDirection::Outgoing && (m_call.id.isEmpty() || !m_call.isActive()) &&
        call.isActive())
        m_call = call; // click-to-call
    if (call.id != m_call.id)
        return;
    const bool wasAnswered = m_call.answeredAt.isValid();
    m_call = call;
    if (call.state == CallState::Connected && !wasAnswered && call.answeredAt.isValid()) {
        m_elapsed.start();
        m_timer.start();
    }
    if (!call.isActive()) {
        m_timer.stop();
        updateTimer();
    }
    showCaller();
    updateButtons();
}

void CallPanel::showCaller()
{
    if (m_call.id.isEmpty()) {
        m_name->clear();
        m_number->clear();
        m_state->clear();
        return;
    }
    m_name->setText(m_call.displayName.isEmpty() ? tr("(no name)") : m_call.displayName);
    m_number->setText(m_call.withheld ? tr("Number withheld") : numberForDisplay(m_call));
    QString state;
    switch (m_call.state) {
    case CallState::Offered:
        state = tr("Ringing");
        break;
    case CallState::Dialling:
        state = tr("Calling…");
        break;
    case CallState::Connected:
        state = m_call.muted ? tr("Connected (muted)") : tr("Connected");
        break;
    case CallState::Held:
        state = tr("On hold");
        break;
    case CallState::HeldByPeer:
        state = tr("Held by the other side");
        break;
    case CallState::Ended:
        switch (m_call.endReason) {
        case Telephony::EndReason::Missed:
            state = tr("Missed: the caller hung up");
            break;
        case Telephony::EndReason::Transferred:
            state = tr("Transferred");
            break;
        case Telephony::EndReason::EngineCrashed:
            state = tr("Call lost: the phone engine stopped");
            break;
        case Telephony::EndReason::Failed:
            state = tr("Call failed");
            break;
        default:
            state = tr("Ended");
            break;
        }
        break;
    }
    m_state->setText(state);
}

QString CallPanel::registrationText(const Telephony::RegistrationInfo &info)
{
    switch (info.state) {
    case Telephony::RegistrationState::Ok:
        return tr("Phone: connected");
    case Telephony::RegistrationState::Progress:
        return tr("Phone: connecting…");
    case Telephony::RegistrationState::Failed: {
        QString why;
        if (info.sipStatus == 0 && info.reason.startsWith(QLatin1String("sip/")))
            why = tr("the [sip] settings are incomplete");
        else if (info.sipStatus == 401 || info.sipStatus == 403 || info.sipStatus == 407)
            why = tr("the PBX refused the user name or password");
        else if (info.sipStatus == 404)
            why = tr("the PBX does not know this extension");
        else if (info.sipStatus == 408 || info.sipStatus == 503 || info.sipStatus == 0)
            why = tr("the PBX cannot be reached; retrying");
        else
            why = tr("the PBX refused the registration");
        const QString detail =
            info.reason.isEmpty()
                ? QString()
                : QStringLiteral(" ") +
                      ltrIsolate(info.sipStatus > 0
                                     ? QStringLiteral("%1 %2").arg(info.sipStatus).arg(info.reason)
                                     : info.reason);
        return tr("Phone: not connected, %1").arg(why) + detail;
    }
    case Telephony::RegistrationState::Cleared:
    case Telephony::RegistrationState::None:
        break;
    }
    return tr("Phone: off");
}

void CallPanel::onRegistration(const Telephony::RegistrationInfo &info)
{
    m_registration->setText(registrationText(info));
    if (info.state == Telephony::RegistrationState::Ok)
        m_banner->hide();
}

void CallPanel::onEngineCrashed(const QString &, int restartInMs)
{
    m_banner->setText(
        tr("The phone engine stopped unexpectedly and is restarting (in %1 s). The case you are "
           "typing is kept.")
            .arg(QLocale().toString(double(restartInMs) / 1000.0, 'f', 1)));
    m_banner->show();
}

void CallPanel::onAgentState()
{
    QString text;
    switch (m_agent->state()) {
    case AgentState::LoggedOut:
        text = tr("Logged out");
        break;
    case AgentState::Ready:
        text = tr("Ready for calls");
        break;
    case AgentState::Ringing:
        text = tr("Ringing");
        break;
    case AgentState::OnCall:
        text = tr("On a call");
        break;
    case AgentState::WrapUp:
        text = tr("Wrap-up");
        break;
    case AgentState::NotReady:
        text = tr("Not ready: %1")
                   .arg(m_notReady->itemText(m_notReady->findData(int(m_agent->notReadyReason()))));
        break;
    }
    m_agentState->setText(text);
    if (m_agent->state() == AgentState::Ready || m_agent->state() == AgentState::NotReady) {
        m_call = CallInfo{};
        m_consultId.clear();
        showCaller();
    }
    updateButtons();
}

void CallPanel::updateButtons()
{
    const bool has = !m_call.id.isEmpty() && m_call.isActive();
    const bool offered = has && m_call.state == CallState::Offered;
    const bool talking = has && (m_call.state == CallState::Connected || m_call.state == CallState::Held ||
                                 m_call.state == CallState::HeldByPeer);
    m_answer->setEnabled(offered);
    m_reject->setEnabled(offered);
    m_hold->setEnabled(talking);
    m_hold->setChecked(has && m_call.state == CallState::Held);
    m_hold->setText(m_hold->isChecked() ? tr("Resume") : tr("Hold"));
    m_mute->setEnabled(talking);
    m_mute->setChecked(has && m_call.muted);
    m_hangUp->setEnabled(has);
    m_keypad->setEnabled(talking);
    m_keypad->setVisible(talking); // room for the caller's history under the panel until the call is up
    m_blind->setEnabled(talking && m_consultId.isEmpty());
    m_consult->setEnabled(talking && m_consultId.isEmpty());
    m_complete->setEnabled(talking && !m_consultId.isEmpty());
    const AgentState s = m_agent->state();
    m_dial->setEnabled(s == AgentState::Ready || s == AgentState::NotReady ||
                       (s == AgentState::WrapUp && m_agent->currentCall().disposition != Disposition::None));
    m_ready->setEnabled(s == AgentState::LoggedOut || s == AgentState::NotReady);
    m_notReady->setEnabled(s != AgentState::LoggedOut);
    m_disposition->setEnabled(s == AgentState::OnCall || s == AgentState::WrapUp);
    // The box always shows the agent model's disposition of the current call, and the prompt otherwise:
    // whatever ended the last wrap-up (the button, the timer, a log-out), a new call never starts with the
    // previous call's choice on screen while the model has none.
    const Disposition current = (s == AgentState::OnCall || s == AgentState::WrapUp)
                                    ? m_agent->currentCall().disposition
                                    : Disposition::None;
    const int shown = m_disposition->findData(int(current));
    m_disposition->setCurrentIndex(shown < 0 ? 0 : shown);
    m_finishWrapUp->setEnabled(s == AgentState::WrapUp &&
                               m_agent->currentCall().disposition != Disposition::None);
}

void CallPanel::updateTimer()
{
    if (!m_elapsed.isValid())
        return;
    const qint64 s = m_elapsed.elapsed() / 1000;
    m_timerLabel->setText(callTime(s));
}

void CallPanel::transferBlind()
{
    const QString target = m_transferTarget->text().trimmed();
    if (!target.isEmpty() && !m_call.id.isEmpty())
        m_tel->blindTransfer(m_call.id, target);
}

void CallPanel::consult()
{
    const QString target = m_transferTarget->text().trimmed();
    if (target.isEmpty() || m_call.id.isEmpty())
        return;
    if (m_call.state == CallState::Connected)
        m_tel->hold(m_call.id);
    m_consultId = m_tel->dial(target);
    updateButtons();
}

void CallPanel::completeTransfer()
{
    if (!m_consultId.isEmpty() && !m_call.id.isEmpty())
        m_tel->attendedTransfer(m_call.id, m_consultId);
}

void CallPanel::dial()
{
    const QString target = m_dialTarget->text().trimmed();
    if (target.isEmpty() || !m_binding)
        return;
    const auto r = m_binding->dial(target);
    if (r.ok())
        return;
    const QString code = r.error().code;
    if (code == QLatin1String("busy"))
        m_state->setText(tr("Cannot call: a call is already in progress"));
    else if (code == QLatin1String("disposition_required"))
        m_state->setText(tr("Cannot call: choose how the last call ended first"));
    else if (code == QLatin1String("invalid_transition"))
        m_state->setText(tr("Cannot call: log in first"));
    else
        m_state->setText(tr("Cannot call this number"));
}

void CallPanel::sendDigit(QChar digit)
{
    if (!m_call.id.isEmpty())
        m_tel->sendDtmf(m_call.id, QString(digit));
}

} // namespace Pasokh::Ui
