#include "api/portal_openapi.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <tuple>

#include "codes/stamp_sheet.hpp"
#include "registry/access.hpp"
#include "registry/records.hpp"
#include "service/registry_service.hpp"
#include "service/stamps.hpp"
#include "store/stamp_store.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kProblemJson = "application/problem+json";
constexpr std::string_view kEpcisOpenApi = "https://ref.gs1.org/standards/epcis/2.0.0/openapi.yaml";

constexpr std::string_view kTaxCodePattern = "^[0-9]{10}(-[0-9]{3})?$|^[0-9]{12}$";
constexpr std::string_view kGlnPattern = "^[0-9]{13}$";
constexpr std::string_view kGtinPattern = "^[0-9]{14}$";
constexpr std::string_view kGtinInputPattern = "^([0-9]{8}|[0-9]{12,14})$";
constexpr std::string_view kProvincePattern = "^[0-9]{2}$";
constexpr std::string_view kKeyIdPattern = "^[a-z2-7]{16}$";
constexpr std::string_view kKeyTokenPattern = "^txng_[a-z2-7]{16}_[a-z2-7]{52}$";
constexpr std::string_view kUserNamePattern = "^[a-z0-9._@-]{3,100}$";  // registry::CheckUserName
constexpr std::string_view kSessionTokenPattern = "^[a-z2-7]{52}$";     // registry::NewToken
// service::RegistryService::LoadSystem: a solution provider by tax code, a province's system by code.
constexpr std::string_view kSystemIdPattern = "^(provider:[0-9]{10}(-[0-9]{3})?|provider:[0-9]{12}|province:[0-9]{2})$";
constexpr std::string_view kDatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
// An image's content address: the SHA-256 of its bytes, lower-case hex (registry::HashSecret).
constexpr std::string_view kSha256Pattern = "^[0-9a-f]{64}$";
constexpr std::string_view kSha256Example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
// The images RegistryService::UploadImage recognises by their bytes.
constexpr std::array<std::string_view, 3> kImageTypes = {"image/jpeg", "image/png", "image/webp"};
constexpr std::size_t kMaxImageBytes = service::RegistryService::kMaxImageBytes;
// registry::CheckPassword counts bytes of UTF-8.
constexpr std::size_t kPasswordMinLength = 12;
constexpr std::size_t kPasswordMaxLength = 256;

// service::NewStampSerial: 13 characters of Crockford's base-32 alphabet (no I, L, O, U).
constexpr std::string_view kStampSerialPattern = "^[0-9A-HJKMNP-TV-Z]{13}$";
constexpr std::string_view kStampSerialExample = "7QK2M9XH4RT0B";
// The largest batch a node takes by default (service::StampServiceOptions).
const std::int64_t kMaxStampBatch = service::StampServiceOptions{}.max_batch;

// The enums as the code spells them (records.hpp, access.hpp).
constexpr std::array kEnterpriseKinds = {
    registry::EnterpriseKind::kEnterprise, registry::EnterpriseKind::kCooperative, registry::EnterpriseKind::kHousehold,
    registry::EnterpriseKind::kSolutionProvider, registry::EnterpriseKind::kCertificationBody};
constexpr std::array kLocationKinds = {registry::LocationKind::kFarm,
                                       registry::LocationKind::kGrowingArea,
                                       registry::LocationKind::kAquacultureArea,
                                       registry::LocationKind::kSlaughterhouse,
                                       registry::LocationKind::kPackingHouse,
                                       registry::LocationKind::kFactory,
                                       registry::LocationKind::kWarehouse,
                                       registry::LocationKind::kDistributionCentre,
                                       registry::LocationKind::kStore,
                                       registry::LocationKind::kMarket,
                                       registry::LocationKind::kPort,
                                       registry::LocationKind::kOffice,
                                       registry::LocationKind::kOther};
constexpr std::array kStatuses = {registry::RecordStatus::kActive, registry::RecordStatus::kSuspended};
constexpr std::array kStampStatuses = {store::StampStatus::kIssued, store::StampStatus::kActivated,
                                       store::StampStatus::kSold, store::StampStatus::kConsumed,
                                       store::StampStatus::kVoided};
constexpr std::array kRoles = {
    registry::Role::kConsumer,          registry::Role::kHousehold,           registry::Role::kEnterprise,
    registry::Role::kSolutionProvider,  registry::Role::kProvincialAuthority, registry::Role::kProvincialSystem,
    registry::Role::kCertificationBody, registry::Role::kNationalSync,        registry::Role::kNationalAdmin};
// service::ConnectedSystem::kind.
constexpr std::array<std::string_view, 2> kSystemKinds = {"solution_provider", "provincial_system"};
// records.cpp keeps its list private; these are the codes NormalizeProduct accepts.
constexpr std::array<std::string_view, 12> kUnitCodes = {"MGM", "GRM", "KGM", "TNE", "MLT", "CLT",
                                                         "LTR", "MTQ", "H87", "PR",  "MTR", "MTK"};

template <typename E, std::size_t N>
json::array Names(const std::array<E, N>& values, std::string_view (*name)(E)) {
    json::array out;
    for (E e : values) out.emplace_back(name(e));
    return out;
}

template <typename Range>
json::array Strings(const Range& values) {
    json::array out;
    for (std::string_view v : values) out.emplace_back(v);
    return out;
}
json::array Strings(std::initializer_list<std::string_view> values) { return Strings<>(values); }

// ---------------------------------------------------------------------------------------------
// Schema building blocks

// {"$ref": "#/components/<section>/<name>"}
json::object Ref(std::string_view section, std::string_view name) {
    return json::object{{"$ref", "#/components/" + std::string(section) + "/" + std::string(name)}};
}
json::object SchemaRef(std::string_view name) { return Ref("schemas", name); }

json::object Str(std::string_view description, std::size_t max_length = 0, std::size_t min_length = 0) {
    json::object o{{"type", "string"}, {"description", description}};
    if (min_length > 0) o["minLength"] = min_length;
    if (max_length > 0) o["maxLength"] = max_length;
    return o;
}

json::object Patterned(std::string_view pattern, std::string_view description, std::string_view example = {}) {
    json::object o{{"type", "string"}, {"pattern", pattern}, {"description", description}};
    if (!example.empty()) o["example"] = example;
    return o;
}

json::object TaxCode(std::string_view description) { return Patterned(kTaxCodePattern, description, "0101234565"); }
json::object Gln(std::string_view description) { return Patterned(kGlnPattern, description, "8930001000018"); }
json::object ProvinceCode(std::string_view description) { return Patterned(kProvincePattern, description, "01"); }

json::object Timestamp(std::string_view description) {
    return json::object{{"type", "string"}, {"format", "date-time"}, {"readOnly", true}, {"description", description}};
}

json::object Enum(json::array values, std::string_view description) {
    return json::object{{"type", "string"}, {"enum", std::move(values)}, {"description", description}};
}

json::object ArrayOf(json::object items, std::string_view description, std::size_t max_items = 0) {
    json::object o{{"type", "array"}, {"items", std::move(items)}, {"description", description}};
    if (max_items > 0) o["maxItems"] = max_items;
    return o;
}

// An object schema; `closed` refuses members not listed (as the decoders do).
json::object Object(std::string_view description, json::object properties,
                    std::initializer_list<std::string_view> required = {}, bool closed = false) {
    json::object o{{"type", "object"}, {"description", description}};
    if (required.size() > 0) o["required"] = Strings(required);
    o["properties"] = std::move(properties);
    if (closed) o["additionalProperties"] = false;
    return o;
}

// The envelope of a listing: {"items": [...]}.
json::object ListOf(std::string_view item, std::string_view description) {
    return Object(description, json::object{{"items", ArrayOf(SchemaRef(item), "Các phần tử / The items.")}},
                  {"items"});
}

// ---------------------------------------------------------------------------------------------
// components.schemas

