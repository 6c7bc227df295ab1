#include "trace/trace.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace txng::trace {
namespace {

constexpr std::int64_t kMinTime = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxTime = std::numeric_limits<std::int64_t>::max();
// Containers inside containers inside containers...: deeper nesting than this is bad data.
constexpr int kMaxNesting = 8;

constexpr std::uint32_t kPlaceRoles = kLinkReadPoint | kLinkBizLocation;
constexpr std::uint32_t kSourceRoles = kLinkSourceOwner | kLinkSourcePossessor | kLinkSourceLocation;
constexpr std::uint32_t kDestinationRoles =
    kLinkDestinationOwner | kLinkDestinationPossessor | kLinkDestinationLocation;
// Instances named by a commissioning event, which a kLinkLot class covers.
constexpr std::uint32_t kLotMemberRoles = epcis::kRoleEpcList | epcis::kRoleOutputEpcs;

bool IsContainerEvent(const EventInfo& e) {
    return e.type == epcis::EventType::kAggregationEvent || e.type == epcis::EventType::kAssociationEvent;
}

std::uint32_t RolesIn(const TraceIndex& ix, EventRef e, NodeId n) { return ix.RolesIn(e, n); }

NodeId NodeWithRole(const TraceIndex& ix, EventRef e, std::uint32_t role) { return ix.NodeWithRole(e, role); }

bool HasRole(const TraceIndex& ix, EventRef e, std::uint32_t role) { return NodeWithRole(ix, e, role) != 0; }

// Whether a walk takes event `e`: not declared erroneous, and not hidden from the reader.
bool Takes(const TraceIndex& ix, const EventFilter* filter, EventRef e) {
    return !ix.Event(e).has_error && (filter == nullptr || filter->Of(e) != Sight::kHidden);
}

// Whether the reader sees the private fields of `e` (its parties and transactions).
bool SeesPrivate(const EventFilter* filter, EventRef e) { return filter == nullptr || filter->Of(e) == Sight::kFull; }

// The events of `n` with from <= eventTime <= to.
std::pair<std::vector<EventRef>::const_iterator, std::vector<EventRef>::const_iterator> EventsBetween(
    const TraceIndex& ix, NodeId n, std::int64_t from, std::int64_t to) {
    const auto& list = ix.EventsOf(n);
    auto begin = from == kMinTime ? list.begin()
                                  : std::lower_bound(list.begin(), list.end(), from, [&](EventRef e, std::int64_t t) {
                                        return ix.Event(e).time_ms < t;
                                    });
    auto end = to == kMaxTime ? list.end() : std::upper_bound(begin, list.end(), to, [&](std::int64_t t, EventRef e) {
        return t < ix.Event(e).time_ms;
    });
    return {begin, end};
}

// A time during which `child` was inside `parent`.
struct Containment {
    NodeId parent = 0;
    std::int64_t from = 0;
    std::int64_t to = kMaxTime;
    EventRef enter = 0;
    bool association = false;
};

// Into `out` (cleared first), for callers that reuse one buffer.
void ContainmentsOf(const TraceIndex& ix, const EventFilter* filter, NodeId child, std::vector<Containment>& out) {
    out.clear();
    std::optional<std::size_t> open[2];  // aggregation, association: one parent of each at a time
    for (EventRef e : ix.EventsOf(child)) {
        const EventInfo& info = ix.Event(e);
        if (!IsContainerEvent(info) || !Takes(ix, filter, e)) continue;
        if (!(RolesIn(ix, e, child) & kChildRoles)) continue;
        const NodeId parent = NodeWithRole(ix, e, epcis::kRoleParentId);
        if (parent == 0 || parent == child) continue;
        const bool association = info.type == epcis::EventType::kAssociationEvent;
        auto& current = open[association ? 1 : 0];
        if (info.action == kActionAdd || info.action == kActionObserve) {
            if (current && out[*current].parent == parent) continue;  // still there
            if (current) out[*current].to = info.time_ms;             // moved to another parent
            out.push_back(Containment{parent, info.time_ms, kMaxTime, e, association});
            current = out.size() - 1;
        } else if (info.action == kActionDelete && current && out[*current].parent == parent) {
            out[*current].to = info.time_ms;
            current.reset();
        }
    }
    // A DELETE of the parent that names no children empties it.
    for (auto& c : out) {
        auto [begin, end] = EventsBetween(ix, c.parent, c.from, c.to);
        for (auto it = begin; it != end; ++it) {
            const EventInfo& info = ix.Event(*it);
            if (*it == c.enter || !IsContainerEvent(info) || info.action != kActionDelete || !Takes(ix, filter, *it)) {
                continue;
            }
            if ((info.type == epcis::EventType::kAssociationEvent) != c.association) continue;
            if (!(RolesIn(ix, *it, c.parent) & epcis::kRoleParentId) || HasRole(ix, *it, kChildRoles)) continue;
            c.to = info.time_ms;
            break;
        }
    }
}

std::vector<Containment> ContainmentsOf(const TraceIndex& ix, const EventFilter* filter, NodeId child) {
    std::vector<Containment> out;
    ContainmentsOf(ix, filter, child, out);
    return out;
}

// Calls visit(event, node) for the events of `n` in [from, to] and for those of the containers it
// was in meanwhile (each in its own window, nested containers too). An event may come twice (the
// ADD is the child's and the parent's): visitors dedupe.
template <typename Visit>
void History(const TraceIndex& ix, const EventFilter* filter, NodeId n, std::int64_t from, std::int64_t to, int nesting,
             Visit&& visit) {
    auto [begin, end] = EventsBetween(ix, n, from, to);
    for (auto it = begin; it != end; ++it) {
        if (Takes(ix, filter, *it)) visit(*it, n);
    }
    if (nesting >= kMaxNesting) return;
    for (const auto& c : ContainmentsOf(ix, filter, n)) {
        const std::int64_t lo = std::max(from, c.from);
        const std::int64_t hi = std::min(to, c.to);
        if (lo <= hi) History(ix, filter, c.parent, lo, hi, nesting + 1, visit);
    }
}

// Open-addressing sets for the walks (a trace inserts tens of thousands of keys; node-based
// std::unordered_set spends most of its time in malloc).
std::uint64_t Mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

// Exact 64-bit keys (any value but ~0).
class KeySet {
  public:
    KeySet() : slots_(64, kEmpty) {}
    bool Insert(std::uint64_t key) {
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        std::uint64_t& slot = slots_[Slot(slots_, key)];
        if (slot == key) return false;
        slot = key;
        ++size_;
        return true;
    }
    bool Contains(std::uint64_t key) const { return slots_[Slot(slots_, key)] == key; }

