#include "service/scan_log.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "common/log.hpp"
#include "gs1/check_digit.hpp"
#include "registry/records.hpp"
#include "registry/tax_code.hpp"

namespace txng::service {
namespace {

namespace fs = std::filesystem;
using store::Scan;
using store::Signal;
using store::StampStatus;

// The stamp store's clock: stamps change status at kNow.
constexpr std::string_view kNow = "2025-09-01T10:00:00.000Z";
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;

std::int64_t NowMs() { return epcis::DateTime::Parse(kNow)->UnixMillis(); }

std::string Gtin(std::string_view thirteen) { return gs1::AppendCheckDigit(thirteen).value(); }

std::string TaxCode(std::string_view nine) {
    return std::string(nine) + static_cast<char>('0' + registry::TaxCodeCheckDigit(nine));
}

const std::string kGtin = Gtin("0893000000001");          // registered, under prefix 8930000
const std::string kUnregistered = Gtin("0893000000002");  // same prefix, no product

// A stamp store that forwards to a real one, and can fail or hold up some calls.
class TestStamps final : public store::StampStore {
  public:
    explicit TestStamps(store::StampStore& inner) : inner_(inner) {}

    std::atomic<int> fail_add_scans{0};  // fail this many AddScans calls
    std::atomic<int> fail_get_stamp{0};  // fail this many GetStamp calls
    std::atomic<int> add_scans_entered{0};

    void Close() {
        std::lock_guard lock(mu_);
        closed_ = true;
    }
    void Open() {
        {
            std::lock_guard lock(mu_);
            closed_ = false;
        }
        cv_.notify_all();
    }

    Result<store::StampBatch> CreateBatch(const store::StampBatch& b) override { return inner_.CreateBatch(b); }
    Result<std::vector<std::string>> AddStamps(std::int64_t batch, const std::vector<store::Stamp>& s) override {
        return inner_.AddStamps(batch, s);
    }
    Result<store::StampBatch> FinishBatch(std::int64_t batch, std::string_view state, std::string_view error) override {
        return inner_.FinishBatch(batch, state, error);
    }
    Result<store::StampBatch> GetBatch(std::int64_t id) override { return inner_.GetBatch(id); }
    Result<std::vector<store::StampBatch>> ListBatches(std::string_view owner, std::int64_t after_id,
                                                       std::size_t limit) override {
        return inner_.ListBatches(owner, after_id, limit);
    }
    Result<std::vector<store::Stamp>> StampsOf(std::int64_t batch, std::int64_t after, std::size_t limit) override {
        return inner_.StampsOf(batch, after, limit);
    }
    Result<store::Stamp> GetStamp(std::string_view gtin, std::string_view serial) override {
        if (fail_get_stamp > 0) {
            --fail_get_stamp;
            return MakeError(ErrorCode::kUnavailable, "", "test.down", "down");
        }
        return inner_.GetStamp(gtin, serial);
    }
    Result<std::vector<store::Stamp>> Transition(const store::StampSelection& selection,
                                                 std::span<const StampStatus> from, StampStatus to,
                                                 std::string_view lot) override {
        return inner_.Transition(selection, from, to, lot);
    }
    Result<void> AddScans(const std::vector<Scan>& scans) override {
        ++add_scans_entered;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return !closed_; });
        }
        if (fail_add_scans > 0) {
            --fail_add_scans;
            return MakeError(ErrorCode::kUnavailable, "", "test.down", "down");
        }
        return inner_.AddScans(scans);
    }
    Result<std::vector<Scan>> ScansOf(std::string_view gtin, std::string_view serial, std::int64_t since_ms,
                                      std::size_t limit) override {
        return inner_.ScansOf(gtin, serial, since_ms, limit);
    }
    Result<std::vector<std::string>> ProvincesScanned(std::string_view gtin, std::string_view serial,
                                                      std::int64_t since_ms) override {
        return inner_.ProvincesScanned(gtin, serial, since_ms);
    }
    Result<std::int64_t> ScanCount() override { return inner_.ScanCount(); }
    Result<Signal> RaiseSignal(const Signal& signal) override { return inner_.RaiseSignal(signal); }
    Result<std::vector<Signal>> ListSignals(const store::SignalFilter& filter) override {
        return inner_.ListSignals(filter);
    }
    Result<store::Complaint> AddComplaint(const store::Complaint& complaint) override {
        return inner_.AddComplaint(complaint);
    }
    Result<std::vector<store::Complaint>> ListComplaints(const store::SignalFilter& filter) override {
        return inner_.ListComplaints(filter);
    }

  private:
    store::StampStore& inner_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool closed_ = false;
};

class ScanLogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-scan-log-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        const std::string url = "sqlite:" + (dir_ / "store.db").string();
        store::StampOpenOptions options;
        options.clock = [] { return epcis::DateTime::Parse(kNow).value(); };
        auto s = store::OpenStampStore(url, options);
        ASSERT_TRUE(s) << s.error().ToString();
        inner_ = std::move(*s);
        stamps_ = std::make_unique<TestStamps>(*inner_);
        auto r = store::OpenRegistry(url);
        ASSERT_TRUE(r) << r.error().ToString();
        registry_ = std::move(*r);

        owner_ = TaxCode("030000123");
        registry::Enterprise e;
        e.tax_code = owner_;
        e.kind = registry::EnterpriseKind::kCooperative;
        e.name = {"Hợp tác xã Nông nghiệp Xuân Trường", "Xuan Truong Agricultural Cooperative"};
        e.address = {"Thôn Trường Thọ", "24805", "68", ""};
        e.prefixes = {{"8930000", false}};
        ASSERT_TRUE(registry::NormalizeEnterprise(e));
        auto created = registry_->CreateEnterprise(e, Audit("enterprise.create", e.tax_code));
        ASSERT_TRUE(created) << created.error().ToString();

        registry::Product p;
        p.gtin = kGtin;
        p.owner = owner_;
        p.name = {"Chè Ô long Cầu Đất", "Cau Dat oolong tea"};
        p.origin_country = "VN";
        ASSERT_TRUE(registry::NormalizeProduct(p));
        auto product = registry_->CreateProduct(p, Audit("product.create", p.gtin));
        ASSERT_TRUE(product) << product.error().ToString();
    }

    void TearDown() override {
        registry_.reset();
        stamps_.reset();
        inner_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    static store::AuditEntry Audit(std::string action, std::string resource) {
        store::AuditEntry a;
        a.actor = "cli";
        a.actor_role = "admin";
        a.action = std::move(action);
        a.resource = std::move(resource);
        a.province = "68";
        return a;
    }

    // Stamps S1..Sn of kGtin, issued; returns the batch id.
    std::int64_t AddStamps(int n) {
        store::StampBatch b;
        b.owner = owner_;
        b.province = "68";
        b.gtin = kGtin;
        b.count = n;
        b.created_by = "cli";
        auto batch = inner_->CreateBatch(b);
        EXPECT_TRUE(batch) << batch.error().ToString();
        std::vector<store::Stamp> stamps;
        for (int i = 1; i <= n; ++i) stamps.push_back(store::Stamp{kGtin, "S" + std::to_string(i), batch->id, i});
        auto added = inner_->AddStamps(batch->id, stamps);
        EXPECT_TRUE(added && added->empty());
        return batch->id;
    }

    void Move(std::int64_t batch, std::string serial, StampStatus from, StampStatus to) {
        const std::array<StampStatus, 1> froms{from};
        auto r = inner_->Transition(store::StampSelection{batch, 0, 0, {std::move(serial)}}, froms, to, "");
        ASSERT_TRUE(r) << r.error().ToString();
    }

    std::vector<Signal> Signals(std::string_view kind = {}) {
        auto all = inner_->ListSignals(store::SignalFilter{.limit = 1000});
        EXPECT_TRUE(all);
        std::vector<Signal> out;
        for (auto& s : *all) {
            if (kind.empty() || s.kind == kind) out.push_back(std::move(s));
        }
        return out;
    }

    // Serials the trace index would know.
    SerialKnown Known() {
        return [this](std::string_view gtin, std::string_view serial) -> Result<bool> {
            ++known_calls_;
            return gtin == kGtin && known_.contains(std::string(serial));
        };
    }

    static Scan At(std::string gtin, std::string serial, std::int64_t at_ms, std::string province = "") {
        return Scan{std::move(gtin), std::move(serial), at_ms,    std::move(province),
                    std::nullopt,    std::nullopt,      "browser"};
    }

    fs::path dir_;
    std::unique_ptr<store::StampStore> inner_;
    std::unique_ptr<TestStamps> stamps_;
    std::unique_ptr<store::RegistryStore> registry_;
    std::string owner_;
    std::set<std::string> known_;
    std::atomic<int> known_calls_{0};
};