json::object Schemas() {
    json::object s;

    s["TaxCode"] = TaxCode(
        "Mã số thuế: 10 chữ số (doanh nghiệp, tổ chức), 10 chữ số-3 chữ số (đơn vị phụ thuộc) hoặc 12 chữ số (số định "
        "danh cá nhân của hộ kinh doanh, cá nhân). / Vietnamese tax code: 10 digits (an organisation, check digit "
        "verified), 10 digits, hyphen, 3 digits (a dependent unit; also accepted on input as 13 digits without the "
        "hyphen) or 12 digits (the personal id of individuals and household businesses).");
    s["Gln"] =
        Gln("GLN: 13 chữ số, đã kiểm tra số kiểm tra. / GS1 Global Location Number: 13 digits, check digit "
            "verified.");
    s["Gtin"] = Patterned(kGtinPattern,
                          "GTIN-14 (GTIN-8/12/13 được chuyển thành GTIN-14 bằng cách thêm số 0 bên trái). / GTIN-14 "
                          "(GTIN-8, -12 and -13 are left-padded with zeros to 14 digits on input).",
                          "08930001000155");
    s["ProvinceCode"] = ProvinceCode(
        "Mã một trong 34 đơn vị hành chính cấp tỉnh từ 1/7/2025; mã trước 2025 được chấp nhận khi nhập và chuyển sang "
        "mã mới (GET /api/v1/provinces). / Code of one of the 34 provincial units in force since 1 July 2025; a "
        "pre-2025 "
        "code is accepted on input and translated to its successor (GET /api/v1/provinces).");
    s["RecordStatus"] = Enum(Names(kStatuses, &registry::RecordStatusName),
                             "Trạng thái của bản ghi (mặc định active). / Status of the record (active by default).");
    s["Role"] = Enum(Names(kRoles, &registry::RoleName),
                     "Vai trò (docs/access-control.md). / Role of a key or caller (docs/access-control.md).");
    s["Scope"] = Enum(Strings({registry::kScopeRead, registry::kScopeWrite}),
                      "Phạm vi sử dụng của khóa. / What a key may be used for, within what its role allows.");

    s["Name"] =
        Object("Tên bằng tiếng Việt (bắt buộc) và tiếng Anh. / A name in Vietnamese (required) and English.",
               json::object{{"vi", Str("Tiếng Việt / Vietnamese", 300, 1)}, {"en", Str("Tiếng Anh / English", 300)}},
               {"vi"}, true);
    s["Address"] = Object(
        "Địa chỉ. / An address.",
        json::object{
            {"street", Str("Số nhà và đường, hoặc thôn, ấp. / Number and street, or hamlet (thôn, ấp).", 500)},
            {"communeCode", Patterned("^[0-9]{5}$",
                                      "Mã phường/xã/đặc khu (5 chữ số, hiệu lực từ 1/7/2025). / Five-digit code of the "
                                      "commune (phường, xã, đặc khu) in force since 1 July 2025.")},
            {"provinceCode", SchemaRef("ProvinceCode")},
            {"formerProvinceCode",
             ProvinceCode("Mã tỉnh trước 2025 đã nhập, khi khác mã hiện hành. / The pre-2025 province code given on "
                          "input, when it differed from the current one.")},
            {"province",
             Object("Tên đơn vị hành chính (chỉ trả về, bỏ qua khi nhập). / Names of the provincial unit (output "
                    "only, ignored on input).",
                    json::object{{"vi", Str("Ví dụ \"Thành phố Hà Nội\" / e.g. \"Thành phố Hà Nội\"")},
                                 {"en", Str("English name")}},
                    {"vi", "en"})}},
        {"provinceCode"}, true);
    s["Address"].as_object()["properties"].as_object()["province"].as_object()["readOnly"] = true;

    s["CompanyPrefix"] = Object(
        "Mã doanh nghiệp GS1 được cấp cho doanh nghiệp. Khi nhập có thể gửi chuỗi chữ số thay cho đối tượng. / A GS1 "
        "Company Prefix licensed to the enterprise. On input a bare digit string may stand for the object.",
        json::object{
            {"prefix", Patterned("^[0-9]{6,12}$",
                                 "6 đến 12 chữ số (GS1 Việt Nam: 893...). / 6 to 12 digits (GS1 Vietnam's start with "
                                 "893).",
                                 "8930001")},
            {"length", json::object{{"type", "integer"},
                                    {"minimum", 6},
                                    {"maximum", 12},
                                    {"description",
                                     "Số chữ số của mã (nếu gửi, phải bằng độ dài). / Number of digits of the prefix "
                                     "(must match when given)."}}},
            {"internalOnly", json::object{{"type", "boolean"},
                                          {"default", false},
                                          {"description",
                                           "Mã lưu hành hạn chế (GS1 20-29), chỉ dùng nội bộ; luôn true cho các mã "
                                           "này. / Restricted circulation number (GS1 prefixes 20-29), in-house only; "
                                           "always true for those."}}},
            {"country", json::object{{"type", "string"},
                                     {"enum", Strings({"VN"})},
                                     {"readOnly", true},
                                     {"description",
                                      "VN cho mã do GS1 Việt Nam cấp (893). / VN for prefixes issued by GS1 Vietnam "
                                      "(893)."}}}},
        {"prefix"}, true);
    s["Contact"] = Object(
        "Người liên hệ, cần email hoặc số điện thoại. / A contact person; an e-mail address or a phone number is "
        "required.",
        json::object{
            {"name", Str("Họ tên / Name", 300, 1)},
            {"email",
             json::object{
                 {"type", "string"}, {"format", "email"}, {"maxLength", 254}, {"description", "Email (name@domain)"}}},
            {"phone", Patterned("^\\+?[0-9 .-]{8,20}$",
                                "8 đến 15 chữ số, có thể có dấu + đầu và dấu cách, chấm, gạch ngang. / 8 to 15 "
                                "digits, optionally with a leading + and spaces, dots or hyphens (at most 20 "
                                "characters).")}},
        {"name"}, true);
    s["Contact"].as_object()["anyOf"] =
        json::array{json::object{{"required", Strings({"email"})}}, json::object{{"required", Strings({"phone"})}}};

    s["Enterprise"] = Object(
        "Doanh nghiệp, hợp tác xã, hộ kinh doanh, đơn vị cung cấp giải pháp hoặc tổ chức chứng nhận, theo mã số thuế. "
        "Các trường không khai báo bị từ chối. Người không có quyền đọc đầy đủ nhận bản công khai (contacts rỗng). / "
        "An "
        "enterprise, cooperative, household business, solution provider or certification body, keyed by tax code. "
        "Unknown fields are refused. Callers who may not read the full record get the public view (empty contacts).",
        json::object{
            {"taxCode", SchemaRef("TaxCode")},
            {"kind", json::object{{"type", "string"},
                                  {"enum", Names(kEnterpriseKinds, &registry::EnterpriseKindName)},
                                  {"default", "enterprise"},
                                  {"description",
                                   "Loại chủ thể (chỉ cơ quan quản lý đổi được). Hộ kinh doanh không dùng mã đơn vị "
                                   "phụ thuộc. / Kind of party (changed only by the authority). A household has no "
                                   "dependent-unit tax code."}}},
            {"name", SchemaRef("Name")},
            {"address", SchemaRef("Address")},
            {"gln", Gln("GLN của chủ thể (tùy chọn). / The party's GLN (optional).")},
            {"gs1CompanyPrefixes",
             ArrayOf(json::object{{"oneOf", json::array{SchemaRef("CompanyPrefix"),
                                                        Patterned("^[0-9]{6,12}$", "Chỉ mã / The prefix alone")}}},
                     "Mã doanh nghiệp GS1, không chồng lấn nhau hay với doanh nghiệp khác (chỉ cơ quan quản lý đổi "
                     "được); luôn trả về dạng đối tượng. / GS1 Company Prefixes, none starting with another nor held "
                     "by another enterprise (changed only by the authority); always returned as objects.",
                     100)},
            {"contacts", ArrayOf(SchemaRef("Contact"), "Người liên hệ / Contacts", 20)},
            {"status", SchemaRef("RecordStatus")},
            {"privateExtensions",
             ArrayOf(json::object{{"type", "string"}, {"maxLength", 500}},
                     "Không gian tên (IRI) của các trường mở rộng trong sự kiện của doanh nghiệp mà người khác không "
                     "được thấy; \"*\" là tất cả (mặc định); [] là công khai mọi trường mở rộng. Doanh nghiệp tự đặt "
                     "được. / Namespaces (IRIs) of the extension fields of the enterprise's events that others do not "
                     "see; \"*\" for all of them (the default); [] makes every extension public. The enterprise sets "
                     "it itself.",
                     50)},
            {"createdAt", Timestamp("Thời điểm tạo (RFC 3339, UTC). / Creation time (RFC 3339, UTC).")},
            {"updatedAt", Timestamp("Thời điểm sửa gần nhất. / Time of the last change.")}},
        {"taxCode", "name", "address"}, true);

    s["Coordinates"] = Object("Tọa độ WGS 84. / WGS 84 coordinates.",
                              json::object{{"latitude", json::object{{"type", "number"},
                                                                     {"minimum", -90},
                                                                     {"maximum", 90},
                                                                     {"example", 21.0285},
                                                                     {"description", "Vĩ độ / Latitude"}}},
                                           {"longitude", json::object{{"type", "number"},
                                                                      {"minimum", -180},
                                                                      {"maximum", 180},
                                                                      {"example", 105.8542},
                                                                      {"description", "Kinh độ / Longitude"}}}},
                              {"latitude", "longitude"}, true);
    s["Location"] = Object(
        "Địa điểm (vùng trồng, cơ sở, kho, cửa hàng...) theo GLN. Chủ sở hữu là doanh nghiệp giữ mã doanh nghiệp GS1 "
        "của "
        "GLN. / A location (farm, growing area, facility, warehouse, store...) keyed by GLN. Its owner is the "
        "enterprise holding the GLN's GS1 Company Prefix.",
        json::object{
            {"gln", SchemaRef("Gln")},
            {"owner", TaxCode("Mã số thuế của chủ sở hữu: suy ra từ mã doanh nghiệp GS1; nếu gửi phải trùng. / Tax "
                              "code of the owner: derived from the GS1 Company Prefix; when sent it must match.")},
            {"name", SchemaRef("Name")},
            {"kind", Enum(Names(kLocationKinds, &registry::LocationKindName), "Loại địa điểm / Kind of location")},
            {"address", SchemaRef("Address")},
            {"coordinates", SchemaRef("Coordinates")},
            {"parent", Gln("GLN của địa điểm bao quanh (đã đăng ký, khác chính nó). / GLN of the enclosing location "
                           "(registered, not the location itself).")},
            {"status", SchemaRef("RecordStatus")},
            {"createdAt", Timestamp("Thời điểm tạo / Creation time")},
            {"updatedAt", Timestamp("Thời điểm sửa gần nhất / Time of the last change")}},
        {"gln", "name", "kind", "address"}, true);

    s["NetContent"] = Object(
        "Khối lượng / thể tích tịnh. / Net content.",
        json::object{{"value", json::object{{"type", "number"},
                                            {"minimum", 0},
                                            {"exclusiveMinimum", true},
                                            {"description", "Lớn hơn 0 / Above zero"}}},
                     {"unitCode",
                      json::object{{"type", "string"},
                                   {"enum", Strings(kUnitCodes)},
                                   {"description",
                                    "Mã UN/ECE Recommendation 20: MGM, GRM, KGM, TNE (khối lượng), MLT, CLT, LTR, MTQ "
                                    "(thể tích), H87 (cái), PR (đôi), MTR, MTK. / UN/ECE Recommendation 20 code: MGM, "
                                    "GRM, KGM, TNE (mass), MLT, CLT, LTR, MTQ (volume), H87 (piece), PR (pair), MTR, "
                                    "MTK."}}}},
        {"value", "unitCode"}, true);
    s["Product"] = Object(
        "Sản phẩm theo GTIN. Chủ sở hữu là doanh nghiệp giữ mã doanh nghiệp GS1 của GTIN. / A product keyed by GTIN. "
        "Its owner is the enterprise holding the GTIN's GS1 Company Prefix.",
        json::object{
            {"gtin", Patterned(kGtinInputPattern,
                               "GTIN-8, -12, -13 hoặc -14 khi nhập; luôn trả về GTIN-14. / GTIN-8, -12, -13 or -14 on "
                               "input (check digit verified); always returned as GTIN-14.",
                               "08930001000155")},
            {"owner",
             TaxCode("Mã số thuế của chủ thương hiệu: suy ra từ mã doanh nghiệp GS1; nếu gửi phải trùng. / Tax "
                     "code of the brand owner: derived from the GS1 Company Prefix; when sent it must match.")},
            {"name", SchemaRef("Name")},
            {"brand", Str("Nhãn hiệu / Brand", 500)},
            {"category", Str("Nhóm hàng: văn bản hoặc mã GPC brick. / Category: free text or a GPC brick code.", 500)},
            {"netContent", SchemaRef("NetContent")},
            {"shelfLifeDays", json::object{{"type", "integer"},
                                           {"minimum", 1},
                                           {"maximum", 36500},
                                           {"description", "Hạn sử dụng (ngày) / Shelf life in days"}}},
            {"origin",
             Object("Xuất xứ / Origin",
                    json::object{{"countryCode", json::object{{"type", "string"},
                                                              {"pattern", "^[A-Z]{2}$"},
                                                              {"default", "VN"},
                                                              {"description",
                                                               "ISO 3166-1 alpha-2 (mặc định VN) / ISO 3166-1 alpha-2 "
                                                               "(VN by default)"}}},
                                 {"provinceCode",
                                  ProvinceCode("Tỉnh xuất xứ, chỉ cho sản phẩm của Việt Nam. / Province of origin, "
                                               "only for products of Vietnam.")}},
                    {}, true)},
            {"standards",
             ArrayOf(Str("Ví dụ / e.g. \"TCVN 12827:2019\", \"QCVN 8-2:2011/BYT\", \"TCCS 01:2024/ABC\", \"VietGAP\"",
                         100, 1),
                     "Tiêu chuẩn công bố áp dụng (TCVN, QCVN, TCCS, ISO, VietGAP, HACCP, ...). / Standards declared "
                     "(families TCVN, QCVN, TCCS, TCN, ISO, IEC, CODEX, VietGAP, GlobalGAP, HACCP, OCOP, ...).",
                     100)},
            {"images",
             ArrayOf(Patterned(kSha256Pattern, "SHA-256 (hex)", kSha256Example),
                     "Ảnh, theo địa chỉ nội dung SHA-256 mà POST /api/v1/images trả về; ảnh chưa từng được tải lên bị "
                     "từ chối (400 image.unknown tại images[i]). / Images, by the SHA-256 content address POST "
                     "/api/v1/images returned; one never uploaded is refused (400 image.unknown at images[i]).",
                     100)},
            {"safetyWarnings",
             Object("Cảnh báo an toàn của hộ chiếu số sản phẩm (Nghị định 37/2026), một đoạn mỗi ngôn ngữ, tiếng Việt "
                    "bắt buộc khi có; hiện trên trang sản phẩm công khai. / The safety warnings of the digital product "
                    "passport (Decree 37/2026), one paragraph per language, Vietnamese required when given; shown on "
                    "the public product page.",
                    json::object{{"vi", Str("Tiếng Việt / Vietnamese", 1000, 1)},
                                 {"en", Str("Tiếng Anh / English", 1000)}},
                    {"vi"}, true)},
            {"traceability",
             Object("Các tỉnh nơi truy xuất nguồn gốc sản phẩm là bắt buộc / ưu tiên. / Provinces where traceability "
                    "of this product is mandatory / a priority.",
                    json::object{{"mandatoryIn", ArrayOf(SchemaRef("ProvinceCode"), "Bắt buộc / Mandatory", 100)},
                                 {"priorityIn", ArrayOf(SchemaRef("ProvinceCode"), "Ưu tiên / Priority", 100)}},
                    {}, true)},
            {"status", SchemaRef("RecordStatus")},
            {"createdAt", Timestamp("Thời điểm tạo / Creation time")},
            {"updatedAt", Timestamp("Thời điểm sửa gần nhất / Time of the last change")}},
        {"gtin", "name"}, true);

    // GET /api/v1/products/{gtin} with Accept: application/ld+json (registry::EncodeProductWebVocabulary).
    auto language_tagged = [](std::string_view description) {
        return ArrayOf(Object("Giá trị có thẻ ngôn ngữ / A language-tagged value",
                              json::object{{"@value", Str("Văn bản / The text")},
                                           {"@language", Enum(Strings({"vi", "en"}), "Ngôn ngữ / The language")}},
                              {"@value", "@language"}),
                       description);
    };
    auto typed = [](std::string_view type) {
        return json::object{{"type", "string"}, {"enum", Strings({type})}, {"description", "Kiểu / The type"}};
    };
    json::object vocabulary = Object(
        "Sản phẩm theo GS1 Web Vocabulary (JSON-LD, https://ref.gs1.org/voc/), trả về khi Accept có "
        "application/ld+json. Các mục không có thuật ngữ GS1 (hạn sử dụng, tỉnh xuất xứ, tiêu chuẩn) nằm trong không "
        "gian tên txng. Có thể có thêm thành phần khác. / The product in the GS1 Web Vocabulary (JSON-LD, "
        "https://ref.gs1.org/voc/), answered when Accept contains application/ld+json. What the vocabulary has no "
        "term for here (shelf life, province of origin, standards) is in txng's namespace. Other members may be "
        "added.",
        json::object{
            {"@context",
             Object("Tiền tố / The prefixes",
                    json::object{
                        {"gs1", json::object{{"type", "string"}, {"enum", Strings({"https://ref.gs1.org/voc/"})}}},
                        {"txng", json::object{{"type", "string"}, {"enum", Strings({"https://txng.vn/voc/"})}}},
                        {"xsd",
                         json::object{{"type", "string"}, {"enum", Strings({"http://www.w3.org/2001/XMLSchema#"})}}}},
                    {"gs1", "txng", "xsd"})},
            {"@id", json::object{{"type", "string"},
                                 {"format", "uri"},
                                 {"example", "https://id.gs1.org/01/08930001000155"},
                                 {"description",
                                  "GS1 Digital Link chuẩn của GTIN: https://id.gs1.org/01/<GTIN-14>. / The GTIN's "
                                  "canonical GS1 Digital Link: https://id.gs1.org/01/<GTIN-14>."}}},
            {"@type", typed("gs1:Product")},
            {"gs1:gtin", SchemaRef("Gtin")},
            {"gs1:productName", language_tagged("Tên: tiếng Việt, và tiếng Anh khi có. / The name: in Vietnamese, "
                                                "and in English when there is one.")},
            {"gs1:brand",
             Object("Nhãn hiệu, khi có / The brand, when there is one",
                    json::object{{"@type", typed("gs1:Brand")}, {"gs1:brandName", Str("Nhãn hiệu / Brand")}},
                    {"@type", "gs1:brandName"})},
            {"gs1:brandOwner",
             Object("Chủ thương hiệu (doanh nghiệp giữ mã GS1), khi đọc được bản ghi. / The brand owner (the "
                    "enterprise holding the prefix), when its record could be read.",
                    json::object{{"@type", typed("gs1:Organization")},
                                 {"gs1:organizationName", language_tagged("Tên / The names")},
                                 {"gs1:globalLocationNumber", Gln("GLN của chủ thương hiệu, khi có / Its GLN, when it "
                                                                  "has one")}},
                    {"@type", "gs1:organizationName"})},
            {"gs1:netContent",
             Object(
                 "Khối lượng / thể tích tịnh, khi có / The net content, when known",
                 json::object{{"@type", typed("gs1:QuantitativeValue")},
                              {"gs1:value", json::object{{"type", "number"}, {"description", "Giá trị / The value"}}},
                              {"gs1:unitCode", Enum(Strings(kUnitCodes), "Mã UN/ECE Rec 20 / UN/ECE Rec 20 code")}},
                 {"@type", "gs1:value", "gs1:unitCode"})},
            {"gs1:countryOfOrigin",
             Object("Nước xuất xứ / The country of origin",
                    json::object{{"@type", typed("gs1:Country")},
                                 {"gs1:countryCode", Patterned("^[A-Z]{2}$", "ISO 3166-1 alpha-2", "VN")}},
                    {"@type", "gs1:countryCode"})},
            {"gs1:image",
             ArrayOf(json::object{{"type", "string"},
                                  {"format", "uri-reference"},
                                  {"example", "/api/v1/images/" + std::string(kSha256Example)},
                                  {"description", "/api/v1/images/<sha256>"}},
                     "Địa chỉ các ảnh, khi có (GET /api/v1/images/{sha256}). / The images' URLs, when there are any "
                     "(GET /api/v1/images/{sha256}).")},
            {"txng:shelfLifeDays",
             json::object{
                 {"type", "integer"}, {"minimum", 1}, {"description", "Hạn sử dụng (ngày) / Shelf life in days"}}},
            {"txng:originProvinceCode", ProvinceCode("Tỉnh xuất xứ, khi có / The province of origin, when known")},
            {"txng:standards", ArrayOf(Str("Ví dụ / e.g. \"TCVN 12827:2019\""),
                                       "Tiêu chuẩn công bố áp dụng, khi có / The standards declared, when any")},
            {"gs1:consumerSafetyInformation",
             language_tagged("Cảnh báo an toàn, khi có / The safety warnings, when published")}},
        {"@context", "@id", "@type", "gs1:gtin", "gs1:productName", "gs1:countryOfOrigin"});
    vocabulary["additionalProperties"] = true;
    s["ProductWebVocabulary"] = std::move(vocabulary);

    s["Link"] = Object(
        "Liên kết của trình phân giải GS1 Digital Link: nơi một lần quét mã dẫn tới. / A GS1 Digital Link resolver "
        "link: where a scan of the code leads.",
        json::object{
            {"id", json::object{{"type", "integer"}, {"readOnly", true}}},
            {"anchor", json::object{{"type", "string"},
                                    {"maxLength", 500},
                                    {"example", "https://id.gs1.org/01/08934567000123/10/L1"},
                                    {"description",
                                     "Digital Link của GTIN, có thể kèm /22/, /10/ (lô), /21/ (sê-ri) hoặc /235/; lưu "
                                     "ở dạng chuẩn trên id.gs1.org. / The GTIN's Digital Link, optionally with /22/, "
                                     "/10/ (lot), /21/ (serial) or /235/; stored in canonical form on id.gs1.org."}}},
            {"linkType", json::object{{"type", "string"},
                                      {"example", "gs1:pip"},
                                      {"description",
                                       "Loại liên kết của GS1 Web Vocabulary (gs1:pip, gs1:traceability, "
                                       "gs1:certificationInfo, gs1:epil, gs1:recipeInfo...). / A GS1 Web Vocabulary "
                                       "link type."}}},
            {"href", json::object{{"type", "string"}, {"format", "uri"}, {"maxLength", 2000}}},
            {"title", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
            {"hreflang", ArrayOf(json::object{{"type", "string"}}, "Ngôn ngữ (BCP 47) / Languages (BCP 47)", 100)},
            {"type", json::object{{"type", "string"}, {"example", "text/html"}}},
            {"context", ArrayOf(json::object{{"type", "string"}}, "Ngữ cảnh / Contexts", 100)},
            {"fwqs", json::object{{"type", "boolean"},
                                  {"default", true},
                                  {"description", "Chuyển tiếp chuỗi truy vấn / Forward the query string"}}},
            {"default", json::object{{"type", "boolean"},
                                     {"default", false},
                                     {"description",
                                      "Liên kết mặc định của anchor (liên kết mặc định cũ thành liên kết thường). / "
                                      "The anchor's default link (the previous default becomes an ordinary link)."}}},
            {"owner", json::object{{"allOf", json::array{SchemaRef("TaxCode")}}, {"readOnly", true}}},
            {"createdAt", Timestamp("Thời điểm tạo / Creation time")}},
        {"anchor", "linkType", "href", "title"}, true);
    s["LinkList"] =
        Object("Một trang liên kết / A page of links",
               json::object{{"items", ArrayOf(SchemaRef("Link"), "Các liên kết / The links")}}, {"items"}, true);

    s["Image"] = Object(
        "Ảnh đã tải lên, theo địa chỉ nội dung: tải lại cùng các byte trả về cùng bản ghi. / An uploaded image, by "
        "its content address: uploading the same bytes again answers the same record.",
        json::object{
            {"sha256", Patterned(kSha256Pattern,
                                 "SHA-256 của các byte (hex chữ thường); dùng trong images của sản phẩm. / SHA-256 of "
                                 "the bytes (lower-case hex); what a product's images list.",
                                 kSha256Example)},
            {"contentType",
             Enum(Strings(kImageTypes), "Loại nhận ra từ các byte / The type recognised from the bytes")},
            {"bytes", json::object{{"type", "integer"},
                                   {"minimum", 1},
                                   {"maximum", kMaxImageBytes},
                                   {"description", "Kích thước (byte) / Size in bytes"}}},
            {"url",
             json::object{{"type", "string"},
                          {"format", "uri-reference"},
                          {"example", "/api/v1/images/" + std::string(kSha256Example)},
                          {"description", "Đường dẫn công khai của ảnh (GET). / The image's public path (GET)."}}}},
        {"sha256", "contentType", "bytes", "url"});

    // ---- traceability stamps (service/stamps.hpp, api/stamps_api.cpp)

    s["StampStatus"] = Enum(
        Names(kStampStatuses, &store::StampStatusName),
        "Trạng thái của tem: issued (đã phát hành) -> activated (đã gắn vào một lô hàng) -> sold (đã bán) hoặc "
        "consumed (đã dùng; cả từ sold); issued, activated hoặc sold -> voided (đã hủy). / A stamp's status: issued "
        "-> activated (put on a lot) -> sold or consumed (also from sold); issued, activated or sold -> voided.");
    {
        const codes::SheetLayout d;
        auto mm = [](std::string_view description, double default_value) {
            return json::object{{"type", "number"}, {"default", default_value}, {"description", description}};
        };
        auto count = [](std::string_view description) {
            return json::object{
                {"type", "integer"}, {"minimum", 0}, {"maximum", 1000}, {"default", 0}, {"description", description}};
        };
        s["StampSheetLayout"] = Object(
            "Bố cục tờ tem PDF, tính bằng milimét; nhãn xếp theo hàng từ góc trên bên trái, trong lề. Bố cục không in "
            "được bị từ chối (where: layout.<trường>): sheet.page_size, sheet.margin, sheet.gap, sheet.label_size, "
            "sheet.code_size, sheet.grid. Lô tem trả về bố cục với mọi trường, columns và rows đã tính. / The PDF "
            "sheet's layout, in millimetres; labels fill rows from the top-left corner, inside the margin. Layouts "
            "that cannot be printed are refused (where: layout.<field>): sheet.page_size, sheet.margin, sheet.gap, "
            "sheet.label_size, sheet.code_size, sheet.grid. A batch answers its layout with every field, columns and "
            "rows resolved.",
            json::object{
                {"pageWidth", mm("Chiều rộng trang, 10 đến 1200 (A4) / Page width, 10 to 1200 (A4)", d.page_width)},
                {"pageHeight", mm("Chiều cao trang, 10 đến 1200 (A4) / Page height, 10 to 1200 (A4)", d.page_height)},
                {"labelWidth", mm("Chiều rộng nhãn, từ 10 / Label width, 10 or more", d.label_width)},
                {"labelHeight", mm("Chiều cao nhãn, từ 10 / Label height, 10 or more", d.label_height)},
                {"columns", count("Số cột; 0: nhiều nhất vừa trang / Columns; 0: as many as fit")},
                {"rows", count("Số hàng; 0: nhiều nhất vừa trang / Rows; 0: as many as fit")},
                {"margin", mm("Lề trang mỗi phía / Page margin on every side", d.margin)},
                {"gap", mm("Khoảng cách giữa các nhãn / Gap between labels", d.gap)},
                {"codeSize", mm("Cạnh mã QR kể cả vùng trắng, 10 đến cạnh ngắn của nhãn / The QR code's side with its "
                                "quiet zone, 10 to the label's shorter side",
                                d.code_size)},
                {"cutMarks", json::object{{"type", "boolean"},
                                          {"default", d.cut_marks},
                                          {"description", "Viền mảnh quanh mỗi nhãn / A hairline around each label"}}}},
            {}, true);
    }
    s["StampOrder"] = Object(
        "Đơn đặt một lô tem cho một sản phẩm đã đăng ký. / An order of a batch of stamps for a registered product.",
        json::object{
            {"gtin", Patterned(kGtinInputPattern,
                               "GTIN-8, -12, -13 hoặc -14 của sản phẩm (chuyển thành GTIN-14). / The product's "
                               "GTIN-8, -12, -13 or -14 (made a GTIN-14).",
                               "08930001000155")},
            {"count", json::object{{"type", "integer"},
                                   {"minimum", 1},
                                   {"maximum", kMaxStampBatch},
                                   {"description", "Số tem (stamp.count) / Number of stamps (stamp.count)"}}},
            {"layout", SchemaRef("StampSheetLayout")},
            {"note", Str("Ghi chú (stamp.note) / Note (stamp.note)", 500)}},
        {"gtin", "count"}, true);
    s["StampBatch"] = Object(
        "Một lô tem. Tem được sinh nền, từng giao dịch: generated đếm số tem đã lưu; state là generating, rồi ready "
        "khi tệp CSV và PDF đã ghi xong (hoặc failed, với error). Lô bị ngắt khi nút dừng được sinh tiếp khi nút "
        "chạy lại. / A batch of stamps. They are generated in the background, transaction by transaction: generated "
        "counts those stored; state is generating, then ready once the CSV and PDF files are written (or failed, "
        "with error). A batch interrupted by a stopping node resumes when the node starts again.",
        json::object{
            {"id", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 1}, {"readOnly", true}}},
            {"gtin", SchemaRef("Gtin")},
            {"owner", json::object{{"allOf", json::array{SchemaRef("TaxCode")}},
                                   {"readOnly", true},
                                   {"description", "Doanh nghiệp chủ GTIN / The GTIN's owner"}}},
            {"count", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxStampBatch}}},
            {"generated",
             json::object{
                 {"type", "integer"}, {"minimum", 0}, {"description", "Số tem đã sinh / Stamps generated so far"}}},
            {"state", Enum(Strings({"generating", "ready", "failed"}),
                           "generating: đang sinh tem hoặc ghi tệp; ready: tải được tệp; failed: xem error. / "
                           "generating: stamps or files being written; ready: the files can be fetched; failed: see "
                           "error.")},
            {"error", Str("Vì sao không sinh được (khi failed) / Why generation failed (when failed)")},
            {"layout", SchemaRef("StampSheetLayout")},
            {"note", Str("Ghi chú / Note", 500)},
            {"createdAt", Timestamp("Thời điểm đặt / When it was ordered")},
            {"createdBy", Str("Người đặt (id khóa, người dùng, cli) / Who ordered it (key id, user, cli)")},
            {"finishedAt", Timestamp("Thời điểm sinh xong hoặc thất bại / When generation ended")},
            {"links", Object("Đường dẫn của lô / The batch's paths",
                             json::object{{"self", Str("GET: lô tem / the batch")},
                                          {"stamps", Str("GET: các tem / its stamps")},
                                          {"csv", Str("GET: tệp CSV / the CSV file")},
                                          {"pdf", Str("GET: tờ tem PDF / the PDF sheet")},
                                          {"changes", Str("POST: đổi trạng thái / change statuses")}},
                             {"self", "stamps", "csv", "pdf", "changes"})}},
        {"id", "gtin", "owner", "count", "generated", "state", "layout", "createdAt", "createdBy", "links"});
    s["Stamp"] = Object(
        "Một tem: mã QR của nó mang GS1 Digital Link <địa chỉ công khai của nút>/01/<GTIN>/21/<số sê-ri>. / One "
        "stamp: its QR code carries the GS1 Digital Link <the node's public address>/01/<GTIN>/21/<serial>.",
        json::object{
            {"ordinal", json::object{{"type", "integer"},
                                     {"minimum", 1},
                                     {"description",
                                      "Số thứ tự trong lô, thứ tự in / Number in the batch, the "
                                      "printing order"}}},
            {"serial", Patterned(kStampSerialPattern,
                                 "Số sê-ri (AI 21): 13 ký tự Crockford base-32 từ 65 bit ngẫu nhiên, không đoán được. "
                                 "/ The serial (AI 21): 13 Crockford base-32 characters from 65 random bits, not "
                                 "guessable.",
                                 kStampSerialExample)},
            {"gtin", SchemaRef("Gtin")},
            {"status", SchemaRef("StampStatus")},
            {"digitalLink", json::object{{"type", "string"},
                                         {"format", "uri"},
                                         {"example", "https://tem.example.vn/01/08930001000155/21/" +
                                                         std::string(kStampSerialExample)},
                                         {"description", "GS1 Digital Link in trên tem / printed on the stamp"}}},
            {"qr", json::object{{"type", "string"},
                                {"format", "uri-reference"},
                                {"description", "Ảnh mã QR (SVG) của digitalLink / The QR code (SVG) of digitalLink"}}},
            {"lot", Str("Lô hàng, từ khi kích hoạt / The lot, once activated")},
            {"changedAt", Timestamp("Lần đổi trạng thái gần nhất / The last status change")}},
        {"ordinal", "serial", "gtin", "status", "digitalLink", "qr"});
    {
        json::array to;
        for (auto status : kStampStatuses) {
            if (status != store::StampStatus::kIssued) to.emplace_back(store::StampStatusName(status));
        }
        s["StampChange"] = Object(
            "Đổi trạng thái một số tem của lô, chọn theo dải số thứ tự (from, to) hoặc danh sách số sê-ri (serials), "
            "không cả hai (stamp.selection). Tất cả hoặc không: một tem không ở trạng thái cho phép làm hỏng cả yêu "
            "cầu (409 stamp.transition, nêu tem đó). Mỗi phần đến 10.000 tem được ghi thành một sự kiện EPCIS "
            "ObjectEvent tại location: activated = ADD commissioning (ILMD cbvmda:lotNumber, itemExpirationDate), "
            "sold = OBSERVE retail_selling, consumed = OBSERVE dispensing, voided = DELETE decommissioning. / Changes "
            "the status of some of the batch's stamps, selected by a range of ordinals (from, to) or a list of "
            "serials (serials), not both (stamp.selection). All or nothing: one stamp in a status that does not allow "
            "the change fails the request (409 stamp.transition, naming it). Each part of up to 10,000 stamps is "
            "recorded as an EPCIS ObjectEvent at location: activated = ADD commissioning (ILMD cbvmda:lotNumber, "
            "itemExpirationDate), sold = OBSERVE retail_selling, consumed = OBSERVE dispensing, voided = DELETE "
            "decommissioning.",
            json::object{
                {"status", Enum(std::move(to), "Trạng thái mới (stamp.status) / The new status (stamp.status)")},
                {"location", Gln("Nơi diễn ra: bizLocation và readPoint của sự kiện (stamp.location). / Where it "
                                 "happens: the event's bizLocation and readPoint (stamp.location).")},
                {"from", json::object{{"type", "integer"},
                                      {"minimum", 1},
                                      {"description", "Tem đầu của dải / First stamp of the range"}}},
                {"to", json::object{{"type", "integer"},
                                    {"minimum", 1},
                                    {"description",
                                     "Tem cuối của dải, tối đa 1.000.000 tem (stamp.selection_size) / Last stamp of "
                                     "the range, at most 1,000,000 stamps (stamp.selection_size)"}}},
                {"serials", ArrayOf(Str("Số sê-ri / A serial", 20, 1),
                                    "Các số sê-ri, 1 đến 100.000 (stamp.selection_size) / The serials, 1 to 100,000 "
                                    "(stamp.selection_size)",
                                    100'000)},
                {"lot", Str("Khi kích hoạt, bắt buộc (stamp.lot_required): số lô (AI 10) mà tem được gắn vào; trạng "
                            "thái khác: không có (stamp.lot_only_on_activation). / On activation, required "
                            "(stamp.lot_required): the lot (AI 10) the stamps go on; other statuses: absent "
                            "(stamp.lot_only_on_activation).",
                            20, 1)},
                {"expiry", Patterned(kDatePattern,
                                     "Khi kích hoạt: hạn dùng của lô, YYYY-MM-DD (stamp.expiry). / On activation: "
                                     "the lot's expiry date, YYYY-MM-DD (stamp.expiry).",
                                     "2027-06-30")}},
            {"status", "location"}, true);
    }
    s["StampChangeResult"] = Object(
        "Kết quả đổi trạng thái. / What the change did.",
        json::object{
            {"changed",
             json::object{{"type", "integer"}, {"minimum", 0}, {"description", "Số tem đã đổi / Stamps changed"}}},
            {"events", json::object{{"type", "integer"},
                                    {"minimum", 0},
                                    {"description", "Số sự kiện EPCIS đã ghi / EPCIS events recorded"}}}},
        {"changed", "events"});

    s["Delegation"] = Object(
        "Ủy quyền của doanh nghiệp cho đơn vị cung cấp giải pháp. / A delegation of an enterprise to a solution "
        "provider.",
        json::object{{"enterprise", TaxCode("Doanh nghiệp ủy quyền / The delegating enterprise")},
                     {"provider", TaxCode("Đơn vị cung cấp giải pháp / The solution provider")},
                     {"removed", json::object{{"type", "boolean"},
                                              {"description", "true sau khi thu hồi / true once withdrawn"}}}},
        {"enterprise", "provider"});
    s["DelegationRequest"] = Object(
        "Đơn vị được ủy quyền (doanh nghiệp đã đăng ký, loại solution_provider). / The provider to delegate to (a "
        "registered enterprise of kind solution_provider).",
        json::object{{"provider", SchemaRef("TaxCode")}}, {"provider"}, true);
    s["DelegationList"] = Object(
        "Các đơn vị cung cấp giải pháp được doanh nghiệp ủy quyền, theo mã số thuế. / The providers the enterprise "
        "delegated to, in tax-code order.",
        json::object{{"items", ArrayOf(Object("Một đơn vị / One provider",
                                              json::object{{"provider", SchemaRef("TaxCode")}}, {"provider"}),
                                       "Các phần tử / The items.")}},
        {"items"});

    s["ApiKey"] = Object(
        "Khóa API (không bao giờ có phần bí mật). / An API key (never its secret).",
        json::object{
            {"id",
             Patterned(kKeyIdPattern, "Phần công khai của khóa / The public part of the key", "abcdefghijkmnopq")},
            {"name", Str("Ai hoặc cái gì dùng khóa / Who or what uses the key")},
            {"role", SchemaRef("Role")},
            {"scopes", ArrayOf(SchemaRef("Scope"), "Phạm vi / Scopes")},
            {"enterprise", TaxCode("Chủ thể của khóa, với vai trò gắn doanh nghiệp. / The enterprise the key acts as, "
                                   "for enterprise roles.")},
            {"province", ProvinceCode("Tỉnh, với vai trò cấp tỉnh. / The province, for provincial roles.")},
            {"createdAt", Timestamp("Thời điểm tạo / Creation time")},
            {"createdBy", Str("Người tạo (id khóa hoặc cli) / Who made it (key id or cli)")},
            {"expiresAt", Timestamp("Hết hạn (không có: không hết hạn) / Expiry (absent: never)")},
            {"revokedAt", Timestamp("Thời điểm thu hồi / Revocation time")}},
        {"id", "name", "role", "scopes", "createdAt", "createdBy"});
    s["NewKey"] = json::object{
        {"description",
         "Khóa vừa tạo: `key` chỉ hiển thị một lần, hãy lưu lại ngay. / A key just made: `key` is shown this once "
         "only; store it now."},
        {"allOf",
         json::array{SchemaRef("ApiKey"),
                     Object("Bí mật / The secret",
                            json::object{{"key", Patterned(kKeyTokenPattern,
                                                           "Gửi bằng `Authorization: Bearer <key>`. Chỉ hiển thị "
                                                           "một lần. / Send as `Authorization: Bearer <key>`. Shown "
                                                           "once.")}},
                            {"key"})}}};
    s["NewKeyRequest"] = Object(
        "Yêu cầu tạo khóa; khóa không bao giờ có quyền hơn khóa tạo ra nó. / A key to make; a key never grants more "
        "than the key that makes it.",
        json::object{
            {"name", Str("Ai hoặc cái gì dùng khóa (1-200 byte UTF-8). / Who or what uses the key (1 to 200 bytes of "
                         "UTF-8).",
                         200, 1)},
            {"role", SchemaRef("Role")},
            {"enterprise", TaxCode("Bắt buộc với household, enterprise, solution-provider, certification-body: doanh "
                                   "nghiệp đã đăng ký. / Required for household, enterprise, solution-provider and "
                                   "certification-body: a registered enterprise.")},
            {"province", ProvinceCode("Với vai trò cấp tỉnh (mặc định: tỉnh của doanh nghiệp). / For provincial "
                                      "roles (default: the enterprise's province).")},
            {"scopes", ArrayOf(SchemaRef("Scope"), "Mặc định read và write / read and write by default")},
            {"expiresAt", json::object{{"type", "string"},
                                       {"format", "date-time"},
                                       {"description",
                                        "Hết hạn (RFC 3339, trong tương lai); bỏ trống: không hết hạn. / Expiry (RFC "
                                        "3339, in the future); absent: never."}}}},
        {"name", "role"}, true);

    s["Principal"] = Object(
        "Người gọi: vai trò, phạm vi và chủ thể của khóa đã gửi hoặc của người dùng đã đăng nhập. / The caller: "
        "role, scopes and subject of the key sent or of the signed-in user.",
        json::object{{"role", SchemaRef("Role")},
                     {"actor", Str("Id khóa; user:<tên đăng nhập> với phiên đăng nhập; anonymous khi không có khóa. "
                                   "/ Key id; user:<login name> for a signed-in session; anonymous without a key.",
                                   0, 1)},
                     {"name", Str("Tên khóa, hoặc tên đăng nhập của người dùng. / Name of the key, or the user's "
                                  "login name.")},
                     {"scopes", ArrayOf(SchemaRef("Scope"), "Phạm vi / Scopes")},
                     {"enterprise",
                      TaxCode("Doanh nghiệp, với vai trò gắn doanh nghiệp / The enterprise, for enterprise roles")},
                     {"province", ProvinceCode("Tỉnh, với vai trò cấp tỉnh / The province, for provincial roles")},
                     {"actsFor",
                      ArrayOf(SchemaRef("TaxCode"),
                              "Với đơn vị cung cấp giải pháp: các doanh nghiệp đã ủy quyền. / For solution providers: "
                              "the enterprises that delegated to it.")}},
        {"role", "actor", "scopes"});

    // ---- people who sign in with a password (browser sessions)

    s["UserName"] =
        Patterned(kUserNamePattern,
                  "Tên đăng nhập: 3 đến 100 ký tự a-z, 0-9, '.', '_', '-', '@' (địa chỉ email cũng được). / "
                  "Login name: 3 to 100 characters of a-z, 0-9, '.', '_', '-' and '@' (an e-mail address "
                  "fits).",
                  "an.nguyen@example.vn");
    s["Password"] = json::object{
        {"type", "string"},
        {"format", "password"},
        {"minLength", kPasswordMinLength},
        {"maxLength", kPasswordMaxLength},
        {"writeOnly", true},
        {"description",
         "Mật khẩu: 12 đến 256 byte UTF-8, không trùng tên đăng nhập, không phải một ký tự lặp lại (vài từ ghép lại là "
         "mật khẩu tốt); chỉ lưu bản băm Argon2id. Vi phạm: 400 password.policy. / Password: 12 to 256 bytes of "
         "UTF-8, not the login name, not one character repeated (a few words make a good one); only its Argon2id "
         "hash is kept. Breaking the policy: 400 password.policy."}};
    s["SignInRequest"] = Object(
        "Đăng nhập. Sai tên, sai mật khẩu hay người dùng bị vô hiệu hóa đều trả cùng một lỗi 401 "
        "(auth.sign_in_failed). / Sign-in. A wrong name, a wrong password and a disabled user all give the same 401 "
        "(auth.sign_in_failed).",
        json::object{{"name", SchemaRef("UserName")},
                     {"password", json::object{{"type", "string"},
                                               {"format", "password"},
                                               {"writeOnly", true},
                                               {"description", "Mật khẩu / The password"}}}},
        {"name", "password"}, true);
    s["Session"] = json::object{
        {"description",
         "Phiên đăng nhập: người gọi (như Principal) cùng mã CSRF phải gửi trong X-CSRF-Token với mọi yêu cầu POST, "
         "PUT, DELETE của phiên. Bản thân cookie không bao giờ nằm trong thân (HttpOnly). / A signed-in session: the "
         "caller (as Principal) and the CSRF token its POST, PUT and DELETE requests must send as X-CSRF-Token. The "
         "cookie itself is never in the body (HttpOnly)."},
        {"allOf",
         json::array{
             SchemaRef("Principal"),
             Object("Mã CSRF và hạn của phiên / The CSRF token and the session's expiry",
                    json::object{
                        {"csrfToken",
                         Patterned(kSessionTokenPattern,
                                   "Gửi lại trong tiêu đề X-CSRF-Token (52 ký tự base32); giữ trong bộ nhớ của trang, "
                                   "lấy lại bằng GET /api/v1/session. / Send it back in the X-CSRF-Token header (52 "
                                   "base32 characters); keep it in the page's memory, GET /api/v1/session gives it "
                                   "again.")},
                        {"expiresAt", Timestamp("Hết hạn: 12 giờ sau khi đăng nhập (chỉ có trong trả lời đăng nhập). "
                                                "/ Expiry: 12 hours after sign-in (only in the answer to sign-in).")}},
                    {"csrfToken"})}}};
    s["SignedOut"] = Object("Đã đăng xuất / Signed out",
                            json::object{{"signedOut", json::object{{"type", "boolean"},
                                                                    {"enum", json::array{true}},
                                                                    {"description", "Luôn true / Always true"}}}},
                            {"signedOut"});
    s["PasswordChange"] = Object(
        "Đổi mật khẩu của người dùng đang đăng nhập; các phiên của người đó kết thúc, kể cả phiên này. / A new "
        "password for the signed-in user; its sessions end, this one too.",
        json::object{{"currentPassword",
                      json::object{{"type", "string"},
                                   {"format", "password"},
                                   {"writeOnly", true},
                                   {"description",
                                    "Mật khẩu hiện tại (sai: 403 auth.password_wrong). / The current password (wrong: "
                                    "403 auth.password_wrong)."}}},
                     {"newPassword", SchemaRef("Password")}},
        {"currentPassword", "newPassword"}, true);
    s["PasswordChanged"] = Object("Đã đổi mật khẩu / Password changed",
                                  json::object{{"changed", json::object{{"type", "boolean"},
                                                                        {"enum", json::array{true}},
                                                                        {"description", "Luôn true / Always true"}}}},
                                  {"changed"});
    s["User"] = Object(
        "Người dùng đăng nhập bằng mật khẩu (không bao giờ có mật khẩu). Có vai trò, phạm vi và chủ thể như một khóa "
        "API. / A user who signs in with a password (never the password). Has a role, scopes and subject like an API "
        "key.",
        json::object{
            {"name", SchemaRef("UserName")},
            {"role", SchemaRef("Role")},
            {"scopes", ArrayOf(SchemaRef("Scope"), "Phạm vi / Scopes")},
            {"enterprise", TaxCode("Doanh nghiệp, với vai trò gắn doanh nghiệp. / The enterprise the user acts as, "
                                   "for enterprise roles.")},
            {"province", ProvinceCode("Tỉnh, với vai trò cấp tỉnh. / The province, for provincial roles.")},
            {"createdAt", Timestamp("Thời điểm tạo / Creation time")},
            {"createdBy", Str("Người tạo (id khóa, user:<tên> hoặc cli) / Who made it (key id, user:<name> or cli)")},
            {"disabledAt", Timestamp("Thời điểm vô hiệu hóa (không có: đang hoạt động) / When it was disabled "
                                     "(absent: active)")}},
        {"name", "role", "scopes", "createdAt", "createdBy"});
    s["NewUserRequest"] = Object(
        "Người dùng cần tạo. Ai tạo được khóa của một vai trò thì tạo được người dùng của vai trò đó; người dùng "
        "không bao giờ có quyền hơn người tạo. / A user to make. Whoever may make a key of a role may make a user of "
        "that role; a user never gets more than whoever makes it.",
        json::object{
            {"name", SchemaRef("UserName")},
            {"password", SchemaRef("Password")},
            {"role", SchemaRef("Role")},
            {"enterprise", TaxCode("Bắt buộc với household, enterprise, solution-provider, certification-body: doanh "
                                   "nghiệp đã đăng ký. / Required for household, enterprise, solution-provider and "
                                   "certification-body: a registered enterprise.")},
            {"province", ProvinceCode("Với vai trò cấp tỉnh (mặc định: tỉnh của doanh nghiệp). / For provincial "
                                      "roles (default: the enterprise's province).")},
            {"scopes", ArrayOf(SchemaRef("Scope"), "Mặc định read và write / read and write by default")}},
        {"name", "password", "role"}, true);

    // ---- connected systems (registry_service.hpp, ConnectedSystem)

    s["Certification"] = Object(
        "Chứng nhận hệ thống truy xuất nguồn gốc do tổ chức chứng nhận cấp. / A certification of a traceability "
        "system issued by a certification body.",
        json::object{
            {"id", json::object{{"type", "integer"},
                                {"format", "int64"},
                                {"minimum", 1},
                                {"readOnly", true},
                                {"description", "Số thứ tự do nút cấp / Assigned by the node"}}},
            {"system", Patterned(kSystemIdPattern,
                                 "Hệ thống được chứng nhận (có trong trả lời khi ghi nhận). / The system certified "
                                 "(in the answer to recording it).",
                                 "provider:0101234565")},
            {"certifier", TaxCode("Mã số thuế của tổ chức chứng nhận (doanh nghiệp loại certification_body). / Tax "
                                  "code of the certification body (an enterprise of kind certification_body).")},
            {"standard", Str("Tiêu chuẩn đánh giá, ví dụ \"TCVN 12850:2019\". / The standard assessed against, e.g. "
                             "\"TCVN 12850:2019\".",
                             100, 1)},
            {"certificate", Str("Số giấy chứng nhận / The certificate's number", 100, 1)},
            {"issuedOn", json::object{{"type", "string"},
                                      {"format", "date"},
                                      {"pattern", kDatePattern},
                                      {"description", "Ngày cấp (YYYY-MM-DD) / Date of issue (YYYY-MM-DD)"}}},
            {"validUntil",
             json::object{{"type", "string"},
                          {"format", "date"},
                          {"pattern", kDatePattern},
                          {"description",
                           "Hiệu lực đến hết ngày này (YYYY-MM-DD), sau ngày cấp. / Valid through this date "
                           "(YYYY-MM-DD), after the date of issue."}}},
            {"scope", Str("Phạm vi chứng nhận (có thể rỗng). / Scope of the certification (may be empty).", 1000)},
            {"createdAt", Timestamp("Thời điểm ghi nhận / When it was recorded")}},
        {"id", "certifier", "standard", "certificate", "issuedOn", "validUntil", "scope", "createdAt"});
    s["NewCertification"] = Object(
        "Chứng nhận cần ghi nhận. Mọi trường là chuỗi. / A certification to record. Every member is a string.",
        json::object{
            {"certifier",
             TaxCode("Tổ chức chứng nhận đã đăng ký (certification_body): bắt buộc với national-admin; với "
                     "certification-body luôn là chính mình (giá trị gửi bị bỏ qua). Lỗi certification.certifier. / "
                     "A registered certification body (kind certification_body): required of a national-admin; for "
                     "a certification-body always itself (a value sent is ignored). Fails with "
                     "certification.certifier.")},
            {"standard", Str("Tiêu chuẩn đánh giá, 1 đến 100 ký tự, ví dụ \"TCVN 12850:2019\" "
                             "(certification.standard). / The standard assessed against, 1 to 100 characters, e.g. "
                             "\"TCVN 12850:2019\" (certification.standard).",
                             100, 1)},
            {"certificate", Str("Số giấy chứng nhận, 1 đến 100 ký tự (certification.certificate). / The certificate's "
                                "number, 1 to 100 characters (certification.certificate).",
                                100, 1)},
            {"issuedOn", json::object{{"type", "string"},
                                      {"format", "date"},
                                      {"pattern", kDatePattern},
                                      {"example", "2025-01-15"},
                                      {"description",
                                       "Ngày cấp, YYYY-MM-DD (certification.date). / Date of issue, YYYY-MM-DD "
                                       "(certification.date)."}}},
            {"validUntil", json::object{{"type", "string"},
                                        {"format", "date"},
                                        {"pattern", kDatePattern},
                                        {"example", "2028-01-14"},
                                        {"description",
                                         "Hiệu lực đến, YYYY-MM-DD (certification.date), sau ngày cấp "
                                         "(certification.validity). / Valid until, YYYY-MM-DD (certification.date), "
                                         "after the date of issue (certification.validity)."}}},
            {"scope", Str("Phạm vi chứng nhận, tối đa 1.000 ký tự (certification.scope). / Scope of the "
                          "certification, at most 1,000 characters (certification.scope).",
                          1000)}},
        {"standard", "certificate", "issuedOn", "validUntil"}, true);

    auto item_counts = [](std::string_view description) {
        return json::object{{"type", "object"},
                            {"additionalProperties", json::object{{"type", "integer"}, {"minimum", 1}}},
                            {"description", description}};
    };
    auto tally = [](std::string_view description, json::object missing) {
        return Object(
            description,
            json::object{
                {"total", json::object{{"type", "integer"}, {"minimum", 0}, {"description", "Tổng số / How many"}}},
                {"complete", json::object{{"type", "integer"},
                                          {"minimum", 0},
                                          {"description", "Số có đủ mọi mục / How many carry every item"}}},
                {"missing", std::move(missing)}},
            {"total", "complete", "missing"});
    };
    s["ConnectedSystem"] = Object(
        "Hệ thống truy xuất nguồn gốc kết nối với nút: nền tảng của đơn vị cung cấp giải pháp hoặc hệ thống của "
        "tỉnh, với những gì nó đã gửi và mức đầy đủ theo dữ liệu tối thiểu của Thông tư 02/2024/TT-BKHCN. / A "
        "traceability system connected to this node: a solution provider's platform or a province's system, with "
        "what it has sent and how complete that is by the minimum data of Circular 02/2024/TT-BKHCN.",
        json::object{
            {"id", Patterned(kSystemIdPattern,
                             "provider:<mã số thuế> hoặc province:<mã tỉnh>. / provider:<tax code> or "
                             "province:<province code>.",
                             "provider:0101234565")},
            {"kind", Enum(Strings(kSystemKinds),
                          "solution_provider: đơn vị cung cấp giải pháp đã đăng ký; provincial_system: hệ thống của "
                          "tỉnh. / solution_provider: a registered solution provider; provincial_system: a "
                          "province's system.")},
            {"name", SchemaRef("Name")},
            {"province", SchemaRef("ProvinceCode")},
            {"enterprises",
             ArrayOf(SchemaRef("TaxCode"),
                     "Doanh nghiệp nó phục vụ: các doanh nghiệp đã ủy quyền cho đơn vị cung cấp giải pháp, hoặc các "
                     "doanh nghiệp đăng ký trong tỉnh. / The enterprises it serves: those that delegated to the "
                     "provider, or those registered in the province.")},
            {"keys", ArrayOf(SchemaRef("ApiKey"),
                             "Khóa API của nó, kể cả khóa đã thu hồi hay hết hạn. / Its API keys, revoked and expired "
                             "ones too.")},
            {"certifications",
             ArrayOf(
                 json::object{
                     {"allOf",
                      json::array{SchemaRef("Certification"),
                                  Object("Hiệu lực / Validity",
                                         json::object{{"valid", json::object{{"type", "boolean"},
                                                                             {"readOnly", true},
                                                                             {"description",
                                                                              "Tính khi đọc: hôm nay (UTC) từ "
                                                                              "issuedOn đến hết validUntil. / "
                                                                              "Computed on reading: today (UTC) "
                                                                              "is from issuedOn through "
                                                                              "validUntil."}}}},
                                         {"valid"})}}},
                 "Các chứng nhận, theo thứ tự ghi nhận. / Its certifications, in the order recorded.")},
            {"captures", json::object{{"type", "integer"},
                                      {"minimum", 0},
                                      {"description",
                                       "Số lần gửi sự kiện (capture) bằng khóa của nó. / How many captures it made "
                                       "with its keys."}}},
            {"lastSeen", Timestamp("Lần gửi gần nhất (không có: chưa gửi). / Its latest capture (absent: never).")},
            {"quality",
             Object(
                 "Mức đầy đủ theo Thông tư 02. / Completeness by Circular 02.",
                 json::object{
                     {"score", json::object{{"type", "number"},
                                            {"minimum", 0},
                                            {"maximum", 1},
                                            {"description",
                                             "Tỷ lệ sự kiện của nó và sản phẩm của các doanh nghiệp nó phục vụ có đủ "
                                             "mọi mục của Thông tư 02 mà một sự kiện hay một bản ghi sản phẩm có thể "
                                             "mang; 1 khi chưa có gì. / The share of its events and of its "
                                             "enterprises' products carrying every Circular 02 item an event or a "
                                             "product record can carry; 1 when there are none."}}},
                     {"events",
                      tally("Các sự kiện nó đã gửi. / The events it sent.",
                            item_counts("Mục -> số sự kiện thiếu mục đó (chỉ các mục có thiếu): product_code (mã "
                                        "truy xuất sản phẩm: EPC, lớp hoặc parentID), location_code (mã địa điểm: "
                                        "bizLocation hoặc readPoint), stage (công đoạn: bizStep). / Item -> how many "
                                        "events lack it (only items some lack): product_code (the product trace "
                                        "code: an EPC, class or parentID), location_code (the location trace code: "
                                        "bizLocation or readPoint), stage (the stage: bizStep)."))},
                     {"products",
                      tally("Sản phẩm của các doanh nghiệp nó phục vụ. / The products of its enterprises.",
                            item_counts("Mục -> số sản phẩm thiếu mục đó (chỉ các mục có thiếu): image (ảnh), brand "
                                        "(nhãn hiệu), shelf_life (hạn sử dụng), standards (tiêu chuẩn áp dụng). / "
                                        "Item -> how many products lack it (only items some lack): image, brand, "
                                        "shelf_life (shelfLifeDays), standards."))}},
                 {"score", "events", "products"})}},
        {"id", "kind", "name", "province", "enterprises", "keys", "certifications", "captures", "quality"});

    s["Province"] = Object(
        "Đơn vị hành chính cấp tỉnh (từ 1/7/2025). / A provincial unit (since 1 July 2025).",
        json::object{
            {"code", SchemaRef("ProvinceCode")},
            {"name", Object("Tên / Names",
                            json::object{{"vi", Str("Tiếng Việt / Vietnamese")}, {"en", Str("Tiếng Anh / English")}},
                            {"vi", "en"})},
            {"kind", Enum(Strings({"thanh_pho", "tinh"}),
                          "thanh_pho: thành phố trực thuộc trung ương; tinh: tỉnh. / thanh_pho: "
                          "centrally-governed city; tinh: province.")}},
        {"code", "name", "kind"});
    s["FormerProvince"] =
        Object("Tỉnh trước 1/7/2025 và đơn vị kế thừa. / A province before 1 July 2025 and its successor.",
               json::object{{"code", Patterned(kProvincePattern, "Mã cũ / The pre-2025 code")},
                            {"name", Str("Tên tiếng Việt / Vietnamese name")},
                            {"successor", SchemaRef("ProvinceCode")}},
               {"code", "name", "successor"});
    s["ProvinceList"] = Object(
        "34 đơn vị hiện hành và 63 tỉnh trước 2025. / The 34 current units and the 63 before 2025.",
        json::object{{"items", ArrayOf(SchemaRef("Province"), "34 đơn vị, theo mã / The 34, in code order")},
                     {"before2025", ArrayOf(SchemaRef("FormerProvince"), "63 tỉnh cũ / The 63 former provinces")}},
        {"items", "before2025"});

    s["AuditEntry"] = Object(
        "Một mục của nhật ký kiểm toán (chỉ ghi thêm). Mọi trường luôn có mặt, có thể rỗng. / One entry of the "
        "append-only audit log. Every member is present, possibly empty.",
        json::object{
            {"id",
             json::object{
                 {"type", "integer"}, {"format", "int64"}, {"minimum", 1}, {"description", "Tăng dần / Increasing"}}},
            {"at", Timestamp("Thời điểm / When")},
            {"actor", Str("Id khóa, cli hoặc anonymous / Key id, cli or anonymous")},
            {"actorRole", Str("Vai trò của người thực hiện (tên trong Role) / Role name of the actor")},
            {"actorSubject", Str("Mã số thuế hoặc tỉnh của người thực hiện / The actor's tax code or province")},
            {"action",
             json::object{{"type", "string"},
                          {"example", "enterprise.create"},
                          {"description",
                           "Ví dụ / e.g. enterprise.create, enterprise.update, location.create, "
                           "location.update, product.create, product.update, image.upload, delegation.add, "
                           "delegation.remove, key.create, key.revoke, system.certify, events.capture, audit.read"}}},
            {"resource", Str("Mã của đối tượng (mã số thuế, GLN, GTIN, id khóa...) / The resource's id (tax code, GLN, "
                             "GTIN, key id...)")},
            {"province", Patterned("^([0-9]{2})?$",
                                   "Tỉnh của đối tượng (có thể rỗng) / Province of the resource "
                                   "(may be empty)")},
            {"remoteAddress", Str("ip:port của máy khách, rỗng từ CLI / ip:port of the client, empty from the CLI")},
            {"detail", json::object{{"type", "object"},
                                    {"additionalProperties", true},
                                    {"description",
                                     "Chi tiết khác (không bao giờ có bí mật) / What else matters (never a secret)"}}}},
        {"id", "at", "actor", "actorRole", "actorSubject", "action", "resource", "province", "remoteAddress",
         "detail"});

    s["Problem"] = Object(
        "Lỗi theo RFC 7807; `where` nêu trường hoặc tham số, `rule` nêu quy tắc bị vi phạm. / An RFC 7807 problem; "
        "`where` names the field or parameter, `rule` the rule broken.",
        json::object{
            {"type", Str("epcisException:... hoặc urn:txng:problem:<code> / epcisException:... (EPCIS exception names) "
                         "or urn:txng:problem:<code>")},
            {"title", Str("Tiếng Việt / English")},
            {"status", json::object{{"type", "integer"},
                                    {"minimum", 400},
                                    {"maximum", 599},
                                    {"description", "Mã trạng thái HTTP / The HTTP status"}}},
            {"detail", Str("Một câu tiếng Anh nói điều gì sai / One English sentence saying what is wrong")},
            {"instance", Str("Đích của yêu cầu / The request target")},
            {"rule", json::object{{"type", "string"},
                                  {"example", "gtin.check_digit"},
                                  {"description", "Mã quy tắc ổn định / Stable rule identifier, dot separated"}}},
            {"where", json::object{{"type", "string"},
                                   {"example", "address.provinceCode"},
                                   {"description",
                                    "Đường dẫn JSON, tên trường, tham số hoặc tiêu đề / JSON path, field, query "
                                    "parameter or header name"}}},
            {"value", Str("Giá trị bị từ chối (rút gọn) / The offending value (shortened to 120 bytes)")}},
        {"type", "title", "status"});

    s["EnterpriseList"] = ListOf("Enterprise", "Một trang doanh nghiệp / A page of enterprises");
    s["LocationList"] = ListOf("Location", "Một trang địa điểm / A page of locations");
    s["ProductList"] = ListOf("Product", "Một trang sản phẩm / A page of products");
    s["Lot"] =
        Object("Một lô của sản phẩm, từ ILMD. / A lot of the product, from the ILMD.",
               json::object{{"lot", Str("Số lô / The lot number", 0, 1)},
                            {"firstCommissioned", json::object{{"type", "string"}, {"format", "date-time"}}},
                            {"lastCommissioned", json::object{{"type", "string"}, {"format", "date-time"}}},
                            {"events", json::object{{"type", "integer"}, {"minimum", 1}}},
                            {"bestBeforeDate", Str("cbvmda:bestBeforeDate như đã ghi / as written")},
                            {"itemExpirationDate", Str("cbvmda:itemExpirationDate như đã ghi / as written")},
                            {"productionDate", Str("cbvmda:productionDate như đã ghi / as written")},
                            {"locations", ArrayOf(json::object{{"type", "string"}, {"format", "uri"}},
                                                  "Nơi khởi tạo (bizLocation, dạng chuẩn) / Where it was commissioned "
                                                  "(bizLocation, canonical)")}},
               {"lot", "firstCommissioned", "lastCommissioned", "events", "locations"});
    s["LotList"] = Object("Các lô / The lots",
                          json::object{{"gtin", Str("GTIN-14")},
                                       {"items", ArrayOf(SchemaRef("Lot"), "Theo số lô / By lot number")},
                                       {"truncated", json::object{{"type", "boolean"}}}},
                          {"gtin", "items", "truncated"});
    s["StampBatchList"] =
        Object("Một trang lô tem, cũ trước / A page of stamp batches, oldest first",
               json::object{{"items", ArrayOf(SchemaRef("StampBatch"), "Các lô / The batches")},
                            {"next", json::object{{"type", "integer"},
                                                  {"description",
                                                   "Khi có thể còn trang sau: after của nó / When there may "
                                                   "be a next page: its after"}}}},
               {"items"});
    s["StampList"] =
        Object("Một trang tem, theo số thứ tự / A page of stamps, in ordinal order",
               json::object{{"items", ArrayOf(SchemaRef("Stamp"), "Các tem / The stamps")},
                            {"next", json::object{{"type", "integer"},
                                                  {"description",
                                                   "Khi có thể còn trang sau: after của nó / When there may "
                                                   "be a next page: its after"}}}},
               {"items"});
    s["Signal"] = Object(
        "Tín hiệu nghi giả mạo, một cho mỗi loại và mã, đếm lên mỗi lần xuất hiện lại. / A counterfeit signal: one "
        "per kind and code, counted up each time it is raised again.",
        json::object{
            {"id", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 1}}},
            {"kind", Enum(Strings(store::kSignalKinds),
                          "scanned_after_end: quét sau khi tem đã hủy, bán hoặc dùng; many_provinces: quét ở nhiều "
                          "tỉnh hơn ngưỡng trong khung thời gian; unknown_serial: số sê-ri không ai phát hành của "
                          "một GTIN đã đăng ký / scanned_after_end: scanned after the stamp was voided, sold or "
                          "consumed; many_provinces: scanned in more provinces than the threshold within the "
                          "window; unknown_serial: a serial nobody issued, of a registered GTIN")},
            {"gtin", SchemaRef("Gtin")},
            {"serial", Str("Số sê-ri (AI 21) / Serial (AI 21)", 20, 1)},
            {"owner", TaxCode("Chủ GTIN, khi biết / The GTIN's owner, when known")},
            {"ownerProvince", ProvinceCode("Tỉnh của chủ GTIN / The owner's province")},
            {"provinces", ArrayOf(ProvinceCode("Mã tỉnh / Province code"),
                                  "Nơi quét làm phát sinh tín hiệu (các tỉnh máy khách cho biết, sắp xếp) / Where the "
                                  "scans that raised it came from (the provinces clients said, sorted)")},
            {"count", json::object{{"type", "integer"}, {"minimum", 1}, {"description", "Số lần / Times raised"}}},
            {"firstAt", Timestamp("Lần đầu / First raised")},
            {"lastAt", Timestamp("Lần gần nhất / Last raised")},
            {"detail", Str("Điều đã thấy, tiếng Việt / English / What was seen, Vietnamese / English")}},
        {"id", "kind", "gtin", "serial", "provinces", "count", "firstAt", "lastAt", "detail"});
    s["Complaint"] = Object(
        "Phản ánh của người dân từ trang sản phẩm (POST /report). / A problem a member of the public reported from "
        "the product page (POST /report).",
        json::object{
            {"id", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 1}}},
            {"code", Str("GS1 Digital Link trang đã hiển thị / The Digital Link the page showed")},
            {"gtin", SchemaRef("Gtin")},
            {"lot", Str("Số lô (AI 10) / Lot (AI 10)", 20)},
            {"serial", Str("Số sê-ri (AI 21) / Serial (AI 21)", 20)},
            {"kind", Enum(Strings(store::kComplaintKinds), "Loại phản ánh / What kind of problem")},
            {"message", Str("Nội dung / The message", 2000)},
            {"contact", Str("Liên hệ người phản ánh tự nguyện để lại / A contact the reporter chose to give", 200)},
            {"province", ProvinceCode("Tỉnh người phản ánh cho biết / The province the reporter gave")},
            {"owner", TaxCode("Chủ GTIN, khi biết / The GTIN's owner, when known")},
            {"ownerProvince", ProvinceCode("Tỉnh của chủ GTIN / The owner's province")},
            {"status", Enum(Strings({"new"}), "Trạng thái xử lý / Handling status")},
            {"createdAt", Timestamp("Lúc nhận / When received")}},
        {"id", "code", "gtin", "kind", "message", "status", "createdAt"});
    for (const auto& [name, item, description] :
         {std::tuple{"SignalList", "Signal", "Một trang tín hiệu, cũ trước / A page of signals, oldest first"},
          {"ComplaintList", "Complaint", "Một trang phản ánh, cũ trước / A page of complaints, oldest first"}}) {
        s[name] = Object(description,
                         json::object{{"items", ArrayOf(SchemaRef(item), "Các phần tử / The items")},
                                      {"next", json::object{{"type", "integer"},
                                                            {"description",
                                                             "Khi có thể còn trang sau: after của nó (Link rel=next "
                                                             "giữ bộ lọc) / When there may be a next page: its after "
                                                             "(Link rel=next keeps the filter)"}}}},
                         {"items"});
    }
    s["ApiKeyList"] = ListOf("ApiKey", "Các khóa người gọi được quản lý / The keys the caller may manage");
    s["UserList"] = ListOf("User", "Các người dùng người gọi được quản lý / The users the caller may manage");
    s["SystemList"] =
        ListOf("ConnectedSystem", "Các hệ thống người gọi giám sát được / The systems the caller supervises");
    s["AuditList"] = ListOf("AuditEntry", "Một trang nhật ký, cũ trước / A page of the log, oldest first");
    return s;
}

