#include "api/portal_openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "api/stamps_api.hpp"
#include "gs1/keys.hpp"
#include "registry/access.hpp"
#include "registry/records.hpp"
#include "registry/tax_code.hpp"
#include "service/data_quality.hpp"
#include "service/registry_service.hpp"
#include "service/stamp_files.hpp"
#include "service/stamps.hpp"
#include "store/stamp_store.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;

const json::object& Doc() {
    static const json::object doc = PortalOpenApi("1.2.3-test");
    return doc;
}

const std::set<std::string> kMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

// The value at a local reference ("#/components/schemas/Name"); nullptr when it does not resolve.
const json::value* Resolve(const json::object& doc, std::string_view ref) {
    if (!ref.starts_with("#/")) return nullptr;
    const json::value* at = nullptr;
    const json::object* object = &doc;
    std::size_t start = 2;
    while (start <= ref.size()) {
        std::size_t end = ref.find('/', start);
        if (end == std::string_view::npos) end = ref.size();
        std::string token(ref.substr(start, end - start));
        for (std::size_t i = 0; (i = token.find("~1", i)) != std::string::npos;) token.replace(i, 2, "/");
        for (std::size_t i = 0; (i = token.find("~0", i)) != std::string::npos;) token.replace(i, 2, "~");
        if (object == nullptr) return nullptr;
        at = object->if_contains(token);
        if (at == nullptr) return nullptr;
        object = at->if_object();
        start = end + 1;
    }
    return at;
}

// Follows $ref until a schema that is not a reference.
const json::object& Deref(const json::object& schema) {
    const json::object* s = &schema;
    for (int hops = 0; hops < 10 && s->contains("$ref"); ++hops) {
        const json::value* target = Resolve(Doc(), s->at("$ref").as_string());
        if (target == nullptr || !target->is_object()) break;
        s = &target->as_object();
    }
    return *s;
}

void CollectRefs(const json::value& v, std::vector<std::string>& out) {
    if (const auto* o = v.if_object()) {
        for (const auto& [key, member] : *o) {
            if (key == "$ref" && member.is_string()) out.emplace_back(member.as_string());
            CollectRefs(member, out);
        }
    } else if (const auto* a = v.if_array()) {
        for (const auto& item : *a) CollectRefs(item, out);
    }
}

std::set<std::string> EnumOf(const json::object& schema) {
    std::set<std::string> out;
    const json::object& s = Deref(schema);
    if (const auto* e = s.if_contains("enum")) {
        for (const auto& v : e->as_array()) out.emplace(v.as_string());
    }
    return out;
}

const json::object& Property(std::string_view schema, std::string_view property) {
    return Doc().at("components").at("schemas").at(schema).at("properties").at(property).as_object();
}

// Every operation as (path, method, operation).
struct Op {
    std::string path, method;
    const json::object* operation;
};
std::vector<Op> Operations() {
    std::vector<Op> out;
    for (const auto& [path, item] : Doc().at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            if (kMethods.contains(std::string(method))) {
                out.push_back({std::string(path), std::string(method), &operation.as_object()});
            }
        }
    }
    return out;
}

TEST(PortalOpenApiTest, IsOpenApi303WithInfoServersAndSecurityScheme) {
    const auto& doc = Doc();
    EXPECT_EQ(doc.at("openapi"), "3.0.3");
    EXPECT_EQ(doc.at("info").at("title"), "txng portal API");
    EXPECT_EQ(doc.at("info").at("version"), "1.2.3-test");
    const std::string description(doc.at("info").at("description").as_string());
    // Vietnamese first, then English; both point to the EPCIS binding.
    EXPECT_LT(description.find("cổng thông tin"), description.find("The portal API"));
    EXPECT_NE(description.find("openapi.yaml"), std::string::npos);
    EXPECT_NE(std::string(doc.at("externalDocs").at("url").as_string()).find("openapi.yaml"), std::string::npos);
    EXPECT_EQ(doc.at("servers"), (json::array{json::object{{"url", "/"}}}));
    const auto& bearer = doc.at("components").at("securitySchemes").at("bearerKey");
    EXPECT_EQ(bearer.at("type"), "http");
    EXPECT_EQ(bearer.at("scheme"), "bearer");
    EXPECT_EQ(bearer.at("bearerFormat"), "txng_<id>_<secret>");
}

TEST(PortalOpenApiTest, HasTheSessionCookieSchemeAndItsCsrfHeader) {
    const auto& components = Doc().at("components");
    const auto& cookie = components.at("securitySchemes").at("sessionCookie");
    EXPECT_EQ(cookie.at("type"), "apiKey");
    EXPECT_EQ(cookie.at("in"), "cookie");
    EXPECT_EQ(cookie.at("name"), "__Host-txng_session");
    const std::string description(cookie.at("description").as_string());
    for (std::string_view word : {"X-CSRF-Token", "HttpOnly", "SameSite=Strict", "Secure", "secure_cookies",
                                  "/api/v1/session", "auth.csrf", "phiên"}) {
        EXPECT_NE(description.find(word), std::string::npos) << word;
    }
    const auto& csrf = components.at("parameters").at("csrfToken");
    EXPECT_EQ(csrf.at("name"), "X-CSRF-Token");
    EXPECT_EQ(csrf.at("in"), "header");
    EXPECT_TRUE(csrf.at("required").as_bool());
    const auto& optional = components.at("parameters").at("csrfTokenIfCookie");
    EXPECT_EQ(optional.at("name"), "X-CSRF-Token");
    EXPECT_EQ(optional.at("in"), "header");
    EXPECT_FALSE(optional.as_object().contains("required"));

    // Every unsafe operation a session may call declares the header; session-only ones require it.
    const json::value session = json::object{{"sessionCookie", json::array{}}};
    std::size_t required = 0;
    for (const auto& op : Operations()) {
        SCOPED_TRACE(op.method + " " + op.path);
        const auto& security = op.operation->at("security").as_array();
        const bool accepts_session = std::find(security.begin(), security.end(), session) != security.end();
        if (op.method == "get" || !accepts_session) continue;
        std::vector<std::string> refs;
        if (const auto* params = op.operation->if_contains("parameters")) CollectRefs(*params, refs);
        const bool has_required = std::count(refs.begin(), refs.end(), "#/components/parameters/csrfToken") == 1;
        const bool has_optional =
            std::count(refs.begin(), refs.end(), "#/components/parameters/csrfTokenIfCookie") == 1;
        EXPECT_NE(has_required, has_optional);
        EXPECT_EQ(has_required, security.size() == 1u);
        if (has_required) ++required;
        EXPECT_NE(std::string(op.operation->at("description").as_string()).find("X-CSRF-Token"), std::string::npos);
    }
    EXPECT_EQ(required, 2u);  // signOut, changePassword
}

