// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/casedetailview.h"

#include "models/storage/casereader.h"
#include "models/viewmodels/displayformat.h"

#include <QHBoxLayout>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Pasokh::Ui {

using namespace Pasokh::Core;
namespace Fmt = ViewModels::DisplayFormat;

CaseDetailView::CaseDetailView(Storage::ReadWorker *worker,
                               std::shared_ptr<const Storage::ReferenceCatalog> catalog, QWidget *parent)
    : QWidget(parent), m_worker(worker), m_catalog(std::move(catalog)), m_fields(new QTextBrowser(this)),
      m_timeline(new QListWidget(this)), m_amend(new QPushButton(tr("Amend"), this)),
      m_call(new QPushButton(tr("Call the caller"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_fields->setOpenLinks(false);
    layout->addWidget(m_fields, 3);
    auto *side = new QVBoxLayout;
    auto *title = new QLabel(tr("Timeline"), this);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    side->addWidget(title);
    side->addWidget(m_timeline, 1);
    m_amend->setToolTip(tr("Change the intake fields of a case the hub has not received yet"));
    side->addWidget(m_amend);
    m_call->setObjectName(QStringLiteral("callCaller"));
    m_call->setToolTip(tr("Call the citizen back from this console's phone"));
    m_call->hide();
    side->addWidget(m_call);
    layout->addLayout(side, 2);
    connect(m_amend, &QPushButton::clicked, this, [this] { Q_EMIT amendRequested(m_case); });
    connect(m_call, &QPushButton::clicked, this, [this] {
        if (!m_case.caller.phone.isEmpty())
            Q_EMIT callRequested(m_case.caller.phone, m_case.id);
    });
    showCase(nullptr);
}

void CaseDetailView::setCallEnabled(bool enabled)
{
    m_call->setVisible(enabled);
}

void CaseDetailView::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    m_catalog = std::move(catalog);
    if (!m_case.id.isEmpty()) {
        const CaseRecord shown = m_case;
        showCase(&shown);
    }
}

void CaseDetailView::showCase(const CaseRecord *c)
{
    m_timeline->clear();
    if (!c) {
        m_case = CaseRecord{};
        m_fields->setHtml(
            QStringLiteral("<p>%1</p>").arg(tr("Select a case to see its details.").toHtmlEscaped()));
        m_amend->setEnabled(false);
        m_call->setEnabled(false);
        return;
    }
    m_case = *c;
    m_call->setEnabled(!c->caller.phone.isEmpty() && !c->caller.anonymous);
    // Qt 6.4's QTextDocument never mirrors table columns (not even with dir='rtl'): in right-to-left the
    // value cell comes first so that the label sits on the right edge and its value to its left, as in the
    // intake form.
    const bool rtl = layoutDirection() == Qt::RightToLeft;
    const QString dir = rtl ? QStringLiteral("rtl") : QStringLiteral("ltr");
    auto row = [rtl](const QString &label, const QString &value) {
        const QString labelCell = QStringLiteral("<td><b>%1</b></td>").arg(label.toHtmlEscaped());
        const QString valueCell =
            QStringLiteral("<td>%1</td>")
                .arg(value.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")));
        return QStringLiteral("<tr>%1%2</tr>").arg(rtl ? valueCell : labelCell, rtl ? labelCell : valueCell);
    };
    QString html = QStringLiteral("<h3 dir='%3'>%1 %2</h3><table dir='%3' align='%4' cellspacing='4'>")
                       .arg(tr("Case").toHtmlEscaped(), Fmt::trackingCode(c->trackingCode).toHtmlEscaped(),
                            dir, rtl ? QStringLiteral("right") : QStringLiteral("left"));
    html += row(tr("Status"), CaseStatusText::label(c->status));
    html += row(tr("Registered"), Fmt::dateTime(c->requestedAt));
    if (c->expectedAt.isValid())
        html += row(tr("Answer due"), Fmt::dateTime(c->expectedAt));
    html += row(tr("Channel"), ChannelText::label(c->channel));
    html += row(tr("Case type"), CaseTypeText::label(c->caseType));
    html += row(tr("Category"), Fmt::categoryName(*m_catalog, c->serviceCode, true));
    html += row(tr("Urgency"), UrgencyText::label(c->urgency));
    html += row(tr("Caller"), c->caller.anonymous ? tr("Anonymous") : c->caller.name);
    html += row(tr("Phone"), Fmt::phone(c->caller.phone));
    if (!c->caller.nationalId.isEmpty())
        html += row(tr("National ID"), Fmt::digits(c->caller.nationalId));
    html += row(tr("District"), Fmt::districtName(*m_catalog, c->location.district));
    if (!c->location.neighbourhood.isEmpty())
        html += row(tr("Neighbourhood"), c->location.neighbourhood);
    if (!c->location.address.isEmpty())
        html += row(tr("Address"), c->location.address);
    html += row(tr("Referred to"), Fmt::unitName(*m_catalog, c->agencyResponsible));
    html += row(tr("Operator"), c->operatorName);
    html += row(tr("Description"), c->description);
    if (c->responseType) {
        html += row(tr("Answer type"), ResponseTypeText::label(*c->responseType));
        html += row(tr("Answered"), Fmt::dateTime(c->answeredAt));
        html += row(tr("Answer"), c->answerText);
    }
    html += QStringLiteral("</table>");
    m_fields->setHtml(html);
    m_amend->setEnabled(c->status == CaseStatus::Registered);

    const QString id = c->id;
    m_worker->run<Result<QList<Storage::CaseEvent>>>(
        this, [id](const QSqlDatabase &db) { return Storage::CaseReader::events(db, id); },
        [this, id](Result<QList<Storage::CaseEvent>> events) {
            if (id != m_case.id || !events)
                return;
            for (const Storage::CaseEvent &e : events.value()) {
                QString kind = e.kind == QLatin1String("created")   ? tr("Registered")
                               : e.kind == QLatin1String("amended") ? tr("Amended")
                               : e.kind == QLatin1String("answer")  ? tr("Answered")
                                                                    : tr("Status changed");
                if (const auto s = CaseStatusText::fromCode(e.status); s && e.kind == QLatin1String("status"))
                    kind += QStringLiteral(": ") + CaseStatusText::label(*s);
                QString text = tr("%1 · %2 · %3").arg(Fmt::dateTime(e.at), kind, e.actor);
                const QJsonObject changes = QJsonDocument::fromJson(e.changes.toUtf8()).object();
                if (!changes.isEmpty())
                    text += QLatin1Char('\n') + tr("Changed: %1").arg(changedFields(changes.keys()));
                m_timeline->addItem(text);
            }
        });
}

QString CaseDetailView::fieldLabel(const QString &key)
{
    static const QHash<QString, const char *> labels = {
        {QStringLiteral("status"), QT_TR_NOOP("Status")},
        {QStringLiteral("agency_responsible"), QT_TR_NOOP("Referred to")},
        {QStringLiteral("status_notes"), QT_TR_NOOP("Hub note")},
        {QStringLiteral("response_type"), QT_TR_NOOP("Answer type")},
        {QStringLiteral("answer_text"), QT_TR_NOOP("Answer")},
        {QStringLiteral("expected_datetime"), QT_TR_NOOP("Answer due")},
        {QStringLiteral("service_code"), QT_TR_NOOP("Category")},
        {QStringLiteral("description"), QT_TR_NOOP("Description")},
        {QStringLiteral("caller_name"), QT_TR_NOOP("Caller")},
        {QStringLiteral("phone"), QT_TR_NOOP("Phone")},
        {QStringLiteral("national_id"), QT_TR_NOOP("National ID")},
        {QStringLiteral("anonymous"), QT_TR_NOOP("Anonymous")},
        {QStringLiteral("district"), QT_TR_NOOP("District")},
        {QStringLiteral("neighbourhood"), QT_TR_NOOP("Neighbourhood")},
        {QStringLiteral("address_string"), QT_TR_NOOP("Address")},
        {QStringLiteral("lat"), QT_TR_NOOP("Location")},
        {QStringLiteral("long"), QT_TR_NOOP("Location")},
        {QStringLiteral("urgency"), QT_TR_NOOP("Urgency")},
        {QStringLiteral("channel"), QT_TR_NOOP("Channel")},
        {QStringLiteral("case_type"), QT_TR_NOOP("Case type")},
        {QStringLiteral("kb_articles"), QT_TR_NOOP("Guidance articles used")},
    };
    const auto it = labels.constFind(key);
    return it == labels.constEnd() ? key : tr(it.value());
}

QString CaseDetailView::changedFields(const QStringList &keys)
{
    QStringList names;
    for (const QString &k : keys) {
        const QString name = fieldLabel(k);
        if (!names.contains(name))
            names << name;
    }
    return names.join(tr(", "));
}

} // namespace Pasokh::Ui
