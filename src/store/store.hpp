#pragma once
// Storage interfaces of the EPCIS repository. Each backend (store/sqlite, later store/postgres)
// implements them and passes the one contract suite in tests/store_contract_test.cpp.
//
// Contract shared by every method: expected failures are Result errors (kNotFound, kConflict,
// kInvalidArgument, kTooLarge, kUnavailable when the database cannot be reached or written);
// driver errors are translated inside the backend. Every method is thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "epcis/date_time.hpp"
#include "epcis/event.hpp"
#include "epcis/query.hpp"

namespace txng::store {

enum class CaptureErrorBehaviour { kRollback, kProceed };

std::string_view CaptureErrorBehaviourName(CaptureErrorBehaviour behaviour);  // "rollback" / "proceed"

// A capture: events already decoded and validated (each carrying the namespaces it needs in
// Event::namespaces), and master data from the document's header or an EPCISMasterDataDocument.
struct CaptureRequest {
    std::vector<epcis::Event> events;
    std::vector<epcis::Vocabulary> master_data;
    CaptureErrorBehaviour behaviour = CaptureErrorBehaviour::kRollback;
    // Who captured (an API key or user name later); kept with the job.
    std::string captured_by;
};

// The capture of `doc`: its events and master data are moved out of it (`doc` keeps its other
// members), and each event gets the document's namespace declarations it does not declare itself,
// so that it stands on its own once stored.
CaptureRequest CaptureRequestFrom(epcis::Document& doc,
                                  CaptureErrorBehaviour behaviour = CaptureErrorBehaviour::kRollback);

// One problem with one event of a capture.
struct CaptureError {
    std::size_t index = 0;  // position of the event in CaptureRequest::events
    Error error;
};

// A capture job as the REST binding shows it (GET /capture/{captureID}).
struct CaptureJob {
    std::string capture_id;
    epcis::DateTime created_at;
    std::optional<epcis::DateTime> finished_at;
    bool running = false;
    bool success = false;
    CaptureErrorBehaviour behaviour = CaptureErrorBehaviour::kRollback;
    std::size_t event_count = 0;  // events in the request
    std::size_t stored = 0;       // new events stored
    std::size_t duplicates = 0;   // events already stored with the same content (no-ops)
    std::vector<CaptureError> errors;
    std::string captured_by;  // CaptureRequest::captured_by
};

// A stored event: the event as received plus the eventID and recordTime the store gave it.
struct StoredEvent {
    std::int64_t seq = 0;  // the store's insertion order
    std::string event_id;
    epcis::DateTime record_time;
    epcis::Event event;  // with event_id and record_time set
};

// A page of a listing. `next_cursor` is the backend's opaque position for the following page
// (empty on the last page); the API signs it into a nextPageToken.
struct PageRequest {
    std::size_t limit = 30;
    std::string cursor;  // empty: the first page
};

struct EventPage {
    std::vector<StoredEvent> events;
    std::string next_cursor;
};

struct CaptureJobPage {
    std::vector<CaptureJob> jobs;
    std::string next_cursor;
};

struct NamedQuery {
    std::string name;
    std::string query_json;  // the `query` object as given to POST /queries (compact JSON)
    epcis::DateTime created_at;
    // The tenant that made it (service::QueryOwner: "national", "<role>|<tax code>",
    // "<role>|province:<code>"); stored as given. Queries made before owners were recorded have
    // "national".
    std::string owner;
};

// A master-data element as stored: the vocabulary, the id (MasterDataId) and its text attributes
// (attribute id, value), in the order received.
struct MasterDataElement {
    std::string type;
    std::string id;
    std::vector<std::pair<std::string, std::string>> attributes;
};

// The id a master-data element is stored and looked up under: for locations, read points and
// parties CanonicalIdentifier(id); for EPC classes the canonical GTIN Digital Link when the id
// names a GTIN (an sgtin pattern urn:epc:idpat:sgtin:CP.IR.* or a Digital Link), else
// CanonicalIdentifier(id); other vocabularies keep the id as written.
std::string MasterDataId(std::string_view type, std::string_view id);

// What /metrics and /readyz report.
struct StoreStats {
    std::uint64_t events = 0;
    std::uint64_t capture_jobs = 0;
    std::uint64_t bytes = 0;          // size of the database files (the intake journal included)
    std::uint64_t queued_events = 0;  // events of accepted jobs not yet applied, and of waiting ones
};

// The vocabularies /bizSteps, /dispositions, /readPoints, /bizLocations, /eventTypes list.
enum class VocabularyKind { kEventType, kBizStep, kDisposition, kReadPoint, kBizLocation, kEpc };

class EventStore {
  public:
    virtual ~EventStore() = default;

