// Stamp batches end to end over HTTP (a real server on port 0, a temporary store): ordering,
// background generation, the CSV and PDF files, the lifecycle with its EPCIS events, and who may
// do what.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "app/serve.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/run_command.hpp"

// fontconfig's font cache, loaded once per process when the first PDF sheet is drawn, links its
// data by offsets, so LeakSanitizer calls it lost: the same suppression as the sheet's own tests.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }  // NOLINT
#endif

namespace txng {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using boost::beast::http::verb;
using testing::HttpClient;
using testing::HttpHeaders;
using testing::HttpResponse;

constexpr std::string_view kTaxA = "0314409058";  // HCM (79), prefix 8934567
constexpr std::string_view kTaxB = "0101234565";  // Hà Nội (01), prefix 8930001
constexpr std::string_view kGlnA = "8934567000017";
constexpr std::string_view kGtinA = "08934567000123";
constexpr std::string_view kGtinB = "08930001000155";

json::value Json(const HttpResponse& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body(), ec);
    return ec ? json::value() : v;
}

std::string Rule(const HttpResponse& r) {
    auto v = Json(r);
    const auto* rule = v.is_object() ? v.as_object().if_contains("rule") : nullptr;
    return rule && rule->is_string() ? std::string(rule->as_string()) : std::string();
}

std::string Where(const HttpResponse& r) {
    auto v = Json(r);
    const auto* where = v.is_object() ? v.as_object().if_contains("where") : nullptr;
    return where && where->is_string() ? std::string(where->as_string()) : std::string();
}

class StampsApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-stamps-api-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        app::ServeConfig config;
        config.db = "sqlite:" + (dir_ / "store.db").string();
        config.listen = "127.0.0.1:0";
        config.public_url = "https://tem.example.vn";
        auto node = app::Node::Create(config);
        ASSERT_TRUE(node) << node.error().ToString();
        node_ = std::move(*node);
        node_->Start();
        client_ = std::make_unique<HttpClient>(node_->Port(), "127.0.0.1", std::chrono::seconds(60));
        service::NewKeyRequest admin{"ops", registry::Role::kNationalAdmin, "", "", {}, ""};
        auto created = node_->Registry().CreateKey(service::Caller{registry::CommandLine(), {}}, admin);
        ASSERT_TRUE(created) << created.error().ToString();
        keys_["admin"] = created->token;
        for (const auto& [tax, province, prefix] : {std::tuple{kTaxA, "79", "8934567"}, {kTaxB, "01", "8930001"}}) {
            json::object e{{"taxCode", tax},
                           {"kind", "enterprise"},
                           {"name", json::object{{"vi", "Công ty " + std::string(tax)}}},
                           {"address", json::object{{"street", "12 Lê Lợi"}, {"provinceCode", province}}},
                           {"gs1CompanyPrefixes", json::array{json::object{{"prefix", prefix}}}}};
            ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises", json::serialize(e)).result_int(), 201);
        }
        MakeKey("a", R"({"name":"erp A","role":"enterprise","enterprise":"0314409058"})");
        MakeKey("b", R"({"name":"erp B","role":"enterprise","enterprise":"0101234565"})");
        MakeKey("hcm", R"({"name":"Sở KH&CN TP.HCM","role":"provincial-authority","province":"79"})");
        MakeKey("hn", R"({"name":"Sở KH&CN Hà Nội","role":"provincial-authority","province":"01"})");
        ASSERT_EQ(Send("a", verb::post, "/api/v1/locations",
                       R"({"gln":"8934567000017","name":{"vi":"Xưởng A"},"kind":"factory",)"
                       R"("address":{"provinceCode":"79"}})")
                      .result_int(),
                  201);
        for (const auto& [who, gtin, name] :
             {std::tuple{"a", kGtinA, "Cà phê Arabica Cầu Đất rang xay 500 g"}, {"b", kGtinB, "Gạo ST25"}}) {
            json::object p{{"gtin", gtin}, {"name", json::object{{"vi", name}}}};
            ASSERT_EQ(Send(who, verb::post, "/api/v1/products", json::serialize(p)).result_int(), 201);
        }
    }

    void TearDown() override {
        client_.reset();
        node_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    void MakeKey(const std::string& who, std::string body) {
        auto r = Send("admin", verb::post, "/api/v1/keys", std::move(body));
        ASSERT_EQ(r.result_int(), 201) << r.body();
        keys_[who] = std::string(Json(r).as_object().at("key").as_string());
    }

    HttpResponse Send(const std::string& who, verb method, std::string_view target, std::string body = "") {
        HttpHeaders headers;
        if (!who.empty()) headers.emplace_back("Authorization", "Bearer " + keys_.at(who));
        if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
        return client_->Send(method, target, std::move(body), headers);
    }

    // Orders `count` stamps of A's product and waits until the batch is ready; its id.
    std::int64_t OrderReady(std::int64_t count, std::string layout = "") {
        std::string body = R"({"gtin":")" + std::string(kGtinA) + R"(","count":)" + std::to_string(count) +
                           (layout.empty() ? "" : R"(,"layout":)" + layout) + "}";
        auto r = Send("a", verb::post, "/api/v1/stamp-batches", body);
        EXPECT_EQ(r.result_int(), 202) << r.body();
        const std::int64_t id = Json(r).at("id").as_int64();
        EXPECT_EQ(r[boost::beast::http::field::location], "/api/v1/stamp-batches/" + std::to_string(id));
        node_->Stamps().WaitIdle();
        return id;
    }

    std::vector<json::object> StampsOf(std::int64_t id) {
        std::vector<json::object> out;
        std::string target = "/api/v1/stamp-batches/" + std::to_string(id) + "/stamps?limit=7";
        while (true) {
            auto r = Send("a", verb::get, target);
            EXPECT_EQ(r.result_int(), 200) << r.body();
            const json::value page = Json(r);
            for (const auto& s : page.at("items").as_array()) out.push_back(s.as_object());
            const std::string link(r[boost::beast::http::field::link]);
            if (link.empty()) break;
            target = link.substr(1, link.find('>') - 1);
        }
        return out;
    }

    fs::path dir_;
    std::unique_ptr<app::Node> node_;
    std::unique_ptr<HttpClient> client_;
    std::map<std::string, std::string> keys_;
};

