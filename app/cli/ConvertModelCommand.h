#pragma once
// `aaren convert-model OLD.aaren NEW.aaren` converts a model file of format version 1 or 2
// (weights pickled by LibTorch) to the current format (safetensors weights), running the
// pickle loader in a child process (core/models/LegacyModelFile.h): a crafted old file can
// make the conversion fail, never crash the command.
// Threading: runs on the calling thread; forks one child.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeConvertModelCommand();

}  // namespace aaren::cli
