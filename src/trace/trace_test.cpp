#include "trace/trace.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "demo/chain_generator.hpp"
#include "epcis/query.hpp"
#include "trace/trace_index.hpp"

namespace txng::trace {
namespace {

using epcis::Action;
using epcis::Event;
using epcis::EventType;

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

std::string Sgtin(int serial) { return "urn:epc:id:sgtin:8934567.000123." + std::to_string(serial); }
std::string Sscc(int n) { return "urn:epc:id:sscc:8934567.0" + std::to_string(100000000 + n); }
std::string Sgln(int n) { return "urn:epc:id:sgln:8934567.0000" + std::to_string(n) + ".0"; }
std::string Lot(std::string_view lot) { return "urn:epc:class:lgtin:8934567.000123." + std::string(lot); }

epcis::DateTime Time(std::int64_t unix_ms) {
    epcis::DateTime t;
    t.unix_seconds = unix_ms / 1000;
    t.nanos = static_cast<std::int32_t>(unix_ms % 1000) * 1'000'000;
    return t;
}

Event At(EventType type, std::int64_t hours, std::optional<Action> action = std::nullopt) {
    Event e;
    e.type = type;
    e.event_time = Time(kT0 + hours * kHour);
    e.event_time_zone_offset = "+07:00";
    e.action = action;
    return e;
}

Event Aggregate(std::int64_t hours, Action action, const std::string& parent, std::vector<std::string> children,
                int place) {
    Event e = At(EventType::kAggregationEvent, hours, action);
    e.parent_id = parent;
    e.child_epcs = std::move(children);
    e.biz_step = action == Action::kDelete ? "unpacking" : "packing";
    e.biz_location = epcis::Location{Sgln(place), {}};
    return e;
}

Event Observe(std::int64_t hours, std::vector<std::string> epcs, int place, std::string step = "shipping") {
    Event e = At(EventType::kObjectEvent, hours, Action::kObserve);
    e.epc_list = std::move(epcs);
    e.biz_step = std::move(step);
    e.read_point = epcis::Location{Sgln(place), {}};
    e.biz_location = epcis::Location{Sgln(place), {}};
    return e;
}

// The canonical texts of the nodes of `type` in a trace.
std::set<std::string> NodesOfType(const TraceIndex& ix, const TraceResult& r, NodeType type) {
    std::set<std::string> out;
    for (NodeId n : r.nodes) {
        if (ix.Type(n) == type) out.insert(std::string(ix.NodeText(n)));
    }
    return out;
}

std::string C(std::string_view id) { return epcis::CanonicalIdentifier(id); }

class TraceTest : public ::testing::Test {
  protected:
    void Add(const Event& e) { index_.Add(e, seq_++); }
    NodeId Node(std::string_view id) {
        auto n = index_.Find(id);
        EXPECT_TRUE(n) << id;
        return n.value_or(0);
    }
    TraceIndex index_;
    std::int64_t seq_ = 1;
};

TEST_F(TraceTest, IdentifiersInAnyFormAreOneNode) {
    // The same SGTIN as an EPC URN and as a Digital Link on a brand's own domain.
    std::string dl = C(Sgtin(1));
    ASSERT_TRUE(dl.starts_with("https://id.gs1.org/01/"));
    dl.replace(0, std::string_view("https://id.gs1.org").size(), "https://qr.example.vn");
    Add(Observe(0, {Sgtin(1)}, 1));
    Add(Observe(1, {dl}, 2));
    const NodeId n = Node(Sgtin(1));
    EXPECT_EQ(index_.Find(dl), n);
    EXPECT_EQ(index_.EventsOf(n).size(), 2u);
    EXPECT_EQ(index_.Type(n), NodeType::kInstance);
    EXPECT_EQ(index_.Type(Node(Sgln(1))), NodeType::kLocation);
    EXPECT_FALSE(index_.Find(Sgtin(2)));
}

TEST_F(TraceTest, EventsOfANodeStayInTimeOrderWhateverTheOrderAdded) {
    Add(Observe(5, {Sgtin(1)}, 1));
    Add(Observe(1, {Sgtin(1)}, 2));
    Add(Observe(3, {Sgtin(1)}, 3));
    std::vector<std::int64_t> times;
    for (EventRef e : index_.EventsOf(Node(Sgtin(1)))) times.push_back(index_.Event(e).time_ms);
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
    EXPECT_EQ(times.size(), 3u);
}

// A case is packed on pallet 1, shipped to place 2, unpacked there, repacked onto pallet 2 and
// shipped to place 3; pallet 1 then carries other goods to place 9. The case went to 2 and 3,
// never to 9.
TEST_F(TraceTest, RepalletisedCaseFollowsEachPalletInItsOwnTime) {
    Add(Observe(0, {Sgtin(1), Sgtin(2)}, 1, "commissioning"));
    Add(Aggregate(1, Action::kAdd, Sscc(1), {Sgtin(1), Sgtin(2)}, 1));
    Add(Observe(2, {Sscc(1)}, 2));
    Add(Aggregate(3, Action::kDelete, Sscc(1), {Sgtin(1)}, 2));
    Add(Aggregate(4, Action::kAdd, Sscc(2), {Sgtin(1)}, 2));
    Add(Observe(5, {Sscc(2)}, 3));
    Add(Aggregate(6, Action::kAdd, Sscc(1), {Sgtin(7)}, 2));
    Add(Observe(7, {Sscc(1)}, 9));
    Add(Observe(8, {Sgtin(2)}, 4, "retail_selling"));  // never unpacked from pallet 1: left there

    const auto back = Trace(index_, Node(Sgtin(1)), {.direction = Direction::kBackward});
    const auto places = NodesOfType(index_, back, NodeType::kLocation);
    EXPECT_TRUE(places.contains(C(Sgln(1))));
    EXPECT_TRUE(places.contains(C(Sgln(2))));
    EXPECT_TRUE(places.contains(C(Sgln(3))));
    EXPECT_FALSE(places.contains(C(Sgln(9)))) << "pallet 1 went to 9 after the case left it";
    const auto units = NodesOfType(index_, back, NodeType::kLogisticUnit);
    EXPECT_EQ(units, (std::set<std::string>{C(Sscc(1)), C(Sscc(2))}));
    EXPECT_FALSE(NodesOfType(index_, back, NodeType::kInstance).contains(C(Sgtin(7))))
        << "the other contents of a pallet are not the case's history";
    // The edges say what happened: packed into 1, unpacked from 1, packed into 2.
    std::multiset<std::string> relations;
    for (const auto& e : back.edges) {
        if (e.from == Node(Sgtin(1)) || e.to == Node(Sgtin(1))) relations.insert(std::string(RelationName(e.relation)));
    }
    EXPECT_EQ(relations.count("aggregation"), 2u);
    EXPECT_EQ(relations.count("disaggregation"), 1u);

    // One step back, one step forward.
    const Steps steps = StepsOf(index_, Node(Sgtin(1)), std::nullopt);
    std::vector<std::string> stops;
    for (const auto& s : steps.stops) stops.push_back(std::string(index_.NodeText(s.location)));
    EXPECT_EQ(stops, (std::vector<std::string>{C(Sgln(1)), C(Sgln(2)), C(Sgln(3))}));
    ASSERT_TRUE(steps.current && steps.previous);
    EXPECT_EQ(*steps.current, 2u);
    EXPECT_EQ(*steps.previous, 1u);
    EXPECT_FALSE(steps.next);
    const Steps then = StepsOf(index_, Node(Sgtin(1)), kT0 + 3 * kHour);
    ASSERT_TRUE(then.current && then.previous && then.next);
    EXPECT_EQ(*then.current, 1u);

    // The other unit was never unpacked from pallet 1: it went to 9 with the pallet.
    const auto other = Trace(index_, Node(Sgtin(2)), {.direction = Direction::kBackward});
    EXPECT_TRUE(NodesOfType(index_, other, NodeType::kLocation).contains(C(Sgln(9))));
}

TEST_F(TraceTest, ADeleteNamingNoChildrenEmptiesTheParent) {
    Add(Aggregate(1, Action::kAdd, Sscc(1), {Sgtin(1)}, 1));
    Add(Aggregate(2, Action::kDelete, Sscc(1), {}, 2));
    Add(Observe(3, {Sscc(1)}, 9));
    const auto back = Trace(index_, Node(Sgtin(1)), {.direction = Direction::kBackward});
    EXPECT_TRUE(NodesOfType(index_, back, NodeType::kLocation).contains(C(Sgln(2))));
    EXPECT_FALSE(NodesOfType(index_, back, NodeType::kLocation).contains(C(Sgln(9))));
}

TEST_F(TraceTest, TransformationsJoinLotsAcrossEventsOfOneTransformationId) {
    // Lots A and B go into one transformation recorded as two events; C is made by another.
    Event in = At(EventType::kTransformationEvent, 1);
    in.transformation_id = "urn:uuid:7a3c1f40-0000-4000-8000-000000000001";
    in.input_quantity_list = {{Lot("A"), 10.0, "KGM"}, {Lot("B"), 5.0, "KGM"}};
    in.biz_step = "transforming";
    Add(in);
    Event out = At(EventType::kTransformationEvent, 2);
    out.transformation_id = in.transformation_id;
    out.output_epc_list = {Sgtin(1), Sgtin(2)};
    out.ilmd = epcis::Extensions{{"urn:epcglobal:cbv:mda:", "cbvmda", "lotNumber", {.text = "R1"}}};
    Add(out);
    Event other = At(EventType::kTransformationEvent, 2);
    other.input_quantity_list = {{Lot("C"), 1.0, "KGM"}};
    other.output_epc_list = {Sgtin(9)};
    Add(other);

    const auto back = Trace(index_, Node(Sgtin(1)), {.direction = Direction::kBackward});
    const auto classes = NodesOfType(index_, back, NodeType::kClass);
    EXPECT_TRUE(classes.contains(C(Lot("A"))));
    EXPECT_TRUE(classes.contains(C(Lot("B"))));
    EXPECT_FALSE(classes.contains(C(Lot("C"))));
    EXPECT_TRUE(classes.contains(C(Lot("R1")))) << "the ILMD lot of the made units";

    const auto forward = Trace(index_, Node(Lot("B")), {.direction = Direction::kForward});
    EXPECT_EQ(NodesOfType(index_, forward, NodeType::kInstance), (std::set<std::string>{C(Sgtin(1)), C(Sgtin(2))}));

    const auto recall = Recall(index_, Node(Lot("A")));
    std::set<std::string> items;
    for (const auto& i : recall.items) items.insert(std::string(index_.NodeText(i.item)));
    EXPECT_EQ(items, (std::set<std::string>{C(Sgtin(1)), C(Sgtin(2))}));
    for (const auto& i : recall.items) EXPECT_EQ(i.path_length, 1);

    // The lot of the made units reaches them too.
    EXPECT_EQ(Recall(index_, Node(Lot("R1"))).items.size(), 2u);
}

TEST_F(TraceTest, DepthAndNodeLimitsBoundTheWalk) {
    // A chain of ten transformations: lot 0 -> lot 1 -> ... -> lot 10.
    for (int i = 0; i < 10; ++i) {
        Event t = At(EventType::kTransformationEvent, i);
        t.input_quantity_list = {{Lot("L" + std::to_string(i)), 1.0, "KGM"}};
        t.output_quantity_list = {{Lot("L" + std::to_string(i + 1)), 1.0, "KGM"}};
        Add(t);
    }
    const NodeId root = Node(Lot("L0"));
    EXPECT_EQ(NodesOfType(index_, Trace(index_, root, {.direction = Direction::kForward}), NodeType::kClass).size(),
              11u);
    const auto two = Trace(index_, root, {.direction = Direction::kForward, .depth = 2});
    EXPECT_EQ(NodesOfType(index_, two, NodeType::kClass).size(), 3u);
    EXPECT_FALSE(two.truncated);
    const auto capped = Trace(index_, root, {.direction = Direction::kForward, .max_nodes = 4});
    EXPECT_TRUE(capped.truncated);
    EXPECT_LE(capped.nodes.size(), 4u);
    const auto recall = Recall(index_, root);
    ASSERT_EQ(recall.items.size(), 1u);
    EXPECT_EQ(index_.NodeText(recall.items[0].item), C(Lot("L10")));
    EXPECT_EQ(recall.items[0].path_length, 10);
}

TEST_F(TraceTest, CyclesInBadDataEnd) {
    Event ab = At(EventType::kTransformationEvent, 1);
    ab.input_quantity_list = {{Lot("A"), 1.0, "KGM"}};
    ab.output_quantity_list = {{Lot("B"), 1.0, "KGM"}};
    Add(ab);
    Event ba = At(EventType::kTransformationEvent, 2);
    ba.input_quantity_list = {{Lot("B"), 1.0, "KGM"}};
    ba.output_quantity_list = {{Lot("A"), 1.0, "KGM"}};
    Add(ba);
    Add(Aggregate(3, Action::kAdd, Sscc(1), {Sscc(2)}, 1));
    Add(Aggregate(4, Action::kAdd, Sscc(2), {Sscc(1)}, 1));
    const auto both = Trace(index_, Node(Lot("A")), {.direction = Direction::kBoth});
    EXPECT_EQ(NodesOfType(index_, both, NodeType::kClass).size(), 2u);
    const auto units = Trace(index_, Node(Sscc(1)), {.direction = Direction::kBoth});
    EXPECT_EQ(NodesOfType(index_, units, NodeType::kLogisticUnit).size(), 2u);
    EXPECT_TRUE(Recall(index_, Node(Lot("A"))).items.empty()) << "everything was made into something else";
}

TEST_F(TraceTest, EventsDeclaredErroneousAreLeftOut) {
    Add(Observe(1, {Sgtin(1)}, 1));
    Event wrong = Observe(2, {Sgtin(1)}, 9);
    wrong.error_declaration = epcis::ErrorDeclaration{Time(kT0 + 3 * kHour), "incorrect_data"};
    Add(wrong);
    const auto back = Trace(index_, Node(Sgtin(1)), {.direction = Direction::kBackward});
    EXPECT_FALSE(NodesOfType(index_, back, NodeType::kLocation).contains(C(Sgln(9))));
    const auto recall = Recall(index_, Node(Sgtin(1)));
    ASSERT_EQ(recall.items.size(), 1u);
    EXPECT_EQ(index_.NodeText(recall.items[0].last_location), C(Sgln(1)));
}

TEST_F(TraceTest, RecallGivesLastPlaceDispositionAndCustodian) {
    Event made = At(EventType::kObjectEvent, 0, Action::kAdd);
    made.epc_list = {Sgtin(1), Sgtin(2)};
    made.ilmd = epcis::Extensions{{"urn:epcglobal:cbv:mda:", "cbvmda", "lotNumber", {.text = "X1"}}};
    made.biz_step = "commissioning";
    made.disposition = "active";
    made.biz_location = epcis::Location{Sgln(1), {}};
    Add(made);
    Add(Aggregate(1, Action::kAdd, Sscc(1), {Sgtin(1), Sgtin(2)}, 1));
    Event ship = Observe(2, {Sscc(1)}, 1);
    ship.disposition = "in_transit";
    ship.destination_list = {{"possessing_party", "urn:epc:id:pgln:8934567.00077"}, {"location", Sgln(5)}};
    ship.biz_location.reset();
    Add(ship);
    Event arrive = Observe(3, {Sscc(1)}, 5, "receiving");
    arrive.disposition = "in_progress";
    Add(arrive);

    const auto recall = Recall(index_, Node(Lot("X1")));
    ASSERT_EQ(recall.items.size(), 2u);
    for (const auto& item : recall.items) {
        EXPECT_EQ(index_.NodeText(item.last_location), C(Sgln(5)));
        EXPECT_EQ(index_.Text(item.disposition), "https://ref.gs1.org/cbv/Disp-in_progress");
        EXPECT_EQ(index_.NodeText(item.custodian), C("urn:epc:id:pgln:8934567.00077"));
        EXPECT_EQ(item.last_event_ms, kT0 + 3 * kHour);
        EXPECT_EQ(item.path_length, 1);
    }
}

// A reader's filter: events by the index's order of addition (EventRef = seq - 1 here).
class SightByEvent final : public EventFilter {
  public:
    explicit SightByEvent(std::map<EventRef, Sight> sights) : sights_(std::move(sights)) {}
    Sight Of(EventRef e) const override {
        ++calls_;
        auto it = sights_.find(e);
        return it == sights_.end() ? Sight::kFull : it->second;
    }
    mutable int calls_ = 0;

