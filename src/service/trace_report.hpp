#pragma once
// Trace, steps and recall answers as plain values (identifiers and times as text, eventIDs filled
// in from the store), built from a TraceService: what the HTTP API encodes as JSON or CSV and the
// CLI prints.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "epcis/translate.hpp"
#include "gs1/company_prefix.hpp"
#include "service/event_access.hpp"
#include "service/trace_service.hpp"
#include "trace/trace.hpp"

namespace txng::service {

// How identifiers are written in reports: GS1-EPC-Format (canonical Digital Links unless
// Always_EPC_URN, which needs `prefixes`).
struct IdFormat {
    epcis::EpcFormat format = epcis::EpcFormat::kAlwaysDigitalLink;
    const gs1::CompanyPrefixProvider* prefixes = nullptr;
};

struct ReportEdge {
    std::string from, to;
    std::string relation;  // trace::RelationName
    std::string event_id;
    std::string event_type;  // ObjectEvent, ...
    std::string biz_step;    // the CBV word when standard, else the URI; empty when none
    std::string event_time;  // RFC 3339, UTC, milliseconds
};

struct TraceReport {
    std::string root;
    std::string root_type;
    std::string direction;                                   // backward, forward, both
    std::vector<std::pair<std::string, std::string>> nodes;  // id, type (trace::NodeTypeName)
    std::vector<ReportEdge> edges;                           // in order of discovery
    std::vector<std::string> events;                         // eventIDs, in eventTime order
    bool truncated = false;
};

struct ReportStop {
    std::string location;
    std::string party;  // empty when never named
    std::string arrived, left;
    std::string arrival_biz_step, last_biz_step;
    std::string arrival_event_id;
};

struct StepsReport {
    std::string root;
    std::vector<ReportStop> stops;
    std::optional<std::size_t> previous, current, next;  // indexes into stops
};

struct RecallRow {
    std::string id;
    std::string type;
    int path_length = 0;
    std::string last_location;  // empty when never said
    std::string disposition;    // CBV word or URI; empty when none
    std::string last_event_time;
    std::string last_event_id;
    std::string custodian;  // empty when none named
    // From the identifiers and the stored master data; empty when unknown.
    std::string product;         // EPCClass name (descriptionShort, regulatedProductName or name) of its GTIN
    std::string lot;             // the lot number (of a lot class, or the ILMD lot of a commissioned item)
    std::string location_name;   // BusinessLocation / ReadPoint name
    std::string province;        // the location's state ("Tỉnh Quảng Ninh")
    std::string province_code;   // its txng provinceCode ("22")
    std::string custodian_name;  // Party name
};

struct RecallReport {
    std::string root;
    std::vector<RecallRow> items;
    std::vector<std::pair<std::string, std::size_t>> locations;  // last locations, with item counts
    std::vector<std::pair<std::string, std::size_t>> parties;    // custodians, with item counts
    bool truncated = false;
};

// `access`: what the reader may see (docs/access-control.md); nullptr for everything (the CLI).
// A tenant's answers hold only the events it may see, without the parties, transactions and
// custodians of those it sees redacted.
// Errors: kNotFound (rule `trace.unknown_id`) when no event names `id`; TraceService::Read's; the
// registry's (kUnavailable) when `access` cannot be decided.
Result<TraceReport> BuildTraceReport(TraceService& service, const std::string& id, trace::TraceOptions options,
                                     const IdFormat& format, EventAccess* access = nullptr);
Result<StepsReport> BuildStepsReport(TraceService& service, const std::string& id, std::optional<std::int64_t> at_ms,
                                     const IdFormat& format, EventAccess* access = nullptr);
Result<RecallReport> BuildRecallReport(TraceService& service, const std::string& id, const IdFormat& format,
                                       EventAccess* access = nullptr);

// The reports as JSON: the bodies of GET /trace, /trace/steps and /recall (absent values are
// null).
boost::json::object TraceReportJson(const TraceReport& report);
boost::json::object StepsReportJson(const StepsReport& report);
boost::json::object RecallReportJson(const RecallReport& report);

// The recall's spreadsheet columns: bilingual headers ("Vietnamese / English") and each row's
// cells, the same for CSV and XLSX.
const std::vector<std::string>& RecallColumns();
std::vector<std::string> RecallCells(const RecallRow& row);

// The recall as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheet programs read the
// Vietnamese headers right; headers in Vietnamese and English; one row per item).
std::string RecallCsv(const RecallReport& report);

// The recall as an XLSX workbook (Office Open XML): a sheet of items with the RecallColumns()
// headers, frozen and filterable, path length as a number; a second sheet of counts by last
// location and custodian. kInternal when the workbook cannot be written.
Result<std::string> RecallXlsx(const RecallReport& report);

// RFC 3339 UTC text of Unix milliseconds.
std::string TimeText(std::int64_t unix_ms);

}  // namespace txng::service
