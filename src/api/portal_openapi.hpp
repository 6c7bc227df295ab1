#pragma once
// The OpenAPI 3.0.3 description of the portal API under /api/v1 (registry_api.hpp), served as
// GET /api/v1/openapi.json: every route with its parameters, bodies, status codes and headers, the
// records' JSON forms (registry/records.hpp) with their enums, patterns and limits, the bearer key
// scheme (registry/access.hpp) and RFC 7807 problems. The EPCIS 2.0 REST binding at the root
// (/capture, /events, ...) is GS1's openapi.yaml, only pointed to (externalDocs), not repeated.
// Pure function; thread-safe.

#include <boost/json/object.hpp>
#include <string_view>

namespace txng::api {

// The document, with `info.version` = `server_version`.
boost::json::object PortalOpenApi(std::string_view server_version);

}  // namespace txng::api
