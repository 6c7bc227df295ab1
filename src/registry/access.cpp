#include "registry/access.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/utf8.hpp"

namespace txng::registry {
namespace {

constexpr std::array kRoles = {Role::kConsumer,          Role::kHousehold,           Role::kEnterprise,
                               Role::kSolutionProvider,  Role::kProvincialAuthority, Role::kProvincialSystem,
                               Role::kCertificationBody, Role::kNationalSync,        Role::kNationalAdmin};

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::size_t kIdChars = 16;      // 80 bits
constexpr std::size_t kSecretChars = 52;  // 260 bits, of which 256 random

std::string RandomBase32(std::size_t chars) {
    std::string bytes((chars * 5 + 7) / 8, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("the system's random generator failed");
    }
    std::string out;
    out.reserve(chars);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5 && out.size() < chars) {
            out += kBase32[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    return out;
}

bool IsBase32(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return kBase32.find(c) != std::string_view::npos; });
}

Error Denied(std::string detail) { return MakeError(ErrorCode::kForbidden, "", "access.denied", std::move(detail)); }

bool InProvince(const Principal& p, std::string_view province) {
    return IsProvincialRole(p.role) && !p.province.empty() && p.province == province;
}

}  // namespace

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kConsumer:
            return "consumer";
        case Role::kHousehold:
            return "household";
        case Role::kEnterprise:
            return "enterprise";
        case Role::kSolutionProvider:
            return "solution-provider";
        case Role::kProvincialAuthority:
            return "provincial-authority";
        case Role::kProvincialSystem:
            return "provincial-system";
        case Role::kCertificationBody:
            return "certification-body";
        case Role::kNationalSync:
            return "national-sync";
        case Role::kNationalAdmin:
            return "national-admin";
    }
    return "consumer";
}

Result<Role> ParseRole(std::string_view name, std::string_view where) {
    for (Role r : kRoles) {
        if (RoleName(r) == name) return r;
    }
    return InvalidArgument(
        std::string(where), "role.unknown",
        "Unknown role: use consumer, household, enterprise, solution-provider, provincial-authority, "
        "provincial-system, certification-body, national-sync or national-admin.",
        name);
}

bool IsEnterpriseRole(Role role) {
    return role == Role::kHousehold || role == Role::kEnterprise || role == Role::kSolutionProvider ||
           role == Role::kCertificationBody;
}

bool IsProvincialRole(Role role) { return role == Role::kProvincialAuthority || role == Role::kProvincialSystem; }

bool Principal::HasScope(std::string_view scope) const {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

bool Principal::ActsFor(std::string_view tax_code) const {
    if (tax_code.empty()) return false;
    if ((role == Role::kEnterprise || role == Role::kHousehold) && subject == tax_code) return true;
    if (role == Role::kSolutionProvider) {
        return subject == tax_code || std::find(acts_for.begin(), acts_for.end(), tax_code) != acts_for.end();
    }
    return false;
}

Principal Anonymous() { return Principal{}; }

Principal CommandLine() {
    Principal p;
    p.role = Role::kNationalAdmin;
    p.actor = "cli";
    p.name = "txng admin";
    p.scopes = {std::string(kScopeRead), std::string(kScopeWrite)};
    return p;
}

Error SignInRequired() {
    return MakeError(ErrorCode::kUnauthorized, "Authorization", "auth.required",
                     "Sign in, or send an API key as `Authorization: Bearer <key>`.");
}

Error ReadOnly() {
    return MakeError(ErrorCode::kForbidden, "", "access.scope",
                     "This key or session is read-only (it lacks the `write` scope).");
}

std::string KeySecret::Token() const { return "txng_" + id + "_" + secret; }

std::string NewToken() { return RandomBase32(kSecretChars); }

Result<void> CheckPassword(std::string_view password, std::string_view user_name, std::string_view where) {
    auto refuse = [&](std::string detail) {
        return InvalidArgument(std::string(where), "password.policy", std::move(detail));
    };
    if (password.size() < 12) return refuse("A password has at least 12 characters (a few words make a good one).");
    if (password.size() > 256) return refuse("A password has at most 256 bytes.");
    if (!ValidUtf8(password)) return refuse("The password is not valid UTF-8.");
    if (password == user_name) return refuse("The password may not be the user name.");
    if (password.find_first_not_of(password.front()) == std::string_view::npos) {
        return refuse("The password may not be one character repeated.");
    }
    return {};
}

namespace {
void InitSodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

std::string HashPassword(std::string_view password) {
    InitSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("Argon2id hashing failed (out of memory)");
    }
    return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
    InitSodium();
    const std::string h(hash);  // NUL-terminated, as libsodium wants it
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& DecoyPasswordHash() {
    static const std::string decoy = HashPassword(NewToken());
    return decoy;
}

Result<void> CheckUserName(std::string_view name, std::string_view where) {
    const bool ok =
        name.size() >= 3 && name.size() <= 100 && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
        });
    if (ok) return {};
    return InvalidArgument(std::string(where), "user.name",
                           "A login name is 3 to 100 characters: lower-case letters, digits, '.', '_', '-' and '@'.",
                           name);
}

KeySecret NewKeySecret() { return KeySecret{RandomBase32(kIdChars), RandomBase32(kSecretChars)}; }

Result<KeySecret> ParseKeyToken(std::string_view token) {
    const bool ok = token.size() == 5 + kIdChars + 1 + kSecretChars && token.starts_with("txng_") &&
                    token[5 + kIdChars] == '_' && IsBase32(token.substr(5, kIdChars)) &&
                    IsBase32(token.substr(6 + kIdChars));
    if (!ok) {
        return MakeError(ErrorCode::kUnauthorized, "Authorization", "auth.key_format",
                         "This is not a txng API key (txng_ followed by the id and the secret).");
    }
    return KeySecret{std::string(token.substr(5, kIdChars)), std::string(token.substr(6 + kIdChars))};
}

