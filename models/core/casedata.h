// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/casetypes.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace Pasokh::Core {

/// The citizen who reported a case. `phone` is E.164 or empty (withheld); `nationalId` 10 digits or empty.
struct CallerInfo
{
    QString name;
    QString phone;
    QString nationalId;
    bool anonymous = false; ///< The caller asked not to be identified to the unit; name/ID are not sent on.
};

/// Where the problem is. `district` is 1..12 or 13 for Samen (ثامن), 0 when unknown; `neighbourhood` a name
/// from the reference data; lat/long WGS 84 degrees when known.
struct CaseLocation
{
    int district = 0;
    QString neighbourhood;
    QString address;
    std::optional<double> latitude;
    std::optional<double> longitude;
};

/// A citizen case (DESIGN.md, Data model; field names follow Open311 GeoReport v2 where one exists).
/// Times are UTC. The console owns intake fields until the case is submitted; the hub owns status, referral,
/// answer.
struct CaseRecord
{
    QString id;           ///< UUIDv7 text, made where the case is born.
    QString trackingCode; ///< 10 digits (TrackingCode), empty for a draft.
    Channel channel = Channel::Phone;
    CaseType caseType = CaseType::Complaint;
    QString serviceCode; ///< Category code from categories.csv, e.g. "WASTE-COLLECT".
    QString description;
    CallerInfo caller;
    CaseLocation location;
    Urgency urgency = Urgency::Normal;
    QString agencyResponsible; ///< Referral unit code from units.csv, e.g. "D07".
    CaseStatus status = CaseStatus::Draft;
    QString statusNotes;
    QDateTime requestedAt; ///< When the case was registered (UTC).
    QDateTime updatedAt;   ///< Last change (UTC).
    QDateTime expectedAt;  ///< requestedAt + the category's SLA days (UTC); invalid when the SLA is 0.
    QString operatorName;
    int station = 0;
    QString callId;           ///< The call this case came from, empty for other channels.
    QStringList usedArticles; ///< Knowledge-base article ids the operator used with this caller (kb_usage).
    // Answer from the unit (hub-owned, pulled).
    QString answerText;
    std::optional<ResponseType> responseType;
    QDateTime answeredAt;
};

} // namespace Pasokh::Core
