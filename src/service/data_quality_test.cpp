#include "service/data_quality.hpp"

#include <gtest/gtest.h>

namespace txng::service {
namespace {

TEST(DataQualityTest, AnEventNeedsAProductCodeALocationCodeAndAStage) {
    epcis::Event e;
    EXPECT_EQ(MissingEventItems(e), (std::vector<std::string>{"product_code", "location_code", "stage"}));
    e.epc_list = {"https://id.gs1.org/01/08934567000123/21/1"};
    e.read_point = epcis::Location{"https://id.gs1.org/414/8934567000017", {}};
    e.biz_step = "shipping";
    EXPECT_TRUE(MissingEventItems(e).empty());
    epcis::Event transform;
    transform.type = epcis::EventType::kTransformationEvent;
    transform.output_quantity_list = {{"urn:epc:class:lgtin:8934567.000012.L1", 10.0, "KGM"}};
    transform.biz_location = epcis::Location{"https://id.gs1.org/414/8934567000017", {}};
    EXPECT_EQ(MissingEventItems(transform), (std::vector<std::string>{"stage"}));
}

TEST(DataQualityTest, AProductNeedsImageBrandShelfLifeAndStandards) {
    registry::Product p;
    EXPECT_EQ(MissingProductItems(p), (std::vector<std::string>{"image", "brand", "shelf_life", "standards"}));
    p.images = {std::string(64, 'a')};
    p.brand = "Sen Vàng";
    p.shelf_life_days = 365;
    p.standards = {"TCVN 12827:2019"};
    EXPECT_TRUE(MissingProductItems(p).empty());
}

TEST(DataQualityTest, ACaptureCountsCompleteEventsAndWhatTheOthersMiss) {
    epcis::Event complete;
    complete.epc_list = {"urn:epc:id:sgtin:8934567.000012.1"};
    complete.biz_location = epcis::Location{"urn:epc:id:sgln:8934567.00001.0", {}};
    complete.biz_step = "commissioning";
    epcis::Event no_stage = complete;
    no_stage.biz_step.reset();
    epcis::Event bare;
    const auto q = CaptureQuality({complete, no_stage, no_stage, bare});
    EXPECT_EQ(q.at("events").to_number<int>(), 4);
    EXPECT_EQ(q.at("complete").to_number<int>(), 1);
    EXPECT_EQ(q.at("missing"), (boost::json::object{{"location_code", 1}, {"product_code", 1}, {"stage", 3}}));
}

}  // namespace
}  // namespace txng::service
