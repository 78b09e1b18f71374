// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/telephonytypes.h"

#include "telephony/peertext.h"

#include <array>
#include <utility>

namespace Pasokh::Telephony {

namespace {

template <typename E, std::size_t N>
QString codeOf(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[e, code] : table) {
        if (e == value)
            return QString::fromLatin1(code);
    }
    return QString::fromLatin1(table.front().second);
}

template <typename E, std::size_t N>
E valueOf(const std::array<std::pair<E, const char *>, N> &table, const QString &code)
{
    for (const auto &[e, c] : table) {
        if (code == QLatin1String(c))
            return e;
    }
    return table.front().first;
}

constexpr std::array<std::pair<RegistrationState, const char *>, 5> kRegCodes{{
    {RegistrationState::None, "none"},
    {RegistrationState::Progress, "progress"},
    {RegistrationState::Ok, "ok"},
    {RegistrationState::Failed, "failed"},
    {RegistrationState::Cleared, "cleared"},
}};

constexpr std::array<std::pair<CallState, const char *>, 6> kCallStateCodes{{
    {CallState::Offered, "offered"},
    {CallState::Dialling, "dialling"},
    {CallState::Connected, "connected"},
    {CallState::Held, "held"},
    {CallState::HeldByPeer, "held_by_peer"},
    {CallState::Ended, "ended"},
}};

constexpr std::array<std::pair<EndReason, const char *>, 9> kEndCodes{{
    {EndReason::None, "none"},
    {EndReason::LocalHangUp, "local_hang_up"},
    {EndReason::RemoteHangUp, "remote_hang_up"},
    {EndReason::Missed, "missed"},
    {EndReason::Rejected, "rejected"},
    {EndReason::Busy, "busy"},
    {EndReason::Transferred, "transferred"},
    {EndReason::Failed, "failed"},
    {EndReason::EngineCrashed, "engine_crashed"},
}};

constexpr std::array<std::pair<CallDirection, const char *>, 2> kDirCodes{{
    {CallDirection::Incoming, "in"},
    {CallDirection::Outgoing, "out"},
}};

constexpr std::array<std::pair<TransferState, const char *>, 3> kTransferCodes{{
    {TransferState::Trying, "trying"},
    {TransferState::Succeeded, "succeeded"},
    {TransferState::Failed, "failed"},
}};

constexpr std::array<std::pair<EngineStatus, const char *>, 4> kEngineCodes{{
    {EngineStatus::Stopped, "stopped"},
    {EngineStatus::Starting, "starting"},
    {EngineStatus::Running, "running"},
    {EngineStatus::Restarting, "restarting"},
}};

QString str(const QJsonObject &o, const char *key, int maxChars = PeerText::kDefaultMaxChars)
{
    return PeerText::sanitize(o.value(QLatin1String(key)).toString(), maxChars);
}

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QJsonObject &o, const char *key)
{
    const QString s = o.value(QLatin1String(key)).toString();
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

QString toCode(RegistrationState s)
{
    return codeOf(kRegCodes, s);
}
QString toCode(CallState s)
{
    return codeOf(kCallStateCodes, s);
}
QString toCode(EndReason r)
{
    return codeOf(kEndCodes, r);
}
QString toCode(CallDirection d)
{
    return codeOf(kDirCodes, d);
}
QString toCode(TransferState s)
{
    return codeOf(kTransferCodes, s);
}
QString toCode(EngineStatus s)
{
    return codeOf(kEngineCodes, s);
}
RegistrationState registrationStateFromCode(const QString &c)
{
    return valueOf(kRegCodes, c);
}
CallState callStateFromCode(const QString &c)
{
    return valueOf(kCallStateCodes, c);
}
EndReason endReasonFromCode(const QString &c)
{
    return valueOf(kEndCodes, c);
}
CallDirection callDirectionFromCode(const QString &c)
{
    return valueOf(kDirCodes, c);
}
TransferState transferStateFromCode(const QString &c)
{
    return valueOf(kTransferCodes, c);
}

bool isValidDtmf(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || u == u'*' || u == u'#' || (u >= u'A' && u <= u'D') ||
           (u >= u'a' && u <= u'd');
}

QJsonObject RegistrationInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("state"), toCode(state)},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("sip_status"), sipStatus}};
}

RegistrationInfo RegistrationInfo::fromJson(const QJsonObject &o)
{
    RegistrationInfo r;
    r.state = registrationStateFromCode(o.value(QLatin1String("state")).toString());
    r.reason = str(o, "reason");
    r.sipStatus = o.value(QLatin1String("sip_status")).toInt();
    return r;
}

QJsonObject CallInfo::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("sip_call_id"), sipCallId},
        {QStringLiteral("direction"), toCode(direction)},
        {QStringLiteral("state"), toCode(state)},
        {QStringLiteral("end_reason"), toCode(endReason)},
        {QStringLiteral("reason_text"), reasonText},
        {QStringLiteral("display_name"), displayName},
        {QStringLiteral("raw_number"), rawNumber},
        {QStringLiteral("ani"), ani},
        {QStringLiteral("withheld"), withheld},
        {QStringLiteral("number_source"), numberSource},
        {QStringLiteral("dnis"), dnis},
        {QStringLiteral("remote_uri"), remoteUri},
        {QStringLiteral("muted"), muted},
        {QStringLiteral("offered_at"), isoUtc(offeredAt)},
        {QStringLiteral("answered_at"), isoUtc(answeredAt)},
        {QStringLiteral("ended_at"), isoUtc(endedAt)},
    };
}

CallInfo CallInfo::fromJson(const QJsonObject &o)
{
    // The engine already sanitised these; sanitising again costs little and keeps a compromised engine from
    // smuggling control characters into the UI, the store or the logs.
    CallInfo c;
    c.id = str(o, "id", 64);
    c.sipCallId = str(o, "sip_call_id");
    c.direction = callDirectionFromCode(o.value(QLatin1String("direction")).toString());
    c.state = callStateFromCode(o.value(QLatin1String("state")).toString());
    c.endReason = endReasonFromCode(o.value(QLatin1String("end_reason")).toString());
    c.reasonText = str(o, "reason_text");
    c.displayName = str(o, "display_name");
    c.rawNumber = str(o, "raw_number", PeerText::kNumberMaxChars);
    c.ani = str(o, "ani", PeerText::kNumberMaxChars);
    c.withheld = o.value(QLatin1String("withheld")).toBool();
    c.numberSource = str(o, "number_source", 8);
    c.dnis = str(o, "dnis", PeerText::kNumberMaxChars);
    c.remoteUri = str(o, "remote_uri", PeerText::kUriMaxChars);
    c.muted = o.value(QLatin1String("muted")).toBool();
    c.offeredAt = fromIso(o, "offered_at");
    c.answeredAt = fromIso(o, "answered_at");
    c.endedAt = fromIso(o, "ended_at");
    return c;
}

QJsonObject AudioDeviceInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("capture"), canCapture},
                       {QStringLiteral("play"), canPlay}};
}

AudioDeviceInfo AudioDeviceInfo::fromJson(const QJsonObject &o)
{
    AudioDeviceInfo d;
    d.id = str(o, "id", PeerText::kUriMaxChars);
    d.name = str(o, "name");
    d.canCapture = o.value(QLatin1String("capture")).toBool();
    d.canPlay = o.value(QLatin1String("play")).toBool();
    return d;
}

} // namespace Pasokh::Telephony
