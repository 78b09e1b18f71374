// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/intakeform.h"

#include "models/core/caselimits.h"
#include "models/core/digits.h"
#include "models/core/phonenumber.h"
#include "models/core/trackingcode.h"
#include "models/viewmodels/displayformat.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTextEdit>
#include <QVBoxLayout>

namespace Pasokh::Ui {

using Field = ViewModels::IntakeViewModel::Field;
using namespace Pasokh::Core;
namespace Fmt = ViewModels::DisplayFormat;

namespace {

QFrame *banner(const QString &color, QWidget *parent)
{
    auto *f = new QFrame(parent);
    f->setFrameShape(QFrame::StyledPanel);
    f->setAutoFillBackground(true);
    f->setStyleSheet(QStringLiteral("QFrame { background: %1; border-radius: 6px; }").arg(color));
    f->hide();
    return f;
}

// A combo box item list from an enum's labels; item data = the enum value as int.
template <typename E> void fillEnum(QComboBox *box)
{
    for (E value : EnumText<E>::all())
        box->addItem(EnumText<E>::label(value), int(value));
}

void selectData(QComboBox *box, const QVariant &data)
{
    const int i = box->findData(data);
    box->setCurrentIndex(i < 0 ? 0 : i);
}

} // namespace

IntakeForm::IntakeForm(ViewModels::IntakeViewModel *vm,
                       std::shared_ptr<const Storage::ReferenceCatalog> catalog, QWidget *parent)
    : QWidget(parent), m_vm(vm), m_catalog(std::move(catalog)),
      m_categoryModel(new ViewModels::CategoryCompletionModel(m_catalog, this))
{
    buildUi();
    connect(vm, &ViewModels::IntakeViewModel::valueChanged, this, [this](Field f) {
        if (!m_loading)
            showValue(f);
    });
    connect(vm, &ViewModels::IntakeViewModel::issuesChanged, this, &IntakeForm::refreshMessages);
    connect(vm, &ViewModels::IntakeViewModel::reset, this, &IntakeForm::loadFromModel);
    connect(vm, &ViewModels::IntakeViewModel::saved, this, &IntakeForm::onSaved);
    connect(vm, &ViewModels::IntakeViewModel::saveFailed, this, [this](const QString &message) {
        m_errorLabel->setText(message);
        m_errorLabel->show();
    });
    connect(vm, &ViewModels::IntakeViewModel::autosaveFailed, this, [this](const QString &message) {
        m_errorLabel->setText(tr("The draft could not be autosaved: %1").arg(message));
        m_errorLabel->show();
    });
    loadFromModel();
}

QLabel *IntakeForm::messageLabel(const QString &field)
{
    auto *label = new QLabel(this);
    label->setWordWrap(true);
    label->hide();
    m_messages.insert(field, label);
    return label;
}

void IntakeForm::buildUi()
{
    auto *outer = new QVBoxLayout(this);

    // Banner: a saved case's tracking code, large, with a copy button.
    m_savedBanner = banner(QStringLiteral("#e8f5e9"), this);
    m_savedBanner->setObjectName(QStringLiteral("savedBanner"));
    {
        auto *h = new QHBoxLayout(m_savedBanner);
        m_savedLabel = new QLabel(m_savedBanner);
        m_savedCodeLabel = new QLabel(m_savedBanner);
        QFont big = m_savedCodeLabel->font();
        big.setPointSizeF(big.pointSizeF() * 2.0);
        big.setBold(true);
        m_savedCodeLabel->setFont(big);
        m_savedCodeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *copy = new QPushButton(tr("Copy"), m_savedBanner);
        copy->setToolTip(tr("Copy the tracking code"));
        connect(copy, &QPushButton::clicked, this,
                [this] { QGuiApplication::clipboard()->setText(m_savedCode); });
        h->addWidget(m_savedLabel);
        h->addWidget(m_savedCodeLabel, 1);
        h->addWidget(copy);
    }
    outer->addWidget(m_savedBanner);

    // Banner: a draft recovered after a crash or power cut.
    m_draftBanner = banner(QStringLiteral("#fff8e1"), this);
    {
        auto *h = new QHBoxLayout(m_draftBanner);
        m_draftLabel = new QLabel(m_draftBanner);
        m_draftLabel->setWordWrap(true);
        auto *restore = new QPushButton(tr("Restore"), m_draftBanner);
        auto *discard = new QPushButton(tr("Discard"), m_draftBanner);
        connect(restore, &QPushButton::clicked, this, [this] {
            m_vm->restoreDraft();
            m_draftBanner->hide();
        });
        connect(discard, &QPushButton::clicked, this, [this] {
            m_vm->discardDraft();
            m_draftBanner->hide();
        });
        h->addWidget(m_draftLabel, 1);
        h->addWidget(restore);
        h->addWidget(discard);
    }
    outer->addWidget(m_draftBanner);

    m_modeLabel = new QLabel(this);
    QFont titleFont = m_modeLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_modeLabel->setFont(titleFont);
    outer->addWidget(m_modeLabel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeading | Qt::AlignVCenter);
    outer->addLayout(form, 1);

    m_channel = new QComboBox(this);
    fillEnum<Channel>(m_channel);
    m_caseType = new QComboBox(this);
    fillEnum<CaseType>(m_caseType);
    {
        auto *row = new QHBoxLayout;
        row->addWidget(m_channel, 1);
        row->addWidget(new QLabel(tr("Case type"), this));
        row->addWidget(m_caseType, 1);
        form->addRow(tr("Channel"), row);
    }

    m_phone = new QLineEdit(this);
    m_phone->setLayoutDirection(Qt::LeftToRight);
    m_phone->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_phone->setPlaceholderText(QStringLiteral("0915 123 4567"));
    m_phone->setToolTip(tr("Mobile, 051 landline or 8-digit local number; any digits"));
    m_phone->setMaxLength(40);
    m_anonymous = new QCheckBox(tr("Anonymous"), this);
    m_anonymous->setToolTip(tr("The caller does not want their name passed to the unit"));
    {
        auto *row = new QHBoxLayout;
        row->addWidget(m_phone, 1);
        row->addWidget(m_anonymous);
        form->addRow(tr("Phone"), row);
        form->addRow(QString(), messageLabel(QStringLiteral("phone")));
    }
    m_callerName = new QLineEdit(this);
    m_callerName->setObjectName(QStringLiteral("callerNameEdit"));
    m_callerName->setMaxLength(Core::CaseLimits::kCallerName);
    form->addRow(tr("Caller name"), m_callerName);
    m_nationalId = new QLineEdit(this);
    m_nationalId->setLayoutDirection(Qt::LeftToRight);
    m_nationalId->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_nationalId->setMaxLength(20);
    m_nationalId->setToolTip(tr("Optional; 10 digits"));
    form->addRow(tr("National ID"), m_nationalId);
    form->addRow(QString(), messageLabel(QStringLiteral("national_id")));

    m_category = new QLineEdit(this);
    m_category->setPlaceholderText(tr("Type to search categories"));
    m_category->setClearButtonEnabled(true);
    m_categoryCompleter = new QCompleter(m_categoryModel, this);
    m_categoryCompleter->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_categoryCompleter->setMaxVisibleItems(12);
    m_category->setCompleter(m_categoryCompleter);
    form->addRow(tr("Category"), m_category);
    form->addRow(QString(), messageLabel(QStringLiteral("service_code")));

    // QTextEdit in plain-text mode, not QPlainTextEdit: QPlainTextEdit left-aligns Persian paragraphs in a
    // right-to-left form; QTextEdit aligns each paragraph by its own direction (Persian right, English left).
    m_description = new QTextEdit(this);
    m_description->setObjectName(QStringLiteral("description"));
    m_description->setAcceptRichText(false);
    m_description->setTabChangesFocus(true);
    m_description->setPlaceholderText(tr("What is the problem, exactly where, since when?"));
    m_description->setMinimumHeight(90);
    form->addRow(tr("Description"), m_description);
    form->addRow(QString(), messageLabel(QStringLiteral("description")));

    m_district = new QComboBox(this);
    m_neighbourhood = new QComboBox(this);
    m_neighbourhood->setEditable(true);
    m_neighbourhood->setInsertPolicy(QComboBox::NoInsert);
    {
        auto *row = new QHBoxLayout;
        row->addWidget(m_district, 1);
        row->addWidget(new QLabel(tr("Neighbourhood"), this));
        row->addWidget(m_neighbourhood, 1);
        form->addRow(tr("District"), row);
        form->addRow(QString(), messageLabel(QStringLiteral("district")));
    }
    m_address = new QLineEdit(this);
    m_address->setMaxLength(Core::CaseLimits::kAddress);
    form->addRow(tr("Address"), m_address);

    m_urgency = new QComboBox(this);
    fillEnum<Urgency>(m_urgency);
    m_unit = new QComboBox(this);
    fillReferenceLists();
    {
        auto *row = new QHBoxLayout;
        row->addWidget(m_urgency);
        row->addWidget(new QLabel(tr("Referred to"), this));
        row->addWidget(m_unit, 1);
        form->addRow(tr("Urgency"), row);
        form->addRow(QString(), messageLabel(QStringLiteral("agency_responsible")));
    }

    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }"));
    m_errorLabel->hide();
    outer->addWidget(m_errorLabel);

