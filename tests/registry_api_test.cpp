// The portal API (/api/v1) end to end: a real server on 127.0.0.1 port 0 over a temporary store,
// with real API keys. The isolation matrix tries, for every kind of record, to read or change what
// belongs to another tenant, and checks that each attempt is refused with 403 and changes nothing.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "app/serve.hpp"
#include "gs1/dl_compression.hpp"
#include "registry/access.hpp"
#include "tests/support/barcode_reader.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/run_command.hpp"

namespace txng {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using boost::beast::http::verb;
using testing::HttpClient;
using testing::HttpHeaders;
using testing::HttpResponse;

// Tax codes with valid check digits, GLNs and GTINs with valid check digits.
constexpr std::string_view kTaxA = "0314409058";  // HCM (79), prefix 8934567
constexpr std::string_view kTaxB = "0101234565";  // Hà Nội (01), prefix 8930001
constexpr std::string_view kTaxP = "7900123455";  // solution provider, HCM
constexpr std::string_view kTaxC = "4800112239";  // created during the tests
constexpr std::string_view kGlnA = "8934567000017";
constexpr std::string_view kGlnA2 = "8934567000024";
constexpr std::string_view kGlnB = "8930001000018";
constexpr std::string_view kGlnB2 = "8930001000025";
constexpr std::string_view kGtinA = "08934567000123";
constexpr std::string_view kGtinB = "08930001000155";

json::value Json(const HttpResponse& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body(), ec);
    return ec ? json::value() : v;
}

std::string Rule(const HttpResponse& r) {
    auto v = Json(r);
    if (!v.is_object()) return {};
    const auto* rule = v.as_object().if_contains("rule");
    return rule && rule->is_string() ? std::string(rule->as_string()) : std::string();
}

std::string Enterprise(std::string_view tax, std::string_view name, std::string_view province,
                       std::vector<std::string> prefixes, std::string_view kind = "enterprise",
                       std::string_view status = "active") {
    json::array p;
    for (const auto& x : prefixes) p.emplace_back(json::object{{"prefix", x}});
    return json::serialize(
        json::object{{"taxCode", tax},
                     {"kind", kind},
                     {"name", json::object{{"vi", name}, {"en", "Test enterprise"}}},
                     {"address", json::object{{"street", "12 Lê Lợi"}, {"provinceCode", province}}},
                     {"gs1CompanyPrefixes", std::move(p)},
                     {"contacts", json::array{json::object{{"name", "Nguyễn Thị Hoa"}, {"email", "hoa@example.vn"}}}},
                     {"status", status}});
}

std::string Location(std::string_view gln, std::string_view name, std::string_view province,
                     std::string_view parent = "") {
    json::object o{{"gln", gln},
                   {"name", json::object{{"vi", name}}},
                   {"kind", "farm"},
                   {"address", json::object{{"provinceCode", province}}},
                   {"coordinates", json::object{{"latitude", 10.8}, {"longitude", 106.6}}}};
    if (!parent.empty()) o["parent"] = parent;
    return json::serialize(o);
}

std::string Product(std::string_view gtin, std::string_view name, std::string_view owner = "") {
    json::object o{{"gtin", gtin},
                   {"name", json::object{{"vi", name}, {"en", "Product"}}},
                   {"brand", "Sen Vàng"},
                   {"netContent", json::object{{"value", 500}, {"unitCode", "GRM"}}},
                   {"shelfLifeDays", 365},
                   {"origin", json::object{{"countryCode", "VN"}, {"provinceCode", "79"}}},
                   {"standards", json::array{"TCVN 12827:2019"}}};
    if (!owner.empty()) o["owner"] = owner;
    return json::serialize(o);
}

