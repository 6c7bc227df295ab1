#include "http/target.hpp"

#include <array>
#include <boost/url/parse.hpp>

namespace txng::http {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool LooksSecret(std::string_view name) {
    std::string lower;
    if (auto decoded = PercentDecode(name)) {
        lower = *decoded;
    } else {
        lower = std::string(name);
    }
    for (char& c : lower) c = LowerAscii(c);
    constexpr std::array kWords = {"token", "key", "secret", "passw", "signature", "sig", "auth", "session", "code"};
    for (std::string_view word : kWords) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

Result<Target> SplitTarget(std::string_view target) {
    auto bad = [&] {
        return InvalidArgument("request-target", "http.target",
                               "the request target is neither a path nor an absolute URI", target);
    };
    if (target == "*") return Target{"*", ""};
    if (!target.empty() && target.front() == '/') {
        std::string_view rest = target.substr(0, target.find('#'));
        std::size_t q = rest.find('?');
        if (q == std::string_view::npos) return Target{std::string(rest), ""};
        return Target{std::string(rest.substr(0, q)), std::string(rest.substr(q + 1))};
    }
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url) return bad();
    Target out{std::string(url->encoded_path()), std::string(url->encoded_query())};
    if (out.path.empty()) out.path = "/";
    if (out.path.front() != '/') return bad();
    return out;
}

std::optional<std::string> PercentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c != '%') {
            out += c;
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        int hi = HexValue(text[i + 1]);
        int lo = HexValue(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string RedactTarget(std::string_view target) {
    std::size_t q = target.find('?');
    if (q == std::string_view::npos) return std::string(target);
    std::string out(target.substr(0, q + 1));
    std::string_view query = target.substr(q + 1);
    bool first = true;
    while (true) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        if (!first) out += '&';
        first = false;
        std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && LooksSecret(pair.substr(0, eq))) {
            out.append(pair.substr(0, eq + 1));
            out += "REDACTED";
        } else {
            out.append(pair);
        }
        if (amp == std::string_view::npos) break;
        query = query.substr(amp + 1);
    }
    return out;
}

}  // namespace txng::http