TEST_F(ScanLogTest, ScansAreStoredAfterFlush) {
    ScanLog scan_log(*stamps_, *registry_, Known());
    scan_log.Start();
    Scan first = At(kGtin, "S1", NowMs(), "48");
    first.latitude = 16.1;
    first.longitude = 108.2;
    first.client = "app";
    EXPECT_TRUE(scan_log.Record(first));
    EXPECT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() + 1000)));
    EXPECT_TRUE(scan_log.Record(At(kGtin, "S2", NowMs())));
    EXPECT_FALSE(scan_log.Record(At(kGtin, "", NowMs())));  // not a serialised code
    scan_log.Flush();
    EXPECT_EQ(*inner_->ScanCount(), 3);
    auto s1 = inner_->ScansOf(kGtin, "S1", 0, 10);
    ASSERT_TRUE(s1);
    ASSERT_EQ(s1->size(), 2u);
    EXPECT_EQ((*s1)[0].province, "48");
    EXPECT_EQ((*s1)[0].latitude, 16.1);
    EXPECT_EQ((*s1)[0].client, "app");
    EXPECT_EQ((*s1)[1].at_ms, NowMs() + 1000);
    const auto stats = scan_log.stats();
    EXPECT_EQ(stats.recorded, 3u);
    EXPECT_EQ(stats.stored, 3u);
    EXPECT_EQ(stats.dropped, 0u);
    EXPECT_EQ(stats.lost, 0u);
}

TEST_F(ScanLogTest, TheWriterStoresWithoutBeingAskedToFlush) {
    ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.flush_every = std::chrono::milliseconds(10)});
    scan_log.Start();
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs())));
    for (int i = 0; i < 500 && scan_log.stats().stored == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(scan_log.stats().stored, 1u);
}

TEST_F(ScanLogTest, ScansPastMaxQueueAreDroppedAndCounted) {
    ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.max_queue = 3});
    for (int i = 0; i < 5; ++i) EXPECT_EQ(scan_log.Record(At(kGtin, "S1", NowMs() + i)), i < 3) << i;
    auto stats = scan_log.stats();
    EXPECT_EQ(stats.recorded, 3u);
    EXPECT_EQ(stats.dropped, 2u);
    EXPECT_EQ(*inner_->ScanCount(), 0);  // nothing written before the writer runs
    scan_log.Flush();                    // without a writer: on this thread
    EXPECT_EQ(*inner_->ScanCount(), 3);
    EXPECT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() + 9)));  // room again
}

TEST_F(ScanLogTest, RecordDoesNotWaitForAStuckStore) {
    ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.max_queue = 4, .batch = 2});
    stamps_->Close();
    scan_log.Start();
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs())));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S2", NowMs())));
    for (int i = 0; i < 500 && stamps_->add_scans_entered == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(stamps_->add_scans_entered.load(), 1);  // the writer is stuck storing the first two
    const auto start = std::chrono::steady_clock::now();
    int accepted = 0;
    for (int i = 0; i < 1000; ++i) accepted += scan_log.Record(At(kGtin, "S3", NowMs() + i)) ? 1 : 0;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    EXPECT_EQ(accepted, 2);  // the two in flight count against max_queue
    EXPECT_EQ(scan_log.stats().dropped, 998u);
    stamps_->Open();
    scan_log.Flush();
    EXPECT_EQ(*inner_->ScanCount(), 4);
}

TEST_F(ScanLogTest, StopStoresWhatWasQueued) {
    {
        ScanLog scan_log(*stamps_, *registry_, Known());
        ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs())));
        scan_log.Stop();  // never started
        EXPECT_EQ(*inner_->ScanCount(), 1);
        EXPECT_FALSE(scan_log.Record(At(kGtin, "S1", NowMs())));
        EXPECT_EQ(scan_log.stats().dropped, 1u);
        scan_log.Stop();
    }
    {
        ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.flush_every = std::chrono::hours(1)});
        scan_log.Start();
        for (int i = 0; i < 10; ++i) ASSERT_TRUE(scan_log.Record(At(kGtin, "S2", NowMs() + i)));
    }  // the destructor stops
    EXPECT_EQ(*inner_->ScanCount(), 11);
}

