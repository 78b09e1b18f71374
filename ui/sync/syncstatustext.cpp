// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sync/syncstatustext.h"

#include "models/viewmodels/displayformat.h"

#include <QDateTime>
#include <QTimeZone>

namespace Pasokh::Ui {

namespace Fmt = ViewModels::DisplayFormat;
using State = Sync::SyncStatus::State;

QString SyncStatusText::connection(const Sync::SyncStatus &s)
{
    switch (s.state) {
    case State::Stopped:
        return tr("Hub sync stopped");
    case State::Idle:
        return tr("Online");
    case State::Syncing:
        return tr("Online: syncing");
    case State::Offline:
        if (s.nextRetryAt > 0)
            return tr("Offline: next try %1")
                .arg(Fmt::dateTime(QDateTime::fromMSecsSinceEpoch(s.nextRetryAt, QTimeZone::utc())));
        return tr("Offline");
    case State::Locked:
        return tr("Hub login needed (cases are kept)");
    case State::Blocked:
        if (s.errorCode == QLatin1String("upgrade"))
            return tr("Hub sync stopped: this version is too old");
        if (s.errorCode == QLatin1String("forbidden"))
            return tr("Hub sync stopped: this station is not allowed; call IT");
        return tr("Hub sync stopped; call IT");
    }
    return {};
}

QString SyncStatusText::queue(const Sync::SyncStatus &s)
{
    QString text = tr("Waiting to send: %1").arg(Fmt::digits(QString::number(s.pending)));
    if (s.parked > 0)
        text += QStringLiteral(" · ") + tr("Refused by the hub: %1").arg(Fmt::digits(QString::number(s.parked)));
    text += QStringLiteral(" · ");
    text += s.lastSyncAt > 0
                ? tr("Last sync: %1").arg(Fmt::dateTime(QDateTime::fromMSecsSinceEpoch(s.lastSyncAt, QTimeZone::utc())))
                : tr("Last sync: never");
    return text;
}

QString SyncStatusText::colour(const Sync::SyncStatus &s)
{
    switch (s.state) {
    case State::Idle:
    case State::Syncing:
        return QStringLiteral("#1b5e20");
    case State::Blocked:
        return QStringLiteral("#b71c1c");
    default:
        return QStringLiteral("#8d6e00");
    }
}

} // namespace Pasokh::Ui
