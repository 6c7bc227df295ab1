// The public product page over HTTP (a real server on port 0, a temporary store): what a consumer
// sees after scanning a stamp, in both languages and in every warning state, the report form, and
// hostile product data shown escaped.

#include <fmt/chrono.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include "app/serve.hpp"
#include "tests/support/browser.hpp"
#include "tests/support/http_client.hpp"

// fontconfig's font cache (loaded when stamp sheets are drawn) links its data by offsets, so
// LeakSanitizer calls it lost; the same suppression as the sheet's own tests.
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

constexpr std::string_view kGtinA = "08934567000123";
constexpr std::string_view kGlnA = "8934567000017";
constexpr std::string_view kGlnB = "8930001000018";

json::value Json(const HttpResponse& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body(), ec);
    return ec ? json::value() : v;
}

bool Has(const HttpResponse& r, std::string_view text) { return r.body().find(text) != std::string::npos; }

// An EPCIS document of one ObjectEvent on `epcs` at `gln`.
std::string Event(const json::array& epcs, std::string_view action, std::string_view step, std::string_view disposition,
                  std::string_view gln, std::string_view time) {
    json::object e{{"type", "ObjectEvent"},
                   {"eventTime", time},
                   {"eventTimeZoneOffset", "+07:00"},
                   {"epcList", epcs},
                   {"action", action},
                   {"bizStep", step},
                   {"disposition", disposition},
                   {"bizLocation", json::object{{"id", "https://id.gs1.org/414/" + std::string(gln)}}}};
    return json::serialize(
        json::object{{"@context", json::array{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
                     {"type", "EPCISDocument"},
                     {"schemaVersion", "2.0"},
                     {"creationDate", "2026-06-01T01:00:00Z"},
                     {"epcisBody", json::object{{"eventList", json::array{std::move(e)}}}}});
}

class ProductPageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-product-page-" + std::to_string(std::random_device{}()));
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
        for (const auto& [tax, name, province, prefix] :
             {std::tuple{"0314409058", "Công ty Cà phê Cầu Đất", "68", "8934567"},
              std::tuple{"0101234565", "Siêu thị Đà Nẵng", "48", "8930001"}}) {
            json::object e{{"taxCode", tax},
                           {"kind", "enterprise"},
                           {"name", json::object{{"vi", name}, {"en", std::string(name) + " (EN)"}}},
                           {"address", json::object{{"street", "12 Lê Lợi"}, {"provinceCode", province}}},
                           {"gs1CompanyPrefixes", json::array{json::object{{"prefix", prefix}}}},
                           {"contacts", json::array{json::object{{"name", "Bí mật"}, {"email", "secret@example.vn"}}}}};
            ASSERT_EQ(Send("admin", verb::post, "/api/v1/enterprises", json::serialize(e)).result_int(), 201);
        }
        MakeKey("a", R"({"name":"erp A","role":"enterprise","enterprise":"0314409058"})");
        MakeKey("b", R"({"name":"erp B","role":"enterprise","enterprise":"0101234565"})");
        ASSERT_EQ(Send("a", verb::post, "/api/v1/locations",
                       R"({"gln":"8934567000017","name":{"vi":"Xưởng rang Cầu Đất","en":"Cau Dat roastery"},)"
                       R"("kind":"factory","address":{"provinceCode":"68"}})")
                      .result_int(),
                  201);
        ASSERT_EQ(Send("b", verb::post, "/api/v1/locations",
                       R"({"gln":"8930001000018","name":{"vi":"Siêu thị Hải Châu"},"kind":"store",)"
                       R"("address":{"provinceCode":"48"}})")
                      .result_int(),
                  201);
        json::object p{
            {"gtin", kGtinA},
            {"name", json::object{{"vi", "Cà phê Arabica <script>window.__x=1</script>"}, {"en", "Arabica coffee"}}},
            {"brand", "Cầu Đất"},
            {"netContent", json::object{{"value", 500}, {"unitCode", "GRM"}}},
            {"origin", json::object{{"countryCode", "VN"}, {"provinceCode", "68"}}},
            {"standards", json::array{"TCVN 4193:2014"}},
            {"safetyWarnings",
             json::object{{"vi", "Không dùng cho trẻ dưới 12 tuổi <b>."}, {"en", "Not for children under 12."}}}};
        ASSERT_EQ(Send("a", verb::post, "/api/v1/products", json::serialize(p)).result_int(), 201);
        ASSERT_EQ(Send("a", verb::post, "/api/v1/links",
                       R"({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:certificationInfo",)"
                       R"("href":"https://cert.example.vn/vietgap/123","title":"VietGAP 123"})")
                      .result_int(),
                  201);

        // Eight stamps: 1-5 activated on lot L1, shipped and received in Đà Nẵng; 6 voided; 7-8 issued.
        auto order = Send("a", verb::post, "/api/v1/stamp-batches", R"({"gtin":"08934567000123","count":8})");
        ASSERT_EQ(order.result_int(), 202) << order.body();
        batch_ = "/api/v1/stamp-batches/" + std::to_string(Json(order).at("id").as_int64());
        node_->Stamps().WaitIdle();
        auto stamps = Json(Send("a", verb::get, batch_ + "/stamps"));
        for (const auto& s : stamps.at("items").as_array()) serials_.emplace_back(s.at("serial").as_string());
        ASSERT_EQ(serials_.size(), 8u);
        ASSERT_EQ(Send("a", verb::post, batch_ + "/changes",
                       R"({"status":"activated","from":1,"to":5,"location":"8934567000017","lot":"L1",)"
                       R"("expiry":"2027-06-30"})")
                      .result_int(),
                  200);
        ASSERT_EQ(Send("a", verb::post, batch_ + "/changes",
                       R"({"status":"voided","from":6,"to":6,"location":"8934567000017"})")
                      .result_int(),
                  200);
        // Shipped an hour after activation, received the next day at 15:30 (Vietnam time).
        const json::array shipped{Dl(1), Dl(2)};
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        const auto day = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(7)) + std::chrono::days(1);
        const auto received = day + std::chrono::hours(15) + std::chrono::minutes(30);
        received_ = fmt::format("{:%d/%m/%Y} 15:30", day);
        Capture("a", Event(shipped, "OBSERVE", "shipping", "in_transit", kGlnA,
                           fmt::format("{:%FT%T}Z", now + std::chrono::hours(1))));
        Capture("b", Event(shipped, "OBSERVE", "receiving", "sellable_accessible", kGlnB,
                           fmt::format("{:%FT%T}+07:00", received)));
    }

    void TearDown() override {
        client_.reset();
        node_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    std::string Dl(int ordinal) const {
        return "https://id.gs1.org/01/" + std::string(kGtinA) + "/21/" + serials_.at(ordinal - 1);
    }
    std::string PagePath(int ordinal) const { return "/01/" + std::string(kGtinA) + "/21/" + serials_.at(ordinal - 1); }

    void MakeKey(const std::string& who, std::string body) {
        auto r = Send("admin", verb::post, "/api/v1/keys", std::move(body));
        ASSERT_EQ(r.result_int(), 201) << r.body();
        keys_[who] = std::string(Json(r).as_object().at("key").as_string());
    }

    void Capture(const std::string& who, std::string document) {
        HttpHeaders h{{"Authorization", "Bearer " + keys_.at(who)}, {"Content-Type", "application/ld+json"}};
        auto r = client_->Send(verb::post, "/capture", std::move(document), h);
        ASSERT_EQ(r.result_int(), 202) << r.body();
        const std::string job(r[boost::beast::http::field::location]);
        for (int i = 0; i < 2000; ++i) {
            auto j = Json(Send("admin", verb::get, job));
            if (!j.at("running").as_bool()) {
                ASSERT_TRUE(j.at("success").as_bool()) << json::serialize(j);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        FAIL() << "capture did not finish";
    }

    HttpResponse Send(const std::string& who, verb method, std::string_view target, std::string body = "") {
        HttpHeaders headers;
        if (!who.empty()) headers.emplace_back("Authorization", "Bearer " + keys_.at(who));
        if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
        return client_->Send(method, target, std::move(body), headers);
    }

    HttpResponse Browse(std::string_view target, HttpHeaders extra = {}) {
        extra.emplace_back("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        return client_->Send(verb::get, target, "", extra);
    }

    fs::path dir_;
    std::unique_ptr<app::Node> node_;
    std::unique_ptr<HttpClient> client_;
    std::map<std::string, std::string> keys_;
    std::string batch_;
    std::vector<std::string> serials_;
    std::string received_;  // dd/mm/yyyy hh:mm of the reception, as the Vietnamese page writes it
};

TEST_F(ProductPageTest, AnActivatedStampShowsTheProductProducerJourneyAndDataItems) {
    auto r = Browse(PagePath(1));
    ASSERT_EQ(r.result_int(), 200) << r.body();
    EXPECT_EQ(r[boost::beast::http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(r[boost::beast::http::field::content_language], "vi");
    EXPECT_TRUE(Has(r, "<html lang=\"vi\">"));
    EXPECT_LT(r.body().size(), 50u * 1024);
    // The product, escaped.
    EXPECT_TRUE(Has(r, "Cà phê Arabica &lt;script&gt;window.__x&#61;1&lt;/script&gt;"));
    EXPECT_FALSE(Has(r, "<script>window.__x"));
    EXPECT_TRUE(Has(r, "500 g"));
    EXPECT_TRUE(Has(r, serials_[0]));
    EXPECT_TRUE(Has(r, ">L1<"));
    EXPECT_TRUE(Has(r, "30/06/2027"));
    // The producer, without its contacts.
    EXPECT_TRUE(Has(r, "Công ty Cà phê Cầu Đất"));
    EXPECT_TRUE(Has(r, "Lâm Đồng"));
    EXPECT_FALSE(Has(r, "secret@example.vn"));
    // The journey: made at the roastery, shipped, received in the Đà Nẵng supermarket.
    EXPECT_TRUE(Has(r, "Xưởng rang Cầu Đất"));
    EXPECT_TRUE(Has(r, "Siêu thị Hải Châu"));
    EXPECT_TRUE(Has(r, "Nhận hàng"));
    EXPECT_TRUE(Has(r, received_)) << received_;
    // In time order: made at the roastery, shipped from it, received in Đà Nẵng.
    EXPECT_LT(r.body().find("Tạo mã"), r.body().find("Nhận hàng"));
    // Standards, certifications, the passport and the Circular 02 items.
    EXPECT_TRUE(Has(r, "TCVN 4193:2014"));
    EXPECT_TRUE(Has(r, "href=\"https://cert.example.vn/vietgap/123\""));
    EXPECT_TRUE(Has(r, "Hộ chiếu số của sản phẩm"));
    EXPECT_TRUE(Has(r, "10. Tiêu chuẩn áp dụng"));
    EXPECT_TRUE(Has(r, "Không dùng cho trẻ dưới 12 tuổi &lt;b&gt;."));
    // No warning, and the report form.
    EXPECT_FALSE(Has(r, "data-warning"));
    EXPECT_TRUE(Has(r, "<form method=\"post\" action=\"/report\">"));
}

TEST_F(ProductPageTest, EnglishOnRequestOrByAcceptLanguage) {
    auto by_param = Browse(PagePath(1) + "?lang=en");
    ASSERT_EQ(by_param.result_int(), 200);
    EXPECT_TRUE(Has(by_param, "<html lang=\"en\">"));
    EXPECT_TRUE(Has(by_param, "Arabica coffee"));
    EXPECT_TRUE(Has(by_param, "Journey of the product"));
    EXPECT_TRUE(Has(by_param, "Cau Dat roastery"));
    EXPECT_TRUE(Has(by_param, "2027-06-30"));
    EXPECT_TRUE(Has(by_param, "Not for children under 12."));
    EXPECT_TRUE(Has(by_param, "hreflang=\"vi\""));
    auto by_header = Browse(PagePath(1), {{"Accept-Language", "en-GB,en;q=0.9,vi;q=0.5"}});
    EXPECT_TRUE(Has(by_header, "<html lang=\"en\">"));
    auto vietnamese = Browse(PagePath(1), {{"Accept-Language", "vi-VN,vi;q=0.9,en;q=0.5"}});
    EXPECT_TRUE(Has(vietnamese, "<html lang=\"vi\">"));
}

TEST_F(ProductPageTest, EachWarningStateIsShown) {
    auto voided = Browse(PagePath(6));
    EXPECT_EQ(voided.result_int(), 200);
    EXPECT_TRUE(Has(voided, "data-warning=\"voided\""));
    auto issued = Browse(PagePath(7));
    EXPECT_TRUE(Has(issued, "data-warning=\"not_activated\""));
    auto unknown = Browse("/01/" + std::string(kGtinA) + "/21/NOBODYISSUEDTHIS");
    EXPECT_EQ(unknown.result_int(), 404);
    EXPECT_TRUE(Has(unknown, "data-warning=\"unknown_code\""));
    auto unknown_product = Browse("/01/09506000134352/21/X1");
    EXPECT_EQ(unknown_product.result_int(), 404);
    EXPECT_TRUE(Has(unknown_product, "data-warning=\"unknown_code\""));

    // A recall of lot L1 reaches every stamp on it.
    Capture("a", Event(json::array{"https://id.gs1.org/01/" + std::string(kGtinA) + "/10/L1"}, "OBSERVE", "holding",
                       "recalled", kGlnA, "2026-11-10T08:00:00+07:00"));
    auto recalled = Browse(PagePath(3));
    EXPECT_TRUE(Has(recalled, "data-warning=\"recalled\""));

    // Scanned in four provinces within the day: looks copied.
    for (const char* province : {"01", "48", "79", "22"}) {
        auto scan = client_->Send(verb::get, PagePath(4), "",
                                  {{"Accept", "application/linkset+json"}, {"X-Client-Province", province}});
        EXPECT_EQ(scan.result_int(), 200);
    }
    node_->Scans().Flush();
    auto copied = Browse(PagePath(4));
    EXPECT_TRUE(Has(copied, "data-warning=\"looks_copied\""));
    // Stamp 5 shares the recalled lot but was not scanned around the country.
    auto other = Browse(PagePath(5));
    EXPECT_TRUE(Has(other, "data-warning=\"recalled\""));
    EXPECT_FALSE(Has(other, "data-warning=\"looks_copied\""));
}

TEST_F(ProductPageTest, ADefaultLinkStillRedirectsAndProgramsGetTheResolversAnswers) {
    auto json_client = client_->Send(verb::get, PagePath(1), "", {{"Accept", "application/json"}});
    EXPECT_EQ(json_client.result_int(), 404);
    ASSERT_EQ(Send("a", verb::post, "/api/v1/links",
                   R"({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:pip",)"
                   R"("href":"https://caudat.example.vn/arabica","title":"Arabica","default":true})")
                  .result_int(),
              201);
    auto redirected = Browse(PagePath(1));
    EXPECT_EQ(redirected.result_int(), 307);
    EXPECT_EQ(redirected[boost::beast::http::field::location], "https://caudat.example.vn/arabica");
}

TEST_F(ProductPageTest, TheReportFormStoresAComplaint) {
    const std::string form = "code=" + std::string("https%3A%2F%2Fid.gs1.org%2F01%2F") + std::string(kGtinA) +
                             "%2F21%2F" + serials_[0] +
                             "&kind=counterfeit&message=Tem+b%E1%BB%8B+b%C3%B3c+ra&contact=&province=48&lang=en";
    auto r = client_->Send(verb::post, "/report", form,
                           {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}});
    ASSERT_EQ(r.result_int(), 303) << r.body();
    const std::string location(r[boost::beast::http::field::location]);
    EXPECT_EQ(location, PagePath(1) + "?lang=en&reported=1#report");
    auto thanked = Browse(location.substr(0, location.find('#')));
    EXPECT_TRUE(Has(thanked, "Thank you. Your report has been recorded"));

    auto program =
        client_->Send(verb::post, "/report", form,
                      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
    EXPECT_EQ(program.result_int(), 201);
    EXPECT_EQ(Json(program).at("status"), "new");

    auto bad_kind =
        client_->Send(verb::post, "/report", "code=https%3A%2F%2Fid.gs1.org%2F01%2F08934567000123&kind=x&message=a",
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(bad_kind.result_int(), 400);
    EXPECT_EQ(Json(bad_kind).at("rule"), "report.kind");
    auto empty =
        client_->Send(verb::post, "/report", "code=https%3A%2F%2Fid.gs1.org%2F01%2F08934567000123&kind=other&message=+",
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(Json(empty).at("rule"), "report.message");
    auto not_a_code = client_->Send(verb::post, "/report", "code=https%3A%2F%2Fevil.example%2Fx&kind=other&message=a",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}});
    EXPECT_EQ(not_a_code.result_int(), 400);
    EXPECT_TRUE(Has(not_a_code, "<html"));
    auto as_json = client_->Send(verb::post, "/report", "{}", {{"Content-Type", "application/json"}});
    EXPECT_EQ(as_json.result_int(), 415);
}

// One page of a browser spec: `target` as a phone or desktop browser in `lang`, without JavaScript.
json::object BrowserPage(const std::string& url, const std::string& name, int width, int height,
                         const std::string& lang, int status, const std::string& warning, const std::string& text) {
    json::object expect{{"status", status},
                        {"lang", lang},
                        {"texts", json::array{text}},
                        {"maxBytes", 50 * 1024},
                        {"noHorizontalScroll", true},
                        {"selectors", json::array{"h1", "form[action='/report'] textarea"}},
                        {"evalFalse", "window.__x === 1"}};
    if (!warning.empty()) {
        expect["selectors"].as_array().emplace_back("[data-warning='" + warning + "']");
    } else {
        expect["notSelectors"] = json::array{"[data-warning]"};
    }
    return json::object{{"name", name + "-" + lang + "-" + std::to_string(width)},
                        {"url", url},
                        {"viewport", json::object{{"width", width}, {"height", height}}},
                        {"headers", json::object{{"Accept", "text/html"}, {"Accept-Language", lang}}},
                        {"javaScript", false},
                        {"expect", std::move(expect)}};
}

TEST_F(ProductPageTest, InChromiumOnPhoneAndDesktopInBothLanguagesAndEveryState) {
    if (const std::string missing = testing::MissingForBrowser(); !missing.empty()) {
        if (std::getenv("CI") != nullptr) FAIL() << "browser tests cannot run in CI: missing " << missing;
        GTEST_SKIP() << "no browser for the page tests: missing " << missing;
    }
    const std::string base = "http://127.0.0.1:" + std::to_string(node_->Port());
    struct State {
        std::string name, target, warning;
        int status;
        std::string text_vi, text_en;
    };
    auto check = [&](const std::vector<State>& states) {
        json::array pages;
        for (const auto& s : states) {
            for (const auto& [w, h] : {std::pair{360, 740}, std::pair{1280, 800}}) {
                pages.emplace_back(BrowserPage(base + s.target, s.name, w, h, "vi", s.status, s.warning, s.text_vi));
                pages.emplace_back(BrowserPage(base + s.target, s.name, w, h, "en", s.status, s.warning, s.text_en));
            }
        }
        const testing::BrowserResult r = testing::CheckPages(json::serialize(json::object{{"pages", pages}}));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        for (const auto& line : r.PageLines()) std::cout << line << "\n";
    };
    check(
        {{"genuine", PagePath(1), "", 200, "Hành trình sản phẩm", "Journey of the product"},
         {"voided", PagePath(6), "voided", 200, "Tem đã bị hủy", "This stamp was voided"},
         {"not-activated", PagePath(7), "not_activated", 200, "Tem chưa được kích hoạt", "This stamp is not activated"},
         {"unknown", "/01/" + std::string(kGtinA) + "/21/NOBODYISSUEDTHIS", "unknown_code", 404,
          "Mã không có trong hệ thống", "Unknown code"}});
    Capture("a", Event(json::array{"https://id.gs1.org/01/" + std::string(kGtinA) + "/10/L1"}, "OBSERVE", "holding",
                       "recalled", kGlnA, "2026-11-10T08:00:00+07:00"));
    for (const char* province : {"01", "48", "79", "22"}) {
        client_->Send(verb::get, PagePath(4), "",
                      {{"Accept", "application/linkset+json"}, {"X-Client-Province", province}});
    }
    node_->Scans().Flush();
    check({{"recalled", PagePath(3), "recalled", 200, "Sản phẩm bị thu hồi", "This product is recalled"},
           {"looks-copied", PagePath(4), "looks_copied", 200, "Mã có dấu hiệu bị sao chép", "This code looks copied"}});
}

}  // namespace
}  // namespace txng
