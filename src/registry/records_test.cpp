#include "registry/records.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>
#include <string>
#include <vector>

namespace txng::registry {
namespace {

namespace json = boost::json;

// A complete enterprise in the API's canonical JSON form (what EncodeEnterprise writes).
constexpr std::string_view kEnterprise = R"({
    "taxCode": "0314409058",
    "kind": "enterprise",
    "name": {"vi": "Công ty TNHH Nông sản Đồng Tháp Xanh", "en": "Dong Thap Green Agriculture Co., Ltd"},
    "address": {
        "street": "Số 12 đường Nguyễn Huệ",
        "communeCode": "26734",
        "provinceCode": "79",
        "province": {"vi": "Thành phố Hồ Chí Minh", "en": "Ho Chi Minh City"}
    },
    "gln": "8934567000017",
    "gs1CompanyPrefixes": [
        {"prefix": "8934567", "length": 7, "internalOnly": false, "country": "VN"},
        {"prefix": "2000001", "length": 7, "internalOnly": true}
    ],
    "contacts": [
        {"name": "Nguyễn Thị Hương", "email": "huong@dongthapxanh.vn", "phone": "+84 28 3822 1234"},
        {"name": "Trần Văn Đức", "phone": "0912.345.678"}
    ],
    "status": "active",
    "privateExtensions": ["https://erp.dongthapxanh.vn/epcis/", "urn:example:margins"]
})";

// A complete location: a farm recorded with its province before the 2025 merger (87, Đồng Tháp).
constexpr std::string_view kLocation = R"({
    "gln": "8934567000024",
    "owner": "0314409058",
    "name": {"vi": "Vườn xoài Cao Lãnh", "en": "Cao Lanh mango orchard"},
    "kind": "farm",
    "address": {
        "street": "Ấp Mỹ Thuận",
        "communeCode": "29533",
        "provinceCode": "82",
        "province": {"vi": "Tỉnh Đồng Tháp", "en": "Dong Thap"},
        "formerProvinceCode": "87"
    },
    "coordinates": {"latitude": 10.4597, "longitude": 105.6325},
    "parent": "8934567000017",
    "status": "active"
})";

// A complete product.
constexpr std::string_view kProduct = R"({
    "gtin": "08934567123457",
    "owner": "0314409058",
    "name": {"vi": "Xoài cát Hòa Lộc loại 1", "en": "Hoa Loc mango, grade 1"},
    "brand": "Đồng Tháp Xanh",
    "category": "Trái cây tươi",
    "netContent": {"value": 1000.0, "unitCode": "GRM"},
    "shelfLifeDays": 14,
    "origin": {"countryCode": "VN", "provinceCode": "82"},
    "standards": ["VietGAP", "TCVN 12827:2019", "QCVN 8-2:2011/BYT"],
    "images": ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    "safetyWarnings": {"vi": "Rửa sạch trước khi ăn.", "en": "Wash before eating."},
    "traceability": {"mandatoryIn": ["01", "79"], "priorityIn": ["82"]},
    "status": "active"
})";

json::object Object(std::string_view text) { return json::parse(text).as_object(); }

template <typename T>
::testing::AssertionResult FailsWith(const Result<T>& r, std::string_view where, std::string_view rule) {
    if (r) return ::testing::AssertionFailure() << "accepted; expected " << rule << " at " << where;
    const Error& e = r.error();
    if (e.code != ErrorCode::kInvalidArgument || e.where != where || e.rule != rule) {
        return ::testing::AssertionFailure() << "expected " << rule << " at '" << where << "', got " << e.ToString()
                                             << " [where '" << e.where << "']";
    }
    return ::testing::AssertionSuccess();
}

template <typename T>
::testing::AssertionResult Succeeds(const Result<T>& r) {
    if (!r) return ::testing::AssertionFailure() << r.error().ToString();
    return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------------------
// Enterprise

TEST(RecordsTest, DecodeEnterpriseReadsEveryField) {
    auto e = DecodeEnterprise(json::parse(kEnterprise));
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->tax_code, "0314409058");
    EXPECT_EQ(e->kind, EnterpriseKind::kEnterprise);
    EXPECT_EQ(e->name.vi, "Công ty TNHH Nông sản Đồng Tháp Xanh");
    EXPECT_EQ(e->name.en, "Dong Thap Green Agriculture Co., Ltd");
    EXPECT_EQ(e->address.street, "Số 12 đường Nguyễn Huệ");
    EXPECT_EQ(e->address.commune_code, "26734");
    EXPECT_EQ(e->address.province_code, "79");
    EXPECT_TRUE(e->address.former_province_code.empty());
    EXPECT_EQ(e->gln, "8934567000017");
    ASSERT_EQ(e->prefixes.size(), 2u);
    EXPECT_EQ(e->prefixes[0].prefix, "8934567");
    EXPECT_FALSE(e->prefixes[0].internal_only);
    EXPECT_EQ(e->prefixes[1].prefix, "2000001");
    EXPECT_TRUE(e->prefixes[1].internal_only);
    ASSERT_EQ(e->contacts.size(), 2u);
    EXPECT_EQ(e->contacts[0].name, "Nguyễn Thị Hương");
    EXPECT_EQ(e->contacts[0].email, "huong@dongthapxanh.vn");
    EXPECT_EQ(e->contacts[0].phone, "+84 28 3822 1234");
    EXPECT_EQ(e->contacts[1].name, "Trần Văn Đức");
    EXPECT_TRUE(e->contacts[1].email.empty());
    EXPECT_EQ(e->status, RecordStatus::kActive);
    EXPECT_EQ(e->private_extensions,
              (std::vector<std::string>{"https://erp.dongthapxanh.vn/epcis/", "urn:example:margins"}));
}

