// `txng stamps` end to end: the real binary on a temporary database. The enterprise is registered
// with `txng admin create-enterprise`; its product and location (which the command line does not
// register) through the registry service on the same database, as the portal API would.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "registry/access.hpp"
#include "service/registry_service.hpp"
#include "store/registry_store.hpp"
#include "tests/support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using txng::testing::RunResult;

constexpr const char* kTax = "0314409058";  // HCM (79), prefix 8934567
constexpr const char* kGln = "8934567000017";
constexpr const char* kGtin = "08934567000123";
constexpr const char* kProductName = "Cà phê Arabica Cầu Đất rang xay 500 g";
constexpr const char* kPublicUrl = "https://tem.example.vn";

json::value Json(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    return ec ? json::value() : v;
}

// Lines ended by CR LF (the CSV's).
std::vector<std::string> CsvLines(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find("\r\n", start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

class StampsCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ::unsetenv("TXNG_PUBLIC_URL");
        dir_ = fs::temp_directory_path() / ("txng-stamps-cli-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        db_ = "sqlite:" + (dir_ / "store.db").string();
        auto e = Run({"admin", "create-enterprise", "--db", db_, "--tax-code", kTax, "--name", "Công ty Cà phê A",
                      "--province", "79", "--gcp", "8934567:7"});
        ASSERT_EQ(e.exit_code, 0) << e.err;

        auto registry = txng::store::OpenRegistry(db_);
        ASSERT_TRUE(registry) << registry.error().ToString();
        txng::service::RegistryService service(**registry);
        const txng::service::Caller cli{txng::registry::CommandLine(), {}};
        txng::registry::Location location;
        location.gln = kGln;
        location.name = {"Xưởng rang A", ""};
        location.kind = txng::registry::LocationKind::kFactory;
        location.address.province_code = "79";
        auto l = service.PutLocation(cli, location, true);
        ASSERT_TRUE(l) << l.error().ToString();
        txng::registry::Product product;
        product.gtin = kGtin;
        product.name = {kProductName, ""};
        auto p = service.PutProduct(cli, product, true);
        ASSERT_TRUE(p) << p.error().ToString();
    }

    void TearDown() override {
        ::unsetenv("TXNG_PUBLIC_URL");
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // Runs txng with standard error captured.
    RunResult Run(const std::vector<std::string>& args) {
        return txng::testing::RunCommand(TXNG_BINARY, args, "", (dir_ / "stderr.txt").string());
    }

    // Runs `txng stamps <args[0]> --db <the test's database> <the other args>`.
    RunResult Stamps(const std::vector<std::string>& args) {
        std::vector<std::string> full = {"stamps", args.at(0), "--db", db_};
        full.insert(full.end(), args.begin() + 1, args.end());
        return Run(full);
    }

    // Orders `count` stamps of the product; the batch printed.
    json::object Order(int count) {
        auto r = Stamps({"order", "--gtin", kGtin, "--count", std::to_string(count), "--public-url", kPublicUrl});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        json::value v = Json(r.out);
        EXPECT_TRUE(v.is_object()) << r.out;
        return v.is_object() ? v.as_object() : json::object{};
    }

    // The batch's CSV through `export --csv -`.
    std::vector<std::string> Csv(std::int64_t id) {
        auto r = Stamps({"export", "--batch", std::to_string(id), "--csv", "-"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return CsvLines(r.out);
    }

    // The serial of the stamp on CSV line `line` (1: the first stamp).
    std::string Serial(const std::vector<std::string>& csv, std::size_t line) {
        const std::string& row = csv.at(line);
        const std::size_t a = row.find(',');
        return row.substr(a + 1, row.find(',', a + 1) - a - 1);
    }

    json::object Show(std::int64_t id) {
        auto r = Stamps({"show", "--batch", std::to_string(id)});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        json::value v = Json(r.out);
        return v.is_object() ? v.as_object() : json::object{};
    }

    fs::path dir_;
    std::string db_;
};

TEST_F(StampsCliTest, OrderWaitsForTheBatchAndPrintsIt) {
    auto r = Stamps({"order", "--gtin", kGtin, "--count", "30", "--note", "Đợt 1", "--layout",
                     R"({"labelWidth":40,"labelHeight":50,"codeSize":25})", "--public-url", kPublicUrl});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("đã sinh / generated 30 / 30"), std::string::npos) << r.err;
    const json::value batch = Json(r.out);
    ASSERT_TRUE(batch.is_object()) << r.out;
    EXPECT_EQ(batch.at("gtin"), kGtin);
    EXPECT_EQ(batch.at("owner"), kTax);
    EXPECT_EQ(batch.at("count").as_int64(), 30);
    EXPECT_EQ(batch.at("generated").as_int64(), 30);
    EXPECT_EQ(batch.at("state"), "ready");
    EXPECT_EQ(batch.at("note"), "Đợt 1");
    EXPECT_EQ(batch.at("createdBy"), "cli");
    EXPECT_EQ(batch.at("layout").at("labelWidth").to_number<double>(), 40);
    const std::int64_t id = batch.at("id").as_int64();
    EXPECT_EQ(std::string(batch.at("links").at("self").as_string()), "/api/v1/stamp-batches/" + std::to_string(id));
    // The files are written beside the database.
    const fs::path files = dir_ / "store.db-stamps";
    EXPECT_EQ(fs::path(std::string(batch.at("files").at("csv").as_string())), files / (std::to_string(id) + ".csv"));
    EXPECT_TRUE(fs::exists(files / (std::to_string(id) + ".pdf")));

    // list: a table, or JSON.
    auto list = Stamps({"list"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find(kGtin), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("ready"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("Đợt 1"), std::string::npos) << list.out;
    auto list_json = Stamps({"list", "--json"});
    ASSERT_EQ(list_json.exit_code, 0) << list_json.err;
    const json::value items = Json(list_json.out);
    ASSERT_TRUE(items.is_array()) << list_json.out;
    ASSERT_EQ(items.as_array().size(), 1u);
    EXPECT_EQ(items.as_array()[0].at("id").as_int64(), id);

    // show: the batch with its stamps by status.
    const json::object shown = Show(id);
    EXPECT_EQ(shown.at("state"), "ready");
    EXPECT_EQ(shown.at("statuses"), (json::object{{"issued", 30}}));

    // export: the CSV has a header and a line per stamp, the PDF is a PDF.
    const std::string csv_file = (dir_ / "out.csv").string();
    const std::string pdf_file = (dir_ / "out.pdf").string();
    auto exported = Stamps({"export", "--batch", std::to_string(id), "--csv", csv_file, "--pdf", pdf_file});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    std::ifstream csv_in(csv_file, std::ios::binary);
    const std::string csv((std::istreambuf_iterator<char>(csv_in)), std::istreambuf_iterator<char>());
    const auto lines = CsvLines(csv);
    ASSERT_EQ(lines.size(), 31u);
    EXPECT_TRUE(lines[0].starts_with("\xEF\xBB\xBFSTT / No.,")) << lines[0];
    const std::string serial = Serial(lines, 1);
    EXPECT_EQ(serial.size(), 13u);
    EXPECT_EQ(lines[1],
              "1," + serial + "," + kPublicUrl + "/01/" + kGtin + "/21/" + serial + "," + std::string(kProductName));
    std::ifstream pdf_in(pdf_file, std::ios::binary);
    std::string head(5, '\0');
    pdf_in.read(head.data(), 5);
    EXPECT_EQ(head, "%PDF-");
    EXPECT_GT(fs::file_size(pdf_file), 1000u);
}

TEST_F(StampsCliTest, ChangesStatusesAndRefusesWhatTheLifecycleForbids) {
    const std::int64_t id = Order(30).at("id").as_int64();
    const std::string batch = std::to_string(id);
    const auto csv = Csv(id);
    ASSERT_EQ(csv.size(), 31u);

    auto activated = Stamps({"change", "--batch", batch, "--status", "activated", "--location", kGln, "--from", "1",
                             "--to", "10", "--lot", "L2026-01", "--expiry", "2027-06-30"});
    ASSERT_EQ(activated.exit_code, 0) << activated.err;
    EXPECT_EQ(Json(activated.out), (json::object{{"changed", 10}, {"events", 1}}));

    // Stamps 5 and 6 are active already: nothing changes.
    auto again = Stamps({"change", "--batch", batch, "--status", "activated", "--location", kGln, "--from", "5", "--to",
                         "12", "--lot", "L2026-02"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_TRUE(again.out.empty()) << again.out;
    EXPECT_NE(again.err.find("stamp.transition"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find(Serial(csv, 5)), std::string::npos) << again.err;

    // By serials: two sold, one consumed; then the unused ones voided.
    auto sold = Stamps({"change", "--batch", batch, "--status", "sold", "--location", kGln, "--serials",
                        Serial(csv, 1) + "," + Serial(csv, 2)});
    ASSERT_EQ(sold.exit_code, 0) << sold.err;
    EXPECT_EQ(Json(sold.out), (json::object{{"changed", 2}, {"events", 1}}));
    auto consumed =
        Stamps({"change", "--batch", batch, "--status", "consumed", "--location", kGln, "--serials", Serial(csv, 3)});
    ASSERT_EQ(consumed.exit_code, 0) << consumed.err;
    auto voided =
        Stamps({"change", "--batch", batch, "--status", "voided", "--location", kGln, "--from", "11", "--to", "30"});
    ASSERT_EQ(voided.exit_code, 0) << voided.err;
    EXPECT_EQ(Json(voided.out), (json::object{{"changed", 20}, {"events", 1}}));
    // A sold stamp cannot be sold again.
    auto resold =
        Stamps({"change", "--batch", batch, "--status", "sold", "--location", kGln, "--serials", Serial(csv, 1)});
    EXPECT_EQ(resold.exit_code, 1);
    EXPECT_NE(resold.err.find("stamp.transition"), std::string::npos) << resold.err;

    EXPECT_EQ(Show(id).at("statuses"), (json::object{{"activated", 7}, {"consumed", 1}, {"sold", 2}, {"voided", 20}}));

    // Every change is audited as the command line's.
    auto audit = Run({"admin", "audit", "--db", db_});
    ASSERT_EQ(audit.exit_code, 0) << audit.err;
    for (const char* action : {"stamps.order", "stamps.activated", "stamps.sold", "stamps.consumed", "stamps.voided"}) {
        EXPECT_NE(audit.out.find(action), std::string::npos) << action << "\n" << audit.out;
    }
}

TEST_F(StampsCliTest, BadOrdersNameTheFieldAndTheRule) {
    struct Case {
        std::vector<std::string> args;
        std::string where, rule;
    };
    const std::vector<Case> cases = {
        {{"--gtin", kGtin, "--count", "0"}, "--count", "stamp.count"},
        {{"--gtin", kGtin, "--count", "1000001"}, "--count", "stamp.count"},
        {{"--gtin", "08930001000155", "--count", "5"}, "--gtin", "registry.not_found"},
        {{"--gtin", "08934567000124", "--count", "5"}, "--gtin", "gtin."},
        {{"--gtin", kGtin, "--count", "5", "--layout", R"({"labelWidth":5})"}, "--layout.labelWidth", "sheet."},
        {{"--gtin", kGtin, "--count", "5", "--layout", "[1]"}, "--layout", "json.type"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"order"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        args.insert(args.end(), {"--public-url", kPublicUrl});
        auto r = Stamps(args);
        SCOPED_TRACE(c.rule + " " + r.err);
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_TRUE(r.err.starts_with("txng stamps: " + c.where)) << r.err;
        EXPECT_NE(r.err.find("[rule " + c.rule), std::string::npos);
    }
    // A count that is not a number is a usage error.
    EXPECT_EQ(Stamps({"order", "--gtin", kGtin, "--count", "many", "--public-url", kPublicUrl}).exit_code, 2);
    // Nothing was ordered.
    EXPECT_EQ(Json(Stamps({"list", "--json"}).out), json::array{});
}

TEST_F(StampsCliTest, StampsNeedThePublicAddressOfTheResolver) {
    auto none = Stamps({"order", "--gtin", kGtin, "--count", "3"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("--public-url"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("TXNG_PUBLIC_URL"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("[rule stamp.public_url]"), std::string::npos) << none.err;
    auto bad = Stamps({"order", "--gtin", kGtin, "--count", "3", "--public-url", "tem.example.vn"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("[rule stamp.public_url]"), std::string::npos) << bad.err;

    // From the environment, without a trailing slash.
    ::setenv("TXNG_PUBLIC_URL", "https://qr.example.vn:8443/", 1);
    auto r = Stamps({"order", "--gtin", kGtin, "--count", "3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto csv = Csv(Json(r.out).at("id").as_int64());
    ASSERT_EQ(csv.size(), 4u);
    EXPECT_NE(csv[1].find(",https://qr.example.vn:8443/01/" + std::string(kGtin) + "/21/" + Serial(csv, 1) + ","),
              std::string::npos)
        << csv[1];
    // --public-url wins over the environment.
    auto given = Stamps({"order", "--gtin", kGtin, "--count", "1", "--public-url", kPublicUrl});
    ASSERT_EQ(given.exit_code, 0) << given.err;
    const auto csv2 = Csv(Json(given.out).at("id").as_int64());
    ASSERT_EQ(csv2.size(), 2u);
    EXPECT_NE(csv2[1].find("," + std::string(kPublicUrl) + "/01/"), std::string::npos) << csv2[1];
}

TEST_F(StampsCliTest, BadChangesAndUnknownBatchesAreRefused) {
    const std::string batch = std::to_string(Order(5).at("id").as_int64());
    struct Case {
        std::vector<std::string> args;
        std::string where, rule;
        int exit_code = 1;
    };
    const std::vector<Case> cases = {
        {{"--batch", batch, "--status", "lost", "--location", kGln, "--from", "1", "--to", "2"},
         "--status",
         "stamp.status"},
        {{"--batch", batch, "--status", "issued", "--location", kGln, "--from", "1", "--to", "2"},
         "--status",
         "stamp.status"},
        {{"--batch", batch, "--status", "activated", "--location", kGln, "--from", "1", "--to", "2"},
         "--lot",
         "stamp.lot_required"},
        {{"--batch", batch, "--status", "activated", "--location", kGln, "--from", "1", "--to", "2", "--lot", "L1",
          "--expiry", "30/06/2027"},
         "--expiry",
         "stamp.expiry"},
        {{"--batch", batch, "--status", "sold", "--location", "8934567000018", "--from", "1", "--to", "2"},
         "--location",
         "stamp.location"},
        {{"--batch", batch, "--status", "voided", "--location", kGln}, "--from", "stamp.selection"},
        {{"--batch", batch, "--status", "voided", "--location", kGln, "--from", "3", "--serials", "X"},
         "--serials",
         "stamp.selection"},
        {{"--batch", batch, "--status", "voided", "--location", kGln, "--from", "3", "--to", "2"},
         "--to",
         "stamp.selection_size"},
        {{"--batch", batch, "--status", "voided", "--location", kGln, "--from", "4", "--to", "6"},
         "--to",
         "stamp.not_found"},
        {{"--batch", batch, "--status", "voided", "--location", kGln, "--serials", "NOSUCHSERIAL0"},
         "",
         "stamp.not_found"},
        {{"--batch", "999", "--status", "voided", "--location", kGln, "--from", "1", "--to", "1"},
         "--batch",
         "stamp.batch_not_found"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"change"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = Stamps(args);
        SCOPED_TRACE(c.rule + " " + r.err);
        EXPECT_EQ(r.exit_code, c.exit_code);
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_TRUE(r.err.starts_with("txng stamps: " + c.where)) << r.err;
        EXPECT_NE(r.err.find("[rule " + c.rule + "]"), std::string::npos);
    }
    EXPECT_EQ(Show(std::stoll(batch)).at("statuses"), (json::object{{"issued", 5}}));

    auto unknown = Stamps({"show", "--batch", "999"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("[rule stamp.batch_not_found]"), std::string::npos) << unknown.err;
    auto no_file = Stamps({"export", "--batch", batch});
    EXPECT_EQ(no_file.exit_code, 1);
    EXPECT_NE(no_file.err.find("[rule field.required]"), std::string::npos) << no_file.err;
    auto unknown_export = Stamps({"export", "--batch", "999", "--pdf", (dir_ / "x.pdf").string()});
    EXPECT_EQ(unknown_export.exit_code, 1);
    EXPECT_FALSE(fs::exists(dir_ / "x.pdf"));
    // Usage errors: a missing required option, a batch id that is not positive.
    EXPECT_EQ(Stamps({"change", "--batch", batch, "--status", "voided"}).exit_code, 2);
    EXPECT_EQ(Stamps({"show", "--batch", "0"}).exit_code, 2);
    EXPECT_EQ(Run({"stamps"}).exit_code, 2);
}

TEST_F(StampsCliTest, HelpIsInVietnameseAndEnglish) {
    auto r = Run({"stamps", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* word : {"order", "list", "show", "export", "change", "Tem truy xuất", "Traceability stamps"}) {
        EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
    }
    auto order = Run({"stamps", "order", "--help"});
    EXPECT_EQ(order.exit_code, 0);
    for (const char* word : {"--gtin", "--count", "--layout", "--note", "--public-url", "TXNG_PUBLIC_URL"}) {
        EXPECT_NE(order.out.find(word), std::string::npos) << word;
    }
}

}  // namespace
