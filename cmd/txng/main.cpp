// txng: the command-line entry point. Each subcommand is a thin shell over the library: read the
// input, call one function, print the result. Exit codes: 0 success, 1 invalid input, 2 usage or
// I/O error.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "admin_command.hpp"
#include "common/messages.hpp"
#include "epcis/document_io.hpp"
#include "epcis/event_hash.hpp"
#include "generate_command.hpp"
#include "serve_command.hpp"
#include "stamps_command.hpp"
#include "trace_command.hpp"

namespace {

using txng::epcis::DecodeLimits;
using txng::epcis::Format;

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

// Reads a file (or standard input for "-"), refusing anything over the document limit so that a
// huge input can never exhaust memory.
bool ReadInput(const std::string& path, std::size_t limit, std::string& out, std::string& error) {
    std::istream* in = &std::cin;
    std::ifstream file;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            error = "cannot open / không mở được tệp: " + path;
            return false;
        }
        in = &file;
    }
    out.clear();
    char buf[1 << 16];
    while (in->read(buf, sizeof(buf)) || in->gcount() > 0) {
        out.append(buf, static_cast<std::size_t>(in->gcount()));
        if (out.size() > limit) {
            error = path + ": larger than the limit of " + std::to_string(limit) + " bytes / vượt giới hạn kích thước";
            return false;
        }
    }
    if (in->bad()) {
        error = "read error / lỗi đọc tệp: " + path;
        return false;
    }
    return true;
}

int RunValidate(const std::vector<std::string>& files, const DecodeLimits& limits, bool quiet) {
    int status = kExitOk;
    for (const auto& path : files) {
        std::string text, error;
        if (!ReadInput(path, limits.max_document_bytes, text, error)) {
            std::cout << path << ": INVALID " << error << "\n";
            status = kExitInvalid;
            continue;
        }
        auto loaded = txng::epcis::LoadDocument(text, {.limits = limits});
        if (!loaded) {
            std::cout << path << ": INVALID " << txng::DisplayError(loaded.error()) << "\n";
            status = kExitInvalid;
            continue;
        }
        std::cout << path << ": OK " << loaded->document.events.size() << " events\n";
        if (!quiet) {
            for (const auto& w : loaded->warnings) std::cerr << path << ": warning: " << txng::DisplayError(w) << "\n";
        }
    }
    std::cout.flush();
    return status;
}

int RunHash(const std::string& path, const DecodeLimits& limits, bool prehash) {
    std::string text, error;
    if (!ReadInput(path, limits.max_document_bytes, text, error)) {
        std::cerr << "txng hash: " << error << "\n";
        return kExitUsage;
    }
    // The order of XML elements and the URN spelling of a CBV word do not change what an event
    // says, so hashing accepts them (validate still reports them).
    auto loaded = txng::epcis::LoadDocument(
        text, {.limits = limits, .strict_xml_element_order = false, .lenient_vocabulary_forms = true});
    if (!loaded) {
        std::cerr << path << ": INVALID " << txng::DisplayError(loaded.error()) << "\n";
        return kExitInvalid;
    }
    const auto& doc = loaded->document;
    const auto options = txng::epcis::HashOptionsForDocument(doc);
    std::string out;
    for (const auto& event : doc.events) {
        const auto ns = txng::epcis::EffectiveNamespaces(doc, event);
        if (prehash) {
            out += txng::epcis::EventPreHashString(event, ns, options);
            out += '\n';
        }
        out += txng::epcis::EventHashId(event, ns, options);
        out += '\n';
    }
    std::cout << out;
    std::cout.flush();
    return kExitOk;
}

