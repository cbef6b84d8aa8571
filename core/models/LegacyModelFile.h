#pragma once
// Converting a format 1/2 model file (weights pickled by torch::pickle_save) to the current
// format (safetensors weights; ModelFileInfo.h). LibTorch's pickle loader crashes on crafted
// blobs, so it never runs in the caller's process: a forked child unpickles the weights and
// sends them back through a pipe as safetensors bytes, which the parent checks like any
// model file's weights. A crafted file can at worst make the conversion fail ("the legacy
// loader crashed (signal 11)"); the caller never crashes or hangs.
//
// Threading: call it before the process starts threads of its own where possible (the CLI
// does): a child forked from a multi-threaded process may find a lock held forever, which
// the timeout then turns into an error.
#include <chrono>
#include <filesystem>

namespace aaren {

// Reads `old_file` (checks of the container, checksum and header as for any model file),
// unpickles its weights in a child, rebuilds and checks the model, and saves it to
// `new_file` atomically (saveModelFile). Throws ModelFileError naming old_file (or new_file
// for a save error), e.g. "m.aaren: cannot convert: the legacy loader crashed (signal 11)".
// A format-3 file is refused ("is already format version 3; nothing to convert").
void convertLegacyModelFile(const std::filesystem::path& old_file, const std::filesystem::path& new_file,
                            std::chrono::seconds timeout = std::chrono::seconds(120));

}  // namespace aaren