// ---------------------------------------------------------------------------------------------
// components.parameters, headers, responses

json::object Param(std::string_view name, std::string_view in, json::object schema, std::string_view description) {
    json::object p{{"name", name}, {"in", in}, {"description", description}};
    if (in == "path") p["required"] = true;
    p["schema"] = std::move(schema);
    return p;
}

json::object Parameters() {
    json::object p;
    p["limit"] =
        Param("limit", "query", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}},
              "Số bản ghi tối đa của trang. / Most records in the page.");
    p["after"] = Param("after", "query", json::object{{"type", "string"}},
                       "Khóa của bản ghi cuối trang trước (mã số thuế, GLN hoặc GTIN-14); dùng liên kết rel=\"next\". "
                       "/ Key of the last record of the previous page (tax code, GLN or GTIN-14); follow the "
                       "rel=\"next\" link.");
    p["province"] = Param("province", "query", SchemaRef("ProvinceCode"),
                          "Chỉ bản ghi của tỉnh này (mã trước 2025 được chuyển). / Only records of this province (a "
                          "pre-2025 code is translated).");
    p["owner"] = Param("owner", "query", SchemaRef("TaxCode"),
                       "Chỉ bản ghi của doanh nghiệp này. / Only records of this enterprise.");
    p["taxCode"] = Param("taxCode", "path", SchemaRef("TaxCode"), "Mã số thuế / Tax code");
    p["gln"] = Param("gln", "path", SchemaRef("Gln"), "GLN");
    p["gtin"] = Param("gtin", "path", SchemaRef("Gtin"), "GTIN-14");
    p["provider"] = Param("provider", "path", SchemaRef("TaxCode"),
                          "Mã số thuế của đơn vị cung cấp giải pháp / Tax code of the solution provider");
    p["keyId"] = Param("keyId", "path", Patterned(kKeyIdPattern, "Id khóa / Key id"),
                       "Phần công khai của khóa / The public part of the key");
    p["systemId"] =
        Param("systemId", "path", Patterned(kSystemIdPattern, "Id hệ thống / System id", "provider:0101234565"),
              "provider:<mã số thuế> (đơn vị cung cấp giải pháp) hoặc province:<mã tỉnh 2 chữ số> (hệ "
              "thống của tỉnh). / provider:<tax code> (a solution provider) or province:<2-digit code> (a "
              "province's system).");
    p["keepKeysMade"] = Param("keepKeysMade", "query", json::object{{"type", "boolean"}, {"default", false}},
                              "true: giữ các khóa mà khóa (hay người dùng) này đã tạo; mặc định chúng bị thu hồi "
                              "cùng, kể cả các khóa chúng đã tạo. / true: keep the keys this key (or user) made; by "
                              "default they are revoked with it, and the keys they made too.");
    p["linkId"] =
        Param("linkId", "path", json::object{{"type", "integer"}, {"minimum", 1}}, "Số của liên kết / The link's id");
    p["userName"] = Param("name", "path", SchemaRef("UserName"), "Tên đăng nhập / Login name");
    p["batchId"] = Param("batchId", "path", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 1}},
                         "Số của lô tem / The stamp batch's id");
    p["sha256"] = Param("sha256", "path", Patterned(kSha256Pattern, "SHA-256 (hex)", kSha256Example),
                        "Địa chỉ nội dung của ảnh: SHA-256 của các byte, hex chữ thường. / The image's content "
                        "address: the SHA-256 of its bytes, lower-case hex.");
    // The synchroniser token of a cookie session (api_support.cpp, CallerOf): a cookie is sent by
    // the browser on any site's behalf, a header is not.
    p["csrfToken"] = Param("X-CSRF-Token", "header", Patterned(kSessionTokenPattern, "Mã CSRF / CSRF token"),
                           "Mã CSRF của phiên (csrfToken từ POST hoặc GET /api/v1/session); thiếu hoặc sai: 403 "
                           "auth.csrf. / The session's CSRF token (csrfToken from POST or GET /api/v1/session); "
                           "missing or wrong: 403 auth.csrf.");
    p["csrfToken"].as_object()["required"] = true;
    p["csrfTokenIfCookie"] =
        Param("X-CSRF-Token", "header", Patterned(kSessionTokenPattern, "Mã CSRF / CSRF token"),
              "Bắt buộc khi xác thực bằng cookie phiên __Host-txng_session (không cần với khóa API): csrfToken từ POST "
              "hoặc GET "
              "/api/v1/session; thiếu hoặc sai: 403 auth.csrf. / Required when authenticated by the "
              "__Host-txng_session cookie "
              "(not with an API key): csrfToken from POST or GET /api/v1/session; missing or wrong: 403 auth.csrf.");
    return p;
}

