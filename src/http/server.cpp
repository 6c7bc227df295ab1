#include "http/server.hpp"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "common/log.hpp"
#include "http/client_address.hpp"
#include "http/problem.hpp"
#include "http/target.hpp"

#ifndef TXNG_VERSION
#define TXNG_VERSION "0.0.0"
#endif

namespace txng::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// One socket read; the read buffer holds at most header_limit plus this.
constexpr std::size_t kReadChunk = 16 * 1024;
// After answering a request whose body was not read, keep reading (and discarding) for a little
// while before closing, so that the peer's TCP stack does not reset the connection and drop the
// response before the client has read it.
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr std::size_t kLingerBytes = 4 << 20;
// Rejected connections are answered by short-lived coroutines; beyond this many at once they are
// closed without an answer, so a flood cannot grow memory.
constexpr std::size_t kMaxRejecting = 64;
constexpr std::chrono::milliseconds kRejectTime{1000};

constexpr std::string_view kServerHeader = "txng/" TXNG_VERSION;

std::string NewRequestId() {
    thread_local std::mt19937_64 rng{
        std::random_device{}() ^
        (static_cast<std::uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id())) << 1)};
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t v = rng();
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kHex[v & 0xF];
        v >>= 4;
    }
    return out;
}

// IMF-fixdate (RFC 9110 section 5.6.7), recomputed once a second per thread.
std::string HttpDate() {
    thread_local std::time_t cached_time = 0;
    thread_local std::string cached;
    std::time_t now = std::time(nullptr);
    if (now != cached_time || cached.empty()) {
        static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::array<char, 40> buf{};
        std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7], tm.tm_mday,
                      kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached = buf.data();
        cached_time = now;
    }
    return cached;
}

std::string_view MethodLabel(Verb method) {
    return method == Verb::unknown ? std::string_view("OTHER") : std::string_view(bhttp::to_string(method));
}

// True when `ec` means the peer went away or a timer/stop cut the read: nothing to answer.
bool IsGone(const beast::error_code& ec) {
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return true;
    return ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category();
}

void FinalizeResponse(Response& res, unsigned version, bool keep_alive, bool head_request,
                      std::string_view request_id) {
    res.version(version);
    res.set(bhttp::field::server, kServerHeader);
    res.set(bhttp::field::date, HttpDate());
    res.set("X-Request-Id", request_id);
    res.erase(bhttp::field::transfer_encoding);
    unsigned status = res.result_int();
    if (status < 200 || status == 204) {
        res.body().clear();
        res.erase(bhttp::field::content_length);
    } else if (status == 304) {
        res.body().clear();
    } else if (head_request) {
        // HEAD tells the length the GET would have sent, without the body.
        if (res.find(bhttp::field::content_length) == res.end()) res.content_length(res.body().size());
        res.body().clear();
    } else {
        res.content_length(res.body().size());
    }
    res.keep_alive(keep_alive);
}

class Session;

}  // namespace

