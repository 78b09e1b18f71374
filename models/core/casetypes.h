// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace Pasokh::Core {

/// How the citizen reached the centre.
enum class Channel
{
    Phone,
    Sms,
    Email,
    Web,
    WalkIn
};
/// The kind of case (Open311 has no field for it; 137 practice).
enum class CaseType
{
    Complaint,
    Request,
    Inquiry,
    Suggestion,
    Appreciation,
    Report
};
/// Life cycle (DESIGN.md): draft → registered → submitted → referred → in_progress → answered → closed, or
/// rejected.
enum class CaseStatus
{
    Draft,
    Registered,
    Submitted,
    Referred,
    InProgress,
    Answered,
    Closed,
    Rejected
};
/// How urgent the unit must treat the case.
enum class Urgency
{
    Normal,
    High,
    Urgent
};
/// The kind of answer a unit gave; no_logical_answer is set by a 137 reviewer (feeds the manager scorecard).
enum class ResponseType
{
    Resolved,
    Explained,
    Scheduled,
    OutsideJurisdiction,
    NoLogicalAnswer
};

/// Stable string codes (stored in the database and sent to the hub) and translated labels for the enums
/// above. fromCode() returns nullopt for an unknown code; label() is translated with the current QTranslator.
template <typename E> struct EnumText
{
    static QString code(E value);
    static std::optional<E> fromCode(const QString &code);
    static QString label(E value);
    static QList<E> all();
};

using ChannelText = EnumText<Channel>;
using CaseTypeText = EnumText<CaseType>;
using CaseStatusText = EnumText<CaseStatus>;
using UrgencyText = EnumText<Urgency>;
using ResponseTypeText = EnumText<ResponseType>;

} // namespace Pasokh::Core
