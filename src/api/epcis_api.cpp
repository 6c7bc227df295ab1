#include "api/epcis_api.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <memory>
#include <optional>

#include "api/api_support.hpp"
#include "api/portal_openapi.hpp"
#include "api/registry_api.hpp"
#include "api/resolver_api.hpp"
#include "api/stamps_api.hpp"
#include "api/trace_api.hpp"
#include "common/log.hpp"
#include "epcis/cbv.hpp"
#include "epcis/document_io.hpp"
#include "epcis/event_hash.hpp"
#include "epcis/query.hpp"
#include "epcis/translate.hpp"
#include "gs1/keys.hpp"
#include "gs1/percent_encoding.hpp"
#include "http/problem.hpp"
#include "http/target.hpp"
#include "service/data_quality.hpp"
#include "service/lots.hpp"

namespace txng::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
using http::Request;
using http::RequestContext;
using http::Response;
using http::Verb;
using Awaitable = asio::awaitable<Response>;

constexpr std::string_view kEpcisContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
constexpr std::string_view kEpcisVersion = "2.0.0";
constexpr std::string_view kCbvVersion = "2.0.0";

// EPCIS exception types for problem bodies whose kind depends on the endpoint.
constexpr std::string_view kValidationException = "epcisException:ValidationException";
constexpr std::string_view kQueryParameterException = "epcisException:QueryParameterException";
constexpr std::string_view kQueryTooLargeException = "epcisException:QueryTooLargeException";
constexpr std::string_view kCaptureLimitExceeded = "epcisException:CaptureLimitExceededException";

// Submits `request` to the store and resumes when the job is accepted (`when` = kAccepted: durable
// in the intake journal) or finished (kFinished: committed or failed); `finished`, when given, also
// runs when the job finishes. `request` is moved from when the submission starts; it must live
// until then (a local of the caller).
enum class CaptureWait { kAccepted, kFinished };

auto AwaitCapture(store::EventStore& store, store::CaptureRequest& request, CaptureWait when,
                  const std::function<void(const Result<store::CaptureJob>&)>& finished) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(Result<store::CaptureJob>)>(
        [&store, req = &request, when, &finished](auto handler) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            auto resume = [shared](Result<store::CaptureJob> r) {
                auto executor = asio::get_associated_executor(*shared);
                asio::post(executor, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
            };
            store::EventStore::CaptureCallbacks callbacks;
            if (when == CaptureWait::kAccepted) {
                callbacks.accepted = resume;
                callbacks.finished = [finished](Result<store::CaptureJob> r) {
                    if (finished) finished(r);
                };
            } else {
                callbacks.finished = [finished, resume](Result<store::CaptureJob> r) {
                    if (finished) finished(r);
                    resume(std::move(r));
                };
            }
            store.Submit(std::move(*req), std::move(callbacks));
        },
        asio::use_awaitable);
}

// Output format chosen by Accept: JSON-LD unless XML is asked for.
Result<epcis::Format> Negotiate(const Request& req) {
    const std::string accept = HeaderValue(req, "Accept");
    if (accept.empty()) return epcis::Format::kJson;
    bool json_ok = false;
    bool xml_ok = false;
    std::size_t start = 0;
    while (start <= accept.size()) {
        std::size_t end = accept.find(',', start);
        if (end == std::string::npos) end = accept.size();
        std::string item = accept.substr(start, end - start);
        item = item.substr(0, item.find(';'));
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (item == "application/json" || item == "application/ld+json" || item == "*/*" || item == "application/*" ||
            item == "application/problem+json") {
            json_ok = true;
        }
        if (item == "application/xml" || item == "text/xml") xml_ok = true;
        start = end + 1;
    }
    if (json_ok) return epcis::Format::kJson;
    if (xml_ok) return epcis::Format::kXml;
    return MakeError(ErrorCode::kNotAcceptable, "Accept", "http.not_acceptable",
                     "This resource is available as application/ld+json, application/json or application/xml.", accept);
}

json::object Collection(const std::vector<std::string>& members) {
    json::array m;
    for (const auto& s : members) m.emplace_back(s);
    return json::object{{"@context", kEpcisContext}, {"type", "Collection"}, {"member", std::move(m)}};
}

// ---------------------------------------------------------------------------------------------
// Query strings

// The parsed query string: EPCIS parameters (repeated names merged: their values are alternatives)
// and the REST paging parameters.
struct QueryString {
    std::vector<epcis::QueryParam> params;
    std::optional<std::size_t> per_page;
    std::string next_page_token;
    // name=value pairs of the EPCIS parameters, sorted: what a page token is bound to.
    std::string fingerprint;
};

Result<QueryString> ParseQueryString(std::string_view raw, std::size_t max_per_page) {
    QueryString out;
    std::vector<std::string> fingerprint_parts;
    std::size_t start = 0;
    while (start < raw.size()) {
        std::size_t end = raw.find('&', start);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view pair = raw.substr(start, end - start);
        start = end + 1;
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto name = DecodeComponent(pair.substr(0, eq), pair.substr(0, eq));
        if (!name) return name.error();
        const std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        if (*name == "perPage") {
            auto v = DecodeComponent(raw_value, "perPage");
            if (!v) return v.error();
            std::size_t n = 0;
            auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
            if (ec != std::errc() || p != v->data() + v->size() || n == 0) {
                return InvalidArgument("perPage", "query.value", "perPage must be a positive whole number.", *v);
            }
            out.per_page = std::min(n, max_per_page);
            continue;
        }
        if (*name == "nextPageToken") {
            auto v = DecodeComponent(raw_value, "nextPageToken");
            if (!v) return v.error();
            out.next_page_token = std::move(*v);
            continue;
        }
        fingerprint_parts.push_back(std::string(pair));
        auto it = std::find_if(out.params.begin(), out.params.end(), [&](const auto& p) { return p.name == *name; });
        if (it == out.params.end()) {
            out.params.push_back(epcis::QueryParam{*name, {}});
            it = std::prev(out.params.end());
        }
        // Values are split at unescaped commas, then decoded, so "%2C" stays inside a value.
        std::size_t vs = 0;
        for (;;) {
            std::size_t ve = raw_value.find(',', vs);
            if (ve == std::string_view::npos) ve = raw_value.size();
            auto v = DecodeComponent(raw_value.substr(vs, ve - vs), *name);
            if (!v) return v.error();
            it->values.push_back(std::move(*v));
            if (ve == raw_value.size()) break;
            vs = ve + 1;
        }
    }
    std::sort(fingerprint_parts.begin(), fingerprint_parts.end());
    for (const auto& p : fingerprint_parts) out.fingerprint += p + "&";
    return out;
}