// An EPCIS document with one ObjectEvent of `action` on `epc` at `location` (Digital Links), with an
// optional destination party.
std::string Epcis(std::string_view epc, std::string_view action, std::string_view location,
                  std::string_view destination = "") {
    json::object event{{"type", "ObjectEvent"},
                       {"eventTime", "2026-06-01T08:00:00+07:00"},
                       {"eventTimeZoneOffset", "+07:00"},
                       {"epcList", json::array{epc}},
                       {"action", action},
                       {"bizStep", action == "ADD" ? "commissioning" : "shipping"},
                       {"bizLocation", json::object{{"id", "https://id.gs1.org/414/" + std::string(location)}}}};
    if (!destination.empty()) {
        event["destinationList"] = json::array{json::object{
            {"type", "owning_party"}, {"destination", "https://id.gs1.org/417/" + std::string(destination)}}};
    }
    return json::serialize(
        json::object{{"@context", json::array{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
                     {"type", "EPCISDocument"},
                     {"schemaVersion", "2.0"},
                     {"creationDate", "2026-06-01T01:00:00Z"},
                     {"epcisBody", json::object{{"eventList", json::array{std::move(event)}}}}});
}

std::string OneEvent(std::string_view epc, std::string_view location) {
    auto doc = json::parse(Epcis(epc, "OBSERVE", location));
    json::object event = doc.at("epcisBody").at("eventList").at(0).as_object();
    event["@context"] = json::array{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"};
    return json::serialize(event);
}

std::string DlOf(std::string_view gtin, std::string_view serial) {
    return "https://id.gs1.org/01/" + std::string(gtin) + "/21/" + std::string(serial);
}

class RegistryApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-registry-api-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        app::ServeConfig config;
        config.db = "sqlite:" + (dir_ / "store.db").string();
        config.listen = "127.0.0.1:0";
        config.store.clock = [this] { return now_; };
        now_ = epcis::DateTime::Parse("2026-06-01T00:00:00Z").value();
        auto node = app::Node::Create(config);
        ASSERT_TRUE(node) << node.error().ToString();
        node_ = std::move(*node);
        node_->Start();
        client_ = std::make_unique<HttpClient>(node_->Port(), "127.0.0.1", std::chrono::seconds(60));

        // The national admin's key is made as `txng admin create-key` makes it.
        service::NewKeyRequest admin{"ops", registry::Role::kNationalAdmin, "", "", {}, ""};
        auto created = node_->Registry().CreateKey(service::Caller{registry::CommandLine(), {}}, admin);
        ASSERT_TRUE(created) << created.error().ToString();
        keys_["admin"] = created->token;

        ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises", Enterprise(kTaxA, "Công ty A", "79", {"8934567"}))
                      .result_int(),
                  201);
        ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises", Enterprise(kTaxB, "Công ty B", "01", {"8930001"}))
                      .result_int(),
                  201);
        ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises",
                       Enterprise(kTaxP, "Giải pháp P", "79", {"8937777"}, "solution_provider"))
                      .result_int(),
                  201);
        MakeKey("a", R"({"name":"erp A","role":"enterprise","enterprise":"0314409058"})");
        MakeKey("a-read", R"({"name":"report A","role":"enterprise","enterprise":"0314409058","scopes":["read"]})");
        MakeKey("b", R"({"name":"erp B","role":"enterprise","enterprise":"0101234565"})");
        MakeKey("p", R"({"name":"platform P","role":"solution-provider","enterprise":"7900123455"})");
        MakeKey("hcm", R"({"name":"Sở KH&CN TP.HCM","role":"provincial-authority","province":"79"})");
        MakeKey("hn", R"({"name":"Sở KH&CN Hà Nội","role":"provincial-authority","province":"01"})");
        MakeKey("hcm-system", R"({"name":"Hệ thống TP.HCM","role":"provincial-system","province":"79"})");
        MakeKey("sync", R"({"name":"đồng bộ quốc gia","role":"national-sync"})");

        ASSERT_EQ(Send("a", verb::post, "/api/v1/locations", Location(kGlnA, "Trang trại A", "79")).result_int(), 201);
        ASSERT_EQ(Send("b", verb::post, "/api/v1/locations", Location(kGlnB, "Kho B", "01")).result_int(), 201);
        ASSERT_EQ(Send("a", verb::post, "/api/v1/products", Product(kGtinA, "Cà phê A")).result_int(), 201);
        ASSERT_EQ(Send("b", verb::post, "/api/v1/products", Product(kGtinB, "Gạo B")).result_int(), 201);
        ASSERT_EQ(Send("b", verb::post, std::string("/api/v1/enterprises/") + std::string(kTaxB) + "/delegations",
                       std::string(R"({"provider":")") + std::string(kTaxP) + "\"}")
                      .result_int(),
                  201);
    }

    void TearDown() override {
        client_.reset();
        node_.reset();
        fs::remove_all(dir_);
    }

    void MakeKey(const std::string& who, std::string body, const std::string& as = "admin") {
        auto r = Send(as, verb::post, "/api/v1/keys", std::move(body));
        ASSERT_EQ(r.result_int(), 201) << r.body();
        keys_[who] = std::string(Json(r).as_object().at("key").as_string());
    }

    // Sends as `who` ("" = anonymous) with a JSON body when given.
    HttpResponse Send(const std::string& who, verb method, std::string_view target, std::string body = "",
                      HttpHeaders headers = {}) {
        if (!who.empty()) headers.emplace_back("Authorization", "Bearer " + keys_.at(who));
        if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
        return client_->Send(method, target, std::move(body), headers);
    }

    // Captures `document` as `who` and waits until its job has finished; the 202 answer (its
    // Location names the job), or what came instead.
    HttpResponse CaptureAndWait(const std::string& who, std::string document) {
        auto r = Send(who, verb::post, "/capture", std::move(document), {{"Content-Type", "application/ld+json"}});
        EXPECT_EQ(r.result_int(), 202) << r.body();
        if (r.result_int() != 202) return r;
        const std::string job(r[boost::beast::http::field::location]);
        for (int i = 0; i < 2000 && Json(Send("admin", verb::get, job)).at("running").as_bool(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return r;
    }

    // A GET as `who`, repeated while the trace index is still loading (503 `trace.loading`).
    HttpResponse SendWhenLoaded(const std::string& who, std::string_view target) {
        HttpResponse r = Send(who, verb::get, target);
        for (int i = 0; i < 2000 && r.result_int() == 503; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            r = Send(who, verb::get, target);
        }
        return r;
    }

    // What the admin sees of `target`, and the number of audit entries that record changes.
    std::string Snapshot(std::string_view target) {
        json::value v = Json(Send("admin", verb::get, target));
        if (v.is_object()) v.as_object().erase("creationDate");  // when the answer was made, not what it says
        return json::serialize(v);
    }
    std::size_t Changes() {
        auto r = Send("admin", verb::get, "/api/v1/audit?limit=10000");
        std::size_t n = 0;
        const json::value body1 = Json(r);
        for (const auto& e : body1.as_object().at("items").as_array()) {
            // Changes only: reads recorded as privileged (audit.read, enterprise.read, events.read,
            // enterprise.list) are not.
            const std::string action(e.as_object().at("action").as_string());
            n += !action.ends_with(".read") && !action.ends_with(".list");
        }
        return n;
    }

    fs::path dir_;
    epcis::DateTime now_;
    std::unique_ptr<app::Node> node_;
    std::unique_ptr<HttpClient> client_;
    std::map<std::string, std::string> keys_;
};

std::string E(std::string_view tax) { return "/api/v1/enterprises/" + std::string(tax); }
std::string L(std::string_view gln) { return "/api/v1/locations/" + std::string(gln); }
std::string P(std::string_view gtin) { return "/api/v1/products/" + std::string(gtin); }

TEST_F(RegistryApiTest, IsolationMatrixRefusesEveryCrossTenantAttemptWith403AndChangesNothing) {
    struct Attempt {
        std::string what;
        std::string who;
        verb method;
        std::string target;
        std::string body;
        std::string watch;  // what must be unchanged (besides the audit log)
    };
    const std::string a_renamed = Enterprise(kTaxA, "Công ty A đổi tên", "79", {"8934567"});
    const std::string b_renamed = Enterprise(kTaxB, "Công ty B đổi tên", "01", {"8930001"});
    const std::string delegate_p = std::string(R"({"provider":")") + std::string(kTaxP) + "\"}";
    const std::string delegate_b = std::string(R"({"provider":")") + std::string(kTaxB) + "\"}";
    const std::vector<Attempt> attempts = {
        // Enterprise records.
        {"B renames A", "b", verb::put, E(kTaxA), a_renamed, E(kTaxA)},
        {"A renames B", "a", verb::put, E(kTaxB), b_renamed, E(kTaxB)},
        {"A adds a prefix to itself", "a", verb::put, E(kTaxA),
         Enterprise(kTaxA, "Công ty A", "79", {"8934567", "8934568"}), E(kTaxA)},
        {"A drops its own prefix", "a", verb::put, E(kTaxA), Enterprise(kTaxA, "Công ty A", "79", {}), E(kTaxA)},
        {"A suspends itself", "a", verb::put, E(kTaxA),
         Enterprise(kTaxA, "Công ty A", "79", {"8934567"}, "enterprise", "suspended"), E(kTaxA)},
        {"A changes its kind", "a", verb::put, E(kTaxA),
         Enterprise(kTaxA, "Công ty A", "79", {"8934567"}, "solution_provider"), E(kTaxA)},
        {"P renames A without delegation", "p", verb::put, E(kTaxA), a_renamed, E(kTaxA)},
        {"P changes B's prefixes though delegated", "p", verb::put, E(kTaxB),
         Enterprise(kTaxB, "Công ty B", "01", {"8930002"}), E(kTaxB)},
        {"Hà Nội authority renames an HCM enterprise", "hn", verb::put, E(kTaxA), a_renamed, E(kTaxA)},
        {"HCM authority moves A to Hà Nội", "hcm", verb::put, E(kTaxA),
         Enterprise(kTaxA, "Công ty A", "01", {"8934567"}), E(kTaxA)},
        {"HCM system renames a Hà Nội enterprise", "hcm-system", verb::put, E(kTaxB), b_renamed, E(kTaxB)},
        {"read-only key of A renames A", "a-read", verb::put, E(kTaxA), a_renamed, E(kTaxA)},
        {"A registers another enterprise", "a", verb::post, "/api/v1/enterprises",
         Enterprise(kTaxC, "Công ty C", "79", {"8935555"}), E(kTaxC)},
        {"P registers an enterprise", "p", verb::post, "/api/v1/enterprises",
         Enterprise(kTaxC, "Công ty C", "79", {"8935555"}), E(kTaxC)},
        {"Hà Nội authority registers an HCM enterprise", "hn", verb::post, "/api/v1/enterprises",
         Enterprise(kTaxC, "Công ty C", "79", {"8935555"}), E(kTaxC)},
        {"HCM authority suspends a Hà Nội enterprise", "hcm", verb::put, E(kTaxB),
         Enterprise(kTaxB, "Công ty B", "01", {"8930001"}, "enterprise", "suspended"), E(kTaxB)},
        // Products.
        {"A registers a product under B's prefix", "a", verb::post, "/api/v1/products", Product(kGtinB, "Giả mạo"),
         P(kGtinB)},
        {"A claims B's new GTIN as owner", "a", verb::post, "/api/v1/products",
         Product("08930001000162", "Giả mạo", kTaxA), P("08930001000162")},
        {"B changes A's product", "b", verb::put, P(kGtinA), Product(kGtinA, "Đổi tên"), P(kGtinA)},
        {"B changes A's product naming itself owner", "b", verb::put, P(kGtinA), Product(kGtinA, "Đổi", kTaxB),
         P(kGtinA)},
        {"P changes A's product without delegation", "p", verb::put, P(kGtinA), Product(kGtinA, "Đổi tên"), P(kGtinA)},
        {"Hà Nội authority changes an HCM product", "hn", verb::put, P(kGtinA), Product(kGtinA, "Đổi tên"), P(kGtinA)},
        {"HCM system registers a Hà Nội product", "hcm-system", verb::post, "/api/v1/products",
         Product("08930001000179", "Gạo"), P("08930001000179")},
        {"read-only key of A registers a product", "a-read", verb::post, "/api/v1/products",
         Product("08934567000130", "Trà"), P("08934567000130")},
        {"HCM authority changes a Hà Nội product", "hcm", verb::put, P(kGtinB), Product(kGtinB, "Đổi"), P(kGtinB)},
        // Locations.
        {"A registers a location under B's prefix", "a", verb::post, "/api/v1/locations", Location(kGlnB2, "Giả", "01"),
         L(kGlnB2)},
        {"B changes A's location", "b", verb::put, L(kGlnA), Location(kGlnA, "Đổi", "79"), L(kGlnA)},
        {"P changes A's location without delegation", "p", verb::put, L(kGlnA), Location(kGlnA, "Đổi", "79"), L(kGlnA)},
        {"Hà Nội authority changes an HCM location", "hn", verb::put, L(kGlnA), Location(kGlnA, "Đổi", "79"), L(kGlnA)},
        {"HCM system registers a Hà Nội location", "hcm-system", verb::post, "/api/v1/locations",
         Location(kGlnB2, "Kho", "01"), L(kGlnB2)},
        {"read-only key of A registers a location", "a-read", verb::post, "/api/v1/locations",
         Location(kGlnA2, "Kho", "79"), L(kGlnA2)},
        {"A changes B's location naming itself owner", "a", verb::put, L(kGlnB),
         json::serialize(json::object{{"gln", kGlnB},
                                      {"owner", kTaxA},
                                      {"name", {{"vi", "Đổi"}}},
                                      {"kind", "farm"},
                                      {"address", {{"provinceCode", "01"}}}}),
         L(kGlnB)},
        // Delegations.
        {"A makes itself act for B", "a", verb::post, E(kTaxB) + "/delegations", delegate_b, E(kTaxB) + "/delegations"},
        {"P delegates A to itself", "p", verb::post, E(kTaxA) + "/delegations", delegate_p, E(kTaxA) + "/delegations"},
        {"A withdraws B's delegation", "a", verb::delete_, E(kTaxB) + "/delegations/" + std::string(kTaxP), "",
         E(kTaxB) + "/delegations"},
        {"Hà Nội authority delegates an HCM enterprise", "hn", verb::post, E(kTaxA) + "/delegations", delegate_p,
         E(kTaxA) + "/delegations"},
        {"A reads who acts for B", "a", verb::get, E(kTaxB) + "/delegations", "", E(kTaxB) + "/delegations"},
        // Keys.
        {"A makes a national admin key", "a", verb::post, "/api/v1/keys", R"({"name":"x","role":"national-admin"})",
         "/api/v1/keys"},
        {"A makes a key for B", "a", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"enterprise","enterprise":"0101234565"})", "/api/v1/keys"},
        {"A makes a provincial authority key", "a", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"provincial-authority","province":"79"})", "/api/v1/keys"},
        {"A makes a provider key for P", "a", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"solution-provider","enterprise":"7900123455"})", "/api/v1/keys"},
        {"HCM authority makes a key for a provider whose clients are elsewhere", "hcm", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"solution-provider","enterprise":"7900123455"})", "/api/v1/keys"},
        {"Hà Nội authority makes a key for an HCM enterprise", "hn", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"enterprise","enterprise":"0314409058"})", "/api/v1/keys"},
        {"Hà Nội authority makes HCM's system key", "hn", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"provincial-system","province":"79"})", "/api/v1/keys"},
        {"HCM authority makes a national sync key", "hcm", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"national-sync"})", "/api/v1/keys"},
        {"HCM system makes a key", "hcm-system", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"enterprise","enterprise":"0314409058"})", "/api/v1/keys"},
        {"read-only key of A makes a key", "a-read", verb::post, "/api/v1/keys",
         R"({"name":"x","role":"enterprise","enterprise":"0314409058"})", "/api/v1/keys"},
        // Audit log.
        {"A reads the audit log", "a", verb::get, "/api/v1/audit", "", "/api/v1/keys"},
        {"P reads the audit log", "p", verb::get, "/api/v1/audit", "", "/api/v1/keys"},
        {"Hà Nội authority reads HCM's audit entries", "hn", verb::get, "/api/v1/audit?province=79", "",
         "/api/v1/keys"},
        {"the national sync key reads the audit log", "sync", verb::get, "/api/v1/audit", "", "/api/v1/keys"},
        // EPCIS capture: what one captures is checked event by event.
        {"A commissions B's GTIN at its own farm", "a", verb::post, "/capture", Epcis(DlOf(kGtinB, "1"), "ADD", kGlnA),
         "/events?perPage=1000"},
        {"A commissions a GTIN nobody registered", "a", verb::post, "/capture",
         Epcis(DlOf("08939999000192", "1"), "ADD", kGlnA), "/events?perPage=1000"},
        {"A records an event at B's warehouse", "a", verb::post, "/capture", Epcis(DlOf(kGtinA, "1"), "OBSERVE", kGlnB),
         "/events?perPage=1000"},
        {"P records at A's farm without delegation", "p", verb::post, "/capture",
         Epcis(DlOf(kGtinA, "1"), "OBSERVE", kGlnA), "/events?perPage=1000"},
        {"Hà Nội's authority is not a capturing system", "hn", verb::post, "/capture",
         Epcis(DlOf(kGtinB, "1"), "OBSERVE", kGlnB), "/events?perPage=1000"},
        {"HCM's system records at a Hà Nội warehouse", "hcm-system", verb::post, "/capture",
         Epcis(DlOf(kGtinB, "1"), "OBSERVE", kGlnB), "/events?perPage=1000"},
        {"read-only key of A captures at A's farm", "a-read", verb::post, "/capture",
         Epcis(DlOf(kGtinA, "1"), "ADD", kGlnA), "/events?perPage=1000"},
        {"A posts one event at B's warehouse", "a", verb::post, "/events", OneEvent(DlOf(kGtinA, "2"), kGlnB),
         "/events?perPage=1000"},
        {"A's master data describes B's warehouse", "a", verb::post, "/capture",
         [] {
             json::value d = json::parse(Epcis(DlOf(kGtinA, "60"), "OBSERVE", kGlnA));
             d.as_object()["epcisHeader"] = json::object{
                 {"epcisMasterData",
                  json::object{{"vocabularyList",
                                json::array{json::object{
                                    {"type", "urn:epcglobal:epcis:vtype:BusinessLocation"},
                                    {"vocabularyElementList",
                                     json::array{json::object{
                                         {"id", "https://id.gs1.org/414/" + std::string(kGlnB)},
                                         {"attributes", json::array{json::object{{"id", "urn:epcglobal:cbv:mda#name"},
                                                                                 {"attribute", "Kho giả"}}}}}}}}}}}}};
             return json::serialize(d);
         }(),
         "/events?perPage=1000"},
        {"A transforms its coffee into B's rice", "a", verb::post, "/capture",
         json::serialize(json::object{
             {"@context", json::array{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
             {"type", "EPCISDocument"},
             {"schemaVersion", "2.0"},
             {"creationDate", "2026-06-01T01:00:00Z"},
             {"epcisBody",
              json::object{{"eventList",
                            json::array{json::object{
                                {"type", "TransformationEvent"},
                                {"eventTime", "2026-06-01T08:00:00+07:00"},
                                {"eventTimeZoneOffset", "+07:00"},
                                {"inputEPCList", json::array{DlOf(kGtinA, "1")}},
                                {"outputEPCList", json::array{DlOf(kGtinB, "77")}},
                                {"bizStep", "commissioning"},
                                {"bizLocation", json::object{{"id", "https://id.gs1.org/414/" + std::string(kGlnA)}}}}}}}}}),
         "/events?perPage=1000"},
        {"A records at B's warehouse through its own read point", "a", verb::post, "/capture",
         [] {
             json::value d = json::parse(Epcis(DlOf(kGtinA, "61"), "OBSERVE", kGlnB));
             d.as_object()["epcisBody"].as_object()["eventList"].as_array()[0].as_object()["readPoint"] =
                 json::object{{"id", "https://id.gs1.org/414/" + std::string(kGlnA)}};
             return json::serialize(d);
         }(),
         "/events?perPage=1000"},
        {"A moves itself to Hà Nội", "a", verb::put, E(kTaxA), Enterprise(kTaxA, "Công ty A", "01", {"8934567"}),
         E(kTaxA)},
        {"A tests B's purchase orders through a query", "a", verb::get,
         "/events?EQ_bizTransaction_po=urn%3Aepcglobal%3Acbv%3Abt%3A8930001000018%3APO-42", "", "/events?perPage=1000"},
        {"A counts events it cannot see", "a", verb::get,
         "/events?MATCH_epc=https%3A%2F%2Fid.gs1.org%2F01%2F08930001000155%2F21%2F1&maxEventCount=1", "",
         "/events?perPage=1000"},
        {"read-only key of A saves a named query", "a-read", verb::post, "/queries",
         R"({"name":"mine","query":{"EQ_bizStep":["shipping"]}})", "/queries"},
    };
    ASSERT_GE(attempts.size(), 66u);
    for (const auto& a : attempts) {
        SCOPED_TRACE(a.what);
        const std::string before = Snapshot(a.watch);
        const std::size_t changes = Changes();
        auto r = Send(a.who, a.method, a.target, a.body);
        EXPECT_EQ(r.result_int(), 403) << a.what << ": " << r.body();
        EXPECT_EQ(Json(r).as_object().at("status").to_number<int>(), 403) << r.body();
        EXPECT_EQ(Snapshot(a.watch), before) << a.what;
        EXPECT_EQ(Changes(), changes) << a.what;
    }
}

TEST_F(RegistryApiTest, KeysOfOtherTenantsCannotBeRevokedAndRevokedKeysStopWorking) {
    auto list = Send("a", verb::get, "/api/v1/keys");
    ASSERT_EQ(list.result_int(), 200);
    std::string a_key_id;
    const json::value body2 = Json(list);
    for (const auto& k : body2.as_object().at("items").as_array()) {
        EXPECT_EQ(k.as_object().at("enterprise").as_string(), kTaxA) << "A sees only its own keys";
        EXPECT_FALSE(k.as_object().contains("key")) << "secrets are never listed";
        if (k.as_object().at("name").as_string() == "erp A") a_key_id = std::string(k.as_object().at("id").as_string());
    }
    ASSERT_FALSE(a_key_id.empty());
    for (const std::string who : {"b", "p", "hn", "hcm-system"}) {
        auto r = Send(who, verb::delete_, "/api/v1/keys/" + a_key_id);
        EXPECT_EQ(r.result_int(), 403) << who << ": " << r.body();
    }
    EXPECT_EQ(Send("a", verb::get, "/api/v1/me").result_int(), 200) << "still valid";
    // HCM's authority may revoke keys of HCM enterprises.
    auto revoked = Send("hcm", verb::delete_, "/api/v1/keys/" + a_key_id);
    ASSERT_EQ(revoked.result_int(), 200) << revoked.body();
    EXPECT_FALSE(Json(revoked).as_object().at("revokedAt").as_string().empty());
    auto after = Send("a", verb::get, "/api/v1/me");
    EXPECT_EQ(after.result_int(), 401);
    EXPECT_EQ(Rule(after), "auth.invalid_key");
    EXPECT_NE(after.find(boost::beast::http::field::www_authenticate), after.end());
}

