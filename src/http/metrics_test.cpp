#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace txng::http {
namespace {

TEST(MetricsTest, RendersCountersAndGaugesWithHelpAndType) {
    Metrics m;
    m.GetCounter("txng_events_captured_total", "Events captured").Add(3);
    m.GetCounter("txng_events_captured_total", "ignored", {{"source", "api"}}).Add();
    Gauge& g = m.GetGauge("txng_queue_depth", "Items \\ waiting\nnow");
    g.Set(5);
    g.Add(-2);
    std::string text = m.Render();
    EXPECT_EQ(text,
              "# HELP txng_events_captured_total Events captured\n"
              "# TYPE txng_events_captured_total counter\n"
              "txng_events_captured_total 3\n"
              "txng_events_captured_total{source=\"api\"} 1\n"
              "# HELP txng_queue_depth Items \\\\ waiting\\nnow\n"
              "# TYPE txng_queue_depth gauge\n"
              "txng_queue_depth 3\n");
}

TEST(MetricsTest, SameSeriesIsTheSameObject) {
    Metrics m;
    Counter& a = m.GetCounter("c_total", "h", {{"k", "v"}});
    Counter& b = m.GetCounter("c_total", "h", {{"k", "v"}});
    EXPECT_EQ(&a, &b);
    a.Add(-5);  // ignored: counters only go up
    EXPECT_EQ(b.Value(), 0);
}

TEST(MetricsTest, EscapesLabelValues) {
    Metrics m;
    m.GetCounter("c_total", "h", {{"path", "a\"b\\c\nd"}}).Add();
    EXPECT_NE(m.Render().find("c_total{path=\"a\\\"b\\\\c\\nd\"} 1\n"), std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
    Metrics m;
    const std::vector<double> bounds = {0.1, 1};
    Histogram& h = m.GetHistogram("d_seconds", "Durations", bounds, {{"route", "/x"}});
    h.Observe(0.05);
    h.Observe(0.1);  // inclusive upper bound
    h.Observe(0.5);
    h.Observe(7);
    std::string text = m.Render();
    EXPECT_NE(text.find("# TYPE d_seconds histogram\n"), std::string::npos);
    EXPECT_NE(text.find("d_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("d_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"), std::string::npos) << text;
    EXPECT_NE(text.find("d_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"), std::string::npos) << text;
    EXPECT_NE(text.find("d_seconds_sum{route=\"/x\"} 7.65\n"), std::string::npos) << text;
    EXPECT_NE(text.find("d_seconds_count{route=\"/x\"} 4\n"), std::string::npos) << text;
}

TEST(MetricsTest, GaugeCallbackIsEvaluatedAtRender) {
    Metrics m;
    double size = 1;
    m.SetGaugeCallback("txng_store_events", "Events stored", [&] { return size; });
    EXPECT_NE(m.Render().find("txng_store_events 1\n"), std::string::npos);
    size = 42;
    EXPECT_NE(m.Render().find("txng_store_events 42\n"), std::string::npos);
    // A callback may use the registry itself: it runs without the registry's lock.
    m.SetGaugeCallback("txng_reentrant", "h", [&] { return m.GetCounter("c_total", "h").Value(); });
    EXPECT_NE(m.Render().find("txng_reentrant 0\n"), std::string::npos);
}

TEST(MetricsTest, MisuseThrowsLogicError) {
    Metrics m;
    m.GetCounter("x_total", "h");
    EXPECT_THROW(m.GetGauge("x_total", "h"), std::logic_error);
    EXPECT_THROW(m.GetCounter("bad-name", "h"), std::logic_error);
    EXPECT_THROW(m.GetCounter("y_total", "h", {{"bad label", "v"}}), std::logic_error);
    const std::vector<double> b1 = {1}, b2 = {2};
    m.GetHistogram("h_seconds", "h", b1);
    EXPECT_THROW(m.GetHistogram("h_seconds", "h", b2), std::logic_error);
    EXPECT_THROW(m.GetHistogram("h2_seconds", "h", b1, {{"le", "1"}}), std::logic_error);
    const std::vector<double> unsorted = {2, 1};
    EXPECT_THROW(m.GetHistogram("h3_seconds", "h", unsorted), std::logic_error);
}

TEST(MetricsTest, ConcurrentUpdatesAreCounted) {
    Metrics m;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&m, t] {
            for (int i = 0; i < 1000; ++i) {
                m.GetCounter("n_total", "h", {{"t", std::to_string(t % 2)}}).Add();
                m.GetHistogram("d_seconds", "h", Metrics::kDurationBuckets).Observe(0.001);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(m.GetCounter("n_total", "h", {{"t", "0"}}).Value(), 2000);
    EXPECT_EQ(m.GetCounter("n_total", "h", {{"t", "1"}}).Value(), 2000);
    EXPECT_NE(m.Render().find("d_seconds_count 4000\n"), std::string::npos);
}

}  // namespace
}  // namespace txng::http
