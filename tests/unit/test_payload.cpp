#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "core/payload.hpp"

using chillnode::BibPayloadParser;
using chillnode::isValidBib;
using chillnode::PayloadError;

namespace {

std::string bibOf(std::string_view payload) {
  return BibPayloadParser().parse(payload).bib;
}

PayloadError errorOf(std::string_view payload) {
  return BibPayloadParser().parse(payload).error;
}

}  // namespace

TEST_CASE("plain bib is accepted", "[payload]") {
  auto result = BibPayloadParser().parse("0042");
  REQUIRE(result.ok());
  CHECK(result.bib == "0042");
}

TEST_CASE("plain bib is trimmed", "[payload]") {
  CHECK(bibOf("  A-17\r\n") == "A-17");
  CHECK(bibOf("\t1234 ") == "1234");
}

TEST_CASE("leading zeros and letters stay distinct", "[payload]") {
  CHECK(bibOf("0042") == "0042");
  CHECK(bibOf("42") == "42");
  CHECK(bibOf("A-17") == "A-17");
  CHECK(bibOf("{\"bib\":\"0042\"}") == "0042");
  CHECK(bibOf("BIB:0042") == "0042");
  CHECK(bibOf("https://race.example/r/0042") == "0042");
}

TEST_CASE("bib validity rules", "[payload]") {
  CHECK(isValidBib("0"));
  CHECK(isValidBib("A_1.b-2"));
  CHECK(isValidBib("1234567890123456"));
  CHECK_FALSE(isValidBib(""));
  CHECK_FALSE(isValidBib("12345678901234567"));
  CHECK_FALSE(isValidBib("A 17"));
  CHECK_FALSE(isValidBib("1'"));
  CHECK_FALSE(isValidBib("Zoë"));
  CHECK_FALSE(isValidBib("---"));
  CHECK_FALSE(isValidBib("._"));
  CHECK(isValidBib("-1"));
  CHECK(isValidBib("a-17"));
}

TEST_CASE("bib letters become upper case", "[payload]") {
  CHECK(bibOf("a-17") == "A-17");
  CHECK(bibOf("BIB:a-17") == "A-17");
  CHECK(bibOf(R"({"bib":"b2"})") == "B2");
  CHECK(bibOf("https://race.example/c?bib=c-3") == "C-3");
  CHECK(bibOf("https://race.example/runners/d_4") == "D_4");
}

TEST_CASE("bib without letter or digit", "[payload]") {
  CHECK(errorOf("---") == PayloadError::NoBib);
  CHECK(errorOf("BIB:...") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"_"})") == PayloadError::NoBib);
}

TEST_CASE("JSON object with string bib", "[payload]") {
  CHECK(bibOf(R"({"bib":"0042"})") == "0042");
  CHECK(bibOf(R"({ "name": "Zoë, \"Z\"", "bib" : "A-17", "wave": 3 })") == "A-17");
  CHECK(bibOf(R"({"BIB":"77"})") == "77");
  CHECK(bibOf("{\n\t\"bib\": \"5\"\r\n}") == "5");
}

TEST_CASE("JSON object with integer bib", "[payload]") {
  CHECK(bibOf(R"({"bib":42})") == "42");
  CHECK(bibOf(R"({"event":"10K","bib": 1234,})") == "1234");
}

TEST_CASE("JSON escapes in bib are decoded", "[payload]") {
  CHECK(bibOf(R"({"bib":"A\u002d17"})") == "A-17");
  CHECK(errorOf(R"({"bib":"A\u00e917"})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"A\u0000"})") == PayloadError::NoBib);
}

TEST_CASE("JSON skips nested values", "[payload]") {
  CHECK(bibOf(R"({"runner":{"name":"O'Brien","tags":["a","}"]},"bib":"9"})") == "9");
  CHECK(bibOf(R"({"meta":{"bib":"1"},"bib":"2"})") == "2");
}

TEST_CASE("JSON rejects deep nesting", "[payload]") {
  CHECK(bibOf(R"({"a":[[{"b":1}]],"bib":"3"})") == "3");
  CHECK(errorOf(R"({"a":[[[[1]]]],"bib":"3"})") == PayloadError::NoBib);
  std::string deep = "{\"bib\":\"1\",\"a\":" + std::string(200, '[') + std::string(200, ']') + "}";
  CHECK(errorOf(deep) == PayloadError::NoBib);
}

TEST_CASE("JSON without a usable bib", "[payload]") {
  CHECK(errorOf(R"({"name":"Zoë"})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"1","bib":"2"})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":-5})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":4.5})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":0042})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":true})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":["1"]})") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"1"} trailing)") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"1")") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"1)") == PayloadError::NoBib);
  CHECK(errorOf("{}") == PayloadError::NoBib);
}

