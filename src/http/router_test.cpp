#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace txng::http {
namespace {

Handler Named(std::string name) {
    return [name](RequestContext&) -> boost::asio::awaitable<Response> {
        Response res;
        res.body() = name;
        co_return res;
    };
}

// Routes are told apart by their pattern: handlers are coroutines, not callable synchronously here.
TEST(RouterTest, MatchesLiteralAndParameterSegments) {
    Router router;
    router.Add(Verb::get, "/events", Named("list"));
    router.Add(Verb::get, "/events/{eventID}", Named("one"));
    auto list = router.Match(Verb::get, "/events");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->pattern, "/events");
    EXPECT_TRUE(list->path_params.empty());
    auto one = router.Match(Verb::get, "/events/abc");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->pattern, "/events/{eventID}");
    ASSERT_EQ(one->path_params.size(), 1u);
    EXPECT_EQ(one->path_params[0].first, "eventID");
    EXPECT_EQ(one->path_params[0].second, "abc");
}

TEST(RouterTest, DecodesPercentEncodedEventIdAsOneSegment) {
    Router router;
    router.Add(Verb::get, "/events/{eventID}", Named("one"));
    auto m = router.Match(
        Verb::get,
        "/events/"
        "ni%3A%2F%2F%2Fsha-256%3Bdf7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69%3Fver%3DCBV2.0");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->path_params[0].second,
              "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0");
}

TEST(RouterTest, ToleratesOneTrailingSlash) {
    Router router;
    router.Add(Verb::get, "/events", Named("list"));
    router.Add(Verb::get, "/queries/", Named("queries"));
    EXPECT_TRUE(router.Match(Verb::get, "/events/"));
    EXPECT_TRUE(router.Match(Verb::get, "/queries"));
    EXPECT_FALSE(router.Match(Verb::get, "/events//"));
}

TEST(RouterTest, RootPattern) {
    Router router;
    router.Add(Verb::get, "/", Named("root"));
    EXPECT_TRUE(router.Match(Verb::get, "/"));
    EXPECT_FALSE(router.Match(Verb::get, "/x"));
    EXPECT_FALSE(router.Match(Verb::get, "*"));
}

TEST(RouterTest, LiteralWinsOverParameterWhateverTheOrder) {
    Router router;
    router.Add(Verb::get, "/{a}/{b}", Named("params"));
    router.Add(Verb::get, "/eventTypes/{type}", Named("typed"));
    router.Add(Verb::get, "/eventTypes/all", Named("all"));
    EXPECT_EQ(router.Match(Verb::get, "/eventTypes/all")->pattern, "/eventTypes/all");
    EXPECT_EQ(router.Match(Verb::get, "/eventTypes/ObjectEvent")->pattern, "/eventTypes/{type}");
    EXPECT_EQ(router.Match(Verb::get, "/x/y")->pattern, "/{a}/{b}");
}

TEST(RouterTest, EmptySegmentDoesNotMatchAParameter) {
    Router router;
    router.Add(Verb::get, "/events/{id}/x", Named("x"));
    EXPECT_FALSE(router.Match(Verb::get, "/events//x"));
}

TEST(RouterTest, TailMatchesTheRawRest) {
    Router router;
    router.Add(Verb::get, "/01/{gtin}", Named("gtin"));
    router.Add(Verb::get, "/01/{gtin}/{rest...}", Named("dl"));
    auto m = router.Match(Verb::get, "/01/09506000134352/10/AB%2FC/21/1");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->pattern, "/01/{gtin}/{rest...}");
    ASSERT_EQ(m->path_params.size(), 2u);
    EXPECT_EQ(m->path_params[0].second, "09506000134352");
    EXPECT_EQ(m->path_params[1].first, "rest");
    EXPECT_EQ(m->path_params[1].second, "10/AB%2FC/21/1");
    EXPECT_EQ(router.Match(Verb::get, "/01/09506000134352")->pattern, "/01/{gtin}");
}

TEST(RouterTest, NotFoundAndMethodNotAllowedAreDistinct) {
    Router router;
    router.Add(Verb::get, "/events", Named("list"));
    router.Add(Verb::post, "/events", Named("capture"));
    auto none = router.Match(Verb::get, "/nothing");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(none.error().rule, "http.not_found");
    auto wrong = router.Match(Verb::delete_, "/events");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::kMethodNotAllowed);
    EXPECT_EQ(AllowHeaderValue(router.AllowedMethods("/events")), "GET, HEAD, POST, OPTIONS");
    EXPECT_TRUE(router.AllowedMethods("/nothing").empty());
}

TEST(RouterTest, HeadFallsBackToGet) {
    Router router;
    router.Add(Verb::get, "/events", Named("list"));
    auto m = router.Match(Verb::head, "/events");
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->head_from_get);
    EXPECT_NE(m->handler, nullptr);
    EXPECT_FALSE(router.Match(Verb::get, "/events")->head_from_get);
}

TEST(RouterTest, OptionsHandlerServesEveryKnownPath) {
    Router router;
    router.Add(Verb::get, "/events", Named("list"));
    EXPECT_FALSE(router.Match(Verb::options, "/events"));
    router.SetOptionsHandler(Named("options"));
    auto m = router.Match(Verb::options, "/events");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->handler, router.OptionsHandler());
    EXPECT_EQ(AllowHeaderValue(m->allowed_methods), "GET, HEAD, OPTIONS");
    EXPECT_FALSE(router.Match(Verb::options, "/unknown"));
    // An explicit OPTIONS route takes precedence.
    router.Add(Verb::options, "/events", Named("explicit"));
    EXPECT_NE(router.Match(Verb::options, "/events")->handler, router.OptionsHandler());
}

TEST(RouterTest, MalformedPercentEscapeIsInvalidArgument) {
    Router router;
    router.Add(Verb::get, "/events/{id}", Named("one"));
    auto m = router.Match(Verb::get, "/events/%zz");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(m.error().rule, "http.path.percent_encoding");
}

TEST(RouterTest, RegistrationMistakesThrow) {
    Router router;
    router.Add(Verb::get, "/events/{id}", Named("one"));
    EXPECT_THROW(router.Add(Verb::get, "/events/{id}", Named("again")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::post, "/events/{other}", Named("other")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::get, "events", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::get, "/a/{}", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::get, "/a/{b", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::get, "/a/{rest...}/b", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::get, "/a//b", Named("x")), std::invalid_argument);
    EXPECT_THROW(router.Add(Verb::get, "/a", Handler{}), std::invalid_argument);
    router.Add(Verb::post, "/events/{id}/", Named("same resource"));
    EXPECT_EQ(router.size(), 2u);
}

TEST(RequestContextTest, PathParamIsEmptyWhenAbsent) {
    Request req;
    RequestContext ctx{.request = req, .path_params = {{"a", "1"}}};
    EXPECT_EQ(ctx.PathParam("a"), "1");
    EXPECT_EQ(ctx.PathParam("b"), "");
}

}  // namespace
}  // namespace txng::http