  private:
    static constexpr std::uint64_t kEmpty = ~0ull;
    static std::size_t Slot(const std::vector<std::uint64_t>& slots, std::uint64_t key) {
        const std::size_t mask = slots.size() - 1;
        std::size_t i = Mix(key) & mask;
        while (slots[i] != kEmpty && slots[i] != key) i = (i + 1) & mask;
        return i;
    }
    void Grow() {
        std::vector<std::uint64_t> grown(slots_.size() * 2, kEmpty);
        for (auto k : slots_) {
            if (k != kEmpty) grown[Slot(grown, k)] = k;
        }
        slots_ = std::move(grown);
    }
    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

// A time per node (open addressing; nodes are never 0).
class NodeTimes {
  public:
    NodeTimes() : slots_(64) {}
    std::int64_t* Find(NodeId n) {
        const std::size_t i = Slot(slots_, n);
        return slots_[i].first == n ? &slots_[i].second : nullptr;
    }
    void Insert(NodeId n, std::int64_t t) {  // n must not be there yet
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        slots_[Slot(slots_, n)] = {n, t};
        ++size_;
    }

  private:
    static std::size_t Slot(const std::vector<std::pair<NodeId, std::int64_t>>& slots, NodeId n) {
        const std::size_t mask = slots.size() - 1;
        std::size_t i = Mix(n) & mask;
        while (slots[i].first != 0 && slots[i].first != n) i = (i + 1) & mask;
        return i;
    }
    void Grow() {
        std::vector<std::pair<NodeId, std::int64_t>> grown(slots_.size() * 2);
        for (const auto& slot : slots_) {
            if (slot.first != 0) grown[Slot(grown, slot.first)] = slot;
        }
        slots_ = std::move(grown);
    }
    std::vector<std::pair<NodeId, std::int64_t>> slots_;  // (0, _) empty
    std::size_t size_ = 0;
};

// Values kept in a vector of the caller's, each once: a set of indexes into it by hash.
template <typename T, typename Hash>
class UniqueList {
  public:
    explicit UniqueList(std::vector<T>& items) : items_(items), slots_(64) {}
    // Appends `v` unless an equal value is there; true when appended.
    bool Insert(const T& v) {
        if ((size_ + 1) * 2 > slots_.size()) Grow();
        const std::uint64_t h = Hash{}(v);
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = Mix(h) & mask;
        for (; slots_[i].second != 0; i = (i + 1) & mask) {
            if (slots_[i].first == h && items_[slots_[i].second - 1] == v) return false;
        }
        items_.push_back(v);
        slots_[i] = {h, static_cast<std::uint32_t>(items_.size())};
        ++size_;
        return true;
    }

