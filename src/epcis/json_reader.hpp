#pragma once
// Internal to the JSON-LD codec (json_codec.cpp): strict JSON parsing into a boost::json::value
// that keeps each number's lexical form and rejects duplicate member names. Not a public API.
//
// Why a custom Boost.JSON handler: boost::json::parser converts numbers to int64/double and drops
// their text, but EPCIS extension values must be kept as written (`"26.0"` stays `26.0`), and it
// silently keeps the last of duplicate keys, which would let two different `eventTime`s through.

#include <boost/json.hpp>
#include <string_view>

#include "common/error.hpp"
#include "epcis/event.hpp"

namespace txng::epcis::json_internal {

// In a tree built by ReadJson, every number is a string holding kNumberMark followed by the
// number's text as written. Boost.JSON validates UTF-8 in strings and 0xFF never occurs in valid
// UTF-8, so a marked number cannot be confused with a JSON string.
inline constexpr char kNumberMark = '\xFF';

inline bool IsMarkedNumber(const boost::json::value& v) {
    const auto* s = v.if_string();
    return s != nullptr && !s->empty() && (*s)[0] == kNumberMark;
}

// The number text of a marked number (IsMarkedNumber(v) must hold).
inline std::string_view MarkedNumberText(const boost::json::value& v) {
    const auto& s = v.get_string();
    return std::string_view(s.data() + 1, s.size() - 1);
}

// Parses `text` (RFC 8259 JSON: no comments, no trailing commas, valid UTF-8) into a value whose
// memory comes from `sp`. Enforces limits.max_depth and limits.max_string_bytes (strings and
// member names); the caller checks max_document_bytes. Errors: rule `json.syntax`, `json.utf8`,
// `json.duplicate_key` (ErrorCode::kInvalidArgument, position in the detail), `limit.depth`,
// `limit.string_bytes` (ErrorCode::kTooLarge).
Result<boost::json::value> ReadJson(std::string_view text, const DecodeLimits& limits, boost::json::storage_ptr sp);

}  // namespace txng::epcis::json_internal
