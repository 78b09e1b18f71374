// SPDX-License-Identifier: GPL-3.0-or-later
#include "sipharness.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUdpSocket>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace Pasokh::TestSupport {

int freePort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QUdpSocket udp;
        if (!udp.bind(QHostAddress::LocalHost, 0, QUdpSocket::DontShareAddress))
            continue;
        const quint16 port = udp.localPort();
        QTcpServer tcp;
        if (port > 1024 && port < 65000 && tcp.listen(QHostAddress::LocalHost, port))
            return port;
    }
    return 0;
}

void waitEvents(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

QString sipFixturesDir()
{
    return qEnvironmentVariable("PASOKH_SOURCE_DIR") + QStringLiteral("/tests/integration/telephony");
}

QString enginePath()
{
    if (qEnvironmentVariableIsSet("PASOKH_PHONE_PATH"))
        return qEnvironmentVariable("PASOKH_PHONE_PATH"); // e.g. a gdb wrapper when debugging
    return qEnvironmentVariable("PASOKH_BINARY_DIR") + QStringLiteral("/telephony/engine/pasokh-phone");
}

namespace {

bool run(const QString &program, const QStringList &args, const QString &dir, QString *error,
         int timeoutMs = 20000)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 %2 failed: %3")
                         .arg(program, args.join(QLatin1Char(' ')),
                              QString::fromLocal8Bit(p.readAllStandardError()));
        return false;
    }
    return true;
}

} // namespace

bool makeMedia(const QString &dir, QString *error)
{
    return run(QStringLiteral("sox"),
               {QStringLiteral("-n"), QStringLiteral("-r"), QStringLiteral("8000"), QStringLiteral("-c"),
                QStringLiteral("1"), QStringLiteral("-e"), QStringLiteral("a-law"), QStringLiteral("-t"),
                QStringLiteral("al"), QStringLiteral("tone440.alaw"), QStringLiteral("synth"),
                QStringLiteral("6"), QStringLiteral("sine"), QStringLiteral("440")},
               dir, error) &&
           run(QStringLiteral("sox"),
               {QStringLiteral("-n"), QStringLiteral("-r"), QStringLiteral("8000"), QStringLiteral("-c"),
                QStringLiteral("1"), QStringLiteral("-b"), QStringLiteral("16"),
                QStringLiteral("agent1k.wav"), QStringLiteral("synth"), QStringLiteral("5"),
                QStringLiteral("sine"), QStringLiteral("1000"), QStringLiteral("vol"), QStringLiteral("0.5")},
               dir, error);
}

bool prepareWorkDir(QTemporaryDir &dir, QString *error)
{
    if (!dir.isValid()) {
        *error = QStringLiteral("no temporary directory: ") + dir.errorString();
        return false;
    }
    dir.setAutoRemove(!qEnvironmentVariableIsSet("PASOKH_KEEP_TEST_DIR"));
    return makeMedia(dir.path(), error);
}

bool makeTestCa(const QString &dir, QString *error)
{
    const QString o = QStringLiteral("openssl");
    QFile ext(dir + QStringLiteral("/san.ext"));
    if (!ext.open(QIODevice::WriteOnly) || ext.write("subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\n") < 0)
        return false;
    ext.close();
    return run(o,
               {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.pem"),
                QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                QStringLiteral("/CN=Pasokh Test CA")},
               dir, error) &&
           run(o,
               {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server.key"),
                QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"),
                QStringLiteral("/CN=127.0.0.1")},
               dir, error) &&
           run(o,
               {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                QStringLiteral("server.csr"), QStringLiteral("-CA"), QStringLiteral("ca.pem"),
                QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                QStringLiteral("-out"), QStringLiteral("server.pem"), QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("san.ext")},
               dir, error);
}

KamailioServer::~KamailioServer()
{
    stop();
}

