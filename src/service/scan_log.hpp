#pragma once
// The scan log: every resolve of a serialised code (GTIN + serial) is recorded by the resolver on
// its I/O thread, stored in batches by a writer thread of its own, and judged there for signals
// of copied or counterfeit codes (store::Signal kinds):
//
//   scanned_after_end  the code is a stamp that was voided, sold or consumed, and is scanned after
//                      that change;
//   many_provinces     its scans from `window` before its latest one on come from more than
//                      `max_provinces` distinct provinces (scans that say nowhere do not count;
//                      the store keeps each code's latest scan per province);
//   unknown_serial     the GTIN is a registered product, no stamp carries the serial and no
//                      stored EPCIS event names it: a serial nobody issued.
//
// A scan holds no personal data (store::Scan): the time, the province or coarse coordinates only
// when the client sent them (PlaceOf), and the client's class (ClientClass), never its address or
// User-Agent.
//
// Thread-safety: every member may be called from any thread. Record never blocks on the store: it
// holds a mutex for a push only. Store or registry failures are logged and the work retried
// (`retries` times, backing off from `flush_every`); scans whose storing still fails are counted
// as `lost`.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"

namespace txng::service {

struct ScanLogOptions {
    // More distinct provinces than this within `window` raises many_provinces.
    int max_provinces = 3;
    std::chrono::hours window{24};
    // Scans waiting to be stored and judged; past it new scans are dropped (and counted).
    std::size_t max_queue = 100'000;
    // The writer stores what is queued at least this often (and at once when `batch` are waiting).
    std::chrono::milliseconds flush_every{200};
    // Scans per transaction at most.
    std::size_t batch = 5'000;
    // Attempts after the first one failed, waiting flush_every, 2x, 4x ... (at most 30 s) between.
    int retries = 8;
};

// Whether any stored EPCIS event names this SGTIN (the trace index knows). Injected, so that the
// service needs no trace dependency; when empty, unknown_serial is never raised. It must answer
// with an error (kUnavailable), not false, while it cannot tell (the index still loading): the
// code is then judged again later instead of raising unknown_serial for a serial that exists.
using SerialKnown = std::function<Result<bool>(std::string_view gtin, std::string_view serial)>;

class ScanLog {
  public:
    ScanLog(store::StampStore& stamps, store::RegistryStore& registry, SerialKnown known, ScanLogOptions options = {});
    // Stop()s.
    ~ScanLog();
    ScanLog(const ScanLog&) = delete;
    ScanLog& operator=(const ScanLog&) = delete;

    // Starts the writer thread. Does nothing when started already or stopped.
    void Start();
    // Stores and judges what is queued (one more attempt only when the store fails), then stops
    // the writer. Later Records are refused. Idempotent.
    void Stop();

    // Queues one scan of a serialised code (gtin and serial not empty). Never blocks, never reads
    // or writes the store. False when refused: dropped (the queue is full), stopped, or no code.
    bool Record(store::Scan scan);

    // Waits until every scan recorded before the call is stored and judged (or given up after
    // its retries). Without a running writer, does the work on the calling thread.
    void Flush();

    struct Stats {
        std::uint64_t recorded = 0;  // accepted by Record
        std::uint64_t dropped = 0;   // refused by Record because the queue was full
        std::uint64_t stored = 0;    // written to the store
        std::uint64_t lost = 0;      // accepted but never stored: the store kept failing
        std::uint64_t signals = 0;   // RaiseSignal calls that succeeded
    };
    Stats stats() const;

  private:
    struct Work;

    void Run();
    // Takes what is queued and stores and judges it, in transactions of `batch` scans at most,
    // each retried as options say. Called with process_mu_ held.
    void DrainQueued();
    // One attempt at what is left of `work`; true when nothing is.
    bool Attempt(Work& work);
    // Waits before retry `attempt`; returns early when Stop is called.
    void Backoff(int attempt);

    store::StampStore& stamps_;
    store::RegistryStore& registry_;
    SerialKnown known_;
    ScanLogOptions options_;

    mutable std::mutex mu_;
    std::condition_variable wake_;  // the writer: work, a flush or a stop
    std::condition_variable done_;  // Flush: more scans done
    std::vector<store::Scan> queue_;
    std::uint64_t recorded_ = 0;
    std::uint64_t done_count_ = 0;  // scans stored and judged, or given up
    std::uint64_t dropped_ = 0;
    std::uint64_t stored_ = 0;
    std::uint64_t lost_ = 0;
    std::uint64_t signals_ = 0;
    bool flush_wanted_ = false;
    bool stopping_ = false;
    bool started_ = false;

    std::mutex stop_mu_;     // Start and Stop one at a time
    std::mutex process_mu_;  // one thread stores and judges at a time
    std::vector<store::Scan> spare_;
    std::thread writer_;
};

// The client class of a request from its User-Agent: "bot" (crawlers, link previewers, curl,
// wget, scripting libraries...), "app" (a txng app or a known scanning app such as Zalo's
// scanner), "browser" (Mozilla/...), else "other".
std::string_view ClientClass(std::string_view user_agent);

// Where the client says it is, from request headers the resolver passes in: `X-Client-Province`
// (one of the 34 two-digit codes; a pre-2025 code is translated, anything else ignored), and
// `Geo-Position` or `X-Client-Location` "lat,lon" (or "lat;lon", decimal degrees; rounded to 0.1
// degree; out-of-range or malformed values ignored). The fields to put on a store::Scan.
struct ClientPlace {
    std::string province;
    std::optional<double> latitude, longitude;
};
ClientPlace PlaceOf(std::string_view province_header, std::string_view location_header);

}  // namespace txng::service
