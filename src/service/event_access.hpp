#pragma once
// What a principal may see of stored EPCIS events and capture jobs (docs/access-control.md):
//   - national roles: everything;
//   - provincial roles: events that happened in their province (bizLocation or readPoint of an
//     enterprise registered there) or name such an enterprise as source or destination;
//   - enterprises, households, providers (for themselves and who delegated to them),
//     certification bodies: their own events in full (at their locations or naming them as
//     source or destination), and the events of others that carry their products (GTIN or SSCC
//     under their prefixes: where their goods went, one step forward and on) with the other
//     parties' private fields removed (bizTransactionList, sourceList, destinationList, and the
//     extensions their owners keep private: all, unless the owner says which);
//   - the public (when a node opens reads to it): the consumer view, every event with those
//     private fields removed.
// One EventAccess serves one request: it caches the registry lookups it makes. Not thread-safe.

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.hpp"
#include "epcis/event.hpp"
#include "registry/access.hpp"
#include "service/capture_access.hpp"
#include "store/registry_store.hpp"
#include "store/store.hpp"
#include "trace/trace.hpp"

namespace txng::service {

class EventAccess {
  public:
    EventAccess(store::RegistryStore& registry, registry::Principal principal);
    ~EventAccess();
    EventAccess(EventAccess&&) noexcept;
    EventAccess& operator=(EventAccess&&) noexcept;

    using Sight = trace::Sight;

    // How much of `event` the principal sees. kUnavailable when the registry cannot be read.
    Result<Sight> See(const epcis::Event& event);
    // Sees `event` and applies it: false when hidden, else true with `event` redacted as needed.
    Result<bool> Apply(epcis::Event& event);
    // True for national roles: no filtering needed.
    bool SeesEverything() const;
    const registry::Principal& principal() const { return principal_; }
    // Whether the principal may see a capture job: its own (same key or same enterprise), or all
    // for national roles.
    bool SeesJob(const store::CaptureJob& job) const;
    // Whether a vocabulary value (an identifier, a location) is the principal's to list: its GS1
    // key is held by one of its enterprises (or one of its province's).
    Result<bool> Owns(std::string_view identifier);

    // Drops the private fields of someone else's event: its parties, transactions and comments,
    // and the extension fields its owner keeps private (`private_extensions`, see
    // registry::Enterprise; nullptr: all of them). ILMD keeps its CBV master-data fields.
    static void Redact(epcis::Event& event, const std::vector<std::string>* private_extensions = nullptr);
    // The enterprise whose event it is: the holder of its bizLocation's GLN, else of its
    // readPoint's; nullptr when nobody registered it.
    Result<const registry::Enterprise*> OwnerOf(const epcis::Event& event);

    // Whether an identifier names a GS1 key held by one of the principal's enterprises (or, for
    // provincial roles, one of its province's): `place` keys (GLN: locations, parties) or, when
    // false, goods (GTIN, SSCC). False for identifiers that name no such key.
    Result<bool> HoldsKey(std::string_view identifier, bool place);

  private:
    bool Ours(const registry::Enterprise* e) const;
    // The holder of the GS1 key `identifier` names, when its AI is one of `ais`; nullptr when it
    // names no such key or nobody registered its prefix.
    Result<const registry::Enterprise*> HolderOf(std::string_view identifier,
                                                 std::initializer_list<std::string_view> ais);

    registry::Principal principal_;
    std::unique_ptr<PrefixHolders> holders_;
};

// What a principal sees of the events of a trace index: the trace walks' filter, judging each
// event as EventAccess::See would from the index's links (its places and parties, its goods),
// looking each node up once. A registry error hides the events it concerns and is kept in
// error(): the caller answers with it instead of a partial trace. Lives for one walk under the
// index's lock; not thread-safe.
class TraceFilter final : public trace::EventFilter {
  public:
    TraceFilter(EventAccess& access, const trace::TraceIndex& index) : access_(access), index_(index) {}
    trace::Sight Of(trace::EventRef e) const override;
    const std::optional<Error>& error() const { return error_; }

  private:
    bool Holds(trace::NodeId node, bool place) const;

    EventAccess& access_;
    const trace::TraceIndex& index_;
    mutable std::unordered_map<trace::EventRef, trace::Sight> sights_;
    mutable std::unordered_map<std::uint64_t, bool> holds_;  // node << 1 | place
    mutable std::optional<Error> error_;
};

// The `captured_by` of a job captured by `principal`: "role|actor|tax code" (the tax code empty
// for roles without one; '|' appears in no role, key id, user name or tax code).
std::string CapturedBy(const registry::Principal& principal);

// The tenant owning the named queries `principal` makes: "national" for the national roles,
// "<role>|province:<code>" for provincial roles, "<role>|<tax code>" for the roles of an
// enterprise (every key and user of that enterprise in that role shares it), "consumer" for the
// public (which never writes).
std::string QueryOwner(const registry::Principal& principal);
// Whether `principal` may see, run and delete the named query of `owner`: national roles every
// one, everyone else those of its own tenant (QueryOwner).
bool SeesQuery(const registry::Principal& principal, std::string_view owner);

}  // namespace txng::service
