#pragma once
// EPCIS 2.0 JSON-LD binding: decoding into the event model (event.hpp) and encoding from it.
//
// Decoding enforces the structural part of the EPCIS 2.0 JSON schema (EPCIS-JSON-Schema.json):
// JSON syntax and types, required members, allowed member names per object (standard names plus
// URI-named extensions where the schema allows them), the `action` enum, date-time syntax, the
// "which identifiers must be present" rules of each event type, and the DecodeLimits. It does not
// check values beyond that (URI syntax of values, CBV vocabulary, uom/hexBinary/time-zone
// patterns, GS1 check digits, uniqueness): that is Validate()'s job on the model. Values are kept
// as written.
//
// Errors: Error::where is the JSON path of the offending member (`epcisBody.eventList[1].action`;
// for a bare event object the path starts at the member name), Error::rule a stable id
// (`json.syntax`, `json.utf8`, `json.duplicate_key`, `json.type`, `json.number`, `schema.required`,
// `schema.unknown_property`, `schema.enum`, `schema.pattern`, `schema.min_items`,
// `schema.one_of_identifiers`, `schema.ilmd_action`, `date_time.format`, and with
// ErrorCode::kTooLarge `limit.document_bytes`, `limit.events`, `limit.depth`,
// `limit.string_bytes`). Decoding stops at the first error.
//
// Pure functions; thread-safe; no exceptions on bad input.

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "epcis/event.hpp"

namespace txng::epcis {

// Decodes JSON-LD text: an EPCISDocument, an EPCISQueryDocument (events from
// epcisBody.queryResults.resultsBody.eventList, plus subscriptionID/queryName; its
// resultsBody.vocabularyList goes to Document::master_data) or a bare event object (its `type`
// one of the five event types, or a URI naming an extension event type; its `@context`, which is
// required, goes to the Document's context_urls/namespaces). Numbers in extension values keep
// their text as written.
//
// Model mapping worth knowing:
// - `@context` URL strings go to context_urls, `prefix: "uri"` terms to namespaces (event-level
//   terms to Event::namespaces). Other context content (expanded term definitions such as
//   `"rail:x": {"@type": "@id"}`, keywords such as `@vocab`, URL strings inside an event's own
//   context) has no place in the model and is dropped: it only steers JSON-LD processing.
// - Extension member names are resolved with the event's then the document's declarations, then
//   the EPCIS context's own prefixes (epcis, cbv, cbvmda, gs1, rdfs, owl, xsd, dcterms). A full
//   URI name, or a name whose prefix is not declared, is split at its last `/` or `#` (else its
//   last `:`) into namespace and local name, with an empty prefix.
// - Extension members on epcisBody, queryResults and resultsBody (allowed by the schema) are kept
//   in Document::extensions, like those on the document object: the model has one list for them.
// - `rdfs:comment` (a string or an array of strings) goes to Event::comments.
// - A vocabulary attribute without an `attribute` member gets an ExtensionValue of kind kNull
//   (the schema does not allow null there, so the two cannot be confused).
Result<Document> DecodeJsonDocument(std::string_view text, const DecodeLimits& limits = {});

// Decodes one event object already parsed by the caller (the API's POST /events body, say);
// `where` prefixes error paths (empty: paths start at the member name). The object's `@context`
// terms go to Event::namespaces; it is not required here. Numbers in extension values are written
// back in shortest form, as their text is gone once parsed: to keep it, decode the text with
// DecodeJsonDocument instead (a bare event object is accepted there).
Result<Event> DecodeJsonEvent(const boost::json::object& obj, std::string_view where, const DecodeLimits& limits = {});

// JSON-LD text, compact, written as the GS1 examples write it: `@context` (the document's URLs,
// or the EPCIS 2.0 context URL when it has none, then one object per namespace declaration),
// type, schemaVersion, creationDate, epcisHeader, epcisBody, events with their standard members in
// schema order, then extension members named `prefix:local`. Namespaces an extension needs and
// nobody declared are declared in the event's `@context` (or the document's, for a document with
// no `@context` of its own, such as one read from XML). Repeated extension members of one name
// (XML) become one JSON array. CBV values in URN form that cbv::StandardWord knows are written as
// the bare word; other values as written. Query documents carry Document::extensions in
// queryResults; a kEpcisMasterDataDocument is written as an EPCISDocument with epcisHeader master
// data (the JSON binding has no master-data document); a kBareEvent with one event is written as
// that event object with the document's `@context`.
std::string EncodeJsonDocument(const Document& doc);

// One event object, standard members first. Its `@context` holds Event::namespaces plus any
// declaration its extensions need (only when non-empty). Extension numbers become int64, uint64
// or double values.
boost::json::object EncodeJsonEvent(const Event& event);

}  // namespace txng::epcis