struct Server::Impl {
    Impl(ServerOptions opts, Router r, Metrics* m, TrustedProxies proxies)
        : options(std::move(opts)), trusted(std::move(proxies)), router(std::move(r)), metrics(m) {
        // One io_context per thread, each run by its thread alone: a connection lives on one of
        // them from accept to close, so its completions never wake or wait for another thread.
        for (int i = 0; i < std::max(1, options.threads); ++i) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
            work.emplace_back(contexts.back()->get_executor());
        }
        control.emplace(asio::make_strand(*contexts.front()));
        grace_timer.emplace(*control);
        if (metrics) {
            connections_gauge = &metrics->GetGauge("txng_http_connections", "Open HTTP connections being served");
            rejected_counter = &metrics->GetCounter("txng_http_rejected_connections_total",
                                                    "HTTP connections refused with 503 because of max_connections");
        }
    }

    ~Impl() {
        // I/O objects and strands must go before their io_context; sessions still pending are
        // destroyed with the io_context, while the members they touch are alive.
        signals.reset();
        grace_timer.reset();
        acceptor.reset();
        work.clear();
        control.reset();
        contexts.clear();
    }

    asio::awaitable<void> AcceptLoop();
    void StartSession(tcp::socket socket);
    void Reject(tcp::socket socket);
    void Stop();
    void RequestFinish();
    void FinishNow();  // on the control strand
    void CancelSignals();
    void OnSessionEnd(Session* session);
    void RunThread(asio::io_context& context);
    // The context of the next connection, in turn.
    asio::io_context& NextContext() { return *contexts[next_context++ % contexts.size()]; }
    void Record(std::string_view method, std::string_view route, std::string_view target, unsigned status,
                Clock::time_point start, std::size_t bytes, std::string_view request_id, std::string_view remote);

    ServerOptions options;
    TrustedProxies trusted;
    Router router;
    Metrics* metrics;
    Gauge* connections_gauge = nullptr;
    Counter* rejected_counter = nullptr;

    std::vector<std::unique_ptr<asio::io_context>> contexts;  // one per io thread
    std::size_t next_context = 0;                             // on the control strand
    // Serialises the acceptor, the grace timer and the signal set (on the first context).
    std::optional<asio::strand<asio::io_context::executor_type>> control;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::optional<tcp::acceptor> acceptor;
    std::optional<asio::steady_timer> grace_timer;
    std::optional<asio::signal_set> signals;
    std::uint16_t port = 0;

    std::mutex lifecycle_mutex;  // started/stopping transitions and the thread list
    bool started = false;
    std::atomic<bool> stopping{false};
    std::atomic<bool> finish_requested{false};
    std::vector<std::thread> threads;
    std::mutex join_mutex;

    std::atomic<std::size_t> active{0};
    std::atomic<std::size_t> rejecting{0};
    std::mutex sessions_mutex;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

namespace {

// One connection: reads requests one after the other (pipelined ones wait in the buffer), answers
// each, and closes on error, timeout, Connection: close or shutdown. Runs on one io_context,
// which one thread runs: its steps never run concurrently.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(Server::Impl& server, tcp::socket socket)
        : server_(server), stream_(std::move(socket)), buffer_(server.options.header_limit + kReadChunk) {
        beast::error_code ec;
        auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) {
            peer_ = endpoint.address();
            peer_port_ = endpoint.port();
            remote_ = AddressText(peer_, peer_port_);
        }
        if (server_.connections_gauge) server_.connections_gauge->Add(1);
    }

    ~Session() {
        if (server_.connections_gauge) server_.connections_gauge->Add(-1);
        server_.OnSessionEnd(this);
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    asio::any_io_executor executor() { return stream_.get_executor(); }

    static asio::awaitable<void> Run(std::shared_ptr<Session> self) { co_await self->Loop(); }

    // On the session's context, after Server::Stop: a connection waiting for (or reading) a request
    // is closed now; one in the middle of a request finishes it first.
    void OnStop() {
        if (!in_flight_) stream_.cancel();
    }

  private:
    asio::awaitable<void> Loop();
    asio::awaitable<bool> Serve(bhttp::request_parser<bhttp::string_body>& parser, bool& linger);
    asio::awaitable<bool> Send(Response& res);
    // Sends `head`'s status and headers with `file` as the body (RequestContext::send_file).
    asio::awaitable<bool> SendFile(const Response& head, bhttp::file_body::value_type& file, bool head_only);
    asio::awaitable<void> AnswerUnreadable(const beast::error_code& ec,
                                           const bhttp::request_parser<bhttp::string_body>& parser);
    asio::awaitable<void> Close(bool linger);

    Server::Impl& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    // The client of a request: the peer, or whom a trusted proxy forwarded it for.
    std::string ClientOf(const Request& request) const {
        if (server_.trusted.empty()) return remote_;
        std::vector<std::string_view> forwarded;
        auto [begin, end] = request.equal_range("X-Forwarded-For");
        for (auto it = begin; it != end; ++it) forwarded.push_back(it->value());
        return ClientAddress(peer_, peer_port_, forwarded, server_.trusted);
    }

    std::string remote_;  // the peer (AddressText)
    asio::ip::address peer_;
    unsigned short peer_port_ = 0;
    bool in_flight_ = false;  // on the session's context only
};

