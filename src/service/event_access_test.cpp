#include "service/event_access.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <random>

#include "epcis/document_io.hpp"
#include "registry/records.hpp"

namespace txng::service {
namespace {

namespace fs = std::filesystem;

epcis::Event EventWithPrivateFields() {
    auto loaded = epcis::LoadDocument(
        R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://example.vn/"}],)"
        R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-06-01T00:00:00Z","epcisBody":{"eventList":[)"
        R"({"type":"ObjectEvent","eventTime":"2026-06-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00",)"
        R"("epcList":["https://id.gs1.org/01/08934567000123/21/1"],"action":"OBSERVE","bizStep":"shipping",)"
        R"("bizLocation":{"id":"https://id.gs1.org/414/8934567000017"},)"
        R"("bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:8934567000017:PO-1"}],)"
        R"("sourceList":[{"type":"owning_party","source":"https://id.gs1.org/417/8934567000017"}],)"
        R"("destinationList":[{"type":"owning_party","destination":"https://id.gs1.org/417/8930001000018"}],)"
        R"("ex:price":"12000"}]}})");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().ToString());
    return loaded ? loaded->document.events.front() : epcis::Event{};
}

class EventAccessTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-event-access-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        auto opened = store::OpenRegistry("sqlite:" + (dir_ / "r.db").string());
        ASSERT_TRUE(opened) << opened.error().ToString();
        registry_ = std::move(*opened);
    }
    void TearDown() override {
        registry_.reset();
        fs::remove_all(dir_);
    }
    fs::path dir_;
    std::unique_ptr<store::RegistryStore> registry_;
};

TEST_F(EventAccessTest, ThePublicSeesEveryEventWithoutItsPrivateFields) {
    EventAccess access(*registry_, registry::Anonymous());
    epcis::Event e = EventWithPrivateFields();
    ASSERT_FALSE(e.extensions.empty());
    auto sight = access.See(e);
    ASSERT_TRUE(sight);
    EXPECT_EQ(*sight, EventAccess::Sight::kRedacted);
    auto shown = access.Apply(e);
    ASSERT_TRUE(shown && *shown);
    EXPECT_TRUE(e.biz_transaction_list.empty());
    EXPECT_TRUE(e.source_list.empty());
    EXPECT_TRUE(e.destination_list.empty());
    EXPECT_FALSE(e.present.biz_transaction_list || e.present.source_list || e.present.destination_list);
    EXPECT_TRUE(e.extensions.empty());
    // What the consumer needs stays: what, where, when, why.
    EXPECT_EQ(e.epc_list.size(), 1u);
    ASSERT_TRUE(e.biz_location.has_value());
    EXPECT_EQ(e.biz_step.value_or(""), EventWithPrivateFields().biz_step.value_or("-"));
}

