#include "gs1/dl_compression.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gs1/ai.hpp"
#include "gs1/check_digit.hpp"

namespace txng::gs1 {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

DigitalLink MustParse(std::string_view uri) {
    auto dl = ParseDigitalLink(uri);
    EXPECT_TRUE(dl) << uri << ": " << (dl ? "" : dl.error().ToString());
    return dl ? *dl : DigitalLink{};
}

Error MustFailToDecompress(std::string_view token) {
    auto dl = DecompressDigitalLink(kCanonicalDigitalLinkBase, token);
    EXPECT_FALSE(dl) << token << " decompressed to " << (dl ? FormatDigitalLink(*dl) : "");
    return dl ? Error{} : dl.error();
}

// A token from a bit string written with optional spaces ("0000 0001 ..."), zero-padded.
std::string TokenOfBits(std::string_view written) {
    std::string bits;
    for (char c : written) {
        if (c == '0' || c == '1') bits += c;
    }
    while (bits.size() % 6 != 0) bits += '0';
    std::string token;
    for (std::size_t i = 0; i < bits.size(); i += 6) token += kAlphabet[std::stoul(bits.substr(i, 6), nullptr, 2)];
    return token;
}

// The bits of a token.
std::string BitsOfToken(std::string_view token) {
    std::string bits;
    for (char c : token) {
        const auto index = kAlphabet.find(c);
        for (int b = 5; b >= 0; --b) bits += ((index >> b) & 1U) != 0 ? '1' : '0';
    }
    return bits;
}

struct Vector {
    const char* uncompressed;
    const char* compressed;
};

// Compresses `v.uncompressed` to `v.compressed` and back.
void ExpectBothWays(const Vector& v) {
    const DigitalLink dl = MustParse(v.uncompressed);
    EXPECT_EQ(FormatCompressedDigitalLink(dl, dl.base), v.compressed) << v.uncompressed;
    const DigitalLink back = MustParse(v.compressed);
    EXPECT_TRUE(back.compressed) << v.compressed;
    EXPECT_EQ(back, dl) << v.compressed;
    EXPECT_EQ(FormatDigitalLink(back, back.base), v.uncompressed) << v.compressed;
}

// ---- Vectors -------------------------------------------------------------------------------

TEST(DlCompressionTest, TheExampleOfTheStandard) {
    ExpectBothWays({"https://id.gs1.org/01/09506000134352/10/ABC/21/12345", "https://id.gs1.org/CxFKk4XBoIdXhCCjA5"});
    // Bit by bit: optimisation code 0B (AIs 01 then 10), the GTIN in 47 bits, lot "ABC" as upper-case
    // hex (010) of 3 characters (00011), then AI 21 with "12345" as digits (000) of 5 characters.
    EXPECT_EQ(TokenOfBits("0000 1011"
                          "00010001010010101001001110000101110000011010000"
                          "010 00011 1010 1011 1100"
                          "0010 0001 000 00101 00011000000111001"),
              "CxFKk4XBoIdXhCCjA5");
}

TEST(DlCompressionTest, MatchesTheReferenceToolkitBothWays) {
    // The GS1 reference toolkit's examples and what it makes of these links, optimisation codes on
    // (0A-0F, 1A-1F, 2A-2F, 3A-3F, 9A-9D, each used here).
    for (const Vector& v : std::vector<Vector>{
             {"https://id.gs1.org/00/998440410914660971", "https://id.gs1.org/AN2yxDhfaiaw"},
             {"https://id.gs1.org/01/05412345000013", "https://id.gs1.org/AQnYUc1gmg"},
             {"https://id.gs1.org/01/09506000134352/22/2A", "https://id.gs1.org/ChFKk4XBoIRU"},
             {"https://id.gs1.org/01/09506000134352/21/12345", "https://id.gs1.org/DBFKk4XBoAowOQ"},
             {"https://id.gs1.org/01/09506000134352?17=251231", "https://id.gs1.org/DRFKk4XBoHqr4"},
             {"https://id.gs1.org/01/09506000134352?7003=2512312359", "https://id.gs1.org/DhFKk4XBoErfbBO"},
             {"https://id.gs1.org/01/09506000134352?30=12", "https://id.gs1.org/DxFKk4XBoEM"},
             {"https://id.gs1.org/01/09506000134352/10/ABC/21/12345?17=251231",
              "https://id.gs1.org/GhFKk4XBoIdXgKMDk9Vf"},
             {"https://id.gs1.org/01/09506000134352?15=251231", "https://id.gs1.org/GxFKk4XBoHqr4"},
             {"https://id.gs1.org/01/09506000134352?11=250101", "https://id.gs1.org/HBFKk4XBoHoeo"},
             {"https://id.gs1.org/01/09506000134352?16=250101", "https://id.gs1.org/HRFKk4XBoHoeo"},
             {"https://id.gs1.org/01/09506000134352/10/ABC?15=251231", "https://id.gs1.org/HxFKk4XBoIdXh6q-"},
             {"https://id.gs1.org/01/09506000134352?3100=000189", "https://id.gs1.org/KhFKk4XBoAAXo"},
             {"https://id.gs1.org/01/09506000134352?3103=000189", "https://id.gs1.org/LRFKk4XBoAAXo"},
             {"https://id.gs1.org/01/09506000134352?3105=000189", "https://id.gs1.org/LxFKk4XBoAAXo"},
             {"https://id.gs1.org/01/09506000134352?3200=000189", "https://id.gs1.org/OhFKk4XBoAAXo"},
             {"https://id.gs1.org/01/09506000134352?3205=000189", "https://id.gs1.org/PxFKk4XBoAAXo"},
             {"https://id.gs1.org/01/09506000134352/22/2A/10/ABC/21/12345?17=251231&3103=000189",
              "https://id.gs1.org/GhFKk4XBoIdXgKMDk9VfIkIqMQMAC9"},
             {"https://id.gs1.org/01/09506000134352/10/abcdef/21/ABCDEF?8008=25123123",
              "https://id.gs1.org/CxFKk4XBoE1Xm95CjVeb3wAQX9ZMw"},
             {"https://id.gs1.org/01/09506000134352/21/a%2Fb%25c%22d?242=12&8005=000123",
              "https://id.gs1.org/DBFKk4XBoQ-FfiS40WQkJDIAFAAew"},
             {"https://id.gs1.org/00/106141411234567897?02=09506000134352&37=24",
              "https://id.gs1.org/ABeRcNGJhW2QIRSpOFwaBuRg"},
             {"https://id.gs1.org/253/3060077601309", "https://id.gs1.org/JTLIetaiHYA"},
             {"https://id.gs1.org/253/3060077601309abc-XYZ", "https://id.gs1.org/JTLIetaiHWdptz5dhk"},
             {"https://id.gs1.org/255/5678409730535", "https://id.gs1.org/JVUqG5hJ5wA"},
             {"https://id.gs1.org/255/5678409730535012", "https://id.gs1.org/JVUqG5hJ5zAw"},
             {"https://id.gs1.org/401/0541234537290A41%26GHpp33", "https://id.gs1.org/QBl2DVoxZM2jVm3ZOWEFoxTR5HDgzZg"},
             {"https://id.gs1.org/402/21173492661712079", "https://id.gs1.org/QCJZyW9mC6Z4"},
             {"https://id.gs1.org/414/5060917510004", "https://id.gs1.org/QUSaVjC_dA"},
             {"https://id.gs1.org/414/5060917510004/254/RP56J920471", "https://id.gs1.org/nUmlYwv3RrRP56J920471"},
             {"https://id.gs1.org/415/5060917510004/8020/ABC123", "https://id.gs1.org/QVSaVjC_dIAgRqvBIw"},
             {"https://id.gs1.org/417/5060917510004", "https://id.gs1.org/QXSaVjC_dA"},
             {"https://id.gs1.org/8003/04965031954585", "https://id.gs1.org/gAMJCAXukTMA"},
             {"https://id.gs1.org/8003/04965031954585ab12", "https://id.gs1.org/gAMJCAXukTJJViQ"},
             {"https://id.gs1.org/8004/0541234537290A41%26GHpp33",
              "https://id.gs1.org/gASXYNWjFkzaNWbdk5YQWjFNHkcODNm"},
             {"https://id.gs1.org/8006/054123450000130102/10/ABC123/21/72292641703",
              "https://id.gs1.org/EEarwSMhC4an0V08ADBgJH7Zo2AbA"},
             {"https://id.gs1.org/8010/0541234537290A41%23GH33/8011/6639047221",
              "https://id.gs1.org/mpVg1aMWTNo1Zt2TlhBaMUceQzZ0xdvpGo"},
             {"https://id.gs1.org/8017/817019610850151481/8019/4003812", "https://id.gs1.org/m7VqMB30BMOXPRfk"},
             {"https://id.gs1.org/8018/411369833821910265/8019/4003812", "https://id.gs1.org/nFtXqvMEQ0-XPRfk"},
         }) {
        ExpectBothWays(v);
    }
}

TEST(DlCompressionTest, FollowsTheGeneralSpecificationsWhereTheToolkitTableIsOlder) {
    // 235 is X..28 (the toolkit's table: N3+X..28), 7040 is N1+X3 (the toolkit's table loses the X3),
    // 8013 X..25: the tokens of an independent port of the toolkit that follows the General
    // Specifications.
    for (const Vector& v : std::vector<Vector>{
             {"https://id.gs1.org/01/05412345000013/235/8TFV883a904GH%263",
              "https://id.gs1.org/AQnYUc1gmkax7ipGrOHDPC5YNI8hMz"},
             {"https://id.gs1.org/414/5060917510004/7040/5KFX", "https://id.gs1.org/QUSaVjC_dHBAVlCrg"},
             {"https://id.gs1.org/417/5060917510004/7040/5KFX", "https://id.gs1.org/QXSaVjC_dHBAVlCrg"},
             {"https://id.gs1.org/8004/0541234537290A41%26GHpp33/7040/7BVR",
              "https://id.gs1.org/cEB2CqjAAkuwatGLJm0as27JywgtGKaPI4cGbM"},
             {"https://id.gs1.org/8013/5060917511473062B98T", "https://id.gs1.org/gBN05060917511473062B98T"},
         }) {
        ExpectBothWays(v);
    }
}

TEST(DlCompressionTest, ReadsTokensWrittenWithoutOptimisationCodes) {
    // Tokens the reference toolkit writes with its optimisation codes off (as GS1's resolver
    // compresses links), and further tokens of the GS1 reference toolkit's examples.
    for (const Vector& v : std::vector<Vector>{
             {"https://example.com/01/05392000229648/10/LOT01/21/SERIAL01",
              "https://example.com/AQnO2IRCICDKWcnpqQtCQiJABemo"},
             {"https://id.gs1.org/01/05412345000013/22/AJY3095721P49/10/ABC123/21/72292641703",
              "https://id.gs1.org/AQnYUc1gmiCNV4JGQhcNT6K6cibQCWN9Pee9tT-PQ"},
             {"https://id.gs1.org/414/5060917510004/254/RP56J920471", "https://id.gs1.org/JUa0T-eifdtOO9UFEmlYwv3Q"},
             {"https://id.gs1.org/8010/0541234537290A41%23GH33/8011/6639047221",
              "https://id.gs1.org/gBCVYNWjFkzaNWbdk5YQWjFHHkM2cAI0xdvpGo"},
             {"https://id.gs1.org/8017/817019610850151481/8019/4003812", "https://id.gs1.org/gBe1ajAd9ATDmAGXPRfk"},
             {"https://dlnkd.tn.gg/01/09780345418913/21/43786", "https://dlnkd.tn.gg/DBHKVAdpQgqrCg"},
             {"http://example.org/01/05412345000013/10/ABC%26%2B123?7003=1903061658",
              "http://example.org/DgnYUc1gmji3NU0IREGFDTK2LJm"},
         }) {
        const DigitalLink dl = MustParse(v.compressed);
        EXPECT_TRUE(dl.compressed);
        EXPECT_EQ(FormatDigitalLink(dl, dl.base), v.uncompressed) << v.compressed;
        EXPECT_EQ(dl, MustParse(v.uncompressed)) << v.compressed;
    }
}

TEST(DlCompressionTest, ReadsNonGs1ParametersIntoOtherQuery) {
    // A GS1 reference toolkit's example that also compresses the parameters thngId and linkType.
    const DigitalLink dl =
        MustParse("https://gs1.evrythng.com/HxHKVAdpQhCTxbrOF_yEFcx_4a2GeAh1mFOZkChg6Z8pgcEMEWpMganmIfESxTyJ5UvMJa9Za");
    EXPECT_EQ(FormatDigitalLink(dl, dl.base),
              "https://gs1.evrythng.com/01/09780345418913/10/38737643/21/58943?15=230911&thngId="
              "U5mQKGDpnymBwQwRakyBqeYh&linkType=test");
    // A value is percent-encoded as other_query holds it: 01 then F, key "k" (1 character), value
    // "a:b" in 7-bit ASCII (100) of 3 characters.
    const std::string gtin = BitsOfToken("AQnYUc1gmg").substr(0, 55);
    auto with_colon = DecompressDigitalLink(
        "https://example.com", TokenOfBits(gtin + "1111 0000001 100100 100 0000011 1100001 0111010 1100010"));
    ASSERT_TRUE(with_colon) << with_colon.error().ToString();
    EXPECT_EQ(with_colon->other_query, (std::vector<std::pair<std::string, std::string>>{{"k", "a%3Ab"}}));
}

TEST(DlCompressionTest, NumericValuesKeepTheirLeadingZeros) {
    // The reference toolkit reads lot "0012" back as "12"; the bits are the same.
    ExpectBothWays({"https://id.gs1.org/01/09506000134352/10/0012", "https://id.gs1.org/CxFKk4XBoAgAY"});
    ExpectBothWays({"https://id.gs1.org/01/09506000134352/10/0012/21/00001", "https://id.gs1.org/CxFKk4XBoAgAYQgoAAQ"});
    const DigitalLink dl = MustParse("https://id.gs1.org/01/09506000134352/21/000?30=007&421=250000");
    EXPECT_EQ(MustParse(FormatCompressedDigitalLink(dl)), dl);
}

TEST(DlCompressionTest, NumbersTakeTheBitsTheToolkitGivesThem) {
    // ceil(n * log2(10) + 0.01) bits: 197 for 59 digits (not 196). A non-GS1 parameter "k" whose
    // value is 59 digits (encoding 000), the number 1: 196 zero bits, then a 1.
    const std::string gtin = BitsOfToken("AQnYUc1gmg").substr(0, 55);
    auto dl = DecompressDigitalLink(
        "https://example.com", TokenOfBits(gtin + "1111 0000001 100100 000 0111011" + std::string(196, '0') + "1"));
    ASSERT_TRUE(dl) << dl.error().ToString();
    ASSERT_EQ(dl->other_query.size(), 1u);
    EXPECT_EQ(dl->other_query[0].second, std::string(58, '0') + "1");
    // Variable-length numeric: a 4-bit count for N..8 (bit_width(8)), then the number.
    const DigitalLink count = MustParse("https://id.gs1.org/01/09506000134352?30=12345678");
    EXPECT_EQ(BitsOfToken(CompressDigitalLink(count)).substr(8 + 47, 4 + 27),
              "1000"
              "000101111000110000101001110");
}

// ---- ParseDigitalLink and the compressed form ----------------------------------------------

TEST(DlCompressionTest, ParseKeepsCustomPathQueryAndTrailingSlash) {
    const DigitalLink dl =
        MustParse("https://brand.example/shop/CxFKk4XBoIdXhCCjA5/?3103=000189&linkType=gs1:pip&17=251231");
    EXPECT_TRUE(dl.compressed);
    EXPECT_EQ(dl.base, "https://brand.example/shop");
    EXPECT_EQ(dl.path, (std::vector<AiElement>{{"01", "09506000134352"}, {"10", "ABC"}, {"21", "12345"}}));
    EXPECT_EQ(dl.attributes, (std::vector<AiElement>{{"3103", "000189"}, {"17", "251231"}}));
    EXPECT_EQ(dl.other_query, (std::vector<std::pair<std::string, std::string>>{{"linkType", "gs1:pip"}}));
    EXPECT_EQ(FormatDigitalLink(dl, dl.base),
              "https://brand.example/shop/01/09506000134352/10/ABC/21/12345?3103=000189&17=251231&linkType=gs1:pip");
    EXPECT_EQ(FormatCompressedDigitalLink(dl, "https://brand.example/shop/"),
              "https://brand.example/shop/GhFKk4XBoIdXgKMDk9VfMQMAC9?linkType=gs1:pip");
}

TEST(DlCompressionTest, ParseReadsThePartiallyCompressedForm) {
    // The primary key uncompressed, the rest compressed (the GS1 reference toolkit's examples).
    for (const Vector& v : std::vector<Vector>{
             {"https://id.gs1.org/01/05412345000013/22/AJY3095721P49/10/ABC123/21/72292641703",
              "https://id.gs1.org/01/05412345000013/EEarwSMhC4an0V05E2gEsb6e897an8eg"},
             {"https://id.gs1.org/01/05412345000013/22/AJY3095721P49/21/72292641703",
              "https://id.gs1.org/gtin/05412345000013/IQuGp9FdORNoBLG-nvPe2p_Ho"},
             {"https://id.gs1.org/414/5060917510004/254/RP56J920471",
              "https://id.gs1.org/414/5060917510004/JUa0T-eifdtOO9Q"},
             {"https://x.example/p/8010/0541234537290A41%23GH33/8011/6639047221?17=251231",
              "https://x.example/p/8010/0541234537290A41%23GH33/gBGmLt9I1?17=251231"},
         }) {
        const DigitalLink dl = MustParse(v.compressed);
        EXPECT_TRUE(dl.compressed);
        EXPECT_EQ(FormatDigitalLink(dl, dl.base), v.uncompressed) << v.compressed;
    }
    // The uncompressed part and the token may not both hold an AI.
    auto twice = ParseDigitalLink("https://id.gs1.org/01/05412345000013/AQnYUc1gmg");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().rule, "dl.duplicate_ai");
}

