#pragma once
// Runs a program with arguments through the shell (each argument quoted) and collects what it
// printed, for tests of the `txng` command line.

#include <string>
#include <vector>

namespace txng::testing {

struct RunResult {
    int exit_code = -1;  // -1 when the program did not exit normally
    std::string out;     // standard output
    std::string err;     // standard error, when `stderr_file` was given
};

// Runs `program args...`; standard input from `stdin_file` when not empty; standard error to
// `stderr_file` (then read back into RunResult::err) when not empty, else to the test's own.
RunResult RunCommand(const std::string& program, const std::vector<std::string>& args,
                     const std::string& stdin_file = "", const std::string& stderr_file = "");

}  // namespace txng::testing
