#pragma once
// Print-ready PDF sheets of traceability stamps (tem truy xuất): labels in a grid on pages, each
// with the QR code of a GS1 Digital Link URI, the human-readable serial and the product name, for
// an enterprise to print and stick on its goods.
//
// A batch may hold a million stamps, so the PDF is streamed: each page goes to the sink as soon as
// it is full, and memory does not grow with the stamps drawn (cairo keeps only its record of the
// pages written, for the PDF's cross-reference table and page tree, about 150 bytes a page: some
// 4 MiB for a million stamps on A4 sheets of 36; bench/README.md). cairo's PDF surface; the QR
// codes are vector, crisp at any print size (the modules' squares covered exactly by lines one
// module wide); text in DejaVu Sans (Debian fonts-dejavu-core), which has every Vietnamese letter.
//
// A label: its QR code (error correction M, 4 modules of quiet zone inside `code_size`), then the
// serial on one line (made smaller when long, never cut; in DejaVu Sans Mono when it is ASCII, so
// 0 and O differ), then the title wrapped on at most two lines, shortened with "…" when longer.
// The text goes below the code when the label has room for it there, else beside it (wide, short
// labels such as 50 x 25 mm). Text is 1.5 to 2.6 mm high (about 4 to 7.5 pt). `cut_marks`
// outlines each label with a hairline.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::codes {

// A sheet's geometry, in millimetres. Labels fill the page row by row from the top-left corner
// inside the margin.
struct SheetLayout {
    double page_width = 210, page_height = 297;  // A4
    double label_width = 30, label_height = 40;
    int columns = 0, rows = 0;  // 0: as many as fit
    double margin = 10;         // page margin on every side
    double gap = 2;             // between labels, both directions
    double code_size = 20;      // QR side including its quiet zone; 10 mm to min(label_width, label_height)
    bool cut_marks = true;      // thin grey outline around each label
};

// The layout with `columns` and `rows` resolved (as many as fit where 0). kInvalidArgument, with
// the field in Error::where, for layouts that are absurd or do not fit:
//   `sheet.page_size`  a page side not between 10 and 1,200 mm;
//   `sheet.margin`     a negative margin, or one that leaves no room on the page;
//   `sheet.gap`        a negative gap;
//   `sheet.label_size` a label side under 10 mm, a label larger than the page inside its margins,
//                      or no room for the text below or beside the code;
//   `sheet.code_size`  a code under 10 mm, or larger than the label;
//   `sheet.grid`       negative columns or rows, or more than fit on the page.
Result<SheetLayout> ResolveLayout(const SheetLayout& layout);

struct StampLabel {
    std::string data;       // encoded in the QR code: a GS1 Digital Link URI
    std::string code_text;  // printed under the code, e.g. the serial; may be empty
    std::string title;      // product name, e.g. "Cà phê Arabica Cầu Đất rang xay 500 g"; may be empty
};

// Writes one PDF. Not thread-safe; one writer per thread. Non-copyable, movable; a moved-from
// writer may only be destroyed or assigned to.
class StampSheetWriter {
  public:
    // Receives the PDF in order, in chunks of up to about 64 KiB and at the end of every page.
    // Returning false stops the writer: the Add or Finish that was writing fails (kUnavailable,
    // rule `sheet.write`), as does every later call, and the sink is not called again.
    using Sink = std::function<bool(std::string_view bytes)>;

    // kInvalidArgument from ResolveLayout, or `sheet.sink` without a sink, or `sheet.title` when
    // `document_title` (the PDF's Title; its Creator is "txng") is not UTF-8; kUnavailable (rule
    // `sheet.font`) when no installed font has the Vietnamese letters.
    static Result<StampSheetWriter> Create(SheetLayout layout, Sink sink, std::string document_title);

    StampSheetWriter(StampSheetWriter&&) noexcept;
    StampSheetWriter& operator=(StampSheetWriter&&) noexcept;
    StampSheetWriter(const StampSheetWriter&) = delete;
    StampSheetWriter& operator=(const StampSheetWriter&) = delete;
    // Without Finish the PDF stays incomplete; nothing more reaches the sink.
    ~StampSheetWriter();

    // Draws the label in the next place; a full page goes to the sink. A label that cannot be
    // printed is refused with nothing drawn, and the writer stays usable: kInvalidArgument with
    // `qr.data` (empty, or too long for a QR code at M), `sheet.code_text` (not UTF-8, control
    // characters, or too long to print at 1.5 mm on the label) or `sheet.title` (not UTF-8).
    // kUnavailable (`sheet.write`) when the sink stopped; kInternal (`sheet.render`) when cairo
    // fails, (`sheet.state`) after Finish.
    Result<void> Add(const StampLabel& label);

    // Writes the last page and the end of the PDF; the PDF is complete only after this.
    // kInvalidArgument (`sheet.empty`) when no label was added (nothing is written, the writer stays
    // usable); otherwise the errors of Add.
    Result<void> Finish();

    // Labels added; pages holding at least one of them.
    std::int64_t labels() const;
    std::int64_t pages() const;
    // Labels on a full page: the resolved columns times rows.
    int labels_per_page() const;

  private:
    struct Impl;
    explicit StampSheetWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace txng::codes
