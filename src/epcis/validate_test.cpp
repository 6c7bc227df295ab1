#include "epcis/validate.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "epcis/json_codec.hpp"
#include "epcis/xml_codec.hpp"
#include "tests/support/shared_dir.hpp"

namespace txng::epcis {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers

DateTime Time(std::string_view text) { return DateTime::Parse(text).value(); }

// A minimal valid ObjectEvent; tests change one thing at a time.
Event ObjectEvent() {
    Event e;
    e.type = EventType::kObjectEvent;
    e.event_time = Time("2026-07-22T06:45:00+07:00");
    e.event_time_zone_offset = "+07:00";
    e.action = Action::kObserve;
    e.epc_list = {"urn:epc:id:sgtin:0614141.107346.2017"};
    e.present.epc_list = true;
    return e;
}

Document DocumentWith(std::vector<Event> events, DocumentKind kind = DocumentKind::kEpcisDocument) {
    Document doc;
    doc.kind = kind;
    doc.schema_version = "2.0";
    doc.context_urls = {"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"};
    doc.events = std::move(events);
    return doc;
}

ValidationReport Validate(const Event& e, Binding binding = Binding::kJson) {
    ValidationOptions options;
    options.binding = binding;
    return ValidateDocument(DocumentWith({e}), options);
}

std::string Describe(const std::vector<Error>& list) {
    std::string out;
    for (const auto& e : list) out += "  " + e.ToString() + "\n";
    return out.empty() ? "  (none)\n" : out;
}

std::string Describe(const ValidationReport& r) {
    return "errors:\n" + Describe(r.errors) + "warnings:\n" + Describe(r.warnings);
}

bool Has(const std::vector<Error>& list, std::string_view rule, std::string_view where) {
    for (const auto& e : list) {
        if (e.rule == rule && e.where == where) return true;
    }
    return false;
}

// Exactly one error, with this rule at this path.
::testing::AssertionResult OnlyError(const ValidationReport& r, std::string_view rule, std::string_view where) {
    if (r.errors.size() == 1 && r.errors[0].rule == rule && r.errors[0].where == where) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "expected only " << rule << " at " << where << "\n" << Describe(r);
}

::testing::AssertionResult HasWarning(const ValidationReport& r, std::string_view rule, std::string_view where) {
    if (Has(r.warnings, rule, where)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected warning " << rule << " at " << where << "\n" << Describe(r);
}

::testing::AssertionResult Clean(const ValidationReport& r) {
    if (r.errors.empty() && r.warnings.empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << Describe(r);
}

SensorReport Report(std::string type) {
    SensorReport r;
    r.type = std::move(type);
    return r;
}

Event WithReports(std::vector<SensorReport> reports) {
    Event e = ObjectEvent();
    SensorElement se;
    se.sensor_reports = std::move(reports);
    e.sensor_element_list = {se};
    return e;
}

constexpr std::string_view kEv0 = "epcisBody.eventList[0]";
std::string At(std::string_view field) { return std::string(kEv0) + "." + std::string(field); }
std::string XmlAt(std::string_view field) {
    return "EPCISDocument/EPCISBody/EventList/ObjectEvent[1]/" + std::string(field);
}

// ---------------------------------------------------------------------------------------------
// A valid event

TEST(ValidateTest, MinimalEventIsClean) {
    EXPECT_TRUE(Clean(Validate(ObjectEvent())));
    EXPECT_TRUE(Clean(Validate(ObjectEvent(), Binding::kXml)));
}

TEST(ValidateTest, FullyPopulatedValidEventIsClean) {
    Event e = ObjectEvent();
    e.action = Action::kAdd;
    e.event_id = "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0";
    e.record_time = Time("2026-07-22T07:00:00+07:00");
    e.certification_info = {"https://accreditation-council.example.org/certificate/ABC12345"};
    e.quantity_list = {{"urn:epc:class:lgtin:4012345.012345.998877", 200, "KGM"},
                       {"https://id.gs1.org/01/04012345123456/10/ABC", 3, std::nullopt}};
    e.present.quantity_list = true;
    e.biz_step = "commissioning";
    e.disposition = "active";
    e.persistent_disposition = PersistentDisposition{{"completeness_verified"}, {"completeness_inferred"}};
    e.read_point = Location{"urn:epc:id:sgln:0614141.07346.1234", {}};
    e.biz_location = Location{"https://id.gs1.org/414/9521141000007", {}};
    e.biz_transaction_list = {{"po", "urn:epcglobal:cbv:bt:0614141073467:1152"},
                              {std::nullopt, "http://transaction.acme.com/po/12345678"}};
    e.source_list = {{"possessing_party", "urn:epc:id:pgln:0614141.00001"}};
    e.destination_list = {{"https://example.com/sdt/carrier", "https://id.gs1.org/417/0614141000012"}};
    SensorElement se;
    se.sensor_metadata = SensorMetadata{};
    se.sensor_metadata->device_id = "urn:epc:id:giai:4000001.111";
    se.sensor_metadata->raw_data = "https://example.org/8004/401234599999";
    se.sensor_metadata->start_time = Time("2026-07-22T06:00:00+07:00");
    se.sensor_metadata->end_time = Time("2026-07-22T06:40:00+07:00");
    SensorReport r;
    r.type = "Temperature";
    r.value = 26;
    r.uom = "CEL";
    r.component = "x";
    r.hex_binary_value = "0aF9";
    r.min_value = 1;
    r.max_value = 30;
    r.perc_rank = 50;
    se.sensor_reports.push_back(r);
    e.sensor_element_list.push_back(se);
    e.ilmd = Extensions{{"https://example.com/ns/", "ex", "lot", {}}};
    EXPECT_TRUE(Clean(Validate(e)));
}

// ---------------------------------------------------------------------------------------------
// uri.format

TEST(ValidateTest, EveryUriFieldMustBeAnAbsoluteUri) {
    struct Case {
        void (*set)(Event&);
        std::string where;
    };
    const std::vector<Case> cases = {
        {[](Event& e) { e.event_id = "not a uri"; }, At("eventID")},
        {[](Event& e) {
             e.epc_list = {"urn:epc:id:sgtin:0614141.107346.2017", "2018"};
         },
         At("epcList[1]")},
        {[](Event& e) {
             e.read_point = Location{"plant 7", {}};
         },
         At("readPoint.id")},
        {[](Event& e) {
             e.biz_location = Location{"", {}};
         },
         At("bizLocation.id")},
        {[](Event& e) {
             e.biz_transaction_list = {{"po", "12345"}};
         },
         At("bizTransactionList[0].bizTransaction")},
        {[](Event& e) {
             e.source_list = {{"owning_party", "acme"}};
         },
         At("sourceList[0].source")},
        {[](Event& e) {
             e.destination_list = {{"owning_party", "acme"}};
         },
         At("destinationList[0].destination")},
        {[](Event& e) {
             e.quantity_list = {{"lgtin 123", 1, std::nullopt}};
         },
         At("quantityList[0].epcClass")},
        {[](Event& e) {
             e.error_declaration = ErrorDeclaration{};
             e.error_declaration->declaration_time = e.event_time;
             e.error_declaration->corrective_event_ids = {"urn:uuid:1", "event 2"};
         },
         At("errorDeclaration.correctiveEventIDs[1]")},
        {[](Event& e) {
             e.certification_info = {"cert 1"};
             e.certification_info_is_array = false;
         },
         At("certificationInfo")},
        {[](Event& e) {
             e.certification_info = {"https://example.com/c1", "cert 2"};
             e.certification_info_is_array = true;
         },
         At("certificationInfo[1]")},
        {[](Event& e) {
             SensorElement se;
             se.sensor_metadata = SensorMetadata{};
             se.sensor_metadata->biz_rules = "rules v2";
             se.sensor_reports.resize(1);
             se.sensor_reports[0].type = "Temperature";
             e.sensor_element_list = {se};
         },
         At("sensorElementList[0].sensorMetadata.bizRules")},
        {[](Event& e) {
             SensorElement se;
             se.sensor_reports.resize(2);
             se.sensor_reports[1].chemical_substance = "ethanol";
             e.sensor_element_list = {se};
         },
         At("sensorElementList[0].sensorReport[1].chemicalSubstance")},
        {[](Event& e) {
             SensorElement se;
             se.sensor_reports.resize(1);
             se.sensor_reports[0].coordinate_reference_system = "WGS 84";
             e.sensor_element_list = {se};
         },
         At("sensorElementList[0].sensorReport[0].coordinateReferenceSystem")},
        {[](Event& e) {
             SensorElement se;
             se.sensor_reports.resize(1);
             se.sensor_reports[0].uri_value = "%zz:x";
             e.sensor_element_list = {se};
         },
         At("sensorElementList[0].sensorReport[0].uriValue")},
    };
    for (const auto& c : cases) {
        Event e = ObjectEvent();
        c.set(e);
        EXPECT_TRUE(OnlyError(Validate(e), "uri.format", c.where));
    }
}

TEST(ValidateTest, TransformationAndAggregationUriFields) {
    Event t;
    t.type = EventType::kTransformationEvent;
    t.event_time = Time("2026-07-22T06:45:00Z");
    t.event_time_zone_offset = "+00:00";
    t.input_epc_list = {"urn:epc:id:sgtin:0614141.107346.2017"};
    t.output_epc_list = {"output 1"};
    t.transformation_id = "batch 7";
    auto r = Validate(t);
    EXPECT_TRUE(Has(r.errors, "uri.format", At("outputEPCList[0]"))) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "uri.format", At("transformationID"))) << Describe(r);
    EXPECT_EQ(r.errors.size(), 2u) << Describe(r);

    Event a;
    a.type = EventType::kAggregationEvent;
    a.event_time = t.event_time;
    a.event_time_zone_offset = "+00:00";
    a.action = Action::kAdd;
    a.parent_id = "pallet 1";
    a.child_epcs = {"urn:epc:id:sgtin:0614141.107346.2017"};
    EXPECT_TRUE(OnlyError(Validate(a), "uri.format", At("parentID")));
}

TEST(ValidateTest, ExtensionEventTypeMustBeAUri) {
    Event e = ObjectEvent();
    e.type = EventType::kExtensionEvent;
    e.action.reset();
    e.extension_type = "https://example.com/MyEvent";
    EXPECT_TRUE(Clean(Validate(e)));
    e.extension_type = "MyEvent";
    EXPECT_TRUE(OnlyError(Validate(e), "uri.format", At("type")));
}

// ---------------------------------------------------------------------------------------------
// CBV vocabularies

TEST(ValidateTest, BizStepStandardWordsAndUrisOfOnesOwn) {
    for (const char* ok : {"shipping", "sensor_reporting", "https://ref.gs1.org/cbv/BizStep-shipping",
                           "cbv:BizStep-shipping", "https://example.com/bizStep/inspecting",
                           "http://epcis.example.org/hc/bizstep/summarising_discharge", "urn:example:bizstep:x"}) {
        Event e = ObjectEvent();
        e.biz_step = ok;
        EXPECT_TRUE(Clean(Validate(e))) << ok;
    }
}

TEST(ValidateTest, NonStandardBareBizStepIsAnError) {
    for (const char* bad : {"transforming", "Shipping", "shipping ", "", "BizStep-shipping"}) {
        Event e = ObjectEvent();
        e.biz_step = bad;
        auto r = Validate(e);
        EXPECT_TRUE(OnlyError(r, "cbv.bizStep", At("bizStep"))) << bad;
        if (!r.errors.empty()) {
            EXPECT_EQ(r.errors[0].value, bad);
        }
        EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "cbv.bizStep", XmlAt("bizStep"))) << bad;
    }
}