TEST_CASE("URL query parameter names", "[payload]") {
  CHECK(bibOf("https://race.example/checkin?bib=0042") == "0042");
  CHECK(bibOf("http://race.example/c?x=1&bib_number=A-17") == "A-17");
  CHECK(bibOf("https://race.example/c?BibNumber=12") == "12");
  CHECK(bibOf("https://race.example/c?bibno=13#top") == "13");
  CHECK(bibOf("HTTPS://race.example/c?Race_Number=14") == "14");
  CHECK(bibOf("https://race.example?lang=fr;bib=15") == "15");
}

TEST_CASE("URL values are percent-decoded", "[payload]") {
  CHECK(bibOf("https://race.example/c?bib=A%2D17") == "A-17");
  CHECK(bibOf("https://race.example/c?%62ib=16") == "16");
  CHECK(bibOf("https://race.example/runners/A%2d18") == "A-18");
  CHECK(errorOf("https://race.example/c?bib=A%2") == PayloadError::NoBib);
  CHECK(errorOf("https://race.example/c?bib=A+17") == PayloadError::NoBib);
  CHECK(errorOf("https://race.example/c?bib=1%27%3B") == PayloadError::NoBib);
}

TEST_CASE("URL falls back to last path segment", "[payload]") {
  CHECK(bibOf("https://race.example/2024/runners/0042") == "0042");
  CHECK(bibOf("https://race.example/runners/0042/?utm_source=qr") == "0042");
  CHECK(bibOf("http://race.example:8080/r/7#x") == "7");
  CHECK(errorOf("https://race.example/") == PayloadError::NoBib);
  CHECK(errorOf("https://race.example") == PayloadError::NoBib);
}

TEST_CASE("URL bib parameter wins over path", "[payload]") {
  CHECK(bibOf("https://race.example/runners/99?bib=5") == "5");
  CHECK(errorOf("https://race.example/runners/99?bib=") == PayloadError::NoBib);
}

TEST_CASE("key-value text forms", "[payload]") {
  CHECK(bibOf("BIB:1234") == "1234");
  CHECK(bibOf("bib=1234") == "1234");
  CHECK(bibOf("Bib 1234") == "1234");
  CHECK(bibOf("Bib No. 0042") == "0042");
  CHECK(bibOf("Race Number: A-17") == "A-17");
  CHECK(bibOf("BIB: \"77\"") == "77");
}

TEST_CASE("key-value text with other fields", "[payload]") {
  CHECK(bibOf("NAME:Zoë Núñez;BIB:1234;EVENT:10K") == "1234");
  CHECK(bibOf("EVENT:Marathon, BIB:0042, WAVE:B") == "0042");
  CHECK(bibOf("EVENT:Half|Bib=A-17|Team:O'Brien's") == "A-17");
  CHECK(bibOf("NAME: Björk\r\nBIB: 2718\r\n") == "2718");
}

TEST_CASE("key-value first bib field decides", "[payload]") {
  CHECK(errorOf("BIB:;BIB:0042") == PayloadError::NoBib);
  CHECK(errorOf("BIB:A 17;NAME:x") == PayloadError::NoBib);
  CHECK(bibOf("BIB:1;BIB:2") == "1");
}

TEST_CASE("custom pattern capture group", "[payload]") {
  BibPayloadParser parser(R"(RACE2024-(\d{1,5})-X)");
  CHECK(parser.parse("RACE2024-0042-X").bib == "0042");
  CHECK(parser.parse("prefix RACE2024-7-X suffix").bib == "7");
}

TEST_CASE("custom pattern falls through", "[payload]") {
  BibPayloadParser parser(R"(RACE2024-(\w+)-X)");
  CHECK(parser.parse("BIB:1234").bib == "1234");
  CHECK(parser.parse("RACE2024-A_1-X").bib == "A_1");
  CHECK(parser.parse("RACE2024-b_2-X").bib == "B_2");
  CHECK(parser.parse("0042").bib == "0042");
}

