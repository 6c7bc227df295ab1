#include "codes/stamp_sheet.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/barcode_reader.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/shared_dir.hpp"

// fontconfig keeps the parts of its patterns at offsets from the pattern rather than as
// pointers, so LeakSanitizer cannot see that the patterns cairo's font cache holds (once per
// process, not per sheet) are still reachable: it would call them leaks.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }  // NOLINT
#endif

namespace txng::codes {
namespace {

namespace fs = std::filesystem;

const std::string kTitle = "Cà phê Arabica Cầu Đất rang xay 500 g";

// A serial of 13 characters like those an enterprise prints, different for each i.
std::string Serial(int i) {
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    std::string s = "K7";
    std::uint32_t x = static_cast<std::uint32_t>(i) * 2654435761u + 12345u;
    for (int k = 0; k < 7; ++k, x = x * 1103515245u + 12345u) s += kAlphabet[(x >> 16) % 32];
    return s + fmt::format("{:04d}", i);
}

std::string Uri(int i) { return "https://id.example.vn/01/08930000000019/21/" + Serial(i); }

StampLabel Label(int i, std::string title = kTitle) { return StampLabel{Uri(i), Serial(i), std::move(title)}; }

bool HaveTool(const std::string& name) { return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0; }

#define REQUIRE_PDF_TOOLS()                                                                                  \
    do {                                                                                                     \
        if (!HaveTool("pdftoppm") || !HaveTool("pdfinfo") || !HaveTool("pdftotext") || !testing::HaveZbar()) \
            GTEST_SKIP() << "pdftoppm, pdfinfo, pdftotext (Debian poppler-utils) and zbarimg (zbar-tools) "  \
                            "are needed to read the PDF back: scripts/install-deps.sh";                      \
    } while (false)

class StampSheetTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-sheet-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Writes `labels` on a sheet of `layout` to a file; returns its path.
    fs::path WriteSheet(const SheetLayout& layout, const std::vector<StampLabel>& labels, std::int64_t* pages = nullptr,
                        const std::string& title = "Tem truy xuất lô L2026-01") {
        const fs::path file = dir_ / "sheet.pdf";
        std::ofstream out(file, std::ios::binary);
        auto writer = StampSheetWriter::Create(
            layout,
            [&out](std::string_view bytes) {
                out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                return static_cast<bool>(out);
            },
            title);
        EXPECT_TRUE(writer) << writer.error().ToString();
        if (!writer) return file;
        for (const auto& label : labels) {
            auto added = writer->Add(label);
            EXPECT_TRUE(added) << added.error().ToString();
        }
        auto finished = writer->Finish();
        EXPECT_TRUE(finished) << finished.error().ToString();
        EXPECT_EQ(writer->labels(), static_cast<std::int64_t>(labels.size()));
        if (pages != nullptr) *pages = writer->pages();
        return file;
    }

    // "Key: value" from pdfinfo.
    static std::string PdfInfo(const fs::path& file, const std::string& key) {
        const auto r = testing::RunCommand("pdfinfo", {file.string()});
        const auto at = r.out.find(key + ":");
        if (at == std::string::npos) return "";
        auto begin = r.out.find_first_not_of(' ', at + key.size() + 1);
        return r.out.substr(begin, r.out.find('\n', begin) - begin);
    }

    // What zbarimg reads in each label's place, page by page, the pages rasterised at 300 dpi.
    // Each place is cut out and read alone: on a whole page of codes zbarimg finds only some of
    // them (1 of 36 on an A4 page at 300 dpi, all of them at 150 dpi, 31 at 400).
    std::vector<std::vector<std::string>> ReadLabels(const fs::path& file, const SheetLayout& layout) {
        const fs::path prefix = dir_ / "page";
        EXPECT_EQ(testing::RunCommand("pdftoppm", {"-r", "300", "-gray", file.string(), prefix.string()}).exit_code, 0);
        std::vector<fs::path> pgms;
        for (const auto& entry : fs::directory_iterator(dir_)) {
            if (entry.path().extension() == ".pgm") pgms.push_back(entry.path());
        }
        std::sort(pgms.begin(), pgms.end());  // page-1.pgm, page-2.pgm...: fewer than 10 pages here
        const auto px = [](double mm) { return static_cast<int>(std::lround(mm / 25.4 * 300)); };
        std::vector<std::vector<std::string>> out;
        for (const auto& pgm : pgms) {
            const Gray page = ReadPgm(pgm);
            EXPECT_EQ(page.width, px(layout.page_width) + 1) << pgm;  // pdftoppm rounds up
            std::vector<std::string>& texts = out.emplace_back();
            for (int row = 0; row < layout.rows; ++row) {
                for (int column = 0; column < layout.columns; ++column) {
                    const std::string label = Crop(page, px(layout.margin + column * (layout.label_width + layout.gap)),
                                                   px(layout.margin + row * (layout.label_height + layout.gap)),
                                                   px(layout.label_width), px(layout.label_height));
                    std::string read;
                    for (const auto& text : testing::ReadBarcodes(label, ".pgm"))
                        read += (read.empty() ? "" : " | ") + text;
                    texts.push_back(read);
                }
            }
        }
        return out;
    }

