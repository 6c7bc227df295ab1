// The EPCIS 2.0 REST binding end to end: a real server on 127.0.0.1 port 0 over a temporary
// SQLite store, driven by a real HTTP client.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "app/serve.hpp"
#include "demo/chain_generator.hpp"
#include "epcis/document_io.hpp"
#include "epcis/event_hash.hpp"
#include "epcis/query.hpp"
#include "gs1/percent_encoding.hpp"
#include "registry/access.hpp"
#include "service/trace_report.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/shared_dir.hpp"
#include "tests/support/xlsx_reader.hpp"

namespace txng {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using boost::beast::http::verb;
using testing::HttpClient;
using testing::HttpHeaders;
using testing::HttpResponse;

std::string ObjectEvents(int n, int first_serial = 1, std::string_view extra = "") {
    std::string events;
    for (int i = 0; i < n; ++i) {
        if (i) events += ",";
        events += R"({"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",)"
                  R"("epcList":["urn:epc:id:sgtin:8934567.000123.)" +
                  std::to_string(first_serial + i) +
                  R"("],"action":"OBSERVE","bizStep":"shipping","readPoint":{"id":"urn:epc:id:sgln:8934567.00001.0"})" +
                  std::string(extra) + "}";
    }
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
           R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)" +
           events + "]}}";
}

std::string OneEvent(int serial, std::string_view event_id = "") {
    std::string id = event_id.empty() ? "" : R"("eventID":")" + std::string(event_id) + R"(",)";
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent",)" +
           id +
           R"("eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",)"
           R"("epcList":["urn:epc:id:sgtin:8934567.000123.)" +
           std::to_string(serial) + R"("],"action":"OBSERVE","bizStep":"receiving"})";
}

// Percent-encodes a query value or path segment (RFC 3986 unreserved characters kept).
std::string Enc(std::string_view v) { return gs1::PercentEncodeDlValue(v); }

json::value Json(const HttpResponse& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body(), ec);
    EXPECT_FALSE(ec) << r.body().substr(0, 300);
    return v;
}

json::array EventList(const HttpResponse& r) {
    auto v = Json(r);
    if (!v.is_object()) return {};
    const auto* list = v.as_object()
                           .at("epcisBody")
                           .as_object()
                           .at("queryResults")
                           .as_object()
                           .at("resultsBody")
                           .as_object()
                           .if_contains("eventList");
    return list ? list->as_array() : json::array{};
}

std::size_t EventCount(const HttpResponse& r) { return EventList(r).size(); }

// The target of a Link: <...>; rel="next" header, or "" when there is none.
std::string NextLink(const HttpResponse& r) {
    auto it = r.find(boost::beast::http::field::link);
    if (it == r.end()) return {};
    const std::string link(it->value());
    const auto open = link.find('<');
    const auto close = link.find('>');
    if (open == std::string::npos || close == std::string::npos || link.find("rel=\"next\"") == std::string::npos)
        return {};
    return link.substr(open + 1, close - open - 1);
}

