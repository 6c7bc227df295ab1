#include "store/store.hpp"

#include <algorithm>
#include <chrono>
#include <future>

#include "epcis/query.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace txng::store {

std::string_view CaptureErrorBehaviourName(CaptureErrorBehaviour behaviour) {
    return behaviour == CaptureErrorBehaviour::kProceed ? "proceed" : "rollback";
}

CaptureRequest CaptureRequestFrom(epcis::Document& doc, CaptureErrorBehaviour behaviour) {
    CaptureRequest request;
    request.behaviour = behaviour;
    request.master_data = std::move(doc.master_data);
    request.events.reserve(doc.events.size());
    for (auto& e : doc.events) {
        for (const auto& d : doc.namespaces) {
            if (std::none_of(e.namespaces.begin(), e.namespaces.end(),
                             [&](const auto& own) { return own.prefix == d.prefix; })) {
                e.namespaces.push_back(d);
            }
        }
        request.events.push_back(std::move(e));
    }
    doc.events.clear();
    return request;
}

std::string MasterDataId(std::string_view type, std::string_view id) {
    const bool place_or_party = type.find("Location") != std::string_view::npos ||
                                type.find("ReadPoint") != std::string_view::npos || type.ends_with(":Party");
    if (place_or_party) return epcis::CanonicalIdentifier(id);
    if (!type.ends_with(":EPCClass")) return std::string(id);
    // An sgtin pattern naming one GTIN stands for that GTIN (IdPatternsFor's first pattern).
    if (id.starts_with("urn:epc:idpat:sgtin:")) {
        if (auto patterns = epcis::IdPatternsFor(id); patterns && !patterns->empty() &&
                                                      patterns->front().kind == epcis::IdPattern::Kind::kExact &&
                                                      patterns->front().text.starts_with("https://id.gs1.org/01/")) {
            return patterns->front().text;
        }
    }
    return epcis::CanonicalIdentifier(id);
}

Result<CaptureJob> EventStore::CaptureSync(CaptureRequest request) {
    std::promise<Result<CaptureJob>> promise;
    auto future = promise.get_future();
    Capture(std::move(request), [&promise](Result<CaptureJob> r) { promise.set_value(std::move(r)); });
    return future.get();
}

namespace {

// The file path of a `sqlite:PATH` URL (sqlite:///abs/path and sqlite://rel accepted too).
Result<std::string> SqlitePath(std::string_view url) {
    constexpr std::string_view kSqlite = "sqlite:";
    if (url.substr(0, kSqlite.size()) != kSqlite) {
        return InvalidArgument("db", "store.url", "Unknown store URL scheme: use sqlite:PATH.", url);
    }
    std::string path(url.substr(kSqlite.size()));
    if (path.rfind("//", 0) == 0) path.erase(0, 2);
    if (path.empty()) return InvalidArgument("db", "store.url", "The sqlite: store URL needs a file path.", url);
    return path;
}

}  // namespace

Result<std::unique_ptr<EventStore>> OpenStore(std::string_view url, const OpenOptions& options) {
    auto path = SqlitePath(url);
    if (!path) return path.error();
    return sqlite::OpenSqliteStore(*path, options);
}

Result<std::unique_ptr<RegistryStore>> OpenRegistry(std::string_view url, const RegistryOpenOptions& options) {
    auto path = SqlitePath(url);
    if (!path) return path.error();
    return sqlite::OpenSqliteRegistry(*path, options);
}

Result<std::unique_ptr<StampStore>> OpenStampStore(std::string_view url, const StampOpenOptions& options) {
    auto path = SqlitePath(url);
    if (!path) return path.error();
    return sqlite::OpenSqliteStamps(*path, options);
}

std::string_view StampStatusName(StampStatus status) {
    switch (status) {
        case StampStatus::kIssued:
            return "issued";
        case StampStatus::kActivated:
            return "activated";
        case StampStatus::kSold:
            return "sold";
        case StampStatus::kConsumed:
            return "consumed";
        case StampStatus::kVoided:
            return "voided";
    }
    return "issued";
}

std::optional<StampStatus> ParseStampStatus(std::string_view name) {
    for (const auto s : {StampStatus::kIssued, StampStatus::kActivated, StampStatus::kSold, StampStatus::kConsumed,
                         StampStatus::kVoided}) {
        if (StampStatusName(s) == name) return s;
    }
    return std::nullopt;
}

Error NamedQueryNotFound(std::string_view name) {
    return MakeError(ErrorCode::kNotFound, "name", "query.not_found", "No named query has this name.", name);
}

epcis::DateTime NowUtc() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    epcis::DateTime t;
    t.unix_seconds = millis / 1000;
    t.nanos = static_cast<std::int32_t>((millis % 1000) * 1'000'000);
    t.has_z = true;
    t.offset_minutes = 0;
    t.fraction_digits = 3;
    return t;
}

}  // namespace txng::store