asio::awaitable<void> Session::Loop() {
    const ServerOptions& opts = server_.options;
    bool first = true;
    bool linger = false;
    while (!server_.stopping.load()) {
        if (buffer_.size() == 0) {
            // Idle between requests (or before the first): wait for the next request's first byte.
            stream_.expires_after(first ? opts.header_timeout : opts.idle_timeout);
            auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kUseTuple);
            if (ec) break;
            buffer_.commit(n);
        }
        first = false;

        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(opts.header_limit, UINT32_MAX)));
        parser.body_limit(boost::none);  // checked per route once the header is known
        stream_.expires_after(opts.header_timeout);
        auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kUseTuple);
        if (ec) {
            if (!IsGone(ec)) {
                co_await AnswerUnreadable(ec, parser);
                linger = true;
            }
            break;
        }
        in_flight_ = true;
        bool keep = co_await Serve(parser, linger);
        in_flight_ = false;
        if (!keep) break;
    }
    co_await Close(linger);
}

// The header could not be parsed: 431/414 when over a limit, 400 otherwise; the connection is
// then closed since the stream cannot be resynchronised.
asio::awaitable<void> Session::AnswerUnreadable(const beast::error_code& ec,
                                                const bhttp::request_parser<bhttp::string_body>& parser) {
    auto start = Clock::now();
    Error error;
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
        // Tell 414 from 431 by where the limit was hit: the parser knows the target once it has
        // read the whole request line.
        const std::size_t target_size = parser.get().target().size();
        if (target_size == 0 || target_size > server_.options.target_limit) {
            error = MakeError(
                ErrorCode::kUriTooLong, "request-target", "http.target_too_long",
                "the request target is longer than " + std::to_string(server_.options.target_limit) + " bytes");
        } else {
            error = MakeError(ErrorCode::kHeaderTooLarge, "header", "http.header_too_large",
                              "the request line and header fields are larger than " +
                                  std::to_string(server_.options.header_limit) + " bytes");
        }
    } else {
        error = MakeError(ErrorCode::kInvalidArgument, "request", "http.bad_request",
                          "the request is not valid HTTP/1.1: " + ec.message());
    }
    std::string id = NewRequestId();
    Response res = ProblemResponse(error, {}, 11, false);
    FinalizeResponse(res, 11, false, false, id);
    server_.Record("OTHER", "unmatched", "", res.result_int(), start, res.body().size(), id, remote_);
    co_await Send(res);
}

