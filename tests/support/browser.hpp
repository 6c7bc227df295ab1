#pragma once
// Checks pages in a real browser: Debian's Chromium driven by tests/browser/check_pages.mjs
// (playwright-core under Node.js). The spec format is described at the top of that script; in
// short: {"outDir": "...", "pages": [{"name", "url", "viewport", "headers", "javaScript",
// "expect": {"status", "lang", "title", "texts", "notTexts", "selectors", "notSelectors",
// "maxBytes", "noHorizontalScroll", "evalTrue", "evalFalse"}}]}.

#include <string>
#include <vector>

namespace txng::testing {

// What is missing for browser tests ("" when nothing is): /usr/bin/chromium, `node` on PATH,
// and playwright-core in tests/browser/node_modules (scripts/browser-deps.sh installs it).
std::string MissingForBrowser();

// True when MissingForBrowser() is empty.
bool HaveBrowser();

// Where screenshots go: <build dir>/test-artefacts/browser.
std::string BrowserArtefactsDir();

struct BrowserResult {
    int exit_code = -1;              // 0: every expectation of every page holds
    std::vector<std::string> lines;  // what check_pages.mjs printed (standard output and error)
    std::string output;              // the same lines, joined with '\n'

    // The result lines of the pages: one JSON object per page, as printed.
    std::vector<std::string> PageLines() const;
};

// Runs check_pages.mjs on `spec_json` (written to a temporary file). When the spec has no
// "outDir", screenshots go to BrowserArtefactsDir()/<test suite>.<test name> of the running test.
BrowserResult CheckPages(const std::string& spec_json);

}  // namespace txng::testing
