#include "generate_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "demo/chain_generator.hpp"
#include "demo/master_data.hpp"
#include "epcis/document_io.hpp"

namespace txng::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kExitIo = 2;

struct GenerateArgs {
    std::uint64_t events = 0;
    std::uint64_t seed = 1;
    std::size_t per_file = 1000;
    std::string format = "json";
    double lots_per_day = 20.0;
    std::string out_dir;
};

bool WriteFile(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (text.empty() || text.back() != '\n') out << '\n';
    out.close();
    return static_cast<bool>(out);
}

std::string FileName(std::size_t index, std::size_t width, const char* extension) {
    std::string number = std::to_string(index);
    if (number.size() < width) number.insert(0, width - number.size(), '0');
    return "events-" + number + extension;
}

// Progress on stderr: rewritten in place on a terminal, one line per 10% otherwise (logs, CI).
class Progress {
  public:
    explicit Progress(std::uint64_t total) : total_(total), tty_(::isatty(STDERR_FILENO) == 1) {}

    void Update(std::uint64_t done) {
        const auto now = std::chrono::steady_clock::now();
        const int percent = total_ == 0 ? 100 : static_cast<int>(done * 100 / total_);
        if (tty_) {
            if (done != total_ && now - last_ < std::chrono::milliseconds(200)) return;
            last_ = now;
            std::fprintf(stderr, "\r%s  ", Line(done, percent, now).c_str());  // spaces: the line may shrink
            if (done == total_) std::fputc('\n', stderr);
        } else {
            if (percent / 10 <= last_decile_ && done != total_) return;
            if (done == total_ && last_decile_ == 10) return;
            last_decile_ = percent / 10;
            std::fprintf(stderr, "%s\n", Line(done, percent, now).c_str());
        }
        std::fflush(stderr);
    }

  private:
    std::string Line(std::uint64_t done, int percent, std::chrono::steady_clock::time_point now) const {
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const auto rate = static_cast<std::uint64_t>(seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
        char buf[160];
        std::snprintf(buf, sizeof buf, "txng generate: %3d%%  %llu/%llu sự kiện/events  %llu sự kiện/giây (events/s)",
                      percent, static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                      static_cast<unsigned long long>(rate));
        return buf;
    }

    std::uint64_t total_;
    bool tty_;
    int last_decile_ = -1;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

int RunGenerate(const GenerateArgs& args) {
    std::error_code ec;
    const fs::path dir(args.out_dir);
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
        std::cerr << "txng generate: không tạo được thư mục / cannot create folder: " << args.out_dir << "\n";
        return kExitIo;
    }
    const auto format = args.format == "xml" ? epcis::Format::kXml : epcis::Format::kJson;
    const char* extension = format == epcis::Format::kXml ? ".xml" : ".jsonld";

    demo::ChainOptions options;
    options.target_events = args.events;
    options.seed = args.seed;
    options.lots_per_day = args.lots_per_day;
    demo::ChainGenerator generator(options);

    epcis::DateTime creation;
    creation.unix_seconds = options.start_unix_seconds;
    creation.offset_minutes = 7 * 60;
    creation.has_z = false;
    const auto master = demo::MasterDataDocument(generator.master_data(), creation);
    if (!WriteFile(dir / "master-data.xml", epcis::EncodeDocument(master, epcis::Format::kXml))) {
        std::cerr << "txng generate: không ghi được tệp / cannot write: " << (dir / "master-data.xml").string() << "\n";
        return kExitIo;
    }

    const std::uint64_t files = (args.events + args.per_file - 1) / args.per_file;
    const std::size_t width = std::max<std::size_t>(6, std::to_string(files).size());
    Progress progress(args.events);
    progress.Update(0);
    epcis::Document doc;
    std::size_t index = 0;
    while (generator.Next(doc, args.per_file)) {
        const fs::path path = dir / FileName(++index, width, extension);
        if (!WriteFile(path, epcis::EncodeDocument(doc, format))) {
            std::cerr << "\ntxng generate: không ghi được tệp / cannot write: " << path.string() << "\n";
            return kExitIo;
        }
        progress.Update(generator.events_generated());
    }
    std::cout << "Đã ghi / wrote " << index << " tệp/files, " << generator.events_generated()
              << " sự kiện/events, master-data.xml -> " << dir.string() << "\n";
    std::cout.flush();
    return 0;
}

}  // namespace

void AddGenerateCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "generate",
        "Sinh bộ dữ liệu EPCIS 2.0 mẫu của chuỗi cung ứng Việt Nam (vải thiều Lục Ngạn, cà phê Buôn Ma Thuột, tôm "
        "Cà Mau, gạo ST25, thịt lợn, sữa tươi tiệt trùng bán khắp 34 tỉnh, thành): các tệp events-NNNNNN.jsonld|.xml "
        "và master-data.xml; cùng tham số cho cùng "
        "dữ liệu\n"
        "Generate a sample Vietnamese supply-chain EPCIS 2.0 data set (lychee, coffee, shrimp, rice, pork, and UHT "
        "milk sold in all 34 "
        "provinces): files "
        "events-NNNNNN.jsonld|.xml and master-data.xml; the same arguments give the same bytes");
    auto args = std::make_shared<GenerateArgs>();
    cmd->add_option("--events", args->events, "Tổng số sự kiện / Number of events to generate")
        ->required()
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000'000}));
    cmd->add_option("--seed", args->seed, "Hạt giống ngẫu nhiên / Random seed")->capture_default_str();
    cmd->add_option("--per-file", args->per_file, "Số sự kiện mỗi tệp / Events per file")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));
    cmd->add_option("--format", args->format, "Định dạng tệp sự kiện / Event file format")
        ->capture_default_str()
        ->check(CLI::IsMember({"json", "xml"}));
    cmd->add_option("--lots-per-day", args->lots_per_day,
                    "Số lô thu hoạch mỗi ngày (mật độ dữ liệu theo thời gian) / Harvested lots per day")
        ->capture_default_str()
        ->check(CLI::Range(0.01, 100'000.0));
    cmd->add_option("OUTDIR", args->out_dir, "Thư mục đầu ra / Output folder")->required();
    cmd->callback([args] {
        const int code = RunGenerate(*args);
        if (code != 0) throw CLI::RuntimeError(code);
        throw CLI::Success();
    });
}

}  // namespace txng::cli
