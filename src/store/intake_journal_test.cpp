#include "store/intake_journal.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <random>

#include "epcis/document_io.hpp"
#include "epcis/query.hpp"
#include "store/store.hpp"

namespace txng::store {
namespace {

namespace fs = std::filesystem;

class IntakeJournalTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-journal-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::unique_ptr<IntakeJournal> Open(std::uint64_t segment_bytes = IntakeJournal::kSegmentBytes) {
        auto j = IntakeJournal::Open(dir_ / "j", false, segment_bytes);
        EXPECT_TRUE(j) << j.error().ToString();
        return j ? std::move(*j) : nullptr;
    }
    std::vector<fs::path> SegmentFiles() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(dir_ / "j")) out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }
    fs::path dir_;
};

IntakeRecord Record(std::string id, std::size_t events) {
    IntakeRecord r;
    r.capture_id = std::move(id);
    r.created_at = "2026-12-01T10:00:00.000Z";
    r.behaviour = "proceed";
    r.captured_by = "hợp tác xã Lục Ngạn";
    for (std::size_t i = 0; i < events; ++i) r.events.push_back("{\"n\":" + std::to_string(i) + "}");
    return r;
}

TEST(IntakeRecordTest, RoundTripsEveryField) {
    IntakeRecord r = Record("abc", 3);
    r.master_data = "{\"md\":true}";
    r.events.push_back(std::string("\0binary\xff", 8));
    auto back = DecodeIntakeRecord(EncodeIntakeRecord(r));
    ASSERT_TRUE(back) << back.error().ToString();
    EXPECT_EQ(back->capture_id, "abc");
    EXPECT_EQ(back->created_at, r.created_at);
    EXPECT_EQ(back->behaviour, "proceed");
    EXPECT_EQ(back->captured_by, r.captured_by);
    EXPECT_EQ(back->master_data, r.master_data);
    EXPECT_EQ(back->events, r.events);
}

TEST(IntakeRecordTest, TruncatedOrPaddedPayloadsAreErrors) {
    const std::string payload = EncodeIntakeRecord(Record("abc", 2));
    for (std::size_t cut = 0; cut < payload.size(); ++cut) {
        EXPECT_FALSE(DecodeIntakeRecord(payload.substr(0, cut))) << cut;
    }
    EXPECT_FALSE(DecodeIntakeRecord(payload + "x"));
}

TEST(IntakeRecordTest, Crc32MatchesTheStandardCheckValue) {
    EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
    EXPECT_EQ(Crc32(""), 0u);
    // Every length and alignment against the plain bitwise definition.
    std::string data;
    for (int i = 0; i < 300; ++i) data.push_back(static_cast<char>((i * 131 + 7) & 0xff));
    auto bitwise = [](std::string_view s) {
        std::uint32_t c = 0xffffffffu;
        for (unsigned char b : s) {
            c ^= b;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xffffffffu;
    };
    for (std::size_t offset = 0; offset < 9; ++offset) {
        for (std::size_t length = 0; offset + length <= data.size(); length += 13) {
            const std::string_view part = std::string_view(data).substr(offset, length);
            ASSERT_EQ(Crc32(part), bitwise(part)) << offset << " " << length;
        }
    }
}

TEST_F(IntakeJournalTest, RecordsComeBackInOrderAfterReopen) {
    {
        auto j = Open();
        ASSERT_TRUE(j->ReadAll());
        for (int i = 0; i < 5; ++i) ASSERT_TRUE(j->Append(FrameIntakeRecord(Record("job" + std::to_string(i), 2))));
    }
    auto j = Open();
    auto entries = j->ReadAll();
    ASSERT_TRUE(entries) << entries.error().ToString();
    ASSERT_EQ(entries->size(), 5u);
    for (int i = 0; i < 5; ++i) {
        auto r = DecodeIntakeRecord((*entries)[static_cast<std::size_t>(i)].payload);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->capture_id, "job" + std::to_string(i));
    }
}

TEST_F(IntakeJournalTest, ATornTailIsCutAndEarlierRecordsKept) {
    {
        auto j = Open();
        ASSERT_TRUE(j->ReadAll());
        ASSERT_TRUE(j->Append(FrameIntakeRecord(Record("kept", 1))));
        ASSERT_TRUE(j->Append(FrameIntakeRecord(Record("torn", 50))));
    }
    const auto files = SegmentFiles();
    ASSERT_EQ(files.size(), 1u);
    const auto full = fs::file_size(files[0]);
    fs::resize_file(files[0], full - 7);  // the process died half-way through the second append
    {
        auto j = Open();
        auto entries = j->ReadAll();
        ASSERT_TRUE(entries);
        ASSERT_EQ(entries->size(), 1u);
        EXPECT_EQ(DecodeIntakeRecord(entries->front().payload)->capture_id, "kept");
        // New records go after the intact ones, in a new segment.
        ASSERT_TRUE(j->Append(FrameIntakeRecord(Record("after", 1))));
    }
    auto j = Open();
    auto entries = j->ReadAll();
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ(DecodeIntakeRecord((*entries)[1].payload)->capture_id, "after");
}

TEST_F(IntakeJournalTest, ACorruptRecordEndsItsSegment) {
    {
        auto j = Open();
        ASSERT_TRUE(j->ReadAll());
        for (const char* id : {"one", "two", "three"}) ASSERT_TRUE(j->Append(FrameIntakeRecord(Record(id, 1))));
    }
    const auto file = SegmentFiles().front();
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::size_t first = 12 + EncodeIntakeRecord(Record("one", 1)).size();
    bytes[first + 20] ^= 0x55;  // a bit flip inside the second record's payload
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    auto j = Open();
    auto entries = j->ReadAll();
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ(fs::file_size(file), first);
}