TEST(DlCompressionTest, ParseReportsTokenErrorsAndQueryConflicts) {
    struct Case {
        std::string uri;
        const char* rule;
        const char* where;
    };
    for (const Case& c : std::vector<Case>{
             {"https://id.gs1.org/CxFKk4XBoIdXhCC", "dl.no_primary_key", "path"},
             {"https://id.gs1.org/CxFKk4XBoIdXhCCjA5A", "dl.no_primary_key", "path"},
             {"https://example.vn/page", "dl.no_primary_key", "path"},
             {"https://id.gs1.org/CxFK" + std::string(kMaxCompressedTokenLength, 'A'), "dl.compressed_too_long",
              "path"},
             {"https://id.gs1.org/EEarwSM", "dl.no_primary_key", "path"},
             {"https://id.gs1.org/DRFKk4XBoHqr4?17=251231", "dl.duplicate_ai", "query/17"},
             {"https://id.gs1.org/CxFKk4XBoIdXhCCjA5?21=1", "dl.attribute_not_allowed", "query/21"},
             {"https://id.gs1.org/QVSaVjC_dA", "dl.qualifier_required", "path"},
             {"https://id.gs1.org/01/09506000134352/foo", "dl.no_primary_key", "path"},
             {"https://id.gs1.org/about", "dl.no_primary_key", "path"},
         }) {
        auto dl = ParseDigitalLink(c.uri);
        ASSERT_FALSE(dl) << c.uri;
        EXPECT_EQ(dl.error().rule, c.rule) << c.uri << ": " << dl.error().ToString();
        EXPECT_EQ(dl.error().where, c.where) << c.uri << ": " << dl.error().ToString();
    }
    // A segment that looks compressed but does not decode is most likely no token: no primary key,
    // with what decoding found.
    const auto page = ParseDigitalLink("https://example.vn/page");
    ASSERT_FALSE(page);
    EXPECT_NE(page.error().detail.find("its last segment fails: The compressed Digital Link ends inside AI (01)."),
              std::string::npos)
        << page.error().detail;
}

