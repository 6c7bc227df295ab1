#include "api/resolver_api.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <memory>
#include <optional>
#include <set>

#include "api/api_support.hpp"
#include "codes/datamatrix.hpp"
#include "codes/qr.hpp"
#include "gs1/ai.hpp"
#include "gs1/digital_link.hpp"
#include "gs1/percent_encoding.hpp"
#include "registry/links.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using http::RequestContext;
using http::Response;
using http::Verb;
using Awaitable = boost::asio::awaitable<Response>;

constexpr std::string_view kLinksetType = "application/linkset+json";

// HTML-escapes text for the error page.
std::string Escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void AddCors(Response& res) {
    res.set(bhttp::field::access_control_allow_origin, "*");
    res.set(bhttp::field::access_control_expose_headers, "Link, Location");
}

class Resolver {
  public:
    Resolver(service::RegistryService& registry, boost::asio::thread_pool& blocking)
        : registry_(registry), blocking_(blocking) {}

    // Answered on the I/O thread when the links are in memory, else on the blocking pool, which
    // reads them from the store (one co_await: GCC 12 warns falsely about coroutine frames with
    // several here).
    Awaitable Resolve(RequestContext& ctx) {
        std::optional<Response> res = ResolveNow(ctx, true);
        if (!res) res = co_await Offload(blocking_, [this, &ctx] { return ResolveNow(ctx, false); });
        co_return std::move(*res);
    }

    // nullopt when `cached_only` and the links are not in memory.
    std::optional<Response> ResolveNow(const RequestContext& ctx, bool cached_only) {
        registry::ResolveRequest request;
        request.media_types = registry::PreferenceList(HeaderValue(ctx.request, "Accept"));
        const bool browser = WantsHtml(request.media_types);
        const std::string target = ctx.path + (ctx.query.empty() ? "" : "?" + ctx.query);
        gs1::DigitalLinkOptions options;
        options.pad_short_gtin = true;  // as GS1 resolvers do
        auto dl = gs1::ParseDigitalLink("https://resolver.invalid" + target, options);
        if (!dl) return BadRequest(ctx, dl.error(), browser);
        // The resolver's own parameters.
        bool linkset = false;
        for (const auto& [raw_key, raw_value] : dl->other_query) {
            auto value = DecodeComponent(raw_value, raw_key);
            if (!value) return BadRequest(ctx, value.error(), browser);
            if (raw_key == "linkType") {
                if (*value == "linkset" || *value == "all") {
                    linkset = true;
                } else {
                    auto iri = registry::LinkTypeIri(*value);
                    if (!iri) return BadRequest(ctx, iri.error(), browser);
                    request.link_type = std::move(*iri);
                }
            } else if (raw_key == "context") {
                request.context = std::move(*value);
            }
        }
        request.languages = registry::PreferenceList(HeaderValue(ctx.request, "Accept-Language"));
        if (!linkset) {
            for (const auto& m : request.media_types) {
                if (m == kLinksetType) linkset = true;
            }
        }
        const std::vector<std::string> anchors = registry::FallbackAnchors(*dl);
        Result<std::vector<registry::Link>> links = std::vector<registry::Link>();
        if (cached_only) {
            auto cached = registry_.CachedLinksFor(anchors);
            if (!cached) return std::nullopt;
            links = std::move(*cached);
        } else {
            links = registry_.LinksFor(anchors);
        }
        if (!links) return Problem(ctx, links.error());
        const std::string anchor = anchors.front();
        const std::string linkset_uri = ctx.path + "?linkType=linkset";
        auto finish = [&](Response res) {
            res.set(bhttp::field::link, fmt::format("<{}>; rel=\"linkset\"; type=\"{}\"", linkset_uri, kLinksetType));
            res.set(bhttp::field::vary, "Accept, Accept-Language");
            AddCors(res);
            return res;
        };
        if (linkset) {
            Response res = JsonResponse(ctx, bhttp::status::ok, registry::LinksetJson(*links, anchor), kLinksetType);
            return finish(std::move(res));
        }
        const registry::Resolution r = registry::Resolve(*links, anchors, request);
        if (r.kind == registry::Resolution::Kind::kRedirect) {
            Response res{bhttp::status::temporary_redirect, ctx.request.version()};
            std::string location = r.link->href;
            if (r.link->fwqs && !ctx.query.empty()) {
                location += (location.find('?') == std::string::npos ? "?" : "&") + ctx.query;
            }
            res.set(bhttp::field::location, location);
            res.set(bhttp::field::cache_control, "no-cache");
            return finish(std::move(res));
        }
        if (r.kind == registry::Resolution::Kind::kMultiple) {
            std::vector<registry::Link> candidates;
            for (const auto* l : r.candidates) candidates.push_back(*l);
            Response res = JsonResponse(ctx, bhttp::status::multiple_choices, registry::LinksetJson(candidates, anchor),
                                        kLinksetType);
            return finish(std::move(res));
        }
        const Error missing =
            request.link_type.empty()
                ? MakeError(ErrorCode::kNotFound, "", "resolver.no_link",
                            "Chưa có liên kết nào cho mã này. / No link is registered for this code yet.", anchor)
                : MakeError(ErrorCode::kNotFound, "linkType", "resolver.link_type_absent",
                            "Mã này không có liên kết loại đã hỏi. / This code has no link of the type asked for.",
                            registry::LinkTypeCurie(request.link_type));
        return finish(browser ? Page(ctx, bhttp::status::not_found, missing) : Problem(ctx, missing));
    }

