#include "service/trace_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "epcis/document_io.hpp"
#include "epcis/query.hpp"

namespace txng::service {
namespace {

namespace fs = std::filesystem;

store::CaptureRequest Observations(int first, int n) {
    std::string events;
    for (int i = 0; i < n; ++i) {
        if (i) events += ",";
        events +=
            R"({"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",)"
            R"("epcList":["urn:epc:id:sgtin:8934567.000123.)" +
            std::to_string(first + i) +
            R"("],"action":"OBSERVE","bizStep":"receiving","bizLocation":{"id":"urn:epc:id:sgln:8934567.00001.0"}})";
    }
    auto loaded = epcis::LoadDocument(
        R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
        R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)" +
        events + "]}}");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().ToString());
    return store::CaptureRequestFrom(loaded->document, store::CaptureErrorBehaviour::kRollback);
}

class TraceServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-trace-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        auto s = store::OpenStore("sqlite:" + (dir_ / "store.db").string(), {});
        ASSERT_TRUE(s) << s.error().ToString();
        store_ = std::move(*s);
    }
    void TearDown() override {
        if (store_) store_->Close();
        store_.reset();
        fs::remove_all(dir_);
    }
    std::size_t Count(TraceService& service) {
        std::size_t n = 0;
        auto r = service.Read([&](const trace::TraceIndex& ix) { n = ix.event_count(); });
        EXPECT_TRUE(r) << r.error().ToString();
        return n;
    }
    fs::path dir_;
    std::unique_ptr<store::EventStore> store_;
};

TEST_F(TraceServiceTest, LoadsEverythingStoredThenCatchesUpOnEveryRead) {
    ASSERT_TRUE(store_->CaptureSync(Observations(1, 250)));
    TraceService service(*store_, {.batch = 100});  // several batches
    auto early = service.Read([](const trace::TraceIndex&) {});
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(early.error().rule, "trace.loading");
    ASSERT_TRUE(service.LoadNow());
    EXPECT_EQ(Count(service), 250u);
    EXPECT_TRUE(service.Status().loaded);
    EXPECT_EQ(service.Status().events, 250u);
    EXPECT_GT(service.Status().memory_bytes, 0u);

    ASSERT_TRUE(store_->CaptureSync(Observations(1000, 3)));
    EXPECT_EQ(Count(service), 253u) << "a read sees every capture committed before it";
    std::vector<std::int64_t> seqs;
    ASSERT_TRUE(service.Read([&](const trace::TraceIndex& ix) {
        const std::string dl = epcis::CanonicalIdentifier("urn:epc:id:sgtin:8934567.000123.1001");
        ASSERT_TRUE(dl.starts_with("https://id.gs1.org/01/"));
        auto n = ix.Find(dl);
        ASSERT_TRUE(n) << "found by its Digital Link";
        for (auto e : ix.EventsOf(*n)) seqs.push_back(ix.Event(e).seq);
    }));
    ASSERT_EQ(seqs.size(), 1u);
    auto ids = service.EventIds(seqs);
    ASSERT_TRUE(ids);
    ASSERT_EQ(ids->size(), 1u);
    EXPECT_TRUE((*ids)[0].starts_with("ni:///sha-256;")) << "the event's hash ID";
}

TEST_F(TraceServiceTest, LoadsInTheBackground) {
    ASSERT_TRUE(store_->CaptureSync(Observations(1, 50)));
    TraceService service(*store_);
    service.Start();
    for (int i = 0; i < 5000 && !service.Status().loaded; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(service.Status().loaded);
    EXPECT_EQ(Count(service), 50u);
}

}  // namespace
}  // namespace txng::service
