#include "http/server.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/log.hpp"
#include "http/problem.hpp"
#include "tests/support/http_client.hpp"

namespace txng::http {
namespace {

using namespace std::chrono_literals;
using testing::HttpClient;
using testing::RawConnection;
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

Response Text(std::string body, bhttp::status status = bhttp::status::ok) {
    Response res{status, 11};
    res.set(bhttp::field::content_type, "text/plain");
    res.body() = std::move(body);
    return res;
}

boost::json::object Json(const Response& res) { return boost::json::parse(res.body()).as_object(); }

int Count(std::string_view haystack, std::string_view needle) {
    int n = 0;
    for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos; pos = haystack.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

// A real server on 127.0.0.1, port 0, short timeouts; stopped when the test ends.
class ServerTest : public ::testing::Test {
  protected:
    static ServerOptions FastOptions() {
        ServerOptions o;
        o.port = 0;
        o.threads = 2;
        o.header_timeout = 300ms;
        o.idle_timeout = 300ms;
        o.body_timeout = 1000ms;
        o.shutdown_grace = 3000ms;
        return o;
    }

    Router StandardRoutes() {
        Router router;
        router.Add(Verb::get, "/hello", [](RequestContext&) -> asio::awaitable<Response> { co_return Text("hello"); });
        router.Add(Verb::get, "/events/{eventID}", [](RequestContext& ctx) -> asio::awaitable<Response> {
            co_return Text(std::string(ctx.PathParam("eventID")));
        });
        router.Add(Verb::get, "/events/all",
                   [](RequestContext&) -> asio::awaitable<Response> { co_return Text("all"); });
        router.Add(Verb::get, "/echo", [](RequestContext& ctx) -> asio::awaitable<Response> {
            co_return Text(ctx.route + "|" + ctx.path + "|" + ctx.query + "|" + ctx.request_id);
        });
        RouteOptions capture;
        capture.body_limit = 16;
        capture.limit_headers = {{"GS1-EPCIS-Capture-File-Size-Limit", "16"}};
        router.Add(
            Verb::post, "/capture",
            [](RequestContext& ctx) -> asio::awaitable<Response> {
                co_return Text("got " + std::to_string(ctx.request.body().size()), bhttp::status::accepted);
            },
            capture);
        router.Add(Verb::get, "/boom", [](RequestContext&) -> asio::awaitable<Response> {
            throw std::runtime_error("handler bug");
            co_return Text("never");
        });
        router.Add(Verb::get, "/slow", [this](RequestContext& ctx) -> asio::awaitable<Response> {
            slow_started_ = true;
            asio::steady_timer timer(ctx.executor, slow_time_);
            co_await timer.async_wait(asio::use_awaitable);
            co_return Text("slow done");
        });
        router.Add(Verb::delete_, "/nothing-here-but-delete",
                   [](RequestContext&) -> asio::awaitable<Response> { co_return Text("", bhttp::status::no_content); });
        return router;
    }

    void StartServer(ServerOptions options = FastOptions()) { StartServer(StandardRoutes(), options); }
    void StartServer(Router router, ServerOptions options = FastOptions()) {
        auto created = Server::Create(options, std::move(router), &metrics_);
        ASSERT_TRUE(created) << created.error().ToString();
        server_ = std::move(*created);
        server_->Start();
        port_ = server_->Port();
        ASSERT_NE(port_, 0);
    }

    void TearDown() override {
        if (server_) {
            server_->Stop();
            server_->Wait();
        }
    }

    Metrics metrics_;
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
    std::atomic<bool> slow_started_{false};
    std::chrono::milliseconds slow_time_{300};
};

TEST_F(ServerTest, RoutesAndSetsStandardHeaders) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/hello");
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "hello");
    EXPECT_EQ(r[bhttp::field::content_length], "5");
    EXPECT_EQ(r[bhttp::field::server], "txng/0.1.0");
    EXPECT_EQ(r["X-Request-Id"].size(), 16u);
    EXPECT_TRUE(r[bhttp::field::date].ends_with(" GMT"));
    EXPECT_TRUE(r.keep_alive());
}

TEST_F(ServerTest, SendsAFileFromDiskKeepingTheHandlersHeaders) {
    const auto path = std::filesystem::temp_directory_path() / ("txng-send-file-" + std::to_string(::getpid()));
    std::string content;
    for (int i = 0; i < 200'000; ++i) content += static_cast<char>('a' + i % 26);
    {
        std::ofstream out(path, std::ios::binary);
        out << content;
    }
    Router router;
    router.Add(Verb::get, "/file", [path](RequestContext& ctx) -> asio::awaitable<Response> {
        Response res{bhttp::status::ok, 11};
        res.set(bhttp::field::content_type, "text/csv");
        res.body() = "ignored";
        ctx.send_file = path.string();
        co_return res;
    });
    router.Add(Verb::get, "/missing", [path](RequestContext& ctx) -> asio::awaitable<Response> {
        Response res{bhttp::status::ok, 11};
        ctx.send_file = path.string() + ".absent";
        co_return res;
    });
    StartServer(std::move(router));
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/file");
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r[bhttp::field::content_type], "text/csv");
    EXPECT_EQ(r[bhttp::field::content_length], std::to_string(content.size()));
    EXPECT_EQ(r.body(), content);
    EXPECT_EQ(r["X-Request-Id"].size(), 16u);
    Response head = client.Send(Verb::head, "/file");
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[bhttp::field::content_length], std::to_string(content.size()));
    // The connection is still in step after HEAD and a streamed body.
    Response again = client.Send(Verb::get, "/file");
    EXPECT_EQ(again.body().size(), content.size());
    Response missing = client.Send(Verb::get, "/missing");
    EXPECT_EQ(missing.result_int(), 500);
    std::filesystem::remove(path);
}

