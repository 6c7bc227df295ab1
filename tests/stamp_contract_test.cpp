// The stamp storage contract (store/stamp_store.hpp), run unchanged against every backend.

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"

namespace txng::store {
namespace {

namespace fs = std::filesystem;

struct Backend {
    std::string name;
    std::function<Result<std::unique_ptr<StampStore>>(const fs::path& dir)> open;
    // The registry on the same database: the stamp tables live beside it.
    std::function<Result<std::unique_ptr<RegistryStore>>(const fs::path& dir)> open_registry;
};

std::vector<Backend> Backends() {
    return {Backend{"sqlite",
                    [](const fs::path& dir) { return OpenStampStore("sqlite:" + (dir / "store.db").string()); },
                    [](const fs::path& dir) { return OpenRegistry("sqlite:" + (dir / "store.db").string()); }}};
}

constexpr std::string_view kGtin = "08930000000019";

class StampContractTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("txng-stamp-contract-" + std::to_string(std::random_device{}()) + "-" + GetParam().name);
        fs::create_directories(dir_);
        auto s = GetParam().open(dir_);
        ASSERT_TRUE(s) << s.error().ToString();
        store_ = std::move(*s);
    }
    void TearDown() override {
        store_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    StampBatch NewBatch(std::int64_t count, std::string owner = "0101234567") {
        StampBatch b;
        b.owner = std::move(owner);
        b.province = "01";
        b.gtin = std::string(kGtin);
        b.count = count;
        b.created_by = "key-1";
        auto r = store_->CreateBatch(b);
        EXPECT_TRUE(r) << r.error().ToString();
        return r ? *r : b;
    }

    // Adds stamps S1..Sn to `batch`.
    void Fill(const StampBatch& batch, std::int64_t n, std::string_view prefix = "S") {
        std::vector<Stamp> stamps;
        for (std::int64_t i = 1; i <= n; ++i) {
            stamps.push_back(Stamp{batch.gtin, std::string(prefix) + std::to_string(i), batch.id, i});
        }
        auto r = store_->AddStamps(batch.id, stamps);
        ASSERT_TRUE(r) << r.error().ToString();
        EXPECT_TRUE(r->empty());
    }

    fs::path dir_;
    std::unique_ptr<StampStore> store_;
};

TEST_P(StampContractTest, BatchRoundTripsAndCountsItsStamps) {
    const StampBatch b = NewBatch(3);
    EXPECT_GT(b.id, 0);
    EXPECT_EQ(b.state, "generating");
    EXPECT_EQ(b.layout, "{}");
    EXPECT_FALSE(b.created_at.empty());
    Fill(b, 3);
    auto got = store_->GetBatch(b.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->generated, 3);
    EXPECT_EQ(got->owner, "0101234567");
    auto done = store_->FinishBatch(b.id, "ready", "");
    ASSERT_TRUE(done);
    EXPECT_EQ(done->state, "ready");
    EXPECT_FALSE(done->finished_at.empty());
    auto missing = store_->GetBatch(b.id + 100);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().rule, "stamp.batch_not_found");
}

TEST_P(StampContractTest, ATakenSerialIsRefusedAndTheRestAreAdded) {
    const StampBatch a = NewBatch(2);
    Fill(a, 2);
    const StampBatch b = NewBatch(2);
    auto r =
        store_->AddStamps(b.id, {Stamp{std::string(kGtin), "S1", b.id, 1}, Stamp{std::string(kGtin), "T2", b.id, 2}});
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ(r->front(), "S1");
    EXPECT_EQ(store_->GetBatch(b.id)->generated, 1);
    // The refused ordinal is still free for another serial.
    auto retry = store_->AddStamps(b.id, {Stamp{std::string(kGtin), "T1", b.id, 1}});
    ASSERT_TRUE(retry);
    EXPECT_TRUE(retry->empty());
    EXPECT_EQ(store_->GetBatch(b.id)->generated, 2);
    // S1 still belongs to the first batch.
    EXPECT_EQ(store_->GetStamp(kGtin, "S1")->batch, a.id);
}

TEST_P(StampContractTest, StampsArePagedInOrdinalOrder) {
    const StampBatch b = NewBatch(25);
    Fill(b, 25);
    std::vector<std::string> seen;
    std::int64_t after = 0;
    while (true) {
        auto page = store_->StampsOf(b.id, after, 10);
        ASSERT_TRUE(page);
        if (page->empty()) break;
        for (const auto& s : *page) {
            EXPECT_EQ(s.ordinal, after + 1);
            after = s.ordinal;
            seen.push_back(s.serial);
            EXPECT_EQ(s.status, StampStatus::kIssued);
        }
    }
    ASSERT_EQ(seen.size(), 25u);
    EXPECT_EQ(seen.front(), "S1");
    EXPECT_EQ(seen.back(), "S25");
}