TEST(RecordsTest, PrivateExtensionsAreNamespacesOrAStarAndDefaultToAll) {
    auto with = [](std::string_view list) {
        return DecodeEnterprise(json::parse(
            std::string(R"({"taxCode":"0314409058","name":{"vi":"A"},"address":{"street":"1","provinceCode":"79"},)") +
            (list.empty() ? std::string() : R"("privateExtensions":)" + std::string(list) + ",") +
            R"("status":"active"})"));
    };
    auto by_default = with("");
    ASSERT_TRUE(Succeeds(by_default));
    EXPECT_EQ(by_default->private_extensions, std::vector<std::string>{"*"});
    auto none = with("[]");
    ASSERT_TRUE(Succeeds(none));
    EXPECT_TRUE(none->private_extensions.empty());
    for (const std::string_view bad : {R"(["no scheme"])", R"(["https://a b/"])", R"([":x"])", R"([1])", R"("*")"}) {
        auto e = with(bad);
        ASSERT_FALSE(e) << bad;
        EXPECT_EQ(e.error().where.substr(0, 17), "privateExtensions") << bad;
    }
}

TEST(RecordsTest, EnterpriseRoundTripsThroughEncodeAndDecode) {
    const json::value original = json::parse(kEnterprise);
    auto decoded = DecodeEnterprise(original);
    ASSERT_TRUE(Succeeds(decoded));
    const json::object encoded = EncodeEnterprise(*decoded);
    EXPECT_EQ(json::value(encoded), original) << json::serialize(encoded);
    auto again = DecodeEnterprise(encoded);
    ASSERT_TRUE(Succeeds(again));
    EXPECT_EQ(json::value(EncodeEnterprise(*again)), original);
}

TEST(RecordsTest, EncodeEnterpriseWritesTimesWhenSet) {
    auto e = DecodeEnterprise(json::parse(kEnterprise));
    ASSERT_TRUE(Succeeds(e));
    EXPECT_FALSE(EncodeEnterprise(*e).contains("createdAt"));
    e->created_at = "2025-07-01T08:00:00Z";
    e->updated_at = "2025-07-02T09:30:00Z";
    const json::object o = EncodeEnterprise(*e);
    EXPECT_EQ(o.at("createdAt"), "2025-07-01T08:00:00Z");
    EXPECT_EQ(o.at("updatedAt"), "2025-07-02T09:30:00Z");
    // The store sets the times: given on input they are accepted and not taken.
    auto decoded = DecodeEnterprise(o);
    ASSERT_TRUE(Succeeds(decoded));
    EXPECT_TRUE(decoded->created_at.empty());
}

TEST(RecordsTest, DecodeEnterpriseKeepsVietnameseDiacritics) {
    json::object j = Object(kEnterprise);
    j["name"] = json::object{{"vi", "Hợp tác xã Dịch vụ Nông nghiệp Mỹ Xương"}, {"en", "My Xuong Cooperative"}};
    j["kind"] = "cooperative";
    auto e = DecodeEnterprise(j);
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->name.vi, "Hợp tác xã Dịch vụ Nông nghiệp Mỹ Xương");
    EXPECT_EQ(e->kind, EnterpriseKind::kCooperative);
    const json::object encoded = EncodeEnterprise(*e);
    EXPECT_EQ(encoded.at("name").at("vi"), "Hợp tác xã Dịch vụ Nông nghiệp Mỹ Xương");
    EXPECT_EQ(encoded.at("kind"), "cooperative");
}

TEST(RecordsTest, DecodeEnterpriseAcceptsAMinimalRecord) {
    auto e = DecodeEnterprise(json::parse(R"({"taxCode": "0314409058", "name": {"vi": "Cửa hàng Bà Năm"},
                                              "address": {"provinceCode": "96"}})"));
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->kind, EnterpriseKind::kEnterprise);
    EXPECT_EQ(e->status, RecordStatus::kActive);
    EXPECT_TRUE(e->prefixes.empty());
    EXPECT_TRUE(e->contacts.empty());
    const json::object o = EncodeEnterprise(*e);
    EXPECT_FALSE(o.contains("gln"));
    EXPECT_FALSE(o.at("name").as_object().contains("en"));
    EXPECT_EQ(o.at("address").at("province").at("vi"), "Tỉnh Cà Mau");
    EXPECT_TRUE(o.at("gs1CompanyPrefixes").as_array().empty());
}

TEST(RecordsTest, DecodeEnterpriseRefusesUnknownFieldsNamingTheirPath) {
    struct Case {
        const char* where;
        void (*mutate)(json::object&);
    };
    const Case cases[] = {
        {"colour", [](json::object& j) { j["colour"] = "xanh"; }},
        {"TaxCode", [](json::object& j) { j["TaxCode"] = "0314409058"; }},  // names are case-sensitive
        {"address.colour", [](json::object& j) { j["address"].as_object()["colour"] = "xanh"; }},
        {"name.fr", [](json::object& j) { j["name"].as_object()["fr"] = "Vert"; }},
        {"gs1CompanyPrefixes[0].owner",
         [](json::object& j) { j["gs1CompanyPrefixes"].as_array()[0].as_object()["owner"] = "x"; }},
        {"contacts[1].fax", [](json::object& j) { j["contacts"].as_array()[1].as_object()["fax"] = "02838221235"; }},
    };
    for (const auto& c : cases) {
        json::object j = Object(kEnterprise);
        c.mutate(j);
        auto e = DecodeEnterprise(j);
        EXPECT_TRUE(FailsWith(e, c.where, "field.unknown"));
        if (!e) {
            EXPECT_EQ(e.error().value, std::string_view(c.where).substr(std::string_view(c.where).rfind('.') + 1));
        }
    }
}

TEST(RecordsTest, DecodeEnterpriseRequiresItsFields) {
    struct Case {
        const char* where;
        void (*mutate)(json::object&);
    };
    const Case cases[] = {
        {"taxCode", [](json::object& j) { j.erase("taxCode"); }},
        {"taxCode", [](json::object& j) { j["taxCode"] = nullptr; }},
        {"taxCode", [](json::object& j) { j["taxCode"] = ""; }},
        {"name", [](json::object& j) { j.erase("name"); }},
        {"name.vi", [](json::object& j) { j["name"].as_object().erase("vi"); }},
        {"name.vi", [](json::object& j) { j["name"].as_object()["vi"] = ""; }},
        {"address", [](json::object& j) { j.erase("address"); }},
        {"address.provinceCode", [](json::object& j) { j["address"].as_object().erase("provinceCode"); }},
        {"gs1CompanyPrefixes[1].prefix",
         [](json::object& j) { j["gs1CompanyPrefixes"].as_array()[1].as_object().erase("prefix"); }},
        {"contacts[0].name", [](json::object& j) { j["contacts"].as_array()[0].as_object().erase("name"); }},
    };
    for (const auto& c : cases) {
        json::object j = Object(kEnterprise);
        c.mutate(j);
        EXPECT_TRUE(FailsWith(DecodeEnterprise(j), c.where, "field.required"));
    }
}

TEST(RecordsTest, DecodeEnterpriseRefusesWrongJsonTypes) {
    EXPECT_TRUE(FailsWith(DecodeEnterprise(json::parse("[]")), "$", "json.type"));
    EXPECT_TRUE(FailsWith(DecodeEnterprise(json::parse(R"("0314409058")")), "$", "json.type"));
    struct Case {
        const char* where;
        void (*mutate)(json::object&);
    };
    const Case cases[] = {
        {"taxCode", [](json::object& j) { j["taxCode"] = 314409058; }},
        {"name", [](json::object& j) { j["name"] = "Công ty Xanh"; }},
        {"name.vi", [](json::object& j) { j["name"].as_object()["vi"] = json::array{"Công ty"}; }},
        {"address", [](json::object& j) { j["address"] = json::array{}; }},
        {"address.provinceCode", [](json::object& j) { j["address"].as_object()["provinceCode"] = 79; }},
        {"gln", [](json::object& j) { j["gln"] = 8934567000017; }},
        {"gs1CompanyPrefixes", [](json::object& j) { j["gs1CompanyPrefixes"] = "8934567"; }},
        {"gs1CompanyPrefixes[0]", [](json::object& j) { j["gs1CompanyPrefixes"].as_array()[0] = 8934567; }},
        {"gs1CompanyPrefixes[0].length",
         [](json::object& j) { j["gs1CompanyPrefixes"].as_array()[0].as_object()["length"] = "7"; }},
        {"gs1CompanyPrefixes[0].internalOnly",
         [](json::object& j) { j["gs1CompanyPrefixes"].as_array()[0].as_object()["internalOnly"] = "no"; }},
        {"contacts", [](json::object& j) { j["contacts"] = json::object{}; }},
        {"contacts[1]", [](json::object& j) { j["contacts"].as_array()[1] = "0912.345.678"; }},
        {"status", [](json::object& j) { j["status"] = true; }},
    };
    for (const auto& c : cases) {
        json::object j = Object(kEnterprise);
        c.mutate(j);
        EXPECT_TRUE(FailsWith(DecodeEnterprise(j), c.where, "json.type"));
    }
}

