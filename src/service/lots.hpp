#pragma once
// The lots of a product, read from the ILMD of its commissioning events (ObjectEvent, action ADD):
// what the registry shows as a product's lots (issue rules: lots come from EPCIS, not from a form).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "service/event_access.hpp"
#include "store/store.hpp"

namespace txng::service {

struct LotSummary {
    std::string lot;
    std::string first_commissioned;  // eventTime of its first and last commissioning events
    std::string last_commissioned;
    std::size_t events = 0;
    std::string best_before;  // ILMD bestBeforeDate, itemExpirationDate, productionDate (as written)
    std::string expiry;
    std::string production_date;
    std::vector<std::string> locations;  // bizLocations where it was commissioned, canonical, sorted
};

// The lots of GTIN-14 `gtin` that `access` may see, sorted by lot, from at most `max_events`
// commissioning events (`truncated` says whether there were more). Events whose lot is not
// known (no ILMD lotNumber, no lot in the class or the Digital Link) are left out.
struct Lots {
    std::vector<LotSummary> lots;
    bool truncated = false;
};
Result<Lots> LotsOf(store::EventStore& events, EventAccess& access, std::string_view gtin,
                    std::size_t max_events = 100'000);

}  // namespace txng::service
