#pragma once
// `txng serve` (and `txng demo`, which serves a store preloaded with generated data).

#include <CLI/CLI.hpp>

namespace txng::cli {

// Adds the subcommands; when one of them runs, its exit status is written to `exit_code`.
void AddServeCommands(CLI::App& app, int& exit_code);

}  // namespace txng::cli
