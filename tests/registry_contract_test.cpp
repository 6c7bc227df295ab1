// The registry storage contract (store/registry_store.hpp), run unchanged against every backend.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "gs1/check_digit.hpp"
#include "registry/records.hpp"
#include "registry/tax_code.hpp"
#include "store/registry_store.hpp"
#include "store/store.hpp"

namespace txng::store {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Backend {
    std::string name;
    // Opens the registry in `dir`: a fresh database, or the same one again for reopen tests.
    std::function<Result<std::unique_ptr<RegistryStore>>(const fs::path& dir, const RegistryOpenOptions&)> open;
    // Opens the event store on the same database as `open` (the registry shares it with the events).
    std::function<Result<std::unique_ptr<EventStore>>(const fs::path& dir)> open_events;
};

std::vector<Backend> Backends() {
    return {Backend{"sqlite",
                    [](const fs::path& dir, const RegistryOpenOptions& options) {
                        return OpenRegistry("sqlite:" + (dir / "store.db").string(), options);
                    },
                    [](const fs::path& dir) { return OpenStore("sqlite:" + (dir / "store.db").string()); }}};
}

epcis::DateTime T(std::string_view text) { return epcis::DateTime::Parse(text).value(); }

// An organisation's tax code from its first nine digits.
std::string TaxCode(std::string_view nine) {
    const int check = registry::TaxCodeCheckDigit(nine);
    EXPECT_GE(check, 0) << nine;
    return std::string(nine) + static_cast<char>('0' + check);
}

// `count` distinct valid tax codes starting with `head` (two digits).
std::vector<std::string> TaxCodes(std::size_t count, std::string_view head = "03", int first = 1000) {
    std::vector<std::string> out;
    for (int n = first; out.size() < count; ++n) {
        char nine[32];
        std::snprintf(nine, sizeof nine, "%.2s%07d", std::string(head).c_str(), n);
        if (registry::TaxCodeCheckDigit(nine) >= 0) out.push_back(TaxCode(nine));
    }
    return out;
}

// `digits` followed by their GS1 check digit (GLN from 12 digits, GTIN-14 from 13).
std::string WithCheckDigit(std::string_view digits) { return gs1::AppendCheckDigit(digits).value(); }

registry::Enterprise MakeEnterprise(std::string tax_code, std::vector<std::string> prefixes,
                                    std::string province = "68") {
    registry::Enterprise e;
    e.tax_code = std::move(tax_code);
    e.kind = registry::EnterpriseKind::kCooperative;
    e.name = {"Hợp tác xã Nông nghiệp Xuân Trường", "Xuan Truong Agricultural Cooperative"};
    e.address = {"Thôn Trường Thọ", "24805", std::move(province), ""};
    for (auto& p : prefixes) e.prefixes.push_back({std::move(p), false});
    e.contacts = {{"Nguyễn Thị Hồng Nhung", "nhung@xuantruong.vn", "+84 263 382 1234"}};
    auto ok = registry::NormalizeEnterprise(e);
    EXPECT_TRUE(ok) << (ok ? "" : ok.error().ToString());
    return e;
}

registry::Location MakeLocation(std::string gln, std::string owner, std::string province = "68") {
    registry::Location l;
    l.gln = std::move(gln);
    l.owner = std::move(owner);
    l.name = {"Vườn chè Cầu Đất", "Cau Dat tea garden"};
    l.kind = registry::LocationKind::kFarm;
    l.address = {"Ấp Trường Thọ, xã Xuân Trường", "24805", std::move(province), ""};
    l.coordinates = registry::Coordinates{11.8625, 108.5683};
    auto ok = registry::NormalizeLocation(l);
    EXPECT_TRUE(ok) << (ok ? "" : ok.error().ToString());
    return l;
}

registry::Product MakeProduct(std::string gtin, std::string owner) {
    registry::Product p;
    p.gtin = std::move(gtin);
    p.owner = std::move(owner);
    p.name = {"Chè Ô long Cầu Đất", "Cau Dat oolong tea"};
    p.brand = "Xuân Trường";
    p.category = "10000115";
    p.net_content = registry::NetContent{0.25, "KGM"};
    p.shelf_life_days = 540;
    p.origin_country = "VN";
    p.origin_province = "01";
    p.standards = {"TCVN 7975:2008", "VietGAP 2024"};
    p.images = {std::string(64, 'a'), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"};
    p.mandatory_in = {"79", "01"};
    p.priority_in = {"48"};
    auto ok = registry::NormalizeProduct(p);
    EXPECT_TRUE(ok) << (ok ? "" : ok.error().ToString());
    return p;
}

ApiKeyRecord MakeKey(std::string id, std::string subject, std::string province = "") {
    ApiKeyRecord k;
    k.id = std::move(id);
    k.secret_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    k.name = "Máy chủ ERP của HTX";
    k.role = "enterprise";
    k.subject = std::move(subject);
    k.province = std::move(province);
    k.scopes = {"events:write", "registry:read", "events:read"};
    k.expires_at = "2027-01-01T00:00:00.000Z";
    k.created_by = "cli";
    return k;
}

AuditEntry Audit(std::string action, std::string resource, std::string province = "68",
                 std::string actor = "key-admin") {
    AuditEntry a;
    a.actor = std::move(actor);
    a.actor_role = "admin";
    a.actor_subject = "0101234565";
    a.action = std::move(action);
    a.resource = std::move(resource);
    a.province = std::move(province);
    a.remote_address = "203.0.113.7:51234";
    a.detail = R"({"reason":"đăng ký mới","n":1})";
    return a;
}

json::object Json(const registry::Enterprise& e) { return registry::EncodeEnterprise(e); }
json::object Json(const registry::Location& l) { return registry::EncodeLocation(l); }
json::object Json(const registry::Product& p) { return registry::EncodeProduct(p); }

// The record, every field compared through its JSON form (which holds every field).
template <typename R>
::testing::AssertionResult Same(const R& got, const R& want) {
    const auto a = Json(got);
    const auto b = Json(want);
    if (a == b) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got  " << json::serialize(a) << "\nwant " << json::serialize(b);
}

template <typename T>
::testing::AssertionResult Fails(const Result<T>& r, ErrorCode code, std::string_view rule = "") {
    if (r) return ::testing::AssertionFailure() << "succeeded, expected " << ErrorCodeName(code);
    if (r.error().code != code || (!rule.empty() && r.error().rule != rule)) {
        return ::testing::AssertionFailure() << "expected " << ErrorCodeName(code) << " " << rule << ", got "
                                             << ErrorCodeName(r.error().code) << ": " << r.error().ToString();
    }
    return ::testing::AssertionSuccess();
}

std::vector<std::string> Keys(const std::vector<registry::Enterprise>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.tax_code);
    return out;
}
std::vector<std::string> Keys(const std::vector<registry::Location>& v) {
    std::vector<std::string> out;
    for (const auto& l : v) out.push_back(l.gln);
    return out;
}
std::vector<std::string> Keys(const std::vector<registry::Product>& v) {
    std::vector<std::string> out;
    for (const auto& p : v) out.push_back(p.gtin);
    return out;
}
std::vector<std::string> Keys(const std::vector<ApiKeyRecord>& v) {
    std::vector<std::string> out;
    for (const auto& k : v) out.push_back(k.id);
    return out;
}

class RegistryContractTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-registry-" + std::to_string(std::random_device{}()) + "-" +
                                            std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        Open();
    }
    void TearDown() override {
        store_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void Open() { store_ = OpenIn(dir_); }
    std::unique_ptr<RegistryStore> OpenIn(const fs::path& dir) {
        RegistryOpenOptions options;
        options.clock = [this] {
            std::lock_guard lock(clock_mu_);
            return now_;
        };
        auto s = GetParam().open(dir, options);
        EXPECT_TRUE(s) << (s ? "" : s.error().ToString());
        return s ? std::move(*s) : nullptr;
    }

    // The clock's time as the store writes it.
    std::string Stamp() {
        std::lock_guard lock(clock_mu_);
        return now_.ToUtcString(3);
    }
    void Advance(std::int64_t seconds, std::int32_t millis = 0) {
        std::lock_guard lock(clock_mu_);
        now_.unix_seconds += seconds;
        now_.nanos += millis * 1'000'000;
    }

    std::vector<AuditEntry> AuditAfter(std::int64_t after_id) {
        AuditFilter f;
        f.after_id = after_id;
        f.limit = 100000;
        auto r = store_->ListAudit(f);
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? *r : std::vector<AuditEntry>{};
    }
    std::int64_t LastAuditId() {
        const auto all = AuditAfter(0);
        return all.empty() ? 0 : all.back().id;
    }
    // Exactly one entry after `after_id`: `want` as given, with the store's id and time.
    ::testing::AssertionResult AuditedOnce(std::int64_t after_id, const AuditEntry& want) {
        const auto got = AuditAfter(after_id);
        if (got.size() != 1) return ::testing::AssertionFailure() << got.size() << " audit entries, expected 1";
        const auto& a = got[0];
        if (a.id <= after_id) return ::testing::AssertionFailure() << "id " << a.id << " not after " << after_id;
        const std::string now = Stamp();
        if (a.at != now || a.actor != want.actor || a.actor_role != want.actor_role ||
            a.actor_subject != want.actor_subject || a.action != want.action || a.resource != want.resource ||
            a.province != want.province || a.remote_address != want.remote_address || a.detail != want.detail) {
            return ::testing::AssertionFailure()
                   << "got {" << a.at << ", " << a.actor << ", " << a.actor_role << ", " << a.actor_subject << ", "
                   << a.action << ", " << a.resource << ", " << a.province << ", " << a.remote_address << ", "
                   << a.detail << "}, want {" << now << ", " << want.actor << ", " << want.actor_role << ", "
                   << want.actor_subject << ", " << want.action << ", " << want.resource << ", " << want.province
                   << ", " << want.remote_address << ", " << want.detail << "}";
        }
        return ::testing::AssertionSuccess();
    }
    ::testing::AssertionResult NoAuditAfter(std::int64_t after_id) {
        const auto got = AuditAfter(after_id);
        if (got.empty()) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << got.size() << " audit entries after a failed write, first "
                                             << got[0].action << " " << got[0].resource;
    }

    registry::Enterprise Create(const registry::Enterprise& e) {
        auto r = store_->CreateEnterprise(e, Audit("enterprise.create", e.tax_code, e.address.province_code));
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? *r : registry::Enterprise{};
    }
    registry::Location Create(const registry::Location& l) {
        auto r = store_->CreateLocation(l, Audit("location.create", l.gln, l.address.province_code));
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? *r : registry::Location{};
    }
    registry::Product Create(const registry::Product& p) {
        auto r = store_->CreateProduct(p, Audit("product.create", p.gtin));
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? *r : registry::Product{};
    }
    ApiKeyRecord Create(const ApiKeyRecord& k) {
        auto r = store_->CreateKey(k, Audit("key.create", k.id, k.province));
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? *r : ApiKeyRecord{};
    }

    std::vector<std::string> EnterprisePage(ListRequest request) {
        auto r = store_->ListEnterprises(request);
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? Keys(*r) : std::vector<std::string>{};
    }
    std::vector<std::string> LocationPage(ListRequest request) {
        auto r = store_->ListLocations(request);
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? Keys(*r) : std::vector<std::string>{};
    }
    std::vector<std::string> ProductPage(ListRequest request) {
        auto r = store_->ListProducts(request);
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? Keys(*r) : std::vector<std::string>{};
    }
    std::vector<std::string> KeyList(std::string_view subject, std::string_view province) {
        auto r = store_->ListKeys(subject, province);
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        return r ? Keys(*r) : std::vector<std::string>{};
    }
    std::string HolderOf(std::string_view key_digits) {
        auto r = store_->EnterpriseByKey(key_digits);
        EXPECT_TRUE(r) << key_digits << ": " << (r ? "" : r.error().ToString());
        return r ? r->tax_code : std::string();
    }

    // Creating `other` with a prefix overlapping the one of an existing enterprise fails and leaves
    // no trace of `other`.
    void ExpectPrefixTaken(std::string_view held, std::string_view wanted) {
        const auto tax = TaxCodes(2, "03", 5000);
        Create(MakeEnterprise(tax[0], {std::string(held)}));
        const auto before = LastAuditId();
        Advance(60);
        auto other = MakeEnterprise(tax[1], {"8939999", std::string(wanted)});
        EXPECT_TRUE(Fails(store_->CreateEnterprise(other, Audit("enterprise.create", other.tax_code)),
                          ErrorCode::kConflict, "registry.prefix_taken"));
        EXPECT_TRUE(Fails(store_->GetEnterprise(other.tax_code), ErrorCode::kNotFound));
        EXPECT_TRUE(NoAuditAfter(before));
        // Its other prefix was not kept either.
        EXPECT_TRUE(Fails(store_->EnterpriseByKey("893999900001"), ErrorCode::kNotFound));
        EXPECT_EQ(HolderOf(std::string(held) + "00000"), tax[0]);
        EXPECT_EQ(EnterprisePage({}), std::vector<std::string>{tax[0]});
    }

    fs::path dir_;
    std::mutex clock_mu_;
    epcis::DateTime now_ = T("2026-03-01T08:00:00.000+07:00");
    std::unique_ptr<RegistryStore> store_;
};

