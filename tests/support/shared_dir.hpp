#pragma once
// Locates the shared conformance corpus (../shared beside the checkout, or $TXNG_SHARED_DIR).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace txng::testing {

// The shared/ folder, or nullopt when it is absent.
std::optional<std::filesystem::path> SharedDir();

// Files in shared/<relative> whose names end with one of `extensions`, sorted by name. Empty when
// shared/ or the folder is absent.
std::vector<std::filesystem::path> SharedFiles(const std::string& relative, const std::vector<std::string>& extensions);

// Reads a whole file; throws std::runtime_error when it cannot (a broken test environment).
std::string ReadFile(const std::filesystem::path& path);

}  // namespace txng::testing

// Skips the current test with a clear message when the shared corpus is absent.
#define TXNG_REQUIRE_SHARED()                                                                               \
    do {                                                                                                    \
        if (!::txng::testing::SharedDir()) GTEST_SKIP() << "../shared is absent: conformance test skipped"; \
    } while (false)
