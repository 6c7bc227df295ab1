#include "registry/access.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace txng::registry {
namespace {

constexpr Role kAllRoles[] = {Role::kConsumer,          Role::kHousehold,           Role::kEnterprise,
                              Role::kSolutionProvider,  Role::kProvincialAuthority, Role::kProvincialSystem,
                              Role::kCertificationBody, Role::kNationalSync,        Role::kNationalAdmin};

constexpr std::string_view kGreen = "0314409058";  // an enterprise of Hồ Chí Minh (79)
constexpr std::string_view kOther = "0101234565";  // an enterprise of Hà Nội (01)

Enterprise MakeEnterprise(std::string_view tax_code, std::string_view province, std::string_view prefix) {
    Enterprise e;
    e.tax_code = std::string(tax_code);
    e.name.vi = "Công ty TNHH Nông sản Xanh";
    e.address.province_code = std::string(province);
    e.prefixes = {CompanyPrefix{std::string(prefix), false}};
    e.contacts = {Contact{"Nguyễn Thị Hương", "huong@xanh.vn", ""}};
    return e;
}

Principal Writer(Role role) {
    Principal p;
    p.role = role;
    p.actor = "key-" + std::string(RoleName(role));
    p.scopes = {std::string(kScopeRead), std::string(kScopeWrite)};
    return p;
}

Principal EnterpriseKey(std::string_view tax_code) {
    Principal p = Writer(Role::kEnterprise);
    p.subject = std::string(tax_code);
    return p;
}

Principal ProvincialKey(Role role, std::string_view province) {
    Principal p = Writer(role);
    p.province = std::string(province);
    return p;
}

::testing::AssertionResult Allowed(const Result<void>& r) {
    if (!r) return ::testing::AssertionFailure() << r.error().ToString();
    return ::testing::AssertionSuccess();
}

template <typename T>
::testing::AssertionResult Refused(const Result<T>& r, ErrorCode code, std::string_view rule) {
    if (r) return ::testing::AssertionFailure() << "allowed; expected " << rule;
    if (r.error().code != code || r.error().rule != rule) {
        return ::testing::AssertionFailure() << "expected " << rule << " (" << ErrorCodeName(code) << "), got "
                                             << r.error().ToString() << " (" << ErrorCodeName(r.error().code) << ")";
    }
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult Forbidden(const Result<void>& r) {
    return Refused(r, ErrorCode::kForbidden, "access.denied");
}

// ---------------------------------------------------------------------------------------------
// Roles and principals

TEST(AccessTest, RoleNamesRoundTripForEveryRole) {
    std::set<std::string_view> names;
    for (const Role role : kAllRoles) {
        const std::string_view name = RoleName(role);
        names.insert(name);
        auto parsed = ParseRole(name);
        ASSERT_TRUE(parsed) << name;
        EXPECT_EQ(*parsed, role) << name;
    }
    EXPECT_EQ(names.size(), std::size(kAllRoles));
    EXPECT_EQ(RoleName(Role::kSolutionProvider), "solution-provider");
    EXPECT_EQ(RoleName(Role::kNationalAdmin), "national-admin");
}

TEST(AccessTest, ParseRoleRefusesAnUnknownRole) {
    for (const char* name : {"admin", "National-Admin", "national_admin", "", " enterprise"}) {
        auto r = ParseRole(name);
        ASSERT_FALSE(r) << name;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().rule, "role.unknown");
        EXPECT_EQ(r.error().where, "role");
        EXPECT_EQ(r.error().value, name);
    }
    auto where = ParseRole("root", "keys[0].role");
    ASSERT_FALSE(where);
    EXPECT_EQ(where.error().where, "keys[0].role");
}

TEST(AccessTest, RoleFamilies) {
    for (const Role role : kAllRoles) {
        const bool enterprise = role == Role::kHousehold || role == Role::kEnterprise ||
                                role == Role::kSolutionProvider || role == Role::kCertificationBody;
        const bool provincial = role == Role::kProvincialAuthority || role == Role::kProvincialSystem;
        EXPECT_EQ(IsEnterpriseRole(role), enterprise) << RoleName(role);
        EXPECT_EQ(IsProvincialRole(role), provincial) << RoleName(role);
    }
}

TEST(AccessTest, AnonymousIsAReadOnlyConsumer) {
    const Principal p = Anonymous();
    EXPECT_EQ(p.role, Role::kConsumer);
    EXPECT_EQ(p.actor, "anonymous");
    EXPECT_TRUE(p.HasScope(kScopeRead));
    EXPECT_FALSE(p.HasScope(kScopeWrite));
    EXPECT_FALSE(p.IsNational());
    EXPECT_FALSE(p.ActsFor(kGreen));
}

TEST(AccessTest, CommandLineIsANationalAdminThatWrites) {
    const Principal p = CommandLine();
    EXPECT_EQ(p.role, Role::kNationalAdmin);
    EXPECT_EQ(p.actor, "cli");
    EXPECT_TRUE(p.HasScope(kScopeWrite));
    EXPECT_TRUE(p.IsNational());
}

TEST(AccessTest, ActsForItselfOrForDelegatingEnterprises) {
    const Principal self = EnterpriseKey(kGreen);
    EXPECT_TRUE(self.ActsFor(kGreen));
    EXPECT_FALSE(self.ActsFor(kOther));
    EXPECT_FALSE(self.ActsFor(""));
    Principal provider = Writer(Role::kSolutionProvider);
    provider.subject = "0100000003";
    provider.acts_for = {std::string(kGreen)};
    EXPECT_TRUE(provider.ActsFor(kGreen));
    EXPECT_TRUE(provider.ActsFor("0100000003"));
    EXPECT_FALSE(provider.ActsFor(kOther));
    Principal authority = ProvincialKey(Role::kProvincialAuthority, "79");
    authority.subject = std::string(kGreen);
    EXPECT_FALSE(authority.ActsFor(kGreen));  // a subject on a non-enterprise role means nothing
}

// ---------------------------------------------------------------------------------------------
// Key secrets

TEST(AccessTest, NewKeySecretRoundTripsThroughItsToken) {
    const KeySecret key = NewKeySecret();
    EXPECT_EQ(key.id.size(), 16u);
    EXPECT_EQ(key.secret.size(), 52u);
    for (const char c : key.id + key.secret) {
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << "not base32: " << c;
    }
    const std::string token = key.Token();
    EXPECT_EQ(token, "txng_" + key.id + "_" + key.secret);
    EXPECT_EQ(token.size(), 74u);
    auto parsed = ParseKeyToken(token);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ(parsed->id, key.id);
    EXPECT_EQ(parsed->secret, key.secret);
}

TEST(AccessTest, NewKeysDiffer) {
    const KeySecret a = NewKeySecret();
    const KeySecret b = NewKeySecret();
    EXPECT_NE(a.id, b.id);
    EXPECT_NE(a.secret, b.secret);
    EXPECT_NE(HashSecret(a.secret), HashSecret(b.secret));
}

TEST(AccessTest, MalformedTokensAreRefused) {
    const std::string good = NewKeySecret().Token();
    const std::string id(16, 'a');
    const std::string secret(52, 'b');
    std::vector<std::string> bad = {
        "",
        "txng_",
        "Bearer " + good,
        good + "a",
        good.substr(0, good.size() - 1),
        "TXNG_" + id + "_" + secret,
        "txnx_" + id + "_" + secret,
        "txng-" + id + "_" + secret,
        "txng_" + id + "-" + secret,
        "txng_" + std::string(15, 'a') + "_" + secret + "a",  // separator one place early
        "txng_" + std::string(15, 'a') + "1_" + secret,       // '1' is not base32
        "txng_" + id + "_" + std::string(51, 'b') + "8",      // nor is '8'
        "txng_" + std::string(15, 'a') + "A_" + secret,       // upper case
        "txng_" + id + "_" + std::string(51, 'b') + "=",      // padding
        "txng_" + id + "_" + std::string(51, 'b') + "_",
    };
    for (const auto& token : bad) {
        auto r = ParseKeyToken(token);
        EXPECT_TRUE(Refused(r, ErrorCode::kUnauthorized, "auth.key_format")) << "'" << token << "'";
    }
    auto ok = ParseKeyToken("txng_" + id + "_" + secret);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->id, id);
    EXPECT_EQ(ok->secret, secret);
}