    auto *buttons = new QHBoxLayout;
    m_save = new QPushButton(tr("Save case"), this);
    m_save->setToolTip(tr("Save the case and give the caller a tracking code (%1)")
                           .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    m_save->setDefault(true);
    m_new = new QPushButton(tr("New case"), this);
    m_new->setObjectName(QStringLiteral("newCaseButton"));
    m_new->setToolTip(tr("Clear the form for a new case (%1)")
                          .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    buttons->addStretch(1);
    buttons->addWidget(m_new);
    buttons->addWidget(m_save);
    outer->addLayout(buttons);

    // Reading order: the caller first (the number arrives with the call), then the problem, then where and
    // who.
    QWidget::setTabOrder(m_channel, m_caseType);
    QWidget::setTabOrder(m_caseType, m_phone);
    QWidget::setTabOrder(m_phone, m_anonymous);
    QWidget::setTabOrder(m_anonymous, m_callerName);
    QWidget::setTabOrder(m_callerName, m_nationalId);
    QWidget::setTabOrder(m_nationalId, m_category);
    QWidget::setTabOrder(m_category, m_description);
    QWidget::setTabOrder(m_description, m_district);
    QWidget::setTabOrder(m_district, m_neighbourhood);
    QWidget::setTabOrder(m_neighbourhood, m_address);
    QWidget::setTabOrder(m_address, m_urgency);
    QWidget::setTabOrder(m_urgency, m_unit);
    QWidget::setTabOrder(m_unit, m_save);
    QWidget::setTabOrder(m_save, m_new);

    auto touch = [this](const QString &field) {
        m_touched.insert(field);
        refreshMessages();
    };
    connect(m_channel, &QComboBox::activated, this,
            [this] { m_vm->setValue(Field::Channel, m_channel->currentData()); });
    connect(m_caseType, &QComboBox::activated, this,
            [this] { m_vm->setValue(Field::CaseType, m_caseType->currentData()); });
    connect(m_phone, &QLineEdit::textEdited, this,
            [this](const QString &t) { m_vm->setValue(Field::Phone, t); });
    connect(m_phone, &QLineEdit::editingFinished, this, [this, touch] {
        touch(QStringLiteral("phone"));
        const QString e164 = m_vm->normalizedPhone();
        if (!e164.isEmpty()) { // show the number as understood, in the national format
            const auto p = PhoneNumber::normalize(e164);
            m_phone->setText(Fmt::digits(p.value().nationalFormat()));
        }
    });
    connect(m_anonymous, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_vm->setValue(Field::Anonymous, on);
    });
    connect(m_callerName, &QLineEdit::textEdited, this,
            [this](const QString &t) { m_vm->setValue(Field::CallerName, t); });
    connect(m_nationalId, &QLineEdit::textEdited, this,
            [this](const QString &t) { m_vm->setValue(Field::NationalId, t); });
    connect(m_nationalId, &QLineEdit::editingFinished, this,
            [touch] { touch(QStringLiteral("national_id")); });
    connect(m_category, &QLineEdit::textEdited, this, [this](const QString &t) {
        m_categoryModel->setQuery(t);
        m_vm->setValue(Field::Category, QString()); // typed text is a search until a category is picked
        if (!t.isEmpty())
            m_categoryCompleter->complete();
    });
    connect(m_categoryCompleter, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) {
                m_vm->setValue(Field::Category, index.data(ViewModels::CategoryCompletionModel::CodeRole));
            });
    connect(m_category, &QLineEdit::editingFinished, this, [this, touch] {
        // Enter with exactly one match picks it.
        if (m_vm->value(Field::Category).toString().isEmpty() && m_categoryModel->rowCount() == 1)
            m_vm->setValue(Field::Category, m_categoryModel->codeAt(0));
        showValue(Field::Category);
        touch(QStringLiteral("service_code"));
    });
    connect(m_description, &QTextEdit::textChanged, this, [this] {
        if (!m_loading)
            m_vm->setValue(Field::Description, m_description->toPlainText());
    });
    connect(m_district, &QComboBox::activated, this, [this, touch] {
        m_vm->setValue(Field::District, m_district->currentData());
        touch(QStringLiteral("district"));
    });
    connect(m_neighbourhood, &QComboBox::currentTextChanged, this, [this](const QString &t) {
        if (!m_loading)
            m_vm->setValue(Field::Neighbourhood, t);
    });
    connect(m_address, &QLineEdit::textEdited, this,
            [this](const QString &t) { m_vm->setValue(Field::Address, t); });
    connect(m_urgency, &QComboBox::activated, this,
            [this] { m_vm->setValue(Field::Urgency, m_urgency->currentData()); });
    connect(m_unit, &QComboBox::activated, this, [this, touch] {
        m_vm->setValue(Field::Unit, m_unit->currentData());
        touch(QStringLiteral("agency_responsible"));
    });
    connect(m_save, &QPushButton::clicked, this, &IntakeForm::trySave);
    connect(m_new, &QPushButton::clicked, this, &IntakeForm::newCase);
}

