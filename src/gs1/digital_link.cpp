#include "gs1/digital_link.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "gs1/ai.hpp"
#include "gs1/charset.hpp"
#include "gs1/dl_compression.hpp"

namespace txng::gs1 {

namespace {

struct Alpha {
    std::string_view alpha;
    std::string_view ai;
};

constexpr std::array<Alpha, 22> kConvenienceAlphas = {{
    {"gtin", "01"},    {"itip", "8006"}, {"gmn", "8013"},   {"cpid", "8010"}, {"gln", "414"},  {"party", "417"},
    {"gsrnp", "8017"}, {"gsrn", "8018"}, {"gcn", "255"},    {"sscc", "00"},   {"gdti", "253"}, {"ginc", "401"},
    {"gsin", "402"},   {"grai", "8003"}, {"giai", "8004"},  {"cpv", "22"},    {"lot", "10"},   {"ser", "21"},
    {"cpsn", "8011"},  {"glnx", "254"},  {"refno", "8020"}, {"srin", "8019"},
}};

bool IsUriChar(char c) {
    if (IsDigit(c) || IsUpperAlpha(c) || IsLowerAlpha(c)) return true;
    constexpr std::string_view kOther = "-._~:/?#[]@!$&'()*+,;=%";
    return kOther.find(c) != std::string_view::npos;
}

bool IsHostChar(char c) {
    return IsDigit(c) || IsUpperAlpha(c) || IsLowerAlpha(c) || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
}

char ToLower(char c) { return IsUpperAlpha(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ToLower(a[i]) != ToLower(b[i])) return false;
    }
    return true;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = text.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(text.substr(start));
            return out;
        }
        out.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
}

// The numeric AI a path segment stands for (itself, or a convenience alpha's AI) when it is in
// the AI table; nullopt otherwise.
std::optional<std::string_view> ResolvePathAi(std::string_view segment, bool accept_alphas) {
    if (IsAllDigits(segment)) {
        if (const AiInfo* info = FindAi(segment)) return info->ai;
        return std::nullopt;
    }
    if (!accept_alphas) return std::nullopt;
    const auto ai = ConvenienceAlphaAi(segment);
    if (ai.empty()) return std::nullopt;
    return ai;
}

// Index in `segments` of the primary key AI segment, scanning AI/value pairs from the end of the
// path as the GS1 Syntax Engine does: the scan stops at the first primary key, or at a segment
// that is not a known AI.
std::optional<std::size_t> FindPrimaryKey(const std::vector<std::string_view>& segments, bool accept_alphas) {
    std::size_t end = segments.size();
    while (end >= 2) {
        const auto ai = ResolvePathAi(segments[end - 2], accept_alphas);
        if (!ai) return std::nullopt;
        if (FindAi(*ai)->dl_primary_key) return end - 2;
        end -= 2;
    }
    return std::nullopt;
}

bool IsShortGtin(std::string_view value) {
    return (value.size() == 8 || value.size() == 12 || value.size() == 13) && IsAllDigits(value);
}

std::string JoinAis(std::span<const std::string_view> ais) {
    std::string out;
    for (auto ai : ais) {
        if (!out.empty()) out += ", ";
        out += ai;
    }
    return out;
}

Result<void> ValidateElementValue(const AiElement& element, const std::string& where) {
    if (element.value.empty()) {
        return InvalidArgument(where, "dl.empty_value", "AI (" + element.ai + ") has no value.", element.ai);
    }
    if (element.ai == "01" && IsShortGtin(element.value)) {
        return InvalidArgument(where, "dl.gtin_length",
                               "A GTIN in a Digital Link must have 14 digits; pad a GTIN-8, -12 or -13 with leading "
                               "zeros.",
                               element.value);
    }
    return ValidateAiValue(element.ai, element.value, where);
}

