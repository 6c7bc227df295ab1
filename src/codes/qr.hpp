#pragma once
// QR codes for GS1 Digital Link URIs: the symbol (libqrencode, byte mode, the smallest version that
// holds the data at the asked error correction level) drawn as SVG (crisp at any print size) or
// as PNG (cairo). Pure computation, no I/O; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace txng::codes {

// Error correction: L 7 %, M 15 %, Q 25 %, H 30 % of the symbol may be damaged.
enum class Ecc { kL, kM, kQ, kH };

// kInvalidArgument (rule `qr.ecc`) unless "L", "M", "Q" or "H".
Result<Ecc> ParseEcc(std::string_view text);

// The modules of a symbol: `size` x `size`, row by row, true for dark.
struct Symbol {
    int size = 0;
    std::vector<bool> dark;
    bool At(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + x]; }
};

// kInvalidArgument (rule `qr.data`) for empty data or data too long for a QR code at this level
// (at most 2,953 bytes at L).
Result<Symbol> EncodeQr(std::string_view data, Ecc ecc);

// The symbol as SVG, `margin` modules of quiet zone around it (4 is the standard's minimum),
// `pixels` wide and high (0: 8 per module); dark modules as one path.
std::string SymbolSvg(const Symbol& qr, int pixels = 0, int margin = 4);

// The symbol as a PNG `pixels` wide and high (rounded down to whole pixels per module, at least
// one), with `margin` modules of quiet zone; kInternal when cairo fails.
Result<std::string> SymbolPng(const Symbol& qr, int pixels, int margin = 4);

}  // namespace txng::codes
