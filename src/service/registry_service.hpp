#pragma once
// The registry's use cases, shared by the portal API (/api/v1) and the admin CLI: authenticate a
// key, then read or write enterprises, locations, products, delegations and keys under the access
// rules of registry/access.hpp, recording every write (and every privileged read of the audit log)
// in the audit log with who, when, what and from where.
//
// Thread-safe (the store is). Errors are the store's and the access rules' (kUnauthorized,
// kForbidden, kInvalidArgument, kNotFound, kConflict, kUnavailable).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "epcis/date_time.hpp"
#include "epcis/event.hpp"
#include "gs1/company_prefix.hpp"
#include "registry/access.hpp"
#include "registry/records.hpp"
#include "service/event_access.hpp"
#include "store/registry_store.hpp"

namespace txng::service {

// Who is calling and from where (for the audit log).
struct Caller {
    registry::Principal principal = registry::Anonymous();
    std::string remote_address;  // "ip:port"; empty from the CLI
};

struct NewKeyRequest {
    std::string name;
    registry::Role role = registry::Role::kEnterprise;
    std::string subject;              // tax code, for enterprise roles
    std::string province;             // for provincial roles (a pre-2025 code is translated)
    std::vector<std::string> scopes;  // empty: read and write
    std::string expires_at;           // RFC 3339; empty: never
};

struct CreatedKey {
    store::ApiKeyRecord record;
    std::string token;  // shown once: "txng_<id>_<secret>"
};

struct NewUserRequest {
    std::string name;      // login name (registry::CheckUserName)
    std::string password;  // registry::CheckPassword
    registry::Role role = registry::Role::kEnterprise;
    std::string subject;
    std::string province;
    std::vector<std::string> scopes;  // empty: read and write
};

struct SignedIn {
    std::string token;  // the session cookie's value, shown once
    std::string csrf;   // what unsafe requests of the session must send as X-CSRF-Token
    std::string expires_at;
    registry::Principal principal;
};

struct SessionCaller {
    registry::Principal principal;
    std::string csrf;
};

// A traceability system connected to this node: a solution provider's platform or a province's
// system, with what it has sent and how complete that is.
struct ConnectedSystem {
    std::string id;    // "provider:<tax code>" or "province:<code>"
    std::string kind;  // "solution_provider" or "provincial_system"
    registry::Name name;
    std::string province;
    std::vector<std::string> enterprises;  // tax codes it acts for
    std::vector<store::ApiKeyRecord> keys;
    std::vector<store::CertificationRecord> certifications;
    store::CaptureActivity activity;
    // Circular 02 minimum data: products of its enterprises, and which items they miss.
    std::int64_t products = 0;
    std::int64_t products_complete = 0;
    std::vector<std::pair<std::string, std::int64_t>> product_missing;
    // Share (0..1) of its events and products that carry every item; 1 when it has sent nothing.
    double quality = 1;
};

// What ImportMasterData did.
struct MasterDataImport {
    std::size_t created = 0;     // locations and products registered
    std::size_t existing = 0;    // already registered: left as they are
    std::vector<Error> skipped;  // refused (invalid, or not the caller's), each naming the element
};

class RegistryService {
  public:
    explicit RegistryService(store::RegistryStore& store, std::function<epcis::DateTime()> clock = {});
    ~RegistryService();

    // The registered GS1 Company Prefixes, for converting Digital Links to EPC URNs
    // (GS1-EPC-Format: Always_EPC_URN). Kept in memory: reloaded after a change made through this
    // service and at most 30 s after a change made elsewhere (another node, the CLI).
    const gs1::CompanyPrefixProvider& Prefixes() const;

    // The principal of `Authorization: Bearer <token>`. Unknown, revoked and expired keys and wrong
    // secrets all give the same kUnauthorized (rule `auth.invalid_key`), so nothing tells which.
    // A key of an enterprise that is suspended: kForbidden (rule `auth.enterprise_suspended`). A
    // provider acts only for the active enterprises that delegated to it.
    Result<registry::Principal> Authenticate(std::string_view token);

    Result<registry::Enterprise> CreateEnterprise(const Caller& caller, registry::Enterprise e);
    Result<registry::Enterprise> UpdateEnterprise(const Caller& caller, registry::Enterprise e);
    // The full record for those allowed (registry::CanReadEnterpriseFully), the public view otherwise.
    Result<registry::Enterprise> GetEnterprise(const Caller& caller, std::string_view tax_code);
    Result<std::vector<registry::Enterprise>> ListEnterprises(const Caller& caller, const store::ListRequest& request);

