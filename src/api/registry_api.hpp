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
//
// People sign in with POST /api/v1/session {"name", "password"}: the answer sets the HttpOnly,
// SameSite=Strict cookie `txng_session` and gives the CSRF token that the session's POST, PUT and
// DELETE requests must send as X-CSRF-Token. DELETE /api/v1/session signs out.

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
    http::Handler sign_in, get_session, sign_out, change_password;
    http::Handler list_users, create_user, disable_user;
    http::Handler list_systems, get_system, certify;
    http::Handler upload_image, get_image;
    http::Handler list_links, create_link, get_link, delete_link;
};

struct SessionOptions {
    // Mark the session cookie Secure (sent over HTTPS only; browsers also send it to
    // http://localhost). Turn off only for plain-HTTP deployments on a private network.
    bool secure_cookies = true;
};

// `registry` and `blocking` must outlive the handlers.
RegistryHandlers MakeRegistryHandlers(service::RegistryService& registry, boost::asio::thread_pool& blocking,
                                      SessionOptions sessions = {});

}  // namespace txng::api