json::object Headers() {
    json::object h;
    h["Location"] = json::object{
        {"description", "Đường dẫn của tài nguyên vừa tạo. / Path of the resource just made."},
        {"schema",
         json::object{{"type", "string"}, {"format", "uri-reference"}, {"example", "/api/v1/enterprises/0101234565"}}}};
    h["Link"] = json::object{
        {"description",
         "Trang tiếp theo, khi có: `<path?query>; rel=\"next\"`. / The next page, when there is one: `<path?query>; "
         "rel=\"next\"`."},
        {"schema", json::object{{"type", "string"},
                                {"example", "</api/v1/products?limit=100&after=08930001000155>; rel=\"next\""}}}};
    h["WWW-Authenticate"] =
        json::object{{"description", "Cách xác thực / How to authenticate"},
                     {"schema", json::object{{"type", "string"}, {"example", "Bearer realm=\"txng\""}}}};
    h["Retry-After"] = json::object{
        {"description",
         "Thử lại sau (giây): với 503, và với 429 sau khi đăng nhập sai quá nhiều (900). / Retry after (seconds): on "
         "503, and on 429 after too many failed sign-ins (900)."},
        {"schema", json::object{{"type", "integer"}, {"minimum", 0}, {"example", 900}}}};
    h["Set-Cookie"] = json::object{
        {"description",
         "Cookie phiên __Host-txng_session: Path=/, HttpOnly, SameSite=Strict, Secure (trừ khi nút đặt [auth] "
         "secure_cookies = false); Max-Age=43200 (12 giờ) khi đăng nhập, giá trị rỗng và Max-Age=0 khi đăng xuất. / "
         "The session cookie __Host-txng_session: Path=/, HttpOnly, SameSite=Strict, Secure (unless the node sets "
         "[auth] "
         "secure_cookies = false); Max-Age=43200 (12 hours) on sign-in, an empty value and Max-Age=0 on sign-out."},
        {"schema",
         json::object{
             {"type", "string"},
             {"example", "__Host-txng_session=<token>; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure"}}}};
    h["Cache-Control"] = json::object{{"description", "Không lưu bộ nhớ đệm / Not to be cached"},
                                      {"schema", json::object{{"type", "string"}, {"enum", Strings({"no-store"})}}}};
    // An image's address is the hash of its bytes: what it names never changes.
    h["ImmutableCacheControl"] = json::object{
        {"description",
         "Nội dung không bao giờ đổi (địa chỉ là SHA-256 của nó): lưu một năm. / The content never changes (its "
         "address is its SHA-256): cache it for a year."},
        {"schema", json::object{{"type", "string"}, {"enum", Strings({"public, max-age=31536000, immutable"})}}}};
    h["ETag"] = json::object{{"description", "SHA-256 của ảnh, trong dấu ngoặc kép. / The image's SHA-256, quoted."},
                             {"schema", json::object{{"type", "string"},
                                                     {"pattern", "^\"[0-9a-f]{64}\"$"},
                                                     {"example", "\"" + std::string(kSha256Example) + "\""}}}};
    h["Content-Disposition"] =
        json::object{{"description",
                      "Tải về dưới tên tem-<số lô>.csv hoặc tem-<số lô>.pdf. / Download as tem-<batch id>.csv or "
                      "tem-<batch id>.pdf."},
                     {"schema", json::object{{"type", "string"}, {"example", "attachment; filename=\"tem-42.pdf\""}}}};
    h["PrivateCacheControl"] =
        json::object{{"description", "Không lưu ở bộ nhớ đệm dùng chung / Not to be cached, nor shared"},
                     {"schema", json::object{{"type", "string"}, {"enum", Strings({"private, no-store"})}}}};
    h["X-Content-Type-Options"] =
        json::object{{"description", "Trình duyệt không đoán loại nội dung / Browsers do not sniff the type"},
                     {"schema", json::object{{"type", "string"}, {"enum", Strings({"nosniff"})}}}};
    h["Vary"] =
        json::object{{"description", "Câu trả lời tùy theo tiêu đề Accept / The answer depends on the Accept header"},
                     {"schema", json::object{{"type", "string"}, {"enum", Strings({"Accept"})}}}};
    return h;
}