// ---- enterprises

TEST_P(RegistryContractTest, EnterpriseRoundTripsWithEveryFieldAndTheStoresTimes) {
    auto e = MakeEnterprise("0314409058", {"8934567", "8938123456", "2001234"}, "02");
    e.kind = registry::EnterpriseKind::kEnterprise;
    e.name = {"Công ty Cổ phần Thực phẩm Sạch Đà Lạt – Chi nhánh Hà Giang", "Da Lat Clean Food JSC"};
    e.gln = WithCheckDigit("893456700000");
    e.contacts.push_back({"Trần Văn Đức", "", "0912 345 678"});
    e.contacts.push_back({"Lê Thị Ánh", "anh.le@dalatfood.com.vn", ""});
    e.status = registry::RecordStatus::kSuspended;
    e.created_at = "1999-01-01T00:00:00.000Z";  // set by the store, whatever is given
    e.updated_at = "1999-01-01T00:00:00.000Z";
    ASSERT_EQ(e.address.province_code, "08");
    ASSERT_EQ(e.address.former_province_code, "02");
    ASSERT_TRUE(e.prefixes[2].internal_only);

    auto created = store_->CreateEnterprise(e, Audit("enterprise.create", e.tax_code, "08"));
    ASSERT_TRUE(created) << created.error().ToString();
    EXPECT_EQ(created->created_at, "2026-03-01T01:00:00.000Z");
    EXPECT_EQ(created->updated_at, "2026-03-01T01:00:00.000Z");
    auto want = e;
    want.created_at = want.updated_at = "2026-03-01T01:00:00.000Z";
    EXPECT_TRUE(Same(*created, want));
    EXPECT_TRUE(AuditedOnce(0, Audit("enterprise.create", e.tax_code, "08")));

    Advance(3600);
    auto got = store_->GetEnterprise("0314409058");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, want));
    EXPECT_EQ(got->name.vi, "Công ty Cổ phần Thực phẩm Sạch Đà Lạt – Chi nhánh Hà Giang");
    EXPECT_EQ(got->address.street, "Thôn Trường Thọ");
    ASSERT_EQ(got->prefixes.size(), 3u);
    EXPECT_EQ(got->prefixes[1].prefix, "8938123456");
    EXPECT_TRUE(got->prefixes[2].internal_only);
    ASSERT_EQ(got->contacts.size(), 3u);
    EXPECT_EQ(got->contacts[1].phone, "0912 345 678");
    EXPECT_EQ(got->contacts[2].email, "anh.le@dalatfood.com.vn");
    EXPECT_EQ(got->status, registry::RecordStatus::kSuspended);
}