// Prefixes of the GS1-Extensions request header: `prefix=namespaceURI` pairs, comma separated.
std::map<std::string, std::string> ExtensionPrefixes(const Request& req) {
    std::map<std::string, std::string> out;
    const std::string header = HeaderValue(req, "GS1-Extensions");
    std::size_t start = 0;
    while (start < header.size()) {
        std::size_t end = header.find(',', start);
        if (end == std::string::npos) end = header.size();
        std::string item = header.substr(start, end - start);
        start = end + 1;
        const auto eq = item.find('=');
        if (eq == std::string::npos) continue;
        std::string prefix = item.substr(0, eq);
        std::string uri = item.substr(eq + 1);
        auto trim = [](std::string& s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t") + 1);
        };
        trim(prefix);
        trim(uri);
        if (!prefix.empty() && !uri.empty()) out[prefix] = uri;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Page tokens: base64url(payload) "." base64url(HMAC-SHA256(payload)[0..16]); payload =
// "<expiry unix seconds>|<fingerprint hash>|<store cursor>".

std::string Base64Url(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
    return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        if (c >= '0' && c <= '9') v = c - '0' + 52;
        if (c == '-') v = 62;
        if (c == '_') v = 63;
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    return out;
}

class TokenSigner {
  public:
    explicit TokenSigner(std::string secret) : secret_(std::move(secret)) {
        if (secret_.empty()) {
            secret_.resize(32);
            RAND_bytes(reinterpret_cast<unsigned char*>(secret_.data()), static_cast<int>(secret_.size()));
        }
    }

    // The token is encrypted (AES-256-GCM), not only signed: a cursor names the position where the
    // store stopped, which may be an event or a value the caller is not allowed to see.
    std::string Sign(std::string_view cursor, std::string_view fingerprint, std::int64_t expires) const {
        const std::string payload = fmt::format("{}|{}|{}", expires, QueryTag(fingerprint), cursor);
        return Base64Url(Seal(payload)) + ".1";
    }

    // The store cursor, or an error naming nextPageToken.
    Result<std::string> Verify(std::string_view token, std::string_view fingerprint, std::int64_t now) const {
        auto bad = [&](std::string_view why) {
            return InvalidArgument("nextPageToken", "query.next_page_token", std::string(why), token);
        };
        if (!token.ends_with(".1")) return bad("The page token is not one this server issued.");
        auto sealed = FromBase64Url(token.substr(0, token.size() - 2));
        std::optional<std::string> payload;
        if (sealed) payload = Open(*sealed);
        if (!payload) return bad("The page token is not one this server issued.");
        const auto first = payload->find('|');
        const auto second = payload->find('|', first + 1);
        if (first == std::string::npos || second == std::string::npos) return bad("The page token is malformed.");
        std::int64_t expires = 0;
        std::from_chars(payload->data(), payload->data() + first, expires);
        if (expires < now) return bad("The page token has expired: start the query again.");
        if (payload->substr(first + 1, second - first - 1) != QueryTag(fingerprint)) {
            return bad("The page token belongs to a query with other parameters.");
        }
        return payload->substr(second + 1);
    }

  private:
    // The query a token belongs to, as hex: raw MAC bytes could contain the '|' that separates the
    // payload's fields.
    std::string QueryTag(std::string_view fingerprint) const {
        const std::string mac = Mac(fingerprint);
        std::string hex;
        for (std::size_t i = 0; i < 8; ++i) hex += fmt::format("{:02x}", static_cast<unsigned char>(mac[i]));
        return hex;
    }

    static constexpr std::size_t kNonce = 12;
    static constexpr std::size_t kTag = 16;

    // The AES-256 key: SHA-256 of the secret with a purpose label, so it differs from the MAC key.
    std::string Key() const { return Mac("txng page token encryption key"); }

    // nonce || ciphertext || tag.
    std::string Seal(std::string_view plain) const {
        std::string out(kNonce, '\0');
        RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(kNonce));
        const std::string key = Key();
        EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
        std::string cipher(plain.size(), '\0');
        int n = 0;
        int total = 0;
        EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                           reinterpret_cast<const unsigned char*>(out.data()));
        EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(cipher.data()), &n,
                          reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
        total = n;
        EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(cipher.data()) + total, &n);
        std::string tag(kTag, '\0');
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag), tag.data());
        EVP_CIPHER_CTX_free(ctx);
        return out + cipher + tag;
    }

    // The plain text, or nullopt when `sealed` was not made by Seal with this key (or was altered).
    std::optional<std::string> Open(std::string_view sealed) const {
        if (sealed.size() < kNonce + kTag) return std::nullopt;
        const std::string key = Key();
        const std::string_view nonce = sealed.substr(0, kNonce);
        const std::string_view cipher = sealed.substr(kNonce, sealed.size() - kNonce - kTag);
        std::string tag(sealed.substr(sealed.size() - kTag));
        EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
        std::string plain(cipher.size(), '\0');
        int n = 0;
        EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                           reinterpret_cast<const unsigned char*>(nonce.data()));
        EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(plain.data()), &n,
                          reinterpret_cast<const unsigned char*>(cipher.data()), static_cast<int>(cipher.size()));
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data());
        const bool ok = EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(plain.data()) + n, &n) == 1;
        EVP_CIPHER_CTX_free(ctx);
        if (!ok) return std::nullopt;
        return plain;
    }

    std::string Mac(std::string_view data) const {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
        return std::string(reinterpret_cast<const char*>(out), length);
    }
    std::string secret_;
};

std::int64_t UnixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string HttpDate(std::int64_t unix_seconds) {
    epcis::DateTime t;
    t.unix_seconds = unix_seconds;
    return t.ToUtcString(0);
}

// ---------------------------------------------------------------------------------------------
// The API

class Api : public std::enable_shared_from_this<Api> {
  public:
    Api(store::EventStore& store, service::TraceService& trace, service::RegistryService& registry,
        asio::thread_pool& blocking, http::Metrics& metrics, ApiOptions options)
        : store_(store),
          trace_(trace),
          registry_(registry),
          blocking_(blocking),
          metrics_(metrics),
          options_(std::move(options)),
          signer_(options_.token_secret),
          events_captured_(metrics.GetCounter("txng_events_captured_total", "Events stored by captures")),
          duplicates_(metrics.GetCounter("txng_events_duplicate_total", "Captured events already stored (no-ops)")),
          jobs_ok_(metrics.GetCounter("txng_capture_jobs_total", "Capture jobs by outcome", {{"outcome", "success"}})),
          jobs_failed_(
              metrics.GetCounter("txng_capture_jobs_total", "Capture jobs by outcome", {{"outcome", "failure"}})),
          count_job_([this](const Result<store::CaptureJob>& job) { CountJob(job); }) {}

    Awaitable TopLevel(RequestContext& ctx) {
        if (auto f = Negotiate(ctx.request); !f) co_return Problem(ctx, f.error());
        co_return JsonResponse(ctx, beast::http::status::ok,
                               Collection({"events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints",
                                           "dispositions", "capture", "queries"}));
    }

    Awaitable Options(RequestContext& ctx) {
        Response res{beast::http::status::no_content, ctx.request.version()};
        res.set(beast::http::field::allow, http::AllowHeaderValue(ctx.allowed_methods));
        AddEpcisHeaders(res);
        res.set("GS1-EPCIS-Min", kEpcisVersion);
        res.set("GS1-EPCIS-Max", kEpcisVersion);
        res.set("GS1-CBV-Min", kCbvVersion);
        res.set("GS1-CBV-Max", kCbvVersion);
        res.set("GS1-EPC-Format", "Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates, No_Preference");
        res.set("GS1-CBV-XML-Format", "Never_Translates");
        res.set("GS1-Extensions", "");
        res.set("GS1-Vendor-Version", options_.vendor_version);
        if (ctx.route.rfind("/capture", 0) == 0) {
            res.set("GS1-EPCIS-Capture-Limit", std::to_string(options_.capture_limit));
            res.set("GS1-EPCIS-Capture-File-Size-Limit", std::to_string(options_.capture_file_size_limit));
            res.set("GS1-Capture-Error-Behaviour", "rollback, proceed");
        }
        co_return res;
    }

    // POST /capture
    // Serves `handler` to callers who may: anonymous reads only when options allow them, writes
    // only with a key holding the `write` scope.
    Awaitable Guard(RequestContext& ctx, const http::Handler& handler, bool write) {
        const bool anonymous = !HasCredentials(ctx.request);
        if (anonymous && !write && options_.anonymous_read) {
            ctx.auth = service::Caller{registry::Anonymous(), ctx.remote_address};
            co_return co_await handler(ctx);
        }
        if (anonymous) co_return AuthProblem(ctx, registry::SignInRequired());
        auto caller =
            co_await Offload(blocking_, [this, &ctx] { return CallerOf(registry_, ctx, options_.secure_cookies); });
        if (!caller) co_return AuthProblem(ctx, caller.error());
        ctx.auth = *caller;
        // A supervisor reading others' events is a privileged read: recorded in the audit log.
        const registry::Principal& p = caller->principal;
        if (!write && (p.IsNational() || registry::IsProvincialRole(p.role))) {
            std::string target(ctx.request.target());
            if (target.size() > 500) target.resize(500);
            asio::post(blocking_, [this, who = *caller, route = ctx.route, target = std::move(target)] {
                (void)registry_.Record(who, "events.read", route, json::serialize(json::object{{"target", target}}));
            });
        }
        if (write && !caller->principal.HasScope(registry::kScopeWrite)) {
            co_return Problem(ctx, registry::ReadOnly());
        }
        co_return co_await handler(ctx);
    }

