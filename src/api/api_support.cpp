#include "api/api_support.hpp"

#include <boost/json/serialize.hpp>

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

Result<service::Caller> CallerOf(service::RegistryService& registry, const http::RequestContext& ctx) {
    service::Caller caller;
    caller.remote_address = ctx.remote_address;
    const std::string auth = HeaderValue(ctx.request, "Authorization");
    if (auth.empty()) return caller;
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

}  // namespace txng::api
