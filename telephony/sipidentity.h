// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Pasokh::Telephony {

/// The identity parts of one SIP name-addr or URI (From, P-Asserted-Identity, To), parsed by us because
/// liblinphone leaves some forms empty or raw (notes/telephony.md, hostile input 3). Accepts `sip:`, `sips:`
/// (RFC 3261 §19.1) and `tel:` (RFC 3966) URIs, bare or in `"Name" <uri>` / `Name <uri>` form; a PAI header
/// with several values (RFC 3325 §9.1) is handled by parseAssertedIdentity().
struct SipIdentity
{
    QString scheme;      ///< "sip", "sips" or "tel"; empty when the input is not a URI we understand
    QString user;        ///< user part (sip) or global/local number (tel), percent-decoded, sanitised
    QString host;        ///< host part (sip), empty for tel
    QString displayName; ///< display name when given in name-addr form (quotes removed, sanitised)
    bool anonymous =
        false; ///< user is anonymous/unknown/restricted/private/withheld or host is anonymous.invalid

    /// The user part reduced to a dialable number: RFC 3966 visual separators (- . ( ) space) removed. Empty
    /// when the user part is not a phone number (letters, or no digits).
    QString number() const;
    /// True when parsing found a usable URI.
    bool isValid() const { return !scheme.isEmpty(); }

    /// Parses one name-addr or addr-spec. Never fails: unparseable input gives an invalid SipIdentity.
    static SipIdentity parse(const QString &text);
    /// Parses a P-Asserted-Identity header value with one or two comma-separated identities; prefers the tel:
    /// one (it carries the number), else the first valid sip: one.
    static SipIdentity parseAssertedIdentity(const QString &headerValue);
};

} // namespace Pasokh::Telephony
