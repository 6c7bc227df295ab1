#pragma once
// `txng trace ID` and `txng recall ID`: the trace and recall of the HTTP API, over a store opened
// directly, printed for a terminal (or as JSON / CSV).

#include <CLI/CLI.hpp>

namespace txng::cli {

// Adds the subcommands; when one of them runs, its exit status is written to `exit_code`.
void AddTraceCommands(CLI::App& app, int& exit_code);

}  // namespace txng::cli
