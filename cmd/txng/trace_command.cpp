#include "trace_command.hpp"

#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "demo/master_data.hpp"
#include "epcis/date_time.hpp"
#include "service/trace_report.hpp"
#include "store/store.hpp"

namespace txng::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitNotFound = 1;
constexpr int kExitError = 2;

struct TraceArgs {
    std::string id;
    std::string db = "sqlite:txng.db";
    bool backward = false;
    bool forward = false;
    int depth = 0;
    std::string at;
    bool json = false;
    bool urn = false;
    std::string csv;
    std::string xlsx;
};

int Fail(const Error& e) {
    std::fprintf(stderr, "txng: %s\n", e.ToString().c_str());
    return e.code == ErrorCode::kNotFound ? kExitNotFound : kExitError;
}

// Opens the store and loads its trace index, with progress on stderr (rewritten in place on a
// terminal).
struct Loaded {
    std::unique_ptr<store::EventStore> store;
    std::unique_ptr<service::TraceService> service;
};

Result<Loaded> Load(const std::string& db) {
    Loaded out;
    auto opened = store::OpenStore(db, {});
    if (!opened) return opened.error();
    out.store = std::move(*opened);
    out.service = std::make_unique<service::TraceService>(*out.store);
    const bool tty = ::isatty(STDERR_FILENO) == 1;
    auto last = std::chrono::steady_clock::now();
    auto r = out.service->LoadNow([&](std::uint64_t events) {
        const auto now = std::chrono::steady_clock::now();
        if (!tty || now - last < std::chrono::milliseconds(200)) return;
        last = now;
        std::fprintf(stderr, "\rĐang nạp chỉ mục truy xuất / Loading the trace index: %llu sự kiện/events",
                     static_cast<unsigned long long>(events));
        std::fflush(stderr);
    });
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (!r) return r.error();
    const auto status = out.service->Status();
    std::fprintf(stderr, "Chỉ mục / Index: %llu sự kiện/events, %llu nút/nodes, %.1f MiB, %.2f s\n",
                 static_cast<unsigned long long>(status.events), static_cast<unsigned long long>(status.nodes),
                 static_cast<double>(status.memory_bytes) / (1 << 20), status.load_seconds);
    return out;
}

// The derivation of the trace as an indented tree from the root (transformations, lots,
// contents), each node with the logistic units it travelled in; then every place and party in
// time order.
void PrintTrace(const service::TraceReport& r) {
    const bool backward = r.direction == "backward";
    std::printf("%s  %s  [%s]\n",
                backward
                    ? "Truy xuất ngược / Backward trace"
                    : (r.direction == "forward" ? "Truy xuất xuôi / Forward trace" : "Truy xuất hai chiều / Trace"),
                r.root.c_str(), r.root_type.c_str());
    std::map<std::string, std::string> type;
    for (const auto& [id, t] : r.nodes) type[id] = t;
    std::multimap<std::string, const service::ReportEdge*> up;    // to -> edges whose from is upstream
    std::multimap<std::string, const service::ReportEdge*> down;  // from -> edges whose to is downstream
    std::multimap<std::string, const service::ReportEdge*> in_unit;
    for (const auto& e : r.edges) {
        if (e.relation == "transformation" || e.relation == "lot") {
            up.emplace(e.to, &e);
            down.emplace(e.from, &e);
        } else if (e.relation == "aggregation" || e.relation == "association") {
            in_unit.emplace(e.from, &e);
            if (type[e.from] != "logistic_unit" || type[e.to] == "logistic_unit") down.emplace(e.to, &e);
        }
    }
    std::set<std::string> shown;
    std::function<void(const std::string&, const std::string&)> walk = [&](const std::string& node,
                                                                           const std::string& indent) {
        if (!shown.insert(node).second) return;
        auto [ub, ue] = in_unit.equal_range(node);
        for (auto it = ub; it != ue; ++it) {
            std::printf("%s    trong / in %s  (%s, %s)\n", indent.c_str(), it->second->to.c_str(),
                        it->second->biz_step.c_str(), it->second->event_time.c_str());
        }
        std::vector<const service::ReportEdge*> next;
        if (backward) {
            auto [b, e] = up.equal_range(node);
            for (auto it = b; it != e; ++it) next.push_back(it->second);
        } else {
            auto [b, e] = down.equal_range(node);
            for (auto it = b; it != e; ++it) {
                if (it->second->relation == "transformation" || it->second->relation == "lot")
                    next.push_back(it->second);
            }
        }
        for (std::size_t i = 0; i < next.size(); ++i) {
            const auto* e = next[i];
            const std::string& other = backward ? e->from : e->to;
            const bool last = i + 1 == next.size();
            std::printf("%s%s %s %s  [%s]  (%s %s, %s)\n", indent.c_str(), last ? "└─" : "├─", backward ? "←" : "→",
                        other.c_str(), type[other].c_str(), e->relation.c_str(), e->biz_step.c_str(),
                        e->event_time.c_str());
            walk(other, indent + (last ? "   " : "│  "));
        }
    };
    walk(r.root, "");
    std::printf("\nNơi và bên liên quan / Places and parties (%zu):\n", r.edges.size());
    std::vector<const service::ReportEdge*> places;
    for (const auto& e : r.edges) {
        if (e.relation == "location" || e.relation == "source" || e.relation == "destination") places.push_back(&e);
    }
    std::stable_sort(places.begin(), places.end(), [](auto* a, auto* b) { return a->event_time < b->event_time; });
    for (const auto* e : places) {
        const std::string& object = e->relation == "source" ? e->to : e->from;
        const std::string& place = e->relation == "source" ? e->from : e->to;
        std::printf("  %s  %-22s %-12s %s  %s\n", e->event_time.c_str(), e->biz_step.c_str(), e->relation.c_str(),
                    object.c_str(), place.c_str());
    }
    std::printf("\n%zu nút / nodes, %zu cạnh / edges, %zu sự kiện / events%s\n", r.nodes.size(), r.edges.size(),
                r.events.size(), r.truncated ? "  (CẮT BỚT / TRUNCATED)" : "");
}