TEST(DlCompressionTest, CompressedAndUncompressedFormsAreEqual) {
    DigitalLink a = MustParse("https://id.gs1.org/CxFKk4XBoIdXhCCjA5");
    DigitalLink b = MustParse("https://id.gs1.org/01/09506000134352/10/ABC/21/12345");
    EXPECT_TRUE(a.compressed);
    EXPECT_FALSE(b.compressed);
    EXPECT_EQ(a, b);  // `compressed` plays no part in ==
    b.other_query.emplace_back("linkType", "gs1:pip");
    EXPECT_NE(a, b);
}

// ---- LooksCompressed -----------------------------------------------------------------------

TEST(DlCompressionTest, LooksCompressedWantsABase64SegmentStartingLikeAToken) {
    for (const char* token : {"CxFKk4XBoIdXhCCjA5", "AQnYUc1gmg", "QUSaVjC_dA", "EEarwSM", "gBN05060917511473062B98T",
                              "nFtXqvMEQ0-XPRfk", "QBl2"}) {
        EXPECT_TRUE(LooksCompressed(token)) << token;
    }
    for (const char* segment : {"", "CxF", "01", "3103", "gtin", "party", "about", "index", "12345678",
                                "CxFKk4XBo.dXhCCjA5", "CxFK+4XB", "CxFK/4XB", "CxFK%2F"}) {
        EXPECT_FALSE(LooksCompressed(segment)) << segment;
    }
}

