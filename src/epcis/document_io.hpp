#pragma once
// One entry point for "here are some bytes, give me a valid EPCIS document": detects JSON-LD or XML
// by content, decodes with the matching codec and validates the result. Used by the CLI, the
// capture API and the conformance tests, so they all give the same verdict.

#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "epcis/event.hpp"
#include "epcis/validate.hpp"

namespace txng::epcis {

enum class Format { kJson, kXml };

std::string_view FormatName(Format format);  // "json" / "xml"

// JSON when the first non-blank character (after an optional UTF-8 byte-order mark) is `{`, XML
// when it is `<`; nullopt otherwise (including empty input).
std::optional<Format> DetectFormat(std::string_view text);

struct LoadedDocument {
    Format format = Format::kJson;
    Document document;
    // Warnings of the validator (errors make LoadDocument fail).
    std::vector<Error> warnings;
};

struct LoadOptions {
    DecodeLimits limits;
    // XML only: require the XSD order of standard elements. `txng validate` and capture keep it;
    // hashing relaxes it, because the order of elements does not change what an event says (and
    // two of the GS1 hash vectors are written out of order).
    bool strict_xml_element_order = true;
    // JSON only: accept the URN form of a standard CBV word as a warning rather than an error
    // (the JSON schema wants bare words; one GS1 hash test file and many older exporters write
    // URNs). Hashing and imports set it; capture does not.
    bool lenient_vocabulary_forms = false;
};

// Detects, decodes and validates. On failure returns the first error: a decoding error, or the
// first validation error (the document is invalid as a whole when any event is). Rule
// `format.unknown` when the content is neither JSON nor XML.
Result<LoadedDocument> LoadDocument(std::string_view text, const LoadOptions& options = {});

// Encodes `doc` in `format` (JSON-LD or EPCIS 2.0 XML).
std::string EncodeDocument(const Document& doc, Format format);

}  // namespace txng::epcis