  private:
    void Grow() {
        std::vector<std::pair<std::uint64_t, std::uint32_t>> grown(slots_.size() * 2);
        const std::size_t mask = grown.size() - 1;
        for (const auto& slot : slots_) {
            if (slot.second == 0) continue;
            std::size_t i = Mix(slot.first) & mask;
            while (grown[i].second != 0) i = (i + 1) & mask;
            grown[i] = slot;
        }
        slots_ = std::move(grown);
    }
    std::vector<T>& items_;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> slots_;  // hash, index + 1 (0: empty)
    std::size_t size_ = 0;
};

// Calls f for `e` and every other event of its transformationID, unless that transformation was
// already taken from `from` (`done` remembers: a lot packed in twenty batches of one
// transformationID is in twenty of its events, and each would otherwise walk all twenty).
template <typename F>
void ForTransformation(const TraceIndex& ix, const EventFilter* filter, EventRef e, NodeId from, KeySet& done, F&& f) {
    const NodeId group = NodeWithRole(ix, e, kLinkTransformation);
    if (group == 0) {
        f(e);
        return;
    }
    if (!done.Insert((static_cast<std::uint64_t>(group) << 32) | from)) return;
    for (EventRef g : ix.EventsOf(group)) {
        if (Takes(ix, filter, g)) f(g);
    }
}

struct EdgeHash {
    std::size_t operator()(const TraceEdge& e) const {
        std::uint64_t h = e.event;
        h = h * 0x9E3779B97F4A7C15ull ^ e.from;
        h = h * 0x9E3779B97F4A7C15ull ^ e.to;
        h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(e.relation);
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

// Builds one TraceResult: nodes, edges and events, each once, up to max_nodes.
class Walker {
  public:
    Walker(const TraceIndex& ix, const TraceOptions& options, TraceResult& out)
        : ix_(ix), options_(options), out_(out) {}

    bool AddNode(NodeId n) {
        if (seen_nodes_.Contains(n)) return true;
        if (out_.nodes.size() >= options_.max_nodes) {
            out_.truncated = true;
            return false;
        }
        seen_nodes_.Insert(n);
        out_.nodes.push_back(n);
        return true;
    }

    bool AddEdge(NodeId from, NodeId to, Relation relation, EventRef event) {
        if (!AddNode(from) || !AddNode(to)) return false;
        TraceEdge edge{from, to, relation, event};
        seen_edges_.Insert(edge);
        if (seen_events_.Insert(event)) out_.events.push_back(event);
        return true;
    }

    // The places, parties and transactions event `e` names for `n`.
    void PlaceEdges(EventRef e, NodeId n) {
        for (auto it = ix_.LinksBegin(e); it != ix_.ContextEnd(e); ++it) {
            if (it->node == n) continue;
            if (it->roles & kPlaceRoles) AddEdge(n, it->node, Relation::kLocation, e);
            if (!SeesPrivate(options_.filter, e)) continue;
            if (it->roles & kSourceRoles) AddEdge(it->node, n, Relation::kSource, e);
            if (it->roles & kDestinationRoles) AddEdge(n, it->node, Relation::kDestination, e);
            if (it->roles & kLinkTransaction) AddEdge(n, it->node, Relation::kTransaction, e);
        }
        if (seen_events_.Insert(e)) out_.events.push_back(e);
    }

    // Where `n` was inside containers during [from, to].
    void Containers(NodeId n, std::int64_t from, std::int64_t to) {
        ContainmentsOf(ix_, options_.filter, n, containments_);
        for (const auto& c : containments_) {
            const std::int64_t lo = std::max(from, c.from);
            const std::int64_t hi = std::min(to, c.to);
            if (lo > hi) continue;
            AddEdge(n, c.parent, c.association ? Relation::kAssociation : Relation::kAggregation, c.enter);
            // Things packed together share their container's windows: walk each window once.
            if (!seen_windows_.Insert(Window{c.parent, lo, hi})) continue;
            History(ix_, options_.filter, c.parent, lo, hi, 1, [&](EventRef e, NodeId via) {
                PlaceEdges(e, via);
                if (IsContainerEvent(ix_.Event(e))) ContainerEdge(e, via, RolesIn(ix_, e, via));
            });
        }
    }

    // The aggregation / association edge of a container event for a node that is its child.
    void ContainerEdge(EventRef e, NodeId child, std::uint32_t roles) {
        const EventInfo& info = ix_.Event(e);
        if (!IsContainerEvent(info) || !(roles & kChildRoles)) return;
        const NodeId parent = NodeWithRole(ix_, e, epcis::kRoleParentId);
        if (parent == 0) return;
        const bool association = info.type == epcis::EventType::kAssociationEvent;
        if (info.action == kActionDelete) {
            AddEdge(parent, child, association ? Relation::kDisassociation : Relation::kDisaggregation, e);
        } else {
            AddEdge(child, parent, association ? Relation::kAssociation : Relation::kAggregation, e);
        }
    }

    void Walk(NodeId root, bool forward) {
        struct Work {
            NodeId node;
            std::int64_t time;  // backward: events up to it; forward: events from it
            int depth;
        };
        std::deque<Work> queue;
        NodeTimes done;  // the time each node was walked to
        const std::int64_t start = options_.at_ms.value_or(forward ? kMinTime : kMaxTime);
        queue.push_back({root, start, 0});
        auto push = [&](NodeId n, std::int64_t t, int depth, NodeId from, NodeId to, Relation r, EventRef e) {
            if (!AddEdge(from, to, r, e)) return;
            queue.push_back({n, t, depth});
        };
        while (!queue.empty() && !out_.truncated) {
            const Work w = queue.front();
            queue.pop_front();
            if (options_.depth && w.depth > *options_.depth) continue;
            // Walk only the part of the node's time not walked yet.
            std::int64_t from = forward ? w.time : kMinTime;
            std::int64_t to = forward ? kMaxTime : w.time;
            if (std::int64_t* walked = done.Find(w.node)) {
                if (forward ? *walked <= w.time : *walked >= w.time) continue;
                if (forward) {
                    to = *walked - 1;
                } else {
                    from = *walked + 1;
                }
                *walked = w.time;
            } else {
                done.Insert(w.node, w.time);
            }
            const bool expand = !options_.depth || w.depth < *options_.depth;
            auto [begin, end] = EventsBetween(ix_, w.node, from, to);
            for (auto it = begin; it != end && !out_.truncated; ++it) {
                const EventRef e = *it;
                const EventInfo& info = ix_.Event(e);
                if (!Takes(ix_, options_.filter, e)) continue;
                const std::uint32_t roles = RolesIn(ix_, e, w.node);
                PlaceEdges(e, w.node);
                ContainerEdge(e, w.node, roles);
                if (!expand) continue;
                const int next = w.depth + 1;
                if (info.type == epcis::EventType::kTransformationEvent &&
                    (roles & (forward ? kInputRoles : kOutputRoles))) {
                    ForTransformation(
                        ix_, options_.filter, e, w.node, forward ? groups_forward_ : groups_backward_, [&](EventRef g) {
                            for (auto l = ix_.LinksBegin(g); l != ix_.LinksEnd(g); ++l) {
                                if (l->node == w.node || !(l->roles & (forward ? kOutputRoles : kInputRoles))) continue;
                                if (forward) {
                                    push(l->node, info.time_ms, next, w.node, l->node, Relation::kTransformation, g);
                                } else {
                                    push(l->node, info.time_ms, next, l->node, w.node, Relation::kTransformation, g);
                                }
                            }
                        });
                }
                if (forward && (roles & kLinkLot)) {  // a lot class: its commissioned instances
                    for (auto l = ix_.LinksBegin(e); l != ix_.LinksEnd(e); ++l) {
                        if (l->node != w.node && (l->roles & kLotMemberRoles)) {
                            push(l->node, info.time_ms, next, w.node, l->node, Relation::kLot, e);
                        }
                    }
                }
                if (!forward && (roles & kLotMemberRoles)) {  // an instance: its lot class
                    if (const NodeId lot = NodeWithRole(ix_, e, kLinkLot); lot != 0 && lot != w.node) {
                        push(lot, info.time_ms, next, lot, w.node, Relation::kLot, e);
                    }
                }
                if (IsContainerEvent(info) && (roles & epcis::kRoleParentId) && info.action != kActionDelete) {
                    // A container traced as such: its contents are what it carries.
                    const Relation r = info.type == epcis::EventType::kAssociationEvent ? Relation::kAssociation
                                                                                        : Relation::kAggregation;
                    for (auto l = ix_.LinksBegin(e); l != ix_.LinksEnd(e); ++l) {
                        if (l->node != w.node && (l->roles & kChildRoles)) {
                            push(l->node, info.time_ms, next, l->node, w.node, r, e);
                        }
                    }
                }
            }
            if (!out_.truncated) Containers(w.node, from, to);
        }
    }

  private:
    const TraceIndex& ix_;
    const TraceOptions& options_;
    TraceResult& out_;
    KeySet seen_nodes_;
    UniqueList<TraceEdge, EdgeHash> seen_edges_{out_.edges};
    KeySet seen_events_;
    struct Window {
        NodeId parent;
        std::int64_t from, to;
        friend bool operator==(const Window&, const Window&) = default;
    };
    struct WindowHash {
        std::size_t operator()(const Window& w) const {
            std::uint64_t h = w.parent;
            h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(w.from);
            h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(w.to);
            return static_cast<std::size_t>(h ^ (h >> 29));
        }
    };
    std::vector<Window> windows_;
    UniqueList<Window, WindowHash> seen_windows_{windows_};
    KeySet groups_forward_, groups_backward_;  // transformations taken, by node
    std::vector<Containment> containments_;    // Containers()'s buffer
};

// The party named by the destination (`destination`) or source list of an event: possessing
// before owning; 0 when none.
NodeId PartyOf(const TraceIndex& ix, EventRef e, bool destination) {
    const NodeId possessor = NodeWithRole(ix, e, destination ? kLinkDestinationPossessor : kLinkSourcePossessor);
    if (possessor != 0) return possessor;
    return NodeWithRole(ix, e, destination ? kLinkDestinationOwner : kLinkSourceOwner);
}

// Where the objects are after the event (CBV bizLocation); 0 when it does not say (in transit, or
// a notice recorded elsewhere).
NodeId PlaceOf(const TraceIndex& ix, EventRef e) { return NodeWithRole(ix, e, kLinkBizLocation); }

// The events of `n`'s history from `from`, each once, in (eventTime, order added) order.
std::vector<EventRef> SortedHistory(const TraceIndex& ix, const EventFilter* filter, NodeId n, std::int64_t from) {
    std::vector<EventRef> events;
    History(ix, filter, n, from, kMaxTime, 0, [&](EventRef e, NodeId) { events.push_back(e); });
    std::sort(events.begin(), events.end(), [&](EventRef a, EventRef b) {
        const auto ta = ix.Event(a).time_ms;
        const auto tb = ix.Event(b).time_ms;
        return ta != tb ? ta < tb : a < b;
    });
    events.erase(std::unique(events.begin(), events.end()), events.end());
    return events;
}

}  // namespace

std::string_view RelationName(Relation relation) {
    switch (relation) {
        case Relation::kTransformation:
            return "transformation";
        case Relation::kLot:
            return "lot";
        case Relation::kAggregation:
            return "aggregation";
        case Relation::kDisaggregation:
            return "disaggregation";
        case Relation::kAssociation:
            return "association";
        case Relation::kDisassociation:
            return "disassociation";
        case Relation::kLocation:
            return "location";
        case Relation::kSource:
            return "source";
        case Relation::kDestination:
            return "destination";
        case Relation::kTransaction:
            return "transaction";
    }
    return "location";
}

TraceResult Trace(const TraceIndex& index, NodeId root, const TraceOptions& options) {
    TraceResult out;
    out.root = root;
    Walker walker(index, options, out);
    walker.AddNode(root);
    if (options.direction != Direction::kForward) walker.Walk(root, false);
    if (options.direction != Direction::kBackward) walker.Walk(root, true);
    std::sort(out.events.begin(), out.events.end(), [&](EventRef a, EventRef b) {
        const auto ta = index.Event(a).time_ms;
        const auto tb = index.Event(b).time_ms;
        return ta != tb ? ta < tb : a < b;
    });
    return out;
}

Steps StepsOf(const TraceIndex& index, NodeId root, std::optional<std::int64_t> at_ms, const EventFilter* filter) {
    Steps out;
    out.root = root;
    NodeId pending_party = 0;  // the last destination party named: who receives it next
    for (EventRef e : SortedHistory(index, filter, root, kMinTime)) {
        const EventInfo& info = index.Event(e);
        const NodeId place = PlaceOf(index, e);
        const bool parties = SeesPrivate(filter, e);
        if (place != 0) {
            if (out.stops.empty() || out.stops.back().location != place) {
                out.stops.push_back(Stop{place, pending_party, info.time_ms, info.time_ms, e, e});
            }
            Stop& stop = out.stops.back();
            stop.left_ms = info.time_ms;
            stop.last_event = e;
            if (const NodeId source = parties ? PartyOf(index, e, false) : 0; source != 0) stop.party = source;
        }
        if (const NodeId destination = parties ? PartyOf(index, e, true) : 0; destination != 0) {
            pending_party = destination;
        }
    }
    if (out.stops.empty()) return out;
    std::size_t current = out.stops.size() - 1;
    if (at_ms) {
        std::optional<std::size_t> found;
        for (std::size_t i = 0; i < out.stops.size(); ++i) {
            if (out.stops[i].arrived_ms <= *at_ms) found = i;
        }
        if (!found) {  // before its first stop: only a next one
            out.next = 0;
            return out;
        }
        current = *found;
    }
    out.current = current;
    if (current > 0) out.previous = current - 1;
    if (current + 1 < out.stops.size()) out.next = current + 1;
    return out;
}

namespace {

// The latest event (by eventTime, then order added) giving one field of a recall item.
struct Latest {
    std::int64_t time = kMinTime;
    EventRef event = 0;
    bool set = false;
    bool Later(std::int64_t t, EventRef e) const { return !set || t > time || (t == time && e > event); }
    void Take(std::int64_t t, EventRef e) {
        time = t;
        event = e;
        set = true;
    }
};

// What a recall reports of an item, folded over its history: the latest event, place, read
// point, disposition and custodian. Folding is associative, so the part of a history spent in a
// container is folded once per container window and shared by everything packed in it.
struct RecallSummary {
    Latest last, place, read_point, disposition, custodian;
    NodeId place_node = 0, read_point_node = 0, party_node = 0;
    std::uint32_t disposition_value = 0;

