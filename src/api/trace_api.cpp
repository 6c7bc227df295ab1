#include "api/trace_api.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <optional>

#include "api/api_support.hpp"
#include "epcis/cbv.hpp"
#include "epcis/date_time.hpp"
#include "epcis/query.hpp"
#include "epcis/uri.hpp"
#include "trace/trace.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using http::RequestContext;
using http::Response;
using trace::NodeId;
using trace::TraceIndex;
using Awaitable = boost::asio::awaitable<Response>;

// The parameters of the three endpoints; each endpoint says which it takes.
struct TraceParams {
    std::string id;
    trace::Direction direction = trace::Direction::kBoth;
    std::optional<int> depth;
    std::optional<std::int64_t> at_ms;
    std::string format = "json";
};

enum ParamSet : unsigned { kDirection = 1, kDepth = 2, kAt = 4, kFormat = 8 };

Result<TraceParams> ParseParams(std::string_view raw, unsigned allowed) {
    TraceParams p;
    bool have_id = false;
    std::size_t start = 0;
    while (start < raw.size()) {
        std::size_t end = raw.find('&', start);
        if (end == std::string_view::npos) end = raw.size();
        const std::string_view pair = raw.substr(start, end - start);
        start = end + 1;
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto name = DecodeComponent(pair.substr(0, eq), pair.substr(0, eq));
        if (!name) return name.error();
        auto value = DecodeComponent(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), *name);
        if (!value) return value.error();
        if (*name == "id") {
            have_id = true;
            p.id = std::move(*value);
        } else if (*name == "direction" && (allowed & kDirection)) {
            if (*value == "backward") {
                p.direction = trace::Direction::kBackward;
            } else if (*value == "forward") {
                p.direction = trace::Direction::kForward;
            } else if (*value == "both") {
                p.direction = trace::Direction::kBoth;
            } else {
                return InvalidArgument("direction", "trace.direction", "Use backward, forward or both.", *value);
            }
        } else if (*name == "depth" && (allowed & kDepth)) {
            int n = 0;
            auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
            if (ec != std::errc() || ptr != value->data() + value->size() || n < 1) {
                return InvalidArgument("depth", "trace.depth", "depth must be a whole number of steps, 1 or more.",
                                       *value);
            }
            p.depth = n;
        } else if (*name == "at" && (allowed & kAt)) {
            auto t = epcis::DateTime::Parse(*value);
            if (!t) {
                return InvalidArgument("at", "trace.at",
                                       "at must be a date-time with its offset, e.g. 2026-03-01T08:00:00+07:00.",
                                       *value);
            }
            p.at_ms = t->UnixMillis();
        } else if (*name == "format" && (allowed & kFormat)) {
            if (*value != "json" && *value != "csv") {
                return InvalidArgument("format", "recall.format", "Use json (the default) or csv.", *value);
            }
            p.format = std::move(*value);
        } else {
            return InvalidArgument(*name, "query.unknown_parameter",
                                   "This endpoint does not take this parameter (see /trace, /trace/steps, /recall).",
                                   *name);
        }
    }
    if (!have_id || p.id.empty()) {
        return InvalidArgument("id", "trace.id_required",
                               "Give the code to trace as ?id=... (an EPC URN, GS1 Digital Link or lot class).");
    }
    if (!epcis::IsAbsoluteUri(p.id)) {
        return InvalidArgument("id", "uri.format",
                               "The id must be an absolute URI: an EPC URN (urn:epc:id:...), a GS1 Digital Link "
                               "(https://.../01/...) or a lot class (urn:epc:class:lgtin:...).",
                               p.id);
    }
    return p;
}

Error UnknownId(const std::string& id) {
    return MakeError(ErrorCode::kNotFound, "id", "trace.unknown_id",
                     "Không có sự kiện nào ghi mã này. / No stored event names this identifier; check the code "
                     "(every form of it is recognised: EPC URN, GS1 Digital Link of any domain, lot class).",
                     id);
}

std::string TimeText(std::int64_t unix_ms) {
    epcis::DateTime t;
    t.unix_seconds = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
    t.nanos = static_cast<std::int32_t>(unix_ms - t.unix_seconds * 1000) * 1'000'000;
    return t.ToUtcString(3);
}