TEST_F(ScanLogTest, AVoidedStampScannedAfterItsVoidingRaisesScannedAfterEnd) {
    const std::int64_t batch = AddStamps(4);
    Move(batch, "S1", StampStatus::kIssued, StampStatus::kVoided);  // at kNow
    Move(batch, "S2", StampStatus::kIssued, StampStatus::kActivated);
    Move(batch, "S3", StampStatus::kIssued, StampStatus::kActivated);
    Move(batch, "S3", StampStatus::kActivated, StampStatus::kSold);
    ScanLog scan_log(*stamps_, *registry_, Known());
    scan_log.Start();
    // Before the voiding, and scans of a live stamp: nothing.
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() - kMinute, "01")));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S2", NowMs() + kMinute, "01")));
    scan_log.Flush();
    EXPECT_TRUE(Signals().empty());

    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() + kMinute, "79")));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() + 2 * kMinute, "48")));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() - 2 * kMinute, "01")));  // late, from before the voiding
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S3", NowMs() + kMinute)));
    scan_log.Flush();
    const auto signals = Signals("scanned_after_end");
    ASSERT_EQ(signals.size(), 2u);
    const Signal& voided = signals[0].serial == "S1" ? signals[0] : signals[1];
    EXPECT_EQ(voided.gtin, kGtin);
    EXPECT_EQ(voided.count, 1);  // one per code per batch
    EXPECT_EQ(voided.owner, owner_);
    EXPECT_EQ(voided.owner_province, "68");
    EXPECT_EQ(voided.provinces, (std::vector<std::string>{"48", "79"}));
    EXPECT_EQ(voided.last_at, "2025-09-01T10:02:00.000Z");
    EXPECT_TRUE(voided.detail.starts_with("Tem đã bị hủy lúc 2025-09-01T10:00:00.000Z")) << voided.detail;
    EXPECT_NE(voided.detail.find("The stamp was voided"), std::string::npos) << voided.detail;
    EXPECT_NE(voided.detail.find("2 new scans"), std::string::npos) << voided.detail;
    const Signal& sold = signals[0].serial == "S3" ? signals[0] : signals[1];
    EXPECT_EQ(sold.serial, "S3");
    EXPECT_NE(sold.detail.find("The stamp was sold"), std::string::npos) << sold.detail;
    EXPECT_TRUE(Signals("unknown_serial").empty());
    EXPECT_EQ(scan_log.stats().signals, 2u);

    // Raised again by a later batch: counted up.
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs() + 3 * kMinute, "01")));
    scan_log.Flush();
    const auto again = Signals("scanned_after_end");
    const Signal& v2 = again[0].serial == "S1" ? again[0] : again[1];
    EXPECT_EQ(v2.count, 2);
    EXPECT_EQ(v2.provinces, (std::vector<std::string>{"01", "48", "79"}));
}

TEST_F(ScanLogTest, MoreThanMaxProvincesWithinTheWindowRaisesManyProvinces) {
    known_ = {"K1", "K2", "K3"};
    ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.max_provinces = 3});
    scan_log.Start();
    const std::int64_t t = NowMs();
    // K1: exactly 3 provinces (and scans that say nowhere): nothing.
    for (const char* p : {"01", "79", "48", "", "01", ""}) ASSERT_TRUE(scan_log.Record(At(kGtin, "K1", t, p)));
    // K2: 4 provinces, but one of them more than 24 hours before the latest scan: nothing.
    ASSERT_TRUE(scan_log.Record(At(kGtin, "K2", t - 25 * kHour, "92")));
    for (const char* p : {"01", "79", "48"}) ASSERT_TRUE(scan_log.Record(At(kGtin, "K2", t, p)));
    // K3: 4 provinces, over two batches.
    for (const char* p : {"01", "79", "48"}) ASSERT_TRUE(scan_log.Record(At(kGtin, "K3", t - 23 * kHour, p)));
    scan_log.Flush();
    EXPECT_TRUE(Signals().empty());

    ASSERT_TRUE(scan_log.Record(At(kGtin, "K3", t, "92")));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "K3", t + 1, "92")));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "K1", t + 1, "")));
    scan_log.Flush();
    const auto signals = Signals();
    ASSERT_EQ(signals.size(), 1u);
    EXPECT_EQ(signals[0].kind, "many_provinces");
    EXPECT_EQ(signals[0].serial, "K3");
    EXPECT_EQ(signals[0].count, 1);
    EXPECT_EQ(signals[0].owner, owner_);
    EXPECT_EQ(signals[0].owner_province, "68");
    EXPECT_EQ(signals[0].provinces, (std::vector<std::string>{"01", "48", "79", "92"}));
    EXPECT_TRUE(signals[0].detail.starts_with("Mã được quét ở 4 tỉnh")) << signals[0].detail;
    EXPECT_NE(signals[0].detail.find("scanned in 4 different provinces within 24 hours"), std::string::npos);
}