asio::awaitable<bool> Session::Serve(bhttp::request_parser<bhttp::string_body>& parser, bool& linger) {
    const ServerOptions& opts = server_.options;
    const auto start = Clock::now();
    const std::string request_id = NewRequestId();

    // Copied now: parser.release() below moves the message out.
    const auto& header = parser.get();
    const Verb method = header.method();
    const std::string target(header.target());
    const unsigned version = header.version();
    const bool client_keep_alive = header.keep_alive();
    const bool expect_continue = beast::iequals(header[bhttp::field::expect], "100-continue");
    const bool has_host = header.find(bhttp::field::host) != header.end();
    const bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;

    std::string route = "unmatched";
    bool body_read = !has_body;
    bool close = false;
    std::optional<Response> early;
    auto problem = [&](const Error& error) { return ProblemResponse(error, target, version, true); };

    Target parts;
    RouteMatch match;
    if (target.size() > opts.target_limit) {
        early = ProblemResponse(MakeError(ErrorCode::kUriTooLong, "request-target", "http.target_too_long",
                                          "the request target is " + std::to_string(target.size()) +
                                              " bytes, over the limit of " + std::to_string(opts.target_limit)),
                                {}, version, true);
    } else if (version >= 11 && !has_host) {
        early = problem(MakeError(ErrorCode::kInvalidArgument, "Host", "http.host_missing",
                                  "an HTTP/1.1 request must have a Host header"));
    } else if (auto split = SplitTarget(target); !split) {
        early = problem(split.error());
    } else if (method == Verb::unknown) {
        early = problem(MakeError(ErrorCode::kNotImplemented, "method", "http.method_unknown",
                                  "the server does not know the method " + std::string(header.method_string()),
                                  header.method_string()));
    } else if (split->path == "*") {
        // OPTIONS * asks about the server as a whole; nothing else may use the asterisk form.
        if (method == Verb::options) {
            early.emplace(bhttp::status::no_content, version);
        } else {
            early = problem(InvalidArgument("request-target", "http.target",
                                            "the asterisk form is only for OPTIONS requests", "*"));
        }
    } else {
        parts = std::move(*split);
        auto found = server_.router.Match(method, parts.path);
        if (found) {
            match = std::move(*found);
            route = match.pattern;
        } else if (found.error().code == ErrorCode::kMethodNotAllowed) {
            std::vector<Verb> allowed = server_.router.AllowedMethods(parts.path);
            route = "unmatched";
            if (method == Verb::options) {
                early.emplace(bhttp::status::no_content, version);
            } else {
                early = problem(found.error());
            }
            early->set(bhttp::field::allow, AllowHeaderValue(allowed));
        } else {
            early = problem(found.error());
        }
    }

    if (!early && has_body) {
        const std::size_t limit = match.options->body_limit;
        auto too_large = [&](std::string detail) {
            Response res = problem(MakeError(ErrorCode::kTooLarge, "body", "http.body_too_large", std::move(detail)));
            for (const auto& [name, value] : match.options->limit_headers) res.set(name, value);
            return res;
        };
        auto declared = parser.content_length();
        if (declared && *declared > limit) {
            early = too_large("the request body is " + std::to_string(*declared) + " bytes, over the limit of " +
                              std::to_string(limit) + " for this resource");
        } else {
            parser.body_limit(limit);
            if (expect_continue) {
                bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
                stream_.expires_after(opts.body_timeout);
                auto [ec, n] = co_await bhttp::async_write(stream_, go_on, kUseTuple);
                if (ec) co_return false;
            }
            stream_.expires_after(opts.body_timeout);
            auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, parser, kUseTuple);
            if (ec == bhttp::error::body_limit) {
                early = too_large("the request body is over the limit of " + std::to_string(limit) +
                                  " bytes for this resource");
            } else if (ec && IsGone(ec)) {
                co_return false;  // the client left or was too slow: nobody to answer
            } else if (ec) {
                early = problem(MakeError(ErrorCode::kInvalidArgument, "body", "http.bad_body",
                                          "the request body is not valid HTTP/1.1 framing: " + ec.message()));
            } else {
                body_read = true;
            }
        }
    }
    stream_.expires_never();  // a handler may take its time; writes get their own deadline

    Response res;
    std::optional<bhttp::file_body::value_type> file;  // the body, when the handler sent a file
    if (early) {
        res = std::move(*early);
        // Unread body bytes would be taken for the next request: this connection is done.
        if (!body_read || res.result_int() == 400) close = true;
    } else {
        Request request = parser.release();
        RequestContext ctx{
            .request = request,
            .route = route,
            .path_params = std::move(match.path_params),
            .path = std::move(parts.path),
            .query = std::move(parts.query),
            .executor = stream_.get_executor(),
            .remote_address = ClientOf(request),
            .request_id = request_id,
            .allowed_methods = std::move(match.allowed_methods),
        };
        bool failed = false;
        try {
            res = co_await (*match.handler)(ctx);
        } catch (const std::exception& e) {
            failed = true;
            log::Error("handler failed", {{"request_id", request_id}, {"route", route}, {"error", e.what()}});
        } catch (...) {
            failed = true;
            log::Error("handler failed",
                       {{"request_id", request_id}, {"route", route}, {"error", "unknown exception"}});
        }
        if (!failed && !ctx.send_file.empty() && res.result_int() >= 200 && res.result_int() != 204 &&
            res.result_int() != 304) {
            beast::error_code fec;
            file.emplace();
            file->open(ctx.send_file.c_str(), beast::file_mode::scan, fec);
            if (fec) {
                file.reset();
                failed = true;
                log::Error("file response failed",
                           {{"request_id", request_id}, {"route", route}, {"error", fec.message()}});
            }
        }
        if (failed) {
            res = problem(MakeError(ErrorCode::kInternal, "", "http.handler_failed",
                                    "the server failed while handling the request; the log has the details under "
                                    "request id " +
                                        request_id));
        }
    }

    // A handler may ask to close; otherwise the client's wish decides, unless the server is stopping.
    const bool handler_close = bhttp::token_list(res[bhttp::field::connection]).exists("close");
    const bool keep_alive = client_keep_alive && !close && !handler_close && !server_.stopping.load();
    FinalizeResponse(res, version, keep_alive, method == Verb::head, request_id);
    // Recorded before writing, so that a client that has its answer also finds it in the metrics.
    server_.Record(MethodLabel(method), route, target, res.result_int(), start,
                   file ? static_cast<std::size_t>(file->size()) : res.body().size(), request_id, remote_);
    bool sent = file ? co_await SendFile(res, *file, method == Verb::head) : co_await Send(res);
    if (close) linger = true;
    co_return sent&& keep_alive;
}

