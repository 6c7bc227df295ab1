#include "service/scan_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <utility>

#include "common/log.hpp"
#include "epcis/date_time.hpp"
#include "registry/province.hpp"

namespace txng::service {
namespace {

constexpr std::chrono::milliseconds kMaxBackoff{30'000};

std::string TimeText(std::int64_t unix_ms) {
    epcis::DateTime t;
    t.unix_seconds = unix_ms / 1000;
    std::int64_t ms = unix_ms % 1000;
    if (ms < 0) {
        ms += 1000;
        t.unix_seconds -= 1;
    }
    t.nanos = static_cast<std::int32_t>(ms * 1'000'000);
    return t.ToUtcString(3);
}

// What a stamp's end status is called in a signal's detail; nothing when the status is not an
// end (a stamp issued or activated may be scanned).
struct EndWords {
    std::string_view vi, en;
};
std::optional<EndWords> EndOf(store::StampStatus status) {
    switch (status) {
        case store::StampStatus::kVoided:
            return EndWords{"đã bị hủy", "voided"};
        case store::StampStatus::kSold:
            return EndWords{"đã được bán", "sold"};
        case store::StampStatus::kConsumed:
            return EndWords{"đã được sử dụng", "consumed"};
        case store::StampStatus::kIssued:
        case store::StampStatus::kActivated:
            break;
    }
    return std::nullopt;
}

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
    std::erase(v, std::string());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

bool IsNotFound(const Error& e) { return e.code == ErrorCode::kNotFound; }

// The owner a signal names, and the owner's province.
struct Owner {
    bool registered = false;  // the GTIN is a registered product
    std::string tax_code;
    std::string province;
};

// Registry and stamp-batch lookups, cached for one attempt at a batch.
class Lookups {
  public:
    Lookups(store::StampStore& stamps, store::RegistryStore& registry) : stamps_(stamps), registry_(registry) {}

    Result<const Owner*> Product(const std::string& gtin) {
        if (auto it = products_.find(gtin); it != products_.end()) return &it->second;
        Owner owner;
        auto p = registry_.GetProduct(gtin);
        if (p) {
            owner.registered = true;
            owner.tax_code = p->owner;
            auto province = ProvinceOf(owner.tax_code);
            if (!province) return province.error();
            owner.province = std::move(*province);
        } else if (!IsNotFound(p.error())) {
            return p.error();
        }
        return &products_.emplace(gtin, std::move(owner)).first->second;
    }

    // The owner of a stamp batch (when its GTIN is not a registered product).
    Result<const Owner*> Batch(std::int64_t id) {
        if (auto it = batches_.find(id); it != batches_.end()) return &it->second;
        Owner owner;
        auto b = stamps_.GetBatch(id);
        if (b) {
            owner.tax_code = b->owner;
            owner.province = b->province;
        } else if (!IsNotFound(b.error())) {
            return b.error();
        }
        return &batches_.emplace(id, std::move(owner)).first->second;
    }

  private:
    Result<std::string> ProvinceOf(const std::string& tax_code) {
        if (auto it = provinces_.find(tax_code); it != provinces_.end()) return it->second;
        std::string province;
        auto e = registry_.GetEnterprise(tax_code);
        if (e) {
            province = e->address.province_code;
        } else if (!IsNotFound(e.error())) {
            return e.error();
        }
        provinces_.emplace(tax_code, province);
        return province;
    }

    store::StampStore& stamps_;
    store::RegistryStore& registry_;
    std::map<std::string, Owner> products_;
    std::map<std::int64_t, Owner> batches_;
    std::map<std::string, std::string> provinces_;
};

// The scans of one code in a batch (indices into the batch).
struct Code {
    std::string gtin, serial;
    std::vector<std::size_t> scans;
};

std::vector<Code> CodesOf(const std::vector<store::Scan>& scans) {
    std::map<std::pair<std::string_view, std::string_view>, std::vector<std::size_t>> by_code;
    for (std::size_t i = 0; i < scans.size(); ++i) by_code[{scans[i].gtin, scans[i].serial}].push_back(i);
    std::vector<Code> out;
    out.reserve(by_code.size());
    for (auto& [key, indices] : by_code) {
        out.push_back(Code{std::string(key.first), std::string(key.second), std::move(indices)});
    }
    return out;
}

// ---- ClientClass and PlaceOf helpers

bool ContainsAny(std::string_view lower, std::span<const std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view n) { return lower.find(n) != std::string_view::npos; });
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Decimal degrees within [-limit, limit], rounded to 0.1.
std::optional<double> Degrees(std::string_view text, double limit) {
    text = Trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::fixed);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(v) || v < -limit || v > limit) return std::nullopt;
    const double rounded = std::round(v * 10) / 10;
    return rounded == 0 ? 0.0 : rounded;  // no -0
}

}  // namespace