json::object ProblemResponse(std::string_view description, std::initializer_list<std::string_view> headers = {}) {
    json::object r{{"description", description},
                   {"content", json::object{{kProblemJson, json::object{{"schema", SchemaRef("Problem")}}}}}};
    if (headers.size() > 0) {
        json::object h;
        for (auto name : headers) h[name] = Ref("headers", name);
        r["headers"] = std::move(h);
    }
    return r;
}

// The component name of the problem response for a status.
std::string_view ProblemName(int status) {
    switch (status) {
        case 400:
            return "BadRequest";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "NotFound";
        case 409:
            return "Conflict";
        case 413:
            return "PayloadTooLarge";
        case 415:
            return "UnsupportedMediaType";
        case 429:
            return "TooManyRequests";
        default:
            return "ServerError";
    }
}

json::object ProblemResponses() {
    json::object r;
    r[ProblemName(400)] = ProblemResponse(
        "Dữ liệu không hợp lệ: `where` nêu trường hoặc tham số, `rule` nêu quy tắc (ví dụ field.required, "
        "gtin.check_digit, tax_code.check_digit, registry.key_mismatch, registry.prefix_unknown, "
        "query.unknown_parameter). / Invalid input: `where` names the field or parameter, `rule` the rule (e.g. "
        "field.required, gtin.check_digit, tax_code.check_digit, registry.key_mismatch, registry.prefix_unknown, "
        "query.unknown_parameter).");
    r[ProblemName(400)].as_object()["content"].as_object()[kProblemJson].as_object()["example"] =
        json::object{{"type", "urn:txng:problem:invalid_argument"},
                     {"title", "Mã GS1 không hợp lệ / Invalid GS1 identifier"},
                     {"status", 400},
                     {"detail", "The check digit is wrong."},
                     {"instance", "/api/v1/products"},
                     {"rule", "gtin.check_digit"},
                     {"where", "gtin"},
                     {"value", "08930001000156"}};
    r[ProblemName(401)] = ProblemResponse(
        "Cần khóa hoặc phiên hợp lệ (auth.required, auth.scheme, auth.key_format, auth.invalid_key: khóa lạ, sai, bị "
        "thu hồi hay hết hạn đều như nhau; auth.invalid_session: phiên lạ, đã kết thúc, hết hạn hoặc người dùng bị vô "
        "hiệu hóa; auth.sign_in_failed: đăng nhập sai). / A valid key or session is needed (auth.required, "
        "auth.scheme, auth.key_format, auth.invalid_key: unknown, wrong, revoked and expired keys look the same; "
        "auth.invalid_session: the session is unknown, ended or expired, or its user disabled; auth.sign_in_failed: "
        "a failed sign-in).",
        {"WWW-Authenticate"});
    r[ProblemName(403)] = ProblemResponse(
        "Không có quyền (access.denied, access.scope, registry.prefix_not_owned), thiếu hoặc sai X-CSRF-Token của "
        "phiên cookie (auth.csrf), sai mật khẩu hiện tại (auth.password_wrong). / Forbidden (access.denied, "
        "access.scope, registry.prefix_not_owned), a cookie session's X-CSRF-Token missing or wrong (auth.csrf), the "
        "current password wrong (auth.password_wrong).");
    r[ProblemName(404)] = ProblemResponse("Không tìm thấy / Not found");
    r[ProblemName(409)] = ProblemResponse(
        "Xung đột: khóa đã tồn tại (registry.exists), mã doanh nghiệp GS1 đã thuộc doanh nghiệp khác "
        "(registry.prefix_taken), lô tem chưa sinh xong (stamp.batch_not_ready) hoặc tem không ở trạng thái cho phép "
        "(stamp.transition). / Conflict: the key exists (registry.exists), a GS1 Company Prefix is held by another "
        "enterprise (registry.prefix_taken), the stamp batch is not ready yet (stamp.batch_not_ready) or a stamp is "
        "in a status that does not allow the change (stamp.transition).");
    r[ProblemName(413)] =
        ProblemResponse("Thân yêu cầu quá lớn (http.body_too_large). / The body is too large (http.body_too_large).");
    r[ProblemName(415)] = ProblemResponse(
        "Gửi application/json (http.content_type). / Send application/json (http.content_type; application/ld+json "
        "is accepted too).");
    r["ImageTooLarge"] = ProblemResponse(
        "Ảnh quá 2 MiB (2.097.152 byte): image.too_large, hoặc http.body_too_large khi vượt giới hạn thân của "
        "đường dẫn. / The image is over 2 MiB (2,097,152 bytes): image.too_large, or http.body_too_large when the "
        "route's body limit stops it first.");
    r["UnsupportedImageType"] = ProblemResponse(
        "Không phải ảnh JPEG, PNG hay WebP, hoặc các byte không khớp Content-Type (image.type, where: "
        "Content-Type). / Not a JPEG, PNG or WebP image, or the bytes disagree with the Content-Type (image.type, "
        "where: Content-Type).");
    r[ProblemName(429)] = ProblemResponse(
        "Quá nhiều lần đăng nhập sai (auth.rate_limited): sau 5 lần cho một tên hoặc 20 lần từ một địa chỉ trong 15 "
        "phút, bị từ chối cho đến hết khoảng 15 phút đó; thử lại sau Retry-After giây. / Too many failed sign-ins "
        "(auth.rate_limited): after 5 failures for a name or 20 from an address within 15 minutes, refused until "
        "that window ends; retry after Retry-After seconds.",
        {"Retry-After"});
    r[ProblemName(500)] = ProblemResponse(
        "Lỗi máy chủ (500) hoặc cơ sở dữ liệu tạm thời không sẵn sàng (503, có Retry-After). / Server error (500) or "
        "the database is unavailable for now (503, with Retry-After).",
        {"Retry-After"});
    return r;
}

json::object SecuritySchemes() {
    return json::object{
        {"bearerKey",
         json::object{
             {"type", "http"},
             {"scheme", "bearer"},
             {"bearerFormat", "txng_<id>_<secret>"},
             {"description",
              "Khóa API: txng_ + 16 ký tự base32 (id) + _ + 52 ký tự base32 (bí mật), chỉ hiển thị một lần khi "
              "tạo. / API key: txng_, 16 lower-case base32 characters (the id), _, 52 (the secret); shown "
              "once, when made."}}},
        {"sessionCookie",
         json::object{
             {"type", "apiKey"},
             {"in", "cookie"},
             {"name", "__Host-txng_session"},
             {"description",
              "Phiên đăng nhập của trình duyệt: POST /api/v1/session với tên và mật khẩu đặt cookie "
              "__Host-txng_session "
              "(HttpOnly, SameSite=Strict, Secure, Path=/; 12 giờ; nút đặt [auth] secure_cookies = false dùng tên "
              "txng_session không Secure). Mọi yêu cầu "
              "POST, PUT, DELETE (và PATCH) xác thực bằng cookie phải gửi mã CSRF của phiên trong tiêu đề "
              "X-CSRF-Token (csrfToken từ POST hoặc GET /api/v1/session), nếu không: 403 auth.csrf. Khi có cả "
              "Authorization, khóa được dùng. / A browser's signed-in session: POST /api/v1/session with a name and "
              "password sets the __Host-txng_session cookie (HttpOnly, SameSite=Strict, Secure, Path=/; 12 hours; a "
              "node with [auth] secure_cookies = false names it txng_session, without Secure). Every POST, PUT, DELETE "
              "(and PATCH) authenticated by the cookie "
              "must send the session's CSRF token in the X-CSRF-Token header (csrfToken from POST or GET "
              "/api/v1/session), else 403 auth.csrf. When Authorization is sent too, the key is used."}}}};
}

// ---------------------------------------------------------------------------------------------
// paths

// Who may call an operation: anyone (a key or a session is optional and gives more), holders of a
// key or a session only, anyone without credentials (sign-in), a signed-in session only, or anyone
// with credentials neither needed nor looked at (images).
enum class Access { kPublic, kKey, kSignIn, kSession, kOpen };

json::array Security(Access access) {
    const json::object none;
    const json::object key{{"bearerKey", json::array{}}};
    const json::object session{{"sessionCookie", json::array{}}};
    switch (access) {
        case Access::kPublic:
            return json::array{none, key, session};
        case Access::kKey:
            return json::array{key, session};
        case Access::kSignIn:
        case Access::kOpen:
            return json::array{none};
        case Access::kSession:
            return json::array{session};
    }
    return json::array{key, session};
}

