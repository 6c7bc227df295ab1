#include "gs1/epc_uri.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>

#include "gs1/charset.hpp"
#include "gs1/check_digit.hpp"

namespace txng::gs1 {

namespace {

// ---- Scheme grammar (TDS) --------------------------------------------------------------------

enum class Part : std::uint8_t {
    kGcp,            // GS1 Company Prefix: 6 to 12 digits
    kComplement,     // digits; the company prefix and this part have `limit` digits together
    kGs3a3,          // GS3A3 component (escaped CSET 82), 1..limit characters once unescaped
    kGs3a3Rest,      // GS3A3 component; the company prefix and this part have at most `limit` characters
    kCpRef,          // CPID reference (digits, A-Z, '-', %23, %2F); with the prefix at most `limit` characters
    kPaddedNumeric,  // 1..limit digits, leading zeros significant
    kNumeric,        // 1..limit digits without leading zeros ("0" alone is allowed)
    kTwoDigits,      // exactly two digits
    kGidNumber,      // a number without leading zeros, at most `limit`
    kCage,           // CAGE code (5) or DODAAC (6): digits and A-Z except I and O
    kAdiPart,        // ADI original part number: 0..limit of A-Z 0-9 - %2F
    kAdiSerial,      // ADI serial: optional leading %23 then A-Z 0-9 - %2F, 1..limit characters
    kBic,            // ISO 6346 container code with check digit
    kImo,            // IMO vessel number with check digit
};

struct PartSpec {
    Part kind = Part::kGcp;
    std::uint64_t limit = 0;
    std::string_view name;
};

struct SchemeSpec {
    std::string_view scheme;
    bool patterns = false;  // has urn:epc:idpat: forms
    std::array<PartSpec, 5> parts{};
    std::size_t count = 0;