// One transaction's worth of scans and what is left to do for them.
struct ScanLog::Work {
    std::vector<store::Scan> scans;
    bool stored = false;
    bool grouped = false;
    std::vector<Code> to_judge;
    std::vector<store::Signal> to_raise;
};

ScanLog::ScanLog(store::StampStore& stamps, store::RegistryStore& registry, SerialKnown known, ScanLogOptions options)
    : stamps_(stamps), registry_(registry), known_(std::move(known)), options_(options) {
    if (options_.batch == 0) options_.batch = 1;
    if (options_.flush_every <= std::chrono::milliseconds::zero()) options_.flush_every = std::chrono::milliseconds(1);
    const std::size_t reserve = std::min(options_.batch, options_.max_queue);
    queue_.reserve(reserve);
    spare_.reserve(reserve);
}

ScanLog::~ScanLog() { Stop(); }

void ScanLog::Start() {
    std::lock_guard stop_lock(stop_mu_);
    std::lock_guard lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
    writer_ = std::thread([this] { Run(); });
}

void ScanLog::Stop() {
    std::lock_guard stop_lock(stop_mu_);
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (writer_.joinable()) writer_.join();
    // Never started: nobody stored what was queued yet.
    std::lock_guard process_lock(process_mu_);
    DrainQueued();
}

bool ScanLog::Record(store::Scan scan) {
    if (scan.gtin.empty() || scan.serial.empty()) return false;
    std::lock_guard lock(mu_);
    if (stopping_ || recorded_ - done_count_ >= options_.max_queue) {
        ++dropped_;
        return false;
    }
    queue_.push_back(std::move(scan));
    ++recorded_;
    if (queue_.size() == options_.batch) wake_.notify_one();
    return true;
}

void ScanLog::Flush() {
    std::unique_lock lock(mu_);
    const std::uint64_t target = recorded_;
    if (done_count_ >= target) return;
    if (started_) {
        flush_wanted_ = true;
        wake_.notify_one();
    } else {
        lock.unlock();
        {
            std::lock_guard process_lock(process_mu_);
            DrainQueued();
        }
        lock.lock();
    }
    // Another thread may be storing part of what this one waits for.
    done_.wait(lock, [&] { return done_count_ >= target; });
}

ScanLog::Stats ScanLog::stats() const {
    std::lock_guard lock(mu_);
    return Stats{recorded_, dropped_, stored_, lost_, signals_};
}

void ScanLog::Run() {
    while (true) {
        bool stopping = false;
        {
            std::unique_lock lock(mu_);
            wake_.wait_for(lock, options_.flush_every,
                           [&] { return stopping_ || flush_wanted_ || queue_.size() >= options_.batch; });
            stopping = stopping_;
            flush_wanted_ = false;
        }
        {
            std::lock_guard process_lock(process_mu_);
            DrainQueued();
        }
        if (stopping) return;  // Records are refused from then on: nothing is left
    }
}

void ScanLog::DrainQueued() {
    {
        std::lock_guard lock(mu_);
        if (queue_.empty()) return;
        std::swap(queue_, spare_);  // spare_ is empty, with the capacity of an earlier queue
    }
    for (std::size_t from = 0; from < spare_.size(); from += options_.batch) {
        const std::size_t to = std::min(spare_.size(), from + options_.batch);
        Work work;
        work.scans.assign(std::make_move_iterator(spare_.begin() + static_cast<std::ptrdiff_t>(from)),
                          std::make_move_iterator(spare_.begin() + static_cast<std::ptrdiff_t>(to)));
        for (int attempt = 1;; ++attempt) {
            if (Attempt(work)) break;
            bool stopping = false;
            {
                std::lock_guard lock(mu_);
                stopping = stopping_;
            }
            if (attempt > options_.retries || stopping) {
                if (!work.stored) {
                    log::Error("scan log: scans lost, the store kept failing",
                               {{"scans", work.scans.size()}, {"attempts", attempt}});
                } else {
                    log::Error(
                        "scan log: scans stored but not all judged, registry or store kept failing",
                        {{"codes", work.to_judge.size()}, {"signals", work.to_raise.size()}, {"attempts", attempt}});
                }
                break;
            }
            Backoff(attempt);
        }
        std::lock_guard lock(mu_);
        done_count_ += work.scans.size();
        if (!work.stored) lost_ += work.scans.size();
        done_.notify_all();
    }
    spare_.clear();
}