    // A binary PGM (P5, 8 bits) as pdftoppm -gray writes it.
    struct Gray {
        int width = 0, height = 0;
        std::string pixels;
    };
    static Gray ReadPgm(const fs::path& file) {
        const std::string bytes = testing::ReadFile(file);
        std::istringstream in(bytes);
        std::string magic;
        int max = 0;
        Gray g;
        in >> magic >> g.width >> g.height >> max;
        EXPECT_EQ(magic, "P5");
        EXPECT_EQ(max, 255);
        const std::size_t size = static_cast<std::size_t>(g.width) * g.height;
        EXPECT_GE(bytes.size(), size);
        g.pixels = bytes.substr(bytes.size() - size);  // one whitespace byte ends the header
        return g;
    }
    // The `w` x `h` rectangle at (x, y) of `g`, as a PGM.
    static std::string Crop(const Gray& g, int x, int y, int w, int h) {
        w = std::min(w, g.width - x);
        h = std::min(h, g.height - y);
        std::string out = "P5\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
        for (int row = y; row < y + h; ++row) out.append(g.pixels, static_cast<std::size_t>(row) * g.width + x, w);
        return out;
    }

    fs::path dir_;
};

// ---- layouts ----

TEST(SheetLayoutTest, A4DefaultsGiveSixBySixLabels) {
    auto l = ResolveLayout(SheetLayout{});
    ASSERT_TRUE(l) << l.error().ToString();
    // 190 x 277 mm inside the margins: 6 x (30 + 2) - 2 = 190, 6 x (40 + 2) - 2 = 250.
    EXPECT_EQ(l->columns, 6);
    EXPECT_EQ(l->rows, 6);
    EXPECT_EQ(l->page_width, 210);
    EXPECT_EQ(l->code_size, 20);
}

TEST(SheetLayoutTest, GivenGridsAreKeptWhenTheyFit) {
    SheetLayout in;
    in.columns = 3;
    in.rows = 0;
    auto l = ResolveLayout(in);
    ASSERT_TRUE(l) << l.error().ToString();
    EXPECT_EQ(l->columns, 3);
    EXPECT_EQ(l->rows, 6);

    // Labels that exactly fill the room, with no gap: 4 x 50 = 200 = 210 - 2 x 5.
    SheetLayout exact;
    exact.margin = 5;
    exact.gap = 0;
    exact.label_width = 50;
    exact.label_height = 28.7;  // 10 x 28.7 = 287
    exact.code_size = 20;
    exact.columns = 4;
    exact.rows = 10;
    auto e = ResolveLayout(exact);
    ASSERT_TRUE(e) << e.error().ToString();
    EXPECT_EQ(e->columns, 4);
    EXPECT_EQ(e->rows, 10);
}

TEST(SheetLayoutTest, RollLabelsTooShortForTextBelowTakeItBeside) {
    SheetLayout roll;
    roll.page_width = 100;
    roll.page_height = 150;
    roll.margin = 5;
    roll.label_width = 50;
    roll.label_height = 25;
    roll.code_size = 20;
    auto l = ResolveLayout(roll);
    ASSERT_TRUE(l) << l.error().ToString();
    EXPECT_EQ(l->columns, 1);
    EXPECT_EQ(l->rows, 5);

    // A label printer's page is one label.
    SheetLayout printer;
    printer.page_width = printer.label_width = 50;
    printer.page_height = printer.label_height = 30;
    printer.margin = printer.gap = 0;
    auto p = ResolveLayout(printer);
    ASSERT_TRUE(p) << p.error().ToString();
    EXPECT_EQ(p->columns, 1);
    EXPECT_EQ(p->rows, 1);
}

// The rule and field an absurd layout is refused with.
std::pair<std::string, std::string> Refusal(const SheetLayout& layout) {
    auto l = ResolveLayout(layout);
    if (l) return {"accepted", ""};
    EXPECT_EQ(l.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(l.error().detail.empty());
    return {l.error().rule, l.error().where};
}

TEST(SheetLayoutTest, AbsurdLayoutsNameTheRuleAndTheField) {
    using P = std::pair<std::string, std::string>;
    auto with = [](auto change) {
        SheetLayout l;
        change(l);
        return Refusal(l);
    };
    EXPECT_EQ(with([](SheetLayout& l) { l.code_size = 8; }), (P{"sheet.code_size", "code_size"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.code_size = 31; }), (P{"sheet.code_size", "code_size"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.code_size = std::nan(""); }), (P{"sheet.code_size", "code_size"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.label_width = 250; }), (P{"sheet.label_size", "label_width"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.label_height = 280; }), (P{"sheet.label_size", "label_height"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.label_width = 5; }), (P{"sheet.label_size", "label_width"}));
    // A 20 mm code on a 25 x 22 mm label leaves room for text neither below nor beside it.
    EXPECT_EQ(with([](SheetLayout& l) {
                  l.label_width = 25;
                  l.label_height = 22;
              }),
              (P{"sheet.label_size", "label_height"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.page_width = 0; }), (P{"sheet.page_size", "page_width"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.page_width = 9; }), (P{"sheet.page_size", "page_width"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.page_height = 1e9; }), (P{"sheet.page_size", "page_height"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.page_height = std::nan(""); }), (P{"sheet.page_size", "page_height"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.margin = 105; }), (P{"sheet.margin", "margin"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.margin = -1; }), (P{"sheet.margin", "margin"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.gap = -0.5; }), (P{"sheet.gap", "gap"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.columns = 7; }), (P{"sheet.grid", "columns"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.rows = 7; }), (P{"sheet.grid", "rows"}));
    EXPECT_EQ(with([](SheetLayout& l) { l.rows = -1; }), (P{"sheet.grid", "rows"}));
    // A wider gap makes the same grid overflow: 6 x 30 + 5 x 3 = 195 > 190.
    EXPECT_EQ(with([](SheetLayout& l) {
                  l.columns = 6;
                  l.gap = 3;
              }),
              (P{"sheet.grid", "columns"}));
}

TEST(StampSheetWriterTest, CreateRefusesBadLayoutsAndMissingSinks) {
    SheetLayout bad;
    bad.code_size = 5;
    auto w = StampSheetWriter::Create(
        bad, [](std::string_view) { return true; }, "x");
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().rule, "sheet.code_size");
    auto no_sink = StampSheetWriter::Create(SheetLayout{}, nullptr, "x");
    ASSERT_FALSE(no_sink);
    EXPECT_EQ(no_sink.error().rule, "sheet.sink");
    auto bad_title = StampSheetWriter::Create(
        SheetLayout{}, [](std::string_view) { return true; }, "\xff");
    ASSERT_FALSE(bad_title);
    EXPECT_EQ(bad_title.error().rule, "sheet.title");
}

// ---- labels ----

TEST(StampSheetWriterTest, LabelsThatCannotBePrintedAreRefusedAndTheWriterGoesOn) {
    std::string pdf;
    auto w = StampSheetWriter::Create(
        SheetLayout{},
        [&pdf](std::string_view bytes) {
            pdf += bytes;
            return true;
        },
        "t");
    ASSERT_TRUE(w) << w.error().ToString();
    auto rule = [&](const StampLabel& label) {
        auto r = w->Add(label);
        return r ? std::string("accepted") : r.error().rule;
    };
    EXPECT_EQ(rule({"", "S1", "t"}), "qr.data");
    EXPECT_EQ(rule({std::string(3000, 'A'), "S1", "t"}), "qr.data");
    EXPECT_EQ(rule({Uri(1), "S1\nS2", "t"}), "sheet.code_text");
    EXPECT_EQ(rule({Uri(1), "\xc3", "t"}), "sheet.code_text");
    // 60 characters cannot be printed 1.5 mm high on a 28 mm line.
    EXPECT_EQ(rule({Uri(1), std::string(60, 'W'), "t"}), "sheet.code_text");
    EXPECT_EQ(rule({Uri(1), "S1", "Cà phê \xe1\xba"}), "sheet.title");
    EXPECT_EQ(w->labels(), 0);
    EXPECT_EQ(w->pages(), 0);
    EXPECT_EQ(w->Finish().error().rule, "sheet.empty");
    EXPECT_TRUE(pdf.empty());

    EXPECT_EQ(rule(Label(1)), "accepted");
    // A serial of 20 characters (GS1's longest) fits on a 30 mm label in smaller type.
    EXPECT_EQ(rule({Uri(2), "ABCDEFGHJKLMNPQRSTUV", ""}), "accepted");
    EXPECT_EQ(w->labels(), 2);
    EXPECT_EQ(w->pages(), 1);
    ASSERT_TRUE(w->Finish());
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
    EXPECT_EQ(w->Finish().error().rule, "sheet.state");
    EXPECT_EQ(w->Add(Label(3)).error().rule, "sheet.state");
}

// Two full pages and three labels on a third, each code read back by zbarimg in the place it was
// put, at 300 dpi.
TEST_F(StampSheetTest, EveryCodeOnEveryPageIsReadBack) {
    REQUIRE_PDF_TOOLS();
    const SheetLayout layout = ResolveLayout(SheetLayout{}).value();
    const int per_page = layout.columns * layout.rows;
    std::vector<StampLabel> labels;
    for (int i = 0; i < 2 * per_page + 3; ++i) labels.push_back(Label(i));
    std::int64_t pages = 0;
    const fs::path file = WriteSheet(SheetLayout{}, labels, &pages, "Tem truy xuất lô L2026-01");
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(PdfInfo(file, "Pages"), "3");
    EXPECT_EQ(PdfInfo(file, "Page size"), "595.276 x 841.89 pts (A4)");
    EXPECT_EQ(PdfInfo(file, "Title"), "Tem truy xuất lô L2026-01");
    EXPECT_EQ(PdfInfo(file, "Creator"), "txng");

    const auto read = ReadLabels(file, layout);
    ASSERT_EQ(read.size(), 3u);
    std::set<std::string> written, decoded;
    for (const auto& label : labels) written.insert(label.data);
    for (int page = 0; page < 3; ++page) {
        ASSERT_EQ(read[page].size(), static_cast<std::size_t>(per_page));
        for (int slot = 0; slot < per_page; ++slot) {
            const std::size_t i = static_cast<std::size_t>(page * per_page + slot);
            // The last page's empty places hold no code.
            EXPECT_EQ(read[page][slot], i < labels.size() ? labels[i].data : "")
                << "page " << page + 1 << " place " << slot + 1;
            if (!read[page][slot].empty()) decoded.insert(read[page][slot]);
        }
    }
    EXPECT_EQ(decoded, written);
}

// Wide, short roll labels: the text beside the code; codes still read, text still there.
TEST_F(StampSheetTest, RollLabelsWithTextBesideTheCodeAreReadBack) {
    REQUIRE_PDF_TOOLS();
    SheetLayout roll;
    roll.page_width = 100;
    roll.page_height = 150;
    roll.margin = 5;
    roll.label_width = 50;
    roll.label_height = 25;
    roll.code_size = 20;
    std::vector<StampLabel> labels;
    for (int i = 0; i < 4; ++i) labels.push_back(Label(100 + i));
    const fs::path file = WriteSheet(roll, labels);
    EXPECT_EQ(PdfInfo(file, "Pages"), "1");
    const auto read = ReadLabels(file, ResolveLayout(roll).value());
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0], (std::vector<std::string>{labels[0].data, labels[1].data, labels[2].data, labels[3].data, ""}));
    const auto text = testing::RunCommand("pdftotext", {file.string(), "-"}).out;
    EXPECT_NE(text.find(Serial(100)), std::string::npos) << text;
    EXPECT_NE(text.find("Cà phê Arabica"), std::string::npos) << text;
}

