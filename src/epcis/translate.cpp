#include "epcis/translate.hpp"

#include "gs1/digital_link.hpp"
#include "gs1/epc_uri.hpp"

namespace txng::epcis {

void TranslateIdentifier(std::string& id, EpcFormat format, const gs1::CompanyPrefixProvider* prefixes) {
    if (format == EpcFormat::kAlwaysDigitalLink) {
        if (!gs1::IsEpcUri(id)) return;
        // Patterns keep their URN form: most have no Digital Link equivalent.
        if (id.rfind("urn:epc:idpat:", 0) == 0) return;
        if (auto dl = gs1::EpcUriToDigitalLink(id, gs1::kCanonicalDigitalLinkBase, gs1::DlEscaping::kStrict)) {
            id = std::move(*dl);
        }
    } else if (format == EpcFormat::kAlwaysEpcUrn) {
        if (prefixes == nullptr || !gs1::LooksLikeDigitalLink(id)) return;
        gs1::DigitalLinkOptions options;
        options.pad_short_gtin = true;
        auto dl = gs1::ParseDigitalLink(id, options);
        if (!dl) return;
        if (auto urn = gs1::DigitalLinkToEpcUri(*dl, *prefixes)) id = std::move(*urn);
    }
}

std::optional<EpcFormat> ParseEpcFormat(std::string_view value) {
    if (value == "Always_GS1_Digital_Link") return EpcFormat::kAlwaysDigitalLink;
    if (value == "Always_EPC_URN") return EpcFormat::kAlwaysEpcUrn;
    if (value == "Never_Translates") return EpcFormat::kNeverTranslates;
    if (value == "No_Preference") return EpcFormat::kNoPreference;
    return std::nullopt;
}

std::string_view EpcFormatName(EpcFormat format) {
    switch (format) {
        case EpcFormat::kAlwaysDigitalLink:
            return "Always_GS1_Digital_Link";
        case EpcFormat::kAlwaysEpcUrn:
            return "Always_EPC_URN";
        case EpcFormat::kNeverTranslates:
            return "Never_Translates";
        case EpcFormat::kNoPreference:
            return "No_Preference";
    }
    return "No_Preference";
}

void TranslateIdentifiers(Event& event, EpcFormat format, const gs1::CompanyPrefixProvider* prefixes) {
    if (format == EpcFormat::kNeverTranslates || format == EpcFormat::kNoPreference) return;
    auto each = [&](std::vector<std::string>& list) {
        for (auto& id : list) TranslateIdentifier(id, format, prefixes);
    };
    auto classes = [&](std::vector<QuantityElement>& list) {
        for (auto& q : list) TranslateIdentifier(q.epc_class, format, prefixes);
    };
    if (event.parent_id) TranslateIdentifier(*event.parent_id, format, prefixes);
    each(event.epc_list);
    each(event.child_epcs);
    each(event.input_epc_list);
    each(event.output_epc_list);
    classes(event.quantity_list);
    classes(event.child_quantity_list);
    classes(event.input_quantity_list);
    classes(event.output_quantity_list);
    if (event.read_point) TranslateIdentifier(event.read_point->id, format, prefixes);
    if (event.biz_location) TranslateIdentifier(event.biz_location->id, format, prefixes);
    for (auto& s : event.source_list) TranslateIdentifier(s.value, format, prefixes);
    for (auto& d : event.destination_list) TranslateIdentifier(d.value, format, prefixes);
}

}  // namespace txng::epcis
