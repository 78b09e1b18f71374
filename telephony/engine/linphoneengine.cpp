// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/engine/linphoneengine.h"

#include "telephony/callerid.h"
#include "telephony/peertext.h"
#include "telephony/protocol.h"
#include "telephony/telephonylog.h"

#include <linphone++/linphone.hh>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QSocketNotifier>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

namespace Pasokh::Telephony {

namespace {

using linphone::Call;

/// Core listener: forwards the few callbacks we use to the engine. Runs on the iterating thread.
class CoreEvents : public linphone::CoreListener
{
public:
    explicit CoreEvents(LinphoneEngine *engine) : m_engine(engine) {}
    void detach() { m_engine = nullptr; }

    void onAccountRegistrationStateChanged(const std::shared_ptr<linphone::Core> &,
                                           const std::shared_ptr<linphone::Account> &account,
                                           linphone::RegistrationState state,
                                           const std::string &message) override
    {
        if (!m_engine)
            return;
        int code = 0;
        std::string phrase;
        if (account) {
            if (auto ei = account->getErrorInfo()) {
                code = ei->getProtocolCode();
                phrase = ei->getPhrase();
            }
        }
        m_engine->onRegistration(int(state), message, code, phrase);
    }
    void onCallStateChanged(const std::shared_ptr<linphone::Core> &, const std::shared_ptr<Call> &call,
                            Call::State state, const std::string &message) override
    {
        if (m_engine)
            m_engine->onCallState(call, int(state), message);
    }
    void onDtmfReceived(const std::shared_ptr<linphone::Core> &, const std::shared_ptr<Call> &call,
                        int dtmf) override
    {
        if (m_engine)
            m_engine->onDtmf(call, dtmf);
    }
    void onTransferStateChanged(const std::shared_ptr<linphone::Core> &, const std::shared_ptr<Call> &call,
                                Call::State state) override
    {
        if (m_engine)
            m_engine->onTransferState(call, int(state));
    }
    void onGlobalStateChanged(const std::shared_ptr<linphone::Core> &, linphone::GlobalState state,
                              const std::string &) override
    {
        if (m_engine)
            m_engine->onGlobalState(int(state));
    }

private:
    LinphoneEngine *m_engine;
};

/// Routes liblinphone's log lines to our category. Called from media and ticker threads too; qCWarning is
/// thread-safe and the listener holds no state.
class LogRouter : public linphone::LoggingServiceListener
{
public:
    void onLogMessageWritten(const std::shared_ptr<linphone::LoggingService> &, const std::string &domain,
                             linphone::LogLevel level, const std::string &message) override
    {
        const QString text = PeerText::sanitizeUtf8(message, 400); // log lines can carry peer text
        switch (level) {
        case linphone::LogLevel::Fatal:
        case linphone::LogLevel::Error:
            qCWarning(lcEngine).noquote() << "liblinphone error:" << QString::fromStdString(domain) << text;
            break;
        case linphone::LogLevel::Warning:
            qCInfo(lcEngine).noquote() << "liblinphone:" << text;
            break;
        default:
            qCDebug(lcEngine).noquote() << "liblinphone:" << text;
            break;
        }
    }
};

std::string utf8(const QString &s)
{
    return s.toStdString();
}

linphone::LogLevel logLevelFrom(const QString &s)
{
    if (s == QLatin1String("debug"))
        return linphone::LogLevel::Debug;
    if (s == QLatin1String("message"))
        return linphone::LogLevel::Message;
    if (s == QLatin1String("error"))
        return linphone::LogLevel::Error;
    return linphone::LogLevel::Warning;
}

/// Read-only defaults handed to liblinphone as its factory rc (notes/telephony.md, "Core setup" and gotchas
/// 2, 7).
QByteArray factoryRc(const SipSettings &s)
{
    QByteArray rc = "[sip]\nuse_ipv6=0\nuse_rfc2833=1\nuse_info=0\nreject_duplicated_calls=0\n"
                    "sip_port=-1\nsip_tcp_port=0\nsip_tls_port=0\nping_with_options=0\n"
                    "[video]\ncapture=0\ndisplay=0\nautomatically_initiate=0\nautomatically_accept=0\n"
                    "[sound]\nechocancellation=0\n"
                    "[misc]\nauto_iterate=0\nconference_server_enabled=0\nmax_calls=3\n";
    if (!s.bindAddress.isEmpty()) {
        rc += "[sip]\nbind_address=" + s.bindAddress.toUtf8() + "\n";
        rc += "[rtp]\nbind_address=" + s.bindAddress.toUtf8() + "\n";
    }
    return rc;
}

CallState stateFor(Call::State st, CallState previous)
{
    switch (st) {
    case Call::State::IncomingReceived:
    case Call::State::PushIncomingReceived:
    case Call::State::IncomingEarlyMedia:
        return CallState::Offered;
    case Call::State::OutgoingInit:
    case Call::State::OutgoingProgress:
    case Call::State::OutgoingRinging:
    case Call::State::OutgoingEarlyMedia:
        return CallState::Dialling;
    case Call::State::Connected:
    case Call::State::StreamsRunning:
        return CallState::Connected;
    case Call::State::Paused:
        return CallState::Held; // only once the peer accepted the hold (Pausing keeps the previous state)
    case Call::State::PausedByRemote:
        return CallState::HeldByPeer;
    case Call::State::End:
    case Call::State::Error:
    case Call::State::Released:
        return CallState::Ended;
    default:
        return previous; // Resuming, Updating, UpdatedByRemote, Referred, Idle: keep what we showed
    }
}

/// iterate() period while a call exists or SIP traffic is in flight (notes/telephony.md: latency is
/// tick-bound), and while idle: incoming requests wake the core through the socket notifiers, so the idle
/// tick only drives timers (retransmissions, REGISTER refresh).
constexpr int kBusyTickMs = 10;
constexpr int kIdleTickMs = 50;

} // namespace

LinphoneEngine::LinphoneEngine(QObject *parent) : QObject(parent)
{
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(kBusyTickMs);
    connect(&m_tick, &QTimer::timeout, this, &LinphoneEngine::tick);
    m_rescan.setInterval(1000);
    connect(&m_rescan, &QTimer::timeout, this, &LinphoneEngine::watchSipSockets);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_core && !m_stopping) {
            qCInfo(lcEngine) << "retrying REGISTER";
            m_core->refreshRegisters();
        }
    });
    m_stopGuard.setSingleShot(true);
    connect(&m_stopGuard, &QTimer::timeout, this, [this] {
        qCWarning(lcEngine) << "core did not reach Off within 2 s; exiting anyway";
        Q_EMIT stopped();
    });
}