TEST(RecordsTest, DecodeEnterpriseRefusesUnknownEnumValues) {
    json::object kind = Object(kEnterprise);
    kind["kind"] = "company";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(kind), "kind", "field.enum"));
    json::object status = Object(kEnterprise);
    status["status"] = "deleted";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(status), "status", "field.enum"));
    json::object suspended = Object(kEnterprise);
    suspended["status"] = "suspended";
    auto e = DecodeEnterprise(suspended);
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->status, RecordStatus::kSuspended);
}

TEST(RecordsTest, DecodeEnterpriseChecksTheTaxCode) {
    json::object mistyped = Object(kEnterprise);
    mistyped["taxCode"] = "0314409059";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(mistyped), "taxCode", "tax_code.check_digit"));
    json::object short_code = Object(kEnterprise);
    short_code["taxCode"] = "031440905";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(short_code), "taxCode", "tax_code.syntax"));
    json::object too_long = Object(kEnterprise);
    too_long["taxCode"] = "0314409058-0021";  // over the 14 characters of the longest form
    EXPECT_TRUE(FailsWith(DecodeEnterprise(too_long), "taxCode", "text.too_long"));
}

TEST(RecordsTest, DecodeEnterpriseNormalisesABranchTaxCode) {
    json::object j = Object(kEnterprise);
    j["taxCode"] = "0314409058002";
    auto e = DecodeEnterprise(j);
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->tax_code, "0314409058-002");
    EXPECT_EQ(EncodeEnterprise(*e).at("taxCode"), "0314409058-002");
}

TEST(RecordsTest, HouseholdWithADependentUnitTaxCodeIsRefused) {
    json::object branch = Object(kEnterprise);
    branch["kind"] = "household";
    branch["taxCode"] = "0314409058-002";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(branch), "taxCode", "tax_code.kind"));
    json::object personal = Object(kEnterprise);
    personal["kind"] = "household";
    personal["taxCode"] = "087190001234";
    auto e = DecodeEnterprise(personal);
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->kind, EnterpriseKind::kHousehold);
    EXPECT_EQ(e->tax_code, "087190001234");
}

TEST(RecordsTest, DecodeEnterpriseChecksTheGlnCheckDigit) {
    json::object j = Object(kEnterprise);
    j["gln"] = "8934567000018";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "gln", "gln.check_digit"));
    json::object short_gln = Object(kEnterprise);
    short_gln["gln"] = "893456700001";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(short_gln), "gln", "gln.length"));
}

TEST(RecordsTest, FormerProvinceCodeIsTranslatedAndKept) {
    json::object j = Object(kEnterprise);
    j["address"] = json::object{{"street", "Thôn Nà Chang"}, {"provinceCode", "02"}};  // Hà Giang before 2025
    auto e = DecodeEnterprise(j);
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->address.province_code, "08");
    EXPECT_EQ(e->address.former_province_code, "02");
    const json::object encoded = EncodeEnterprise(*e);
    const json::object& address = encoded.at("address").as_object();
    EXPECT_EQ(address.at("provinceCode"), "08");
    EXPECT_EQ(address.at("formerProvinceCode"), "02");
    EXPECT_EQ(address.at("province").at("vi"), "Tỉnh Tuyên Quang");
    EXPECT_EQ(address.at("province").at("en"), "Tuyen Quang");
    // The encoded form decodes to the same record.
    auto again = DecodeEnterprise(encoded);
    ASSERT_TRUE(Succeeds(again));
    EXPECT_EQ(again->address.province_code, "08");
    EXPECT_EQ(again->address.former_province_code, "02");
}

TEST(RecordsTest, FormerProvinceCodeConsistentWithProvinceIsAccepted) {
    json::object j = Object(kEnterprise);
    j["address"] = json::object{{"provinceCode", "79"}, {"formerProvinceCode", "74"}};  // Bình Dương -> HCM
    auto e = DecodeEnterprise(j);
    ASSERT_TRUE(Succeeds(e));
    EXPECT_EQ(e->address.province_code, "79");
    EXPECT_EQ(e->address.former_province_code, "74");
}

TEST(RecordsTest, FormerProvinceCodeInconsistentWithProvinceIsRefused) {
    json::object j = Object(kEnterprise);
    j["address"] = json::object{{"provinceCode", "01"}, {"formerProvinceCode", "02"}};
    auto e = DecodeEnterprise(j);
    EXPECT_TRUE(FailsWith(e, "address.formerProvinceCode", "province.former_mismatch"));
    if (!e) {
        EXPECT_EQ(e.error().value, "02");
    }
}

TEST(RecordsTest, TwoDifferentFormerProvinceCodesAreRefused) {
    // 02 (Hà Giang, now in 08) as provinceCode and 06 (Bắc Kạn, now in 19) beside it.
    json::object j = Object(kEnterprise);
    j["address"] = json::object{{"provinceCode", "02"}, {"formerProvinceCode", "06"}};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "address.formerProvinceCode", "province.former_mismatch"));
    j["address"] = json::object{{"provinceCode", "02"}, {"formerProvinceCode", "02"}};
    EXPECT_TRUE(Succeeds(DecodeEnterprise(j)));
}

TEST(RecordsTest, UnknownProvinceCodesAreRefused) {
    json::object current = Object(kEnterprise);
    current["address"] = json::object{{"provinceCode", "99"}};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(current), "address.provinceCode", "province.unknown"));
    json::object former = Object(kEnterprise);
    former["address"] = json::object{{"provinceCode", "08"}, {"formerProvinceCode", "03"}};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(former), "address.formerProvinceCode", "province.unknown"));
    json::object too_long = Object(kEnterprise);
    too_long["address"] = json::object{{"provinceCode", "079"}};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(too_long), "address.provinceCode", "text.too_long"));
}

