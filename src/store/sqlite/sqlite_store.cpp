#include "store/sqlite/sqlite_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "common/log.hpp"
#include "epcis/event_hash.hpp"
#include "epcis/json_codec.hpp"
#include "store/intake_journal.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace txng::store::sqlite {
namespace {

namespace json = boost::json;
using epcis::DateTime;

// Migrations, applied in order; index i brings the schema from version i to i + 1.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE terms(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, epc INTEGER NOT NULL DEFAULT 0);
CREATE TABLE capture_jobs(
    id INTEGER PRIMARY KEY,
    capture_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    success INTEGER NOT NULL,
    behaviour TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    stored INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    errors TEXT NOT NULL,
    captured_by TEXT NOT NULL);
CREATE TABLE events(
    seq INTEGER PRIMARY KEY,
    event_key INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    content_hash BLOB NOT NULL,
    type INTEGER NOT NULL,
    event_time INTEGER NOT NULL,
    record_time INTEGER NOT NULL,
    action INTEGER,
    biz_step INTEGER,
    disposition INTEGER,
    read_point INTEGER,
    biz_location INTEGER,
    has_error INTEGER NOT NULL,
    capture INTEGER NOT NULL,
    doc TEXT NOT NULL);
CREATE INDEX events_key ON events(event_key);
CREATE INDEX events_time ON events(event_time);
CREATE INDEX events_record_time ON events(record_time);
CREATE INDEX events_biz_step ON events(biz_step);
CREATE INDEX events_biz_location ON events(biz_location);
CREATE INDEX events_read_point ON events(read_point);
CREATE TABLE event_ids(term INTEGER NOT NULL, event INTEGER NOT NULL, roles INTEGER NOT NULL,
                       PRIMARY KEY(term, event)) WITHOUT ROWID;
CREATE TABLE vocab(kind INTEGER NOT NULL, term INTEGER NOT NULL, PRIMARY KEY(kind, term)) WITHOUT ROWID;
CREATE TABLE named_queries(name TEXT PRIMARY KEY, query TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE master_data(type TEXT NOT NULL, id TEXT NOT NULL, attributes TEXT NOT NULL,
                         PRIMARY KEY(type, id)) WITHOUT ROWID;
CREATE TABLE location_children(parent TEXT NOT NULL, child TEXT NOT NULL, PRIMARY KEY(parent, child)) WITHOUT ROWID;
)sql",
    // v2: `terms` keyed by its text (one B-tree instead of a table and a unique index, so one
    // insert per new identifier instead of two); ids are given by the writer from meta.next_term.
    // `vocab` holds the texts, so that no lookup by term id is needed.
    R"sql(
CREATE TABLE terms_v2(text TEXT PRIMARY KEY, id INTEGER NOT NULL, epc INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
INSERT INTO terms_v2(text, id, epc) SELECT text, id, epc FROM terms;
CREATE TABLE vocab_v2(kind INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY(kind, text)) WITHOUT ROWID;
INSERT INTO vocab_v2(kind, text) SELECT v.kind, t.text FROM vocab v JOIN terms t ON t.id = v.term;
INSERT OR REPLACE INTO meta(key, value) VALUES('next_term', (SELECT COALESCE(MAX(id), 0) + 1 FROM terms));
DROP TABLE vocab;
DROP TABLE terms;
ALTER TABLE terms_v2 RENAME TO terms;
ALTER TABLE vocab_v2 RENAME TO vocab;
)sql",
    // v3: named queries record the tenant that made them; those made before are the national
    // roles' (the only ones who see every query).
    R"sql(
ALTER TABLE named_queries ADD COLUMN owner TEXT NOT NULL DEFAULT 'national';
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

// Stable 64-bit FNV-1a of an eventID: the indexed lookup key (collisions are resolved by comparing
// the text).
std::int64_t EventKey(std::string_view event_id) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : event_id) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return static_cast<std::int64_t>(h);
}

// The first 16 bytes of the event hash's digest: enough to tell "same event" from "other event".
std::string ContentHash(std::string_view hash_id) {
    const auto semi = hash_id.find(';');
    std::string out;
    if (semi == std::string_view::npos) return std::string(hash_id);
    std::string_view hex = hash_id.substr(semi + 1, 32);
    out.reserve(16);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        unsigned v = 0;
        std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
        out.push_back(static_cast<char>(v));
    }
    return out;
}

std::int64_t ActionCode(const std::optional<epcis::Action>& action) {
    if (!action) return -1;
    return static_cast<std::int64_t>(*action);
}

std::string TypeTerm(const epcis::Event& e) {
    if (e.type == epcis::EventType::kExtensionEvent) return e.extension_type;
    return std::string(epcis::EventTypeName(e.type));
}

std::map<std::string, std::string> NamespaceMap(const epcis::Event& e) {
    std::map<std::string, std::string> m;
    for (const auto& ns : e.namespaces) m[ns.prefix] = ns.uri;
    return m;
}

// The stored form: a bare JSON-LD event carrying its namespaces in its @context. Consumes `e`.
std::string EncodeStored(epcis::Event&& e) {
    epcis::Document doc;
    doc.kind = epcis::DocumentKind::kBareEvent;
    doc.namespaces = std::move(e.namespaces);
    doc.events.push_back(std::move(e));
    return epcis::EncodeJsonDocument(doc);
}

Result<epcis::Event> DecodeStored(std::string_view text) {
    auto doc = epcis::DecodeJsonDocument(
        text, epcis::DecodeLimits{
                  .max_document_bytes = 1u << 30, .max_events = 1, .max_depth = 256, .max_string_bytes = 1u << 30});
    if (!doc) return doc.error();
    if (doc->events.size() != 1) return MakeError(ErrorCode::kInternal, "store", "store.corrupt", "stored event");
    epcis::Event e = std::move(doc->events.front());
    e.namespaces = std::move(doc->namespaces);
    return e;
}

std::string RandomCaptureId() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return fmt::format("{:016x}{:016x}", rng(), rng());
}

json::array ErrorsToJson(const std::vector<CaptureError>& errors) {
    json::array out;
    for (const auto& ce : errors) {
        out.push_back(json::object{{"index", ce.index},
                                   {"code", ErrorCodeName(ce.error.code)},
                                   {"where", ce.error.where},
                                   {"rule", ce.error.rule},
                                   {"detail", ce.error.detail},
                                   {"value", ce.error.value}});
    }
    return out;
}

std::vector<CaptureError> ErrorsFromJson(std::string_view text) {
    std::vector<CaptureError> out;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.as_array()) {
        if (!item.is_object()) continue;
        const auto& o = item.as_object();
        CaptureError ce;
        auto str = [&](const char* k) -> std::string {
            const auto* p = o.if_contains(k);
            return p && p->is_string() ? std::string(p->as_string()) : std::string();
        };
        if (const auto* p = o.if_contains("index"); p && p->is_number()) ce.index = p->to_number<std::size_t>();
        const std::string code = str("code");
        ce.error.code = code == "conflict" ? ErrorCode::kConflict : ErrorCode::kInvalidArgument;
        ce.error.where = str("where");
        ce.error.rule = str("rule");
        ce.error.detail = str("detail");
        ce.error.value = str("value");
        out.push_back(std::move(ce));
    }
    return out;
}

Result<DateTime> ParseStoredTime(std::string_view text) { return DateTime::Parse(text); }

DateTime FromMillis(std::int64_t ms) {
    DateTime t;
    t.unix_seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    t.nanos = static_cast<std::int32_t>((ms - t.unix_seconds * 1000) * 1'000'000);
    t.has_z = true;
    t.fraction_digits = 3;
    return t;
}

// A canonical text with its hash, computed on the capturing thread so that the writer's term
// cache costs the writer no hashing.
struct HashedText {
    std::string text;
    std::uint64_t hash = 0;
};

HashedText Hashed(std::string text) {
    const std::uint64_t hash = std::hash<std::string_view>{}(text);
    return HashedText{std::move(text), hash};
}

// An event made ready for the writer on the capturing thread: hash, identifiers in canonical
// form and the stored document are computed there, so the single writer only runs SQL.
struct PreparedEvent {
    std::string event_id;
    std::int64_t key = 0;
    std::string content;  // ContentHash of the event hash
    HashedText type;
    std::optional<HashedText> biz_step, disposition, read_point, biz_location;
    std::int64_t event_time_ms = 0;
    std::optional<std::int64_t> action;
    bool has_error = false;
    struct Id {
        HashedText canonical;
        std::uint16_t roles = 0;
    };
    std::vector<Id> ids;  // distinct canonical ids with their roles
    std::string doc;
};