TEST_F(RegistryApiTest, RevokingAKeyRevokesTheKeysItMadeWhichExpireNoLaterThanIt) {
    // Key ids by name, as the owner lists them.
    auto made = [&](const std::string& who, const std::string& as, const std::string& body) {
        auto r = Send(as, verb::post, "/api/v1/keys", body);
        EXPECT_EQ(r.result_int(), 201) << r.body();
        const json::value v = Json(r);
        keys_[who] = std::string(v.at("key").as_string());
        return std::string(v.at("id").as_string());
    };
    const std::string a1 = made("a1", "a",
                                R"({"name":"a1","role":"enterprise","enterprise":"0314409058",)"
                                R"("expiresAt":"2026-07-01T00:00:00Z"})");
    const std::string a2 = made("a2", "a1", R"({"name":"a2","role":"enterprise","enterprise":"0314409058"})");
    const std::string a3 = made("a3", "a1",
                                R"({"name":"a3","role":"enterprise","enterprise":"0314409058",)"
                                R"("expiresAt":"2026-06-15T00:00:00Z"})");
    const std::string a4 = made("a4", "a", R"({"name":"a4","role":"enterprise","enterprise":"0314409058"})");
    // A key never outlives the key that made it.
    auto expiry = [&](const std::string& id) {
        const json::value v = Json(Send("admin", verb::get, "/api/v1/keys/" + id));
        const auto* at = v.as_object().if_contains("expiresAt");
        return at == nullptr ? std::string() : std::string(at->as_string());
    };
    EXPECT_EQ(expiry(a2), "2026-07-01T00:00:00.000Z");
    EXPECT_EQ(expiry(a3), "2026-06-15T00:00:00.000Z") << "an earlier expiry stays";
    EXPECT_EQ(expiry(a4), "");

    auto bad = Send("a", verb::delete_, "/api/v1/keys/" + a3 + "?keepKeysMade=perhaps");
    EXPECT_EQ(bad.result_int(), 400);
    EXPECT_EQ(Rule(bad), "query.boolean");
    // Keeping what it made: a1 goes, a2 stays.
    ASSERT_EQ(Send("a", verb::delete_, "/api/v1/keys/" + a1 + "?keepKeysMade=true").result_int(), 200);
    EXPECT_EQ(Send("a1", verb::get, "/api/v1/me").result_int(), 401);
    EXPECT_EQ(Send("a2", verb::get, "/api/v1/me").result_int(), 200);
    // By default everything the key made goes with it, and what those made.
    auto list = Json(Send("admin", verb::get, "/api/v1/keys"));
    std::string a_id;
    for (const auto& k : list.at("items").as_array()) {
        if (k.at("name").as_string() == "erp A") a_id = std::string(k.at("id").as_string());
    }
    ASSERT_FALSE(a_id.empty());
    ASSERT_EQ(Send("admin", verb::delete_, "/api/v1/keys/" + a_id).result_int(), 200);
    for (const std::string who : {"a", "a2", "a3", "a4"}) {
        EXPECT_EQ(Send(who, verb::get, "/api/v1/me").result_int(), 401) << who;
    }
    EXPECT_EQ(Send("a-read", verb::get, "/api/v1/me").result_int(), 200) << "made by the admin, not by A's key";
}

TEST_F(RegistryApiTest, ASuspendedEnterprisesKeysStopAndItsProviderNoLongerActsForIt) {
    auto me = Json(Send("p", verb::get, "/api/v1/me"));
    ASSERT_TRUE(me.as_object().contains("actsFor")) << json::serialize(me);
    EXPECT_EQ(me.at("actsFor").as_array().size(), 1u);
    ASSERT_EQ(
        Send("admin", verb::put, E(kTaxB), Enterprise(kTaxB, "Công ty B", "01", {"8930001"}, "enterprise", "suspended"))
            .result_int(),
        200);
    for (const std::string target : {"/api/v1/me", "/events"}) {
        auto r = Send("b", verb::get, target);
        EXPECT_EQ(r.result_int(), 403) << target << ": " << r.body();
        EXPECT_EQ(Rule(r), "auth.enterprise_suspended");
    }
    me = Json(Send("p", verb::get, "/api/v1/me"));
    EXPECT_FALSE(me.as_object().contains("actsFor")) << json::serialize(me);
    auto capture = Send("p", verb::post, "/capture", Epcis(DlOf(kGtinB, "9"), "OBSERVE", kGlnB),
                        {{"Content-Type", "application/ld+json"}});
    EXPECT_EQ(capture.result_int(), 403) << capture.body();
    // Reactivated, all works again.
    ASSERT_EQ(Send("admin", verb::put, E(kTaxB), Enterprise(kTaxB, "Công ty B", "01", {"8930001"})).result_int(), 200);
    EXPECT_EQ(Send("b", verb::get, "/api/v1/me").result_int(), 200);
    EXPECT_EQ(Json(Send("p", verb::get, "/api/v1/me")).at("actsFor").as_array().size(), 1u);
}

