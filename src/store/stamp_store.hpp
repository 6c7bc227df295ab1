#pragma once
// Storage of traceability stamps (tem truy xuất), of the scan log and of counterfeit signals.
// Each backend implements it (store/sqlite: the same database file as the registry, through a
// connection of its own, so that writing a batch of a million stamps never holds up the
// registry) and passes the one contract suite in tests/stamp_contract_test.cpp.
//
// Contract shared by every method: expected failures are Result errors (kNotFound, kConflict,
// kUnavailable); times are RFC 3339 UTC with milliseconds from the store's clock unless given;
// every method is thread-safe.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "epcis/date_time.hpp"

namespace txng::store {

// issued -> activated -> sold or consumed; any of them -> voided (and sold -> consumed).
enum class StampStatus : std::uint8_t { kIssued, kActivated, kSold, kConsumed, kVoided };
std::string_view StampStatusName(StampStatus status);  // "issued", "activated", "sold", "consumed", "voided"
std::optional<StampStatus> ParseStampStatus(std::string_view name);

// An order of stamps for one GTIN. Its stamps are generated in the background: `generated`
// counts those stored so far; `state` is "generating", then "ready" (or "failed", with `error`).
struct StampBatch {
    std::int64_t id = 0;   // set by the store, increasing
    std::string owner;     // tax code of the enterprise that ordered it
    std::string province;  // the owner's province, for provincial authorities
    std::string gtin;      // GTIN-14
    std::int64_t count = 0;
    std::int64_t generated = 0;
    std::string state = "generating";
    std::string error;
    std::string layout;  // the sheet layout asked for, compact JSON ("{}": the default)
    std::string note;
    std::string created_by;  // actor
    std::string created_at;  // set by the store
    std::string finished_at;
};

struct Stamp {
    std::string gtin;
    std::string serial;  // AI 21 value
    std::int64_t batch = 0;
    std::int64_t ordinal = 0;  // 1..count within its batch, the order of printing
    StampStatus status = StampStatus::kIssued;
    std::string lot;         // set on activation
    std::string changed_at;  // of the last status change (set by the store)
};

// Stamps of one batch: the ordinals from..to (inclusive) when `serials` is empty, else those
// serials.
struct StampSelection {
    std::int64_t batch = 0;
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::vector<std::string> serials;
};

// One resolve of a serialised code. No personal data: no address, no identifier of the client.
struct Scan {
    std::string gtin;
    std::string serial;
    std::int64_t at_ms = 0;                     // Unix milliseconds
    std::string province;                       // two-digit code, when the client said where it is; else empty
    std::optional<double> latitude, longitude;  // rounded to 0.1 degree, when the client sent them
    std::string client;                         // "browser", "app", "bot" or "other"
};

// The kinds of Signal, and of Complaint (in the order the report form offers them).
inline constexpr std::array<std::string_view, 3> kSignalKinds{"scanned_after_end", "many_provinces", "unknown_serial"};
inline constexpr std::array<std::string_view, 5> kComplaintKinds{"counterfeit", "quality", "safety", "wrong_info",
                                                                 "other"};

// A counterfeit signal: one per kind and code, counted up each time it is raised again.
struct Signal {
    std::int64_t id = 0;
    std::string kind;  // one of kSignalKinds
    std::string gtin;
    std::string serial;
    std::string owner;                   // tax code of the GTIN's owner, when known
    std::string owner_province;          // its province
    std::vector<std::string> provinces;  // where the scans that raised it came from (codes, sorted)
    std::int64_t count = 0;              // times raised
    std::string first_at, last_at;
    std::string detail;  // what was seen, in Vietnamese and English
};

// A problem a member of the public reported from the product page (phản ánh). Handling comes later:
// the record is kept for the owner and the provincial authorities.
struct Complaint {
    std::int64_t id = 0;  // set by the store
    std::string code;     // the canonical Digital Link the page showed
    std::string gtin, lot, serial;
    std::string kind;  // one of kComplaintKinds
    std::string message;
    std::string contact;   // optional, given by the reporter
    std::string province;  // where the reporter says they are, optional
    std::string owner;     // tax code of the GTIN's owner, when known
    std::string owner_province;
    std::string status = "new";
    std::string created_at;  // set by the store
};

struct SignalFilter {
    std::string owner;     // only this owner's when not empty
    std::string province;  // only those of this province (the owner's, or one scanned in) when not empty
    std::string gtin;      // only this GTIN's when not empty
    std::string serial;    // only this serial's (of `gtin`) when not empty
    std::int64_t after_id = 0;
    std::size_t limit = 100;
};

class StampStore {
  public:
    virtual ~StampStore() = default;

