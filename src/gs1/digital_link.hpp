#pragma once
// GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax), uncompressed form:
//   http[s]://host[/custom/path]/<primary key AI>/<value>[/<qualifier AI>/<value>...][?<query>]
// The primary key and its qualifiers are path segments in the order the standard allows for that
// key (01: 22, 10, 21 or 235; 414: 254 or 7040; ...; see ai.hpp); data attributes (17=..., 3103=...)
// and resolver parameters (linkType, context...) go in the query string.
// ParseDigitalLink also reads the compressed form, http[s]://host[/custom/path]/<token>[?<query>]
// (and the partially compressed /<primary key AI>/<value>/<token>); see dl_compression.hpp.
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "gs1/percent_encoding.hpp"

namespace txng::gs1 {

inline constexpr std::string_view kCanonicalDigitalLinkBase = "https://id.gs1.org";

struct AiElement {
    std::string ai;     // numeric AI, e.g. "01"
    std::string value;  // percent-decoded value
    friend bool operator==(const AiElement&, const AiElement&) = default;
};

struct DigitalLink {
    std::string base;                   // scheme://host[/custom/path], no trailing slash
    std::vector<AiElement> path;        // primary key first, then qualifiers in order
    std::vector<AiElement> attributes;  // numeric AI=value pairs of the query string (e.g. 17), decoded
    // Non-numeric query parameters (linkType, context, ...) exactly as written: neither key nor value
    // is percent-decoded, and FormatDigitalLink writes them back unchanged.
    std::vector<std::pair<std::string, std::string>> other_query;
    // True when the path was read from a compressed token (ParseDigitalLink, DecompressDigitalLink).
    // It records how the link was written, as the use of a convenience alpha would, and plays no
    // part in ==: a compressed link equals its uncompressed form. FormatDigitalLink always writes
    // the uncompressed form; FormatCompressedDigitalLink the compressed one.
    bool compressed = false;

    // The element of `ai` in the path, else in the attributes; nullptr when absent.
    const AiElement* Find(std::string_view ai) const;

    // Same base, path, attributes and other_query (not `compressed`; keep in step with new fields).
    friend bool operator==(const DigitalLink& a, const DigitalLink& b) {
        return a.base == b.base && a.path == b.path && a.attributes == b.attributes && a.other_query == b.other_query;
    }
};

struct DigitalLinkOptions {
    // Accept a GTIN-8, -12 or -13 in AI 01 and left-pad it with zeros to 14 digits, as GS1 resolvers
    // do. Off by default: the standard requires 14 digits (error rule `dl.gtin_length`).
    bool pad_short_gtin = false;
    // Read the legacy convenience alphas of GS1 Digital Link 1.x grammar (/gtin/, /lot/, /ser/,
    // /cpv/, /gln/, /party/, /sscc/, /grai/, /giai/, /gsrn/, /gsrnp/, /gdti/, /gcn/, /ginc/,
    // /gsin/, /itip/, /cpid/, /cpsn/, /glnx/, /refno/, /srin/, /gmn/) as their numeric AIs. Output
    // always uses numeric AIs.
    bool accept_convenience_alphas = true;
};

// True for an http(s) URI (scheme in any case) whose path holds a known primary key AI segment
// (numeric, or a convenience alpha) followed by a non-empty value segment, found the way
// ParseDigitalLink finds it (scanning AI/value pairs from the end of the path). Cheap; does not
// validate values. Use it to tell Digital Links from other URIs before parsing. False for
// compressed Digital Links (their path holds no AI).
bool LooksLikeDigitalLink(std::string_view uri);

// Parses and fully validates a Digital Link URI. When the path holds no primary key AI followed by
// a value but its last segment LooksCompressed, that segment is decompressed (DecompressDigitalLink;
// `compressed` is set): the segments before it are the base, or, when they end with a primary key
// AI and its value (and maybe qualifiers), the uncompressed start of the path. The query string
// still adds attributes and other_query after those of the token. Error rules (Error::where is
// "uri", "scheme", "host", "path", "path/<ai>" or "query/<ai>"):
//   `dl.syntax`                 a character that no URI may contain, no "://", empty path segment
//   `dl.scheme`                 scheme other than lower-case "http" or "https"
//   `dl.host`                   empty host or a character not allowed in a host name
//   `dl.no_primary_key`         the path has no primary key AI followed by a value (nor a last
//                               segment that decompresses: `dl.compressed_syntax` of
//                               DecompressDigitalLink becomes this rule, its detail kept)
//   `dl.compressed_too_long`    see DecompressDigitalLink
//   `percent_encoding.malformed`, `percent_encoding.nul`   bad escapes in a value
//   `dl.empty_value`            an AI without value
//   `dl.gtin_length`            GTIN of 8, 12 or 13 digits (unless options.pad_short_gtin)
//   `dl.qualifier_not_allowed`, `dl.qualifier_order`, `dl.qualifier_combination`,
//   `dl.qualifier_required`, `dl.duplicate_ai`, `dl.unknown_ai`, `dl.attribute_not_allowed`:
//                               see ValidateDigitalLink
//   the rules of ValidateAiValue (`gtin.check_digit`, `ai.length`...) for each value.
// A single trailing slash is tolerated; a fragment (#...) is ignored.
Result<DigitalLink> ParseDigitalLink(std::string_view uri);
Result<DigitalLink> ParseDigitalLink(std::string_view uri, const DigitalLinkOptions& options);

// Validates the GS1 content of `dl` (not its base): the first path element is a primary key; every
// other path element is a qualifier of that key (`dl.qualifier_not_allowed`), in the order of one
// of the key's qualifier sequences (`dl.qualifier_order`), without mixing alternative sequences
// (`dl.qualifier_combination`), present when the key requires one (`dl.qualifier_required`, AI
// 415); every attribute is a known AI (`dl.unknown_ai`) allowed as a data attribute
// (`dl.attribute_not_allowed`); no AI appears twice (`dl.duplicate_ai`); every value is valid for
// its AI (ValidateAiValue rules; a GTIN must have 14 digits: `dl.gtin_length`).
Result<void> ValidateDigitalLink(const DigitalLink& dl);

// Writes `dl` as a URI on `base` (dl.base is not used: pass it to keep the original stem; one
// trailing slash of `base` is dropped). Path and attribute values are percent-encoded with
// `escaping`; other_query pairs are written unchanged ("key=value", or "key" when the value is
// empty). No '?' when there are neither attributes nor other_query. Does not validate: call
// ValidateDigitalLink first for untrusted content.
std::string FormatDigitalLink(const DigitalLink& dl, std::string_view base = kCanonicalDigitalLinkBase,
                              DlEscaping escaping = DlEscaping::kStrict);

// The GS1 element string of a Digital Link, as GS1 DataMatrix and GS1-128 carry it: each AI
// and its value (the path first, then the data attributes), with `separator` (FNC1, written as
// GS by default) after every value whose AI is not of predefined length (GS1 General
// Specifications 7.8.4: AIs starting 00-04, 11-20, 31-36, 41), unless it is the last. No leading
// FNC1: the symbology adds it.
std::string ElementString(const DigitalLink& dl, char separator = '\x1d');

// The numeric AI of a Digital Link convenience alpha ("gtin" -> "01", "ser" -> "21"); empty when
// `alpha` is not one.
std::string_view ConvenienceAlphaAi(std::string_view alpha);

}  // namespace txng::gs1
