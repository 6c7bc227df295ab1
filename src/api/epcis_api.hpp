#pragma once
// The EPCIS 2.0 REST binding (openapi.yaml of the standard), trace and recall (trace_api.hpp) and
// the operational endpoints (/healthz, /readyz, /metrics), as handlers over an EventStore and its
// trace index: decode -> store -> encode.
//
// Store calls that block (queries, reads) run on `blocking`, a thread pool of the caller's, never
// on the server's io threads; captures are queued to the store's writer and awaited.

#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "gs1/company_prefix.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/registry_service.hpp"
#include "service/scan_log.hpp"
#include "service/stamps.hpp"
#include "service/trace_service.hpp"
#include "store/store.hpp"

namespace txng::api {

struct ApiOptions {
    // GS1-EPCIS-Capture-Limit: most events in one POST /capture.
    std::size_t capture_limit = 100'000;
    // GS1-EPCIS-Capture-File-Size-Limit: largest POST /capture body in bytes.
    std::size_t capture_file_size_limit = 64u << 20;
    // Largest body of the other POST routes (POST /events, POST /queries).
    std::size_t small_body_limit = 4u << 20;
    std::size_t default_per_page = 30;
    std::size_t max_per_page = 10'000;
    // How long a nextPageToken stays valid.
    std::chrono::seconds page_token_lifetime{3600};
    // Key of the HMAC that signs page tokens (so clients cannot forge cursors). Nodes sharing a
    // database must share it; empty: a random key per process.
    std::string token_secret;
    // Company prefix lengths for GS1-EPC-Format: Always_EPC_URN (may be null).
    const gs1::CompanyPrefixProvider* prefixes = nullptr;
    // Stamp batches and their lifecycle (/api/v1/stamp-batches); no stamp routes when null.
    service::StampService* stamps = nullptr;
    // The stamp store (stamp status and signals on the product page, complaints); no product page
    // when null.
    store::StampStore* stamp_store = nullptr;
    // The resolver's scan log; scans are not logged when null.
    service::ScanLog* scans = nullptr;
    std::string vendor_version = "txng/0.1.0";
    // Whether reads (queries, events, capture jobs, trace, recall) are open to anonymous clients.
    // Writes always need an API key with the `write` scope; captures are checked event by event
    // (service/capture_access.hpp).
    bool anonymous_read = false;
    // Mark the session cookie Secure (registry_api.hpp, SessionOptions).
    bool secure_cookies = true;
};

// Registers every route of the server on `router`, in one readable table. `store`, `trace`,
// `registry`, `blocking` and `metrics` must outlive the router and the server using it.
void RegisterRoutes(http::Router& router, store::EventStore& store, service::TraceService& trace,
                    service::RegistryService& registry, boost::asio::thread_pool& blocking, http::Metrics& metrics,
                    ApiOptions options);

}  // namespace txng::api