TEST(ValidateTest, UrnFormOfAStandardWordIsXmlOnly) {
    Event e = ObjectEvent();
    e.biz_step = "urn:epcglobal:cbv:bizstep:shipping";
    e.disposition = "urn:epcglobal:cbv:disp:in_transit";
    e.biz_transaction_list = {{"urn:epcglobal:cbv:btt:po", "urn:epcglobal:cbv:bt:0614141073467:1152"}};
    e.source_list = {{"urn:epcglobal:cbv:sdt:owning_party", "urn:epc:id:pgln:0614141.00001"}};
    EXPECT_TRUE(Clean(Validate(e, Binding::kXml)));
    auto r = Validate(e, Binding::kJson);
    EXPECT_EQ(r.errors.size(), 4u) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "cbv.bizStep", At("bizStep")));
    EXPECT_TRUE(Has(r.errors, "cbv.disposition", At("disposition")));
    EXPECT_TRUE(Has(r.errors, "cbv.bizTransactionType", At("bizTransactionList[0].type")));
    EXPECT_TRUE(Has(r.errors, "cbv.sourceDestType", At("sourceList[0].type")));
}

TEST(ValidateTest, LenientVocabularyFormsTurnTheJsonUrnErrorIntoAWarning) {
    Event e = ObjectEvent();
    e.biz_step = "urn:epcglobal:cbv:bizstep:shipping";
    e.sensor_element_list = WithReports({Report("https://gs1.org/voc/Temperature")}).sensor_element_list;
    ValidationOptions options;
    options.lenient_vocabulary_forms = true;
    auto r = ValidateDocument(DocumentWith({e}), options);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "cbv.bizStep", At("bizStep")));
    EXPECT_TRUE(HasWarning(r, "cbv.measurementType", At("sensorElementList[0].sensorReport[0].type")));
    // A URN naming no standard word is no mere matter of form.
    e.biz_step = "urn:epcglobal:cbv:bizstep:transforming";
    EXPECT_FALSE(ValidateDocument(DocumentWith({e}), options).ok());
}