TEST(AccessTest, HashSecretIsLowerCaseHexSha256) {
    EXPECT_EQ(HashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(HashSecret(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(AccessTest, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(ConstantTimeEquals("", ""));
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "xbc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", ""));
    const std::string hash = HashSecret("abc");
    EXPECT_TRUE(ConstantTimeEquals(hash, HashSecret("abc")));
    EXPECT_FALSE(ConstantTimeEquals(hash, HashSecret("abd")));
}

// ---------------------------------------------------------------------------------------------
// CanWriteEnterprise

TEST(AccessTest, AnonymousMustSignInToWriteAnEnterprise) {
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    auto r = CanWriteEnterprise(Anonymous(), e, nullptr);
    EXPECT_TRUE(Refused(r, ErrorCode::kUnauthorized, "auth.required"));
}

TEST(AccessTest, ReadOnlyKeyMayNotWriteAnEnterprise) {
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    for (const Role role : {Role::kNationalAdmin, Role::kProvincialAuthority, Role::kEnterprise}) {
        Principal p = ProvincialKey(role, "79");
        p.subject = std::string(kGreen);
        p.scopes = {std::string(kScopeRead)};
        EXPECT_TRUE(Refused(CanWriteEnterprise(p, e, &e), ErrorCode::kForbidden, "access.scope")) << RoleName(role);
    }
}

TEST(AccessTest, NationalRolesMayWriteAnyEnterprise) {
    const Enterprise before = MakeEnterprise(kGreen, "79", "8934567");
    Enterprise after = before;
    after.address.province_code = "01";
    after.prefixes.push_back(CompanyPrefix{"8939876", false});
    after.status = RecordStatus::kSuspended;
    for (const Role role : {Role::kNationalAdmin, Role::kNationalSync}) {
        EXPECT_TRUE(Allowed(CanWriteEnterprise(Writer(role), before, nullptr))) << RoleName(role);
        EXPECT_TRUE(Allowed(CanWriteEnterprise(Writer(role), after, &before))) << RoleName(role);
    }
    EXPECT_TRUE(Allowed(CanWriteEnterprise(CommandLine(), after, &before)));
}

TEST(AccessTest, ProvincialAuthorityWritesEnterprisesOfItsProvinceOnly) {
    const Principal hcm = ProvincialKey(Role::kProvincialAuthority, "79");
    const Enterprise in_hcm = MakeEnterprise(kGreen, "79", "8934567");
    const Enterprise in_hanoi = MakeEnterprise(kOther, "01", "8939876");
    EXPECT_TRUE(Allowed(CanWriteEnterprise(hcm, in_hcm, nullptr)));
    Enterprise changed = in_hcm;
    changed.prefixes.push_back(CompanyPrefix{"8931111", false});
    changed.status = RecordStatus::kSuspended;
    changed.kind = EnterpriseKind::kCooperative;
    EXPECT_TRUE(Allowed(CanWriteEnterprise(hcm, changed, &in_hcm)));
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(hcm, in_hanoi, nullptr)));
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(hcm, in_hanoi, &in_hanoi)));
}

