#include "registry/links.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <set>

#include "registry/json_fields.hpp"

namespace txng::registry {
namespace {

namespace json = boost::json;
using detail::ObjectReader;

// The link types of the GS1 Web Vocabulary (https://gs1.org/voc/, class gs1:LinkType).
constexpr std::array<std::string_view, 56> kLinkTypes = {
    "activityIdeas",
    "allergenInfo",
    "appDownload",
    "brandHomepageClinical",
    "brandHomepagePatient",
    "careersInfo",
    "certificationInfo",
    "consumerHandlingStorageInfo",
    "defaultLink",
    "defaultLinkMulti",
    "dpp",
    "eifu",
    "epcis",
    "epil",
    "eventsInfo",
    "faqs",
    "handledBy",
    "hasRetailers",
    "homepage",
    "ingredientsInfo",
    "instructions",
    "jws",
    "leaveReview",
    "locationInfo",
    "logisticsInfo",
    "loyaltyProgram",
    "masterData",
    "menuInfo",
    "nutritionalInfo",
    "openingHoursInfo",
    "paymentLink",
    "pip",
    "productSustainabilityInfo",
    "promotion",
    "purchaseSuppliesOrAccessories",
    "quickStartGuide",
    "recallStatus",
    "recipeInfo",
    "registerProduct",
    "registryEntry",
    "relatedImage",
    "relatedVideo",
    "review",
    "safetyInfo",
    "scheduleTime",
    "serviceInfo",
    "smpc",
    "socialMedia",
    "statisticInfo",
    "subscribe",
    "support",
    "sustainabilityInfo",
    "traceability",
    "tutorial",
    "userAgreement",
    "verificationService",
};

bool IsLanguageTag(std::string_view tag) {
    // BCP 47 as resolvers use it: a 2-3 letter language, then subtags of 1-8 letters or digits.
    if (tag.empty() || tag.size() > 35) return false;
    std::size_t i = 0;
    int part = 0;
    while (i <= tag.size()) {
        const std::size_t dash = std::min(tag.find('-', i), tag.size());
        const std::string_view sub = tag.substr(i, dash - i);
        if (sub.empty() || sub.size() > 8) return false;
        for (const char c : sub) {
            const auto u = static_cast<unsigned char>(c);
            if (part == 0 ? !std::isalpha(u) : !std::isalnum(u)) return false;
        }
        if (part == 0 && (sub.size() < 2 || sub.size() > 3)) return false;
        ++part;
        i = dash + 1;
    }
    return true;
}

bool IsToken(std::string_view s, std::size_t max) {
    if (s.empty() || s.size() > max) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '+';
    });
}

bool IsMediaType(std::string_view s) {
    const auto slash = s.find('/');
    return slash != std::string_view::npos && IsToken(s.substr(0, slash), 60) && IsToken(s.substr(slash + 1), 60);
}

bool IsHttpUri(std::string_view s) {
    if (s.size() > 2000) return false;
    const std::size_t stem = s.starts_with("https://") ? 8 : s.starts_with("http://") ? 7 : 0;
    if (stem == 0 || s.size() == stem || s[stem] == '/') return false;
    return std::none_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
               c == '{' || c == '|' || c == '}';
    });
}

// The primary language of a tag, lower case ("vi" of "vi-VN").
std::string Primary(std::string_view tag) {
    std::string out(tag.substr(0, tag.find('-')));
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool SameLanguage(std::string_view a, std::string_view b) { return Primary(a) == Primary(b); }

}  // namespace

Result<std::string> LinkTypeIri(std::string_view type) {
    std::string_view name = type;
    if (name.starts_with("gs1:")) {
        name.remove_prefix(4);
    } else if (name.starts_with(kGs1VocabularyBase)) {
        name.remove_prefix(kGs1VocabularyBase.size());
    }
    if (std::find(kLinkTypes.begin(), kLinkTypes.end(), name) == kLinkTypes.end()) {
        return InvalidArgument("linkType", "link.type",
                               "Not a link type of the GS1 Web Vocabulary (e.g. gs1:pip, gs1:traceability, "
                               "gs1:certificationInfo, gs1:epil, gs1:recipeInfo).",
                               type);
    }
    return std::string(kGs1VocabularyBase) + std::string(name);
}

std::string LinkTypeCurie(std::string_view iri) {
    if (iri.starts_with(kGs1VocabularyBase)) return "gs1:" + std::string(iri.substr(kGs1VocabularyBase.size()));
    return std::string(iri);
}

