// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/telephonytypes.h"

#include <QList>
#include <QObject>
#include <QString>

namespace Pasokh::Telephony {

/// The console's telephone, as `ui/` and the agent binding see it. The product implementation is
/// EngineTelephony (a supervised pasokh-phone child process running liblinphone); FakeTelephony is a test
/// double for UI tests.
///
/// All calls are asynchronous: a command returns at once and its effect arrives as a signal (callChanged...).
/// Commands on an unknown or ended call id are ignored and reported through problem(). Strings in the signals
/// are sanitised peer text (PeerText::sanitize) and numbers are E.164 when known.
class ITelephony : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ITelephony() override = default;

    /// Current registration state and reason.
    virtual RegistrationInfo registration() const = 0;
    /// Supervision state of the engine (always Running for a fake).
    virtual EngineStatus engineStatus() const = 0;
    /// Active calls (not Ended), oldest first.
    virtual QList<CallInfo> calls() const = 0;
    /// Audio devices the engine reported (empty on a headless machine).
    virtual QList<AudioDeviceInfo> audioDevices() const = 0;

    /// Starts the engine (if any) and registers with the configured account.
    virtual void start() = 0;
    /// Unregisters and stops the engine; active calls are hung up. Emits engineStatusChanged(Stopped) when
    /// done.
    virtual void stop() = 0;

    /// Answers an offered call.
    virtual void answer(const QString &callId) = 0;
    /// Refuses an offered call: 486 Busy Here when `busy`, else 603 Decline (RFC 3261 §21.4.7, §21.6.2).
    virtual void reject(const QString &callId, bool busy = false) = 0;
    /// Ends a call in any state (CANCEL for an unanswered outgoing call, BYE otherwise).
    virtual void hangUp(const QString &callId) = 0;
    /// Puts a connected call on hold (re-INVITE a=sendonly, RFC 3264 §8.4).
    virtual void hold(const QString &callId) = 0;
    /// Takes a held call off hold (re-INVITE a=sendrecv).
    virtual void resume(const QString &callId) = 0;
    /// Mutes or unmutes our microphone in the call.
    virtual void setMuted(const QString &callId, bool muted) = 0;
    /// Sends DTMF as RFC 4733 events. Returns false (and sends nothing) when `digits` is empty, longer than
    /// 32, or has a character outside 0-9 * # A-D.
    virtual bool sendDtmf(const QString &callId, const QString &digits) = 0;
    /// Blind transfer (REFER, RFC 3515) of the call to `target` (extension or SIP URI).
    virtual void blindTransfer(const QString &callId, const QString &target) = 0;
    /// Attended transfer: REFER with Replaces (RFC 3891) joining `callId`'s peer to `consultCallId`'s peer.
    virtual void attendedTransfer(const QString &callId, const QString &consultCallId) = 0;
    /// Places an outbound call to `target` (number, extension or SIP URI). Returns the new call's id at once
    /// (the call then appears through callChanged), or an empty string when the target is empty or not
    /// dialable.
    virtual QString dial(const QString &target) = 0;
    /// Chooses the microphone and speaker by device id (empty = default).
    virtual void setAudioDevices(const QString &inputId, const QString &outputId) = 0;
    /// Forces a REGISTER refresh now (e.g. the network came back).
    virtual void reRegister() = 0;

Q_SIGNALS:
    /// Registration changed (status bar).
    void registrationChanged(const Pasokh::Telephony::RegistrationInfo &info);
    /// A new call was offered to us (ringing). Followed by callChanged for each later state.
    void incomingCall(const Pasokh::Telephony::CallInfo &call);
    /// A call's state or data changed (including the final Ended).
    void callChanged(const Pasokh::Telephony::CallInfo &call);
    /// A call was refused without being offered to the agent (486 because another call was active).
    void callRefused(const Pasokh::Telephony::CallInfo &call);
    /// The peer sent a DTMF digit (already checked to be 0-9 * # A-D).
    void dtmfReceived(const QString &callId, QChar digit);
    /// Progress of a transfer we started.
    void transferStateChanged(const QString &callId, Pasokh::Telephony::TransferState state);
    /// Engine supervision changed. `message` is English, for the log; the UI shows its own tr() text per
    /// status.
    void engineStatusChanged(Pasokh::Telephony::EngineStatus status, const QString &message);
    /// The engine process died unexpectedly (a crash or kill); `restartInMs` is the scheduled restart delay.
    void engineCrashed(const QString &message, int restartInMs);
    /// The engine's audio device list changed.
    void audioDevicesChanged();
    /// Something odd worth logging (garbage DTMF dropped, hostile header, command on unknown call). English
    /// text.
    void problem(const QString &code, const QString &text);
};

} // namespace Pasokh::Telephony
