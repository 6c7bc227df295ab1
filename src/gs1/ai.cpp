#include "gs1/ai.hpp"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>

#include "gs1/check_digit.hpp"

namespace txng::gs1 {

namespace {

// ---- Table builders (compile time) ---------------------------------------------------------

constexpr std::uint8_t U8(int n) { return static_cast<std::uint8_t>(n); }

// Fixed-length numeric component.
constexpr AiComponent N(int length, Lint lint = Lint::kNone) {
    return {Charset::kNumeric, U8(length), U8(length), false, lint};
}
// Variable-length numeric component of 1..max digits.
constexpr AiComponent NUpTo(int max, Lint lint = Lint::kNone) { return {Charset::kNumeric, 1, U8(max), false, lint}; }
// Fixed-length CSET 82 component.
constexpr AiComponent X(int length, Lint lint = Lint::kNone) {
    return {Charset::kCset82, U8(length), U8(length), false, lint};
}
// Variable-length CSET 82 component of 1..max characters.
constexpr AiComponent XUpTo(int max, Lint lint = Lint::kNone) { return {Charset::kCset82, 1, U8(max), false, lint}; }
constexpr AiComponent YUpTo(int max) { return {Charset::kCset39, 1, U8(max), false, Lint::kNone}; }
constexpr AiComponent ZUpTo(int max) { return {Charset::kCset64, 1, U8(max), false, Lint::kNone}; }
constexpr AiComponent Opt(AiComponent c) {
    c.optional = true;
    return c;
}

constexpr bool kAttribute = true;  // permitted as a Digital Link data attribute
constexpr bool kNoAttribute = false;

constexpr AiInfo Ai(std::string_view ai, std::string_view title, std::string_view prefix, bool attribute,
                    std::initializer_list<AiComponent> components) {
    AiInfo info;
    info.ai = ai;
    info.title = title;
    info.rule_prefix = prefix;
    info.dl_attribute = attribute;
    for (const auto& c : components) info.components[info.component_count++] = c;
    return info;
}

constexpr QualifierSequence Seq(std::initializer_list<std::string_view> ais) {
    QualifierSequence seq;
    for (auto ai : ais) seq.ais[seq.count++] = ai;
    return seq;
}

// Marks `info` as a Digital Link primary key with the given alternative qualifier sequences.
constexpr AiInfo Key(AiInfo info, std::initializer_list<QualifierSequence> sequences = {},
                     bool qualifier_required = false) {
    info.dl_primary_key = true;
    info.qualifier_required = qualifier_required;
    for (const auto& s : sequences) info.qualifier_sequences[info.qualifier_sequence_count++] = s;
    return info;
}

constexpr Lint kCd = Lint::kCheckDigit;

// Every AI but the measure AIs 31nn-36nn, which are generated below.
constexpr std::array kMainAis = {
    Key(Ai("00", "SSCC", "sscc", kAttribute, {N(18, kCd)})),
    Key(Ai("01", "GTIN", "gtin", kAttribute, {N(14, kCd)}), {Seq({"22", "10", "21"}), Seq({"235"})}),
    Ai("02", "CONTENT", "gtin", kAttribute, {N(14, kCd)}),
    Ai("10", "BATCH/LOT", "ai", kAttribute, {XUpTo(20)}),
    Ai("11", "PROD DATE", "ai", kAttribute, {N(6, Lint::kDateYymmd0)}),
    Ai("12", "DUE DATE", "ai", kAttribute, {N(6, Lint::kDateYymmd0)}),
    Ai("13", "PACK DATE", "ai", kAttribute, {N(6, Lint::kDateYymmd0)}),
    Ai("15", "BEST BEFORE or BEST BY", "ai", kAttribute, {N(6, Lint::kDateYymmd0)}),
    Ai("16", "SELL BY", "ai", kAttribute, {N(6, Lint::kDateYymmd0)}),
    Ai("17", "USE BY or EXPIRY", "ai", kAttribute, {N(6, Lint::kDateYymmd0)}),
    Ai("20", "VARIANT", "ai", kAttribute, {N(2)}),
    Ai("21", "SERIAL", "ai", kNoAttribute, {XUpTo(20)}),
    Ai("22", "CPV", "ai", kNoAttribute, {XUpTo(20)}),
    Ai("235", "TPX", "ai", kNoAttribute, {XUpTo(28)}),
    Ai("240", "ADDITIONAL ID", "ai", kAttribute, {XUpTo(30)}),
    Ai("241", "CUST. PART No.", "ai", kAttribute, {XUpTo(30)}),
    Ai("242", "MTO VARIANT", "ai", kAttribute, {NUpTo(6)}),
    Ai("250", "SECONDARY SERIAL", "ai", kAttribute, {XUpTo(30)}),
    Ai("251", "REF. TO SOURCE", "ai", kAttribute, {XUpTo(30)}),
    Key(Ai("253", "GDTI", "gdti", kAttribute, {N(13, kCd), Opt(XUpTo(17))})),
    Ai("254", "GLN EXTENSION COMPONENT", "ai", kNoAttribute, {XUpTo(20)}),
    Key(Ai("255", "GCN", "gcn", kAttribute, {N(13, kCd), Opt(NUpTo(12))})),
    Ai("30", "VAR. COUNT", "ai", kAttribute, {NUpTo(8)}),
    Ai("37", "COUNT", "ai", kAttribute, {NUpTo(8)}),
    Ai("400", "ORDER NUMBER", "ai", kAttribute, {XUpTo(30)}),
    Key(Ai("401", "GINC", "ginc", kAttribute, {XUpTo(30)})),
    Key(Ai("402", "GSIN", "gsin", kAttribute, {N(17, kCd)})),
    Ai("403", "ROUTE", "ai", kAttribute, {XUpTo(30)}),
    Ai("410", "SHIP TO LOC", "gln", kAttribute, {N(13, kCd)}),
    Ai("411", "BILL TO", "gln", kAttribute, {N(13, kCd)}),
    Ai("412", "PURCHASE FROM", "gln", kAttribute, {N(13, kCd)}),
    Ai("413", "SHIP FOR LOC", "gln", kAttribute, {N(13, kCd)}),
    Key(Ai("414", "LOC No.", "gln", kAttribute, {N(13, kCd)}), {Seq({"254"}), Seq({"7040"})}),
    Key(Ai("415", "PAY TO", "gln", kAttribute, {N(13, kCd)}), {Seq({"8020"})}, true),
    Ai("416", "PROD/SERV LOC", "gln", kAttribute, {N(13, kCd)}),
    Key(Ai("417", "PARTY", "gln", kAttribute, {N(13, kCd)}), {Seq({"7040"})}),
    Ai("420", "SHIP TO POST", "ai", kAttribute, {XUpTo(20)}),
    Ai("421", "SHIP TO POST", "ai", kAttribute, {N(3, Lint::kCountryCode), XUpTo(9)}),
    Ai("422", "ORIGIN", "ai", kAttribute, {N(3, Lint::kCountryCode)}),
    Ai("424", "COUNTRY - PROCESS", "ai", kAttribute, {N(3, Lint::kCountryCode)}),
    Ai("426", "COUNTRY - FULL PROCESS", "ai", kAttribute, {N(3, Lint::kCountryCode)}),
    Ai("427", "ORIGIN SUBDIVISION", "ai", kAttribute, {XUpTo(3)}),
    Ai("7003", "EXPIRY TIME", "ai", kAttribute, {N(6, Lint::kDateYymmdd), N(4, Lint::kTimeHhmi)}),
    Ai("7040", "UIC+EXT", "ai", kNoAttribute, {N(1), X(1), X(1), X(1, Lint::kImporterIndex)}),
    Ai("8002", "CMT No.", "ai", kAttribute, {XUpTo(20)}),
    Key(Ai("8003", "GRAI", "grai", kAttribute, {N(1, Lint::kZero), N(13, kCd), Opt(XUpTo(16))})),
    Key(Ai("8004", "GIAI", "giai", kAttribute, {XUpTo(30)}), {Seq({"7040"})}),
    Ai("8005", "PRICE PER UNIT", "ai", kAttribute, {N(6)}),
    Key(Ai("8006", "ITIP", "itip", kAttribute, {N(14, kCd), N(4, Lint::kPieceOfTotal)}), {Seq({"22", "10", "21"})}),
    Ai("8007", "IBAN", "ai", kAttribute, {XUpTo(34)}),
    Ai("8008", "PROD TIME", "ai", kAttribute,
       {N(6, Lint::kDateYymmdd), N(2, Lint::kHour), Opt(N(2, Lint::kMinute)), Opt(N(2, Lint::kSecond))}),
    Ai("8009", "OPTSEN", "ai", kAttribute, {XUpTo(50)}),
    Key(Ai("8010", "CPID", "cpid", kAttribute, {YUpTo(30)}), {Seq({"8011"})}),
    Ai("8011", "CPID SERIAL", "ai", kNoAttribute, {NUpTo(12, Lint::kNoZeroPrefix)}),
    Ai("8012", "VERSION", "ai", kAttribute, {XUpTo(20)}),
    Key(Ai("8013", "GMN", "gmn", kAttribute, {XUpTo(25, Lint::kCheckPair)})),
    Key(Ai("8017", "GSRN - PROVIDER", "gsrn", kAttribute, {N(18, kCd)}), {Seq({"8019"})}),
    Key(Ai("8018", "GSRN - RECIPIENT", "gsrn", kAttribute, {N(18, kCd)}), {Seq({"8019"})}),
    Ai("8019", "SRIN", "ai", kNoAttribute, {NUpTo(10)}),
    Ai("8020", "REF No.", "ai", kNoAttribute, {XUpTo(25)}),
    Ai("8026", "ITIP CONTENT", "itip", kAttribute, {N(14, kCd), N(4, Lint::kPieceOfTotal)}),
    Ai("8030", "DIGSIG", "ai", kAttribute, {ZUpTo(90)}),
    Ai("8200", "PRODUCT URL", "ai", kNoAttribute, {XUpTo(70)}),
};

// Measure AIs: a three-digit family and a fourth digit 0..5 giving the decimal point position;
// every one is N6 and a Digital Link data attribute.
struct MeasureFamily {
    std::string_view prefix;
    std::string_view title;
};

constexpr std::array<MeasureFamily, 53> kMeasureFamilies = {{
    {"310", "NET WEIGHT (kg)"},
    {"311", "LENGTH (m)"},
    {"312", "WIDTH (m)"},
    {"313", "HEIGHT (m)"},
    {"314", "AREA (m²)"},
    {"315", "NET VOLUME (l)"},
    {"316", "NET VOLUME (m³)"},
    {"320", "NET WEIGHT (lb)"},
    {"321", "LENGTH (in)"},
    {"322", "LENGTH (ft)"},
    {"323", "LENGTH (yd)"},
    {"324", "WIDTH (in)"},
    {"325", "WIDTH (ft)"},
    {"326", "WIDTH (yd)"},
    {"327", "HEIGHT (in)"},
    {"328", "HEIGHT (ft)"},
    {"329", "HEIGHT (yd)"},
    {"330", "GROSS WEIGHT (kg)"},
    {"331", "LENGTH (m), log"},
    {"332", "WIDTH (m), log"},
    {"333", "HEIGHT (m), log"},
    {"334", "AREA (m²), log"},
    {"335", "VOLUME (l), log"},
    {"336", "VOLUME (m³), log"},
    {"337", "KG PER m²"},
    {"340", "GROSS WEIGHT (lb)"},
    {"341", "LENGTH (in), log"},
    {"342", "LENGTH (ft), log"},
    {"343", "LENGTH (yd), log"},
    {"344", "WIDTH (in), log"},
    {"345", "WIDTH (ft), log"},
    {"346", "WIDTH (yd), log"},
    {"347", "HEIGHT (in), log"},
    {"348", "HEIGHT (ft), log"},
    {"349", "HEIGHT (yd), log"},
    {"350", "AREA (in²)"},
    {"351", "AREA (ft²)"},
    {"352", "AREA (yd²)"},
    {"353", "AREA (in²), log"},
    {"354", "AREA (ft²), log"},
    {"355", "AREA (yd²), log"},
    {"356", "NET WEIGHT (tr oz)"},
    {"357", "NET VOLUME (oz)"},
    {"360", "NET VOLUME (qt (US))"},
    {"361", "NET VOLUME (gal.)"},
    {"362", "VOLUME (qt (US)), log"},
    {"363", "VOLUME (gal (US)), log"},
    {"364", "NET VOLUME (in³)"},
    {"365", "NET VOLUME (ft³)"},
    {"366", "NET VOLUME (yd³)"},
    {"367", "VOLUME (in³), log"},
    {"368", "VOLUME (ft³), log"},
    {"369", "VOLUME (yd³), log"},
}};

constexpr std::size_t kMeasureFamilyCount = kMeasureFamilies.size();
constexpr std::size_t kMeasureAiCount = kMeasureFamilyCount * 6;

// Storage for the four-character codes ("3100".."3695") the table's string_views point into.
constexpr auto kMeasureCodes = [] {
    std::array<std::array<char, 4>, kMeasureAiCount> codes{};
    for (std::size_t f = 0; f < kMeasureFamilyCount; ++f) {
        for (std::size_t d = 0; d < 6; ++d) {
            const auto prefix = kMeasureFamilies[f].prefix;
            codes[f * 6 + d] = {prefix[0], prefix[1], prefix[2], static_cast<char>('0' + d)};
        }
    }
    return codes;
}();

constexpr auto kTable = [] {
    std::array<AiInfo, kMainAis.size() + kMeasureAiCount> table{};
    std::size_t n = 0;
    for (const auto& info : kMainAis) table[n++] = info;
    for (std::size_t i = 0; i < kMeasureAiCount; ++i) {
        table[n++] =
            Ai(std::string_view(kMeasureCodes[i].data(), 4), kMeasureFamilies[i / 6].title, "ai", kAttribute, {N(6)});
    }
    std::sort(table.begin(), table.end(), [](const AiInfo& a, const AiInfo& b) { return a.ai < b.ai; });
    return table;
}();

constexpr bool TableIsStrictlySorted() {
    for (std::size_t i = 1; i < kTable.size(); ++i) {
        if (!(kTable[i - 1].ai < kTable[i].ai)) return false;
    }
    return true;
}
static_assert(TableIsStrictlySorted(), "duplicate AI in the table");

// Every qualifier named by a key must itself be in the table.
constexpr bool QualifiersAreKnown() {
    for (const auto& info : kTable) {
        for (const auto& seq : info.QualifierSequences()) {
            for (auto q : seq.Ais()) {
                bool found = false;
                for (const auto& other : kTable) found = found || other.ai == q;
                if (!found) return false;
            }
        }
    }
    return true;
}
static_assert(QualifiersAreKnown(), "a qualifier AI is missing from the table");

// ---- Validation ----------------------------------------------------------------------------

std::string Label(const AiInfo& info) { return "AI (" + std::string(info.ai) + ") " + std::string(info.title); }

int TwoDigits(std::string_view s, std::size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

int DaysInMonth(int yy, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // Two-digit years are read in a window around the present, where every year divisible by
    // four is a leap year (2000 was one).
    if (month == 2 && yy % 4 == 0) return 29;
    return kDays[static_cast<std::size_t>(month - 1)];
}

struct LintFailure {
    std::string rule_suffix;
    std::string detail;
};

std::optional<LintFailure> RunLint(Lint lint, std::string_view part, const AiInfo& info) {
    switch (lint) {
        case Lint::kNone:
        case Lint::kCountryCode:  // three digits were already checked by the character set
            return std::nullopt;
        case Lint::kCheckDigit: {
            if (HasValidCheckDigit(part)) return std::nullopt;
            const char expected = *ComputeCheckDigit(part.substr(0, part.size() - 1));
            return LintFailure{"check_digit", "The check digit of " + Label(info) + " is " + part.back() +
                                                  " but should be " + expected + "."};
        }
        case Lint::kCheckPair: {
            if (part.size() < 3) {
                return LintFailure{"length", Label(info) +
                                                 " must have at least one character before its two check "
                                                 "characters."};
            }
            if (HasValidCheckCharacterPair(part)) return std::nullopt;
            const auto expected = ComputeCheckCharacterPair(part.substr(0, part.size() - 2));
            return LintFailure{"check_pair", "The check character pair of " + Label(info) + " is '" +
                                                 std::string(part.substr(part.size() - 2)) + "' but should be '" +
                                                 (expected ? *expected : std::string("?")) + "'."};
        }
        case Lint::kZero:
            if (part == "0") return std::nullopt;
            return LintFailure{"filler_digit", Label(info) + " must start with the filler digit 0."};
        case Lint::kNoZeroPrefix:
            if (part.front() != '0') return std::nullopt;
            return LintFailure{"leading_zero", Label(info) + " must not start with 0."};
        case Lint::kPieceOfTotal: {
            const std::size_t half = part.size() / 2;
            const int piece = std::stoi(std::string(part.substr(0, half)));
            const int total = std::stoi(std::string(part.substr(half)));
            if (piece >= 1 && total >= 1 && piece <= total) return std::nullopt;
            return LintFailure{"piece_of_total", "The piece number and total of " + Label(info) +
                                                     " must both be non-zero, and the piece number must not exceed "
                                                     "the total."};
        }
        case Lint::kDateYymmd0:
        case Lint::kDateYymmdd: {
            const int yy = TwoDigits(part, 0);
            const int month = TwoDigits(part, 2);
            const int day = TwoDigits(part, 4);
            const bool day_zero_ok = lint == Lint::kDateYymmd0;
            if (month >= 1 && month <= 12 &&
                ((day == 0 && day_zero_ok) || (day >= 1 && day <= DaysInMonth(yy, month)))) {
                return std::nullopt;
            }
            return LintFailure{"date", Label(info) + " must hold a valid date as YYMMDD" +
                                           (day_zero_ok ? std::string(" (day 00 meaning the end of the month)") : "") +
                                           "."};
        }
        case Lint::kTimeHhmi:
            if (TwoDigits(part, 0) <= 23 && TwoDigits(part, 2) <= 59) return std::nullopt;
            return LintFailure{"time", Label(info) + " must hold a valid time as HHMI."};
        case Lint::kHour:
            if (TwoDigits(part, 0) <= 23) return std::nullopt;
            return LintFailure{"time", Label(info) + " must hold an hour from 00 to 23."};
        case Lint::kMinute:
        case Lint::kSecond:
            if (TwoDigits(part, 0) <= 59) return std::nullopt;
            return LintFailure{"time", Label(info) + " must hold minutes and seconds from 00 to 59."};
        case Lint::kImporterIndex: {
            const char c = part.front();
            if (IsDigit(c) || IsUpperAlpha(c) || IsLowerAlpha(c) || c == '-' || c == '_') return std::nullopt;
            return LintFailure{"importer_index",
                               Label(info) + " must end with an importer index: one of - 0-9 A-Z _ a-z."};
        }
    }
    return std::nullopt;
}

std::string LengthPhrase(int min, int max) {
    if (min == max) return "exactly " + std::to_string(min) + " characters";
    return std::to_string(min) + " to " + std::to_string(max) + " characters";
}

// Validates `value` against `ai`; fills `parts` (when not null) with its components.
Result<void> Check(std::string_view ai, std::string_view value, std::string_view where,
                   std::vector<std::string>* parts) {
    const std::string location = where.empty() ? "(" + std::string(ai) + ")" : std::string(where);
    const AiInfo* info = FindAi(ai);
    if (info == nullptr) {
        return InvalidArgument(location, "ai.unknown",
                               "Application Identifier '" + std::string(ai) + "' is not supported.", ai);
    }
    const std::string prefix(info->rule_prefix);
    const int size = static_cast<int>(value.size());
    if (size < info->MinLength() || size > info->MaxLength()) {
        return InvalidArgument(location, prefix + ".length",
                               Label(*info) + " must have " + LengthPhrase(info->MinLength(), info->MaxLength()) +
                                   " but has " + std::to_string(size) + ".",
                               value);
    }
    std::size_t pos = 0;
    for (const auto& component : info->Components()) {
        const std::size_t remaining = value.size() - pos;
        if (remaining == 0 && component.optional) break;
        if (remaining < component.min_length) {
            return InvalidArgument(location, prefix + ".length",
                                   Label(*info) + " ends inside a component of " +
                                       LengthPhrase(component.min_length, component.max_length) + " at position " +
                                       std::to_string(pos) + ".",
                                   value);
        }
        const std::size_t take =
            component.FixedLength() ? component.min_length : std::min<std::size_t>(remaining, component.max_length);
        const std::string_view part = value.substr(pos, take);
        if (auto bad = FirstOutside(part, component.charset)) {
            return InvalidArgument(location, prefix + ".charset",
                                   Label(*info) + " allows only " + std::string(CharsetDescription(component.charset)) +
                                       " at position " + std::to_string(pos + *bad) + ", where it has '" +
                                       std::string(1, part[*bad]) + "'.",
                                   value);
        }
        if (auto failure = RunLint(component.lint, part, *info)) {
            return InvalidArgument(location, prefix + "." + failure->rule_suffix, failure->detail, value);
        }
        if (parts != nullptr) parts->emplace_back(part);
        pos += take;
    }
    if (pos != value.size()) {
        return InvalidArgument(location, prefix + ".length",
                               Label(*info) + " has " + std::to_string(value.size() - pos) +
                                   " characters too many after position " + std::to_string(pos) + ".",
                               value);
    }
    return {};
}

}  // namespace

namespace {

// AIs are 2 to 4 digits: "length, then value" numbers them densely (2-digit AIs 0-99, 3-digit
// 100-1099, 4-digit 1100-11099), so one array lookup finds any AI. Entries hold index + 1 into
// kTable (0: no such AI).
constexpr std::size_t kSlots = 100 + 1000 + 10000;

constexpr std::size_t Slot(std::string_view ai) {
    std::size_t v = 0;
    for (char c : ai) v = v * 10 + static_cast<std::size_t>(c - '0');
    return ai.size() == 2 ? v : ai.size() == 3 ? 100 + v : 1100 + v;
}

constexpr auto kSlotTable = [] {
    static_assert(kTable.size() < 0xffff);
    std::array<std::uint16_t, kSlots> slots{};
    for (std::size_t i = 0; i < kTable.size(); ++i) slots[Slot(kTable[i].ai)] = static_cast<std::uint16_t>(i + 1);
    return slots;
}();

}  // namespace

const AiInfo* FindAi(std::string_view ai) {
    if (ai.size() < 2 || ai.size() > 4) return nullptr;
    for (char c : ai) {
        if (c < '0' || c > '9') return nullptr;
    }
    const std::uint16_t entry = kSlotTable[Slot(ai)];
    return entry == 0 ? nullptr : &kTable[entry - 1];
}

std::span<const AiInfo> AllAis() { return kTable; }

Result<void> ValidateAiValue(std::string_view ai, std::string_view value, std::string_view where) {
    return Check(ai, value, where, nullptr);
}

Result<std::vector<std::string>> SplitAiValue(std::string_view ai, std::string_view value, std::string_view where) {
    std::vector<std::string> parts;
    if (auto ok = Check(ai, value, where, &parts); !ok) return ok.error();
    return parts;
}

}  // namespace txng::gs1
