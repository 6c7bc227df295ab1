#include "api/resolver_api.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <memory>
#include <optional>
#include <set>

#include "api/api_support.hpp"
#include "codes/datamatrix.hpp"
#include "codes/qr.hpp"
#include "gs1/ai.hpp"
#include "gs1/digital_link.hpp"
#include "gs1/dl_compression.hpp"
#include "gs1/percent_encoding.hpp"
#include "registry/links.hpp"
#include "registry/province.hpp"
#include "web/product_page.hpp"

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

Awaitable NotFound(RequestContext& ctx) {
    co_return Problem(ctx, MakeError(ErrorCode::kNotFound, "", "http.not_found",
                                     "Không có tài nguyên này. / No resource here.", ctx.path));
}

void AddCors(Response& res) {
    res.set(bhttp::field::access_control_allow_origin, "*");
    res.set(bhttp::field::access_control_expose_headers, "Link, Location");
}

class Resolver {
  public:
    Resolver(service::RegistryService& registry, boost::asio::thread_pool& blocking, ResolverPages pages)
        : registry_(registry),
          blocking_(blocking),
          pages_(std::move(pages)),
          pip_(registry::LinkTypeIri("gs1:pip").value()) {}

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
        if (cached_only) LogScan(ctx, *dl);
        // The resolver's own parameters.
        bool linkset = false;
        std::string lang_param;
        bool reported = false;
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
            } else if (raw_key == "lang") {
                lang_param = std::move(*value);
            } else if (raw_key == "reported") {
                reported = *value == "1";
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
        // A compressed request names its uncompressed form (on this host) as the same resource.
        std::string same_as;
        if (dl->compressed) {
            gs1::DigitalLink bare = *dl;
            bare.other_query.clear();
            same_as = fmt::format(", <{}>; rel=\"owl:sameAs\"", gs1::FormatDigitalLink(bare, ""));
        }
        auto finish = [&](Response res) {
            res.set(bhttp::field::link,
                    fmt::format("<{}>; rel=\"linkset\"; type=\"{}\"{}", linkset_uri, kLinksetType, same_as));
            res.set(bhttp::field::vary, "Accept, Accept-Language");
            AddCors(res);
            return res;
        };
        if (linkset) {
            Response res = JsonResponse(ctx, bhttp::status::ok, registry::LinksetJson(*links, anchor), kLinksetType);
            return finish(std::move(res));
        }
        const registry::Resolution r = registry::Resolve(*links, anchors, request);
        // Browsers get the product page when no link is chosen for them.
        if (browser && pages_.sources && dl->path.front().ai == "01" &&
            (request.link_type.empty() || request.link_type == pip_) &&
            r.kind != registry::Resolution::Kind::kRedirect) {
            if (cached_only) return std::nullopt;
            return finish(ProductPage(
                ctx, *dl, web::PageLanguage(lang_param, HeaderValue(ctx.request, "Accept-Language")), reported));
        }
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

    // POST /report: the product page's form. Offloaded: it reads the registry and writes the store.
    Awaitable Report(RequestContext& ctx) {
        auto res = co_await Offload(blocking_, [this, &ctx] { return ReportNow(ctx); });
        co_return std::move(res);
    }

  private:
    Response ReportNow(const RequestContext& ctx) {
        const bool browser = WantsHtml(registry::PreferenceList(HeaderValue(ctx.request, "Accept")));
        auto fail = [&](const Error& e) {
            Response res = browser ? Page(ctx, bhttp::status::bad_request, e) : Problem(ctx, e);
            AddCors(res);
            return res;
        };
        if (!pages_.sources || pages_.sources->stamps == nullptr) {
            return Problem(ctx, MakeError(ErrorCode::kNotFound, "", "http.not_found", "No reports here."));
        }
        const std::string type = HeaderValue(ctx.request, "Content-Type");
        if (type.substr(0, type.find(';')) != "application/x-www-form-urlencoded") {
            return fail(MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type", "http.content_type",
                                  "Gửi biểu mẫu dạng application/x-www-form-urlencoded. / Send the form as "
                                  "application/x-www-form-urlencoded.",
                                  type));
        }
        // Forms encode spaces as '+'.
        std::string body = ctx.request.body();
        std::replace(body.begin(), body.end(), '+', ' ');
        auto pairs = QueryPairs(body);
        if (!pairs) return fail(pairs.error());
        store::Complaint c;
        std::string code, lang = "vi";
        for (auto& [name, value] : *pairs) {
            if (name == "code") {
                code = std::move(value);
            } else if (name == "kind") {
                c.kind = std::move(value);
            } else if (name == "message") {
                c.message = std::move(value);
            } else if (name == "contact") {
                c.contact = std::move(value);
            } else if (name == "province") {
                c.province = std::move(value);
            } else if (name == "lang") {
                lang = value == "en" ? "en" : "vi";
            } else {
                return fail(InvalidArgument(name, "report.unknown_field",
                                            "Biểu mẫu có code, kind, message, contact, province, lang. / The form has "
                                            "code, kind, message, contact, province and lang.",
                                            name));
            }
        }
        auto dl = gs1::ParseDigitalLink(code);
        if (!dl || dl->path.empty() || dl->path.front().ai != "01") {
            return fail(InvalidArgument("code", "report.code",
                                        "Mã truy xuất không hợp lệ. / The trace code is not valid.", code));
        }
        const auto& kinds = store::kComplaintKinds;
        if (std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) {
            return fail(InvalidArgument("kind", "report.kind",
                                        "Chọn một vấn đề trong danh sách. / Choose a problem from the list.", c.kind));
        }
        auto text_ok = [](std::string_view text, std::size_t max, bool multiline) {
            if (text.size() > max || !ValidUtf8(text)) return false;
            for (const char ch : text) {
                const auto u = static_cast<unsigned char>(ch);
                if ((u < 0x20 && !(multiline && (ch == '\n' || ch == '\r' || ch == '\t'))) || u == 0x7F) return false;
            }
            return true;
        };
        if (c.message.find_first_not_of(" \r\n\t") == std::string::npos || !text_ok(c.message, 8000, true)) {
            return fail(
                InvalidArgument("message", "report.message",
                                "Hãy viết nội dung phản ánh (tối đa 2.000 ký tự). / Write what is wrong (at most "
                                "2,000 characters)."));
        }
        if (!text_ok(c.contact, 200, false)) {
            return fail(InvalidArgument("contact", "report.contact",
                                        "Liên hệ tối đa 200 ký tự, một dòng. / The contact is one line of at most 200 "
                                        "characters."));
        }
        if (!c.province.empty()) {
            auto p = registry::ResolveProvince(c.province, "province");
            if (!p) return fail(p.error());
            c.province = std::string(p->province->code);
        }
        gs1::DigitalLink bare;
        bare.path = dl->path;
        c.code = gs1::FormatDigitalLink(bare);
        c.gtin = dl->path.front().value;
        for (const auto& e : dl->path) {
            if (e.ai == "10") c.lot = e.value;
            if (e.ai == "21") c.serial = e.value;
        }
        if (auto product = pages_.sources->registry.GetProduct(c.gtin)) {
            c.owner = product->owner;
            if (auto owner = pages_.sources->registry.GetEnterprise(product->owner)) {
                c.owner_province = owner->address.province_code;
            }
        }
        auto stored = pages_.sources->stamps->AddComplaint(c);
        if (!stored) return Problem(ctx, stored.error());
        if (browser) {
            Response res{bhttp::status::see_other, ctx.request.version()};
            res.set(bhttp::field::location, gs1::FormatDigitalLink(bare, "") + "?lang=" + lang + "&reported=1#report");
            return res;
        }
        Response res = JsonResponse(ctx, bhttp::status::created,
                                    json::object{{"id", stored->id}, {"status", stored->status}}, "application/json");
        AddCors(res);
        return res;
    }

    // The product page of a GTIN code (run on the blocking pool).
    Response ProductPage(const RequestContext& ctx, const gs1::DigitalLink& dl, const std::string& lang,
                         bool reported) {
        auto view = service::BuildProductView(*pages_.sources, dl);
        if (!view) return Page(ctx, bhttp::status::service_unavailable, view.error());
        web::ProductPageOptions options;
        options.lang = lang;
        options.path = ctx.path;
        options.reported = reported;
        const bool unknown = std::find(view->warnings.begin(), view->warnings.end(),
                                       service::PageWarning::kUnknownCode) != view->warnings.end();
        Response res{unknown ? bhttp::status::not_found : bhttp::status::ok, ctx.request.version()};
        res.set(bhttp::field::content_type, "text/html; charset=utf-8");
        res.set(bhttp::field::content_language, lang);
        res.set(bhttp::field::cache_control, "no-cache");
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
                "frame-ancestors 'none'; base-uri 'none'");
        res.set("Referrer-Policy", "no-referrer");
        res.body() = web::RenderProductPage(*view, options);
        return res;
    }

    // Writes a resolve of a serialised GTIN code to the scan log (never blocks).
    void LogScan(const RequestContext& ctx, const gs1::DigitalLink& dl) {
        if (pages_.scans == nullptr || dl.path.empty() || dl.path.front().ai != "01") return;
        const gs1::AiElement* serial = nullptr;
        for (const auto& e : dl.path) {
            if (e.ai == "21") serial = &e;
        }
        if (serial == nullptr) return;
        std::string location = HeaderValue(ctx.request, "X-Client-Location");
        if (location.empty()) location = HeaderValue(ctx.request, "Geo-Position");
        const service::ClientPlace place = service::PlaceOf(HeaderValue(ctx.request, "X-Client-Province"), location);
        store::Scan scan;
        scan.gtin = dl.path.front().value;
        scan.serial = serial->value;
        scan.at_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        scan.province = place.province;
        scan.latitude = place.latitude;
        scan.longitude = place.longitude;
        scan.client = std::string(service::ClientClass(HeaderValue(ctx.request, "User-Agent")));
        pages_.scans->Record(std::move(scan));
    }

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
    ResolverPages pages_;
    std::string pip_;
};

}  // namespace

void RegisterResolverRoutes(http::Router& router, service::RegistryService& registry,
                            boost::asio::thread_pool& blocking, ResolverPages pages) {
    auto resolver = std::make_shared<Resolver>(registry, blocking, std::move(pages));
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
    http::RouteOptions form_body;
    form_body.body_limit = 16 * 1024;
    router.Add(
        Verb::post, "/report", [resolver](RequestContext& ctx) -> Awaitable { return resolver->Report(ctx); },
        form_body);
    router.Add(Verb::get, "/qr", [resolver](RequestContext& ctx) -> Awaitable { return resolver->Qr(ctx); });
    // Compressed Digital Links: one token at the root. Other single segments are not codes (404).
    auto compressed = [resolver](RequestContext& ctx) -> Awaitable {
        if (!gs1::LooksCompressed(ctx.PathParam("token"))) return NotFound(ctx);
        return resolver->Resolve(ctx);
    };
    router.Add(Verb::get, "/{token}", compressed);
    router.Add(Verb::options, "/{token}", options);
    router.Add(Verb::get, "/.well-known/gs1resolver",
               [resolver](RequestContext& ctx) -> Awaitable { return resolver->Description(ctx); });
}

}  // namespace txng::api
