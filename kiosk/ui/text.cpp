#include "ui/text.hpp"

#include <array>
#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <libintl.h>

// GNU gettext caches translations. Incrementing this counter after changing LANGUAGE makes
// it look the catalog up again, the method the gettext manual gives for language switches.
extern "C" int _nl_msg_cat_cntr;

namespace chillnode::ui {

namespace {

constexpr const char* Domain = "chillnode";

constexpr std::array<Language, 2> Languages = {{
    {"en", "English"},
    {"es", "Español"},
}};

std::string g_language = "en";

}  // namespace

std::span<const Language> languages() {
  return Languages;
}

bool initText(const std::string& localeDir, std::string_view languageCode) {
  // gettext ignores LANGUAGE in the "C" locale, which is what a service started by
  // systemd or CI gets; C.UTF-8 always exists in glibc and lets LANGUAGE work.
  std::setlocale(LC_ALL, "");
  const char* messages = std::setlocale(LC_MESSAGES, nullptr);
  if (!messages || std::string_view(messages) == "C" || std::string_view(messages) == "POSIX") {
    std::setlocale(LC_MESSAGES, "C.UTF-8");
  }
  // Numbers in config and logs keep the C format whatever the locale.
  std::setlocale(LC_NUMERIC, "C");
  bindtextdomain(Domain, localeDir.c_str());
  bind_textdomain_codeset(Domain, "UTF-8");
  setLanguage(languageCode);
  return std::filesystem::is_directory(localeDir);
}

void setLanguage(std::string_view languageCode) {
  g_language = "en";
  for (const Language& language : Languages) {
    if (languageCode == language.code) g_language = language.code;
  }
  setenv("LANGUAGE", g_language.c_str(), 1);
  ++_nl_msg_cat_cntr;
}

const std::string& currentLanguage() {
  return g_language;
}

const char* tr(const char* msgid) {
  return dgettext(Domain, msgid);
}

std::string formatText(const char* translatedTemplate, const std::string& value) {
  std::string text = translatedTemplate;
  std::size_t at = text.find("{}");
  if (at != std::string::npos) text.replace(at, 2, value);
  return text;
}

}  // namespace chillnode::ui
