#pragma once
// The trace index kept beside a store: loaded from it in the background at start, brought up to
// date before every read (EventsAfter the last event it has), shared by the API and the CLI.
//
// Thread-safety: every member may be called from any thread. Reads run concurrently with each
// other; catching up takes the index exclusively for as long as adding the new events takes.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "store/store.hpp"
#include "trace/trace_index.hpp"

namespace txng::service {

struct TraceServiceOptions {
    // Events read from the store per step of loading or catching up.
    std::size_t batch = 20'000;
    // How often the background thread catches up without being notified.
    std::chrono::milliseconds poll{500};
};

struct TraceIndexStatus {
    bool loaded = false;       // the initial load has finished
    std::uint64_t events = 0;  // events in the index
    std::uint64_t nodes = 0;
    std::uint64_t memory_bytes = 0;
    double load_seconds = 0;  // of the initial load (so far, while it runs)
    std::string error;        // why the last load or catch-up failed (empty: it did not)
};

class TraceService {
  public:
    TraceService(store::EventStore& store, TraceServiceOptions options = {});
    // Stop()s.
    ~TraceService();
    TraceService(const TraceService&) = delete;
    TraceService& operator=(const TraceService&) = delete;

    // Starts the initial load on a thread of its own (returns at once); that thread then keeps
    // catching up in the background (every `poll` and whenever Notify() is called), so that
    // reads seldom have much to add.
    void Start();
    // New events may have been committed (a capture job finished): catch up soon. Never blocks;
    // harmless after Stop().
    void Notify();
    // Stops the background thread (the initial load too, if it still runs) and waits for it.
    // Reads still work (they catch up themselves). Idempotent.
    void Stop();
    // Loads (or catches up) on the calling thread until the index holds every stored event;
    // `progress`, when given, hears the number of events loaded after each batch.
    Result<void> LoadNow(const std::function<void(std::uint64_t)>& progress = {});

    // Brings the index up to date and calls `read` with it under a shared lock: everything
    // committed before this call is in it. kUnavailable (rule `trace.loading`) while the initial
    // load runs; the store's error when catching up fails.
    Result<void> Read(const std::function<void(const trace::TraceIndex&)>& read);

    // The eventIDs of the stored events with these seqs (EventInfo::seq), in the same order. Call
    // it outside Read(): it reads the store.
    Result<std::vector<std::string>> EventIds(const std::vector<std::int64_t>& seqs);
    // The store's master data of these ids (store::EventStore::GetMasterData). Outside Read().
    Result<std::vector<store::MasterDataElement>> MasterData(std::string_view type,
                                                             const std::vector<std::string>& ids);

    TraceIndexStatus Status() const;

  private:
    // `background`: the loader thread's, which Stop() cuts short.
    Result<void> CatchUp(const std::function<void(std::uint64_t)>* progress = nullptr, bool background = false);

    store::EventStore& store_;
    TraceServiceOptions options_;
    trace::TraceIndex index_;  // under index_mu_
    mutable std::shared_mutex index_mu_;
    std::mutex catch_up_mu_;     // one catch-up at a time
    std::int64_t last_seq_ = 0;  // under catch_up_mu_
    std::atomic<bool> loaded_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> events_{0};
    std::atomic<std::int64_t> load_started_ns_{0};  // steady clock
    std::atomic<double> load_seconds_{0};
    mutable std::mutex error_mu_;
    std::string error_;
    std::mutex wake_mu_;
    std::condition_variable wake_;
    bool notified_ = false;  // under wake_mu_
    std::thread loader_;
};

}  // namespace txng::service
