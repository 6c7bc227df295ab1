// The storage contract (store/store.hpp), run unchanged against every backend.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <random>
#include <thread>

#include "epcis/document_io.hpp"
#include "epcis/query.hpp"
#include "store/store.hpp"
#include "tests/support/shared_dir.hpp"

namespace txng::store {
namespace {

namespace fs = std::filesystem;

struct Backend {
    std::string name;
    // Opens a fresh store in `dir` (or the same one again, for reopen tests).
    std::function<Result<std::unique_ptr<EventStore>>(const fs::path& dir, const OpenOptions&)> open;
};

std::vector<Backend> Backends() {
    return {Backend{"sqlite", [](const fs::path& dir, const OpenOptions& options) {
                        return OpenStore("sqlite:" + (dir / "store.db").string(), options);
                    }}};
}

epcis::DateTime T(std::string_view text) { return epcis::DateTime::Parse(text).value(); }

// A small JSON-LD document with `n` ObjectEvents observing one SGTIN each.
std::string ObjectEvents(int n, int first_serial = 1, std::string_view biz_step = "shipping",
                         std::string_view event_time = "2026-03-01T08:00:00.000+07:00") {
    std::string events;
    for (int i = 0; i < n; ++i) {
        if (i) events += ",";
        events += R"({"type":"ObjectEvent","eventTime":")" + std::string(event_time) +
                  R"(","eventTimeZoneOffset":"+07:00","epcList":["urn:epc:id:sgtin:8934567.000123.)" +
                  std::to_string(first_serial + i) + R"("],"action":"OBSERVE","bizStep":")" + std::string(biz_step) +
                  R"(","readPoint":{"id":"urn:epc:id:sgln:8934567.00001.0"}})";
    }
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
           R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)" +
           events + "]}}";
}

CaptureRequest RequestFrom(std::string_view text, CaptureErrorBehaviour behaviour = CaptureErrorBehaviour::kRollback) {
    auto loaded = epcis::LoadDocument(text);
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().ToString());
    if (!loaded) return CaptureRequest{};
    return CaptureRequestFrom(loaded->document, behaviour);
}

epcis::EventQuery Query(std::vector<epcis::QueryParam> params) {
    auto q = epcis::ParseEventQuery(params, {});
    EXPECT_TRUE(q) << (q ? "" : q.error().ToString());
    return q ? *q : epcis::EventQuery{};
}

class StoreContractTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-store-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        Open();
    }
    void TearDown() override {
        if (store_) store_->Close();
        store_.reset();
        fs::remove_all(dir_);
    }
    void Open(std::size_t max_queued_events = OpenOptions{}.max_queued_events) {
        OpenOptions options;
        options.clock = [this] { return now_; };
        options.max_queued_events = max_queued_events;
        auto s = GetParam().open(dir_, options);
        ASSERT_TRUE(s) << s.error().ToString();
        store_ = std::move(*s);
    }
    CaptureJob Capture(CaptureRequest request) {
        auto job = store_->CaptureSync(std::move(request));
        EXPECT_TRUE(job) << (job ? "" : job.error().ToString());
        return job ? *job : CaptureJob{};
    }
    std::vector<StoredEvent> All(const epcis::EventQuery& q, std::size_t per_page = 1000) {
        std::vector<StoredEvent> out;
        PageRequest page{per_page, ""};
        for (int guard = 0; guard < 100000; ++guard) {
            auto r = store_->QueryEvents(q, page);
            EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
            if (!r) break;
            for (auto& e : r->events) out.push_back(std::move(e));
            if (r->next_cursor.empty()) break;
            page.cursor = r->next_cursor;
        }
        return out;
    }

    fs::path dir_;
    epcis::DateTime now_ = T("2026-03-02T00:00:00.000Z");
    std::unique_ptr<EventStore> store_;
};

