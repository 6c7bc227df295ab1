#include "stamps_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/stamps_api.hpp"
#include "common/messages.hpp"
#include "registry/access.hpp"
#include "service/registry_service.hpp"
#include "service/stamps.hpp"
#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"
#include "store/store.hpp"

namespace txng::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitError = 2;

struct StampArgs {
    std::string db = "sqlite:txng.db";
    // order
    std::string gtin;
    std::int64_t count = 0;
    std::string layout;
    std::string note;
    std::string public_url;
    // list
    bool json = false;
    // show, export, change
    std::int64_t batch = 0;
    std::string csv;
    std::string pdf;
    // change
    std::string status;
    std::string location;
    std::string lot;
    std::string expiry;
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::vector<std::string> serials;
    CLI::Option* from_option = nullptr;
    CLI::Option* to_option = nullptr;
};

// The option that gives a field the service names ("count" -> "--count", "serials[2]" ->
// "--serials[2]", "layout.labelWidth" -> "--layout.labelWidth", the unregistered "product" ->
// "--gtin"); other places as they are.
std::string OptionOf(const std::string& where) {
    if (where == "product") return "--gtin";
    const std::string head = where.substr(0, where.find_first_of(".["));
    for (const char* option :
         {"gtin", "count", "layout", "note", "batch", "status", "location", "lot", "expiry", "from", "to", "serials"}) {
        if (head == option) return "--" + where;
    }
    return where;
}

// Prints the problem: where, what (Vietnamese, then English), the rule and the value. The
// stamp service's details are in both languages already; others lead with the rule's summary.
int Fail(Error e) {
    e.where = OptionOf(e.where);
    std::string text;
    if (e.detail.find(" / ") != std::string::npos) {
        text = (e.where.empty() ? "" : e.where + ": ") + e.detail + " [rule " + e.rule + "]";
        if (!e.value.empty()) text += " (value '" + e.value + "')";
    } else {
        text = DisplayError(e);
    }
    std::fprintf(stderr, "txng stamps: %s\n", text.c_str());
    return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kConflict || e.code == ErrorCode::kForbidden ||
                   e.code == ErrorCode::kNotFound
               ? kExitInvalid
               : kExitError;
}

service::Caller Cli() { return service::Caller{registry::CommandLine(), {}}; }

// The stores of the database and the stamp service over them. The service generates only what
// this process orders (a running server keeps the batches it is generating).
struct Opened {
    std::unique_ptr<store::EventStore> events;
    std::unique_ptr<store::RegistryStore> registry_store;
    std::unique_ptr<service::RegistryService> registry;
    std::unique_ptr<store::StampStore> stamp_store;
    std::unique_ptr<service::StampService> stamps;

    ~Opened() {
        if (stamps) stamps->Stop();
        stamps.reset();
        if (events) events->Close();
    }
};

Result<std::unique_ptr<Opened>> Open(const std::string& db, const std::string& public_url = {}) {
    auto o = std::make_unique<Opened>();
    auto events = store::OpenStore(db, {});
    if (!events) return events.error();
    o->events = std::move(*events);
    auto registry_store = store::OpenRegistry(db);
    if (!registry_store) return registry_store.error();
    o->registry_store = std::move(*registry_store);
    o->registry = std::make_unique<service::RegistryService>(*o->registry_store);
    auto stamp_store = store::OpenStampStore(db);
    if (!stamp_store) return stamp_store.error();
    o->stamp_store = std::move(*stamp_store);
    service::StampServiceOptions options;
    options.files_dir = service::StampFilesDir(db);
    options.public_url = public_url;
    options.resume = false;
    o->stamps =
        std::make_unique<service::StampService>(*o->stamp_store, *o->registry, *o->registry_store, *o->events, options);
    return o;
}

// The batch as the API gives it, with the paths of its files once they are written.
json::object BatchJson(Opened& opened, const store::StampBatch& batch) {
    json::object o = api::EncodeStampBatch(batch);
    if (batch.state == "ready") {
        json::object files;
        for (const char* kind : {"csv", "pdf"}) {
            if (auto path = opened.stamps->File(Cli(), batch.id, kind)) files[kind] = *path;
        }
        o["files"] = std::move(files);
    }
    return o;
}

