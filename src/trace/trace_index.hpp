#pragma once
// The trace index: what tracing and recall need of every stored event, in memory and compact.
//
// Every identifier an event names (epcList, parentID, childEPCs, input/output lists, quantity
// classes, readPoint, bizLocation, source/destination parties and locations, bizTransactions,
// transformationID, the lot of a commissioned instance) becomes one node, whatever form it was
// written in: identifiers are keyed by epcis::CanonicalIdentifier, so an EPC URN, a Digital Link on
// any domain and an LGTIN class URN of the same thing are one node. Each node keeps the events that
// name it, in eventTime order (objects and transformations only, see EventsOf); each event keeps
// its nodes with their roles.
//
// Cost (measured in bench/): per event its links (8 bytes each) and 40 bytes; per object node its
// text once, its event list and ~60 bytes. Places, parties and transactions keep no event list.
//
// Thread-safety: Add() must not run concurrently with anything else; const members may run
// concurrently with each other. Callers (the trace service) guard it with a shared mutex.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "epcis/event.hpp"
#include "epcis/query.hpp"

namespace txng::trace {

using NodeId = std::uint32_t;    // 0 is "none"
using EventRef = std::uint32_t;  // index of an event in the index

enum class NodeType : std::uint8_t {
    kInstance,      // a serialised item or asset (SGTIN, GRAI with serial, GIAI, ...)
    kClass,         // a product class or lot (GTIN, GTIN + lot, LGTIN, EPC class pattern)
    kLogisticUnit,  // SSCC
    kLocation,      // GLN / SGLN (readPoint, bizLocation, location in source/destination lists)
    kParty,         // owning or possessing party
    kTransaction,   // a business transaction (purchase order, despatch advice, ...)
    kOther,         // anything else (transformationIDs are nodes of this type too, never reported)
};

// "instance", "class", "logistic_unit", "location", "party", "transaction", "other".
std::string_view NodeTypeName(NodeType type);

// Where a node stands in an event: epcis::IdRole bits, plus these.
enum LinkRole : std::uint32_t {
    kLinkSourceOwner = 1u << 9,        // sourceList owning_party
    kLinkSourcePossessor = 1u << 10,   // sourceList possessing_party
    kLinkSourceLocation = 1u << 11,    // sourceList location
    kLinkDestinationOwner = 1u << 12,  // destinationList owning_party
    kLinkDestinationPossessor = 1u << 13,
    kLinkDestinationLocation = 1u << 14,
    kLinkTransaction = 1u << 15,  // bizTransactionList value
    kLinkLot = 1u << 16,          // the lot class of commissioned instances (ILMD lotNumber)
    kLinkReadPoint = 1u << 17,
    kLinkBizLocation = 1u << 18,
    kLinkTransformation = 1u << 19,  // transformationID
};

// The roles that make a node an object of the event (what it is about), not a place or a party.
inline constexpr std::uint32_t kObjectRoles = 0x1FF;
inline constexpr std::uint32_t kInputRoles = epcis::kRoleInputEpcs | epcis::kRoleInputQuantity;
inline constexpr std::uint32_t kOutputRoles = epcis::kRoleOutputEpcs | epcis::kRoleOutputQuantity;
inline constexpr std::uint32_t kChildRoles = epcis::kRoleChildEpcs | epcis::kRoleChildQuantity;

// Roles an event gives to few nodes (where, who, why, the container, the lot): an event's links
// with these come first, before its objects.
inline constexpr std::uint32_t kContextRoles =
    static_cast<std::uint32_t>(epcis::kRoleParentId) |
    static_cast<std::uint32_t>(kLinkSourceOwner | kLinkSourcePossessor | kLinkSourceLocation | kLinkDestinationOwner |
                               kLinkDestinationPossessor | kLinkDestinationLocation | kLinkTransaction | kLinkLot |
                               kLinkReadPoint | kLinkBizLocation | kLinkTransformation);
// Objects of an event with more links than this are kept in node order, for binary search.
inline constexpr std::uint32_t kLinearObjectLinks = 16;

struct Link {
    NodeId node = 0;
    std::uint32_t roles = 0;
};

// What the index keeps of one event.
struct EventInfo {
    std::int64_t time_ms = 0;    // eventTime, Unix milliseconds
    std::int64_t seq = 0;        // the caller's key of the event (the store's sequence number)
    std::uint32_t biz_step = 0;  // string ids, 0 when absent (canonical Web URIs of CBV words)
    std::uint32_t disposition = 0;
    std::uint32_t links_begin = 0;
    std::uint32_t links_count = 0;
    // The first context_count links have only kContextRoles (a node may have a context link and
    // an object link); the rest, the objects, each node once: in the event's order, or in node
    // order when there are more than kLinearObjectLinks.
    std::uint32_t context_count = 0;
    epcis::EventType type = epcis::EventType::kObjectEvent;
    std::uint8_t action = 0;  // 0 none, 1 ADD, 2 OBSERVE, 3 DELETE
    bool has_error = false;   // the event carries an errorDeclaration (it is retracted or corrected)
};

inline constexpr std::uint8_t kActionAdd = 1;
inline constexpr std::uint8_t kActionObserve = 2;
inline constexpr std::uint8_t kActionDelete = 3;

class TraceIndex {
  public:
    TraceIndex();