Result<Link> DecodeLink(const json::value& value) {
    auto r = ObjectReader::Of(value, "");
    if (!r) return r.error();
    if (auto ok = r->OnlyKnown({"id", "anchor", "linkType", "href", "title", "hreflang", "type", "context", "fwqs",
                                "default", "owner", "createdAt"});
        !ok) {
        return ok.error();
    }
    Link l;
    auto anchor = r->String("anchor", 500, true);
    if (!anchor) return anchor.error();
    auto dl = gs1::ParseDigitalLink(*anchor);
    if (!dl) {
        Error e = dl.error();
        e.where = "anchor" + (e.where.empty() ? std::string() : "." + e.where);
        return e;
    }
    if (dl->path.front().ai != "01" || !dl->attributes.empty() || !dl->other_query.empty()) {
        return InvalidArgument("anchor", "link.anchor",
                               "Links are for GTINs: a Digital Link /01/<GTIN>, optionally with /22/, /10/ and "
                               "/21/ (or /235/), and no query string.",
                               *anchor);
    }
    l.anchor = gs1::FormatDigitalLink(*dl);
    auto type = r->String("linkType", 200, true);
    if (!type) return type.error();
    auto iri = LinkTypeIri(*type);
    if (!iri) return iri.error();
    if (*iri == std::string(kGs1VocabularyBase) + "defaultLink" ||
        *iri == std::string(kGs1VocabularyBase) + "defaultLinkMulti") {
        return InvalidArgument("linkType", "link.type",
                               "Give the link its own type and mark it \"default\": true to make it the default.",
                               *type);
    }
    l.link_type = std::move(*iri);
    auto href = r->String("href", 2000, true);
    if (!href) return href.error();
    if (!IsHttpUri(*href)) {
        return InvalidArgument("href", "link.href", "Give an absolute http:// or https:// URI without spaces.", *href);
    }
    l.href = std::move(*href);
    auto title = r->String("title", 200, true);
    if (!title) return title.error();
    l.title = std::move(*title);
    auto langs = r->Strings("hreflang");
    if (!langs) return langs.error();
    for (std::size_t i = 0; i < langs->size(); ++i) {
        if (!IsLanguageTag((*langs)[i])) {
            return InvalidArgument(fmt::format("hreflang[{}]", i), "link.hreflang",
                                   "Give a language tag such as vi, en or vi-VN.", (*langs)[i]);
        }
    }
    l.hreflang = std::move(*langs);
    auto media = r->String("type", 121, false);
    if (!media) return media.error();
    if (!media->empty() && !IsMediaType(*media)) {
        return InvalidArgument("type", "link.media_type", "Give a media type such as text/html or application/pdf.",
                               *media);
    }
    l.media_type = std::move(*media);
    auto context = r->Strings("context");
    if (!context) return context.error();
    for (std::size_t i = 0; i < context->size(); ++i) {
        if (!IsToken((*context)[i], 50)) {
            return InvalidArgument(fmt::format("context[{}]", i), "link.context",
                                   "A context is 1 to 50 letters, digits, '-', '_', '.' or '+'.", (*context)[i]);
        }
    }
    l.context = std::move(*context);
    for (const auto& [key, target] :
         {std::pair<std::string_view, bool*>{"fwqs", &l.fwqs}, {"default", &l.is_default}}) {
        if (const json::value* v = r->Find(key)) {
            if (!v->is_bool()) return InvalidArgument(std::string(key), "json.type", "Expected true or false.");
            *target = v->get_bool();
        }
    }
    return l;
}

json::object EncodeLink(const Link& l) {
    json::object o{{"id", l.id},
                   {"anchor", l.anchor},
                   {"linkType", LinkTypeCurie(l.link_type)},
                   {"href", l.href},
                   {"title", l.title},
                   {"fwqs", l.fwqs},
                   {"default", l.is_default}};
    if (!l.hreflang.empty()) o["hreflang"] = json::value_from(l.hreflang);
    if (!l.media_type.empty()) o["type"] = l.media_type;
    if (!l.context.empty()) o["context"] = json::value_from(l.context);
    if (!l.owner.empty()) o["owner"] = l.owner;
    if (!l.created_at.empty()) o["createdAt"] = l.created_at;
    return o;
}

std::vector<std::string> FallbackAnchors(const gs1::DigitalLink& dl) {
    std::vector<std::string> out;
    gs1::DigitalLink key;
    key.path = dl.path;
    while (!key.path.empty()) {
        out.push_back(gs1::FormatDigitalLink(key));
        key.path.pop_back();
    }
    return out;
}

