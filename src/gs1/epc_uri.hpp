#pragma once
// EPC URIs of the GS1 EPC Tag Data Standard (TDS 2.x) and their translation to and from GS1 Digital
// Link URIs.
//
// Supported:
//   pure identities  urn:epc:id:<scheme>:...   sgtin sscc sgln grai giai gsrn gsrnp gdti sgcn cpi
//                                              ginc gsin itip upui pgln (GS1 keys), gid usdod adi bic
//                                              imovn (non-GS1 schemes)
//   classes          urn:epc:class:lgtin:<GCP>.<indicator+item ref>.<lot>
//   patterns         urn:epc:idpat:<scheme>:... for the GS1 key schemes and gid, usdod, adi: any
//                    number of trailing components may be '*' ("4012345.012345.*",
//                    "4012345.*.*", "*.*.*"), but a '*' may not be followed by a concrete component.
// Not supported: urn:epc:tag:, urn:epc:raw: and EPC binary encodings.
//
// Pure functions; thread-safe (the CompanyPrefixProvider must be thread-safe, as its contract says).

#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "gs1/company_prefix.hpp"
#include "gs1/digital_link.hpp"
#include "gs1/percent_encoding.hpp"

namespace txng::gs1 {

enum class EpcUriKind {
    kPureIdentity,  // urn:epc:id:
    kClass,         // urn:epc:class:
    kPattern,       // urn:epc:idpat:
};

struct EpcUri {
    EpcUriKind kind = EpcUriKind::kPureIdentity;
    std::string scheme;                   // "sgtin", "lgtin", "sscc", ...
    std::vector<std::string> components;  // the dot-separated components as written (escapes kept; "*")
};

// True when `uri` starts with urn:epc:id:, urn:epc:class: or urn:epc:idpat: (lower case, as TDS
// writes them). Says nothing about the rest.
bool IsEpcUri(std::string_view uri);

// Parses and validates `uri` against the TDS grammar of its scheme: company prefix of 6 to 12 digits,
// combined lengths (e.g. company prefix + indicator/item reference = 13 digits for an SGTIN),
// character sets and escapes of alphanumeric components, numeric ranges, check digits (BIC, IMO),
// pattern wildcards. Error rules (Error::where is "uri" or "<scheme>.<component>", e.g.
// "sgtin.serial"):
//   `epc_uri.syntax`          not urn:epc:id|class|idpat:<scheme>:<body>
//   `epc_uri.unknown_scheme`  a scheme txng does not know (or lgtin outside urn:epc:class:)
//   `epc_uri.component_count` wrong number of dot-separated components
//   `epc_uri.company_prefix`  company prefix not 6 to 12 digits
//   `epc_uri.length`          a component, or the prefix and reference together, has the wrong length
//   `epc_uri.charset`         a character not allowed in the component (or one that must be escaped)
//   `epc_uri.escape`          a malformed escape or one standing for a character not allowed there
//   `epc_uri.numeric`         a number with leading zeros or above its maximum (gid, cpi serial, ...)
//   `epc_uri.check_digit`     wrong check digit (bic, imovn)
//   `epc_uri.pattern`         '*' in a pure identity, or a concrete component after a '*'
Result<EpcUri> ParseEpcUri(std::string_view uri);
Result<void> ValidateEpcUri(std::string_view uri);

// The GS1 Digital Link URI of an EPC URI, per TDS section "GS1 Digital Link URI":
//   sgtin  <GCP>.<ind+item>.<serial>      /01/<GTIN-14>/21/<serial>   (indicator moves to the front,
//                                                                     check digit recomputed)
//   lgtin  <GCP>.<ind+item>.<lot>         /01/<GTIN-14>/10/<lot>
//   upui   <GCP>.<ind+item>.<tpx>         /01/<GTIN-14>/235/<tpx>
//   sscc   <GCP>.<ext+serial ref>         /00/<SSCC>
//   sgln   <GCP>.<loc ref>.<ext>          /414/<GLN> when ext is "0", else /414/<GLN>/254/<ext>
//   pgln   <GCP>.<party ref>              /417/<GLN>
//   grai   <GCP>.<asset type>.<serial>    /8003/0<GRAI-13><serial>
//   giai   <GCP>.<asset ref>              /8004/<GCP><asset ref>
//   gsrn / gsrnp <GCP>.<service ref>      /8018/<GSRN> / /8017/<GSRN>
//   gdti   <GCP>.<doc type>.<serial>      /253/<GDTI-13><serial>
//   sgcn   <GCP>.<coupon ref>.<serial>    /255/<GCN-13><serial>
//   cpi    <GCP>.<cp ref>.<serial>        /8010/<GCP><cp ref>/8011/<serial>
//   ginc   <GCP>.<consignment ref>        /401/<GINC>
//   gsin   <GCP>.<shipper ref>            /402/<GSIN>
//   itip   <GCP>.<ind+item>.<pp>.<tt>.<serial>  /8006/<GTIN-14><pp><tt>/21/<serial>
// Patterns whose only wildcard is the last component map to the key without it: sgtin and upui
// ".*" -> /01/<GTIN>; grai -> /8003/0<GRAI-13>; gdti -> /253/<GDTI-13>; sgcn -> /255/<GCN-13>;
// cpi -> /8010/<CPID>; itip -> /8006/<ITIP>. A pattern without wildcard maps like the identity.
// Values are unescaped from the URN and percent-encoded for the Digital Link with `escaping`; the
// default (kEventHash) gives exactly the canonical forms of the EPCIS 2.0 event hash vectors.
// Errors: those of ParseEpcUri, and `epc_uri.no_digital_link` for gid, usdod, adi, bic, imovn and
// for patterns with other wildcards.
Result<std::string> EpcUriToDigitalLink(std::string_view epc_uri, std::string_view base = kCanonicalDigitalLinkBase,
                                        DlEscaping escaping = DlEscaping::kEventHash);
// The same, as a DigitalLink (base kCanonicalDigitalLinkBase, no query).
Result<DigitalLink> EpcUriToDigitalLinkParts(std::string_view epc_uri);

// The EPC URI of a Digital Link URI (the reverse of the table above; a short GTIN is padded to 14
// digits first). The finest identification wins: /01/../10/../21/.. gives an sgtin (the lot is
// dropped); /01/../10/.. an lgtin class; /01/<GTIN> alone, /8003/<GRAI without serial>,
// /253/<GDTI without serial>, /255/<GCN without serial>, /8010/<CPID> alone and /8006/<ITIP> alone
// give ".*" patterns. A consumer product variant (22) has no EPC form and is dropped; query
// attributes are ignored. Errors: those of ParseDigitalLink; `gcp.unknown` when `prefixes` has no
// company prefix length for the key; `gcp.length` when the length it gives is not 6..12 or does
// not fit the key; `epc_uri.no_epc_equivalent` for keys and qualifiers TDS gives no EPC URI (8013
// GMN, 415, 7040, 8019, a lot without serial on 8006).
Result<std::string> DigitalLinkToEpcUri(std::string_view digital_link, const CompanyPrefixProvider& prefixes);
Result<std::string> DigitalLinkToEpcUri(const DigitalLink& dl, const CompanyPrefixProvider& prefixes);

}  // namespace txng::gs1
