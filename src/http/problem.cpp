#include "http/problem.hpp"

#include <boost/beast/http/field.hpp>

#include "common/log.hpp"
#include "common/messages.hpp"

namespace txng::http {
namespace {

struct Title {
    std::string_view vi;
    std::string_view en;
};

Title CodeTitle(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return {"Dữ liệu không hợp lệ", "Invalid input"};
        case ErrorCode::kNotFound:
            return {"Không tìm thấy", "Not found"};
        case ErrorCode::kConflict:
            return {"Xung đột với dữ liệu đã có", "Conflicts with existing data"};
        case ErrorCode::kUnauthorized:
            return {"Chưa xác thực", "Not authenticated"};
        case ErrorCode::kForbidden:
            return {"Không có quyền", "Forbidden"};
        case ErrorCode::kTooLarge:
            return {"Vượt quá giới hạn kích thước", "Too large"};
        case ErrorCode::kUriTooLong:
            return {"Địa chỉ yêu cầu quá dài", "Request URI too long"};
        case ErrorCode::kHeaderTooLarge:
            return {"Phần đầu yêu cầu quá lớn", "Request header fields too large"};
        case ErrorCode::kMethodNotAllowed:
            return {"Phương thức không được hỗ trợ", "Method not allowed"};
        case ErrorCode::kTooManyRequests:
            return {"Quá nhiều yêu cầu", "Too many requests"};
        case ErrorCode::kTimeout:
            return {"Hết thời gian chờ yêu cầu", "Request timeout"};
        case ErrorCode::kUnsupportedMediaType:
            return {"Kiểu dữ liệu không được hỗ trợ", "Unsupported media type"};
        case ErrorCode::kNotAcceptable:
            return {"Không có định dạng phản hồi phù hợp", "Not acceptable"};
        case ErrorCode::kUnavailable:
            return {"Dịch vụ tạm thời không sẵn sàng", "Service unavailable"};
        case ErrorCode::kNotImplemented:
            return {"Chức năng chưa được hỗ trợ", "Not implemented"};
        case ErrorCode::kInternal:
            return {"Lỗi máy chủ", "Internal server error"};
    }
    return {"Lỗi máy chủ", "Internal server error"};
}

}  // namespace

std::string DefaultProblemType(ErrorCode code) {
    switch (code) {
        case ErrorCode::kNotFound:
            return "epcisException:NoSuchResourceException";
        case ErrorCode::kUriTooLong:
            return "epcisException:URITooLongException";
        case ErrorCode::kInternal:
        case ErrorCode::kNotImplemented:
            return "epcisException:ImplementationException";
        case ErrorCode::kUnauthorized:
        case ErrorCode::kForbidden:
            return "epcisException:SecurityException";
        case ErrorCode::kNotAcceptable:
            return "epcisException:NotAcceptableException";
        case ErrorCode::kUnsupportedMediaType:
            return "epcisException:UnsupportedMediaTypeException";
        default:
            return "urn:txng:problem:" + std::string(ErrorCodeName(code));
    }
}

std::string ProblemTitle(const Error& error) {
    // RuleSummary falls back to a generic "invalid input" summary for rules it does not know,
    // which would mislabel a 404 or a 503; the error code says more in that case.
    std::string_view vi = RuleSummary(error.rule, Language::kVietnamese);
    std::string_view en = RuleSummary(error.rule, Language::kEnglish);
    if (error.rule.empty() || vi == RuleSummary("", Language::kVietnamese)) {
        Title t = CodeTitle(error.code);
        vi = t.vi;
        en = t.en;
    }
    std::string out(vi);
    out += " / ";
    out += en;
    return out;
}

std::string ProblemBody(const Error& error, std::string_view instance, std::string_view type_override) {
    // Written by hand rather than with Boost.JSON because values can hold whatever bytes a client
    // sent: AppendJsonString replaces invalid UTF-8, keeping the body valid JSON.
    std::string out = "{";
    auto member = [&](std::string_view name, std::string_view value) {
        if (out.size() > 1) out += ',';
        log::AppendJsonString(out, name);
        out += ':';
        log::AppendJsonString(out, value);
    };
    member("type", type_override.empty() ? DefaultProblemType(error.code) : std::string(type_override));
    member("title", ProblemTitle(error));
    out += ",\"status\":" + std::to_string(HttpStatus(error.code));
    if (!error.detail.empty()) member("detail", error.detail);
    if (!instance.empty()) member("instance", instance);
    if (!error.rule.empty()) member("rule", error.rule);
    if (!error.where.empty()) member("where", error.where);
    if (!error.value.empty()) member("value", error.value);
    out += '}';
    return out;
}

Response ProblemResponse(const txng::Error& error, std::string_view instance, unsigned http_version, bool keep_alive,
                         std::string_view type_override) {
    Response res{static_cast<boost::beast::http::status>(HttpStatus(error.code)), http_version};
    res.set(boost::beast::http::field::content_type, kProblemContentType);
    res.set(boost::beast::http::field::content_language, "vi, en");
    res.body() = ProblemBody(error, instance, type_override);
    res.content_length(res.body().size());
    res.keep_alive(keep_alive);
    return res;
}

}  // namespace txng::http