PreparedEvent PrepareEvent(epcis::Event&& e) {
    PreparedEvent p;
    const auto ns = NamespaceMap(e);
    const std::string hash_id = epcis::EventHashId(e, ns);
    p.content = ContentHash(hash_id);
    p.event_id = e.event_id.value_or(hash_id);
    p.key = EventKey(p.event_id);
    e.event_id = p.event_id;
    e.record_time.reset();
    // Extension event types are indexed as full IRIs, the form queries compare.
    p.type = Hashed(e.type == epcis::EventType::kExtensionEvent ? epcis::cbv::ExpandCurie(e.extension_type, ns)
                                                                : TypeTerm(e));
    if (e.biz_step) p.biz_step = Hashed(epcis::CanonicalVocabulary(epcis::cbv::Vocab::kBizStep, *e.biz_step, ns));
    if (e.disposition) {
        p.disposition = Hashed(epcis::CanonicalVocabulary(epcis::cbv::Vocab::kDisposition, *e.disposition, ns));
    }
    if (e.read_point) p.read_point = Hashed(epcis::CanonicalIdentifier(e.read_point->id));
    if (e.biz_location) p.biz_location = Hashed(epcis::CanonicalIdentifier(e.biz_location->id));
    p.event_time_ms = e.event_time.UnixMillis();
    if (e.action) p.action = ActionCode(e.action);
    p.has_error = e.error_declaration.has_value();
    auto ids = epcis::EventIdentifiers(e);
    // Distinct ids by text; a map only for events with many (a packing event lists hundreds).
    std::unordered_map<std::string_view, std::size_t> index;
    const bool many = ids.size() > 16;
    p.ids.reserve(ids.size());  // never reallocated: `index` views the texts
    for (auto& id : ids) {
        std::size_t at = p.ids.size();
        if (many) {
            if (auto it = index.find(id.canonical); it != index.end()) at = it->second;
        } else {
            at =
                static_cast<std::size_t>(std::find_if(p.ids.begin(), p.ids.end(),
                                                      [&](const auto& x) { return x.canonical.text == id.canonical; }) -
                                         p.ids.begin());
        }
        if (at == p.ids.size()) {
            p.ids.push_back(PreparedEvent::Id{Hashed(std::move(id.canonical)), static_cast<std::uint16_t>(id.role)});
            if (many) index.emplace(p.ids.back().canonical.text, at);
        } else {
            p.ids[at].roles |= static_cast<std::uint16_t>(id.role);
        }
    }
    p.doc = EncodeStored(std::move(e));
    return p;
}

// The writer's cache of interned texts: open addressing over the hashes of HashedText, the texts
// in one arena for the equality check. Smaller than a node-based map of strings, and the writer
// never hashes a text.
class TermCache {
  public:
    // The id of `t`, or 0 when not cached (term ids start at 1).
    std::int64_t Find(const HashedText& t) const {
        if (slots_.empty()) return 0;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = t.hash & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.id == 0) return 0;
            if (slot.hash == t.hash && slot.length == t.text.size() &&
                std::string_view(arena_.data() + slot.offset, slot.length) == t.text) {
                return slot.id;
            }
        }
    }
    // Caches `t` under `id` (not already cached). Starts over when the cache holds `kMaxTerms`
    // texts or its arena would pass 4 GiB.
    void Insert(const HashedText& t, std::int64_t id) {
        if (size_ >= kMaxTerms || arena_.size() + t.text.size() > 0xffffffffu) Clear();
        if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = t.hash & mask;
        while (slots_[i].id != 0) i = (i + 1) & mask;
        slots_[i] =
            Slot{t.hash, id, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(t.text.size())};
        arena_.append(t.text);
        ++size_;
    }
    void Clear() {
        std::vector<Slot>().swap(slots_);
        std::string().swap(arena_);
        size_ = 0;
    }

  private:
    static constexpr std::size_t kMaxTerms = 2'000'000;
    struct Slot {
        std::uint64_t hash = 0;
        std::int64_t id = 0;  // 0: empty
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
    };
    void Grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.id == 0) continue;
            std::size_t i = slot.hash & mask;
            while (slots_[i].id != 0) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }
    std::vector<Slot> slots_;
    std::string arena_;
    std::size_t size_ = 0;
};

// A Bloom filter of the keys (EventKey) of stored events, so that the writer looks up only the
// eventIDs that may be stored already: "surely absent" for nearly every new event. Keys are
// added as events are written; keys of a rolled-back transaction stay (a false positive costs one
// lookup, never a wrong answer).
class KeyFilter {
  public:
    // Sized for `capacity` keys at about 0.5 % false positives; empty.
    void Reset(std::size_t capacity) {
        capacity_ = std::max<std::size_t>(capacity, kMinCapacity);
        std::size_t bits = 64;
        while (bits < capacity_ * 12) bits *= 2;
        words_.assign(bits / 64, 0);
        count_ = 0;
    }
    void Add(std::uint64_t key) {
        const auto [h1, h2] = Split(key);
        const std::size_t mask = words_.size() * 64 - 1;
        for (std::uint64_t i = 0; i < kProbes; ++i) {
            const std::size_t bit = (h1 + i * h2) & mask;
            words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
        }
        ++count_;
    }
    bool MayContain(std::uint64_t key) const {
        const auto [h1, h2] = Split(key);
        const std::size_t mask = words_.size() * 64 - 1;
        for (std::uint64_t i = 0; i < kProbes; ++i) {
            const std::size_t bit = (h1 + i * h2) & mask;
            if ((words_[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) return false;
        }
        return true;
    }
    bool Loaded() const { return !words_.empty(); }
    // More keys than it was sized for: rebuild it larger.
    bool Full() const { return count_ > capacity_; }
    std::size_t capacity() const { return capacity_; }

  private:
    static constexpr std::uint64_t kProbes = 6;
    // Small, so that a new store starts small; it doubles (rebuilt from the index) as it fills.
    static constexpr std::size_t kMinCapacity = 1u << 13;
    static std::pair<std::uint64_t, std::uint64_t> Split(std::uint64_t key) {
        // splitmix64's finaliser: EventKey is FNV-1a, whose low bits mix poorly.
        key += 0x9e3779b97f4a7c15ull;
        key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ull;
        key = (key ^ (key >> 27)) * 0x94d049bb133111ebull;
        key ^= key >> 31;
        return {key & 0xffffffffu, (key >> 32) | 1};
    }
    std::vector<std::uint64_t> words_;
    std::size_t capacity_ = 0;
    std::size_t count_ = 0;
};

// Steps `stmt` to the end, collecting its first column as text.
Result<std::vector<std::string>> FirstColumnTexts(Stmt& stmt) {
    std::vector<std::string> out;
    for (;;) {
        auto row = stmt.Step();
        if (!row) return row.error();
        if (!*row) break;
        out.emplace_back(stmt.Text(0));
    }
    return out;
}

// A value bound into dynamic SQL.
using BindValue = std::variant<std::int64_t, std::string>;

void BindAll(Stmt& stmt, const std::vector<BindValue>& binds) {
    int i = 1;
    for (const auto& b : binds) {
        if (std::holds_alternative<std::int64_t>(b)) {
            stmt.Bind(i, std::get<std::int64_t>(b));
        } else {
            stmt.Bind(i, std::string_view(std::get<std::string>(b)));
        }
        ++i;
    }
}

std::string Placeholders(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ",?";
    return s;
}

// The smallest string greater than every string starting with `prefix` (byte order), or empty
// when there is none.
std::string PrefixUpperBound(std::string prefix) {
    while (!prefix.empty()) {
        auto& last = reinterpret_cast<unsigned char&>(prefix.back());
        if (last < 0xff) {
            ++last;
            return prefix;
        }
        prefix.pop_back();
    }
    return {};
}

// Cursor of an event listing: "<mode>:<key>:<seq>:<returned>" (mode s = insertion order,
// t = eventTime, r = recordTime, x = in-memory order with <key> the offset).
struct Cursor {
    char mode = 's';
    std::int64_t key = 0;
    std::int64_t seq = 0;
    std::uint64_t returned = 0;
};

std::string FormatCursor(const Cursor& c) { return fmt::format("{}:{}:{}:{}", c.mode, c.key, c.seq, c.returned); }

Result<Cursor> ParseCursor(std::string_view text, char expected_mode) {
    Cursor c;
    auto bad = [&] {
        return InvalidArgument("nextPageToken", "query.cursor", "The page token belongs to another query.", text);
    };
    if (text.size() < 2 || text[0] != expected_mode || text[1] != ':') return bad();
    c.mode = text[0];
    std::string_view rest = text.substr(2);
    std::int64_t parts[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        const auto colon = rest.find(':');
        std::string_view part = rest.substr(0, colon);
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), parts[i]);
        if (ec != std::errc() || p != part.data() + part.size()) return bad();
        if (i < 2 && colon == std::string_view::npos) return bad();
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
    c.key = parts[0];
    c.seq = parts[1];
    c.returned = static_cast<std::uint64_t>(parts[2]);
    return c;
}

int CompareQueryValues(const epcis::QueryValue& a, const epcis::QueryValue& b) {
    if (a.number && b.number) return *a.number < *b.number ? -1 : (*a.number > *b.number ? 1 : 0);
    if (a.time && b.time) return *a.time < *b.time ? -1 : (*a.time > *b.time ? 1 : 0);
    return a.text.compare(b.text) < 0 ? -1 : (a.text == b.text ? 0 : 1);
}

class SqliteStore final : public EventStore {
  public:
    SqliteStore(std::string path, OpenOptions options, std::unique_ptr<Db> writer,
                std::unique_ptr<IntakeJournal> journal)
        : path_(std::move(path)),
          options_(std::move(options)),
          writer_db_(std::move(writer)),
          journal_(std::move(journal)) {
        writer_thread_ = std::thread([this] { WriterLoop(); });
    }
    ~SqliteStore() override { Close(); }