void LinphoneEngine::tick()
{
    if (!m_core)
        return;
    m_core->iterate();
    for (QSocketNotifier *n : std::as_const(m_notifiers))
        n->setEnabled(true); // re-armed once per tick: a socket the core leaves unread cannot spin us
    const bool busy =
        !m_calls.isEmpty() || m_stopping || m_lastActivity.elapsed() < 1000 || m_core->getCallsNb() > 0;
    const int want = busy ? kBusyTickMs : kIdleTickMs;
    if (m_tick.interval() != want)
        m_tick.setInterval(want);
}

void LinphoneEngine::watchSipSockets()
{
    if (!m_core)
        return;
    const auto used = m_core->getTransportsUsed();
    QSet<int> ports;
    for (int p : {used->getUdpPort(), used->getTcpPort(), used->getTlsPort()})
        if (p > 0)
            ports.insert(p);
    QSet<int> want;
    const QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : fds) {
        bool ok = false;
        const int fd = name.toInt(&ok);
        struct stat st
        {
        };
        if (!ok || fd <= 2 || ::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
            continue;
        sockaddr_storage local{}, peer{};
        socklen_t ll = sizeof local, pl = sizeof peer;
        if (::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &ll) != 0 || local.ss_family != AF_INET)
            continue;
        const int localPort = ntohs(reinterpret_cast<sockaddr_in *>(&local)->sin_port);
        int peerPort = 0;
        if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &pl) == 0 && peer.ss_family == AF_INET)
            peerPort = ntohs(reinterpret_cast<sockaddr_in *>(&peer)->sin_port);
        if (ports.contains(localPort) || (peerPort != 0 && peerPort == m_registrarPort))
            want.insert(fd);
    }
    for (auto it = m_notifiers.begin(); it != m_notifiers.end();) {
        if (!want.contains(it.key())) {
            delete it.value();
            it = m_notifiers.erase(it);
        } else {
            ++it;
        }
    }
    for (int fd : std::as_const(want)) {
        if (m_notifiers.contains(fd))
            continue;
        auto *n = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        connect(n, &QSocketNotifier::activated, this, [this, n] {
            n->setEnabled(false);
            m_lastActivity.start();
            if (m_tick.interval() != kBusyTickMs)
                m_tick.setInterval(kBusyTickMs);
            tick();
        });
        m_notifiers.insert(fd, n);
    }
}

LinphoneEngine::~LinphoneEngine()
{
    m_tick.stop();
    m_rescan.stop();
    qDeleteAll(m_notifiers);
    m_notifiers.clear();
    if (auto *ev = dynamic_cast<CoreEvents *>(m_listener.get()))
        ev->detach();
    if (m_core && m_listener)
        m_core->removeListener(m_listener);
    m_calls.clear();
    m_core.reset();
    if (m_logging && m_logListener)
        m_logging->removeListener(m_logListener);
}

