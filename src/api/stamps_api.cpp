#include "api/stamps_api.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <optional>
#include <set>

#include "api/api_support.hpp"
#include "gs1/keys.hpp"
#include "gs1/percent_encoding.hpp"
#include "registry/province.hpp"
#include "registry/tax_code.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using http::RequestContext;
using http::Response;
using Awaitable = boost::asio::awaitable<Response>;

// `after` and `limit` of a listing (and nothing else).
Result<std::pair<std::int64_t, std::size_t>> Page(std::string_view query) {
    auto pairs = QueryPairs(query);
    if (!pairs) return pairs.error();
    std::int64_t after = 0;
    std::int64_t limit = 100;
    for (const auto& [name, value] : *pairs) {
        if (name == "after") {
            auto n = WholeNumberOf(value, "after", 0, INT64_MAX);
            if (!n) return n.error();
            after = *n;
        } else if (name == "limit") {
            auto n = WholeNumberOf(value, "limit", 1, 1000);
            if (!n) return n.error();
            limit = *n;
        } else {
            return InvalidArgument(name, "query.unknown_parameter", "This endpoint takes after and limit.", name);
        }
    }
    return std::pair{after, static_cast<std::size_t>(limit)};
}

// The filter of a signal or complaint listing: owner, province, gtin, serial (with gtin), after
// and limit.
Result<store::SignalFilter> ReadSignalFilter(std::string_view query) {
    auto pairs = QueryPairs(query);
    if (!pairs) return pairs.error();
    store::SignalFilter f;
    std::set<std::string> seen;
    for (auto& [name, value] : *pairs) {
        if (!seen.insert(name).second) {
            return InvalidArgument(name, "query.repeated", "Mỗi tham số một lần. / Each parameter at most once.", name);
        }
        if (name == "after") {
            auto n = WholeNumberOf(value, "after", 0, INT64_MAX);
            if (!n) return n.error();
            f.after_id = *n;
        } else if (name == "limit") {
            auto n = WholeNumberOf(value, "limit", 1, 1000);
            if (!n) return n.error();
            f.limit = static_cast<std::size_t>(*n);
        } else if (name == "owner") {
            auto tax = registry::ParseTaxCode(value, "owner");
            if (!tax) return tax.error();
            f.owner = std::move(tax->value);
        } else if (name == "province") {
            auto p = registry::ResolveProvince(value, "province");
            if (!p) return p.error();
            f.province = std::string(p->province->code);
        } else if (name == "gtin") {
            auto gtin = gs1::NormalizeGtin(value, "gtin");
            if (!gtin) return gtin.error();
            f.gtin = std::move(*gtin);
        } else if (name == "serial") {
            if (value.empty() || value.size() > 20) {
                return InvalidArgument("serial", "query.serial",
                                       "Số sê-ri có 1 đến 20 ký tự. / A serial has 1 to 20 "
                                       "characters.",
                                       value);
            }
            f.serial = std::move(value);
        } else {
            return InvalidArgument(name, "query.unknown_parameter",
                                   "Tham số: owner, province, gtin, serial, after, limit. / This endpoint takes owner, "
                                   "province, gtin, serial, after and limit.",
                                   name);
        }
    }
    if (!f.serial.empty() && f.gtin.empty()) {
        return InvalidArgument("serial", "query.serial_without_gtin",
                               "Lọc theo số sê-ri cần cả gtin. / Filtering by serial needs the gtin too.", f.serial);
    }
    return f;
}

// The query string of the next page: the filter's parameters with `after` moved on.
std::string NextPageQuery(const store::SignalFilter& f, std::int64_t after) {
    std::string q = fmt::format("after={}&limit={}", after, f.limit);
    for (auto [key, value] : {std::pair{"owner", &f.owner}, std::pair{"province", &f.province},
                              std::pair{"gtin", &f.gtin}, std::pair{"serial", &f.serial}}) {
        if (!value->empty())
            q += fmt::format("&{}={}", key, gs1::PercentEncodeDlValue(*value, gs1::DlEscaping::kStrict));
    }
    return q;
}

