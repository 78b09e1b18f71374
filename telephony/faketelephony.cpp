// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/faketelephony.h"

namespace Pasokh::Telephony {

FakeTelephony::FakeTelephony(QObject *parent) : ITelephony(parent)
{
    m_devices = {
        AudioDeviceInfo{QStringLiteral("fake-mic"), QStringLiteral("Fake microphone"), true, false},
        AudioDeviceInfo{QStringLiteral("fake-speaker"), QStringLiteral("Fake speaker"), false, true}};
}

QList<CallInfo> FakeTelephony::calls() const
{
    QList<CallInfo> out;
    for (const QString &id : m_order)
        out << m_calls.value(id);
    return out;
}

CallInfo *FakeTelephony::find(const QString &callId, const char *command)
{
    auto it = m_calls.find(callId);
    if (it == m_calls.end()) {
        Q_EMIT problem(QStringLiteral("unknown_call"),
                       QStringLiteral("%1 for unknown call %2").arg(QLatin1String(command), callId));
        return nullptr;
    }
    return &it.value();
}

void FakeTelephony::update(CallInfo &call)
{
    const CallInfo copy = call;
    if (!copy.isActive()) {
        m_calls.remove(copy.id);
        m_order.removeAll(copy.id);
    }
    Q_EMIT callChanged(copy);
}

void FakeTelephony::end(const QString &callId, EndReason reason)
{
    if (CallInfo *c = find(callId, "end")) {
        c->state = CallState::Ended;
        c->endReason = reason;
        c->endedAt = QDateTime::currentDateTimeUtc();
        update(*c);
    }
}

QString FakeTelephony::simulateIncoming(CallInfo call)
{
    if (call.id.isEmpty())
        call.id = QStringLiteral("c%1").arg(++m_seq);
    call.direction = CallDirection::Incoming;
    call.state = CallState::Offered;
    if (!call.offeredAt.isValid())
        call.offeredAt = QDateTime::currentDateTimeUtc();
    m_calls.insert(call.id, call);
    m_order << call.id;
    Q_EMIT incomingCall(call);
    Q_EMIT callChanged(call);
    return call.id;
}

void FakeTelephony::simulateRemoteHangUp(const QString &callId)
{
    if (CallInfo *c = find(callId, "remote_hangup"))
        end(callId, c->answeredAt.isValid() ? EndReason::RemoteHangUp : EndReason::Missed);
}

void FakeTelephony::simulateRemoteAnswer(const QString &callId)
{
    if (CallInfo *c = find(callId, "remote_answer")) {
        c->state = CallState::Connected;
        c->answeredAt = QDateTime::currentDateTimeUtc();
        update(*c);
    }
}

void FakeTelephony::simulateRegistration(RegistrationState state, const QString &reason, int sipStatus)
{
    m_registration = {state, reason, sipStatus};
    Q_EMIT registrationChanged(m_registration);
}

void FakeTelephony::simulateEngineCrash(const QString &message, int restartInMs)
{
    const QStringList ids = m_order;
    for (const QString &id : ids)
        end(id, EndReason::EngineCrashed);
    simulateRegistration(RegistrationState::None, QStringLiteral("engine restarting"));
    m_status = EngineStatus::Restarting;
    Q_EMIT engineStatusChanged(m_status, message);
    Q_EMIT engineCrashed(message, restartInMs);
    m_status = EngineStatus::Running;
    Q_EMIT engineStatusChanged(m_status, QStringLiteral("restarted"));
    simulateRegistration(RegistrationState::Ok);
}

void FakeTelephony::simulateDtmf(const QString &callId, QChar digit)
{
    if (!isValidDtmf(digit)) {
        Q_EMIT problem(QStringLiteral("bad_dtmf"),
                       QStringLiteral("dropped DTMF value %1").arg(digit.unicode()));
        return;
    }
    if (m_calls.contains(callId))
        Q_EMIT dtmfReceived(callId, digit.toUpper());
}

void FakeTelephony::simulateRefused(CallInfo call)
{
    if (call.id.isEmpty())
        call.id = QStringLiteral("c%1").arg(++m_seq);
    call.state = CallState::Ended;
    call.endReason = EndReason::Busy;
    Q_EMIT callRefused(call);
}

void FakeTelephony::start()
{
    m_commands << QStringLiteral("start");
    m_status = EngineStatus::Running;
    Q_EMIT engineStatusChanged(m_status, QStringLiteral("fake started"));
    simulateRegistration(RegistrationState::Ok);
}

void FakeTelephony::stop()
{
    m_commands << QStringLiteral("stop");
    const QStringList ids = m_order;
    for (const QString &id : ids)
        end(id, EndReason::LocalHangUp);
    simulateRegistration(RegistrationState::Cleared);
    m_status = EngineStatus::Stopped;
    Q_EMIT engineStatusChanged(m_status, QStringLiteral("fake stopped"));
}

void FakeTelephony::answer(const QString &callId)
{
    m_commands << QStringLiteral("answer ") + callId;
    if (CallInfo *c = find(callId, "answer"); c && c->state == CallState::Offered) {
        c->state = CallState::Connected;
        c->answeredAt = QDateTime::currentDateTimeUtc();
        update(*c);
    }
}

void FakeTelephony::reject(const QString &callId, bool busy)
{
    m_commands << QStringLiteral("reject ") + callId + (busy ? QStringLiteral(" busy") : QString());
    end(callId, busy ? EndReason::Busy : EndReason::Rejected);
}

void FakeTelephony::hangUp(const QString &callId)
{
    m_commands << QStringLiteral("hangup ") + callId;
    end(callId, EndReason::LocalHangUp);
}

void FakeTelephony::hold(const QString &callId)
{
    m_commands << QStringLiteral("hold ") + callId;
    if (CallInfo *c = find(callId, "hold"); c && c->state == CallState::Connected) {
        c->state = CallState::Held;
        update(*c);
    }
}

void FakeTelephony::resume(const QString &callId)
{
    m_commands << QStringLiteral("resume ") + callId;
    if (CallInfo *c = find(callId, "resume"); c && c->state == CallState::Held) {
        c->state = CallState::Connected;
        update(*c);
    }
}

void FakeTelephony::setMuted(const QString &callId, bool muted)
{
    m_commands
        << QStringLiteral("mute %1 %2").arg(callId, muted ? QStringLiteral("on") : QStringLiteral("off"));
    if (CallInfo *c = find(callId, "mute")) {
        c->muted = muted;
        update(*c);
    }
}

bool FakeTelephony::sendDtmf(const QString &callId, const QString &digits)
{
    if (digits.isEmpty() || digits.size() > 32)
        return false;
    for (const QChar c : digits) {
        if (!isValidDtmf(c))
            return false;
    }
    if (!find(callId, "dtmf"))
        return false;
    m_commands << QStringLiteral("dtmf %1 %2").arg(callId, digits.toUpper());
    return true;
}

void FakeTelephony::blindTransfer(const QString &callId, const QString &target)
{
    m_commands << QStringLiteral("blind_transfer %1 %2").arg(callId, target);
    if (find(callId, "blind_transfer")) {
        Q_EMIT transferStateChanged(callId, TransferState::Trying);
        Q_EMIT transferStateChanged(callId, TransferState::Succeeded);
        end(callId, EndReason::Transferred);
    }
}

void FakeTelephony::attendedTransfer(const QString &callId, const QString &consultCallId)
{
    m_commands << QStringLiteral("attended_transfer %1 %2").arg(callId, consultCallId);
    if (find(callId, "attended_transfer") && find(consultCallId, "attended_transfer")) {
        Q_EMIT transferStateChanged(callId, TransferState::Succeeded);
        end(callId, EndReason::Transferred);
        end(consultCallId, EndReason::Transferred);
    }
}

QString FakeTelephony::dial(const QString &target)
{
    if (target.trimmed().isEmpty())
        return {};
    CallInfo c;
    c.id = QStringLiteral("o%1").arg(++m_seq);
    c.direction = CallDirection::Outgoing;
    c.state = CallState::Dialling;
    c.remoteUri = target.trimmed();
    c.offeredAt = QDateTime::currentDateTimeUtc();
    m_calls.insert(c.id, c);
    m_order << c.id;
    m_commands << QStringLiteral("dial %1 %2").arg(c.id, c.remoteUri);
    Q_EMIT callChanged(c);
    return c.id;
}

void FakeTelephony::setAudioDevices(const QString &inputId, const QString &outputId)
{
    m_commands << QStringLiteral("devices %1 %2").arg(inputId, outputId);
}

void FakeTelephony::reRegister()
{
    m_commands << QStringLiteral("reregister");
    simulateRegistration(RegistrationState::Ok);
}

} // namespace Pasokh::Telephony