QString LinphoneEngine::newId()
{
    return QStringLiteral("c%1-%2").arg(++m_seq).arg(QRandomGenerator::global()->generate(), 8, 16,
                                                     QLatin1Char('0'));
}

void LinphoneEngine::problem(const QString &code, const QString &text)
{
    qCInfo(lcEngine).noquote() << "problem" << code << text;
    Q_EMIT outgoing(Protocol::message(Protocol::kProblem,
                                      {{QStringLiteral("code"), code}, {QStringLiteral("text"), text}}));
}

void LinphoneEngine::sendCall(const Entry &e, const char *type)
{
    Q_EMIT outgoing(
        Protocol::message(type ? type : Protocol::kCall, {{QStringLiteral("call"), e.info.toJson()}}));
}

LinphoneEngine::Entry *LinphoneEngine::find(const QJsonObject &msg)
{
    const QString id = msg.value(QLatin1String("id")).toString();
    for (auto it = m_calls.begin(); it != m_calls.end(); ++it) {
        if (it->info.id == id && !it->refusedBusy && it->info.isActive())
            return &it.value();
    }
    problem(QStringLiteral("unknown_call"),
            QStringLiteral("%1 for unknown call %2").arg(Protocol::typeOf(msg), PeerText::sanitize(id, 64)));
    return nullptr;
}

LinphoneEngine::Entry *LinphoneEngine::entryFor(const std::shared_ptr<Call> &call)
{
    auto it = m_calls.find(call ? static_cast<const void *>(call->cPtr()) : nullptr);
    return it == m_calls.end() ? nullptr : &it.value();
}

bool LinphoneEngine::hasOtherActiveCall(const void *except) const
{
    for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it) {
        if (it.key() != except && !it->refusedBusy && it->info.isActive())
            return true;
    }
    return false;
}

QString LinphoneEngine::recordPathFor(const QString &id) const
{
    if (m_settings.recordFile.isEmpty())
        return {};
    return m_settings.recordFile.contains(QLatin1String("%1")) ? m_settings.recordFile.arg(id)
                                                               : m_settings.recordFile;
}

