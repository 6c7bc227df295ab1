#include "tests/support/browser.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#ifndef TXNG_SOURCE_DIR
#error "TXNG_SOURCE_DIR: the source tree, set by tests/support/CMakeLists.txt"
#endif
#ifndef TXNG_BROWSER_ARTEFACTS_DIR
#error "TXNG_BROWSER_ARTEFACTS_DIR: where screenshots go, set by tests/support/CMakeLists.txt"
#endif

namespace txng::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string Quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

bool OnPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return false;
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        const fs::path candidate = fs::path(dir) / program;
        if (access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return true;
    }
    return false;
}

fs::path BrowserDir() { return fs::path(TXNG_SOURCE_DIR) / "tests" / "browser"; }

std::string CurrentTestDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    if (info == nullptr) return BrowserArtefactsDir();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    for (char& c : name) {
        if (c == '/') c = '_';
    }
    return (fs::path(BrowserArtefactsDir()) / name).string();
}

}  // namespace

std::string MissingForBrowser() {
    std::string missing;
    auto add = [&](const std::string& what) { missing += (missing.empty() ? "" : "; ") + what; };
    if (access(kChromium, X_OK) != 0) add(std::string(kChromium) + " (Debian package chromium)");
    if (!OnPath("node")) add("node on PATH");
    if (!fs::exists(BrowserDir() / "node_modules" / "playwright-core" / "package.json")) {
        add((BrowserDir() / "node_modules" / "playwright-core").string() + " (run scripts/browser-deps.sh)");
    }
    return missing;
}

bool HaveBrowser() { return MissingForBrowser().empty(); }

std::string BrowserArtefactsDir() { return TXNG_BROWSER_ARTEFACTS_DIR; }

std::vector<std::string> BrowserResult::PageLines() const {
    std::vector<std::string> pages;
    for (const auto& line : lines) {
        if (line.starts_with("{\"page\":")) pages.push_back(line);
    }
    return pages;
}

BrowserResult CheckPages(const std::string& spec_json) {
    BrowserResult result;
    boost::system::error_code ec;
    json::value spec = json::parse(spec_json, ec);
    if (ec || !spec.is_object()) {
        result.output = "CheckPages: the spec is not a JSON object: " + (ec ? ec.message() : std::string("?"));
        result.lines = {result.output};
        return result;
    }
    if (!spec.as_object().contains("outDir")) spec.as_object()["outDir"] = CurrentTestDir();

    const fs::path file =
        fs::temp_directory_path() / ("txng-browser-spec-" + std::to_string(std::random_device{}()) + ".json");
    {
        std::ofstream out(file, std::ios::binary);
        out << json::serialize(spec);
    }
    const std::string cmd =
        "node " + Quote((BrowserDir() / "check_pages.mjs").string()) + " " + Quote(file.string()) + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe != nullptr) {
        char buf[4096];
        std::size_t n = 0;
        while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) result.output.append(buf, n);
        const int status = pclose(pipe);
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    } else {
        result.output = "CheckPages: cannot run " + cmd;
    }
    std::error_code remove_ec;
    fs::remove(file, remove_ec);
    while (!result.output.empty() && result.output.back() == '\n') result.output.pop_back();
    std::stringstream lines(result.output);
    std::string line;
    while (std::getline(lines, line)) result.lines.push_back(line);
    return result;
}

}  // namespace txng::testing
