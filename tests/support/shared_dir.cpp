#include "tests/support/shared_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace txng::testing {

std::optional<std::filesystem::path> SharedDir() {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("TXNG_SHARED_DIR"); env != nullptr && *env != '\0') candidates.emplace_back(env);
    candidates.emplace_back("../shared");
    for (const auto& c : candidates) {
        std::error_code ec;
        if (fs::is_directory(c / "conformance", ec)) return fs::canonical(c, ec);
    }
    return std::nullopt;
}

std::vector<std::filesystem::path> SharedFiles(const std::string& relative,
                                               const std::vector<std::string>& extensions) {
    namespace fs = std::filesystem;
    std::vector<fs::path> out;
    auto dir = SharedDir();
    if (!dir) return out;
    std::error_code ec;
    if (!fs::is_directory(*dir / relative, ec)) return out;
    for (const auto& entry : fs::directory_iterator(*dir / relative)) {
        if (!entry.is_regular_file()) continue;
        const std::string name = entry.path().filename().string();
        for (const auto& ext : extensions) {
            if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
                out.push_back(entry.path());
                break;
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace txng::testing
