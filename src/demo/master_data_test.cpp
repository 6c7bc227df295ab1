#include "demo/master_data.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "epcis/document_io.hpp"
#include "gs1/epc_uri.hpp"
#include "gs1/keys.hpp"
#include "tests/support/shared_dir.hpp"

namespace txng::demo {
namespace {

bool AllDigits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }
bool HasNonAscii(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    }
    return false;
}

TEST(MasterDataTest, ProvincesAreTheThirtyFourUnits) {
    ASSERT_EQ(Provinces().size(), 34u);
    std::set<std::string_view> codes;
    for (const auto& p : Provinces()) codes.insert(p.code);
    EXPECT_EQ(codes.size(), 34u);
    ASSERT_NE(FindProvince("24"), nullptr);
    EXPECT_EQ(FindProvince("24")->name_vi, "Bắc Ninh");
    EXPECT_EQ(FindProvince("63"), nullptr);  // an old code (Hòa Bình) is not a province any more

    const auto shared = testing::SharedDir();
    if (!shared) GTEST_SKIP() << "../shared is absent: provinces.csv not compared";
    std::ifstream in(*shared / "data" / "provinces.csv");
    ASSERT_TRUE(in) << "data/provinces.csv";
    std::string line;
    std::getline(in, line);  // header
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::stringstream ss(line);
        std::string code, name, kind, name_en;
        std::getline(ss, code, ',');
        std::getline(ss, name, ',');
        std::getline(ss, kind, ',');
        std::getline(ss, name_en, ',');
        const Province* p = FindProvince(code);
        ASSERT_NE(p, nullptr) << code;
        EXPECT_EQ(p->name_vi, name);
        EXPECT_EQ(p->name_en, name_en);
        EXPECT_EQ(p->city, kind == "thanh_pho") << code;
        ++rows;
    }
    EXPECT_EQ(rows, 34u);
}

TEST(MasterDataTest, EnterprisesHaveVietnameseIdentities) {
    const MasterData& md = DemoMasterData();
    ASSERT_GE(md.enterprises.size(), 5u);
    std::set<std::size_t> lengths;
    std::set<std::string> provinces;
    for (const auto& e : md.enterprises) {
        SCOPED_TRACE(e.key);
        EXPECT_TRUE(AllDigits(e.company_prefix));
        EXPECT_TRUE(e.company_prefix.starts_with("893"));
        EXPECT_GE(e.company_prefix.size(), 7u);
        EXPECT_LE(e.company_prefix.size(), 10u);
        lengths.insert(e.company_prefix.size());
        EXPECT_TRUE(AllDigits(e.tax_code));
        EXPECT_EQ(e.tax_code.size(), 10u);
        EXPECT_TRUE(HasNonAscii(e.name_vi)) << "Vietnamese names carry diacritics";
        EXPECT_FALSE(HasNonAscii(e.name_en));
        EXPECT_NE(FindProvince(e.province_code), nullptr);
        provinces.insert(e.province_code);
        EXPECT_TRUE(gs1::ValidateGln(e.gln));
        EXPECT_TRUE(e.gln.starts_with(e.company_prefix));
        if (e.id_style == IdStyle::kBrandDigitalLink) {
            EXPECT_TRUE(e.brand_base.starts_with("https://qr."));
            EXPECT_TRUE(e.brand_base.ends_with(".vn"));
        }
        // No prefix may be the start of another, or keys would be ambiguous.
        for (const auto& other : md.enterprises) {
            if (&other != &e) {
                EXPECT_FALSE(other.company_prefix.starts_with(e.company_prefix)) << other.key;
            }
        }
    }
    EXPECT_EQ(lengths, (std::set<std::size_t>{7, 8, 9, 10}));
    EXPECT_GE(provinces.size(), 5u);
    std::set<IdStyle> styles;
    for (const auto& e : md.enterprises) styles.insert(e.id_style);
    EXPECT_EQ(styles.size(), 3u) << "URN, Digital Link and brand Digital Link writers";
}