TEST(RecordsTest, CommuneCodeIsFiveDigits) {
    json::object j = Object(kEnterprise);
    j["address"].as_object()["communeCode"] = "2673";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "address.communeCode", "commune.syntax"));
    j["address"].as_object()["communeCode"] = "2673A";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "address.communeCode", "commune.syntax"));
}

TEST(RecordsTest, RestrictedPrefixIsForcedInternalOnly) {
    json::object j = Object(kEnterprise);
    j["gs1CompanyPrefixes"] =
        json::array{json::object{{"prefix", "2000001"}, {"internalOnly", false}}, "2512345", "8934567"};
    auto e = DecodeEnterprise(j);
    ASSERT_TRUE(Succeeds(e));
    ASSERT_EQ(e->prefixes.size(), 3u);
    EXPECT_TRUE(e->prefixes[0].internal_only);
    EXPECT_TRUE(e->prefixes[1].internal_only);
    EXPECT_FALSE(e->prefixes[2].internal_only);
    const json::object record = EncodeEnterprise(*e);
    const json::array& encoded = record.at("gs1CompanyPrefixes").as_array();
    EXPECT_EQ(encoded[0].at("internalOnly"), true);
    EXPECT_FALSE(encoded[0].as_object().contains("country"));
    EXPECT_EQ(encoded[1].at("length"), 7);
    EXPECT_EQ(encoded[2].at("country"), "VN");
}

TEST(RecordsTest, NormalizeEnterpriseForcesRestrictedPrefixInternalOnly) {
    auto e = DecodeEnterprise(json::parse(kEnterprise));
    ASSERT_TRUE(Succeeds(e));
    e->prefixes = {CompanyPrefix{"20123456", false}};
    ASSERT_TRUE(Succeeds(NormalizeEnterprise(*e)));
    EXPECT_TRUE(e->prefixes[0].internal_only);
}

TEST(RecordsTest, OverlappingPrefixesAreRefused) {
    struct Case {
        json::array prefixes;
        const char* where;
    };
    const Case cases[] = {
        {json::array{"8934567", "89345671"}, "gs1CompanyPrefixes[1].prefix"},
        {json::array{"89345671", "8934567"}, "gs1CompanyPrefixes[1].prefix"},
        {json::array{"8934567", "8939876", "8934567"}, "gs1CompanyPrefixes[2].prefix"},
    };
    for (const auto& c : cases) {
        json::object j = Object(kEnterprise);
        j["gs1CompanyPrefixes"] = c.prefixes;
        EXPECT_TRUE(FailsWith(DecodeEnterprise(j), c.where, "company_prefix.overlap")) << json::serialize(c.prefixes);
    }
    json::object disjoint = Object(kEnterprise);
    disjoint["gs1CompanyPrefixes"] = json::array{"8934567", "8934568", "893456"};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(disjoint), "gs1CompanyPrefixes[2].prefix", "company_prefix.overlap"));
    disjoint["gs1CompanyPrefixes"] = json::array{"8934567", "8934568"};
    EXPECT_TRUE(Succeeds(DecodeEnterprise(disjoint)));
}

TEST(RecordsTest, PrefixLengthFieldMustMatchItsDigits) {
    json::object j = Object(kEnterprise);
    j["gs1CompanyPrefixes"] = json::array{json::object{{"prefix", "8934567"}, {"length", 8}}};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "gs1CompanyPrefixes[0].length", "company_prefix.length"));
    j["gs1CompanyPrefixes"] = json::array{json::object{{"prefix", "8934567"}, {"length", 7}}};
    EXPECT_TRUE(Succeeds(DecodeEnterprise(j)));
}

TEST(RecordsTest, PrefixIsSixToTwelveDigits) {
    for (const char* bad : {"89345", "893456789012X", "89345A7", "8934567890123"}) {
        json::object j = Object(kEnterprise);
        j["gs1CompanyPrefixes"] = json::array{bad};
        EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "gs1CompanyPrefixes[0].prefix", "company_prefix.syntax")) << bad;
    }
    for (const char* good : {"893456", "893456789012"}) {
        json::object j = Object(kEnterprise);
        j["gs1CompanyPrefixes"] = json::array{good};
        EXPECT_TRUE(Succeeds(DecodeEnterprise(j))) << good;
    }
}

TEST(RecordsTest, ContactNeedsAnEmailOrAPhone) {
    json::object j = Object(kEnterprise);
    j["contacts"] = json::array{json::object{{"name", "Lê Văn Tám"}}};
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "contacts[0]", "contact.reachable"));
    j["contacts"] = json::array{json::object{{"name", "Lê Văn Tám"}, {"email", "tam@example.vn"}}};
    EXPECT_TRUE(Succeeds(DecodeEnterprise(j)));
}

TEST(RecordsTest, ContactEmailMustLookLikeOne) {
    for (const char* bad : {"huong.dongthapxanh.vn", "huong@dongthapxanh", "@dongthapxanh.vn", "huong@@xanh.vn",
                            "huong@xanh.vn.", "huong @xanh.vn"}) {
        json::object j = Object(kEnterprise);
        j["contacts"] = json::array{json::object{{"name", "Nguyễn Thị Hương"}, {"email", bad}}};
        EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "contacts[0].email", "email.syntax")) << bad;
    }
}

TEST(RecordsTest, ContactPhoneMustLookLikeOne) {
    for (const char* bad : {"1234567", "0912-345-67a", "84+912345678", "(028) 3822 1234"}) {
        json::object j = Object(kEnterprise);
        j["contacts"] = json::array{json::object{{"name", "Nguyễn Thị Hương"}, {"phone", bad}}};
        EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "contacts[0].phone", "phone.syntax")) << bad;
    }
}

TEST(RecordsTest, NamesWithControlCharactersAreRefused) {
    json::object name = Object(kEnterprise);
    name["name"].as_object()["vi"] = "Công ty\tXanh";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(name), "name.vi", "text.control"));
    json::object street = Object(kEnterprise);
    street["address"].as_object()["street"] = "Số 12\nđường Nguyễn Huệ";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(street), "address.street", "text.control"));
}

TEST(RecordsTest, DeleteAndC1ControlCharactersAreRefusedToo) {
    for (const std::string& bad : {std::string("Công ty\x7fXanh"), std::string("Công ty\xc2\x85Xanh")}) {
        json::object name = Object(kEnterprise);
        name["name"].as_object()["vi"] = bad;
        EXPECT_TRUE(FailsWith(DecodeEnterprise(name), "name.vi", "text.control"));
    }
}

TEST(RecordsTest, NamesLongerThanThreeHundredCharactersAreRefused) {
    std::string name;
    for (int i = 0; i < 300; ++i) name += "ạ";  // 3 bytes each: the limit counts characters, not bytes
    json::object ok = Object(kEnterprise);
    ok["name"].as_object()["vi"] = name;
    EXPECT_TRUE(Succeeds(DecodeEnterprise(ok)));
    json::object too_long = Object(kEnterprise);
    too_long["name"].as_object()["en"] = name + "a";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(too_long), "name.en", "text.too_long"));
}