asio::awaitable<bool> Session::SendFile(const Response& head, bhttp::file_body::value_type& file, bool head_only) {
    bhttp::response<bhttp::file_body> res{head.result(), head.version()};
    for (const auto& field : head.base()) {
        if (field.name() != bhttp::field::content_length) res.set(field.name_string(), field.value());
    }
    res.content_length(file.size());
    res.body() = std::move(file);
    stream_.expires_after(server_.options.body_timeout);
    if (head_only) {
        bhttp::response_serializer<bhttp::file_body> sr{res};
        auto [ec, n] = co_await bhttp::async_write_header(stream_, sr, kUseTuple);
        co_return !ec;
    }
    auto [ec, n] = co_await bhttp::async_write(stream_, res, kUseTuple);
    co_return !ec;
}

// The status line and header fields of `res` as they go on the wire.
std::string SerializeHead(const Response& res) {
    std::string head;
    std::size_t size = 32;
    for (const auto& field : res.base()) size += field.name_string().size() + field.value().size() + 4;
    head.reserve(size);
    head += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(res.result_int());
    head += ' ';
    const auto reason = res.reason();
    head.append(reason.data(), reason.size());
    head += "\r\n";
    for (const auto& field : res.base()) {
        const auto name = field.name_string();
        const auto value = field.value();
        head.append(name.data(), name.size());
        head += ": ";
        head.append(value.data(), value.size());
        head += "\r\n";
    }
    head += "\r\n";
    return head;
}

// Written as two buffers in one gather write: the head, then the body (already sized by
// FinalizeResponse), without Beast's general serializer.
asio::awaitable<bool> Session::Send(Response& res) {
    const std::string head = SerializeHead(res);
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(res.body())};
    stream_.expires_after(server_.options.body_timeout);
    auto [ec, n] = co_await asio::async_write(stream_, buffers, kUseTuple);
    co_return !ec;
}

asio::awaitable<void> Session::Close(bool linger) {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (linger && !ec && !server_.stopping.load()) {
        std::array<char, 4096> sink{};
        std::size_t total = 0;
        stream_.expires_after(kLingerTime);
        while (total < kLingerBytes) {
            auto [rec, n] = co_await stream_.async_read_some(asio::buffer(sink), kUseTuple);
            if (rec) break;
            total += n;
        }
    }
    stream_.close();
}

