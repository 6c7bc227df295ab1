#pragma once
// Maps (method, path) to a handler. Routes are registered in one place by the API layer; the
// Router only stores and matches them.
//
// Patterns are '/'-separated segments:
//   - literal segments ("events") match exactly, compared with the percent-decoded path segment;
//   - `{name}` matches one non-empty segment; its value is percent-decoded, so an eventID such as
//     `ni%3A%2F%2F%2Fsha-256%3B...%3Fver%3DCBV2.0` arrives whole;
//   - `{name...}`, as the last segment only, matches one or more remaining segments; its value is
//     the raw rest of the path (not decoded, since decoding would make "%2F" and "/" the same).
// The path is split at '/' in its raw form, then each segment is decoded. One trailing slash is
// tolerated on both patterns and paths. When several patterns match a path, the one with a literal
// at the first differing segment wins, then `{name}` over `{name...}`: "/events/all" beats
// "/events/{id}" whatever the method, so a path belongs to exactly one pattern (one resource).
//
// Thread-safety: Add and SetOptionsHandler are not thread-safe; call them before handing the
// Router to the Server, which only reads it (concurrent Match calls are safe).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "http/request.hpp"

namespace txng::http {

struct RouteOptions {
    // Largest accepted request body in bytes. Over it: 413 problem, with Content-Length checked
    // before any body byte is read and chunked bodies counted as they arrive.
    std::size_t body_limit = 1 << 20;
    // Added to this route's 413 response (e.g. GS1-EPCIS-Capture-File-Size-Limit).
    HeaderList limit_headers;
};

// A successful match. Pointers refer into the Router and stay valid while it is alive and unchanged.
struct RouteMatch {
    const Handler* handler = nullptr;
    const RouteOptions* options = nullptr;
    std::string pattern;
    std::vector<std::pair<std::string, std::string>> path_params;
    // True when a HEAD request is served by the GET handler (the server then drops the body).
    bool head_from_get = false;
    // What the matched pattern answers: its methods, HEAD when GET is there, and OPTIONS.
    std::vector<Verb> allowed_methods;
};

class Router {
  public:
    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    // Registers `handler` for `method` on `pattern`. Registering the same method and pattern twice,
    // two patterns of the same shape with different parameter names ("/a/{x}" and "/a/{y}"), or a
    // malformed pattern (not starting with '/', an empty or unclosed `{}`, a tail not last) is a
    // bug: throws std::invalid_argument.
    void Add(Verb method, std::string pattern, Handler handler, RouteOptions options = {});

    // Handles OPTIONS on every known path that has no explicit OPTIONS route (RequestContext::
    // allowed_methods tells what to advertise). Without it the server answers such OPTIONS
    // requests itself with 204 and an Allow header.
    void SetOptionsHandler(Handler handler);
    const Handler* OptionsHandler() const;

    // Finds the handler for `method` on the raw `path` (no query). HEAD falls back to GET, OPTIONS
    // to the options handler when set. Errors: kNotFound (rule "http.not_found") when no pattern
    // matches the path, kMethodNotAllowed ("http.method_not_allowed") when one does but not with
    // this method (AllowedMethods then tells the Allow header), kInvalidArgument
    // ("http.path.percent_encoding") when a segment has a malformed percent escape.
    Result<RouteMatch> Match(Verb method, std::string_view path) const;

    // The methods answered on `path` (see RouteMatch::allowed_methods); empty when none matches.
    std::vector<Verb> AllowedMethods(std::string_view path) const;

    std::size_t size() const;

  private:
    struct Resource;
    std::vector<std::unique_ptr<Resource>> resources_;
    std::unique_ptr<Handler> options_handler_;

    // The most specific resource matching `path`, filling `params` (when not null); errors as Match.
    Result<const Resource*> Find(std::string_view path, std::vector<std::pair<std::string, std::string>>* params) const;
    std::vector<Verb> Allowed(const Resource& resource) const;
};

}  // namespace txng::http
