// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/enginetelephony.h"

#include "telephony/peertext.h"
#include "telephony/telephonylog.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QNetworkInformation>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QUuid>

namespace Pasokh::Telephony {

namespace {

QString idOf(const QJsonObject &o)
{
    return PeerText::sanitize(o.value(QLatin1String("id")).toString(), 64);
}

} // namespace

EngineTelephony::EngineTelephony(const SipSettings &settings, QObject *parent)
    : EngineTelephony(settings, defaultOptions(), parent)
{
}

EngineTelephony::Options EngineTelephony::defaultOptions()
{
    Options o;
    o.restart = RestartPolicy::Params{};
    return o;
}

EngineTelephony::EngineTelephony(const SipSettings &settings, const Options &options, QObject *parent)
    : ITelephony(parent), m_settings(settings), m_options(options), m_policy(options.restart)
{
    qRegisterMetaType<CallInfo>();
    qRegisterMetaType<RegistrationInfo>();
    if (m_options.enginePath.isEmpty())
        m_options.enginePath = defaultEnginePath();
    m_pingTimer.setInterval(m_options.pingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        if (!m_socket || !m_helloSeen)
            return;
        if (m_pongClock.elapsed() > m_options.pingTimeoutMs) {
            qCWarning(lcTelephony) << "engine did not answer pings for" << m_pongClock.elapsed()
                                   << "ms; killing it";
            killEngine();
            return;
        }
        send(Protocol::message(Protocol::kPing, {{QStringLiteral("seq"), ++m_pingSeq}}));
    });
    m_helloTimer.setSingleShot(true);
    connect(&m_helloTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcTelephony) << "engine did not say hello within" << m_options.helloTimeoutMs
                               << "ms; killing it";
        killEngine();
    });
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, [this] {
        if (m_wanted) {
            ++m_restarts;
            launch();
        }
    });
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &EngineTelephony::onNewConnection);
}

EngineTelephony::~EngineTelephony()
{
    m_wanted = false;
    m_restartTimer.stop();
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        if (m_socket && m_helloSeen) {
            send(Protocol::message(Protocol::kShutdown));
            m_socket->flush();
        } else {
            m_process->terminate();
        }
        if (!m_process->waitForFinished(m_options.stopTimeoutMs)) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
    }
}

QString EngineTelephony::defaultEnginePath()
{
    const QString env = qEnvironmentVariable("PASOKH_PHONE_PATH");
    if (!env.isEmpty())
        return env;
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString &candidate :
         {dir + QStringLiteral("/pasokh-phone"), dir + QStringLiteral("/../telephony/engine/pasokh-phone"),
          dir + QStringLiteral("/../../telephony/engine/pasokh-phone"),
          dir + QStringLiteral("/../../../telephony/engine/pasokh-phone")}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return dir + QStringLiteral("/pasokh-phone");
}

void EngineTelephony::setSettings(const SipSettings &settings)
{
    m_settings = settings;
    if (m_socket && m_helloSeen)
        send(Protocol::message(Protocol::kConfigure, m_settings.toJson()));
}

qint64 EngineTelephony::enginePid() const
{
    return m_process && m_process->state() != QProcess::NotRunning ? m_process->processId() : 0;
}

QList<CallInfo> EngineTelephony::calls() const
{
    QList<CallInfo> out;
    for (const QString &id : m_callOrder)
        out.append(m_calls.value(id));
    return out;
}

void EngineTelephony::start()
{
    if (m_wanted)
        return;
    m_wanted = true;
    m_policy.reset();
    // Network back (cable, Wi-Fi, VPN): refresh the registration at once instead of waiting for the retry
    // timer.
    if (!m_watchingNetwork && QNetworkInformation::loadDefaultBackend() && QNetworkInformation::instance()) {
        m_watchingNetwork = true;
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    if (r == QNetworkInformation::Reachability::Online ||
                        r == QNetworkInformation::Reachability::Site) {
                        qCInfo(lcTelephony) << "network reachable again; refreshing the registration";
                        reRegister();
                    }
                });
    }
    const QStringList problems = m_settings.problems();
    if (!problems.isEmpty()) {
        qCWarning(lcTelephony) << "SIP settings are not usable:" << problems;
        setRegistration({RegistrationState::Failed, problems.join(QStringLiteral("; ")), 0});
    }
    launch();
}