TEST(MasterDataTest, LocationsHaveValidGlnsAndCoverTheChain) {
    const MasterData& md = DemoMasterData();
    std::set<std::string> glns;
    std::set<LocationKind> kinds;
    std::set<std::string> store_provinces;
    const auto prefixes = CompanyPrefixes(md);
    for (std::size_t i = 0; i < md.locations.size(); ++i) {
        const Location& l = md.locations[i];
        SCOPED_TRACE(l.key);
        EXPECT_TRUE(gs1::ValidateGln(l.gln));
        EXPECT_TRUE(l.gln.starts_with(md.enterprises[l.enterprise].company_prefix));
        EXPECT_TRUE(glns.insert(l.gln).second) << "duplicate GLN";
        EXPECT_NE(FindProvince(l.province_code), nullptr);
        EXPECT_TRUE(HasNonAscii(l.name_vi));
        EXPECT_FALSE(l.name_en.empty());
        EXPECT_GT(l.latitude, 8.0);
        EXPECT_LT(l.latitude, 23.5);
        EXPECT_GT(l.longitude, 102.0);
        EXPECT_LT(l.longitude, 110.0);
        kinds.insert(l.kind);
        if (l.kind == LocationKind::kRetailStore) store_provinces.insert(l.province_code);
        if (l.kind == LocationKind::kGrowingArea || l.kind == LocationKind::kFarm) {
            EXPECT_FALSE(l.area_code.empty());
        }
        if (l.parent) {
            ASSERT_LT(*l.parent, md.locations.size());
            EXPECT_EQ(md.locations[*l.parent].enterprise, l.enterprise);
            EXPECT_FALSE(md.locations[*l.parent].parent) << "two levels: site, then sub-locations";
        }
        for (const IdStyle style : {IdStyle::kEpcUrn, IdStyle::kDigitalLink}) {
            for (const std::string& ext : std::vector<std::string>{"0", "POS1"}) {
                const std::string uri = md.LocationUri(i, style, ext);
                if (style == IdStyle::kEpcUrn) {
                    EXPECT_TRUE(gs1::ValidateEpcUri(uri)) << uri;
                } else {
                    auto urn = gs1::DigitalLinkToEpcUri(uri, prefixes);
                    ASSERT_TRUE(urn) << uri << ": " << urn.error().ToString();
                    EXPECT_EQ(*urn, md.LocationUri(i, IdStyle::kEpcUrn, ext));
                }
            }
        }
    }
    for (const auto kind : {LocationKind::kGrowingArea, LocationKind::kFarm, LocationKind::kCooperative,
                            LocationKind::kPackingHouse, LocationKind::kFactory, LocationKind::kSlaughterhouse,
                            LocationKind::kDistributionCentre, LocationKind::kColdStore, LocationKind::kRetailStore}) {
        EXPECT_TRUE(kinds.contains(kind)) << LocationKindName(kind);
    }
    EXPECT_GE(store_provinces.size(), 4u);
    // The provinces after the July 2025 merger.
    EXPECT_EQ(md.locations[*md.FindLocation("lychee_farm_1")].province_code, "24");  // Lục Ngạn: Bắc Ninh
    EXPECT_EQ(md.locations[*md.FindLocation("rice_mill")].province_code, "92");      // Sóc Trăng: Cần Thơ
    EXPECT_EQ(md.locations[*md.FindLocation("coffee_factory")].province_code, "66");
    EXPECT_EQ(md.locations[*md.FindLocation("shrimp_plant")].province_code, "96");
}

TEST(MasterDataTest, ProductsHaveValidGtinsAndAProcessedProduct) {
    const MasterData& md = DemoMasterData();
    const auto prefixes = CompanyPrefixes(md);
    std::set<std::string> gtins;
    for (std::size_t i = 0; i < md.products.size(); ++i) {
        const Product& p = md.products[i];
        SCOPED_TRACE(p.key);
        EXPECT_TRUE(gs1::ValidateGtin14(p.gtin));
        EXPECT_TRUE(gtins.insert(p.gtin).second);
        const Enterprise& owner = md.enterprises[p.enterprise];
        EXPECT_EQ(p.gtin.substr(1, owner.company_prefix.size()), owner.company_prefix);
        EXPECT_EQ(prefixes.PrefixLength(p.gtin.substr(1, 13)), static_cast<int>(owner.company_prefix.size()));
        EXPECT_TRUE(HasNonAscii(p.name_vi));
        EXPECT_FALSE(p.standards.empty());
        EXPECT_GT(p.shelf_life_days, 0);
        EXPECT_NE(FindProvince(p.origin_province_code), nullptr);
        EXPECT_TRUE(p.image_url.starts_with("https://"));
        EXPECT_TRUE(gs1::ValidateEpcUri(md.ProductClassUri(i, IdStyle::kEpcUrn)));
        if (p.made_from) {
            EXPECT_EQ(md.products[*p.made_from].enterprise, p.enterprise);
        }
    }
    const auto ground = md.FindProduct("coffee_ground_500g");
    ASSERT_TRUE(ground);
    const auto roasted = md.products[*ground].made_from;
    ASSERT_TRUE(roasted);
    const auto green = md.products[*roasted].made_from;
    ASSERT_TRUE(green);
    EXPECT_EQ(md.products[*green].key, "coffee_green");
    for (const char* key :
         {"lychee_box_2kg", "coffee_ground_500g", "shrimp_frozen_1kg", "rice_st25_5kg", "pork_loin_500g"}) {
        ASSERT_TRUE(md.FindProduct(key)) << key;
        EXPECT_TRUE(md.products[*md.FindProduct(key)].serialised) << key;
    }
}