void LinphoneEngine::handle(const QJsonObject &msg)
{
    const QString t = Protocol::typeOf(msg);
    if (t == QLatin1String(Protocol::kPing)) {
        Q_EMIT outgoing(
            Protocol::message(Protocol::kPong, {{QStringLiteral("seq"), msg.value(QLatin1String("seq"))}}));
        return;
    }
    // Any command (answer, dial, reregister...) starts SIP work: tick fast until it settles.
    m_lastActivity.start();
    if (m_tick.isActive() && m_tick.interval() != kBusyTickMs)
        m_tick.setInterval(kBusyTickMs);
    if (t == QLatin1String(Protocol::kConfigure)) {
        configure(SipSettings::fromJson(msg));
        return;
    }
    if (t == QLatin1String(Protocol::kShutdown)) {
        shutdown();
        return;
    }
    if (!m_core || m_stopping) {
        problem(QStringLiteral("not_ready"), QStringLiteral("%1 before configure").arg(t));
        return;
    }
    if (t == QLatin1String(Protocol::kReRegister)) {
        m_core->refreshRegisters();
    } else if (t == QLatin1String(Protocol::kDial)) {
        const QString id = PeerText::sanitize(msg.value(QLatin1String("id")).toString(), 64);
        const QString target = msg.value(QLatin1String("target")).toString().trimmed();
        Entry e;
        e.info.id = id;
        e.info.direction = CallDirection::Outgoing;
        e.info.state = CallState::Dialling;
        e.info.remoteUri = PeerText::sanitize(target, PeerText::kUriMaxChars);
        e.info.offeredAt = QDateTime::currentDateTimeUtc();
        std::shared_ptr<Call> call;
        auto addr = m_core->interpretUrl(utf8(target));
        if (addr) {
            auto params = m_core->createCallParams(nullptr);
            call = m_core->inviteAddressWithParams(addr, params);
        }
        if (!call) {
            e.info.state = CallState::Ended;
            e.info.endReason = EndReason::Failed;
            e.info.reasonText = QStringLiteral("cannot call this target");
            e.info.endedAt = e.info.offeredAt;
            sendCall(e);
            return;
        }
        e.call = call;
        e.info.remoteUri = PeerText::sanitizeUtf8(addr->asStringUriOnly(), PeerText::kUriMaxChars);
        e.info.sipCallId = PeerText::sanitizeUtf8(call->getCallLog()->getCallId());
        m_calls.insert(call->cPtr(), e);
        sendCall(e);
    } else if (t == QLatin1String(Protocol::kAnswer)) {
        if (Entry *e = find(msg)) {
            if (e->info.state != CallState::Offered) {
                problem(QStringLiteral("bad_state"), QStringLiteral("answer on a call that is not ringing"));
                return;
            }
            auto params = m_core->createCallParams(e->call);
            // Answer without privacy, so our Contact keeps its user part and the proxy can route ACK/BYE even
            // when the caller asked for Privacy: id (notes/telephony.md, hostile input 4).
            params->setPrivacy(unsigned(linphone::Privacy::None));
            if (e->call->acceptWithParams(params) != 0)
                problem(QStringLiteral("answer_failed"),
                        QStringLiteral("liblinphone refused to accept the call"));
        }
    } else if (t == QLatin1String(Protocol::kReject)) {
        if (Entry *e = find(msg)) {
            e->locallyEnded = true;
            e->rejected = true;
            const bool busy = msg.value(QLatin1String("busy")).toBool();
            e->info.endReason = busy ? EndReason::Busy : EndReason::Rejected;
            e->call->decline(busy ? linphone::Reason::Busy : linphone::Reason::Declined);
        }
    } else if (t == QLatin1String(Protocol::kHangUp)) {
        if (Entry *e = find(msg)) {
            e->locallyEnded = true;
            e->call->terminate();
        }
    } else if (t == QLatin1String(Protocol::kHold)) {
        if (Entry *e = find(msg)) {
            if (e->call->pause() != 0)
                problem(QStringLiteral("hold_failed"), QStringLiteral("cannot hold in this state"));
        }
    } else if (t == QLatin1String(Protocol::kResume)) {
        if (Entry *e = find(msg)) {
            if (e->call->resume() != 0)
                problem(QStringLiteral("resume_failed"), QStringLiteral("cannot resume in this state"));
        }
    } else if (t == QLatin1String(Protocol::kMute)) {
        if (Entry *e = find(msg)) {
            e->info.muted = msg.value(QLatin1String("on")).toBool();
            e->call->setMicrophoneMuted(e->info.muted);
            sendCall(*e);
        }
    } else if (t == QLatin1String(Protocol::kSendDtmf)) {
        if (Entry *e = find(msg)) {
            const QString digits = msg.value(QLatin1String("digits")).toString();
            bool ok = !digits.isEmpty() && digits.size() <= 32;
            for (const QChar c : digits)
                ok = ok && isValidDtmf(c);
            if (!ok) {
                problem(QStringLiteral("bad_dtmf"), QStringLiteral("refused to send DTMF outside 0-9*#A-D"));
                return;
            }
            e->call->sendDtmfs(utf8(digits.toUpper()));
        }
    } else if (t == QLatin1String(Protocol::kBlindTransfer)) {
        if (Entry *e = find(msg)) {
            auto addr = m_core->interpretUrl(utf8(msg.value(QLatin1String("target")).toString().trimmed()));
            if (!addr || e->call->transferTo(addr) != 0)
                problem(QStringLiteral("transfer_failed"), QStringLiteral("cannot transfer to this target"));
        }
    } else if (t == QLatin1String(Protocol::kAttendedTransfer)) {
        Entry *e = find(msg);
        if (!e)
            return;
        const QString consultId = msg.value(QLatin1String("consult_id")).toString();
        Entry *consult = nullptr;
        for (auto it = m_calls.begin(); it != m_calls.end(); ++it) {
            if (it->info.id == consultId && it->info.isActive())
                consult = &it.value();
        }
        if (!consult || consult == e || e->call->transferToAnother(consult->call) != 0)
            problem(QStringLiteral("transfer_failed"), QStringLiteral("attended transfer not possible"));
    } else if (t == QLatin1String(Protocol::kSetDevices)) {
        const std::string in = utf8(msg.value(QLatin1String("input")).toString());
        const std::string out = utf8(msg.value(QLatin1String("output")).toString());
        for (const auto &d : m_core->getAudioDevices()) {
            if (!in.empty() && d->getId() == in)
                m_core->setInputAudioDevice(d);
            if (!out.empty() && d->getId() == out)
                m_core->setOutputAudioDevice(d);
        }
    } else {
        problem(QStringLiteral("unknown_command"),
                QStringLiteral("unknown command %1").arg(PeerText::sanitize(t, 32)));
    }
}

void LinphoneEngine::prepareRecordFile()
{
    // liblinphone applies setRecordFile() to the current call's stream at once and crashes when that call has
    // no stream yet (ringing), so the file for the next call is chosen while no call exists, named after the
    // id the next incoming call will get.
    if (!m_core || !m_settings.headlessAudio || m_settings.recordFile.isEmpty() || !m_calls.isEmpty())
        return;
    if (m_nextId.isEmpty())
        m_nextId = newId();
    m_core->setRecordFile(utf8(recordPathFor(m_nextId)));
}