void EngineTelephony::launch()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        return;
    if (!m_server->isListening()) {
        const QString name = QStringLiteral("pasokh-phone-%1-%2")
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
        if (!m_server->listen(name)) {
            qCCritical(lcTelephony) << "cannot listen on a local socket:" << m_server->errorString();
            onEngineLost(QStringLiteral("local socket: ") + m_server->errorString());
            return;
        }
    }
    m_token = QByteArray::number(QRandomGenerator::system()->generate64(), 16) +
              QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    m_helloSeen = false;
    m_reader = {};
    auto *proc = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(Protocol::kTokenEnv), QString::fromLatin1(m_token));
    proc->setProcessEnvironment(env);
    proc->setProgram(m_options.enginePath);
    proc->setArguments({QStringLiteral("--socket"), m_server->fullServerName()});
    proc->setStandardOutputFile(QProcess::nullDevice());
    proc->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(proc, &QProcess::finished, this, &EngineTelephony::onProcessFinished);
    connect(proc, &QProcess::errorOccurred, this, &EngineTelephony::onProcessError);
    m_process = proc;
    setStatus(EngineStatus::Starting, QStringLiteral("launching %1").arg(m_options.enginePath));
    proc->start();
    m_helloTimer.start(m_options.helloTimeoutMs);
}

void EngineTelephony::onNewConnection()
{
    while (QLocalSocket *s = m_server->nextPendingConnection()) {
        if (m_socket) {
            qCWarning(lcTelephony) << "refusing a second engine connection";
            s->abort();
            s->deleteLater();
            continue;
        }
        m_socket = s;
        connect(s, &QLocalSocket::readyRead, this, &EngineTelephony::onReadyRead);
        connect(s, &QLocalSocket::disconnected, this, [this, s] {
            s->deleteLater();
            if (m_socket == s) {
                m_socket = nullptr;
                // An engine without its connection is useless: make sure it goes, so the exit handler
                // restarts it.
                if (m_process && m_process->state() != QProcess::NotRunning && m_wanted)
                    m_process->kill();
            }
        });
    }
}

void EngineTelephony::onReadyRead()
{
    if (!m_socket)
        return;
    m_reader.append(m_socket->readAll());
    QString error;
    const QList<QJsonObject> msgs = m_reader.takeMessages(&error);
    for (const QJsonObject &m : msgs)
        handle(m);
    if (!error.isEmpty()) {
        qCWarning(lcTelephony) << "protocol error from engine:" << error;
        killEngine();
    }
}

