#include "codes/stamp_sheet.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "codes/qr.hpp"
#include "common/utf8.hpp"

namespace txng::codes {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kMinPage = 10;       // mm: a label printer's page is one label
constexpr double kMaxPage = 1200;     // mm; A0 is 841 x 1189
constexpr double kMinCode = 10;       // mm: smaller QR codes of a Digital Link are hard to scan
constexpr double kTextPad = 1;        // mm between text and the label's edge
constexpr double kMaxFont = 2.6;      // mm, about 7.4 pt
constexpr double kMinFont = 1.5;      // mm, about 4.3 pt: the smallest text still legible in print
constexpr double kLineHeight = 1.25;  // line advance, in font sizes
constexpr int kTextLines = 3;         // the serial and two lines of title
constexpr double kMinTextWidth = 12;  // mm
constexpr int kQuietZone = 4;         // modules
constexpr double kSlack = 1e-6;       // mm: rounding tolerance of the fit checks
constexpr std::size_t kFlushBytes = std::size_t{64} * 1024;
constexpr const char* kSansFont = "DejaVu Sans";
constexpr const char* kMonoFont = "DejaVu Sans Mono";
constexpr const char* kEllipsis = "\u2026";
// Every Vietnamese letter beyond ASCII; a font missing one would print boxes instead.
constexpr const char* kVietnameseLetters =
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồ"
    "ỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ\u2026";
constexpr const char* kAscii =
    "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

// Serials in ASCII (GS1's are) print in the monospaced font, where 0 and O, 1 and l differ;
// other text in DejaVu Sans (DejaVu Sans Mono lacks many Vietnamese letters).
bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Where the parts of a label go, relative to its top-left corner, in mm.
struct LabelPlan {
    bool text_beside = false;  // text right of the code rather than below it
    double code_x = 0, code_y = 0;
    double text_x = 0, text_y = 0, text_width = 0;  // text_y: top of the first line
    double font = 0;                                // font size
};

std::optional<LabelPlan> PlanLabel(const SheetLayout& l) {
    const double block = kTextLines * kLineHeight;  // text block height per mm of font size
    LabelPlan below;
    below.text_width = l.label_width - 2 * kTextPad;
    below.font = std::min(kMaxFont, (l.label_height - l.code_size - kTextPad) / block);
    if (below.font + kSlack >= kMinFont && below.text_width + kSlack >= kMinTextWidth) {
        // Code and text centred as one block, the text under the code's quiet zone.
        below.code_x = (l.label_width - l.code_size) / 2;
        below.code_y = std::max(0.0, (l.label_height - kTextPad - l.code_size - block * below.font) / 2);
        below.text_x = kTextPad;
        below.text_y = below.code_y + l.code_size;
        return below;
    }
    LabelPlan beside;
    beside.text_beside = true;
    beside.text_width = l.label_width - l.code_size - kTextPad;  // the quiet zone pads the left
    beside.font = std::min(kMaxFont, (l.label_height - 2 * kTextPad) / block);
    if (beside.font + kSlack >= kMinFont && beside.text_width + kSlack >= kMinTextWidth) {
        beside.code_y = (l.label_height - l.code_size) / 2;
        beside.text_x = l.code_size;
        beside.text_y = (l.label_height - block * beside.font) / 2;
        return beside;
    }
    return std::nullopt;
}

bool Fits(double need, double room) { return need <= room + kSlack; }

// How many items of `size` with `gap` between them fit in `room`.
int HowManyFit(double room, double size, double gap) {
    return static_cast<int>(std::floor((room + gap + kSlack) / (size + gap)));
}

Error BadLayout(std::string where, std::string rule, std::string detail, double value) {
    return InvalidArgument(std::move(where), std::move(rule), std::move(detail), fmt::format("{}", value));
}

// ---- UTF-8 text ----

std::uint32_t CodePointAt(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3f);
    return cp;
}

bool IsCombiningMark(std::uint32_t cp) {
    return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) ||
           (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f);
}

