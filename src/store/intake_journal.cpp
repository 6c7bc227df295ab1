#include "store/intake_journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace txng::store {
namespace {

constexpr std::uint32_t kMagic = 0x314A5854;  // "TXJ1" little-endian
constexpr std::size_t kHeaderBytes = 12;
constexpr std::uint32_t kMaxPayload = 0x7fffffff;

// CRC-32 (IEEE 802.3, reflected) by slicing eight bytes at a time: table k holds the CRC of a
// byte followed by k zero bytes. Byte at a time, framing a record took a large share of a capturing
// thread's samples.
constexpr std::array<std::array<std::uint32_t, 256>, 8> MakeCrcTables() {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i) {
        for (std::size_t k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
    }
    return t;
}
constexpr auto kCrcTables = MakeCrcTables();

void PutU32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t GetU32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

void PutString(std::string& out, std::string_view s) {
    PutU32(out, static_cast<std::uint32_t>(s.size()));
    out.append(s);
}

Error JournalError(std::string_view what, const std::filesystem::path& path, int err) {
    return MakeError(ErrorCode::kUnavailable, "store", "store.journal",
                     fmt::format("The capture journal could not {}: {}.", what, std::strerror(err)), path.string());
}

Error Corrupt(std::string_view detail) {
    return MakeError(ErrorCode::kInternal, "store", "store.journal_record", std::string(detail));
}

}  // namespace

std::uint32_t Crc32(std::string_view data) {
    std::uint32_t c = 0xffffffffu;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    const auto& t = kCrcTables;
    for (; n >= 8; n -= 8, p += 8) {
        const std::uint32_t lo = c ^ (static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                                      static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24);
        c = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
            t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    }
    for (; n > 0; --n, ++p) c = t[0][(c ^ *p) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

namespace {

void AppendPayload(std::string& out, const IntakeRecord& record) {
    std::size_t size = 64 + record.capture_id.size() + record.created_at.size() + record.behaviour.size() +
                       record.captured_by.size() + record.master_data.size();
    for (const auto& e : record.events) size += 4 + e.size();
    out.reserve(out.size() + size);
    PutString(out, record.capture_id);
    PutString(out, record.created_at);
    PutString(out, record.behaviour);
    PutString(out, record.captured_by);
    PutString(out, record.master_data);
    PutU32(out, static_cast<std::uint32_t>(record.events.size()));
    for (const auto& e : record.events) PutString(out, e);
}

}  // namespace

std::string EncodeIntakeRecord(const IntakeRecord& record) {
    std::string out;
    AppendPayload(out, record);
    return out;
}

std::string FrameIntakeRecord(const IntakeRecord& record) {
    std::string out(kHeaderBytes, '\0');
    AppendPayload(out, record);
    const std::string_view payload = std::string_view(out).substr(kHeaderBytes);
    std::string header;
    PutU32(header, kMagic);
    PutU32(header, static_cast<std::uint32_t>(payload.size()));
    PutU32(header, Crc32(payload));
    out.replace(0, kHeaderBytes, header);
    return out;
}

Result<IntakeRecord> DecodeIntakeRecord(std::string_view payload) {
    std::size_t pos = 0;
    auto u32 = [&]() -> Result<std::uint32_t> {
        if (payload.size() - pos < 4) return Corrupt("A journal record ends inside a length.");
        const std::uint32_t v = GetU32(payload.data() + pos);
        pos += 4;
        return v;
    };
    auto str = [&](std::string& out) -> Result<void> {
        auto n = u32();
        if (!n) return n.error();
        if (payload.size() - pos < *n) return Corrupt("A journal record ends inside a string.");
        out.assign(payload.substr(pos, *n));
        pos += *n;
        return {};
    };
    IntakeRecord r;
    for (std::string* field : {&r.capture_id, &r.created_at, &r.behaviour, &r.captured_by, &r.master_data}) {
        if (auto ok = str(*field); !ok) return ok.error();
    }
    auto count = u32();
    if (!count) return count.error();
    if (*count > payload.size()) return Corrupt("A journal record claims more events than it has bytes.");
    r.events.resize(*count);
    for (auto& e : r.events) {
        if (auto ok = str(e); !ok) return ok.error();
    }
    if (pos != payload.size()) return Corrupt("A journal record has bytes after its last event.");
    return r;
}

Result<std::unique_ptr<IntakeJournal>> IntakeJournal::Open(std::filesystem::path dir, bool sync,
                                                           std::uint64_t segment_bytes) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return JournalError("create its directory", dir, ec.value());
    return std::unique_ptr<IntakeJournal>(new IntakeJournal(std::move(dir), sync, segment_bytes));
}

IntakeJournal::~IntakeJournal() {
    if (fd_ >= 0) ::close(fd_);
}

std::filesystem::path IntakeJournal::SegmentPath(std::uint64_t segment) const {
    return dir_ / fmt::format("{:012}.log", segment);
}

std::vector<std::uint64_t> IntakeJournal::Segments() const {
    std::vector<std::uint64_t> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() != 16 || name.substr(12) != ".log") continue;
        if (!std::all_of(name.begin(), name.begin() + 12, [](char c) { return c >= '0' && c <= '9'; })) continue;
        out.push_back(std::stoull(name.substr(0, 12)));
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::vector<IntakeJournal::Entry>> IntakeJournal::ReadAll() {
    std::vector<Entry> out;
    const auto segments = Segments();
    for (const std::uint64_t segment : segments) {
        const auto path = SegmentPath(segment);
        const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) return JournalError("open a segment", path, errno);
        std::string data;
        char buf[1 << 16];
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                const int err = errno;
                ::close(fd);
                return JournalError("read a segment", path, err);
            }
            if (n == 0) break;
            data.append(buf, static_cast<std::size_t>(n));
        }
        std::size_t pos = 0;
        while (data.size() - pos >= kHeaderBytes) {
            const char* h = data.data() + pos;
            const std::uint32_t length = GetU32(h + 4);
            if (GetU32(h) != kMagic || length > data.size() - pos - kHeaderBytes) break;
            std::string_view payload(h + kHeaderBytes, length);
            if (Crc32(payload) != GetU32(h + 8)) break;
            out.push_back(Entry{segment, std::string(payload)});
            pos += kHeaderBytes + length;
        }
        if (pos != data.size() && ::ftruncate(fd, static_cast<off_t>(pos)) != 0) {
            const int err = errno;
            ::close(fd);
            return JournalError("cut a torn record", path, err);
        }
        ::close(fd);
    }
    segment_ = segments.empty() ? 0 : segments.back();
    return out;
}