Result<void> ValidateQualifiers(const AiInfo& key, const std::vector<AiElement>& path) {
    const std::string key_label = "primary key (" + std::string(key.ai) + ") " + std::string(key.title);
    if (path.size() == 1) {
        if (key.qualifier_required) {
            return InvalidArgument(
                "path", "dl.qualifier_required",
                "The " + key_label + " requires a qualifier: " + JoinAis(key.QualifierSequences()[0].Ais()) + ".",
                key.ai);
        }
        return {};
    }
    for (std::size_t i = 1; i < path.size(); ++i) {
        const auto& ai = path[i].ai;
        const std::string where = "path/" + ai;
        const AiInfo* info = FindAi(ai);
        if (info == nullptr) {
            return InvalidArgument(where, "dl.unknown_ai", "AI (" + ai + ") is not supported.", ai);
        }
        if (!key.AcceptsQualifier(ai)) {
            std::string detail = "AI (" + ai + ") is not a qualifier of the " + key_label + ".";
            if (info->dl_attribute) detail += " Put it in the query string as a data attribute.";
            return InvalidArgument(where, "dl.qualifier_not_allowed", detail, ai);
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (path[j].ai == ai) {
                return InvalidArgument(where, "dl.duplicate_ai", "AI (" + ai + ") appears twice in the path.", ai);
            }
        }
    }
    bool all_in_one_sequence = false;
    for (const auto& seq : key.QualifierSequences()) {
        const auto ais = seq.Ais();
        std::size_t next = 0;  // position in `ais` the next qualifier may take
        bool in_order = true;
        bool all_present = true;
        for (std::size_t i = 1; i < path.size(); ++i) {
            std::size_t pos = 0;
            while (pos < ais.size() && ais[pos] != path[i].ai) ++pos;
            if (pos == ais.size()) {
                all_present = false;
                break;
            }
            if (pos < next) in_order = false;
            next = pos + 1;
        }
        if (all_present && in_order) return {};
        all_in_one_sequence = all_in_one_sequence || all_present;
    }
    std::string sequences;
    for (const auto& seq : key.QualifierSequences()) {
        if (!sequences.empty()) sequences += " or ";
        sequences += JoinAis(seq.Ais());
    }
    if (all_in_one_sequence) {
        return InvalidArgument("path", "dl.qualifier_order",
                               "The qualifiers of the " + key_label + " must follow the order " + sequences + ".",
                               key.ai);
    }
    return InvalidArgument(
        "path", "dl.qualifier_combination",
        "The qualifiers of the " + key_label + " cannot be combined this way; allowed: " + sequences + ".", key.ai);
}

}  // namespace

std::string ElementString(const DigitalLink& dl, char separator) {
    static constexpr std::string_view kPredefined[] = {"00", "01", "02", "03", "04", "11", "12", "13",
                                                       "14", "15", "16", "17", "18", "19", "20", "31",
                                                       "32", "33", "34", "35", "36", "41"};
    std::vector<const AiElement*> elements;
    for (const auto& e : dl.path) elements.push_back(&e);
    for (const auto& e : dl.attributes) elements.push_back(&e);
    std::string out;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const AiElement& e = *elements[i];
        out += e.ai;
        out += e.value;
        const std::string_view head = std::string_view(e.ai).substr(0, 2);
        const bool predefined =
            std::find(std::begin(kPredefined), std::end(kPredefined), head) != std::end(kPredefined);
        if (!predefined && i + 1 < elements.size()) out += separator;
    }
    return out;
}

std::string_view ConvenienceAlphaAi(std::string_view alpha) {
    for (const auto& a : kConvenienceAlphas) {
        if (a.alpha == alpha) return a.ai;
    }
    return {};
}

const AiElement* DigitalLink::Find(std::string_view ai) const {
    for (const auto& e : path) {
        if (e.ai == ai) return &e;
    }
    for (const auto& e : attributes) {
        if (e.ai == ai) return &e;
    }
    return nullptr;
}

bool LooksLikeDigitalLink(std::string_view uri) {
    const auto sep = uri.find("://");
    if (sep == std::string_view::npos) return false;
    const auto scheme = uri.substr(0, sep);
    if (!EqualsIgnoreCase(scheme, "http") && !EqualsIgnoreCase(scheme, "https")) return false;
    auto rest = uri.substr(sep + 3);
    rest = rest.substr(0, rest.find_first_of("?#"));
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    auto path = rest.substr(slash + 1);
    if (!path.empty() && path.back() == '/') path.remove_suffix(1);
    const auto segments = Split(path, '/');
    const auto key = FindPrimaryKey(segments, true);
    return key && !segments[*key + 1].empty();
}