    // The owner is the enterprise holding the key's company prefix; an owner given in the record
    // must be that one (kForbidden, rule `registry.prefix_not_owned`, otherwise). A parent location
    // must exist (kInvalidArgument, rule `location.parent_unknown`).
    Result<registry::Location> PutLocation(const Caller& caller, registry::Location l, bool create);
    Result<registry::Location> GetLocation(const Caller& caller, std::string_view gln);
    Result<std::vector<registry::Location>> ListLocations(const Caller& caller, const store::ListRequest& request);

    Result<registry::Product> PutProduct(const Caller& caller, registry::Product p, bool create);
    Result<registry::Product> GetProduct(const Caller& caller, std::string_view gtin);
    Result<std::vector<registry::Product>> ListProducts(const Caller& caller, const store::ListRequest& request);

    // `provider` must be a registered enterprise of kind solution_provider.
    Result<void> AddDelegation(const Caller& caller, std::string_view enterprise, std::string_view provider);
    Result<void> RemoveDelegation(const Caller& caller, std::string_view enterprise, std::string_view provider);
    Result<std::vector<std::string>> ListDelegations(const Caller& caller, std::string_view enterprise);

    // A key made by a key that expires expires no later than its maker.
    Result<CreatedKey> CreateKey(const Caller& caller, const NewKeyRequest& request);
    Result<std::vector<store::ApiKeyRecord>> ListKeys(const Caller& caller);
    // A key the caller may manage (as RevokeKey): kForbidden otherwise, kNotFound when unknown.
    Result<store::ApiKeyRecord> GetKey(const Caller& caller, std::string_view id);
    // Revokes the key and, unless `keep_descendants`, the keys it made, and theirs: whatever a
    // stolen key made goes with it.
    Result<store::ApiKeyRecord> RevokeKey(const Caller& caller, std::string_view id, bool keep_descendants = false);

    // Users who sign in with a password (browser sessions). Who may create a user of a role is
    // who may create a key of that role; the password is kept only as its Argon2id hash.
    Result<store::UserRecord> CreateUser(const Caller& caller, const NewUserRequest& request);
    Result<std::vector<store::UserRecord>> ListUsers(const Caller& caller);
    // Disables the user, ends its sessions and, unless `keep_descendants`, revokes the keys it
    // made (and theirs).
    Result<store::UserRecord> DisableUser(const Caller& caller, std::string_view name, bool keep_descendants = false);

    // Signs a user in: a new session of 12 hours. A wrong name, a wrong password and a disabled
    // user give the same kUnauthorized (`auth.sign_in_failed`) after the same Argon2id work; after
    // 5 failures for a name, or 20 from an address, within 15 minutes, kTooManyRequests
    // (`auth.rate_limited`) until the window ends. Counted in the database, across nodes.
    Result<SignedIn> SignIn(std::string_view name, std::string_view password, std::string_view remote_address);
    // The principal of a session cookie; kUnauthorized (`auth.invalid_session`) when it is unknown,
    // ended, expired or its user disabled; kForbidden (`auth.enterprise_suspended`) as for keys.
    Result<SessionCaller> AuthenticateSession(std::string_view token);
    Result<void> SignOut(const Caller& caller, std::string_view token);
    // A signed-in user's new password; it ends all the user's sessions (sign in again).
    Result<void> ChangePassword(const Caller& caller, std::string_view current, std::string_view fresh);

    // Product images: JPEG, PNG or WebP (recognised by their bytes, which must agree with
    // `content_type`: kUnsupportedMediaType, rule `image.type`), at most kMaxImageBytes (kTooLarge,
    // rule `image.too_large`), uploaded by any key or user with the write scope; stored under the
    // SHA-256 of the bytes, so the same image uploaded twice is stored once. GetImage is public.
    static constexpr std::size_t kMaxImageBytes = 2u << 20;
    Result<store::ImageRecord> UploadImage(const Caller& caller, std::string_view content_type, std::string data);
    Result<store::ImageRecord> GetImage(std::string_view sha256);

