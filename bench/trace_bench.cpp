// Trace and recall over the in-memory trace index, on the generated Vietnamese supply chain
// (bench/README.md): index build rate and memory per event, then p50/p99 of
//   - backward trace of a sold retail item,
//   - forward trace of a farm lot,
//   - recall of the lots that reached the most stores,
// each answer checked against the generator's ground truth before it is timed.
//
// With --pg 1, the same events also go into a throwaway PostgreSQL 15 cluster (bench/
// pg_trace_baseline.hpp) and the same questions, for the very same roots, are answered there by
// recursive CTEs: load and index times, p50/p99, mismatches against txng's answers and the ground
// truth, and the ratios pg/txng. A PostgreSQL recall of the widest lots takes seconds, so it runs
// --pg-recall-repetitions rounds over them (3; txng: queries / 20). --pg-explain 1 prints the plan
// of each CTE for its first root to stderr.
//
//   txng_trace_bench --events 1000000 [--seed 7] [--queries 500] [--pg 1] [--pg-explain 1]
//                    [--pg-recall-repetitions 3]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "demo/chain_generator.hpp"
#include "epcis/query.hpp"
#include "pg_trace_baseline.hpp"
#include "trace/trace.hpp"
#include "trace/trace_index.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using txng::bench::PgCluster;
using txng::bench::PgRecallItem;
using txng::bench::PgTraceBaseline;
using txng::trace::Direction;
using txng::trace::NodeId;
using txng::trace::TraceIndex;

