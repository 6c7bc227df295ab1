#include "registry/province.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/shared_dir.hpp"

namespace txng::registry {
namespace {

// The rows of a simple CSV file (no quoted fields), header excluded; a trailing '\r' is dropped.
std::vector<std::vector<std::string>> CsvRows(const std::string& text, std::vector<std::string>* header) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = line.find(',', start);
            fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (first) {
            if (header != nullptr) *header = fields;
            first = false;
        } else {
            rows.push_back(std::move(fields));
        }
    }
    return rows;
}

TEST(ProvinceTest, ThirtyFourProvincesInCodeOrder) {
    const auto provinces = Provinces();
    ASSERT_EQ(provinces.size(), 34u);
    for (std::size_t i = 0; i < provinces.size(); ++i) {
        const Province& p = provinces[i];
        SCOPED_TRACE(std::string(p.code));
        EXPECT_EQ(p.code.size(), 2u);
        EXPECT_FALSE(p.name_vi.empty());
        EXPECT_FALSE(p.name_en.empty());
        if (i > 0) {
            EXPECT_LT(provinces[i - 1].code, p.code) << "strictly increasing codes";
        }
    }
    EXPECT_EQ(provinces.front().code, "01");
    EXPECT_EQ(provinces.back().code, "96");
}

TEST(ProvinceTest, SixCitiesUnderTheCentralGovernment) {
    std::set<std::string_view> cities;
    for (const auto& p : Provinces()) {
        if (p.city) cities.insert(p.code);
    }
    EXPECT_EQ(cities, (std::set<std::string_view>{"01", "31", "46", "48", "79", "92"}));
}

TEST(ProvinceTest, FindProvinceReturnsTheUnitOfACurrentCode) {
    const Province* hcm = FindProvince("79");
    ASSERT_NE(hcm, nullptr);
    EXPECT_EQ(hcm->name_vi, "Hồ Chí Minh");
    EXPECT_EQ(hcm->name_en, "Ho Chi Minh City");
    EXPECT_TRUE(hcm->city);

    const Province* bac_ninh = FindProvince("24");
    ASSERT_NE(bac_ninh, nullptr);
    EXPECT_EQ(bac_ninh->name_vi, "Bắc Ninh");
    EXPECT_FALSE(bac_ninh->city);

    for (const auto& p : Provinces()) EXPECT_EQ(FindProvince(p.code), &p) << p.code;
}

TEST(ProvinceTest, FindProvinceRejectsFormerAndUnknownCodes) {
    EXPECT_EQ(FindProvince("02"), nullptr);  // Hà Giang before 2025
    EXPECT_EQ(FindProvince("27"), nullptr);  // Bắc Ninh before 2025
    EXPECT_EQ(FindProvince("99"), nullptr);
    EXPECT_EQ(FindProvince("00"), nullptr);
    EXPECT_EQ(FindProvince(""), nullptr);
    EXPECT_EQ(FindProvince("1"), nullptr);
    EXPECT_EQ(FindProvince("001"), nullptr);
    EXPECT_EQ(FindProvince("79 "), nullptr);
}

TEST(ProvinceTest, SixtyThreeFormerProvincesInCodeOrderEachWithASuccessor) {
    const auto former = FormerProvinces();
    ASSERT_EQ(former.size(), 63u);
    for (std::size_t i = 0; i < former.size(); ++i) {
        const FormerProvince& f = former[i];
        SCOPED_TRACE(std::string(f.code));
        EXPECT_EQ(f.code.size(), 2u);
        EXPECT_FALSE(f.name_vi.empty());
        EXPECT_NE(FindProvince(f.successor), nullptr) << "successor " << f.successor;
        if (i > 0) {
            EXPECT_LT(former[i - 1].code, f.code) << "strictly increasing codes";
        }
    }
}

TEST(ProvinceTest, EveryCurrentCodeWasAFormerCodeOfTheSameArea) {
    for (const auto& p : Provinces()) {
        bool found = false;
        for (const auto& f : FormerProvinces()) {
            if (f.code != p.code) continue;
            found = true;
            EXPECT_EQ(f.successor, p.code) << p.code;
        }
        EXPECT_TRUE(found) << p.code;
    }
}

TEST(ProvinceTest, EveryProvinceHasAtLeastOneFormerUnit) {
    for (const auto& p : Provinces()) {
        std::size_t count = 0;
        for (const auto& f : FormerProvinces()) count += f.successor == p.code ? 1 : 0;
        EXPECT_GE(count, 1u) << p.code;
    }
}