    constexpr std::span<const PartSpec> Parts() const { return {parts.data(), count}; }
};

constexpr SchemeSpec Scheme(std::string_view name, bool patterns, std::initializer_list<PartSpec> parts) {
    SchemeSpec spec;
    spec.scheme = name;
    spec.patterns = patterns;
    for (const auto& p : parts) spec.parts[spec.count++] = p;
    return spec;
}

constexpr PartSpec kGcpPart{Part::kGcp, 0, "company_prefix"};
constexpr std::uint64_t kMax36Bits = 68719476735ULL;

constexpr std::array kIdentitySchemes = {
    Scheme("sgtin", true, {kGcpPart, {Part::kComplement, 13, "item_reference"}, {Part::kGs3a3, 20, "serial"}}),
    Scheme("sscc", true, {kGcpPart, {Part::kComplement, 17, "serial_reference"}}),
    Scheme("sgln", true, {kGcpPart, {Part::kComplement, 12, "location_reference"}, {Part::kGs3a3, 20, "extension"}}),
    Scheme("grai", true, {kGcpPart, {Part::kComplement, 12, "asset_type"}, {Part::kGs3a3, 16, "serial"}}),
    Scheme("giai", true, {kGcpPart, {Part::kGs3a3Rest, 30, "asset_reference"}}),
    Scheme("gsrn", true, {kGcpPart, {Part::kComplement, 17, "service_reference"}}),
    Scheme("gsrnp", true, {kGcpPart, {Part::kComplement, 17, "service_reference"}}),
    Scheme("gdti", true, {kGcpPart, {Part::kComplement, 12, "document_type"}, {Part::kGs3a3, 17, "serial"}}),
    Scheme("sgcn", true, {kGcpPart, {Part::kComplement, 12, "coupon_reference"}, {Part::kPaddedNumeric, 12, "serial"}}),
    Scheme("cpi", true, {kGcpPart, {Part::kCpRef, 30, "component_reference"}, {Part::kNumeric, 12, "serial"}}),
    Scheme("ginc", true, {kGcpPart, {Part::kGs3a3Rest, 30, "consignment_reference"}}),
    Scheme("gsin", true, {kGcpPart, {Part::kComplement, 16, "shipper_reference"}}),
    Scheme("itip", true,
           {kGcpPart,
            {Part::kComplement, 13, "item_reference"},
            {Part::kTwoDigits, 2, "piece"},
            {Part::kTwoDigits, 2, "total"},
            {Part::kGs3a3, 20, "serial"}}),
    Scheme("upui", true, {kGcpPart, {Part::kComplement, 13, "item_reference"}, {Part::kGs3a3, 28, "tpx"}}),
    Scheme("pgln", true, {kGcpPart, {Part::kComplement, 12, "party_reference"}}),
    Scheme("gid", true,
           {{Part::kGidNumber, 268435455ULL, "manager_number"},
            {Part::kGidNumber, 16777215ULL, "object_class"},
            {Part::kGidNumber, kMax36Bits, "serial"}}),
    Scheme("usdod", true, {{Part::kCage, 0, "cage_or_dodaac"}, {Part::kGidNumber, kMax36Bits, "serial"}}),
    Scheme("adi", true,
           {{Part::kCage, 0, "cage_or_dodaac"}, {Part::kAdiPart, 32, "part_number"}, {Part::kAdiSerial, 30, "serial"}}),
    Scheme("bic", false, {{Part::kBic, 0, "container_code"}}),
    Scheme("imovn", false, {{Part::kImo, 0, "imo_number"}}),
};

constexpr SchemeSpec kLgtinScheme =
    Scheme("lgtin", false, {kGcpPart, {Part::kComplement, 13, "item_reference"}, {Part::kGs3a3, 20, "lot"}});

constexpr std::string_view kIdPrefix = "urn:epc:id:";
constexpr std::string_view kClassPrefix = "urn:epc:class:";
constexpr std::string_view kPatternPrefix = "urn:epc:idpat:";

const SchemeSpec* FindScheme(std::string_view scheme) {
    for (const auto& spec : kIdentitySchemes) {
        if (spec.scheme == scheme) return &spec;
    }
    return nullptr;
}

bool AllowsDot(Part kind) { return kind == Part::kGs3a3 || kind == Part::kGs3a3Rest; }

std::optional<int> HexValue(char c) {
    if (IsDigit(c)) return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return std::nullopt;
}

// Decodes a component whose literal characters satisfy `literal` and whose escapes may only stand
// for one of `escapable`.
template <typename LiteralPredicate>
Result<std::string> DecodeRestricted(std::string_view text, LiteralPredicate literal, std::string_view escapable,
                                     const std::string& where) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const auto hi = i + 1 < text.size() ? HexValue(text[i + 1]) : std::nullopt;
            const auto lo = i + 2 < text.size() ? HexValue(text[i + 2]) : std::nullopt;
            const char decoded = (hi && lo) ? static_cast<char>(*hi * 16 + *lo) : '\0';
            if (!hi || !lo || escapable.find(decoded) == std::string_view::npos || decoded == '\0') {
                return InvalidArgument(
                    where, "epc_uri.escape",
                    "The escape at position " + std::to_string(i) + " is malformed or not allowed here.", text);
            }
            out.push_back(decoded);
            i += 2;
            continue;
        }
        if (!literal(c)) {
            return InvalidArgument(
                where, "epc_uri.charset",
                "The character '" + std::string(1, c) + "' at position " + std::to_string(i) + " is not allowed here.",
                text);
        }
        out.push_back(c);
    }
    return out;
}

bool IsCpRefLiteral(char c) { return IsDigit(c) || IsUpperAlpha(c) || c == '-'; }

Result<std::string> DecodeCpRef(std::string_view text, const std::string& where) {
    return DecodeRestricted(text, IsCpRefLiteral, "#/", where);
}

bool IsCageChar(char c) { return IsDigit(c) || (IsUpperAlpha(c) && c != 'I' && c != 'O'); }

// ISO 6346 value of a container code character: digits as is; letters from A = 10 upwards,
// skipping the multiples of 11.
int Iso6346Value(char c) {
    if (IsDigit(c)) return c - '0';
    int value = 10;
    for (char letter = 'A'; letter < c; ++letter) {
        ++value;
        if (value % 11 == 0) ++value;
    }
    return value;
}

Result<void> LengthError(const std::string& where, const std::string& detail, std::string_view value) {
    return InvalidArgument(where, "epc_uri.length", detail, value);
}

