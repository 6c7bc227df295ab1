#pragma once
// GS1-EPC-Format (EPCIS 2.0 REST binding): how identifiers are written in query results.
//
// Pure functions; thread-safe when the CompanyPrefixProvider is.

#include <optional>
#include <string_view>

#include "epcis/event.hpp"
#include "gs1/company_prefix.hpp"

namespace txng::epcis {

enum class EpcFormat {
    kNoPreference,       // the server's choice: as captured
    kAlwaysDigitalLink,  // EPC URNs become GS1 Digital Link URIs on https://id.gs1.org (the default)
    kAlwaysEpcUrn,       // Digital Links become EPC URNs where the company prefix length is known
    kNeverTranslates,    // as captured
};

// The header value (`Always_GS1_Digital_Link`, `Always_EPC_URN`, `Never_Translates`,
// `No_Preference`); nullopt for anything else.
std::optional<EpcFormat> ParseEpcFormat(std::string_view value);
std::string_view EpcFormatName(EpcFormat format);

// Rewrites the identifiers of `event` (EPC lists, parentID, quantity classes, readPoint and
// bizLocation ids, source and destination values) into `format`. An identifier that has no form
// in the target (a non-GS1 URI, a Digital Link whose company prefix `prefixes` does not know) is
// left as it is. `prefixes` may be null: then no Digital Link becomes a URN.
void TranslateIdentifiers(Event& event, EpcFormat format, const gs1::CompanyPrefixProvider* prefixes);

// One identifier, as TranslateIdentifiers does it (Never_Translates and No_Preference leave it).
void TranslateIdentifier(std::string& id, EpcFormat format, const gs1::CompanyPrefixProvider* prefixes);

}  // namespace txng::epcis