struct Options {
    std::uint64_t events = 1'000'000;
    std::uint64_t seed = 7;
    std::size_t queries = 500;
    bool pg = false;
    bool pg_explain = false;
    // Rounds over the widest lots on the PostgreSQL side (a recall there takes seconds).
    std::size_t pg_recall_repetitions = 3;
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
        } else if (flag == "--pg") {
            o.pg = v != 0;
        } else if (flag == "--pg-explain") {
            o.pg_explain = v != 0;
        } else if (flag == "--pg-recall-repetitions") {
            o.pg_recall_repetitions = std::max<std::uint64_t>(1, v);
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

// Thrown rather than exit() so that the PostgreSQL cluster is stopped on the way out.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The same timings split into regional lots and national ones (the UHT milk lots of ~10,000
// units sold in every province): their answers differ twenty-fold in size.
constexpr std::size_t kNationalLotUnits = 5000;
void PrintBySize(const char* name, const std::vector<double>& times,
                 const std::vector<const txng::demo::GroundTruth::Lot*>& roots) {
    std::vector<double> regional, national;
    std::size_t national_units = 0;
    for (std::size_t q = 0; q < times.size() && q < roots.size(); ++q) {
        if (roots[q]->items.size() >= kNationalLotUnits) {
            national.push_back(times[q]);
            national_units += roots[q]->items.size();
        } else {
            regional.push_back(times[q]);
        }
    }
    const Stats r = Percentiles(regional);
    const Stats n = Percentiles(national);
    std::printf(
        "%s_by_size regional_queries=%zu regional_p50_ms=%.3f regional_p99_ms=%.3f national_queries=%zu "
        "national_p50_ms=%.3f national_p99_ms=%.3f national_mean_units=%.0f\n",
        name, regional.size(), r.p50, r.p99, national.size(), n.p50, n.p99,
        national.empty() ? 0.0 : static_cast<double>(national_units) / static_cast<double>(national.size()));
}

NodeId Node(const TraceIndex& ix, const std::string& id) {
    auto n = ix.Find(id);
    if (!n) throw Failure("not in the index: " + id);
    return *n;
}

// The nodes a trace reached by derivation (transformation and lot edges), the root included, in
// the baseline's canonical form, sorted: what the recursive CTEs answer.
std::vector<std::string> Derived(const TraceIndex& ix, const txng::trace::TraceResult& r, bool forward,
                                 PgTraceBaseline& pg) {
    std::vector<std::string> out{pg.Canonical(std::string(ix.NodeText(r.root)))};
    for (const auto& e : r.edges) {
        if (e.relation == txng::trace::Relation::kTransformation || e.relation == txng::trace::Relation::kLot) {
            out.push_back(pg.Canonical(std::string(ix.NodeText(forward ? e.to : e.from))));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// The tokens every pg_ line ends with: the ratios to txng's figures for the same questions.
void PrintRatios(const Stats& pg, const Stats& ours) {
    std::printf(" pg_over_txng_p50=%.1f pg_over_txng_p99=%.1f\n", ours.p50 > 0 ? pg.p50 / ours.p50 : 0.0,
                ours.p99 > 0 ? pg.p99 / ours.p99 : 0.0);
}

int Run(const Options& o) {
    // Declared first, so destroyed last: the connection goes before the cluster stops.
    std::unique_ptr<PgCluster> cluster;
    std::unique_ptr<PgTraceBaseline> pg;
    if (o.pg) {
        if (!PgCluster::Installed()) {
            std::fprintf(stderr,
                         "--pg 1 needs PostgreSQL 15 (%.*s/initdb is missing): run bench/trace.sh, which installs "
                         "it, or apt-get install postgresql\n",
                         static_cast<int>(PgCluster::kBinDir.size()), PgCluster::kBinDir.data());
            return 1;
        }
        cluster = PgCluster::Start();
        pg = PgTraceBaseline::Open(cluster->ConnInfo(), cluster->dir());
    }
    txng::demo::ChainGenerator generator({.target_events = o.events, .seed = o.seed, .collect_ground_truth = true});
    TraceIndex index;
    txng::epcis::Document doc;
    Clock::duration adding{};
    std::int64_t seq = 1;
    while (generator.Next(doc, 1000)) {
        const std::int64_t first_seq = seq;
        const auto start = Clock::now();
        for (auto& e : doc.events) index.Add(e, seq++);
        adding += Clock::now() - start;
        if (pg) {
            std::int64_t s = first_seq;
            for (auto& e : doc.events) pg->Add(e, s++);
        }
    }
    const auto& gt = generator.ground_truth();
    const double bytes = static_cast<double>(index.MemoryBytes());
    std::printf("events=%zu nodes=%zu index_bytes=%.0f bytes_per_event=%.1f index_add_events_per_s=%.0f\n",
                index.event_count(), index.node_count(), bytes, bytes / static_cast<double>(index.event_count()),
                static_cast<double>(index.event_count()) / std::chrono::duration<double>(adding).count());
    if (pg) {
        const auto f = pg->Load();
        std::printf("pg_settings server_version=%s %s\n", pg->ServerVersion().c_str(), PgCluster::Settings().c_str());
        std::printf(
            "pg_load events=%llu links=%llu normalise_s=%.1f copy_s=%.1f index_s=%.1f analyze_s=%.1f prewarm_s=%.1f "
            "table_bytes=%lld index_bytes=%lld bytes_per_event=%.1f\n",
            static_cast<unsigned long long>(f.events), static_cast<unsigned long long>(f.links), f.normalise_s,
            f.copy_s, f.index_s, f.analyze_s, f.prewarm_s, static_cast<long long>(f.table_bytes),
            static_cast<long long>(f.index_bytes),
            static_cast<double>(f.table_bytes + f.index_bytes) / static_cast<double>(f.events));
    }

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

    // The roots, sampled once (in the order the queries always drew them): txng and PostgreSQL
    // answer the very same questions.
    std::vector<std::pair<const txng::demo::GroundTruth::Lot*, const txng::demo::GroundTruth::Item*>> backward_roots;
    for (std::size_t q = 0; q < o.queries; ++q) backward_roots.push_back(sold[rng() % sold.size()]);
    std::vector<const txng::demo::GroundTruth::Lot*> forward_roots;
    for (std::size_t q = 0; q < o.queries; ++q) forward_roots.push_back(farm_lots[rng() % farm_lots.size()]);

    // Backward trace of a sold retail item: must reach its lot.
    std::vector<double> backward;
    std::size_t backward_nodes = 0;
    std::vector<std::vector<std::string>> txng_backward;  // derived nodes, for the PostgreSQL answers
    for (std::size_t q = 0; q < o.queries; ++q) {
        const auto& [lot, item] = backward_roots[q];
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
        if (pg) txng_backward.push_back(Derived(index, r, false, *pg));
    }
    const Stats b = Percentiles(backward);
    std::printf("backward_trace_of_sold_item queries=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_nodes=%.0f\n",
                o.queries, b.p50, b.p99, b.max, static_cast<double>(backward_nodes) / static_cast<double>(o.queries));
    if (pg) {
        if (o.pg_explain) {
            std::fprintf(stderr, "backward:\n%s\n",
                         pg->Explain("backward", pg->Canonical(backward_roots[0].second->epc)).c_str());
        }
        std::vector<double> times;
        std::size_t nodes = 0, txng_nodes = 0, mismatches = 0;
        for (std::size_t q = 0; q < o.queries; ++q) {
            const auto& [lot, item] = backward_roots[q];
            const std::string root = pg->Canonical(item->epc);
            const auto start = Clock::now();
            const auto answer = pg->Backward(root);
            times.push_back(Ms(Clock::now() - start));
            const auto got = Sorted(answer);
            nodes += got.size();
            txng_nodes += txng_backward[q].size();
            const bool has_lot = std::binary_search(got.begin(), got.end(), pg->Canonical(lot->lot_class));
            if (got != txng_backward[q] || !has_lot) ++mismatches;
        }
        const Stats p = Percentiles(times);
        std::printf(
            "pg_backward_trace_of_sold_item queries=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_derived=%.1f "
            "txng_mean_derived=%.1f mismatches=%zu",
            o.queries, p.p50, p.p99, p.max, static_cast<double>(nodes) / static_cast<double>(o.queries),
            static_cast<double>(txng_nodes) / static_cast<double>(o.queries), mismatches);
        PrintRatios(p, b);
    }

    // Forward trace of a farm lot: must reach every unit of it.
    std::vector<double> forward;
    std::size_t forward_nodes = 0, forward_items = 0;
    std::vector<std::vector<std::string>> txng_forward;
    for (std::size_t q = 0; q < o.queries; ++q) {
        const auto* lot = forward_roots[q];
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
        if (pg) txng_forward.push_back(Derived(index, r, true, *pg));
    }
    const Stats f = Percentiles(forward);
    std::printf(
        "forward_trace_of_farm_lot queries=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_nodes=%.0f "
        "mean_units=%.0f\n",
        o.queries, f.p50, f.p99, f.max, static_cast<double>(forward_nodes) / static_cast<double>(o.queries),
        static_cast<double>(forward_items) / static_cast<double>(o.queries));
    PrintBySize("forward_trace_of_farm_lot", forward, forward_roots);
    if (pg) {
        if (o.pg_explain) {
            std::fprintf(stderr, "forward:\n%s\n",
                         pg->Explain("forward", pg->Canonical(forward_roots[0]->lot_class)).c_str());
        }
        std::vector<double> times;
        std::size_t nodes = 0, txng_nodes = 0, mismatches = 0;
        for (std::size_t q = 0; q < o.queries; ++q) {
            const auto* lot = forward_roots[q];
            const std::string root = pg->Canonical(lot->lot_class);
            const auto start = Clock::now();
            const auto answer = pg->Forward(root);
            times.push_back(Ms(Clock::now() - start));
            const auto got = Sorted(answer);
            nodes += got.size();
            txng_nodes += txng_forward[q].size();
            std::size_t instances = 0;
            for (const auto& n : got) {
                instances += txng::trace::TypeOfIdentifier(n) == txng::trace::NodeType::kInstance ? 1 : 0;
            }
            if (got != txng_forward[q] || instances < lot->items.size()) ++mismatches;
        }
        const Stats p = Percentiles(times);
        std::printf(
            "pg_forward_trace_of_farm_lot queries=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_derived=%.1f "
            "txng_mean_derived=%.1f mismatches=%zu",
            o.queries, p.p50, p.p99, p.max, static_cast<double>(nodes) / static_cast<double>(o.queries),
            static_cast<double>(txng_nodes) / static_cast<double>(o.queries), mismatches);
        PrintRatios(p, f);
        PrintBySize("pg_forward_trace_of_farm_lot", times, forward_roots);
    }

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
    std::vector<std::vector<PgRecallItem>> txng_recall;  // per lot of `widest`, sorted by item
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
                if (pg) {
                    std::vector<PgRecallItem> items;
                    for (const auto& i : r.items) {
                        items.push_back(PgRecallItem{
                            pg->Canonical(std::string(index.NodeText(i.item))), i.last_event_ms,
                            i.last_location != 0 ? pg->Canonical(std::string(index.NodeText(i.last_location)))
                                                 : std::string()});
                    }
                    std::sort(items.begin(), items.end(), [](auto& x, auto& y) { return x.item < y.item; });
                    txng_recall.push_back(std::move(items));
                }
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
    if (pg) {
        if (o.pg_explain) {
            std::fprintf(stderr, "recall:\n%s\n", pg->Explain("recall", pg->Canonical(widest[0]->lot_class)).c_str());
        }
        std::vector<double> times;
        std::size_t items = 0, mismatches = 0, item_mismatches = 0, location_mismatches = 0, time_mismatches = 0;
        const std::size_t pg_rounds = std::min(rounds, o.pg_recall_repetitions);
        for (std::size_t round = 0; round < pg_rounds; ++round) {
            for (std::size_t l = 0; l < widest.size(); ++l) {
                const std::string root = pg->Canonical(widest[l]->lot_class);
                const auto start = Clock::now();
                auto answer = pg->Recall(root);
                times.push_back(Ms(Clock::now() - start));
                std::sort(answer.begin(), answer.end(), [](auto& x, auto& y) { return x.item < y.item; });
                // Item by item against txng's answer (the same for every round: counted once).
                const auto& want = txng_recall[l];
                bool same = answer.size() == want.size() && answer.size() == widest[l]->items.size();
                std::size_t i = 0, j = 0;
                while (i < answer.size() || j < want.size()) {
                    if (j == want.size() || (i < answer.size() && answer[i].item < want[j].item)) {
                        same = false;
                        item_mismatches += round == 0 ? 1 : 0;
                        ++i;
                    } else if (i == answer.size() || want[j].item < answer[i].item) {
                        same = false;
                        item_mismatches += round == 0 ? 1 : 0;
                        ++j;
                    } else {
                        if (answer[i].last_location != want[j].last_location) {
                            same = false;
                            location_mismatches += round == 0 ? 1 : 0;
                        }
                        if (answer[i].last_event_ms != want[j].last_event_ms) {
                            same = false;
                            time_mismatches += round == 0 ? 1 : 0;
                        }
                        ++i;
                        ++j;
                    }
                }
                if (!same) ++mismatches;
                if (round == 0) items += answer.size();
            }
        }
        const Stats p = Percentiles(times);
        std::printf(
            "pg_recall_of_widest_lots lots=%zu repetitions=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_items=%.0f "
            "mismatches=%zu item_mismatches=%zu location_mismatches=%zu last_time_mismatches=%zu",
            widest.size(), pg_rounds, p.p50, p.p99, p.max,
            static_cast<double>(items) / static_cast<double>(widest.size()), mismatches, item_mismatches,
            location_mismatches, time_mismatches);
        PrintRatios(p, r);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = Parse(argc, argv);
    try {
        return Run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
