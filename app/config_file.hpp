#pragma once
// `gavel serve --config FILE`: a TOML file of serve options. Flags and
// GAVEL_* variables win over it; it wins over the defaults.

#include <CLI/App.hpp>
#include <string>

#include "commands.hpp"

namespace gavel::app {

// Fills each option of `serve` that `cmd` did not get from a flag or an
// environment variable. Returns an error message, or empty on success.
std::string apply_config_file(const std::filesystem::path& file, const CLI::App& cmd, ServeOptions& serve);

}  // namespace gavel::app
