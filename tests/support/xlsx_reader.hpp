#pragma once
// Reads a worksheet of an XLSX file back for tests: the file is unpacked by `unzip` (a separate
// program, so the workbook is read by other code than the one that wrote it) and its XML parsed.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace txng::testing {

struct XlsxSheet {
    std::string name;                            // from xl/workbook.xml
    std::vector<std::vector<std::string>> rows;  // cell texts by column (A = 0), numbers as written
};

// Sheet `index` (0-based) of `file`; nullopt when the file is not a readable workbook or has no
// such sheet. Cells may be inline strings, shared strings or numbers.
std::optional<XlsxSheet> ReadXlsxSheet(const std::filesystem::path& file, std::size_t index);

}  // namespace txng::testing
