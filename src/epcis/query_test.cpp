#include "epcis/query.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "epcis/document_io.hpp"
#include "gs1/epc_uri.hpp"
#include "tests/support/shared_dir.hpp"

namespace txng::epcis {
namespace {

using Namespaces = std::map<std::string, std::string>;
using Kind = IdPattern::Kind;

const Namespaces kNone;
const Namespaces kExampleSlash = {{"example", "http://ns.example.com/epcis/"}};
const Namespaces kExampleNoSlash = {{"example", "https://ns.example.com/epcis"},
                                    {"example2", "https://ns.example2.com/epcis"},
                                    {"example3", "https://ns.example3.com/epcis"},
                                    {"example4", "https://ns.example4.com/epcis"}};

std::vector<QueryParam> Params(std::initializer_list<std::pair<std::string, std::vector<std::string>>> list) {
    std::vector<QueryParam> out;
    for (const auto& [name, values] : list) out.push_back(QueryParam{name, values});
    return out;
}

EventQuery MustParse(std::initializer_list<std::pair<std::string, std::vector<std::string>>> list,
                     const Namespaces& ns = kNone) {
    auto q = ParseEventQuery(Params(list), ns);
    EXPECT_TRUE(q.has_value()) << (q ? "" : q.error().ToString());
    return q ? *q : EventQuery{};
}

// The error of parsing `list`, which must fail.
Error ParseError(std::initializer_list<std::pair<std::string, std::vector<std::string>>> list,
                 const Namespaces& ns = kNone) {
    auto q = ParseEventQuery(Params(list), ns);
    EXPECT_FALSE(q.has_value()) << "parsed, but should not have";
    return q ? Error{} : q.error();
}

::testing::AssertionResult FailsWith(std::initializer_list<std::pair<std::string, std::vector<std::string>>> list,
                                     const std::string& where, const std::string& rule, const Namespaces& ns = kNone) {
    auto q = ParseEventQuery(Params(list), ns);
    if (q) return ::testing::AssertionFailure() << "parsed, but should fail with " << rule;
    if (q.error().where != where || q.error().rule != rule) {
        return ::testing::AssertionFailure() << "got " << q.error().ToString() << ", want " << where << " / " << rule;
    }
    return ::testing::AssertionSuccess();
}

DateTime T(std::string_view text) {
    auto t = DateTime::Parse(text);
    EXPECT_TRUE(t.has_value()) << text;
    return t ? *t : DateTime{};
}

// ---------------------------------------------------------------------------------------------
// Corpus helpers

Document LoadShared(const std::string& relative) {
    auto dir = txng::testing::SharedDir();
    if (!dir) return {};
    const std::string text = txng::testing::ReadFile(*dir / relative);
    auto loaded = LoadDocument(text);
    EXPECT_TRUE(loaded.has_value()) << relative << ": " << (loaded ? "" : loaded.error().ToString());
    return loaded ? loaded->document : Document{};
}

// Indexes of the events of `doc` that `query` (parsed with `ns`) matches.
std::vector<std::size_t> Matching(const Document& doc,
                                  std::initializer_list<std::pair<std::string, std::vector<std::string>>> list,
                                  const Namespaces& ns = kNone) {
    auto q = ParseEventQuery(Params(list), ns);
    EXPECT_TRUE(q.has_value()) << (q ? "" : q.error().ToString());
    if (!q) return {};
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        if (Matches(*q, doc.events[i], EffectiveNamespaces(doc, doc.events[i]))) out.push_back(i);
    }
    return out;
}

using Indexes = std::vector<std::size_t>;

// ---------------------------------------------------------------------------------------------
// Synthetic events

ExtensionField Field(std::string ns, std::string name, ExtensionValue value) {
    ExtensionField f;
    f.ns = std::move(ns);
    f.name = std::move(name);
    f.value = std::move(value);
    return f;
}

ExtensionValue Text(std::string text, ExtensionValue::Kind kind = ExtensionValue::Kind::kString) {
    ExtensionValue v;
    v.kind = kind;
    v.text = std::move(text);
    return v;
}

ExtensionValue Object(std::vector<ExtensionField> fields) {
    ExtensionValue v;
    v.kind = ExtensionValue::Kind::kObject;
    v.fields = std::move(fields);
    return v;
}

ExtensionValue Array(std::vector<ExtensionValue> items) {
    ExtensionValue v;
    v.kind = ExtensionValue::Kind::kArray;
    v.items = std::move(items);
    return v;
}

constexpr const char* kEx = "https://ns.example.com/epcis/";
const Namespaces kExNs = {{"ex", kEx}};

Event BaseEvent() {
    Event e;
    e.type = EventType::kObjectEvent;
    e.event_time = T("2024-03-01T08:00:00+07:00");
    e.record_time = T("2024-03-01T09:00:00Z");
    e.event_id = "urn:uuid:11111111-2222-3333-4444-555555555555";
    e.action = Action::kObserve;
    e.biz_step = "shipping";
    e.disposition = "urn:epcglobal:cbv:disp:in_transit";
    e.epc_list = {"urn:epc:id:sgtin:0614141.107346.2017"};
    e.present.epc_list = true;
    e.read_point = Location{"urn:epc:id:sgln:0614141.07346.1234", {}};
    return e;
}

bool Match(std::initializer_list<std::pair<std::string, std::vector<std::string>>> list, const Event& e,
           const Namespaces& query_ns = kExNs, const Namespaces& event_ns = kExNs) {
    auto q = ParseEventQuery(Params(list), query_ns);
    EXPECT_TRUE(q.has_value()) << (q ? "" : q.error().ToString());
    return q && Matches(*q, e, event_ns);
}

// =============================================================================================
// Canonical forms

TEST(CanonicalIdentifierTest, EpcUrnAndDigitalLinksOnAnyHostShareOneForm) {
    const std::string want = "https://id.gs1.org/01/10614141073464/21/2017";
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:sgtin:0614141.107346.2017"), want);
    EXPECT_EQ(CanonicalIdentifier(want), want);
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/10614141073464/21/2017?17=201231"), want);
    EXPECT_EQ(CanonicalIdentifier("http://brand.example/some/path/01/10614141073464/21/2017"), want);
    // A serial makes the lot and the CPV redundant, as in the sgtin URN.
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/10614141073464/10/LOT1/21/2017"), want);
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/10614141073464/22/A1/21/2017"), want);
}

TEST(CanonicalIdentifierTest, PadsShortGtinsAndKeepsClassQualifiers) {
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/4012345111118"), "https://id.gs1.org/01/04012345111118");
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/04012345111118/10/ABC"),
              "https://id.gs1.org/01/04012345111118/10/ABC");
    EXPECT_EQ(CanonicalIdentifier("urn:epc:class:lgtin:4012345.011111.ABC"),
              "https://id.gs1.org/01/04012345111118/10/ABC");
}

TEST(CanonicalIdentifierTest, ConvertsLocationPartyContainerAndAssetUrns) {
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:sgln:0614141.07346.0"), "https://id.gs1.org/414/0614141073467");
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:sgln:0614141.07346.1234"),
              "https://id.gs1.org/414/0614141073467/254/1234");
    EXPECT_EQ(CanonicalIdentifier("https://id.example.com/414/0614141073467/254/1234"),
              "https://id.gs1.org/414/0614141073467/254/1234");
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:sscc:0614141.1234567890"), "https://id.gs1.org/00/106141412345678908");
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:pgln:9520001.11111"), "https://id.gs1.org/417/9520001111112");
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:giai:4000001.111"), "https://id.gs1.org/8004/4000001111");
    EXPECT_EQ(CanonicalIdentifier("urn:epc:id:grai:4012345.55555.98765"),
              "https://id.gs1.org/8003/0401234555555498765");
}

TEST(CanonicalIdentifierTest, ReescapesDigitalLinkValuesTheSameWayAsUrnComponents) {
    // '/' must be escaped in both forms; the URN escapes it as %2F too.
    const std::string from_urn = CanonicalIdentifier("urn:epc:id:sgtin:0614141.107346.A%2FB");
    EXPECT_EQ(from_urn, "https://id.gs1.org/01/10614141073464/21/A%2FB");
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/10614141073464/21/A%2fB"), from_urn);
    // `!` is literal in the Digital Link as written, escaped in canonical form.
    EXPECT_EQ(CanonicalIdentifier("https://example.com/01/10614141073464/21/A!"),
              "https://id.gs1.org/01/10614141073464/21/A%21");
}

TEST(CanonicalIdentifierTest, LeavesOtherUrisUnchanged) {
    for (std::string_view uri : {
             "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8",
             "https://example.com/things/42",
             "urn:epc:id:gid:95100000.12345.400",           // no Digital Link form
             "urn:epc:id:sgtin:0614141.10734.2017",         // wrong length: not a valid EPC
             "https://example.com/01/10614141073465/21/1",  // wrong check digit
             "urn:epcglobal:cbv:bt:0614141073467:1152",
             "",
         }) {
        EXPECT_EQ(CanonicalIdentifier(uri), uri);
    }
}

// The contract's definition, straight from the TDS conversion (no fast path).
std::string ReferenceCanonical(std::string_view urn) {
    auto dl = gs1::EpcUriToDigitalLink(urn, gs1::kCanonicalDigitalLinkBase, gs1::DlEscaping::kEventHash);
    return dl ? *dl : std::string(urn);
}

TEST(CanonicalIdentifierTest, FastUrnConversionAgreesWithTheTagDataStandardConversion) {
    // Random URNs around every length limit, valid and not, for the schemes with a fast path and
    // a few without; CanonicalIdentifier must give what gs1::EpcUriToDigitalLink gives (or the
    // URN itself when that fails).
    std::mt19937 rng(20240301);
    auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto digits = [&](std::size_t n) {
        std::string d;
        for (std::size_t i = 0; i < n; ++i) d.push_back(static_cast<char>('0' + pick(10)));
        return d;
    };
    const std::string chars = "0123456789ABCXYZabcxyz!'()*+,-.:;=_\"&/<>?# ";
    auto text = [&](std::size_t n) {
        std::string t;
        for (std::size_t i = 0; i < n; ++i) t.push_back(chars[pick(chars.size())]);
        return t;
    };
    struct Scheme {
        const char* prefix;
        int total;   // digits of company prefix + reference
        int serial;  // max serial length (0: none); negative: serial digits only
        bool three;  // three components
    };
    const std::vector<Scheme> schemes = {
        {"urn:epc:id:sgtin:", 13, 20, true},   {"urn:epc:class:lgtin:", 13, 20, true},
        {"urn:epc:id:sscc:", 17, 0, false},    {"urn:epc:id:sgln:", 12, 20, true},
        {"urn:epc:id:grai:", 12, 16, true},    {"urn:epc:id:giai:", 0, 30, false},
        {"urn:epc:id:pgln:", 12, 0, false},    {"urn:epc:id:gsrn:", 17, 0, false},
        {"urn:epc:id:gsrnp:", 17, 0, false},   {"urn:epc:id:gdti:", 12, 17, true},
        {"urn:epc:idpat:sgtin:", 13, 0, true},
    };
    int converted = 0;
    for (int round = 0; round < 4000; ++round) {
        const Scheme& sc = schemes[pick(schemes.size())];
        const std::size_t gcp = 5 + pick(9);  // 5..13: one below and above the allowed 6..12
        std::string urn = std::string(sc.prefix) + digits(gcp);
        if (sc.total > 0) {
            const int want = sc.total - static_cast<int>(gcp);
            const int len = std::max(0, want + static_cast<int>(pick(3)) - 1);
            urn += "." + digits(static_cast<std::size_t>(len));
        }
        if (sc.three || sc.total == 0) {
            const std::size_t len = pick(static_cast<std::size_t>(std::max(sc.serial, 2) + 3));
            urn += ".";
            urn += std::string(sc.prefix).find("idpat") != std::string::npos ? "*" : text(len);
        }
        const std::string want = ReferenceCanonical(urn);
        EXPECT_EQ(CanonicalIdentifier(urn), want) << urn;
        if (want != urn) ++converted;
    }
    // Enough of them valid to exercise the conversion, enough invalid to exercise the refusals.
    EXPECT_GT(converted, 400);
    EXPECT_LT(converted, 3200);
    // Hand-picked edges: 12-digit company prefixes with empty references, zero extensions,
    // escapes (which take the general path).
    for (std::string_view urn :
         {"urn:epc:id:grai:012345678901..1", "urn:epc:id:sgln:012345678901..0", "urn:epc:id:sgln:0614141.07346.0",
          "urn:epc:id:sgln:0614141.07346.00", "urn:epc:id:sgtin:0614141.107346.%2F1",
          "urn:epc:id:sgtin:0614141.107346.%41", "urn:epc:id:sgtin:0614141.107346.a%2fb", "urn:epc:id:giai:0614141.",
          "urn:epc:id:sscc:0614141.12345678901", "urn:epc:class:lgtin:0614141.107346.",
          "urn:epc:id:sgtin:0614141.107346.12345678901234567890",
          "urn:epc:id:sgtin:0614141.107346.123456789012345678901"}) {
        EXPECT_EQ(CanonicalIdentifier(urn), ReferenceCanonical(urn)) << urn;
    }
}

