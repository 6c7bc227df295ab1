#include "service/registry_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>

#include "common/utf8.hpp"
#include "registry/province.hpp"
#include "registry/tax_code.hpp"
#include "service/capture_access.hpp"
#include "service/data_quality.hpp"
#include "store/store.hpp"

namespace txng::service {
namespace {

namespace json = boost::json;
using registry::Principal;
using registry::Role;

Error InvalidKey() {
    return MakeError(ErrorCode::kUnauthorized, "Authorization", "auth.invalid_key",
                     "The API key is not valid (unknown, revoked or expired).");
}

// The digits of a GTIN-14 that start with the company prefix (the indicator digit dropped).
std::string_view GtinKeyDigits(std::string_view gtin14) { return gtin14.substr(1); }

// An owner named in a record must be the holder of the key's prefix.
Result<void> CheckNamedOwner(const std::string& named, const registry::Enterprise& holder, std::string_view key) {
    if (named.empty() || named == holder.tax_code) return {};
    return MakeError(
        ErrorCode::kForbidden, "owner", "registry.prefix_not_owned",
        fmt::format("The key's GS1 Company Prefix is held by {}, not by the owner named.", holder.tax_code), key);
}

}  // namespace

// Longest-prefix lookup over a snapshot of every registered prefix.
class RegistryService::PrefixCache final : public gs1::CompanyPrefixProvider {
  public:
    explicit PrefixCache(store::RegistryStore& store) : store_(store) {}

    std::optional<int> PrefixLength(std::string_view key_digits) const override {
        std::lock_guard lock(mu_);
        const auto now = std::chrono::steady_clock::now();
        if (stale_ || now - loaded_at_ > std::chrono::seconds(30)) Reload(now);
        for (std::size_t n = std::min<std::size_t>(12, key_digits.size()); n >= 6; --n) {
            if (prefixes_.contains(key_digits.substr(0, n))) return static_cast<int>(n);
        }
        return std::nullopt;
    }

    void Invalidate() {
        std::lock_guard lock(mu_);
        stale_ = true;
    }

  private:
    void Reload(std::chrono::steady_clock::time_point now) const {
        std::set<std::string, std::less<>> fresh;
        store::ListRequest page;
        page.limit = 1000;
        for (;;) {
            auto list = store_.ListEnterprises(page);
            if (!list) return;  // keep the old snapshot; retried on the next lookup
            for (const auto& e : *list) {
                for (const auto& p : e.prefixes) fresh.insert(p.prefix);
            }
            if (list->size() < page.limit) break;
            page.after = list->back().tax_code;
        }
        prefixes_ = std::move(fresh);
        stale_ = false;
        loaded_at_ = now;
    }

    store::RegistryStore& store_;
    mutable std::mutex mu_;
    mutable std::set<std::string, std::less<>> prefixes_;
    mutable bool stale_ = true;
    mutable std::chrono::steady_clock::time_point loaded_at_;
};

// The links of anchors, by anchor, each with the time it was read (thread-safe).
class RegistryService::LinkCache {
  public:
    static constexpr std::chrono::seconds kFresh{30};
    static constexpr std::size_t kMaxAnchors = 200'000;

    std::optional<std::vector<registry::Link>> Get(const std::vector<std::string>& anchors) const {
        const auto now = std::chrono::steady_clock::now();
        std::vector<registry::Link> out;
        std::shared_lock lock(mu_);
        for (const auto& a : anchors) {
            auto it = by_anchor_.find(a);
            if (it == by_anchor_.end() || now - it->second.read > kFresh) return std::nullopt;
            out.insert(out.end(), it->second.links.begin(), it->second.links.end());
        }
        return out;
    }
    // Changes so far: a reader takes it before reading the store, and Put keeps what it read only
    // if no change came meanwhile (else the read may predate it).
    std::uint64_t Generation() const {
        std::shared_lock lock(mu_);
        return generation_;
    }
    void Put(const std::string& anchor, std::vector<registry::Link> links, std::uint64_t generation) {
        std::unique_lock lock(mu_);
        if (generation != generation_) return;
        if (by_anchor_.size() >= kMaxAnchors) by_anchor_.clear();
        by_anchor_[anchor] = Entry{std::move(links), std::chrono::steady_clock::now()};
    }
    void Forget(const std::string& anchor) {
        std::unique_lock lock(mu_);
        ++generation_;
        by_anchor_.erase(anchor);
    }