    void Submit(CaptureRequest request, CaptureCallbacks callbacks) override {
        Pending p;
        p.prepared.reserve(request.events.size());
        for (auto& e : request.events) p.prepared.push_back(PrepareEvent(std::move(e)));
        request.events.clear();
        p.request = std::move(request);
        p.callbacks = std::move(callbacks);
        p.created_at = Now();
        p.capture_id = RandomCaptureId();
        p.journal_record = JournalRecord(p);
        std::function<void()> notify;
        {
            std::lock_guard lock(mu_);
            const bool full = !waiting_.empty() ||
                              (queued_events_ > 0 && queued_events_ + p.prepared.size() > options_.max_queued_events);
            if (closing_) {
                notify = [cb = std::move(p.callbacks)] { Fail(cb, StoreClosed()); };
            } else if (full && waiting_events_ > 0 &&
                       waiting_events_ + p.prepared.size() > options_.max_queued_events) {
                // As many events already wait for room as the queue holds: refuse rather than
                // hold ever more requests in memory.
                notify = [cb = std::move(p.callbacks)] { Fail(cb, QueueFull()); };
            } else if (full) {
                waiting_events_ += p.prepared.size();
                waiting_.push_back(std::move(p));
                return;
            } else {
                notify = AdmitLocked(std::move(p));
            }
        }
        notify();
    }
    Result<StoredEvent> GetEvent(std::string_view event_id) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        auto stmt = (*reader)->Cached("SELECT seq, record_time, doc FROM events WHERE event_key=? AND event_id=?");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, EventKey(event_id)).Bind(2, event_id);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            return MakeError(ErrorCode::kNotFound, "eventID", "event.not_found",
                             "No event is stored under this eventID.", event_id);
        }
        return ReadStoredRow(**stmt);
    }

    Result<EventPage> QueryEvents(const epcis::EventQuery& query, const PageRequest& page) override;

    Result<std::vector<StoredEvent>> EventsAfter(std::int64_t after_seq, std::size_t limit) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        auto stmt = (*reader)->Cached("SELECT seq, record_time, doc FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, after_seq).Bind(2, static_cast<std::int64_t>(limit));
        std::vector<StoredEvent> out;
        out.reserve(std::min<std::size_t>(limit, 100'000));  // events are large: move each once
        for (;;) {
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (!*row) break;
            auto e = ReadStoredRow(**stmt);
            if (!e) return e.error();
            out.push_back(std::move(*e));
        }
        return out;
    }

    Result<std::vector<std::string>> EventIdsOf(const std::vector<std::int64_t>& seqs) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        auto stmt = (*reader)->Cached("SELECT event_id FROM events WHERE seq = ?");
        if (!stmt) return stmt.error();
        std::vector<std::string> out;
        out.reserve(seqs.size());
        for (const auto seq : seqs) {
            (*stmt)->Reset();
            (*stmt)->Bind(1, seq);
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            out.emplace_back(*row ? (*stmt)->Text(0) : std::string_view());
        }
        (*stmt)->Reset();
        return out;
    }

    Result<CaptureJob> GetCaptureJob(std::string_view capture_id) override {
        // The in-memory jobs first: a job leaves that map only after its commit, so a job missing
        // from it is in the database.
        {
            std::lock_guard lock(mu_);
            if (auto it = jobs_.find(std::string(capture_id)); it != jobs_.end()) return it->second;
        }
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        auto stmt = (*reader)->Cached(std::string(kJobSelect) + " WHERE capture_id=?");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, capture_id);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) {
            return MakeError(ErrorCode::kNotFound, "captureID", "capture.not_found", "No capture job has this id.",
                             capture_id);
        }
        return ReadJob(**stmt);
    }

    Result<CaptureJobPage> ListCaptureJobs(const PageRequest& page) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        std::int64_t before = std::numeric_limits<std::int64_t>::max();
        if (!page.cursor.empty()) {
            auto c = ParseCursor(page.cursor, 'j');
            if (!c) return c.error();
            before = c->seq;
        }
        CaptureJobPage out;
        if (page.cursor.empty()) {
            // Jobs not yet committed are the newest; they lead the first page.
            std::lock_guard lock(mu_);
            for (auto it = job_order_.rbegin(); it != job_order_.rend() && out.jobs.size() < page.limit; ++it) {
                if (auto j = jobs_.find(*it); j != jobs_.end()) out.jobs.push_back(j->second);
            }
        }
        if (out.jobs.size() == page.limit && page.limit > 0) {
            out.next_cursor = FormatCursor(Cursor{'j', 0, std::numeric_limits<std::int64_t>::max(), 0});
            return out;
        }
        auto stmt = (*reader)->Cached(std::string(kJobSelect) + " WHERE id < ? ORDER BY id DESC LIMIT ?");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, before).Bind(2, static_cast<std::int64_t>(page.limit - out.jobs.size() + 1));
        std::int64_t last_id = 0;
        for (;;) {
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (!*row) break;
            if (out.jobs.size() == page.limit) {
                out.next_cursor = FormatCursor(Cursor{'j', 0, last_id == 0 ? before : last_id, 0});
                break;
            }
            last_id = (*stmt)->Int(11);
            auto job = ReadJob(**stmt);
            if (!job) return job.error();
            out.jobs.push_back(std::move(*job));
        }
        return out;
    }

    Result<std::vector<std::string>> ListVocabulary(VocabularyKind kind, std::size_t limit,
                                                    std::string_view after) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        // Identifiers are flagged in `terms` itself (one row fewer per new identifier at capture).
        auto stmt = kind == VocabularyKind::kEpc
                        ? (*reader)->Cached("SELECT text FROM terms WHERE epc = 1 AND text > ? ORDER BY text LIMIT ?")
                        : (*reader)->Cached("SELECT text FROM vocab WHERE kind = ? AND text > ? ORDER BY text LIMIT ?");
        if (!stmt) return stmt.error();
        if (kind == VocabularyKind::kEpc) {
            (*stmt)->Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
        } else {
            (*stmt)->Bind(1, static_cast<std::int64_t>(kind)).Bind(2, after).Bind(3, static_cast<std::int64_t>(limit));
        }
        return FirstColumnTexts(**stmt);
    }

    Result<void> CreateNamedQuery(const NamedQuery& query) override {
        return WithWriteLock([&](Db& db) -> Result<void> {
            auto stmt = db.Cached("INSERT INTO named_queries(name, query, created_at, owner) VALUES(?, ?, ?, ?)");
            if (!stmt) return stmt.error();
            (*stmt)
                ->Bind(1, query.name)
                .Bind(2, query.query_json)
                .Bind(3, query.created_at.ToString())
                .Bind(4, query.owner);
            auto r = (*stmt)->Run();
            if (!r && r.error().code == ErrorCode::kConflict) {
                return MakeError(ErrorCode::kConflict, "name", "query.name_exists",
                                 "A named query with this name exists already.", query.name);
            }
            return r;
        });
    }

    Result<NamedQuery> GetNamedQuery(std::string_view name) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        auto stmt = (*reader)->Cached("SELECT name, query, created_at, owner FROM named_queries WHERE name=?");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, name);
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        if (!*row) return NamedQueryNotFound(name);
        return ReadNamedQuery(**stmt);
    }

    Result<std::vector<NamedQuery>> ListNamedQueries() override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        auto stmt = (*reader)->Cached("SELECT name, query, created_at, owner FROM named_queries ORDER BY name");
        if (!stmt) return stmt.error();
        std::vector<NamedQuery> out;
        for (;;) {
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (!*row) break;
            auto q = ReadNamedQuery(**stmt);
            if (!q) return q.error();
            out.push_back(std::move(*q));
        }
        return out;
    }

    Result<NamedQuery> DeleteNamedQuery(std::string_view name, std::optional<std::string_view> owner) override {
        std::optional<NamedQuery> deleted;
        auto done = WithWriteLock([&](Db& db) -> Result<void> {
            // The owner is checked by the statement that deletes: no other owner's query of the
            // same name can take its place in between.
            auto stmt = db.Cached(
                "DELETE FROM named_queries WHERE name=?1 AND (?2 IS NULL OR owner=?2) "
                "RETURNING name, query, created_at, owner");
            if (!stmt) return stmt.error();
            (*stmt)->Bind(1, name);
            if (owner) {
                (*stmt)->Bind(2, *owner);
            } else {
                (*stmt)->BindNull(2);
            }
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (!*row) return {};
            auto q = ReadNamedQuery(**stmt);
            if (!q) return q.error();
            deleted = std::move(*q);
            return (*stmt)->Run();  // steps past the returned row, to the statement's end
        });
        if (!done) return done.error();
        if (!deleted) return NamedQueryNotFound(name);
        return std::move(*deleted);
    }

    Result<std::vector<MasterDataElement>> GetMasterData(std::string_view type,
                                                         const std::vector<std::string>& ids) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        Db& db = **reader;
        std::vector<MasterDataElement> out;
        for (const auto& id : ids) {
            auto stmt = db.Cached("SELECT attributes FROM master_data WHERE type=? AND id=?");
            if (!stmt) return stmt.error();
            (*stmt)->Bind(1, type).Bind(2, id);
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (!*row) continue;
            MasterDataElement element{std::string(type), id, {}};
            boost::system::error_code ec;
            const json::value attributes = json::parse((*stmt)->Text(0), ec);
            if (!ec && attributes.is_object()) {
                for (const auto& [key, value] : attributes.as_object()) {
                    if (value.is_string()) element.attributes.emplace_back(key, std::string(value.as_string()));
                }
            }
            out.push_back(std::move(element));
        }
        return out;
    }

    Result<std::vector<std::string>> LocationClosure(std::string_view location) override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        return Closure(**reader, location);
    }

    Result<StoreStats> Stats() override {
        auto reader = AcquireReader();
        if (!reader) return reader.error();
        StoreStats s;
        auto stmt = (*reader)->Cached(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events), (SELECT COALESCE(MAX(id), 0) FROM capture_jobs)");
        if (!stmt) return stmt.error();
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        s.events = static_cast<std::uint64_t>((*stmt)->Int(0));
        s.capture_jobs = static_cast<std::uint64_t>((*stmt)->Int(1));
        std::error_code ec;
        for (const char* suffix : {"", "-wal"}) {
            const auto size = std::filesystem::file_size(path_ + suffix, ec);
            if (!ec) s.bytes += size;
        }
        std::lock_guard lock(mu_);
        s.bytes += journal_->Bytes();
        s.queued_events = queued_events_ + waiting_events_;
        return s;
    }

    bool Ready() override {
        {
            std::lock_guard lock(mu_);
            if (closing_) return false;
        }
        auto reader = AcquireReader();
        if (!reader) return false;
        return (*reader)->Exec("SELECT 1").has_value();
    }

    void Close() override {
        {
            std::lock_guard lock(mu_);
            if (closing_) return;
            closing_ = true;
            cv_.notify_all();
        }
        if (writer_thread_.joinable()) writer_thread_.join();
        std::lock_guard lock(write_mu_);
        if (writer_db_) {
            (void)writer_db_->Exec("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    // Applies the journaled jobs that are not in the database (a crash came between their
    // acceptance and their commit), before the store serves anyone.
    Result<void> Recover() {
        auto entries = journal_->ReadAll();
        if (!entries) return entries.error();
        std::vector<std::future<Result<CaptureJob>>> jobs;
        for (auto& entry : *entries) {
            auto record = DecodeIntakeRecord(entry.payload);
            if (!record) return record.error();
            auto known = GetCaptureJob(record->capture_id);
            if (known) continue;
            if (known.error().code != ErrorCode::kNotFound) return known.error();
            auto pending = FromJournal(std::move(*record));
            if (!pending) return pending.error();
            pending->journal_segment = entry.segment;
            pending->journaled = true;
            auto done = std::make_shared<std::promise<Result<CaptureJob>>>();
            jobs.push_back(done->get_future());
            pending->callbacks.finished = [done](Result<CaptureJob> r) { done->set_value(std::move(r)); };
            std::lock_guard lock(mu_);
            (void)AdmitLocked(std::move(*pending));
        }
        for (auto& job : jobs) {
            auto r = job.get();
            if (!r) return r.error();
        }
        if (!jobs.empty()) {
            log::Info("capture jobs applied from the intake journal", {{"jobs", jobs.size()}, {"store", path_}});
        }
        std::lock_guard lock(mu_);
        if (queue_.empty()) journal_->ReleaseAll();
        return {};
    }

  private:
    static constexpr std::string_view kJobSelect =
        "SELECT capture_id, created_at, finished_at, success, behaviour, event_count, stored, duplicates, errors, "
        "captured_by, 0, id FROM capture_jobs";

    struct Pending {
        CaptureRequest request;
        std::vector<PreparedEvent> prepared;
        CaptureCallbacks callbacks;
        DateTime created_at;
        std::string capture_id;
        std::string journal_record;  // the framed IntakeRecord until it is appended
        bool journaled = false;
        std::uint64_t journal_segment = 0;
    };

    static Error StoreClosed() {
        return MakeError(ErrorCode::kUnavailable, "store", "store.closed", "The store is shutting down.");
    }

    static Error QueueFull() {
        return MakeError(ErrorCode::kUnavailable, "store", "store.queue_full",
                         "The capture queue is full; retry this capture shortly.");
    }

    static void Fail(const CaptureCallbacks& cb, const Error& e) {
        if (cb.accepted) cb.accepted(e);
        if (cb.finished) cb.finished(e);
    }

    static CaptureJob RunningJob(const Pending& p) {
        CaptureJob job;
        job.capture_id = p.capture_id;
        job.created_at = p.created_at;
        job.running = true;
        job.success = true;  // "no errors so far" (the REST binding's table of job states)
        job.behaviour = p.request.behaviour;
        job.event_count = p.prepared.size();
        job.captured_by = p.request.captured_by;
        return job;
    }

    std::string JournalRecord(const Pending& p) const {
        IntakeRecord r;
        r.capture_id = p.capture_id;
        r.created_at = p.created_at.ToString();
        r.behaviour = std::string(CaptureErrorBehaviourName(p.request.behaviour));
        r.captured_by = p.request.captured_by;
        if (!p.request.master_data.empty()) {
            epcis::Document md;
            md.schema_version = "2.0";
            md.creation_date = p.created_at;
            md.has_header = true;
            md.master_data = p.request.master_data;
            r.master_data = epcis::EncodeJsonDocument(md);
        }
        r.events.reserve(p.prepared.size());
        for (const auto& e : p.prepared) r.events.push_back(e.doc);
        return FrameIntakeRecord(r);
    }

    Result<Pending> FromJournal(IntakeRecord&& r) {
        Pending p;
        p.capture_id = std::move(r.capture_id);
        auto created = ParseStoredTime(r.created_at);
        if (!created) return created.error();
        p.created_at = *created;
        p.request.behaviour =
            r.behaviour == "proceed" ? CaptureErrorBehaviour::kProceed : CaptureErrorBehaviour::kRollback;
        p.request.captured_by = std::move(r.captured_by);
        if (!r.master_data.empty()) {
            auto md = epcis::DecodeJsonDocument(r.master_data);
            if (!md) return md.error();
            p.request.master_data = std::move(md->master_data);
        }
        p.prepared.reserve(r.events.size());
        for (const auto& text : r.events) {
            auto e = DecodeStored(text);
            if (!e) return e.error();
            p.prepared.push_back(PrepareEvent(std::move(*e)));
        }
        return p;
    }

    // Journals `p` (unless it came from the journal), makes its job visible as running, tells the
    // submitter (its `accepted` runs here, under mu_, so that it always runs before `finished`)
    // and queues the job for the writer. On failure returns what to call, outside the lock, to
    // tell the submitter; otherwise a no-op. Under mu_.
    std::function<void()> AdmitLocked(Pending&& p) {
        if (!p.journaled) {
            auto segment = journal_->Append(p.journal_record);
            if (!segment) return [cb = std::move(p.callbacks), e = segment.error()] { Fail(cb, e); };
            p.journaled = true;
            p.journal_segment = *segment;
        }
        std::string().swap(p.journal_record);
        CaptureJob job = RunningJob(p);
        jobs_[p.capture_id] = job;
        job_order_.push_back(p.capture_id);
        queued_events_ += p.prepared.size();
        if (p.callbacks.accepted) {
            p.callbacks.accepted(std::move(job));
            p.callbacks.accepted = nullptr;
        }
        queue_.push_back(std::move(p));
        cv_.notify_one();
        return [] {};
    }

    // A read connection borrowed from the pool; returned on destruction.
    class Reader {
      public:
        Reader(SqliteStore* store, std::unique_ptr<Db> db) : store_(store), db_(std::move(db)) {}
        Reader(Reader&&) = default;
        Reader& operator=(Reader&&) = default;
        ~Reader() {
            if (db_) store_->ReleaseReader(std::move(db_));
        }
        Db* operator->() const { return db_.get(); }
        Db& operator*() const { return *db_; }

      private:
        SqliteStore* store_;
        std::unique_ptr<Db> db_;
    };

    DateTime Now() const { return options_.clock ? options_.clock() : NowUtc(); }

    Result<Reader> AcquireReader() {
        {
            std::lock_guard lock(pool_mu_);
            if (!pool_.empty()) {
                auto db = std::move(pool_.back());
                pool_.pop_back();
                return Reader(this, std::move(db));
            }
        }
        auto db = Db::Open(path_, /*read_only=*/true, options_.synchronous_full);
        if (!db) return db.error();
        return Reader(this, std::move(*db));
    }

    void ReleaseReader(std::unique_ptr<Db> db) {
        db->ResetAll();
        std::lock_guard lock(pool_mu_);
        if (pool_.size() < 16) pool_.push_back(std::move(db));
    }

    // Small writes outside captures (named queries) run on the writer connection under its lock.
    template <typename Fn>
    Result<void> WithWriteLock(Fn&& fn) {
        std::lock_guard lock(write_mu_);
        if (!writer_db_) return MakeError(ErrorCode::kUnavailable, "store", "store.closed", "The store is closed.");
        Result<void> r = fn(*writer_db_);
        writer_db_->ResetAll();
        return r;
    }

    static Result<NamedQuery> ReadNamedQuery(Stmt& stmt) {
        NamedQuery q;
        q.name = std::string(stmt.Text(0));
        q.query_json = std::string(stmt.Text(1));
        auto t = ParseStoredTime(stmt.Text(2));
        if (!t) return t.error();
        q.created_at = *t;
        q.owner = std::string(stmt.Text(3));
        return q;
    }

    static Result<CaptureJob> ReadJob(Stmt& stmt) {
        CaptureJob job;
        job.capture_id = std::string(stmt.Text(0));
        auto created = ParseStoredTime(stmt.Text(1));
        if (!created) return created.error();
        job.created_at = *created;
        if (!stmt.IsNull(2)) {
            auto finished = ParseStoredTime(stmt.Text(2));
            if (!finished) return finished.error();
            job.finished_at = *finished;
        }
        job.success = stmt.Int(3) != 0;
        job.behaviour = stmt.Text(4) == "proceed" ? CaptureErrorBehaviour::kProceed : CaptureErrorBehaviour::kRollback;
        job.event_count = static_cast<std::size_t>(stmt.Int(5));
        job.stored = static_cast<std::size_t>(stmt.Int(6));
        job.duplicates = static_cast<std::size_t>(stmt.Int(7));
        job.errors = ErrorsFromJson(stmt.Text(8));
        job.captured_by = std::string(stmt.Text(9));
        job.running = stmt.Int(10) != 0;
        return job;
    }

    // Columns: seq, record_time (ms), doc. The stored document has no recordTime: it is the
    // column, so that documents can be encoded before the commit that gives them their time.
    static Result<StoredEvent> ReadStoredRow(Stmt& stmt) {
        StoredEvent out;
        out.seq = stmt.Int(0);
        auto event = DecodeStored(stmt.Text(2));
        if (!event) return event.error();
        out.event = std::move(*event);
        out.event_id = out.event.event_id.value_or("");
        out.record_time = FromMillis(stmt.Int(1));
        out.event.record_time = out.record_time;
        return out;
    }

    Result<std::vector<std::string>> Closure(Db& db, std::string_view location) {
        auto stmt = db.Cached(
            "WITH RECURSIVE c(id) AS (SELECT ? UNION SELECT lc.child FROM location_children lc JOIN c ON lc.parent = "
            "c.id) SELECT id FROM c LIMIT 100000");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, location);
        return FirstColumnTexts(**stmt);
    }

    // ----------------------------------------------------------------------------------------
    // Writer

    void WriterLoop() {
        for (;;) {
            std::vector<Pending> batch;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
                if (queue_.empty() && waiting_.empty()) return;  // closing with nothing left
                std::size_t events = 0;
                while (!queue_.empty() && (batch.empty() || events + queue_.front().prepared.size() <= kBatchEvents)) {
                    events += queue_.front().prepared.size();
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            }
            ProcessBatch(batch);
        }
    }

    // Events per transaction at most: a large transaction writes each page of a randomly-keyed
    // index once for many inserts.
    static constexpr std::size_t kBatchEvents = 50'000;

    void ProcessBatch(std::vector<Pending>& batch) {
        std::vector<Result<CaptureJob>> results;
        if (!batch.empty()) {
            std::lock_guard lock(write_mu_);
            results = ApplyBatch(*writer_db_, batch);
        }
        std::vector<std::function<void()>> notify;
        {
            std::lock_guard lock(mu_);
            bool failed = false;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                queued_events_ -= batch[i].prepared.size();
                if (results[i]) {
                    jobs_.erase(batch[i].capture_id);
                } else {
                    // Not stored: the job stays visible as failed, and its journal record stays
                    // to be applied again at the next start.
                    failed = true;
                    CaptureJob& job = jobs_[batch[i].capture_id];
                    job.running = false;
                    job.success = false;
                    job.finished_at = Now();
                    job.errors = {CaptureError{0, results[i].error()}};
                }
            }
            journal_hold_ = journal_hold_ || failed;
            while (!job_order_.empty() && jobs_.find(job_order_.front()) == jobs_.end()) job_order_.pop_front();
            if (!journal_hold_) {
                if (queue_.empty() && waiting_.empty()) {
                    journal_->ReleaseAll();
                } else if (!queue_.empty()) {
                    journal_->ReleaseBefore(queue_.front().journal_segment);
                }
            }
            // Admit waiting jobs while there is room (always at least one, so that none starves).
            while (!waiting_.empty() && (queued_events_ == 0 || queued_events_ + waiting_.front().prepared.size() <=
                                                                    options_.max_queued_events)) {
                Pending p = std::move(waiting_.front());
                waiting_.pop_front();
                waiting_events_ -= p.prepared.size();
                notify.push_back(AdmitLocked(std::move(p)));
            }
        }
        // Only now the submitters hear: by then the store shows each job finished.
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].callbacks.finished) batch[i].callbacks.finished(std::move(results[i]));
        }
        for (auto& n : notify) n();
    }

    std::vector<Result<CaptureJob>> ApplyBatch(Db& db, std::vector<Pending>& batch) {
        auto fail_all = [&](const Error& e) {
            db.ResetAll();
            (void)db.Exec("ROLLBACK");
            term_cache_.Clear();
            vocab_seen_.clear();
            stored_next_term_ = -1;  // unknown: save it with the next commit
            return std::vector<Result<CaptureJob>>(batch.size(), e);
        };
        const DateTime now = Now();
        if (!key_filter_.Loaded() || key_filter_.Full()) {
            if (auto r = LoadKeyFilter(db); !r) return std::vector<Result<CaptureJob>>(batch.size(), r.error());
        }
        if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return std::vector<Result<CaptureJob>>(batch.size(), r.error());
        std::vector<Result<CaptureJob>> results;
        results.reserve(batch.size());
        for (auto& p : batch) {
            CaptureJob job;
            job.capture_id = p.capture_id;
            job.created_at = p.created_at;
            job.finished_at = now;
            job.behaviour = p.request.behaviour;
            job.event_count = p.prepared.size();
            auto applied = ApplyCapture(db, p, now, job);
            if (!applied) return fail_all(applied.error());
            job.success = job.errors.empty();
            auto stmt = db.Cached(
                "INSERT INTO capture_jobs(capture_id, created_at, finished_at, success, behaviour, event_count, "
                "stored, "
                "duplicates, errors, captured_by) VALUES(?,?,?,?,?,?,?,?,?,?)");
            if (!stmt) return fail_all(stmt.error());
            (*stmt)
                ->Bind(1, job.capture_id)
                .Bind(2, job.created_at.ToString())
                .Bind(3, now.ToString())
                .Bind(4, static_cast<std::int64_t>(job.success))
                .Bind(5, CaptureErrorBehaviourName(job.behaviour))
                .Bind(6, static_cast<std::int64_t>(job.event_count))
                .Bind(7, static_cast<std::int64_t>(job.stored))
                .Bind(8, static_cast<std::int64_t>(job.duplicates))
                .Bind(9, std::string_view(json::serialize(ErrorsToJson(job.errors))))
                .Bind(10, p.request.captured_by);
            if (auto r = (*stmt)->Run(); !r) return fail_all(r.error());
            results.emplace_back(std::move(job));
        }
        if (auto r = SaveNextTerm(); !r) return fail_all(r.error());
        db.ResetAll();
        if (auto r = db.Exec("COMMIT"); !r) return fail_all(r.error());
        return results;
    }

    // The writer's statements, prepared once (looking them up by SQL text per row costs more than
    // the inserts themselves).
    struct WriterStatements {
        Stmt find_event, insert_event, insert_id, find_term, insert_term, insert_vocab, read_next_term, write_next_term;
    };

    Result<WriterStatements*> Statements(Db& db) {
        if (writer_statements_) return writer_statements_.get();
        auto w = std::make_unique<WriterStatements>();
        struct {
            Stmt* stmt;
            const char* sql;
        } all[] = {
            {&w->find_event, "SELECT content_hash FROM events WHERE event_key=? AND event_id=?"},
            {&w->insert_event,
             "INSERT INTO events(event_key, event_id, content_hash, type, event_time, record_time, action, biz_step, "
             "disposition, read_point, biz_location, has_error, capture, doc) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
            {&w->insert_id, "INSERT INTO event_ids(term, event, roles) VALUES(?,?,?)"},
            {&w->find_term, "SELECT id FROM terms WHERE text=?"},
            {&w->insert_term, "INSERT OR IGNORE INTO terms(text, id, epc) VALUES(?, ?, ?)"},
            {&w->insert_vocab, "INSERT OR IGNORE INTO vocab(kind, text) VALUES(?, ?)"},
            {&w->read_next_term, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'next_term'"},
            {&w->write_next_term, "INSERT OR REPLACE INTO meta(key, value) VALUES('next_term', ?)"},
        };
        for (auto& [stmt, sql] : all) {
            auto prepared = db.Prepare(sql);
            if (!prepared) return prepared.error();
            *stmt = std::move(*prepared);
        }
        auto row = w->read_next_term.Step();
        if (!row) return row.error();
        next_term_ = *row ? w->read_next_term.Int(0) : 1;
        stored_next_term_ = next_term_;
        w->read_next_term.Reset();
        writer_statements_ = std::move(w);
        return writer_statements_.get();
    }

    // Fills the key filter with every stored event's key, sized for twice as many (at least twice
    // what it held before, when it is full). Reads the events_key index only.
    Result<void> LoadKeyFilter(Db& db) {
        auto count = db.Prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
        if (!count) return count.error();
        auto row = count->Step();
        if (!row) return row.error();
        const auto stored = static_cast<std::size_t>(count->Int(0));
        key_filter_.Reset(std::max(stored * 2, key_filter_.capacity() * 2));
        auto keys = db.Prepare("SELECT event_key FROM events INDEXED BY events_key");
        if (!keys) return keys.error();
        for (;;) {
            auto next = keys->Step();
            if (!next) {
                key_filter_ = KeyFilter();
                return next.error();
            }
            if (!*next) break;
            key_filter_.Add(static_cast<std::uint64_t>(keys->Int(0)));
        }
        return {};
    }

    // Records the next term id in the transaction that used the ids before it. Ids given out in
    // a transaction that was rolled back are simply skipped.
    Result<void> SaveNextTerm() {
        if (!writer_statements_ || next_term_ == stored_next_term_) return {};
        Stmt& s = writer_statements_->write_next_term;
        s.Reset();
        s.Bind(1, std::to_string(next_term_));
        if (auto r = s.Run(); !r) return r;
        stored_next_term_ = next_term_;
        return {};
    }

    // Interns `text` in `terms` (flagged as an identifier when `epc`); the id. Inserting first
    // costs one B-tree search for a new text (the common case for EPCs), two for a known one.
    Result<std::int64_t> Intern(WriterStatements& w, const HashedText& term, bool epc) {
        if (const std::int64_t cached = term_cache_.Find(term); cached != 0) return cached;
        const std::string& text = term.text;
        w.insert_term.Rewind();
        w.insert_term.BindStatic(1, text).Bind(2, next_term_).Bind(3, static_cast<std::int64_t>(epc));
        auto inserted = w.insert_term.Run();
        w.insert_term.Rewind();
        if (!inserted) return inserted.error();
        std::int64_t id = 0;
        if (sqlite3_changes(writer_db_->get()) == 1) {
            id = next_term_++;
        } else {
            w.find_term.Rewind();
            w.find_term.BindStatic(1, text);
            auto row = w.find_term.Step();
            if (!row) return row.error();
            if (!*row)
                return MakeError(ErrorCode::kInternal, "store", "store.term", "An interned term vanished.", text);
            id = w.find_term.Int(0);
            w.find_term.Rewind();
        }
        term_cache_.Insert(term, id);
        return id;
    }

    Result<void> NoteVocab(WriterStatements& w, VocabularyKind kind, std::int64_t term, const std::string& text) {
        const auto key = (static_cast<std::uint64_t>(kind) << 56) ^ static_cast<std::uint64_t>(term);
        if (!vocab_seen_.insert(key).second) return {};
        w.insert_vocab.Reset();
        w.insert_vocab.Bind(1, static_cast<std::int64_t>(kind)).BindStatic(2, text);
        return w.insert_vocab.Run();
    }

    // Interns a column value and notes it in the vocabulary.
    Result<std::int64_t> VocabTerm(WriterStatements& w, const HashedText& canonical, VocabularyKind kind) {
        auto id = Intern(w, canonical, false);
        if (!id) return id.error();
        if (auto r = NoteVocab(w, kind, *id, canonical.text); !r) return r.error();
        return *id;
    }

    // VocabTerm of an optional column value; nullopt when absent.
    Result<std::optional<std::int64_t>> Column(WriterStatements& w, const std::optional<HashedText>& canonical,
                                               VocabularyKind kind) {
        if (!canonical) return std::optional<std::int64_t>();
        auto id = VocabTerm(w, *canonical, kind);
        if (!id) return id.error();
        return std::optional<std::int64_t>(*id);
    }

    // Whether each event of a job is new, a duplicate of a stored one (or of an earlier one in the
    // job), or a conflict; the errors go to `job`. Nothing is written, so a rolled-back job needs
    // no savepoint: it is simply not applied.
    enum class EventFate : std::uint8_t { kNew, kDuplicate, kConflict };

    Result<std::vector<EventFate>> Classify(WriterStatements& w, const Pending& pending, CaptureJob& job) {
        std::vector<EventFate> fates(pending.prepared.size(), EventFate::kNew);
        std::unordered_map<std::string_view, std::size_t> in_job;  // eventID -> first new event
        in_job.reserve(pending.prepared.size());
        for (std::size_t i = 0; i < pending.prepared.size(); ++i) {
            const PreparedEvent& e = pending.prepared[i];
            std::optional<bool> same;  // set when the eventID is already taken
            if (auto it = in_job.find(e.event_id); it != in_job.end()) {
                same = pending.prepared[it->second].content == e.content;
            } else if (key_filter_.MayContain(static_cast<std::uint64_t>(e.key))) {
                w.find_event.Rewind();
                w.find_event.Bind(1, e.key).BindStatic(2, e.event_id);
                auto row = w.find_event.Step();
                if (!row) return row.error();
                if (*row) {
                    const auto* blob = static_cast<const char*>(sqlite3_column_blob(w.find_event.get(), 0));
                    const std::string_view stored(
                        blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(w.find_event.get(), 0)));
                    same = stored == e.content;
                }
                w.find_event.Rewind();
            }
            if (!same) {
                in_job.emplace(e.event_id, i);
            } else if (*same) {
                fates[i] = EventFate::kDuplicate;
                ++job.duplicates;
            } else {
                fates[i] = EventFate::kConflict;
                job.errors.push_back(CaptureError{
                    i, MakeError(ErrorCode::kConflict, fmt::format("eventList[{}].eventID", i),
                                 "capture.event_id_conflict",
                                 "Another event with different content is stored under this eventID.", e.event_id)});
            }
        }
        return fates;
    }

    Result<void> ApplyCapture(Db& db, Pending& pending, const DateTime& now, CaptureJob& job) {
        auto statements = Statements(db);
        if (!statements) return statements.error();
        WriterStatements& w = **statements;
        auto fates = Classify(w, pending, job);
        if (!fates) return fates.error();
        if (pending.request.behaviour == CaptureErrorBehaviour::kRollback && !job.errors.empty()) {
            job.duplicates = 0;  // all or nothing: nothing of this job is stored
            return {};
        }
        const std::int64_t now_ms = now.UnixMillis();
        for (std::size_t i = 0; i < pending.prepared.size(); ++i) {
            if ((*fates)[i] != EventFate::kNew) continue;
            const PreparedEvent& e = pending.prepared[i];
            auto type = VocabTerm(w, e.type, VocabularyKind::kEventType);
            if (!type) return type.error();
            auto biz_step = Column(w, e.biz_step, VocabularyKind::kBizStep);
            if (!biz_step) return biz_step.error();
            auto disposition = Column(w, e.disposition, VocabularyKind::kDisposition);
            if (!disposition) return disposition.error();
            auto read_point = Column(w, e.read_point, VocabularyKind::kReadPoint);
            if (!read_point) return read_point.error();
            auto biz_location = Column(w, e.biz_location, VocabularyKind::kBizLocation);
            if (!biz_location) return biz_location.error();

            Stmt& s = w.insert_event;
            s.Rewind();
            s.Bind(1, e.key).BindStatic(2, e.event_id).BindBlobStatic(3, e.content).Bind(4, *type);
            s.Bind(5, e.event_time_ms).Bind(6, now_ms);
            auto bind_opt = [&](int index, const std::optional<std::int64_t>& v) {
                if (v) {
                    s.Bind(index, *v);
                } else {
                    s.BindNull(index);
                }
            };
            bind_opt(7, e.action);
            bind_opt(8, *biz_step);
            bind_opt(9, *disposition);
            bind_opt(10, *read_point);
            bind_opt(11, *biz_location);
            s.Bind(12, static_cast<std::int64_t>(e.has_error));
            s.Bind(13, static_cast<std::int64_t>(0));
            s.BindStatic(14, std::string_view(e.doc));
            auto inserted = s.Run();
            s.Rewind();
            if (!inserted) return inserted.error();
            key_filter_.Add(static_cast<std::uint64_t>(e.key));
            const std::int64_t seq = db.LastInsertRowId();
            for (const auto& [canonical, roles] : e.ids) {
                auto term = Intern(w, canonical, true);
                if (!term) return term.error();
                w.insert_id.Rewind();
                w.insert_id.Bind(1, *term).Bind(2, seq).Bind(3, static_cast<std::int64_t>(roles));
                if (auto r = w.insert_id.Run(); !r) return r.error();
            }
            ++job.stored;
        }
        return StoreMasterData(db, pending.request.master_data);
    }

    Result<void> StoreMasterData(Db& db, const std::vector<epcis::Vocabulary>& vocabularies) {
        for (const auto& vocabulary : vocabularies) {
            for (const auto& element : vocabulary.elements) {
                json::object attributes;
                for (const auto& a : element.attributes) {
                    attributes[a.id] = a.value.kind == epcis::ExtensionValue::Kind::kString ? json::value(a.value.text)
                                                                                            : json::value(nullptr);
                }
                const bool is_location = vocabulary.type.find("Location") != std::string::npos ||
                                         vocabulary.type.find("ReadPoint") != std::string::npos;
                const std::string id = MasterDataId(vocabulary.type, element.id);
                auto stmt = db.Cached("INSERT OR REPLACE INTO master_data(type, id, attributes) VALUES(?,?,?)");
                if (!stmt) return stmt.error();
                (*stmt)->Bind(1, vocabulary.type).Bind(2, id).Bind(3, std::string_view(json::serialize(attributes)));
                if (auto r = (*stmt)->Run(); !r) return r.error();
                if (!is_location) continue;
                for (const auto& child : element.children) {
                    auto link = db.Cached("INSERT OR IGNORE INTO location_children(parent, child) VALUES(?,?)");
                    if (!link) return link.error();
                    (*link)->Bind(1, id).Bind(2, epcis::CanonicalIdentifier(child));
                    if (auto r = (*link)->Run(); !r) return r.error();
                }
            }
        }
        return {};
    }

    // ----------------------------------------------------------------------------------------
    // Queries

    // Term ids of canonical texts that exist (unknown texts can match nothing).
    Result<std::vector<std::int64_t>> TermIds(Db& db, const std::vector<std::string>& texts) {
        std::vector<std::int64_t> ids;
        for (const auto& t : texts) {
            auto stmt = db.Cached("SELECT id FROM terms WHERE text=?");
            if (!stmt) return stmt.error();
            (*stmt)->Bind(1, t);
            auto row = (*stmt)->Step();
            if (!row) return row.error();
            if (*row) ids.push_back((*stmt)->Int(0));
        }
        return ids;
    }

    struct Sql {
        std::vector<std::string> where;
        std::vector<BindValue> binds;
        bool impossible = false;  // a condition no stored event can meet
    };

    Result<void> AddTermCondition(Db& db, Sql& sql, const char* column, const std::vector<std::string>& values) {
        if (values.empty()) return {};
        auto ids = TermIds(db, values);
        if (!ids) return ids.error();
        if (ids->empty()) {
            sql.impossible = true;
            return {};
        }
        sql.where.push_back(fmt::format("{} IN ({})", column, Placeholders(ids->size())));
        for (auto id : *ids) sql.binds.emplace_back(id);
        return {};
    }

    static void AddTimeRange(Sql& sql, const char* column, const std::optional<DateTime>& ge,
                             const std::optional<DateTime>& lt) {
        // Millisecond columns: a superset of the exact condition, which Matches() then applies.
        if (ge) {
            sql.where.push_back(fmt::format("{} >= ?", column));
            sql.binds.emplace_back(ge->UnixMillis());
        }
        if (lt) {
            sql.where.push_back(fmt::format("{} <= ?", column));
            sql.binds.emplace_back(lt->UnixMillis());
        }
    }

    Result<Sql> BuildSql(Db& db, epcis::EventQuery& q) {
        Sql sql;
        if (auto r = AddTermCondition(db, sql, "type", q.event_types); !r) return r.error();
        AddTimeRange(sql, "event_time", q.ge_event_time, q.lt_event_time);
        AddTimeRange(sql, "record_time", q.ge_record_time, q.lt_record_time);
        if (!q.actions.empty()) {
            sql.where.push_back(fmt::format("action IN ({})", Placeholders(q.actions.size())));
            for (auto a : q.actions) sql.binds.emplace_back(static_cast<std::int64_t>(a));
        }
        if (auto r = AddTermCondition(db, sql, "biz_step", q.biz_steps); !r) return r.error();
        if (auto r = AddTermCondition(db, sql, "disposition", q.dispositions); !r) return r.error();
        if (auto r = AddTermCondition(db, sql, "read_point", q.read_points); !r) return r.error();
        if (auto r = AddTermCondition(db, sql, "biz_location", q.biz_locations); !r) return r.error();
        // WD_: expand to the master-data closure, then match as sets.
        for (auto* list : {&q.wd_read_points, &q.wd_biz_locations}) {
            if (list->empty()) continue;
            std::vector<std::string> closure;
            for (const auto& location : *list) {
                auto c = Closure(db, location);
                if (!c) return c.error();
                closure.insert(closure.end(), c->begin(), c->end());
            }
            std::sort(closure.begin(), closure.end());
            closure.erase(std::unique(closure.begin(), closure.end()), closure.end());
            *list = std::move(closure);
        }
        if (auto r = AddTermCondition(db, sql, "read_point", q.wd_read_points); !r) return r.error();
        if (auto r = AddTermCondition(db, sql, "biz_location", q.wd_biz_locations); !r) return r.error();
        if (!q.event_ids.empty()) {
            sql.where.push_back(fmt::format("event_key IN ({})", Placeholders(q.event_ids.size())));
            for (const auto& id : q.event_ids) sql.binds.emplace_back(EventKey(id));
        }
        if (q.exists_error_declaration) {
            sql.where.push_back(*q.exists_error_declaration ? "has_error = 1" : "has_error = 0");
        }
        for (const auto& condition : q.id_conditions) {
            std::vector<std::string> exact;
            std::vector<std::string> parts;
            std::vector<BindValue> binds;
            const auto roles = static_cast<std::int64_t>(condition.roles);
            for (const auto& pattern : condition.patterns) {
                switch (pattern.kind) {
                    case epcis::IdPattern::Kind::kExact:
                        exact.push_back(pattern.text);
                        break;
                    case epcis::IdPattern::Kind::kPrefix: {
                        parts.emplace_back(
                            "SELECT event FROM event_ids WHERE term IN (SELECT id FROM terms WHERE text >= ? AND text "
                            "< "
                            "?) AND (roles & ?) != 0");
                        binds.emplace_back(pattern.text);
                        binds.emplace_back(PrefixUpperBound(pattern.text));
                        binds.emplace_back(roles);
                        break;
                    }
                    case epcis::IdPattern::Kind::kGlob:
                        parts.emplace_back(
                            "SELECT event FROM event_ids WHERE term IN (SELECT id FROM terms WHERE text GLOB ?) AND "
                            "(roles & ?) != 0");
                        binds.emplace_back(pattern.text);
                        binds.emplace_back(roles);
                        break;
                }
            }
            if (!exact.empty()) {
                auto ids = TermIds(db, exact);
                if (!ids) return ids.error();
                if (!ids->empty()) {
                    parts.push_back(fmt::format("SELECT event FROM event_ids WHERE term IN ({}) AND (roles & ?) != 0",
                                                Placeholders(ids->size())));
                    for (auto id : *ids) binds.emplace_back(id);
                    binds.emplace_back(roles);
                }
            }
            if (parts.empty()) {
                sql.impossible = true;
                continue;
            }
            std::string joined;
            for (const auto& p : parts) joined += joined.empty() ? p : " UNION " + p;
            sql.where.push_back("seq IN (" + joined + ")");
            sql.binds.insert(sql.binds.end(), binds.begin(), binds.end());
        }
        return sql;
    }

    // One candidate row with its sort key.
    struct Candidate {
        std::int64_t seq = 0;
        std::int64_t key = 0;
        StoredEvent event;
    };

    // Reads candidates in the query's order after `cursor`, keeps the matching ones, and stops
    // when `want` matches are found, the candidates run out, or `scan_budget` rows were read.
    // Returns the matches; `exhausted` says the candidates ran out; `last` is the position of the
    // last row examined.
    Result<std::vector<Candidate>> Scan(Db& db, const Sql& sql, const epcis::EventQuery& q, Cursor cursor,
                                        std::size_t want, std::size_t scan_budget, bool& exhausted, Cursor& last) {
        std::vector<Candidate> out;
        exhausted = false;
        last = cursor;
        if (sql.impossible) {
            exhausted = true;
            return out;
        }
        const bool by_time = cursor.mode == 't' || cursor.mode == 'r';
        const char* key_column = cursor.mode == 't' ? "event_time" : (cursor.mode == 'r' ? "record_time" : "seq");
        const bool desc = by_time && q.order_direction == epcis::OrderDirection::kDesc;
        std::size_t scanned = 0;
        bool first = true;
        while (out.size() < want) {
            std::string text = fmt::format("SELECT seq, record_time, doc, {} FROM events", key_column);
            std::vector<std::string> where = sql.where;
            std::vector<BindValue> binds = sql.binds;
            const bool has_position = !first || cursor.seq != 0 || cursor.key != 0;
            if (has_position) {
                if (by_time) {
                    const char* op = desc ? "<" : ">";
                    where.push_back(fmt::format("{0} {1}= ? AND ({0} {1} ? OR seq {1} ?)", key_column, op));
                    binds.emplace_back(last.key);
                    binds.emplace_back(last.key);
                    binds.emplace_back(last.seq);
                } else {
                    where.push_back("seq > ?");
                    binds.emplace_back(last.seq);
                }
            }
            first = false;
            for (std::size_t i = 0; i < where.size(); ++i) text += (i == 0 ? " WHERE " : " AND ") + where[i];
            if (by_time) {
                text += fmt::format(" ORDER BY {0} {1}, seq {1}", key_column, desc ? "DESC" : "ASC");
            } else {
                text += " ORDER BY seq";
            }
            const std::size_t batch = std::clamp<std::size_t>(want - out.size() + 1, 64, 2048);
            text += fmt::format(" LIMIT {}", batch);
            auto stmt = db.Cached(text);
            if (!stmt) return stmt.error();
            BindAll(**stmt, binds);
            std::size_t rows = 0;
            for (;;) {
                auto row = (*stmt)->Step();
                if (!row) return row.error();
                if (!*row) break;
                ++rows;
                ++scanned;
                last.seq = (*stmt)->Int(0);
                last.key = by_time ? (*stmt)->Int(3) : 0;
                auto stored = ReadStoredRow(**stmt);
                if (!stored) return stored.error();
                std::map<std::string, std::string> ns;
                for (const auto& d : stored->event.namespaces) ns[d.prefix] = d.uri;
                if (!epcis::Matches(q, stored->event, ns)) continue;
                out.push_back(Candidate{last.seq, last.key, std::move(*stored)});
                if (out.size() >= want) break;
            }
            if (out.size() >= want) break;
            if (rows < batch) {
                exhausted = true;
                break;
            }
            if (scanned >= scan_budget) break;
        }
        return out;
    }

    std::string path_;
    OpenOptions options_;

    std::mutex write_mu_;  // the writer connection
    std::unique_ptr<Db> writer_db_;
    std::unique_ptr<IntakeJournal> journal_;               // under mu_
    std::unique_ptr<WriterStatements> writer_statements_;  // writer only
    TermCache term_cache_;                                 // writer only
    KeyFilter key_filter_;                                 // writer only
    std::int64_t next_term_ = 1;                           // writer only: the id the next new term gets
    std::int64_t stored_next_term_ = 1;                    // writer only: meta.next_term as committed
    std::unordered_set<std::uint64_t> vocab_seen_;         // writer only

    std::mutex mu_;  // everything down to closing_, and journal_
    std::condition_variable cv_;
    std::deque<Pending> queue_;                         // accepted (journaled), for the writer
    std::deque<Pending> waiting_;                       // submitted but not yet accepted: the queue is full
    std::size_t queued_events_ = 0;                     // events in queue_ and in the batch being applied
    std::size_t waiting_events_ = 0;                    // events in waiting_
    std::unordered_map<std::string, CaptureJob> jobs_;  // jobs not yet committed, by capture id
    std::deque<std::string> job_order_;                 // their ids, oldest first
    bool journal_hold_ = false;                         // a batch failed: keep every journal record for the next start
    bool closing_ = false;
    std::thread writer_thread_;

    std::mutex pool_mu_;
    std::vector<std::unique_ptr<Db>> pool_;
};