TEST_P(RegistryContractTest, CreatingAnExistingEnterpriseIsAConflict) {
    const auto first = Create(MakeEnterprise("0314409058", {"8934567"}));
    const auto before = LastAuditId();
    Advance(60);
    auto again = MakeEnterprise("0314409058", {"8935555"}, "79");
    again.name.vi = "Tên khác";
    EXPECT_TRUE(Fails(store_->CreateEnterprise(again, Audit("enterprise.create", again.tax_code)), ErrorCode::kConflict,
                      "registry.exists"));
    EXPECT_TRUE(NoAuditAfter(before));
    auto got = store_->GetEnterprise("0314409058");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, first));
    // The refused record's prefix was not kept.
    EXPECT_TRUE(Fails(store_->EnterpriseByKey("893555500001"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, GettingAnUnknownEnterpriseIsNotFound) {
    EXPECT_TRUE(Fails(store_->GetEnterprise("0314409058"), ErrorCode::kNotFound));
    Create(MakeEnterprise("0101234565", {"8934567"}));
    EXPECT_TRUE(Fails(store_->GetEnterprise("0314409058"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, SamePrefixAsAnotherEnterpriseIsTaken) { ExpectPrefixTaken("8934567", "8934567"); }

TEST_P(RegistryContractTest, PrefixExtendingAnotherEnterprisesIsTaken) { ExpectPrefixTaken("8934567", "89345671"); }

TEST_P(RegistryContractTest, PrefixContainedInAnotherEnterprisesIsTaken) { ExpectPrefixTaken("89345671", "8934567"); }

TEST_P(RegistryContractTest, UpdateKeepsCreationTimeAndStampsTheUpdate) {
    const auto created = Create(MakeEnterprise("0314409058", {"8934567"}));
    Advance(86400, 250);
    auto changed = created;
    changed.name = {"Hợp tác xã Chè Cầu Đất", "Cau Dat Tea Cooperative"};
    changed.address.province_code = "79";
    changed.address.commune_code = "26734";
    changed.contacts = {{"Phạm Minh Khôi", "khoi@caudat.vn", ""}};
    changed.created_at = "1999-01-01T00:00:00.000Z";  // ignored: the store keeps its own
    // changed.updated_at is the stored one (as read): the update applies.
    const auto before = LastAuditId();
    auto updated = store_->UpdateEnterprise(changed, Audit("enterprise.update", changed.tax_code, "79"));
    ASSERT_TRUE(updated) << updated.error().ToString();
    EXPECT_EQ(updated->created_at, "2026-03-01T01:00:00.000Z");
    EXPECT_EQ(updated->updated_at, "2026-03-02T01:00:00.250Z");
    EXPECT_TRUE(AuditedOnce(before, Audit("enterprise.update", changed.tax_code, "79")));
    auto want = changed;
    want.created_at = "2026-03-01T01:00:00.000Z";
    want.updated_at = "2026-03-02T01:00:00.250Z";
    auto got = store_->GetEnterprise("0314409058");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, want));
    // Listing by province follows the new address.
    EXPECT_EQ(EnterprisePage({.province = "79"}), std::vector<std::string>{"0314409058"});
    EXPECT_TRUE(EnterprisePage({.province = "68"}).empty());
    // A change decided on what was read before that update is refused, and nothing is written.
    auto stale = changed;
    stale.name.vi = "Tên cũ";
    const auto before_stale = LastAuditId();
    EXPECT_TRUE(Fails(store_->UpdateEnterprise(stale, Audit("enterprise.update", stale.tax_code, "79")),
                      ErrorCode::kConflict, "registry.changed"));
    EXPECT_TRUE(NoAuditAfter(before_stale));
    EXPECT_EQ(store_->GetEnterprise("0314409058")->name.vi, changed.name.vi);
    // Without a time read, the update is unconditional.
    stale.updated_at.clear();
    EXPECT_TRUE(store_->UpdateEnterprise(stale, Audit("enterprise.update", stale.tax_code, "79")));
}

TEST_P(RegistryContractTest, UpdateReplacingPrefixesFreesTheOldOnes) {
    const auto tax = TaxCodes(2);
    auto a = Create(MakeEnterprise(tax[0], {"8934567", "8935000"}));
    Advance(60);
    a.prefixes = {{"8936001", false}, {"8935000", false}};
    const auto before = LastAuditId();
    auto updated = store_->UpdateEnterprise(a, Audit("enterprise.update", a.tax_code));
    ASSERT_TRUE(updated) << updated.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("enterprise.update", a.tax_code)));
    EXPECT_EQ(HolderOf("893600100001"), tax[0]);
    EXPECT_EQ(HolderOf("893500000001"), tax[0]);
    EXPECT_TRUE(Fails(store_->EnterpriseByKey("893456700001"), ErrorCode::kNotFound));
    // Another enterprise can now take the freed prefix, and an extension of it.
    Create(MakeEnterprise(tax[1], {"89345671"}));
    EXPECT_EQ(HolderOf("893456710001"), tax[1]);
    auto got = store_->GetEnterprise(tax[0]);
    ASSERT_TRUE(got) << got.error().ToString();
    ASSERT_EQ(got->prefixes.size(), 2u);
    EXPECT_EQ(got->prefixes[0].prefix, "8936001");
}

TEST_P(RegistryContractTest, UpdateTakingAnotherEnterprisesPrefixIsAConflictAndChangesNothing) {
    const auto tax = TaxCodes(2);
    Create(MakeEnterprise(tax[0], {"8934567"}));
    const auto b = Create(MakeEnterprise(tax[1], {"8935000"}));
    Advance(60);
    auto changed = b;
    changed.name.vi = "Tên mới";
    changed.prefixes = {{"8936000", false}, {"89345678", false}};
    const auto before = LastAuditId();
    EXPECT_TRUE(Fails(store_->UpdateEnterprise(changed, Audit("enterprise.update", b.tax_code)), ErrorCode::kConflict,
                      "registry.prefix_taken"));
    EXPECT_TRUE(NoAuditAfter(before));
    auto got = store_->GetEnterprise(tax[1]);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, b));
    EXPECT_EQ(HolderOf("893500000001"), tax[1]);
    EXPECT_EQ(HolderOf("893456780001"), tax[0]);
    EXPECT_TRUE(Fails(store_->EnterpriseByKey("893600000001"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, UpdatingAnUnknownEnterpriseIsNotFound) {
    const auto before = LastAuditId();
    const auto e = MakeEnterprise("0314409058", {"8934567"});
    EXPECT_TRUE(Fails(store_->UpdateEnterprise(e, Audit("enterprise.update", e.tax_code)), ErrorCode::kNotFound));
    EXPECT_TRUE(NoAuditAfter(before));
    EXPECT_TRUE(Fails(store_->GetEnterprise(e.tax_code), ErrorCode::kNotFound));
    EXPECT_TRUE(Fails(store_->EnterpriseByKey("893456700001"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, EnterpriseByKeyFindsTheHolderOfTheKeysPrefix) {
    const auto tax = TaxCodes(4);
    Create(MakeEnterprise(tax[0], {"893456", "8938000"}));       // 6 and 7 digits
    Create(MakeEnterprise(tax[1], {"89345700"}));                // 8 digits, beside tax[0]'s 893456
    Create(MakeEnterprise(tax[2], {"893999912345"}));            // 12 digits
    Create(MakeEnterprise(tax[3], {"2001234", "89399981234"}));  // restricted; 11 digits
    // GTIN-14 digits without the indicator digit (13) and GLNs (13).
    const std::string gtin = WithCheckDigit("1893456012345");  // indicator 1, prefix 893456
    EXPECT_EQ(HolderOf(gtin.substr(1)), tax[0]);
    EXPECT_EQ(HolderOf(WithCheckDigit("893800012345")), tax[0]);
    EXPECT_EQ(HolderOf(WithCheckDigit("893457000001")), tax[1]);
    EXPECT_EQ(HolderOf(WithCheckDigit("893999912345")), tax[2]);
    EXPECT_EQ(HolderOf(WithCheckDigit("893999812340")), tax[3]);
    EXPECT_EQ(HolderOf(WithCheckDigit("200123400005")), tax[3]);
    // SSCC digits without the extension digit (16).
    EXPECT_EQ(HolderOf("8934570012345678"), tax[1]);
    auto e = store_->EnterpriseByKey(WithCheckDigit("893456012345"));
    ASSERT_TRUE(e) << e.error().ToString();
    EXPECT_EQ(e->prefixes.size(), 2u);
    EXPECT_EQ(e->name.vi, "Hợp tác xã Nông nghiệp Xuân Trường");
    // Keys that start with no registered prefix.
    EXPECT_TRUE(Fails(store_->EnterpriseByKey(WithCheckDigit("893457100001")), ErrorCode::kNotFound));
    EXPECT_TRUE(Fails(store_->EnterpriseByKey(WithCheckDigit("489345600001")), ErrorCode::kNotFound));
    EXPECT_TRUE(Fails(store_->EnterpriseByKey(WithCheckDigit("893999900001")), ErrorCode::kNotFound));
    EXPECT_TRUE(Fails(store_->EnterpriseByKey("89345"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, ListEnterprisesPagesInTaxCodeOrder) {
    auto tax = TaxCodes(4, "03");
    const auto more = TaxCodes(3, "01");
    tax.insert(tax.end(), more.begin(), more.end());
    for (std::size_t i = 0; i < tax.size(); ++i) {
        Create(MakeEnterprise(tax[i], {"89350" + std::to_string(10 + i)}));
    }
    auto sorted = tax;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(EnterprisePage({}), sorted);
    std::vector<std::string> paged;
    std::string after;
    for (int guard = 0; guard < 10; ++guard) {
        const auto page = EnterprisePage({.after = after, .limit = 3});
        EXPECT_LE(page.size(), 3u);
        if (page.empty()) break;
        paged.insert(paged.end(), page.begin(), page.end());
        after = page.back();
    }
    EXPECT_EQ(paged, sorted);
    EXPECT_EQ(EnterprisePage({.after = sorted[5], .limit = 3}), std::vector<std::string>{sorted[6]});
    EXPECT_TRUE(EnterprisePage({.after = sorted[6]}).empty());
    EXPECT_EQ(EnterprisePage({.limit = 1}), std::vector<std::string>{sorted[0]});
}

TEST_P(RegistryContractTest, ListEnterprisesFiltersByProvince) {
    const auto tax = TaxCodes(5);
    const std::vector<std::string> provinces = {"68", "79", "68", "01", "68"};
    for (std::size_t i = 0; i < tax.size(); ++i) {
        Create(MakeEnterprise(tax[i], {"89350" + std::to_string(10 + i)}, provinces[i]));
    }
    EXPECT_EQ(EnterprisePage({.province = "68"}), (std::vector<std::string>{tax[0], tax[2], tax[4]}));
    EXPECT_EQ(EnterprisePage({.limit = 2, .province = "68"}), (std::vector<std::string>{tax[0], tax[2]}));
    EXPECT_EQ(EnterprisePage({.after = tax[2], .limit = 2, .province = "68"}), std::vector<std::string>{tax[4]});
    EXPECT_EQ(EnterprisePage({.province = "79"}), std::vector<std::string>{tax[1]});
    EXPECT_TRUE(EnterprisePage({.province = "48"}).empty());
}

// ---- locations

TEST_P(RegistryContractTest, LocationRoundTripsAndUpdateKeepsItsCreationTime) {
    const auto owner = Create(MakeEnterprise("0314409058", {"8934567"}));
    auto l = MakeLocation(WithCheckDigit("893456700017"), owner.tax_code);
    l.parent = WithCheckDigit("893456700000");
    l.kind = registry::LocationKind::kPackingHouse;
    l.status = registry::RecordStatus::kSuspended;
    l.created_at = "1999-01-01T00:00:00.000Z";
    Advance(60);
    auto before = LastAuditId();
    auto created = store_->CreateLocation(l, Audit("location.create", l.gln));
    ASSERT_TRUE(created) << created.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("location.create", l.gln)));
    auto want = l;
    want.created_at = want.updated_at = "2026-03-01T01:01:00.000Z";
    EXPECT_TRUE(Same(*created, want));
    auto got = store_->GetLocation(l.gln);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, want));
    ASSERT_TRUE(got->coordinates);
    EXPECT_DOUBLE_EQ(got->coordinates->latitude, 11.8625);
    EXPECT_EQ(got->name.vi, "Vườn chè Cầu Đất");

    Advance(60);
    auto changed = *got;
    changed.name = {"Xưởng sơ chế Xuân Trường", ""};
    changed.coordinates.reset();
    changed.parent.clear();
    changed.address.province_code = "79";
    before = LastAuditId();
    auto updated = store_->UpdateLocation(changed, Audit("location.update", l.gln, "79"));
    ASSERT_TRUE(updated) << updated.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("location.update", l.gln, "79")));
    want = changed;
    want.created_at = "2026-03-01T01:01:00.000Z";
    want.updated_at = "2026-03-01T01:02:00.000Z";
    EXPECT_TRUE(Same(*updated, want));
    got = store_->GetLocation(l.gln);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, want));
    EXPECT_FALSE(got->coordinates);
}