  private:
    std::map<EventRef, Sight> sights_;
};

// What a reader may not see stays out of every walk: hidden events give no edges, no nodes reached
// only through them, no stops and no recall items; redacted ones give places but no parties or
// transactions.
TEST_F(TraceTest, AFilterHidesEventsAndRedactsParties) {
    Event made = At(EventType::kObjectEvent, 0, Action::kAdd);  // event 0
    made.epc_list = {Sgtin(1), Sgtin(2)};
    made.ilmd = epcis::Extensions{{"urn:epcglobal:cbv:mda:", "cbvmda", "lotNumber", {.text = "X1"}}};
    made.biz_location = epcis::Location{Sgln(1), {}};
    Add(made);
    Add(Aggregate(1, Action::kAdd, Sscc(1), {Sgtin(1), Sgtin(2)}, 1));  // event 1
    Event ship = Observe(2, {Sscc(1)}, 1);                              // event 2: redacted
    ship.destination_list = {{"possessing_party", "urn:epc:id:pgln:8934567.00077"}};
    ship.biz_transaction_list = {{"po", "urn:epcglobal:cbv:bt:8934567000017:PO-1"}};
    Add(ship);
    Event arrive = Observe(3, {Sscc(1)}, 5, "receiving");  // event 3: hidden
    arrive.source_list = {{"possessing_party", "urn:epc:id:pgln:8934567.00066"}};
    Add(arrive);
    Event sold = Observe(4, {Sgtin(2)}, 6, "retail_selling");  // event 4: hidden
    Add(sold);

    const SightByEvent everything({});
    const SightByEvent reader({{2, Sight::kRedacted}, {3, Sight::kHidden}, {4, Sight::kHidden}});
    const NodeId lot = Node(Lot("X1"));

    const auto all = Trace(index_, lot, {.direction = Direction::kForward, .filter = &everything});
    const auto seen = Trace(index_, lot, {.direction = Direction::kForward, .filter = &reader});
    const auto unfiltered = Trace(index_, lot, {.direction = Direction::kForward});
    EXPECT_EQ(all.nodes, unfiltered.nodes);
    EXPECT_EQ(all.edges, unfiltered.edges);
    EXPECT_GT(reader.calls_, 0);
    auto places = NodesOfType(index_, seen, NodeType::kLocation);
    EXPECT_TRUE(places.contains(C(Sgln(1))));
    EXPECT_FALSE(places.contains(C(Sgln(5)))) << "the receiving is hidden";
    EXPECT_FALSE(places.contains(C(Sgln(6)))) << "the sale is hidden";
    EXPECT_TRUE(NodesOfType(index_, all, NodeType::kLocation).contains(C(Sgln(6))));
    EXPECT_TRUE(NodesOfType(index_, seen, NodeType::kParty).empty()) << "parties of a redacted event stay out";
    EXPECT_TRUE(NodesOfType(index_, seen, NodeType::kTransaction).empty());
    EXPECT_FALSE(NodesOfType(index_, all, NodeType::kParty).empty());
    EXPECT_FALSE(NodesOfType(index_, all, NodeType::kTransaction).empty());
    for (const auto& e : seen.edges) {
        EXPECT_NE(e.event, 3u);
        EXPECT_NE(e.event, 4u);
        if (e.event == 2) {
            EXPECT_EQ(e.relation, Relation::kLocation);
        }
    }
    EXPECT_EQ(std::count(seen.events.begin(), seen.events.end(), 3u), 0);

    // Steps: the hidden arrival is no stop; the redacted shipping names no party.
    const Steps steps = StepsOf(index_, Node(Sgtin(1)), std::nullopt, &reader);
    for (const auto& s : steps.stops) {
        EXPECT_NE(index_.NodeText(s.location), C(Sgln(5)));
        EXPECT_EQ(s.party, 0u);
    }
    const Steps all_steps = StepsOf(index_, Node(Sgtin(1)), std::nullopt);
    EXPECT_EQ(index_.NodeText(all_steps.stops.back().location), C(Sgln(5)));
    EXPECT_NE(all_steps.stops.back().party, 0u);

    // Recall: last places from what the reader sees; no custodian from a redacted event.
    const auto recall = Recall(index_, lot, 1'000'000, &reader);
    ASSERT_EQ(recall.items.size(), 2u);
    for (const auto& item : recall.items) {
        EXPECT_EQ(index_.NodeText(item.last_location), C(Sgln(1)));
        EXPECT_EQ(item.custodian, 0u);
        EXPECT_EQ(item.last_event_ms, kT0 + 2 * kHour);
    }
    const auto full_recall = Recall(index_, lot);
    ASSERT_EQ(full_recall.items.size(), 2u);
    EXPECT_NE(full_recall.items[0].custodian, 0u);

    // A hidden commissioning: the lot derives nothing the reader sees.
    const SightByEvent blind({{0, Sight::kHidden}});
    EXPECT_TRUE(Recall(index_, lot, 1'000'000, &blind).items.empty());
    EXPECT_EQ(Trace(index_, lot, {.direction = Direction::kForward, .filter = &blind}).nodes.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Against the generator's ground truth

class TraceGroundTruthTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        generator_ = new demo::ChainGenerator({.target_events = 40'000, .seed = 5, .collect_ground_truth = true});
        index_ = new TraceIndex();
        epcis::Document doc;
        std::int64_t seq = 1;
        while (generator_->Next(doc, 1000)) {
            for (auto& e : doc.events) {
                // Stored events carry the document's namespaces.
                e.namespaces.insert(e.namespaces.begin(), doc.namespaces.begin(), doc.namespaces.end());
                index_->Add(e, seq++);
            }
        }
    }
    static void TearDownTestSuite() {
        delete generator_;
        delete index_;
    }

    // The demo location of a location node (GLN in its Digital Link), if any.
    static std::optional<std::size_t> LocationOf(NodeId n) {
        const std::string_view text = index_->NodeText(n);
        const auto at = text.find("/414/");
        if (at == std::string_view::npos) return std::nullopt;
        return generator_->master_data().FindLocationByGln(text.substr(at + 5, 13));
    }
    static NodeId Node(std::string_view id) {
        auto n = index_->Find(id);
        EXPECT_TRUE(n) << id;
        return n.value_or(0);
    }
    // The items a recall of `lot` must find: its units, or those of the lot it was made into.
    static std::set<std::string> ExpectedItems(const demo::GroundTruth::Lot& lot) {
        const auto& gt = generator_->ground_truth();
        std::set<std::string> out;
        if (!lot.transformed_into.empty()) {
            for (const auto& l : gt.lots) {
                if (l.lot_class == lot.transformed_into) return ExpectedItems(l);
            }
        }
        for (const auto& i : lot.items) out.insert(C(i.epc));
        if (out.empty()) out.insert(C(lot.lot_class));
        return out;
    }

    static demo::ChainGenerator* generator_;
    static TraceIndex* index_;
};

demo::ChainGenerator* TraceGroundTruthTest::generator_ = nullptr;
TraceIndex* TraceGroundTruthTest::index_ = nullptr;

TEST_F(TraceGroundTruthTest, RecallFindsEveryItemOfEveryLotAndWhereItEnded) {
    const auto& gt = generator_->ground_truth();
    ASSERT_GT(gt.lots.size(), 20u);
    std::size_t sold = 0, lots_with_items = 0, transformed = 0, largest = 0;
    for (const auto& lot : gt.lots) {
        SCOPED_TRACE(lot.lot_class);
        const auto recall = Recall(*index_, Node(lot.lot_class));
        std::set<std::string> found;
        std::map<std::string, const RecallItem*> by_id;
        for (const auto& item : recall.items) {
            found.insert(std::string(index_->NodeText(item.item)));
            by_id[std::string(index_->NodeText(item.item))] = &item;
        }
        const auto expected = ExpectedItems(lot);
        EXPECT_EQ(found, expected);
        if (!lot.items.empty()) ++lots_with_items;
        if (!lot.transformed_into.empty()) ++transformed;
        largest = std::max(largest, recall.items.size());
        for (const auto& truth : lot.items) {
            const auto it = by_id.find(C(truth.epc));
            ASSERT_NE(it, by_id.end());
            const RecallItem& item = *it->second;
            if (truth.recalled_at) {
                EXPECT_EQ(LocationOf(item.last_location), truth.recalled_at) << truth.epc;
                EXPECT_EQ(index_->Text(item.disposition), "https://ref.gs1.org/cbv/Disp-recalled");
            } else if (truth.sold_at) {
                ++sold;
                EXPECT_EQ(LocationOf(item.last_location), truth.sold_at) << truth.epc;
                EXPECT_GE(item.last_event_ms, truth.sold_unix_ms);
            }
        }
    }
    EXPECT_GT(lots_with_items, 10u);
    EXPECT_GT(transformed, 0u) << "coffee lots roasted together";
    EXPECT_GT(sold, 1000u);
    EXPECT_GE(largest, 8000u) << "a national lot of UHT milk";
}

TEST_F(TraceGroundTruthTest, BackwardFromASoldItemReachesItsLotFarmPalletsAndStore) {
    const auto& gt = generator_->ground_truth();
    const auto& md = generator_->master_data();
    std::size_t checked = 0;
    for (const auto& lot : gt.lots) {
        for (const auto& item : lot.items) {
            if (!item.sold_at || checked >= 200) continue;
            ++checked;
            SCOPED_TRACE(item.epc);
            const auto back = Trace(*index_, Node(item.epc), {.direction = Direction::kBackward});
            ASSERT_FALSE(back.truncated);
            const auto classes = NodesOfType(*index_, back, NodeType::kClass);
            EXPECT_TRUE(classes.contains(C(lot.lot_class)));
            for (const auto& in : lot.input_lots) EXPECT_TRUE(classes.contains(C(in))) << in;
            const auto units = NodesOfType(*index_, back, NodeType::kLogisticUnit);
            std::set<std::string> pallets;
            for (const auto& s : item.ssccs) pallets.insert(C(s));
            EXPECT_EQ(units, pallets) << "exactly the pallets it was on";
            std::set<std::size_t> places;
            for (NodeId n : back.nodes) {
                if (auto l = LocationOf(n)) places.insert(*l);
            }
            EXPECT_TRUE(places.contains(*item.sold_at));
            if (item.distribution_centre) {
                EXPECT_TRUE(places.contains(*item.distribution_centre));
            }
            if (lot.input_lots.empty()) {
                EXPECT_TRUE(places.contains(lot.origin)) << md.locations[lot.origin].key;
            }
            // Nothing of other lots: the only instance is the item itself.
            EXPECT_EQ(NodesOfType(*index_, back, NodeType::kInstance), (std::set<std::string>{C(item.epc)}));

            const Steps steps = StepsOf(*index_, Node(item.epc), std::nullopt);
            ASSERT_TRUE(steps.current);
            EXPECT_EQ(LocationOf(steps.stops[*steps.current].location), item.sold_at);
            EXPECT_TRUE(steps.previous);
        }
    }
    EXPECT_EQ(checked, 200u);
}

TEST_F(TraceGroundTruthTest, ForwardFromALotReachesItsStoresAndNoOtherLotsItems) {
    const auto& gt = generator_->ground_truth();
    std::size_t checked = 0;
    for (const auto& lot : gt.lots) {
        if (lot.items.empty() || checked >= 15) continue;
        ++checked;
        SCOPED_TRACE(lot.lot_class);
        const auto forward = Trace(*index_, Node(lot.lot_class), {.direction = Direction::kForward});
        ASSERT_FALSE(forward.truncated);
        std::set<std::string> expected;
        for (const auto& i : lot.items) expected.insert(C(i.epc));
        EXPECT_EQ(NodesOfType(*index_, forward, NodeType::kInstance), expected);
        std::set<std::size_t> places;
        for (NodeId n : forward.nodes) {
            if (auto l = LocationOf(n)) places.insert(*l);
        }
        for (std::size_t store : lot.stores) EXPECT_TRUE(places.contains(store));
        std::set<std::string> pallets;
        for (const auto& s : lot.ssccs) pallets.insert(C(s));
        EXPECT_EQ(NodesOfType(*index_, forward, NodeType::kLogisticUnit), pallets);
    }
    EXPECT_EQ(checked, 15u);
}

TEST_F(TraceGroundTruthTest, TheRecalledLotIsFoundWithItsWithdrawals) {
    const auto& gt = generator_->ground_truth();
    ASSERT_TRUE(gt.recalled_lot) << "the data set is long enough for the recall to happen";
    const auto& lot = gt.lots[*gt.recalled_lot];
    const auto recall = Recall(*index_, Node(lot.lot_class));
    EXPECT_EQ(recall.items.size(), lot.items.size());
    std::size_t recalled = 0;
    for (const auto& item : recall.items) {
        recalled += index_->Text(item.disposition) == "https://ref.gs1.org/cbv/Disp-recalled" ? 1 : 0;
        EXPECT_NE(item.custodian, 0u) << index_->NodeText(item.item);
    }
    EXPECT_GT(recalled, 0u);
}

TEST_F(TraceGroundTruthTest, MemoryPerEventIsBounded) {
    const double per_event = static_cast<double>(index_->MemoryBytes()) / static_cast<double>(index_->event_count());
    RecordProperty("bytes_per_event", std::to_string(per_event));
    std::cout << "trace index: " << index_->event_count() << " events, " << index_->node_count() << " nodes, "
              << index_->MemoryBytes() << " bytes (" << per_event << " per event)\n";
    EXPECT_LT(per_event, 1000.0);  // measured: see bench/README.md
    EXPECT_GT(index_->node_count(), 10'000u);
}

}  // namespace
}  // namespace txng::trace