void EngineTelephony::handle(const QJsonObject &msg)
{
    const QString type = Protocol::typeOf(msg);
    if (!m_helloSeen) {
        if (type != QLatin1String(Protocol::kHello) ||
            msg.value(QLatin1String("token")).toString().toLatin1() != m_token) {
            qCWarning(lcTelephony) << "engine connection without a valid hello; dropping it";
            if (m_socket)
                m_socket->abort();
            return;
        }
        const int v = msg.value(QLatin1String("v")).toInt();
        if (v != Protocol::kVersion) {
            qCCritical(lcTelephony) << "engine speaks protocol" << v << "but the console needs"
                                    << Protocol::kVersion;
            m_wanted = false; // restarting the same binary would not help
            killEngine();
            setStatus(EngineStatus::Stopped, QStringLiteral("engine protocol version mismatch"));
            return;
        }
        m_helloSeen = true;
        m_helloTimer.stop();
        m_runClock.start();
        m_pongClock.start();
        m_pingTimer.start();
        send(Protocol::message(Protocol::kConfigure, m_settings.toJson()));
        setStatus(EngineStatus::Running, QStringLiteral("engine pid %1 connected").arg(enginePid()));
        return;
    }
    if (type == QLatin1String(Protocol::kRegistration)) {
        setRegistration(RegistrationInfo::fromJson(msg));
    } else if (type == QLatin1String(Protocol::kCall)) {
        handleCall(CallInfo::fromJson(msg.value(QLatin1String("call")).toObject()));
    } else if (type == QLatin1String(Protocol::kRefused)) {
        const CallInfo c = CallInfo::fromJson(msg.value(QLatin1String("call")).toObject());
        qCInfo(lcTelephony) << "call refused while busy, from"
                            << PeerText::mask(c.ani.isEmpty() ? c.rawNumber : c.ani);
        Q_EMIT callRefused(c);
    } else if (type == QLatin1String(Protocol::kDtmf)) {
        const QString d = msg.value(QLatin1String("digit")).toString();
        if (d.size() == 1 && isValidDtmf(d.at(0)) && m_calls.contains(idOf(msg)))
            Q_EMIT dtmfReceived(idOf(msg), d.at(0).toUpper());
    } else if (type == QLatin1String(Protocol::kTransfer)) {
        Q_EMIT transferStateChanged(idOf(msg),
                                    transferStateFromCode(msg.value(QLatin1String("state")).toString()));
    } else if (type == QLatin1String(Protocol::kDevices)) {
        m_devices.clear();
        const QJsonArray arr = msg.value(QLatin1String("devices")).toArray();
        for (const QJsonValue &v : arr)
            m_devices.append(AudioDeviceInfo::fromJson(v.toObject()));
        Q_EMIT audioDevicesChanged();
    } else if (type == QLatin1String(Protocol::kProblem)) {
        const QString code = PeerText::sanitize(msg.value(QLatin1String("code")).toString(), 64);
        const QString text = PeerText::sanitize(msg.value(QLatin1String("text")).toString(), 256);
        qCInfo(lcTelephony) << "engine reports" << code << text;
        Q_EMIT problem(code, text);
    } else if (type == QLatin1String(Protocol::kPong)) {
        m_pongClock.restart();
    } else if (type == QLatin1String(Protocol::kStopped)) {
        // Clean stop acknowledged; the process exits next.
    } else {
        qCDebug(lcTelephony) << "ignoring unknown engine message" << PeerText::sanitize(type, 32);
    }
}

void EngineTelephony::handleCall(const CallInfo &call)
{
    if (call.id.isEmpty())
        return;
    const bool known = m_calls.contains(call.id);
    if (!known && call.state == CallState::Ended)
        return; // an end for a call we already closed (e.g. after a crash report)
    if (call.isActive()) {
        if (!known)
            m_callOrder.append(call.id);
        m_calls.insert(call.id, call);
    } else {
        m_calls.remove(call.id);
        m_callOrder.removeAll(call.id);
        qCInfo(lcTelephony).noquote()
            << "call" << call.id << "ended:" << toCode(call.endReason) << call.reasonText;
        if (call.endReason == EndReason::Failed && call.answeredAt.isValid()) {
            // A call lost in the middle (no RTP, transport error) usually means the network or the PBX went
            // away: refresh the registration now instead of at the next expiry, so the status bar tells the
            // operator and liblinphone's retry brings the station back as soon as the PBX answers again.
            qCWarning(lcTelephony) << "call" << call.id << "lost mid-call; refreshing the registration";
            QTimer::singleShot(0, this, [this] { reRegister(); });
        }
    }
    if (!known && call.direction == CallDirection::Incoming && call.state == CallState::Offered) {
        qCInfo(lcTelephony) << "incoming call" << call.id << "from" << PeerText::mask(call.ani)
                            << (call.withheld ? "(withheld)" : "");
        Q_EMIT incomingCall(call);
    }
    Q_EMIT callChanged(call);
}

