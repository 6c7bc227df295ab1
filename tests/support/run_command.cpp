#include "tests/support/run_command.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include "tests/support/shared_dir.hpp"

namespace txng::testing {
namespace {

std::string Quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

}  // namespace

RunResult RunCommand(const std::string& program, const std::vector<std::string>& args, const std::string& stdin_file,
                     const std::string& stderr_file) {
    std::string cmd = Quote(program);
    for (const auto& a : args) cmd += " " + Quote(a);
    if (!stdin_file.empty()) cmd += " < " + Quote(stdin_file);
    if (!stderr_file.empty()) cmd += " 2>" + Quote(stderr_file);
    RunResult r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return r;
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) r.out.append(buf, n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!stderr_file.empty() && std::filesystem::exists(stderr_file)) r.err = ReadFile(stderr_file);
    return r;
}

}  // namespace txng::testing