bool KamailioServer::start(const QString &workDir, const QStringList &defines, QString *error, int port)
{
    m_port = port > 0 ? port : freePort();
    m_tlsPort = defines.contains(QStringLiteral("WITH_TLS")) ? freePort() : 0;
    QFile tmpl(sipFixturesDir() + QStringLiteral("/kamailio.cfg"));
    if (!tmpl.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read kamailio.cfg");
        return false;
    }
    QByteArray cfg = tmpl.readAll();
    cfg.replace("@SIP_PORT@", QByteArray::number(m_port));
    cfg.replace("@TLS_PORT@", QByteArray::number(m_tlsPort));
    cfg.replace("@WORK_DIR@", QDir(workDir).absolutePath().toUtf8());
    const QString cfgPath = QDir(workDir).absoluteFilePath(QStringLiteral("kamailio-%1.cfg").arg(m_port));
    QFile out(cfgPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(cfg) != cfg.size()) {
        *error = QStringLiteral("cannot write %1").arg(cfgPath);
        return false;
    }
    out.close();
    QStringList args{
        QStringLiteral("-f"),  cfgPath,
        QStringLiteral("-DD"), QStringLiteral("-E"),
        QStringLiteral("-m"),  QStringLiteral("32"),
        QStringLiteral("-M"),  QStringLiteral("8"),
        QStringLiteral("-P"),  QDir(workDir).absoluteFilePath(QStringLiteral("kamailio-%1.pid").arg(m_port)),
        QStringLiteral("-w"),  QDir(workDir).absolutePath()};
    for (const QString &d : defines)
        args << QStringLiteral("-A") << d;
    if (qEnvironmentVariableIsSet("PASOKH_KAMAILIO_TRACE"))
        args << QStringLiteral("-A") << QStringLiteral("WITH_TRACE");
    m_proc = std::make_unique<QProcess>();
    m_proc->setProcessChannelMode(QProcess::MergedChannels);
    m_proc->setStandardOutputFile(
        QDir(workDir).absoluteFilePath(QStringLiteral("kamailio-%1.log").arg(m_port)));
    m_proc->start(QStringLiteral("kamailio"), args);
    if (!m_proc->waitForStarted(3000)) {
        *error = QStringLiteral("kamailio did not start: ") + m_proc->errorString();
        return false;
    }
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (m_proc->state() != QProcess::Running) {
            *error = QStringLiteral("kamailio exited; see kamailio-%1.log").arg(m_port);
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        if (probe.waitForConnected(200)) {
            probe.abort();
            if (m_tlsPort) {
                QTcpSocket tls;
                tls.connectToHost(QHostAddress::LocalHost, quint16(m_tlsPort));
                if (!tls.waitForConnected(200))
                    continue;
            }
            return true;
        }
        QThread::msleep(50);
    }
    *error = QStringLiteral("kamailio did not listen within 5 s");
    return false;
}

void KamailioServer::stop()
{
    if (!m_proc || m_proc->state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_proc->processId()), SIGTERM);
    if (!m_proc->waitForFinished(2000)) {
        ::kill(pid_t(m_proc->processId()), SIGKILL);
        m_proc->waitForFinished(2000);
    }
}

bool KamailioServer::isRunning() const
{
    return m_proc && m_proc->state() == QProcess::Running;
}

SippRun::~SippRun()
{
    if (m_proc && m_proc->state() != QProcess::NotRunning) {
        m_proc->kill();
        m_proc->waitForFinished(2000);
    }
}