TEST(CanonicalIdentifierTest, CanonicalLookingDigitalLinksAreTheirOwnForm) {
    // Whatever their validity: a valid one normalises to itself, an invalid one stays unchanged.
    for (std::string_view uri :
         {"https://id.gs1.org/01/09520001123467/21/10000001005",
          "https://id.gs1.org/01/09520001123460/21/1",  // bad check digit
          "https://id.gs1.org/414/0614141073467/254/1234", "https://id.gs1.org/01/04012345111118/10/ABC",
          "https://id.gs1.org/00/106141412345678908", "https://id.gs1.org/8004/4000001111"}) {
        EXPECT_EQ(CanonicalIdentifier(uri), uri);
    }
    // And the shapes that do change go through the general conversion.
    EXPECT_EQ(CanonicalIdentifier("https://id.gs1.org/01/09520001123467/10/L/21/1"),
              "https://id.gs1.org/01/09520001123467/21/1");
    EXPECT_EQ(CanonicalIdentifier("https://id.gs1.org/01/9520001123467/21/1"),
              "https://id.gs1.org/01/09520001123467/21/1");
    EXPECT_EQ(CanonicalIdentifier("https://id.gs1.org/gtin/09520001123467/ser/1"),
              "https://id.gs1.org/01/09520001123467/21/1");
    EXPECT_EQ(CanonicalIdentifier("https://id.gs1.org/01/09520001123467/21/1/"),
              "https://id.gs1.org/01/09520001123467/21/1");
}

TEST(CanonicalIdentifierTest, EventIdentifiersListsParentFirstThenListsInModelOrder) {
    Event e;
    e.type = EventType::kTransformationEvent;
    e.parent_id = "urn:epc:id:sscc:0614141.1234567890";
    e.epc_list = {"urn:epc:id:sgtin:0614141.107346.1"};
    e.child_epcs = {"urn:uuid:child"};
    e.quantity_list = {QuantityElement{"urn:epc:class:lgtin:4012345.011111.L1", 5, "KGM"}};
    e.child_quantity_list = {QuantityElement{"https://example.com/01/04012345111118", 2, std::nullopt}};
    e.input_epc_list = {"urn:epc:id:sgtin:0614141.107346.2"};
    e.input_quantity_list = {QuantityElement{"urn:epc:idpat:sgtin:4012345.066666.*", 220, std::nullopt}};
    e.output_epc_list = {"https://id.gs1.org/01/10614141073464/21/3"};
    e.output_quantity_list = {QuantityElement{"urn:epc:class:lgtin:4012345.011111.L2", std::nullopt, std::nullopt}};

    const auto ids = EventIdentifiers(e);
    ASSERT_EQ(ids.size(), 9u);
    const std::vector<std::pair<IdRole, std::string>> want = {
        {kRoleParentId, "https://id.gs1.org/00/106141412345678908"},
        {kRoleEpcList, "https://id.gs1.org/01/10614141073464/21/1"},
        {kRoleChildEpcs, "urn:uuid:child"},
        {kRoleQuantity, "https://id.gs1.org/01/04012345111118/10/L1"},
        {kRoleChildQuantity, "https://id.gs1.org/01/04012345111118"},
        {kRoleInputEpcs, "https://id.gs1.org/01/10614141073464/21/2"},
        {kRoleInputQuantity, "https://id.gs1.org/01/04012345666663"},
        {kRoleOutputEpcs, "https://id.gs1.org/01/10614141073464/21/3"},
        {kRoleOutputQuantity, "https://id.gs1.org/01/04012345111118/10/L2"},
    };
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(ids[i].role, want[i].first) << i;
        EXPECT_EQ(ids[i].canonical, want[i].second) << i;
    }
    EXPECT_EQ(ids[0].quantity, nullptr);
    EXPECT_EQ(ids[3].quantity, &e.quantity_list[0]);
    EXPECT_EQ(ids[6].quantity, &e.input_quantity_list[0]);
    EXPECT_EQ(ids[8].quantity, &e.output_quantity_list[0]);
}

TEST(CanonicalIdentifierTest, EveryEpcOfTheCorpusHasTheSameFormAsItsDigitalLinkTwin) {
    TXNG_REQUIRE_SHARED();
    // The two files describe the same events, one with EPC URNs and one with Digital Links.
    const Document urn = LoadShared("conformance/epcis/valid-json/Example_9.6.4-TransformationEvent.jsonld");
    const Document dl =
        LoadShared("conformance/epcis/valid-json/Example_9.6.4-TransformationEventWithDigitalLink.jsonld");
    ASSERT_EQ(urn.events.size(), 1u);
    ASSERT_EQ(dl.events.size(), 1u);
    const auto a = EventIdentifiers(urn.events[0]);
    const auto b = EventIdentifiers(dl.events[0]);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].role, b[i].role) << i;
        EXPECT_EQ(a[i].canonical, b[i].canonical) << i;
        EXPECT_TRUE(a[i].canonical.starts_with("https://id.gs1.org/")) << a[i].canonical;
    }
}

TEST(CanonicalIdentifierTest, CanonicalVocabularyUnifiesTheFormsOfAStandardWord) {
    const std::string want = "https://ref.gs1.org/cbv/BizStep-shipping";
    for (std::string_view form : {"shipping", "urn:epcglobal:cbv:bizstep:shipping",
                                  "https://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping"}) {
        EXPECT_EQ(CanonicalVocabulary(cbv::Vocab::kBizStep, form, kNone), want) << form;
    }
    EXPECT_EQ(CanonicalVocabulary(cbv::Vocab::kMeasurementType, "gs1:MT-Temperature", kNone),
              CanonicalVocabulary(cbv::Vocab::kMeasurementType, "Temperature", kNone));
    EXPECT_EQ(CanonicalVocabulary(cbv::Vocab::kBizStep, "ex:grading", kExNs), std::string(kEx) + "grading");
    EXPECT_EQ(CanonicalVocabulary(cbv::Vocab::kBizStep, "https://example.com/steps/x", kNone),
              "https://example.com/steps/x");
    EXPECT_EQ(CanonicalVocabulary(cbv::Vocab::kBizStep, "undeclared:x", kNone), "undeclared:x");
}

// =============================================================================================
// MATCH_ patterns

TEST(QueryIdPatternTest, GlobFollowsSqliteSyntax) {
    EXPECT_TRUE((IdPattern{Kind::kGlob, "a?c*"}).Matches("abcdef"));
    EXPECT_TRUE((IdPattern{Kind::kGlob, "a?c*"}).Matches("abc"));
    EXPECT_FALSE((IdPattern{Kind::kGlob, "a?c*"}).Matches("ac"));
    EXPECT_TRUE((IdPattern{Kind::kGlob, "*/21/*"}).Matches("x/21/y"));
    EXPECT_FALSE((IdPattern{Kind::kGlob, "*/21/*"}).Matches("x/10/y"));
    EXPECT_TRUE((IdPattern{Kind::kGlob, "a[[]b"}).Matches("a[b"));
    EXPECT_FALSE((IdPattern{Kind::kGlob, "a[[]b"}).Matches("axb"));
    EXPECT_TRUE((IdPattern{Kind::kGlob, "[0-9]x"}).Matches("7x"));
    EXPECT_FALSE((IdPattern{Kind::kGlob, "[^0-9]x"}).Matches("7x"));
    EXPECT_FALSE((IdPattern{Kind::kGlob, "abc"}).Matches("abcd"));
    EXPECT_TRUE((IdPattern{Kind::kPrefix, "ab"}).Matches("abcd"));
    EXPECT_FALSE((IdPattern{Kind::kExact, "ab"}).Matches("abcd"));
}

TEST(QueryIdPatternTest, PlainValueIsItsCanonicalForm) {
    auto p = IdPatternsFor("urn:epc:id:sgtin:0614141.107346.2017");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, (std::vector<IdPattern>{{Kind::kExact, "https://id.gs1.org/01/10614141073464/21/2017"}}));
    p = IdPatternsFor("urn:uuid:x");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, (std::vector<IdPattern>{{Kind::kExact, "urn:uuid:x"}}));
}

TEST(QueryIdPatternTest, GtinLevelDigitalLinkCoversTheGtinsLotsAndSerials) {
    auto p = IdPatternsFor("https://brand.example/01/10614141073464?linkType=all");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, (std::vector<IdPattern>{{Kind::kExact, "https://id.gs1.org/01/10614141073464"},
                                          {Kind::kPrefix, "https://id.gs1.org/01/10614141073464/"}}));
    // A GTIN with a lot is a class of its own, not a pattern.
    p = IdPatternsFor("https://id.gs1.org/01/10614141073464/10/L1");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->size(), 1u);
}

TEST(QueryIdPatternTest, SgtinPatternsBecomeGtinPrefixesAndGlobs) {
    auto p = IdPatternsFor("urn:epc:idpat:sgtin:0614141.107346.*");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, (std::vector<IdPattern>{{Kind::kExact, "https://id.gs1.org/01/10614141073464"},
                                          {Kind::kPrefix, "https://id.gs1.org/01/10614141073464/"}}));
    p = IdPatternsFor("urn:epc:idpat:sgtin:0614141.*.*");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, (std::vector<IdPattern>{{Kind::kExact, "urn:epc:idpat:sgtin:0614141.*.*"},
                                          {Kind::kGlob, "https://id.gs1.org/01/?0614141??????"},
                                          {Kind::kGlob,
                                           "https://id.gs1.org/01/?0614141??????"
                                           "/*"}}));
    p = IdPatternsFor("urn:epc:idpat:sgtin:*.*.*");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->back(), (IdPattern{Kind::kPrefix, "https://id.gs1.org/01/"}));
    // A pattern without wildcard is the identity.
    p = IdPatternsFor("urn:epc:idpat:sgtin:0614141.107346.2017");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, (std::vector<IdPattern>{{Kind::kExact, "https://id.gs1.org/01/10614141073464/21/2017"}}));
}

TEST(QueryIdPatternTest, OtherSchemesCoverWhatTheirPatternCovers) {
    auto covers = [](std::string_view pattern, std::string_view id) {
        auto p = IdPatternsFor(pattern);
        EXPECT_TRUE(p.has_value()) << pattern;
        if (!p) return false;
        const std::string c = CanonicalIdentifier(id);
        for (const auto& x : *p) {
            if (x.Matches(c)) return true;
        }
        return false;
    };
    EXPECT_TRUE(covers("urn:epc:idpat:sgln:0614141.07346.*", "urn:epc:id:sgln:0614141.07346.0"));
    EXPECT_TRUE(covers("urn:epc:idpat:sgln:0614141.07346.*", "urn:epc:id:sgln:0614141.07346.1234"));
    EXPECT_FALSE(covers("urn:epc:idpat:sgln:0614141.07346.*", "urn:epc:id:sgln:0614141.07347.1234"));
    EXPECT_TRUE(covers("urn:epc:idpat:sgln:0614141.*.*", "urn:epc:id:sgln:0614141.07347.1234"));
    EXPECT_TRUE(covers("urn:epc:idpat:sscc:0614141.*", "urn:epc:id:sscc:0614141.1234567890"));
    EXPECT_FALSE(covers("urn:epc:idpat:sscc:0614142.*", "urn:epc:id:sscc:0614141.1234567890"));
    EXPECT_TRUE(covers("urn:epc:idpat:grai:4012345.55555.*", "urn:epc:id:grai:4012345.55555.98765"));
    EXPECT_FALSE(covers("urn:epc:idpat:grai:4012345.55556.*", "urn:epc:id:grai:4012345.55555.98765"));
    EXPECT_TRUE(covers("urn:epc:idpat:grai:4012345.*.*", "urn:epc:id:grai:4012345.55555.98765"));
    EXPECT_TRUE(covers("urn:epc:idpat:giai:4000001.*", "urn:epc:id:giai:4000001.12345"));
    EXPECT_FALSE(covers("urn:epc:idpat:giai:4000002.*", "urn:epc:id:giai:4000001.12345"));
    EXPECT_TRUE(covers("urn:epc:idpat:pgln:9520001.*", "urn:epc:id:pgln:9520001.11111"));
    EXPECT_TRUE(covers("urn:epc:idpat:gid:95100000.12345.*", "urn:epc:id:gid:95100000.12345.400"));
    EXPECT_FALSE(covers("urn:epc:idpat:gid:95100000.12346.*", "urn:epc:id:gid:95100000.12345.400"));
    EXPECT_TRUE(covers("urn:epc:idpat:gid:*.*.*", "urn:epc:id:gid:95100000.12345.400"));
    EXPECT_TRUE(covers("urn:epc:idpat:gdti:4012345.00005.*", "urn:epc:id:gdti:4012345.00005.987"));
    EXPECT_TRUE(covers("urn:epc:idpat:gdti:4012345.*.*", "urn:epc:id:gdti:4012345.00005.987"));
    EXPECT_TRUE(covers("urn:epc:idpat:gsrn:0614141.*", "urn:epc:id:gsrn:0614141.1234567890"));
    EXPECT_FALSE(covers("urn:epc:idpat:gsrnp:0614141.*", "urn:epc:id:gsrn:0614141.1234567890"));
    EXPECT_TRUE(covers("urn:epc:idpat:upui:4012345.011111.*", "urn:epc:id:upui:4012345.011111.ABC"));
    EXPECT_FALSE(covers("urn:epc:idpat:upui:4012345.011111.*", "urn:epc:id:sgtin:4012345.011111.ABC"));
    EXPECT_TRUE(covers("urn:epc:idpat:upui:4012345.*.*", "urn:epc:id:upui:4012345.011111.ABC"));
    EXPECT_TRUE(covers("urn:epc:idpat:itip:4012345.011111.01.02.*", "urn:epc:id:itip:4012345.011111.01.02.987"));
    EXPECT_FALSE(covers("urn:epc:idpat:itip:4012345.011111.01.03.*", "urn:epc:id:itip:4012345.011111.01.02.987"));
    EXPECT_TRUE(covers("urn:epc:idpat:itip:4012345.011111.01.*.*", "urn:epc:id:itip:4012345.011111.01.02.987"));
    EXPECT_TRUE(covers("urn:epc:idpat:itip:4012345.011111.*.*.*", "urn:epc:id:itip:4012345.011111.01.02.987"));
    EXPECT_TRUE(covers("urn:epc:idpat:itip:4012345.*.*.*.*", "urn:epc:id:itip:4012345.011111.01.02.987"));
    EXPECT_TRUE(covers("urn:epc:idpat:cpi:0614141.123ABC.*", "urn:epc:id:cpi:0614141.123ABC.123456789"));
    EXPECT_FALSE(covers("urn:epc:idpat:cpi:0614141.123ABD.*", "urn:epc:id:cpi:0614141.123ABC.123456789"));
    EXPECT_TRUE(covers("urn:epc:idpat:cpi:0614141.*.*", "urn:epc:id:cpi:0614141.123ABC.123456789"));
    EXPECT_TRUE(covers("urn:epc:idpat:usdod:2S194.*", "urn:epc:id:usdod:2S194.12345678901"));
    // An sgtin pattern covers the lots of its GTIN too (quantity lists name lot classes).
    EXPECT_TRUE(covers("urn:epc:idpat:sgtin:4012345.011111.*", "urn:epc:class:lgtin:4012345.011111.4444"));
    EXPECT_TRUE(covers("urn:epc:idpat:sgtin:4012345.*.*", "urn:epc:class:lgtin:4012345.011111.4444"));
    EXPECT_FALSE(covers("urn:epc:idpat:sgtin:4012346.*.*", "urn:epc:class:lgtin:4012345.011111.4444"));
    // The Digital Link form of the identifier is covered as well as the URN.
    EXPECT_TRUE(covers("urn:epc:idpat:sgtin:0614141.*.*", "https://example.com/01/70614141123451/21/2017"));
}