TEST(RecordsTest, NamesWithSurroundingSpacesAreRefused) {
    json::object j = Object(kEnterprise);
    j["name"].as_object()["vi"] = " Công ty Xanh";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "name.vi", "text.spaces"));
    j["name"].as_object()["vi"] = "Công ty Xanh ";
    EXPECT_TRUE(FailsWith(DecodeEnterprise(j), "name.vi", "text.spaces"));
}

TEST(RecordsTest, NormalizeEnterpriseRefusesInvalidUtf8) {
    auto decoded = DecodeEnterprise(json::parse(kEnterprise));
    ASSERT_TRUE(Succeeds(decoded));
    Enterprise bad_vi = *decoded;
    bad_vi.name.vi = "C\xC3\x28ng ty";  // a lead byte followed by a non-continuation byte
    EXPECT_TRUE(FailsWith(NormalizeEnterprise(bad_vi), "name.vi", "text.utf8"));
    Enterprise overlong = *decoded;
    overlong.name.en = "Green \xC0\xAF";  // overlong '/'
    EXPECT_TRUE(FailsWith(NormalizeEnterprise(overlong), "name.en", "text.utf8"));
    Enterprise street = *decoded;
    street.address.street = "S\xED\xA0\x80";  // a surrogate
    EXPECT_TRUE(FailsWith(NormalizeEnterprise(street), "address.street", "text.utf8"));
    Enterprise contact = *decoded;
    contact.contacts[0].name = "Nguy\xE1\xBB";  // truncated sequence
    EXPECT_TRUE(FailsWith(NormalizeEnterprise(contact), "contacts[0].name", "text.utf8"));
}

TEST(RecordsTest, NormalizeEnterpriseNormalisesAStructBuiltInCode) {
    Enterprise e;
    e.tax_code = "0314409058002";
    e.name.vi = "Chi nhánh Cần Thơ";
    e.address.province_code = "93";  // Hậu Giang before 2025
    e.prefixes = {CompanyPrefix{"8934567", false}};
    e.contacts = {Contact{"Phạm Minh Châu", "", "0292 3821 456"}};
    ASSERT_TRUE(Succeeds(NormalizeEnterprise(e)));
    EXPECT_EQ(e.tax_code, "0314409058-002");
    EXPECT_EQ(e.address.province_code, "92");
    EXPECT_EQ(e.address.former_province_code, "93");
}

// ---------------------------------------------------------------------------------------------
// Location

TEST(RecordsTest, DecodeLocationReadsEveryField) {
    auto l = DecodeLocation(json::parse(kLocation));
    ASSERT_TRUE(Succeeds(l));
    EXPECT_EQ(l->gln, "8934567000024");
    EXPECT_EQ(l->owner, "0314409058");
    EXPECT_EQ(l->name.vi, "Vườn xoài Cao Lãnh");
    EXPECT_EQ(l->kind, LocationKind::kFarm);
    EXPECT_EQ(l->address.province_code, "82");
    EXPECT_EQ(l->address.former_province_code, "87");
    ASSERT_TRUE(l->coordinates.has_value());
    EXPECT_DOUBLE_EQ(l->coordinates->latitude, 10.4597);
    EXPECT_DOUBLE_EQ(l->coordinates->longitude, 105.6325);
    EXPECT_EQ(l->parent, "8934567000017");
    EXPECT_EQ(l->status, RecordStatus::kActive);
}

TEST(RecordsTest, LocationRoundTripsThroughEncodeAndDecode) {
    const json::value original = json::parse(kLocation);
    auto decoded = DecodeLocation(original);
    ASSERT_TRUE(Succeeds(decoded));
    const json::object encoded = EncodeLocation(*decoded);
    EXPECT_EQ(json::value(encoded), original) << json::serialize(encoded);
    auto again = DecodeLocation(encoded);
    ASSERT_TRUE(Succeeds(again));
    EXPECT_EQ(json::value(EncodeLocation(*again)), original);
}

TEST(RecordsTest, DecodeLocationReadsEveryKind) {
    for (const char* kind : {"farm", "growing_area", "aquaculture_area", "slaughterhouse", "packing_house", "factory",
                             "warehouse", "distribution_centre", "store", "market", "port", "office", "other"}) {
        json::object j = Object(kLocation);
        j["kind"] = kind;
        auto l = DecodeLocation(j);
        ASSERT_TRUE(Succeeds(l)) << kind;
        EXPECT_EQ(LocationKindName(l->kind), kind);
    }
    json::object barn = Object(kLocation);
    barn["kind"] = "barn";
    EXPECT_TRUE(FailsWith(DecodeLocation(barn), "kind", "field.enum"));
    json::object missing = Object(kLocation);
    missing.erase("kind");
    EXPECT_TRUE(FailsWith(DecodeLocation(missing), "kind", "field.required"));
}

TEST(RecordsTest, DecodeLocationRefusesUnknownFields) {
    json::object top = Object(kLocation);
    top["altitude"] = 3;
    EXPECT_TRUE(FailsWith(DecodeLocation(top), "altitude", "field.unknown"));
    json::object nested = Object(kLocation);
    nested["coordinates"].as_object()["altitude"] = 3.5;
    EXPECT_TRUE(FailsWith(DecodeLocation(nested), "coordinates.altitude", "field.unknown"));
    json::object address = Object(kLocation);
    address["address"].as_object()["colour"] = "xanh";
    EXPECT_TRUE(FailsWith(DecodeLocation(address), "address.colour", "field.unknown"));
}

TEST(RecordsTest, DecodeLocationRequiresGlnNameAndAddress) {
    json::object gln = Object(kLocation);
    gln.erase("gln");
    EXPECT_TRUE(FailsWith(DecodeLocation(gln), "gln", "field.required"));
    json::object name = Object(kLocation);
    name.erase("name");
    EXPECT_TRUE(FailsWith(DecodeLocation(name), "name", "field.required"));
    json::object address = Object(kLocation);
    address.erase("address");
    EXPECT_TRUE(FailsWith(DecodeLocation(address), "address", "field.required"));
    json::object latitude = Object(kLocation);
    latitude["coordinates"].as_object().erase("latitude");
    EXPECT_TRUE(FailsWith(DecodeLocation(latitude), "coordinates.latitude", "field.required"));
    json::object longitude = Object(kLocation);
    longitude["coordinates"].as_object().erase("longitude");
    EXPECT_TRUE(FailsWith(DecodeLocation(longitude), "coordinates.longitude", "field.required"));
}

TEST(RecordsTest, DecodeLocationRefusesWrongJsonTypes) {
    EXPECT_TRUE(FailsWith(DecodeLocation(json::parse("null")), "$", "json.type"));
    json::object coordinates = Object(kLocation);
    coordinates["coordinates"] = json::array{10.4597, 105.6325};
    EXPECT_TRUE(FailsWith(DecodeLocation(coordinates), "coordinates", "json.type"));
    json::object latitude = Object(kLocation);
    latitude["coordinates"].as_object()["latitude"] = "10.4597";
    EXPECT_TRUE(FailsWith(DecodeLocation(latitude), "coordinates.latitude", "json.type"));
    json::object parent = Object(kLocation);
    parent["parent"] = json::object{};
    EXPECT_TRUE(FailsWith(DecodeLocation(parent), "parent", "json.type"));
}