// Answers a connection over max_connections with 503 after reading its request header (so that
// the answer is not lost to a reset), then closes it.
asio::awaitable<void> RejectConnection(Server::Impl* server, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(server->options.header_limit + kReadChunk);
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(server->options.header_limit, UINT32_MAX)));
    parser.body_limit(boost::none);
    stream.expires_after(std::min<std::chrono::milliseconds>(server->options.header_timeout, kRejectTime));
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kUseTuple);
    unsigned version = ec ? 11 : parser.get().version();
    std::string target = ec ? std::string() : std::string(parser.get().target());
    Response res = ProblemResponse(MakeError(ErrorCode::kUnavailable, "", "http.max_connections",
                                             "the server is at its connection limit; retry later"),
                                   target, version, false);
    res.set(bhttp::field::retry_after, "1");
    FinalizeResponse(res, version, false, false, NewRequestId());
    stream.expires_after(kRejectTime);
    auto [wec, wn] = co_await bhttp::async_write(stream, res, kUseTuple);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!wec) {
        std::array<char, 4096> sink{};
        stream.expires_after(kRejectTime);
        for (std::size_t total = 0; total < kLingerBytes;) {
            auto [rec, rn] = co_await stream.async_read_some(asio::buffer(sink), kUseTuple);
            if (rec) break;
            total += rn;
        }
    }
    stream.close();
}

void LogEscapedException(std::string_view what, std::exception_ptr e) {
    if (!e) return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        log::Error(what, {{"error", ex.what()}});
    } catch (...) {
        log::Error(what, {{"error", "unknown exception"}});
    }
}

}  // namespace

asio::awaitable<void> Server::Impl::AcceptLoop() {
    while (true) {
        auto [ec, socket] =
            co_await acceptor->async_accept(asio::any_io_executor(NextContext().get_executor()), kUseTuple);
        if (stopping.load()) {
            beast::error_code ignored;
            socket.close(ignored);
            co_return;
        }
        if (ec) {
            if (ec == asio::error::operation_aborted) co_return;
            // For instance out of file descriptors: back off rather than spin, keep serving others.
            log::Warn("accept failed", {{"error", ec.message()}});
            asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
            co_await pause.async_wait(kUseTuple);
            continue;
        }
        if (active.load() >= options.max_connections) {
            Reject(std::move(socket));
            continue;
        }
        StartSession(std::move(socket));
    }
}

void Server::Impl::StartSession(tcp::socket socket) {
    active.fetch_add(1);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    {
        std::lock_guard lock(sessions_mutex);
        sessions.emplace(session.get(), session);
    }
    auto executor = session->executor();
    asio::co_spawn(executor, Session::Run(std::move(session)),
                   [](std::exception_ptr e) { LogEscapedException("connection failed", e); });
}

void Server::Impl::Reject(tcp::socket socket) {
    if (rejected_counter) rejected_counter->Add();
    log::Debug("connection rejected", {{"reason", "max_connections"}, {"limit", options.max_connections}});
    if (rejecting.load() >= kMaxRejecting) {
        beast::error_code ignored;
        socket.close(ignored);
        return;
    }
    rejecting.fetch_add(1);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, RejectConnection(this, std::move(socket)), [this](std::exception_ptr e) {
        rejecting.fetch_sub(1);
        LogEscapedException("rejecting a connection failed", e);
    });
}

void Server::Impl::OnSessionEnd(Session* session) {
    {
        std::lock_guard lock(sessions_mutex);
        sessions.erase(session);
    }
    if (active.fetch_sub(1) == 1 && stopping.load()) RequestFinish();
}

