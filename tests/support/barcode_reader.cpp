#include "tests/support/barcode_reader.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "tests/support/run_command.hpp"

namespace txng::testing {

namespace fs = std::filesystem;

bool HaveZbar() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

std::vector<std::string> ReadBarcodes(const std::string& bytes, const std::string& extension) {
    const fs::path file =
        fs::temp_directory_path() / ("txng-barcode-" + std::to_string(std::random_device{}()) + extension);
    std::ofstream(file, std::ios::binary) << bytes;
    const fs::path err = file.string() + ".err";
    // --raw prints each symbol's text alone; one per line (the texts here have no line breaks).
    const RunResult r = RunCommand("zbarimg", {"--quiet", "--raw", file.string()}, "", err.string());
    fs::remove(file);
    fs::remove(err);
    std::vector<std::string> out;
    std::string line;
    for (const char c : r.out) {
        if (c == '\n') {
            if (!line.empty()) out.push_back(line);
            line.clear();
        } else if (c != '\r') {
            line += c;
        }
    }
    if (!line.empty()) out.push_back(line);
    return out;
}

}  // namespace txng::testing
