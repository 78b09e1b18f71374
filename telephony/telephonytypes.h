// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

/// Value types that cross the ITelephony boundary (console side) and the engine socket (as JSON). None of
/// them holds a liblinphone type: the engine converts SDK data into these at once.
namespace Pasokh::Telephony {

/// SIP account registration state as the operator sees it (status bar).
enum class RegistrationState
{
    None,     ///< no account configured or engine not running
    Progress, ///< REGISTER sent, waiting for the final answer
    Ok,       ///< registered (200 OK)
    Failed,   ///< refused or unreachable; `reason` says why
    Cleared,  ///< unregistered on purpose (stop)
};

/// Call state, reduced from liblinphone's 20 states to what the console needs.
enum class CallState
{
    Offered,    ///< incoming, ringing at the agent
    Dialling,   ///< outgoing, INVITE sent, not yet answered
    Connected,  ///< media flowing both ways
    Held,       ///< we put it on hold (re-INVITE sendonly)
    HeldByPeer, ///< the peer put us on hold
    Ended,      ///< finished; `endReason` tells how
};

/// Why a call ended (for the call log and the operator's message).
enum class EndReason
{
    None,          ///< not ended
    LocalHangUp,   ///< the agent hung up
    RemoteHangUp,  ///< the caller hung up after answer
    Missed,        ///< the caller hung up (CANCEL) or the offer timed out before answer
    Rejected,      ///< the agent (or the agent state machine) rejected the offer
    Busy,          ///< refused with 486 because another call was active
    Transferred,   ///< ended after a successful transfer
    Failed,        ///< SIP or media error (`reasonText` has the detail)
    EngineCrashed, ///< the engine process died during the call
};

/// Direction of a call.
enum class CallDirection
{
    Incoming,
    Outgoing,
};

/// Progress of a transfer we started (REFER), from the NOTIFYs (RFC 3515).
enum class TransferState
{
    Trying,
    Succeeded,
    Failed,
};

/// Supervision state of the engine process (console side).
enum class EngineStatus
{
    Stopped,    ///< not started, or stopped on purpose
    Starting,   ///< process launched, waiting for its hello
    Running,    ///< connected and configured
    Restarting, ///< died unexpectedly; a restart is scheduled (backoff)
};

/// Registration state plus the reason on failure (text from the SIP response, sanitised).
struct RegistrationInfo
{
    RegistrationState state = RegistrationState::None;
    QString reason;    ///< e.g. "Unauthorized", "io error"; empty when Ok
    int sipStatus = 0; ///< final SIP status code when known (401, 403, 503...), else 0

    QJsonObject toJson() const;
    static RegistrationInfo fromJson(const QJsonObject &o);
    bool operator==(const RegistrationInfo &) const = default;
};

/// One call as the console knows it. Every string here is sanitised peer text (see peertext.h).
struct CallInfo
{
    QString id;        ///< engine-assigned id, unique per console run ("c" + counter + random)
    QString sipCallId; ///< SIP Call-ID (sanitised), for correlating with PBX logs
    CallDirection direction = CallDirection::Incoming;
    CallState state = CallState::Offered;
    EndReason endReason = EndReason::None;
    QString reasonText;    ///< SIP reason or engine message for Failed/EngineCrashed
    QString displayName;   ///< caller's display name, sanitised, at most 128 characters
    QString rawNumber;     ///< the number as found in PAI/From, sanitised (e.g. "09151234567", "+98-915-...")
    QString ani;           ///< normalised E.164 ("+989151234567"); empty when withheld or not a phone number
    bool withheld = false; ///< anonymous caller, Privacy: id, or no usable number
    QString numberSource;  ///< "pai" or "from": where rawNumber came from
    QString dnis;          ///< dialled number (To user part), sanitised
    QString remoteUri;     ///< the peer's SIP URI (sanitised), for outbound and transfer display
    bool muted = false;    ///< our microphone is muted
    QDateTime offeredAt;   ///< UTC
    QDateTime answeredAt;  ///< UTC, invalid if never answered
    QDateTime endedAt;     ///< UTC, invalid while active

    QJsonObject toJson() const;
    static CallInfo fromJson(const QJsonObject &o);
    bool isActive() const { return state != CallState::Ended; }
};

/// An audio device offered by the engine (microphone or speaker).
struct AudioDeviceInfo
{
    QString id;   ///< liblinphone device id, stable while the device is present
    QString name; ///< human-readable name
    bool canCapture = false;
    bool canPlay = false;

    QJsonObject toJson() const;
    static AudioDeviceInfo fromJson(const QJsonObject &o);
};

/// String codes used in the protocol and logs ("ok", "offered", "busy"...). Unknown codes map to the first
/// value.
QString toCode(RegistrationState s);
QString toCode(CallState s);
QString toCode(EndReason r);
QString toCode(CallDirection d);
QString toCode(TransferState s);
QString toCode(EngineStatus s);
RegistrationState registrationStateFromCode(const QString &c);
CallState callStateFromCode(const QString &c);
EndReason endReasonFromCode(const QString &c);
CallDirection callDirectionFromCode(const QString &c);
TransferState transferStateFromCode(const QString &c);

/// DTMF digits accepted either way: 0-9 * # A-D (RFC 4733 events 0-15). Lower-case a-d are folded to upper
/// case.
bool isValidDtmf(QChar c);

} // namespace Pasokh::Telephony

Q_DECLARE_METATYPE(Pasokh::Telephony::CallInfo)
Q_DECLARE_METATYPE(Pasokh::Telephony::RegistrationInfo)
