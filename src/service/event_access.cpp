#include "service/event_access.hpp"

#include <algorithm>
#include <map>

#include "service/capture_access.hpp"

namespace txng::service {

using registry::Principal;
using registry::Role;

EventAccess::EventAccess(store::RegistryStore& registry, Principal principal)
    : principal_(std::move(principal)), holders_(std::make_unique<PrefixHolders>(registry)) {}

EventAccess::~EventAccess() = default;
EventAccess::EventAccess(EventAccess&&) noexcept = default;
EventAccess& EventAccess::operator=(EventAccess&&) noexcept = default;

bool EventAccess::SeesEverything() const { return principal_.IsNational(); }

bool EventAccess::Ours(const registry::Enterprise* e) const {
    if (e == nullptr) return false;
    if (registry::IsProvincialRole(principal_.role)) return e->address.province_code == principal_.province;
    if (principal_.role == Role::kCertificationBody) return e->tax_code == principal_.subject;
    return principal_.ActsFor(e->tax_code);
}

Result<bool> EventAccess::Owns(std::string_view identifier) {
    if (SeesEverything()) return true;
    if (principal_.role == Role::kConsumer) return false;
    auto key = GS1KeyOf(identifier);
    if (!key) return false;
    auto holder = holders_->Of(key->digits);
    if (!holder) return holder.error();
    return Ours(*holder);
}

Result<EventAccess::Sight> EventAccess::See(const epcis::Event& ev) {
    if (SeesEverything()) return Sight::kFull;
    if (principal_.role == Role::kConsumer) return Sight::kRedacted;
    // Where it happened, and who it names.
    std::vector<std::string_view> places;
    if (ev.biz_location) places.push_back(ev.biz_location->id);
    if (ev.read_point) places.push_back(ev.read_point->id);
    for (const auto& s : ev.source_list) places.push_back(s.value);
    for (const auto& d : ev.destination_list) places.push_back(d.value);
    for (const auto id : places) {
        auto key = GS1KeyOf(id);
        if (!key || (key->ai != "414" && key->ai != "417")) continue;
        auto holder = holders_->Of(key->digits);
        if (!holder) return holder.error();
        if (Ours(*holder)) return Sight::kFull;
    }
    if (registry::IsProvincialRole(principal_.role)) return Sight::kHidden;
    // What it carries: the principal's own products and logistic units.
    std::vector<std::string_view> things;
    for (const auto& e : ev.epc_list) things.push_back(e);
    for (const auto& e : ev.child_epcs) things.push_back(e);
    for (const auto& e : ev.input_epc_list) things.push_back(e);
    for (const auto& e : ev.output_epc_list) things.push_back(e);
    if (ev.parent_id) things.push_back(*ev.parent_id);
    for (const auto* list :
         {&ev.quantity_list, &ev.child_quantity_list, &ev.input_quantity_list, &ev.output_quantity_list}) {
        for (const auto& q : *list) things.push_back(q.epc_class);
    }
    for (const auto id : things) {
        auto key = GS1KeyOf(id);
        if (!key || (key->ai != "01" && key->ai != "00")) continue;
        auto holder = holders_->Of(key->digits);
        if (!holder) return holder.error();
        if (Ours(*holder)) return Sight::kRedacted;
    }
    return Sight::kHidden;
}

Result<bool> EventAccess::Apply(epcis::Event& event) {
    auto sight = See(event);
    if (!sight) return sight.error();
    if (*sight == Sight::kHidden) return false;
    if (*sight == Sight::kRedacted) Redact(event);
    return true;
}

void EventAccess::Redact(epcis::Event& event) {
    event.biz_transaction_list.clear();
    event.source_list.clear();
    event.destination_list.clear();
    // Left out, not written as empty lists: an empty list would still say that there were some.
    event.present.biz_transaction_list = false;
    event.present.source_list = false;
    event.present.destination_list = false;
    event.extensions = {};
    event.comments.clear();
    if (event.biz_location) event.biz_location->extensions = {};
    if (event.read_point) event.read_point->extensions = {};
    if (event.error_declaration) event.error_declaration->extensions = {};
    for (auto& s : event.sensor_element_list) {
        s.extensions = {};
        if (s.sensor_metadata) s.sensor_metadata->extensions = {};
        for (auto& r : s.sensor_reports) r.extensions = {};
    }
    // ILMD keeps the CBV master-data fields (lot, dates: what a consumer needs) and loses the rest.
    if (event.ilmd) {
        std::erase_if(*event.ilmd, [](const epcis::ExtensionField& f) {
            return !(f.ns.starts_with("urn:epcglobal:cbv:mda") || f.prefix == "cbvmda");
        });
    }
}

bool EventAccess::SeesJob(const store::CaptureJob& job) const {
    if (SeesEverything()) return true;
    if (principal_.role == Role::kConsumer) return false;
    if (job.captured_by == CapturedBy(principal_)) return true;
    // Any key or user of the same enterprise in the same role ("role|actor|taxcode").
    if (principal_.subject.empty()) return false;
    const auto first = job.captured_by.find('|');
    const auto last = job.captured_by.rfind('|');
    if (first == std::string::npos || last == first) return false;
    return job.captured_by.substr(0, first) == registry::RoleName(principal_.role) &&
           job.captured_by.substr(last + 1) == principal_.subject;
}

std::string CapturedBy(const Principal& p) {
    return std::string(registry::RoleName(p.role)) + "|" + p.actor + "|" + p.subject;
}

std::string QueryOwner(const Principal& p) {
    if (p.IsNational()) return "national";
    const std::string role(registry::RoleName(p.role));
    if (registry::IsProvincialRole(p.role)) return role + "|province:" + p.province;
    if (registry::IsEnterpriseRole(p.role)) return role + "|" + p.subject;
    return role;
}

bool SeesQuery(const Principal& p, std::string_view owner) { return p.IsNational() || owner == QueryOwner(p); }

}  // namespace txng::service