TEST_F(StampsApiTest, ABatchIsGeneratedWithUnguessableSerialsAndItsFiles) {
    const std::int64_t id = OrderReady(25, R"({"labelWidth":40,"labelHeight":50,"codeSize":25})");
    auto batch = Json(Send("a", verb::get, "/api/v1/stamp-batches/" + std::to_string(id))).as_object();
    EXPECT_EQ(batch.at("state"), "ready");
    EXPECT_EQ(batch.at("generated").as_int64(), 25);
    EXPECT_EQ(batch.at("layout").at("labelWidth").to_number<double>(), 40);

    const auto stamps = StampsOf(id);
    ASSERT_EQ(stamps.size(), 25u);
    std::set<std::string> serials;
    for (std::size_t i = 0; i < stamps.size(); ++i) {
        const auto& s = stamps[i];
        EXPECT_EQ(s.at("ordinal").as_int64(), static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(s.at("status"), "issued");
        const std::string serial(s.at("serial").as_string());
        EXPECT_EQ(serial.size(), 13u);
        EXPECT_EQ(serial.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos) << serial;
        serials.insert(serial);
        EXPECT_EQ(s.at("digitalLink").as_string(),
                  "https://tem.example.vn/01/" + std::string(kGtinA) + "/21/" + serial);
    }
    EXPECT_EQ(serials.size(), 25u);

    // The CSV: a header and one row per stamp, in order.
    auto csv = Send("a", verb::get, "/api/v1/stamp-batches/" + std::to_string(id) + "/stamps.csv");
    ASSERT_EQ(csv.result_int(), 200) << csv.body();
    EXPECT_EQ(csv[boost::beast::http::field::content_type], "text/csv; charset=utf-8");
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < csv.body().size();) {
        const std::size_t end = csv.body().find("\r\n", start);
        lines.push_back(csv.body().substr(start, end - start));
        start = end + 2;
    }
    ASSERT_EQ(lines.size(), 26u);
    EXPECT_TRUE(lines[0].starts_with("\xEF\xBB\xBFSTT / No.,"));
    const std::string first_serial(stamps[0].at("serial").as_string());
    EXPECT_EQ(lines[1], "1," + first_serial + ",https://tem.example.vn/01/" + std::string(kGtinA) + "/21/" +
                            first_serial + ",Cà phê Arabica Cầu Đất rang xay 500 g");

    // The PDF: 4 x 5 labels of 40 x 50 mm fit on A4, so 25 stamps take two pages; every serial is
    // printed on it.
    auto pdf = Send("a", verb::get, "/api/v1/stamp-batches/" + std::to_string(id) + "/sheet.pdf");
    ASSERT_EQ(pdf.result_int(), 200);
    EXPECT_EQ(pdf[boost::beast::http::field::content_type], "application/pdf");
    ASSERT_TRUE(pdf.body().starts_with("%PDF-"));
    const fs::path file = dir_ / "sheet.pdf";
    std::ofstream(file, std::ios::binary) << pdf.body();
    if (testing::RunCommand("sh", {"-c", "command -v pdftotext >/dev/null"}).exit_code != 0) {
        GTEST_SKIP() << "pdftotext (Debian poppler-utils) is not installed: the PDF's text is not checked";
    }
    auto info = testing::RunCommand("pdfinfo", {file.string()});
    const std::size_t pages = info.out.find("Pages:");
    ASSERT_NE(pages, std::string::npos) << info.out;
    EXPECT_EQ(std::stoi(info.out.substr(pages + 6)), 2) << info.out;
    auto text = testing::RunCommand("pdftotext", {file.string(), "-"});
    for (const auto& serial : serials) EXPECT_NE(text.out.find(serial), std::string::npos) << serial;
}