TEST(ProvinceTest, ResolveProvinceKeepsACurrentCode) {
    auto r = ResolveProvince("79", "address.provinceCode");
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_NE(r->province, nullptr);
    EXPECT_EQ(r->province->code, "79");
    EXPECT_TRUE(r->former_code.empty());

    // "24" is both Bắc Ninh today and Bắc Giang before: the current meaning wins, nothing is recorded.
    auto shared = ResolveProvince("24", "address.provinceCode");
    ASSERT_TRUE(shared);
    EXPECT_EQ(shared->province->code, "24");
    EXPECT_TRUE(shared->former_code.empty());
}

TEST(ProvinceTest, ResolveProvinceTranslatesAFormerCode) {
    auto ha_giang = ResolveProvince("02", "address.provinceCode");
    ASSERT_TRUE(ha_giang) << ha_giang.error().ToString();
    ASSERT_NE(ha_giang->province, nullptr);
    EXPECT_EQ(ha_giang->province->code, "08");
    EXPECT_EQ(ha_giang->province->name_vi, "Tuyên Quang");
    EXPECT_EQ(ha_giang->former_code, "02");

    auto vung_tau = ResolveProvince("77", "origin.provinceCode");
    ASSERT_TRUE(vung_tau);
    EXPECT_EQ(vung_tau->province->code, "79");
    EXPECT_EQ(vung_tau->former_code, "77");

    for (const auto& f : FormerProvinces()) {
        auto r = ResolveProvince(f.code, "x");
        ASSERT_TRUE(r) << f.code;
        EXPECT_EQ(r->province->code, f.successor) << f.code;
        EXPECT_EQ(r->former_code, f.code == f.successor ? "" : std::string(f.code)) << f.code;
    }
}

TEST(ProvinceTest, ResolveProvinceRejectsAnUnknownCodeNamingWhere) {
    for (const char* code : {"99", "03", "00", "", "1", "001", "7 9", "HN"}) {
        auto r = ResolveProvince(code, "address.provinceCode");
        ASSERT_FALSE(r) << code;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << code;
        EXPECT_EQ(r.error().where, "address.provinceCode") << code;
        EXPECT_EQ(r.error().rule, "province.unknown") << code;
        EXPECT_EQ(r.error().value, code);
    }
    auto other = ResolveProvince("99", "traceability.mandatoryIn[2]");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().where, "traceability.mandatoryIn[2]");
}

TEST(ProvinceTest, ProvinceLineViNamesTheKindOfUnit) {
    EXPECT_EQ(ProvinceLineVi(*FindProvince("01")), "Thành phố Hà Nội");
    EXPECT_EQ(ProvinceLineVi(*FindProvince("24")), "Tỉnh Bắc Ninh");
    EXPECT_EQ(ProvinceLineVi(*FindProvince("46")), "Thành phố Huế");
    EXPECT_EQ(ProvinceLineVi(*FindProvince("96")), "Tỉnh Cà Mau");
}

TEST(ProvinceTest, ProvincesMatchSharedCsv) {
    const auto shared = ::txng::testing::SharedDir();
    if (!shared) GTEST_SKIP() << "../shared is absent (set TXNG_SHARED_DIR): data/provinces.csv not compared";
    std::vector<std::string> header;
    const auto rows = CsvRows(::txng::testing::ReadFile(*shared / "data" / "provinces.csv"), &header);
    EXPECT_EQ(header, (std::vector<std::string>{"code", "name", "kind", "name_en"}));
    ASSERT_EQ(rows.size(), Provinces().size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        ASSERT_EQ(row.size(), 4u) << "row " << i + 1;
        const Province& p = Provinces()[i];
        SCOPED_TRACE(row[0]);
        EXPECT_EQ(p.code, row[0]);
        EXPECT_EQ(p.name_vi, row[1]);
        EXPECT_TRUE(row[2] == "thanh_pho" || row[2] == "tinh") << row[2];
        EXPECT_EQ(p.city, row[2] == "thanh_pho");
        EXPECT_EQ(p.name_en, row[3]);
    }
}

TEST(ProvinceTest, FormerProvincesMatchSharedCsv) {
    const auto shared = ::txng::testing::SharedDir();
    if (!shared) {
        GTEST_SKIP() << "../shared is absent (set TXNG_SHARED_DIR): data/provinces-before-2025-07.csv not compared";
    }
    std::vector<std::string> header;
    const auto rows = CsvRows(::txng::testing::ReadFile(*shared / "data" / "provinces-before-2025-07.csv"), &header);
    EXPECT_EQ(header, (std::vector<std::string>{"old_code", "old_name", "new_code"}));
    ASSERT_EQ(rows.size(), FormerProvinces().size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        ASSERT_EQ(row.size(), 3u) << "row " << i + 1;
        const FormerProvince& f = FormerProvinces()[i];
        SCOPED_TRACE(row[0]);
        EXPECT_EQ(f.code, row[0]);
        EXPECT_EQ(f.name_vi, row[1]);
        EXPECT_EQ(f.successor, row[2]);
    }
}

}  // namespace
}  // namespace txng::registry