TEST(PortalOpenApiTest, SignInAnswersWithTheCookieAndIsRateLimited) {
    const auto& post = Doc().at("paths").at("/api/v1/session").at("post");
    EXPECT_EQ(post.at("operationId"), "signIn");
    const auto& responses = post.at("responses").as_object();
    ASSERT_TRUE(responses.contains("429"));
    const auto& too_many = Deref(responses.at("429").as_object());
    EXPECT_EQ(responses.at("429").at("$ref"), "#/components/responses/TooManyRequests");
    EXPECT_TRUE(too_many.at("headers").as_object().contains("Retry-After"));
    EXPECT_NE(std::string(too_many.at("description").as_string()).find("auth.rate_limited"), std::string::npos);
    const auto& created = responses.at("201").at("headers").as_object();
    for (std::string_view header : {"Location", "Set-Cookie", "Cache-Control"}) {
        EXPECT_TRUE(created.contains(header)) << header;
    }
    EXPECT_EQ(Deref(responses.at("201").at("content").at("application/json").at("schema").as_object()),
              Doc().at("components").at("schemas").at("Session"));
    const auto& sign_out = Doc().at("paths").at("/api/v1/session").at("delete").at("responses").at("200");
    EXPECT_TRUE(sign_out.at("headers").as_object().contains("Set-Cookie"));
    const auto& session = Doc().at("paths").at("/api/v1/session").at("get").at("responses").at("200");
    EXPECT_TRUE(session.at("headers").as_object().contains("Cache-Control"));
    const auto& set_cookie = Doc().at("components").at("headers").at("Set-Cookie");
    const std::string example(set_cookie.at("schema").at("example").as_string());
    EXPECT_TRUE(example.starts_with("__Host-txng_session="));
    EXPECT_NE(example.find("HttpOnly"), std::string::npos);
    EXPECT_NE(example.find("SameSite=Strict"), std::string::npos);
}

TEST(PortalOpenApiTest, SerialisesToJsonThatParsesBack) {
    const std::string text = json::serialize(Doc());
    EXPECT_EQ(json::parse(text), json::value(Doc()));
}

TEST(PortalOpenApiTest, DescribesEveryPortalRouteWithExactlyItsMethods) {
    const std::map<std::string, std::set<std::string>> expected = {
        {"/api/v1/me", {"get"}},
        {"/api/v1/provinces", {"get"}},
        {"/api/v1/enterprises", {"get", "post"}},
        {"/api/v1/enterprises/{taxCode}", {"get", "put"}},
        {"/api/v1/enterprises/{taxCode}/delegations", {"get", "post"}},
        {"/api/v1/enterprises/{taxCode}/delegations/{provider}", {"delete"}},
        {"/api/v1/locations", {"get", "post"}},
        {"/api/v1/locations/{gln}", {"get", "put"}},
        {"/api/v1/products", {"get", "post"}},
        {"/api/v1/products/{gtin}", {"get", "put"}},
        {"/api/v1/products/{gtin}/lots", {"get"}},
        {"/api/v1/keys", {"get", "post"}},
        {"/api/v1/keys/{keyId}", {"delete", "get"}},
        {"/api/v1/audit", {"get"}},
        {"/api/v1/openapi.json", {"get"}},
        {"/api/v1/session", {"delete", "get", "post"}},
        {"/api/v1/session/password", {"put"}},
        {"/api/v1/users", {"get", "post"}},
        {"/api/v1/users/{name}", {"delete"}},
        {"/api/v1/systems", {"get"}},
        {"/api/v1/systems/{systemId}", {"get"}},
        {"/api/v1/systems/{systemId}/certifications", {"post"}},
        {"/api/v1/images", {"post"}},
        {"/api/v1/images/{sha256}", {"get"}},
        {"/api/v1/links", {"get", "post"}},
        {"/api/v1/links/{linkId}", {"delete", "get"}},
        {"/api/v1/stamp-batches", {"get", "post"}},
        {"/api/v1/stamp-batches/{batchId}", {"get"}},
        {"/api/v1/stamp-batches/{batchId}/stamps", {"get"}},
        {"/api/v1/stamp-batches/{batchId}/stamps.csv", {"get"}},
        {"/api/v1/stamp-batches/{batchId}/sheet.pdf", {"get"}},
        {"/api/v1/stamp-batches/{batchId}/changes", {"post"}},
        {"/api/v1/signals", {"get"}},
        {"/api/v1/complaints", {"get"}},
    };
    std::map<std::string, std::set<std::string>> actual;
    for (const auto& [path, item] : Doc().at("paths").as_object()) {
        auto& methods = actual[std::string(path)];
        for (const auto& [key, value] : item.as_object()) {
            if (kMethods.contains(std::string(key))) {
                methods.emplace(key);
            } else {
                EXPECT_TRUE(key == "parameters" || key == "summary" || key == "description") << path << " " << key;
            }
        }
    }
    EXPECT_EQ(actual, expected);
}

TEST(PortalOpenApiTest, EveryOperationHasAUniqueIdASummaryAndResponses) {
    std::set<std::string> ids;
    const auto ops = Operations();
    EXPECT_EQ(ops.size(), 49u);
    for (const auto& op : ops) {
        SCOPED_TRACE(op.method + " " + op.path);
        ASSERT_TRUE(op.operation->contains("operationId"));
        EXPECT_TRUE(ids.emplace(op.operation->at("operationId").as_string()).second) << "operationId repeated";
        ASSERT_TRUE(op.operation->contains("summary"));
        const std::string summary(op.operation->at("summary").as_string());
        EXPECT_NE(summary.find(" / "), std::string::npos) << "summary is Vietnamese / English";
        ASSERT_TRUE(op.operation->contains("responses"));
        const auto& responses = op.operation->at("responses").as_object();
        EXPECT_FALSE(responses.empty());
        const bool success = responses.contains("200") || responses.contains("201") || responses.contains("202");
        EXPECT_TRUE(success);
        ASSERT_TRUE(op.operation->contains("security"));
    }
    for (std::string_view id :
         {"signIn", "getSession", "signOut", "changePassword", "listUsers", "createUser", "disableUser", "listSystems",
          "getSystem", "certifySystem", "uploadImage", "getImage", "listStampBatches", "createStampBatch",
          "getStampBatch", "listStamps", "getStampsCsv", "getStampSheet", "changeStamps"}) {
        EXPECT_TRUE(ids.contains(std::string(id))) << id;
    }
}