TEST(ValidateTest, UrnFormOfANonStandardWordIsAnErrorInBothBindings) {
    Event e = ObjectEvent();
    e.biz_step = "urn:epcglobal:cbv:bizstep:transforming";
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "cbv.bizStep", XmlAt("bizStep")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kJson), "cbv.bizStep", At("bizStep")));
    // A standard word of another vocabulary is no business step either.
    e.biz_step = "urn:epcglobal:cbv:disp:in_transit";
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "cbv.bizStep", XmlAt("bizStep")));
}

TEST(ValidateTest, RetiredNsGs1OrgNamespaceIsRefused) {
    Event e = ObjectEvent();
    e.disposition = "http://ns.gs1.org/cbv/Disp-in_transit";
    EXPECT_TRUE(OnlyError(Validate(e), "cbv.disposition", At("disposition")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "cbv.disposition", XmlAt("disposition")));
}

TEST(ValidateTest, GS1NamespaceTermThatDoesNotExistIsAWarning) {
    Event e = ObjectEvent();
    e.biz_step = "https://ref.gs1.org/cbv/BizStep-transforming";
    e.destination_list = {{"cbv:my_own_party", "urn:epc:id:pgln:0614141.00777"}};
    auto r = Validate(e);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "cbv.bizStep", At("bizStep")));
    EXPECT_TRUE(HasWarning(r, "cbv.sourceDestType", At("destinationList[0].type")));
}

TEST(ValidateTest, CuriePrefixIsResolvedWithTheDocumentNamespaces) {
    Event e = ObjectEvent();
    e.biz_step = "std:BizStep-shipping";
    Document doc = DocumentWith({e});
    EXPECT_TRUE(Clean(ValidateDocument(doc)));  // an unknown prefix: a URI of someone's own
    doc.namespaces = {{"std", "https://ref.gs1.org/cbv/"}};
    EXPECT_TRUE(Clean(ValidateDocument(doc)));  // a standard value under another prefix
    doc.events[0].biz_step = "std:BizStep-transforming";
    auto r = ValidateDocument(doc);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(HasWarning(r, "cbv.bizStep", At("bizStep")));
    // An event's own declaration overrides the document's.
    doc.events[0].namespaces = {{"std", "https://example.com/steps/"}};
    EXPECT_TRUE(Clean(ValidateDocument(doc)));
}

TEST(ValidateTest, DispositionAndPersistentDisposition) {
    Event e = ObjectEvent();
    e.disposition = "in_transport";
    EXPECT_TRUE(OnlyError(Validate(e), "cbv.disposition", At("disposition")));

    e = ObjectEvent();
    e.persistent_disposition = PersistentDisposition{{"completeness_verified", "damaged", "damaged"}, {"lost"}};
    auto r = Validate(e);
    EXPECT_EQ(r.errors.size(), 2u) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "unique_items.persistentDisposition", At("persistentDisposition.set[2]")));
    EXPECT_TRUE(Has(r.errors, "cbv.disposition", At("persistentDisposition.unset[0]")));
    auto x = Validate(e, Binding::kXml);
    EXPECT_TRUE(Has(x.errors, "cbv.disposition", XmlAt("persistentDisposition/unset[1]"))) << Describe(x);

    e.persistent_disposition = PersistentDisposition{};
    EXPECT_TRUE(OnlyError(Validate(e), "schema.min_items", At("persistentDisposition")));

    e.persistent_disposition = PersistentDisposition{{"active"}, {"active"}};
    r = Validate(e);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(HasWarning(r, "consistency.persistent_disposition", At("persistentDisposition.unset[0]")));
}

TEST(ValidateTest, BizTransactionSourceDestinationAndErrorReason) {
    Event e = ObjectEvent();
    e.biz_transaction_list = {{"po", "urn:epcglobal:cbv:bt:0614141073467:1"}, {"order", "urn:example:bt:2"}};
    EXPECT_TRUE(OnlyError(Validate(e), "cbv.bizTransactionType", At("bizTransactionList[1].type")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "cbv.bizTransactionType",
                          XmlAt("bizTransactionList/bizTransaction[2]/@type")));

    e = ObjectEvent();
    e.source_list = {{"place", "urn:epc:id:sgln:9520123.45678.0"}};
    EXPECT_TRUE(OnlyError(Validate(e), "cbv.sourceDestType", At("sourceList[0].type")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "cbv.sourceDestType", XmlAt("sourceList/source[1]/@type")));

    e = ObjectEvent();
    e.error_declaration = ErrorDeclaration{};
    e.error_declaration->declaration_time = Time("2026-07-23T00:00:00Z");
    e.error_declaration->reason = "incorrect_data";
    EXPECT_TRUE(Clean(Validate(e)));
    e.error_declaration->reason = "wrong";
    EXPECT_TRUE(OnlyError(Validate(e), "cbv.errorReason", At("errorDeclaration.reason")));
    e.error_declaration->reason = "urn:epcglobal:cbv:er:did_not_occur";
    EXPECT_TRUE(Clean(Validate(e, Binding::kXml)));
}

TEST(ValidateTest, MeasurementTypes) {
    for (const char* ok : {"Temperature", "EffectiveDoseRate", "gs1:Temperature", "gs1:MT-Temperature",
                           "example:someSensorProperty", "https://example.com/mt/Brix"}) {
        EXPECT_TRUE(Clean(Validate(WithReports({Report(ok)})))) << ok;
    }
    // The Web URI form: refused by the JSON schema, the XML binding's form of a standard term.
    auto web = WithReports({Report("https://gs1.org/voc/Temperature")});
    EXPECT_TRUE(OnlyError(Validate(web), "cbv.measurementType", At("sensorElementList[0].sensorReport[0].type")));
    EXPECT_TRUE(Clean(Validate(web, Binding::kXml)));
    auto unknown_web = WithReports({Report("https://www.gs1.org/voc/Flavour")});
    EXPECT_TRUE(OnlyError(Validate(unknown_web, Binding::kXml), "cbv.measurementType",
                          XmlAt("sensorElementList/sensorElement[1]/sensorReport[1]/@type")));
    // A term-like word the list lacks (the openepcis corpus uses Molar_concentration): a warning.
    auto r = Validate(WithReports({Report("Molar_concentration")}));
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "cbv.measurementType", At("sensorElementList[0].sensorReport[0].type")));
    r = Validate(WithReports({Report("gs1:Molar_concentration")}), Binding::kXml);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_EQ(r.warnings.size(), 1u) << Describe(r);
    // Anything else that is not a URI is an error.
    EXPECT_TRUE(OnlyError(Validate(WithReports({Report("degrees C")})), "cbv.measurementType",
                          At("sensorElementList[0].sensorReport[0].type")));
}