void Server::Impl::Stop() {
    {
        std::lock_guard lock(lifecycle_mutex);
        if (stopping.load()) return;
        stopping.store(true);
        if (!started) {
            beast::error_code ignored;
            acceptor->close(ignored);
            return;
        }
    }
    log::Info("server stopping", {{"connections", active.load()}});
    asio::post(*control, [this] {
        beast::error_code ignored;
        acceptor->close(ignored);
        CancelSignals();
        grace_timer->expires_after(options.shutdown_grace);
        grace_timer->async_wait([this](beast::error_code ec) {
            if (ec) return;
            log::Warn("shutdown grace period over; dropping the remaining connections",
                      {{"connections", active.load()}});
            FinishNow();
        });
    });
    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(sessions_mutex);
        for (auto& [ptr, weak] : sessions) {
            if (auto s = weak.lock()) live.push_back(std::move(s));
        }
    }
    for (auto& s : live) {
        auto executor = s->executor();
        asio::post(executor, [s = std::move(s)] { s->OnStop(); });
    }
    if (active.load() == 0) RequestFinish();
}

void Server::Impl::CancelSignals() {
    std::lock_guard lock(lifecycle_mutex);
    beast::error_code ignored;
    if (signals) signals->cancel(ignored);
}

void Server::Impl::RequestFinish() {
    if (finish_requested.exchange(true)) return;
    asio::post(*control, [this] { FinishNow(); });
}

void Server::Impl::FinishNow() {
    finish_requested.store(true);
    beast::error_code ignored;
    acceptor->close(ignored);
    grace_timer->cancel();
    CancelSignals();
    for (auto& context : contexts) context->stop();
}

void Server::Impl::RunThread(asio::io_context& context) {
    while (true) {
        try {
            context.run();
            return;
        } catch (const std::exception& e) {
            log::Error("exception escaped an io handler", {{"error", e.what()}});
        } catch (...) {
            log::Error("exception escaped an io handler", {{"error", "unknown exception"}});
        }
    }
}

