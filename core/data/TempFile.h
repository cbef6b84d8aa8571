#pragma once
// The temporary file an atomic write goes through (models, reports, CLI outputs): one place
// that draws its name, so no writer uses a predictable name or follows a planted link.
//
// Threading: no shared state; safe from any thread.
#include <filesystem>

namespace aaren::data {

// Creates a new file beside `file` named "<file>.tmp-<16 random hex digits>", opened for
// writing with O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC (mode 0644): whatever already has
// such a name (a file, a symlink planted by someone else) is neither followed nor clobbered;
// another name is drawn instead (64 tries). Returns the descriptor, or -1 with errno set; `tmp`
// holds the name (tried last on failure).
int createUniqueTempFile(const std::filesystem::path& file, std::filesystem::path& tmp);

}  // namespace aaren::data