    void Visit(const TraceIndex& ix, const EventFilter* filter, EventRef e) {
        const EventInfo& info = ix.Event(e);
        if (last.Later(info.time_ms, e)) last.Take(info.time_ms, e);
        if (place.Later(info.time_ms, e)) {
            if (const NodeId p = PlaceOf(ix, e); p != 0) {
                place.Take(info.time_ms, e);
                place_node = p;
            }
        }
        if (read_point.Later(info.time_ms, e)) {
            if (const NodeId rp = NodeWithRole(ix, e, kLinkReadPoint); rp != 0) {
                read_point.Take(info.time_ms, e);
                read_point_node = rp;
            }
        }
        if (info.disposition != 0 && disposition.Later(info.time_ms, e)) {
            disposition.Take(info.time_ms, e);
            disposition_value = info.disposition;
        }
        if (custodian.Later(info.time_ms, e) && SeesPrivate(filter, e)) {
            if (const NodeId party = PartyOf(ix, e, true); party != 0) {
                custodian.Take(info.time_ms, e);
                party_node = party;
            }
        }
    }

    void Merge(const RecallSummary& o) {
        auto take = [](Latest& mine, const Latest& theirs) {
            if (!theirs.set || !mine.Later(theirs.time, theirs.event)) return false;
            mine = theirs;
            return true;
        };
        take(last, o.last);
        if (take(place, o.place)) place_node = o.place_node;
        if (take(read_point, o.read_point)) read_point_node = o.read_point_node;
        if (take(disposition, o.disposition)) disposition_value = o.disposition_value;
        if (take(custodian, o.custodian)) party_node = o.party_node;
    }
};

// RecallSummary of a node's history in [from, to] (its events and, meanwhile, its containers':
// what History visits), with the containers' windows computed once.
class RecallSummaries {
  public:
    RecallSummaries(const TraceIndex& ix, const EventFilter* filter) : ix_(ix), filter_(filter) {}