    // Who captures, and how complete what it sends is (Circular 02 items), for the audit log.
    struct AuthorizedCapture {
        service::Caller caller;
        std::string quality;                         // service::CaptureQuality as JSON
        std::vector<epcis::Vocabulary> master_data;  // to register once the capture is accepted
    };

    // Authenticates the sender of a capture and checks that it may capture these events; the
    // job's `captured_by` names its role, key and enterprise.
    Result<AuthorizedCapture> AuthorizeCapture(const RequestContext& ctx, store::CaptureRequest& request,
                                               std::string_view list_path) {
        auto caller = CallerOf(registry_, ctx, options_.secure_cookies);
        if (!caller) return caller.error();
        if (auto ok = registry_.AuthorizeCapture(*caller, request.events, request.master_data, list_path); !ok) {
            return ok.error();
        }
        request.captured_by = service::CapturedBy(caller->principal);
        return AuthorizedCapture{std::move(*caller), json::serialize(service::CaptureQuality(request.events)),
                                 request.master_data};
    }

    // Records an accepted capture in the audit log, off the io thread.
    void AuditCapture(const AuthorizedCapture& authorized, const store::CaptureJob& job) {
        asio::post(blocking_, [this, authorized, id = job.capture_id] {
            (void)registry_.Record(authorized.caller, "events.capture", id, authorized.quality);
            // Master data fills the registry where it has no record yet (each record audited).
            if (!authorized.master_data.empty()) {
                const auto imported = registry_.ImportMasterData(authorized.caller, authorized.master_data);
                for (const auto& e : imported.skipped) {
                    log::Info("master data not registered", {{"capture", id}, {"error", e.ToString()}});
                }
            }
        });
    }

    // Trace and recall after the Guard: national and provincial roles trace anything; a tenant
    // traces what is its own (a code under its prefixes); the public does not trace.
    // Who may trace: the national and provincial roles and the tenants, each seeing only the events
    // it may (service::TraceFilter; a code none of whose events it sees is unknown to it). The
    // public does not: a trace shows places and times of others' goods, and the public's view of a
    // journey is the product page's.
    Awaitable TraceGuard(RequestContext& ctx, const http::Handler& handler) {
        if (PrincipalOf(ctx).role == registry::Role::kConsumer) {
            co_return AuthProblem(ctx, registry::SignInRequired());
        }
        co_return co_await handler(ctx);
    }

    // GET /api/v1/products/{gtin}/lots: the product's lots from the ILMD of its commissioning
    // events, as far as the caller may see them.
    Awaitable ProductLots(RequestContext& ctx) {
        auto gtin = gs1::NormalizeGtin(ctx.PathParam("gtin"), "gtin");
        if (!gtin) co_return Problem(ctx, gtin.error());
        if (!ctx.query.empty()) {
            co_return Problem(ctx, InvalidArgument("query", "query.unknown_parameter",
                                                   "This endpoint takes no "
                                                   "parameters."));
        }
        const registry::Principal principal = PrincipalOf(ctx);
        auto lots = co_await Offload(blocking_, [this, &gtin, &principal] {
            auto access = registry_.AccessFor(principal);
            return service::LotsOf(store_, access, *gtin);
        });
        if (!lots) co_return Problem(ctx, lots.error());
        json::array items;
        for (const auto& l : lots->lots) {
            json::array places;
            for (const auto& p : l.locations) places.emplace_back(p);
            json::object o{{"lot", l.lot},
                           {"firstCommissioned", l.first_commissioned},
                           {"lastCommissioned", l.last_commissioned},
                           {"events", l.events},
                           {"locations", std::move(places)}};
            if (!l.best_before.empty()) o["bestBeforeDate"] = l.best_before;
            if (!l.expiry.empty()) o["itemExpirationDate"] = l.expiry;
            if (!l.production_date.empty()) o["productionDate"] = l.production_date;
            items.emplace_back(std::move(o));
        }
        co_return JsonResponse(
            ctx, beast::http::status::ok,
            json::object{{"gtin", *gtin}, {"items", std::move(items)}, {"truncated", lots->truncated}},
            "application/json");
    }

    // GET /api/v1/openapi.json: the portal API's OpenAPI 3 document (built once).
    Awaitable PortalOpenApiDocument(RequestContext& ctx) {
        static const json::object kDocument = PortalOpenApi(options_.vendor_version);
        co_return JsonResponse(ctx, beast::http::status::ok, kDocument, "application/json");
    }

    // A reader whose results are filtered (all but the national roles) may not test the fields it
    // will not see (bizTransactions, sources and destinations, extension fields), order by them,
    // or count events it will not see (maxEventCount, eventCountLimit): the answer would tell
    // what the filter hides.
    static Result<void> FilteredQueryAllowed(const registry::Principal& p,
                                             const std::vector<epcis::QueryParam>& params) {
        if (p.IsNational()) return {};
        for (const auto& q : params) {
            const std::string& n = q.name;
            bool refused = n.starts_with("EQ_bizTransaction_") || n.starts_with("EQ_source_") ||
                           n.starts_with("EQ_destination_") || n == "maxEventCount" || n == "eventCountLimit" ||
                           n.find(':') != std::string::npos || n.find('#') != std::string::npos;
            if (n == "orderBy") {
                for (const auto& v : q.values) refused |= v != "eventTime" && v != "recordTime";
            }
            if (refused) {
                return MakeError(ErrorCode::kForbidden, n, "query.private_field",
                                 "This parameter tests or counts what this key may not see (other parties' private "
                                 "fields, extension fields, events outside its view); only the national roles use it.",
                                 n);
            }
        }
        return {};
    }

    // The caller the Guard found, for the audit log (the public when none).
    static service::Caller CallerIn(const RequestContext& ctx) {
        if (const auto* c = std::any_cast<service::Caller>(&ctx.auth)) return *c;
        return service::Caller{registry::Anonymous(), ctx.remote_address};
    }

    // Records a named query created or deleted, once the store has made the change (on a blocking
    // thread). The change stands when the entry cannot be written: that is logged as an error.
    void AuditQuery(const service::Caller& caller, std::string_view action, const store::NamedQuery& q) {
        boost::system::error_code ec;
        json::value definition = json::parse(q.query_json, ec);
        if (ec) definition = json::string(q.query_json);
        const std::string detail = json::serialize(json::object{{"owner", q.owner}, {"query", std::move(definition)}});
        if (auto r = registry_.Record(caller, std::string(action), q.name, detail); !r) {
            log::Error("named query change not audited",
                       {{"action", action}, {"query", q.name}, {"error", r.error().ToString()}});
        }
    }

    Awaitable Capture(RequestContext& ctx) {
        // Refused before the body is decoded: decoding a large document is work a stranger should
        // not be able to make us do.
        if (!HasCredentials(ctx.request)) co_return AuthProblem(ctx, registry::SignInRequired());
        auto behaviour = CaptureBehaviour(ctx.request);
        if (!behaviour) co_return Problem(ctx, behaviour.error(), kValidationException);
        auto request = DecodeCapture(ctx, /*single_event=*/false);
        if (!request) co_return Problem(ctx, request.error(), CaptureExceptionType(request.error()));
        request->behaviour = *behaviour;
        auto caller = co_await Offload(
            blocking_, [this, &ctx, &request] { return AuthorizeCapture(ctx, *request, "epcisBody.eventList"); });
        if (!caller) co_return AuthProblem(ctx, caller.error());
        if (request->events.size() > options_.capture_limit) {
            Response res = Problem(ctx,
                                   MakeError(ErrorCode::kTooLarge, "epcisBody.eventList", "capture.limit",
                                             fmt::format("The document has {} events; this server captures at most {} "
                                                         "in one request.",
                                                         request->events.size(), options_.capture_limit)),
                                   kCaptureLimitExceeded);
            AddCaptureLimitHeaders(res);
            co_return res;
        }
        auto job = co_await AwaitCapture(store_, *request, CaptureWait::kAccepted, count_job_);
        if (!job) co_return Problem(ctx, job.error());  // 503 + Retry-After when the queue is full
        AuditCapture(*caller, *job);
        Response res{beast::http::status::accepted, ctx.request.version()};
        res.set(beast::http::field::location, "/capture/" + job->capture_id);
        res.set(beast::http::field::content_type, "application/json");
        res.body() = json::serialize(JobJson(*job));
        AddEpcisHeaders(res);
        const std::string extensions = HeaderValue(ctx.request, "GS1-Extensions");
        if (!extensions.empty()) res.set("GS1-Extensions", extensions);
        co_return res;
    }

