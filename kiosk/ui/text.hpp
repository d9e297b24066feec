#pragma once
// Screen text from gettext catalogs (the "chillnode" domain). Message ids are the English text.

#include <span>
#include <string>
#include <string_view>

namespace chillnode::ui {

struct Language {
  const char* code;        // catalog code, e.g. "es"
  const char* nativeName;  // the language's name in itself, shown on the language button
};

// Languages with a catalog, English first.
std::span<const Language> languages();

// Binds the catalog folder (holding LANG/LC_MESSAGES/chillnode.mo) and selects a language.
// Returns false when the folder is missing; English text is shown then.
bool initText(const std::string& localeDir, std::string_view languageCode);

// Switches every later tr() call to the language; unknown codes fall back to English.
void setLanguage(std::string_view languageCode);
const std::string& currentLanguage();

// Translates an English message id in the current language.
const char* tr(const char* msgid);

// Returns the translated template with its "{}" replaced by value. Whole sentences are
// translated with the placeholder in them, because word order differs between languages.
std::string formatText(const char* translatedTemplate, const std::string& value);

}  // namespace chillnode::ui