TEST(AccessTest, ProvincialAuthorityMayNotMoveAnEnterpriseAcrossProvinces) {
    const Principal hcm = ProvincialKey(Role::kProvincialAuthority, "79");
    const Enterprise in_hcm = MakeEnterprise(kGreen, "79", "8934567");
    Enterprise moved_out = in_hcm;
    moved_out.address.province_code = "01";
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(hcm, moved_out, &in_hcm)));
    const Enterprise in_hanoi = MakeEnterprise(kOther, "01", "8939876");
    Enterprise moved_in = in_hanoi;
    moved_in.address.province_code = "79";
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(hcm, moved_in, &in_hanoi)));
}

TEST(AccessTest, ProvincialKeyWithoutProvinceWritesNothing) {
    const Principal none = ProvincialKey(Role::kProvincialAuthority, "");
    Enterprise no_province = MakeEnterprise(kGreen, "", "8934567");
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(none, no_province, nullptr)));
}

TEST(AccessTest, EnterpriseMayChangeItsNamesAddressAndContacts) {
    const Principal self = EnterpriseKey(kGreen);
    const Enterprise before = MakeEnterprise(kGreen, "79", "8934567");
    Enterprise after = before;
    after.name.vi = "Công ty Cổ phần Nông sản Xanh";
    after.name.en = "Green Agriculture JSC";
    after.address.street = "Số 5 đường Lê Lợi";
    after.contacts.push_back(Contact{"Trần Văn Đức", "", "0912 345 678"});
    EXPECT_TRUE(Allowed(CanWriteEnterprise(self, after, &before)));
}

