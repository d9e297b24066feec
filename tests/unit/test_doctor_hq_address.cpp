#include <catch2/catch.hpp>

#include "app/doctor_command.hpp"

using chillnode::hqAddressOf;

TEST_CASE("HQ address from a URI", "[doctor]") {
  CHECK(hqAddressOf("postgresql://booth-1:pw@hq.example.org:6432/race") == "hq.example.org:6432");
  CHECK(hqAddressOf("postgres://hq.example.org/race?sslmode=verify-full") == "hq.example.org:5432");
  CHECK(hqAddressOf("postgresql://u:p@[2001:db8::1]:5433/race") == "[2001:db8::1]:5433");
  CHECK(hqAddressOf("postgresql://u@a.example,b.example:7/race") == "a.example:5432");
  CHECK(hqAddressOf("postgresql:///race") == "");
}

TEST_CASE("HQ address from key=value pairs", "[doctor]") {
  CHECK(hqAddressOf("host=hq.example.org port=6432 user=booth-1 password=pw") == "hq.example.org:6432");
  CHECK(hqAddressOf("dbname=race host = '10.0.0.5'") == "10.0.0.5:5432");
  CHECK(hqAddressOf("hostaddr=::1 port=5433") == "[::1]:5433");
  CHECK(hqAddressOf("host=/run/postgresql dbname=race") == "");
  CHECK(hqAddressOf("dbname=race") == "");
}

TEST_CASE("HQ address never contains the password", "[doctor]") {
  CHECK(hqAddressOf("postgresql://booth-1:s3cret@hq.example.org/race").find("s3cret") == std::string::npos);
  CHECK(hqAddressOf("password='s3cret' host=hq.example.org").find("s3cret") == std::string::npos);
}