void Server::Impl::Record(std::string_view method, std::string_view route, std::string_view target, unsigned status,
                          Clock::time_point start, std::size_t bytes, std::string_view request_id,
                          std::string_view remote) {
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (metrics) {
        // The series of this thread's requests, looked up by label strings under the metrics
        // mutex once per thread and series, then kept: io threads belong to one server, and the
        // metrics (and their series) outlive it.
        struct RouteSeries {
            Histogram* duration = nullptr;
            std::vector<std::tuple<std::string, unsigned, Counter*>> counts;  // method, status
        };
        struct Hash {
            using is_transparent = void;
            std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
        };
        struct Cache {
            const Impl* owner = nullptr;
            std::unordered_map<std::string, RouteSeries, Hash, std::equal_to<>> routes;
        };
        thread_local Cache cache;
        if (cache.owner != this) cache = Cache{this, {}};
        auto it = cache.routes.find(route);
        if (it == cache.routes.end()) {
            Histogram& h = metrics->GetHistogram(
                "txng_http_request_duration_seconds",
                "Time from the end of the request header until the response is ready, by route pattern",
                Metrics::kDurationBuckets, {{"route", std::string(route)}});
            it = cache.routes.emplace(std::string(route), RouteSeries{&h, {}}).first;
        }
        RouteSeries& series = it->second;
        Counter* counter = nullptr;
        for (const auto& [m, st, c] : series.counts) {
            if (st == status && m == method) {
                counter = c;
                break;
            }
        }
        if (counter == nullptr) {
            counter = &metrics->GetCounter(
                "txng_http_requests_total", "HTTP requests by route pattern, method and status",
                {{"route", std::string(route)}, {"method", std::string(method)}, {"status", std::to_string(status)}});
            series.counts.emplace_back(std::string(method), status, counter);
        }
        counter->Add();
        series.duration->Observe(seconds);
    }
    if (log::Enabled(log::Level::kInfo)) {
        log::Info("request", {{"method", method},
                              {"route", route},
                              {"target", RedactTarget(target)},
                              {"status", status},
                              {"duration_ms", seconds * 1000.0},
                              {"bytes", bytes},
                              {"request_id", request_id},
                              {"remote", remote}});
    }
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Server>> Server::Create(ServerOptions options, Router router, Metrics* metrics) {
    if (options.threads < 1 || options.max_connections == 0 || options.header_limit < 256) {
        return InvalidArgument("server", "http.options",
                               "threads and max_connections must be at least 1 and header_limit at least 256 bytes");
    }
    const std::string where = options.host + ":" + std::to_string(options.port);
    auto proxies = TrustedProxies::Parse(options.trusted_proxies);
    if (!proxies) return proxies.error();
    auto impl = std::make_unique<Impl>(std::move(options), std::move(router), metrics, std::move(*proxies));
    auto fail = [&](const beast::error_code& ec, std::string_view step) {
        return MakeError(ErrorCode::kUnavailable, where, "http.listen",
                         "cannot listen on " + where + " (" + std::string(step) + "): " + ec.message(), where);
    };
    beast::error_code ec;
    tcp::endpoint endpoint;
    auto address = asio::ip::make_address(impl->options.host, ec);
    if (!ec) {
        endpoint = tcp::endpoint(address, impl->options.port);
    } else {
        tcp::resolver resolver(*impl->contexts.front());
        auto results =
            resolver.resolve(impl->options.host, std::to_string(impl->options.port), tcp::resolver::passive, ec);
        if (ec) return fail(ec, "resolve");
        if (results.empty()) return fail(asio::error::host_not_found, "resolve");
        endpoint = results.begin()->endpoint();
    }
    impl->acceptor.emplace(*impl->control);
    impl->acceptor->open(endpoint.protocol(), ec);
    if (ec) return fail(ec, "open");
    impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) return fail(ec, "reuse_address");
    impl->acceptor->bind(endpoint, ec);
    if (ec) return fail(ec, "bind");
    impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail(ec, "listen");
    impl->port = impl->acceptor->local_endpoint(ec).port();
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::~Server() {
    impl_->Stop();
    Wait();
}

std::uint16_t Server::Port() const { return impl_->port; }

void Server::Start() {
    Impl& s = *impl_;
    std::lock_guard lock(s.lifecycle_mutex);
    if (s.started || s.stopping.load()) return;
    s.started = true;
    asio::co_spawn(*s.control, s.AcceptLoop(),
                   [](std::exception_ptr e) { LogEscapedException("accept loop failed", e); });
    for (auto& context : s.contexts) s.threads.emplace_back([&s, &context] { s.RunThread(*context); });
    log::Info("server listening", {{"host", s.options.host}, {"port", s.port}, {"threads", s.options.threads}});
}

void Server::Stop() { impl_->Stop(); }

void Server::Wait() {
    Impl& s = *impl_;
    std::lock_guard join_lock(s.join_mutex);
    {
        std::lock_guard lock(s.lifecycle_mutex);
        if (!s.started) return;
    }
    // The thread list is fixed once started.
    for (const auto& t : s.threads) {
        if (t.get_id() == std::this_thread::get_id()) throw std::logic_error("Server::Wait called on an io thread");
    }
    for (auto& t : s.threads) {
        if (t.joinable()) t.join();
    }
}

void Server::StopOnSignals() {
    Impl& s = *impl_;
    std::lock_guard lock(s.lifecycle_mutex);
    if (s.stopping.load() || s.signals) return;
    // Built here rather than on the io threads so that the signals are caught from now on.
    s.signals.emplace(*s.control, SIGINT, SIGTERM);
    s.signals->async_wait([&s](beast::error_code ec, int signal) {
        if (ec) return;
        log::Info("signal received; stopping", {{"signal", signal}});
        s.Stop();
    });
}

std::size_t Server::ActiveConnections() const { return impl_->active.load(); }

}  // namespace txng::http