TEST(AccessTest, EnterpriseMayNotChangeItsPrefixesStatusOrKind) {
    const Principal self = EnterpriseKey(kGreen);
    const Enterprise before = MakeEnterprise(kGreen, "79", "8934567");
    Enterprise more_prefixes = before;
    more_prefixes.prefixes.push_back(CompanyPrefix{"8939876", false});
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(self, more_prefixes, &before)));
    Enterprise other_prefix = before;
    other_prefix.prefixes[0].prefix = "8934568";
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(self, other_prefix, &before)));
    Enterprise internal = before;
    internal.prefixes[0].internal_only = true;
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(self, internal, &before)));
    Enterprise suspended = before;
    suspended.status = RecordStatus::kSuspended;
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(self, suspended, &before)));
    Enterprise kind = before;
    kind.kind = EnterpriseKind::kCooperative;
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(self, kind, &before)));
}

TEST(AccessTest, EnterpriseMayNotCreateItsOwnRecord) {
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(EnterpriseKey(kGreen), e, nullptr)));
}

TEST(AccessTest, AnotherEnterpriseMayNotWriteTheRecord) {
    const Enterprise before = MakeEnterprise(kGreen, "79", "8934567");
    Enterprise after = before;
    after.name.vi = "Tên khác";
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(EnterpriseKey(kOther), after, &before)));
}

TEST(AccessTest, DelegatedProviderMayChangeNamesLikeTheEnterprise) {
    Principal provider = Writer(Role::kSolutionProvider);
    provider.subject = "0100000003";
    provider.acts_for = {std::string(kGreen)};
    const Enterprise before = MakeEnterprise(kGreen, "79", "8934567");
    Enterprise renamed = before;
    renamed.name.vi = "Công ty Nông sản Xanh Sài Gòn";
    EXPECT_TRUE(Allowed(CanWriteEnterprise(provider, renamed, &before)));
    Enterprise suspended = before;
    suspended.status = RecordStatus::kSuspended;
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(provider, suspended, &before)));
    provider.acts_for.clear();
    EXPECT_TRUE(Forbidden(CanWriteEnterprise(provider, renamed, &before)));
}

