// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/itelephony.h"
#include "telephony/protocol.h"
#include "telephony/restartpolicy.h"
#include "telephony/sipsettings.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QProcess>
#include <QStringList>
#include <QTimer>

class QLocalServer;
class QLocalSocket;

namespace Pasokh::Telephony {

/// ITelephony backed by the engine process `pasokh-phone` (liblinphone), which this object launches, talks to
/// over a private QLocalSocket (protocol.h) and supervises: when the engine dies or stops answering pings,
/// active calls are reported Ended(EngineCrashed), engineCrashed() is emitted, and the engine is restarted
/// after the RestartPolicy delay and re-registers with the same settings. The console process never loads
/// liblinphone.
class EngineTelephony : public ITelephony
{
    Q_OBJECT
public:
    /// Supervision knobs (defaults are the product's).
    struct Options
    {
        QString enginePath; ///< pasokh-phone executable; empty = defaultEnginePath()
        RestartPolicy::Params restart;
        int pingIntervalMs = 2000; ///< heartbeat period
        int pingTimeoutMs = 6000;  ///< engine is killed and restarted when no pong arrives for this long
        int helloTimeoutMs = 5000; ///< engine is killed and restarted when it does not say hello in time
        int stopTimeoutMs = 3000;  ///< stop(): how long to wait for a clean exit before SIGKILL
    };

    explicit EngineTelephony(const SipSettings &settings, QObject *parent = nullptr);
    EngineTelephony(const SipSettings &settings, const Options &options, QObject *parent = nullptr);
    /// The product's supervision defaults.
    static Options defaultOptions();
    /// Stops the engine (blocking up to Options::stopTimeoutMs) if it still runs.
    ~EngineTelephony() override;

    /// $PASOKH_PHONE_PATH if set, else `pasokh-phone` next to the running executable, else in the build tree.
    static QString defaultEnginePath();

    /// Replaces the settings. A running engine takes the account fields (user, password, domain, proxy,
    /// expires) at once and re-registers; transport, ports, TLS, SRTP and audio settings apply at the next
    /// start().
    void setSettings(const SipSettings &settings);
    const SipSettings &settings() const { return m_settings; }
    /// PID of the running engine process, or 0.
    qint64 enginePid() const;
    /// How many times the engine was restarted after a crash since construction.
    int restartCount() const { return m_restarts; }

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
    void launch();
    void onNewConnection();
    void onReadyRead();
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void onEngineLost(const QString &why);
    void handle(const QJsonObject &msg);
    void handleCall(const CallInfo &call);
    void send(const QJsonObject &msg);
    bool sendForCall(const char *type, const QString &callId, QJsonObject members = {});
    void setStatus(EngineStatus status, const QString &message);
    void setRegistration(const RegistrationInfo &info);
    void killEngine();
    void endAllCalls(EndReason reason, const QString &text);

    SipSettings m_settings;
    Options m_options;
    RestartPolicy m_policy;
    QLocalServer *m_server = nullptr;
    QPointer<QLocalSocket> m_socket;
    QPointer<QProcess> m_process;
    Protocol::FrameReader m_reader;
    QByteArray m_token;
    bool m_wanted = false; ///< start() called and no stop() since
    bool m_helloSeen = false;
    bool m_watchingNetwork = false; ///< connected to QNetworkInformation
    QElapsedTimer m_runClock;       ///< since the current engine said hello
    QElapsedTimer m_pongClock;      ///< since the last pong (or hello)
    QTimer m_pingTimer;
    QTimer m_helloTimer;
    QTimer m_restartTimer;
    int m_pingSeq = 0;
    int m_restarts = 0;
    quint64 m_dialSeq = 0;
    EngineStatus m_status = EngineStatus::Stopped;
    RegistrationInfo m_registration;
    QHash<QString, CallInfo> m_calls;
    QStringList m_callOrder;
    QList<AudioDeviceInfo> m_devices;
};

} // namespace Pasokh::Telephony
