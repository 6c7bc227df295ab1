#pragma once
// What a handler receives and returns. Handlers are coroutines on the connection's strand: they
// may co_await freely, but blocking work (a slow disk, a long computation) belongs on another
// executor, since an io thread serves many connections.

#include <any>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace txng::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Verb = boost::beast::http::verb;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One request as routed. Lives until the handler's coroutine completes; `request` is owned by the
// server's connection and must not be kept beyond that.
struct RequestContext {
    const Request& request;
    // The matched pattern, e.g. "/events/{eventID}" (bounded cardinality: used in metrics and logs).
    std::string route;
    // `{name}` values in pattern order, percent-decoded; `{name...}` tails are raw (see Router).
    std::vector<std::pair<std::string, std::string>> path_params;
    // The raw request path (still percent-encoded), without the query.
    std::string path;
    // The raw query string without '?', empty when absent.
    std::string query;
    // The connection's strand; co_spawn work here to stay serialised with the connection.
    boost::asio::any_io_executor executor;
    // "ip:port" of the peer.
    std::string remote_address;
    // Generated per request, also sent back as X-Request-Id and written in the access log.
    std::string request_id;
    // The methods the matched path answers (including HEAD for GET and OPTIONS), for Allow headers.
    std::vector<Verb> allowed_methods;
    // When a handler sets it (to a regular file's path), the response's body is that file, streamed
    // from disk (never read whole into memory): the handler's headers and status are kept, its
    // body is ignored, Content-Length is the file's size. A file that cannot be opened becomes a
    // 500 problem response.
    std::string send_file;
    // Who sent the request, as the API's authentication found it (the server neither sets nor
    // reads it; empty until a handler's guard fills it).
    std::any auth;

    // The value of path parameter `name`; "" when absent.
    std::string_view PathParam(std::string_view name) const;
};

// Builds the response. The server then sets Content-Length, Connection (keep-alive per the
// request), Server, Date and X-Request-Id, and drops the body for HEAD requests. An exception
// escaping the handler becomes a 500 problem response; it is logged with the request id.
using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

// "GET, HEAD, OPTIONS": the value of an Allow header.
std::string AllowHeaderValue(const std::vector<Verb>& methods);

}  // namespace txng::http