TEST_P(StampContractTest, TransitionByRangeSetsTheLotAndIsAllOrNothing) {
    const StampBatch b = NewBatch(10);
    Fill(b, 10);
    constexpr std::array kFromIssued{StampStatus::kIssued};
    auto on = store_->Transition(StampSelection{b.id, 3, 5, {}}, kFromIssued, StampStatus::kActivated, "LOT-7");
    ASSERT_TRUE(on) << on.error().ToString();
    ASSERT_EQ(on->size(), 3u);
    EXPECT_EQ(on->front().serial, "S3");
    EXPECT_EQ(on->front().lot, "LOT-7");
    EXPECT_EQ(store_->GetStamp(kGtin, "S4")->status, StampStatus::kActivated);
    EXPECT_EQ(store_->GetStamp(kGtin, "S4")->lot, "LOT-7");
    EXPECT_EQ(store_->GetStamp(kGtin, "S6")->status, StampStatus::kIssued);

    // 4..7 includes stamps already activated: nothing changes.
    auto again = store_->Transition(StampSelection{b.id, 4, 7, {}}, kFromIssued, StampStatus::kActivated, "LOT-8");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().rule, "stamp.transition");
    EXPECT_EQ(again.error().value, "S4");
    EXPECT_EQ(store_->GetStamp(kGtin, "S6")->status, StampStatus::kIssued);
    EXPECT_EQ(store_->GetStamp(kGtin, "S4")->lot, "LOT-7");

    // Past the end of the batch.
    auto past = store_->Transition(StampSelection{b.id, 9, 12, {}}, kFromIssued, StampStatus::kActivated, "L");
    ASSERT_FALSE(past);
    EXPECT_EQ(past.error().rule, "stamp.not_found");
    EXPECT_EQ(store_->GetStamp(kGtin, "S9")->status, StampStatus::kIssued);
}

TEST_P(StampContractTest, TransitionByListChecksEverySerial) {
    const StampBatch a = NewBatch(3);
    Fill(a, 3);
    const StampBatch b = NewBatch(3);
    Fill(b, 3, "B");
    constexpr std::array kAny{StampStatus::kIssued, StampStatus::kActivated, StampStatus::kSold};
    auto wrong_batch = store_->Transition(StampSelection{a.id, 0, 0, {"S1", "B1"}}, kAny, StampStatus::kVoided, "");
    ASSERT_FALSE(wrong_batch);
    EXPECT_EQ(wrong_batch.error().rule, "stamp.not_found");
    EXPECT_EQ(store_->GetStamp(kGtin, "S1")->status, StampStatus::kIssued);
    auto unknown = store_->Transition(StampSelection{a.id, 0, 0, {"S9"}}, kAny, StampStatus::kVoided, "");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
    auto ok = store_->Transition(StampSelection{a.id, 0, 0, {"S1", "S3", "S1"}}, kAny, StampStatus::kVoided, "");
    ASSERT_TRUE(ok) << ok.error().ToString();
    EXPECT_EQ(ok->size(), 2u);
    EXPECT_EQ(store_->GetStamp(kGtin, "S3")->status, StampStatus::kVoided);
    EXPECT_EQ(store_->GetStamp(kGtin, "S2")->status, StampStatus::kIssued);
}

TEST_P(StampContractTest, OversizedSelectionsAreRefused) {
    const StampBatch b = NewBatch(1);
    constexpr std::array kFromIssued{StampStatus::kIssued};
    auto big = store_->Transition(StampSelection{b.id, 1, 200'000, {}}, kFromIssued, StampStatus::kActivated, "");
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().rule, "stamp.selection_size");
    auto empty = store_->Transition(StampSelection{b.id, 5, 4, {}}, kFromIssued, StampStatus::kActivated, "");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().rule, "stamp.selection_size");
}

TEST_P(StampContractTest, ListBatchesFiltersByOwnerAndPages) {
    const StampBatch a = NewBatch(1, "0101234567");
    const StampBatch b = NewBatch(1, "0309876543");
    const StampBatch c = NewBatch(1, "0101234567");
    auto mine = store_->ListBatches("0101234567", 0, 10);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[0].id, a.id);
    EXPECT_EQ((*mine)[1].id, c.id);
    auto all = store_->ListBatches("", a.id, 1);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front().id, b.id);
}

