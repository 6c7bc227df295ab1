#include "gs1/dl_compression.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "gs1/ai.hpp"
#include "gs1/charset.hpp"
#include "gs1/percent_encoding.hpp"

namespace txng::gs1 {

namespace {

constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kHexDigits = "0123456789ABCDEF";

// ---- Tables --------------------------------------------------------------------------------

// Length of every GS1 AI by its first two digits (GS1 General Specifications); a prefix absent here
// starts no AI.
struct PrefixLength {
    std::string_view prefix;
    int length;
};

constexpr std::array<PrefixLength, 46> kAiLengths = {{
    {"00", 2}, {"01", 2}, {"02", 2}, {"10", 2}, {"11", 2}, {"12", 2}, {"13", 2}, {"15", 2}, {"16", 2},
    {"17", 2}, {"20", 2}, {"21", 2}, {"22", 2}, {"23", 3}, {"24", 3}, {"25", 3}, {"30", 2}, {"31", 4},
    {"32", 4}, {"33", 4}, {"34", 4}, {"35", 4}, {"36", 4}, {"37", 2}, {"39", 4}, {"40", 3}, {"41", 3},
    {"42", 3}, {"43", 4}, {"70", 4}, {"71", 3}, {"72", 4}, {"80", 4}, {"81", 4}, {"82", 4}, {"90", 2},
    {"91", 2}, {"92", 2}, {"93", 2}, {"94", 2}, {"95", 2}, {"96", 2}, {"97", 2}, {"98", 2}, {"99", 2},
}};

std::optional<int> AiLengthOfPrefix(std::string_view prefix) {
    for (const auto& p : kAiLengths) {
        if (p.prefix == prefix) return p.length;
    }
    return std::nullopt;
}

// Optimisation codes: two hex digits, not both decimal, standing for a sequence of AIs. Listed in
// the toolkit's order, which decides between codes that cover as many AI digits.
struct Optimisation {
    std::string_view code;
    std::array<std::string_view, 4> ais{};
    std::size_t count = 0;

    std::span<const std::string_view> Ais() const { return {ais.data(), count}; }
};

constexpr Optimisation Opt(std::string_view code, std::string_view a, std::string_view b) { return {code, {a, b}, 2}; }

constexpr std::array kOptimisations = {
    Opt("0A", "01", "22"),
    Opt("0B", "01", "10"),
    Opt("0C", "01", "21"),
    Opt("0D", "01", "17"),
    Opt("0E", "01", "7003"),
    Opt("0F", "01", "30"),
    Optimisation{"1A", {"01", "10", "21", "17"}, 4},
    Opt("1B", "01", "15"),
    Opt("1C", "01", "11"),
    Opt("1D", "01", "16"),
    Opt("1E", "01", "91"),
    Optimisation{"1F", {"01", "10", "15"}, 3},
    Opt("2A", "01", "3100"),
    Opt("2B", "01", "3101"),
    Opt("2C", "01", "3102"),
    Opt("2D", "01", "3103"),
    Opt("2E", "01", "3104"),
    Opt("2F", "01", "3105"),
    Opt("3A", "01", "3200"),
    Opt("3B", "01", "3201"),
    Opt("3C", "01", "3202"),
    Opt("3D", "01", "3203"),
    Opt("3E", "01", "3204"),
    Opt("3F", "01", "3205"),
    Opt("9A", "8010", "8011"),
    Opt("9B", "8017", "8019"),
    Opt("9C", "8018", "8019"),
    Opt("9D", "414", "254"),
    Opt("A0", "01", "3920"),
    Opt("A1", "01", "3921"),
    Opt("A2", "01", "3922"),
    Opt("A3", "01", "3923"),
    Opt("A4", "01", "3924"),
    Opt("A5", "01", "3925"),
    Opt("A6", "01", "3926"),
    Opt("A7", "01", "3927"),
    Opt("A8", "01", "3928"),
    Opt("A9", "01", "3929"),
    Opt("C0", "255", "3900"),
    Opt("C1", "255", "3901"),
    Opt("C2", "255", "3902"),
    Opt("C3", "255", "3903"),
    Opt("C4", "255", "3904"),
    Opt("C5", "255", "3905"),
    Opt("C6", "255", "3906"),
    Opt("C7", "255", "3907"),
    Opt("C8", "255", "3908"),
    Opt("C9", "255", "3909"),
    Opt("CA", "255", "3940"),
    Opt("CB", "255", "3941"),
    Opt("CC", "255", "3942"),
    Opt("CD", "255", "3943"),
};

const Optimisation* FindOptimisation(std::string_view code) {
    for (const auto& o : kOptimisations) {
        if (o.code == code) return &o;
    }
    return nullptr;
}

// One part of an AI's format as the General Specifications write it ("N14+X..16" has two): adjacent
// components of txng's table merge when they are of the same kind (8003's N1 filler and N13 GRAI
// make N14; 7040's X1 X1 X1 make X3; 8008's optional minutes and seconds make N..4).
struct Part {
    bool numeric = false;
    bool fixed = false;  // exactly `length` characters; otherwise 0 to `length`
    int length = 0;
};

struct Layout {
    std::array<Part, 4> parts{};
    std::size_t count = 0;

