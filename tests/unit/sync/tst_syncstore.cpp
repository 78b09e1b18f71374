// SPDX-License-Identifier: GPL-3.0-or-later
// The sync engine's store operations: identity and re-key, push batches, result application
// (applied/duplicate/rejected/gap), pull application with the has_pending rule.
#include "models/sync/identity.h"
#include "models/sync/syncstore.h"
#include "tests/support/teststore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace Pasokh;
using namespace Pasokh::Sync;

namespace {
QJsonObject result(qint64 wire, const QString &status, qint64 sv = 1, const QString &code = {})
{
    QJsonObject r{{QStringLiteral("mutation_id"), wire}, {QStringLiteral("status"), status}};
    if (sv > 0)
        r.insert(QStringLiteral("server_version"), sv);
    if (!code.isEmpty())
        r.insert(QStringLiteral("error_code"), code);
    return r;
}

QJsonObject hubCase(const QString &id, qint64 sv, const QString &status, const QString &unit,
                    const QJsonValue &responseType = QJsonValue(), const QJsonValue &notes = QJsonValue())
{
    return QJsonObject{{QStringLiteral("entity"), QStringLiteral("case")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("server_version"), sv},
                       {QStringLiteral("deleted"), false},
                       {QStringLiteral("fields"), QJsonObject{{QStringLiteral("id"), id},
                                                              {QStringLiteral("status"), status},
                                                              {QStringLiteral("agency_responsible"), unit},
                                                              {QStringLiteral("response_type"), responseType},
                                                              {QStringLiteral("status_notes"), notes},
                                                              {QStringLiteral("updated_datetime"),
                                                               QStringLiteral("2026-11-30T10:00:00.000Z")},
                                                              {QStringLiteral("server_version"), sv}}}};
}
} // namespace

