#pragma once
// The one place that builds RFC 7807 problem responses (application/problem+json):
//   {"type": ..., "title": "<Vietnamese> / <English>", "status": 404, "detail": "...",
//    "instance": "/events/x", "rule": "...", "where": "...", "value": "..."}
// `rule`, `where` and `value` are extension members, present when non-empty.
//
// `type` is, unless the caller overrides it, the EPCIS 2.0 exception name where one applies to the
// status as such (epcisException:NoSuchResourceException for 404, URITooLongException for 414,
// ImplementationException for 500 and 501, SecurityException for 401 and 403,
// NotAcceptableException for 406, UnsupportedMediaTypeException for 415), and
// "urn:txng:problem:<ErrorCodeName>" otherwise. Exceptions that depend on the endpoint
// (ValidationException vs QueryParameterException for 400, CaptureLimitExceededException vs
// QueryTooLargeException for 413) are the caller's choice through `type_override`.
//
// `title` leads with the Vietnamese summary of the rule (RuleSummary), or of the error code when
// the rule has no specific summary.

#include <string>
#include <string_view>

#include "common/error.hpp"
#include "http/request.hpp"

namespace txng::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// The default problem type for `code` (see above).
std::string DefaultProblemType(ErrorCode code);

// "<vi> / <en>" for `error` (see above).
std::string ProblemTitle(const Error& error);

// The JSON body alone.
std::string ProblemBody(const Error& error, std::string_view instance, std::string_view type_override = {});

// A complete response: status HttpStatus(error.code), Content-Type application/problem+json,
// Content-Language "vi, en", the body above, keep-alive as asked. Content-Length is set.
Response ProblemResponse(const txng::Error& error, std::string_view instance, unsigned http_version = 11,
                         bool keep_alive = true, std::string_view type_override = {});

}  // namespace txng::http
