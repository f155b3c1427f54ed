// Whole-file reads and crash-safe whole-file writes. A reader (or a run resumed after
// SIGKILL or power loss) sees either the old file or the new one, never a mix.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ida {

// Replaces `path` with `bytes` atomically and durably: writes `<path>.tmp`, fsyncs it,
// renames it over `path`, then fsyncs the directory. On failure the target is untouched
// and the .tmp file is removed.
// Throws EnvironmentError when the file cannot be created (missing directory, permissions)
// or writing, syncing or renaming fails (disk full, I/O error); the message names the path
// and strerror.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// Appends `line` (no newline inside) and a newline to `path`, created if absent, and syncs
// it before returning: a log of records that survive a crash once this returns.
// EnvironmentError naming the path when the machine refuses.
void append_line_durably(const std::filesystem::path& path, std::string_view line);

// The whole content of `path` as bytes. Throws InputError naming the path and strerror
// when it is missing or unreadable (a directory, no permission).
std::string read_file(const std::filesystem::path& path);

}  // namespace ida
