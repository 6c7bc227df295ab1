// The resolver's pages for people, in a real browser (Debian's Chromium through
// tests/browser/check_pages.mjs), against a real node on port 0 with a temporary store: the
// "invalid code" page (400) and the "no link yet" page (404), on a phone and a desktop screen,
// with the page's JavaScript off; and hostile text in the address shown as text, never run.
// Screenshots: <build dir>/test-artefacts/browser/<suite>.<test>/<page>.png.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "app/serve.hpp"
#include "tests/support/browser.hpp"

namespace txng {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Viewport {
    const char* name;
    int width;
    int height;
};
constexpr Viewport kPhone{"360", 360, 740};
constexpr Viewport kDesktop{"1280", 1280, 800};

constexpr int kMaxBytes = 50 * 1024;

// What both pages share: Vietnamese first, the English beside it, small, no sideways scrolling.
json::object CommonExpect(int status) {
    return json::object{{"status", status}, {"lang", "vi"}, {"maxBytes", kMaxBytes}, {"noHorizontalScroll", true}};
}

json::object InvalidCodeExpect() {
    json::object e = CommonExpect(400);
    e["title"] = "Mã không hợp lệ / Invalid code";
    e["texts"] = json::array{"Mã không hợp lệ",
                             "Đường dẫn này không phải là một mã GS1 Digital Link hợp lệ. Hãy quét lại mã, hoặc kiểm "
                             "tra các chữ số đã nhập.",
                             "This address is not a valid GS1 Digital Link. Scan the code again, or check the "
                             "digits typed."};
    e["notTexts"] = json::array{"Không tìm thấy", "Not found"};
    e["selectors"] = json::array{"h1", "p[lang=en]", "code"};
    return e;
}

json::object UnknownCodeExpect() {
    json::object e = CommonExpect(404);
    e["title"] = "Không tìm thấy / Not found";
    e["texts"] = json::array{"Không tìm thấy liên kết", "Mã này chưa có trang thông tin của loại đã hỏi.",
                             "This code has no link of the kind asked for.", "/414/9506000134352", "resolver.no_link"};
    e["notTexts"] = json::array{"Mã không hợp lệ", "Invalid code"};
    e["selectors"] = json::array{"h1", "p[lang=en]", "code"};
    return e;
}

class PublicPagesBrowserTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (const std::string missing = testing::MissingForBrowser(); !missing.empty()) {
            // CI installs all of it (.ci/run: scripts/install-deps.sh, scripts/browser-deps.sh),
            // so there a missing piece is a failure, not a reason to skip.
            if (std::getenv("CI") != nullptr) FAIL() << "browser tests cannot run in CI: missing " << missing;
            GTEST_SKIP() << "no browser for the page tests: missing " << missing;
        }
        dir_ = fs::temp_directory_path() / ("txng-pages-browser-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        app::ServeConfig config;
        config.db = "sqlite:" + (dir_ / "store.db").string();
        config.listen = "127.0.0.1:0";
        auto node = app::Node::Create(config);
        ASSERT_TRUE(node) << node.error().ToString();
        node_ = std::move(*node);
        node_->Start();
    }

    void TearDown() override {
        node_.reset();
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    std::string Url(const std::string& target) const {
        return "http://127.0.0.1:" + std::to_string(node_->Port()) + target;
    }

    // One page of the spec: as a phone or desktop browser asking for HTML in Vietnamese.
    json::object Page(const std::string& name, const Viewport& vp, const std::string& target, json::object expect,
                      bool javascript = false) const {
        return json::object{
            {"name", name + "-" + vp.name},
            {"url", Url(target)},
            {"viewport", json::object{{"width", vp.width}, {"height", vp.height}}},
            {"headers", json::object{{"Accept", "text/html"}, {"Accept-Language", "vi"}}},
            {"javaScript", javascript},
            {"expect", std::move(expect)},
        };
    }

    // Runs the pages; every expectation must hold.
    void Check(json::array pages) {
        const testing::BrowserResult r =
            testing::CheckPages(json::serialize(json::object{{"pages", std::move(pages)}}));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        for (const auto& line : r.PageLines()) std::cout << line << "\n";
    }

    fs::path dir_;
    std::unique_ptr<app::Node> node_;
};

TEST_F(PublicPagesBrowserTest, InvalidCodePageOnPhoneAndDesktop) {
    json::array pages;
    for (const Viewport& vp : {kPhone, kDesktop}) {
        // A GTIN whose check digit is wrong (09506000134352 is right).
        json::object bad_digit = InvalidCodeExpect();
        bad_digit["texts"].as_array().emplace_back("/01/09506000134353");
        pages.emplace_back(Page("invalid-check-digit", vp, "/01/09506000134353", std::move(bad_digit)));
        // Too few digits to be a GTIN at all.
        json::object short_code = InvalidCodeExpect();
        short_code["texts"].as_array().emplace_back("/01/123");
        pages.emplace_back(Page("invalid-short", vp, "/01/123", std::move(short_code)));
        // A long value with no space to break at, quoted in the page: still no sideways scrolling.
        const std::string long_value(120, 'A');
        json::object long_code = InvalidCodeExpect();
        long_code["texts"].as_array().emplace_back("'" + long_value + "'");
        pages.emplace_back(Page("invalid-long", vp, "/01/" + long_value, std::move(long_code)));
    }
    Check(std::move(pages));
}

TEST_F(PublicPagesBrowserTest, UnknownCodePageOnPhoneAndDesktop) {
    json::array pages;
    for (const Viewport& vp : {kPhone, kDesktop}) {
        // A location code without links (an unknown GTIN gets the product page, with its warning:
        // tests/product_page_test.cpp).
        pages.emplace_back(Page("unknown-code", vp, "/414/9506000134352", UnknownCodeExpect()));
    }
    Check(std::move(pages));
}

// Markup in the address comes back as text: with the page's JavaScript on, an injected script or
// event handler would set window.__pwned; the page has no script element at all.
TEST_F(PublicPagesBrowserTest, HostileInputIsShownAsTextNotRun) {
    struct Attack {
        std::string name;
        std::string target;   // percent-encoded, as a browser sends it
        std::string literal;  // what the page must show
    };
    const std::vector<Attack> attacks = {
        // In the GTIN's place: not digits, so the invalid code page, which quotes the value.
        {"script-in-gtin", "/01/%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E", "<script>window.__pwned=1</script>"},
        {"onerror-in-gtin", "/01/%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E",
         "<img src=x onerror=\"window.__pwned=1\">"},
        // In a link type: the resolver's own parameter, also quoted.
        {"script-in-link-type", "/01/09506000134352?linkType=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
         "<script>window.__pwned=1</script>"},
    };
    json::array pages;
    for (const Viewport& vp : {kPhone, kDesktop}) {
        for (const auto& a : attacks) {
            json::object e = InvalidCodeExpect();
            e["texts"].as_array().emplace_back(a.literal);
            e["notSelectors"] = json::array{"script", "img", "[onerror]"};
            e["evalFalse"] = json::array{"window.__pwned === 1"};
            e["evalTrue"] = json::array{"typeof window.__pwned === 'undefined'"};
            pages.emplace_back(Page(a.name, vp, a.target, std::move(e), /*javascript=*/true));
        }
    }
    Check(std::move(pages));
}

}  // namespace
}  // namespace txng