TEST_P(RegistryContractTest, CreatingAnExistingLocationIsAConflictAndUpdatingAnUnknownOneIsNotFound) {
    const auto l = Create(MakeLocation(WithCheckDigit("893456700017"), "0314409058"));
    const auto before = LastAuditId();
    Advance(60);
    auto other = MakeLocation(l.gln, "0101234565", "79");
    EXPECT_TRUE(
        Fails(store_->CreateLocation(other, Audit("location.create", l.gln)), ErrorCode::kConflict, "registry.exists"));
    auto got = store_->GetLocation(l.gln);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, l));
    const auto unknown = MakeLocation(WithCheckDigit("893456700024"), "0314409058");
    EXPECT_TRUE(Fails(store_->UpdateLocation(unknown, Audit("location.update", unknown.gln)), ErrorCode::kNotFound));
    EXPECT_TRUE(Fails(store_->GetLocation(unknown.gln), ErrorCode::kNotFound));
    EXPECT_TRUE(NoAuditAfter(before));
}

TEST_P(RegistryContractTest, ListLocationsPagesAndFiltersByOwnerAndProvince) {
    const std::string a = "0314409058";
    const std::string b = "0101234565";
    std::vector<std::string> glns;
    for (int i = 1; i <= 6; ++i) glns.push_back(WithCheckDigit("8934567000" + std::to_string(10 + i)));
    // owner a: 0 (68), 2 (79), 4 (68); owner b: 1 (68), 3 (01), 5 (79).
    const std::vector<std::string> provinces = {"68", "68", "79", "01", "68", "79"};
    for (std::size_t i = 0; i < glns.size(); ++i) Create(MakeLocation(glns[i], i % 2 ? b : a, provinces[i]));
    EXPECT_EQ(LocationPage({}), glns);
    EXPECT_EQ(LocationPage({.after = glns[1], .limit = 2}), (std::vector<std::string>{glns[2], glns[3]}));
    EXPECT_EQ(LocationPage({.owner = a}), (std::vector<std::string>{glns[0], glns[2], glns[4]}));
    EXPECT_EQ(LocationPage({.after = glns[0], .limit = 1, .owner = a}), std::vector<std::string>{glns[2]});
    EXPECT_EQ(LocationPage({.province = "68"}), (std::vector<std::string>{glns[0], glns[1], glns[4]}));
    EXPECT_EQ(LocationPage({.province = "79", .owner = b}), std::vector<std::string>{glns[5]});
    EXPECT_TRUE(LocationPage({.province = "01", .owner = a}).empty());
    EXPECT_TRUE(LocationPage({.owner = "0100000000"}).empty());
}

// ---- products

TEST_P(RegistryContractTest, ProductRoundTripsAndUpdateKeepsItsCreationTime) {
    Create(MakeEnterprise("0314409058", {"8934567"}));
    auto p = MakeProduct(WithCheckDigit("0893456700012"), "0314409058");
    p.status = registry::RecordStatus::kSuspended;
    p.updated_at = "1999-01-01T00:00:00.000Z";
    Advance(1, 5);
    auto before = LastAuditId();
    auto created = store_->CreateProduct(p, Audit("product.create", p.gtin));
    ASSERT_TRUE(created) << created.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("product.create", p.gtin)));
    auto want = p;
    want.created_at = want.updated_at = "2026-03-01T01:00:01.005Z";
    EXPECT_TRUE(Same(*created, want));
    auto got = store_->GetProduct(p.gtin);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, want));
    EXPECT_EQ(got->name.vi, "Chè Ô long Cầu Đất");
    ASSERT_TRUE(got->net_content);
    EXPECT_DOUBLE_EQ(got->net_content->value, 0.25);
    EXPECT_EQ(got->shelf_life_days, 540);
    EXPECT_EQ(got->mandatory_in, (std::vector<std::string>{"01", "79"}));
    EXPECT_EQ(got->images.size(), 2u);

    Advance(60);
    auto changed = *got;
    changed.name.en.clear();
    changed.net_content.reset();
    changed.shelf_life_days.reset();
    changed.standards = {"QCVN 8-2:2011/BYT"};
    changed.images.clear();
    before = LastAuditId();
    auto updated = store_->UpdateProduct(changed, Audit("product.update", p.gtin));
    ASSERT_TRUE(updated) << updated.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("product.update", p.gtin)));
    want = changed;
    want.created_at = "2026-03-01T01:00:01.005Z";
    want.updated_at = "2026-03-01T01:01:01.005Z";
    EXPECT_TRUE(Same(*updated, want));
    got = store_->GetProduct(p.gtin);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, want));
}

TEST_P(RegistryContractTest, CreatingAnExistingProductIsAConflictAndUpdatingAnUnknownOneIsNotFound) {
    Create(MakeEnterprise("0314409058", {"8934567"}));
    const auto p = Create(MakeProduct(WithCheckDigit("0893456700012"), "0314409058"));
    const auto before = LastAuditId();
    Advance(60);
    auto other = p;
    other.name.vi = "Sản phẩm khác";
    EXPECT_TRUE(
        Fails(store_->CreateProduct(other, Audit("product.create", p.gtin)), ErrorCode::kConflict, "registry.exists"));
    auto got = store_->GetProduct(p.gtin);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, p));
    const auto unknown = MakeProduct(WithCheckDigit("0893456700029"), "0314409058");
    EXPECT_TRUE(Fails(store_->UpdateProduct(unknown, Audit("product.update", unknown.gtin)), ErrorCode::kNotFound));
    EXPECT_TRUE(Fails(store_->GetProduct(unknown.gtin), ErrorCode::kNotFound));
    EXPECT_TRUE(NoAuditAfter(before));
}