TEST_F(StampsApiTest, BadOrdersAreRefusedNamingTheFieldAndRule) {
    auto other = Send("a", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08930001000155","count":5})");
    EXPECT_EQ(other.result_int(), 403) << other.body();
    auto zero = Send("a", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08934567000123","count":0})");
    EXPECT_EQ(zero.result_int(), 400);
    EXPECT_EQ(Rule(zero), "stamp.count");
    auto huge = Send("a", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08934567000123","count":1000001})");
    EXPECT_EQ(huge.result_int(), 400);
    EXPECT_EQ(Rule(huge), "stamp.count");
    auto text = Send("a", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08934567000123","count":"5"})");
    EXPECT_EQ(Rule(text), "stamp.count");
    auto tiny = Send("a", verb::post, "/api/v1/stamp-batches",
                     R"({"gtin":"08934567000123","count":5,"layout":{"codeSize":4}})");
    EXPECT_EQ(tiny.result_int(), 400);
    EXPECT_EQ(Rule(tiny), "sheet.code_size");
    EXPECT_EQ(Where(tiny), "layout.codeSize");
    auto unknown = Send("a", verb::post, "/api/v1/stamp-batches",
                        R"({"gtin":"08934567000123","count":5,"layout":{"colour":"red"}})");
    EXPECT_EQ(Rule(unknown), "json.unknown_field");
    auto check = Send("a", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08934567000124","count":5})");
    EXPECT_EQ(check.result_int(), 400);
    auto anonymous = Send("", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08934567000123","count":5})");
    EXPECT_EQ(anonymous.result_int(), 401);
    // Nothing was ordered.
    EXPECT_EQ(Json(Send("admin", verb::get, "/api/v1/stamp-batches")).at("items").as_array().size(), 0u);
}

TEST_F(StampsApiTest, OnlyTheOwnerItsProvinceAndNationalRolesSeeABatch) {
    const std::int64_t id = OrderReady(3);
    const std::string target = "/api/v1/stamp-batches/" + std::to_string(id);
    EXPECT_EQ(Send("a", verb::get, target).result_int(), 200);
    EXPECT_EQ(Send("hcm", verb::get, target).result_int(), 200);
    EXPECT_EQ(Send("admin", verb::get, target).result_int(), 200);
    EXPECT_EQ(Send("b", verb::get, target).result_int(), 404);
    EXPECT_EQ(Send("hn", verb::get, target).result_int(), 404);
    EXPECT_EQ(Send("b", verb::get, target + "/stamps.csv").result_int(), 404);
    EXPECT_EQ(Send("", verb::get, target).result_int(), 401);
    EXPECT_EQ(Json(Send("b", verb::get, "/api/v1/stamp-batches")).at("items").as_array().size(), 0u);
    EXPECT_EQ(Json(Send("a", verb::get, "/api/v1/stamp-batches")).at("items").as_array().size(), 1u);
    auto change =
        Send("b", verb::post, target + "/changes", R"({"status":"voided","from":1,"to":3,"location":"8934567000017"})");
    EXPECT_EQ(change.result_int(), 404);
}