void LinphoneEngine::configure(const SipSettings &s)
{
    const bool first = !m_core;
    m_settings = s;
    if (first && !createCore(s))
        return;
    applyAccount(s);
    if (first)
        reportDevices();
}

bool LinphoneEngine::createCore(const SipSettings &s)
{
    auto factory = linphone::Factory::get();
    QString dataDir = s.dataDir;
    if (dataDir.isEmpty())
        dataDir = QDir::tempPath() + QStringLiteral("/pasokh-phone-") +
                  QString::number(QCoreApplication::applicationPid());
    QDir().mkpath(dataDir);
    QDir().mkpath(dataDir + QStringLiteral("/no-plugins"));
    const std::string dir = utf8(QDir(dataDir).absolutePath() + QLatin1Char('/')); // trailing '/' (gotcha 3)
    factory->setConfigDir(dir);
    factory->setDataDir(dir);
    // Only video plugins live in the plugin dir on Debian; skipping them saves ~20 ms at start-up.
    factory->setMspluginsDir(dir + "no-plugins/");
    factory->setSoundResourcesDir("/usr/share/sounds/linphone"); // Debian paths (gotcha 8)
    factory->setRingResourcesDir("/usr/share/sounds/linphone/rings");

    m_logging = linphone::LoggingService::get(); // keep alive for the process (gotcha 1)
    m_logging->setLogLevel(logLevelFrom(s.logLevel));
    m_logListener = std::make_shared<LogRouter>();
    m_logging->addListener(m_logListener);

    const QString rcPath = QDir(dataDir).filePath(QStringLiteral("factory.rc"));
    QFile rc(rcPath);
    if (!rc.open(QIODevice::WriteOnly | QIODevice::Truncate) || rc.write(factoryRc(s)) < 0) {
        problem(QStringLiteral("config"), QStringLiteral("cannot write %1").arg(rcPath));
        return false;
    }
    rc.close();
    auto cfg = factory->createConfigWithFactory("", utf8(rcPath)); // in-memory user rc (gotcha 4)
    cfg->setString("misc", "uuid", utf8(s.instanceId));            // stable +sip.instance (gotcha 6)
    m_core = factory->createCoreWithConfig(cfg, nullptr);
    if (!m_core) {
        problem(QStringLiteral("core"), QStringLiteral("liblinphone could not create a core"));
        return false;
    }
    m_listener = std::make_shared<CoreEvents>(this);
    m_core->addListener(m_listener);

    auto tr = factory->createTransports();
    const int port = s.localPort;
    tr->setUdpPort(s.transport == QLatin1String("udp") ? port : 0);
    tr->setTcpPort(s.transport == QLatin1String("tcp") ? port : 0);
    tr->setTlsPort(s.transport == QLatin1String("tls") ? port : 0);
    tr->setDtlsPort(0);
    m_core->setTransports(tr);
    m_core->enableIpv6(false);
    if (s.rtpPortMin > 0)
        m_core->setAudioPortRange(s.rtpPortMin, s.rtpPortMax);
    else
        m_core->setAudioPort(-1);
    m_core->enableVideoCapture(false);
    m_core->enableVideoDisplay(false);
    m_core->enableLimeX3Dh(false);
    m_core->enableFriendListSubscription(false);
    m_core->setUserAgent("Pasokh", PASOKH_VERSION);
    // No GRUU (RFC 5627): with it, liblinphone answers a caller who sent "Privacy: id" with a Contact that
    // has no user part ("sip:host;gr=..."), which a proxy cannot look up, so ACK and BYE never reach us
    // (notes/telephony.md, hostile input 4 and gotcha 5). Without it the Contact is our own host:port,
    // routable.
    m_core->removeSupportedTag("gruu");
    if (s.srtp == QLatin1String("off")) {
        m_core->setMediaEncryption(linphone::MediaEncryption::None);
    } else {
        m_core->setMediaEncryption(linphone::MediaEncryption::SRTP);
        m_core->setMediaEncryptionMandatory(s.srtp == QLatin1String("mandatory"));
    }
    if (!s.caFile.isEmpty())
        m_core->setRootCa(utf8(s.caFile));
    m_core->verifyServerCertificates(s.verifyServer);
    m_core->verifyServerCn(s.verifyServer);
    m_core->setRing(""); // the console plays ringtones through Qt Multimedia
    m_core->setRingback("");
    if (s.headlessAudio) {
        m_core->setUseFiles(true); // no sound card: file player as microphone, file recorder as speaker
        if (!s.playFile.isEmpty())
            m_core->setPlayFile(utf8(s.playFile));
    }

    if (m_core->start() != 0) {
        problem(QStringLiteral("core"), QStringLiteral("liblinphone core did not start"));
        return false;
    }
    // Config-backed setters only stick once the core is On (gotcha 2).
    m_core->setUseInfoForDtmf(false);
    m_core->setUseRfc2833ForDtmf(true);
    m_core->setIncTimeout(s.ringTimeoutS);
    m_core->setNortpTimeout(s.noRtpTimeoutS);
    m_core->setMaxCalls(3);
    m_core->enableIpv6(false);
    if (!s.caFile.isEmpty())
        m_core->setRootCa(utf8(s.caFile)); // config-backed: set again now that the core is On
    m_core->verifyServerCertificates(s.verifyServer);
    m_core->verifyServerCn(s.verifyServer);
    if (s.headlessAudio)
        m_core->setUseFiles(true);
    {
        const int colon = s.domain.lastIndexOf(QLatin1Char(':'));
        const int port = colon > 0 ? s.domain.mid(colon + 1).toInt() : 0;
        m_registrarPort = port > 0 ? port : (s.transport == QLatin1String("tls") ? 5061 : 5060);
    }
    m_lastActivity.start(); // busy ticking while the first REGISTER goes out
    m_tick.setInterval(kBusyTickMs);
    m_tick.start();
    m_rescan.start();
    QTimer::singleShot(0, this, &LinphoneEngine::watchSipSockets);
    prepareRecordFile();
    qCInfo(lcEngine) << "core started; transport" << s.transport;
    return true;
}