    std::span<const Part> Parts() const { return {parts.data(), count}; }
};

Layout LayoutOf(const AiInfo& info) {
    Layout layout;
    for (const auto& c : info.Components()) {
        const Part part{c.charset == Charset::kNumeric, !c.optional && c.FixedLength(), c.max_length};
        if (layout.count > 0) {
            Part& last = layout.parts[layout.count - 1];
            if (last.numeric == part.numeric && last.fixed == part.fixed) {
                last.length += part.length;
                continue;
            }
        }
        layout.parts[layout.count++] = part;
    }
    return layout;
}

// ---- Bit arithmetic ------------------------------------------------------------------------

// Bits of a number of `digits` decimal digits: ceil(digits * log2(10) + 0.01), computed as the
// toolkit does (the 0.01 gives 59 digits 197 bits, and 0 digits 1 bit).
int ValueBits(int digits) { return static_cast<int>(std::ceil(digits * std::log(10.0) / std::log(2.0) + 0.01)); }

// Bits of a character count of at most `max`.
int LengthBits(int max) { return static_cast<int>(std::bit_width(static_cast<unsigned>(max))); }

// `digits` (decimal) in binary, `width` bits, most significant first. Non-digits count as 0.
std::string DecimalToBinary(std::string_view digits, int width) {
    std::vector<int> number;
    number.reserve(digits.size());
    for (char c : digits) number.push_back(IsDigit(c) ? c - '0' : 0);
    std::string out(static_cast<std::size_t>(width), '0');
    for (int pos = width - 1; pos >= 0; --pos) {
        int remainder = 0;
        bool zero = true;
        for (int& d : number) {
            const int current = remainder * 10 + d;
            d = current / 2;
            remainder = current % 2;
            zero = zero && d == 0;
        }
        out[static_cast<std::size_t>(pos)] = remainder != 0 ? '1' : '0';
        if (zero) break;
    }
    return out;
}

// The decimal digits of the binary number `bits`, without leading zeros ("0" for zero).
std::string BinaryToDecimal(std::string_view bits) {
    std::vector<int> digits{0};  // least significant first
    for (char bit : bits) {
        int carry = bit == '1' ? 1 : 0;
        for (int& d : digits) {
            const int current = d * 2 + carry;
            d = current % 10;
            carry = current / 10;
        }
        if (carry != 0) digits.push_back(carry);
    }
    std::string out;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += static_cast<char>('0' + *it);
    return out;
}

// ---- Compression ---------------------------------------------------------------------------

enum Encoding : int { kDigits = 0, kLowerHex = 1, kUpperHex = 2, kBase64 = 3, kAscii = 4 };

bool AllOf(std::string_view text, bool (*pred)(char)) {
    return !text.empty() && std::all_of(text.begin(), text.end(), pred);
}

Encoding ChooseEncoding(std::string_view text) {
    if (AllOf(text, [](char c) { return IsDigit(c); })) return kDigits;
    if (AllOf(text, [](char c) { return IsDigit(c) || (c >= 'A' && c <= 'F'); })) return kUpperHex;
    if (AllOf(text, [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); })) return kLowerHex;
    if (AllOf(text, [](char c) { return kBase64Url.find(c) != std::string_view::npos; })) return kBase64;
    return kAscii;  // also for the empty text, as the toolkit does
}

class BitWriter {
  public:
    void Append(unsigned value, int width) {
        for (int i = width - 1; i >= 0; --i) bits_ += ((value >> i) & 1U) != 0 ? '1' : '0';
    }
    void AppendBits(std::string_view bits) { bits_ += bits; }
    // The nibbles of hex digits ("01", "0B", "8013").
    void AppendHex(std::string_view hex) {
        for (char c : hex) Append(static_cast<unsigned>(kHexDigits.find(c)), 4);
    }
    std::string ToBase64Url() const {
        std::string out;
        for (std::size_t i = 0; i < bits_.size(); i += 6) {
            unsigned index = 0;
            for (std::size_t j = i; j < i + 6; ++j) index = index * 2 + (j < bits_.size() && bits_[j] == '1' ? 1 : 0);
            out += kBase64Url[index];
        }
        return out;
    }