// Unsafe operations a cookie session may call send X-CSRF-Token: adds the parameter (optional
// there, as an API key needs none) and says so, to every POST, PUT and DELETE that accepts a
// session and does not declare it already.
void AddCsrfToWrites(json::object& paths) {
    const json::value session = json::object{{"sessionCookie", json::array{}}};
    const json::value required = Ref("parameters", "csrfToken");
    const json::value optional = Ref("parameters", "csrfTokenIfCookie");
    for (auto& [path, item] : paths) {
        for (std::string_view method : {"post", "put", "delete"}) {
            json::value* found = item.as_object().if_contains(method);
            if (found == nullptr) continue;
            json::object* op = &found->as_object();
            const auto& security = op->at("security").as_array();
            if (std::find(security.begin(), security.end(), session) == security.end()) continue;
            json::value& params = (*op)["parameters"];
            if (params.is_null()) params = json::array{};
            auto& list = params.as_array();
            if (std::find(list.begin(), list.end(), required) != list.end()) continue;
            list.emplace_back(optional);
            auto& description = (*op)["description"].as_string();
            description.append("\n\nVới phiên cookie: gửi X-CSRF-Token. / With a cookie session: send X-CSRF-Token.");
        }
    }
}

json::object Operation(std::string_view id, std::string_view tag, Access access, std::string_view summary,
                       std::string_view description) {
    return json::object{{"operationId", id},
                        {"tags", json::array{tag}},
                        {"summary", summary},
                        {"description", description},
                        {"security", Security(access)}};
}

json::array ParamRefs(std::initializer_list<std::string_view> names) {
    json::array a;
    for (auto n : names) a.emplace_back(Ref("parameters", n));
    return a;
}

json::object JsonBody(std::string_view schema, std::string_view description) {
    return json::object{{"required", true},
                        {"description", description},
                        {"content", json::object{{kJson, json::object{{"schema", SchemaRef(schema)}}}}}};
}

// A JSON answer of `schema`, with the named headers.
json::object Reply(std::string_view description, std::string_view schema,
                   std::initializer_list<std::string_view> headers = {}) {
    json::object r{{"description", description},
                   {"content", json::object{{kJson, json::object{{"schema", SchemaRef(schema)}}}}}};
    if (headers.size() > 0) {
        json::object h;
        for (auto name : headers) h[name] = Ref("headers", name);
        r["headers"] = std::move(h);
    }
    return r;
}

// The responses of an operation: its success, the problems it can answer, and the server errors.
json::object Responses(std::string_view status, json::object success, std::initializer_list<int> problems) {
    json::object r{{status, std::move(success)}};
    for (int code : problems) r[std::to_string(code)] = Ref("responses", ProblemName(code));
    r["default"] = Ref("responses", ProblemName(500));
    return r;
}

