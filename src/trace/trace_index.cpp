#include "trace/trace_index.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "epcis/cbv.hpp"
#include "epcis/query.hpp"
#include "gs1/percent_encoding.hpp"

namespace txng::trace {
namespace {

constexpr std::string_view kDl = "https://id.gs1.org/";

// The first AI of a canonical Digital Link and the rest of its path.
bool SplitDigitalLink(std::string_view canonical, std::string_view& ai, std::string_view& rest) {
    if (!canonical.starts_with(kDl)) return false;
    std::string_view path = canonical.substr(kDl.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return false;
    ai = path.substr(0, slash);
    rest = path.substr(slash + 1);
    return true;
}

std::uint8_t ActionCode(const std::optional<epcis::Action>& a) {
    if (!a) return 0;
    switch (*a) {
        case epcis::Action::kAdd:
            return kActionAdd;
        case epcis::Action::kObserve:
            return kActionObserve;
        case epcis::Action::kDelete:
            return kActionDelete;
    }
    return 0;
}

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// The roles of a source or destination by its type (bare, CURIE or URI of the CBV SDT words).
std::uint32_t SourceDestRole(std::string_view type, bool source) {
    if (EndsWith(type, "owning_party")) return source ? kLinkSourceOwner : kLinkDestinationOwner;
    if (EndsWith(type, "possessing_party")) return source ? kLinkSourcePossessor : kLinkDestinationPossessor;
    if (EndsWith(type, "location")) return source ? kLinkSourceLocation : kLinkDestinationLocation;
    return 0;
}

std::uint64_t HashText(std::string_view text) { return std::hash<std::string_view>{}(text); }

// What the allocator adds to each heap block (glibc: 16 bytes on x86-64), for MemoryBytes().
constexpr std::size_t kMallocOverhead = 16;

bool Walkable(NodeType type) {
    return type != NodeType::kLocation && type != NodeType::kParty && type != NodeType::kTransaction;
}

}  // namespace

std::string_view NodeTypeName(NodeType type) {
    switch (type) {
        case NodeType::kInstance:
            return "instance";
        case NodeType::kClass:
            return "class";
        case NodeType::kLogisticUnit:
            return "logistic_unit";
        case NodeType::kLocation:
            return "location";
        case NodeType::kParty:
            return "party";
        case NodeType::kTransaction:
            return "transaction";
        case NodeType::kOther:
            return "other";
    }
    return "other";
}

NodeType TypeOfIdentifier(std::string_view canonical) {
    std::string_view ai;
    std::string_view rest;
    if (SplitDigitalLink(canonical, ai, rest)) {
        if (ai == "00") return NodeType::kLogisticUnit;
        if (ai == "01") return rest.find("/21/") != std::string_view::npos ? NodeType::kInstance : NodeType::kClass;
        if (ai == "414") return NodeType::kLocation;
        if (ai == "417") return NodeType::kParty;
        if (ai == "401" || ai == "402") return NodeType::kLogisticUnit;                      // GINC, GSIN
        if (ai == "8003") return rest.size() > 14 ? NodeType::kInstance : NodeType::kClass;  // GRAI: serial?
        if (ai == "8006" || ai == "8010") {
            return rest.find('/') != std::string_view::npos ? NodeType::kInstance : NodeType::kClass;
        }
        return NodeType::kInstance;
    }
    if (canonical.starts_with("urn:epc:class:") || canonical.starts_with("urn:epc:idpat:")) return NodeType::kClass;
    if (canonical.starts_with("urn:epc:id:sscc:")) return NodeType::kLogisticUnit;
    if (canonical.starts_with("urn:epc:id:sgln:")) return NodeType::kLocation;
    if (canonical.starts_with("urn:epc:id:pgln:")) return NodeType::kParty;
    return NodeType::kInstance;
}

std::string IlmdLotNumber(const epcis::Event& event) {
    std::string lot;
    if (!event.ilmd) return lot;
    for (const auto& f : *event.ilmd) {
        if (f.name == "lotNumber" && f.ns.starts_with("urn:epcglobal:cbv:mda") &&
            f.value.kind == epcis::ExtensionValue::Kind::kString) {
            lot = f.value.text;
        }
    }
    return lot;
}

std::string LotClassOf(std::string_view canonical_instance, std::string_view lot) {
    std::string_view ai;
    std::string_view rest;
    if (lot.empty() || !SplitDigitalLink(canonical_instance, ai, rest) || ai != "01") return {};
    const auto gtin = rest.substr(0, rest.find('/'));
    std::string dl = std::string(kDl) + "01/" + std::string(gtin) + "/10/" + gs1::PercentEncodeDlValue(lot);
    return epcis::CanonicalIdentifier(dl);
}

TraceIndex::TraceIndex() {
    nodes_.emplace_back();  // node 0: none
    string_table_.assign(1024, 0);
    Intern("");  // string 0: "none"
}

std::optional<std::uint32_t> TraceIndex::FindString(std::string_view text) const {
    const std::uint64_t h = HashText(text);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = string_table_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = string_table_[i];
        if (slot == 0) return std::nullopt;
        if (string_tags_[slot - 1] == tag && Text(slot - 1) == text) return slot - 1;
    }
}

std::uint32_t TraceIndex::Intern(std::string_view text) {
    const std::uint64_t h = HashText(text);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    std::size_t mask = string_table_.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        const std::uint32_t slot = string_table_[i];
        if (slot == 0) break;
        if (string_tags_[slot - 1] == tag && Text(slot - 1) == text) return slot - 1;
    }
    const auto id = static_cast<std::uint32_t>(string_ends_.size());
    chars_.append(text);
    string_ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
    string_tags_.push_back(tag);
    node_of_string_.push_back(0);
    string_table_[i] = id + 1;
    if ((string_ends_.size()) * 2 > string_table_.size()) {  // keep the load under one half
        std::vector<std::uint32_t> grown(string_table_.size() * 2, 0);
        mask = grown.size() - 1;
        for (std::uint32_t s = 0; s < string_ends_.size(); ++s) {
            std::size_t j = HashText(Text(s)) & mask;
            while (grown[j] != 0) j = (j + 1) & mask;
            grown[j] = s + 1;
        }
        string_table_ = std::move(grown);
    }
    return id;
}

