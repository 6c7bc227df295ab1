#pragma once
// The master data of the demo supply chains: fictional enterprises in real provinces of Vietnam
// (the 34 provincial units since 1 July 2025), their locations with GLNs, and their products with
// GTINs. It feeds the event generator (chain_generator.hpp), `txng demo` and the tests.
//
// The enterprises, brands, GS1 Company Prefixes and tax codes are invented (prefixes start with
// Vietnam's 893, tax codes start with the tax office code of the enterprise's pre-2025 province, as
// real ones do); street addresses and commune names are illustrative. Provinces are the new
// units: Lục Ngạn (formerly Bắc Giang) is in Bắc Ninh, Sóc Trăng is in Cần Thơ, Bạc Liêu is in Cà
// Mau, Đắk Nông is in Lâm Đồng, Bình Phước is in Đồng Nai.
//
// Everything here is built once on first use and immutable afterwards: thread-safe to read.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "epcis/date_time.hpp"
#include "epcis/event.hpp"
#include "gs1/company_prefix.hpp"
#include "registry/province.hpp"
#include "registry/records.hpp"

namespace txng::demo {

// Namespace of the Vietnamese-specific fields the demo data writes (ILMD, event extensions,
// master-data attributes), with its usual prefix.
inline constexpr std::string_view kTxngNamespace = "https://txng.vn/voc/";
inline constexpr std::string_view kTxngPrefix = "txng";
// The CBV master-data namespace as the EPCIS 2.0 JSON-LD context defines `cbvmda`.
inline constexpr std::string_view kCbvMdaNamespace = "urn:epcglobal:cbv:mda:";
inline constexpr std::string_view kCanonicalResolver = "https://id.gs1.org";

// The 34 provincial units (data/provinces.csv) are the registry's.
using registry::FindProvince;
using registry::Province;
using registry::Provinces;

// How an enterprise writes identifiers in the events it captures.
enum class IdStyle {
    kEpcUrn,            // urn:epc:id:sgtin:..., urn:epc:class:lgtin:..., urn:epc:id:sscc:..., urn:epc:id:sgln:...
    kDigitalLink,       // https://id.gs1.org/01/<GTIN>/21/<serial>, /00/<SSCC>, /414/<GLN> ...
    kBrandDigitalLink,  // its own products on its brand resolver (Enterprise::brand_base), the rest on id.gs1.org
};
std::string_view IdStyleName(IdStyle style);  // "epc_urn", "digital_link", "brand_digital_link"

enum class EnterpriseRole { kCooperative, kProducer, kDistributor, kRetailer };
std::string_view EnterpriseRoleName(EnterpriseRole role);  // "cooperative", "producer", ...

struct Enterprise {
    std::string key;  // stable handle ("lychee_coop"), used by the generator and tests
    EnterpriseRole role = EnterpriseRole::kProducer;
    std::string name_vi;
    std::string name_en;
    std::string company_prefix;  // GS1 Company Prefix, 7 to 10 digits starting 893
    std::string tax_code;        // mã số doanh nghiệp, 10 digits
    std::string gln;             // the party's GLN (company prefix, reference 0, check digit)
    std::string province_code;
    std::string street_vi;   // number and street, or hamlet
    std::string commune_vi;  // phường / xã
    IdStyle id_style = IdStyle::kEpcUrn;
    std::string brand_base;  // Digital Link stem of its own resolver (kBrandDigitalLink only)
    std::string website;
};

enum class LocationKind {
    kOffice,
    kCooperative,
    kGrowingArea,
    kFarm,
    kPackingHouse,
    kFactory,
    kSlaughterhouse,
    kDistributionCentre,
    kColdStore,
    kRetailStore,
};
// "office", "cooperative", "growing_area", "farm", "packing_house", "factory", "slaughterhouse",
// "distribution_centre", "cold_store", "retail_store".
std::string_view LocationKindName(LocationKind kind);

struct Location {
    std::string key;  // stable handle ("dc_hanoi", "lychee_farm_2")
    std::size_t enterprise = 0;
    LocationKind kind = LocationKind::kOffice;
    std::string name_vi;
    std::string name_en;
    std::string gln;
    std::string street_vi;
    std::string commune_vi;
    std::string province_code;
    double latitude = 0;
    double longitude = 0;
    std::optional<std::size_t> parent;  // the location it belongs to (master-data hierarchy)
    // Growing area or farm code (mã số vùng trồng / mã số cơ sở nuôi), empty for other kinds.
    std::string area_code;
    // Sub-location read points written as SGLN extensions of this GLN ("POS1", "IN1", ...).
    std::vector<std::string> read_points;
};

struct Product {
    std::string key;  // stable handle ("lychee_box_2kg")
    std::size_t enterprise = 0;
    std::string name_vi;
    std::string name_en;
    std::string gtin;  // GTIN-14 (a GTIN-13 with a leading 0)
    // Serialised consumer units (SGTIN) or a bulk material handled by lot and weight (LGTIN, kg).
    bool serialised = false;
    double net_kg = 1;            // net weight of one unit (serialised products)
    int shelf_life_days = 0;      // from production (or harvest) to best-before
    std::string standards;        // standards applied, "; " separated (item 10 of Circular 02/2024)
    std::string sector;           // "fruit", "coffee", "seafood", "rice", "meat"
    std::string lot_code_prefix;  // first letters of its lot numbers ("VT" for vải thiều)
    std::string origin_province_code;
    std::string brand;
    std::string image_url;
    std::optional<std::size_t> made_from;  // the product it is made from, if any
};

struct MasterData {
    std::vector<Enterprise> enterprises;
    std::vector<Location> locations;
    std::vector<Product> products;