TEST(PortalOpenApiTest, WritesNeedAKeyOrSessionAndPublicReadsAcceptOne) {
    const json::object key{{"bearerKey", json::array{}}};
    const json::object session{{"sessionCookie", json::array{}}};
    const json::array key_or_session{key, session};
    const json::array optional{json::object{}, key, session};
    const json::array anyone{json::object{}};
    const json::array session_only{session};
    const std::set<std::string> key_reads = {"listDelegations", "listKeys",      "getKey",       "listAudit",
                                             "listUsers",       "listSystems",   "getSystem",    "listStampBatches",
                                             "getStampBatch",   "listStamps",    "getStampsCsv", "getStampSheet",
                                             "listSignals",     "listComplaints"};
    const std::set<std::string> session_ops = {"getSession", "signOut", "changePassword"};
    for (const auto& op : Operations()) {
        SCOPED_TRACE(op.method + " " + op.path);
        const auto& security = op.operation->at("security");
        const std::string id(op.operation->at("operationId").as_string());
        if (id == "signIn" || id == "getImage") {
            EXPECT_EQ(security, anyone);
        } else if (session_ops.contains(id)) {
            EXPECT_EQ(security, session_only);
        } else if (op.method != "get" || key_reads.contains(id)) {
            EXPECT_EQ(security, key_or_session);
        } else {
            EXPECT_EQ(security, optional);
        }
    }
}

TEST(PortalOpenApiTest, BodiesSuccessesAndProblemsAreDescribed) {
    for (const auto& op : Operations()) {
        SCOPED_TRACE(op.method + " " + op.path);
        const bool writes = op.method == "post" || op.method == "put";
        EXPECT_EQ(op.operation->contains("requestBody"), writes);
        if (writes) {
            const auto& body = Deref(op.operation->at("requestBody").as_object());
            const bool image = op.operation->at("operationId") == "uploadImage";
            EXPECT_EQ(body.at("content").as_object().contains("application/json"), !image);
            EXPECT_TRUE(op.operation->at("responses").as_object().contains("415"));
        }
        for (const auto& [status, response] : op.operation->at("responses").as_object()) {
            const auto& r = Deref(response.as_object());
            ASSERT_TRUE(r.contains("description")) << status;
            if (status == "default" || status.front() >= '4') {
                const auto& schema = r.at("content").at("application/problem+json").at("schema");
                EXPECT_EQ(schema.at("$ref"), "#/components/schemas/Problem") << status;
            } else {
                EXPECT_TRUE(r.contains("content")) << status;
            }
        }
        // A POST makes something and says where (201; 202 for a stamp batch, made in the background),
        // except a change of stamps.
        const std::string id(op.operation->at("operationId").as_string());
        if (op.method == "post" && id != "changeStamps") {
            const char* made = id == "createStampBatch" ? "202" : "201";
            EXPECT_TRUE(op.operation->at("responses").at(made).at("headers").as_object().contains("Location"));
        }
    }
    for (std::string_view list : {"/api/v1/enterprises", "/api/v1/locations", "/api/v1/products", "/api/v1/audit",
                                  "/api/v1/stamp-batches", "/api/v1/stamp-batches/{batchId}/stamps"}) {
        const auto& ok = Doc().at("paths").at(list).at("get").at("responses").at("200");
        EXPECT_TRUE(ok.at("headers").as_object().contains("Link")) << list;
    }
    const auto& audit = Doc().at("paths").at("/api/v1/audit").at("get").at("responses").at("200").at("content");
    EXPECT_TRUE(audit.as_object().contains("text/csv"));
    const auto& unauthorized = Doc().at("components").at("responses").at("Unauthorized");
    EXPECT_TRUE(unauthorized.at("headers").as_object().contains("WWW-Authenticate"));
}

TEST(PortalOpenApiTest, PathTemplatesHaveTheirPathParameters) {
    for (const auto& [path, item] : Doc().at("paths").as_object()) {
        std::set<std::string> in_template;
        for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
            in_template.emplace(path.substr(open + 1, path.find('}', open) - open - 1));
        }
        // Path-level and operation-level parameters together, per operation.
        for (const auto& [method, operation] : item.as_object()) {
            if (!kMethods.contains(std::string(method))) continue;
            std::set<std::string> declared;
            for (const auto* holder : {&item.as_object(), &operation.as_object()}) {
                if (const auto* params = holder->if_contains("parameters")) {
                    for (const auto& p : params->as_array()) {
                        const auto& param = Deref(p.as_object());
                        if (param.at("in") == "path") {
                            EXPECT_TRUE(param.at("required").as_bool());
                            declared.emplace(param.at("name").as_string());
                        }
                    }
                }
            }
            EXPECT_EQ(declared, in_template) << method << " " << path;
        }
    }
}

TEST(PortalOpenApiTest, EveryRefResolvesToAComponent) {
    std::vector<std::string> refs;
    CollectRefs(Doc(), refs);
    EXPECT_GT(refs.size(), 50u);
    for (const auto& ref : refs) {
        EXPECT_TRUE(ref.starts_with("#/components/")) << ref;
        EXPECT_NE(Resolve(Doc(), ref), nullptr) << ref;
    }
}