std::string_view TraceIndex::Text(std::uint32_t string_id) const {
    const std::uint32_t begin = string_id == 0 ? 0 : string_ends_[string_id - 1];
    return std::string_view(chars_).substr(begin, string_ends_[string_id] - begin);
}

NodeId TraceIndex::NodeFor(std::string_view canonical, NodeType type) {
    const std::uint32_t s = Intern(canonical);
    if (node_of_string_[s] != 0) return node_of_string_[s];
    const auto id = static_cast<NodeId>(nodes_.size());
    Node n;
    n.text = s;
    n.type = type;
    nodes_.push_back(std::move(n));
    node_of_string_[s] = id;
    return id;
}

std::optional<NodeId> TraceIndex::FindCanonical(std::string_view canonical) const {
    auto s = FindString(canonical);
    if (!s || node_of_string_[*s] == 0) return std::nullopt;
    return node_of_string_[*s];
}

std::optional<NodeId> TraceIndex::Find(std::string_view identifier) const {
    return FindCanonical(epcis::CanonicalIdentifier(identifier));
}

std::string_view TraceIndex::NodeText(NodeId node) const { return Text(nodes_[node].text); }
NodeType TraceIndex::Type(NodeId node) const { return nodes_[node].type; }
const std::vector<EventRef>& TraceIndex::EventsOf(NodeId node) const { return nodes_[node].events; }