json::object Paths() {
    json::object paths;
    const Access kPublic = Access::kPublic;
    const Access kKey = Access::kKey;
    const Access kSignIn = Access::kSignIn;
    const Access kSession = Access::kSession;
    const Access kOpen = Access::kOpen;

    // ---- session, reference data, this document

    {
        json::object get = Operation(
            "getMe", "session", kPublic, "Người gọi hiện tại / The current caller",
            "Vai trò, phạm vi và chủ thể của khóa đã gửi; không có khóa: consumer ẩn danh. / The role, scopes and "
            "subject of the key sent; without a key, the anonymous consumer.");
        get["responses"] = Responses("200", Reply("Người gọi / The caller", "Principal"), {401});
        paths["/api/v1/me"] = json::object{{"get", std::move(get)}};
    }
    {
        json::object get = Operation(
            "listProvinces", "provinces", kPublic, "Danh mục tỉnh / Provinces",
            "34 đơn vị hành chính cấp tỉnh từ 1/7/2025 và 63 tỉnh trước đó với đơn vị kế thừa; mã cũ vẫn được chấp "
            "nhận khi nhập. / The 34 provincial units in force since 1 July 2025 and the 63 before with their "
            "successors; a pre-2025 code is still accepted on input.");
        get["responses"] = Responses("200", Reply("Các tỉnh / The provinces", "ProvinceList"), {});
        paths["/api/v1/provinces"] = json::object{{"get", std::move(get)}};
    }
    {
        json::object get =
            Operation("getOpenApi", "meta", kPublic, "Tài liệu OpenAPI này / This OpenAPI document",
                      "Mô tả OpenAPI 3.0.3 của API cổng thông tin. / The OpenAPI 3.0.3 description of the portal API.");
        get["responses"] = Responses(
            "200",
            json::object{
                {"description", "OpenAPI 3.0.3"},
                {"content", json::object{{kJson, json::object{{"schema", json::object{{"type", "object"}}}}}}}},
            {});
        paths["/api/v1/openapi.json"] = json::object{{"get", std::move(get)}};
    }

    // ---- enterprises

    {
        json::object list = Operation(
            "listEnterprises", "enterprises", kPublic, "Danh sách doanh nghiệp / List enterprises",
            "Theo thứ tự mã số thuế, từng trang. Người gọi không có quyền đọc đầy đủ nhận bản công khai (không có "
            "người "
            "liên hệ). / In tax-code order, page by page. Callers who may not read a full record get its public view "
            "(no contacts).");
        list["parameters"] = ParamRefs({"limit", "after", "province"});
        list["responses"] = Responses("200", Reply("Một trang / A page", "EnterpriseList", {"Link"}), {400, 401});
        json::object create =
            Operation("createEnterprise", "enterprises", kKey, "Đăng ký doanh nghiệp / Register an enterprise",
                      "national-admin, national-sync; vai trò cấp tỉnh cho địa chỉ trong tỉnh mình. / national-admin, "
                      "national-sync; provincial roles for an address in their province.");
        create["requestBody"] = JsonBody("Enterprise", "Doanh nghiệp / The enterprise");
        create["responses"] = Responses("201", Reply("Đã đăng ký / Registered", "Enterprise", {"Location"}),
                                        {400, 401, 403, 409, 413, 415});
        paths["/api/v1/enterprises"] = json::object{{"get", std::move(list)}, {"post", std::move(create)}};
    }
    {
        json::object get = Operation(
            "getEnterprise", "enterprises", kPublic, "Xem doanh nghiệp / Get an enterprise",
            "Bản đầy đủ cho chính doanh nghiệp, đơn vị được ủy quyền, vai trò cấp tỉnh của tỉnh đó và vai trò quốc "
            "gia; "
            "bản công khai cho người khác. / The full record for the enterprise itself, its providers, its province's "
            "roles and national roles; the public view for others.");
        get["responses"] = Responses("200", Reply("Doanh nghiệp / The enterprise", "Enterprise"), {401, 404});
        json::object put = Operation(
            "updateEnterprise", "enterprises", kKey, "Sửa doanh nghiệp / Update an enterprise",
            "Thay toàn bộ bản ghi; taxCode trong thân phải trùng đường dẫn (registry.key_mismatch). Doanh nghiệp và "
            "đơn "
            "vị được ủy quyền chỉ đổi tên, địa chỉ, người liên hệ; mã GS1, loại và trạng thái do cơ quan quản lý đổi. "
            "/ "
            "Replaces the record; taxCode in the body must equal the path's (registry.key_mismatch). The enterprise "
            "and its providers may change names, address and contacts only; prefixes, kind and status are the "
            "authority's.");
        put["requestBody"] = JsonBody("Enterprise", "Bản ghi mới / The new record");
        put["responses"] =
            Responses("200", Reply("Đã sửa / Updated", "Enterprise"), {400, 401, 403, 404, 409, 413, 415});
        paths["/api/v1/enterprises/{taxCode}"] =
            json::object{{"parameters", ParamRefs({"taxCode"})}, {"get", std::move(get)}, {"put", std::move(put)}};
    }

    // ---- delegations

    {
        json::object list = Operation(
            "listDelegations", "delegations", kKey, "Đơn vị được ủy quyền / List delegations",
            "Ai hành động thay doanh nghiệp: xem được bởi người đọc được bản đầy đủ. / Who acts for the enterprise: "
            "visible to whoever may read its full record.");
        list["responses"] = Responses("200", Reply("Các đơn vị / The providers", "DelegationList"), {401, 403, 404});
        json::object add = Operation(
            "addDelegation", "delegations", kKey, "Ủy quyền cho đơn vị cung cấp giải pháp / Delegate to a provider",
            "Chính doanh nghiệp, vai trò cấp tỉnh của tỉnh đó, vai trò quốc gia. Lặp lại không lỗi. Lỗi "
            "delegation.provider_unknown, delegation.not_provider. / The enterprise itself, its province's roles, "
            "national roles. Idempotent. Fails with delegation.provider_unknown, delegation.not_provider.");
        add["requestBody"] = JsonBody("DelegationRequest", "Đúng một trường provider / Exactly one member, provider");
        add["responses"] = Responses("201", Reply("Đã ủy quyền / Delegated", "Delegation", {"Location"}),
                                     {400, 401, 403, 404, 413, 415});
        paths["/api/v1/enterprises/{taxCode}/delegations"] =
            json::object{{"parameters", ParamRefs({"taxCode"})}, {"get", std::move(list)}, {"post", std::move(add)}};
    }
    {
        json::object remove = Operation(
            "removeDelegation", "delegations", kKey, "Thu hồi ủy quyền / Withdraw a delegation",
            "Chính doanh nghiệp, vai trò cấp tỉnh của tỉnh đó, vai trò quốc gia; 404 khi không có ủy quyền này. / The "
            "enterprise itself, its province's roles, national roles; 404 when there is no such delegation.");
        remove["responses"] = Responses(
            "200", Reply("Đã thu hồi (removed: true) / Withdrawn (removed: true)", "Delegation"), {401, 403, 404});
        paths["/api/v1/enterprises/{taxCode}/delegations/{provider}"] =
            json::object{{"parameters", ParamRefs({"taxCode", "provider"})}, {"delete", std::move(remove)}};
    }

    // ---- locations

    {
        json::object list = Operation("listLocations", "locations", kPublic, "Danh sách địa điểm / List locations",
                                      "Theo thứ tự GLN, từng trang. / In GLN order, page by page.");
        list["parameters"] = ParamRefs({"limit", "after", "province", "owner"});
        list["responses"] = Responses("200", Reply("Một trang / A page", "LocationList", {"Link"}), {400, 401});
        json::object create = Operation(
            "createLocation", "locations", kKey, "Đăng ký địa điểm / Register a location",
            "Doanh nghiệp giữ mã GS1 của GLN, đơn vị được ủy quyền, vai trò cấp tỉnh của tỉnh chủ sở hữu, vai trò quốc "
            "gia. Lỗi registry.prefix_unknown khi chưa ai đăng ký mã, location.parent_unknown. / The enterprise "
            "holding the GLN's prefix, its providers, the owner's province's roles, national roles. Fails with "
            "registry.prefix_unknown when nobody registered the prefix, location.parent_unknown.");
        create["requestBody"] = JsonBody("Location", "Địa điểm / The location");
        create["responses"] = Responses("201", Reply("Đã đăng ký / Registered", "Location", {"Location"}),
                                        {400, 401, 403, 409, 413, 415});
        paths["/api/v1/locations"] = json::object{{"get", std::move(list)}, {"post", std::move(create)}};
    }
    {
        json::object get = Operation("getLocation", "locations", kPublic, "Xem địa điểm / Get a location",
                                     "Bản ghi địa điểm. / The location record.");
        get["responses"] = Responses("200", Reply("Địa điểm / The location", "Location"), {401, 404});
        json::object put = Operation(
            "updateLocation", "locations", kKey, "Sửa địa điểm / Update a location",
            "Thay toàn bộ bản ghi; gln trong thân phải trùng đường dẫn (registry.key_mismatch). / Replaces the record; "
            "gln in the body must equal the path's (registry.key_mismatch).");
        put["requestBody"] = JsonBody("Location", "Bản ghi mới / The new record");
        put["responses"] = Responses("200", Reply("Đã sửa / Updated", "Location"), {400, 401, 403, 404, 413, 415});
        paths["/api/v1/locations/{gln}"] =
            json::object{{"parameters", ParamRefs({"gln"})}, {"get", std::move(get)}, {"put", std::move(put)}};
    }

    // ---- products

    {
        json::object list = Operation("listProducts", "products", kPublic, "Danh sách sản phẩm / List products",
                                      "Theo thứ tự GTIN-14, từng trang. / In GTIN-14 order, page by page.");
        list["parameters"] = ParamRefs({"limit", "after", "province", "owner"});
        list["responses"] = Responses("200", Reply("Một trang / A page", "ProductList", {"Link"}), {400, 401});
        json::object create = Operation(
            "createProduct", "products", kKey, "Đăng ký sản phẩm / Register a product",
            "Chủ thương hiệu giữ mã GS1 của GTIN, đơn vị được ủy quyền, vai trò cấp tỉnh của tỉnh chủ sở hữu, vai trò "
            "quốc gia. Lỗi registry.prefix_unknown khi chưa ai đăng ký mã; image.unknown (tại images[i]) khi một ảnh "
            "chưa được tải lên (POST /api/v1/images). / The brand owner holding the GTIN's prefix, its providers, the "
            "owner's province's roles, national roles. Fails with registry.prefix_unknown when nobody registered the "
            "prefix; image.unknown (at images[i]) when an image was never uploaded (POST /api/v1/images).");
        create["requestBody"] = JsonBody("Product", "Sản phẩm / The product");
        create["responses"] =
            Responses("201", Reply("Đã đăng ký / Registered", "Product", {"Location"}), {400, 401, 403, 409, 413, 415});
        paths["/api/v1/products"] = json::object{{"get", std::move(list)}, {"post", std::move(create)}};
    }
    {
        json::object get = Operation(
            "getProduct", "products", kPublic, "Xem sản phẩm / Get a product",
            "Bản ghi sản phẩm, theo GTIN-14. Khi Accept có application/ld+json: sản phẩm theo GS1 Web Vocabulary "
            "(JSON-LD, @id là GS1 Digital Link https://id.gs1.org/01/<GTIN-14>); câu trả lời có Vary: Accept. / The "
            "product record, by GTIN-14. When Accept contains application/ld+json: the product in the GS1 Web "
            "Vocabulary (JSON-LD, @id the GS1 Digital Link https://id.gs1.org/01/<GTIN-14>); answers carry Vary: "
            "Accept.");
        json::object ok =
            Reply("Sản phẩm: JSON, hoặc JSON-LD khi được yêu cầu / The product: JSON, or JSON-LD when asked for",
                  "Product", {"Vary"});
        ok["content"].as_object()["application/ld+json"] = json::object{{"schema", SchemaRef("ProductWebVocabulary")}};
        get["responses"] = Responses("200", std::move(ok), {401, 404});
        json::object put = Operation(
            "updateProduct", "products", kKey, "Sửa sản phẩm / Update a product",
            "Thay toàn bộ bản ghi; gtin trong thân (sau khi chuyển thành GTIN-14) phải trùng đường dẫn "
            "(registry.key_mismatch); ảnh chưa được tải lên: image.unknown (tại images[i]). / Replaces the record; "
            "gtin in the body (once made a GTIN-14) must equal the path's (registry.key_mismatch); an image never "
            "uploaded: image.unknown (at images[i]).");
        put["requestBody"] = JsonBody("Product", "Bản ghi mới / The new record");
        put["responses"] = Responses("200", Reply("Đã sửa / Updated", "Product"), {400, 401, 403, 404, 413, 415});
        paths["/api/v1/products/{gtin}"] =
            json::object{{"parameters", ParamRefs({"gtin"})}, {"get", std::move(get)}, {"put", std::move(put)}};
    }
    {
        json::object get = Operation(
            "listProductLots", "products", kPublic, "Các lô của sản phẩm / A product's lots",
            "Các lô đọc từ ILMD của sự kiện khởi tạo (ObjectEvent ADD): số lô (cbvmda:lotNumber, hoặc /10/ của mã), "
            "lần khởi tạo đầu và cuối, hạn dùng, nơi khởi tạo; chỉ các sự kiện người gọi được xem (như GET /events). "
            "Cần khóa hoặc phiên trừ khi nút mở quyền đọc ([auth] anonymous_read). Tối đa 100.000 sự kiện "
            "(truncated). / The lots read from the ILMD of its commissioning events (ObjectEvent ADD): the lot "
            "(cbvmda:lotNumber, or the /10/ of the code), its first and last commissioning, best-before and expiry "
            "dates, where it was commissioned; only events the caller may see (as GET /events). Needs a key or a "
            "session unless the node opens reads ([auth] anonymous_read). At most 100,000 events (truncated).");
        get["responses"] = Responses("200", Reply("Các lô / The lots", "LotList"), {400, 401});
        paths["/api/v1/products/{gtin}/lots"] =
            json::object{{"parameters", ParamRefs({"gtin"})}, {"get", std::move(get)}};
    }

    // ---- images

    {
        json::object upload = Operation(
            "uploadImage", "images", kKey, "Tải ảnh lên / Upload an image",
            "Thân yêu cầu là chính các byte của ảnh JPEG, PNG hoặc WebP, tối đa 2 MiB (2.097.152 byte); loại nhận ra "
            "từ các byte phải khớp Content-Type (415 image.type), ảnh lớn hơn: 413 image.too_large (hoặc "
            "http.body_too_large). Cần khóa hoặc phiên có phạm vi write. Ảnh được lưu theo SHA-256 của các byte: tải "
            "lại cùng ảnh trả về cùng bản ghi. Dùng sha256 trong images của sản phẩm. Được ghi vào nhật ký kiểm toán "
            "(image.upload). / The body is the image's own bytes, a JPEG, PNG or WebP of at most 2 MiB (2,097,152 "
            "bytes); the type recognised from the bytes must match the Content-Type (415 image.type), a larger one "
            "gets 413 image.too_large (or http.body_too_large). Needs a key or session with the write scope. The "
            "image is stored under the SHA-256 of its bytes: uploading the same bytes again answers the same record. "
            "Put the sha256 in a product's images. Audited (image.upload).");
        json::object types;
        for (std::string_view type : kImageTypes) {
            types[type] = json::object{
                {"schema", json::object{{"type", "string"}, {"format", "binary"}, {"maxLength", kMaxImageBytes}}}};
        }
        upload["requestBody"] =
            json::object{{"required", true},
                         {"description", "Các byte của ảnh (tối đa 2 MiB) / The image's bytes (at most 2 MiB)"},
                         {"content", std::move(types)}};
        json::object responses =
            Responses("201", Reply("Đã lưu (hoặc đã có) / Stored (or already there)", "Image", {"Location"}),
                      {401, 403, 413, 415});
        responses["413"] = Ref("responses", "ImageTooLarge");
        responses["415"] = Ref("responses", "UnsupportedImageType");
        upload["responses"] = std::move(responses);
        paths["/api/v1/images"] = json::object{{"post", std::move(upload)}};
    }
    {
        json::object get = Operation(
            "getImage", "images", kOpen, "Xem ảnh / Get an image",
            "Công khai, không cần khóa hay phiên. Các byte của ảnh với loại đã nhận ra khi tải lên; lưu bộ nhớ đệm "
            "vĩnh "
            "viễn được (Cache-Control immutable, ETag là sha256). sha256 lạ: 404. / Public, no key or session needed. "
            "The image's bytes with the type recognised on upload; cacheable for good (Cache-Control immutable, ETag "
            "the sha256). An unknown sha256: 404.");
        json::object content;
        for (std::string_view type : kImageTypes) {
            content[type] = json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}};
        }
        json::object ok{{"description", "Ảnh / The image"},
                        {"headers", json::object{{"Cache-Control", Ref("headers", "ImmutableCacheControl")},
                                                 {"ETag", Ref("headers", "ETag")},
                                                 {"X-Content-Type-Options", Ref("headers", "X-Content-Type-Options")}}},
                        {"content", std::move(content)}};
        get["responses"] = Responses("200", std::move(ok), {404});
        paths["/api/v1/images/{sha256}"] = json::object{{"parameters", ParamRefs({"sha256"})}, {"get", std::move(get)}};
    }

    // ---- resolver links

    {
        json::object list = Operation(
            "listLinks", "links", kPublic, "Danh sách liên kết / List resolver links",
            "Công khai (đó là điều ai quét mã cũng nhận được). Lọc theo gtin (GTIN-14) và owner (mã số thuế); trang "
            "theo after (số liên kết) và limit (1-1000, mặc định 100). / Public (it is what anyone scanning gets). "
            "Filtered by gtin (GTIN-14) and owner (tax code); paged by after (a link id) and limit (1-1000, default "
            "100).");
        list["parameters"] = json::array{
            Param("gtin", "query", SchemaRef("Gtin"), "Chỉ liên kết của GTIN này / Only this GTIN's links"),
            Param("owner", "query", SchemaRef("TaxCode"), "Chỉ của doanh nghiệp này / Only this enterprise's"),
            Param("after", "query", json::object{{"type", "integer"}, {"minimum", 0}},
                  "Số liên kết cuối của trang trước / Last link id of the previous page"),
            Param("limit", "query", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}},
                  "Số liên kết tối đa / Most links in the page")};
        list["responses"] = Responses("200", Reply("Các liên kết / The links", "LinkList", {"Link"}), {400});
        json::object create = Operation(
            "createLink", "links", kKey, "Tạo liên kết / Make a resolver link",
            "Ai được sửa sản phẩm của GTIN (chủ thương hiệu giữ mã doanh nghiệp GS1, đơn vị cung cấp giải pháp của họ, "
            "các vai trò của tỉnh họ, vai trò quốc gia) thì tạo được; chủ sở hữu lấy từ mã doanh nghiệp. Ghi vào nhật "
            "ký kiểm toán (link.create). / Whoever may change the GTIN's product (the brand owner holding its prefix, "
            "its providers, its province's roles, national roles) may make its links; the owner comes from the "
            "prefix. Audited (link.create).");
        create["requestBody"] = JsonBody("Link", "Liên kết cần tạo / The link to make");
        create["responses"] = Responses("201", Reply("Đã tạo / Made", "Link", {"Location"}), {400, 401, 403, 413, 415});
        paths["/api/v1/links"] = json::object{{"get", std::move(list)}, {"post", std::move(create)}};
    }
    {
        json::object get =
            Operation("getLink", "links", kPublic, "Xem liên kết / Get a resolver link", "Công khai. / Public.");
        get["responses"] = Responses("200", Reply("Liên kết / The link", "Link"), {400, 404});
        json::object remove = Operation(
            "deleteLink", "links", kKey, "Xóa liên kết / Delete a resolver link",
            "Ai tạo được thì xóa được; ghi vào nhật ký kiểm toán (link.delete). / Whoever may make it may delete it; "
            "audited (link.delete).");
        remove["responses"] = Responses("200", Reply("Đã xóa / Deleted", "Link"), {400, 401, 403, 404});
        paths["/api/v1/links/{linkId}"] =
            json::object{{"parameters", ParamRefs({"linkId"})}, {"get", std::move(get)}, {"delete", std::move(remove)}};
    }

    // ---- traceability stamps

    {
        json::object list = Operation(
            "listStampBatches", "stamps", kKey, "Danh sách lô tem / List stamp batches",
            "Các lô tem người gọi được xem, cũ trước: doanh nghiệp và hộ kinh doanh lô của mình, đơn vị cung cấp giải "
            "pháp lô của các doanh nghiệp ủy quyền cho nó, vai trò cấp tỉnh lô của doanh nghiệp trong tỉnh, vai trò "
            "quốc gia mọi lô. Trang theo after (số lô) và limit (1-1000, mặc định 100); tham số khác: "
            "query.unknown_parameter. / The batches the caller may see, oldest first: an enterprise or household its "
            "own, a solution provider those of the enterprises delegating to it, provincial roles those of the "
            "enterprises in their province, national roles all. Paged by after (a batch id) and limit (1-1000, "
            "default 100); other parameters: query.unknown_parameter.");
        list["parameters"] =
            json::array{Param("after", "query", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 0}},
                              "Số lô cuối của trang trước / Last batch id of the previous page"),
                        Param("limit", "query",
                              json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}},
                              "Số lô tối đa / Most batches in the page")};
        list["responses"] = Responses("200", Reply("Một trang / A page", "StampBatchList", {"Link"}), {400, 401});
        json::object order = Operation(
            "createStampBatch", "stamps", kKey, "Đặt lô tem / Order a batch of stamps",
            "Ai được sửa sản phẩm của GTIN (chủ thương hiệu giữ mã doanh nghiệp GS1, đơn vị cung cấp giải pháp của "
            "họ, các vai trò của tỉnh họ, vai trò quốc gia), với phạm vi write. Trả lời ngay 202 với lô đang sinh "
            "(generating): tem được sinh nền (số sê-ri không đoán được, GS1 Digital Link <địa chỉ công khai>/01/"
            "<GTIN>/21/<số sê-ri>), rồi tệp CSV và tờ tem PDF; theo dõi tiến độ ở Location. Lỗi: quy tắc của GTIN, "
            "stamp.count, stamp.note, sheet.* (where: layout.<trường>), json.unknown_field; GTIN chưa đăng ký là sản "
            "phẩm: 404 registry.not_found. Ghi vào nhật ký kiểm toán (stamps.order). / Whoever may change the GTIN's "
            "product (the brand owner holding its prefix, its providers, its province's roles, national roles), "
            "with the write scope. Answers 202 at once with the batch generating: the stamps are generated in the "
            "background (unguessable serials, GS1 Digital Links <public address>/01/<GTIN>/21/<serial>), then the "
            "CSV file and the PDF sheet; follow the progress at Location. Fails with the GTIN's rules, stamp.count, "
            "stamp.note, sheet.* (where: layout.<field>), json.unknown_field; a GTIN not registered as a product: 404 "
            "registry.not_found. Audited (stamps.order).");
        order["requestBody"] = JsonBody("StampOrder", "Đơn đặt / The order");
        order["responses"] =
            Responses("202", Reply("Đã nhận, đang sinh / Accepted, being generated", "StampBatch", {"Location"}),
                      {400, 401, 403, 404, 413, 415});
        paths["/api/v1/stamp-batches"] = json::object{{"get", std::move(list)}, {"post", std::move(order)}};
    }
    {
        json::object get = Operation(
            "getStampBatch", "stamps", kKey, "Xem lô tem / Get a stamp batch",
            "Lô tem với tiến độ (generated trên count, state). Người không được xem lô nhận 404 stamp.batch_not_found "
            "như với lô không có. / The batch with its progress (generated of count, state). Callers who may not see "
            "it get 404 stamp.batch_not_found, as for a batch that does not exist.");
        get["responses"] = Responses("200", Reply("Lô tem / The batch", "StampBatch"), {400, 401, 404});
        paths["/api/v1/stamp-batches/{batchId}"] =
            json::object{{"parameters", ParamRefs({"batchId"})}, {"get", std::move(get)}};
    }
    {
        json::object get = Operation(
            "listStamps", "stamps", kKey, "Các tem của lô / A batch's stamps",
            "Theo số thứ tự (thứ tự in), từng trang: after là số thứ tự của tem cuối trang trước, limit 1-1000 (mặc "
            "định 100). Mỗi tem có GS1 Digital Link in trên nó, đường dẫn ảnh mã QR, trạng thái và lô. / In ordinal "
            "(printing) order, page by page: after is the ordinal of the previous page's last stamp, limit 1-1000 "
            "(default 100). Each stamp has the GS1 Digital Link printed on it, the path of its QR code, its status "
            "and its lot.");
        get["parameters"] =
            json::array{Param("after", "query", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 0}},
                              "Số thứ tự của tem cuối trang trước / Ordinal of the previous page's last stamp"),
                        Param("limit", "query",
                              json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}},
                              "Số tem tối đa / Most stamps in the page")};
        get["responses"] = Responses("200", Reply("Một trang / A page", "StampList", {"Link"}), {400, 401, 404});
        paths["/api/v1/stamp-batches/{batchId}/stamps"] =
            json::object{{"parameters", ParamRefs({"batchId"})}, {"get", std::move(get)}};
    }
    // The files of a ready batch, streamed from disk.
    auto stamp_file = [](std::string_view description, std::string_view type, json::object schema) {
        return json::object{{"description", description},
                            {"headers", json::object{{"Content-Disposition", Ref("headers", "Content-Disposition")},
                                                     {"Cache-Control", Ref("headers", "PrivateCacheControl")}}},
                            {"content", json::object{{type, json::object{{"schema", std::move(schema)}}}}}};
    };
    {
        json::object get = Operation(
            "getStampsCsv", "stamps", kKey, "Tệp CSV của lô tem / The batch's CSV file",
            "Cho nhà in: UTF-8 có BOM, dòng tiêu đề tiếng Việt và tiếng Anh, rồi mỗi tem một dòng (số thứ tự, số "
            "sê-ri, GS1 Digital Link, tên sản phẩm), xuống dòng CRLF. Lô đang sinh: 409 stamp.batch_not_ready; lô "
            "không sinh được: 503 stamp.batch_failed. Không nhận tham số. / For printing houses: UTF-8 with a BOM, a "
            "Vietnamese and English header line, then a line per stamp (ordinal, serial, GS1 Digital Link, product "
            "name), CRLF line ends. A batch still generating: 409 stamp.batch_not_ready; one that failed: 503 "
            "stamp.batch_failed. Takes no parameters.");
        get["responses"] =
            Responses("200",
                      stamp_file("Tệp CSV / The CSV file", "text/csv",
                                 json::object{{"type", "string"},
                                              {"example",
                                               "\xEF\xBB\xBFSTT / No.,Số sê-ri / Serial,Digital Link,Sản phẩm / "
                                               "Product\r\n1,7QK2M9XH4RT0B,https://tem.example.vn/01/08930001000155/"
                                               "21/7QK2M9XH4RT0B,Gạo ST25\r\n"}}),
                      {400, 401, 404, 409});
        paths["/api/v1/stamp-batches/{batchId}/stamps.csv"] =
            json::object{{"parameters", ParamRefs({"batchId"})}, {"get", std::move(get)}};
    }
    {
        json::object get = Operation(
            "getStampSheet", "stamps", kKey, "Tờ tem PDF / The print-ready PDF sheet",
            "Các nhãn theo bố cục của lô, theo số thứ tự: mã QR (vector) của GS1 Digital Link, số sê-ri và tên sản "
            "phẩm. Lô đang sinh: 409 stamp.batch_not_ready; lô không sinh được: 503 stamp.batch_failed. Không nhận "
            "tham số. / The labels in the batch's layout, in ordinal order: the (vector) QR code of the GS1 Digital "
            "Link, the serial and the product name. A batch still generating: 409 stamp.batch_not_ready; one that "
            "failed: 503 stamp.batch_failed. Takes no parameters.");
        get["responses"] = Responses("200",
                                     stamp_file("Tờ tem PDF / The PDF sheet", "application/pdf",
                                                json::object{{"type", "string"}, {"format", "binary"}}),
                                     {400, 401, 404, 409});
        paths["/api/v1/stamp-batches/{batchId}/sheet.pdf"] =
            json::object{{"parameters", ParamRefs({"batchId"})}, {"get", std::move(get)}};
    }
    {
        json::object change = Operation(
            "changeStamps", "stamps", kKey, "Đổi trạng thái tem / Change stamps' status",
            "Kích hoạt (gắn vào lô hàng), bán, tiêu dùng hoặc hủy các tem của một lô đã sinh xong, ghi thành sự kiện "
            "EPCIS với quyền thu nhận của người gọi (StampChange). Ai được sửa sản phẩm của GTIN, với phạm vi write. "
            "Lỗi stamp.status, stamp.location, stamp.selection, stamp.selection_size, stamp.lot_required, "
            "stamp.lot_only_on_activation, stamp.expiry; tem không thuộc lô: 404 stamp.not_found; lô đang sinh: 409 "
            "stamp.batch_not_ready; tem không ở trạng thái cho phép: 409 stamp.transition. Ghi vào nhật ký kiểm toán "
            "(stamps.<trạng thái>). / Activates (puts on a lot), sells, consumes or voids stamps of a ready batch, "
            "recorded as EPCIS events with the caller's capture rights (StampChange). Whoever may change the GTIN's "
            "product, with the write scope. Fails with stamp.status, stamp.location, stamp.selection, "
            "stamp.selection_size, stamp.lot_required, stamp.lot_only_on_activation, stamp.expiry; a stamp not in the "
            "batch: 404 stamp.not_found; a batch still generating: 409 stamp.batch_not_ready; a stamp in a status that "
            "does not allow the change: 409 stamp.transition. Audited (stamps.<status>).");
        change["parameters"] = ParamRefs({"batchId"});
        change["requestBody"] = JsonBody("StampChange", "Thay đổi / The change");
        change["responses"] =
            Responses("200", Reply("Đã đổi / Changed", "StampChangeResult"), {400, 401, 403, 404, 409, 413, 415});
        paths["/api/v1/stamp-batches/{batchId}/changes"] = json::object{{"post", std::move(change)}};
    }

    // ---- counterfeit signals and public complaints

    {
        const auto filter_params = [] {
            return json::array{
                Param("owner", "query", TaxCode("Mã số thuế / Tax code"),
                      "Chỉ của chủ GTIN này / Only this GTIN owner's"),
                Param("province", "query",
                      ProvinceCode("Mã tỉnh (mã cũ được đổi) / Province code (a former code is "
                                   "translated)"),
                      "Chỉ của tỉnh này: tỉnh của chủ, hoặc nơi quét hay phản ánh / Only this province's: the "
                      "owner's, or where it was scanned or reported"),
                Param("gtin", "query", SchemaRef("Gtin"), "Chỉ của GTIN này / Only this GTIN's"),
                Param("serial", "query", Str("Số sê-ri / Serial", 20, 1),
                      "Chỉ của số sê-ri này, cùng gtin (query.serial_without_gtin) / Only this serial's, with gtin "
                      "(query.serial_without_gtin)"),
                Param("after", "query", json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 0}},
                      "Id cuối của trang trước / Last id of the previous page"),
                Param("limit", "query",
                      json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}},
                      "Số phần tử tối đa / Most items in the page")};
        };
        const std::string_view reach =
            "Người gọi thấy: vai trò quốc gia mọi thứ; doanh nghiệp và hộ kinh doanh của mình; đơn vị cung cấp giải "
            "pháp của các doanh nghiệp ủy quyền; vai trò cấp tỉnh của tỉnh mình (tỉnh của chủ GTIN, hoặc nơi quét hay "
            "phản ánh). Bộ lọc ngoài phạm vi: 403 access.denied (where owner hoặc province); tham số khác: "
            "query.unknown_parameter; lặp lại: query.repeated. / The caller sees: national roles everything; an "
            "enterprise or household its own; a solution provider those of the enterprises delegating to it; "
            "provincial roles their province's (the GTIN owner's province, or where it was scanned or reported). A "
            "filter outside that reach: 403 access.denied (where owner or province); other parameters: "
            "query.unknown_parameter; repeated ones: query.repeated.";
        for (const auto& [path, id, summary, intro, list] :
             {std::tuple{"/api/v1/signals", "listSignals", "Tín hiệu nghi giả mạo / Counterfeit signals",
                         "Tín hiệu phát sinh từ nhật ký quét của trình phân giải, cũ trước. / Signals raised from the "
                         "resolver's scan log, oldest first. ",
                         "SignalList"},
              {"/api/v1/complaints", "listComplaints", "Phản ánh của người dân / Public complaints",
               "Phản ánh gửi từ trang sản phẩm, cũ trước. / Complaints sent from the product page, oldest first. ",
               "ComplaintList"}}) {
            json::object get = Operation(id, "signals", kKey, summary, std::string(intro) + std::string(reach));
            get["parameters"] = filter_params();
            get["responses"] = Responses("200", Reply("Một trang / A page", list, {"Link"}), {400, 401, 403});
            paths[path] = json::object{{"get", std::move(get)}};
        }
    }

    // ---- keys

    {
        json::object list =
            Operation("listKeys", "keys", kKey, "Danh sách khóa API / List API keys",
                      "Các khóa người gọi được quản lý; không nhận tham số. / The keys the caller may manage; takes no "
                      "parameters.");
        list["responses"] = Responses("200", Reply("Các khóa / The keys", "ApiKeyList"), {400, 401});
        json::object create = Operation(
            "createKey", "keys", kKey, "Tạo khóa API / Make an API key",
            "national-admin: mọi khóa; provincial-authority: khóa của doanh nghiệp trong tỉnh và provincial-system của "
            "tỉnh; doanh nghiệp: khóa của chính mình. Bí mật chỉ hiển thị một lần. / national-admin: any key; "
            "provincial-authority: keys of enterprises of its province and its province's provincial-system key; an "
            "enterprise: keys of its own role for itself. The secret is shown once.");
        create["requestBody"] = JsonBody("NewKeyRequest", "Khóa cần tạo / The key to make");
        create["responses"] =
            Responses("201", Reply("Đã tạo / Made", "NewKey", {"Location"}), {400, 401, 403, 413, 415});
        paths["/api/v1/keys"] = json::object{{"get", std::move(list)}, {"post", std::move(create)}};
    }
    {
        json::object revoke = Operation(
            "revokeKey", "keys", kKey, "Thu hồi khóa API / Revoke an API key",
            "Ai tạo được khóa thì thu hồi được; thu hồi lần nữa giữ thời điểm đầu. Các khóa nó đã tạo (và các khóa "
            "chúng tạo) bị thu hồi cùng trong một giao dịch, trừ khi keepKeysMade=true. / Whoever could make the key "
            "may revoke it; revoking again keeps the first time. The keys it made (and the keys those made) are "
            "revoked with it in one transaction unless keepKeysMade=true.");
        revoke["parameters"] = ParamRefs({"keyId", "keepKeysMade"});
        revoke["responses"] = Responses("200", Reply("Đã thu hồi / Revoked", "ApiKey"), {400, 401, 403, 404});
        json::object get = Operation("getKey", "keys", kKey, "Xem khóa API / Get an API key",
                                     "Một khóa người gọi được quản lý (không có bí mật). / A key the caller may manage "
                                     "(never its secret).");
        get["parameters"] = ParamRefs({"keyId"});
        get["responses"] = Responses("200", Reply("Khóa / The key", "ApiKey"), {401, 403, 404});
        paths["/api/v1/keys/{keyId}"] = json::object{{"get", std::move(get)}, {"delete", std::move(revoke)}};
    }

    // ---- sessions (people in browsers)

    {
        json::object sign_in = Operation(
            "signIn", "sessions", kSignIn, "Đăng nhập / Sign in",
            "Tên đăng nhập và mật khẩu đổi lấy phiên 12 giờ: cookie __Host-txng_session (Set-Cookie: HttpOnly, "
            "SameSite=Strict, Secure trừ khi nút đặt [auth] secure_cookies = false) và csrfToken phải gửi trong "
            "X-CSRF-Token với các yêu cầu POST, PUT, DELETE. Sai tên, sai mật khẩu hay người dùng bị vô hiệu hóa: "
            "cùng 401 auth.sign_in_failed. Sau 5 lần sai cho một tên hoặc 20 lần từ một địa chỉ trong 15 phút: 429 "
            "auth.rate_limited với Retry-After: 900. / A login name and password give a session of 12 hours: the "
            "__Host-txng_session cookie (Set-Cookie: HttpOnly, SameSite=Strict, Secure unless the node sets [auth] "
            "secure_cookies = false) and the csrfToken that its POST, PUT and DELETE requests send as X-CSRF-Token. A "
            "wrong name, a wrong password and a disabled user all give the same 401 auth.sign_in_failed. After 5 "
            "failures for a name or 20 from an address within 15 minutes: 429 auth.rate_limited with Retry-After: "
            "900.");
        sign_in["requestBody"] = JsonBody("SignInRequest", "Tên và mật khẩu / Name and password");
        sign_in["responses"] = Responses(
            "201",
            Reply("Đã đăng nhập: người dùng, csrfToken, expiresAt / Signed in: the user, csrfToken, expiresAt",
                  "Session", {"Location", "Set-Cookie", "Cache-Control"}),
            {400, 401, 413, 415, 429});
        json::object get =
            Operation("getSession", "sessions", kSession, "Phiên hiện tại / The current session",
                      "Người dùng của cookie __Host-txng_session và csrfToken của phiên (ví dụ sau khi tải lại trang). "
                      "Không có cookie "
                      "hoặc phiên không còn hiệu lực: 401 auth.invalid_session. / The user of the __Host-txng_session "
                      "cookie and the "
                      "session's csrfToken (e.g. after the page reloads). No cookie, or a session no longer valid: 401 "
                      "auth.invalid_session.");
        get["responses"] = Responses("200", Reply("Phiên / The session", "Session", {"Cache-Control"}), {401});
        json::object sign_out = Operation(
            "signOut", "sessions", kSession, "Đăng xuất / Sign out",
            "Kết thúc phiên của cookie và xóa cookie (Set-Cookie với Max-Age=0). Cần cookie và X-CSRF-Token; không "
            "phải phiên: 401 auth.invalid_session. / Ends the cookie's session and deletes the cookie (Set-Cookie "
            "with Max-Age=0). Needs the cookie and X-CSRF-Token; not a session: 401 auth.invalid_session.");
        sign_out["parameters"] = ParamRefs({"csrfToken"});
        sign_out["responses"] =
            Responses("200", Reply("Đã đăng xuất / Signed out", "SignedOut", {"Set-Cookie"}), {401, 403});
        paths["/api/v1/session"] =
            json::object{{"get", std::move(get)}, {"post", std::move(sign_in)}, {"delete", std::move(sign_out)}};
    }
    {
        json::object put = Operation(
            "changePassword", "sessions", kSession, "Đổi mật khẩu / Change the password",
            "Mật khẩu mới cho người dùng đang đăng nhập; các phiên của người đó kết thúc, kể cả phiên này (đăng nhập "
            "lại). Cần cookie và X-CSRF-Token. Sai mật khẩu hiện tại: 403 auth.password_wrong; mật khẩu mới không "
            "đạt chính sách: 400 password.policy. / A new password for the signed-in user; its sessions end, this one "
            "too (sign in again). Needs the cookie and X-CSRF-Token. The current password wrong: 403 "
            "auth.password_wrong; the new one breaking the policy: 400 password.policy.");
        put["parameters"] = ParamRefs({"csrfToken"});
        put["requestBody"] = JsonBody("PasswordChange", "Mật khẩu hiện tại và mới / The current and new passwords");
        put["responses"] = Responses("200", Reply("Đã đổi / Changed", "PasswordChanged"), {400, 401, 403, 413, 415});
        paths["/api/v1/session/password"] = json::object{{"put", std::move(put)}};
    }

    // ---- users

    {
        json::object list =
            Operation("listUsers", "users", kKey, "Danh sách người dùng / List users",
                      "Các người dùng người gọi được quản lý (như khóa API: national-admin mọi người dùng, "
                      "provincial-authority người dùng của tỉnh mình, doanh nghiệp của chính mình); không nhận tham "
                      "số. / The users the caller may manage (as for API keys: national-admin all of them, "
                      "provincial-authority those of its province, an enterprise its own); takes no parameters.");
        list["responses"] = Responses("200", Reply("Các người dùng / The users", "UserList"), {400, 401});
        json::object create = Operation(
            "createUser", "users", kKey, "Tạo người dùng / Make a user",
            "Ai tạo được khóa của một vai trò thì tạo được người dùng của vai trò đó, không có phạm vi hơn mình. Lỗi "
            "user.name, password.policy, key.subject_unknown; tên đã có: 409 registry.exists. / Whoever may make a key "
            "of a role may make a user of that role, with no scope it lacks itself. Fails with user.name, "
            "password.policy, key.subject_unknown; a name taken: 409 registry.exists.");
        create["requestBody"] = JsonBody("NewUserRequest", "Người dùng cần tạo / The user to make");
        create["responses"] =
            Responses("201", Reply("Đã tạo / Made", "User", {"Location"}), {400, 401, 403, 409, 413, 415});
        paths["/api/v1/users"] = json::object{{"get", std::move(list)}, {"post", std::move(create)}};
    }
    {
        json::object disable = Operation(
            "disableUser", "users", kKey, "Vô hiệu hóa người dùng / Disable a user",
            "Ai quản lý được người dùng thì vô hiệu hóa được; các phiên của người đó kết thúc và các khóa người đó đã "
            "tạo bị thu hồi (trừ khi keepKeysMade=true); làm lần nữa giữ thời điểm đầu. / Whoever may manage the user "
            "may disable it; its sessions end and the keys it made are revoked (unless keepKeysMade=true); disabling "
            "again keeps the first time.");
        disable["parameters"] = ParamRefs({"keepKeysMade"});
        disable["responses"] = Responses(
            "200", Reply("Đã vô hiệu hóa (có disabledAt) / Disabled (with disabledAt)", "User"), {400, 401, 403, 404});
        paths["/api/v1/users/{name}"] =
            json::object{{"parameters", ParamRefs({"userName"})}, {"delete", std::move(disable)}};
    }

    // ---- connected systems

    {
        json::object list = Operation(
            "listSystems", "systems", kKey, "Danh sách hệ thống kết nối / List connected systems",
            "Các hệ thống truy xuất nguồn gốc người gọi giám sát được: vai trò quốc gia và tổ chức chứng nhận mọi hệ "
            "thống; provincial-authority hệ thống của tỉnh mình và các đơn vị cung cấp giải pháp đăng ký trong tỉnh; "
            "một hệ thống (solution-provider, provincial-system) chính nó; vai trò khác danh sách rỗng. Gồm mọi đơn "
            "vị cung cấp giải pháp đã đăng ký và hệ thống của các tỉnh đã có khóa provincial-system. Điểm chất lượng "
            "là tỷ lệ sự kiện của hệ thống và sản phẩm của các doanh nghiệp nó phục vụ có đủ mọi mục của Thông tư "
            "02/2024/TT-BKHCN mà một sự kiện hay một bản ghi sản phẩm có thể mang. Không nhận tham số "
            "(query.unknown_parameter). / The traceability systems the caller supervises: national roles and "
            "certification bodies all of them; a provincial-authority its province's system and the solution "
            "providers registered in its province; a system (solution-provider, provincial-system) itself; other "
            "roles an empty list. Lists every registered solution provider and the systems of the provinces holding a "
            "provincial-system key. The quality score is the share of its events and of its enterprises' products "
            "carrying every Circular 02/2024/TT-BKHCN item an event or a product record can carry. Takes no "
            "parameters (query.unknown_parameter).");
        list["responses"] = Responses("200", Reply("Các hệ thống / The systems", "SystemList"), {400, 401});
        paths["/api/v1/systems"] = json::object{{"get", std::move(list)}};
    }
    {
        json::object get = Operation(
            "getSystem", "systems", kKey, "Xem hệ thống kết nối / Get a connected system",
            "Một hệ thống: khóa, doanh nghiệp phục vụ, chứng nhận (valid tính theo ngày hôm nay), số lần gửi và mức "
            "đầy đủ theo Thông tư 02. Người giám sát được như ở listSystems; người khác: 403 access.denied; id lạ: "
            "404 registry.not_found. / One system: its keys, the enterprises it serves, its certifications (valid "
            "computed for today), its captures and its completeness by Circular 02. Supervised as for listSystems; "
            "others get 403 access.denied; an unknown id 404 registry.not_found.");
        get["responses"] = Responses("200", Reply("Hệ thống / The system", "ConnectedSystem"), {401, 403, 404});
        paths["/api/v1/systems/{systemId}"] =
            json::object{{"parameters", ParamRefs({"systemId"})}, {"get", std::move(get)}};
    }
    {
        json::object certify = Operation(
            "certifySystem", "systems", kKey, "Ghi nhận chứng nhận hệ thống / Record a certification of a system",
            "Tổ chức chứng nhận (certification-body) ghi nhận chứng nhận của chính mình (certifier là nó); "
            "national-admin ghi nhận thay một tổ chức chứng nhận đã đăng ký, nêu trong certifier. Vai trò khác: 403 "
            "access.denied; khóa chỉ đọc: 403 access.scope. Lỗi certification.certifier, certification.date, "
            "certification.validity, certification.standard, certification.certificate, certification.scope; id "
            "lạ: 404. Được ghi vào nhật ký kiểm toán (system.certify). / A certification body records its own "
            "certifications (it is the certifier); a national-admin records one for a registered certification body "
            "named in certifier. Other roles: 403 access.denied; a read-only key: 403 access.scope. Fails with "
            "certification.certifier, certification.date, certification.validity, certification.standard, "
            "certification.certificate, certification.scope; an unknown id: 404. Audited (system.certify).");
        certify["parameters"] = ParamRefs({"systemId"});
        certify["requestBody"] = JsonBody("NewCertification", "Chứng nhận / The certification");
        certify["responses"] = Responses("201", Reply("Đã ghi nhận / Recorded", "Certification", {"Location"}),
                                         {400, 401, 403, 404, 413, 415});
        paths["/api/v1/systems/{systemId}/certifications"] = json::object{{"post", std::move(certify)}};
    }

    // ---- audit

    {
        json::object get = Operation(
            "listAudit", "audit", kKey, "Nhật ký kiểm toán / Audit log",
            "national-admin: toàn bộ; provincial-authority: các mục của tỉnh mình. Mỗi lần đọc cũng được ghi lại. "
            "format=csv: CSV UTF-8 có BOM, tiêu đề tiếng Việt và tiếng Anh. / national-admin: all of it; "
            "provincial-authority: the entries of its province. Every read is recorded too. format=csv: UTF-8 CSV with "
            "a BOM and Vietnamese and English headers.");
        json::array params = ParamRefs({"province"});
        params.emplace_back(Param("actor", "query", json::object{{"type", "string"}},
                                  "Chỉ người thực hiện này (id khóa, cli) / Only this actor (key id, cli)"));
        params.emplace_back(Param("action", "query", json::object{{"type", "string"}, {"example", "key.create"}},
                                  "Chỉ hành động này / Only this action"));
        params.emplace_back(Param("after", "query",
                                  json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", 0}},
                                  "Các mục có id lớn hơn / Entries with a greater id"));
        params.emplace_back(Param(
            "limit", "query", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"default", 100}},
            "Số mục tối đa / Most entries"));
        params.emplace_back(
            Param("format", "query",
                  json::object{{"type", "string"}, {"enum", Strings({"json", "csv"})}, {"default", "json"}},
                  "json (mặc định) hoặc csv / json (the default) or csv"));
        get["parameters"] = std::move(params);
        json::object ok = Reply("Một trang, cũ trước / A page, oldest first", "AuditList", {"Link"});
        ok["content"].as_object()["text/csv"] = json::object{
            {"schema",
             json::object{{"type", "string"},
                          {"description",
                           "Với format=csv (Content-Disposition: attachment; filename=\"audit.csv\"). / With "
                           "format=csv (Content-Disposition: attachment; filename=\"audit.csv\")."},
                          {"example",
                           "id,thời điểm / at,người thực hiện / actor,vai trò / role,chủ thể / subject,hành động / "
                           "action,đối tượng / resource,tỉnh / province,địa chỉ / address,chi tiết / detail\r\n"}}}};
        get["responses"] = Responses("200", std::move(ok), {400, 401, 403});
        paths["/api/v1/audit"] = json::object{{"get", std::move(get)}};
    }
    AddCsrfToWrites(paths);
    return paths;
}

