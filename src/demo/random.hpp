#pragma once
// A small seeded PRNG of our own (xoshiro256**, seeded through splitmix64), so that the demo data
// is the same bytes for the same seed on every platform: the standard distributions are not
// specified bit for bit, and std::random_device would make runs differ.
//
// Not thread-safe; one instance per generator. Not for cryptography.

#include <cstdint>

namespace txng::demo {

// GCC and Clang have a 128-bit integer; `__extension__` keeps -Wpedantic quiet about it.
__extension__ using Uint128 = unsigned __int128;

class Random {
  public:
    explicit Random(std::uint64_t seed) {
        std::uint64_t x = seed;
        for (auto& s : state_) s = SplitMix64(x);
    }

    std::uint64_t Next() {
        const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = Rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, n); 0 when n is 0. Multiply-shift: the bias is below 2^-32 for any n we use.
    std::uint64_t Below(std::uint64_t n) {
        return static_cast<std::uint64_t>((static_cast<Uint128>(Next()) * n) >> 64);
    }
    // Uniform in [lo, hi] (inclusive); lo when hi < lo.
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {
        if (hi <= lo) return lo;
        return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    // Uniform in [0, 1) with 53 random bits.
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
    bool Chance(double p) { return Unit() < p; }

    static std::uint64_t SplitMix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

  private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t state_[4];
};

}  // namespace txng::demo
