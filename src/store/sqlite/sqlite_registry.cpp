// The SQLite backend of the RegistryStore (registry_store.hpp): tables beside the events in the
// same database file, with their own schema version (table `registry_schema`), so the event
// store's migrations and these evolve independently. One connection behind a mutex: registry
// traffic is small next to captures, and each write is one short IMMEDIATE transaction that also
// appends its audit entry. Records are kept as their JSON form plus the columns lookups need.

#include <fmt/format.h>

#include <boost/json.hpp>
#include <mutex>
#include <optional>

#include "store/registry_store.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/store.hpp"

namespace txng::store::sqlite {
namespace {

namespace json = boost::json;

constexpr std::string_view kRegistryMigrations[] = {
    R"sql(
CREATE TABLE enterprises(tax_code TEXT PRIMARY KEY, province TEXT NOT NULL, doc TEXT NOT NULL,
                         created_at TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX enterprises_province ON enterprises(province, tax_code);
CREATE TABLE company_prefixes(prefix TEXT PRIMARY KEY, tax_code TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX company_prefixes_owner ON company_prefixes(tax_code);
CREATE TABLE locations(gln TEXT PRIMARY KEY, owner TEXT NOT NULL, province TEXT NOT NULL, doc TEXT NOT NULL,
                       created_at TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX locations_owner ON locations(owner, gln);
CREATE INDEX locations_province ON locations(province, gln);
CREATE TABLE products(gtin TEXT PRIMARY KEY, owner TEXT NOT NULL, province TEXT NOT NULL, doc TEXT NOT NULL,
                      created_at TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX products_owner ON products(owner, gtin);
CREATE INDEX products_province ON products(province, gtin);
CREATE TABLE delegations(enterprise TEXT NOT NULL, provider TEXT NOT NULL, created_at TEXT NOT NULL,
                         PRIMARY KEY(enterprise, provider)) WITHOUT ROWID;
CREATE INDEX delegations_provider ON delegations(provider, enterprise);
CREATE TABLE api_keys(id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
                      subject TEXT NOT NULL, province TEXT NOT NULL, scopes TEXT NOT NULL,
                      created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT NOT NULL,
                      created_by TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX api_keys_subject ON api_keys(subject);
CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, actor_role TEXT NOT NULL,
                   actor_subject TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL,
                   province TEXT NOT NULL, remote_address TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_province ON audit(province, id);
CREATE INDEX audit_actor ON audit(actor, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
    // v2: users who sign in with a password, their sessions, and failed sign-ins for rate limits.
    R"sql(
CREATE TABLE users(name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, subject TEXT NOT NULL,
                   province TEXT NOT NULL, scopes TEXT NOT NULL, created_at TEXT NOT NULL,
                   disabled_at TEXT NOT NULL, created_by TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sessions(id_hash TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL, created_at TEXT NOT NULL,
                      expires_at TEXT NOT NULL, revoked_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user);
CREATE TABLE login_failures(key TEXT PRIMARY KEY, window_start TEXT NOT NULL, count INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    // v3: certifications of connected systems; captures by subject, for their activity.
    R"sql(
CREATE TABLE certifications(id INTEGER PRIMARY KEY, system TEXT NOT NULL, certifier TEXT NOT NULL,
                            standard TEXT NOT NULL, certificate TEXT NOT NULL, issued_on TEXT NOT NULL,
                            valid_until TEXT NOT NULL, scope TEXT NOT NULL, created_by TEXT NOT NULL,
                            created_at TEXT NOT NULL);
CREATE INDEX certifications_system ON certifications(system, id);
CREATE INDEX audit_subject ON audit(actor_subject, action, actor_role);
)sql",
    // v4: uploaded images, content-addressed.
    R"sql(
CREATE TABLE images(sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // v5: the keys a key or user made, for revoking them with it.
    R"sql(
CREATE INDEX api_keys_created_by ON api_keys(created_by);
)sql",
    // v6: GS1 Digital Link resolver links.
    R"sql(
CREATE TABLE links(id INTEGER PRIMARY KEY, anchor TEXT NOT NULL, owner TEXT NOT NULL, doc TEXT NOT NULL,
                   created_at TEXT NOT NULL);
CREATE INDEX links_anchor ON links(anchor);
CREATE INDEX links_owner ON links(owner, id);
)sql",
};

Error ExistsError(std::string_view what, std::string_view key) {
    return MakeError(ErrorCode::kConflict, std::string(what), "registry.exists",
                     fmt::format("A {} with this key is already registered.", what), key);
}

Error MissingError(std::string_view what, std::string_view key) {
    return MakeError(ErrorCode::kNotFound, std::string(what), "registry.not_found",
                     fmt::format("No {} with this key is registered.", what), key);
}

Error Corrupt(std::string_view what, const Error& e) {
    return MakeError(ErrorCode::kInternal, std::string(what), "store.corrupt",
                     "A stored record no longer decodes: " + e.ToString());
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
    std::string out;
    for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
    return out;
}

std::vector<std::string> SplitScopes(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// The stored JSON of a record: its API form without the times, which have their own columns.
std::string Doc(const json::object& encoded) {
    json::object o = encoded;
    o.erase("createdAt");
    o.erase("updatedAt");
    return json::serialize(o);
}

class SqliteRegistry final : public RegistryStore {
  public:
    SqliteRegistry(std::unique_ptr<Db> db, RegistryOpenOptions options)
        : db_(std::move(db)), options_(std::move(options)) {}

    Result<void> Migrate() {
        std::lock_guard lock(mu_);
        return MigrateVersioned(*db_, "registry_schema", kRegistryMigrations, "registry");
    }

    // ---- enterprises

    Result<registry::Enterprise> CreateEnterprise(const registry::Enterprise& e, const AuditEntry& audit) override {
        return Write<registry::Enterprise>(audit, [&](const std::string& now) -> Result<registry::Enterprise> {
            if (auto found = RowExists("SELECT 1 FROM enterprises WHERE tax_code=?1", e.tax_code); !found) {
                return found.error();
            } else if (*found) {
                return ExistsError("enterprise", e.tax_code);
            }
            registry::Enterprise stored = e;
            stored.created_at = stored.updated_at = now;
            if (auto r = PutPrefixes(stored); !r) return r.error();
            auto ins = db_->Cached(
                "INSERT INTO enterprises(tax_code, province, doc, created_at, updated_at) VALUES(?1,?2,?3,?4,?4)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, stored.tax_code).Bind(2, stored.address.province_code);
            (*ins)->Bind(3, Doc(registry::EncodeEnterprise(stored))).Bind(4, now);
            if (auto r = (*ins)->Run(); !r) return r.error();
            return stored;
        });
    }

    Result<registry::Enterprise> UpdateEnterprise(const registry::Enterprise& e, const AuditEntry& audit) override {
        return Write<registry::Enterprise>(audit, [&](const std::string& now) -> Result<registry::Enterprise> {
            auto old = LoadEnterprise(e.tax_code);
            if (!old) return old.error();
            if (!e.updated_at.empty() && e.updated_at != old->updated_at) {
                return MakeError(ErrorCode::kConflict, "taxCode", "registry.changed",
                                 "The enterprise changed since it was read: read it again and repeat the change.",
                                 e.tax_code);
            }
            registry::Enterprise stored = e;
            stored.created_at = old->created_at;
            stored.updated_at = now;
            auto del = db_->Cached("DELETE FROM company_prefixes WHERE tax_code=?1");
            if (!del) return del.error();
            (*del)->Bind(1, e.tax_code);
            if (auto r = (*del)->Run(); !r) return r.error();
            if (auto r = PutPrefixes(stored); !r) return r.error();
            auto up = db_->Cached("UPDATE enterprises SET province=?2, doc=?3, updated_at=?4 WHERE tax_code=?1");
            if (!up) return up.error();
            (*up)->Bind(1, stored.tax_code).Bind(2, stored.address.province_code);
            (*up)->Bind(3, Doc(registry::EncodeEnterprise(stored))).Bind(4, now);
            if (auto r = (*up)->Run(); !r) return r.error();
            // Products are listed under their owner's province: they move with it.
            auto move = db_->Cached("UPDATE products SET province=?2 WHERE owner=?1 AND province<>?2");
            if (!move) return move.error();
            (*move)->Bind(1, stored.tax_code).Bind(2, stored.address.province_code);
            if (auto r = (*move)->Run(); !r) return r.error();
            return stored;
        });
    }

    Result<registry::Enterprise> GetEnterprise(std::string_view tax_code) override {
        std::lock_guard lock(mu_);
        return LoadEnterprise(tax_code);
    }

    Result<std::vector<registry::Enterprise>> ListEnterprises(const ListRequest& request) override {
        std::lock_guard lock(mu_);
        return List<registry::Enterprise>("enterprises", "tax_code", "", request, &registry::DecodeEnterprise);
    }

    Result<registry::Enterprise> EnterpriseByKey(std::string_view key_digits) override {
        std::lock_guard lock(mu_);
        auto tax_code = HolderOf(key_digits);
        if (!tax_code) return tax_code.error();
        return LoadEnterprise(*tax_code);
    }

    // The tax code of the holder of the prefix `key_digits` starts with (under mu_).
    Result<std::string> HolderOf(std::string_view key_digits) {
        auto stmt = db_->Cached(
            "SELECT tax_code FROM company_prefixes WHERE prefix IN "
            "(substr(?1,1,6),substr(?1,1,7),substr(?1,1,8),substr(?1,1,9),substr(?1,1,10),substr(?1,1,11),"
            "substr(?1,1,12)) ORDER BY length(prefix) DESC LIMIT 1");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, key_digits);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            (*stmt)->Reset();
            return MakeError(ErrorCode::kNotFound, "companyPrefix", "registry.prefix_unknown",
                             "No registered enterprise holds the GS1 Company Prefix of this key.", key_digits);
        }
        std::string tax_code((*stmt)->Text(0));
        (*stmt)->Reset();
        return tax_code;
    }

    // ---- locations

    Result<registry::Location> CreateLocation(const registry::Location& l, const AuditEntry& audit) override {
        return PutKeyed<registry::Location>(
            audit, "location", "locations", "gln", l.gln, l.owner, l.address.province_code, true, l,
            [](const registry::Location& x) { return registry::EncodeLocation(x); }, &registry::DecodeLocation);
    }
    Result<registry::Location> UpdateLocation(const registry::Location& l, const AuditEntry& audit) override {
        return PutKeyed<registry::Location>(
            audit, "location", "locations", "gln", l.gln, l.owner, l.address.province_code, false, l,
            [](const registry::Location& x) { return registry::EncodeLocation(x); }, &registry::DecodeLocation);
    }
    Result<registry::Location> GetLocation(std::string_view gln) override {
        std::lock_guard lock(mu_);
        return Load<registry::Location>("location", "SELECT doc, created_at, updated_at FROM locations WHERE gln=?1",
                                        gln, &registry::DecodeLocation);
    }
    Result<std::vector<registry::Location>> ListLocations(const ListRequest& request) override {
        std::lock_guard lock(mu_);
        return List<registry::Location>("locations", "gln", "owner", request, &registry::DecodeLocation);
    }

    // ---- products

    Result<registry::Product> CreateProduct(const registry::Product& p, const AuditEntry& audit) override {
        return PutKeyed<registry::Product>(
            audit, "product", "products", "gtin", p.gtin, p.owner, std::nullopt, true, p,
            [](const registry::Product& x) { return registry::EncodeProduct(x); }, &registry::DecodeProduct);
    }
    Result<registry::Product> UpdateProduct(const registry::Product& p, const AuditEntry& audit) override {
        return PutKeyed<registry::Product>(
            audit, "product", "products", "gtin", p.gtin, p.owner, std::nullopt, false, p,
            [](const registry::Product& x) { return registry::EncodeProduct(x); }, &registry::DecodeProduct);
    }
    Result<registry::Product> GetProduct(std::string_view gtin) override {
        std::lock_guard lock(mu_);
        return Load<registry::Product>("product", "SELECT doc, created_at, updated_at FROM products WHERE gtin=?1",
                                       gtin, &registry::DecodeProduct);
    }
    Result<std::vector<registry::Product>> ListProducts(const ListRequest& request) override {
        std::lock_guard lock(mu_);
        return List<registry::Product>("products", "gtin", "owner", request, &registry::DecodeProduct);
    }

    // ---- delegations

    Result<void> AddDelegation(std::string_view enterprise, std::string_view provider,
                               const AuditEntry& audit) override {
        auto r = Write<bool>(audit, [&](const std::string& now) -> Result<bool> {
            auto ins = db_->Cached(
                "INSERT INTO delegations(enterprise, provider, created_at) VALUES(?1,?2,?3) ON CONFLICT DO NOTHING");
            if (!ins) return ins.error();
            (*ins)->Bind(1, enterprise).Bind(2, provider).Bind(3, now);
            if (auto run = (*ins)->Run(); !run) return run.error();
            return true;
        });
        if (!r) return r.error();
        return {};
    }

    Result<void> RemoveDelegation(std::string_view enterprise, std::string_view provider,
                                  const AuditEntry& audit) override {
        auto r = Write<bool>(audit, [&](const std::string&) -> Result<bool> {
            auto del = db_->Cached("DELETE FROM delegations WHERE enterprise=?1 AND provider=?2");
            if (!del) return del.error();
            (*del)->Bind(1, enterprise).Bind(2, provider);
            if (auto run = (*del)->Run(); !run) return run.error();
            if (sqlite3_changes(db_->get()) == 0) {
                return MissingError("delegation", fmt::format("{} -> {}", enterprise, provider));
            }
            return true;
        });
        if (!r) return r.error();
        return {};
    }

    Result<std::vector<std::string>> DelegatorsOf(std::string_view provider) override {
        std::lock_guard lock(mu_);
        return Column("SELECT enterprise FROM delegations WHERE provider=?1 ORDER BY enterprise", provider);
    }
    Result<std::vector<std::string>> ActiveDelegatorsOf(std::string_view provider) override {
        std::lock_guard lock(mu_);
        return Column(
            "SELECT d.enterprise FROM delegations d JOIN enterprises e ON e.tax_code=d.enterprise "
            "WHERE d.provider=?1 AND json_extract(e.doc,'$.status')='active' ORDER BY d.enterprise",
            provider);
    }
    Result<std::vector<std::string>> ProvidersOf(std::string_view enterprise) override {
        std::lock_guard lock(mu_);
        return Column("SELECT provider FROM delegations WHERE enterprise=?1 ORDER BY provider", enterprise);
    }

    // ---- keys

    Result<ApiKeyRecord> CreateKey(const ApiKeyRecord& key, const AuditEntry& audit) override {
        return Write<ApiKeyRecord>(audit, [&](const std::string& now) -> Result<ApiKeyRecord> {
            ApiKeyRecord stored = key;
            stored.created_at = now;
            stored.revoked_at.clear();
            auto ins = db_->Cached(
                "INSERT INTO api_keys(id, secret_hash, name, role, subject, province, scopes, created_at, expires_at, "
                "revoked_at, created_by) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,'',?10)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, stored.id).Bind(2, stored.secret_hash).Bind(3, stored.name).Bind(4, stored.role);
            (*ins)->Bind(5, stored.subject).Bind(6, stored.province).Bind(7, JoinScopes(stored.scopes));
            (*ins)->Bind(8, now).Bind(9, stored.expires_at).Bind(10, stored.created_by);
            if (auto r = (*ins)->Run(); !r) {
                if (r.error().code == ErrorCode::kConflict) return ExistsError("key", stored.id);
                return r.error();
            }
            return stored;
        });
    }

    Result<ApiKeyRecord> GetKey(std::string_view id) override {
        std::lock_guard lock(mu_);
        return LoadKey(id);
    }

    Result<std::vector<ApiKeyRecord>> ListKeys(std::string_view subject, std::string_view province) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT id FROM api_keys WHERE (?1='' OR subject=?1) AND (?2='' OR province=?2) ORDER BY created_at, id");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, subject).Bind(2, province);
        std::vector<std::string> ids;
        while (true) {
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (!*row) break;
            ids.emplace_back((*stmt)->Text(0));
        }
        (*stmt)->Reset();
        std::vector<ApiKeyRecord> out;
        for (const auto& id : ids) {
            auto k = LoadKey(id);
            if (!k) return k.error();
            out.push_back(std::move(*k));
        }
        return out;
    }

    Result<ApiKeyRecord> RevokeKey(std::string_view id, bool descendants, const AuditEntry& audit) override {
        return Write<ApiKeyRecord>(audit, [&](const std::string& now) -> Result<ApiKeyRecord> {
            auto up = db_->Cached("UPDATE api_keys SET revoked_at=?2 WHERE id=?1 AND revoked_at=''");
            if (!up) return up.error();
            (*up)->Bind(1, id).Bind(2, now);
            if (auto r = (*up)->Run(); !r) return r.error();
            auto key = LoadKey(id);
            if (!key) return key.error();
            if (descendants) {
                if (auto r = RevokeMadeBy(id, now); !r) return r.error();
            }
            return key;
        });
    }

    // Revokes the keys `actor` made, the keys those made, and so on (inside a Write).
    Result<void> RevokeMadeBy(std::string_view actor, const std::string& now) {
        auto up = db_->Cached(
            "WITH RECURSIVE made(id) AS (SELECT id FROM api_keys WHERE created_by=?1 "
            "UNION SELECT k.id FROM api_keys k JOIN made ON k.created_by=made.id) "
            "UPDATE api_keys SET revoked_at=?2 WHERE revoked_at='' AND id IN (SELECT id FROM made)");
        if (!up) return up.error();
        (*up)->Bind(1, actor).Bind(2, now);
        if (auto r = (*up)->Run(); !r) return r.error();
        return {};
    }

    // ---- users and sessions

    Result<UserRecord> CreateUser(const UserRecord& user, const AuditEntry& audit) override {
        return Write<UserRecord>(audit, [&](const std::string& now) -> Result<UserRecord> {
            UserRecord stored = user;
            stored.created_at = now;
            stored.disabled_at.clear();
            auto ins = db_->Cached(
                "INSERT INTO users(name, password_hash, role, subject, province, scopes, created_at, disabled_at, "
                "created_by) VALUES(?1,?2,?3,?4,?5,?6,?7,'',?8)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, stored.name).Bind(2, stored.password_hash).Bind(3, stored.role).Bind(4, stored.subject);
            (*ins)->Bind(5, stored.province).Bind(6, JoinScopes(stored.scopes)).Bind(7, now).Bind(8, stored.created_by);
            if (auto r = (*ins)->Run(); !r) {
                if (r.error().code == ErrorCode::kConflict) return ExistsError("user", stored.name);
                return r.error();
            }
            return stored;
        });
    }

    Result<UserRecord> GetUser(std::string_view name) override {
        std::lock_guard lock(mu_);
        return LoadUser(name);
    }

    Result<std::vector<UserRecord>> ListUsers() override {
        std::lock_guard lock(mu_);
        auto names = Column("SELECT name FROM users WHERE ?1=?1 ORDER BY name", "");
        if (!names) return names.error();
        std::vector<UserRecord> out;
        for (const auto& n : *names) {
            auto u = LoadUser(n);
            if (!u) return u.error();
            out.push_back(std::move(*u));
        }
        return out;
    }

    Result<UserRecord> DisableUser(std::string_view name, bool descendants, const AuditEntry& audit) override {
        return Write<UserRecord>(audit, [&](const std::string& now) -> Result<UserRecord> {
            auto user = LoadUser(name);
            if (!user) return user.error();
            auto up = db_->Cached("UPDATE users SET disabled_at=?2 WHERE name=?1 AND disabled_at=''");
            if (!up) return up.error();
            (*up)->Bind(1, name).Bind(2, now);
            if (auto r = (*up)->Run(); !r) return r.error();
            auto end = db_->Cached("UPDATE sessions SET revoked_at=?2 WHERE user=?1 AND revoked_at=''");
            if (!end) return end.error();
            (*end)->Bind(1, name).Bind(2, now);
            if (auto r = (*end)->Run(); !r) return r.error();
            if (descendants) {
                if (auto r = RevokeMadeBy("user:" + std::string(name), now); !r) return r.error();
            }
            return LoadUser(name);
        });
    }

    Result<void> SetPassword(std::string_view name, std::string_view password_hash, const AuditEntry& audit) override {
        auto r = Write<bool>(audit, [&](const std::string& now) -> Result<bool> {
            auto up = db_->Cached("UPDATE users SET password_hash=?2 WHERE name=?1");
            if (!up) return up.error();
            (*up)->Bind(1, name).Bind(2, password_hash);
            if (auto run = (*up)->Run(); !run) return run.error();
            if (sqlite3_changes(db_->get()) == 0) return MissingError("user", name);
            // A new password ends every session of the user (the one that changed it too).
            auto end = db_->Cached("UPDATE sessions SET revoked_at=?2 WHERE user=?1 AND revoked_at=''");
            if (!end) return end.error();
            (*end)->Bind(1, name).Bind(2, now);
            if (auto run = (*end)->Run(); !run) return run.error();
            return true;
        });
        if (!r) return r.error();
        return {};
    }

    Result<SessionRecord> CreateSession(const SessionRecord& session, const AuditEntry& audit) override {
        return Write<SessionRecord>(audit, [&](const std::string& now) -> Result<SessionRecord> {
            SessionRecord stored = session;
            stored.created_at = now;
            stored.revoked_at.clear();
            auto ins = db_->Cached(
                "INSERT INTO sessions(id_hash, user, csrf, created_at, expires_at, revoked_at) "
                "VALUES(?1,?2,?3,?4,?5,'')");
            if (!ins) return ins.error();
            (*ins)->Bind(1, stored.id_hash).Bind(2, stored.user).Bind(3, stored.csrf).Bind(4, now);
            (*ins)->Bind(5, stored.expires_at);
            if (auto r = (*ins)->Run(); !r) return r.error();
            return stored;
        });
    }

    Result<SessionRecord> GetSession(std::string_view id_hash) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT id_hash, user, csrf, created_at, expires_at, revoked_at FROM sessions WHERE id_hash=?1");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, id_hash);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            (*stmt)->Reset();
            return MissingError("session", "");
        }
        const Stmt& s = **stmt;
        SessionRecord out{std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)),
                          std::string(s.Text(3)), std::string(s.Text(4)), std::string(s.Text(5))};
        (*stmt)->Reset();
        return out;
    }

    Result<void> RevokeSession(std::string_view id_hash, const AuditEntry& audit) override {
        auto r = Write<bool>(audit, [&](const std::string& now) -> Result<bool> {
            auto up = db_->Cached("UPDATE sessions SET revoked_at=?2 WHERE id_hash=?1 AND revoked_at=''");
            if (!up) return up.error();
            (*up)->Bind(1, id_hash).Bind(2, now);
            if (auto run = (*up)->Run(); !run) return run.error();
            if (sqlite3_changes(db_->get()) == 0) return MissingError("session", "");
            return true;
        });
        if (!r) return r.error();
        return {};
    }

    Result<int> RecordFailure(std::string_view key, std::string_view window_start) override {
        std::lock_guard lock(mu_);
        auto up = db_->Cached(
            "INSERT INTO login_failures(key, window_start, count) VALUES(?1,?2,1) ON CONFLICT(key) DO UPDATE SET "
            "count = CASE WHEN window_start < ?2 THEN 1 ELSE count + 1 END, "
            "window_start = CASE WHEN window_start < ?2 THEN ?2 ELSE window_start END RETURNING count");
        if (!up) return up.error();
        (*up)->Bind(1, key).Bind(2, window_start);
        auto row = (*up)->Step();
        if (!row) return row.error();
        const int count = *row ? static_cast<int>((*up)->Int(0)) : 1;
        (*up)->Reset();
        return count;
    }

    Result<int> Failures(std::string_view key, std::string_view window_start) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached("SELECT count FROM login_failures WHERE key=?1 AND window_start >= ?2");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, key).Bind(2, window_start);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        const int count = *row ? static_cast<int>((*stmt)->Int(0)) : 0;
        (*stmt)->Reset();
        return count;
    }

    Result<bool> ReserveAttempt(const std::vector<AttemptLimit>& limits, std::string_view window_start) override {
        std::lock_guard lock(mu_);
        if (auto r = db_->Exec("BEGIN IMMEDIATE"); !r) return r.error();
        auto reserve = [&]() -> Result<bool> {
            auto count = db_->Cached("SELECT count FROM login_failures WHERE key=?1 AND window_start >= ?2");
            if (!count) return count.error();
            for (const auto& l : limits) {
                (*count)->Bind(1, l.key).Bind(2, window_start);
                auto row = (*count)->Step();
                if (!row) return row.error();
                const int n = *row ? static_cast<int>((*count)->Int(0)) : 0;
                (*count)->Reset();
                if (n >= l.limit) return false;
            }
            auto up = db_->Cached(
                "INSERT INTO login_failures(key, window_start, count) VALUES(?1,?2,1) ON CONFLICT(key) DO UPDATE SET "
                "count = CASE WHEN window_start < ?2 THEN 1 ELSE count + 1 END, "
                "window_start = CASE WHEN window_start < ?2 THEN ?2 ELSE window_start END");
            if (!up) return up.error();
            for (const auto& l : limits) {
                (*up)->Bind(1, l.key).Bind(2, window_start);
                auto r = (*up)->Run();
                (*up)->Reset();
                if (!r) return r.error();
            }
            return true;
        };
        auto done = reserve();
        if (done && *done) {
            if (auto c = db_->Exec("COMMIT"); !c) done = c.error();
        }
        if (!done || !*done) {
            db_->ResetAll();
            (void)db_->Exec("ROLLBACK");
        }
        return done;
    }

    Result<void> ReleaseAttempt(std::string_view key, std::string_view window_start) override {
        std::lock_guard lock(mu_);
        auto up =
            db_->Cached("UPDATE login_failures SET count = MAX(count - 1, 0) WHERE key=?1 AND window_start >= ?2");
        if (!up) return up.error();
        (*up)->Bind(1, key).Bind(2, window_start);
        return (*up)->Run();
    }

    Result<void> ClearFailures(std::string_view key) override {
        std::lock_guard lock(mu_);
        auto del = db_->Cached("DELETE FROM login_failures WHERE key=?1");
        if (!del) return del.error();
        (*del)->Bind(1, key);
        return (*del)->Run();
    }

    // ---- resolver links

    Result<registry::Link> CreateLink(const registry::Link& link, const AuditEntry& audit) override {
        return Write<registry::Link>(audit, [&](const std::string& now) -> Result<registry::Link> {
            registry::Link stored = link;
            stored.created_at = now;
            if (stored.is_default) {
                // One default per anchor: the previous one stays as an ordinary link.
                auto olds = LoadLinks("SELECT id, owner, doc, created_at FROM links WHERE anchor=?1", stored.anchor);
                if (!olds) return olds.error();
                for (auto& old : *olds) {
                    if (!old.is_default) continue;
                    old.is_default = false;
                    auto up = db_->Cached("UPDATE links SET doc=?2 WHERE id=?1");
                    if (!up) return up.error();
                    (*up)->Bind(1, old.id).Bind(2, LinkDoc(old));
                    if (auto r = (*up)->Run(); !r) return r.error();
                }
            }
            auto ins = db_->Cached("INSERT INTO links(anchor, owner, doc, created_at) VALUES(?1,?2,?3,?4)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, stored.anchor).Bind(2, stored.owner).Bind(3, LinkDoc(stored)).Bind(4, now);
            if (auto r = (*ins)->Run(); !r) return r.error();
            stored.id = db_->LastInsertRowId();
            return stored;
        });
    }

    Result<registry::Link> GetLink(std::int64_t id) override {
        std::lock_guard lock(mu_);
        return LoadLink(id);
    }

    Result<registry::Link> DeleteLink(std::int64_t id, const AuditEntry& audit) override {
        return Write<registry::Link>(audit, [&](const std::string&) -> Result<registry::Link> {
            auto old = LoadLink(id);
            if (!old) return old.error();
            auto del = db_->Cached("DELETE FROM links WHERE id=?1");
            if (!del) return del.error();
            (*del)->Bind(1, id);
            if (auto r = (*del)->Run(); !r) return r.error();
            return old;
        });
    }

    Result<std::vector<registry::Link>> LinksOf(const std::vector<std::string>& anchors) override {
        std::lock_guard lock(mu_);
        std::vector<registry::Link> out;
        for (const auto& anchor : anchors) {
            auto some = LoadLinks("SELECT id, owner, doc, created_at FROM links WHERE anchor=?1", anchor);
            if (!some) return some.error();
            for (auto& l : *some) out.push_back(std::move(l));
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        return out;
    }

    Result<std::vector<registry::Link>> ListLinks(std::string_view owner, std::string_view anchor_prefix,
                                                  std::int64_t after_id, std::size_t limit) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT id, owner, doc, created_at FROM links WHERE id > ?1 AND (?2='' OR owner=?2) AND "
            "(?3='' OR substr(anchor, 1, length(?3))=?3) ORDER BY id LIMIT ?4");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, after_id).Bind(2, owner).Bind(3, anchor_prefix).Bind(4, static_cast<std::int64_t>(limit));
        return ReadLinks(**stmt);
    }

    // ---- images

    Result<ImageRecord> PutImage(const ImageRecord& image, const AuditEntry& audit) override {
        {
            std::lock_guard lock(mu_);
            if (auto known = LoadImage(image.sha256); known || known.error().code != ErrorCode::kNotFound) return known;
        }
        auto stored = Write<ImageRecord>(audit, [&](const std::string& now) -> Result<ImageRecord> {
            auto ins = db_->Cached(
                "INSERT INTO images(sha256, content_type, data, created_at, created_by) VALUES(?1,?2,?3,?4,?5)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, image.sha256).Bind(2, image.content_type).BindBlob(3, image.data).Bind(4, now);
            (*ins)->Bind(5, image.created_by);
            if (auto r = (*ins)->Run(); !r) return r.error();
            ImageRecord out = image;
            out.created_at = now;
            return out;
        });
        if (!stored && stored.error().code == ErrorCode::kConflict) return GetImage(image.sha256);  // a concurrent twin
        return stored;
    }

    Result<ImageRecord> GetImage(std::string_view sha256) override {
        std::lock_guard lock(mu_);
        return LoadImage(sha256);
    }

    // ---- connected systems

    Result<CertificationRecord> AddCertification(const CertificationRecord& c, const AuditEntry& audit) override {
        return Write<CertificationRecord>(audit, [&](const std::string& now) -> Result<CertificationRecord> {
            auto ins = db_->Cached(
                "INSERT INTO certifications(system, certifier, standard, certificate, issued_on, valid_until, scope, "
                "created_by, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, c.system).Bind(2, c.certifier).Bind(3, c.standard).Bind(4, c.certificate);
            (*ins)->Bind(5, c.issued_on).Bind(6, c.valid_until).Bind(7, c.scope).Bind(8, c.created_by).Bind(9, now);
            if (auto r = (*ins)->Run(); !r) return r.error();
            CertificationRecord stored = c;
            stored.id = db_->LastInsertRowId();
            stored.created_at = now;
            return stored;
        });
    }

    Result<std::vector<CertificationRecord>> ListCertifications(std::string_view system) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT id, system, certifier, standard, certificate, issued_on, valid_until, scope, created_by, "
            "created_at FROM certifications WHERE system=?1 ORDER BY id");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, system);
        std::vector<CertificationRecord> out;
        while (true) {
            auto row = (*stmt)->Step();
            if (!row) {
                (*stmt)->Reset();
                return row.error();
            }
            if (!*row) break;
            const Stmt& s = **stmt;
            out.push_back(CertificationRecord{s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)),
                                              std::string(s.Text(3)), std::string(s.Text(4)), std::string(s.Text(5)),
                                              std::string(s.Text(6)), std::string(s.Text(7)), std::string(s.Text(8)),
                                              std::string(s.Text(9))});
        }
        (*stmt)->Reset();
        return out;
    }

    Result<CaptureActivity> ActivityOf(std::string_view actor_role, std::string_view actor_subject) override {
        std::lock_guard lock(mu_);
        CaptureActivity out;
        auto totals = db_->Cached(
            "SELECT count(*), coalesce(sum(json_extract(detail,'$.events')),0), "
            "coalesce(sum(json_extract(detail,'$.complete')),0), coalesce(max(at),'') FROM audit "
            "WHERE actor_subject=?1 AND action='events.capture' AND actor_role=?2");
        if (!totals) return totals.error();
        (*totals)->Bind(1, actor_subject).Bind(2, actor_role);
        auto row = (*totals)->Step();
        if (!row) return row.error();
        if (*row) {
            out.captures = (*totals)->Int(0);
            out.events = (*totals)->Int(1);
            out.complete = (*totals)->Int(2);
            out.last_seen = std::string((*totals)->Text(3));
        }
        (*totals)->Reset();
        auto missing = db_->Cached(
            "SELECT m.key, sum(m.value) FROM audit, json_each(audit.detail, '$.missing') AS m "
            "WHERE actor_subject=?1 AND action='events.capture' AND actor_role=?2 GROUP BY m.key ORDER BY m.key");
        if (!missing) return missing.error();
        (*missing)->Bind(1, actor_subject).Bind(2, actor_role);
        while (true) {
            auto r = (*missing)->Step();
            if (!r) {
                (*missing)->Reset();
                return r.error();
            }
            if (!*r) break;
            out.missing.emplace_back(std::string((*missing)->Text(0)), (*missing)->Int(1));
        }
        (*missing)->Reset();
        return out;
    }

    // ---- audit

    Result<AuditEntry> AppendAudit(const AuditEntry& entry) override {
        std::lock_guard lock(mu_);
        if (auto r = db_->Exec("BEGIN IMMEDIATE"); !r) return r.error();
        auto appended = Append(entry, Now());
        if (!appended) {
            (void)db_->Exec("ROLLBACK");
            return appended.error();
        }
        if (auto r = db_->Exec("COMMIT"); !r) {
            (void)db_->Exec("ROLLBACK");
            return r.error();
        }
        return appended;
    }

    Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& f) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT id, at, actor, actor_role, actor_subject, action, resource, province, remote_address, detail "
            "FROM audit WHERE id > ?1 AND (?2='' OR province=?2) AND (?3='' OR actor=?3) AND (?4='' OR action=?4) "
            "ORDER BY id LIMIT ?5");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, f.after_id).Bind(2, f.province).Bind(3, f.actor).Bind(4, f.action);
        (*stmt)->Bind(5, static_cast<std::int64_t>(f.limit));
        std::vector<AuditEntry> out;
        while (true) {
            auto row = (*stmt)->Step();
            if (!row) {
                (*stmt)->Reset();
                return row.error();
            }
            if (!*row) break;
            const Stmt& s = **stmt;
            out.push_back(AuditEntry{s.Int(0), std::string(s.Text(1)), std::string(s.Text(2)), std::string(s.Text(3)),
                                     std::string(s.Text(4)), std::string(s.Text(5)), std::string(s.Text(6)),
                                     std::string(s.Text(7)), std::string(s.Text(8)), std::string(s.Text(9))});
        }
        (*stmt)->Reset();
        return out;
    }

  private:
    std::string Now() const {
        const epcis::DateTime t = options_.clock ? options_.clock() : NowUtc();
        return t.ToUtcString(3);
    }

    // Runs `body` and appends `audit` in one IMMEDIATE transaction; rolls back on any error.
    template <typename T, typename Body>
    Result<T> Write(const AuditEntry& audit, Body&& body) {
        std::lock_guard lock(mu_);
        const std::string now = Now();
        if (auto r = db_->Exec("BEGIN IMMEDIATE"); !r) return r.error();
        auto done = body(now);
        if (done) {
            if (auto a = Append(audit, now); !a) done = a.error();
        }
        if (done) {
            if (auto c = db_->Exec("COMMIT"); !c) done = c.error();
        }
        if (!done) {
            db_->ResetAll();
            (void)db_->Exec("ROLLBACK");
        }
        return done;
    }

    Result<AuditEntry> Append(const AuditEntry& e, const std::string& now) {
        auto ins = db_->Cached(
            "INSERT INTO audit(at, actor, actor_role, actor_subject, action, resource, province, remote_address, "
            "detail) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
        if (!ins) return ins.error();
        (*ins)->Bind(1, now).Bind(2, e.actor).Bind(3, e.actor_role).Bind(4, e.actor_subject).Bind(5, e.action);
        (*ins)->Bind(6, e.resource).Bind(7, e.province).Bind(8, e.remote_address);
        (*ins)->Bind(9, e.detail.empty() ? std::string_view("{}") : std::string_view(e.detail));
        if (auto r = (*ins)->Run(); !r) return r.error();
        AuditEntry out = e;
        out.id = db_->LastInsertRowId();
        out.at = now;
        return out;
    }

    Result<bool> RowExists(const std::string& sql, std::string_view key) {
        auto stmt = db_->Cached(sql);
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, key);
        auto row = (*stmt)->Step();
        (*stmt)->Reset();
        return row;
    }

    // Inserts the enterprise's prefixes; kConflict when one overlaps a prefix of another enterprise.
    Result<void> PutPrefixes(const registry::Enterprise& e) {
        for (const auto& p : e.prefixes) {
            auto clash = db_->Cached(
                "SELECT prefix, tax_code FROM company_prefixes WHERE tax_code<>?2 AND "
                "(prefix=substr(?1,1,length(prefix)) OR substr(prefix,1,length(?1))=?1) LIMIT 1");
            if (!clash) return clash.error();
            (*clash)->Bind(1, p.prefix).Bind(2, e.tax_code);
            auto row = (*clash)->Step();
            if (!row) return row.error();
            if (*row) {
                const std::string other((*clash)->Text(0));
                (*clash)->Reset();
                return MakeError(
                    ErrorCode::kConflict, "gs1CompanyPrefixes", "registry.prefix_taken",
                    fmt::format("This GS1 Company Prefix overlaps {}, which another enterprise holds.", other),
                    p.prefix);
            }
            (*clash)->Reset();
            auto ins = db_->Cached("INSERT INTO company_prefixes(prefix, tax_code) VALUES(?1,?2)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, p.prefix).Bind(2, e.tax_code);
            if (auto r = (*ins)->Run(); !r) return r.error();
        }
        return {};
    }

    static std::string LinkDoc(const registry::Link& l) {
        json::object o = registry::EncodeLink(l);
        o.erase("id");
        o.erase("owner");
        o.erase("createdAt");
        return json::serialize(o);
    }

    // Rows of (id, owner, doc, created_at) as links (under mu_); resets the statement.
    Result<std::vector<registry::Link>> ReadLinks(Stmt& stmt) {
        std::vector<registry::Link> out;
        for (;;) {
            auto row = stmt.Step();
            if (!row) {
                stmt.Reset();
                return row.error();
            }
            if (!*row) break;
            boost::system::error_code ec;
            json::value doc = json::parse(stmt.Text(2), ec);
            auto l = ec ? Result<registry::Link>(
                              MakeError(ErrorCode::kInternal, "link", "store.corrupt", "A stored link is not JSON."))
                        : registry::DecodeLink(doc);
            if (!l) {
                stmt.Reset();
                return MakeError(ErrorCode::kInternal, "link", "store.corrupt",
                                 "A stored link does not decode: " + l.error().ToString());
            }
            l->id = stmt.Int(0);
            l->owner = std::string(stmt.Text(1));
            l->created_at = std::string(stmt.Text(3));
            out.push_back(std::move(*l));
        }
        stmt.Reset();
        return out;
    }

    Result<std::vector<registry::Link>> LoadLinks(const std::string& sql, std::string_view key) {
        auto stmt = db_->Cached(sql);
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, key);
        return ReadLinks(**stmt);
    }

    Result<registry::Link> LoadLink(std::int64_t id) {
        auto stmt = db_->Cached("SELECT id, owner, doc, created_at FROM links WHERE id=?1");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, id);
        auto links = ReadLinks(**stmt);
        if (!links) return links.error();
        if (links->empty()) return MissingError("link", std::to_string(id));
        return std::move(links->front());
    }

    Result<registry::Enterprise> LoadEnterprise(std::string_view tax_code) {
        return Load<registry::Enterprise>("enterprise",
                                          "SELECT doc, created_at, updated_at FROM enterprises WHERE tax_code=?1",
                                          tax_code, &registry::DecodeEnterprise);
    }

    template <typename R>
    Result<R> Decode(std::string_view what, std::string_view doc, std::string_view created, std::string_view updated,
                     Result<R> (*decode)(const json::value&)) {
        boost::system::error_code ec;
        json::value v = json::parse(doc, ec);
        if (ec)
            return MakeError(ErrorCode::kInternal, std::string(what), "store.corrupt", "A stored record is not JSON.");
        auto r = decode(v);
        if (!r) return Corrupt(what, r.error());
        r->created_at = std::string(created);
        r->updated_at = std::string(updated);
        return r;
    }

    template <typename R>
    Result<R> Load(std::string_view what, const std::string& sql, std::string_view key,
                   Result<R> (*decode)(const json::value&)) {
        auto stmt = db_->Cached(sql);
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, key);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            (*stmt)->Reset();
            return MissingError(what, key);
        }
        auto r = Decode<R>(what, (*stmt)->Text(0), (*stmt)->Text(1), (*stmt)->Text(2), decode);
        (*stmt)->Reset();
        return r;
    }

    template <typename R>
    Result<std::vector<R>> List(std::string_view table, std::string_view key, std::string_view owner_column,
                                const ListRequest& request, Result<R> (*decode)(const json::value&)) {
        const std::string sql = fmt::format(
            "SELECT doc, created_at, updated_at FROM {0} WHERE {1} > ?1 AND (?2='' OR province=?2) {2} ORDER BY {1} "
            "LIMIT ?4",
            table, key, owner_column.empty() ? "AND ?3=?3" : fmt::format("AND (?3='' OR {}=?3)", owner_column));
        auto stmt = db_->Cached(sql);
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, request.after).Bind(2, request.province).Bind(3, request.owner);
        (*stmt)->Bind(4, static_cast<std::int64_t>(request.limit));
        std::vector<R> out;
        while (true) {
            auto row = (*stmt)->Step();
            if (!row) {
                (*stmt)->Reset();
                return row.error();
            }
            if (!*row) break;
            auto r = Decode<R>(table, (*stmt)->Text(0), (*stmt)->Text(1), (*stmt)->Text(2), decode);
            if (!r) {
                (*stmt)->Reset();
                return r.error();
            }
            out.push_back(std::move(*r));
        }
        (*stmt)->Reset();
        return out;
    }

    // The province of enterprise `owner`, read inside the caller's transaction ("" when unknown).
    std::string OwnerProvince(std::string_view owner) {
        auto e = LoadEnterprise(owner);
        return e ? e->address.province_code : std::string();
    }

    template <typename R, typename Encode>
    Result<R> PutKeyed(const AuditEntry& audit, std::string_view what, std::string_view table,
                       std::string_view key_column, const std::string& key, const std::string& owner,
                       const std::optional<std::string>& province, bool create, const R& record, Encode encode,
                       Result<R> (*decode)(const json::value&)) {
        return Write<R>(audit, [&](const std::string& now) -> Result<R> {
            // The owner was checked by the caller before this transaction: is the prefix still its?
            // (A prefix nobody holds is the caller's to refuse: the store keeps what it is given.)
            const std::string key_digits = key.size() == 14 ? key.substr(1) : key;  // GTIN-14 without indicator
            auto holder = HolderOf(key_digits);
            if (!holder && holder.error().code != ErrorCode::kNotFound) return holder.error();
            if (holder && *holder != owner) {
                return MakeError(ErrorCode::kConflict, std::string(key_column), "registry.owner_changed",
                                 "The GS1 Company Prefix of this key changed hands while the change was made: "
                                 "repeat it.",
                                 key);
            }
            auto old =
                Load<R>(what, fmt::format("SELECT doc, created_at, updated_at FROM {} WHERE {}=?1", table, key_column),
                        key, decode);
            if (create && old) return ExistsError(what, key);
            if (!old && (create ? old.error().code != ErrorCode::kNotFound : true)) return old.error();
            R stored = record;
            stored.created_at = create ? now : old->created_at;
            stored.updated_at = now;
            auto put = db_->Cached(fmt::format(
                "INSERT INTO {}({}, owner, province, doc, created_at, updated_at) VALUES(?1,?2,?3,?4,?5,?6) "
                "ON CONFLICT DO UPDATE SET owner=excluded.owner, province=excluded.province, doc=excluded.doc, "
                "updated_at=excluded.updated_at",
                table, key_column));
            if (!put) return put.error();
            // Without a province of its own, a record is listed under its owner's.
            const std::string in_province = province ? *province : OwnerProvince(owner);
            (*put)->Bind(1, key).Bind(2, owner).Bind(3, in_province).Bind(4, Doc(encode(stored)));
            (*put)->Bind(5, stored.created_at).Bind(6, now);
            if (auto r = (*put)->Run(); !r) return r.error();
            return stored;
        });
    }

    Result<std::vector<std::string>> Column(const std::string& sql, std::string_view key) {
        auto stmt = db_->Cached(sql);
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, key);
        std::vector<std::string> out;
        while (true) {
            auto row = (*stmt)->Step();
            if (!row) {
                (*stmt)->Reset();
                return row.error();
            }
            if (!*row) break;
            out.emplace_back((*stmt)->Text(0));
        }
        (*stmt)->Reset();
        return out;
    }

    Result<ImageRecord> LoadImage(std::string_view sha256) {
        auto stmt =
            db_->Cached("SELECT sha256, content_type, data, created_at, created_by FROM images WHERE sha256=?1");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, sha256);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            (*stmt)->Reset();
            return MissingError("image", sha256);
        }
        const Stmt& s = **stmt;
        const void* blob = sqlite3_column_blob(s.get(), 2);
        const int size = sqlite3_column_bytes(s.get(), 2);
        ImageRecord out{std::string(s.Text(0)), std::string(s.Text(1)),
                        std::string(static_cast<const char*>(blob), static_cast<std::size_t>(size)),
                        std::string(s.Text(3)), std::string(s.Text(4))};
        (*stmt)->Reset();
        return out;
    }

    Result<UserRecord> LoadUser(std::string_view name) {
        auto stmt = db_->Cached(
            "SELECT name, password_hash, role, subject, province, scopes, created_at, disabled_at, created_by "
            "FROM users WHERE name=?1");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, name);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            (*stmt)->Reset();
            return MissingError("user", name);
        }
        const Stmt& s = **stmt;
        UserRecord u{std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)),
                     std::string(s.Text(3)), std::string(s.Text(4)), SplitScopes(s.Text(5)),
                     std::string(s.Text(6)), std::string(s.Text(7)), std::string(s.Text(8))};
        (*stmt)->Reset();
        return u;
    }

    Result<ApiKeyRecord> LoadKey(std::string_view id) {
        auto stmt = db_->Cached(
            "SELECT id, secret_hash, name, role, subject, province, scopes, created_at, expires_at, revoked_at, "
            "created_by FROM api_keys WHERE id=?1");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, id);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            (*stmt)->Reset();
            return MissingError("key", id);
        }
        const Stmt& s = **stmt;
        ApiKeyRecord k{std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)), std::string(s.Text(3)),
                       std::string(s.Text(4)), std::string(s.Text(5)), SplitScopes(s.Text(6)), std::string(s.Text(7)),
                       std::string(s.Text(8)), std::string(s.Text(9)), std::string(s.Text(10))};
        (*stmt)->Reset();
        return k;
    }

    std::mutex mu_;
    std::unique_ptr<Db> db_;
    RegistryOpenOptions options_;
};

}  // namespace

Result<std::unique_ptr<RegistryStore>> OpenSqliteRegistry(const std::string& path, const RegistryOpenOptions& options) {
    auto db = Db::Open(path, false, false);
    if (!db) return db.error();
    auto registry = std::make_unique<SqliteRegistry>(std::move(*db), options);
    if (auto r = registry->Migrate(); !r) return r.error();
    return std::unique_ptr<RegistryStore>(std::move(registry));
}

}  // namespace txng::store::sqlite