TEST_F(ScanLogTest, ASerialNobodyIssuedRaisesUnknownSerial) {
    AddStamps(1);     // S1 is a stamp
    known_ = {"E1"};  // named by an event
    ScanLog scan_log(*stamps_, *registry_, Known());
    scan_log.Start();
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs())));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "E1", NowMs())));
    ASSERT_TRUE(scan_log.Record(At(kUnregistered, "X1", NowMs())));  // not a registered product
    scan_log.Flush();
    EXPECT_TRUE(Signals().empty());
    EXPECT_EQ(known_calls_.load(), 1);  // asked only about E1

    ASSERT_TRUE(scan_log.Record(At(kGtin, "GUESS1", NowMs(), "79")));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "GUESS1", NowMs() + 1, "01")));
    scan_log.Flush();
    const auto signals = Signals();
    ASSERT_EQ(signals.size(), 1u);
    EXPECT_EQ(signals[0].kind, "unknown_serial");
    EXPECT_EQ(signals[0].gtin, kGtin);
    EXPECT_EQ(signals[0].serial, "GUESS1");
    EXPECT_EQ(signals[0].count, 1);
    EXPECT_EQ(signals[0].owner, owner_);
    EXPECT_EQ(signals[0].owner_province, "68");
    EXPECT_EQ(signals[0].provinces, (std::vector<std::string>{"01", "79"}));
    EXPECT_TRUE(signals[0].detail.starts_with("Số sê-ri chưa từng được cấp")) << signals[0].detail;
    EXPECT_NE(signals[0].detail.find("A serial never issued"), std::string::npos);
}

TEST_F(ScanLogTest, WithoutTheTraceIndexUnknownSerialIsNeverRaised) {
    ScanLog scan_log(*stamps_, *registry_, SerialKnown{});
    ASSERT_TRUE(scan_log.Record(At(kGtin, "GUESS1", NowMs())));
    scan_log.Flush();
    EXPECT_TRUE(Signals().empty());
}

TEST_F(ScanLogTest, AFailingStoreIsRetriedAndNothingIsLost) {
    std::ostringstream lines;
    log::SetOutputForTesting(&lines);
    stamps_->fail_add_scans = 2;
    stamps_->fail_get_stamp = 1;
    ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.flush_every = std::chrono::milliseconds(5)});
    scan_log.Start();
    ASSERT_TRUE(scan_log.Record(At(kGtin, "GUESS1", NowMs())));
    ASSERT_TRUE(scan_log.Record(At(kGtin, "GUESS2", NowMs())));
    scan_log.Flush();
    EXPECT_EQ(*inner_->ScanCount(), 2);
    const auto signals = Signals("unknown_serial");
    ASSERT_EQ(signals.size(), 2u);   // the code whose judging failed was judged again
    EXPECT_EQ(signals[0].count, 1);  // and the other one not raised twice
    EXPECT_EQ(signals[1].count, 1);
    const auto stats = scan_log.stats();
    EXPECT_EQ(stats.stored, 2u);
    EXPECT_EQ(stats.lost, 0u);
    EXPECT_EQ(stats.signals, 2u);
    scan_log.Stop();
    log::SetOutputForTesting(nullptr);
    EXPECT_NE(lines.str().find("storing scans failed"), std::string::npos) << lines.str();
    EXPECT_NE(lines.str().find("judging scans failed"), std::string::npos) << lines.str();
}

TEST_F(ScanLogTest, AStoreThatKeepsFailingLosesTheBatchButFlushReturns) {
    std::ostringstream lines;
    log::SetOutputForTesting(&lines);
    stamps_->fail_add_scans = 1000;
    ScanLog scan_log(*stamps_, *registry_, Known(),
                     ScanLogOptions{.flush_every = std::chrono::milliseconds(1), .retries = 3});
    scan_log.Start();
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs())));
    scan_log.Flush();
    EXPECT_EQ(stamps_->add_scans_entered.load(), 4);
    const auto stats = scan_log.stats();
    EXPECT_EQ(stats.lost, 1u);
    EXPECT_EQ(stats.stored, 0u);
    stamps_->fail_add_scans = 0;
    ASSERT_TRUE(scan_log.Record(At(kGtin, "S1", NowMs())));
    scan_log.Flush();
    EXPECT_EQ(*inner_->ScanCount(), 1);
    scan_log.Stop();
    log::SetOutputForTesting(nullptr);
    EXPECT_NE(lines.str().find("scans lost"), std::string::npos) << lines.str();
}

