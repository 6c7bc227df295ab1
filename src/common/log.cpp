#include "common/log.hpp"

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>

namespace txng::log {
namespace {

// spdlog writes the timestamp (UTC, microseconds) and the line end; the rest of the object comes
// from Write, so spdlog's own level names never appear.
constexpr const char* kPattern = R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ",%v})";

std::atomic<Level> g_level{Level::kWarn};

struct Sink {
    std::mutex mutex;
    std::shared_ptr<spdlog::logger> logger;
};

std::shared_ptr<spdlog::logger> MakeLogger(std::ostream* out) {
    spdlog::sink_ptr sink;
    if (out != nullptr) {
        sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out, /*force_flush=*/true);
    } else {
        sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    }
    auto logger = std::make_shared<spdlog::logger>("txng", std::move(sink));
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(kPattern, spdlog::pattern_time_type::utc));
    logger->set_level(spdlog::level::trace);  // filtering happens in Write
    logger->flush_on(spdlog::level::trace);
    return logger;
}

Sink& GlobalSink() {
    static Sink sink;
    return sink;
}

std::shared_ptr<spdlog::logger> CurrentLogger() {
    Sink& sink = GlobalSink();
    std::lock_guard lock(sink.mutex);
    if (!sink.logger) sink.logger = MakeLogger(nullptr);
    return sink.logger;
}

void ReplaceLogger(std::ostream* out) {
    auto logger = MakeLogger(out);
    Sink& sink = GlobalSink();
    std::lock_guard lock(sink.mutex);
    sink.logger = std::move(logger);
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
    }
    return true;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    unsigned char c1 = byte(i + 1);
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 > 0x9F) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 > 0x8F) return 0;
    return n;
}

void AppendNumber(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";  // JSON has no NaN or infinity
        return;
    }
    std::array<char, 32> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    out.append(buf.data(), end);
}

template <typename Int>
void AppendInteger(std::string& out, Int value) {
    std::array<char, 24> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    out.append(buf.data(), end);
}

}  // namespace

Result<Level> ParseLevel(std::string_view name) {
    struct Entry {
        std::string_view name;
        Level level;
    };
    constexpr std::array kEntries = {
        Entry{"trace", Level::kTrace}, Entry{"debug", Level::kDebug},  Entry{"info", Level::kInfo},
        Entry{"warn", Level::kWarn},   Entry{"warning", Level::kWarn}, Entry{"error", Level::kError},
        Entry{"off", Level::kOff},
    };
    for (const auto& e : kEntries) {
        if (EqualsIgnoreCase(name, e.name)) return e.level;
    }
    return InvalidArgument("log.level", "log.level", "log level must be one of trace, debug, info, warn, error, off",
                           name);
}

std::string_view LevelName(Level level) {
    switch (level) {
        case Level::kTrace:
            return "trace";
        case Level::kDebug:
            return "debug";
        case Level::kInfo:
            return "info";
        case Level::kWarn:
            return "warn";
        case Level::kError:
            return "error";
        case Level::kOff:
            return "off";
    }
    return "off";
}

void Init(Level level) {
    ReplaceLogger(nullptr);
    SetLevel(level);
}

Result<void> Init(std::string_view level_name) {
    auto level = ParseLevel(level_name);
    if (!level) return level.error();
    Init(*level);
    return {};
}

void SetLevel(Level level) { g_level.store(level, std::memory_order_relaxed); }

Level GetLevel() { return g_level.load(std::memory_order_relaxed); }

bool Enabled(Level level) {
    Level current = GetLevel();
    return level != Level::kOff && current != Level::kOff && level >= current;
}

void SetOutputForTesting(std::ostream* out) { ReplaceLogger(out); }

void AppendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    if (c < 0x20 || c == 0x7F) {
                        out += "\\u00";
                        out += kHex[c >> 4];
                        out += kHex[c & 0xF];
                    } else {
                        out += static_cast<char>(c);
                    }
            }
            ++i;
            continue;
        }
        std::size_t n = Utf8SequenceLength(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD for a byte that does not start valid UTF-8
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    out += '"';
}

void Write(Level level, std::string_view msg, Fields fields) {
    if (!Enabled(level)) return;
    std::string line;
    line.reserve(64 + msg.size() + fields.size() * 24);
    line += R"("level":")";
    line += LevelName(level);
    line += R"(","msg":)";
    AppendJsonString(line, msg);
    for (const Field& f : fields) {
        line += ',';
        AppendJsonString(line, f.key());
        line += ':';
        switch (f.kind()) {
            case Field::Kind::kString:
                AppendJsonString(line, f.string_value());
                break;
            case Field::Kind::kInt:
                AppendInteger(line, f.int_value());
                break;
            case Field::Kind::kUint:
                AppendInteger(line, f.uint_value());
                break;
            case Field::Kind::kDouble:
                AppendNumber(line, f.double_value());
                break;
            case Field::Kind::kBool:
                line += f.bool_value() ? "true" : "false";
                break;
        }
    }
    // The level was checked above; spdlog only formats and writes.
    CurrentLogger()->log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace txng::log
