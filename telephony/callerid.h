// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Telephony {

/// Who is calling, derived from the raw header texts of an incoming INVITE.
struct CallerId
{
    QString displayName; ///< sanitised, at most PeerText::kDefaultMaxChars code points
    QString rawNumber;   ///< number as found (visual separators removed), sanitised; empty when withheld
    QString ani;    ///< E.164 from Core::PhoneNumber::normalize(); empty when withheld or not a phone number
    QString source; ///< "pai" or "from"
    bool withheld = false;

    /// Builds the caller id. Rules: the number comes from P-Asserted-Identity when that header parses to a
    /// usable identity (RFC 3325 §9.1), else from From; a `Privacy` header containing `id`, `user` or
    /// `header` (RFC 3323 §4.2, RFC 3325 §9.3), an anonymous user/host, or no digits at all make the caller
    /// withheld (the number is then dropped, not just hidden). The display name comes from `displayNameBytes`
    /// (liblinphone's decoded From display name), else from the PAI's; it is never taken as a number. Every
    /// output is sanitised.
    static CallerId fromHeaders(const std::string &displayNameBytes, const QString &fromUri,
                                const QString &pai, const QString &privacy);
};

} // namespace Pasokh::Telephony