    // Resolver links of GTINs. Made and deleted by whoever may change the GTIN's product record
    // (the brand owner holding its prefix, its providers, its province's roles, national roles):
    // 403 otherwise, 400 `registry.prefix_unknown` when nobody holds the prefix. The owner is set
    // from the prefix. Listing and reading are public: links are what anyone scanning gets.
    Result<registry::Link> CreateLink(const Caller& caller, registry::Link link);
    Result<registry::Link> DeleteLink(const Caller& caller, std::int64_t id);
    Result<registry::Link> GetLink(std::int64_t id);
    Result<std::vector<registry::Link>> ListLinks(std::string_view owner, std::string_view gtin, std::int64_t after_id,
                                                  std::size_t limit);
    // What one resolve needs: the links of `anchors` (registry::FallbackAnchors). Kept in memory:
    // reloaded after a change made through this service and at most 30 s after a change made
    // elsewhere (another node, the CLI). CachedLinksFor answers only from memory (nullopt when an
    // anchor is not there or too old): the resolver calls it on its I/O threads and LinksFor, which
    // reads the store, off them.
    Result<std::vector<registry::Link>> LinksFor(const std::vector<std::string>& anchors);
    std::optional<std::vector<registry::Link>> CachedLinksFor(const std::vector<std::string>& anchors) const;

    // Connected systems the caller may supervise: national roles all; a provincial authority its
    // province's system and the providers registered in its province; a provider itself;
    // certification bodies all (they assess them). GetSystem: kNotFound / kForbidden.
    Result<std::vector<ConnectedSystem>> ListSystems(const Caller& caller);
    Result<ConnectedSystem> GetSystem(const Caller& caller, std::string_view id);
    // Records a certification of system `id`: by a certification body (the certifier is itself)
    // or a national admin (naming a registered certification body). Rules: `certification.*`.
    Result<store::CertificationRecord> Certify(const Caller& caller, std::string_view id,
                                               store::CertificationRecord record);

    // The service's clock, RFC 3339 UTC with milliseconds.
    std::string Now() const;

    // Registers the locations (BusinessLocation with a GLN, not its sub-locations) and products
    // (EPCClass of a GTIN) that captured master data describes and the registry does not hold yet,
    // under the same rules and audit as PutLocation / PutProduct; registered records are left as
    // they are (the registry is curated; master data only fills it). Party elements are not
    // imported: enterprises are registered by the authorities. Never fails as a whole: what is
    // refused is listed.
    MasterDataImport ImportMasterData(const Caller& caller, const std::vector<epcis::Vocabulary>& vocabularies);

    // Whether the caller may capture these events (capture_access.hpp).
    Result<void> AuthorizeCapture(const Caller& caller, const std::vector<epcis::Event>& events,
                                  const std::vector<epcis::Vocabulary>& master_data,
                                  std::string_view list_path = "epcisBody.eventList");
    // What `principal` may see of stored events (one per request).
    EventAccess AccessFor(const registry::Principal& principal);
    // Appends an audit entry for a write outside the registry (a capture, a named query).
    Result<void> Record(const Caller& caller, std::string action, std::string resource, std::string detail = {});

    // The registry store under the service (read-only use: pages that show registry records).
    store::RegistryStore& Store() { return store_; }

    // Audit entries the caller may read (registry::AuditScope), recorded as a privileged read.
    Result<std::vector<store::AuditEntry>> ListAudit(const Caller& caller, store::AuditFilter filter);

  private:
    // Refuses principals of suspended (or vanished) enterprises; fills a provider's acts_for with
    // the active enterprises that delegated to it.
    Result<void> CheckStanding(registry::Principal& p);

    store::AuditEntry Audit(const Caller& caller, std::string action, std::string resource, std::string province,
                            std::string detail = {}) const;

    class PrefixCache;
    class LinkCache;

    // What a new key or user of `role` gets: its enterprise, province and scopes, once the caller
    // is allowed to make it (registry::CanCreateKey) and gives no more scopes than it has.
    struct Grant {
        std::string subject;
        std::string province;
        std::vector<std::string> scopes;
        std::string audit_province;
    };
    Result<Grant> ResolveGrant(const Caller& caller, registry::Role role, std::string_view subject,
                               std::string_view province, const std::vector<std::string>& scopes);
    bool ManageableUser(const Caller& caller, const store::UserRecord& user);
    Result<ConnectedSystem> LoadSystem(std::string_view id);
    // Whether `p` supervises the system `id` ("provider:<tax code>", "province:<code>") of
    // `province`: decided before the system's figures are loaded.
    static bool Supervises(const registry::Principal& p, std::string_view id, std::string_view province);
    std::string TimeAfter(std::int64_t seconds) const;
    std::string WindowStart() const;

    store::RegistryStore& store_;
    std::function<epcis::DateTime()> clock_;
    std::unique_ptr<PrefixCache> prefixes_;
    std::unique_ptr<LinkCache> links_;
};

}  // namespace txng::service