TEST_F(StampsApiTest, TheLifecycleRecordsEventsAndRefusesImpossibleChanges) {
    const std::int64_t id = OrderReady(12);
    const std::string target = "/api/v1/stamp-batches/" + std::to_string(id);
    const auto stamps = StampsOf(id);
    ASSERT_EQ(stamps.size(), 12u);

    auto no_lot = Send("a", verb::post, target + "/changes",
                       R"({"status":"activated","from":1,"to":10,)"
                       R"("location":"8934567000017"})");
    EXPECT_EQ(Rule(no_lot), "stamp.lot_required");
    auto on = Send("a", verb::post, target + "/changes",
                   R"({"status":"activated","from":1,"to":10,"location":"8934567000017","lot":"L2026-01",)"
                   R"("expiry":"2027-06-30"})");
    ASSERT_EQ(on.result_int(), 200) << on.body();
    EXPECT_EQ(Json(on).at("changed").as_int64(), 10);

    // The commissioning event of their SGTINs, with the lot.
    auto events = Send("a", verb::get, "/events?EQ_bizStep=commissioning");
    ASSERT_EQ(events.result_int(), 200) << events.body();
    const json::value events_json = Json(events);
    const auto& list = events_json.at("epcisBody").at("queryResults").at("resultsBody").at("eventList").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("epcList").as_array().size(), 10u);
    EXPECT_EQ(list[0].at("ilmd").at("cbvmda:lotNumber"), "L2026-01");
    EXPECT_NE(json::serialize(list[0].at("epcList")).find(std::string(stamps[0].at("serial").as_string())),
              std::string::npos);

    // 9..12 includes activated stamps: nothing changes.
    auto again = Send("a", verb::post, target + "/changes",
                      R"({"status":"activated","from":9,"to":12,"location":"8934567000017","lot":"L2"})");
    EXPECT_EQ(again.result_int(), 409);
    EXPECT_EQ(Rule(again), "stamp.transition");
    EXPECT_EQ(StampsOf(id)[10].at("status"), "issued");

    const std::string first(stamps[0].at("serial").as_string());
    auto sold = Send("a", verb::post, target + "/changes",
                     R"({"status":"sold","serials":[")" + first + R"("],"location":"8934567000017"})");
    ASSERT_EQ(sold.result_int(), 200) << sold.body();
    auto voided = Send("a", verb::post, target + "/changes",
                       R"({"status":"voided","serials":[")" + first + R"("],"location":"8934567000017"})");
    ASSERT_EQ(voided.result_int(), 200) << voided.body();
    auto consumed = Send("a", verb::post, target + "/changes",
                         R"({"status":"consumed","serials":[")" + first + R"("],"location":"8934567000017"})");
    EXPECT_EQ(consumed.result_int(), 409);
    const auto after = StampsOf(id);
    EXPECT_EQ(after[0].at("status"), "voided");
    EXPECT_EQ(after[0].at("lot"), "L2026-01");
    EXPECT_EQ(after[1].at("status"), "activated");

    // One event per change: commissioning, selling, decommissioning.
    auto sell = Json(Send("a", verb::get, "/events?EQ_bizStep=retail_selling"));
    EXPECT_EQ(sell.at("epcisBody").at("queryResults").at("resultsBody").at("eventList").as_array().size(), 1u);
    auto gone = Json(Send("a", verb::get, "/events?EQ_action=DELETE"));
    EXPECT_EQ(gone.at("epcisBody").at("queryResults").at("resultsBody").at("eventList").as_array().size(), 1u);

    // Bad selections and places.
    EXPECT_EQ(Rule(Send("a", verb::post, target + "/changes",
                        R"({"status":"sold","from":5,"to":40,"location":"8934567000017"})")),
              "stamp.not_found");
    EXPECT_EQ(Rule(Send("a", verb::post, target + "/changes", R"({"status":"sold","from":2,"to":3,"location":"123"})")),
              "stamp.location");
    EXPECT_EQ(Rule(Send("a", verb::post, target + "/changes",
                        R"({"status":"issued","from":2,"to":3,"location":"8934567000017"})")),
              "stamp.status");
    EXPECT_EQ(Rule(Send("a", verb::post, target + "/changes",
                        R"({"status":"sold","from":2,"to":3,"serials":["X"],"location":"8934567000017"})")),
              "stamp.selection");
    // A place that is not A's: the capture rules refuse the event, and nothing changes.
    auto elsewhere =
        Send("a", verb::post, target + "/changes", R"({"status":"sold","from":2,"to":3,"location":"8930001000018"})");
    EXPECT_EQ(elsewhere.result_int(), 403) << elsewhere.body();
    EXPECT_EQ(StampsOf(id)[1].at("status"), "activated");
}

