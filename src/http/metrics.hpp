#pragma once
// A small Prometheus registry: counters, gauges and fixed-bucket histograms with labels, rendered
// in the text exposition format 0.0.4. One registry per process is shared by every module:
//   Counter& captured = metrics.GetCounter("txng_events_captured_total", "Events captured");
//   captured.Add(n);
//   metrics.SetGaugeCallback("txng_store_events", "Events stored", [&] { return store.Count(); });
//
// Thread-safety: all members are thread-safe. Get* return references that stay valid as long as
// the registry lives; keep them rather than looking a series up on every use. Updating a series
// is lock-free; Get* and Render take a mutex.
//
// Misuse is a bug and throws std::logic_error: a name or label name outside the Prometheus
// grammar, one name used with two types, a histogram re-registered with other buckets, a
// histogram label called "le".

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace txng::http {

// Label name/value pairs; their order is kept in the output.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
  public:
    // Negative or NaN deltas are ignored: a counter only goes up.
    void Add(double delta = 1.0);
    double Value() const;

  private:
    std::atomic<double> value_{0.0};
};

class Gauge {
  public:
    void Set(double value);
    void Add(double delta);
    double Value() const;

  private:
    std::atomic<double> value_{0.0};
};

class Histogram {
  public:
    // `bounds`: strictly increasing upper bounds; +Inf is implied.
    explicit Histogram(std::vector<double> bounds);
    void Observe(double value);

    struct Snapshot {
        std::vector<double> bounds;
        std::vector<std::uint64_t> cumulative_counts;  // one per bound, then +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };
    // Buckets are read one by one while others may observe, so a snapshot taken under load can be
    // off by the observations in flight; Prometheus tolerates that.
    Snapshot Read() const;
    const std::vector<double>& bounds() const { return bounds_; }

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket, not cumulative
    std::atomic<double> sum_{0.0};
};

class Metrics {
  public:
    // Seconds: from 1 ms to 10 s, for request durations.
    static const std::vector<double> kDurationBuckets;
    // "text/plain; version=0.0.4; charset=utf-8", for the /metrics response.
    static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // The series `name{labels}`, created at zero the first time. `help` is kept from the first call.
    Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
    Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
    Histogram& GetHistogram(std::string_view name, std::string_view help, std::span<const double> bounds,
                            const Labels& labels = {});

    // A gauge whose value is computed by `callback` at each Render (e.g. a store size). Replaces an
    // earlier callback of the same series. Callbacks run on the rendering thread without the
    // registry's lock held, so they may take their own locks or even use this registry; they must
    // stay callable as long as the registry lives (or until replaced).
    void SetGaugeCallback(std::string_view name, std::string_view help, std::function<double()> callback,
                          const Labels& labels = {});

    // Families sorted by name, series by labels, each family with # HELP and # TYPE lines.
    std::string Render() const;

  private:
    struct Family;
    struct Series;
    Family& GetFamily(std::string_view name, std::string_view help, int type);
    Series& GetSeries(Family& family, const Labels& labels);

    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

}  // namespace txng::http