TEST(ValidateTest, SensorAlertTypesAndComponents) {
    SensorReport r;
    r.exception = "ALARM_CONDITION";
    r.component = "latitude";
    EXPECT_TRUE(Clean(Validate(WithReports({r}))));
    r.exception = "gs1:ERROR_CONDITION";
    r.component = "cbv:Comp-longitude";
    EXPECT_TRUE(Clean(Validate(WithReports({r}))));
    r.exception = "alarm";
    r.component = "lat";
    auto v = Validate(WithReports({r}));
    EXPECT_EQ(v.errors.size(), 2u) << Describe(v);
    EXPECT_TRUE(Has(v.errors, "cbv.sensorAlertType", At("sensorElementList[0].sensorReport[0].exception")));
    EXPECT_TRUE(Has(v.errors, "cbv.component", At("sensorElementList[0].sensorReport[0].component")));
    r.exception = "https://gs1.org/voc/SensorAlertType-ALARM_CONDITION";
    r.component = "urn:epcglobal:cbv:comp:x";
    v = Validate(WithReports({r}));
    EXPECT_TRUE(Has(v.errors, "cbv.sensorAlertType", At("sensorElementList[0].sensorReport[0].exception")));
    EXPECT_TRUE(Has(v.errors, "cbv.component", At("sensorElementList[0].sensorReport[0].component")));
}

// ---------------------------------------------------------------------------------------------
// Patterns

TEST(ValidateTest, EventTimeZoneOffsetPattern) {
    for (const char* ok : {"+00:00", "-00:00", "+07:00", "-13:59", "+14:00", "-14:00", "+05:45"}) {
        Event e = ObjectEvent();
        e.event_time_zone_offset = ok;
        EXPECT_TRUE(Clean(Validate(e))) << ok;
    }
    for (const char* bad : {"", "Z", "+7:00", "+07:0", "07:00", "+14:30", "+15:00", "+07:60", "+0700", "+07:00 "}) {
        Event e = ObjectEvent();
        e.event_time_zone_offset = bad;
        EXPECT_TRUE(OnlyError(Validate(e), "pattern.event_time_zone_offset", At("eventTimeZoneOffset"))) << bad;
    }
}

TEST(ValidateTest, QuantityUomPattern) {
    Event e = ObjectEvent();
    e.quantity_list = {{"urn:epc:class:lgtin:4012345.012345.998877", 5, "KGM"},
                       {"urn:epc:class:lgtin:4012345.012345.998877", 5, "M3"}};
    EXPECT_TRUE(Clean(Validate(e)));
    e.quantity_list[1].uom = "kg";
    EXPECT_TRUE(OnlyError(Validate(e), "pattern.uom", At("quantityList[1].uom")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "pattern.uom", XmlAt("quantityList/quantityElement[2]/uom")));
    e.quantity_list[1].uom = "KGMS";
    EXPECT_TRUE(OnlyError(Validate(e), "pattern.uom", At("quantityList[1].uom")));
}

TEST(ValidateTest, SensorReportUomIsOnlyAWarning) {
    SensorReport r = Report("Temperature");
    r.uom = "°C";
    auto v = Validate(WithReports({r}));
    EXPECT_TRUE(v.ok()) << Describe(v);
    EXPECT_TRUE(HasWarning(v, "pattern.uom", At("sensorElementList[0].sensorReport[0].uom")));
}

TEST(ValidateTest, HexBinaryPattern) {
    SensorReport r = Report("Temperature");
    r.hex_binary_value = "00ff";
    EXPECT_TRUE(Clean(Validate(WithReports({r}))));
    for (const char* bad : {"", "0x00", "zz"}) {
        r.hex_binary_value = bad;
        EXPECT_TRUE(OnlyError(Validate(WithReports({r})), "pattern.hex_binary",
                              At("sensorElementList[0].sensorReport[0].hexBinaryValue")))
            << bad;
    }
    EXPECT_TRUE(OnlyError(Validate(WithReports({r}), Binding::kXml), "pattern.hex_binary",
                          XmlAt("sensorElementList/sensorElement[1]/sensorReport[1]/@hexBinaryValue")));
}

TEST(ValidateTest, SchemaVersionPattern) {
    Document doc = DocumentWith({ObjectEvent()});
    for (const char* ok : {"2.0", "2", "1.2.3"}) {
        doc.schema_version = ok;
        EXPECT_TRUE(Clean(ValidateDocument(doc))) << ok;
    }
    for (const char* bad : {"2.", ".2", "2..0", "v2", "2.0-rc"}) {
        doc.schema_version = bad;
        EXPECT_TRUE(OnlyError(ValidateDocument(doc), "pattern.schema_version", "schemaVersion")) << bad;
    }
    ValidationOptions xml;
    xml.binding = Binding::kXml;
    EXPECT_TRUE(OnlyError(ValidateDocument(doc, xml), "pattern.schema_version", "EPCISDocument/@schemaVersion"));
}

// ---------------------------------------------------------------------------------------------
// uniqueItems and minItems

TEST(ValidateTest, DuplicateEpcsInObjectAndTransformationListsAreErrors) {
    Event e = ObjectEvent();
    e.epc_list = {"urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018",
                  "urn:epc:id:sgtin:0614141.107346.2017"};
    EXPECT_TRUE(OnlyError(Validate(e), "unique_items.epcList", At("epcList[2]")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "unique_items.epcList", XmlAt("epcList/epc[3]")));

    Event t;
    t.type = EventType::kTransformationEvent;
    t.event_time = e.event_time;
    t.event_time_zone_offset = "+07:00";
    t.input_epc_list = {"urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.1"};
    t.output_epc_list = {"urn:epc:id:sgtin:0614141.107346.2", "urn:epc:id:sgtin:0614141.107346.2"};
    auto r = Validate(t);
    EXPECT_EQ(r.errors.size(), 2u) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "unique_items.inputEPCList", At("inputEPCList[1]")));
    EXPECT_TRUE(Has(r.errors, "unique_items.outputEPCList", At("outputEPCList[1]")));
}

