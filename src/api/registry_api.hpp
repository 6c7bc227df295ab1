#pragma once
// The portal API under /api/v1 (handlers; RegisterRoutes puts them in the route table): the
// national product database (enterprises, locations, products), delegations, API keys and the
// audit log, over service::RegistryService.
//
// Requests are anonymous (the public view) unless they carry `Authorization: Bearer <key>`; a bad
// key is 401 with `WWW-Authenticate: Bearer`. Bodies are JSON (`Content-Type: application/json`),
// checked field by field: errors name the field and the rule (RFC 7807 problem+json). Listings
// take `limit` (1-1000, default 100) and `after` (the last key of the previous page) and give the
// next page in `Link: <...>; rel="next"`.

#include <boost/asio/thread_pool.hpp>

#include "http/request.hpp"
#include "service/registry_service.hpp"

namespace txng::api {

struct RegistryHandlers {
    http::Handler me;
    http::Handler provinces;
    http::Handler list_enterprises, create_enterprise, get_enterprise, update_enterprise;
    http::Handler list_delegations, add_delegation, remove_delegation;
    http::Handler list_locations, create_location, get_location, update_location;
    http::Handler list_products, create_product, get_product, update_product;
    http::Handler list_keys, create_key, get_key, revoke_key;
    http::Handler audit;
};

// `registry` and `blocking` must outlive the handlers.
RegistryHandlers MakeRegistryHandlers(service::RegistryService& registry, boost::asio::thread_pool& blocking);

}  // namespace txng::api
