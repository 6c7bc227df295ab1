#include "service/capture_access.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "epcis/query.hpp"
#include "gs1/epc_uri.hpp"

namespace txng::service {
namespace {

using registry::Principal;
using registry::Role;

constexpr std::string_view kCanonicalBase = "https://id.gs1.org/";

Error Forbidden(std::string where, std::string rule, std::string detail, std::string_view value = {}) {
    return MakeError(ErrorCode::kForbidden, std::move(where), std::move(rule), std::move(detail), value);
}

}  // namespace

Result<const registry::Enterprise*> PrefixHolders::Of(std::string_view key_digits) {
    auto it = cache_.find(key_digits);
    if (it == cache_.end()) {
        auto e = registry_.EnterpriseByKey(key_digits);
        std::optional<registry::Enterprise> holder;
        if (e) {
            holder = std::move(*e);
        } else if (e.error().code != ErrorCode::kNotFound) {
            return e.error();
        }
        it = cache_.emplace(std::string(key_digits), std::move(holder)).first;
    }
    return it->second ? &*it->second : nullptr;
}

std::optional<KeyOf> GS1KeyOf(std::string_view identifier) {
    if (identifier.starts_with("urn:epc:idpat:sgtin:")) {
        // A pattern keeps the prefix and item reference apart: CP.IR.* (or CP.*.*).
        auto parsed = gs1::ParseEpcUri(identifier);
        if (!parsed || parsed->components.size() < 2) return std::nullopt;
        const std::string& cp = parsed->components[0];
        const std::string& ir = parsed->components[1];
        if (ir == "*" || ir.empty()) return KeyOf{"01", cp};
        return KeyOf{"01", cp + ir.substr(1)};
    }
    const std::string canonical = epcis::CanonicalIdentifier(identifier);
    if (!canonical.starts_with(kCanonicalBase)) return std::nullopt;
    const std::string_view path = std::string_view(canonical).substr(kCanonicalBase.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view ai = path.substr(0, slash);
    std::string_view value = path.substr(slash + 1);
    value = value.substr(0, value.find('/'));
    if (ai == "01" && value.size() == 14) return KeyOf{"01", std::string(value.substr(1))};
    if (ai == "00" && value.size() == 18) return KeyOf{"00", std::string(value.substr(1))};
    if ((ai == "414" || ai == "417") && value.size() == 13) return KeyOf{std::string(ai), std::string(value)};
    return std::nullopt;
}

Result<void> AuthorizeCapture(store::RegistryStore& registry, const Principal& p,
                              const std::vector<epcis::Event>& events,
                              const std::vector<epcis::Vocabulary>& master_data, std::string_view list_path) {
    if (p.role == Role::kConsumer) {
        return MakeError(ErrorCode::kUnauthorized, "Authorization", "auth.required",
                         "Capturing events needs an API key: send `Authorization: Bearer <key>`.");
    }
    if (!p.HasScope(registry::kScopeWrite)) {
        return Forbidden("", "capture.scope", "This key is read-only (it lacks the `write` scope).");
    }
    if (p.IsNational()) return {};
    const bool provincial = p.role == Role::kProvincialSystem;
    const bool tenant = p.role == Role::kEnterprise || p.role == Role::kHousehold || p.role == Role::kSolutionProvider;
    if (!provincial && !tenant) {
        return Forbidden("", "capture.role",
                         fmt::format("A {} key does not capture events; enterprises, solution providers, provincial "
                                     "systems and the national portal do.",
                                     registry::RoleName(p.role)));
    }
    // Whether an enterprise is one this principal captures for.
    auto ours = [&](const registry::Enterprise* e) {
        if (e == nullptr) return false;
        return provincial ? e->address.province_code == p.province : p.ActsFor(e->tax_code);
    };
    PrefixHolders holders(registry);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const epcis::Event& ev = events[i];
        const std::string at = fmt::format("{}[{}]", list_path, i);
        // What brings products into being: an ObjectEvent ADD, a transformation's outputs.
        auto check = [&](std::string_view id, const std::string& where) -> Result<void> {
            auto key = GS1KeyOf(id);
            if (!key || key->ai != "01") return {};
            auto holder = holders.Of(key->digits);
            if (!holder) return holder.error();
            if (ours(*holder)) return {};
            return Forbidden(where, "capture.gtin_not_owned",
                             *holder == nullptr
                                 ? "No registered enterprise holds this GTIN's Company Prefix: only the brand owner "
                                   "commissions its products, once its prefix is registered."
                                 : "This GTIN belongs to another enterprise: only the brand owner (or who acts for "
                                   "it) commissions its products.",
                             id);
        };
        if (ev.type == epcis::EventType::kObjectEvent && ev.action == epcis::Action::kAdd) {
            for (std::size_t j = 0; j < ev.epc_list.size(); ++j) {
                if (auto ok = check(ev.epc_list[j], fmt::format("{}.epcList[{}]", at, j)); !ok) return ok;
            }
            for (std::size_t j = 0; j < ev.quantity_list.size(); ++j) {
                if (auto ok = check(ev.quantity_list[j].epc_class, fmt::format("{}.quantityList[{}].epcClass", at, j));
                    !ok) {
                    return ok;
                }
            }
        }
        for (std::size_t j = 0; j < ev.output_epc_list.size(); ++j) {
            if (auto ok = check(ev.output_epc_list[j], fmt::format("{}.outputEPCList[{}]", at, j)); !ok) return ok;
        }
        for (std::size_t j = 0; j < ev.output_quantity_list.size(); ++j) {
            if (auto ok = check(ev.output_quantity_list[j].epc_class,
                                fmt::format("{}.outputQuantityList[{}].epcClass", at, j));
                !ok) {
                return ok;
            }
        }
        // Where it happened (the bizLocation when there is one, else the readPoint), or who it
        // names as source or destination.
        std::vector<std::string_view> places;
        if (ev.biz_location) {
            places.push_back(ev.biz_location->id);
        } else if (ev.read_point) {
            places.push_back(ev.read_point->id);
        }
        for (const auto& s : ev.source_list) places.push_back(s.value);
        for (const auto& d : ev.destination_list) places.push_back(d.value);
        bool attributed = false;
        for (const auto id : places) {
            auto key = GS1KeyOf(id);
            if (!key || (key->ai != "414" && key->ai != "417")) continue;
            auto holder = holders.Of(key->digits);
            if (!holder) return holder.error();
            if (ours(*holder)) {
                attributed = true;
                break;
            }
        }
        if (!attributed) {
            return Forbidden(at, "capture.not_attributable",
                             provincial ? "The event is neither at a location of an enterprise of this province nor "
                                          "names one as source or destination."
                                        : "Record events at your own locations (bizLocation, or readPoint when there "
                                          "is no bizLocation, under your GS1 Company Prefix) or as a named source or "
                                          "destination party.");
        }
    }
    // Master data describes only what is the capturer's: its GS1-keyed locations, parties and
    // products. Anything else (other keys, other URIs) is the national portal's to describe.
    for (std::size_t v = 0; v < master_data.size(); ++v) {
        for (std::size_t i = 0; i < master_data[v].elements.size(); ++i) {
            const std::string& id = master_data[v].elements[i].id;
            const std::string where =
                fmt::format("epcisHeader.epcisMasterData.vocabularyList[{}].vocabularyElementList[{}]", v, i);
            auto key = GS1KeyOf(id);
            const registry::Enterprise* holder = nullptr;
            if (key) {
                auto found = holders.Of(key->digits);
                if (!found) return found.error();
                holder = *found;
            }
            if (!ours(holder)) {
                return Forbidden(where, "capture.master_data_not_owned",
                                 "Master data may describe only the capturer's own locations, parties and products "
                                 "(GS1 keys under its Company Prefixes).",
                                 id);
            }
        }
    }
    return {};
}

}  // namespace txng::service
