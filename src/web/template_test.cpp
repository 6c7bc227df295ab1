#include "web/template.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace txng::web {
namespace {

// Compiles or fails the test.
Template Compiled(std::string_view source, const Partials& partials = {}) {
    auto t = Template::Compile(source, partials);
    EXPECT_TRUE(t) << source << ": " << (t ? "" : t.error().ToString());
    return t ? *t : Template();
}

std::string Render(std::string_view source, const Value& context, const Partials& partials = {}) {
    return Compiled(source, partials).Render(context);
}

Error CompileError(std::string_view source, const Partials& partials = {}) {
    auto t = Template::Compile(source, partials);
    EXPECT_FALSE(t) << source;
    return t ? Error{} : t.error();
}

// ---- Escaping

TEST(EscapeHtmlTest, EscapesEverySpecialCharacter) {
    EXPECT_EQ(EscapeHtml("&"), "&amp;");
    EXPECT_EQ(EscapeHtml("<"), "&lt;");
    EXPECT_EQ(EscapeHtml(">"), "&gt;");
    EXPECT_EQ(EscapeHtml("\""), "&quot;");
    EXPECT_EQ(EscapeHtml("'"), "&#39;");
    EXPECT_EQ(EscapeHtml("`"), "&#96;");
    EXPECT_EQ(EscapeHtml("="), "&#61;");
    EXPECT_EQ(EscapeHtml("a&b<c>d\"e'f`g=h"), "a&amp;b&lt;c&gt;d&quot;e&#39;f&#96;g&#61;h");
    EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;");  // escaped again: the data is text, not markup
}

TEST(EscapeHtmlTest, LeavesOtherTextUnchanged) {
    EXPECT_EQ(EscapeHtml(""), "");
    EXPECT_EQ(EscapeHtml("Cà phê Robusta, Lâm Đồng — 100%"), "Cà phê Robusta, Lâm Đồng — 100%");
    EXPECT_EQ(EscapeHtml("tab\tnew\nline {{x}} /"), "tab\tnew\nline {{x}} /");
}

TEST(EscapeHtmlTest, AppendKeepsWhatIsThere) {
    std::string out = "<p>";
    AppendEscapedHtml("1 < 2", out);
    EXPECT_EQ(out, "<p>1 &lt; 2");
}

// ---- Value

TEST(ValueTest, Truthiness) {
    EXPECT_FALSE(Value().Truthy());
    EXPECT_FALSE(Value(false).Truthy());
    EXPECT_TRUE(Value(true).Truthy());
    EXPECT_FALSE(Value("").Truthy());
    EXPECT_TRUE(Value("x").Truthy());
    EXPECT_TRUE(Value(0).Truthy());  // the text "0"
    EXPECT_FALSE(Value::List({}).Truthy());
    EXPECT_TRUE(Value::List({Value()}).Truthy());
    EXPECT_TRUE(Value::Object().Truthy());
}

TEST(ValueTest, Kinds) {
    EXPECT_EQ(Value().kind(), Value::Kind::kEmpty);
    EXPECT_EQ(Value(true).kind(), Value::Kind::kFlag);
    EXPECT_EQ(Value("a").kind(), Value::Kind::kText);
    EXPECT_EQ(Value(std::string("a")).kind(), Value::Kind::kText);
    EXPECT_EQ(Value(std::string_view("a")).kind(), Value::Kind::kText);
    EXPECT_EQ(Value(static_cast<const char*>(nullptr)).Text(), "");
    EXPECT_EQ(Value(7).kind(), Value::Kind::kText);
    EXPECT_EQ(Value::List({}).kind(), Value::Kind::kList);
    EXPECT_EQ(Value::Object().kind(), Value::Kind::kObject);
}

TEST(ValueTest, NumbersAreDecimalText) {
    EXPECT_EQ(Value(42).Text(), "42");
    EXPECT_EQ(Value(-7).Text(), "-7");
    EXPECT_EQ(Value(std::numeric_limits<std::int64_t>::min()).Text(), "-9223372036854775808");
    EXPECT_EQ(Value(std::numeric_limits<std::uint64_t>::max()).Text(), "18446744073709551615");
    EXPECT_EQ(Value(std::uint8_t{200}).Text(), "200");
}

TEST(ValueTest, SetFindAndReplace) {
    Value v;
    v.Set("a", "1").Set("b", 2);
    ASSERT_NE(v.Find("a"), nullptr);
    EXPECT_EQ(v.Find("a")->Text(), "1");
    EXPECT_EQ(v.Find("b")->Text(), "2");
    EXPECT_EQ(v.Find("c"), nullptr);
    v.Set("a", "3");
    EXPECT_EQ(v.Find("a")->Text(), "3");
    EXPECT_EQ(Value("text").Find("a"), nullptr);
    EXPECT_EQ(Value("text").Set("a", 1).kind(), Value::Kind::kObject);
}

TEST(ValueTest, PushMakesAList) {
    const Value v = Value().Push("a").Push("b");
    ASSERT_EQ(v.Items().size(), 2u);
    EXPECT_EQ(v.Items()[1].Text(), "b");
    EXPECT_EQ(Value("x").Push(1).Items().size(), 1u);
    EXPECT_TRUE(Value("x").Items().empty());
    EXPECT_TRUE(Value::Object().Set("a", 1).Items().empty());
}

// ---- Interpolation

TEST(TemplateTest, TextPassesThrough) {
    EXPECT_EQ(Render("", Value()), "");
    EXPECT_EQ(Render("Hello } { }} world", Value()), "Hello } { }} world");
    EXPECT_EQ(Render("<p class=\"x\">a & b</p>", Value()), "<p class=\"x\">a & b</p>");  // the template is trusted
}

TEST(TemplateTest, VariablesAreEscaped) {
    const Value ctx = Value().Set("name", "Tôm & <Cá>").Set("n", 12);
    EXPECT_EQ(Render("<b>{{name}}</b> {{n}}", ctx), "<b>Tôm &amp; &lt;Cá&gt;</b> 12");
    EXPECT_EQ(Render("{{ name }}|{{\tn\t}}", ctx), "Tôm &amp; &lt;Cá&gt;|12");
}

TEST(TemplateTest, MissingAndNonTextValuesRenderNothing) {
    const Value ctx =
        Value().Set("yes", true).Set("no", false).Set("list", Value().Push("a")).Set("obj", Value().Set("a", 1));
    EXPECT_EQ(Render("[{{missing}}][{{yes}}][{{no}}][{{list}}][{{obj}}]", ctx), "[][][][][]");
    EXPECT_EQ(Render("[{{x}}]", Value("not an object")), "[]");
}

TEST(TemplateTest, DottedNames) {
    const Value ctx =
        Value()
            .Set("product", Value().Set("name", "Cà phê").Set("origin", Value().Set("province", "Lâm Đồng")))
            .Set("b", Value().Set("c", "ERROR"));
    EXPECT_EQ(Render("{{product.name}} / {{product.origin.province}}", ctx), "Cà phê / Lâm Đồng");
    EXPECT_EQ(Render("[{{product.missing.x}}][{{product.name.x}}]", ctx), "[][]");
    // Only the first part is looked up the context stack.
    EXPECT_EQ(Render("{{#product}}[{{origin.province}}][{{b.c}}]{{/product}}", ctx), "[Lâm Đồng][ERROR]");
    const Value shadow = Value().Set("a", Value().Set("b", Value::Object())).Set("b", Value().Set("c", "ERROR"));
    EXPECT_EQ(Render("{{#a}}[{{b.c}}]{{/a}}", shadow), "[]");
}

TEST(TemplateTest, CurrentItem) {
    EXPECT_EQ(Render("{{.}}", Value("a<b")), "a&lt;b");
    EXPECT_EQ(Render("{{#list}}({{.}}){{/list}}", Value().Set("list", Value().Push("a").Push(2).Push("&"))),
              "(a)(2)(&amp;)");
}

TEST(TemplateTest, NamesAreLookedUpTheContextStack) {
    const Value ctx =
        Value()
            .Set("site", "caudat.vn")
            .Set("lots", Value().Push(Value().Set("lot", "L1")).Push(Value().Set("lot", "L2").Set("site", "other")));
    EXPECT_EQ(Render("{{#lots}}{{lot}}@{{site}} {{/lots}}", ctx), "L1@caudat.vn L2@other ");
}

// ---- Sections

TEST(TemplateTest, SectionsOverLists) {
    const Value ctx = Value().Set("items", Value().Push(Value().Set("n", 1)).Push(Value().Set("n", 2)));
    EXPECT_EQ(Render("<ul>{{#items}}<li>{{n}}</li>{{/items}}</ul>", ctx), "<ul><li>1</li><li>2</li></ul>");
    EXPECT_EQ(Render("<ul>{{#items}}<li>{{n}}</li>{{/items}}</ul>", Value().Set("items", Value::List({}))),
              "<ul></ul>");
}

TEST(TemplateTest, SectionsOverObjectsTextAndFlags) {
    const Value ctx = Value()
                          .Set("obj", Value().Set("x", "in"))
                          .Set("text", "t")
                          .Set("empty", "")
                          .Set("yes", true)
                          .Set("no", false)
                          .Set("x", "out");
    EXPECT_EQ(Render("{{#obj}}{{x}}{{/obj}}", ctx), "in");
    EXPECT_EQ(Render("{{#text}}[{{.}}]{{/text}}", ctx), "[t]");
    EXPECT_EQ(Render("{{#empty}}[{{.}}]{{/empty}}", ctx), "");
    EXPECT_EQ(Render("{{#yes}}{{x}}{{/yes}}", ctx), "out");
    EXPECT_EQ(Render("{{#no}}{{x}}{{/no}}", ctx), "");
    EXPECT_EQ(Render("{{#missing}}{{x}}{{/missing}}", ctx), "");
    EXPECT_EQ(Render("{{#obj.x}}[{{.}}]{{/obj.x}}", ctx), "[in]");
}

TEST(TemplateTest, NestedSections) {
    const Value ctx =
        Value().Set("steps", Value()
                                 .Push(Value().Set("who", "Farm").Set("events", Value().Push("harvest").Push("dry")))
                                 .Push(Value().Set("who", "Roaster").Set("events", Value().Push("roast"))));
    EXPECT_EQ(Render("{{#steps}}{{who}}:{{#events}} {{.}}{{/events}};{{/steps}}", ctx),
              "Farm: harvest dry;Roaster: roast;");
}

TEST(TemplateTest, InvertedSections) {
    const Value ctx = Value().Set("none", Value::List({})).Set("some", Value().Push(1)).Set("no", false).Set("t", "x");
    EXPECT_EQ(Render("{{^none}}no events{{/none}}", ctx), "no events");
    EXPECT_EQ(Render("{{^some}}no events{{/some}}", ctx), "");
    EXPECT_EQ(Render("{{^no}}[{{t}}]{{/no}}", ctx), "[x]");
    EXPECT_EQ(Render("{{^missing}}m{{/missing}}", ctx), "m");
    EXPECT_EQ(Render("{{^t}}m{{/t}}", ctx), "");
    EXPECT_EQ(Render("{{#some}}y{{/some}}{{^some}}n{{/some}}", ctx), "y");
}

TEST(TemplateTest, Comments) {
    EXPECT_EQ(Render("a{{! a comment }}b", Value()), "ab");
    EXPECT_EQ(Render("a{{!\nmany\nlines {{ with a brace\n}}b", Value()), "ab");
}

// ---- Standalone lines

TEST(TemplateTest, StandaloneTagsTakeTheirLine) {
    const Value ctx = Value().Set("list", Value().Push("a").Push("b")).Set("yes", true);
    EXPECT_EQ(Render("<ul>\n  {{#list}}\n  <li>{{.}}</li>\n  {{/list}}\n</ul>\n", ctx),
              "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
    EXPECT_EQ(Render("| This Is\n{{#yes}}\n|\n{{/yes}}\n| A Line", ctx), "| This Is\n|\n| A Line");
    EXPECT_EQ(Render("Begin.\n  {{! comment }}  \nEnd.\n", ctx), "Begin.\nEnd.\n");
    EXPECT_EQ(Render("  {{^list}}\n  none\n  {{/list}}\nx", ctx), "x");
}

TEST(TemplateTest, StandaloneEdgeCases) {
    const Value ctx = Value().Set("yes", true);
    EXPECT_EQ(Render("|\r\n{{#yes}}\r\n{{/yes}}\r\n|", ctx), "|\r\n|");          // CRLF
    EXPECT_EQ(Render("  {{#yes}}\n#{{/yes}}\n/", ctx), "#\n/");                  // first line
    EXPECT_EQ(Render("#{{#yes}}\n/\n  {{/yes}}", ctx), "#\n/\n");                // last line
    EXPECT_EQ(Render(" {{#yes}}{{/yes}} |\n", ctx), "  |\n");                    // not alone
    EXPECT_EQ(Render("a {{#yes}}\nb\n{{/yes}} c", ctx), "a \nb\n c");            // not alone
    EXPECT_EQ(Render("{{#yes}}x{{/yes}}\n{{#yes}}y{{/yes}}\n", ctx), "x\ny\n");  // inline
    EXPECT_EQ(Render("a\n  {{yes}}\nb", Value().Set("yes", "v")), "a\n  v\nb");  // variables stay
}

// ---- Partials

TEST(TemplateTest, Partials) {
    const Partials partials = {{"item", "<li>{{name}}</li>"}, {"list", "<ul>{{#items}}{{> item}}{{/items}}</ul>"}};
    const Value ctx = Value().Set("items", Value().Push(Value().Set("name", "a<")).Push(Value().Set("name", "b")));
    EXPECT_EQ(Render("{{>list}}", ctx, partials), "<ul><li>a&lt;</li><li>b</li></ul>");
    EXPECT_EQ(Render("{{> item }}", Value().Set("name", "x"), partials), "<li>x</li>");
    EXPECT_EQ(Render("[{{>empty}}]", Value(), {{"empty", ""}}), "[]");
}

TEST(TemplateTest, StandalonePartialsAreIndented) {
    const Partials partials = {{"row", "<tr>\n  <td>{{x}}</td>\n</tr>\n"}};
    EXPECT_EQ(Render("<table>\n  {{> row}}\n</table>\n", Value().Set("x", 1), partials),
              "<table>\n  <tr>\n    <td>1</td>\n  </tr>\n</table>\n");
    EXPECT_EQ(Render("\\\n {{>partial}}\n/\n", Value(), {{"partial", "|\n{{! c }}\n|\n"}}), "\\\n |\n |\n/\n");
    EXPECT_EQ(Render("a {{>p}} b", Value(), {{"p", "1\n2"}}), "a 1\n2 b");  // not standalone: not indented
}

TEST(TemplateTest, TemplatesOwnTheirText) {
    Template t;
    {
        std::string source = "<p>{{a}}</p>";
        Partials partials = {{"p", "unused"}};
        t = Compiled(source, partials);
        source.assign(source.size(), 'x');
    }
    EXPECT_EQ(t.Render(Value().Set("a", 1)), "<p>1</p>");
    const Template copy = t;
    EXPECT_EQ(copy.Render(Value().Set("a", 2)), "<p>2</p>");
    EXPECT_EQ(Template().Render(Value().Set("a", 2)), "");
    std::string out = "before ";
    t.RenderTo(Value().Set("a", 3), out);
    EXPECT_EQ(out, "before <p>3</p>");
}

// ---- Hostile data

TEST(TemplateTest, HostileDataStaysText) {
    const Template page = Compiled("<h1>{{name}}</h1><a href=\"{{url}}\" title='{{name}}'>{{name}}</a>");
    const std::string script = "<script>alert(1)</script>";
    EXPECT_EQ(page.Render(Value().Set("name", script).Set("url", "/p")),
              "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><a href=\"/p\" "
              "title='&lt;script&gt;alert(1)&lt;/script&gt;'>&lt;script&gt;alert(1)&lt;/script&gt;</a>");

    const std::string breakout = "\"><img src=x onerror=alert(1)>";
    const std::string out = page.Render(Value().Set("name", "x' onmouseover='alert(1)").Set("url", breakout));
    EXPECT_EQ(out,
              "<h1>x&#39; onmouseover&#61;&#39;alert(1)</h1><a href=\"&quot;&gt;&lt;img src&#61;x "
              "onerror&#61;alert(1)&gt;\" title='x&#39; onmouseover&#61;&#39;alert(1)'>x&#39; "
              "onmouseover&#61;&#39;alert(1)</a>");
    EXPECT_EQ(out.find("<img"), std::string::npos);
}

TEST(TemplateTest, DataIsNotExpandedAgain) {
    const Value ctx = Value().Set("a", "{{b}} {{#b}}x{{/b}} {{> p}} {{{b}}}").Set("b", "SECRET");
    EXPECT_EQ(Render("{{a}}", ctx, {{"p", "PARTIAL"}}), "{{b}} {{#b}}x{{/b}} {{&gt; p}} {{{b}}}");
    EXPECT_EQ(Render("{{a}}", Value().Set("a", "}}{{")), "}}{{");
}

TEST(TemplateTest, VietnameseTextPassesUnchanged) {
    const std::string text = "Cà phê Robusta rang xay — Hợp tác xã Nông nghiệp Đắk Lắk, ấp 5, xã Ea Tu";
    EXPECT_EQ(Render("<p>{{t}}</p>", Value().Set("t", text)), "<p>" + text + "</p>");
    EXPECT_EQ(Render("<p title=\"Sản phẩm\">{{t}} — Nguồn gốc</p>", Value().Set("t", text)),
              "<p title=\"Sản phẩm\">" + text + " — Nguồn gốc</p>");
}

// ---- Compile errors

TEST(TemplateTest, RawOutputDoesNotCompile) {
    for (const std::string_view source : {"{{{name}}}", "a\n  {{& name}}", "{{&name}}", "{{{ x }}"}) {
        const Error e = CompileError(source);
        EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(e.rule, "template.raw_output") << source;
    }
    EXPECT_EQ(CompileError("a\n  {{& name}}").where, "2:3");
    EXPECT_EQ(CompileError("{{{name}}}").value, "{{{name}}}");
    EXPECT_EQ(CompileError("{{> p}}", {{"p", "x{{{y}}}"}}).rule, "template.raw_output");
}

TEST(TemplateTest, SyntaxErrorsSayWhere) {
    const auto expect = [](std::string_view source, std::string_view where) {
        const Error e = CompileError(source);
        EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << source;
        EXPECT_EQ(e.rule, "template.syntax") << source;
        EXPECT_EQ(e.where, where) << source << ": " << e.ToString();
    };
    expect("abc {{name", "1:5");             // unclosed tag
    expect("line\n  {{name}\n", "2:3");      // unclosed tag
    expect("{{/a}}", "1:1");                 // closes nothing
    expect("{{#a}}\n{{/b}}", "2:1");         // closes another section
    expect("x\n{{#a}}{{#b}}{{/b}}", "2:1");  // not closed
    expect("{{}}", "1:1");                   // empty name
    expect("{{a b}}", "1:1");
    expect("{{a..b}}", "1:1");
    expect("{{.a}}", "1:1");
    expect("{{a.}}", "1:1");
    expect("{{#}}{{/}}", "1:1");
    expect("{{a<b}}", "1:1");
    expect("{{ #a}}", "1:1");      // sigils come first
    expect("{{=<% %>=}}", "1:1");  // set delimiters
    expect("Cà phê {{x", "1:8");   // columns count code points
    expect("{{>nope}}", "1:1");    // unknown partial
    expect("{{> a b}}", "1:1");    // bad partial name
}

TEST(TemplateTest, ErrorsNameTheirSectionAndValue) {
    const Error e = CompileError("{{#a}}\n{{/b}}");
    EXPECT_EQ(e.value, "{{/b}}");
    EXPECT_NE(e.detail.find("{{#a}}"), std::string::npos) << e.detail;
    EXPECT_NE(e.detail.find("1:1"), std::string::npos) << e.detail;
    EXPECT_EQ(CompileError("{{#items}}x").value, "{{#items}}");
}

TEST(TemplateTest, ErrorsInPartialsNameThePartial) {
    const Partials partials = {{"outer", "ok\n{{> inner}}"}, {"inner", "x\n  {{#a}}"}, {"bad", "\n {{/z}}"}};
    EXPECT_EQ(CompileError("{{> outer}}", partials).where, "inner:2:3");
    EXPECT_EQ(CompileError("{{> bad}}", partials).where, "bad:2:2");
    // Indented partials report positions in the partial's own source.
    EXPECT_EQ(CompileError("    {{> bad}}\n", partials).where, "bad:2:2");
}

TEST(TemplateTest, RecursivePartialsDoNotCompile) {
    const Partials partials = {{"self", "{{#kids}}{{> self}}{{/kids}}"}, {"a", "{{> b}}"}, {"b", "x{{> a}}"}};
    const Error self = CompileError("{{> self}}", partials);
    EXPECT_EQ(self.rule, "template.syntax");
    EXPECT_EQ(self.where, "self:1:10");
    EXPECT_EQ(CompileError("{{> a}}", partials).where, "b:1:2");
    // A partial used twice side by side is not recursion.
    EXPECT_EQ(Render("{{> b2}}{{> b2}}", Value(), {{"b2", "x"}}), "xx");
}

TEST(TemplateTest, DeepNestingAndHugeExpansionsAreRefused) {
    std::string deep;
    for (int i = 0; i < 101; ++i) deep += "{{#a}}";
    EXPECT_EQ(CompileError(deep).rule, "template.syntax");
    std::string fine;
    for (int i = 0; i < 100; ++i) fine = "{{#a}}" + fine + "{{/a}}";
    EXPECT_TRUE(Template::Compile(fine));

    // Each level uses the next one 16 times: 16^8 copies of the last.
    Partials partials;
    for (int i = 0; i < 8; ++i) {
        std::string body;
        for (int k = 0; k < 16; ++k) body += "{{> p" + std::to_string(i + 1) + "}}";
        partials["p" + std::to_string(i)] = body;
    }
    partials["p8"] = "leaf";
    EXPECT_EQ(CompileError("{{> p0}}", partials).rule, "template.too_large");
}

// ---- SafeUrl

TEST(SafeUrlTest, KeepsWebMailAndPhoneLinks) {
    for (const std::string_view url : {"https://caudat.vn/p/1?a=1&b=2", "http://example.com", "HTTPS://EXAMPLE.COM",
                                       "mailto:info@caudat.vn", "tel:+84-28-1234-5678", "MailTo:a@b.c"}) {
        EXPECT_EQ(SafeUrl(url), url);
    }
}

TEST(SafeUrlTest, KeepsSiteRelativeLinks) {
    for (const std::string_view url : {"/", "/01/08934567000123", "?lang=vi", "#events", "/p?x=//y"}) {
        EXPECT_EQ(SafeUrl(url), url);
    }
}

TEST(SafeUrlTest, RefusesEverythingElse) {
    using namespace std::string_literals;
    for (const std::string& url : {""s,
                                   "javascript:alert(1)"s,
                                   "JaVaScRiPt:alert(1)"s,
                                   "vbscript:msgbox(1)"s,
                                   "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="s,
                                   "//evil.example"s,
                                   "/\\evil.example"s,
                                   " javascript:alert(1)"s,
                                   "java\tscript:alert(1)"s,
                                   "java\nscript:alert(1)"s,
                                   "\x01javascript:alert(1)"s,
                                   "javascript\x7f:alert(1)"s,
                                   "/\t/evil.example"s,
                                   "https://ok.vn/\r\n"s,
                                   "\0javascript:x"s,
                                   "javascript&#58;alert(1)"s,
                                   "relative/path"s,
                                   "ftp://files.example"s,
                                   ":nothing"s,
                                   "1http://x"s,
                                   "https"s,
                                   "\xef\xbd\x8a"
                                   "avascript:alert(1)"s}) {
        EXPECT_EQ(SafeUrl(url), "#") << url;
    }
}

TEST(SafeUrlTest, StillEscapedWhenRendered) {
    const Template link = Compiled("<a href=\"{{href}}\">x</a>");
    EXPECT_EQ(link.Render(Value().Set("href", SafeUrl("/p?a=1&b=\"2\""))),
              "<a href=\"/p?a&#61;1&amp;b&#61;&quot;2&quot;\">x</a>");
    EXPECT_EQ(link.Render(Value().Set("href", SafeUrl("javascript:alert(1)"))), "<a href=\"#\">x</a>");
}

// ---- Compile once, render many times

TEST(TemplateTest, ProductPageRendersTheSameEveryTime) {
    // About 5 KB of markup, 50 substitutions and a list of 20 events.
    std::string source = "<!doctype html>\n<html lang=\"vi\">\n<head><title>{{product.name}}</title></head>\n<body>\n";
    for (int i = 0; i < 40; ++i) {
        source += "  <div class=\"field field-" + std::to_string(i) + "\"><span class=\"label\">Label " +
                  std::to_string(i) + "</span> <span class=\"value\">{{product.f" + std::to_string(i) +
                  "}}</span></div>\n";
    }
    source +=
        "  <ol class=\"events\">\n  {{#events}}\n    <li><time>{{when}}</time> {{what}} — {{where}} "
        "<a href=\"{{link}}\">{{lot}}</a></li>\n  {{/events}}\n  {{^events}}<li>Chưa có sự kiện</li>{{/events}}\n"
        "  </ol>\n";
    for (int i = 0; i < 5; ++i) {
        source += "  <p class=\"footer-" + std::to_string(i) + "\">{{site}} — {{product.gtin}}</p>\n";
    }
    source += "</body>\n</html>\n";
    EXPECT_GT(source.size(), 4000u);
    const Template page = Compiled(source);

    Value product = Value().Set("name", "Cà phê <Robusta>").Set("gtin", "08934567000123");
    for (int i = 0; i < 40; ++i) product.Set("f" + std::to_string(i), "giá trị " + std::to_string(i) + " & more");
    Value events;
    for (int i = 0; i < 20; ++i) {
        events.Push(Value()
                        .Set("when", "2026-01-" + std::to_string(10 + i))
                        .Set("what", "Thu hoạch")
                        .Set("where", "Đắk Lắk")
                        .Set("link", SafeUrl("/events/" + std::to_string(i)))
                        .Set("lot", "LOT-" + std::to_string(i)));
    }
    const Value ctx =
        Value().Set("product", std::move(product)).Set("events", std::move(events)).Set("site", "caudat.vn");

    const std::string first = page.Render(ctx);
    EXPECT_NE(first.find("<title>Cà phê &lt;Robusta&gt;</title>"), std::string::npos);
    EXPECT_NE(first.find("giá trị 39 &amp; more"), std::string::npos);
    EXPECT_NE(first.find("<a href=\"/events/19\">LOT-19</a>"), std::string::npos);
    EXPECT_EQ(first.find("Chưa có sự kiện"), std::string::npos);
    EXPECT_EQ(first.find("{{"), std::string::npos);
    std::string again;
    for (int i = 0; i < 200; ++i) {
        again.clear();
        page.RenderTo(ctx, again);
        ASSERT_EQ(again, first);
    }
}

}  // namespace
}  // namespace txng::web
