#include "codes/datamatrix.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "gs1/digital_link.hpp"
#include "tests/support/run_command.hpp"

namespace txng::codes {
namespace {

namespace fs = std::filesystem;

// What dmtxread (Debian dmtx-utils) reads from a PNG, FNC1 shown as '|'.
std::string Dmtxread(const std::string& png) {
    const fs::path file = fs::temp_directory_path() / ("txng-dm-" + std::to_string(std::random_device{}()) + ".png");
    std::ofstream(file, std::ios::binary) << png;
    const auto r = testing::RunCommand("dmtxread", {"--gs1=124", "--stop-after=1", file.string()});
    fs::remove(file);
    return r.out;
}

TEST(DataMatrixTest, Gs1DataMatrixIsReadBackWithItsFnc1s) {
    ASSERT_EQ(std::system("command -v dmtxread >/dev/null 2>&1"), 0) << "dmtxread (Debian dmtx-utils): make deps";
    for (const std::string uri :
         {"https://id.gs1.org/01/08934567000123", "https://id.gs1.org/01/08934567000123/10/L1/21/S9?17=271231",
          "https://qr.caudat.vn/01/08934567000123/10/LOT%2F26/21/ABCDEFGH23456789"}) {
        auto dl = gs1::ParseDigitalLink(uri);
        ASSERT_TRUE(dl) << dl.error().ToString();
        auto symbol = EncodeGs1DataMatrix(gs1::ElementString(*dl));
        ASSERT_TRUE(symbol) << symbol.error().ToString();
        EXPECT_GE(symbol->size, 10);
        auto png = SymbolPng(*symbol, 300, 2);
        ASSERT_TRUE(png);
        // dmtxread shows the leading FNC1 and each separator as the character asked for.
        EXPECT_EQ(Dmtxread(*png), "|" + gs1::ElementString(*dl, '|')) << uri;
    }
}

TEST(DataMatrixTest, BadInputNamesTheRule) {
    EXPECT_EQ(EncodeGs1DataMatrix("").error().rule, "datamatrix.data");
    EXPECT_EQ(EncodeGs1DataMatrix(std::string(2000, '1')).error().rule, "datamatrix.data");
}

}  // namespace
}  // namespace txng::codes