bool HasControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Offsets in `s` where a line may be cut without splitting a letter from its marks: after the
// first character, up to and including s.size().
std::vector<std::size_t> CutPoints(std::string_view s) {
    std::vector<std::size_t> out;
    for (std::size_t i = 1; i <= s.size(); ++i) {
        const bool letter_starts =
            i == s.size() || ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80 && !IsCombiningMark(CodePointAt(s, i)));
        if (letter_starts) out.push_back(i);
    }
    return out;
}

// The words of `text`, split at ASCII spaces and control characters, joined by one space.
std::string NormalizeSpaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

template <typename Measure>
std::size_t LongestFittingPrefix(std::string_view s, const std::vector<std::size_t>& cuts, double room,
                                 const std::string& suffix, const Measure& width) {
    // Widths grow with the prefix (no kerning in cairo's toy text): binary search over the cuts.
    std::size_t lo = 0, hi = cuts.size();  // answer: the number of cuts whose prefix fits
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        std::string candidate(s.substr(0, cuts[mid - 1]));
        while (!candidate.empty() && candidate.back() == ' ') candidate.pop_back();
        if (Fits(width(candidate + suffix), room)) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo == 0 ? 0 : cuts[lo - 1];
}

// `text` on at most `max_lines` lines `room` wide: broken between words (within a word only when
// it alone is too wide), the last line shortened with an ellipsis when the text goes on.
template <typename Measure>
std::vector<std::string> FitLines(std::string_view text, int max_lines, double room, const Measure& width) {
    std::vector<std::string> lines;
    std::string rest = NormalizeSpaces(text);
    while (!rest.empty() && static_cast<int>(lines.size()) < max_lines) {
        if (Fits(width(rest), room)) {
            lines.push_back(std::move(rest));
            break;
        }
        const std::vector<std::size_t> cuts = CutPoints(rest);
        if (static_cast<int>(lines.size()) + 1 == max_lines) {
            std::size_t cut = LongestFittingPrefix(rest, cuts, room, kEllipsis, width);
            // Rather end at a word when that keeps most of the line.
            const std::size_t space = cut == 0 ? std::string::npos : rest.rfind(' ', cut);
            if (space != std::string::npos && space > 0 && width(rest.substr(0, space)) >= 0.6 * room) cut = space;
            std::string line = rest.substr(0, cut);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(line + kEllipsis);
            break;
        }
        // The most words that fit; else as much of the first word as fits (at least a letter).
        std::size_t cut = 0;
        for (std::size_t space = rest.find(' '); space != std::string::npos; space = rest.find(' ', space + 1)) {
            if (!Fits(width(rest.substr(0, space)), room)) break;
            cut = space;
        }
        if (cut > 0) {
            lines.push_back(rest.substr(0, cut));
            rest.erase(0, cut + 1);
        } else {
            cut = std::max(LongestFittingPrefix(rest, cuts, room, "", width), cuts.front());
            lines.push_back(rest.substr(0, cut));
            rest.erase(0, cut);
            if (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
        }
    }
    return lines;
}

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct FontFaceDeleter {
    void operator()(cairo_font_face_t* f) const { cairo_font_face_destroy(f); }
};

}  // namespace