TEST(PortalOpenApiTest, HasEveryNamedSchema) {
    const auto& schemas = Doc().at("components").at("schemas").as_object();
    for (std::string_view name : {"Name",
                                  "Address",
                                  "CompanyPrefix",
                                  "Contact",
                                  "Enterprise",
                                  "Location",
                                  "Coordinates",
                                  "NetContent",
                                  "Product",
                                  "ApiKey",
                                  "NewKey",
                                  "Principal",
                                  "Province",
                                  "AuditEntry",
                                  "Problem",
                                  "EnterpriseList",
                                  "LocationList",
                                  "ProductList",
                                  "ApiKeyList",
                                  "AuditList",
                                  "DelegationList",
                                  "ProvinceList",
                                  "UserName",
                                  "Password",
                                  "SignInRequest",
                                  "Session",
                                  "SignedOut",
                                  "PasswordChange",
                                  "PasswordChanged",
                                  "User",
                                  "NewUserRequest",
                                  "UserList",
                                  "ConnectedSystem",
                                  "Certification",
                                  "NewCertification",
                                  "SystemList",
                                  "Image",
                                  "ProductWebVocabulary",
                                  "StampStatus",
                                  "StampSheetLayout",
                                  "StampOrder",
                                  "StampBatch",
                                  "StampBatchList",
                                  "Stamp",
                                  "StampList",
                                  "StampChange",
                                  "StampChangeResult"}) {
        EXPECT_TRUE(schemas.contains(name)) << name;
    }
    for (std::string_view field : {"type", "title", "status", "detail", "instance", "rule", "where", "value"}) {
        EXPECT_TRUE(schemas.at("Problem").at("properties").as_object().contains(field)) << field;
    }
    EXPECT_TRUE(Deref(schemas.at("NewKey").at("allOf").at(1).as_object()).at("properties").as_object().contains("key"));

    // A session is the principal plus its CSRF token and expiry.
    const auto& session = schemas.at("Session").at("allOf").as_array();
    EXPECT_EQ(session.at(0).at("$ref"), "#/components/schemas/Principal");
    const auto& extra = session.at(1).at("properties").as_object();
    EXPECT_TRUE(extra.contains("csrfToken"));
    EXPECT_EQ(extra.at("expiresAt").at("format"), "date-time");
    for (std::string_view field :
         {"name", "role", "scopes", "enterprise", "province", "createdAt", "createdBy", "disabledAt"}) {
        EXPECT_TRUE(schemas.at("User").at("properties").as_object().contains(field)) << field;
    }
    EXPECT_FALSE(schemas.at("User").at("properties").as_object().contains("password"));
    const auto& new_user = schemas.at("NewUserRequest");
    for (std::string_view field : {"name", "password", "role", "enterprise", "province", "scopes"}) {
        EXPECT_TRUE(new_user.at("properties").as_object().contains(field)) << field;
    }
    EXPECT_EQ(new_user.at("required"), (json::array{"name", "password", "role"}));
    EXPECT_EQ(new_user.at("additionalProperties"), false);
    EXPECT_EQ(schemas.at("SignInRequest").at("required"), (json::array{"name", "password"}));
    EXPECT_EQ(schemas.at("PasswordChange").at("required"), (json::array{"currentPassword", "newPassword"}));
    EXPECT_TRUE(schemas.at("PasswordChange").at("properties").at("currentPassword").at("writeOnly").as_bool());
    EXPECT_TRUE(schemas.at("SignInRequest").at("properties").at("password").at("writeOnly").as_bool());
}

TEST(PortalOpenApiTest, EnumsAreTheCodesSpellings) {
    std::set<std::string> kinds;
    for (int i = 0; i <= static_cast<int>(registry::LocationKind::kOther); ++i) {
        kinds.emplace(registry::LocationKindName(static_cast<registry::LocationKind>(i)));
    }
    EXPECT_EQ(kinds.size(), 13u);
    EXPECT_EQ(EnumOf(Property("Location", "kind")), kinds);

    std::set<std::string> enterprise_kinds;
    for (int i = 0; i <= static_cast<int>(registry::EnterpriseKind::kCertificationBody); ++i) {
        enterprise_kinds.emplace(registry::EnterpriseKindName(static_cast<registry::EnterpriseKind>(i)));
    }
    EXPECT_EQ(enterprise_kinds.size(), 5u);
    EXPECT_EQ(EnumOf(Property("Enterprise", "kind")), enterprise_kinds);

    std::set<std::string> roles;
    for (int i = 0; i <= static_cast<int>(registry::Role::kNationalAdmin); ++i) {
        roles.emplace(registry::RoleName(static_cast<registry::Role>(i)));
    }
    EXPECT_EQ(roles.size(), 9u);
    EXPECT_EQ(EnumOf(Property("Principal", "role")), roles);
    EXPECT_EQ(EnumOf(Property("ApiKey", "role")), roles);
    EXPECT_EQ(EnumOf(Property("NewKeyRequest", "role")), roles);
    EXPECT_EQ(EnumOf(Property("User", "role")), roles);
    EXPECT_EQ(EnumOf(Property("NewUserRequest", "role")), roles);

    const std::set<std::string> statuses = {
        std::string(registry::RecordStatusName(registry::RecordStatus::kActive)),
        std::string(registry::RecordStatusName(registry::RecordStatus::kSuspended))};
    for (std::string_view record : {"Enterprise", "Location", "Product"}) {
        EXPECT_EQ(EnumOf(Property(record, "status")), statuses) << record;
    }
    EXPECT_EQ(EnumOf(Property("ApiKey", "scopes").at("items").as_object()),
              (std::set<std::string>{std::string(registry::kScopeRead), std::string(registry::kScopeWrite)}));
    EXPECT_TRUE(EnumOf(Property("NetContent", "unitCode")).contains("H87"));
}

TEST(PortalOpenApiTest, KeyPatternsAndExamplesAgreeWithTheValidators) {
    const auto& schemas = Doc().at("components").at("schemas");
    EXPECT_EQ(schemas.at("TaxCode").at("pattern"), "^[0-9]{10}(-[0-9]{3})?$|^[0-9]{12}$");
    EXPECT_EQ(schemas.at("Gln").at("pattern"), "^[0-9]{13}$");
    EXPECT_EQ(schemas.at("Gtin").at("pattern"), "^[0-9]{14}$");
    EXPECT_EQ(schemas.at("ProvinceCode").at("pattern"), "^[0-9]{2}$");
    EXPECT_TRUE(registry::ParseTaxCode(std::string(schemas.at("TaxCode").at("example").as_string())));
    EXPECT_TRUE(gs1::ValidateGln(std::string(schemas.at("Gln").at("example").as_string())));
    EXPECT_TRUE(gs1::ValidateGtin14(std::string(schemas.at("Gtin").at("example").as_string())));
    const auto& limit = Doc().at("components").at("parameters").at("limit").at("schema");
    EXPECT_EQ(limit.at("minimum").to_number<int>(), 1);
    EXPECT_EQ(limit.at("maximum").to_number<int>(), 1000);
}

TEST(PortalOpenApiTest, UserNameAndPasswordAgreeWithTheirChecks) {
    const auto& schemas = Doc().at("components").at("schemas");
    const std::string pattern(schemas.at("UserName").at("pattern").as_string());
    EXPECT_EQ(pattern, "^[a-z0-9._@-]{3,100}$");
    const std::regex re(pattern);
    for (const std::string& name :
         {std::string("an.nguyen@example.vn"), std::string("abc"), std::string("ab"), std::string(100, 'a'),
          std::string(101, 'a'), std::string("An.Nguyen"), std::string("an nguyen"), std::string("a_b-c.d@e"),
          std::string("nguyễn"), std::string("x+y@z.vn"), std::string("")}) {
        EXPECT_EQ(std::regex_match(name, re), registry::CheckUserName(name).has_value()) << name;
    }
    EXPECT_TRUE(registry::CheckUserName(std::string(schemas.at("UserName").at("example").as_string())));

    const auto& password = schemas.at("Password");
    EXPECT_TRUE(password.at("writeOnly").as_bool());
    const auto min = password.at("minLength").to_number<std::size_t>();
    const auto max = password.at("maxLength").to_number<std::size_t>();
    EXPECT_EQ(min, 12u);
    EXPECT_EQ(max, 256u);
    auto of_length = [](std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));
        return s;
    };
    EXPECT_TRUE(registry::CheckPassword(of_length(min), "someone"));
    EXPECT_FALSE(registry::CheckPassword(of_length(min - 1), "someone"));
    EXPECT_TRUE(registry::CheckPassword(of_length(max), "someone"));
    EXPECT_FALSE(registry::CheckPassword(of_length(max + 1), "someone"));
    EXPECT_EQ(Property("NewUserRequest", "password").at("$ref"), "#/components/schemas/Password");
    EXPECT_EQ(Property("PasswordChange", "newPassword").at("$ref"), "#/components/schemas/Password");
    const auto& name_param = Doc().at("components").at("parameters").at("userName");
    EXPECT_EQ(name_param.at("name"), "name");
    EXPECT_EQ(name_param.at("schema").at("$ref"), "#/components/schemas/UserName");
}