  private:
    std::string bits_;
};

// The largest count `bits` bits can state.
std::size_t MaxCount(int bits) { return (std::size_t{1} << bits) - 1; }

// Writes an alphanumeric part: encoding, count (when not fixed) and characters.
void WriteAlphanumeric(BitWriter& out, std::string_view text, const Part& part) {
    const int count_bits = part.fixed ? 0 : LengthBits(part.length);
    if (!part.fixed) text = text.substr(0, MaxCount(count_bits));
    const Encoding encoding = ChooseEncoding(text);
    out.Append(encoding, 3);
    out.Append(static_cast<unsigned>(text.size()), count_bits);
    switch (encoding) {
        case kDigits:
            out.AppendBits(DecimalToBinary(text, ValueBits(static_cast<int>(text.size()))));
            break;
        case kLowerHex:
        case kUpperHex:
            for (char c : text) {
                const char upper = IsLowerAlpha(c) ? static_cast<char>(c - 'a' + 'A') : c;
                out.Append(static_cast<unsigned>(kHexDigits.find(upper)), 4);
            }
            break;
        case kBase64:
            for (char c : text) out.Append(static_cast<unsigned>(kBase64Url.find(c)), 6);
            break;
        case kAscii:
            for (char c : text) out.Append(static_cast<unsigned char>(c) & 0x7FU, 7);
            break;
    }
}

void WriteValue(BitWriter& out, const AiInfo& info, std::string_view value) {
    const Layout layout = LayoutOf(info);
    for (const Part& part : layout.Parts()) {
        std::string_view text = value;
        if (part.fixed) text = value.substr(0, static_cast<std::size_t>(part.length));
        value.remove_prefix(text.size());
        if (!part.numeric) {
            WriteAlphanumeric(out, text, part);
        } else if (part.fixed) {
            out.AppendBits(DecimalToBinary(text, ValueBits(part.length)));
        } else {
            const int count_bits = LengthBits(part.length);
            text = text.substr(0, MaxCount(count_bits));
            out.Append(static_cast<unsigned>(text.size()), count_bits);
            out.AppendBits(DecimalToBinary(text, ValueBits(static_cast<int>(text.size()))));
        }
    }
}

// ---- Decompression -------------------------------------------------------------------------

struct DecodedToken {
    std::vector<AiElement> elements;                               // in token order
    std::vector<std::pair<std::string, std::string>> other_query;  // percent-encoded values
};

class TokenDecoder {
  public:
    explicit TokenDecoder(std::string_view token) : token_(token) {}

