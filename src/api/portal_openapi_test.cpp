#include "api/portal_openapi.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gs1/keys.hpp"
#include "registry/access.hpp"
#include "registry/records.hpp"
#include "registry/tax_code.hpp"

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
        {"/api/v1/keys", {"get", "post"}},
        {"/api/v1/keys/{keyId}", {"delete", "get"}},
        {"/api/v1/audit", {"get"}},
        {"/api/v1/openapi.json", {"get"}},
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
    EXPECT_EQ(ops.size(), 23u);
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
        const bool success = responses.contains("200") || responses.contains("201");
        EXPECT_TRUE(success);
        ASSERT_TRUE(op.operation->contains("security"));
    }
}

TEST(PortalOpenApiTest, WritesNeedAKeyAndPublicReadsAcceptOne) {
    const json::array key_only{json::object{{"bearerKey", json::array{}}}};
    const json::array optional{json::object{}, json::object{{"bearerKey", json::array{}}}};
    const std::set<std::string> key_reads = {"listDelegations", "listKeys", "getKey", "listAudit"};
    for (const auto& op : Operations()) {
        SCOPED_TRACE(op.method + " " + op.path);
        const auto& security = op.operation->at("security");
        const std::string id(op.operation->at("operationId").as_string());
        if (op.method != "get" || key_reads.contains(id)) {
            EXPECT_EQ(security, key_only);
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
            EXPECT_TRUE(body.at("content").as_object().contains("application/json"));
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
        if (op.method == "post") {
            EXPECT_TRUE(op.operation->at("responses").at("201").at("headers").as_object().contains("Location"));
        }
    }
    for (std::string_view list : {"/api/v1/enterprises", "/api/v1/locations", "/api/v1/products", "/api/v1/audit"}) {
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
    for (std::string_view name :
         {"Name",        "Address",    "CompanyPrefix",  "Contact",        "Enterprise",   "Location",
          "Coordinates", "NetContent", "Product",        "ApiKey",         "NewKey",       "Principal",
          "Province",    "AuditEntry", "Problem",        "EnterpriseList", "LocationList", "ProductList",
          "ApiKeyList",  "AuditList",  "DelegationList", "ProvinceList"}) {
        EXPECT_TRUE(schemas.contains(name)) << name;
    }
    for (std::string_view field : {"type", "title", "status", "detail", "instance", "rule", "where", "value"}) {
        EXPECT_TRUE(schemas.at("Problem").at("properties").as_object().contains(field)) << field;
    }
    EXPECT_TRUE(Deref(schemas.at("NewKey").at("allOf").at(1).as_object()).at("properties").as_object().contains("key"));
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

}  // namespace
}  // namespace txng::api