std::string HashSecret(std::string_view secret) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(secret.data(), secret.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 15];
    }
    return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---------------------------------------------------------------------------------------------

Result<void> CanWriteEnterprise(const Principal& p, const Enterprise& after, const Enterprise* before) {
    if (p.role == Role::kConsumer) return SignInRequired();
    if (!p.HasScope(kScopeWrite)) return ReadOnly();
    if (p.role == Role::kNationalAdmin || p.role == Role::kNationalSync) return {};
    const bool province_ok = InProvince(p, after.address.province_code) &&
                             (before == nullptr || InProvince(p, before->address.province_code));
    if (province_ok) return {};
    if (before != nullptr && p.ActsFor(after.tax_code)) {
        std::vector<std::string> a, b;
        for (const auto& x : after.prefixes) a.push_back(x.prefix + (x.internal_only ? "i" : ""));
        for (const auto& x : before->prefixes) b.push_back(x.prefix + (x.internal_only ? "i" : ""));
        if (a != b || after.status != before->status || after.kind != before->kind ||
            after.address.province_code != before->address.province_code) {
            return Denied(
                "An enterprise may change its names, street and contacts; its GS1 Company Prefixes, kind, status and "
                "province are changed by the provincial authority or the national operator.");
        }
        return {};
    }
    if (IsProvincialRole(p.role)) {
        return Denied("A provincial authority or system manages only the enterprises of its own province.");
    }
    return Denied(
        "Only the enterprise itself, its province's authority or the national operator may change this record.");
}

bool CanReadEnterpriseFully(const Principal& p, const Enterprise& e) {
    return p.IsNational() || InProvince(p, e.address.province_code) || p.ActsFor(e.tax_code);
}

Enterprise PublicEnterprise(Enterprise e) {
    e.contacts.clear();
    return e;
}

Result<void> CanWriteOwned(const Principal& p, const Enterprise& owner, std::string_view key_digits,
                           std::string_view key_field) {
    if (p.role == Role::kConsumer) return SignInRequired();
    if (!p.HasScope(kScopeWrite)) return ReadOnly();
    const bool allowed = p.IsNational() || (p.role == Role::kProvincialSystem || p.role == Role::kProvincialAuthority
                                                ? InProvince(p, owner.address.province_code)
                                                : p.ActsFor(owner.tax_code));
    if (!allowed) {
        return Denied(
            "Only the owning enterprise, a solution provider it delegated to, its province's authority or "
            "system, or the national operator may write its records.");
    }
    if (PrefixOf(owner.prefixes, key_digits) == nullptr) {
        return MakeError(ErrorCode::kForbidden, std::string(key_field), "registry.prefix_not_owned",
                         "The key does not start with a GS1 Company Prefix of the owning enterprise.", key_digits);
    }
    return {};
}

Result<void> CanDelegate(const Principal& p, const Enterprise& enterprise) {
    if (p.role == Role::kConsumer) return SignInRequired();
    if (!p.HasScope(kScopeWrite)) return ReadOnly();
    if (p.IsNational() || InProvince(p, enterprise.address.province_code)) return {};
    if ((p.role == Role::kEnterprise || p.role == Role::kHousehold) && p.subject == enterprise.tax_code) return {};
    return Denied(
        "Only the enterprise itself, its province's authority or the national operator decide who acts for it.");
}

Result<void> CanManageKey(const Principal& p, Role key_role, const Enterprise* subject, std::string_view province) {
    if (p.role == Role::kConsumer) return SignInRequired();
    if (!p.HasScope(kScopeWrite)) return ReadOnly();
    if (p.role == Role::kNationalAdmin) return {};
    if (p.role == Role::kProvincialAuthority) {
        // Enterprise and household keys only: a provider's delegators and a certification body's
        // reach go beyond one province.
        const bool local_role = key_role == Role::kEnterprise || key_role == Role::kHousehold;
        if (local_role && subject != nullptr && InProvince(p, subject->address.province_code)) return {};
        if (key_role == Role::kProvincialSystem && province == p.province) return {};
        return Denied(
            "A provincial authority manages keys of the enterprises and the system of its own province only.");
    }
    if ((p.role == Role::kEnterprise || p.role == Role::kHousehold || p.role == Role::kSolutionProvider ||
         p.role == Role::kCertificationBody) &&
        subject != nullptr && subject->tax_code == p.subject && key_role == p.role) {
        return {};
    }
    return Denied("This key may not manage keys of that role or for that enterprise.");
}

Result<void> CanCreateKey(const Principal& p, Role role, const Enterprise* subject, std::string_view province) {
    if (IsEnterpriseRole(role) && subject == nullptr) {
        return InvalidArgument("enterprise", "key.subject_required",
                               "A key of this role names its enterprise's tax code.");
    }
    if (IsProvincialRole(role) && province.empty()) {
        return InvalidArgument("province", "key.province_required", "A key of this role names its province.");
    }
    if (role == Role::kConsumer) {
        return InvalidArgument("role", "key.role", "The public needs no key: consumers read without one.");
    }
    return CanManageKey(p, role, subject, province);
}

Result<std::string> AuditScope(const Principal& p) {
    if (p.role == Role::kConsumer) return SignInRequired();
    if (p.role == Role::kNationalAdmin) return std::string();
    if (p.role == Role::kProvincialAuthority && !p.province.empty()) return p.province;
    return Denied("The audit log is read by the national operator and, for their province, provincial authorities.");
}

}  // namespace txng::registry