json::object EncodeStamp(const store::Stamp& s, const service::StampService& service) {
    const std::string dl = service.DigitalLink(s.gtin, s.serial);
    json::object o{{"ordinal", s.ordinal},
                   {"serial", s.serial},
                   {"gtin", s.gtin},
                   {"status", store::StampStatusName(s.status)},
                   {"digitalLink", dl},
                   {"qr", "/qr?format=svg&data=" + gs1::PercentEncodeDlValue(dl, gs1::DlEscaping::kStrict)}};
    if (!s.lot.empty()) o["lot"] = s.lot;
    if (!s.changed_at.empty()) o["changedAt"] = s.changed_at;
    return o;
}

Result<std::string> TextMember(const json::object& o, std::string_view key, std::size_t max) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return std::string();
    if (!v->is_string()) return InvalidArgument(std::string(key), "json.type", "Expected a string.");
    std::string s(v->get_string());
    if (s.size() > max) return InvalidArgument(std::string(key), "text.length", fmt::format("At most {} bytes.", max));
    return s;
}

class StampsApi {
  public:
    StampsApi(service::StampService& stamps, service::RegistryService& registry, boost::asio::thread_pool& blocking,
              bool secure_cookies)
        : stamps_(stamps), registry_(registry), blocking_(blocking), secure_cookies_(secure_cookies) {}

