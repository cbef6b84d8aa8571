#pragma once
// Writes a whole file atomically: the bytes go to a new "<file>.tmp-<16 random hex digits>"
// (O_EXCL | O_NOFOLLOW: nothing already there is followed or clobbered) in the same directory,
// are flushed to disk and renamed over `file`, so a reader sees the old file or the new one,
// never a part. On error the temporary file is removed and std::runtime_error names `file`.
// Threading: safe from any thread for distinct files.
#include <filesystem>
#include <string_view>

namespace aaren::cli {

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace aaren::cli
