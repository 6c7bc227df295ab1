// `txng trace` and `txng recall` end to end: a store filled with generated events (captured
// through the store interface), then the binary run on it, its answers checked against the
// generator's ground truth.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "demo/chain_generator.hpp"
#include "epcis/query.hpp"
#include "service/trace_report.hpp"
#include "store/store.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/xlsx_reader.hpp"

namespace txng {
namespace {

namespace fs = std::filesystem;
using testing::RunResult;

class TraceCliTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(fs::temp_directory_path() / ("txng-trace-cli-" + std::to_string(::getpid())));
        fs::remove_all(*dir_);
        fs::create_directories(*dir_);
        generator_ = new demo::ChainGenerator({.target_events = 6'000, .seed = 3, .collect_ground_truth = true});
        auto store = store::OpenStore(Db(), {});
        ASSERT_TRUE(store) << store.error().ToString();
        store::CaptureRequest md;  // names and provinces for the spreadsheet columns
        md.master_data = demo::MasterDataDocument(demo::DemoMasterData(), store::NowUtc()).master_data;
        ASSERT_TRUE((*store)->CaptureSync(std::move(md)));
        epcis::Document doc;
        while (generator_->Next(doc, 1000)) {
            auto job = (*store)->CaptureSync(store::CaptureRequestFrom(doc, store::CaptureErrorBehaviour::kRollback));
            ASSERT_TRUE(job && job->success);
        }
        (*store)->Close();
    }
    static void TearDownTestSuite() {
        fs::remove_all(*dir_);
        delete dir_;
        delete generator_;
    }
    static std::string Db() { return "sqlite:" + (*dir_ / "store.db").string(); }
    RunResult Run(const std::vector<std::string>& args) {
        return testing::RunCommand(TXNG_BINARY, args, "", (*dir_ / "stderr.txt").string());
    }
    static const demo::GroundTruth::Lot& LotWithItems() {
        for (const auto& lot : generator_->ground_truth().lots) {
            if (!lot.items.empty()) return lot;
        }
        throw std::logic_error("no lot with items");
    }
    static fs::path* dir_;
    static demo::ChainGenerator* generator_;
};

fs::path* TraceCliTest::dir_ = nullptr;
demo::ChainGenerator* TraceCliTest::generator_ = nullptr;

TEST_F(TraceCliTest, RecallPrintsEveryItemAndWritesTheCsv) {
    const auto& lot = LotWithItems();
    auto r = Run({"recall", "--db", Db(), lot.lot_class});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(std::to_string(lot.items.size()) + " mặt hàng / items"), std::string::npos) << r.out;
    for (const auto& item : lot.items) {
        EXPECT_NE(r.out.find(epcis::CanonicalIdentifier(item.epc)), std::string::npos) << item.epc;
    }
    EXPECT_NE(r.err.find("Chỉ mục / Index: 6000"), std::string::npos) << r.err;

    const fs::path csv = *dir_ / "recall.csv";
    auto w = Run({"recall", "--db", Db(), "--csv", csv.string(), lot.lot_class});
    ASSERT_EQ(w.exit_code, 0) << w.err;
    std::ifstream in(csv, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::size_t lines = 0;
    for (char c : text.str()) lines += c == '\n' ? 1 : 0;
    EXPECT_EQ(lines, lot.items.size() + 1);
    EXPECT_TRUE(
        text.str().starts_with("\xEF\xBB\xBF"
                               "Mã / Item,"));

    // And as a workbook, alone or with the CSV.
    const fs::path xlsx = *dir_ / "recall.xlsx";
    auto x = Run({"recall", "--db", Db(), "--xlsx", xlsx.string(), "--csv", csv.string(), lot.lot_class});
    ASSERT_EQ(x.exit_code, 0) << x.err;
    EXPECT_NE(x.err.find("recall.xlsx (" + std::to_string(lot.items.size()) + " dòng / rows)"), std::string::npos)
        << x.err;
    const auto sheet = testing::ReadXlsxSheet(xlsx, 0);
    ASSERT_TRUE(sheet);
    ASSERT_EQ(sheet->rows.size(), lot.items.size() + 1);
    EXPECT_EQ(sheet->rows[0], service::RecallColumns());
    const auto& md = generator_->master_data();
    for (std::size_t i = 1; i < sheet->rows.size(); ++i) {
        ASSERT_GE(sheet->rows[i].size(), 8u);
        EXPECT_EQ(sheet->rows[i][2], md.products[*lot.unit_product].name_vi);
        EXPECT_EQ(sheet->rows[i][3], lot.lot_number);
        EXPECT_FALSE(sheet->rows[i][7].empty()) << "the province code of the last location";
    }
    auto unwritable = Run({"recall", "--db", Db(), "--xlsx", (*dir_ / "missing" / "r.xlsx").string(), lot.lot_class});
    EXPECT_NE(unwritable.exit_code, 0);
    EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
}

TEST_F(TraceCliTest, TraceBackwardFindsTheLotAndPrintsJsonOnRequest) {
    const auto& lot = LotWithItems();
    const auto& item = lot.items.front();
    auto r = Run({"trace", "--backward", "--db", Db(), item.epc});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Truy xuất ngược / Backward trace"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(epcis::CanonicalIdentifier(lot.lot_class)), std::string::npos) << r.out;

    auto j = Run({"trace", "--backward", "--json", "--urn", "--db", Db(), epcis::CanonicalIdentifier(item.epc)});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    boost::system::error_code ec;
    auto v = boost::json::parse(j.out, ec);
    ASSERT_FALSE(ec) << j.out.substr(0, 200);
    EXPECT_EQ(v.at("root").as_string(), item.epc) << "EPC URNs with --urn";
    bool lot_found = false;
    for (const auto& n : v.at("nodes").as_array()) lot_found |= n.at("id").as_string() == lot.lot_class;
    EXPECT_TRUE(lot_found);
}

TEST_F(TraceCliTest, UnknownAndMalformedCodesFailClearly) {
    auto unknown = Run({"trace", "--db", Db(), "urn:epc:id:sgtin:8934567.000123.999999"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("trace.unknown_id"), std::string::npos) << unknown.err;
    auto usage = Run({"trace", "--backward", "--forward", "--db", Db(), "urn:epc:id:sgtin:8934567.000123.1"});
    EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace txng