TEST_P(StampContractTest, ScansAreLoggedAndReadBackByCodeAndTime) {
    std::vector<Scan> scans{
        Scan{std::string(kGtin), "S1", 1000, "48", 16.1, 108.2, "browser"},
        Scan{std::string(kGtin), "S1", 3000, "", std::nullopt, std::nullopt, "app"},
        Scan{std::string(kGtin), "S2", 2000, "01", std::nullopt, std::nullopt, "bot"},
    };
    ASSERT_TRUE(store_->AddScans(scans));
    auto s1 = store_->ScansOf(kGtin, "S1", 0, 10);
    ASSERT_TRUE(s1);
    ASSERT_EQ(s1->size(), 2u);
    EXPECT_EQ((*s1)[0].province, "48");
    ASSERT_TRUE((*s1)[0].latitude);
    EXPECT_DOUBLE_EQ(*(*s1)[0].latitude, 16.1);
    EXPECT_FALSE((*s1)[1].latitude);
    EXPECT_EQ((*s1)[1].client, "app");
    auto late = store_->ScansOf(kGtin, "S1", 2000, 10);
    ASSERT_TRUE(late);
    EXPECT_EQ(late->size(), 1u);
    EXPECT_EQ(*store_->ScanCount(), 3);
}

TEST_P(StampContractTest, ProvincesScannedAreTheLatestScanOfEachProvince) {
    const std::string g(kGtin);
    ASSERT_TRUE(store_->AddScans({Scan{g, "S1", 1000, "48", std::nullopt, std::nullopt, "browser"},
                                  Scan{g, "S1", 2000, "01", std::nullopt, std::nullopt, "browser"},
                                  Scan{g, "S1", 3000, "48", std::nullopt, std::nullopt, "app"},
                                  Scan{g, "S1", 4000, "", std::nullopt, std::nullopt, "app"},
                                  Scan{g, "S2", 5000, "79", std::nullopt, std::nullopt, "bot"}}));
    using Provinces = std::vector<std::string>;
    EXPECT_EQ(*store_->ProvincesScanned(g, "S1", 0), (Provinces{"01", "48"}));
    EXPECT_EQ(*store_->ProvincesScanned(g, "S1", 2500), (Provinces{"48"}));
    EXPECT_EQ(*store_->ProvincesScanned(g, "S1", 3001), Provinces{});
    EXPECT_EQ(*store_->ProvincesScanned(g, "S2", 0), (Provinces{"79"}));
    EXPECT_EQ(*store_->ProvincesScanned(g, "S3", 0), Provinces{});
    // A scan stored late does not move a province's latest scan back.
    ASSERT_TRUE(store_->AddScans({Scan{g, "S1", 1500, "01", std::nullopt, std::nullopt, "browser"}}));
    EXPECT_EQ(*store_->ProvincesScanned(g, "S1", 1800), (Provinces{"01", "48"}));
    // However often a code is scanned, every province counts.
    std::vector<Scan> many;
    for (int i = 0; i < 20'000; ++i) many.push_back(Scan{g, "HOT", 10'000 + i, "", std::nullopt, std::nullopt, "bot"});
    many.push_back(Scan{g, "HOT", 40'000, "92", std::nullopt, std::nullopt, "browser"});
    ASSERT_TRUE(store_->AddScans(many));
    EXPECT_EQ(*store_->ProvincesScanned(g, "HOT", 10'000), (Provinces{"92"}));
}

TEST_P(StampContractTest, ARaisedSignalIsCountedUpAndListedForOwnerAndProvinces) {
    Signal s;
    s.kind = "many_provinces";
    s.gtin = std::string(kGtin);
    s.serial = "S1";
    s.owner = "0101234567";
    s.owner_province = "01";
    s.provinces = {"48", "79"};
    s.detail = "first";
    auto first = store_->RaiseSignal(s);
    ASSERT_TRUE(first) << first.error().ToString();
    EXPECT_EQ(first->count, 1);
    s.provinces = {"22", "48"};
    s.detail = "second";
    auto second = store_->RaiseSignal(s);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->id, first->id);
    EXPECT_EQ(second->count, 2);
    EXPECT_EQ(second->provinces, (std::vector<std::string>{"22", "48", "79"}));
    EXPECT_EQ(second->detail, "second");
    Signal other = s;
    other.kind = "unknown_serial";
    other.serial = "ZZZ";
    other.owner = "0309876543";
    other.owner_province = "79";
    other.provinces = {"01"};
    ASSERT_TRUE(store_->RaiseSignal(other));

    auto by_owner = store_->ListSignals(SignalFilter{.owner = "0101234567"});
    ASSERT_TRUE(by_owner);
    ASSERT_EQ(by_owner->size(), 1u);
    EXPECT_EQ(by_owner->front().provinces.size(), 3u);
    // Province 48 sees the first (scanned there); province 01 sees both (owner's, scanned there).
    EXPECT_EQ(store_->ListSignals(SignalFilter{.province = "48"})->size(), 1u);
    EXPECT_EQ(store_->ListSignals(SignalFilter{.province = "01"})->size(), 2u);
    EXPECT_EQ(store_->ListSignals(SignalFilter{.province = "4"})->size(), 0u);
    EXPECT_EQ(store_->ListSignals(SignalFilter{.gtin = "08930000000026"})->size(), 0u);
    EXPECT_EQ(store_->ListSignals(SignalFilter{.gtin = std::string(kGtin), .serial = "ZZZ"})->size(), 1u);
    EXPECT_EQ(store_->ListSignals(SignalFilter{.gtin = std::string(kGtin), .serial = "S2"})->size(), 0u);
    auto paged = store_->ListSignals(SignalFilter{.after_id = first->id});
    ASSERT_TRUE(paged);
    ASSERT_EQ(paged->size(), 1u);
    EXPECT_EQ(paged->front().kind, "unknown_serial");
}

TEST_P(StampContractTest, ComplaintsAreKeptAndListedForOwnerAndProvinces) {
    Complaint c;
    c.code = "https://id.gs1.org/01/08930000000019/21/S1";
    c.gtin = std::string(kGtin);
    c.serial = "S1";
    c.kind = "counterfeit";
    c.message = "Tem bị bóc ra dán lại <b>";
    c.province = "48";
    c.owner = "0101234567";
    c.owner_province = "01";
    auto stored = store_->AddComplaint(c);
    ASSERT_TRUE(stored) << stored.error().ToString();
    EXPECT_GT(stored->id, 0);
    EXPECT_EQ(stored->status, "new");
    EXPECT_FALSE(stored->created_at.empty());
    c.owner = "0309876543";
    c.owner_province = "79";
    c.province = "";
    ASSERT_TRUE(store_->AddComplaint(c));
    auto mine = store_->ListComplaints(SignalFilter{.owner = "0101234567"});
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().message, "Tem bị bóc ra dán lại <b>");
    EXPECT_EQ(store_->ListComplaints(SignalFilter{.province = "48"})->size(), 1u);
    EXPECT_EQ(store_->ListComplaints(SignalFilter{.province = "79"})->size(), 1u);
    EXPECT_EQ(store_->ListComplaints(SignalFilter{})->size(), 2u);
    EXPECT_EQ(store_->ListComplaints(SignalFilter{.gtin = std::string(kGtin), .serial = "S1"})->size(), 2u);
    EXPECT_EQ(store_->ListComplaints(SignalFilter{.gtin = std::string(kGtin), .serial = "S2"})->size(), 0u);
    auto paged = store_->ListComplaints(SignalFilter{.after_id = stored->id, .limit = 5});
    ASSERT_TRUE(paged);
    ASSERT_EQ(paged->size(), 1u);
    EXPECT_EQ(paged->front().owner, "0309876543");
}

TEST_P(StampContractTest, StampTablesLiveBesideTheRegistryAndSurviveReopening) {
    auto registry = GetParam().open_registry(dir_);
    ASSERT_TRUE(registry) << registry.error().ToString();
    const StampBatch b = NewBatch(2);
    Fill(b, 2);
    store_.reset();
    auto again = GetParam().open(dir_);
    ASSERT_TRUE(again) << again.error().ToString();
    store_ = std::move(*again);
    EXPECT_EQ(store_->GetBatch(b.id)->generated, 2);
    EXPECT_EQ(store_->GetStamp(kGtin, "S2")->ordinal, 2);
}

TEST_P(StampContractTest, ConcurrentWritersNeverLoseStamps) {
    const StampBatch b = NewBatch(4000);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int chunk = 0; chunk < 10; ++chunk) {
                std::vector<Stamp> stamps;
                for (int i = 1; i <= 100; ++i) {
                    const std::int64_t ordinal = t * 1000 + chunk * 100 + i;
                    stamps.push_back(Stamp{b.gtin, "C" + std::to_string(ordinal), b.id, ordinal});
                }
                auto r = store_->AddStamps(b.id, stamps);
                ASSERT_TRUE(r) << r.error().ToString();
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(store_->GetBatch(b.id)->generated, 4000);
}

INSTANTIATE_TEST_SUITE_P(Backends, StampContractTest, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& p) { return p.param.name; });

}  // namespace
}  // namespace txng::store
