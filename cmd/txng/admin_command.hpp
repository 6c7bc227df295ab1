#pragma once
// `txng admin ...`: bootstrap and operate the registry from the command line, on a store opened
// directly (a running server on the same database sees the changes at once). Every change is
// recorded in the audit log with actor "cli".
//   create-key --role ROLE --name N [--enterprise TAX] [--province P] [--scope S]... [--expires T]
//              prints the new key on its last line (it is shown only once)
//   create-enterprise --tax-code T --name N [--name-en N] --province P [--gcp PREFIX:LENGTH]...
//   create-user --name N --role ROLE [--enterprise TAX] [--province P]   (password on stdin)
//   disable-user NAME, revoke-key KEY_ID, list-keys, audit [--province P] [--limit N]

#include <CLI/CLI.hpp>

namespace txng::cli {

// Adds `admin` and its subcommands; when one runs, its exit status is written to `exit_code`.
void AddAdminCommands(CLI::App& app, int& exit_code);

}  // namespace txng::cli
