#include "registry/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <set>

#include "common/utf8.hpp"
#include "gs1/keys.hpp"
#include "registry/json_fields.hpp"
#include "registry/province.hpp"
#include "registry/tax_code.hpp"

namespace txng::registry {
namespace {

namespace json = boost::json;
using detail::AllDigits;
using detail::CheckText;
using detail::Join;
using detail::kMaxListItems;
using detail::kMaxName;
using detail::kMaxText;
using detail::ObjectReader;

// An absolute IRI as extension namespaces are written: a scheme (RFC 3986: a letter, then letters,
// digits, '+', '-', '.'), ':', then at most 500 bytes of printable text without spaces.
bool IsNamespaceIri(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size() || s.size() > 500) return false;
    if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    for (std::size_t i = 1; i < colon; ++i) {
        const char c = s[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    for (const char c : s.substr(colon + 1)) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') return false;
    }
    return true;
}

template <typename E, std::size_t N>
Result<E> EnumOf(std::string_view text, const std::array<E, N>& values, std::string_view (*name)(E),
                 std::string_view where) {
    for (E e : values) {
        if (name(e) == text) return e;
    }
    std::string allowed;
    for (E e : values) allowed += (allowed.empty() ? "" : ", ") + std::string(name(e));
    return InvalidArgument(std::string(where), "field.enum", "Not one of the allowed values: " + allowed + ".", text);
}

constexpr std::array kEnterpriseKinds = {EnterpriseKind::kEnterprise, EnterpriseKind::kCooperative,
                                         EnterpriseKind::kHousehold, EnterpriseKind::kSolutionProvider,
                                         EnterpriseKind::kCertificationBody};
constexpr std::array kStatuses = {RecordStatus::kActive, RecordStatus::kSuspended};
constexpr std::array kLocationKinds = {LocationKind::kFarm,
                                       LocationKind::kGrowingArea,
                                       LocationKind::kAquacultureArea,
                                       LocationKind::kSlaughterhouse,
                                       LocationKind::kPackingHouse,
                                       LocationKind::kFactory,
                                       LocationKind::kWarehouse,
                                       LocationKind::kDistributionCentre,
                                       LocationKind::kStore,
                                       LocationKind::kMarket,
                                       LocationKind::kPort,
                                       LocationKind::kOffice,
                                       LocationKind::kOther};

// UN/ECE Recommendation 20 codes for net content, the ones GS1 Web Vocabulary examples and
// Vietnamese labels use.
constexpr std::array<std::string_view, 12> kUnitCodes = {"MGM", "GRM", "KGM", "TNE", "MLT", "CLT",
                                                         "LTR", "MTQ", "H87", "PR",  "MTR", "MTK"};

// Code points of each language of a product's safety warnings.
constexpr std::size_t kMaxSafetyWarnings = 1000;

// Families of standards a product may declare (Circular 02/2024 item 10).
// Certification schemes are named on their own ("VietGAP") or with their version or scope.
constexpr std::array<std::string_view, 26> kStandardFamilies = {
    "TCVN",      "QCVN",         "TCCS",       "TCN",   "ISO",   "IEC", "CODEX", "CAC",  "ASEAN", "GLOBALG.A.P.",
    "GlobalGAP", "VietGAP",      "VietGAHP",   "HACCP", "BRCGS", "BRC", "IFS",   "FSSC", "4C",    "Rainforest Alliance",
    "Fairtrade", "USDA Organic", "EU Organic", "JAS",   "OCOP",  "ASC"};

Result<void> NormalizeName(Name& name, std::string_view where) {
    if (auto ok = CheckText(name.vi, Join(where, "vi"), kMaxName, true); !ok) return ok;
    return CheckText(name.en, Join(where, "en"), kMaxName, false);
}

Result<void> NormalizeAddress(Address& a, std::string_view where, bool required) {
    if (auto ok = CheckText(a.street, Join(where, "street"), kMaxText, false); !ok) return ok;
    if (!a.commune_code.empty() && !(a.commune_code.size() == 5 && AllDigits(a.commune_code))) {
        return InvalidArgument(Join(where, "communeCode"), "commune.syntax",
                               "A commune code is five digits (the codes in force since 1 July 2025).", a.commune_code);
    }
    if (a.province_code.empty()) {
        if (!required) return {};
        return InvalidArgument(Join(where, "provinceCode"), "field.required", "This field is required.");
    }
    auto p = ResolveProvince(a.province_code, Join(where, "provinceCode"));
    if (!p) return p.error();
    if (!p->former_code.empty()) {
        // An old code in provinceCode is the former province; one given beside it must agree.
        if (!a.former_province_code.empty() && a.former_province_code != p->former_code) {
            return InvalidArgument(Join(where, "formerProvinceCode"), "province.former_mismatch",
                                   "provinceCode already is a code from before 1 July 2025, and a different one.",
                                   a.former_province_code);
        }
        a.former_province_code = p->former_code;
    }
    a.province_code = std::string(p->province->code);
    if (!a.former_province_code.empty()) {
        const auto& all = FormerProvinces();
        const auto f = std::find_if(all.begin(), all.end(),
                                    [&](const FormerProvince& x) { return x.code == a.former_province_code; });
        if (f == all.end() || f->successor != a.province_code) {
            return InvalidArgument(Join(where, "formerProvinceCode"), "province.former_mismatch",
                                   "The province before 1 July 2025 is not part of the province given.",
                                   a.former_province_code);
        }
    }
    return {};
}

Result<void> NormalizeProvinceList(std::vector<std::string>& codes, std::string_view where) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        auto p = ResolveProvince(codes[i], fmt::format("{}[{}]", where, i));
        if (!p) return p.error();
        codes[i] = std::string(p->province->code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return {};
}

Result<Name> ReadName(const ObjectReader& r, std::string_view key) {
    const json::value* v = r.Find(key);
    if (v == nullptr) return InvalidArgument(r.Where(key), "field.required", "This field is required.");
    auto obj = ObjectReader::Of(*v, r.Where(key));
    if (!obj) return obj.error();
    if (auto ok = obj->OnlyKnown({"vi", "en"}); !ok) return ok.error();
    Name name;
    auto vi = obj->String("vi", kMaxName, true);
    if (!vi) return vi.error();
    auto en = obj->String("en", kMaxName, false);
    if (!en) return en.error();
    name.vi = std::move(*vi);
    name.en = std::move(*en);
    return name;
}

Result<Address> ReadAddress(const ObjectReader& r, std::string_view key, bool required) {
    Address a;
    const json::value* v = r.Find(key);
    if (v == nullptr) {
        if (required) return InvalidArgument(r.Where(key), "field.required", "This field is required.");
        return a;
    }
    auto obj = ObjectReader::Of(*v, r.Where(key));
    if (!obj) return obj.error();
    // `province` (the unit's names) is output only and ignored on input.
    if (auto ok = obj->OnlyKnown({"street", "communeCode", "provinceCode", "formerProvinceCode", "province"}); !ok) {
        return ok.error();
    }
    auto street = obj->String("street", kMaxText, false);
    if (!street) return street.error();
    auto commune = obj->String("communeCode", 5, false);
    if (!commune) return commune.error();
    auto province = obj->String("provinceCode", 2, true);
    if (!province) return province.error();
    a.street = std::move(*street);
    a.commune_code = std::move(*commune);
    a.province_code = std::move(*province);
    auto former = obj->String("formerProvinceCode", 2, false);
    if (!former) return former.error();
    if (!former->empty()) {
        const auto& all = FormerProvinces();
        if (std::none_of(all.begin(), all.end(), [&](const FormerProvince& f) { return f.code == *former; })) {
            return InvalidArgument(obj->Where("formerProvinceCode"), "province.unknown",
                                   "Not a province code from before 1 July 2025.", *former);
        }
        a.former_province_code = std::move(*former);
    }
    return a;
}

json::object EncodeName(const Name& n) {
    json::object o{{"vi", n.vi}};
    if (!n.en.empty()) o["en"] = n.en;
    return o;
}

json::object EncodeAddress(const Address& a) {
    json::object o;
    if (!a.street.empty()) o["street"] = a.street;
    if (!a.commune_code.empty()) o["communeCode"] = a.commune_code;
    o["provinceCode"] = a.province_code;
    if (const Province* p = FindProvince(a.province_code)) {
        o["province"] = json::object{{"vi", ProvinceLineVi(*p)}, {"en", p->name_en}};
    }
    if (!a.former_province_code.empty()) o["formerProvinceCode"] = a.former_province_code;
    return o;
}

json::array EncodeStrings(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
}

void AddTimes(json::object& o, const std::string& created, const std::string& updated) {
    if (!created.empty()) o["createdAt"] = created;
    if (!updated.empty()) o["updatedAt"] = updated;
}

bool PlausibleEmail(std::string_view e) {
    const auto at = e.find('@');
    return at != std::string_view::npos && at > 0 && at == e.rfind('@') && e.find('.', at) != std::string_view::npos &&
           e.back() != '.' && e.find(' ') == std::string_view::npos;
}

bool PlausiblePhone(std::string_view p) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (!(c == ' ' || c == '.' || c == '-' || (c == '+' && i == 0))) {
            return false;
        }
    }
    return digits >= 8 && digits <= 15;
}

}  // namespace