TEST_F(IntakeJournalTest, SegmentsRotateAndAreReleased) {
    auto j = Open(/*segment_bytes=*/256);
    ASSERT_TRUE(j->ReadAll());
    std::vector<std::uint64_t> segments;
    for (int i = 0; i < 6; ++i) {
        auto s = j->Append(FrameIntakeRecord(Record("job" + std::to_string(i), 10)));
        ASSERT_TRUE(s);
        segments.push_back(*s);
    }
    EXPECT_GT(segments.back(), segments.front());
    EXPECT_EQ(SegmentFiles().size(), segments.back() - segments.front() + 1);
    j->ReleaseBefore(segments.back());
    EXPECT_EQ(SegmentFiles().size(), 1u);
    EXPECT_GT(j->Bytes(), 0u);
    j->ReleaseAll();
    EXPECT_EQ(j->Bytes(), 0u);
}

// The SQLite store applies, at open, journaled jobs that never reached the database, and only
// those.
class StoreRecoveryTest : public IntakeJournalTest {};

std::string Event(int serial) {
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent",)"
           R"("eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",)"
           R"("epcList":["urn:epc:id:sgtin:8934567.000123.)" +
           std::to_string(serial) + R"("],"action":"OBSERVE","bizStep":"shipping"})";
}

std::size_t Count(EventStore& store, const std::string& epc) {
    auto q = epcis::ParseEventQuery({{"MATCH_epc", {epc}}}, {});
    EXPECT_TRUE(q);
    auto page = store.QueryEvents(*q, PageRequest{100, ""});
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? page->events.size() : 0;
}

TEST_F(StoreRecoveryTest, JournaledJobsAreAppliedOnceAtOpen) {
    const fs::path db = dir_ / "store.db";
    IntakeRecord r;
    r.capture_id = "0123456789abcdef0123456789abcdef";
    r.created_at = "2026-12-01T10:00:00.000Z";
    r.behaviour = "rollback";
    r.captured_by = "test";
    r.events = {Event(1), Event(2)};
    auto write_journal = [&] {
        auto j = IntakeJournal::Open(fs::path(db.string() + "-intake"), false);
        ASSERT_TRUE(j);
        ASSERT_TRUE((*j)->ReadAll());
        ASSERT_TRUE((*j)->Append(FrameIntakeRecord(r)));
    };
    write_journal();
    {
        auto store = OpenStore("sqlite:" + db.string());
        ASSERT_TRUE(store) << store.error().ToString();
        auto job = (*store)->GetCaptureJob(r.capture_id);
        ASSERT_TRUE(job) << job.error().ToString();
        EXPECT_FALSE(job->running);
        EXPECT_TRUE(job->success);
        EXPECT_EQ(job->stored, 2u);
        EXPECT_EQ(Count(**store, "urn:epc:id:sgtin:8934567.000123.2"), 1u);
        (*store)->Close();
    }
    // The same record again (the process died after the commit, before the journal was
    // released): already in the store, so skipped.
    write_journal();
    auto store = OpenStore("sqlite:" + db.string());
    ASSERT_TRUE(store) << store.error().ToString();
    auto jobs = (*store)->ListCaptureJobs(PageRequest{10, ""});
    ASSERT_TRUE(jobs);
    EXPECT_EQ(jobs->jobs.size(), 1u);
    EXPECT_EQ(Count(**store, "urn:epc:id:sgtin:8934567.000123.1"), 1u);
    (*store)->Close();
}

TEST_F(StoreRecoveryTest, AcceptedJobsAreRunningThenFinishedAndTheJournalEmpties) {
    const fs::path db = dir_ / "store.db";
    auto store = OpenStore("sqlite:" + db.string());
    ASSERT_TRUE(store);
    std::string doc =
        R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
        R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)" +
        Event(7) + "]}}";
    auto loaded = epcis::LoadDocument(doc);
    ASSERT_TRUE(loaded) << loaded.error().ToString();
    std::promise<Result<CaptureJob>> accepted, finished;
    (*store)->Submit(CaptureRequestFrom(loaded->document),
                     EventStore::CaptureCallbacks{[&](Result<CaptureJob> j) { accepted.set_value(std::move(j)); },
                                                  [&](Result<CaptureJob> j) { finished.set_value(std::move(j)); }});
    auto a = accepted.get_future().get();
    ASSERT_TRUE(a) << a.error().ToString();
    EXPECT_TRUE(a->running);
    EXPECT_TRUE(a->success);  // "no errors so far"
    auto f = finished.get_future().get();
    ASSERT_TRUE(f) << f.error().ToString();
    EXPECT_FALSE(f->running);
    EXPECT_EQ(f->capture_id, a->capture_id);
    auto job = (*store)->GetCaptureJob(a->capture_id);
    ASSERT_TRUE(job);
    EXPECT_FALSE(job->running);
    EXPECT_EQ(Count(**store, "urn:epc:id:sgtin:8934567.000123.7"), 1u);
    (*store)->Close();
    std::uintmax_t journal_bytes = 0;
    for (const auto& e : fs::directory_iterator(db.string() + "-intake")) journal_bytes += fs::file_size(e.path());
    EXPECT_EQ(journal_bytes, 0u) << "every applied job is released from the journal";
}

}  // namespace
}  // namespace txng::store
