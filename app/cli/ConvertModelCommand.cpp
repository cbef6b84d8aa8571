#include "app/cli/ConvertModelCommand.h"

#include "app/cli/CliCommon.h"
#include "core/models/LegacyModelFile.h"
#include "core/models/ModelFileInfo.h"

#include <boost/program_options.hpp>

#include <ostream>

namespace aaren::cli {

namespace po = boost::program_options;

namespace {

int convertModel(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren convert-model OLD.aaren NEW.aaren\n\n"
      "Convert a model file of format version 1 or 2 (weights stored as a LibTorch pickle,\n"
      "which this version no longer loads) to the current format (safetensors weights). The\n"
      "old weights are unpickled in a separate process, so a damaged or crafted file makes\n"
      "the conversion fail with a message instead of crashing. NEW.aaren is written\n"
      "atomically; it may be the same path as OLD.aaren.\n\nOptions");
  std::string old_path, new_path;
  visible.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(visible);
  all.add_options()
      ("old", po::value(&old_path)->required(), "model file to convert")
      ("new", po::value(&new_path)->required(), "converted model file to write");
  po::positional_options_description positional;
  positional.add("old", 1).add("new", 1);
  po::variables_map vm;
  if (const auto done = parseArgs("convert-model", args, visible, vm, out, err, {}, &all, &positional)) return *done;
  convertLegacyModelFile(old_path, new_path);
  out << "converted " << old_path << " to " << new_path << " (format version " << kModelFileFormatVersion << ")\n";
  return kExitOk;
}

}  // namespace

Command makeConvertModelCommand() {
  return {"convert-model", "Convert a format 1/2 model file (pickled weights) to the current format",
          convertModel};
}

}  // namespace aaren::cli