// Validates one concrete (non-wildcard) component; `gcp_length` is read by the parts after the
// company prefix and set by it.
Result<void> CheckPart(const PartSpec& part, std::string_view text, std::size_t& gcp_length, const std::string& where) {
    const auto limit = static_cast<std::size_t>(part.limit);
    switch (part.kind) {
        case Part::kGcp:
            if (!IsAllDigits(text)) {
                return InvalidArgument(where, text.empty() ? "epc_uri.company_prefix" : "epc_uri.charset",
                                       "The GS1 Company Prefix must consist of 6 to 12 digits.", text);
            }
            if (text.size() < 6 || text.size() > 12) {
                return InvalidArgument(
                    where, "epc_uri.company_prefix",
                    "The GS1 Company Prefix must have 6 to 12 digits but has " + std::to_string(text.size()) + ".",
                    text);
            }
            gcp_length = text.size();
            return {};
        case Part::kComplement:
            if (!text.empty() && !IsAllDigits(text)) {
                return InvalidArgument(where, "epc_uri.charset", "This component must consist of digits.", text);
            }
            if (gcp_length + text.size() != limit) {
                return LengthError(where,
                                   "The company prefix and this component must have " + std::to_string(limit) +
                                       " digits together, not " + std::to_string(gcp_length + text.size()) + ".",
                                   text);
            }
            return {};
        case Part::kGs3a3:
        case Part::kGs3a3Rest: {
            auto decoded = UnescapeEpcComponent(text, where);
            if (!decoded) return decoded.error();
            const std::size_t max = part.kind == Part::kGs3a3 ? limit : limit - gcp_length;
            if (decoded->empty() || decoded->size() > max) {
                return LengthError(where,
                                   "This component must have 1 to " + std::to_string(max) +
                                       " characters once unescaped, not " + std::to_string(decoded->size()) + ".",
                                   text);
            }
            return {};
        }
        case Part::kCpRef: {
            auto decoded = DecodeCpRef(text, where);
            if (!decoded) return decoded.error();
            const std::size_t max = limit - gcp_length;
            if (decoded->empty() || decoded->size() > max) {
                return LengthError(
                    where,
                    "The component reference must have 1 to " + std::to_string(max) + " characters once unescaped.",
                    text);
            }
            return {};
        }
        case Part::kPaddedNumeric:
        case Part::kNumeric:
        case Part::kTwoDigits:
        case Part::kGidNumber: {
            if (!IsAllDigits(text)) {
                return InvalidArgument(where, "epc_uri.charset", "This component must consist of one or more digits.",
                                       text);
            }
            if (part.kind == Part::kTwoDigits && text.size() != 2) {
                return LengthError(where, "This component must have exactly 2 digits.", text);
            }
            if ((part.kind == Part::kPaddedNumeric || part.kind == Part::kNumeric) && text.size() > limit) {
                return LengthError(where, "This component must have at most " + std::to_string(limit) + " digits.",
                                   text);
            }
            if ((part.kind == Part::kNumeric || part.kind == Part::kGidNumber) && text.size() > 1 && text[0] == '0') {
                return InvalidArgument(where, "epc_uri.numeric", "This number must not have leading zeros.", text);
            }
            if (part.kind == Part::kGidNumber) {
                std::uint64_t value = 0;
                bool too_big = text.size() > 19;
                for (char c : text) value = value * 10 + static_cast<std::uint64_t>(c - '0');
                if (too_big || value > part.limit) {
                    return InvalidArgument(where, "epc_uri.numeric",
                                           "This number must not exceed " + std::to_string(part.limit) + ".", text);
                }
            }
            return {};
        }
        case Part::kCage:
            if (text.size() != 5 && text.size() != 6) {
                return LengthError(where, "A CAGE code has 5 characters and a DODAAC 6.", text);
            }
            for (char c : text) {
                if (!IsCageChar(c)) {
                    return InvalidArgument(where, "epc_uri.charset",
                                           "A CAGE code or DODAAC holds digits and upper-case letters other than I "
                                           "and O.",
                                           text);
                }
            }
            return {};
        case Part::kAdiPart:
        case Part::kAdiSerial: {
            std::string_view body = text;
            std::size_t extra = 0;
            if (part.kind == Part::kAdiSerial && body.size() >= 3 && body[0] == '%' && body[1] == '2' &&
                body[2] == '3') {
                body.remove_prefix(3);  // a leading '#' is allowed in an ADI serial
                extra = 1;
            }
            auto decoded = DecodeRestricted(body, IsCpRefLiteral, "/", where);
            if (!decoded) return decoded.error();
            const std::size_t size = decoded->size() + extra;
            if ((part.kind == Part::kAdiSerial && size == 0) || size > limit) {
                return LengthError(where,
                                   "This component must have " +
                                       std::string(part.kind == Part::kAdiSerial ? "1" : "0") + " to " +
                                       std::to_string(limit) + " characters once unescaped.",
                                   text);
            }
            return {};
        }
        case Part::kBic: {
            bool shape = text.size() == 11;
            for (std::size_t i = 0; shape && i < 11; ++i) {
                const char c = text[i];
                if (i < 3) shape = IsUpperAlpha(c);
                if (i == 3) shape = c == 'U' || c == 'J' || c == 'Z';
                if (i > 3) shape = IsDigit(c);
            }
            if (!shape) {
                return InvalidArgument(where, "epc_uri.syntax",
                                       "A BIC container code is 3 letters, U, J or Z, 6 digits and a check digit.",
                                       text);
            }
            int sum = 0;
            for (std::size_t i = 0; i < 10; ++i) sum += Iso6346Value(text[i]) << i;
            const char expected = static_cast<char>('0' + sum % 11 % 10);
            if (text[10] != expected) {
                return InvalidArgument(
                    where, "epc_uri.check_digit",
                    std::string("The ISO 6346 check digit is ") + text[10] + " but should be " + expected + ".", text);
            }
            return {};
        }
        case Part::kImo: {
            if (text.size() != 7 || !IsAllDigits(text)) {
                return InvalidArgument(where, "epc_uri.syntax", "An IMO vessel number has exactly 7 digits.", text);
            }
            int sum = 0;
            for (std::size_t i = 0; i < 6; ++i) sum += (text[i] - '0') * static_cast<int>(7 - i);
            const char expected = static_cast<char>('0' + sum % 10);
            if (text[6] != expected) {
                return InvalidArgument(
                    where, "epc_uri.check_digit",
                    std::string("The IMO check digit is ") + text[6] + " but should be " + expected + ".", text);
            }
            return {};
        }
    }
    return {};
}