// Everything an answer needs from the index, copied out under its lock.
struct Snapshot {
    json::object body;
    std::vector<trace::EventRef> events;  // whose eventIDs are to be filled in
    std::vector<json::value*> event_slots;
};

class TraceApi {
  public:
    TraceApi(service::TraceService& service, boost::asio::thread_pool& blocking, const ApiOptions& options)
        : service_(service), blocking_(blocking), prefixes_(options.prefixes) {}

    Awaitable Trace(RequestContext& ctx) {
        auto params = ParseParams(ctx.query, kDirection | kDepth | kAt);
        if (!params) co_return Problem(ctx, params.error());
        auto format = EpcFormatOf(ctx.request);
        if (!format) co_return Problem(ctx, format.error());
        auto body = co_await Offload(blocking_, [this, &params, &format] { return TraceJson(*params, *format); });
        if (!body) co_return Problem(ctx, body.error());
        co_return JsonResponse(ctx, bhttp::status::ok, *body, "application/json");
    }

    Awaitable Steps(RequestContext& ctx) {
        auto params = ParseParams(ctx.query, kAt);
        if (!params) co_return Problem(ctx, params.error());
        auto format = EpcFormatOf(ctx.request);
        if (!format) co_return Problem(ctx, format.error());
        auto body = co_await Offload(blocking_, [this, &params, &format] { return StepsJson(*params, *format); });
        if (!body) co_return Problem(ctx, body.error());
        // The three stops themselves beside their indexes.
        const auto& stops = body->at("stops").as_array();
        for (const char* which : {"previous", "current", "next"}) {
            const auto& index = body->at(std::string(which) + "Index");
            (*body)[which] =
                index.is_null() ? json::value(nullptr) : stops.at(static_cast<std::size_t>(index.as_int64()));
        }
        co_return JsonResponse(ctx, bhttp::status::ok, *body, "application/json");
    }

    Awaitable Recall(RequestContext& ctx) {
        auto params = ParseParams(ctx.query, kFormat);
        if (!params) co_return Problem(ctx, params.error());
        auto format = EpcFormatOf(ctx.request);
        if (!format) co_return Problem(ctx, format.error());
        auto body = co_await Offload(blocking_, [this, &params, &format] { return RecallJson(*params, *format); });
        if (!body) co_return Problem(ctx, body.error());
        if (params->format == "csv") {
            Response res{bhttp::status::ok, ctx.request.version()};
            res.set(bhttp::field::content_type, "text/csv; charset=utf-8");
            res.set(bhttp::field::content_disposition, "attachment; filename=\"recall.csv\"");
            res.body() = RecallCsv(*body);
            AddEpcisHeaders(res);
            co_return res;
        }
        co_return JsonResponse(ctx, bhttp::status::ok, *body, "application/json");
    }

  private:
    std::string Id(const TraceIndex& ix, NodeId n, epcis::EpcFormat format) const {
        std::string id(ix.NodeText(n));
        epcis::TranslateIdentifier(id, format, prefixes_);
        return id;
    }
    json::value IdOrNull(const TraceIndex& ix, NodeId n, epcis::EpcFormat format) const {
        if (n == 0) return nullptr;
        return json::value(Id(ix, n, format));
    }
    static json::value Word(const TraceIndex& ix, std::uint32_t string_id, epcis::cbv::Vocab vocab) {
        if (string_id == 0) return nullptr;
        const std::string_view text = ix.Text(string_id);
        if (auto w = epcis::cbv::StandardWord(vocab, text)) return json::value(*w);
        return json::value(text);
    }
    static std::string_view TypeName(epcis::EventType t) {
        const std::string_view name = epcis::EventTypeName(t);
        return name.empty() ? std::string_view("ExtensionEvent") : name;
    }

    // Runs `build` on the index (the root found first) and then fills in the eventIDs it asked
    // for.
    Result<json::object> Build(const TraceParams& p,
                               const std::function<void(const TraceIndex&, NodeId, Snapshot&)>& build) {
        Snapshot snap;
        std::optional<Error> missing;
        std::vector<trace::EventRef> refs;
        std::vector<std::int64_t> seqs;
        auto read = service_.Read([&](const TraceIndex& ix) {
            auto root = ix.Find(p.id);
            if (!root) {
                missing = UnknownId(p.id);
                return;
            }
            build(ix, *root, snap);
            seqs.reserve(snap.events.size());
            for (auto e : snap.events) seqs.push_back(ix.Event(e).seq);
        });
        if (!read) return read.error();
        if (missing) return *missing;
        auto ids = service_.EventIds(seqs);
        if (!ids) return ids.error();
        for (std::size_t i = 0; i < snap.event_slots.size() && i < ids->size(); ++i) {
            *snap.event_slots[i] = json::value((*ids)[i]);
        }
        return std::move(snap.body);
    }