void LinphoneEngine::applyAccount(const SipSettings &s)
{
    auto factory = linphone::Factory::get();
    for (const auto &acc : m_core->getAccountList())
        m_core->removeAccount(acc);
    m_core->clearAllAuthInfo();
    if (!s.problems().isEmpty()) {
        onRegistration(int(linphone::RegistrationState::Failed), "invalid settings", 0,
                       utf8(s.problems().join(QStringLiteral("; "))));
        return;
    }
    auto p = m_core->createAccountParams();
    auto identity = factory->createAddress(utf8(s.identityUri()));
    auto server = factory->createAddress(utf8(s.serverUri()));
    if (!identity || !server) {
        onRegistration(int(linphone::RegistrationState::Failed), "invalid address", 0,
                       "invalid user or domain");
        return;
    }
    if (!s.displayName.isEmpty())
        identity->setDisplayName(utf8(s.displayName));
    p->setIdentityAddress(identity);
    p->setServerAddress(server);
    if (!s.proxy.isEmpty())
        p->setRoutesAddresses({server});
    p->enableRegister(true);
    p->setExpires(s.expiresS);
    auto acc = m_core->createAccount(p);
    m_core->addAccount(acc);
    m_core->setDefaultAccount(acc);
    const QString authUser = s.authUser.isEmpty() ? s.user : s.authUser;
    m_core->addAuthInfo(factory->createAuthInfo(utf8(authUser), "", utf8(s.password), "", "", ""));
    m_retryDelayMs = 2000;
}

void LinphoneEngine::reportDevices()
{
    QJsonArray arr;
    for (const auto &d : m_core->getAudioDevices()) {
        AudioDeviceInfo info;
        info.id = PeerText::sanitizeUtf8(d->getId(), PeerText::kUriMaxChars);
        info.name = PeerText::sanitizeUtf8(d->getDeviceName());
        info.canCapture = d->hasCapability(linphone::AudioDevice::Capabilities::CapabilityRecord);
        info.canPlay = d->hasCapability(linphone::AudioDevice::Capabilities::CapabilityPlay);
        arr.append(info.toJson());
    }
    Q_EMIT outgoing(Protocol::message(Protocol::kDevices, {{QStringLiteral("devices"), arr}}));
}

void LinphoneEngine::onRegistration(int state, const std::string &message, int sipCode,
                                    const std::string &phrase)
{
    RegistrationInfo info;
    switch (linphone::RegistrationState(state)) {
    case linphone::RegistrationState::Progress:
        info.state = RegistrationState::Progress;
        break;
    case linphone::RegistrationState::Ok:
        info.state = RegistrationState::Ok;
        m_retryDelayMs = 2000;
        m_retry.stop();
        break;
    case linphone::RegistrationState::Cleared:
        info.state = RegistrationState::Cleared;
        break;
    case linphone::RegistrationState::Failed:
        info.state = RegistrationState::Failed;
        info.sipStatus = sipCode;
        info.reason = PeerText::sanitizeUtf8(phrase.empty() ? message : phrase);
        // Retry with backoff when the PBX may come back; an authentication or account error needs new
        // settings.
        if (!m_stopping && sipCode != 401 && sipCode != 403 && sipCode != 404) {
            m_retry.start(m_retryDelayMs);
            m_retryDelayMs = std::min(m_retryDelayMs * 2, 30000);
        }
        break;
    default:
        info.state = RegistrationState::None;
        break;
    }
    Q_EMIT outgoing(Protocol::message(Protocol::kRegistration, info.toJson()));
}

