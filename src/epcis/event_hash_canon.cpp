#include "epcis/event_hash_canon.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>

namespace txng::epcis::event_hash_detail {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kCanonicalHost = "https://id.gs1.org";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::size_t DigitRun(std::string_view s, std::size_t pos) {
    std::size_t i = pos;
    while (i < s.size() && IsDigit(s[i])) ++i;
    return i - pos;
}

bool AllDigits(std::string_view s) {
    for (char c : s) {
        if (!IsDigit(c)) return false;
    }
    return true;
}

// Replaces every non-overlapping occurrence of `from`, left to right (Python str.replace).
void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
    std::size_t pos = s.find(from);
    while (pos != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos = s.find(from, pos + to.size());
    }
}

// ---------------------------------------------------------------------------------------------
// GS1 check digit and the reference's percent-encoding of EPC URI components.

char CheckDigit(std::string_view digits) {
    int sum = 0;
    bool three = true;
    for (std::size_t i = digits.size(); i-- > 0;) {
        const int d = digits[i] - '0';
        sum += three ? 3 * d : d;
        three = !three;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// Appends `parts` followed by the check digit computed over them.
void AppendWithCheckDigit(std::string& out, std::initializer_list<std::string_view> parts) {
    const std::size_t start = out.size();
    for (auto p : parts) out.append(p);
    const char cd = CheckDigit(std::string_view(out).substr(start));
    out.push_back(cd);
}

// The reference encodes only these characters of EPC URI components (existing %XX escapes and
// characters such as ' ; = are kept as they are).
void AppendEncoded(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '!':
                out.append("%21");
                break;
            case '(':
                out.append("%28");
                break;
            case ')':
                out.append("%29");
                break;
            case '*':
                out.append("%2A");
                break;
            case '+':
                out.append("%2B");
                break;
            case ',':
                out.append("%2C");
                break;
            case ':':
                out.append("%3A");
                break;
            default:
                out.push_back(c);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// EPC URI syntax as the reference's patterns accept it.

// One escape of the EPC serial character class: %21 %22 %25-%2F %30-%3F %41-%4F %50-%5A %5F
// %61-%6F %70-%7A.
bool EpcEscape(char a, char b) {
    switch (a) {
        case '2':
            return b == '1' || b == '2' || (b >= '5' && b <= '9') || (IsHex(b) && !IsDigit(b));
        case '3':
            return IsHex(b);
        case '4':
        case '6':
            return (IsHex(b) && b != '0');
        case '5':
            return IsDigit(b) || b == 'A' || b == 'a' || b == 'F' || b == 'f';
        case '7':
            return IsDigit(b) || b == 'A' || b == 'a';
        default:
            return false;
    }
}

bool EpcSingle(char c) {
    if (IsDigit(c) || IsUpper(c) || IsLower(c)) return true;
    switch (c) {
        case '!':
        case '\'':
        case '(':
        case ')':
        case '*':
        case '+':
        case ',':
        case '.':
        case ':':
        case ';':
        case '=':
        case '_':
        case '-':
            return true;
        default:
            return false;
    }
}

// Number of characters of the EPC serial class from `pos` to the end of `s`, or -1 when some
// character is outside it.
int EpcUnitsToEnd(std::string_view s, std::size_t pos) {
    int units = 0;
    std::size_t i = pos;
    while (i < s.size()) {
        if (s[i] == '%') {
            if (i + 2 >= s.size() || !EpcEscape(s[i + 1], s[i + 2])) return -1;
            i += 3;
        } else if (EpcSingle(s[i])) {
            ++i;
        } else {
            return -1;
        }
        ++units;
    }
    return units;
}

bool EpcUnitsToEnd(std::string_view s, std::size_t pos, int min, int max) {
    const int n = EpcUnitsToEnd(s, pos);
    return n >= min && n <= max;
}

// The CPI component class: %23 %2D %2F %30-%39 %41-%4F %50-%5A, 0-9 A-Z and '-'. Advances `i` over
// the longest run and returns its length in characters.
int CpiUnits(std::string_view s, std::size_t& i) {
    int units = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            const char a = s[i + 1], b = s[i + 2];
            const bool ok = (a == '2' && (b == '3' || b == 'd' || b == 'f' || b == 'D' || b == 'F')) ||
                            (a == '3' && IsDigit(b)) || (a == '4' && IsHex(b) && b != '0') ||
                            (a == '5' && (IsDigit(b) || b == 'A' || b == 'a'));
            if (!ok) break;
            i += 3;
        } else if (IsDigit(c) || IsUpper(c) || c == '-') {
            ++i;
        } else {
            break;
        }
        ++units;
    }
    return units;
}

// Matches `\d{n}\.\d{total-n}` for a company prefix of n = 6..12 digits at `pos`. With
// `twelve_double_dot` the 12-digit alternative is `\d{12}\.\.` (GRAI, GDTI, patterns). Returns n
// (0 when there is no match) and sets `end` past the match.
int MatchCompanyPrefix(std::string_view s, std::size_t pos, int total, bool twelve_double_dot, std::size_t& end) {
    const std::size_t n = DigitRun(s, pos);
    if (n < 6 || n > 12 || pos + n >= s.size() || s[pos + n] != '.') return 0;
    if (n == 12 && twelve_double_dot) {
        if (pos + 13 >= s.size() || s[pos + 13] != '.') return 0;
        end = pos + 14;
        return 12;
    }
    const std::size_t ref = static_cast<std::size_t>(total) - n;
    const std::size_t ref_start = pos + n + 1;
    if (ref_start + ref > s.size() || DigitRun(s, ref_start) < ref) return 0;
    end = ref_start + ref;
    return static_cast<int>(n);
}

// GTIN-14 from company prefix and indicator+item reference, check digit appended.
void AppendGtin(std::string& out, std::string_view gcp, std::string_view item) {
    AppendWithCheckDigit(out, {item.substr(0, 1), gcp, item.substr(1)});
}

bool MatchStarEnd(std::string_view s, std::size_t pos) { return s.substr(pos) == ".*"; }

// EPC URIs (urn:epc:id, urn:epc:class:lgtin, urn:epc:idpat) -> canonical Digital Link. The
// component offsets are those of the reference (fixed positions after a fixed-length prefix).
bool NormaliseEpcUri(std::string_view s, std::string& out) {
    std::size_t end = 0;
    const std::size_t p = s.find('.');
    auto gcp_at = [&](std::size_t prefix) { return s.substr(prefix, p - prefix); };
    auto ref_at = [&](std::size_t len) { return s.substr(p + 1, len); };

    if (StartsWith(s, "urn:epc:id:")) {
        const std::string_view rest = s.substr(11);
        if (StartsWith(rest, "sgtin:")) {
            constexpr std::size_t kL = 17;
            const int n = MatchCompanyPrefix(s, kL, 13, false, end);
            if (n == 0 || end >= s.size() || s[end] != '.' || !EpcUnitsToEnd(s, end + 1, 1, 20)) return false;
            out.append(kCanonicalHost).append("/01/");
            AppendGtin(out, gcp_at(kL), ref_at(13 - static_cast<std::size_t>(n)));
            out.append("/21/");
            AppendEncoded(out, s.substr(32));
            return true;
        }
        if (StartsWith(rest, "sscc:")) {
            constexpr std::size_t kL = 16;
            if (MatchCompanyPrefix(s, kL, 17, false, end) == 0 || end != s.size()) return false;
            out.append(kCanonicalHost).append("/00/");
            AppendWithCheckDigit(out, {s.substr(p + 1, 1), gcp_at(kL), s.substr(p + 2)});
            return true;
        }
        if (StartsWith(rest, "sgln:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 12, false, end);
            if (n == 0 || end >= s.size() || s[end] != '.' || !EpcUnitsToEnd(s, end + 1, 1, 20)) return false;
            out.append(kCanonicalHost).append("/414/");
            AppendWithCheckDigit(out, {gcp_at(kL), ref_at(12 - static_cast<std::size_t>(n))});
            const std::string_view extension = s.substr(30);
            if (extension != "0") {
                out.append("/254/");
                AppendEncoded(out, extension);
            }
            return true;
        }
        if (StartsWith(rest, "grai:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 12, true, end);
            if (n == 0 || end >= s.size() || s[end] != '.' || !EpcUnitsToEnd(s, end + 1, 1, 16)) return false;
            out.append(kCanonicalHost).append("/8003/");
            AppendWithCheckDigit(out, {"0"sv, gcp_at(kL), ref_at(12 - static_cast<std::size_t>(n))});
            AppendEncoded(out, s.substr(30));
            return true;
        }
        if (StartsWith(rest, "giai:")) {
            constexpr std::size_t kL = 16;
            const std::size_t n = DigitRun(s, kL);
            if (n < 6 || n > 12 || kL + n >= s.size() || s[kL + n] != '.' ||
                !EpcUnitsToEnd(s, kL + n + 1, 1, 30 - static_cast<int>(n)))
                return false;
            out.append(kCanonicalHost).append("/8004/").append(gcp_at(kL));
            AppendEncoded(out, s.substr(p + 1));
            return true;
        }
        if (StartsWith(rest, "gsrn:") || StartsWith(rest, "gsrnp:")) {
            const bool provider = rest[4] == 'p';
            const std::size_t kL = provider ? 17 : 16;
            if (MatchCompanyPrefix(s, kL, 17, false, end) == 0 || end != s.size()) return false;
            out.append(kCanonicalHost).append(provider ? "/8017/" : "/8018/");
            AppendWithCheckDigit(out, {gcp_at(kL), s.substr(p + 1)});
            return true;
        }
        if (StartsWith(rest, "gdti:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 12, true, end);
            if (n == 0 || !EpcUnitsToEnd(s, end, 1, 20)) return false;
            out.append(kCanonicalHost).append("/253/");
            AppendWithCheckDigit(out, {gcp_at(kL), ref_at(12 - static_cast<std::size_t>(n))});
            AppendEncoded(out, s.substr(30));
            return true;
        }
        if (StartsWith(rest, "cpi:")) {
            constexpr std::size_t kL = 15;
            const std::size_t n = DigitRun(s, kL);
            if (n < 6 || n > 12 || kL + n >= s.size() || s[kL + n] != '.') return false;
            std::size_t i = kL + n + 1;
            const int units = CpiUnits(s, i);
            if (units < 1 || units > 30 - static_cast<int>(n) || i >= s.size() || s[i] != '.') return false;
            const std::string_view serial = s.substr(i + 1);
            if (serial.empty() || serial.size() > 12 || !AllDigits(serial)) return false;
            const std::size_t sep = s.rfind('.');
            out.append(kCanonicalHost).append("/8010/");
            AppendEncoded(out, gcp_at(kL));
            AppendEncoded(out, s.substr(p + 1, sep - p - 1));
            out.append("/8011/").append(s.substr(sep + 1));
            return true;
        }
        if (StartsWith(rest, "sgcn:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 12, false, end);
            if (n == 0 || end >= s.size() || s[end] != '.') return false;
            const std::string_view serial = s.substr(end + 1);
            if (serial.empty() || serial.size() > 12 || !AllDigits(serial)) return false;
            out.append(kCanonicalHost).append("/255/");
            AppendWithCheckDigit(out, {gcp_at(kL), ref_at(12 - static_cast<std::size_t>(n))});
            out.append(s.substr(30));
            return true;
        }
        if (StartsWith(rest, "ginc:")) {
            constexpr std::size_t kL = 16;
            const std::size_t n = DigitRun(s, kL);
            if (n < 6 || n > 12 || kL + n >= s.size() || s[kL + n] != '.' ||
                !EpcUnitsToEnd(s, kL + n + 1, 1, 30 - static_cast<int>(n)))
                return false;
            out.append(kCanonicalHost).append("/401/").append(gcp_at(kL));
            AppendEncoded(out, s.substr(p + 1));
            return true;
        }
        if (StartsWith(rest, "gsin:")) {
            constexpr std::size_t kL = 16;
            if (MatchCompanyPrefix(s, kL, 16, false, end) == 0 || end != s.size()) return false;
            out.append(kCanonicalHost).append("/402/");
            AppendWithCheckDigit(out, {gcp_at(kL), s.substr(p + 1)});
            return true;
        }
        if (StartsWith(rest, "itip:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 13, false, end);
            // `.pp.tt.serial`
            if (n == 0 || end + 7 > s.size() || s[end] != '.' || !IsDigit(s[end + 1]) || !IsDigit(s[end + 2]) ||
                s[end + 3] != '.' || !IsDigit(s[end + 4]) || !IsDigit(s[end + 5]) || s[end + 6] != '.' ||
                !EpcUnitsToEnd(s, end + 7, 1, 20))
                return false;
            out.append(kCanonicalHost).append("/8006/");
            AppendGtin(out, gcp_at(kL), ref_at(13 - static_cast<std::size_t>(n)));
            out.append(s.substr(31, 2)).append(s.substr(34, 2)).append("/21/");
            AppendEncoded(out, s.substr(37));
            return true;
        }
        if (StartsWith(rest, "upui:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 13, false, end);
            if (n == 0 || end >= s.size() || s[end] != '.' || !EpcUnitsToEnd(s, end + 1, 1, 28)) return false;
            out.append(kCanonicalHost).append("/01/");
            AppendGtin(out, gcp_at(kL), ref_at(13 - static_cast<std::size_t>(n)));
            out.append("/235/");
            AppendEncoded(out, s.substr(31));
            return true;
        }
        if (StartsWith(rest, "pgln:")) {
            constexpr std::size_t kL = 16;
            const int n = MatchCompanyPrefix(s, kL, 12, false, end);
            if (n == 0 || end != s.size()) return false;
            out.append(kCanonicalHost).append("/417/");
            AppendWithCheckDigit(out, {gcp_at(kL), ref_at(12 - static_cast<std::size_t>(n))});
            return true;
        }
        return false;
    }

    if (StartsWith(s, "urn:epc:class:lgtin:")) {
        constexpr std::size_t kL = 20;
        const int n = MatchCompanyPrefix(s, kL, 13, false, end);
        if (n == 0 || end >= s.size() || s[end] != '.' || !EpcUnitsToEnd(s, end + 1, 1, 20)) return false;
        out.append(kCanonicalHost).append("/01/");
        AppendGtin(out, gcp_at(kL), ref_at(13 - static_cast<std::size_t>(n)));
        out.append("/10/");
        AppendEncoded(out, s.substr(35));
        return true;
    }

    if (StartsWith(s, "urn:epc:idpat:")) {
        const std::string_view rest = s.substr(14);
        if (StartsWith(rest, "sgtin:") || StartsWith(rest, "upui:")) {
            const std::size_t kL = rest[0] == 's' ? 20 : 19;
            const int n = MatchCompanyPrefix(s, kL, 13, false, end);
            if (n == 0 || !MatchStarEnd(s, end)) return false;
            out.append(kCanonicalHost).append("/01/");
            AppendGtin(out, gcp_at(kL), ref_at(13 - static_cast<std::size_t>(n)));
            return true;
        }
        if (StartsWith(rest, "grai:") || StartsWith(rest, "gdti:") || StartsWith(rest, "sgcn:")) {
            constexpr std::size_t kL = 19;
            const int n = MatchCompanyPrefix(s, kL, 12, true, end);
            if (n == 0 || !MatchStarEnd(s, end)) return false;
            const std::string_view ref = ref_at(12 - static_cast<std::size_t>(n));
            if (rest[0] == 'g' && rest[1] == 'r') {
                out.append(kCanonicalHost).append("/8003/");
                AppendWithCheckDigit(out, {"0"sv, gcp_at(kL), ref});
            } else {
                out.append(kCanonicalHost).append(rest[0] == 'g' ? "/253/" : "/255/");
                AppendWithCheckDigit(out, {gcp_at(kL), ref});
            }
            return true;
        }
        if (StartsWith(rest, "cpi:")) {
            constexpr std::size_t kL = 18;
            const std::size_t n = DigitRun(s, kL);
            if (n < 6 || n > 12 || kL + n >= s.size() || s[kL + n] != '.') return false;
            std::size_t i = kL + n + 1;
            const int units = CpiUnits(s, i);
            if (units < 1 || units > 30 - static_cast<int>(n) || !MatchStarEnd(s, i)) return false;
            const std::size_t sep = s.rfind('.');
            out.append(kCanonicalHost).append("/8010/");
            AppendEncoded(out, gcp_at(kL));
            AppendEncoded(out, s.substr(p + 1, sep - p - 1));
            return true;
        }
        if (StartsWith(rest, "itip:")) {
            constexpr std::size_t kL = 19;
            const int n = MatchCompanyPrefix(s, kL, 13, false, end);
            if (n == 0 || s.size() != end + 8 || s[end] != '.' || !IsDigit(s[end + 1]) || !IsDigit(s[end + 2]) ||
                s[end + 3] != '.' || !IsDigit(s[end + 4]) || !IsDigit(s[end + 5]) || !MatchStarEnd(s, end + 6))
                return false;
            out.append(kCanonicalHost).append("/8006/");
            AppendGtin(out, gcp_at(kL), ref_at(13 - static_cast<std::size_t>(n)));
            out.append(s.substr(34, 2)).append(s.substr(37, 2));
            return true;
        }
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// GS1 Digital Link URIs.

// The value character set of the reference's final check: " ' - . 0-9 ; < = > ? A-Z _ a-z.
bool DlChar(char c) {
    return IsDigit(c) || IsUpper(c) || IsLower(c) || c == '"' || c == '\'' || c == '-' || c == '.' ||
           (c >= ';' && c <= '?') || c == '_';
}

bool DlChars(std::string_view s, std::size_t max, bool allow_slash = false) {
    if (s.size() > max) return false;
    for (char c : s) {
        if (!DlChar(c) && !(allow_slash && c == '/')) return false;
    }
    return true;
}

// `https://id.gs1.org/` where the reference's patterns leave the two dots unescaped (any
// character matches).
bool HasCanonicalHost(std::string_view u) {
    return u.size() >= 19 && u.substr(0, 10) == "https://id" && u.substr(11, 3) == "gs1" && u.substr(15, 4) == "org/";
}

constexpr std::array<std::string_view, 28> kDetectKeys = {
    "01",  "gtin", "8006", "itip", "8010", "cpid", "414", "gln",  "417", "party", "8017", "gsrnp", "8018", "gsrn",
    "255", "gcn",  "00",   "sscc", "253",  "gdti", "401", "ginc", "402", "gsin",  "8003", "grai",  "8004", "giai"};

constexpr std::array<std::string_view, 14> kCanonicalKeys = {"01",  "8006", "8010", "414", "417", "8017", "8018",
                                                             "255", "00",   "253",  "401", "402", "8003", "8004"};

// Keys in the order the reference searches them when it moves a URI to the canonical host.
constexpr std::array<std::string_view, 14> kRehostOrder = {"/00/",   "/01/",   "/253/",  "/255/",  "/401/",
                                                           "/402/",  "/414/",  "/417/",  "/8003/", "/8004/",
                                                           "/8006/", "/8010/", "/8017/", "/8018/"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kShortNames = {{
    {"/gtin/", "/01/"},
    {"/itip/", "/8006/"},
    {"/cpid/", "/8010/"},
    {"/gln/", "/414/"},
    {"/party/", "/417/"},
    {"/gsrnp/", "/8017/"},
    {"/gsrn/", "/8018/"},
    {"/gcn/", "/255/"},
    {"/sscc/", "/00/"},
    {"/gdti/", "/253/"},
    {"/ginc/", "/401/"},
    {"/gsin/", "/402/"},
    {"/grai/", "/8003/"},
    {"/giai/", "/8004/"},
    {"/cpv/", "/22/"},
    {"/lot/", "/10/"},
    {"/ser/", "/21/"},
}};

template <std::size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& set) {
    for (auto k : set) {
        if (s == k) return true;
    }
    return false;
}

// The reference's recognition pattern: http(s): then, before any ? or #, `/KEY/dddd` followed by
// a character other than '/'.
bool LooksLikeDl(std::string_view s) {
    std::size_t i = StartsWith(s, "https:") ? 6 : StartsWith(s, "http:") ? 5 : 0;
    if (i == 0) return false;
    const std::size_t stop = std::min(s.find_first_of("?#"), s.size());
    for (; i < stop; ++i) {
        if (s[i] != '/') continue;
        const std::size_t j = s.find('/', i + 1);
        if (j == std::string_view::npos) return false;
        if (OneOf(s.substr(i + 1, j - i - 1), kDetectKeys) && j + 5 < s.size() && DigitRun(s, j + 1) >= 4 &&
            s[j + 5] != '/')
            return true;
    }
    return false;
}

// `https://id.gs1.org/KEY/dddd` + one more character other than '/'.
bool StartsCanonical(std::string_view u) {
    if (!HasCanonicalHost(u)) return false;
    const std::size_t j = u.find('/', 19);
    if (j == std::string_view::npos || !OneOf(u.substr(19, j - 19), kCanonicalKeys)) return false;
    return j + 5 < u.size() && DigitRun(u, j + 1) >= 4 && u[j + 5] != '/';
}

// `https://id.gs1.org/8006/<18 digits>` or `.../01/<14 digits>` followed by `marker`; returns the
// position after the marker or npos.
std::size_t AfterGtinMarker(std::string_view u, std::string_view marker) {
    if (!HasCanonicalHost(u)) return std::string_view::npos;
    std::size_t digits_at = 0, digits = 0;
    if (u.substr(19, 5) == "8006/") {
        digits_at = 24;
        digits = 18;
    } else if (u.substr(19, 3) == "01/") {
        digits_at = 22;
        digits = 14;
    } else {
        return std::string_view::npos;
    }
    if (DigitRun(u, digits_at) != digits || u.substr(digits_at + digits, marker.size()) != marker)
        return std::string_view::npos;
    return digits_at + digits + marker.size();
}

bool Exactly(std::string_view s, std::size_t pos, std::size_t digits) {
    return s.size() == pos + digits && DigitRun(s, pos) == digits;
}

// The reference's closing syntax check of a constrained canonical Digital Link.
bool IsConstrainedCanonicalDl(std::string_view u) {
    if (!HasCanonicalHost(u)) return false;
    const std::size_t slash = u.find('/', 19);
    if (slash == std::string_view::npos) return false;
    const std::string_view key = u.substr(19, slash - 19);
    const std::size_t v = slash + 1;  // value start
    const std::string_view value = u.substr(v);
    auto qualified = [&](std::size_t digits, std::initializer_list<std::pair<std::string_view, std::size_t>> quals) {
        if (DigitRun(u, v) != digits) return false;
        const std::string_view rest = u.substr(v + digits);
        if (rest.empty()) return true;
        for (const auto& [q, max] : quals) {
            if (rest.substr(0, q.size()) == q) return DlChars(rest.substr(q.size()), max);
        }
        return false;
    };
    if (key == "00") return Exactly(u, v, 18);
    if (key == "01") return qualified(14, {{"/21/", 20}, {"/10/", 20}, {"/235/", 28}});
    if (key == "253") return value.size() >= 13 && DigitRun(u, v) >= 13 && DlChars(value.substr(13), 17);
    if (key == "255") return value.size() >= 13 && value.size() <= 25 && AllDigits(value);
    if (key == "401" || key == "8004") return DlChars(value, 30);
    if (key == "402") return Exactly(u, v, 17);
    if (key == "414") return qualified(13, {{"/254/", 20}});
    if (key == "417") return Exactly(u, v, 13);
    if (key == "8003") return value.size() >= 14 && DigitRun(u, v) >= 14 && DlChars(value.substr(14), 16);
    if (key == "8006") return qualified(18, {{"/21/", 20}, {"/10/", 20}});
    if (key == "8017" || key == "8018") return Exactly(u, v, 18);
    if (key == "8010") {
        auto cpi_chars = [](std::string_view s) {
            if (s.size() > 30) return false;
            for (char c : s) {
                if (!(IsDigit(c) || IsUpper(c) || c == '#' || c == '-' || c == '/')) return false;
            }
            return true;
        };
        if (cpi_chars(value)) return true;
        for (std::size_t k = value.find("/8011/"); k != std::string_view::npos; k = value.find("/8011/", k + 1)) {
            const std::string_view serial = value.substr(k + 6);
            if (cpi_chars(value.substr(0, k)) && serial.size() <= 12 && AllDigits(serial)) return true;
        }
        return false;
    }
    return false;
}

bool NormaliseDigitalLink(std::string_view s, std::string& out) {
    if (!LooksLikeDl(s)) return false;
    thread_local std::string u;
    u.assign(s.substr(0, s.find('?')));

    // Short key names ("/gtin/") start a path segment with a letter; numeric paths have none.
    bool lettered = false;
    for (std::size_t i = u.find("//"), n = u.size(); i != std::string::npos && i + 1 < n; i = u.find('/', i + 1)) {
        if (i > 0 && u[i - 1] == '/') continue;  // the scheme's "//"
        const char c = u[i + 1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) lettered = true;
    }
    if (lettered) {
        for (const auto& [from, to] : kShortNames) {
            if (u.find(from) != std::string::npos) ReplaceAll(u, from, to);
        }
    }

    if (!StartsCanonical(u)) {
        for (auto key : kRehostOrder) {
            const std::size_t at = u.find(key);
            if (at != std::string::npos) {
                u.replace(0, at, kCanonicalHost);
                break;
            }
        }
    }

    // GTINs shorter than 14 digits are left-padded (every `/01/` of the URI, as the reference does).
    if (HasCanonicalHost(u) && u.compare(19, 3, "01/") == 0) {
        const std::size_t digits = DigitRun(u, 22);
        if (digits == 13) {
            ReplaceAll(u, "/01/", "/01/0");
        } else if (digits == 12) {
            ReplaceAll(u, "/01/", "/01/00");
        } else if (digits >= 8 && digits < 12) {
            ReplaceAll(u, "/01/", "/01/000000");
        }
    }

    // Consumer product variant (22) dropped, when what follows it is short enough.
    if (const std::size_t at = AfterGtinMarker(u, "/22/"); at != std::string::npos) {
        const std::string_view rest = std::string_view(u).substr(at);
        const std::size_t cut = u.find("/22/");
        if (DlChars(rest, 20)) {
            u.erase(cut);
        } else if (DlChars(rest, 20, true)) {
            const std::size_t next = rest.find('/');
            u.erase(cut, at + next - cut);
        }
    }

    // Lot dropped when a serial follows it.
    if (const std::size_t at = AfterGtinMarker(u, "/10/"); at != std::string::npos) {
        const std::string_view rest = std::string_view(u).substr(at);
        const std::size_t ser = rest.find("/21/");
        if (ser != std::string_view::npos && DlChars(rest.substr(0, ser), 20) && DlChars(rest.substr(ser + 4), 20)) {
            const std::size_t cut = u.find("/10/");
            u.erase(cut, at + ser - cut);
        }
    }

    if (!IsConstrainedCanonicalDl(u)) return false;
    out.append(u);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Numbers as Python's float() reads and str() writes them.

// `digit (["_"] digit)*`; returns the number of digits read, advancing `i`; -1 on a misplaced '_'.
int DigitPart(std::string_view s, std::size_t& i, std::string& clean) {
    int digits = 0;
    while (i < s.size()) {
        if (IsDigit(s[i])) {
            clean.push_back(s[i]);
            ++digits;
            ++i;
        } else if (s[i] == '_' && digits > 0 && i + 1 < s.size() && IsDigit(s[i + 1])) {
            ++i;
        } else {
            break;
        }
    }
    return digits;
}

bool ParsePythonFloat(std::string_view s, double& value) {
    if (s.empty() || s.size() > 400) return false;
    const char first = s[0];
    // Cheap reject: most values are identifiers or words.
    if (!(IsDigit(first) || first == '.' || first == '-' || first == '+')) return false;
    thread_local std::string clean;
    clean.clear();
    std::size_t i = 0;
    if (s[i] == '-' || s[i] == '+') {
        if (s[i] == '-') clean.push_back('-');
        ++i;
    }
    const int int_digits = DigitPart(s, i, clean);
    if (int_digits < 0) return false;
    int frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
        clean.push_back('.');
        ++i;
        // Python rejects "1._5" but accepts "1.": a fraction must start with a digit.
        if (i < s.size() && s[i] == '_') return false;
        frac_digits = DigitPart(s, i, clean);
    }
    if (int_digits + frac_digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        clean.push_back('e');
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) clean.push_back(s[i++]);
        if (i < s.size() && s[i] == '_') return false;
        if (DigitPart(s, i, clean) == 0) return false;
    }
    if (i != s.size()) return false;
    const char* begin = clean.data();
    const char* end = begin + clean.size();
    auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
        // Underflow reads as zero (or a denormal) in Python; overflow is infinite.
        value = std::strtod(clean.c_str(), nullptr);
        return true;
    }
    return ec == std::errc() && ptr == end;
}

const std::array<std::string_view, 8>& BareWordPrefixes() {
    // Indexed by cbv::Vocab: the Web URI the EPCIS JSON-LD context maps a bare standard word to.
    static const std::array<std::string_view, 8> kPrefixes = {
        "https://ref.gs1.org/cbv/BizStep-",
        "https://ref.gs1.org/cbv/Disp-",
        "https://ref.gs1.org/cbv/BTT-",
        "https://ref.gs1.org/cbv/SDT-",
        "https://ref.gs1.org/cbv/ER-",
        "https://gs1.org/voc/",
        "https://gs1.org/voc/",
        "https://ref.gs1.org/cbv/Comp-",
    };
    return kPrefixes;
}

void AppendTwo(std::string& out, int v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

std::string_view Strip(std::string_view s) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); };
    std::size_t b = 0, e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

void AppendPythonNumber(std::string& out, double v) {
    char buf[400];
    if (v == 0) {
        out.push_back('0');  // also -0.0: int(-0.0) is 0
        return;
    }
    if (!std::isfinite(v)) {
        out.append(std::isnan(v) ? "nan" : (v < 0 ? "-inf" : "inf"));
        return;
    }
    if (v == std::trunc(v)) {
        // int(v): exact decimal digits of the integral double.
        std::to_chars_result r{};
        if (std::fabs(v) < 9.0e18) {
            r = std::to_chars(buf, buf + sizeof(buf), static_cast<std::int64_t>(v));
        } else {
            r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, 0);
        }
        out.append(buf, r.ptr);
        return;
    }
    // repr(): shortest round-trip digits; exponent form below 1e-4 (non-integral doubles are all
    // below 2**53, so the upper switch to exponent form never applies).
    const auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
    const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
    const std::size_t e = sci.find('e');
    int exponent = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
    if (exponent < -4) {
        out.append(sci);
        return;
    }
    std::string_view mantissa = sci.substr(0, e);
    if (mantissa[0] == '-') {
        out.push_back('-');
        mantissa.remove_prefix(1);
    }
    char digits[32];
    std::size_t n = 0;
    for (char c : mantissa) {
        if (c != '.') digits[n++] = c;
    }
    const int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        out.append("0.");
        out.append(static_cast<std::size_t>(-point), '0');
        out.append(digits, n);
    } else if (static_cast<std::size_t>(point) < n) {
        const auto whole = static_cast<std::size_t>(point);
        out.append(digits, whole);
        out.push_back('.');
        out.append(digits + whole, n - whole);
    } else {
        // Unreachable for non-integral doubles; kept well-defined.
        out.append(digits, n);
        out.append(static_cast<std::size_t>(point) - n, '0');
    }
}

bool AppendNumericValue(std::string& out, std::string_view text) {
    double v = 0;
    if (!ParsePythonFloat(text, v) || !std::isfinite(v)) return false;
    AppendPythonNumber(out, v);
    return true;
}

bool AppendNormalisedGs1Id(std::string& out, std::string_view uri) {
    if (uri.find('.') == std::string_view::npos) return false;
    const std::size_t mark = out.size();
    if (StartsWith(uri, "urn:epc:")) {
        if (NormaliseEpcUri(uri, out)) return true;
        out.resize(mark);
        return false;
    }
    return NormaliseDigitalLink(uri, out);
}

void AppendCanonicalValue(std::string& out, std::string_view value) {
    thread_local std::string a, b;
    std::string_view v = value;
    // `gs1:` and `cbv:` are the EPCIS context's own prefixes; other CURIEs in values are kept as
    // written (the reference expands no others in XML).
    if (StartsWith(v, "gs1:")) {
        a.assign(v);
        ReplaceAll(a, "gs1:", "https://gs1.org/voc/");
        v = a;
    }
    if (StartsWith(v, "cbv:")) {
        b.assign(v);
        ReplaceAll(b, "cbv:", "https://ref.gs1.org/cbv/");
        v = b;
    }
    if (v.find("urn:epcglobal:cbv:") != std::string_view::npos) {
        std::string& t = v.data() == a.data() ? b : a;
        t.assign(v);
        ReplaceAll(t, "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-");
        ReplaceAll(t, "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-");
        ReplaceAll(t, "urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-");
        ReplaceAll(t, "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-");
        ReplaceAll(t, "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-");
        v = t;
    }
    if (AppendNumericValue(out, v)) return;
    if (AppendNormalisedGs1Id(out, v)) return;
    out.append(v);
}

void AppendVocabularyValue(std::string& out, cbv::Vocab vocab, std::string_view value) {
    if (value.find(':') == std::string_view::npos && cbv::IsStandardWord(vocab, value)) {
        out.append(BareWordPrefixes()[static_cast<std::size_t>(vocab)]).append(value);
        return;
    }
    AppendCanonicalValue(out, value);
}

void AppendUtcMillis(std::string& out, const DateTime& t) {
    std::int64_t seconds = t.unix_seconds;
    const std::int32_t micros = t.nanos / 1000;
    std::int32_t millis = micros / 1000;
    const std::int32_t rest = micros % 1000;
    if (rest > 500 || (rest == 500 && (millis & 1) != 0)) ++millis;
    if (millis == 1000) {
        millis = 0;
        ++seconds;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t sod = seconds % 86400;
    if (sod < 0) {
        sod += 86400;
        --days;
    }
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<std::int64_t>(z - era * 146097);
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    const int y = static_cast<int>(year);
    AppendTwo(out, y / 100 % 100);
    AppendTwo(out, y % 100);
    out.push_back('-');
    AppendTwo(out, month);
    out.push_back('-');
    AppendTwo(out, day);
    out.push_back('T');
    AppendTwo(out, static_cast<int>(sod / 3600));
    out.push_back(':');
    AppendTwo(out, static_cast<int>(sod / 60 % 60));
    out.push_back(':');
    AppendTwo(out, static_cast<int>(sod % 60));
    out.push_back('.');
    out.push_back(static_cast<char>('0' + millis / 100));
    AppendTwo(out, millis % 100);
    out.push_back('Z');
}

}  // namespace txng::epcis::event_hash_detail