    RecallSummary Of(NodeId n, std::int64_t from, std::int64_t to, int nesting) {
        RecallSummary s;
        auto [begin, end] = EventsBetween(ix_, n, from, to);
        for (auto it = begin; it != end; ++it) {
            if (Takes(ix_, filter_, *it)) s.Visit(ix_, filter_, *it);
        }
        if (nesting >= kMaxNesting) return s;
        std::vector<Containment>& containments = buffers_[static_cast<std::size_t>(nesting)];
        ContainmentsOf(ix_, filter_, n, containments);
        for (std::size_t i = 0; i < containments.size(); ++i) {
            const Containment c = containments[i];  // (the buffer of a deeper level may move)
            const std::int64_t lo = std::max(from, c.from);
            const std::int64_t hi = std::min(to, c.to);
            if (lo > hi) continue;
            const Key key{c.parent, lo, hi, nesting + 1};
            auto it = cache_.find(key);
            if (it == cache_.end()) it = cache_.emplace(key, Of(c.parent, lo, hi, nesting + 1)).first;
            s.Merge(it->second);
        }
        return s;
    }

  private:
    struct Key {
        NodeId node;
        std::int64_t from, to;
        int nesting;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            std::uint64_t h = k.node;
            h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(k.from);
            h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(k.to);
            h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(k.nesting);
            return static_cast<std::size_t>(h ^ (h >> 29));
        }
    };
    const TraceIndex& ix_;
    const EventFilter* filter_;
    std::unordered_map<Key, RecallSummary, KeyHash> cache_;
    std::array<std::vector<Containment>, kMaxNesting> buffers_;  // per nesting level
};

}  // namespace

RecallResult Recall(const TraceIndex& index, NodeId root, std::size_t max_nodes, const EventFilter* filter) {
    RecallResult out;
    out.root = root;
    struct Derived {
        int depth = 0;
        std::int64_t from = kMinTime;
    };
    struct Work {
        NodeId node;
        Derived d;
    };
    KeySet seen;  // nodes derived so far
    std::size_t derived = 1;
    std::deque<Work> queue;
    seen.Insert(root);
    queue.push_back({root, Derived{}});
    std::vector<std::pair<NodeId, Derived>> ends;
    KeySet groups;
    while (!queue.empty()) {
        const NodeId n = queue.front().node;
        const Derived d = queue.front().d;
        queue.pop_front();
        bool has_children = false;
        auto child = [&](NodeId c, std::int64_t t) {
            if (c == n) return;
            has_children = true;
            if (seen.Contains(c)) return;
            if (derived >= max_nodes) {
                out.truncated = true;
                return;
            }
            seen.Insert(c);
            ++derived;
            queue.push_back({c, Derived{d.depth + 1, t}});
        };
        const bool logistic_unit = index.Type(n) == NodeType::kLogisticUnit;
        auto [begin, end] = EventsBetween(index, n, d.from, kMaxTime);
        for (auto it = begin; it != end; ++it) {
            const EventRef e = *it;
            const EventInfo& info = index.Event(e);
            if (!Takes(index, filter, e)) continue;
            const std::uint32_t roles = RolesIn(index, e, n);
            if (info.type == epcis::EventType::kTransformationEvent && (roles & kInputRoles)) {
                ForTransformation(index, filter, e, n, groups, [&](EventRef g) {
                    for (auto l = index.LinksBegin(g); l != index.LinksEnd(g); ++l) {
                        if (l->roles & kOutputRoles) child(l->node, info.time_ms);
                    }
                });
            }
            if (roles & kLinkLot) {
                for (auto l = index.LinksBegin(e); l != index.LinksEnd(e); ++l) {
                    if (l->roles & kLotMemberRoles) child(l->node, info.time_ms);
                }
            }
            if (logistic_unit && IsContainerEvent(info) && (roles & epcis::kRoleParentId) &&
                info.action != kActionDelete) {
                for (auto l = index.LinksBegin(e); l != index.LinksEnd(e); ++l) {
                    if (l->roles & kChildRoles) child(l->node, info.time_ms);
                }
            }
        }
        const NodeType type = index.Type(n);
        if (!has_children && (type == NodeType::kInstance || type == NodeType::kClass)) ends.emplace_back(n, d);
    }
    out.items.reserve(ends.size());
    RecallSummaries summaries(index, filter);
    for (const auto& [node, d] : ends) {
        const RecallSummary s = summaries.Of(node, d.from, kMaxTime, 0);
        if (!s.last.set) continue;
        RecallItem item;
        item.item = node;
        item.path_length = d.depth;
        item.last_event_ms = s.last.time;
        item.last_event = s.last.event;
        // Never said where it is (no bizLocation): where it was last seen.
        item.last_location = s.place_node != 0 ? s.place_node : s.read_point_node;
        item.disposition = s.disposition_value;
        item.custodian = s.party_node;
        out.items.push_back(item);
    }
    return out;
}

}  // namespace txng::trace