// The text is in fonts with Vietnamese letters, embedded, and reads back as it was given: the
// serial whole, the title wrapped on two lines, a long title shortened with an ellipsis.
TEST_F(StampSheetTest, VietnameseTextIsEmbeddedWrappedAndShortened) {
    REQUIRE_PDF_TOOLS();
    const std::string long_title =
        "Cà phê Arabica Cầu Đất rang xay nguyên chất hảo hạng đặc biệt, đóng gói túi van một chiều giữ hương "
        "thơm lâu, hộp quà Tết Bính Ngọ";
    const fs::path file = WriteSheet(SheetLayout{}, {Label(1), Label(2, long_title)});
    const auto fonts = testing::RunCommand("pdffonts", {file.string()}).out;
    EXPECT_NE(fonts.find("DejaVuSans "), std::string::npos) << fonts;
    EXPECT_NE(fonts.find("DejaVuSansMono"), std::string::npos) << fonts;
    const auto text = testing::RunCommand("pdftotext", {file.string(), "-"}).out;
    EXPECT_NE(text.find(Serial(1)), std::string::npos) << text;
    EXPECT_NE(text.find(Serial(2)), std::string::npos) << text;
    // 30 mm labels: "Cà phê Arabica Cầu Đất rang xay 500 g" takes two lines, nothing left out.
    EXPECT_NE(text.find("Cà phê Arabica"), std::string::npos) << text;
    EXPECT_NE(text.find("500 g"), std::string::npos) << text;
    EXPECT_EQ(text.find("Cà phê Arabica Cầu Đất rang xay 500 g"), std::string::npos) << "one line? " << text;
    // The long one is cut within its first words, with an ellipsis, its end left out.
    EXPECT_NE(text.find("\u2026"), std::string::npos) << text;
    EXPECT_EQ(text.find("Bính Ngọ"), std::string::npos) << text;
}