    Result<DecodedToken> Decode() {
        if (token_.size() > kMaxCompressedTokenLength) {
            return InvalidArgument("path", "dl.compressed_too_long",
                                   "A compressed Digital Link may have at most " +
                                       std::to_string(kMaxCompressedTokenLength) + " characters; this one has " +
                                       std::to_string(token_.size()) + ".",
                                   token_);
        }
        if (token_.empty()) return Fail("The compressed Digital Link is empty.");
        for (std::size_t i = 0; i < token_.size(); ++i) {
            const auto index = kBase64Url.find(token_[i]);
            if (index == std::string_view::npos) {
                return Fail("The character at position " + std::to_string(i) +
                            " of the compressed Digital Link is not one of A-Z a-z 0-9 - _.");
            }
            for (int b = 5; b >= 0; --b) bits_ += ((index >> b) & 1U) != 0 ? '1' : '0';
        }
        DecodedToken out;
        // An entry takes more than 8 bits; what is left after the last one is padding.
        while (bits_.size() - pos_ > 8) {
            const std::size_t start = pos_;
            const unsigned h1 = Read(4);
            const unsigned h2 = Read(4);
            if (h1 <= 9 && h2 <= 9) {
                std::string ai{static_cast<char>('0' + h1), static_cast<char>('0' + h2)};
                const auto length = AiLengthOfPrefix(ai);
                if (!length) {
                    return Fail("The compressed Digital Link holds '" + ai + "' at bit " + std::to_string(start) +
                                ", which starts no GS1 AI.");
                }
                while (static_cast<int>(ai.size()) < *length) {
                    if (!Has(4)) return Truncated("AI (" + ai + "...)");
                    const unsigned digit = Read(4);
                    if (digit > 9) {
                        return Fail("The compressed Digital Link holds a non-decimal AI digit after '" + ai +
                                    "' at bit " + std::to_string(start) + ".");
                    }
                    ai += static_cast<char>('0' + digit);
                }
                if (auto ok = ReadElement(ai, out); !ok) return ok.error();
            } else {
                const std::string code{kHexDigits[h1], kHexDigits[h2]};
                if (const Optimisation* o = FindOptimisation(code)) {
                    for (auto ai : o->Ais()) {
                        if (auto ok = ReadElement(std::string(ai), out); !ok) return ok.error();
                    }
                } else if (h1 == 0xF) {
                    pos_ -= 4;
                    if (auto ok = ReadOtherParameter(out); !ok) return ok.error();
                } else {
                    return Fail("The compressed Digital Link holds the code '" + code + "' at bit " +
                                std::to_string(start) + ", which is neither an AI nor an optimisation code.");
                }
            }
        }
        const std::size_t rest = bits_.size() - pos_;
        if (rest >= 6 || bits_.find('1', pos_) != std::string::npos) {
            return Fail("The compressed Digital Link ends with " + std::to_string(rest) +
                        " bits that are not zero padding.");
        }
        return out;
    }

  private:
    Error Fail(std::string detail) const {
        return InvalidArgument("path", "dl.compressed_syntax", std::move(detail), token_);
    }
    Error Truncated(const std::string& what) const {
        return Fail("The compressed Digital Link ends inside " + what + ".");
    }

    bool Has(std::size_t n) const { return bits_.size() - pos_ >= n; }
    // Precondition: Has(n), n <= 16.
    unsigned Read(int n) {
        unsigned value = 0;
        for (int i = 0; i < n; ++i) value = value * 2 + (bits_[pos_++] == '1' ? 1U : 0U);
        return value;
    }
    std::string_view Take(std::size_t n) {
        const std::string_view out = std::string_view(bits_).substr(pos_, n);
        pos_ += n;
        return out;
    }

    // A number of `digits` decimal digits, leading zeros kept.
    Result<std::string> ReadNumber(int digits, const std::string& what) {
        const auto bits = static_cast<std::size_t>(ValueBits(digits));
        if (!Has(bits)) return Truncated(what);
        const std::string number = BinaryToDecimal(Take(bits));
        if (digits == 0) return std::string();  // its one bit carries nothing
        if (number.size() > static_cast<std::size_t>(digits)) {
            return Fail("The value of " + what + " holds a number too large for " + std::to_string(digits) +
                        " digits.");
        }
        return std::string(static_cast<std::size_t>(digits) - number.size(), '0') + number;
    }