bool SippRun::start(const QString &workDir, const QString &scenario, int proxyPort,
                    QHash<QString, QString> keys, const QHash<QByteArray, QByteArray> &raw,
                    const QStringList &extra, QString *error, int localPort)
{
    m_dir = workDir;
    m_localPort = localPort > 0 ? localPort : freePort();
    m_mediaPort = freePort();
    m_tag = QStringLiteral("%1-%2").arg(QFileInfo(scenario).baseName()).arg(m_localPort);
    QFile in(sipFixturesDir() + QStringLiteral("/sipp/") + scenario);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no scenario ") + scenario;
        return false;
    }
    QByteArray text = in.readAll();
    QHash<QByteArray, QByteArray> subst = raw;
    if (!subst.contains("@DISPLAY@"))
        subst.insert("@DISPLAY@", "caller");
    if (!subst.contains("@REFER_EXPECT@"))
        subst.insert("@REFER_EXPECT@", "Refer-To:");
    if (!subst.contains("@SIGNAL@"))
        subst.insert("@SIGNAL@", "5");
    for (auto it = subst.cbegin(); it != subst.cend(); ++it)
        text.replace(it.key(), it.value());
    const QString scenarioPath = QDir(workDir).absoluteFilePath(m_tag + QStringLiteral(".xml"));
    QFile out(scenarioPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size()) {
        *error = QStringLiteral("cannot write ") + scenarioPath;
        return false;
    }
    out.close();
    auto dflt = [&keys](const QString &k, const QString &v) {
        if (!keys.contains(k))
            keys.insert(k, v);
    };
    dflt(QStringLiteral("callee"), QStringLiteral("1001"));
    dflt(QStringLiteral("caller"), QStringLiteral("09151234567"));
    dflt(QStringLiteral("from_uri"),
         QStringLiteral("sip:%1@127.0.0.1").arg(keys.value(QStringLiteral("caller"))));
    dflt(QStringLiteral("hdr1"), QStringLiteral("X-Pasokh-Test: 1"));
    dflt(QStringLiteral("hdr2"), QStringLiteral("X-Pasokh-Test: 2"));
    dflt(QStringLiteral("sdp_port"), QString::number(m_mediaPort));
    dflt(QStringLiteral("user"), QStringLiteral("2001"));
    dflt(QStringLiteral("contact_port"), QString::number(m_localPort));
    QStringList args;
    if (proxyPort > 0)
        args << QStringLiteral("127.0.0.1:%1").arg(proxyPort);
    args << QStringLiteral("-sf") << scenarioPath << QStringLiteral("-i") << QStringLiteral("127.0.0.1")
         << QStringLiteral("-p") << QString::number(m_localPort) << QStringLiteral("-mi")
         << QStringLiteral("127.0.0.1") << QStringLiteral("-mp") << QString::number(m_mediaPort)
         << QStringLiteral("-m") << QStringLiteral("1") << QStringLiteral("-nostdin")
         << QStringLiteral("-timeout") << QStringLiteral("40s") << QStringLiteral("-timeout_error")
         << QStringLiteral("-trace_err") << QStringLiteral("-error_file")
         << QDir(workDir).absoluteFilePath(m_tag + QStringLiteral(".err")) << QStringLiteral("-trace_msg")
         << QStringLiteral("-message_file") << QDir(workDir).absoluteFilePath(m_tag + QStringLiteral(".msg"));
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        args << QStringLiteral("-key") << it.key() << it.value();
    args << extra;
    m_proc = std::make_unique<QProcess>();
    m_proc->setWorkingDirectory(workDir);
    m_proc->setStandardOutputFile(QProcess::nullDevice());
    m_proc->setStandardErrorFile(QDir(workDir).absoluteFilePath(m_tag + QStringLiteral(".stderr")));
    m_proc->start(QStringLiteral("sipp"), args);
    if (!m_proc->waitForStarted(3000)) {
        *error = QStringLiteral("sipp did not start: ") + m_proc->errorString();
        return false;
    }
    return true;
}

QString SippRun::messageFile() const
{
    return QDir(m_dir).absoluteFilePath(m_tag + QStringLiteral(".msg"));
}

bool SippRun::waitFinished(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_proc && m_proc->state() != QProcess::NotRunning && !deadline.hasExpired())
        waitEvents(10);
    if (m_proc && m_proc->state() != QProcess::NotRunning) {
        m_proc->kill();
        m_proc->waitForFinished(2000);
        return false;
    }
    return true;
}

int SippRun::exitCode() const
{
    if (!m_proc || m_proc->state() != QProcess::NotRunning || m_proc->exitStatus() != QProcess::NormalExit)
        return -1;
    return m_proc->exitCode();
}

QString SippRun::diagnostics() const
{
    auto tail = [this](const QString &suffix, int max) {
        QFile f(QDir(m_dir).absoluteFilePath(m_tag + suffix));
        if (!f.open(QIODevice::ReadOnly))
            return QString();
        const QByteArray all = f.readAll();
        return QString::fromUtf8(all.right(max));
    };
    return QStringLiteral("sipp %1 exit %2\n--- errors:\n%3\n--- stderr:\n%4\n--- messages (tail):\n%5")
        .arg(m_tag)
        .arg(exitCode())
        .arg(tail(QStringLiteral(".err"), 3000), tail(QStringLiteral(".stderr"), 2000),
             tail(QStringLiteral(".msg"), 4000));
}

std::unique_ptr<SippRun> startSipp(const QString &workDir, const QString &scenario, int proxyPort,
                                   const QHash<QString, QString> &keys,
                                   const QHash<QByteArray, QByteArray> &raw, const QStringList &extra)
{
    auto run = std::make_unique<SippRun>();
    QString error;
    if (!run->start(workDir, scenario, proxyPort, keys, raw, extra, &error))
        qWarning("%s", qPrintable(error));
    return run;
}