// ---- streaming ----

TEST(StampSheetWriterTest, FullPagesReachTheSinkBeforeFinish) {
    std::string received;
    int calls = 0;
    auto w = StampSheetWriter::Create(
        SheetLayout{},
        [&](std::string_view bytes) {
            received += bytes;
            ++calls;
            return true;
        },
        "t");
    ASSERT_TRUE(w) << w.error().ToString();
    const int per_page = w->labels_per_page();
    ASSERT_EQ(per_page, 36);
    for (int i = 0; i < per_page - 1; ++i) ASSERT_TRUE(w->Add(Label(i)));
    EXPECT_EQ(received.size(), 0u) << "a page goes out when it is full, not before";
    ASSERT_TRUE(w->Add(Label(per_page - 1)));
    EXPECT_EQ(w->pages(), 1);
    const std::size_t after_one = received.size();
    ASSERT_GT(after_one, 0u);
    EXPECT_EQ(received.substr(0, 5), "%PDF-");
    // The second page's drawing goes out with it: its 36 codes are thousands of bytes.
    for (int i = per_page; i < 2 * per_page; ++i) ASSERT_TRUE(w->Add(Label(i)));
    const std::size_t after_two = received.size();
    EXPECT_GT(after_two, after_one + 10000);
    EXPECT_EQ(received.find("%%EOF"), std::string::npos);
    ASSERT_TRUE(w->Finish());
    EXPECT_NE(received.find("%%EOF", after_two), std::string::npos);
    EXPECT_EQ(w->pages(), 2);
    // Nothing of a third page: the PDF has two.
    EXPECT_EQ(received.find("/Count 3"), std::string::npos);
}