TEST(AccessTest, ReadingFullRecordsAndThePublicView) {
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_FALSE(CanReadEnterpriseFully(Anonymous(), e));
    EXPECT_TRUE(CanReadEnterpriseFully(Writer(Role::kNationalAdmin), e));
    EXPECT_TRUE(CanReadEnterpriseFully(ProvincialKey(Role::kProvincialAuthority, "79"), e));
    EXPECT_FALSE(CanReadEnterpriseFully(ProvincialKey(Role::kProvincialAuthority, "01"), e));
    EXPECT_TRUE(CanReadEnterpriseFully(EnterpriseKey(kGreen), e));
    EXPECT_FALSE(CanReadEnterpriseFully(EnterpriseKey(kOther), e));
    const Enterprise pub = PublicEnterprise(e);
    EXPECT_TRUE(pub.contacts.empty());
    EXPECT_EQ(pub.name.vi, e.name.vi);
    EXPECT_EQ(pub.prefixes.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// CanWriteOwned

TEST(AccessTest, OwnerWritesKeysUnderItsPrefix) {
    const Enterprise owner = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_TRUE(Allowed(CanWriteOwned(EnterpriseKey(kGreen), owner, "8934567000024", "gln")));
    EXPECT_TRUE(Allowed(CanWriteOwned(EnterpriseKey(kGreen), owner, "8934567123457", "gtin")));
}

TEST(AccessTest, KeyOutsideTheOwnersPrefixesIsRefusedNamingTheField) {
    const Enterprise owner = MakeEnterprise(kGreen, "79", "8934567");
    for (const Principal& p : {EnterpriseKey(kGreen), Writer(Role::kNationalAdmin)}) {
        auto r = CanWriteOwned(p, owner, "8939876000017", "gln");
        ASSERT_TRUE(Refused(r, ErrorCode::kForbidden, "registry.prefix_not_owned")) << RoleName(p.role);
        EXPECT_EQ(r.error().where, "gln");
        EXPECT_EQ(r.error().value, "8939876000017");
    }
    Enterprise no_prefixes = owner;
    no_prefixes.prefixes.clear();
    EXPECT_TRUE(Refused(CanWriteOwned(EnterpriseKey(kGreen), no_prefixes, "8934567000024", "gln"),
                        ErrorCode::kForbidden, "registry.prefix_not_owned"));
}

TEST(AccessTest, OthersMayNotWriteAnOwnersKeys) {
    const Enterprise owner = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_TRUE(
        Refused(CanWriteOwned(Anonymous(), owner, "8934567000024", "gln"), ErrorCode::kUnauthorized, "auth.required"));
    Principal read_only = EnterpriseKey(kGreen);
    read_only.scopes = {std::string(kScopeRead)};
    EXPECT_TRUE(
        Refused(CanWriteOwned(read_only, owner, "8934567000024", "gln"), ErrorCode::kForbidden, "access.scope"));
    EXPECT_TRUE(Forbidden(CanWriteOwned(EnterpriseKey(kOther), owner, "8934567000024", "gln")));
    Principal certifier = Writer(Role::kCertificationBody);
    certifier.subject = "0100000003";
    EXPECT_TRUE(Forbidden(CanWriteOwned(certifier, owner, "8934567000024", "gln")));
}

TEST(AccessTest, ProviderWritesOnlyForEnterprisesThatDelegatedToIt) {
    const Enterprise owner = MakeEnterprise(kGreen, "79", "8934567");
    Principal provider = Writer(Role::kSolutionProvider);
    provider.subject = "0100000003";
    provider.acts_for = {std::string(kOther), std::string(kGreen)};
    EXPECT_TRUE(Allowed(CanWriteOwned(provider, owner, "8934567000024", "gln")));
    provider.acts_for = {std::string(kOther)};
    EXPECT_TRUE(Forbidden(CanWriteOwned(provider, owner, "8934567000024", "gln")));
    provider.acts_for.clear();
    EXPECT_TRUE(Forbidden(CanWriteOwned(provider, owner, "8934567000024", "gln")));
}

TEST(AccessTest, ProvincialRolesWriteKeysOfEnterprisesOfTheirProvince) {
    const Enterprise owner = MakeEnterprise(kGreen, "79", "8934567");
    for (const Role role : {Role::kProvincialSystem, Role::kProvincialAuthority}) {
        EXPECT_TRUE(Allowed(CanWriteOwned(ProvincialKey(role, "79"), owner, "8934567000024", "gln")));
        EXPECT_TRUE(Forbidden(CanWriteOwned(ProvincialKey(role, "01"), owner, "8934567000024", "gln")));
    }
    EXPECT_TRUE(Allowed(CanWriteOwned(Writer(Role::kNationalSync), owner, "8934567000024", "gln")));
}

// ---------------------------------------------------------------------------------------------
// CanCreateKey

TEST(AccessTest, EnterpriseCreatesKeysForItselfOnly) {
    const Principal self = EnterpriseKey(kGreen);
    const Enterprise own = MakeEnterprise(kGreen, "79", "8934567");
    const Enterprise other = MakeEnterprise(kOther, "01", "8939876");
    EXPECT_TRUE(Allowed(CanCreateKey(self, Role::kEnterprise, &own, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(self, Role::kNationalAdmin, nullptr, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(self, Role::kEnterprise, &other, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(self, Role::kSolutionProvider, &own, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(self, Role::kProvincialSystem, nullptr, "79")));
}

TEST(AccessTest, HouseholdCreatesHouseholdKeysForItself) {
    Principal household = Writer(Role::kHousehold);
    household.subject = "087190001234";
    Enterprise own = MakeEnterprise("087190001234", "82", "8934567");
    own.kind = EnterpriseKind::kHousehold;
    EXPECT_TRUE(Allowed(CanCreateKey(household, Role::kHousehold, &own, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(household, Role::kEnterprise, &own, "")));
}

TEST(AccessTest, ProvincialAuthorityCreatesKeysWithinItsProvince) {
    const Principal hcm = ProvincialKey(Role::kProvincialAuthority, "79");
    const Enterprise in_hcm = MakeEnterprise(kGreen, "79", "8934567");
    const Enterprise in_hanoi = MakeEnterprise(kOther, "01", "8939876");
    EXPECT_TRUE(Allowed(CanCreateKey(hcm, Role::kEnterprise, &in_hcm, "")));
    // A provider acts for enterprises in any province: its keys are the national operator's to make.
    EXPECT_TRUE(Forbidden(CanCreateKey(hcm, Role::kSolutionProvider, &in_hcm, "")));
    EXPECT_TRUE(Allowed(CanCreateKey(hcm, Role::kHousehold, &in_hcm, "")));
    EXPECT_TRUE(Allowed(CanCreateKey(hcm, Role::kProvincialSystem, nullptr, "79")));
    EXPECT_TRUE(Forbidden(CanCreateKey(hcm, Role::kEnterprise, &in_hanoi, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(hcm, Role::kProvincialSystem, nullptr, "01")));
    EXPECT_TRUE(Forbidden(CanCreateKey(hcm, Role::kProvincialAuthority, nullptr, "79")));
    EXPECT_TRUE(Forbidden(CanCreateKey(hcm, Role::kNationalSync, nullptr, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(hcm, Role::kNationalAdmin, nullptr, "")));
}

TEST(AccessTest, NationalAdminCreatesAnyKey) {
    const Principal admin = Writer(Role::kNationalAdmin);
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_TRUE(Allowed(CanCreateKey(admin, Role::kEnterprise, &e, "")));
    EXPECT_TRUE(Allowed(CanCreateKey(admin, Role::kProvincialAuthority, nullptr, "01")));
    EXPECT_TRUE(Allowed(CanCreateKey(admin, Role::kNationalSync, nullptr, "")));
    EXPECT_TRUE(Allowed(CanCreateKey(admin, Role::kNationalAdmin, nullptr, "")));
    EXPECT_TRUE(Forbidden(CanCreateKey(Writer(Role::kNationalSync), Role::kNationalAdmin, nullptr, "")));
}

TEST(AccessTest, CreateKeyChecksItsArgumentsFirst) {
    const Principal admin = Writer(Role::kNationalAdmin);
    for (const Role role : {Role::kEnterprise, Role::kHousehold, Role::kSolutionProvider, Role::kCertificationBody}) {
        auto r = CanCreateKey(admin, role, nullptr, "");
        ASSERT_TRUE(Refused(r, ErrorCode::kInvalidArgument, "key.subject_required")) << RoleName(role);
        EXPECT_EQ(r.error().where, "enterprise");
    }
    auto province = CanCreateKey(admin, Role::kProvincialSystem, nullptr, "");
    EXPECT_TRUE(Refused(province, ErrorCode::kInvalidArgument, "key.province_required"));
    EXPECT_TRUE(Refused(CanCreateKey(admin, Role::kConsumer, nullptr, ""), ErrorCode::kInvalidArgument, "key.role"));
}

TEST(AccessTest, CreateKeyNeedsASignedInWriter) {
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_TRUE(
        Refused(CanCreateKey(Anonymous(), Role::kEnterprise, &e, ""), ErrorCode::kUnauthorized, "auth.required"));
    Principal read_only = Writer(Role::kNationalAdmin);
    read_only.scopes = {std::string(kScopeRead)};
    EXPECT_TRUE(Refused(CanCreateKey(read_only, Role::kEnterprise, &e, ""), ErrorCode::kForbidden, "access.scope"));
}

TEST(AccessTest, DelegationIsDecidedByTheEnterpriseItsProvinceOrTheNation) {
    const Enterprise e = MakeEnterprise(kGreen, "79", "8934567");
    EXPECT_TRUE(Allowed(CanDelegate(EnterpriseKey(kGreen), e)));
    EXPECT_TRUE(Allowed(CanDelegate(ProvincialKey(Role::kProvincialAuthority, "79"), e)));
    EXPECT_TRUE(Allowed(CanDelegate(Writer(Role::kNationalAdmin), e)));
    EXPECT_TRUE(Forbidden(CanDelegate(EnterpriseKey(kOther), e)));
    Principal provider = Writer(Role::kSolutionProvider);
    provider.acts_for = {std::string(kGreen)};
    EXPECT_TRUE(Forbidden(CanDelegate(provider, e)));  // a provider cannot delegate to itself
    EXPECT_TRUE(Refused(CanDelegate(Anonymous(), e), ErrorCode::kUnauthorized, "auth.required"));
}

// ---------------------------------------------------------------------------------------------
// AuditScope

TEST(AccessTest, AuditScopeByRole) {
    auto admin = AuditScope(Writer(Role::kNationalAdmin));
    ASSERT_TRUE(admin);
    EXPECT_EQ(*admin, "");
    auto authority = AuditScope(ProvincialKey(Role::kProvincialAuthority, "79"));
    ASSERT_TRUE(authority);
    EXPECT_EQ(*authority, "79");
    EXPECT_TRUE(Refused(AuditScope(EnterpriseKey(kGreen)), ErrorCode::kForbidden, "access.denied"));
    EXPECT_TRUE(
        Refused(AuditScope(ProvincialKey(Role::kProvincialSystem, "79")), ErrorCode::kForbidden, "access.denied"));
    EXPECT_TRUE(
        Refused(AuditScope(ProvincialKey(Role::kProvincialAuthority, "")), ErrorCode::kForbidden, "access.denied"));
    EXPECT_TRUE(Refused(AuditScope(Writer(Role::kNationalSync)), ErrorCode::kForbidden, "access.denied"));
    EXPECT_TRUE(Refused(AuditScope(Anonymous()), ErrorCode::kUnauthorized, "auth.required"));
}

}  // namespace
}  // namespace txng::registry