    // POST /events: one event, synchronously.
    Awaitable PostEvent(RequestContext& ctx) {
        if (!HasCredentials(ctx.request)) co_return AuthProblem(ctx, registry::SignInRequired());
        auto request = DecodeCapture(ctx, /*single_event=*/true);
        if (!request) co_return Problem(ctx, request.error(), CaptureExceptionType(request.error()));
        auto caller =
            co_await Offload(blocking_, [this, &ctx, &request] { return AuthorizeCapture(ctx, *request, "$"); });
        if (!caller) co_return AuthProblem(ctx, caller.error());
        const epcis::Event& event = request->events.front();
        std::map<std::string, std::string> ns;
        for (const auto& d : event.namespaces) ns[d.prefix] = d.uri;
        const std::string event_id = event.event_id ? *event.event_id : epcis::EventHashId(event, ns);
        auto job = co_await AwaitCapture(store_, *request, CaptureWait::kFinished, count_job_);
        if (!job) co_return Problem(ctx, job.error());
        AuditCapture(*caller, *job);
        if (!job->errors.empty()) {
            Error e = job->errors.front().error;
            e.where = "eventID";
            co_return Problem(ctx, e, kValidationException);
        }
        Response res{job->stored == 1 ? beast::http::status::created : beast::http::status::ok, ctx.request.version()};
        AddEpcisHeaders(res);
        res.set(beast::http::field::content_type, "application/json");
        res.body() = json::serialize(JobJson(*job));
        res.set(beast::http::field::location, "/events/" + gs1::PercentEncodeDlValue(event_id));
        co_return res;
    }

    Awaitable GetCaptureJob(RequestContext& ctx) {
        if (auto f = Negotiate(ctx.request); !f) co_return Problem(ctx, f.error());
        const std::string id(ctx.PathParam("captureID"));
        auto job = co_await Offload(blocking_, [this, &id] { return store_.GetCaptureJob(id); });
        if (!job) co_return Problem(ctx, job.error());
        // Another tenant's job is as absent as an unknown one.
        if (!registry_.AccessFor(PrincipalOf(ctx)).SeesJob(*job)) {
            co_return Problem(ctx, MakeError(ErrorCode::kNotFound, "captureID", "capture.not_found",
                                             "No capture job has this id.", id));
        }
        co_return JsonResponse(ctx, beast::http::status::ok, JobJson(*job), "application/json");
    }

    Awaitable ListCaptureJobs(RequestContext& ctx) {
        if (auto f = Negotiate(ctx.request); !f) co_return Problem(ctx, f.error());
        auto qs = PagingOnly(ctx.query, "GET /capture");
        if (!qs) co_return Problem(ctx, qs.error(), kQueryParameterException);
        store::PageRequest page{qs->per_page.value_or(options_.default_per_page), ""};
        if (!qs->next_page_token.empty()) {
            auto cursor = signer_.Verify(qs->next_page_token, "capture", UnixNow());
            if (!cursor) co_return Problem(ctx, cursor.error(), kQueryParameterException);
            page.cursor = *cursor;
        }
        auto jobs = co_await Offload(blocking_, [this, &page] { return store_.ListCaptureJobs(page); });
        if (!jobs) co_return Problem(ctx, jobs.error());
        json::array list;
        const auto access = registry_.AccessFor(PrincipalOf(ctx));
        for (const auto& j : jobs->jobs) {
            if (access.SeesJob(j)) list.push_back(JobJson(j));
        }
        Response res = JsonResponse(ctx, beast::http::status::ok, list, "application/json");
        AddNextLink(res, ctx, jobs->next_cursor, "capture", page.limit, "");
        co_return res;
    }

    Awaitable GetEvent(RequestContext& ctx) {
        auto format = Negotiate(ctx.request);
        if (!format) co_return Problem(ctx, format.error());
        auto epc_format = EpcFormatOf(ctx.request);
        if (!epc_format) co_return Problem(ctx, epc_format.error());
        const std::string id(ctx.PathParam("eventID"));
        const registry::Principal principal = PrincipalOf(ctx);
        auto event = co_await Offload(blocking_, [this, &id, &principal]() -> Result<store::StoredEvent> {
            auto found = store_.GetEvent(id);
            if (!found) return found;
            auto shown = registry_.AccessFor(principal).Apply(found->event);
            if (!shown) return shown.error();
            // Someone else's event is as absent as one never captured.
            if (!*shown) {
                return MakeError(ErrorCode::kNotFound, "eventID", "event.not_found", "No event has this eventID.", id);
            }
            return found;
        });
        if (!event) co_return Problem(ctx, event.error());
        epcis::Document doc;
        doc.kind = epcis::DocumentKind::kBareEvent;
        doc.events.push_back(std::move(event->event));
        epcis::TranslateIdentifiers(doc.events.back(), *epc_format, options_.prefixes);
        co_return Encoded(ctx, doc, *format);
    }

    // GET /events and every /<resource>/{value}/events: `fixed` is the parameter the path sets.
    Awaitable QueryEvents(RequestContext& ctx, std::optional<epcis::QueryParam> fixed) {
        auto qs = ParseQueryString(ctx.query, options_.max_per_page);
        if (!qs) co_return Problem(ctx, qs.error(), kQueryParameterException);
        if (fixed) {
            for (const auto& p : qs->params) {
                if (p.name == fixed->name) {
                    co_return Problem(ctx,
                                      InvalidArgument(p.name, "query.fixed_by_path",
                                                      "This parameter is set by the path of the resource."),
                                      kQueryParameterException);
                }
            }
            qs->fingerprint += fixed->name + "=" + (fixed->values.empty() ? "" : fixed->values[0]) + "&";
            qs->params.push_back(*fixed);
        }
        const auto prefixes = ExtensionPrefixes(ctx.request);
        co_return co_await RunQuery(ctx, *qs, prefixes, "SimpleEventQuery");
    }

    Awaitable ListResource(RequestContext& ctx, store::VocabularyKind kind, std::vector<std::string> standard) {
        if (auto f = Negotiate(ctx.request); !f) co_return Problem(ctx, f.error());
        auto qs = ParseQueryString(ctx.query, options_.max_per_page);
        if (!qs) co_return Problem(ctx, qs.error(), kQueryParameterException);
        const std::size_t limit = qs->per_page.value_or(options_.default_per_page);
        std::string after;
        if (!qs->next_page_token.empty()) {
            auto cursor = signer_.Verify(qs->next_page_token, ctx.route, UnixNow());
            if (!cursor) co_return Problem(ctx, cursor.error(), kQueryParameterException);
            after = *cursor;
        }
        // Standard values come first, on the first page; then what the store has seen.
        std::vector<std::string> members;
        if (after.empty()) members = standard;
        const registry::Principal principal = PrincipalOf(ctx);
        std::string next;
        auto seen = co_await Offload(
            blocking_, [this, kind, limit, &after, &principal, &next]() -> Result<std::vector<std::string>> {
                auto values = store_.ListVocabulary(kind, limit + 1, after);
                if (!values) return values;
                if (values->size() > limit) {
                    values->resize(limit);
                    next = values->back();
                }
                // Identifiers and places are listed to those they belong to (the public, when
                // reads are open to it, sees the node's whole vocabulary).
                const bool identifiers = kind == store::VocabularyKind::kEpc ||
                                         kind == store::VocabularyKind::kBizLocation ||
                                         kind == store::VocabularyKind::kReadPoint;
                if (!identifiers || principal.role == registry::Role::kConsumer) return values;
                auto access = registry_.AccessFor(principal);
                std::vector<std::string> mine;
                for (auto& v : *values) {
                    auto owns = access.Owns(v);
                    if (!owns) return owns.error();
                    if (*owns) mine.push_back(std::move(v));
                }
                return mine;
            });
        if (!seen) co_return Problem(ctx, seen.error());
        for (auto& s : *seen) {
            std::string shown = s;
            if (kind == store::VocabularyKind::kBizStep) shown = ShortWord(epcis::cbv::Vocab::kBizStep, s);
            if (kind == store::VocabularyKind::kDisposition) shown = ShortWord(epcis::cbv::Vocab::kDisposition, s);
            if (std::find(members.begin(), members.end(), shown) == members.end()) members.push_back(shown);
        }
        Response res = JsonResponse(ctx, beast::http::status::ok, Collection(members));
        AddNextLink(res, ctx, next, ctx.route, limit, "");
        co_return res;
    }

