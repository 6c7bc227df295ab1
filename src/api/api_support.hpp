#pragma once
// What the API's handler files share: running store work off the io threads, the EPCIS headers,
// problem and JSON responses, and the GS1-EPC-Format request header.

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/utf8.hpp"
#include "epcis/translate.hpp"
#include "http/router.hpp"
#include "service/registry_service.hpp"

namespace txng::api {

// Runs `fn` on the blocking pool and resumes the awaiting coroutine on its own executor with the
// result. Written without a coroutine frame of its own: GCC 12 mishandles lambdas with captures
// passed by value into coroutines.
// Give it closures that capture only `this`, trivial values and references to the caller's locals.
template <typename Fn>
auto Offload(boost::asio::thread_pool& pool, const Fn& fn) {
    namespace asio = boost::asio;
    using R = decltype(fn());
    return asio::async_initiate<decltype(asio::use_awaitable), void(R)>(
        [&pool](auto handler, Fn work) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            asio::post(pool, [shared, work = std::move(work)]() mutable {
                auto executor = asio::get_associated_executor(*shared);
                asio::post(executor, [shared, r = work()]() mutable { (*shared)(std::move(r)); });
            });
        },
        asio::use_awaitable, fn);
}

// A percent-decoded query-string component; kInvalidArgument naming `where` with rule
// `query.percent_encoding` (a malformed escape) or `query.utf8` (not UTF-8 once decoded).
Result<std::string> DecodeComponent(std::string_view raw, std::string_view where);

// The name=value pairs of a raw query string, each part percent-decoded (DecodeComponent, same
// errors), in order; empty pairs (`a=1&&b=2`) are skipped, a name without '=' has an empty value.
Result<std::vector<std::pair<std::string, std::string>>> QueryPairs(std::string_view raw);

// A whole number from min to max: a query parameter or path segment named `where`;
// kInvalidArgument with rule `query.<where>` otherwise.
Result<std::int64_t> WholeNumberOf(std::string_view text, std::string_view where, std::int64_t min, std::int64_t max);

// The value of a request header; empty when absent.
std::string HeaderValue(const http::Request& req, std::string_view name);

// GS1-EPCIS-Version and GS1-CBV-Version.
void AddEpcisHeaders(http::Response& res);

// An RFC 7807 problem response for `error`, with the EPCIS headers; `type` overrides the problem
// type (EPCIS exception names). A kUnavailable error gets Retry-After: 1.
http::Response Problem(const http::RequestContext& ctx, const Error& error, std::string_view type = {});

http::Response JsonResponse(const http::RequestContext& ctx, boost::beast::http::status status,
                            const boost::json::value& body, std::string_view content_type = "application/ld+json");

// The session cookie's name: with the __Host- prefix when cookies are Secure (browsers then take it
// only from this origin over HTTPS, with Path=/ and no Domain: no sibling subdomain and no
// plain-HTTP page can plant one), without it on nodes that serve sessions over plain HTTP
// ([auth] secure_cookies = false).
inline constexpr std::string_view kSessionCookie = "__Host-txng_session";
inline constexpr std::string_view kPlainSessionCookie = "txng_session";
inline constexpr std::string_view SessionCookieName(bool secure) {
    return secure ? kSessionCookie : kPlainSessionCookie;
}

// The value of cookie `name` in the request's Cookie headers; empty when absent.
std::string CookieValue(const http::Request& req, std::string_view name);

// True when the request carries credentials: an Authorization header or a session cookie.
bool HasCredentials(const http::Request& req);

// Who sends the request: anonymous without credentials; the principal of its `Authorization:
// Bearer <key>` (kUnauthorized, rule `auth.scheme` / `auth.key_format` / `auth.invalid_key`,
// otherwise); else the user of its session cookie (`auth.invalid_session`), and then an unsafe
// request (POST, PUT, PATCH, DELETE) must echo the session's token in X-CSRF-Token (kForbidden,
// rule `auth.csrf`): a cookie is sent by the browser on any site's behalf, a header is not.
// Reads the registry: call it on the blocking pool.
// Only the session cookie of SessionCookieName(secure_cookies) is read.
Result<service::Caller> CallerOf(service::RegistryService& registry, const http::RequestContext& ctx,
                                 bool secure_cookies);

// The principal the Guard found for this request (RequestContext::auth), the public when none.
registry::Principal PrincipalOf(const http::RequestContext& ctx);

// Problem() plus `WWW-Authenticate: Bearer` on 401 answers.
http::Response AuthProblem(const http::RequestContext& ctx, const Error& error, std::string_view type = {});

// The GS1-EPC-Format header (Always_GS1_Digital_Link when absent); kInvalidArgument (rule
// `http.epc_format`) for an unknown value.
Result<epcis::EpcFormat> EpcFormatOf(const http::Request& req);

// The request's body as JSON: kUnsupportedMediaType (rule `http.content_type`) unless it is sent
// as application/json (or application/ld+json); kInvalidArgument (`json.syntax`) when it does not
// parse.
Result<boost::json::value> JsonBody(const http::RequestContext& ctx);

}  // namespace txng::api
