#include "epcis/uri.hpp"

#include <gtest/gtest.h>

namespace txng::epcis {
namespace {

TEST(UriTest, AcceptsAbsoluteUris) {
    for (const char* ok :
         {"https://id.gs1.org/01/09506000134352/21/1", "urn:epc:id:sgtin:0614141.107346.2017", "example:myField",
          "ni:///sha-256;abc?ver=CBV2.0", "http://[::1]:80/x", "mailto:a@b.vn", "https://example.org/a%20b#frag"}) {
        EXPECT_TRUE(IsAbsoluteUri(ok)) << ok;
    }
}

TEST(UriTest, RejectsBareWordsAndBadCharacters) {
    for (const char* bad : {"", "shipping", "in_transport", "1abc:x", ":x", "http://a b", "https://x/%2",
                            "https://x/%zz", "https://x/a#b#c", "https://x/[1]", "urn:x:\"y\"", "http://x/\xC3\xA9"}) {
        EXPECT_FALSE(IsAbsoluteUri(bad)) << bad;
    }
}

}  // namespace
}  // namespace txng::epcis
