#pragma once
// Traceability stamps (tem truy xuất): an enterprise orders a batch of N stamps for one of its
// GTINs; each stamp carries a GS1 Digital Link (`<public url>/01/<gtin>/21/<serial>`) whose
// serial is drawn from a CSPRNG (65 bits, 13 characters of Crockford's base-32 alphabet: within
// AI 21's character set, short enough for a QR code printed at 2 cm).
//
// Batches are generated in the background, in transactions of `chunk` stamps, with progress
// (StampBatch::generated); then a CSV for printing houses and a print-ready PDF sheet are written,
// page by page, to `files_dir`. Nothing holds a whole batch in memory. A batch left generating
// by a stopped process is resumed by Start().
//
// Lifecycle: issued -> activated (linked to a lot: a commissioning ObjectEvent ADD of their
// SGTINs) -> sold (ObjectEvent OBSERVE retail_selling, retail_sold) or consumed (OBSERVE
// dispensing, dispensed); issued, activated or sold -> voided (ObjectEvent DELETE
// decommissioning, inactive). Every change is recorded as EPCIS events of at most `chunk` EPCs,
// captured with the caller's rights (service/capture_access.hpp), and audited.
//
// Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "service/registry_service.hpp"
#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"
#include "store/store.hpp"

namespace txng::service {

struct StampServiceOptions {
    std::string files_dir;   // where <batch>.csv and <batch>.pdf are written (created when absent)
    std::string public_url;  // scheme://host[:port] of this resolver: the stamps' Digital Link base
    std::int64_t max_batch = 1'000'000;
    std::size_t chunk = 10'000;  // stamps per transaction and EPCs per event
    // Start() queues the batches a previous process left generating. The command line sets it
    // false: it generates only the batch it orders, never one a running server is working on.
    bool resume = true;
};

// Where the stamp files of the database `db_url` (`sqlite:PATH`) are written: the folder
// `PATH-stamps` beside it.
std::string StampFilesDir(std::string_view db_url);

struct StampOrder {
    std::string gtin;  // GTIN-8..14 (padded to 14)
    std::int64_t count = 0;
    std::string layout;  // the sheet layout, a JSON object (codes::SheetLayout fields); empty: default
    std::string note;
};

// A status change of some stamps of a batch.
struct StampChange {
    store::StampSelection selection;
    store::StampStatus to = store::StampStatus::kActivated;
    std::string location;  // GLN where it happens (the event's bizLocation), required
    std::string lot;       // activation: the lot the stamps are put on, required
    std::string expiry;    // activation: YYYY-MM-DD expiry date of the lot, optional
};

struct StampChangeResult {
    std::int64_t changed = 0;
    std::int64_t events = 0;  // EPCIS events recorded
};

// 13 characters of Crockford's base-32 alphabet from 65 random bits (libsodium's CSPRNG).
std::string NewStampSerial();

class StampService {
  public:
    StampService(store::StampStore& stamps, RegistryService& registry, store::RegistryStore& registry_store,
                 store::EventStore& events, StampServiceOptions options);
    // Stop()s.
    ~StampService();
    StampService(const StampService&) = delete;
    StampService& operator=(const StampService&) = delete;

    // Starts the generator thread and queues the batches a previous process left generating
    // (unless options.resume is false).
    Result<void> Start();
    // Stops the generator (a batch being generated stays "generating" and resumes at the next
    // Start). Idempotent.
    void Stop();

    // Orders a batch: kInvalidArgument for a bad GTIN (its rules), a count outside 1..max_batch
    // (`stamp.count`) or a bad layout (`sheet.*`); kNotFound (`registry.not_found`) for a GTIN
    // not registered as a product; kForbidden when the caller may not write for its owner.
    Result<store::StampBatch> Order(const Caller& caller, StampOrder order);
    // A batch the caller may see (its owner's roles, the owner's province, national roles).
    Result<store::StampBatch> Batch(const Caller& caller, std::int64_t id);
    Result<std::vector<store::StampBatch>> Batches(const Caller& caller, std::int64_t after_id, std::size_t limit);
    Result<std::vector<store::Stamp>> Stamps(const Caller& caller, std::int64_t id, std::int64_t after_ordinal,
                                             std::size_t limit);
    // The path of a ready batch's file, `kind` "csv" or "pdf"; kConflict (`stamp.batch_not_ready`)
    // while it is generating, kUnavailable (`stamp.batch_failed`) when generation failed.
    Result<std::string> File(const Caller& caller, std::int64_t id, std::string_view kind);
    // Changes statuses (see the file comment). Errors: the store's (`stamp.transition`,
    // `stamp.not_found`, `stamp.selection_size`), kInvalidArgument (`stamp.lot_required`,
    // `stamp.location`, `stamp.expiry`, `stamp.status`), kForbidden, the capture's.
    Result<StampChangeResult> Change(const Caller& caller, std::int64_t batch, StampChange change);

    // Counterfeit signals and public complaints, oldest first, narrowed by `filter` to what the
    // caller may read: national roles every one; an enterprise or household its own (owner);
    // a solution provider those of the enterprises that delegated to it; provincial roles their
    // province's (the owner's province, a province the code was scanned or reported in).
    // kUnauthorized for the public; kForbidden (`access.denied`, where `owner` or `province`)
    // for a filter outside the caller's reach and for certification bodies.
    Result<std::vector<store::Signal>> Signals(const Caller& caller, store::SignalFilter filter);
    Result<std::vector<store::Complaint>> Complaints(const Caller& caller, store::SignalFilter filter);

    // The stamp of a code, nullopt when none: for the resolver and the product page.
    Result<std::optional<store::Stamp>> Find(std::string_view gtin, std::string_view serial);
    // The Digital Link printed on a stamp.
    std::string DigitalLink(std::string_view gtin, std::string_view serial) const;
    // Waits until no batch is queued or generating (tests, the CLI).
    void WaitIdle();

    const StampServiceOptions& options() const { return options_; }
    // Sets the Digital Link base; before Start() only.
    void SetPublicUrl(std::string url);

  private:
    void Run();
    Result<void> Generate(std::int64_t id);
    Result<void> WriteFiles(const store::StampBatch& batch);
    Result<void> CanSee(const Caller& caller, const store::StampBatch& batch);
    Result<registry::Enterprise> CanWrite(const Caller& caller, std::string_view gtin);
    std::mutex& BatchMutex(std::int64_t id);

    store::StampStore& stamps_;
    RegistryService& registry_;
    store::RegistryStore& registry_store_;
    store::EventStore& events_;
    StampServiceOptions options_;

    std::mutex mu_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<std::int64_t> queue_;  // under mu_
    bool busy_ = false;               // under mu_
    bool stopping_ = false;           // under mu_
    std::thread worker_;
    std::map<std::int64_t, std::unique_ptr<std::mutex>> batch_mu_;  // under mu_
};

}  // namespace txng::service