// ---- Hostile tokens ------------------------------------------------------------------------

TEST(DlCompressionTest, RejectsBadTokensWithTheirRule) {
    const std::string gtin = BitsOfToken("AQnYUc1gmg").substr(0, 55);  // AI 01 and its value
    struct Case {
        std::string token;
        const char* rule;
        const char* detail;  // a part of the detail
    };
    for (const Case& c : std::vector<Case>{
             {"", "dl.compressed_syntax", "empty"},
             {std::string(kMaxCompressedTokenLength + 1, 'A'), "dl.compressed_too_long", "at most 2000"},
             {"CxFKk4XBo+dXhCCjA5", "dl.compressed_syntax", "position 9"},
             {"CxFKk4XBo=", "dl.compressed_syntax", "position 9"},
             {"CxFK\xC3\xA9k4XBo", "dl.compressed_syntax", "position 4"},
             {"CxFKk4XBoIdXhCC", "dl.compressed_syntax", "ends inside AI (21)"},
             {"CxFKk4XBoIdX", "dl.compressed_syntax", "ends inside AI (10)"},
             {"CxFKk4XBoIdXhCCjA5A", "dl.compressed_syntax", "6 bits that are not zero padding"},
             {"AQnYUc1gmh", "dl.compressed_syntax", "not zero padding"},
             {TokenOfBits("1110 1000 0000 0000 0000"), "dl.compressed_syntax", "code 'E8'"},
             {TokenOfBits("0000 0011 0000 0000 0000"), "dl.compressed_syntax", "'03'"},
             {TokenOfBits("0010 0011 1010 0000 0000"), "dl.compressed_syntax", "non-decimal AI digit"},
             {TokenOfBits(gtin + "1001 0001 000 00001 0001"), "dl.unknown_ai", "AI (91)"},
             {TokenOfBits("0001 1110" + gtin.substr(8) + "000 00001 0001"), "dl.unknown_ai", "AI (91)"},
             {TokenOfBits(gtin + "0010 0001 101 00001 0001"), "dl.compressed_syntax", "unknown encoding 5"},
             {TokenOfBits("0000 0001" + std::string(47, '1')), "dl.compressed_syntax", "too large for 14 digits"},
             {TokenOfBits(gtin + "0010 0001 000 00010 1111111"), "dl.compressed_syntax", "too large for 2 digits"},
             {TokenOfBits(gtin + gtin), "dl.duplicate_ai", "AI (01) appears twice"},
             {TokenOfBits(gtin + "1111 0000010 110101 110110 000 0000001 0001"), "dl.compressed_syntax", "numeric"},
             {TokenOfBits(gtin + "1111 0000000 000 0000001 0001"), "dl.compressed_syntax", "empty"},
             {TokenOfBits(gtin + "1111 0000001 100100 100 0000101 1100001"), "dl.compressed_syntax",
              "non-GS1 parameter"},
             {TokenOfBits("0001 0000 010 00011 1010 1011 1100"), "dl.no_primary_key", "no GS1 primary key"},
             {TokenOfBits(gtin + "0010 0001 000 00000 0"), "dl.empty_value", "no value"},
         }) {
        const Error e = MustFailToDecompress(c.token);
        EXPECT_EQ(e.rule, c.rule) << c.token << ": " << e.ToString();
        EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << c.token;
        EXPECT_NE(e.detail.find(c.detail), std::string::npos) << c.token << ": " << e.ToString();
        EXPECT_LE(e.value.size(), Error::kMaxValueLength + 3);  // shortened, with "..."
    }
    // At the limit the token is read: its zero bits are SSCC entries (AI 00, value 0), the second a
    // duplicate.
    const Error at_limit =
        MustFailToDecompress("CxFKk4XBoIdXhCCjA5" + std::string(kMaxCompressedTokenLength - 18, 'A'));
    EXPECT_EQ(at_limit.rule, "dl.duplicate_ai");
}

