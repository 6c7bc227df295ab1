#include "service/trace_report.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "epcis/cbv.hpp"
#include "epcis/date_time.hpp"
#include "gs1/percent_encoding.hpp"

namespace txng::service {
namespace json = boost::json;

namespace {

using trace::NodeId;
using trace::TraceIndex;

Error UnknownId(const std::string& id) {
    return MakeError(ErrorCode::kNotFound, "id", "trace.unknown_id",
                     "Không có sự kiện nào ghi mã này. / No stored event names this identifier; check the code "
                     "(every form of it is recognised: EPC URN, GS1 Digital Link of any domain, lot class).",
                     id);
}

std::string Id(const TraceIndex& ix, NodeId n, const IdFormat& f) {
    if (n == 0) return {};
    std::string id(ix.NodeText(n));
    epcis::TranslateIdentifier(id, f.format, f.prefixes);
    return id;
}

std::string Word(const TraceIndex& ix, std::uint32_t string_id, epcis::cbv::Vocab vocab) {
    if (string_id == 0) return {};
    const std::string_view text = ix.Text(string_id);
    if (auto w = epcis::cbv::StandardWord(vocab, text)) return *w;
    return std::string(text);
}

std::string TypeName(epcis::EventType t) {
    const std::string_view name = epcis::EventTypeName(t);
    return std::string(name.empty() ? std::string_view("ExtensionEvent") : name);
}

// Runs `build` on the index with the root's node, collecting the events whose eventIDs go into
// `slots`; then reads those eventIDs from the store.
// `access`: what the reader may see (nullptr, or national roles: everything); `build` gets its
// filter (nullptr when none is needed).
Result<void> WithRoot(
    TraceService& service, const std::string& id, EventAccess* access,
    const std::function<void(const TraceIndex&, NodeId, const trace::EventFilter* filter,
                             std::vector<std::int64_t>& seqs, std::vector<std::string*>& slots)>& build) {
    std::optional<Error> missing;
    std::vector<std::int64_t> seqs;
    std::vector<std::string*> slots;
    auto read = service.Read([&](const TraceIndex& ix) {
        auto root = ix.Find(id);
        if (!root) {
            missing = UnknownId(id);
            return;
        }
        if (access == nullptr || access->SeesEverything()) {
            build(ix, *root, nullptr, seqs, slots);
            return;
        }
        TraceFilter filter(*access, ix);
        // A code the reader has no sight of is, to it, unknown: its events it may not see, and the
        // places and goods of others (which keep no events of their own here).
        const auto& events = ix.EventsOf(*root);
        auto holds = [&](bool place) {
            auto held = access->HoldsKey(ix.NodeText(*root), place);
            return held && *held;
        };
        const bool visible = std::any_of(events.begin(), events.end(),
                                         [&](trace::EventRef e) { return filter.Of(e) != trace::Sight::kHidden; }) ||
                             holds(true) || holds(false);
        if (!visible) {
            missing = filter.error() ? *filter.error() : UnknownId(id);
            return;
        }
        build(ix, *root, &filter, seqs, slots);
        missing = filter.error();
    });
    if (!read) return read.error();
    if (missing) return *missing;
    auto ids = service.EventIds(seqs);
    if (!ids) return ids.error();
    for (std::size_t i = 0; i < slots.size() && i < ids->size(); ++i) *slots[i] = std::move((*ids)[i]);
    return {};
}

}  // namespace

std::string TimeText(std::int64_t unix_ms) {
    epcis::DateTime t;
    t.unix_seconds = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
    t.nanos = static_cast<std::int32_t>(unix_ms - t.unix_seconds * 1000) * 1'000'000;
    return t.ToUtcString(3);
}

Result<TraceReport> BuildTraceReport(TraceService& service, const std::string& id, trace::TraceOptions options,
                                     const IdFormat& format, EventAccess* access) {
    TraceReport report;
    auto built =
        WithRoot(service, id, access, [&](const TraceIndex& ix, NodeId root, auto* filter, auto& seqs, auto& slots) {
            options.filter = filter;
            const auto result = trace::Trace(ix, root, options);
            report.root = Id(ix, root, format);
            report.root_type = std::string(trace::NodeTypeName(ix.Type(root)));
            report.direction = options.direction == trace::Direction::kBackward  ? "backward"
                               : options.direction == trace::Direction::kForward ? "forward"
                                                                                 : "both";
            report.truncated = result.truncated;
            report.nodes.reserve(result.nodes.size());
            for (NodeId n : result.nodes) report.nodes.emplace_back(Id(ix, n, format), trace::NodeTypeName(ix.Type(n)));
            report.edges.reserve(result.edges.size());
            for (const auto& e : result.edges) {
                const auto& info = ix.Event(e.event);
                report.edges.push_back(ReportEdge{
                    Id(ix, e.from, format), Id(ix, e.to, format), std::string(trace::RelationName(e.relation)), "",
                    TypeName(info.type), Word(ix, info.biz_step, epcis::cbv::Vocab::kBizStep), TimeText(info.time_ms)});
            }
            report.events.resize(result.events.size());
            for (std::size_t i = 0; i < result.events.size(); ++i) {
                seqs.push_back(ix.Event(result.events[i]).seq);
                slots.push_back(&report.events[i]);
            }
            for (std::size_t i = 0; i < result.edges.size(); ++i) {
                seqs.push_back(ix.Event(result.edges[i].event).seq);
                slots.push_back(&report.edges[i].event_id);
            }
        });
    if (!built) return built.error();
    return report;
}

Result<StepsReport> BuildStepsReport(TraceService& service, const std::string& id, std::optional<std::int64_t> at_ms,
                                     const IdFormat& format, EventAccess* access) {
    StepsReport report;
    auto built =
        WithRoot(service, id, access, [&](const TraceIndex& ix, NodeId root, auto* filter, auto& seqs, auto& slots) {
            const auto steps = trace::StepsOf(ix, root, at_ms, filter);
            report.root = Id(ix, root, format);
            report.previous = steps.previous;
            report.current = steps.current;
            report.next = steps.next;
            report.stops.reserve(steps.stops.size());
            for (const auto& s : steps.stops) {
                report.stops.push_back(ReportStop{
                    Id(ix, s.location, format), Id(ix, s.party, format), TimeText(s.arrived_ms), TimeText(s.left_ms),
                    Word(ix, ix.Event(s.first_event).biz_step, epcis::cbv::Vocab::kBizStep),
                    Word(ix, ix.Event(s.last_event).biz_step, epcis::cbv::Vocab::kBizStep), ""});
                seqs.push_back(ix.Event(s.first_event).seq);
            }
            for (auto& s : report.stops) slots.push_back(&s.arrival_event_id);
        });
    if (!built) return built.error();
    return report;
}

namespace {

// "https://id.gs1.org/01/<GTIN>" of a canonical GS1 key with a GTIN; empty for others.
std::string GtinClassOf(std::string_view canonical) {
    constexpr std::string_view kStem = "https://id.gs1.org/01/";
    if (!canonical.starts_with(kStem) || canonical.size() < kStem.size() + 14) return {};
    return std::string(canonical.substr(0, kStem.size() + 14));
}

// The lot number (/10/) of a canonical Digital Link, percent-decoded; empty when none.
std::string LotOf(std::string_view canonical) {
    const std::size_t at = canonical.find("/10/");
    if (!canonical.starts_with("https://id.gs1.org/01/") || at == std::string_view::npos) return {};
    std::string_view lot = canonical.substr(at + 4);
    lot = lot.substr(0, lot.find('/'));
    auto decoded = gs1::PercentDecode(lot);
    return decoded ? *decoded : std::string(lot);
}

// The first of these attributes (by local name, after '#' or the last ':') that the element has.
std::string Attribute(const store::MasterDataElement& e, std::initializer_list<std::string_view> names) {
    for (const std::string_view name : names) {
        for (const auto& [id, value] : e.attributes) {
            const std::size_t cut = id.find_last_of("#:/");
            if (cut != std::string::npos && std::string_view(id).substr(cut + 1) == name && !value.empty()) {
                return value;
            }
        }
    }
    return {};
}

// Master data by canonical id, for the ids asked (the empty string never).
Result<std::map<std::string, store::MasterDataElement>> LookUp(TraceService& service, std::string_view type,
                                                               const std::set<std::string>& ids) {
    std::vector<std::string> asked;
    for (const auto& id : ids) {
        if (!id.empty()) asked.push_back(id);
    }
    std::map<std::string, store::MasterDataElement> out;
    if (asked.empty()) return out;
    auto found = service.MasterData(type, asked);
    if (!found) return found.error();
    for (auto& e : *found) out.emplace(e.id, std::move(e));
    return out;
}

}  // namespace

Result<RecallReport> BuildRecallReport(TraceService& service, const std::string& id, const IdFormat& format,
                                       EventAccess* access) {
    RecallReport report;
    // Canonical ids of each row's product, location and custodian, for the master data.
    std::vector<std::string> product_of, location_of, custodian_of;
    auto built =
        WithRoot(service, id, access, [&](const TraceIndex& ix, NodeId root, auto* filter, auto& seqs, auto& slots) {
            const auto result = trace::Recall(ix, root, 1'000'000, filter);
            report.root = Id(ix, root, format);
            report.truncated = result.truncated;
            std::map<NodeId, std::size_t> locations;
            std::map<NodeId, std::size_t> parties;
            report.items.reserve(result.items.size());
            for (const auto& item : result.items) {
                RecallRow row{Id(ix, item.item, format),
                              std::string(trace::NodeTypeName(ix.Type(item.item))),
                              item.path_length,
                              Id(ix, item.last_location, format),
                              Word(ix, item.disposition, epcis::cbv::Vocab::kDisposition),
                              TimeText(item.last_event_ms),
                              "",
                              Id(ix, item.custodian, format)};
                const std::string_view canonical = ix.NodeText(item.item);
                row.lot = LotOf(canonical);
                if (row.lot.empty()) {  // a commissioned item: the lot its commissioning named
                    for (const trace::EventRef e : ix.EventsOf(item.item)) {
                        if (filter != nullptr && filter->Of(e) == trace::Sight::kHidden) continue;
                        if (const NodeId lot = ix.NodeWithRole(e, trace::kLinkLot); lot != 0) {
                            row.lot = LotOf(ix.NodeText(lot));
                            break;
                        }
                    }
                }
                product_of.push_back(GtinClassOf(canonical));
                location_of.emplace_back(item.last_location != 0 ? ix.NodeText(item.last_location) : "");
                custodian_of.emplace_back(item.custodian != 0 ? ix.NodeText(item.custodian) : "");
                report.items.push_back(std::move(row));
                seqs.push_back(ix.Event(item.last_event).seq);
                if (item.last_location != 0) ++locations[item.last_location];
                if (item.custodian != 0) ++parties[item.custodian];
            }
            for (auto& row : report.items) slots.push_back(&row.last_event_id);
            for (const auto& [n, count] : locations) report.locations.emplace_back(Id(ix, n, format), count);
            for (const auto& [n, count] : parties) report.parties.emplace_back(Id(ix, n, format), count);
        });
    if (!built) return built.error();

    auto products = LookUp(service, "urn:epcglobal:epcis:vtype:EPCClass",
                           std::set<std::string>(product_of.begin(), product_of.end()));
    if (!products) return products.error();
    const std::set<std::string> places(location_of.begin(), location_of.end());
    auto sites = LookUp(service, "urn:epcglobal:epcis:vtype:BusinessLocation", places);
    if (!sites) return sites.error();
    auto points = LookUp(service, "urn:epcglobal:epcis:vtype:ReadPoint", places);
    if (!points) return points.error();
    auto parties = LookUp(service, "urn:epcglobal:epcis:vtype:Party",
                          std::set<std::string>(custodian_of.begin(), custodian_of.end()));
    if (!parties) return parties.error();
    for (std::size_t i = 0; i < report.items.size(); ++i) {
        RecallRow& row = report.items[i];
        if (auto it = products->find(product_of[i]); it != products->end()) {
            row.product = Attribute(it->second, {"descriptionShort", "regulatedProductName", "name"});
        }
        const store::MasterDataElement* place = nullptr;
        if (auto it = sites->find(location_of[i]); it != sites->end()) {
            place = &it->second;
        } else if (auto p = points->find(location_of[i]); p != points->end()) {
            place = &p->second;
        }
        if (place != nullptr) {
            row.location_name = Attribute(*place, {"name"});
            row.province = Attribute(*place, {"state"});
            row.province_code = Attribute(*place, {"provinceCode"});
        }
        if (auto it = parties->find(custodian_of[i]); it != parties->end()) {
            row.custodian_name = Attribute(it->second, {"name"});
        }
    }
    return report;
}

namespace {

json::value TextOrNull(const std::string& s) {
    if (s.empty()) return nullptr;
    return json::value(s);
}

}  // namespace

json::object TraceReportJson(const TraceReport& r) {
    json::array nodes;
    nodes.reserve(r.nodes.size());
    for (const auto& [id, type] : r.nodes) nodes.push_back(json::object{{"id", id}, {"type", type}});
    json::array edges;
    edges.reserve(r.edges.size());
    for (const auto& e : r.edges) {
        edges.push_back(json::object{{"from", e.from},
                                     {"to", e.to},
                                     {"relation", e.relation},
                                     {"eventID", e.event_id},
                                     {"eventType", e.event_type},
                                     {"bizStep", TextOrNull(e.biz_step)},
                                     {"eventTime", e.event_time}});
    }
    json::array events;
    for (const auto& e : r.events) events.emplace_back(e);
    return json::object{{"root", r.root},
                        {"direction", r.direction},
                        {"nodes", std::move(nodes)},
                        {"edges", std::move(edges)},
                        {"events", std::move(events)},
                        {"truncated", r.truncated}};
}

json::object StepsReportJson(const StepsReport& r) {
    json::array stops;
    for (const auto& s : r.stops) {
        stops.push_back(json::object{{"location", s.location},
                                     {"party", TextOrNull(s.party)},
                                     {"arrived", s.arrived},
                                     {"left", s.left},
                                     {"arrivalBizStep", TextOrNull(s.arrival_biz_step)},
                                     {"lastBizStep", TextOrNull(s.last_biz_step)},
                                     {"arrivalEventID", s.arrival_event_id}});
    }
    auto index = [](const std::optional<std::size_t>& i) -> json::value {
        if (!i) return nullptr;
        return json::value(static_cast<std::int64_t>(*i));
    };
    auto stop = [&](const std::optional<std::size_t>& i) -> json::value {
        if (!i) return nullptr;
        return stops.at(*i);
    };
    json::object out{{"root", r.root},
                     {"previous", stop(r.previous)},
                     {"current", stop(r.current)},
                     {"next", stop(r.next)},
                     {"previousIndex", index(r.previous)},
                     {"currentIndex", index(r.current)},
                     {"nextIndex", index(r.next)}};
    out["stops"] = std::move(stops);
    return out;
}

json::object RecallReportJson(const RecallReport& r) {
    json::array items;
    items.reserve(r.items.size());
    for (const auto& i : r.items) {
        items.push_back(json::object{{"id", i.id},
                                     {"type", i.type},
                                     {"pathLength", i.path_length},
                                     {"lastLocation", TextOrNull(i.last_location)},
                                     {"disposition", TextOrNull(i.disposition)},
                                     {"lastEventTime", i.last_event_time},
                                     {"lastEventID", i.last_event_id},
                                     {"custodian", TextOrNull(i.custodian)},
                                     {"product", TextOrNull(i.product)},
                                     {"lot", TextOrNull(i.lot)},
                                     {"locationName", TextOrNull(i.location_name)},
                                     {"province", TextOrNull(i.province)},
                                     {"provinceCode", TextOrNull(i.province_code)},
                                     {"custodianName", TextOrNull(i.custodian_name)}});
    }
    auto counted = [](const std::vector<std::pair<std::string, std::size_t>>& list) {
        json::array out;
        for (const auto& [id, n] : list) out.push_back(json::object{{"id", id}, {"items", n}});
        return out;
    };
    return json::object{{"root", r.root},
                        {"items", std::move(items)},
                        {"locations", counted(r.locations)},
                        {"parties", counted(r.parties)},
                        {"truncated", r.truncated}};
}

const std::vector<std::string>& RecallColumns() {
    static const std::vector<std::string> columns = {
        "Mã / Item",
        "Loại / Type",
        "Sản phẩm / Product",
        "Lô / Lot",
        "Vị trí cuối / Last location",
        "Tên vị trí / Location name",
        "Tỉnh, thành phố / Province",
        "Mã tỉnh / Province code",
        "Bên giữ hàng / Custodian",
        "Tên bên giữ hàng / Custodian name",
        "Trạng thái / Disposition",
        "Sự kiện cuối / Last event time",
        "Số bước / Path length",
        "Mã sự kiện cuối / Last eventID",
    };
    return columns;
}

std::vector<std::string> RecallCells(const RecallRow& r) {
    return {r.id,
            r.type,
            r.product,
            r.lot,
            r.last_location,
            r.location_name,
            r.province,
            r.province_code,
            r.custodian,
            r.custodian_name,
            r.disposition,
            r.last_event_time,
            std::to_string(r.path_length),
            r.last_event_id};
}

std::string RecallCsv(const RecallReport& report) {
    auto cell = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string quoted = "\"";
        for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        return quoted + "\"";
    };
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out += ',';
            out += cell(cells[i]);
        }
        return out + "\r\n";
    };
    std::string out = "\xEF\xBB\xBF" + line(RecallColumns());
    for (const auto& r : report.items) out += line(RecallCells(r));
    return out;
}

}  // namespace txng::service
