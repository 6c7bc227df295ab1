#include "epcis/event_hash_canon.hpp"

#include <gtest/gtest.h>

namespace txng::epcis::event_hash_detail {
namespace {

std::string Canonical(std::string_view v) {
    std::string out;
    AppendCanonicalValue(out, v);
    return out;
}

std::string Vocabulary(cbv::Vocab vocab, std::string_view v) {
    std::string out;
    AppendVocabularyValue(out, vocab, v);
    return out;
}

std::string Number(double v) {
    std::string out;
    AppendPythonNumber(out, v);
    return out;
}

std::string Utc(std::string_view text) {
    auto t = DateTime::Parse(text);
    EXPECT_TRUE(t.has_value()) << text;
    std::string out;
    if (t) AppendUtcMillis(out, *t);
    return out;
}

TEST(EventHashCanonTest, EpcUrisBecomeCanonicalDigitalLinks) {
    const std::pair<const char*, const char*> cases[] = {
        {"urn:epc:id:sgtin:4012345.011111.9876", "https://id.gs1.org/01/04012345111118/21/9876"},
        {"urn:epc:id:sgtin:415056789012.0.987654", "https://id.gs1.org/01/04150567890128/21/987654"},
        {"urn:epc:id:sscc:4012345.3111111111", "https://id.gs1.org/00/340123451111111111"},
        {"urn:epc:id:sgln:4012345.00005.122", "https://id.gs1.org/414/4012345000054/254/122"},
        {"urn:epc:id:sgln:4012345.00005.0", "https://id.gs1.org/414/4012345000054"},
        {"urn:epc:id:grai:4012345.00022.334455", "https://id.gs1.org/8003/04012345000221334455"},
        {"urn:epc:id:giai:4012345.ABC345", "https://id.gs1.org/8004/4012345ABC345"},
        {"urn:epc:id:gsrn:4012345.0000006765", "https://id.gs1.org/8018/401234500000067657"},
        {"urn:epc:id:gsrnp:4012345.0000000007", "https://id.gs1.org/8017/401234500000000074"},
        {"urn:epc:id:gdti:4012345.00009.PO-4711", "https://id.gs1.org/253/4012345000092PO-4711"},
        {"urn:epc:id:gdti:987659999999..9", "https://id.gs1.org/253/98765999999929"},
        {"urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234",
         "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234"},
        {"urn:epc:id:sgcn:4012345.99999.44", "https://id.gs1.org/255/401234599999044"},
        {"urn:epc:id:ginc:0614141.xyz47%2F11", "https://id.gs1.org/401/0614141xyz47%2F11"},
        {"urn:epc:id:gsin:4012345.222333444", "https://id.gs1.org/402/40123452223334442"},
        {"urn:epc:id:itip:4012345.011111.01.02.987", "https://id.gs1.org/8006/040123451111180102/21/987"},
        {"urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB",
         "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB"},
        {"urn:epc:id:pgln:4000001.00000", "https://id.gs1.org/417/4000001000005"},
        {"urn:epc:id:pgln:999999999999.", "https://id.gs1.org/417/9999999999994"},
        {"urn:epc:class:lgtin:4012345.012345.Lot987", "https://id.gs1.org/01/04012345123456/10/Lot987"},
        {"urn:epc:idpat:sgtin:4054739.099914.*", "https://id.gs1.org/01/04054739999148"},
        {"urn:epc:idpat:grai:4012345.66666.*", "https://id.gs1.org/8003/04012345666663"},
        {"urn:epc:idpat:gdti:4012345.55555.*", "https://id.gs1.org/253/4012345555554"},
        {"urn:epc:idpat:sgcn:4012345.99999.*", "https://id.gs1.org/255/4012345999990"},
        {"urn:epc:idpat:cpi:4012345.ABC.*", "https://id.gs1.org/8010/4012345ABC"},
        {"urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102"},
        {"urn:epc:idpat:upui:4012345.012345.*", "https://id.gs1.org/01/04012345123456"},
    };
    for (const auto& [in, want] : cases) EXPECT_EQ(Canonical(in), want) << in;
}

TEST(EventHashCanonTest, EpcSerialsKeepEscapesAndEncodeReservedCharacters) {
    EXPECT_EQ(Canonical("urn:epc:id:sgtin:4012345.011111.98%22"), "https://id.gs1.org/01/04012345111118/21/98%22");
    EXPECT_EQ(Canonical("urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()"),
              "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29");
}

TEST(EventHashCanonTest, MalformedEpcUrisStayAsWritten) {
    for (const char* in : {"urn:epc:id:sgtin:4012345.01111.9876",        // 12 digits, not 13
                           "urn:epc:id:sgtin:40123.0111111.9876",        // company prefix too short
                           "urn:epc:id:sgtin:4012345.011111.",           // empty serial
                           "urn:epc:id:sgtin:4012345.011111.a%20b",      // %20 is not allowed
                           "urn:epc:id:sscc:4012345.011111111",          // 16 digits
                           "urn:epc:id:sgln:4012345.00005",              // no extension
                           "urn:epc:id:unknown:4012345.00005.0",         // unknown scheme
                           "urn:epc:idpat:sgtin:4012345.011111.123"}) {  // not a pattern
        EXPECT_EQ(Canonical(in), in) << in;
    }
}

TEST(EventHashCanonTest, DigitalLinksOfAnyHostBecomeCanonical) {
    const std::pair<const char*, const char*> cases[] = {
        {"https://id.gs1.de/01/04012345999990/21/XYZ-1234", "https://id.gs1.org/01/04012345999990/21/XYZ-1234"},
        {"https://example.org/8004/401234599999", "https://id.gs1.org/8004/401234599999"},
        {"https://example.com/253/4012345000054987", "https://id.gs1.org/253/4012345000054987"},
        {"http://id.gs1.org/00/040123451111111110", "https://id.gs1.org/00/040123451111111110"},
        // short names, GTIN padding, query strings
        {"https://id.gs1.org/gtin/09780345418913", "https://id.gs1.org/01/09780345418913"},
        {"https://example.com/gtin/09780345418913/21/765tz?abc=211121",
         "https://id.gs1.org/01/09780345418913/21/765tz"},
        {"https://id.gs1.org/giai/4000001111", "https://id.gs1.org/8004/4000001111"},
        {"https://shop.example.com/products/01/9506000134352?17=201231", "https://id.gs1.org/01/09506000134352"},
        // finest level only: lot dropped when there is a serial, CPV dropped
        {"https://id.gs1.org/01/09506000134352/10/ABC/21/12345", "https://id.gs1.org/01/09506000134352/21/12345"},
        {"https://id.gs1.org/01/09506000134352/22/2A/10/ABC", "https://id.gs1.org/01/09506000134352/10/ABC"},
        {"https://id.gs1.org/01/09506000134352/22/2A", "https://id.gs1.org/01/09506000134352"},
        {"https://id.gs1.org/414/4012345000115/254/987", "https://id.gs1.org/414/4012345000115/254/987"},
        {"https://id.gs1.org/8010/4012345ABC/8011/123", "https://id.gs1.org/8010/4012345ABC/8011/123"},
    };
    for (const auto& [in, want] : cases) EXPECT_EQ(Canonical(in), want) << in;
}

TEST(EventHashCanonTest, OtherUrisStayAsWritten) {
    for (const char* in : {"https://example.com/ErrorCode-A827", "http://transaction.acme.com/po/12345678",
                           "urn:epcglobal:cbv:bt:4012345123456:RE1099", "geo:47.506694,11.104301",
                           "https://id.gs1.org/01/0950600013435/21/x%20y",  // escapes fail the closing check
                           "https://example.com/01/09506000134352/21/a#frag",
                           "https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N"}) {
        EXPECT_EQ(Canonical(in), in) << in;
    }
}

TEST(EventHashCanonTest, NumbersLoseTrailingZerosAsInPython) {
    EXPECT_EQ(Canonical("26.0"), "26");
    EXPECT_EQ(Canonical("0.050"), "0.05");
    EXPECT_EQ(Canonical("0.180000000000"), "0.18");
    EXPECT_EQ(Canonical("12.10000"), "12.1");
    EXPECT_EQ(Canonical("+5"), "5");
    EXPECT_EQ(Canonical("-0"), "0");
    EXPECT_EQ(Canonical("1e3"), "1000");
    EXPECT_EQ(Canonical("1_000"), "1000");
    EXPECT_EQ(Canonical("0.00001"), "1e-05");
    EXPECT_EQ(Canonical("0.0001"), "0.0001");
    EXPECT_EQ(Canonical("0614141"), "614141");
    // Long digit strings go through a double, as in the reference.
    EXPECT_EQ(Canonical("111100001111000011110000"), "111100001111000003641344");
    for (const char* not_a_number : {"1e", "1_", "_1", "1__0", ".", "-", "1.5.2", "0x10", "inf", "nan", "1e999",
                                     "12abc", "2019-10-21", "+01:00"}) {
        EXPECT_EQ(Canonical(not_a_number), not_a_number);
    }
    EXPECT_EQ(Number(0.1), "0.1");
    EXPECT_EQ(Number(26.0), "26");
    EXPECT_EQ(Number(-2.5), "-2.5");
    EXPECT_EQ(Number(0.30000000000000004), "0.30000000000000004");
    EXPECT_EQ(Number(1.5e-7), "1.5e-07");
    EXPECT_EQ(Number(1e22), "10000000000000000000000");
}

TEST(EventHashCanonTest, VocabularyValuesBecomeWebUris) {
    using cbv::Vocab;
    for (const char* form : {"shipping", "urn:epcglobal:cbv:bizstep:shipping", "cbv:BizStep-shipping",
                             "https://ref.gs1.org/cbv/BizStep-shipping"}) {
        EXPECT_EQ(Vocabulary(Vocab::kBizStep, form), "https://ref.gs1.org/cbv/BizStep-shipping") << form;
    }
    EXPECT_EQ(Vocabulary(Vocab::kDisposition, "in_transit"), "https://ref.gs1.org/cbv/Disp-in_transit");
    EXPECT_EQ(Vocabulary(Vocab::kBizTransactionType, "urn:epcglobal:cbv:btt:po"), "https://ref.gs1.org/cbv/BTT-po");
    EXPECT_EQ(Vocabulary(Vocab::kSourceDestType, "owning_party"), "https://ref.gs1.org/cbv/SDT-owning_party");
    EXPECT_EQ(Vocabulary(Vocab::kErrorReason, "urn:epcglobal:cbv:er:did_not_occur"),
              "https://ref.gs1.org/cbv/ER-did_not_occur");
    // Measurement types: the bare word maps to gs1:<Word>; a CURIE keeps its local part as written.
    EXPECT_EQ(Vocabulary(Vocab::kMeasurementType, "Temperature"), "https://gs1.org/voc/Temperature");
    EXPECT_EQ(Vocabulary(Vocab::kMeasurementType, "gs1:MT-Temperature"), "https://gs1.org/voc/MT-Temperature");
    EXPECT_EQ(Vocabulary(Vocab::kSensorAlertType, "ALARM_CONDITION"), "https://gs1.org/voc/ALARM_CONDITION");
    EXPECT_EQ(Vocabulary(Vocab::kComponent, "latitude"), "https://ref.gs1.org/cbv/Comp-latitude");
    EXPECT_EQ(Vocabulary(Vocab::kComponent, "cbv:Comp-x"), "https://ref.gs1.org/cbv/Comp-x");
    // Other CURIEs and user vocabularies are kept.
    EXPECT_EQ(Vocabulary(Vocab::kMeasurementType, "example:someSensorProperty"), "example:someSensorProperty");
    EXPECT_EQ(Vocabulary(Vocab::kBizStep, "http://epcis.example.com/user/vocab/bizstep/exampling"),
              "http://epcis.example.com/user/vocab/bizstep/exampling");
    EXPECT_EQ(Vocabulary(Vocab::kBizStep, "transforming"), "transforming");  // not a standard word
}

TEST(EventHashCanonTest, TimesAreUtcMillisecondsRoundedAsTheReference) {
    EXPECT_EQ(Utc("2020-03-04T11:00:30.000+01:00"), "2020-03-04T10:00:30.000Z");
    EXPECT_EQ(Utc("2019-10-21T01:58:56+02:00"), "2019-10-20T23:58:56.000Z");
    EXPECT_EQ(Utc("2005-04-03T20:33:31.116000-06:00"), "2005-04-04T02:33:31.116Z");
    EXPECT_EQ(Utc("2023-02-02T11:04:03.1415Z"), "2023-02-02T11:04:03.142Z");
    EXPECT_EQ(Utc("2023-02-02T11:04:03.1414Z"), "2023-02-02T11:04:03.141Z");
    EXPECT_EQ(Utc("2022-02-16T08:40:21.3142715Z"), "2022-02-16T08:40:21.314Z");
    // Python rounds the microseconds half to even, after dropping digits past the sixth.
    EXPECT_EQ(Utc("2023-02-02T11:04:03.0005Z"), "2023-02-02T11:04:03.000Z");
    EXPECT_EQ(Utc("2023-02-02T11:04:03.0015Z"), "2023-02-02T11:04:03.002Z");
    EXPECT_EQ(Utc("2023-02-02T11:04:03.00050099Z"), "2023-02-02T11:04:03.000Z");
    EXPECT_EQ(Utc("2023-02-02T11:04:03.0025009Z"), "2023-02-02T11:04:03.002Z");
    EXPECT_EQ(Utc("1999-12-31T23:59:59.9996Z"), "2000-01-01T00:00:00.000Z");
    EXPECT_EQ(Utc("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000Z");
}

// Every prefix and every one-character variant of valid identifiers: no crash, no out-of-range
// access (the sanitizer build checks), and a result either canonical or the input itself.
TEST(EventHashCanonTest, DamagedIdentifiersAreHandledSafely) {
    const char* samples[] = {
        "urn:epc:id:sgtin:4012345.011111.9876",
        "urn:epc:id:sscc:4012345.3111111111",
        "urn:epc:id:sgln:123456789012..ext",
        "urn:epc:id:grai:123456789012...7",
        "urn:epc:id:giai:4012345.ABC345",
        "urn:epc:id:gsrnp:4012345.0000000007",
        "urn:epc:id:gdti:987659999999..9",
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234",
        "urn:epc:id:sgcn:4012345.99999.44",
        "urn:epc:id:ginc:0614141.xyz47%2F11",
        "urn:epc:id:gsin:4012345.222333444",
        "urn:epc:id:itip:4012345.011111.01.02.987",
        "urn:epc:id:upui:1234567.098765.51qIgY",
        "urn:epc:id:pgln:999999999999.",
        "urn:epc:class:lgtin:4012345.012345.Lot987",
        "urn:epc:idpat:itip:4012345.012345.01.02.*",
        "urn:epc:idpat:cpi:4012345.ABC.*",
        "urn:epc:idpat:grai:4012345.66666.*",
        "https://example.com/gtin/09780345418913/21/765tz?abc=211121",
        "https://id.gs1.org/01/09506000134352/22/2A/10/ABC/21/1",
        "https://id.gs1.org/8010/4012345ABC/8011/123",
        "http://x/8006/040123451111180102/10/a/21/b",
        "-1.5e-7",
        "urn:epcglobal:cbv:bizstep:shipping",
    };
    for (std::string_view sample : samples) {
        for (std::size_t n = 0; n <= sample.size(); ++n) {
            const std::string prefix(sample.substr(0, n));
            const std::string out = Canonical(prefix);
            EXPECT_FALSE(out.empty() && !prefix.empty()) << prefix;
            for (char c : {'.', '/', '%', '*', '9', 'a', '?'}) {
                std::string variant(sample);
                if (n < variant.size()) variant[n] = c;
                (void)Canonical(variant);
            }
        }
    }
}

TEST(EventHashCanonTest, StripTrimsAsciiWhitespace) {
    EXPECT_EQ(Strip("  \t\n abc \r\n"), "abc");
    EXPECT_EQ(Strip(" \n "), "");
    EXPECT_EQ(Strip("a b"), "a b");
}

}  // namespace
}  // namespace txng::epcis::event_hash_detail