Result<EventPage> SqliteStore::QueryEvents(const epcis::EventQuery& query, const PageRequest& page) {
    auto reader = AcquireReader();
    if (!reader) return reader.error();
    Db& db = **reader;
    epcis::EventQuery q = query;
    auto sql = BuildSql(db, q);
    if (!sql) return sql.error();

    constexpr std::size_t kScanBudget = 200'000;
    constexpr std::size_t kSortLimit = 100'000;
    const std::size_t limit = std::max<std::size_t>(page.limit, 1);

    char mode = 's';
    if (q.order_by == epcis::OrderField::kEventTime) mode = 't';
    if (q.order_by == epcis::OrderField::kRecordTime) mode = 'r';
    if (q.order_by == epcis::OrderField::kExtension) mode = 'x';

    Cursor cursor{mode, 0, 0, 0};
    if (!page.cursor.empty()) {
        auto c = ParseCursor(page.cursor, mode);
        if (!c) return c.error();
        cursor = *c;
    }
    if (mode == 't' && cursor.seq == 0 && q.order_direction == epcis::OrderDirection::kDesc) {
        cursor.key = std::numeric_limits<std::int64_t>::max();
        cursor.seq = std::numeric_limits<std::int64_t>::max();
    }
    if (mode == 'r' && cursor.seq == 0 && q.order_direction == epcis::OrderDirection::kDesc) {
        cursor.key = std::numeric_limits<std::int64_t>::max();
        cursor.seq = std::numeric_limits<std::int64_t>::max();
    }
    if (mode == 't' && cursor.seq == 0 && q.order_direction == epcis::OrderDirection::kAsc) {
        cursor.key = std::numeric_limits<std::int64_t>::min();
    }

    // maxEventCount: count on the first page, so that a too-large query fails before any page.
    if (q.max_event_count && page.cursor.empty()) {
        bool exhausted = false;
        Cursor last;
        Cursor start = mode == 'x' ? Cursor{'s', 0, 0, 0} : cursor;
        auto all = Scan(db, *sql, q, start, static_cast<std::size_t>(*q.max_event_count) + 1,
                        std::numeric_limits<std::size_t>::max(), exhausted, last);
        if (!all) return all.error();
        if (all->size() > *q.max_event_count) {
            return MakeError(ErrorCode::kTooLarge, "maxEventCount", "query.max_event_count",
                             fmt::format("More than {} events match the query.", *q.max_event_count));
        }
    }

    std::size_t want = limit;
    if (q.event_count_limit) {
        if (cursor.returned >= *q.event_count_limit) return EventPage{};
        want = std::min<std::size_t>(want, static_cast<std::size_t>(*q.event_count_limit - cursor.returned));
    }

    EventPage out;
    if (mode == 'x') {
        bool exhausted = false;
        Cursor last;
        auto all = Scan(db, *sql, q, Cursor{'s', 0, 0, 0}, kSortLimit + 1, std::numeric_limits<std::size_t>::max(),
                        exhausted, last);
        if (!all) return all.error();
        if (all->size() > kSortLimit) {
            return MakeError(
                ErrorCode::kTooLarge, "orderBy", "query.too_large",
                fmt::format("Ordering by an extension field is limited to {} matching events.", kSortLimit));
        }
        std::vector<std::pair<std::optional<epcis::QueryValue>, std::size_t>> keys;
        for (std::size_t i = 0; i < all->size(); ++i) keys.emplace_back(epcis::OrderValue(q, (*all)[i].event.event), i);
        const bool desc = q.order_direction == epcis::OrderDirection::kDesc;
        std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
            if (!a.first || !b.first) return a.first.has_value() && !b.first.has_value();
            const int c = CompareQueryValues(*a.first, *b.first);
            return desc ? c > 0 : c < 0;
        });
        const auto offset = static_cast<std::size_t>(cursor.key);
        for (std::size_t i = offset; i < keys.size() && out.events.size() < want; ++i) {
            out.events.push_back(std::move((*all)[keys[i].second].event));
        }
        const std::size_t next = offset + out.events.size();
        const bool limited = q.event_count_limit && cursor.returned + out.events.size() >= *q.event_count_limit;
        if (next < keys.size() && !limited) {
            out.next_cursor =
                FormatCursor(Cursor{'x', static_cast<std::int64_t>(next), 1, cursor.returned + out.events.size()});
        }
        return out;
    }

    bool exhausted = false;
    Cursor last;
    auto matches = Scan(db, *sql, q, cursor, want + 1, kScanBudget, exhausted, last);
    if (!matches) return matches.error();
    const bool more = matches->size() > want;
    if (more) matches->resize(want);
    for (auto& m : *matches) out.events.push_back(std::move(m.event));
    const std::uint64_t returned = cursor.returned + out.events.size();
    const bool limited = q.event_count_limit && returned >= *q.event_count_limit;
    if (!limited) {
        if (more) {
            const auto& m = matches->back();
            out.next_cursor = FormatCursor(Cursor{mode, m.key, m.seq, returned});
        } else if (!exhausted) {
            // The scan budget ran out before the page filled: continue from the last row read.
            out.next_cursor = FormatCursor(Cursor{mode, last.key, last.seq, returned});
        }
    }
    return out;
}

}  // namespace