void PrintJson(const json::value& v) {
    std::printf("%s\n", json::serialize(v).c_str());
    std::fflush(stdout);
}

Result<std::string> PublicUrl(const std::string& given) {
    std::string url = given;
    if (url.empty()) {
        if (const char* v = std::getenv("TXNG_PUBLIC_URL")) url = v;
    }
    if (url.empty()) {
        return InvalidArgument("--public-url", "stamp.public_url",
                               "Mỗi tem mang GS1 Digital Link trên địa chỉ công khai của trình phân giải: cho "
                               "--public-url https://... hoặc đặt TXNG_PUBLIC_URL. / Each stamp carries a GS1 Digital "
                               "Link on the resolver's public address: give --public-url https://... or set "
                               "TXNG_PUBLIC_URL.");
    }
    const std::string_view rest = url.starts_with("https://")  ? std::string_view(url).substr(8)
                                  : url.starts_with("http://") ? std::string_view(url).substr(7)
                                                               : std::string_view();
    if (rest.empty() || rest.front() == '/' || rest.find_first_of(" ?#") != std::string_view::npos) {
        return InvalidArgument("--public-url", "stamp.public_url",
                               "Địa chỉ công khai có dạng https://tên-miền[:cổng]. / The public address is "
                               "https://host[:port].",
                               url);
    }
    return url;
}

int Order(const StampArgs& a) {
    auto public_url = PublicUrl(a.public_url);
    if (!public_url) return Fail(public_url.error());
    auto opened = Open(a.db, *public_url);
    if (!opened) return Fail(opened.error());
    Opened& o = **opened;
    if (auto started = o.stamps->Start(); !started) return Fail(started.error());
    auto ordered = o.stamps->Order(Cli(), service::StampOrder{a.gtin, a.count, a.layout, a.note});
    if (!ordered) return Fail(ordered.error());
    store::StampBatch batch = *ordered;
    std::fprintf(stderr, "Lô tem / Stamp batch %lld: %lld tem / stamps, GTIN %s\n", static_cast<long long>(batch.id),
                 static_cast<long long>(batch.count), batch.gtin.c_str());

    // Progress: rewritten in place on a terminal, a line for each change otherwise.
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    std::int64_t shown = -1;
    bool writing = false;
    while (batch.state == "generating") {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        auto now = o.stamps->Batch(Cli(), batch.id);
        if (!now) return Fail(now.error());
        batch = std::move(*now);
        if (batch.generated != shown) {
            shown = batch.generated;
            std::fprintf(stderr, "%sđã sinh / generated %lld / %lld%s", tty ? "\r\033[K" : "",
                         static_cast<long long>(batch.generated), static_cast<long long>(batch.count), tty ? "" : "\n");
        }
        if (batch.state == "generating" && batch.generated == batch.count && !writing) {
            writing = true;
            std::fprintf(stderr, "%sđang ghi tệp CSV và PDF / writing the CSV and PDF files%s", tty ? "\r\033[K" : "",
                         tty ? "" : "\n");
        }
        std::fflush(stderr);
    }
    if (tty) std::fprintf(stderr, "\r\033[K");
    o.stamps->Stop();
    if (batch.state != "ready") {
        return Fail(MakeError(ErrorCode::kUnavailable, "batch", "stamp.batch_failed",
                              "Lô tem không sinh được. / The batch could not be generated: " + batch.error,
                              std::to_string(batch.id)));
    }
    const json::object out = BatchJson(o, batch);
    std::fprintf(stderr, "Đã sinh xong / Ready: %lld tem / stamps; CSV %s; PDF %s\n",
                 static_cast<long long>(batch.generated), out.at("files").at("csv").as_string().c_str(),
                 out.at("files").at("pdf").as_string().c_str());
    PrintJson(out);
    return kExitOk;
}