CallInfo LinphoneEngine::describeIncoming(const std::shared_ptr<Call> &call)
{
    CallInfo c;
    c.id = m_nextId.isEmpty() ? newId() : m_nextId; // the id the record file was named after
    m_nextId.clear();
    c.direction = CallDirection::Incoming;
    c.state = CallState::Offered;
    c.offeredAt = QDateTime::currentDateTimeUtc();
    std::string displayName;
    QString fromUri;
    if (auto remote = call->getRemoteAddress()) {
        displayName = remote->getDisplayName();
        fromUri = QString::fromUtf8(remote->asStringUriOnly().c_str());
    }
    QString pai;
    QString privacy;
    if (auto rp = call->getRemoteParams()) {
        pai = PeerText::sanitizeUtf8(rp->getCustomHeader("P-Asserted-Identity"), 1024);
        privacy = PeerText::sanitizeUtf8(rp->getCustomHeader("Privacy"), 64);
    }
    const CallerId id = CallerId::fromHeaders(displayName, fromUri, pai, privacy);
    c.displayName = id.displayName;
    c.rawNumber = id.rawNumber;
    c.ani = id.ani;
    c.withheld = id.withheld;
    c.numberSource = id.source;
    c.remoteUri = id.withheld ? QString() : PeerText::sanitize(fromUri, PeerText::kUriMaxChars);
    if (auto to = call->getToAddress())
        c.dnis = PeerText::sanitizeUtf8(to->getUsername(), PeerText::kNumberMaxChars);
    if (auto log = call->getCallLog())
        c.sipCallId = PeerText::sanitizeUtf8(log->getCallId());
    return c;
}

void LinphoneEngine::onCallState(const std::shared_ptr<Call> &call, int stateInt, const std::string &message)
{
    if (!call)
        return;
    const auto st = Call::State(stateInt);
    const void *key = call->cPtr();
    Entry *e = entryFor(call);
    if (!e) {
        if (st != Call::State::IncomingReceived && st != Call::State::OutgoingInit)
            return; // Released of a call we never tracked, or a transfer's internal call
        Entry ne;
        ne.call = call;
        if (st == Call::State::IncomingReceived) {
            ne.info = describeIncoming(call);
        } else {
            // An outgoing call we did not dial (e.g. one liblinphone made after a REFER): track it.
            ne.info.id = newId();
            ne.info.direction = CallDirection::Outgoing;
            ne.info.state = CallState::Dialling;
            ne.info.offeredAt = QDateTime::currentDateTimeUtc();
            if (auto ra = call->getRemoteAddress())
                ne.info.remoteUri = PeerText::sanitizeUtf8(ra->asStringUriOnly(), PeerText::kUriMaxChars);
        }
        if (st == Call::State::IncomingReceived && hasOtherActiveCall(key)) {
            // One call at a time: 486 Busy Here, the active call is left alone (hostile input 5).
            ne.refusedBusy = true;
            ne.locallyEnded = true;
            ne.info.state = CallState::Ended;
            ne.info.endReason = EndReason::Busy;
            ne.info.endedAt = ne.info.offeredAt;
            m_calls.insert(key, ne);
            qCInfo(lcEngine) << "refusing a second call with 486 from" << PeerText::mask(ne.info.ani);
            sendCall(ne, Protocol::kRefused);
            call->decline(linphone::Reason::Busy);
            return;
        }
        e = &m_calls.insert(key, ne).value();
        if (st == Call::State::IncomingReceived) {
            qCInfo(lcEngine) << "incoming call" << e->info.id << "from" << PeerText::mask(e->info.ani)
                             << "name" << PeerText::mask(e->info.displayName);
            sendCall(*e);
            return;
        }
    }
    if (e->refusedBusy) {
        if (st == Call::State::Released)
            m_calls.remove(key);
        return;
    }
    const CallState before = e->info.state;
    if (st == Call::State::Released) {
        if (before != CallState::Ended) {
            e->info.state = CallState::Ended;
            e->info.endedAt = QDateTime::currentDateTimeUtc();
            if (e->info.endReason == EndReason::None)
                e->info.endReason = EndReason::Failed;
            sendCall(*e);
        }
        m_calls.remove(key);
        prepareRecordFile();
        return;
    }
    if (before == CallState::Ended)
        return;
    CallState now = stateFor(st, before);
    if ((st == Call::State::Connected || st == Call::State::StreamsRunning) && !e->info.answeredAt.isValid())
        e->info.answeredAt = QDateTime::currentDateTimeUtc();
    if (now == CallState::Ended) {
        e->info.endedAt = QDateTime::currentDateTimeUtc();
        const bool answered = e->info.answeredAt.isValid();
        if (e->transferred) {
            e->info.endReason = EndReason::Transferred;
        } else if (e->rejected) {
            // endReason already set to Busy or Rejected
        } else if (st == Call::State::Error) {
            e->info.endReason = answered || e->info.direction == CallDirection::Outgoing ? EndReason::Failed
                                                                                         : EndReason::Missed;
            std::string phrase = message;
            if (auto ei = call->getErrorInfo(); ei && !ei->getPhrase().empty())
                phrase = ei->getPhrase();
            e->info.reasonText = PeerText::sanitizeUtf8(phrase);
        } else if (e->locallyEnded) {
            e->info.endReason = EndReason::LocalHangUp;
        } else if (!answered) {
            e->info.endReason =
                e->info.direction == CallDirection::Incoming ? EndReason::Missed : EndReason::Failed;
            if (e->info.direction == CallDirection::Outgoing)
                e->info.reasonText = PeerText::sanitizeUtf8(message);
        } else {
            // An answered call we did not end: the peer's BYE, or liblinphone ending it itself because the
            // media stopped (no RTP for no_rtp_timeout: a network drop). The latter carries an error.
            const auto ei = call->getErrorInfo();
            const auto reason = ei ? ei->getReason() : linphone::Reason::None;
            const int code = ei ? ei->getProtocolCode() : 0;
            qCInfo(lcEngine) << "answered call ended by the network side: reason" << int(reason) << "code"
                             << code << "phrase"
                             << QString::fromStdString(ei ? ei->getPhrase() : std::string()) << "message"
                             << QString::fromStdString(message);
            if (reason != linphone::Reason::None || code >= 400) {
                e->info.endReason = EndReason::Failed;
                const std::string phrase = ei && !ei->getPhrase().empty() ? ei->getPhrase() : message;
                e->info.reasonText =
                    PeerText::sanitizeUtf8(phrase.empty() ? std::string("media lost") : phrase);
            } else {
                e->info.endReason = EndReason::RemoteHangUp;
            }
        }
    }
    e->info.state = now;
    if (now != before || now == CallState::Ended || st == Call::State::StreamsRunning)
        sendCall(*e);
}

