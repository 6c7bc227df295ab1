#include "gs1/ai.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace txng::gs1 {
namespace {

std::vector<std::vector<std::string>> Sequences(const AiInfo& info) {
    std::vector<std::vector<std::string>> out;
    for (const auto& seq : info.QualifierSequences()) out.emplace_back(seq.Ais().begin(), seq.Ais().end());
    return out;
}

TEST(AiTableTest, HoldsEveryAiTxngNeeds) {
    for (const char* ai :
         {"00",   "01",   "02",   "10",   "11",   "12",   "13",   "15",   "16",   "17",   "20",   "21",
          "22",   "235",  "240",  "241",  "242",  "250",  "251",  "253",  "254",  "255",  "30",   "3100",
          "3105", "3120", "3303", "3695", "37",   "400",  "401",  "402",  "403",  "410",  "411",  "412",
          "413",  "414",  "415",  "416",  "417",  "420",  "421",  "422",  "424",  "426",  "427",  "7003",
          "7040", "8002", "8003", "8004", "8005", "8006", "8007", "8008", "8009", "8010", "8011", "8012",
          "8013", "8017", "8018", "8019", "8020", "8026", "8030", "8200"}) {
        const AiInfo* info = FindAi(ai);
        ASSERT_NE(info, nullptr) << ai;
        EXPECT_EQ(info->ai, ai);
        EXPECT_FALSE(info->title.empty()) << ai;
        EXPECT_FALSE(info->rule_prefix.empty()) << ai;
        EXPECT_GT(info->component_count, 0) << ai;
    }
}

TEST(AiTableTest, UnknownAisAreNotFound) {
    for (const char* ai : {"", "0", "99", "3106", "3170", "370", "3700", "01a", "010", "9999", "7041"}) {
        EXPECT_EQ(FindAi(ai), nullptr) << ai;
    }
}

TEST(AiTableTest, AllAisIsSortedAndIncludesTheMeasureAis) {
    const auto all = AllAis();
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const AiInfo& a, const AiInfo& b) { return a.ai < b.ai; }));
    const auto measures =
        std::count_if(all.begin(), all.end(), [](const AiInfo& i) { return i.ai.size() == 4 && i.ai[0] == '3'; });
    EXPECT_EQ(measures, 53 * 6);
    for (const auto& info : all) EXPECT_EQ(FindAi(info.ai), &info);
}

TEST(AiTableTest, GtinEntryDescribesAiZeroOne) {
    const AiInfo* gtin = FindAi("01");
    ASSERT_NE(gtin, nullptr);
    EXPECT_EQ(gtin->title, "GTIN");
    EXPECT_EQ(gtin->rule_prefix, "gtin");
    EXPECT_TRUE(gtin->FixedLength());
    EXPECT_EQ(gtin->MinLength(), 14);
    EXPECT_EQ(gtin->MaxLength(), 14);
    EXPECT_EQ(gtin->MainCharset(), Charset::kNumeric);
    EXPECT_TRUE(gtin->HasCheckDigit());
    EXPECT_FALSE(gtin->HasCheckCharacterPair());
    EXPECT_TRUE(gtin->dl_primary_key);
    EXPECT_TRUE(gtin->dl_attribute);
    EXPECT_FALSE(gtin->qualifier_required);
    EXPECT_EQ(Sequences(*gtin), (std::vector<std::vector<std::string>>{{"22", "10", "21"}, {"235"}}));
    EXPECT_TRUE(gtin->AcceptsQualifier("235"));
    EXPECT_FALSE(gtin->AcceptsQualifier("17"));
}

TEST(AiTableTest, PrimaryKeysHaveTheirQualifierSequences) {
    using Seqs = std::vector<std::vector<std::string>>;
    EXPECT_EQ(Sequences(*FindAi("8006")), (Seqs{{"22", "10", "21"}}));
    EXPECT_EQ(Sequences(*FindAi("414")), (Seqs{{"254"}, {"7040"}}));
    EXPECT_EQ(Sequences(*FindAi("417")), (Seqs{{"7040"}}));
    EXPECT_EQ(Sequences(*FindAi("8004")), (Seqs{{"7040"}}));
    EXPECT_EQ(Sequences(*FindAi("415")), (Seqs{{"8020"}}));
    EXPECT_TRUE(FindAi("415")->qualifier_required);
    EXPECT_EQ(Sequences(*FindAi("8010")), (Seqs{{"8011"}}));
    EXPECT_EQ(Sequences(*FindAi("8017")), (Seqs{{"8019"}}));
    EXPECT_EQ(Sequences(*FindAi("8018")), (Seqs{{"8019"}}));
    for (const char* ai : {"00", "253", "255", "401", "402", "8003", "8013"}) {
        const AiInfo* info = FindAi(ai);
        EXPECT_TRUE(info->dl_primary_key) << ai;
        EXPECT_TRUE(Sequences(*info).empty()) << ai;
        EXPECT_FALSE(info->qualifier_required) << ai;
    }
    int keys = 0;
    for (const auto& info : AllAis()) keys += info.dl_primary_key ? 1 : 0;
    EXPECT_EQ(keys, 16);
}