    // Index of the element with `key`; nullopt when none.
    std::optional<std::size_t> FindEnterprise(std::string_view key) const;
    std::optional<std::size_t> FindLocation(std::string_view key) const;
    std::optional<std::size_t> FindProduct(std::string_view key) const;
    // Index of the location / enterprise with that GLN; nullopt when none.
    std::optional<std::size_t> FindLocationByGln(std::string_view gln) const;

    // The company prefix length of an enterprise (for URN <-> Digital Link conversion).
    std::size_t PrefixLength(std::size_t enterprise) const { return enterprises[enterprise].company_prefix.size(); }

    // Identifiers in the form `style` writes them (kBrandDigitalLink: only products of the
    // enterprise itself use its brand stem; locations and parties use id.gs1.org).
    std::string LocationUri(std::size_t location, IdStyle style, std::string_view extension = "0") const;
    std::string PartyUri(std::size_t enterprise, IdStyle style) const;
    std::string ProductClassUri(std::size_t product, IdStyle style) const;
    // The Digital Link stem `writer` uses for `product`; empty for EPC URNs.
    std::string_view ProductBase(std::size_t product, std::size_t writer) const;
};

// The demo master data, built once.
const MasterData& DemoMasterData();

// The master data as an EPCISMasterDataDocument (kEpcisMasterDataDocument), so the XML encoder can
// write it: vocabularies urn:epcglobal:epcis:vtype:Party (enterprises), BusinessLocation (names,
// addresses, province, coordinates, kind, children for the hierarchy), ReadPoint (sub-locations
// with their site) and EPCClass (products). Each id is written in the owner's IdStyle, as its
// events write it. `creation` becomes the document's creationDate.
epcis::Document MasterDataDocument(const MasterData& data, const epcis::DateTime& creation);

// The master data as registry records (registry/records.hpp), each valid for its Normalize*
// function: every enterprise with its prefix, every location (parents before their children) and
// product.
struct RegistryRecords {
    std::vector<registry::Enterprise> enterprises;
    std::vector<registry::Location> locations;
    std::vector<registry::Product> products;
};
RegistryRecords RegistryRecordsOf(const MasterData& data);

// The company prefixes of every enterprise, for gs1::DigitalLinkToEpcUri.
gs1::TableCompanyPrefixProvider CompanyPrefixes(const MasterData& data);

}  // namespace txng::demo