void IntakeForm::showValue(Field f)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const QVariant v = m_vm->value(f);
    switch (f) {
    case Field::Channel:
        selectData(m_channel, v);
        break;
    case Field::CaseType:
        selectData(m_caseType, v);
        break;
    case Field::Phone:
        if (m_phone->text() != v.toString())
            m_phone->setText(v.toString());
        break;
    case Field::CallerName:
        m_callerName->setText(v.toString());
        break;
    case Field::NationalId:
        m_nationalId->setText(v.toString());
        break;
    case Field::Anonymous:
        m_anonymous->setChecked(v.toBool());
        break;
    case Field::Category: {
        const QString code = v.toString();
        if (!code.isEmpty())
            m_category->setText(Fmt::categoryName(*m_catalog, code, true));
        break;
    }
    case Field::Description:
        if (m_description->toPlainText() != v.toString())
            m_description->setPlainText(v.toString());
        break;
    case Field::District:
        selectData(m_district, v);
        fillNeighbourhoods();
        break;
    case Field::Neighbourhood:
        m_neighbourhood->setEditText(v.toString());
        break;
    case Field::Address:
        m_address->setText(v.toString());
        break;
    case Field::Urgency:
        selectData(m_urgency, v);
        break;
    case Field::Unit:
        selectData(m_unit, v);
        break;
    }
    m_loading = wasLoading;
}

