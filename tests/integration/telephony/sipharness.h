// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "telephony/sipsettings.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

/// Real SIP peers for the telephony integration tests: Kamailio (registrar + proxy) and SIPp, on 127.0.0.1
/// with free ports, each stopped by its PID. Nothing here talks to a non-loopback address.
namespace Pasokh::TestSupport {

/// A port that is free for both UDP and TCP on 127.0.0.1 right now (bind port 0, read it back, check the
/// other protocol). Never a fixed port: other test suites run at the same time.
int freePort();

/// Runs the event loop for up to `ms` without busy-waiting (the CPU stays free for the engine and SIPp).
void waitEvents(int ms);

/// Directory of the SIPp scenarios and the Kamailio config (source tree).
QString sipFixturesDir();
/// The pasokh-phone executable in the build tree.
QString enginePath();

/// Makes the test media in `dir` with sox: tone440.alaw (6 s raw A-law, SIPp's RTP stream) and agent1k.wav
/// (8 kHz 16-bit mono 1 kHz tone, the engine's "microphone"). Returns false with `error` when sox fails.
bool makeMedia(const QString &dir, QString *error);

/// Prepares a test's work directory: checks it, keeps it after the run when PASOKH_KEEP_TEST_DIR is set, and
/// makes the media (makeMedia()). False with `error` on failure.
bool prepareWorkDir(QTemporaryDir &dir, QString *error);

/// Makes a test CA and a server certificate for 127.0.0.1 (signed by the CA) in `dir`: ca.pem, server.pem,
/// server.key. Uses the openssl command line tool.
bool makeTestCa(const QString &dir, QString *error);

/// One Kamailio instance started from tests/integration/telephony/kamailio.cfg.
class KamailioServer
{
public:
    ~KamailioServer();
    /// Starts Kamailio in `workDir` with the given defines ("WITH_GUARD", "WITH_TLS"). `port` 0 = pick a free
    /// one. Waits until it accepts TCP connections (at most 5 s).
    bool start(const QString &workDir, const QStringList &defines, QString *error, int port = 0);
    /// SIGTERM, then SIGKILL after 2 s; waits for the process.
    void stop();
    bool isRunning() const;
    int port() const { return m_port; }
    int tlsPort() const { return m_tlsPort; }
    /// "127.0.0.1:<port>"
    QString domain() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    std::unique_ptr<QProcess> m_proc;
    int m_port = 0;
    int m_tlsPort = 0;
};

/// One SIPp run of a scenario from the fixtures directory, as a UAC or UAS.
class SippRun
{
public:
    ~SippRun();
    /// Starts SIPp with `scenario` (file name in sipFixturesDir()) against 127.0.0.1:`proxyPort`. `keys`
    /// become
    /// `-key k v` (defaults are filled in for callee, caller, from_uri, hdr1, hdr2, sdp_port, user,
    /// contact_port); `raw` replaces tokens such as "@DISPLAY@" in the scenario text with raw bytes (invalid
    /// UTF-8 allowed); `extra` is appended to the command line (e.g. {"-d", "1500"}). Work files go to
    /// `workDir`, which must hold the media from makeMedia(). `localPort` 0 = pick a free one.
    bool start(const QString &workDir, const QString &scenario, int proxyPort, QHash<QString, QString> keys,
               const QHash<QByteArray, QByteArray> &raw, const QStringList &extra, QString *error,
               int localPort = 0);
    /// Waits for SIPp to exit (spinning the event loop). False on timeout (SIPp is then killed).
    bool waitFinished(int timeoutMs);
    /// SIPp's exit code (0 = all calls succeeded), or -1 when it did not exit normally.
    int exitCode() const;
    /// Error log and message trace, for failure messages.
    QString diagnostics() const;
    int localPort() const { return m_localPort; }
    /// SIPp's `-trace_msg` file of this run (`<workDir>/<scenario>-<localPort>.msg`), for inviteSendTimes().
    QString messageFile() const;
    int mediaPort() const { return m_mediaPort; }
    qint64 pid() const { return m_proc ? m_proc->processId() : 0; }

private:
    std::unique_ptr<QProcess> m_proc;
    QString m_dir;
    QString m_tag;
    int m_localPort = 0;
    int m_mediaPort = 0;
};

/// Starts a SIPp run (see SippRun::start()); a start failure is logged and leaves a run whose exitCode() is
/// -1.
std::unique_ptr<SippRun> startSipp(const QString &workDir, const QString &scenario, int proxyPort,
                                   const QHash<QString, QString> &keys = {},
                                   const QHash<QByteArray, QByteArray> &raw = {},
                                   const QStringList &extra = {});

/// Engine settings for account `user` on `domain` with headless audio from `mediaDir` and recordings to
/// `<mediaDir>/rec-<call id>.wav`, bound to 127.0.0.1, stable instance id, private data dir under `mediaDir`.
Telephony::SipSettings engineSettings(const QString &user, const QString &password, const QString &domain,
                                      const QString &mediaDir,
                                      const QString &transport = QStringLiteral("udp"));

/// Resident set size of a process in KiB from /proc/<pid>/status, or -1.
qint64 rssKb(qint64 pid);
/// User+system CPU time of a process in ms from /proc/<pid>/stat, or -1.
qint64 cpuMs(qint64 pid);

/// Mean absolute amplitude (0..1) and dominant frequency (Hz, by zero crossings) of a 16-bit PCM WAV file.
struct WavStats
{
    bool ok = false;
    double seconds = 0;
    double meanAbs = 0;
    double frequencyHz = 0;
};
WavStats analyseWav(const QString &path);

/// Wall-clock ms (since the epoch) at which SIPp sent each INVITE, by Call-ID, read from the `-trace_msg`
/// file of a run (`<workDir>/<scenario>-<localPort>.msg`). Retransmissions keep the first time.
QHash<QString, qint64> inviteSendTimes(const QString &msgFile);

/// The `p`-th percentile (0..100, nearest rank) of `values`; -1 when empty.
double percentile(QList<double> values, double p);

/// `sox <path> -n stat` output (stderr), to cross-check analyseWav() in failure messages.
QString soxStat(const QString &path);

} // namespace Pasokh::TestSupport