    // The characters of an alphanumeric value: encoding, then `count` characters.
    Result<std::string> ReadCharacters(unsigned encoding, int count, const std::string& what) {
        int width = 0;
        std::string_view alphabet;
        switch (encoding) {
            case kDigits:
                return ReadNumber(count, what);
            case kLowerHex:
            case kUpperHex:
                width = 4;
                alphabet = kHexDigits;
                break;
            case kBase64:
                width = 6;
                alphabet = kBase64Url;
                break;
            case kAscii:
                width = 7;
                break;
            default:
                return Fail("The value of " + what + " has the unknown encoding " + std::to_string(encoding) + ".");
        }
        if (!Has(static_cast<std::size_t>(width) * static_cast<std::size_t>(count))) return Truncated(what);
        std::string out;
        for (int i = 0; i < count; ++i) {
            const unsigned index = Read(width);
            char c = alphabet.empty() ? static_cast<char>(index) : alphabet[index];
            if (encoding == kLowerHex && IsUpperAlpha(c)) c = static_cast<char>(c - 'A' + 'a');
            out += c;
        }
        return out;
    }

    Result<std::string> ReadAlphanumeric(const Part& part, const std::string& what) {
        if (!Has(3)) return Truncated(what);
        const unsigned encoding = Read(3);
        int count = part.length;
        if (!part.fixed) {
            const int bits = LengthBits(part.length);
            if (!Has(static_cast<std::size_t>(bits))) return Truncated(what);
            count = static_cast<int>(Read(bits));
        }
        return ReadCharacters(encoding, count, what);
    }

    Result<void> ReadElement(const std::string& ai, DecodedToken& out) {
        const AiInfo* info = FindAi(ai);
        if (info == nullptr) {
            return InvalidArgument("path", "dl.unknown_ai",
                                   "The compressed Digital Link holds AI (" + ai + "), which is not supported.",
                                   token_);
        }
        for (const auto& e : out.elements) {
            if (e.ai == ai) {
                return InvalidArgument("path", "dl.duplicate_ai",
                                       "AI (" + ai + ") appears twice in the compressed Digital Link.", token_);
            }
        }
        const std::string what = "AI (" + ai + ")";
        std::string value;
        const Layout layout = LayoutOf(*info);
        for (const Part& part : layout.Parts()) {
            Result<std::string> text = std::string();
            if (!part.numeric) {
                text = ReadAlphanumeric(part, what);
            } else if (part.fixed) {
                text = ReadNumber(part.length, what);
            } else {
                const int bits = LengthBits(part.length);
                if (!Has(static_cast<std::size_t>(bits))) return Truncated(what);
                text = ReadNumber(static_cast<int>(Read(bits)), what);
            }
            if (!text) return text.error();
            value += *text;
        }
        out.elements.push_back({ai, std::move(value)});
        return {};
    }

    // A non-GS1 query parameter (nibble F): key length, key, encoding, value length, value.
    Result<void> ReadOtherParameter(DecodedToken& out) {
        const std::string what = "a non-GS1 parameter";
        if (!Has(7)) return Truncated(what);
        const auto key_length = static_cast<int>(Read(7));
        auto key = ReadCharacters(kBase64, key_length, what);
        if (!key) return key.error();
        if (key->empty() || IsAllDigits(*key)) {
            return Fail("The compressed Digital Link holds a non-GS1 parameter whose key '" + *key +
                        "' is empty or numeric.");
        }
        if (!Has(10)) return Truncated(what);
        const unsigned encoding = Read(3);
        const auto value_length = static_cast<int>(Read(7));
        auto value = ReadCharacters(encoding, value_length, what);
        if (!value) return value.error();
        out.other_query.emplace_back(std::move(*key), PercentEncodeDlValue(*value));
        return {};
    }