Result<SheetLayout> ResolveLayout(const SheetLayout& layout) {
    SheetLayout l = layout;
    for (auto [where, value] : {std::pair{"page_width", l.page_width}, std::pair{"page_height", l.page_height}}) {
        if (!std::isfinite(value) || value < kMinPage || value > kMaxPage) {
            return BadLayout(where, "sheet.page_size", fmt::format("A page side is {} to {} mm.", kMinPage, kMaxPage),
                             value);
        }
    }
    if (!std::isfinite(l.margin) || l.margin < 0) {
        return BadLayout("margin", "sheet.margin", "The margin is a length of 0 mm or more.", l.margin);
    }
    if (!std::isfinite(l.gap) || l.gap < 0) {
        return BadLayout("gap", "sheet.gap", "The gap between labels is a length of 0 mm or more.", l.gap);
    }
    const double room_x = l.page_width - 2 * l.margin, room_y = l.page_height - 2 * l.margin;
    if (room_x < kMinCode || room_y < kMinCode) {
        return BadLayout("margin", "sheet.margin",
                         fmt::format("Margins of {} mm leave no room for a label on a {} x {} mm page.", l.margin,
                                     l.page_width, l.page_height),
                         l.margin);
    }
    for (auto [where, value, room] :
         {std::tuple{"label_width", l.label_width, room_x}, std::tuple{"label_height", l.label_height, room_y}}) {
        if (!std::isfinite(value) || value < kMinCode) {
            return BadLayout(where, "sheet.label_size",
                             fmt::format("A label side is at least {} mm, the smallest QR code's.", kMinCode), value);
        }
        if (!Fits(value, room)) {
            return BadLayout(
                where, "sheet.label_size",
                fmt::format("The label does not fit in the {} x {} mm inside the page's margins.", room_x, room_y),
                value);
        }
    }
    if (!std::isfinite(l.code_size) || l.code_size < kMinCode) {
        return BadLayout("code_size", "sheet.code_size",
                         fmt::format("A QR code of a Digital Link needs at least {} mm to be scanned.", kMinCode),
                         l.code_size);
    }
    if (!Fits(l.code_size, std::min(l.label_width, l.label_height))) {
        return BadLayout("code_size", "sheet.code_size",
                         fmt::format("The code is larger than the {} x {} mm label.", l.label_width, l.label_height),
                         l.code_size);
    }
    if (!PlanLabel(l)) {
        const double block = kTextLines * kLineHeight * kMinFont;
        return BadLayout(
            "label_height", "sheet.label_size",
            fmt::format("A {} x {} mm label has no room for the serial and title beside or below a {} mm code: they "
                        "need {:.1f} mm of height below it, or {} mm of width beside it.",
                        l.label_width, l.label_height, l.code_size, block + kTextPad, kMinTextWidth + kTextPad),
            l.label_height);
    }
    const int fit_columns = HowManyFit(room_x, l.label_width, l.gap);
    const int fit_rows = HowManyFit(room_y, l.label_height, l.gap);
    for (auto [where, value, fit] :
         {std::tuple{"columns", &l.columns, fit_columns}, std::tuple{"rows", &l.rows, fit_rows}}) {
        if (*value < 0 || *value > fit) {
            return InvalidArgument(
                where, "sheet.grid",
                fmt::format("{} labels of {} x {} mm with {} mm gaps fit on the page, {} across "
                            "and {} down.",
                            fit_columns * fit_rows, l.label_width, l.label_height, l.gap, fit_columns, fit_rows),
                std::to_string(*value));
        }
        if (*value == 0) *value = fit;
    }
    return l;
}

struct StampSheetWriter::Impl {
    SheetLayout layout;
    LabelPlan plan;
    Sink sink;
    std::string buffer;  // PDF bytes not yet given to the sink
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface;
    std::unique_ptr<cairo_t, ContextDeleter> cr;
    std::unique_ptr<cairo_font_face_t, FontFaceDeleter> sans, mono;
    double ascent = 0, descent = 0;  // per mm of font size
    std::int64_t labels = 0;
    int slot = 0;  // the next label's place on the current page
    bool finished = false;
    bool sink_failed = false;
    bool discard = false;  // being destroyed: nothing more reaches the sink
    // The title last laid out, its lines and their widths: a batch's stamps mostly share one.
    std::string last_title;
    std::vector<std::string> last_lines;
    std::vector<double> last_widths;
    bool have_last = false;

    ~Impl() {
        discard = true;
        cr.reset();
        surface.reset();  // cairo finishes the PDF into Write, which drops it
    }

    int PerPage() const { return layout.columns * layout.rows; }

    bool Flush() {
        if (buffer.empty() || sink_failed || discard) return !sink_failed;
        const bool ok = sink(buffer);
        buffer.clear();
        if (!ok) sink_failed = true;
        return ok;
    }