TEST_P(StoreContractTest, CaptureGivesHashIdAndRecordTime) {
    const auto job = Capture(RequestFrom(ObjectEvents(3)));
    EXPECT_TRUE(job.success);
    EXPECT_EQ(job.stored, 3u);
    EXPECT_EQ(job.event_count, 3u);
    const auto events = All(Query({}));
    ASSERT_EQ(events.size(), 3u);
    for (const auto& e : events) {
        EXPECT_EQ(e.event_id.rfind("ni:///sha-256;", 0), 0u) << e.event_id;
        EXPECT_EQ(e.record_time, now_);
        auto back = store_->GetEvent(e.event_id);
        ASSERT_TRUE(back) << back.error().ToString();
        EXPECT_EQ(back->event.epc_list, e.event.epc_list);
        EXPECT_EQ(back->event.event_id, e.event_id);
    }
    auto missing = store_->GetEvent("urn:uuid:00000000-0000-4000-8000-000000000000");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, SameEventTwiceIsANoOpAndOtherContentIsAConflict) {
    EXPECT_EQ(Capture(RequestFrom(ObjectEvents(2))).stored, 2u);
    const auto again = Capture(RequestFrom(ObjectEvents(2)));
    EXPECT_TRUE(again.success);
    EXPECT_EQ(again.stored, 0u);
    EXPECT_EQ(again.duplicates, 2u);

    // The same explicit eventID with other content.
    auto first = RequestFrom(ObjectEvents(1, 100));
    first.events[0].event_id = "urn:uuid:11111111-1111-4111-8111-111111111111";
    EXPECT_EQ(Capture(std::move(first)).stored, 1u);
    auto other = RequestFrom(ObjectEvents(1, 200));
    other.events[0].event_id = "urn:uuid:11111111-1111-4111-8111-111111111111";
    const auto conflict = Capture(std::move(other));
    EXPECT_FALSE(conflict.success);
    ASSERT_EQ(conflict.errors.size(), 1u);
    EXPECT_EQ(conflict.errors[0].error.code, ErrorCode::kConflict);
    EXPECT_EQ(conflict.errors[0].index, 0u);
    EXPECT_EQ(All(Query({})).size(), 3u);
}

TEST_P(StoreContractTest, RollbackStoresNothingAndProceedStoresTheRest) {
    auto existing = RequestFrom(ObjectEvents(1, 1));
    existing.events[0].event_id = "urn:uuid:22222222-2222-4222-8222-222222222222";
    Capture(std::move(existing));

    auto make = [&](CaptureErrorBehaviour b) {
        auto r = RequestFrom(ObjectEvents(5, 10), b);
        r.events[2].event_id = "urn:uuid:22222222-2222-4222-8222-222222222222";  // conflicts
        return r;
    };
    const auto rolled_back = Capture(make(CaptureErrorBehaviour::kRollback));
    EXPECT_FALSE(rolled_back.success);
    EXPECT_EQ(rolled_back.stored, 0u);
    EXPECT_EQ(rolled_back.errors.size(), 1u);
    EXPECT_EQ(All(Query({})).size(), 1u);

    const auto proceeded = Capture(make(CaptureErrorBehaviour::kProceed));
    EXPECT_FALSE(proceeded.success);
    EXPECT_EQ(proceeded.stored, 4u);
    ASSERT_EQ(proceeded.errors.size(), 1u);
    EXPECT_EQ(proceeded.errors[0].index, 2u);
    EXPECT_EQ(All(Query({})).size(), 5u);

    // Both jobs are kept, with their errors.
    auto job = store_->GetCaptureJob(rolled_back.capture_id);
    ASSERT_TRUE(job) << job.error().ToString();
    EXPECT_FALSE(job->success);
    ASSERT_EQ(job->errors.size(), 1u);
    EXPECT_EQ(job->errors[0].error.rule, "capture.event_id_conflict");
    EXPECT_EQ(job->behaviour, CaptureErrorBehaviour::kRollback);
    auto jobs = store_->ListCaptureJobs(PageRequest{2, ""});
    ASSERT_TRUE(jobs);
    ASSERT_EQ(jobs->jobs.size(), 2u);
    EXPECT_EQ(jobs->jobs[0].capture_id, proceeded.capture_id);  // newest first
    ASSERT_FALSE(jobs->next_cursor.empty());
    auto rest = store_->ListCaptureJobs(PageRequest{2, jobs->next_cursor});
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->jobs.size(), 1u);
    EXPECT_TRUE(rest->next_cursor.empty());
    EXPECT_EQ(store_->GetCaptureJob("nope").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, RepeatsWithinOneJobAreDuplicatesOrConflicts) {
    // Events 0 and 1 are the same event; event 3 reuses event 2's eventID with other content.
    auto make = [&](CaptureErrorBehaviour b) {
        auto r = RequestFrom(ObjectEvents(4, 40), b);
        r.events[1] = r.events[0];
        r.events[3].event_id = "urn:uuid:33333333-3333-4333-8333-333333333333";
        r.events[2].event_id = r.events[3].event_id;
        // Master data sent with the job: stored only when the job is.
        epcis::Vocabulary v;
        v.type = "urn:epcglobal:epcis:vtype:BusinessLocation";
        epcis::VocabularyElement site;
        site.id = "urn:epc:id:sgln:8934567.00002.0";
        site.children = {"urn:epc:id:sgln:8934567.00002.1"};
        v.elements.push_back(site);
        r.master_data.push_back(v);
        return r;
    };
    const auto site = epcis::CanonicalIdentifier("urn:epc:id:sgln:8934567.00002.0");

    const auto rolled_back = Capture(make(CaptureErrorBehaviour::kRollback));
    EXPECT_FALSE(rolled_back.success);
    EXPECT_EQ(rolled_back.stored, 0u);
    EXPECT_EQ(rolled_back.duplicates, 0u);
    ASSERT_EQ(rolled_back.errors.size(), 1u);
    EXPECT_EQ(rolled_back.errors[0].index, 3u);
    EXPECT_EQ(rolled_back.errors[0].error.rule, "capture.event_id_conflict");
    EXPECT_EQ(All(Query({})).size(), 0u);
    auto closure = store_->LocationClosure(site);
    ASSERT_TRUE(closure);
    EXPECT_EQ(closure->size(), 1u) << "a rolled-back job's master data is not stored";

    const auto proceeded = Capture(make(CaptureErrorBehaviour::kProceed));
    EXPECT_FALSE(proceeded.success);
    EXPECT_EQ(proceeded.stored, 2u);
    EXPECT_EQ(proceeded.duplicates, 1u);
    ASSERT_EQ(proceeded.errors.size(), 1u);
    EXPECT_EQ(proceeded.errors[0].index, 3u);
    const auto stored = All(Query({}));
    ASSERT_EQ(stored.size(), 2u);
    auto by_id = store_->GetEvent("urn:uuid:33333333-3333-4333-8333-333333333333");
    ASSERT_TRUE(by_id) << by_id.error().ToString();
    ASSERT_EQ(by_id->event.epc_list.size(), 1u);
    EXPECT_NE(by_id->event.epc_list[0].find("8934567.000123.42"), std::string::npos) << "the first of the two is kept";
    closure = store_->LocationClosure(site);
    ASSERT_TRUE(closure);
    EXPECT_EQ(closure->size(), 2u);
}