TEST(StampSheetWriterTest, ASinkThatStopsFailsAddAndFinishCleanly) {
    // Refuses the first page: the Add that fills it fails, and every call after it.
    int calls = 0;
    auto w = StampSheetWriter::Create(
        SheetLayout{},
        [&calls](std::string_view) {
            ++calls;
            return false;
        },
        "t");
    ASSERT_TRUE(w);
    const int per_page = w->labels_per_page();
    for (int i = 0; i < per_page - 1; ++i) ASSERT_TRUE(w->Add(Label(i)));
    auto filled = w->Add(Label(per_page));
    ASSERT_FALSE(filled);
    EXPECT_EQ(filled.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(filled.error().rule, "sheet.write");
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(w->Add(Label(per_page + 1)).error().rule, "sheet.write");
    EXPECT_EQ(w->Finish().error().rule, "sheet.write");
    EXPECT_EQ(calls, 1) << "the sink is not called again once it has refused";

    // Accepts pages, refuses the end of the PDF: Finish fails.
    int finish_calls = 0;
    auto v = StampSheetWriter::Create(
        SheetLayout{},
        [&finish_calls](std::string_view) {
            ++finish_calls;
            return false;
        },
        "t");
    ASSERT_TRUE(v);
    ASSERT_TRUE(v->Add(Label(1)));
    auto finished = v->Finish();
    ASSERT_FALSE(finished);
    EXPECT_EQ(finished.error().rule, "sheet.write");
    EXPECT_EQ(finish_calls, 1);
}

// A writer dropped before Finish does not write the rest of the PDF to a sink that may be gone.
TEST(StampSheetWriterTest, AWriterDroppedUnfinishedWritesNothingMore) {
    std::string received;
    {
        auto w = StampSheetWriter::Create(
            SheetLayout{},
            [&received](std::string_view bytes) {
                received += bytes;
                return true;
            },
            "t");
        ASSERT_TRUE(w);
        for (int i = 0; i < 40; ++i) ASSERT_TRUE(w->Add(Label(i)));
        StampSheetWriter moved = std::move(*w);
        EXPECT_EQ(moved.labels(), 40);
    }
    EXPECT_GT(received.size(), 0u);
    EXPECT_EQ(received.find("%%EOF"), std::string::npos);
}

}  // namespace
}  // namespace txng::codes
