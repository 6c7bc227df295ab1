#include "service/trace_service.hpp"

#include <fmt/format.h>

namespace txng::service {

namespace {

std::int64_t SteadyNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TraceService::TraceService(store::EventStore& store, TraceServiceOptions options) : store_(store), options_(options) {}

TraceService::~TraceService() {
    stopping_ = true;
    if (loader_.joinable()) loader_.join();
}

void TraceService::Start() {
    load_started_ns_ = SteadyNanos();
    loader_ = std::thread([this] {
        if (auto r = CatchUp(); !r) {
            std::lock_guard lock(error_mu_);
            error_ = r.error().ToString();
            return;
        }
        if (stopping_) return;
        load_seconds_ = static_cast<double>(SteadyNanos() - load_started_ns_) / 1e9;
        loaded_ = true;
    });
}

Result<void> TraceService::LoadNow(const std::function<void(std::uint64_t)>& progress) {
    load_started_ns_ = SteadyNanos();
    if (auto r = CatchUp(progress ? &progress : nullptr); !r) return r;
    load_seconds_ = static_cast<double>(SteadyNanos() - load_started_ns_) / 1e9;
    loaded_ = true;
    return {};
}

Result<void> TraceService::CatchUp(const std::function<void(std::uint64_t)>* progress) {
    std::lock_guard catching(catch_up_mu_);
    while (!stopping_) {
        auto batch = store_.EventsAfter(last_seq_, options_.batch);
        if (!batch) {
            std::lock_guard lock(error_mu_);
            error_ = batch.error().ToString();
            return batch.error();
        }
        if (batch->empty()) break;
        {
            std::unique_lock lock(index_mu_);
            for (const auto& e : *batch) index_.Add(e.event, e.seq);
        }
        last_seq_ = batch->back().seq;
        events_ += batch->size();
        if (progress) (*progress)(events_);
        if (batch->size() < options_.batch) break;
    }
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