TEST_F(RegistryApiTest, UnknownKeysWrongSecretsAndRevokedKeysLookTheSame) {
    const std::string real = keys_.at("b");
    std::string wrong_secret = real;
    wrong_secret.back() = wrong_secret.back() == 'a' ? 'b' : 'a';
    std::string unknown_id = real;
    unknown_id[5] = unknown_id[5] == 'a' ? 'b' : 'a';
    std::string detail;
    for (const auto& token : {wrong_secret, unknown_id}) {
        auto r = client_->Send(verb::get, "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
        EXPECT_EQ(r.result_int(), 401);
        EXPECT_EQ(Rule(r), "auth.invalid_key");
        const std::string d(Json(r).as_object().at("detail").as_string());
        if (detail.empty()) detail = d;
        EXPECT_EQ(d, detail);
    }
    auto garbage = client_->Send(verb::get, "/api/v1/me", "", {{"Authorization", "Bearer nonsense"}});
    EXPECT_EQ(garbage.result_int(), 401);
    EXPECT_EQ(Rule(garbage), "auth.key_format");
    auto basic = client_->Send(verb::get, "/api/v1/me", "", {{"Authorization", "Basic dXNlcjpwYXNz"}});
    EXPECT_EQ(basic.result_int(), 401);
    EXPECT_EQ(Rule(basic), "auth.scheme");
}

TEST_F(RegistryApiTest, KeysExpireByTheClock) {
    MakeKey("short",
            R"({"name":"tạm","role":"enterprise","enterprise":"0314409058","expiresAt":"2026-06-02T00:00:00Z"})", "a");
    EXPECT_EQ(Send("short", verb::get, "/api/v1/me").result_int(), 200);
    now_ = epcis::DateTime::Parse("2026-06-02T00:00:00.001Z").value();
    auto r = Send("short", verb::get, "/api/v1/me");
    EXPECT_EQ(r.result_int(), 401);
    EXPECT_EQ(Rule(r), "auth.invalid_key");
    auto past =
        Send("a", verb::post, "/api/v1/keys",
             R"({"name":"x","role":"enterprise","enterprise":"0314409058","expiresAt":"2020-01-01T00:00:00Z"})");
    EXPECT_EQ(past.result_int(), 400);
    EXPECT_EQ(Rule(past), "key.expires_at");
}

TEST_F(RegistryApiTest, ThePublicSeesEnterprisesWithoutContactsAndCannotWrite) {
    auto pub = Send("", verb::get, E(kTaxA));
    ASSERT_EQ(pub.result_int(), 200);
    EXPECT_TRUE(Json(pub).as_object().at("contacts").as_array().empty());
    auto own = Send("a", verb::get, E(kTaxA));
    EXPECT_EQ(Json(own).as_object().at("contacts").as_array().size(), 1u);
    auto other = Send("b", verb::get, E(kTaxA));
    EXPECT_TRUE(Json(other).as_object().at("contacts").as_array().empty()) << "B gets the public view of A";
    auto hcm = Send("hcm", verb::get, E(kTaxA));
    EXPECT_EQ(Json(hcm).as_object().at("contacts").as_array().size(), 1u) << "the province sees its enterprises";
    // Products are public master data.
    EXPECT_EQ(Send("", verb::get, P(kGtinA)).result_int(), 200);
    auto write = Send("", verb::post, "/api/v1/products", Product("08934567000130", "Trà"));
    EXPECT_EQ(write.result_int(), 401);
    EXPECT_EQ(Rule(write), "auth.required");
    EXPECT_NE(write.find(boost::beast::http::field::www_authenticate), write.end());
}

TEST_F(RegistryApiTest, OwnersProvidersAndProvincesWriteWhatIsTheirs) {
    // A renames itself and keeps its prefixes.
    auto renamed = Send("a", verb::put, E(kTaxA), Enterprise(kTaxA, "Công ty Cổ phần A", "79", {"8934567"}));
    ASSERT_EQ(renamed.result_int(), 200) << renamed.body();
    EXPECT_EQ(Json(renamed).as_object().at("name").as_object().at("vi").as_string(), "Công ty Cổ phần A");
    // P acts for B, which delegated to it, and the owner of what it writes is B.
    auto by_p = Send("p", verb::post, "/api/v1/products", Product("08930001000179", "Gạo ST25"));
    ASSERT_EQ(by_p.result_int(), 201) << by_p.body();
    EXPECT_EQ(Json(by_p).as_object().at("owner").as_string(), kTaxB);
    EXPECT_EQ(by_p.find(boost::beast::http::field::location)->value(), "/api/v1/products/08930001000179");
    // Once B withdraws the delegation, P can no longer write for it.
    ASSERT_EQ(Send("b", verb::delete_, E(kTaxB) + "/delegations/" + std::string(kTaxP)).result_int(), 200);
    EXPECT_EQ(Send("p", verb::put, "/api/v1/products/08930001000179", Product("08930001000179", "Gạo")).result_int(),
              403);
    // HCM's authority registers an HCM enterprise; the national sync key writes anywhere.
    EXPECT_EQ(
        Send("hcm", verb::post, "/api/v1/enterprises", Enterprise(kTaxC, "Công ty C", "79", {"8935555"})).result_int(),
        201);
    EXPECT_EQ(Send("sync", verb::put, P(kGtinB), Product(kGtinB, "Gạo B (đồng bộ)")).result_int(), 200);
    // A location inside another: the parent must exist.
    auto orphan = Send("a", verb::post, "/api/v1/locations", Location(kGlnA2, "Kho", "79", "8934567000031"));
    EXPECT_EQ(orphan.result_int(), 400);
    EXPECT_EQ(Rule(orphan), "location.parent_unknown");
    EXPECT_EQ(Send("a", verb::post, "/api/v1/locations", Location(kGlnA2, "Kho", "79", kGlnA)).result_int(), 201);
}

TEST_F(RegistryApiTest, BadInputNamesTheFieldAndTheRule) {
    struct Case {
        std::string target;
        std::string body;
        int status;
        std::string where;
        std::string rule;
    };
    const std::vector<Case> cases = {
        {"/api/v1/enterprises", Enterprise("0314409057", "X", "79", {}), 400, "taxCode", "tax_code.check_digit"},
        {"/api/v1/enterprises", Enterprise(kTaxC, "X", "99", {}), 400, "address.provinceCode", "province.unknown"},
        {"/api/v1/enterprises", Enterprise(kTaxC, "X", "79", {"89312"}), 400, "gs1CompanyPrefixes[0].prefix",
         "company_prefix.syntax"},
        {"/api/v1/enterprises", Enterprise(kTaxC, "X", "79", {"8934567"}), 409, "gs1CompanyPrefixes",
         "registry.prefix_taken"},
        {"/api/v1/enterprises", Enterprise(kTaxA, "X", "79", {}), 409, "enterprise", "registry.exists"},
        {"/api/v1/enterprises", R"({"taxCode":"4800112239","name":{"vi":"X"},"address":{"provinceCode":"79"},"fax":1})",
         400, "fax", "field.unknown"},
        {"/api/v1/enterprises", R"({"taxCode":"4800112239","address":{"provinceCode":"79"}})", 400, "name",
         "field.required"},
        {"/api/v1/enterprises", "{not json", 400, "$", "json.syntax"},
        {"/api/v1/locations", Location("8934567000018", "X", "79"), 400, "gln", "gln.check_digit"},
        {"/api/v1/locations", Location("8939999000017", "X", "79"), 400, "gln", "registry.prefix_unknown"},
        {"/api/v1/products", Product("08934567000124", "X"), 400, "gtin", "gtin.check_digit"},
        {"/api/v1/products", R"({"gtin":"08934567000130","name":{"vi":"X"},"netContent":{"value":1,"unitCode":"bag"}})",
         400, "netContent.unitCode", "net_content.unit"},
        {"/api/v1/products", R"({"gtin":"08934567000130","name":{"vi":"X"},"standards":["my own"]})", 400,
         "standards[0]", "standard.family"},
        {"/api/v1/keys", R"({"name":"x","role":"emperor"})", 400, "role", "role.unknown"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        auto r = Send("admin", verb::post, c.target, c.body);
        EXPECT_EQ(r.result_int(), c.status) << r.body();
        EXPECT_EQ(r[boost::beast::http::field::content_type], "application/problem+json");
        auto v = Json(r).as_object();
        EXPECT_EQ(v.at("rule").as_string(), c.rule) << r.body();
        EXPECT_EQ(v.at("where").as_string(), c.where) << r.body();
    }
    auto text = client_->Send(verb::post, "/api/v1/products", "gtin=1",
                              {{"Authorization", "Bearer " + keys_.at("admin")}, {"Content-Type", "text/plain"}});
    EXPECT_EQ(text.result_int(), 415);
    auto unknown_param = Send("", verb::get, "/api/v1/products?colour=red");
    EXPECT_EQ(unknown_param.result_int(), 400);
    EXPECT_EQ(Rule(unknown_param), "query.unknown_parameter");
    // A pre-2025 province code is accepted and translated; the old one is kept.
    auto old = Send("admin", verb::post, "/api/v1/enterprises", Enterprise(kTaxC, "HTX Lục Ngạn", "24", {"8935555"}));
    ASSERT_EQ(old.result_int(), 201) << old.body();
    auto merged = Send("admin", verb::post, "/api/v1/enterprises", Enterprise("0200456784", "HTX Hà Giang", "02", {}));
    ASSERT_EQ(merged.result_int(), 201) << merged.body();
    const auto address = Json(merged).as_object().at("address").as_object();
    EXPECT_EQ(address.at("provinceCode").as_string(), "08");
    EXPECT_EQ(address.at("formerProvinceCode").as_string(), "02");
}

TEST_F(RegistryApiTest, ListingsPageWithLinkHeaders) {
    std::vector<std::string> seen;
    std::string target = "/api/v1/enterprises?limit=1";
    for (int guard = 0; guard < 10 && !target.empty(); ++guard) {
        auto r = Send("", verb::get, target);
        ASSERT_EQ(r.result_int(), 200) << r.body();
        const json::value body3 = Json(r);
        for (const auto& e : body3.as_object().at("items").as_array()) {
            seen.emplace_back(e.as_object().at("taxCode").as_string());
        }
        auto link = r.find(boost::beast::http::field::link);
        target.clear();
        if (link != r.end()) {
            const std::string v(link->value());
            target = v.substr(v.find('<') + 1, v.find('>') - v.find('<') - 1);
        }
    }
    EXPECT_EQ(seen, (std::vector<std::string>{std::string(kTaxB), std::string(kTaxA), std::string(kTaxP)}));
    auto hn = Send("", verb::get, "/api/v1/enterprises?province=01");
    ASSERT_EQ(Json(hn).as_object().at("items").as_array().size(), 1u);
    auto bad = Send("", verb::get, "/api/v1/products?limit=0");
    EXPECT_EQ(bad.result_int(), 400);
}

TEST_F(RegistryApiTest, TheAuditLogRecordsWhoDidWhatAndProvincesSeeTheirOwn) {
    auto all = Send("admin", verb::get, "/api/v1/audit?limit=10000");
    ASSERT_EQ(all.result_int(), 200);
    std::size_t creates = 0;
    const json::value body4 = Json(all);
    for (const auto& e : body4.as_object().at("items").as_array()) {
        const auto& o = e.as_object();
        EXPECT_FALSE(o.at("at").as_string().empty());
        if (o.at("action").as_string() == "product.create" && o.at("resource").as_string() == kGtinA) {
            ++creates;
            EXPECT_EQ(o.at("actorRole").as_string(), "enterprise");
            EXPECT_EQ(o.at("actorSubject").as_string(), kTaxA);
            EXPECT_TRUE(o.at("remoteAddress").as_string().starts_with("127.0.0.1:"));
            EXPECT_EQ(o.at("province").as_string(), "79");
        }
    }
    EXPECT_EQ(creates, 1u);
    auto hcm = Send("hcm", verb::get, "/api/v1/audit?limit=10000");
    ASSERT_EQ(hcm.result_int(), 200);
    const json::value body5 = Json(hcm);
    for (const auto& e : body5.as_object().at("items").as_array()) {
        EXPECT_EQ(e.as_object().at("province").as_string(), "79");
    }
    // Reading the audit log is itself recorded.
    auto again = Send("admin", verb::get, "/api/v1/audit?action=audit.read");
    bool hcm_read = false;
    const json::value body6 = Json(again);
    for (const auto& e : body6.as_object().at("items").as_array()) {
        hcm_read |= e.as_object().at("actorRole").as_string() == "provincial-authority";
    }
    EXPECT_TRUE(hcm_read);
    auto csv = Send("admin", verb::get, "/api/v1/audit?format=csv");
    ASSERT_EQ(csv.result_int(), 200);
    EXPECT_EQ(csv[boost::beast::http::field::content_type], "text/csv; charset=utf-8");
    EXPECT_TRUE(csv.body().starts_with("\xEF\xBB\xBFid,"));
    EXPECT_NE(csv.body().find("product.create"), std::string::npos);
}

TEST_F(RegistryApiTest, TenantsCaptureTheirOwnEventsAndTheCaptureIsAudited) {
    auto accepted = [&](const std::string& who, std::string body) {
        auto r = Send(who, verb::post, "/capture", std::move(body), {{"Content-Type", "application/ld+json"}});
        EXPECT_EQ(r.result_int(), 202) << who << ": " << r.body();
        return std::string(r[boost::beast::http::field::location]);
    };
    std::vector<std::string> jobs;
    jobs.push_back(accepted("a", Epcis(DlOf(kGtinA, "1"), "ADD", kGlnA)));  // A commissions its own product
    // A ships to B from its own farm; B receives it at its warehouse naming A's party as source.
    jobs.push_back(accepted("a", Epcis(DlOf(kGtinA, "1"), "OBSERVE", kGlnA, kGlnB)));
    jobs.push_back(accepted("b", Epcis(DlOf(kGtinA, "1"), "OBSERVE", kGlnB)));
    jobs.push_back(accepted("p", Epcis(DlOf(kGtinB, "7"), "ADD", kGlnB)));  // P acts for B
    jobs.push_back(accepted("hcm-system", Epcis(DlOf(kGtinA, "2"), "OBSERVE", kGlnA)));
    jobs.push_back(accepted("sync", Epcis(DlOf(kGtinB, "9"), "ADD", kGlnB)));
    for (const auto& job : jobs) {
        for (int i = 0; i < 2000; ++i) {
            auto r = Send("admin", verb::get, job);
            if (Json(r).as_object().at("running").as_bool()) continue;
            EXPECT_TRUE(Json(r).as_object().at("success").as_bool()) << r.body();
            break;
        }
    }
    auto events = Send("admin", verb::get, "/events?perPage=100");
    ASSERT_EQ(events.result_int(), 200) << events.body();
    const json::value body = Json(events);
    EXPECT_EQ(body.at("epcisBody").at("queryResults").at("resultsBody").at("eventList").as_array().size(), 6u);
    // The audit log has one entry per capture, naming who captured it.
    // (It is written just after the capture is accepted, off the request's thread: wait for it.)
    json::value audit;
    for (int i = 0; i < 500; ++i) {
        audit = Json(Send("admin", verb::get, "/api/v1/audit?action=events.capture"));
        if (audit.at("items").as_array().size() >= jobs.size()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(audit.at("items").as_array().size(), jobs.size());
    const std::string by_p_id = jobs[3].substr(jobs[3].rfind('/') + 1);
    bool found = false;
    for (const auto& e : audit.at("items").as_array()) {
        if (e.at("resource").as_string() != by_p_id) continue;
        found = true;
        EXPECT_EQ(e.at("actorRole").as_string(), "solution-provider");
        EXPECT_EQ(e.at("actorSubject").as_string(), kTaxP);
    }
    EXPECT_TRUE(found) << by_p_id;
    // Without a key nothing is captured or read (this server does not open reads to everyone).
    auto anonymous = client_->Send(verb::post, "/capture", Epcis(DlOf(kGtinA, "3"), "ADD", kGlnA),
                                   {{"Content-Type", "application/ld+json"}});
    EXPECT_EQ(anonymous.result_int(), 401);
    EXPECT_NE(anonymous.find(boost::beast::http::field::www_authenticate), anonymous.end());
    EXPECT_EQ(client_->Send(verb::get, "/events").result_int(), 401);
    EXPECT_EQ(client_->Send(verb::get, "/healthz").result_int(), 200);
    // A read-only key reads.
    EXPECT_EQ(Send("a-read", verb::get, "/events").result_int(), 200);
    // The registered prefixes give EPC URNs their company prefix length (8934567: seven digits).
    auto urn =
        Send("a-read", verb::get, "/events?EQ_bizStep=commissioning", "", {{"GS1-EPC-Format", "Always_EPC_URN"}});
    ASSERT_EQ(urn.result_int(), 200) << urn.body();
    EXPECT_NE(urn.body().find("urn:epc:id:sgtin:8934567.000012.1"), std::string::npos) << urn.body();
}

// One ObjectEvent OBSERVE (or ADD) with an eventID, at `location`, with optional source and
// destination parties and a purchase order.
json::object Event(std::string_view id, std::string_view epc, std::string_view location, std::string_view action,
                   std::string_view source = "", std::string_view destination = "", bool with_po = false) {
    json::object e{{"type", "ObjectEvent"},
                   {"eventID", id},
                   {"eventTime", "2026-06-01T08:00:00+07:00"},
                   {"eventTimeZoneOffset", "+07:00"},
                   {"epcList", json::array{epc}},
                   {"action", action},
                   {"bizLocation", json::object{{"id", "https://id.gs1.org/414/" + std::string(location)}}},
                   {"example:note", "riêng tư / private"}};
    if (!source.empty()) {
        e["sourceList"] = json::array{
            json::object{{"type", "owning_party"}, {"source", "https://id.gs1.org/417/" + std::string(source)}}};
    }
    if (!destination.empty()) {
        e["destinationList"] = json::array{json::object{
            {"type", "owning_party"}, {"destination", "https://id.gs1.org/417/" + std::string(destination)}}};
    }
    if (with_po) {
        e["bizTransactionList"] =
            json::array{json::object{{"type", "po"}, {"bizTransaction", "urn:epcglobal:cbv:bt:8930001000018:PO-42"}}};
    }
    return e;
}

std::string Document(json::array events) {
    return json::serialize(
        json::object{{"@context", json::array{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                                              json::object{{"example", "https://example.vn/epcis/"}}}},
                     {"type", "EPCISDocument"},
                     {"schemaVersion", "2.0"},
                     {"creationDate", "2026-06-01T01:00:00Z"},
                     {"epcisBody", json::object{{"eventList", std::move(events)}}}});
}

TEST_F(RegistryApiTest, TenantsReadTheirOwnEventsAndWhereTheirGoodsWent) {
    const std::string coffee = DlOf(kGtinA, "100");
    const std::string rice = DlOf(kGtinB, "200");
    // e1: A commissions its coffee at its farm; e2: A ships it to B; e3: B receives it at its
    // warehouse against B's purchase order, naming nobody; e4: B commissions its rice.
    auto job = CaptureAndWait(
        "sync", Document(json::array{
                    Event("urn:uuid:00000000-0000-4000-8000-000000000001", coffee, kGlnA, "ADD"),
                    Event("urn:uuid:00000000-0000-4000-8000-000000000002", coffee, kGlnA, "OBSERVE", "", kGlnB),
                    Event("urn:uuid:00000000-0000-4000-8000-000000000003", coffee, kGlnB, "OBSERVE", "", "", true),
                    Event("urn:uuid:00000000-0000-4000-8000-000000000004", rice, kGlnB, "ADD")}));
    ASSERT_EQ(job.result_int(), 202);
    const std::string job_url(job[boost::beast::http::field::location]);
    // The ids each one sees, and whether the purchase order and the private extension reached them.
    auto seen = [&](const std::string& who) {
        std::map<std::string, bool> out;  // eventID -> carries private fields
        auto r = Send(who, verb::get, "/events?perPage=100");
        EXPECT_EQ(r.result_int(), 200) << who << ": " << r.body();
        const json::value v = Json(r);
        for (const auto& e : v.at("epcisBody").at("queryResults").at("resultsBody").at("eventList").as_array()) {
            const auto& o = e.as_object();
            const std::string id(o.at("eventID").as_string());
            out[id.substr(id.size() - 1)] = o.contains("bizTransactionList") || o.contains("example:note");
        }
        return out;
    };
    using Seen = std::map<std::string, bool>;
    EXPECT_EQ(seen("admin"), (Seen{{"1", true}, {"2", true}, {"3", true}, {"4", true}}));
    // A: its own events in full, B's receipt of its coffee without B's order or notes, not B's rice.
    EXPECT_EQ(seen("a"), (Seen{{"1", true}, {"2", true}, {"3", false}}));
    // B: the shipment naming it, its own events; nothing of A's farm.
    EXPECT_EQ(seen("b"), (Seen{{"2", true}, {"3", true}, {"4", true}}));
    EXPECT_EQ(seen("p"), seen("b")) << "P acts for B";
    // Provinces: what happened there, or named one of their enterprises.
    EXPECT_EQ(seen("hcm"), (Seen{{"1", true}, {"2", true}}));
    EXPECT_EQ(seen("hn"), (Seen{{"2", true}, {"3", true}, {"4", true}}));
    // Someone else's event is not found; one's own is.
    const std::string e4 = "/events/" + std::string("urn%3Auuid%3A00000000-0000-4000-8000-000000000004");
    EXPECT_EQ(Send("a", verb::get, e4).result_int(), 404);
    EXPECT_EQ(Send("b", verb::get, e4).result_int(), 200);
    // Capture jobs: the national sync key's job is not A's.
    EXPECT_EQ(Send("a", verb::get, job_url).result_int(), 404);
    const json::value jobs = Json(Send("a", verb::get, "/capture"));
    EXPECT_TRUE(jobs.as_array().empty()) << json::serialize(jobs);
    // Places are listed to whom they belong.
    const json::value places = Json(Send("a", verb::get, "/bizLocations"));
    ASSERT_EQ(places.at("member").as_array().size(), 1u) << json::serialize(places);
    EXPECT_NE(std::string(places.at("member").at(0).as_string()).find(kGlnA), std::string::npos);
    EXPECT_EQ(Json(Send("admin", verb::get, "/bizLocations")).at("member").as_array().size(), 2u);
    // Trace and recall: a code none of whose events a tenant sees is unknown to it.
    const std::string trace_rice =
        "/trace?id=" + std::string("https%3A%2F%2Fid.gs1.org%2F01%2F") + std::string(kGtinB) + "%2F21%2F200";
    auto unknown = SendWhenLoaded("a", trace_rice);
    EXPECT_EQ(unknown.result_int(), 404) << unknown.body();
    EXPECT_EQ(Rule(unknown), "trace.unknown_id");
    EXPECT_EQ(SendWhenLoaded("a", "/recall?id=" + std::string("https%3A%2F%2Fid.gs1.org%2F01%2F") +
                                      std::string(kGtinB) + "%2F21%2F200")
                  .result_int(),
              404);
    for (const std::string who : {"b", "hn", "admin"}) {
        auto r = SendWhenLoaded(who, trace_rice);
        EXPECT_EQ(r.result_int(), 200) << who << ": " << r.body();
    }
    EXPECT_EQ(Send("", verb::get, trace_rice).result_int(), 401) << "the public does not trace";
}

// A's coffee: A commissions it (e1) and ships it to B (e2, naming B); B receives it against its
// order (e3) and ships it on to X, a party nobody registered (e5). Each one's trace, steps and
// recall hold only the events it may see, and the parties and transactions only of those it sees
// in full: A sees where its coffee went but not to whom B sold it; B sees one step back (A's
// shipment naming it), not A's farm records.
TEST_F(RegistryApiTest, TracesHoldOnlyWhatTheReaderMaySee) {
    constexpr std::string_view kGlnX = "8939999000000";
    const std::string coffee = DlOf(kGtinA, "100");
    auto job = CaptureAndWait(
        "sync", Document(json::array{
                    Event("urn:uuid:00000000-0000-4000-8000-000000000001", coffee, kGlnA, "ADD"),
                    Event("urn:uuid:00000000-0000-4000-8000-000000000002", coffee, kGlnA, "OBSERVE", "", kGlnB),
                    Event("urn:uuid:00000000-0000-4000-8000-000000000003", coffee, kGlnB, "OBSERVE", "", "", true),
                    Event("urn:uuid:00000000-0000-4000-8000-000000000005", coffee, kGlnB, "OBSERVE", "", kGlnX)}));
    ASSERT_EQ(job.result_int(), 202);
    const std::string id = "https%3A%2F%2Fid.gs1.org%2F01%2F" + std::string(kGtinA) + "%2F21%2F100";
    struct Sight {
        std::set<std::string> events;  // the last digit of each eventID
        std::set<std::string> nodes;   // node ids
    };
    auto trace = [&](const std::string& who) {
        auto r = SendWhenLoaded(who, "/trace?id=" + id);
        EXPECT_EQ(r.result_int(), 200) << who << ": " << r.body();
        Sight out;
        if (r.result_int() != 200) return out;
        const json::value v = Json(r);
        for (const auto& e : v.at("events").as_array()) {
            const std::string text(e.as_string());
            out.events.insert(text.substr(text.size() - 1));
        }
        for (const auto& n : v.at("nodes").as_array()) out.nodes.insert(std::string(n.at("id").as_string()));
        return out;
    };
    const std::string party_b = "https://id.gs1.org/417/" + std::string(kGlnB);
    const std::string party_x = "https://id.gs1.org/417/" + std::string(kGlnX);
    const std::string farm = "https://id.gs1.org/414/" + std::string(kGlnA);
    const std::string store_b = "https://id.gs1.org/414/" + std::string(kGlnB);
    const std::string po = "urn:epcglobal:cbv:bt:8930001000018:PO-42";

    const Sight admin = trace("admin");
    EXPECT_EQ(admin.events, (std::set<std::string>{"1", "2", "3", "5"}));
    for (const auto& n : {party_b, party_x, farm, store_b, po}) EXPECT_TRUE(admin.nodes.contains(n)) << n;

    const Sight a = trace("a");
    EXPECT_EQ(a.events, (std::set<std::string>{"1", "2", "3", "5"})) << "A sees where its coffee went";
    EXPECT_TRUE(a.nodes.contains(store_b));
    EXPECT_TRUE(a.nodes.contains(party_b)) << "A's own shipment names B";
    EXPECT_FALSE(a.nodes.contains(party_x)) << "to whom B sold is B's";
    EXPECT_FALSE(a.nodes.contains(po)) << "B's order is B's";

    const Sight b = trace("b");
    EXPECT_EQ(b.events, (std::set<std::string>{"2", "3", "5"})) << "not A's commissioning";
    EXPECT_TRUE(b.nodes.contains(farm)) << "one step back: where A shipped from";
    EXPECT_TRUE(b.nodes.contains(party_x));
    EXPECT_TRUE(b.nodes.contains(po));
    EXPECT_EQ(trace("p").events, b.events) << "P acts for B";

    EXPECT_EQ(trace("hn").events, (std::set<std::string>{"2", "3", "5"})) << "Hà Nội: what happened at B";
    EXPECT_EQ(trace("hcm").events, (std::set<std::string>{"1", "2"})) << "TP.HCM: what happened at A";

    // Recall: the custodian comes from what each one sees in full.
    auto custodian = [&](const std::string& who) {
        auto r = SendWhenLoaded(who, "/recall?id=" + id);
        EXPECT_EQ(r.result_int(), 200) << who << ": " << r.body();
        if (r.result_int() != 200) return std::string("?");
        const json::value v = Json(r);
        EXPECT_EQ(v.at("items").as_array().size(), 1u) << r.body();
        const json::value& c = v.at("items").at(0).at("custodian");
        return c.is_null() ? std::string() : std::string(c.as_string());
    };
    EXPECT_EQ(custodian("admin"), party_x);
    EXPECT_EQ(custodian("b"), party_x);
    EXPECT_EQ(custodian("a"), party_b) << "the last custodian A may know of";
    // CSV too: the same rows, without what A may not see.
    auto csv = SendWhenLoaded("a", "/recall?format=csv&id=" + id);
    ASSERT_EQ(csv.result_int(), 200);
    EXPECT_EQ(csv.body().find(kGlnX), std::string::npos);

    // Steps: B's stop names B (A's shipment said so) for everyone who sees that shipment.
    auto steps = SendWhenLoaded("b", "/trace/steps?id=" + id);
    ASSERT_EQ(steps.result_int(), 200) << steps.body();
    const json::value sv = Json(steps);
    ASSERT_EQ(sv.at("stops").as_array().size(), 2u) << steps.body();
    EXPECT_EQ(sv.at("stops").at(0).at("location").as_string(), farm);
    EXPECT_EQ(sv.at("stops").at(1).at("location").as_string(), store_b);
}

TEST_F(RegistryApiTest, NamedQueriesAreTheirTenantsAndTheirChangesAreAudited) {
    // One event of A's, for A's query to find.
    auto job = CaptureAndWait("a", Epcis(DlOf(kGtinA, "300"), "OBSERVE", kGlnA));
    ASSERT_EQ(job.result_int(), 202);
    const std::string definition = R"({"EQ_bizStep":["shipping"],"MATCH_epc":[")" + DlOf(kGtinA, "300") + R"("]})";
    auto created = Send("a", verb::post, "/queries", R"({"name":"qa","query":)" + definition + "}");
    ASSERT_EQ(created.result_int(), 201) << created.body();
    // A query testing what the tenant may not see is refused when saved, as it would be when run.
    auto private_query =
        Send("a", verb::post, "/queries", R"({"name":"qpo","query":{"EQ_bizTransaction_po":["urn:x:1"]}})");
    EXPECT_EQ(private_query.result_int(), 403) << private_query.body();
    EXPECT_EQ(Rule(private_query), "query.private_field");
    EXPECT_EQ(Send("admin", verb::get, "/queries/qpo").result_int(), 404) << "nothing stored";
    auto names = [&](const std::string& who) {
        std::vector<std::string> out;
        auto r = Send(who, verb::get, "/queries");
        EXPECT_EQ(r.result_int(), 200) << who << ": " << r.body();
        const json::value v = Json(r);
        for (const auto& q : v.as_array()) out.emplace_back(q.at("name").as_string());
        return out;
    };
    auto events_of = [&](const std::string& who, std::string_view target) -> std::size_t {
        auto r = Send(who, verb::get, target);
        EXPECT_EQ(r.result_int(), 200) << who << ": " << r.body();
        const json::value v = Json(r);
        return v.at("epcisBody").at("queryResults").at("resultsBody").at("eventList").as_array().size();
    };
    using Names = std::vector<std::string>;

    // B does not see A's query: not listed, and every way to reach it answers as an unknown name.
    EXPECT_EQ(names("b"), Names{});
    const HttpResponse unknown = Send("b", verb::get, "/queries/nothing-here");
    ASSERT_EQ(unknown.result_int(), 404);
    for (const auto& [method, target] : std::vector<std::pair<verb, std::string>>{
             {verb::get, "/queries/qa"}, {verb::get, "/queries/qa/events"}, {verb::delete_, "/queries/qa"}}) {
        auto r = Send("b", method, target);
        EXPECT_EQ(r.result_int(), 404) << target << ": " << r.body();
        EXPECT_EQ(Rule(r), "query.not_found") << target;
    }
    // The same body as an unknown name's, but for the name itself.
    auto hidden = Json(Send("b", verb::get, "/queries/qa"));
    auto absent = Json(unknown);
    ASSERT_TRUE(hidden.is_object() && absent.is_object());
    for (const char* field : {"type", "title", "status", "rule", "where", "detail"}) {
        EXPECT_EQ(json::serialize(hidden.as_object()[field]), json::serialize(absent.as_object()[field])) << field;
    }
    // Neither can the other tenants of B's kind or of other roles, nor A's provider or province.
    for (const std::string who : {"p", "hcm", "hn", "hcm-system"}) {
        EXPECT_EQ(names(who), Names{}) << who;
        EXPECT_EQ(Send(who, verb::get, "/queries/qa").result_int(), 404) << who;
    }
    // The name is taken for everyone: one namespace, as in the EPCIS REST binding.
    auto taken = Send("b", verb::post, "/queries", R"({"name":"qa","query":{"EQ_bizStep":["receiving"]}})");
    EXPECT_EQ(taken.result_int(), 409) << taken.body();
    // B's own query is B's.
    ASSERT_EQ(Send("b", verb::post, "/queries", R"({"name":"qb","query":{"EQ_bizStep":["receiving"]}})").result_int(),
              201);
    EXPECT_EQ(names("b"), Names{"qb"});

    // A's query is still there, unchanged; A (any of its keys) lists it and runs it.
    EXPECT_EQ(names("a"), Names{"qa"});
    EXPECT_EQ(names("a-read"), Names{"qa"});
    auto mine = Json(Send("a-read", verb::get, "/queries/qa"));
    ASSERT_TRUE(mine.is_object());
    EXPECT_EQ(json::serialize(mine.at("query")), json::serialize(json::parse(definition)));
    EXPECT_EQ(events_of("a", "/queries/qa/events"), 1u);
    // A read-only key of A may not delete it (the write scope is needed).
    auto read_only = Send("a-read", verb::delete_, "/queries/qa");
    EXPECT_EQ(read_only.result_int(), 403);
    EXPECT_EQ(Rule(read_only), "access.scope");

    // The national roles see every query and may delete any.
    EXPECT_EQ(names("admin"), (Names{"qa", "qb"}));
    EXPECT_EQ(names("sync"), (Names{"qa", "qb"}));
    EXPECT_EQ(events_of("admin", "/queries/qa/events"), 1u);
    auto deleted = Send("admin", verb::delete_, "/queries/qa");
    EXPECT_EQ(deleted.result_int(), 204) << deleted.body();
    EXPECT_EQ(Send("a", verb::get, "/queries/qa").result_int(), 404);
    EXPECT_EQ(names("a"), Names{});
    // B deletes its own.
    EXPECT_EQ(Send("b", verb::delete_, "/queries/qb").result_int(), 204);
    EXPECT_EQ(names("admin"), Names{});

    // The audit log: each creation and deletion, by whom, with the definition; nothing for the
    // refused attempts.
    auto key_id = [&](const std::string& who) { return keys_.at(who).substr(5, 16); };  // "txng_<id>_<secret>"
    const json::value audit = Json(Send("admin", verb::get, "/api/v1/audit?limit=10000"));
    std::vector<std::string> changes;  // "action resource actor"
    for (const auto& e : audit.at("items").as_array()) {
        const std::string action(e.at("action").as_string());
        if (!action.starts_with("query.")) continue;
        changes.push_back(action + " " + std::string(e.at("resource").as_string()) + " " +
                          std::string(e.at("actor").as_string()));
        if (action == "query.create" && e.at("resource").as_string() == "qa") {
            EXPECT_EQ(e.at("actorRole").as_string(), "enterprise");
            EXPECT_EQ(e.at("actorSubject").as_string(), kTaxA);
            EXPECT_EQ(e.at("province").as_string(), "79");
            EXPECT_EQ(json::serialize(e.at("detail").at("query")), json::serialize(json::parse(definition)));
            EXPECT_EQ(e.at("detail").at("owner").as_string(), "enterprise|" + std::string(kTaxA));
        }
        if (action == "query.delete" && e.at("resource").as_string() == "qa") {
            EXPECT_EQ(e.at("actorRole").as_string(), "national-admin");
            EXPECT_EQ(e.at("detail").at("owner").as_string(), "enterprise|" + std::string(kTaxA));
        }
    }
    std::sort(changes.begin(), changes.end());
    EXPECT_EQ(changes,
              (std::vector<std::string>{"query.create qa " + key_id("a"), "query.create qb " + key_id("b"),
                                        "query.delete qa " + key_id("admin"), "query.delete qb " + key_id("b")}));
}

TEST_F(RegistryApiTest, EveryOperationOfTheOpenApiDocumentIsServed) {
    auto r = Send("", verb::get, "/api/v1/openapi.json");
    ASSERT_EQ(r.result_int(), 200);
    const json::value doc = Json(r);
    ASSERT_EQ(doc.at("openapi").as_string(), "3.0.3");
    const std::map<std::string, std::string> samples = {
        {"{taxCode}", std::string(kTaxA)},  {"{gln}", std::string(kGlnA)},   {"{gtin}", std::string(kGtinA)},
        {"{provider}", std::string(kTaxP)}, {"{keyId}", "aaaaaaaaaaaaaaaa"}, {"{batchId}", "1"}};
    std::size_t operations = 0;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        std::string target(path);
        for (const auto& [name, value] : samples) {
            if (auto at = target.find(name); at != std::string::npos) target.replace(at, name.size(), value);
        }
        for (const auto& [method, op] : item.as_object()) {
            if (method == "parameters") continue;
            const verb v = method == "get"      ? verb::get
                           : method == "post"   ? verb::post
                           : method == "put"    ? verb::put
                           : method == "delete" ? verb::delete_
                                                : verb::unknown;
            ASSERT_NE(v, verb::unknown) << method;
            auto answer = Send("admin", v, target, v == verb::post || v == verb::put ? "{}" : "");
            // Served: the route exists with this method (whatever the answer to an empty body).
            EXPECT_NE(Rule(answer), "http.not_found") << method << " " << target;
            EXPECT_NE(answer.result_int(), 405) << method << " " << target;
            ++operations;
        }
    }
    EXPECT_GE(operations, 23u);
}

// The value of the __Host-txng_session cookie a response sets; "" when none.
std::string SessionCookie(const HttpResponse& r) {
    auto it = r.find(boost::beast::http::field::set_cookie);
    if (it == r.end()) return {};
    const std::string v(it->value());
    const std::string prefix = "__Host-txng_session=";
    if (!v.starts_with(prefix)) return {};
    return v.substr(prefix.size(), v.find(';') - prefix.size());
}

TEST_F(RegistryApiTest, PeopleSignInWithAPasswordAndTheirSessionsNeedTheCsrfToken) {
    const std::string user = R"({"name":"hoa@congty-a.vn","password":"cà phê sữa đá mỗi sáng","role":"enterprise",)"
                             R"("enterprise":"0314409058"})";
    auto weak = Send("admin", verb::post, "/api/v1/users",
                     R"({"name":"lan","password":"123","role":"enterprise","enterprise":"0314409058"})");
    EXPECT_EQ(weak.result_int(), 400);
    EXPECT_EQ(Rule(weak), "password.policy");
    auto bad_name = Send("admin", verb::post, "/api/v1/users",
                         R"({"name":"Hoa Nguyễn","password":"cà phê sữa đá mỗi sáng","role":"enterprise",)"
                         R"("enterprise":"0314409058"})");
    EXPECT_EQ(Rule(bad_name), "user.name");
    EXPECT_EQ(Send("b", verb::post, "/api/v1/users", user).result_int(), 403) << "B makes no user for A";
    auto made = Send("a", verb::post, "/api/v1/users", user);
    ASSERT_EQ(made.result_int(), 201) << made.body();
    EXPECT_FALSE(Json(made).as_object().contains("password"));
    EXPECT_EQ(made.body().find("argon2"), std::string::npos) << "the hash never leaves the server";

    auto sign_in = [&](std::string_view name, std::string_view password) {
        return client_->Send(verb::post, "/api/v1/session",
                             json::serialize(json::object{{"name", name}, {"password", password}}),
                             {{"Content-Type", "application/json"}});
    };
    // A wrong password and an unknown name look the same.
    auto wrong = sign_in("hoa@congty-a.vn", "cà phê đen không đường");
    auto unknown = sign_in("nobody@nowhere.vn", "cà phê đen không đường");
    EXPECT_EQ(wrong.result_int(), 401);
    EXPECT_EQ(unknown.result_int(), 401);
    EXPECT_EQ(Rule(wrong), "auth.sign_in_failed");
    EXPECT_EQ(Json(wrong).at("detail"), Json(unknown).at("detail"));

    auto ok = sign_in("hoa@congty-a.vn", "cà phê sữa đá mỗi sáng");
    ASSERT_EQ(ok.result_int(), 201) << ok.body();
    const std::string cookie_header(ok[boost::beast::http::field::set_cookie]);
    EXPECT_NE(cookie_header.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie_header.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie_header.find("Secure"), std::string::npos);
    const std::string token = SessionCookie(ok);
    ASSERT_FALSE(token.empty());
    const std::string csrf(Json(ok).at("csrfToken").as_string());
    const HttpHeaders cookie = {{"Cookie", "lang=vi; __Host-txng_session=" + token}};
    auto me = client_->Send(verb::get, "/api/v1/me", "", cookie);
    ASSERT_EQ(me.result_int(), 200) << me.body();
    EXPECT_EQ(Json(me).at("enterprise").as_string(), kTaxA);
    EXPECT_EQ(Json(me).at("actor").as_string(), "user:hoa@congty-a.vn");
    EXPECT_EQ(Json(client_->Send(verb::get, "/api/v1/session", "", cookie)).at("csrfToken").as_string(), csrf);

    // A write from the browser session needs the CSRF token; the same write with it succeeds.
    HttpHeaders write = cookie;
    write.emplace_back("Content-Type", "application/json");
    auto forged = client_->Send(verb::post, "/api/v1/products", Product("08934567000130", "Trà"), write);
    EXPECT_EQ(forged.result_int(), 403);
    EXPECT_EQ(Rule(forged), "auth.csrf");
    EXPECT_EQ(Send("admin", verb::get, P("08934567000130")).result_int(), 404) << "nothing stored";
    write.emplace_back("X-CSRF-Token", csrf);
    EXPECT_EQ(client_->Send(verb::post, "/api/v1/products", Product("08934567000130", "Trà"), write).result_int(), 201);
    // Captures too: the session is A's, so A's own events only.
    HttpHeaders capture = cookie;
    capture.emplace_back("Content-Type", "application/ld+json");
    EXPECT_EQ(client_->Send(verb::post, "/capture", Epcis(DlOf(kGtinA, "9"), "ADD", kGlnA), capture).result_int(), 403)
        << "no CSRF token";
    capture.emplace_back("X-CSRF-Token", csrf);
    EXPECT_EQ(client_->Send(verb::post, "/capture", Epcis(DlOf(kGtinA, "9"), "ADD", kGlnA), capture).result_int(), 202);
    EXPECT_EQ(client_->Send(verb::post, "/capture", Epcis(DlOf(kGtinB, "9"), "ADD", kGlnA), capture).result_int(), 403);

    // Changing the password: the current one is checked, the new one follows the policy, and the
    // sessions end.
    HttpHeaders change = write;
    auto wrong_current =
        client_->Send(verb::put, "/api/v1/session/password",
                      R"({"currentPassword":"sai rồi sai rồi","newPassword":"trà xanh buổi chiều"})", change);
    EXPECT_EQ(wrong_current.result_int(), 403);
    EXPECT_EQ(Rule(wrong_current), "auth.password_wrong");
    auto changed =
        client_->Send(verb::put, "/api/v1/session/password",
                      R"({"currentPassword":"cà phê sữa đá mỗi sáng","newPassword":"trà xanh buổi chiều"})", change);
    ASSERT_EQ(changed.result_int(), 200) << changed.body();
    EXPECT_EQ(client_->Send(verb::get, "/api/v1/me", "", cookie).result_int(), 401);
    auto again = sign_in("hoa@congty-a.vn", "trà xanh buổi chiều");
    ASSERT_EQ(again.result_int(), 201);
    const HttpHeaders cookie2 = {{"Cookie", "__Host-txng_session=" + SessionCookie(again)}};
    // Signing out needs the CSRF token and ends the session.
    EXPECT_EQ(client_->Send(verb::delete_, "/api/v1/session", "", cookie2).result_int(), 403);
    HttpHeaders out = cookie2;
    out.emplace_back("X-CSRF-Token", std::string(Json(again).at("csrfToken").as_string()));
    auto signed_out = client_->Send(verb::delete_, "/api/v1/session", "", out);
    EXPECT_EQ(signed_out.result_int(), 200) << signed_out.body();
    EXPECT_NE(std::string(signed_out[boost::beast::http::field::set_cookie]).find("Max-Age=0"), std::string::npos);
    auto ended = client_->Send(verb::get, "/api/v1/me", "", cookie2);
    EXPECT_EQ(ended.result_int(), 401);
    EXPECT_EQ(Rule(ended), "auth.invalid_session");
    // The audit log has the sign-ins and the password change, never a secret.
    const std::string audit = Send("admin", verb::get, "/api/v1/audit?limit=10000").body();
    EXPECT_NE(audit.find("session.create"), std::string::npos);
    EXPECT_NE(audit.find("user.password"), std::string::npos);
    EXPECT_EQ(audit.find("trà xanh"), std::string::npos);
    EXPECT_EQ(audit.find(token), std::string::npos);
}

TEST_F(RegistryApiTest, RepeatedFailedSignInsAreRateLimitedAndDisabledUsersCannotSignIn) {
    ASSERT_EQ(
        Send("admin", verb::post, "/api/v1/users",
             R"({"name":"minh","password":"một hai ba bốn năm sáu","role":"enterprise","enterprise":"0101234565"})")
            .result_int(),
        201);
    auto sign_in = [&](std::string_view password) {
        return client_->Send(verb::post, "/api/v1/session",
                             json::serialize(json::object{{"name", "minh"}, {"password", password}}),
                             {{"Content-Type", "application/json"}});
    };
    for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in("đoán bừa lần thứ " + std::to_string(i)).result_int(), 401);
    auto limited = sign_in("một hai ba bốn năm sáu");
    EXPECT_EQ(limited.result_int(), 429) << "even the right password waits for the window to pass";
    EXPECT_EQ(Rule(limited), "auth.rate_limited");
    EXPECT_EQ(limited[boost::beast::http::field::retry_after], "900");
    // The next 15-minute window lets it in.
    now_.unix_seconds += 15 * 60;
    auto in = sign_in("một hai ba bốn năm sáu");
    ASSERT_EQ(in.result_int(), 201) << in.body();
    const HttpHeaders cookie = {{"Cookie", "__Host-txng_session=" + SessionCookie(in)}};
    EXPECT_EQ(client_->Send(verb::get, "/api/v1/me", "", cookie).result_int(), 200);
    // Without its __Host- prefix (which a sibling subdomain or a plain-HTTP page could plant) the
    // cookie is not read on a node with Secure cookies.
    const json::value plain =
        Json(client_->Send(verb::get, "/api/v1/me", "", {{"Cookie", "txng_session=" + SessionCookie(in)}}));
    EXPECT_EQ(plain.at("role"), "consumer") << json::serialize(plain);
    EXPECT_EQ(Json(client_->Send(verb::get, "/api/v1/me", "", cookie)).at("role"), "enterprise");
    // Nobody can tell a user they may not manage from a name nobody has: the same 403 for both.
    auto others = Send("hcm", verb::delete_, "/api/v1/users/minh");
    auto nobody = Send("hcm", verb::delete_, "/api/v1/users/khong-co-ai");
    EXPECT_EQ(others.result_int(), 403);
    EXPECT_EQ(nobody.result_int(), 403);
    EXPECT_EQ(Json(others).at("detail"), Json(nobody).at("detail"));
    EXPECT_EQ(Send("admin", verb::delete_, "/api/v1/users/khong-co-ai").result_int(), 404);
    // Disabling the user ends its session and its sign-ins.
    EXPECT_EQ(Send("hn", verb::delete_, "/api/v1/users/minh").result_int(), 200);
    EXPECT_EQ(client_->Send(verb::get, "/api/v1/me", "", cookie).result_int(), 401);
    EXPECT_EQ(sign_in("một hai ba bốn năm sáu").result_int(), 401);
    // Users are listed to those who manage them.
    EXPECT_EQ(Json(Send("hcm", verb::get, "/api/v1/users")).at("items").as_array().size(), 0u);
    EXPECT_EQ(Json(Send("hn", verb::get, "/api/v1/users")).at("items").as_array().size(), 1u);
}

TEST_F(RegistryApiTest, ParallelGuessesCannotPassTheLimitAndTrustedProxiesNameTheClient) {
    ASSERT_EQ(
        Send("admin", verb::post, "/api/v1/users",
             R"({"name":"lan","password":"một hai ba bốn năm sáu","role":"enterprise","enterprise":"0101234565"})")
            .result_int(),
        201);
    // Eight guesses at once, each on its own connection: five are heard, three refused.
    std::vector<int> statuses(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        threads.emplace_back([&, i] {
            HttpClient own(node_->Port(), "127.0.0.1", std::chrono::seconds(60));
            statuses[i] =
                own.Send(verb::post, "/api/v1/session",
                         json::serialize(json::object{{"name", "lan"}, {"password", "đoán " + std::to_string(i)}}),
                         {{"Content-Type", "application/json"}})
                    .result_int();
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 5);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 3);

    // Behind a trusted reverse proxy (here: loopback), each forwarded client has its own limit.
    client_.reset();
    node_.reset();
    app::ServeConfig config;
    config.db = "sqlite:" + (dir_ / "store.db").string();
    config.listen = "127.0.0.1:0";
    config.store.clock = [this] { return now_; };
    config.server.trusted_proxies = {"127.0.0.1", "10.0.0.0/8"};
    auto node = app::Node::Create(config);
    ASSERT_TRUE(node) << node.error().ToString();
    node_ = std::move(*node);
    node_->Start();
    client_ = std::make_unique<HttpClient>(node_->Port(), "127.0.0.1", std::chrono::seconds(60));
    auto guess = [&](int n, std::string forwarded_for) {
        return client_
            ->Send(verb::post, "/api/v1/session",
                   json::serialize(json::object{{"name", "khach" + std::to_string(n)}, {"password", "sai mật khẩu"}}),
                   {{"Content-Type", "application/json"}, {"X-Forwarded-For", std::move(forwarded_for)}})
            .result_int();
    };
    for (int i = 0; i < 20; ++i) {
        // What the client wrote left of the proxy's entry does not count.
        ASSERT_EQ(guess(i, "192.0.2." + std::to_string(i) + ", 198.51.100.7, 10.1.2.3"), 401) << i;
    }
    EXPECT_EQ(guess(20, "198.51.100.7"), 429) << "twenty failures from one client address";
    EXPECT_EQ(guess(21, "198.51.100.8"), 401) << "another client behind the same proxy";
    // The audit log names the forwarded client.
    ASSERT_EQ(client_
                  ->Send(verb::post, "/api/v1/keys", R"({"name":"k","role":"enterprise","enterprise":"0101234565"})",
                         {{"Authorization", "Bearer " + keys_.at("admin")},
                          {"Content-Type", "application/json"},
                          {"X-Forwarded-For", "203.0.113.77"}})
                  .result_int(),
              201);
    const json::value audit = Json(Send("admin", verb::get, "/api/v1/audit?limit=10000"));
    bool found = false;
    for (const auto& e : audit.at("items").as_array()) {
        found = found ||
                (e.at("action").as_string() == "key.create" && e.at("remoteAddress").as_string() == "203.0.113.77");
    }
    EXPECT_TRUE(found);
}

TEST_F(RegistryApiTest, ConnectedSystemsShowTheirCertificationsActivityAndDataQuality) {
    // P, acting for B, sends one complete event and one without its stage (no bizStep).
    for (const std::string& body : {Epcis(DlOf(kGtinB, "7"), "ADD", kGlnB),
                                    Document(json::array{Event("urn:uuid:00000000-0000-4000-8000-000000000010",
                                                               DlOf(kGtinB, "8"), kGlnB, "OBSERVE")})}) {
        auto r = Send("p", verb::post, "/capture", body, {{"Content-Type", "application/ld+json"}});
        ASSERT_EQ(r.result_int(), 202) << r.body();
    }
    const std::string system = "/api/v1/systems/provider:" + std::string(kTaxP);
    json::value seen;
    for (int i = 0; i < 500; ++i) {  // the captures' audit entries are written just after acceptance
        seen = Json(Send("admin", verb::get, system));
        if (seen.at("captures").to_number<int>() == 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(seen.at("captures").to_number<int>(), 2) << json::serialize(seen);
    EXPECT_EQ(seen.at("kind").as_string(), "solution_provider");
    EXPECT_EQ(seen.at("enterprises"), json::array{kTaxB});
    EXPECT_EQ(seen.at("keys").as_array().size(), 1u);
    EXPECT_FALSE(seen.at("lastSeen").as_string().empty());
    const auto& quality = seen.at("quality").as_object();
    EXPECT_EQ(quality.at("events").at("total").to_number<int>(), 2);
    EXPECT_EQ(quality.at("events").at("complete").to_number<int>(), 1);
    EXPECT_EQ(quality.at("events").at("missing"), (json::object{{"stage", 1}}));
    // B's one product has no image: Circular 02 item 2.
    EXPECT_EQ(quality.at("products").at("total").to_number<int>(), 1);
    EXPECT_EQ(quality.at("products").at("missing"), (json::object{{"image", 1}}));
    EXPECT_NEAR(quality.at("score").to_number<double>(), 1.0 / 3.0, 1e-9);

    // A certification body records its assessment; others cannot.
    ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises",
                   Enterprise(kTaxC, "Trung tâm Chứng nhận C", "48", {}, "certification_body"))
                  .result_int(),
              201);
    MakeKey("cert", R"({"name":"chứng nhận","role":"certification-body","enterprise":"4800112239"})");
    const std::string cert = R"({"standard":"TCVN 12850:2019","certificate":"CN-2026-01","issuedOn":"2026-01-15",)"
                             R"("validUntil":"2028-01-15","scope":"Truy xuất nguồn gốc gạo / rice traceability"})";
    EXPECT_EQ(Send("b", verb::post, system + "/certifications", cert).result_int(), 403);
    EXPECT_EQ(Send("p", verb::post, system + "/certifications", cert).result_int(), 403) << "not its own";
    auto backwards = Send("cert", verb::post, system + "/certifications",
                          R"({"standard":"TCVN 12850:2019","certificate":"X","issuedOn":"2026-01-15",)"
                          R"("validUntil":"2025-01-15"})");
    EXPECT_EQ(Rule(backwards), "certification.validity");
    ASSERT_EQ(Send("cert", verb::post, system + "/certifications", cert).result_int(), 201);
    const json::value certified = Json(Send("p", verb::get, system));
    ASSERT_EQ(certified.at("certifications").as_array().size(), 1u);
    EXPECT_EQ(certified.at("certifications").at(0).at("certifier").as_string(), kTaxC);
    EXPECT_TRUE(certified.at("certifications").at(0).at("valid").as_bool());
    // Who supervises: HCM (P's province) yes, Hà Nội no, B no; the list follows the same rule.
    EXPECT_EQ(Send("hcm", verb::get, system).result_int(), 200);
    EXPECT_EQ(Send("hn", verb::get, system).result_int(), 403);
    EXPECT_EQ(Send("b", verb::get, system).result_int(), 403);
    EXPECT_EQ(Json(Send("hn", verb::get, "/api/v1/systems")).at("items").as_array().size(), 0u);
    // HCM sees P and its own provincial system (connected: it holds a key).
    const json::value hcm = Json(Send("hcm", verb::get, "/api/v1/systems"));
    ASSERT_EQ(hcm.at("items").as_array().size(), 2u) << json::serialize(hcm);
    EXPECT_EQ(hcm.at("items").at(1).at("id").as_string(), "province:79");
    EXPECT_EQ(hcm.at("items").at(1).at("enterprises").as_array().size(), 2u) << "A and P are in HCM";
}

TEST_F(RegistryApiTest, ProductsComeAsGs1WebVocabularyJsonLdWhenAskedFor) {
    // Product master data is public: no key needed.
    auto r = client_->Send(verb::get, P(kGtinA), "", {{"Accept", "application/ld+json"}});
    ASSERT_EQ(r.result_int(), 200) << r.body();
    EXPECT_EQ(r[boost::beast::http::field::content_type], "application/ld+json");
    const json::value v = Json(r);
    EXPECT_EQ(v.at("@context").at("gs1").as_string(), "https://ref.gs1.org/voc/");
    EXPECT_EQ(v.at("@type").as_string(), "gs1:Product");
    EXPECT_EQ(v.at("@id").as_string(), "https://id.gs1.org/01/" + std::string(kGtinA));
    EXPECT_EQ(v.at("gs1:gtin").as_string(), kGtinA);
    EXPECT_EQ(v.at("gs1:productName").at(0).at("@language").as_string(), "vi");
    EXPECT_EQ(v.at("gs1:productName").at(0).at("@value").as_string(), "Cà phê A");
    EXPECT_EQ(v.at("gs1:brand").at("gs1:brandName").as_string(), "Sen Vàng");
    EXPECT_EQ(v.at("gs1:brandOwner").at("gs1:organizationName").at(0).at("@value").as_string(), "Công ty A");
    EXPECT_EQ(v.at("gs1:netContent").at("gs1:unitCode").as_string(), "GRM");
    EXPECT_EQ(v.at("gs1:countryOfOrigin").at("gs1:countryCode").as_string(), "VN");
    // Plain JSON otherwise.
    EXPECT_EQ(Json(Send("a-read", verb::get, P(kGtinA))).at("gtin").as_string(), kGtinA);
}

TEST_F(RegistryApiTest, ImagesAreStoredByTheirHashAndProductsReferToThem) {
    // A tiny PNG: the signature, then an IHDR chunk (enough for the type to be recognised).
    const std::string png = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 29);
    auto upload = [&](const std::string& who, std::string bytes, std::string type) {
        HttpHeaders h{{"Content-Type", std::move(type)}};
        if (!who.empty()) h.emplace_back("Authorization", "Bearer " + keys_.at(who));
        return client_->Send(verb::post, "/api/v1/images", std::move(bytes), h);
    };
    EXPECT_EQ(upload("", png, "image/png").result_int(), 401);
    EXPECT_EQ(upload("a-read", png, "image/png").result_int(), 403);
    auto lying = upload("a", png, "image/jpeg");
    EXPECT_EQ(lying.result_int(), 415);
    EXPECT_EQ(Rule(lying), "image.type");
    auto html = upload("a", "<html><script>alert(1)</script></html>", "image/png");
    EXPECT_EQ(html.result_int(), 415);
    auto big = upload("a", png + std::string(3u << 20, '\0'), "image/png");
    EXPECT_EQ(big.result_int(), 413);
    auto ok = upload("a", png, "image/png");
    ASSERT_EQ(ok.result_int(), 201) << ok.body();
    const std::string sha(Json(ok).at("sha256").as_string());
    ASSERT_EQ(sha.size(), 64u);
    auto again = upload("b", png, "image/png");
    EXPECT_EQ(again.result_int(), 201);
    EXPECT_EQ(Json(again).at("sha256").as_string(), sha) << "the same bytes, the same address";
    auto got = client_->Send(verb::get, "/api/v1/images/" + sha);
    ASSERT_EQ(got.result_int(), 200);
    EXPECT_EQ(got.body(), png);
    EXPECT_EQ(got[boost::beast::http::field::content_type], "image/png");
    EXPECT_EQ(got[boost::beast::http::field::cache_control], "public, max-age=31536000, immutable");
    EXPECT_EQ(client_->Send(verb::get, "/api/v1/images/" + std::string(64, '0')).result_int(), 404);
    // A product may refer only to uploaded images.
    json::value product = json::parse(Product(kGtinA, "Cà phê A"));
    product.as_object()["images"] = json::array{std::string(64, 'f')};
    auto unknown = Send("a", verb::put, P(kGtinA), json::serialize(product));
    EXPECT_EQ(unknown.result_int(), 400);
    EXPECT_EQ(Rule(unknown), "image.unknown");
    product.as_object()["images"] = json::array{sha};
    ASSERT_EQ(Send("a", verb::put, P(kGtinA), json::serialize(product)).result_int(), 200);
    const json::value ld = Json(client_->Send(verb::get, P(kGtinA), "", {{"Accept", "application/ld+json"}}));
    EXPECT_EQ(ld.at("gs1:image").at(0).as_string(), "/api/v1/images/" + sha);
}

TEST_F(RegistryApiTest, SupervisorsReadingOthersDataIsRecorded) {
    auto actions_of = [&](const std::string& role) {
        std::map<std::string, int> out;
        const json::value v = Json(Send("admin", verb::get, "/api/v1/audit?limit=10000"));
        for (const auto& e : v.at("items").as_array()) {
            if (e.at("actorRole").as_string() == role) ++out[std::string(e.at("action").as_string())];
        }
        return out;
    };
    // An enterprise reading its own record and events: not privileged.
    ASSERT_EQ(Send("a", verb::get, E(kTaxA)).result_int(), 200);
    ASSERT_EQ(Send("a", verb::get, "/events").result_int(), 200);
    EXPECT_EQ(actions_of("enterprise").count("enterprise.read"), 0u);
    EXPECT_EQ(actions_of("enterprise").count("events.read"), 0u);
    // A province reading an enterprise's full record, and its events: recorded.
    ASSERT_EQ(Send("hcm", verb::get, E(kTaxA)).result_int(), 200);
    ASSERT_EQ(Send("hcm", verb::get, "/events?EQ_bizStep=shipping").result_int(), 200);
    std::map<std::string, int> hcm;
    for (int i = 0; i < 500; ++i) {  // events.read is written off the request's thread
        hcm = actions_of("provincial-authority");
        if (hcm.count("events.read") != 0u) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(hcm["enterprise.read"], 1);
    EXPECT_EQ(hcm["events.read"], 1);
    const std::string audit = Send("admin", verb::get, "/api/v1/audit?action=events.read").body();
    EXPECT_NE(audit.find("EQ_bizStep=shipping"), std::string::npos) << audit;
}

TEST_F(RegistryApiTest, MasterDataInACaptureFillsTheRegistryWhereItIsTheCapturers) {
    auto element = [](std::string id, std::vector<std::pair<std::string, std::string>> attributes) {
        json::array a;
        for (auto& [k, v] : attributes) a.emplace_back(json::object{{"id", k}, {"attribute", v}});
        return json::object{{"id", std::move(id)}, {"attributes", std::move(a)}};
    };
    const std::string mda = "urn:epcglobal:cbv:mda#";
    json::object header{
        {"epcisMasterData",
         json::object{
             {"vocabularyList",
              json::array{
                  json::object{
                      {"type", "urn:epcglobal:epcis:vtype:BusinessLocation"},
                      {"vocabularyElementList",
                       json::array{// A's new warehouse: registered.
                                   element("https://id.gs1.org/414/" + std::string(kGlnA2),
                                           {{mda + "name", "Kho lạnh Thủ Đức"},
                                            {mda + "streetAddressOne", "12 Võ Văn Ngân"},
                                            {mda + "state", "Thành phố Hồ Chí Minh"},
                                            {mda + "latitude", "10.85"},
                                            {mda + "longitude", "106.77"}}),
                                   // B's warehouse in A's master data: not A's to register.
                                   element("https://id.gs1.org/414/" + std::string(kGlnB2),
                                           {{mda + "name", "Kho B2"}, {mda + "state", "Thành phố Hà Nội"}}),
                                   // A's farm, already registered: left as it is.
                                   element("https://id.gs1.org/414/" + std::string(kGlnA),
                                           {{mda + "name", "Tên khác"}, {mda + "state", "Thành phố Hồ Chí Minh"}})}}},
                  json::object{
                      {"type", "urn:epcglobal:epcis:vtype:EPCClass"},
                      {"vocabularyElementList",
                       json::array{element("https://id.gs1.org/01/08934567000130",
                                           {{mda + "descriptionShort", "Trà Ô Long Cầu Đất"},
                                            {"https://txng.vn/voc/brand", "Sen Vàng"},
                                            {"https://txng.vn/voc/shelfLifeDays", "540"},
                                            {"https://txng.vn/voc/standards", "TCVN 7975:2008; VietGAP"}})}}}}}}}};
    json::value doc = json::parse(Epcis(DlOf(kGtinA, "50"), "OBSERVE", kGlnA));
    doc.as_object()["epcisHeader"] = header;
    // B's warehouse is not A's to describe: the whole capture is refused, naming the element.
    auto refused = Send("a", verb::post, "/capture", json::serialize(doc), {{"Content-Type", "application/ld+json"}});
    ASSERT_EQ(refused.result_int(), 403) << refused.body();
    EXPECT_EQ(Rule(refused), "capture.master_data_not_owned");
    EXPECT_EQ(Json(refused).at("where").as_string(),
              "epcisHeader.epcisMasterData.vocabularyList[0].vocabularyElementList[1]");
    auto& locations = header["epcisMasterData"]
                          .as_object()["vocabularyList"]
                          .as_array()[0]
                          .as_object()["vocabularyElementList"]
                          .as_array();
    locations.erase(locations.begin() + 1);
    doc.as_object()["epcisHeader"] = header;
    auto r = Send("a", verb::post, "/capture", json::serialize(doc), {{"Content-Type", "application/ld+json"}});
    ASSERT_EQ(r.result_int(), 202) << r.body();
    // Registered just after the capture is accepted.
    HttpResponse location;
    for (int i = 0; i < 500; ++i) {
        location = Send("", verb::get, L(kGlnA2));
        if (location.result_int() == 200) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(location.result_int(), 200) << location.body();
    const json::value l = Json(location);
    EXPECT_EQ(l.at("name").at("vi").as_string(), "Kho lạnh Thủ Đức");
    EXPECT_EQ(l.at("owner").as_string(), kTaxA);
    EXPECT_EQ(l.at("address").at("provinceCode").as_string(), "79");
    EXPECT_NEAR(l.at("coordinates").at("latitude").to_number<double>(), 10.85, 1e-9);
    HttpResponse product;
    for (int i = 0; i < 500; ++i) {
        product = Send("", verb::get, P("08934567000130"));
        if (product.result_int() == 200) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(product.result_int(), 200) << product.body();
    EXPECT_EQ(Json(product).at("name").at("vi").as_string(), "Trà Ô Long Cầu Đất");
    EXPECT_EQ(Json(product).at("shelfLifeDays").to_number<int>(), 540);
    EXPECT_EQ(Json(product).at("standards").as_array().size(), 2u);
    EXPECT_EQ(Send("", verb::get, L(kGlnB2)).result_int(), 404) << "never registered";
    EXPECT_EQ(Json(Send("", verb::get, L(kGlnA))).at("name").at("vi").as_string(), "Trang trại A") << "kept";
}

TEST_F(RegistryApiTest, AProductsLotsComeFromTheIlmdOfItsCommissioningEvents) {
    auto commission = [&](std::string_view id, std::string_view lot, std::string_view best_before) {
        json::object e{{"type", "ObjectEvent"},
                       {"eventID", id},
                       {"eventTime", "2026-06-01T08:00:00+07:00"},
                       {"eventTimeZoneOffset", "+07:00"},
                       {"epcList", json::array{}},
                       {"quantityList",
                        json::array{json::object{
                            {"epcClass", "https://id.gs1.org/01/" + std::string(kGtinA) + "/10/" + std::string(lot)},
                            {"quantity", 500},
                            {"uom", "KGM"}}}},
                       {"action", "ADD"},
                       {"bizStep", "commissioning"},
                       {"bizLocation", json::object{{"id", "https://id.gs1.org/414/" + std::string(kGlnA)}}},
                       {"ilmd", json::object{{"cbvmda:lotNumber", lot}, {"cbvmda:bestBeforeDate", best_before}}}};
        return e;
    };
    ASSERT_EQ(CaptureAndWait("a", Document(json::array{
                                      commission("urn:uuid:00000000-0000-4000-8000-000000000101", "L1", "2027-01-01"),
                                      commission("urn:uuid:00000000-0000-4000-8000-000000000102", "L1", "2027-01-01"),
                                      commission("urn:uuid:00000000-0000-4000-8000-000000000103", "L2", "2027-03-01")}))
                  .result_int(),
              202);
    auto lots = Send("a", verb::get, P(kGtinA) + "/lots");
    ASSERT_EQ(lots.result_int(), 200) << lots.body();
    const json::value v = Json(lots);
    ASSERT_EQ(v.at("items").as_array().size(), 2u) << lots.body();
    EXPECT_EQ(v.at("items").at(0).at("lot").as_string(), "L1");
    EXPECT_EQ(v.at("items").at(0).at("events").to_number<int>(), 2);
    EXPECT_EQ(v.at("items").at(0).at("bestBeforeDate").as_string(), "2027-01-01");
    EXPECT_EQ(v.at("items").at(1).at("lot").as_string(), "L2");
    EXPECT_EQ(v.at("items").at(1).at("locations").at(0).as_string(), "https://id.gs1.org/414/" + std::string(kGlnA));
    // B sees none of A's commissioning at A's farm; the lots endpoint is a read like /events.
    EXPECT_TRUE(Json(Send("b", verb::get, P(kGtinA) + "/lots")).at("items").as_array().empty());
    EXPECT_EQ(client_->Send(verb::get, P(kGtinA) + "/lots").result_int(), 401);
    EXPECT_EQ(Send("a", verb::get, "/api/v1/products/123/lots").result_int(), 400);
}

// ---- the GS1 Digital Link resolver

TEST_F(RegistryApiTest, TheResolverRedirectsByTypeLevelLanguageAndServesLinksets) {
    const std::string product = "https://id.gs1.org/01/" + std::string(kGtinA);
    auto link = [&](const std::string& who, std::string anchor, std::string type, std::string href,
                    std::string extra = "") {
        return Send(who, verb::post, "/api/v1/links",
                    R"({"anchor":")" + anchor + R"(","linkType":")" + type + R"(","href":")" + href +
                        R"(","title":"Cà phê A")" + extra + "}");
    };
    // A's links: the product page in Vietnamese (the default) and English, a certificate, and a
    // traceability page for lot L1 (that lot's default).
    ASSERT_EQ(link("a", product, "gs1:pip", "https://a.vn/vi", R"(,"hreflang":["vi"],"default":true)").result_int(),
              201);
    ASSERT_EQ(link("a", product, "gs1:pip", "https://a.vn/en", R"(,"hreflang":["en"])").result_int(), 201);
    ASSERT_EQ(link("a", product, "gs1:certificationInfo", "https://a.vn/vietgap.pdf", R"(,"fwqs":false)").result_int(),
              201);
    auto lot = link("a", product + "/10/L1", "gs1:traceability", "https://a.vn/lo/L1", R"(,"default":true)");
    ASSERT_EQ(lot.result_int(), 201) << lot.body();
    const std::string lot_link(lot[boost::beast::http::field::location]);
    // Only who may change A's products makes A's links.
    EXPECT_EQ(link("b", product, "gs1:pip", "https://b.vn/").result_int(), 403);
    EXPECT_EQ(link("", product, "gs1:pip", "https://b.vn/").result_int(), 401);
    EXPECT_EQ(link("p", product, "gs1:pip", "https://p.vn/").result_int(), 403) << "P acts for B, not A";
    EXPECT_EQ(Rule(link("a", product, "gs1:pip", "javascript:alert(1)")), "link.href");
    EXPECT_EQ(Rule(link("a", "https://id.gs1.org/01/08939999000017", "gs1:pip", "https://a.vn/")),
              "registry.prefix_unknown");
    EXPECT_EQ(Rule(link("a", product, "gs1:somethingElse", "https://a.vn/")), "link.type");

    auto get = [&](const std::string& target, HttpHeaders headers = {}) {
        return client_->Send(verb::get, target, "", headers);
    };
    const std::string path = "/01/" + std::string(kGtinA);
    auto r = get(path);
    ASSERT_EQ(r.result_int(), 307) << r.body();
    EXPECT_EQ(r[boost::beast::http::field::location], "https://a.vn/vi");
    EXPECT_EQ(r[boost::beast::http::field::link],
              "<" + path + "?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"");
    EXPECT_EQ(r[boost::beast::http::field::access_control_allow_origin], "*");
    // Language, and the query string passed on.
    r = get(path + "?17=261231&linkType=gs1:pip", {{"Accept-Language", "en-GB,en;q=0.9,vi;q=0.5"}});
    EXPECT_EQ(r[boost::beast::http::field::location], "https://a.vn/en?17=261231&linkType=gs1:pip");
    r = get(path + "?linkType=gs1%3AcertificationInfo&17=261231");
    EXPECT_EQ(r[boost::beast::http::field::location], "https://a.vn/vietgap.pdf") << "fwqs false";
    // A serial falls back to its lot, then to the product.
    EXPECT_EQ(get(path + "/10/L1/21/S9")[boost::beast::http::field::location], "https://a.vn/lo/L1");
    EXPECT_EQ(get(path + "/10/L1/21/S9?linkType=gs1:certificationInfo")[boost::beast::http::field::location],
              "https://a.vn/vietgap.pdf");
    EXPECT_EQ(get(path + "/10/L2")[boost::beast::http::field::location], "https://a.vn/vi");
    EXPECT_EQ(get("/gtin/" + std::string(kGtinA))[boost::beast::http::field::location], "https://a.vn/vi")
        << "a convenience alpha";
    EXPECT_EQ(get("/01/" + std::string(kGtinA).substr(1)).result_int(), 307) << "a GTIN-13 is padded";
    // A type the code lacks: 404.
    r = get(path + "?linkType=gs1:recipeInfo");
    EXPECT_EQ(r.result_int(), 404);
    EXPECT_EQ(Rule(r), "resolver.link_type_absent");
    EXPECT_EQ(Rule(get("/414/" + std::string(kGlnA))), "resolver.no_link");
    // Linksets, by parameter or by media type.
    for (const auto& [target, headers] : std::vector<std::pair<std::string, HttpHeaders>>{
             {path + "/10/L1?linkType=linkset", {}}, {path + "/10/L1", {{"Accept", "application/linkset+json"}}}}) {
        r = get(target, headers);
        ASSERT_EQ(r.result_int(), 200) << target;
        EXPECT_EQ(r[boost::beast::http::field::content_type], "application/linkset+json");
        const json::value set = Json(r);
        const json::object& item = set.at("linkset").at(0).as_object();
        EXPECT_EQ(item.at("anchor").as_string(), product + "/10/L1");
        EXPECT_EQ(item.at("https://gs1.org/voc/pip").as_array().size(), 2u);
        EXPECT_EQ(item.at("https://gs1.org/voc/traceability").as_array().size(), 1u);
        EXPECT_EQ(item.at("https://gs1.org/voc/defaultLink").at(0).at("href").as_string(), "https://a.vn/lo/L1");
    }
    // A compressed Digital Link at the root resolves as its uncompressed form, which the Link
    // header names (owl:sameAs); other single segments are not codes.
    const std::string token = gs1::CompressDigitalLink(gs1::ParseDigitalLink(product + "/10/L1/21/S9").value());
    r = get("/" + token);
    EXPECT_EQ(r.result_int(), 307) << token << " " << r.body();
    EXPECT_EQ(r[boost::beast::http::field::location], "https://a.vn/lo/L1");
    EXPECT_NE(std::string(r[boost::beast::http::field::link]).find("<" + path + "/10/L1/21/S9>; rel=\"owl:sameAs\""),
              std::string::npos)
        << r[boost::beast::http::field::link];
    r = get("/" + token + "?linkType=linkset");
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_EQ(Json(r).at("linkset").at(0).at("anchor").as_string(), product + "/10/L1/21/S9");
    EXPECT_EQ(get("/favicon.ico").result_int(), 404);
    EXPECT_EQ(get("/healthz").result_int(), 200);
    // Bad syntax: 400, as problem+json for programs and as a page for people (escaped).
    for (const std::string& bad :
         std::vector<std::string>{"/01/08934567000124", "/01/12345", "/01/" + std::string(kGtinA) + "/21/S/10/L",
                                  "/01/" + std::string(kGtinA) + "/99/X"}) {
        r = get(bad);
        EXPECT_EQ(r.result_int(), 400) << bad;
        EXPECT_EQ(r[boost::beast::http::field::content_type], "application/problem+json") << bad;
    }
    r = get("/01/%3Cscript%3Ealert(1)%3C%2Fscript%3E", {{"Accept", "text/html,application/xhtml+xml"}});
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_NE(r[boost::beast::http::field::content_type].find("text/html"), std::string::npos);
    EXPECT_EQ(r.body().find("<script>"), std::string::npos) << "escaped";
    EXPECT_NE(r.body().find("Mã không hợp lệ"), std::string::npos);
    // HEAD, OPTIONS and the description file.
    r = client_->Send(verb::head, path, "", {});
    EXPECT_EQ(r.result_int(), 307);
    EXPECT_TRUE(r.body().empty());
    r = client_->Send(verb::options, path, "", {{"Origin", "https://shop.example"}});
    EXPECT_EQ(r.result_int(), 204);
    EXPECT_EQ(r[boost::beast::http::field::access_control_allow_methods], "GET, HEAD, OPTIONS");
    const json::value description = Json(get("/.well-known/gs1resolver"));
    const auto& keys = description.at("supportedPrimaryKeys").as_array();
    EXPECT_NE(std::find(keys.begin(), keys.end(), json::value("01")), keys.end());
    EXPECT_NE(std::find(keys.begin(), keys.end(), json::value("414")), keys.end());

    // Deleting: not by B; by A, and the lot falls back to the product.
    EXPECT_EQ(Send("b", verb::delete_, lot_link).result_int(), 403);
    ASSERT_EQ(Send("a", verb::delete_, lot_link).result_int(), 200);
    EXPECT_EQ(Send("a", verb::get, lot_link).result_int(), 404);
    EXPECT_EQ(get(path + "/10/L1/21/S9")[boost::beast::http::field::location], "https://a.vn/vi");
    // Listed to anyone; written down in the audit log.
    const json::value listed = Json(Send("", verb::get, "/api/v1/links?gtin=" + std::string(kGtinA)));
    EXPECT_EQ(listed.at("items").as_array().size(), 3u);
    const json::value audit = Json(Send("admin", verb::get, "/api/v1/audit?limit=10000"));
    std::size_t created = 0, deleted = 0;
    for (const auto& e : audit.at("items").as_array()) {
        created += e.at("action").as_string() == "link.create";
        deleted += e.at("action").as_string() == "link.delete";
    }
    EXPECT_EQ(created, 4u);
    EXPECT_EQ(deleted, 1u);
}

TEST_F(RegistryApiTest, QrCodesOfDigitalLinksAreDrawnAsPngAndSvg) {
    ASSERT_TRUE(testing::HaveZbar()) << "zbarimg (Debian zbar-tools) is needed: make deps";
    const std::string uri = "https://id.gs1.org/01/" + std::string(kGtinA) + "/10/L1/21/S9?17=271231";
    std::string escaped;
    for (const char c : uri) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            escaped += c;
        } else {
            escaped += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        }
    }
    for (const std::string ecc : {"L", "M", "Q", "H"}) {
        auto png = client_->Send(verb::get, "/qr?data=" + escaped + "&format=png&size=320&ecc=" + ecc, "", {});
        ASSERT_EQ(png.result_int(), 200) << png.body();
        EXPECT_EQ(png[boost::beast::http::field::content_type], "image/png");
        EXPECT_EQ(testing::ReadBarcodes(png.body()), std::vector<std::string>{uri}) << ecc;
    }
    auto svg = client_->Send(verb::get, "/qr?data=" + escaped + "&format=svg", "", {});
    ASSERT_EQ(svg.result_int(), 200);
    EXPECT_EQ(svg[boost::beast::http::field::content_type], "image/svg+xml");
    EXPECT_TRUE(svg.body().starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // The GS1 DataMatrix carries the element string, FNC1 first and between variable-length values.
    auto dm = client_->Send(verb::get, "/qr?data=" + escaped + "&format=datamatrix&size=300", "", {});
    ASSERT_EQ(dm.result_int(), 200) << dm.body();
    EXPECT_EQ(dm[boost::beast::http::field::content_type], "image/png");
    const std::string file = (dir_ / "dm.png").string();
    std::ofstream(file, std::ios::binary) << dm.body();
    EXPECT_EQ(testing::RunCommand("dmtxread", {"--gs1=124", "--stop-after=1", file}).out,
              "|01" + std::string(kGtinA) + "10L1|21S9|17271231");
    // Bad input names the field and the rule.
    struct Case {
        std::string query, rule;
    };
    for (const auto& c : std::vector<Case>{{"", "qr.data"},
                                           {"data=https%3A%2F%2Fexample.vn%2Fabout%2Fpage.html", "dl.no_primary_key"},
                                           {"data=" + escaped + "&format=gif", "qr.format"},
                                           {"data=" + escaped + "&size=10", "qr.size"},
                                           {"data=" + escaped + "&ecc=Z", "qr.ecc"},
                                           {"data=" + escaped + "&colour=red", "query.unknown_parameter"}}) {
        auto r = client_->Send(verb::get, "/qr?" + c.query, "", {});
        EXPECT_EQ(r.result_int(), 400) << c.query;
        EXPECT_EQ(Rule(r), c.rule) << c.query;
    }
}

}  // namespace
}  // namespace txng
