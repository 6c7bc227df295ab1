#pragma once
// The intake journal: where an accepted capture job is made durable before it is applied.
//
// POST /capture answers 202 as soon as the job's events are written here (one append to a
// segment file, so a crash of the process after the answer loses nothing: the kernel has the
// bytes; with `sync` each append is also fdatasync'ed, which survives power loss). The store's
// writer then applies queued jobs in large transactions and releases the segments whose jobs are
// all committed. At open, the records still in the journal whose job is not in the store are
// applied again (a job is committed together with its capture_jobs row, so "is it in the store"
// is exact).
//
// Files: DIR/NNNNNNNNNNNN.log segments, appended in order; a new segment starts once the current
// one passes kSegmentBytes. A record is
//   u32 magic "TXJ1" | u32 payload length | u32 CRC-32 of the payload | payload
// (little-endian). A torn record at the end of a segment (the process died while appending it,
// so it was never acknowledged) ends that segment's records and is cut off.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace txng::store {

// One accepted capture job as journaled: its metadata and its events as stored documents.
struct IntakeRecord {
    std::string capture_id;
    std::string created_at;  // RFC 3339
    std::string behaviour;   // "rollback" / "proceed"
    std::string captured_by;
    std::string master_data;          // an EPCIS JSON-LD document holding the job's master data, or empty
    std::vector<std::string> events;  // each event's stored JSON-LD document
};

// The record's payload, and the payload framed for Append() (header with length and CRC-32; made
// by the submitter, so that the journal's owner only writes bytes while it holds its lock).
std::string EncodeIntakeRecord(const IntakeRecord& record);
std::string FrameIntakeRecord(const IntakeRecord& record);
Result<IntakeRecord> DecodeIntakeRecord(std::string_view payload);

// CRC-32 (ISO-HDLC, the zlib/PNG polynomial).
std::uint32_t Crc32(std::string_view data);

class IntakeJournal {
  public:
    static constexpr std::uint64_t kSegmentBytes = 64ull << 20;

    // Opens (creating) the journal directory. Not thread-safe: the owner serialises calls.
    static Result<std::unique_ptr<IntakeJournal>> Open(std::filesystem::path dir, bool sync,
                                                       std::uint64_t segment_bytes = kSegmentBytes);
    ~IntakeJournal();
    IntakeJournal(const IntakeJournal&) = delete;
    IntakeJournal& operator=(const IntakeJournal&) = delete;

    // A record read back at open, with the segment that holds it.
    struct Entry {
        std::uint64_t segment = 0;
        std::string payload;
    };
    // Every intact record of every segment, oldest first; torn tails are truncated away.
    // Call before the first Append.
    Result<std::vector<Entry>> ReadAll();

    // Appends one FrameIntakeRecord() result; returns the segment it went to. kUnavailable when
    // the write fails.
    Result<std::uint64_t> Append(std::string_view record);

    // Deletes the segments older than `segment` (their records are all applied).
    void ReleaseBefore(std::uint64_t segment);
    // Every record is applied: deletes older segments and empties the current one.
    void ReleaseAll();

    std::uint64_t Bytes() const;  // total size of the segment files

  private:
    IntakeJournal(std::filesystem::path dir, bool sync, std::uint64_t segment_bytes)
        : dir_(std::move(dir)), sync_(sync), segment_bytes_(segment_bytes) {}
    std::filesystem::path SegmentPath(std::uint64_t segment) const;
    std::vector<std::uint64_t> Segments() const;
    Result<void> OpenSegment(std::uint64_t segment);

    std::filesystem::path dir_;
    bool sync_ = false;
    std::uint64_t segment_bytes_ = kSegmentBytes;
    int fd_ = -1;
    std::uint64_t segment_ = 0;  // the segment being appended to
    std::uint64_t size_ = 0;     // its size
};

}  // namespace txng::store
