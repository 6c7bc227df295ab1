#include "http/router.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

#include "http/target.hpp"

namespace txng::http {
namespace {

enum class SegmentKind { kLiteral = 2, kParam = 1, kTail = 0 };  // value = precedence

struct Segment {
    SegmentKind kind;
    std::string text;  // the decoded literal, or the parameter name
};

struct RawSegment {
    std::string_view text;
    std::size_t offset;  // in the path, for `{name...}` tails
};

// Splits a raw path at '/', dropping the leading slash and one trailing slash. "/" has no segment.
std::vector<RawSegment> SplitPath(std::string_view path) {
    std::vector<RawSegment> out;
    if (path.empty() || path.front() != '/') return out;
    std::string_view body = path.substr(1);
    if (!body.empty() && body.back() == '/') body.remove_suffix(1);
    if (body.empty()) return out;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = body.find('/', start);
        std::size_t end = slash == std::string_view::npos ? body.size() : slash;
        out.push_back({body.substr(start, end - start), start + 1});
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

// Canonical order for Allow headers.
int VerbOrder(Verb v) {
    constexpr std::array kOrder = {Verb::get,   Verb::head,    Verb::post,   Verb::put,
                                   Verb::patch, Verb::delete_, Verb::options};
    auto it = std::find(kOrder.begin(), kOrder.end(), v);
    return it == kOrder.end() ? static_cast<int>(kOrder.size()) + static_cast<int>(v)
                              : static_cast<int>(it - kOrder.begin());
}

struct Route {
    Verb method;
    Handler handler;
    RouteOptions options;
};

}  // namespace

struct Router::Resource {
    std::string pattern;
    std::string shape;  // the pattern with parameter names erased, to detect duplicates
    std::vector<Segment> segments;
    std::vector<int> ranks;
    std::vector<Route> routes;

    const Route* Find(Verb method) const {
        for (const Route& r : routes) {
            if (r.method == method) return &r;
        }
        return nullptr;
    }
};

Router::Router() = default;
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(Verb method, std::string pattern, Handler handler, RouteOptions options) {
    auto fail = [&](std::string_view why) {
        throw std::invalid_argument("route pattern '" + pattern + "': " + std::string(why));
    };
    if (pattern.empty() || pattern.front() != '/') fail("must start with '/'");
    if (!handler) fail("has no handler");
    auto resource = std::make_unique<Resource>();
    std::vector<RawSegment> raw = SplitPath(pattern);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        std::string_view s = raw[i].text;
        Segment seg;
        if (!s.empty() && s.front() == '{') {
            if (s.size() < 3 || s.back() != '}') fail("a parameter must be {name} or {name...}");
            std::string_view name = s.substr(1, s.size() - 2);
            seg.kind = SegmentKind::kParam;
            if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
                if (i + 1 != raw.size()) fail("a {name...} tail must be the last segment");
                seg.kind = SegmentKind::kTail;
                name.remove_suffix(3);
            }
            if (name.empty() || name.find_first_of("{}/.") != std::string_view::npos) fail("bad parameter name");
            seg.text = std::string(name);
            resource->shape += seg.kind == SegmentKind::kTail ? "/{...}" : "/{}";
        } else {
            if (s.empty()) fail("empty segment");
            if (s.find_first_of("{}") != std::string_view::npos) fail("braces inside a literal segment");
            auto decoded = PercentDecode(s);
            if (!decoded) fail("malformed percent escape");
            seg.kind = SegmentKind::kLiteral;
            seg.text = *decoded;
            resource->shape += "/" + *decoded;
        }
        resource->ranks.push_back(static_cast<int>(seg.kind));
        resource->segments.push_back(std::move(seg));
    }
    if (resource->shape.empty()) resource->shape = "/";
    resource->pattern = pattern;

    for (auto& existing : resources_) {
        if (existing->shape != resource->shape) continue;
        if (existing->pattern != pattern) {
            // Trailing-slash variants of one pattern are the same resource.
            std::string_view a = existing->pattern, b = pattern;
            if (a.size() > 1 && a.back() == '/') a.remove_suffix(1);
            if (b.size() > 1 && b.back() == '/') b.remove_suffix(1);
            if (a != b) fail("has the same shape as '" + existing->pattern + "' with other parameter names");
        }
        if (existing->Find(method)) fail("registered twice for one method");
        existing->routes.push_back(Route{method, std::move(handler), std::move(options)});
        return;
    }
    resource->routes.push_back(Route{method, std::move(handler), std::move(options)});
    resources_.push_back(std::move(resource));
}

void Router::SetOptionsHandler(Handler handler) { options_handler_ = std::make_unique<Handler>(std::move(handler)); }

