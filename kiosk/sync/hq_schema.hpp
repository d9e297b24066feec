#pragma once
// The SQL that sets up the race HQ database and its unit roles.

#include <optional>
#include <string>

namespace chillnode {

// Returns the schema script: the chillnode.events table, the group roles, row-level
// security, and the reporting views. It runs in one transaction and can run again to
// update the views, keeping the data.
std::string hqSchemaSql();

// Unit role names must be valid unit ids that PostgreSQL accepts as role names: 1 to 63
// letters, digits, '-', '_' or '.', not starting with "pg_", and not a chillnode group role.
// Returns nullopt when name is valid, else why not.
std::optional<std::string> checkHqUnitName(const std::string& name);

// Returns the statements that create one unit's login role in the insert-only group, with
// the given password, or, when password is empty, with the psql variable :'password' in
// its place (run it as psql -v password=...). Also prints, as SQL comments, the [hq] lines
// for the unit's config. name must pass checkHqUnitName.
std::string hqAddUnitSql(const std::string& name, const std::string& password);

// A random password of 24 letters and digits (about 142 bits) from libsodium, safe inside
// a URI and an SQL string literal. libsodium must be initialized.
std::string generateHqPassword();

}  // namespace chillnode
