#include "epcis/date_time.hpp"

#include <array>
#include <cstdio>

namespace txng::epcis {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`; false when any is not a digit.
bool ReadDigits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!IsDigit(s[pos + i])) return false;
        v = v * 10 + (s[pos + i] - '0');
    }
    out = v;
    return true;
}

bool IsLeapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(std::int64_t y, int m) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeapYear(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    int month;
    int day;
};

Civil CivilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

Error FormatError(std::string_view text, std::string detail) {
    return InvalidArgument("", "date_time.format",
                           std::move(detail) + " (expected RFC 3339 date-time such as 2026-05-01T08:30:00.000+07:00)",
                           text);
}

std::string FormatLocal(std::int64_t local_seconds, std::int32_t nanos, int digits) {
    std::int64_t days = local_seconds / kSecondsPerDay;
    std::int64_t rem = local_seconds % kSecondsPerDay;
    if (rem < 0) {
        rem += kSecondsPerDay;
        --days;
    }
    const Civil c = CivilFromDays(days);
    char buf[64];
    int n =
        std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(c.year), c.month,
                      c.day, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
    std::string out(buf, static_cast<std::size_t>(n));
    if (digits > 0) {
        char frac[16];
        std::snprintf(frac, sizeof(frac), "%09d", nanos);
        out += '.';
        out.append(frac, static_cast<std::size_t>(digits));
    }
    return out;
}

}  // namespace

Result<DateTime> DateTime::Parse(std::string_view s) {
    // YYYY-MM-DDThh:mm:ss
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (s.size() < 20 || !ReadDigits(s, 0, 4, year) || s[4] != '-' || !ReadDigits(s, 5, 2, month) || s[7] != '-' ||
        !ReadDigits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !ReadDigits(s, 11, 2, hour) || s[13] != ':' ||
        !ReadDigits(s, 14, 2, minute) || s[16] != ':' || !ReadDigits(s, 17, 2, second)) {
        return FormatError(s, "not a date-time");
    }
    if (year < 1) return FormatError(s, "year must be 0001 or later");
    if (month < 1 || month > 12) return FormatError(s, "month out of range");
    if (day < 1 || day > DaysInMonth(year, month)) return FormatError(s, "day out of range for the month");
    if (hour > 23) return FormatError(s, "hour out of range");
    if (minute > 59) return FormatError(s, "minute out of range");
    if (second > 60) return FormatError(s, "second out of range");

    DateTime out;
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        std::int64_t nanos = 0;
        while (pos < s.size() && IsDigit(s[pos])) {
            if (pos - start < 9) nanos = nanos * 10 + (s[pos] - '0');
            ++pos;
        }
        const std::size_t digits = pos - start;
        if (digits == 0) return FormatError(s, "a '.' must be followed by fraction digits");
        for (std::size_t i = digits; i < 9; ++i) nanos *= 10;
        out.nanos = static_cast<std::int32_t>(nanos);
        out.fraction_digits = static_cast<std::uint8_t>(digits < 9 ? digits : 9);
    }
    if (pos >= s.size()) return FormatError(s, "time-zone offset (Z or +hh:mm) is missing");
    if (s[pos] == 'Z' || s[pos] == 'z') {
        out.has_z = true;
        out.offset_minutes = 0;
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        auto offset = ParseTimeZoneOffset(s.substr(pos));
        if (!offset) return FormatError(s, "bad time-zone offset");
        out.has_z = false;
        out.offset_minutes = *offset;
        pos += 6;
    } else {
        return FormatError(s, "time-zone offset (Z or +hh:mm) is missing");
    }
    if (pos != s.size()) return FormatError(s, "unexpected characters after the time-zone offset");

    const std::int64_t local = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
    out.unix_seconds = local - static_cast<std::int64_t>(out.offset_minutes) * 60;
    if (second == 60) {
        // RFC 3339 allows a leap second only as the last second of a UTC day.
        const std::int64_t utc_of_day = ((out.unix_seconds - 1) % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay;
        if (utc_of_day != kSecondsPerDay - 1) return FormatError(s, "leap second 60 is only valid at 23:59:60Z");
    }
    return out;
}

std::string DateTime::ToString() const {
    const std::int64_t local = unix_seconds + static_cast<std::int64_t>(offset_minutes) * 60;
    std::string out = FormatLocal(local, nanos, fraction_digits);
    out += has_z ? std::string("Z") : OffsetString();
    return out;
}

std::string DateTime::ToUtcString(int digits) const {
    if (digits < 0) digits = 0;
    if (digits > 9) digits = 9;
    std::int64_t unit = 1;
    for (int i = digits; i < 9; ++i) unit *= 10;
    // Round half up to `digits` fraction digits, carrying into the seconds.
    std::int64_t rounded = (static_cast<std::int64_t>(nanos) + unit / 2) / unit * unit;
    std::int64_t secs = unix_seconds;
    if (rounded >= 1'000'000'000) {
        rounded -= 1'000'000'000;
        ++secs;
    }
    return FormatLocal(secs, static_cast<std::int32_t>(rounded), digits) + "Z";
}

std::string DateTime::OffsetString() const { return FormatTimeZoneOffset(offset_minutes); }

std::int64_t DateTime::UnixMillis() const { return unix_seconds * 1000 + nanos / 1'000'000; }

Result<std::int32_t> ParseTimeZoneOffset(std::string_view s) {
    int hh = 0, mm = 0;
    if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || !ReadDigits(s, 1, 2, hh) || s[3] != ':' ||
        !ReadDigits(s, 4, 2, mm) || hh > 14 || mm > 59 || (hh == 14 && mm != 0)) {
        return InvalidArgument("", "time_zone_offset.format", "time-zone offset must be +hh:mm or -hh:mm within ±14:00",
                               s);
    }
    const std::int32_t minutes = hh * 60 + mm;
    return s[0] == '-' ? -minutes : minutes;
}

std::string FormatTimeZoneOffset(std::int32_t minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    const std::int32_t a = minutes < 0 ? -minutes : minutes;
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%c%02d:%02d", sign, (a / 60) % 100, a % 60);
    return buf;
}

}  // namespace txng::epcis
