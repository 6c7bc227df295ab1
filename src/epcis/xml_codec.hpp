#pragma once
// The EPCIS 2.0 XML binding (GS1 EPCIS 2.0 XSD: EPCglobal-epcis-2_0.xsd, -query-2_0.xsd,
// -masterdata-2_0.xsd) to and from the event model of event.hpp.
//
// Decoding checks the structure the XSD gives (which elements an event type may hold, their
// order, required elements, the action enumeration, date-times, numbers and booleans in standard
// fields) and keeps values as written otherwise: URI syntax, CBV words, UOM codes and GS1 check
// digits are the validator's job (validate.hpp), so one set of rules serves JSON and XML.
//
// Accepted besides strict EPCIS 2.0 XML, because real documents (and the GS1 / openepcis corpus)
// use them:
// - EPCIS 1.x namespaces (`urn:epcglobal:epcis:xsd:1`) and the 1.x `<extension>` /
//   `<baseExtension>` wrappers inside events (their content continues the event's sequence),
//   `<extension><TransformationEvent>` inside EventList;
// - standard elements qualified with the EPCIS namespace (`<epcis:eventTime>`);
// - an EPCISQueryDocument whose queryName/subscriptionID/resultsBody sit directly under the root;
// - a DOCTYPE that only names the root (`<!DOCTYPE project>`). A DOCTYPE with an internal subset
//   or an external identifier is refused (no entity or DTD processing, ever).
// XML comments and processing instructions are dropped.
//
// Mapping details:
// - Document::namespaces: the xmlns declarations of the root element; Event::namespaces: those of
//   the elements between the root and the event (EPCISBody, EventList...) and of the event itself,
//   in order. Declarations of the binding's own namespaces (EPCIS 1.x/2.0, query, master data,
//   xsi, SBDH) are not listed. For a bare event every declaration is the event's.
// - User extension elements (any element in a namespace other than the EPCIS ones) become
//   ExtensionFields: text -> kString (trimmed), child elements -> kObject (repeated elements stay
//   repeated fields; unqualified children are allowed inside an extension), xsi:nil="true" ->
//   kNull; their attributes go to ExtensionValue::attributes (xsi:type included).
// - Namespaced attributes of sensorMetadata / sensorReport go to their `extensions`; root
//   attributes other than schemaVersion, creationDate, xmlns and xsi:* and namespaced elements
//   around the body go to Document::extensions; namespaced EPCISHeader children to
//   header_extensions. The SBDH gives sender, receiver and instance_identifier (the rest of it is
//   not kept).
// - Standard elements carry no other attributes (xml.unknown_attribute), except xsi:*.
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/error.hpp"
#include "epcis/event.hpp"

namespace txng::epcis {

struct XmlDecodeOptions {
    // When true (the default) the standard child elements of an event and of its structures must
    // follow the XSD sequence (rule `xml.element_order`). When false they may come in any order
    // (openepcis accepts that, and some of the GS1 event-hash test files rely on it); duplicates,
    // unknown and missing elements are still refused.
    bool strict_element_order = true;
};

// Decodes <epcis:EPCISDocument>, <epcisq:EPCISQueryDocument> (events in
// EPCISBody/epcisq:QueryResults/resultsBody/EventList, plus subscriptionID/queryName),
// <epcismd:EPCISMasterDataDocument> (vocabularies into Document::master_data) or a bare event
// element (<ObjectEvent>... as the root, DocumentKind::kBareEvent).
//
// Errors (InvalidArgument unless said otherwise): `where` is an element path such as
// `EPCISDocument/EPCISBody/EventList/ObjectEvent[2]/action` (`[n]` is 1-based among the parent's
// element children; `@name` for an attribute); rules:
//   xml.syntax (not well-formed, duplicate attribute, control character, malformed UTF-8),
//   xml.doctype, xml.root, xml.namespace (unbound prefix), xml.unknown_element,
//   xml.unknown_attribute, xml.element_order, xml.duplicate, xml.required, xml.content,
//   xml.number, xml.boolean, schema.enum (action), date_time.format;
//   kTooLarge: limits.max_document_bytes, limits.max_depth, limits.max_string_bytes,
//   limits.max_events.
Result<Document> DecodeXmlDocument(std::string_view text, const DecodeLimits& limits = {});
Result<Document> DecodeXmlDocument(std::string_view text, const DecodeLimits& limits, const XmlDecodeOptions& options);

// Writes EPCIS 2.0 XML (UTF-8, standard elements in XSD order). Bare standard CBV words (`shipping`,
// as JSON writes them) become their URN form (`urn:epcglobal:cbv:bizstep:shipping`; Web URI for the
// sensor vocabularies, which have no URN); any other value is written as it is in the model.
// Not representable in XML and left out: Document::id and context_urls, Event::comments, events
// of kind kExtensionEvent, and extension values of sensorMetadata/sensorReport that are not
// scalars (XML carries those as attributes). A kBareEvent document with exactly one event is
// written as that event element; otherwise as an EPCISDocument.
std::string EncodeXmlDocument(const Document& doc);

}  // namespace txng::epcis