TEST_F(ServerTest, PassesRouteRawPathQueryAndRequestId) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/echo/?a=%20b&c");
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "/echo|/echo/|a=%20b&c|" + std::string(r["X-Request-Id"]));
}

TEST_F(ServerTest, DecodesPercentEncodedEventIds) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(
        Verb::get,
        "/events/"
        "ni%3A%2F%2F%2Fsha-256%3Bdf7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69%3Fver%3DCBV2.0");
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0");
    EXPECT_EQ(client.Send(Verb::get, "/events/all").body(), "all");
}

TEST_F(ServerTest, UnknownPathIs404Problem) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/no/such/thing?x=1");
    EXPECT_EQ(r.result_int(), 404);
    EXPECT_EQ(r[bhttp::field::content_type], "application/problem+json");
    auto json = Json(r);
    EXPECT_EQ(json.at("type"), "epcisException:NoSuchResourceException");
    EXPECT_EQ(json.at("status").as_int64(), 404);
    EXPECT_EQ(json.at("instance"), "/no/such/thing?x=1");
    EXPECT_EQ(json.at("rule"), "http.not_found");
    EXPECT_TRUE(r.keep_alive());
}

TEST_F(ServerTest, OtherMethodIs405WithAllow) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::delete_, "/hello");
    EXPECT_EQ(r.result_int(), 405);
    EXPECT_EQ(r[bhttp::field::allow], "GET, HEAD, OPTIONS");
    EXPECT_EQ(Json(r).at("type"), "urn:txng:problem:method_not_allowed");
    Response options = client.Send(Verb::options, "/hello");
    EXPECT_EQ(options.result_int(), 204);
    EXPECT_EQ(options[bhttp::field::allow], "GET, HEAD, OPTIONS");
    EXPECT_EQ(options.find(bhttp::field::content_length), options.end());
    EXPECT_EQ(client.Send(Verb::delete_, "/nothing-here-but-delete").result_int(), 204);
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, OptionsHandlerAnswersEveryKnownPath) {
    Router router = StandardRoutes();
    router.SetOptionsHandler([](RequestContext& ctx) -> asio::awaitable<Response> {
        Response res{bhttp::status::no_content, 11};
        res.set(bhttp::field::allow, AllowHeaderValue(ctx.allowed_methods));
        res.set("GS1-EPCIS-Version", "2.0.0");
        co_return res;
    });
    StartServer(std::move(router));
    HttpClient client(port_);
    Response r = client.Send(Verb::options, "/capture");
    EXPECT_EQ(r.result_int(), 204);
    EXPECT_EQ(r["GS1-EPCIS-Version"], "2.0.0");
    EXPECT_EQ(r[bhttp::field::allow], "POST, OPTIONS");
    EXPECT_EQ(client.Send(Verb::options, "/missing").result_int(), 404);
}