TEST(ValidateTest, DuplicateEpcsInALargeListAreFoundInIndexOrder) {
    Event e = ObjectEvent();
    e.epc_list.clear();
    for (int i = 0; i < 100; ++i) e.epc_list.push_back("urn:epc:id:sgtin:0614141.107346." + std::to_string(i));
    e.epc_list[70] = e.epc_list[3];
    e.epc_list[40] = e.epc_list[99];
    auto r = Validate(e);
    ASSERT_EQ(r.errors.size(), 2u) << Describe(r);
    EXPECT_EQ(r.errors[0].where, At("epcList[70]"));
    EXPECT_EQ(r.errors[1].where, At("epcList[99]"));
}

TEST(ValidateTest, DuplicatesWhereTheSchemaHasNoUniqueItemsAreWarnings) {
    Event tx = ObjectEvent();
    tx.type = EventType::kTransactionEvent;
    tx.biz_transaction_list = {{"po", "urn:epcglobal:cbv:bt:0614141073467:1"}};
    tx.epc_list = {"urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.1"};
    auto r = Validate(tx);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "unique_items.epcList", At("epcList[1]")));

    Event agg = ObjectEvent();
    agg.type = EventType::kAggregationEvent;
    agg.epc_list.clear();
    agg.parent_id = "urn:epc:id:sscc:0614141.1234567890";
    agg.child_epcs = {"urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.1"};
    r = Validate(agg);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "unique_items.childEPCs", At("childEPCs[1]")));
}

TEST(ValidateTest, ContextUrlsMustBeUniqueUris) {
    Document doc = DocumentWith({ObjectEvent()});
    doc.context_urls.push_back(doc.context_urls[0]);
    EXPECT_TRUE(OnlyError(ValidateDocument(doc), "unique_items.context", "@context[1]"));
    doc.context_urls[1] = "not a url";
    EXPECT_TRUE(OnlyError(ValidateDocument(doc), "uri.format", "@context[1]"));
}

TEST(ValidateTest, SensorElementNeedsAReport) {
    Event e = WithReports({});
    EXPECT_TRUE(OnlyError(Validate(e), "schema.min_items", At("sensorElementList[0].sensorReport")));
}

// ---------------------------------------------------------------------------------------------
// Event type rules

TEST(ValidateTest, IdentifierRulesPerEventType) {
    Event e = ObjectEvent();
    e.epc_list.clear();
    e.present.epc_list = false;
    EXPECT_TRUE(OnlyError(Validate(e), "schema.one_of_identifiers", std::string(kEv0)));
    e.present.epc_list = true;  // `"epcList": []` is allowed
    EXPECT_TRUE(Clean(Validate(e)));

    Event agg = ObjectEvent();
    agg.type = EventType::kAggregationEvent;
    agg.epc_list.clear();
    agg.present = {};
    agg.parent_id = "urn:epc:id:sscc:0614141.1234567890";
    agg.action = Action::kAdd;
    EXPECT_TRUE(OnlyError(Validate(agg), "schema.one_of_identifiers", std::string(kEv0)));
    agg.action = Action::kDelete;
    EXPECT_TRUE(Clean(Validate(agg)));
    agg.parent_id.reset();
    EXPECT_TRUE(HasWarning(Validate(agg), "consistency.parent_id", At("parentID")));

    Event assoc = agg;
    assoc.type = EventType::kAssociationEvent;
    EXPECT_TRUE(OnlyError(Validate(assoc), "schema.required", At("parentID")));

    Event tx = ObjectEvent();
    tx.type = EventType::kTransactionEvent;
    EXPECT_TRUE(OnlyError(Validate(tx), "schema.min_items", At("bizTransactionList")));

    Event t;
    t.type = EventType::kTransformationEvent;
    t.event_time = e.event_time;
    t.event_time_zone_offset = "+07:00";
    t.input_epc_list = {"urn:epc:id:sgtin:0614141.107346.1"};
    EXPECT_TRUE(OnlyError(Validate(t), "schema.one_of_identifiers", std::string(kEv0)));
    t.transformation_id = "urn:uuid:8d3a1f3c-2b1e-4c55-9a3e-0a1b2c3d4e5f";
    EXPECT_TRUE(Clean(Validate(t)));
    t.action = Action::kAdd;
    EXPECT_TRUE(OnlyError(Validate(t), "schema.unknown_property", At("action")));

    Event no_action = ObjectEvent();
    no_action.action.reset();
    EXPECT_TRUE(OnlyError(Validate(no_action), "schema.required", At("action")));
}

TEST(ValidateTest, IlmdOnlyOnObjectAddAndTransformation) {
    Event e = ObjectEvent();
    e.ilmd = Extensions{{"https://example.com/ns/", "ex", "lot", {}}};
    e.action = Action::kAdd;
    EXPECT_TRUE(Clean(Validate(e)));
    e.action = Action::kObserve;
    EXPECT_TRUE(OnlyError(Validate(e), "schema.ilmd_action", At("ilmd")));
    e.type = EventType::kTransactionEvent;
    e.biz_transaction_list = {{"po", "urn:epcglobal:cbv:bt:0614141073467:1"}};
    EXPECT_TRUE(OnlyError(Validate(e), "schema.ilmd_event_type", At("ilmd")));

    Event t;
    t.type = EventType::kTransformationEvent;
    t.event_time = e.event_time;
    t.event_time_zone_offset = "+07:00";
    t.input_epc_list = {"urn:epc:id:sgtin:0614141.107346.1"};
    t.output_epc_list = {"urn:epc:id:sgtin:0614141.107346.2"};
    t.ilmd = Extensions{{"", "", "materialType", {}}};
    EXPECT_TRUE(OnlyError(Validate(t), "uri.format", At("ilmd")));
}

// ---------------------------------------------------------------------------------------------
// GS1 identifiers

TEST(ValidateTest, EpcUrnsMustFollowTheTagDataStandard) {
    Event e = ObjectEvent();
    e.epc_list = {"urn:epc:id:sgtin:0614141.10734.2017"};  // 7 + 5 digits: one short of a GTIN
    auto r = Validate(e);
    EXPECT_TRUE(OnlyError(r, "gs1.epc_uri", At("epcList[0]")));
    if (!r.errors.empty()) {
        EXPECT_NE(r.errors[0].detail.find("epc_uri."), std::string::npos) << r.errors[0].detail;
    }

    e = ObjectEvent();
    e.read_point = Location{"urn:epc:id:sgln:0614141.07346", {}};  // the extension is missing
    EXPECT_TRUE(OnlyError(Validate(e), "gs1.epc_uri", At("readPoint.id")));

    // In any URI field, not just the identifier fields.
    e = ObjectEvent();
    SensorReport report = Report("Temperature");
    report.device_metadata = "urn:epc:id:giai:12.x";
    e = WithReports({report});
    EXPECT_TRUE(OnlyError(Validate(e), "gs1.epc_uri", At("sensorElementList[0].sensorReport[0].deviceMetadata")));
}

