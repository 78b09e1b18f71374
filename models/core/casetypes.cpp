// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/casetypes.h"

#include <QCoreApplication>

namespace Pasokh::Core {

namespace {

struct Entry
{
    const char *code;
    const char *label;
};

// Tables in enum order. Labels are marked for lupdate in the "CaseTypes" context.
constexpr Entry kChannels[] = {{"phone", QT_TRANSLATE_NOOP("CaseTypes", "Phone")},
                               {"sms", QT_TRANSLATE_NOOP("CaseTypes", "SMS")},
                               {"email", QT_TRANSLATE_NOOP("CaseTypes", "E-mail")},
                               {"web", QT_TRANSLATE_NOOP("CaseTypes", "Web")},
                               {"walk_in", QT_TRANSLATE_NOOP("CaseTypes", "Walk-in")}};
constexpr Entry kCaseTypes[] = {{"complaint", QT_TRANSLATE_NOOP("CaseTypes", "Complaint")},
                                {"request", QT_TRANSLATE_NOOP("CaseTypes", "Request")},
                                {"inquiry", QT_TRANSLATE_NOOP("CaseTypes", "Inquiry")},
                                {"suggestion", QT_TRANSLATE_NOOP("CaseTypes", "Suggestion")},
                                {"appreciation", QT_TRANSLATE_NOOP("CaseTypes", "Appreciation")},
                                {"report", QT_TRANSLATE_NOOP("CaseTypes", "Report")}};
constexpr Entry kStatuses[] = {{"draft", QT_TRANSLATE_NOOP("CaseTypes", "Draft")},
                               {"registered", QT_TRANSLATE_NOOP("CaseTypes", "Registered")},
                               {"submitted", QT_TRANSLATE_NOOP("CaseTypes", "Submitted")},
                               {"referred", QT_TRANSLATE_NOOP("CaseTypes", "Referred")},
                               {"in_progress", QT_TRANSLATE_NOOP("CaseTypes", "In progress")},
                               {"answered", QT_TRANSLATE_NOOP("CaseTypes", "Answered")},
                               {"closed", QT_TRANSLATE_NOOP("CaseTypes", "Closed")},
                               {"rejected", QT_TRANSLATE_NOOP("CaseTypes", "Rejected")}};
constexpr Entry kUrgencies[] = {{"normal", QT_TRANSLATE_NOOP("CaseTypes", "Normal")},
                                {"high", QT_TRANSLATE_NOOP("CaseTypes", "High")},
                                {"urgent", QT_TRANSLATE_NOOP("CaseTypes", "Urgent")}};
constexpr Entry kResponseTypes[] = {
    {"resolved", QT_TRANSLATE_NOOP("CaseTypes", "Resolved")},
    {"explained", QT_TRANSLATE_NOOP("CaseTypes", "Explained")},
    {"scheduled", QT_TRANSLATE_NOOP("CaseTypes", "Scheduled")},
    {"outside_jurisdiction", QT_TRANSLATE_NOOP("CaseTypes", "Outside jurisdiction")},
    {"no_logical_answer", QT_TRANSLATE_NOOP("CaseTypes", "No logical answer")}};

template <typename E> struct Table;
template <> struct Table<Channel>
{
    static constexpr auto &entries = kChannels;
};
template <> struct Table<CaseType>
{
    static constexpr auto &entries = kCaseTypes;
};
template <> struct Table<CaseStatus>
{
    static constexpr auto &entries = kStatuses;
};
template <> struct Table<Urgency>
{
    static constexpr auto &entries = kUrgencies;
};
template <> struct Table<ResponseType>
{
    static constexpr auto &entries = kResponseTypes;
};

} // namespace

template <typename E> QString EnumText<E>::code(E value)
{
    return QString::fromLatin1(Table<E>::entries[int(value)].code);
}

template <typename E> std::optional<E> EnumText<E>::fromCode(const QString &code)
{
    int i = 0;
    for (const Entry &e : Table<E>::entries) {
        if (code == QLatin1String(e.code))
            return E(i);
        ++i;
    }
    return std::nullopt;
}

template <typename E> QString EnumText<E>::label(E value)
{
    return QCoreApplication::translate("CaseTypes", Table<E>::entries[int(value)].label);
}

template <typename E> QList<E> EnumText<E>::all()
{
    QList<E> out;
    for (int i = 0; i < int(std::size(Table<E>::entries)); ++i)
        out.append(E(i));
    return out;
}

template struct EnumText<Channel>;
template struct EnumText<CaseType>;
template struct EnumText<CaseStatus>;
template struct EnumText<Urgency>;
template struct EnumText<ResponseType>;

} // namespace Pasokh::Core
