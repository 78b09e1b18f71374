// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/agent/iagentstatesink.h"

#include <QHash>
#include <QList>

namespace Pasokh::TestSupport {

/// In-memory IAgentStateSink for tests: keeps every state interval and the latest version of every call
/// record.
class MemoryAgentSink : public Agent::IAgentStateSink
{
public:
    void stateStarted(const Agent::AgentStateEntry &e) override
    {
        entries.append(e);
        open.insert(e.id, entries.size() - 1);
    }
    void stateEnded(const Agent::AgentStateEntry &e) override
    {
        ++endedCount;
        if (auto it = open.find(e.id); it != open.end()) {
            entries[*it].end = e.end;
            open.erase(it);
        } else {
            unknownEnds.append(e.id);
        }
    }
    void callRecorded(const Agent::CallRecord &r) override
    {
        if (!calls.contains(r.id))
            order.append(r.id);
        calls.insert(r.id, r);
    }
    /// Call records in the order they were first seen.
    QList<Agent::CallRecord> callLog() const
    {
        QList<Agent::CallRecord> out;
        for (const QString &id : order)
            out.append(calls.value(id));
        return out;
    }
    /// The record for a telephony call id (latest version), or an empty record.
    Agent::CallRecord byTelephonyId(const QString &id) const
    {
        for (const auto &r : calls) {
            if (r.telephonyCallId == id)
                return r;
        }
        return {};
    }

    QList<Agent::AgentStateEntry> entries;
    QHash<QString, qsizetype> open;
    QHash<QString, Agent::CallRecord> calls;
    QStringList order;
    QStringList unknownEnds;
    int endedCount = 0;
};

} // namespace Pasokh::TestSupport