TEST(QueryIdPatternTest, RejectsBadPatternsAndNonUris) {
    auto p = IdPatternsFor("urn:epc:idpat:sgtin:0614141.*.2017");
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().rule, "query.epc_pattern");
    EXPECT_EQ(p.error().where, "value");
    EXPECT_EQ(p.error().value, "urn:epc:idpat:sgtin:0614141.*.2017");
    p = IdPatternsFor("urn:epc:idpat:sgtin:061414.1073460.*");  // 6 + 7 digits is still 13: valid
    EXPECT_TRUE(p.has_value());
    p = IdPatternsFor("urn:epc:idpat:sgtin:0614141.10734.*");
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().rule, "query.epc_pattern");
    p = IdPatternsFor("not a uri");
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().rule, "uri.format");
}

// =============================================================================================
// Parsing

TEST(QueryParseTest, EmptyQueryHasNoConditionsAndDescendingOrder) {
    const EventQuery q = MustParse({});
    EXPECT_TRUE(q.event_types.empty());
    EXPECT_EQ(q.order_by, OrderField::kNone);
    EXPECT_EQ(q.order_direction, OrderDirection::kDesc);
    EXPECT_FALSE(q.event_count_limit);
}

TEST(QueryParseTest, EventTypesAreStandardNamesOrUris) {
    const EventQuery q = MustParse({{"eventType", {"ObjectEvent", "ex:RepairEvent", "https://x.example/T"}}}, kExNs);
    EXPECT_EQ(q.event_types,
              (std::vector<std::string>{"ObjectEvent", std::string(kEx) + "RepairEvent", "https://x.example/T"}));
    EXPECT_TRUE(FailsWith({{"eventType", {"objectevent"}}}, "eventType", "query.value"));
    EXPECT_TRUE(FailsWith({{"eventType", {}}}, "eventType", "query.value_count"));
}

TEST(QueryParseTest, TimesAreRfc3339AndSingleValued) {
    const EventQuery q = MustParse({{"GE_eventTime", {"2022-06-30T00:15:47.000-05:00"}},
                                    {"LT_eventTime", {"2022-07-01T00:00:00Z"}},
                                    {"GE_recordTime", {"2022-06-30T00:00:00Z"}},
                                    {"LT_recordTime", {"2022-06-30T01:00:00+07:00"}}});
    ASSERT_TRUE(q.ge_event_time && q.lt_event_time && q.ge_record_time && q.lt_record_time);
    EXPECT_EQ(*q.ge_event_time, T("2022-06-30T05:15:47Z"));
    EXPECT_EQ(*q.lt_record_time, T("2022-06-29T18:00:00Z"));
    EXPECT_TRUE(FailsWith({{"GE_eventTime", {"2022-06-30"}}}, "GE_eventTime", "query.value"));
    EXPECT_TRUE(FailsWith({{"LT_recordTime", {"yesterday"}}}, "LT_recordTime", "query.value"));
    EXPECT_TRUE(FailsWith({{"GE_eventTime", {"2022-06-30T00:00:00Z", "2022-07-30T00:00:00Z"}}}, "GE_eventTime",
                          "query.value_count"));
    const Error e = ParseError({{"GE_eventTime", {"2022-13-01T00:00:00Z"}}});
    EXPECT_EQ(e.value, "2022-13-01T00:00:00Z");
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
}

TEST(QueryParseTest, ActionsAreTheThreeUpperCaseWords) {
    const EventQuery q = MustParse({{"EQ_action", {"ADD", "OBSERVE", "DELETE"}}});
    EXPECT_EQ(q.actions, (std::vector<Action>{Action::kAdd, Action::kObserve, Action::kDelete}));
    EXPECT_TRUE(FailsWith({{"EQ_action", {"add"}}}, "EQ_action", "query.value"));
}

TEST(QueryParseTest, VocabularyValuesAreCanonicalWebUris) {
    const EventQuery q = MustParse({{"EQ_bizStep", {"shipping", "urn:epcglobal:cbv:bizstep:receiving", "ex:custom"}},
                                    {"EQ_disposition", {"cbv:Disp-in_transit"}},
                                    {"EQ_persistentDisposition_set", {"completeness_inferred"}},
                                    {"EQ_persistentDisposition_unset", {"https://ref.gs1.org/cbv/Disp-recalled"}},
                                    {"EQ_errorReason", {"did_not_occur"}}},
                                   kExNs);
    EXPECT_EQ(q.biz_steps,
              (std::vector<std::string>{"https://ref.gs1.org/cbv/BizStep-shipping",
                                        "https://ref.gs1.org/cbv/BizStep-receiving", std::string(kEx) + "custom"}));
    EXPECT_EQ(q.dispositions, (std::vector<std::string>{"https://ref.gs1.org/cbv/Disp-in_transit"}));
    EXPECT_EQ(q.persistent_disposition_set,
              (std::vector<std::string>{"https://ref.gs1.org/cbv/Disp-completeness_inferred"}));
    EXPECT_EQ(q.persistent_disposition_unset, (std::vector<std::string>{"https://ref.gs1.org/cbv/Disp-recalled"}));
    EXPECT_EQ(q.error_reasons, (std::vector<std::string>{"https://ref.gs1.org/cbv/ER-did_not_occur"}));
}

TEST(QueryParseTest, VocabularyRejectsUnknownBareWordsAndUnknownWordsInTheCbvNamespace) {
    EXPECT_TRUE(FailsWith({{"EQ_bizStep", {"shiping"}}}, "EQ_bizStep", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_bizStep", {"urn:epcglobal:cbv:bizstep:shiping"}}}, "EQ_bizStep", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_disposition", {"cbv:Disp-lost"}}}, "EQ_disposition", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_errorReason", {"wrong"}}}, "EQ_errorReason", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_type", {"Temperatur"}}}, "EQ_type", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_persistentDisposition_set", {"a b:c"}}}, "EQ_persistentDisposition_set", "uri.format"));
}

TEST(QueryParseTest, LocationsAndTransformationIdsAreCanonicalIdentifiers) {
    const EventQuery q = MustParse({{"EQ_readPoint", {"urn:epc:id:sgln:0614141.07346.1234"}},
                                    {"WD_readPoint", {"https://example.com/414/0614141073467"}},
                                    {"EQ_bizLocation", {"urn:epc:id:sgln:0614141.07346.0"}},
                                    {"WD_bizLocation", {"urn:uuid:loc"}},
                                    {"EQ_transformationID", {"urn:uuid:t1"}}});
    EXPECT_EQ(q.read_points, (std::vector<std::string>{"https://id.gs1.org/414/0614141073467/254/1234"}));
    EXPECT_EQ(q.wd_read_points, (std::vector<std::string>{"https://id.gs1.org/414/0614141073467"}));
    EXPECT_EQ(q.biz_locations, (std::vector<std::string>{"https://id.gs1.org/414/0614141073467"}));
    EXPECT_EQ(q.wd_biz_locations, (std::vector<std::string>{"urn:uuid:loc"}));
    EXPECT_EQ(q.transformation_ids, (std::vector<std::string>{"urn:uuid:t1"}));
    EXPECT_TRUE(FailsWith({{"EQ_readPoint", {"room 12"}}}, "EQ_readPoint", "uri.format"));
    EXPECT_TRUE(FailsWith({{"WD_bizLocation", {}}}, "WD_bizLocation", "query.value_count"));
}

TEST(QueryParseTest, MatchParametersNameTheirRoles) {
    struct Case {
        const char* name;
        std::uint16_t roles;
    };
    for (const Case& c : {
             Case{"MATCH_epc", kRoleEpcList | kRoleChildEpcs},
             Case{"MATCH_parentID", kRoleParentId},
             Case{"MATCH_inputEPC", kRoleInputEpcs},
             Case{"MATCH_outputEPC", kRoleOutputEpcs},
             Case{"MATCH_anyEPC", kRoleParentId | kRoleEpcList | kRoleChildEpcs | kRoleInputEpcs | kRoleOutputEpcs},
             Case{"MATCH_epcClass", kRoleQuantity | kRoleChildQuantity},
             Case{"MATCH_inputEPCClass", kRoleInputQuantity},
             Case{"MATCH_outputEPCClass", kRoleOutputQuantity},
             Case{"MATCH_anyEPCClass", kRoleQuantity | kRoleChildQuantity | kRoleInputQuantity | kRoleOutputQuantity},
         }) {
        const EventQuery q = MustParse({{c.name, {"urn:epc:id:sgtin:0614141.107346.2017", "urn:uuid:x"}}});
        ASSERT_EQ(q.id_conditions.size(), 1u) << c.name;
        EXPECT_EQ(q.id_conditions[0].roles, c.roles) << c.name;
        EXPECT_EQ(q.id_conditions[0].patterns.size(), 2u) << c.name;
    }
}

TEST(QueryParseTest, MatchErrorsNameTheParameter) {
    EXPECT_TRUE(FailsWith({{"MATCH_epc", {"urn:epc:idpat:sgtin:0614141.*.2017"}}}, "MATCH_epc", "query.epc_pattern"));
    EXPECT_TRUE(FailsWith({{"MATCH_anyEPC", {"not a uri"}}}, "MATCH_anyEPC", "uri.format"));
    EXPECT_TRUE(FailsWith({{"MATCH_epcClass", {}}}, "MATCH_epcClass", "query.value_count"));
}

TEST(QueryParseTest, QuantitiesAreNumbersWithOptionalUnit) {
    const EventQuery q = MustParse({{"EQ_quantity", {"5", "7.5"}},
                                    {"GT_quantity", {"1"}},
                                    {"GE_quantity", {"1e0"}},
                                    {"LT_quantity", {"100"}},
                                    {"LE_quantity", {"+100"}},
                                    {"GE_quantity_KGM", {"0.5"}}});
    ASSERT_EQ(q.quantity_conditions.size(), 6u);
    EXPECT_EQ(q.quantity_conditions[0].op, CompareOp::kEq);
    EXPECT_EQ(q.quantity_conditions[0].values, (std::vector<double>{5, 7.5}));
    EXPECT_EQ(q.quantity_conditions[0].value, 5);
    EXPECT_EQ(q.quantity_conditions[1].op, CompareOp::kGt);
    EXPECT_EQ(q.quantity_conditions[4].value, 100);
    EXPECT_EQ(q.quantity_conditions[5].uom, "KGM");
    EXPECT_EQ(q.quantity_conditions[5].op, CompareOp::kGe);
    EXPECT_TRUE(FailsWith({{"EQ_quantity", {"five"}}}, "EQ_quantity", "query.value"));
    EXPECT_TRUE(FailsWith({{"GT_quantity", {"1", "2"}}}, "GT_quantity", "query.value_count"));
    EXPECT_TRUE(FailsWith({{"LT_quantity_KGM", {"0x10"}}}, "LT_quantity_KGM", "query.value"));
    EXPECT_TRUE(FailsWith({{"GE_quantity_kgm", {"1"}}}, "GE_quantity_kgm", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"GE_quantity_KILOGRAM", {"1"}}}, "GE_quantity_KILOGRAM", "query.unknown_parameter"));
}

