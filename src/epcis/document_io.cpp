#include "epcis/document_io.hpp"

#include "epcis/json_codec.hpp"
#include "epcis/xml_codec.hpp"

namespace txng::epcis {

std::string_view FormatName(Format format) { return format == Format::kJson ? "json" : "xml"; }

std::optional<Format> DetectFormat(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '{') return Format::kJson;
        if (c == '<') return Format::kXml;
        return std::nullopt;
    }
    return std::nullopt;
}

Result<LoadedDocument> LoadDocument(std::string_view text, const LoadOptions& load_options) {
    const DecodeLimits& limits = load_options.limits;
    const auto format = DetectFormat(text);
    if (!format) {
        return InvalidArgument("", "format.unknown",
                               "input is neither JSON-LD (starts with '{') nor XML (starts with '<')",
                               text.substr(0, 40));
    }
    if (text.size() > limits.max_document_bytes) {
        return MakeError(
            ErrorCode::kTooLarge, "", "limit.document_bytes",
            "document is larger than the limit of " + std::to_string(limits.max_document_bytes) + " bytes");
    }
    XmlDecodeOptions xml_options;
    xml_options.strict_element_order = load_options.strict_xml_element_order;
    auto decoded =
        *format == Format::kJson ? DecodeJsonDocument(text, limits) : DecodeXmlDocument(text, limits, xml_options);
    if (!decoded) return decoded.error();

    ValidationOptions options;
    options.binding = *format == Format::kJson ? Binding::kJson : Binding::kXml;
    options.max_errors = 1;
    options.lenient_vocabulary_forms = load_options.lenient_vocabulary_forms;
    ValidationReport report = ValidateDocument(*decoded, options);
    if (!report.ok()) return report.errors.front();
    return LoadedDocument{*format, std::move(*decoded), std::move(report.warnings)};
}

std::string EncodeDocument(const Document& doc, Format format) {
    return format == Format::kJson ? EncodeJsonDocument(doc) : EncodeXmlDocument(doc);
}

}  // namespace txng::epcis
