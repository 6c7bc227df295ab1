#include "common/error.hpp"

#include <stdexcept>

namespace txng {

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kUnauthorized:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kUriTooLong:
            return 414;
        case ErrorCode::kHeaderTooLarge:
            return 431;
        case ErrorCode::kMethodNotAllowed:
            return 405;
        case ErrorCode::kTooManyRequests:
            return 429;
        case ErrorCode::kTimeout:
            return 408;
        case ErrorCode::kUnsupportedMediaType:
            return 415;
        case ErrorCode::kNotAcceptable:
            return 406;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kNotImplemented:
            return 501;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kUnauthorized:
            return "unauthorized";
        case ErrorCode::kForbidden:
            return "forbidden";
        case ErrorCode::kTooLarge:
            return "too_large";
        case ErrorCode::kUriTooLong:
            return "uri_too_long";
        case ErrorCode::kHeaderTooLarge:
            return "header_too_large";
        case ErrorCode::kMethodNotAllowed:
            return "method_not_allowed";
        case ErrorCode::kTooManyRequests:
            return "too_many_requests";
        case ErrorCode::kTimeout:
            return "timeout";
        case ErrorCode::kUnsupportedMediaType:
            return "unsupported_media_type";
        case ErrorCode::kNotAcceptable:
            return "not_acceptable";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kNotImplemented:
            return "not_implemented";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

std::string ShortenValue(std::string_view value) {
    if (value.size() <= Error::kMaxValueLength) return std::string(value);
    std::size_t cut = Error::kMaxValueLength;
    // Step back over UTF-8 continuation bytes so the result stays valid UTF-8.
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    return std::string(value.substr(0, cut)) + "...";
}

std::string Error::ToString() const {
    std::string out;
    if (!where.empty()) {
        out += where;
        out += ": ";
    }
    out += detail.empty() ? std::string(ErrorCodeName(code)) : detail;
    if (!rule.empty()) {
        out += " [rule ";
        out += rule;
        out += "]";
    }
    if (!value.empty()) {
        out += " (value '";
        out += value;
        out += "')";
    }
    return out;
}

Error Error::Within(std::string_view outer) const {
    Error e = *this;
    if (outer.empty()) return e;
    if (e.where.empty()) {
        e.where = std::string(outer);
    } else if (e.where.front() == '[') {
        e.where = std::string(outer) + e.where;
    } else {
        e.where = std::string(outer) + "." + e.where;
    }
    return e;
}

Error MakeError(ErrorCode code, std::string where, std::string rule, std::string detail, std::string_view value) {
    return Error{code, std::move(where), std::move(rule), std::move(detail), ShortenValue(value)};
}

Error InvalidArgument(std::string where, std::string rule, std::string detail, std::string_view value) {
    return MakeError(ErrorCode::kInvalidArgument, std::move(where), std::move(rule), std::move(detail), value);
}

void throw_exception_from_error(const Error& e, const boost::source_location& /*loc*/) {
    throw std::logic_error("unchecked txng::Result error: " + e.ToString());
}

}  // namespace txng