TEST(QueryParseTest, EventIdsAndErrorDeclarationParameters) {
    const EventQuery q = MustParse({{"EQ_eventID", {"ni:///sha-256;abc?ver=CBV2.0", "urn:uuid:1"}},
                                    {"EXISTS_errorDeclaration", {}},
                                    {"GE_errorDeclarationTime", {"2020-01-01T00:00:00Z"}},
                                    {"LT_errorDeclaration_Time", {"2021-01-01T00:00:00Z"}},
                                    {"EQ_correctiveEventID", {"urn:uuid:2"}}});
    EXPECT_EQ(q.event_ids, (std::vector<std::string>{"ni:///sha-256;abc?ver=CBV2.0", "urn:uuid:1"}));
    EXPECT_EQ(q.exists_error_declaration, true);
    EXPECT_EQ(q.ge_error_declaration_time, T("2020-01-01T00:00:00Z"));
    EXPECT_EQ(q.lt_error_declaration_time, T("2021-01-01T00:00:00Z"));
    EXPECT_EQ(q.corrective_event_ids, (std::vector<std::string>{"urn:uuid:2"}));
    EXPECT_TRUE(FailsWith({{"EQ_eventID", {"42"}}}, "EQ_eventID", "uri.format"));
    // Both spellings of the schema and the OpenAPI file are one parameter.
    EXPECT_TRUE(FailsWith(
        {{"GE_errorDeclarationTime", {"2020-01-01T00:00:00Z"}}, {"GE_errorDeclaration_Time", {"2020-01-01T00:00:00Z"}}},
        "GE_errorDeclaration_Time", "query.duplicate_parameter"));
}

TEST(QueryParseTest, ExistsTakesNoValueOrABooleanAndFalseAsksForNothing) {
    for (const std::vector<std::string>& v :
         std::vector<std::vector<std::string>>{{}, {""}, {"true"}, {"1"}, {"null"}}) {
        EXPECT_EQ(MustParse({{"EXISTS_errorDeclaration", v}}).exists_error_declaration, true);
        EXPECT_EQ(MustParse({{"EXISTS_sensorElementList", v}}).exists_sensor_element_list, true);
        EXPECT_EQ(MustParse({{"EXISTS_ex:f", v}}, kExNs).field_conditions.size(), 1u);
    }
    EXPECT_FALSE(MustParse({{"EXISTS_errorDeclaration", {"false"}}}).exists_error_declaration);
    EXPECT_FALSE(MustParse({{"EXISTS_sensorElementList", {"0"}}}).exists_sensor_element_list);
    EXPECT_TRUE(MustParse({{"EXISTS_ex:f", {"false"}}}, kExNs).field_conditions.empty());
    EXPECT_TRUE(FailsWith({{"EXISTS_errorDeclaration", {"yes"}}}, "EXISTS_errorDeclaration", "query.value"));
    EXPECT_TRUE(
        FailsWith({{"EXISTS_sensorElementList", {"true", "true"}}}, "EXISTS_sensorElementList", "query.value_count"));
}

TEST(QueryParseTest, TypedLinksTakeTheirTypeFromTheName) {
    const EventQuery q = MustParse({{"EQ_bizTransaction_po", {"http://transaction.acme.com/po/12345678"}},
                                    {"EQ_source_owning_party", {"urn:epc:id:pgln:9520001.11111"}},
                                    {"EQ_destination_location", {"urn:epc:id:sgln:0614141.07346.0"}},
                                    {"EQ_bizTransaction_ex:contract", {"urn:uuid:c"}}},
                                   kExNs);
    ASSERT_EQ(q.biz_transactions.size(), 2u);
    EXPECT_EQ(q.biz_transactions[0].type, "https://ref.gs1.org/cbv/BTT-po");
    EXPECT_EQ(q.biz_transactions[0].values, (std::vector<std::string>{"http://transaction.acme.com/po/12345678"}));
    EXPECT_EQ(q.biz_transactions[1].type, std::string(kEx) + "contract");
    ASSERT_EQ(q.sources.size(), 1u);
    EXPECT_EQ(q.sources[0].type, "https://ref.gs1.org/cbv/SDT-owning_party");
    EXPECT_EQ(q.sources[0].values, (std::vector<std::string>{"https://id.gs1.org/417/9520001111112"}));
    ASSERT_EQ(q.destinations.size(), 1u);
    EXPECT_EQ(q.destinations[0].type, "https://ref.gs1.org/cbv/SDT-location");
    EXPECT_TRUE(FailsWith({{"EQ_source_", {"urn:uuid:x"}}}, "EQ_source_", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"EQ_destination_owning_party", {"party 1"}}}, "EQ_destination_owning_party", "uri.format"));
}

TEST(QueryParseTest, SensorParametersBecomeSensorConditions) {
    const EventQuery q = MustParse({{"EQ_type", {"Temperature", "gs1:MT-Speed"}},
                                    {"EQ_deviceID", {"urn:epc:id:giai:4000001.111"}},
                                    {"EQ_dataProcessingMethod", {"https://example.com/m"}},
                                    {"EQ_microorganism", {"https://www.ncbi.nlm.nih.gov/taxonomy/1126011"}},
                                    {"EQ_chemicalSubstance", {"https://identifiers.org/inchikey:X"}},
                                    {"EQ_bizRules", {"https://example.com/rules"}},
                                    {"EQ_stringValue", {"abc", "def"}},
                                    {"EQ_hexBinaryValue", {"f0F0"}},
                                    {"EQ_uriValue", {"https://example.com/v"}},
                                    {"EQ_booleanValue", {"true"}},
                                    {"GE_startTime", {"2019-04-01T00:00:00Z"}},
                                    {"LT_startTime", {"2019-04-02T00:00:00Z"}},
                                    {"GE_endTime", {"2019-04-01T00:00:00Z"}},
                                    {"LT_endTime", {"2019-04-03T00:00:00Z"}},
                                    {"GE_time", {"2019-04-01T00:00:00Z"}},
                                    {"LT_time", {"2019-04-03T00:00:00Z"}},
                                    {"GT_percRank", {"10"}},
                                    {"GE_percRank", {"10"}},
                                    {"LT_percRank", {"90"}},
                                    {"LE_percRank", {"90"}},
                                    {"EQ_value_CEL", {"4", "5"}},
                                    {"GT_value_CEL", {"8"}},
                                    {"LE_minValue_CEL", {"2"}},
                                    {"GE_maxValue_CEL", {"8"}},
                                    {"LT_meanValue_CEL", {"5"}},
                                    {"GT_sDev_CEL", {"0.1"}},
                                    {"EQ_percValue_A93", {"12.7"}}});
    ASSERT_EQ(q.sensor_conditions.size(), 27u);
    const SensorCondition& type = q.sensor_conditions[0];
    EXPECT_EQ(type.field, "type");
    ASSERT_EQ(type.values.size(), 2u);
    EXPECT_EQ(type.values[0].text, "https://gs1.org/voc/Temperature");
    EXPECT_EQ(type.values[1].text, "https://gs1.org/voc/Speed");
    EXPECT_EQ(q.sensor_conditions[1].field, "deviceID");
    EXPECT_EQ(q.sensor_conditions[1].values[0].text, "https://id.gs1.org/8004/4000001111");
    EXPECT_EQ(q.sensor_conditions[9].field, "booleanValue");
    EXPECT_EQ(q.sensor_conditions[9].values[0].boolean, true);
    EXPECT_EQ(q.sensor_conditions[10].field, "startTime");
    EXPECT_EQ(q.sensor_conditions[10].op, CompareOp::kGe);
    EXPECT_EQ(q.sensor_conditions[14].field, "time");
    EXPECT_EQ(q.sensor_conditions[16].field, "percRank");
    EXPECT_EQ(q.sensor_conditions[16].op, CompareOp::kGt);
    EXPECT_FALSE(q.sensor_conditions[16].uom);
    const SensorCondition& value = q.sensor_conditions[20];
    EXPECT_EQ(value.field, "value");
    EXPECT_EQ(value.uom, "CEL");
    ASSERT_EQ(value.values.size(), 2u);
    EXPECT_EQ(value.values[1].number, 5.0);
    EXPECT_EQ(q.sensor_conditions[22].field, "minValue");
    EXPECT_EQ(q.sensor_conditions[22].op, CompareOp::kLe);
    EXPECT_EQ(q.sensor_conditions[25].field, "sDev");
    EXPECT_EQ(q.sensor_conditions[26].field, "percValue");
    EXPECT_EQ(q.sensor_conditions[26].uom, "A93");
}

