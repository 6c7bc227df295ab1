#include "tests/support/http_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <stdexcept>

namespace txng::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

tcp::endpoint Endpoint(const std::string& host, std::uint16_t port) {
    return tcp::endpoint(asio::ip::make_address(host), port);
}

}  // namespace

struct HttpClient::State {
    std::string host;
    std::uint16_t port = 0;
    std::chrono::milliseconds timeout;
    asio::io_context ioc;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;

    // Runs the async operations started so far to completion (each bounded by the stream timeout).
    void RunAll() {
        ioc.restart();
        ioc.run();
    }
};

HttpClient::HttpClient(std::uint16_t port, std::string host, std::chrono::milliseconds timeout)
    : state_(std::make_unique<State>()) {
    state_->host = std::move(host);
    state_->port = port;
    state_->timeout = timeout;
}

HttpClient::~HttpClient() { Close(); }

bool HttpClient::connected() const { return state_->stream.has_value(); }

void HttpClient::Close() {
    if (state_->stream) {
        beast::error_code ignored;
        state_->stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
        state_->stream->close();
        state_->stream.reset();
    }
    state_->buffer.clear();
}

HttpResponse HttpClient::Send(bhttp::verb method, std::string_view target, std::string body,
                              const HttpHeaders& headers) {
    State& s = *state_;
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, s.host + ":" + std::to_string(s.port));
    for (const auto& [name, value] : default_headers_) req.set(name, value);
    for (const auto& [name, value] : headers) req.set(name, value);
    bool has_body = !body.empty();
    req.body() = std::move(body);
    if (has_body || method == bhttp::verb::post || method == bhttp::verb::put) req.prepare_payload();

    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = s.stream.has_value();
        if (!s.stream) {
            s.stream.emplace(s.ioc);
            s.buffer.clear();
            beast::error_code ec;
            s.stream->expires_after(s.timeout);
            s.stream->async_connect(Endpoint(s.host, s.port), [&](beast::error_code e) { ec = e; });
            s.RunAll();
            if (ec) {
                s.stream.reset();
                throw std::runtime_error("cannot connect to port " + std::to_string(s.port) + ": " + ec.message());
            }
            ++connections_opened_;
        }
        beast::error_code ec;
        s.stream->expires_after(s.timeout);
        bhttp::async_write(*s.stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
        s.RunAll();
        if (ec) {
            Close();
            if (reused && attempt == 0) continue;  // the server had closed the idle connection
            throw std::runtime_error("cannot send the request: " + ec.message());
        }
        std::optional<bhttp::response_parser<bhttp::string_body>> parser;
        while (true) {
            parser.emplace();
            parser->body_limit(boost::none);
            parser->header_limit(1 << 20);
            if (method == bhttp::verb::head) parser->skip(true);
            s.stream->expires_after(s.timeout);
            bhttp::async_read(*s.stream, s.buffer, *parser, [&](beast::error_code e, std::size_t) { ec = e; });
            s.RunAll();
            if (ec) break;
            // An interim 100 Continue precedes the real answer.
            unsigned status = parser->get().result_int();
            if (status >= 200 || status == 101) break;
        }
        if (ec) {
            Close();
            if (reused && attempt == 0 && (ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset)) {
                continue;
            }
            throw std::runtime_error("no response: " + ec.message());
        }
        HttpResponse res = parser->release();
        if (!res.keep_alive()) Close();
        return res;
    }
    throw std::runtime_error("no response after reconnecting");
}

struct RawConnection::State {
    asio::io_context ioc;
    tcp::socket socket{ioc};
};

RawConnection::RawConnection(std::uint16_t port, std::string host) : state_(std::make_unique<State>()) {
    beast::error_code ec;
    state_->socket.connect(Endpoint(host, port), ec);
    if (ec) throw std::runtime_error("cannot connect to port " + std::to_string(port) + ": " + ec.message());
}

RawConnection::~RawConnection() {
    beast::error_code ignored;
    state_->socket.close(ignored);
}

bool RawConnection::Write(std::string_view bytes) {
    beast::error_code ec;
    asio::write(state_->socket, asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
}

bool RawConnection::ReadSome(std::chrono::steady_clock::time_point deadline) {
    if (closed_) return false;
    std::array<char, 16 * 1024> buf{};
    bool done = false;
    beast::error_code ec;
    std::size_t n = 0;
    state_->socket.async_read_some(asio::buffer(buf), [&](beast::error_code e, std::size_t k) {
        ec = e;
        n = k;
        done = true;
    });
    state_->ioc.restart();
    state_->ioc.run_until(deadline);
    if (!done) {
        state_->socket.cancel();
        state_->ioc.restart();
        state_->ioc.run();
        if (!done || ec == asio::error::operation_aborted) return false;  // timed out
    }
    received_.append(buf.data(), n);
    if (ec) {
        closed_ = true;
        return false;
    }
    return true;
}

std::string RawConnection::ReadUntilClose(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (ReadSome(deadline)) {
    }
    return received_;
}

std::string RawConnection::ReadUntil(std::string_view delimiter, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.find(delimiter) == std::string::npos && ReadSome(deadline)) {
    }
    return received_;
}

}  // namespace txng::testing
