#include "common/messages.hpp"

#include <array>

namespace txng {
namespace {

struct Summary {
    std::string_view prefix;  // dotted rule prefix
    std::string_view vi;
    std::string_view en;
};

// Most specific prefixes first within a family; the first prefix match wins.
constexpr std::array kSummaries = {
    Summary{"json.syntax", "Lỗi cú pháp JSON", "JSON syntax error"},
    Summary{"json.type", "Sai kiểu dữ liệu JSON", "Wrong JSON type"},
    Summary{"json", "Dữ liệu JSON không hợp lệ", "Invalid JSON"},
    Summary{"xml.element_order", "Sai thứ tự phần tử XML", "XML elements out of order"},
    Summary{"xml.unknown_element", "Phần tử XML không được phép", "XML element not allowed"},
    Summary{"xml.required", "Thiếu phần tử XML bắt buộc", "Required XML element missing"},
    Summary{"xml.syntax", "Lỗi cú pháp XML", "XML syntax error"},
    Summary{"xml", "Dữ liệu XML không hợp lệ", "Invalid XML"},
    Summary{"schema.required", "Thiếu trường bắt buộc", "Required field missing"},
    Summary{"schema.unknown_property", "Trường không được phép", "Field not allowed"},
    Summary{"schema.enum", "Giá trị không thuộc danh sách cho phép", "Value not in the allowed list"},
    Summary{"schema", "Không đúng lược đồ EPCIS 2.0", "Does not match the EPCIS 2.0 schema"},
    Summary{"date_time", "Sai định dạng ngày giờ", "Bad date-time format"},
    Summary{"time_zone_offset", "Sai múi giờ", "Bad time-zone offset"},
    Summary{"pattern", "Giá trị sai định dạng", "Value does not match its pattern"},
    Summary{"unique_items", "Giá trị bị lặp lại", "Duplicate values"},
    Summary{"uri", "Không phải URI hợp lệ", "Not a valid URI"},
    Summary{"cbv", "Giá trị không thuộc từ vựng CBV chuẩn", "Not a standard CBV value"},
    Summary{"consistency", "Dữ liệu có thể không nhất quán", "Possibly inconsistent data"},
    Summary{"limit", "Vượt quá giới hạn cho phép", "Over a limit"},
    Summary{"format", "Không nhận dạng được định dạng tài liệu", "Unknown document format"},
    Summary{"dl", "Liên kết GS1 Digital Link không hợp lệ", "Invalid GS1 Digital Link"},
    Summary{"epc_uri", "Mã EPC URN không hợp lệ", "Invalid EPC URN"},
    Summary{"gcp", "Không rõ tiền tố mã doanh nghiệp GS1", "Unknown GS1 Company Prefix"},
    Summary{"gs1", "Mã GS1 không hợp lệ", "Invalid GS1 identifier"},
    Summary{"query.unknown_parameter", "Tham số truy vấn không tồn tại", "Unknown query parameter"},
    Summary{"query.max_event_count", "Kết quả truy vấn quá lớn", "Query result too large"},
    Summary{"query.too_large", "Kết quả truy vấn quá lớn", "Query result too large"},
    Summary{"query.next_page_token", "Mã trang tiếp theo không hợp lệ", "Invalid next-page token"},
    Summary{"query.not_implemented", "Tham số truy vấn chưa được hỗ trợ", "Query parameter not supported yet"},
    Summary{"query", "Tham số truy vấn không hợp lệ", "Invalid query parameter"},
    Summary{"capture.event_id_conflict", "Mã sự kiện đã được dùng cho dữ liệu khác",
            "The eventID is already used by other data"},
    Summary{"capture.limit", "Vượt quá giới hạn thu nhận", "Over the capture limit"},
    Summary{"capture", "Yêu cầu thu nhận không hợp lệ", "Invalid capture request"},
    Summary{"event.not_found", "Không tìm thấy sự kiện", "Event not found"},
    Summary{"store.queue_full", "Hàng đợi thu nhận đã đầy, vui lòng gửi lại sau",
            "The capture queue is full; retry shortly"},
    Summary{"store", "Kho dữ liệu không sẵn sàng", "The store is not available"},
    Summary{"config", "Cấu hình không hợp lệ", "Invalid configuration"},
    Summary{"sheet.write", "Không ghi được tờ tem: đầu ra đã dừng", "The stamp sheet could not be written out"},
    Summary{"sheet.font", "Thiếu phông chữ có đủ chữ tiếng Việt", "No font with the Vietnamese letters"},
    Summary{"sheet.code_text", "Không in được dòng mã dưới QR trên tem", "The text under the code cannot be printed"},
    Summary{"sheet.title", "Tiêu đề không hợp lệ", "Invalid title"},
    Summary{"sheet.empty", "Tờ tem chưa có tem nào", "The sheet has no stamps"},
    Summary{"sheet.sink", "Thiếu nơi nhận tệp PDF", "No output for the PDF"},
    Summary{"sheet.render", "Lỗi khi tạo tờ tem", "The stamp sheet could not be made"},
    Summary{"sheet.state", "Lỗi khi tạo tờ tem", "The stamp sheet could not be made"},
    Summary{"sheet", "Bố cục tờ tem không hợp lệ", "Invalid stamp sheet layout"},
    Summary{"stamp.transition", "Tem không chuyển được sang trạng thái này", "The stamp cannot take this status"},
    Summary{"stamp.batch_not_found", "Không có lô tem này", "No such stamp batch"},
    Summary{"stamp.batch_not_ready", "Lô tem chưa sinh xong", "The stamp batch is not ready yet"},
    Summary{"stamp.batch_failed", "Lô tem không sinh được", "The stamp batch could not be generated"},
    Summary{"stamp.not_found", "Không có tem này trong lô", "No such stamp in the batch"},
    Summary{"stamp.files_dir", "Không đọc, ghi được tệp tem", "The stamp files cannot be read or written"},
    Summary{"stamp.public_url", "Thiếu hoặc sai địa chỉ công khai", "Public address missing or wrong"},
    Summary{"stamp", "Yêu cầu về tem không hợp lệ", "Invalid stamp request"},
    Summary{"registry.not_found", "Không có trong sổ đăng ký", "Not in the registry"},
};

// Keys and AI rules (gtin.*, gln.*, sscc.*, ai.*) are GS1 identifier errors.
constexpr std::array kGs1Families = {"gtin", "gln",  "sscc", "grai", "giai", "gsrn", "gdti", "gcn",        "ginc",
                                     "gsin", "cpid", "itip", "gmn",  "ai",   "pgln", "sgln", "check_digit"};

bool MatchesPrefix(std::string_view rule, std::string_view prefix) {
    return rule.size() >= prefix.size() && rule.substr(0, prefix.size()) == prefix &&
           (rule.size() == prefix.size() || rule[prefix.size()] == '.' || rule[prefix.size()] == '_');
}

}  // namespace

std::string_view RuleSummary(std::string_view rule, Language language) {
    for (const auto& s : kSummaries) {
        if (MatchesPrefix(rule, s.prefix)) return language == Language::kVietnamese ? s.vi : s.en;
    }
    for (std::string_view family : kGs1Families) {
        if (MatchesPrefix(rule, family)) {
            return language == Language::kVietnamese ? "Mã GS1 không hợp lệ" : "Invalid GS1 identifier";
        }
    }
    return language == Language::kVietnamese ? "Dữ liệu không hợp lệ" : "Invalid input";
}

std::string DisplayError(const Error& error) {
    std::string out;
    if (!error.where.empty()) {
        out += error.where;
        out += ": ";
    }
    out += RuleSummary(error.rule, Language::kVietnamese);
    out += " / ";
    out += error.detail.empty() ? RuleSummary(error.rule, Language::kEnglish) : std::string_view(error.detail);
    if (!error.rule.empty()) {
        out += " [rule ";
        out += error.rule;
        out += "]";
    }
    if (!error.value.empty()) {
        out += " (value '";
        out += error.value;
        out += "')";
    }
    return out;
}

}  // namespace txng