TEST(QueryParseTest, SensorParametersRejectValuesOfTheWrongForm) {
    EXPECT_TRUE(FailsWith({{"EQ_booleanValue", {"yes"}}}, "EQ_booleanValue", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_booleanValue", {"true", "false"}}}, "EQ_booleanValue", "query.value_count"));
    EXPECT_TRUE(FailsWith({{"EQ_hexBinaryValue", {"xyz"}}}, "EQ_hexBinaryValue", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_hexBinaryValue", {"abc"}}}, "EQ_hexBinaryValue", "query.value"));
    EXPECT_TRUE(FailsWith({{"EQ_deviceID", {"device 1"}}}, "EQ_deviceID", "uri.format"));
    EXPECT_TRUE(FailsWith({{"GE_time", {"noon"}}}, "GE_time", "query.value"));
    EXPECT_TRUE(FailsWith({{"GT_value_CEL", {"warm"}}}, "GT_value_CEL", "query.value"));
    EXPECT_TRUE(FailsWith({{"GT_value_CEL", {"1", "2"}}}, "GT_value_CEL", "query.value_count"));
    EXPECT_TRUE(FailsWith({{"GE_percRank", {"high"}}}, "GE_percRank", "query.value"));
    EXPECT_TRUE(FailsWith({{"GT_value_C", {"1"}}}, "GT_value_C", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"EQ_percRank", {"1"}}}, "EQ_percRank", "query.unknown_parameter"));
}

TEST(QueryParseTest, ExtensionFieldFamiliesResolveTheirScopeAndName) {
    struct Case {
        const char* name;
        FieldCondition::Scope scope;
        CompareOp op;
    };
    using S = FieldCondition::Scope;
    for (const Case& c : {
             Case{"EQ_ex:f", S::kEvent, CompareOp::kEq},
             Case{"GT_ex:f", S::kEvent, CompareOp::kGt},
             Case{"GE_ex:f", S::kEvent, CompareOp::kGe},
             Case{"LT_ex:f", S::kEvent, CompareOp::kLt},
             Case{"LE_ex:f", S::kEvent, CompareOp::kLe},
             Case{"EXISTS_ex:f", S::kEvent, CompareOp::kExists},
             Case{"EQ_INNER_ex:f", S::kEventInner, CompareOp::kEq},
             Case{"EQ_ILMD_ex:f", S::kIlmd, CompareOp::kEq},
             Case{"GE_INNER_ILMD_ex:f", S::kIlmdInner, CompareOp::kGe},
             Case{"EXISTS_ILMD_ex:f", S::kIlmd, CompareOp::kExists},
             Case{"EXISTS_INNER_ILMD_ex:f", S::kIlmdInner, CompareOp::kExists},
             Case{"EQ_ERROR_DECLARATION_ex:f", S::kErrorDeclaration, CompareOp::kEq},
             Case{"LT_INNER_ERROR_DECLARATION_ex:f", S::kErrorDeclarationInner, CompareOp::kLt},
             Case{"EQ_SENSORELEMENT_ex:f", S::kSensorElement, CompareOp::kEq},
             Case{"EQ_INNER_SENSORELEMENT_ex:f", S::kSensorElementInner, CompareOp::kEq},
             Case{"LE_SENSORMETADATA_ex:f", S::kSensorMetadata, CompareOp::kLe},
             Case{"EQ_INNER_SENSORMETADATA_ex:f", S::kSensorMetadataInner, CompareOp::kEq},
             Case{"GT_SENSORREPORT_ex:f", S::kSensorReport, CompareOp::kGt},
             Case{"EXISTS_INNER_SENSORREPORT_ex:f", S::kSensorReportInner, CompareOp::kExists},
         }) {
        const std::vector<std::string> values =
            c.op == CompareOp::kExists ? std::vector<std::string>{} : std::vector<std::string>{"5"};
        const EventQuery q = MustParse({{c.name, values}}, kExNs);
        ASSERT_EQ(q.field_conditions.size(), 1u) << c.name;
        const FieldCondition& f = q.field_conditions[0];
        EXPECT_EQ(f.scope, c.scope) << c.name;
        EXPECT_EQ(f.op, c.op) << c.name;
        EXPECT_EQ(f.ns, kEx) << c.name;
        EXPECT_EQ(f.local, "f") << c.name;
    }
}

TEST(QueryParseTest, ExtensionFieldNamesAreCuriesWellKnownPrefixesOrIris) {
    EventQuery q = MustParse({{"EQ_https://ns.example.com/epcis/temperature", {"5"}},
                              {"EQ_INNER_http://other.example/ns#depth", {"2"}},
                              {"EQ_ILMD_cbvmda:lotNumber", {"L1"}},
                              {"EQ_urn:example:fields:colour", {"red"}}});
    ASSERT_EQ(q.field_conditions.size(), 4u);
    EXPECT_EQ(q.field_conditions[0].ns, "https://ns.example.com/epcis/");
    EXPECT_EQ(q.field_conditions[0].local, "temperature");
    EXPECT_EQ(q.field_conditions[1].ns, "http://other.example/ns#");
    EXPECT_EQ(q.field_conditions[1].local, "depth");
    EXPECT_EQ(q.field_conditions[2].ns, "urn:epcglobal:cbv:mda:");
    EXPECT_EQ(q.field_conditions[2].local, "lotNumber");
    EXPECT_EQ(q.field_conditions[3].ns, "urn:example:fields:");
    EXPECT_EQ(q.field_conditions[3].local, "colour");
    EXPECT_TRUE(FailsWith({{"EQ_undeclared:x", {"1"}}}, "EQ_undeclared:x", "query.prefix", kExNs));
    EXPECT_TRUE(FailsWith({{"EQ_ILMD_other:x", {"1"}}}, "EQ_ILMD_other:x", "query.prefix", kExNs));
    EXPECT_TRUE(FailsWith({{"EQ_https://host", {"1"}}}, "EQ_https://host", "query.value"));
}

TEST(QueryParseTest, ExtensionValuesAreParsedOnceAsNumberTimeOrCanonicalUri) {
    const EventQuery q =
        MustParse({{"EQ_ex:a", {"20", "2024-01-01T00:00:00Z", "text", "ex:word", "urn:epc:id:giai:4000001.111"}},
                   {"GT_ex:b", {"2024-01-01T00:00:00+07:00"}},
                   {"LE_ex:c", {"-1.5e2"}}},
                  kExNs);
    ASSERT_EQ(q.field_conditions.size(), 3u);
    const auto& v = q.field_conditions[0].values;
    ASSERT_EQ(v.size(), 5u);
    EXPECT_EQ(v[0].number, 20.0);
    EXPECT_TRUE(v[1].time.has_value());
    EXPECT_FALSE(v[2].number || v[2].time || v[2].boolean);
    EXPECT_EQ(v[3].text, std::string(kEx) + "word");
    EXPECT_EQ(v[4].text, "https://id.gs1.org/8004/4000001111");
    EXPECT_EQ(q.field_conditions[1].values[0].time, T("2023-12-31T17:00:00Z"));
    EXPECT_EQ(q.field_conditions[2].values[0].number, -150.0);
    EXPECT_TRUE(FailsWith({{"GT_ex:b", {"abc"}}}, "GT_ex:b", "query.value", kExNs));
    EXPECT_TRUE(FailsWith({{"GT_ex:b", {"1", "2"}}}, "GT_ex:b", "query.value_count", kExNs));
    EXPECT_TRUE(FailsWith({{"EQ_ex:b", {}}}, "EQ_ex:b", "query.value_count", kExNs));
}

TEST(QueryParseTest, FixedNamesWinOverExtensionFieldNames) {
    const Namespaces ns = {{"EQ_bizStep", "https://odd.example/"}, {"bizStep", "https://odd.example/"}};
    const EventQuery q = MustParse({{"EQ_bizStep", {"shipping"}}, {"EQ_bizStep:x", {"1"}}}, ns);
    EXPECT_EQ(q.biz_steps.size(), 1u);
    ASSERT_EQ(q.field_conditions.size(), 1u);
    EXPECT_EQ(q.field_conditions[0].ns, "https://odd.example/");
    EXPECT_EQ(q.field_conditions[0].local, "x");
}

TEST(QueryParseTest, OrderingAndLimits) {
    EventQuery q = MustParse({{"orderBy", {"eventTime"}}, {"orderDirection", {"ASC"}}, {"eventCountLimit", {"10"}}});
    EXPECT_EQ(q.order_by, OrderField::kEventTime);
    EXPECT_EQ(q.order_direction, OrderDirection::kAsc);
    EXPECT_EQ(q.event_count_limit, 10u);
    q = MustParse({{"orderBy", {"recordTime"}}, {"maxEventCount", {"0"}}});
    EXPECT_EQ(q.order_by, OrderField::kRecordTime);
    EXPECT_EQ(q.order_direction, OrderDirection::kDesc);
    EXPECT_EQ(q.max_event_count, 0u);
    q = MustParse({{"orderBy", {"ex:rank"}}, {"orderDirection", {"DESC"}}}, kExNs);
    EXPECT_EQ(q.order_by, OrderField::kExtension);
    EXPECT_EQ(q.order_ns, kEx);
    EXPECT_EQ(q.order_local, "rank");

    EXPECT_TRUE(FailsWith({{"orderBy", {"quantity"}}}, "orderBy", "query.value"));
    EXPECT_TRUE(FailsWith({{"orderBy", {"nope:x"}}}, "orderBy", "query.prefix"));
    EXPECT_TRUE(FailsWith({{"orderDirection", {"asc"}}}, "orderDirection", "query.value"));
    EXPECT_TRUE(FailsWith({{"eventCountLimit", {"5"}}}, "eventCountLimit", "query.event_count_limit"));
    EXPECT_TRUE(FailsWith({{"orderBy", {"eventTime"}}, {"eventCountLimit", {"5"}}, {"maxEventCount", {"5"}}},
                          "eventCountLimit", "query.event_count_limit"));
    EXPECT_TRUE(FailsWith({{"maxEventCount", {"-1"}}}, "maxEventCount", "query.value"));
    EXPECT_TRUE(FailsWith({{"maxEventCount", {"1.5"}}}, "maxEventCount", "query.value"));
    EXPECT_TRUE(FailsWith({{"maxEventCount", {""}}}, "maxEventCount", "query.value"));
}

TEST(QueryParseTest, UnknownDuplicateAndPaginationParametersAreErrors) {
    EXPECT_TRUE(FailsWith({{"EQ_bizstep", {"shipping"}}}, "EQ_bizstep", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"foo", {"1"}}}, "foo", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"perPage", {"10"}}}, "perPage", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"nextPageToken", {"abc"}}}, "nextPageToken", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"EQ_captureID", {"1"}}}, "EQ_captureID", "query.unknown_parameter"));
    EXPECT_TRUE(FailsWith({{"EQ_bizStep", {"shipping"}}, {"EQ_bizStep", {"receiving"}}}, "EQ_bizStep",
                          "query.duplicate_parameter"));
}

TEST(QueryParseTest, MasterDataAttributeParametersAreNotImplemented) {
    for (const char* name : {"EQ_readPoint_cbvmda:site", "EQ_INNER_readPoint_cbvmda:site", "EQ_bizLocation_ex:x",
                             "EQ_INNER_bizLocation_ex:x", "HASATTR_ex:x", "EQ_ATTR_ex:x_y"}) {
        const Error e = ParseError({{name, {"1"}}}, kExNs);
        EXPECT_EQ(e.code, ErrorCode::kNotImplemented) << name;
        EXPECT_EQ(e.rule, "query.not_implemented") << name;
        EXPECT_EQ(e.where, name);
    }
}

// =============================================================================================
// Matching: synthetic events

TEST(QueryMatchTest, EmptyQueryMatchesEveryEvent) { EXPECT_TRUE(Match({}, BaseEvent())); }

TEST(QueryMatchTest, EventTypeAndActions) {
    Event e = BaseEvent();
    EXPECT_TRUE(Match({{"eventType", {"AggregationEvent", "ObjectEvent"}}}, e));
    EXPECT_FALSE(Match({{"eventType", {"AggregationEvent"}}}, e));
    EXPECT_TRUE(Match({{"EQ_action", {"OBSERVE"}}}, e));
    EXPECT_FALSE(Match({{"EQ_action", {"ADD", "DELETE"}}}, e));
    e.action.reset();
    EXPECT_FALSE(Match({{"EQ_action", {"OBSERVE"}}}, e));

    Event x = BaseEvent();
    x.type = EventType::kExtensionEvent;
    x.extension_type = "ex:RepairEvent";
    EXPECT_TRUE(Match({{"eventType", {std::string(kEx) + "RepairEvent"}}}, x));
    EXPECT_TRUE(Match({{"eventType", {"ex:RepairEvent"}}}, x));
    EXPECT_FALSE(Match({{"eventType", {"ObjectEvent"}}}, x));
}

TEST(QueryMatchTest, TimeBoundsAreInclusiveBelowAndExclusiveAbove) {
    const Event e = BaseEvent();  // 2024-03-01T01:00:00Z, recorded 09:00Z
    EXPECT_TRUE(Match({{"GE_eventTime", {"2024-03-01T01:00:00Z"}}}, e));
    EXPECT_FALSE(Match({{"GE_eventTime", {"2024-03-01T01:00:00.001Z"}}}, e));
    EXPECT_FALSE(Match({{"LT_eventTime", {"2024-03-01T08:00:00+07:00"}}}, e));
    EXPECT_TRUE(Match({{"LT_eventTime", {"2024-03-01T08:00:00.001+07:00"}}}, e));
    EXPECT_TRUE(Match({{"GE_recordTime", {"2024-03-01T09:00:00Z"}}, {"LT_recordTime", {"2024-03-01T10:00:00Z"}}}, e));
    EXPECT_FALSE(Match({{"LT_recordTime", {"2024-03-01T09:00:00Z"}}}, e));
    Event unrecorded = e;
    unrecorded.record_time.reset();
    EXPECT_FALSE(Match({{"GE_recordTime", {"2000-01-01T00:00:00Z"}}}, unrecorded));
}

TEST(QueryMatchTest, VocabularyFormsMatchEachOther) {
    Event e = BaseEvent();  // bizStep "shipping", disposition as URN
    for (const char* form : {"shipping", "urn:epcglobal:cbv:bizstep:shipping",
                             "https://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping"}) {
        EXPECT_TRUE(Match({{"EQ_bizStep", {form}}}, e)) << form;
        e.biz_step = form;
        EXPECT_TRUE(Match({{"EQ_bizStep", {"shipping"}}}, e)) << form;
    }
    EXPECT_FALSE(Match({{"EQ_bizStep", {"receiving"}}}, e));
    EXPECT_TRUE(Match({{"EQ_disposition", {"in_transit"}}}, e));
    EXPECT_FALSE(Match({{"EQ_disposition", {"in_progress"}}}, e));
    e.biz_step = "ex:custom";
    EXPECT_TRUE(Match({{"EQ_bizStep", {std::string(kEx) + "custom"}}}, e));
    EXPECT_TRUE(Match({{"EQ_bizStep", {"ex:custom"}}}, e));
    e.biz_step.reset();
    EXPECT_FALSE(Match({{"EQ_bizStep", {"shipping"}}}, e));
}

TEST(QueryMatchTest, LocationsMatchInAnyIdentifierForm) {
    Event e = BaseEvent();  // readPoint urn:epc:id:sgln:0614141.07346.1234
    EXPECT_TRUE(Match({{"EQ_readPoint", {"https://example.com/414/0614141073467/254/1234"}}}, e));
    EXPECT_TRUE(Match({{"WD_readPoint", {"urn:epc:id:sgln:0614141.07346.1234", "urn:uuid:other"}}}, e));
    EXPECT_FALSE(Match({{"EQ_readPoint", {"urn:epc:id:sgln:0614141.07346.0"}}}, e));
    EXPECT_FALSE(Match({{"EQ_bizLocation", {"urn:epc:id:sgln:0614141.07346.1234"}}}, e));
    e.biz_location = Location{"https://id.gs1.org/414/0614141073467", {}};
    EXPECT_TRUE(Match({{"EQ_bizLocation", {"urn:epc:id:sgln:0614141.07346.0"}}}, e));
}

TEST(QueryMatchTest, MatchEpcAcceptsUrnsDigitalLinksPatternsAndGtins) {
    const Event e = BaseEvent();  // epcList urn:epc:id:sgtin:0614141.107346.2017
    for (const char* v :
         {"urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017",
          "https://shop.example/01/10614141073464/21/2017?linkType=gs1:pip",
          "https://example.com/01/10614141073464/10/ANY/21/2017", "urn:epc:idpat:sgtin:0614141.107346.*",
          "urn:epc:idpat:sgtin:0614141.*.*", "urn:epc:idpat:sgtin:*.*.*", "https://id.gs1.org/01/10614141073464"}) {
        EXPECT_TRUE(Match({{"MATCH_epc", {v}}}, e)) << v;
        EXPECT_TRUE(Match({{"MATCH_anyEPC", {v}}}, e)) << v;
    }
    for (const char* v : {"urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:idpat:sgtin:0614141.107347.*",
                          "urn:epc:idpat:sgtin:0614142.*.*", "https://id.gs1.org/01/10614141073471"}) {
        EXPECT_FALSE(Match({{"MATCH_epc", {v}}}, e)) << v;
    }
    EXPECT_FALSE(Match({{"MATCH_parentID", {"urn:epc:id:sgtin:0614141.107346.2017"}}}, e));
    EXPECT_FALSE(Match({{"MATCH_inputEPC", {"urn:epc:id:sgtin:0614141.107346.2017"}}}, e));
    EXPECT_FALSE(Match({{"MATCH_epcClass", {"urn:epc:idpat:sgtin:0614141.107346.*"}}}, e));
    // Each MATCH_ parameter must hold; within one, any value.
    EXPECT_TRUE(Match({{"MATCH_epc", {"urn:uuid:none", "urn:epc:id:sgtin:0614141.107346.2017"}}}, e));
    EXPECT_FALSE(
        Match({{"MATCH_epc", {"urn:epc:id:sgtin:0614141.107346.2017"}}, {"MATCH_anyEPC", {"urn:uuid:none"}}}, e));
}