// ---- Conversion helpers ----------------------------------------------------------------------

std::string WithCheckDigit(const std::string& digits) { return digits + *ComputeCheckDigit(digits); }

// GTIN-14 from a company prefix and an indicator digit + item reference.
std::string GtinOf(const std::string& gcp, const std::string& indicator_and_item) {
    return WithCheckDigit(indicator_and_item.substr(0, 1) + gcp + indicator_and_item.substr(1));
}

Error NoDigitalLink(std::string_view uri) {
    return InvalidArgument("uri", "epc_uri.no_digital_link", "This EPC URI has no GS1 Digital Link equivalent.", uri);
}

Error NoEpc(const std::string& where, const std::string& detail, std::string_view value) {
    return InvalidArgument(where, "epc_uri.no_epc_equivalent", detail, value);
}

}  // namespace

bool IsEpcUri(std::string_view uri) {
    return uri.starts_with(kIdPrefix) || uri.starts_with(kClassPrefix) || uri.starts_with(kPatternPrefix);
}

Result<EpcUri> ParseEpcUri(std::string_view uri) {
    EpcUri out;
    std::string_view rest;
    if (uri.starts_with(kIdPrefix)) {
        out.kind = EpcUriKind::kPureIdentity;
        rest = uri.substr(kIdPrefix.size());
    } else if (uri.starts_with(kClassPrefix)) {
        out.kind = EpcUriKind::kClass;
        rest = uri.substr(kClassPrefix.size());
    } else if (uri.starts_with(kPatternPrefix)) {
        out.kind = EpcUriKind::kPattern;
        rest = uri.substr(kPatternPrefix.size());
    } else {
        return InvalidArgument("uri", "epc_uri.syntax",
                               "An EPC URI must start with urn:epc:id:, urn:epc:class: or urn:epc:idpat:.", uri);
    }
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return InvalidArgument("uri", "epc_uri.syntax", "An EPC URI must have the form urn:epc:<kind>:<scheme>:<body>.",
                               uri);
    }
    out.scheme = std::string(rest.substr(0, colon));
    const std::string_view body = rest.substr(colon + 1);

    const SchemeSpec* spec = nullptr;
    if (out.kind == EpcUriKind::kClass) {
        if (out.scheme == kLgtinScheme.scheme) spec = &kLgtinScheme;
    } else {
        spec = FindScheme(out.scheme);
        if (spec != nullptr && out.kind == EpcUriKind::kPattern && !spec->patterns) spec = nullptr;
    }
    if (spec == nullptr) {
        return InvalidArgument("uri", "epc_uri.unknown_scheme",
                               "'" + out.scheme + "' is not a supported scheme of this kind of EPC URI.", uri);
    }

    const auto parts = spec->Parts();
    std::string_view remaining = body;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        std::string_view text = remaining;
        if (!last) {
            const auto dot = remaining.find('.');
            if (dot == std::string_view::npos) {
                return InvalidArgument(
                    "uri", "epc_uri.component_count",
                    "A " + out.scheme + " EPC URI has " + std::to_string(parts.size()) + " dot-separated components.",
                    uri);
            }
            text = remaining.substr(0, dot);
            remaining = remaining.substr(dot + 1);
        } else if (text.find('.') != std::string_view::npos && !AllowsDot(parts[i].kind)) {
            return InvalidArgument(
                "uri", "epc_uri.component_count",
                "A " + out.scheme + " EPC URI has " + std::to_string(parts.size()) + " dot-separated components.", uri);
        }
        out.components.emplace_back(text);
    }

    std::size_t gcp_length = 0;
    bool wildcard_seen = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string where = out.scheme + "." + std::string(parts[i].name);
        const std::string& text = out.components[i];
        if (out.kind == EpcUriKind::kPattern) {
            if (text == "*") {
                wildcard_seen = true;
                continue;
            }
            if (wildcard_seen) {
                return InvalidArgument(where, "epc_uri.pattern",
                                       "In an EPC pattern only trailing components may be '*'.", uri);
            }
        }
        if (auto ok = CheckPart(parts[i], text, gcp_length, where); !ok) return ok.error();
    }
    return out;
}

