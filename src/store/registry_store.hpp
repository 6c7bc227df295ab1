#pragma once
// Storage of the registry (enterprises, locations, products, delegations), of API keys and of the
// audit log. Each backend implements it (store/sqlite: the same database file as the events) and
// passes the one contract suite in tests/registry_contract_test.cpp.
//
// Contract shared by every method: records given are already normalised (registry/records.hpp);
// expected failures are Result errors: kNotFound, kConflict (an existing key, a company prefix held
// by another enterprise), kUnavailable (the database cannot be reached or written); driver errors
// are translated inside the backend. Every write stores its AuditEntry in the same transaction,
// so the audit log has an entry for every change and no change without one. Times are RFC 3339
// UTC with milliseconds, from the store's clock. Every method is thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "epcis/date_time.hpp"
#include "registry/links.hpp"
#include "registry/records.hpp"

namespace txng::store {

// One entry of the append-only audit log: who did what to which resource, when and from where.
struct AuditEntry {
    std::int64_t id = 0;         // set by the store, increasing
    std::string at;              // set by the store
    std::string actor;           // key id, "cli" or "anonymous"
    std::string actor_role;      // role name of the actor
    std::string actor_subject;   // the actor's enterprise tax code or province, if any
    std::string action;          // "enterprise.create", "key.revoke", "events.capture", "audit.read" ...
    std::string resource;        // the resource's id ("0101234567", a GTIN, a key id ...)
    std::string province;        // province the resource belongs to (what provincial authorities see)
    std::string remote_address;  // "ip:port" of the client, empty from the CLI
    std::string detail;          // compact JSON object with what else matters (never a secret)
};

struct AuditFilter {
    std::string province;       // only entries of this province when not empty
    std::string actor;          // only this actor when not empty
    std::string action;         // only this action when not empty
    std::int64_t after_id = 0;  // entries with id > after_id, oldest first
    std::size_t limit = 100;
};

// An API key as stored: never the secret itself, only its SHA-256.
struct ApiKeyRecord {
    std::string id;           // public part of the key, unique
    std::string secret_hash;  // hex SHA-256 of the secret part
    std::string name;
    std::string role;      // role name (registry/access.hpp)
    std::string subject;   // tax code of the enterprise / provider / body it acts as, if any
    std::string province;  // for provincial roles
    std::vector<std::string> scopes;
    std::string created_at;  // set by the store
    std::string expires_at;  // empty: never
    std::string revoked_at;  // empty: not revoked
    std::string created_by;  // actor that created it
};

// A person who signs in with a password (browser sessions). Never the password itself: its
// Argon2id hash in the libsodium string form, which carries its own salt and parameters.
struct UserRecord {
    std::string name;  // login name (lower case), unique
    std::string password_hash;
    std::string role;
    std::string subject;   // tax code, for enterprise roles
    std::string province;  // for provincial roles
    std::vector<std::string> scopes;
    std::string created_at;   // set by the store
    std::string disabled_at;  // empty: active
    std::string created_by;
};

// A signed-in browser session: only the SHA-256 of its token is kept.
struct SessionRecord {
    std::string id_hash;  // hex SHA-256 of the cookie's token
    std::string user;
    std::string csrf;  // the synchroniser token unsafe requests must echo (X-CSRF-Token)
    std::string created_at;
    std::string expires_at;
    std::string revoked_at;  // empty: live
};

// A conformity assessment of a connected traceability system (TCVN 12851:2019 bodies assessing
// against TCVN 12850 / TCVN 13167 criteria).
struct CertificationRecord {
    std::int64_t id = 0;      // set by the store
    std::string system;       // "provider:<tax code>" or "province:<code>"
    std::string certifier;    // tax code of the certification body
    std::string standard;     // "TCVN 12850:2019" ...
    std::string certificate;  // the certificate's number
    std::string issued_on;    // YYYY-MM-DD
    std::string valid_until;  // YYYY-MM-DD
    std::string scope;
    std::string created_by;
    std::string created_at;  // set by the store
};

// What a connected system has sent, summed from the audit entries of its captures.
struct CaptureActivity {
    std::int64_t captures = 0;
    std::int64_t events = 0;
    std::int64_t complete = 0;  // events carrying every Circular 02 item an event can carry
    std::vector<std::pair<std::string, std::int64_t>> missing;  // item -> events without it
    std::string last_seen;                                      // time of its latest capture; empty: never
};

// An uploaded image, stored under the SHA-256 of its bytes.
struct ImageRecord {
    std::string sha256;  // lower-case hex
    std::string content_type;
    std::string data;
    std::string created_at;  // set by the store
    std::string created_by;
};

// A listing page: records after `after` (the key of the last record of the previous page) in key
// order, at most `limit`.
struct ListRequest {
    std::string after;
    std::size_t limit = 100;
    std::string province;  // filter: only records in this province when not empty
    std::string owner;     // filter: only records of this enterprise when not empty (locations, products)
};

class RegistryStore {
  public:
    virtual ~RegistryStore() = default;

