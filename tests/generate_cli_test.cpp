// `txng generate` end to end: files, numbering, validity through `txng validate`, determinism,
// help text and usage errors.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/run_command.hpp"
#include "tests/support/shared_dir.hpp"

namespace {

namespace fs = std::filesystem;

using txng::testing::RunResult;

class GenerateCliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-generate-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    RunResult Run(const std::vector<std::string>& args) {
        return txng::testing::RunCommand(TXNG_BINARY, args, "", (dir_ / "stderr.txt").string());
    }

    static std::vector<std::string> Names(const fs::path& dir) {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    fs::path dir_;
};

TEST_F(GenerateCliTest, WritesNumberedValidDocumentsAndMasterData) {
    const fs::path out = dir_ / "out";
    const RunResult r = Run({"generate", "--events", "2500", "--per-file", "1000", "--seed", "3", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("2500"), std::string::npos) << r.out;
    EXPECT_EQ(Names(out), (std::vector<std::string>{"events-000001.jsonld", "events-000002.jsonld",
                                                    "events-000003.jsonld", "master-data.xml"}));
    // Not a terminal: one progress line per 10%, the last at 100%.
    EXPECT_NE(r.err.find("100%"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\r'), std::string::npos);

    std::vector<std::string> validate = {"validate"};
    for (const auto& name : Names(out)) validate.push_back((out / name).string());
    const RunResult v = Run(validate);
    EXPECT_EQ(v.exit_code, 0) << v.out;
    EXPECT_NE(v.out.find("events-000001.jsonld: OK 1000 events"), std::string::npos) << v.out;
    EXPECT_NE(v.out.find("events-000003.jsonld: OK 500 events"), std::string::npos) << v.out;
    EXPECT_NE(v.out.find("master-data.xml: OK"), std::string::npos) << v.out;
}

TEST_F(GenerateCliTest, SameArgumentsGiveTheSameBytes) {
    const fs::path a = dir_ / "a";
    const fs::path b = dir_ / "b";
    const fs::path c = dir_ / "c";
    ASSERT_EQ(Run({"generate", "--events", "1500", "--per-file", "500", "--format", "xml", a.string()}).exit_code, 0);
    ASSERT_EQ(Run({"generate", "--events", "1500", "--per-file", "500", "--format", "xml", b.string()}).exit_code, 0);
    ASSERT_EQ(Run({"generate", "--events", "1500", "--per-file", "500", "--format", "xml", "--seed", "2", c.string()})
                  .exit_code,
              0);
    ASSERT_EQ(Names(a), (std::vector<std::string>{"events-000001.xml", "events-000002.xml", "events-000003.xml",
                                                  "master-data.xml"}));
    for (const auto& name : Names(a)) {
        EXPECT_EQ(txng::testing::ReadFile(a / name), txng::testing::ReadFile(b / name)) << name;
    }
    EXPECT_NE(txng::testing::ReadFile(a / "events-000001.xml"), txng::testing::ReadFile(c / "events-000001.xml"));
    const RunResult v = Run({"validate", (a / "events-000002.xml").string()});
    EXPECT_EQ(v.exit_code, 0) << v.out;
}

TEST_F(GenerateCliTest, HelpIsVietnameseThenEnglish) {
    const RunResult r = Run({"generate", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    const auto vi = r.out.find("Sinh bộ dữ liệu");
    const auto en = r.out.find("Generate a sample");
    ASSERT_NE(vi, std::string::npos) << r.out;
    ASSERT_NE(en, std::string::npos) << r.out;
    EXPECT_LT(vi, en);
    for (const char* option : {"--events", "--seed", "--per-file", "--format", "OUTDIR"}) {
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
    }
}

TEST_F(GenerateCliTest, RejectsBadArguments) {
    EXPECT_EQ(Run({"generate", (dir_ / "x").string()}).exit_code, 2) << "--events is required";
    EXPECT_EQ(Run({"generate", "--events", "10", "--per-file", "0", (dir_ / "x").string()}).exit_code, 2);
    EXPECT_EQ(Run({"generate", "--events", "10", "--format", "csv", (dir_ / "x").string()}).exit_code, 2);
    const fs::path file = dir_ / "a-file";
    FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
    const RunResult r = Run({"generate", "--events", "10", file.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("không tạo được thư mục"), std::string::npos) << r.err;
}

}  // namespace
