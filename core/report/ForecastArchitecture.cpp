#include "core/report/ForecastArchitecture.h"

#include <string>

namespace aaren::report {

void addForecastArchitecture(std::vector<KeyValue>& rows, const ModelFileInfo& info) {
  const ModelOptions& o = info.options;
  rows.push_back({"Lookback", std::to_string(info.schema.lookback) + " steps"});
  rows.push_back({"Horizon", std::to_string(o.horizon) + " steps"});
  std::string inputs = o.channel_independent ? "channel-independent (one sequence per channel, shared weights)" : "all channels together";
  if (o.predict_delta) inputs += "; predicts the change from the last value";
  if (o.input_window > 1)
    inputs += "; each step reads the last " + std::to_string(o.input_window) + " samples" +
              (o.relative_window ? std::string(o.scale_window ? " relative to the current one, divided by their spread" : " relative to the current one") : std::string());
  if (o.calendar) inputs += "; calendar features";
  rows.push_back({"Inputs", inputs});
  if (o.daily_cycle > 0)
    rows.push_back({"Daily cycle", std::to_string(o.daily_cycle) + " harmonics of the time of day per channel, taken out of the inputs and put back into the forecast"});
  if (o.linear_skip) {
    const std::string level = o.skip_level == SkipLevel::Absolute ? ""
                              : o.skip_level == SkipLevel::Mean ? ", less the window's mean (level-free)"
                                                                : ", less the window's mean, its bias scaled by the window's spread (RLinear)";
    rows.push_back({"Linear skip", "a least-squares linear map of the " + std::to_string(o.input_window) + "-sample window" + level +
                                       ", added to the network's forecast"});
  }
  if (!info.record.linear_part.empty())
    rows.push_back({"Least-squares part", info.record.linear_part + (info.record.network_note.empty() ? std::string() : ". " + info.record.network_note)});
}

}  // namespace aaren::report