std::string_view MigrationSql(int version) { return kMigrations[version]; }

Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, const OpenOptions& options) {
    auto db = Db::Open(path, /*read_only=*/false, options.synchronous_full);
    if (!db) return db.error();
    auto version_stmt = (*db)->Prepare("PRAGMA user_version");
    if (!version_stmt) return version_stmt.error();
    auto row = version_stmt->Step();
    if (!row) return row.error();
    const int version = static_cast<int>(version_stmt->Int(0));
    version_stmt->Reset();
    if (version > kSchemaVersion) {
        return MakeError(
            ErrorCode::kUnavailable, "store", "store.schema_version",
            fmt::format("The database has schema version {}, newer than this build's {}.", version, kSchemaVersion));
    }
    for (int v = version; v < kSchemaVersion; ++v) {
        const std::string sql =
            fmt::format("BEGIN IMMEDIATE; {} PRAGMA user_version={}; COMMIT;", kMigrations[v], v + 1);
        if (auto r = (*db)->Exec(sql); !r) {
            (void)(*db)->Exec("ROLLBACK");
            return r.error();
        }
    }
    auto journal = IntakeJournal::Open(path + "-intake", options.synchronous_full);
    if (!journal) return journal.error();
    auto store = std::make_unique<SqliteStore>(path, options, std::move(*db), std::move(*journal));
    if (auto r = store->Recover(); !r) return r.error();
    return std::unique_ptr<EventStore>(std::move(store));
}

}  // namespace txng::store::sqlite
