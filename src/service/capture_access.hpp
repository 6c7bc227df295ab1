#pragma once
// Who may capture which EPCIS events (issue rules in docs/access-control.md):
//   - national admins and the national sync key capture for any party;
//   - a provincial system captures for parties of its province;
//   - an enterprise or household captures for itself, a solution provider for itself and the
//     enterprises that delegated to it; for each event
//       * an ObjectEvent with action ADD may carry only GTIN-keyed identifiers (SGTIN, LGTIN,
//         Digital Links with AI 01) under the Company Prefixes of those enterprises: one commissions
//         only one's own products;
//       * the event must happen at one of their locations (bizLocation or readPoint GLN under
//         their prefixes) or name one of them as a source or destination (owning or possessing
//         party, or location);
//   - other roles do not capture.
// A prefix belongs to the enterprise that registered it (RegistryStore::EnterpriseByKey); keys
// under prefixes nobody registered belong to nobody and so to no tenant.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "epcis/event.hpp"
#include "registry/access.hpp"
#include "store/registry_store.hpp"

namespace txng::service {

// Who holds the prefixes of GS1 keys, looked up once per key: one per request (not thread-safe).
class PrefixHolders {
  public:
    explicit PrefixHolders(store::RegistryStore& registry) : registry_(registry) {}
    // The enterprise holding the prefix `key_digits` starts with; nullptr when nobody registered it.
    Result<const registry::Enterprise*> Of(std::string_view key_digits);

  private:
    store::RegistryStore& registry_;
    std::map<std::string, std::optional<registry::Enterprise>, std::less<>> cache_;
};

// {} when `principal` may capture every one of `events`; else kUnauthorized (anonymous), or
// kForbidden naming the first event that breaks a rule (`epcisBody.eventList[3].epcList[0]`) with
// rule `capture.role`, `capture.scope`, `capture.gtin_not_owned` (also for a transformation's
// outputs) or `capture.not_attributable`; or naming the first master-data element that is not the
// capturer's (`capture.master_data_not_owned`). Reads the registry (kUnavailable when it cannot).
Result<void> AuthorizeCapture(store::RegistryStore& registry, const registry::Principal& principal,
                              const std::vector<epcis::Event>& events,
                              const std::vector<epcis::Vocabulary>& master_data,
                              std::string_view list_path = "epcisBody.eventList");

// The GS1 key an identifier names, as the registry looks it up: for a GTIN the 13 digits after
// the indicator, for an SSCC the 16 after the extension digit, for a GLN its 13 digits; with the AI
// ("01", "00", "414", "417"). Works on EPC URNs, EPC class and sgtin/lgtin patterns, and Digital
// Links on any host. nullopt when the identifier names no such key.
struct KeyOf {
    std::string ai;
    std::string digits;
};
std::optional<KeyOf> GS1KeyOf(std::string_view identifier);

}  // namespace txng::service