Result<DigitalLink> ParseDigitalLink(std::string_view uri) { return ParseDigitalLink(uri, DigitalLinkOptions{}); }

Result<DigitalLink> ParseDigitalLink(std::string_view uri, const DigitalLinkOptions& options) {
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (!IsUriChar(uri[i])) {
            return InvalidArgument("uri", "dl.syntax",
                                   "The character at position " + std::to_string(i) +
                                       " is not allowed in a URI; it must be percent-encoded.",
                                   uri);
        }
    }
    const auto sep = uri.find("://");
    if (sep == std::string_view::npos) {
        return InvalidArgument("uri", "dl.syntax", "A Digital Link must start with https:// or http://.", uri);
    }
    const auto scheme = uri.substr(0, sep);
    if (scheme != "https" && scheme != "http") {
        const bool wrong_case = EqualsIgnoreCase(scheme, "http") || EqualsIgnoreCase(scheme, "https");
        return InvalidArgument("scheme", "dl.scheme",
                               wrong_case ? "The scheme of a Digital Link must be written in lower case."
                                          : "The scheme of a Digital Link must be https or http.",
                               scheme);
    }
    const auto after_scheme = uri.substr(sep + 3);
    const auto host_end = after_scheme.find_first_of("/?#");
    const auto host = after_scheme.substr(0, host_end);
    if (host.empty() || host.front() == ':' || host.front() == '.' || host.front() == '-') {
        return InvalidArgument("host", "dl.host", "A Digital Link must name a host.", uri);
    }
    for (char c : host) {
        if (!IsHostChar(c)) {
            return InvalidArgument("host", "dl.host",
                                   "The host of a Digital Link may only hold letters, digits, '-', '.', ':' and "
                                   "brackets.",
                                   host);
        }
    }
    std::string_view rest = host_end == std::string_view::npos ? std::string_view{} : after_scheme.substr(host_end);
    rest = rest.substr(0, rest.find('#'));  // the fragment plays no part
    const auto query_pos = rest.find('?');
    std::string_view path = rest.substr(0, query_pos);
    const std::string_view query =
        query_pos == std::string_view::npos ? std::string_view{} : rest.substr(query_pos + 1);

    std::vector<std::string_view> segments;
    if (!path.empty()) {
        path.remove_prefix(1);  // the leading '/'
        if (!path.empty() && path.back() == '/') path.remove_suffix(1);
        segments = Split(path, '/');
    }
    // `key`: the primary key segment. When no AI/value pair ends the path but a compressed token
    // does, the uncompressed path (if any) ends before the token.
    constexpr std::string_view kNoPrimaryKey =
        "The path has no GS1 primary key AI (such as 01, 00, 414) followed by a value.";
    auto key = FindPrimaryKey(segments, options.accept_convenience_alphas);
    std::size_t path_end = segments.size();
    const bool compressed = !key && !segments.empty() && LooksCompressed(segments.back());
    if (compressed) {
        path_end = segments.size() - 1;
        key = FindPrimaryKey({segments.begin(), segments.end() - 1}, options.accept_convenience_alphas);
    } else if (!key) {
        return InvalidArgument("path", "dl.no_primary_key", std::string(kNoPrimaryKey), uri);
    }

    DigitalLink dl;
    dl.base = std::string(scheme) + "://" + std::string(host);
    for (std::size_t i = 0; i < key.value_or(path_end); ++i) {
        if (segments[i].empty()) {
            return InvalidArgument("path", "dl.syntax", "The path of a Digital Link has an empty segment.", uri);
        }
        dl.base += "/";
        dl.base += segments[i];
    }
    for (std::size_t i = key.value_or(path_end); i + 1 < path_end; i += 2) {
        const std::string ai(*ResolvePathAi(segments[i], options.accept_convenience_alphas));
        auto value = PercentDecode(segments[i + 1], "path/" + ai);
        if (!value) return value.error();
        if (ai == "01" && options.pad_short_gtin && IsShortGtin(*value)) {
            *value = std::string(14 - value->size(), '0') + *value;
        }
        dl.path.push_back({ai, std::move(*value)});
    }
    if (compressed) {
        auto decompressed = DecompressDigitalLink(dl.base, std::move(dl.path), segments.back());
        if (!decompressed && decompressed.error().rule == "dl.compressed_syntax") {
            // Words such as "page" read as bits too: a segment that does not decode is more likely
            // no token at all than a broken one.
            return InvalidArgument("path", "dl.no_primary_key",
                                   std::string(kNoPrimaryKey) +
                                       " Read as a compressed Digital Link, its last segment " +
                                       "fails: " + decompressed.error().detail,
                                   uri);
        }
        if (!decompressed) return decompressed.error();
        dl = std::move(*decompressed);
    }

    for (auto param : Split(query, '&')) {
        if (param.empty()) continue;
        const auto eq = param.find('=');
        const auto name = param.substr(0, eq);
        const auto raw_value = eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1);
        if (!IsAllDigits(name)) {
            dl.other_query.emplace_back(std::string(name), std::string(raw_value));
            continue;
        }
        const std::string ai(name);
        if (FindAi(ai) == nullptr) {
            return InvalidArgument("query/" + ai, "dl.unknown_ai",
                                   "The query string holds AI (" + ai + "), which is not supported.", param);
        }
        auto value = PercentDecode(raw_value, "query/" + ai, /*plus_as_space=*/true);
        if (!value) return value.error();
        if (ai == "01" && options.pad_short_gtin && IsShortGtin(*value)) {
            *value = std::string(14 - value->size(), '0') + *value;
        }
        dl.attributes.push_back({ai, std::move(*value)});
    }

    if (auto ok = ValidateDigitalLink(dl); !ok) return ok.error();
    return dl;
}

