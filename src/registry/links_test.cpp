#include "registry/links.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace txng::registry {
namespace {

namespace json = boost::json;

constexpr std::string_view kGtin = "https://id.gs1.org/01/08934567000123";

Link Make(std::string anchor, std::string type, std::string href, std::vector<std::string> langs = {},
          bool is_default = false, std::vector<std::string> context = {}, std::string media = {}) {
    Link l;
    static std::int64_t next = 1;
    l.id = next++;
    l.anchor = std::move(anchor);
    l.link_type = std::string(kGs1VocabularyBase) + type;
    l.href = std::move(href);
    l.title = "t";
    l.hreflang = std::move(langs);
    l.is_default = is_default;
    l.context = std::move(context);
    l.media_type = std::move(media);
    return l;
}

std::vector<std::string> Anchors(std::string_view uri) { return FallbackAnchors(gs1::ParseDigitalLink(uri).value()); }

TEST(LinksTest, LinkTypesAreThoseOfTheGs1WebVocabulary) {
    EXPECT_EQ(LinkTypeIri("gs1:pip").value(), "https://gs1.org/voc/pip");
    EXPECT_EQ(LinkTypeIri("traceability").value(), "https://gs1.org/voc/traceability");
    EXPECT_EQ(LinkTypeIri("https://gs1.org/voc/certificationInfo").value(), "https://gs1.org/voc/certificationInfo");
    EXPECT_EQ(LinkTypeIri("gs1:nonsense").error().rule, "link.type");
    EXPECT_EQ(LinkTypeCurie("https://gs1.org/voc/epil"), "gs1:epil");
}

TEST(LinksTest, DecodingChecksEveryFieldAndCanonicalisesTheAnchor) {
    auto ok = DecodeLink(
        json::parse(R"({"anchor":"https://brand.example.vn/01/08934567000123/10/L%2F1","linkType":"gs1:pip",)"
                    R"("href":"https://brand.example.vn/ca-phe","title":"Cà phê Cầu Đất","hreflang":["vi","en-GB"],)"
                    R"("type":"text/html","context":["vn"],"fwqs":false,"default":true})"));
    ASSERT_TRUE(ok) << ok.error().ToString();
    EXPECT_EQ(ok->anchor, "https://id.gs1.org/01/08934567000123/10/L%2F1");
    EXPECT_EQ(ok->link_type, "https://gs1.org/voc/pip");
    EXPECT_FALSE(ok->fwqs);
    EXPECT_TRUE(ok->is_default);
    const json::object round = EncodeLink(*ok);
    EXPECT_EQ(round.at("linkType"), "gs1:pip");
    EXPECT_TRUE(DecodeLink(round));

    const std::string base = R"("linkType":"gs1:pip","href":"https://a.vn/","title":"x")";
    struct Case {
        std::string body, where, rule;
    };
    const std::vector<Case> cases = {
        {R"({"anchor":"https://id.gs1.org/414/8934567000017",)" + base + "}", "anchor", "link.anchor"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000124",)" + base + "}", "anchor.path/01", "gtin.check_digit"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123?17=261231",)" + base + "}", "anchor", "link.anchor"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:bogus","href":"https://a.vn/","title":"x"})",
         "linkType", "link.type"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:defaultLink","href":"https://a.vn/","title":"x"})",
         "linkType", "link.type"},
        {R"j({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:pip","href":"javascript:alert(1)","title":"x"})j",
         "href", "link.href"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:pip","href":"https://a.vn/ x","title":"x"})",
         "href", "link.href"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123","linkType":"gs1:pip","href":"https://a.vn/","title":""})",
         "title", "field.required"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123",)" + base + R"(,"hreflang":["vietnamese"]})",
         "hreflang[0]", "link.hreflang"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123",)" + base + R"(,"type":"html"})", "type",
         "link.media_type"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123",)" + base + R"(,"context":["a b"]})", "context[0]",
         "link.context"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123",)" + base + R"(,"fwqs":"yes"})", "fwqs", "json.type"},
        {R"({"anchor":"https://id.gs1.org/01/08934567000123",)" + base + R"(,"extra":1})", "extra", "field.unknown"},
    };
    for (const auto& c : cases) {
        auto r = DecodeLink(json::parse(c.body));
        ASSERT_FALSE(r) << c.body;
        EXPECT_EQ(r.error().where, c.where) << c.body;
        EXPECT_EQ(r.error().rule, c.rule) << c.body;
    }
}

TEST(LinksTest, RequestsFallBackFromSerialToLotToProduct) {
    EXPECT_EQ(Anchors("https://x.vn/01/08934567000123/10/L1/21/S1?17=261231&linkType=gs1:pip"),
              (std::vector<std::string>{std::string(kGtin) + "/10/L1/21/S1", std::string(kGtin) + "/10/L1",
                                        std::string(kGtin)}));
    const std::vector<Link> links = {
        Make(std::string(kGtin), "pip", "https://a.vn/product", {"vi"}, true),
        Make(std::string(kGtin) + "/10/L1", "traceability", "https://a.vn/lot-trace"),
        Make(std::string(kGtin) + "/10/L1", "certificationInfo", "https://a.vn/lot-cert", {}, true),
        Make(std::string(kGtin) + "/10/L2", "pip", "https://a.vn/other-lot", {}, true),
    };
    const auto serial = Anchors("https://x.vn/01/08934567000123/10/L1/21/S1");
    // No type asked: the default of the most specific anchor that has one (the lot's).
    auto r = Resolve(links, serial, {});
    ASSERT_EQ(r.kind, Resolution::Kind::kRedirect);
    EXPECT_EQ(r.link->href, "https://a.vn/lot-cert");
    // A type only the product has: from the product.
    r = Resolve(links, serial, {.link_type = "https://gs1.org/voc/pip"});
    ASSERT_EQ(r.kind, Resolution::Kind::kRedirect);
    EXPECT_EQ(r.link->href, "https://a.vn/product");
    r = Resolve(links, serial, {.link_type = "https://gs1.org/voc/traceability"});
    EXPECT_EQ(r.link->href, "https://a.vn/lot-trace");
    // A type nobody has: 404.
    EXPECT_EQ(Resolve(links, serial, {.link_type = "https://gs1.org/voc/recipeInfo"}).kind,
              Resolution::Kind::kNotFound);
    // Another lot has its own default; the product alone its.
    EXPECT_EQ(Resolve(links, Anchors("https://x.vn/01/08934567000123/10/L2"), {}).link->href, "https://a.vn/other-lot");
    EXPECT_EQ(Resolve(links, Anchors("https://x.vn/01/08934567000123"), {}).link->href, "https://a.vn/product");
    EXPECT_EQ(Resolve({}, serial, {}).kind, Resolution::Kind::kNotFound);
}

