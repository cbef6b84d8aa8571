#pragma once
// Saving and loading a model with its weights as one .aaren file; the layout, the plain
// structs, readModelFileInfo and checkSchema are in ModelFileInfo.h (Torch-free).
// Threading: saveModelFile reads the model's tensors, so nothing may train it meanwhile;
// loads of distinct or the same file may run concurrently.
#include "core/models/Model.h"
#include "core/models/ModelFileInfo.h"

#include <filesystem>

namespace aaren {

// Writes `model` and `info` to `file` atomically: the bytes go to "<file>.tmp-<pid>" in
// the same directory, are fsync'ed and renamed over `file`, so a reader (or a crash) sees
// the old file or the new one, never a part. On any error the temporary file is removed
// and ModelFileError(Io) is thrown naming `file` (and the directory when that is the
// problem); an existing `file` is then left as it was.
// The written header takes options and parameters from the model, format_version from
// this build, and app_version from this build when info.app_version is empty.
void saveModelFile(const std::filesystem::path& file, ModelImpl& model, const ModelFileInfo& info);

struct LoadedModel {
  Model model{nullptr};  // rebuilt with makeModel(info.options), weights loaded, in eval()
  ModelFileInfo info;
};

// Throws ModelFileError saying which problem: not a model file, truncated, corrupt,
// newer format version, weights that do not match the options.
LoadedModel loadModelFile(const std::filesystem::path& file);

}  // namespace aaren