// `text` padded with spaces to `width` characters (UTF-8 code points: Vietnamese in NFC is one
// per letter), or cut to it with an ellipsis.
std::string Pad(const std::string& text, std::size_t width) {
    std::size_t chars = 0;
    std::size_t cut = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars == width - 1 && cut == text.size()) cut = i;
        ++chars;
    }
    if (chars > width) return text.substr(0, cut) + "…";
    return text + std::string(width - chars, ' ');
}

void PrintRecall(const service::RecallReport& r) {
    std::printf("Thu hồi / Recall  %s: %zu mặt hàng / items%s\n\n", r.root.c_str(), r.items.size(),
                r.truncated ? " (CẮT BỚT / TRUNCATED)" : "");
    auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    std::printf("%s %s %s %s %s %s\n", Pad("Mã / Item", 56).c_str(), Pad("Trạng thái / Status", 20).c_str(),
                Pad("Vị trí cuối / Last location", 36).c_str(), Pad("Tỉnh / Province", 20).c_str(),
                Pad("Bên giữ / Custodian", 36).c_str(), "Thời điểm / Time");
    std::map<std::string, std::string> place_names;  // location id -> "name (province)"
    for (const auto& i : r.items) {
        const std::string place = i.location_name.empty() ? i.last_location : i.location_name;
        const std::string party = i.custodian_name.empty() ? i.custodian : i.custodian_name;
        std::printf("%s %s %s %s %s %s\n", Pad(i.id, 56).c_str(), Pad(or_dash(i.disposition), 20).c_str(),
                    Pad(or_dash(place), 36).c_str(), Pad(or_dash(i.province), 20).c_str(),
                    Pad(or_dash(party), 36).c_str(), i.last_event_time.c_str());
        if (!i.location_name.empty()) {
            place_names[i.last_location] = i.location_name + (i.province.empty() ? "" : " (" + i.province + ")");
        }
    }
    std::printf("\nTheo vị trí / By last location:\n");
    for (const auto& [id, n] : r.locations) {
        const auto name = place_names.find(id);
        std::printf("  %6zu  %s%s\n", n, id.c_str(), name == place_names.end() ? "" : ("  " + name->second).c_str());
    }
    std::printf("Theo bên giữ hàng / By custodian:\n");
    for (const auto& [id, n] : r.parties) std::printf("  %6zu  %s\n", n, id.c_str());
}