  private:
    struct Entry {
        std::vector<registry::Link> links;
        std::chrono::steady_clock::time_point read;
    };
    mutable std::shared_mutex mu_;
    std::unordered_map<std::string, Entry> by_anchor_;
    std::uint64_t generation_ = 0;
};

RegistryService::RegistryService(store::RegistryStore& store, std::function<epcis::DateTime()> clock)
    : store_(store),
      clock_(std::move(clock)),
      prefixes_(std::make_unique<PrefixCache>(store)),
      links_(std::make_unique<LinkCache>()) {}

RegistryService::~RegistryService() = default;

const gs1::CompanyPrefixProvider& RegistryService::Prefixes() const { return *prefixes_; }

std::string RegistryService::Now() const { return (clock_ ? clock_() : store::NowUtc()).ToUtcString(3); }

store::AuditEntry RegistryService::Audit(const Caller& caller, std::string action, std::string resource,
                                         std::string province, std::string detail) const {
    store::AuditEntry e;
    e.actor = caller.principal.actor;
    e.actor_role = std::string(registry::RoleName(caller.principal.role));
    e.actor_subject = !caller.principal.subject.empty() ? caller.principal.subject : caller.principal.province;
    e.action = std::move(action);
    e.resource = std::move(resource);
    e.province = std::move(province);
    e.remote_address = caller.remote_address;
    e.detail = std::move(detail);
    return e;
}

Result<Principal> RegistryService::Authenticate(std::string_view token) {
    auto parsed = registry::ParseKeyToken(token);
    if (!parsed) return parsed.error();
    auto key = store_.GetKey(parsed->id);
    if (!key) {
        if (key.error().code == ErrorCode::kNotFound) {
            // Spend the same hashing work as for a known key, so timing does not tell them apart.
            (void)registry::ConstantTimeEquals(registry::HashSecret(parsed->secret), std::string(64, '0'));
            return InvalidKey();
        }
        return key.error();
    }
    if (!registry::ConstantTimeEquals(registry::HashSecret(parsed->secret), key->secret_hash)) return InvalidKey();
    if (!key->revoked_at.empty()) return InvalidKey();
    if (!key->expires_at.empty() && key->expires_at <= Now()) return InvalidKey();
    auto role = registry::ParseRole(key->role);
    if (!role) return MakeError(ErrorCode::kInternal, "key", "store.corrupt", "A stored key has an unknown role.");
    Principal p;
    p.role = *role;
    p.actor = key->id;
    p.name = key->name;
    p.subject = key->subject;
    p.province = key->province;
    p.scopes = key->scopes;
    if (auto standing = CheckStanding(p); !standing) return standing.error();
    return p;
}

Result<void> RegistryService::CheckStanding(Principal& p) {
    if (p.subject.empty()) return {};
    auto e = store_.GetEnterprise(p.subject);
    if (!e && e.error().code != ErrorCode::kNotFound) return e.error();
    if (!e || e->status != registry::RecordStatus::kActive) {
        return MakeError(ErrorCode::kForbidden, "", "auth.enterprise_suspended",
                         "Doanh nghiệp của khóa hoặc người dùng này đang bị tạm ngừng. / The enterprise this key or "
                         "user acts for is suspended; its keys and users work again when it is reactivated.",
                         p.subject);
    }
    if (p.role == Role::kSolutionProvider) {
        auto delegators = store_.ActiveDelegatorsOf(p.subject);
        if (!delegators) return delegators.error();
        p.acts_for = std::move(*delegators);
    }
    return {};
}

// ---- enterprises

Result<registry::Enterprise> RegistryService::CreateEnterprise(const Caller& caller, registry::Enterprise e) {
    if (auto ok = registry::NormalizeEnterprise(e); !ok) return ok.error();
    if (auto ok = registry::CanWriteEnterprise(caller.principal, e, nullptr); !ok) return ok.error();
    auto created = store_.CreateEnterprise(e, Audit(caller, "enterprise.create", e.tax_code, e.address.province_code));
    prefixes_->Invalidate();
    return created;
}

Result<registry::Enterprise> RegistryService::UpdateEnterprise(const Caller& caller, registry::Enterprise e) {
    if (auto ok = registry::NormalizeEnterprise(e); !ok) return ok.error();
    auto before = store_.GetEnterprise(e.tax_code);
    if (!before) {
        // Do not tell strangers which tax codes are registered.
        if (before.error().code == ErrorCode::kNotFound && caller.principal.role == Role::kConsumer) {
            return registry::CanWriteEnterprise(caller.principal, e, nullptr).error();
        }
        return before.error();
    }
    if (auto ok = registry::CanWriteEnterprise(caller.principal, e, &*before); !ok) return ok.error();
    // Written only if nobody changed it since the check above read it.
    e.updated_at = before->updated_at;
    auto updated = store_.UpdateEnterprise(e, Audit(caller, "enterprise.update", e.tax_code, e.address.province_code));
    prefixes_->Invalidate();
    return updated;
}

Result<registry::Enterprise> RegistryService::GetEnterprise(const Caller& caller, std::string_view tax_code) {
    auto e = store_.GetEnterprise(tax_code);
    if (!e) return e;
    if (!registry::CanReadEnterpriseFully(caller.principal, *e)) return registry::PublicEnterprise(std::move(*e));
    // Someone else's private fields (contacts) read by a supervisor: a privileged read.
    if (!caller.principal.ActsFor(e->tax_code) && caller.principal.actor != "cli") {
        if (auto r = store_.AppendAudit(Audit(caller, "enterprise.read", e->tax_code, e->address.province_code)); !r) {
            return r.error();
        }
    }
    return e;
}

Result<std::vector<registry::Enterprise>> RegistryService::ListEnterprises(const Caller& caller,
                                                                           const store::ListRequest& request) {
    auto list = store_.ListEnterprises(request);
    if (!list) return list;
    std::size_t privileged = 0;
    for (auto& e : *list) {
        if (!registry::CanReadEnterpriseFully(caller.principal, e)) {
            e = registry::PublicEnterprise(std::move(e));
        } else if (!caller.principal.ActsFor(e.tax_code)) {
            ++privileged;
        }
    }
    if (privileged > 0 && caller.principal.actor != "cli") {
        auto r = store_.AppendAudit(Audit(caller, "enterprise.list", "enterprises", request.province,
                                          json::serialize(json::object{{"full", privileged}})));
        if (!r) return r.error();
    }
    return list;
}

// ---- locations

Result<registry::Location> RegistryService::PutLocation(const Caller& caller, registry::Location l, bool create) {
    if (auto ok = registry::NormalizeLocation(l); !ok) return ok.error();
    auto holder = store_.EnterpriseByKey(l.gln);
    if (!holder) {
        if (holder.error().code != ErrorCode::kNotFound) return holder.error();
        return MakeError(ErrorCode::kInvalidArgument, "gln", "registry.prefix_unknown",
                         "No registered enterprise holds the GS1 Company Prefix of this GLN: register the enterprise "
                         "with its prefix first.",
                         l.gln);
    }
    if (auto ok = registry::CanWriteOwned(caller.principal, *holder, l.gln, "gln"); !ok) return ok.error();
    if (auto ok = CheckNamedOwner(l.owner, *holder, l.gln); !ok) return ok.error();
    l.owner = holder->tax_code;
    if (!l.parent.empty()) {
        auto parent = store_.GetLocation(l.parent);
        if (!parent) {
            if (parent.error().code != ErrorCode::kNotFound) return parent.error();
            return InvalidArgument("parent", "location.parent_unknown", "The enclosing location is not registered.",
                                   l.parent);
        }
    }
    return create ? store_.CreateLocation(l, Audit(caller, "location.create", l.gln, l.address.province_code))
                  : store_.UpdateLocation(l, Audit(caller, "location.update", l.gln, l.address.province_code));
}

Result<registry::Location> RegistryService::GetLocation(const Caller&, std::string_view gln) {
    return store_.GetLocation(gln);
}

Result<std::vector<registry::Location>> RegistryService::ListLocations(const Caller&,
                                                                       const store::ListRequest& request) {
    return store_.ListLocations(request);
}

// ---- products

Result<registry::Product> RegistryService::PutProduct(const Caller& caller, registry::Product p, bool create) {
    if (auto ok = registry::NormalizeProduct(p); !ok) return ok.error();
    auto holder = store_.EnterpriseByKey(GtinKeyDigits(p.gtin));
    if (!holder) {
        if (holder.error().code != ErrorCode::kNotFound) return holder.error();
        return MakeError(ErrorCode::kInvalidArgument, "gtin", "registry.prefix_unknown",
                         "No registered enterprise holds the GS1 Company Prefix of this GTIN: register the brand "
                         "owner with its prefix first.",
                         p.gtin);
    }
    if (auto ok = registry::CanWriteOwned(caller.principal, *holder, GtinKeyDigits(p.gtin), "gtin"); !ok) {
        return ok.error();
    }
    if (auto ok = CheckNamedOwner(p.owner, *holder, p.gtin); !ok) return ok.error();
    p.owner = holder->tax_code;
    for (std::size_t i = 0; i < p.images.size(); ++i) {
        auto image = store_.GetImage(p.images[i]);
        if (!image) {
            if (image.error().code != ErrorCode::kNotFound) return image.error();
            return InvalidArgument(fmt::format("images[{}]", i), "image.unknown",
                                   "No image with this SHA-256 was uploaded (POST /api/v1/images first).", p.images[i]);
        }
    }
    const std::string province = holder->address.province_code;
    return create ? store_.CreateProduct(p, Audit(caller, "product.create", p.gtin, province))
                  : store_.UpdateProduct(p, Audit(caller, "product.update", p.gtin, province));
}

Result<registry::Product> RegistryService::GetProduct(const Caller&, std::string_view gtin) {
    return store_.GetProduct(gtin);
}

Result<std::vector<registry::Product>> RegistryService::ListProducts(const Caller&, const store::ListRequest& request) {
    return store_.ListProducts(request);
}

// ---- delegations

Result<void> RegistryService::AddDelegation(const Caller& caller, std::string_view enterprise,
                                            std::string_view provider) {
    auto e = store_.GetEnterprise(enterprise);
    if (!e) return e.error();
    if (auto ok = registry::CanDelegate(caller.principal, *e); !ok) return ok;
    auto p = store_.GetEnterprise(provider);
    if (!p) {
        if (p.error().code != ErrorCode::kNotFound) return p.error();
        return InvalidArgument("provider", "delegation.provider_unknown",
                               "No enterprise with this tax code is registered.", provider);
    }
    if (p->kind != registry::EnterpriseKind::kSolutionProvider) {
        return InvalidArgument("provider", "delegation.not_provider",
                               "Only an enterprise registered as a solution provider can act for others.", provider);
    }
    return store_.AddDelegation(e->tax_code, p->tax_code,
                                Audit(caller, "delegation.add", e->tax_code, e->address.province_code,
                                      json::serialize(json::object{{"provider", p->tax_code}})));
}

Result<void> RegistryService::RemoveDelegation(const Caller& caller, std::string_view enterprise,
                                               std::string_view provider) {
    auto e = store_.GetEnterprise(enterprise);
    if (!e) return e.error();
    if (auto ok = registry::CanDelegate(caller.principal, *e); !ok) return ok;
    return store_.RemoveDelegation(e->tax_code, provider,
                                   Audit(caller, "delegation.remove", e->tax_code, e->address.province_code,
                                         json::serialize(json::object{{"provider", provider}})));
}

Result<std::vector<std::string>> RegistryService::ListDelegations(const Caller& caller, std::string_view enterprise) {
    auto e = store_.GetEnterprise(enterprise);
    if (!e) return e.error();
    if (!registry::CanReadEnterpriseFully(caller.principal, *e)) {
        if (caller.principal.role == Role::kConsumer) return registry::CanDelegate(caller.principal, *e).error();
        return MakeError(ErrorCode::kForbidden, "", "access.denied",
                         "Who acts for an enterprise is visible to it, its providers, its province and the operator.");
    }
    return store_.ProvidersOf(e->tax_code);
}

// ---- keys

Result<RegistryService::Grant> RegistryService::ResolveGrant(const Caller& caller, registry::Role role,
                                                             std::string_view subject_code, std::string_view province,
                                                             const std::vector<std::string>& scopes) {
    Grant g;
    // A subject belongs to enterprise roles, a province to provincial ones: nothing else may carry
    // them (they decide what the credential sees and where its audit entries are filed).
    if (!registry::IsEnterpriseRole(role) && !subject_code.empty()) {
        return InvalidArgument("enterprise", "key.subject_not_allowed", "Only enterprise roles name an enterprise.",
                               subject_code);
    }
    if (!registry::IsProvincialRole(role) && !province.empty()) {
        return InvalidArgument("province", "key.province_not_allowed", "Only provincial roles name a province.",
                               province);
    }
    std::optional<registry::Enterprise> subject;
    if (registry::IsEnterpriseRole(role)) {
        auto tax = registry::ParseTaxCode(subject_code, "enterprise");
        if (!tax) return tax.error();
        auto e = store_.GetEnterprise(tax->value);
        if (!e) {
            if (e.error().code != ErrorCode::kNotFound) return e.error();
            return InvalidArgument("enterprise", "key.subject_unknown",
                                   "No enterprise with this tax code is registered.", tax->value);
        }
        subject = std::move(*e);
        g.subject = subject->tax_code;
        // The enterprise is of the role's kind: a provider key for a solution provider, and so on.
        using K = registry::EnterpriseKind;
        const bool kind_ok =
            role == Role::kSolutionProvider    ? subject->kind == K::kSolutionProvider
            : role == Role::kCertificationBody ? subject->kind == K::kCertificationBody
            : role == Role::kHousehold
                ? subject->kind == K::kHousehold || subject->kind == K::kCooperative
                : subject->kind == K::kEnterprise || subject->kind == K::kCooperative || subject->kind == K::kHousehold;
        if (!kind_ok) {
            return InvalidArgument("role", "key.role_kind",
                                   fmt::format("A {} key is for an enterprise registered as such; this one is a {}.",
                                               registry::RoleName(role), registry::EnterpriseKindName(subject->kind)),
                                   subject->tax_code);
        }
    }
    if (!province.empty()) {
        auto p = registry::ResolveProvince(province, "province");
        if (!p) return p.error();
        g.province = std::string(p->province->code);
    } else if (subject && registry::IsProvincialRole(role)) {
        g.province = subject->address.province_code;
    }
    if (auto ok = registry::CanCreateKey(caller.principal, role, subject ? &*subject : nullptr, g.province); !ok) {
        return ok.error();
    }
    g.scopes = scopes;
    if (g.scopes.empty()) g.scopes = {std::string(registry::kScopeRead), std::string(registry::kScopeWrite)};
    for (const auto& s : g.scopes) {
        if (s != registry::kScopeRead && s != registry::kScopeWrite) {
            return InvalidArgument("scopes", "key.scope", "A scope is `read` or `write`.", s);
        }
        // Nobody gets more than who made them.
        if (!caller.principal.HasScope(s)) {
            return MakeError(ErrorCode::kForbidden, "scopes", "access.scope", "A key cannot grant a scope it lacks.",
                             s);
        }
    }
    g.audit_province = subject ? subject->address.province_code : g.province;
    return g;
}

Result<CreatedKey> RegistryService::CreateKey(const Caller& caller, const NewKeyRequest& request) {
    store::ApiKeyRecord record;
    record.name = request.name;
    if (record.name.empty() || CodePointCount(record.name) > 200 || !ValidUtf8(record.name)) {
        return InvalidArgument("name", "key.name", "Give the key a name of 1 to 200 characters (who or what uses it).",
                               record.name);
    }
    auto grant = ResolveGrant(caller, request.role, request.subject, request.province, request.scopes);
    if (!grant) return grant.error();
    record.subject = grant->subject;
    record.province = grant->province;
    record.scopes = grant->scopes;
    record.role = std::string(registry::RoleName(request.role));
    if (!request.expires_at.empty()) {
        auto t = epcis::DateTime::Parse(request.expires_at);
        if (!t) {
            return InvalidArgument("expiresAt", "key.expires_at", "Give the expiry as an RFC 3339 date-time.",
                                   request.expires_at);
        }
        record.expires_at = t->ToUtcString(3);
        if (record.expires_at <= Now()) {
            return InvalidArgument("expiresAt", "key.expires_at", "The expiry is in the past.", request.expires_at);
        }
    }
    record.created_by = caller.principal.actor;
    // No later than the key that makes it: a key cannot outlive itself through its children.
    if (!caller.principal.actor.starts_with("user:") && caller.principal.actor != registry::CommandLine().actor) {
        auto maker = store_.GetKey(caller.principal.actor);
        if (!maker && maker.error().code != ErrorCode::kNotFound) return maker.error();
        if (maker && !maker->expires_at.empty() &&
            (record.expires_at.empty() || maker->expires_at < record.expires_at)) {
            record.expires_at = maker->expires_at;
        }
    }
    const registry::KeySecret secret = registry::NewKeySecret();
    record.id = secret.id;
    record.secret_hash = registry::HashSecret(secret.secret);
    auto stored =
        store_.CreateKey(record, Audit(caller, "key.create", record.id, grant->audit_province,
                                       json::serialize(json::object{{"role", record.role},
                                                                    {"subject", record.subject},
                                                                    {"province", record.province},
                                                                    {"name", record.name}})));
    if (!stored) return stored.error();
    return CreatedKey{std::move(*stored), secret.Token()};
}

// ---- users and sessions

namespace {

constexpr int kFailuresPerUser = 5;      // per 15-minute window
constexpr int kFailuresPerAddress = 20;  // per 15-minute window
constexpr std::int64_t kWindowSeconds = 15 * 60;
constexpr std::int64_t kSessionSeconds = 12 * 3600;

Error SignInFailed() {
    return MakeError(ErrorCode::kUnauthorized, "", "auth.sign_in_failed",
                     "The user name or the password is wrong. / Tên đăng nhập hoặc mật khẩu không đúng.");
}

Error InvalidSession() {
    return MakeError(ErrorCode::kUnauthorized, "Cookie", "auth.invalid_session",
                     "The session has ended (signed out, expired or revoked): sign in again.");
}

// The client's address without its port: what rate limits count. Addresses come as
// http::AddressText writes them: "203.0.113.9:5555", "[2001:db8::1]:5555", or without the port.
std::string Host(std::string_view remote) {
    if (remote.starts_with('[')) return std::string(remote.substr(0, remote.find(']') + 1));
    return std::string(remote.substr(0, remote.find(':')));
}

Principal PrincipalOfUser(const store::UserRecord& u) {
    Principal p;
    auto role = registry::ParseRole(u.role);
    p.role = role ? *role : Role::kConsumer;  // a stored role this build does not know grants nothing
    p.actor = "user:" + u.name;
    p.name = u.name;
    p.subject = u.subject;
    p.province = u.province;
    p.scopes = u.scopes;
    return p;
}

}  // namespace

std::string RegistryService::TimeAfter(std::int64_t seconds) const {
    epcis::DateTime t = clock_ ? clock_() : store::NowUtc();
    t.unix_seconds += seconds;
    return t.ToUtcString(3);
}

std::string RegistryService::WindowStart() const {
    epcis::DateTime t = clock_ ? clock_() : store::NowUtc();
    t.unix_seconds -= t.unix_seconds % kWindowSeconds;
    t.nanos = 0;
    return t.ToUtcString(3);
}

Result<store::UserRecord> RegistryService::CreateUser(const Caller& caller, const NewUserRequest& request) {
    if (auto ok = registry::CheckUserName(request.name); !ok) return ok.error();
    if (auto ok = registry::CheckPassword(request.password, request.name); !ok) return ok.error();
    auto grant = ResolveGrant(caller, request.role, request.subject, request.province, request.scopes);
    if (!grant) return grant.error();
    store::UserRecord u;
    u.name = request.name;
    u.password_hash = registry::HashPassword(request.password);
    u.role = std::string(registry::RoleName(request.role));
    u.subject = grant->subject;
    u.province = grant->province;
    u.scopes = grant->scopes;
    u.created_by = caller.principal.actor;
    return store_.CreateUser(u, Audit(caller, "user.create", u.name, grant->audit_province,
                                      json::serialize(json::object{{"role", u.role}, {"subject", u.subject}})));
}

Result<std::vector<store::UserRecord>> RegistryService::ListUsers(const Caller& caller) {
    if (caller.principal.role == Role::kConsumer) return registry::AuditScope(caller.principal).error();
    auto users = store_.ListUsers();
    if (!users) return users;
    std::vector<store::UserRecord> out;
    for (auto& u : *users) {
        if (ManageableUser(caller, u)) out.push_back(std::move(u));
    }
    return out;
}

bool RegistryService::ManageableUser(const Caller& caller, const store::UserRecord& u) {
    auto role = registry::ParseRole(u.role);
    std::optional<registry::Enterprise> subject;
    if (!u.subject.empty()) {
        if (auto e = store_.GetEnterprise(u.subject)) subject = std::move(*e);
    }
    return role && registry::CanManageKey(caller.principal, *role, subject ? &*subject : nullptr, u.province);
}

Result<store::UserRecord> RegistryService::DisableUser(const Caller& caller, std::string_view name,
                                                       bool keep_descendants) {
    auto u = store_.GetUser(name);
    if (!u && u.error().code != ErrorCode::kNotFound) return u;
    // An unknown name and someone else's user get the same 403, so that names cannot be probed;
    // only the national admin, who may manage every user, hears that a name is unknown.
    if (!u && caller.principal.role == Role::kNationalAdmin) return u;
    if (!u || !ManageableUser(caller, *u)) {
        return MakeError(ErrorCode::kForbidden, "", "access.denied", "This key may not manage that user.");
    }
    return store_.DisableUser(
        name, !keep_descendants,
        Audit(caller, "user.disable", std::string(name), u->province,
              json::serialize(json::object{{"keysMade", keep_descendants ? "kept" : "revoked"}})));
}

Result<SignedIn> RegistryService::SignIn(std::string_view name, std::string_view password,
                                         std::string_view remote_address) {
    const std::string user_key = "user:" + std::string(name);
    const std::string address_key = "ip:" + Host(remote_address);
    const std::string window = WindowStart();
    // Counted as a failure before the password is checked (and given back if it is right), so a
    // burst of parallel guesses cannot all pass the limit before any is counted.
    auto reserved = store_.ReserveAttempt({{user_key, kFailuresPerUser}, {address_key, kFailuresPerAddress}}, window);
    if (!reserved) return reserved.error();
    if (!*reserved) {
        return MakeError(ErrorCode::kTooManyRequests, "", "auth.rate_limited",
                         "Đăng nhập sai quá nhiều lần: hãy đợi 15 phút. / Too many failed sign-ins: wait 15 minutes.");
    }
    auto user = store_.GetUser(name);
    if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
    // The same Argon2id work whether the name exists or not, so timing does not tell.
    const bool match = registry::VerifyPassword(user ? user->password_hash : registry::DecoyPasswordHash(), password);
    if (!user || !match || !user->disabled_at.empty()) return SignInFailed();
    (void)store_.ClearFailures(user_key);
    (void)store_.ReleaseAttempt(address_key, window);
    SignedIn out;
    out.token = registry::NewToken();
    out.csrf = registry::NewToken();
    out.expires_at = TimeAfter(kSessionSeconds);
    out.principal = PrincipalOfUser(*user);
    store::SessionRecord session{registry::HashSecret(out.token), user->name, out.csrf, "", out.expires_at, ""};
    const Caller caller{out.principal, std::string(remote_address)};
    auto stored = store_.CreateSession(session, Audit(caller, "session.create", user->name, user->province));
    if (!stored) return stored.error();
    return out;
}

Result<SessionCaller> RegistryService::AuthenticateSession(std::string_view token) {
    if (token.empty() || token.size() > 100) return InvalidSession();
    auto session = store_.GetSession(registry::HashSecret(token));
    if (!session) {
        if (session.error().code == ErrorCode::kNotFound) return InvalidSession();
        return session.error();
    }
    if (!session->revoked_at.empty() || session->expires_at <= Now()) return InvalidSession();
    auto user = store_.GetUser(session->user);
    if (!user) {
        if (user.error().code == ErrorCode::kNotFound) return InvalidSession();
        return user.error();
    }
    if (!user->disabled_at.empty()) return InvalidSession();
    SessionCaller out{PrincipalOfUser(*user), session->csrf};
    if (auto standing = CheckStanding(out.principal); !standing) return standing.error();
    return out;
}

Result<void> RegistryService::SignOut(const Caller& caller, std::string_view token) {
    auto r = store_.RevokeSession(registry::HashSecret(token),
                                  Audit(caller, "session.revoke", caller.principal.name, caller.principal.province));
    if (!r && r.error().code == ErrorCode::kNotFound) return InvalidSession();
    return r;
}

Result<void> RegistryService::ChangePassword(const Caller& caller, std::string_view current, std::string_view fresh) {
    const std::string& name = caller.principal.name;
    if (!caller.principal.actor.starts_with("user:")) {
        return MakeError(ErrorCode::kForbidden, "", "access.denied", "Only a signed-in user changes its password.");
    }
    auto user = store_.GetUser(name);
    if (!user) return user.error();
    if (!registry::VerifyPassword(user->password_hash, current)) {
        return MakeError(ErrorCode::kForbidden, "currentPassword", "auth.password_wrong",
                         "The current password is wrong.");
    }
    if (auto ok = registry::CheckPassword(fresh, name, "newPassword"); !ok) return ok;
    return store_.SetPassword(name, registry::HashPassword(fresh),
                              Audit(caller, "user.password", name, user->province));
}

Result<std::vector<store::ApiKeyRecord>> RegistryService::ListKeys(const Caller& caller) {
    const Principal& p = caller.principal;
    if (p.role == Role::kConsumer) return registry::AuditScope(p).error();
    auto keys =
        store_.ListKeys(p.role == Role::kNationalAdmin || registry::IsProvincialRole(p.role) ? "" : p.subject, "");
    if (!keys) return keys;
    std::vector<store::ApiKeyRecord> out;
    for (auto& k : *keys) {
        auto role = registry::ParseRole(k.role);
        std::optional<registry::Enterprise> subject;
        if (!k.subject.empty()) {
            if (auto e = store_.GetEnterprise(k.subject)) subject = std::move(*e);
        }
        if (role && registry::CanManageKey(p, *role, subject ? &*subject : nullptr, k.province)) {
            out.push_back(std::move(k));
        }
    }
    return out;
}

Result<store::ApiKeyRecord> RegistryService::GetKey(const Caller& caller, std::string_view id) {
    auto key = store_.GetKey(id);
    if (!key) return key;
    auto role = registry::ParseRole(key->role);
    if (!role) return role.error();
    std::optional<registry::Enterprise> subject;
    if (!key->subject.empty()) {
        if (auto e = store_.GetEnterprise(key->subject)) subject = std::move(*e);
    }
    if (auto ok = registry::CanManageKey(caller.principal, *role, subject ? &*subject : nullptr, key->province); !ok) {
        return ok.error();
    }
    return key;
}

Result<store::ApiKeyRecord> RegistryService::RevokeKey(const Caller& caller, std::string_view id,
                                                       bool keep_descendants) {
    auto key = GetKey(caller, id);  // whoever may see a key may revoke it
    if (!key) return key;
    std::string province = key->province;
    if (!key->subject.empty()) {
        if (auto e = store_.GetEnterprise(key->subject)) province = e->address.province_code;
    }
    return store_.RevokeKey(id, !keep_descendants,
                            Audit(caller, "key.revoke", std::string(id), province,
                                  json::serialize(json::object{{"keysMade", keep_descendants ? "kept" : "revoked"}})));
}

// ---- images

namespace {

// The image type the bytes start with, or "" when none of the accepted ones.
std::string_view SniffImage(std::string_view b) {
    if (b.size() >= 3 && b.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return "image/jpeg";
    if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return "image/png";
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
    return {};
}

}  // namespace

Result<store::ImageRecord> RegistryService::UploadImage(const Caller& caller, std::string_view content_type,
                                                        std::string data) {
    const Principal& p = caller.principal;
    if (p.role == Role::kConsumer) return registry::AuditScope(p).error();
    if (!p.HasScope(registry::kScopeWrite)) {
        return registry::ReadOnly();
    }
    if (data.size() > kMaxImageBytes) {
        return MakeError(ErrorCode::kTooLarge, "body", "image.too_large",
                         fmt::format("An image is at most {} bytes.", kMaxImageBytes));
    }
    const std::string_view sniffed = SniffImage(data);
    const std::string_view declared = content_type.substr(0, content_type.find(';'));
    if (sniffed.empty() || sniffed != declared) {
        return MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type", "image.type",
                         sniffed.empty() ? "Upload a JPEG, PNG or WebP image."
                                         : fmt::format("The bytes are {}, not {}.", sniffed, declared),
                         content_type);
    }
    store::ImageRecord image;
    image.sha256 = registry::HashSecret(data);  // SHA-256, lower-case hex
    image.content_type = std::string(sniffed);
    image.data = std::move(data);
    image.created_by = p.actor;
    return store_.PutImage(
        image, Audit(caller, "image.upload", image.sha256, p.province,
                     json::serialize(json::object{{"contentType", image.content_type}, {"bytes", image.data.size()}})));
}

Result<store::ImageRecord> RegistryService::GetImage(std::string_view sha256) { return store_.GetImage(sha256); }

// ---- resolver links

namespace {

// The GTIN-14 of a link's canonical anchor ("https://id.gs1.org/01/<GTIN>/...").
std::string AnchorGtin(std::string_view anchor) {
    constexpr std::string_view kStem = "https://id.gs1.org/01/";
    return anchor.starts_with(kStem) ? std::string(anchor.substr(kStem.size(), 14)) : std::string();
}

}  // namespace

Result<registry::Link> RegistryService::CreateLink(const Caller& caller, registry::Link link) {
    const std::string gtin = AnchorGtin(link.anchor);
    auto holder = store_.EnterpriseByKey(GtinKeyDigits(gtin));
    if (!holder) {
        if (holder.error().code != ErrorCode::kNotFound) return holder.error();
        return MakeError(ErrorCode::kInvalidArgument, "anchor", "registry.prefix_unknown",
                         "No registered enterprise holds the GS1 Company Prefix of this GTIN.", gtin);
    }
    if (auto ok = registry::CanWriteOwned(caller.principal, *holder, GtinKeyDigits(gtin), "anchor"); !ok) {
        return ok.error();
    }
    link.owner = holder->tax_code;
    auto created = store_.CreateLink(link, Audit(caller, "link.create", link.anchor, holder->address.province_code,
                                                 json::serialize(registry::EncodeLink(link))));
    links_->Forget(link.anchor);
    return created;
}

Result<registry::Link> RegistryService::DeleteLink(const Caller& caller, std::int64_t id) {
    auto link = store_.GetLink(id);
    if (!link) return link;
    const std::string gtin = AnchorGtin(link->anchor);
    auto holder = store_.EnterpriseByKey(GtinKeyDigits(gtin));
    if (!holder && holder.error().code != ErrorCode::kNotFound) return holder.error();
    // The prefix's present holder decides (else the owner recorded with the link).
    auto owner = holder ? std::move(holder) : store_.GetEnterprise(link->owner);
    if (!owner) return owner.error();
    if (auto ok = registry::CanWriteOwned(caller.principal, *owner, GtinKeyDigits(gtin), "anchor"); !ok) {
        return ok.error();
    }
    auto deleted = store_.DeleteLink(id, Audit(caller, "link.delete", link->anchor, owner->address.province_code,
                                               json::serialize(registry::EncodeLink(*link))));
    links_->Forget(link->anchor);
    return deleted;
}

Result<registry::Link> RegistryService::GetLink(std::int64_t id) { return store_.GetLink(id); }

Result<std::vector<registry::Link>> RegistryService::ListLinks(std::string_view owner, std::string_view gtin,
                                                               std::int64_t after_id, std::size_t limit) {
    const std::string prefix = gtin.empty() ? std::string() : "https://id.gs1.org/01/" + std::string(gtin);
    return store_.ListLinks(owner, prefix, after_id, limit);
}

Result<std::vector<registry::Link>> RegistryService::LinksFor(const std::vector<std::string>& anchors) {
    if (auto cached = links_->Get(anchors)) return std::move(*cached);
    const std::uint64_t generation = links_->Generation();
    std::vector<registry::Link> out;
    for (const auto& anchor : anchors) {
        auto some = store_.LinksOf({anchor});
        if (!some) return some.error();
        out.insert(out.end(), some->begin(), some->end());
        links_->Put(anchor, std::move(*some), generation);
    }
    return out;
}

std::optional<std::vector<registry::Link>> RegistryService::CachedLinksFor(
    const std::vector<std::string>& anchors) const {
    return links_->Get(anchors);
}

// ---- connected systems

Result<ConnectedSystem> RegistryService::LoadSystem(std::string_view id) {
    ConnectedSystem s;
    s.id = std::string(id);
    std::string role;
    std::string subject;
    if (id.starts_with("provider:")) {
        auto e = store_.GetEnterprise(id.substr(9));
        if (!e || e->kind != registry::EnterpriseKind::kSolutionProvider) {
            if (!e && e.error().code != ErrorCode::kNotFound) return e.error();
            return MakeError(ErrorCode::kNotFound, "system", "registry.not_found",
                             "No solution provider with this tax code is registered.", id);
        }
        s.kind = "solution_provider";
        s.name = e->name;
        s.province = e->address.province_code;
        auto d = store_.DelegatorsOf(e->tax_code);
        if (!d) return d.error();
        s.enterprises = std::move(*d);
        role = std::string(registry::RoleName(Role::kSolutionProvider));
        subject = e->tax_code;
        auto keys = store_.ListKeys(e->tax_code, "");
        if (!keys) return keys.error();
        s.keys = std::move(*keys);
    } else if (id.starts_with("province:")) {
        const registry::Province* p = registry::FindProvince(id.substr(9));
        if (p == nullptr) {
            return MakeError(ErrorCode::kNotFound, "system", "registry.not_found", "No such province.", id);
        }
        s.kind = "provincial_system";
        s.name = {"Hệ thống truy xuất nguồn gốc " + registry::ProvinceLineVi(*p),
                  "Traceability system of " + std::string(p->name_en)};
        s.province = std::string(p->code);
        role = std::string(registry::RoleName(Role::kProvincialSystem));
        subject = s.province;
        auto keys = store_.ListKeys("", s.province);
        if (!keys) return keys.error();
        for (auto& k : *keys) {
            if (k.role == role) s.keys.push_back(std::move(k));
        }
        store::ListRequest page;
        page.limit = 1000;
        page.province = s.province;
        for (;;) {
            auto list = store_.ListEnterprises(page);
            if (!list) return list.error();
            for (const auto& e : *list) s.enterprises.push_back(e.tax_code);
            if (list->size() < page.limit) break;
            page.after = list->back().tax_code;
        }
    } else {
        return MakeError(ErrorCode::kNotFound, "system", "registry.not_found",
                         "A system id is provider:<tax code> or province:<code>.", id);
    }
    auto certs = store_.ListCertifications(s.id);
    if (!certs) return certs.error();
    s.certifications = std::move(*certs);
    auto activity = store_.ActivityOf(role, subject);
    if (!activity) return activity.error();
    s.activity = std::move(*activity);
    std::map<std::string, std::int64_t> missing;
    for (const auto& owner : s.enterprises) {
        store::ListRequest page;
        page.limit = 1000;
        page.owner = owner;
        for (;;) {
            auto list = store_.ListProducts(page);
            if (!list) return list.error();
            for (const auto& product : *list) {
                ++s.products;
                const auto items = MissingProductItems(product);
                if (items.empty()) ++s.products_complete;
                for (const auto& i : items) ++missing[i];
            }
            if (list->size() < page.limit) break;
            page.after = list->back().gtin;
        }
    }
    s.product_missing.assign(missing.begin(), missing.end());
    const std::int64_t total = s.activity.events + s.products;
    s.quality =
        total == 0 ? 1.0 : static_cast<double>(s.activity.complete + s.products_complete) / static_cast<double>(total);
    return s;
}

bool RegistryService::Supervises(const Principal& p, std::string_view id, std::string_view province) {
    if (p.IsNational() || p.role == Role::kCertificationBody) return true;
    if (p.role == Role::kProvincialAuthority) return p.province == province;
    if (p.role == Role::kProvincialSystem) return id == "province:" + p.province;
    if (p.role == Role::kSolutionProvider) return id == "provider:" + p.subject;
    return false;
}

Result<std::vector<ConnectedSystem>> RegistryService::ListSystems(const Caller& caller) {
    if (caller.principal.role == Role::kConsumer) return registry::AuditScope(caller.principal).error();
    // Only the systems the caller supervises are loaded (each load counts events and products).
    const Principal& p = caller.principal;
    std::vector<std::string> ids;
    store::ListRequest page;
    page.limit = 1000;
    for (;;) {
        auto list = store_.ListEnterprises(page);
        if (!list) return list.error();
        for (const auto& e : *list) {
            std::string id = "provider:" + e.tax_code;
            if (e.kind == registry::EnterpriseKind::kSolutionProvider && Supervises(p, id, e.address.province_code)) {
                ids.push_back(std::move(id));
            }
        }
        if (list->size() < page.limit) break;
        page.after = list->back().tax_code;
    }
    // Provinces appear once one of their systems holds a key.
    auto keys = store_.ListKeys("", "");
    if (!keys) return keys.error();
    std::set<std::string> provinces;
    for (const auto& k : *keys) {
        if (k.role == registry::RoleName(Role::kProvincialSystem)) provinces.insert(k.province);
    }
    for (const auto& province : provinces) {
        std::string id = "province:" + province;
        if (Supervises(p, id, province)) ids.push_back(std::move(id));
    }
    std::vector<ConnectedSystem> out;
    for (const auto& id : ids) {
        auto s = LoadSystem(id);
        if (!s) return s.error();
        out.push_back(std::move(*s));
    }
    return out;
}

Result<ConnectedSystem> RegistryService::GetSystem(const Caller& caller, std::string_view id) {
    if (caller.principal.role == Role::kConsumer) return registry::AuditScope(caller.principal).error();
    auto s = LoadSystem(id);
    if (!s) return s;
    if (!Supervises(caller.principal, s->id, s->province)) {
        return MakeError(ErrorCode::kForbidden, "", "access.denied",
                         "Systems are supervised by the national operator, the provincial authority of their "
                         "province, certification bodies and themselves.");
    }
    return s;
}

Result<store::CertificationRecord> RegistryService::Certify(const Caller& caller, std::string_view id,
                                                            store::CertificationRecord c) {
    const Principal& p = caller.principal;
    if (p.role == Role::kConsumer) return registry::AuditScope(p).error();
    if (!p.HasScope(registry::kScopeWrite)) {
        return registry::ReadOnly();
    }
    if (p.role == Role::kCertificationBody) {
        c.certifier = p.subject;
    } else if (p.role != Role::kNationalAdmin) {
        return MakeError(ErrorCode::kForbidden, "", "access.denied",
                         "Certifications are recorded by certification bodies (TCVN 12851) or the national operator.");
    }
    auto certifier = store_.GetEnterprise(c.certifier);
    if (!certifier || certifier->kind != registry::EnterpriseKind::kCertificationBody) {
        return InvalidArgument("certifier", "certification.certifier",
                               "The certifier must be a registered certification body.", c.certifier);
    }
    auto issued = epcis::DateTime::Parse(std::string(c.issued_on) + "T00:00:00Z");
    auto until = epcis::DateTime::Parse(std::string(c.valid_until) + "T00:00:00Z");
    if (c.issued_on.size() != 10 || !issued) {
        return InvalidArgument("issuedOn", "certification.date", "Give the date as YYYY-MM-DD.", c.issued_on);
    }
    if (c.valid_until.size() != 10 || !until) {
        return InvalidArgument("validUntil", "certification.date", "Give the date as YYYY-MM-DD.", c.valid_until);
    }
    if (*until <= *issued) {
        return InvalidArgument("validUntil", "certification.validity", "A certificate is valid after it is issued.",
                               c.valid_until);
    }
    if (c.standard.empty() || CodePointCount(c.standard) > 100 || !ValidUtf8(c.standard)) {
        return InvalidArgument("standard", "certification.standard",
                               "Name the standard assessed against, e.g. \"TCVN 12850:2019\".", c.standard);
    }
    if (c.certificate.empty() || CodePointCount(c.certificate) > 100 || !ValidUtf8(c.certificate)) {
        return InvalidArgument("certificate", "certification.certificate", "Give the certificate's number.",
                               c.certificate);
    }
    if (CodePointCount(c.scope) > 1000 || !ValidUtf8(c.scope)) {
        return InvalidArgument("scope", "certification.scope", "The scope is at most 1,000 characters.");
    }
    auto s = LoadSystem(id);
    if (!s) return s.error();
    c.system = s->id;
    c.created_by = p.actor;
    return store_.AddCertification(
        c, Audit(caller, "system.certify", s->id, s->province,
                 json::serialize(json::object{{"standard", c.standard}, {"certificate", c.certificate}})));
}

// ---- captures

Result<void> RegistryService::AuthorizeCapture(const Caller& caller, const std::vector<epcis::Event>& events,
                                               const std::vector<epcis::Vocabulary>& master_data,
                                               std::string_view list_path) {
    return service::AuthorizeCapture(store_, caller.principal, events, master_data, list_path);
}

EventAccess RegistryService::AccessFor(const registry::Principal& principal) { return EventAccess(store_, principal); }

Result<void> RegistryService::Record(const Caller& caller, std::string action, std::string resource,
                                     std::string detail) {
    // The province of the actor (its enterprise's, or its own for provincial keys).
    std::string province = caller.principal.province;
    if (province.empty() && !caller.principal.subject.empty()) {
        if (auto e = store_.GetEnterprise(caller.principal.subject)) province = e->address.province_code;
    }
    auto r = store_.AppendAudit(Audit(caller, std::move(action), std::move(resource), province, std::move(detail)));
    if (!r) return r.error();
    return {};
}

// ---- audit

Result<std::vector<store::AuditEntry>> RegistryService::ListAudit(const Caller& caller, store::AuditFilter filter) {
    auto scope = registry::AuditScope(caller.principal);
    if (!scope) return scope.error();
    if (!scope->empty()) {
        if (!filter.province.empty() && filter.province != *scope) {
            return MakeError(ErrorCode::kForbidden, "province", "access.denied",
                             "A provincial authority reads the audit entries of its own province only.",
                             filter.province);
        }
        filter.province = *scope;
    }
    auto entries = store_.ListAudit(filter);
    if (!entries) return entries;
    auto logged = store_.AppendAudit(Audit(caller, "audit.read", "audit", *scope,
                                           json::serialize(json::object{{"province", filter.province},
                                                                        {"actor", filter.actor},
                                                                        {"action", filter.action},
                                                                        {"after", filter.after_id}})));
    if (!logged) return logged.error();
    return entries;
}

}  // namespace txng::service