    std::string_view token_;
    std::string bits_;
    std::size_t pos_ = 0;
};

// Builds the Digital Link from the elements of a token, after those of `path` (uncompressed).
Result<DigitalLink> Assemble(std::string_view base, std::vector<AiElement> path, DecodedToken decoded,
                             std::string_view token) {
    std::vector<AiElement> elements = std::move(path);
    const std::size_t given = elements.size();
    for (auto& e : decoded.elements) {
        for (std::size_t i = 0; i < given; ++i) {
            if (elements[i].ai == e.ai) {
                return InvalidArgument("path", "dl.duplicate_ai",
                                       "AI (" + e.ai + ") appears both before and in the compressed Digital Link.",
                                       token);
            }
        }
        elements.push_back(std::move(e));
    }
    // The primary key: the first uncompressed element, else the key AI of the token that takes the
    // most of the others as qualifiers (the first on a tie).
    const AiInfo* key = nullptr;
    std::size_t key_index = 0;
    if (given > 0) {
        key = FindAi(elements[0].ai);
    } else {
        int best = -1;
        for (std::size_t i = 0; i < elements.size(); ++i) {
            const AiInfo* info = FindAi(elements[i].ai);
            if (info == nullptr || !info->dl_primary_key) continue;
            int score = 0;
            for (const auto& e : elements) score += info->AcceptsQualifier(e.ai) ? 1 : 0;
            if (score > best) {
                best = score;
                key = info;
                key_index = i;
            }
        }
        if (key == nullptr) {
            return InvalidArgument("path", "dl.no_primary_key",
                                   "The compressed Digital Link holds no GS1 primary key AI (such as 01, 00, 414).",
                                   token);
        }
    }

    // Position of a qualifier in the key's sequences, for ordering the path.
    auto rank = [key](std::string_view ai) -> int {
        int offset = 0;
        if (key != nullptr) {
            for (const auto& seq : key->QualifierSequences()) {
                const auto ais = seq.Ais();
                for (std::size_t i = 0; i < ais.size(); ++i) {
                    if (ais[i] == ai) return offset + static_cast<int>(i);
                }
                offset += static_cast<int>(ais.size());
            }
        }
        return offset;  // not a qualifier: after them
    };

    // An AI that may only be in the path (a qualifier such as 21, or an AI that is no data
    // attribute) goes there; a qualifier that may also be an attribute (10 for 01) goes there when
    // the qualifier sequence that holds the path-only qualifiers has it (/01/../235/..?10=.. keeps
    // its lot in the query). Elements before the token stay in the path.
    auto path_only = [&](std::size_t i) {
        const AiInfo* info = FindAi(elements[i].ai);  // known: TokenDecoder only reads known AIs
        return i < given || info == nullptr || !info->dl_attribute;
    };
    std::span<const std::string_view> sequence;
    if (key != nullptr) {
        for (const auto& seq : key->QualifierSequences()) {
            bool holds_all = true;
            for (std::size_t i = 0; i < elements.size(); ++i) {
                if (i == key_index || !path_only(i) || !key->AcceptsQualifier(elements[i].ai)) continue;
                holds_all =
                    holds_all && std::find(seq.Ais().begin(), seq.Ais().end(), elements[i].ai) != seq.Ais().end();
            }
            if (holds_all) {
                sequence = seq.Ais();
                break;
            }
        }
    }

    DigitalLink dl;
    dl.base = std::string(base);
    if (!dl.base.empty() && dl.base.back() == '/') dl.base.pop_back();
    dl.compressed = true;
    std::vector<AiElement> qualifiers;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        auto& e = elements[i];
        if (i == key_index) {
            dl.path.push_back(std::move(e));
        } else if (path_only(i) || std::find(sequence.begin(), sequence.end(), e.ai) != sequence.end()) {
            qualifiers.push_back(std::move(e));
        } else {
            dl.attributes.push_back(std::move(e));
        }
    }
    std::stable_sort(qualifiers.begin(), qualifiers.end(),
                     [&rank](const AiElement& a, const AiElement& b) { return rank(a.ai) < rank(b.ai); });
    for (auto& q : qualifiers) dl.path.push_back(std::move(q));
    std::stable_sort(dl.attributes.begin(), dl.attributes.end(),
                     [](const AiElement& a, const AiElement& b) { return a.ai < b.ai; });
    dl.other_query = std::move(decoded.other_query);
    return dl;
}