bool IsRestrictedPrefix(std::string_view prefix) { return prefix.size() >= 2 && prefix[0] == '2'; }
bool IsVietnamesePrefix(std::string_view prefix) { return prefix.substr(0, 3) == "893"; }

std::string_view EnterpriseKindName(EnterpriseKind kind) {
    switch (kind) {
        case EnterpriseKind::kEnterprise:
            return "enterprise";
        case EnterpriseKind::kCooperative:
            return "cooperative";
        case EnterpriseKind::kHousehold:
            return "household";
        case EnterpriseKind::kSolutionProvider:
            return "solution_provider";
        case EnterpriseKind::kCertificationBody:
            return "certification_body";
    }
    return "enterprise";
}

std::string_view RecordStatusName(RecordStatus status) {
    return status == RecordStatus::kSuspended ? "suspended" : "active";
}

std::string_view LocationKindName(LocationKind kind) {
    switch (kind) {
        case LocationKind::kFarm:
            return "farm";
        case LocationKind::kGrowingArea:
            return "growing_area";
        case LocationKind::kAquacultureArea:
            return "aquaculture_area";
        case LocationKind::kSlaughterhouse:
            return "slaughterhouse";
        case LocationKind::kPackingHouse:
            return "packing_house";
        case LocationKind::kFactory:
            return "factory";
        case LocationKind::kWarehouse:
            return "warehouse";
        case LocationKind::kDistributionCentre:
            return "distribution_centre";
        case LocationKind::kStore:
            return "store";
        case LocationKind::kMarket:
            return "market";
        case LocationKind::kPort:
            return "port";
        case LocationKind::kOffice:
            return "office";
        case LocationKind::kOther:
            return "other";
    }
    return "other";
}

