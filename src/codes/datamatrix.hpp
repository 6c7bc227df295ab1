#pragma once
// GS1 DataMatrix (ECC 200 with FNC1 first) of a GS1 element string, through libdmtx: square
// symbols, the smallest that holds the data. Drawn with SymbolSvg / SymbolPng (qr.hpp). Pure
// computation; thread-safe.

#include <string_view>

#include "codes/qr.hpp"
#include "common/error.hpp"

namespace txng::codes {

// `element_string` as gs1::ElementString writes it (GS, 0x1D, where FNC1 separates values).
// kInvalidArgument (rule `datamatrix.data`) when empty or too long for a DataMatrix (at most
// about 1,550 characters of text).
Result<Symbol> EncodeGs1DataMatrix(std::string_view element_string);

}  // namespace txng::codes