    // ---- batches and stamps

    // Stores a new batch (id, created_at and generated set by the store).
    virtual Result<StampBatch> CreateBatch(const StampBatch& batch) = 0;
    // Adds stamps of `batch` in one transaction, and their number to its `generated`. Returns the
    // serials not added because their (gtin, serial) is taken: the caller draws others.
    virtual Result<std::vector<std::string>> AddStamps(std::int64_t batch, const std::vector<Stamp>& stamps) = 0;
    // Ends generation: state "ready" or "failed" (with `error`), finished_at now.
    virtual Result<StampBatch> FinishBatch(std::int64_t batch, std::string_view state, std::string_view error) = 0;
    virtual Result<StampBatch> GetBatch(std::int64_t id) = 0;
    // Batches with id > after_id, oldest first, of `owner` (every owner's when empty).
    virtual Result<std::vector<StampBatch>> ListBatches(std::string_view owner, std::int64_t after_id,
                                                        std::size_t limit) = 0;
    // Stamps of `batch` with ordinal > after_ordinal, in ordinal order, at most `limit`.
    virtual Result<std::vector<Stamp>> StampsOf(std::int64_t batch, std::int64_t after_ordinal, std::size_t limit) = 0;
    // kNotFound (rule `stamp.not_found`) when no stamp has this code.
    virtual Result<Stamp> GetStamp(std::string_view gtin, std::string_view serial) = 0;
    // Moves every stamp of `selection` from one of the statuses `from` to `to` (setting `lot` when
    // not empty), all or none, and returns them. kNotFound (`stamp.not_found`) for a serial or an
    // ordinal not in the batch; kConflict (`stamp.transition`) naming the first stamp in another
    // status. At most 100,000 stamps per call (kInvalidArgument `stamp.selection_size`).
    virtual Result<std::vector<Stamp>> Transition(const StampSelection& selection, std::span<const StampStatus> from,
                                                  StampStatus to, std::string_view lot) = 0;

    // ---- scan log

    virtual Result<void> AddScans(const std::vector<Scan>& scans) = 0;
    // The scans of one code at or after `since_ms`, oldest first, at most `limit`.
    virtual Result<std::vector<Scan>> ScansOf(std::string_view gtin, std::string_view serial, std::int64_t since_ms,
                                              std::size_t limit) = 0;
    // The provinces (sorted, distinct) one code was scanned in at or after `since_ms`: what
    // many_provinces judges. Kept per code and province as scans are added, so the answer costs
    // the same however often the code was scanned.
    virtual Result<std::vector<std::string>> ProvincesScanned(std::string_view gtin, std::string_view serial,
                                                              std::int64_t since_ms) = 0;
    virtual Result<std::int64_t> ScanCount() = 0;

    // ---- signals

    // Raises `signal` (kind, gtin, serial, owner, owner_province, provinces, detail; `last_at`
    // when given, else now): stores it, or counts up the stored one of the same kind and code,
    // merging the provinces and taking the new detail. Returns the stored signal.
    virtual Result<Signal> RaiseSignal(const Signal& signal) = 0;
    virtual Result<std::vector<Signal>> ListSignals(const SignalFilter& filter) = 0;

    // ---- complaints

    virtual Result<Complaint> AddComplaint(const Complaint& complaint) = 0;
    // Complaints by the same filter as signals (owner; province: the owner's or the reporter's).
    virtual Result<std::vector<Complaint>> ListComplaints(const SignalFilter& filter) = 0;
};

struct StampOpenOptions {
    // Injected clock (tests); the system clock when empty.
    std::function<epcis::DateTime()> clock;
};

// Opens the stamp tables in the database named by `url` (`sqlite:PATH`, the same URL as the
// registry's), creating or migrating them.
Result<std::unique_ptr<StampStore>> OpenStampStore(std::string_view url, const StampOpenOptions& options = {});

}  // namespace txng::store
