#include "service/trace_service.hpp"

#include <fmt/format.h>

#include <future>

namespace txng::service {

namespace {

std::int64_t SteadyNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TraceService::TraceService(store::EventStore& store, TraceServiceOptions options) : store_(store), options_(options) {}

TraceService::~TraceService() { Stop(); }

void TraceService::Stop() {
    {
        std::lock_guard lock(wake_mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (loader_.joinable()) loader_.join();
}

void TraceService::Notify() {
    {
        std::lock_guard lock(wake_mu_);
        notified_ = true;
    }
    wake_.notify_all();
}

void TraceService::Start() {
    load_started_ns_ = SteadyNanos();
    loader_ = std::thread([this] {
        // Sleeps for the poll interval or until notified; false once stopping.
        auto wait = [this] {
            std::unique_lock lock(wake_mu_);
            wake_.wait_for(lock, options_.poll, [this] { return stopping_ || notified_; });
            notified_ = false;
            return !stopping_;
        };
        // The initial load, retried while the store fails (Status() says why).
        while (!CatchUp(nullptr, true)) {
            if (!wait()) return;
        }
        if (stopping_) return;
        load_seconds_ = static_cast<double>(SteadyNanos() - load_started_ns_) / 1e9;
        loaded_ = true;
        while (wait()) (void)CatchUp(nullptr, true);  // a failure is kept in Status(); reads retry it
    });
}

Result<void> TraceService::LoadNow(const std::function<void(std::uint64_t)>& progress) {
    load_started_ns_ = SteadyNanos();
    if (auto r = CatchUp(progress ? &progress : nullptr); !r) return r;
    load_seconds_ = static_cast<double>(SteadyNanos() - load_started_ns_) / 1e9;
    loaded_ = true;
    return {};
}

Result<void> TraceService::CatchUp(const std::function<void(std::uint64_t)>* progress, bool background) {
    std::lock_guard catching(catch_up_mu_);
    // While one batch goes into the index, the next is read and decoded on another thread (the
    // two halves of loading cost about the same: a large store loads nearly twice as fast).
    auto fetch = [this](std::int64_t after) { return store_.EventsAfter(after, options_.batch); };
    auto batch = fetch(last_seq_);
    while (true) {
        if (!batch) {
            std::lock_guard lock(error_mu_);
            error_ = batch.error().ToString();
            return batch.error();
        }
        if (batch->empty()) break;
        const bool more = batch->size() >= options_.batch && !(background && stopping_);
        std::future<Result<std::vector<store::StoredEvent>>> next;
        if (more) next = std::async(std::launch::async, fetch, batch->back().seq);
        {
            std::unique_lock lock(index_mu_);
            for (const auto& e : *batch) index_.Add(e.event, e.seq);
        }
        last_seq_ = batch->back().seq;
        events_ += batch->size();
        if (progress) (*progress)(events_);
        if (!more) break;
        batch = next.get();
    }
    std::lock_guard lock(error_mu_);
    error_.clear();
    return {};
}

Result<void> TraceService::Read(const std::function<void(const trace::TraceIndex&)>& read) {
    if (!loaded_) {
        return MakeError(ErrorCode::kUnavailable, "trace", "trace.loading",
                         fmt::format("Chỉ mục truy xuất đang được nạp ({} sự kiện); vui lòng thử lại sau giây lát. / "
                                     "The trace index is loading ({} events so far); retry shortly.",
                                     events_.load(), events_.load()));
    }
    if (auto r = CatchUp(); !r) return r;
    std::shared_lock lock(index_mu_);
    read(index_);
    return {};
}

Result<std::vector<store::MasterDataElement>> TraceService::MasterData(std::string_view type,
                                                                       const std::vector<std::string>& ids) {
    return store_.GetMasterData(type, ids);
}

Result<std::vector<std::string>> TraceService::EventIds(const std::vector<std::int64_t>& seqs) {
    return store_.EventIdsOf(seqs);
}

TraceIndexStatus TraceService::Status() const {
    TraceIndexStatus s;
    s.loaded = loaded_;
    s.events = events_;
    s.load_seconds = loaded_ ? load_seconds_.load() : static_cast<double>(SteadyNanos() - load_started_ns_) / 1e9;
    {
        std::lock_guard lock(error_mu_);
        s.error = error_;
    }
    std::shared_lock lock(index_mu_, std::try_to_lock);
    if (lock.owns_lock()) {
        s.nodes = index_.node_count();
        s.memory_bytes = index_.MemoryBytes();
    }
    return s;
}

}  // namespace txng::service
