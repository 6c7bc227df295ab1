// Databases written by older schema versions open with this build: migrated in place, their data
// found, and new captures continue their identifiers without collisions.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "epcis/document_io.hpp"
#include "epcis/query.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/stamp_store.hpp"

namespace txng::store::sqlite {
namespace {

namespace fs = std::filesystem;

void Exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    ASSERT_EQ(rc, SQLITE_OK) << (message ? message : "") << "\n" << sql;
}

std::string Doc(int serial) {
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
           R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)"
           R"({"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",)"
           R"("epcList":["urn:epc:id:sgtin:8934567.000123.)" +
           std::to_string(serial) + R"("],"action":"OBSERVE","bizStep":"shipping"}]}})";
}

TEST(SqliteMigrationTest, Version1DataIsMigratedAndKeptConsistent) {
    const fs::path dir = fs::temp_directory_path() / ("txng-migrate-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const std::string path = (dir / "store.db").string();
    {
        // A version-1 store holding one event as the version-1 writer stored it.
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        Exec(db, "PRAGMA journal_mode=WAL; BEGIN;" + std::string(MigrationSql(0)) + "PRAGMA user_version=1; COMMIT;");
        Exec(db,
             "INSERT INTO terms(id, text, epc) VALUES (1, 'ObjectEvent', 0), "
             "(2, 'https://ref.gs1.org/cbv/BizStep-shipping', 0), "
             "(3, 'https://id.gs1.org/01/08934567001236/21/1', 1);"
             "INSERT INTO vocab(kind, term) VALUES (0, 1), (1, 2);"
             "INSERT INTO events(seq, event_key, event_id, content_hash, type, event_time, record_time, action, "
             "biz_step, has_error, capture, doc) VALUES (1, 0, 'urn:uuid:old', x'00', 1, 0, 0, 2, 2, 0, 0, "
             "'{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
             "\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-01T08:00:00.000+07:00\","
             "\"eventTimeZoneOffset\":\"+07:00\",\"eventID\":\"urn:uuid:old\","
             "\"epcList\":[\"https://id.gs1.org/01/08934567001236/21/1\"],\"action\":\"OBSERVE\","
             "\"bizStep\":\"shipping\"}');"
             "INSERT INTO event_ids(term, event, roles) VALUES (3, 1, 1);");
        sqlite3_close(db);
    }
    auto store = OpenSqliteStore(path, OpenOptions{});
    ASSERT_TRUE(store) << store.error().ToString();
    auto steps = (*store)->ListVocabulary(VocabularyKind::kBizStep, 10, "");
    ASSERT_TRUE(steps);
    EXPECT_EQ(*steps, std::vector<std::string>{"https://ref.gs1.org/cbv/BizStep-shipping"});
    auto find = [&](const std::string& epc) {
        auto q = epcis::ParseEventQuery({{"MATCH_epc", {epc}}}, {});
        EXPECT_TRUE(q);
        auto page = (*store)->QueryEvents(*q, PageRequest{10, ""});
        EXPECT_TRUE(page) << page.error().ToString();
        return page ? page->events.size() : 0u;
    };
    EXPECT_EQ(find("urn:epc:id:sgtin:8934567.000123.1"), 1u);
    // A new capture gets term ids after the migrated ones: the old event still matches only its
    // own identifier, the new one only its own.
    auto loaded = epcis::LoadDocument(Doc(2));
    ASSERT_TRUE(loaded);
    auto job = (*store)->CaptureSync(CaptureRequestFrom(loaded->document));
    ASSERT_TRUE(job && job->success);
    EXPECT_EQ(find("urn:epc:id:sgtin:8934567.000123.2"), 1u);
    EXPECT_EQ(find("urn:epc:id:sgtin:8934567.000123.1"), 1u);
    auto all = epcis::ParseEventQuery({{"EQ_bizStep", {"shipping"}}}, {});
    auto page = (*store)->QueryEvents(*all, PageRequest{10, ""});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->events.size(), 2u);
    (*store)->Close();
    fs::remove_all(dir);
}

TEST(SqliteMigrationTest, NamedQueriesMadeBeforeOwnersBelongToTheNationalRoles) {
    const fs::path dir = fs::temp_directory_path() / ("txng-migrate-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const std::string path = (dir / "store.db").string();
    {
        // A version-2 store holding one named query, as the version-2 writer stored it.
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        Exec(db, "PRAGMA journal_mode=WAL; BEGIN;" + std::string(MigrationSql(0)) + std::string(MigrationSql(1)) +
                     "PRAGMA user_version=2; COMMIT;");
        Exec(db,
             "INSERT INTO named_queries(name, query, created_at) "
             "VALUES ('shipped', '{\"EQ_bizStep\":[\"shipping\"]}', '2026-03-01T00:00:00Z');");
        sqlite3_close(db);
    }
    auto store = OpenSqliteStore(path, OpenOptions{});
    ASSERT_TRUE(store) << store.error().ToString();
    auto q = (*store)->GetNamedQuery("shipped");
    ASSERT_TRUE(q) << q.error().ToString();
    EXPECT_EQ(q->owner, "national");
    EXPECT_EQ(q->query_json, R"({"EQ_bizStep":["shipping"]})");
    // The owner check applies to it like to any other.
    auto refused = (*store)->DeleteNamedQuery("shipped", std::string_view("enterprise|0314409058"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    ASSERT_TRUE((*store)->DeleteNamedQuery("shipped", std::string_view("national")));
    (*store)->Close();
    fs::remove_all(dir);
}

TEST(SqliteMigrationTest, StampTablesOfVersion2GainTheProvincesOfPastScans) {
    const fs::path dir = fs::temp_directory_path() / ("txng-migrate-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const std::string path = (dir / "store.db").string();
    {
        auto stamps = OpenStampStore("sqlite:" + path);
        ASSERT_TRUE(stamps) << stamps.error().ToString();
    }
    {
        // Back to version 2, with scans logged before version 3 kept them per province.
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        Exec(db,
             "DROP TABLE scan_places; DELETE FROM stamp_schema WHERE version = 3;"
             "INSERT INTO scans(gtin, serial, at_ms, province, client) VALUES "
             "('08930000000019', 'S1', 1000, '48', 'browser'), ('08930000000019', 'S1', 3000, '48', 'app'),"
             "('08930000000019', 'S1', 2000, '01', 'browser'), ('08930000000019', 'S1', 4000, '', 'bot'),"
             "('08930000000019', 'S2', 5000, '79', 'browser');");
        sqlite3_close(db);
    }
    auto stamps = OpenStampStore("sqlite:" + path);
    ASSERT_TRUE(stamps) << stamps.error().ToString();
    EXPECT_EQ(*(*stamps)->ProvincesScanned("08930000000019", "S1", 0), (std::vector<std::string>{"01", "48"}));
    EXPECT_EQ(*(*stamps)->ProvincesScanned("08930000000019", "S1", 2500), (std::vector<std::string>{"48"}));
    EXPECT_EQ(*(*stamps)->ProvincesScanned("08930000000019", "S2", 0), (std::vector<std::string>{"79"}));
    EXPECT_EQ(*(*stamps)->ScanCount(), 5);
    stamps->reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace txng::store::sqlite
