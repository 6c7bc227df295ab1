#pragma once
// What a principal may see of stored EPCIS events and capture jobs (docs/access-control.md):
//   - national roles: everything;
//   - provincial roles: events that happened in their province (bizLocation or readPoint of an
//     enterprise registered there) or name such an enterprise as source or destination;
//   - enterprises, households, providers (for themselves and who delegated to them),
//     certification bodies: their own events in full (at their locations or naming them as
//     source or destination), and the events of others that carry their products (GTIN or SSCC
//     under their prefixes: where their goods went, one step forward and on) with the other
//     parties' private fields removed (bizTransactionList, sourceList, destinationList, and user
//     extensions, which their owners have no way yet to mark public);
//   - the public (when a node opens reads to it): the consumer view, every event with those
//     private fields removed.
// One EventAccess serves one request: it caches the registry lookups it makes. Not thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "epcis/event.hpp"
#include "registry/access.hpp"
#include "service/capture_access.hpp"
#include "store/registry_store.hpp"
#include "store/store.hpp"

namespace txng::service {

class EventAccess {
  public:
    EventAccess(store::RegistryStore& registry, registry::Principal principal);
    ~EventAccess();
    EventAccess(EventAccess&&) noexcept;
    EventAccess& operator=(EventAccess&&) noexcept;

    enum class Sight { kFull, kRedacted, kHidden };

    // How much of `event` the principal sees. kUnavailable when the registry cannot be read.
    Result<Sight> See(const epcis::Event& event);
    // Sees `event` and applies it: false when hidden, else true with `event` redacted as needed.
    Result<bool> Apply(epcis::Event& event);
    // True for national roles: no filtering needed.
    bool SeesEverything() const;
    // Whether the principal may see a capture job: its own (same key or same enterprise), or all
    // for national roles.
    bool SeesJob(const store::CaptureJob& job) const;
    // Whether a vocabulary value (an identifier, a location) is the principal's to list: its GS1
    // key is held by one of its enterprises (or one of its province's).
    Result<bool> Owns(std::string_view identifier);

    // Drops the private fields of someone else's event.
    static void Redact(epcis::Event& event);

  private:
    bool Ours(const registry::Enterprise* e) const;

    registry::Principal principal_;
    std::unique_ptr<PrefixHolders> holders_;
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