void ScanLog::Backoff(int attempt) {
    auto delay = options_.flush_every;
    for (int i = 1; i < attempt && delay < kMaxBackoff; ++i) delay *= 2;
    delay = std::min(delay, std::chrono::duration_cast<std::chrono::milliseconds>(kMaxBackoff));
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, delay, [&] { return stopping_; });
}

bool ScanLog::Attempt(Work& work) {
    if (!work.stored) {
        if (auto r = stamps_.AddScans(work.scans); !r) {
            log::Error("scan log: storing scans failed",
                       {{"scans", work.scans.size()}, {"error", r.error().ToString()}});
            return false;
        }
        work.stored = true;
        std::lock_guard lock(mu_);
        stored_ += work.scans.size();
    }
    if (!work.grouped) {
        work.to_judge = CodesOf(work.scans);
        work.grouped = true;
    }

    Lookups lookups(stamps_, registry_);
    const std::int64_t window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(options_.window).count();
    std::vector<Code> failed;
    std::optional<Error> first_error;
    for (auto& code : work.to_judge) {
        std::vector<store::Signal> raised;
        auto judged = [&]() -> Result<void> {
            std::int64_t latest = work.scans[code.scans.front()].at_ms;
            for (std::size_t i : code.scans) latest = std::max(latest, work.scans[i].at_ms);

            auto product = lookups.Product(code.gtin);
            if (!product) return product.error();
            std::optional<store::Stamp> stamp;
            if (auto s = stamps_.GetStamp(code.gtin, code.serial); s) {
                stamp = std::move(*s);
            } else if (!IsNotFound(s.error())) {
                return s.error();
            }
            const Owner* owner = *product;
            if (!owner->registered && stamp) {
                auto b = lookups.Batch(stamp->batch);
                if (!b) return b.error();
                owner = *b;
            }
            auto signal = [&](std::string kind, std::vector<std::string> provinces, std::int64_t at_ms,
                              std::string detail) {
                store::Signal s;
                s.kind = std::move(kind);
                s.gtin = code.gtin;
                s.serial = code.serial;
                s.owner = owner->tax_code;
                s.owner_province = owner->province;
                s.provinces = SortedUnique(std::move(provinces));
                s.last_at = TimeText(at_ms);
                s.detail = std::move(detail);
                raised.push_back(std::move(s));
            };

            // scanned_after_end
            if (stamp) {
                if (const auto end = EndOf(stamp->status)) {
                    auto changed = epcis::DateTime::Parse(stamp->changed_at);
                    if (!changed) return changed.error();
                    const std::int64_t changed_ms = changed->UnixMillis();
                    std::vector<std::string> provinces;
                    std::size_t after = 0;
                    std::int64_t last = 0;
                    for (std::size_t i : code.scans) {
                        const auto& scan = work.scans[i];
                        if (scan.at_ms <= changed_ms) continue;
                        ++after;
                        last = after == 1 ? scan.at_ms : std::max(last, scan.at_ms);
                        provinces.push_back(scan.province);
                    }
                    if (after > 0) {
                        const std::string changed_text = TimeText(changed_ms);
                        const std::string last_text = TimeText(last);
                        signal("scanned_after_end", std::move(provinces), last,
                               fmt::format("Tem {} lúc {} nhưng vẫn được quét: {} lần quét mới sau đó, lần cuối lúc "
                                           "{}. / The stamp was {} at {} but is still being scanned: {} new scans "
                                           "since, the last at {}.",
                                           end->vi, changed_text, after, last_text, end->en, changed_text, after,
                                           last_text));
                    }
                }
            }

            // many_provinces: this batch's scans are stored already, so the window holds them.
            auto seen = stamps_.ProvincesScanned(code.gtin, code.serial, latest - window_ms);
            if (!seen) return seen.error();
            if (static_cast<std::int64_t>(seen->size()) > options_.max_provinces) {
                std::vector<std::string> provinces = std::move(*seen);
                const std::string list = Join(provinces);
                const std::size_t count = provinces.size();
                const auto hours = options_.window.count();
                signal("many_provinces", std::move(provinces), latest,
                       fmt::format("Mã được quét ở {} tỉnh, thành phố khác nhau trong {} giờ ({}), nhiều hơn ngưỡng "
                                   "{}: tem có thể đã bị sao chép. / The code was scanned in {} different provinces "
                                   "within {} hours ({}), more than the limit of {}: the stamp may have been copied.",
                                   count, hours, list, options_.max_provinces, count, hours, list,
                                   options_.max_provinces));
            }

            // unknown_serial
            if ((*product)->registered && !stamp && known_) {
                auto known = known_(code.gtin, code.serial);
                if (!known) return known.error();
                if (!*known) {
                    std::vector<std::string> provinces;
                    for (std::size_t i : code.scans) provinces.push_back(work.scans[i].province);
                    signal("unknown_serial", std::move(provinces), latest,
                           fmt::format("Số sê-ri chưa từng được cấp cho sản phẩm này: không có tem nào và không có sự "
                                       "kiện truy xuất nào mang số này ({} lần quét mới). Mã có thể bị đoán hoặc sao "
                                       "chép. / A serial never issued for this product: no stamp and no traceability "
                                       "event carries it ({} new scans). The code may be guessed or copied.",
                                       code.scans.size(), code.scans.size()));
                }
            }
            return {};
        }();
        if (!judged) {
            if (!first_error) first_error = judged.error();
            failed.push_back(std::move(code));
            continue;
        }
        for (auto& s : raised) work.to_raise.push_back(std::move(s));
    }
    work.to_judge = std::move(failed);
    if (first_error) {
        log::Error("scan log: judging scans failed",
                   {{"codes", work.to_judge.size()}, {"error", first_error->ToString()}});
    }

    std::vector<store::Signal> unraised;
    std::uint64_t raised = 0;
    for (auto& s : work.to_raise) {
        if (auto r = stamps_.RaiseSignal(s); !r) {
            if (unraised.empty()) {
                log::Error("scan log: raising a signal failed", {{"kind", s.kind}, {"error", r.error().ToString()}});
            }
            unraised.push_back(std::move(s));
            continue;
        }
        ++raised;
    }
    work.to_raise = std::move(unraised);
    if (raised > 0) {
        std::lock_guard lock(mu_);
        signals_ += raised;
    }
    return work.to_judge.empty() && work.to_raise.empty();
}