TEST_P(StoreContractTest, EventsAfterReadsEveryEventOnceInCommitOrder) {
    Capture(RequestFrom(ObjectEvents(5, 1)));
    Capture(RequestFrom(ObjectEvents(3, 100)));
    std::vector<StoredEvent> all;
    std::int64_t after = 0;
    for (;;) {
        auto page = store_->EventsAfter(after, 2);
        ASSERT_TRUE(page) << page.error().ToString();
        if (page->empty()) break;
        EXPECT_LE(page->size(), 2u);
        for (auto& e : *page) {
            EXPECT_GT(e.seq, after);
            after = e.seq;
            all.push_back(std::move(e));
        }
    }
    ASSERT_EQ(all.size(), 8u);
    EXPECT_EQ(all[0].event.epc_list, std::vector<std::string>{"urn:epc:id:sgtin:8934567.000123.1"});
    EXPECT_EQ(all[5].event.epc_list, std::vector<std::string>{"urn:epc:id:sgtin:8934567.000123.100"});
    std::vector<std::int64_t> seqs;
    for (const auto& e : all) seqs.push_back(e.seq);
    seqs.push_back(after + 1000);  // not stored
    auto ids = store_->EventIdsOf(seqs);
    ASSERT_TRUE(ids) << ids.error().ToString();
    ASSERT_EQ(ids->size(), 9u);
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ((*ids)[i], all[i].event_id);
    EXPECT_EQ(ids->back(), "");
    // Later captures continue after the last seq read.
    Capture(RequestFrom(ObjectEvents(1, 500)));
    auto more = store_->EventsAfter(after, 100);
    ASSERT_TRUE(more);
    ASSERT_EQ(more->size(), 1u);
    EXPECT_EQ(more->front().event.epc_list, std::vector<std::string>{"urn:epc:id:sgtin:8934567.000123.500"});
}

TEST_P(StoreContractTest, IdentifiersMatchInEveryForm) {
    Capture(RequestFrom(ObjectEvents(3, 1)));
    // The URN as captured, its Digital Link on GS1's host and on a brand's host.
    for (const std::string value : {"urn:epc:id:sgtin:8934567.000123.2", "https://id.gs1.org/01/08934567001236/21/2",
                                    "https://qr.example.vn/01/08934567001236/21/2"}) {
        const auto found = All(Query({{"MATCH_epc", {value}}}));
        ASSERT_EQ(found.size(), 1u) << value;
        EXPECT_EQ(found[0].event.epc_list[0], "urn:epc:id:sgtin:8934567.000123.2");
    }
    EXPECT_EQ(All(Query({{"MATCH_epc", {"urn:epc:idpat:sgtin:8934567.000123.*"}}})).size(), 3u);
    EXPECT_EQ(All(Query({{"MATCH_anyEPC", {"urn:epc:id:sgtin:8934567.000123.1", "urn:epc:id:sgtin:8934567.000123.3"}}}))
                  .size(),
              2u);
    EXPECT_EQ(All(Query({{"MATCH_parentID", {"urn:epc:id:sgtin:8934567.000123.1"}}})).size(), 0u);
    EXPECT_EQ(All(Query({{"MATCH_epc", {"urn:epc:id:sgtin:8934567.000123.99"}}})).size(), 0u);
    EXPECT_EQ(All(Query({{"EQ_readPoint", {"https://id.gs1.org/414/8934567000017"}}})).size(), 3u);
}

