// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

class QSettings;

namespace Pasokh::Telephony {

/// The SIP account and media settings the engine needs, read from the `[sip]` group of the console's INI file
/// (keys documented in docs/telephony.md) and sent to the engine in the `configure` message.
struct SipSettings
{
    QString user;     ///< SIP user / extension, e.g. "1001"
    QString authUser; ///< digest user name when it differs from `user`
    QString password; ///< digest password (sent to the engine over the local socket only)
    QString domain;   ///< SIP domain (registrar), e.g. "pbx.137.local" or "127.0.0.1:25060"
    QString proxy;    ///< outbound proxy URI; empty = send to the domain
    QString transport = QStringLiteral("udp"); ///< udp, tcp or tls
    QString srtp = QStringLiteral("off");      ///< off, optional or mandatory (SDES SRTP, RFC 4568)
    QString displayName;                       ///< our display name in outgoing calls
    int expiresS = 300;                        ///< REGISTER expiry, seconds
    bool autoAnswer = false;                   ///< answer offered calls by itself when the agent is ready
    int autoAnswerDelayMs = 800;               ///< delay before an auto-answer, ms (the beep plays meanwhile)
    int localPort = -1;                        ///< our SIP port; -1 = random free port
    QString bindAddress;                       ///< local address to bind SIP and RTP to; empty = all
    int rtpPortMin = -1;                       ///< RTP port range start; -1 = random
    int rtpPortMax = -1;                       ///< RTP port range end
    QString caFile;           ///< PEM file with the CA(s) trusted for TLS; empty = system store
    bool verifyServer = true; ///< verify the TLS server certificate and name
    QString instanceId; ///< stable +sip.instance UUID for this station (RFC 5626); generated once and stored
    int noRtpTimeoutS = 30; ///< end a call when no RTP arrives for this long (network drop), seconds
    int ringTimeoutS = 60;  ///< give up ringing an offered call after this long, seconds
    bool headlessAudio =
        false;        ///< no sound card: play `playFile` as microphone, write received audio to `recordFile`
    QString playFile; ///< 16-bit mono WAV (headless audio and hold music)
    QString recordFile;   ///< WAV path for received audio in headless mode; "%1" is replaced by the call id
    QString inputDevice;  ///< liblinphone audio device id for the microphone; empty = default
    QString outputDevice; ///< liblinphone audio device id for the speaker; empty = default
    QString dataDir;      ///< engine's private data directory (liblinphone databases)
    QString logLevel = QStringLiteral("warning"); ///< engine log level: debug, message, warning, error

    /// Reads the `[sip]` group. When `instance_id` is missing, a new UUID is generated and written back, so
    /// the station keeps one +sip.instance for life (notes/telephony.md, gotcha 6).
    static SipSettings load(QSettings &settings);
    /// Writes every key to the `[sip]` group (used by tests and the settings dialog).
    void save(QSettings &settings) const;
    /// Problems that make registration impossible (empty = usable), in English, for the log and tr()
    /// wrappers.
    QStringList problems() const;
    /// The registrar URI derived from domain/transport, e.g. "sip:127.0.0.1:25060;transport=tcp".
    QString serverUri() const;
    /// Our address-of-record, e.g. "sip:1001@127.0.0.1".
    QString identityUri() const;

    QJsonObject toJson() const;
    static SipSettings fromJson(const QJsonObject &o);
    bool operator==(const SipSettings &) const = default;
};

} // namespace Pasokh::Telephony
