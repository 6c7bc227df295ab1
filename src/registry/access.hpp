#pragma once
// Who is asking, and what they may do: roles, the principal of a request, API key secrets, and
// the access rules of the registry. docs/access-control.md is the same rules as a table; the
// functions here are what the service layer calls. Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "registry/records.hpp"

namespace txng::registry {

enum class Role {
    kConsumer,             // anonymous: the public view
    kHousehold,            // hộ sản xuất: acts for its own record
    kEnterprise,           // acts for its own record
    kSolutionProvider,     // acts for the enterprises that delegated to it
    kProvincialAuthority,  // reads and supervises one province
    kProvincialSystem,     // a provincial traceability system: writes for parties of its province
    kCertificationBody,    // records conformity assessments
    kNationalSync,         // the national portal's synchronisation: writes for any party
    kNationalAdmin,        // operates the portal
};
std::string_view RoleName(Role role);  // "consumer", "household", "enterprise", "solution-provider", ...
// kInvalidArgument (rule `role.unknown`) naming `where`.
Result<Role> ParseRole(std::string_view name, std::string_view where = "role");
// Roles tied to an enterprise record (their subject is a tax code).
bool IsEnterpriseRole(Role role);
// Roles tied to a province.
bool IsProvincialRole(Role role);

// What a key or session may be used for, within what its role allows.
inline constexpr std::string_view kScopeRead = "read";
inline constexpr std::string_view kScopeWrite = "write";

struct Principal {
    Role role = Role::kConsumer;
    std::string actor = "anonymous";  // key id, "cli"
    std::string name;
    std::string subject;   // tax code, for enterprise roles
    std::string province;  // for provincial roles
    std::vector<std::string> scopes{std::string(kScopeRead)};
    // For solution providers: the enterprises that delegated to it (filled when authenticated).
    std::vector<std::string> acts_for;

    bool HasScope(std::string_view scope) const;
    bool IsNational() const { return role == Role::kNationalAdmin || role == Role::kNationalSync; }
    // True when this principal may act as enterprise `tax_code`: itself, or its delegating
    // enterprise for a provider.
    bool ActsFor(std::string_view tax_code) const;
};

// The consumer principal of an anonymous request.
Principal Anonymous();
// The principal of the bootstrap CLI (`txng admin ...`): a national admin named "cli".
Principal CommandLine();

// ---------------------------------------------------------------------------------------------
// API key secrets: "txng_<id>_<secret>", id 16 lower-case base32 characters (80 random bits), the
// secret 52 (256 random bits). Only the id and SHA-256(secret) are stored.

struct KeySecret {
    std::string id;
    std::string secret;
    std::string Token() const;  // "txng_<id>_<secret>": what the client sends as Bearer
};
// A new key from the system's CSPRNG (OpenSSL RAND_bytes).
KeySecret NewKeySecret();
// Splits a bearer token; kUnauthorized (rule `auth.key_format`) when it is not one of ours.
Result<KeySecret> ParseKeyToken(std::string_view token);
// Lower-case hex SHA-256 of the secret.
std::string HashSecret(std::string_view secret);
// Compares two equal-length strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// ---------------------------------------------------------------------------------------------
// Passwords and session tokens (libsodium).

// A new random token of 256 bits, base32 (52 characters): session ids and CSRF tokens.
std::string NewToken();
// The password policy: 12 to 256 bytes of UTF-8, not the user name, not one character repeated.
// kInvalidArgument naming `where`, rule `password.policy`.
Result<void> CheckPassword(std::string_view password, std::string_view user_name, std::string_view where = "password");
// Argon2id hash (libsodium's crypto_pwhash_str, interactive limits: 64 MiB, 2 passes) with a
// random salt, in the string form that records its parameters. Throws only if the system is out
// of memory.
std::string HashPassword(std::string_view password);
// True when `password` matches `hash` (constant time in the password).
bool VerifyPassword(std::string_view hash, std::string_view password);
// A hash of no real password, verified against when a user is unknown so that an unknown name
// costs the same time as a wrong password.
const std::string& DecoyPasswordHash();
// Login names: 3 to 100 characters of a-z, 0-9, '.', '_', '-', '@' (an e-mail address fits);
// kInvalidArgument (rule `user.name`) naming `where`.
Result<void> CheckUserName(std::string_view name, std::string_view where = "name");

// The errors every endpoint gives: no credentials (kUnauthorized, rule `auth.required`), and
// credentials without the write scope for a write (kForbidden, rule `access.scope`).
Error SignInRequired();
Error ReadOnly();

// ---------------------------------------------------------------------------------------------
// Registry rules. Each returns {} when allowed, else kForbidden (rule `access.denied`) saying why,
// or kUnauthorized for the anonymous public when signing in would help.

// Create or change an enterprise record. `before` is the stored record when changing one. Only
// national roles and the provincial roles of the enterprise's province may create or change
// prefixes, status and kind; an enterprise may change its own names, address and contacts.
Result<void> CanWriteEnterprise(const Principal& p, const Enterprise& after, const Enterprise* before);
// Read the full record (contacts included); everyone else gets PublicEnterprise().
bool CanReadEnterpriseFully(const Principal& p, const Enterprise& e);
// The public view: no contacts.
Enterprise PublicEnterprise(Enterprise e);

// Create or change a location or product owned by `owner` (its record), whose key (GLN or GTIN
// digits) must start with one of the owner's prefixes, else kForbidden (rule
// `registry.prefix_not_owned`) naming `key_field`.
Result<void> CanWriteOwned(const Principal& p, const Enterprise& owner, std::string_view key_digits,
                           std::string_view key_field);

// Grant or withdraw a delegation of `enterprise` to a provider.
Result<void> CanDelegate(const Principal& p, const Enterprise& enterprise);

// Create a key of `role` for `subject` / `province`; p must hold the write scope and may never
// give more than it has: national admins any key; provincial authorities keys for enterprises of
// their province and for their province's system; enterprises keys for themselves (enterprise or
// household role as their own).
Result<void> CanCreateKey(const Principal& p, Role role, const Enterprise* subject, std::string_view province);
// Read or revoke a key: whoever could create it.
Result<void> CanManageKey(const Principal& p, Role key_role, const Enterprise* subject, std::string_view province);

// Read the audit log: national admins everything; provincial authorities the entries of their
// province (the returned filter province); others kForbidden.
Result<std::string> AuditScope(const Principal& p);

}  // namespace txng::registry