TEST(RecordsTest, DecodeLocationChecksGlnsAndOwner) {
    json::object gln = Object(kLocation);
    gln["gln"] = "8934567000025";
    EXPECT_TRUE(FailsWith(DecodeLocation(gln), "gln", "gln.check_digit"));
    json::object parent = Object(kLocation);
    parent["parent"] = "8934567000018";
    EXPECT_TRUE(FailsWith(DecodeLocation(parent), "parent", "gln.check_digit"));
    json::object self = Object(kLocation);
    self["parent"] = "8934567000024";
    EXPECT_TRUE(FailsWith(DecodeLocation(self), "parent", "location.parent_self"));
    json::object owner = Object(kLocation);
    owner["owner"] = "0314409057";
    EXPECT_TRUE(FailsWith(DecodeLocation(owner), "owner", "tax_code.check_digit"));
    json::object branch_owner = Object(kLocation);
    branch_owner["owner"] = "0314409058001";
    auto l = DecodeLocation(branch_owner);
    ASSERT_TRUE(Succeeds(l));
    EXPECT_EQ(l->owner, "0314409058-001");
}

TEST(RecordsTest, CoordinatesOutOfRangeAreRefused) {
    struct Case {
        double latitude;
        double longitude;
        const char* where;
    };
    for (const auto& c : {Case{90.5, 105.0, "coordinates.latitude"}, Case{-90.01, 105.0, "coordinates.latitude"},
                          Case{10.0, 180.5, "coordinates.longitude"}, Case{10.0, -181.0, "coordinates.longitude"}}) {
        json::object j = Object(kLocation);
        j["coordinates"] = json::object{{"latitude", c.latitude}, {"longitude", c.longitude}};
        EXPECT_TRUE(FailsWith(DecodeLocation(j), c.where, "coordinates.range")) << c.latitude << "," << c.longitude;
    }
    json::object edge = Object(kLocation);
    edge["coordinates"] = json::object{{"latitude", -90.0}, {"longitude", 180}};
    EXPECT_TRUE(Succeeds(DecodeLocation(edge)));
}

TEST(RecordsTest, LocationFormerProvinceMustBelongToTheProvince) {
    json::object j = Object(kLocation);
    j["address"].as_object()["formerProvinceCode"] = "02";
    EXPECT_TRUE(FailsWith(DecodeLocation(j), "address.formerProvinceCode", "province.former_mismatch"));
}

TEST(RecordsTest, NormalizeLocationChecksCoordinatesOfAStruct) {
    auto l = DecodeLocation(json::parse(kLocation));
    ASSERT_TRUE(Succeeds(l));
    l->coordinates = Coordinates{std::numeric_limits<double>::quiet_NaN(), 105.0};
    EXPECT_TRUE(FailsWith(NormalizeLocation(*l), "coordinates.latitude", "coordinates.range"));
    l->coordinates = Coordinates{10.0, std::numeric_limits<double>::infinity()};
    EXPECT_TRUE(FailsWith(NormalizeLocation(*l), "coordinates.longitude", "coordinates.range"));
}

// ---------------------------------------------------------------------------------------------
// Product

TEST(RecordsTest, DecodeProductReadsEveryField) {
    auto p = DecodeProduct(json::parse(kProduct));
    ASSERT_TRUE(Succeeds(p));
    EXPECT_EQ(p->gtin, "08934567123457");
    EXPECT_EQ(p->owner, "0314409058");
    EXPECT_EQ(p->name.vi, "Xoài cát Hòa Lộc loại 1");
    EXPECT_EQ(p->name.en, "Hoa Loc mango, grade 1");
    EXPECT_EQ(p->brand, "Đồng Tháp Xanh");
    EXPECT_EQ(p->category, "Trái cây tươi");
    ASSERT_TRUE(p->net_content.has_value());
    EXPECT_DOUBLE_EQ(p->net_content->value, 1000.0);
    EXPECT_EQ(p->net_content->unit_code, "GRM");
    EXPECT_EQ(p->shelf_life_days, 14);
    EXPECT_EQ(p->origin_country, "VN");
    EXPECT_EQ(p->origin_province, "82");
    EXPECT_EQ(p->standards, (std::vector<std::string>{"VietGAP", "TCVN 12827:2019", "QCVN 8-2:2011/BYT"}));
    ASSERT_EQ(p->images.size(), 1u);
    EXPECT_EQ(p->mandatory_in, (std::vector<std::string>{"01", "79"}));
    EXPECT_EQ(p->priority_in, (std::vector<std::string>{"82"}));
    EXPECT_EQ(p->safety_warnings.vi, "Rửa sạch trước khi ăn.");
    EXPECT_EQ(p->safety_warnings.en, "Wash before eating.");
}

TEST(RecordsTest, ProductRoundTripsThroughEncodeAndDecode) {
    const json::value original = json::parse(kProduct);
    auto decoded = DecodeProduct(original);
    ASSERT_TRUE(Succeeds(decoded));
    const json::object encoded = EncodeProduct(*decoded);
    EXPECT_EQ(json::value(encoded), original) << json::serialize(encoded);
    auto again = DecodeProduct(encoded);
    ASSERT_TRUE(Succeeds(again));
    EXPECT_EQ(json::value(EncodeProduct(*again)), original);
}

TEST(RecordsTest, MinimalProductDefaultsToVietnam) {
    auto p = DecodeProduct(json::parse(R"({"gtin": "08934567123457", "name": {"vi": "Nước mắm Phú Quốc"}})"));
    ASSERT_TRUE(Succeeds(p));
    EXPECT_EQ(p->origin_country, "VN");
    EXPECT_TRUE(p->origin_province.empty());
    EXPECT_FALSE(p->net_content.has_value());
    EXPECT_FALSE(p->shelf_life_days.has_value());
    const json::object o = EncodeProduct(*p);
    EXPECT_EQ(o.at("origin"), (json::object{{"countryCode", "VN"}}));
    EXPECT_FALSE(o.contains("netContent"));
    EXPECT_FALSE(o.contains("shelfLifeDays"));
    EXPECT_FALSE(o.contains("brand"));
    EXPECT_FALSE(o.contains("safetyWarnings"));
}