TEST(QueryMatchTest, QuantityConditionsHoldForOneElement) {
    Event e = BaseEvent();
    e.quantity_list = {QuantityElement{"urn:epc:class:lgtin:4012345.011111.L1", 5, "KGM"},
                       QuantityElement{"urn:epc:class:lgtin:4012345.011111.L2", 25, std::nullopt},
                       QuantityElement{"urn:epc:class:lgtin:4012345.011111.L3", std::nullopt, std::nullopt}};
    EXPECT_TRUE(Match({{"EQ_quantity", {"5.0"}}}, e));
    EXPECT_TRUE(Match({{"EQ_quantity", {"7", "25"}}}, e));
    EXPECT_FALSE(Match({{"EQ_quantity", {"7"}}}, e));
    EXPECT_TRUE(Match({{"GT_quantity", {"24"}}}, e));
    EXPECT_FALSE(Match({{"GT_quantity", {"25"}}}, e));
    EXPECT_TRUE(Match({{"GE_quantity", {"25"}}}, e));
    EXPECT_TRUE(Match({{"LT_quantity", {"6"}}}, e));
    EXPECT_TRUE(Match({{"LE_quantity", {"5"}}}, e));
    EXPECT_FALSE(Match({{"LT_quantity", {"5"}}}, e));
    // 5 is above 4 and 25 is below 26, but no element is between 10 and 20.
    EXPECT_FALSE(Match({{"GT_quantity", {"10"}}, {"LT_quantity", {"20"}}}, e));
    EXPECT_TRUE(Match({{"GT_quantity", {"4"}}, {"LT_quantity", {"6"}}}, e));
    EXPECT_TRUE(Match({{"EQ_quantity_KGM", {"5"}}}, e));
    EXPECT_FALSE(Match({{"EQ_quantity_KGM", {"25"}}}, e));
    EXPECT_FALSE(Match({{"GE_quantity_LTR", {"0"}}}, e));
    // And together with MATCH_epcClass.
    EXPECT_TRUE(Match({{"MATCH_epcClass", {"urn:epc:class:lgtin:4012345.011111.L2"}}, {"GE_quantity", {"20"}}}, e));
}

TEST(QueryMatchTest, EventIdsAndTransformationIds) {
    Event e = BaseEvent();
    EXPECT_TRUE(Match({{"EQ_eventID", {"urn:uuid:11111111-2222-3333-4444-555555555555"}}}, e));
    EXPECT_FALSE(Match({{"EQ_eventID", {"urn:uuid:11111111-2222-3333-4444-555555555556"}}}, e));
    e.event_id.reset();
    EXPECT_FALSE(Match({{"EQ_eventID", {"urn:uuid:11111111-2222-3333-4444-555555555555"}}}, e));
    EXPECT_FALSE(Match({{"EQ_transformationID", {"urn:uuid:t"}}}, e));
    e.transformation_id = "urn:uuid:t";
    EXPECT_TRUE(Match({{"EQ_transformationID", {"urn:uuid:t"}}}, e));
}