Resolution Resolve(const std::vector<Link>& links, const std::vector<std::string>& anchors,
                   const ResolveRequest& request) {
    Resolution out;
    for (const auto& anchor : anchors) {
        std::vector<const Link*> fit;
        for (const auto& l : links) {
            if (l.anchor != anchor) continue;
            if (request.link_type.empty() ? l.is_default : l.link_type == request.link_type) fit.push_back(&l);
        }
        // Nothing of the kind here (without a type asked: no default link): one level up.
        if (fit.empty()) continue;
        auto narrow = [&fit](auto&& keep) {
            std::vector<const Link*> kept;
            for (const Link* l : fit) {
                if (keep(*l)) kept.push_back(l);
            }
            if (!kept.empty()) fit = std::move(kept);
            return !kept.empty();
        };
        if (!request.context.empty()) {
            narrow([&](const Link& l) {
                return std::find(l.context.begin(), l.context.end(), request.context) != l.context.end();
            });
        }
        for (const auto& lang : request.languages) {
            if (lang == "*") break;
            const bool any = std::any_of(fit.begin(), fit.end(), [&](const Link* l) {
                return std::any_of(l->hreflang.begin(), l->hreflang.end(),
                                   [&](const std::string& h) { return SameLanguage(h, lang); });
            });
            if (!any) continue;
            narrow([&](const Link& l) {
                return std::any_of(l.hreflang.begin(), l.hreflang.end(),
                                   [&](const std::string& h) { return SameLanguage(h, lang); });
            });
            break;
        }
        for (const auto& media : request.media_types) {
            if (media == "*/*") break;
            const auto star = media.ends_with("/*") ? media.substr(0, media.size() - 1) : std::string();
            auto matches = [&](const Link& l) {
                return !l.media_type.empty() && (star.empty() ? l.media_type == media : l.media_type.starts_with(star));
            };
            if (std::none_of(fit.begin(), fit.end(), [&](const Link* l) { return matches(*l); })) continue;
            narrow(matches);
            break;
        }
        if (fit.size() > 1) {
            auto def = std::find_if(fit.begin(), fit.end(), [](const Link* l) { return l->is_default; });
            if (def != fit.end()) {
                out.kind = Resolution::Kind::kRedirect;
                out.link = *def;
                return out;
            }
            out.kind = Resolution::Kind::kMultiple;
            out.candidates = std::move(fit);
            return out;
        }
        out.kind = Resolution::Kind::kRedirect;
        out.link = fit.front();
        return out;
    }
    return out;
}

json::object LinksetJson(const std::vector<Link>& links, std::string_view anchor, std::string_view item_description) {
    json::object set{{"anchor", anchor}};
    if (!item_description.empty()) set["itemDescription"] = item_description;
    std::set<std::int64_t> seen;
    const Link* default_link = nullptr;
    std::size_t default_depth = 0;
    for (const auto& l : links) {
        if (l.id != 0 && !seen.insert(l.id).second) continue;
        json::object o{{"href", l.href}, {"title", l.title}};
        if (!l.hreflang.empty()) o["hreflang"] = json::value_from(l.hreflang);
        if (!l.media_type.empty()) o["type"] = l.media_type;
        if (!l.context.empty()) o["context"] = json::value_from(l.context);
        o["fwqs"] = l.fwqs;
        json::value& list = set[l.link_type];
        if (!list.is_array()) list = json::array();
        list.as_array().push_back(std::move(o));
        // The default of the most specific anchor is the request's default.
        if (l.is_default && (default_link == nullptr || l.anchor.size() > default_depth)) {
            default_link = &l;
            default_depth = l.anchor.size();
        }
    }
    if (default_link != nullptr) {
        set[std::string(kGs1VocabularyBase) + "defaultLink"] =
            json::array{json::object{{"href", default_link->href}, {"title", default_link->title}}};
    }
    return json::object{{"linkset", json::array{std::move(set)}}};
}

std::vector<std::string> PreferenceList(std::string_view header) {
    struct Item {
        std::string value;
        double q = 1.0;
        std::size_t order = 0;
    };
    std::vector<Item> items;
    std::size_t order = 0;
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view part = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        std::string_view value = part.substr(0, part.find(';'));
        auto trim = [](std::string_view s) {
            while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
            while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
            return s;
        };
        value = trim(value);
        if (value.empty()) continue;
        double q = 1.0;
        for (auto at = part.find(';'); at != std::string_view::npos; at = part.find(';', at + 1)) {
            std::string_view param = trim(part.substr(at + 1, part.find(';', at + 1) - at - 1));
            if (param.starts_with("q=")) {
                param.remove_prefix(2);
                double v = 0;
                auto [ptr, ec] = std::from_chars(param.data(), param.data() + param.size(), v);
                q = ec == std::errc() && ptr == param.data() + param.size() && v >= 0 && v <= 1 ? v : 0;
            }
        }
        if (q > 0) items.push_back(Item{std::string(value), q, order++});
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.q > b.q; });
    std::vector<std::string> out;
    out.reserve(items.size());
    for (auto& i : items) out.push_back(std::move(i.value));
    return out;
}

}  // namespace txng::registry