void IntakeForm::fillReferenceLists()
{
    const QSignalBlocker blockDistrict(m_district);
    const QSignalBlocker blockUnit(m_unit);
    m_district->clear();
    m_district->addItem(tr("Choose a district"), 0);
    for (const Storage::District &d : m_catalog->districts())
        m_district->addItem(Fmt::districtName(*m_catalog, d.number), d.number);
    m_unit->clear();
    m_unit->addItem(tr("Choose the unit"), QString());
    for (const Storage::Unit &u : m_catalog->units())
        m_unit->addItem(Fmt::unitName(*m_catalog, u.code), u.code);
}

void IntakeForm::setCatalog(std::shared_ptr<const Storage::ReferenceCatalog> catalog)
{
    if (!catalog)
        return;
    // What the operator is typing lives in the widgets and the view model; neither is reset here. The
    // category field keeps its text (a search until a category is picked), the completer offers the new
    // categories for it, and the lists keep their choice (by code) when it still exists.
    const bool wasLoading = m_loading;
    m_loading = true;
    m_catalog = catalog;
    m_categoryModel->setCatalog(catalog);
    m_vm->setCatalog(std::move(catalog));
    fillReferenceLists();
    selectData(m_district, m_vm->value(Field::District));
    selectData(m_unit, m_vm->value(Field::Unit));
    fillNeighbourhoods();
    m_loading = wasLoading;
    refreshMessages();
    if (m_category->hasFocus() && !m_category->text().isEmpty() &&
        m_vm->value(Field::Category).toString().isEmpty())
        m_categoryCompleter->complete(); // the open type-ahead shows the new list
}