TEST(LinksTest, LanguageContextAndMediaTypeChooseAmongLinksOfOneType) {
    const std::string a(kGtin);
    const std::vector<Link> links = {
        Make(a, "pip", "https://a.vn/vi", {"vi"}, true),
        Make(a, "pip", "https://a.vn/en", {"en"}),
        Make(a, "pip", "https://a.vn/en-pdf", {"en"}, false, {}, "application/pdf"),
        Make(a, "epil", "https://a.vn/epil-hcp", {}, false, {"hcp"}),
        Make(a, "epil", "https://a.vn/epil-patient", {}, false, {"patient"}),
    };
    const auto anchors = Anchors("https://x.vn/01/08934567000123");
    const std::string pip = "https://gs1.org/voc/pip";
    auto r = Resolve(links, anchors, {.link_type = pip, .languages = PreferenceList("en-US,en;q=0.8,vi;q=0.5")});
    ASSERT_EQ(r.kind, Resolution::Kind::kMultiple) << "two English links, neither the default";
    EXPECT_EQ(r.candidates.size(), 2u);
    r = Resolve(
        links, anchors,
        {.link_type = pip, .languages = {"en"}, .media_types = PreferenceList("application/pdf, text/html;q=0.5")});
    ASSERT_EQ(r.kind, Resolution::Kind::kRedirect);
    EXPECT_EQ(r.link->href, "https://a.vn/en-pdf");
    r = Resolve(links, anchors, {.link_type = pip, .languages = PreferenceList("fr, vi;q=0.3")});
    EXPECT_EQ(r.link->href, "https://a.vn/vi") << "the first accepted language that has a link";
    r = Resolve(links, anchors, {.link_type = pip, .languages = {"ja"}});
    EXPECT_EQ(r.link->href, "https://a.vn/vi") << "no language fits: the default decides";
    const std::string epil = "https://gs1.org/voc/epil";
    EXPECT_EQ(Resolve(links, anchors, {.link_type = epil, .context = "patient"}).link->href,
              "https://a.vn/epil-patient");
    EXPECT_EQ(Resolve(links, anchors, {.link_type = epil}).kind, Resolution::Kind::kMultiple);
}

TEST(LinksTest, LinksetsFollowRfc9264WithTheDefaultLinkListedOnItsOwn) {
    const std::string a(kGtin);
    const std::vector<Link> links = {
        Make(a, "pip", "https://a.vn/vi", {"vi"}, true),
        Make(a + "/10/L1", "traceability", "https://a.vn/trace", {}, true, {"vn"}, "text/html"),
        Make(a, "pip", "https://a.vn/en", {"en"}),
    };
    const json::object set = LinksetJson(links, a + "/10/L1", "Cà phê");
    const json::array& list = set.at("linkset").as_array();
    ASSERT_EQ(list.size(), 1u);
    const json::object& item = list.at(0).as_object();
    EXPECT_EQ(item.at("anchor").as_string(), a + "/10/L1");
    EXPECT_EQ(item.at("itemDescription"), "Cà phê");
    EXPECT_EQ(item.at("https://gs1.org/voc/pip").as_array().size(), 2u);
    const json::object& trace = item.at("https://gs1.org/voc/traceability").at(0).as_object();
    EXPECT_EQ(trace.at("href"), "https://a.vn/trace");
    EXPECT_EQ(trace.at("type"), "text/html");
    EXPECT_EQ(trace.at("context").at(0), "vn");
    const json::array& def = item.at("https://gs1.org/voc/defaultLink").as_array();
    ASSERT_EQ(def.size(), 1u);
    EXPECT_EQ(def.at(0).at("href"), "https://a.vn/trace") << "the lot's default is the request's";
    EXPECT_EQ(def.at(0).as_object().size(), 2u) << "only href and title";
    for (const auto& [type, links_of_type] : item) {
        if (type == "anchor" || type == "itemDescription") continue;
        for (const auto& l : links_of_type.as_array()) {
            EXPECT_TRUE(l.as_object().contains("href") && l.as_object().contains("title")) << type;
        }
    }
}

TEST(LinksTest, PreferencesAreOrderedByQuality) {
    EXPECT_EQ(PreferenceList("vi;q=0.5, en-US, fr;q=0, *;q=0.1"), (std::vector<std::string>{"en-US", "vi", "*"}));
    EXPECT_EQ(PreferenceList("text/html;level=1;q=0.9, application/linkset+json"),
              (std::vector<std::string>{"application/linkset+json", "text/html"}));
    EXPECT_TRUE(PreferenceList("").empty());
}

}  // namespace
}  // namespace txng::registry
