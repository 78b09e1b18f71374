// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/agent/agenttypes.h"

#include <array>
#include <utility>

namespace Pasokh::Agent {

namespace {

template <typename E, std::size_t N> QString codeOf(const std::array<std::pair<E, const char *>, N> &t, E v)
{
    for (const auto &[e, c] : t) {
        if (e == v)
            return QString::fromLatin1(c);
    }
    return {};
}

template <typename E, std::size_t N>
E valueOf(const std::array<std::pair<E, const char *>, N> &t, const QString &code, bool *ok)
{
    for (const auto &[e, c] : t) {
        if (code == QLatin1String(c)) {
            if (ok)
                *ok = true;
            return e;
        }
    }
    if (ok)
        *ok = false;
    return t.front().first;
}

constexpr std::array<std::pair<AgentState, const char *>, 6> kStates{{
    {AgentState::LoggedOut, "logged_out"},
    {AgentState::Ready, "ready"},
    {AgentState::Ringing, "ringing"},
    {AgentState::OnCall, "on_call"},
    {AgentState::WrapUp, "wrap_up"},
    {AgentState::NotReady, "not_ready"},
}};

constexpr std::array<std::pair<NotReadyReason, const char *>, 6> kReasons{{
    {NotReadyReason::None, ""},
    {NotReadyReason::Break, "break"},
    {NotReadyReason::Prayer, "prayer"},
    {NotReadyReason::Meal, "meal"},
    {NotReadyReason::Training, "training"},
    {NotReadyReason::Meeting, "meeting"},
}};

constexpr std::array<std::pair<Disposition, const char *>, 8> kDispositions{{
    {Disposition::None, ""},
    {Disposition::CaseRegistered, "case_registered"},
    {Disposition::GuidanceGiven, "guidance_given"},
    {Disposition::OutOfJurisdiction, "out_of_jurisdiction"},
    {Disposition::WrongNumber, "wrong_number"},
    {Disposition::SilentCall, "silent_call"},
    {Disposition::AbusiveCaller, "abusive_caller"},
    {Disposition::CallDropped, "call_dropped"},
}};

constexpr std::array<std::pair<CallOutcome, const char *>, 9> kOutcomes{{
    {CallOutcome::Pending, "pending"},
    {CallOutcome::Answered, "answered"},
    {CallOutcome::Missed, "missed"},
    {CallOutcome::RefusedBusy, "refused_busy"},
    {CallOutcome::RefusedNotReady, "refused_not_ready"},
    {CallOutcome::RefusedLoggedOut, "refused_logged_out"},
    {CallOutcome::Rejected, "rejected"},
    {CallOutcome::Failed, "failed"},
    {CallOutcome::EngineCrashed, "engine_crashed"},
}};

} // namespace

QString toCode(AgentState s)
{
    return codeOf(kStates, s);
}
QString toCode(NotReadyReason r)
{
    return codeOf(kReasons, r);
}
QString toCode(Disposition d)
{
    return codeOf(kDispositions, d);
}
QString toCode(CallOutcome o)
{
    return codeOf(kOutcomes, o);
}
AgentState agentStateFromCode(const QString &c, bool *ok)
{
    return valueOf(kStates, c, ok);
}
NotReadyReason notReadyReasonFromCode(const QString &c, bool *ok)
{
    return valueOf(kReasons, c, ok);
}
Disposition dispositionFromCode(const QString &c, bool *ok)
{
    return valueOf(kDispositions, c, ok);
}
CallOutcome callOutcomeFromCode(const QString &c, bool *ok)
{
    return valueOf(kOutcomes, c, ok);
}

} // namespace Pasokh::Agent