    Awaitable ResourceItem(RequestContext& ctx) {
        if (auto f = Negotiate(ctx.request); !f) co_return Problem(ctx, f.error());
        co_return JsonResponse(ctx, beast::http::status::ok, Collection({"events"}));
    }

    // POST /queries
    Awaitable CreateQuery(RequestContext& ctx) {
        const std::string content_type = HeaderValue(ctx.request, "Content-Type");
        if (content_type.find("json") == std::string::npos) {
            co_return Problem(ctx, MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type", "http.media_type",
                                             "Named queries are JSON: send application/json.", content_type));
        }
        boost::system::error_code ec;
        json::value body = json::parse(ctx.request.body(), ec);
        if (ec || !body.is_object()) {
            co_return Problem(ctx, InvalidArgument("", "json.syntax", "The body must be a JSON object {name, query}."),
                              kValidationException);
        }
        const auto& obj = body.as_object();
        const auto* name = obj.if_contains("name");
        const auto* query = obj.if_contains("query");
        if (!name || !name->is_string() || name->as_string().empty() || name->as_string().size() > 200) {
            co_return Problem(ctx,
                              InvalidArgument("name", "schema.required", "A query needs a name (1 to 200 characters)."),
                              kValidationException);
        }
        if (!query || !query->is_object()) {
            co_return Problem(ctx, InvalidArgument("query", "schema.required", "A query needs a `query` object."),
                              kValidationException);
        }
        for (const auto& [k, v] : obj) {
            if (k != "name" && k != "query") {
                co_return Problem(ctx,
                                  InvalidArgument(std::string(k), "schema.unknown_property",
                                                  "A named query has only `name` and `query`."),
                                  kValidationException);
            }
        }
        auto params = ParamsFromJson(query->as_object());
        if (!params) co_return Problem(ctx, params.error(), kQueryParameterException);
        if (auto parsed = epcis::ParseEventQuery(*params, ExtensionPrefixes(ctx.request)); !parsed) {
            co_return Problem(ctx, parsed.error().Within("query"), kQueryParameterException);
        }
        // Refused now what running it would be refused.
        if (auto ok = FilteredQueryAllowed(PrincipalOf(ctx), *params); !ok) {
            co_return Problem(ctx, ok.error().Within("query"), kQueryParameterException);
        }
        // The query belongs to the caller's tenant; the name is taken for everyone (409 when it is).
        const service::Caller caller = CallerIn(ctx);
        store::NamedQuery q{std::string(name->as_string()), json::serialize(*query), store::NowUtc(),
                            service::QueryOwner(caller.principal)};
        auto created = co_await Offload(blocking_, [this, &q, &caller]() -> Result<void> {
            if (auto r = store_.CreateNamedQuery(q); !r) return r;
            AuditQuery(caller, "query.create", q);
            return {};
        });
        if (!created) co_return Problem(ctx, created.error());
        Response res{beast::http::status::created, ctx.request.version()};
        res.set(beast::http::field::location, "/queries/" + q.name);
        AddEpcisHeaders(res);
        co_return res;
    }

    // Only the queries of the caller's tenant (all of them for national roles).
    Awaitable ListQueries(RequestContext& ctx) {
        auto list = co_await Offload(blocking_, [this] { return store_.ListNamedQueries(); });
        if (!list) co_return Problem(ctx, list.error());
        const registry::Principal principal = PrincipalOf(ctx);
        json::array out;
        for (const auto& q : *list) {
            if (service::SeesQuery(principal, q.owner)) out.push_back(QueryJson(q));
        }
        co_return JsonResponse(ctx, beast::http::status::ok, out, "application/json");
    }

    // A named query the caller may see; another tenant's answers as an unknown name does.
    Result<store::NamedQuery> VisibleQuery(const registry::Principal& principal, const std::string& name) {
        auto q = store_.GetNamedQuery(name);
        if (!q) return q;
        if (!service::SeesQuery(principal, q->owner)) return store::NamedQueryNotFound(name);
        return q;
    }

    Awaitable GetQuery(RequestContext& ctx) {
        const std::string name(ctx.PathParam("queryName"));
        const registry::Principal principal = PrincipalOf(ctx);
        auto q = co_await Offload(blocking_, [this, &principal, &name] { return VisibleQuery(principal, name); });
        if (!q) co_return Problem(ctx, q.error());
        co_return JsonResponse(ctx, beast::http::status::ok, QueryJson(*q), "application/json");
    }

    // The Guard asked for the write scope; the query must also be the caller's tenant's (any for
    // national roles), else 404 as for an unknown name.
    Awaitable DeleteQuery(RequestContext& ctx) {
        const std::string name(ctx.PathParam("queryName"));
        const service::Caller caller = CallerIn(ctx);
        auto r = co_await Offload(blocking_, [this, &name, &caller]() -> Result<store::NamedQuery> {
            const std::string mine = service::QueryOwner(caller.principal);
            std::optional<std::string_view> owner;
            if (!caller.principal.IsNational()) owner = mine;
            auto deleted = store_.DeleteNamedQuery(name, owner);
            if (!deleted) return deleted;
            AuditQuery(caller, "query.delete", *deleted);
            return deleted;
        });
        if (!r) co_return Problem(ctx, r.error());
        Response res{beast::http::status::no_content, ctx.request.version()};
        AddEpcisHeaders(res);
        co_return res;
    }

    Awaitable QueryNamed(RequestContext& ctx) {
        const std::string name(ctx.PathParam("queryName"));
        const registry::Principal principal = PrincipalOf(ctx);
        auto q = co_await Offload(blocking_, [this, &principal, &name] { return VisibleQuery(principal, name); });
        if (!q) co_return Problem(ctx, q.error());
        auto qs = PagingOnly(ctx.query, "A named query");
        if (!qs) co_return Problem(ctx, qs.error(), kQueryParameterException);
        boost::system::error_code ec;
        json::value stored = json::parse(q->query_json, ec);
        if (ec || !stored.is_object())
            co_return Problem(ctx, MakeError(ErrorCode::kInternal, "query", "store.corrupt", "Stored query"));
        auto params = ParamsFromJson(stored.as_object());
        if (!params) co_return Problem(ctx, params.error(), kQueryParameterException);
        qs->params = std::move(*params);
        qs->fingerprint = "query:" + q->name + "&" + q->query_json;
        const auto prefixes = ExtensionPrefixes(ctx.request);
        co_return co_await RunQuery(ctx, *qs, prefixes, q->name);
    }

    Awaitable Health(RequestContext& ctx) {
        Response res{beast::http::status::ok, ctx.request.version()};
        res.set(beast::http::field::content_type, "application/json");
        res.body() = R"({"status":"ok"})";
        co_return res;
    }

    Awaitable Ready(RequestContext& ctx) {
        const bool ready = co_await Offload(blocking_, [this] { return store_.Ready(); });
        Response res{ready ? beast::http::status::ok : beast::http::status::service_unavailable, ctx.request.version()};
        res.set(beast::http::field::content_type, "application/json");
        res.body() = ready ? R"({"status":"ready"})" : R"({"status":"unavailable"})";
        co_return res;
    }

    Awaitable MetricsText(RequestContext& ctx) {
        auto stats = co_await Offload(blocking_, [this] { return store_.Stats(); });
        if (stats) {
            metrics_.GetGauge("txng_store_events", "Events in the store").Set(static_cast<double>(stats->events));
            metrics_.GetGauge("txng_store_capture_jobs", "Capture jobs in the store")
                .Set(static_cast<double>(stats->capture_jobs));
            metrics_.GetGauge("txng_store_bytes", "Size of the store's files in bytes")
                .Set(static_cast<double>(stats->bytes));
            metrics_.GetGauge("txng_capture_queue_events", "Events of accepted capture jobs not yet applied")
                .Set(static_cast<double>(stats->queued_events));
        }
        Response res{beast::http::status::ok, ctx.request.version()};
        res.set(beast::http::field::content_type, http::Metrics::kContentType);
        res.body() = metrics_.Render();
        co_return res;
    }

    void AddCaptureLimitHeaders(Response& res) const {
        res.set("GS1-EPCIS-Capture-Limit", std::to_string(options_.capture_limit));
        res.set("GS1-EPCIS-Capture-File-Size-Limit", std::to_string(options_.capture_file_size_limit));
    }

    const ApiOptions& options() const { return options_; }

  private:
    // The query string of a resource that takes only perPage and nextPageToken.
    Result<QueryString> PagingOnly(std::string_view query, std::string_view resource) const {
        auto qs = ParseQueryString(query, options_.max_per_page);
        if (!qs) return qs.error();
        if (!qs->params.empty()) {
            return InvalidArgument(qs->params[0].name, "query.unknown_parameter",
                                   fmt::format("{} takes only perPage and nextPageToken.", resource));
        }
        return qs;
    }

    static std::string_view CaptureExceptionType(const Error& e) {
        if (e.code == ErrorCode::kTooLarge) return kCaptureLimitExceeded;
        if (e.code == ErrorCode::kInvalidArgument) return kValidationException;
        return {};
    }

    static std::string ShortWord(epcis::cbv::Vocab vocab, const std::string& canonical) {
        if (auto w = epcis::cbv::StandardWord(vocab, canonical)) return *w;
        return canonical;
    }

    static Result<store::CaptureErrorBehaviour> CaptureBehaviour(const Request& req) {
        const std::string value = HeaderValue(req, "GS1-Capture-Error-Behaviour");
        if (value.empty() || value == "rollback") return store::CaptureErrorBehaviour::kRollback;
        if (value == "proceed") return store::CaptureErrorBehaviour::kProceed;
        return InvalidArgument("GS1-Capture-Error-Behaviour", "capture.error_behaviour",
                               "This server supports rollback (the default) and proceed.", value);
    }

    // Decodes and validates a capture body into a store request (namespaces of the document
    // copied into each event, so a stored event stands on its own).
    Result<store::CaptureRequest> DecodeCapture(RequestContext& ctx, bool single_event) {
        const std::string content_type = HeaderValue(ctx.request, "Content-Type");
        std::string media = content_type.substr(0, content_type.find(';'));
        media.erase(media.find_last_not_of(" \t") + 1);
        std::optional<epcis::Format> expected;
        if (media == "application/json" || media == "application/ld+json") expected = epcis::Format::kJson;
        if (media == "application/xml" || media == "text/xml") expected = epcis::Format::kXml;
        if (!expected) {
            return MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type", "http.media_type",
                             "Send EPCIS 2.0 as application/ld+json, application/json or application/xml.",
                             content_type);
        }
        const std::string& body = ctx.request.body();
        if (epcis::DetectFormat(body) != expected) {
            return InvalidArgument("", "format.mismatch", "The body is not in the format its Content-Type names.",
                                   content_type);
        }
        epcis::LoadOptions load;
        load.limits.max_document_bytes = options_.capture_file_size_limit;
        load.limits.max_events = options_.capture_limit + 1;
        auto loaded = epcis::LoadDocument(body, load);
        if (!loaded) return loaded.error();
        auto& doc = loaded->document;
        if (single_event) {
            if (doc.events.size() != 1) {
                return InvalidArgument("", "capture.single_event", "POST /events takes exactly one event.",
                                       std::to_string(doc.events.size()));
            }
        } else if (doc.kind == epcis::DocumentKind::kBareEvent) {
            return InvalidArgument("", "capture.document",
                                   "POST /capture takes an EPCISDocument or EPCISQueryDocument; send one event to "
                                   "POST /events.");
        }
        return store::CaptureRequestFrom(doc);
    }

    // Counts a finished job in the metrics (runs on a store thread).
    void CountJob(const Result<store::CaptureJob>& job) {
        if (!job) {
            jobs_failed_.Add();
            return;
        }
        events_captured_.Add(static_cast<double>(job->stored));
        duplicates_.Add(static_cast<double>(job->duplicates));
        (job->success ? jobs_ok_ : jobs_failed_).Add();
        if (job->stored > 0) trace_.Notify();
    }

    static json::object JobJson(const store::CaptureJob& job) {
        json::array errors;
        for (const auto& ce : job.errors) {
            json::object e{{"index", ce.index},
                           {"type", kValidationException},
                           {"title", http::ProblemTitle(ce.error)},
                           {"status", HttpStatus(ce.error.code)},
                           {"detail", ce.error.detail},
                           {"rule", ce.error.rule},
                           {"where", ce.error.where}};
            if (!ce.error.value.empty()) e["value"] = ce.error.value;
            errors.push_back(std::move(e));
        }
        json::object o{{"captureID", job.capture_id},
                       {"createdAt", job.created_at.ToString()},
                       {"running", job.running},
                       {"success", job.success},
                       {"captureErrorBehaviour", store::CaptureErrorBehaviourName(job.behaviour)},
                       {"errors", std::move(errors)},
                       {"eventCount", job.event_count},
                       {"storedCount", job.stored},
                       {"duplicateCount", job.duplicates}};
        if (job.finished_at) o["finishedAt"] = job.finished_at->ToString();
        return o;
    }

    static json::object QueryJson(const store::NamedQuery& q) {
        boost::system::error_code ec;
        json::value query = json::parse(q.query_json, ec);
        return json::object{
            {"name", q.name}, {"query", ec ? json::value(nullptr) : query}, {"createdAt", q.created_at.ToString()}};
    }

    // The `query` object of POST /queries as parameters: arrays give values, scalars one value.
    static Result<std::vector<epcis::QueryParam>> ParamsFromJson(const json::object& query) {
        std::vector<epcis::QueryParam> params;
        for (const auto& [key, value] : query) {
            epcis::QueryParam p{std::string(key), {}};
            auto add = [&](const json::value& v) -> Result<void> {
                if (v.is_string()) {
                    p.values.emplace_back(v.as_string());
                } else if (v.is_number() || v.is_bool()) {
                    p.values.push_back(json::serialize(v));
                } else {
                    return InvalidArgument("query." + std::string(key), "json.type",
                                           "Query parameter values are strings, numbers, booleans or arrays of them.");
                }
                return {};
            };
            if (value.is_array()) {
                for (const auto& item : value.as_array()) {
                    if (auto r = add(item); !r) return r.error();
                }
            } else if (auto r = add(value); !r) {
                return r.error();
            }
            params.push_back(std::move(p));
        }
        return params;
    }

    Response Encoded(const RequestContext& ctx, const epcis::Document& doc, epcis::Format format) {
        Response res{beast::http::status::ok, ctx.request.version()};
        res.set(beast::http::field::content_type,
                format == epcis::Format::kXml ? "application/xml" : "application/ld+json");
        res.body() = epcis::EncodeDocument(doc, format);
        AddEpcisHeaders(res);
        return res;
    }

    void AddNextLink(Response& res, const RequestContext& ctx, const std::string& cursor, std::string_view fingerprint,
                     std::size_t per_page, std::string_view query_without_paging) {
        if (cursor.empty()) return;
        const std::int64_t expires = UnixNow() + options_.page_token_lifetime.count();
        const std::string token = signer_.Sign(cursor, fingerprint, expires);
        std::string target = ctx.path + "?";
        if (!query_without_paging.empty()) target += std::string(query_without_paging) + "&";
        target += fmt::format("perPage={}&nextPageToken={}", per_page, token);
        res.set(beast::http::field::link, "<" + target + ">; rel=\"next\"");
        res.set("GS1-Next-Page-Token-Expires", HttpDate(expires));
    }

    static std::string QueryWithoutPaging(std::string_view raw) {
        std::string out;
        std::size_t start = 0;
        while (start < raw.size()) {
            std::size_t end = raw.find('&', start);
            if (end == std::string_view::npos) end = raw.size();
            std::string_view pair = raw.substr(start, end - start);
            start = end + 1;
            if (pair.empty() || pair.rfind("perPage=", 0) == 0 || pair.rfind("nextPageToken=", 0) == 0) continue;
            if (!out.empty()) out += "&";
            out += pair;
        }
        return out;
    }

    // Parameters by reference: they live in the awaiting caller's frame (see Offload on GCC 12).
    asio::awaitable<Response> RunQuery(RequestContext& ctx, QueryString& qs,
                                       const std::map<std::string, std::string>& prefixes,
                                       std::string_view query_name) {
        auto format = Negotiate(ctx.request);
        if (!format) co_return Problem(ctx, format.error());
        auto epc_format = EpcFormatOf(ctx.request);
        if (!epc_format) co_return Problem(ctx, epc_format.error());
        if (auto ok = FilteredQueryAllowed(PrincipalOf(ctx), qs.params); !ok) {
            co_return Problem(ctx, ok.error(), kQueryParameterException);
        }
        auto query = epcis::ParseEventQuery(qs.params, prefixes);
        if (!query) co_return Problem(ctx, query.error(), kQueryParameterException);
        store::PageRequest page{qs.per_page.value_or(options_.default_per_page), ""};
        if (!qs.next_page_token.empty()) {
            auto cursor = signer_.Verify(qs.next_page_token, qs.fingerprint, UnixNow());
            if (!cursor) co_return Problem(ctx, cursor.error(), kQueryParameterException);
            page.cursor = *cursor;
        }
        const registry::Principal principal = PrincipalOf(ctx);
        auto result = co_await Offload(blocking_, [this, &query, &page, &principal]() -> Result<store::EventPage> {
            auto found = store_.QueryEvents(*query, page);
            if (!found) return found;
            // What the caller may not see leaves the page (which may then hold fewer events; the
            // cursor still goes on from where the store stopped).
            auto access = registry_.AccessFor(principal);
            if (access.SeesEverything()) return found;
            std::vector<store::StoredEvent> shown;
            shown.reserve(found->events.size());
            for (auto& e : found->events) {
                auto keep = access.Apply(e.event);
                if (!keep) return keep.error();
                if (*keep) shown.push_back(std::move(e));
            }
            found->events = std::move(shown);
            return found;
        });
        if (!result) {
            const auto type = result.error().code == ErrorCode::kTooLarge          ? kQueryTooLargeException
                              : result.error().code == ErrorCode::kInvalidArgument ? kQueryParameterException
                                                                                   : std::string_view();
            co_return Problem(ctx, result.error(), type);
        }
        epcis::Document doc;
        doc.kind = epcis::DocumentKind::kEpcisQueryDocument;
        doc.schema_version = "2.0";
        doc.creation_date = store::NowUtc();
        doc.query_name = std::string(query_name);
        doc.events.reserve(result->events.size());
        for (auto& stored : result->events) {
            doc.events.push_back(std::move(stored.event));
            epcis::TranslateIdentifiers(doc.events.back(), *epc_format, options_.prefixes);
        }
        Response res = Encoded(ctx, doc, *format);
        AddNextLink(res, ctx, result->next_cursor, qs.fingerprint, page.limit, QueryWithoutPaging(ctx.query));
        co_return res;
    }

    store::EventStore& store_;
    service::TraceService& trace_;  // told when captures commit
    service::RegistryService& registry_;
    asio::thread_pool& blocking_;
    http::Metrics& metrics_;
    ApiOptions options_;
    TokenSigner signer_;
    http::Counter& events_captured_;
    http::Counter& duplicates_;
    http::Counter& jobs_ok_;
    http::Counter& jobs_failed_;
    // Runs when a job finishes, possibly after the request that submitted it has been answered:
    // the store is closed (its jobs finished) before this object goes away.
    const std::function<void(const Result<store::CaptureJob>&)> count_job_;
};

}  // namespace