Result<void> ValidateDigitalLink(const DigitalLink& dl) {
    if (dl.path.empty()) {
        return InvalidArgument("path", "dl.no_primary_key", "A Digital Link needs a primary key.", "");
    }
    const AiInfo* key = FindAi(dl.path.front().ai);
    if (key == nullptr || !key->dl_primary_key) {
        return InvalidArgument("path/" + dl.path.front().ai, "dl.no_primary_key",
                               "AI (" + dl.path.front().ai + ") is not a Digital Link primary key.",
                               dl.path.front().ai);
    }
    if (auto ok = ValidateQualifiers(*key, dl.path); !ok) return ok;
    for (const auto& element : dl.path) {
        if (auto ok = ValidateElementValue(element, "path/" + element.ai); !ok) return ok;
    }
    for (std::size_t i = 0; i < dl.attributes.size(); ++i) {
        const auto& element = dl.attributes[i];
        const std::string where = "query/" + element.ai;
        const AiInfo* info = FindAi(element.ai);
        if (info == nullptr) {
            return InvalidArgument(where, "dl.unknown_ai", "AI (" + element.ai + ") is not supported.", element.ai);
        }
        if (!info->dl_attribute) {
            return InvalidArgument(where, "dl.attribute_not_allowed",
                                   "AI (" + element.ai + ") " + std::string(info->title) +
                                       " may not appear as a data attribute in the query string.",
                                   element.ai);
        }
        for (const auto& p : dl.path) {
            if (p.ai == element.ai) {
                return InvalidArgument(where, "dl.duplicate_ai",
                                       "AI (" + element.ai + ") appears in both the path and the query string.",
                                       element.ai);
            }
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (dl.attributes[j].ai == element.ai) {
                return InvalidArgument(where, "dl.duplicate_ai",
                                       "AI (" + element.ai + ") appears twice in the query string.", element.ai);
            }
        }
        if (auto ok = ValidateElementValue(element, where); !ok) return ok;
    }
    return {};
}

std::string FormatDigitalLink(const DigitalLink& dl, std::string_view base, DlEscaping escaping) {
    if (!base.empty() && base.back() == '/') base.remove_suffix(1);
    std::string out(base);
    for (const auto& e : dl.path) {
        out += '/';
        out += e.ai;
        out += '/';
        out += PercentEncodeDlValue(e.value, escaping);
    }
    char sep = '?';
    for (const auto& e : dl.attributes) {
        out += sep;
        out += e.ai;
        out += '=';
        out += PercentEncodeDlValue(e.value, escaping);
        sep = '&';
    }
    for (const auto& [name, value] : dl.other_query) {
        out += sep;
        out += name;
        if (!value.empty()) {
            out += '=';
            out += value;
        }
        sep = '&';
    }
    return out;
}

}  // namespace txng::gs1