TEST(DlCompressionTest, SurvivesRandomAndMutatedTokens) {
    std::mt19937 rng(20240611);
    std::vector<std::string> tokens;
    for (const char* t : {"CxFKk4XBoIdXhCCjA5", "GhFKk4XBoIdXgKMDk9VfIkIqMQMAC9", "mpVg1aMWTNo1Zt2TlhBaMUceQzZ0xdvpGo",
                          "JTLIetaiHWdptz5dhk", "cEB2CqjAAkuwatGLJm0as27JywgtGKaPI4cGbM"}) {
        const std::string token = t;
        for (std::size_t n = 0; n < token.size(); ++n) tokens.push_back(token.substr(0, n));  // truncations
        for (std::size_t i = 0; i < token.size(); ++i) {
            for (int k = 0; k < 8; ++k) {
                std::string mutated = token;
                mutated[i] = kAlphabet[rng() % kAlphabet.size()];
                tokens.push_back(mutated);
            }
        }
    }
    for (int i = 0; i < 3000; ++i) {
        std::string token(rng() % 80, 'A');
        for (char& c : token) c = kAlphabet[rng() % kAlphabet.size()];
        tokens.push_back(token);
    }
    int decoded = 0;
    for (const auto& token : tokens) {
        auto dl = DecompressDigitalLink("https://id.gs1.org", token);
        if (!dl) {
            EXPECT_EQ(dl.error().code, ErrorCode::kInvalidArgument) << token;
            EXPECT_FALSE(dl.error().rule.empty()) << token;
            EXPECT_TRUE(dl.error().where.starts_with("path") || dl.error().where.starts_with("query")) << token;
            continue;
        }
        ++decoded;
        // Whatever decodes is a valid link that compresses to a token decoding to it again.
        EXPECT_TRUE(ValidateDigitalLink(*dl)) << token;
        auto again = DecompressDigitalLink("https://id.gs1.org", CompressDigitalLink(*dl));
        ASSERT_TRUE(again) << token << ": " << again.error().ToString();
        EXPECT_EQ(*again, *dl) << token;
    }
    EXPECT_GT(decoded, 20);  // mutations of lot and serial characters still decode
}

