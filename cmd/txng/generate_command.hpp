#pragma once
// `txng generate`: writes the demo supply-chain data set (demo/chain_generator.hpp) to a folder,
// as EPCIS documents of a fixed number of events and one master-data document.

#include <CLI/CLI.hpp>

namespace txng::cli {

// Registers the `generate` subcommand on `app`. It runs from its own callback when parsed and
// ends parsing with CLI::Success (exit 0) or CLI::RuntimeError(2) on an I/O error, so main needs
// no other line for it.
void AddGenerateCommand(CLI::App& app);

}  // namespace txng::cli
