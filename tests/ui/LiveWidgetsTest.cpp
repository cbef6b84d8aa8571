// The Live tab's widgets on their own, without a window or a stream: the source form's URI
// for every kind of source (and back), the units of the memory table, and the live plot
// holding back the actuals a model has not consumed yet (synthetic session updates).
#include "core/stream/StreamSession.h"
#include "ui/live/LivePlot.h"
#include "ui/live/LiveStyle.h"
#include "ui/live/SourceForm.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

#include <cmath>

using namespace aaren::ui;
namespace st = aaren::stream;

class LiveWidgetsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sourceFormWritesTheUriOfEachKind() {
    SourceForm form;
    QCOMPARE(form.uri(), QStringLiteral("replay:?rate=1000"));
    // A log-scale slider: two decimal steps per position hundred, 1 to 100,000 samples/s.
    form.rateSlider()->setValue(0);
    QCOMPARE(form.rateBox()->value(), 1);
    form.rateSlider()->setValue(500);
    QCOMPARE(form.rateBox()->value(), 100000);
    form.rateBox()->setValue(100);
    QCOMPARE(form.rateSlider()->value(), 200);
    QCOMPARE(form.uri(), QStringLiteral("replay:?rate=100"));
    form.fastestBox()->setChecked(true);
    form.setLoop(true);
    QCOMPARE(form.uri(), QStringLiteral("replay:?rate=0&loop=1"));
    QCOMPARE(form.rate(), 0.0);
    QVERIFY(!form.rateSlider()->isEnabled());

    form.setKind(SourceForm::Kind::TcpConnect);
    QCOMPARE(form.uri(), QStringLiteral("tcp://127.0.0.1:9000"));
    form.setKind(SourceForm::Kind::TcpListen);
    QCOMPARE(form.uri(), QStringLiteral("tcp+listen://127.0.0.1:9000"));
    form.setKind(SourceForm::Kind::Udp);
    QCOMPARE(form.uri(), QStringLiteral("udp://127.0.0.1:9001"));
    form.setKind(SourceForm::Kind::File);
    auto* path = form.findChildren<QLineEdit*>().at(0);
    for (QLineEdit* e : form.findChildren<QLineEdit*>())
      if (e->placeholderText().contains(QStringLiteral("appends"))) path = e;
    path->setText(QStringLiteral("/tmp/feed.csv"));
    QCOMPARE(form.uri(), QStringLiteral("file:/tmp/feed.csv"));
    form.setKind(SourceForm::Kind::Sqlite);
    QVERIFY(form.uri().startsWith(QStringLiteral("sqlite:")));
    QVERIFY(form.uri().contains(QStringLiteral("table=")));

    // The field is what is used: any URI can be typed in.
    QSignalSpy changed(&form, &SourceForm::changed);
    QTest::keyClicks(form.uriEdit(), QStringLiteral("?x"));
    QVERIFY(changed.count() > 0);
    form.setUri(QStringLiteral("tcp://example.org:7000?format=json"));
    QCOMPARE(form.uri(), QStringLiteral("tcp://example.org:7000?format=json"));
    // ...and the form shows what it says.
    QCOMPARE(form.kind(), SourceForm::Kind::TcpConnect);
    QCOMPARE(form.formUri(), QStringLiteral("tcp://example.org:7000?format=json"));
    form.setUri(QStringLiteral("tcp+listen://0.0.0.0:9100"));
    QCOMPARE(form.kind(), SourceForm::Kind::TcpListen);
    QCOMPARE(form.formUri(), QStringLiteral("tcp+listen://0.0.0.0:9100"));
    form.setUri(QStringLiteral("replay:?rate=2500&loop=1"));
    QCOMPARE(form.kind(), SourceForm::Kind::Replay);
    QCOMPARE(form.rateBox()->value(), 2500);
    QCOMPARE(form.rate(), 2500.0);
    QCOMPARE(form.formUri(), QStringLiteral("replay:?rate=2500&loop=1"));
    form.setUri(QStringLiteral("not a uri"));  // kept as typed; the form stays
    QCOMPARE(form.uri(), QStringLiteral("not a uri"));
    QCOMPARE(form.kind(), SourceForm::Kind::Replay);
  }

  void unitsAreLegible() {
    QCOMPARE(bytesText(576), QStringLiteral("576 B"));
    QCOMPARE(bytesText(1536), QStringLiteral("1.50 KiB"));
    QCOMPARE(bytesText(64.0 * 1024 * 1024), QStringLiteral("64.0 MiB"));
    QCOMPARE(microsText(5.5), QStringLiteral("5.50 µs"));
    QCOMPARE(microsText(5762), QStringLiteral("5.76 ms"));
    QCOMPARE(displayName("Aaren", "Aaren (fused step)"), QStringLiteral("Aaren (fused step)"));
    QCOMPARE(displayName("Transformer, untrained", "Transformer (KV cache)"), QStringLiteral("Transformer, untrained (KV cache)"));
  }

  void livePlotWaitsForTheModels() {
    // Synthetic updates: a forecasting model that has consumed 4 of the 10 samples received.
    LivePlot plot;
    st::SessionUpdate u;
    u.columns = {"a", "b"};
    for (int i = 0; i < 10; ++i) u.actuals.push_back({i, st::kNoTime, {double(i), -double(i)}});
    st::ModelView m;
    m.label = "Aaren";
    m.columns = {"b"};  // reads only b
    m.horizon = 3;
    m.status = st::ModelStatus::Running;
    m.samples = 4;
    m.last_index = 3;
    for (int i = 1; i < 4; ++i) m.one_step.push_back({i, st::kNoTime, {-double(i) + 0.5}});
    m.forecast_origin = 3;
    m.forecast = {-4.5, -5.5, -6.5};
    m.rolling_mae = {0.5};
    m.mae_count = 3;
    u.models = {m};
    plot.append(u);
    QCOMPARE(plot.actualPoints(), 4);
    QCOMPARE(plot.heldBack(), std::size_t{6});
    QCOMPARE(plot.channelBox()->currentText(), QStringLiteral("b"));  // the last channel by default
    QCOMPARE(plot.oneStepPoints(0), 3);
    QCOMPARE(plot.forecastPoints(0), 4);  // joined to the last one-step point
    QCOMPARE(plot.rollingMae(0), 0.5);
    // Channel a is not one the model reads: no forecast drawn for it.
    plot.setChannel(0);
    QCOMPARE(plot.forecastPoints(0), 0);
    QVERIFY(std::isnan(plot.rollingMae(0)));
    plot.setChannel(1);
    // The model catches up (and finishes): every sample is drawn.
    u.actuals.clear();
    u.models[0].one_step.clear();
    u.models[0].samples = 10;
    u.models[0].last_index = 9;
    u.models[0].status = st::ModelStatus::Finished;
    plot.append(u);
    QCOMPARE(plot.actualPoints(), 10);
    QCOMPARE(plot.heldBack(), std::size_t{0});
    // A cost-only model holds nothing back and draws nothing.
    LivePlot costOnly;
    u.models[0].cost_only = true;
    u.models[0].samples = 0;
    u.models[0].status = st::ModelStatus::Running;
    for (int i = 0; i < 10; ++i) u.actuals.push_back({i, st::kNoTime, {double(i), -double(i)}});
    costOnly.append(u);
    QCOMPARE(costOnly.actualPoints(), 10);
    QCOMPARE(costOnly.oneStepPoints(0), 0);
  }
};

QTEST_MAIN(LiveWidgetsTest)
#include "LiveWidgetsTest.moc"
