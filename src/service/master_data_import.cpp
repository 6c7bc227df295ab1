// RegistryService::ImportMasterData: EPCIS master data (an EPCISMasterDataDocument, or the
// epcisMasterData of a document's header) turned into registry records.

#include <fmt/format.h>

#include <charconv>

#include "epcis/query.hpp"
#include "registry/province.hpp"
#include "service/capture_access.hpp"
#include "service/registry_service.hpp"
#include "store/store.hpp"

namespace txng::service {
namespace {

// The text of the attribute whose name ends in `local` (after '#', '/' or ':'), so that the CBV
// URN form (urn:epcglobal:cbv:mda#name), a CURIE (cbvmda:name) and txng's namespace all match.
std::string Text(const epcis::VocabularyElement& e, std::string_view local) {
    for (const auto& a : e.attributes) {
        const auto cut = a.id.find_last_of("#/:");
        const std::string_view name =
            cut == std::string::npos ? std::string_view(a.id) : std::string_view(a.id).substr(cut + 1);
        if (name == local && a.value.kind == epcis::ExtensionValue::Kind::kString) return a.value.text;
        if (name == local && a.value.kind == epcis::ExtensionValue::Kind::kNumber) return a.value.text;
    }
    return {};
}

std::optional<double> Number(const std::string& text) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

// A province from its code, or from how an address names it ("Tỉnh Bắc Ninh", "Hà Nội").
std::string ProvinceOf(const epcis::VocabularyElement& e) {
    if (std::string code = Text(e, "provinceCode"); !code.empty()) return code;
    const std::string state = Text(e, "state");
    for (const auto& p : registry::Provinces()) {
        if (state == p.name_vi || state == registry::ProvinceLineVi(p) || state == p.name_en)
            return std::string(p.code);
    }
    return {};
}

registry::LocationKind KindOf(std::string_view text) {
    for (int k = 0; k <= static_cast<int>(registry::LocationKind::kOther); ++k) {
        const auto kind = static_cast<registry::LocationKind>(k);
        if (registry::LocationKindName(kind) == text) return kind;
    }
    if (text == "cold_store") return registry::LocationKind::kWarehouse;
    if (text == "retail_store") return registry::LocationKind::kStore;
    if (text == "cooperative") return registry::LocationKind::kOffice;
    return registry::LocationKind::kOther;
}

}  // namespace

MasterDataImport RegistryService::ImportMasterData(const Caller& caller,
                                                   const std::vector<epcis::Vocabulary>& vocabularies) {
    MasterDataImport out;
    auto note = [&](const std::string& id, const Error& e) {
        out.skipped.push_back(e.Within("masterData[" + id + "]"));
    };
    for (const auto& vocabulary : vocabularies) {
        const bool location = vocabulary.type == "urn:epcglobal:epcis:vtype:BusinessLocation";
        const bool product_class = vocabulary.type == "urn:epcglobal:epcis:vtype:EPCClass";
        if (!location && !product_class) continue;  // parties are registered by the authorities
        for (const auto& element : vocabulary.elements) {
            const std::string canonical = store::MasterDataId(vocabulary.type, element.id);
            if (location) {
                auto key = GS1KeyOf(element.id);
                // Sub-locations (an SGLN extension other than 0) are read points, not registry locations.
                if (!key || key->ai != "414" || canonical.find("/254/") != std::string::npos) continue;
                if (store_.GetLocation(key->digits)) {
                    ++out.existing;
                    continue;
                }
                registry::Location l;
                l.gln = key->digits;
                l.name = {Text(element, "name"), Text(element, "nameEn")};
                l.kind = KindOf(Text(element, "locationType"));
                l.address.street = Text(element, "streetAddressOne");
                if (const std::string two = Text(element, "streetAddressTwo"); !two.empty()) {
                    l.address.street += (l.address.street.empty() ? "" : ", ") + two;
                }
                l.address.province_code = ProvinceOf(element);
                const auto lat = Number(Text(element, "latitude"));
                const auto lon = Number(Text(element, "longitude"));
                if (lat && lon) l.coordinates = registry::Coordinates{*lat, *lon};
                auto r = PutLocation(caller, std::move(l), true);
                if (r) {
                    ++out.created;
                } else {
                    note(element.id, r.error());
                }
                continue;
            }
            // EPCClass: a GTIN-level id (its canonical form is https://id.gs1.org/01/<GTIN-14>).
            constexpr std::string_view kGtinBase = "https://id.gs1.org/01/";
            if (!canonical.starts_with(kGtinBase) || canonical.size() != kGtinBase.size() + 14) continue;
            const std::string gtin = canonical.substr(kGtinBase.size());
            if (store_.GetProduct(gtin)) {
                ++out.existing;
                continue;
            }
            registry::Product p;
            p.gtin = gtin;
            p.name.vi = Text(element, "descriptionShort");
            if (p.name.vi.empty()) p.name.vi = Text(element, "regulatedProductName");
            if (p.name.vi.empty()) p.name.vi = Text(element, "tradeItemDescription");
            p.name.en = Text(element, "nameEn");
            p.brand = Text(element, "brand");
            if (p.brand.empty()) p.brand = Text(element, "brandName");
            p.category = Text(element, "sector");
            if (const auto days = Number(Text(element, "shelfLifeDays")); days && *days > 0) {
                p.shelf_life_days = static_cast<int>(*days);
            }
            p.origin_country = Text(element, "countryOfOrigin");
            p.origin_province = Text(element, "originProvinceCode");
            const std::string standards = Text(element, "standards");
            for (std::size_t start = 0; start < standards.size();) {
                std::size_t end = standards.find(';', start);
                if (end == std::string::npos) end = standards.size();
                std::string s = standards.substr(start, end - start);
                s.erase(0, s.find_first_not_of(' '));
                s.erase(s.find_last_not_of(' ') + 1);
                if (!s.empty()) p.standards.push_back(std::move(s));
                start = end + 1;
            }
            auto r = PutProduct(caller, std::move(p), true);
            if (r) {
                ++out.created;
            } else {
                note(element.id, r.error());
            }
        }
    }
    return out;
}

}  // namespace txng::service
