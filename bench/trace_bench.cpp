// Trace and recall over the in-memory trace index, on the generated Vietnamese supply chain
// (bench/README.md): index build rate and memory per event, then p50/p99 of
//   - backward trace of a sold retail item,
//   - forward trace of a farm lot,
//   - recall of the lots that reached the most stores,
// each answer checked against the generator's ground truth before it is timed.
//
//   txng_trace_bench --events 1000000 [--seed 7] [--queries 500]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "demo/chain_generator.hpp"
#include "epcis/query.hpp"
#include "trace/trace.hpp"
#include "trace/trace_index.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using txng::trace::Direction;
using txng::trace::NodeId;
using txng::trace::TraceIndex;

struct Options {
    std::uint64_t events = 1'000'000;
    std::uint64_t seed = 7;
    std::size_t queries = 500;
};

Options Parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::uint64_t v = std::strtoull(argv[i + 1], nullptr, 10);
        if (flag == "--events") {
            o.events = v;
        } else if (flag == "--seed") {
            o.seed = v;
        } else if (flag == "--queries") {
            o.queries = v;
        } else {
            std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
            std::exit(2);
        }
    }
    return o;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
    double p50 = 0, p99 = 0, max = 0;
};

Stats Percentiles(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    return {at(0.50), at(0.99), v.back()};
}

NodeId Node(const TraceIndex& ix, const std::string& id) {
    auto n = ix.Find(id);
    if (!n) {
        std::fprintf(stderr, "not in the index: %s\n", id.c_str());
        std::exit(1);
    }
    return *n;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = Parse(argc, argv);
    txng::demo::ChainGenerator generator({.target_events = o.events, .seed = o.seed, .collect_ground_truth = true});
    TraceIndex index;
    txng::epcis::Document doc;
    Clock::duration adding{};
    std::int64_t seq = 1;
    while (generator.Next(doc, 1000)) {
        const auto start = Clock::now();
        for (auto& e : doc.events) index.Add(e, seq++);
        adding += Clock::now() - start;
    }
    const auto& gt = generator.ground_truth();
    const double bytes = static_cast<double>(index.MemoryBytes());
    std::printf("events=%zu nodes=%zu index_bytes=%.0f bytes_per_event=%.1f index_add_events_per_s=%.0f\n",
                index.event_count(), index.node_count(), bytes, bytes / static_cast<double>(index.event_count()),
                static_cast<double>(index.event_count()) / std::chrono::duration<double>(adding).count());

    std::mt19937_64 rng(o.seed);
    // Sold items and farm lots (harvested, with units) from the ground truth.
    std::vector<std::pair<const txng::demo::GroundTruth::Lot*, const txng::demo::GroundTruth::Item*>> sold;
    std::vector<const txng::demo::GroundTruth::Lot*> farm_lots;
    for (const auto& lot : gt.lots) {
        if (lot.input_lots.empty() && !lot.items.empty()) farm_lots.push_back(&lot);
        for (const auto& item : lot.items) {
            if (item.sold_at) sold.emplace_back(&lot, &item);
        }
    }
    if (sold.empty() || farm_lots.empty()) {
        std::fprintf(stderr, "too few events for sold items and packed farm lots\n");
        return 1;
    }

    // Backward trace of a sold retail item: must reach its lot.
    std::vector<double> backward;
    std::size_t backward_nodes = 0;
    for (std::size_t q = 0; q < o.queries; ++q) {
        const auto& [lot, item] = sold[rng() % sold.size()];
        const NodeId root = Node(index, item->epc);
        const auto start = Clock::now();
        const auto r = txng::trace::Trace(index, root, {.direction = Direction::kBackward});
        backward.push_back(Ms(Clock::now() - start));
        backward_nodes += r.nodes.size();
        const auto lot_node = Node(index, lot->lot_class);
        if (std::find(r.nodes.begin(), r.nodes.end(), lot_node) == r.nodes.end()) {
            std::fprintf(stderr, "backward trace of %s misses its lot\n", item->epc.c_str());
            return 1;
        }
    }
    const Stats b = Percentiles(backward);
    std::printf("backward_trace_of_sold_item queries=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_nodes=%.0f\n",
                o.queries, b.p50, b.p99, b.max, static_cast<double>(backward_nodes) / static_cast<double>(o.queries));

    // Forward trace of a farm lot: must reach every unit of it.
    std::vector<double> forward;
    std::size_t forward_nodes = 0, forward_items = 0;
    for (std::size_t q = 0; q < o.queries; ++q) {
        const auto* lot = farm_lots[rng() % farm_lots.size()];
        const NodeId root = Node(index, lot->lot_class);
        const auto start = Clock::now();
        const auto r = txng::trace::Trace(index, root, {.direction = Direction::kForward});
        forward.push_back(Ms(Clock::now() - start));
        forward_nodes += r.nodes.size();
        forward_items += lot->items.size();
        std::size_t instances = 0;
        for (NodeId n : r.nodes) instances += index.Type(n) == txng::trace::NodeType::kInstance ? 1 : 0;
        if (instances < lot->items.size()) {
            std::fprintf(stderr, "forward trace of %s finds %zu of %zu units\n", lot->lot_class.c_str(), instances,
                         lot->items.size());
            return 1;
        }
    }
    const Stats f = Percentiles(forward);
    std::printf(
        "forward_trace_of_farm_lot queries=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_nodes=%.0f "
        "mean_units=%.0f\n",
        o.queries, f.p50, f.p99, f.max, static_cast<double>(forward_nodes) / static_cast<double>(o.queries),
        static_cast<double>(forward_items) / static_cast<double>(o.queries));

    // Recall of the lots that reached the most stores (their own units or, for green coffee, the
    // roasted lot's).
    std::vector<const txng::demo::GroundTruth::Lot*> widest;
    for (const auto& lot : gt.lots) {
        if (!lot.items.empty()) widest.push_back(&lot);
    }
    std::sort(widest.begin(), widest.end(), [](auto* x, auto* y) { return x->stores.size() > y->stores.size(); });
    widest.resize(std::min<std::size_t>(widest.size(), 20));
    std::vector<double> recall;
    std::size_t recall_items = 0, stores = 0;
    const std::size_t rounds = std::max<std::size_t>(1, o.queries / widest.size());
    for (std::size_t round = 0; round < rounds; ++round) {
        for (const auto* lot : widest) {
            const NodeId root = Node(index, lot->lot_class);
            const auto start = Clock::now();
            const auto r = txng::trace::Recall(index, root);
            recall.push_back(Ms(Clock::now() - start));
            if (r.items.size() != lot->items.size()) {
                std::fprintf(stderr, "recall of %s: %zu items, ground truth %zu\n", lot->lot_class.c_str(),
                             r.items.size(), lot->items.size());
                return 1;
            }
            if (round == 0) {
                recall_items += r.items.size();
                stores += lot->stores.size();
            }
        }
    }
    const Stats r = Percentiles(recall);
    std::printf(
        "recall_of_widest_lots lots=%zu repetitions=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_items=%.0f "
        "mean_stores=%.0f\n",
        widest.size(), rounds, r.p50, r.p99, r.max,
        static_cast<double>(recall_items) / static_cast<double>(widest.size()),
        static_cast<double>(stores) / static_cast<double>(widest.size()));
    return 0;
}