int RunConvert(const std::string& to, const std::string& path, const std::string& output, const DecodeLimits& limits) {
    std::string text, error;
    if (!ReadInput(path, limits.max_document_bytes, text, error)) {
        std::cerr << "txng convert: " << error << "\n";
        return kExitUsage;
    }
    auto loaded = txng::epcis::LoadDocument(text, {.limits = limits});
    if (!loaded) {
        std::cerr << path << ": INVALID " << txng::DisplayError(loaded.error()) << "\n";
        return kExitInvalid;
    }
    const Format format = to == "xml" ? Format::kXml : Format::kJson;
    std::string encoded = txng::epcis::EncodeDocument(loaded->document, format);
    if (encoded.empty() || encoded.back() != '\n') encoded += '\n';
    if (output.empty() || output == "-") {
        std::cout << encoded;
        std::cout.flush();
        return kExitOk;
    }
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << encoded;
    out.close();
    if (!out) {
        std::cerr << "txng convert: cannot write / không ghi được tệp: " << output << "\n";
        return kExitUsage;
    }
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "txng: truy xuất nguồn gốc sản phẩm, hàng hóa theo GS1 EPCIS 2.0 và GS1 Digital Link\n"
        "txng: product and goods traceability on GS1 EPCIS 2.0 and GS1 Digital Link"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "txng 0.1.0");

    DecodeLimits limits;
    std::size_t max_mib = limits.max_document_bytes >> 20;
    app.add_option("--max-document-mib", max_mib,
                   "Kích thước tối đa của một tài liệu (MiB) / Largest document accepted (MiB)")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    app.add_option("--max-events", limits.max_events, "Số sự kiện tối đa / Most events in one document")
        ->capture_default_str()
        ->check(CLI::Range(1, 100'000'000));

    // validate
    auto* validate = app.add_subcommand(
        "validate",
        "Kiểm tra tài liệu EPCIS (JSON-LD hoặc XML, tự nhận dạng); một dòng cho mỗi tệp: OK <n> events hoặc "
        "INVALID <vị trí>: <lý do>\n"
        "Validate EPCIS documents (JSON-LD or XML, detected by content); one line per file: OK <n> events or "
        "INVALID <where>: <reason>. Exit 0 only if every file is valid.");
    std::vector<std::string> validate_files;
    bool quiet = false;
    validate->add_option("FILE", validate_files, "Tệp cần kiểm tra ('-' là stdin) / Files to check ('-' for stdin)")
        ->required();
    validate->add_flag("-q,--quiet", quiet, "Không in cảnh báo / Do not print warnings");

    // hash
    auto* hash = app.add_subcommand("hash",
                                    "In mã băm sự kiện (CBV 2.0 Event Hash ID), mỗi sự kiện một dòng theo thứ tự "
                                    "trong tài liệu\n"
                                    "Print each event's CBV 2.0 hash ID, one per line, in document order");
    std::string hash_file;
    bool prehash = false;
    hash->add_option("FILE", hash_file, "Tệp EPCIS ('-' là stdin) / EPCIS file ('-' for stdin)")->required();
    hash->add_flag("--prehash", prehash,
                   "In thêm chuỗi chuẩn hoá trước khi băm / Also print each canonical pre-hash string");

    // convert
    auto* convert = app.add_subcommand("convert",
                                       "Chuyển đổi giữa JSON-LD và XML EPCIS 2.0 / Convert between EPCIS 2.0 "
                                       "JSON-LD and XML");
    std::string convert_to, convert_file, convert_output;
    convert->add_option("--to", convert_to, "Định dạng đích / Target format")
        ->required()
        ->check(CLI::IsMember({"json", "xml"}));
    convert->add_option("-o,--output", convert_output, "Tệp đầu ra (mặc định stdout) / Output file (default stdout)");
    convert->add_option("FILE", convert_file, "Tệp EPCIS ('-' là stdin) / EPCIS file ('-' for stdin)")->required();

    int command_exit = -1;
    txng::cli::AddServeCommands(app, command_exit);
    txng::cli::AddGenerateCommand(app);
    txng::cli::AddTraceCommands(app, command_exit);
    txng::cli::AddAdminCommands(app, command_exit);
    txng::cli::AddStampsCommands(app, command_exit);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (command_exit >= 0) return command_exit;
    limits.max_document_bytes = max_mib << 20;

    if (validate->parsed()) return RunValidate(validate_files, limits, quiet);
    if (hash->parsed()) return RunHash(hash_file, limits, prehash);
    if (convert->parsed()) return RunConvert(convert_to, convert_file, convert_output, limits);
    return kExitUsage;
}
