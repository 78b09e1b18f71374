// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/callpanel/callsounds.h"

#include "telephony/telephonylog.h"

#include <QAudioDevice>
#include <QMediaDevices>
#include <QSoundEffect>
#include <QUrl>

namespace Pasokh::Ui {

using Telephony::CallInfo;
using Telephony::CallState;

CallSounds::CallSounds(Telephony::ITelephony *telephony, Agent::AgentStateMachine *agent,
                       Telephony::AgentCallBinding *binding, QObject *parent)
    : QObject(parent)
{
    applyDevice();
    // Ring while the agent model has a call ringing (refused offers never ring); an auto-answered call
    // stops the ring at once and beeps instead.
    connect(agent, &Agent::AgentStateMachine::stateChanged, this, [this](Agent::AgentState state) {
        if (state == Agent::AgentState::Ringing)
            startRinging();
        else
            stopRinging();
    });
    if (binding)
        connect(binding, &Telephony::AgentCallBinding::autoAnswerPending, this, [this](const QString &, int) {
            stopRinging();
            beep();
        });
    connect(telephony, &Telephony::ITelephony::callChanged, this, [this](const CallInfo &call) {
        if (call.state == CallState::Ended && call.endReason == Telephony::EndReason::Failed &&
            call.answeredAt.isValid())
            alert(); // a call lost mid-call
    });
    connect(telephony, &Telephony::ITelephony::engineCrashed, this, [this] {
        stopRinging();
        alert();
    });
    connect(telephony, &Telephony::ITelephony::registrationChanged, this,
            [this](const Telephony::RegistrationInfo &info) {
                if (info.state == Telephony::RegistrationState::Failed)
                    alert();
            });
    auto *devices = new QMediaDevices(this);
    connect(devices, &QMediaDevices::audioOutputsChanged, this, &CallSounds::applyDevice);
}

CallSounds::~CallSounds() = default;

void CallSounds::applyDevice()
{
    const QList<QAudioDevice> outputs = QMediaDevices::audioOutputs();
    const bool was = m_available;
    m_available = !outputs.isEmpty();
    if (!m_available) {
        const bool announce = was || m_reason.isEmpty(); // once per loss of the output, not per re-check
        m_reason = tr("No sound device: calls ring on screen only.");
        if (announce) {
            Q_EMIT unavailable(m_reason);
            qCWarning(Telephony::lcTelephony) << "no audio output: ringtone and alerts are not played";
        }
        m_ringing = false;
        delete m_ring;
        delete m_beep;
        delete m_alert;
        m_ring = m_beep = m_alert = nullptr;
        return;
    }
    m_reason.clear();
    QAudioDevice device = QMediaDevices::defaultAudioOutput();
    for (const QAudioDevice &d : outputs) {
        if (!m_deviceId.isEmpty() && d.id() == m_deviceId)
            device = d;
    }
    auto make = [this, &device](QSoundEffect *&e, const char *file, int loops) {
        if (!e) {
            e = new QSoundEffect(this);
            e->setSource(QUrl(QStringLiteral("qrc:/pasokh/sounds/%1").arg(QLatin1String(file))));
        }
        e->setAudioDevice(device);
        e->setLoopCount(loops);
    };
    make(m_ring, "ring.wav", QSoundEffect::Infinite);
    make(m_beep, "beep.wav", 1);
    make(m_alert, "alert.wav", 1);
}

void CallSounds::setOutputDevice(const QByteArray &id)
{
    m_deviceId = id;
    const bool ringing = m_ringing;
    stopRinging();
    applyDevice();
    if (ringing)
        startRinging();
}

void CallSounds::setVolume(double volume)
{
    for (QSoundEffect *e : {m_ring, m_beep, m_alert})
        if (e)
            e->setVolume(float(qBound(0.0, volume, 1.0)));
}

void CallSounds::play(QSoundEffect *effect, const char *name)
{
    m_last = QLatin1String(name);
    if (effect)
        effect->play();
}

void CallSounds::startRinging()
{
    m_ringing = m_available;
    play(m_ring, "ring");
}

void CallSounds::stopRinging()
{
    m_ringing = false;
    if (m_ring)
        m_ring->stop();
}

void CallSounds::beep()
{
    play(m_beep, "beep");
}

void CallSounds::alert()
{
    play(m_alert, "alert");
}

} // namespace Pasokh::Ui