TEST_CASE("custom pattern cannot backtrack", "[payload]") {
  // std::regex backtracks exponentially on this pattern and input, so it never returned.
  BibPayloadParser parser("^(a+)+b$");
  std::string payload = std::string(511, 'a') + "!";
  REQUIRE(payload.size() == chillnode::MaxPayloadBytes);
  auto result = parser.parse(payload);
  CHECK(result.error == PayloadError::NoBib);
  CHECK(result.bib.empty());
  CHECK(parser.parse("aaab").bib == "AAA");
}

TEST_CASE("custom pattern optional group", "[payload]") {
  BibPayloadParser parser(R"(^RACE(?:-(\d+))?$)");
  CHECK(parser.parse("RACE-12").bib == "12");
  CHECK(parser.parse("RACE").bib == "RACE");  // group unmatched, plain bib form wins
}

TEST_CASE("empty custom pattern is unset", "[payload]") {
  CHECK(BibPayloadParser("").parse("42").bib == "42");
}

TEST_CASE("bad custom pattern throws", "[payload]") {
  CHECK_THROWS_AS(BibPayloadParser("RACE-(\\d+"), std::invalid_argument);
  CHECK_THROWS_WITH(BibPayloadParser("RACE-(\\d+"), Catch::Contains("RACE-(\\d+"));
  CHECK_THROWS_WITH(BibPayloadParser("RACE-(\\d+"), Catch::Contains("not a valid RE2"));
  // RE2 has no backreferences or lookaround.
  CHECK_THROWS_AS(BibPayloadParser(R"((\d)\1)"), std::invalid_argument);
  CHECK_THROWS_AS(BibPayloadParser(R"((?=A)(\w+))"), std::invalid_argument);
}

TEST_CASE("custom pattern needs one group", "[payload]") {
  CHECK_THROWS_AS(BibPayloadParser(R"((\w+)-(\d+))"), std::invalid_argument);
  CHECK_THROWS_WITH(BibPayloadParser(R"((\w+)-(\d+))"), Catch::Contains("(\\w+)-(\\d+)"));
  CHECK_THROWS_WITH(BibPayloadParser(R"((\w+)-(\d+))"), Catch::Contains("2 capture groups"));
  CHECK_THROWS_AS(BibPayloadParser(R"(RACE-\d+)"), std::invalid_argument);
  CHECK_NOTHROW(BibPayloadParser(R"((?:RACE|RUN)-(\d+))"));
}

TEST_CASE("empty payload is rejected", "[payload]") {
  CHECK(errorOf("") == PayloadError::Empty);
  CHECK(errorOf(" \t\r\n ") == PayloadError::Empty);
  CHECK(BibPayloadParser().parse("").bib.empty());
}

TEST_CASE("payload over 512 bytes is rejected", "[payload]") {
  CHECK(errorOf(std::string(512, '1')) == PayloadError::NoBib);
  CHECK(errorOf(std::string(513, '1')) == PayloadError::TooLong);
  std::string tenKilobytes = "BIB:0042;" + std::string(10 * 1024, 'x');
  CHECK(errorOf(tenKilobytes) == PayloadError::TooLong);
}

TEST_CASE("invalid UTF-8 is rejected", "[payload]") {
  CHECK(errorOf("BIB:1234;NAME:Zo\xEB") == PayloadError::InvalidUtf8);   // Latin-1 byte
  CHECK(errorOf("\x80" "1234") == PayloadError::InvalidUtf8);              // lone continuation
  CHECK(errorOf("1234\xC3") == PayloadError::InvalidUtf8);                // truncated
  CHECK(errorOf("\xE2\x82" "1") == PayloadError::InvalidUtf8);            // truncated 3-byte
  CHECK(errorOf("\xFF\xFE" "1") == PayloadError::InvalidUtf8);            // never valid
  CHECK(errorOf("\xED\xA0\x80" "1") == PayloadError::InvalidUtf8);        // surrogate U+D800
  CHECK(errorOf("\xF4\x90\x80\x80") == PayloadError::InvalidUtf8);        // U+110000
  CHECK(errorOf("\xF5\x80\x80\x80") == PayloadError::InvalidUtf8);        // lead byte F5
}