// Signals and complaints are listed for the owner, its provinces, its providers and national roles:
// raised by real scans through the resolver, reported through the product page's form.
TEST_F(StampsApiTest, SignalsAndComplaintsAreListedForTheOwnerAndTheProvinces) {
    // P, a solution provider in Đà Nẵng (48), acts for B.
    constexpr std::string_view kTaxP = "7900123455";
    json::object provider{{"taxCode", kTaxP},
                          {"kind", "solution_provider"},
                          {"name", json::object{{"vi", "Giải pháp P"}}},
                          {"address", json::object{{"street", "1 Bạch Đằng"}, {"provinceCode", "48"}}}};
    ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises", json::serialize(provider)).result_int(), 201);
    MakeKey("p", R"({"name":"platform P","role":"solution-provider","enterprise":"7900123455"})");
    ASSERT_EQ(Send("b", verb::post, "/api/v1/enterprises/" + std::string(kTaxB) + "/delegations",
                   R"({"provider":"7900123455"})")
                  .result_int(),
              201);

    // A voided stamp of A scanned in Hà Nội; a serial of A nobody issued; one of B.
    const std::int64_t id = OrderReady(2);
    const std::string first(StampsOf(id)[0].at("serial").as_string());
    ASSERT_EQ(Send("a", verb::post, "/api/v1/stamp-batches/" + std::to_string(id) + "/changes",
                   R"({"status":"voided","serials":[")" + first + R"("],"location":"8934567000017"})")
                  .result_int(),
              200);
    // A scan in the very millisecond of the change is not "after" it: let the clock move on.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto scan = [&](std::string_view gtin, std::string_view serial, std::string_view province) {
        HttpHeaders headers{{"Accept", "application/linkset+json"}};
        if (!province.empty()) headers.emplace_back("X-Client-Province", std::string(province));
        return client_->Send(verb::get, "/01/" + std::string(gtin) + "/21/" + std::string(serial), "", headers)
            .result_int();
    };
    scan(kGtinA, first, "01");
    scan(kGtinA, "NOBODYISSUED1", "");
    scan(kGtinB, "NOBODYISSUED2", "");
    node_->Scans().Flush();

    auto kinds = [&](const std::string& who, const std::string& query = "") {
        auto r = Send(who, verb::get, "/api/v1/signals" + query);
        EXPECT_EQ(r.result_int(), 200) << who << " " << r.body();
        EXPECT_EQ(r[boost::beast::http::field::cache_control], "private, no-store");
        std::multiset<std::string> out;
        const json::value page = Json(r);
        for (const auto& s : page.at("items").as_array()) {
            out.insert(std::string(s.at("kind").as_string()) + ":" + std::string(s.at("gtin").as_string()));
        }
        return out;
    };
    const std::string after_end = "scanned_after_end:" + std::string(kGtinA);
    const std::string unknown_a = "unknown_serial:" + std::string(kGtinA);
    const std::string unknown_b = "unknown_serial:" + std::string(kGtinB);
    EXPECT_EQ(kinds("admin"), (std::multiset<std::string>{after_end, unknown_a, unknown_b}));
    EXPECT_EQ(kinds("a"), (std::multiset<std::string>{after_end, unknown_a}));
    EXPECT_EQ(kinds("b"), (std::multiset<std::string>{unknown_b}));
    EXPECT_EQ(kinds("p"), (std::multiset<std::string>{unknown_b}));
    EXPECT_EQ(kinds("hcm"), (std::multiset<std::string>{after_end, unknown_a}));
    // Hà Nội: B's, and A's stamp scanned there.
    EXPECT_EQ(kinds("hn"), (std::multiset<std::string>{after_end, unknown_b}));
    EXPECT_EQ(kinds("admin", "?province=01&gtin=" + std::string(kGtinA)), (std::multiset<std::string>{after_end}));
    EXPECT_EQ(kinds("admin", "?gtin=" + std::string(kGtinA) + "&serial=" + first),
              (std::multiset<std::string>{after_end}));
    EXPECT_EQ(kinds("p", "?owner=" + std::string(kTaxB)), (std::multiset<std::string>{unknown_b}));

    // What a signal says.
    auto mine = Json(Send("a", verb::get, "/api/v1/signals?gtin=" + std::string(kGtinA) + "&serial=" + first));
    const auto& signal = mine.at("items").at(0);
    EXPECT_EQ(signal.at("owner"), json::value(std::string(kTaxA)));
    EXPECT_EQ(signal.at("ownerProvince"), "79");
    EXPECT_EQ(signal.at("provinces"), (json::array{"01"}));
    EXPECT_EQ(signal.at("count").as_int64(), 1);
    EXPECT_FALSE(signal.at("detail").as_string().empty());

    // Paging: a full page links to the next, with the filter kept.
    auto page = Send("admin", verb::get, "/api/v1/signals?limit=2&kind_is_not_a_filter=1");
    EXPECT_EQ(page.result_int(), 400);
    EXPECT_EQ(Rule(page), "query.unknown_parameter");
    std::size_t seen = 0;
    std::string target = "/api/v1/signals?limit=2";
    for (int pages = 0; pages < 5 && !target.empty(); ++pages) {
        auto r = Send("admin", verb::get, target);
        ASSERT_EQ(r.result_int(), 200) << r.body();
        seen += Json(r).at("items").as_array().size();
        const std::string link(r[boost::beast::http::field::link]);
        target = link.empty() ? "" : link.substr(1, link.find('>') - 1);
    }
    EXPECT_EQ(seen, 3u);

    // Outside one's reach, and bad filters, name the field and the rule.
    EXPECT_EQ(Send("", verb::get, "/api/v1/signals").result_int(), 401);
    auto others = Send("a", verb::get, "/api/v1/signals?owner=" + std::string(kTaxB));
    EXPECT_EQ(others.result_int(), 403);
    EXPECT_EQ(Where(others), "owner");
    auto not_delegated = Send("p", verb::get, "/api/v1/signals?owner=" + std::string(kTaxA));
    EXPECT_EQ(not_delegated.result_int(), 403);
    auto other_province = Send("hn", verb::get, "/api/v1/complaints?province=79");
    EXPECT_EQ(other_province.result_int(), 403);
    EXPECT_EQ(Where(other_province), "province");
    for (const auto& [query, where, rule] : {std::tuple{"?gtin=08934567000124", "gtin", ""},
                                             {"?serial=ABC", "serial", "query.serial_without_gtin"},
                                             {"?province=99", "province", ""},
                                             {"?owner=0314409059", "owner", "tax_code.check_digit"},
                                             {"?limit=0", "limit", "query.limit"},
                                             {"?limit=5&limit=6", "limit", "query.repeated"}}) {
        auto r = Send("admin", verb::get, std::string("/api/v1/signals") + query);
        EXPECT_EQ(r.result_int(), 400) << query;
        EXPECT_EQ(Where(r), where) << query << " " << r.body();
        if (std::string_view(rule).size() > 0) {
            EXPECT_EQ(Rule(r), rule) << query;
        }
    }

    // Complaints from the product page's form: A's, reported from Đà Nẵng.
    const std::string form = "code=https%3A%2F%2Fid.gs1.org%2F01%2F" + std::string(kGtinA) + "%2F21%2F" + first +
                             "&kind=counterfeit&message=Tem+l%E1%BA%A1&contact=0905+000+111&province=48";
    auto reported =
        client_->Send(verb::post, "/report", form,
                      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
    ASSERT_EQ(reported.result_int(), 201) << reported.body();
    auto complaints = [&](const std::string& who) {
        auto r = Send(who, verb::get, "/api/v1/complaints");
        EXPECT_EQ(r.result_int(), 200) << who << " " << r.body();
        return Json(r).at("items").as_array().size();
    };
    EXPECT_EQ(complaints("a"), 1u);
    EXPECT_EQ(complaints("hcm"), 1u);
    EXPECT_EQ(complaints("admin"), 1u);
    EXPECT_EQ(complaints("b"), 0u);
    EXPECT_EQ(complaints("hn"), 0u);
    EXPECT_EQ(complaints("p"), 0u);
    const auto c = Json(Send("a", verb::get, "/api/v1/complaints")).at("items").at(0);
    EXPECT_EQ(c.at("kind"), "counterfeit");
    EXPECT_EQ(c.at("message"), "Tem lạ");
    EXPECT_EQ(c.at("contact"), "0905 000 111");
    EXPECT_EQ(c.at("province"), "48");
    EXPECT_EQ(c.at("serial"), json::value(first));
    EXPECT_EQ(c.at("status"), "new");
}

}  // namespace
}  // namespace txng