// ---- Round trips over generated links ------------------------------------------------------

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLowerHex = "0123456789abcdef";
constexpr std::string_view kUpperHex = "0123456789ABCDEF";
constexpr std::string_view kCset82 =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kCset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

class ValueMaker {
  public:
    explicit ValueMaker(unsigned seed) : rng_(seed) {}

    // A valid value of `info`. `style` 0 to 6 picks the characters of free alphanumeric parts:
    // digits, lower-case hex, upper-case hex, base64url, CSET 82 at the longest, CSET 82 at the
    // shortest, zeros. Style 0 also makes free numeric parts zeros; styles 0, 3 and 6 leave
    // optional parts out.
    std::string Make(const AiInfo& info, int style) {
        std::string value;
        for (const auto& c : info.Components()) {
            if (c.optional && style % 3 == 0) break;
            const int length = c.FixedLength() ? c.max_length : Length(c, style);
            value += Component(c, length, style);
        }
        return value;
    }

  private:
    int Between(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<unsigned>(hi - lo + 1)); }
    std::string Pick(std::string_view alphabet, int n) {
        std::string out;
        for (int i = 0; i < n; ++i) out += alphabet[rng_() % alphabet.size()];
        return out;
    }
    std::string TwoDigits(int lo, int hi) {
        const int n = Between(lo, hi);
        return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
    }
    int Length(const AiComponent& c, int style) {
        if (style == 5) return c.min_length;
        if (style == 4) return c.max_length;
        return Between(c.min_length, c.max_length);
    }

    std::string Component(const AiComponent& c, int length, int style) {
        switch (c.lint) {
            case Lint::kCheckDigit:
                return *AppendCheckDigit(Pick(kDigits, length - 1));
            case Lint::kCheckPair: {
                const std::string data = Pick(kCset82, std::max(1, length - 2));
                return data + *ComputeCheckCharacterPair(data);
            }
            case Lint::kZero:
                return "0";
            case Lint::kNoZeroPrefix:
                return Pick("123456789", 1) + Pick(kDigits, length - 1);
            case Lint::kPieceOfTotal: {
                const int piece = Between(1, 98);
                const int total = Between(piece, 99);
                return TwoDigits(piece, piece) + TwoDigits(total, total);
            }
            case Lint::kDateYymmd0:
                return TwoDigits(0, 99) + TwoDigits(1, 12) + TwoDigits(0, 28);
            case Lint::kDateYymmdd:
                return TwoDigits(0, 99) + TwoDigits(1, 12) + TwoDigits(1, 28);
            case Lint::kTimeHhmi:
                return TwoDigits(0, 23) + TwoDigits(0, 59);
            case Lint::kHour:
                return TwoDigits(0, 23);
            case Lint::kMinute:
            case Lint::kSecond:
                return TwoDigits(0, 59);
            case Lint::kImporterIndex:
                return Pick(kAlphabet, 1);
            case Lint::kNone:
            case Lint::kCountryCode:
                break;
        }
        switch (c.charset) {
            case Charset::kNumeric:
                return style == 0 ? std::string(static_cast<std::size_t>(length), '0') : Pick(kDigits, length);
            case Charset::kCset39:
                return style == 0 ? Pick(kDigits, length) : Pick(kCset39, length);
            case Charset::kCset64:
                return style == 2 && length > 1 ? Pick(kAlphabet, length - 1) + "=" : Pick(kAlphabet, length);
            case Charset::kCset82:
                break;
        }
        static constexpr std::string_view kStyles[] = {kDigits, kLowerHex, kUpperHex, kAlphabet, kCset82, kCset82, "0"};
        return Pick(kStyles[style % 7], length);
    }

    std::mt19937 rng_;
};