    Awaitable Order(RequestContext& ctx) {
        auto order = ReadOrder(ctx);
        if (!order) co_return AuthProblem(ctx, order.error());
        auto r = co_await Offload(blocking_, [this, &ctx, &order]() -> Result<json::value> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            auto batch = stamps_.Order(*caller, std::move(*order));
            if (!batch) return batch.error();
            return json::value(EncodeStampBatch(*batch));
        });
        if (!r) co_return AuthProblem(ctx, r.error());
        Response res = JsonResponse(ctx, bhttp::status::accepted, *r, "application/json");
        res.set(bhttp::field::location, fmt::format("/api/v1/stamp-batches/{}", r->at("id").as_int64()));
        co_return res;
    }

    Awaitable List(RequestContext& ctx) {
        auto page = Page(ctx.query);
        if (!page) co_return Problem(ctx, page.error());
        auto r = co_await Offload(blocking_, [this, &ctx, &page]() -> Result<json::value> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            auto list = stamps_.Batches(*caller, page->first, page->second);
            if (!list) return list.error();
            json::array items;
            for (const auto& b : *list) items.emplace_back(EncodeStampBatch(b));
            json::object o{{"items", std::move(items)}};
            if (list->size() == page->second) o["next"] = list->back().id;
            return json::value(std::move(o));
        });
        if (!r) co_return AuthProblem(ctx, r.error());
        Response res = JsonResponse(ctx, bhttp::status::ok, *r, "application/json");
        if (const auto* next = r->as_object().if_contains("next")) {
            res.set(bhttp::field::link,
                    fmt::format("<{}?after={}&limit={}>; rel=\"next\"", ctx.path, next->as_int64(), page->second));
        }
        co_return res;
    }

    Awaitable Get(RequestContext& ctx) {
        auto id = BatchId(ctx);
        if (!id) co_return Problem(ctx, id.error());
        auto r = co_await Offload(blocking_, [this, &ctx, &id]() -> Result<json::value> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            auto batch = stamps_.Batch(*caller, *id);
            if (!batch) return batch.error();
            return json::value(EncodeStampBatch(*batch));
        });
        if (!r) co_return AuthProblem(ctx, r.error());
        co_return JsonResponse(ctx, bhttp::status::ok, *r, "application/json");
    }

    Awaitable Stamps(RequestContext& ctx) {
        auto id = BatchId(ctx);
        if (!id) co_return Problem(ctx, id.error());
        auto page = Page(ctx.query);
        if (!page) co_return Problem(ctx, page.error());
        auto r = co_await Offload(blocking_, [this, &ctx, &id, &page]() -> Result<json::value> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            auto list = stamps_.Stamps(*caller, *id, page->first, page->second);
            if (!list) return list.error();
            json::array items;
            for (const auto& s : *list) items.emplace_back(EncodeStamp(s, stamps_));
            json::object o{{"items", std::move(items)}};
            if (list->size() == page->second) o["next"] = list->back().ordinal;
            return json::value(std::move(o));
        });
        if (!r) co_return AuthProblem(ctx, r.error());
        Response res = JsonResponse(ctx, bhttp::status::ok, *r, "application/json");
        if (const auto* next = r->as_object().if_contains("next")) {
            res.set(bhttp::field::link,
                    fmt::format("<{}?after={}&limit={}>; rel=\"next\"", ctx.path, next->as_int64(), page->second));
        }
        co_return res;
    }

    Awaitable Csv(RequestContext& ctx) { return File(ctx, "csv", "text/csv; charset=utf-8"); }
    Awaitable Pdf(RequestContext& ctx) { return File(ctx, "pdf", "application/pdf"); }

    Awaitable Change(RequestContext& ctx) {
        auto id = BatchId(ctx);
        if (!id) co_return Problem(ctx, id.error());
        auto change = ReadChange(ctx);
        if (!change) co_return AuthProblem(ctx, change.error());
        auto r = co_await Offload(blocking_, [this, &ctx, &id, &change]() -> Result<json::value> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            auto done = stamps_.Change(*caller, *id, std::move(*change));
            if (!done) return done.error();
            return json::value(json::object{{"changed", done->changed}, {"events", done->events}});
        });
        if (!r) co_return AuthProblem(ctx, r.error());
        co_return JsonResponse(ctx, bhttp::status::ok, *r, "application/json");
    }

    Awaitable Signals(RequestContext& ctx) {
        return Listing(ctx, [this](const service::Caller& caller, store::SignalFilter f) -> Result<json::value> {
            auto list = stamps_.Signals(caller, std::move(f));
            if (!list) return list.error();
            return ListingPage(*list, EncodeSignal);
        });
    }

    Awaitable Complaints(RequestContext& ctx) {
        return Listing(ctx, [this](const service::Caller& caller, store::SignalFilter f) -> Result<json::value> {
            auto list = stamps_.Complaints(caller, std::move(f));
            if (!list) return list.error();
            return ListingPage(*list, EncodeComplaint);
        });
    }

  private:
    Awaitable File(RequestContext& ctx, std::string_view kind, std::string_view type) {
        auto id = BatchId(ctx);
        if (!id) co_return Problem(ctx, id.error());
        if (!ctx.query.empty()) {
            co_return Problem(ctx, InvalidArgument("query", "query.unknown_parameter",
                                                   "This endpoint takes no parameters.", ctx.query));
        }
        auto path = co_await Offload(blocking_, [this, &ctx, &id, kind]() -> Result<std::string> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            return stamps_.File(*caller, *id, kind);
        });
        if (!path) co_return AuthProblem(ctx, path.error());
        Response res{bhttp::status::ok, ctx.request.version()};
        res.set(bhttp::field::content_type, type);
        res.set(bhttp::field::content_disposition,
                fmt::format("attachment; filename=\"tem-{}.{}\"", *id, kind == "csv" ? "csv" : "pdf"));
        res.set(bhttp::field::cache_control, "private, no-store");
        ctx.send_file = *path;
        co_return res;
    }

    template <typename T, typename Encode>
    static json::value ListingPage(const std::vector<T>& list, Encode encode) {
        json::array items;
        for (const auto& item : list) items.emplace_back(encode(item));
        json::object o{{"items", std::move(items)}};
        if (!list.empty()) o["last"] = list.back().id;
        return o;
    }

    // A signal or complaint listing: the filter from the query, read with the caller's reach; a
    // full page links to the next.
    template <typename Read>
    Awaitable Listing(RequestContext& ctx, Read read) {
        auto filter = ReadSignalFilter(ctx.query);
        if (!filter) co_return Problem(ctx, filter.error());
        auto r = co_await Offload(blocking_, [this, &ctx, &filter, &read]() -> Result<json::value> {
            auto caller = CallerOf(registry_, ctx, secure_cookies_);
            if (!caller) return caller.error();
            return read(*caller, *filter);
        });
        if (!r) co_return AuthProblem(ctx, r.error());
        json::object& o = r->as_object();
        // Read before the object changes: inserting may move its members.
        const json::value* last_member = o.if_contains("last");
        const std::optional<std::int64_t> last =
            last_member != nullptr ? std::optional(last_member->as_int64()) : std::nullopt;
        o.erase("last");
        const bool full = o.at("items").as_array().size() == filter->limit;
        std::string link;
        if (full && last) {
            o["next"] = *last;
            link = fmt::format("<{}?{}>; rel=\"next\"", ctx.path, NextPageQuery(*filter, *last));
        }
        Response res = JsonResponse(ctx, bhttp::status::ok, *r, "application/json");
        res.set(bhttp::field::cache_control, "private, no-store");
        if (!link.empty()) res.set(bhttp::field::link, link);
        co_return res;
    }

    static Result<std::int64_t> BatchId(const RequestContext& ctx) {
        return WholeNumberOf(ctx.PathParam("batchId"), "batchId", 1, INT64_MAX);
    }

    static Result<service::StampOrder> ReadOrder(const RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) return registry::SignInRequired();
        auto body = JsonBody(ctx);
        if (!body) return body.error();
        if (!body->is_object()) return InvalidArgument("$", "json.type", "Expected a JSON object.");
        const json::object& o = body->get_object();
        for (const auto& m : o) {
            if (m.key() != "gtin" && m.key() != "count" && m.key() != "layout" && m.key() != "note") {
                return InvalidArgument(std::string(m.key()), "json.unknown_field",
                                       "An order has gtin, count, layout and note.", std::string_view(m.key()));
            }
        }
        service::StampOrder order;
        auto gtin = TextMember(o, "gtin", 20);
        if (!gtin) return gtin.error();
        if (gtin->empty()) return InvalidArgument("gtin", "field.required", "This field is required.");
        order.gtin = std::move(*gtin);
        const json::value* count = o.if_contains("count");
        if (count == nullptr) return InvalidArgument("count", "field.required", "This field is required.");
        if (!count->is_int64()) {
            return InvalidArgument("count", "stamp.count", "Số tem là số nguyên. / count is a whole number.");
        }
        order.count = count->get_int64();
        if (const json::value* layout = o.if_contains("layout")) {
            if (!layout->is_object()) return InvalidArgument("layout", "json.type", "Expected a JSON object.");
            order.layout = json::serialize(*layout);
        }
        auto note = TextMember(o, "note", 500);
        if (!note) return note.error();
        order.note = std::move(*note);
        return order;
    }

    static Result<service::StampChange> ReadChange(const RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) return registry::SignInRequired();
        auto body = JsonBody(ctx);
        if (!body) return body.error();
        if (!body->is_object()) return InvalidArgument("$", "json.type", "Expected a JSON object.");
        const json::object& o = body->get_object();
        service::StampChange change;
        for (const auto& m : o) {
            const std::string_view k = m.key();
            if (k != "status" && k != "location" && k != "lot" && k != "expiry" && k != "from" && k != "to" &&
                k != "serials") {
                return InvalidArgument(std::string(k), "json.unknown_field",
                                       "A change has status, location, from, to, serials, lot and expiry.", k);
            }
        }
        auto status = TextMember(o, "status", 20);
        if (!status) return status.error();
        auto to = store::ParseStampStatus(*status);
        if (!to || *to == store::StampStatus::kIssued) {
            return InvalidArgument("status", "stamp.status",
                                   "Trạng thái mới là activated, sold, consumed hoặc voided. / status is activated, "
                                   "sold, consumed or voided.",
                                   *status);
        }
        change.to = *to;
        for (auto [key, field] : {std::pair{"location", &change.location}, std::pair{"lot", &change.lot},
                                  std::pair{"expiry", &change.expiry}}) {
            auto v = TextMember(o, key, 100);
            if (!v) return v.error();
            *field = std::move(*v);
        }
        const json::value* serials = o.if_contains("serials");
        const json::value* from = o.if_contains("from");
        const json::value* upto = o.if_contains("to");
        if (serials != nullptr) {
            if (from != nullptr || upto != nullptr) {
                return InvalidArgument("serials", "stamp.selection",
                                       "Chọn theo dải (from, to) hoặc danh sách (serials), không cả hai. / Select by "
                                       "range (from, to) or by list (serials), not both.");
            }
            if (!serials->is_array() || serials->get_array().empty() || serials->get_array().size() > 100'000) {
                return InvalidArgument("serials", "stamp.selection_size",
                                       "serials là danh sách 1 đến 100.000 số sê-ri. / serials lists 1 to 100,000 "
                                       "serials.");
            }
            for (std::size_t i = 0; i < serials->get_array().size(); ++i) {
                const auto& s = serials->get_array()[i];
                if (!s.is_string() || s.get_string().empty() || s.get_string().size() > 20) {
                    return InvalidArgument(fmt::format("serials[{}]", i), "json.type",
                                           "Each serial is a string of 1 to 20 characters.");
                }
                change.selection.serials.emplace_back(s.get_string());
            }
        } else {
            if (from == nullptr || upto == nullptr || !from->is_int64() || !upto->is_int64()) {
                return InvalidArgument(from == nullptr || !from->is_int64() ? "from" : "to", "stamp.selection",
                                       "Cho from và to (số thứ tự tem, từ 1) hoặc serials. / Give from and to "
                                       "(stamp numbers, from 1) or serials.");
            }
            change.selection.from = from->get_int64();
            change.selection.to = upto->get_int64();
            if (change.selection.from < 1 || change.selection.to < change.selection.from ||
                change.selection.to - change.selection.from >= 1'000'000) {
                return InvalidArgument("to", "stamp.selection_size",
                                       "Dải từ from đến to (1 ≤ from ≤ to, tối đa 1.000.000 tem). / The range runs "
                                       "from `from` to `to` (1 ≤ from ≤ to, at most 1,000,000 stamps).");
            }
        }
        return change;
    }

    service::StampService& stamps_;
    service::RegistryService& registry_;
    boost::asio::thread_pool& blocking_;
    bool secure_cookies_;
};

}  // namespace