int List(const StampArgs& a) {
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    Opened& o = **opened;
    std::vector<store::StampBatch> batches;
    for (std::int64_t after = 0;;) {
        auto page = o.stamps->Batches(Cli(), after, 1000);
        if (!page) return Fail(page.error());
        if (page->empty()) break;
        after = page->back().id;
        for (auto& b : *page) batches.push_back(std::move(b));
    }
    if (a.json) {
        json::array items;
        for (const auto& b : batches) items.emplace_back(BatchJson(o, b));
        PrintJson(items);
        return kExitOk;
    }
    // Columns as wide as their widest cell, counted in characters (UTF-8).
    std::vector<std::vector<std::string>> rows = {{"số lô / id", "GTIN", "chủ / owner", "số tem / count",
                                                   "đã sinh / generated", "trạng thái / state", "tạo lúc / created",
                                                   "ghi chú / note"}};
    for (const auto& b : batches) {
        rows.push_back({std::to_string(b.id), b.gtin, b.owner, std::to_string(b.count), std::to_string(b.generated),
                        b.state, b.created_at, b.note});
    }
    auto length = [](const std::string& s) {
        std::size_t n = 0;
        for (const unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
        return n;
    };
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], length(row[i]));
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line.append(width[i] - length(row[i]) + 2, ' ');
        }
        std::printf("%s\n", line.c_str());
    }
    return kExitOk;
}

int Show(const StampArgs& a) {
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    Opened& o = **opened;
    auto batch = o.stamps->Batch(Cli(), a.batch);
    if (!batch) return Fail(batch.error());
    json::object out = BatchJson(o, *batch);
    // How many stamps are in each status.
    std::map<std::string, std::int64_t> tally;
    for (std::int64_t after = 0;;) {
        auto page = o.stamps->Stamps(Cli(), a.batch, after, 10'000);
        if (!page) return Fail(page.error());
        if (page->empty()) break;
        after = page->back().ordinal;
        for (const auto& s : *page) ++tally[std::string(store::StampStatusName(s.status))];
    }
    json::object statuses;
    for (const auto& [status, n] : tally) statuses[status] = n;
    out["statuses"] = std::move(statuses);
    PrintJson(out);
    return kExitOk;
}

// Copies `from` to `to` ("-": standard output).
Result<std::uintmax_t> CopyOut(const std::string& from, const std::string& to) {
    std::ifstream in(from, std::ios::binary);
    if (!in) {
        return MakeError(ErrorCode::kUnavailable, "batch", "stamp.files_dir",
                         "Không đọc được tệp tem. / Cannot read the stamp file.", from);
    }
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (to != "-") {
        file.open(to, std::ios::binary | std::ios::trunc);
        if (!file)
            return MakeError(ErrorCode::kUnavailable, "", "file.write", "Không ghi được tệp. / Cannot write.", to);
        out = &file;
    }
    char buf[1 << 16];
    std::uintmax_t bytes = 0;
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
        out->write(buf, in.gcount());
        bytes += static_cast<std::uintmax_t>(in.gcount());
    }
    out->flush();
    if (in.bad() || !*out) {
        return MakeError(ErrorCode::kUnavailable, "", "file.write", "Không ghi được tệp. / Cannot write.", to);
    }
    return bytes;
}

int Export(const StampArgs& a) {
    if (a.csv.empty() && a.pdf.empty()) {
        return Fail(InvalidArgument("--csv", "field.required",
                                    "Cho --csv TỆP hoặc --pdf TỆP. / Give --csv FILE or --pdf FILE."));
    }
    if (a.csv == "-" && a.pdf == "-") {
        return Fail(InvalidArgument("--pdf", "export.stdout",
                                    "Chỉ một tệp ra được stdout. / Only one of the files can go to standard output."));
    }
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    Opened& o = **opened;
    for (const auto& [kind, to] : {std::pair{"csv", &a.csv}, std::pair{"pdf", &a.pdf}}) {
        if (to->empty()) continue;
        auto path = o.stamps->File(Cli(), a.batch, kind);
        if (!path) return Fail(path.error());
        auto bytes = CopyOut(*path, *to);
        if (!bytes) return Fail(bytes.error());
        if (*to != "-") {
            std::fprintf(stderr, "Đã ghi / Wrote %s (%ju byte)\n", to->c_str(), *bytes);
        }
    }
    return kExitOk;
}

