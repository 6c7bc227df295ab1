#include "admin_command.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/messages.hpp"
#include "registry/access.hpp"
#include "service/registry_service.hpp"
#include "store/registry_store.hpp"

namespace txng::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitError = 2;

struct AdminArgs {
    std::string db = "sqlite:txng.db";
    // create-key
    std::string role;
    std::string name;
    std::string enterprise;
    std::string province;
    std::vector<std::string> scopes;
    std::string expires;
    // create-enterprise
    std::string tax_code;
    std::string name_en;
    std::string kind = "enterprise";
    std::string street;
    std::string commune;
    std::string gln;
    std::vector<std::string> gcps;
    std::vector<std::string> contacts;
    // revoke-key, disable-user
    std::string key_id;
    bool keep_keys_made = false;
    // audit
    std::size_t limit = 100;
};

int Fail(const Error& e) {
    std::fprintf(stderr, "txng admin: %s\n", DisplayError(e).c_str());
    return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kConflict || e.code == ErrorCode::kForbidden ||
                   e.code == ErrorCode::kNotFound
               ? kExitInvalid
               : kExitError;
}

struct Opened {
    std::unique_ptr<store::RegistryStore> store;
    std::unique_ptr<service::RegistryService> service;
};

Result<Opened> Open(const std::string& db) {
    auto store = store::OpenRegistry(db);
    if (!store) return store.error();
    Opened o;
    o.store = std::move(*store);
    o.service = std::make_unique<service::RegistryService>(*o.store);
    return o;
}

service::Caller Cli() { return service::Caller{registry::CommandLine(), {}}; }

int CreateKey(const AdminArgs& a) {
    auto role = registry::ParseRole(a.role, "--role");
    if (!role) return Fail(role.error());
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    service::NewKeyRequest request;
    request.name = a.name;
    request.role = *role;
    request.subject = a.enterprise;
    request.province = a.province;
    request.scopes = a.scopes;
    request.expires_at = a.expires;
    auto created = opened->service->CreateKey(Cli(), request);
    if (!created) return Fail(created.error());
    const auto& k = created->record;
    std::fprintf(stderr, "Đã tạo khóa / Created key %s: vai trò / role %s%s%s%s%s\n", k.id.c_str(), k.role.c_str(),
                 k.subject.empty() ? "" : ", doanh nghiệp / enterprise ", k.subject.c_str(),
                 k.province.empty() ? "" : ", tỉnh / province ", k.province.c_str());
    std::fprintf(stderr, "Khóa chỉ hiện một lần: hãy lưu lại. / The key is shown only once: keep it safe.\n");
    std::printf("%s\n", created->token.c_str());
    std::fflush(stdout);
    return kExitOk;
}

int CreateEnterprise(const AdminArgs& a) {
    registry::Enterprise e;
    e.tax_code = a.tax_code;
    e.name = {a.name, a.name_en};
    e.address.street = a.street;
    e.address.commune_code = a.commune;
    e.address.province_code = a.province;
    e.gln = a.gln;
    bool kind_ok = false;
    for (auto k : {registry::EnterpriseKind::kEnterprise, registry::EnterpriseKind::kCooperative,
                   registry::EnterpriseKind::kHousehold, registry::EnterpriseKind::kSolutionProvider,
                   registry::EnterpriseKind::kCertificationBody}) {
        if (registry::EnterpriseKindName(k) == a.kind) {
            e.kind = k;
            kind_ok = true;
        }
    }
    if (!kind_ok) {
        return Fail(InvalidArgument("--kind", "field.enum",
                                    "Use enterprise, cooperative, household, solution_provider or certification_body.",
                                    a.kind));
    }
    for (const auto& g : a.gcps) {
        // PREFIX:LENGTH, where LENGTH must be the prefix's number of digits (a check against typing slips).
        const auto colon = g.find(':');
        registry::CompanyPrefix p;
        p.prefix = g.substr(0, colon);
        if (colon != std::string::npos) {
            std::size_t length = 0;
            const std::string_view l = std::string_view(g).substr(colon + 1);
            auto [ptr, ec] = std::from_chars(l.data(), l.data() + l.size(), length);
            if (ec != std::errc() || ptr != l.data() + l.size() || length != p.prefix.size()) {
                return Fail(InvalidArgument("--gcp", "company_prefix.length",
                                            "Give PREFIX:LENGTH with LENGTH the number of digits of the prefix.", g));
            }
        }
        e.prefixes.push_back(std::move(p));
    }
    for (const auto& c : a.contacts) {
        // NAME,EMAIL,PHONE
        registry::Contact contact;
        const auto c1 = c.find(',');
        const auto c2 = c1 == std::string::npos ? std::string::npos : c.find(',', c1 + 1);
        contact.name = c.substr(0, c1);
        if (c1 != std::string::npos) contact.email = c.substr(c1 + 1, c2 == std::string::npos ? c2 : c2 - c1 - 1);
        if (c2 != std::string::npos) contact.phone = c.substr(c2 + 1);
        e.contacts.push_back(std::move(contact));
    }
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    auto created = opened->service->CreateEnterprise(Cli(), std::move(e));
    if (!created) return Fail(created.error());
    std::printf("Đã đăng ký / Registered %s %s (%s)\n", created->tax_code.c_str(), created->name.vi.c_str(),
                created->address.province_code.c_str());
    return kExitOk;
}

