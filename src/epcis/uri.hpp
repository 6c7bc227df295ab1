#pragma once
// RFC 3986 URI syntax, as JSON Schema's `uri` format (and xsd:anyURI in EPCIS) needs it.

#include <string_view>

namespace txng::epcis {

// True when `text` is an absolute URI per RFC 3986 (`scheme ":" hier-part [ "?" query ]
// [ "#" fragment ]`): a scheme of ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then only
// characters allowed in a URI, with every `%` followed by two hex digits. CURIEs such as
// `example:myField` and URNs are absolute URIs by this grammar; bare words are not.
bool IsAbsoluteUri(std::string_view text);

}  // namespace txng::epcis