Result<service::StampChange> ReadChange(const StampArgs& a) {
    service::StampChange change;
    auto to = store::ParseStampStatus(a.status);
    if (!to || *to == store::StampStatus::kIssued) {
        return InvalidArgument("--status", "stamp.status",
                               "Trạng thái mới là activated, sold, consumed hoặc voided. / The new status is "
                               "activated, sold, consumed or voided.",
                               a.status);
    }
    change.to = *to;
    change.location = a.location;
    change.lot = a.lot;
    change.expiry = a.expiry;
    const bool range = a.from_option->count() > 0 || a.to_option->count() > 0;
    if (!a.serials.empty()) {
        if (range) {
            return InvalidArgument("--serials", "stamp.selection",
                                   "Chọn theo dải (--from, --to) hoặc danh sách (--serials), không cả hai. / Select "
                                   "by range (--from, --to) or by list (--serials), not both.");
        }
        if (a.serials.size() > 100'000) {
            return InvalidArgument("--serials", "stamp.selection_size",
                                   "Tối đa 100.000 số sê-ri mỗi lần. / At most 100,000 serials at a time.");
        }
        for (std::size_t i = 0; i < a.serials.size(); ++i) {
            std::string s = a.serials[i];
            while (!s.empty() && s.front() == ' ') s.erase(s.begin());
            while (!s.empty() && s.back() == ' ') s.pop_back();
            if (s.empty() || s.size() > 20) {
                return InvalidArgument("--serials[" + std::to_string(i) + "]", "stamp.selection",
                                       "Mỗi số sê-ri có 1 đến 20 ký tự. / Each serial has 1 to 20 characters.", s);
            }
            change.selection.serials.push_back(std::move(s));
        }
        return change;
    }
    if (a.from_option->count() == 0 || a.to_option->count() == 0) {
        return InvalidArgument(a.from_option->count() == 0 ? "--from" : "--to", "stamp.selection",
                               "Cho --from và --to (số thứ tự tem, từ 1) hoặc --serials. / Give --from and --to "
                               "(stamp numbers, from 1) or --serials.");
    }
    if (a.from < 1 || a.to < a.from || a.to - a.from >= 1'000'000) {
        return InvalidArgument("--to", "stamp.selection_size",
                               "Dải từ --from đến --to (1 ≤ from ≤ to, tối đa 1.000.000 tem). / The range runs from "
                               "--from to --to (1 ≤ from ≤ to, at most 1,000,000 stamps).",
                               std::to_string(a.from) + "-" + std::to_string(a.to));
    }
    change.selection.from = a.from;
    change.selection.to = a.to;
    return change;
}

int Change(const StampArgs& a) {
    auto change = ReadChange(a);
    if (!change) return Fail(change.error());
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    Opened& o = **opened;
    const std::string status(store::StampStatusName(change->to));
    const bool by_range = change->selection.serials.empty();
    auto done = o.stamps->Change(Cli(), a.batch, std::move(*change));
    if (!done) {
        Error e = done.error();
        // The stamp that stops a change of a range is named by its serial, but was chosen by the range.
        if (by_range && e.where == "serials") e.where = "--from/--to";
        return Fail(std::move(e));
    }
    std::fprintf(stderr, "Đã chuyển / Changed %lld tem / stamps -> %s (%lld sự kiện EPCIS / EPCIS events)\n",
                 static_cast<long long>(done->changed), status.c_str(), static_cast<long long>(done->events));
    PrintJson(json::object{{"changed", done->changed}, {"events", done->events}});
    return kExitOk;
}

}  // namespace