Result<void> ValidateEpcUri(std::string_view uri) {
    auto parsed = ParseEpcUri(uri);
    if (!parsed) return parsed.error();
    return {};
}

Result<DigitalLink> EpcUriToDigitalLinkParts(std::string_view epc_uri) {
    auto parsed = ParseEpcUri(epc_uri);
    if (!parsed) return parsed.error();
    const auto& c = parsed->components;
    const std::string& scheme = parsed->scheme;
    std::size_t concrete = 0;
    while (concrete < c.size() && !(parsed->kind == EpcUriKind::kPattern && c[concrete] == "*")) ++concrete;
    const bool full = concrete == c.size();
    // Components were validated by ParseEpcUri, so unescaping cannot fail here.
    auto unescape = [](const std::string& text) { return *UnescapeEpcComponent(text); };

    DigitalLink dl;
    dl.base = std::string(kCanonicalDigitalLinkBase);
    auto add = [&dl](std::string ai, std::string value) { dl.path.push_back({std::move(ai), std::move(value)}); };

    if (scheme == "sgtin" || scheme == "upui" || scheme == "lgtin") {
        if (concrete < 2) return NoDigitalLink(epc_uri);
        add("01", GtinOf(c[0], c[1]));
        if (full) add(scheme == "sgtin" ? "21" : scheme == "upui" ? "235" : "10", unescape(c[2]));
    } else if (scheme == "itip") {
        if (concrete < 4) return NoDigitalLink(epc_uri);
        add("8006", GtinOf(c[0], c[1]) + c[2] + c[3]);
        if (full) add("21", unescape(c[4]));
    } else if (scheme == "grai" || scheme == "gdti" || scheme == "sgcn") {
        if (concrete < 2) return NoDigitalLink(epc_uri);
        std::string value = WithCheckDigit(c[0] + c[1]);
        if (full) value += scheme == "sgcn" ? c[2] : unescape(c[2]);
        if (scheme == "grai") add("8003", "0" + value);
        if (scheme == "gdti") add("253", value);
        if (scheme == "sgcn") add("255", value);
    } else if (scheme == "cpi") {
        if (concrete < 2) return NoDigitalLink(epc_uri);
        add("8010", c[0] + *DecodeCpRef(c[1], ""));
        if (full) add("8011", c[2]);
    } else if (!full) {
        return NoDigitalLink(epc_uri);
    } else if (scheme == "sscc") {
        add("00", WithCheckDigit(c[1].substr(0, 1) + c[0] + c[1].substr(1)));
    } else if (scheme == "sgln") {
        add("414", WithCheckDigit(c[0] + c[1]));
        std::string extension = unescape(c[2]);
        if (extension != "0") add("254", std::move(extension));
    } else if (scheme == "pgln") {
        add("417", WithCheckDigit(c[0] + c[1]));
    } else if (scheme == "giai") {
        add("8004", c[0] + unescape(c[1]));
    } else if (scheme == "ginc") {
        add("401", c[0] + unescape(c[1]));
    } else if (scheme == "gsrn" || scheme == "gsrnp") {
        add(scheme == "gsrn" ? "8018" : "8017", WithCheckDigit(c[0] + c[1]));
    } else if (scheme == "gsin") {
        add("402", WithCheckDigit(c[0] + c[1]));
    } else {
        return NoDigitalLink(epc_uri);
    }
    if (auto ok = ValidateDigitalLink(dl); !ok) return ok.error();
    return dl;
}

