#pragma once
// The one error type of txng. Expected failures (bad input, not found, conflict, forbidden...) are
// values of txng::Result<T>; exceptions are reserved for bugs and broken infrastructure.

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <string_view>

namespace txng {

// One code per kind of failure. Each maps to exactly one HTTP status (HttpStatus below), so the
// API layer never decides a status by itself.
enum class ErrorCode {
    kInvalidArgument,       // input breaks a rule of a standard or of txng: 400
    kNotFound,              // 404
    kConflict,              // the resource exists with other content: 409
    kUnauthorized,          // no or bad credentials: 401
    kForbidden,             // credentials lack the right: 403
    kTooLarge,              // over a configured size or count limit: 413
    kUriTooLong,            // request target over the limit: 414
    kHeaderTooLarge,        // request header fields over the limit: 431
    kMethodNotAllowed,      // the resource exists but not with this method: 405
    kTooManyRequests,       // rate or connection limit reached: 429
    kTimeout,               // the client was too slow sending its request: 408
    kUnsupportedMediaType,  // 415
    kNotAcceptable,         // 406
    kUnavailable,           // a dependency is down; retry later: 503
    kNotImplemented,        // 501
    kInternal,              // a bug or broken infrastructure: 500
};

// HTTP status code for an ErrorCode; the single mapping used by every endpoint.
int HttpStatus(ErrorCode code);
// Stable lower-case name ("invalid_argument"...), used in problem types and logs.
std::string_view ErrorCodeName(ErrorCode code);

// A failure that names where it happened, which rule was broken and the offending value, so a
// person can fix the input without reading code.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    // Where: a JSON path (`epcisBody.eventList[0].action`), an XML element path, a field or a
    // parameter name. Empty when the whole input is concerned.
    std::string where;
    // Stable rule identifier, dot separated (`gtin.check_digit`, `json.syntax`); machine-readable.
    std::string rule;
    // One sentence in English saying what is wrong.
    std::string detail;
    // The offending value, shortened to at most kMaxValueLength bytes (valid UTF-8 kept).
    std::string value;

    static constexpr std::size_t kMaxValueLength = 120;

    // "<where>: <detail> [rule <rule>] (value '<value>')", the form the CLI prints.
    std::string ToString() const;

    // Returns a copy whose `where` is prefixed by `outer` (joined with '.' unless `where` starts
    // with '[' or is empty). Used when a nested decoder reports a path relative to its input.
    Error Within(std::string_view outer) const;
};

// Shortens `value` to at most Error::kMaxValueLength bytes without splitting a UTF-8 sequence.
std::string ShortenValue(std::string_view value);

// Builds an Error; `value` is shortened.
Error MakeError(ErrorCode code, std::string where, std::string rule, std::string detail, std::string_view value = {});
// The common case: input that breaks a rule.
Error InvalidArgument(std::string where, std::string rule, std::string detail, std::string_view value = {});

// Called by boost::system::result<T, Error>::value() when it holds an error: that is a bug in the
// caller, so it throws std::logic_error with the error text.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);  // NOLINT

template <typename T>
using Result = boost::system::result<T, Error>;

}  // namespace txng