void EngineTelephony::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    const QString why = status == QProcess::CrashExit
                            ? QStringLiteral("engine crashed (signal)")
                            : QStringLiteral("engine exited with code %1").arg(exitCode);
    if (m_process)
        m_process->deleteLater();
    m_process = nullptr;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_helloSeen = false;
    m_helloTimer.stop();
    m_pingTimer.stop();
    if (!m_wanted) {
        endAllCalls(EndReason::LocalHangUp, QStringLiteral("stopped"));
        setRegistration({RegistrationState::Cleared, {}, 0});
        setStatus(EngineStatus::Stopped, why);
        return;
    }
    onEngineLost(why);
}

void EngineTelephony::onProcessError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart) {
        const QString why =
            QStringLiteral("cannot start %1: %2").arg(m_options.enginePath, m_process->errorString());
        if (m_process)
            m_process->deleteLater();
        m_process = nullptr;
        m_helloTimer.stop();
        if (m_wanted)
            onEngineLost(why);
    }
}

void EngineTelephony::onEngineLost(const QString &why)
{
    const qint64 ran = m_runClock.isValid() ? m_runClock.elapsed() : 0;
    m_runClock.invalidate();
    endAllCalls(EndReason::EngineCrashed, why);
    setRegistration({RegistrationState::None, QStringLiteral("engine restarting"), 0});
    const int delay = m_policy.onCrash(ran);
    qCWarning(lcTelephony).noquote() << why
                                     << QStringLiteral(
                                            "after %1 ms; restart #%2 in %3 ms (crash %4 in a row)")
                                            .arg(ran)
                                            .arg(m_restarts + 1)
                                            .arg(delay)
                                            .arg(m_policy.consecutiveCrashes());
    setStatus(EngineStatus::Restarting, why);
    Q_EMIT engineCrashed(why, delay);
    m_restartTimer.start(delay);
}

void EngineTelephony::endAllCalls(EndReason reason, const QString &text)
{
    const QStringList ids = m_callOrder;
    m_callOrder.clear();
    for (const QString &id : ids) {
        CallInfo c = m_calls.take(id);
        c.state = CallState::Ended;
        c.endReason = reason;
        c.reasonText = text;
        c.endedAt = QDateTime::currentDateTimeUtc();
        Q_EMIT callChanged(c);
    }
}

void EngineTelephony::stop()
{
    m_wanted = false;
    m_restartTimer.stop();
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        if (m_status != EngineStatus::Stopped)
            setStatus(EngineStatus::Stopped, QStringLiteral("stopped"));
        return;
    }
    if (m_socket && m_helloSeen) {
        send(Protocol::message(Protocol::kShutdown));
        QPointer<QProcess> proc = m_process;
        QTimer::singleShot(m_options.stopTimeoutMs, this, [proc] {
            if (proc && proc->state() != QProcess::NotRunning)
                proc->kill();
        });
    } else {
        m_process->kill();
    }
}

void EngineTelephony::killEngine()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill(); // SIGKILL; onProcessFinished() restarts it
}

void EngineTelephony::send(const QJsonObject &msg)
{
    if (m_socket && m_socket->state() == QLocalSocket::ConnectedState)
        m_socket->write(Protocol::encode(msg));
}

bool EngineTelephony::sendForCall(const char *type, const QString &callId, QJsonObject members)
{
    if (!m_calls.contains(callId) || !m_socket || !m_helloSeen) {
        Q_EMIT problem(QStringLiteral("unknown_call"),
                       QStringLiteral("%1 for unknown or ended call %2").arg(QLatin1String(type), callId));
        return false;
    }
    members.insert(QStringLiteral("id"), callId);
    send(Protocol::message(type, members));
    return true;
}