TEST_F(ServerTest, HeadSendsHeadersWithoutBody) {
    StartServer();
    HttpClient client(port_);
    Response head = client.Send(Verb::head, "/hello");
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[bhttp::field::content_length], "5");
    EXPECT_TRUE(head.body().empty());
    // The connection is still in step: no stray body bytes.
    EXPECT_EQ(client.Send(Verb::get, "/hello").body(), "hello");
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    StartServer();
    HttpClient client(port_);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(client.Send(Verb::get, "/nope").result_int(), 404);
    EXPECT_EQ(client.Send(Verb::post, "/capture", "0123456789").result_int(), 202);
    EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(
        raw.Write("GET /events/a HTTP/1.1\r\nHost: x\r\n\r\n"
                  "POST /capture HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                  "GET /events/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(raw.closed());
    EXPECT_EQ(Count(out, "HTTP/1.1 200 OK"), 2) << out;
    EXPECT_EQ(Count(out, "HTTP/1.1 202 Accepted"), 1) << out;
    std::size_t a = out.find("\r\n\r\na"), got = out.find("got 3"), b = out.find("\r\n\r\nb");
    EXPECT_LT(a, got);
    EXPECT_LT(got, b);
    EXPECT_NE(b, std::string::npos);
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveAsked) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("GET /hello HTTP/1.0\r\n\r\n"));
    std::string out = raw.ReadUntilClose(2s);
    EXPECT_TRUE(raw.closed());
    EXPECT_TRUE(out.starts_with("HTTP/1.0 200 OK\r\n")) << out;
}

