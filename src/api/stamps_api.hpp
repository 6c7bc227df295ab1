#pragma once
// Traceability stamps, their signals and public complaints under /api/v1 (service/stamps.hpp):
// - POST /api/v1/stamp-batches: order {gtin, count, layout?, note?}; 202, generated in the
//   background.
// - GET /api/v1/stamp-batches[?after&limit]: the caller's batches.
// - GET /api/v1/stamp-batches/{batchId}: one batch, with its progress.
// - GET /api/v1/stamp-batches/{batchId}/stamps[?after=<ordinal>&limit]: its stamps, in order.
// - GET /api/v1/stamp-batches/{batchId}/stamps.csv: the CSV for printing houses (from disk).
// - GET /api/v1/stamp-batches/{batchId}/sheet.pdf: the print-ready PDF sheet (from disk).
// - POST /api/v1/stamp-batches/{batchId}/changes: {status, location, from/to or serials, lot?,
//   expiry?}.
// - GET /api/v1/signals and GET /api/v1/complaints [?owner&province&gtin&serial&after&limit]:
//   counterfeit signals and complaints within the caller's reach, oldest first.
// Errors are problem+json naming the field and the rule.

#include <boost/asio/thread_pool.hpp>

#include "http/request.hpp"
#include "service/registry_service.hpp"
#include "service/stamps.hpp"

namespace txng::api {

struct StampHandlers {
    http::Handler order, list, get, stamps, csv, pdf, change;
    http::Handler signals, complaints;  // GET /api/v1/signals, GET /api/v1/complaints
};

// `stamps`, `registry` and `blocking` must outlive the handlers.
StampHandlers MakeStampHandlers(service::StampService& stamps, service::RegistryService& registry,
                                boost::asio::thread_pool& blocking, bool secure_cookies);

// The JSON form of a batch (camelCase), with links to its files.
boost::json::object EncodeStampBatch(const store::StampBatch& batch);
// The JSON forms of a signal and a complaint (camelCase; empty optional members left out).
boost::json::object EncodeSignal(const store::Signal& signal);
boost::json::object EncodeComplaint(const store::Complaint& complaint);

}  // namespace txng::api
