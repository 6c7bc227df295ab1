#include "service/stamp_files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>

namespace txng::service {
namespace {

namespace json = boost::json;

struct NumberField {
    std::string_view name;
    double codes::SheetLayout::*member;
};
constexpr std::array<NumberField, 7> kNumbers{{
    {"pageWidth", &codes::SheetLayout::page_width},
    {"pageHeight", &codes::SheetLayout::page_height},
    {"labelWidth", &codes::SheetLayout::label_width},
    {"labelHeight", &codes::SheetLayout::label_height},
    {"margin", &codes::SheetLayout::margin},
    {"gap", &codes::SheetLayout::gap},
    {"codeSize", &codes::SheetLayout::code_size},
}};

// Error::where of the sheet writer's layout errors names its C++ field; the API's are camelCase.
std::string ApiField(std::string_view where) {
    std::string out = "layout.";
    bool upper = false;
    for (const char c : where) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

// Writes all of `bytes` to `fd`.
bool WriteAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break.
void AppendCell(std::string& out, std::string_view cell) {
    if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

Error FileError(std::string_view what) {
    return MakeError(
        ErrorCode::kUnavailable, "files_dir", "stamp.files_dir",
        fmt::format("Không ghi được tệp tem. / Cannot write the stamp files: {}: {}", what, std::strerror(errno)));
}

}  // namespace

Result<codes::SheetLayout> ParseSheetLayout(std::string_view layout_json) {
    codes::SheetLayout layout;
    if (layout_json.empty()) return codes::ResolveLayout(layout);
    boost::system::error_code ec;
    json::value v = json::parse(layout_json, ec);
    if (ec) return InvalidArgument("layout", "json.syntax", "Bố cục tờ tem không phải JSON. / The layout is not JSON.");
    if (!v.is_object()) return InvalidArgument("layout", "json.type", "Expected a JSON object.");
    for (const auto& member : v.get_object()) {
        const std::string where = "layout." + std::string(member.key());
        bool known = false;
        for (const auto& f : kNumbers) {
            if (member.key() != f.name) continue;
            known = true;
            if (!member.value().is_number()) return InvalidArgument(where, "json.type", "Expected a number (mm).");
            const double d = member.value().to_number<double>();
            if (!std::isfinite(d)) return InvalidArgument(where, "json.type", "Expected a finite number (mm).");
            layout.*f.member = d;
        }
        if (member.key() == "columns" || member.key() == "rows") {
            known = true;
            const auto* i = member.value().if_int64();
            if (i == nullptr || *i < 0 || *i > 1000) {
                return InvalidArgument(where, "json.type", "Expected a whole number from 0 to 1000.");
            }
            (member.key() == "columns" ? layout.columns : layout.rows) = static_cast<int>(*i);
        } else if (member.key() == "cutMarks") {
            known = true;
            if (!member.value().is_bool()) return InvalidArgument(where, "json.type", "Expected true or false.");
            layout.cut_marks = member.value().get_bool();
        }
        if (!known) {
            return InvalidArgument(where, "json.unknown_field",
                                   "Bố cục có pageWidth, pageHeight, labelWidth, labelHeight, columns, rows, margin, "
                                   "gap, codeSize, cutMarks. / The layout has pageWidth, pageHeight, labelWidth, "
                                   "labelHeight, columns, rows, margin, gap, codeSize, cutMarks.",
                                   std::string_view(member.key()));
        }
    }
    auto resolved = codes::ResolveLayout(layout);
    if (!resolved) {
        Error e = resolved.error();
        e.where = ApiField(e.where);
        return e;
    }
    return resolved;
}

Result<std::string> CheckSheetLayout(std::string_view layout_json) {
    auto layout = ParseSheetLayout(layout_json);
    if (!layout) return layout.error();
    json::object o;
    for (const auto& f : kNumbers) o[f.name] = (*layout).*f.member;
    o["columns"] = layout->columns;
    o["rows"] = layout->rows;
    o["cutMarks"] = layout->cut_marks;
    return json::serialize(o);
}

struct StampFileWriter::Impl {
    int csv = -1;
    int pdf = -1;
    std::string csv_buffer;
    std::optional<codes::StampSheetWriter> sheet;
    bool pdf_failed = false;

    ~Impl() {
        if (csv >= 0) ::close(csv);
        if (pdf >= 0) ::close(pdf);
    }
};

StampFileWriter::StampFileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StampFileWriter::StampFileWriter(StampFileWriter&&) noexcept = default;
StampFileWriter& StampFileWriter::operator=(StampFileWriter&&) noexcept = default;
StampFileWriter::~StampFileWriter() = default;

Result<StampFileWriter> StampFileWriter::Create(const std::string& csv_path, const std::string& pdf_path,
                                                std::string_view layout_json, std::string title) {
    auto layout = ParseSheetLayout(layout_json);
    if (!layout) return layout.error();
    auto impl = std::make_unique<Impl>();
    impl->csv = ::open(csv_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (impl->csv < 0) return FileError(csv_path);
    impl->pdf = ::open(pdf_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (impl->pdf < 0) return FileError(pdf_path);
    Impl* raw = impl.get();
    auto sheet = codes::StampSheetWriter::Create(
        *layout,
        [raw](std::string_view bytes) {
            if (!WriteAll(raw->pdf, bytes)) raw->pdf_failed = true;
            return !raw->pdf_failed;
        },
        std::move(title));
    if (!sheet) return sheet.error();
    impl->sheet.emplace(std::move(*sheet));
    // A byte order mark, so that spreadsheet programs read the Vietnamese header as UTF-8.
    impl->csv_buffer = "\xEF\xBB\xBFSTT / No.,Số sê-ri / Serial,Digital Link,Sản phẩm / Product\r\n";
    return StampFileWriter(std::move(impl));
}

Result<void> StampFileWriter::Add(std::int64_t ordinal, std::string_view serial, std::string_view digital_link,
                                  std::string_view product) {
    std::string& b = impl_->csv_buffer;
    b += std::to_string(ordinal);
    b += ',';
    AppendCell(b, serial);
    b += ',';
    AppendCell(b, digital_link);
    b += ',';
    AppendCell(b, product);
    b += "\r\n";
    if (b.size() >= 64 * 1024) {
        if (!WriteAll(impl_->csv, b)) return FileError("csv");
        b.clear();
    }
    auto r = impl_->sheet->Add(codes::StampLabel{std::string(digital_link), std::string(serial), std::string(product)});
    if (!r && impl_->pdf_failed) return FileError("pdf");
    return r;
}

Result<void> StampFileWriter::Finish() {
    if (!WriteAll(impl_->csv, impl_->csv_buffer)) return FileError("csv");
    impl_->csv_buffer.clear();
    auto r = impl_->sheet->Finish();
    if (!r) return impl_->pdf_failed ? FileError("pdf") : r;
    if (::fsync(impl_->csv) != 0 || ::fsync(impl_->pdf) != 0) return FileError("fsync");
    return {};
}

}  // namespace txng::service
