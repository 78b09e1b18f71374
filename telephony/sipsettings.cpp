// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/sipsettings.h"

#include <QSettings>
#include <QUuid>

namespace Pasokh::Telephony {

namespace {

QString hostOnly(const QString &domain)
{
    // "host:port" -> "host"; IPv6 "[::1]:5060" -> "[::1]"
    if (domain.startsWith(QLatin1Char('['))) {
        const qsizetype end = domain.indexOf(QLatin1Char(']'));
        return end > 0 ? domain.left(end + 1) : domain;
    }
    const qsizetype colon = domain.indexOf(QLatin1Char(':'));
    return colon > 0 ? domain.left(colon) : domain;
}

} // namespace

SipSettings SipSettings::load(QSettings &s)
{
    SipSettings c;
    s.beginGroup(QStringLiteral("sip"));
    c.user = s.value(QStringLiteral("user")).toString().trimmed();
    c.authUser = s.value(QStringLiteral("auth_user")).toString().trimmed();
    c.password = s.value(QStringLiteral("password")).toString();
    c.domain = s.value(QStringLiteral("domain")).toString().trimmed();
    c.proxy = s.value(QStringLiteral("proxy")).toString().trimmed();
    c.transport = s.value(QStringLiteral("transport"), c.transport).toString().trimmed().toLower();
    c.srtp = s.value(QStringLiteral("srtp"), c.srtp).toString().trimmed().toLower();
    c.displayName = s.value(QStringLiteral("display_name")).toString();
    c.expiresS = s.value(QStringLiteral("expires"), c.expiresS).toInt();
    c.autoAnswer = s.value(QStringLiteral("auto_answer"), c.autoAnswer).toBool();
    c.autoAnswerDelayMs = s.value(QStringLiteral("auto_answer_delay_ms"), c.autoAnswerDelayMs).toInt();
    c.localPort = s.value(QStringLiteral("local_port"), c.localPort).toInt();
    c.bindAddress = s.value(QStringLiteral("bind_address")).toString().trimmed();
    c.rtpPortMin = s.value(QStringLiteral("rtp_port_min"), c.rtpPortMin).toInt();
    c.rtpPortMax = s.value(QStringLiteral("rtp_port_max"), c.rtpPortMax).toInt();
    c.caFile = s.value(QStringLiteral("ca_file")).toString();
    c.verifyServer = s.value(QStringLiteral("verify_server"), c.verifyServer).toBool();
    c.instanceId = s.value(QStringLiteral("instance_id")).toString();
    c.noRtpTimeoutS = s.value(QStringLiteral("no_rtp_timeout"), c.noRtpTimeoutS).toInt();
    c.ringTimeoutS = s.value(QStringLiteral("ring_timeout"), c.ringTimeoutS).toInt();
    c.headlessAudio = s.value(QStringLiteral("headless_audio"), c.headlessAudio).toBool();
    c.playFile = s.value(QStringLiteral("play_file")).toString();
    c.recordFile = s.value(QStringLiteral("record_file")).toString();
    c.inputDevice = s.value(QStringLiteral("input_device")).toString();
    c.outputDevice = s.value(QStringLiteral("output_device")).toString();
    c.dataDir = s.value(QStringLiteral("data_dir")).toString();
    c.logLevel = s.value(QStringLiteral("log_level"), c.logLevel).toString();
    if (QUuid(c.instanceId).isNull()) {
        c.instanceId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        s.setValue(QStringLiteral("instance_id"), c.instanceId);
    }
    s.endGroup();
    return c;
}

void SipSettings::save(QSettings &s) const
{
    s.beginGroup(QStringLiteral("sip"));
    const QJsonObject o = toJson();
    for (auto it = o.begin(); it != o.end(); ++it)
        s.setValue(it.key(), it.value().toVariant());
    s.endGroup();
}

QStringList SipSettings::problems() const
{
    QStringList p;
    if (user.isEmpty())
        p << QStringLiteral("sip/user is empty");
    if (domain.isEmpty())
        p << QStringLiteral("sip/domain is empty");
    if (transport != QLatin1String("udp") && transport != QLatin1String("tcp") &&
        transport != QLatin1String("tls"))
        p << QStringLiteral("sip/transport must be udp, tcp or tls, not \"%1\"").arg(transport);
    if (srtp != QLatin1String("off") && srtp != QLatin1String("optional") &&
        srtp != QLatin1String("mandatory"))
        p << QStringLiteral("sip/srtp must be off, optional or mandatory, not \"%1\"").arg(srtp);
    if (expiresS < 30 || expiresS > 86400)
        p << QStringLiteral("sip/expires must be between 30 and 86400 seconds");
    if (localPort < -1 || localPort > 65535)
        p << QStringLiteral("sip/local_port must be -1 (random) or a port number");
    if ((rtpPortMin == -1) != (rtpPortMax == -1) || rtpPortMin > rtpPortMax)
        p << QStringLiteral("sip/rtp_port_min and rtp_port_max must both be -1 or form a range");
    if (autoAnswerDelayMs < 0 || autoAnswerDelayMs > 10000)
        p << QStringLiteral("sip/auto_answer_delay_ms must be between 0 and 10000");
    return p;
}

QString SipSettings::serverUri() const
{
    QString uri = proxy.isEmpty() ? QStringLiteral("sip:") + domain : proxy;
    if (!uri.contains(QLatin1String(";transport=")) && transport != QLatin1String("udp"))
        uri += QStringLiteral(";transport=") + transport;
    return uri;
}

QString SipSettings::identityUri() const
{
    return QStringLiteral("sip:%1@%2").arg(user, hostOnly(domain));
}

QJsonObject SipSettings::toJson() const
{
    return QJsonObject{
        {QStringLiteral("user"), user},
        {QStringLiteral("auth_user"), authUser},
        {QStringLiteral("password"), password},
        {QStringLiteral("domain"), domain},
        {QStringLiteral("proxy"), proxy},
        {QStringLiteral("transport"), transport},
        {QStringLiteral("srtp"), srtp},
        {QStringLiteral("display_name"), displayName},
        {QStringLiteral("expires"), expiresS},
        {QStringLiteral("auto_answer"), autoAnswer},
        {QStringLiteral("auto_answer_delay_ms"), autoAnswerDelayMs},
        {QStringLiteral("local_port"), localPort},
        {QStringLiteral("bind_address"), bindAddress},
        {QStringLiteral("rtp_port_min"), rtpPortMin},
        {QStringLiteral("rtp_port_max"), rtpPortMax},
        {QStringLiteral("ca_file"), caFile},
        {QStringLiteral("verify_server"), verifyServer},
        {QStringLiteral("instance_id"), instanceId},
        {QStringLiteral("no_rtp_timeout"), noRtpTimeoutS},
        {QStringLiteral("ring_timeout"), ringTimeoutS},
        {QStringLiteral("headless_audio"), headlessAudio},
        {QStringLiteral("play_file"), playFile},
        {QStringLiteral("record_file"), recordFile},
        {QStringLiteral("input_device"), inputDevice},
        {QStringLiteral("output_device"), outputDevice},
        {QStringLiteral("data_dir"), dataDir},
        {QStringLiteral("log_level"), logLevel},
    };
}

SipSettings SipSettings::fromJson(const QJsonObject &o)
{
    SipSettings c;
    auto s = [&](const char *k, const QString &def = {}) {
        return o.value(QLatin1String(k)).toString(def);
    };
    auto i = [&](const char *k, int def) {
        return o.value(QLatin1String(k)).toInt(def);
    };
    auto b = [&](const char *k, bool def) {
        return o.value(QLatin1String(k)).toBool(def);
    };
    c.user = s("user");
    c.authUser = s("auth_user");
    c.password = s("password");
    c.domain = s("domain");
    c.proxy = s("proxy");
    c.transport = s("transport", c.transport);
    c.srtp = s("srtp", c.srtp);
    c.displayName = s("display_name");
    c.expiresS = i("expires", c.expiresS);
    c.autoAnswer = b("auto_answer", c.autoAnswer);
    c.autoAnswerDelayMs = i("auto_answer_delay_ms", c.autoAnswerDelayMs);
    c.localPort = i("local_port", c.localPort);
    c.bindAddress = s("bind_address");
    c.rtpPortMin = i("rtp_port_min", c.rtpPortMin);
    c.rtpPortMax = i("rtp_port_max", c.rtpPortMax);
    c.caFile = s("ca_file");
    c.verifyServer = b("verify_server", c.verifyServer);
    c.instanceId = s("instance_id");
    c.noRtpTimeoutS = i("no_rtp_timeout", c.noRtpTimeoutS);
    c.ringTimeoutS = i("ring_timeout", c.ringTimeoutS);
    c.headlessAudio = b("headless_audio", c.headlessAudio);
    c.playFile = s("play_file");
    c.recordFile = s("record_file");
    c.inputDevice = s("input_device");
    c.outputDevice = s("output_device");
    c.dataDir = s("data_dir");
    c.logLevel = s("log_level", c.logLevel);
    return c;
}

} // namespace Pasokh::Telephony