TEST(RecordsTest, SafetyWarningsNeedVietnameseAndAreOneParagraph) {
    json::object english_only = Object(kProduct);
    english_only["safetyWarnings"] = json::object{{"en", "Keep cool."}};
    EXPECT_TRUE(FailsWith(DecodeProduct(english_only), "safetyWarnings.vi", "field.required"));
    json::object long_text = Object(kProduct);
    long_text["safetyWarnings"] = json::object{{"vi", std::string(1001, 'x')}};
    EXPECT_FALSE(DecodeProduct(long_text));
    long_text["safetyWarnings"] = json::object{{"vi", std::string(1000, 'x')}};
    EXPECT_TRUE(Succeeds(DecodeProduct(long_text)));
    json::object lines = Object(kProduct);
    lines["safetyWarnings"] = json::object{{"vi", "Dòng 1\nDòng 2"}};
    EXPECT_TRUE(FailsWith(DecodeProduct(lines), "safetyWarnings.vi", "text.control"));
    json::object extra = Object(kProduct);
    extra["safetyWarnings"] = json::object{{"vi", "Cẩn thận."}, {"fr", "Attention."}};
    EXPECT_FALSE(DecodeProduct(extra));
    // Set in code: the same rules.
    auto p = DecodeProduct(json::parse(kProduct));
    ASSERT_TRUE(Succeeds(p));
    p->safety_warnings = {"", "Keep cool."};
    EXPECT_TRUE(FailsWith(NormalizeProduct(*p), "safetyWarnings.vi", "field.required"));
}

TEST(RecordsTest, Gtin13IsNormalisedToGtin14) {
    json::object j = Object(kProduct);
    j["gtin"] = "8934567123457";
    auto p = DecodeProduct(j);
    ASSERT_TRUE(Succeeds(p));
    EXPECT_EQ(p->gtin, "08934567123457");
    EXPECT_EQ(EncodeProduct(*p).at("gtin"), "08934567123457");
}

TEST(RecordsTest, DecodeProductChecksTheGtin) {
    json::object check = Object(kProduct);
    check["gtin"] = "8934567123458";
    EXPECT_TRUE(FailsWith(DecodeProduct(check), "gtin", "gtin.check_digit"));
    json::object length = Object(kProduct);
    length["gtin"] = "893456712345";
    EXPECT_TRUE(FailsWith(DecodeProduct(length), "gtin", "gtin.check_digit"));  // read as a GTIN-12
    json::object missing = Object(kProduct);
    missing.erase("gtin");
    EXPECT_TRUE(FailsWith(DecodeProduct(missing), "gtin", "field.required"));
    json::object owner = Object(kProduct);
    owner["owner"] = "0314409050";
    EXPECT_TRUE(FailsWith(DecodeProduct(owner), "owner", "tax_code.check_digit"));
}

TEST(RecordsTest, DecodeProductRefusesUnknownFields) {
    json::object top = Object(kProduct);
    top["price"] = 45000;
    EXPECT_TRUE(FailsWith(DecodeProduct(top), "price", "field.unknown"));
    json::object net = Object(kProduct);
    net["netContent"].as_object()["unit"] = "g";
    EXPECT_TRUE(FailsWith(DecodeProduct(net), "netContent.unit", "field.unknown"));
    json::object origin = Object(kProduct);
    origin["origin"].as_object()["communeCode"] = "29533";
    EXPECT_TRUE(FailsWith(DecodeProduct(origin), "origin.communeCode", "field.unknown"));
    json::object trace = Object(kProduct);
    trace["traceability"].as_object()["optionalIn"] = json::array{};
    EXPECT_TRUE(FailsWith(DecodeProduct(trace), "traceability.optionalIn", "field.unknown"));
}

TEST(RecordsTest, DecodeProductRefusesWrongJsonTypes) {
    json::object standards = Object(kProduct);
    standards["standards"] = "VietGAP";
    EXPECT_TRUE(FailsWith(DecodeProduct(standards), "standards", "json.type"));
    json::object standard = Object(kProduct);
    standard["standards"] = json::array{"VietGAP", 22000};
    EXPECT_TRUE(FailsWith(DecodeProduct(standard), "standards[1]", "json.type"));
    json::object value = Object(kProduct);
    value["netContent"].as_object()["value"] = "1000";
    EXPECT_TRUE(FailsWith(DecodeProduct(value), "netContent.value", "json.type"));
    json::object mandatory = Object(kProduct);
    mandatory["traceability"].as_object()["mandatoryIn"] = json::array{1};
    EXPECT_TRUE(FailsWith(DecodeProduct(mandatory), "traceability.mandatoryIn[0]", "json.type"));
    for (const char* days : {R"("14")", "14.5", "true"}) {
        json::object j = Object(kProduct);
        j["shelfLifeDays"] = json::parse(days);
        EXPECT_TRUE(FailsWith(DecodeProduct(j), "shelfLifeDays", "json.type")) << days;
    }
}

TEST(RecordsTest, NetContentUnitMustBeAnAllowedCode) {
    struct Case {
        const char* unit;
        const char* rule;
    };
    for (const auto& c : {Case{"KG", "net_content.unit"}, Case{"kg", "net_content.unit"}, Case{"GRAM", "text.too_long"},
                          Case{"", "field.required"}}) {
        json::object j = Object(kProduct);
        j["netContent"] = json::object{{"value", 1.5}, {"unitCode", c.unit}};
        EXPECT_TRUE(FailsWith(DecodeProduct(j), "netContent.unitCode", c.rule)) << c.unit;
    }
    for (const char* good : {"MGM", "GRM", "KGM", "TNE", "MLT", "CLT", "LTR", "MTQ", "H87", "PR", "MTR", "MTK"}) {
        json::object j = Object(kProduct);
        j["netContent"] = json::object{{"value", 1.5}, {"unitCode", good}};
        EXPECT_TRUE(Succeeds(DecodeProduct(j))) << good;
    }
}

TEST(RecordsTest, NetContentMustBePositive) {
    for (const char* value : {"0", "-1", "0.0"}) {
        json::object j = Object(kProduct);
        j["netContent"].as_object()["value"] = json::parse(value);
        EXPECT_TRUE(FailsWith(DecodeProduct(j), "netContent.value", "net_content.positive")) << value;
    }
    json::object missing = Object(kProduct);
    missing["netContent"].as_object().erase("value");
    EXPECT_TRUE(FailsWith(DecodeProduct(missing), "netContent.value", "field.required"));
}

TEST(RecordsTest, ShelfLifeIsOneToThirtySixThousandFiveHundredDays) {
    for (const char* days : {"0", "-3", "36501", "9223372036854775807"}) {
        json::object j = Object(kProduct);
        j["shelfLifeDays"] = json::parse(days);
        EXPECT_TRUE(FailsWith(DecodeProduct(j), "shelfLifeDays", "shelf_life.range")) << days;
    }
    for (const int days : {1, 36500}) {
        json::object j = Object(kProduct);
        j["shelfLifeDays"] = days;
        auto p = DecodeProduct(j);
        ASSERT_TRUE(Succeeds(p)) << days;
        EXPECT_EQ(p->shelf_life_days, days);
    }
}