TEST(ValidateTest, DigitalLinksMustBeValid) {
    Event e = ObjectEvent();
    e.epc_list = {"https://id.gs1.org/01/09521141012345/21/2017"};
    EXPECT_TRUE(Clean(Validate(e)));
    e.epc_list = {"https://id.gs1.org/01/09521141012346/21/2017"};  // wrong check digit
    EXPECT_TRUE(OnlyError(Validate(e), "gs1.digital_link", At("epcList[0]")));
    e.epc_list = {"https://id.gs1.org/01/09521141012345/21/2017/10/LOT"};  // qualifiers out of order
    EXPECT_TRUE(OnlyError(Validate(e), "gs1.digital_link", At("epcList[0]")));

    e = ObjectEvent();
    e.quantity_list = {{"HTTPS://ID.GS1.ORG/01/4012345123456", 1, std::nullopt}};  // 13 digits
    EXPECT_TRUE(OnlyError(Validate(e), "gs1.digital_link", At("quantityList[0].epcClass")));

    // On another host the URL only looks like a Digital Link: a warning.
    e = ObjectEvent();
    e.epc_list = {"https://id.example.com/8003/952012200000001004"};  // no GRAI filler digit
    auto r = Validate(e);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "gs1.digital_link", At("epcList[0]")));

    e = ObjectEvent();
    e.source_list = {{"owning_party", "https://id.gs1.org/417/0614141000013"}};  // wrong check digit
    EXPECT_TRUE(OnlyError(Validate(e), "gs1.digital_link", At("sourceList[0].source")));
    EXPECT_TRUE(OnlyError(Validate(e, Binding::kXml), "gs1.digital_link", XmlAt("sourceList/source[1]")));
}

TEST(ValidateTest, DocumentUrlsThatLookLikeDigitalLinksAreNotGs1Checked) {
    SensorReport report = Report("Temperature");
    report.raw_data = "https://example.org/01/123";  // a document's address, not a GTIN
    report.biz_rules = "https://example.com/253/4012345000054987";
    EXPECT_TRUE(Clean(Validate(WithReports({report}))));
}

TEST(ValidateTest, InstanceAndClassLevelWarnings) {
    Event e = ObjectEvent();
    e.epc_list = {"urn:epc:class:lgtin:4012345.012345.998877"};
    e.quantity_list = {{"urn:epc:id:sgtin:0614141.107346.2017", 1, std::nullopt}};
    auto r = Validate(e);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_TRUE(HasWarning(r, "gs1.epc_level", At("epcList[0]")));
    EXPECT_TRUE(HasWarning(r, "gs1.epc_level", At("quantityList[0].epcClass")));
}

// ---------------------------------------------------------------------------------------------
// Consistency warnings

TEST(ValidateTest, ConsistencyWarningsDoNotFailValidation) {
    Event e = ObjectEvent();
    e.record_time = Time("2026-07-22T06:00:00+07:00");
    e.quantity_list = {{"urn:epc:class:lgtin:4012345.012345.998877", 2.5, std::nullopt},
                       {"urn:epc:class:lgtin:4012345.012345.998877", -1, "KGM"}};
    e.error_declaration = ErrorDeclaration{};
    e.error_declaration->declaration_time = Time("2026-07-01T00:00:00Z");
    SensorElement se;
    se.sensor_metadata = SensorMetadata{};
    se.sensor_metadata->start_time = Time("2026-07-22T06:00:00Z");
    se.sensor_metadata->end_time = Time("2026-07-22T05:00:00Z");
    SensorReport r = Report("Temperature");
    r.min_value = 5;
    r.max_value = 4;
    r.perc_rank = 101;
    se.sensor_reports = {r};
    e.sensor_element_list = {se};
    auto v = Validate(e);
    EXPECT_TRUE(v.ok()) << Describe(v);
    EXPECT_TRUE(HasWarning(v, "consistency.record_time", At("recordTime")));
    EXPECT_TRUE(HasWarning(v, "consistency.quantity_count", At("quantityList[0].quantity")));
    EXPECT_TRUE(HasWarning(v, "consistency.quantity_negative", At("quantityList[1].quantity")));
    EXPECT_TRUE(HasWarning(v, "consistency.declaration_time", At("errorDeclaration.declarationTime")));
    EXPECT_TRUE(HasWarning(v, "consistency.sensor_time_range", At("sensorElementList[0].sensorMetadata.endTime")));
    EXPECT_TRUE(HasWarning(v, "consistency.sensor_min_max", At("sensorElementList[0].sensorReport[0].minValue")));
    EXPECT_TRUE(HasWarning(v, "consistency.sensor_perc_rank", At("sensorElementList[0].sensorReport[0].percRank")));
    EXPECT_EQ(v.warnings.size(), 7u) << Describe(v);
}

TEST(ValidateTest, DuplicateEventIdsInADocumentAreAWarning) {
    Event a = ObjectEvent();
    a.event_id = "urn:uuid:6f5cbd6e-3a7e-4b2b-9d4e-2c1f0a9b8c7d";
    Document doc = DocumentWith({a, ObjectEvent(), a});
    auto r = ValidateDocument(doc);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(HasWarning(r, "consistency.duplicate_event_id", "epcisBody.eventList[2].eventID"));
    EXPECT_EQ(r.warnings.size(), 1u) << Describe(r);
}

// ---------------------------------------------------------------------------------------------
// Document members and master data

