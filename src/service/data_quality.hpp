#pragma once
// Circular 02/2024/TT-BKHCN's minimum data, checked on what connected systems send: which of the
// ten items an event or a product record lacks. Items an event can carry: the product trace code
// (item 7: an EPC, class or parent), the location trace code and the stage (item 5: bizLocation
// or readPoint, and bizStep); its time (item 6) is always there. Items of a product record: image
// (2), brand (8), shelf life (9), standards applied (10); its name (1) and its producer's name
// and address (3, 4) are required by the registry. Pure functions; thread-safe.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "epcis/event.hpp"
#include "registry/records.hpp"

namespace txng::service {

// Item names, stable: "product_code", "location_code", "stage".
std::vector<std::string> MissingEventItems(const epcis::Event& event);
// "image", "brand", "shelf_life", "standards".
std::vector<std::string> MissingProductItems(const registry::Product& product);

// The audit detail of a capture: {"events": n, "complete": k, "missing": {item: count}}.
boost::json::object CaptureQuality(const std::vector<epcis::Event>& events);

}  // namespace txng::service