void RegisterRoutes(http::Router& router, store::EventStore& store, service::TraceService& trace,
                    service::RegistryService& registry, asio::thread_pool& blocking, http::Metrics& metrics,
                    ApiOptions options) {
    auto api = std::make_shared<Api>(store, trace, registry, blocking, metrics, std::move(options));
    const auto& o = api->options();
    const TraceHandlers traces = MakeTraceHandlers(trace, registry, blocking, o);
    const RegistryHandlers reg = MakeRegistryHandlers(registry, blocking, SessionOptions{o.secure_cookies});
    metrics.SetGaugeCallback("txng_trace_index_events", "Events in the trace index",
                             [&trace] { return static_cast<double>(trace.Status().events); });
    metrics.SetGaugeCallback("txng_trace_index_bytes", "Memory held by the trace index",
                             [&trace] { return static_cast<double>(trace.Status().memory_bytes); });
    metrics.SetGaugeCallback("txng_trace_index_loaded", "1 once the trace index has loaded every stored event",
                             [&trace] { return trace.Status().loaded ? 1.0 : 0.0; });
    // Handlers keep the Api alive through the router.
    auto bind = [api](auto member) {
        return [api, member](RequestContext& ctx) -> Awaitable { return ((*api).*member)(ctx); };
    };
    // The repository's reads and writes pass the Guard (authentication); captures also check each
    // event themselves.
    auto read = [api](http::Handler h) -> http::Handler {
        return [api, h = std::move(h)](RequestContext& ctx) -> Awaitable { return api->Guard(ctx, h, false); };
    };
    auto write = [api](http::Handler h) -> http::Handler {
        return [api, h = std::move(h)](RequestContext& ctx) -> Awaitable { return api->Guard(ctx, h, true); };
    };
    auto own_root = [api](http::Handler h) -> http::Handler {
        return [api, h = std::move(h)](RequestContext& ctx) -> Awaitable { return api->TraceGuard(ctx, h); };
    };
    auto events_of = [api](std::string name) {
        return [api, name](RequestContext& ctx) -> Awaitable {
            std::string value(ctx.PathParam("value"));
            return api->QueryEvents(ctx, epcis::QueryParam{name, {std::move(value)}});
        };
    };
    auto list_of = [api](store::VocabularyKind kind, std::vector<std::string> standard) {
        return
            [api, kind, standard](RequestContext& ctx) -> Awaitable { return api->ListResource(ctx, kind, standard); };
    };
    auto words = [](epcis::cbv::Vocab vocab) {
        std::vector<std::string> out;
        for (auto w : epcis::cbv::Words(vocab)) out.emplace_back(w);
        return out;
    };

    http::RouteOptions capture_options;
    capture_options.body_limit = o.capture_file_size_limit;
    capture_options.limit_headers = {{"GS1-EPCIS-Capture-Limit", std::to_string(o.capture_limit)},
                                     {"GS1-EPCIS-Capture-File-Size-Limit", std::to_string(o.capture_file_size_limit)}};
    http::RouteOptions small_body;
    small_body.body_limit = o.small_body_limit;

    // Every route, top to bottom.
    router.Add(Verb::get, "/", read(bind(&Api::TopLevel)));
    router.Add(Verb::post, "/capture", bind(&Api::Capture), capture_options);
    router.Add(Verb::get, "/capture", read(bind(&Api::ListCaptureJobs)));
    router.Add(Verb::get, "/capture/{captureID}", read(bind(&Api::GetCaptureJob)));
    router.Add(Verb::get, "/events",
               read([api](RequestContext& ctx) -> Awaitable { return api->QueryEvents(ctx, std::nullopt); }));
    router.Add(Verb::post, "/events", bind(&Api::PostEvent), small_body);
    router.Add(Verb::get, "/events/{eventID}", read(bind(&Api::GetEvent)));
    router.Add(Verb::get, "/eventTypes",
               read(list_of(store::VocabularyKind::kEventType, {"ObjectEvent", "AggregationEvent", "TransactionEvent",
                                                                "TransformationEvent", "AssociationEvent"})));
    router.Add(Verb::get, "/eventTypes/{value}", read(bind(&Api::ResourceItem)));
    router.Add(Verb::get, "/eventTypes/{value}/events", read(events_of("eventType")));
    router.Add(Verb::get, "/epcs", read(list_of(store::VocabularyKind::kEpc, {})));
    router.Add(Verb::get, "/epcs/{value}", read(bind(&Api::ResourceItem)));
    router.Add(Verb::get, "/epcs/{value}/events", read(events_of("MATCH_anyEPC")));
    router.Add(Verb::get, "/bizSteps",
               read(list_of(store::VocabularyKind::kBizStep, words(epcis::cbv::Vocab::kBizStep))));
    router.Add(Verb::get, "/bizSteps/{value}", read(bind(&Api::ResourceItem)));
    router.Add(Verb::get, "/bizSteps/{value}/events", read(events_of("EQ_bizStep")));
    router.Add(Verb::get, "/bizLocations", read(list_of(store::VocabularyKind::kBizLocation, {})));
    router.Add(Verb::get, "/bizLocations/{value}", read(bind(&Api::ResourceItem)));
    router.Add(Verb::get, "/bizLocations/{value}/events", read(events_of("EQ_bizLocation")));
    router.Add(Verb::get, "/readPoints", read(list_of(store::VocabularyKind::kReadPoint, {})));
    router.Add(Verb::get, "/readPoints/{value}", read(bind(&Api::ResourceItem)));
    router.Add(Verb::get, "/readPoints/{value}/events", read(events_of("EQ_readPoint")));
    router.Add(Verb::get, "/dispositions",
               read(list_of(store::VocabularyKind::kDisposition, words(epcis::cbv::Vocab::kDisposition))));
    router.Add(Verb::get, "/dispositions/{value}", read(bind(&Api::ResourceItem)));
    router.Add(Verb::get, "/dispositions/{value}/events", read(events_of("EQ_disposition")));
    router.Add(Verb::get, "/queries", read(bind(&Api::ListQueries)));
    router.Add(Verb::post, "/queries", write(bind(&Api::CreateQuery)), small_body);
    router.Add(Verb::get, "/queries/{queryName}", read(bind(&Api::GetQuery)));
    router.Add(Verb::delete_, "/queries/{queryName}", write(bind(&Api::DeleteQuery)));
    router.Add(Verb::get, "/queries/{queryName}/events", read(bind(&Api::QueryNamed)));
    router.Add(Verb::get, "/trace", read(own_root(traces.trace)));
    router.Add(Verb::get, "/trace/steps", read(own_root(traces.steps)));
    router.Add(Verb::get, "/recall", read(own_root(traces.recall)));
    // The portal API (registry_api.hpp).
    router.Add(Verb::get, "/api/v1/openapi.json",
               [api](RequestContext& ctx) -> Awaitable { return api->PortalOpenApiDocument(ctx); });
    router.Add(Verb::get, "/api/v1/me", reg.me);
    router.Add(Verb::get, "/api/v1/provinces", reg.provinces);
    router.Add(Verb::get, "/api/v1/enterprises", reg.list_enterprises);
    router.Add(Verb::post, "/api/v1/enterprises", reg.create_enterprise, small_body);
    router.Add(Verb::get, "/api/v1/enterprises/{taxCode}", reg.get_enterprise);
    router.Add(Verb::put, "/api/v1/enterprises/{taxCode}", reg.update_enterprise, small_body);
    router.Add(Verb::get, "/api/v1/enterprises/{taxCode}/delegations", reg.list_delegations);
    router.Add(Verb::post, "/api/v1/enterprises/{taxCode}/delegations", reg.add_delegation, small_body);
    router.Add(Verb::delete_, "/api/v1/enterprises/{taxCode}/delegations/{provider}", reg.remove_delegation);
    router.Add(Verb::get, "/api/v1/locations", reg.list_locations);
    router.Add(Verb::post, "/api/v1/locations", reg.create_location, small_body);
    router.Add(Verb::get, "/api/v1/locations/{gln}", reg.get_location);
    router.Add(Verb::put, "/api/v1/locations/{gln}", reg.update_location, small_body);
    router.Add(Verb::get, "/api/v1/products", reg.list_products);
    router.Add(Verb::post, "/api/v1/products", reg.create_product, small_body);
    router.Add(Verb::get, "/api/v1/products/{gtin}", reg.get_product);
    router.Add(Verb::get, "/api/v1/products/{gtin}/lots", read(bind(&Api::ProductLots)));
    router.Add(Verb::put, "/api/v1/products/{gtin}", reg.update_product, small_body);
    router.Add(Verb::get, "/api/v1/keys", reg.list_keys);
    router.Add(Verb::post, "/api/v1/keys", reg.create_key, small_body);
    router.Add(Verb::get, "/api/v1/keys/{keyId}", reg.get_key);
    router.Add(Verb::delete_, "/api/v1/keys/{keyId}", reg.revoke_key);
    router.Add(Verb::get, "/api/v1/audit", reg.audit);
    http::RouteOptions image_body;
    image_body.body_limit = service::RegistryService::kMaxImageBytes;
    router.Add(Verb::post, "/api/v1/images", reg.upload_image, image_body);
    router.Add(Verb::get, "/api/v1/images/{sha256}", reg.get_image);
    router.Add(Verb::get, "/api/v1/links", reg.list_links);
    router.Add(Verb::post, "/api/v1/links", reg.create_link, small_body);
    router.Add(Verb::get, "/api/v1/links/{linkId}", reg.get_link);
    router.Add(Verb::delete_, "/api/v1/links/{linkId}", reg.delete_link);
    if (o.stamps != nullptr) {
        const StampHandlers st = MakeStampHandlers(*o.stamps, registry, blocking, o.secure_cookies);
        router.Add(Verb::get, "/api/v1/stamp-batches", st.list);
        router.Add(Verb::post, "/api/v1/stamp-batches", st.order, small_body);
        router.Add(Verb::get, "/api/v1/stamp-batches/{batchId}", st.get);
        router.Add(Verb::get, "/api/v1/stamp-batches/{batchId}/stamps", st.stamps);
        router.Add(Verb::get, "/api/v1/stamp-batches/{batchId}/stamps.csv", st.csv);
        router.Add(Verb::get, "/api/v1/stamp-batches/{batchId}/sheet.pdf", st.pdf);
        router.Add(Verb::post, "/api/v1/stamp-batches/{batchId}/changes", st.change);
        router.Add(Verb::get, "/api/v1/signals", st.signals);
        router.Add(Verb::get, "/api/v1/complaints", st.complaints);
    }
    ResolverPages pages;
    if (o.stamp_store != nullptr) {
        pages.sources.emplace(service::ProductViewSources{
            registry.Store(), store, trace, o.stamp_store,
            [&registry](const std::vector<std::string>& anchors) { return registry.LinksFor(anchors); }});
    }
    pages.scans = o.scans;
    RegisterResolverRoutes(router, registry, blocking, std::move(pages));
    router.Add(Verb::get, "/api/v1/systems", reg.list_systems);
    router.Add(Verb::get, "/api/v1/systems/{systemId}", reg.get_system);
    router.Add(Verb::post, "/api/v1/systems/{systemId}/certifications", reg.certify, small_body);
    router.Add(Verb::post, "/api/v1/session", reg.sign_in, small_body);
    router.Add(Verb::get, "/api/v1/session", reg.get_session);
    router.Add(Verb::delete_, "/api/v1/session", reg.sign_out);
    router.Add(Verb::put, "/api/v1/session/password", reg.change_password, small_body);
    router.Add(Verb::get, "/api/v1/users", reg.list_users);
    router.Add(Verb::post, "/api/v1/users", reg.create_user, small_body);
    router.Add(Verb::delete_, "/api/v1/users/{name}", reg.disable_user);
    router.Add(Verb::get, "/healthz", bind(&Api::Health));
    router.Add(Verb::get, "/readyz", bind(&Api::Ready));
    router.Add(Verb::get, "/metrics", bind(&Api::MetricsText));
    router.SetOptionsHandler(bind(&Api::Options));
}

}  // namespace txng::api