Result<void> IntakeJournal::OpenSegment(std::uint64_t segment) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    const auto path = SegmentPath(segment);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return JournalError("create a segment", path, errno);
    fd_ = fd;
    segment_ = segment;
    const off_t end = ::lseek(fd, 0, SEEK_END);
    size_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
    return {};
}

Result<std::uint64_t> IntakeJournal::Append(std::string_view record) {
    if (record.size() < kHeaderBytes || GetU32(record.data()) != kMagic ||
        GetU32(record.data() + 4) != record.size() - kHeaderBytes) {
        return MakeError(ErrorCode::kInternal, "store", "store.journal_record", "Not a framed journal record.");
    }
    if (record.size() - kHeaderBytes > kMaxPayload) {
        return MakeError(ErrorCode::kTooLarge, "store", "store.journal_record", "The capture is too large to journal.");
    }
    if (fd_ < 0 || size_ >= segment_bytes_) {
        // Never appends to a segment read at open: those are released as a whole.
        if (auto r = OpenSegment(segment_ + 1); !r) return r.error();
    }
    std::size_t written = 0;
    while (written < record.size()) {
        const ssize_t n = ::write(fd_, record.data() + written, record.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            // Cut what was written of this record so that the segment stays well-formed.
            (void)::ftruncate(fd_, static_cast<off_t>(size_));
            return JournalError("append a record", SegmentPath(segment_), err);
        }
        written += static_cast<std::size_t>(n);
    }
    if (sync_ && ::fdatasync(fd_) != 0) return JournalError("sync a segment", SegmentPath(segment_), errno);
    size_ += record.size();
    return segment_;
}

void IntakeJournal::ReleaseBefore(std::uint64_t segment) {
    for (const std::uint64_t s : Segments()) {
        if (s >= segment) break;
        std::error_code ec;
        std::filesystem::remove(SegmentPath(s), ec);
    }
}

void IntakeJournal::ReleaseAll() {
    ReleaseBefore(segment_);
    if (fd_ >= 0 && size_ > 0 && ::ftruncate(fd_, 0) == 0) size_ = 0;
    if (fd_ < 0) {
        // Segments read at open but never appended to: all applied.
        std::error_code ec;
        std::filesystem::remove(SegmentPath(segment_), ec);
    }
}

std::uint64_t IntakeJournal::Bytes() const {
    std::uint64_t total = 0;
    for (const std::uint64_t s : Segments()) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(SegmentPath(s), ec);
        if (!ec) total += size;
    }
    return total;
}

}  // namespace txng::store
