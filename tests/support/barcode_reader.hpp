#pragma once
// Reads barcodes back from images with zbarimg (Debian zbar-tools), for tests of the codes txng
// draws: what a phone's scanner would see.

#include <string>
#include <vector>

namespace txng::testing {

// True when zbarimg can be run.
bool HaveZbar();

// The texts of the barcodes zbarimg finds in the image `bytes` (written to a temporary file with
// `extension`, e.g. ".png"), in the order it reports them; empty when none.
std::vector<std::string> ReadBarcodes(const std::string& bytes, const std::string& extension = ".png");

}  // namespace txng::testing
