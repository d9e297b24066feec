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
