#pragma once
// The GS1 Application Identifier (AI) table, as data, and validation of AI values against it.
//
// Sources: GS1 General Specifications (AI formats) and the GS1 Barcode Syntax Dictionary
// (`dlpkey` qualifier sequences and the Digital Link data attribute flag). The table holds the AIs
// txng needs for traceability (keys, key qualifiers, dates, measures, logistic and location AIs),
// not every AI of the General Specifications; FindAi returns nullptr for the others.
//
// Everything here is immutable data and pure functions: thread-safe.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "gs1/charset.hpp"

namespace txng::gs1 {

// Content checks applied to one component of an AI value, beyond length and character set.
enum class Lint : std::uint8_t {
    kNone,
    kCheckDigit,     // GS1 mod-10 check digit is the last digit of the component
    kCheckPair,      // alphanumeric check character pair (mod 1021) ends the component (GMN)
    kZero,           // the component is "0" (filler digit of the GRAI in AI 8003)
    kNoZeroPrefix,   // no leading zero (CPID serial, AI 8011)
    kPieceOfTotal,   // PPTT: non-zero piece number not above a non-zero total (ITIP)
    kDateYymmd0,     // YYMMDD where DD may be 00 (day not specified)
    kDateYymmdd,     // YYMMDD, a real date
    kTimeHhmi,       // HHMI, 00:00 to 23:59
    kHour,           // HH, 00 to 23
    kMinute,         // MI, 00 to 59
    kSecond,         // SS, 00 to 59
    kCountryCode,    // three digits (ISO 3166-1 numeric; membership of the list is not checked)
    kImporterIndex,  // one character of - 0-9 A-Z _ a-z (AI 7040)
};

// One component of an AI's value: an AI value is the concatenation of its components, e.g. AI 253
// (GDTI) = N13 with check digit, then an optional serial of up to 17 CSET 82 characters.
struct AiComponent {
    Charset charset = Charset::kNumeric;
    std::uint8_t min_length = 0;
    std::uint8_t max_length = 0;
    bool optional = false;
    Lint lint = Lint::kNone;

    constexpr bool FixedLength() const { return min_length == max_length; }
};

// An ordered list of key qualifier AIs, each optional, that may follow a primary key in a Digital
// Link path (e.g. 22, 10, 21 after 01).
struct QualifierSequence {
    std::array<std::string_view, 3> ais{};
    std::uint8_t count = 0;

    constexpr std::span<const std::string_view> Ais() const { return {ais.data(), count}; }
};

struct AiInfo {
    std::string_view ai;           // "01", "3103", "8010"...
    std::string_view title;        // GS1 data title: "GTIN", "BATCH/LOT", "NET WEIGHT (kg)"...
    std::string_view rule_prefix;  // first part of rule ids for this AI: "gtin", "gln", "sscc"... or "ai"
    std::array<AiComponent, 4> components{};
    std::uint8_t component_count = 0;
    bool dl_primary_key = false;      // may start a GS1 Digital Link path
    bool dl_attribute = false;        // may appear in a Digital Link query string (`?17=250101`)
    bool qualifier_required = false;  // a Digital Link path must carry a qualifier (415 needs 8020)
    std::array<QualifierSequence, 2> qualifier_sequences{};  // alternatives; empty: no qualifiers
    std::uint8_t qualifier_sequence_count = 0;

    constexpr std::span<const AiComponent> Components() const { return {components.data(), component_count}; }
    constexpr std::span<const QualifierSequence> QualifierSequences() const {
        return {qualifier_sequences.data(), qualifier_sequence_count};
    }
    // Total length bounds of a value (optional components count for the maximum only).
    constexpr int MinLength() const {
        int n = 0;
        for (const auto& c : Components()) n += c.optional ? 0 : c.min_length;
        return n;
    }
    constexpr int MaxLength() const {
        int n = 0;
        for (const auto& c : Components()) n += c.max_length;
        return n;
    }
    constexpr bool FixedLength() const { return MinLength() == MaxLength(); }
    // The widest character set used by any component (numeric < CSET 39 < CSET 64 < CSET 82).
    constexpr Charset MainCharset() const {
        Charset out = Charset::kNumeric;
        for (const auto& c : Components()) {
            if (c.charset == Charset::kCset82) return Charset::kCset82;
            if (c.charset != Charset::kNumeric) out = c.charset;
        }
        return out;
    }
    constexpr bool HasCheckDigit() const {
        for (const auto& c : Components()) {
            if (c.lint == Lint::kCheckDigit) return true;
        }
        return false;
    }
    constexpr bool HasCheckCharacterPair() const {
        for (const auto& c : Components()) {
            if (c.lint == Lint::kCheckPair) return true;
        }
        return false;
    }
    // True when `qualifier` appears in one of the qualifier sequences.
    constexpr bool AcceptsQualifier(std::string_view qualifier) const {
        for (const auto& seq : QualifierSequences()) {
            for (auto q : seq.Ais()) {
                if (q == qualifier) return true;
            }
        }
        return false;
    }
};

// The table entry of `ai` (exact match, e.g. "3103", not "310n"); nullptr when the AI is unknown
// to txng.
const AiInfo* FindAi(std::string_view ai);

// Every AI of the table, sorted by AI.
std::span<const AiInfo> AllAis();

// Validates `value` (raw, not percent-encoded) against the format of `ai`: length, character set
// of each component, check digit or check character pair, dates, times and other content rules.
// Errors (Error::where = `where`, or "(<ai>)" when `where` is empty):
//   `ai.unknown`                 `ai` is not in the table
//   `<prefix>.length`            too short or too long (prefix is AiInfo::rule_prefix)
//   `<prefix>.charset`           a character outside the component's character set
//   `<prefix>.check_digit`       wrong mod-10 check digit
//   `<prefix>.check_pair`        wrong check character pair (GMN)
//   `<prefix>.date`, `<prefix>.time`, `<prefix>.piece_of_total`, `<prefix>.filler_digit`,
//   `<prefix>.leading_zero`, `<prefix>.importer_index`: the content rules listed on Lint.
Result<void> ValidateAiValue(std::string_view ai, std::string_view value, std::string_view where = {});

// Validates like ValidateAiValue and returns the value cut into its components; an absent optional
// component is left out. AI 253 "401234555555498" -> {"4012345555554", "98"}; AI 8003
// "0401234566666387" -> {"0", "4012345666663", "87"}; AI 8006 "040123451234560102" ->
// {"04012345123456", "0102"}.
Result<std::vector<std::string>> SplitAiValue(std::string_view ai, std::string_view value, std::string_view where = {});

}  // namespace txng::gs1
