#include "api/api_support.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "http/problem.hpp"
#include "http/target.hpp"

namespace txng::api {
namespace {

constexpr std::string_view kEpcisVersion = "2.0.0";
constexpr std::string_view kCbvVersion = "2.0.0";

}  // namespace

Result<std::string> DecodeComponent(std::string_view raw, std::string_view where) {
    auto decoded = http::PercentDecode(raw);
    if (!decoded) {
        return InvalidArgument(std::string(where), "query.percent_encoding",
                               "The query string has a malformed percent escape.", raw);
    }
    if (!ValidUtf8(*decoded)) {
        return InvalidArgument(std::string(where), "query.utf8", "The query string is not valid UTF-8 once decoded.",
                               raw);
    }
    return std::move(*decoded);
}

Result<std::int64_t> WholeNumberOf(std::string_view text, std::string_view where, std::int64_t min, std::int64_t max) {
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size() || n < min || n > max) {
        return InvalidArgument(std::string(where), "query." + std::string(where),
                               fmt::format("{} là số nguyên từ {} đến {}. / {} is a whole number from {} to {}.", where,
                                           min, max, where, min, max),
                               text);
    }
    return n;
}

Result<std::vector<std::pair<std::string, std::string>>> QueryPairs(std::string_view raw) {
    std::vector<std::pair<std::string, std::string>> out;
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
        out.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

std::string HeaderValue(const http::Request& req, std::string_view name) {
    auto it = req.find(boost::beast::string_view(name.data(), name.size()));
    if (it == req.end()) return {};
    return std::string(it->value());
}

void AddEpcisHeaders(http::Response& res) {
    res.set("GS1-EPCIS-Version", kEpcisVersion);
    res.set("GS1-CBV-Version", kCbvVersion);
}

http::Response Problem(const http::RequestContext& ctx, const Error& error, std::string_view type) {
    http::Response res =
        http::ProblemResponse(error, ctx.request.target(), ctx.request.version(), ctx.request.keep_alive(), type);
    if (error.code == ErrorCode::kUnavailable) res.set(boost::beast::http::field::retry_after, "1");
    AddEpcisHeaders(res);
    return res;
}

http::Response JsonResponse(const http::RequestContext& ctx, boost::beast::http::status status,
                            const boost::json::value& body, std::string_view content_type) {
    http::Response res{status, ctx.request.version()};
    res.set(boost::beast::http::field::content_type, content_type);
    res.body() = boost::json::serialize(body);
    AddEpcisHeaders(res);
    return res;
}

std::string CookieValue(const http::Request& req, std::string_view name) {
    const auto [first, last] = req.equal_range(boost::beast::http::field::cookie);
    for (auto it = first; it != last; ++it) {
        const std::string_view header(it->value().data(), it->value().size());
        std::size_t start = 0;
        while (start < header.size()) {
            std::size_t end = header.find(';', start);
            if (end == std::string_view::npos) end = header.size();
            std::string_view pair = header.substr(start, end - start);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
                return std::string(pair.substr(name.size() + 1));
            }
            start = end + 1;
        }
    }
    return {};
}

bool HasCredentials(const http::Request& req) {
    return !HeaderValue(req, "Authorization").empty() || !CookieValue(req, kSessionCookie).empty() ||
           !CookieValue(req, kPlainSessionCookie).empty();
}

registry::Principal PrincipalOf(const http::RequestContext& ctx) {
    if (const auto* c = std::any_cast<service::Caller>(&ctx.auth)) return c->principal;
    return registry::Anonymous();
}

Result<service::Caller> CallerOf(service::RegistryService& registry, const http::RequestContext& ctx,
                                 bool secure_cookies) {
    service::Caller caller;
    caller.remote_address = ctx.remote_address;
    const std::string auth = HeaderValue(ctx.request, "Authorization");
    if (auth.empty()) {
        const std::string token = CookieValue(ctx.request, SessionCookieName(secure_cookies));
        if (token.empty()) return caller;
        auto session = registry.AuthenticateSession(token);
        if (!session) return session.error();
        const auto method = ctx.request.method();
        const bool safe = method == http::Verb::get || method == http::Verb::head || method == http::Verb::options;
        if (!safe && !registry::ConstantTimeEquals(HeaderValue(ctx.request, "X-CSRF-Token"), session->csrf)) {
            return MakeError(ErrorCode::kForbidden, "X-CSRF-Token", "auth.csrf",
                             "A signed-in browser request that changes something must send the session's CSRF token "
                             "in X-CSRF-Token (GET /api/v1/session gives it).");
        }
        caller.principal = std::move(session->principal);
        return caller;
    }
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || !auth.starts_with(kBearer)) {
        return MakeError(ErrorCode::kUnauthorized, "Authorization", "auth.scheme",
                         "Send the API key as `Authorization: Bearer <key>`.");
    }
    auto principal = registry.Authenticate(std::string_view(auth).substr(kBearer.size()));
    if (!principal) return principal.error();
    caller.principal = std::move(*principal);
    return caller;
}

http::Response AuthProblem(const http::RequestContext& ctx, const Error& error, std::string_view type) {
    http::Response res = Problem(ctx, error, type);
    if (error.code == ErrorCode::kUnauthorized) {
        res.set(boost::beast::http::field::www_authenticate, "Bearer realm=\"txng\"");
    }
    return res;
}

Result<epcis::EpcFormat> EpcFormatOf(const http::Request& req) {
    const std::string value = HeaderValue(req, "GS1-EPC-Format");
    if (value.empty()) return epcis::EpcFormat::kAlwaysDigitalLink;
    auto f = epcis::ParseEpcFormat(value);
    if (!f) {
        return InvalidArgument("GS1-EPC-Format", "http.epc_format",
                               "Use Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates or No_Preference.",
                               value);
    }
    return *f;
}

Result<boost::json::value> JsonBody(const http::RequestContext& ctx) {
    const std::string type = HeaderValue(ctx.request, "Content-Type");
    const std::string media = type.substr(0, type.find(';'));
    if (media != "application/json" && media != "application/ld+json") {
        return MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type", "http.content_type",
                         "Send the record as application/json.", type);
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(ctx.request.body(), ec);
    if (ec) {
        return InvalidArgument("$", "json.syntax", "The body is not valid JSON: " + ec.message() + ".");
    }
    return v;
}

}  // namespace txng::api