    Awaitable Options(RequestContext& ctx) {
        Response res{bhttp::status::no_content, ctx.request.version()};
        res.set(bhttp::field::allow, "GET, HEAD, OPTIONS");
        res.set(bhttp::field::access_control_allow_methods, "GET, HEAD, OPTIONS");
        res.set(bhttp::field::access_control_allow_headers, "Accept, Accept-Language");
        res.set(bhttp::field::access_control_max_age, "86400");
        AddCors(res);
        co_return res;
    }

    // GET /qr?data=<Digital Link>&format=png|svg|datamatrix[&size=PIXELS][&ecc=L|M|Q|H]: the QR code
    // of the URI, or (datamatrix, a PNG) the GS1 DataMatrix of its element string.
    Awaitable Qr(RequestContext& ctx) { co_return QrNow(ctx); }

    static Response QrNow(const RequestContext& ctx) {
        auto pairs = QueryPairs(ctx.query);
        if (!pairs) return Problem(ctx, pairs.error());
        std::string data, format = "png";
        int size = 0;
        codes::Ecc ecc = codes::Ecc::kM;
        for (const auto& [name, value] : *pairs) {
            if (name == "data") {
                data = value;
            } else if (name == "format") {
                if (value != "png" && value != "svg" && value != "datamatrix") {
                    return Problem(ctx, InvalidArgument("format", "qr.format", "Use png, svg or datamatrix.", value));
                }
                format = value;
            } else if (name == "size") {
                auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), size);
                if (ec != std::errc() || ptr != value.data() + value.size() || size < 64 || size > 4096) {
                    return Problem(ctx, InvalidArgument("size", "qr.size", "size is 64 to 4096 pixels.", value));
                }
            } else if (name == "ecc") {
                auto e = codes::ParseEcc(value);
                if (!e) return Problem(ctx, e.error());
                ecc = *e;
            } else {
                return Problem(ctx, InvalidArgument(name, "query.unknown_parameter",
                                                    "This endpoint takes data, format, size and ecc.", name));
            }
        }
        if (data.empty()) {
            return Problem(ctx, InvalidArgument("data", "qr.data", "Give the Digital Link to encode as ?data=..."));
        }
        auto dl = gs1::ParseDigitalLink(data);
        if (!dl) {
            Error e = dl.error();
            e.where = "data" + (e.where.empty() ? std::string() : "." + e.where);
            return Problem(ctx, e);
        }
        auto qr =
            format == "datamatrix" ? codes::EncodeGs1DataMatrix(gs1::ElementString(*dl)) : codes::EncodeQr(data, ecc);
        if (!qr) return Problem(ctx, qr.error());
        Response res{bhttp::status::ok, ctx.request.version()};
        if (format == "datamatrix") {
            auto png = codes::SymbolPng(*qr, size == 0 ? 256 : size, 2);
            if (!png) return Problem(ctx, png.error());
            res.set(bhttp::field::content_type, "image/png");
            res.body() = std::move(*png);
        } else if (format == "svg") {
            res.set(bhttp::field::content_type, "image/svg+xml");
            res.body() = codes::SymbolSvg(*qr, size);
        } else {
            auto png = codes::SymbolPng(*qr, size == 0 ? 256 : size);
            if (!png) return Problem(ctx, png.error());
            res.set(bhttp::field::content_type, "image/png");
            res.body() = std::move(*png);
        }
        // The same request always draws the same image.
        res.set(bhttp::field::cache_control, "public, max-age=31536000, immutable");
        res.set("X-Content-Type-Options", "nosniff");
        AddCors(res);
        return res;
    }

    Awaitable Description(RequestContext& ctx) {
        json::array keys;
        for (const auto& ai : gs1::AllAis()) {
            if (ai.dl_primary_key) keys.emplace_back(ai.ai);
        }
        json::object doc{
            {"name", "txng: Cổng truy xuất nguồn gốc / traceability portal resolver"},
            {"resolverRoot", "/"},
            {"supportedPrimaryKeys", std::move(keys)},
            {"supportedLinkType",
             json::array{json::object{{"namespace", registry::kGs1VocabularyBase}, {"prefix", "gs1:"}}}},
            {"linkTypeDefaultCanBeAll", false},
            {"supportsLanguageVariants", true},
            {"supportsSemanticInterpretation", false},
            {"validatesAIcombinations", true},
            {"linkset", json::object{{"queryParameter", "linkType=linkset"}, {"mediaType", kLinksetType}}},
        };
        Response res = JsonResponse(ctx, bhttp::status::ok, doc, "application/json");
        AddCors(res);
        co_return res;
    }

  private:
    // Whether the client is a browser: text/html preferred to the JSON types.
    static bool WantsHtml(const std::vector<std::string>& media_types) {
        for (const auto& m : media_types) {
            if (m == "text/html") return true;
            if (m == "application/json" || m == "application/problem+json" || m == kLinksetType) return false;
        }
        return false;
    }

    static Response BadRequest(const RequestContext& ctx, const Error& error, bool browser) {
        Response res = browser ? Page(ctx, bhttp::status::bad_request, error) : Problem(ctx, error);
        AddCors(res);
        return res;
    }

    // A short page for people: what went wrong, in Vietnamese and English, escaped.
    static Response Page(const RequestContext& ctx, bhttp::status status, const Error& error) {
        const bool bad = status == bhttp::status::bad_request;
        std::string html = fmt::format(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>{}</title><style>body{{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;max-width:40rem}}"
            "code{{word-break:break-all}}small{{overflow-wrap:anywhere}}</style></head>"
            "<body><h1>{}</h1><p>{}</p><p lang=\"en\">{}</p>"
            "<p><code>{}</code></p><p><small>{}</small></p></body></html>",
            bad ? "Mã không hợp lệ / Invalid code" : "Không tìm thấy / Not found",
            bad ? "Mã không hợp lệ" : "Không tìm thấy liên kết",
            bad ? "Đường dẫn này không phải là một mã GS1 Digital Link hợp lệ. Hãy quét lại mã, hoặc kiểm tra "
                  "các chữ số đã nhập."
                : "Mã này chưa có trang thông tin của loại đã hỏi.",
            bad ? "This address is not a valid GS1 Digital Link. Scan the code again, or check the digits typed."
                : "This code has no link of the kind asked for.",
            Escape(ctx.path), Escape(error.ToString()));
        Response res{status, ctx.request.version()};
        res.set(bhttp::field::content_type, "text/html; charset=utf-8");
        res.body() = std::move(html);
        return res;
    }

    service::RegistryService& registry_;
    boost::asio::thread_pool& blocking_;
};

}  // namespace