TEST_F(ServerTest, BodyOverLimitByContentLengthIs413WithLimitHeaders) {
    StartServer();
    HttpClient client(port_);
    EXPECT_EQ(client.Send(Verb::post, "/capture", std::string(16, 'x')).result_int(), 202);
    Response r = client.Send(Verb::post, "/capture", std::string(17, 'x'));
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_EQ(r["GS1-EPCIS-Capture-File-Size-Limit"], "16");
    EXPECT_EQ(Json(r).at("rule"), "http.body_too_large");
    EXPECT_FALSE(r.keep_alive());  // the unread body cannot be skipped safely
    // A large declared body is refused without being read.
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("POST /capture HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\npartial"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 413 ")) << out;
    EXPECT_NE(out.find("GS1-EPCIS-Capture-File-Size-Limit: 16"), std::string::npos);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
    StartServer();
    RawConnection ok(port_);
    ASSERT_TRUE(
        ok.Write("POST /capture HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                 "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"));
    std::string good = ok.ReadUntilClose(2s);
    EXPECT_TRUE(good.starts_with("HTTP/1.1 202 ")) << good;
    EXPECT_NE(good.find("got 10"), std::string::npos);

    RawConnection big(port_);
    ASSERT_TRUE(
        big.Write("POST /capture HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"));
    std::string out = big.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 413 ")) << out;
    EXPECT_NE(out.find("GS1-EPCIS-Capture-File-Size-Limit: 16"), std::string::npos);
    EXPECT_TRUE(big.closed());
}

TEST_F(ServerTest, SupportsExpect100Continue) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("POST /capture HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
    std::string interim = raw.ReadUntil("\r\n\r\n", 2s);
    EXPECT_TRUE(interim.starts_with("HTTP/1.1 100 Continue\r\n")) << interim;
    ASSERT_TRUE(raw.Write("abcd"));
    std::string out = raw.ReadUntil("got 4", 2s);
    EXPECT_NE(out.find("HTTP/1.1 202 Accepted"), std::string::npos) << out;

    // Over the limit: the final 413 comes instead of 100 Continue.
    RawConnection refused(port_);
    ASSERT_TRUE(
        refused.Write("POST /capture HTTP/1.1\r\nHost: x\r\nContent-Length: 400\r\nExpect: 100-continue\r\n\r\n"));
    std::string no = refused.ReadUntilClose(3s);
    EXPECT_TRUE(no.starts_with("HTTP/1.1 413 ")) << no;
}

TEST_F(ServerTest, OversizedHeaderIs431) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 431 ")) << out.substr(0, 2000);
    EXPECT_NE(out.find("http.header_too_large"), std::string::npos);
    EXPECT_TRUE(raw.closed());
}

TEST_F(ServerTest, LongTargetIs414) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/hello?q=" + std::string(9000, 'a'));
    EXPECT_EQ(r.result_int(), 414);
    EXPECT_EQ(Json(r).at("type"), "epcisException:URITooLongException");
    // Even longer than the whole header limit: still 414, then closed.
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("GET /hello?q=" + std::string(40000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 414 ")) << out.substr(0, 200);
}

TEST_F(ServerTest, MalformedRequestIs400ThenClose) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("THIS IS NOT HTTP\r\n\r\n"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 400 ")) << out;
    EXPECT_NE(out.find("application/problem+json"), std::string::npos);
    EXPECT_TRUE(raw.closed());

    RawConnection no_host(port_);
    ASSERT_TRUE(no_host.Write("GET /hello HTTP/1.1\r\n\r\n"));
    std::string out2 = no_host.ReadUntilClose(3s);
    EXPECT_TRUE(out2.starts_with("HTTP/1.1 400 ")) << out2;
    EXPECT_NE(out2.find("http.host_missing"), std::string::npos);
}

TEST_F(ServerTest, ConflictingLengthsAreRejected) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(
        raw.Write("POST /capture HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "3\r\nabc\r\n0\r\n\r\n"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 400 ")) << out;
    EXPECT_TRUE(raw.closed());
}

TEST_F(ServerTest, HandlerCanAskToClose) {
    Router router;
    router.Add(Verb::get, "/last", [](RequestContext&) -> asio::awaitable<Response> {
        Response res = Text("last");
        res.keep_alive(false);
        co_return res;
    });
    StartServer(std::move(router));
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/last");
    EXPECT_EQ(r.body(), "last");
    EXPECT_FALSE(r.keep_alive());
    EXPECT_FALSE(client.connected());
}

TEST_F(ServerTest, WritesOneAccessLogLinePerRequest) {
    std::ostringstream out;
    log::SetOutputForTesting(&out);
    log::SetLevel(log::Level::kInfo);
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/events/x?access_token=secret&eventType=ObjectEvent");
    log::SetLevel(log::Level::kWarn);
    log::SetOutputForTesting(nullptr);
    std::string line;
    std::istringstream lines(out.str());
    boost::json::object access;
    while (std::getline(lines, line)) {
        auto json = boost::json::parse(line).as_object();
        if (json.at("msg") == "request") access = json;
    }
    ASSERT_FALSE(access.empty()) << out.str();
    EXPECT_EQ(access.at("method"), "GET");
    EXPECT_EQ(access.at("route"), "/events/{eventID}");
    EXPECT_EQ(access.at("target"), "/events/x?access_token=REDACTED&eventType=ObjectEvent");
    EXPECT_EQ(access.at("status").as_int64(), 200);
    EXPECT_EQ(access.at("bytes").as_int64(), 1);
    EXPECT_EQ(access.at("request_id"), r["X-Request-Id"]);
    EXPECT_TRUE(std::string(access.at("remote").as_string()).starts_with("127.0.0.1:"));
    EXPECT_TRUE(access.at("duration_ms").is_double() || access.at("duration_ms").is_int64());
}

TEST_F(ServerTest, UnknownMethodIs501) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("BREW /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    std::string out = raw.ReadUntilClose(3s);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 501 ")) << out;
}

