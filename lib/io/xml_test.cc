#include "lib/io/xml.h"

#include <string>

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

// Records what the parser reports as one line of text.
class Recorder : public XmlHandler {
 public:
  void StartElement(const XmlName& name, const XmlAttributes& attributes) override {
    events += "<" + std::string(name.local);
    if (!name.ns.empty()) events += "{" + std::string(name.ns) + "}";
    if (const char* a = attributes.Find("a")) events += " a=" + std::string(a);
    if (const char* b = attributes.Find("b", "urn:b")) events += " b=" + std::string(b);
    events += ">";
  }
  void EndElement(const XmlName& name) override { events += "</" + std::string(name.local) + ">"; }
  void Text(std::string_view text) override { events += std::string(text); }

  std::string events;
};

TEST(ParseXmlTest, ReportsElementsAttributesAndText) {
  Recorder recorder;
  ASSERT_TRUE(ParseXml(R"(<?xml version="1.0"?><r xmlns:x="urn:b"><e a="1" x:b="2">t &amp; &#233;</e></r>)", "p.xml",
                       recorder)
                  .ok());
  EXPECT_EQ(recorder.events, "<r><e a=1 b=2>t & \xC3\xA9</e></r>");
}

TEST(ParseXmlTest, ResolvesNamespacesWhateverThePrefix) {
  Recorder one, two;
  ASSERT_TRUE(ParseXml(R"(<a:r xmlns:a="urn:x"/>)", "p.xml", one).ok());
  ASSERT_TRUE(ParseXml(R"(<r xmlns="urn:x"/>)", "p.xml", two).ok());
  EXPECT_EQ(one.events, "<r{urn:x}></r>");
  EXPECT_EQ(two.events, one.events);
}

TEST(ParseXmlTest, RefusesDocumentTypeDeclarations) {
  const char* billion_laughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>)";
  const char* external = R"(<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>)";
  const char* plain = R"(<!DOCTYPE r SYSTEM "http://example.com/r.dtd"><r/>)";
  for (const char* xml : {billion_laughs, external, plain}) {
    Recorder recorder;
    const absl::Status status = ParseXml(xml, "xl/workbook.xml", recorder);
    ASSERT_FALSE(status.ok()) << xml;
    EXPECT_NE(status.message().find("xl/workbook.xml:"), std::string::npos) << status;
    EXPECT_NE(status.message().find("document type declarations are refused"), std::string::npos) << status;
    EXPECT_EQ(recorder.events.find("lol"), std::string::npos);
    EXPECT_EQ(recorder.events.find("root"), std::string::npos);
  }
}

TEST(ParseXmlTest, RefusesUndefinedEntities) {
  Recorder recorder;
  const absl::Status status = ParseXml("<r>&nbsp;</r>", "p.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("p.xml:1:4: undefined entity"), std::string::npos) << status;
}

TEST(ParseXmlTest, LocatesSyntaxErrors) {
  Recorder recorder;
  const absl::Status status = ParseXml("<r>\n  <a></b>\n</r>", "content.xml", recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "content.xml:2:8: mismatched tag");
}

TEST(ParseXmlTest, RefusesDeepNesting) {
  std::string xml;
  for (int i = 0; i < 200; ++i) xml += "<a>";
  for (int i = 0; i < 200; ++i) xml += "</a>";
  Recorder recorder;
  const absl::Status status = ParseXml(xml, "p.xml", recorder, XmlLimits{100});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("deeper than 100 levels"), std::string::npos) << status;
}

TEST(ParseXmlTest, AHandlerStopsTheParse) {
  class Stopper : public XmlHandler {
   public:
    void StartElement(const XmlName& name, const XmlAttributes&) override {
      if (name.local == "stop") Fail(absl::ResourceExhaustedError("enough"));
      ++elements;
    }
    void EndElement(const XmlName&) override {}
    void Text(std::string_view) override {}
    int elements = 0;
  } stopper;
  const absl::Status status = ParseXml("<r><a/><stop/><b/><c/></r>", "p.xml", stopper);
  EXPECT_EQ(status, absl::ResourceExhaustedError("enough"));
  EXPECT_EQ(stopper.elements, 3);
}

TEST(XmlWriterTest, EscapesTextAndAttributes) {
  XmlWriter xml;
  xml.Open("r").Attribute("a", "1 < 2 & \"q\"\n\ttab").Open("e").Text("a<b>&c\r\n\"").Close().Open("empty").Close().Close();
  absl::StatusOr<std::string> text = xml.Finish();
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<r a=\"1 &lt; 2 &amp; &quot;q&quot;&#10;&#9;tab\"><e>a&lt;b&gt;&amp;c&#13;\n\"</e><empty/></r>");
  // What is written reads back exactly.
  Recorder recorder;
  ASSERT_TRUE(ParseXml(*text, "p.xml", recorder).ok());
  EXPECT_EQ(recorder.events, "<r a=1 < 2 & \"q\"\n\ttab><e>a<b>&c\r\n\"</e><empty></empty></r>");
}

TEST(XmlWriterTest, RefusesWhatXmlCannotHold) {
  for (const std::string& bad : {std::string("bell \x07"), std::string("nul \0", 5), std::string("\xEF\xBF\xBE"),
                                 std::string("\xC3(")}) {
    XmlWriter xml;
    xml.Open("r").Text(bad).Close();
    EXPECT_FALSE(xml.Finish().ok());
    EXPECT_FALSE(IsXmlText(bad));
  }
  EXPECT_TRUE(IsXmlText("tab\tline\ncr\r \xC3\xA9 \xEF\xBF\xBD"));
}

TEST(XmlWriterTest, RefusesUnclosedElements) {
  XmlWriter xml;
  xml.Open("r");
  EXPECT_EQ(xml.Finish().status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace hdsc::io
