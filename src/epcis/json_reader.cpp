#include "epcis/json_reader.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace txng::epcis::json_internal {
namespace {

namespace json = boost::json;

enum class Failure { kNone, kStringTooLong, kDuplicateKey };

// Builds the value tree through a value_stack (as boost::json::parser does) while keeping number
// text and checking member names.
class Handler {
  public:
    static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

    Handler(json::storage_ptr sp, std::size_t max_string_bytes) : max_string_bytes_(max_string_bytes) {
        stack_.reset(std::move(sp));
    }

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        stack_.push_array(n);
        return true;
    }
    bool on_object_begin(json::error_code&) {
        frames_.push_back(keys_.size());
        return true;
    }
    bool on_object_end(std::size_t n, json::error_code& ec) {
        const std::size_t begin = frames_.back();
        frames_.pop_back();
        if (HasDuplicate(begin)) return Fail(Failure::kDuplicateKey, ec);
        if (begin < keys_.size()) {
            key_bytes_.resize(keys_[begin].first);
            keys_.resize(begin);
        }
        stack_.push_object(n);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t n, json::error_code& ec) {
        if (n > max_string_bytes_) return Fail(Failure::kStringTooLong, ec);
        stack_.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t n, json::error_code& ec) {
        if (n > max_string_bytes_) return Fail(Failure::kStringTooLong, ec);
        stack_.push_string(s);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t n, json::error_code& ec) {
        if (n > max_string_bytes_) return Fail(Failure::kStringTooLong, ec);
        if (!in_key_) {
            key_start_ = key_bytes_.size();
            in_key_ = true;
        }
        key_bytes_.append(s.data(), s.size());
        stack_.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t n, json::error_code& ec) {
        if (n > max_string_bytes_) return Fail(Failure::kStringTooLong, ec);
        if (!in_key_) key_start_ = key_bytes_.size();
        in_key_ = false;
        key_bytes_.append(s.data(), s.size());
        keys_.emplace_back(key_start_, key_bytes_.size() - key_start_);
        stack_.push_key(s);
        return true;
    }
    bool on_number_part(json::string_view s, json::error_code&) {
        StartNumber();
        stack_.push_chars(s);
        return true;
    }
    bool on_int64(std::int64_t, json::string_view s, json::error_code&) { return EndNumber(s); }
    bool on_uint64(std::uint64_t, json::string_view s, json::error_code&) { return EndNumber(s); }
    bool on_double(double, json::string_view s, json::error_code&) { return EndNumber(s); }
    bool on_bool(bool b, json::error_code&) {
        stack_.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        stack_.push_null();
        return true;
    }
    // Comments are disabled in the parse options; these are never called.
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

    json::value Release() { return stack_.release(); }
    Failure failure() const { return failure_; }
    const std::string& duplicate_key() const { return duplicate_key_; }

  private:
    bool Fail(Failure failure, json::error_code& ec) {
        failure_ = failure;
        // Any code stops the parser; failure_ says what happened.
        ec = json::error::exception;
        return false;
    }
    void StartNumber() {
        if (in_number_) return;
        in_number_ = true;
        stack_.push_chars(json::string_view(&kNumberMark, 1));
    }
    bool EndNumber(json::string_view s) {
        StartNumber();
        in_number_ = false;
        stack_.push_string(s);
        return true;
    }
    std::string_view Key(std::size_t i) const {
        return std::string_view(key_bytes_).substr(keys_[i].first, keys_[i].second);
    }
    // Keys of the object being closed are keys_[begin, end). Small objects (events have ~15
    // members) are checked pairwise; big ones by sorting, so a hostile object with a million
    // members costs O(n log n), not O(n^2).
    bool HasDuplicate(std::size_t begin) {
        const std::size_t end = keys_.size();
        const std::size_t n = end - begin;
        if (n < 2) return false;
        if (n <= 16) {
            for (std::size_t i = begin; i < end; ++i) {
                for (std::size_t j = i + 1; j < end; ++j) {
                    if (Key(i) == Key(j)) {
                        duplicate_key_ = Key(i);
                        return true;
                    }
                }
            }
            return false;
        }
        scratch_.clear();
        for (std::size_t i = begin; i < end; ++i) scratch_.push_back(Key(i));
        std::sort(scratch_.begin(), scratch_.end());
        const auto it = std::adjacent_find(scratch_.begin(), scratch_.end());
        if (it == scratch_.end()) return false;
        duplicate_key_ = *it;
        return true;
    }

    json::value_stack stack_;
    std::size_t max_string_bytes_;
    bool in_number_ = false;
    bool in_key_ = false;
    std::size_t key_start_ = 0;
    // Names of the members of the objects being parsed, innermost last: (offset, size) into
    // key_bytes_; frames_ holds where each open object's names start in keys_.
    std::string key_bytes_;
    std::vector<std::pair<std::size_t, std::size_t>> keys_;
    std::vector<std::size_t> frames_;
    std::vector<std::string_view> scratch_;
    Failure failure_ = Failure::kNone;
    std::string duplicate_key_;
};

std::string Position(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) + " (byte " +
           std::to_string(offset) + ")";
}

// Offset of the first byte of text[0, end) that is not part of valid UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos. Boost.JSON reports bad UTF-8
// inside a string as a plain syntax error; this names the real cause on the error path only.
std::size_t FirstInvalidUtf8(std::string_view text, std::size_t end) {
    end = std::min(end, text.size());
    std::size_t i = 0;
    while (i < end) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > text.size()) return i;
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

}  // namespace

Result<json::value> ReadJson(std::string_view text, const DecodeLimits& limits, json::storage_ptr sp) {
    json::parse_options options;
    options.max_depth = limits.max_depth;
    options.allow_comments = false;
    options.allow_trailing_commas = false;
    options.allow_invalid_utf8 = false;
    json::basic_parser<Handler> parser(options, std::move(sp), limits.max_string_bytes);
    json::error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && consumed < text.size()) ec = json::error::extra_data;
    if (!ec) return parser.handler().Release();

    const Handler& h = parser.handler();
    if (h.failure() == Failure::kStringTooLong) {
        return MakeError(ErrorCode::kTooLarge, "", "limit.string_bytes",
                         "A JSON string or member name at " + Position(text, consumed) +
                             " is longer than the limit of " + std::to_string(limits.max_string_bytes) + " bytes.");
    }
    if (h.failure() == Failure::kDuplicateKey) {
        return InvalidArgument("", "json.duplicate_key",
                               "The object ending at " + Position(text, consumed) + " has the member name '" +
                                   h.duplicate_key() + "' more than once.",
                               h.duplicate_key());
    }
    if (ec == json::error::too_deep) {
        return MakeError(ErrorCode::kTooLarge, "", "limit.depth",
                         "JSON nesting at " + Position(text, consumed) + " is deeper than the limit of " +
                             std::to_string(limits.max_depth) + " levels.");
    }
    if (ec == json::error::syntax) {
        // The parser stops within a few bytes of a bad sequence.
        if (const std::size_t bad = FirstInvalidUtf8(text, consumed + 4); bad != std::string_view::npos) {
            return InvalidArgument("", "json.utf8", "The JSON text is not valid UTF-8 at " + Position(text, bad) + ".");
        }
    }
    std::string detail = "The JSON text is malformed at " + Position(text, consumed) + ": " + ec.message() + ".";
    return InvalidArgument("", "json.syntax", std::move(detail));
}

}  // namespace txng::epcis::json_internal