TEST_F(EventAccessTest, OwnersChooseWhichExtensionsOthersSee) {
    // The event happens at A's farm; A keeps one namespace private and lets the rest be seen.
    auto a = registry::DecodeEnterprise(boost::json::parse(
        R"({"taxCode":"0314409058","name":{"vi":"Công ty A"},"address":{"street":"1 Lê Lợi","provinceCode":"79"},)"
        R"("gs1CompanyPrefixes":["8934567"],"privateExtensions":["https://example.vn/private/"]})"));
    ASSERT_TRUE(a) << a.error().ToString();
    ASSERT_TRUE(registry_->CreateEnterprise(*a, store::AuditEntry{}));
    epcis::Event e = EventWithPrivateFields();
    e.extensions.push_back({"https://example.vn/private/", "priv", "margin", {.text = "7%"}});
    e.ilmd = epcis::Extensions{{"urn:epcglobal:cbv:mda", "cbvmda", "lotNumber", {.text = "L1"}},
                               {"https://example.vn/private/", "priv", "supplierCode", {.text = "S-9"}},
                               {"https://example.vn/", "ex", "variety", {.text = "Robusta"}}};
    EventAccess access(*registry_, registry::Anonymous());
    auto shown = access.Apply(e);
    ASSERT_TRUE(shown && *shown);
    ASSERT_EQ(e.extensions.size(), 1u);
    EXPECT_EQ(e.extensions[0].name, "price") << "public: the owner did not mark it private";
    ASSERT_EQ(e.ilmd->size(), 2u);
    EXPECT_EQ((*e.ilmd)[0].name, "lotNumber");
    EXPECT_EQ((*e.ilmd)[1].name, "variety");
    EXPECT_TRUE(e.biz_transaction_list.empty()) << "parties and transactions stay private whatever the owner says";
    // Without a word from the owner (the default, or no owner), every extension is private.
    epcis::Event unowned = EventWithPrivateFields();
    unowned.biz_location = epcis::Location{"https://id.gs1.org/414/8939999000000", {}};
    ASSERT_TRUE(access.Apply(unowned).value());
    EXPECT_TRUE(unowned.extensions.empty());
    EXPECT_TRUE(registry::ExtensionIsPrivate({"*"}, "https://example.vn/"));
    EXPECT_FALSE(registry::ExtensionIsPrivate({}, "https://example.vn/"));
}

TEST_F(EventAccessTest, NationalRolesSeeEverythingAndStrangersNothing) {
    registry::Principal admin = registry::CommandLine();
    EventAccess national(*registry_, admin);
    EXPECT_TRUE(national.SeesEverything());
    EXPECT_EQ(national.See(EventWithPrivateFields()).value(), EventAccess::Sight::kFull);
    // An enterprise with no registered prefix owns none of the event's codes or places.
    registry::Principal stranger;
    stranger.role = registry::Role::kEnterprise;
    stranger.subject = "0314409058";
    stranger.actor = "k1";
    EventAccess access(*registry_, stranger);
    EXPECT_EQ(access.See(EventWithPrivateFields()).value(), EventAccess::Sight::kHidden);
    EXPECT_FALSE(access.Owns("https://id.gs1.org/414/8934567000017").value());
}

TEST_F(EventAccessTest, JobsAreSeenByTheirCapturerAndItsEnterprise) {
    registry::Principal a;
    a.role = registry::Role::kEnterprise;
    a.subject = "0314409058";
    a.actor = "key1";
    store::CaptureJob own;
    own.captured_by = CapturedBy(a);
    EXPECT_EQ(own.captured_by, "enterprise|key1|0314409058");
    store::CaptureJob sibling;  // another key of the same enterprise
    sibling.captured_by = "enterprise|user:hoa|0314409058";
    store::CaptureJob other;
    other.captured_by = "enterprise|key3|0101234565";
    store::CaptureJob national;
    national.captured_by = "national-sync|key4|";
    store::CaptureJob provider_of_a;  // another role naming the same enterprise
    provider_of_a.captured_by = "provincial-system|key5|0314409058";
    EventAccess access(*registry_, a);
    EXPECT_TRUE(access.SeesJob(own));
    EXPECT_TRUE(access.SeesJob(sibling));
    EXPECT_FALSE(access.SeesJob(other));
    EXPECT_FALSE(access.SeesJob(national));
    EXPECT_FALSE(access.SeesJob(provider_of_a));
    EXPECT_TRUE(EventAccess(*registry_, registry::CommandLine()).SeesJob(other));
    EXPECT_FALSE(EventAccess(*registry_, registry::Anonymous()).SeesJob(own));
}

TEST(QueryOwnerTest, NamedQueriesBelongToTheTenantNotTheKey) {
    registry::Principal a;
    a.role = registry::Role::kEnterprise;
    a.subject = "0314409058";
    a.actor = "key1";
    EXPECT_EQ(QueryOwner(a), "enterprise|0314409058");
    registry::Principal a_user = a;  // another key or user of the same enterprise
    a_user.actor = "user:hoa";
    EXPECT_EQ(QueryOwner(a_user), QueryOwner(a));
    registry::Principal household = a;  // the same tax code in another role is another tenant
    household.role = registry::Role::kHousehold;
    EXPECT_EQ(QueryOwner(household), "household|0314409058");
    registry::Principal provider;
    provider.role = registry::Role::kSolutionProvider;
    provider.subject = "7900123455";
    provider.acts_for = {"0314409058"};
    EXPECT_EQ(QueryOwner(provider), "solution-provider|7900123455");
    registry::Principal certifier;
    certifier.role = registry::Role::kCertificationBody;
    certifier.subject = "0101234565";
    EXPECT_EQ(QueryOwner(certifier), "certification-body|0101234565");
    registry::Principal hcm;
    hcm.role = registry::Role::kProvincialAuthority;
    hcm.province = "79";
    EXPECT_EQ(QueryOwner(hcm), "provincial-authority|province:79");
    registry::Principal hcm_system = hcm;
    hcm_system.role = registry::Role::kProvincialSystem;
    EXPECT_EQ(QueryOwner(hcm_system), "provincial-system|province:79");
    registry::Principal sync;
    sync.role = registry::Role::kNationalSync;
    EXPECT_EQ(QueryOwner(sync), "national");
    EXPECT_EQ(QueryOwner(registry::CommandLine()), "national");
    EXPECT_EQ(QueryOwner(registry::Anonymous()), "consumer");
}

TEST(QueryOwnerTest, NationalRolesSeeEveryQueryOthersTheirTenantsOnly) {
    registry::Principal a;
    a.role = registry::Role::kEnterprise;
    a.subject = "0314409058";
    registry::Principal hcm;
    hcm.role = registry::Role::kProvincialAuthority;
    hcm.province = "79";
    EXPECT_TRUE(SeesQuery(a, "enterprise|0314409058"));
    EXPECT_FALSE(SeesQuery(a, "enterprise|0101234565"));
    EXPECT_FALSE(SeesQuery(a, "national"));
    EXPECT_FALSE(SeesQuery(a, "provincial-authority|province:79"));
    EXPECT_TRUE(SeesQuery(hcm, "provincial-authority|province:79"));
    EXPECT_FALSE(SeesQuery(hcm, "provincial-authority|province:01"));
    EXPECT_FALSE(SeesQuery(hcm, "enterprise|0314409058"));  // not even its province's enterprises'
    EXPECT_TRUE(SeesQuery(registry::CommandLine(), "enterprise|0314409058"));
    EXPECT_TRUE(SeesQuery(registry::CommandLine(), "national"));
    EXPECT_FALSE(SeesQuery(registry::Anonymous(), "national"));
}

}  // namespace
}  // namespace txng::service
