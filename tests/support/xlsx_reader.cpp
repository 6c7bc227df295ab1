#include "tests/support/xlsx_reader.hpp"

#include <pugixml.hpp>

#include "tests/support/run_command.hpp"

namespace txng::testing {
namespace {

std::optional<std::string> Member(const std::filesystem::path& file, const std::string& member) {
    const RunResult r = RunCommand("unzip", {"-p", file.string(), member});
    if (r.exit_code != 0 || r.out.empty()) return std::nullopt;
    return r.out;
}

// "BC12" -> 54 (the column of a cell reference, A = 0).
std::size_t ColumnOf(std::string_view ref) {
    std::size_t column = 0;
    for (const char c : ref) {
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    }
    return column == 0 ? 0 : column - 1;
}

// The text of an <si> or <is> element: its <t>, or the <t>s of its rich-text runs.
std::string TextOf(const pugi::xml_node& node) {
    std::string out;
    for (const auto& t : node.select_nodes(".//t")) out += t.node().text().get();
    return out;
}

}  // namespace

std::optional<XlsxSheet> ReadXlsxSheet(const std::filesystem::path& file, std::size_t index) {
    const auto workbook_xml = Member(file, "xl/workbook.xml");
    if (!workbook_xml) return std::nullopt;
    pugi::xml_document workbook;
    if (!workbook.load_string(workbook_xml->c_str())) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& s : workbook.child("workbook").child("sheets").children("sheet")) {
        names.emplace_back(s.attribute("name").value());
    }
    if (index >= names.size()) return std::nullopt;
    XlsxSheet sheet;
    sheet.name = names[index];

    std::vector<std::string> shared;
    if (const auto strings = Member(file, "xl/sharedStrings.xml")) {
        pugi::xml_document doc;
        if (doc.load_string(strings->c_str())) {
            for (const auto& si : doc.child("sst").children("si")) shared.push_back(TextOf(si));
        }
    }
    const auto xml = Member(file, "xl/worksheets/sheet" + std::to_string(index + 1) + ".xml");
    if (!xml) return std::nullopt;
    pugi::xml_document doc;
    if (!doc.load_string(xml->c_str())) return std::nullopt;
    for (const auto& row : doc.child("worksheet").child("sheetData").children("row")) {
        std::vector<std::string> cells;
        for (const auto& c : row.children("c")) {
            const std::size_t column = ColumnOf(c.attribute("r").value());
            if (cells.size() <= column) cells.resize(column + 1);
            const std::string_view type = c.attribute("t").value();
            if (type == "inlineStr") {
                cells[column] = TextOf(c.child("is"));
            } else if (type == "s") {
                const auto i = static_cast<std::size_t>(c.child("v").text().as_ullong());
                cells[column] = i < shared.size() ? shared[i] : "";
            } else {
                cells[column] = c.child("v").text().get();
            }
        }
        sheet.rows.push_back(std::move(cells));
    }
    return sheet;
}

}  // namespace txng::testing
