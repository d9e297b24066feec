#include <catch2/catch.hpp>

#include <regex>

#include "sync/backoff.hpp"
#include "sync/hq_schema.hpp"
#include "sync/outbox_sender.hpp"

using namespace chillnode;

TEST_CASE("backoff stays within full-jitter bounds", "[sync]") {
  std::mt19937_64 random(7);
  CHECK(backoffDelay(0, random).count() == 0);
  for (int failures = 1; failures <= 12; ++failures) {
    std::int64_t ceiling = std::min<std::int64_t>(60'000, std::int64_t{1000} << std::min(failures - 1, 6));
    std::int64_t largest = 0;
    for (int draw = 0; draw < 500; ++draw) {
      std::int64_t delay = backoffDelay(failures, random).count();
      REQUIRE(delay >= 0);
      REQUIRE(delay <= ceiling);
      largest = std::max(largest, delay);
    }
    INFO("failures " << failures);
    CHECK(largest > ceiling / 2);
  }
}

TEST_CASE("insert statement has nine parameters a row", "[sync]") {
  std::string sql = buildInsertSql(3);
  CHECK(sql.find("$29::jsonb)") != std::string::npos);
  CHECK(sql.find("$30") == std::string::npos);
  CHECK(sql.ends_with(" ON CONFLICT DO NOTHING"));
  CHECK(sql.find("RETURNING") == std::string::npos);
  CHECK(sql.find("ON CONFLICT (") == std::string::npos);
}

TEST_CASE("content rejections are classes 22 and 23", "[sync]") {
  CHECK(isContentRejection("22P02"));
  CHECK(isContentRejection("23514"));
  CHECK_FALSE(isContentRejection("42501"));
  CHECK_FALSE(isContentRejection("57P01"));
  CHECK_FALSE(isContentRejection(""));
}

TEST_CASE("hq unit names follow role rules", "[sync]") {
  CHECK_FALSE(checkHqUnitName("booth-1").has_value());
  CHECK_FALSE(checkHqUnitName("sponsor.juice_2").has_value());
  CHECK(checkHqUnitName("").has_value());
  CHECK(checkHqUnitName(std::string(64, 'a')).has_value());
  CHECK(checkHqUnitName("pg_booth").has_value());
  CHECK(checkHqUnitName("chillnode_units").has_value());
  CHECK(checkHqUnitName("booth\"; DROP TABLE x; --").has_value());
}

TEST_CASE("add-unit SQL joins the insert group", "[sync]") {
  std::string sql = hqAddUnitSql("booth-1", "Abc123");
  CHECK(sql.find("CREATE ROLE \"booth-1\" LOGIN") != std::string::npos);
  CHECK(sql.find("PASSWORD 'Abc123' IN ROLE chillnode_units;") != std::string::npos);
  std::string placeholder = hqAddUnitSql("booth-1", "");
  CHECK(placeholder.find("PASSWORD :'password' IN ROLE") != std::string::npos);
  std::string password = generateHqPassword();
  CHECK(std::regex_match(password, std::regex("[A-Za-z0-9]{24}")));
  CHECK(password != generateHqPassword());
}