TEST(AiTableTest, NonKeysAreNotPrimaryKeys) {
    for (const char* ai : {"02", "10", "17", "21", "22", "235", "254", "410", "7040", "8011", "8019", "8020", "3103"}) {
        EXPECT_FALSE(FindAi(ai)->dl_primary_key) << ai;
    }
}

TEST(AiTableTest, DataAttributeFlagFollowsTheSyntaxDictionary) {
    for (const char* ai : {"00", "01", "02", "10", "11", "15", "17", "30", "37", "3103", "400", "410", "414", "422",
                           "7003", "8003", "8005", "8008", "8030"}) {
        EXPECT_TRUE(FindAi(ai)->dl_attribute) << ai;
    }
    for (const char* ai : {"21", "22", "235", "254", "7040", "8011", "8019", "8020", "8200"}) {
        EXPECT_FALSE(FindAi(ai)->dl_attribute) << ai;
    }
}

TEST(AiTableTest, FormatsMatchTheGeneralSpecifications) {
    struct Expect {
        const char* ai;
        int min;
        int max;
        Charset charset;
        bool check_digit;
    };
    for (const auto& e : std::vector<Expect>{
             {"00", 18, 18, Charset::kNumeric, true},    {"02", 14, 14, Charset::kNumeric, true},
             {"10", 1, 20, Charset::kCset82, false},     {"11", 6, 6, Charset::kNumeric, false},
             {"21", 1, 20, Charset::kCset82, false},     {"22", 1, 20, Charset::kCset82, false},
             {"235", 1, 28, Charset::kCset82, false},    {"240", 1, 30, Charset::kCset82, false},
             {"253", 13, 30, Charset::kCset82, true},    {"254", 1, 20, Charset::kCset82, false},
             {"255", 13, 25, Charset::kNumeric, true},   {"30", 1, 8, Charset::kNumeric, false},
             {"3103", 6, 6, Charset::kNumeric, false},   {"37", 1, 8, Charset::kNumeric, false},
             {"401", 1, 30, Charset::kCset82, false},    {"402", 17, 17, Charset::kNumeric, true},
             {"414", 13, 13, Charset::kNumeric, true},   {"422", 3, 3, Charset::kNumeric, false},
             {"7003", 10, 10, Charset::kNumeric, false}, {"7040", 4, 4, Charset::kCset82, false},
             {"8003", 14, 30, Charset::kCset82, true},   {"8004", 1, 30, Charset::kCset82, false},
             {"8006", 18, 18, Charset::kNumeric, true},  {"8008", 8, 12, Charset::kNumeric, false},
             {"8010", 1, 30, Charset::kCset39, false},   {"8011", 1, 12, Charset::kNumeric, false},
             {"8013", 1, 25, Charset::kCset82, false},   {"8017", 18, 18, Charset::kNumeric, true},
             {"8018", 18, 18, Charset::kNumeric, true},  {"8019", 1, 10, Charset::kNumeric, false},
             {"8020", 1, 25, Charset::kCset82, false},   {"8030", 1, 90, Charset::kCset64, false},
         }) {
        const AiInfo* info = FindAi(e.ai);
        ASSERT_NE(info, nullptr) << e.ai;
        EXPECT_EQ(info->MinLength(), e.min) << e.ai;
        EXPECT_EQ(info->MaxLength(), e.max) << e.ai;
        EXPECT_EQ(info->FixedLength(), e.min == e.max) << e.ai;
        EXPECT_EQ(info->MainCharset(), e.charset) << e.ai;
        EXPECT_EQ(info->HasCheckDigit(), e.check_digit) << e.ai;
    }
    EXPECT_TRUE(FindAi("8013")->HasCheckCharacterPair());
}