void TraceIndex::Add(const epcis::Event& event, std::int64_t seq) {
    EventInfo info;
    info.time_ms = event.event_time.UnixMillis();
    info.seq = seq;
    info.type = event.type;
    info.action = ActionCode(event.action);
    info.has_error = event.error_declaration.has_value();
    // CBV words: a bare word means the same in every event (cached); a CURIE depends on the
    // event's namespaces.
    std::optional<std::map<std::string, std::string>> ns;
    auto vocabulary = [&](epcis::cbv::Vocab vocab, const std::string& raw) {
        auto& cache = vocab_of_raw_[vocab == epcis::cbv::Vocab::kBizStep ? 0 : 1];
        const bool bare = raw.find(':') == std::string::npos;
        if (bare) {
            if (auto it = cache.find(raw); it != cache.end()) return it->second;
        }
        if (!ns) {
            ns.emplace();
            for (const auto& d : event.namespaces) (*ns)[d.prefix] = d.uri;
        }
        const std::uint32_t id = Intern(epcis::CanonicalVocabulary(vocab, raw, *ns));
        if (bare) cache.emplace(raw, id);
        return id;
    };
    if (event.biz_step) info.biz_step = vocabulary(epcis::cbv::Vocab::kBizStep, *event.biz_step);
    if (event.disposition) info.disposition = vocabulary(epcis::cbv::Vocab::kDisposition, *event.disposition);

    // The event's nodes with their roles: context links first (few, each node once per role
    // kind), then the objects, each node once with all its roles.
    std::vector<Link>& context = scratch_context_;
    std::vector<Link>& objects = scratch_objects_;
    context.clear();
    objects.clear();
    auto add_context = [&](NodeId node, std::uint32_t role) {
        for (auto& l : context) {
            if (l.node == node) {
                l.roles |= role;
                return;
            }
        }
        context.push_back(Link{node, role});
    };
    const std::string lot = IlmdLotNumber(event);
    std::string last_lot_class;
    NodeId last_lot = 0;
    for (const auto& id : epcis::EventIdentifiers(event)) {
        const NodeId node = NodeFor(id.canonical, TypeOfIdentifier(id.canonical));
        if (id.role & kContextRoles) {
            add_context(node, id.role);
        } else {
            objects.push_back(Link{node, id.role});
        }
        // A commissioned instance with a lot in its ILMD belongs to that lot's class.
        const bool commissioned = (id.role == epcis::kRoleEpcList && event.type == epcis::EventType::kObjectEvent &&
                                   info.action == kActionAdd) ||
                                  id.role == epcis::kRoleOutputEpcs;
        if (commissioned && !lot.empty()) {
            std::string lot_class = LotClassOf(id.canonical, lot);
            if (lot_class.empty()) continue;
            if (lot_class != last_lot_class) {
                last_lot = NodeFor(lot_class, NodeType::kClass);
                last_lot_class = std::move(lot_class);
            }
            add_context(last_lot, kLinkLot);
        }
    }
    // Places and parties repeat in event after event: their canonical forms are cached by the
    // text as written (a few thousand distinct ones).
    auto place = [&](const std::string& raw, std::uint32_t role, NodeType type) {
        auto it = node_of_raw_place_.find(raw);
        if (it == node_of_raw_place_.end()) {
            if (node_of_raw_place_.size() > 1'000'000) node_of_raw_place_.clear();  // bounded, whatever the data
            it = node_of_raw_place_.emplace(raw, NodeFor(epcis::CanonicalIdentifier(raw), type)).first;
        }
        add_context(it->second, role);
    };
    if (event.read_point) place(event.read_point->id, kLinkReadPoint, NodeType::kLocation);
    if (event.biz_location) place(event.biz_location->id, kLinkBizLocation, NodeType::kLocation);
    for (const auto& sd : event.source_list) {
        if (const auto role = SourceDestRole(sd.type, true); role != 0) {
            place(sd.value, role, role == kLinkSourceLocation ? NodeType::kLocation : NodeType::kParty);
        }
    }
    for (const auto& sd : event.destination_list) {
        if (const auto role = SourceDestRole(sd.type, false); role != 0) {
            place(sd.value, role, role == kLinkDestinationLocation ? NodeType::kLocation : NodeType::kParty);
        }
    }
    for (const auto& bt : event.biz_transaction_list) {
        add_context(NodeFor(bt.value, NodeType::kTransaction), kLinkTransaction);
    }
    if (event.transformation_id) {
        add_context(NodeFor(*event.transformation_id, NodeType::kOther), kLinkTransformation);
    }
    // Objects each once: a quadratic merge while few, else sorted by node and merged.
    if (objects.size() <= kLinearObjectLinks) {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < objects.size(); ++i) {
            std::size_t j = 0;
            while (j < kept && objects[j].node != objects[i].node) ++j;
            if (j < kept) {
                objects[j].roles |= objects[i].roles;
            } else {
                objects[kept++] = objects[i];
            }
        }
        objects.resize(kept);
    } else {
        std::sort(objects.begin(), objects.end(), [](const Link& x, const Link& y) { return x.node < y.node; });
        std::size_t kept = 0;
        for (std::size_t i = 0; i < objects.size(); ++i) {
            if (kept > 0 && objects[kept - 1].node == objects[i].node) {
                objects[kept - 1].roles |= objects[i].roles;
            } else {
                objects[kept++] = objects[i];
            }
        }
        objects.resize(kept);
    }
    const auto ref = static_cast<EventRef>(events_.size());
    info.links_begin = static_cast<std::uint32_t>(links_.size());
    info.context_count = static_cast<std::uint32_t>(context.size());
    info.links_count = static_cast<std::uint32_t>(context.size() + objects.size());
    links_.insert(links_.end(), context.begin(), context.end());
    links_.insert(links_.end(), objects.begin(), objects.end());
    events_.push_back(info);
    for (std::size_t i = info.links_begin; i < links_.size(); ++i) {
        const Link& l = links_[i];
        if (!Walkable(nodes_[l.node].type)) continue;
        auto& list = nodes_[l.node].events;
        const std::size_t capacity = list.capacity();
        // (A node with a context and an object link is listed once.)
        if (list.empty() || events_[list.back()].time_ms <= info.time_ms) {
            if (list.empty() || list.back() != ref) list.push_back(ref);
        } else {
            auto at = std::upper_bound(list.begin(), list.end(), info.time_ms,
                                       [&](std::int64_t t, EventRef e) { return t < events_[e].time_ms; });
            if (at == list.begin() || *(at - 1) != ref) list.insert(at, ref);
        }
        if (list.capacity() != capacity) {
            adjacency_bytes_ += (list.capacity() - capacity) * sizeof(EventRef) + (capacity == 0 ? kMallocOverhead : 0);
        }
    }
}

