#pragma once
// The files of a stamp batch, written stamp by stamp as the batch is read from the store: a CSV
// for printing houses and a print-ready PDF sheet (codes::StampSheetWriter). Neither is ever held
// whole in memory.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "codes/stamp_sheet.hpp"
#include "common/error.hpp"

namespace txng::service {

// Reads a sheet layout given as a JSON object (`pageWidth`, `pageHeight`, `labelWidth`,
// `labelHeight`, `columns`, `rows`, `margin`, `gap`, `codeSize` in millimetres or counts,
// `cutMarks`), checks it (codes::ResolveLayout) and returns it as compact JSON with every field;
// "" or "{}" is the default layout. kInvalidArgument naming `layout.<field>`: `sheet.*` rules,
// `json.syntax`, `json.type`, `json.unknown_field`.
Result<std::string> CheckSheetLayout(std::string_view layout_json);
Result<codes::SheetLayout> ParseSheetLayout(std::string_view layout_json);

class StampFileWriter {
  public:
    // Opens both files for writing (truncating them).
    static Result<StampFileWriter> Create(const std::string& csv_path, const std::string& pdf_path,
                                          std::string_view layout_json, std::string title);
    StampFileWriter(StampFileWriter&&) noexcept;
    StampFileWriter& operator=(StampFileWriter&&) noexcept;
    ~StampFileWriter();

    // One stamp: a CSV row (ordinal, serial, Digital Link, product) and a label on the sheet.
    Result<void> Add(std::int64_t ordinal, std::string_view serial, std::string_view digital_link,
                     std::string_view product);
    // Completes both files and flushes them to disk (fsync).
    Result<void> Finish();

  private:
    struct Impl;
    explicit StampFileWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace txng::service