    // Callbacks of a capture job; either may be empty. Both run on a store thread or inline in
    // Submit(), `accepted` always before `finished`; they must neither block nor call the store
    // (hand the result to another thread instead, as the HTTP layer does).
    struct CaptureCallbacks {
        // Once, when the job is accepted: durable in the store's intake (from then on it survives
        // a crash of the process and is applied after restart), with the job as it stands then
        // (usually `running`). An error means the job was not accepted and nothing is stored.
        std::function<void(Result<CaptureJob>)> accepted;
        // Once, when the job has finished: committed (events durable) or failed; by then
        // GetCaptureJob shows it finished.
        std::function<void(Result<CaptureJob>)> finished;
    };
    // Stores the request's events as one capture job, in the background. Until the job finishes,
    // GetCaptureJob shows it `running` and its events are not yet visible to queries.
    // Per event: an event without eventID gets its CBV 2.0 event hash ID; every stored event gets
    // recordTime = the commit's time. An eventID already stored with the same content (same event
    // hash) is a duplicate, a no-op; with other content it is a conflict (kConflict error for that
    // event). kRollback: any error stores nothing of the request; kProceed: the other events are
    // stored. The job itself (with its errors) is stored in both cases. Concurrent jobs may share
    // one transaction (group commit); each keeps its own all-or-nothing.
    // `finished` gets an error only when the store itself failed (kUnavailable, kInternal); then
    // nothing of the request was stored. When the store already holds its limit of queued events,
    // acceptance waits until the writer has made room (backpressure); when as many events again
    // wait for room, the job is refused at once (kUnavailable, rule `store.queue_full`).
    virtual void Submit(CaptureRequest request, CaptureCallbacks callbacks) = 0;
    // Submit() with only a `finished` callback: `done` runs once the job is committed or failed.
    void Capture(CaptureRequest request, std::function<void(Result<CaptureJob>)> done) {
        Submit(std::move(request), CaptureCallbacks{{}, std::move(done)});
    }
    // Blocking form of Capture().
    Result<CaptureJob> CaptureSync(CaptureRequest request);

    // The event stored under `event_id` (exact string); kNotFound when there is none.
    virtual Result<StoredEvent> GetEvent(std::string_view event_id) = 0;

    // Stored events with seq > `after_seq`, in seq order, at most `limit` of them: how indexes
    // kept beside the store (the trace index) read everything once and then catch up. seq order
    // is commit order, so a reader that has seen up to seq N has seen every event committed
    // before it.
    virtual Result<std::vector<StoredEvent>> EventsAfter(std::int64_t after_seq, std::size_t limit) = 0;
    // The eventIDs of the stored events with these seqs, in the same order (empty strings for
    // seqs that are not stored).
    virtual Result<std::vector<std::string>> EventIdsOf(const std::vector<std::int64_t>& seqs) = 0;

