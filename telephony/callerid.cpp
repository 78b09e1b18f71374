// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/callerid.h"

#include "models/core/phonenumber.h"
#include "telephony/peertext.h"
#include "telephony/sipidentity.h"

#include <QStringList>

namespace Pasokh::Telephony {

namespace {

bool privacyWithholds(const QString &privacy)
{
    // Privacy header values (RFC 3323 §4.2, RFC 3325 §9.3): priv-value *(";" priv-value).
    const QStringList values = privacy.toLower().split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &v : values) {
        const QString t = v.trimmed();
        if (t == QLatin1String("id") || t == QLatin1String("user") || t == QLatin1String("header"))
            return true;
    }
    return false;
}

} // namespace

CallerId CallerId::fromHeaders(const std::string &displayNameBytes, const QString &fromUri,
                               const QString &pai, const QString &privacy)
{
    CallerId c;
    const SipIdentity from = SipIdentity::parse(fromUri);
    const SipIdentity asserted =
        pai.trimmed().isEmpty() ? SipIdentity() : SipIdentity::parseAssertedIdentity(pai);
    c.displayName = PeerText::sanitizeUtf8(displayNameBytes);
    if (c.displayName.isEmpty())
        c.displayName = asserted.displayName;

    const SipIdentity &chosen = (asserted.isValid() && !asserted.anonymous) ? asserted : from;
    c.source = (&chosen == &asserted) ? QStringLiteral("pai") : QStringLiteral("from");
    const bool anonymous = chosen.anonymous || (from.anonymous && !asserted.isValid());
    if (privacyWithholds(privacy) || anonymous || Core::PhoneNumber::isWithheldToken(chosen.user)) {
        c.withheld = true;
        if (Core::PhoneNumber::isWithheldToken(c.displayName))
            c.displayName.clear();
        return c;
    }
    c.rawNumber = chosen.number();
    if (c.rawNumber.isEmpty()) {
        // A SIP user that is not a number (e.g. "alice"): no callback number, but not withheld either.
        return c;
    }
    const auto normalised = Core::PhoneNumber::normalize(c.rawNumber);
    if (normalised.ok())
        c.ani = normalised.value().e164;
    return c;
}

} // namespace Pasokh::Telephony