int CreateUser(const AdminArgs& a) {
    auto role = registry::ParseRole(a.role, "--role");
    if (!role) return Fail(role.error());
    // The password comes on standard input (its first line), never on the command line where
    // other users of the machine could read it.
    std::string password;
    if (!std::getline(std::cin, password) || password.empty()) {
        return Fail(InvalidArgument("password", "password.missing",
                                    "Give the password on standard input, e.g. `txng admin create-user ... < file`."));
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    service::NewUserRequest request{a.name, password, *role, a.enterprise, a.province, a.scopes};
    auto user = opened->service->CreateUser(Cli(), request);
    if (!user) return Fail(user.error());
    std::printf("Đã tạo người dùng / Created user %s (%s%s%s)\n", user->name.c_str(), user->role.c_str(),
                user->subject.empty() ? "" : ", ", user->subject.c_str());
    return kExitOk;
}

int DisableUser(const AdminArgs& a) {
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    auto user = opened->service->DisableUser(Cli(), a.key_id, a.keep_keys_made);
    if (!user) return Fail(user.error());
    std::printf("Đã khóa / Disabled %s at %s\n", user->name.c_str(), user->disabled_at.c_str());
    return kExitOk;
}

int RevokeKey(const AdminArgs& a) {
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    auto k = opened->service->RevokeKey(Cli(), a.key_id, a.keep_keys_made);
    if (!k) return Fail(k.error());
    std::printf("Đã thu hồi / Revoked %s at %s\n", k->id.c_str(), k->revoked_at.c_str());
    return kExitOk;
}

int ListKeys(const AdminArgs& a) {
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    auto keys = opened->service->ListKeys(Cli());
    if (!keys) return Fail(keys.error());
    std::printf("%-16s  %-20s  %-12s  %-4s  %-24s  %s\n", "id", "role / vai trò", "subject", "tỉnh",
                "revoked / thu hồi", "name / tên");
    for (const auto& k : *keys) {
        std::printf("%-16s  %-20s  %-12s  %-4s  %-24s  %s\n", k.id.c_str(), k.role.c_str(), k.subject.c_str(),
                    k.province.c_str(), k.revoked_at.empty() ? "-" : k.revoked_at.c_str(), k.name.c_str());
    }
    return kExitOk;
}

int Audit(const AdminArgs& a) {
    auto opened = Open(a.db);
    if (!opened) return Fail(opened.error());
    store::AuditFilter filter;
    filter.province = a.province;
    filter.limit = a.limit;
    auto entries = opened->service->ListAudit(Cli(), filter);
    if (!entries) return Fail(entries.error());
    for (const auto& e : *entries) {
        std::printf("%lld  %s  %s (%s)  %s  %s  %s  %s\n", static_cast<long long>(e.id), e.at.c_str(), e.actor.c_str(),
                    e.actor_role.c_str(), e.action.c_str(), e.resource.c_str(), e.province.c_str(), e.detail.c_str());
    }
    return kExitOk;
}

}  // namespace