json::object EncodeProductWebVocabulary(const Product& p, const Enterprise* owner, std::string_view image_base) {
    auto lang = [](const Name& n) {
        json::array a{json::object{{"@value", n.vi}, {"@language", "vi"}}};
        if (!n.en.empty()) a.emplace_back(json::object{{"@value", n.en}, {"@language", "en"}});
        return a;
    };
    json::object o{{"@context", json::object{{"gs1", "https://ref.gs1.org/voc/"},
                                             {"txng", "https://txng.vn/voc/"},
                                             {"xsd", "http://www.w3.org/2001/XMLSchema#"}}},
                   {"@id", "https://id.gs1.org/01/" + p.gtin},
                   {"@type", "gs1:Product"},
                   {"gs1:gtin", p.gtin},
                   {"gs1:productName", lang(p.name)}};
    if (!p.brand.empty()) {
        o["gs1:brand"] = json::object{{"@type", "gs1:Brand"}, {"gs1:brandName", p.brand}};
    }
    if (owner != nullptr) {
        json::object org{{"@type", "gs1:Organization"}, {"gs1:organizationName", lang(owner->name)}};
        if (!owner->gln.empty()) org["gs1:globalLocationNumber"] = owner->gln;
        o["gs1:brandOwner"] = std::move(org);
    }
    if (p.net_content) {
        o["gs1:netContent"] = json::object{{"@type", "gs1:QuantitativeValue"},
                                           {"gs1:value", p.net_content->value},
                                           {"gs1:unitCode", p.net_content->unit_code}};
    }
    o["gs1:countryOfOrigin"] = json::object{{"@type", "gs1:Country"}, {"gs1:countryCode", p.origin_country}};
    if (!p.images.empty()) {
        json::array images;
        for (const auto& h : p.images) images.emplace_back(std::string(image_base) + h);
        o["gs1:image"] = std::move(images);
    }
    if (p.shelf_life_days) o["txng:shelfLifeDays"] = *p.shelf_life_days;
    if (!p.origin_province.empty()) o["txng:originProvinceCode"] = p.origin_province;
    if (!p.standards.empty()) o["txng:standards"] = EncodeStrings(p.standards);
    if (!p.safety_warnings.vi.empty()) o["gs1:consumerSafetyInformation"] = lang(p.safety_warnings);
    return o;
}