json::array Tags() {
    auto tag = [](std::string_view name, std::string_view description) {
        return json::object{{"name", name}, {"description", description}};
    };
    json::array t{
        tag("session", "Người gọi / The caller"),
        tag("sessions",
            "Đăng nhập bằng mật khẩu: cookie phiên của trình duyệt và mã CSRF / Password sign-in: the "
            "browser's session cookie and CSRF token"),
        tag("users", "Người dùng đăng nhập bằng mật khẩu / Users who sign in with a password"),
        tag("provinces", "Danh mục tỉnh / Provinces"),
        tag("enterprises", "Doanh nghiệp / Enterprises"),
        tag("delegations", "Ủy quyền cho đơn vị cung cấp giải pháp / Delegations to solution providers"),
        tag("locations", "Địa điểm (GLN) / Locations (GLN)"),
        tag("products", "Sản phẩm (GTIN) / Products (GTIN)"),
        tag("images", "Ảnh sản phẩm theo địa chỉ nội dung (SHA-256) / Product images by content address (SHA-256)"),
        tag("links",
            "Liên kết của trình phân giải GS1 Digital Link (/01/{gtin}..., /.well-known/gs1resolver) / GS1 "
            "Digital Link resolver links"),
        tag("stamps", "Tem truy xuất / Traceability stamps"),
        tag("signals", "Tín hiệu nghi giả mạo và phản ánh của người dân / Counterfeit signals and public complaints"),
        tag("keys", "Khóa API / API keys"),
        tag("systems",
            "Hệ thống truy xuất nguồn gốc kết nối: giám sát, chứng nhận, chất lượng dữ liệu / Connected "
            "traceability systems: supervision, certification, data quality"),
        tag("audit", "Nhật ký kiểm toán / Audit log"),
        tag("meta", "Tài liệu API / API description")};
    json::object epcis = tag("epcis",
                             "EPCIS 2.0 REST (/capture, /events, /queries, ...): openapi.yaml của GS1 / GS1's "
                             "openapi.yaml");
    epcis["externalDocs"] = json::object{{"description", "EPCIS 2.0 REST bindings (GS1)"}, {"url", kEpcisOpenApi}};
    t.emplace_back(std::move(epcis));
    return t;
}

constexpr std::string_view kDescription =
    "API cổng thông tin của nút truy xuất nguồn gốc txng: sổ đăng ký doanh nghiệp (mã số thuế, mã doanh nghiệp "
    "GS1), địa điểm (GLN) và sản phẩm (GTIN) cùng ảnh của chúng, tem truy xuất, ủy quyền cho đơn vị cung cấp giải "
    "pháp, khóa API, "
    "người dùng đăng "
    "nhập bằng mật khẩu, các hệ thống kết nối (giám sát, chứng nhận, chất lượng dữ liệu) và nhật ký kiểm toán.\n\n"
    "Yêu cầu không có khóa là ẩn danh (bản công khai); gửi khóa bằng `Authorization: Bearer txng_<id>_<secret>` (khóa "
    "sai: 401 với `WWW-Authenticate: Bearer`). Người dùng trình duyệt đăng nhập bằng `POST /api/v1/session` (cookie "
    "`__Host-txng_session`); khi đó mọi yêu cầu POST, PUT, DELETE phải gửi `X-CSRF-Token` (csrfToken của phiên). Thân "
    "yêu cầu là JSON (`Content-Type: application/json`), trường lạ bị từ chối; riêng ảnh (`POST /api/v1/images`) gửi "
    "chính các byte. Lỗi theo RFC 7807 "
    "(`application/problem+json`), nêu trường (`where`) và quy tắc (`rule`). Danh sách "
    "được phân trang bằng `limit` và `after`; trang sau ở tiêu đề `Link: <...>; rel=\"next\"`.\n\n"
    "Các đường dẫn gốc `/capture`, `/events`, `/queries`, `/eventTypes`, `/epcs`, `/bizSteps`, `/bizLocations`, "
    "`/readPoints`, `/dispositions` là giao diện REST EPCIS 2.0, mô tả trong openapi.yaml của GS1 (externalDocs), "
    "không lặp lại ở đây.\n\n"
    "---\n\n"
    "The portal API of a txng traceability node: the register of enterprises (tax code, GS1 Company Prefixes), "
    "locations (GLN) and products (GTIN) with their images, traceability stamps, delegations to solution providers, "
    "API keys, users who "
    "sign in with a "
    "password, the connected systems (supervision, certification, data quality) and the audit log.\n\n"
    "Requests without a key are anonymous (the public view); send a key as `Authorization: Bearer "
    "txng_<id>_<secret>` (a bad key: 401 with `WWW-Authenticate: Bearer`). People in browsers sign in with `POST "
    "/api/v1/session` (the `__Host-txng_session` cookie); their POST, PUT and DELETE requests then send `X-CSRF-Token` "
    "(the session's csrfToken). Bodies are JSON (`Content-Type: application/json`) and unknown fields are "
    "refused; images (`POST /api/v1/images`) are sent as their own bytes. Errors are RFC 7807 problems "
    "(`application/problem+json`) "
    "naming the field (`where`) and the rule broken (`rule`). Listings are paged with `limit` and `after`; the next "
    "page is in `Link: <...>; rel=\"next\"`.\n\n"
    "The root paths `/capture`, `/events`, `/queries`, `/eventTypes`, `/epcs`, `/bizSteps`, `/bizLocations`, "
    "`/readPoints`, `/dispositions` are the EPCIS 2.0 REST binding, described by GS1's openapi.yaml (externalDocs) "
    "and not repeated here.";

}  // namespace

json::object PortalOpenApi(std::string_view server_version) {
    json::object doc;
    doc["openapi"] = "3.0.3";
    doc["info"] =
        json::object{{"title", "txng portal API"}, {"version", server_version}, {"description", kDescription}};
    doc["externalDocs"] = json::object{
        {"description",
         "Giao diện REST EPCIS 2.0 (/capture, /events, ...) / The EPCIS 2.0 REST binding (/capture, /events, ...)"},
        {"url", kEpcisOpenApi}};
    doc["servers"] = json::array{json::object{{"url", "/"}}};
    doc["tags"] = Tags();
    doc["paths"] = Paths();
    doc["components"] = json::object{{"schemas", Schemas()},
                                     {"parameters", Parameters()},
                                     {"headers", Headers()},
                                     {"responses", ProblemResponses()},
                                     {"securitySchemes", SecuritySchemes()}};
    return doc;
}

}  // namespace txng::api