// Every primary key with every ordered choice of its qualifiers, then alone with each data
// attribute, then with sets of attributes; values in every style.
std::vector<DigitalLink> GeneratedLinks() {
    ValueMaker maker(7);
    std::vector<const AiInfo*> keys;
    std::vector<const AiInfo*> attributes;
    for (const auto& info : AllAis()) {
        if (info.dl_primary_key) keys.push_back(&info);
        if (info.dl_attribute && !info.dl_primary_key) attributes.push_back(&info);
    }
    std::vector<DigitalLink> out;
    auto add = [&out](std::vector<AiElement> path, std::vector<AiElement> attrs) {
        std::sort(attrs.begin(), attrs.end(), [](const AiElement& a, const AiElement& b) { return a.ai < b.ai; });
        DigitalLink dl;
        dl.base = "https://id.gs1.org";
        dl.path = std::move(path);
        dl.attributes = std::move(attrs);
        out.push_back(std::move(dl));
    };
    int style = 0;
    for (const AiInfo* key : keys) {
        for (int s = 0; s < 7; ++s) {
            std::vector<std::vector<std::string_view>> choices;
            if (!key->qualifier_required) choices.push_back({});
            for (const auto& seq : key->QualifierSequences()) {
                const auto ais = seq.Ais();
                for (unsigned mask = 1; mask < (1U << ais.size()); ++mask) {
                    std::vector<std::string_view> chosen;
                    for (std::size_t i = 0; i < ais.size(); ++i) {
                        if ((mask >> i) & 1U) chosen.push_back(ais[i]);
                    }
                    choices.push_back(chosen);
                }
            }
            for (const auto& chosen : choices) {
                std::vector<AiElement> path{{std::string(key->ai), maker.Make(*key, s)}};
                for (auto q : chosen) path.push_back({std::string(q), maker.Make(*FindAi(q), (s + ++style) % 7)});
                add(path, {});
            }
        }
        for (const AiInfo* attr : attributes) {
            if (key->AcceptsQualifier(attr->ai)) continue;
            std::vector<AiElement> path{{std::string(key->ai), maker.Make(*key, ++style % 7)}};
            if (key->qualifier_required) {
                const auto q = key->QualifierSequences()[0].Ais()[0];
                path.push_back({std::string(q), maker.Make(*FindAi(q), style % 7)});
            }
            add(path, {{std::string(attr->ai), maker.Make(*attr, ++style % 7)}});
        }
    }
    // GTIN, lot, serial and several attributes at once (optimisation codes and the AIs after them).
    std::mt19937 rng(11);
    for (int i = 0; i < 300; ++i) {
        std::vector<AiElement> path{{"01", maker.Make(*FindAi("01"), i % 7)}};
        if (i % 2 == 0) path.push_back({"10", maker.Make(*FindAi("10"), (i / 2) % 7)});
        if (i % 3 == 0) path.push_back({"21", maker.Make(*FindAi("21"), (i / 3) % 7)});
        std::vector<AiElement> attrs;
        for (int n = i % 6; n > 0; --n) {
            const AiInfo* attr = attributes[rng() % attributes.size()];
            const bool taken = attr->ai == "10" || std::any_of(attrs.begin(), attrs.end(),
                                                               [attr](const AiElement& e) { return e.ai == attr->ai; });
            if (!taken) attrs.push_back({std::string(attr->ai), maker.Make(*attr, (i + n) % 7)});
        }
        add(path, attrs);
    }
    return out;
}

