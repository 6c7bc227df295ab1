#pragma once
// Structured logging: one JSON object per line on stderr,
//   {"ts":"2024-05-01T08:30:00.123456Z","level":"info","msg":"request","status":200,...}
// so that log collectors can parse lines without guessing. The level is global and defaults to
// warn, which keeps tests quiet; `txng serve` sets it from its configuration.
//
// Thread-safety: every function may be called from any thread. Init/SetOutputForTesting replace
// the sink and are meant to be called at start-up (or by a test) before other threads log.

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::log {

enum class Level { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// Parses "trace", "debug", "info", "warn" (or "warning"), "error", "off", case-insensitive.
// Error kInvalidArgument (rule "log.level") naming the accepted words otherwise.
Result<Level> ParseLevel(std::string_view name);
// "trace", "debug", "info", "warn", "error", "off".
std::string_view LevelName(Level level);

// One key/value field of a log line. Holds views: build fields in the logging call itself
// (`log::Info("x", {{"k", some_string}})`), never store them.
class Field {
  public:
    enum class Kind { kString, kInt, kUint, kDouble, kBool };

    template <typename T>
    requires std::convertible_to<const T&, std::string_view> Field(std::string_view key, const T& value)
        : key_(key), kind_(Kind::kString), string_(value) {}
    template <std::signed_integral T>
    Field(std::string_view key, T value) : key_(key), kind_(Kind::kInt), int_(value) {}
    template <std::unsigned_integral T>
    requires(!std::same_as<T, bool>) Field(std::string_view key, T value)
        : key_(key), kind_(Kind::kUint), uint_(value) {}
    template <std::floating_point T>
    Field(std::string_view key, T value) : key_(key), kind_(Kind::kDouble), double_(value) {}
    Field(std::string_view key, bool value) : key_(key), kind_(Kind::kBool), bool_(value) {}

    std::string_view key() const { return key_; }
    Kind kind() const { return kind_; }
    std::string_view string_value() const { return string_; }
    std::int64_t int_value() const { return int_; }
    std::uint64_t uint_value() const { return uint_; }
    double double_value() const { return double_; }
    bool bool_value() const { return bool_; }

  private:
    std::string_view key_;
    Kind kind_;
    std::string_view string_;
    std::int64_t int_ = 0;
    std::uint64_t uint_ = 0;
    double double_ = 0;
    bool bool_ = false;
};

using Fields = std::initializer_list<Field>;

// Sets the level and sends lines to stderr.
void Init(Level level);
// Same, from a level name; on a bad name returns the ParseLevel error and changes nothing.
Result<void> Init(std::string_view level_name);
void SetLevel(Level level);
Level GetLevel();
// True when a line at `level` would be written; lets callers skip building costly fields.
bool Enabled(Level level);

// Sends lines to `out` instead of stderr (nullptr: back to stderr). `out` must outlive its use.
void SetOutputForTesting(std::ostream* out);

// Writes one line when `level` is enabled. Strings are JSON-escaped; invalid UTF-8 bytes become
// U+FFFD, so a line is always valid JSON whatever a client sent. Fields named ts, level or msg are
// written as given after the standard ones (callers should avoid those names).
void Write(Level level, std::string_view msg, Fields fields = {});
inline void Trace(std::string_view msg, Fields fields = {}) { Write(Level::kTrace, msg, fields); }
inline void Debug(std::string_view msg, Fields fields = {}) { Write(Level::kDebug, msg, fields); }
inline void Info(std::string_view msg, Fields fields = {}) { Write(Level::kInfo, msg, fields); }
inline void Warn(std::string_view msg, Fields fields = {}) { Write(Level::kWarn, msg, fields); }
inline void Error(std::string_view msg, Fields fields = {}) { Write(Level::kError, msg, fields); }

// Appends `text` to `out` as a JSON string literal (with quotes), escaped as Write does.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace txng::log
