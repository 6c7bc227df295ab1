#include "gs1/digital_link.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace txng::gs1 {
namespace {

DigitalLink MustParse(std::string_view uri, const DigitalLinkOptions& options = {}) {
    auto dl = ParseDigitalLink(uri, options);
    EXPECT_TRUE(dl) << uri << ": " << (dl ? "" : dl.error().ToString());
    return dl ? *dl : DigitalLink{};
}

Error MustFail(std::string_view uri, const DigitalLinkOptions& options = {}) {
    auto dl = ParseDigitalLink(uri, options);
    EXPECT_FALSE(dl) << uri;
    return dl ? Error{} : dl.error();
}

// ---- LooksLikeDigitalLink ----------------------------------------------------------------------

TEST(DigitalLinkTest, LooksLikeDigitalLinkFindsAPrimaryKeyAndValue) {
    EXPECT_TRUE(LooksLikeDigitalLink("https://id.gs1.org/01/09506000134352"));
    EXPECT_TRUE(LooksLikeDigitalLink("http://example.com/01/09506000134352/10/ABC/21/1?17=250101"));
    EXPECT_TRUE(LooksLikeDigitalLink("https://example.com/shop/products/414/4012345000115/254/1/"));
    EXPECT_TRUE(LooksLikeDigitalLink("HTTPS://id.gs1.org/00/040123450000003338"));
    EXPECT_TRUE(LooksLikeDigitalLink("https://example.com/gtin/09780345418913/21/765tz"));
    EXPECT_TRUE(LooksLikeDigitalLink("https://id.gs1.org/01/123"));  // does not validate values
}

TEST(DigitalLinkTest, LooksLikeDigitalLinkRejectsOtherUris) {
    for (const char* uri : {"", "urn:epc:id:sgtin:4012345.012345.12", "ftp://id.gs1.org/01/09506000134352",
                            "https://id.gs1.org", "https://id.gs1.org/", "https://id.gs1.org/01",
                            "https://id.gs1.org/01/", "https://example.com/products/12", "https://id.gs1.org/21/12345",
                            "https://id.gs1.org/01/09506000134352/foo", "https://id.gs1.org/?01=09506000134352",
                            "https://example.com/CxFKk4XBoIdXhCCjA5", "https://id.gs1.org/9999/1"}) {
        EXPECT_FALSE(LooksLikeDigitalLink(uri)) << uri;
    }
}

// ---- ParseDigitalLink: valid -------------------------------------------------------------------

TEST(DigitalLinkTest, ParsesKeyQualifiersAttributesAndOtherQuery) {
    auto dl = MustParse(
        "https://example.com/01/09506000134352/10/AB%2F12/21/"
        "12345?17=251231&3103=000189&linkType=gs1:pip&context=x%20y");
    EXPECT_EQ(dl.base, "https://example.com");
    EXPECT_EQ(dl.path, (std::vector<AiElement>{{"01", "09506000134352"}, {"10", "AB/12"}, {"21", "12345"}}));
    EXPECT_EQ(dl.attributes, (std::vector<AiElement>{{"17", "251231"}, {"3103", "000189"}}));
    ASSERT_EQ(dl.other_query.size(), 2u);
    EXPECT_EQ(dl.other_query[0], (std::pair<std::string, std::string>{"linkType", "gs1:pip"}));
    EXPECT_EQ(dl.other_query[1], (std::pair<std::string, std::string>{"context", "x%20y"}));  // as written
    ASSERT_NE(dl.Find("10"), nullptr);
    EXPECT_EQ(dl.Find("10")->value, "AB/12");
    EXPECT_EQ(dl.Find("17")->value, "251231");
    EXPECT_EQ(dl.Find("22"), nullptr);
}

TEST(DigitalLinkTest, CustomPathBecomesPartOfTheBase) {
    auto dl = MustParse("https://brand.example:8443/shop/p/01/09506000134352");
    EXPECT_EQ(dl.base, "https://brand.example:8443/shop/p");
    EXPECT_EQ(dl.path, (std::vector<AiElement>{{"01", "09506000134352"}}));
}

TEST(DigitalLinkTest, TrailingSlashAndFragmentAreTolerated) {
    EXPECT_EQ(MustParse("https://id.gs1.org/01/09506000134352/").path.size(), 1u);
    EXPECT_EQ(MustParse("https://id.gs1.org/01/09506000134352/21/1/?17=250101").attributes.size(), 1u);
    auto dl = MustParse("https://id.gs1.org/01/09506000134352#top");
    EXPECT_EQ(dl.path, (std::vector<AiElement>{{"01", "09506000134352"}}));
}

TEST(DigitalLinkTest, EveryPrimaryKeyWithEveryAllowedQualifierParses) {
    for (const char* uri : {
             "https://id.gs1.org/00/106141411234567897",
             "https://id.gs1.org/01/09506000134352/22/2A/10/ABC/21/1",
             "https://id.gs1.org/01/09506000134352/22/2A",
             "https://id.gs1.org/01/09506000134352/22/2A/21/1",
             "https://id.gs1.org/01/09506000134352/235/TPX1",
             "https://id.gs1.org/253/4012345555554",
             "https://id.gs1.org/253/401234555555498",
             "https://id.gs1.org/255/401234599999044",
             "https://id.gs1.org/401/0614141xyz47%2F11",
             "https://id.gs1.org/402/40123459999876541",
             "https://id.gs1.org/414/4012345000115",
             "https://id.gs1.org/414/4012345000115/254/987",
             "https://id.gs1.org/414/4012345000115/7040/1ABC",
             "https://id.gs1.org/415/4012345000115/8020/REF123",
             "https://id.gs1.org/417/4012345000009",
             "https://id.gs1.org/417/4012345000009/7040/1ABC",
             "https://id.gs1.org/8003/0401234566666387",
             "https://id.gs1.org/8004/4012345AAbb",
             "https://id.gs1.org/8004/4012345AAbb/7040/1ABC",
             "https://id.gs1.org/8006/040123451234560102/22/V/10/L/21/S",
             "https://id.gs1.org/8010/4012345ABC/8011/123",
             "https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2K",
             "https://id.gs1.org/8017/401234500000987658/8019/1",
             "https://id.gs1.org/8018/401234598765400000",
         }) {
        MustParse(uri);
    }
}

TEST(DigitalLinkTest, ConvenienceAlphasReadAsNumericAis) {
    auto dl = MustParse("https://example.com/gtin/09780345418913/21/765tz?abc=211121");
    EXPECT_EQ(dl.path, (std::vector<AiElement>{{"01", "09780345418913"}, {"21", "765tz"}}));
    EXPECT_EQ(dl.other_query, (std::vector<std::pair<std::string, std::string>>{{"abc", "211121"}}));
    auto all = MustParse("https://id.gs1.org/gtin/09506000134352/cpv/2A/lot/ABC/ser/1");
    EXPECT_EQ(all.path[1].ai, "22");
    EXPECT_EQ(all.path[2].ai, "10");
    EXPECT_EQ(all.path[3].ai, "21");
    EXPECT_EQ(ConvenienceAlphaAi("gln"), "414");
    EXPECT_EQ(ConvenienceAlphaAi("sscc"), "00");
    EXPECT_EQ(ConvenienceAlphaAi("foo"), "");
    DigitalLinkOptions numeric_only;
    numeric_only.accept_convenience_alphas = false;
    EXPECT_EQ(MustFail("https://example.com/gtin/09780345418913", numeric_only).rule, "dl.no_primary_key");
}

TEST(DigitalLinkTest, QueryValuesDecodePlusAsSpaceAndPathValuesDoNot) {
    auto dl = MustParse("https://id.gs1.org/01/09506000134352/10/A+B?17=250101");
    EXPECT_EQ(dl.path[1].value, "A+B");
    // In the query string '+' is a space, which no AI allows.
    EXPECT_EQ(MustFail("https://id.gs1.org/00/106141411234567897?10=A+B").rule, "ai.charset");
    EXPECT_EQ(MustParse("https://id.gs1.org/00/106141411234567897?10=A%2BB").attributes[0].value, "A+B");
}

TEST(DigitalLinkTest, ShortGtinIsPaddedOnlyWhenAsked) {
    DigitalLinkOptions lenient;
    lenient.pad_short_gtin = true;
    EXPECT_EQ(MustParse("https://id.gs1.org/01/9506000134352", lenient).path[0].value, "09506000134352");
    EXPECT_EQ(MustParse("https://id.gs1.org/01/614141000036", lenient).path[0].value, "00614141000036");
    EXPECT_EQ(MustParse("https://id.gs1.org/01/96385074", lenient).path[0].value, "00000096385074");
    EXPECT_EQ(MustParse("https://id.gs1.org/414/4012345000115?01=9506000134352", lenient).attributes[0].value,
              "09506000134352");
    const auto strict = MustFail("https://id.gs1.org/01/9506000134352");
    EXPECT_EQ(strict.rule, "dl.gtin_length");
    EXPECT_EQ(strict.where, "path/01");
    EXPECT_EQ(MustFail("https://id.gs1.org/01/123456789", lenient).rule, "gtin.length");
}

TEST(DigitalLinkTest, AcceptsHttpAndUriSubDelimitersInValues) {
    EXPECT_EQ(MustParse("http://id.gs1.org/01/09506000134352/21/a!b'c;d=e").path[1].value, "a!b'c;d=e");
}

// ---- ParseDigitalLink: invalid -----------------------------------------------------------------

struct InvalidCase {
    const char* uri;
    const char* rule;
    const char* where;
};

TEST(DigitalLinkTest, InvalidUrisReportTheBrokenRule) {
    const std::vector<InvalidCase> cases = {
        {"id.gs1.org/01/09506000134352", "dl.syntax", "uri"},
        {"https://id.gs1.org/01/09506000134352/21/a b", "dl.syntax", "uri"},
        {"https://id.gs1.org/01/09506000134352/21/a\"b", "dl.syntax", "uri"},
        {"https://id.gs1.org/01/09506000134352/21/a<b", "dl.syntax", "uri"},
        {"HTTPS://id.gs1.org/01/09506000134352", "dl.scheme", "scheme"},
        {"Https://id.gs1.org/01/09506000134352", "dl.scheme", "scheme"},
        {"ftp://id.gs1.org/01/09506000134352", "dl.scheme", "scheme"},
        {"https:///01/09506000134352", "dl.host", "host"},
        {"https://user@id.gs1.org/01/09506000134352", "dl.host", "host"},
        {"https://id.gs1.org", "dl.no_primary_key", "path"},
        {"https://id.gs1.org/", "dl.no_primary_key", "path"},
        {"https://id.gs1.org/products/12", "dl.no_primary_key", "path"},
        {"https://id.gs1.org/01/09506000134352/foo", "dl.no_primary_key", "path"},
        {"https://id.gs1.org/21/12345", "dl.no_primary_key", "path"},
        {"https://id.gs1.org/CxFKk4XBoIdXhCCjA5A", "dl.no_primary_key", "path"},
        {"https://example.com//01/09506000134352", "dl.syntax", "path"},
        {"https://id.gs1.org/01/", "dl.no_primary_key", "path"},
        {"https://id.gs1.org/01//21/1", "dl.empty_value", "path/01"},
        {"https://id.gs1.org/01/09506000134352/21/a%2", "percent_encoding.malformed", "path/21"},
        {"https://id.gs1.org/01/09506000134352/21/a%zz", "percent_encoding.malformed", "path/21"},
        {"https://id.gs1.org/01/09506000134352/21/a%00", "percent_encoding.nul", "path/21"},
        {"https://id.gs1.org/01/09506000134353", "gtin.check_digit", "path/01"},
        {"https://id.gs1.org/01/0950600013435X", "gtin.charset", "path/01"},
        {"https://id.gs1.org/01/095060001343521", "gtin.length", "path/01"},
        {"https://id.gs1.org/01/09506000134352/21/123456789012345678901", "ai.length", "path/21"},
        {"https://id.gs1.org/01/09506000134352/21/%23", "ai.charset", "path/21"},
        {"https://id.gs1.org/01/09506000134352/21/caf%C3%A9", "ai.charset", "path/21"},
        {"https://id.gs1.org/01/09506000134352/21/1/10/ABC", "dl.qualifier_order", "path"},
        {"https://id.gs1.org/01/09506000134352/10/ABC/22/2A", "dl.qualifier_order", "path"},
        {"https://id.gs1.org/01/09506000134352/22/2A/235/TPX", "dl.qualifier_combination", "path"},
        {"https://id.gs1.org/01/09506000134352/21/1/235/TPX", "dl.qualifier_combination", "path"},
        {"https://id.gs1.org/01/09506000134352/21/1/21/2", "dl.duplicate_ai", "path/21"},
        {"https://id.gs1.org/01/09506000134352/17/250101", "dl.qualifier_not_allowed", "path/17"},
        {"https://id.gs1.org/01/09506000134352/254/1", "dl.qualifier_not_allowed", "path/254"},
        {"https://id.gs1.org/414/4012345000115/254/1/7040/1ABC", "dl.qualifier_combination", "path"},
        {"https://id.gs1.org/414/4012345000115/21/1", "dl.qualifier_not_allowed", "path/21"},
        {"https://id.gs1.org/415/4012345000115", "dl.qualifier_required", "path"},
        {"https://id.gs1.org/00/106141411234567897/21/1", "dl.qualifier_not_allowed", "path/21"},
        {"https://id.gs1.org/8006/040123451234560102/235/T", "dl.qualifier_not_allowed", "path/235"},
        {"https://id.gs1.org/8010/4012345ABC/8011/0123", "ai.leading_zero", "path/8011"},
        {"https://id.gs1.org/8010/4012345abc", "cpid.charset", "path/8010"},
        {"https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2L", "gmn.check_pair", "path/8013"},
        {"https://id.gs1.org/8003/1401234566666387", "grai.filler_digit", "path/8003"},
        {"https://id.gs1.org/01/09506000134352?9999=1", "dl.unknown_ai", "query/9999"},
        {"https://id.gs1.org/01/09506000134352?21=1", "dl.attribute_not_allowed", "query/21"},
        {"https://id.gs1.org/01/09506000134352?17=251301", "ai.date", "query/17"},
        {"https://id.gs1.org/01/09506000134352?17=", "dl.empty_value", "query/17"},
        {"https://id.gs1.org/01/09506000134352?17=251231&17=251230", "dl.duplicate_ai", "query/17"},
        {"https://id.gs1.org/01/09506000134352?01=09506000134352", "dl.duplicate_ai", "query/01"},
        {"https://id.gs1.org/01/09506000134352?17=25%2", "percent_encoding.malformed", "query/17"},
        {"https://id.gs1.org/414/4012345000115?01=9506000134352", "dl.gtin_length", "query/01"},
    };
    for (const auto& c : cases) {
        const Error error = MustFail(c.uri);
        EXPECT_EQ(error.rule, c.rule) << c.uri << ": " << error.ToString();
        EXPECT_EQ(error.where, c.where) << c.uri << ": " << error.ToString();
        EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.uri;
        EXPECT_FALSE(error.detail.empty()) << c.uri;
    }
}

TEST(DigitalLinkTest, QualifierErrorsExplainTheAllowedOrder) {
    const Error order = MustFail("https://id.gs1.org/01/09506000134352/21/1/10/ABC");
    EXPECT_NE(order.detail.find("22, 10, 21"), std::string::npos) << order.detail;
    const Error attribute = MustFail("https://id.gs1.org/01/09506000134352/17/250101");
    EXPECT_NE(attribute.detail.find("query string"), std::string::npos) << attribute.detail;
}

// ---- ValidateDigitalLink -----------------------------------------------------------------------

TEST(DigitalLinkTest, ValidateChecksInMemoryDigitalLinks) {
    DigitalLink dl;
    dl.base = "https://id.gs1.org";
    EXPECT_EQ(ValidateDigitalLink(dl).error().rule, "dl.no_primary_key");
    dl.path = {{"10", "ABC"}};
    EXPECT_EQ(ValidateDigitalLink(dl).error().rule, "dl.no_primary_key");
    dl.path = {{"01", "09506000134352"}, {"21", "S/1"}};
    EXPECT_TRUE(ValidateDigitalLink(dl));
    dl.attributes = {{"3103", "000189"}};
    EXPECT_TRUE(ValidateDigitalLink(dl));
    dl.attributes = {{"99", "1"}};
    EXPECT_EQ(ValidateDigitalLink(dl).error().rule, "dl.unknown_ai");
    dl.attributes.clear();
    dl.path = {{"01", "09506000134352"}, {"9999", "1"}};
    EXPECT_EQ(ValidateDigitalLink(dl).error().rule, "dl.unknown_ai");
    dl.path = {{"01", "9506000134352"}};
    EXPECT_EQ(ValidateDigitalLink(dl).error().rule, "dl.gtin_length");
}

// ---- FormatDigitalLink -------------------------------------------------------------------------

TEST(DigitalLinkTest, FormatsOnTheCanonicalBaseWithEncodedValues) {
    DigitalLink dl;
    dl.base = "https://brand.example";
    dl.path = {{"01", "09506000134352"}, {"10", "AB/12"}, {"21", "x'y"}};
    EXPECT_EQ(FormatDigitalLink(dl), "https://id.gs1.org/01/09506000134352/10/AB%2F12/21/x%27y");
    EXPECT_EQ(FormatDigitalLink(dl, dl.base), "https://brand.example/01/09506000134352/10/AB%2F12/21/x%27y");
    EXPECT_EQ(FormatDigitalLink(dl, "https://brand.example/dl/"),
              "https://brand.example/dl/01/09506000134352/10/AB%2F12/21/x%27y");
    EXPECT_EQ(FormatDigitalLink(dl, kCanonicalDigitalLinkBase, DlEscaping::kEventHash),
              "https://id.gs1.org/01/09506000134352/10/AB%2F12/21/x'y");
}

TEST(DigitalLinkTest, FormatsTheQueryOnlyWhenThereIsOne) {
    DigitalLink dl;
    dl.path = {{"01", "09506000134352"}};
    EXPECT_EQ(FormatDigitalLink(dl), "https://id.gs1.org/01/09506000134352");
    dl.attributes = {{"17", "251231"}, {"10", "A&B"}};
    dl.other_query = {{"linkType", "gs1:pip"}, {"flag", ""}};
    EXPECT_EQ(FormatDigitalLink(dl), "https://id.gs1.org/01/09506000134352?17=251231&10=A%26B&linkType=gs1:pip&flag");
    dl.attributes.clear();
    EXPECT_EQ(FormatDigitalLink(dl), "https://id.gs1.org/01/09506000134352?linkType=gs1:pip&flag");
}

TEST(DigitalLinkTest, ParseFormatRoundTrips) {
    for (const char* uri : {
             "https://id.gs1.org/01/09506000134352/10/AB%2F12/21/12345?17=251231&linkType=gs1%3Apip",
             "https://id.gs1.org/414/4012345000115/254/987",
             "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
             "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
         }) {
        const auto dl = MustParse(uri);
        EXPECT_EQ(FormatDigitalLink(dl, dl.base), uri);
    }
}

TEST(DigitalLinkTest, NormalisesTheDigitalLinksOfTheHashVectors) {
    // Identifiers written as Digital Links in shared/conformance/hash/vectors and the canonical form
    // of their .prehashes.
    EXPECT_EQ(FormatDigitalLink(MustParse("https://id.gs1.org/00/040123450000003338")),
              "https://id.gs1.org/00/040123450000003338");
    EXPECT_EQ(FormatDigitalLink(MustParse("https://id.gs1.org/gtin/09780345418913")),
              "https://id.gs1.org/01/09780345418913");
    auto dl = MustParse("https://example.com/gtin/09780345418913/21/765tz?abc=211121");
    dl.other_query.clear();
    EXPECT_EQ(FormatDigitalLink(dl), "https://id.gs1.org/01/09780345418913/21/765tz");
}

}  // namespace
}  // namespace txng::gs1

namespace txng::gs1 {
namespace {

TEST(DigitalLinkTest, ElementStringsSeparateOnlyVariableLengthValues) {
    auto dl = ParseDigitalLink("https://id.gs1.org/01/08934567000123/10/L1/21/S9?17=271231&3103=000250");
    ASSERT_TRUE(dl) << dl.error().ToString();
    // 01 and 17 and 3103 are of predefined length; 10 and 21 are not: FNC1 (GS) after them unless last.
    EXPECT_EQ(ElementString(*dl, '|'),
              "0108934567000123"
              "10L1|"
              "21S9|"
              "17271231"
              "3103000250");
    auto sscc = ParseDigitalLink("https://id.gs1.org/00/089345670000000017");
    ASSERT_TRUE(sscc) << sscc.error().ToString();
    EXPECT_EQ(ElementString(*sscc), "00089345670000000017");
    auto gln = ParseDigitalLink("https://id.gs1.org/414/8934567000017/254/KHO-1");
    ASSERT_TRUE(gln);
    EXPECT_EQ(ElementString(*gln), "4148934567000017254KHO-1") << "nothing after the last value";
}

}  // namespace
}  // namespace txng::gs1
