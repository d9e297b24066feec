#include "demo_roster.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace chillnode {

namespace {

// Bibs that other tests, demos and generated QR codes refer to.
constexpr std::array<std::string_view, 5> FixedBibs = {"0042", "1234", "A-17", "0007", "2718"};

constexpr std::string_view Header = "Bib #,First Name,Last Name,Gender,Age,Email,Event,Wave,Team";

// A display spelling and the ASCII spelling used to build a fictitious e-mail address.
struct Name {
  std::string_view display;
  std::string_view ascii;
};

constexpr std::array<Name, 24> FirstNames = {{
    {"Zoë", "zoe"},         {"François", "francois"}, {"Łukasz", "lukasz"},
    {"Björn", "bjorn"},     {"Siobhán", "siobhan"},   {"José", "jose"},
    {"Ana", "ana"},         {"Chloé", "chloe"},       {"Mårten", "marten"},
    {"Ingrid", "ingrid"},   {"Kofi", "kofi"},         {"Aiko", "aiko"},
    {"Renée", "renee"},     {"Dmitri", "dmitri"},     {"Priya", "priya"},
    {"Seán", "sean"},       {"Noémie", "noemie"},     {"Jürgen", "jurgen"},
    {"Mei", "mei"},         {"Tomás", "tomas"},       {"Grace", "grace"},
    {"Oluwaseun", "oluwaseun"}, {"Håkon", "hakon"},   {"Dolores", "dolores"},
}};

constexpr std::array<Name, 20> LastNames = {{
    {"Núñez", "nunez"},           {"O'Connor", "oconnor"},   {"Björk", "bjork"},
    {"D'Angelo", "dangelo"},      {"Müller", "muller"},      {"Lefèvre", "lefevre"},
    {"Kowalczyk", "kowalczyk"},   {"García-López", "garcia-lopez"},
    {"Ó Súilleabháin", "osuilleabhain"}, {"Nakamura", "nakamura"},
    {"Østergaard", "ostergaard"}, {"Mensah", "mensah"},      {"van der Berg", "vanderberg"},
    {"Šimková", "simkova"},       {"O'Neill", "oneill"},     {"Smith", "smith"},
    {"Żukowski", "zukowski"},     {"Dubois", "dubois"},      {"Papadopoulos", "papadopoulos"},
    {"Çelik", "celik"},
}};

// Teams, including values that need CSV quoting. Empty means no team, the common case.
constexpr std::array<std::string_view, 10> Teams = {
    "", "", "", "", "Harbour Harriers", "Run, Forrest, Run", "The \"Early Birds\"",
    "Club Atlético", "O'Malley's Milers", "Les Gazelles de Lyon"};

constexpr std::array<std::string_view, 3> Events = {"Marathon", "Half Marathon", "10K"};
constexpr std::array<std::string_view, 4> Waves = {"A", "B", "C", "D"};
constexpr std::array<std::string_view, 5> Genders = {"F", "M", "F", "M", "X"};
constexpr std::array<std::string_view, 3> EmailDomains = {"example.org", "example.com",
                                                          "example.net"};

// Returns a value in [0, bound). The modulo bias is irrelevant for demo data.
// std::uniform_int_distribution is avoided because the standard leaves its algorithm to
// each library, so its output can differ between them.
std::size_t pick(std::mt19937& random, std::size_t bound) {
  return static_cast<std::size_t>(random() % bound);
}

template <typename T, std::size_t N>
const T& pickFrom(std::mt19937& random, const std::array<T, N>& values) {
  return values[pick(random, N)];
}

// Returns a bib that is plain ("517"), zero-padded to four digits ("0517") or lettered
// ("C-204"), in roughly a 6 : 3 : 1 mix.
std::string makeRandomBib(std::mt19937& random) {
  std::size_t style = pick(random, 10);
  std::string number = std::to_string(1 + pick(random, 9999));
  if (style < 6) return number;
  if (style < 9) return std::string(4 - std::min<std::size_t>(number.size(), 4), '0') + number;
  char letter = static_cast<char>('A' + pick(random, 6));
  return std::string(1, letter) + "-" + std::to_string(1 + pick(random, 999));
}

// Returns the fixed bibs and count - 5 unique random ones, shuffled.
std::vector<std::string> makeBibs(std::mt19937& random, int count) {
  std::set<std::string> used(FixedBibs.begin(), FixedBibs.end());
  std::vector<std::string> bibs(FixedBibs.begin(), FixedBibs.end());
  while (bibs.size() < static_cast<std::size_t>(count)) {
    std::string bib = makeRandomBib(random);
    if (used.insert(bib).second) bibs.push_back(std::move(bib));
  }
  for (std::size_t i = bibs.size() - 1; i > 0; --i) {
    std::swap(bibs[i], bibs[pick(random, i + 1)]);
  }
  return bibs;
}

// Quotes a CSV value when it contains a separator, a quote or a line break.
std::string csvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Draws the number and the domain in separate statements, because the operands of one
// expression may be evaluated in any order and the output must not depend on the compiler.
std::string makeEmail(std::mt19937& random, const Name& first, const Name& last) {
  std::string number = std::to_string(pick(random, 100));
  std::string_view domain = pickFrom(random, EmailDomains);
  return std::string(first.ascii) + "." + std::string(last.ascii) + number + "@" +
         std::string(domain);
}

// The elements of a braced initializer list are evaluated in order, so the draws below
// happen in a fixed sequence.
std::string makeRow(std::mt19937& random, const std::string& bib) {
  const Name& first = pickFrom(random, FirstNames);
  const Name& last = pickFrom(random, LastNames);
  std::vector<std::string> fields = {
      bib, csvField(first.display), csvField(last.display),
      std::string(pickFrom(random, Genders)), std::to_string(18 + pick(random, 62)),
      makeEmail(random, first, last), std::string(pickFrom(random, Events)),
      std::string(pickFrom(random, Waves)), csvField(pickFrom(random, Teams))};

  std::string row = fields.front();
  for (std::size_t i = 1; i < fields.size(); ++i) row += "," + fields[i];
  return row;
}

}  // namespace

std::string makeDemoRosterCsv(int count, unsigned seed) {
  if (count < MinDemoRunners || count > MaxDemoRunners) {
    throw std::invalid_argument("demo roster size " + std::to_string(count) +
                                " is out of range: use " + std::to_string(MinDemoRunners) +
                                " to " + std::to_string(MaxDemoRunners) + " runners");
  }
  std::mt19937 random(seed);
  std::string csv = std::string(Header) + "\r\n";
  for (const std::string& bib : makeBibs(random, count)) {
    csv += makeRow(random, bib) + "\r\n";
  }
  return csv;
}

}  // namespace chillnode