    // Adds one event under the caller's key `seq` (the store's sequence number: the caller adds
    // each stored event once). Events may come in any order; each node's events stay sorted by
    // eventTime, then by order of addition.
    void Add(const epcis::Event& event, std::int64_t seq);

    // The node of an identifier in any form (canonicalised here); nullopt when no event names it.
    std::optional<NodeId> Find(std::string_view identifier) const;
    // The node of an identifier already in canonical form.
    std::optional<NodeId> FindCanonical(std::string_view canonical) const;

    std::string_view NodeText(NodeId node) const;  // the canonical identifier
    NodeType Type(NodeId node) const;
    // The node's events, in eventTime order. Empty for places, parties and transactions: traces
    // never walk those (they can have millions of events; the store's queries list them).
    const std::vector<EventRef>& EventsOf(NodeId node) const;

    const EventInfo& Event(EventRef e) const { return events_[e]; }
    // The event's nodes with their roles.
    std::vector<Link>::const_iterator LinksBegin(EventRef e) const { return links_.begin() + events_[e].links_begin; }
    std::vector<Link>::const_iterator LinksEnd(EventRef e) const {
        return links_.begin() + events_[e].links_begin + events_[e].links_count;
    }
    // The end of the event's context links (the start of its objects).
    std::vector<Link>::const_iterator ContextEnd(EventRef e) const {
        return links_.begin() + events_[e].links_begin + events_[e].context_count;
    }
    // All the roles `node` has in event `e` (0: none). Logarithmic in the event's size.
    std::uint32_t RolesIn(EventRef e, NodeId node) const;
    // A node with any of `roles` in `e` (the first), 0 when none. Only the context links are
    // looked at when `roles` are all context roles.
    NodeId NodeWithRole(EventRef e, std::uint32_t roles) const;
    std::string_view Text(std::uint32_t string_id) const;

    std::size_t event_count() const { return events_.size(); }
    std::size_t node_count() const { return nodes_.size() - 1; }
    // Bytes held (capacity, not size, with the allocator's per-block overhead), for the memory
    // figures. Constant time.
    std::size_t MemoryBytes() const;

  private:
    struct Node {
        std::uint32_t text = 0;  // string id
        NodeType type = NodeType::kOther;
        std::vector<EventRef> events;
    };

    std::uint32_t Intern(std::string_view text);  // string id
    NodeId NodeFor(std::string_view canonical, NodeType type);
    std::optional<std::uint32_t> FindString(std::string_view text) const;

    // Strings, each once: bytes in `chars_`, [offset, end) in `string_ends_`; an open-addressing
    // table of string ids keyed by hash.
    std::string chars_;
    std::vector<std::uint32_t> string_ends_;
    std::vector<std::uint32_t> string_table_;  // 0 empty, else string id + 1
    std::vector<std::uint32_t> string_tags_;   // string id -> high half of its hash (cheap mismatch)
    std::vector<NodeId> node_of_string_;       // string id -> node (0 none)

    std::vector<Node> nodes_;  // [0] unused
    std::vector<EventInfo> events_;
    std::vector<Link> links_;
    std::size_t adjacency_bytes_ = 0;  // heap bytes of the nodes' event lists
    // Texts as written -> their node (places, parties) or string id (bare CBV words), to skip
    // canonicalising what every event repeats.
    std::unordered_map<std::string, NodeId> node_of_raw_place_;
    std::unordered_map<std::string, std::uint32_t> vocab_of_raw_[2];  // bizStep, disposition
    std::vector<Link> scratch_context_, scratch_objects_;             // Add's, kept for their buffers
};

// The node type an identifier has by its form (Digital Link primary key, EPC URN scheme).
NodeType TypeOfIdentifier(std::string_view canonical);

// The canonical lot-class identifier (GTIN + lot) of a canonical instance identifier with a
// GTIN (an SGTIN's Digital Link) and a lot number; empty when the instance has no GTIN.
std::string LotClassOf(std::string_view canonical_instance, std::string_view lot);

// The CBV lotNumber of an event's ILMD (the last one given), empty when none: the lot of the
// instances the event commissions.
std::string IlmdLotNumber(const epcis::Event& event);

}  // namespace txng::trace