TEST(QueryMatchTest, ExtensionEqualityComparesNumbersNumericallyAndUrisCanonically) {
    Event e = BaseEvent();
    e.extensions = {Field(kEx, "temperature", Text("20.0", ExtensionValue::Kind::kNumber)),
                    Field(kEx, "label", Text("20")),
                    Field(kEx, "when", Text("2024-01-01T07:00:00+07:00")),
                    Field(kEx, "machine", Text("urn:epc:id:giai:4012345.ABC")),
                    Field(kEx, "kind", Text("ex:blue")),
                    Field(kEx, "flag", Text("true", ExtensionValue::Kind::kBoolean)),
                    Field(kEx, "tags", Array({Text("a"), Text("b")}))};
    EXPECT_TRUE(Match({{"EQ_ex:temperature", {"20"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:temperature", {"2e1"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:temperature", {"20.5"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:label", {"20.0"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:when", {"2024-01-01T00:00:00Z"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:machine", {"https://id.gs1.org/8004/4012345ABC"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:kind", {std::string(kEx) + "blue"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:kind", {"ex:blue"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:flag", {"true"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:flag", {"false"}}}, e));
    EXPECT_TRUE(Match({{"EQ_ex:tags", {"b"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:tags", {"c"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:missing", {"x"}}}, e));
    // Several values: any of them; several parameters: all of them.
    EXPECT_TRUE(Match({{"EQ_ex:label", {"19", "20"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:label", {"20"}}, {"EQ_ex:temperature", {"21"}}}, e));
}

TEST(QueryMatchTest, ExtensionComparisonsNeedNumbersOrTimesOnBothSides) {
    Event e = BaseEvent();
    e.extensions = {Field(kEx, "temperature", Text("20.0", ExtensionValue::Kind::kNumber)),
                    Field(kEx, "when", Text("2024-01-01T07:00:00+07:00")), Field(kEx, "name", Text("abc"))};
    EXPECT_TRUE(Match({{"GT_ex:temperature", {"19.5"}}}, e));
    EXPECT_FALSE(Match({{"GT_ex:temperature", {"20"}}}, e));
    EXPECT_TRUE(Match({{"GE_ex:temperature", {"20"}}}, e));
    EXPECT_TRUE(Match({{"LT_ex:temperature", {"100"}}}, e));
    EXPECT_TRUE(Match({{"LE_ex:temperature", {"20"}}}, e));
    EXPECT_FALSE(Match({{"LT_ex:temperature", {"2024-01-01T00:00:00Z"}}}, e));
    EXPECT_TRUE(Match({{"GE_ex:when", {"2024-01-01T00:00:00Z"}}}, e));
    EXPECT_FALSE(Match({{"GT_ex:when", {"2024-01-01T00:00:00Z"}}}, e));
    EXPECT_TRUE(Match({{"LT_ex:when", {"2024-01-01T00:00:00.001Z"}}}, e));
    EXPECT_FALSE(Match({{"GT_ex:when", {"5"}}}, e));
    EXPECT_FALSE(Match({{"GT_ex:name", {"5"}}}, e));
}

TEST(QueryMatchTest, InnerFieldsAreFoundAtAnyDepthButNotAtTopLevel) {
    Event e = BaseEvent();
    e.extensions = {Field(kEx, "outer",
                          Object({Field(kEx, "mid", Object({Field(kEx, "deep", Text("7"))})),
                                  Field(kEx, "list", Array({Object({Field(kEx, "item", Text("x"))})}))})),
                    Field(kEx, "top", Text("1"))};
    EXPECT_TRUE(Match({{"EQ_INNER_ex:deep", {"7"}}}, e));
    EXPECT_TRUE(Match({{"GT_INNER_ex:deep", {"6"}}}, e));
    EXPECT_TRUE(Match({{"EQ_INNER_ex:item", {"x"}}}, e));
    EXPECT_TRUE(Match({{"EXISTS_INNER_ex:mid", {}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:deep", {"7"}}}, e));
    EXPECT_FALSE(Match({{"EQ_INNER_ex:top", {"1"}}}, e));
    EXPECT_TRUE(Match({{"EXISTS_ex:outer", {}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:outer", {"7"}}}, e));
    EXPECT_FALSE(Match({{"EXISTS_ex:nothing", {}}}, e));
}

TEST(QueryMatchTest, FieldNamespacesMatchUpToATrailingSeparator) {
    Event e = BaseEvent();
    e.extensions = {Field("https://ns.example.com/epcis", "f", Text("1")),
                    Field("https://ns.example.com/epcis/", "g", Text("2")),
                    Field("https://ns.example.com/epcis/", "h", Text("3"))};
    EXPECT_TRUE(Match({{"EQ_ex:f", {"1"}}}, e));  // query prefix ex has a trailing '/'
    EXPECT_TRUE(Match({{"EQ_ex:g", {"2"}}}, e, {{"ex", "https://ns.example.com/epcis"}}));
    EXPECT_TRUE(Match({{"EQ_https://ns.example.com/epcis/h", {"3"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:f", {"1"}}}, e, {{"ex", "https://ns.example.com/other/"}}));
}

TEST(QueryMatchTest, IlmdAndErrorDeclarationScopesLookOnlyThere) {
    Event e = BaseEvent();
    e.ilmd = Extensions{Field(kEx, "batch", Text("XYZ")), Field(kEx, "info", Object({Field(kEx, "size", Text("B"))}))};
    EXPECT_TRUE(Match({{"EQ_ILMD_ex:batch", {"XYZ"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:batch", {"XYZ"}}}, e));
    EXPECT_TRUE(Match({{"EQ_INNER_ILMD_ex:size", {"B"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ILMD_ex:size", {"B"}}}, e));
    EXPECT_FALSE(Match({{"EXISTS_ERROR_DECLARATION_ex:batch", {}}}, e));
    ErrorDeclaration ed;
    ed.declaration_time = T("2024-03-02T00:00:00Z");
    ed.reason = "incorrect_data";
    ed.extensions = {Field(kEx, "issuer", Text("Employee 123"))};
    e.error_declaration = ed;
    EXPECT_TRUE(Match({{"EQ_ERROR_DECLARATION_ex:issuer", {"Employee 123"}}}, e));
    EXPECT_FALSE(Match({{"EQ_ex:issuer", {"Employee 123"}}}, e));
}

TEST(QueryMatchTest, SensorConditionsHoldForOneReportWithItsMetadata) {
    Event e = BaseEvent();
    SensorElement el;
    el.sensor_metadata = SensorMetadata{};
    el.sensor_metadata->device_id = "urn:epc:id:giai:4000001.111";
    el.sensor_metadata->time = T("2024-03-01T00:30:00Z");
    SensorReport temp;
    temp.type = "Temperature";
    temp.value = 6;
    temp.uom = "CEL";
    SensorReport probe;
    probe.type = "gs1:MT-Temperature";
    probe.value = 9;
    probe.uom = "CEL";
    probe.device_id = "urn:epc:id:giai:4000001.222";
    probe.time = T("2024-03-01T00:45:00Z");
    SensorReport hum;
    hum.type = "RelativeHumidity";
    hum.value = 80;
    hum.uom = "P1";
    el.sensor_reports = {temp, probe, hum};
    e.sensor_element_list = {el};

    EXPECT_TRUE(Match({{"EQ_type", {"Temperature"}}, {"GT_value_CEL", {"8"}}}, e));
    EXPECT_FALSE(Match({{"EQ_type", {"RelativeHumidity"}}, {"GT_value_CEL", {"8"}}}, e));
    EXPECT_TRUE(Match({{"EQ_type", {"RelativeHumidity"}}, {"GE_value_P1", {"80"}}}, e));
    // The metadata's device applies to the reports that name none.
    EXPECT_TRUE(Match({{"EQ_deviceID", {"urn:epc:id:giai:4000001.111"}}, {"LT_value_CEL", {"7"}}}, e));
    EXPECT_FALSE(Match({{"EQ_deviceID", {"urn:epc:id:giai:4000001.111"}}, {"GT_value_CEL", {"8"}}}, e));
    EXPECT_TRUE(Match({{"EQ_deviceID", {"https://id.gs1.org/8004/4000001222"}}, {"GT_value_CEL", {"8"}}}, e));
    // Report time wins over the metadata time.
    EXPECT_TRUE(Match({{"GE_time", {"2024-03-01T00:40:00Z"}}, {"GT_value_CEL", {"8"}}}, e));
    EXPECT_FALSE(Match({{"GE_time", {"2024-03-01T00:40:00Z"}}, {"LT_value_CEL", {"8"}}}, e));
    EXPECT_TRUE(Match({{"LT_time", {"2024-03-01T00:40:00Z"}}, {"LT_value_CEL", {"8"}}}, e));
    EXPECT_FALSE(Match({{"EQ_value_CEL", {"80"}}}, e));
    EXPECT_TRUE(Match({{"EQ_value_CEL", {"9.0", "100"}}}, e));
    EXPECT_TRUE(Match({{"EXISTS_sensorElementList", {}}}, e));
    EXPECT_FALSE(Match({{"EXISTS_sensorElementList", {}}}, BaseEvent()));
    EXPECT_FALSE(Match({{"EQ_type", {"Temperature"}}}, BaseEvent()));
}

TEST(QueryMatchTest, SensorValueTypesAndMetadataOnlyElements) {
    Event e = BaseEvent();
    SensorElement only_meta;
    only_meta.sensor_metadata = SensorMetadata{};
    only_meta.sensor_metadata->start_time = T("2024-01-01T00:00:00Z");
    only_meta.sensor_metadata->end_time = T("2024-01-02T00:00:00Z");
    only_meta.sensor_metadata->biz_rules = "https://example.com/rules";
    SensorElement values;
    SensorReport s;
    s.string_value = "OK";
    s.hex_binary_value = "f0f0";
    s.uri_value = "https://example.com/v";
    s.boolean_value = false;
    s.microorganism = "https://www.ncbi.nlm.nih.gov/taxonomy/1126011";
    s.chemical_substance = "https://identifiers.org/inchikey:X";
    s.data_processing_method = "https://example.com/m";
    s.perc_rank = 50;
    s.perc_value = 12.7;
    s.uom = "CEL";
    values.sensor_reports = {s};
    e.sensor_element_list = {only_meta, values};

    EXPECT_TRUE(Match({{"GE_startTime", {"2024-01-01T00:00:00Z"}}}, e));
    EXPECT_FALSE(Match({{"LT_startTime", {"2024-01-01T00:00:00Z"}}}, e));
    EXPECT_TRUE(Match({{"LT_endTime", {"2024-01-02T00:00:01Z"}}, {"EQ_bizRules", {"https://example.com/rules"}}}, e));
    EXPECT_FALSE(Match({{"GE_startTime", {"2024-01-01T00:00:00Z"}}, {"EQ_stringValue", {"OK"}}}, e));
    EXPECT_TRUE(Match({{"EQ_stringValue", {"OK"}}}, e));
    EXPECT_FALSE(Match({{"EQ_stringValue", {"ok"}}}, e));
    EXPECT_TRUE(Match({{"EQ_hexBinaryValue", {"F0F0"}}}, e));
    EXPECT_TRUE(Match({{"EQ_uriValue", {"https://example.com/v"}}}, e));
    EXPECT_TRUE(Match({{"EQ_booleanValue", {"false"}}}, e));
    EXPECT_FALSE(Match({{"EQ_booleanValue", {"true"}}}, e));
    EXPECT_TRUE(Match({{"EQ_microorganism", {"https://www.ncbi.nlm.nih.gov/taxonomy/1126011"}}}, e));
    EXPECT_TRUE(Match({{"EQ_chemicalSubstance", {"https://identifiers.org/inchikey:X"}}}, e));
    EXPECT_TRUE(Match({{"EQ_dataProcessingMethod", {"https://example.com/m"}}}, e));
    EXPECT_TRUE(Match({{"GE_percRank", {"50"}}, {"LT_percRank", {"51"}}, {"GE_percValue_CEL", {"12.7"}}}, e));
    EXPECT_FALSE(Match({{"GT_percRank", {"50"}}}, e));
    EXPECT_FALSE(Match({{"GE_percValue_FAH", {"0"}}}, e));
}

TEST(QueryMatchTest, TypedLinksNeedTypeAndValueOnOneEntry) {
    Event e = BaseEvent();
    e.biz_transaction_list = {BizTransaction{"po", "http://transaction.acme.com/po/1"},
                              BizTransaction{std::nullopt, "http://transaction.acme.com/untyped"}};
    e.source_list = {SourceDest{"urn:epcglobal:cbv:sdt:owning_party", "urn:epc:id:pgln:9520001.11111"}};
    e.destination_list = {SourceDest{"location", "https://id.gs1.org/414/0614141073467"}};
    EXPECT_TRUE(Match({{"EQ_bizTransaction_po", {"http://transaction.acme.com/po/1"}}}, e));
    EXPECT_FALSE(Match({{"EQ_bizTransaction_inv", {"http://transaction.acme.com/po/1"}}}, e));
    EXPECT_FALSE(Match({{"EQ_bizTransaction_po", {"http://transaction.acme.com/untyped"}}}, e));
    EXPECT_TRUE(Match({{"EQ_source_owning_party", {"https://id.gs1.org/417/9520001111112"}}}, e));
    EXPECT_FALSE(Match({{"EQ_source_possessing_party", {"urn:epc:id:pgln:9520001.11111"}}}, e));
    EXPECT_TRUE(Match({{"EQ_destination_location", {"urn:epc:id:sgln:0614141.07346.0"}}}, e));
    EXPECT_FALSE(Match({{"EQ_destination_owning_party", {"urn:epc:id:sgln:0614141.07346.0"}}}, e));
}

TEST(QueryMatchTest, OrderValueReadsTheTopLevelField) {
    Event e = BaseEvent();
    e.extensions = {Field(kEx, "rank", Text("42", ExtensionValue::Kind::kNumber)),
                    Field(kEx, "when", Text("2024-01-01T00:00:00Z")), Field(kEx, "obj", Object({}))};
    EventQuery q = MustParse({{"orderBy", {"ex:rank"}}}, kExNs);
    auto v = OrderValue(q, e);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->number, 42.0);
    EXPECT_EQ(v->text, "42");
    q = MustParse({{"orderBy", {"ex:when"}}}, kExNs);
    v = OrderValue(q, e);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->time, T("2024-01-01T00:00:00Z"));
    EXPECT_FALSE(OrderValue(MustParse({{"orderBy", {"ex:obj"}}}, kExNs), e).has_value());
    EXPECT_FALSE(OrderValue(MustParse({{"orderBy", {"ex:none"}}}, kExNs), e).has_value());
    EXPECT_FALSE(OrderValue(MustParse({{"orderBy", {"eventTime"}}}), e).has_value());
}

TEST(QueryMatchTest, MatchesIgnoresOrderingAndLimits) {
    EXPECT_TRUE(Match({{"orderBy", {"eventTime"}}, {"eventCountLimit", {"0"}}}, BaseEvent()));
    EXPECT_TRUE(Match({{"maxEventCount", {"0"}}}, BaseEvent()));
}

// =============================================================================================
// Matching: the shared conformance corpus

constexpr const char* kJson = "conformance/epcis/valid-json/";
constexpr const char* kXml = "conformance/epcis/valid-xml/";

TEST(QueryMatchTest, CorpusMatchEpcWithUrnAndDigitalLinkForms) {
    TXNG_REQUIRE_SHARED();
    const Document urn = LoadShared(std::string(kJson) + "Example_9.6.1-ObjectEvent.jsonld");
    const Document dl = LoadShared(std::string(kJson) + "Example_9.6.1-ObjectEventWithDigitalLink.jsonld");
    ASSERT_EQ(urn.events.size(), 2u);
    ASSERT_EQ(dl.events.size(), 2u);
    // Event 0 has ...2017 and ...2018, event 1 only ...2018.
    EXPECT_EQ(Matching(urn, {{"MATCH_epc", {"urn:epc:id:sgtin:0614141.107346.2017"}}}), Indexes({0}));
    EXPECT_EQ(Matching(urn, {{"MATCH_epc", {"https://id.gs1.org/01/10614141073464/21/2018"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(urn, {{"MATCH_epc", {"urn:epc:idpat:sgtin:0614141.107346.*"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(urn, {{"MATCH_anyEPC", {"https://id.gs1.org/01/10614141073464"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(urn, {{"MATCH_epc", {"urn:epc:idpat:sgtin:0614141.107340.*"}}}), Indexes({}));
    EXPECT_EQ(Matching(dl, {{"MATCH_epc", {"urn:epc:id:sgtin:0614141.712345.2017"}}}), Indexes({0}));
    EXPECT_EQ(Matching(dl, {{"MATCH_epc", {"https://example.com/01/70614141123451/21/2018?linkType=all"}}}),
              Indexes({0, 1}));
    EXPECT_EQ(Matching(dl, {{"MATCH_epc", {"urn:epc:idpat:sgtin:0614141.*.*"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(dl, {{"MATCH_parentID", {"urn:epc:idpat:sgtin:0614141.*.*"}}}), Indexes({}));
}

TEST(QueryMatchTest, CorpusSimpleFieldsOfTheObjectEventExample) {
    TXNG_REQUIRE_SHARED();
    const Document doc = LoadShared(std::string(kJson) + "Example_9.6.1-ObjectEvent.jsonld");
    ASSERT_EQ(doc.events.size(), 2u);
    EXPECT_EQ(Matching(doc, {{"EQ_bizStep", {"shipping"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_disposition", {"urn:epcglobal:cbv:disp:in_progress"}}}), Indexes({1}));
    EXPECT_EQ(Matching(doc, {{"EQ_readPoint", {"https://id.gs1.org/414/0614141073467/254/1234"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_bizLocation", {"https://id.gs1.org/414/0012345111112"}}}), Indexes({1}));
    // Written at -06:00: 2005-04-04T02:33:31.116Z and 2005-04-05T02:33:31.116Z.
    EXPECT_EQ(Matching(doc, {{"GE_eventTime", {"2005-04-04T12:00:00Z"}}}), Indexes({1}));
    EXPECT_EQ(Matching(doc, {{"LT_eventTime", {"2005-04-04T02:33:31.116Z"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"LT_eventTime", {"2005-04-03T20:33:31.117-06:00"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_bizTransaction_po", {"http://transaction.acme.com/po/12345678"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(doc, {{"EQ_bizTransaction_desadv", {"urn:epcglobal:cbv:bt:0614141073467:1152"}}}), Indexes({1}));
    EXPECT_EQ(Matching(doc, {{"EQ_example:myField", {"Example of a vendor/user extension"}}}, kExampleSlash),
              Indexes({1}));
    EXPECT_EQ(Matching(doc, {{"EXISTS_example:myField", {}}}, kExampleSlash), Indexes({1}));
    EXPECT_EQ(Matching(doc, {{"EQ_example:myField", {"other"}}}, kExampleSlash), Indexes({}));
    EXPECT_EQ(
        Matching(doc,
                 {{"EQ_eventID",
                   {"ni:///sha-256;00e1e6eba3a7cc6125be4793a631f0af50f8322e0ab5f2c0bab994a11cec1d79?ver=CBV2.0"}}}),
        Indexes({1}));
}

TEST(QueryMatchTest, CorpusTransformationClassesAndIlmd) {
    TXNG_REQUIRE_SHARED();
    const Document doc = LoadShared(std::string(kJson) + "Example_9.6.4-TransformationEvent.jsonld");
    ASSERT_EQ(doc.events.size(), 1u);
    // inputQuantityList: lgtin 4012345.011111.4444, lgtin 0614141.077777.987, idpat sgtin 4012345.066666.*
    EXPECT_EQ(Matching(doc, {{"MATCH_inputEPCClass", {"urn:epc:idpat:sgtin:4012345.066666.*"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"MATCH_inputEPCClass", {"urn:epc:idpat:sgtin:4012345.011111.*"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"MATCH_anyEPCClass", {"https://id.gs1.org/01/04012345111118/10/4444"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"MATCH_anyEPCClass", {"https://id.gs1.org/01/04012345111118"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"MATCH_outputEPCClass", {"urn:epc:idpat:sgtin:4012345.066666.*"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"MATCH_epcClass", {"urn:epc:idpat:sgtin:4012345.066666.*"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"MATCH_inputEPC", {"urn:epc:idpat:sgtin:4000001.065432.*"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"MATCH_outputEPC", {"urn:epc:id:sgtin:4012345.077889.27"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"MATCH_outputEPC", {"urn:epc:id:sgtin:4012345.077889.29"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"GE_quantity", {"220"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_quantity_KGM", {"10"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_quantity_KGM", {"30"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"EQ_ILMD_example:batch", {"XYZ"}}}, kExampleSlash), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_ILMD_example:batch", {"ABC"}}}, kExampleSlash), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"EXISTS_ILMD_example:bestBeforeDate", {}}}, kExampleSlash), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_ILMD_example:bestBeforeDate", {"2014-12-10"}}}, kExampleSlash), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_example:batch", {"XYZ"}}}, kExampleSlash), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"EQ_http://ns.example.com/epcis/myField", {"Example of a vendor/user extension"}}}),
              Indexes({0}));
}

TEST(QueryMatchTest, CorpusErrorDeclarationsAndCorrectiveEvents) {
    TXNG_REQUIRE_SHARED();
    const Document doc = LoadShared(std::string(kJson) + "ErrorDeclarationAndCorrectiveEvent.jsonld");
    ASSERT_EQ(doc.events.size(), 2u);
    EXPECT_EQ(Matching(doc, {{"EXISTS_errorDeclaration", {}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EXISTS_errorDeclaration", {"false"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(doc, {{"EQ_errorReason", {"incorrect_data"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_errorReason", {"urn:epcglobal:cbv:er:incorrect_data"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_errorReason", {"did_not_occur"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"EQ_correctiveEventID", {"urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8"}}}),
              Indexes({0}));
    // Declared at 2020-01-15T00:00:00+01:00.
    EXPECT_EQ(Matching(doc, {{"GE_errorDeclarationTime", {"2020-01-14T23:00:00Z"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"LT_errorDeclarationTime", {"2020-01-14T23:00:00Z"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"GE_errorDeclaration_Time", {"2020-01-14T00:00:00Z"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_ERROR_DECLARATION_example:vendorExtension", {"Test1"}}}, kExampleSlash),
              Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"EQ_eventID", {"urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8"}}}), Indexes({1}));
    EXPECT_EQ(Matching(doc, {{"MATCH_outputEPCClass", {"urn:epc:idpat:sgtin:4012345.044444.*"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(doc, {{"EQ_quantity", {"452"}}}), Indexes({0}));
    EXPECT_EQ(Matching(doc, {{"GT_quantity", {"452"}}, {"LT_quantity", {"500"}}}), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"GE_quantity_KGM", {"500"}}}), Indexes({0, 1}));
}

TEST(QueryMatchTest, CorpusPersistentDispositionsPartiesAndAggregation) {
    TXNG_REQUIRE_SHARED();
    const Document pd = LoadShared(std::string(kJson) + "PersistentDisposition-example.jsonld");
    ASSERT_EQ(pd.events.size(), 2u);
    EXPECT_EQ(Matching(pd, {{"EQ_persistentDisposition_set", {"completeness_inferred"}}}), Indexes({0}));
    EXPECT_EQ(Matching(pd, {{"EQ_persistentDisposition_set", {"completeness_verified", "completeness_inferred"}}}),
              Indexes({0, 1}));
    EXPECT_EQ(Matching(pd, {{"EQ_persistentDisposition_unset", {"completeness_inferred"}}}), Indexes({1}));
    EXPECT_EQ(Matching(pd, {{"EQ_source_owning_party", {"https://id.gs1.org/417/9520001111112"}}}), Indexes({0, 1}));
    EXPECT_EQ(Matching(pd, {{"EQ_destination_owning_party", {"urn:epc:id:pgln:9520001.11111"}}}), Indexes({}));
    EXPECT_EQ(Matching(pd, {{"EQ_bizTransaction_desadv", {"urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}}}),
              Indexes({0, 1}));
    EXPECT_EQ(Matching(pd, {{"MATCH_epc", {"https://id.gs1.org/01/09520001123467/21/10000001005"}}}), Indexes({0, 1}));

    const Document agg = LoadShared(std::string(kJson) + "Example_9.6.3-AggregationEventWithDigitalLink.jsonld");
    ASSERT_EQ(agg.events.size(), 1u);
    EXPECT_EQ(Matching(agg, {{"MATCH_parentID", {"https://id.gs1.org/00/106141412345678908"}}}), Indexes({0}));
    EXPECT_EQ(Matching(agg, {{"MATCH_parentID", {"urn:epc:idpat:sscc:0614141.*"}}}), Indexes({0}));
    EXPECT_EQ(Matching(agg, {{"MATCH_epc", {"urn:epc:id:sgtin:0614141.712345.2018"}}}), Indexes({0}));
    EXPECT_EQ(Matching(agg, {{"MATCH_epcClass", {"urn:epc:class:lgtin:4012345.012345.998877"}}}), Indexes({0}));
    EXPECT_EQ(Matching(agg, {{"MATCH_epcClass", {"urn:epc:idpat:sgtin:4012345.098765.*"}}}), Indexes({0}));
    EXPECT_EQ(Matching(agg, {{"EQ_quantity_KGM", {"200.5"}}}), Indexes({0}));
    EXPECT_EQ(Matching(agg, {{"EQ_quantity_KGM", {"10"}}}), Indexes({}));
}

TEST(QueryMatchTest, CorpusSensorQueriesOnTheJsonExamples) {
    TXNG_REQUIRE_SHARED();
    const Document s1 = LoadShared(std::string(kJson) + "SensorDataExample1.jsonld");
    ASSERT_EQ(s1.events.size(), 1u);
    // Three readings per type: temperature 26.0, 26.1, 26.2 CEL, humidity 12.1-12.2 A93.
    EXPECT_EQ(Matching(s1, {{"EQ_type", {"Temperature"}}, {"GT_value_CEL", {"26.15"}}}), Indexes({0}));
    EXPECT_EQ(Matching(s1, {{"EQ_type", {"Temperature"}}, {"GT_value_CEL", {"26.2"}}}), Indexes({}));
    EXPECT_EQ(Matching(s1, {{"EQ_type", {"AbsoluteHumidity"}}, {"GE_value_A93", {"12"}}}), Indexes({0}));
    EXPECT_EQ(Matching(s1, {{"EQ_type", {"Temperature"}}, {"GE_value_A93", {"12"}}}), Indexes({}));
    EXPECT_EQ(Matching(s1, {{"EQ_deviceID", {"https://id.gs1.org/8004/4000001111"}}, {"EQ_type", {"Speed"}}}),
              Indexes({0}));
    EXPECT_EQ(Matching(s1, {{"GE_time", {"2019-04-02T14:35:00.000+01:00"}},
                            {"EQ_type", {"Temperature"}},
                            {"LT_value_CEL", {"26.15"}}}),
              Indexes({0}));
    EXPECT_EQ(Matching(s1, {{"GE_time", {"2019-04-02T14:36:00+01:00"}},
                            {"EQ_type", {"Temperature"}},
                            {"LT_value_CEL", {"26.15"}}}),
              Indexes({}));

    const Document s12 = LoadShared(std::string(kJson) + "SensorDataExample12.jsonld");
    ASSERT_EQ(s12.events.size(), 1u);
    const Namespaces& ns = kExampleNoSlash;
    EXPECT_EQ(Matching(s12, {{"GE_minValue_CEL", {"12.4"}}, {"LT_maxValue_CEL", {"14"}}}), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"GT_minValue_CEL", {"12.4"}}}), Indexes({}));
    EXPECT_EQ(Matching(s12, {{"EQ_meanValue_CEL", {"13.2"}}, {"GE_sDev_CEL", {"0.4"}}}), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"GE_percRank", {"50"}}, {"GE_percValue_CEL", {"12.7"}}}), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_type", {"Temperature"}}, {"EQ_SENSORREPORT_example:cv", {"123"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_type", {"example:someSensorProperty"}}, {"EQ_SENSORREPORT_example:cv", {"123"}}}, ns),
              Indexes({}));
    EXPECT_EQ(
        Matching(s12, {{"EQ_type", {"example:someSensorProperty"}}, {"EQ_stringValue", {"someSensorOutput"}}}, ns),
        Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_SENSORMETADATA_example:someFurtherMetaData", {"someText"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_SENSORELEMENT_example:someUserField", {"abc123"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"GT_INNER_SENSORELEMENT_example:measure1", {"123"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_SENSORELEMENT_example:measure1", {"123.5"}}}, ns), Indexes({}));
    EXPECT_EQ(Matching(s12, {{"GE_startTime", {"2019-04-01T14:00:00Z"}}}), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"GE_startTime", {"2019-04-01T14:00:00.001Z"}}}), Indexes({}));
    EXPECT_EQ(Matching(s12, {{"EQ_ERROR_DECLARATION_example:issuer", {"Employee 123"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"GT_INNER_ERROR_DECLARATION_example3:value44", {"65"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_ERROR_DECLARATION_example3:value1", {"34"}}}, ns), Indexes({}));
    EXPECT_EQ(Matching(s12, {{"EQ_ILMD_example:grading", {"A"}}, {"EQ_ILMD_cbvmda:lotNumber", {"LOTABC"}}}, ns),
              Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_INNER_ILMD_example2:sizeCode", {"B-2"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_INNER_example:procedure", {"A-1"}}, {"EQ_example4:otherThings", {"some text"}}}, ns),
              Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EQ_INNER_example:machine", {"https://id.gs1.org/8004/4012345ABC"}}}, ns), Indexes({0}));
    EXPECT_EQ(Matching(s12, {{"EXISTS_example:internalData", {}}}, ns), Indexes({0}));
}

TEST(QueryMatchTest, CorpusSensorQueriesOnTheXmlExamples) {
    TXNG_REQUIRE_SHARED();
    const Document doc = LoadShared(std::string(kXml) + "SensorDataExamples.xml");
    // Cases 1..12, 14, 15 of the file, in order.
    ASSERT_EQ(doc.events.size(), 14u);
    const Namespaces& ns = kExampleNoSlash;
    EXPECT_EQ(Matching(doc, {{"EQ_booleanValue", {"true"}}}), Indexes({6, 8}));
    EXPECT_EQ(Matching(doc, {{"EQ_hexBinaryValue", {"F0F0F0"}}}), Indexes({6}));
    EXPECT_EQ(Matching(doc, {{"EQ_uriValue", {"https://example.com/ErrorCode-A827"}}}), Indexes({8}));
    EXPECT_EQ(Matching(doc, {{"EQ_microorganism", {"https://www.ncbi.nlm.nih.gov/taxonomy/1126011"}}}), Indexes({7}));
    EXPECT_EQ(
        Matching(doc, {{"EQ_chemicalSubstance", {"https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N"}}}),
        Indexes({7}));
    EXPECT_EQ(Matching(doc, {{"EQ_dataProcessingMethod", {"https://example.com/253/4012345000054987"}},
                             {"EQ_type", {"AbsoluteHumidity"}}}),
              Indexes({7}));
    // A GDTI Digital Link on two hosts is one document: case 2 writes example.com, case 8 example.org.
    EXPECT_EQ(Matching(doc, {{"EQ_bizRules", {"https://id.gs1.org/253/4012345000054987"}}}), Indexes({1, 7}));
    EXPECT_EQ(Matching(doc, {{"EQ_deviceID", {"urn:epc:id:giai:4000001.111"}}}), Indexes({0, 1, 3, 4, 6, 7}));
    EXPECT_EQ(Matching(doc, {{"EQ_deviceID", {"urn:epc:id:giai:4000001.112"}}, {"EQ_type", {"Temperature"}}}),
              Indexes({}));
    EXPECT_EQ(Matching(doc, {{"EQ_deviceID", {"urn:epc:id:giai:4000001.112"}}, {"EQ_type", {"example:Abc"}}}, ns),
              Indexes({6}));
    EXPECT_EQ(Matching(doc, {{"EQ_type", {"Speed"}}, {"EQ_value_MTS", {"0"}}}), Indexes({9}));
    EXPECT_EQ(Matching(doc, {{"EQ_type", {"EffectiveDoseRate"}}, {"GT_value_P71", {"0.001"}}}), Indexes({10}));
    EXPECT_EQ(Matching(doc, {{"LT_time", {"2019-04-02T14:10:00+01:00"}}, {"EQ_type", {"Temperature"}}}),
              Indexes({0, 4}));
    EXPECT_EQ(Matching(doc, {{"EXISTS_SENSORMETADATA_example:someFurtherMetaData", {}}}, ns), Indexes({5, 7, 11}));
    EXPECT_EQ(Matching(doc, {{"EQ_SENSORREPORT_example:cv", {"123"}}, {"EQ_type", {"Temperature"}}}, ns),
              Indexes({5, 7, 11}));
    EXPECT_EQ(Matching(doc, {{"EQ_INNER_SENSORELEMENT_example:measure1", {"123.5"}}}, ns), Indexes({5, 7, 11}));
    EXPECT_EQ(Matching(doc, {{"EQ_ERROR_DECLARATION_example:issuer", {"Employee 123"}}}, ns), Indexes({11}));
    EXPECT_EQ(Matching(doc, {{"EQ_INNER_ERROR_DECLARATION_example3:value1", {"34"}}}, ns), Indexes({11}));
    EXPECT_EQ(Matching(doc, {{"EQ_ILMD_cbvmda:lotNumber", {"LOTABC"}}}, ns), Indexes({11}));
    // XML attributes of extension elements count as nested fields.
    EXPECT_EQ(Matching(doc, {{"EQ_INNER_ERROR_DECLARATION_example:furtherData", {"abcd1234"}}}, ns), Indexes({11}));
    EXPECT_EQ(Matching(doc, {{"GE_INNER_example2:assemblyLine", {"2"}}}, ns), Indexes({11}));
    EXPECT_EQ(Matching(doc, {{"EQ_example2:assemblyLine", {"2"}}}, ns), Indexes({}));
    EXPECT_EQ(Matching(doc, {{"EQ_INNER_example:machine", {"https://id.gs1.org/8004/4012345ABC"}}}, ns), Indexes({11}));
    EXPECT_EQ(Matching(doc, {{"EQ_bizStep", {"sensor_reporting"}}}), Indexes({8, 9}));
    EXPECT_EQ(Matching(doc, {{"EQ_disposition", {"in_progress"}}}), Indexes({7}));
    EXPECT_EQ(Matching(doc, {{"EQ_bizTransaction_po", {"urn:epcglobal:cbv:bt:4012345123456:RE100099"}}}),
              Indexes({10}));
    EXPECT_EQ(Matching(doc, {{"MATCH_epc", {"https://id.gs1.org/8003/040123450007718765"}}}), Indexes({12, 13}));
    // Cases 14 and 15 write the same GLN as a Digital Link on another host.
    EXPECT_EQ(Matching(doc, {{"EQ_readPoint", {"urn:epc:id:sgln:4012345.00005.0"}}}),
              Indexes({0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 13}));
    EXPECT_EQ(Matching(doc, {{"eventType", {"AggregationEvent", "TransactionEvent"}}}), Indexes({7, 10}));
    EXPECT_EQ(Matching(doc, {{"EXISTS_sensorElementList", {}}}).size(), 14u);
}

TEST(QueryMatchTest, CorpusJsonAndXmlTwinsGiveTheSameAnswers) {
    TXNG_REQUIRE_SHARED();
    const Document json = LoadShared(std::string(kJson) + "ErrorDeclarationAndCorrectiveEvent.jsonld");
    const Document xml = LoadShared(std::string(kXml) + "ErrorDeclarationAndCorrectiveEvent.xml");
    ASSERT_EQ(json.events.size(), xml.events.size());
    const std::vector<std::vector<QueryParam>> queries = {
        Params({{"EXISTS_errorDeclaration", {}}}),
        Params({{"EQ_errorReason", {"incorrect_data"}}}),
        Params({{"MATCH_inputEPC", {"https://id.gs1.org/01/04012345111118/21/987"}}}),
        Params({{"MATCH_anyEPCClass", {"urn:epc:idpat:sgtin:4012345.*.*"}}}),
        Params({{"EQ_bizStep", {"commissioning"}}}),
        Params({{"EQ_quantity_KGM", {"452"}}}),
        Params({{"GE_eventTime", {"2021-01-01T00:00:00Z"}}}),
    };
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        auto q = ParseEventQuery(queries[qi], kNone);
        ASSERT_TRUE(q.has_value());
        for (std::size_t i = 0; i < json.events.size(); ++i) {
            EXPECT_EQ(Matches(*q, json.events[i], EffectiveNamespaces(json, json.events[i])),
                      Matches(*q, xml.events[i], EffectiveNamespaces(xml, xml.events[i])))
                << "query " << qi << " event " << i;
        }
    }
}

}  // namespace
}  // namespace txng::epcis
