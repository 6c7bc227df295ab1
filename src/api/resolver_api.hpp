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
//   - GET /.well-known/gs1resolver: the resolver description file;
//   - for browsers, when no default link applies (and no other link type is asked for), the public
//     product page of a GTIN code (web/product_page.hpp): 200, or 404 for a code nobody knows;
//   - POST /report: the product page's "report a problem" form (application/x-www-form-urlencoded),
//     stored as a complaint; 303 back to the page for browsers, 201 JSON for programs;
//   - every resolve of a serialised code (01 + 21) is written to the scan log, with the client's
//     class and the place it sends (X-Client-Province, Geo-Position / X-Client-Location) only.

#include <boost/asio/thread_pool.hpp>
#include <optional>

#include "http/router.hpp"
#include "service/product_view.hpp"
#include "service/registry_service.hpp"
#include "service/scan_log.hpp"

namespace txng::api {

struct ResolverPages {
    // The product page's sources; no page (the 404 of the resolver standard) when empty.
    std::optional<service::ProductViewSources> sources;
    service::ScanLog* scans = nullptr;  // no scan log when null
};

// `registry`, `blocking` and what `pages` points to must outlive the router.
void RegisterResolverRoutes(http::Router& router, service::RegistryService& registry,
                            boost::asio::thread_pool& blocking, ResolverPages pages = {});

}  // namespace txng::api
