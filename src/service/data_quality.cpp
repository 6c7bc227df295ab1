#include "service/data_quality.hpp"

#include <map>

namespace txng::service {

std::vector<std::string> MissingEventItems(const epcis::Event& e) {
    std::vector<std::string> missing;
    const bool product = !e.epc_list.empty() || !e.quantity_list.empty() || !e.child_epcs.empty() ||
                         !e.child_quantity_list.empty() || !e.input_epc_list.empty() ||
                         !e.input_quantity_list.empty() || !e.output_epc_list.empty() ||
                         !e.output_quantity_list.empty() || e.parent_id.has_value();
    if (!product) missing.emplace_back("product_code");
    if (!e.biz_location && !e.read_point) missing.emplace_back("location_code");
    if (!e.biz_step) missing.emplace_back("stage");
    return missing;
}

std::vector<std::string> MissingProductItems(const registry::Product& p) {
    std::vector<std::string> missing;
    if (p.images.empty()) missing.emplace_back("image");
    if (p.brand.empty()) missing.emplace_back("brand");
    if (!p.shelf_life_days) missing.emplace_back("shelf_life");
    if (p.standards.empty()) missing.emplace_back("standards");
    return missing;
}

boost::json::object CaptureQuality(const std::vector<epcis::Event>& events) {
    std::map<std::string, std::int64_t> missing;
    std::int64_t complete = 0;
    for (const auto& e : events) {
        const auto items = MissingEventItems(e);
        if (items.empty()) ++complete;
        for (const auto& i : items) ++missing[i];
    }
    boost::json::object m;
    for (const auto& [item, n] : missing) m[item] = n;
    return boost::json::object{{"events", events.size()}, {"complete", complete}, {"missing", std::move(m)}};
}

}  // namespace txng::service
