#pragma once
// Traceability stamps under /api/v1 (service/stamps.hpp):
//   POST /api/v1/stamp-batches                      order {gtin, count, layout?, note?}: 202, generated in the
//   background GET  /api/v1/stamp-batches[?after&limit]        the caller's batches GET /api/v1/stamp-batches/{batchId}
//   one batch, with its progress GET  /api/v1/stamp-batches/{batchId}/stamps     its stamps, in order, paged
//   (?after=<ordinal>&limit) GET  /api/v1/stamp-batches/{batchId}/stamps.csv the CSV for printing houses (streamed from
//   disk) GET  /api/v1/stamp-batches/{batchId}/sheet.pdf  the print-ready PDF sheet (streamed from disk) POST
//   /api/v1/stamp-batches/{batchId}/changes    {status, location, from/to or serials, lot?, expiry?}
// Errors are problem+json naming the field and the rule.

#include <boost/asio/thread_pool.hpp>

#include "http/request.hpp"
#include "service/registry_service.hpp"
#include "service/stamps.hpp"

namespace txng::api {

struct StampHandlers {
    http::Handler order, list, get, stamps, csv, pdf, change;
};

// `stamps`, `registry` and `blocking` must outlive the handlers.
StampHandlers MakeStampHandlers(service::StampService& stamps, service::RegistryService& registry,
                                boost::asio::thread_pool& blocking, bool secure_cookies);

// The JSON form of a batch (camelCase), with links to its files.
boost::json::object EncodeStampBatch(const store::StampBatch& batch);

}  // namespace txng::api
