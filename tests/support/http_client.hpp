#pragma once
// Small synchronous HTTP clients for tests that run a real server on 127.0.0.1.
// Not thread-safe: use one client per thread.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace txng::testing {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Sends requests over one keep-alive connection, reconnecting when the server has closed it
// (after a Connection: close response, or when a reused connection turns out to be dead).
class HttpClient {
  public:
    explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1",
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends one request (Host and, for a body, Content-Length are set) and reads the response.
    // Throws std::runtime_error when no response arrives (connection refused, timeout...).
    HttpResponse Send(boost::beast::http::verb method, std::string_view target, std::string body = "",
                      const HttpHeaders& headers = {});

    // Headers sent with every request (an Authorization header, say); a header of the same name
    // given to Send() replaces one of these.
    void SetDefaultHeaders(HttpHeaders headers) { default_headers_ = std::move(headers); }

    // TCP connections opened so far: stays 1 while keep-alive works.
    int connections_opened() const { return connections_opened_; }
    bool connected() const;
    void Close();

  private:
    struct State;
    std::unique_ptr<State> state_;
    int connections_opened_ = 0;
    HttpHeaders default_headers_;
};

// A plain TCP connection for sending raw bytes: slow or malformed requests, huge headers.
class RawConnection {
  public:
    // Connects; throws std::runtime_error when it cannot.
    explicit RawConnection(std::uint16_t port, std::string host = "127.0.0.1");
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Writes all of `bytes`; false when the peer has closed or reset the connection.
    bool Write(std::string_view bytes);
    // Reads until the peer closes the connection or `timeout` passes; returns what was read.
    // closed() then tells which of the two happened.
    std::string ReadUntilClose(std::chrono::milliseconds timeout);
    // Reads until `delimiter` has been seen (or close/timeout); returns everything read so far.
    std::string ReadUntil(std::string_view delimiter, std::chrono::milliseconds timeout);
    // True once a read saw the end of the stream or a reset.
    bool closed() const { return closed_; }

  private:
    struct State;
    std::unique_ptr<State> state_;
    std::string received_;
    bool closed_ = false;
    // Reads once within `deadline`; false when nothing more can come (close or timeout).
    bool ReadSome(std::chrono::steady_clock::time_point deadline);
};

}  // namespace txng::testing