TEST(AiTableTest, MeasureAisShareTheirFamilyTitle) {
    EXPECT_EQ(FindAi("3100")->title, "NET WEIGHT (kg)");
    EXPECT_EQ(FindAi("3105")->title, "NET WEIGHT (kg)");
    EXPECT_EQ(FindAi("3302")->title, "GROSS WEIGHT (kg)");
    EXPECT_EQ(FindAi("3695")->title, "VOLUME (yd³), log");
}

// ---- ValidateAiValue ---------------------------------------------------------------------------

TEST(ValidateAiValueTest, AcceptsValidValues) {
    const std::vector<std::pair<const char*, const char*>> valid = {
        {"00", "106141411234567897"},
        {"01", "09506000134352"},
        {"02", "09506000134352"},
        {"10", "ABC123"},
        {"10", "!\"%&'()*+,-./:;<=>?_"},
        {"11", "250101"},
        {"13", "241231"},
        {"15", "250200"},  // day 00: end of month
        {"16", "240229"},  // leap year
        {"17", "251231"},
        {"20", "01"},
        {"21", "12345678901234567890"},
        {"22", "2A"},
        {"235", "1234567890123456789012345678"},
        {"240", "X"},
        {"241", "P-1"},
        {"242", "123456"},
        {"250", "S2"},
        {"251", "SRC"},
        {"253", "4012345555554"},
        {"253", "401234555555498"},
        {"254", "987"},
        {"255", "4012345999990"},
        {"255", "401234599999044"},
        {"30", "12345678"},
        {"3103", "001250"},
        {"37", "1"},
        {"400", "PO/4711"},
        {"401", "4012345333"},
        {"402", "40123459999876541"},
        {"403", "ROUTE"},
        {"410", "4012345000115"},
        {"414", "4012345000115"},
        {"417", "4012345000009"},
        {"421", "276D-12345"},
        {"422", "276"},
        {"427", "BY"},
        {"7003", "2512312359"},
        {"7040", "1A2_"},
        {"8003", "0401234566666387"},
        {"8003", "04012345666663"},
        {"8004", "4012345AAbb"},
        {"8006", "040123451234560102"},
        {"8008", "25123123"},
        {"8008", "2512312359"},
        {"8008", "251231235959"},
        {"8010", "4012345ABC#-/"},
        {"8011", "123"},
        {"8013", "1987654Ad4X4bL5ttr2310c2K"},
        {"8017", "401234500000987658"},
        {"8018", "401234598765400000"},
        {"8019", "1234567890"},
        {"8020", "REF-1"},
        {"8026", "040123451234560102"},
        {"8030", "MEUCIQCz_-="},
    };
    for (const auto& [ai, value] : valid) {
        auto ok = ValidateAiValue(ai, value);
        EXPECT_TRUE(ok) << ai << " " << value << ": " << (ok ? "" : ok.error().ToString());
    }
}

struct InvalidValue {
    const char* ai;
    const char* value;
    const char* rule;
};

