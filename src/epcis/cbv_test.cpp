#include "epcis/cbv.hpp"

#include <gtest/gtest.h>

namespace txng::epcis::cbv {
namespace {

TEST(CbvTest, RecognisesEveryFormOfAStandardWord) {
    for (const char* form :
         {"shipping", "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-shipping",
          "http://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping"}) {
        auto w = StandardWord(Vocab::kBizStep, form);
        ASSERT_TRUE(w.has_value()) << form;
        EXPECT_EQ(*w, "shipping");
    }
}

TEST(CbvTest, RejectsNonStandardWordsInAnyForm) {
    EXPECT_FALSE(StandardWord(Vocab::kBizStep, "transforming"));
    EXPECT_FALSE(StandardWord(Vocab::kBizStep, "urn:epcglobal:cbv:bizstep:transforming"));
    EXPECT_FALSE(StandardWord(Vocab::kBizStep, "https://ref.gs1.org/cbv/Disp-in_transit"));
    EXPECT_FALSE(StandardWord(Vocab::kDisposition, "in_transport"));
    EXPECT_FALSE(StandardWord(Vocab::kDisposition, "Active"));  // words are case-sensitive
    EXPECT_FALSE(StandardWord(Vocab::kBizStep, "https://example.com/bizstep/shipping"));
}

TEST(CbvTest, CuriesUseDeclaredNamespaces) {
    std::map<std::string, std::string> ns{{"c", "https://ref.gs1.org/cbv/"}, {"cbv", "https://example.org/not-cbv/"}};
    EXPECT_EQ(StandardWord(Vocab::kDisposition, "c:Disp-in_transit", &ns), "in_transit");
    EXPECT_FALSE(StandardWord(Vocab::kDisposition, "cbv:Disp-in_transit", &ns));
}

TEST(CbvTest, SensorVocabulariesAcceptBothGs1Forms) {
    EXPECT_EQ(StandardWord(Vocab::kMeasurementType, "gs1:MT-Temperature"), "Temperature");
    EXPECT_EQ(StandardWord(Vocab::kMeasurementType, "gs1:Temperature"), "Temperature");
    EXPECT_EQ(StandardWord(Vocab::kMeasurementType, "https://gs1.org/voc/Temperature"), "Temperature");
    EXPECT_EQ(StandardWord(Vocab::kMeasurementType, "EffectiveDoseRate"), "EffectiveDoseRate");
    EXPECT_EQ(StandardWord(Vocab::kSensorAlertType, "gs1:ALARM_CONDITION"), "ALARM_CONDITION");
    EXPECT_EQ(StandardWord(Vocab::kComponent, "cbv:Comp-latitude"), "latitude");
    EXPECT_FALSE(StandardWord(Vocab::kMeasurementType, "Temprature"));
}

TEST(CbvTest, FormsOfAWord) {
    EXPECT_EQ(ToWebUri(Vocab::kSourceDestType, "owning_party"), "https://ref.gs1.org/cbv/SDT-owning_party");
    EXPECT_EQ(ToUrn(Vocab::kBizTransactionType, "po"), "urn:epcglobal:cbv:btt:po");
    EXPECT_EQ(ToUrn(Vocab::kErrorReason, "did_not_occur"), "urn:epcglobal:cbv:er:did_not_occur");
    EXPECT_TRUE(IsStandardWord(Vocab::kBizStep, "sampling"));
    EXPECT_EQ(Words(Vocab::kSourceDestType).size(), 3u);
}

TEST(CbvTest, ExpandCurie) {
    std::map<std::string, std::string> ns{{"example", "https://ns.example.com/epcis/"}};
    EXPECT_EQ(ExpandCurie("example:myField", ns), "https://ns.example.com/epcis/myField");
    EXPECT_EQ(ExpandCurie("gs1:Temperature", ns), "https://gs1.org/voc/Temperature");
    EXPECT_EQ(ExpandCurie("urn:epc:id:sgtin:1.2.3", ns), "urn:epc:id:sgtin:1.2.3");
    EXPECT_EQ(ExpandCurie("https://x.org/a", ns), "https://x.org/a");
    EXPECT_EQ(ExpandCurie("plain", ns), "plain");
}

}  // namespace
}  // namespace txng::epcis::cbv
