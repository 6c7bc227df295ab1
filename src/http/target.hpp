#pragma once
// Request-target helpers shared by the router, the server and the access log.

#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::http {

struct Target {
    std::string path;   // raw (percent-encoded); "*" for the asterisk form of OPTIONS
    std::string query;  // raw, without '?'; empty when absent
};

// Splits a request-target in origin form ("/p?q"), absolute form ("http://host/p?q", path "/"
// when empty) or asterisk form ("*"). A fragment ('#...') is dropped. Error kInvalidArgument
// (rule "http.target") for anything else.
Result<Target> SplitTarget(std::string_view target);

// Decodes %XX escapes; '+' stays '+' (it only means space in form-encoded queries). nullopt when
// an escape is malformed or truncated.
std::optional<std::string> PercentDecode(std::string_view text);

// The target with the values of query parameters whose names suggest secrets (token, key,
// secret, password, signature, auth, session, code) replaced by "REDACTED", for logs.
std::string RedactTarget(std::string_view target);

}  // namespace txng::http