void EngineTelephony::answer(const QString &callId)
{
    sendForCall(Protocol::kAnswer, callId);
}

void EngineTelephony::reject(const QString &callId, bool busy)
{
    sendForCall(Protocol::kReject, callId, {{QStringLiteral("busy"), busy}});
}

void EngineTelephony::hangUp(const QString &callId)
{
    sendForCall(Protocol::kHangUp, callId);
}
void EngineTelephony::hold(const QString &callId)
{
    sendForCall(Protocol::kHold, callId);
}
void EngineTelephony::resume(const QString &callId)
{
    sendForCall(Protocol::kResume, callId);
}

void EngineTelephony::setMuted(const QString &callId, bool muted)
{
    sendForCall(Protocol::kMute, callId, {{QStringLiteral("on"), muted}});
}

bool EngineTelephony::sendDtmf(const QString &callId, const QString &digits)
{
    if (digits.isEmpty() || digits.size() > 32)
        return false;
    for (const QChar c : digits) {
        if (!isValidDtmf(c))
            return false;
    }
    return sendForCall(Protocol::kSendDtmf, callId, {{QStringLiteral("digits"), digits.toUpper()}});
}

void EngineTelephony::blindTransfer(const QString &callId, const QString &target)
{
    if (target.trimmed().isEmpty()) {
        Q_EMIT problem(QStringLiteral("bad_target"), QStringLiteral("empty transfer target"));
        return;
    }
    sendForCall(Protocol::kBlindTransfer, callId, {{QStringLiteral("target"), target.trimmed()}});
}

void EngineTelephony::attendedTransfer(const QString &callId, const QString &consultCallId)
{
    if (!m_calls.contains(consultCallId)) {
        Q_EMIT problem(QStringLiteral("unknown_call"), QStringLiteral("attended transfer to unknown call"));
        return;
    }
    sendForCall(Protocol::kAttendedTransfer, callId, {{QStringLiteral("consult_id"), consultCallId}});
}

QString EngineTelephony::dial(const QString &target)
{
    const QString t = target.trimmed();
    if (t.isEmpty() || t.size() > PeerText::kUriMaxChars || !m_socket || !m_helloSeen)
        return {};
    const QString id =
        QStringLiteral("o%1-%2").arg(++m_dialSeq).arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    CallInfo c;
    c.id = id;
    c.direction = CallDirection::Outgoing;
    c.state = CallState::Dialling;
    c.remoteUri = PeerText::sanitize(t, PeerText::kUriMaxChars);
    c.offeredAt = QDateTime::currentDateTimeUtc();
    m_calls.insert(id, c);
    m_callOrder.append(id);
    send(Protocol::message(Protocol::kDial, {{QStringLiteral("id"), id}, {QStringLiteral("target"), t}}));
    Q_EMIT callChanged(c);
    return id;
}

void EngineTelephony::setAudioDevices(const QString &inputId, const QString &outputId)
{
    m_settings.inputDevice = inputId;
    m_settings.outputDevice = outputId;
    send(Protocol::message(Protocol::kSetDevices,
                           {{QStringLiteral("input"), inputId}, {QStringLiteral("output"), outputId}}));
}

void EngineTelephony::reRegister()
{
    send(Protocol::message(Protocol::kReRegister));
}

void EngineTelephony::setStatus(EngineStatus status, const QString &message)
{
    if (m_status == status && status != EngineStatus::Restarting)
        return;
    m_status = status;
    qCInfo(lcTelephony).noquote() << "engine" << toCode(status) << "-" << message;
    Q_EMIT engineStatusChanged(status, message);
}

void EngineTelephony::setRegistration(const RegistrationInfo &info)
{
    if (info == m_registration)
        return;
    m_registration = info;
    qCInfo(lcTelephony).noquote() << "registration" << toCode(info.state) << info.reason;
    Q_EMIT registrationChanged(info);
}

} // namespace Pasokh::Telephony