TEST(DlCompressionTest, DecompressUndoesCompressForGeneratedLinks) {
    const auto links = GeneratedLinks();
    EXPECT_GT(links.size(), 3000u);
    std::size_t optimised = 0;
    for (const auto& dl : links) {
        ASSERT_TRUE(ValidateDigitalLink(dl))
            << FormatDigitalLink(dl) << ": " << ValidateDigitalLink(dl).error().ToString();
        const std::string token = CompressDigitalLink(dl);
        EXPECT_TRUE(LooksCompressed(token)) << token;
        auto back = DecompressDigitalLink(dl.base, token);
        ASSERT_TRUE(back) << FormatDigitalLink(dl) << " -> " << token << ": " << back.error().ToString();
        EXPECT_EQ(*back, dl) << FormatDigitalLink(dl) << " -> " << token << " -> " << FormatDigitalLink(*back);
        EXPECT_TRUE(back->compressed);
        const auto parsed = ParseDigitalLink(FormatCompressedDigitalLink(dl, dl.base));
        ASSERT_TRUE(parsed) << token;
        EXPECT_EQ(*parsed, dl) << token;
        const std::string head = BitsOfToken(token).substr(0, 8);
        optimised += std::stoul(head.substr(0, 4), nullptr, 2) > 9 || std::stoul(head.substr(4), nullptr, 2) > 9;
    }
    EXPECT_GT(optimised, 250u);
}

TEST(DlCompressionTest, ALinkWithTwoKeysTakesTheOneWithQualifiers) {
    // Lot 10 is a qualifier of 01 only: 01 is the key, SSCC 00 an attribute.
    const DigitalLink dl = MustParse("https://id.gs1.org/01/09506000134352/10/ABC?00=106141411234567897");
    EXPECT_EQ(MustParse(FormatCompressedDigitalLink(dl)), dl);
    // Neither has a qualifier: the first in the token (AI order) is the key.
    const DigitalLink swapped =
        MustParse(FormatCompressedDigitalLink(MustParse("https://id.gs1.org/01/09506000134352?00=106141411234567897")));
    EXPECT_EQ(FormatDigitalLink(swapped), "https://id.gs1.org/00/106141411234567897?01=09506000134352");
}

TEST(DlCompressionTest, CompressSkipsWhatItCannotWrite) {
    DigitalLink dl;
    dl.path = {{"01", "09506000134352"}, {"9999", "1"}};
    dl.attributes = {{"01", "00000000000000"}};
    EXPECT_EQ(CompressDigitalLink(dl), "ARFKk4XBoA");                    // AI 01 once; 9999 is not an AI
    dl.path = {{"01", "09506000134352"}, {"10", std::string(40, 'A')}};  // over X..20: cut at 31
    auto back = DecompressDigitalLink("https://id.gs1.org", CompressDigitalLink(dl));
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().rule, "ai.length");
}

}  // namespace
}  // namespace txng::gs1