TEST_CASE("overlong UTF-8 is rejected", "[payload]") {
  CHECK(errorOf("\xC0\xAF") == PayloadError::InvalidUtf8);          // '/' in two bytes
  CHECK(errorOf("\xC1\xBF") == PayloadError::InvalidUtf8);
  CHECK(errorOf("\xE0\x80\xAF") == PayloadError::InvalidUtf8);      // '/' in three bytes
  CHECK(errorOf("\xE0\x9F\xBF") == PayloadError::InvalidUtf8);      // U+07FF in three bytes
  CHECK(errorOf("\xF0\x80\x80\xAF") == PayloadError::InvalidUtf8);  // '/' in four bytes
  CHECK(errorOf("\xF0\x8F\xBF\xBF") == PayloadError::InvalidUtf8);  // U+FFFF in four bytes
}

TEST_CASE("well-formed UTF-8 edges pass", "[payload]") {
  CHECK(bibOf("NAME:\xC2\xA0x;BIB:1") == "1");                    // U+00A0
  CHECK(bibOf("NAME:\xED\x9F\xBF;BIB:2") == "2");                 // U+D7FF
  CHECK(bibOf("NAME:\xEE\x80\x80;BIB:3") == "3");                 // U+E000
  CHECK(bibOf("NAME:\xF0\x9F\x8F\x83;BIB:4") == "4");             // U+1F3C3 runner
  CHECK(bibOf("NAME:\xF4\x8F\xBF\xBF;BIB:5") == "5");             // U+10FFFF
}

TEST_CASE("control characters are rejected", "[payload]") {
  using namespace std::string_literals;
  CHECK(errorOf("12\0" "34"s) == PayloadError::ControlCharacter);
  CHECK(errorOf("BIB:1234\0"s) == PayloadError::ControlCharacter);
  CHECK(errorOf("\0"s) == PayloadError::ControlCharacter);
  CHECK(errorOf("BIB:\x1B[2J1234") == PayloadError::ControlCharacter);
  CHECK(errorOf("1234\x7F") == PayloadError::ControlCharacter);
  CHECK(errorOf("1234\xC2\x85") == PayloadError::ControlCharacter);  // U+0085 NEL
  CHECK(errorOf("12\v34") == PayloadError::ControlCharacter);
}

TEST_CASE("rejections follow the documented order", "[payload]") {
  using namespace std::string_literals;
  CHECK(errorOf(std::string(600, ' ')) == PayloadError::Empty);
  CHECK(errorOf(std::string(513, '\xFF')) == PayloadError::TooLong);
  CHECK(errorOf("\0\xFF"s) == PayloadError::InvalidUtf8);
  CHECK(errorOf("\0 zzz"s) == PayloadError::ControlCharacter);
}

TEST_CASE("SQL text is rejected", "[payload]") {
  CHECK(errorOf("1'; DROP TABLE runners;--") == PayloadError::NoBib);
  CHECK(errorOf("BIB:1' OR '1'='1") == PayloadError::NoBib);
  CHECK(errorOf(R"({"bib":"1'; DROP TABLE runners;--"})") == PayloadError::NoBib);
  CHECK(errorOf("https://race.example/c?bib=1%27%3B%20DROP%20TABLE%20runners") ==
        PayloadError::NoBib);
}

TEST_CASE("text without bib is rejected", "[payload]") {
  CHECK(errorOf("hello world") == PayloadError::NoBib);
  CHECK(errorOf("NAME:Zoë;EVENT:10K") == PayloadError::NoBib);
  CHECK(errorOf("12345678901234567") == PayloadError::NoBib);
  CHECK(errorOf("ftp://race.example/0042") == PayloadError::NoBib);
  CHECK(errorOf("<script>1</script>") == PayloadError::NoBib);
}

TEST_CASE("rejected payload has empty bib", "[payload]") {
  auto result = BibPayloadParser().parse("1'; DROP TABLE runners;--");
  CHECK_FALSE(result.ok());
  CHECK(result.bib.empty());
}

TEST_CASE("every error has a description", "[payload]") {
  CHECK(chillnode::describe(PayloadError::TooLong) == "payload is over 512 bytes");
  CHECK(chillnode::describe(PayloadError::NoBib) == "payload contains no valid bib");
  CHECK_FALSE(chillnode::describe(PayloadError::InvalidUtf8).empty());
}