TEST_F(ScanLogTest, BatchesAreSplitAndEveryScanIsStored) {
    ScanLog scan_log(*stamps_, *registry_, Known(), ScanLogOptions{.batch = 7});
    scan_log.Start();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 250; ++i) {
                EXPECT_TRUE(scan_log.Record(At(kGtin, "T" + std::to_string(t), NowMs() + i)));
            }
        });
    }
    for (auto& t : threads) t.join();
    scan_log.Flush();
    EXPECT_EQ(*inner_->ScanCount(), 1000);
    EXPECT_EQ(scan_log.stats().stored, 1000u);
}

TEST(ClientClassTest, SortsUserAgents) {
    EXPECT_EQ(ClientClass(""), "other");
    EXPECT_EQ(ClientClass("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                          "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
              "browser");
    EXPECT_EQ(ClientClass("Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) "
                          "Chrome/120.0 Mobile Safari/537.36"),
              "browser");
    EXPECT_EQ(ClientClass("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"), "bot");
    EXPECT_EQ(ClientClass("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"), "bot");
    EXPECT_EQ(ClientClass("WhatsApp/2.23.20.0"), "bot");
    EXPECT_EQ(ClientClass("curl/8.5.0"), "bot");
    EXPECT_EQ(ClientClass("Wget/1.21.3"), "bot");
    EXPECT_EQ(ClientClass("python-requests/2.31.0"), "bot");
    EXPECT_EQ(ClientClass("Go-http-client/1.1"), "bot");
    EXPECT_EQ(ClientClass("txng-app/1.2 (Android 14)"), "app");
    EXPECT_EQ(ClientClass("Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
                          "Chrome/120.0 Mobile Safari/537.36 Zalo android/12010684 ZaloTheme/light"),
              "app");
    EXPECT_EQ(ClientClass("SomethingElse/1.0"), "other");
}

TEST(PlaceOfTest, TakesAProvinceAndCoarseCoordinatesOnlyWhenValid) {
    auto p = PlaceOf("79", "10.7769,106.7009");
    EXPECT_EQ(p.province, "79");
    ASSERT_TRUE(p.latitude && p.longitude);
    EXPECT_DOUBLE_EQ(*p.latitude, 10.8);
    EXPECT_DOUBLE_EQ(*p.longitude, 106.7);

    EXPECT_EQ(PlaceOf(" 48 ", "").province, "48");
    EXPECT_EQ(PlaceOf("49", "").province, "48");  // Quảng Nam (before 2025) is part of Đà Nẵng
    EXPECT_EQ(PlaceOf("26", "").province, "25");  // Vĩnh Phúc -> Phú Thọ
    EXPECT_EQ(PlaceOf("99", "").province, "");    // no such code
    EXPECT_EQ(PlaceOf("7", "").province, "");
    EXPECT_EQ(PlaceOf("079", "").province, "");
    EXPECT_EQ(PlaceOf("Hà Nội", "").province, "");

    // Geo-Position's form: "lat;lon" with parameters after.
    auto g = PlaceOf("", "21.0285;105.8542;epu=50");
    EXPECT_EQ(g.province, "");
    ASSERT_TRUE(g.latitude && g.longitude);
    EXPECT_DOUBLE_EQ(*g.latitude, 21.0);
    EXPECT_DOUBLE_EQ(*g.longitude, 105.9);
    auto south = PlaceOf("", " -0.04 , +179.96 ");
    ASSERT_TRUE(south.latitude && south.longitude);
    EXPECT_DOUBLE_EQ(*south.latitude, 0.0);
    EXPECT_FALSE(std::signbit(*south.latitude));
    EXPECT_DOUBLE_EQ(*south.longitude, 180.0);

    for (const char* bad : {"", "10.7", "91,100", "10,181", "-90.5,0", "abc,def", "10.7,106.7,5", "nan,1", "1,inf",
                            "1e2,5", "10.7, ", ",106.7", "0x10,5", "10.7 106.7"}) {
        const auto b = PlaceOf("", bad);
        EXPECT_FALSE(b.latitude.has_value()) << bad;
        EXPECT_FALSE(b.longitude.has_value()) << bad;
    }
}

}  // namespace
}  // namespace txng::service
