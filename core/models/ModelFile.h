#pragma once
// Saving and loading a model with its weights as one .aaren file; the layout, the plain
// structs, readModelFileInfo and checkSchema are in ModelFileInfo.h (Torch-free).
// Threading: saveModelFile reads the model's tensors, so nothing may train it meanwhile;
// loads of distinct or the same file may run concurrently.
#include "core/models/Model.h"
#include "core/models/ModelFileInfo.h"

#include <filesystem>

namespace aaren {

// Writes `model` and `info` to `file` atomically: the bytes go to a new file
// "<file>.tmp-<16 random hex digits>" in the same directory (created with O_EXCL | O_NOFOLLOW,
// so nothing already there is followed or clobbered), are fsync'ed and renamed over `file`, so a reader (or a crash) sees
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

// Throws ModelFileError saying which problem: not a regular file or too large, not a model
// file, truncated, corrupt, newer format version, format 1/2 (OldFormat: convert-model),
// header fields out of their limits, weights that do not match the options. No pickle is
// ever loaded; the weights are parsed by SafeTensors.h and copied into the rebuilt model.
LoadedModel loadModelFile(const std::filesystem::path& file);

// The pieces loadModelFile is made of, shared with the legacy converter.
// The weights as safetensors bytes (dtype from each tensor, metadata {"format": "pt"}).
std::string weightsToSafeTensors(const std::vector<std::pair<std::string, torch::Tensor>>& named);
// Rebuilds the model from `info` (validated) and copies `weights` into it after checking
// every name, shape and dtype; ModelFileError naming `file` otherwise.
LoadedModel modelFromWeights(const std::filesystem::path& file, ModelFileInfo info,
                             const safetensors::Parsed& weights);

}  // namespace aaren