TEST(MasterDataTest, EveryEnterpriseLocationAndProductIsAValidRegistryRecord) {
    const MasterData& md = DemoMasterData();
    auto records = RegistryRecordsOf(md);
    ASSERT_EQ(records.enterprises.size(), md.enterprises.size());
    ASSERT_EQ(records.locations.size(), md.locations.size());
    ASSERT_EQ(records.products.size(), md.products.size());
    for (auto e : records.enterprises) {
        auto ok = registry::NormalizeEnterprise(e);
        EXPECT_TRUE(ok) << e.tax_code << ": " << (ok ? "" : ok.error().ToString());
    }
    std::set<std::string> seen;
    for (auto l : records.locations) {
        auto ok = registry::NormalizeLocation(l);
        EXPECT_TRUE(ok) << l.gln << ": " << (ok ? "" : ok.error().ToString());
        if (!l.parent.empty()) {
            EXPECT_TRUE(seen.contains(l.parent)) << l.gln << " comes after its parent";
        }
        seen.insert(l.gln);
    }
    for (auto p : records.products) {
        auto ok = registry::NormalizeProduct(p);
        EXPECT_TRUE(ok) << p.gtin << ": " << (ok ? "" : ok.error().ToString());
    }
}

TEST(MasterDataTest, DocumentEncodesToXmlAndLoadsBack) {
    const MasterData& md = DemoMasterData();
    epcis::DateTime creation;
    creation.unix_seconds = 1'751'302'800;
    creation.offset_minutes = 420;
    creation.has_z = false;
    const epcis::Document doc = MasterDataDocument(md, creation);
    ASSERT_EQ(doc.kind, epcis::DocumentKind::kEpcisMasterDataDocument);

    const std::string xml = epcis::EncodeDocument(doc, epcis::Format::kXml);
    EXPECT_NE(xml.find("EPCISMasterDataDocument"), std::string::npos);
    EXPECT_NE(xml.find("Hợp tác xã Nông nghiệp Vải thiều Lục Ngạn"), std::string::npos);
    auto loaded = epcis::LoadDocument(xml);
    ASSERT_TRUE(loaded) << loaded.error().ToString();
    EXPECT_TRUE(loaded->warnings.empty()) << loaded->warnings.front().ToString();
    EXPECT_EQ(loaded->document.kind, epcis::DocumentKind::kEpcisMasterDataDocument);
    EXPECT_EQ(loaded->document.master_data, doc.master_data);

    // The JSON binding carries master data in the header of an EPCISDocument.
    auto json = epcis::LoadDocument(epcis::EncodeDocument(doc, epcis::Format::kJson));
    ASSERT_TRUE(json) << json.error().ToString();
    EXPECT_EQ(json->document.master_data, doc.master_data);

    std::set<std::string> types;
    std::size_t locations = 0, classes = 0, with_children = 0;
    for (const auto& v : doc.master_data) {
        types.insert(v.type);
        for (const auto& e : v.elements) {
            if (!e.children.empty()) ++with_children;
        }
        if (v.type == "urn:epcglobal:epcis:vtype:BusinessLocation") locations = v.elements.size();
        if (v.type == "urn:epcglobal:epcis:vtype:EPCClass") classes = v.elements.size();
    }
    EXPECT_TRUE(types.contains("urn:epcglobal:epcis:vtype:Party"));
    EXPECT_TRUE(types.contains("urn:epcglobal:epcis:vtype:ReadPoint"));
    EXPECT_EQ(locations, md.locations.size());
    EXPECT_EQ(classes, md.products.size());
    EXPECT_GE(with_children, 5u);
}

}  // namespace
}  // namespace txng::demo
