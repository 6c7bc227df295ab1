#include "api/registry_api.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <optional>

#include "api/api_support.hpp"
#include "gs1/keys.hpp"
#include "registry/province.hpp"
#include "registry/tax_code.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using http::RequestContext;
using http::Response;
using Awaitable = boost::asio::awaitable<Response>;

constexpr std::string_view kJson = "application/json";

// What an operation answers: a JSON body, and for creations its Location, for listings the next page.
struct Reply {
    json::value body;
    std::string location;
    std::string next;  // query string of the next page, empty on the last
};

// The query parameters of an endpoint, each allowed name at most once.
Result<std::map<std::string, std::string>> Params(std::string_view raw,
                                                  std::initializer_list<std::string_view> allowed) {
    auto pairs = QueryPairs(raw);
    if (!pairs) return pairs.error();
    std::map<std::string, std::string> out;
    for (auto& [name, value] : *pairs) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return InvalidArgument(name, "query.unknown_parameter", "This endpoint does not take this parameter.",
                                   name);
        }
        if (out.contains(name)) {
            return InvalidArgument(name, "query.repeated_parameter", "Give this parameter once.", name);
        }
        out.emplace(std::move(name), std::move(value));
    }
    return out;
}

std::string Get(const std::map<std::string, std::string>& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? std::string() : it->second;
}

// `?keepKeysMade=true|false` of revoking a key or disabling a user (false when absent).
Result<bool> KeepKeysMade(std::string_view raw) {
    auto p = Params(raw, {"keepKeysMade"});
    if (!p) return p.error();
    const std::string v = Get(*p, "keepKeysMade");
    if (v.empty() || v == "false") return false;
    if (v == "true") return true;
    return InvalidArgument("keepKeysMade", "query.boolean", "Use true or false.", v);
}

// The whole number `name` of the parameters, `fallback` when absent; kInvalidArgument (rule
// `query.<name>`) unless it is from `min` to `max`.
Result<std::int64_t> WholeNumber(const std::map<std::string, std::string>& params, const std::string& name,
                                 std::int64_t min, std::int64_t max, std::int64_t fallback) {
    const std::string v = Get(params, name);
    if (v.empty()) return fallback;
    return WholeNumberOf(v, name, min, max);
}

Result<store::ListRequest> ListParams(std::string_view raw, bool with_owner) {
    auto p =
        with_owner ? Params(raw, {"limit", "after", "province", "owner"}) : Params(raw, {"limit", "after", "province"});
    if (!p) return p.error();
    store::ListRequest r;
    r.after = Get(*p, "after");
    r.owner = Get(*p, "owner");
    const std::string province = Get(*p, "province");
    if (!province.empty()) {
        auto resolved = registry::ResolveProvince(province, "province");
        if (!resolved) return resolved.error();
        r.province = std::string(resolved->province->code);
    }
    auto limit = WholeNumber(*p, "limit", 1, 1000, static_cast<std::int64_t>(r.limit));
    if (!limit) return limit.error();
    r.limit = static_cast<std::size_t>(*limit);
    return r;
}

// The query string of the page after the one that ended with `last`.
// Percent-encodes a query value (RFC 3986 unreserved characters kept).
std::string Escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += fmt::format("%{:02X}", u);
        }
    }
    return out;
}

std::string NextQuery(const store::ListRequest& r, std::string_view last) {
    std::string q = fmt::format("limit={}&after={}", r.limit, Escape(last));
    if (!r.province.empty()) q += "&province=" + Escape(r.province);
    if (!r.owner.empty()) q += "&owner=" + Escape(r.owner);
    return q;
}

// Path keys in the same canonical form as record keys: a tax code normalised (a branch's 13 digits
// get their hyphen), a GTIN-8/12/13 padded to GTIN-14. A malformed key is simply not found, as no
// record can have it.
std::string TaxCodeKey(std::string_view raw) {
    auto t = registry::ParseTaxCode(raw);
    return t ? t->value : std::string(raw);
}
std::string GtinKey(std::string_view raw) {
    auto g = gs1::NormalizeGtin(raw);
    return g ? *g : std::string(raw);
}

json::object KeyJson(const store::ApiKeyRecord& k) {
    json::array scopes;
    for (const auto& s : k.scopes) scopes.emplace_back(s);
    json::object o{{"id", k.id},
                   {"name", k.name},
                   {"role", k.role},
                   {"scopes", std::move(scopes)},
                   {"createdAt", k.created_at},
                   {"createdBy", k.created_by}};
    if (!k.subject.empty()) o["enterprise"] = k.subject;
    if (!k.province.empty()) o["province"] = k.province;
    if (!k.expires_at.empty()) o["expiresAt"] = k.expires_at;
    if (!k.revoked_at.empty()) o["revokedAt"] = k.revoked_at;
    return o;
}

json::object AuditJson(const store::AuditEntry& e) {
    boost::system::error_code ec;
    json::value detail = json::parse(e.detail, ec);
    if (ec) detail = json::object();
    return json::object{{"id", e.id},
                        {"at", e.at},
                        {"actor", e.actor},
                        {"actorRole", e.actor_role},
                        {"actorSubject", e.actor_subject},
                        {"action", e.action},
                        {"resource", e.resource},
                        {"province", e.province},
                        {"remoteAddress", e.remote_address},
                        {"detail", std::move(detail)}};
}

