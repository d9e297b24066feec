#pragma once
// Demo roster for tests, demos and chillnode-gen: a fictitious registration export.

#include <string>

namespace chillnode {

// Runner counts that makeDemoRosterCsv accepts. The minimum makes room for the fixed bibs.
// The maximum uses under 60 % of the about 17,000 distinct random bibs, so drawing unused
// ones stays quick.
constexpr int MinDemoRunners = 5;
constexpr int MaxDemoRunners = 10000;

// Returns a roster CSV in the shape of a registration-platform export: the header
// "Bib #,First Name,Last Name,Gender,Age,Email,Event,Wave,Team", CRLF line ends, quoted
// fields where a value contains ',' or '"', and count runners with fictitious names
// (accents, apostrophes). Bibs are unique and always include "0042", "1234", "A-17",
// "0007" and "2718", which other tests and demos look up. The rest mix plain numbers,
// zero-padded numbers and lettered bibs such as "C-204".
//
// The same count and seed give the same bytes with any standard library, because only the
// raw std::mt19937 output is used. Throws std::invalid_argument when count is outside
// MinDemoRunners to MaxDemoRunners.
std::string makeDemoRosterCsv(int count, unsigned seed);

}  // namespace chillnode
