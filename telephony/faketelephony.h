// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/itelephony.h"

#include <QHash>
#include <QStringList>

namespace Pasokh::Telephony {

/// TEST DOUBLE — never used by the product. An in-memory ITelephony for UI and binding tests: commands change
/// call state at once (answer -> Connected, hold -> Held...) and are recorded in commands(); the simulate*()
/// methods play the PBX's and the engine's part. No SIP, no engine process, no audio.
class FakeTelephony : public ITelephony
{
    Q_OBJECT
public:
    explicit FakeTelephony(QObject *parent = nullptr);

    /// Every command received, e.g. "answer c1", "reject c1 busy", "dtmf c1 12#", "dial o1 1002".
    QStringList commands() const { return m_commands; }
    void clearCommands() { m_commands.clear(); }

    /// Offers an incoming call; fills id (if empty), state Offered and offeredAt. Returns the call id.
    QString simulateIncoming(CallInfo call);
    /// The peer hangs up (Missed when ringing, RemoteHangUp when answered).
    void simulateRemoteHangUp(const QString &callId);
    /// The far end answers an outgoing call.
    void simulateRemoteAnswer(const QString &callId);
    /// Registration changes.
    void simulateRegistration(RegistrationState state, const QString &reason = {}, int sipStatus = 0);
    /// The engine "crashes": calls end with EngineCrashed, engineCrashed(message, restartInMs) is emitted,
    /// the status goes Restarting then (synchronously) Running, registration Ok.
    void simulateEngineCrash(const QString &message = QStringLiteral("simulated crash"),
                             int restartInMs = 100);
    /// The peer sends a DTMF digit (dropped with problem() if invalid, as the engine does).
    void simulateDtmf(const QString &callId, QChar digit);
    /// The engine refused a second call with 486.
    void simulateRefused(CallInfo call);

    RegistrationInfo registration() const override { return m_registration; }
    EngineStatus engineStatus() const override { return m_status; }
    QList<CallInfo> calls() const override;
    QList<AudioDeviceInfo> audioDevices() const override { return m_devices; }
    void start() override;
    void stop() override;
    void answer(const QString &callId) override;
    void reject(const QString &callId, bool busy = false) override;
    void hangUp(const QString &callId) override;
    void hold(const QString &callId) override;
    void resume(const QString &callId) override;
    void setMuted(const QString &callId, bool muted) override;
    bool sendDtmf(const QString &callId, const QString &digits) override;
    void blindTransfer(const QString &callId, const QString &target) override;
    void attendedTransfer(const QString &callId, const QString &consultCallId) override;
    QString dial(const QString &target) override;
    void setAudioDevices(const QString &inputId, const QString &outputId) override;
    void reRegister() override;

private:
    CallInfo *find(const QString &callId, const char *command);
    void update(CallInfo &call);
    void end(const QString &callId, EndReason reason);

    QStringList m_commands;
    RegistrationInfo m_registration;
    EngineStatus m_status = EngineStatus::Stopped;
    QHash<QString, CallInfo> m_calls;
    QStringList m_order;
    QList<AudioDeviceInfo> m_devices;
    int m_seq = 0;
};

} // namespace Pasokh::Telephony
