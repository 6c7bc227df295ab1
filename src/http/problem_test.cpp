#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace txng::http {
namespace {

TEST(ProblemTest, BuildsRfc7807BodyWithExtensions) {
    Error e = InvalidArgument("epcisBody.eventList[0].epcList[0]", "gtin.check_digit", "the check digit is wrong",
                              "urn:epc:id:sgtin:0614141.107346.2018");
    Response res = ProblemResponse(e, "/capture", 11, true, "epcisException:ValidationException");
    EXPECT_EQ(res.result_int(), 400);
    EXPECT_EQ(res[boost::beast::http::field::content_type], "application/problem+json");
    EXPECT_EQ(res[boost::beast::http::field::content_length], std::to_string(res.body().size()));
    EXPECT_TRUE(res.keep_alive());
    auto json = boost::json::parse(res.body()).as_object();
    EXPECT_EQ(json.at("type"), "epcisException:ValidationException");
    EXPECT_EQ(json.at("title"), "Mã GS1 không hợp lệ / Invalid GS1 identifier");
    EXPECT_EQ(json.at("status").as_int64(), 400);
    EXPECT_EQ(json.at("detail"), "the check digit is wrong");
    EXPECT_EQ(json.at("instance"), "/capture");
    EXPECT_EQ(json.at("rule"), "gtin.check_digit");
    EXPECT_EQ(json.at("where"), "epcisBody.eventList[0].epcList[0]");
    EXPECT_EQ(json.at("value"), "urn:epc:id:sgtin:0614141.107346.2018");
}

TEST(ProblemTest, DefaultTypesFollowEpcisWhereTheyApply) {
    EXPECT_EQ(DefaultProblemType(ErrorCode::kNotFound), "epcisException:NoSuchResourceException");
    EXPECT_EQ(DefaultProblemType(ErrorCode::kUriTooLong), "epcisException:URITooLongException");
    EXPECT_EQ(DefaultProblemType(ErrorCode::kInternal), "epcisException:ImplementationException");
    EXPECT_EQ(DefaultProblemType(ErrorCode::kForbidden), "epcisException:SecurityException");
    EXPECT_EQ(DefaultProblemType(ErrorCode::kUnsupportedMediaType), "epcisException:UnsupportedMediaTypeException");
    EXPECT_EQ(DefaultProblemType(ErrorCode::kMethodNotAllowed), "urn:txng:problem:method_not_allowed");
    EXPECT_EQ(DefaultProblemType(ErrorCode::kHeaderTooLarge), "urn:txng:problem:header_too_large");
}

TEST(ProblemTest, TitleFallsBackToTheErrorCode) {
    Error e = MakeError(ErrorCode::kNotFound, "path", "http.not_found", "no resource matches the request path");
    EXPECT_EQ(ProblemTitle(e), "Không tìm thấy / Not found");
    Error known = MakeError(ErrorCode::kTooLarge, "body", "limit.body", "too big");
    EXPECT_EQ(ProblemTitle(known), "Vượt quá giới hạn cho phép / Over a limit");
}

TEST(ProblemTest, OmitsEmptyMembersAndKeepsJsonValid) {
    Error e = MakeError(ErrorCode::kInternal, "", "", "");
    e.value = std::string("bad\xFF\x01", 5);
    Response res = ProblemResponse(e, "", 10, false);
    EXPECT_EQ(res.version(), 10u);
    EXPECT_FALSE(res.keep_alive());
    auto json = boost::json::parse(res.body()).as_object();
    EXPECT_FALSE(json.contains("detail"));
    EXPECT_FALSE(json.contains("instance"));
    EXPECT_FALSE(json.contains("rule"));
    EXPECT_FALSE(json.contains("where"));
    EXPECT_EQ(json.at("value"), "bad\xEF\xBF\xBD\x01");
    EXPECT_EQ(json.at("status").as_int64(), 500);
}

}  // namespace
}  // namespace txng::http
