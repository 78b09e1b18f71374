// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/sipsettings.h"
#include "telephony/telephonytypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace linphone {
class Call;
class Core;
class CoreListener;
class LoggingService;
class LoggingServiceListener;
} // namespace linphone

namespace Pasokh::Telephony {

/// The liblinphone adapter inside the engine process pasokh-phone. Owns one linphone::Core on the thread that
/// created it, ticks iterate() every 10 ms, converts every SDK event at once into our value types and hands
/// them out as protocol messages (protocol.h) through outgoing(). Commands arrive as protocol messages
/// through handle(). Policies applied here (notes/telephony.md): settings applied after start(); stable
/// +sip.instance; a second incoming call while one is active is declined 486 and reported as `refused`; DTMF
/// outside 0-9*#A-D is dropped and reported; peer strings are sanitised; registration failures are retried
/// with backoff (2 s .. 30 s).
class LinphoneEngine : public QObject
{
    Q_OBJECT
public:
    explicit LinphoneEngine(QObject *parent = nullptr);
    ~LinphoneEngine() override;

    /// Executes one console command (configure, answer, hang-up...). Unknown commands are reported as
    /// `problem`.
    void handle(const QJsonObject &msg);
    /// Starts a clean stop: unregister, stopAsync(), keep iterating until GlobalState::Off, then emit
    /// stopped(). Gives up after 2 s and emits stopped() anyway.
    void shutdown();

    // Called by the core listener (on this thread, from iterate()).
    void onRegistration(int state, const std::string &message, int sipCode, const std::string &phrase);
    void onCallState(const std::shared_ptr<linphone::Call> &call, int state, const std::string &message);
    void onDtmf(const std::shared_ptr<linphone::Call> &call, int dtmf);
    void onTransferState(const std::shared_ptr<linphone::Call> &call, int state);
    void onGlobalState(int state);

Q_SIGNALS:
    /// A protocol message for the console.
    void outgoing(const QJsonObject &msg);
    /// The core reached Off after shutdown() (or the stop timed out).
    void stopped();

private:
    struct Entry
    {
        std::shared_ptr<linphone::Call> call;
        CallInfo info;
        bool locallyEnded = false; ///< we hung up / rejected
        bool rejected = false;     ///< we refused the offer
        bool refusedBusy = false;  ///< refused by the busy policy, never offered to the console
        bool transferred = false;  ///< a transfer we started succeeded
    };

    void configure(const SipSettings &s);
    bool createCore(const SipSettings &s);
    void applyAccount(const SipSettings &s);
    void reportDevices();
    void problem(const QString &code, const QString &text);
    void sendCall(const Entry &e, const char *type = nullptr);
    Entry *find(const QJsonObject &msg);
    Entry *entryFor(const std::shared_ptr<linphone::Call> &call);
    QString newId();
    CallInfo describeIncoming(const std::shared_ptr<linphone::Call> &call);
    bool hasOtherActiveCall(const void *except) const;
    QString recordPathFor(const QString &id) const;
    void prepareRecordFile();
    /// One iterate() and the tick rate that follows it: 10 ms while a call exists or SIP traffic arrived in
    /// the last second, kIdleTickMs when idle (issue 3: idle CPU).
    void tick();
    /// Watches the SIP sockets (our SIP port, and TCP/TLS connections to the registrar) with QSocketNotifier
    /// so an incoming request wakes the core at once even between slow idle ticks.
    void watchSipSockets();

    std::shared_ptr<linphone::Core> m_core;
    std::shared_ptr<linphone::CoreListener> m_listener;
    std::shared_ptr<linphone::LoggingService> m_logging; ///< kept alive for the process (notes: gotcha 1)
    std::shared_ptr<linphone::LoggingServiceListener> m_logListener;
    SipSettings m_settings;
    QTimer m_tick;
    QTimer m_rescan;                           ///< re-finds the SIP sockets (TCP connections come and go)
    QHash<int, QSocketNotifier *> m_notifiers; ///< by fd
    QElapsedTimer m_lastActivity;              ///< since SIP traffic last woke us
    int m_registrarPort = 5060;
    QTimer m_retry;
    QTimer m_stopGuard;
    int m_retryDelayMs = 2000;
    bool m_stopping = false;
    quint64 m_seq = 0;
    QString m_nextId; ///< id reserved for the next incoming call (its record file is already set)
    QHash<const void *, Entry> m_calls; ///< keyed by the C call pointer, stable for the call's life
};

} // namespace Pasokh::Telephony