TEST(ValidateTest, DocumentIdAndMasterData) {
    Document doc = DocumentWith({ObjectEvent()});
    doc.id = "doc 1";
    Vocabulary v;
    v.type = "urn:epcglobal:epcis:vtype:BusinessLocation";
    VocabularyElement el;
    el.id = "urn:epc:id:sgln:0614141.07346.0";
    el.attributes = {{"urn:epcglobal:cbv:mda#name", {}}, {"street name", {}}};
    el.children = {"urn:epc:id:sgln:0614141.07346.1", "urn:epc:id:sgln:0614141.7346.2"};
    v.elements = {VocabularyElement{"urn:epc:id:sgln:0614141.07346.9", {}, {}}, el};
    doc.master_data = {v};
    auto r = ValidateDocument(doc);
    EXPECT_EQ(r.errors.size(), 3u) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "uri.format", "id"));
    EXPECT_TRUE(Has(r.errors, "uri.format",
                    "epcisHeader.epcisMasterData.vocabularyList[0].vocabularyElementList[1]."
                    "attributes[1].id"));
    EXPECT_TRUE(Has(r.errors, "gs1.epc_uri",
                    "epcisHeader.epcisMasterData.vocabularyList[0].vocabularyElementList[1].children[1]"));

    ValidationOptions xml;
    xml.binding = Binding::kXml;
    doc.id.reset();
    doc.kind = DocumentKind::kEpcisMasterDataDocument;
    doc.events.clear();
    r = ValidateDocument(doc, xml);
    EXPECT_TRUE(Has(r.errors, "uri.format",
                    "EPCISMasterDataDocument/EPCISBody/VocabularyList/Vocabulary[1]/VocabularyElementList/"
                    "VocabularyElement[2]/attribute[2]/@id"))
        << Describe(r);
    EXPECT_TRUE(Has(r.errors, "gs1.epc_uri",
                    "EPCISMasterDataDocument/EPCISBody/VocabularyList/Vocabulary[1]/VocabularyElementList/"
                    "VocabularyElement[2]/children/id[2]"))
        << Describe(r);
}

TEST(ValidateTest, XmlPathsOfRepeatedAndAttributeFields) {
    Event e = ObjectEvent();
    e.certification_info = {"https://example.com/c1", "cert 2"};
    SensorElement se;
    se.sensor_metadata = SensorMetadata{};
    se.sensor_metadata->device_id = "device 1";
    se.sensor_reports = {Report("Temperature")};
    e.sensor_element_list = {SensorElement{}, se};
    e.sensor_element_list[0].sensor_reports = {Report("Temperature")};
    e.error_declaration = ErrorDeclaration{};
    e.error_declaration->declaration_time = Time("2026-07-23T00:00:00Z");
    e.error_declaration->corrective_event_ids = {"event 1"};
    auto r = Validate(e, Binding::kXml);
    EXPECT_EQ(r.errors.size(), 3u) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "uri.format", XmlAt("certificationInfo[2]"))) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "uri.format", XmlAt("sensorElementList/sensorElement[2]/sensorMetadata/@deviceID")))
        << Describe(r);
    EXPECT_TRUE(Has(r.errors, "uri.format", XmlAt("errorDeclaration/correctiveEventIDs/correctiveEventID[1]")))
        << Describe(r);
    e.certification_info = {"cert"};
    r = Validate(e, Binding::kXml);
    EXPECT_TRUE(Has(r.errors, "uri.format", XmlAt("certificationInfo"))) << Describe(r);
}

// ---------------------------------------------------------------------------------------------
// Paths, limits and the per-event entry point

TEST(ValidateTest, PathsFollowTheDocumentKindAndBinding) {
    Event bad = ObjectEvent();
    bad.biz_step = "transforming";
    Event tx = bad;
    tx.type = EventType::kTransactionEvent;
    tx.biz_transaction_list = {{"po", "urn:epcglobal:cbv:bt:0614141073467:1"}};
    ValidationOptions xml;
    xml.binding = Binding::kXml;

    Document doc = DocumentWith({ObjectEvent(), tx});
    EXPECT_TRUE(OnlyError(ValidateDocument(doc), "cbv.bizStep", "epcisBody.eventList[1].bizStep"));
    EXPECT_TRUE(OnlyError(ValidateDocument(doc, xml), "cbv.bizStep",
                          "EPCISDocument/EPCISBody/EventList/TransactionEvent[2]/bizStep"));
    EXPECT_EQ(EventPath(doc, 1, Binding::kJson), "epcisBody.eventList[1]");
    EXPECT_EQ(EventPath(doc, 0, Binding::kXml), "EPCISDocument/EPCISBody/EventList/ObjectEvent[1]");

    doc.kind = DocumentKind::kEpcisQueryDocument;
    EXPECT_TRUE(
        OnlyError(ValidateDocument(doc), "cbv.bizStep", "epcisBody.queryResults.resultsBody.eventList[1].bizStep"));
    EXPECT_TRUE(
        OnlyError(ValidateDocument(doc, xml), "cbv.bizStep",
                  "EPCISQueryDocument/EPCISBody/QueryResults/resultsBody/EventList/TransactionEvent[2]/bizStep"));

    Document bare = DocumentWith({bad}, DocumentKind::kBareEvent);
    EXPECT_TRUE(OnlyError(ValidateDocument(bare), "cbv.bizStep", "bizStep"));
    EXPECT_TRUE(OnlyError(ValidateDocument(bare, xml), "cbv.bizStep", "ObjectEvent/bizStep"));
    EXPECT_EQ(EventPath(bare, 0, Binding::kJson), "");
}

TEST(ValidateTest, ValidateEventUsesTheGivenPrefix) {
    Event e = ObjectEvent();
    e.disposition = "in_transport";
    ValidationReport report;
    ValidateEvent(e, {}, "events[3]", ValidationOptions{}, report);
    EXPECT_TRUE(OnlyError(report, "cbv.disposition", "events[3].disposition"));
    ValidationReport bare;
    ValidateEvent(e, {}, "", ValidationOptions{}, bare);
    EXPECT_TRUE(OnlyError(bare, "cbv.disposition", "disposition"));
}

TEST(ValidateTest, ErrorsAreCappedAtMaxErrors) {
    std::vector<Event> events(50, ObjectEvent());
    for (auto& e : events) {
        e.biz_step = "transforming";
        e.disposition = "in_transport";
    }
    ValidationOptions options;
    options.max_errors = 7;
    auto r = ValidateDocument(DocumentWith(events), options);
    EXPECT_EQ(r.errors.size(), 7u);
    EXPECT_TRUE(r.truncated);
    auto all = ValidateDocument(DocumentWith(events));
    EXPECT_EQ(all.errors.size(), 100u);
    options.max_errors = 1000;
    all = ValidateDocument(DocumentWith(events), options);
    EXPECT_EQ(all.errors.size(), 100u);
    EXPECT_FALSE(all.truncated);
}

