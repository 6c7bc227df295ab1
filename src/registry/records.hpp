#pragma once
// The national product database's records: enterprises (with their GS1 Company Prefixes),
// locations (GLN) and products (GTIN), as the registry API reads and writes them.
//
// Each record has
//   - Decode*(json): the API's JSON form -> record; every field is checked and unknown fields are
//     refused, the error naming the field (`address.provinceCode`) and the rule;
//   - Normalize*(record): the same rules for records built in code (the CLI), putting every value
//     in its canonical form (GTIN-14, a pre-2025 province code translated to its successor);
//   - Encode*(record): the JSON form (camelCase, Vietnamese and English names side by side).
// Rules that need other records (a GTIN's prefix belongs to its owner, a parent location exists)
// are the service's. Pure functions; thread-safe.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace txng::registry {

// A text in Vietnamese (required) and English (optional).
struct Name {
    std::string vi;
    std::string en;
};

struct Address {
    std::string street;                // number and street, or hamlet (thôn, ấp)
    std::string commune_code;          // five-digit code of the phường / xã / đặc khu; may be empty
    std::string province_code;         // one of the 34 (a pre-2025 code on input is translated)
    std::string former_province_code;  // the pre-2025 code given on input, when it differed
};

// A GS1 Company Prefix licensed to an enterprise. Its length is the number of its digits, which
// converting keys between Digital Link and EPC URN needs.
struct CompanyPrefix {
    std::string prefix;          // 6 to 12 digits
    bool internal_only = false;  // restricted circulation numbers (GS1 prefixes 20-29): in-house only
};
// True for prefixes in GS1's restricted-circulation range 20-29 (valid only inside a company).
bool IsRestrictedPrefix(std::string_view prefix);
// True for prefixes issued by GS1 Vietnam (893).
bool IsVietnamesePrefix(std::string_view prefix);

struct Contact {
    std::string name;
    std::string email;
    std::string phone;
};

enum class EnterpriseKind { kEnterprise, kCooperative, kHousehold, kSolutionProvider, kCertificationBody };
std::string_view EnterpriseKindName(EnterpriseKind kind);  // "enterprise", "cooperative", ...

enum class RecordStatus { kActive, kSuspended };
std::string_view RecordStatusName(RecordStatus status);  // "active", "suspended"

struct Enterprise {
    std::string tax_code;  // normalised (tax_code.hpp)
    EnterpriseKind kind = EnterpriseKind::kEnterprise;
    Name name;
    Address address;
    std::string gln;  // the party's GLN, optional
    std::vector<CompanyPrefix> prefixes;
    std::vector<Contact> contacts;
    RecordStatus status = RecordStatus::kActive;
    // The namespaces of the extension fields of its events that others do not see (they see its
    // events without them: docs/access-control.md); "*" for all of them, the default. The owner
    // narrows it to let the rest be seen ([] makes every extension public).
    std::vector<std::string> private_extensions{"*"};
    std::string created_at;  // set by the store (RFC 3339)
    std::string updated_at;
};

// Whether an extension field of namespace `ns` is private under `private_extensions`.
bool ExtensionIsPrivate(const std::vector<std::string>& private_extensions, std::string_view ns);

enum class LocationKind {
    kFarm,
    kGrowingArea,
    kAquacultureArea,
    kSlaughterhouse,
    kPackingHouse,
    kFactory,
    kWarehouse,
    kDistributionCentre,
    kStore,
    kMarket,
    kPort,
    kOffice,
    kOther,
};
std::string_view LocationKindName(LocationKind kind);  // "farm", "growing_area", ...

struct Coordinates {
    double latitude = 0;
    double longitude = 0;
};

struct Location {
    std::string gln;    // 13 digits, check digit verified
    std::string owner;  // tax code of the enterprise that holds it
    Name name;
    LocationKind kind = LocationKind::kOther;
    Address address;
    std::optional<Coordinates> coordinates;
    std::string parent;  // GLN of the enclosing location (WD_bizLocation / WD_readPoint), optional
    RecordStatus status = RecordStatus::kActive;
    std::string created_at;
    std::string updated_at;
};

struct NetContent {
    double value = 0;
    std::string unit_code;  // UN/ECE Recommendation 20 code: GRM, KGM, MLT, LTR, H87 (piece) ...
};

struct Product {
    std::string gtin;   // GTIN-14
    std::string owner;  // tax code of the brand owner (holder of the GTIN's company prefix)
    Name name;
    std::string brand;
    std::string category;  // free text or a GPC brick code
    std::optional<NetContent> net_content;
    std::optional<int> shelf_life_days;
    std::string origin_country;          // ISO 3166-1 alpha-2, "VN" by default
    std::string origin_province;         // one of the 34 when the origin is in Vietnam, optional
    std::vector<std::string> standards;  // "TCVN 12827:2019", "QCVN 8-2:2011/BYT", "TCCS 01:2024/ABC", ...
    std::vector<std::string> images;     // content addresses (sha256 hex) of uploaded images
    // Safety warnings of the digital product passport (Decree 37/2026): one paragraph each of
    // at most 1,000 characters, Vietnamese required when given; none when both are empty.
    Name safety_warnings;
    // Provinces where traceability of this product is mandatory / a priority (34 codes).
    std::vector<std::string> mandatory_in;
    std::vector<std::string> priority_in;
    RecordStatus status = RecordStatus::kActive;
    std::string created_at;
    std::string updated_at;
};

Result<Enterprise> DecodeEnterprise(const boost::json::value& json);
Result<Location> DecodeLocation(const boost::json::value& json);
Result<Product> DecodeProduct(const boost::json::value& json);

Result<void> NormalizeEnterprise(Enterprise& enterprise);
Result<void> NormalizeLocation(Location& location);
Result<void> NormalizeProduct(Product& product);

boost::json::object EncodeEnterprise(const Enterprise& enterprise);
boost::json::object EncodeLocation(const Location& location);
boost::json::object EncodeProduct(const Product& product);

// The product as GS1 Web Vocabulary JSON-LD (https://ref.gs1.org/voc/): a gs1:Product with its
// gtin, productName in Vietnamese and English, brand, brandOwner (the owner's name and GLN when
// `owner` is given), netContent, countryOfOrigin and images (`image_base` + sha256); the shelf life,
// standards and province of origin, which the vocabulary has no term for here, in txng's namespace.
boost::json::object EncodeProductWebVocabulary(const Product& product, const Enterprise* owner,
                                               std::string_view image_base);

// The Company Prefix of `prefixes` that `key_digits` (a GTIN-14 without its indicator digit, or a
// GLN) starts with; nullptr when none does.
const CompanyPrefix* PrefixOf(const std::vector<CompanyPrefix>& prefixes, std::string_view key_digits);

}  // namespace txng::registry
