#pragma once
// `txng stamps ...`: traceability stamps (tem truy xuất) from the command line, on a store opened
// directly (as `txng admin`), acting as the command line's national admin; every change is
// audited with actor "cli".
//   order  --gtin G --count N [--layout JSON] [--note T] [--public-url URL]
//          orders a batch, waits for its stamps and files (progress on stderr), prints the batch
//          as JSON; the Digital Link base is --public-url, else TXNG_PUBLIC_URL
//   list [--json], show --batch ID, export --batch ID (--csv FILE | --pdf FILE)
//   change --batch ID --status S --location GLN (--from N --to M | --serials A,B,C)
//          [--lot L] [--expiry YYYY-MM-DD]   prints {"changed": n, "events": m}
// Exit codes: 0 success, 1 refused input (the field and the rule on stderr), 2 other errors.

#include <CLI/CLI.hpp>

namespace txng::cli {

// Adds `stamps` and its subcommands; when one runs, its exit status is written to `exit_code`.
void AddStampsCommands(CLI::App& app, int& exit_code);

}  // namespace txng::cli
