#pragma once
// Internal to the JSON-LD codec: compact JSON text from a boost::json::value, with numbers written
// the way EPCIS documents write them. Not a public API.
//
// Why not boost::json::serialize: it writes doubles as `1.5E2`; EPCIS examples (and people) write
// `150` and `0.005`, and extension numbers must come out exactly as they were read.

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace txng::epcis::json_internal {

// Appends `v` to `out` as compact JSON. Doubles are written in the shortest form that reads back
// to the same double (integral values without a fraction: `150`); non-finite doubles, which JSON
// cannot carry, as `null`. Strings marked as numbers (json_reader.hpp) are written as the number
// text they hold when that text is a JSON number, else as a string. Member order is kept.
void WriteJson(const boost::json::value& v, std::string& out);

// At most about `max_bytes` of the JSON text of `v` (for error messages: the offending value).
std::string PreviewJson(const boost::json::value& v, std::size_t max_bytes = 160);

// Appends `d` in shortest round-trip form (`150`, `0.005`, `1e+21`).
void AppendDouble(double d, std::string& out);

// True when `text` is a number by the JSON grammar (RFC 8259 section 6).
bool IsJsonNumber(std::string_view text);

}  // namespace txng::epcis::json_internal