    Result<json::object> TraceJson(const TraceParams& p, epcis::EpcFormat format) {
        return Build(p, [&](const TraceIndex& ix, NodeId root, Snapshot& snap) {
            trace::TraceOptions options;
            options.direction = p.direction;
            options.depth = p.depth;
            options.at_ms = p.at_ms;
            const auto result = trace::Trace(ix, root, options);
            json::object& body = snap.body;
            body["root"] = Id(ix, root, format);
            body["direction"] = p.direction == trace::Direction::kBackward  ? "backward"
                                : p.direction == trace::Direction::kForward ? "forward"
                                                                            : "both";
            json::array nodes;
            nodes.reserve(result.nodes.size());
            for (NodeId n : result.nodes) {
                nodes.push_back(json::object{{"id", Id(ix, n, format)}, {"type", trace::NodeTypeName(ix.Type(n))}});
            }
            // Edges and events name events by eventID: remember where each goes.
            std::map<trace::EventRef, std::size_t> order;
            for (auto e : result.events) order.emplace(e, order.size());
            json::array edges;
            edges.reserve(result.edges.size());
            for (const auto& e : result.edges) {
                const auto& info = ix.Event(e.event);
                edges.push_back(json::object{{"from", Id(ix, e.from, format)},
                                             {"to", Id(ix, e.to, format)},
                                             {"relation", trace::RelationName(e.relation)},
                                             {"eventID", nullptr},
                                             {"eventType", TypeName(info.type)},
                                             {"bizStep", Word(ix, info.biz_step, epcis::cbv::Vocab::kBizStep)},
                                             {"eventTime", TimeText(info.time_ms)}});
            }
            json::array events(result.events.size(), nullptr);
            body["nodes"] = std::move(nodes);
            body["edges"] = std::move(edges);
            body["events"] = std::move(events);
            body["truncated"] = result.truncated;
            // Slots: one per event in `events`, then one per edge (pointing at the same ids).
            auto& ev = body["events"].as_array();
            for (std::size_t i = 0; i < result.events.size(); ++i) {
                snap.events.push_back(result.events[i]);
                snap.event_slots.push_back(&ev[i]);
            }
            auto& ed = body["edges"].as_array();
            for (std::size_t i = 0; i < result.edges.size(); ++i) {
                snap.events.push_back(result.edges[i].event);
                snap.event_slots.push_back(&ed[i].as_object()["eventID"]);
            }
        });
    }

    json::object StopJson(const TraceIndex& ix, const trace::Stop& s, epcis::EpcFormat format) const {
        return json::object{{"location", Id(ix, s.location, format)},
                            {"party", IdOrNull(ix, s.party, format)},
                            {"arrived", TimeText(s.arrived_ms)},
                            {"left", TimeText(s.left_ms)},
                            {"arrivalBizStep", Word(ix, ix.Event(s.first_event).biz_step, epcis::cbv::Vocab::kBizStep)},
                            {"lastBizStep", Word(ix, ix.Event(s.last_event).biz_step, epcis::cbv::Vocab::kBizStep)},
                            {"arrivalEventID", nullptr}};
    }

    Result<json::object> StepsJson(const TraceParams& p, epcis::EpcFormat format) {
        return Build(p, [&](const TraceIndex& ix, NodeId root, Snapshot& snap) {
            const trace::Steps steps = trace::StepsOf(ix, root, p.at_ms);
            json::object& body = snap.body;
            body["root"] = Id(ix, root, format);
            json::array stops;
            stops.reserve(steps.stops.size());
            for (const auto& s : steps.stops) {
                stops.push_back(StopJson(ix, s, format));
                snap.events.push_back(s.first_event);
            }
            body["stops"] = std::move(stops);
            auto& arr = body["stops"].as_array();
            for (auto& s : arr) snap.event_slots.push_back(&s.as_object()["arrivalEventID"]);
            auto pick = [&](const std::optional<std::size_t>& i) -> json::value {
                if (!i) return nullptr;
                return json::value(static_cast<std::int64_t>(*i));
            };
            // previous / current / next as indexes into `stops`, and the stops themselves.
            body["previousIndex"] = pick(steps.previous);
            body["currentIndex"] = pick(steps.current);
            body["nextIndex"] = pick(steps.next);
        });
    }