    // Enterprises, keyed by tax code. Create: kConflict when the tax code exists (rule
    // `registry.exists`) or one of its prefixes equals, contains or is contained in a prefix of
    // another enterprise (rule `registry.prefix_taken`). Update replaces the record (tax code and
    // creation time kept): kNotFound when absent, kConflict for prefixes as in Create, and kConflict
    // (rule `registry.changed`) when `e.updated_at` is given and the stored record's differs: it
    // changed since the caller read it (and decided on what it read).
    virtual Result<registry::Enterprise> CreateEnterprise(const registry::Enterprise& e, const AuditEntry& audit) = 0;
    virtual Result<registry::Enterprise> UpdateEnterprise(const registry::Enterprise& e, const AuditEntry& audit) = 0;
    virtual Result<registry::Enterprise> GetEnterprise(std::string_view tax_code) = 0;
    virtual Result<std::vector<registry::Enterprise>> ListEnterprises(const ListRequest& request) = 0;
    // The enterprise holding the company prefix that `key_digits` starts with (a GTIN-14 without
    // its indicator digit, a GLN, an SSCC without its extension digit); kNotFound when none.
    virtual Result<registry::Enterprise> EnterpriseByKey(std::string_view key_digits) = 0;

    // Locations keyed by GLN, products by GTIN-14: Create gives kConflict (rule `registry.exists`)
    // when the key exists; Update kNotFound when it does not. Both give kConflict (rule
    // `registry.owner_changed`) when, at the time of writing, the key's GS1 Company Prefix is held
    // by an enterprise other than the record's `owner` (the prefix moved since the caller checked).
    virtual Result<registry::Location> CreateLocation(const registry::Location& l, const AuditEntry& audit) = 0;
    virtual Result<registry::Location> UpdateLocation(const registry::Location& l, const AuditEntry& audit) = 0;
    virtual Result<registry::Location> GetLocation(std::string_view gln) = 0;
    virtual Result<std::vector<registry::Location>> ListLocations(const ListRequest& request) = 0;

    virtual Result<registry::Product> CreateProduct(const registry::Product& p, const AuditEntry& audit) = 0;
    virtual Result<registry::Product> UpdateProduct(const registry::Product& p, const AuditEntry& audit) = 0;
    virtual Result<registry::Product> GetProduct(std::string_view gtin) = 0;
    virtual Result<std::vector<registry::Product>> ListProducts(const ListRequest& request) = 0;

    // Delegations: `enterprise` lets solution provider `provider` act for it. Add is idempotent;
    // Remove gives kNotFound when there is no such delegation.
    virtual Result<void> AddDelegation(std::string_view enterprise, std::string_view provider,
                                       const AuditEntry& audit) = 0;
    virtual Result<void> RemoveDelegation(std::string_view enterprise, std::string_view provider,
                                          const AuditEntry& audit) = 0;
    // Tax codes of the enterprises that delegated to `provider`, sorted.
    virtual Result<std::vector<std::string>> DelegatorsOf(std::string_view provider) = 0;
    // The same, only those whose status is active (a suspended enterprise's provider may not act
    // for it).
    virtual Result<std::vector<std::string>> ActiveDelegatorsOf(std::string_view provider) = 0;
    // Tax codes of the providers `enterprise` delegated to, sorted.
    virtual Result<std::vector<std::string>> ProvidersOf(std::string_view enterprise) = 0;

    // API keys. Create: kConflict when the id exists. Revoke sets revoked_at (kNotFound for an
    // unknown id; revoking twice keeps the first time) and, with `descendants`, on the keys it made
    // (created_by), the keys those made, and so on, in the same transaction. Get returns revoked
    // and expired keys too.
    virtual Result<ApiKeyRecord> CreateKey(const ApiKeyRecord& key, const AuditEntry& audit) = 0;
    virtual Result<ApiKeyRecord> GetKey(std::string_view id) = 0;
    virtual Result<std::vector<ApiKeyRecord>> ListKeys(std::string_view subject, std::string_view province) = 0;
    virtual Result<ApiKeyRecord> RevokeKey(std::string_view id, bool descendants, const AuditEntry& audit) = 0;

    // Users. Create: kConflict when the name exists. Disable sets disabled_at (once) and revokes
    // the user's sessions and, with `descendants`, the keys the user made ("user:<name>") and
    // theirs, as RevokeKey; kNotFound for an unknown name.
    virtual Result<UserRecord> CreateUser(const UserRecord& user, const AuditEntry& audit) = 0;
    virtual Result<UserRecord> GetUser(std::string_view name) = 0;
    virtual Result<std::vector<UserRecord>> ListUsers() = 0;
    virtual Result<UserRecord> DisableUser(std::string_view name, bool descendants, const AuditEntry& audit) = 0;
    virtual Result<void> SetPassword(std::string_view name, std::string_view password_hash,
                                     const AuditEntry& audit) = 0;