    // Events matching `query` (epcis::Matches() decides), in the query's order: orderBy eventTime
    // or recordTime with orderDirection; an extension orderBy is sorted in memory and fails with
    // kTooLarge (rule `query.too_large`) past 100,000 matching events; no orderBy: insertion
    // order. eventCountLimit truncates the whole result (across pages); maxEventCount makes the
    // query fail with kTooLarge (rule `query.max_event_count`) when more events match. A page
    // may hold fewer than `page.limit` events and still have a next cursor (the backend bounds
    // the work of one call). A cursor from another query or another backend gives
    // kInvalidArgument (rule `query.cursor`).
    virtual Result<EventPage> QueryEvents(const epcis::EventQuery& query, const PageRequest& page) = 0;

    // Capture jobs (running ones included), newest first; kNotFound for an unknown id.
    virtual Result<CaptureJob> GetCaptureJob(std::string_view capture_id) = 0;
    virtual Result<CaptureJobPage> ListCaptureJobs(const PageRequest& page) = 0;

    // Values seen in stored events (canonical forms), sorted; at most `limit` from after `cursor`
    // (a value previously returned).
    virtual Result<std::vector<std::string>> ListVocabulary(VocabularyKind kind, std::size_t limit,
                                                            std::string_view after) = 0;

    // Named queries: one namespace of names for every owner. Create gives kConflict (rule
    // `query.name_exists`) when the name exists, whoever owns it; Get NamedQueryNotFound() for an
    // unknown name. List gives every query (all owners), by name.
    virtual Result<void> CreateNamedQuery(const NamedQuery& query) = 0;
    virtual Result<NamedQuery> GetNamedQuery(std::string_view name) = 0;
    virtual Result<std::vector<NamedQuery>> ListNamedQueries() = 0;
    // Deletes the query `name` and returns it as it was. With `owner`, only if it is that owner's
    // (checked and deleted in one statement): a query of another owner gives NamedQueryNotFound()
    // exactly as an unknown name does, and stays.
    virtual Result<NamedQuery> DeleteNamedQuery(std::string_view name, std::optional<std::string_view> owner) = 0;

    // The descendants of `location` (canonical) in the master-data hierarchy, itself included.
    virtual Result<std::vector<std::string>> LocationClosure(std::string_view location) = 0;
    // The stored master-data elements of vocabulary `type` (urn:epcglobal:epcis:vtype:...) with
    // these ids, as MasterDataId() writes them; ids with none are left out. Attributes with
    // non-text values are not kept.
    virtual Result<std::vector<MasterDataElement>> GetMasterData(std::string_view type,
                                                                 const std::vector<std::string>& ids) = 0;

    virtual Result<StoreStats> Stats() = 0;
    // True when the store can serve reads and writes now (for /readyz).
    virtual bool Ready() = 0;
    // Finishes queued capture jobs (their callbacks run) and makes everything durable; later
    // Submit() calls fail with kUnavailable. Idempotent.
    virtual void Close() = 0;
};

struct OpenOptions {
    // Injected clock for recordTime and job times (tests); the system clock when empty.
    std::function<epcis::DateTime()> clock;
    // sqlite: synchronous=NORMAL in WAL mode (survives a process crash; the default) or FULL
    // (also survives power loss).
    bool synchronous_full = false;
    // Events accepted but not yet applied, at most: past it Submit() waits (backpressure). Bounds
    // the memory of the capture queue (about 1-3 KB per event).
    std::size_t max_queued_events = 100'000;
};

// Opens the store named by `url`: `sqlite:PATH` (created when absent). kInvalidArgument for an
// unknown scheme; kUnavailable when the database cannot be opened or migrated.
Result<std::unique_ptr<EventStore>> OpenStore(std::string_view url, const OpenOptions& options = {});

// The current time as an EPCIS DateTime in UTC with millisecond precision.
epcis::DateTime NowUtc();

// What an unknown named query gives (kNotFound, rule `query.not_found`): also what is answered for
// a query the caller may not see, so that the two cannot be told apart.
Error NamedQueryNotFound(std::string_view name);

}  // namespace txng::store
