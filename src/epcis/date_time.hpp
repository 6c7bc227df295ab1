#pragma once
// xsd:dateTime / RFC 3339 timestamps as EPCIS uses them: an instant plus the offset and the number
// of fraction digits it was written with, so that it can be written back exactly as received.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::epcis {

struct DateTime {
    // Seconds since 1970-01-01T00:00:00Z of the instant (UTC), and the sub-second part.
    std::int64_t unix_seconds = 0;
    std::int32_t nanos = 0;  // 0..999'999'999
    // Offset from UTC in minutes as written (+07:00 -> 420); `Z` -> 0 with has_z = true.
    std::int32_t offset_minutes = 0;
    bool has_z = true;
    // Fraction digits as written (0..9); digits past the 9th are dropped on parsing.
    std::uint8_t fraction_digits = 0;

    // Parses `YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm)` (RFC 3339 `date-time`, which JSON Schema's
    // `date-time` format and the EPCIS XML binding both require; a lower-case `t`/`z` is accepted
    // as RFC 3339 allows). Years 0001..9999, real calendar days, hour 00..23 (24:00:00 is not
    // accepted), leap second 60 accepted only at 23:59 UTC-local as RFC 3339 says.
    // Error rule: `date_time.format` naming the offending value.
    static Result<DateTime> Parse(std::string_view text);

    // The same form it was read in: local time at the original offset, original fraction digits.
    std::string ToString() const;
    // UTC with exactly `digits` fraction digits (0..9), `Z` suffix; rounds half up (the event
    // hash uses digits = 3).
    std::string ToUtcString(int digits) const;
    // Offset as `+hh:mm` / `-hh:mm` (`+00:00` for Z).
    std::string OffsetString() const;

    // Milliseconds since the epoch (floor), for indexes and ordering.
    std::int64_t UnixMillis() const;

    // Instants compare by time only; offset and format are presentation.
    friend bool operator==(const DateTime& a, const DateTime& b) {
        return a.unix_seconds == b.unix_seconds && a.nanos == b.nanos;
    }
    friend std::strong_ordering operator<=>(const DateTime& a, const DateTime& b) {
        if (auto c = a.unix_seconds <=> b.unix_seconds; c != 0) return c;
        return a.nanos <=> b.nanos;
    }
};

// Parses a time-zone offset `±hh:mm` (eventTimeZoneOffset); hours 00..14, minutes 00..59.
// Returns minutes east of UTC. Error rule: `time_zone_offset.format`.
Result<std::int32_t> ParseTimeZoneOffset(std::string_view text);
std::string FormatTimeZoneOffset(std::int32_t minutes);

}  // namespace txng::epcis