// RFC 4180 field.
std::string CsvField(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

template <typename R, typename Encode>
Reply ListReply(const std::vector<R>& items, const store::ListRequest& request, Encode encode,
                std::string (*key)(const R&)) {
    json::array a;
    for (const auto& item : items) a.emplace_back(encode(item));
    Reply reply{json::object{{"items", std::move(a)}}, {}, {}};
    if (items.size() == request.limit && !items.empty()) reply.next = NextQuery(request, key(items.back()));
    return reply;
}

std::string EnterpriseKey(const registry::Enterprise& e) { return e.tax_code; }
std::string LocationKey(const registry::Location& l) { return l.gln; }
std::string ProductKey(const registry::Product& p) { return p.gtin; }

json::object UserJson(const store::UserRecord& u) {
    json::array scopes;
    for (const auto& s : u.scopes) scopes.emplace_back(s);
    json::object o{{"name", u.name},
                   {"role", u.role},
                   {"scopes", std::move(scopes)},
                   {"createdAt", u.created_at},
                   {"createdBy", u.created_by}};
    if (!u.subject.empty()) o["enterprise"] = u.subject;
    if (!u.province.empty()) o["province"] = u.province;
    if (!u.disabled_at.empty()) o["disabledAt"] = u.disabled_at;
    return o;
}

json::object PrincipalJson(const registry::Principal& p) {
    json::array scopes;
    for (const auto& s : p.scopes) scopes.emplace_back(s);
    json::object o{{"role", registry::RoleName(p.role)}, {"actor", p.actor}, {"scopes", std::move(scopes)}};
    if (!p.name.empty()) o["name"] = p.name;
    if (!p.subject.empty()) o["enterprise"] = p.subject;
    if (!p.province.empty()) o["province"] = p.province;
    if (!p.acts_for.empty()) {
        json::array a;
        for (const auto& t : p.acts_for) a.emplace_back(t);
        o["actsFor"] = std::move(a);
    }
    return o;
}

// The string members of a small JSON object body, each allowed name at most once.
Result<std::map<std::string, std::string>> StringFields(const json::value& body,
                                                        std::initializer_list<std::string_view> allowed,
                                                        std::initializer_list<std::string_view> required) {
    if (!body.is_object()) return InvalidArgument("$", "json.type", "Expected a JSON object.");
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : body.get_object()) {
        const std::string key(k);
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            return InvalidArgument(key, "field.unknown", "Unknown field.", key);
        }
        if (!v.is_string()) return InvalidArgument(key, "json.type", "Expected a string.");
        out[key] = std::string(v.get_string());
    }
    for (const auto r : required) {
        if (!out.contains(std::string(r))) {
            return InvalidArgument(std::string(r), "field.required", "This field is required.");
        }
    }
    return out;
}

json::object Counts(const std::vector<std::pair<std::string, std::int64_t>>& items) {
    json::object o;
    for (const auto& [k, v] : items) o[k] = v;
    return o;
}

json::object SystemJson(const service::ConnectedSystem& s, std::string_view today) {
    json::array enterprises;
    for (const auto& e : s.enterprises) enterprises.emplace_back(e);
    json::array keys;
    for (const auto& k : s.keys) keys.emplace_back(KeyJson(k));
    json::array certs;
    for (const auto& c : s.certifications) {
        certs.emplace_back(json::object{{"id", c.id},
                                        {"certifier", c.certifier},
                                        {"standard", c.standard},
                                        {"certificate", c.certificate},
                                        {"issuedOn", c.issued_on},
                                        {"validUntil", c.valid_until},
                                        {"valid", c.issued_on <= today && today <= c.valid_until},
                                        {"scope", c.scope},
                                        {"createdAt", c.created_at}});
    }
    json::object name{{"vi", s.name.vi}};
    if (!s.name.en.empty()) name["en"] = s.name.en;
    json::object o{{"id", s.id},
                   {"kind", s.kind},
                   {"name", std::move(name)},
                   {"province", s.province},
                   {"enterprises", std::move(enterprises)},
                   {"keys", std::move(keys)},
                   {"certifications", std::move(certs)},
                   {"captures", s.activity.captures},
                   {"quality", json::object{{"score", s.quality},
                                            {"events", json::object{{"total", s.activity.events},
                                                                    {"complete", s.activity.complete},
                                                                    {"missing", Counts(s.activity.missing)}}},
                                            {"products", json::object{{"total", s.products},
                                                                      {"complete", s.products_complete},
                                                                      {"missing", Counts(s.product_missing)}}}}}};
    if (!s.activity.last_seen.empty()) o["lastSeen"] = s.activity.last_seen;
    return o;
}

class RegistryApi {
  public:
    RegistryApi(service::RegistryService& service, boost::asio::thread_pool& blocking, SessionOptions sessions)
        : service_(service), blocking_(blocking), sessions_(sessions) {}