std::string_view ClientClass(std::string_view user_agent) {
    if (Trim(user_agent).empty()) return "other";
    std::string lower(user_agent.substr(0, 512));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    // txng's own apps say so first ("txng-app/1.2 (Android 14)").
    if (lower.starts_with("txng")) return "app";
    // Cubot phones are not bots.
    for (std::size_t at; (at = lower.find("cubot")) != std::string::npos;) lower.replace(at, 5, "cu-phone");
    // clang-format off
    static constexpr std::array<std::string_view, 29> kBots = {
        "bot", "crawl", "spider", "slurp", "facebookexternalhit", "facebookcatalog", "whatsapp/",
        "skypeuripreview", "preview", "embedly", "curl/", "wget/", "python-", "python/", "aiohttp", "httpx",
        "go-http-client", "java/", "apache-httpclient", "libwww-perl", "okhttp", "axios/", "node-fetch",
        "postman", "insomnia", "headlesschrome", "phantomjs", "lighthouse", "uptime"};
    // clang-format on
    if (ContainsAny(lower, kBots)) return "bot";
    // Scanning apps, some of which open the link in a browser view that otherwise looks like a
    // browser (Zalo's scanner adds "Zalo" to the WebView's User-Agent).
    static constexpr std::array<std::string_view, 3> kApps = {"txng", "zalo", "gs1"};
    if (ContainsAny(lower, kApps)) return "app";
    if (lower.starts_with("mozilla/")) return "browser";
    return "other";
}

ClientPlace PlaceOf(std::string_view province_header, std::string_view location_header) {
    ClientPlace out;
    const std::string_view code = Trim(province_header);
    if (code.size() == 2 && std::isdigit(static_cast<unsigned char>(code[0])) &&
        std::isdigit(static_cast<unsigned char>(code[1]))) {
        if (auto p = registry::ResolveProvince(code, "X-Client-Province"); p) out.province = p->province->code;
    }
    const std::string_view location = Trim(location_header);
    const std::size_t sep = location.find_first_of(",;");
    if (sep != std::string_view::npos) {
        std::string_view rest = location.substr(sep + 1);
        rest = rest.substr(0, rest.find(';'));  // Geo-Position may go on with ";epu=..." parameters
        const auto lat = Degrees(location.substr(0, sep), 90);
        const auto lon = Degrees(rest, 180);
        if (lat && lon) {
            out.latitude = lat;
            out.longitude = lon;
        }
    }
    return out;
}

}  // namespace txng::service