TEST_P(RegistryContractTest, ListProductsFiltersByOwnerAndByTheOwnersProvince) {
    Create(MakeEnterprise("0314409058", {"8934567"}, "68"));
    Create(MakeEnterprise("0101234565", {"8935000"}, "01"));
    std::vector<std::string> gtins;
    for (int i = 1; i <= 3; ++i) gtins.push_back(WithCheckDigit("089345670001" + std::to_string(i)));
    for (int i = 4; i <= 5; ++i) gtins.push_back(WithCheckDigit("089350000001" + std::to_string(i)));
    for (std::size_t i = 0; i < gtins.size(); ++i) {
        // origin_province is "01" for all: the province filter is the owner's, not the origin's.
        Create(MakeProduct(gtins[i], i < 3 ? "0314409058" : "0101234565"));
    }
    EXPECT_EQ(ProductPage({}), gtins);
    EXPECT_EQ(ProductPage({.after = gtins[0], .limit = 2}), (std::vector<std::string>{gtins[1], gtins[2]}));
    EXPECT_EQ(ProductPage({.owner = "0101234565"}), (std::vector<std::string>{gtins[3], gtins[4]}));
    EXPECT_EQ(ProductPage({.province = "68"}), (std::vector<std::string>{gtins[0], gtins[1], gtins[2]}));
    EXPECT_EQ(ProductPage({.after = gtins[0], .limit = 1, .province = "68"}), std::vector<std::string>{gtins[1]});
    EXPECT_EQ(ProductPage({.province = "01"}), (std::vector<std::string>{gtins[3], gtins[4]}));
    EXPECT_TRUE(ProductPage({.province = "01", .owner = "0314409058"}).empty());
    EXPECT_TRUE(ProductPage({.province = "79"}).empty());
    // An update keeps the product in its owner's province.
    auto p = store_->GetProduct(gtins[0]);
    ASSERT_TRUE(p) << p.error().ToString();
    p->brand = "Cầu Đất Farm";
    ASSERT_TRUE(store_->UpdateProduct(*p, Audit("product.update", p->gtin)));
    EXPECT_EQ(ProductPage({.province = "68"}), (std::vector<std::string>{gtins[0], gtins[1], gtins[2]}));
    // A record whose key's prefix another enterprise holds (it moved after the caller checked) is
    // refused, and nothing is written.
    const auto before = LastAuditId();
    auto moved = MakeProduct(WithCheckDigit("0893456700019"), "0101234565");
    EXPECT_TRUE(Fails(store_->CreateProduct(moved, Audit("product.create", moved.gtin)), ErrorCode::kConflict,
                      "registry.owner_changed"));
    p->owner = "0101234565";
    EXPECT_TRUE(Fails(store_->UpdateProduct(*p, Audit("product.update", p->gtin)), ErrorCode::kConflict,
                      "registry.owner_changed"));
    auto farm = MakeLocation(WithCheckDigit("893456700099"), "0101234565");
    EXPECT_TRUE(Fails(store_->CreateLocation(farm, Audit("location.create", farm.gln)), ErrorCode::kConflict,
                      "registry.owner_changed"));
    EXPECT_TRUE(NoAuditAfter(before));
    EXPECT_TRUE(Fails(store_->GetProduct(moved.gtin), ErrorCode::kNotFound));
}

// ---- delegations

TEST_P(RegistryContractTest, DelegationsAreAddedOnceListedSortedAndRemoved) {
    const auto tax = TaxCodes(3);
    const std::string provider = "0101234565";
    const std::string other_provider = "0314409058";
    auto before = LastAuditId();
    ASSERT_TRUE(store_->AddDelegation(tax[2], provider, Audit("delegation.add", tax[2])));
    EXPECT_TRUE(AuditedOnce(before, Audit("delegation.add", tax[2])));
    Advance(1);
    ASSERT_TRUE(store_->AddDelegation(tax[0], provider, Audit("delegation.add", tax[0])));
    ASSERT_TRUE(store_->AddDelegation(tax[1], provider, Audit("delegation.add", tax[1])));
    ASSERT_TRUE(store_->AddDelegation(tax[0], other_provider, Audit("delegation.add", tax[0])));
    // Adding again succeeds and changes nothing.
    ASSERT_TRUE(store_->AddDelegation(tax[0], provider, Audit("delegation.add", tax[0])));

    auto delegators = store_->DelegatorsOf(provider);
    ASSERT_TRUE(delegators) << delegators.error().ToString();
    EXPECT_EQ(*delegators, (std::vector<std::string>{tax[0], tax[1], tax[2]}));
    auto providers = store_->ProvidersOf(tax[0]);
    ASSERT_TRUE(providers) << providers.error().ToString();
    EXPECT_EQ(*providers, (std::vector<std::string>{provider, other_provider}));
    auto none = store_->DelegatorsOf(tax[0]);
    ASSERT_TRUE(none) << none.error().ToString();
    EXPECT_TRUE(none->empty());

    Advance(1);
    before = LastAuditId();
    ASSERT_TRUE(store_->RemoveDelegation(tax[0], provider, Audit("delegation.remove", tax[0])));
    EXPECT_TRUE(AuditedOnce(before, Audit("delegation.remove", tax[0])));
    delegators = store_->DelegatorsOf(provider);
    ASSERT_TRUE(delegators) << delegators.error().ToString();
    EXPECT_EQ(*delegators, (std::vector<std::string>{tax[1], tax[2]}));
    providers = store_->ProvidersOf(tax[0]);
    ASSERT_TRUE(providers) << providers.error().ToString();
    EXPECT_EQ(*providers, std::vector<std::string>{other_provider});

    before = LastAuditId();
    EXPECT_TRUE(
        Fails(store_->RemoveDelegation(tax[0], provider, Audit("delegation.remove", tax[0])), ErrorCode::kNotFound));
    EXPECT_TRUE(
        Fails(store_->RemoveDelegation(provider, tax[1], Audit("delegation.remove", provider)), ErrorCode::kNotFound));
    EXPECT_TRUE(NoAuditAfter(before));
}

// ---- keys

TEST_P(RegistryContractTest, KeyRoundTripsWithItsSecretHashAndScopesInOrder) {
    auto k = MakeKey("txk_4f9a2c", "0314409058");
    k.created_at = "1999-01-01T00:00:00.000Z";
    Advance(30);
    const auto before = LastAuditId();
    auto created = store_->CreateKey(k, Audit("key.create", k.id, ""));
    ASSERT_TRUE(created) << created.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("key.create", k.id, "")));
    EXPECT_EQ(created->created_at, "2026-03-01T01:00:30.000Z");
    auto got = store_->GetKey("txk_4f9a2c");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(got->id, k.id);
    EXPECT_EQ(got->secret_hash, k.secret_hash);
    EXPECT_EQ(got->name, "Máy chủ ERP của HTX");
    EXPECT_EQ(got->role, "enterprise");
    EXPECT_EQ(got->subject, "0314409058");
    EXPECT_EQ(got->province, "");
    EXPECT_EQ(got->scopes, (std::vector<std::string>{"events:write", "registry:read", "events:read"}));
    EXPECT_EQ(got->created_at, "2026-03-01T01:00:30.000Z");
    EXPECT_EQ(got->expires_at, "2027-01-01T00:00:00.000Z");
    EXPECT_EQ(got->revoked_at, "");
    EXPECT_EQ(got->created_by, "cli");

    auto bare = MakeKey("txk_bare", "");
    bare.scopes.clear();
    bare.expires_at.clear();
    Create(bare);
    got = store_->GetKey("txk_bare");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(got->scopes.empty());
    EXPECT_EQ(got->expires_at, "");
    EXPECT_TRUE(Fails(store_->GetKey("txk_unknown"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, CreatingAKeyWithAnExistingIdIsAConflict) {
    const auto k = Create(MakeKey("txk_4f9a2c", "0314409058"));
    Advance(60);
    const auto before = LastAuditId();
    auto other = MakeKey("txk_4f9a2c", "0101234565", "01");
    other.secret_hash = std::string(64, 'b');
    EXPECT_TRUE(Fails(store_->CreateKey(other, Audit("key.create", other.id)), ErrorCode::kConflict));
    EXPECT_TRUE(NoAuditAfter(before));
    auto got = store_->GetKey("txk_4f9a2c");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(got->secret_hash, k.secret_hash);
    EXPECT_EQ(got->subject, "0314409058");
    EXPECT_EQ(got->created_at, k.created_at);
}

TEST_P(RegistryContractTest, ListKeysFiltersBySubjectAndProvince) {
    Create(MakeKey("txk_a1", "0314409058"));
    Advance(1);
    Create(MakeKey("txk_p1", "", "68"));
    Advance(1);
    Create(MakeKey("txk_a0", "0314409058"));
    Advance(1);
    Create(MakeKey("txk_b1", "0101234565"));
    Advance(1);
    Create(MakeKey("txk_p2", "", "79"));
    EXPECT_EQ(KeyList("0314409058", ""), (std::vector<std::string>{"txk_a1", "txk_a0"}));
    EXPECT_EQ(KeyList("0101234565", ""), std::vector<std::string>{"txk_b1"});
    EXPECT_EQ(KeyList("", "68"), std::vector<std::string>{"txk_p1"});
    EXPECT_EQ(KeyList("", "79"), std::vector<std::string>{"txk_p2"});
    EXPECT_TRUE(KeyList("0314409058", "68").empty());
    EXPECT_TRUE(KeyList("0100000000", "").empty());
    const auto all = KeyList("", "");
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()),
              (std::set<std::string>{"txk_a0", "txk_a1", "txk_b1", "txk_p1", "txk_p2"}));
    // Revoked keys are still listed.
    ASSERT_TRUE(store_->RevokeKey("txk_a1", false, Audit("key.revoke", "txk_a1")));
    EXPECT_EQ(KeyList("0314409058", ""), (std::vector<std::string>{"txk_a1", "txk_a0"}));
}