    static cairo_status_t Write(void* closure, const unsigned char* data, unsigned int length) {
        auto* self = static_cast<Impl*>(closure);
        if (self->discard) return CAIRO_STATUS_SUCCESS;
        if (self->sink_failed) return CAIRO_STATUS_WRITE_ERROR;
        self->buffer.append(reinterpret_cast<const char*>(data), length);
        if (self->buffer.size() >= kFlushBytes && !self->Flush()) return CAIRO_STATUS_WRITE_ERROR;
        return CAIRO_STATUS_SUCCESS;
    }

    // The error that stopped the writer, if any.
    std::optional<Error> Failure() const {
        if (sink_failed) {
            return MakeError(ErrorCode::kUnavailable, "sink", "sheet.write",
                             "The output stopped accepting the PDF; the sheet is incomplete.");
        }
        const cairo_status_t status = cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS
                                          ? cairo_status(cr.get())
                                          : cairo_surface_status(surface.get());
        if (status != CAIRO_STATUS_SUCCESS) {
            return MakeError(ErrorCode::kInternal, "pdf", "sheet.render",
                             fmt::format("cairo could not draw the PDF: {}.", cairo_status_to_string(status)));
        }
        return std::nullopt;
    }

    void UseFont(cairo_font_face_t* face, double size) {
        cairo_set_font_face(cr.get(), face);
        cairo_set_font_size(cr.get(), size);
    }

    double Width(const std::string& text) {
        cairo_text_extents_t e;
        cairo_text_extents(cr.get(), text.c_str(), &e);
        return e.x_advance;
    }

    const std::vector<std::string>& TitleLines(const std::string& title) {
        if (!have_last || title != last_title) {
            UseFont(sans.get(), plan.font);
            last_lines =
                FitLines(title, kTextLines - 1, plan.text_width, [this](const std::string& s) { return Width(s); });
            last_widths.clear();
            for (const auto& line : last_lines) last_widths.push_back(Width(line));
            last_title = title;
            have_last = true;
        }
        return last_lines;
    }

    // Draws `text` on line `line` (0 the first) of the label at (x, y), centred below the code or
    // left-aligned beside it. The current font is `size` mm.
    void DrawLine(double x, double y, int line, const std::string& text, double size, double width) {
        const double advance = kLineHeight * plan.font;
        const double top = y + plan.text_y + line * advance;
        const double baseline = top + (advance - (ascent + descent) * size) / 2 + ascent * size;
        const double left = x + plan.text_x + (plan.text_beside ? 0 : (plan.text_width - width) / 2);
        cairo_move_to(cr.get(), left, baseline);
        cairo_show_text(cr.get(), text.c_str());
    }

    // The dark modules as lines one module wide with butt ends, which cover exactly the modules'
    // squares: horizontal runs of two or more, then the modules left alone in their rows joined
    // down their columns. Two points a line instead of four a rectangle: a PDF less than half
    // the size, made about twice as fast, for the same symbol.
    void DrawCode(double x, double y, const Symbol& qr) {
        const double module = layout.code_size / (qr.size + 2 * kQuietZone);
        const double left = x + plan.code_x + kQuietZone * module, top = y + plan.code_y + kQuietZone * module;
        cairo_t* c = cr.get();
        cairo_new_path(c);
        lone.assign(qr.dark.size(), false);
        for (int row = 0; row < qr.size; ++row) {
            for (int col = 0; col < qr.size;) {
                if (!qr.At(col, row)) {
                    ++col;
                    continue;
                }
                int run = 1;
                while (col + run < qr.size && qr.At(col + run, row)) ++run;
                if (run == 1) {
                    lone[static_cast<std::size_t>(row) * qr.size + col] = true;
                } else {
                    cairo_move_to(c, left + col * module, top + (row + 0.5) * module);
                    cairo_line_to(c, left + (col + run) * module, top + (row + 0.5) * module);
                }
                col += run;
            }
        }
        const auto is_lone = [&](int col, int row) { return lone[static_cast<std::size_t>(row) * qr.size + col]; };
        for (int col = 0; col < qr.size; ++col) {
            for (int row = 0; row < qr.size;) {
                if (!is_lone(col, row)) {
                    ++row;
                    continue;
                }
                int run = 1;
                while (row + run < qr.size && is_lone(col, row + run)) ++run;
                cairo_move_to(c, left + (col + 0.5) * module, top + row * module);
                cairo_line_to(c, left + (col + 0.5) * module, top + (row + run) * module);
                row += run;
            }
        }
        cairo_set_source_rgb(c, 0, 0, 0);
        cairo_set_line_width(c, module);
        cairo_set_line_cap(c, CAIRO_LINE_CAP_BUTT);
        cairo_stroke(c);
    }
    std::vector<bool> lone;  // DrawCode's modules alone in their row
};