Result<std::string> EpcUriToDigitalLink(std::string_view epc_uri, std::string_view base, DlEscaping escaping) {
    auto dl = EpcUriToDigitalLinkParts(epc_uri);
    if (!dl) return dl.error();
    return FormatDigitalLink(*dl, base, escaping);
}

Result<std::string> DigitalLinkToEpcUri(std::string_view digital_link, const CompanyPrefixProvider& prefixes) {
    DigitalLinkOptions options;
    options.pad_short_gtin = true;
    auto dl = ParseDigitalLink(digital_link, options);
    if (!dl) return dl.error();
    return DigitalLinkToEpcUri(*dl, prefixes);
}

Result<std::string> DigitalLinkToEpcUri(const DigitalLink& dl, const CompanyPrefixProvider& prefixes) {
    if (auto ok = ValidateDigitalLink(dl); !ok) return ok.error();
    const std::string& key_ai = dl.path.front().ai;
    const std::string& key = dl.path.front().value;
    auto qualifier = [&dl](std::string_view ai) -> const std::string* {
        for (std::size_t i = 1; i < dl.path.size(); ++i) {
            if (dl.path[i].ai == ai) return &dl.path[i].value;
        }
        return nullptr;
    };
    // Company prefix length for `key_digits`, which must leave room within `available` characters.
    auto prefix_length = [&prefixes](std::string_view key_digits, std::size_t available) -> Result<std::size_t> {
        const auto length = prefixes.PrefixLength(key_digits);
        if (!length) {
            return InvalidArgument("company_prefix", "gcp.unknown",
                                   "No GS1 Company Prefix length is known for this key.", key_digits);
        }
        if (*length < 6 || *length > 12 || static_cast<std::size_t>(*length) > available) {
            return InvalidArgument("company_prefix", "gcp.length",
                                   "The GS1 Company Prefix length " + std::to_string(*length) +
                                       " is not between 6 and 12 or does not fit the key.",
                                   key_digits);
        }
        return static_cast<std::size_t>(*length);
    };
    // Leading digits of an alphanumeric key, leaving at least one character for the reference.
    auto digit_room = [](std::string_view value) {
        std::size_t n = 0;
        while (n < value.size() && IsDigit(value[n])) ++n;
        return std::min(n, value.size() - 1);
    };

    if (key_ai == "01" || key_ai == "8006") {
        auto l = prefix_length(std::string_view(key).substr(1, 13), 12);
        if (!l) return l.error();
        const std::string gcp = key.substr(1, *l);
        const std::string item = key.substr(0, 1) + key.substr(1 + *l, 12 - *l);
        if (key_ai == "8006") {
            const std::string head = gcp + "." + item + "." + key.substr(14, 2) + "." + key.substr(16, 2) + ".";
            if (const auto* serial = qualifier("21")) return "urn:epc:id:itip:" + head + EscapeEpcComponent(*serial);
            if (qualifier("10") != nullptr) {
                return NoEpc("path/10", "An ITIP with a batch/lot but no serial has no EPC URI.", key);
            }
            return "urn:epc:idpat:itip:" + head + "*";
        }
        if (const auto* serial = qualifier("21")) {
            return "urn:epc:id:sgtin:" + gcp + "." + item + "." + EscapeEpcComponent(*serial);
        }
        if (const auto* tpx = qualifier("235")) {
            return "urn:epc:id:upui:" + gcp + "." + item + "." + EscapeEpcComponent(*tpx);
        }
        if (const auto* lot = qualifier("10")) {
            return "urn:epc:class:lgtin:" + gcp + "." + item + "." + EscapeEpcComponent(*lot);
        }
        return "urn:epc:idpat:sgtin:" + gcp + "." + item + ".*";
    }
    if (key_ai == "00") {
        auto l = prefix_length(std::string_view(key).substr(1, 16), 12);
        if (!l) return l.error();
        return "urn:epc:id:sscc:" + key.substr(1, *l) + "." + key.substr(0, 1) + key.substr(1 + *l, 16 - *l);
    }
    if (key_ai == "414" || key_ai == "417") {
        if (qualifier("7040") != nullptr) {
            return NoEpc("path/7040", "A GLN with a GS1 UIC extension (7040) has no EPC URI.", key);
        }
        auto l = prefix_length(std::string_view(key).substr(0, 12), 12);
        if (!l) return l.error();
        const std::string head = key.substr(0, *l) + "." + key.substr(*l, 12 - *l);
        if (key_ai == "417") return "urn:epc:id:pgln:" + head;
        const auto* extension = qualifier("254");
        return "urn:epc:id:sgln:" + head + "." + (extension ? EscapeEpcComponent(*extension) : std::string("0"));
    }
    if (key_ai == "8003" || key_ai == "253" || key_ai == "255") {
        const std::size_t start = key_ai == "8003" ? 1 : 0;  // AI 8003 starts with a filler 0
        auto l = prefix_length(std::string_view(key).substr(start, 12), 12);
        if (!l) return l.error();
        const std::string head = key.substr(start, *l) + "." + key.substr(start + *l, 12 - *l) + ".";
        const std::string serial = key.substr(start + 13);
        const std::string scheme = key_ai == "8003" ? "grai" : key_ai == "253" ? "gdti" : "sgcn";
        if (serial.empty()) return "urn:epc:idpat:" + scheme + ":" + head + "*";
        return "urn:epc:id:" + scheme + ":" + head + (key_ai == "255" ? serial : EscapeEpcComponent(serial));
    }
    if (key_ai == "8017" || key_ai == "8018" || key_ai == "402") {
        if (qualifier("8019") != nullptr) {
            return NoEpc("path/8019", "A GSRN with a service relation instance number (8019) has no EPC URI.", key);
        }
        const std::size_t digits = key.size() - 1;  // without the check digit
        auto l = prefix_length(std::string_view(key).substr(0, digits), 12);
        if (!l) return l.error();
        const std::string scheme = key_ai == "8017" ? "gsrnp" : key_ai == "8018" ? "gsrn" : "gsin";
        return "urn:epc:id:" + scheme + ":" + key.substr(0, *l) + "." + key.substr(*l, digits - *l);
    }
    if (key_ai == "8004" || key_ai == "401" || key_ai == "8010") {
        if (qualifier("7040") != nullptr) {
            return NoEpc("path/7040", "A GIAI with a GS1 UIC extension (7040) has no EPC URI.", key);
        }
        auto l = prefix_length(key, std::min<std::size_t>(digit_room(key), 12));
        if (!l) return l.error();
        const std::string head = key.substr(0, *l) + "." + EscapeEpcComponent(key.substr(*l));
        if (key_ai == "8004") return "urn:epc:id:giai:" + head;
        if (key_ai == "401") return "urn:epc:id:ginc:" + head;
        if (const auto* serial = qualifier("8011")) return "urn:epc:id:cpi:" + head + "." + *serial;
        return "urn:epc:idpat:cpi:" + head + ".*";
    }
    return NoEpc("path/" + key_ai, "GS1 key AI (" + key_ai + ") has no EPC URI.", key);
}

}  // namespace txng::gs1