TEST(ValidateTest, ErrorsNameTheFieldAndCarryTheValue) {
    Event e = ObjectEvent();
    e.biz_step = "transforming";
    auto r = Validate(e);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.errors[0].value, "transforming");
    EXPECT_NE(r.errors[0].detail.find("bizStep"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The conformance corpus

namespace fs = std::filesystem;
using txng::testing::ReadFile;
using txng::testing::SharedFiles;

// `strict_order`: XML element order is the decoder's business; the valid corpus has
// JumbledFieldsOrder.xml, valid only without it, and the invalid corpus a wrong-order file.
ValidationReport ValidateText(const std::string& text, Binding binding, bool strict_order, Result<Document>& decoded) {
    XmlDecodeOptions xml_options;
    xml_options.strict_element_order = strict_order;
    decoded =
        binding == Binding::kJson ? DecodeJsonDocument(text) : DecodeXmlDocument(text, DecodeLimits{}, xml_options);
    ValidationOptions options;
    options.binding = binding;
    if (!decoded) return {};
    return ValidateDocument(*decoded, options);
}

void ExpectCorpusValid(const std::vector<std::string>& dirs, Binding binding) {
    int files = 0, events = 0, warnings = 0;
    for (const auto& dir : dirs) {
        for (const auto& path : SharedFiles(dir, {".json", ".jsonld", ".xml"})) {
            Result<Document> doc = Error{};
            auto report = ValidateText(ReadFile(path), binding, false, doc);
            ASSERT_TRUE(doc.has_value()) << path << " does not decode: " << doc.error().ToString();
            EXPECT_TRUE(report.ok()) << path.filename() << "\n" << Describe(report);
            ++files;
            events += static_cast<int>(doc->events.size());
            warnings += static_cast<int>(report.warnings.size());
            if (std::getenv("TXNG_SHOW_WARNINGS") != nullptr && !report.warnings.empty()) {
                std::printf("%s\n%s", path.filename().c_str(), Describe(report.warnings).c_str());
            }
        }
    }
    EXPECT_GT(files, 0);
    std::printf("[ corpus   ] %d files, %d events, %d warnings\n", files, events, warnings);
}

TEST(ValidateTest, ValidJsonCorpusHasNoErrors) {
    TXNG_REQUIRE_SHARED();
    ExpectCorpusValid({"conformance/epcis/valid-json", "conformance/epcis/valid-json-openepcis"}, Binding::kJson);
}

TEST(ValidateTest, ValidXmlCorpusHasNoErrors) {
    TXNG_REQUIRE_SHARED();
    ExpectCorpusValid({"conformance/epcis/valid-xml", "conformance/epcis/valid-xml-openepcis"}, Binding::kXml);
}

// Every invalid document is refused by the decoder or by the validator; where the defect is a value
// rule, the validator must name it with the right rule and path.
TEST(ValidateTest, InvalidCorpusIsRejected) {
    TXNG_REQUIRE_SHARED();
    const std::map<std::string, std::vector<std::pair<std::string, std::string>>> value_defects = {
        {"Combination_of_non_standard_bizStep_and_disposition.json",
         {{"cbv.bizStep", "epcisBody.eventList[0].bizStep"},
          {"cbv.disposition", "epcisBody.eventList[1].disposition"}}},
        {"ObjectEvent_with_non_standard_bizStep.json", {{"cbv.bizStep", "epcisBody.eventList[0].bizStep"}}},
        {"ObjectEvent_with_non_standard_bizStep_in_second_event.json",
         {{"cbv.bizStep", "epcisBody.eventList[1].bizStep"}}},
        {"ObjectEvent_with_non_standard_disposition.json", {{"cbv.disposition", "epcisBody.eventList[0].disposition"}}},
        // certificationInfo holds objects, not URIs: a type error for the decoder, a URI error
        // here should a decoder ever let it through.
        {"ObjectEvent_with_invalid_certificationInfo.json",
         {{"uri.format", "epcisBody.eventList[0].certificationInfo[0]"}}},
    };
    int files = 0, by_decoder = 0, by_validator = 0;
    for (const auto& [dir, binding] : {std::pair{"conformance/epcis/invalid-json", Binding::kJson},
                                       std::pair{"conformance/epcis/invalid-xml", Binding::kXml}}) {
        for (const auto& path : SharedFiles(dir, {".json", ".jsonld", ".xml"})) {
            ++files;
            Result<Document> doc = Error{};
            auto report = ValidateText(ReadFile(path), binding, true, doc);
            const std::string name = path.filename().string();
            auto expected = value_defects.find(name);
            if (!doc) {
                ++by_decoder;
                EXPECT_TRUE(expected == value_defects.end() ||
                            name == "ObjectEvent_with_invalid_certificationInfo.json")
                    << name
                    << ": the decoder refused a value defect the validator should report: " << doc.error().ToString();
                continue;
            }
            ++by_validator;
            EXPECT_FALSE(report.ok()) << name << " decodes and validates, but is in the invalid corpus";
            if (expected != value_defects.end()) {
                for (const auto& [rule, where] : expected->second) {
                    EXPECT_TRUE(Has(report.errors, rule, where))
                        << name << ": expected " << rule << " at " << where << "\n"
                        << Describe(report);
                }
                EXPECT_EQ(report.errors.size(), expected->second.size()) << name << "\n" << Describe(report);
            }
        }
    }
    EXPECT_GT(files, 0);
    std::printf("[ corpus   ] %d invalid files: %d refused by the decoder, %d by the validator\n", files, by_decoder,
                by_validator);
}

// Combination_of_multiple_invalid_fields.json mixes value defects with structural ones, so the
// decoder refuses it before the validator runs. Without its structurally broken events (ilmd
// member without namespace, bad eventTime and action) the validator must find every value defect.
TEST(ValidateTest, ValueDefectsOfTheCombinedInvalidDocument) {
    TXNG_REQUIRE_SHARED();
    const auto files = SharedFiles("conformance/epcis/invalid-json", {".json"});
    fs::path path;
    for (const auto& f : files) {
        if (f.filename() == "Combination_of_multiple_invalid_fields.json") path = f;
    }
    if (path.empty()) GTEST_SKIP() << "Combination_of_multiple_invalid_fields.json is absent";
    boost::json::value v = boost::json::parse(ReadFile(path));
    auto& events = v.at("epcisBody").at("eventList").as_array();
    ASSERT_EQ(events.size(), 5u);
    events.erase(events.begin() + 3, events.end());
    auto doc = DecodeJsonDocument(boost::json::serialize(v));
    ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
    auto r = ValidateDocument(*doc);
    EXPECT_EQ(r.errors.size(), 3u) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "cbv.bizStep", "epcisBody.eventList[0].bizStep")) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "cbv.disposition", "epcisBody.eventList[1].disposition")) << Describe(r);
    EXPECT_TRUE(Has(r.errors, "cbv.sourceDestType", "epcisBody.eventList[2].sourceList[0].type")) << Describe(r);
}

}  // namespace
}  // namespace txng::epcis
