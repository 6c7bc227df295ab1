#pragma once
// What the public product page shows for a scanned code (a GTIN, a lot or a serialised item): the
// product and its producer from the registry, the lot's dates from its commissioning event, the
// journey (one stage per place, in time order) as the public sees it (EventAccess of the anonymous
// consumer: no parties, transactions or private extensions of anyone), the resolver's links, the
// stamp's status and the counterfeit signals, and the warnings they add up to.

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "gs1/digital_link.hpp"
#include "registry/links.hpp"
#include "registry/records.hpp"
#include "service/trace_service.hpp"
#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"
#include "store/store.hpp"

namespace txng::service {

// One place the goods stayed.
struct JourneyStage {
    std::string biz_step;                        // CBV word of the event that brought them there ("receiving")
    std::string last_biz_step;                   // of the last event there
    std::string place;                           // canonical location id (https://id.gs1.org/414/...)
    std::string place_name_vi, place_name_en;    // from the registry; empty when not registered
    std::string province_code;                   // of the place
    std::string holder_name_vi, holder_name_en;  // the enterprise holding the place's GLN
    std::string arrived, left;                   // RFC 3339 UTC
};

enum class PageWarning {
    kUnknownCode,   // no registered product, or a serial nobody issued and no event names
    kNotActivated,  // a stamp still "issued": not yet put on goods
    kVoided,        // a voided stamp
    kRecalled,      // an event with disposition recalled names the item or its lot
    kLooksCopied,   // counterfeit signals were raised for this code
    kSold,          // a stamp already marked sold or consumed (informational)
};
std::string_view PageWarningName(PageWarning warning);  // "unknown_code", ...

struct ProductView {
    std::string code;  // the canonical Digital Link asked for (https://id.gs1.org/01/...)
    std::string gtin, lot, serial;
    std::string expiry;           // YYYY-MM-DD: ?17= of the link, else the lot's ILMD
    std::string best_before;      // YYYY-MM-DD when known
    std::string production_date;  // YYYY-MM-DD when known
    std::optional<registry::Product> product;
    std::optional<registry::Enterprise> producer;  // the public view (no contacts)
    std::vector<JourneyStage> journey;
    std::vector<registry::Link> links;  // the resolver's links for the code (lot and product too)
    std::optional<store::Stamp> stamp;
    std::vector<store::Signal> signals;
    bool events_known = false;  // some stored event names the code (or its lot)
    std::vector<PageWarning> warnings;
};

struct ProductViewSources {
    store::RegistryStore& registry;
    store::EventStore& events;
    TraceService& trace;
    store::StampStore* stamps = nullptr;  // no stamp status or signals when null
    // The links of the code's fallback anchors (RegistryService::LinksFor); none when empty.
    std::function<Result<std::vector<registry::Link>>(const std::vector<std::string>&)> links;
};

// The view of `dl` (its primary key must be a GTIN: AI 01). kInvalidArgument (rule
// `page.not_a_product`) for other keys; the stores' errors (kUnavailable) when they cannot be
// read; the trace index loading (kUnavailable `trace.loading`) is not an error: the page is built
// without the journey.
Result<ProductView> BuildProductView(const ProductViewSources& sources, const gs1::DigitalLink& dl);

}  // namespace txng::service
