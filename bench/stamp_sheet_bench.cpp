// Memory and time of a streamed stamp sheet (codes/stamp_sheet.hpp): N stamps with distinct
// Digital Link URIs on A4 sheets of 36, the PDF counted (or written to a file) as it comes out.
// Prints the resident memory at every tenth of the batch, so growth with the number of stamps
// shows, then the totals. Usage: txng_stamp_sheet_bench [stamps=100000] [out.pdf]
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "codes/stamp_sheet.hpp"

namespace {

// Resident memory now (`VmRSS`) or at its peak (`VmHWM`), in KiB; Linux.
long StatusKib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace txng::codes;
    const long stamps = argc > 1 ? std::atol(argv[1]) : 100000;
    std::ofstream file;
    if (argc > 2) file.open(argv[2], std::ios::binary);
    long long bytes = 0;
    auto writer = StampSheetWriter::Create(
        SheetLayout{},
        [&](std::string_view chunk) {
            bytes += static_cast<long long>(chunk.size());
            if (file.is_open()) file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            return !file.is_open() || static_cast<bool>(file);
        },
        "Tem truy xuất lô L2026-01");
    if (!writer) {
        std::fprintf(stderr, "%s\n", writer.error().ToString().c_str());
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < stamps; ++i) {
        const std::string serial = fmt::format("K7Q2M{:08d}", i);
        auto added = writer->Add(
            {"https://id.example.vn/01/08930000000019/21/" + serial, serial, "Cà phê Arabica Cầu Đất rang xay 500 g"});
        if (!added) {
            std::fprintf(stderr, "%s\n", added.error().ToString().c_str());
            return 1;
        }
        if (stamps >= 10 && (i + 1) % (stamps / 10) == 0) {
            std::printf("%9ld stamps  %6lld pages  %8.1f MiB out  resident %6ld KiB\n", i + 1,
                        static_cast<long long>(writer->pages()), bytes / 1048576.0, StatusKib("VmRSS"));
        }
    }
    if (auto finished = writer->Finish(); !finished) {
        std::fprintf(stderr, "%s\n", finished.error().ToString().c_str());
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "%ld stamps, %lld pages, %.1f MiB of PDF (%.0f bytes a stamp) in %.1f s: %.0f stamps/s; peak "
        "resident %ld KiB\n",
        stamps, static_cast<long long>(writer->pages()), bytes / 1048576.0,
        static_cast<double>(bytes) / static_cast<double>(stamps), seconds, stamps / seconds, StatusKib("VmHWM"));
    return 0;
}