TEST(RecordsTest, StandardsMustNameAKnownFamily) {
    json::object ok = Object(kProduct);
    ok["standards"] = json::array{"TCVN 12827:2019", "QCVN 8-2:2011/BYT", "TCCS 01:2024/ABC", "ISO 22000:2018",
                                  "HACCP",           "GlobalGAP",         "OCOP 4 sao"};
    EXPECT_TRUE(Succeeds(DecodeProduct(ok)));
    for (const char* bad : {"foo", "TCVN12827", "tcvn 12827:2019", "VietGAPX"}) {
        json::object j = Object(kProduct);
        j["standards"] = json::array{"TCVN 12827:2019", bad};
        auto p = DecodeProduct(j);
        EXPECT_TRUE(FailsWith(p, "standards[1]", "standard.family")) << bad;
        if (!p) {
            EXPECT_EQ(p.error().value, bad);
        }
    }
    json::object empty = Object(kProduct);
    empty["standards"] = json::array{""};
    EXPECT_TRUE(FailsWith(DecodeProduct(empty), "standards[0]", "field.required"));
}

TEST(RecordsTest, OriginProvinceOnlyForProductsOfVietnam) {
    json::object j = Object(kProduct);
    j["origin"] = json::object{{"countryCode", "TH"}, {"provinceCode", "01"}};
    EXPECT_TRUE(FailsWith(DecodeProduct(j), "origin.provinceCode", "origin.province_outside_vn"));
    j["origin"] = json::object{{"countryCode", "TH"}};
    auto imported = DecodeProduct(j);
    ASSERT_TRUE(Succeeds(imported));
    EXPECT_EQ(imported->origin_country, "TH");
}

TEST(RecordsTest, OriginIsCheckedAndTranslated) {
    json::object country = Object(kProduct);
    country["origin"] = json::object{{"countryCode", "vn"}};
    EXPECT_TRUE(FailsWith(DecodeProduct(country), "origin.countryCode", "country.syntax"));
    json::object unknown = Object(kProduct);
    unknown["origin"] = json::object{{"countryCode", "VN"}, {"provinceCode", "99"}};
    EXPECT_TRUE(FailsWith(DecodeProduct(unknown), "origin.provinceCode", "province.unknown"));
    json::object former = Object(kProduct);
    former["origin"] = json::object{{"provinceCode", "87"}};  // Đồng Tháp before 2025, country by default
    auto p = DecodeProduct(former);
    ASSERT_TRUE(Succeeds(p));
    EXPECT_EQ(p->origin_country, "VN");
    EXPECT_EQ(p->origin_province, "82");
}

TEST(RecordsTest, ImageReferenceIsSixtyFourLowerCaseHexDigits) {
    for (const std::string& bad : {std::string("abc"), std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'A'),
                                   std::string(63, 'a') + "g"}) {
        json::object j = Object(kProduct);
        j["images"] = json::array{bad};
        EXPECT_TRUE(FailsWith(DecodeProduct(j), "images[0]", "image.reference")) << bad;
    }
}

TEST(RecordsTest, TraceabilityProvincesAreTranslatedSortedAndUnique) {
    json::object j = Object(kProduct);
    j["traceability"] =
        json::object{{"mandatoryIn", json::array{"79", "02", "08", "74"}}, {"priorityIn", json::array{}}};
    auto p = DecodeProduct(j);
    ASSERT_TRUE(Succeeds(p));
    EXPECT_EQ(p->mandatory_in, (std::vector<std::string>{"08", "79"}));
    EXPECT_TRUE(p->priority_in.empty());
    json::object unknown = Object(kProduct);
    unknown["traceability"] = json::object{{"priorityIn", json::array{"82", "99"}}};
    EXPECT_TRUE(FailsWith(DecodeProduct(unknown), "traceability.priorityIn[1]", "province.unknown"));
}

TEST(RecordsTest, ProductNamesAreCheckedLikeEnterpriseNames) {
    json::object control = Object(kProduct);
    control["name"].as_object()["vi"] =
        "Xoài\x07"
        "cát";
    EXPECT_TRUE(FailsWith(DecodeProduct(control), "name.vi", "text.control"));
    json::object brand = Object(kProduct);
    brand["brand"] = std::string(501, 'x');
    EXPECT_TRUE(FailsWith(DecodeProduct(brand), "brand", "text.too_long"));
}

// ---------------------------------------------------------------------------------------------
// Helpers

TEST(RecordsTest, PrefixOfFindsThePrefixAKeyStartsWith) {
    const std::vector<CompanyPrefix> prefixes = {{"8934567", false}, {"2000001", true}};
    ASSERT_NE(PrefixOf(prefixes, "8934567000024"), nullptr);
    EXPECT_EQ(PrefixOf(prefixes, "8934567000024")->prefix, "8934567");
    EXPECT_EQ(PrefixOf(prefixes, "2000001000001")->prefix, "2000001");
    EXPECT_EQ(PrefixOf(prefixes, "8939876000017"), nullptr);
    EXPECT_EQ(PrefixOf(prefixes, "893456"), nullptr);  // shorter than the prefix
    EXPECT_EQ(PrefixOf({}, "8934567000024"), nullptr);
}

TEST(RecordsTest, PrefixRangesAreRecognised) {
    EXPECT_TRUE(IsRestrictedPrefix("2000001"));
    EXPECT_TRUE(IsRestrictedPrefix("29"));
    EXPECT_FALSE(IsRestrictedPrefix("8934567"));
    EXPECT_FALSE(IsRestrictedPrefix("2"));
    EXPECT_TRUE(IsVietnamesePrefix("8934567"));
    EXPECT_FALSE(IsVietnamesePrefix("8854567"));
    EXPECT_FALSE(IsVietnamesePrefix("89"));
}

TEST(RecordsTest, EnumNamesAreStable) {
    EXPECT_EQ(EnterpriseKindName(EnterpriseKind::kEnterprise), "enterprise");
    EXPECT_EQ(EnterpriseKindName(EnterpriseKind::kCooperative), "cooperative");
    EXPECT_EQ(EnterpriseKindName(EnterpriseKind::kHousehold), "household");
    EXPECT_EQ(EnterpriseKindName(EnterpriseKind::kSolutionProvider), "solution_provider");
    EXPECT_EQ(EnterpriseKindName(EnterpriseKind::kCertificationBody), "certification_body");
    EXPECT_EQ(RecordStatusName(RecordStatus::kActive), "active");
    EXPECT_EQ(RecordStatusName(RecordStatus::kSuspended), "suspended");
    EXPECT_EQ(LocationKindName(LocationKind::kDistributionCentre), "distribution_centre");
}

TEST(RecordsTest, AHugeShelfLifeIsOutOfRangeNotAnException) {
    for (const std::string_view days : {"18446744073709551615", "9223372036854775807", "-5"}) {
        json::object j = Object(kProduct);
        j["shelfLifeDays"] = json::parse(days);
        EXPECT_TRUE(FailsWith(DecodeProduct(j), "shelfLifeDays", "shelf_life.range")) << days;
    }
}

}  // namespace
}  // namespace txng::registry