class TestSyncStore : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<Testing::TestStore> m_store;
    MemoryIdentityAnchor m_anchor;

    QSqlDatabase db() const { return m_store->db()->writer(); }
    QString registerOne()
    {
        auto c = m_store->cases().registerCase(Testing::TestStore::sampleCase());
        if (!c)
            qWarning() << c.error().message;
        return c ? c.value().id : QString();
    }
    QString text(const QString &sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return QStringLiteral("<none>");
        return q.value(0).toString();
    }

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<Testing::TestStore>(QStringLiteral("sync-unit"));
        QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
        m_anchor = MemoryIdentityAnchor();
    }
    void cleanup() { m_store.reset(); }

    void identityCreatedThenSame()
    {
        auto first = Identity::ensure(db(), m_store->dbPath(), m_anchor);
        QVERIFY(first);
        QCOMPARE(first.value(), IdentityOutcome::Created);
        const QString client = text(QStringLiteral("SELECT client_id FROM sync_state"));
        QCOMPARE(client.size(), 36);
        auto again = Identity::ensure(db(), m_store->dbPath(), m_anchor);
        QVERIFY(again);
        QCOMPARE(again.value(), IdentityOutcome::Same);
        QCOMPARE(text(QStringLiteral("SELECT client_id FROM sync_state")), client);
    }

    void copiedStoreIsRekeyed()
    {
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        const QString id1 = registerOne();
        const QString id2 = registerOne();
        QVERIFY(!id1.isEmpty() && !id2.isEmpty());
        SyncStore store(db());
        auto st = store.state();
        QVERIFY(st);
        auto batch = store.nextBatch(st.value(), 1, 1 << 20); // first mutation only
        QVERIFY(batch);
        QVERIFY(store.applyPushAnswer(
            batch.value(),
            QJsonObject{{QStringLiteral("results"), QJsonArray{result(1, QStringLiteral("applied"))}}}));
        const QString oldClient = st.value().clientId;

        // The same store seen by another console: its anchor does not know the store.
        MemoryIdentityAnchor otherConsole;
        auto outcome = Identity::ensure(db(), m_store->dbPath(), otherConsole);
        QVERIFY(outcome);
        QCOMPARE(outcome.value(), IdentityOutcome::Rekeyed);
        auto after = store.state();
        QVERIFY(after);
        QVERIFY(after.value().clientId != oldClient);
        QCOMPARE(after.value().mutationOffset, qint64(1)); // wire ids restart at 1 from the unacked row
        QCOMPARE(after.value().lastAckedWireId, qint64(0));
        auto again = store.nextBatch(after.value(), 200, 1 << 20);
        QVERIFY(again);
        QCOMPARE(again.value().rows.size(), 1);
        QCOMPARE(again.value().firstWire, qint64(1));
        QCOMPARE(again.value().rows.first().entityId, id2);
        QCOMPARE(again.value().idempotencyKey, after.value().clientId + QStringLiteral(":1-1"));

        // A different recorded instance id (restored backup) is a mismatch too.
        MemoryIdentityAnchor stale;
        stale.setInstanceId(m_store->dbPath(), QStringLiteral("00000000-0000-4000-8000-000000000000"));
        auto third = Identity::ensure(db(), m_store->dbPath(), stale);
        QVERIFY(third);
        QCOMPARE(third.value(), IdentityOutcome::Rekeyed);
    }

    void neverSyncedStoreIsAdopted()
    {
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        registerOne();
        MemoryIdentityAnchor fresh;
        auto outcome = Identity::ensure(db(), m_store->dbPath(), fresh);
        QVERIFY(outcome);
        QCOMPARE(outcome.value(), IdentityOutcome::Adopted);
    }

    void batchShapeAndResults()
    {
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        const QString a = registerOne();
        const QString b = registerOne();
        const QString c = registerOne();
        SyncStore store(db());
        auto st = store.state();
        QVERIFY(st);
        auto batch = store.nextBatch(st.value(), 200, 1 << 20);
        QVERIFY(batch);
        const PushBatch pb = batch.value();
        QCOMPARE(pb.rows.size(), 3);
        QCOMPARE(pb.idempotencyKey, st.value().clientId + QStringLiteral(":1-3"));
        const QJsonObject m0 = pb.body.value(QStringLiteral("mutations")).toArray().at(0).toObject();
        QCOMPARE(m0.value(QStringLiteral("op")).toString(), QStringLiteral("create"));
        const QJsonObject payload = m0.value(QStringLiteral("payload")).toObject();
        QVERIFY(payload.value(QStringLiteral("caller")).isObject());
        QCOMPARE(
            payload.value(QStringLiteral("location")).toObject().value(QStringLiteral("district")).toInt(),
            7);
        QVERIFY(!payload.value(QStringLiteral("tracking_code")).toString().isEmpty());

        const QJsonObject answer{
            {QStringLiteral("last_mutation_id"), 3},
            {QStringLiteral("results"),
             QJsonArray{result(1, QStringLiteral("applied")), result(2, QStringLiteral("duplicate")),
                        QJsonObject{{QStringLiteral("mutation_id"), 3},
                                    {QStringLiteral("status"), QStringLiteral("rejected")},
                                    {QStringLiteral("error_code"), QStringLiteral("category_retired")},
                                    {QStringLiteral("message"), QStringLiteral("retired")}}}}};
        auto out = store.applyPushAnswer(pb, answer);
        QVERIFY(out);
        QCOMPARE(out.value().acked, 2);
        QCOMPARE(out.value().parked, 1);
        QCOMPARE(text(QStringLiteral("SELECT state FROM outbox WHERE mutation_id = 1")),
                 QStringLiteral("acked"));
        QCOMPARE(text(QStringLiteral("SELECT state FROM outbox WHERE mutation_id = 2")),
                 QStringLiteral("acked"));
        QCOMPARE(text(QStringLiteral("SELECT state FROM outbox WHERE mutation_id = 3")),
                 QStringLiteral("parked"));
        QCOMPARE(text(QStringLiteral("SELECT last_error FROM outbox WHERE mutation_id = 3")),
                 QStringLiteral("category_retired: retired"));
        QCOMPARE(text(QStringLiteral("SELECT status FROM cases WHERE id = '%1'").arg(a)),
                 QStringLiteral("submitted"));
        QCOMPARE(text(QStringLiteral("SELECT has_pending FROM cases WHERE id = '%1'").arg(b)),
                 QStringLiteral("0"));
        QCOMPARE(text(QStringLiteral("SELECT server_version FROM cases WHERE id = '%1'").arg(a)),
                 QStringLiteral("1"));
        QCOMPARE(store.state().value().lastAckedWireId, qint64(3));
        auto counts = store.counts();
        QVERIFY(counts);
        QCOMPARE(counts.value().pending, 0);
        QCOMPARE(counts.value().parked, 1);
        QCOMPARE(counts.value().acked, 2);
        auto parked = store.parked();
        QVERIFY(parked);
        QCOMPARE(parked.value().size(), 1);
        QCOMPARE(parked.value().first().entityId, c);

        // Nothing left to push (only parked); the operator's retry puts it back.
        QVERIFY(store.nextBatch(store.state().value(), 200, 1 << 20).value().isEmpty());
        QCOMPARE(store.retryParked().value(), 1);
        QCOMPARE(store.nextBatch(store.state().value(), 200, 1 << 20).value().rows.size(), 1);
    }

    void gapRequeuesAckedRows()
    {
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        for (int i = 0; i < 4; ++i)
            registerOne();
        SyncStore store(db());
        auto pb = store.nextBatch(store.state().value(), 200, 1 << 20).value();
        QJsonArray results;
        for (int i = 1; i <= 4; ++i)
            results.append(result(i, QStringLiteral("applied")));
        QVERIFY(store.applyPushAnswer(pb, QJsonObject{{QStringLiteral("results"), results}}));
        QCOMPARE(store.counts().value().pending, 0);
        // The hub was restored and has only up to 2.
        QCOMPARE(store.requeueAfter(2).value(), 2);
        auto again = store.nextBatch(store.state().value(), 200, 1 << 20).value();
        QCOMPARE(again.firstWire, qint64(3));
        QCOMPARE(again.lastWire, qint64(4));
        QCOMPARE(store.state().value().lastAckedWireId, qint64(2));
        QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM cases WHERE has_pending = 1")),
                 qint64(2));
    }

    void amendWaitsForEarlierMutationOfSameCase()
    {
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        auto created = m_store->cases().registerCase(Testing::TestStore::sampleCase());
        QVERIFY(created);
        Core::CaseRecord changed = created.value();
        changed.description += QStringLiteral(" (اصلاح)");
        QVERIFY(m_store->cases().amendCase(changed));
        SyncStore store(db());
        auto pb = store.nextBatch(store.state().value(), 200, 1 << 20).value();
        QCOMPARE(pb.rows.size(), 1); // the amend goes in the next batch, with the create's server_version
        QVERIFY(store.applyPushAnswer(
            pb,
            QJsonObject{{QStringLiteral("results"), QJsonArray{result(1, QStringLiteral("applied"), 1)}}}));
        auto next = store.nextBatch(store.state().value(), 200, 1 << 20).value();
        QCOMPARE(next.rows.size(), 1);
        const QJsonObject m = next.body.value(QStringLiteral("mutations")).toArray().at(0).toObject();
        QCOMPARE(m.value(QStringLiteral("op")).toString(), QStringLiteral("amend"));
        QCOMPARE(m.value(QStringLiteral("base_server_version")).toInteger(), qint64(1));
        QVERIFY(!m.value(QStringLiteral("payload")).toObject().contains(QStringLiteral("tracking_code")));
    }

    void pullNeverOverwritesPendingCase()
    {
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        const QString id = registerOne();
        SyncStore store(db());
        // The hub already referred it, but our create is not acknowledged yet: deferred.
        auto out =
            store.applyPullPage(QJsonArray{hubCase(id, 2, QStringLiteral("referred"), QStringLiteral("D07"))},
                                QStringLiteral("c1"), QStringLiteral("e1"));
        QVERIFY(out);
        QCOMPARE(out.value().deferred, 1);
        QCOMPARE(text(QStringLiteral("SELECT status FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("registered"));
        QCOMPARE(text(QStringLiteral("SELECT pull_cursor FROM sync_state")), QStringLiteral("c1"));
        // The ack arrives: the deferred hub change is applied then.
        auto pb = store.nextBatch(store.state().value(), 200, 1 << 20).value();
        QVERIFY(store.applyPushAnswer(
            pb,
            QJsonObject{{QStringLiteral("results"), QJsonArray{result(1, QStringLiteral("applied"), 1)}}}));
        QCOMPARE(text(QStringLiteral("SELECT status FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("referred"));
        QCOMPARE(text(QStringLiteral("SELECT agency_responsible FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("D07"));
        QCOMPARE(m_store->scalar(QStringLiteral("SELECT count(*) FROM sync_deferred")), qint64(0));

        // An answer from the unit: answer text, response type, answered time and a case event.
        out = store.applyPullPage(
            QJsonArray{hubCase(id, 3, QStringLiteral("answered"), QStringLiteral("D07"),
                               QStringLiteral("resolved"), QStringLiteral("جمع‌آوری شد"))},
            QStringLiteral("c2"), QStringLiteral("e1"));
        QVERIFY(out);
        QCOMPARE(out.value().applied, 1);
        QCOMPARE(text(QStringLiteral("SELECT answer_text FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("جمع‌آوری شد"));
        QCOMPARE(text(QStringLiteral("SELECT response_type FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("resolved"));
        QCOMPARE(text(QStringLiteral("SELECT server_version FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("3"));
        QVERIFY(m_store->scalar(QStringLiteral("SELECT answered_at FROM cases WHERE id = '%1'").arg(id)) > 0);
        QCOMPARE(text(QStringLiteral(
                          "SELECT kind FROM case_events WHERE case_id = '%1' AND actor = 'hub' ORDER BY id "
                          "DESC LIMIT 1")
                          .arg(id)),
                 QStringLiteral("answer"));
        // An older version never goes back.
        out =
            store.applyPullPage(QJsonArray{hubCase(id, 2, QStringLiteral("referred"), QStringLiteral("D07"))},
                                QStringLiteral("c3"), QStringLiteral("e1"));
        QVERIFY(out);
        QCOMPARE(text(QStringLiteral("SELECT status FROM cases WHERE id = '%1'").arg(id)),
                 QStringLiteral("answered"));
    }

    void pullUpdatesReferenceData()
    {
        SyncStore store(db());
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        const QJsonArray changes{
            QJsonObject{{QStringLiteral("entity"), QStringLiteral("unit")},
                        {QStringLiteral("id"), QStringLiteral("ORG-TEST")},
                        {QStringLiteral("server_version"), 1},
                        {QStringLiteral("deleted"), false},
                        {QStringLiteral("fields"),
                         QJsonObject{{QStringLiteral("kind"), QStringLiteral("org")},
                                     {QStringLiteral("name_fa"), QStringLiteral("سازمان آزمون")},
                                     {QStringLiteral("name_en"), QStringLiteral("Test org")},
                                     {QStringLiteral("retired"), false}}}},
            QJsonObject{{QStringLiteral("entity"), QStringLiteral("category")},
                        {QStringLiteral("id"), QStringLiteral("WASTE-COLLECT")},
                        {QStringLiteral("server_version"), 2},
                        {QStringLiteral("deleted"), true},
                        {QStringLiteral("fields"),
                         QJsonObject{{QStringLiteral("name_fa"), QStringLiteral("جمع‌آوری")},
                                     {QStringLiteral("name_en"), QStringLiteral("Collect")},
                                     {QStringLiteral("retired"), true}}}}};
        auto out = store.applyPullPage(changes, QStringLiteral("c"), QStringLiteral("e"));
        QVERIFY(out);
        QVERIFY(out.value().referenceChanged);
        QCOMPARE(text(QStringLiteral("SELECT name_en FROM units WHERE code = 'ORG-TEST'")),
                 QStringLiteral("Test org"));
        QCOMPARE(text(QStringLiteral("SELECT retired FROM categories WHERE code = 'WASTE-COLLECT'")),
                 QStringLiteral("1"));
    }
    void pullAppliesKnowledgeBaseArticles()
    {
        SyncStore store(db());
        QVERIFY(Identity::ensure(db(), m_store->dbPath(), m_anchor));
        auto article = [](int version, const QString &title, const QString &body) {
            return QJsonObject{
                {QStringLiteral("entity"), QStringLiteral("kb_article")},
                {QStringLiteral("id"), QStringLiteral("stray-dogs")},
                {QStringLiteral("server_version"), version},
                {QStringLiteral("deleted"), false},
                {QStringLiteral("fields"),
                 QJsonObject{{QStringLiteral("title"), title},
                             {QStringLiteral("body"), body},
                             {QStringLiteral("keywords"), QJsonArray{QStringLiteral("سگ")}},
                             {QStringLiteral("categories"), QJsonArray{QStringLiteral("WASTE-COLLECT")}},
                             {QStringLiteral("units"), QJsonArray{QStringLiteral("ORG-WASTE")}},
                             {QStringLiteral("reviewed"), QStringLiteral("2026-11-20")},
                             {QStringLiteral("deleted"), false}}}};
        };
        auto ftsHits = [this](const QString &word) {
            return text(QStringLiteral("SELECT count(*) FROM kb_fts WHERE kb_fts MATCH '%1'").arg(word));
        };
        // New article: the hub's version, units and review date; indexed.
        auto out = store.applyPullPage(QJsonArray{article(3, QStringLiteral("سگ‌های ولگرد"),
                                                          QStringLiteral("با ۱۳۷ تماس بگیرید"))},
                                       QStringLiteral("c1"), QStringLiteral("e"));
        QVERIFY(out);
        QVERIFY(out.value().kbChanged);
        QVERIFY(!out.value().referenceChanged);
        QCOMPARE(text(QStringLiteral("SELECT version FROM kb_articles WHERE id = 'stray-dogs'")),
                 QStringLiteral("3"));
        QCOMPARE(text(QStringLiteral("SELECT reviewed_on FROM kb_articles WHERE id = 'stray-dogs'")),
                 QStringLiteral("2026-11-20"));
        QCOMPARE(
            text(QStringLiteral("SELECT unit_code FROM kb_article_units WHERE article_id = 'stray-dogs'")),
            QStringLiteral("ORG-WASTE"));
        const QString seq = text(QStringLiteral("SELECT seq FROM kb_articles WHERE id = 'stray-dogs'"));
        QCOMPARE(ftsHits(QStringLiteral("تماس")), QStringLiteral("1"));

        // A changed version replaces the text in the index under the same id and row; the same version
        // again is unchanged.
        out = store.applyPullPage(QJsonArray{article(4, QStringLiteral("سگ‌های ولگرد"),
                                                     QStringLiteral("به شهرداری منطقه خبر دهید")),
                                             article(4, QStringLiteral("سگ‌های ولگرد"),
                                                     QStringLiteral("به شهرداری منطقه خبر دهید"))},
                                  QStringLiteral("c2"), QStringLiteral("e"));
        QVERIFY(out);
        QCOMPARE(out.value().applied, 1);
        QCOMPARE(out.value().unchanged, 1);
        QCOMPARE(text(QStringLiteral("SELECT version FROM kb_articles WHERE id = 'stray-dogs'")),
                 QStringLiteral("4"));
        QCOMPARE(text(QStringLiteral("SELECT seq FROM kb_articles WHERE id = 'stray-dogs'")), seq);
        QCOMPARE(ftsHits(QStringLiteral("تماس")), QStringLiteral("0"));
        QCOMPARE(ftsHits(QStringLiteral("شهرداری")), QStringLiteral("1"));

        // A tombstone retires it (out of the index); an unknown id's tombstone and an article without a
        // body change nothing; the cursor still advances.
        QJsonObject tombstone = article(5, QStringLiteral("سگ‌های ولگرد"), QStringLiteral("-"));
        tombstone.insert(QStringLiteral("deleted"), true);
        QJsonObject unknown = tombstone;
        unknown.insert(QStringLiteral("id"), QStringLiteral("no-such-article"));
        QJsonObject broken = article(1, QStringLiteral("بی متن"), QString());
        broken.insert(QStringLiteral("id"), QStringLiteral("broken"));
        out = store.applyPullPage(QJsonArray{tombstone, unknown, broken}, QStringLiteral("c3"),
                                  QStringLiteral("e"));
        QVERIFY(out);
        QCOMPARE(out.value().applied, 1);
        QCOMPARE(out.value().skipped, 1);
        QCOMPARE(text(QStringLiteral("SELECT retired FROM kb_articles WHERE id = 'stray-dogs'")),
                 QStringLiteral("1"));
        QCOMPARE(ftsHits(QStringLiteral("شهرداری")), QStringLiteral("0"));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FROM kb_articles WHERE id = 'broken'")),
                 QStringLiteral("0"));
        QCOMPARE(text(QStringLiteral("SELECT pull_cursor FROM sync_state")), QStringLiteral("c3"));
    }
};

QTEST_GUILESS_MAIN(TestSyncStore)
#include "tst_syncstore.moc"