TEST_P(RegistryContractTest, RevokingAKeySetsRevokedAtOnce) {
    const auto k = Create(MakeKey("txk_4f9a2c", "0314409058"));
    Advance(3600);
    auto before = LastAuditId();
    auto revoked = store_->RevokeKey("txk_4f9a2c", false, Audit("key.revoke", k.id, ""));
    ASSERT_TRUE(revoked) << revoked.error().ToString();
    EXPECT_TRUE(AuditedOnce(before, Audit("key.revoke", k.id, "")));
    EXPECT_EQ(revoked->revoked_at, "2026-03-01T02:00:00.000Z");
    EXPECT_EQ(revoked->created_at, "2026-03-01T01:00:00.000Z");
    EXPECT_EQ(revoked->secret_hash, k.secret_hash);
    auto got = store_->GetKey("txk_4f9a2c");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(got->revoked_at, "2026-03-01T02:00:00.000Z");

    Advance(3600);
    auto again = store_->RevokeKey("txk_4f9a2c", false, Audit("key.revoke", k.id, ""));
    ASSERT_TRUE(again) << again.error().ToString();
    EXPECT_EQ(again->revoked_at, "2026-03-01T02:00:00.000Z");
    got = store_->GetKey("txk_4f9a2c");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(got->revoked_at, "2026-03-01T02:00:00.000Z");

    before = LastAuditId();
    EXPECT_TRUE(
        Fails(store_->RevokeKey("txk_unknown", false, Audit("key.revoke", "txk_unknown")), ErrorCode::kNotFound));
    EXPECT_TRUE(NoAuditAfter(before));
    EXPECT_TRUE(Fails(store_->GetKey("txk_unknown"), ErrorCode::kNotFound));
}

TEST_P(RegistryContractTest, RevokingAKeyWithItsDescendantsRevokesWhatItMadeTransitively) {
    // root made child1 and child2; child1 made grandchild; a user made "user-key"; "other" is
    // the CLI's. A cycle in bad data (loop1 <-> loop2) must not hang the walk.
    auto made_by = [](std::string id, std::string maker) {
        auto k = MakeKey(std::move(id), "0314409058");
        k.created_by = std::move(maker);
        return k;
    };
    Create(MakeKey("txk_root", "0314409058"));
    Create(made_by("txk_child1", "txk_root"));
    Create(made_by("txk_child2", "txk_root"));
    Create(made_by("txk_grandchild", "txk_child1"));
    Create(made_by("txk_loop1", "txk_loop2"));
    Create(made_by("txk_loop2", "txk_loop1"));
    Create(made_by("txk_userkey", "user:nhung"));
    Create(MakeKey("txk_other", "0314409058"));
    Advance(60);
    auto revoked = [&](const std::string& id) {
        auto k = store_->GetKey(id);
        EXPECT_TRUE(k) << id;
        return k && !k->revoked_at.empty();
    };
    // Without descendants: only the key.
    ASSERT_TRUE(store_->RevokeKey("txk_child2", false, Audit("key.revoke", "txk_child2")));
    EXPECT_TRUE(revoked("txk_child2"));
    EXPECT_FALSE(revoked("txk_root"));
    ASSERT_TRUE(store_->RevokeKey("txk_root", true, Audit("key.revoke", "txk_root")));
    for (const auto* id : {"txk_root", "txk_child1", "txk_child2", "txk_grandchild"}) EXPECT_TRUE(revoked(id)) << id;
    for (const auto* id : {"txk_other", "txk_userkey", "txk_loop1"}) EXPECT_FALSE(revoked(id)) << id;
    ASSERT_TRUE(store_->RevokeKey("txk_loop1", true, Audit("key.revoke", "txk_loop1")));
    EXPECT_TRUE(revoked("txk_loop2"));

    // A disabled user's keys go with it.
    store::UserRecord u;
    u.name = "nhung";
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA";
    u.role = "enterprise";
    u.subject = "0314409058";
    u.scopes = {"read", "write"};
    u.created_by = "cli";
    ASSERT_TRUE(store_->CreateUser(u, Audit("user.create", "nhung")));
    ASSERT_TRUE(store_->DisableUser("nhung", true, Audit("user.disable", "nhung")));
    EXPECT_TRUE(revoked("txk_userkey"));
    EXPECT_FALSE(revoked("txk_other"));
}

TEST_P(RegistryContractTest, ActiveDelegatorsLeaveOutSuspendedAndUnregisteredEnterprises) {
    const auto tax = TaxCodes(4);
    const std::string provider = "0101234565";
    for (int i = 0; i < 3; ++i) Create(MakeEnterprise(tax[i], {"89300" + std::to_string(10 + i)}));
    for (const auto& t : tax) ASSERT_TRUE(store_->AddDelegation(t, provider, Audit("delegation.add", t)));
    auto suspended = store_->GetEnterprise(tax[1]);
    ASSERT_TRUE(suspended);
    suspended->status = registry::RecordStatus::kSuspended;
    ASSERT_TRUE(store_->UpdateEnterprise(*suspended, Audit("enterprise.update", tax[1])));
    auto active = store_->ActiveDelegatorsOf(provider);
    ASSERT_TRUE(active) << active.error().ToString();
    EXPECT_EQ(*active, (std::vector<std::string>{tax[0], tax[2]}));
    auto all = store_->DelegatorsOf(provider);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 4u);
}

TEST_P(RegistryContractTest, SignInAttemptsAreReservedUnderTheirLimitsAndGivenBack) {
    const std::string window = "2026-03-01T01:00:00.000Z";
    const std::vector<store::RegistryStore::AttemptLimit> limits = {{"user:lan", 3}, {"ip:198.51.100.7", 5}};
    for (int i = 0; i < 3; ++i) {
        auto r = store_->ReserveAttempt(limits, window);
        ASSERT_TRUE(r) << r.error().ToString();
        EXPECT_TRUE(*r) << i;
    }
    auto refused = store_->ReserveAttempt(limits, window);
    ASSERT_TRUE(refused);
    EXPECT_FALSE(*refused) << "the name has reached its limit";
    EXPECT_EQ(store_->Failures("ip:198.51.100.7", window).value(), 3) << "a refused attempt counts nothing";
    ASSERT_TRUE(store_->ReleaseAttempt("user:lan", window));
    EXPECT_EQ(store_->Failures("user:lan", window).value(), 2);
    auto again = store_->ReserveAttempt(limits, window);
    ASSERT_TRUE(again);
    EXPECT_TRUE(*again);
    // A new window starts from zero; a release never goes below it.
    const std::string next = "2026-03-01T01:15:00.000Z";
    EXPECT_TRUE(store_->ReserveAttempt(limits, next).value());
    EXPECT_EQ(store_->Failures("user:lan", next).value(), 1);
    ASSERT_TRUE(store_->ReleaseAttempt("user:lan", next));
    ASSERT_TRUE(store_->ReleaseAttempt("user:lan", next));
    EXPECT_EQ(store_->Failures("user:lan", next).value(), 0);
}

// ---- resolver links