void AddStampsCommands(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<StampArgs>();
    auto* stamps = app.add_subcommand("stamps",
                                      "Tem truy xuất: đặt lô tem, xuất tệp in, kích hoạt, bán, tiêu dùng, hủy\n"
                                      "Traceability stamps: order batches, export print files, activate, sell, "
                                      "consume, void");
    stamps->require_subcommand(1);
    auto db = [&](CLI::App* c) {
        c->add_option("--db", args->db, "Kho dữ liệu / Store URL (sqlite:PATH)")->capture_default_str();
    };
    auto batch = [&](CLI::App* c) {
        c->add_option("--batch", args->batch, "Số lô tem / Batch id")->required()->check(CLI::PositiveNumber);
    };

    auto* order = stamps->add_subcommand(
        "order",
        "Đặt một lô tem và chờ sinh xong (tiến độ in ra stderr), rồi in lô tem dạng JSON; lô bị ngắt giữa chừng "
        "được sinh tiếp khi `txng serve` khởi động\n"
        "Order a batch of stamps and wait until it is generated (progress on stderr), then print the batch as "
        "JSON; a batch interrupted half-way is finished when `txng serve` starts");
    db(order);
    order->add_option("--gtin", args->gtin, "GTIN của sản phẩm đã đăng ký / GTIN of a registered product")->required();
    order->add_option("--count", args->count, "Số tem (1 đến 1.000.000) / Number of stamps (1 to 1,000,000)")
        ->required();
    order->add_option("--layout", args->layout,
                      "Bố cục tờ tem, JSON (mm): pageWidth, pageHeight, labelWidth, labelHeight, columns, rows, "
                      "margin, gap, codeSize, cutMarks / Sheet layout, JSON (mm), the same members");
    order->add_option("--note", args->note, "Ghi chú (tối đa 500 byte) / Note (at most 500 bytes)");
    order->add_option("--public-url", args->public_url,
                      "Địa chỉ công khai của trình phân giải, gốc của GS1 Digital Link trên tem (mặc định "
                      "TXNG_PUBLIC_URL) / The resolver's public address, the base of the stamps' GS1 Digital Links "
                      "(default TXNG_PUBLIC_URL)");
    order->callback([args, &exit_code] { exit_code = Order(*args); });

    auto* list = stamps->add_subcommand("list", "Liệt kê các lô tem / List the stamp batches");
    db(list);
    list->add_flag("--json", args->json, "In mảng JSON / Print a JSON array");
    list->callback([args, &exit_code] { exit_code = List(*args); });

    auto* show = stamps->add_subcommand("show",
                                        "In một lô tem dạng JSON, với số tem theo trạng thái\n"
                                        "Print a batch as JSON, with how many stamps are in each status");
    db(show);
    batch(show);
    show->callback([args, &exit_code] { exit_code = Show(*args); });

    auto* exp = stamps->add_subcommand("export",
                                       "Chép tệp CSV (cho nhà in) hoặc tờ tem PDF của lô đã sinh xong ('-': stdout)\n"
                                       "Copy out a ready batch's CSV (for printing houses) or PDF sheet ('-': stdout)");
    db(exp);
    batch(exp);
    exp->add_option("--csv", args->csv, "Tệp CSV đích / CSV file to write");
    exp->add_option("--pdf", args->pdf, "Tệp PDF đích / PDF file to write");
    exp->callback([args, &exit_code] { exit_code = Export(*args); });

    auto* change = stamps->add_subcommand(
        "change",
        "Đổi trạng thái tem (ghi sự kiện EPCIS): activated (gắn vào lô hàng, cần --lot), sold, consumed, voided; in "
        "{changed, events}\n"
        "Change stamps' status (recorded as EPCIS events): activated (put on a lot, needs --lot), sold, consumed, "
        "voided; prints {changed, events}");
    db(change);
    batch(change);
    change->add_option("--status", args->status, "Trạng thái mới / New status: activated, sold, consumed, voided")
        ->required();
    change->add_option("--location", args->location, "GLN nơi diễn ra / GLN of where it happens")->required();
    args->from_option = change->add_option("--from", args->from, "Tem đầu của dải (từ 1) / First stamp of the range");
    args->to_option = change->add_option("--to", args->to, "Tem cuối của dải / Last stamp of the range");
    change->add_option("--serials", args->serials, "Các số sê-ri, cách nhau bởi dấu phẩy / Serials, comma separated")
        ->delimiter(',');
    change->add_option("--lot", args->lot, "Số lô hàng khi kích hoạt / Lot number, on activation");
    change->add_option("--expiry", args->expiry, "Hạn dùng YYYY-MM-DD khi kích hoạt / Expiry date, on activation");
    change->callback([args, &exit_code] { exit_code = Change(*args); });
}

}  // namespace txng::cli