TEST_P(StoreContractTest, PaginationVisitsEveryEventOnceInOrder) {
    Capture(RequestFrom(ObjectEvents(250, 1, "shipping", "2026-03-01T08:00:00.000+07:00")));
    Capture(RequestFrom(ObjectEvents(50, 1000, "receiving", "2026-03-02T08:00:00.000+07:00")));
    const auto all = All(Query({}), 7);
    ASSERT_EQ(all.size(), 300u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].seq, all[i].seq);

    const auto desc = All(Query({{"orderBy", {"eventTime"}}}), 13);
    ASSERT_EQ(desc.size(), 300u);
    EXPECT_EQ(desc.front().event.biz_step, "receiving");
    for (std::size_t i = 1; i < desc.size(); ++i) EXPECT_GE(desc[i - 1].event.event_time, desc[i].event.event_time);
    const auto asc = All(Query({{"orderBy", {"eventTime"}}, {"orderDirection", {"ASC"}}}), 13);
    ASSERT_EQ(asc.size(), 300u);
    EXPECT_EQ(asc.front().event.biz_step, "shipping");

    const auto receiving = All(Query({{"EQ_bizStep", {"receiving"}}}), 9);
    EXPECT_EQ(receiving.size(), 50u);
    const auto limited = All(Query({{"orderBy", {"eventTime"}}, {"eventCountLimit", {"20"}}}), 6);
    EXPECT_EQ(limited.size(), 20u);

    auto too_large = store_->QueryEvents(Query({{"maxEventCount", {"100"}}}), PageRequest{10, ""});
    ASSERT_FALSE(too_large);
    EXPECT_EQ(too_large.error().code, ErrorCode::kTooLarge);
    auto fits = store_->QueryEvents(Query({{"maxEventCount", {"300"}}}), PageRequest{10, ""});
    ASSERT_TRUE(fits) << fits.error().ToString();
    EXPECT_EQ(fits->events.size(), 10u);

    auto bad = store_->QueryEvents(Query({}), PageRequest{10, "garbage"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreContractTest, TimeRangesAreExact) {
    Capture(RequestFrom(ObjectEvents(1, 1, "shipping", "2026-03-01T08:00:00.000+07:00")));
    Capture(RequestFrom(ObjectEvents(1, 2, "shipping", "2026-03-01T08:00:00.001+07:00")));
    EXPECT_EQ(All(Query({{"GE_eventTime", {"2026-03-01T01:00:00.001Z"}}})).size(), 1u);
    EXPECT_EQ(All(Query({{"LT_eventTime", {"2026-03-01T01:00:00.001Z"}}})).size(), 1u);
    EXPECT_EQ(All(Query({{"LT_eventTime", {"2026-03-01T01:00:00Z"}}})).size(), 0u);
    EXPECT_EQ(All(Query({{"GE_recordTime", {"2026-03-02T00:00:00Z"}}})).size(), 2u);
}

TEST_P(StoreContractTest, NamedQueries) {
    NamedQuery q{"recalled", R"({"EQ_disposition":["recalled"]})", T("2026-03-01T00:00:00Z"), "national"};
    ASSERT_TRUE(store_->CreateNamedQuery(q));
    auto again = store_->CreateNamedQuery(q);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    auto got = store_->GetNamedQuery("recalled");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->query_json, q.query_json);
    ASSERT_EQ(store_->ListNamedQueries()->size(), 1u);
    auto deleted = store_->DeleteNamedQuery("recalled", std::nullopt);
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->query_json, q.query_json);
    EXPECT_EQ(store_->DeleteNamedQuery("recalled", std::nullopt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_->GetNamedQuery("recalled").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, NamedQueriesKeepTheirOwnerAndOnlyItDeletesThemByOwner) {
    NamedQuery a{"shipped", R"({"EQ_bizStep":["shipping"]})", T("2026-03-01T00:00:00Z"), "enterprise|0314409058"};
    NamedQuery b{"received", R"({"EQ_bizStep":["receiving"]})", T("2026-03-01T00:00:01Z"),
                 "provincial-authority|province:79"};
    ASSERT_TRUE(store_->CreateNamedQuery(a));
    ASSERT_TRUE(store_->CreateNamedQuery(b));
    // Names are one namespace: another owner cannot take a name that exists.
    auto taken = store_->CreateNamedQuery(NamedQuery{"shipped", "{}", T("2026-03-01T00:00:02Z"), "national"});
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
    auto got = store_->GetNamedQuery("shipped");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->owner, a.owner);
    EXPECT_EQ(got->query_json, a.query_json);
    auto list = store_->ListNamedQueries();
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].name, "received");
    EXPECT_EQ((*list)[0].owner, b.owner);
    EXPECT_EQ((*list)[1].owner, a.owner);
    // Deleting by another owner is as for an unknown name, and leaves the query.
    auto refused = store_->DeleteNamedQuery("shipped", std::string_view("enterprise|0101234565"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(store_->GetNamedQuery("shipped"));
    auto deleted = store_->DeleteNamedQuery("shipped", std::string_view(a.owner));
    ASSERT_TRUE(deleted) << deleted.error().ToString();
    EXPECT_EQ(deleted->owner, a.owner);
    EXPECT_EQ(deleted->name, "shipped");
    EXPECT_EQ(store_->GetNamedQuery("shipped").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(store_->DeleteNamedQuery("received", std::nullopt));
}

TEST_P(StoreContractTest, ReadsSeeEveryCommittedWrite) {
    // One read leaves nothing open that would pin later reads to an old snapshot.
    ASSERT_TRUE(store_->CreateNamedQuery(NamedQuery{"q", "{}", T("2026-03-01T00:00:00Z"), "national"}));
    ASSERT_TRUE(store_->GetNamedQuery("q"));
    const auto job = Capture(RequestFrom(ObjectEvents(1, 42)));
    ASSERT_EQ(job.stored, 1u);
    ASSERT_TRUE(store_->GetCaptureJob(job.capture_id));
    EXPECT_EQ(All(Query({{"MATCH_epc", {"urn:epc:id:sgtin:8934567.000123.42"}}})).size(), 1u);
    ASSERT_TRUE(store_->DeleteNamedQuery("q", std::nullopt));
    EXPECT_EQ(store_->GetNamedQuery("q").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(store_->GetCaptureJob(job.capture_id));
    Capture(RequestFrom(ObjectEvents(1, 43)));
    EXPECT_EQ(All(Query({{"MATCH_epc", {"urn:epc:id:sgtin:8934567.000123.43"}}})).size(), 1u);
}

TEST_P(StoreContractTest, VocabulariesListWhatWasCaptured) {
    Capture(RequestFrom(ObjectEvents(2, 1, "shipping")));
    Capture(RequestFrom(ObjectEvents(1, 5, "receiving")));
    auto steps = store_->ListVocabulary(VocabularyKind::kBizStep, 10, "");
    ASSERT_TRUE(steps);
    EXPECT_EQ(*steps, (std::vector<std::string>{"https://ref.gs1.org/cbv/BizStep-receiving",
                                                "https://ref.gs1.org/cbv/BizStep-shipping"}));
    auto types = store_->ListVocabulary(VocabularyKind::kEventType, 10, "");
    ASSERT_TRUE(types);
    EXPECT_EQ(*types, std::vector<std::string>{"ObjectEvent"});
    auto epcs = store_->ListVocabulary(VocabularyKind::kEpc, 2, "");
    ASSERT_TRUE(epcs);
    EXPECT_EQ(epcs->size(), 2u);
    auto more = store_->ListVocabulary(VocabularyKind::kEpc, 10, epcs->back());
    ASSERT_TRUE(more);
    EXPECT_EQ(more->size(), 1u);
}

TEST_P(StoreContractTest, WithDescendantsFollowsTheMasterDataHierarchy) {
    // A master-data hierarchy: a warehouse with two docks.
    CaptureRequest md;
    epcis::Vocabulary v;
    v.type = "urn:epcglobal:epcis:vtype:BusinessLocation";
    epcis::VocabularyElement warehouse;
    warehouse.id = "urn:epc:id:sgln:8934567.00001.0";
    warehouse.children = {"urn:epc:id:sgln:8934567.00001.1", "urn:epc:id:sgln:8934567.00001.2"};
    v.elements.push_back(warehouse);
    md.master_data.push_back(v);
    Capture(std::move(md));
    auto dock = RequestFrom(ObjectEvents(1, 1));
    dock.events[0].biz_location = epcis::Location{"urn:epc:id:sgln:8934567.00001.2", {}};
    Capture(std::move(dock));
    auto elsewhere = RequestFrom(ObjectEvents(1, 2));
    elsewhere.events[0].biz_location = epcis::Location{"urn:epc:id:sgln:8934567.00009.0", {}};
    Capture(std::move(elsewhere));

    EXPECT_EQ(All(Query({{"WD_bizLocation", {"urn:epc:id:sgln:8934567.00001.0"}}})).size(), 1u);
    EXPECT_EQ(All(Query({{"EQ_bizLocation", {"urn:epc:id:sgln:8934567.00001.0"}}})).size(), 0u);
    auto closure = store_->LocationClosure(epcis::CanonicalIdentifier("urn:epc:id:sgln:8934567.00001.0"));
    ASSERT_TRUE(closure);
    EXPECT_EQ(closure->size(), 3u);
}

TEST_P(StoreContractTest, MasterDataIsFoundUnderItsCanonicalId) {
    CaptureRequest md;
    auto text = [](std::string id, std::string value) {
        epcis::VocabularyAttribute a;
        a.id = std::move(id);
        a.value.kind = epcis::ExtensionValue::Kind::kString;
        a.value.text = std::move(value);
        return a;
    };
    epcis::Vocabulary places;
    places.type = "urn:epcglobal:epcis:vtype:BusinessLocation";
    epcis::VocabularyElement store;
    store.id = "urn:epc:id:sgln:8934567.00003.0";
    store.attributes = {text("urn:epcglobal:cbv:mda#name", "Cửa hàng Hạ Long"),
                        text("urn:epcglobal:cbv:mda#state", "Tỉnh Quảng Ninh")};
    places.elements.push_back(store);
    epcis::Vocabulary classes;
    classes.type = "urn:epcglobal:epcis:vtype:EPCClass";
    epcis::VocabularyElement by_pattern;
    by_pattern.id = "urn:epc:idpat:sgtin:8934567.012345.*";
    by_pattern.attributes = {text("urn:epcglobal:cbv:mda#descriptionShort", "Nước mắm 500 ml")};
    epcis::VocabularyElement by_link;
    by_link.id = "https://brand.example.vn/01/08934567000017?linkType=all";
    by_link.attributes = {text("urn:epcglobal:cbv:mda#descriptionShort", "Gạo 5 kg")};
    classes.elements = {by_pattern, by_link};
    md.master_data = {places, classes};
    Capture(std::move(md));

    const std::string place = epcis::CanonicalIdentifier("https://id.gs1.org/414/8934567000031");
    EXPECT_EQ(MasterDataId(places.type, "urn:epc:id:sgln:8934567.00003.0"), place);
    auto found =
        store_->GetMasterData(places.type, {place, epcis::CanonicalIdentifier("urn:epc:id:sgln:8934567.00009.0")});
    ASSERT_TRUE(found) << found.error().ToString();
    ASSERT_EQ(found->size(), 1u) << "unknown ids are left out";
    EXPECT_EQ((*found)[0].id, place);
    ASSERT_EQ((*found)[0].attributes.size(), 2u);
    EXPECT_EQ((*found)[0].attributes[0].first, "urn:epcglobal:cbv:mda#name");
    EXPECT_EQ((*found)[0].attributes[0].second, "Cửa hàng Hạ Long");
    EXPECT_EQ((*found)[0].attributes[1].second, "Tỉnh Quảng Ninh");

    // The GTIN of an sgtin pattern and of a Digital Link on any host, as canonical Digital Links.
    found = store_->GetMasterData(classes.type,
                                  {"https://id.gs1.org/01/08934567123457", "https://id.gs1.org/01/08934567000017"});
    ASSERT_TRUE(found) << found.error().ToString();
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].attributes.at(0).second, "Nước mắm 500 ml");
    EXPECT_EQ((*found)[1].attributes.at(0).second, "Gạo 5 kg");
    found = store_->GetMasterData(places.type, {"https://id.gs1.org/01/08934567123457"});
    ASSERT_TRUE(found);
    EXPECT_TRUE(found->empty()) << "looked up in its own vocabulary only";
}

TEST_P(StoreContractTest, ConcurrentCapturesAllLand) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 25;
    std::vector<std::thread> threads;
    std::atomic<int> stored{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                auto job = store_->CaptureSync(RequestFrom(ObjectEvents(10, 10'000 * (t + 1) + i * 10)));
                if (job && job->success) stored += static_cast<int>(job->stored);
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(stored.load(), kThreads * kPerThread * 10);
    EXPECT_EQ(All(Query({})).size(), static_cast<std::size_t>(kThreads * kPerThread * 10));
    auto stats = store_->Stats();
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->events, static_cast<std::uint64_t>(kThreads * kPerThread * 10));
}

// Submit: every job is accepted (running, "no errors so far") before it finishes; with a queue
// of 8 events, submitters wait for room or are told to retry (store.queue_full), and nothing is
// lost. Half of the submitters wait for their job to finish, the others only for its acceptance
// (like an HTTP client that sends its next document once it has its 202).
TEST_P(StoreContractTest, SubmittedJobsAreAcceptedThenFinishUnderBackpressure) {
    store_->Close();
    store_.reset();
    Open(/*max_queued_events=*/8);
    constexpr int kThreads = 4;
    constexpr int kPerThread = 20;
    std::atomic<int> accepted{0}, finished{0}, stored{0}, out_of_order{0}, retries{0}, bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                for (;;) {
                    auto seen = std::make_shared<std::atomic<bool>>(false);
                    auto admitted = std::make_shared<std::promise<bool>>();  // true: accepted
                    auto done = std::make_shared<std::promise<void>>();
                    auto admitted_future = admitted->get_future();
                    auto future = done->get_future();
                    EventStore::CaptureCallbacks cb;
                    cb.accepted = [&, seen, admitted](Result<CaptureJob> j) {
                        if (j && j->running && j->success) ++accepted;
                        if (!j && j.error().rule != "store.queue_full") ++bad;
                        *seen = true;
                        admitted->set_value(j.has_value());
                    };
                    cb.finished = [&, seen, done](Result<CaptureJob> j) {
                        if (!*seen) ++out_of_order;
                        if (j && !j->running && j->success) {
                            ++finished;
                            stored += static_cast<int>(j->stored);
                        }
                        done->set_value();
                    };
                    store_->Submit(RequestFrom(ObjectEvents(3, 100'000 * (t + 1) + i * 3)), std::move(cb));
                    if (!admitted_future.get()) {
                        ++retries;
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                        continue;
                    }
                    if (t % 2 == 0 || i == kPerThread - 1) future.wait();
                    break;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    store_->Close();  // finishes whatever is still queued
    RecordProperty("retries", retries.load());
    EXPECT_EQ(bad.load(), 0);
    EXPECT_EQ(accepted.load(), kThreads * kPerThread);
    EXPECT_EQ(out_of_order.load(), 0);
    EXPECT_EQ(finished.load(), kThreads * kPerThread);
    EXPECT_EQ(stored.load(), kThreads * kPerThread * 3);
    store_.reset();
    Open();
    EXPECT_EQ(All(Query({})).size(), static_cast<std::size_t>(kThreads * kPerThread * 3));
}

// Submitters that do not wait: past the queue's room and as many events again waiting, jobs are
// refused at once (store.queue_full) and nothing of them is stored; every other job lands.
TEST_P(StoreContractTest, AFullQueueRefusesJobsWholly) {
    store_->Close();
    store_.reset();
    Open(/*max_queued_events=*/4);
    constexpr int kJobs = 60;
    std::atomic<int> finished{0}, refused{0}, landed{0}, bad{0};
    std::mutex mu;
    std::condition_variable cv;
    for (int i = 0; i < kJobs; ++i) {
        EventStore::CaptureCallbacks cb;
        cb.finished = [&](Result<CaptureJob> j) {
            if (!j) {
                if (j.error().rule == "store.queue_full" && j.error().code == ErrorCode::kUnavailable) {
                    ++refused;
                } else {
                    ++bad;
                }
            } else if (!j->running && j->success && j->stored == 3) {
                ++landed;
            } else {
                ++bad;
            }
            std::lock_guard lock(mu);
            ++finished;
            cv.notify_all();
        };
        store_->Submit(RequestFrom(ObjectEvents(3, 500'000 + i * 3)), std::move(cb));
    }
    {
        std::unique_lock lock(mu);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return finished.load() == kJobs; }));
    }
    EXPECT_EQ(bad.load(), 0);
    EXPECT_EQ(landed.load() + refused.load(), kJobs);
    RecordProperty("refused", refused.load());
    EXPECT_EQ(All(Query({})).size(), static_cast<std::size_t>(landed.load()) * 3);
}

TEST_P(StoreContractTest, DataSurvivesReopen) {
    Capture(RequestFrom(ObjectEvents(5)));
    store_->Close();
    store_.reset();
    Open();
    EXPECT_EQ(All(Query({})).size(), 5u);
    // And captures continue after reopening, interning the same identifiers again.
    EXPECT_EQ(Capture(RequestFrom(ObjectEvents(5, 3))).stored, 2u);
    EXPECT_EQ(All(Query({{"MATCH_epc", {"urn:epc:id:sgtin:8934567.000123.4"}}})).size(), 1u);
}

// Whatever a backend keeps to find stored eventIDs quickly (the SQLite writer keeps a filter that
// it sizes and rebuilds as the store grows), every stored event is found again: as a duplicate,
// or as a conflict under its eventID, also after a reopen.
TEST_P(StoreContractTest, EveryStoredEventIsFoundAgainAmongMany) {
    constexpr int kJobs = 24;
    constexpr int kPerJob = 1000;
    for (int j = 0; j < kJobs; ++j)
        ASSERT_EQ(Capture(RequestFrom(ObjectEvents(kPerJob, 1 + j * kPerJob))).stored, 1000u);
    for (int j : {0, 7, kJobs - 1}) {
        const auto again = Capture(RequestFrom(ObjectEvents(kPerJob, 1 + j * kPerJob)));
        EXPECT_TRUE(again.success);
        EXPECT_EQ(again.stored, 0u) << "job " << j;
        EXPECT_EQ(again.duplicates, 1000u) << "job " << j;
    }
    // Half old, half new: only the new half is stored.
    const auto half = Capture(RequestFrom(ObjectEvents(kPerJob, 1 + kJobs * kPerJob - 500)));
    EXPECT_EQ(half.duplicates, 500u);
    EXPECT_EQ(half.stored, 500u);
    store_->Close();
    store_.reset();
    Open();
    const auto before = All(Query({})).size();
    EXPECT_EQ(before, static_cast<std::size_t>(kJobs * kPerJob + 500));
    // The first event stored, under its hash eventID, with other content: a conflict.
    const auto first = All(Query({{"MATCH_epc", {"urn:epc:id:sgtin:8934567.000123.1"}}}));
    ASSERT_EQ(first.size(), 1u);
    auto other = RequestFrom(ObjectEvents(1, 999'999));
    other.events[0].event_id = first[0].event_id;
    const auto conflict = Capture(std::move(other));
    EXPECT_FALSE(conflict.success);
    ASSERT_EQ(conflict.errors.size(), 1u);
    EXPECT_EQ(conflict.errors[0].error.code, ErrorCode::kConflict);
    // Duplicates after the reopen too: the last of the first jobs again.
    const auto again = Capture(RequestFrom(ObjectEvents(kPerJob, 1 + (kJobs - 1) * kPerJob)));
    EXPECT_EQ(again.duplicates, 1000u);
    EXPECT_EQ(All(Query({})).size(), before);
}

TEST_P(StoreContractTest, CaptureAfterCloseFails) {
    store_->Close();
    auto r = store_->CaptureSync(RequestFrom(ObjectEvents(1)));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST_P(StoreContractTest, EveryValidConformanceDocumentIsStoredAndFound) {
    TXNG_REQUIRE_SHARED();
    std::size_t expected = 0;
    for (const auto* folder : {"conformance/epcis/valid-json", "conformance/epcis/valid-xml",
                               "conformance/epcis/valid-json-openepcis", "conformance/epcis/valid-xml-openepcis"}) {
        for (const auto& file : testing::SharedFiles(folder, {".json", ".jsonld", ".xml"})) {
            auto loaded = epcis::LoadDocument(testing::ReadFile(file));
            if (!loaded) continue;  // the conformance test covers the verdicts
            auto request = RequestFrom(testing::ReadFile(file), CaptureErrorBehaviour::kProceed);
            const auto job = Capture(std::move(request));
            expected += job.stored;
            EXPECT_EQ(job.stored + job.duplicates + job.errors.size(), job.event_count) << file;
        }
    }
    EXPECT_GE(expected, 90u);
    const auto all = All(Query({}), 100);
    EXPECT_EQ(all.size(), expected);
    // Every stored event is found again by its eventID and by one of its identifiers.
    for (const auto& e : all) {
        ASSERT_TRUE(store_->GetEvent(e.event_id)) << e.event_id;
        const auto ids = epcis::EventIdentifiers(e.event);
        if (ids.empty()) continue;
        const auto found = All(Query({{"MATCH_anyEPC", {ids[0].canonical}}, {"EQ_eventID", {e.event_id}}}));
        EXPECT_EQ(found.size(), ids[0].role >= epcis::kRoleQuantity ? 0u : 1u) << e.event_id << " " << ids[0].canonical;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& p) { return p.param.name; });

}  // namespace
}  // namespace txng::store
