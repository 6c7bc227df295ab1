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

Result<const registry::Enterprise*> EventAccess::HolderOf(std::string_view identifier,
                                                          std::initializer_list<std::string_view> ais) {
    auto key = GS1KeyOf(identifier);
    if (!key || std::find(ais.begin(), ais.end(), key->ai) == ais.end()) return nullptr;
    return holders_->Of(key->digits);
}

Result<bool> EventAccess::HoldsKey(std::string_view identifier, bool place) {
    auto holder = place ? HolderOf(identifier, {"414", "417"}) : HolderOf(identifier, {"01", "00"});
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
        auto held = HoldsKey(id, true);
        if (!held) return held.error();
        if (*held) return Sight::kFull;
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
        auto held = HoldsKey(id, false);
        if (!held) return held.error();
        if (*held) return Sight::kRedacted;
    }
    return Sight::kHidden;
}

bool TraceFilter::Holds(trace::NodeId node, bool place) const {
    const std::uint64_t key = (static_cast<std::uint64_t>(node) << 1) | (place ? 1u : 0u);
    if (auto it = holds_.find(key); it != holds_.end()) return it->second;
    auto held = access_.HoldsKey(index_.NodeText(node), place);
    if (!held && !error_) error_ = held.error();
    const bool out = held && *held;
    holds_.emplace(key, out);
    return out;
}

trace::Sight TraceFilter::Of(trace::EventRef e) const {
    if (auto it = sights_.find(e); it != sights_.end()) return it->second;
    constexpr std::uint32_t kPlaces = trace::kLinkReadPoint | trace::kLinkBizLocation | trace::kLinkSourceOwner |
                                      trace::kLinkSourcePossessor | trace::kLinkSourceLocation |
                                      trace::kLinkDestinationOwner | trace::kLinkDestinationPossessor |
                                      trace::kLinkDestinationLocation;
    // As EventAccess::See: the principal's place or party makes the event its own; its goods
    // (GTIN, SSCC) carried by someone else show where they went, without the private fields.
    trace::Sight sight = trace::Sight::kHidden;
    const registry::Principal& p = access_.principal();
    if (access_.SeesEverything()) {
        sight = trace::Sight::kFull;
    } else if (p.role == Role::kConsumer) {
        sight = trace::Sight::kRedacted;
    } else {
        for (auto l = index_.LinksBegin(e); l != index_.ContextEnd(e); ++l) {
            if ((l->roles & kPlaces) && Holds(l->node, true)) {
                sight = trace::Sight::kFull;
                break;
            }
        }
        if (sight == trace::Sight::kHidden && !registry::IsProvincialRole(p.role)) {
            for (auto l = index_.LinksBegin(e); l != index_.LinksEnd(e); ++l) {
                if ((l->roles & trace::kObjectRoles) && Holds(l->node, false)) {
                    sight = trace::Sight::kRedacted;
                    break;
                }
            }
        }
    }
    sights_.emplace(e, sight);
    return sight;
}

Result<bool> EventAccess::Apply(epcis::Event& event) {
    auto sight = See(event);
    if (!sight) return sight.error();
    if (*sight == Sight::kHidden) return false;
    if (*sight == Sight::kRedacted) {
        auto owner = OwnerOf(event);
        if (!owner) return owner.error();
        Redact(event, *owner != nullptr ? &(*owner)->private_extensions : nullptr);
    }
    return true;
}

Result<const registry::Enterprise*> EventAccess::OwnerOf(const epcis::Event& event) {
    for (const auto* place :
         {event.biz_location ? &event.biz_location->id : nullptr, event.read_point ? &event.read_point->id : nullptr}) {
        if (place == nullptr) continue;
        auto holder = HolderOf(*place, {"414"});
        if (!holder) return holder.error();
        if (*holder != nullptr) return *holder;
    }
    return nullptr;
}

void EventAccess::Redact(epcis::Event& event, const std::vector<std::string>* private_extensions) {
    static const std::vector<std::string> kAll{"*"};
    const std::vector<std::string>& hidden = private_extensions != nullptr ? *private_extensions : kAll;
    auto keep_public = [&](epcis::Extensions& fields) {
        std::erase_if(fields,
                      [&](const epcis::ExtensionField& f) { return registry::ExtensionIsPrivate(hidden, f.ns); });
    };
    event.biz_transaction_list.clear();
    event.source_list.clear();
    event.destination_list.clear();
    // Left out, not written as empty lists: an empty list would still say that there were some.
    event.present.biz_transaction_list = false;
    event.present.source_list = false;
    event.present.destination_list = false;
    keep_public(event.extensions);
    event.comments.clear();
    if (event.biz_location) keep_public(event.biz_location->extensions);
    if (event.read_point) keep_public(event.read_point->extensions);
    if (event.error_declaration) keep_public(event.error_declaration->extensions);
    for (auto& s : event.sensor_element_list) {
        keep_public(s.extensions);
        if (s.sensor_metadata) keep_public(s.sensor_metadata->extensions);
        for (auto& r : s.sensor_reports) keep_public(r.extensions);
    }
    // ILMD keeps the CBV master-data fields (lot, dates: what a consumer needs) and the owner's
    // public extensions.
    if (event.ilmd) {
        std::erase_if(*event.ilmd, [&](const epcis::ExtensionField& f) {
            const bool cbv = f.ns.starts_with("urn:epcglobal:cbv:mda") || f.prefix == "cbvmda";
            return !cbv && registry::ExtensionIsPrivate(hidden, f.ns);
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