json::object EncodeStampBatch(const store::StampBatch& batch) {
    json::object o{{"id", batch.id},
                   {"gtin", batch.gtin},
                   {"owner", batch.owner},
                   {"count", batch.count},
                   {"generated", batch.generated},
                   {"state", batch.state},
                   {"createdAt", batch.created_at},
                   {"createdBy", batch.created_by}};
    boost::system::error_code ec;
    json::value layout = json::parse(batch.layout, ec);
    if (!ec) o["layout"] = std::move(layout);
    if (!batch.note.empty()) o["note"] = batch.note;
    if (!batch.error.empty()) o["error"] = batch.error;
    if (!batch.finished_at.empty()) o["finishedAt"] = batch.finished_at;
    const std::string base = fmt::format("/api/v1/stamp-batches/{}", batch.id);
    o["links"] = json::object{{"self", base},
                              {"stamps", base + "/stamps"},
                              {"csv", base + "/stamps.csv"},
                              {"pdf", base + "/sheet.pdf"},
                              {"changes", base + "/changes"}};
    return o;
}

json::object EncodeSignal(const store::Signal& s) {
    json::array provinces;
    for (const auto& p : s.provinces) provinces.emplace_back(p);
    json::object o{
        {"id", s.id},        {"kind", s.kind},        {"gtin", s.gtin},      {"serial", s.serial},
        {"count", s.count},  {"firstAt", s.first_at}, {"lastAt", s.last_at}, {"provinces", std::move(provinces)},
        {"detail", s.detail}};
    if (!s.owner.empty()) o["owner"] = s.owner;
    if (!s.owner_province.empty()) o["ownerProvince"] = s.owner_province;
    return o;
}