bool IsBase64UrlChar(char c) { return kBase64Url.find(c) != std::string_view::npos; }

}  // namespace

bool LooksCompressed(std::string_view path_segment) {
    if (path_segment.size() < 4) return false;
    if (!std::all_of(path_segment.begin(), path_segment.end(), IsBase64UrlChar)) return false;
    if (IsAllDigits(path_segment) && FindAi(path_segment) != nullptr) return false;
    if (!ConvenienceAlphaAi(path_segment).empty()) return false;
    // The first 8 bits: the first two digits of an AI, or an optimisation code.
    const auto first = kBase64Url.find(path_segment[0]);
    const auto second = kBase64Url.find(path_segment[1]);
    const auto h1 = static_cast<unsigned>(first >> 2);
    const auto h2 = static_cast<unsigned>(((first & 3U) << 2) | (second >> 4));
    if (h1 <= 9 && h2 <= 9) {
        const std::string prefix{static_cast<char>('0' + h1), static_cast<char>('0' + h2)};
        return AiLengthOfPrefix(prefix).has_value();
    }
    return FindOptimisation(std::string{kHexDigits[h1], kHexDigits[h2]}) != nullptr;
}

Result<DigitalLink> DecompressDigitalLink(std::string_view base, std::string_view token) {
    return DecompressDigitalLink(base, {}, token);
}

Result<DigitalLink> DecompressDigitalLink(std::string_view base, std::vector<AiElement> path, std::string_view token) {
    auto decoded = TokenDecoder(token).Decode();
    if (!decoded) return decoded.error();
    auto dl = Assemble(base, std::move(path), std::move(*decoded), token);
    if (!dl) return dl.error();
    if (auto ok = ValidateDigitalLink(*dl); !ok) return ok.error();
    return dl;
}

std::string CompressDigitalLink(const DigitalLink& dl) {
    // The AIs to write (known ones, first occurrence), in AI order as the toolkit sorts them.
    std::vector<const AiElement*> remaining;
    for (const auto* list : {&dl.path, &dl.attributes}) {
        for (const auto& e : *list) {
            const bool seen =
                std::any_of(remaining.begin(), remaining.end(), [&e](const AiElement* r) { return r->ai == e.ai; });
            if (!seen && FindAi(e.ai) != nullptr) remaining.push_back(&e);
        }
    }
    std::sort(remaining.begin(), remaining.end(), [](const AiElement* a, const AiElement* b) { return a->ai < b->ai; });
    auto find = [&remaining](std::string_view ai) {
        return std::find_if(remaining.begin(), remaining.end(), [ai](const AiElement* e) { return e->ai == ai; });
    };

    BitWriter out;
    // While an optimisation code applies, the one covering the most AI digits (the first listed on
    // a tie) takes its AIs.
    while (true) {
        const Optimisation* best = nullptr;
        std::size_t best_digits = 0;
        for (const auto& o : kOptimisations) {
            std::size_t digits = 0;
            bool applies = true;
            for (auto ai : o.Ais()) {
                applies = applies && find(ai) != remaining.end();
                digits += ai.size();
            }
            if (applies && digits > best_digits) {
                best = &o;
                best_digits = digits;
            }
        }
        if (best == nullptr) break;
        out.AppendHex(best->code);
        for (auto ai : best->Ais()) {
            const auto it = find(ai);
            WriteValue(out, *FindAi(ai), (*it)->value);
            remaining.erase(it);
        }
    }
    for (const AiElement* e : remaining) {
        out.AppendHex(e->ai);
        WriteValue(out, *FindAi(e->ai), e->value);
    }
    return out.ToBase64Url();
}

std::string FormatCompressedDigitalLink(const DigitalLink& dl, std::string_view base) {
    if (!base.empty() && base.back() == '/') base.remove_suffix(1);
    std::string out(base);
    out += '/';
    out += CompressDigitalLink(dl);
    char sep = '?';
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
