// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

/// The console <-> engine (pasokh-phone) message protocol over a QLocalSocket.
///
/// Framing: each message is a 4-byte big-endian length followed by that many bytes of compact UTF-8 JSON
/// holding one object with a string member "t" (the message type). Frames above kMaxFrameBytes are a protocol
/// error and close the connection. The engine's first message is `hello {v, token, pid}`; the console checks
/// `v == kVersion` and the token it passed in the environment (PASOKH_PHONE_TOKEN) and answers `configure
/// {...}`. Message types and their members are listed in docs/telephony.md ("Engine protocol"). A receiver
/// ignores members it does not know, so adding a member is compatible; removing or changing one bumps
/// kVersion.
namespace Pasokh::Telephony::Protocol {

/// Protocol version carried in hello; bump on any incompatible change.
inline constexpr int kVersion = 1;
/// Largest accepted frame body, in bytes.
inline constexpr int kMaxFrameBytes = 256 * 1024;
/// Environment variable carrying the per-launch shared secret from the console to the engine.
inline constexpr char kTokenEnv[] = "PASOKH_PHONE_TOKEN";

// Engine -> console
inline constexpr char kHello[] = "hello";               ///< {v, token, pid}
inline constexpr char kRegistration[] = "registration"; ///< RegistrationInfo
inline constexpr char kCall[] = "call";                 ///< {call: CallInfo} new or changed call
inline constexpr char kRefused[] = "refused";   ///< {call: CallInfo} refused by the engine (486 while busy)
inline constexpr char kDtmf[] = "dtmf";         ///< {id, digit}
inline constexpr char kTransfer[] = "transfer"; ///< {id, state}
inline constexpr char kDevices[] = "devices";   ///< {devices: [AudioDeviceInfo]}
inline constexpr char kProblem[] = "problem";   ///< {code, text} something odd the operator/log should know
inline constexpr char kPong[] = "pong";         ///< {seq}
inline constexpr char kStopped[] = "stopped";   ///< {} core reached Off after shutdown

// Console -> engine
inline constexpr char kConfigure[] = "configure";                ///< SipSettings::toJson()
inline constexpr char kAnswer[] = "answer";                      ///< {id}
inline constexpr char kReject[] = "reject";                      ///< {id, busy: bool}
inline constexpr char kHangUp[] = "hangup";                      ///< {id}
inline constexpr char kHold[] = "hold";                          ///< {id}
inline constexpr char kResume[] = "resume";                      ///< {id}
inline constexpr char kMute[] = "mute";                          ///< {id, on}
inline constexpr char kSendDtmf[] = "send_dtmf";                 ///< {id, digits}
inline constexpr char kBlindTransfer[] = "blind_transfer";       ///< {id, target}
inline constexpr char kAttendedTransfer[] = "attended_transfer"; ///< {id, consult_id}
inline constexpr char kDial[] = "dial";                          ///< {id, target}
inline constexpr char kSetDevices[] = "set_devices";             ///< {input, output}
inline constexpr char kReRegister[] = "reregister"; ///< {} refresh REGISTER now (network came back)
inline constexpr char kPing[] = "ping";             ///< {seq}
inline constexpr char kShutdown[] = "shutdown";     ///< {} unregister, stop the core, exit 0

/// Builds a message object {"t": type, ...members}.
QJsonObject message(const char *type, QJsonObject members = {});
/// The message type of a decoded object ("" when missing).
QString typeOf(const QJsonObject &msg);
/// Encodes one frame (length prefix + JSON).
QByteArray encode(const QJsonObject &msg);

/// Accumulates bytes from a stream socket and yields complete messages.
class FrameReader
{
public:
    /// Appends bytes just read.
    void append(const QByteArray &bytes) { m_buffer.append(bytes); }
    /// Takes every complete message out of the buffer. Sets `error` (and stops) on an oversized frame or a
    /// body that is not one JSON object; the caller should then drop the connection.
    QList<QJsonObject> takeMessages(QString *error);

private:
    QByteArray m_buffer;
};

} // namespace Pasokh::Telephony::Protocol
