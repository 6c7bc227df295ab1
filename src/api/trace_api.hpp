#pragma once
// The trace and recall endpoints (handlers; RegisterRoutes puts them in the route table):
//   GET /trace?id=ID[&direction=backward|forward|both][&depth=N][&at=TIME]
//   GET /trace/steps?id=ID[&at=TIME]        one step back, one step forward (Circular 02/2024)
//   GET /recall?id=ID[&format=json|csv]     every affected end item and where it is now
// ID is any form of an identifier (EPC URN, GS1 Digital Link on any domain, lot class); node ids
// in answers follow GS1-EPC-Format like /events (canonical Digital Links by default). Unknown ids
// give 404 (rule `trace.unknown_id`), malformed ones and unknown parameters 400; while the trace
// index loads, 503 with Retry-After (rule `trace.loading`).

#include <boost/asio/thread_pool.hpp>

#include "api/epcis_api.hpp"
#include "http/request.hpp"
#include "service/registry_service.hpp"
#include "service/trace_service.hpp"

namespace txng::api {

struct TraceHandlers {
    http::Handler trace;
    http::Handler steps;
    http::Handler recall;
};

// What a caller sees of a trace follows its role (docs/access-control.md): the Guard and the
// TraceGuard of RegisterRoutes run first and leave the principal in RequestContext::auth.
// `trace`, `registry` and `blocking` must outlive the handlers.
TraceHandlers MakeTraceHandlers(service::TraceService& trace, service::RegistryService& registry,
                                boost::asio::thread_pool& blocking, const ApiOptions& options);

}  // namespace txng::api
