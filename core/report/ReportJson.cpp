#include "core/report/ReportJson.h"

#include "core/report/AtomicWrite.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace aaren::report {

using nlohmann::json;

namespace {

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json numbers(const std::vector<double>& values) {
  json a = json::array();
  for (double v : values) a.push_back(number(v));
  return a;
}

json pairs(const std::vector<KeyValue>& kv) {
  json o = json::array();
  for (const auto& p : kv) o.push_back({{"key", p.key}, {"value", p.value}});
  return o;
}

std::string styleName(PlotLine::Style s) {
  switch (s) {
    case PlotLine::Style::Solid: return "solid";
    case PlotLine::Style::Dashed: return "dashed";
    case PlotLine::Style::Dotted: return "dotted";
    case PlotLine::Style::Points: return "points";
    case PlotLine::Style::Steps: return "steps";
  }
  return "solid";
}

json datasetJson(const DatasetSummary& d) {
  json j = {{"source", d.source},
            {"format", d.format},
            {"rows", d.rows},
            {"columns", d.columns},
            {"has_time", d.has_time},
            {"frequency_seconds", d.frequency_seconds},
            {"frequency", d.frequency},
            {"missing_policy", d.missing_policy},
            {"missing_values", d.missing_values},
            {"filled_values", d.filled_values},
            {"dropped_rows", d.dropped_rows},
            {"split", d.split}};
  if (d.has_time) {
    j["first_time"] = d.first_time;
    j["last_time"] = d.last_time;
  }
  if (d.train_end > 0) {
    j["train_rows"] = {d.train_begin, d.train_end};
    j["val_rows"] = {d.val_begin, d.val_end};
    j["test_rows"] = {d.test_begin, d.test_end};
  }
  if (!d.classes.empty()) {
    j["classes"] = d.classes;
    j["train_cases"] = d.train_cases;
    j["test_cases"] = d.test_cases;
    j["max_length"] = d.max_length;
  }
  return j;
}

json modelJson(const ModelCard& m) {
  return {{"name", m.name},
          {"task", m.task},
          {"file", m.file},
          {"file_bytes", m.file_bytes},
          {"parameters", m.parameters},
          {"lookback", m.lookback},
          {"horizon", m.horizon},
          {"architecture", pairs(m.architecture)},
          {"training", pairs(m.training)},
          {"seed", m.seed},
          {"train_seconds", number(m.train_seconds)},
          {"trained_at_utc", m.trained_at_utc},
          {"outcome", m.outcome},
          {"network_note", m.network_note}};
}

json metricsJson(const MetricsTable& t) {
  json rows = json::array();
  for (const auto& r : t.rows) rows.push_back({{"name", r.name}, {"is_model", r.is_model}, {"values", numbers(r.values)}});
  return {{"metrics", t.metrics}, {"rows", rows}, {"note", t.note}, {"lower_is_better", t.lower_is_better}};
}

json plotJson(const Plot& p) {
  json lines = json::array();
  for (const auto& l : p.lines) {
    json line = {{"name", l.name}, {"style", styleName(l.style)}, {"x", numbers(l.x)}, {"y", numbers(l.y)}};
    if (l.secondary_axis) line["secondary_axis"] = true;
    lines.push_back(std::move(line));
  }
  json bands = json::array();
  for (const auto& b : p.bands) bands.push_back({{"label", b.label}, {"from", number(b.from)}, {"to", number(b.to)}});
  return {{"id", p.id},
          {"group", p.group},
          {"title", p.title},
          {"x_label", p.x_label},
          {"y_label", p.y_label},
          {"y2_label", p.y2_label},
          {"x_is_time", p.x_is_time},
          {"x_integer", p.x_integer},
          {"log_y", p.log_y},
          {"y_unit", p.y_unit},
          {"lines", lines},
          {"bands", bands},
          {"markers", numbers(p.markers)},
          {"caption", p.caption}};
}

json forecastJson(const ForecastTable& f) {
  json rows = json::array();
  const std::size_t c = f.channels.size();
  for (std::size_t s = 0; s < f.rows(); ++s) {
    json row = {{"step", f.steps[s]}};
    if (f.has_time) row["timestamp"] = f.timestamps[s];
    json values = json::array();
    for (std::size_t k = 0; k < c; ++k) values.push_back(number(f.value(s, k)));
    row["values"] = values;
    rows.push_back(std::move(row));
  }
  json j = {{"channels", f.channels}, {"origin_row", f.origin_row}, {"rows", rows}};
  if (f.has_time) j["origin_time"] = f.origin_time;
  return j;
}

json streamJson(const std::vector<StreamTrace>& traces) {
  json a = json::array();
  for (const auto& t : traces) {
    json points = json::array();
    for (const auto& p : t.points)
      points.push_back({{"samples", p.samples},
                        {"state_bytes", p.state_bytes},
                        {"step_median_us", number(p.step_median_us)},
                        {"step_p99_us", number(p.step_p99_us)},
                        {"cumulative_seconds", number(p.cumulative_seconds)},
                        {"rss_bytes", p.rss_bytes}});
    a.push_back({{"model", t.model}, {"points", points}});
  }
  return a;
}

}  // namespace

json toJson(const Report& r) {
  json j = {{"report_format_version", kReportJsonVersion},
            {"title", r.title},
            {"subtitle", r.subtitle},
            {"date", r.date},
            {"task", r.task},
            {"dataset", datasetJson(r.dataset)},
            {"model", modelJson(r.model)}};
  json metrics = json::array();
  for (const auto& t : r.metrics) metrics.push_back(metricsJson(t));
  j["metrics"] = metrics;
  json plots = json::array();
  for (const auto& p : r.plots) plots.push_back(plotJson(p));
  j["plots"] = plots;
  if (!r.forecast.channels.empty()) j["forecast"] = forecastJson(r.forecast);
  if (!r.confusion.classes.empty()) {
    j["confusion"] = {{"classes", r.confusion.classes},
                      {"counts", r.confusion.counts},
                      {"per_class_accuracy", numbers(r.confusion.per_class_accuracy)}};
  }
  if (!r.stream.empty()) j["stream"] = streamJson(r.stream);
  j["notes"] = r.notes;
  const Manifest& m = r.manifest;
  j["manifest"] = {{"app_version", m.app_version},
                   {"generated_at_utc", m.generated_at_utc},
                   {"data_file", m.data_file},
                   {"data_sha256", m.data_sha256},
                   {"model_file", m.model_file},
                   {"model_sha256", m.model_sha256},
                   {"training_command", m.training_command},
                   {"report_command", m.report_command}};
  return j;
}

std::string reportJsonText(const Report& report) {
  // Replace invalid UTF-8 (a file name from another locale) instead of throwing.
  return toJson(report).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void writeReportJson(const std::filesystem::path& file, const Report& report) {
  writeFileAtomically(file, reportJsonText(report));
}

}  // namespace aaren::report