void AddAdminCommands(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<AdminArgs>();
    auto* admin = app.add_subcommand("admin",
                                     "Quản trị danh mục doanh nghiệp và khóa truy cập\n"
                                     "Administer the registry and the API keys");
    admin->require_subcommand(1);
    auto db = [&](CLI::App* c) {
        c->add_option("--db", args->db, "Kho dữ liệu / Store URL (sqlite:PATH)")->capture_default_str();
    };

    auto* key = admin->add_subcommand("create-key",
                                      "Tạo khóa API (in ra ở dòng cuối, chỉ một lần)\n"
                                      "Create an API key (printed on the last line, only once)");
    db(key);
    key->add_option("--role", args->role,
                    "Vai trò / Role: national-admin, national-sync, provincial-authority, provincial-system, "
                    "enterprise, household, solution-provider, certification-body")
        ->required();
    key->add_option("--name", args->name, "Tên khóa (ai dùng) / Key name (who uses it)")->required();
    key->add_option("--enterprise", args->enterprise, "Mã số thuế của doanh nghiệp / Tax code of its enterprise");
    key->add_option("--province", args->province, "Mã tỉnh / Province code");
    key->add_option("--scope", args->scopes,
                    "Phạm vi: read, write (mặc định cả hai) / Scope: read, write (default both)");
    key->add_option("--expires", args->expires, "Hết hạn (RFC 3339) / Expiry (RFC 3339)");
    key->callback([args, &exit_code] { exit_code = CreateKey(*args); });

    auto* ent = admin->add_subcommand("create-enterprise", "Đăng ký doanh nghiệp / Register an enterprise");
    db(ent);
    ent->add_option("--tax-code", args->tax_code, "Mã số thuế / Tax code")->required();
    ent->add_option("--name", args->name, "Tên tiếng Việt / Name in Vietnamese")->required();
    ent->add_option("--name-en", args->name_en, "Tên tiếng Anh / Name in English");
    ent->add_option("--kind", args->kind,
                    "Loại / Kind: enterprise, cooperative, household, solution_provider, certification_body")
        ->capture_default_str();
    ent->add_option("--province", args->province, "Mã tỉnh (34 tỉnh; mã cũ được chuyển) / Province code")->required();
    ent->add_option("--commune", args->commune, "Mã xã/phường (5 chữ số) / Commune code (5 digits)");
    ent->add_option("--street", args->street, "Địa chỉ / Street address");
    ent->add_option("--gln", args->gln, "GLN của doanh nghiệp / The party's GLN");
    ent->add_option("--gcp", args->gcps, "Mã doanh nghiệp GS1 PREFIX:LENGTH / GS1 Company Prefix PREFIX:LENGTH");
    ent->add_option("--contact", args->contacts, "Liên hệ TÊN,EMAIL,ĐIỆN THOẠI / Contact NAME,EMAIL,PHONE");
    ent->callback([args, &exit_code] { exit_code = CreateEnterprise(*args); });

    auto* user = admin->add_subcommand("create-user",
                                       "Tạo người dùng đăng nhập bằng mật khẩu (mật khẩu đọc từ stdin)\n"
                                       "Create a user who signs in with a password (read from standard input)");
    db(user);
    user->add_option("--name", args->name, "Tên đăng nhập / Login name")->required();
    user->add_option("--role", args->role, "Vai trò (như create-key) / Role (as for create-key)")->required();
    user->add_option("--enterprise", args->enterprise, "Mã số thuế của doanh nghiệp / Tax code of its enterprise");
    user->add_option("--province", args->province, "Mã tỉnh / Province code");
    user->add_option("--scope", args->scopes, "Phạm vi: read, write / Scope: read, write");
    user->callback([args, &exit_code] { exit_code = CreateUser(*args); });

    auto* disable = admin->add_subcommand("disable-user", "Khóa người dùng và kết thúc phiên / Disable a user");
    db(disable);
    disable->add_option("NAME", args->key_id, "Tên đăng nhập / Login name")->required();
    disable->add_flag("--keep-keys-made", args->keep_keys_made,
                      "Giữ các khóa người dùng này đã tạo / Keep the keys this user made (revoked by default)");
    disable->callback([args, &exit_code] { exit_code = DisableUser(*args); });

    auto* revoke = admin->add_subcommand("revoke-key", "Thu hồi khóa API / Revoke an API key");
    db(revoke);
    revoke->add_option("KEY_ID", args->key_id, "Mã khóa / Key id")->required();
    revoke->add_flag("--keep-keys-made", args->keep_keys_made,
                     "Giữ các khóa do khóa này tạo / Keep the keys this key made (revoked with it by default)");
    revoke->callback([args, &exit_code] { exit_code = RevokeKey(*args); });

    auto* list = admin->add_subcommand("list-keys", "Liệt kê khóa API / List the API keys");
    db(list);
    list->callback([args, &exit_code] { exit_code = ListKeys(*args); });

    auto* audit = admin->add_subcommand("audit", "Xem nhật ký kiểm toán / Show the audit log");
    db(audit);
    audit->add_option("--province", args->province, "Chỉ tỉnh này / Only this province");
    audit->add_option("--limit", args->limit, "Số dòng tối đa / Most entries")->check(CLI::Range(1, 100000));
    audit->callback([args, &exit_code] { exit_code = Audit(*args); });
}

}  // namespace txng::cli
