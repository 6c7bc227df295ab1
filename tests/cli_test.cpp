// The txng binary end to end: verdicts, hash IDs and conversions on files it has never seen
// (written by the test), on the sample document and on the shared corpus.

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/run_command.hpp"
#include "tests/support/shared_dir.hpp"

namespace {

namespace fs = std::filesystem;

using txng::testing::RunResult;

RunResult RunTxng(const std::vector<std::string>& args, const std::string& stdin_file = "") {
    return txng::testing::RunCommand(TXNG_BINARY, args, stdin_file);
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string Sha256Hex(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 0xF];
    }
    return out;
}

class CliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string Write(const std::string& name, const std::string& content) {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }

    fs::path dir_;
};

// A document no corpus contains: two serialised bags of roasted coffee shipped from a roastery.
constexpr const char* kNewJson = R"({
  "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
  "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-20T09:00:00+07:00",
  "epcisBody": { "eventList": [ {
    "type": "ObjectEvent",
    "eventTime": "2026-11-02T07:30:00.000+07:00", "eventTimeZoneOffset": "+07:00",
    "epcList": ["urn:epc:id:sgtin:8934567.000130.R0002", "urn:epc:id:sgtin:8934567.000130.R0001"],
    "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
    "readPoint": {"id": "urn:epc:id:sgln:8934567.00002.0"}
  } ] } })";

// The same event in XML, written differently: URN vocabulary, UTC time, other list order.
constexpr const char* kNewXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-11-20T02:00:00Z">
  <EPCISBody><EventList><ObjectEvent>
    <eventTime>2026-11-02T00:30:00Z</eventTime>
    <eventTimeZoneOffset>+07:00</eventTimeZoneOffset>
    <epcList><epc>urn:epc:id:sgtin:8934567.000130.R0001</epc><epc>urn:epc:id:sgtin:8934567.000130.R0002</epc></epcList>
    <action>OBSERVE</action>
    <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
    <disposition>urn:epcglobal:cbv:disp:in_transit</disposition>
    <readPoint><id>urn:epc:id:sgln:8934567.00002.0</id></readPoint>
  </ObjectEvent></EventList></EPCISBody>
</epcis:EPCISDocument>
)";

// Written by hand from CBV 2.0 §8.9: UTC time with milliseconds, EPCs as canonical Digital Links
// (indicator digit first, check digit recomputed), sorted; vocabulary as Web URIs.
constexpr const char* kNewPreHash =
    "eventType=ObjectEventeventTime=2026-11-02T00:30:00.000ZeventTimeZoneOffset=+07:00"
    "epcListepc=https://id.gs1.org/01/08934567001304/21/R0001epc=https://id.gs1.org/01/08934567001304/21/R0002"
    "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/"
    "Disp-in_transitreadPointid=https://id.gs1.org/414/8934567000024";

TEST_F(CliTest, HelpListsEverySubcommand) {
    auto r = RunTxng({"--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* sub : {"validate", "hash", "convert"}) {
        EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
        auto sub_help = RunTxng({sub, "--help"});
        EXPECT_EQ(sub_help.exit_code, 0) << sub;
        EXPECT_NE(sub_help.out.find("FILE"), std::string::npos) << sub;
    }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
    EXPECT_EQ(RunTxng({}).exit_code, 2);
    EXPECT_EQ(RunTxng({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(RunTxng({"convert", "--to", "yaml", "x.json"}).exit_code, 2);
}

TEST_F(CliTest, ValidateNewDocumentsInBothFormats) {
    const auto json = Write("new.json", kNewJson);
    const auto xml = Write("new.xml", kNewXml);
    auto r = RunTxng({"validate", json, xml});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const auto lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    EXPECT_EQ(lines[0], json + ": OK 1 events");
    EXPECT_EQ(lines[1], xml + ": OK 1 events");
}

TEST_F(CliTest, ValidateReportsEachFileAndFailsIfAnyIsInvalid) {
    const auto good = Write("good.json", kNewJson);
    std::string bad_text = kNewJson;
    bad_text.replace(bad_text.find("\"shipping\""), 10, "\"shippin\"");
    const auto bad = Write("bad.json", bad_text);
    const auto broken = Write("broken.json", "{\"type\": \"EPCISDocument\", ");
    const auto missing = (dir_ / "missing.json").string();
    auto r = RunTxng({"validate", good, bad, broken, missing});
    EXPECT_EQ(r.exit_code, 1);
    const auto lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 4u) << r.out;
    EXPECT_EQ(lines[0], good + ": OK 1 events");
    EXPECT_EQ(lines[1].rfind(bad + ": INVALID epcisBody.eventList[0].bizStep", 0), 0u) << lines[1];
    EXPECT_NE(lines[1].find("shippin"), std::string::npos) << lines[1];
    EXPECT_EQ(lines[2].rfind(broken + ": INVALID", 0), 0u) << lines[2];
    EXPECT_EQ(lines[3].rfind(missing + ": INVALID", 0), 0u) << lines[3];
}

TEST_F(CliTest, ValidateReadsStandardInput) {
    const auto json = Write("stdin.json", kNewJson);
    auto r = RunTxng({"validate", "-"}, json);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "-: OK 1 events\n");
}

TEST_F(CliTest, RejectsInputsThatAreNeitherJsonNorXml) {
    const auto text = Write("notes.txt", "hello");
    const auto empty = Write("empty.json", "");
    auto r = RunTxng({"validate", text, empty});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("format.unknown"), std::string::npos) << r.out;
}

TEST_F(CliTest, RefusesDocumentsOverTheSizeLimit) {
    std::string big = kNewJson;
    big.insert(big.find("\"type\""), "\"padding:x\": \"" + std::string(2u << 20, 'a') + "\", ");
    const auto path = Write("big.json", big);
    auto r = RunTxng({"--max-document-mib", "1", "validate", path});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("INVALID"), std::string::npos);
    EXPECT_NE(r.out.find("limit"), std::string::npos) << r.out;
}

