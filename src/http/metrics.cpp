#include "http/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace txng::http {
namespace {

enum FamilyType { kCounterType = 0, kGaugeType = 1, kHistogramType = 2 };

std::string_view TypeName(int type) {
    switch (type) {
        case kCounterType:
            return "counter";
        case kGaugeType:
            return "gauge";
        default:
            return "histogram";
    }
}

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void CheckMetricName(std::string_view name) {
    bool ok = !name.empty() && (IsNameStart(name[0]) || name[0] == ':');
    for (char c : name) ok = ok && (IsNameStart(c) || IsDigit(c) || c == ':');
    if (!ok) throw std::logic_error("bad metric name '" + std::string(name) + "'");
}

void CheckLabelName(std::string_view name) {
    bool ok = !name.empty() && IsNameStart(name[0]) && name.substr(0, 2) != "__";
    for (char c : name) ok = ok && (IsNameStart(c) || IsDigit(c));
    if (!ok) throw std::logic_error("bad metric label name '" + std::string(name) + "'");
}

void AppendEscaped(std::string& out, std::string_view text, bool quote) {
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quote) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

void AppendValue(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        std::array<char, 32> buf{};
        auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
        out.append(buf.data(), end);
    }
}

// `{a="x",b="y"}`, or "" without labels; `extra` is appended last (the histogram's le).
std::string RenderLabels(const Labels& labels, std::string_view extra_name = {}, std::string_view extra_value = {}) {
    if (labels.empty() && extra_name.empty()) return {};
    std::string out = "{";
    auto add = [&](std::string_view k, std::string_view v) {
        if (out.size() > 1) out += ',';
        out += k;
        out += "=\"";
        AppendEscaped(out, v, true);
        out += '"';
    };
    for (const auto& [k, v] : labels) add(k, v);
    if (!extra_name.empty()) add(extra_name, extra_value);
    out += '}';
    return out;
}

void AtomicAdd(std::atomic<double>& target, double delta) {
    double current = target.load(std::memory_order_relaxed);
    while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
    }
}

}  // namespace

void Counter::Add(double delta) {
    if (!(delta > 0)) return;
    AtomicAdd(value_, delta);
}
double Counter::Value() const { return value_.load(std::memory_order_relaxed); }

void Gauge::Set(double value) { value_.store(value, std::memory_order_relaxed); }
void Gauge::Add(double delta) { AtomicAdd(value_, delta); }
double Gauge::Value() const { return value_.load(std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        if (!std::isfinite(bounds_[i]) || (i > 0 && !(bounds_[i] > bounds_[i - 1]))) {
            throw std::logic_error("histogram bounds must be finite and strictly increasing");
        }
    }
}

void Histogram::Observe(double value) {
    if (std::isnan(value)) return;
    // The first bucket whose upper bound is >= value (Prometheus buckets are inclusive).
    auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
    counts_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
    AtomicAdd(sum_, value);
}

Histogram::Snapshot Histogram::Read() const {
    Snapshot s;
    s.bounds = bounds_;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        total += counts_[i].load(std::memory_order_relaxed);
        s.cumulative_counts.push_back(total);
    }
    s.count = total;
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
}

const std::vector<double> Metrics::kDurationBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                       0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

struct Metrics::Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
    std::shared_ptr<std::function<double()>> callback;
};