    Result<json::object> RecallJson(const TraceParams& p, epcis::EpcFormat format) {
        return Build(p, [&](const TraceIndex& ix, NodeId root, Snapshot& snap) {
            const auto result = trace::Recall(ix, root);
            json::object& body = snap.body;
            body["root"] = Id(ix, root, format);
            json::array items;
            items.reserve(result.items.size());
            std::map<NodeId, std::int64_t> locations;
            std::map<NodeId, std::int64_t> parties;
            for (const auto& item : result.items) {
                items.push_back(
                    json::object{{"id", Id(ix, item.item, format)},
                                 {"type", trace::NodeTypeName(ix.Type(item.item))},
                                 {"pathLength", item.path_length},
                                 {"lastLocation", IdOrNull(ix, item.last_location, format)},
                                 {"disposition", Word(ix, item.disposition, epcis::cbv::Vocab::kDisposition)},
                                 {"lastEventTime", TimeText(item.last_event_ms)},
                                 {"lastEventID", nullptr},
                                 {"custodian", IdOrNull(ix, item.custodian, format)}});
                snap.events.push_back(item.last_event);
                if (item.last_location != 0) ++locations[item.last_location];
                if (item.custodian != 0) ++parties[item.custodian];
            }
            auto counted = [&](const std::map<NodeId, std::int64_t>& m) {
                json::array out;
                for (const auto& [n, count] : m)
                    out.push_back(json::object{{"id", Id(ix, n, format)}, {"items", count}});
                return out;
            };
            body["items"] = std::move(items);
            body["locations"] = counted(locations);
            body["parties"] = counted(parties);
            body["truncated"] = result.truncated;
            for (auto& item : body["items"].as_array()) snap.event_slots.push_back(&item.as_object()["lastEventID"]);
        });
    }

    // RFC 4180, with a UTF-8 byte order mark so that spreadsheet programs read the Vietnamese
    // headers right.
    static std::string RecallCsv(const json::object& body) {
        auto cell = [](const json::value& v) {
            std::string s = v.is_string() ? std::string(v.as_string()) : v.is_null() ? "" : json::serialize(v);
            if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
            std::string quoted = "\"";
            for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            return quoted + "\"";
        };
        std::string out = "\xEF\xBB\xBF";
        out +=
            "Mã / Item,Loại / Type,Vị trí cuối / Last location,Trạng thái / Disposition,"
            "Sự kiện cuối / Last event time,Bên giữ hàng / Custodian,Số bước / Path length,Mã sự kiện / Last "
            "eventID\r\n";
        for (const auto& v : body.at("items").as_array()) {
            const auto& o = v.as_object();
            out += cell(o.at("id")) + "," + cell(o.at("type")) + "," + cell(o.at("lastLocation")) + "," +
                   cell(o.at("disposition")) + "," + cell(o.at("lastEventTime")) + "," + cell(o.at("custodian")) + "," +
                   cell(o.at("pathLength")) + "," + cell(o.at("lastEventID")) + "\r\n";
        }
        return out;
    }

    service::TraceService& service_;
    boost::asio::thread_pool& blocking_;
    const gs1::CompanyPrefixProvider* prefixes_;
};

}  // namespace

TraceHandlers MakeTraceHandlers(service::TraceService& trace, boost::asio::thread_pool& blocking,
                                const ApiOptions& options) {
    auto api = std::make_shared<TraceApi>(trace, blocking, options);
    TraceHandlers h;
    h.trace = [api](RequestContext& ctx) -> Awaitable { return api->Trace(ctx); };
    h.steps = [api](RequestContext& ctx) -> Awaitable { return api->Steps(ctx); };
    h.recall = [api](RequestContext& ctx) -> Awaitable { return api->Recall(ctx); };
    return h;
}

}  // namespace txng::api