std::uint32_t TraceIndex::RolesIn(EventRef e, NodeId node) const {
    const EventInfo& info = events_[e];
    const Link* begin = links_.data() + info.links_begin;
    const Link* objects = begin + info.context_count;
    const Link* end = begin + info.links_count;
    std::uint32_t roles = 0;
    for (const Link* l = begin; l != objects; ++l) {
        if (l->node == node) roles |= l->roles;
    }
    if (static_cast<std::size_t>(end - objects) <= kLinearObjectLinks) {
        for (const Link* l = objects; l != end; ++l) {
            if (l->node == node) return roles | l->roles;
        }
        return roles;
    }
    const Link* at = std::lower_bound(objects, end, node, [](const Link& l, NodeId n) { return l.node < n; });
    return at != end && at->node == node ? roles | at->roles : roles;
}

NodeId TraceIndex::NodeWithRole(EventRef e, std::uint32_t roles) const {
    const EventInfo& info = events_[e];
    const Link* begin = links_.data() + info.links_begin;
    const Link* end = begin + ((roles & ~kContextRoles) == 0 ? info.context_count : info.links_count);
    for (const Link* l = begin; l != end; ++l) {
        if (l->roles & roles) return l->node;
    }
    return 0;
}

std::size_t TraceIndex::MemoryBytes() const {
    return chars_.capacity() + string_ends_.capacity() * sizeof(std::uint32_t) +
           string_table_.capacity() * sizeof(std::uint32_t) + node_of_string_.capacity() * sizeof(NodeId) +
           string_tags_.capacity() * sizeof(std::uint32_t) + nodes_.capacity() * sizeof(Node) +
           events_.capacity() * sizeof(EventInfo) + links_.capacity() * sizeof(Link) + adjacency_bytes_;
}

}  // namespace txng::trace