TEST_F(ServerTest, SlowHeaderIsCutOffWhileOthersAreServed) {
    StartServer();
    RawConnection slow(port_);
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(slow.Write("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // never finished
    HttpClient client(port_);
    EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    std::string out = slow.ReadUntilClose(3s);
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(slow.closed());
    EXPECT_TRUE(out.empty()) << out;
    EXPECT_GE(elapsed, 250ms);
    EXPECT_LT(elapsed, 2s);
    EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
    StartServer();
    RawConnection raw(port_);
    ASSERT_TRUE(raw.Write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string first = raw.ReadUntil("hello", 2s);
    ASSERT_NE(first.find("hello"), std::string::npos);
    auto start = std::chrono::steady_clock::now();
    raw.ReadUntilClose(3s);
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(raw.closed());
    EXPECT_GE(elapsed, 200ms);
    EXPECT_LT(elapsed, 2s);
    // A client reusing its connection reconnects transparently.
    HttpClient client(port_);
    EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    std::this_thread::sleep_for(450ms);
    EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(client.connections_opened(), 2);
}

TEST_F(ServerTest, ConnectionsOverTheLimitGet503) {
    ServerOptions options = FastOptions();
    options.max_connections = 2;
    options.idle_timeout = 5000ms;
    StartServer(options);
    HttpClient a(port_), b(port_);
    ASSERT_EQ(a.Send(Verb::get, "/hello").result_int(), 200);
    ASSERT_EQ(b.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(server_->ActiveConnections(), 2u);
    HttpClient c(port_);
    Response r = c.Send(Verb::get, "/hello");
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_EQ(r[bhttp::field::retry_after], "1");
    EXPECT_EQ(Json(r).at("rule"), "http.max_connections");
    EXPECT_FALSE(r.keep_alive());
    EXPECT_EQ(a.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(b.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(a.connections_opened(), 1);
    EXPECT_EQ(metrics_.GetCounter("txng_http_rejected_connections_total", "").Value(), 1);
    EXPECT_EQ(metrics_.GetGauge("txng_http_connections", "").Value(), 2);
    // Once one leaves, a new one is served.
    a.Close();
    for (int i = 0; i < 100 && server_->ActiveConnections() > 1; ++i) std::this_thread::sleep_for(10ms);
    HttpClient d(port_);
    EXPECT_EQ(d.Send(Verb::get, "/hello").result_int(), 200);
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerStaysUp) {
    StartServer();
    HttpClient client(port_);
    Response r = client.Send(Verb::get, "/boom");
    EXPECT_EQ(r.result_int(), 500);
    auto json = Json(r);
    EXPECT_EQ(json.at("type"), "epcisException:ImplementationException");
    EXPECT_NE(std::string(json.at("detail").as_string()).find(std::string(r["X-Request-Id"])), std::string::npos);
    EXPECT_EQ(std::string(json.at("detail").as_string()).find("handler bug"), std::string::npos);  // not leaked
    EXPECT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, ServesConcurrentClients) {
    StartServer();
    constexpr int kThreads = 4, kRequests = 50;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            HttpClient client(port_);
            for (int i = 0; i < kRequests; ++i) {
                std::string id = std::to_string(t) + "-" + std::to_string(i);
                Response r = client.Send(Verb::get, "/events/" + id);
                if (r.result_int() == 200 && r.body() == id) ++ok;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), kThreads * kRequests);
}

TEST_F(ServerTest, GracefulStopLetsInFlightRequestFinish) {
    slow_time_ = 500ms;
    StartServer();
    HttpClient idle(port_);
    ASSERT_EQ(idle.Send(Verb::get, "/hello").result_int(), 200);
    auto slow = std::async(std::launch::async, [this] {
        HttpClient client(port_);
        return client.Send(Verb::get, "/slow");
    });
    for (int i = 0; i < 200 && !slow_started_; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(slow_started_);
    auto start = std::chrono::steady_clock::now();
    server_->Stop();
    // New connections are refused once the acceptor is closed.
    bool refused = false;
    for (int i = 0; i < 100 && !refused; ++i) {
        try {
            RawConnection probe(port_);
            std::this_thread::sleep_for(10ms);
        } catch (const std::runtime_error&) {
            refused = true;
        }
    }
    EXPECT_TRUE(refused);
    Response r = slow.get();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "slow done");
    EXPECT_FALSE(r.keep_alive());
    server_->Wait();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);  // well before shutdown_grace
    EXPECT_THROW(idle.Send(Verb::get, "/hello"), std::runtime_error);
    EXPECT_EQ(server_->ActiveConnections(), 0u);
}

TEST_F(ServerTest, StopEndsAfterGraceEvenIfHandlerHangs) {
    slow_time_ = 10s;
    ServerOptions options = FastOptions();
    options.shutdown_grace = 300ms;
    StartServer(options);
    auto slow = std::async(std::launch::async, [this] {
        HttpClient client(port_, "127.0.0.1", 5s);
        try {
            return client.Send(Verb::get, "/slow").result_int();
        } catch (const std::runtime_error&) {
            return 0u;
        }
    });
    for (int i = 0; i < 200 && !slow_started_; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(slow_started_);
    auto start = std::chrono::steady_clock::now();
    server_->Stop();
    server_->Wait();
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_GE(elapsed, 250ms);
    EXPECT_LT(elapsed, 3s);
    server_.reset();  // closes the abandoned connection
    EXPECT_EQ(slow.get(), 0u);
}

TEST_F(ServerTest, StopIsIdempotentAndWorksFromAHandler) {
    Router router;
    router.Add(Verb::post, "/shutdown", [this](RequestContext&) -> asio::awaitable<Response> {
        server_->Stop();
        server_->Stop();
        co_return Text("bye");
    });
    StartServer(std::move(router));
    HttpClient client(port_);
    Response r = client.Send(Verb::post, "/shutdown");
    EXPECT_EQ(r.body(), "bye");
    EXPECT_FALSE(r.keep_alive());
    server_->Wait();
    server_->Stop();
}

TEST_F(ServerTest, StopsOnSigterm) {
    StartServer();
    server_->StopOnSignals();
    HttpClient client(port_);
    ASSERT_EQ(client.Send(Verb::get, "/hello").result_int(), 200);
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
    server_->Wait();
    EXPECT_THROW(RawConnection probe(port_), std::runtime_error);
}

TEST_F(ServerTest, RecordsPrometheusMetrics) {
    StartServer();
    HttpClient client(port_);
    client.Send(Verb::get, "/hello");
    client.Send(Verb::get, "/hello");
    client.Send(Verb::get, "/events/x");
    client.Send(Verb::get, "/nowhere");
    std::string text = metrics_.Render();
    EXPECT_NE(text.find("# TYPE txng_http_requests_total counter\n"), std::string::npos) << text;
    EXPECT_NE(text.find("txng_http_requests_total{route=\"/hello\",method=\"GET\",status=\"200\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("txng_http_requests_total{route=\"/events/{eventID}\",method=\"GET\",status=\"200\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("txng_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("# TYPE txng_http_request_duration_seconds histogram\n"), std::string::npos);
    EXPECT_NE(text.find("txng_http_request_duration_seconds_count{route=\"/hello\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("txng_http_request_duration_seconds_bucket{route=\"/hello\",le=\"+Inf\"} 2\n"),
              std::string::npos);
    EXPECT_NE(text.find("txng_http_connections 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("txng_http_rejected_connections_total 0\n"), std::string::npos);
}

TEST(ServerCreateTest, TakenAddressIsUnavailable) {
    auto first = Server::Create(ServerOptions{}, Router{});
    ASSERT_TRUE(first);
    ServerOptions options;
    options.port = (*first)->Port();
    auto second = Server::Create(options, Router{});
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(second.error().rule, "http.listen");
    EXPECT_NE(second.error().detail.find("in use"), std::string::npos) << second.error().detail;
}

TEST(ServerCreateTest, NeverStartedServerIsDestroyedCleanly) {
    auto server = Server::Create(ServerOptions{}, Router{});
    ASSERT_TRUE(server);
    (*server)->Wait();  // returns at once
    (*server)->Stop();
}

}  // namespace
}  // namespace txng::http
