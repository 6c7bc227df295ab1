#include "codes/qr.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/support/barcode_reader.hpp"

namespace txng::codes {
namespace {

// What zbarimg reads from an image: its one decoded text, "" when none.
std::string Zbar(const std::string& bytes, const std::string& extension) {
    const auto texts = testing::ReadBarcodes(bytes, extension);
    return texts.size() == 1 ? texts.front() : std::string();
}

TEST(QrTest, PngCodesAreReadBackByZbarAtEveryLevel) {
    ASSERT_TRUE(testing::HaveZbar()) << "zbarimg (Debian zbar-tools) is needed: make deps";
    const std::vector<std::string> uris = {
        "https://id.gs1.org/01/08934567000123",
        "https://qr.caudat.vn/01/08934567000123/10/L%2F2026-01/21/ABCDEFGH23456789?17=271231",
        "https://id.gs1.org/414/8934567000017/254/KHO-1",
    };
    for (const auto& uri : uris) {
        for (Ecc ecc : {Ecc::kL, Ecc::kM, Ecc::kQ, Ecc::kH}) {
            auto qr = EncodeQr(uri, ecc);
            ASSERT_TRUE(qr) << qr.error().ToString();
            EXPECT_GE(qr->size, 21);
            auto png = SymbolPng(*qr, 300);
            ASSERT_TRUE(png) << png.error().ToString();
            ASSERT_GT(png->size(), 8u);
            EXPECT_EQ(png->substr(1, 3), "PNG");
            EXPECT_EQ(Zbar(*png, ".png"), uri) << static_cast<int>(ecc);
        }
    }
}

TEST(QrTest, HigherErrorCorrectionNeedsMoreModules) {
    const std::string uri = "https://id.gs1.org/01/08934567000123/10/LOT-2026-001/21/SERIAL0001";
    EXPECT_LT(EncodeQr(uri, Ecc::kL)->size, EncodeQr(uri, Ecc::kH)->size);
}

TEST(QrTest, SvgHasTheQuietZoneAndOneModuleGrid) {
    auto qr = EncodeQr("https://id.gs1.org/01/08934567000123", Ecc::kM);
    ASSERT_TRUE(qr);
    const std::string svg = SymbolSvg(*qr, 200);
    const int total = qr->size + 8;
    EXPECT_NE(svg.find("viewBox=\"0 0 " + std::to_string(total) + " " + std::to_string(total) + "\""),
              std::string::npos);
    EXPECT_NE(svg.find("width=\"200\""), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    // The top-left finder pattern starts at the quiet zone's edge: a run of 7 dark modules.
    EXPECT_NE(svg.find("M4 4h7v1h-7z"), std::string::npos);
}

// The SVG's modules, read back from its path (zbarimg here has no SVG reader): drawn again as a
// PNG, zbarimg must read the same URI, so the SVG holds the symbol module for module.
TEST(QrTest, SvgPathsDrawTheSymbolThatZbarReads) {
    const std::string uri = "https://id.gs1.org/01/08934567000123/10/L1";
    auto qr = EncodeQr(uri, Ecc::kQ);
    ASSERT_TRUE(qr);
    const std::string svg = SymbolSvg(*qr);
    const auto d = svg.find(" d=\"");
    ASSERT_NE(d, std::string::npos);
    const std::string path = svg.substr(d + 4, svg.find('"', d + 4) - d - 4);
    Symbol back;
    back.size = qr->size;
    back.dark.assign(qr->dark.size(), false);
    int x = 0, y = 0, run = 0;
    std::size_t at = 0;
    while (std::sscanf(path.c_str() + at, "M%d %dh%dv1h-%*dz", &x, &y, &run) == 3) {
        for (int i = 0; i < run; ++i) back.dark[static_cast<std::size_t>(y - 4) * back.size + (x - 4 + i)] = true;
        at = path.find('z', at) + 1;
    }
    EXPECT_EQ(back.dark, qr->dark);
    EXPECT_EQ(Zbar(SymbolPng(back, 400).value(), ".png"), uri);
}

TEST(QrTest, BadInputNamesTheRule) {
    EXPECT_EQ(EncodeQr("", Ecc::kM).error().rule, "qr.data");
    EXPECT_EQ(EncodeQr(std::string(3000, 'A'), Ecc::kL).error().rule, "qr.data");
    EXPECT_EQ(EncodeQr(std::string(2000, '7'), Ecc::kH).error().rule, "qr.data");
    EXPECT_EQ(ParseEcc("X").error().rule, "qr.ecc");
    EXPECT_EQ(ParseEcc("H").value(), Ecc::kH);
}

}  // namespace
}  // namespace txng::codes
