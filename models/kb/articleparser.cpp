// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/kb/articleparser.h"

#include "models/core/persiantext.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <yaml-cpp/yaml.h>

namespace Pasokh::Kb {

namespace {

using Core::Result;

Result<Article> fail(const QString &code, const QString &sourceName, const QString &what)
{
    return Result<Article>::failure(code, sourceName + QStringLiteral(": ") + what);
}

QString scalar(const YAML::Node &node)
{
    return QString::fromStdString(node.as<std::string>());
}

// A list value: a YAML sequence of scalars, or one string separated by ',' or '،'.
bool readList(const YAML::Node &node, QStringList *out)
{
    QStringList items;
    if (node.IsSequence()) {
        for (const YAML::Node &item : node) {
            if (!item.IsScalar())
                return false;
            items.append(scalar(item));
        }
    } else if (node.IsScalar()) {
        static const QRegularExpression separators(QStringLiteral("[,\u060C]"));
        items = scalar(node).split(separators);
    } else if (!node.IsNull()) {
        return false;
    }
    for (QString &item : items)
        item = Core::PersianText::sanitized(item, 200).trimmed();
    items.removeAll(QString());
    items.removeDuplicates();
    *out = items;
    return true;
}

} // namespace

Result<Article> ArticleParser::parse(const QByteArray &bytes, const QString &sourceName)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return fail(QStringLiteral("encoding"), sourceName, QStringLiteral("not valid UTF-8"));
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));

    if (!text.startsWith(QLatin1String("---\n")))
        return fail(QStringLiteral("front_matter"), sourceName,
                    QStringLiteral("does not start with a '---' line"));
    const qsizetype close = text.indexOf(QLatin1String("\n---"), 3);
    if (close < 0)
        return fail(QStringLiteral("front_matter"), sourceName, QStringLiteral("front matter is not closed"));
    qsizetype bodyStart = close + 4;
    while (bodyStart < text.size() && text.at(bodyStart) != QLatin1Char('\n'))
        ++bodyStart; // rest of the closing line ("---" plus optional spaces)
    if (!text.mid(close + 4, bodyStart - close - 4).trimmed().isEmpty())
        return fail(QStringLiteral("front_matter"), sourceName, QStringLiteral("closing line is not '---'"));

    const std::string yaml = text.mid(4, close - 4 + 1).toStdString();
    Article article;
    try {
        const YAML::Node root = YAML::Load(yaml);
        if (!root.IsMap())
            return fail(QStringLiteral("front_matter"), sourceName,
                        QStringLiteral("front matter is not a map"));
        for (const auto &entry : root) {
            const QString key = scalar(entry.first);
            const YAML::Node &value = entry.second;
            if (key == QLatin1String("id") || key == QLatin1String("title") ||
                key == QLatin1String("reviewed")) {
                if (!value.IsScalar())
                    return fail(QStringLiteral("front_matter"), sourceName,
                                key + QStringLiteral(" is not a text"));
                const QString v = Core::PersianText::sanitized(scalar(value), 300).trimmed();
                if (key == QLatin1String("id")) {
                    article.id = v;
                } else if (key == QLatin1String("title")) {
                    article.title = v;
                } else {
                    article.reviewedOn = QDate::fromString(v, QStringLiteral("yyyy-MM-dd"));
                    if (!article.reviewedOn.isValid())
                        return fail(QStringLiteral("reviewed"), sourceName,
                                    QStringLiteral("reviewed is not an ISO date (YYYY-MM-DD)"));
                }
            } else if (key == QLatin1String("keywords") || key == QLatin1String("categories") ||
                       key == QLatin1String("units")) {
                QStringList *target = key == QLatin1String("keywords")     ? &article.keywords
                                      : key == QLatin1String("categories") ? &article.categories
                                                                           : &article.units;
                if (!readList(value, target))
                    return fail(QStringLiteral("front_matter"), sourceName,
                                key + QStringLiteral(" is not a list"));
            } else {
                return fail(QStringLiteral("front_matter"), sourceName, QStringLiteral("unknown key ") + key);
            }
        }
    } catch (const YAML::Exception &e) {
        return fail(QStringLiteral("front_matter"), sourceName,
                    QStringLiteral("YAML error: ") + QString::fromStdString(e.what()));
    }

    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9._-]{1,80}$"));
    if (!idPattern.match(article.id).hasMatch())
        return fail(QStringLiteral("id"), sourceName,
                    QStringLiteral("id is missing or not 1-80 characters of A-Z a-z 0-9 . _ -"));
    if (article.title.isEmpty())
        return fail(QStringLiteral("title"), sourceName, QStringLiteral("title is missing"));

    const QString body = text.mid(bodyStart + 1);
    if (body.size() > MaxBodyLength)
        return fail(QStringLiteral("body"), sourceName,
                    QStringLiteral("body is longer than 200000 characters"));
    article.body = Core::PersianText::sanitized(body, MaxBodyLength, true).trimmed();
    if (article.body.isEmpty())
        return fail(QStringLiteral("body"), sourceName, QStringLiteral("body is empty"));
    article.contentSha256 = article.contentHash();
    return article;
}

} // namespace Pasokh::Kb