Telephony::SipSettings engineSettings(const QString &user, const QString &password, const QString &domain,
                                      const QString &mediaDir, const QString &transport)
{
    Telephony::SipSettings s;
    s.user = user;
    s.password = password;
    s.domain = domain;
    s.transport = transport;
    s.bindAddress = QStringLiteral("127.0.0.1");
    s.instanceId = QStringLiteral("6f1c2a5e-0000-4000-8000-%1").arg(user.toInt(), 12, 10, QLatin1Char('0'));
    s.headlessAudio = true;
    s.playFile = QDir(mediaDir).absoluteFilePath(QStringLiteral("agent1k.wav"));
    s.recordFile = QDir(mediaDir).absoluteFilePath(QStringLiteral("rec-%1.wav"));
    s.dataDir = QDir(mediaDir).absoluteFilePath(QStringLiteral("engine-") + user);
    s.expiresS = 300;
    return s;
}

qint64 rssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

qint64 cpuMs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray all = f.readAll();
    const qsizetype close = all.lastIndexOf(')');
    const QList<QByteArray> fields = all.mid(close + 2).split(' ');
    // after "pid (comm) ": state is field 3 -> index 0; utime = field 14 -> index 11; stime -> index 12
    if (fields.size() < 13)
        return -1;
    const long ticks = ::sysconf(_SC_CLK_TCK);
    return (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1000 / (ticks > 0 ? ticks : 100);
}

WavStats analyseWav(const QString &path)
{
    WavStats st;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return st;
    const QByteArray all = f.readAll();
    // Find the "data" chunk (RIFF/WAVE, PCM 16-bit assumed; the engine writes 8 kHz or 16 kHz mono).
    const qsizetype fmt = all.indexOf("fmt ");
    const qsizetype data = all.indexOf("data");
    if (fmt < 0 || data < 0 || all.size() < data + 8)
        return st;
    const quint32 rate = qFromLittleEndian<quint32>(all.constData() + fmt + 12);
    const quint16 channels = qFromLittleEndian<quint16>(all.constData() + fmt + 10);
    const qsizetype start = data + 8;
    const qsizetype n = (all.size() - start) / 2;
    if (n <= 0 || rate == 0)
        return st;
    double sum = 0;
    qint64 crossings = 0;
    qint64 loud = 0;
    qint16 prev = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const qint16 v = qFromLittleEndian<qint16>(all.constData() + start + 2 * i);
        sum += std::abs(double(v)) / 32768.0;
        const bool isLoud = std::abs(int(v)) > 300 || std::abs(int(prev)) > 300;
        if (isLoud) {
            ++loud; // frequency only over the audible part (the file starts with silence before RTP arrives)
            if ((prev < 0 && v >= 0) || (prev >= 0 && v < 0))
                ++crossings;
        }
        prev = v;
    }
    const double perChannelRate = double(rate) * double(channels ? channels : 1);
    st.ok = true;
    st.seconds = double(n) / perChannelRate;
    st.meanAbs = sum / double(n);
    st.frequencyHz = loud > 0 ? double(crossings) / 2.0 / (double(loud) / perChannelRate) : 0;
    return st;
}

QString soxStat(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("sox"), {path, QStringLiteral("-n"), QStringLiteral("stat")});
    p.waitForFinished(10000);
    return QString::fromLocal8Bit(p.readAllStandardError());
}

QHash<QString, qint64> inviteSendTimes(const QString &msgFile)
{
    QHash<QString, qint64> out;
    QFile f(msgFile);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QString all = QString::fromUtf8(f.readAll());
    static const QRegularExpression block(
        QStringLiteral("-{10,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+)\\s*\\n\\S+ message "
                       "sent[^\\n]*\\n\\s*\\nINVITE [^\\n]*\\n(?:[^\\n]*\\n)*?Call-ID: ([^\\r\\n]+)"));
    auto it = block.globalMatch(all);
    while (it.hasNext()) {
        const auto m = it.next();
        const QDateTime t =
            QDateTime::fromString(m.captured(1).left(23), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        if (!out.contains(m.captured(2).trimmed()))
            out.insert(m.captured(2).trimmed(), t.toMSecsSinceEpoch());
    }
    return out;
}

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, qsizetype(p / 100.0 * double(v.size() - 1) + 0.5));
    return v.at(i);
}

} // namespace Pasokh::TestSupport