StampSheetWriter::StampSheetWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StampSheetWriter::StampSheetWriter(StampSheetWriter&&) noexcept = default;
StampSheetWriter& StampSheetWriter::operator=(StampSheetWriter&&) noexcept = default;
StampSheetWriter::~StampSheetWriter() = default;

Result<StampSheetWriter> StampSheetWriter::Create(SheetLayout layout, Sink sink, std::string document_title) {
    auto resolved = ResolveLayout(layout);
    if (!resolved) return resolved.error();
    if (!sink) return InvalidArgument("sink", "sheet.sink", "A sheet needs a sink for its PDF.");
    if (!ValidUtf8(document_title)) {
        return InvalidArgument("document_title", "sheet.title", "The title is not UTF-8.", document_title);
    }
    auto impl = std::make_unique<Impl>();
    impl->layout = *resolved;
    impl->plan = *PlanLabel(impl->layout);
    impl->sink = std::move(sink);
    impl->surface.reset(cairo_pdf_surface_create_for_stream(
        &Impl::Write, impl.get(), impl->layout.page_width * kPointsPerMm, impl->layout.page_height * kPointsPerMm));
    impl->cr.reset(cairo_create(impl->surface.get()));
    impl->sans.reset(cairo_toy_font_face_create(kSansFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL));
    impl->mono.reset(cairo_toy_font_face_create(kMonoFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL));
    if (auto failure = impl->Failure()) return *failure;
    if (!document_title.empty()) {
        cairo_pdf_surface_set_metadata(impl->surface.get(), CAIRO_PDF_METADATA_TITLE, document_title.c_str());
    }
    cairo_pdf_surface_set_metadata(impl->surface.get(), CAIRO_PDF_METADATA_CREATOR, "txng");
    cairo_t* cr = impl->cr.get();
    cairo_scale(cr, kPointsPerMm, kPointsPerMm);  // user space in mm

    // The text font must have every Vietnamese letter, the serials' font every ASCII character
    // (fontconfig substitutes another font when DejaVu is missing, which may lack them).
    for (auto [face, letters] :
         {std::pair{impl->sans.get(), kVietnameseLetters}, std::pair{impl->mono.get(), kAscii}}) {
        impl->UseFont(face, 1);
        cairo_glyph_t* glyphs = nullptr;
        int count = 0;
        const cairo_status_t status = cairo_scaled_font_text_to_glyphs(cairo_get_scaled_font(cr), 0, 0, letters, -1,
                                                                       &glyphs, &count, nullptr, nullptr, nullptr);
        const bool all = status == CAIRO_STATUS_SUCCESS &&
                         std::all_of(glyphs, glyphs + count, [](const cairo_glyph_t& g) { return g.index != 0; });
        cairo_glyph_free(glyphs);
        if (!all) {
            return MakeError(ErrorCode::kUnavailable, "font", "sheet.font",
                             fmt::format("The installed fonts lack {}; install {} (Debian fonts-dejavu-core).",
                                         face == impl->sans.get() ? "Vietnamese letters" : "ASCII characters",
                                         face == impl->sans.get() ? kSansFont : kMonoFont));
        }
    }
    impl->UseFont(impl->sans.get(), 1);
    cairo_font_extents_t extents;
    cairo_font_extents(cr, &extents);
    impl->ascent = extents.ascent;
    impl->descent = extents.descent;
    if (auto failure = impl->Failure()) return *failure;
    return StampSheetWriter(std::move(impl));
}