class EpcisApiTest : public ::testing::Test {
  protected:
    void SetUp() override { Start({}); }
    void TearDown() override {
        client_.reset();
        node_.reset();
        fs::remove_all(dir_);
    }
    void Start(const std::function<void(app::ServeConfig&)>& tweak) {
        client_.reset();
        node_.reset();
        if (dir_.empty()) {
            dir_ = fs::temp_directory_path() / ("txng-api-" + std::to_string(std::random_device{}()));
            fs::create_directories(dir_);
        }
        app::ServeConfig config;
        config.db = "sqlite:" + (dir_ / "store.db").string();
        config.listen = "127.0.0.1:0";
        if (tweak) tweak(config);
        auto node = app::Node::Create(config);
        ASSERT_TRUE(node) << node.error().ToString();
        node_ = std::move(*node);
        node_->Start();
        // A generous guard against hangs, not a speed limit: sanitizer builds under load are slow.
        client_ = std::make_unique<HttpClient>(node_->Port(), "127.0.0.1", std::chrono::seconds(60));
        // Every request of these tests is the national portal's: a national admin key, made as
        // `txng admin create-key` makes it. Tenancy is tested in registry_api_test.cpp.
        auto key = node_->Registry().CreateKey(service::Caller{registry::CommandLine(), {}},
                                               {"tests", registry::Role::kNationalAdmin, "", "", {}, ""});
        ASSERT_TRUE(key) << key.error().ToString();
        client_->SetDefaultHeaders({{"Authorization", "Bearer " + key->token}});
    }
    HttpResponse Get(std::string_view target, const HttpHeaders& headers = {}) {
        return client_->Send(verb::get, target, "", headers);
    }
    HttpResponse Post(std::string_view target, std::string body, std::string content_type = "application/ld+json",
                      HttpHeaders headers = {}) {
        headers.emplace_back("Content-Type", content_type);
        return client_->Send(verb::post, target, std::move(body), headers);
    }
    // POST /capture, then follows the job's Location until it has finished; the finished job.
    json::object Capture(std::string body, std::string content_type = "application/ld+json", HttpHeaders headers = {}) {
        auto r = Post("/capture", std::move(body), content_type, std::move(headers));
        EXPECT_EQ(r.result_int(), 202) << r.body().substr(0, 400);
        const auto location = r.find(boost::beast::http::field::location);
        if (r.result_int() != 202 || location == r.end()) return json::object{};
        auto accepted = Json(r);
        EXPECT_TRUE(accepted.is_object() && accepted.as_object().at("running").is_bool()) << r.body();
        const std::string job_url(location->value());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            auto job = Get(job_url);
            EXPECT_EQ(job.result_int(), 200) << job_url << ": " << job.body();
            if (job.result_int() != 200) return json::object{};
            auto v = Json(job).as_object();
            if (!v.at("running").as_bool()) {
                EXPECT_TRUE(v.contains("finishedAt")) << job.body();
                return v;
            }
            if (std::chrono::steady_clock::now() > deadline) {
                ADD_FAILURE() << "capture job still running after 60 s: " << job_url;
                return v;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    // Captures and checks the job finished with success.
    json::object CaptureOk(std::string body, std::string content_type = "application/ld+json") {
        auto job = Capture(std::move(body), std::move(content_type));
        EXPECT_TRUE(job.contains("success") && job.at("success").as_bool()) << json::serialize(job);
        return job;
    }
    std::size_t StoredEvents() {
        auto stats = node_->Store().Stats();
        return stats ? stats->events : 0;
    }
    // Every event of /events?<query> across pages.
    std::vector<json::value> AllPages(std::string target, const HttpHeaders& headers = {}) {
        std::vector<json::value> out;
        for (int guard = 0; guard < 10000 && !target.empty(); ++guard) {
            auto r = Get(target, headers);
            EXPECT_EQ(r.result_int(), 200) << target << " " << r.body().substr(0, 300);
            if (r.result_int() != 200) break;
            for (auto& e : EventList(r)) out.push_back(e);
            target = NextLink(r);
        }
        return out;
    }

    fs::path dir_;
    std::unique_ptr<app::Node> node_;
    std::unique_ptr<HttpClient> client_;
};

TEST_F(EpcisApiTest, TopLevelResourcesAndDiscovery) {
    auto r = Get("/");
    ASSERT_EQ(r.result_int(), 200);
    auto members = Json(r).as_object().at("member").as_array();
    std::set<std::string> names;
    for (const auto& m : members) names.insert(std::string(m.as_string()));
    EXPECT_EQ(names, (std::set<std::string>{"events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints",
                                            "dispositions", "capture", "queries"}));
    EXPECT_EQ(r["GS1-EPCIS-Version"], "2.0.0");

    auto options = client_->Send(verb::options, "/capture");
    EXPECT_EQ(options.result_int(), 204);
    EXPECT_NE(std::string(options["Allow"]).find("POST"), std::string::npos);
    EXPECT_FALSE(options["GS1-EPCIS-Capture-Limit"].empty());
    EXPECT_FALSE(options["GS1-EPCIS-Capture-File-Size-Limit"].empty());
    EXPECT_EQ(options["GS1-EPCIS-Min"], "2.0.0");
    auto events_options = client_->Send(verb::options, "/events/abc");
    EXPECT_EQ(events_options.result_int(), 204);
    EXPECT_FALSE(events_options["GS1-CBV-Version"].empty());
}

TEST_F(EpcisApiTest, CaptureThenFindByEveryMainParameter) {
    auto job = CaptureOk(ObjectEvents(3));
    EXPECT_TRUE(job.at("success").as_bool());
    auto location = Get("/capture/" + std::string(job.at("captureID").as_string()));
    ASSERT_EQ(location.result_int(), 200);
    EXPECT_EQ(Json(location).as_object().at("captureErrorBehaviour"), "rollback");

    EXPECT_EQ(EventCount(Get("/events")), 3u);
    EXPECT_EQ(EventCount(Get("/events?EQ_bizStep=shipping")), 3u);
    EXPECT_EQ(EventCount(Get("/events?EQ_bizStep=" + Enc("urn:epcglobal:cbv:bizstep:shipping"))), 3u);
    EXPECT_EQ(EventCount(Get("/events?EQ_bizStep=receiving")), 0u);
    EXPECT_EQ(EventCount(Get("/events?eventType=ObjectEvent&EQ_action=OBSERVE")), 3u);
    EXPECT_EQ(EventCount(Get("/events?MATCH_epc=" + Enc("https://id.gs1.org/01/08934567001236/21/2"))), 1u);
    EXPECT_EQ(EventCount(Get("/events?MATCH_anyEPC=" + Enc("urn:epc:idpat:sgtin:8934567.000123.*"))), 3u);
    EXPECT_EQ(EventCount(Get("/epcs/" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "/events")), 1u);
    EXPECT_EQ(EventCount(Get("/bizSteps/shipping/events")), 3u);
    EXPECT_EQ(EventCount(Get("/readPoints/" + Enc("urn:epc:id:sgln:8934567.00001.0") + "/events")), 3u);
    EXPECT_EQ(EventCount(Get("/eventTypes/ObjectEvent/events")), 3u);
    EXPECT_EQ(EventCount(Get("/events?GE_eventTime=2026-03-01T01:00:00Z&LT_eventTime=2026-03-01T01:00:00.001Z")), 3u);
    EXPECT_EQ(EventCount(Get("/events?LT_eventTime=2026-03-01T01:00:00Z")), 0u);

    auto steps = Json(Get("/bizSteps")).as_object().at("member").as_array();
    EXPECT_NE(std::find(steps.begin(), steps.end(), json::value("shipping")), steps.end());
    auto epcs = Json(Get("/epcs")).as_object().at("member").as_array();
    EXPECT_EQ(epcs.size(), 3u);
}

TEST_F(EpcisApiTest, EveryValidConformanceDocumentIsCapturedAndFound) {
    TXNG_REQUIRE_SHARED();
    std::size_t documents = 0;
    for (const auto* folder : {"conformance/epcis/valid-json", "conformance/epcis/valid-xml",
                               "conformance/epcis/valid-json-openepcis", "conformance/epcis/valid-xml-openepcis"}) {
        for (const auto& file : testing::SharedFiles(folder, {".json", ".jsonld", ".xml"})) {
            const std::string text = testing::ReadFile(file);
            auto loaded = epcis::LoadDocument(text);
            if (!loaded) continue;  // out of the XSD order on purpose; covered by the conformance test
            const bool xml = loaded->format == epcis::Format::kXml;
            if (loaded->document.kind == epcis::DocumentKind::kBareEvent) continue;
            const json::object job = Capture(text, xml ? "application/xml" : "application/ld+json",
                                             {{"GS1-Capture-Error-Behaviour", "proceed"}});
            ASSERT_TRUE(job.contains("errors")) << file;
            ++documents;
            // Events whose eventID another file already used for other content are conflicts.
            std::set<std::size_t> conflicts;
            for (const auto& err : job.at("errors").as_array()) {
                EXPECT_EQ(err.at("rule"), "capture.event_id_conflict") << file;
                conflicts.insert(err.at("index").to_number<std::size_t>());
            }
            // Each event is then found by its eventID and by its type, bizStep and identifiers.
            for (std::size_t index = 0; index < loaded->document.events.size(); ++index) {
                if (conflicts.count(index)) continue;
                const auto& e = loaded->document.events[index];
                const auto ns = epcis::EffectiveNamespaces(loaded->document, e);
                const std::string id = e.event_id ? *e.event_id : epcis::EventHashId(e, ns);
                auto one = Get("/events/" + Enc(id), {{"GS1-EPC-Format", "Never_Translates"}});
                ASSERT_EQ(one.result_int(), 200) << file << " " << id << ": " << one.body().substr(0, 300);
                std::string q = "/events?EQ_eventID=" + Enc(id);
                if (e.type != epcis::EventType::kExtensionEvent)
                    q += "&eventType=" + std::string(epcis::EventTypeName(e.type));
                if (e.biz_step) q += "&EQ_bizStep=" + Enc(*e.biz_step);
                if (e.action) q += "&EQ_action=" + std::string(epcis::ActionName(*e.action));
                const auto ids = epcis::EventIdentifiers(e);
                if (!ids.empty()) {
                    q += (ids[0].role >= epcis::kRoleQuantity ? "&MATCH_anyEPCClass=" : "&MATCH_anyEPC=") +
                         Enc(ids[0].canonical);
                }
                if (e.biz_location) q += "&EQ_bizLocation=" + Enc(e.biz_location->id);
                auto found = Get(q);
                ASSERT_EQ(found.result_int(), 200) << q << ": " << found.body().substr(0, 300);
                EXPECT_EQ(EventCount(found), 1u) << file << " " << q;
            }
        }
    }
    EXPECT_GT(documents, 80u);
}

TEST_F(EpcisApiTest, InvalidDocumentsAreRejectedAndNothingIsStored) {
    TXNG_REQUIRE_SHARED();
    std::size_t rejected = 0;
    for (const auto* folder : {"conformance/epcis/invalid-json", "conformance/epcis/invalid-xml"}) {
        for (const auto& file : testing::SharedFiles(folder, {".json", ".jsonld", ".xml"})) {
            const std::string text = testing::ReadFile(file);
            const bool xml = file.extension() == ".xml";
            auto r = Post("/capture", text, xml ? "application/xml" : "application/ld+json");
            EXPECT_EQ(r.result_int(), 400) << file << ": " << r.body().substr(0, 300);
            EXPECT_EQ(r[boost::beast::http::field::content_type], "application/problem+json") << file;
            auto problem = Json(r);
            ASSERT_TRUE(problem.is_object()) << file;
            EXPECT_FALSE(problem.as_object().at("rule").as_string().empty()) << file;
            EXPECT_EQ(problem.as_object().at("type"), "epcisException:ValidationException") << file;
            ++rejected;
        }
    }
    EXPECT_GE(rejected, 18u);
    EXPECT_EQ(StoredEvents(), 0u);
}

TEST_F(EpcisApiTest, BadRequestsGetProblemsNamingTheField) {
    auto unknown = Get("/events?EQ_bizstep=shipping");
    EXPECT_EQ(unknown.result_int(), 400);
    EXPECT_EQ(Json(unknown).as_object().at("type"), "epcisException:QueryParameterException");
    EXPECT_EQ(Json(unknown).as_object().at("where"), "EQ_bizstep");
    EXPECT_EQ(Get("/events?GE_eventTime=yesterday").result_int(), 400);
    EXPECT_EQ(Get("/events?EQ_bizStep=%ZZ").result_int(), 400);
    EXPECT_EQ(Get("/events?EQ_bizStep=%FF%FE").result_int(), 400);
    EXPECT_EQ(Get("/events?eventCountLimit=5").result_int(), 400);  // needs orderBy
    EXPECT_EQ(Get("/events?perPage=0").result_int(), 400);
    EXPECT_EQ(Get("/events", {{"Accept", "text/csv"}}).result_int(), 406);
    EXPECT_EQ(Get("/events", {{"GS1-EPC-Format", "Sometimes"}}).result_int(), 400);
    EXPECT_EQ(Post("/capture", ObjectEvents(1), "text/plain").result_int(), 415);
    EXPECT_EQ(Post("/capture", "{\"type\":", "application/json").result_int(), 400);
    EXPECT_EQ(Post("/capture", ObjectEvents(1), "application/json", {{"GS1-Capture-Error-Behaviour", "sometimes"}})
                  .result_int(),
              400);
    EXPECT_EQ(Get("/events/" + Enc("urn:uuid:00000000-0000-4000-8000-000000000000")).result_int(), 404);
    EXPECT_EQ(Get("/capture/nope").result_int(), 404);
    EXPECT_EQ(Get("/nothing-here").result_int(), 404);
    EXPECT_EQ(client_->Send(verb::delete_, "/events").result_int(), 405);
    // The server is still serving.
    EXPECT_EQ(Get("/").result_int(), 200);
    EXPECT_EQ(StoredEvents(), 0u);
}

TEST_F(EpcisApiTest, PaginationWalksALargeResultOnce) {
    CaptureOk(ObjectEvents(1200, 1));
    CaptureOk(ObjectEvents(1300, 5000));
    const auto all = AllPages("/events?perPage=100&EQ_bizStep=shipping");
    ASSERT_EQ(all.size(), 2500u);
    std::set<std::string> ids;
    for (const auto& e : all) ids.insert(std::string(e.as_object().at("eventID").as_string()));
    EXPECT_EQ(ids.size(), 2500u);

    auto first = Get("/events?perPage=10&orderBy=eventTime");
    EXPECT_FALSE(first["GS1-Next-Page-Token-Expires"].empty());
    const std::string next = NextLink(first);
    ASSERT_FALSE(next.empty());
    // A token is bound to its query.
    const auto token = next.substr(next.find("nextPageToken="));
    EXPECT_EQ(Get("/events?perPage=10&EQ_bizStep=receiving&" + token).result_int(), 400);
    EXPECT_EQ(Get("/events?perPage=10&nextPageToken=forged").result_int(), 400);
    EXPECT_EQ(Get(next).result_int(), 200);

    auto too_many = Get("/events?maxEventCount=100");
    EXPECT_EQ(too_many.result_int(), 413);
    EXPECT_EQ(Json(too_many).as_object().at("type"), "epcisException:QueryTooLargeException");
    EXPECT_EQ(AllPages("/events?orderBy=eventTime&eventCountLimit=250&perPage=100").size(), 250u);
}

TEST_F(EpcisApiTest, EveryPageTokenIsAccepted) {
    // Tokens of many different queries (each binds its own query tag): a token whose bytes broke
    // its own encoding would be refused for some of them.
    CaptureOk(ObjectEvents(3, 1));
    for (int i = 0; i < 300; ++i) {
        const std::string first = "/events?perPage=1&GE_eventTime=2026-02-" + std::to_string(10 + i % 18) +
                                  "T00:00:" + std::to_string(10 + i % 49) +
                                  "Z&EQ_bizStep=shipping&maxEventCount=" + std::to_string(3 + i);
        auto r = Get(first);
        ASSERT_EQ(r.result_int(), 200) << first;
        const std::string next = NextLink(r);
        ASSERT_FALSE(next.empty()) << first;
        auto second = Get(next);
        ASSERT_EQ(second.result_int(), 200) << next << " " << second.body().substr(0, 200);
    }
}

TEST_F(EpcisApiTest, EpcFormatHeaderTranslatesIdentifiers) {
    CaptureOk(ObjectEvents(1, 7));
    auto dl = EventList(Get("/events"));
    ASSERT_EQ(dl.size(), 1u);
    EXPECT_EQ(dl[0].at("epcList").as_array()[0], "https://id.gs1.org/01/08934567001236/21/7");
    EXPECT_EQ(dl[0].at("readPoint").at("id"), "https://id.gs1.org/414/8934567000017");
    auto urn = EventList(Get("/events", {{"GS1-EPC-Format", "Never_Translates"}}));
    EXPECT_EQ(urn[0].at("epcList").as_array()[0], "urn:epc:id:sgtin:8934567.000123.7");
}

TEST_F(EpcisApiTest, XmlInAndOut) {
    // Capture as JSON, read as XML, capture that XML into a second server: the same event hash.
    CaptureOk(ObjectEvents(2, 1));
    auto xml = Get("/events", {{"Accept", "application/xml"}, {"GS1-EPC-Format", "Never_Translates"}});
    ASSERT_EQ(xml.result_int(), 200);
    EXPECT_EQ(xml[boost::beast::http::field::content_type], "application/xml");
    auto loaded = epcis::LoadDocument(xml.body());
    ASSERT_TRUE(loaded) << loaded.error().ToString() << "\n" << xml.body().substr(0, 500);
    EXPECT_EQ(loaded->document.kind, epcis::DocumentKind::kEpcisQueryDocument);
    ASSERT_EQ(loaded->document.events.size(), 2u);
    auto json_events = EventList(Get("/events", {{"GS1-EPC-Format", "Never_Translates"}}));
    std::set<std::string> a, b;
    for (const auto& e : loaded->document.events) a.insert(*e.event_id);
    for (const auto& e : json_events) b.insert(std::string(e.at("eventID").as_string()));
    EXPECT_EQ(a, b);
}

TEST_F(EpcisApiTest, PostEventsIsIdempotentAndConflictsAre409) {
    auto created = Post("/events", OneEvent(1, "urn:uuid:5c2e0a2c-0b2b-4c63-9c3f-3f1c5a7d9e01"));
    EXPECT_EQ(created.result_int(), 201) << created.body();
    EXPECT_EQ(created[boost::beast::http::field::location],
              "/events/" + Enc("urn:uuid:5c2e0a2c-0b2b-4c63-9c3f-3f1c5a7d9e01"));
    EXPECT_EQ(Post("/events", OneEvent(1, "urn:uuid:5c2e0a2c-0b2b-4c63-9c3f-3f1c5a7d9e01")).result_int(), 200);
    auto conflict = Post("/events", OneEvent(2, "urn:uuid:5c2e0a2c-0b2b-4c63-9c3f-3f1c5a7d9e01"));
    EXPECT_EQ(conflict.result_int(), 409) << conflict.body();
    EXPECT_EQ(StoredEvents(), 1u);
    // Without an eventID the hash names it; the same event again is a no-op.
    auto hashed = Post("/events", OneEvent(3));
    EXPECT_EQ(hashed.result_int(), 201);
    const std::string location(hashed[boost::beast::http::field::location]);
    EXPECT_EQ(location.rfind("/events/ni%3A%2F%2F%2Fsha-256%3B", 0), 0u) << location;
    EXPECT_EQ(Get(location).result_int(), 200);
    EXPECT_EQ(Post("/events", OneEvent(3)).result_int(), 200);
    EXPECT_EQ(StoredEvents(), 2u);
}

TEST_F(EpcisApiTest, RollbackAndProceed) {
    Post("/events", OneEvent(1, "urn:uuid:00000000-0000-4000-8000-0000000000aa"));
    std::string doc = ObjectEvents(4, 100);
    // The third event reuses the stored eventID with other content.
    const std::string marker = "\"epcList\":[\"urn:epc:id:sgtin:8934567.000123.102\"]";
    doc.replace(doc.find(marker), 0, "\"eventID\":\"urn:uuid:00000000-0000-4000-8000-0000000000aa\",");
    auto rolled = Capture(doc);
    EXPECT_FALSE(rolled.at("success").as_bool());
    EXPECT_EQ(rolled.at("errors").as_array().size(), 1u);
    EXPECT_EQ(StoredEvents(), 1u);
    auto proceeded = Capture(doc, "application/ld+json", {{"GS1-Capture-Error-Behaviour", "proceed"}});
    EXPECT_FALSE(proceeded.at("success").as_bool());
    EXPECT_EQ(proceeded.at("storedCount").to_number<int>(), 3);
    EXPECT_EQ(StoredEvents(), 4u);
    // POST /events is a capture job too.
    auto jobs = Json(Get("/capture"));
    EXPECT_EQ(jobs.as_array().size(), 3u);
}

TEST_F(EpcisApiTest, CaptureLimitsAnswer413WithTheLimitHeaders) {
    Start([](app::ServeConfig& c) {
        c.api.capture_limit = 10;
        c.api.capture_file_size_limit = 64 * 1024;
        c.server.target_limit = 1024;
    });
    auto too_many = Post("/capture", ObjectEvents(11));
    EXPECT_EQ(too_many.result_int(), 413);
    EXPECT_EQ(too_many["GS1-EPCIS-Capture-Limit"], "10");
    EXPECT_EQ(too_many["GS1-EPCIS-Capture-File-Size-Limit"], "65536");
    EXPECT_EQ(Json(too_many).as_object().at("type"), "epcisException:CaptureLimitExceededException");
    std::string big = ObjectEvents(5);
    big.insert(big.size() - 3, std::string(70 * 1024, ' '));
    auto too_big = Post("/capture", big);
    EXPECT_EQ(too_big.result_int(), 413);
    EXPECT_EQ(too_big["GS1-EPCIS-Capture-File-Size-Limit"], "65536");
    auto long_url = Get("/events?EQ_bizStep=" + std::string(2000, 'a'));
    EXPECT_EQ(long_url.result_int(), 414);
    EXPECT_EQ(StoredEvents(), 0u);
    CaptureOk(ObjectEvents(10));
}

TEST_F(EpcisApiTest, NamedQueries) {
    CaptureOk(ObjectEvents(3));
    auto created =
        Post("/queries", R"({"name":"shipped","query":{"EQ_bizStep":["shipping"],"eventType":"ObjectEvent"}})",
             "application/json");
    EXPECT_EQ(created.result_int(), 201) << created.body();
    EXPECT_EQ(created[boost::beast::http::field::location], "/queries/shipped");
    EXPECT_EQ(Post("/queries", R"({"name":"shipped","query":{}})", "application/json").result_int(), 409);
    EXPECT_EQ(Post("/queries", R"({"name":"bad","query":{"EQ_nothing":["x"]}})", "application/json").result_int(), 400);
    EXPECT_EQ(Json(Get("/queries")).as_array().size(), 1u);
    EXPECT_EQ(Json(Get("/queries/shipped")).as_object().at("name"), "shipped");
    EXPECT_EQ(AllPages("/queries/shipped/events?perPage=2").size(), 3u);
    EXPECT_EQ(client_->Send(verb::delete_, "/queries/shipped").result_int(), 204);
    EXPECT_EQ(Get("/queries/shipped").result_int(), 404);
    EXPECT_EQ(Get("/queries/shipped/events").result_int(), 404);
}

TEST_F(EpcisApiTest, HealthReadinessAndMetrics) {
    EXPECT_EQ(Get("/healthz").result_int(), 200);
    EXPECT_EQ(Get("/readyz").result_int(), 200);
    CaptureOk(ObjectEvents(4));
    // Jobs are counted when they finish, on the store's thread: metrics may lag the job by a moment.
    auto metrics = Get("/metrics");
    for (int i = 0; i < 500 && metrics.body().find("txng_events_captured_total 4") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        metrics = Get("/metrics");
    }
    ASSERT_EQ(metrics.result_int(), 200);
    EXPECT_NE(metrics.body().find("txng_events_captured_total 4"), std::string::npos) << metrics.body();
    EXPECT_NE(metrics.body().find("txng_store_events 4"), std::string::npos);
    EXPECT_NE(metrics.body().find("txng_http_requests_total"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Trace and recall over HTTP, checked against the generator's ground truth.

class TraceApiTest : public EpcisApiTest {
  protected:
    void SetUp() override {
        // Company prefix lengths of the demo's enterprises, for GS1-EPC-Format: Always_EPC_URN.
        prefixes_ = std::make_unique<gs1::TableCompanyPrefixProvider>(demo::CompanyPrefixes(demo::DemoMasterData()));
        Start([&](app::ServeConfig& c) { c.api.prefixes = prefixes_.get(); });
        // The demo's master data (names, provinces), which the recall's spreadsheet columns use.
        epcis::DateTime created;
        created.unix_seconds = 1'751'302'800;
        CaptureOk(epcis::EncodeDocument(demo::MasterDataDocument(demo::DemoMasterData(), created), epcis::Format::kXml),
                  "application/xml");
        generator_ = std::make_unique<demo::ChainGenerator>(
            demo::ChainOptions{.target_events = 6'000, .seed = 3, .collect_ground_truth = true});
        epcis::Document doc;
        while (generator_->Next(doc, 1000)) CaptureOk(epcis::EncodeDocument(doc, epcis::Format::kJson));
    }
    // A lot of the ground truth with sold items.
    const demo::GroundTruth::Lot* LotWithSales() const {
        for (const auto& lot : generator_->ground_truth().lots) {
            for (const auto& item : lot.items) {
                if (item.sold_at) return &lot;
            }
        }
        return nullptr;
    }
    std::unique_ptr<gs1::TableCompanyPrefixProvider> prefixes_;
    std::unique_ptr<demo::ChainGenerator> generator_;
};

std::set<std::string> Ids(const json::array& list, std::string_view key = "id") {
    std::set<std::string> out;
    for (const auto& v : list) out.insert(std::string(v.as_object().at(key).as_string()));
    return out;
}

TEST_F(TraceApiTest, RecallListsEveryItemOfTheLotWithWhereItIs) {
    const auto* lot = LotWithSales();
    ASSERT_NE(lot, nullptr);
    auto r = Get("/recall?id=" + Enc(lot->lot_class));
    ASSERT_EQ(r.result_int(), 200) << r.body().substr(0, 300);
    auto body = Json(r).as_object();
    std::set<std::string> expected;
    for (const auto& item : lot->items) expected.insert(epcis::CanonicalIdentifier(item.epc));
    EXPECT_EQ(Ids(body.at("items").as_array()), expected);
    EXPECT_EQ(body.at("root").as_string(), epcis::CanonicalIdentifier(lot->lot_class));
    std::size_t sold = 0;
    for (const auto& v : body.at("items").as_array()) {
        const auto& item = v.as_object();
        EXPECT_TRUE(item.at("lastLocation").is_string());
        EXPECT_TRUE(item.at("lastEventTime").is_string());
        ASSERT_TRUE(item.at("lastEventID").is_string());
        const std::string event_id(item.at("lastEventID").as_string());
        EXPECT_EQ(Get("/events/" + Enc(event_id)).result_int(), 200) << event_id;
        if (item.at("disposition") == "retail_sold") ++sold;
    }
    EXPECT_GT(sold, 0u);
    EXPECT_FALSE(body.at("locations").as_array().empty());
    EXPECT_FALSE(body.at("truncated").as_bool());

    // The same as a spreadsheet-ready CSV: a header and one row per item.
    auto csv = Get("/recall?format=csv&id=" + Enc(lot->lot_class));
    ASSERT_EQ(csv.result_int(), 200);
    EXPECT_EQ(csv[boost::beast::http::field::content_type], "text/csv; charset=utf-8");
    EXPECT_TRUE(
        csv.body().starts_with("\xEF\xBB\xBF"
                               "Mã / Item,"));
    std::size_t lines = 0;
    for (char c : csv.body()) lines += c == '\n' ? 1 : 0;
    EXPECT_EQ(lines, expected.size() + 1);
}

TEST_F(TraceApiTest, RecallNamesProductLotProvinceAndCustodianAndComesAsXlsx) {
    const auto* lot = LotWithSales();
    ASSERT_NE(lot, nullptr);
    ASSERT_TRUE(lot->unit_product);
    const auto& md = generator_->master_data();
    const std::string product = md.products[*lot->unit_product].name_vi;
    auto r = Get("/recall?id=" + Enc(lot->lot_class));
    ASSERT_EQ(r.result_int(), 200) << r.body().substr(0, 300);
    const auto body = Json(r).as_object();
    std::map<std::string, const demo::GroundTruth::Item*> truth;
    for (const auto& item : lot->items) truth[epcis::CanonicalIdentifier(item.epc)] = &item;
    std::size_t sold = 0;
    for (const auto& v : body.at("items").as_array()) {
        const auto& item = v.as_object();
        EXPECT_EQ(item.at("product"), product.c_str());
        EXPECT_EQ(item.at("lot"), lot->lot_number.c_str());
        const auto* t = truth.at(std::string(item.at("id").as_string()));
        if (!t->sold_at) continue;
        ++sold;
        const auto& store = md.locations[*t->sold_at];
        EXPECT_EQ(item.at("locationName"), store.name_vi.c_str());
        EXPECT_EQ(item.at("provinceCode"), store.province_code.c_str());
        EXPECT_TRUE(item.at("province").as_string().ends_with(demo::FindProvince(store.province_code)->name_vi));
    }
    EXPECT_GT(sold, 0u);

    auto x = Get("/recall?format=xlsx&id=" + Enc(lot->lot_class));
    ASSERT_EQ(x.result_int(), 200) << x.body().substr(0, 300);
    EXPECT_EQ(x[boost::beast::http::field::content_type],
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_TRUE(x.body().starts_with("PK")) << "a zip container";
    const auto path =
        std::filesystem::temp_directory_path() / ("txng-recall-test-" + std::to_string(::getpid()) + ".xlsx");
    {
        std::ofstream out(path, std::ios::binary);
        out << x.body();
    }
    const auto sheet = testing::ReadXlsxSheet(path, 0);
    const auto summary = testing::ReadXlsxSheet(path, 1);
    std::filesystem::remove(path);
    ASSERT_TRUE(sheet) << "unzip and the sheet's XML read it";
    EXPECT_EQ(sheet->name, "Hàng thu hồi - Items");
    ASSERT_EQ(sheet->rows.size(), body.at("items").as_array().size() + 1) << "a header and one row per item";
    EXPECT_EQ(sheet->rows[0], service::RecallColumns());
    std::set<std::string> ids;
    for (std::size_t i = 1; i < sheet->rows.size(); ++i) {
        const auto& row = sheet->rows[i];
        ASSERT_GE(row.size(), 13u);
        ids.insert(row[0]);
        EXPECT_EQ(row[2], product);
        EXPECT_EQ(row[3], lot->lot_number);
        EXPECT_EQ(row[12], "1") << "path length, a number";
    }
    EXPECT_EQ(ids.size(), truth.size());
    for (const auto& [id, item] : truth) EXPECT_TRUE(ids.contains(id)) << id;
    ASSERT_TRUE(summary);
    ASSERT_GE(summary->rows.size(), 2u);
    EXPECT_EQ(summary->rows[1].at(2), std::to_string(truth.size()));

    auto bad = Get("/recall?format=pdf&id=" + Enc(lot->lot_class));
    EXPECT_EQ(bad.result_int(), 400);
    EXPECT_NE(bad.body().find("xlsx"), std::string::npos);
}

TEST_F(TraceApiTest, BackwardTraceOfASoldItemAndItsSteps) {
    const auto* lot = LotWithSales();
    ASSERT_NE(lot, nullptr);
    const demo::GroundTruth::Item* sold = nullptr;
    for (const auto& item : lot->items) {
        if (item.sold_at) sold = &item;
    }
    ASSERT_NE(sold, nullptr);
    // Asked for by its Digital Link, on another domain.
    std::string dl = epcis::CanonicalIdentifier(sold->epc);
    dl.replace(0, std::string_view("https://id.gs1.org").size(), "https://qr.example.vn");
    auto r = Get("/trace?direction=backward&id=" + Enc(dl));
    ASSERT_EQ(r.result_int(), 200) << r.body().substr(0, 300);
    auto body = Json(r).as_object();
    EXPECT_EQ(body.at("direction"), "backward");
    const auto nodes = Ids(body.at("nodes").as_array());
    EXPECT_TRUE(nodes.contains(epcis::CanonicalIdentifier(lot->lot_class)));
    for (const auto& sscc : sold->ssccs) EXPECT_TRUE(nodes.contains(epcis::CanonicalIdentifier(sscc))) << sscc;
    const auto& edges = body.at("edges").as_array();
    ASSERT_FALSE(edges.empty());
    std::set<std::string> relations;
    for (const auto& e : edges) {
        const auto& edge = e.as_object();
        relations.insert(std::string(edge.at("relation").as_string()));
        EXPECT_TRUE(edge.at("eventID").is_string());
        EXPECT_TRUE(nodes.contains(std::string(edge.at("from").as_string())));
        EXPECT_TRUE(nodes.contains(std::string(edge.at("to").as_string())));
    }
    EXPECT_TRUE(relations.contains("transformation"));
    EXPECT_TRUE(relations.contains("aggregation"));
    EXPECT_TRUE(relations.contains("location"));
    EXPECT_FALSE(body.at("events").as_array().empty());

    // Node ids follow GS1-EPC-Format.
    auto urn = Get("/trace?direction=backward&id=" + Enc(sold->epc), {{"GS1-EPC-Format", "Always_EPC_URN"}});
    ASSERT_EQ(urn.result_int(), 200);
    const auto urn_nodes = Ids(Json(urn).as_object().at("nodes").as_array());
    EXPECT_TRUE(urn_nodes.contains(sold->epc));
    EXPECT_TRUE(urn_nodes.contains(lot->lot_class));

    // One step back, one step forward: it ended at the store that sold it.
    auto steps = Get("/trace/steps?id=" + Enc(sold->epc));
    ASSERT_EQ(steps.result_int(), 200) << steps.body().substr(0, 300);
    auto s = Json(steps).as_object();
    ASSERT_TRUE(s.at("current").is_object());
    ASSERT_TRUE(s.at("previous").is_object());
    EXPECT_TRUE(s.at("next").is_null());
    const auto& md = generator_->master_data();
    const std::string store_gln = md.locations[*sold->sold_at].gln;
    EXPECT_NE(std::string(s.at("current").as_object().at("location").as_string()).find(store_gln), std::string::npos);
    EXPECT_GE(s.at("stops").as_array().size(), 3u);
}

TEST_F(TraceApiTest, TraceSeesCapturesMadeAfterItLoaded) {
    auto before = Get("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.777"));
    EXPECT_EQ(before.result_int(), 404);
    CaptureOk(ObjectEvents(1, 777));
    auto after = Get("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.777"));
    EXPECT_EQ(after.result_int(), 200) << after.body().substr(0, 300);
}

TEST_F(TraceApiTest, BadTraceRequestsAreClearProblems) {
    auto problem = [&](const std::string& target, int status, std::string_view rule) {
        SCOPED_TRACE(target);
        auto r = Get(target);
        EXPECT_EQ(r.result_int(), status) << r.body();
        EXPECT_EQ(r[boost::beast::http::field::content_type], "application/problem+json");
        auto v = Json(r);
        ASSERT_TRUE(v.is_object());
        EXPECT_NE(r.body().find(rule), std::string::npos) << r.body();
    };
    problem("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.999999"), 404, "trace.unknown_id");
    problem("/recall?id=" + Enc("urn:epc:id:sgtin:8934567.000123.999999"), 404, "trace.unknown_id");
    problem("/trace?id=not-a-uri", 400, "uri.format");
    problem("/trace", 400, "trace.id_required");
    problem("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "&direction=sideways", 400, "trace.direction");
    problem("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "&depth=0", 400, "trace.depth");
    problem("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "&at=yesterday", 400, "trace.at");
    problem("/trace?id=" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "&colour=red", 400, "query.unknown_parameter");
    problem("/trace/steps?id=" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "&direction=forward", 400,
            "query.unknown_parameter");
    problem("/recall?id=" + Enc("urn:epc:id:sgtin:8934567.000123.1") + "&format=pdf", 400, "recall.format");
    problem("/trace?id=%ZZ", 400, "query.percent_encoding");
    EXPECT_EQ(Get("/healthz").result_int(), 200) << "still serving";
}

}  // namespace
}  // namespace txng