TEST_P(RegistryContractTest, LinksKeepOneDefaultPerAnchorAndAreFoundByAnchorOwnerAndPrefix) {
    const std::string gtin = "https://id.gs1.org/01/08934567000123";
    auto make = [&](std::string anchor, std::string type, bool is_default, std::string owner = "0314409058") {
        registry::Link l;
        l.anchor = std::move(anchor);
        l.link_type = "https://gs1.org/voc/" + type;
        l.href = "https://caudat.vn/" + type;
        l.title = "Chè Cầu Đất";
        l.hreflang = {"vi"};
        l.is_default = is_default;
        l.owner = std::move(owner);
        return l;
    };
    auto before = LastAuditId();
    auto first = store_->CreateLink(make(gtin, "pip", true), Audit("link.create", gtin));
    ASSERT_TRUE(first) << first.error().ToString();
    EXPECT_GT(first->id, 0);
    EXPECT_EQ(first->created_at, "2026-03-01T01:00:00.000Z");
    EXPECT_TRUE(AuditedOnce(before, Audit("link.create", gtin)));
    Advance(1);
    auto lot = store_->CreateLink(make(gtin + "/10/L1", "traceability", true), Audit("link.create", gtin));
    ASSERT_TRUE(lot);
    auto second = store_->CreateLink(make(gtin, "epil", true), Audit("link.create", gtin));
    ASSERT_TRUE(second);
    auto other = store_->CreateLink(make("https://id.gs1.org/01/08930001000155", "pip", true, "0101234565"),
                                    Audit("link.create", "other"));
    ASSERT_TRUE(other);
    // The new default replaced the old one of its anchor, not the lot's.
    EXPECT_FALSE(store_->GetLink(first->id)->is_default);
    EXPECT_TRUE(store_->GetLink(second->id)->is_default);
    EXPECT_TRUE(store_->GetLink(lot->id)->is_default);
    EXPECT_EQ(store_->GetLink(first->id)->hreflang, std::vector<std::string>{"vi"});

    auto of = store_->LinksOf({gtin + "/10/L1/21/S1", gtin + "/10/L1", gtin});
    ASSERT_TRUE(of) << of.error().ToString();
    ASSERT_EQ(of->size(), 3u);
    EXPECT_EQ((*of)[0].id, first->id);
    EXPECT_EQ((*of)[1].anchor, gtin + "/10/L1");
    EXPECT_EQ((*of)[2].owner, "0314409058");
    auto ids = [&](std::string_view owner, std::string_view prefix, std::int64_t after, std::size_t limit) {
        std::vector<std::int64_t> out;
        for (const auto& l : store_->ListLinks(owner, prefix, after, limit).value()) out.push_back(l.id);
        return out;
    };
    EXPECT_EQ(ids("0314409058", "", 0, 10), (std::vector<std::int64_t>{first->id, lot->id, second->id}));
    EXPECT_EQ(ids("", gtin, 0, 10), (std::vector<std::int64_t>{first->id, lot->id, second->id}));
    EXPECT_EQ(ids("", gtin + "/10/", 0, 10), std::vector<std::int64_t>{lot->id});
    EXPECT_EQ(ids("", "", first->id, 2), (std::vector<std::int64_t>{lot->id, second->id}));
    EXPECT_EQ(ids("0101234565", "", 0, 10), std::vector<std::int64_t>{other->id});

    before = LastAuditId();
    auto deleted = store_->DeleteLink(lot->id, Audit("link.delete", gtin));
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->href, "https://caudat.vn/traceability");
    EXPECT_TRUE(AuditedOnce(before, Audit("link.delete", gtin)));
    EXPECT_TRUE(Fails(store_->GetLink(lot->id), ErrorCode::kNotFound));
    before = LastAuditId();
    EXPECT_TRUE(Fails(store_->DeleteLink(lot->id, Audit("link.delete", gtin)), ErrorCode::kNotFound));
    EXPECT_TRUE(NoAuditAfter(before));
}

// ---- audit

TEST_P(RegistryContractTest, EveryWriteAppendsOneEntryWithIncreasingIds) {
    const auto tax = TaxCodes(2);
    std::vector<std::pair<std::string, std::function<bool()>>> writes = {
        {"enterprise.create",
         [&] {
             return bool(
                 store_->CreateEnterprise(MakeEnterprise(tax[0], {"8934567"}), Audit("enterprise.create", tax[0])));
         }},
        {"enterprise.update",
         [&] {
             return bool(
                 store_->UpdateEnterprise(MakeEnterprise(tax[0], {"8934568"}), Audit("enterprise.update", tax[0])));
         }},
        {"location.create",
         [&] {
             return bool(store_->CreateLocation(MakeLocation(WithCheckDigit("893456800017"), tax[0]),
                                                Audit("location.create", "l")));
         }},
        {"location.update",
         [&] {
             return bool(store_->UpdateLocation(MakeLocation(WithCheckDigit("893456800017"), tax[0], "79"),
                                                Audit("location.update", "l")));
         }},
        {"product.create",
         [&] {
             return bool(store_->CreateProduct(MakeProduct(WithCheckDigit("0893456800012"), tax[0]),
                                               Audit("product.create", "p")));
         }},
        {"product.update",
         [&] {
             return bool(store_->UpdateProduct(MakeProduct(WithCheckDigit("0893456800012"), tax[0]),
                                               Audit("product.update", "p")));
         }},
        {"delegation.add",
         [&] { return bool(store_->AddDelegation(tax[0], tax[1], Audit("delegation.add", tax[0]))); }},
        {"delegation.remove",
         [&] { return bool(store_->RemoveDelegation(tax[0], tax[1], Audit("delegation.remove", tax[0]))); }},
        {"key.create", [&] { return bool(store_->CreateKey(MakeKey("txk_1", tax[0]), Audit("key.create", "txk_1"))); }},
        {"key.revoke", [&] { return bool(store_->RevokeKey("txk_1", false, Audit("key.revoke", "txk_1"))); }},
        {"events.capture", [&] { return bool(store_->AppendAudit(Audit("events.capture", "job-1"))); }},
    };
    std::int64_t last = 0;
    for (const auto& [action, write] : writes) {
        SCOPED_TRACE(action);
        Advance(1, 1);
        const auto before = AuditAfter(0);
        ASSERT_TRUE(write());
        const auto after = AuditAfter(0);
        ASSERT_EQ(after.size(), before.size() + 1);
        const auto& entry = after.back();
        EXPECT_GT(entry.id, last);
        last = entry.id;
        EXPECT_EQ(entry.action, action);
        EXPECT_EQ(entry.at, Stamp());
        EXPECT_EQ(entry.actor, "key-admin");
        EXPECT_EQ(entry.detail, R"({"reason":"đăng ký mới","n":1})");
    }
}

TEST_P(RegistryContractTest, AppendAuditStoresTheEntryWithTheStoresIdAndTime) {
    auto e = Audit("events.capture", "job-7f3e", "79", "txk_4f9a2c");
    e.actor_role = "enterprise";
    e.actor_subject = "0314409058";
    e.remote_address = "[2001:db8::1]:443";
    e.detail = R"({"events":12,"epcs":["urn:epc:id:sgtin:8934567.000123.1"]})";
    e.id = 999;
    e.at = "1999-01-01T00:00:00.000Z";
    Advance(0, 123);
    auto first = store_->AppendAudit(e);
    ASSERT_TRUE(first) << first.error().ToString();
    EXPECT_GT(first->id, 0);
    EXPECT_EQ(first->at, "2026-03-01T01:00:00.123Z");
    EXPECT_EQ(first->detail, e.detail);
    EXPECT_TRUE(AuditedOnce(0, e));
    auto listed = AuditAfter(0);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, first->id);

    Advance(1);
    auto second = store_->AppendAudit(Audit("audit.read", "audit", "79", "txk_4f9a2c"));
    ASSERT_TRUE(second) << second.error().ToString();
    EXPECT_GT(second->id, first->id);
    EXPECT_EQ(second->at, "2026-03-01T01:00:01.123Z");
    EXPECT_TRUE(AuditedOnce(first->id, Audit("audit.read", "audit", "79", "txk_4f9a2c")));
}

