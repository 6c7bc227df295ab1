// RecallXlsx: the recall spreadsheet through libxlsxwriter, which writes workbooks to files only
// (this version has no memory output): a private temporary file, read back and removed.

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "service/trace_report.hpp"

namespace txng::service {
namespace {

Error XlsxError(std::string_view what) {
    return MakeError(ErrorCode::kInternal, "format", "recall.xlsx",
                     "Không tạo được tệp XLSX. / The XLSX workbook could not be written.", std::string(what));
}

// A temporary file name that no one else has (created empty, 0600), removed with the object.
class TempFile {
  public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "txng-recall-XXXXXX.xlsx").string();
        const int fd = ::mkstemps(pattern.data(), 5);
        if (fd >= 0) {
            ::close(fd);
            path_ = pattern;
        }
    }
    ~TempFile() {
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Excel's limits: 32,767 characters in a cell, 1,048,576 rows in a sheet.
constexpr std::size_t kMaxCell = 32'767;
constexpr std::size_t kMaxRows = 1'048'576;

// At most kMaxCell bytes (so at most as many characters), cut before a character, never inside one.
std::string Cell(const std::string& s) {
    if (s.size() <= kMaxCell) return s;
    std::size_t cut = kMaxCell;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut);
}

}  // namespace

Result<std::string> RecallXlsx(const RecallReport& report) {
    TempFile file;
    if (file.path().empty()) return XlsxError("temporary file");
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows go to disk as they are written: any recall size
    lxw_workbook* book = workbook_new_opt(file.path().c_str(), &options);
    if (book == nullptr) return XlsxError("workbook_new_opt");
    lxw_doc_properties properties{};
    properties.title = const_cast<char*>("Danh sách hàng thu hồi / Recall list");
    properties.comments = const_cast<char*>(report.root.c_str());
    workbook_set_properties(book, &properties);
    lxw_format* header = workbook_add_format(book);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_text_wrap(header);

    const auto& columns = RecallColumns();
    const auto last_column = static_cast<lxw_col_t>(columns.size() - 1);
    lxw_worksheet* items = workbook_add_worksheet(book, "Hàng thu hồi - Items");
    lxw_worksheet* counts = workbook_add_worksheet(book, "Tổng hợp - Summary");
    if (items == nullptr || counts == nullptr) {
        workbook_close(book);
        return XlsxError("workbook_add_worksheet");
    }
    // Widths in characters: identifiers are long, names medium, codes short.
    const double widths[] = {48, 12, 36, 14, 44, 32, 22, 10, 44, 32, 18, 26, 10, 46};
    for (lxw_col_t c = 0; c <= last_column; ++c) {
        worksheet_set_column(items, c, c, c < std::size(widths) ? widths[c] : 20, nullptr);
    }
    worksheet_set_row(items, 0, 32, nullptr);
    for (lxw_col_t c = 0; c <= last_column; ++c) worksheet_write_string(items, 0, c, columns[c].c_str(), header);
    worksheet_freeze_panes(items, 1, 1);
    const std::size_t rows = std::min(report.items.size(), kMaxRows - 1);
    constexpr lxw_col_t kPathLength = 12;  // written as a number, so that it sorts as one
    for (std::size_t r = 0; r < rows; ++r) {
        const auto cells = RecallCells(report.items[r]);
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (lxw_col_t c = 0; c <= last_column && c < cells.size(); ++c) {
            if (c == kPathLength) {
                worksheet_write_number(items, row, c, report.items[r].path_length, nullptr);
            } else if (!cells[c].empty()) {
                worksheet_write_string(items, row, c, Cell(cells[c]).c_str(), nullptr);
            }
        }
    }
    worksheet_autofilter(items, 0, 0, static_cast<lxw_row_t>(rows), last_column);

    worksheet_set_column(counts, 0, 0, 26, nullptr);
    worksheet_set_column(counts, 1, 1, 56, nullptr);
    worksheet_set_column(counts, 2, 2, 14, nullptr);
    worksheet_write_string(counts, 0, 0, "Loại / Kind", header);
    worksheet_write_string(counts, 0, 1, "Mã / Identifier", header);
    worksheet_write_string(counts, 0, 2, "Số hàng / Items", header);
    lxw_row_t row = 1;
    worksheet_write_string(counts, row, 0, "Gốc / Root", nullptr);
    worksheet_write_string(counts, row, 1, Cell(report.root).c_str(), nullptr);
    worksheet_write_number(counts, row, 2, static_cast<double>(report.items.size()), nullptr);
    ++row;
    auto list = [&](const char* kind, const std::vector<std::pair<std::string, std::size_t>>& entries) {
        for (const auto& [id, count] : entries) {
            if (row >= kMaxRows) return;
            worksheet_write_string(counts, row, 0, kind, nullptr);
            worksheet_write_string(counts, row, 1, Cell(id).c_str(), nullptr);
            worksheet_write_number(counts, row, 2, static_cast<double>(count), nullptr);
            ++row;
        }
    };
    list("Vị trí cuối / Last location", report.locations);
    list("Bên giữ hàng / Custodian", report.parties);
    if (report.truncated || rows < report.items.size()) {
        worksheet_write_string(counts, row, 0, "Bị cắt bớt / Truncated", nullptr);
        worksheet_write_string(counts, row, 1, "true", nullptr);
    }
    if (const lxw_error e = workbook_close(book); e != LXW_NO_ERROR) return XlsxError(lxw_strerror(e));

    std::ifstream in(file.path(), std::ios::binary);
    if (!in) return XlsxError("read back");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace txng::service