TEST_F(CliTest, HashOfANewEventFollowsCbv2) {
    const auto json = Write("new.json", kNewJson);
    auto r = RunTxng({"hash", "--prehash", json});
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    EXPECT_EQ(lines[0], kNewPreHash);
    EXPECT_EQ(lines[1], "ni:///sha-256;" + Sha256Hex(kNewPreHash) + "?ver=CBV2.0");

    // The XML serialisation of the same event has the same hash.
    const auto xml = Write("new.xml", kNewXml);
    auto x = RunTxng({"hash", xml});
    ASSERT_EQ(x.exit_code, 0);
    EXPECT_EQ(Lines(x.out), std::vector<std::string>{lines[1]});
}

TEST_F(CliTest, HashOfAnInvalidDocumentFails) {
    const auto broken = Write("broken.json", "[1, 2");
    auto r = RunTxng({"hash", broken});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(r.out.empty());
}

TEST_F(CliTest, ConvertRoundTripKeepsTheHashes) {
    const auto sample = std::string(TXNG_SOURCE_DIR) + "/examples/coffee-lam-dong.jsonld";
    auto original = RunTxng({"hash", sample});
    ASSERT_EQ(original.exit_code, 0);
    ASSERT_EQ(Lines(original.out).size(), 4u);

    const auto xml = (dir_ / "sample.xml").string();
    ASSERT_EQ(RunTxng({"convert", "--to", "xml", sample, "-o", xml}).exit_code, 0);
    auto xml_validate = RunTxng({"validate", xml});
    EXPECT_EQ(xml_validate.out, xml + ": OK 4 events\n");
    EXPECT_EQ(RunTxng({"hash", xml}).out, original.out);

    auto back = RunTxng({"convert", "--to", "json", xml});
    ASSERT_EQ(back.exit_code, 0);
    EXPECT_EQ(back.out.front(), '{');
    const auto json = Write("back.json", back.out);
    EXPECT_EQ(RunTxng({"hash", json}).out, original.out);
}

TEST_F(CliTest, SharedCorpusVerdicts) {
    TXNG_REQUIRE_SHARED();
    for (const char* dir : {"conformance/epcis/invalid-json", "conformance/epcis/invalid-xml"}) {
        for (const auto& path : txng::testing::SharedFiles(dir, {".json", ".jsonld", ".xml"})) {
            auto r = RunTxng({"validate", path.string()});
            EXPECT_EQ(r.exit_code, 1) << path;
            EXPECT_NE(r.out.find(": INVALID "), std::string::npos) << r.out;
        }
    }
    auto hashes = txng::testing::ReadFile(*txng::testing::SharedDir() /
                                          "conformance/hash/vectors/ReferenceEventHashAlgorithm.hashes");
    auto r = RunTxng(
        {"hash", (*txng::testing::SharedDir() / "conformance/hash/vectors/ReferenceEventHashAlgorithm.xml").string()});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(Lines(r.out).front(), Lines(hashes).front());
}

}  // namespace
