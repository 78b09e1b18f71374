// SPDX-License-Identifier: GPL-3.0-or-later
#include "telephony/sipidentity.h"

#include "telephony/peertext.h"

#include <QByteArray>
#include <QStringList>

namespace Pasokh::Telephony {

namespace {

constexpr qsizetype kMaxHeaderChars = 2048;

QString percentDecode(const QString &s)
{
    if (!s.contains(QLatin1Char('%')))
        return s;
    return QString::fromUtf8(QByteArray::fromPercentEncoding(s.toUtf8()));
}

/// Splits a header value on commas that are outside quotes and angle brackets.
QStringList splitTopLevel(const QString &v)
{
    QStringList parts;
    QString cur;
    bool inQuote = false;
    int angle = 0;
    for (qsizetype i = 0; i < v.size(); ++i) {
        const QChar c = v.at(i);
        if (inQuote && c == QLatin1Char('\\') && i + 1 < v.size()) {
            cur += c;
            cur += v.at(++i);
            continue;
        }
        if (c == QLatin1Char('"'))
            inQuote = !inQuote;
        else if (!inQuote && c == QLatin1Char('<'))
            ++angle;
        else if (!inQuote && c == QLatin1Char('>') && angle > 0)
            --angle;
        if (c == QLatin1Char(',') && !inQuote && angle == 0) {
            parts << cur;
            cur.clear();
            continue;
        }
        cur += c;
    }
    parts << cur;
    return parts;
}

bool isAnonymousUser(const QString &u)
{
    static const QStringList words{QStringLiteral("anonymous"),  QStringLiteral("unknown"),
                                   QStringLiteral("restricted"), QStringLiteral("private"),
                                   QStringLiteral("withheld"),   QStringLiteral("unavailable")};
    return words.contains(u.toLower());
}

} // namespace

QString SipIdentity::number() const
{
    QString out;
    bool hasDigit = false;
    for (qsizetype i = 0; i < user.size(); ++i) {
        const QChar c = user.at(i);
        if (c.isDigit()) { // also Persian/Arabic-Indic digits; PhoneNumber folds them later
            out += c;
            hasDigit = true;
        } else if (c == QLatin1Char('+') && out.isEmpty()) {
            out += c;
        } else if (c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('(') ||
                   c == QLatin1Char(')') || c == QLatin1Char(' ')) {
            continue; // RFC 3966 visual-separator
        } else {
            return {}; // letters: not a phone number
        }
    }
    return hasDigit ? out : QString();
}

SipIdentity SipIdentity::parse(const QString &input)
{
    SipIdentity id;
    QString text = input.left(kMaxHeaderChars).trimmed();
    QString uri = text;
    const qsizetype lt = text.indexOf(QLatin1Char('<'));
    if (lt >= 0) {
        const qsizetype gt = text.indexOf(QLatin1Char('>'), lt + 1);
        if (gt < 0)
            return id;
        uri = text.mid(lt + 1, gt - lt - 1).trimmed();
        QString name = text.left(lt).trimmed();
        if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"'))) {
            name = name.mid(1, name.size() - 2);
            name.replace(QLatin1String("\\\""), QLatin1String("\""));
            name.replace(QLatin1String("\\\\"), QLatin1String("\\"));
        }
        id.displayName = PeerText::sanitize(name);
    } else {
        // addr-spec: header parameters (";tag=") belong to the header, not the URI, only with name-addr; for
        // a bare URI the parameters are URI parameters, which we drop below anyway.
    }
    const qsizetype colon = uri.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return id;
    const QString scheme = uri.left(colon).toLower();
    QString rest = uri.mid(colon + 1);
    if (scheme == QLatin1String("tel")) {
        const qsizetype semi = rest.indexOf(QLatin1Char(';'));
        id.scheme = scheme;
        id.user =
            PeerText::sanitize(percentDecode(semi >= 0 ? rest.left(semi) : rest), PeerText::kNumberMaxChars);
        id.anonymous = id.user.isEmpty() || isAnonymousUser(id.user);
        return id;
    }
    if (scheme != QLatin1String("sip") && scheme != QLatin1String("sips"))
        return id;
    id.scheme = scheme;
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    QString user;
    QString hostPart = rest;
    if (at >= 0) {
        user = rest.left(at);
        hostPart = rest.mid(at + 1);
        const qsizetype pw = user.indexOf(QLatin1Char(':'));
        if (pw >= 0)
            user = user.left(pw); // user:password (deprecated) — never keep the password
        const qsizetype semi = user.indexOf(QLatin1Char(';'));
        if (semi >= 0)
            user = user.left(semi); // user parameters such as ;phone-context=
    }
    qsizetype end = hostPart.size();
    for (const QChar stop : {QLatin1Char(';'), QLatin1Char('?'), QLatin1Char(':')}) {
        const qsizetype p = hostPart.indexOf(stop);
        if (p >= 0 && !(stop == QLatin1Char(':') && hostPart.startsWith(QLatin1Char('['))))
            end = qMin(end, p);
    }
    id.host = PeerText::sanitize(hostPart.left(end).toLower(), PeerText::kUriMaxChars);
    id.user = PeerText::sanitize(percentDecode(user), PeerText::kNumberMaxChars);
    id.anonymous =
        id.user.isEmpty() || isAnonymousUser(id.user) || id.host == QLatin1String("anonymous.invalid");
    return id;
}

SipIdentity SipIdentity::parseAssertedIdentity(const QString &headerValue)
{
    SipIdentity firstSip;
    for (const QString &part : splitTopLevel(headerValue.left(kMaxHeaderChars))) {
        const SipIdentity id = parse(part);
        if (!id.isValid())
            continue;
        if (id.scheme == QLatin1String("tel"))
            return id;
        if (!firstSip.isValid())
            firstSip = id;
    }
    return firstSip;
}

} // namespace Pasokh::Telephony