Result<void> StampSheetWriter::Add(const StampLabel& label) {
    Impl& s = *impl_;
    if (auto failure = s.Failure()) return *failure;
    if (s.finished) return MakeError(ErrorCode::kInternal, "", "sheet.state", "The sheet is already finished.");
    if (!ValidUtf8(label.code_text) || HasControl(label.code_text)) {
        return InvalidArgument("code_text", "sheet.code_text", "The text under the code is not printable UTF-8.",
                               label.code_text);
    }
    if (!ValidUtf8(label.title)) return InvalidArgument("title", "sheet.title", "The title is not UTF-8.", label.title);
    auto qr = EncodeQr(label.data, Ecc::kM);
    if (!qr) return qr.error();
    // The serial is never cut: smaller type when it is long, refused when even 1.5 mm is too wide.
    double code_font = s.plan.font;
    double code_width = 0;
    cairo_font_face_t* code_face = IsAscii(label.code_text) ? s.mono.get() : s.sans.get();
    if (!label.code_text.empty()) {
        s.UseFont(code_face, code_font);
        code_width = s.Width(label.code_text);
        if (!Fits(code_width, s.plan.text_width)) {
            code_font = code_font * s.plan.text_width / code_width;
            code_width = s.plan.text_width;
            if (code_font + kSlack < kMinFont) {
                return InvalidArgument(
                    "code_text", "sheet.code_text",
                    fmt::format("The text under the code is too long for a {} mm line.", s.plan.text_width),
                    label.code_text);
            }
        }
    }
    const std::vector<std::string>& title = s.TitleLines(label.title);

    const SheetLayout& l = s.layout;
    const int column = s.slot % l.columns, row = s.slot / l.columns;
    const double x = l.margin + column * (l.label_width + l.gap), y = l.margin + row * (l.label_height + l.gap);
    cairo_t* cr = s.cr.get();
    if (l.cut_marks) {
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 0.1);
        cairo_rectangle(cr, x, y, l.label_width, l.label_height);
        cairo_stroke(cr);
    }
    s.DrawCode(x, y, *qr);
    if (!label.code_text.empty()) {
        s.UseFont(code_face, code_font);
        s.DrawLine(x, y, 0, label.code_text, code_font, code_width);
    }
    s.UseFont(s.sans.get(), s.plan.font);
    for (std::size_t i = 0; i < title.size(); ++i) {
        s.DrawLine(x, y, static_cast<int>(i) + 1, title[i], s.plan.font, s.last_widths[i]);
    }
    ++s.labels;
    if (++s.slot == s.PerPage()) {
        cairo_show_page(cr);
        s.slot = 0;
        if (auto failure = s.Failure()) return *failure;
        s.Flush();
    }
    if (auto failure = s.Failure()) return *failure;
    return {};
}

Result<void> StampSheetWriter::Finish() {
    Impl& s = *impl_;
    if (auto failure = s.Failure()) return *failure;
    if (s.finished) return MakeError(ErrorCode::kInternal, "", "sheet.state", "The sheet is already finished.");
    if (s.labels == 0) return InvalidArgument("", "sheet.empty", "A sheet needs at least one label.");
    if (s.slot > 0) cairo_show_page(s.cr.get());
    if (auto failure = s.Failure()) return *failure;
    cairo_surface_finish(s.surface.get());
    s.finished = true;
    if (auto failure = s.Failure()) return *failure;
    s.Flush();
    if (auto failure = s.Failure()) return *failure;
    return {};
}

std::int64_t StampSheetWriter::labels() const { return impl_->labels; }

std::int64_t StampSheetWriter::pages() const {
    const int per_page = impl_->PerPage();
    return (impl_->labels + per_page - 1) / per_page;
}

int StampSheetWriter::labels_per_page() const { return impl_->PerPage(); }

}  // namespace txng::codes