void RegisterResolverRoutes(http::Router& router, service::RegistryService& registry,
                            boost::asio::thread_pool& blocking) {
    auto resolver = std::make_shared<Resolver>(registry, blocking);
    auto resolve = [resolver](RequestContext& ctx) -> Awaitable { return resolver->Resolve(ctx); };
    auto options = [resolver](RequestContext& ctx) -> Awaitable { return resolver->Options(ctx); };
    std::set<std::string> roots;
    for (const auto& ai : gs1::AllAis()) {
        if (ai.dl_primary_key) roots.insert(std::string(ai.ai));
    }
    // The legacy convenience alphas of Digital Link 1.x, read as their AIs.
    for (const auto* alpha : {"gtin", "itip", "gln", "party", "sscc", "grai", "giai", "gsrn", "gsrnp", "gdti", "gcn",
                              "ginc", "gsin", "cpid", "gmn"}) {
        if (!gs1::ConvenienceAlphaAi(alpha).empty()) roots.insert(alpha);
    }
    for (const auto& root : roots) {
        const std::string pattern = "/" + root + "/{dl...}";
        router.Add(Verb::get, pattern, resolve);
        router.Add(Verb::options, pattern, options);
    }
    router.Add(Verb::get, "/qr", [resolver](RequestContext& ctx) -> Awaitable { return resolver->Qr(ctx); });
    router.Add(Verb::get, "/.well-known/gs1resolver",
               [resolver](RequestContext& ctx) -> Awaitable { return resolver->Description(ctx); });
}

}  // namespace txng::api
