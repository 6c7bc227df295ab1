#include "demo/chain_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "demo/identifiers.hpp"
#include "demo/random.hpp"

namespace txng::demo {
namespace {

using epcis::Event;
using epcis::EventType;
using epcis::ExtensionField;
using epcis::ExtensionValue;

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int32_t kOffsetMinutes = 7 * 60;
constexpr std::int64_t kOffsetMs = kOffsetMinutes * kMinute;
constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// Harvests happen between 05:00 and 11:00 local time, sales while stores are open.
constexpr std::int64_t kHarvestStart = 5 * kHour;
constexpr std::int64_t kHarvestSpan = 6 * kHour;
constexpr std::int64_t kStoreOpen = 7 * kHour;
constexpr std::int64_t kStoreSpan = 15 * kHour;

constexpr std::size_t kRoastInputs = 3;          // green-coffee lots per roasting
constexpr double kRoastYield = 0.82;             // roasted kg per green kg
constexpr std::uint32_t kStorePalletUnits = 80;  // units per mixed store pallet
constexpr std::uint32_t kBufferChunk = 12;       // consecutive units sent to the same store
constexpr double kFrozenLimit = -18.0;           // °C, frozen shrimp
constexpr std::int64_t kRecallDelay = 36 * kHour;
constexpr std::uint32_t kRecalledShrimpLot = 1;  // the second shrimp lot
constexpr std::size_t kMaxSpareStrings = 1 << 16;
constexpr std::uint64_t kSerialHalf = 100'000;  // serials have 10 digits: two halves of 5

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}
std::int64_t LocalDay(std::int64_t utc_ms) { return FloorDiv(utc_ms + kOffsetMs, kDay); }
std::int64_t LocalMsOfDay(std::int64_t utc_ms) { return utc_ms + kOffsetMs - LocalDay(utc_ms) * kDay; }
std::int64_t UtcOfLocal(std::int64_t day, std::int64_t ms_of_day) { return day * kDay + ms_of_day - kOffsetMs; }

// A clock that runs only inside a daily window [start, start + span) local time: converting to it
// and back puts a delay "in opening hours".
std::int64_t ToWindowClock(std::int64_t utc_ms, std::int64_t start, std::int64_t span) {
    const std::int64_t day = LocalDay(utc_ms);
    const std::int64_t in_day = std::clamp(LocalMsOfDay(utc_ms) - start, std::int64_t{0}, span);
    return day * span + in_day;
}
std::int64_t FromWindowClock(std::int64_t clock, std::int64_t start, std::int64_t span) {
    const std::int64_t day = FloorDiv(clock, span);
    return UtcOfLocal(day, start + (clock - day * span));
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void CivilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = FloorDiv(z, 146097);
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string IsoDate(std::int64_t utc_ms) {
    int y = 0;
    unsigned m = 0, d = 0;
    CivilFromDays(LocalDay(utc_ms), y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

std::string CompactDate(std::int64_t utc_ms) {  // yymmdd, for lot numbers
    int y = 0;
    unsigned m = 0, d = 0;
    CivilFromDays(LocalDay(utc_ms), y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d%02u%02u", y % 100, m, d);
    return buf;
}

epcis::DateTime MakeTime(std::int64_t utc_ms) {
    epcis::DateTime t;
    t.unix_seconds = FloorDiv(utc_ms, kSecond);
    t.nanos = static_cast<std::int32_t>((utc_ms - t.unix_seconds * kSecond) * 1'000'000);
    t.offset_minutes = kOffsetMinutes;
    t.has_z = false;
    t.fraction_digits = 3;
    return t;
}

double Round1(double x) { return std::round(x * 10.0) / 10.0; }

// Great-circle distance in km.
double DistanceKm(const Location& a, const Location& b) {
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dlat = (b.latitude - a.latitude) * kRad;
    const double dlon = (b.longitude - a.longitude) * kRad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.latitude * kRad) *
                                                                   std::cos(b.latitude * kRad) * std::sin(dlon / 2) *
                                                                   std::sin(dlon / 2);
    return 2 * 6371.0 * std::asin(std::sqrt(h));
}

ExtensionField Field(std::string_view ns, std::string_view prefix, std::string_view name, std::string value,
                     ExtensionValue::Kind kind = ExtensionValue::Kind::kString) {
    ExtensionField f;
    f.ns = ns;
    f.prefix = prefix;
    f.name = name;
    f.value.kind = kind;
    f.value.text = std::move(value);
    return f;
}
ExtensionField Txng(std::string_view name, std::string value,
                    ExtensionValue::Kind kind = ExtensionValue::Kind::kString) {
    return Field(kTxngNamespace, kTxngPrefix, name, std::move(value), kind);
}
ExtensionField Mda(std::string_view name, std::string value) {
    return Field(kCbvMdaNamespace, "cbvmda", name, std::move(value));
}

ExtensionValue StringArray(std::string_view list) {  // "a; b; c" -> ["a", "b", "c"]
    ExtensionValue v;
    v.kind = ExtensionValue::Kind::kArray;
    while (!list.empty()) {
        const std::size_t end = std::min(list.find("; "), list.size());
        ExtensionValue item;
        item.text = std::string(list.substr(0, end));
        v.items.push_back(std::move(item));
        list.remove_prefix(std::min(list.size(), end + 2));
    }
    return v;
}

std::string FormatNumber(double value, const char* format) {
    char buf[32];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

// Slots with stable addresses and reuse of freed ones, so state stays proportional to what is in
// flight.
template <typename T>
class Pool {
  public:
    std::uint32_t Add(T value) {
        if (!free_.empty()) {
            const std::uint32_t i = free_.back();
            free_.pop_back();
            items_[i] = std::move(value);
            return i;
        }
        items_.push_back(std::move(value));
        return static_cast<std::uint32_t>(items_.size() - 1);
    }
    T& operator[](std::uint32_t i) { return items_[i]; }
    void Release(std::uint32_t i) {
        items_[i] = T{};
        free_.push_back(i);
    }

  private:
    std::deque<T> items_;
    std::vector<std::uint32_t> free_;
};

// ---------------------------------------------------------------------------------------------
// Simulation state

enum class TaskKind : std::uint8_t {
    kHarvest,      // a: flow
    kBulkShip,     // a: lot
    kBulkReceive,  // a: lot
    kRoast,        // a: roast batch
    kPackBatch,    // a: lot, b: batch
    kAggregate,    // a: pallet
    kShip,         // a: shipment, b: pallet (per-pallet shipping)
    kSensor,       // a: shipment, b: reading
    kReceive,      // a: shipment
    kUnpack,       // a: pallet
    kDispatch,     // a: distribution centre
    kSale,         // a: sale group
    kRecall,       // a: lot
    kWithdraw,     // a: withdrawal
};

struct Task {
    std::int64_t time = 0;
    std::uint64_t seq = 0;  // ties in time run in the order they were scheduled
    TaskKind kind = TaskKind::kHarvest;
    std::uint32_t a = 0;
    std::uint32_t b = 0;
};

struct TaskLater {
    bool operator()(const Task& x, const Task& y) const { return x.time != y.time ? x.time > y.time : x.seq > y.seq; }
};

// A calendar queue: tasks in one-minute buckets over a ring of about three weeks, the current
// minute in a small heap, later ones in an overflow heap. Same order as one big heap on
// (time, seq), without its cache misses once a hundred thousand sales are pending.
class TaskQueue {
  public:
    TaskQueue() : ring_(kBuckets) {}

    bool empty() const { return size_ == 0; }

    void Push(const Task& t) {
        ++size_;
        const std::int64_t minute = FloorDiv(t.time, kMinute);
        if (minute <= current_minute_) {
            current_.push_back(t);
            std::push_heap(current_.begin(), current_.end(), TaskLater{});
        } else if (minute - current_minute_ < kBuckets) {
            ring_[static_cast<std::size_t>(minute & (kBuckets - 1))].push_back(t);
            ++in_ring_;
        } else {
            far_.push_back(t);
            std::push_heap(far_.begin(), far_.end(), TaskLater{});
        }
    }

    // Removes and returns the first task; the queue must not be empty.
    Task Pop() {
        while (current_.empty()) Advance();
        std::pop_heap(current_.begin(), current_.end(), TaskLater{});
        const Task t = current_.back();
        current_.pop_back();
        --size_;
        return t;
    }

  private:
    static constexpr std::int64_t kBuckets = std::int64_t{1} << 15;  // minutes: 22.7 days

    void Advance() {
        if (in_ring_ == 0 && !far_.empty()) {
            current_minute_ = FloorDiv(far_.front().time, kMinute) - 1;  // skip the empty stretch
        }
        ++current_minute_;
        auto& bucket = ring_[static_cast<std::size_t>(current_minute_ & (kBuckets - 1))];
        in_ring_ -= bucket.size();
        current_.swap(bucket);
        while (!far_.empty() && FloorDiv(far_.front().time, kMinute) <= current_minute_) {
            std::pop_heap(far_.begin(), far_.end(), TaskLater{});
            current_.push_back(far_.back());
            far_.pop_back();
        }
        std::make_heap(current_.begin(), current_.end(), TaskLater{});
    }

    std::vector<std::vector<Task>> ring_;
    std::vector<Task> current_;  // heap of the tasks of current_minute_
    std::vector<Task> far_;      // heap of the tasks beyond the ring
    std::int64_t current_minute_ = std::numeric_limits<std::int64_t>::min() / 2;
    std::size_t in_ring_ = 0;
    std::size_t size_ = 0;
};

using UnitRef = std::uint64_t;  // lot slot << 32 | unit index in the lot
UnitRef MakeUnit(std::uint32_t lot, std::uint32_t index) { return (static_cast<UnitRef>(lot) << 32) | index; }
std::uint32_t UnitLot(UnitRef u) { return static_cast<std::uint32_t>(u >> 32); }
std::uint32_t UnitIndex(UnitRef u) { return static_cast<std::uint32_t>(u); }

enum class UnitStatus : std::uint8_t { kMade, kOnPallet, kInBuffer, kOnShelf, kSold, kRecalled };

struct UnitState {
    UnitStatus status = UnitStatus::kMade;
    std::uint32_t where = 0;      // location of the buffer or shelf
    std::uint32_t container = 0;  // pallet, buffer (store slot of the DC) or sale group
    std::uint64_t serial = 0;     // the serial number's digits, computed once
};

void Place(UnitState& u, UnitStatus status, std::uint32_t where, std::uint32_t container) {
    u.status = status;
    u.where = where;
    u.container = container;
}

// Appends `value` as exactly ten digits.
void AppendSerial(std::string& out, std::uint64_t value) {
    char buf[10];
    for (int i = 9; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buf, sizeof buf);
}

struct Lot {
    std::uint32_t flow = 0;
    std::uint32_t product = 0;  // product of the lot class
    std::uint32_t unit_product = kNone;
    std::string number;
    double kg = 0;
    std::int64_t created = 0;
    std::int64_t harvested = 0;  // harvest time (for a roasted lot: of its last input)
    std::uint32_t origin = 0;
    std::uint64_t first_serial = 0;
    std::uint32_t unit_count = 0;
    std::uint32_t batch_count = 0;
    std::vector<UnitState> units;
    std::uint32_t live_units = 0;  // units neither sold nor recalled
    std::uint32_t pending = 0;     // recall tasks that still refer to the lot
    bool in_production = true;     // until packed or consumed
    bool recall_candidate = false;
    bool recalled = false;
    std::uint64_t po = 0;  // farm-to-site transfer documents
    std::uint64_t desadv = 0;
    std::string plate;
    std::string transformation_id;
    std::int64_t gt = -1;  // index in GroundTruth::lots
};

struct Pallet {
    std::string sscc;  // 18 digits
    std::uint32_t owner = 0;
    std::uint32_t location = 0;  // where it was packed, then where it was received
    std::vector<UnitRef> units;
};

struct Shipment {
    std::uint32_t from = 0;  // locations
    std::uint32_t to = 0;
    std::uint32_t shipper = 0;  // enterprises
    std::uint32_t receiver = 0;
    std::vector<std::uint32_t> pallets;
    std::uint64_t po = 0;
    std::uint64_t desadv = 0;
    std::string plate;
    std::int64_t departure = 0;
    std::int64_t arrival = 0;
    std::uint32_t readings = 0;
    std::int32_t excursion = -1;  // reading with an out-of-range temperature, -1 for none
    bool severe_excursion = false;
    bool per_pallet = false;  // AggregationEvent OBSERVE per pallet instead of one ObjectEvent
    std::uint32_t recall_lot = kNone;
    std::string device;  // data logger (cold chain)
};

struct SaleGroup {
    std::uint32_t store = 0;
    std::uint32_t size = 0;
    UnitRef units[3] = {};
};

struct Withdrawal {
    std::uint32_t location = 0;
    std::uint32_t lot = 0;
    std::vector<std::uint32_t> units;  // indexes in the lot
};

struct RoastBatch {
    std::vector<std::uint32_t> inputs;
};

struct Flow {
    std::uint32_t raw = 0;
    std::uint32_t roasted = kNone;
    std::uint32_t unit = 0;
    std::uint32_t producer = 0;
    std::uint32_t site = 0;
    std::vector<std::uint32_t> farms;
    double weight = 0;
    double min_kg = 0;
    double max_kg = 0;
    double yield = 1;  // unit kg per kg of the packed lot
    std::uint32_t per_pallet = 0;
    std::uint32_t batch = 0;
    int shelf_days = 0;
    bool cold_chain = false;
    bool per_pallet_shipping = false;
    bool transformation_id = false;
    bool split = false;                                 // each lot's pallets go to every distribution centre, by share
    std::vector<std::pair<std::uint32_t, double>> dcs;  // distribution centre, share
    std::string variety;
    ExtensionValue standards;
    double harvest_clock = 0;  // minutes on the harvest-window clock
    std::uint32_t lots_made = 0;
    std::int64_t lot_day = -1;
    std::uint32_t lot_seq = 0;
    std::vector<std::uint32_t> green_queue;  // coffee: received green lots waiting for roasting
};

struct DistributionCentre {
    std::uint32_t location = 0;
    std::vector<std::uint32_t> stores;
    std::vector<std::vector<UnitRef>> buffers;  // per store
    std::uint32_t next_store = 0;
};

// How one enterprise writes identifiers, precomputed.
struct Writer {
    IdStyle style = IdStyle::kEpcUrn;
    std::string_view base;  // Digital Link stem for SSCCs, locations, parties; empty for URNs
    std::vector<std::string> parties;
    std::vector<std::string> locations;
    std::vector<std::vector<std::string>> read_points;
    std::vector<std::string> sgtin;  // per product, before the serial
    std::vector<std::string> lgtin;  // per product, before the lot
};

struct FlowSpec {
    const char* raw;
    const char* roasted;
    const char* unit;
    const char* site;
    const char* farm_prefix;
    double weight, min_kg, max_kg, yield;
    std::uint32_t per_pallet, batch;
    int shelf_days;
    bool cold_chain, per_pallet_shipping, transformation_id;
    std::vector<std::pair<const char*, double>> dcs;
    const char* variety;
    bool split = false;
};

// The six chains. Weights are shares of the harvests; kg ranges are per harvested lot; yield is
// the net weight of units packed per kg of the lot; shelf days spread the sales of a store pallet.
// UHT milk is the national product: lots of about ten thousand cartons, each lot's pallets split
// over three regional centres that supply some 270 convenience stores in all 34 provinces (one lot
// every other day at the default rate, about a third of the events).
const std::vector<FlowSpec>& FlowSpecs() {
    // clang-format off
    static const std::vector<FlowSpec> specs = {
        // raw, roasted, unit, site, farms, weight, min kg, max kg, yield, per pallet, batch, shelf days,
        // cold chain, per-pallet shipping, transformationID, distribution centres, variety
        {"lychee_bulk", nullptr, "lychee_box_2kg", "lychee_packing_house", "lychee_farm_", 0.22, 400, 1200, 0.95,
         60, 150, 3, false, false, false, {{"dc_hanoi", 0.6}, {"dc_danang", 0.2}, {"dc_hcm", 0.2}},
         "Vải thiều Thanh Hà"},
        {"coffee_green", "coffee_roasted", "coffee_ground_500g", "coffee_factory", "coffee_farm_", 0.30, 150, 300,
         0.99, 120, 200, 12, false, false, true, {{"dc_hcm", 0.5}, {"dc_hanoi", 0.3}, {"dc_danang", 0.2}},
         "Robusta"},
        {"shrimp_raw", nullptr, "shrimp_frozen_1kg", "shrimp_plant", "shrimp_farm_", 0.18, 250, 700, 0.85,
         80, 150, 8, true, false, false, {{"cold_hcm", 0.7}, {"cold_hanoi", 0.3}},
         "Penaeus monodon"},
        {"rice_paddy", nullptr, "rice_st25_5kg", "rice_mill", "rice_field_", 0.15, 2000, 5000, 0.62,
         100, 150, 12, false, true, false, {{"dc_hcm", 0.6}, {"dc_hanoi", 0.25}, {"dc_danang", 0.15}},
         "ST25"},
        {"pork_live", nullptr, "pork_loin_500g", "pork_plant", "pork_farm_", 0.15, 1260, 3150, 0.12,
         60, 150, 2, false, false, false, {{"cold_hcm", 0.8}, {"cold_hanoi", 0.2}},
         "Lợn lai 3 máu"},
        {"milk_raw", nullptr, "milk_uht_1l", "dairy_factory", "dairy_farm_", 0.025, 9000, 13000, 0.97,
         720, 600, 6, false, false, false,
         {{"chain_dc_north", 0.42}, {"chain_dc_central", 0.2}, {"chain_dc_south", 0.38}},
         "Holstein Friesian", true},
    };
    // clang-format on
    return specs;
}

struct DcSpec {
    const char* dc;
    std::vector<const char*> stores;
    // Also every location whose key starts with this and which is nearer to this centre than to
    // any other centre of the same prefix (the chain's stores); nullptr for none.
    const char* nearest_prefix = nullptr;
};

const std::vector<DcSpec>& DcSpecs() {
    static const std::vector<DcSpec> specs = {
        {"dc_hanoi", {"store_hn_caugiay", "store_hn_hoangmai", "store_haiphong"}},
        {"cold_hanoi", {"store_hn_caugiay", "store_hn_hoangmai", "store_haiphong"}},
        {"dc_danang", {"store_danang"}},
        {"dc_hcm", {"store_hcm_benthanh", "store_hcm_binhthanh", "store_hcm_thuduc", "store_cantho"}},
        {"cold_hcm", {"store_hcm_benthanh", "store_hcm_binhthanh", "store_hcm_thuduc", "store_cantho"}},
        {"chain_dc_north", {}, "chain_store_"},
        {"chain_dc_central", {}, "chain_store_"},
        {"chain_dc_south", {}, "chain_store_"},
    };
    return specs;
}

// Registration plates start with the code of the (pre-2025) province of registration.
std::string_view PlatePrefix(std::string_view province_code) {
    if (province_code == "24") return "98C";
    if (province_code == "66") return "47C";
    if (province_code == "96") return "69C";
    if (province_code == "92") return "83C";
    if (province_code == "75") return "60C";
    if (province_code == "48") return "43C";
    if (province_code == "79") return "51C";
    if (province_code == "14") return "26C";
    if (province_code == "33") return "89C";
    return "29C";
}

std::uint32_t Need(std::optional<std::size_t> index, std::string_view key) {
    if (!index) throw std::logic_error("demo master data lacks " + std::string(key));
    return static_cast<std::uint32_t>(*index);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

class ChainGenerator::Impl {
  public:
    explicit Impl(ChainOptions options)
        : options_(options), md_(DemoMasterData()), rng_(options.seed), id_rng_(options.seed ^ 0x5EED1D5ull) {
        if (!(options_.lots_per_day > 0)) options_.lots_per_day = 1;
        BuildWriters();
        BuildNetwork();
        std::uint64_t salt = options_.seed;
        for (std::size_t p = 0; p < md_.products.size(); ++p) {
            std::array<std::uint64_t, 4> keys{};
            for (auto& k : keys) k = Random::SplitMix64(salt);
            serial_keys_.push_back(keys);
        }
        for (std::size_t e = 0; e < md_.enterprises.size(); ++e) {
            const std::size_t digits = 16 - md_.PrefixLength(e);
            sscc_counter_.push_back(1 + rng_.Below(std::uint64_t{1} << std::min<std::size_t>(digits * 3, 20)));
            po_counter_.push_back(1 + rng_.Below(90'000));
            desadv_counter_.push_back(1 + rng_.Below(90'000));
        }
        const std::int64_t start = options_.start_unix_seconds * kSecond;
        start_clock_ = static_cast<double>(ToWindowClock(start, kHarvestStart, kHarvestSpan)) / kMinute;
        for (std::uint32_t f = 0; f < flows_.size(); ++f) {
            Flow& flow = flows_[f];
            flow.harvest_clock = start_clock_ + HarvestSpacing(flow) * rng_.Unit();
            Schedule(HarvestTime(flow), TaskKind::kHarvest, f);
        }
        for (std::uint32_t d = 0; d < dcs_.size(); ++d) {
            Schedule(NextDispatch(start), TaskKind::kDispatch, d);
        }
    }

    bool Next(epcis::Document& out, std::size_t max_events) {
        std::vector<Event> reuse = std::move(out.events);
        out = epcis::Document{};
        out.kind = epcis::DocumentKind::kEpcisDocument;
        out.schema_version = "2.0";
        out.namespaces.push_back({std::string(kTxngPrefix), std::string(kTxngNamespace)});
        out.events = std::move(reuse);
        out.events.reserve(std::min<std::uint64_t>(max_events, options_.target_events - emitted_));
        out_ = &out;
        used_ = 0;
        while (used_ < max_events && emitted_ < options_.target_events && !queue_.empty()) {
            const Task task = queue_.Pop();
            now_ = task.time;
            Run(task);
            End();
        }
        out_ = nullptr;
        out.events.resize(used_);
        if (out.events.empty()) return false;
        out.creation_date = out.events.back().event_time;
        return true;
    }

    std::uint64_t emitted() const { return emitted_; }
    const ChainOptions& options() const { return options_; }
    const MasterData& master_data() const { return md_; }
    const GroundTruth& ground_truth() const { return gt_; }

  private:
    // ---- set-up

    // One writer per enterprise, then one writing EPC URNs for the ground truth.
    void BuildWriters() {
        for (std::size_t w = 0; w <= md_.enterprises.size(); ++w) {
            const bool urn = w == md_.enterprises.size();
            const IdStyle style = urn ? IdStyle::kEpcUrn : md_.enterprises[w].id_style;
            Writer writer;
            writer.style = style;
            writer.base = style == IdStyle::kEpcUrn ? std::string_view() : kCanonicalResolver;
            for (std::size_t p = 0; p < md_.enterprises.size(); ++p) writer.parties.push_back(md_.PartyUri(p, style));
            for (std::size_t l = 0; l < md_.locations.size(); ++l) {
                writer.locations.push_back(md_.LocationUri(l, style));
                std::vector<std::string> points;
                for (const auto& rp : md_.locations[l].read_points) points.push_back(md_.LocationUri(l, style, rp));
                writer.read_points.push_back(std::move(points));
            }
            for (std::size_t p = 0; p < md_.products.size(); ++p) {
                const Product& product = md_.products[p];
                const std::string_view base = urn ? std::string_view() : md_.ProductBase(p, w);
                const std::size_t length = md_.PrefixLength(product.enterprise);
                writer.sgtin.push_back(SgtinUriPrefix(product.gtin, length, base));
                writer.lgtin.push_back(LgtinUriPrefix(product.gtin, length, base));
            }
            writers_.push_back(std::move(writer));
        }
        urn_writer_ = static_cast<std::uint32_t>(md_.enterprises.size());
    }

    void BuildNetwork() {
        for (const auto& spec : DcSpecs()) {
            DistributionCentre dc;
            dc.location = Need(md_.FindLocation(spec.dc), spec.dc);
            for (const char* s : spec.stores) dc.stores.push_back(Need(md_.FindLocation(s), s));
            if (spec.nearest_prefix != nullptr) AddNearestStores(dc, spec.nearest_prefix);
            dc.buffers.resize(dc.stores.size());
            dc_by_key_.emplace_back(spec.dc, static_cast<std::uint32_t>(dcs_.size()));
            dcs_.push_back(std::move(dc));
        }
        double total = 0;
        for (const auto& spec : FlowSpecs()) total += spec.weight;
        for (const auto& spec : FlowSpecs()) {
            Flow f;
            f.raw = Need(md_.FindProduct(spec.raw), spec.raw);
            if (spec.roasted != nullptr) f.roasted = Need(md_.FindProduct(spec.roasted), spec.roasted);
            f.unit = Need(md_.FindProduct(spec.unit), spec.unit);
            f.producer = static_cast<std::uint32_t>(md_.products[f.raw].enterprise);
            f.site = Need(md_.FindLocation(spec.site), spec.site);
            for (std::size_t l = 0; l < md_.locations.size(); ++l) {
                if (md_.locations[l].key.starts_with(spec.farm_prefix)) {
                    f.farms.push_back(static_cast<std::uint32_t>(l));
                }
            }
            f.weight = spec.weight / total;
            f.min_kg = spec.min_kg;
            f.max_kg = spec.max_kg;
            f.yield = spec.yield;
            f.per_pallet = spec.per_pallet;
            f.batch = spec.batch;
            f.shelf_days = spec.shelf_days;
            f.cold_chain = spec.cold_chain;
            f.per_pallet_shipping = spec.per_pallet_shipping;
            f.transformation_id = spec.transformation_id;
            f.split = spec.split;
            for (const auto& [key, share] : spec.dcs) {
                for (const auto& [k, index] : dc_by_key_) {
                    if (k == key) f.dcs.emplace_back(index, share);
                }
            }
            f.variety = spec.variety;
            f.standards = StringArray(md_.products[f.unit].standards);
            flows_.push_back(std::move(f));
        }
    }

    void AddNearestStores(DistributionCentre& dc, std::string_view prefix) const {
        std::vector<std::uint32_t> centres;
        for (const auto& spec : DcSpecs()) {
            if (spec.nearest_prefix != nullptr && spec.nearest_prefix == prefix) {
                centres.push_back(Need(md_.FindLocation(spec.dc), spec.dc));
            }
        }
        for (std::uint32_t l = 0; l < md_.locations.size(); ++l) {
            if (!md_.locations[l].key.starts_with(prefix)) continue;
            std::uint32_t nearest = centres.front();
            for (std::uint32_t c : centres) {
                if (DistanceKm(md_.locations[l], md_.locations[c]) <
                    DistanceKm(md_.locations[l], md_.locations[nearest])) {
                    nearest = c;
                }
            }
            if (nearest == dc.location) dc.stores.push_back(l);
        }
        if (dc.stores.empty()) throw std::logic_error("distribution centre without stores");
    }

    // ---- scheduling

    void Schedule(std::int64_t time, TaskKind kind, std::uint32_t a, std::uint32_t b = 0) {
        queue_.Push(Task{std::max(time, now_), seq_++, kind, a, b});
    }

    double HarvestSpacing(const Flow& f) const {  // minutes of harvest window between two lots
        return static_cast<double>(kHarvestSpan / kMinute) / (options_.lots_per_day * f.weight);
    }
    std::int64_t HarvestTime(const Flow& f) const {
        const auto clock = static_cast<std::int64_t>(f.harvest_clock * kMinute);
        return FromWindowClock(clock, kHarvestStart, kHarvestSpan);
    }
    std::int64_t NextDispatch(std::int64_t after) {
        std::int64_t day = LocalDay(after);
        std::int64_t t = UtcOfLocal(day, 3 * kHour + 30 * kMinute) + Minutes(0, 30);
        if (t <= after) t = UtcOfLocal(day + 1, 3 * kHour + 30 * kMinute) + Minutes(0, 30);
        return t;
    }
    std::int64_t Minutes(std::int64_t lo, std::int64_t hi) {  // a random delay, to the second
        return rng_.Between(lo * 60, hi * 60) * kSecond + rng_.Between(0, 999);
    }
    std::int64_t TransitTime(std::uint32_t from, std::uint32_t to) {
        const double km = DistanceKm(md_.locations[from], md_.locations[to]) * 1.25;
        return static_cast<std::int64_t>(km / 50.0 * kHour) + Minutes(20, 50);
    }

    // ---- identifiers

    // Serial numbers are a keyed permutation of a per-product counter (a four-round Feistel
    // network on two 5-digit halves): unique, but not guessable from a neighbour, as serialised
    // anti-counterfeiting stamps want.
    std::uint64_t SerialValue(std::uint32_t product, std::uint64_t counter) const {
        std::uint64_t left = (counter / kSerialHalf) % kSerialHalf;
        std::uint64_t right = counter % kSerialHalf;
        for (const std::uint64_t key : serial_keys_[product]) {
            std::uint64_t mix = right ^ key;
            const std::uint64_t f = Random::SplitMix64(mix) % kSerialHalf;
            const std::uint64_t next = (left + f) % kSerialHalf;
            left = right;
            right = next;
        }
        return left * kSerialHalf + right;
    }
    void AppendUnitUri(std::string& out, std::uint32_t writer, const Lot& lot, std::uint32_t index) const {
        out += writers_[writer].sgtin[lot.unit_product];
        AppendSerial(out, lot.units[index].serial);
    }
    std::string UnitUri(std::uint32_t writer, const Lot& lot, std::uint32_t index) const {
        std::string out;
        AppendUnitUri(out, writer, lot, index);
        return out;
    }
    // The next element of one of the current event's EPC lists, holding the URI of `unit`.
    void AddUnit(std::vector<std::string>& list, std::uint32_t& n, std::uint32_t writer, UnitRef unit) {
        AppendUnitUri(Slot(list, n), writer, lots_[UnitLot(unit)], UnitIndex(unit));
    }
    void AddUnit(std::vector<std::string>& list, std::uint32_t& n, std::uint32_t writer, const Lot& lot,
                 std::uint32_t index) {
        AppendUnitUri(Slot(list, n), writer, lot, index);
    }
    std::string LotUri(std::uint32_t writer, std::uint32_t product, const std::string& number) const {
        return writers_[writer].lgtin[product] + number;
    }
    std::string SsccUriOf(std::uint32_t writer, const Pallet& p) const {
        return SsccUri(p.sscc, md_.PrefixLength(p.owner), writers_[writer].base);
    }
    std::string NewSscc(std::uint32_t owner) {
        const Enterprise& e = md_.enterprises[owner];
        const std::size_t digits = 16 - e.company_prefix.size();
        std::uint64_t space = 1;
        for (std::size_t i = 0; i < digits; ++i) space *= 10;
        const std::uint64_t n = sscc_counter_[owner]++;
        const auto extension = static_cast<char>('0' + (n / space) % 10);
        return MakeSscc(extension, e.company_prefix, n % space);
    }
    std::string BizTransaction(std::uint32_t owner, std::string_view kind, std::uint64_t number) const {
        std::string out = "urn:epcglobal:cbv:bt:";
        out += md_.enterprises[owner].gln;
        out += ':';
        out += kind;
        out += '-';
        out += ZeroPad(number, 7);
        return out;
    }
    std::string Plate(std::uint32_t location) {
        std::string out(PlatePrefix(md_.locations[location].province_code));
        out += '-';
        out += ZeroPad(rng_.Between(100, 999), 3);
        out += '.';
        out += ZeroPad(rng_.Between(0, 99), 2);
        return out;
    }
    // A version 4 UUID URN from `rng`, written into `out`.
    static void WriteUuid(Random& rng, std::string& out) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::uint64_t hi = rng.Next();
        std::uint64_t lo = rng.Next();
        hi = (hi & ~0xF000ull) | 0x4000ull;                         // version 4
        lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
        char buf[45] = {'u', 'r', 'n', ':', 'u', 'u', 'i', 'd', ':'};
        std::size_t n = 9;
        for (int i = 15; i >= 0; --i) {
            buf[n++] = kHex[(hi >> (i * 4)) & 0xF];
            if (i == 8 || i == 4) buf[n++] = '-';
        }
        buf[n++] = '-';
        for (int i = 15; i >= 0; --i) {
            buf[n++] = kHex[(lo >> (i * 4)) & 0xF];
            if (i == 12) buf[n++] = '-';
        }
        out.assign(buf, n);
    }
    std::string NewUuid(Random& rng) {
        std::string out;
        WriteUuid(rng, out);
        return out;
    }

    // ---- events

    // The next event of the document. Events left in the document by the previous call are
    // reused: overwriting their strings in place saves most of the allocation work.
    Event& Begin(EventType type) {
        Event& e = used_ < out_->events.size() ? Recycle(out_->events[used_]) : out_->events.emplace_back();
        ++used_;
        current_ = &e;
        n_epc_ = n_child_ = n_output_ = 0;
        e.type = type;
        e.event_time = MakeTime(now_);
        e.event_time_zone_offset = "+07:00";
        if (options_.event_ids) {
            WriteUuid(id_rng_, e.event_id ? *e.event_id : e.event_id.emplace());
        } else {
            e.event_id.reset();
        }
        ++gt_.events_by_type[static_cast<std::size_t>(type)];
        ++emitted_;
        return e;
    }
    // Resets a used event, keeping the buffers of what every event writes again (eventID,
    // readPoint, bizStep, disposition) and of the EPC lists, which End() trims. Fields are only
    // written when set: an event is 1 KB, and clean cache lines are cheaper to leave.
    static Event& Recycle(Event& e) {
        if (!e.extension_type.empty()) e.extension_type.clear();
        if (!e.namespaces.empty()) e.namespaces.clear();
        if (e.record_time) e.record_time.reset();
        if (!e.certification_info.empty()) e.certification_info.clear();
        if (e.certification_info_is_array) e.certification_info_is_array = false;
        if (e.error_declaration) e.error_declaration.reset();
        if (e.parent_id) e.parent_id.reset();
        if (!e.quantity_list.empty()) e.quantity_list.clear();
        if (!e.child_quantity_list.empty()) e.child_quantity_list.clear();
        if (!e.input_epc_list.empty()) e.input_epc_list.clear();
        if (!e.input_quantity_list.empty()) e.input_quantity_list.clear();
        if (!e.output_quantity_list.empty()) e.output_quantity_list.clear();
        if (e.present != Event::Present{}) e.present = {};
        if (e.action) e.action.reset();
        if (e.transformation_id) e.transformation_id.reset();
        if (e.persistent_disposition) e.persistent_disposition.reset();
        if (!e.biz_transaction_list.empty()) e.biz_transaction_list.clear();
        if (!e.source_list.empty()) e.source_list.clear();
        if (!e.destination_list.empty()) e.destination_list.clear();
        if (!e.sensor_element_list.empty()) e.sensor_element_list.clear();
        if (e.ilmd) e.ilmd.reset();
        if (!e.extensions.empty()) e.extensions.clear();
        if (!e.comments.empty()) e.comments.clear();
        return e;
    }
    void End() {
        if (current_ == nullptr) return;
        Trim(current_->epc_list, n_epc_);
        Trim(current_->child_epcs, n_child_);
        Trim(current_->output_epc_list, n_output_);
        current_ = nullptr;
    }
    // Element `n` of `list`, cleared, reusing a string left there by an earlier event or a spare
    // one; `n` advances.
    std::string& Slot(std::vector<std::string>& list, std::uint32_t& n) {
        if (n < list.size()) {
            std::string& s = list[n++];
            s.clear();
            return s;
        }
        ++n;
        if (spare_.empty()) return list.emplace_back();
        list.push_back(std::move(spare_.back()));
        spare_.pop_back();
        list.back().clear();
        return list.back();
    }
    // Cuts `list` to `n` elements, keeping the strings cut off (and their buffers) as spares.
    void Trim(std::vector<std::string>& list, std::uint32_t n) {
        while (list.size() > n) {
            if (spare_.size() < kMaxSpareStrings) spare_.push_back(std::move(list.back()));
            list.pop_back();
        }
    }
    void Where(Event& e, const std::string& read_point, const std::string* biz_location) {
        if (!e.read_point) e.read_point.emplace();
        e.read_point->id.assign(read_point);
        e.read_point->extensions.clear();
        if (biz_location == nullptr) {
            e.biz_location.reset();
            return;
        }
        if (!e.biz_location) e.biz_location.emplace();
        e.biz_location->id.assign(*biz_location);
        e.biz_location->extensions.clear();
    }
    void Parties(Event& e, std::uint32_t writer, std::uint32_t from_party, std::uint32_t from_loc,
                 std::uint32_t to_party, std::uint32_t to_loc) {
        const Writer& w = writers_[writer];
        e.source_list = {{"owning_party", w.parties[from_party]},
                         {"possessing_party", w.parties[from_party]},
                         {"location", w.locations[from_loc]}};
        e.destination_list = {{"owning_party", w.parties[to_party]},
                              {"possessing_party", w.parties[to_party]},
                              {"location", w.locations[to_loc]}};
        e.present.source_list = true;
        e.present.destination_list = true;
    }
    void Transactions(Event& e, std::uint32_t buyer, std::uint64_t po, std::uint32_t seller, std::uint64_t desadv) {
        e.biz_transaction_list = {{std::string("po"), BizTransaction(buyer, "PO", po)},
                                  {std::string("desadv"), BizTransaction(seller, "DESADV", desadv)}};
        e.present.biz_transaction_list = true;
    }
    const std::string& ReadPoint(std::uint32_t writer, std::uint32_t location, std::size_t index) const {
        const auto& points = writers_[writer].read_points[location];
        return index < points.size() ? points[index] : writers_[writer].locations[location];
    }
    std::uint32_t Owner(std::uint32_t location) const {
        return static_cast<std::uint32_t>(md_.locations[location].enterprise);
    }
    bool IsDc(std::uint32_t location) const {
        const auto kind = md_.locations[location].kind;
        return kind == LocationKind::kDistributionCentre || kind == LocationKind::kColdStore;
    }
    bool IsStore(std::uint32_t location) const { return md_.locations[location].kind == LocationKind::kRetailStore; }

    // ---- the tasks

    void Run(const Task& t) {
        switch (t.kind) {
            case TaskKind::kHarvest:
                return Harvest(t.a);
            case TaskKind::kBulkShip:
                return BulkShip(t.a);
            case TaskKind::kBulkReceive:
                return BulkReceive(t.a);
            case TaskKind::kRoast:
                return Roast(t.a);
            case TaskKind::kPackBatch:
                return PackBatch(t.a, t.b);
            case TaskKind::kAggregate:
                return Aggregate(t.a);
            case TaskKind::kShip:
                return Ship(t.a, t.b);
            case TaskKind::kSensor:
                return Sensor(t.a, t.b);
            case TaskKind::kReceive:
                return Receive(t.a);
            case TaskKind::kUnpack:
                return Unpack(t.a);
            case TaskKind::kDispatch:
                return Dispatch(t.a);
            case TaskKind::kSale:
                return Sale(t.a);
            case TaskKind::kRecall:
                return Recall(t.a);
            case TaskKind::kWithdraw:
                return Withdraw(t.a);
        }
    }

    std::string NewLotNumber(Flow& f, std::uint32_t product) {
        const std::int64_t day = LocalDay(now_);
        if (day != f.lot_day) {
            f.lot_day = day;
            f.lot_seq = 0;
        }
        ++f.lot_seq;
        // Green and roasted coffee share the counter but not the letters (CN, CR): still unique.
        return md_.products[product].lot_code_prefix + CompactDate(now_) + ZeroPad(f.lot_seq, 3);
    }

    std::uint32_t NewGroundTruthLot(const Lot& lot) {
        if (!options_.collect_ground_truth) return 0;
        GroundTruth::Lot g;
        g.product = lot.product;
        g.lot_number = lot.number;
        g.lot_class = LgtinUri(md_.products[lot.product].gtin, md_.PrefixLength(md_.products[lot.product].enterprise),
                               lot.number, "");
        g.origin = lot.origin;
        g.created_unix_ms = lot.created;
        gt_.lots.push_back(std::move(g));
        return static_cast<std::uint32_t>(gt_.lots.size() - 1);
    }

    void Harvest(std::uint32_t flow_index) {
        Flow& f = flows_[flow_index];
        const std::uint32_t writer = f.producer;
        const std::uint32_t farm = f.farms[rng_.Below(f.farms.size())];
        const Location& site = md_.locations[farm];
        const Product& product = md_.products[f.raw];

        Lot lot;
        lot.flow = flow_index;
        lot.product = f.raw;
        lot.unit_product = f.roasted == kNone ? f.unit : kNone;
        lot.number = NewLotNumber(f, f.raw);
        lot.kg = Round1(rng_.Uniform(f.min_kg, f.max_kg));
        lot.created = now_;
        lot.harvested = now_;
        lot.origin = farm;
        lot.recall_candidate = f.cold_chain && f.lots_made == kRecalledShrimpLot;
        ++f.lots_made;
        if (options_.collect_ground_truth) lot.gt = NewGroundTruthLot(lot);
        const std::uint32_t id = lots_.Add(std::move(lot));
        Lot& l = lots_[id];

        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kAdd;
        e.quantity_list.push_back({LotUri(writer, l.product, l.number), l.kg, std::string("KGM")});
        e.present.quantity_list = true;
        e.biz_step = "commissioning";
        e.disposition = "active";
        Where(e, writers_[writer].locations[farm], &writers_[writer].locations[farm]);
        epcis::Extensions ilmd;
        ilmd.push_back(Mda("harvestStartDate", IsoDate(now_)));
        ilmd.push_back(Mda("bestBeforeDate", IsoDate(now_ + product.shelf_life_days * kDay)));
        ilmd.push_back(Mda("countryOfOrigin", "VN"));
        ilmd.push_back(Txng("growingAreaCode", site.area_code));
        ilmd.push_back(Txng("growingArea", site.name_vi));
        ilmd.push_back(Txng("provinceCode", site.province_code));
        if (const Province* p = FindProvince(site.province_code)) {
            ilmd.push_back(Txng("provinceName", std::string(p->name_vi)));
        }
        ilmd.push_back(Txng("variety", f.variety));
        if (product.sector == "meat") {
            ilmd.push_back(
                Txng("headCount", std::to_string(static_cast<int>(l.kg / 105.0) + 1), ExtensionValue::Kind::kNumber));
        }
        ExtensionField standards = Txng("standards", {});
        standards.value = f.standards;
        ilmd.push_back(std::move(standards));
        e.ilmd = std::move(ilmd);

        Schedule(now_ + Minutes(90, 180), TaskKind::kBulkShip, id);
        f.harvest_clock += HarvestSpacing(f) * rng_.Uniform(0.6, 1.4);
        Schedule(HarvestTime(f), TaskKind::kHarvest, flow_index);
    }

    void BulkShip(std::uint32_t id) {
        Lot& l = lots_[id];
        const Flow& f = flows_[l.flow];
        const std::uint32_t writer = f.producer;
        l.po = po_counter_[writer]++;
        l.desadv = desadv_counter_[writer]++;
        l.plate = Plate(l.origin);
        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        e.quantity_list.push_back({LotUri(writer, l.product, l.number), l.kg, std::string("KGM")});
        e.present.quantity_list = true;
        e.biz_step = "shipping";
        e.disposition = "in_transit";
        Where(e, writers_[writer].locations[l.origin], nullptr);
        Transactions(e, writer, l.po, writer, l.desadv);
        Parties(e, writer, writer, l.origin, writer, f.site);
        e.extensions.push_back(Txng("vehiclePlate", l.plate));
        Schedule(now_ + TransitTime(l.origin, f.site), TaskKind::kBulkReceive, id);
    }

    void BulkReceive(std::uint32_t id) {
        Lot& l = lots_[id];
        Flow& f = flows_[l.flow];
        const std::uint32_t writer = f.producer;
        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        e.quantity_list.push_back({LotUri(writer, l.product, l.number), l.kg, std::string("KGM")});
        e.present.quantity_list = true;
        e.biz_step = "receiving";
        e.disposition = "in_progress";
        Where(e, writers_[writer].locations[f.site], &writers_[writer].locations[f.site]);
        Transactions(e, writer, l.po, writer, l.desadv);
        Parties(e, writer, writer, l.origin, writer, f.site);
        if (f.roasted == kNone) {
            Schedule(now_ + Minutes(60, 120), TaskKind::kPackBatch, id, 0);
            return;
        }
        f.green_queue.push_back(id);
        if (f.green_queue.size() >= kRoastInputs) {
            const std::uint32_t batch = roasts_.Add(RoastBatch{std::move(f.green_queue)});
            f.green_queue.clear();
            Schedule(now_ + Minutes(120, 240), TaskKind::kRoast, batch);
        }
    }

    void Roast(std::uint32_t batch_id) {
        const std::vector<std::uint32_t> inputs = std::move(roasts_[batch_id].inputs);
        roasts_.Release(batch_id);
        const std::uint32_t flow_index = lots_[inputs.front()].flow;
        Flow& f = flows_[flow_index];
        const std::uint32_t writer = f.producer;

        Lot lot;
        lot.flow = flow_index;
        lot.product = f.roasted;
        lot.unit_product = f.unit;
        lot.number = NewLotNumber(f, f.roasted);
        lot.created = now_;
        lot.origin = f.site;
        double green_kg = 0;
        for (std::uint32_t in : inputs) {
            green_kg += lots_[in].kg;
            lot.harvested = std::max(lot.harvested, lots_[in].harvested);
        }
        lot.kg = Round1(green_kg * kRoastYield);
        lot.transformation_id = NewUuid(rng_);
        if (options_.collect_ground_truth) lot.gt = NewGroundTruthLot(lot);
        const std::uint32_t id = lots_.Add(std::move(lot));
        Lot& l = lots_[id];

        Event& e = Begin(EventType::kTransformationEvent);
        for (std::uint32_t in : inputs) {
            const Lot& g = lots_[in];
            e.input_quantity_list.push_back({LotUri(writer, g.product, g.number), g.kg, std::string("KGM")});
        }
        e.present.input_quantity_list = true;
        e.output_quantity_list.push_back({LotUri(writer, l.product, l.number), l.kg, std::string("KGM")});
        e.present.output_quantity_list = true;
        e.transformation_id = l.transformation_id;
        e.biz_step = "commissioning";
        e.disposition = "active";
        Where(e, writers_[writer].locations[f.site], &writers_[writer].locations[f.site]);
        epcis::Extensions ilmd;
        ilmd.push_back(Mda("lotNumber", l.number));
        ilmd.push_back(Mda("bestBeforeDate", IsoDate(now_ + md_.products[l.product].shelf_life_days * kDay)));
        ilmd.push_back(Txng("productionDate", IsoDate(now_)));
        ilmd.push_back(Txng("roastLevel", rng_.Chance(0.5) ? "medium" : "medium_dark"));
        e.ilmd = std::move(ilmd);

        for (std::uint32_t in : inputs) {
            Lot& g = lots_[in];
            if (g.gt >= 0 && l.gt >= 0) {
                gt_.lots[static_cast<std::size_t>(g.gt)].transformed_into =
                    gt_.lots[static_cast<std::size_t>(l.gt)].lot_class;
                gt_.lots[static_cast<std::size_t>(l.gt)].input_lots.push_back(
                    gt_.lots[static_cast<std::size_t>(g.gt)].lot_class);
            }
            g.in_production = false;
            MaybeRelease(in);
        }
        Schedule(now_ + Minutes(180, 360), TaskKind::kPackBatch, id, 0);
    }

    void PackBatch(std::uint32_t id, std::uint32_t batch) {
        Lot& l = lots_[id];
        const Flow& f = flows_[l.flow];
        const std::uint32_t writer = f.producer;
        const Product& unit = md_.products[l.unit_product];
        if (batch == 0) {
            l.unit_count = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(l.kg * f.yield / unit.net_kg));
            l.batch_count = (l.unit_count + f.batch - 1) / f.batch;
            l.first_serial = serial_counter_[l.unit_product];
            serial_counter_[l.unit_product] += l.unit_count;
            l.units.assign(l.unit_count, UnitState{});
            for (std::uint32_t i = 0; i < l.unit_count; ++i) {
                l.units[i].serial = SerialValue(l.unit_product, l.first_serial + i);
            }
            l.live_units = l.unit_count;
            if (l.transformation_id.empty() && f.transformation_id) l.transformation_id = NewUuid(rng_);
            if (l.gt >= 0) gt_.lots[static_cast<std::size_t>(l.gt)].unit_product = l.unit_product;
        }
        const std::uint32_t first = batch * f.batch;
        const std::uint32_t last = std::min(l.unit_count, first + f.batch);
        if (l.gt >= 0) {  // items enter the ground truth as their batch is commissioned
            auto& items = gt_.lots[static_cast<std::size_t>(l.gt)].items;
            for (std::uint32_t i = first; i < last; ++i)
                items.push_back({UnitUri(urn_writer_, l, i), {}, {}, {}, 0, {}});
        }

        Event& e = Begin(EventType::kTransformationEvent);
        const double kg_in = Round1((last - first) * unit.net_kg / f.yield);
        e.input_quantity_list.push_back({LotUri(writer, l.product, l.number), kg_in, std::string("KGM")});
        e.present.input_quantity_list = true;
        e.output_epc_list.reserve(last - first);
        for (std::uint32_t i = first; i < last; ++i) AddUnit(e.output_epc_list, n_output_, writer, l, i);
        e.present.output_epc_list = true;
        if (f.transformation_id) e.transformation_id = l.transformation_id;
        e.biz_step = "commissioning";
        e.disposition = "active";
        Where(e, writers_[writer].locations[f.site], &writers_[writer].locations[f.site]);
        epcis::Extensions ilmd;
        ilmd.push_back(Mda("lotNumber", l.number));
        ilmd.push_back(Mda("bestBeforeDate", IsoDate(now_ + unit.shelf_life_days * kDay)));
        if (f.roasted == kNone) ilmd.push_back(Mda("harvestStartDate", IsoDate(l.harvested)));
        ilmd.push_back(Mda("countryOfOrigin", "VN"));
        ilmd.push_back(Txng("productionDate", IsoDate(now_)));
        ExtensionField standards = Txng("standards", {});
        standards.value = f.standards;
        ilmd.push_back(std::move(standards));
        e.ilmd = std::move(ilmd);

        if (batch + 1 < l.batch_count) {
            Schedule(now_ + Minutes(20, 40), TaskKind::kPackBatch, id, batch + 1);
            return;
        }
        // All units made: palletise and ship to one distribution centre, or (split flows) each
        // pallet to the centre furthest below its share so far, one shipment per centre.
        l.in_production = false;
        std::vector<std::uint32_t> centres;  // per pallet, an index into f.dcs
        const std::uint32_t pallets = (l.unit_count + f.per_pallet - 1) / f.per_pallet;
        if (f.split) {
            std::vector<std::uint32_t> given(f.dcs.size(), 0);
            for (std::uint32_t k = 0; k < pallets; ++k) {
                std::size_t best = 0;
                double best_gap = -1e9;
                for (std::size_t d = 0; d < f.dcs.size(); ++d) {
                    const double gap = f.dcs[d].second * (k + 1) - given[d];
                    if (gap > best_gap) {
                        best_gap = gap;
                        best = d;
                    }
                }
                ++given[best];
                centres.push_back(static_cast<std::uint32_t>(best));
            }
        } else {
            double pick = rng_.Unit();
            std::size_t chosen = f.dcs.size() - 1;
            for (std::size_t d = 0; d < f.dcs.size(); ++d) {
                if (pick < f.dcs[d].second) {
                    chosen = d;
                    break;
                }
                pick -= f.dcs[d].second;
            }
            centres.assign(pallets, static_cast<std::uint32_t>(chosen));
        }
        std::vector<std::uint32_t> shipment_of(f.dcs.size(), kNone);
        std::vector<std::uint32_t> order;  // shipments, in order of their first pallet
        std::int64_t t = now_ + Minutes(15, 30);
        for (std::uint32_t k = 0; k < pallets; ++k) {
            const std::uint32_t dc = f.dcs[centres[k]].first;
            if (shipment_of[centres[k]] == kNone) {
                Shipment s;
                s.from = f.site;
                s.to = dcs_[dc].location;
                s.shipper = writer;
                s.receiver = Owner(s.to);
                s.per_pallet = f.per_pallet_shipping;
                s.recall_lot = l.recall_candidate ? id : kNone;
                if (f.cold_chain) {  // the truck's data logger
                    s.device = GiaiUri(md_.enterprises[writer].company_prefix, "TL" + ZeroPad(rng_.Between(1, 40), 4),
                                       writers_[writer].base);
                }
                shipment_of[centres[k]] = shipments_.Add(std::move(s));
                order.push_back(shipment_of[centres[k]]);
                if (l.gt >= 0)
                    gt_.lots[static_cast<std::size_t>(l.gt)].distribution_centres.push_back(dcs_[dc].location);
            }
            Pallet p;
            p.sscc = NewSscc(writer);
            p.owner = writer;
            p.location = f.site;
            const std::uint32_t first_unit = k * f.per_pallet;
            const std::uint32_t end = std::min(l.unit_count, first_unit + f.per_pallet);
            const std::uint32_t pid = AddPallet(std::move(p));
            for (std::uint32_t i = first_unit; i < end; ++i) {
                pallets_[pid].units.push_back(MakeUnit(id, i));
                Place(l.units[i], UnitStatus::kOnPallet, f.site, pid);
                if (l.gt >= 0)
                    gt_.lots[static_cast<std::size_t>(l.gt)].items[i].distribution_centre = dcs_[dc].location;
            }
            shipments_[shipment_of[centres[k]]].pallets.push_back(pid);
            Schedule(t, TaskKind::kAggregate, pid);
            t += Minutes(4, 8);
        }
        for (const std::uint32_t sid : order) Schedule(t + Minutes(30, 120), TaskKind::kShip, sid, 0);
    }

    std::uint32_t AddPallet(Pallet p) { return pallets_.Add(std::move(p)); }

    void Aggregate(std::uint32_t pid) {
        Pallet& p = pallets_[pid];
        const std::uint32_t writer = p.owner;
        Event& e = Begin(EventType::kAggregationEvent);
        e.action = epcis::Action::kAdd;
        e.parent_id = SsccUriOf(writer, p);
        e.child_epcs.reserve(p.units.size());
        for (UnitRef u : p.units) AddUnit(e.child_epcs, n_child_, writer, u);
        e.present.child_epcs = true;
        e.biz_step = "packing";
        e.disposition = "in_progress";
        const std::string& rp =
            IsDc(p.location) ? ReadPoint(writer, p.location, 1) : writers_[writer].locations[p.location];
        Where(e, rp, &writers_[writer].locations[p.location]);
        if (options_.collect_ground_truth) {
            const std::string sscc = SsccUri(p.sscc, md_.PrefixLength(p.owner), "");
            for (UnitRef u : p.units) {
                const Lot& l = lots_[UnitLot(u)];
                if (l.gt < 0) continue;
                auto& g = gt_.lots[static_cast<std::size_t>(l.gt)];
                g.items[UnitIndex(u)].ssccs.push_back(sscc);
                if (std::find(g.ssccs.begin(), g.ssccs.end(), sscc) == g.ssccs.end()) g.ssccs.push_back(sscc);
            }
        }
    }

    void Ship(std::uint32_t sid, std::uint32_t pallet_index) {
        Shipment& s = shipments_[sid];
        const std::uint32_t writer = s.shipper;
        if (pallet_index == 0) {
            s.po = po_counter_[s.receiver]++;
            s.desadv = desadv_counter_[s.shipper]++;
            s.plate = Plate(s.from);
        }
        const std::string& rp = IsDc(s.from) ? ReadPoint(writer, s.from, 1) : writers_[writer].locations[s.from];
        if (s.per_pallet) {
            const Pallet& p = pallets_[s.pallets[pallet_index]];
            Event& e = Begin(EventType::kAggregationEvent);
            e.action = epcis::Action::kObserve;
            e.parent_id = SsccUriOf(writer, p);
            for (UnitRef u : p.units) AddUnit(e.child_epcs, n_child_, writer, u);
            e.present.child_epcs = true;
            FinishShipping(e, s, rp);
            if (pallet_index + 1 < s.pallets.size()) {
                Schedule(now_ + Minutes(2, 4), TaskKind::kShip, sid, pallet_index + 1);
                return;
            }
        } else {
            Event& e = Begin(EventType::kObjectEvent);
            e.action = epcis::Action::kObserve;
            for (std::uint32_t pid : s.pallets) Slot(e.epc_list, n_epc_) = SsccUriOf(writer, pallets_[pid]);
            e.present.epc_list = true;
            FinishShipping(e, s, rp);
        }
        s.departure = now_;
        s.arrival = now_ + TransitTime(s.from, s.to);
        if (s.device.empty()) {
            Schedule(s.arrival, TaskKind::kReceive, sid);
            return;
        }
        // Cold chain: a reading every two hours or so, at most 16 on the long haul north.
        const std::int64_t hours = (s.arrival - s.departure) / kHour;
        s.readings = static_cast<std::uint32_t>(std::clamp<std::int64_t>(hours / 2, 2, 16));
        if (s.recall_lot != kNone) {
            s.excursion = static_cast<std::int32_t>(s.readings / 2);
            s.severe_excursion = true;
        } else if (rng_.Chance(0.1)) {
            s.excursion = static_cast<std::int32_t>(rng_.Below(s.readings));
        }
        for (std::uint32_t k = 0; k < s.readings; ++k) {
            Schedule(s.departure + (s.arrival - s.departure) * (k + 1) / (s.readings + 1), TaskKind::kSensor, sid, k);
        }
        Schedule(s.arrival, TaskKind::kReceive, sid);
    }

    void FinishShipping(Event& e, const Shipment& s, const std::string& read_point) {
        e.biz_step = "shipping";
        e.disposition = "in_transit";
        Where(e, read_point, nullptr);
        Transactions(e, s.receiver, s.po, s.shipper, s.desadv);
        Parties(e, s.shipper, s.shipper, s.from, s.receiver, s.to);
        e.extensions.push_back(Txng("vehiclePlate", s.plate));
    }

    void Sensor(std::uint32_t sid, std::uint32_t k) {
        const Shipment& s = shipments_[sid];
        const std::uint32_t writer = s.shipper;
        const Location& a = md_.locations[s.from];
        const Location& b = md_.locations[s.to];
        const double frac = static_cast<double>(k + 1) / (s.readings + 1);
        const std::int64_t interval = (s.arrival - s.departure) / (s.readings + 1);

        // A working reefer holds -20 to -22 °C; one excursion per affected shipment breaks -18 °C.
        double mean = rng_.Uniform(-22.0, -20.0);
        double low = mean - rng_.Uniform(0.3, 1.2);
        double high = mean + rng_.Uniform(0.3, 1.0);
        if (static_cast<std::int32_t>(k) == s.excursion) {
            high = s.severe_excursion ? rng_.Uniform(-11.0, -8.5) : rng_.Uniform(-16.5, -14.5);
            mean = (mean + high) / 2;
        }
        const double last = rng_.Uniform(mean - 0.3, std::min(high, mean + 0.3));

        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        for (std::uint32_t pid : s.pallets) Slot(e.epc_list, n_epc_) = SsccUriOf(writer, pallets_[pid]);
        e.present.epc_list = true;
        e.biz_step = "sensor_reporting";
        e.disposition = "in_transit";
        const std::string geo = "geo:" + FormatNumber(a.latitude + (b.latitude - a.latitude) * frac, "%.5f") + "," +
                                FormatNumber(a.longitude + (b.longitude - a.longitude) * frac, "%.5f");
        Where(e, geo, nullptr);
        epcis::SensorElement element;
        epcis::SensorMetadata meta;
        meta.time = MakeTime(now_);
        meta.start_time = MakeTime(now_ - interval);
        meta.end_time = MakeTime(now_);
        meta.device_id = s.device;
        meta.device_metadata = md_.enterprises[writer].website + "/thiet-bi/data-logger-tl";
        meta.biz_rules = std::string(kTxngNamespace) + "rules/frozen-seafood-18C";
        element.sensor_metadata = std::move(meta);
        epcis::SensorReport temperature;
        temperature.type = "Temperature";
        temperature.value = Round1(last);
        temperature.min_value = Round1(low);
        temperature.max_value = Round1(high);
        temperature.mean_value = Round1(mean);
        temperature.uom = "CEL";
        if (high > kFrozenLimit) temperature.exception = "ALARM_CONDITION";
        element.sensor_reports.push_back(std::move(temperature));
        epcis::SensorReport humidity;
        humidity.type = "RelativeHumidity";
        humidity.value = Round1(rng_.Uniform(78, 92));
        humidity.uom = "P1";
        element.sensor_reports.push_back(std::move(humidity));
        e.sensor_element_list.push_back(std::move(element));
        e.present.sensor_element_list = true;
    }

    void Receive(std::uint32_t sid) {
        Shipment s = std::move(shipments_[sid]);
        shipments_.Release(sid);
        const std::uint32_t writer = s.receiver;
        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        for (std::uint32_t pid : s.pallets) Slot(e.epc_list, n_epc_) = SsccUriOf(writer, pallets_[pid]);
        e.present.epc_list = true;
        e.biz_step = "receiving";
        e.disposition = "in_progress";
        Where(e, ReadPoint(writer, s.to, 0), &writers_[writer].locations[s.to]);
        Transactions(e, s.receiver, s.po, s.shipper, s.desadv);
        Parties(e, writer, s.shipper, s.from, s.receiver, s.to);
        std::int64_t t = now_ + Minutes(20, 60);
        for (std::uint32_t pid : s.pallets) {
            pallets_[pid].location = s.to;
            Schedule(t, TaskKind::kUnpack, pid);
            t += Minutes(3, 8);
        }
        if (s.recall_lot != kNone) {
            ++lots_[s.recall_lot].pending;
            Schedule(now_ + kRecallDelay, TaskKind::kRecall, s.recall_lot);
        }
    }

    void Unpack(std::uint32_t pid) {
        Pallet p = std::move(pallets_[pid]);
        pallets_.Release(pid);
        const std::uint32_t writer = Owner(p.location);
        const bool store = IsStore(p.location);
        Event& e = Begin(EventType::kAggregationEvent);
        e.action = epcis::Action::kDelete;
        e.parent_id = SsccUriOf(writer, p);
        e.child_epcs.reserve(p.units.size());
        for (UnitRef u : p.units) AddUnit(e.child_epcs, n_child_, writer, u);
        e.present.child_epcs = true;
        e.biz_step = "unpacking";
        e.disposition = store ? "sellable_accessible" : "in_progress";
        Where(e, ReadPoint(writer, p.location, 0), &writers_[writer].locations[p.location]);

        // Units of a recalled lot are set aside here, where they are first handled loose.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> withdrawals;  // lot, withdrawal
        std::vector<UnitRef> kept;
        kept.reserve(p.units.size());
        for (UnitRef u : p.units) {
            Lot& l = lots_[UnitLot(u)];
            if (!l.recalled) {
                kept.push_back(u);
                continue;
            }
            std::uint32_t withdrawal = kNone;
            for (const auto& [lot, wid] : withdrawals) {
                if (lot == UnitLot(u)) withdrawal = wid;
            }
            if (withdrawal == kNone) {
                withdrawal = withdrawals_.Add(Withdrawal{p.location, UnitLot(u), {}});
                withdrawals.emplace_back(UnitLot(u), withdrawal);
                ++l.pending;
                Schedule(now_ + Minutes(8, 15), TaskKind::kWithdraw, withdrawal);
            }
            withdrawals_[withdrawal].units.push_back(UnitIndex(u));
            l.units[UnitIndex(u)].status = UnitStatus::kRecalled;
            --l.live_units;
        }
        if (store) {
            Shelve(p.location, kept);
        } else {
            Buffer(p.location, kept);
        }
    }

    DistributionCentre& DcAt(std::uint32_t location) {
        for (auto& dc : dcs_) {
            if (dc.location == location) return dc;
        }
        throw std::logic_error("not a distribution centre");
    }

    // Loose units at a distribution centre wait, per store, for the next dispatch; consecutive
    // units go to the same store in small runs so that each store pallet mixes several lots.
    void Buffer(std::uint32_t location, const std::vector<UnitRef>& units) {
        DistributionCentre& dc = DcAt(location);
        for (std::size_t i = 0; i < units.size(); ++i) {
            if (i % kBufferChunk == 0) dc.next_store = (dc.next_store + 1) % dc.stores.size();
            const UnitRef u = units[i];
            dc.buffers[dc.next_store].push_back(u);
            Place(lots_[UnitLot(u)].units[UnitIndex(u)], UnitStatus::kInBuffer, location, dc.next_store);
        }
    }

    void Dispatch(std::uint32_t dc_index) {
        DistributionCentre& dc = dcs_[dc_index];
        const std::uint32_t writer = Owner(dc.location);
        std::int64_t t = now_ + Minutes(5, 15);
        for (std::size_t s = 0; s < dc.stores.size(); ++s) {
            std::vector<UnitRef>& buffer = dc.buffers[s];
            if (buffer.empty()) continue;
            Shipment ship;
            ship.from = dc.location;
            ship.to = dc.stores[s];
            ship.shipper = writer;
            ship.receiver = Owner(ship.to);
            for (std::size_t first = 0; first < buffer.size(); first += kStorePalletUnits) {
                Pallet p;
                p.sscc = NewSscc(writer);
                p.owner = writer;
                p.location = dc.location;
                const std::size_t end = std::min(buffer.size(), first + kStorePalletUnits);
                p.units.assign(buffer.begin() + static_cast<std::ptrdiff_t>(first),
                               buffer.begin() + static_cast<std::ptrdiff_t>(end));
                const std::uint32_t pid = AddPallet(std::move(p));
                for (UnitRef u : pallets_[pid].units) {
                    Place(lots_[UnitLot(u)].units[UnitIndex(u)], UnitStatus::kOnPallet, dc.location, pid);
                }
                ship.pallets.push_back(pid);
                Schedule(t, TaskKind::kAggregate, pid);
                t += Minutes(3, 6);
            }
            buffer.clear();
            const std::uint32_t sid = shipments_.Add(std::move(ship));
            Schedule(t + Minutes(15, 40), TaskKind::kShip, sid, 0);
        }
        Schedule(NextDispatch(now_ + kHour), TaskKind::kDispatch, dc_index);
    }

    // Units on a store shelf: sold one to three at a time (same product), over the product's
    // shelf window, in opening hours.
    void Shelve(std::uint32_t store, const std::vector<UnitRef>& units) {
        const std::int64_t open = ToWindowClock(now_, kStoreOpen, kStoreSpan);
        std::size_t i = 0;
        while (i < units.size()) {
            const Lot& first = lots_[UnitLot(units[i])];
            const std::uint32_t product = first.unit_product;
            const std::uint64_t roll = rng_.Below(10);
            const std::uint32_t want = roll < 6 ? 1 : (roll < 9 ? 2 : 3);
            SaleGroup g;
            g.store = store;
            while (g.size < want && i < units.size() && lots_[UnitLot(units[i])].unit_product == product) {
                g.units[g.size++] = units[i++];
            }
            const std::int64_t window = static_cast<std::int64_t>(flows_[first.flow].shelf_days) * kStoreSpan;
            const std::int64_t at =
                FromWindowClock(open + 30 * kMinute + rng_.Between(0, window), kStoreOpen, kStoreSpan);
            const std::uint32_t gid = sales_.Add(g);
            for (std::uint32_t k = 0; k < g.size; ++k) {
                const UnitRef u = g.units[k];
                Place(lots_[UnitLot(u)].units[UnitIndex(u)], UnitStatus::kOnShelf, store, gid);
            }
            Schedule(at, TaskKind::kSale, gid);
        }
    }

    void Sale(std::uint32_t gid) {
        const SaleGroup g = sales_[gid];
        sales_.Release(gid);
        if (g.size == 0) return;  // everything in it was recalled
        const std::uint32_t writer = Owner(g.store);
        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        for (std::uint32_t k = 0; k < g.size; ++k) AddUnit(e.epc_list, n_epc_, writer, g.units[k]);
        e.present.epc_list = true;
        e.biz_step = "retail_selling";
        e.disposition = "retail_sold";
        Where(e, ReadPoint(writer, g.store, 1 + rng_.Below(4)), &writers_[writer].locations[g.store]);
        for (std::uint32_t k = 0; k < g.size; ++k) {
            const UnitRef u = g.units[k];
            Lot& l = lots_[UnitLot(u)];
            l.units[UnitIndex(u)].status = UnitStatus::kSold;
            --l.live_units;
            if (l.gt >= 0) {
                auto& lot = gt_.lots[static_cast<std::size_t>(l.gt)];
                auto& item = lot.items[UnitIndex(u)];
                item.sold_at = g.store;
                item.sold_unix_ms = now_;
                if (std::find(lot.stores.begin(), lot.stores.end(), g.store) == lot.stores.end()) {
                    lot.stores.push_back(g.store);
                }
            }
            MaybeRelease(UnitLot(u));
        }
    }

    void Recall(std::uint32_t id) {
        Lot& l = lots_[id];
        --l.pending;
        l.recalled = true;
        const Flow& f = flows_[l.flow];
        const std::uint32_t writer = f.producer;
        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        e.epc_list.reserve(l.unit_count);
        for (std::uint32_t i = 0; i < l.unit_count; ++i) AddUnit(e.epc_list, n_epc_, writer, l, i);
        e.present.epc_list = true;
        e.quantity_list.push_back({LotUri(writer, l.unit_product, l.number), std::nullopt, std::nullopt});
        e.present.quantity_list = true;
        e.biz_step = "holding";
        e.disposition = "recalled";
        e.persistent_disposition = epcis::PersistentDisposition{{"recalled"}, {}};
        // A notice, recorded at the processor about units wherever they are: no bizLocation (in
        // CBV that is where the objects are after the event, and most of them are elsewhere).
        Where(e, writers_[writer].locations[f.site], nullptr);
        e.extensions.push_back(Txng("recallReason",
                                    "Nhiệt độ bảo quản vượt ngưỡng -18 °C trong vận chuyển / Storage temperature above "
                                    "-18 °C in transit"));
        e.extensions.push_back(Txng("recallNotice", "TH-" + l.number));
        if (l.gt >= 0) {
            gt_.recalled_lot = static_cast<std::size_t>(l.gt);
            gt_.recall_unix_ms = now_;
        }

        // Withdraw the loose units wherever they are; units on pallets are withdrawn at unpacking.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> by_location;  // location, withdrawal
        for (std::uint32_t i = 0; i < l.unit_count; ++i) {
            UnitState& u = l.units[i];
            if (u.status != UnitStatus::kInBuffer && u.status != UnitStatus::kOnShelf) continue;
            if (u.status == UnitStatus::kInBuffer) {
                auto& buffer = DcAt(u.where).buffers[u.container];
                buffer.erase(std::find(buffer.begin(), buffer.end(), MakeUnit(id, i)));
            } else {
                SaleGroup& g = sales_[u.container];
                g.size = static_cast<std::uint32_t>(std::remove(g.units, g.units + g.size, MakeUnit(id, i)) - g.units);
            }
            std::uint32_t w = kNone;
            for (const auto& [loc, wid] : by_location) {
                if (loc == u.where) w = wid;
            }
            if (w == kNone) {
                w = withdrawals_.Add(Withdrawal{u.where, id, {}});
                by_location.emplace_back(u.where, w);
            }
            withdrawals_[w].units.push_back(i);
            u.status = UnitStatus::kRecalled;
            --l.live_units;
        }
        std::int64_t t = now_ + Minutes(20, 30);
        for (const auto& [loc, wid] : by_location) {
            ++l.pending;
            Schedule(t, TaskKind::kWithdraw, wid);
            t += Minutes(5, 15);
        }
    }

    void Withdraw(std::uint32_t wid) {
        const Withdrawal w = std::move(withdrawals_[wid]);
        withdrawals_.Release(wid);
        Lot& l = lots_[w.lot];
        const std::uint32_t writer = Owner(w.location);
        Event& e = Begin(EventType::kObjectEvent);
        e.action = epcis::Action::kObserve;
        for (std::uint32_t i : w.units) AddUnit(e.epc_list, n_epc_, writer, l, i);
        e.present.epc_list = true;
        e.biz_step = "holding";
        e.disposition = "recalled";
        e.persistent_disposition = epcis::PersistentDisposition{{"recalled"}, {}};
        Where(e, writers_[writer].locations[w.location], &writers_[writer].locations[w.location]);
        e.extensions.push_back(Txng("recallNotice", "TH-" + l.number));
        if (l.gt >= 0) {
            auto& lot = gt_.lots[static_cast<std::size_t>(l.gt)];
            for (std::uint32_t i : w.units) lot.items[i].recalled_at = w.location;
        }
        --l.pending;
        MaybeRelease(w.lot);
    }

    void MaybeRelease(std::uint32_t id) {
        const Lot& l = lots_[id];
        if (!l.in_production && l.live_units == 0 && l.pending == 0) lots_.Release(id);
    }

    ChainOptions options_;
    const MasterData& md_;
    Random rng_;
    Random id_rng_;  // separate, so that switching event IDs off changes nothing else
    std::vector<Writer> writers_;
    std::uint32_t urn_writer_ = 0;
    std::vector<Flow> flows_;
    std::vector<DistributionCentre> dcs_;
    std::vector<std::pair<std::string, std::uint32_t>> dc_by_key_;
    std::vector<std::array<std::uint64_t, 4>> serial_keys_;
    std::vector<std::uint64_t> serial_counter_ = std::vector<std::uint64_t>(DemoMasterData().products.size(), 0);
    std::vector<std::uint64_t> sscc_counter_;
    std::vector<std::uint64_t> po_counter_;
    std::vector<std::uint64_t> desadv_counter_;
    double start_clock_ = 0;

    TaskQueue queue_;
    std::uint64_t seq_ = 0;
    std::int64_t now_ = 0;
    std::uint64_t emitted_ = 0;
    epcis::Document* out_ = nullptr;
    std::size_t used_ = 0;      // events of *out_ written by this call
    Event* current_ = nullptr;  // the event of the running task, if it wrote one
    std::vector<std::string> spare_;
    std::uint32_t n_epc_ = 0;  // elements written to its epcList, childEPCs, outputEPCList
    std::uint32_t n_child_ = 0;
    std::uint32_t n_output_ = 0;

    Pool<Lot> lots_;
    Pool<Pallet> pallets_;
    Pool<Shipment> shipments_;
    Pool<SaleGroup> sales_;
    Pool<Withdrawal> withdrawals_;
    Pool<RoastBatch> roasts_;
    GroundTruth gt_;
};

ChainGenerator::ChainGenerator(ChainOptions options) : impl_(std::make_unique<Impl>(options)) {}
ChainGenerator::~ChainGenerator() = default;

bool ChainGenerator::Next(epcis::Document& out, std::size_t max_events) { return impl_->Next(out, max_events); }
std::uint64_t ChainGenerator::events_generated() const { return impl_->emitted(); }
const ChainOptions& ChainGenerator::options() const { return impl_->options(); }
const MasterData& ChainGenerator::master_data() const { return impl_->master_data(); }
const GroundTruth& ChainGenerator::ground_truth() const { return impl_->ground_truth(); }

}  // namespace txng::demo