TEST(ValidateAiValueTest, RejectsInvalidValuesWithTheirRule) {
    const std::vector<InvalidValue> invalid = {
        {"99", "x", "ai.unknown"},
        {"01", "", "gtin.length"},
        {"01", "9506000134352", "gtin.length"},
        {"01", "095060001343520", "gtin.length"},
        {"01", "0950600013435A", "gtin.charset"},
        {"01", "09506000134353", "gtin.check_digit"},
        {"02", "09506000134353", "gtin.check_digit"},
        {"00", "106141411234567890", "sscc.check_digit"},
        {"00", "10614141123456789", "sscc.length"},
        {"10", "", "ai.length"},
        {"10", "123456789012345678901", "ai.length"},
        {"10", "AB#1", "ai.charset"},
        {"10", "A B", "ai.charset"},
        {"10", "caf\xC3\xA9", "ai.charset"},
        {"11", "251301", "ai.date"},
        {"11", "250132", "ai.date"},
        {"11", "230229", "ai.date"},
        {"11", "25010", "ai.length"},
        {"17", "2501AA", "ai.charset"},
        {"21", "123456789012345678901", "ai.length"},
        {"235", "12345678901234567890123456789", "ai.length"},
        {"253", "401234555555", "gdti.length"},
        {"253", "4012345555555", "gdti.check_digit"},
        {"253", "4012345555554123456789012345678", "gdti.length"},
        {"253", "4012345555554A#", "gdti.charset"},
        {"255", "4012345999990A", "gcn.charset"},
        {"255", "40123459999901234567890123", "gcn.length"},
        {"3103", "12345", "ai.length"},
        {"402", "40123459999876542", "gsin.check_digit"},
        {"414", "4012345000116", "gln.check_digit"},
        {"417", "401234500011", "gln.length"},
        {"422", "27A", "ai.charset"},
        {"7003", "2512312360", "ai.time"},
        {"7003", "2512312459", "ai.time"},
        {"7003", "2502302359", "ai.date"},
        {"7003", "2500002359", "ai.date"},
        {"7040", "1AB.", "ai.importer_index"},
        {"7040", "AABC", "ai.charset"},
        {"8003", "1401234566666387", "grai.filler_digit"},
        {"8003", "0401234566666487", "grai.check_digit"},
        {"8003", "0401234566666", "grai.length"},
        {"8003", "04012345666663 ", "grai.charset"},
        {"8004", "4012345 A", "giai.charset"},
        {"8004", "1234567890123456789012345678901", "giai.length"},
        {"8006", "040123451234560302", "itip.piece_of_total"},
        {"8006", "040123451234560002", "itip.piece_of_total"},
        {"8006", "040123451234560100", "itip.piece_of_total"},
        {"8006", "040123451234570102", "itip.check_digit"},
        {"8006", "0401234512345601", "itip.length"},
        {"8008", "251231", "ai.length"},
        {"8008", "251231235", "ai.length"},
        {"8008", "2512312460", "ai.time"},
        {"8008", "251231236000", "ai.time"},
        {"8008", "251231235960", "ai.time"},
        {"8010", "4012345abc", "cpid.charset"},
        {"8010", "4012345_", "cpid.charset"},
        {"8011", "0123", "ai.leading_zero"},
        {"8011", "0", "ai.leading_zero"},
        {"8011", "1234567890123", "ai.length"},
        {"8013", "1987654Ad4X4bL5ttr2310c2L", "gmn.check_pair"},
        {"8013", "2K", "gmn.length"},
        {"8013", "1987654Ad4X4bL5ttr2310c2K1", "gmn.length"},
        {"8017", "401234500000987659", "gsrn.check_digit"},
        {"8018", "40123459876540000", "gsrn.length"},
        {"8019", "12345678901", "ai.length"},
        {"8030", "abc+/", "ai.charset"},
    };
    for (const auto& c : invalid) {
        auto result = ValidateAiValue(c.ai, c.value);
        ASSERT_FALSE(result) << c.ai << " " << c.value;
        EXPECT_EQ(result.error().rule, c.rule) << c.ai << " " << c.value << ": " << result.error().ToString();
        EXPECT_EQ(result.error().where, "(" + std::string(c.ai) + ")");
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_FALSE(result.error().detail.empty());
    }
}

TEST(ValidateAiValueTest, ErrorCarriesWhereValueAndReadableDetail) {
    auto result = ValidateAiValue("01", "09506000134353", "epcList[0]");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().where, "epcList[0]");
    EXPECT_EQ(result.error().value, "09506000134353");
    EXPECT_EQ(result.error().detail, "The check digit of AI (01) GTIN is 3 but should be 2.");
    auto length = ValidateAiValue("10", "123456789012345678901");
    ASSERT_FALSE(length);
    EXPECT_EQ(length.error().detail, "AI (10) BATCH/LOT must have 1 to 20 characters but has 21.");
}

TEST(ValidateAiValueTest, SplitAiValueReturnsTheComponents) {
    using Parts = std::vector<std::string>;
    EXPECT_EQ(*SplitAiValue("253", "401234555555498"), (Parts{"4012345555554", "98"}));
    EXPECT_EQ(*SplitAiValue("253", "4012345555554"), (Parts{"4012345555554"}));
    EXPECT_EQ(*SplitAiValue("8003", "0401234566666387"), (Parts{"0", "4012345666663", "87"}));
    EXPECT_EQ(*SplitAiValue("8006", "040123451234560102"), (Parts{"04012345123456", "0102"}));
    EXPECT_EQ(*SplitAiValue("7003", "2512312359"), (Parts{"251231", "2359"}));
    EXPECT_EQ(*SplitAiValue("8008", "2512312359"), (Parts{"251231", "23", "59"}));
    EXPECT_EQ(*SplitAiValue("10", "ABC"), (Parts{"ABC"}));
    auto bad = SplitAiValue("253", "401234555555598", "doc");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().rule, "gdti.check_digit");
    EXPECT_EQ(bad.error().where, "doc");
}

}  // namespace
}  // namespace txng::gs1