TEST_P(RegistryContractTest, ListAuditFiltersByProvinceActorActionAndPages) {
    // 0: (68, alice, a)  1: (79, bob, a)  2: (68, bob, b)  3: (68, alice, b)  4: (01, alice, a)
    const std::vector<std::tuple<std::string, std::string, std::string>> rows = {{"68", "alice", "events.capture"},
                                                                                 {"79", "bob", "events.capture"},
                                                                                 {"68", "bob", "audit.read"},
                                                                                 {"68", "alice", "audit.read"},
                                                                                 {"01", "alice", "events.capture"}};
    std::vector<std::int64_t> ids;
    for (const auto& [province, actor, action] : rows) {
        Advance(1);
        auto r = store_->AppendAudit(Audit(action, "r" + std::to_string(ids.size()), province, actor));
        ASSERT_TRUE(r) << r.error().ToString();
        ids.push_back(r->id);
    }
    const auto ids_of = [&](AuditFilter f) {
        auto r = store_->ListAudit(f);
        EXPECT_TRUE(r) << (r ? "" : r.error().ToString());
        std::vector<std::int64_t> out;
        if (r) {
            for (const auto& e : *r) out.push_back(e.id);
        }
        return out;
    };
    using V = std::vector<std::int64_t>;
    EXPECT_EQ(ids_of({}), ids);
    EXPECT_EQ(ids_of({.province = "68"}), (V{ids[0], ids[2], ids[3]}));
    EXPECT_EQ(ids_of({.actor = "alice"}), (V{ids[0], ids[3], ids[4]}));
    EXPECT_EQ(ids_of({.action = "events.capture"}), (V{ids[0], ids[1], ids[4]}));
    EXPECT_EQ(ids_of({.province = "68", .actor = "bob"}), V{ids[2]});
    EXPECT_EQ(ids_of({.province = "68", .actor = "alice", .action = "audit.read"}), V{ids[3]});
    EXPECT_EQ(ids_of({.after_id = ids[1]}), (V{ids[2], ids[3], ids[4]}));
    EXPECT_EQ(ids_of({.after_id = ids[1], .limit = 2}), (V{ids[2], ids[3]}));
    EXPECT_EQ(ids_of({.limit = 1}), V{ids[0]});
    EXPECT_EQ(ids_of({.province = "68", .after_id = ids[0], .limit = 1}), V{ids[2]});
    EXPECT_TRUE(ids_of({.after_id = ids[4]}).empty());
    EXPECT_TRUE(ids_of({.province = "48"}).empty());
    EXPECT_TRUE(ids_of({.actor = "carol"}).empty());
    auto r = store_->ListAudit({.actor = "bob", .action = "audit.read"});
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].resource, "r2");
    EXPECT_EQ((*r)[0].at, "2026-03-01T01:00:03.000Z");
}

// ---- reopening

TEST_P(RegistryContractTest, EverythingIsStillThereAfterReopening) {
    const auto e = Create(MakeEnterprise("0314409058", {"8934567"}));
    const auto l = Create(MakeLocation(WithCheckDigit("893456700017"), e.tax_code));
    const auto p = Create(MakeProduct(WithCheckDigit("0893456700012"), e.tax_code));
    ASSERT_TRUE(store_->AddDelegation(e.tax_code, "0101234565", Audit("delegation.add", e.tax_code)));
    const auto k = Create(MakeKey("txk_4f9a2c", e.tax_code));
    Advance(5);
    ASSERT_TRUE(store_->RevokeKey(k.id, false, Audit("key.revoke", k.id)));
    const auto audit = AuditAfter(0);
    ASSERT_EQ(audit.size(), 6u);

    store_.reset();
    Advance(3600);
    Open();
    ASSERT_TRUE(store_);
    auto got_e = store_->GetEnterprise(e.tax_code);
    ASSERT_TRUE(got_e) << got_e.error().ToString();
    EXPECT_TRUE(Same(*got_e, e));
    EXPECT_EQ(HolderOf(WithCheckDigit("893456700024")), e.tax_code);
    EXPECT_EQ(EnterprisePage({.province = "68"}), std::vector<std::string>{e.tax_code});
    auto got_l = store_->GetLocation(l.gln);
    ASSERT_TRUE(got_l) << got_l.error().ToString();
    EXPECT_TRUE(Same(*got_l, l));
    auto got_p = store_->GetProduct(p.gtin);
    ASSERT_TRUE(got_p) << got_p.error().ToString();
    EXPECT_TRUE(Same(*got_p, p));
    EXPECT_EQ(ProductPage({.province = "68"}), std::vector<std::string>{p.gtin});
    auto providers = store_->ProvidersOf(e.tax_code);
    ASSERT_TRUE(providers) << providers.error().ToString();
    EXPECT_EQ(*providers, std::vector<std::string>{"0101234565"});
    auto got_k = store_->GetKey(k.id);
    ASSERT_TRUE(got_k) << got_k.error().ToString();
    EXPECT_EQ(got_k->secret_hash, k.secret_hash);
    EXPECT_EQ(got_k->scopes, k.scopes);
    EXPECT_EQ(got_k->revoked_at, "2026-03-01T01:00:05.000Z");
    const auto reopened_audit = AuditAfter(0);
    ASSERT_EQ(reopened_audit.size(), audit.size());
    for (std::size_t i = 0; i < audit.size(); ++i) {
        EXPECT_EQ(reopened_audit[i].id, audit[i].id);
        EXPECT_EQ(reopened_audit[i].at, audit[i].at);
        EXPECT_EQ(reopened_audit[i].action, audit[i].action);
        EXPECT_EQ(reopened_audit[i].detail, audit[i].detail);
    }
    // Writes go on after reopening: the old keys still conflict, new ids follow the old ones.
    EXPECT_TRUE(Fails(store_->CreateEnterprise(e, Audit("enterprise.create", e.tax_code)), ErrorCode::kConflict,
                      "registry.exists"));
    auto appended = store_->AppendAudit(Audit("audit.read", "audit"));
    ASSERT_TRUE(appended) << appended.error().ToString();
    EXPECT_GT(appended->id, audit.back().id);
    EXPECT_EQ(appended->at, "2026-03-01T02:00:05.000Z");
}

TEST_P(RegistryContractTest, OpensOnADatabaseThatHoldsTheEventStore) {
    const fs::path shared = dir_ / "shared";
    fs::create_directories(shared);
    {
        auto events = GetParam().open_events(shared);
        ASSERT_TRUE(events) << events.error().ToString();
        (*events)->Close();
    }
    auto registry = OpenIn(shared);
    ASSERT_TRUE(registry);
    auto created =
        registry->CreateEnterprise(MakeEnterprise("0314409058", {"8934567"}), Audit("enterprise.create", "0314409058"));
    ASSERT_TRUE(created) << created.error().ToString();
    registry.reset();
    // And the event store opens again beside the registry's tables.
    {
        auto events = GetParam().open_events(shared);
        ASSERT_TRUE(events) << events.error().ToString();
        (*events)->Close();
    }
    registry = OpenIn(shared);
    ASSERT_TRUE(registry);
    auto got = registry->GetEnterprise("0314409058");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(Same(*got, *created));
}

// ---- concurrency

TEST_P(RegistryContractTest, ConcurrentCreatesAllSucceed) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 50;
    const auto tax = TaxCodes(kThreads * kPerThread);
    std::vector<std::vector<std::string>> failures(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const int n = t * kPerThread + i;
                char prefix[32];
                std::snprintf(prefix, sizeof prefix, "89370%03d", n);
                registry::Enterprise e;
                e.tax_code = tax[n];
                e.name = {"Doanh nghiệp số " + std::to_string(n), ""};
                e.address.province_code = n % 2 ? "79" : "01";
                e.prefixes = {{prefix, false}};
                auto r = store_->CreateEnterprise(
                    e, Audit("enterprise.create", e.tax_code, e.address.province_code, "worker-" + std::to_string(t)));
                if (!r) failures[t].push_back(e.tax_code + ": " + r.error().ToString());
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_TRUE(failures[t].empty()) << failures[t].front();
    auto listed = EnterprisePage({.limit = 1000});
    auto sorted = tax;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(listed, sorted);
    EXPECT_EQ(EnterprisePage({.limit = 1000, .province = "79"}).size(), 100u);
    const auto audit = AuditAfter(0);
    ASSERT_EQ(audit.size(), static_cast<std::size_t>(kThreads * kPerThread));
    std::set<std::string> resources;
    for (std::size_t i = 0; i < audit.size(); ++i) {
        if (i) {
            EXPECT_GT(audit[i].id, audit[i - 1].id);
        }
        EXPECT_EQ(audit[i].action, "enterprise.create");
        resources.insert(audit[i].resource);
    }
    EXPECT_EQ(resources.size(), audit.size());
    AuditFilter by_worker;
    by_worker.actor = "worker-2";
    by_worker.limit = 1000;
    auto worker = store_->ListAudit(by_worker);
    ASSERT_TRUE(worker) << worker.error().ToString();
    EXPECT_EQ(worker->size(), static_cast<std::size_t>(kPerThread));
    EXPECT_EQ(HolderOf("893701990001"), tax[199]);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryContractTest, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& p) { return p.param.name; });

}  // namespace
}  // namespace txng::store
