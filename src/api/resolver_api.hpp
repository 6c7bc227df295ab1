#pragma once
// The GS1 Digital Link resolver (GS1-Conformant Resolver standard) at the root paths of Digital
// Link: /01/{gtin}[/22/..][/10/{lot}][/21/{serial}], /414/{gln}[/254/..], /00/{sscc} and every
// other primary key of the AI table, with data attributes in the query string (?17=261231).
//   - 400 for bad syntax: problem+json for programs, a short page in Vietnamese and English for
//     browsers;
//   - 307 to the link chosen by registry::Resolve (linkType=, context=, Accept-Language, Accept;
//     serial falls back to lot, lot to product), the query string passed on when the link says so;
//     404 when the asked type is absent; 300 when several links fit equally;
//   - the RFC 9264 linkset on ?linkType=linkset (or all) or Accept: application/linkset+json;
//   - Link: <...?linkType=linkset>; rel="linkset" on every answer; CORS; HEAD and OPTIONS;
//   - GET /.well-known/gs1resolver: the resolver description file.

#include <boost/asio/thread_pool.hpp>

#include "http/router.hpp"
#include "service/registry_service.hpp"

namespace txng::api {

// `registry` and `blocking` must outlive the router.
void RegisterResolverRoutes(http::Router& router, service::RegistryService& registry,
                            boost::asio::thread_pool& blocking);

}  // namespace txng::api