json::object EncodeComplaint(const store::Complaint& c) {
    json::object o{{"id", c.id},           {"code", c.code},     {"gtin", c.gtin},           {"kind", c.kind},
                   {"message", c.message}, {"status", c.status}, {"createdAt", c.created_at}};
    for (auto [key, value] : {std::pair{"lot", &c.lot}, std::pair{"serial", &c.serial},
                              std::pair{"contact", &c.contact}, std::pair{"province", &c.province},
                              std::pair{"owner", &c.owner}, std::pair{"ownerProvince", &c.owner_province}}) {
        if (!value->empty()) o[key] = *value;
    }
    return o;
}

StampHandlers MakeStampHandlers(service::StampService& stamps, service::RegistryService& registry,
                                boost::asio::thread_pool& blocking, bool secure_cookies) {
    auto api = std::make_shared<StampsApi>(stamps, registry, blocking, secure_cookies);
    auto bind = [api](auto member) {
        return [api, member](RequestContext& ctx) -> Awaitable { return ((*api).*member)(ctx); };
    };
    return StampHandlers{bind(&StampsApi::Order),  bind(&StampsApi::List),    bind(&StampsApi::Get),
                         bind(&StampsApi::Stamps), bind(&StampsApi::Csv),     bind(&StampsApi::Pdf),
                         bind(&StampsApi::Change), bind(&StampsApi::Signals), bind(&StampsApi::Complaints)};
}

}  // namespace txng::api