const CompanyPrefix* PrefixOf(const std::vector<CompanyPrefix>& prefixes, std::string_view key_digits) {
    for (const auto& p : prefixes) {
        if (key_digits.substr(0, p.prefix.size()) == p.prefix) return &p;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Enterprise

Result<void> NormalizeEnterprise(Enterprise& e) {
    auto tax = ParseTaxCode(e.tax_code, "taxCode");
    if (!tax) return tax.error();
    e.tax_code = tax->value;
    if (e.kind == EnterpriseKind::kHousehold && tax->kind == TaxCodeKind::kDependentUnit) {
        return InvalidArgument("taxCode", "tax_code.kind", "A household business has no dependent-unit tax code.",
                               e.tax_code);
    }
    if (auto ok = NormalizeName(e.name, "name"); !ok) return ok;
    if (auto ok = NormalizeAddress(e.address, "address", true); !ok) return ok;
    if (!e.gln.empty()) {
        if (auto ok = gs1::ValidateGln(e.gln, "gln"); !ok) return ok;
    }
    if (e.prefixes.size() > kMaxListItems) {
        return InvalidArgument("gs1CompanyPrefixes", "list.too_long", fmt::format("At most {} items.", kMaxListItems));
    }
    for (std::size_t i = 0; i < e.prefixes.size(); ++i) {
        auto& p = e.prefixes[i];
        const std::string where = fmt::format("gs1CompanyPrefixes[{}].prefix", i);
        if (!AllDigits(p.prefix) || p.prefix.size() < 6 || p.prefix.size() > 12) {
            return InvalidArgument(where, "company_prefix.syntax",
                                   "A GS1 Company Prefix is 6 to 12 digits (GS1 Vietnam's start with 893).", p.prefix);
        }
        if (IsRestrictedPrefix(p.prefix)) p.internal_only = true;
        for (std::size_t j = 0; j < i; ++j) {
            const auto& q = e.prefixes[j].prefix;
            if (p.prefix.starts_with(q) || q.starts_with(p.prefix)) {
                return InvalidArgument(where, "company_prefix.overlap",
                                       "Two prefixes of the enterprise overlap (one starts with the other).", p.prefix);
            }
        }
    }
    if (e.contacts.size() > 20) return InvalidArgument("contacts", "list.too_long", "At most 20 contacts.");
    for (std::size_t i = 0; i < e.contacts.size(); ++i) {
        auto& c = e.contacts[i];
        const std::string where = fmt::format("contacts[{}]", i);
        if (auto ok = CheckText(c.name, where + ".name", kMaxName, true); !ok) return ok;
        if (auto ok = CheckText(c.email, where + ".email", 254, false); !ok) return ok;
        if (auto ok = CheckText(c.phone, where + ".phone", 20, false); !ok) return ok;
        if (!c.email.empty() && !PlausibleEmail(c.email)) {
            return InvalidArgument(where + ".email", "email.syntax", "Not an e-mail address (name@domain).", c.email);
        }
        if (!c.phone.empty() && !PlausiblePhone(c.phone)) {
            return InvalidArgument(where + ".phone", "phone.syntax",
                                   "A phone number is 8 to 15 digits, optionally with a leading + and spaces, dots or "
                                   "hyphens.",
                                   c.phone);
        }
        if (c.email.empty() && c.phone.empty()) {
            return InvalidArgument(where, "contact.reachable", "A contact needs an e-mail address or a phone number.");
        }
    }
    return {};
}

Result<Enterprise> DecodeEnterprise(const json::value& value) {
    auto r = ObjectReader::Of(value, "");
    if (!r) return r.error();
    if (auto ok = r->OnlyKnown({"taxCode", "kind", "name", "address", "gln", "gs1CompanyPrefixes", "contacts", "status",
                                "privateExtensions", "createdAt", "updatedAt"});
        !ok) {
        return ok.error();
    }
    Enterprise e;
    auto tax = r->String("taxCode", 14, true);
    if (!tax) return tax.error();
    e.tax_code = std::move(*tax);
    auto kind = r->String("kind", 40, false);
    if (!kind) return kind.error();
    if (!kind->empty()) {
        auto k = EnumOf(*kind, kEnterpriseKinds, &EnterpriseKindName, "kind");
        if (!k) return k.error();
        e.kind = *k;
    }
    auto name = ReadName(*r, "name");
    if (!name) return name.error();
    e.name = std::move(*name);
    auto address = ReadAddress(*r, "address", true);
    if (!address) return address.error();
    e.address = std::move(*address);
    auto gln = r->String("gln", 13, false);
    if (!gln) return gln.error();
    e.gln = std::move(*gln);
    if (const json::value* v = r->Find("gs1CompanyPrefixes")) {
        if (!v->is_array()) return InvalidArgument("gs1CompanyPrefixes", "json.type", "Expected an array.");
        const auto& a = v->get_array();
        for (std::size_t i = 0; i < a.size() && i <= kMaxListItems; ++i) {
            const std::string where = fmt::format("gs1CompanyPrefixes[{}]", i);
            CompanyPrefix p;
            if (a[i].is_string()) {
                p.prefix = std::string(a[i].get_string());
            } else {
                auto item = ObjectReader::Of(a[i], where);
                if (!item) return item.error();
                if (auto ok = item->OnlyKnown({"prefix", "length", "internalOnly", "country"}); !ok) return ok.error();
                auto prefix = item->String("prefix", 12, true);
                if (!prefix) return prefix.error();
                p.prefix = std::move(*prefix);
                auto length = item->Number("length");
                if (!length) return length.error();
                if (*length && **length != static_cast<double>(p.prefix.size())) {
                    return InvalidArgument(where + ".length", "company_prefix.length",
                                           "The length of a GS1 Company Prefix is the number of its digits.");
                }
                if (const json::value* io = item->Find("internalOnly")) {
                    if (!io->is_bool())
                        return InvalidArgument(where + ".internalOnly", "json.type", "Expected true or false.");
                    p.internal_only = io->get_bool();
                }
            }
            e.prefixes.push_back(std::move(p));
        }
    }
    if (const json::value* v = r->Find("contacts")) {
        if (!v->is_array()) return InvalidArgument("contacts", "json.type", "Expected an array.");
        const auto& a = v->get_array();
        for (std::size_t i = 0; i < a.size() && i <= 20; ++i) {
            auto item = ObjectReader::Of(a[i], fmt::format("contacts[{}]", i));
            if (!item) return item.error();
            if (auto ok = item->OnlyKnown({"name", "email", "phone"}); !ok) return ok.error();
            Contact c;
            auto n = item->String("name", kMaxName, true);
            if (!n) return n.error();
            auto em = item->String("email", 254, false);
            if (!em) return em.error();
            auto ph = item->String("phone", 20, false);
            if (!ph) return ph.error();
            c.name = std::move(*n);
            c.email = std::move(*em);
            c.phone = std::move(*ph);
            e.contacts.push_back(std::move(c));
        }
    }
    auto status = r->String("status", 20, false);
    if (!status) return status.error();
    if (!status->empty()) {
        auto s = EnumOf(*status, kStatuses, &RecordStatusName, "status");
        if (!s) return s.error();
        e.status = *s;
    }
    if (const json::value* v = r->Find("privateExtensions")) {
        if (!v->is_array()) return InvalidArgument("privateExtensions", "json.type", "Expected an array.");
        const auto& a = v->get_array();
        if (a.size() > 50) {
            return InvalidArgument("privateExtensions", "registry.private_extensions",
                                   "Name at most 50 namespaces (or \"*\" for all).");
        }
        e.private_extensions.clear();
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string where = fmt::format("privateExtensions[{}]", i);
            if (!a[i].is_string()) return InvalidArgument(where, "json.type", "Expected a string.");
            const std::string ns(a[i].get_string());
            if (ns != "*" && !IsNamespaceIri(ns)) {
                return InvalidArgument(where, "registry.private_extensions",
                                       "Give the namespace IRI of the extension fields (e.g. "
                                       "https://erp.example.vn/epcis/), or \"*\" for all of them.",
                                       ns);
            }
            if (std::find(e.private_extensions.begin(), e.private_extensions.end(), ns) == e.private_extensions.end()) {
                e.private_extensions.push_back(ns);
            }
        }
    }
    if (auto ok = NormalizeEnterprise(e); !ok) return ok.error();
    return e;
}

bool ExtensionIsPrivate(const std::vector<std::string>& private_extensions, std::string_view ns) {
    for (const auto& p : private_extensions) {
        if (p == "*" || p == ns) return true;
    }
    return false;
}

json::object EncodeEnterprise(const Enterprise& e) {
    json::object o{{"taxCode", e.tax_code},
                   {"kind", EnterpriseKindName(e.kind)},
                   {"name", EncodeName(e.name)},
                   {"address", EncodeAddress(e.address)}};
    if (!e.gln.empty()) o["gln"] = e.gln;
    json::array prefixes;
    for (const auto& p : e.prefixes) {
        json::object po{{"prefix", p.prefix}, {"length", p.prefix.size()}, {"internalOnly", p.internal_only}};
        if (IsVietnamesePrefix(p.prefix)) po["country"] = "VN";
        prefixes.emplace_back(std::move(po));
    }
    o["gs1CompanyPrefixes"] = std::move(prefixes);
    json::array contacts;
    for (const auto& c : e.contacts) {
        json::object co{{"name", c.name}};
        if (!c.email.empty()) co["email"] = c.email;
        if (!c.phone.empty()) co["phone"] = c.phone;
        contacts.emplace_back(std::move(co));
    }
    o["contacts"] = std::move(contacts);
    o["status"] = RecordStatusName(e.status);
    json::array private_extensions;
    for (const auto& ns : e.private_extensions) private_extensions.emplace_back(ns);
    o["privateExtensions"] = std::move(private_extensions);
    AddTimes(o, e.created_at, e.updated_at);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Location

Result<void> NormalizeLocation(Location& l) {
    if (auto ok = gs1::ValidateGln(l.gln, "gln"); !ok) return ok;
    if (!l.owner.empty()) {
        auto tax = ParseTaxCode(l.owner, "owner");
        if (!tax) return tax.error();
        l.owner = tax->value;
    }
    if (auto ok = NormalizeName(l.name, "name"); !ok) return ok;
    if (auto ok = NormalizeAddress(l.address, "address", true); !ok) return ok;
    if (l.coordinates) {
        const auto& c = *l.coordinates;
        if (!std::isfinite(c.latitude) || c.latitude < -90 || c.latitude > 90) {
            return InvalidArgument("coordinates.latitude", "coordinates.range",
                                   "A latitude runs from -90 to 90 degrees.", fmt::format("{}", c.latitude));
        }
        if (!std::isfinite(c.longitude) || c.longitude < -180 || c.longitude > 180) {
            return InvalidArgument("coordinates.longitude", "coordinates.range",
                                   "A longitude runs from -180 to 180 degrees.", fmt::format("{}", c.longitude));
        }
    }
    if (!l.parent.empty()) {
        if (auto ok = gs1::ValidateGln(l.parent, "parent"); !ok) return ok;
        if (l.parent == l.gln)
            return InvalidArgument("parent", "location.parent_self", "A location cannot enclose itself.");
    }
    return {};
}

Result<Location> DecodeLocation(const json::value& value) {
    auto r = ObjectReader::Of(value, "");
    if (!r) return r.error();
    if (auto ok = r->OnlyKnown(
            {"gln", "owner", "name", "kind", "address", "coordinates", "parent", "status", "createdAt", "updatedAt"});
        !ok) {
        return ok.error();
    }
    Location l;
    auto gln = r->String("gln", 13, true);
    if (!gln) return gln.error();
    l.gln = std::move(*gln);
    auto owner = r->String("owner", 14, false);
    if (!owner) return owner.error();
    l.owner = std::move(*owner);
    auto name = ReadName(*r, "name");
    if (!name) return name.error();
    l.name = std::move(*name);
    auto kind = r->String("kind", 40, true);
    if (!kind) return kind.error();
    auto k = EnumOf(*kind, kLocationKinds, &LocationKindName, "kind");
    if (!k) return k.error();
    l.kind = *k;
    auto address = ReadAddress(*r, "address", true);
    if (!address) return address.error();
    l.address = std::move(*address);
    if (const json::value* v = r->Find("coordinates")) {
        auto c = ObjectReader::Of(*v, "coordinates");
        if (!c) return c.error();
        if (auto ok = c->OnlyKnown({"latitude", "longitude"}); !ok) return ok.error();
        auto lat = c->Number("latitude");
        if (!lat) return lat.error();
        auto lon = c->Number("longitude");
        if (!lon) return lon.error();
        if (!*lat || !*lon) {
            return InvalidArgument(!*lat ? "coordinates.latitude" : "coordinates.longitude", "field.required",
                                   "Coordinates need both latitude and longitude.");
        }
        l.coordinates = Coordinates{**lat, **lon};
    }
    auto parent = r->String("parent", 13, false);
    if (!parent) return parent.error();
    l.parent = std::move(*parent);
    auto status = r->String("status", 20, false);
    if (!status) return status.error();
    if (!status->empty()) {
        auto s = EnumOf(*status, kStatuses, &RecordStatusName, "status");
        if (!s) return s.error();
        l.status = *s;
    }
    if (auto ok = NormalizeLocation(l); !ok) return ok.error();
    return l;
}

json::object EncodeLocation(const Location& l) {
    json::object o{{"gln", l.gln},
                   {"owner", l.owner},
                   {"name", EncodeName(l.name)},
                   {"kind", LocationKindName(l.kind)},
                   {"address", EncodeAddress(l.address)}};
    if (l.coordinates) {
        o["coordinates"] = json::object{{"latitude", l.coordinates->latitude}, {"longitude", l.coordinates->longitude}};
    }
    if (!l.parent.empty()) o["parent"] = l.parent;
    o["status"] = RecordStatusName(l.status);
    AddTimes(o, l.created_at, l.updated_at);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Product

Result<void> NormalizeProduct(Product& p) {
    auto gtin = gs1::NormalizeGtin(p.gtin, "gtin");
    if (!gtin) return gtin.error();
    p.gtin = std::move(*gtin);
    if (!p.owner.empty()) {
        auto tax = ParseTaxCode(p.owner, "owner");
        if (!tax) return tax.error();
        p.owner = tax->value;
    }
    if (auto ok = NormalizeName(p.name, "name"); !ok) return ok;
    if (!p.safety_warnings.vi.empty() || !p.safety_warnings.en.empty()) {
        if (auto ok = CheckText(p.safety_warnings.vi, "safetyWarnings.vi", kMaxSafetyWarnings, true); !ok) return ok;
        if (auto ok = CheckText(p.safety_warnings.en, "safetyWarnings.en", kMaxSafetyWarnings, false); !ok) return ok;
    }
    if (auto ok = CheckText(p.brand, "brand", kMaxText, false); !ok) return ok;
    if (auto ok = CheckText(p.category, "category", kMaxText, false); !ok) return ok;
    if (p.net_content) {
        const auto& n = *p.net_content;
        if (!std::isfinite(n.value) || n.value <= 0) {
            return InvalidArgument("netContent.value", "net_content.positive", "The net content must be above zero.",
                                   fmt::format("{}", n.value));
        }
        if (std::find(kUnitCodes.begin(), kUnitCodes.end(), n.unit_code) == kUnitCodes.end()) {
            return InvalidArgument("netContent.unitCode", "net_content.unit",
                                   "Give the unit as a UN/ECE Recommendation 20 code: MGM, GRM, KGM, TNE (mass), MLT, "
                                   "CLT, LTR, MTQ (volume), H87 (piece), PR (pair), MTR, MTK.",
                                   n.unit_code);
        }
    }
    if (p.shelf_life_days && (*p.shelf_life_days <= 0 || *p.shelf_life_days > 36500)) {
        return InvalidArgument("shelfLifeDays", "shelf_life.range", "The shelf life is 1 to 36,500 days.",
                               std::to_string(*p.shelf_life_days));
    }
    if (p.origin_country.empty()) p.origin_country = "VN";
    if (p.origin_country.size() != 2 || !std::isupper(static_cast<unsigned char>(p.origin_country[0])) ||
        !std::isupper(static_cast<unsigned char>(p.origin_country[1]))) {
        return InvalidArgument("origin.countryCode", "country.syntax",
                               "A country is its ISO 3166-1 alpha-2 code in capitals (VN, TH, JP...).",
                               p.origin_country);
    }
    if (!p.origin_province.empty()) {
        if (p.origin_country != "VN") {
            return InvalidArgument("origin.provinceCode", "origin.province_outside_vn",
                                   "A province of origin is given only for products of Vietnam.", p.origin_province);
        }
        auto prov = ResolveProvince(p.origin_province, "origin.provinceCode");
        if (!prov) return prov.error();
        p.origin_province = std::string(prov->province->code);
    }
    for (std::size_t i = 0; i < p.standards.size(); ++i) {
        const std::string where = fmt::format("standards[{}]", i);
        auto& s = p.standards[i];
        if (auto ok = CheckText(s, where, 100, true); !ok) return ok;
        const bool known = std::any_of(kStandardFamilies.begin(), kStandardFamilies.end(), [&](std::string_view f) {
            return s.starts_with(f) &&
                   (s.size() == f.size() || s[f.size()] == ' ' || s[f.size()] == '/' || s[f.size()] == '-');
        });
        if (!known) {
            return InvalidArgument(where, "standard.family",
                                   "Name a standard with its family and number, e.g. \"TCVN 12827:2019\", \"QCVN "
                                   "8-2:2011/BYT\", \"TCCS 01:2024/ABC\", \"ISO 22000:2018\", or a scheme such as "
                                   "\"VietGAP\" or \"HACCP\".",
                                   s);
        }
    }
    for (std::size_t i = 0; i < p.images.size(); ++i) {
        const auto& h = p.images[i];
        const bool hex = h.size() == 64 && std::all_of(h.begin(), h.end(), [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                         });
        if (!hex) {
            return InvalidArgument(fmt::format("images[{}]", i), "image.reference",
                                   "An image is referenced by the SHA-256 (64 lower-case hex digits) the upload "
                                   "returned.",
                                   h);
        }
    }
    if (auto ok = NormalizeProvinceList(p.mandatory_in, "traceability.mandatoryIn"); !ok) return ok;
    return NormalizeProvinceList(p.priority_in, "traceability.priorityIn");
}

Result<Product> DecodeProduct(const json::value& value) {
    auto r = ObjectReader::Of(value, "");
    if (!r) return r.error();
    if (auto ok =
            r->OnlyKnown({"gtin", "owner", "name", "brand", "category", "netContent", "shelfLifeDays", "origin",
                          "standards", "images", "safetyWarnings", "traceability", "status", "createdAt", "updatedAt"});
        !ok) {
        return ok.error();
    }
    Product p;
    auto gtin = r->String("gtin", 14, true);
    if (!gtin) return gtin.error();
    p.gtin = std::move(*gtin);
    auto owner = r->String("owner", 14, false);
    if (!owner) return owner.error();
    p.owner = std::move(*owner);
    auto name = ReadName(*r, "name");
    if (!name) return name.error();
    p.name = std::move(*name);
    auto brand = r->String("brand", kMaxText, false);
    if (!brand) return brand.error();
    p.brand = std::move(*brand);
    auto category = r->String("category", kMaxText, false);
    if (!category) return category.error();
    p.category = std::move(*category);
    if (const json::value* v = r->Find("netContent")) {
        auto n = ObjectReader::Of(*v, "netContent");
        if (!n) return n.error();
        if (auto ok = n->OnlyKnown({"value", "unitCode"}); !ok) return ok.error();
        auto val = n->Number("value");
        if (!val) return val.error();
        if (!*val) return InvalidArgument("netContent.value", "field.required", "This field is required.");
        auto unit = n->String("unitCode", 3, true);
        if (!unit) return unit.error();
        p.net_content = NetContent{**val, std::move(*unit)};
    }
    if (const json::value* v = r->Find("shelfLifeDays")) {
        if (!v->is_int64() && !v->is_uint64()) {
            return InvalidArgument("shelfLifeDays", "json.type", "Expected a whole number of days.");
        }
        // Out-of-range numbers become -1 or 1,000,000 days, which the range rule then refuses.
        const std::int64_t days = v->is_int64() ? v->get_int64() : 1'000'000;
        p.shelf_life_days = static_cast<int>(std::clamp<std::int64_t>(days, -1, 1'000'000));
    }
    if (const json::value* v = r->Find("origin")) {
        auto o = ObjectReader::Of(*v, "origin");
        if (!o) return o.error();
        if (auto ok = o->OnlyKnown({"countryCode", "provinceCode"}); !ok) return ok.error();
        auto country = o->String("countryCode", 2, false);
        if (!country) return country.error();
        auto province = o->String("provinceCode", 2, false);
        if (!province) return province.error();
        p.origin_country = std::move(*country);
        p.origin_province = std::move(*province);
    }
    auto standards = r->Strings("standards");
    if (!standards) return standards.error();
    p.standards = std::move(*standards);
    auto images = r->Strings("images");
    if (!images) return images.error();
    p.images = std::move(*images);
    if (const json::value* v = r->Find("safetyWarnings")) {
        auto w = ObjectReader::Of(*v, "safetyWarnings");
        if (!w) return w.error();
        if (auto ok = w->OnlyKnown({"vi", "en"}); !ok) return ok.error();
        auto vi = w->String("vi", kMaxSafetyWarnings, true);
        if (!vi) return vi.error();
        auto en = w->String("en", kMaxSafetyWarnings, false);
        if (!en) return en.error();
        p.safety_warnings = Name{std::move(*vi), std::move(*en)};
    }
    if (const json::value* v = r->Find("traceability")) {
        auto t = ObjectReader::Of(*v, "traceability");
        if (!t) return t.error();
        if (auto ok = t->OnlyKnown({"mandatoryIn", "priorityIn"}); !ok) return ok.error();
        auto m = t->Strings("mandatoryIn");
        if (!m) return m.error();
        auto pr = t->Strings("priorityIn");
        if (!pr) return pr.error();
        p.mandatory_in = std::move(*m);
        p.priority_in = std::move(*pr);
    }
    auto status = r->String("status", 20, false);
    if (!status) return status.error();
    if (!status->empty()) {
        auto s = EnumOf(*status, kStatuses, &RecordStatusName, "status");
        if (!s) return s.error();
        p.status = *s;
    }
    if (auto ok = NormalizeProduct(p); !ok) return ok.error();
    return p;
}

json::object EncodeProduct(const Product& p) {
    json::object o{{"gtin", p.gtin}, {"owner", p.owner}, {"name", EncodeName(p.name)}};
    if (!p.brand.empty()) o["brand"] = p.brand;
    if (!p.category.empty()) o["category"] = p.category;
    if (p.net_content) {
        o["netContent"] = json::object{{"value", p.net_content->value}, {"unitCode", p.net_content->unit_code}};
    }
    if (p.shelf_life_days) o["shelfLifeDays"] = *p.shelf_life_days;
    json::object origin{{"countryCode", p.origin_country}};
    if (!p.origin_province.empty()) origin["provinceCode"] = p.origin_province;
    o["origin"] = std::move(origin);
    o["standards"] = EncodeStrings(p.standards);
    o["images"] = EncodeStrings(p.images);
    if (!p.safety_warnings.vi.empty()) o["safetyWarnings"] = EncodeName(p.safety_warnings);
    o["traceability"] =
        json::object{{"mandatoryIn", EncodeStrings(p.mandatory_in)}, {"priorityIn", EncodeStrings(p.priority_in)}};
    o["status"] = RecordStatusName(p.status);
    AddTimes(o, p.created_at, p.updated_at);
    return o;
}

}  // namespace txng::registry