TEST(PortalOpenApiTest, ConnectedSystemsAreDescribed) {
    const auto& schemas = Doc().at("components").at("schemas");
    EXPECT_EQ(EnumOf(Property("ConnectedSystem", "kind")),
              (std::set<std::string>{"solution_provider", "provincial_system"}));
    const auto& system = schemas.at("ConnectedSystem");
    for (std::string_view field : {"id", "kind", "name", "province", "enterprises", "keys", "certifications",
                                   "captures", "lastSeen", "quality"}) {
        EXPECT_TRUE(system.at("properties").as_object().contains(field)) << field;
    }
    EXPECT_EQ(Property("ConnectedSystem", "name").at("$ref"), "#/components/schemas/Name");
    EXPECT_EQ(Property("ConnectedSystem", "keys").at("items").at("$ref"), "#/components/schemas/ApiKey");
    const auto& required = system.at("required").as_array();
    EXPECT_EQ(std::find(required.begin(), required.end(), json::value("lastSeen")), required.end());

    // A listed certification is the stored one plus its computed validity.
    const auto& cert = Property("ConnectedSystem", "certifications").at("items").at("allOf").as_array();
    EXPECT_EQ(cert.at(0).at("$ref"), "#/components/schemas/Certification");
    EXPECT_EQ(cert.at(1).at("properties").at("valid").at("type"), "boolean");
    for (std::string_view field :
         {"id", "system", "certifier", "standard", "certificate", "issuedOn", "validUntil", "scope", "createdAt"}) {
        EXPECT_TRUE(schemas.at("Certification").at("properties").as_object().contains(field)) << field;
    }
    const auto& request = schemas.at("NewCertification");
    EXPECT_EQ(request.at("required"), (json::array{"standard", "certificate", "issuedOn", "validUntil"}));
    EXPECT_EQ(request.at("additionalProperties"), false);
    EXPECT_EQ(request.at("properties").at("issuedOn").at("format"), "date");

    // The quality tallies name the items data_quality.hpp counts.
    const auto& quality = Property("ConnectedSystem", "quality").at("properties");
    EXPECT_EQ(quality.at("score").at("minimum").to_number<int>(), 0);
    EXPECT_EQ(quality.at("score").at("maximum").to_number<int>(), 1);
    const auto items_named = [&](std::string_view tally, const std::vector<std::string>& items) {
        const auto& missing = quality.at(tally).at("properties").at("missing");
        EXPECT_EQ(missing.at("additionalProperties").at("type"), "integer");
        const std::string description(missing.at("description").as_string());
        EXPECT_EQ(items.size(), tally == "events" ? 3u : 4u);
        for (const auto& item : items) EXPECT_NE(description.find(item), std::string::npos) << tally << " " << item;
    };
    items_named("events", service::MissingEventItems(epcis::Event{}));
    items_named("products", service::MissingProductItems(registry::Product{}));

    // The path parameter takes both kinds of id and nothing else.
    const auto& param = Doc().at("components").at("parameters").at("systemId");
    EXPECT_EQ(param.at("in"), "path");
    const std::regex id(std::string(param.at("schema").at("pattern").as_string()));
    for (std::string_view good :
         {"provider:0101234565", "provider:0101234565-001", "provider:001234567890", "province:01"}) {
        EXPECT_TRUE(std::regex_match(std::string(good), id)) << good;
    }
    for (std::string_view bad : {"provider:010123456", "province:1", "province:001", "0101234565", "provider:"}) {
        EXPECT_FALSE(std::regex_match(std::string(bad), id)) << bad;
    }
    const auto& certify = Doc().at("paths").at("/api/v1/systems/{systemId}/certifications").at("post");
    EXPECT_EQ(certify.at("operationId"), "certifySystem");
    EXPECT_EQ(certify.at("responses").at("201").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/Certification");
}

TEST(PortalOpenApiTest, SessionAndUserTagsAreDeclared) {
    std::set<std::string> declared;
    for (const auto& tag : Doc().at("tags").as_array()) declared.emplace(tag.at("name").as_string());
    EXPECT_TRUE(declared.contains("sessions"));
    EXPECT_TRUE(declared.contains("users"));
    EXPECT_TRUE(declared.contains("systems"));
    EXPECT_TRUE(declared.contains("images"));
    EXPECT_TRUE(declared.contains("stamps"));
    for (const auto& op : Operations()) {
        for (const auto& tag : op.operation->at("tags").as_array()) {
            EXPECT_TRUE(declared.contains(std::string(tag.as_string()))) << op.method << " " << op.path;
        }
    }
}

TEST(PortalOpenApiTest, ImagesAreUploadedAsBytesAndServedPublicly) {
    const auto& schemas = Doc().at("components").at("schemas");
    const std::set<std::string> types = {"image/jpeg", "image/png", "image/webp"};

    const auto& upload = Doc().at("paths").at("/api/v1/images").at("post");
    EXPECT_EQ(upload.at("operationId"), "uploadImage");
    EXPECT_EQ(upload.at("tags"), (json::array{"images"}));
    const auto& body = upload.at("requestBody");
    EXPECT_TRUE(body.at("required").as_bool());
    std::set<std::string> body_types;
    for (const auto& [type, media] : body.at("content").as_object()) {
        body_types.emplace(type);
        EXPECT_EQ(media.at("schema").at("type"), "string") << type;
        EXPECT_EQ(media.at("schema").at("format"), "binary") << type;
        EXPECT_EQ(media.at("schema").at("maxLength").to_number<std::size_t>(),
                  service::RegistryService::kMaxImageBytes);
    }
    EXPECT_EQ(body_types, types);
    EXPECT_EQ(service::RegistryService::kMaxImageBytes, 2097152u);
    const auto& responses = upload.at("responses").as_object();
    EXPECT_EQ(responses.at("201").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/Image");
    EXPECT_TRUE(responses.at("201").at("headers").as_object().contains("Location"));
    for (std::string_view status : {"401", "403", "413", "415", "default"}) {
        EXPECT_TRUE(responses.contains(status)) << status;
    }
    EXPECT_NE(std::string(Deref(responses.at("413").as_object()).at("description").as_string()).find("image.too_large"),
              std::string::npos);
    EXPECT_NE(std::string(Deref(responses.at("415").as_object()).at("description").as_string()).find("image.type"),
              std::string::npos);
    const std::string upload_description(upload.at("description").as_string());
    for (std::string_view word : {"write", "SHA-256", "2 MiB", "image.type", "image.too_large", "X-CSRF-Token"}) {
        EXPECT_NE(upload_description.find(word), std::string::npos) << word;
    }

    const auto& image = schemas.at("Image");
    EXPECT_EQ(image.at("required"), (json::array{"sha256", "contentType", "bytes", "url"}));
    EXPECT_EQ(EnumOf(Property("Image", "contentType")), types);
    EXPECT_EQ(Property("Image", "bytes").at("maximum").to_number<std::size_t>(),
              service::RegistryService::kMaxImageBytes);
    const std::regex sha(std::string(Property("Image", "sha256").at("pattern").as_string()));
    EXPECT_TRUE(std::regex_match(std::string(Property("Image", "sha256").at("example").as_string()), sha));
    EXPECT_FALSE(std::regex_match(std::string(64, 'A'), sha));
    EXPECT_FALSE(std::regex_match(std::string(63, 'a'), sha));

    const auto& get = Doc().at("paths").at("/api/v1/images/{sha256}").at("get");
    EXPECT_EQ(get.at("operationId"), "getImage");
    EXPECT_EQ(get.at("security"), (json::array{json::object{}}));
    const auto& param = Doc().at("components").at("parameters").at("sha256");
    EXPECT_EQ(param.at("in"), "path");
    EXPECT_EQ(param.at("schema").at("pattern"), "^[0-9a-f]{64}$");
    const auto& ok = get.at("responses").at("200");
    std::set<std::string> served;
    for (const auto& [type, media] : ok.at("content").as_object()) {
        served.emplace(type);
        EXPECT_EQ(media.at("schema").at("format"), "binary") << type;
    }
    EXPECT_EQ(served, types);
    const auto& headers = ok.at("headers").as_object();
    EXPECT_EQ(Deref(headers.at("Cache-Control").as_object()).at("schema").at("enum"),
              (json::array{"public, max-age=31536000, immutable"}));
    EXPECT_EQ(Deref(headers.at("X-Content-Type-Options").as_object()).at("schema").at("enum"),
              (json::array{"nosniff"}));
    EXPECT_TRUE(headers.contains("ETag"));
    EXPECT_TRUE(get.at("responses").as_object().contains("404"));

    // Products refuse images that were never uploaded.
    EXPECT_NE(std::string(Property("Product", "images").at("description").as_string()).find("image.unknown"),
              std::string::npos);
    EXPECT_EQ(Property("Product", "images").at("items").at("pattern"), "^[0-9a-f]{64}$");
    for (std::string_view path : {"/api/v1/products", "/api/v1/products/{gtin}"}) {
        const auto& item = Doc().at("paths").at(path).as_object();
        const auto& write = item.at(path == "/api/v1/products" ? "post" : "put");
        EXPECT_NE(std::string(write.at("description").as_string()).find("image.unknown"), std::string::npos) << path;
    }
}

std::set<std::string> MemberNames(const json::value& object) {
    std::set<std::string> out;
    for (const auto& [name, value] : object.as_object()) out.emplace(name);
    return out;
}

TEST(PortalOpenApiTest, StampsAreDescribed) {
    const auto& schemas = Doc().at("components").at("schemas");
    const auto& paths = Doc().at("paths");

    // The seven operations of stamps_api.hpp, tagged stamps.
    const std::vector<std::tuple<std::string, std::string, std::string>> operations = {
        {"/api/v1/stamp-batches", "get", "listStampBatches"},
        {"/api/v1/stamp-batches", "post", "createStampBatch"},
        {"/api/v1/stamp-batches/{batchId}", "get", "getStampBatch"},
        {"/api/v1/stamp-batches/{batchId}/stamps", "get", "listStamps"},
        {"/api/v1/stamp-batches/{batchId}/stamps.csv", "get", "getStampsCsv"},
        {"/api/v1/stamp-batches/{batchId}/sheet.pdf", "get", "getStampSheet"},
        {"/api/v1/stamp-batches/{batchId}/changes", "post", "changeStamps"}};
    for (const auto& [path, method, id] : operations) {
        const auto& op = paths.at(path).at(method);
        EXPECT_EQ(std::string(op.at("operationId").as_string()), id) << path;
        EXPECT_EQ(op.at("tags"), (json::array{"stamps"})) << path;
    }
    std::size_t tagged = 0;
    for (const auto& op : Operations()) tagged += op.operation->at("tags") == json::array{"stamps"} ? 1 : 0;
    EXPECT_EQ(tagged, operations.size());
    bool declared = false;
    for (const auto& tag : Doc().at("tags").as_array()) {
        if (tag.at("name") == "stamps") {
            declared = true;
            EXPECT_EQ(tag.at("description"), "Tem truy xuất / Traceability stamps");
        }
    }
    EXPECT_TRUE(declared);
    const auto& batch_id = Doc().at("components").at("parameters").at("batchId");
    EXPECT_EQ(batch_id.at("in"), "path");
    EXPECT_EQ(batch_id.at("schema").at("minimum").to_number<int>(), 1);

    // Ordering: the members the API reads, answered 202 with where to follow the batch.
    const auto& order = schemas.at("StampOrder");
    EXPECT_EQ(MemberNames(order.at("properties")), (std::set<std::string>{"gtin", "count", "layout", "note"}));
    EXPECT_EQ(order.at("required"), (json::array{"gtin", "count"}));
    EXPECT_EQ(order.at("additionalProperties"), false);
    EXPECT_EQ(Property("StampOrder", "count").at("minimum").to_number<std::int64_t>(), 1);
    EXPECT_EQ(Property("StampOrder", "count").at("maximum").to_number<std::int64_t>(),
              service::StampServiceOptions{}.max_batch);
    EXPECT_EQ(Property("StampOrder", "layout").at("$ref"), "#/components/schemas/StampSheetLayout");
    const auto& create = paths.at("/api/v1/stamp-batches").at("post");
    EXPECT_EQ(create.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/StampOrder");
    const auto& accepted = create.at("responses").at("202");
    EXPECT_EQ(accepted.at("content").at("application/json").at("schema").at("$ref"), "#/components/schemas/StampBatch");
    EXPECT_TRUE(accepted.at("headers").as_object().contains("Location"));
    EXPECT_TRUE(create.at("responses").as_object().contains("404"));  // a GTIN not registered as a product

    // The layout: the members CheckSheetLayout answers, with its defaults.
    auto checked = service::CheckSheetLayout("");
    ASSERT_TRUE(checked) << checked.error().ToString();
    const json::object resolved = json::parse(*checked).as_object();
    const auto& layout = schemas.at("StampSheetLayout");
    EXPECT_EQ(MemberNames(layout.at("properties")), MemberNames(resolved));
    EXPECT_EQ(layout.at("additionalProperties"), false);
    for (const auto& [name, value] : resolved) {
        if (name == "columns" || name == "rows") continue;  // resolved: as many as fit
        EXPECT_EQ(layout.at("properties").at(name).at("default"), value) << name;
    }

    // A batch: every member EncodeStampBatch writes, and no other.
    store::StampBatch batch;
    batch.id = 42;
    batch.owner = "0101234565";
    batch.province = "01";
    batch.gtin = "08930001000155";
    batch.count = 100;
    batch.generated = 60;
    batch.state = "failed";
    batch.error = "disk full";
    batch.layout = *checked;
    batch.note = "Đợt 1";
    batch.created_by = "cli";
    batch.created_at = "2026-03-01T02:00:00.000Z";
    batch.finished_at = "2026-03-01T02:01:00.000Z";
    const json::object encoded = EncodeStampBatch(batch);
    EXPECT_EQ(MemberNames(schemas.at("StampBatch").at("properties")), MemberNames(encoded));
    for (const auto& required : schemas.at("StampBatch").at("required").as_array()) {
        EXPECT_TRUE(encoded.contains(required.as_string())) << required;
    }
    EXPECT_EQ(MemberNames(Property("StampBatch", "links").at("properties")), MemberNames(encoded.at("links")));
    EXPECT_EQ(EnumOf(Property("StampBatch", "state")), (std::set<std::string>{"generating", "ready", "failed"}));
    EXPECT_EQ(Property("StampBatchList", "items").at("items").at("$ref"), "#/components/schemas/StampBatch");
    EXPECT_EQ(Property("StampList", "items").at("items").at("$ref"), "#/components/schemas/Stamp");

    // Statuses as the store spells them; a change goes to any but issued.
    std::set<std::string> statuses;
    for (int i = 0; i <= static_cast<int>(store::StampStatus::kVoided); ++i) {
        statuses.emplace(store::StampStatusName(static_cast<store::StampStatus>(i)));
    }
    EXPECT_EQ(statuses.size(), 5u);
    EXPECT_EQ(EnumOf(Property("Stamp", "status")), statuses);
    statuses.erase("issued");
    EXPECT_EQ(EnumOf(Property("StampChange", "status")), statuses);

    // A stamp: its serial is what NewStampSerial draws.
    EXPECT_EQ(MemberNames(schemas.at("Stamp").at("properties")),
              (std::set<std::string>{"ordinal", "serial", "gtin", "status", "digitalLink", "qr", "lot", "changedAt"}));
    const std::regex serial(std::string(Property("Stamp", "serial").at("pattern").as_string()));
    for (int i = 0; i < 50; ++i) {
        const std::string drawn = service::NewStampSerial();
        EXPECT_TRUE(std::regex_match(drawn, serial)) << drawn;
    }
    EXPECT_TRUE(std::regex_match(std::string(Property("Stamp", "serial").at("example").as_string()), serial));
    for (std::string_view bad : {"7QK2M9XH4RT0", "7QK2M9XH4RT0BB", "7QK2M9XH4RT0I", "7QK2M9XH4RT0L", "7QK2M9XH4RT0O",
                                 "7QK2M9XH4RT0U", "7qk2m9xh4rt0b"}) {
        EXPECT_FALSE(std::regex_match(std::string(bad), serial)) << bad;
    }

    // A change: the members the API reads; it answers what it did.
    const auto& change = schemas.at("StampChange");
    EXPECT_EQ(MemberNames(change.at("properties")),
              (std::set<std::string>{"status", "location", "from", "to", "serials", "lot", "expiry"}));
    EXPECT_EQ(change.at("required"), (json::array{"status", "location"}));
    EXPECT_EQ(change.at("additionalProperties"), false);
    EXPECT_EQ(Property("StampChange", "serials").at("maxItems").to_number<int>(), 100000);
    EXPECT_EQ(Property("StampChange", "location").at("pattern"), "^[0-9]{13}$");
    const auto& post = paths.at("/api/v1/stamp-batches/{batchId}/changes").at("post");
    EXPECT_EQ(post.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/StampChange");
    EXPECT_EQ(post.at("responses").at("200").at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/StampChangeResult");
    EXPECT_EQ(schemas.at("StampChangeResult").at("required"), (json::array{"changed", "events"}));
    const std::string change_description(post.at("description").as_string());
    for (std::string_view rule : {"stamp.transition", "stamp.lot_required", "stamp.selection", "stamp.not_found",
                                  "stamp.batch_not_ready", "X-CSRF-Token"}) {
        EXPECT_NE(change_description.find(rule), std::string::npos) << rule;
    }
    const std::string conflict(Deref(post.at("responses").at("409").as_object()).at("description").as_string());
    EXPECT_NE(conflict.find("stamp.transition"), std::string::npos);
    EXPECT_NE(conflict.find("stamp.batch_not_ready"), std::string::npos);

    // The files: CSV and PDF, downloaded, not cached; 409 while the batch is generating.
    for (const auto& [path, type] : {std::pair{"/api/v1/stamp-batches/{batchId}/stamps.csv", "text/csv"},
                                     std::pair{"/api/v1/stamp-batches/{batchId}/sheet.pdf", "application/pdf"}}) {
        const auto& responses = paths.at(path).at("get").at("responses");
        const auto& ok = responses.at("200");
        EXPECT_EQ(MemberNames(ok.at("content")), (std::set<std::string>{type})) << path;
        const auto& headers = ok.at("headers").as_object();
        EXPECT_TRUE(headers.contains("Content-Disposition")) << path;
        EXPECT_EQ(Deref(headers.at("Cache-Control").as_object()).at("schema").at("enum"),
                  (json::array{"private, no-store"}));
        EXPECT_TRUE(responses.as_object().contains("409")) << path;
    }
    EXPECT_EQ(paths.at("/api/v1/stamp-batches/{batchId}/sheet.pdf")
                  .at("get")
                  .at("responses")
                  .at("200")
                  .at("content")
                  .at("application/pdf")
                  .at("schema")
                  .at("format"),
              "binary");
}

TEST(PortalOpenApiTest, GetProductOffersGs1WebVocabulary) {
    const auto& get = Doc().at("paths").at("/api/v1/products/{gtin}").at("get");
    const auto& ok = get.at("responses").at("200");
    const auto& content = ok.at("content").as_object();
    EXPECT_EQ(content.at("application/json").at("schema").at("$ref"), "#/components/schemas/Product");
    EXPECT_EQ(content.at("application/ld+json").at("schema").at("$ref"), "#/components/schemas/ProductWebVocabulary");
    const auto& vary = Deref(ok.at("headers").at("Vary").as_object());
    EXPECT_EQ(vary.at("schema").at("enum"), (json::array{"Accept"}));
    EXPECT_NE(std::string(get.at("description").as_string()).find("application/ld+json"), std::string::npos);

    // The schema names what registry::EncodeProductWebVocabulary writes for a full product.
    const auto& schema = Doc().at("components").at("schemas").at("ProductWebVocabulary");
    EXPECT_EQ(schema.at("type"), "object");
    EXPECT_EQ(schema.at("additionalProperties"), true);
    const auto& properties = schema.at("properties").as_object();
    registry::Product product;
    product.gtin = "08930001000155";
    product.name = {"Gạo", "Rice"};
    product.brand = "Brand";
    product.net_content = registry::NetContent{5, "KGM"};
    product.origin_country = "VN";
    product.origin_province = "01";
    product.shelf_life_days = 365;
    product.standards = {"VietGAP"};
    product.images = {std::string(64, 'a')};
    product.safety_warnings = {"Để xa tầm tay trẻ em.", "Keep out of the reach of children."};
    registry::Enterprise owner;
    owner.name = {"Công ty", "Company"};
    owner.gln = "8930001000018";
    const json::object encoded = registry::EncodeProductWebVocabulary(product, &owner, "/api/v1/images/");
    for (const auto& [member, value] : encoded) {
        EXPECT_TRUE(properties.contains(member)) << member;
    }
    for (std::string_view member :
         {"@context", "@id", "@type", "gs1:gtin", "gs1:productName", "gs1:brand", "gs1:brandOwner", "gs1:netContent",
          "gs1:countryOfOrigin", "gs1:image", "txng:shelfLifeDays", "txng:originProvinceCode", "txng:standards",
          "gs1:consumerSafetyInformation"}) {
        EXPECT_TRUE(properties.contains(member)) << member;
    }
    for (const auto& required : schema.at("required").as_array()) {
        EXPECT_TRUE(encoded.contains(required.as_string())) << required;
    }
    for (const auto& [prefix, iri] : encoded.at("@context").as_object()) {
        EXPECT_EQ(properties.at("@context").at("properties").at(prefix).at("enum"), (json::array{iri})) << prefix;
    }
    EXPECT_EQ(properties.at("@type").at("enum"), (json::array{"gs1:Product"}));
    EXPECT_EQ(std::string(properties.at("@id").at("example").as_string()), std::string(encoded.at("@id").as_string()));
}

TEST(PortalOpenApiTest, SignalsAndComplaintsAreDescribedAsEncoded) {
    const auto& schemas = Doc().at("components").at("schemas");
    const auto& paths = Doc().at("paths");
    for (const auto& [path, id, list] : {std::tuple{"/api/v1/signals", "listSignals", "SignalList"},
                                         {"/api/v1/complaints", "listComplaints", "ComplaintList"}}) {
        const auto& op = paths.at(path).at("get");
        EXPECT_EQ(op.at("operationId"), id);
        EXPECT_EQ(op.at("tags"), (json::array{"signals"}));
        std::set<std::string> params;
        for (const auto& p : op.at("parameters").as_array()) params.emplace(p.at("name").as_string());
        EXPECT_EQ(params, (std::set<std::string>{"owner", "province", "gtin", "serial", "after", "limit"})) << path;
        const auto& ok = op.at("responses").at("200");
        EXPECT_EQ(ok.at("content").at("application/json").at("schema").at("$ref"),
                  json::value("#/components/schemas/" + std::string(list)));
        EXPECT_TRUE(op.at("responses").as_object().contains("403")) << path;
    }
    bool declared = false;
    for (const auto& tag : Doc().at("tags").as_array()) declared = declared || tag.at("name") == "signals";
    EXPECT_TRUE(declared);

    // Every member the encoders write, fully filled, and no other; the required ones always.
    store::Signal signal;
    signal.id = 7;
    signal.kind = "many_provinces";
    signal.gtin = "08930001000155";
    signal.serial = "7QK2M9XH4RT0B";
    signal.owner = "0101234565";
    signal.owner_province = "01";
    signal.provinces = {"01", "48", "79", "92"};
    signal.count = 2;
    signal.first_at = signal.last_at = "2026-03-01T02:00:00.000Z";
    signal.detail = "4 tỉnh / 4 provinces";
    EXPECT_EQ(MemberNames(schemas.at("Signal").at("properties")), MemberNames(EncodeSignal(signal)));
    const json::object bare_signal = EncodeSignal(store::Signal{});
    for (const auto& required : schemas.at("Signal").at("required").as_array()) {
        EXPECT_TRUE(bare_signal.contains(required.as_string())) << required;
    }
    store::Complaint complaint;
    complaint.id = 3;
    complaint.code = "https://id.gs1.org/01/08930001000155/21/7QK2M9XH4RT0B";
    complaint.gtin = "08930001000155";
    complaint.lot = "L1";
    complaint.serial = "7QK2M9XH4RT0B";
    complaint.kind = "quality";
    complaint.message = "Gạo có mọt";
    complaint.contact = "0905 000 111";
    complaint.province = "48";
    complaint.owner = "0101234565";
    complaint.owner_province = "01";
    complaint.created_at = "2026-03-01T02:00:00.000Z";
    EXPECT_EQ(MemberNames(schemas.at("Complaint").at("properties")), MemberNames(EncodeComplaint(complaint)));
    const json::object bare_complaint = EncodeComplaint(store::Complaint{});
    for (const auto& required : schemas.at("Complaint").at("required").as_array()) {
        EXPECT_TRUE(bare_complaint.contains(required.as_string())) << required;
    }
    EXPECT_EQ(EnumOf(Property("Complaint", "status")), std::set<std::string>{store::Complaint{}.status});
}

}  // namespace
}  // namespace txng::api
