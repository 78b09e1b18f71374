// SPDX-License-Identifier: GPL-3.0-or-later
// The call panel over FakeTelephony (offscreen): screen pop, answer, hold, mute, DTMF, hang-up, wrap-up,
// not-ready refusal, engine crash banner, click-to-call.
#include "telephony/faketelephony.h"
#include "tests/unit/agent/memoryagentsink.h"
#include "ui/callpanel/callpanel.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Pasokh;
using namespace Pasokh::Telephony;

class TstCallPanel : public QObject
{
    Q_OBJECT
private:
    TestSupport::MemoryAgentSink m_sink;
    std::unique_ptr<FakeTelephony> m_tel;
    std::unique_ptr<Agent::AgentStateMachine> m_agent;
    std::unique_ptr<AgentCallBinding> m_binding;
    std::unique_ptr<Ui::CallPanel> m_panel;

    QPushButton *button(const QString &text)
    {
        for (auto *b : m_panel->findChildren<QPushButton *>()) {
            if (b->text() == text)
                return b;
        }
        return nullptr;
    }
    CallInfo caller()
    {
        CallInfo c;
        c.ani = QStringLiteral("+989151234567");
        c.displayName = QStringLiteral("علی رضایی");
        return c;
    }

private Q_SLOTS:
    void init()
    {
        m_sink = TestSupport::MemoryAgentSink{};
        m_tel = std::make_unique<FakeTelephony>();
        m_agent = std::make_unique<Agent::AgentStateMachine>(QStringLiteral("op"), &m_sink,
                                                             Agent::AgentStateMachine::Config{0});
        m_binding = std::make_unique<AgentCallBinding>(m_tel.get(), m_agent.get()); // before the panel
        m_panel = std::make_unique<Ui::CallPanel>(m_tel.get(), m_agent.get(), m_binding.get(), nullptr);
        m_panel->show();
        m_tel->start();
        QTest::mouseClick(button(QStringLiteral("Ready")), Qt::LeftButton);
        QCOMPARE(m_agent->state(), Agent::AgentState::Ready);
    }
    void cleanup()
    {
        m_panel.reset();
        m_binding.reset();
        m_agent.reset();
        m_tel.reset();
    }

    void incomingAnswerHoldMuteDtmfHangUp()
    {
        QSignalSpy pop(m_panel.get(), &Ui::CallPanel::screenPop);
        const QString id = m_tel->simulateIncoming(caller());
        QCOMPARE(pop.size(), 1);
        QCOMPARE(m_panel->currentCall().id, id);
        bool numberShown = false;
        for (auto *l : m_panel->findChildren<QLabel *>())
            numberShown = numberShown || l->text().contains(QStringLiteral("0915 123 4567"));
        QVERIFY(numberShown);
        QPushButton *answer = button(QStringLiteral("Answer"));
        QVERIFY(answer && answer->isEnabled());
        QTest::mouseClick(answer, Qt::LeftButton);
        QVERIFY(m_tel->commands().contains(QStringLiteral("answer ") + id));
        QCOMPARE(m_agent->state(), Agent::AgentState::OnCall);
        QVERIFY(!answer->isEnabled());
        QTest::mouseClick(button(QStringLiteral("Hold")), Qt::LeftButton);
        QVERIFY(m_tel->commands().contains(QStringLiteral("hold ") + id));
        QVERIFY(button(QStringLiteral("Resume")));
        QTest::mouseClick(button(QStringLiteral("Resume")), Qt::LeftButton);
        QVERIFY(m_tel->commands().contains(QStringLiteral("resume ") + id));
        QTest::mouseClick(button(QStringLiteral("Mute")), Qt::LeftButton);
        QVERIFY(m_tel->commands().contains(QStringLiteral("mute ") + id + QStringLiteral(" on")));
        QTest::mouseClick(m_panel->findChild<QPushButton *>(QStringLiteral("dtmf_#")), Qt::LeftButton);
        QVERIFY(m_tel->commands().contains(QStringLiteral("dtmf ") + id + QStringLiteral(" #")));
        QTest::mouseClick(button(QStringLiteral("Hang up")), Qt::LeftButton);
        QVERIFY(m_tel->commands().contains(QStringLiteral("hangup ") + id));
        QCOMPARE(m_agent->state(), Agent::AgentState::WrapUp);
        QVERIFY(!button(QStringLiteral("Finish wrap-up"))->isEnabled()); // disposition first
    }

    void notReadyRefusesAndShowsNothing()
    {
        QVERIFY(m_agent->setNotReady(Agent::NotReadyReason::Prayer).ok());
        QSignalSpy pop(m_panel.get(), &Ui::CallPanel::screenPop);
        const QString id = m_tel->simulateIncoming(caller());
        QCOMPARE(pop.size(), 0);
        QVERIFY(m_tel->commands().contains(QStringLiteral("reject ") + id + QStringLiteral(" busy")));
        QVERIFY(m_panel->currentCall().id.isEmpty());
    }

    void engineCrashShowsBannerUntilRegistered()
    {
        const QString id = m_tel->simulateIncoming(caller());
        m_tel->answer(id);
        m_tel->simulateEngineCrash();
        QCOMPARE(m_panel->currentCall().endReason, EndReason::EngineCrashed);
        QCOMPARE(m_agent->state(), Agent::AgentState::WrapUp);
        QVERIFY(m_panel->bannerText().isEmpty()); // the fake is registered again at once
        // A crash whose restart is still pending: the banner says so until registration is back.
        Q_EMIT m_tel->engineCrashed(QStringLiteral("test"), 1000);
        QVERIFY(m_panel->bannerText().contains(QStringLiteral("restarting")));
        m_tel->simulateRegistration(RegistrationState::Ok);
        QVERIFY(m_panel->bannerText().isEmpty());
    }

    void clickToCall()
    {
        auto *edit = m_panel->findChildren<QLineEdit *>().last();
        QTest::keyClicks(edit, QStringLiteral("09151234567"));
        QTest::mouseClick(button(QStringLiteral("Call")), Qt::LeftButton);
        QCOMPARE(m_agent->state(), Agent::AgentState::OnCall);
        QVERIFY(m_tel->commands().last().startsWith(QStringLiteral("dial ")));
        QVERIFY(button(QStringLiteral("Hang up"))->isEnabled());
    }
};

QTEST_MAIN(TstCallPanel)
#include "tst_callpanel.moc"