int RunTrace(const TraceArgs& a) {
    trace::TraceOptions options;
    options.direction =
        a.backward ? trace::Direction::kBackward : (a.forward ? trace::Direction::kForward : trace::Direction::kBoth);
    if (a.depth > 0) options.depth = a.depth;
    if (!a.at.empty()) {
        auto t = epcis::DateTime::Parse(a.at);
        if (!t) return Fail(t.error());
        options.at_ms = t->UnixMillis();
    }
    auto loaded = Load(a.db);
    if (!loaded) return Fail(loaded.error());
    auto prefixes = demo::CompanyPrefixes(demo::DemoMasterData());
    service::IdFormat format{a.urn ? epcis::EpcFormat::kAlwaysEpcUrn : epcis::EpcFormat::kAlwaysDigitalLink, &prefixes};
    auto report = service::BuildTraceReport(*loaded->service, a.id, options, format);
    if (!report) return Fail(report.error());
    if (a.json) {
        std::cout << boost::json::serialize(service::TraceReportJson(*report)) << "\n";
    } else {
        PrintTrace(*report);
    }
    loaded->store->Close();
    return kExitOk;
}

int RunRecall(const TraceArgs& a) {
    auto loaded = Load(a.db);
    if (!loaded) return Fail(loaded.error());
    auto prefixes = demo::CompanyPrefixes(demo::DemoMasterData());
    service::IdFormat format{a.urn ? epcis::EpcFormat::kAlwaysEpcUrn : epcis::EpcFormat::kAlwaysDigitalLink, &prefixes};
    auto report = service::BuildRecallReport(*loaded->service, a.id, format);
    if (!report) return Fail(report.error());
    auto write = [&](const std::string& path, const std::string& bytes) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
        out.close();
        if (!out) {
            std::fprintf(stderr, "txng: không ghi được / cannot write %s\n", path.c_str());
            return false;
        }
        std::fprintf(stderr, "Đã ghi / Wrote %s (%zu dòng / rows)\n", path.c_str(), report->items.size());
        return true;
    };
    if (!a.csv.empty() && !write(a.csv, service::RecallCsv(*report))) return kExitError;
    if (!a.xlsx.empty()) {
        auto workbook = service::RecallXlsx(*report);
        if (!workbook) return Fail(workbook.error());
        if (!write(a.xlsx, *workbook)) return kExitError;
    }
    if (a.csv.empty() && a.xlsx.empty()) PrintRecall(*report);
    loaded->store->Close();
    return kExitOk;
}

}  // namespace

void AddTraceCommands(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<TraceArgs>();
    auto common = [&](CLI::App* c) {
        c->add_option("ID", args->id,
                      "Mã cần truy xuất (EPC URN, GS1 Digital Link, mã lô) / Code to trace (EPC URN, GS1 Digital Link, "
                      "lot class)")
            ->required();
        c->add_option("--db", args->db, "Kho dữ liệu / Store URL (sqlite:PATH)")->capture_default_str();
        c->add_flag("--urn", args->urn, "In mã dạng EPC URN / Print identifiers as EPC URNs");
    };
    auto* tr = app.add_subcommand("trace",
                                  "Truy xuất một mã: nguồn gốc (--backward), nơi đến (--forward) hoặc cả hai\n"
                                  "Trace a code: where it came from (--backward), where it went (--forward), or both");
    common(tr);
    auto* back = tr->add_flag("--backward", args->backward, "Truy xuất ngược / Backward");
    tr->add_flag("--forward", args->forward, "Truy xuất xuôi / Forward")->excludes(back);
    tr->add_option("--depth", args->depth, "Số bước tối đa / Most derivation steps")->check(CLI::Range(1, 1000));
    tr->add_option("--at", args->at, "Thời điểm (RFC 3339) / Point in time (RFC 3339)");
    tr->add_flag("--json", args->json, "In JSON như GET /trace / Print JSON as GET /trace does");
    tr->callback([args, &exit_code] { exit_code = RunTrace(*args); });

    auto* rc = app.add_subcommand("recall",
                                  "Danh sách thu hồi của một lô hoặc mặt hàng: mọi mặt hàng bị ảnh hưởng và nơi của "
                                  "chúng\nThe recall set of a lot or item: every affected item and where it is");
    common(rc);
    rc->add_option("--csv", args->csv, "Ghi ra tệp CSV / Write a CSV file");
    rc->add_option("--xlsx", args->xlsx, "Ghi ra tệp Excel (XLSX) / Write an Excel (XLSX) workbook");
    rc->callback([args, &exit_code] { exit_code = RunRecall(*args); });
}

}  // namespace txng::cli