struct Metrics::Family {
    std::string name;
    std::string help;
    int type = kCounterType;
    std::vector<double> bounds;                             // histograms
    std::map<std::string, std::unique_ptr<Series>> series;  // by rendered labels
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Family& Metrics::GetFamily(std::string_view name, std::string_view help, int type) {
    auto it = families_.find(name);
    if (it != families_.end()) {
        if (it->second->type != type) {
            throw std::logic_error("metric '" + std::string(name) + "' is a " +
                                   std::string(TypeName(it->second->type)) + ", not a " + std::string(TypeName(type)));
        }
        return *it->second;
    }
    CheckMetricName(name);
    auto family = std::make_unique<Family>();
    family->name = std::string(name);
    family->help = std::string(help);
    family->type = type;
    return *families_.emplace(std::string(name), std::move(family)).first->second;
}

Metrics::Series& Metrics::GetSeries(Family& family, const Labels& labels) {
    std::string key = RenderLabels(labels);
    auto it = family.series.find(key);
    if (it != family.series.end()) return *it->second;
    for (const auto& [k, v] : labels) {
        CheckLabelName(k);
        if (family.type == kHistogramType && k == "le") throw std::logic_error("histogram label 'le' is reserved");
    }
    auto series = std::make_unique<Series>();
    series->labels = labels;
    return *family.series.emplace(std::move(key), std::move(series)).first->second;
}

Counter& Metrics::GetCounter(std::string_view name, std::string_view help, const Labels& labels) {
    std::lock_guard lock(mutex_);
    Series& s = GetSeries(GetFamily(name, help, kCounterType), labels);
    if (!s.counter) s.counter = std::make_unique<Counter>();
    return *s.counter;
}

Gauge& Metrics::GetGauge(std::string_view name, std::string_view help, const Labels& labels) {
    std::lock_guard lock(mutex_);
    Series& s = GetSeries(GetFamily(name, help, kGaugeType), labels);
    if (!s.gauge) s.gauge = std::make_unique<Gauge>();
    return *s.gauge;
}

Histogram& Metrics::GetHistogram(std::string_view name, std::string_view help, std::span<const double> bounds,
                                 const Labels& labels) {
    std::lock_guard lock(mutex_);
    Family& family = GetFamily(name, help, kHistogramType);
    std::vector<double> wanted(bounds.begin(), bounds.end());
    if (family.series.empty() && family.bounds.empty()) {
        family.bounds = wanted;
    } else if (family.bounds != wanted) {
        throw std::logic_error("histogram '" + std::string(name) + "' registered with other buckets");
    }
    Series& s = GetSeries(family, labels);
    if (!s.histogram) s.histogram = std::make_unique<Histogram>(std::move(wanted));
    return *s.histogram;
}

void Metrics::SetGaugeCallback(std::string_view name, std::string_view help, std::function<double()> callback,
                               const Labels& labels) {
    std::lock_guard lock(mutex_);
    Series& s = GetSeries(GetFamily(name, help, kGaugeType), labels);
    s.callback = std::make_shared<std::function<double()>>(std::move(callback));
}

std::string Metrics::Render() const {
    // Snapshot under the lock, then evaluate callbacks and format without it.
    struct SeriesView {
        const Labels* labels;
        double value = 0;
        std::shared_ptr<std::function<double()>> callback;
        std::optional<Histogram::Snapshot> histogram;
    };
    struct FamilyView {
        const Family* family;
        std::vector<SeriesView> series;
    };
    std::vector<FamilyView> views;
    {
        std::lock_guard lock(mutex_);
        views.reserve(families_.size());
        for (const auto& [name, family] : families_) {
            FamilyView fv{family.get(), {}};
            for (const auto& [key, s] : family->series) {
                SeriesView sv{&s->labels};
                if (s->callback) {
                    sv.callback = s->callback;
                } else if (s->counter) {
                    sv.value = s->counter->Value();
                } else if (s->gauge) {
                    sv.value = s->gauge->Value();
                } else if (s->histogram) {
                    sv.histogram = s->histogram->Read();
                }
                fv.series.push_back(std::move(sv));
            }
            views.push_back(std::move(fv));
        }
    }
    // Families, series and their labels are never removed, so the pointers stay valid unlocked.
    std::string out;
    for (auto& fv : views) {
        const Family& f = *fv.family;
        out += "# HELP ";
        out += f.name;
        out += ' ';
        AppendEscaped(out, f.help, false);
        out += "\n# TYPE ";
        out += f.name;
        out += ' ';
        out += TypeName(f.type);
        out += '\n';
        for (auto& sv : fv.series) {
            if (sv.histogram) {
                const auto& h = *sv.histogram;
                for (std::size_t i = 0; i <= h.bounds.size(); ++i) {
                    std::string le;
                    AppendValue(le, i < h.bounds.size() ? h.bounds[i] : INFINITY);
                    out += f.name + "_bucket" + RenderLabels(*sv.labels, "le", le) + ' ';
                    out += std::to_string(h.cumulative_counts[i]);
                    out += '\n';
                }
                out += f.name + "_sum" + RenderLabels(*sv.labels) + ' ';
                AppendValue(out, h.sum);
                out += '\n';
                out += f.name + "_count" + RenderLabels(*sv.labels) + ' ' + std::to_string(h.count) + '\n';
                continue;
            }
            double value = sv.value;
            if (sv.callback) {
                try {
                    value = (*sv.callback)();
                } catch (...) {
                    continue;  // a failing source should not take the whole page down
                }
            }
            out += f.name + RenderLabels(*sv.labels) + ' ';
            AppendValue(out, value);
            out += '\n';
        }
    }
    return out;
}

}  // namespace txng::http