    Awaitable Me(RequestContext& ctx) {
        auto op = [](const service::Caller& c) -> Result<Reply> { return Reply{PrincipalJson(c.principal), {}, {}}; };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable Provinces(RequestContext& ctx) {
        auto params = Params(ctx.query, {});
        if (!params) co_return Problem(ctx, params.error());
        auto op = [](const service::Caller&) -> Result<Reply> {
            json::array a;
            for (const auto& p : registry::Provinces()) {
                a.emplace_back(json::object{{"code", p.code},
                                            {"name", json::object{{"vi", p.name_vi}, {"en", p.name_en}}},
                                            {"kind", p.city ? "thanh_pho" : "tinh"}});
            }
            json::array former;
            for (const auto& f : registry::FormerProvinces()) {
                former.emplace_back(json::object{{"code", f.code}, {"name", f.name_vi}, {"successor", f.successor}});
            }
            return Reply{json::object{{"items", std::move(a)}, {"before2025", std::move(former)}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- enterprises

    Awaitable ListEnterprises(RequestContext& ctx) {
        auto request = ListParams(ctx.query, false);
        if (!request) co_return Problem(ctx, request.error());
        auto op = [this, &request](const service::Caller& c) -> Result<Reply> {
            auto list = service_.ListEnterprises(c, *request);
            if (!list) return list.error();
            return ListReply(*list, *request, &registry::EncodeEnterprise, &EnterpriseKey);
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable CreateEnterprise(RequestContext& ctx) {
        auto record = Decode(ctx, &registry::DecodeEnterprise);
        if (!record) co_return AuthProblem(ctx, record.error());
        auto op = [this, &record](const service::Caller& c) -> Result<Reply> {
            auto e = service_.CreateEnterprise(c, std::move(*record));
            if (!e) return e.error();
            return Reply{registry::EncodeEnterprise(*e), "/api/v1/enterprises/" + e->tax_code, {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    Awaitable GetEnterprise(RequestContext& ctx) {
        const std::string tax = TaxCodeKey(ctx.PathParam("taxCode"));
        auto op = [this, &tax](const service::Caller& c) -> Result<Reply> {
            auto e = service_.GetEnterprise(c, tax);
            if (!e) return e.error();
            return Reply{registry::EncodeEnterprise(*e), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable UpdateEnterprise(RequestContext& ctx) {
        auto record = Decode(ctx, &registry::DecodeEnterprise);
        if (!record) co_return AuthProblem(ctx, record.error());
        if (record->tax_code != TaxCodeKey(ctx.PathParam("taxCode")))
            co_return Problem(ctx, KeyMismatch("taxCode", record->tax_code));
        auto op = [this, &record](const service::Caller& c) -> Result<Reply> {
            auto e = service_.UpdateEnterprise(c, std::move(*record));
            if (!e) return e.error();
            return Reply{registry::EncodeEnterprise(*e), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- delegations

    Awaitable ListDelegations(RequestContext& ctx) {
        const std::string tax = TaxCodeKey(ctx.PathParam("taxCode"));
        auto op = [this, &tax](const service::Caller& c) -> Result<Reply> {
            auto list = service_.ListDelegations(c, tax);
            if (!list) return list.error();
            json::array a;
            for (const auto& p : *list) a.emplace_back(json::object{{"provider", p}});
            return Reply{json::object{{"items", std::move(a)}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable AddDelegation(RequestContext& ctx) {
        const std::string tax = TaxCodeKey(ctx.PathParam("taxCode"));
        auto body = JsonBody(ctx);
        if (!body) co_return Problem(ctx, body.error());
        const json::value* provider = body->is_object() ? body->get_object().if_contains("provider") : nullptr;
        if (provider == nullptr || !provider->is_string() || body->get_object().size() != 1) {
            co_return Problem(ctx, InvalidArgument("provider", "field.required",
                                                   "Send {\"provider\": \"<tax code of the solution provider>\"}."));
        }
        const std::string who(provider->get_string());
        auto op = [this, &tax, &who](const service::Caller& c) -> Result<Reply> {
            if (auto ok = service_.AddDelegation(c, tax, who); !ok) return ok.error();
            return Reply{json::object{{"enterprise", tax}, {"provider", who}},
                         "/api/v1/enterprises/" + tax + "/delegations/" + who,
                         {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    Awaitable RemoveDelegation(RequestContext& ctx) {
        const std::string tax = TaxCodeKey(ctx.PathParam("taxCode"));
        const std::string who(ctx.PathParam("provider"));
        auto op = [this, &tax, &who](const service::Caller& c) -> Result<Reply> {
            if (auto ok = service_.RemoveDelegation(c, tax, who); !ok) return ok.error();
            return Reply{json::object{{"enterprise", tax}, {"provider", who}, {"removed", true}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- locations

    Awaitable ListLocations(RequestContext& ctx) {
        auto request = ListParams(ctx.query, true);
        if (!request) co_return Problem(ctx, request.error());
        auto op = [this, &request](const service::Caller& c) -> Result<Reply> {
            auto list = service_.ListLocations(c, *request);
            if (!list) return list.error();
            return ListReply(*list, *request, &registry::EncodeLocation, &LocationKey);
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable PutLocation(RequestContext& ctx, bool create) {
        auto record = Decode(ctx, &registry::DecodeLocation);
        if (!record) co_return AuthProblem(ctx, record.error());
        if (!create && record->gln != ctx.PathParam("gln")) co_return Problem(ctx, KeyMismatch("gln", record->gln));
        auto op = [this, &record, create](const service::Caller& c) -> Result<Reply> {
            auto l = service_.PutLocation(c, std::move(*record), create);
            if (!l) return l.error();
            return Reply{registry::EncodeLocation(*l), create ? "/api/v1/locations/" + l->gln : "", {}};
        };
        co_return co_await Run(ctx, create ? bhttp::status::created : bhttp::status::ok, op);
    }

    Awaitable GetLocation(RequestContext& ctx) {
        const std::string gln(ctx.PathParam("gln"));
        auto op = [this, &gln](const service::Caller& c) -> Result<Reply> {
            auto l = service_.GetLocation(c, gln);
            if (!l) return l.error();
            return Reply{registry::EncodeLocation(*l), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- products

    Awaitable ListProducts(RequestContext& ctx) {
        auto request = ListParams(ctx.query, true);
        if (!request) co_return Problem(ctx, request.error());
        auto op = [this, &request](const service::Caller& c) -> Result<Reply> {
            auto list = service_.ListProducts(c, *request);
            if (!list) return list.error();
            return ListReply(*list, *request, &registry::EncodeProduct, &ProductKey);
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable PutProduct(RequestContext& ctx, bool create) {
        auto record = Decode(ctx, &registry::DecodeProduct);
        if (!record) co_return AuthProblem(ctx, record.error());
        if (!create && record->gtin != GtinKey(ctx.PathParam("gtin")))
            co_return Problem(ctx, KeyMismatch("gtin", record->gtin));
        auto op = [this, &record, create](const service::Caller& c) -> Result<Reply> {
            auto p = service_.PutProduct(c, std::move(*record), create);
            if (!p) return p.error();
            return Reply{registry::EncodeProduct(*p), create ? "/api/v1/products/" + p->gtin : "", {}};
        };
        co_return co_await Run(ctx, create ? bhttp::status::created : bhttp::status::ok, op);
    }

    // GET /api/v1/products/{gtin}: the record as JSON, or as GS1 Web Vocabulary JSON-LD when the
    // client asks for application/ld+json.
    Awaitable GetProduct(RequestContext& ctx) {
        const std::string gtin = GtinKey(ctx.PathParam("gtin"));
        const bool linked_data = HeaderValue(ctx.request, "Accept").find("application/ld+json") != std::string::npos;
        auto op = [this, &gtin, linked_data](const service::Caller& c) -> Result<Reply> {
            auto p = service_.GetProduct(c, gtin);
            if (!p) return p.error();
            if (!linked_data) return Reply{registry::EncodeProduct(*p), {}, {}};
            auto owner = service_.GetEnterprise(c, p->owner);
            return Reply{
                registry::EncodeProductWebVocabulary(*p, owner ? &*owner : nullptr, "/api/v1/images/"), {}, {}};
        };
        Response res = co_await Run(ctx, bhttp::status::ok, op);
        if (linked_data && res.result() == bhttp::status::ok) {
            res.set(bhttp::field::content_type, "application/ld+json");
        }
        res.set(bhttp::field::vary, "Accept");
        co_return res;
    }

    // ---- resolver links

    Awaitable ListLinks(RequestContext& ctx) {
        auto p = Params(ctx.query, {"gtin", "owner", "after", "limit"});
        if (!p) co_return Problem(ctx, p.error());
        std::string gtin = Get(*p, "gtin");
        if (!gtin.empty()) {
            auto normalized = gs1::NormalizeGtin(gtin, "gtin");
            if (!normalized) co_return Problem(ctx, normalized.error());
            gtin = *normalized;
        }
        auto after_id = WholeNumber(*p, "after", 0, INT64_MAX, 0);
        if (!after_id) co_return Problem(ctx, after_id.error());
        auto page = WholeNumber(*p, "limit", 1, 1000, 100);
        if (!page) co_return Problem(ctx, page.error());
        const std::int64_t after = *after_id;
        const auto limit = static_cast<std::size_t>(*page);
        const std::string owner = Get(*p, "owner");
        auto op = [this, &gtin, &owner, after, limit](const service::Caller&) -> Result<Reply> {
            auto list = service_.ListLinks(owner, gtin, after, limit);
            if (!list) return list.error();
            json::array a;
            for (const auto& l : *list) a.emplace_back(registry::EncodeLink(l));
            Reply reply{json::object{{"items", std::move(a)}}, {}, {}};
            if (list->size() == limit) {
                reply.next = "after=" + std::to_string(list->back().id) + "&limit=" + std::to_string(limit) +
                             (gtin.empty() ? "" : "&gtin=" + gtin) + (owner.empty() ? "" : "&owner=" + Escape(owner));
            }
            return reply;
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable CreateLink(RequestContext& ctx) {
        auto record = Decode(ctx, &registry::DecodeLink);
        if (!record) co_return AuthProblem(ctx, record.error());
        auto op = [this, &record](const service::Caller& c) -> Result<Reply> {
            auto l = service_.CreateLink(c, std::move(*record));
            if (!l) return l.error();
            return Reply{registry::EncodeLink(*l), "/api/v1/links/" + std::to_string(l->id), {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    static Result<std::int64_t> LinkId(std::string_view text) {
        std::int64_t id = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc() || ptr != text.data() + text.size() || id < 1) {
            return InvalidArgument("linkId", "link.id", "A link id is a whole number.", text);
        }
        return id;
    }

    Awaitable GetLink(RequestContext& ctx) {
        auto id = LinkId(ctx.PathParam("linkId"));
        if (!id) co_return Problem(ctx, id.error());
        auto op = [this, &id](const service::Caller&) -> Result<Reply> {
            auto l = service_.GetLink(*id);
            if (!l) return l.error();
            return Reply{registry::EncodeLink(*l), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable DeleteLink(RequestContext& ctx) {
        auto id = LinkId(ctx.PathParam("linkId"));
        if (!id) co_return Problem(ctx, id.error());
        auto op = [this, &id](const service::Caller& c) -> Result<Reply> {
            auto l = service_.DeleteLink(c, *id);
            if (!l) return l.error();
            return Reply{registry::EncodeLink(*l), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- keys

    Awaitable ListKeys(RequestContext& ctx) {
        if (!ctx.query.empty()) {
            co_return Problem(
                ctx, InvalidArgument("query", "query.unknown_parameter", "This endpoint takes no parameters."));
        }
        auto op = [this](const service::Caller& c) -> Result<Reply> {
            auto keys = service_.ListKeys(c);
            if (!keys) return keys.error();
            json::array a;
            for (const auto& k : *keys) a.emplace_back(KeyJson(k));
            return Reply{json::object{{"items", std::move(a)}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable CreateKey(RequestContext& ctx) {
        auto request = KeyRequest(ctx);
        if (!request) co_return Problem(ctx, request.error());
        auto op = [this, &request](const service::Caller& c) -> Result<Reply> {
            auto created = service_.CreateKey(c, *request);
            if (!created) return created.error();
            json::object o = KeyJson(created->record);
            o["key"] = created->token;  // the only time the secret is shown
            return Reply{std::move(o), "/api/v1/keys/" + created->record.id, {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    Awaitable GetKey(RequestContext& ctx) {
        const std::string id(ctx.PathParam("keyId"));
        auto op = [this, &id](const service::Caller& c) -> Result<Reply> {
            auto k = service_.GetKey(c, id);
            if (!k) return k.error();
            return Reply{KeyJson(*k), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable RevokeKey(RequestContext& ctx) {
        const std::string id(ctx.PathParam("keyId"));
        auto keep = KeepKeysMade(ctx.query);
        if (!keep) co_return Problem(ctx, keep.error());
        auto op = [this, &id, &keep](const service::Caller& c) -> Result<Reply> {
            auto k = service_.RevokeKey(c, id, *keep);
            if (!k) return k.error();
            return Reply{KeyJson(*k), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- sessions (people in browsers)

    Awaitable SignIn(RequestContext& ctx) {
        auto body = JsonBody(ctx);
        if (!body) co_return Problem(ctx, body.error());
        auto fields = StringFields(*body, {"name", "password"}, {"name", "password"});
        if (!fields) co_return Problem(ctx, fields.error());
        const std::string remote = ctx.remote_address;
        auto signed_in = co_await Offload(blocking_, [this, &fields, &remote] {
            return service_.SignIn(fields->at("name"), fields->at("password"), remote);
        });
        if (!signed_in) {
            Response res = AuthProblem(ctx, signed_in.error());
            if (signed_in.error().code == ErrorCode::kTooManyRequests) res.set(bhttp::field::retry_after, "900");
            co_return res;
        }
        json::object o = PrincipalJson(signed_in->principal);
        o["csrfToken"] = signed_in->csrf;
        o["expiresAt"] = signed_in->expires_at;
        Response res = JsonResponse(ctx, bhttp::status::created, o, kJson);
        res.set(bhttp::field::set_cookie, Cookie(signed_in->token, 12 * 3600));
        res.set(bhttp::field::location, "/api/v1/session");
        res.set(bhttp::field::cache_control, "no-store");
        co_return res;
    }

    Awaitable GetSession(RequestContext& ctx) {
        const std::string token = CookieValue(ctx.request, SessionCookieName(sessions_.secure_cookies));
        auto session = co_await Offload(blocking_, [this, &token] { return service_.AuthenticateSession(token); });
        if (!session) co_return AuthProblem(ctx, session.error());
        json::object o = PrincipalJson(session->principal);
        o["csrfToken"] = session->csrf;
        Response res = JsonResponse(ctx, bhttp::status::ok, o, kJson);
        res.set(bhttp::field::cache_control, "no-store");
        co_return res;
    }

    Awaitable SignOut(RequestContext& ctx) {
        const std::string token = CookieValue(ctx.request, SessionCookieName(sessions_.secure_cookies));
        auto op = [this, &token](const service::Caller& c) -> Result<Reply> {
            if (token.empty() || !c.principal.actor.starts_with("user:")) {
                return MakeError(ErrorCode::kUnauthorized, "Cookie", "auth.invalid_session", "Not signed in.");
            }
            if (auto ok = service_.SignOut(c, token); !ok) return ok.error();
            return Reply{json::object{{"signedOut", true}}, {}, {}};
        };
        Response res = co_await Run(ctx, bhttp::status::ok, op);
        if (res.result() == bhttp::status::ok) res.set(bhttp::field::set_cookie, Cookie("", 0));
        co_return res;
    }

    Awaitable ChangePassword(RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) co_return AuthProblem(ctx, registry::SignInRequired());
        auto body = JsonBody(ctx);
        if (!body) co_return Problem(ctx, body.error());
        auto fields = StringFields(*body, {"currentPassword", "newPassword"}, {"currentPassword", "newPassword"});
        if (!fields) co_return Problem(ctx, fields.error());
        auto op = [this, &fields](const service::Caller& c) -> Result<Reply> {
            if (auto ok = service_.ChangePassword(c, fields->at("currentPassword"), fields->at("newPassword")); !ok) {
                return ok.error();
            }
            return Reply{json::object{{"changed", true}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- users

    Awaitable ListUsers(RequestContext& ctx) {
        if (!ctx.query.empty()) {
            co_return Problem(
                ctx, InvalidArgument("query", "query.unknown_parameter", "This endpoint takes no parameters."));
        }
        auto op = [this](const service::Caller& c) -> Result<Reply> {
            auto users = service_.ListUsers(c);
            if (!users) return users.error();
            json::array a;
            for (const auto& u : *users) a.emplace_back(UserJson(u));
            return Reply{json::object{{"items", std::move(a)}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable CreateUser(RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) co_return AuthProblem(ctx, registry::SignInRequired());
        auto body = JsonBody(ctx);
        if (!body) co_return Problem(ctx, body.error());
        service::NewUserRequest request;
        if (body->is_object()) {
            if (const auto* scopes = body->get_object().if_contains("scopes")) {
                if (!scopes->is_array())
                    co_return Problem(ctx, InvalidArgument("scopes", "json.type", "Expected an array."));
                for (const auto& s : scopes->get_array()) {
                    if (!s.is_string())
                        co_return Problem(ctx, InvalidArgument("scopes", "json.type", "Expected strings."));
                    request.scopes.emplace_back(s.get_string());
                }
                body->get_object().erase("scopes");
            }
        }
        auto fields =
            StringFields(*body, {"name", "password", "role", "enterprise", "province"}, {"name", "password", "role"});
        if (!fields) co_return Problem(ctx, fields.error());
        auto role = registry::ParseRole(fields->at("role"), "role");
        if (!role) co_return Problem(ctx, role.error());
        request.name = (*fields)["name"];
        request.password = (*fields)["password"];
        request.role = *role;
        request.subject = (*fields)["enterprise"];
        request.province = (*fields)["province"];
        auto op = [this, &request](const service::Caller& c) -> Result<Reply> {
            auto u = service_.CreateUser(c, request);
            if (!u) return u.error();
            return Reply{UserJson(*u), "/api/v1/users", {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    Awaitable DisableUser(RequestContext& ctx) {
        const std::string name(ctx.PathParam("name"));
        auto keep = KeepKeysMade(ctx.query);
        if (!keep) co_return Problem(ctx, keep.error());
        auto op = [this, &name, &keep](const service::Caller& c) -> Result<Reply> {
            auto u = service_.DisableUser(c, name, *keep);
            if (!u) return u.error();
            return Reply{UserJson(*u), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    // ---- images

    Awaitable UploadImage(RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) co_return AuthProblem(ctx, registry::SignInRequired());
        const std::string type = HeaderValue(ctx.request, "Content-Type");
        auto op = [this, &ctx, &type](const service::Caller& c) -> Result<Reply> {
            auto image = service_.UploadImage(c, type, ctx.request.body());
            if (!image) return image.error();
            return Reply{json::object{{"sha256", image->sha256},
                                      {"contentType", image->content_type},
                                      {"bytes", image->data.size()},
                                      {"url", "/api/v1/images/" + image->sha256}},
                         "/api/v1/images/" + image->sha256,
                         {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    Awaitable GetImage(RequestContext& ctx) {
        const std::string sha(ctx.PathParam("sha256"));
        auto image = co_await Offload(blocking_, [this, &sha] { return service_.GetImage(sha); });
        if (!image) co_return Problem(ctx, image.error());
        Response res{bhttp::status::ok, ctx.request.version()};
        res.set(bhttp::field::content_type, image->content_type);
        // The address is the content's hash: it never changes.
        res.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
        res.set(bhttp::field::etag, "\"" + image->sha256 + "\"");
        res.set("X-Content-Type-Options", "nosniff");
        res.body() = std::move(image->data);
        co_return res;
    }

    // ---- connected systems

    Awaitable ListSystems(RequestContext& ctx) {
        if (!ctx.query.empty()) {
            co_return Problem(
                ctx, InvalidArgument("query", "query.unknown_parameter", "This endpoint takes no parameters."));
        }
        auto op = [this](const service::Caller& c) -> Result<Reply> {
            auto systems = service_.ListSystems(c);
            if (!systems) return systems.error();
            const std::string today = Today();
            json::array a;
            for (const auto& s : *systems) a.emplace_back(SystemJson(s, today));
            return Reply{json::object{{"items", std::move(a)}}, {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable GetSystem(RequestContext& ctx) {
        const std::string id(ctx.PathParam("systemId"));
        auto op = [this, &id](const service::Caller& c) -> Result<Reply> {
            auto s = service_.GetSystem(c, id);
            if (!s) return s.error();
            return Reply{SystemJson(*s, Today()), {}, {}};
        };
        co_return co_await Run(ctx, bhttp::status::ok, op);
    }

    Awaitable Certify(RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) co_return AuthProblem(ctx, registry::SignInRequired());
        const std::string id(ctx.PathParam("systemId"));
        auto body = JsonBody(ctx);
        if (!body) co_return Problem(ctx, body.error());
        auto f = StringFields(*body, {"certifier", "standard", "certificate", "issuedOn", "validUntil", "scope"},
                              {"standard", "certificate", "issuedOn", "validUntil"});
        if (!f) co_return Problem(ctx, f.error());
        store::CertificationRecord record;
        record.certifier = (*f)["certifier"];
        record.standard = (*f)["standard"];
        record.certificate = (*f)["certificate"];
        record.issued_on = (*f)["issuedOn"];
        record.valid_until = (*f)["validUntil"];
        record.scope = (*f)["scope"];
        auto op = [this, &id, &record](const service::Caller& c) -> Result<Reply> {
            auto stored = service_.Certify(c, id, record);
            if (!stored) return stored.error();
            return Reply{json::object{{"id", stored->id},
                                      {"system", stored->system},
                                      {"certifier", stored->certifier},
                                      {"standard", stored->standard},
                                      {"certificate", stored->certificate},
                                      {"issuedOn", stored->issued_on},
                                      {"validUntil", stored->valid_until},
                                      {"scope", stored->scope},
                                      {"createdAt", stored->created_at}},
                         "/api/v1/systems/" + stored->system,
                         {}};
        };
        co_return co_await Run(ctx, bhttp::status::created, op);
    }

    // ---- audit

    Awaitable Audit(RequestContext& ctx) {
        auto params = Params(ctx.query, {"province", "actor", "action", "after", "limit", "format"});
        if (!params) co_return Problem(ctx, params.error());
        store::AuditFilter filter;
        filter.actor = Get(*params, "actor");
        filter.action = Get(*params, "action");
        const std::string province = Get(*params, "province");
        if (!province.empty()) {
            auto resolved = registry::ResolveProvince(province, "province");
            if (!resolved) co_return Problem(ctx, resolved.error());
            filter.province = std::string(resolved->province->code);
        }
        const std::string after = Get(*params, "after");
        if (!after.empty()) {
            auto [ptr, ec] = std::from_chars(after.data(), after.data() + after.size(), filter.after_id);
            if (ec != std::errc() || ptr != after.data() + after.size() || filter.after_id < 0) {
                co_return Problem(
                    ctx, InvalidArgument("after", "query.after", "after is an audit entry id (a number).", after));
            }
        }
        const std::string limit = Get(*params, "limit");
        if (!limit.empty()) {
            auto [ptr, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), filter.limit);
            if (ec != std::errc() || ptr != limit.data() + limit.size() || filter.limit < 1 || filter.limit > 10000) {
                co_return Problem(
                    ctx, InvalidArgument("limit", "query.limit", "limit is a whole number from 1 to 10000.", limit));
            }
        }
        const std::string format = Get(*params, "format");
        if (!format.empty() && format != "json" && format != "csv") {
            co_return Problem(ctx, InvalidArgument("format", "audit.format", "Use json (the default) or csv.", format));
        }
        const bool csv = format == "csv";
        auto op = [this, &filter, csv](const service::Caller& c) -> Result<Reply> {
            auto entries = service_.ListAudit(c, filter);
            if (!entries) return entries.error();
            Reply reply;
            if (csv) {
                // A BOM so spreadsheet programs read the Vietnamese text as UTF-8.
                std::string text =
                    "\xEF\xBB\xBFid,thời điểm / at,người thực hiện / actor,vai trò / role,chủ thể / subject,"
                    "hành động / action,đối tượng / resource,tỉnh / province,địa chỉ / address,chi tiết / detail\r\n";
                for (const auto& e : *entries) {
                    text += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", e.id, CsvField(e.at), CsvField(e.actor),
                                        CsvField(e.actor_role), CsvField(e.actor_subject), CsvField(e.action),
                                        CsvField(e.resource), CsvField(e.province), CsvField(e.remote_address),
                                        CsvField(e.detail));
                }
                reply.body = json::string(text);
            } else {
                json::array a;
                for (const auto& e : *entries) a.emplace_back(AuditJson(e));
                reply.body = json::object{{"items", std::move(a)}};
            }
            if (entries->size() == filter.limit && !entries->empty()) {
                reply.next = fmt::format("after={}&limit={}", entries->back().id, filter.limit);
                if (!filter.province.empty()) reply.next += "&province=" + filter.province;
                if (!filter.actor.empty()) reply.next += "&actor=" + Escape(filter.actor);
                if (!filter.action.empty()) reply.next += "&action=" + Escape(filter.action);
                if (csv) reply.next += "&format=csv";
            }
            return reply;
        };
        auto reply = co_await Offload(blocking_, [this, &ctx, &op] { return Call(ctx, op); });
        if (!reply) co_return AuthProblem(ctx, reply.error());
        if (!csv) co_return Respond(ctx, bhttp::status::ok, std::move(*reply));
        Response res{bhttp::status::ok, ctx.request.version()};
        res.set(bhttp::field::content_type, "text/csv; charset=utf-8");
        res.set(bhttp::field::content_disposition, "attachment; filename=\"audit.csv\"");
        if (!reply->next.empty()) res.set(bhttp::field::link, "<" + ctx.path + "?" + reply->next + ">; rel=\"next\"");
        res.body() = std::string(reply->body.get_string());
        co_return res;
    }

  private:
    template <typename R>
    static Result<R> Decode(const RequestContext& ctx, Result<R> (*decode)(const json::value&)) {
        // A write without credentials is refused before its body is looked at.
        if (!HasCredentials(ctx.request)) return registry::SignInRequired();
        auto body = JsonBody(ctx);
        if (!body) return body.error();
        return decode(*body);
    }

    // Today's date (UTC), YYYY-MM-DD, by the service's clock.
    std::string Today() const { return service_.Now().substr(0, 10); }

    static Error KeyMismatch(std::string_view field, std::string_view value) {
        return InvalidArgument(std::string(field), "registry.key_mismatch",
                               "The key in the body differs from the one in the path (keys cannot be changed).", value);
    }

    static Result<service::NewKeyRequest> KeyRequest(const RequestContext& ctx) {
        auto body = JsonBody(ctx);
        if (!body) return body.error();
        if (!body->is_object()) return InvalidArgument("$", "json.type", "Expected a JSON object.");
        service::NewKeyRequest r;
        for (const auto& [k, v] : body->get_object()) {
            const std::string key(k);
            if (key == "scopes") {
                if (!v.is_array()) return InvalidArgument(key, "json.type", "Expected an array of strings.");
                for (const auto& s : v.get_array()) {
                    if (!s.is_string()) return InvalidArgument(key, "json.type", "Expected an array of strings.");
                    r.scopes.emplace_back(s.get_string());
                }
                continue;
            }
            if (key != "name" && key != "role" && key != "enterprise" && key != "province" && key != "expiresAt") {
                return InvalidArgument(key, "field.unknown", "Unknown field.", key);
            }
            if (!v.is_string()) return InvalidArgument(key, "json.type", "Expected a string.");
            const std::string value(v.get_string());
            if (key == "name") r.name = value;
            if (key == "enterprise") r.subject = value;
            if (key == "province") r.province = value;
            if (key == "expiresAt") r.expires_at = value;
            if (key == "role") {
                auto role = registry::ParseRole(value, "role");
                if (!role) return role.error();
                r.role = *role;
            }
        }
        if (!body->get_object().contains("role"))
            return InvalidArgument("role", "field.required", "This field is required.");
        return r;
    }

    // Authenticates the request, then runs `op` (on the blocking pool).
    template <typename Op>
    Result<Reply> Call(const RequestContext& ctx, const Op& op) {
        auto caller = CallerOf(service_, ctx, sessions_.secure_cookies);
        if (!caller) return caller.error();
        return op(*caller);
    }

    template <typename Op>
    Awaitable Run(RequestContext& ctx, bhttp::status status, const Op& op) {
        auto reply = co_await Offload(blocking_, [this, &ctx, &op] { return Call(ctx, op); });
        if (!reply) co_return AuthProblem(ctx, reply.error());
        co_return Respond(ctx, status, std::move(*reply));
    }

    // The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
    // sends it), Secure unless turned off; an empty value with Max-Age=0 deletes it.
    std::string Cookie(std::string_view token, int max_age) const {
        return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}",
                           SessionCookieName(sessions_.secure_cookies), token, max_age,
                           sessions_.secure_cookies ? "; Secure" : "");
    }

    static Response Respond(const RequestContext& ctx, bhttp::status status, Reply reply) {
        Response res = JsonResponse(ctx, status, reply.body, kJson);
        if (!reply.location.empty()) res.set(bhttp::field::location, reply.location);
        if (!reply.next.empty()) res.set(bhttp::field::link, "<" + ctx.path + "?" + reply.next + ">; rel=\"next\"");
        return res;
    }

    service::RegistryService& service_;
    boost::asio::thread_pool& blocking_;
    SessionOptions sessions_;
};

}  // namespace

RegistryHandlers MakeRegistryHandlers(service::RegistryService& registry, boost::asio::thread_pool& blocking,
                                      SessionOptions sessions) {
    auto api = std::make_shared<RegistryApi>(registry, blocking, sessions);
    auto bind = [api](auto member) {
        return [api, member](RequestContext& ctx) -> Awaitable { return ((*api).*member)(ctx); };
    };
    RegistryHandlers h;
    h.me = bind(&RegistryApi::Me);
    h.provinces = bind(&RegistryApi::Provinces);
    h.list_enterprises = bind(&RegistryApi::ListEnterprises);
    h.create_enterprise = bind(&RegistryApi::CreateEnterprise);
    h.get_enterprise = bind(&RegistryApi::GetEnterprise);
    h.update_enterprise = bind(&RegistryApi::UpdateEnterprise);
    h.list_delegations = bind(&RegistryApi::ListDelegations);
    h.add_delegation = bind(&RegistryApi::AddDelegation);
    h.remove_delegation = bind(&RegistryApi::RemoveDelegation);
    h.list_locations = bind(&RegistryApi::ListLocations);
    h.create_location = [api](RequestContext& ctx) -> Awaitable { return api->PutLocation(ctx, true); };
    h.get_location = bind(&RegistryApi::GetLocation);
    h.update_location = [api](RequestContext& ctx) -> Awaitable { return api->PutLocation(ctx, false); };
    h.list_products = bind(&RegistryApi::ListProducts);
    h.create_product = [api](RequestContext& ctx) -> Awaitable { return api->PutProduct(ctx, true); };
    h.get_product = bind(&RegistryApi::GetProduct);
    h.update_product = [api](RequestContext& ctx) -> Awaitable { return api->PutProduct(ctx, false); };
    h.list_keys = bind(&RegistryApi::ListKeys);
    h.create_key = bind(&RegistryApi::CreateKey);
    h.get_key = bind(&RegistryApi::GetKey);
    h.revoke_key = bind(&RegistryApi::RevokeKey);
    h.audit = bind(&RegistryApi::Audit);
    h.upload_image = bind(&RegistryApi::UploadImage);
    h.get_image = bind(&RegistryApi::GetImage);
    h.list_links = bind(&RegistryApi::ListLinks);
    h.create_link = bind(&RegistryApi::CreateLink);
    h.get_link = bind(&RegistryApi::GetLink);
    h.delete_link = bind(&RegistryApi::DeleteLink);
    h.list_systems = bind(&RegistryApi::ListSystems);
    h.get_system = bind(&RegistryApi::GetSystem);
    h.certify = bind(&RegistryApi::Certify);
    h.sign_in = bind(&RegistryApi::SignIn);
    h.get_session = bind(&RegistryApi::GetSession);
    h.sign_out = bind(&RegistryApi::SignOut);
    h.change_password = bind(&RegistryApi::ChangePassword);
    h.list_users = bind(&RegistryApi::ListUsers);
    h.create_user = bind(&RegistryApi::CreateUser);
    h.disable_user = bind(&RegistryApi::DisableUser);
    return h;
}

}  // namespace txng::api
