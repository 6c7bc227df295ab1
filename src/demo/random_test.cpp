#include "demo/random.hpp"

#include <gtest/gtest.h>

#include <set>

namespace txng::demo {
namespace {

TEST(RandomTest, SameSeedGivesTheSameSequence) {
    Random a(42);
    Random b(42);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.Next(), b.Next());
}

TEST(RandomTest, DifferentSeedsGiveDifferentSequences) {
    Random a(1);
    Random b(2);
    int same = 0;
    for (int i = 0; i < 100; ++i) same += a.Next() == b.Next() ? 1 : 0;
    EXPECT_EQ(same, 0);
}

// The generator's output depends on these exact values: a change here changes every data set.
TEST(RandomTest, SequenceIsPinned) {
    Random r(1);
    const std::uint64_t first = r.Next();
    const std::uint64_t second = r.Next();
    Random again(1);
    EXPECT_EQ(again.Next(), first);
    EXPECT_EQ(again.Next(), second);
    EXPECT_EQ(first, 0xB3F2AF6D0FC710C5ull);
}

TEST(RandomTest, RangesStayInBounds) {
    Random r(7);
    std::set<std::int64_t> seen;
    for (int i = 0; i < 10'000; ++i) {
        const auto b = r.Below(10);
        ASSERT_LT(b, 10u);
        const auto v = r.Between(-3, 3);
        ASSERT_GE(v, -3);
        ASSERT_LE(v, 3);
        seen.insert(v);
        const double u = r.Unit();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        const double w = r.Uniform(2.5, 3.5);
        ASSERT_GE(w, 2.5);
        ASSERT_LT(w, 3.5);
    }
    EXPECT_EQ(seen.size(), 7u);
    EXPECT_EQ(r.Below(0), 0u);
    EXPECT_EQ(r.Between(5, 5), 5);
    EXPECT_EQ(r.Between(5, 1), 5);
}

}  // namespace
}  // namespace txng::demo
