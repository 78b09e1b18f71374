// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/agentcallbinding.h"
#include "telephony/itelephony.h"

#include <QObject>

class QSoundEffect;

namespace Pasokh::Ui {

/// Ringtone and alert sounds of the phone through Qt Multimedia (QSoundEffect; WAV files in
/// resources/sounds, embedded at :/pasokh/sounds/). Rings (looped) while the agent model is ringing,
/// beeps once when a call will be auto-answered (AgentCallBinding::autoAnswerPending), and plays an alert
/// when the engine crashes, a call is lost mid-call or the registration fails. The output device is chosen by
/// its QAudioDevice id (empty = system default). On a machine without any audio output (headless, no sound
/// server) nothing is played, available() is false and unavailableReason() says why; the on-screen call
/// panel keeps working.
class CallSounds : public QObject
{
    Q_OBJECT
public:
    /// `binding` may be null (no auto-answer beep). Pointers are not owned and must outlive this object.
    CallSounds(Telephony::ITelephony *telephony, Agent::AgentStateMachine *agent,
               Telephony::AgentCallBinding *binding, QObject *parent = nullptr);
    ~CallSounds() override;

    /// True when an audio output exists (checked at construction and on every setOutputDevice()).
    bool available() const { return m_available; }
    /// Translated reason when !available(), e.g. "No sound device: calls ring on screen only."
    QString unavailableReason() const { return m_reason; }
    /// Uses the output whose QAudioDevice::id() is `id` (empty or unknown = the default output).
    void setOutputDevice(const QByteArray &id);
    QByteArray outputDevice() const { return m_deviceId; }
    /// Ring volume 0..1 (alerts and the beep use the same).
    void setVolume(double volume);
    /// True while the ringtone loops (tests).
    bool isRinging() const { return m_ringing; }
    /// What was played last: "ring", "beep", "alert" or "" (tests; also set when no device is available).
    QString lastSound() const { return m_last; }

    /// Starts the looped ringtone.
    void startRinging();
    /// Stops the ringtone.
    void stopRinging();
    /// Plays the short auto-answer beep.
    void beep();
    /// Plays the alert pips.
    void alert();

Q_SIGNALS:
    /// The audio output disappeared or none exists (reason translated); emitted once per change.
    void unavailable(const QString &reason);

private:
    void play(QSoundEffect *effect, const char *name);
    void applyDevice();

    QSoundEffect *m_ring = nullptr;
    QSoundEffect *m_beep = nullptr;
    QSoundEffect *m_alert = nullptr;
    QByteArray m_deviceId;
    QString m_reason;
    QString m_last;
    bool m_available = false;
    bool m_ringing = false;
};

} // namespace Pasokh::Ui