void IntakeForm::fillNeighbourhoods()
{
    const QString keep = m_vm->value(Field::Neighbourhood).toString();
    m_neighbourhood->clear();
    for (const Storage::Neighbourhood *n : m_catalog->neighbourhoodsOf(m_vm->value(Field::District).toInt()))
        m_neighbourhood->addItem(n->nameFa);
    m_neighbourhood->setEditText(keep);
}

void IntakeForm::loadFromModel()
{
    // The saved banner belongs to the case just saved: it survives only the fresh form that save() opens.
    if (!m_keepBannerOnReset) {
        m_savedBanner->hide();
        m_savedCode.clear();
    }
    m_keepBannerOnReset = false;
    m_loading = true;
    m_category->clear();
    m_categoryModel->setQuery(QString());
    for (Field f : {Field::Channel, Field::CaseType, Field::Phone, Field::CallerName, Field::NationalId,
                    Field::Anonymous, Field::Category, Field::Description, Field::District,
                    Field::Neighbourhood, Field::Address, Field::Urgency, Field::Unit})
        showValue(f);
    m_loading = false;
    m_touched.clear();
    m_saveTried = false;
    m_errorLabel->hide();
    if (m_vm->isAmending()) {
        const CaseRecord c = m_vm->currentCase();
        m_modeLabel->setText(tr("Amending case %1").arg(Fmt::trackingCode(c.trackingCode)));
    } else {
        m_modeLabel->setText(tr("New case"));
    }
    refreshMessages();
}

void IntakeForm::refreshMessages()
{
    for (auto it = m_messages.cbegin(); it != m_messages.cend(); ++it) {
        bool blocking = true;
        const QString message = m_vm->issueFor(it.key(), &blocking);
        const bool show = !message.isEmpty() && (m_saveTried || m_touched.contains(it.key()));
        it.value()->setText(message);
        it.value()->setStyleSheet(blocking ? QStringLiteral("QLabel { color: #b71c1c; }")
                                           : QStringLiteral("QLabel { color: #8d6e00; }"));
        it.value()->setVisible(show);
    }
}

bool IntakeForm::trySave()
{
    m_saveTried = true;
    m_errorLabel->hide();
    refreshMessages();
    if (!Storage::CaseValidator::canSave(m_vm->issues())) {
        // Put the cursor where the first problem is.
        const QString field = m_vm->issues().first().field;
        const QHash<QString, QWidget *> editors = {
            {QStringLiteral("phone"), m_phone},           {QStringLiteral("national_id"), m_nationalId},
            {QStringLiteral("service_code"), m_category}, {QStringLiteral("description"), m_description},
            {QStringLiteral("district"), m_district},     {QStringLiteral("agency_responsible"), m_unit}};
        QWidget *target = editors.value(field, m_unit);
        target->setFocus(Qt::OtherFocusReason);
        return false;
    }
    return m_vm->save().ok();
}

void IntakeForm::onSaved(const CaseRecord &c)
{
    m_savedCode = c.trackingCode;
    m_savedLabel->setText(tr("Case saved. Tracking code:"));
    m_savedCodeLabel->setText(Fmt::trackingCode(c.trackingCode));
    m_savedBanner->show();
    m_draftBanner->hide();
    m_keepBannerOnReset = true; // IntakeViewModel::save() starts the fresh form right after saved()
}

bool IntakeForm::confirmDiscard()
{
    if (!m_vm->isDirty())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved case"),
                    tr("The case you are typing has not been saved. Keep typing it, or discard it and "
                       "start a new case?"),
                    QMessageBox::NoButton, this);
    QPushButton *keep = box.addButton(tr("Keep typing"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("keepTypingButton"));
    QPushButton *discard = box.addButton(tr("Discard and start new"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discardButton"));
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    if (box.clickedButton() != discard)
        return false;
    m_vm->discardDraft();
    return true;
}

bool IntakeForm::newCase()
{
    if (!confirmDiscard())
        return false;
    if (m_starter)
        m_starter();
    else
        m_vm->startNew();
    m_phone->setFocus(Qt::ShortcutFocusReason);
    return true;
}

void IntakeForm::offerDraftIfAny()
{
    const auto draft = m_vm->pendingDraft();
    if (!draft)
        return;
    m_draftLabel->setText(
        tr("A case that was being typed at %1 was not saved (the console closed). Restore it?")
            .arg(Fmt::dateTime(draft->savedAt)));
    m_draftBanner->show();
}

} // namespace Pasokh::Ui
