#include <catch2/catch.hpp>

#include "sync/conninfo.hpp"

using namespace chillnode;

TEST_CASE("redaction hides URI passwords", "[sync][conninfo]") {
  CHECK(redactConninfo("postgresql://booth-1:s3cret@hq.example:5432/race") ==
        "postgresql://booth-1:***@hq.example:5432/race");
  CHECK(redactConninfo("postgres://booth-1:p%40ss@h1:1,h2:2/race?sslmode=require&password=again&x=1") ==
        "postgres://booth-1:***@h1:1,h2:2/race?sslmode=require&password=***&x=1");
  CHECK(redactConninfo("postgresql://booth-1@hq/race") == "postgresql://booth-1@hq/race");
  CHECK(redactConninfo("postgresql://hq.example/race?password=x") == "postgresql://hq.example/race?password=***");
  // An unencoded '@' in the password: everything up to the last '@' is hidden.
  CHECK(redactConninfo("postgresql://u:p@ss@hq/db") == "postgresql://u:***@hq/db");
}

TEST_CASE("redaction hides key=value passwords", "[sync][conninfo]") {
  CHECK(redactConninfo("host=hq user=booth-1 password=s3cret dbname=race") ==
        "host=hq user=booth-1 password=*** dbname=race");
  CHECK(redactConninfo("password = 'two words \\' quote' host=hq") == "password = *** host=hq");
  CHECK(redactConninfo("host=hq") == "host=hq");
  CHECK(redactConninfo("") == "");
}

TEST_CASE("redaction hides unparsable strings whole", "[sync][conninfo]") {
  std::string hidden = redactConninfo("host=hq password='unterminated secret");
  CHECK(hidden.find("secret") == std::string::npos);
  CHECK(hidden.find("could not be parsed") != std::string::npos);
  CHECK(redactConninfo("password").find("password") == std::string::npos);
}

TEST_CASE("libpq messages lose the url's password", "[sync][conninfo]") {
  // libpq quotes an invalid percent-encoding with the text around it.
  std::string url = "postgresql://q1:SeCrEt%zz9@127.0.0.1:1/race";
  CHECK(redactPasswords("invalid percent-encoded token: \"SeCrEt%zz9\"", url) ==
        "invalid percent-encoded token: \"***\"");
  CHECK(redactPasswords("login of booth-1 with p@ss failed", "postgresql://booth-1:p%40ss@hq/race") ==
        "login of booth-1 with *** failed");
  CHECK(redactPasswords("x=again and again", "postgresql://hq/race?password=again") == "x=*** and ***");
  CHECK(redactPasswords("saw two words ' quote here", "password = 'two words \\' quote' host=hq") ==
        "saw *** here");
  CHECK(redactPasswords("no secret here", "postgresql://booth-1@hq/race") == "no secret here");
}
