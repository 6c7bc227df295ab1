#pragma once
// GS1 Digital Link resolver links (GS1-Conformant Resolver standard): what a scan of a code
// leads to. An enterprise registers links for its GTINs (the whole product, one variant, one lot or
// one serial) by link type (gs1:pip, gs1:traceability, gs1:certificationInfo, ...), language and
// context; the resolver picks one for a request (Resolve) or lists them all as an RFC 9264 linkset
// (LinksetJson).
//
// Pure functions; thread-safe.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "gs1/digital_link.hpp"

namespace txng::registry {

inline constexpr std::string_view kGs1VocabularyBase = "https://gs1.org/voc/";

struct Link {
    std::int64_t id = 0;  // set by the store
    // The canonical Digital Link of the key and qualifiers it is for, on https://id.gs1.org:
    // "https://id.gs1.org/01/08934567000123" (the product), ".../10/L1" (a lot), ".../21/S1".
    std::string anchor;
    std::string link_type;              // full IRI, e.g. "https://gs1.org/voc/pip"
    std::string href;                   // absolute http(s) URI
    std::string title;                  // what a person sees in a list of links
    std::vector<std::string> hreflang;  // BCP 47 tags ("vi", "en"); empty: any language
    std::string media_type;             // "text/html", "application/pdf"...; empty: not said
    std::vector<std::string> context;   // resolver contexts it serves; empty: any
    bool fwqs = true;                   // the request's query string is passed on when redirecting
    bool is_default = false;            // the default link of its anchor (one per anchor)
    std::string owner;                  // tax code of the GTIN's brand owner (set by the service)
    std::string created_at;             // set by the store
};

// The link type IRI of a CURIE ("gs1:pip"), a bare name ("pip") or the IRI itself; kInvalidArgument
// (rule `link.type`) unless it is a link type of the GS1 Web Vocabulary.
Result<std::string> LinkTypeIri(std::string_view type);
// "gs1:pip" for "https://gs1.org/voc/pip".
std::string LinkTypeCurie(std::string_view iri);

// Decodes a link from the management API's JSON (`id`, `owner` and `createdAt` are ignored) and
// checks every field, naming it: `anchor` a Digital Link of a GTIN with qualifiers only
// (`link.anchor`), `linkType` (`link.type`), `href` an absolute http(s) URI (`link.href`), `title`
// 1-200 characters (`link.title`), `hreflang` language tags (`link.hreflang`), `type` a media type
// (`link.media_type`), `context` tokens (`link.context`), `fwqs` and `default` booleans.
Result<Link> DecodeLink(const boost::json::value& value);
boost::json::object EncodeLink(const Link& link);

// The anchors a request falls back through, most specific first: its key and qualifiers, then
// without the last qualifier, and so on to the key alone (/01/G/22/V/10/L/21/S, /01/G/22/V/10/L,
// /01/G/22/V, /01/G), as canonical Digital Links.
std::vector<std::string> FallbackAnchors(const gs1::DigitalLink& dl);

// What a request asks of the resolver.
struct ResolveRequest {
    std::string link_type;                 // IRI; empty: the default link
    std::string context;                   // empty: none asked
    std::vector<std::string> languages;    // Accept-Language tags, most wanted first
    std::vector<std::string> media_types;  // Accept media types, most wanted first
};

struct Resolution {
    enum class Kind {
        kRedirect,  // to `link`
        kMultiple,  // several links fit equally: 300 with `candidates`
        kNotFound,  // no link of the asked type (or no link at all)
    };
    Kind kind = Kind::kNotFound;
    const Link* link = nullptr;
    std::vector<const Link*> candidates;
};

// Picks the link for `request` among `links` (those of every anchor of FallbackAnchors, in any
// order), per the resolver standard: the most specific anchor that has a link of the asked type
// (or a default link, when no type is asked) wins; among its links, those of the asked context,
// then of the first accepted language that has any, then of the first accepted media type that
// has any; the default link breaks a tie, else kMultiple. `anchors` is FallbackAnchors' list.
Resolution Resolve(const std::vector<Link>& links, const std::vector<std::string>& anchors,
                   const ResolveRequest& request);

// The RFC 9264 linkset of `links` for `anchor` (the request's canonical Digital Link): one object
// with the anchor, `itemDescription` when given, and per link type the list of its links
// (href, title, hreflang, type, context, fwqs); the default link also under gs1:defaultLink, with
// only its href and title. Links of more general anchors are included (what a request falls back
// to); each link once.
boost::json::object LinksetJson(const std::vector<Link>& links, std::string_view anchor,
                                std::string_view item_description = {});

// Accept-Language or Accept as a list of values, most wanted first (q=0 dropped; ties keep their
// order); parameters other than q are dropped from media types.
std::vector<std::string> PreferenceList(std::string_view header);

}  // namespace txng::registry
