// Parse, validate and hash a 1,000-event EPCIS document, single-threaded. Targets (issue 2):
// >= 200,000 events/s for parse+validate, >= 100,000 events/s including the hash.
// The baseline is Boost.JSON parsing the same bytes into a DOM and nothing else, so the ratio to
// it shows what the EPCIS layer costs on this machine whatever its speed today.

#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <cstdio>
#include <string>

#include "epcis/event_hash.hpp"
#include "epcis/json_codec.hpp"
#include "epcis/validate.hpp"
#include "epcis/xml_codec.hpp"

namespace {

using namespace txng::epcis;

constexpr int kEvents = 1000;

std::string Serial(int i) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "S%06d", i);
    return buf;
}

// A realistic mix for a Vietnamese supply chain: commissioning with ILMD, packing, shipping with
// transactions and parties, processing (transformation).
std::string MakeJsonDocument() {
    std::string events;
    for (int i = 0; i < kEvents; ++i) {
        if (!events.empty()) events += ",\n";
        std::string time = "2026-11-";
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%02dT08:%02d:%02d.%03d+07:00", 1 + i % 28, i % 60, (i * 7) % 60, i % 1000);
        time += buf;
        const std::string a = Serial(3 * i), b = Serial(3 * i + 1), c = Serial(3 * i + 2);
        switch (i % 4) {
            case 0:
                events += R"({"type":"ObjectEvent","eventTime":")" + time +
                          R"(","eventTimeZoneOffset":"+07:00","epcList":["urn:epc:id:sgtin:8934567.000130.)" + a +
                          R"(","urn:epc:id:sgtin:8934567.000130.)" + b + R"(","urn:epc:id:sgtin:8934567.000130.)" + c +
                          R"("],"action":"ADD","bizStep":"commissioning","disposition":"active",)"
                          R"("readPoint":{"id":"urn:epc:id:sgln:8934567.00001.0"},)"
                          R"("bizLocation":{"id":"urn:epc:id:sgln:8934567.00001.0"},)"
                          R"("ilmd":{"txng:lot":"CF2611","txng:harvestDate":"2026-11-02","txng:province":"68"}})";
                break;
            case 1:
                events += R"({"type":"AggregationEvent","eventTime":")" + time +
                          R"(","eventTimeZoneOffset":"+07:00","parentID":"urn:epc:id:sscc:8934567.0000000001",)"
                          R"("childEPCs":["urn:epc:id:sgtin:8934567.000130.)" +
                          a + R"(","urn:epc:id:sgtin:8934567.000130.)" + b +
                          R"("],"action":"ADD","bizStep":"packing","disposition":"in_progress",)"
                          R"("readPoint":{"id":"urn:epc:id:sgln:8934567.00002.0"}})";
                break;
            case 2:
                events +=
                    R"({"type":"ObjectEvent","eventTime":")" + time +
                    R"(","eventTimeZoneOffset":"+07:00","epcList":["urn:epc:id:sscc:8934567.0000000001"],)"
                    R"("action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",)"
                    R"("readPoint":{"id":"urn:epc:id:sgln:8934567.00002.0"},)"
                    R"("bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:8934567000017:PO-)" +
                    std::to_string(i) +
                    R"("}],"sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:8934567.00001"}],)"
                    R"("destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:8934567.00003"}]})";
                break;
            default:
                events +=
                    R"({"type":"TransformationEvent","eventTime":")" + time +
                    R"(","eventTimeZoneOffset":"+07:00",)"
                    R"("inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:8934567.000123.CF2611","quantity":120.5,"uom":"KGM"}],)"
                    R"("outputEPCList":["urn:epc:id:sgtin:8934567.000130.)" +
                    a + R"(","urn:epc:id:sgtin:8934567.000130.)" + b +
                    R"("],"bizStep":"commissioning","disposition":"active",)"
                    R"("readPoint":{"id":"urn:epc:id:sgln:8934567.00002.0"},"ilmd":{"txng:roastLevel":"medium"}})";
                break;
        }
    }
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)"
           R"({"txng":"https://txng.example/ns/epcis/"}],"type":"EPCISDocument","schemaVersion":"2.0",)"
           R"("creationDate":"2026-11-20T09:00:00.000+07:00","epcisBody":{"eventList":[)" +
           events + "]}}";
}

const std::string& JsonDocument() {
    static const std::string doc = MakeJsonDocument();
    return doc;
}

const std::string& XmlDocument() {
    static const std::string doc = [] {
        auto decoded = DecodeJsonDocument(JsonDocument());
        if (!decoded) {
            std::fprintf(stderr, "benchmark document does not decode: %s\n", decoded.error().ToString().c_str());
            std::abort();
        }
        return EncodeXmlDocument(*decoded);
    }();
    return doc;
}

void CheckValid(const Document& doc, Binding binding, benchmark::State& state) {
    ValidationOptions options;
    options.binding = binding;
    auto report = ValidateDocument(doc, options);
    if (!report.ok()) state.SkipWithError(("benchmark document invalid: " + report.errors[0].ToString()).c_str());
}

void SetCounters(benchmark::State& state, std::size_t bytes) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kEvents);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

void BM_Baseline_BoostJsonParse(benchmark::State& state) {
    const auto& text = JsonDocument();
    for (auto _ : state) {
        auto v = boost::json::parse(text);
        benchmark::DoNotOptimize(v);
    }
    SetCounters(state, text.size());
}

void BM_Json_Parse(benchmark::State& state) {
    const auto& text = JsonDocument();
    for (auto _ : state) {
        auto doc = DecodeJsonDocument(text);
        benchmark::DoNotOptimize(doc);
    }
    SetCounters(state, text.size());
}

// Decode (JSON or XML), validate, and optionally hash every event: one document per iteration.
void ParseValidate(benchmark::State& state, Binding binding, bool hash) {
    const auto& text = binding == Binding::kJson ? JsonDocument() : XmlDocument();
    const auto decode = [binding](const std::string& t) {
        return binding == Binding::kJson ? DecodeJsonDocument(t) : DecodeXmlDocument(t);
    };
    ValidationOptions options;
    options.binding = binding;
    for (auto _ : state) {
        auto doc = decode(text);
        auto report = ValidateDocument(*doc, options);
        benchmark::DoNotOptimize(report);
        if (!hash) continue;
        for (const auto& e : doc->events) {
            auto id = EventHashId(e, EffectiveNamespaces(*doc, e));
            benchmark::DoNotOptimize(id);
        }
    }
    CheckValid(*decode(text), binding, state);
    SetCounters(state, text.size());
}

void BM_Json_ParseValidate(benchmark::State& state) { ParseValidate(state, Binding::kJson, false); }
void BM_Json_ParseValidateHash(benchmark::State& state) { ParseValidate(state, Binding::kJson, true); }
void BM_Xml_ParseValidate(benchmark::State& state) { ParseValidate(state, Binding::kXml, false); }
void BM_Xml_ParseValidateHash(benchmark::State& state) { ParseValidate(state, Binding::kXml, true); }

BENCHMARK(BM_Baseline_BoostJsonParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Json_Parse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Json_ParseValidate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Json_ParseValidateHash)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Xml_ParseValidate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Xml_ParseValidateHash)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