void LinphoneEngine::onDtmf(const std::shared_ptr<Call> &call, int dtmf)
{
    Entry *e = entryFor(call);
    if (!e || e->refusedBusy)
        return;
    const QChar c = (dtmf > 0 && dtmf < 128) ? QChar(char16_t(dtmf)) : QChar();
    if (c.isNull() || !isValidDtmf(c)) {
        problem(QStringLiteral("bad_dtmf"), QStringLiteral("dropped DTMF value %1 (not 0-9*#A-D)").arg(dtmf));
        return;
    }
    Q_EMIT outgoing(Protocol::message(Protocol::kDtmf, {{QStringLiteral("id"), e->info.id},
                                                        {QStringLiteral("digit"), QString(c.toUpper())}}));
}

void LinphoneEngine::onTransferState(const std::shared_ptr<Call> &call, int stateInt)
{
    Entry *e = entryFor(call);
    if (!e)
        return;
    TransferState ts;
    switch (Call::State(stateInt)) {
    case Call::State::OutgoingInit:
    case Call::State::OutgoingProgress:
    case Call::State::OutgoingRinging:
        ts = TransferState::Trying;
        break;
    case Call::State::Connected:
    case Call::State::StreamsRunning:
        ts = TransferState::Succeeded;
        e->transferred = true;
        break;
    case Call::State::Error:
        ts = TransferState::Failed;
        break;
    default:
        return;
    }
    Q_EMIT outgoing(Protocol::message(
        Protocol::kTransfer, {{QStringLiteral("id"), e->info.id}, {QStringLiteral("state"), toCode(ts)}}));
}

void LinphoneEngine::onGlobalState(int state)
{
    if (linphone::GlobalState(state) == linphone::GlobalState::Off && m_stopping) {
        m_stopGuard.stop();
        m_tick.stop();
        m_rescan.stop();
        qDeleteAll(m_notifiers);
        m_notifiers.clear();
        Q_EMIT outgoing(Protocol::message(Protocol::kStopped));
        Q_EMIT stopped();
    }
}

void LinphoneEngine::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_retry.stop();
    if (!m_core) {
        Q_EMIT stopped();
        return;
    }
    m_core->terminateAllCalls();
    m_core->stopAsync(); // unregisters; we keep iterating until Off (gotcha: stop() blocks ~250 ms)
    m_stopGuard.start(2000);
}

} // namespace Pasokh::Telephony