    // Sessions. Create (with its audit entry, the sign-in); Get by the token's hash (revoked and
    // expired ones too: the caller checks); Revoke sets revoked_at once (kNotFound when unknown).
    virtual Result<SessionRecord> CreateSession(const SessionRecord& session, const AuditEntry& audit) = 0;
    virtual Result<SessionRecord> GetSession(std::string_view id_hash) = 0;
    virtual Result<void> RevokeSession(std::string_view id_hash, const AuditEntry& audit) = 0;

    // Failed sign-ins, counted per key (a user name, a client address) in fixed windows, so that
    // limits hold across nodes sharing the database. RecordFailure adds one to `key`'s window
    // starting at `window_start` (older windows are forgotten) and returns the count in it;
    // Failures returns it without adding; ClearFailures forgets `key` (after a good sign-in).
    virtual Result<int> RecordFailure(std::string_view key, std::string_view window_start) = 0;
    virtual Result<int> Failures(std::string_view key, std::string_view window_start) = 0;
    virtual Result<void> ClearFailures(std::string_view key) = 0;
    // A sign-in attempt counted before its password is checked, so that parallel attempts cannot
    // pass a limit together: in one transaction, false (nothing counted) when any key already has
    // `limit` failures in the window, else one more for every key and true. A good sign-in then
    // gives a key's count back with ReleaseAttempt (one less, never below zero).
    struct AttemptLimit {
        std::string key;
        int limit = 0;
    };
    virtual Result<bool> ReserveAttempt(const std::vector<AttemptLimit>& limits, std::string_view window_start) = 0;
    virtual Result<void> ReleaseAttempt(std::string_view key, std::string_view window_start) = 0;

    // Images, content-addressed: Put stores the image once (putting the same bytes again is a
    // no-op that returns the first record, and appends no audit entry); Get: kNotFound.
    virtual Result<ImageRecord> PutImage(const ImageRecord& image, const AuditEntry& audit) = 0;
    virtual Result<ImageRecord> GetImage(std::string_view sha256) = 0;

    // Resolver links. Create assigns the id and creation time; a link created as the default of
    // its anchor makes the anchor's previous default an ordinary link, in the same transaction.
    // Get and Delete: kNotFound (rule `registry.not_found`) for an unknown id.
    virtual Result<registry::Link> CreateLink(const registry::Link& link, const AuditEntry& audit) = 0;
    virtual Result<registry::Link> GetLink(std::int64_t id) = 0;
    virtual Result<registry::Link> DeleteLink(std::int64_t id, const AuditEntry& audit) = 0;
    // The links of these anchors (in id order): what one resolve needs.
    virtual Result<std::vector<registry::Link>> LinksOf(const std::vector<std::string>& anchors) = 0;
    // The links whose anchor starts with `anchor_prefix` ("" all), of `owner` ("" any), in id
    // order after `after_id`, at most `limit`.
    virtual Result<std::vector<registry::Link>> ListLinks(std::string_view owner, std::string_view anchor_prefix,
                                                          std::int64_t after_id, std::size_t limit) = 0;

    // Certifications of connected systems, oldest first.
    virtual Result<CertificationRecord> AddCertification(const CertificationRecord& c, const AuditEntry& audit) = 0;
    virtual Result<std::vector<CertificationRecord>> ListCertifications(std::string_view system) = 0;
    // The captures recorded in the audit log (action `events.capture`) by actors of `actor_role`
    // whose subject is `actor_subject` (a provider's tax code, a provincial system's province).
    // Their detail is {"events": n, "complete": k, "missing": {item: count, ...}}.
    virtual Result<CaptureActivity> ActivityOf(std::string_view actor_role, std::string_view actor_subject) = 0;

    // Appends an entry for something that is not a registry write (a capture, a privileged read).
    virtual Result<AuditEntry> AppendAudit(const AuditEntry& entry) = 0;
    virtual Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) = 0;
};

struct RegistryOpenOptions {
    // Injected clock (tests); the system clock when empty.
    std::function<epcis::DateTime()> clock;
};

// Opens the registry in the database named by `url` (`sqlite:PATH`, the same URL as OpenStore),
// creating or migrating its tables. kInvalidArgument for an unknown scheme; kUnavailable when the
// database cannot be opened.
Result<std::unique_ptr<RegistryStore>> OpenRegistry(std::string_view url, const RegistryOpenOptions& options = {});

}  // namespace txng::store
