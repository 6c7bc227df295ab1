#pragma once
// Tracing over a TraceIndex: where a thing came from (backward), where it went (forward), its
// stops one step back and one step forward (Circular 02/2024: "một bước trước – một bước sau"), and
// the recall set of a lot or item. Pure functions of the index; they never modify it.
//
// What links things (EPCIS 2.0 / CBV 2.0 semantics):
// - transformation: every input of a TransformationEvent (EPCs and quantity classes) goes into
//   every output; events sharing a transformationID form one transformation;
// - lot: an instance commissioned (ObjectEvent ADD, or a transformation output) with an ILMD
//   lotNumber belongs to that lot's class (GTIN + lot);
// - aggregation and association: a child is inside its parent from the ADD (or an OBSERVE that
//   finds it there) until a DELETE naming it, a DELETE of the parent naming no children, or its
//   ADD into another parent. While inside, the parent's events are the child's: a case packed
//   onto a pallet, unpacked and repacked onto another pallet follows each pallet in its own time
//   window, and never picks up the other contents of a pallet.
// - custody and place: readPoint, bizLocation, source and destination lists, bizTransactions.
// Derivation (what a trace walks and `depth` counts) is transformation, lot, and the contents of
// a logistic unit traced as such; containers, places and parties are where things were.
// Events with an errorDeclaration are left out (they were declared erroneous).
//
// Cost: proportional to the events of the nodes reached. Every walk is bounded by
// TraceOptions::max_nodes and answers `truncated` instead of growing further; cycles in bad data
// (an output that is also an input) are visited once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trace/trace_index.hpp"

namespace txng::trace {

enum class Direction { kBackward, kForward, kBoth };

enum class Relation : std::uint8_t {
    kTransformation,  // input -> output
    kLot,             // lot class -> instance of the lot
    kAggregation,     // child -> parent (packed into: ADD, or found inside: OBSERVE)
    kDisaggregation,  // parent -> child (unpacked: DELETE)
    kAssociation,     // child -> parent (AssociationEvent ADD / OBSERVE)
    kDisassociation,  // parent -> child (AssociationEvent DELETE)
    kLocation,        // object -> readPoint / bizLocation of the event
    kSource,          // source party or location -> object
    kDestination,     // object -> destination party or location
    kTransaction,     // object -> business transaction
};

// "transformation", "lot", "aggregation", "disaggregation", "association", "disassociation",
// "location", "source", "destination", "transaction".
std::string_view RelationName(Relation relation);

// What a reader may see of an event (the caller's access rules, evaluated over the index).
enum class Sight : std::uint8_t {
    kHidden,    // as if it were not stored: walks pass it by
    kRedacted,  // without its private fields: no source, destination or transaction edges, no
                // party or custodian taken from it
    kFull,
};

// Decides each event's Sight for one reader. Called many times per event during a walk:
// implementations cache.
class EventFilter {
  public:
    virtual ~EventFilter() = default;
    virtual Sight Of(EventRef e) const = 0;
};

struct TraceOptions {
    Direction direction = Direction::kBoth;
    // Derivation hops from the root at most (transformation, lot, contents); nullopt: no limit.
    std::optional<int> depth;
    // Backward: events up to this time; forward: events from this time (Unix ms).
    std::optional<std::int64_t> at_ms;
    std::size_t max_nodes = 100'000;
    // What the reader may see; nullptr: everything.
    const EventFilter* filter = nullptr;
};

struct TraceEdge {
    NodeId from = 0;
    NodeId to = 0;
    Relation relation = Relation::kLocation;
    EventRef event = 0;
    friend bool operator==(const TraceEdge&, const TraceEdge&) = default;
};

struct TraceResult {
    NodeId root = 0;
    std::vector<NodeId> nodes;     // the root first, then in order of discovery
    std::vector<TraceEdge> edges;  // in order of discovery
    std::vector<EventRef> events;  // every event an edge comes from, in eventTime order
    bool truncated = false;        // max_nodes was reached
};

TraceResult Trace(const TraceIndex& index, NodeId root, const TraceOptions& options);

// One place an item stayed, from its own events and those of the containers it was in.
struct Stop {
    NodeId location = 0;  // a bizLocation (where it was after an event)
    NodeId party = 0;     // who had it there: the possessing (else owning) party of the last
                          // destination list that named it, 0 when never said
    std::int64_t arrived_ms = 0;
    std::int64_t left_ms = 0;  // time of the last event there
    EventRef first_event = 0;
    EventRef last_event = 0;
};

struct Steps {
    NodeId root = 0;
    std::vector<Stop> stops;  // in time order
    // Indexes into `stops`: where it was at `at` (the last stop when no time is given), the
    // stop before that and the one after.
    std::optional<std::size_t> previous, current, next;
};

// `filter`: what the reader may see (nullptr: everything); parties come only from events it sees
// in full.
Steps StepsOf(const TraceIndex& index, NodeId root, std::optional<std::int64_t> at_ms,
              const EventFilter* filter = nullptr);

struct RecallItem {
    NodeId item = 0;
    int path_length = 0;            // derivation hops from the root
    NodeId last_location = 0;       // the last bizLocation; the last readPoint when none was ever given
    std::uint32_t disposition = 0;  // string id of the last disposition (0: none given)
    std::int64_t last_event_ms = 0;
    EventRef last_event = 0;
    NodeId custodian = 0;  // 0: none named
};

struct RecallResult {
    NodeId root = 0;
    std::vector<RecallItem> items;  // end items downstream of the root, in order of discovery
    bool truncated = false;
};

// Every end item derived from `root` (instances and lots not transformed or packed further into
// other products; logistic units are not items), with its last known place, disposition and
// custodian. The root itself is an item when nothing was derived from it.
// `filter`: what the reader may see (nullptr: everything): items are derived, and their last
// place, disposition and time taken, only through events it sees; custodians only from events it
// sees in full.
RecallResult Recall(const TraceIndex& index, NodeId root, std::size_t max_nodes = 1'000'000,
                    const EventFilter* filter = nullptr);

}  // namespace txng::trace