const Handler* Router::OptionsHandler() const { return options_handler_ ? options_handler_.get() : nullptr; }

std::size_t Router::size() const {
    std::size_t n = 0;
    for (const auto& r : resources_) n += r->routes.size();
    return n;
}

Result<const Router::Resource*> Router::Find(std::string_view path,
                                             std::vector<std::pair<std::string, std::string>>* params) const {
    if (path.empty() || path.front() != '/') {
        return MakeError(ErrorCode::kNotFound, "path", "http.not_found", "no resource matches the request path", path);
    }
    std::vector<RawSegment> raw = SplitPath(path);
    std::vector<std::string> decoded;
    decoded.reserve(raw.size());
    for (const RawSegment& s : raw) {
        auto d = PercentDecode(s.text);
        if (!d) {
            return InvalidArgument("path", "http.path.percent_encoding",
                                   "the request path has a malformed percent escape", s.text);
        }
        decoded.push_back(std::move(*d));
    }
    std::string_view trimmed = path;
    if (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);

    const Resource* best = nullptr;
    for (const auto& res : resources_) {
        const auto& segs = res->segments;
        bool has_tail = !segs.empty() && segs.back().kind == SegmentKind::kTail;
        if (has_tail ? raw.size() < segs.size() : raw.size() != segs.size()) continue;
        bool ok = true;
        for (std::size_t i = 0; i < segs.size() && ok; ++i) {
            switch (segs[i].kind) {
                case SegmentKind::kLiteral:
                    ok = decoded[i] == segs[i].text;
                    break;
                case SegmentKind::kParam:
                case SegmentKind::kTail:
                    ok = !raw[i].text.empty();
                    break;
            }
        }
        if (!ok) continue;
        if (!best || std::lexicographical_compare(best->ranks.begin(), best->ranks.end(), res->ranks.begin(),
                                                  res->ranks.end())) {
            best = res.get();
        }
    }
    if (!best) {
        return MakeError(ErrorCode::kNotFound, "path", "http.not_found", "no resource matches the request path", path);
    }
    if (params) {
        params->clear();
        for (std::size_t i = 0; i < best->segments.size(); ++i) {
            const Segment& seg = best->segments[i];
            if (seg.kind == SegmentKind::kParam) {
                params->emplace_back(seg.text, decoded[i]);
            } else if (seg.kind == SegmentKind::kTail) {
                params->emplace_back(seg.text, std::string(trimmed.substr(raw[i].offset)));
            }
        }
    }
    return best;
}

std::vector<Verb> Router::Allowed(const Resource& resource) const {
    std::vector<Verb> out;
    for (const Route& r : resource.routes) out.push_back(r.method);
    auto has = [&](Verb v) { return std::find(out.begin(), out.end(), v) != out.end(); };
    if (has(Verb::get) && !has(Verb::head)) out.push_back(Verb::head);
    if (!has(Verb::options)) out.push_back(Verb::options);
    std::sort(out.begin(), out.end(), [](Verb a, Verb b) { return VerbOrder(a) < VerbOrder(b); });
    return out;
}

Result<RouteMatch> Router::Match(Verb method, std::string_view path) const {
    RouteMatch match;
    auto found = Find(path, &match.path_params);
    if (!found) return found.error();
    const Resource& res = **found;
    match.pattern = res.pattern;
    match.allowed_methods = Allowed(res);
    const Route* route = res.Find(method);
    if (!route && method == Verb::head) {
        route = res.Find(Verb::get);
        match.head_from_get = route != nullptr;
    }
    if (route) {
        match.handler = &route->handler;
        match.options = &route->options;
        return match;
    }
    if (method == Verb::options && options_handler_) {
        static const RouteOptions kOptionsRouteOptions{};
        match.handler = options_handler_.get();
        match.options = &kOptionsRouteOptions;
        return match;
    }
    std::string_view name =
        method == Verb::unknown ? std::string_view("?") : std::string_view(boost::beast::http::to_string(method));
    return MakeError(ErrorCode::kMethodNotAllowed, "method", "http.method_not_allowed",
                     "the resource does not support the method " + std::string(name), name);
}

std::vector<Verb> Router::AllowedMethods(std::string_view path) const {
    auto found = Find(path, nullptr);
    if (!found) return {};
    return Allowed(**found);
}

std::string_view RequestContext::PathParam(std::string_view name) const {
    for (const auto& [k, v] : path_params) {
        if (k == name) return v;
    }
    return {};
}

std::string AllowHeaderValue(const std::vector<Verb>& methods) {
    std::string out;
    for (Verb v : methods) {
        if (!out.empty()) out += ", ";
        out += boost::beast::http::to_string(v);
    }
    return out;
}

}  // namespace txng::http
